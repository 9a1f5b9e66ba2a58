//! The archive's documents: 档案借阅登记表 for a period, the record of an inspection campaign,
//! the file index of a cabinet or box (卷内目录 style, one section per box), and box labels
//! (档案盒标签) on A4 label sheets.

use super::{Align, Block, Column, Document, Table};
use crate::db::archives::{CampaignRow, CheckRow, FileRow, RequestRow};
use crate::db::settings::OfficeSettings;
use crate::domain::date::doc_date;
use crate::error::{Error, Result};
use chrono::{NaiveDate, NaiveDateTime};

fn when(t: Option<NaiveDateTime>) -> String {
    t.map(|t| t.format("%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(crate::domain::date::iso).unwrap_or_default()
}

pub fn register_document(
    office: &OfficeSettings,
    from: NaiveDate,
    to: NaiveDate,
    rows: &[RequestRow],
    now: NaiveDateTime,
) -> Document {
    let columns = vec![
        Column::new("序号", 0.5, Align::Center),
        Column::new("申请时间", 0.8, Align::Center),
        Column::new("类型", 0.5, Align::Center),
        Column::new("档案号及题名", 2.4, Align::Left),
        Column::new("申请人", 0.6, Align::Left),
        Column::new("事由", 1.4, Align::Left),
        Column::new("审批", 0.9, Align::Left),
        Column::new("借出", 0.8, Align::Center),
        Column::new("应还", 0.8, Align::Center),
        Column::new("归还及状况", 1.2, Align::Left),
        Column::new("经办", 0.5, Align::Left),
        Column::new("状态", 0.7, Align::Center),
    ];
    let table_rows = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let files = r
                .files
                .iter()
                .map(|f| format!("{}《{}》", f.number, f.title))
                .collect::<Vec<_>>()
                .join("\n");
            let back = r
                .files
                .iter()
                .filter_map(|f| {
                    f.returned_at.map(|t| {
                        let mut s = format!("{} {}", t.format("%m-%d"), f.condition);
                        if !f.note.is_empty() {
                            s.push_str(&format!("（{}）", f.note));
                        }
                        if r.files.len() > 1 {
                            s = format!("{} {s}", f.number);
                        }
                        s
                    })
                })
                .collect::<Vec<_>>()
                .join("\n");
            let approval = match r.state {
                crate::domain::archives::RequestState::Refused => {
                    format!("{} 驳回：{}", r.approver, r.refusal)
                }
                _ if r.kind == crate::domain::archives::RequestKind::Audit => {
                    "公司检查，免审批".into()
                }
                _ if r.approver.is_empty() => "待审批".into(),
                _ => format!("{} {}", r.approver, when(r.decided_at)),
            };
            vec![
                (i + 1).to_string(),
                when(Some(r.requested_at)),
                r.kind.as_str().into(),
                files,
                r.requester.clone(),
                r.purpose.clone(),
                approval,
                when(r.handed_at),
                r.due_at.format("%m-%d").to_string(),
                back,
                r.handed_by.clone(),
                r.state_text(now),
            ]
        })
        .collect();
    let out = rows
        .iter()
        .filter(|r| r.state == crate::domain::archives::RequestState::Out)
        .count();
    let late = rows.iter().filter(|r| r.overdue(now)).count();
    Document {
        landscape: true,
        header: office.office_name.clone(),
        title: "档案借阅登记表".into(),
        blocks: vec![
            Block::Title("档案借阅登记表".into()),
            Block::Meta(format!(
                "小区：{}　　期间：{} 至 {}　　打印日期：{}",
                office.estate_name,
                doc_date(from),
                doc_date(to),
                doc_date(now.date())
            )),
            Block::Spacer(2.0),
            Block::Table(Table {
                columns,
                rows: table_rows,
                total: None,
            }),
            Block::Paragraph(format!(
                "本期申请 {} 份，其中尚未归还 {out} 份，逾期 {late} 份。查阅、借阅须经管理处经理批准（公司检查除外）。",
                rows.len()
            )),
            Block::Signatures(vec![
                "档案管理员".into(),
                "管理处经理".into(),
                "日期".into(),
            ]),
        ],
    }
}

pub fn print_register(
    conn: &rusqlite::Connection,
    from: NaiveDate,
    to: NaiveDate,
    out: &std::path::Path,
    now: NaiveDateTime,
) -> Result<usize> {
    if to < from {
        return Err(Error::invalid("--to 早于 --from。"));
    }
    let office = crate::db::settings::load_office(conn)?;
    let rows = crate::db::archives::requests_between(conn, from, to)?;
    write(&register_document(&office, from, to, &rows, now), out, now)
}

