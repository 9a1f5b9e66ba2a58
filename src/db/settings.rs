//! Office settings as key/value rows; defaults live here so a new database works at once.

use crate::domain::area::Area;
use crate::domain::staff::{StaffRules, StaffingRules};
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
    let v: Option<String> = super::row(
        conn,
        "SELECT value FROM setting WHERE key = ?1",
        [key],
        |r| r.get(0),
    )
    .optional()?;
    Ok(v.unwrap_or_else(|| default_for(key).to_string()))
}

/// Every stored setting, for the log's before/after of a command (the few dozen rows).
pub fn all(conn: &Connection) -> Result<std::collections::BTreeMap<String, String>> {
    let mut stmt = conn.prepare_cached("SELECT key, value FROM setting")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
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
    let tx = super::write_tx(conn)?;
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

pub const CERT_WARN_DAYS: &str = "staff.cert_warn_days";
pub const NEW_STAFF_DAYS: &str = "staff.new_staff_days";
pub const OUTDOOR_CLEANING_AREA: &str = "staffing.outdoor_cleaning_area";
pub const INDOOR_CLEANING_AREA: &str = "staffing.indoor_cleaning_area";
pub const GREEN_AREA: &str = "staffing.green_area";
pub const OUTDOOR_PER_PERSON: &str = "staffing.outdoor_per_person";
pub const INDOOR_PER_PERSON: &str = "staffing.indoor_per_person";
pub const GREEN_PER_PERSON: &str = "staffing.green_per_person";

/// The staff-file numbers the office edits in 设置 (defaults from DOMAIN.md and seed 000).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StaffSettings {
    pub rules: StaffRules,
    pub staffing: StaffingRules,
}

fn get_int(conn: &Connection, key: &str, default: i64) -> Result<i64> {
    let v = get(conn, key)?;
    Ok(v.trim().parse().unwrap_or(default))
}

pub fn load_staff_settings(conn: &Connection) -> Result<StaffSettings> {
    let r = StaffRules::default();
    let s = StaffingRules::default();
    Ok(StaffSettings {
        rules: StaffRules {
            cert_warn_days: get_int(conn, CERT_WARN_DAYS, r.cert_warn_days)?,
            new_staff_days: get_int(conn, NEW_STAFF_DAYS, r.new_staff_days)?,
        },
        staffing: StaffingRules {
            outdoor_cleaning_area: Area(get_int(conn, OUTDOOR_CLEANING_AREA, 0)?),
            indoor_cleaning_area: Area(get_int(conn, INDOOR_CLEANING_AREA, 0)?),
            green_area: Area(get_int(conn, GREEN_AREA, 0)?),
            outdoor_per_person: get_int(conn, OUTDOOR_PER_PERSON, s.outdoor_per_person)?,
            indoor_per_person: get_int(conn, INDOOR_PER_PERSON, s.indoor_per_person)?,
            green_per_person: get_int(conn, GREEN_PER_PERSON, s.green_per_person)?,
        },
    })
}

pub fn save_staff_settings(conn: &Connection, s: &StaffSettings) -> Result<()> {
    let tx = super::write_tx(conn)?;
    let values = [
        (CERT_WARN_DAYS, s.rules.cert_warn_days),
        (NEW_STAFF_DAYS, s.rules.new_staff_days),
        (OUTDOOR_CLEANING_AREA, s.staffing.outdoor_cleaning_area.0),
        (INDOOR_CLEANING_AREA, s.staffing.indoor_cleaning_area.0),
        (GREEN_AREA, s.staffing.green_area.0),
        (OUTDOOR_PER_PERSON, s.staffing.outdoor_per_person),
        (INDOOR_PER_PERSON, s.staffing.indoor_per_person),
        (GREEN_PER_PERSON, s.staffing.green_per_person),
    ];
    for (key, value) in values {
        set(&tx, key, &value.to_string())?;
    }
    tx.commit()?;
    Ok(())
}

/// The key custodian on duty (当班钥匙管理员): recorded on every loan and return; a handover
/// count passes it to the incoming custodian.
pub const KEY_CUSTODIAN: &str = "keys.custodian";
/// The shift changes (交班时间) that set a loan's default due time, as `08:00、20:00`.
pub const KEY_SHIFTS: &str = "keys.shift_changes";

/// The office's shift changes; the default (08:00、20:00) when none were saved. A value that no
/// longer reads is refused with a message rather than silently replaced.
pub fn load_shifts(conn: &Connection) -> Result<crate::domain::keys::Shifts> {
    let v = get(conn, KEY_SHIFTS)?;
    if v.trim().is_empty() {
        return Ok(crate::domain::keys::Shifts::default());
    }
    crate::domain::keys::Shifts::parse(&v).map_err(|e| {
        crate::error::Error::invalid(format!("设置中的交班时间有误：{e}。请在“设置”中重新填写。"))
    })
}

pub fn save_shifts(conn: &Connection, shifts: &crate::domain::keys::Shifts) -> Result<()> {
    set(conn, KEY_SHIFTS, &shifts.text())
}

