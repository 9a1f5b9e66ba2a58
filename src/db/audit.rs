//! 操作日志: the append-only record of who did what. Only `append` writes; nothing updates or
//! deletes (and the table's triggers refuse both).

use crate::error::Result;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, params};

/// One entry, as written and as read back.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Entry {
    #[serde(rename = "时间")]
    pub at: String,
    #[serde(rename = "操作人")]
    pub who: String,
    #[serde(rename = "类别")]
    pub kind: String,
    #[serde(rename = "内容")]
    pub what: String,
    #[serde(rename = "记录")]
    pub record: String,
    #[serde(rename = "改动")]
    pub changes: String,
    #[serde(rename = "原因")]
    pub reason: String,
}

impl Entry {
    pub fn new(at: NaiveDateTime, who: &str, kind: &str, what: impl Into<String>) -> Entry {
        Entry {
            at: at.format("%Y-%m-%d %H:%M:%S").to_string(),
            who: if who.trim().is_empty() {
                "（未登录）".into()
            } else {
                who.trim().to_string()
            },
            kind: kind.to_string(),
            what: what.into(),
            ..Default::default()
        }
    }

    pub fn record(mut self, r: impl Into<String>) -> Entry {
        self.record = r.into();
        self
    }

    /// `字段：旧 → 新；…` from (field, old, new).
    pub fn reason(mut self, r: impl Into<String>) -> Entry {
        self.reason = r.into();
        self
    }

    pub fn changes(mut self, c: &[(String, String, String)]) -> Entry {
        self.changes = c
            .iter()
            .map(|(f, a, b)| {
                let show = |s: &String| {
                    if s.is_empty() {
                        "（空）".to_string()
                    } else {
                        s.clone()
                    }
                };
                format!("{f}：{} → {}", show(a), show(b))
            })
            .collect::<Vec<_>>()
            .join("；");
        self
    }
}

pub fn append(conn: &Connection, e: &Entry) -> Result<()> {
    conn.execute(
        "INSERT INTO audit(at, who, kind, what, record, changes, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![e.at, e.who, e.kind, e.what, e.record, e.changes, e.reason],
    )?;
    Ok(())
}

/// The entries of the days `from`..=`to`, oldest first.
pub fn entries(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, who, kind, what, record, changes, reason FROM audit
         WHERE at >= ?1 AND at < ?2 ORDER BY at, id",
    )?;
    let end = to.succ_opt().unwrap_or(to);
    Ok(stmt
        .query_map(
            [
                from.format("%Y-%m-%d").to_string(),
                end.format("%Y-%m-%d").to_string(),
            ],
            read_entry,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// How a unit is named in the log: `房屋 10号楼1单元1201` — the key its panel's history reads by.
pub fn unit_words(conn: &Connection, unit_id: i64) -> Result<String> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.name || e.name || u.room FROM unit u
         JOIN entrance e ON e.id = u.entrance_id JOIN building b ON b.id = e.building_id
         WHERE u.id = ?1",
    )?;
    let name: Option<String> = stmt
        .query_row([unit_id], |r| r.get(0))
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    Ok(name.map(|n| format!("房屋 {n}")).unwrap_or_default())
}

/// A bill line in words: `房屋 10号楼1单元1201 · 物业费 2026-10`.
pub fn bill_words(conn: &Connection, bill_id: i64) -> Result<String> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.unit_id, f.name, b.period FROM bill b JOIN fee_item f ON f.id = b.item_id
         WHERE b.id = ?1",
    )?;
    let row: Option<(i64, String, String)> = stmt
        .query_row([bill_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    Ok(match row {
        Some((unit, item, period)) => format!("{} · {item} {period}", unit_words(conn, unit)?),
        None => format!("应收编号 {bill_id}"),
    })
}

/// A receipt in words: `房屋 10号楼1单元1201 · 收据 2026-000123`.
pub fn receipt_words(conn: &Connection, number: &str) -> Result<String> {
    let mut stmt = conn.prepare_cached("SELECT unit_id FROM payment WHERE receipt_no = ?1")?;
    let unit: Option<i64> =
        stmt.query_row([number], |r| r.get(0))
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
    Ok(match unit {
        Some(u) => format!("{} · 收据 {number}", unit_words(conn, u)?),
        None => format!("收据 {number}"),
    })
}

/// One record's history, newest first: the entries naming it, or a part of it
/// (`房屋 10号楼1单元1201` also finds `房屋 10号楼1单元1201 · 收据 …`).
pub fn for_record(conn: &Connection, record: &str, limit: usize) -> Result<Vec<Entry>> {
    if record.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT at, who, kind, what, record, changes, reason FROM audit
         WHERE record = ?1 OR (record >= ?2 AND record < ?3)
         ORDER BY at DESC, id DESC LIMIT ?4",
    )?;
    // `record · …` as a range, so the index on record serves it (no LIKE escaping either).
    let lo = format!("{record} · ");
    let hi = format!("{record} ·!");
    Ok(stmt
        .query_map(params![record, lo, hi, limit as i64], read_entry)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// What the 操作日志 screen asks for: a date range and, optionally, a person, a kind and words
/// in the record or what was done.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub who: String,
    pub kind: String,
    pub text: String,
}

/// The entries a filter keeps, newest first, at most `limit`; and how many matched in all.
pub fn search(conn: &Connection, f: &Filter, limit: usize) -> Result<(Vec<Entry>, usize)> {
    let from = f
        .from
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let to =
        f.to.and_then(|d| d.succ_opt())
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "9999".into());
    let text = f.text.trim();
    let like = format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let filter = "FROM audit WHERE at >= ?1 AND at < ?2
         AND (?3 = '' OR who = ?3) AND (?4 = '' OR kind = ?4)
         AND (?5 = '' OR record LIKE ?6 ESCAPE '\\' OR what LIKE ?6 ESCAPE '\\'
              OR changes LIKE ?6 ESCAPE '\\')";
    let args = params![from, to, f.who.trim(), f.kind.trim(), text, like];
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) {filter}"))?
        .query_row(args, |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT at, who, kind, what, record, changes, reason {filter}
         ORDER BY at DESC, id DESC LIMIT {limit}"
    ))?;
    let rows = stmt
        .query_map(args, read_entry)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, total as usize))
}

/// The people and kinds on the log, for the screen's choosers.
pub fn choices(conn: &Connection) -> Result<(Vec<String>, Vec<String>)> {
    let list = |sql: &str| -> Result<Vec<String>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?)
    };
    Ok((
        list("SELECT DISTINCT who FROM audit ORDER BY who")?,
        list("SELECT DISTINCT kind FROM audit ORDER BY kind")?,
    ))
}

fn read_entry(r: &rusqlite::Row) -> rusqlite::Result<Entry> {
    Ok(Entry {
        at: r.get(0)?,
        who: r.get(1)?,
        kind: r.get(2)?,
        what: r.get(3)?,
        record: r.get(4)?,
        changes: r.get(5)?,
        reason: r.get(6)?,
    })
}
