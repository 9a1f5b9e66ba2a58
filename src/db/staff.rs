//! Staff files: departments and posts (data the office edits), staff, certificates, trainings.
//! Nobody is ever deleted: a leaver keeps their row, and everything that points at them.

use super::{date_from_sql, date_to_sql, enum_from_sql, exec, row};
use crate::domain::date::iso;
use crate::domain::staff::{
    CertInput, Duty, DutyCounts, EmploymentState, Gender, StaffFacts, StaffInput, TrainingInput,
    TrainingKind, TrainingResult, age_on,
};
use crate::domain::text::normalize;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Department {
    pub id: i64,
    pub name: String,
    /// Staff currently employed there.
    pub active_staff: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    pub id: i64,
    pub name: String,
    pub duty: Option<Duty>,
    /// Certificate kinds the post requires.
    pub required: Vec<String>,
    pub active_staff: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CertRow {
    pub id: i64,
    pub staff_id: i64,
    pub kind: String,
    pub number: String,
    pub issuer: String,
    pub issue_date: Option<NaiveDate>,
    pub expiry_date: Option<NaiveDate>,
    /// Relative to the attachments folder; '' when no scan.
    pub scan_file: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StaffRow {
    pub id: i64,
    pub name: String,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub phone: String,
    pub id_number: String,
    pub department: String,
    pub position: String,
    pub duty: Option<Duty>,
    pub hire_date: Option<NaiveDate>,
    pub state: EmploymentState,
    pub leave_date: Option<NaiveDate>,
    pub emergency_contact: String,
    pub emergency_phone: String,
    pub notes: String,
    pub certs: Vec<CertRow>,
    /// Kinds the post requires.
    pub required: Vec<String>,
    pub induction_done: bool,
}

impl StaffRow {
    pub fn active(&self) -> bool {
        self.state == EmploymentState::Active
    }

    pub fn facts(&self) -> StaffFacts {
        StaffFacts {
            active: self.active(),
            hire_date: self.hire_date,
            certs: self
                .certs
                .iter()
                .map(|c| (c.kind.clone(), c.expiry_date))
                .collect(),
            required: self.required.clone(),
            induction_done: self.induction_done,
        }
    }
}

/// One training as the training list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingRow {
    pub id: i64,
    pub course: String,
    pub kind: TrainingKind,
    pub date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub hours_tenths: i64,
    pub trainer: String,
    pub notes: String,
    /// (staff id, name, department, result)
    pub attendees: Vec<(i64, String, String, TrainingResult)>,
}

/// One line of a person's training history.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffTraining {
    pub training_id: i64,
    pub course: String,
    pub kind: TrainingKind,
    pub date: NaiveDate,
    pub hours_tenths: i64,
    pub trainer: String,
    pub result: TrainingResult,
}

// ---------------------------------------------------------------- departments and posts

