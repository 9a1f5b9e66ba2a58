//! Complaints (投诉) with their three clocks, and the office's working-day calendar the revisit
//! clock may count on. Each step (reply, agreed date, resolution, revisit) is recorded with who
//! and when; a revisit the owner is not satisfied with reopens the complaint.

use super::visits::{month_range, opt_time, time_from_sql, time_text};
use super::{exec, row};
use crate::domain::calendar::{DayKind, WorkCalendar};
use crate::domain::complaints::{
    Channel, Clock, ClockRules, ClockState, ComplaintTimes, RevisitRule, Satisfaction, clocks,
    missing_fields,
};
use crate::domain::period::Period;
use crate::error::{Error, Result};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};

pub const FIRST_REPLY_HOURS: &str = "complaints.first_reply_hours";
pub const RESOLVE_HOURS: &str = "complaints.resolve_hours";
/// `48h` or `3d` (working days).
pub const REVISIT_RULE: &str = "complaints.revisit";
pub const SOON_HOURS: &str = "complaints.soon_hours";

pub fn clock_rules(conn: &Connection) -> Result<ClockRules> {
    let d = ClockRules::default();
    let int = |key: &str, default: i64| -> Result<i64> {
        Ok(super::settings::get(conn, key)?
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|v| *v > 0)
            .unwrap_or(default))
    };
    let revisit = parse_revisit(&super::settings::get(conn, REVISIT_RULE)?).unwrap_or(d.revisit);
    Ok(ClockRules {
        first_reply_hours: int(FIRST_REPLY_HOURS, d.first_reply_hours)?,
        resolve_hours: int(RESOLVE_HOURS, d.resolve_hours)?,
        revisit,
        soon_hours: int(SOON_HOURS, d.soon_hours)?,
    })
}

/// `48h` → 48 hours, `3d` → 3 working days.
pub fn parse_revisit(s: &str) -> Option<RevisitRule> {
    let s = s.trim();
    if let Some(h) = s.strip_suffix('h') {
        return h.parse().ok().filter(|v| *v > 0).map(RevisitRule::Hours);
    }
    if let Some(d) = s.strip_suffix('d') {
        return d
            .parse()
            .ok()
            .filter(|v| *v > 0)
            .map(RevisitRule::WorkingDays);
    }
    None
}

pub fn revisit_setting(r: RevisitRule) -> String {
    match r {
        RevisitRule::Hours(h) => format!("{h}h"),
        RevisitRule::WorkingDays(d) => format!("{d}d"),
    }
}

pub fn save_clock_rules(conn: &Connection, r: &ClockRules) -> Result<()> {
    let tx = super::write_tx(conn)?;
    super::settings::set(&tx, FIRST_REPLY_HOURS, &r.first_reply_hours.to_string())?;
    super::settings::set(&tx, RESOLVE_HOURS, &r.resolve_hours.to_string())?;
    super::settings::set(&tx, REVISIT_RULE, &revisit_setting(r.revisit))?;
    super::settings::set(&tx, SOON_HOURS, &r.soon_hours.to_string())?;
    tx.commit()?;
    Ok(())
}

pub fn calendar(conn: &Connection) -> Result<WorkCalendar> {
    let mut stmt = conn.prepare_cached("SELECT day, kind FROM work_calendar ORDER BY day")?;
    let days = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(WorkCalendar::new(days.into_iter().filter_map(|(d, k)| {
        Some((
            NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()?,
            DayKind::parse(&k)?,
        ))
    })))
}

