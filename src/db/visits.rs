//! Visits (走访) and the month's targets: who visited which household, the follow-ups and
//! photos, and each customer-service staff member's tally against the target.

use super::{date_from_sql, date_to_sql, exec, row};
use crate::domain::complaints::Satisfaction;
use crate::domain::period::Period;
use crate::domain::visits::{DEFAULT_TARGET, Tally, VisitFact, tally};
use crate::error::{Error, Result};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};

pub const TIME: &str = "%Y-%m-%d %H:%M:%S";

/// The setting: households a month per customer-service staff member (and front-desk contacts).
pub const VISIT_TARGET: &str = "visits.monthly_target";

pub fn time_text(t: NaiveDateTime) -> String {
    t.format(TIME).to_string()
}

pub(crate) fn time_from_sql(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, TIME)
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .unwrap_or_default()
}

/// A record's history, in order: (at, what, detail, by).
pub type History = Vec<(NaiveDateTime, String, String, String)>;

/// Reads a history table's rows for one record; `sql` selects at, what, detail, by for `?1`.
pub(crate) fn history(conn: &Connection, sql: &str, id: i64) -> Result<History> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map([id], |r| {
            Ok((
                time_from_sql(&r.get::<_, String>(0)?),
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(crate) fn opt_time(s: Option<String>) -> Option<NaiveDateTime> {
    s.as_deref().map(time_from_sql)
}

pub fn target(conn: &Connection) -> Result<i64> {
    let v = super::settings::get(conn, VISIT_TARGET)?;
    Ok(v.trim().parse().unwrap_or(DEFAULT_TARGET).max(1))
}

pub fn kinds(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM visit_kind ORDER BY sort_order, name")?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

/// A visit as the clerk records it. Photos are already stored beside the database
/// (`io::files`), by their paths relative to it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VisitInput {
    pub at: NaiveDateTime,
    pub unit_id: i64,
    pub staff_id: i64,
    pub kind: String,
    pub content: String,
    pub opinion: String,
    pub satisfaction: Option<Satisfaction>,
    pub follow_up: bool,
    pub follow_up_done_on: Option<NaiveDate>,
    pub signed: bool,
    pub photos: Vec<String>,
}

fn check_visit(conn: &Connection, v: &VisitInput) -> Result<()> {
    let kind: Option<String> = row(
        conn,
        "SELECT name FROM visit_kind WHERE name = ?1",
        [v.kind.trim()],
        |r| r.get(0),
    )
    .optional()?;
    if kind.is_none() {
        return Err(Error::invalid(format!(
            "走访类型“{}”不在类型表中（{}）。",
            v.kind,
            kinds(conn)?.join("、")
        )));
    }
    let staff: Option<i64> = row(
        conn,
        "SELECT id FROM staff WHERE id = ?1",
        [v.staff_id],
        |r| r.get(0),
    )
    .optional()?;
    if staff.is_none() {
        return Err(Error::invalid("走访人不在员工档案中。"));
    }
    let unit: Option<i64> = row(
        conn,
        "SELECT id FROM unit WHERE id = ?1",
        [v.unit_id],
        |r| r.get(0),
    )
    .optional()?;
    if unit.is_none() {
        return Err(Error::invalid("没有这户房屋。"));
    }
    if let Some(done) = v.follow_up_done_on
        && done < v.at.date()
    {
        return Err(Error::invalid("跟进完成日期早于走访日期。"));
    }
    Ok(())
}

/// Inserts one visit inside an open transaction.
pub(crate) fn insert_visit(tx: &Connection, v: &VisitInput, now: NaiveDateTime) -> Result<i64> {
    check_visit(tx, v)?;
    exec(
        tx,
        "INSERT INTO visit(at, unit_id, staff_id, kind, content, opinion, satisfaction, follow_up,
                           follow_up_done_on, signed, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            time_text(v.at),
            v.unit_id,
            v.staff_id,
            v.kind.trim(),
            v.content.trim(),
            v.opinion.trim(),
            v.satisfaction.map(|s| s.as_str()).unwrap_or(""),
            v.follow_up,
            date_to_sql(v.follow_up_done_on),
            v.signed,
            super::stamp(now),
        ],
    )?;
    let id = tx.last_insert_rowid();
    for p in &v.photos {
        exec(
            tx,
            "INSERT OR IGNORE INTO visit_photo(visit_id, file) VALUES (?1, ?2)",
            params![id, p],
        )?;
    }
    Ok(id)
}

pub fn add_visit(conn: &Connection, v: &VisitInput, now: NaiveDateTime) -> Result<i64> {
    let tx = super::write_tx(conn)?;
    let id = insert_visit(&tx, v, now)?;
    tx.commit()?;
    Ok(id)
}

/// Records that a visit's follow-up was done.
pub fn follow_up_done(conn: &Connection, visit_id: i64, on: NaiveDate) -> Result<()> {
    let tx = super::write_tx(conn)?;
    let at: Option<String> = row(&tx, "SELECT at FROM visit WHERE id = ?1", [visit_id], |r| {
        r.get(0)
    })
    .optional()?;
    let at = at.ok_or_else(|| Error::invalid("没有这条走访记录。"))?;
    if on < time_from_sql(&at).date() {
        return Err(Error::invalid("跟进完成日期早于走访日期。"));
    }
    exec(
        &tx,
        "UPDATE visit SET follow_up = 1, follow_up_done_on = ?2 WHERE id = ?1",
        params![visit_id, crate::domain::date::iso(on)],
    )?;
    tx.commit()?;
    Ok(())
}

/// One visit as the register and the screen show it.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub unit_id: i64,
    pub unit: String,
    pub owner: String,
    pub staff_id: i64,
    pub staff: String,
    pub kind: String,
    pub content: String,
    pub opinion: String,
    pub satisfaction: Option<Satisfaction>,
    pub follow_up: bool,
    pub follow_up_done_on: Option<NaiveDate>,
    pub signed: bool,
    pub photos: Vec<String>,
}

impl VisitRow {
    pub fn fact(&self) -> VisitFact {
        VisitFact {
            staff_id: self.staff_id,
            unit_id: self.unit_id,
            kind: self.kind.clone(),
            follow_up_needed: self.follow_up,
            follow_up_done: self.follow_up_done_on.is_some(),
            photos: self.photos.len(),
        }
    }
}

const VISIT_SELECT: &str = "SELECT v.id, v.at, v.unit_id, b.name || e.name || u.room,
        coalesce((SELECT p.name FROM occupancy o JOIN person p ON p.id = o.person_id
                  WHERE o.unit_id = u.id AND o.move_out IS NULL ORDER BY o.role = '使用人', o.id
                  LIMIT 1), ''),
        v.staff_id, s.name, v.kind, v.content, v.opinion, v.satisfaction, v.follow_up,
        v.follow_up_done_on, v.signed,
        (SELECT group_concat(file, char(10)) FROM visit_photo WHERE visit_id = v.id)
    FROM visit v JOIN unit u ON u.id = v.unit_id JOIN entrance e ON e.id = u.entrance_id
    JOIN building b ON b.id = e.building_id JOIN staff s ON s.id = v.staff_id";

fn visit_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VisitRow> {
    let photos: Option<String> = r.get(14)?;
    Ok(VisitRow {
        id: r.get(0)?,
        at: time_from_sql(&r.get::<_, String>(1)?),
        unit_id: r.get(2)?,
        unit: r.get(3)?,
        owner: r.get(4)?,
        staff_id: r.get(5)?,
        staff: r.get(6)?,
        kind: r.get(7)?,
        content: r.get(8)?,
        opinion: r.get(9)?,
        satisfaction: Satisfaction::parse(&r.get::<_, String>(10)?),
        follow_up: r.get(11)?,
        follow_up_done_on: date_from_sql(r.get(12)?),
        signed: r.get(13)?,
        photos: photos
            .map(|p| p.lines().map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

/// The visits of `month`, in the order they were made.
pub fn month_visits(conn: &Connection, month: Period) -> Result<Vec<VisitRow>> {
    let sql = format!("{VISIT_SELECT} WHERE v.at >= ?1 AND v.at < ?2 ORDER BY v.at, v.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(month_range(month), visit_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Whether anyone recorded a visit in `month` (its visit book is kept here).
pub fn any_in_month(conn: &Connection, month: Period) -> Result<bool> {
    Ok(row(
        conn,
        "SELECT EXISTS (SELECT 1 FROM visit WHERE at >= ?1 AND at < ?2)",
        month_range(month),
        |r| r.get(0),
    )?)
}

/// A unit's visits, newest first (its panel).
pub fn unit_visits(conn: &Connection, unit_id: i64) -> Result<Vec<VisitRow>> {
    let sql = format!("{VISIT_SELECT} WHERE v.unit_id = ?1 ORDER BY v.at DESC, v.id DESC");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([unit_id], visit_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// `[first day 00:00, next month's first day 00:00)` as stored text.
pub(crate) fn month_range(month: Period) -> [String; 2] {
    [
        format!("{} 00:00:00", crate::domain::date::iso(month.first_day())),
        format!(
            "{} 00:00:00",
            crate::domain::date::iso(month.plus(1).first_day())
        ),
    ]
}

/// One person's line of the month's targets.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    pub staff_id: i64,
    pub staff: String,
    pub department: String,
    pub position: String,
    pub tally: Tally,
    pub target: i64,
}

impl TargetRow {
    /// The front desk counts proactive contacts; everyone else households.
    pub fn front_desk(&self) -> bool {
        self.position == "前台"
    }

    pub fn done(&self) -> i64 {
        if self.front_desk() {
            self.tally.contacts
        } else {
            self.tally.households
        }
    }

    pub fn shortfall(&self) -> i64 {
        (self.target - self.done()).max(0)
    }
}

/// The month's targets: every customer-service staff member employed in the month (and anyone
/// else who visited), with households visited, incomplete records and front-desk contacts.
/// Counted in SQL (distinct households, records missing a follow-up or a photo), not by reading
/// every visit.
pub fn month_targets(conn: &Connection, month: Period) -> Result<Vec<TargetRow>> {
    let target = target(conn)?;
    let [from, to] = month_range(month);
    let mut stmt = conn.prepare_cached(
        "WITH m AS (SELECT v.* FROM visit v WHERE v.at >= ?1 AND v.at < ?2)
         SELECT s.id, s.name, d.name, coalesce(p.name, ''),
                (SELECT count(DISTINCT m.unit_id) FROM m
                  WHERE m.staff_id = s.id AND m.kind <> '前台主动沟通'),
                (SELECT count(*) FROM m WHERE m.staff_id = s.id AND m.kind = '前台主动沟通'),
                (SELECT count(*) FROM m WHERE m.staff_id = s.id AND m.kind <> '前台主动沟通'
                   AND ((m.follow_up = 1 AND m.follow_up_done_on IS NULL)
                        OR NOT EXISTS (SELECT 1 FROM visit_photo f WHERE f.visit_id = m.id)))
         FROM staff s JOIN department d ON d.id = s.department_id
         LEFT JOIN position p ON p.id = s.position_id
         WHERE (d.name IN ('客服部', '客户服务部')
                AND (s.hire_date IS NULL OR s.hire_date <= ?4)
                AND (s.leave_date IS NULL OR s.leave_date >= ?3)
                AND (s.state = '在职' OR s.leave_date IS NOT NULL))
            OR EXISTS (SELECT 1 FROM m WHERE m.staff_id = s.id)
         ORDER BY d.sort_order, d.id, s.id",
    )?;
    let rows = stmt
        .query_map(
            params![
                from,
                to,
                crate::domain::date::iso(month.first_day()),
                crate::domain::date::iso(month.last_day())
            ],
            |r| {
                Ok(TargetRow {
                    staff_id: r.get(0)?,
                    staff: r.get(1)?,
                    department: r.get(2)?,
                    position: r.get(3)?,
                    tally: Tally {
                        households: r.get(4)?,
                        contacts: r.get(5)?,
                        incomplete: r.get(6)?,
                    },
                    target,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The same tally from the rows, for checking the SQL against the pure rule.
pub fn tally_rows(rows: &[VisitRow]) -> std::collections::BTreeMap<i64, Tally> {
    tally(&rows.iter().map(VisitRow::fact).collect::<Vec<_>>())
}

/// The unit a row names (楼栋, 单元, 房号), or why it cannot be found.
pub(crate) fn resolve_unit(
    conn: &Connection,
    unit: &crate::io::frontdesk::UnitRef,
) -> std::result::Result<Option<i64>, String> {
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
    .optional()
    .map_err(|e| e.to_string())?;
    id.map(Some)
        .ok_or_else(|| format!("房屋 {b}{e}{r} 不在房屋清册中"))
}

/// A member of staff by name (one still employed first), or why not.
pub(crate) fn resolve_staff(conn: &Connection, name: &str) -> std::result::Result<i64, String> {
    let id: Option<i64> = row(
        conn,
        "SELECT id FROM staff WHERE name = ?1 ORDER BY state = '离职', id LIMIT 1",
        [crate::domain::text::normalize(name)],
        |r| r.get(0),
    )
    .optional()
    .map_err(|e| e.to_string())?;
    id.ok_or_else(|| format!("“{name}”不在员工档案中"))
}

/// `import visits`: every row checked (household, visitor, kind) before any is written, in
/// one transaction; any wrong row refuses the file with every problem named.
pub fn import_visits(
    conn: &Connection,
    file: &str,
    rows: &[(usize, crate::io::frontdesk::VisitDraft)],
    prior: Vec<crate::io::RowError>,
    now: NaiveDateTime,
) -> Result<usize> {
    use crate::io::{ImportFailure, RowError};
    let tx = super::write_tx(conn)?;
    let known: Vec<String> = kinds(&tx)?;
    // The rows the sheet itself refused are named with what the records refuse.
    let mut errors = prior;
    let mut inputs = Vec::with_capacity(rows.len());
    for (line, d) in rows {
        let err = |column: &str, message: String| RowError {
            row: *line,
            column: column.into(),
            message,
        };
        let unit = resolve_unit(&tx, &d.unit).map_err(|m| errors.push(err("房号", m)));
        let staff = resolve_staff(&tx, &d.staff).map_err(|m| errors.push(err("走访人", m)));
        if !known.contains(&d.kind) {
            errors.push(err(
                "类型",
                format!("“{}”不是走访类型（{}）", d.kind, known.join("、")),
            ));
        }
        if let Some(done) = d.follow_up_done_on
            && done < d.at.date()
        {
            errors.push(err("跟进完成日期", "早于走访日期".into()));
        }
        if let (Ok(Some(unit_id)), Ok(staff_id)) = (unit, staff) {
            inputs.push(VisitInput {
                at: d.at,
                unit_id,
                staff_id,
                kind: d.kind.clone(),
                content: d.content.clone(),
                opinion: d.opinion.clone(),
                satisfaction: d.satisfaction,
                follow_up: d.follow_up,
                follow_up_done_on: d.follow_up_done_on,
                signed: d.signed,
                photos: d.photos.clone(),
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
    for v in &inputs {
        insert_visit(&tx, v, now)?;
    }
    tx.commit()?;
    Ok(inputs.len())
}