pub fn inspection_document(
    office: &OfficeSettings,
    c: &CampaignRow,
    checks: &[CheckRow],
    now: NaiveDateTime,
) -> Document {
    let columns = vec![
        Column::new("序号", 0.4, Align::Center),
        Column::new("档案号", 1.0, Align::Left),
        Column::new("题名", 2.0, Align::Left),
        Column::new("存放位置", 1.3, Align::Left),
        Column::new("结果", 0.8, Align::Center),
        Column::new("情况说明", 1.6, Align::Left),
        Column::new("检查人", 0.6, Align::Left),
        Column::new("日期", 0.8, Align::Center),
        Column::new("整改情况", 1.6, Align::Left),
    ];
    let rows = checks
        .iter()
        .enumerate()
        .map(|(i, k)| {
            vec![
                (i + 1).to_string(),
                k.number.clone(),
                k.title.clone(),
                k.location.clone(),
                k.result
                    .map(|r| r.as_str().to_string())
                    .unwrap_or_else(|| "未查".into()),
                k.note.clone(),
                k.inspector.clone(),
                day(k.checked_on),
                match (k.finding(), k.follow_up_done_on) {
                    (false, _) => String::new(),
                    (true, Some(d)) => format!("{}（{}）", k.follow_up, d.format("%m-%d")),
                    (true, None) => "待整改".into(),
                },
            ]
        })
        .collect();
    let count = |r: crate::domain::archives::Condition| {
        checks.iter().filter(|k| k.result == Some(r)).count()
    };
    use crate::domain::archives::Condition as C;
    let summary = format!(
        "应查 {} 份，已查 {} 份：完好 {}，缺损 {}，缺失 {}，位置不符 {}；待整改 {} 项。{}",
        checks.len(),
        checks.iter().filter(|k| k.result.is_some()).count(),
        count(C::Intact),
        count(C::Damaged),
        count(C::Missing),
        count(C::Misplaced),
        checks.iter().filter(|k| k.open_finding()).count(),
        match c.done_on {
            Some(d) => format!("检查于 {} 完成。", doc_date(d)),
            None => "检查尚未结束。".into(),
        }
    );
    Document {
        landscape: true,
        header: office.office_name.clone(),
        title: format!("{} 检查记录", c.name),
        blocks: vec![
            Block::Title("档案检查记录".into()),
            Block::Meta(format!(
                "检查：{}　　范围：{}　　计划：{} 至 {}　　打印日期：{}",
                c.name,
                c.scope,
                doc_date(c.starts_on),
                doc_date(c.due_on),
                doc_date(now.date())
            )),
            Block::Spacer(2.0),
            Block::Table(Table {
                columns,
                rows,
                total: None,
            }),
            Block::Paragraph(summary),
            Block::Signatures(vec![
                "检查人".into(),
                "档案管理员".into(),
                "管理处经理".into(),
            ]),
        ],
    }
}

pub fn print_inspection(
    conn: &rusqlite::Connection,
    campaign: &str,
    out: &std::path::Path,
    now: NaiveDateTime,
) -> Result<usize> {
    let office = crate::db::settings::load_office(conn)?;
    let c = crate::db::archives::campaign_by_name(conn, campaign)?;
    let checks = crate::db::archives::campaign_checks(conn, c.id)?;
    write(&inspection_document(&office, &c, &checks, now), out, now)
}

/// The files under `path`, grouped by the place that holds them, in path order.
fn by_place<'a>(files: &'a [FileRow], path: &str) -> Vec<(String, Vec<&'a FileRow>)> {
    let mut groups: std::collections::BTreeMap<String, Vec<&FileRow>> = Default::default();
    for f in files {
        if f.location == path || f.location.starts_with(&format!("{path}/")) {
            groups.entry(f.location.clone()).or_default().push(f);
        }
    }
    groups.into_iter().collect()
}

