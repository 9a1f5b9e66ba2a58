//! The archive (档案管理, issue 17): kinds and their checklists, storage locations, files with
//! their documents, scans and change records, requests to consult or borrow, the log of who read
//! a 保密 file, and inspection campaigns. The rules are `domain::archives`; this is their SQL.

use super::visits::{opt_time, time_from_sql};
use super::{date_from_sql, enum_from_sql, exec, row, stamp};
use crate::domain::archives::{
    self as rules, Condition, RequestAction, RequestKind, RequestState, Retention, Secrecy,
};
use crate::domain::date::iso;
use crate::error::{Error, Result};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

/// The setting that holds the yearly inspection plan (`上半年 06-01 06-30`, a line each).
pub const PLAN: &str = "archives.plan";
/// The setting that names the archivist (档案管理员), who hands files out and takes them back.
pub const ARCHIVIST: &str = "archives.archivist";

/// A kind of file with its retention and checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct KindRow {
    pub name: String,
    pub retention: Retention,
    pub checklist: Vec<String>,
}

pub fn kinds(conn: &Connection) -> Result<Vec<KindRow>> {
    let mut docs: HashMap<String, Vec<String>> = HashMap::new();
    let mut stmt =
        conn.prepare_cached("SELECT kind, name FROM archive_kind_doc ORDER BY kind, position")?;
    for r in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
        let (k, n) = r?;
        docs.entry(k).or_default().push(n);
    }
    let mut stmt =
        conn.prepare_cached("SELECT name, retention FROM archive_kind ORDER BY sort_order, name")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                enum_from_sql(r.get(1)?, Retention::parse)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|(name, retention)| KindRow {
            checklist: docs.remove(&name).unwrap_or_default(),
            name,
            retention,
        })
        .collect())
}

/// From 设置: the kinds as edited. A kind still used by a file cannot be dropped.
pub fn save_kinds(conn: &Connection, kinds: &[KindRow]) -> Result<()> {
    let tx = super::write_tx(conn)?;
    let mut seen = std::collections::HashSet::new();
    for (i, k) in kinds.iter().enumerate() {
        let name = crate::domain::text::normalize(&k.name);
        if name.is_empty() {
            return Err(Error::invalid(format!("第 {} 个档案类别没有名称。", i + 1)));
        }
        if !seen.insert(name.clone()) {
            return Err(Error::invalid(format!("档案类别“{name}”重复。")));
        }
        exec(
            &tx,
            "INSERT INTO archive_kind(name, retention, sort_order) VALUES (?1, ?2, ?3)
             ON CONFLICT(name) DO UPDATE SET retention = excluded.retention,
                                             sort_order = excluded.sort_order",
            params![name, k.retention.as_str(), i as i64 + 1],
        )?;
        exec(&tx, "DELETE FROM archive_kind_doc WHERE kind = ?1", [&name])?;
        let mut docs = std::collections::HashSet::new();
        for (j, d) in k.checklist.iter().enumerate() {
            let d = crate::domain::text::normalize(d);
            if !d.is_empty() && docs.insert(d.clone()) {
                exec(
                    &tx,
                    "INSERT INTO archive_kind_doc(kind, name, position) VALUES (?1, ?2, ?3)",
                    params![name, d, j as i64 + 1],
                )?;
            }
        }
    }
    let mut stmt = tx.prepare("SELECT name FROM archive_kind")?;
    let stored = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    drop(stmt);
    for name in stored.into_iter().filter(|n| !seen.contains(n)) {
        let used: i64 = row(
            &tx,
            "SELECT count(*) FROM archive_file WHERE kind = ?1",
            [&name],
            |r| r.get(0),
        )?;
        if used > 0 {
            return Err(Error::invalid(format!(
                "档案类别“{name}”下还有 {used} 份档案，不能删除。"
            )));
        }
        exec(&tx, "DELETE FROM archive_kind WHERE name = ?1", [&name])?;
    }
    tx.commit()?;
    Ok(())
}

/// A place in the archive room, with how many files it holds directly.
#[derive(Debug, Clone, PartialEq)]
pub struct LocationRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub path: String,
    pub files: i64,
}

impl LocationRow {
    /// 房间, 柜, 层 or 盒, by depth.
    pub fn level(&self) -> &'static str {
        let depth = self.path.matches('/').count();
        rules::LOCATION_LEVELS.get(depth).copied().unwrap_or("盒")
    }
}

pub fn locations(conn: &Connection) -> Result<Vec<LocationRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.parent_id, l.name, l.path,
                (SELECT count(*) FROM archive_file f WHERE f.location_id = l.id)
         FROM archive_location l ORDER BY l.path",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(LocationRow {
                id: r.get(0)?,
                parent_id: r.get(1)?,
                name: r.get(2)?,
                path: r.get(3)?,
                files: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The location at `text` (its whole path), made with every level above it if new.
pub(crate) fn ensure_location(conn: &Connection, text: &str) -> Result<Option<i64>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let parts =
        rules::parse_location(text).map_err(|e| Error::invalid(format!("存放位置：{e}")))?;
    let mut parent: Option<i64> = None;
    for i in 0..parts.len() {
        let path = rules::location_path(&parts[..=i]);
        let id: Option<i64> = row(
            conn,
            "SELECT id FROM archive_location WHERE path = ?1",
            [&path],
            |r| r.get(0),
        )
        .optional()?;
        parent = Some(match id {
            Some(id) => id,
            None => {
                exec(
                    conn,
                    "INSERT INTO archive_location(parent_id, name, path) VALUES (?1, ?2, ?3)",
                    params![parent, parts[i], path],
                )?;
                conn.last_insert_rowid()
            }
        });
    }
    Ok(parent)
}

/// A location and every location under it, by path.
pub fn location_ids_under(conn: &Connection, path: &str) -> Result<Vec<i64>> {
    let path = rules::location_path(
        &rules::parse_location(path).map_err(|e| Error::invalid(format!("存放位置：{e}")))?,
    );
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM archive_location WHERE path = ?1 OR substr(path, 1, length(?1) + 1) = ?1 || '/'",
    )?;
    let ids = stmt
        .query_map([&path], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    if ids.is_empty() {
        return Err(Error::invalid(format!("没有存放位置“{path}”。")));
    }
    Ok(ids)
}

/// A file as typed in the form or read from an index.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileInput {
    pub number: String,
    pub kind: String,
    pub title: String,
    pub unit_id: Option<i64>,
    pub staff_id: Option<i64>,
    /// The storage path (`档案室/A柜/第2层/03盒`), created as needed; empty for none.
    pub location: String,
    pub secrecy: Option<Secrecy>,
    /// None: the kind's default.
    pub retention: Option<Retention>,
    pub pages: i64,
    pub copies: i64,
    pub formed_on: Option<NaiveDate>,
    pub filed_on: Option<NaiveDate>,
    pub filed_by: String,
    pub notes: String,
    /// The checklist documents the file holds.
    pub docs: Vec<String>,
}

/// One file as the registry shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileRow {
    pub id: i64,
    pub number: String,
    pub kind: String,
    pub title: String,
    pub unit_id: Option<i64>,
    pub building: String,
    pub entrance: String,
    pub room: String,
    pub owner: String,
    pub staff_id: Option<i64>,
    pub staff: String,
    pub location_id: Option<i64>,
    pub location: String,
    pub secrecy: String,
    pub retention: String,
    pub pages: i64,
    pub copies: i64,
    pub formed_on: Option<NaiveDate>,
    pub filed_on: Option<NaiveDate>,
    pub filed_by: String,
    pub notes: String,
    pub docs: Vec<String>,
    pub scans: i64,
    /// Out now: with whom and until when.
    pub out: Option<(String, NaiveDateTime)>,
}

