//! The front desk's registers for a month — 走访登记表, 投诉登记表 (with each clock's
//! outcome), 报修登记表 — and the work order (派工单) the technician carries: two copies on one
//! A4, cut in half, with signature lines for technician and owner.

use super::{Align, Block, Column, Document, Table};
use crate::db::complaints::ComplaintRow;
use crate::db::repairs::RepairRow;
use crate::db::settings::OfficeSettings;
use crate::db::visits::{TargetRow, VisitRow};
use crate::domain::calendar::WorkCalendar;
use crate::domain::complaints::ClockRules;
use crate::domain::date::doc_date;
use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::error::Result;
use chrono::NaiveDateTime;

fn when(t: NaiveDateTime) -> String {
    t.format("%m-%d %H:%M").to_string()
}

fn meta(office: &OfficeSettings, month: Period, now: NaiveDateTime) -> Block {
    Block::Meta(format!(
        "小区：{}　　月份：{}　　打印日期：{}",
        office.estate_name,
        month.doc(),
        doc_date(now.date())
    ))
}

pub fn visit_register_document(
    office: &OfficeSettings,
    month: Period,
    visits: &[VisitRow],
    targets: &[TargetRow],
    now: NaiveDateTime,
) -> Document {
    let columns = vec![
        Column::new("序号", 0.4, Align::Center),
        Column::new("时间", 0.8, Align::Center),
        Column::new("房屋", 1.3, Align::Left),
        Column::new("业主", 0.6, Align::Left),
        Column::new("走访人", 0.6, Align::Left),
        Column::new("类型", 0.8, Align::Left),
        Column::new("内容", 2.0, Align::Left),
        Column::new("业主意见", 1.5, Align::Left),
        Column::new("满意度", 0.6, Align::Center),
        Column::new("跟进", 0.7, Align::Center),
        Column::new("照片", 0.4, Align::Center),
        Column::new("签字", 0.4, Align::Center),
    ];
    let rows = visits
        .iter()
        .enumerate()
        .map(|(i, v)| {
            vec![
                (i + 1).to_string(),
                when(v.at),
                v.unit.clone(),
                v.owner.clone(),
                v.staff.clone(),
                v.kind.clone(),
                v.content.clone(),
                v.opinion.clone(),
                v.satisfaction
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                match (v.follow_up, v.follow_up_done_on) {
                    (false, _) => String::new(),
                    (true, Some(d)) => format!("已跟进\n{}", d.format("%m-%d")),
                    (true, None) => "待跟进".into(),
                },
                if v.photos.is_empty() { "无" } else { "有" }.into(),
                if v.signed { "是" } else { "否" }.into(),
            ]
        })
        .collect();
    let summary: Vec<String> = targets
        .iter()
        .map(|t| {
            let what = if t.front_desk() {
                "主动沟通"
            } else {
                "走访"
            };
            let unit = if t.front_desk() { "次" } else { "户" };
            let mut s = format!(
                "{} {what} {} {unit}（目标 {}）",
                t.staff,
                t.done(),
                t.target
            );
            if t.shortfall() > 0 {
                s.push_str(&format!("，差 {}", t.shortfall()));
            }
            if t.tally.incomplete > 0 {
                s.push_str(&format!("，记录不完整 {} 份", t.tally.incomplete));
            }
            s
        })
        .collect();
    Document {
        landscape: true,
        header: office.office_name.clone(),
        title: format!("{} 走访登记表", month.doc()),
        blocks: vec![
            Block::Title("走访登记表".into()),
            meta(office, month, now),
            Block::Spacer(2.0),
            Block::Table(Table {
                columns,
                rows,
                total: None,
            }),
            Block::Paragraph(format!(
                "本月走访 {} 条。{}",
                visits.len(),
                summary.join("；")
            )),
            Block::Signatures(vec!["制表".into(), "客服主管".into(), "日期".into()]),
        ],
    }
}