pub fn list_departments(conn: &Connection) -> Result<Vec<Department>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.name,
                (SELECT count(*) FROM staff s WHERE s.department_id = d.id AND s.state = '在职')
         FROM department d ORDER BY d.sort_order, d.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Department {
                id: r.get(0)?,
                name: r.get(1)?,
                active_staff: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn add_department(conn: &Connection, name: &str) -> Result<i64> {
    let name = normalize(name);
    if name.is_empty() {
        return Err(Error::invalid("部门名称不能为空。"));
    }
    if department_id(conn, &name)?.is_some() {
        return Err(Error::invalid(format!("部门“{name}”已存在。")));
    }
    conn.execute(
        "INSERT INTO department(name, sort_order)
         VALUES (?1, (SELECT coalesce(max(sort_order), 0) + 1 FROM department))",
        [&name],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Renaming keeps every staff member in the department (they point at its id).
pub fn rename_department(conn: &Connection, id: i64, name: &str) -> Result<()> {
    let name = normalize(name);
    if name.is_empty() {
        return Err(Error::invalid("部门名称不能为空。"));
    }
    if let Some(other) = department_id(conn, &name)?
        && other != id
    {
        return Err(Error::invalid(format!("部门“{name}”已存在。")));
    }
    let n = conn.execute(
        "UPDATE department SET name = ?1 WHERE id = ?2",
        params![name, id],
    )?;
    if n == 0 {
        return Err(Error::NotFound("部门".into()));
    }
    Ok(())
}

fn department_id(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM department WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// Other names offices use for the standard departments.
fn department_alias(name: &str) -> Option<&'static str> {
    match name {
        "保安部" | "秩序部" | "安保部" | "秩序维护" => Some("秩序维护部"),
        "客服中心" | "客户服务部" | "客服" => Some("客服部"),
        "工程维修部" | "维修部" | "工程" => Some("工程部"),
        "保洁" | "环境部" => Some("保洁部"),
        "绿化" => Some("绿化部"),
        "物业管理处" | "办公室" => Some("管理处"),
        _ => None,
    }
}

/// The department a name (or a usual alias of it) means, if it exists.
pub fn resolve_department(conn: &Connection, name: &str) -> Result<Option<i64>> {
    let name = normalize(name);
    if let Some(id) = department_id(conn, &name)? {
        return Ok(Some(id));
    }
    match department_alias(&name) {
        Some(alias) => department_id(conn, alias),
        None => Ok(None),
    }
}

pub fn list_positions(conn: &Connection) -> Result<Vec<Position>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name, p.duty,
                (SELECT count(*) FROM staff s WHERE s.position_id = p.id AND s.state = '在职')
         FROM position p ORDER BY p.id",
    )?;
    let mut rows = stmt
        .query_map([], |r| {
            let duty: String = r.get(2)?;
            Ok(Position {
                id: r.get(0)?,
                name: r.get(1)?,
                duty: Duty::parse(&duty),
                required: Vec::new(),
                active_staff: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let required = required_certs(conn)?;
    for p in &mut rows {
        p.required = required.get(&p.id).cloned().unwrap_or_default();
    }
    Ok(rows)
}

fn required_certs(conn: &Connection) -> Result<HashMap<i64, Vec<String>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT position_id, cert_kind FROM position_cert ORDER BY position_id, cert_kind",
    )?;
    let mut map: HashMap<i64, Vec<String>> = HashMap::new();
    for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, kind) = r?;
        map.entry(id).or_default().push(kind);
    }
    Ok(map)
}

/// Creates or edits a post: its name, its duty, and the certificates it requires.
pub fn save_position(
    conn: &Connection,
    id: Option<i64>,
    name: &str,
    duty: Option<Duty>,
    required: &[String],
) -> Result<i64> {
    let name = normalize(name);
    if name.is_empty() {
        return Err(Error::invalid("岗位名称不能为空。"));
    }
    let tx = super::write_tx(conn)?;
    let existing = position_id(&tx, &name)?;
    if existing.is_some() && existing != id {
        return Err(Error::invalid(format!("岗位“{name}”已存在。")));
    }
    let duty_text = duty.map(Duty::as_str).unwrap_or("");
    let id = match id {
        Some(id) => {
            let n = tx.execute(
                "UPDATE position SET name = ?1, duty = ?2 WHERE id = ?3",
                params![name, duty_text, id],
            )?;
            if n == 0 {
                return Err(Error::NotFound("岗位".into()));
            }
            id
        }
        None => {
            tx.execute(
                "INSERT INTO position(name, duty) VALUES (?1, ?2)",
                params![name, duty_text],
            )?;
            tx.last_insert_rowid()
        }
    };
    tx.execute("DELETE FROM position_cert WHERE position_id = ?1", [id])?;
    let mut kinds: Vec<String> = required
        .iter()
        .map(|k| normalize(k))
        .filter(|k| !k.is_empty())
        .collect();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        tx.execute(
            "INSERT INTO position_cert(position_id, cert_kind) VALUES (?1, ?2)",
            params![id, kind],
        )?;
    }
    tx.commit()?;
    Ok(id)
}

