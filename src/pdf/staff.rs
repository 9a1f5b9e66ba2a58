//! 员工花名册 and 员工档案卡.

use super::{Align, Block, Column, Document, Table};
use crate::db::settings::OfficeSettings;
use crate::db::staff::{StaffRow, StaffTraining};
use crate::domain::date::{doc_date, iso};
use crate::domain::staff::{StaffRules, cert_status, hours_text, staff_flags};
use crate::error::{Error, Result};
use chrono::NaiveDate;

fn date(d: Option<NaiveDate>) -> String {
    d.map(iso).unwrap_or_default()
}

/// What the roster's last column says about a person's certificates and training.
fn flags_text(s: &StaffRow, today: NaiveDate, rules: StaffRules) -> String {
    let flags = staff_flags(&s.facts(), today, rules);
    flags
        .iter()
        .map(|f| f.label())
        .collect::<Vec<_>>()
        .join("；")
}

/// The roster of active staff (and leavers when `include_left`), by department.
pub fn roster_document(
    office: &OfficeSettings,
    staff: &[StaffRow],
    include_left: bool,
    today: NaiveDate,
    rules: StaffRules,
) -> Document {
    let listed: Vec<&StaffRow> = staff
        .iter()
        .filter(|s| include_left || s.active())
        .collect();
    let active = listed.iter().filter(|s| s.active()).count();
    let mut columns = vec![
        Column::new("序号", 0.45, Align::Center),
        Column::new("姓名", 0.85, Align::Left),
        Column::new("性别", 0.45, Align::Center),
        Column::new("部门", 1.3, Align::Left),
        Column::new("岗位", 1.2, Align::Left),
        Column::new("入职日期", 1.4, Align::Center),
        Column::new("电话", 1.5, Align::Left),
        Column::new("证书与培训", 2.0, Align::Left),
    ];
    if include_left {
        columns.push(Column::new("状态", 1.4, Align::Center));
    }
    let rows = listed
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut row = vec![
                (i + 1).to_string(),
                s.name.clone(),
                s.gender.map(|g| g.as_str().to_string()).unwrap_or_default(),
                s.department.clone(),
                s.position.clone(),
                date(s.hire_date),
                s.phone.clone(),
                flags_text(s, today, rules),
            ];
            if include_left {
                row.push(match s.leave_date {
                    Some(d) if !s.active() => format!("离职\n{}", iso(d)),
                    _ => s.state.to_string(),
                });
            }
            row
        })
        .collect();
    let mut total = vec![String::new(); columns.len()];
    total[1] = "合计".into();
    total[3] = format!("{} 人", listed.len());
    total[4] = format!("在职 {active} 人");
    Document {
        landscape: false,
        header: office.office_name.clone(),
        title: "员工花名册".into(),
        blocks: vec![
            Block::Title("员工花名册".into()),
            Block::Meta(format!(
                "小区：{}　　在职：{active} 人{}　　制表日期：{}",
                office.estate_name,
                if include_left {
                    format!("　　离职：{} 人", listed.len() - active)
                } else {
                    String::new()
                },
                doc_date(today)
            )),
            Block::Spacer(2.0),
            Block::Table(Table {
                columns,
                rows,
                total: Some(total),
            }),
            Block::Paragraph(format!(
                "说明：“证书与培训”列列出已过期、{} 天内到期或岗位要求而缺少的证书，以及未完成入职培训的新员工。",
                rules.cert_warn_days
            )),
            Block::Signatures(vec!["制表人".into(), "审核人".into(), "日期".into()]),
        ],
    }
}

