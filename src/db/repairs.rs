//! Repair calls (报修) and their work orders: every change goes through
//! `domain::repairs::transition`, and each dispatch and hand-off is kept as a step of the chain.

use super::visits::{month_range, opt_time, time_from_sql, time_text};
use super::{exec, row};
use crate::domain::complaints::Satisfaction;
use crate::domain::period::Period;
use crate::domain::repairs::{RepairAction, RepairCategory, RepairState, transition};
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};

/// A repair call as taken at the desk.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RepairInput {
    pub reported: NaiveDateTime,
    pub unit_id: Option<i64>,
    pub caller: String,
    pub phone: String,
    pub content: String,
    pub category: Option<RepairCategory>,
    pub paid: bool,
    pub appointment: Option<NaiveDateTime>,
}

pub(crate) fn insert_repair(tx: &Connection, r: &RepairInput, now: NaiveDateTime) -> Result<i64> {
    if r.content.trim().is_empty() {
        return Err(Error::invalid("请填写报修内容。"));
    }
    if let Some(a) = r.appointment
        && a < r.reported
    {
        return Err(Error::invalid("预约时间早于报修时间。"));
    }
    exec(
        tx,
        "INSERT INTO repair(reported_at, unit_id, caller, phone, content, category, paid,
                            appointment_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            time_text(r.reported),
            r.unit_id,
            r.caller.trim(),
            r.phone.trim(),
            r.content.trim(),
            r.category.unwrap_or(RepairCategory::Other).as_str(),
            r.paid,
            r.appointment.map(time_text),
            super::stamp(now),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

pub fn add_repair(conn: &Connection, r: &RepairInput, now: NaiveDateTime) -> Result<i64> {
    let tx = super::write_tx(conn)?;
    let id = insert_repair(&tx, r, now)?;
    tx.commit()?;
    Ok(id)
}

/// What completing a work order records.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Completion {
    pub result: String,
    pub materials: String,
    /// A paid repair's charge in fen (0 for a free one).
    pub charge_fen: i64,
}

/// A change to a work order, with what it needs.
#[derive(Debug, Clone, PartialEq)]
pub enum RepairChange {
    /// To a technician: the first dispatch, or a hand-off when it already has one.
    Dispatch {
        staff_id: i64,
    },
    Complete(Completion),
    Revisit(Satisfaction),
    Return(String),
    Pause(String),
    Resume,
}

/// Applies `change` at `at` by `by`, through the one transition function; the chain of
/// dispatches is kept in `repair_step`.
pub fn change(
    conn: &Connection,
    id: i64,
    change: &RepairChange,
    at: NaiveDateTime,
    by: &str,
) -> Result<RepairState> {
    let tx = super::write_tx(conn)?;
    let r = repair_in(&tx, id)?;
    if at < r.reported {
        return Err(Error::invalid("时间早于报修时间。"));
    }
    let action = match change {
        RepairChange::Dispatch { .. } if r.technician_id.is_some() => RepairAction::HandOff,
        RepairChange::Dispatch { .. } => RepairAction::Dispatch,
        RepairChange::Complete(_) => RepairAction::Complete,
        RepairChange::Revisit(_) => RepairAction::Revisit,
        RepairChange::Return(reason) => RepairAction::Return { reason },
        RepairChange::Pause(reason) => RepairAction::Pause { reason },
        RepairChange::Resume => RepairAction::Resume {
            dispatched: r.technician_id.is_some(),
        },
    };
    let next = transition(r.state, action).map_err(Error::invalid)?;
    let mut step_staff = None;
    let mut detail = String::new();
    match change {
        RepairChange::Dispatch { staff_id } => {
            let name: Option<String> = row(
                &tx,
                "SELECT s.name FROM staff s WHERE s.id = ?1 AND s.state = '在职'",
                [staff_id],
                |r| r.get(0),
            )
            .optional()?;
            let name = name.ok_or_else(|| Error::invalid("维修人不在在职员工中。"))?;
            exec(
                &tx,
                "UPDATE repair SET technician_id = ?2 WHERE id = ?1",
                params![id, staff_id],
            )?;
            step_staff = Some(*staff_id);
            detail = match &r.technician {
                Some(from) if !from.is_empty() => format!("{from} → {name}"),
                _ => name,
            };
        }
        RepairChange::Complete(c) => {
            if c.charge_fen < 0 {
                return Err(Error::invalid("费用不能为负。"));
            }
            if c.charge_fen > 0 && !r.paid {
                return Err(Error::invalid("无偿维修不收费：费用应为 0。"));
            }
            exec(
                &tx,
                "UPDATE repair SET completed_at = ?2, result = ?3, materials = ?4, charge_fen = ?5
                 WHERE id = ?1",
                params![
                    id,
                    time_text(at),
                    c.result.trim(),
                    c.materials.trim(),
                    c.charge_fen
                ],
            )?;
            detail = c.result.trim().to_string();
        }
        RepairChange::Revisit(s) => {
            if r.completed.is_some_and(|c| at < c) {
                return Err(Error::invalid("回访时间早于完工时间。"));
            }
            exec(
                &tx,
                "UPDATE repair SET revisit_at = ?2, satisfaction = ?3 WHERE id = ?1",
                params![id, time_text(at), s.as_str()],
            )?;
            detail = s.as_str().to_string();
        }
        RepairChange::Return(reason) | RepairChange::Pause(reason) => {
            exec(
                &tx,
                "UPDATE repair SET reason = ?2 WHERE id = ?1",
                params![id, reason.trim()],
            )?;
            detail = reason.trim().to_string();
        }
        RepairChange::Resume => {}
    }
    exec(
        &tx,
        "UPDATE repair SET state = ?2 WHERE id = ?1",
        params![id, next.as_str()],
    )?;
    exec(
        &tx,
        "INSERT INTO repair_step(repair_id, at, action, staff_id, detail, by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, time_text(at), action.label(), step_staff, detail, by],
    )?;
    tx.commit()?;
    Ok(next)
}

/// A work order as the register, the screen and the printed 派工单 show it.
#[derive(Debug, Clone, PartialEq)]
pub struct RepairRow {
    pub id: i64,
    pub reported: NaiveDateTime,
    pub unit_id: Option<i64>,
    pub unit: String,
    pub caller: String,
    pub phone: String,
    pub content: String,
    pub category: RepairCategory,
    pub paid: bool,
    pub appointment: Option<NaiveDateTime>,
    pub state: RepairState,
    pub technician_id: Option<i64>,
    pub technician: Option<String>,
    pub completed: Option<NaiveDateTime>,
    pub result: String,
    pub materials: String,
    pub charge_fen: i64,
    pub bill_id: Option<i64>,
    pub revisited: Option<NaiveDateTime>,
    pub satisfaction: Option<Satisfaction>,
    pub reason: String,
}

impl RepairRow {
    /// Completed by the appointment (or within 24 hours of the call with none).
    pub fn on_time(&self) -> Option<bool> {
        crate::domain::repairs::on_time(self.reported, self.appointment, self.completed, 24)
    }
}

const REPAIR_SELECT: &str = "SELECT r.id, r.reported_at, r.unit_id,
        coalesce(b.name || e.name || u.room, ''), r.caller, r.phone, r.content, r.category,
        r.paid, r.appointment_at, r.state, r.technician_id, s.name, r.completed_at, r.result,
        r.materials, r.charge_fen, r.bill_id, r.revisit_at, r.satisfaction, r.reason
    FROM repair r LEFT JOIN unit u ON u.id = r.unit_id
    LEFT JOIN entrance e ON e.id = u.entrance_id LEFT JOIN building b ON b.id = e.building_id
    LEFT JOIN staff s ON s.id = r.technician_id";

fn repair_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RepairRow> {
    Ok(RepairRow {
        id: r.get(0)?,
        reported: time_from_sql(&r.get::<_, String>(1)?),
        unit_id: r.get(2)?,
        unit: r.get(3)?,
        caller: r.get(4)?,
        phone: r.get(5)?,
        content: r.get(6)?,
        category: RepairCategory::parse(&r.get::<_, String>(7)?).unwrap_or(RepairCategory::Other),
        paid: r.get(8)?,
        appointment: opt_time(r.get(9)?),
        state: super::enum_from_sql(r.get(10)?, RepairState::parse)?,
        technician_id: r.get(11)?,
        technician: r.get(12)?,
        completed: opt_time(r.get(13)?),
        result: r.get(14)?,
        materials: r.get(15)?,
        charge_fen: r.get(16)?,
        bill_id: r.get(17)?,
        revisited: opt_time(r.get(18)?),
        satisfaction: Satisfaction::parse(&r.get::<_, String>(19)?),
        reason: r.get(20)?,
    })
}

fn repair_in(conn: &Connection, id: i64) -> Result<RepairRow> {
    let sql = format!("{REPAIR_SELECT} WHERE r.id = ?1");
    row(conn, &sql, [id], repair_from_row)
        .optional()?
        .ok_or_else(|| Error::invalid(format!("没有第 {id} 号维修单。")))
}

pub fn repair(conn: &Connection, id: i64) -> Result<RepairRow> {
    repair_in(conn, id)
}

/// The calls received in `month`.
pub fn month_repairs(conn: &Connection, month: Period) -> Result<Vec<RepairRow>> {
    let sql = format!(
        "{REPAIR_SELECT} WHERE r.reported_at >= ?1 AND r.reported_at < ?2
         ORDER BY r.reported_at, r.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(month_range(month), repair_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Work orders not done whose appointment has passed (the home screen's 报修超过预约时间),
/// oldest appointment first; the partial index keeps it to the open orders.
pub fn past_appointment(conn: &Connection, now: NaiveDateTime) -> Result<Vec<RepairRow>> {
    let sql = format!(
        "{REPAIR_SELECT}
         WHERE r.state IN ('待派工', '已派工') AND r.appointment_at IS NOT NULL
           AND r.appointment_at < ?1
         ORDER BY r.appointment_at, r.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([now.format("%Y-%m-%d %H:%M").to_string()], repair_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A unit's repairs, newest first.
pub fn unit_repairs(conn: &Connection, unit_id: i64) -> Result<Vec<RepairRow>> {
    let sql = format!("{REPAIR_SELECT} WHERE r.unit_id = ?1 ORDER BY r.reported_at DESC");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([unit_id], repair_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The chain of a work order: (at, action, detail, by).
pub fn steps(conn: &Connection, id: i64) -> Result<super::visits::History> {
    super::visits::history(
        conn,
        "SELECT at, action, detail, by FROM repair_step WHERE repair_id = ?1 ORDER BY at, id",
        id,
    )
}

/// `import repairs`: every row checked (household, technician) before any is written, in one
/// transaction; the state follows from what the row records (维修人 → 已派工, 完成时间 →
/// 已完成, 回访时间 → 已回访).
pub fn import_repairs(
    conn: &Connection,
    file: &str,
    rows: &[(usize, crate::io::frontdesk::RepairDraft)],
    prior: Vec<crate::io::RowError>,
    now: NaiveDateTime,
) -> Result<usize> {
    use crate::io::{ImportFailure, RowError};
    let tx = super::write_tx(conn)?;
    // The rows the sheet itself refused are named with what the records refuse.
    let mut errors = prior;
    let mut ready = Vec::new();
    for (line, d) in rows {
        let err = |column: &str, message: String| RowError {
            row: *line,
            column: column.into(),
            message,
        };
        let unit = super::visits::resolve_unit(&tx, &d.unit)
            .map_err(|m| errors.push(err("房号", m)))
            .ok()
            .flatten();
        let tech = if d.technician.is_empty() {
            None
        } else {
            super::visits::resolve_staff(&tx, &d.technician)
                .map_err(|m| errors.push(err("维修人", m)))
                .ok()
        };
        ready.push((d, unit, tech));
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(Error::Import(ImportFailure {
            file: file.to_string(),
            errors,
        }));
    }
    for (d, unit_id, tech) in &ready {
        let id = insert_repair(
            &tx,
            &RepairInput {
                reported: d.reported,
                unit_id: *unit_id,
                caller: d.caller.clone(),
                phone: d.phone.clone(),
                content: d.content.clone(),
                category: Some(d.category),
                paid: d.paid,
                appointment: d.appointment,
            },
            now,
        )?;
        let state = match (tech, d.completed, d.revisit) {
            (_, Some(_), Some(_)) => RepairState::Revisited,
            (_, Some(_), None) => RepairState::Done,
            (Some(_), None, _) => RepairState::Dispatched,
            (None, None, _) => RepairState::Waiting,
        };
        exec(
            &tx,
            "UPDATE repair SET state = ?2, technician_id = ?3, completed_at = ?4, result = ?5,
                    charge_fen = ?6, revisit_at = ?7, satisfaction = ?8 WHERE id = ?1",
            params![
                id,
                state.as_str(),
                tech,
                d.completed.map(time_text),
                d.result.trim(),
                d.charge_fen,
                d.revisit.map(time_text),
                d.satisfaction.map(|s| s.as_str()).unwrap_or(""),
            ],
        )?;
        if let Some(t) = tech {
            exec(
                &tx,
                "INSERT INTO repair_step(repair_id, at, action, staff_id, detail, by)
                 VALUES (?1, ?2, '派工', ?3, ?4, '导入')",
                params![id, time_text(d.reported), t, d.technician],
            )?;
        }
    }
    tx.commit()?;
    Ok(ready.len())
}

/// The fee item a paid repair is billed under (a one-off item, made the first time it is needed).
pub const REPAIR_ITEM: &str = "有偿维修";

/// Bills a completed paid repair's charge to its household as a one-off line of the charging
/// ledger (收费台账), once; the work order keeps the bill it made.
pub fn bill_repair(conn: &Connection, id: i64, by: &str, now: NaiveDateTime) -> Result<i64> {
    let tx = super::write_tx(conn)?;
    let r = repair_in(&tx, id)?;
    let Some(unit_id) = r.unit_id else {
        return Err(Error::invalid("公共部位的报修没有住户，不能开单收费。"));
    };
    let Some(completed) = r.completed else {
        return Err(Error::invalid("完工后才能开单收费。"));
    };
    if !r.paid || r.charge_fen <= 0 {
        return Err(Error::invalid("这是无偿维修，或完工时没有填费用。"));
    }
    if r.bill_id.is_some() {
        return Err(Error::invalid(format!("维修单第 {id} 号已开单收费。")));
    }
    let period = Period::of(completed.date());
    let item: Option<i64> = row(
        &tx,
        "SELECT id FROM fee_item WHERE name = ?1",
        [REPAIR_ITEM],
        |r| r.get(0),
    )
    .optional()?;
    let item = match item {
        Some(i) => i,
        None => {
            exec(
                &tx,
                "INSERT INTO fee_item(name, kind, scope, scope_value, refundable, start_period,
                                      notes, created_at)
                 VALUES (?1, '一次性', '全部', '', 0, ?2, '报修有偿维修开单时建立', ?3)",
                params![REPAIR_ITEM, period.to_string(), super::stamp(now)],
            )?;
            tx.last_insert_rowid()
        }
    };
    let bill = super::charging::insert_single_bill(
        &tx,
        unit_id,
        item,
        period,
        r.charge_fen,
        &format!("维修单第 {id} 号：{}", r.content),
        by,
        now,
    )?;
    exec(
        &tx,
        "UPDATE repair SET bill_id = ?2 WHERE id = ?1",
        params![id, bill],
    )?;
    tx.commit()?;
    Ok(bill)
}