/// The clerk taking payments (收款人), recorded on every receipt.
pub const CHARGING_CLERK: &str = "charging.clerk";
/// How receipts are printed: 每张A4一联 (default), two per A4, or the three-part form.
pub const RECEIPT_PAPER: &str = "charging.receipt_paper";
/// What 打印 does with a finished PDF (`printing::Delivery`): open it, or send it to a printer.
pub const PRINT_DELIVERY: &str = "print.delivery";
pub const LATE_FEE_ENABLED: &str = "charging.late_fee_enabled";
pub const LATE_FEE_PER_DAY: &str = "charging.late_fee_per_day_e4";
pub const LATE_FEE_GRACE_DAYS: &str = "charging.late_fee_grace_days";

/// The late-fee rule (滞纳金): off unless the office turns it on in 设置.
pub fn load_late_fee(conn: &Connection) -> Result<crate::domain::charging::LateFeeRule> {
    let d = crate::domain::charging::LateFeeRule::default();
    Ok(crate::domain::charging::LateFeeRule {
        enabled: get(conn, LATE_FEE_ENABLED)?.trim() == "1",
        per_day_e4: get_int(conn, LATE_FEE_PER_DAY, d.per_day_e4)?,
        grace_days: get_int(conn, LATE_FEE_GRACE_DAYS, d.grace_days)?,
    })
}

pub fn save_late_fee(conn: &Connection, r: &crate::domain::charging::LateFeeRule) -> Result<()> {
    let tx = super::write_tx(conn)?;
    set(&tx, LATE_FEE_ENABLED, if r.enabled { "1" } else { "0" })?;
    set(&tx, LATE_FEE_PER_DAY, &r.per_day_e4.to_string())?;
    set(&tx, LATE_FEE_GRACE_DAYS, &r.grace_days.to_string())?;
    tx.commit()?;
    Ok(())
}

pub const QUALITY_WEIGHTS: &str = "assess.quality_weights";
pub const QUALITY_BANDS: &str = "assess.quality_bands";
pub const QUALITY_MONEY: &str = "assess.quality_money";

/// The quarterly quality rules: weights (自查/问卷/投诉, percent), grade bands (优秀 from, 合格
/// from, hundredths) and money (yuan per point below and above 95), stored as comma lists.
pub fn load_quality_rules(conn: &Connection) -> Result<crate::domain::assessment::QualityRules> {
    let mut r = crate::domain::assessment::QualityRules::default();
    let list = |key: &str| -> Result<Vec<i64>> {
        Ok(get(conn, key)?
            .split(',')
            .filter_map(|p| p.trim().parse().ok())
            .collect())
    };
    if let [a, b, c] = list(QUALITY_WEIGHTS)?.as_slice() {
        (r.self_check_weight, r.survey_weight, r.complaint_weight) = (*a, *b, *c);
    }
    if let [e, p] = list(QUALITY_BANDS)?.as_slice() {
        (r.bands.excellent_min, r.bands.pass_min) = (*e, *p);
    }
    if let [pen, rew] = list(QUALITY_MONEY)?.as_slice() {
        (r.penalty_per_point, r.reward_per_point) = (*pen, *rew);
    }
    Ok(r)
}

pub fn save_quality_rules(
    conn: &Connection,
    r: &crate::domain::assessment::QualityRules,
) -> Result<()> {
    if r.self_check_weight + r.survey_weight + r.complaint_weight != 100 {
        return Err(crate::error::Error::invalid("三部分权重之和必须为 100%。"));
    }
    let tx = super::write_tx(conn)?;
    set(
        &tx,
        QUALITY_WEIGHTS,
        &format!(
            "{},{},{}",
            r.self_check_weight, r.survey_weight, r.complaint_weight
        ),
    )?;
    set(
        &tx,
        QUALITY_BANDS,
        &format!("{},{}", r.bands.excellent_min, r.bands.pass_min),
    )?;
    set(
        &tx,
        QUALITY_MONEY,
        &format!("{},{}", r.penalty_per_point, r.reward_per_point),
    )?;
    tx.commit()?;
    Ok(())
}

pub const STAFF_BANDS: &str = "assess.staff_bands";

/// The grading of monthly staff scores (seed 004's company-wide bands: ≥ 90 优秀, ≥ 70 合格),
/// in hundredths.
pub fn load_staff_bands(conn: &Connection) -> Result<crate::domain::assessment::Bands> {
    let v: Vec<i64> = get(conn, STAFF_BANDS)?
        .split(',')
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    Ok(match v.as_slice() {
        [e, p] => crate::domain::assessment::Bands {
            excellent_min: *e,
            pass_min: *p,
        },
        _ => crate::domain::assessment::Bands::STAFF,
    })
}

pub fn save_staff_bands(conn: &Connection, b: &crate::domain::assessment::Bands) -> Result<()> {
    if b.excellent_min < b.pass_min {
        return Err(crate::error::Error::invalid("优秀起点不能低于合格起点。"));
    }
    set(
        conn,
        STAFF_BANDS,
        &format!("{},{}", b.excellent_min, b.pass_min),
    )
}