/// Sets the given days (a day given again takes its new kind); in one transaction.
pub fn set_calendar_days(conn: &Connection, days: &[(NaiveDate, DayKind)]) -> Result<()> {
    let tx = super::write_tx(conn)?;
    for (d, k) in days {
        exec(
            &tx,
            "INSERT INTO work_calendar(day, kind) VALUES (?1, ?2)
             ON CONFLICT(day) DO UPDATE SET kind = excluded.kind",
            params![crate::domain::date::iso(*d), k.as_str()],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// 设置's calendar: exactly these days, in one transaction.
pub fn replace_calendar(conn: &Connection, days: &[(NaiveDate, DayKind)]) -> Result<()> {
    let tx = super::write_tx(conn)?;
    exec(&tx, "DELETE FROM work_calendar", [])?;
    for (d, k) in days {
        exec(
            &tx,
            "INSERT INTO work_calendar(day, kind) VALUES (?1, ?2)",
            params![crate::domain::date::iso(*d), k.as_str()],
        )?;
    }
    tx.commit()?;
    Ok(())
}

pub fn remove_calendar_day(conn: &Connection, day: NaiveDate) -> Result<()> {
    conn.execute(
        "DELETE FROM work_calendar WHERE day = ?1",
        [crate::domain::date::iso(day)],
    )?;
    Ok(())
}

/// A complaint as registered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ComplaintInput {
    pub received: NaiveDateTime,
    pub channel: Option<Channel>,
    pub unit_id: Option<i64>,
    pub complainant: String,
    pub phone: String,
    pub content: String,
    pub department: String,
    pub handler: String,
    pub valid: Option<bool>,
    /// When valid: the staff member whose own mistake caused it.
    pub fault_staff_id: Option<i64>,
    pub notes: String,
}

fn department_id(tx: &Connection, name: &str) -> Result<Option<i64>> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(None);
    }
    let id: Option<i64> = row(
        tx,
        "SELECT id FROM department WHERE name = ?1",
        [name],
        |r| r.get(0),
    )
    .optional()?;
    id.map(Some)
        .ok_or_else(|| Error::invalid(format!("没有“{name}”这个部门。")))
}

/// Inserts a complaint inside an open transaction.
pub(crate) fn insert_complaint(
    tx: &Connection,
    c: &ComplaintInput,
    now: NaiveDateTime,
) -> Result<i64> {
    if c.content.trim().is_empty() {
        return Err(Error::invalid("请填写投诉内容。"));
    }
    if c.fault_staff_id.is_some() && c.valid != Some(true) {
        return Err(Error::invalid("只有有效投诉才有责任人。"));
    }
    let dept = department_id(tx, &c.department)?;
    exec(
        tx,
        "INSERT INTO complaint(received_at, channel, unit_id, complainant, phone, content,
                               department_id, handler, valid, fault_staff_id, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            time_text(c.received),
            c.channel.unwrap_or(Channel::Phone).as_str(),
            c.unit_id,
            c.complainant.trim(),
            c.phone.trim(),
            c.content.trim(),
            dept,
            c.handler.trim(),
            c.valid,
            c.fault_staff_id,
            c.notes.trim(),
            super::stamp(now),
        ],
    )?;
    let id = tx.last_insert_rowid();
    event(
        tx,
        id,
        c.received,
        "受理",
        c.content.trim(),
        c.handler.trim(),
    )?;
    Ok(id)
}

pub fn add_complaint(conn: &Connection, c: &ComplaintInput, now: NaiveDateTime) -> Result<i64> {
    let tx = super::write_tx(conn)?;
    let id = insert_complaint(&tx, c, now)?;
    tx.commit()?;
    Ok(id)
}

fn event(
    tx: &Connection,
    id: i64,
    at: NaiveDateTime,
    kind: &str,
    detail: &str,
    by: &str,
) -> Result<()> {
    exec(
        tx,
        "INSERT INTO complaint_event(complaint_id, at, kind, detail, by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, time_text(at), kind, detail, by],
    )?;
    Ok(())
}

/// A step on a complaint.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    FirstReply,
    /// A complex case: the date agreed with the owner.
    Agree(NaiveDateTime),
    Resolve,
    /// The revisit and what the owner said; 不满意 reopens it.
    Revisit(Satisfaction),
    /// 是否有效 and, when valid, whose mistake.
    Judge {
        valid: bool,
        fault_staff_id: Option<i64>,
    },
}