/// 卷内目录: for each box (or shelf) under the location, its files in number order.
pub fn index_document(
    office: &OfficeSettings,
    path: &str,
    files: &[FileRow],
    now: NaiveDateTime,
) -> Document {
    let mut blocks = vec![
        Block::Title("档案目录（卷内目录）".into()),
        Block::Meta(format!(
            "存放位置：{path}　　打印日期：{}",
            doc_date(now.date())
        )),
    ];
    let groups = by_place(files, path);
    let total: usize = groups.iter().map(|g| g.1.len()).sum();
    for (i, (place, list)) in groups.iter().enumerate() {
        if i > 0 {
            blocks.push(Block::Spacer(3.0));
        }
        let pages: i64 = list.iter().map(|f| f.pages).sum();
        blocks.push(Block::Paragraph(format!(
            "{place}：{} 份，{pages} 页",
            list.len()
        )));
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("序号", 0.4, Align::Center),
                Column::new("档案号", 1.1, Align::Left),
                Column::new("类别", 0.7, Align::Left),
                Column::new("题名", 2.2, Align::Left),
                Column::new("关联", 1.3, Align::Left),
                Column::new("密级", 0.5, Align::Center),
                Column::new("期限", 0.5, Align::Center),
                Column::new("页数", 0.5, Align::Right),
                Column::new("形成日期", 0.9, Align::Center),
                Column::new("备注", 0.9, Align::Left),
            ],
            rows: list
                .iter()
                .enumerate()
                .map(|(j, f)| {
                    vec![
                        (j + 1).to_string(),
                        f.number.clone(),
                        f.kind.clone(),
                        f.title.clone(),
                        f.related(),
                        f.secrecy.clone(),
                        f.retention.clone(),
                        f.pages.to_string(),
                        day(f.formed_on),
                        f.notes.clone(),
                    ]
                })
                .collect(),
            total: None,
        }));
    }
    blocks.push(Block::Paragraph(format!("合计 {total} 份。")));
    blocks.push(Block::Signatures(vec![
        "立卷人".into(),
        "检查人".into(),
        "日期".into(),
    ]));
    Document {
        landscape: true,
        header: office.office_name.clone(),
        title: format!("档案目录 {path}"),
        blocks,
    }
}

/// The files under `location` (which must exist, named if not), as their place's path and the
/// rows grouped by box — refused when the place holds none.
fn place_files(
    conn: &rusqlite::Connection,
    location: &str,
) -> Result<(OfficeSettings, String, Vec<FileRow>)> {
    let parts = crate::domain::archives::parse_location(location)
        .map_err(|e| Error::invalid(format!("--location：{e}")))?;
    let path = crate::domain::archives::location_path(&parts);
    // Refuses a location that does not exist, naming it.
    crate::db::archives::location_ids_under(conn, &path)?;
    let files = crate::db::archives::list_files(conn)?;
    if by_place(&files, &path).is_empty() {
        return Err(Error::invalid(format!("“{path}”中没有档案。")));
    }
    Ok((crate::db::settings::load_office(conn)?, path, files))
}

pub fn print_index(
    conn: &rusqlite::Connection,
    location: &str,
    out: &std::path::Path,
    now: NaiveDateTime,
) -> Result<usize> {
    let (office, path, files) = place_files(conn, location)?;
    write(&index_document(&office, &path, &files, now), out, now)
}

fn write(doc: &Document, out: &std::path::Path, now: NaiveDateTime) -> Result<usize> {
    let (bytes, pages) = super::render(doc, now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}

/// One label per place that holds files under the location: the place, the kinds, the range
/// of numbers, the count and the longest retention.
pub fn labels_document(office: &OfficeSettings, path: &str, files: &[FileRow]) -> Document {
    let labels = by_place(files, path)
        .into_iter()
        .map(|(place, list)| {
            let mut kinds: Vec<&str> = list.iter().map(|f| f.kind.as_str()).collect();
            kinds.dedup();
            kinds.sort();
            kinds.dedup();
            let first = list.first().map(|f| f.number.as_str()).unwrap_or("");
            let last = list.last().map(|f| f.number.as_str()).unwrap_or("");
            let keep = ["永久", "30年", "10年"]
                .into_iter()
                .find(|r| list.iter().any(|f| f.retention == *r))
                .unwrap_or("");
            let years: Vec<i32> = list
                .iter()
                .filter_map(|f| f.formed_on.map(|d| chrono::Datelike::year(&d)))
                .collect();
            let span = match (years.iter().min(), years.iter().max()) {
                (Some(a), Some(b)) if a == b => format!("{a} 年"),
                (Some(a), Some(b)) => format!("{a}—{b} 年"),
                _ => String::new(),
            };
            let mut lines = vec![
                kinds.join("、"),
                place.rsplit('/').next().unwrap_or(&place).to_string(),
                format!("档案号 {first} — {last}"),
                format!("共 {} 份　保管期限 {keep}", list.len()),
            ];
            if !span.is_empty() {
                lines.push(format!("形成年度 {span}"));
            }
            lines.push(place.clone());
            lines.push(office.office_name.clone());
            lines
        })
        .collect();
    Document {
        landscape: false,
        header: office.office_name.clone(),
        title: format!("档案盒标签 {path}"),
        blocks: vec![Block::Labels {
            columns: 2,
            rows: 4,
            labels,
        }],
    }
}

pub fn print_labels(
    conn: &rusqlite::Connection,
    location: &str,
    out: &std::path::Path,
    now: NaiveDateTime,
) -> Result<usize> {
    let (office, path, files) = place_files(conn, location)?;
    write(&labels_document(&office, &path, &files), out, now)
}
