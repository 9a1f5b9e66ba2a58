//! Notices from templates (通知/公告): one A4 page (or more) per copy, each with its title,
//! reference number, text, and the office's 落款 with the seal's place and the date.

use super::{Block, Document};
use crate::db::notices::{NoticeDraft, NoticeRow};
use crate::db::settings::OfficeSettings;
use crate::domain::date::doc_date;
use crate::domain::notices::{self as n, Filled, Para, Target};
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

/// The values of one copy: the notice's fields, then what the program knows (the estate, the
/// office, the copy's targets, the number, the date); the office's phone unless the clerk
/// wrote another.
pub fn copy_values(
    office: &OfficeSettings,
    row: &NoticeRow,
    copy: &[Target],
) -> BTreeMap<String, String> {
    let mut v: BTreeMap<String, String> = row
        .fields
        .iter()
        .map(|f| (f.name.clone(), f.text.clone()))
        .collect();
    v.entry(n::PHONE_FIELD.into())
        .or_insert_with(|| office.office_phone.clone());
    v.entry("小区".into())
        .or_insert_with(|| office.estate_name.clone());
    v.entry("管理处".into())
        .or_insert_with(|| office.office_name.clone());
    let estate = v.get("小区").cloned().unwrap_or_default();
    v.insert("楼栋".into(), n::targets_text(copy, &estate));
    v.insert(
        "文号".into(),
        if row.number.is_empty() {
            "（发出时编号）".into()
        } else {
            row.number.clone()
        },
    );
    v.insert("发文日期".into(), n::date_text(row.issued_on));
    v
}

/// The copies a notice prints: one per entrance when asked, else one for all its targets.
pub fn copies(row: &NoticeRow) -> Vec<Vec<Target>> {
    if row.per_entrance && !row.copies.is_empty() {
        row.copies.iter().map(|c| vec![c.clone()]).collect()
    } else {
        vec![row.targets.clone()]
    }
}

/// The text of each copy, filled: refused, naming the field, if anything would print blank.
pub fn filled_copies(office: &OfficeSettings, row: &NoticeRow) -> Result<Vec<(String, Filled)>> {
    let t = row.template();
    copies(row)
        .into_iter()
        .map(|c| {
            let values = copy_values(office, row, &c);
            let f = n::fill(&t, &values).map_err(|e| {
                if e.contains(n::PHONE_FIELD) {
                    Error::invalid(format!("{e}（可在 设置 › 管理处 中填写联系电话）"))
                } else {
                    Error::invalid(e)
                }
            })?;
            Ok((n::targets_text(&c, &office.estate_name), f))
        })
        .collect()
}

/// The body of a filled text as blocks; `table` stands where `{欠费明细}` was. A notice for
/// the board prints `large`; a dunning notice (one per owner, with its table) at body size.
pub fn body_blocks(f: &Filled, table: Option<&Block>, large: bool) -> Vec<Block> {
    f.paras
        .iter()
        .filter_map(|p| match p {
            Para::Text(t) if t.trim().is_empty() => Some(Block::Spacer(3.0)),
            Para::Text(t) if large => Some(Block::Large(t.clone())),
            Para::Text(t) => Some(Block::Paragraph(t.clone())),
            Para::Table => table.cloned(),
        })
        .collect()
}

/// The 落款: the office with the seal's place, and the date, flush right (large on a
/// notice for the board, like its text).
pub fn closing(office: &OfficeSettings, on: chrono::NaiveDate, large: bool) -> Vec<Block> {
    vec![
        Block::Spacer(10.0),
        Block::Right {
            text: format!("{}（盖章）", office.office_name),
            large,
        },
        Block::Right {
            text: doc_date(on),
            large,
        },
    ]
}

/// The office as the notice was issued (its kept 小区/管理处/联系电话), else as set now.
fn office_of(office: &OfficeSettings, row: &NoticeRow) -> OfficeSettings {
    let kept = |name: &str, now: &str| {
        row.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.text.clone())
            .unwrap_or_else(|| now.to_string())
    };
    OfficeSettings {
        office_name: kept("管理处", &office.office_name),
        estate_name: kept("小区", &office.estate_name),
        office_phone: kept(n::PHONE_FIELD, &office.office_phone),
    }
}

pub fn notice_document(office: &OfficeSettings, row: &NoticeRow) -> Result<Document> {
    let office = &office_of(office, row);
    let copies = filled_copies(office, row)?;
    let mut blocks = Vec::new();
    for (i, (to, f)) in copies.iter().enumerate() {
        if i > 0 {
            blocks.push(Block::PageBreak);
        }
        blocks.push(Block::Title(f.title.clone()));
        if !row.number.is_empty() {
            blocks.push(Block::Right {
                text: row.number.clone(),
                large: false,
            });
        }
        if row.per_entrance {
            blocks.push(Block::Meta(format!("张贴位置：{to}")));
        }
        blocks.push(Block::Spacer(3.0));
        blocks.extend(body_blocks(f, None, true));
        blocks.extend(closing(office, row.issued_on, true));
    }
    let title = copies
        .first()
        .map(|(_, f)| f.title.clone())
        .unwrap_or_default();
    Ok(Document {
        landscape: false,
        header: office.office_name.clone(),
        title: format!("{title} {}", row.number),
        blocks,
    })
}

/// Issues a notice and writes its PDF (the number is taken only if the file is written).
pub fn issue_notice(
    conn: &rusqlite::Connection,
    d: &NoticeDraft,
    by: &str,
    out: &std::path::Path,
    now: NaiveDateTime,
) -> Result<(NoticeRow, usize)> {
    let office = crate::db::settings::load_office(conn)?;
    let mut pages = 0;
    let row = crate::db::notices::issue(conn, d, by, now, |row| {
        let (bytes, n) = super::render(&notice_document(&office, row)?, now)?;
        super::write_file(out, &bytes)?;
        pages = n;
        Ok(())
    })?;
    Ok((row, pages))
}

/// Prints an issued notice again, exactly as it was issued.
pub fn reprint_notice(
    conn: &rusqlite::Connection,
    id: i64,
    out: &std::path::Path,
    now: NaiveDateTime,
) -> Result<usize> {
    let office = crate::db::settings::load_office(conn)?;
    let row = crate::db::notices::notice(conn, id)?;
    let created =
        chrono::NaiveDateTime::parse_from_str(&row.created_at, "%Y-%m-%d %H:%M:%S").unwrap_or(now);
    let (bytes, pages) = super::render(&notice_document(&office, &row)?, created)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}
