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
            |r| {
                Ok(Entry {
                    at: r.get(0)?,
                    who: r.get(1)?,
                    kind: r.get(2)?,
                    what: r.get(3)?,
                    record: r.get(4)?,
                    changes: r.get(5)?,
                    reason: r.get(6)?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}