impl FileRow {
    /// 10号楼1单元1201, a member of staff's name, or empty.
    pub fn related(&self) -> String {
        if self.unit_id.is_some() {
            format!("{}{}{}", self.building, self.entrance, self.room)
        } else {
            self.staff.clone()
        }
    }

    pub fn secret(&self) -> bool {
        Secrecy::parse(&self.secrecy) == Some(Secrecy::Secret)
    }

    /// 在库, or 借出（王丽，至 12-01）.
    pub fn shelf_state(&self, now: NaiveDateTime) -> String {
        match &self.out {
            None => "在库".into(),
            Some((who, due)) if now > *due => {
                format!("逾期未还（{who}，应还 {}）", due.format("%m-%d"))
            }
            Some((who, due)) => format!("借出（{who}，至 {}）", due.format("%m-%d")),
        }
    }
}

const FILE_SELECT: &str = "SELECT f.id, f.number, f.kind, f.title, f.unit_id,
        coalesce(b.name, ''), coalesce(e.name, ''), coalesce(u.room, ''),
        coalesce((SELECT p.name FROM occupancy o JOIN person p ON p.id = o.person_id
                  WHERE o.unit_id = f.unit_id AND o.move_out IS NULL
                  ORDER BY o.role = '使用人', o.id LIMIT 1), ''),
        f.staff_id, coalesce(s.name, ''), f.location_id, coalesce(l.path, ''),
        f.secrecy, f.retention, f.pages, f.copies, f.formed_on, f.filed_on, f.filed_by, f.notes,
        (SELECT group_concat(d.name, char(10)) FROM archive_doc d WHERE d.file_id = f.id),
        (SELECT count(*) FROM archive_scan c WHERE c.file_id = f.id)
     FROM archive_file f
     LEFT JOIN unit u ON u.id = f.unit_id
     LEFT JOIN entrance e ON e.id = u.entrance_id
     LEFT JOIN building b ON b.id = e.building_id
     LEFT JOIN staff s ON s.id = f.staff_id
     LEFT JOIN archive_location l ON l.id = f.location_id";

fn file_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FileRow> {
    Ok(FileRow {
        id: r.get(0)?,
        number: r.get(1)?,
        kind: r.get(2)?,
        title: r.get(3)?,
        unit_id: r.get(4)?,
        building: r.get(5)?,
        entrance: r.get(6)?,
        room: r.get(7)?,
        owner: r.get(8)?,
        staff_id: r.get(9)?,
        staff: r.get(10)?,
        location_id: r.get(11)?,
        location: r.get(12)?,
        secrecy: r.get(13)?,
        retention: r.get(14)?,
        pages: r.get(15)?,
        copies: r.get(16)?,
        formed_on: date_from_sql(r.get(17)?),
        filed_on: date_from_sql(r.get(18)?),
        filed_by: r.get(19)?,
        notes: r.get(20)?,
        docs: r
            .get::<_, Option<String>>(21)?
            .map(|d| d.split('\n').map(str::to_string).collect())
            .unwrap_or_default(),
        scans: r.get(22)?,
        out: None,
    })
}

/// The files out now: file → (requester, due).
fn out_now(conn: &Connection) -> Result<HashMap<i64, (String, NaiveDateTime)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rf.file_id, r.requester, r.due_at FROM archive_request r
         JOIN archive_request_file rf ON rf.request_id = r.id
         WHERE r.state = '已借出' AND rf.returned_at IS NULL",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                (
                    r.get::<_, String>(1)?,
                    time_from_sql(&r.get::<_, String>(2)?),
                ),
            ))
        })?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(rows)
}

/// The registry's rows without the per-file subqueries: owners, documents and scan counts are
/// read once each and joined in memory (20,000 files load in a few tens of milliseconds).
const FILE_LIST_SELECT: &str = "SELECT f.id, f.number, f.kind, f.title, f.unit_id,
        coalesce(b.name, ''), coalesce(e.name, ''), coalesce(u.room, ''), '',
        f.staff_id, coalesce(s.name, ''), f.location_id, coalesce(l.path, ''),
        f.secrecy, f.retention, f.pages, f.copies, f.formed_on, f.filed_on, f.filed_by, f.notes,
        NULL, 0
     FROM archive_file f
     LEFT JOIN unit u ON u.id = f.unit_id
     LEFT JOIN entrance e ON e.id = u.entrance_id
     LEFT JOIN building b ON b.id = e.building_id
     LEFT JOIN staff s ON s.id = f.staff_id
     LEFT JOIN archive_location l ON l.id = f.location_id";

/// What the registry adds to each file's row from other tables: who has it out, the unit's
/// owner, the documents it holds, how many scans — each read once for all files.
pub struct FileExtras {
    out: HashMap<i64, (String, NaiveDateTime)>,
    owners: HashMap<i64, String>,
    docs: HashMap<i64, Vec<String>>,
    scans: HashMap<i64, i64>,
}

pub fn file_extras(conn: &Connection) -> Result<FileExtras> {
    let out = out_now(conn)?;
    let mut owners: HashMap<i64, String> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT o.unit_id, p.name FROM occupancy o JOIN person p ON p.id = o.person_id
         WHERE o.move_out IS NULL AND o.unit_id IN (SELECT unit_id FROM archive_file)
         ORDER BY o.role = '使用人' DESC, o.id DESC",
    )?;
    for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        // Later rows win: owners (first by role, then by id) are inserted last.
        let (u, name) = r?;
        owners.insert(u, name);
    }
    let mut docs: HashMap<i64, Vec<String>> = HashMap::new();
    let mut stmt =
        conn.prepare_cached("SELECT file_id, name FROM archive_doc ORDER BY file_id, name")?;
    for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (f, name) = r?;
        docs.entry(f).or_default().push(name);
    }
    let mut stmt =
        conn.prepare_cached("SELECT file_id, count(*) FROM archive_scan GROUP BY file_id")?;
    let scans = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(FileExtras {
        out,
        owners,
        docs,
        scans,
    })
}

/// The files whose ids are in `ids` (inclusive), unsorted, completed from `extras`: a reader
/// may read two halves of the registry on two connections at once.
pub fn file_rows(
    conn: &Connection,
    ids: std::ops::RangeInclusive<i64>,
    extras: &FileExtras,
) -> Result<Vec<FileRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("{FILE_LIST_SELECT} WHERE f.id BETWEEN ?1 AND ?2"))?;
    let mut rows = stmt
        .query_map([*ids.start(), *ids.end()], file_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for f in &mut rows {
        f.out = extras.out.get(&f.id).cloned();
        if let Some(u) = f.unit_id {
            f.owner = extras.owners.get(&u).cloned().unwrap_or_default();
        }
        f.docs = extras.docs.get(&f.id).cloned().unwrap_or_default();
        f.scans = extras.scans.get(&f.id).copied().unwrap_or(0);
    }
    Ok(rows)
}

