//! Bulk loading for the large demo (`demo --scale large`): ten years of rows written directly,
//! in one transaction per month, with the same statements the ordinary writes use. The bill
//! lines come from the billing run's own plan (`domain::charging::plan_bills`), so `bill`
//! reproduces them exactly; the kept facts are rebuilt from the sources at the end.

use super::exec;
use crate::domain::charging::PlannedBill;
use crate::domain::period::Period;
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

/// Fast settings for a one-off load into a file nobody else has open; `finish` restores them.
pub fn start(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "synchronous", "OFF")?;
    conn.pragma_update(None, "cache_size", -200_000)?;
    Ok(())
}

pub fn finish(conn: &Connection) -> Result<()> {
    super::charging::rebuild_facts(conn)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;
    Ok(())
}

/// A month's bill lines as the billing run planned them; returns their ids in order.
pub fn bills(
    tx: &Connection,
    period: Period,
    lines: &[PlannedBill],
    by: &str,
    at: &str,
) -> Result<Vec<i64>> {
    let p = period.to_string();
    let mut ids = Vec::with_capacity(lines.len());
    for l in lines {
        exec(
            tx,
            "INSERT INTO bill(unit_id, item_id, period, kind, amount_fen, basis, created_by, created_at)
             VALUES (?1, ?2, ?3, '月度', ?4, ?5, ?6, ?7)",
            params![l.unit_id, l.item_id, p, l.amount_fen, l.basis, by, at],
        )?;
        ids.push(tx.last_insert_rowid());
    }
    Ok(ids)
}

/// A month's meter readings: (unit, previous, current) in hundredths.
pub fn readings(
    tx: &Connection,
    item_id: i64,
    period: Period,
    rows: &[(i64, i64, i64)],
    by: &str,
    at: &str,
) -> Result<()> {
    let p = period.to_string();
    for (unit, previous, current) in rows {
        exec(
            tx,
            "INSERT INTO meter_reading(unit_id, item_id, period, previous_h, current_h, replaced, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7)",
            params![unit, item_id, p, previous, current, by, at],
        )?;
    }
    Ok(())
}

/// One receipt as the counter writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub unit_id: i64,
    pub year: i32,
    pub seq: i64,
    pub paid_on: NaiveDate,
    pub method: &'static str,
    pub clerk: &'static str,
    /// (bill, amount); None for prepaid credit.
    pub lines: Vec<(Option<i64>, i64)>,
}

pub fn receipt(tx: &Connection, r: &Receipt, at: &str) -> Result<()> {
    let total: i64 = r.lines.iter().map(|l| l.1).sum();
    exec(
        tx,
        "INSERT INTO payment(receipt_no, year, seq, unit_id, paid_on, method, payer, clerk, amount_fen, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?8, '', ?9)",
        params![
            crate::domain::period::receipt_number(r.year, r.seq),
            r.year,
            r.seq,
            r.unit_id,
            super::date_to_sql(Some(r.paid_on)),
            r.method,
            r.clerk,
            total,
            at
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (bill, amount) in &r.lines {
        exec(
            tx,
            "INSERT INTO payment_line(payment_id, bill_id, amount_fen) VALUES (?1, ?2, ?3)",
            params![id, bill, amount],
        )?;
    }
    Ok(())
}

pub fn credit_use(
    tx: &Connection,
    unit_id: i64,
    bill_id: i64,
    amount_fen: i64,
    on: NaiveDate,
    at: &str,
) -> Result<()> {
    exec(
        tx,
        "INSERT INTO credit_use(unit_id, bill_id, amount_fen, used_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            unit_id,
            bill_id,
            amount_fen,
            super::date_to_sql(Some(on)),
            at
        ],
    )?;
    Ok(())
}

pub fn dunning(
    tx: &Connection,
    unit_id: i64,
    on: NaiveDate,
    method: &str,
    by: &str,
    result: &str,
    at: &str,
) -> Result<()> {
    exec(
        tx,
        "INSERT INTO dunning(unit_id, on_date, method, by_whom, result, promised_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6)",
        params![
            unit_id,
            super::date_to_sql(Some(on)),
            method,
            by,
            result,
            at
        ],
    )?;
    Ok(())
}

/// A key of the cabinet with its 新建 event; returns its id.
#[allow(clippy::too_many_arguments)]
pub fn key(
    tx: &Connection,
    tag: &str,
    category: &str,
    kind: &str,
    unit_id: Option<i64>,
    target: &str,
    position: &str,
    emergency: bool,
    at: &str,
    by: &str,
) -> Result<i64> {
    exec(
        tx,
        "INSERT INTO key_item(tag, category, kind, unit_id, target, position, copies, emergency,
            created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?8)",
        params![
            tag, category, kind, unit_id, target, position, emergency, at
        ],
    )?;
    let id = tx.last_insert_rowid();
    exec(
        tx,
        "INSERT INTO key_event(key_id, at, kind, detail, by) VALUES (?1, ?2, '新建', ?3, ?4)",
        params![id, at, tag, by],
    )?;
    Ok(id)
}

/// One loan of a key as `keys::lend` and `keys::return_key` write it, with its 借出 and 归还
/// events; a loan still out (`returned` None) leaves the key 借出.
pub struct KeyLoan<'a> {
    pub key_id: i64,
    pub borrower: &'a str,
    pub phone: &'a str,
    pub company: &'a str,
    pub purpose: &'a str,
    pub out_at: &'a str,
    pub due_at: &'a str,
    pub lent_by: &'a str,
    pub returned: Option<(&'a str, &'a str)>,
}

pub fn key_loan(tx: &Connection, l: &KeyLoan<'_>) -> Result<()> {
    let (returned_at, received_by) = match l.returned {
        Some((at, by)) => (Some(at), Some(by)),
        None => (None, None),
    };
    exec(
        tx,
        "INSERT INTO key_loan(key_id, borrower, phone, company, purpose, out_at, due_at, lent_by,
            returned_at, received_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            l.key_id,
            l.borrower,
            l.phone,
            l.company,
            l.purpose,
            l.out_at,
            l.due_at,
            l.lent_by,
            returned_at,
            received_by
        ],
    )?;
    let event = "INSERT INTO key_event(key_id, at, kind, detail, by) VALUES (?1, ?2, ?3, ?4, ?5)";
    exec(
        tx,
        event,
        params![
            l.key_id,
            l.out_at,
            "借出",
            format!("借给 {}", l.borrower),
            l.lent_by
        ],
    )?;
    match l.returned {
        Some((at, by)) => {
            exec(
                tx,
                event,
                params![l.key_id, at, "归还", format!("{} 归还", l.borrower), by],
            )?;
        }
        None => {
            exec(
                tx,
                "UPDATE key_item SET state = '借出', updated_at = ?1 WHERE id = ?2",
                params![l.out_at, l.key_id],
            )?;
        }
    }
    Ok(())
}
