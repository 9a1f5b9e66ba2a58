//! Estate base data: buildings, entrances, units, owners/occupants, and their history.

use super::{date_from_sql, enum_from_sql, exec, row};
use crate::domain::area::Area;
use crate::domain::date::iso;
use crate::domain::estate::{OccupantRole, OwnerInput, UnitInput, UnitState, Usage};
use crate::domain::text::natural_cmp;
use crate::error::{Error, Result};
use crate::io::{ImportFailure, RowError};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, ToSql, Transaction, params};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub phone2: String,
    pub id_number: String,
    pub special_care: String,
    pub role: OccupantRole,
    pub move_in: Option<NaiveDate>,
    pub file_complete: bool,
    pub file_signed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitRow {
    pub id: i64,
    pub building: String,
    pub entrance: String,
    pub room: String,
    pub area: Area,
    pub usage: Usage,
    pub state: UnitState,
    pub notes: String,
    /// Current occupants, owners first.
    pub occupants: Vec<PersonRow>,
}

impl UnitRow {
    /// The current owner (业主), if the unit has one.
    pub fn owner(&self) -> Option<&PersonRow> {
        self.occupants
            .iter()
            .find(|p| p.role == OccupantRole::Owner)
    }

    /// Whom to call about the unit: the owner, else the first occupant.
    pub fn contact(&self) -> Option<&PersonRow> {
        self.owner().or(self.occupants.first())
    }

