//! 通知公告: the office's templates and the register of notices issued from them, with the
//! yearly reference numbers (gap-free: a number is taken in the same transaction that records
//! the notice, after its PDF is written).

use crate::domain::notices::{self as n, FieldValue, Target, Template};
use crate::domain::text::natural_cmp;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};

/// The setting: the prefix of reference numbers (`通字〔2026〕第012号`).
pub const PREFIX: &str = "notices.prefix";
pub const DEFAULT_PREFIX: &str = "通字";
const DUNNING_ROLE: &str = "催缴";

/// The prefix of reference numbers, `通字` unless the office set its own.
pub fn prefix(conn: &Connection) -> Result<String> {
    let p = super::settings::get(conn, PREFIX)?;
    Ok(if p.trim().is_empty() {
        DEFAULT_PREFIX.into()
    } else {
        p.trim().to_string()
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct TemplateRow {
    pub id: i64,
    pub template: Template,
    pub updated_at: String,
    pub updated_by: String,
}

/// The shipped templates a new (or newly upgraded) file starts with; a name the office
/// already uses is left alone.
pub fn seed_templates(conn: &Connection, now: NaiveDateTime) -> Result<()> {
    let at = now.format("%Y-%m-%d %H:%M:%S").to_string();
    for (i, t) in n::shipped().iter().enumerate() {
        conn.execute(
            "INSERT INTO notice_template(name, title, body, role, sort_order, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '') ON CONFLICT(name) DO NOTHING",
            params![
                t.name,
                t.title,
                t.body,
                t.dunning.then_some(DUNNING_ROLE),
                i as i64 + 1,
                at
            ],
        )?;
    }
    Ok(())
}

fn template_row(r: &rusqlite::Row) -> rusqlite::Result<TemplateRow> {
    Ok(TemplateRow {
        id: r.get(0)?,
        template: Template {
            name: r.get(1)?,
            title: r.get(2)?,
            body: r.get(3)?,
            dunning: r.get::<_, Option<String>>(4)?.is_some(),
        },
        updated_at: r.get(5)?,
        updated_by: r.get(6)?,
    })
}

const TEMPLATE_COLS: &str = "id, name, title, body, role, updated_at, updated_by";

pub fn templates(conn: &Connection) -> Result<Vec<TemplateRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {TEMPLATE_COLS} FROM notice_template ORDER BY sort_order, id"
    ))?;
    Ok(stmt
        .query_map([], template_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A template by its name (what the batch command line takes).
pub fn template_by_name(conn: &Connection, name: &str) -> Result<TemplateRow> {
    let found = super::row(
        conn,
        &format!("SELECT {TEMPLATE_COLS} FROM notice_template WHERE name = ?1"),
        [name.trim()],
        template_row,
    )
    .optional()?;
    match found {
        Some(t) => Ok(t),
        None => {
            let names: Vec<String> = templates(conn)?
                .into_iter()
                .map(|t| t.template.name)
                .collect();
            Err(Error::NotFound(format!(
                "通知模板“{}”（现有模板：{}）",
                name.trim(),
                names.join("、")
            )))
        }
    }
}

/// The dunning notice's template (the one the charging module prints from).
pub fn dunning_template(conn: &Connection) -> Result<Template> {
    let found = super::row(
        conn,
        &format!("SELECT {TEMPLATE_COLS} FROM notice_template WHERE role = ?1"),
        [DUNNING_ROLE],
        template_row,
    )
    .optional()?;
    Ok(found
        .map(|t| t.template)
        .unwrap_or_else(n::dunning_template))
}

/// Adds (`id` None) or changes a template. A change never touches notices already issued:
/// they keep their own copy of the text.
pub fn save_template(
    conn: &Connection,
    id: Option<i64>,
    t: &Template,
    by: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    let name = t.name.trim();
    let checked = Template {
        name: name.to_string(),
        title: t.title.trim().to_string(),
        body: t.body.trim_end().to_string(),
        dunning: t.dunning,
    };
    checked.check().map_err(Error::invalid)?;
    let tx = super::write_tx(conn)?;
    let taken: Option<i64> = super::row(
        &tx,
        "SELECT id FROM notice_template WHERE name = ?1",
        [name],
        |r| r.get(0),
    )
    .optional()?;
    if taken.is_some() && taken != id {
        return Err(Error::invalid(format!(
            "已有名为“{name}”的通知模板，请换一个名称"
        )));
    }
    let at = now.format("%Y-%m-%d %H:%M:%S").to_string();
    let id = match id {
        Some(id) => {
            // The dunning template's role is the template's, not the form's.
            let changed = tx.execute(
                "UPDATE notice_template SET name = ?2, title = ?3, body = ?4, updated_at = ?5,
                        updated_by = ?6 WHERE id = ?1",
                params![id, checked.name, checked.title, checked.body, at, by],
            )?;
            if changed == 0 {
                return Err(Error::NotFound(format!("通知模板（编号 {id}）")));
            }
            let role: Option<String> = super::row(
                &tx,
                "SELECT role FROM notice_template WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            if role.is_none() && checked.body.contains(&format!("{{{}}}", n::ARREARS_TABLE)) {
                return Err(Error::invalid(format!(
                    "字段{{{}}}只能用于催缴通知书",
                    n::ARREARS_TABLE
                )));
            }
            id
        }
        None => {
            if checked.dunning {
                return Err(Error::invalid("催缴通知书只有一份，可修改它的文字"));
            }
            tx.execute(
                "INSERT INTO notice_template(name, title, body, role, sort_order, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, NULL,
                         (SELECT coalesce(max(sort_order), 0) + 1 FROM notice_template), ?4, ?5)",
                params![checked.name, checked.title, checked.body, at, by],
            )?;
            tx.last_insert_rowid()
        }
    };
    tx.commit()?;
    Ok(id)
}

/// The estate's buildings with their entrances, in natural order (for targets and copies).
pub fn buildings(conn: &Connection) -> Result<Vec<(String, Vec<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.name, e.name FROM building b JOIN entrance e ON e.building_id = b.id",
    )?;
    let mut rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.sort_by(|a, b| natural_cmp(&a.0, &b.0).then_with(|| natural_cmp(&a.1, &b.1)));
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (b, e) in rows {
        match out.last_mut() {
            Some((last, es)) if *last == b => es.push(e),
            _ => out.push((b, vec![e])),
        }
    }
    Ok(out)
}

/// A notice as issued: its own copy of the template's text, the printed fields, the targets
/// and, when printed per entrance, the copies as the estate was then.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeRow {
    pub id: i64,
    pub year: i32,
    pub seq: i64,
    pub number: String,
    pub template_id: Option<i64>,
    pub template_name: String,
    pub title: String,
    pub body: String,
    pub fields: Vec<FieldValue>,
    pub targets: Vec<Target>,
    pub per_entrance: bool,
    pub copies: Vec<Target>,
    pub issued_on: NaiveDate,
    pub issued_by: String,
    pub created_at: String,
    pub copied_from: Option<i64>,
}