pub fn complaint_register_document(
    office: &OfficeSettings,
    month: Period,
    rows: &[ComplaintRow],
    rules: &ClockRules,
    cal: &WorkCalendar,
    now: NaiveDateTime,
) -> Document {
    let columns = vec![
        Column::new("编号", 0.4, Align::Center),
        Column::new("受理时间", 0.8, Align::Center),
        Column::new("渠道", 0.5, Align::Center),
        Column::new("房屋/投诉人", 1.3, Align::Left),
        Column::new("投诉内容", 2.2, Align::Left),
        Column::new("责任部门/处理人", 1.1, Align::Left),
        Column::new("有效", 0.7, Align::Center),
        Column::new("首次回复", 1.0, Align::Left),
        Column::new("办结", 1.0, Align::Left),
        Column::new("回访", 1.0, Align::Left),
        Column::new("回访结果", 0.6, Align::Center),
    ];
    let lines = rows
        .iter()
        .map(|c| {
            let clocks = c.clocks(rules, cal, now);
            let at = |t: Option<NaiveDateTime>, s: &crate::domain::complaints::ClockState| match t {
                Some(t) => format!("{}\n{}", when(t), s.text()),
                None => s.text(),
            };
            vec![
                c.id.to_string(),
                when(c.times.received),
                c.channel.as_str().into(),
                format!("{}\n{}", c.unit, c.complainant),
                c.content.clone(),
                format!("{}\n{}", c.department, c.handler),
                match c.valid {
                    Some(true) => "有效",
                    Some(false) => "无效",
                    None => "待认定",
                }
                .into(),
                at(c.times.first_reply, &clocks[0].1),
                at(c.times.resolved, &clocks[1].1),
                at(c.times.revisited, &clocks[2].1),
                c.revisit_result
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let late = rows
        .iter()
        .filter(|c| c.clocks(rules, cal, now).iter().any(|(_, s)| s.is_late()))
        .count();
    let valid = rows.iter().filter(|c| c.valid == Some(true)).count();
    let revisited = rows.iter().filter(|c| c.times.revisited.is_some()).count();
    let resolved = rows
        .iter()
        .filter(|c| c.times.resolved.is_some())
        .count()
        .max(1);
    Document {
        landscape: true,
        header: office.office_name.clone(),
        title: format!("{} 投诉登记表", month.doc()),
        blocks: vec![
            Block::Title("投诉登记表".into()),
            meta(office, month, now),
            Block::Small(format!(
                "时限：首次回复 {} 小时，办结 {} 小时（复杂情况按约定时间），办结后回访 {}；状态截至 {}。",
                rules.first_reply_hours,
                rules.resolve_hours,
                rules.revisit.text(),
                now.format("%Y-%m-%d %H:%M")
            )),
            Block::Table(Table {
                columns,
                rows: lines,
                total: None,
            }),
            Block::Paragraph(format!(
                "本月受理 {} 件，有效投诉 {valid} 件，超时 {late} 件，已回访 {revisited} 件（回访率 {}%）。",
                rows.len(),
                revisited * 100 / resolved
            )),
            Block::Signatures(vec!["制表".into(), "客服主管".into(), "日期".into()]),
        ],
    }
}

pub fn repair_register_document(
    office: &OfficeSettings,
    month: Period,
    rows: &[RepairRow],
    now: NaiveDateTime,
) -> Document {
    let columns = vec![
        Column::new("单号", 0.4, Align::Center),
        Column::new("报修时间", 0.8, Align::Center),
        Column::new("房屋/报修人", 1.3, Align::Left),
        Column::new("内容", 2.0, Align::Left),
        Column::new("类别", 0.6, Align::Center),
        Column::new("预约", 0.8, Align::Center),
        Column::new("维修人", 0.6, Align::Left),
        Column::new("完成", 0.8, Align::Center),
        Column::new("结果", 1.3, Align::Left),
        Column::new("费用", 0.6, Align::Right),
        Column::new("状态", 0.6, Align::Center),
        Column::new("回访", 0.7, Align::Center),
    ];
    let lines = rows
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                when(r.reported),
                format!("{}\n{}", r.unit, r.caller),
                r.content.clone(),
                format!("{}\n{}", r.category, if r.paid { "有偿" } else { "无偿" }),
                r.appointment.map(when).unwrap_or_default(),
                r.technician.clone().unwrap_or_default(),
                match (r.completed, r.on_time()) {
                    (Some(c), Some(true)) => format!("{}\n及时", when(c)),
                    (Some(c), _) => format!("{}\n超时", when(c)),
                    (None, _) => String::new(),
                },
                if r.reason.is_empty() {
                    r.result.clone()
                } else {
                    format!("{}（{}）", r.result, r.reason)
                },
                if r.charge_fen > 0 {
                    Money(r.charge_fen).grouped()
                } else {
                    String::new()
                },
                r.state.as_str().into(),
                r.satisfaction
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let done: Vec<&RepairRow> = rows.iter().filter(|r| r.completed.is_some()).collect();
    let on_time = done.iter().filter(|r| r.on_time() == Some(true)).count();
    let revisited = rows.iter().filter(|r| r.revisited.is_some()).count();
    Document {
        landscape: true,
        header: office.office_name.clone(),
        title: format!("{} 报修登记表", month.doc()),
        blocks: vec![
            Block::Title("住户报修登记表".into()),
            meta(office, month, now),
            Block::Spacer(2.0),
            Block::Table(Table {
                columns,
                rows: lines,
                total: None,
            }),
            Block::Paragraph(format!(
                "本月报修 {} 件，已完成 {} 件，其中按时完成 {on_time} 件（及时率 {}%），已回访 {revisited} 件。",
                rows.len(),
                done.len(),
                on_time * 100 / done.len().max(1)
            )),
            Block::Signatures(vec!["制表".into(), "工程主管".into(), "日期".into()]),
        ],
    }
}

/// One copy of the work order: the call, the dispatch chain, and lines for the technician to
/// fill in and the owner to sign.
fn work_order_copy(
    r: &RepairRow,
    steps: &[(NaiveDateTime, String, String, String)],
    copy: &str,
) -> Vec<Block> {
    let columns = vec![
        Column::new("项目", 1.0, Align::Left),
        Column::new("内容", 3.0, Align::Left),
        Column::new("项目", 1.0, Align::Left),
        Column::new("内容", 3.0, Align::Left),
    ];
    let chain: Vec<String> = steps
        .iter()
        .filter(|s| s.1 == "派工" || s.1 == "转派")
        .map(|s| format!("{} {}", when(s.0), s.2))
        .collect();
    let blank = "　".to_string();
    let rows = vec![
        vec![
            "报修时间".into(),
            r.reported.format("%Y-%m-%d %H:%M").to_string(),
            "预约时间".into(),
            r.appointment
                .map(|a| a.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
        ],
        vec![
            "房屋".into(),
            r.unit.clone(),
            "报修人/电话".into(),
            format!("{} {}", r.caller, r.phone),
        ],
        vec![
            "类别".into(),
            format!("{}（{}）", r.category, if r.paid { "有偿" } else { "无偿" }),
            "维修人".into(),
            r.technician.clone().unwrap_or_default(),
        ],
        vec![
            "报修内容".into(),
            r.content.clone(),
            "派工".into(),
            chain.join("；"),
        ],
        vec![
            "到场时间".into(),
            blank.clone(),
            "完工时间".into(),
            r.completed
                .map(|c| c.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
        ],
        vec![
            "维修结果".into(),
            if r.result.is_empty() {
                blank.clone()
            } else {
                r.result.clone()
            },
            "材料/费用".into(),
            if r.charge_fen > 0 {
                format!("{} ¥{}", r.materials, Money(r.charge_fen).grouped())
            } else {
                r.materials.clone()
            },
        ],
        vec![
            "业主评价".into(),
            "□满意　□基本满意　□不满意".into(),
            "备注".into(),
            blank,
        ],
    ];
    vec![
        Block::Title(format!("维修派工单（{copy}）")),
        Block::Meta(format!("单号：{}　　状态：{}", r.id, r.state)),
        Block::Table(Table {
            columns,
            rows,
            total: None,
        }),
        Block::Signatures(vec!["维修人".into(), "业主".into(), "日期".into()]),
    ]
}

pub fn work_order_document(
    office: &OfficeSettings,
    r: &RepairRow,
    steps: &[(NaiveDateTime, String, String, String)],
) -> Document {
    let mut blocks = work_order_copy(r, steps, "维修人联");
    blocks.push(Block::Spacer(4.0));
    blocks.push(Block::Small(
        "－－－－－－－－－－－－－－－－－－ 沿此线裁开 －－－－－－－－－－－－－－－－－－"
            .into(),
    ));
    blocks.push(Block::Spacer(4.0));
    blocks.extend(work_order_copy(r, steps, "存根联"));
    Document {
        landscape: false,
        header: office.office_name.clone(),
        title: format!("维修派工单 {}", r.id),
        blocks,
    }
}

/// What the front desk prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    Visits,
    Complaints,
    Repairs,
}

impl Register {
    pub fn title(self) -> &'static str {
        match self {
            Register::Visits => "走访登记表",
            Register::Complaints => "投诉登记表",
            Register::Repairs => "报修登记表",
        }
    }
}

/// Prints a month's register; returns the number of pages.
pub fn print_register(
    conn: &rusqlite::Connection,
    which: Register,
    month: Period,
    out: &std::path::Path,
    now: NaiveDateTime,
) -> Result<usize> {
    let office = crate::db::settings::load_office(conn)?;
    let doc = match which {
        Register::Visits => visit_register_document(
            &office,
            month,
            &crate::db::visits::month_visits(conn, month)?,
            &crate::db::visits::month_targets(conn, month)?,
            now,
        ),
        Register::Complaints => complaint_register_document(
            &office,
            month,
            &crate::db::complaints::month_complaints(conn, month)?,
            &crate::db::complaints::clock_rules(conn)?,
            &crate::db::complaints::calendar(conn)?,
            now,
        ),
        Register::Repairs => repair_register_document(
            &office,
            month,
            &crate::db::repairs::month_repairs(conn, month)?,
            now,
        ),
    };
    let (bytes, pages) = super::render(&doc, now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}

/// Prints one work order (two copies on one A4); returns the number of pages.
pub fn print_work_order(
    conn: &rusqlite::Connection,
    id: i64,
    out: &std::path::Path,
    now: NaiveDateTime,
) -> Result<usize> {
    let office = crate::db::settings::load_office(conn)?;
    let r = crate::db::repairs::repair(conn, id)?;
    let steps = crate::db::repairs::steps(conn, id)?;
    let (bytes, pages) = super::render(&work_order_document(&office, &r, &steps), now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}