    /// "10号楼1单元1201", as documents and messages name a unit.
    pub fn label(&self) -> String {
        format!("{}{}{}", self.building, self.entrance, self.room)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitEvent {
    pub at: String,
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EstateStats {
    pub buildings: i64,
    pub units: i64,
    pub total_area: Area,
    pub by_state: Vec<(UnitState, i64)>,
    pub by_usage: Vec<(Usage, i64)>,
    pub owners: i64,
    pub special_care: i64,
    /// Current occupants whose file is incomplete or unsigned (an assessable fault, seed 000).
    pub incomplete_files: i64,
}

const UNIT_SELECT: &str =
    "SELECT u.id, b.name, e.name, u.room, u.area_hundredths, u.usage, u.state, u.notes
     FROM unit u JOIN entrance e ON e.id = u.entrance_id JOIN building b ON b.id = e.building_id";

fn unit_from_row(r: &Row) -> rusqlite::Result<UnitRow> {
    Ok(UnitRow {
        id: r.get(0)?,
        building: r.get(1)?,
        entrance: r.get(2)?,
        room: r.get(3)?,
        area: Area(r.get(4)?),
        usage: enum_from_sql(r.get(5)?, Usage::parse)?,
        state: enum_from_sql(r.get(6)?, UnitState::parse)?,
        notes: r.get(7)?,
        occupants: Vec::new(),
    })
}

const OCCUPANT_SELECT: &str = "SELECT o.unit_id, p.id, p.name, p.phone, p.phone2, p.id_number, p.special_care, o.role, o.move_in,
            p.file_complete, p.file_signed
     FROM occupancy o JOIN person p ON p.id = o.person_id
     WHERE o.move_out IS NULL";

fn occupant_from_row(r: &Row) -> rusqlite::Result<(i64, PersonRow)> {
    Ok((
        r.get(0)?,
        PersonRow {
            id: r.get(1)?,
            name: r.get(2)?,
            phone: r.get(3)?,
            phone2: r.get(4)?,
            id_number: r.get(5)?,
            special_care: r.get(6)?,
            role: enum_from_sql(r.get(7)?, OccupantRole::parse)?,
            move_in: date_from_sql(r.get(8)?),
            file_complete: r.get(9)?,
            file_signed: r.get(10)?,
        },
    ))
}

/// Natural order: building, entrance, room ("2号楼" before "10号楼").
pub fn sort_units(units: &mut [UnitRow]) {
    units.sort_by(|a, b| {
        natural_cmp(&a.building, &b.building)
            .then_with(|| natural_cmp(&a.entrance, &b.entrance))
            .then_with(|| natural_cmp(&a.room, &b.room))
    });
}

/// The units matching `filter` (SQL over `u` = unit and `b` = building), each with its current
/// occupants: two queries merged here, never one query per unit.
fn load_units(conn: &Connection, filter: &str, params: &[&dyn ToSql]) -> Result<Vec<UnitRow>> {
    let sql = format!("{UNIT_SELECT} WHERE {filter}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut units = stmt
        .query_map(params, unit_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let sql = format!(
        "{OCCUPANT_SELECT} AND o.unit_id IN (
             SELECT u.id FROM unit u JOIN entrance e ON e.id = u.entrance_id
             JOIN building b ON b.id = e.building_id WHERE {filter})
         ORDER BY o.role = '使用人', o.id"
    );
    let mut occ: HashMap<i64, Vec<PersonRow>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&sql)?;
    for row in stmt.query_map(params, occupant_from_row)? {
        let (unit_id, p) = row?;
        occ.entry(unit_id).or_default().push(p);
    }
    for u in &mut units {
        if let Some(list) = occ.remove(&u.id) {
            u.occupants = list;
        }
    }
    sort_units(&mut units);
    Ok(units)
}

/// Every unit with its current occupants, in natural order.
pub fn list_units(conn: &Connection) -> Result<Vec<UnitRow>> {
    load_units(conn, "1", &[])
}

pub fn get_unit(conn: &Connection, id: i64) -> Result<UnitRow> {
    load_units(conn, "u.id = ?1", &[&id])?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("编号为 {id} 的房屋")))
}

pub fn unit_history(conn: &Connection, unit_id: i64) -> Result<Vec<UnitEvent>> {
    let mut stmt =
        conn.prepare("SELECT at, kind, detail FROM unit_event WHERE unit_id = ?1 ORDER BY id")?;
    let rows = stmt
        .query_map([unit_id], |r| {
            Ok(UnitEvent {
                at: r.get(0)?,
                kind: r.get(1)?,
                detail: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn building_names(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM building")?;
    let mut names = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    names.sort_by(|a, b| natural_cmp(a, b));
    Ok(names)
}

/// The units of one building for its roster, in natural order.
pub fn units_of_building(conn: &Connection, building: &str) -> Result<Vec<UnitRow>> {
    let units = load_units(conn, "b.name = ?1", &[&building])?;
    if units.is_empty() {
        let known = building_names(conn)?;
        return Err(Error::NotFound(format!(
            "楼栋“{building}”的房屋（现有楼栋：{}）",
            if known.is_empty() {
                "无".to_string()
            } else {
                known.join("、")
            }
        )));
    }
    Ok(units)
}

/// Units per value of an enum column (every value listed, zero included), in one query.
fn count_by<T: Copy>(
    conn: &Connection,
    column: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<Vec<(T, i64)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {column}, count(*) FROM unit GROUP BY {column}"
    ))?;
    let counts: HashMap<String, i64> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(all
        .iter()
        .map(|v| (*v, counts.get(name(*v)).copied().unwrap_or(0)))
        .collect())
}

pub fn estate_stats(conn: &Connection) -> Result<EstateStats> {
    let (units, area): (i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(area_hundredths), 0) FROM unit",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let buildings = conn.query_row("SELECT count(*) FROM building", [], |r| r.get(0))?;
    let owners = conn.query_row(
        "SELECT count(DISTINCT person_id) FROM occupancy WHERE move_out IS NULL",
        [],
        |r| r.get(0),
    )?;
    let special_care = conn.query_row(
        "SELECT count(DISTINCT p.id) FROM person p JOIN occupancy o ON o.person_id = p.id
         WHERE o.move_out IS NULL AND p.special_care <> ''",
        [],
        |r| r.get(0),
    )?;
    let incomplete_files = conn.query_row(
        "SELECT count(DISTINCT p.id) FROM person p JOIN occupancy o ON o.person_id = p.id
         WHERE o.move_out IS NULL AND (p.file_complete = 0 OR p.file_signed = 0)",
        [],
        |r| r.get(0),
    )?;
    let by_state = count_by(conn, "state", UnitState::ALL, UnitState::as_str)?;
    let by_usage = count_by(conn, "usage", Usage::ALL, Usage::as_str)?;
    Ok(EstateStats {
        buildings,
        units,
        total_area: Area(area),
        by_state,
        by_usage,
        owners,
        special_care,
        incomplete_files,
    })
}

fn estate_id(tx: &Transaction) -> Result<i64> {
    if let Some(id) = row(tx, "SELECT min(id) FROM estate", [], |r| {
        r.get::<_, Option<i64>>(0)
    })? {
        return Ok(id);
    }
    let name = super::settings::get(tx, super::settings::ESTATE_NAME)?;
    exec(tx, "INSERT INTO estate(name) VALUES (?1)", [name])?;
    Ok(tx.last_insert_rowid())
}

fn entrance_id(tx: &Transaction, building: &str, entrance: &str) -> Result<i64> {
    let estate = estate_id(tx)?;
    exec(
        tx,
        "INSERT INTO building(estate_id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        params![estate, building],
    )?;
    let building_id: i64 = row(
        tx,
        "SELECT id FROM building WHERE estate_id = ?1 AND name = ?2",
        params![estate, building],
        |r| r.get(0),
    )?;
    exec(
        tx,
        "INSERT INTO entrance(building_id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        params![building_id, entrance],
    )?;
    Ok(row(
        tx,
        "SELECT id FROM entrance WHERE building_id = ?1 AND name = ?2",
        params![building_id, entrance],
        |r| r.get(0),
    )?)
}

fn find_unit(tx: &Connection, building: &str, entrance: &str, room: &str) -> Result<Option<i64>> {
    Ok(row(
        tx,
        "SELECT u.id FROM unit u JOIN entrance e ON e.id = u.entrance_id
         JOIN building b ON b.id = e.building_id
         WHERE b.name = ?1 AND e.name = ?2 AND u.room = ?3",
        params![building, entrance, room],
        |r| r.get(0),
    )
    .optional()?)
}

fn event(tx: &Transaction, unit_id: i64, now: &str, kind: &str, detail: &str) -> Result<()> {
    exec(
        tx,
        "INSERT INTO unit_event(unit_id, at, kind, detail) VALUES (?1, ?2, ?3, ?4)",
        params![unit_id, now, kind, detail],
    )?;
    Ok(())
}

/// The same person owning a flat and a parking space is one person: matched by ID number,
/// or by name and phone.
fn find_or_create_person(tx: &Transaction, o: &OwnerInput, now: &str) -> Result<i64> {
    let existing: Option<i64> = if !o.id_number.is_empty() {
        row(
            tx,
            "SELECT id FROM person WHERE id_number = ?1",
            [&o.id_number],
            |r| r.get(0),
        )
        .optional()?
    } else if !o.phone.is_empty() {
        row(
            tx,
            "SELECT id FROM person WHERE name = ?1 AND phone = ?2",
            params![o.name, o.phone],
            |r| r.get(0),
        )
        .optional()?
    } else {
        None
    };
    if let Some(id) = existing {
        return Ok(id);
    }
    exec(tx,
        "INSERT INTO person(name, phone, phone2, id_number, special_care, file_complete, file_signed,
                            created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![o.name, o.phone, o.phone2, o.id_number, o.special_care, o.file_complete, o.file_signed, now],
    )?;
    Ok(tx.last_insert_rowid())
}

fn move_in(
    tx: &Transaction,
    unit_id: i64,
    o: &OwnerInput,
    role: OccupantRole,
    now: &str,
    fresh_unit: bool,
) -> Result<()> {
    let person = find_or_create_person(tx, o, now)?;
    if fresh_unit {
        // A unit inserted a moment ago has nobody on it yet.
        return record_move_in(tx, unit_id, person, o, role, now);
    }
    let already: bool = row(
        tx,
        "SELECT EXISTS(SELECT 1 FROM occupancy
                       WHERE unit_id = ?1 AND person_id = ?2 AND move_out IS NULL)",
        params![unit_id, person],
        |r| r.get(0),
    )?;
    if already {
        return Err(Error::invalid(format!(
            "{} 已登记在这户，无需重复登记。",
            o.name
        )));
    }
    record_move_in(tx, unit_id, person, o, role, now)
}

fn record_move_in(
    tx: &Transaction,
    unit_id: i64,
    person: i64,
    o: &OwnerInput,
    role: OccupantRole,
    now: &str,
) -> Result<()> {
    exec(
        tx,
        "INSERT INTO occupancy(unit_id, person_id, role, move_in, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![unit_id, person, role.as_str(), o.move_in.map(iso), now],
    )?;
    let when = o.move_in.map(iso).unwrap_or_else(|| "日期未知".into());
    event(
        tx,
        unit_id,
        now,
        "入住",
        &format!("{role} {}（{when}）", o.name),
    )
}

/// Registers a 使用人 (tenant, relative) on a unit; the owner, if any, stays.
pub fn add_occupant(conn: &Connection, unit_id: i64, o: &OwnerInput, now: &str) -> Result<()> {
    let tx = super::write_tx(conn)?;
    get_unit(&tx, unit_id)?;
    move_in(&tx, unit_id, o, OccupantRole::Occupant, now, false)?;
    tx.commit()?;
    Ok(())
}

fn insert_unit(tx: &Transaction, u: &UnitInput, now: &str, kind: &str) -> Result<i64> {
    let entrance = entrance_id(tx, &u.building, &u.entrance)?;
    insert_unit_at(tx, entrance, u, now, kind)
}

fn insert_unit_at(
    tx: &Transaction,
    entrance: i64,
    u: &UnitInput,
    now: &str,
    kind: &str,
) -> Result<i64> {
    exec(tx,
        "INSERT INTO unit(entrance_id, room, area_hundredths, usage, state, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![entrance, u.room, u.area.hundredths(), u.usage.as_str(), u.state.as_str(), u.notes, now],
    )?;
    let id = tx.last_insert_rowid();
    event(
        tx,
        id,
        now,
        kind,
        &format!("收费面积 {} ㎡，{}，{}", u.area, u.usage, u.state),
    )?;
    if let Some(o) = &u.owner {
        move_in(tx, id, o, OccupantRole::Owner, now, true)?;
    }
    Ok(id)
}

fn duplicate_message(u: &UnitInput) -> String {
    format!("房屋 {}{}{} 已存在", u.building, u.entrance, u.room)
}

pub fn create_unit(conn: &Connection, u: &UnitInput, now: &str) -> Result<i64> {
    let tx = super::write_tx(conn)?;
    if find_unit(&tx, &u.building, &u.entrance, &u.room)?.is_some() {
        return Err(Error::Invalid(duplicate_message(u)));
    }
    let id = insert_unit(&tx, u, now, "新建")?;
    tx.commit()?;
    Ok(id)
}

/// Saves the form. The current owner's details are corrected in place; a unit without a
/// current owner gets a move-in. Replacing an owner is a move-out followed by a move-in.
pub fn update_unit(conn: &Connection, id: i64, u: &UnitInput, now: &str) -> Result<()> {
    let tx = super::write_tx(conn)?;
    let before = get_unit(&tx, id)?;
    if let Some(other) = find_unit(&tx, &u.building, &u.entrance, &u.room)?
        && other != id
    {
        return Err(Error::Invalid(duplicate_message(u)));
    }
    let entrance = entrance_id(&tx, &u.building, &u.entrance)?;
    exec(
        &tx,
        "UPDATE unit SET entrance_id = ?1, room = ?2, area_hundredths = ?3, usage = ?4, state = ?5,
                notes = ?6, updated_at = ?7 WHERE id = ?8",
        params![
            entrance,
            u.room,
            u.area.hundredths(),
            u.usage.as_str(),
            u.state.as_str(),
            u.notes,
            now,
            id
        ],
    )?;
    let mut changes = Vec::new();
    if before.label() != format!("{}{}{}", u.building, u.entrance, u.room) {
        changes.push(format!(
            "房号 {} → {}{}{}",
            before.label(),
            u.building,
            u.entrance,
            u.room
        ));
    }
    if before.area != u.area {
        changes.push(format!("收费面积 {} → {}", before.area, u.area));
    }
    if before.usage != u.usage {
        changes.push(format!("用途 {} → {}", before.usage, u.usage));
    }
    if before.state != u.state {
        changes.push(format!("状态 {} → {}", before.state, u.state));
    }
    match (before.owner(), &u.owner) {
        (Some(p), Some(o)) => {
            exec(
                &tx,
                "UPDATE person SET name = ?1, phone = ?2, phone2 = ?3, id_number = ?4,
                        special_care = ?5, file_complete = ?6, file_signed = ?7, updated_at = ?8
                 WHERE id = ?9",
                params![
                    o.name,
                    o.phone,
                    o.phone2,
                    o.id_number,
                    o.special_care,
                    o.file_complete,
                    o.file_signed,
                    now,
                    p.id
                ],
            )?;
            exec(
                &tx,
                "UPDATE occupancy SET move_in = ?1
                 WHERE unit_id = ?2 AND person_id = ?3 AND move_out IS NULL",
                params![o.move_in.map(iso), id, p.id],
            )?;
            if p.name != o.name || p.phone != o.phone || p.id_number != o.id_number {
                changes.push(format!("业主资料更正（{}）", o.name));
            }
        }
        (None, Some(o)) => move_in(&tx, id, o, OccupantRole::Owner, now, false)?,
        (Some(p), None) => {
            return Err(Error::invalid(format!(
                "业主“{}”不能直接删除：请使用“办理迁出”记录迁出日期。",
                p.name
            )));
        }
        (None, None) => {}
    }
    if !changes.is_empty() {
        event(&tx, id, now, "修改", &changes.join("；"))?;
    }
    // The owner's file, where there is one, decides the 资料完整/已签字 flags.
    super::archives::sync_owner_flags(&tx, id, stamp_time(now))?;
    tx.commit()?;
    Ok(())
}

fn stamp_time(now: &str) -> chrono::NaiveDateTime {
    super::visits::time_from_sql(now)
}

/// Records that the current occupants left on `date`; the unit becomes 空置. Nothing is deleted.
pub fn move_out(conn: &Connection, unit_id: i64, date: NaiveDate, now: &str) -> Result<()> {
    let tx = super::write_tx(conn)?;
    let unit = get_unit(&tx, unit_id)?;
    if unit.occupants.is_empty() {
        return Err(Error::invalid(format!(
            "房屋 {} 目前无人入住，无需迁出。",
            unit.label()
        )));
    }
    for p in &unit.occupants {
        if let Some(m) = p.move_in
            && date < m
        {
            return Err(Error::invalid(format!(
                "迁出日期 {} 早于{}的入住日期 {}。",
                iso(date),
                p.name,
                iso(m)
            )));
        }
    }
    exec(
        &tx,
        "UPDATE occupancy SET move_out = ?1 WHERE unit_id = ?2 AND move_out IS NULL",
        params![iso(date), unit_id],
    )?;
    exec(
        &tx,
        "UPDATE unit SET state = '空置', updated_at = ?1 WHERE id = ?2",
        params![now, unit_id],
    )?;
    let names: Vec<&str> = unit.occupants.iter().map(|p| p.name.as_str()).collect();
    event(
        &tx,
        unit_id,
        now,
        "迁出",
        &format!("{}（{}）", names.join("、"), iso(date)),
    )?;
    tx.commit()?;
    Ok(())
}

/// Imports validated rows in one transaction: either every row goes in or none does.
/// `rows` carries the spreadsheet row number of each unit for error messages.
pub fn import_units(
    conn: &Connection,
    file: &str,
    rows: &[(usize, UnitInput)],
    now: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize> {
    let _cache = super::BigCache::new(conn)?;
    let tx = super::write_tx(conn)?;
    let mut errors = Vec::new();
    // Every unit already on file, read once: looking each row up on its own costs a re-plan
    // per row (SQLite re-prepares the three-table join for every new binding).
    let existing: HashSet<(String, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT b.name, e.name, u.room FROM unit u JOIN entrance e ON e.id = u.entrance_id
             JOIN building b ON b.id = e.building_id",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (line, u) in rows {
        if existing.contains(&(u.building.clone(), u.entrance.clone(), u.room.clone())) {
            errors.push(RowError {
                row: *line,
                column: "房号".into(),
                message: format!(
                    "房屋 {}{}{} 在数据库中已存在",
                    u.building, u.entrance, u.room
                ),
            });
        }
    }
    if !errors.is_empty() {
        return Err(Error::Import(ImportFailure {
            file: file.to_string(),
            errors,
        }));
    }
    // A sheet's rows share a few dozen entrances: each is looked up (or made) once.
    let mut entrances: HashMap<(&str, &str), i64> = HashMap::new();
    for (i, (_, u)) in rows.iter().enumerate() {
        let key = (u.building.as_str(), u.entrance.as_str());
        let entrance = match entrances.get(&key) {
            Some(id) => *id,
            None => {
                let id = entrance_id(&tx, &u.building, &u.entrance)?;
                entrances.insert(key, id);
                id
            }
        };
        insert_unit_at(&tx, entrance, u, now, "导入")?;
        if i % 50 == 0 || i + 1 == rows.len() {
            progress(i + 1, rows.len());
        }
    }
    tx.commit()?;
    Ok(rows.len())
}