impl NoticeRow {
    /// The template as it was when the notice was issued.
    pub fn template(&self) -> Template {
        Template {
            name: self.template_name.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            dunning: false,
        }
    }

    /// The title as printed (a 一般通知's title is one of its fields).
    pub fn title_text(&self) -> String {
        match n::parse_text(&self.title) {
            Ok(pieces) => pieces
                .iter()
                .map(|p| match p {
                    n::Piece::Text(t) => t.clone(),
                    n::Piece::Field(f) => self
                        .fields
                        .iter()
                        .find(|v| v.name == *f)
                        .map(|v| v.text.clone())
                        .unwrap_or_default(),
                })
                .collect(),
            Err(_) => self.title.clone(),
        }
    }

    pub fn targets_text(&self, estate: &str) -> String {
        let t = n::targets_text(&self.targets, estate);
        if self.per_entrance {
            format!("{t}（按单元 {} 份）", self.copies.len())
        } else {
            t
        }
    }
}

/// What the clerk asks for: a template, its fields, where it goes.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeDraft {
    pub template_id: i64,
    pub inputs: Vec<(String, String)>,
    pub targets: Vec<Target>,
    pub per_entrance: bool,
    pub copied_from: Option<i64>,
}

/// Builds the notice a draft would issue (number not yet taken: `seq` 0) — for the preview
/// and as the first half of issuing. Refuses by name what cannot print.
pub fn prepare(
    conn: &Connection,
    d: &NoticeDraft,
    by: &str,
    now: NaiveDateTime,
) -> Result<NoticeRow> {
    let t = super::row(
        conn,
        &format!("SELECT {TEMPLATE_COLS} FROM notice_template WHERE id = ?1"),
        [d.template_id],
        template_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("通知模板（编号 {}）", d.template_id)))?;
    if t.template.dunning {
        return Err(Error::invalid(
            "催缴通知书按欠费房屋逐户打印：请在 收费台账 › 欠费与催缴 中打印，或用 print dunning",
        ));
    }
    let today = now.date();
    let mut fields = n::resolve_inputs(&t.template, &d.inputs, today).map_err(Error::invalid)?;
    // What the office's settings say today is kept with the notice (input left empty), so a
    // reprint reads as the notice did even after the office renames itself.
    let office = super::settings::load_office(conn)?;
    let mut keep = |name: &str, text: String| {
        if !fields.iter().any(|f| f.name == name) && !text.trim().is_empty() {
            fields.push(FieldValue {
                name: name.into(),
                input: String::new(),
                text,
            });
        }
    };
    keep("小区", office.estate_name);
    keep("管理处", office.office_name);
    keep(n::PHONE_FIELD, office.office_phone);
    if d.targets.is_empty() {
        return Err(Error::invalid("请选择通知的范围（全小区、楼栋或单元）"));
    }
    let copies = if d.per_entrance {
        let all = buildings(conn)?;
        let copies = n::entrances(&d.targets, &all);
        if copies.is_empty() {
            return Err(Error::invalid("所选范围内没有单元，无法按单元打印"));
        }
        copies
    } else {
        Vec::new()
    };
    Ok(NoticeRow {
        id: 0,
        year: today.year(),
        seq: 0,
        number: String::new(),
        template_id: Some(t.id),
        template_name: t.template.name,
        title: t.template.title,
        body: t.template.body,
        fields,
        targets: d.targets.clone(),
        per_entrance: d.per_entrance,
        copies,
        issued_on: today,
        issued_by: by.trim().to_string(),
        created_at: now.format("%Y-%m-%d %H:%M:%S").to_string(),
        copied_from: d.copied_from,
    })
}