fn position_id(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM position WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// The post's id, creating the post (without duty or requirements) if it is new.
fn position_or_new(conn: &Connection, name: &str) -> Result<Option<i64>> {
    if name.is_empty() {
        return Ok(None);
    }
    if let Some(id) = position_id(conn, name)? {
        return Ok(Some(id));
    }
    exec(conn, "INSERT INTO position(name) VALUES (?1)", [name])?;
    Ok(Some(conn.last_insert_rowid()))
}

/// Every certificate kind the office has recorded or requires, for the form's suggestions.
pub fn cert_kinds(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind FROM certificate UNION SELECT cert_kind FROM position_cert ORDER BY 1",
    )?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

// ---------------------------------------------------------------- staff

const STAFF_SELECT: &str = "SELECT s.id, s.name, s.gender, s.birth_date, s.phone, s.id_number,
        d.name, coalesce(p.name, ''), coalesce(p.duty, ''), s.hire_date, s.state, s.leave_date,
        s.emergency_contact, s.emergency_phone, s.notes, s.position_id,
        EXISTS (SELECT 1 FROM training_attendee a JOIN training t ON t.id = a.training_id
                WHERE a.staff_id = s.id AND t.kind = '入职培训' AND a.result IN ('合格', '已参加'))
     FROM staff s JOIN department d ON d.id = s.department_id
     LEFT JOIN position p ON p.id = s.position_id";

fn load_staff(
    conn: &Connection,
    filter: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<StaffRow>> {
    let sql = format!("{STAFF_SELECT} {filter} ORDER BY d.sort_order, d.id, s.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut position_of = Vec::new();
    let mut rows = stmt
        .query_map(params, |r| {
            let gender: String = r.get(2)?;
            let duty: String = r.get(8)?;
            position_of.push(r.get::<_, Option<i64>>(15)?);
            Ok(StaffRow {
                id: r.get(0)?,
                name: r.get(1)?,
                gender: Gender::parse(&gender),
                birth_date: date_from_sql(r.get(3)?),
                phone: r.get(4)?,
                id_number: r.get(5)?,
                department: r.get(6)?,
                position: r.get(7)?,
                duty: Duty::parse(&duty),
                hire_date: date_from_sql(r.get(9)?),
                state: enum_from_sql(r.get(10)?, EmploymentState::parse)?,
                leave_date: date_from_sql(r.get(11)?),
                emergency_contact: r.get(12)?,
                emergency_phone: r.get(13)?,
                notes: r.get(14)?,
                certs: Vec::new(),
                required: Vec::new(),
                induction_done: r.get(16)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let required = required_certs(conn)?;
    let mut certs = certificates(conn, rows.len() == 1, rows.first().map(|s| s.id))?;
    for (s, pos) in rows.iter_mut().zip(position_of) {
        if let Some(p) = pos {
            s.required = required.get(&p).cloned().unwrap_or_default();
        }
        s.certs = certs.remove(&s.id).unwrap_or_default();
    }
    Ok(rows)
}

fn cert_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CertRow> {
    Ok(CertRow {
        id: r.get(0)?,
        staff_id: r.get(1)?,
        kind: r.get(2)?,
        number: r.get(3)?,
        issuer: r.get(4)?,
        issue_date: date_from_sql(r.get(5)?),
        expiry_date: date_from_sql(r.get(6)?),
        scan_file: r.get(7)?,
        notes: r.get(8)?,
    })
}

const CERT_SELECT: &str = "SELECT id, staff_id, kind, number, issuer, issue_date, expiry_date,
        scan_file, notes FROM certificate";

/// Certificates grouped by person: one person's, or everybody's in one query.
fn certificates(
    conn: &Connection,
    one: bool,
    staff_id: Option<i64>,
) -> Result<HashMap<i64, Vec<CertRow>>> {
    let mut map: HashMap<i64, Vec<CertRow>> = HashMap::new();
    let order = "ORDER BY kind, coalesce(expiry_date, '9999-12-31') DESC, id";
    let list = if let (true, Some(id)) = (one, staff_id) {
        let mut stmt =
            conn.prepare_cached(&format!("{CERT_SELECT} WHERE staff_id = ?1 {order}"))?;
        stmt.query_map([id], cert_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
    } else {
        let mut stmt = conn.prepare_cached(&format!("{CERT_SELECT} {order}"))?;
        stmt.query_map([], cert_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
    };
    for c in list {
        map.entry(c.staff_id).or_default().push(c);
    }
    Ok(map)
}

/// Everyone, leavers included (lists hide them by default), grouped by department.
pub fn list_staff(conn: &Connection) -> Result<Vec<StaffRow>> {
    load_staff(conn, "", &[])
}

pub fn get_staff(conn: &Connection, id: i64) -> Result<StaffRow> {
    load_staff(conn, "WHERE s.id = ?1", &[&id])?
        .pop()
        .ok_or_else(|| Error::NotFound("员工".into()))
}

/// Staff by exact name (the batch `print staff-card --name`).
pub fn find_staff_by_name(conn: &Connection, name: &str) -> Result<Vec<StaffRow>> {
    load_staff(conn, "WHERE s.name = ?1", &[&normalize(name)])
}

fn department_for_input(conn: &Connection, name: &str) -> Result<i64> {
    resolve_department(conn, name)?.ok_or_else(|| {
        Error::invalid(format!(
            "没有“{name}”这个部门。请先在“部门与岗位”中添加，或选择已有部门。"
        ))
    })
}

fn unique_id_number(conn: &Connection, id_number: &str, except: Option<i64>) -> Result<()> {
    if id_number.is_empty() {
        return Ok(());
    }
    let other: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, name FROM staff WHERE id_number = ?1")?
        .query_row([id_number], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match other {
        Some((id, name)) if Some(id) != except => Err(Error::invalid(format!(
            "身份证号与已有员工“{name}”相同，请核对。"
        ))),
        _ => Ok(()),
    }
}

fn write_staff(
    conn: &Connection,
    id: Option<i64>,
    s: &StaffInput,
    department_id: i64,
    now: &str,
) -> Result<i64> {
    unique_id_number(conn, &s.id_number, id)?;
    let position_id = position_or_new(conn, &s.position)?;
    let gender = s.gender.map(Gender::as_str).unwrap_or("");
    let (birth, hire, leave) = (
        date_to_sql(s.birth_date),
        date_to_sql(s.hire_date),
        date_to_sql(s.leave_date),
    );
    // ?1–?14 in the same order for both statements; the update adds the id as ?15.
    let values: [&dyn rusqlite::ToSql; 14] = [
        &s.name,
        &gender,
        &birth,
        &s.phone,
        &s.id_number,
        &department_id,
        &position_id,
        &hire,
        &s.state.as_str(),
        &leave,
        &s.emergency_contact,
        &s.emergency_phone,
        &s.notes,
        &now,
    ];
    match id {
        Some(id) => {
            let n = exec(
                conn,
                "UPDATE staff SET name = ?1, gender = ?2, birth_date = ?3, phone = ?4,
                    id_number = ?5, department_id = ?6, position_id = ?7, hire_date = ?8,
                    state = ?9, leave_date = ?10, emergency_contact = ?11,
                    emergency_phone = ?12, notes = ?13, updated_at = ?14
                 WHERE id = ?15",
                rusqlite::params_from_iter(values.iter().chain([&(&id as &dyn rusqlite::ToSql)])),
            )?;
            if n == 0 {
                return Err(Error::NotFound("员工".into()));
            }
            Ok(id)
        }
        None => {
            exec(
                conn,
                "INSERT INTO staff(name, gender, birth_date, phone, id_number, department_id,
                    position_id, hire_date, state, leave_date, emergency_contact,
                    emergency_phone, notes, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
                rusqlite::params_from_iter(values.iter()),
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

pub fn create_staff(conn: &Connection, s: &StaffInput, now: &str) -> Result<i64> {
    let tx = super::write_tx(conn)?;
    let dept = department_for_input(&tx, &s.department)?;
    let id = write_staff(&tx, None, s, dept, now)?;
    tx.commit()?;
    Ok(id)
}

pub fn update_staff(conn: &Connection, id: i64, s: &StaffInput, now: &str) -> Result<()> {
    let tx = super::write_tx(conn)?;
    let dept = department_for_input(&tx, &s.department)?;
    write_staff(&tx, Some(id), s, dept, now)?;
    tx.commit()?;
    Ok(())
}

/// 办理离职: the person stays in the files with their leave date.
pub fn mark_left(conn: &Connection, id: i64, date: NaiveDate, now: &str) -> Result<()> {
    let hire: Option<Option<String>> = conn
        .query_row("SELECT hire_date FROM staff WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(hire) = hire else {
        return Err(Error::NotFound("员工".into()));
    };
    if let Some(h) = date_from_sql(hire)
        && date < h
    {
        return Err(Error::invalid(format!(
            "离职日期 {} 早于入职日期 {}。",
            iso(date),
            iso(h)
        )));
    }
    conn.execute(
        "UPDATE staff SET state = '离职', leave_date = ?1, updated_at = ?2 WHERE id = ?3",
        params![iso(date), now, id],
    )?;
    Ok(())
}

// ---------------------------------------------------------------- certificates

pub fn add_certificate(
    conn: &Connection,
    staff_id: i64,
    c: &CertInput,
    scan_file: &str,
    now: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO certificate(staff_id, kind, number, issuer, issue_date, expiry_date,
            scan_file, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            staff_id,
            c.kind,
            c.number,
            c.issuer,
            date_to_sql(c.issue_date),
            date_to_sql(c.expiry_date),
            scan_file,
            c.notes,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Edits a certificate; `scan_file` None keeps the scan it has.
pub fn update_certificate(
    conn: &Connection,
    id: i64,
    c: &CertInput,
    scan_file: Option<&str>,
    now: &str,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE certificate SET kind = ?1, number = ?2, issuer = ?3, issue_date = ?4,
            expiry_date = ?5, scan_file = coalesce(?6, scan_file), notes = ?7, updated_at = ?8
         WHERE id = ?9",
        params![
            c.kind,
            c.number,
            c.issuer,
            date_to_sql(c.issue_date),
            date_to_sql(c.expiry_date),
            scan_file,
            c.notes,
            now,
            id
        ],
    )?;
    if n == 0 {
        return Err(Error::NotFound("证书".into()));
    }
    Ok(())
}

/// Removes a certificate entered by mistake. The scan file stays in the attachments folder.
pub fn delete_certificate(conn: &Connection, id: i64) -> Result<()> {
    let n = conn.execute("DELETE FROM certificate WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(Error::NotFound("证书".into()));
    }
    Ok(())
}

pub fn get_certificate(conn: &Connection, id: i64) -> Result<CertRow> {
    conn.query_row(&format!("{CERT_SELECT} WHERE id = ?1"), [id], cert_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound("证书".into()))
}

// ---------------------------------------------------------------- trainings

/// Records a training and its attendees in one transaction.
pub fn create_training(conn: &Connection, t: &TrainingInput, now: &str) -> Result<i64> {
    let tx = super::write_tx(conn)?;
    tx.execute(
        "INSERT INTO training(course, kind, date, end_date, hours_tenths, trainer, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            t.course,
            t.kind.as_str(),
            iso(t.date),
            date_to_sql(t.end_date),
            t.hours_tenths,
            t.trainer,
            t.notes,
            now
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (staff_id, result) in &t.attendees {
        let exists: bool = row(
            &tx,
            "SELECT EXISTS(SELECT 1 FROM staff WHERE id = ?1)",
            [staff_id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(Error::NotFound("参加培训的员工".into()));
        }
        exec(
            &tx,
            "INSERT INTO training_attendee(training_id, staff_id, result) VALUES (?1, ?2, ?3)",
            params![id, staff_id, result.as_str()],
        )?;
    }
    tx.commit()?;
    Ok(id)
}

pub fn list_trainings(conn: &Connection) -> Result<Vec<TrainingRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, course, kind, date, end_date, hours_tenths, trainer, notes
         FROM training ORDER BY date DESC, id DESC",
    )?;
    let mut rows = stmt
        .query_map([], |r| {
            Ok(TrainingRow {
                id: r.get(0)?,
                course: r.get(1)?,
                kind: enum_from_sql(r.get(2)?, TrainingKind::parse)?,
                date: date_from_sql(r.get(3)?).unwrap_or_default(),
                end_date: date_from_sql(r.get(4)?),
                hours_tenths: r.get(5)?,
                trainer: r.get(6)?,
                notes: r.get(7)?,
                attendees: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.training_id, s.id, s.name, d.name, a.result
         FROM training_attendee a JOIN staff s ON s.id = a.staff_id
         JOIN department d ON d.id = s.department_id
         ORDER BY d.sort_order, s.id",
    )?;
    let mut by_training: HashMap<i64, Vec<(i64, String, String, TrainingResult)>> = HashMap::new();
    for r in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            (
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                enum_from_sql(r.get(4)?, TrainingResult::parse)?,
            ),
        ))
    })? {
        let (t, a) = r?;
        by_training.entry(t).or_default().push(a);
    }
    for t in &mut rows {
        t.attendees = by_training.remove(&t.id).unwrap_or_default();
    }
    Ok(rows)
}

/// A person's training history, newest first.
pub fn staff_trainings(conn: &Connection, staff_id: i64) -> Result<Vec<StaffTraining>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.course, t.kind, t.date, t.hours_tenths, t.trainer, a.result
         FROM training_attendee a JOIN training t ON t.id = a.training_id
         WHERE a.staff_id = ?1 ORDER BY t.date DESC, t.id DESC",
    )?;
    let rows = stmt
        .query_map([staff_id], |r| {
            Ok(StaffTraining {
                training_id: r.get(0)?,
                course: r.get(1)?,
                kind: enum_from_sql(r.get(2)?, TrainingKind::parse)?,
                date: date_from_sql(r.get(3)?).unwrap_or_default(),
                hours_tenths: r.get(4)?,
                trainer: r.get(5)?,
                result: enum_from_sql(r.get(6)?, TrainingResult::parse)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// For the assessment module: how many trainings each person missed (缺席) in a month.
/// Only people who missed at least one appear.
pub fn missed_trainings(conn: &Connection, year: i32, month: u32) -> Result<HashMap<i64, i64>> {
    let prefix = format!("{year:04}-{month:02}-");
    let mut stmt = conn.prepare_cached(
        "SELECT a.staff_id, count(*) FROM training_attendee a
         JOIN training t ON t.id = a.training_id
         WHERE a.result = '缺席' AND substr(t.date, 1, 8) = ?1
         GROUP BY a.staff_id",
    )?;
    let rows = stmt
        .query_map([prefix], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<HashMap<i64, i64>>>()?;
    Ok(rows)
}

/// Active staff counted by their post's duty, and the ages the age rule covers, on `today`.
pub fn duty_counts(staff: &[StaffRow], today: NaiveDate) -> DutyCounts {
    let mut c = DutyCounts::default();
    for s in staff.iter().filter(|s| s.active()) {
        let Some(duty) = s.duty else { continue };
        match duty {
            Duty::OutdoorCleaning => c.outdoor += 1,
            Duty::IndoorCleaning => c.indoor += 1,
            Duty::Cleaning => c.cleaning += 1,
            Duty::Greening => c.greening += 1,
            Duty::Guard => {}
        }
        match s.birth_date {
            Some(b) if age_on(b, today) < 60 => c.under_60 += 1,
            Some(_) => c.over_60 += 1,
            None => c.age_unknown += 1,
        }
    }
    c
}

// ---------------------------------------------------------------- import

/// A person on file as the input that would write them again.
fn input_of(s: &StaffRow) -> StaffInput {
    StaffInput {
        name: s.name.clone(),
        gender: s.gender,
        birth_date: s.birth_date,
        phone: s.phone.clone(),
        id_number: s.id_number.clone(),
        department: s.department.clone(),
        position: s.position.clone(),
        hire_date: s.hire_date,
        state: s.state,
        leave_date: s.leave_date,
        emergency_contact: s.emergency_contact.clone(),
        emergency_phone: s.emergency_phone.clone(),
        notes: s.notes.clone(),
        state_given: true,
    }
}

/// What an import will do, shown before the clerk confirms.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportPlan {
    pub added: usize,
    pub updated: usize,
    pub new_departments: Vec<String>,
    pub new_positions: Vec<String>,
}

/// The existing person a roster row means: same ID number; else same name and phone; else
/// same name and hire date. None: a new person.
fn match_existing(conn: &Connection, s: &StaffInput) -> Result<Option<i64>> {
    let q = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<Option<i64>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row(p, |r| r.get(0))
            .optional()?)
    };
    if !s.id_number.is_empty() {
        return q("SELECT id FROM staff WHERE id_number = ?1", &[&s.id_number]);
    }
    if !s.phone.is_empty() {
        return q(
            "SELECT id FROM staff WHERE name = ?1 AND phone = ?2 LIMIT 1",
            &[&s.name, &s.phone],
        );
    }
    if let Some(h) = s.hire_date {
        return q(
            "SELECT id FROM staff WHERE name = ?1 AND hire_date = ?2 LIMIT 1",
            &[&s.name, &iso(h)],
        );
    }
    Ok(None)
}

pub fn plan_import(conn: &Connection, rows: &[(usize, StaffInput)]) -> Result<ImportPlan> {
    let mut plan = ImportPlan::default();
    for (_, s) in rows {
        match match_existing(conn, s)? {
            Some(_) => plan.updated += 1,
            None => plan.added += 1,
        }
        if resolve_department(conn, &s.department)?.is_none()
            && !plan.new_departments.contains(&s.department)
        {
            plan.new_departments.push(s.department.clone());
        }
        if !s.position.is_empty()
            && position_id(conn, &s.position)?.is_none()
            && !plan.new_positions.contains(&s.position)
        {
            plan.new_positions.push(s.position.clone());
        }
    }
    Ok(plan)
}

/// Imports a roster in one transaction: new people are added, people already in the files
/// (see `match_existing`) are updated, unknown departments and posts are created. Either every
/// row goes in or none does.
pub fn import_staff(
    conn: &Connection,
    rows: &[(usize, StaffInput)],
    now: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportPlan> {
    let tx = super::write_tx(conn)?;
    let plan = plan_import(&tx, rows)?;
    for name in &plan.new_departments {
        add_department(&tx, name)?;
    }
    for (i, (line, s)) in rows.iter().enumerate() {
        let dept = department_for_input(&tx, &s.department)?;
        let existing = match_existing(&tx, s)?;
        let input = match existing {
            Some(id) => s.merged_onto(&input_of(&get_staff(&tx, id)?)),
            None => s.clone(),
        };
        write_staff(&tx, existing, &input, dept, now)
            .map_err(|e| Error::invalid(format!("第 {line} 行（{}）：{e}", s.name)))?;
        if i % 50 == 0 || i + 1 == rows.len() {
            progress(i + 1, rows.len());
        }
    }
    tx.commit()?;
    Ok(plan)
}