/// The lowest and highest file id (0, 0 when there are none).
pub fn file_id_span(conn: &Connection) -> Result<(i64, i64)> {
    Ok(row(
        conn,
        "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM archive_file",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Files in the registry's order: by number.
pub fn sort_files(rows: &mut [FileRow]) {
    rows.sort_unstable_by(|a, b| a.number.cmp(&b.number));
}

/// Every file, by number.
pub fn list_files(conn: &Connection) -> Result<Vec<FileRow>> {
    let extras = file_extras(conn)?;
    let mut rows = file_rows(conn, i64::MIN..=i64::MAX, &extras)?;
    sort_files(&mut rows);
    Ok(rows)
}

pub fn get_file(conn: &Connection, id: i64) -> Result<FileRow> {
    let mut f = row(
        conn,
        &format!("{FILE_SELECT} WHERE f.id = ?1"),
        [id],
        file_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::invalid(format!("没有第 {id} 号档案记录。")))?;
    f.out = out_now(conn)?.remove(&f.id);
    Ok(f)
}

pub fn file_by_number(conn: &Connection, number: &str) -> Result<Option<i64>> {
    Ok(row(
        conn,
        "SELECT id FROM archive_file WHERE number = ?1",
        [crate::domain::text::normalize(number)],
        |r| r.get(0),
    )
    .optional()?)
}

/// A unit's files (its panel; the owner's file ties to the unit's flags).
pub fn unit_files(conn: &Connection, unit_id: i64) -> Result<Vec<FileRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{FILE_SELECT} WHERE f.unit_id = ?1 ORDER BY f.number"
    ))?;
    let rows = stmt
        .query_map([unit_id], file_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The owner's file of a unit (业主档案), if there is one: its number.
pub fn owner_file(conn: &Connection, unit_id: i64) -> Result<Option<String>> {
    Ok(row(
        conn,
        "SELECT number FROM archive_file WHERE unit_id = ?1 AND kind = '业主档案'
         ORDER BY id LIMIT 1",
        [unit_id],
        |r| r.get(0),
    )
    .optional()?)
}

fn checklist(conn: &Connection, kind: &str) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT name FROM archive_kind_doc WHERE kind = ?1 ORDER BY position")?;
    let rows = stmt
        .query_map([kind], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

/// One truth: when a unit has an owner's file, its current owners' 资料完整/已签字 flags are
/// what the file's checklist says.
pub(crate) fn sync_owner_flags(conn: &Connection, unit_id: i64, now: NaiveDateTime) -> Result<()> {
    let file: Option<i64> = row(
        conn,
        "SELECT id FROM archive_file WHERE unit_id = ?1 AND kind = '业主档案' ORDER BY id LIMIT 1",
        [unit_id],
        |r| r.get(0),
    )
    .optional()?;
    let Some(file) = file else { return Ok(()) };
    let list = checklist(conn, "业主档案")?;
    let present = docs_of(conn, file)?;
    let (complete, signed) = rules::owner_flags(&list, &present);
    exec(
        conn,
        "UPDATE person SET file_complete = ?1, file_signed = ?2, updated_at = ?3
         WHERE (file_complete <> ?1 OR file_signed <> ?2) AND id IN (
             SELECT person_id FROM occupancy
             WHERE unit_id = ?4 AND role = '业主' AND move_out IS NULL)",
        params![complete, signed, stamp(now), unit_id],
    )?;
    Ok(())
}

/// The checklist documents the unit's current owner's flags stand for: everything when the
/// file is complete, 业主签字确认 when it is signed.
fn docs_from_flags(conn: &Connection, unit_id: i64) -> Result<Vec<String>> {
    let flags: Option<(bool, bool)> = row(
        conn,
        "SELECT p.file_complete, p.file_signed FROM occupancy o JOIN person p ON p.id = o.person_id
         WHERE o.unit_id = ?1 AND o.role = '业主' AND o.move_out IS NULL ORDER BY o.id LIMIT 1",
        [unit_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?;
    let list = checklist(conn, "业主档案")?;
    Ok(match flags {
        Some((true, _)) => list,
        Some((false, true)) => list.into_iter().filter(|d| d == "业主签字确认").collect(),
        _ => Vec::new(),
    })
}

fn docs_of(conn: &Connection, file_id: i64) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT name FROM archive_doc WHERE file_id = ?1 ORDER BY name")?;
    let rows = stmt
        .query_map([file_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

/// The checks every written file passes: a known kind, a number and a title, no control
/// characters, sensible counts.
fn checked(conn: &Connection, f: &FileInput) -> Result<(FileInput, Retention)> {
    let mut f = f.clone();
    f.number = crate::domain::text::normalize(&f.number);
    f.kind = crate::domain::text::normalize(&f.kind);
    f.title = f.title.trim().to_string();
    if f.number.is_empty() {
        return Err(Error::invalid("档案号不能为空。"));
    }
    if f.title.is_empty() {
        return Err(Error::invalid("题名不能为空。"));
    }
    for (label, text) in [
        ("档案号", &f.number),
        ("题名", &f.title),
        ("备注", &f.notes),
        ("立卷人", &f.filed_by),
    ] {
        if let Some(c) = crate::domain::text::control_char(text) {
            return Err(Error::invalid(format!(
                "{label}含有不可见的控制字符（U+{:04X}），请删除后再保存。",
                c as u32
            )));
        }
    }
    let kind_retention: Option<String> = row(
        conn,
        "SELECT retention FROM archive_kind WHERE name = ?1",
        [&f.kind],
        |r| r.get(0),
    )
    .optional()?;
    let Some(kind_retention) = kind_retention else {
        let known: Vec<String> = kinds(conn)?.into_iter().map(|k| k.name).collect();
        return Err(Error::invalid(format!(
            "“{}”不是档案类别（{}）。",
            f.kind,
            known.join("、")
        )));
    };
    if f.unit_id.is_some() && f.staff_id.is_some() {
        return Err(Error::invalid("一份档案只关联一户房屋或一名员工。"));
    }
    if f.pages < 0 {
        return Err(Error::invalid("页数不能为负。"));
    }
    if f.copies < 1 {
        f.copies = 1;
    }
    let retention = f
        .retention
        .or_else(|| Retention::parse(&kind_retention))
        .unwrap_or(Retention::TenYears);
    f.docs = f
        .docs
        .iter()
        .map(|d| crate::domain::text::normalize(d))
        .filter(|d| !d.is_empty())
        .collect();
    f.docs.sort();
    f.docs.dedup();
    Ok((f, retention))
}

fn insert_file(
    conn: &Connection,
    f: &FileInput,
    by: &str,
    now: NaiveDateTime,
    what: &str,
) -> Result<i64> {
    let (mut f, retention) = checked(conn, f)?;
    if let (Some(unit), true, true) = (f.unit_id, f.kind == "业主档案", f.docs.is_empty()) {
        // An owner's file made for a unit whose flags were kept by hand starts from them, so
        // the one truth keeps what the office already knew.
        f.docs = docs_from_flags(conn, unit)?;
    }
    if file_by_number(conn, &f.number)?.is_some() {
        return Err(Error::invalid(format!("档案号“{}”已被使用。", f.number)));
    }
    let location = ensure_location(conn, &f.location)?;
    let t = stamp(now);
    exec(
        conn,
        "INSERT INTO archive_file(number, kind, title, unit_id, staff_id, location_id, secrecy,
             retention, pages, copies, formed_on, filed_on, filed_by, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
        params![
            f.number,
            f.kind,
            f.title,
            f.unit_id,
            f.staff_id,
            location,
            f.secrecy.unwrap_or(Secrecy::Normal).as_str(),
            retention.as_str(),
            f.pages,
            f.copies,
            f.formed_on.map(iso),
            f.filed_on.map(iso),
            f.filed_by,
            f.notes,
            t
        ],
    )?;
    let id = conn.last_insert_rowid();
    for d in &f.docs {
        exec(
            conn,
            "INSERT INTO archive_doc(file_id, name) VALUES (?1, ?2)",
            params![id, d],
        )?;
    }
    change(conn, id, now, by, "建档", "", &f.number, what)?;
    if let Some(u) = f.unit_id {
        sync_owner_flags(conn, u, now)?;
    }
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
fn change(
    conn: &Connection,
    file_id: i64,
    now: NaiveDateTime,
    by: &str,
    field: &str,
    old: &str,
    new: &str,
    reason: &str,
) -> Result<()> {
    exec(
        conn,
        "INSERT INTO archive_change(file_id, at, by, field, old, new, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![file_id, stamp(now), by, field, old, new, reason],
    )?;
    Ok(())
}

/// A new file, filed by `by`; its first change record says it was made.
pub fn add_file(conn: &Connection, f: &FileInput, by: &str, now: NaiveDateTime) -> Result<i64> {
    let tx = super::write_tx(conn)?;
    let id = insert_file(&tx, f, by, now, "新建档案")?;
    tx.commit()?;
    Ok(id)
}

fn opt_text<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Saves an edited file: every field that changed is recorded (who, when, old → new, the
/// reason); a move between locations is one of them. Nothing changed, nothing written.
pub fn update_file(
    conn: &Connection,
    id: i64,
    f: &FileInput,
    by: &str,
    reason: &str,
    now: NaiveDateTime,
) -> Result<usize> {
    let tx = super::write_tx(conn)?;
    let before = get_file(&tx, id)?;
    let (f, retention) = checked(&tx, f)?;
    if f.number != before.number && file_by_number(&tx, &f.number)?.is_some() {
        return Err(Error::invalid(format!("档案号“{}”已被使用。", f.number)));
    }
    let location = ensure_location(&tx, &f.location)?;
    let new_location = location
        .map(|l| {
            row(
                &tx,
                "SELECT path FROM archive_location WHERE id = ?1",
                [l],
                |r| r.get::<_, String>(0),
            )
        })
        .transpose()?
        .unwrap_or_default();
    let related = |unit: Option<i64>, staff: Option<i64>| -> Result<String> {
        Ok(match (unit, staff) {
            (Some(u), _) => crate::db::estate::get_unit(&tx, u)?.label(),
            (_, Some(s)) => row(&tx, "SELECT name FROM staff WHERE id = ?1", [s], |r| {
                r.get::<_, String>(0)
            })?,
            _ => String::new(),
        })
    };
    let secrecy = f.secrecy.unwrap_or(Secrecy::Normal).as_str().to_string();
    let pairs: Vec<(&str, String, String)> = vec![
        ("档案号", before.number.clone(), f.number.clone()),
        ("类别", before.kind.clone(), f.kind.clone()),
        ("题名", before.title.clone(), f.title.clone()),
        (
            "关联",
            related(before.unit_id, before.staff_id)?,
            related(f.unit_id, f.staff_id)?,
        ),
        ("存放位置", before.location.clone(), new_location),
        ("密级", before.secrecy.clone(), secrecy.clone()),
        (
            "保管期限",
            before.retention.clone(),
            retention.as_str().to_string(),
        ),
        ("页数", before.pages.to_string(), f.pages.to_string()),
        ("份数", before.copies.to_string(), f.copies.to_string()),
        (
            "形成日期",
            opt_text(before.formed_on),
            opt_text(f.formed_on),
        ),
        ("归档日期", opt_text(before.filed_on), opt_text(f.filed_on)),
        ("立卷人", before.filed_by.clone(), f.filed_by.clone()),
        ("备注", before.notes.clone(), f.notes.clone()),
        ("文件清单", before.docs.join("、"), f.docs.join("、")),
    ];
    let changed: Vec<_> = pairs.into_iter().filter(|(_, a, b)| a != b).collect();
    if changed.is_empty() {
        return Ok(0);
    }
    if reason.trim().is_empty() {
        return Err(Error::invalid(format!(
            "修改档案记录要写明原因（改了：{}）。",
            changed.iter().map(|c| c.0).collect::<Vec<_>>().join("、")
        )));
    }
    exec(
        &tx,
        "UPDATE archive_file SET number = ?1, kind = ?2, title = ?3, unit_id = ?4, staff_id = ?5,
             location_id = ?6, secrecy = ?7, retention = ?8, pages = ?9, copies = ?10,
             formed_on = ?11, filed_on = ?12, filed_by = ?13, notes = ?14, updated_at = ?15
         WHERE id = ?16",
        params![
            f.number,
            f.kind,
            f.title,
            f.unit_id,
            f.staff_id,
            location,
            secrecy,
            retention.as_str(),
            f.pages,
            f.copies,
            f.formed_on.map(iso),
            f.filed_on.map(iso),
            f.filed_by,
            f.notes,
            stamp(now),
            id
        ],
    )?;
    exec(&tx, "DELETE FROM archive_doc WHERE file_id = ?1", [id])?;
    for d in &f.docs {
        exec(
            &tx,
            "INSERT INTO archive_doc(file_id, name) VALUES (?1, ?2)",
            params![id, d],
        )?;
    }
    for (field, old, new) in &changed {
        change(&tx, id, now, by, field, old, new, reason.trim())?;
    }
    for unit in [before.unit_id, f.unit_id].into_iter().flatten() {
        sync_owner_flags(&tx, unit, now)?;
    }
    tx.commit()?;
    Ok(changed.len())
}

/// A scan copied beside the database, recorded on the file (a change record too).
pub fn add_scan(
    conn: &Connection,
    file_id: i64,
    relative: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let tx = super::write_tx(conn)?;
    exec(
        &tx,
        "INSERT INTO archive_scan(file_id, file, added_at) VALUES (?1, ?2, ?3)",
        params![file_id, relative, stamp(now)],
    )?;
    change(&tx, file_id, now, by, "扫描件", "", relative, "添加扫描件")?;
    tx.commit()?;
    Ok(())
}

pub fn scans(conn: &Connection, file_id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT file FROM archive_scan WHERE file_id = ?1 ORDER BY added_at, file",
    )?;
    let rows = stmt
        .query_map([file_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

/// One change record.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    pub at: NaiveDateTime,
    pub by: String,
    pub field: String,
    pub old: String,
    pub new: String,
    pub reason: String,
}

pub fn changes(conn: &Connection, file_id: i64) -> Result<Vec<ChangeRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, by, field, old, new, reason FROM archive_change WHERE file_id = ?1
         ORDER BY at DESC, id DESC",
    )?;
    let rows = stmt
        .query_map([file_id], |r| {
            Ok(ChangeRow {
                at: time_from_sql(&r.get::<_, String>(0)?),
                by: r.get(1)?,
                field: r.get(2)?,
                old: r.get(3)?,
                new: r.get(4)?,
                reason: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Records that `by` read a 保密 file's record or opened its scan (`what`).
pub fn log_access(
    conn: &Connection,
    file_id: i64,
    by: &str,
    what: &str,
    now: NaiveDateTime,
) -> Result<()> {
    exec(
        conn,
        "INSERT INTO archive_access(file_id, at, by, what) VALUES (?1, ?2, ?3, ?4)",
        params![file_id, stamp(now), by, what],
    )?;
    Ok(())
}

/// Who read a file, newest first: (when, who, what).
pub fn accesses(conn: &Connection, file_id: i64) -> Result<Vec<(NaiveDateTime, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, by, what FROM archive_access WHERE file_id = ?1 ORDER BY at DESC, id DESC",
    )?;
    let rows = stmt
        .query_map([file_id], |r| {
            Ok((time_from_sql(&r.get::<_, String>(0)?), r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

// ---------------------------------------------------------------- requests (查阅/借阅)

#[derive(Debug, Clone, PartialEq)]
pub struct RequestInput {
    pub kind: RequestKind,
    pub requester: String,
    pub phone: String,
    pub purpose: String,
    /// The day a 借阅 is due back (a 查阅 is due the same day).
    pub due: Option<NaiveDate>,
    pub files: Vec<i64>,
}

/// One file of a request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFile {
    pub file_id: i64,
    pub number: String,
    pub title: String,
    pub returned_at: Option<NaiveDateTime>,
    pub condition: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestRow {
    pub id: i64,
    pub kind: RequestKind,
    pub requester: String,
    pub phone: String,
    pub purpose: String,
    pub requested_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub state: RequestState,
    pub approver: String,
    pub decided_at: Option<NaiveDateTime>,
    pub refusal: String,
    pub handed_at: Option<NaiveDateTime>,
    pub handed_by: String,
    pub closed_at: Option<NaiveDateTime>,
    pub files: Vec<RequestFile>,
}

impl RequestRow {
    pub fn overdue(&self, now: NaiveDateTime) -> bool {
        rules::overdue(self.state, Some(self.due_at), now)
    }

    pub fn still_out(&self) -> usize {
        if self.state != RequestState::Out {
            return 0;
        }
        self.files
            .iter()
            .filter(|f| f.returned_at.is_none())
            .count()
    }

    /// The files as a register lists them: 2026-YZ-0001《…》.
    pub fn files_text(&self) -> String {
        self.files
            .iter()
            .map(|f| f.number.clone())
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The state as the list shows it (an overdue loan says so).
    pub fn state_text(&self, now: NaiveDateTime) -> String {
        if self.overdue(now) {
            format!(
                "逾期 {} 天",
                (now.date() - self.due_at.date()).num_days().max(1)
            )
        } else if self.state == RequestState::Out && self.still_out() < self.files.len() {
            format!(
                "已借出（已还 {}/{}）",
                self.files.len() - self.still_out(),
                self.files.len()
            )
        } else {
            self.state.as_str().to_string()
        }
    }
}

const REQUEST_SELECT: &str = "SELECT id, kind, requester, phone, purpose, requested_at, due_at,
        state, approver, decided_at, refusal, handed_at, handed_by, closed_at
     FROM archive_request";

fn request_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RequestRow> {
    Ok(RequestRow {
        id: r.get(0)?,
        kind: enum_from_sql(r.get(1)?, RequestKind::parse)?,
        requester: r.get(2)?,
        phone: r.get(3)?,
        purpose: r.get(4)?,
        requested_at: time_from_sql(&r.get::<_, String>(5)?),
        due_at: time_from_sql(&r.get::<_, String>(6)?),
        state: enum_from_sql(r.get(7)?, RequestState::parse)?,
        approver: r.get(8)?,
        decided_at: opt_time(r.get(9)?),
        refusal: r.get(10)?,
        handed_at: opt_time(r.get(11)?),
        handed_by: r.get(12)?,
        closed_at: opt_time(r.get(13)?),
        files: Vec::new(),
    })
}

/// The open requests, read through the partial index that holds only them.
const OPEN_IDS: &str = "SELECT id FROM archive_request
     WHERE state = '申请' OR state = '已批准' OR state = '已借出'";

/// The requests whose ids `ids` (a SELECT of ids, its parameters `p`) chooses, newest first,
/// with their files: both reads go through the same id list, so a screen that shows a hundred
/// requests reads a hundred requests' files, however old the oldest open one is.
fn requests_where(
    conn: &Connection,
    ids: &str,
    p: &[&dyn rusqlite::ToSql],
) -> Result<Vec<RequestRow>> {
    // Sorted here, not in SQL: with an ORDER BY the planner walks all requests in date order
    // testing each against the id list, instead of looking up the few ids.
    let mut stmt = conn.prepare_cached(&format!("{REQUEST_SELECT} WHERE id IN ({ids})"))?;
    let mut rows = stmt
        .query_map(p, request_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.sort_unstable_by_key(|r| std::cmp::Reverse((r.requested_at, r.id)));
    if rows.is_empty() {
        return Ok(rows);
    }
    let mut files: HashMap<i64, Vec<RequestFile>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rf.request_id, rf.file_id, f.number, f.title, rf.returned_at, rf.condition, rf.note
         FROM archive_request_file rf JOIN archive_file f ON f.id = rf.file_id
         WHERE rf.request_id IN ({ids}) ORDER BY f.number"
    ))?;
    for r in stmt.query_map(p, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            RequestFile {
                file_id: r.get(1)?,
                number: r.get(2)?,
                title: r.get(3)?,
                returned_at: opt_time(r.get(4)?),
                condition: r.get(5)?,
                note: r.get(6)?,
            },
        ))
    })? {
        let (id, f) = r?;
        files.entry(id).or_default().push(f);
    }
    for r in &mut rows {
        r.files = files.remove(&r.id).unwrap_or_default();
    }
    Ok(rows)
}

pub fn get_request(conn: &Connection, id: i64) -> Result<RequestRow> {
    requests_where(conn, "SELECT ?1", &[&id])?
        .pop()
        .ok_or_else(|| Error::invalid(format!("没有第 {id} 号借阅申请。")))
}

/// The screen's list: every open request, and those made since `since`.
pub fn recent_requests(conn: &Connection, since: NaiveDateTime) -> Result<Vec<RequestRow>> {
    requests_where(
        conn,
        // UNION ALL: a plain UNION makes SQLite merge the two id lists in rowid order by
        // scanning every request; duplicates do no harm in an IN list.
        &format!("{OPEN_IDS} UNION ALL SELECT id FROM archive_request WHERE requested_at >= ?1"),
        &[&stamp(since)],
    )
}

/// Requests made between two days (the loan register).
pub fn requests_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<RequestRow>> {
    let mut rows = requests_where(
        conn,
        "SELECT id FROM archive_request WHERE requested_at >= ?1 AND requested_at < ?2",
        &[&iso(from), &iso(to + chrono::Duration::days(1))],
    )?;
    rows.reverse();
    Ok(rows)
}

/// `report archives`: out now, overdue now, or every request.
pub fn requests_in_state(
    conn: &Connection,
    which: &str,
    now: NaiveDateTime,
) -> Result<Vec<RequestRow>> {
    let mut rows = match which {
        "all" => requests_where(conn, "SELECT id FROM archive_request", &[])?,
        _ => requests_where(
            conn,
            "SELECT id FROM archive_request WHERE state = '已借出'",
            &[],
        )?,
    };
    if which == "overdue" {
        rows.retain(|r| r.overdue(now));
    }
    rows.reverse();
    Ok(rows)
}

pub fn add_request(conn: &Connection, input: &RequestInput, now: NaiveDateTime) -> Result<i64> {
    let requester = crate::domain::text::normalize(&input.requester);
    if requester.is_empty() {
        return Err(Error::invalid("请写申请人。"));
    }
    if input.purpose.trim().is_empty() {
        return Err(Error::invalid("请写查阅或借阅的事由。"));
    }
    let mut files = input.files.clone();
    files.sort_unstable();
    files.dedup();
    if files.is_empty() {
        return Err(Error::invalid("请至少选择一份档案。"));
    }
    let due = rules::due_at(input.kind, now, input.due).map_err(Error::invalid)?;
    let tx = super::write_tx(conn)?;
    exec(
        &tx,
        "INSERT INTO archive_request(kind, requester, phone, purpose, requested_at, due_at, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '申请')",
        params![
            input.kind.as_str(),
            requester,
            input.phone.trim(),
            input.purpose.trim(),
            stamp(now),
            stamp(due)
        ],
    )?;
    let id = tx.last_insert_rowid();
    for f in files {
        let exists: Option<i64> = row(&tx, "SELECT id FROM archive_file WHERE id = ?1", [f], |r| {
            r.get(0)
        })
        .optional()?;
        if exists.is_none() {
            return Err(Error::invalid(format!("没有第 {f} 号档案记录。")));
        }
        exec(
            &tx,
            "INSERT INTO archive_request_file(request_id, file_id) VALUES (?1, ?2)",
            params![id, f],
        )?;
    }
    tx.commit()?;
    Ok(id)
}

/// What is done to a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Act {
    Approve,
    Refuse(String),
    HandOut,
    /// Files back, each with its condition and a note.
    Return(Vec<(i64, Condition, String)>),
    Withdraw,
}

/// One step of a request, checked by the one transition function. `by` is who does it: the
/// approver for 批准/驳回, the archivist for 借出/归还.
pub fn act(
    conn: &Connection,
    id: i64,
    action: &Act,
    by: &str,
    now: NaiveDateTime,
) -> Result<RequestState> {
    let tx = super::write_tx(conn)?;
    let r = get_request(&tx, id)?;
    let by = crate::domain::text::normalize(by);
    let t = stamp(now);
    let next = match action {
        Act::Approve | Act::Refuse(_) if by.is_empty() => {
            return Err(Error::invalid("请选择审批人。"));
        }
        Act::Approve => {
            let s = rules::transition(
                r.state,
                r.kind,
                &r.requester,
                RequestAction::Approve { approver: &by },
            )
            .map_err(Error::invalid)?;
            exec(
                &tx,
                "UPDATE archive_request SET state = ?1, approver = ?2, decided_at = ?3 WHERE id = ?4",
                params![s.as_str(), by, t, id],
            )?;
            s
        }
        Act::Refuse(reason) => {
            let s = rules::transition(
                r.state,
                r.kind,
                &r.requester,
                RequestAction::Refuse {
                    approver: &by,
                    reason,
                },
            )
            .map_err(Error::invalid)?;
            exec(
                &tx,
                "UPDATE archive_request SET state = ?1, approver = ?2, decided_at = ?3, refusal = ?4
                 WHERE id = ?5",
                params![s.as_str(), by, t, reason.trim(), id],
            )?;
            s
        }
        Act::HandOut => {
            let overdue: i64 = row(
                &tx,
                "SELECT count(*) FROM archive_request r
                 WHERE r.requester = ?1 AND r.state = '已借出' AND r.due_at < ?2 AND r.id <> ?3",
                params![r.requester, t, id],
                |r| r.get(0),
            )?;
            let s = rules::transition(
                r.state,
                r.kind,
                &r.requester,
                RequestAction::HandOut {
                    requester_has_overdue: overdue > 0,
                },
            )
            .map_err(Error::invalid)?;
            let out = out_now(&tx)?;
            let busy: Vec<String> = r
                .files
                .iter()
                .filter_map(|f| {
                    out.get(&f.file_id)
                        .map(|(who, _)| format!("{}（在 {who} 处）", f.number))
                })
                .collect();
            if !busy.is_empty() {
                return Err(Error::invalid(format!(
                    "档案还没有归还，不能借出：{}。",
                    busy.join("、")
                )));
            }
            // A 查阅 handed out on a later day than asked is due at that day's end.
            let due = if r.kind == RequestKind::Consult {
                stamp(rules::due_at(r.kind, now, None).map_err(Error::invalid)?)
            } else {
                stamp(r.due_at.max(now))
            };
            exec(
                &tx,
                "UPDATE archive_request SET state = ?1, handed_at = ?2, handed_by = ?3, due_at = ?4
                 WHERE id = ?5",
                params![s.as_str(), t, by, due, id],
            )?;
            s
        }
        Act::Return(back) => {
            if back.is_empty() {
                return Err(Error::invalid("请勾选归还的档案。"));
            }
            for (file, condition, note) in back {
                if !matches!(condition, Condition::Intact | Condition::Damaged) {
                    return Err(Error::invalid("归还时档案状况只能是“完好”或“缺损”。"));
                }
                if *condition == Condition::Damaged && note.trim().is_empty() {
                    return Err(Error::invalid("档案缺损时请写明缺损情况。"));
                }
                let n = exec(
                    &tx,
                    "UPDATE archive_request_file SET returned_at = ?1, condition = ?2, note = ?3,
                         received_by = ?4
                     WHERE request_id = ?5 AND file_id = ?6 AND returned_at IS NULL",
                    params![t, condition.as_str(), note.trim(), by, id, file],
                )?;
                if n == 0 {
                    return Err(Error::invalid(format!(
                        "第 {file} 号档案不在这份申请中，或已经归还。"
                    )));
                }
                if *condition == Condition::Damaged {
                    change(&tx, *file, now, &by, "归还状况", "", "缺损", note.trim())?;
                }
            }
            let still: i64 = row(
                &tx,
                "SELECT count(*) FROM archive_request_file WHERE request_id = ?1 AND returned_at IS NULL",
                [id],
                |r| r.get(0),
            )?;
            let s = rules::transition(
                r.state,
                r.kind,
                &r.requester,
                RequestAction::Return {
                    still_out: still as usize,
                },
            )
            .map_err(Error::invalid)?;
            exec(
                &tx,
                "UPDATE archive_request SET state = ?1,
                     closed_at = CASE WHEN ?1 = '已归还' THEN ?2 ELSE closed_at END
                 WHERE id = ?3",
                params![s.as_str(), t, id],
            )?;
            s
        }
        Act::Withdraw => {
            let s = rules::transition(r.state, r.kind, &r.requester, RequestAction::Withdraw)
                .map_err(Error::invalid)?;
            exec(
                &tx,
                "UPDATE archive_request SET state = ?1, closed_at = ?2 WHERE id = ?3",
                params![s.as_str(), t, id],
            )?;
            s
        }
    };
    tx.commit()?;
    Ok(next)
}

// ---------------------------------------------------------------- inspections (档案检查)

#[derive(Debug, Clone, PartialEq)]
pub struct CampaignRow {
    pub id: i64,
    pub name: String,
    pub starts_on: NaiveDate,
    pub due_on: NaiveDate,
    pub scope: String,
    pub done_on: Option<NaiveDate>,
    pub total: i64,
    pub checked: i64,
    pub open_findings: i64,
}

impl CampaignRow {
    pub fn state(&self, today: NaiveDate) -> rules::CampaignState {
        rules::campaign_state(self.due_on, self.done_on, today)
    }
}

pub fn campaigns(conn: &Connection) -> Result<Vec<CampaignRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.starts_on, c.due_on,
                trim(coalesce(c.scope_kind, '') || ' ' || coalesce(l.path, '')),
                c.done_on,
                (SELECT count(*) FROM archive_check k WHERE k.campaign_id = c.id),
                (SELECT count(*) FROM archive_check k WHERE k.campaign_id = c.id AND k.result <> ''),
                (SELECT count(*) FROM archive_check k WHERE k.campaign_id = c.id
                    AND k.result <> '' AND k.result <> '完好' AND k.follow_up_done_on IS NULL)
         FROM archive_campaign c LEFT JOIN archive_location l ON l.id = c.scope_location_id
         ORDER BY c.due_on DESC, c.id DESC",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(CampaignRow {
                id: r.get(0)?,
                name: r.get(1)?,
                starts_on: date_from_sql(r.get(2)?).unwrap_or_default(),
                due_on: date_from_sql(r.get(3)?).unwrap_or_default(),
                scope: r.get(4)?,
                done_on: date_from_sql(r.get(5)?),
                total: r.get(6)?,
                checked: r.get(7)?,
                open_findings: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|mut c| {
            if c.scope.is_empty() {
                c.scope = "全部档案".into();
            }
            c
        })
        .collect())
}

pub fn campaign_by_name(conn: &Connection, name: &str) -> Result<CampaignRow> {
    let n = crate::domain::text::normalize(name);
    campaigns(conn)?
        .into_iter()
        .find(|c| c.name == n)
        .ok_or_else(|| Error::invalid(format!("没有名为“{n}”的档案检查。")))
}

/// A campaign and the files it is to check: all, or one kind's, or those under a location.
pub fn add_campaign(
    conn: &Connection,
    name: &str,
    starts: NaiveDate,
    due: NaiveDate,
    kind: Option<&str>,
    location: Option<&str>,
    now: NaiveDateTime,
) -> Result<i64> {
    let name = crate::domain::text::normalize(name);
    if name.is_empty() {
        return Err(Error::invalid("请写检查的名称，如“2026年下半年档案检查”。"));
    }
    if due < starts {
        return Err(Error::invalid("检查的截止日期早于开始日期。"));
    }
    let tx = super::write_tx(conn)?;
    let taken: i64 = row(
        &tx,
        "SELECT count(*) FROM archive_campaign WHERE name = ?1",
        [&name],
        |r| r.get(0),
    )?;
    if taken > 0 {
        return Err(Error::invalid(format!("已有名为“{name}”的档案检查。")));
    }
    let kind = kind
        .map(crate::domain::text::normalize)
        .filter(|k| !k.is_empty());
    let under = match location.filter(|l| !l.trim().is_empty()) {
        Some(l) => Some(location_ids_under(&tx, l)?),
        None => None,
    };
    exec(
        &tx,
        "INSERT INTO archive_campaign(name, starts_on, due_on, scope_kind, scope_location_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            name,
            iso(starts),
            iso(due),
            kind,
            under.as_ref().and_then(|u| u.first().copied()),
            stamp(now)
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut stmt = tx.prepare("SELECT id, kind, location_id FROM archive_file ORDER BY number")?;
    let files = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    drop(stmt);
    let mut n = 0;
    for (f, k, loc) in files {
        let kind_ok = kind.as_ref().is_none_or(|want| *want == k);
        let loc_ok = under
            .as_ref()
            .is_none_or(|ids| loc.is_some_and(|l| ids.contains(&l)));
        if kind_ok && loc_ok {
            exec(
                &tx,
                "INSERT INTO archive_check(campaign_id, file_id) VALUES (?1, ?2)",
                params![id, f],
            )?;
            n += 1;
        }
    }
    if n == 0 {
        return Err(Error::invalid("按这个范围没有要检查的档案。"));
    }
    tx.commit()?;
    Ok(id)
}

/// Sets up the year's campaigns from the plan in 设置 (those not yet set up); returns how many.
pub fn plan_year(conn: &Connection, year: i32, now: NaiveDateTime) -> Result<usize> {
    let plan = rules::parse_plan(&plan_text(conn)?)
        .map_err(|e| Error::invalid(format!("设置中的档案检查计划有误：{e}")))?;
    let existing: Vec<String> = campaigns(conn)?.into_iter().map(|c| c.name).collect();
    let mut n = 0;
    for e in plan {
        let name = e.campaign_name(year);
        if existing.contains(&name) {
            continue;
        }
        let (starts, due) = e.dates(year);
        add_campaign(conn, &name, starts, due, None, None, now)?;
        n += 1;
    }
    Ok(n)
}

pub fn plan_text(conn: &Connection) -> Result<String> {
    let v = super::settings::get(conn, PLAN)?;
    Ok(if v.trim().is_empty() {
        rules::DEFAULT_PLAN.to_string()
    } else {
        v
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckRow {
    pub file_id: i64,
    pub number: String,
    pub kind: String,
    pub title: String,
    pub location: String,
    pub result: Option<Condition>,
    pub note: String,
    pub inspector: String,
    pub checked_on: Option<NaiveDate>,
    pub follow_up: String,
    pub follow_up_done_on: Option<NaiveDate>,
}

impl CheckRow {
    /// A finding: anything but 完好.
    pub fn finding(&self) -> bool {
        self.result.is_some_and(|r| r != Condition::Intact)
    }

    pub fn open_finding(&self) -> bool {
        self.finding() && self.follow_up_done_on.is_none()
    }
}

pub fn campaign_checks(conn: &Connection, campaign_id: i64) -> Result<Vec<CheckRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.file_id, f.number, f.kind, f.title, coalesce(l.path, ''), k.result, k.note,
                k.inspector, k.checked_on, k.follow_up, k.follow_up_done_on
         FROM archive_check k JOIN archive_file f ON f.id = k.file_id
         LEFT JOIN archive_location l ON l.id = f.location_id
         WHERE k.campaign_id = ?1 ORDER BY coalesce(l.path, ''), f.number",
    )?;
    let rows = stmt
        .query_map([campaign_id], |r| {
            Ok(CheckRow {
                file_id: r.get(0)?,
                number: r.get(1)?,
                kind: r.get(2)?,
                title: r.get(3)?,
                location: r.get(4)?,
                result: Condition::parse(&r.get::<_, String>(5)?),
                note: r.get(6)?,
                inspector: r.get(7)?,
                checked_on: date_from_sql(r.get(8)?),
                follow_up: r.get(9)?,
                follow_up_done_on: date_from_sql(r.get(10)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One file's result in a campaign. Anything but 完好 needs a note and becomes a finding.
pub fn record_check(
    conn: &Connection,
    campaign_id: i64,
    file_id: i64,
    result: Condition,
    note: &str,
    inspector: &str,
    on: NaiveDate,
) -> Result<()> {
    if inspector.trim().is_empty() {
        return Err(Error::invalid("请写检查人。"));
    }
    if result != Condition::Intact && note.trim().is_empty() {
        return Err(Error::invalid(format!(
            "检查结果为“{result}”时请写明情况。"
        )));
    }
    let tx = super::write_tx(conn)?;
    let done: Option<Option<String>> = row(
        &tx,
        "SELECT done_on FROM archive_campaign WHERE id = ?1",
        [campaign_id],
        |r| r.get(0),
    )
    .optional()?;
    match done {
        None => return Err(Error::invalid("没有这次档案检查。")),
        Some(Some(_)) => return Err(Error::invalid("这次档案检查已经完成，不能再改结果。")),
        Some(None) => {}
    }
    let n = exec(
        &tx,
        "UPDATE archive_check SET result = ?1, note = ?2, inspector = ?3, checked_on = ?4,
             follow_up = '', follow_up_done_on = NULL
         WHERE campaign_id = ?5 AND file_id = ?6",
        params![
            result.as_str(),
            note.trim(),
            inspector.trim(),
            iso(on),
            campaign_id,
            file_id
        ],
    )?;
    if n == 0 {
        return Err(Error::invalid("这份档案不在这次检查的范围内。"));
    }
    tx.commit()?;
    Ok(())
}

/// Closes a finding with what was done.
pub fn close_finding(
    conn: &Connection,
    campaign_id: i64,
    file_id: i64,
    done: &str,
    on: NaiveDate,
) -> Result<()> {
    if done.trim().is_empty() {
        return Err(Error::invalid("请写明整改情况（做了什么）。"));
    }
    let n = exec(
        conn,
        "UPDATE archive_check SET follow_up = ?1, follow_up_done_on = ?2
         WHERE campaign_id = ?3 AND file_id = ?4 AND result <> '' AND result <> '完好'
           AND follow_up_done_on IS NULL",
        params![done.trim(), iso(on), campaign_id, file_id],
    )?;
    if n == 0 {
        return Err(Error::invalid("这份档案没有待整改的问题。"));
    }
    Ok(())
}

/// Marks a campaign done once every file has its result.
pub fn finish_campaign(conn: &Connection, campaign_id: i64, on: NaiveDate) -> Result<()> {
    let tx = super::write_tx(conn)?;
    let left: i64 = row(
        &tx,
        "SELECT count(*) FROM archive_check WHERE campaign_id = ?1 AND result = ''",
        [campaign_id],
        |r| r.get(0),
    )?;
    if left > 0 {
        return Err(Error::invalid(format!(
            "还有 {left} 份档案没有检查结果，不能结束这次检查。"
        )));
    }
    exec(
        &tx,
        "UPDATE archive_campaign SET done_on = ?1 WHERE id = ?2 AND done_on IS NULL",
        params![iso(on), campaign_id],
    )?;
    tx.commit()?;
    Ok(())
}

// ---------------------------------------------------------------- the home screen

/// What the archive asks of today: overdue loans, requests awaiting approval, campaigns due
/// within 14 days or late, findings still open.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArchiveDue {
    pub overdue: Vec<RequestRow>,
    pub awaiting: Vec<RequestRow>,
    pub campaigns: Vec<CampaignRow>,
    pub open_findings: i64,
    /// The latest campaign with a finding still open.
    pub finding_campaign: Option<i64>,
}

impl ArchiveDue {
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.awaiting.is_empty()
            && self.campaigns.is_empty()
            && self.open_findings == 0
    }
}

pub fn due(conn: &Connection, now: NaiveDateTime) -> Result<ArchiveDue> {
    let open = requests_where(conn, OPEN_IDS, &[])?;
    let (overdue, rest): (Vec<_>, Vec<_>) = open.into_iter().partition(|r| r.overdue(now));
    let awaiting = rest
        .into_iter()
        .filter(|r| r.state == RequestState::Requested)
        .collect();
    let all = campaigns(conn)?;
    let open_findings = all.iter().map(|c| c.open_findings).sum();
    let finding_campaign = all.iter().find(|c| c.open_findings > 0).map(|c| c.id);
    let campaigns = all
        .into_iter()
        .filter(|c| {
            matches!(
                c.state(now.date()),
                rules::CampaignState::DueSoon(_) | rules::CampaignState::Overdue(_)
            )
        })
        .collect();
    Ok(ArchiveDue {
        overdue,
        awaiting,
        campaigns,
        open_findings,
        finding_campaign,
    })
}

// ---------------------------------------------------------------- import

/// A file row of an office's Excel index, with its unit or staff member by name.
#[derive(Debug, Clone, PartialEq)]
pub struct FileDraft {
    pub number: String,
    pub kind: String,
    pub title: String,
    pub unit: crate::io::frontdesk::UnitRef,
    pub staff: String,
    pub location: String,
    pub secrecy: Option<Secrecy>,
    pub retention: Option<Retention>,
    pub pages: i64,
    pub formed_on: Option<NaiveDate>,
    pub notes: String,
}

/// `import archives`: every row checked (kind, number unused and not repeated, unit or staff
/// found, location readable) before any is written, in one transaction; locations are made as
/// needed. Any wrong row refuses the file with every problem named.
pub fn import_files(
    conn: &Connection,
    file: &str,
    rows: &[(usize, FileDraft)],
    prior: Vec<crate::io::RowError>,
    by: &str,
    now: NaiveDateTime,
) -> Result<usize> {
    use crate::io::{ImportFailure, RowError};
    let tx = super::write_tx(conn)?;
    let known: Vec<String> = kinds(&tx)?.into_iter().map(|k| k.name).collect();
    let mut errors = prior;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut inputs = Vec::with_capacity(rows.len());
    for (line, d) in rows {
        let err = |column: &str, message: String| RowError {
            row: *line,
            column: column.into(),
            message,
        };
        let before = errors.len();
        if !known.contains(&d.kind) {
            errors.push(err(
                "类别",
                format!("“{}”不是档案类别（{}）", d.kind, known.join("、")),
            ));
        }
        if let Some(first) = seen.insert(d.number.clone(), *line) {
            errors.push(err("档案号", format!("“{}”与第 {first} 行重复", d.number)));
        } else if file_by_number(&tx, &d.number)?.is_some() {
            errors.push(err("档案号", format!("“{}”已在档案目录中", d.number)));
        }
        let unit = super::visits::resolve_unit(&tx, &d.unit)
            .map_err(|m| errors.push(err("房号", m)))
            .ok()
            .flatten();
        let staff = if d.staff.trim().is_empty() {
            None
        } else {
            super::visits::resolve_staff(&tx, &d.staff)
                .map_err(|m| errors.push(err("员工", m)))
                .ok()
        };
        if unit.is_some() && staff.is_some() {
            errors.push(err("员工", "一份档案只关联一户房屋或一名员工".into()));
        }
        if !d.location.trim().is_empty()
            && let Err(m) = rules::parse_location(&d.location)
        {
            errors.push(err("存放位置", m));
        }
        if errors.len() == before {
            inputs.push(FileInput {
                number: d.number.clone(),
                kind: d.kind.clone(),
                title: d.title.clone(),
                unit_id: unit,
                staff_id: staff,
                location: d.location.clone(),
                secrecy: d.secrecy,
                retention: d.retention,
                pages: d.pages,
                copies: 1,
                formed_on: d.formed_on,
                filed_on: Some(now.date()),
                filed_by: by.to_string(),
                notes: d.notes.clone(),
                docs: Vec::new(),
            });
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(Error::Import(ImportFailure {
            file: file.to_string(),
            errors,
        }));
    }
    let what = format!("从“{file}”导入");
    for f in &inputs {
        insert_file(&tx, f, by, now, &what)?;
    }
    tx.commit()?;
    Ok(inputs.len())
}
