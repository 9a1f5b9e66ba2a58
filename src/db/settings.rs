//! Office settings as key/value rows; defaults live here so a new database works at once.

use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, params};

pub const OFFICE_NAME: &str = "office_name";
pub const ESTATE_NAME: &str = "estate_name";
pub const OFFICE_PHONE: &str = "office_phone";

fn default_for(key: &str) -> &'static str {
    match key {
        OFFICE_NAME => "物业管理处",
        ESTATE_NAME => "本小区",
        _ => "",
    }
}

pub fn get(conn: &Connection, key: &str) -> Result<String> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(v.unwrap_or_else(|| default_for(key).to_string()))
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO setting(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The settings the office edits in 设置 and every document header uses.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OfficeSettings {
    pub office_name: String,
    pub estate_name: String,
    pub office_phone: String,
}

pub fn load_office(conn: &Connection) -> Result<OfficeSettings> {
    Ok(OfficeSettings {
        office_name: get(conn, OFFICE_NAME)?,
        estate_name: get(conn, ESTATE_NAME)?,
        office_phone: get(conn, OFFICE_PHONE)?,
    })
}

pub fn save_office(conn: &Connection, s: &OfficeSettings) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    set(&tx, OFFICE_NAME, s.office_name.trim())?;
    set(&tx, ESTATE_NAME, s.estate_name.trim())?;
    set(&tx, OFFICE_PHONE, s.office_phone.trim())?;
    // The estate row carries the same name, so existing buildings follow a rename.
    tx.execute(
        "UPDATE estate SET name = ?1 WHERE id = (SELECT min(id) FROM estate)",
        [s.estate_name.trim()],
    )?;
    tx.commit()?;
    Ok(())
}