/// One person's file card: particulars, certificates, training history, signatures.
/// The staff card; the ID number in full only for the manager (`full_id`), masked
/// (`110101********1234`) for everyone else.
pub fn card_document(
    office: &OfficeSettings,
    s: &StaffRow,
    trainings: &[StaffTraining],
    today: NaiveDate,
    rules: StaffRules,
    full_id: bool,
) -> Document {
    let pair = |a: &str, b: String, c: &str, d: String| vec![a.to_string(), b, c.to_string(), d];
    let particulars = Table {
        columns: vec![
            Column::new("项目", 0.9, Align::Left),
            Column::new("内容", 1.6, Align::Left),
            Column::new("项目", 0.9, Align::Left),
            Column::new("内容", 1.6, Align::Left),
        ],
        rows: vec![
            pair(
                "姓名",
                s.name.clone(),
                "性别",
                s.gender.map(|g| g.as_str().to_string()).unwrap_or_default(),
            ),
            pair(
                "出生日期",
                date(s.birth_date),
                "身份证号",
                if full_id {
                    s.id_number.clone()
                } else {
                    crate::domain::person::mask_id_number(&s.id_number)
                },
            ),
            pair("部门", s.department.clone(), "岗位", s.position.clone()),
            pair(
                "入职日期",
                date(s.hire_date),
                "状态",
                match s.leave_date {
                    Some(d) if !s.active() => format!("离职（{}）", iso(d)),
                    _ => s.state.to_string(),
                },
            ),
            pair(
                "联系电话",
                s.phone.clone(),
                "紧急联系人",
                [s.emergency_contact.as_str(), s.emergency_phone.as_str()]
                    .iter()
                    .filter(|v| !v.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            pair(
                "岗位要求证书",
                if s.required.is_empty() {
                    "无".into()
                } else {
                    s.required.join("、")
                },
                "备注",
                s.notes.clone(),
            ),
        ],
        total: None,
    };
    let none_row = |n: usize| {
        let mut r = vec![String::new(); n];
        r[0] = "（无）".into();
        vec![r]
    };
    let mut cert_rows: Vec<Vec<String>> = s
        .certs
        .iter()
        .map(|c| {
            vec![
                c.kind.clone(),
                c.number.clone(),
                c.issuer.clone(),
                date(c.issue_date),
                c.expiry_date.map(iso).unwrap_or_else(|| "长期有效".into()),
                cert_status(c.expiry_date, today, rules.cert_warn_days).label(),
            ]
        })
        .collect();
    if cert_rows.is_empty() {
        cert_rows = none_row(6);
    }
    let mut training_rows: Vec<Vec<String>> = trainings
        .iter()
        .map(|t| {
            vec![
                iso(t.date),
                t.course.clone(),
                t.kind.to_string(),
                hours_text(t.hours_tenths),
                t.trainer.clone(),
                t.result.to_string(),
            ]
        })
        .collect();
    if training_rows.is_empty() {
        training_rows = none_row(6);
    }
    let total_hours: i64 = trainings
        .iter()
        .filter(|t| t.result.attended())
        .map(|t| t.hours_tenths)
        .sum();
    let flags = flags_text(s, today, rules);
    let mut blocks = vec![
        Block::Title("员工档案卡".into()),
        Block::Meta(format!(
            "小区：{}　　部门：{}　　打印日期：{}",
            office.estate_name,
            s.department,
            doc_date(today)
        )),
        Block::Spacer(2.0),
        Block::Table(particulars),
        Block::Spacer(3.0),
        Block::Paragraph("岗位证书".into()),
        Block::Table(Table {
            columns: vec![
                Column::new("证书类别", 1.5, Align::Left),
                Column::new("证号", 1.2, Align::Left),
                Column::new("发证机关", 1.3, Align::Left),
                Column::new("发证日期", 1.0, Align::Center),
                Column::new("有效期至", 1.0, Align::Center),
                Column::new("状态", 1.0, Align::Center),
            ],
            rows: cert_rows,
            total: None,
        }),
        Block::Spacer(3.0),
        Block::Paragraph(format!(
            "培训记录（参加 {} 次，合计 {} 学时）",
            trainings.iter().filter(|t| t.result.attended()).count(),
            hours_text(total_hours)
        )),
        Block::Table(Table {
            columns: vec![
                Column::new("日期", 1.0, Align::Center),
                Column::new("课程", 2.0, Align::Left),
                Column::new("类别", 0.9, Align::Center),
                Column::new("学时", 0.6, Align::Right),
                Column::new("培训人", 0.9, Align::Left),
                Column::new("结果", 0.7, Align::Center),
            ],
            rows: training_rows,
            total: None,
        }),
    ];
    if !flags.is_empty() {
        blocks.push(Block::Paragraph(format!("需处理：{flags}")));
    }
    blocks.push(Block::Signatures(vec![
        "本人签字".into(),
        "部门负责人".into(),
        "日期".into(),
    ]));
    Document {
        landscape: false,
        header: office.office_name.clone(),
        title: format!("员工档案卡 {}", s.name),
        blocks,
    }
}

/// `print roster-staff`: returns the number of pages.
pub fn print_roster(
    conn: &rusqlite::Connection,
    include_left: bool,
    out: &std::path::Path,
    now: chrono::NaiveDateTime,
) -> Result<usize> {
    let staff = crate::db::staff::list_staff(conn)?;
    if !staff.iter().any(|s| include_left || s.active()) {
        return Err(Error::invalid(
            "没有在职员工，花名册为空。请先导入或新增员工。",
        ));
    }
    let office = crate::db::settings::load_office(conn)?;
    let rules = crate::db::settings::load_staff_settings(conn)?.rules;
    let doc = roster_document(&office, &staff, include_left, now.date(), rules);
    let (bytes, pages) = super::render(&doc, now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}

/// One file card; returns the number of pages.
pub fn print_card(
    conn: &rusqlite::Connection,
    staff_id: i64,
    out: &std::path::Path,
    now: chrono::NaiveDateTime,
    full_id: bool,
) -> Result<usize> {
    let staff = crate::db::staff::get_staff(conn, staff_id)?;
    let trainings = crate::db::staff::staff_trainings(conn, staff_id)?;
    let office = crate::db::settings::load_office(conn)?;
    let rules = crate::db::settings::load_staff_settings(conn)?.rules;
    let doc = card_document(&office, &staff, &trainings, now.date(), rules, full_id);
    let (bytes, pages) = super::render(&doc, now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}
