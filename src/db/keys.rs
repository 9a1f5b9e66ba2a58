//! The key registry: catalogue, loans and returns, state changes, deposits, handover counts.
//! Every change goes through `domain::keys::transition`; nothing is ever deleted.

use super::{date_from_sql, enum_from_sql, exec, row};
use crate::domain::keys::{
    KeyAction, KeyCategory, KeyInput, KeyState, LoanInput, OwnerKeyKind, transition,
};
use crate::domain::text::normalize;
use crate::error::{Error, Result};
use crate::io::{ImportFailure, RowError};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

const TIME: &str = "%Y-%m-%d %H:%M:%S";

pub fn time_text(t: NaiveDateTime) -> String {
    t.format(TIME).to_string()
}

fn time_from_sql(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, TIME).unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoanRow {
    pub id: i64,
    pub key_id: i64,
    pub tag: String,
    pub key_label: String,
    pub borrower: String,
    pub staff_id: Option<i64>,
    pub phone: String,
    pub company: String,
    pub id_number: String,
    pub purpose: String,
    pub out_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub lent_by: String,
    pub emergency_reason: String,
    pub returned_at: Option<NaiveDateTime>,
    pub received_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyRow {
    pub id: i64,
    pub tag: String,
    pub category: KeyCategory,
    pub kind: Option<OwnerKeyKind>,
    pub unit_id: Option<i64>,
    pub building: String,
    pub entrance: String,
    pub room: String,
    pub target: String,
    pub position: String,
    pub copies: i64,
    pub emergency: bool,
    pub state: KeyState,
    pub notes: String,
    /// The open loan while the key is out.
    pub loan: Option<LoanRow>,
}

/// What a key opens, as registers and messages name it: `10号楼1单元1201 防盗门`, `配电房`.
fn key_label(
    building: &str,
    entrance: &str,
    room: &str,
    target: &str,
    kind: Option<OwnerKeyKind>,
) -> String {
    let mut s = if room.is_empty() {
        target.to_string()
    } else {
        format!("{building}{entrance}{room}")
    };
    if let Some(k) = kind {
        s.push(' ');
        s.push_str(k.as_str());
    }
    s
}

impl KeyRow {
    pub fn label(&self) -> String {
        key_label(
            &self.building,
            &self.entrance,
            &self.room,
            &self.target,
            self.kind,
        )
    }
}

/// The unit a key `k` opens (none for public doors and equipment), for its label.
macro_rules! unit_of_key {
    () => {
        " LEFT JOIN unit u ON u.id = k.unit_id
          LEFT JOIN entrance e ON e.id = u.entrance_id
          LEFT JOIN building b ON b.id = e.building_id"
    };
}

/// The columns `key_from_row` reads, in its order.
macro_rules! key_columns {
    () => {
        "k.id, k.tag, k.category, k.kind, k.unit_id,
         coalesce(b.name, ''), coalesce(e.name, ''), coalesce(u.room, ''), k.target, k.position,
         k.copies, k.emergency, k.state, k.notes"
    };
}

const KEY_SELECT: &str = concat!(
    "SELECT ",
    key_columns!(),
    " FROM key_item k",
    unit_of_key!()
);

fn key_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<KeyRow> {
    let kind: String = r.get(3)?;
    Ok(KeyRow {
        id: r.get(0)?,
        tag: r.get(1)?,
        category: enum_from_sql(r.get(2)?, KeyCategory::parse)?,
        kind: OwnerKeyKind::parse(&kind),
        unit_id: r.get(4)?,
        building: r.get(5)?,
        entrance: r.get(6)?,
        room: r.get(7)?,
        target: r.get(8)?,
        position: r.get(9)?,
        copies: r.get(10)?,
        emergency: r.get(11)?,
        state: enum_from_sql(r.get(12)?, KeyState::parse)?,
        notes: r.get(13)?,
        loan: None,
    })
}

const LOAN_SELECT: &str = concat!(
    "SELECT l.id, l.key_id, k.tag, l.borrower, l.staff_id, l.phone,
        l.company, l.id_number, l.purpose, l.out_at, l.due_at, l.lent_by, l.emergency_reason,
        l.returned_at, l.received_by, coalesce(b.name, ''), coalesce(e.name, ''),
        coalesce(u.room, ''), k.target, k.kind
     FROM key_loan l JOIN key_item k ON k.id = l.key_id",
    unit_of_key!()
);

fn loan_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LoanRow> {
    let returned: Option<String> = r.get(13)?;
    let kind: String = r.get(19)?;
    Ok(LoanRow {
        id: r.get(0)?,
        key_id: r.get(1)?,
        tag: r.get(2)?,
        borrower: r.get(3)?,
        staff_id: r.get(4)?,
        phone: r.get(5)?,
        company: r.get(6)?,
        id_number: r.get(7)?,
        purpose: r.get(8)?,
        out_at: time_from_sql(&r.get::<_, String>(9)?),
        due_at: time_from_sql(&r.get::<_, String>(10)?),
        lent_by: r.get(11)?,
        emergency_reason: r.get(12)?,
        returned_at: returned.as_deref().map(time_from_sql),
        received_by: r.get(14)?,
        key_label: key_label(
            &r.get::<_, String>(15)?,
            &r.get::<_, String>(16)?,
            &r.get::<_, String>(17)?,
            &r.get::<_, String>(18)?,
            OwnerKeyKind::parse(&kind),
        ),
    })
}

fn query_loans(
    conn: &Connection,
    filter: &str,
    p: &[&dyn rusqlite::ToSql],
) -> Result<Vec<LoanRow>> {
    let mut stmt = conn.prepare_cached(&format!("{LOAN_SELECT} {filter}"))?;
    let rows = stmt
        .query_map(p, loan_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The whole catalogue with each key's open loan, in natural tag order.
pub fn list_keys(conn: &Connection) -> Result<Vec<KeyRow>> {
    let mut stmt = conn.prepare_cached(&format!("{KEY_SELECT} ORDER BY k.tag"))?;
    let mut keys = stmt
        .query_map([], key_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // B-2 before B-10, as the cabinet hangs them.
    keys.sort_by(|a, b| crate::domain::text::natural_cmp(&a.tag, &b.tag));
    let mut open: HashMap<i64, LoanRow> = open_loans(conn)?
        .into_iter()
        .map(|l| (l.key_id, l))
        .collect();
    for k in &mut keys {
        k.loan = open.remove(&k.id);
    }
    Ok(keys)
}

/// The keys that open a unit (owners' keys deposited with the office), with their open
/// loans, for the unit's panel.
pub fn keys_of_unit(conn: &Connection, unit_id: i64) -> Result<Vec<KeyRow>> {
    let mut stmt = conn.prepare_cached(&format!("{KEY_SELECT} WHERE k.unit_id = ?1"))?;
    let mut keys = stmt
        .query_map([unit_id], key_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    keys.sort_by(|a, b| crate::domain::text::natural_cmp(&a.tag, &b.tag));
    for k in &mut keys {
        k.loan = query_loans(
            conn,
            "WHERE l.key_id = ?1 AND l.returned_at IS NULL",
            &[&k.id],
        )?
        .pop();
    }
    Ok(keys)
}

/// A key by its tag (case and full-width digits ignored).
pub fn key_by_tag(conn: &Connection, tag: &str) -> Result<Option<KeyRow>> {
    let tag = normalize(tag).to_uppercase();
    one_key(conn, "k.tag = ?1", &tag)
}

/// A key by its id, with its open loan.
pub fn key_by_id(conn: &Connection, id: i64) -> Result<Option<KeyRow>> {
    one_key(conn, "k.id = ?1", &id)
}

fn one_key(conn: &Connection, filter: &str, p: &dyn rusqlite::ToSql) -> Result<Option<KeyRow>> {
    let key = conn
        .prepare_cached(&format!("{KEY_SELECT} WHERE {filter}"))?
        .query_row([p], key_from_row)
        .optional()?;
    match key {
        Some(mut k) => {
            k.loan = query_loans(
                conn,
                "WHERE l.key_id = ?1 AND l.returned_at IS NULL",
                &[&k.id],
            )?
            .pop();
            Ok(Some(k))
        }
        None => Ok(None),
    }
}

fn require_key(conn: &Connection, tag: &str) -> Result<KeyRow> {
    key_by_tag(conn, tag)?.ok_or_else(|| {
        Error::invalid(format!(
            "没有挂牌号为“{}”的钥匙，请核对牌号。",
            normalize(tag).to_uppercase()
        ))
    })
}

fn event(
    conn: &Connection,
    key_id: i64,
    at: &str,
    kind: &str,
    detail: &str,
    by: &str,
) -> Result<()> {
    exec(
        conn,
        "INSERT INTO key_event(key_id, at, kind, detail, by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![key_id, at, kind, detail, by],
    )?;
    Ok(())
}

fn unit_id(conn: &Connection, unit: &Option<(String, String, String)>) -> Result<Option<i64>> {
    let Some((b, e, r)) = unit else {
        return Ok(None);
    };
    let id: Option<i64> = row(
        conn,
        "SELECT u.id FROM unit u JOIN entrance e ON e.id = u.entrance_id
         JOIN building b ON b.id = e.building_id
         WHERE b.name = ?1 AND e.name = ?2 AND u.room = ?3",
        params![b, e, r],
        |r| r.get(0),
    )
    .optional()?;
    match id {
        Some(id) => Ok(Some(id)),
        None => Err(Error::invalid(format!(
            "房屋 {b}{e}{r} 不在房屋清册中，请先在“房屋与业主”中登记。"
        ))),
    }
}

fn write_key(
    conn: &Connection,
    id: Option<i64>,
    k: &KeyInput,
    now: &str,
    by: &str,
    kind_of_event: &str,
) -> Result<i64> {
    let taken: Option<i64> = row(
        conn,
        "SELECT id FROM key_item WHERE tag = ?1",
        [&k.tag],
        |r| r.get(0),
    )
    .optional()?;
    if taken.is_some() && taken != id {
        return Err(Error::invalid(format!(
            "挂牌号“{}”已被另一把钥匙使用。",
            k.tag
        )));
    }
    let unit = unit_id(conn, &k.unit)?;
    let kind = k.kind.map(OwnerKeyKind::as_str).unwrap_or("");
    let category = k.category.as_str();
    // ?1–?10 in the same order for both statements; the update adds the id as ?11.
    let values: [&dyn rusqlite::ToSql; 10] = [
        &k.tag,
        &category,
        &kind,
        &unit,
        &k.target,
        &k.position,
        &k.copies,
        &k.emergency,
        &k.notes,
        &now,
    ];
    let id = match id {
        Some(id) => {
            let n = exec(
                conn,
                "UPDATE key_item SET tag = ?1, category = ?2, kind = ?3, unit_id = ?4, target = ?5,
                    position = ?6, copies = ?7, emergency = ?8, notes = ?9, updated_at = ?10
                 WHERE id = ?11",
                rusqlite::params_from_iter(values.iter().chain([&(&id as &dyn rusqlite::ToSql)])),
            )?;
            if n == 0 {
                return Err(Error::NotFound("钥匙".into()));
            }
            id
        }
        None => {
            exec(
                conn,
                "INSERT INTO key_item(tag, category, kind, unit_id, target, position, copies,
                    emergency, notes, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                rusqlite::params_from_iter(values.iter()),
            )?;
            conn.last_insert_rowid()
        }
    };
    event(conn, id, now, kind_of_event, &k.tag, by)?;
    Ok(id)
}

pub fn create_key(conn: &Connection, k: &KeyInput, now: &str, by: &str) -> Result<i64> {
    let tx = super::write_tx(conn)?;
    let id = write_key(&tx, None, k, now, by, "新建")?;
    tx.commit()?;
    Ok(id)
}

pub fn update_key(conn: &Connection, id: i64, k: &KeyInput, now: &str, by: &str) -> Result<()> {
    let tx = super::write_tx(conn)?;
    write_key(&tx, Some(id), k, now, by, "修改")?;
    tx.commit()?;
    Ok(())
}

/// Imports a catalogue in one transaction: any tag already taken or unit not on file refuses
/// the whole file, with every problem listed.
pub fn import_keys(
    conn: &Connection,
    file: &str,
    rows: &[(usize, KeyInput)],
    now: &str,
    by: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize> {
    let tx = super::write_tx(conn)?;
    let mut errors = Vec::new();
    for (line, k) in rows {
        let taken: bool = row(
            &tx,
            "SELECT EXISTS(SELECT 1 FROM key_item WHERE tag = ?1)",
            [&k.tag],
            |r| r.get(0),
        )?;
        if taken {
            errors.push(RowError {
                row: *line,
                column: "挂牌号".into(),
                message: format!("挂牌号“{}”在数据库中已存在", k.tag),
            });
        }
        if let Err(e) = unit_id(&tx, &k.unit) {
            errors.push(RowError {
                row: *line,
                column: "房号".into(),
                message: e.to_string(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(Error::Import(ImportFailure {
            file: file.to_string(),
            errors,
        }));
    }
    for (i, (_, k)) in rows.iter().enumerate() {
        write_key(&tx, None, k, now, by, "导入")?;
        if i % 50 == 0 || i + 1 == rows.len() {
            progress(i + 1, rows.len());
        }
    }
    tx.commit()?;
    Ok(rows.len())
}

fn refused(k: &KeyRow, why: String) -> Error {
    let mut message = format!("钥匙 {}（{}）：{why}", k.tag, k.label());
    if let Some(l) = &k.loan {
        message.push_str(&format!(
            "。现借用人：{}{}，{} 借出",
            l.borrower,
            if l.phone.is_empty() {
                String::new()
            } else {
                format!("（{}）", l.phone)
            },
            l.out_at.format("%m-%d %H:%M")
        ));
    }
    message.push('。');
    Error::invalid(message)
}

/// Lends the key with this tag. Refused — with the reason and, for a key already out, who has
/// it — unless the state machine allows it. Returns the new loan.
pub fn lend(
    conn: &Connection,
    tag: &str,
    loan: &LoanInput,
    custodian: &str,
    now: NaiveDateTime,
) -> Result<LoanRow> {
    let custodian = require_custodian(custodian)?;
    let tx = super::write_tx(conn)?;
    let k = require_key(&tx, tag)?;
    let next = transition(
        k.state,
        k.emergency,
        KeyAction::Lend {
            emergency_reason: &loan.emergency_reason,
        },
    )
    .map_err(|e| refused(&k, e))?;
    if loan.due <= now {
        return Err(Error::invalid("应还时间必须晚于借出时间。"));
    }
    let at = time_text(now);
    exec(
        &tx,
        "INSERT INTO key_loan(key_id, staff_id, borrower, phone, company, id_number, purpose,
            out_at, due_at, lent_by, emergency_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            k.id,
            loan.staff_id,
            loan.borrower,
            loan.phone,
            loan.company,
            loan.id_number,
            loan.purpose,
            at,
            time_text(loan.due),
            custodian,
            loan.emergency_reason
        ],
    )?;
    let loan_id = tx.last_insert_rowid();
    set_state(&tx, k.id, next, &at)?;
    let detail = if loan.emergency_reason.is_empty() {
        format!("借给 {}", loan.borrower)
    } else {
        format!("紧急借给 {}：{}", loan.borrower, loan.emergency_reason)
    };
    event(&tx, k.id, &at, "借出", &detail, &custodian)?;
    let row = query_loans(&tx, "WHERE l.id = ?1", &[&loan_id])?
        .pop()
        .ok_or_else(|| Error::NotFound("借出记录".into()))?;
    tx.commit()?;
    Ok(row)
}

/// Takes back the key with this tag; returns the closed loan.
pub fn return_key(
    conn: &Connection,
    tag: &str,
    custodian: &str,
    now: NaiveDateTime,
) -> Result<LoanRow> {
    let custodian = require_custodian(custodian)?;
    let tx = super::write_tx(conn)?;
    let k = require_key(&tx, tag)?;
    let next = transition(k.state, k.emergency, KeyAction::Return).map_err(|e| refused(&k, e))?;
    let Some(loan) = &k.loan else {
        return Err(refused(&k, "没有未归还的借出记录".into()));
    };
    let at = time_text(now.max(loan.out_at));
    exec(
        &tx,
        "UPDATE key_loan SET returned_at = ?1, received_by = ?2 WHERE id = ?3",
        params![at, custodian, loan.id],
    )?;
    set_state(&tx, k.id, next, &at)?;
    event(
        &tx,
        k.id,
        &at,
        "归还",
        &format!("{} 归还", loan.borrower),
        &custodian,
    )?;
    let row = query_loans(&tx, "WHERE l.id = ?1", &[&loan.id])?
        .pop()
        .ok_or_else(|| Error::NotFound("借出记录".into()))?;
    tx.commit()?;
    Ok(row)
}

/// 登记遗失, 停用, 恢复在库. A key lost while out closes its loan (marked in the event).
pub fn change_state(
    conn: &Connection,
    key_id: i64,
    action: KeyAction<'_>,
    note: &str,
    custodian: &str,
    now: NaiveDateTime,
) -> Result<KeyState> {
    let custodian = require_custodian(custodian)?;
    let tx = super::write_tx(conn)?;
    let k = key_by_id(&tx, key_id)?.ok_or_else(|| Error::NotFound("钥匙".into()))?;
    let next = transition(k.state, k.emergency, action).map_err(|e| refused(&k, e))?;
    let at = time_text(now);
    if let Some(loan) = &k.loan {
        exec(
            &tx,
            "UPDATE key_loan SET returned_at = ?1, received_by = ?2 WHERE id = ?3",
            params![at, format!("（遗失）{custodian}"), loan.id],
        )?;
    }
    set_state(&tx, k.id, next, &at)?;
    let kind = match action {
        KeyAction::ReportLost => "遗失",
        KeyAction::Disable => "停用",
        _ => "恢复",
    };
    event(&tx, k.id, &at, kind, note.trim(), &custodian)?;
    tx.commit()?;
    Ok(next)
}

fn set_state(conn: &Connection, id: i64, state: KeyState, at: &str) -> Result<()> {
    exec(
        conn,
        "UPDATE key_item SET state = ?1, updated_at = ?2 WHERE id = ?3",
        params![state.as_str(), at, id],
    )?;
    Ok(())
}

fn require_custodian(name: &str) -> Result<String> {
    let name = normalize(name);
    if name.is_empty() {
        return Err(Error::invalid(
            "请先填写当班钥匙管理员，借出和归还都要记下经办人。",
        ));
    }
    Ok(name)
}

/// Every loan not yet returned, the longest out first.
pub fn open_loans(conn: &Connection) -> Result<Vec<LoanRow>> {
    query_loans(
        conn,
        "WHERE l.returned_at IS NULL ORDER BY l.due_at, l.id",
        &[],
    )
}

/// Open loans past their due time at `now`, the most overdue first.
pub fn overdue_loans(conn: &Connection, now: NaiveDateTime) -> Result<Vec<LoanRow>> {
    query_loans(
        conn,
        "WHERE l.returned_at IS NULL AND l.due_at < ?1 ORDER BY l.due_at, l.id",
        &[&time_text(now)],
    )
}

/// Loans that went out between `from` and `to` (whole days), for the register.
pub fn loans_between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<LoanRow>> {
    let from = format!("{} 00:00:00", from.format("%Y-%m-%d"));
    let to = format!("{} 23:59:59", to.format("%Y-%m-%d"));
    query_loans(
        conn,
        "WHERE l.out_at BETWEEN ?1 AND ?2 ORDER BY l.out_at, l.id",
        &[&from, &to],
    )
}

/// A key's loans, newest first.
pub fn loans_of_key(conn: &Connection, key_id: i64) -> Result<Vec<LoanRow>> {
    query_loans(
        conn,
        "WHERE l.key_id = ?1 ORDER BY l.out_at DESC, l.id DESC",
        &[&key_id],
    )
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyEvent {
    pub at: String,
    pub kind: String,
    pub detail: String,
    pub by: String,
}

pub fn key_events(conn: &Connection, key_id: i64) -> Result<Vec<KeyEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, kind, detail, by FROM key_event WHERE key_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt
        .query_map([key_id], |r| {
            Ok(KeyEvent {
                at: r.get(0)?,
                kind: r.get(1)?,
                detail: r.get(2)?,
                by: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deposit {
    pub date: NaiveDate,
    pub deposited_by: String,
    pub witness: String,
    pub sealed: bool,
    pub notes: String,
}

/// An owner's spare key deposited (留存/封存) at move-in, with the witness.
pub fn add_deposit(
    conn: &Connection,
    key_id: i64,
    d: &Deposit,
    custodian: &str,
    now: &str,
) -> Result<()> {
    let deposited_by = normalize(&d.deposited_by);
    let witness = normalize(&d.witness);
    if deposited_by.is_empty() || witness.is_empty() {
        return Err(Error::invalid(
            "留存钥匙须写明交存人和见证人（秩序维护员）。",
        ));
    }
    let tx = super::write_tx(conn)?;
    tx.execute(
        "INSERT INTO key_deposit(key_id, date, deposited_by, witness, sealed, notes, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            key_id,
            d.date.format("%Y-%m-%d").to_string(),
            deposited_by,
            witness,
            d.sealed,
            d.notes.trim(),
            now
        ],
    )?;
    let detail = format!(
        "{}由 {deposited_by} 交存，{witness} 见证",
        if d.sealed { "封存，" } else { "" }
    );
    event(&tx, key_id, now, "留存", &detail, custodian.trim())?;
    tx.commit()?;
    Ok(())
}

pub fn deposits(conn: &Connection, key_id: i64) -> Result<Vec<Deposit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT date, deposited_by, witness, sealed, notes FROM key_deposit
         WHERE key_id = ?1 ORDER BY date DESC, id DESC",
    )?;
    let rows = stmt
        .query_map([key_id], |r| {
            Ok(Deposit {
                date: date_from_sql(r.get(0)?).unwrap_or_default(),
                deposited_by: r.get(1)?,
                witness: r.get(2)?,
                sealed: r.get(3)?,
                notes: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

// ---------------------------------------------------------------- handover counts

/// One line of a saved count.
#[derive(Debug, Clone, PartialEq)]
pub struct CountLine {
    pub key_id: i64,
    pub tag: String,
    pub label: String,
    pub category: KeyCategory,
    pub position: String,
    pub expected: bool,
    pub present: bool,
    /// Who had the key on loan at the count (name and phone), empty for a key in the cabinet.
    pub holder: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HandoverCount {
    pub id: i64,
    pub at: String,
    pub outgoing: String,
    pub incoming: String,
    pub notes: String,
    pub lines: Vec<CountLine>,
}

impl HandoverCount {
    pub fn missing(&self) -> Vec<&CountLine> {
        self.lines
            .iter()
            .filter(|l| l.expected && !l.present)
            .collect()
    }

    pub fn unexpected(&self) -> Vec<&CountLine> {
        self.lines
            .iter()
            .filter(|l| !l.expected && l.present)
            .collect()
    }
}

/// Saves a handover count: `found` are the keys ticked as on their hooks. Every key the ledger
/// expects in stock gets a line; keys found although out get a line too.
pub fn save_count(
    conn: &Connection,
    outgoing: &str,
    incoming: &str,
    found: &[i64],
    notes: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    let outgoing = normalize(outgoing);
    let incoming = normalize(incoming);
    if outgoing.is_empty() || incoming.is_empty() {
        return Err(Error::invalid("交接班盘点须由交班人和接班人双方确认姓名。"));
    }
    let tx = super::write_tx(conn)?;
    let keys = list_keys(&tx)?;
    let found: std::collections::HashSet<i64> = found.iter().copied().collect();
    tx.execute(
        "INSERT INTO key_count(at, outgoing, incoming, notes) VALUES (?1, ?2, ?3, ?4)",
        params![time_text(now), outgoing, incoming, notes.trim()],
    )?;
    let id = tx.last_insert_rowid();
    for k in &keys {
        let expected = k.state == KeyState::InStock;
        let present = found.contains(&k.id);
        // A key on loan is on the sheet too, with who holds it: both custodians sign for it.
        let holder = k
            .loan
            .as_ref()
            .map(|l| format!("{} {}", l.borrower, l.phone).trim().to_string())
            .unwrap_or_default();
        if expected || present || k.loan.is_some() {
            exec(
                &tx,
                "INSERT INTO key_count_line(count_id, key_id, expected, present, holder) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, k.id, expected, present, holder],
            )?;
        }
    }
    super::settings::set(&tx, super::settings::KEY_CUSTODIAN, &incoming)?;
    tx.commit()?;
    Ok(id)
}

pub fn get_count(conn: &Connection, id: i64) -> Result<HandoverCount> {
    let (at, outgoing, incoming, notes): (String, String, String, String) = conn
        .query_row(
            "SELECT at, outgoing, incoming, notes FROM key_count WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound("盘点记录".into()))?;
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT ",
        key_columns!(),
        ", c.expected, c.present, c.holder
         FROM key_count_line c JOIN key_item k ON k.id = c.key_id",
        unit_of_key!(),
        " WHERE c.count_id = ?1 ORDER BY k.category, k.position, k.tag"
    ))?;
    let lines = stmt
        .query_map([id], |r| {
            let key = key_from_row(r)?;
            Ok(CountLine {
                label: key.label(),
                key_id: key.id,
                tag: key.tag,
                category: key.category,
                position: key.position,
                expected: r.get(14)?,
                present: r.get(15)?,
                holder: r.get(16)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(HandoverCount {
        id,
        at,
        outgoing,
        incoming,
        notes,
        lines,
    })
}

/// A saved count in the list of counts.
#[derive(Debug, Clone, PartialEq)]
pub struct CountSummary {
    pub id: i64,
    pub at: String,
    pub outgoing: String,
    pub incoming: String,
    pub missing: i64,
    pub unexpected: i64,
}

/// Saved counts, newest first.
pub fn list_counts(conn: &Connection) -> Result<Vec<CountSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.at, c.outgoing, c.incoming,
            (SELECT count(*) FROM key_count_line l WHERE l.count_id = c.id AND l.expected = 1 AND l.present = 0),
            (SELECT count(*) FROM key_count_line l WHERE l.count_id = c.id AND l.expected = 0 AND l.present = 1)
         FROM key_count c ORDER BY c.id DESC",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(CountSummary {
                id: r.get(0)?,
                at: r.get(1)?,
                outgoing: r.get(2)?,
                incoming: r.get(3)?,
                missing: r.get(4)?,
                unexpected: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