/// Issues a notice: takes the year's next number, hands the finished notice to `print` (which
/// writes the PDF), and records it — all in one transaction, so a print that fails takes no
/// number and leaves no record.
pub fn issue(
    conn: &Connection,
    d: &NoticeDraft,
    by: &str,
    now: NaiveDateTime,
    print: impl FnOnce(&NoticeRow) -> Result<()>,
) -> Result<NoticeRow> {
    let mut row = prepare(conn, d, by, now)?;
    if row.issued_by.is_empty() {
        return Err(Error::invalid("请写明发文人（经办）"));
    }
    let tx = super::write_tx(conn)?;
    let seq: i64 = super::row(
        &tx,
        "SELECT coalesce(max(seq), 0) + 1 FROM notice WHERE year = ?1",
        [row.year],
        |r| r.get(0),
    )?;
    row.seq = seq;
    row.number = n::reference(&prefix(&tx)?, row.year, seq);
    tx.execute(
        "INSERT INTO notice(year, seq, number, template_id, template_name, title, body, fields,
                            targets, per_entrance, copies, issued_on, issued_by, created_at,
                            copied_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            row.year,
            row.seq,
            row.number,
            row.template_id,
            row.template_name,
            row.title,
            row.body,
            to_json(&row.fields)?,
            to_json(&row.targets)?,
            row.per_entrance,
            to_json(&row.copies)?,
            row.issued_on.format("%Y-%m-%d").to_string(),
            row.issued_by,
            row.created_at,
            row.copied_from
        ],
    )?;
    row.id = tx.last_insert_rowid();
    print(&row)?;
    tx.commit()?;
    Ok(row)
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::invalid(format!("内部错误：{e}")))
}

fn from_json<T: serde::de::DeserializeOwned>(s: String) -> rusqlite::Result<T> {
    serde_json::from_str(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn notice_row(r: &rusqlite::Row) -> rusqlite::Result<NoticeRow> {
    Ok(NoticeRow {
        id: r.get(0)?,
        year: r.get(1)?,
        seq: r.get(2)?,
        number: r.get(3)?,
        template_id: r.get(4)?,
        template_name: r.get(5)?,
        title: r.get(6)?,
        body: r.get(7)?,
        fields: from_json(r.get(8)?)?,
        targets: from_json(r.get(9)?)?,
        per_entrance: r.get(10)?,
        copies: from_json(r.get(11)?)?,
        issued_on: super::date_from_sql(r.get(12)?).unwrap_or_default(),
        issued_by: r.get(13)?,
        created_at: r.get(14)?,
        copied_from: r.get(15)?,
    })
}

const NOTICE_COLS: &str = "id, year, seq, number, template_id, template_name, title, body, fields,
    targets, per_entrance, copies, issued_on, issued_by, created_at, copied_from";

/// The year's notices, newest number first.
pub fn notices_of_year(conn: &Connection, year: i32) -> Result<Vec<NoticeRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {NOTICE_COLS} FROM notice WHERE year = ?1 ORDER BY seq DESC"
    ))?;
    Ok(stmt
        .query_map([year], notice_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn notice(conn: &Connection, id: i64) -> Result<NoticeRow> {
    super::row(
        conn,
        &format!("SELECT {NOTICE_COLS} FROM notice WHERE id = ?1"),
        [id],
        notice_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("通知（编号 {id}）")))
}

/// A notice by its reference number (`通字〔2026〕第012号`).
pub fn notice_by_number(conn: &Connection, number: &str) -> Result<NoticeRow> {
    super::row(
        conn,
        &format!("SELECT {NOTICE_COLS} FROM notice WHERE number = ?1"),
        [number.trim()],
        notice_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("文号为“{}”的通知", number.trim())))
}