/// Records a step at `at` by `by`. Times before the complaint was received, a second
/// resolution, or a revisit before resolution are refused.
pub fn step(
    conn: &Connection,
    id: i64,
    step: &Step,
    at: NaiveDateTime,
    detail: &str,
    by: &str,
) -> Result<()> {
    let tx = super::write_tx(conn)?;
    let c = complaint_in(&tx, id)?;
    if at < c.times.received {
        return Err(Error::invalid("时间早于受理时间。"));
    }
    match step {
        Step::FirstReply => {
            if c.times.first_reply.is_some() {
                return Err(Error::invalid("已经登记过首次回复。"));
            }
            exec(
                &tx,
                "UPDATE complaint SET first_reply_at = ?2 WHERE id = ?1",
                params![id, time_text(at)],
            )?;
            event(&tx, id, at, "首次回复", detail, by)?;
        }
        Step::Agree(date) => {
            exec(
                &tx,
                "UPDATE complaint SET agreed_at = ?2 WHERE id = ?1",
                params![id, time_text(*date)],
            )?;
            event(
                &tx,
                id,
                at,
                "约定完成时间",
                &format!("{} {detail}", date.format("%Y-%m-%d %H:%M")),
                by,
            )?;
        }
        Step::Resolve => {
            if c.times.resolved.is_some() {
                return Err(Error::invalid("这件投诉已经办结。"));
            }
            exec(
                &tx,
                "UPDATE complaint SET resolved_at = ?2 WHERE id = ?1",
                params![id, time_text(at)],
            )?;
            event(&tx, id, at, "办结", detail, by)?;
        }
        Step::Revisit(result) => {
            let Some(resolved) = c.times.resolved else {
                return Err(Error::invalid("办结后才能回访。"));
            };
            if at < resolved {
                return Err(Error::invalid("回访时间早于办结时间。"));
            }
            if *result == Satisfaction::Unsatisfied {
                // Reopened: the resolution clock runs again from the revisit.
                exec(
                    &tx,
                    "UPDATE complaint SET resolved_at = NULL, revisit_at = NULL,
                            revisit_result = '', reopened_at = ?2, agreed_at = NULL
                     WHERE id = ?1",
                    params![id, time_text(at)],
                )?;
                event(&tx, id, at, "回访不满意，重新处理", detail, by)?;
            } else {
                exec(
                    &tx,
                    "UPDATE complaint SET revisit_at = ?2, revisit_result = ?3, revisit_by = ?4
                     WHERE id = ?1",
                    params![id, time_text(at), result.as_str(), by],
                )?;
                event(&tx, id, at, "回访", &format!("{result} {detail}"), by)?;
            }
        }
        Step::Judge {
            valid,
            fault_staff_id,
        } => {
            if fault_staff_id.is_some() && !valid {
                return Err(Error::invalid("只有有效投诉才有责任人。"));
            }
            exec(
                &tx,
                "UPDATE complaint SET valid = ?2, fault_staff_id = ?3 WHERE id = ?1",
                params![id, valid, fault_staff_id],
            )?;
            event(
                &tx,
                id,
                at,
                "认定",
                if *valid {
                    "有效投诉"
                } else {
                    "无效投诉"
                },
                by,
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// A complaint as the register, the screen and the rules read it.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintRow {
    pub id: i64,
    pub times: ComplaintTimes,
    pub channel: Channel,
    pub unit_id: Option<i64>,
    pub unit: String,
    pub complainant: String,
    pub phone: String,
    pub content: String,
    pub department: String,
    pub handler: String,
    pub valid: Option<bool>,
    pub fault_staff_id: Option<i64>,
    pub fault_staff: String,
    pub revisit_result: Option<Satisfaction>,
    pub notes: String,
}

impl ComplaintRow {
    pub fn clocks(
        &self,
        rules: &ClockRules,
        cal: &WorkCalendar,
        now: NaiveDateTime,
    ) -> [(Clock, ClockState); 3] {
        clocks(&self.times, rules, cal, now)
    }

    /// What the 投诉处理单 lacks.
    pub fn missing(&self) -> Vec<&'static str> {
        missing_fields(
            &self.complainant,
            &self.content,
            &self.department,
            &self.handler,
            self.valid,
            &self.times,
            self.revisit_result,
        )
    }
}

const COMPLAINT_SELECT: &str = "SELECT c.id, c.received_at, c.first_reply_at, c.agreed_at,
        c.reopened_at, c.resolved_at, c.revisit_at, c.channel, c.unit_id,
        coalesce(b.name || e.name || u.room, ''), c.complainant, c.phone, c.content,
        coalesce(d.name, ''), c.handler, c.valid, c.fault_staff_id, coalesce(s.name, ''),
        c.revisit_result, c.notes
    FROM complaint c LEFT JOIN unit u ON u.id = c.unit_id
    LEFT JOIN entrance e ON e.id = u.entrance_id LEFT JOIN building b ON b.id = e.building_id
    LEFT JOIN department d ON d.id = c.department_id LEFT JOIN staff s ON s.id = c.fault_staff_id";

fn complaint_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ComplaintRow> {
    Ok(ComplaintRow {
        id: r.get(0)?,
        times: ComplaintTimes {
            received: time_from_sql(&r.get::<_, String>(1)?),
            first_reply: opt_time(r.get(2)?),
            agreed: opt_time(r.get(3)?),
            reopened: opt_time(r.get(4)?),
            resolved: opt_time(r.get(5)?),
            revisited: opt_time(r.get(6)?),
        },
        channel: Channel::parse(&r.get::<_, String>(7)?).unwrap_or(Channel::Other),
        unit_id: r.get(8)?,
        unit: r.get(9)?,
        complainant: r.get(10)?,
        phone: r.get(11)?,
        content: r.get(12)?,
        department: r.get(13)?,
        handler: r.get(14)?,
        valid: r.get(15)?,
        fault_staff_id: r.get(16)?,
        fault_staff: r.get(17)?,
        revisit_result: Satisfaction::parse(&r.get::<_, String>(18)?),
        notes: r.get(19)?,
    })
}

fn complaint_in(conn: &Connection, id: i64) -> Result<ComplaintRow> {
    let sql = format!("{COMPLAINT_SELECT} WHERE c.id = ?1");
    row(conn, &sql, [id], complaint_from_row)
        .optional()?
        .ok_or_else(|| Error::invalid(format!("没有第 {id} 号投诉。")))
}

pub fn complaint(conn: &Connection, id: i64) -> Result<ComplaintRow> {
    complaint_in(conn, id)
}

/// The complaints received in `month`.
pub fn month_complaints(conn: &Connection, month: Period) -> Result<Vec<ComplaintRow>> {
    let sql = format!(
        "{COMPLAINT_SELECT} WHERE c.received_at >= ?1 AND c.received_at < ?2
         ORDER BY c.received_at, c.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(month_range(month), complaint_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The complaints not yet closed by a revisit (the open partial index), whatever their month.
pub fn open_complaints(conn: &Connection) -> Result<Vec<ComplaintRow>> {
    open_since(conn, "0000-00-00 00:00:00")
}

/// The open complaints received at or after `since` (stored text), from the open index.
fn open_since(conn: &Connection, since: &str) -> Result<Vec<ComplaintRow>> {
    let sql = format!(
        "{COMPLAINT_SELECT} WHERE c.revisit_at IS NULL AND c.received_at >= ?1
         ORDER BY c.received_at, c.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([since], complaint_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A unit's complaints, newest first.
pub fn unit_complaints(conn: &Connection, unit_id: i64) -> Result<Vec<ComplaintRow>> {
    let sql = format!("{COMPLAINT_SELECT} WHERE c.unit_id = ?1 ORDER BY c.received_at DESC");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([unit_id], complaint_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// What happened to a complaint, in order: (at, kind, detail, by).
pub fn events(conn: &Connection, id: i64) -> Result<super::visits::History> {
    super::visits::history(
        conn,
        "SELECT at, kind, detail, by FROM complaint_event WHERE complaint_id = ?1 ORDER BY at, id",
        id,
    )
}

/// The complaints whose clock runs out by the end of `now`'s day or has run out: the home
/// screen's list, each with the clock concerned.
pub fn due_today(
    conn: &Connection,
    now: NaiveDateTime,
) -> Result<Vec<(ComplaintRow, Clock, ClockState)>> {
    let rules = clock_rules(conn)?;
    let cal = calendar(conn)?;
    let end = now.date().and_hms_opt(23, 59, 59).unwrap_or(now);
    let mut out = Vec::new();
    // The home screen is about this season's work: a complaint left open for more than 90
    // days is on the month's register and report, not in today's list (nor re-read on every
    // write of a ten-year file).
    let since = time_text(now - chrono::Duration::days(90));
    for c in open_since(conn, &since)? {
        let deadlines = crate::domain::complaints::deadlines(&c.times, &rules, &cal);
        for (clock, state) in c.clocks(&rules, &cal, now) {
            let due = deadlines.iter().find(|d| d.0 == clock).and_then(|d| d.1);
            let pressing = match state {
                ClockState::Overdue { .. } => true,
                ClockState::NotDue { due } | ClockState::DueSoon { due } => due <= end,
                _ => false,
            };
            if pressing && due.is_some() {
                out.push((c.clone(), clock, state));
                break;
            }
        }
    }
    Ok(out)
}

/// `import complaints`: every row checked (household, department, handler, 责任人) before any
/// is written, in one transaction; the recorded times become the complaint's steps.
pub fn import_complaints(
    conn: &Connection,
    file: &str,
    rows: &[(usize, crate::io::frontdesk::ComplaintDraft)],
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
        if let Err(e) = department_id(&tx, &d.department) {
            errors.push(err("责任部门", e.to_string()));
        }
        if !d.handler.trim().is_empty()
            && let Err(m) = super::visits::resolve_staff(&tx, &d.handler)
        {
            errors.push(err("处理人", m));
        }
        let fault = if d.fault.is_empty() {
            None
        } else {
            super::visits::resolve_staff(&tx, &d.fault)
                .map_err(|m| errors.push(err("责任人", m)))
                .ok()
        };
        ready.push((d, unit, fault));
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(Error::Import(ImportFailure {
            file: file.to_string(),
            errors,
        }));
    }
    for (d, unit_id, fault) in &ready {
        let id = insert_complaint(
            &tx,
            &ComplaintInput {
                received: d.received,
                channel: Some(d.channel),
                unit_id: *unit_id,
                complainant: d.complainant.clone(),
                phone: d.phone.clone(),
                content: d.content.clone(),
                department: d.department.clone(),
                handler: d.handler.clone(),
                valid: d.valid,
                fault_staff_id: *fault,
                notes: "导入".into(),
            },
            now,
        )?;
        exec(
            &tx,
            "UPDATE complaint SET first_reply_at = ?2, agreed_at = ?3, resolved_at = ?4,
                    revisit_at = ?5, revisit_result = ?6 WHERE id = ?1",
            params![
                id,
                d.first_reply.map(time_text),
                d.agreed.map(time_text),
                d.resolved.map(time_text),
                d.revisit.map(time_text),
                d.revisit_result.map(|s| s.as_str()).unwrap_or(""),
            ],
        )?;
        for (at, kind) in [
            (d.first_reply, "首次回复"),
            (d.resolved, "办结"),
            (d.revisit, "回访"),
        ] {
            if let Some(at) = at {
                event(&tx, id, at, kind, "导入", &d.handler)?;
            }
        }
    }
    tx.commit()?;
    Ok(ready.len())
}

/// For the quarterly quality assessment (seed 004), each responsible department's valid
/// complaints received in the quarter and its resolved complaints never revisited (each a
/// missing revisit record).
pub fn quarter_facts(
    conn: &Connection,
    months: &[Period],
) -> Result<std::collections::BTreeMap<String, (i64, i64)>> {
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Ok(Default::default());
    };
    let from = month_range(*first)[0].clone();
    let to = month_range(*last)[1].clone();
    let mut stmt = conn.prepare_cached(
        "SELECT d.name, sum(c.valid = 1),
                sum(c.resolved_at IS NOT NULL AND c.revisit_at IS NULL)
         FROM complaint c JOIN department d ON d.id = c.department_id
         WHERE c.received_at >= ?1 AND c.received_at < ?2 GROUP BY d.id",
    )?;
    let rows = stmt
        .query_map(params![from, to], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (
                    r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                    r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                ),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The rates the manager watches for a month or a quarter (DOMAIN §5): complaints valid and
/// late, revisit rate of the resolved, satisfaction of the revisited; repairs on time and
/// revisited. Counted over rows already loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    pub complaints: usize,
    pub valid: usize,
    pub late: usize,
    pub resolved: usize,
    pub revisited: usize,
    pub satisfied: usize,
    /// Revisits with a satisfaction recorded (complaints and repairs).
    pub rated: usize,
    pub repairs: usize,
    pub completed: usize,
    pub on_time: usize,
    pub repairs_revisited: usize,
}

impl Figures {
    pub fn of(
        complaints: &[ComplaintRow],
        repairs: &[super::repairs::RepairRow],
        rules: &ClockRules,
        cal: &WorkCalendar,
        now: NaiveDateTime,
    ) -> Figures {
        let rated = complaints
            .iter()
            .filter_map(|c| c.revisit_result)
            .chain(repairs.iter().filter_map(|r| r.satisfaction));
        let rated: Vec<Satisfaction> = rated.collect();
        let satisfied = rated
            .iter()
            .filter(|s| **s != Satisfaction::Unsatisfied)
            .count();
        Figures {
            complaints: complaints.len(),
            valid: complaints.iter().filter(|c| c.valid == Some(true)).count(),
            late: complaints
                .iter()
                .filter(|c| c.clocks(rules, cal, now).iter().any(|(_, s)| s.is_late()))
                .count(),
            resolved: complaints
                .iter()
                .filter(|c| c.times.resolved.is_some())
                .count(),
            revisited: complaints
                .iter()
                .filter(|c| c.times.revisited.is_some())
                .count(),
            satisfied,
            rated: rated.len(),
            repairs: repairs.len(),
            completed: repairs.iter().filter(|r| r.completed.is_some()).count(),
            on_time: repairs.iter().filter(|r| r.on_time() == Some(true)).count(),
            repairs_revisited: repairs.iter().filter(|r| r.revisited.is_some()).count(),
        }
    }

    /// 95.0% as text, or — when there is nothing to count.
    fn rate(part: usize, whole: usize) -> String {
        if whole == 0 {
            "—".into()
        } else {
            format!("{:.1}%", part as f64 * 100.0 / whole as f64)
        }
    }

    /// The line the screen shows.
    pub fn text(&self) -> String {
        format!(
            "投诉 {} 件（有效 {}，超时 {}），回访率 {}；满意率 {}；报修 {} 件，完成 {}，及时率 {}，回访率 {}。",
            self.complaints,
            self.valid,
            self.late,
            Self::rate(self.revisited, self.resolved),
            Self::rate(self.satisfied, self.rated),
            self.repairs,
            self.completed,
            Self::rate(self.on_time, self.completed),
            Self::rate(self.repairs_revisited, self.completed),
        )
    }
}
