//! The charging ledgers' SQL (收费台账): fee items and rates, meter readings, shared meter
//! amounts, the billing run, payments and receipts, voids, prepaid credit, arrears, dunning
//! and the collection report. The rules are in `domain::charging`; this stores their results.

use super::{date_from_sql, enum_from_sql, exec, row, stamp};
use crate::domain::charging::{
    BillInputs, BillItem, BillKind, BillUnit, DunMethod, FeeKind, LateFeeRule, OpenLine, PayMethod,
    PayTerm, Scope, plan_bills, plan_payment, usage_of,
};
use crate::domain::money::Money;
use crate::domain::period::{Ageing, Period, collection_rate, receipt_number};
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::{BTreeMap, HashMap};

pub(super) fn period_from_sql(v: String) -> rusqlite::Result<Period> {
    Period::parse(&v).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

use super::write_tx;

/// The unit's name as documents write it, from `u`, `e`, `b` in a query.
const UNIT_LABEL: &str = "b.name || e.name || u.room";
const UNIT_JOIN: &str = "JOIN unit u ON u.id = x.unit_id JOIN entrance e ON e.id = u.entrance_id
     JOIN building b ON b.id = e.building_id";
const OWNER: &str = "coalesce((SELECT p.name FROM occupancy o JOIN person p ON p.id = o.person_id
     WHERE o.unit_id = u.id AND o.role = '业主' AND o.move_out IS NULL ORDER BY o.id LIMIT 1), '')";
const PHONE: &str = "coalesce((SELECT p.phone FROM occupancy o JOIN person p ON p.id = o.person_id
     WHERE o.unit_id = u.id AND o.move_out IS NULL ORDER BY o.role = '使用人', o.id LIMIT 1), '')";

// ---------------------------------------------------------------------------------------------
// Fee items and rates

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeItemRow {
    pub id: i64,
    pub name: String,
    pub kind: FeeKind,
    pub scope: Scope,
    pub scope_value: String,
    pub refundable: bool,
    pub start: Period,
    pub end: Option<Period>,
    pub notes: String,
    /// (from period, rate in 1/10000 元), oldest first.
    pub rates: Vec<(Period, i64)>,
    /// 缴费期限: when its lines fall due.
    pub term: PayTerm,
    /// The share a vacant unit pays, in percent (None: in full).
    pub vacant_percent: Option<u32>,
    /// 按户: billed only to the households subscribed to it.
    pub per_household: bool,
}

impl FeeItemRow {
    /// The rate in force for `period`: the latest one starting on or before it.
    pub fn rate_for(&self, period: Period) -> Option<i64> {
        self.rates
            .iter()
            .rev()
            .find(|(from, _)| *from <= period)
            .map(|r| r.1)
    }

    /// 执行期间 as the fee-item table shows it: the period of the rate in force in `today`
    /// (not the item's first month — a rate changed in 2026-08 reads "2026-08 起"), to the item's
    /// end if it has one; a shared-meter item has no rate of its own and shows its own period.
    pub fn in_force_text(&self, today: Period) -> String {
        let since = match self.kind {
            FeeKind::Shared => self.start,
            _ => self
                .rates
                .iter()
                .rev()
                .find(|(from, _)| *from <= today)
                .or(self.rates.first())
                .map_or(self.start, |r| r.0.max(self.start)),
        };
        match self.end {
            Some(e) => format!("{since} 至 {e}"),
            None => format!("{since} 起"),
        }
    }

    /// 单价历史: every rate with the month it began, oldest first; a shared-meter item's cost
    /// is divided by area each month and has none ("—").
    pub fn history_text(&self) -> String {
        if self.kind == FeeKind::Shared || self.rates.is_empty() {
            return "—".into();
        }
        self.rates
            .iter()
            .map(|(p, r)| format!("{p} 起 {}", crate::domain::charging::rate_text(*r)))
            .collect::<Vec<_>>()
            .join("；")
    }

    pub fn active_in(&self, period: Period) -> bool {
        self.start <= period && self.end.is_none_or(|e| period <= e)
    }

    pub fn scope_text(&self) -> String {
        match self.scope {
            Scope::All => "全部房屋".into(),
            _ => format!("{}：{}", self.scope, self.scope_value),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeItemInput {
    pub name: String,
    pub kind: FeeKind,
    pub scope: Scope,
    pub scope_value: String,
    pub refundable: bool,
    pub start: Period,
    pub rate_e4: i64,
    pub notes: String,
}

pub fn list_items(conn: &Connection) -> Result<Vec<FeeItemRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.name, i.kind, i.scope, i.scope_value, i.refundable, i.start_period,
                i.end_period, i.notes
         FROM fee_item i LEFT JOIN fee_item_setting s ON s.item_id = i.id
         ORDER BY coalesce(s.sort_order, i.id), i.id",
    )?;
    let mut items = stmt
        .query_map([], |r| {
            Ok(FeeItemRow {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: enum_from_sql(r.get(2)?, FeeKind::parse)?,
                scope: enum_from_sql(r.get(3)?, Scope::parse)?,
                scope_value: r.get(4)?,
                refundable: r.get(5)?,
                start: period_from_sql(r.get(6)?)?,
                end: r
                    .get::<_, Option<String>>(7)?
                    .map(period_from_sql)
                    .transpose()?,
                notes: r.get(8)?,
                rates: Vec::new(),
                term: PayTerm::default(),
                vacant_percent: None,
                per_household: false,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, from_period, rate_e4 FROM fee_rate ORDER BY from_period",
    )?;
    let mut rates: HashMap<i64, Vec<(Period, i64)>> = HashMap::new();
    for r in stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, period_from_sql(r.get(1)?)?, r.get(2)?))
    })? {
        let (item, from, rate) = r?;
        rates.entry(item).or_default().push((from, rate));
    }
    let terms = item_terms(conn)?;
    let vacant = vacant_percents(conn)?;
    let per_household: std::collections::HashSet<i64> = conn
        .prepare_cached("SELECT item_id FROM fee_item_setting WHERE per_household = 1")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for item in &mut items {
        item.rates = rates.remove(&item.id).unwrap_or_default();
        item.term = terms.get(&item.id).copied().unwrap_or_default();
        item.vacant_percent = vacant.get(&item.id).copied();
        item.per_household = per_household.contains(&item.id);
    }
    Ok(items)
}

fn list_item_ids(conn: &Connection) -> Result<Vec<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM fee_item ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?)
}

/// Each item's 缴费期限 that is not the default (月末).
pub fn item_terms(conn: &Connection) -> Result<HashMap<i64, PayTerm>> {
    let mut stmt = conn.prepare_cached("SELECT item_id, pay_term FROM fee_item_setting")?;
    let mut out = HashMap::new();
    for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, text) = r?;
        let term = PayTerm::parse(&text).map_err(|e| Error::Damaged {
            path: std::path::PathBuf::new(),
            detail: format!("收费项目 {id} 的{e}"),
        })?;
        out.insert(id, term);
    }
    Ok(out)
}

/// Sets an item's 缴费期限. Lines already billed follow it too: it says when they fall due.
pub fn set_item_term(conn: &Connection, item_id: i64, term: PayTerm) -> Result<()> {
    let n = conn.execute(
        "INSERT INTO fee_item_setting(item_id, pay_term) SELECT id, ?2 FROM fee_item WHERE id = ?1
         ON CONFLICT(item_id) DO UPDATE SET pay_term = excluded.pay_term",
        params![item_id, term.text()],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!("收费项目 {item_id}")));
    }
    Ok(())
}

/// Moves an item one place up or down in the office's order (the order a payment pays the
/// items of one month in, and the order they are listed in). Returns whether it moved.
pub fn move_item(conn: &Connection, item_id: i64, up: bool) -> Result<bool> {
    let tx = write_tx(conn)?;
    let mut ids: Vec<i64> = list_items(&tx)?.into_iter().map(|i| i.id).collect();
    let Some(at) = ids.iter().position(|i| *i == item_id) else {
        return Err(Error::NotFound(format!("收费项目 {item_id}")));
    };
    let to = if up { at.checked_sub(1) } else { Some(at + 1) };
    let Some(to) = to.filter(|t| *t < ids.len()) else {
        return Ok(false);
    };
    ids.swap(at, to);
    for (n, id) in ids.iter().enumerate() {
        exec(
            &tx,
            "INSERT INTO fee_item_setting(item_id, sort_order) VALUES (?1, ?2)
             ON CONFLICT(item_id) DO UPDATE SET sort_order = excluded.sort_order",
            params![id, n as i64 + 1],
        )?;
    }
    tx.commit()?;
    Ok(true)
}

/// Makes an item 按户 (billed only to subscribed households) or not.
pub fn set_per_household(conn: &Connection, item_id: i64, on: bool) -> Result<()> {
    let n = conn.execute(
        "INSERT INTO fee_item_setting(item_id, per_household) SELECT id, ?2 FROM fee_item
         WHERE id = ?1
         ON CONFLICT(item_id) DO UPDATE SET per_household = excluded.per_household",
        params![item_id, on],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!("收费项目 {item_id}")));
    }
    Ok(())
}

/// A household's subscription to a 按户 item, as entered or imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionInput {
    pub unit_id: i64,
    pub item_id: i64,
    /// 车位号 (or what else it is for); '' when nothing in particular.
    pub object: String,
    pub plate: String,
    pub start: Period,
    pub end: Option<Period>,
    /// Its own monthly rate, when it differs from the item's.
    pub rate_e4: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionRow {
    pub id: i64,
    pub unit_id: i64,
    pub unit: String,
    pub item_id: i64,
    pub item: String,
    pub object: String,
    pub plate: String,
    pub start: Period,
    pub end: Option<Period>,
    pub rate_e4: Option<i64>,
}

impl SubscriptionRow {
    /// What it is for, in words: `车位 B-023（浙A·12345）`.
    pub fn what(&self) -> String {
        subscription_words(&self.object, &self.plate)
    }

    pub fn span_text(&self) -> String {
        match self.end {
            Some(e) => format!("{} 至 {e}", self.start),
            None => format!("{} 起", self.start),
        }
    }
}

/// A subscription's object and plate in words: `车位 B-023（浙A·12345）`, '' for neither.
pub fn subscription_words(object: &str, plate: &str) -> String {
    let mut w = if object.is_empty() {
        String::new()
    } else {
        format!("车位 {object}")
    };
    if !plate.is_empty() {
        w.push_str(&format!("（{plate}）"));
    }
    w
}

fn subscription_select() -> String {
    format!(
        "SELECT s.id, s.unit_id, {UNIT_LABEL}, s.item_id, i.name, s.object, s.plate,
                s.start_period, s.end_period, s.rate_e4
         FROM subscription s JOIN fee_item i ON i.id = s.item_id
         JOIN unit u ON u.id = s.unit_id JOIN entrance e ON e.id = u.entrance_id
         JOIN building b ON b.id = e.building_id"
    )
}

fn subscription_from_row(r: &Row) -> rusqlite::Result<SubscriptionRow> {
    Ok(SubscriptionRow {
        id: r.get(0)?,
        unit_id: r.get(1)?,
        unit: r.get(2)?,
        item_id: r.get(3)?,
        item: r.get(4)?,
        object: r.get(5)?,
        plate: r.get(6)?,
        start: period_from_sql(r.get(7)?)?,
        end: r
            .get::<_, Option<String>>(8)?
            .map(period_from_sql)
            .transpose()?,
        rate_e4: r.get(9)?,
    })
}

/// The subscriptions running in `period` (all units).
pub fn running_subscriptions(conn: &Connection, period: Period) -> Result<Vec<SubscriptionRow>> {
    let sql = format!(
        "{} WHERE s.start_period <= ?1 AND (s.end_period IS NULL OR s.end_period >= ?1)
         ORDER BY s.unit_id, s.id",
        subscription_select()
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([period.to_string()], subscription_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A unit's subscriptions, newest first (ended ones too).
pub fn unit_subscriptions(conn: &Connection, unit_id: i64) -> Result<Vec<SubscriptionRow>> {
    let sql = format!(
        "{} WHERE s.unit_id = ?1 ORDER BY s.start_period DESC, s.id DESC",
        subscription_select()
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([unit_id], subscription_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Adds subscriptions in one transaction, all or nothing: each to a 按户 item, and a parking
/// space never rented twice over the same months (against those on file and each other).
/// Returns how many.
pub fn add_subscriptions(
    conn: &Connection,
    rows: &[SubscriptionInput],
    now: NaiveDateTime,
) -> Result<usize> {
    let tx = write_tx(conn)?;
    let items = list_items(&tx)?;
    for (k, s) in rows.iter().enumerate() {
        let Some(item) = items.iter().find(|i| i.id == s.item_id) else {
            return Err(Error::NotFound(format!("收费项目 {}", s.item_id)));
        };
        if !item.per_household {
            return Err(Error::invalid(format!(
                "收费项目“{}”不是按户收取的项目：先在 收费项目 中把它设为按户",
                item.name
            )));
        }
        if let Some(e) = s.end
            && e < s.start
        {
            return Err(Error::invalid(format!(
                "结束期间 {e} 早于起始期间 {}",
                s.start
            )));
        }
        let object = s.object.trim();
        if !object.is_empty() {
            if let Some(j) = rows[..k].iter().position(|o| {
                o.item_id == s.item_id
                    && o.object.trim() == object
                    && crate::domain::charging::spans_overlap((o.start, o.end), (s.start, s.end))
            }) {
                return Err(Error::invalid(format!(
                    "车位 {object} 在第 {} 条和第 {} 条中租期重叠",
                    j + 1,
                    k + 1
                )));
            }
            let same = format!(
                "{} WHERE s.item_id = ?1 AND s.object = ?2",
                subscription_select()
            );
            let on_file = tx
                .prepare_cached(&same)?
                .query_map(params![s.item_id, object], subscription_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            if let Some(o) = on_file.iter().find(|o| {
                crate::domain::charging::spans_overlap((o.start, o.end), (s.start, s.end))
            }) {
                return Err(Error::invalid(format!(
                    "车位 {object} 已租给 {}（{}），与 {}{} 重叠",
                    o.unit,
                    o.span_text(),
                    s.start,
                    s.end
                        .map(|e| format!(" 至 {e}"))
                        .unwrap_or_else(|| " 起".into())
                )));
            }
        }
        exec(
            &tx,
            "INSERT INTO subscription(unit_id, item_id, object, plate, start_period, end_period,
                                      rate_e4, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                s.unit_id,
                s.item_id,
                object,
                s.plate.trim(),
                s.start.to_string(),
                s.end.map(|e| e.to_string()),
                s.rate_e4,
                stamp(now)
            ],
        )?;
    }
    tx.commit()?;
    Ok(rows.len())
}

/// Ends a subscription with `end` as its last billed month (a parking space given back). Not
/// before it started, and not before a month already billed for it: those bills stand (a
/// wrong one is corrected with 调整). Returns the subscription as it now is.
pub fn end_subscription(conn: &Connection, id: i64, end: Period) -> Result<SubscriptionRow> {
    let tx = write_tx(conn)?;
    let sql = format!("{} WHERE s.id = ?1", subscription_select());
    let Some(sub) = tx
        .prepare_cached(&sql)?
        .query_map([id], subscription_from_row)?
        .next()
        .transpose()?
    else {
        return Err(Error::NotFound(format!("按户收费 {id}")));
    };
    if end < sub.start {
        return Err(Error::invalid(format!(
            "结束期间 {end} 早于起始期间 {}",
            sub.start
        )));
    }
    let billed: Option<String> = row(
        &tx,
        "SELECT max(period) FROM bill WHERE unit_id = ?1 AND item_id = ?2 AND kind = '月度'",
        params![sub.unit_id, sub.item_id],
        |r| r.get(0),
    )?;
    if let Some(last) = billed.map(period_from_sql).transpose()?
        && end < last
    {
        return Err(Error::invalid(format!(
            "{} 已生成到 {last} 的应收，结束期间不能早于 {last}（多收的月份请在收款台用“调整”更正）",
            sub.item
        )));
    }
    exec(
        &tx,
        "UPDATE subscription SET end_period = ?2 WHERE id = ?1",
        params![id, end.to_string()],
    )?;
    tx.commit()?;
    Ok(SubscriptionRow {
        end: Some(end),
        ..sub
    })
}

/// What share of an item a vacant (空置) unit pays, in percent (None: the full amount). From
/// the next billing run on; what was billed stays as billed.
pub fn set_vacant_percent(conn: &Connection, item_id: i64, percent: Option<u32>) -> Result<()> {
    if let Some(p) = percent
        && !(1..=100).contains(&p)
    {
        return Err(Error::invalid(format!(
            "空置房收费比例 {p}% 应在 1% 到 100% 之间"
        )));
    }
    let n = conn.execute(
        "INSERT INTO fee_item_setting(item_id, vacant_percent) SELECT id, ?2 FROM fee_item
         WHERE id = ?1
         ON CONFLICT(item_id) DO UPDATE SET vacant_percent = excluded.vacant_percent",
        params![item_id, percent],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!("收费项目 {item_id}")));
    }
    Ok(())
}

/// Each item's share for vacant units, where it has one.
pub fn vacant_percents(conn: &Connection) -> Result<HashMap<i64, u32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, vacant_percent FROM fee_item_setting WHERE vacant_percent IS NOT NULL",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?)))?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(rows)
}

/// 未到期应收: what units owe on lines not yet due on `as_of` (not arrears). Returns
/// (how many units, the total).
pub fn not_yet_due(conn: &Connection, as_of: NaiveDate) -> Result<(usize, i64)> {
    let terms = item_terms(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT f.unit_id, f.period, f.item_id, f.due_fen - f.paid_fen
         FROM bill_fact f JOIN fee_item i ON i.id = f.item_id
         WHERE f.settled_on IS NULL AND i.refundable = 0",
    )?;
    let mut units = std::collections::HashSet::new();
    let mut total = 0;
    for r in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            period_from_sql(r.get(1)?)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })? {
        let (unit, period, item, owed) = r?;
        let term = terms.get(&item).copied().unwrap_or_default();
        if owed > 0 && !term.overdue(period, as_of) {
            units.insert(unit);
            total += owed;
        }
    }
    Ok((units.len(), total))
}

pub fn item_by_name(conn: &Connection, name: &str) -> Result<Option<FeeItemRow>> {
    Ok(list_items(conn)?
        .into_iter()
        .find(|i| i.name == name.trim()))
}

fn check_item(i: &FeeItemInput) -> Result<()> {
    if i.name.trim().is_empty() {
        return Err(Error::invalid("收费项目名称不能为空。"));
    }
    if i.scope != Scope::All && i.scope_value.trim().is_empty() {
        return Err(Error::invalid(format!(
            "收费项目“{}”按{}收取，请写明适用的{}。",
            i.name, i.scope, i.scope
        )));
    }
    Ok(())
}

fn insert_item(tx: &Connection, i: &FeeItemInput, by: &str, now: &str) -> Result<i64> {
    check_item(i)?;
    let value = if i.scope == Scope::All {
        String::new()
    } else {
        i.scope_value.trim().to_string()
    };
    exec(
        tx,
        "INSERT INTO fee_item(name, kind, scope, scope_value, refundable, start_period, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            i.name.trim(),
            i.kind.as_str(),
            i.scope.as_str(),
            value,
            i.refundable,
            i.start.to_string(),
            i.notes.trim(),
            now
        ],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Error::invalid(format!("已有名为“{}”的收费项目。", i.name.trim()))
        }
        e => Error::Db(e),
    })?;
    let id = tx.last_insert_rowid();
    exec(
        tx,
        "INSERT INTO fee_rate(item_id, from_period, rate_e4, recorded_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, i.start.to_string(), i.rate_e4, by, now],
    )?;
    Ok(id)
}

pub fn create_item(
    conn: &Connection,
    i: &FeeItemInput,
    by: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    let tx = write_tx(conn)?;
    let id = insert_item(&tx, i, by, &stamp(now))?;
    tx.commit()?;
    Ok(id)
}

fn set_rate_in(
    tx: &Connection,
    item_id: i64,
    from: Period,
    rate_e4: i64,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let billed: i64 = row(
        tx,
        "SELECT count(*) FROM bill WHERE item_id = ?1 AND kind = '月度' AND period >= ?2",
        params![item_id, from.to_string()],
        |r| r.get(0),
    )?;
    if billed > 0 {
        return Err(Error::invalid(format!(
            "{from} 起已按原单价生成应收 {billed} 笔，不能改写已出账的单价。请从下一个未出账的期间起调价，已出账的差额用“调整”入账。"
        )));
    }
    exec(
        tx,
        "INSERT INTO fee_rate(item_id, from_period, rate_e4, recorded_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(item_id, from_period) DO UPDATE SET rate_e4 = excluded.rate_e4,
             recorded_by = excluded.recorded_by, created_at = excluded.created_at",
        params![item_id, from.to_string(), rate_e4, by, stamp(now)],
    )?;
    Ok(())
}

/// A new rate from `from` on; earlier periods keep theirs. Refused for a period already billed.
pub fn set_rate(
    conn: &Connection,
    item_id: i64,
    from: Period,
    rate_e4: i64,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let tx = write_tx(conn)?;
    set_rate_in(&tx, item_id, from, rate_e4, by, now)?;
    tx.commit()?;
    Ok(())
}

/// Stops an item after `last` (停收); `None` resumes it.
pub fn set_item_end(conn: &Connection, item_id: i64, last: Option<Period>) -> Result<()> {
    exec(
        conn,
        "UPDATE fee_item SET end_period = ?2 WHERE id = ?1",
        params![item_id, last.map(|p| p.to_string())],
    )
    .map_err(|_| Error::invalid("停收期间不能早于开始期间。"))?;
    Ok(())
}

/// Imported items: a new name is created; a known name with a new start period gets that rate
/// from then on. All or nothing.
pub fn import_items(
    conn: &Connection,
    items: &[FeeItemInput],
    by: &str,
    now: NaiveDateTime,
) -> Result<(usize, usize)> {
    let tx = write_tx(conn)?;
    let at = stamp(now);
    let (mut added, mut rated) = (0, 0);
    for i in items {
        let existing = list_items(&tx)?;
        match existing.iter().find(|e| e.name == i.name.trim()) {
            Some(e) => {
                if e.kind != i.kind {
                    return Err(Error::invalid(format!(
                        "收费项目“{}”已是“{}”类，不能改为“{}”。",
                        e.name, e.kind, i.kind
                    )));
                }
                if e.rates.contains(&(i.start, i.rate_e4)) {
                    continue;
                }
                set_rate_in(&tx, e.id, i.start, i.rate_e4, by, now)
                    .map_err(|err| Error::invalid(format!("收费项目“{}”：{err}", e.name)))?;
                rated += 1;
            }
            None => {
                insert_item(&tx, i, by, &at)?;
                added += 1;
            }
        }
    }
    tx.commit()?;
    Ok((added, rated))
}

// ---------------------------------------------------------------------------------------------
// Meter readings and shared meters

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingInput {
    pub unit_id: i64,
    pub item_id: i64,
    pub period: Period,
    pub current_h: i64,
    pub replaced: bool,
    /// The new meter's first reading when `replaced`.
    pub start_h: i64,
}

fn record_reading_in(tx: &Connection, r: &ReadingInput, by: &str, now: &str) -> Result<(i64, i64)> {
    let kind: Option<String> = tx
        .query_row(
            "SELECT kind FROM fee_item WHERE id = ?1",
            [r.item_id],
            |x| x.get(0),
        )
        .optional()?;
    if kind.as_deref() != Some(FeeKind::Metered.as_str()) {
        return Err(Error::invalid("只有“抄表”类收费项目可以录入读数。"));
    }
    let billed: i64 = row(
        tx,
        "SELECT count(*) FROM bill WHERE unit_id = ?1 AND item_id = ?2 AND period = ?3 AND kind = '月度'",
        params![r.unit_id, r.item_id, r.period.to_string()],
        |x| x.get(0),
    )?;
    if billed > 0 {
        return Err(Error::invalid(format!(
            "{} 已按原读数出账，不能再改读数；差额请用“调整”入账。",
            r.period
        )));
    }
    let previous: Option<i64> = tx
        .query_row(
            "SELECT current_h FROM meter_reading WHERE unit_id = ?1 AND item_id = ?2 AND period < ?3
             ORDER BY period DESC LIMIT 1",
            params![r.unit_id, r.item_id, r.period.to_string()],
            |x| x.get(0),
        )
        .optional()?;
    let (base, current) =
        usage_of(previous, r.current_h, r.replaced, r.start_h).map_err(Error::invalid)?;
    exec(
        tx,
        "INSERT INTO meter_reading(unit_id, item_id, period, previous_h, current_h, replaced, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(unit_id, item_id, period) DO UPDATE SET previous_h = excluded.previous_h,
             current_h = excluded.current_h, replaced = excluded.replaced,
             recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
        params![
            r.unit_id,
            r.item_id,
            r.period.to_string(),
            base,
            current,
            r.replaced,
            by,
            now
        ],
    )?;
    Ok((base, current))
}

/// Records (or corrects, before billing) one reading; returns (previous, current).
pub fn record_reading(
    conn: &Connection,
    r: &ReadingInput,
    by: &str,
    now: NaiveDateTime,
) -> Result<(i64, i64)> {
    let tx = write_tx(conn)?;
    let out = record_reading_in(&tx, r, by, &stamp(now))?;
    tx.commit()?;
    Ok(out)
}

/// Imported readings in one transaction; any bad row refuses them all, naming the row.
pub fn import_readings(
    conn: &Connection,
    rows: &[(usize, ReadingInput)],
    by: &str,
    now: NaiveDateTime,
) -> Result<usize> {
    let tx = write_tx(conn)?;
    let now = stamp(now);
    let mut sorted: Vec<&(usize, ReadingInput)> = rows.iter().collect();
    sorted.sort_by_key(|(_, r)| r.period);
    for (line, r) in sorted {
        record_reading_in(&tx, r, by, &now)
            .map_err(|e| Error::invalid(format!("第 {line} 行：{e}")))?;
    }
    tx.commit()?;
    Ok(rows.len())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingRow {
    pub unit_id: i64,
    pub unit: String,
    pub previous_h: i64,
    pub current_h: i64,
    pub replaced: bool,
}

pub fn readings(conn: &Connection, item_id: i64, period: Period) -> Result<Vec<ReadingRow>> {
    let sql = format!(
        "SELECT x.unit_id, {UNIT_LABEL}, x.previous_h, x.current_h, x.replaced
         FROM meter_reading x {UNIT_JOIN} WHERE x.item_id = ?1 AND x.period = ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt
        .query_map(params![item_id, period.to_string()], |r| {
            Ok(ReadingRow {
                unit_id: r.get(0)?,
                unit: r.get(1)?,
                previous_h: r.get(2)?,
                current_h: r.get(3)?,
                replaced: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.sort_by(|a, b| crate::domain::text::natural_cmp(&a.unit, &b.unit));
    Ok(rows)
}

/// The common meter's amount for a period (分摊). Refused once the period is split.
pub fn set_shared_amount(
    conn: &Connection,
    item_id: i64,
    period: Period,
    amount_fen: i64,
    now: NaiveDateTime,
) -> Result<()> {
    if amount_fen < 0 {
        return Err(Error::invalid("公共表金额不能为负。"));
    }
    let tx = write_tx(conn)?;
    let billed: i64 = row(
        &tx,
        "SELECT count(*) FROM bill WHERE item_id = ?1 AND period = ?2 AND kind = '月度'",
        params![item_id, period.to_string()],
        |r| r.get(0),
    )?;
    if billed > 0 {
        return Err(Error::invalid(format!(
            "{period} 已分摊到 {billed} 户，不能再改公共表金额；差额请用“调整”入账。"
        )));
    }
    exec(
        &tx,
        "INSERT INTO shared_amount(item_id, period, amount_fen, recorded_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(item_id, period) DO UPDATE SET amount_fen = excluded.amount_fen,
             recorded_at = excluded.recorded_at",
        params![item_id, period.to_string(), amount_fen, stamp(now)],
    )?;
    tx.commit()?;
    Ok(())
}

pub fn shared_amount(conn: &Connection, item_id: i64, period: Period) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT amount_fen FROM shared_amount WHERE item_id = ?1 AND period = ?2",
            params![item_id, period.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}

// ---------------------------------------------------------------------------------------------
// The billing run

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BillOutcome {
    pub added: usize,
    pub existing: usize,
    pub total_fen: i64,
    pub notes: Vec<String>,
    /// Prepaid credit used for the new bills.
    pub credit_used_fen: i64,
}

/// The units a billing run bills (every unit delivered), in id order.
pub fn billable_units(conn: &Connection) -> Result<Vec<BillUnit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, b.name, u.usage, u.area_hundredths, u.state = '空置' FROM unit u
         JOIN entrance e ON e.id = u.entrance_id JOIN building b ON b.id = e.building_id
         WHERE u.state != '未交付' ORDER BY u.id",
    )?;
    let units = stmt
        .query_map([], |r| {
            Ok(BillUnit {
                id: r.get(0)?,
                building: r.get(1)?,
                usage: r.get(2)?,
                area_h: r.get(3)?,
                vacant: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(units)
}

/// The monthly items billed for `period`, each at its rate for that period.
pub fn billable_items(conn: &Connection, period: Period) -> Result<Vec<BillItem>> {
    Ok(list_items(conn)?
        .into_iter()
        .filter(|i| i.kind.monthly() && i.active_in(period))
        .map(|i| BillItem {
            rate_e4: i.rate_for(period),
            vacant_percent: i.vacant_percent,
            per_household: i.per_household,
            id: i.id,
            name: i.name,
            kind: i.kind,
            scope: i.scope,
            scope_value: i.scope_value,
        })
        .collect())
}

/// 生成应收 for `period`: one transaction; running it again adds only what is missing.
/// Units not yet delivered (未交付) are not billed. Prepaid credit pays the new bills.
pub fn bill_period(
    conn: &Connection,
    period: Period,
    by: &str,
    now: NaiveDateTime,
) -> Result<BillOutcome> {
    let tx = write_tx(conn)?;
    let now = stamp(now);
    let p = period.to_string();
    let units = billable_units(&tx)?;
    let items = billable_items(&tx, period)?;
    let mut inputs = BillInputs::default();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT unit_id, item_id FROM bill WHERE period = ?1 AND kind = '月度'",
        )?;
        for r in stmt.query_map([&p], |r| Ok((r.get(0)?, r.get(1)?)))? {
            inputs.billed.insert(r?);
        }
        let mut stmt = tx.prepare_cached(
            "SELECT unit_id, item_id, current_h - previous_h FROM meter_reading WHERE period = ?1",
        )?;
        for r in stmt.query_map([&p], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))? {
            let (k, v) = r?;
            inputs.usage.insert(k, v);
        }
        let mut stmt =
            tx.prepare_cached("SELECT item_id, amount_fen FROM shared_amount WHERE period = ?1")?;
        for r in stmt.query_map([&p], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (k, v) = r?;
            inputs.shared.insert(k, v);
        }
        for s in running_subscriptions(&tx, period)? {
            inputs
                .subscriptions
                .entry((s.unit_id, s.item_id))
                .or_default()
                .push(crate::domain::charging::Subscribed {
                    what: s.what(),
                    rate_e4: s.rate_e4,
                });
        }
    }
    let plan = plan_bills(&units, &items, &inputs);
    let mut outcome = BillOutcome {
        added: plan.lines.len(),
        existing: plan.existing,
        total_fen: plan.lines.iter().map(|l| l.amount_fen).sum(),
        notes: plan.notes,
        credit_used_fen: 0,
    };
    let last_before: i64 = row(&tx, "SELECT coalesce(max(id), 0) FROM bill", [], |r| {
        r.get(0)
    })?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO bill(unit_id, item_id, period, kind, amount_fen, basis, created_by, created_at)
             VALUES (?1, ?2, ?3, '月度', ?4, ?5, ?6, ?7)",
        )?;
        for l in &plan.lines {
            insert.execute(params![
                l.unit_id,
                l.item_id,
                p,
                l.amount_fen,
                l.basis,
                by,
                now
            ])?;
        }
    }
    // The new lines owe their whole amount (a line of 0 is settled on its period's first day).
    exec(
        &tx,
        "INSERT INTO bill_fact(bill_id, unit_id, item_id, period, due_fen, paid_fen, settled_on)
         SELECT id, unit_id, item_id, period, amount_fen, 0,
                CASE WHEN amount_fen <= 0 THEN period || '-01' END
         FROM bill WHERE id > ?1 AND kind != '调整'",
        [last_before],
    )?;
    let with_credit = credit_balances(&tx)?;
    for (unit_id, _) in with_credit {
        outcome.credit_used_fen += apply_credit(&tx, unit_id, &now)?;
    }
    tx.commit()?;
    Ok(outcome)
}

/// Units holding prepaid credit, with the amount.
fn credit_balances(conn: &Connection) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        // Only units that ever paid ahead, each one's uses by the unit index: not all of history.
        "SELECT unit_id, balance FROM (
             SELECT p.unit_id, sum(pl.amount_fen)
                    - coalesce((SELECT sum(c.amount_fen) FROM credit_use c WHERE c.unit_id = p.unit_id), 0) AS balance
             FROM payment_line pl JOIN payment p ON p.id = pl.payment_id
             WHERE pl.bill_id IS NULL AND p.voided_at IS NULL
             GROUP BY p.unit_id)
         WHERE balance > 0",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A unit's prepaid credit (预收余额).
pub fn credit_balance(conn: &Connection, unit_id: i64) -> Result<i64> {
    Ok(row(
        conn,
        "SELECT coalesce((SELECT sum(pl.amount_fen) FROM payment_line pl JOIN payment p ON p.id = pl.payment_id
             WHERE p.unit_id = ?1 AND pl.bill_id IS NULL AND p.voided_at IS NULL), 0)
           - coalesce((SELECT sum(amount_fen) FROM credit_use WHERE unit_id = ?1), 0)",
        [unit_id],
        |r| r.get(0),
    )?)
}

/// Uses a unit's prepaid credit for its open bills, oldest first; returns the amount used.
/// Each use is dated when it took effect (`date_credit_uses`), so arrears "as of" a day do not
/// depend on when the billing run was done.
fn apply_credit(tx: &Connection, unit_id: i64, now: &str) -> Result<i64> {
    let credit = credit_balance(tx, unit_id)?;
    if credit <= 0 {
        return Ok(0);
    }
    let prepaid: Vec<(NaiveDate, i64)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT p.paid_on, pl.amount_fen FROM payment_line pl JOIN payment p ON p.id = pl.payment_id
             WHERE p.unit_id = ?1 AND pl.bill_id IS NULL AND p.voided_at IS NULL
             ORDER BY p.paid_on, p.id",
        )?;
        stmt.query_map([unit_id], |r| {
            Ok((date_from_sql(r.get(0)?).unwrap_or_default(), r.get(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
    };
    let spent: i64 = row(
        tx,
        "SELECT coalesce(sum(amount_fen), 0) FROM credit_use WHERE unit_id = ?1",
        [unit_id],
        |r| r.get(0),
    )?;
    let open = open_lines(tx, unit_id)?;
    let uses: Vec<(i64, Period, i64)> = crate::domain::charging::oldest_first(&open, credit)
        .into_iter()
        .filter_map(|(bill, amount)| {
            open.iter()
                .find(|l| l.bill_id == bill)
                .map(|l| (bill, l.period, amount))
        })
        .collect();
    let chunks = crate::domain::charging::unspent_chunks(&prepaid, spent);
    let mut used = 0;
    for (bill_id, on, amount) in crate::domain::charging::date_credit_uses(&chunks, &uses) {
        exec(
            tx,
            "INSERT INTO credit_use(unit_id, bill_id, amount_fen, used_on, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![unit_id, bill_id, amount, super::date_to_sql(Some(on)), now],
        )?;
        used += amount;
    }
    refresh_facts(tx, uses.iter().map(|u| u.0))?;
    Ok(used)
}

/// A one-off charge as the clerk enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleBill {
    pub unit_id: i64,
    pub item_id: i64,
    pub period: Period,
    pub amount_fen: i64,
    pub reason: String,
}

/// A one-off charge (装修押金, 特约服务) billed by hand to one unit.
pub fn add_single_bill(
    conn: &Connection,
    b: &SingleBill,
    by: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    let SingleBill {
        unit_id,
        item_id,
        period,
        amount_fen,
        ..
    } = *b;
    let reason = b.reason.as_str();
    if amount_fen <= 0 {
        return Err(Error::invalid("金额必须大于零。"));
    }
    let tx = write_tx(conn)?;
    let id = insert_single_bill(&tx, unit_id, item_id, period, amount_fen, reason, by, now)?;
    tx.commit()?;
    Ok(id)
}

/// The one-off line inside an open transaction, its fact and any prepaid credit applied (a
/// paid repair billed from 客户服务 goes the same way).
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_single_bill(
    tx: &Connection,
    unit_id: i64,
    item_id: i64,
    period: Period,
    amount_fen: i64,
    reason: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    exec(
        tx,
        "INSERT INTO bill(unit_id, item_id, period, kind, amount_fen, basis, reason, created_by, created_at)
         VALUES (?1, ?2, ?3, '单次', ?4, '', ?5, ?6, ?7)",
        params![unit_id, item_id, period.to_string(), amount_fen, reason.trim(), by, stamp(now)],
    )?;
    let id = tx.last_insert_rowid();
    refresh_facts(tx, [id])?;
    apply_credit(tx, unit_id, &stamp(now))?;
    Ok(id)
}

/// A correction of a billed line (rate or reading wrong): a separate 调整 line, never an edit.
/// A reduction cannot take the line below what has already been paid on it.
pub fn adjust_bill(
    conn: &Connection,
    bill_id: i64,
    delta_fen: i64,
    reason: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    if delta_fen == 0 {
        return Err(Error::invalid("调整金额不能为零。"));
    }
    if reason.trim().is_empty() {
        return Err(Error::invalid("请写明调整原因。"));
    }
    let tx = write_tx(conn)?;
    let line = bill_status(&tx, "x.id = ?1", &[&bill_id])?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("编号为 {bill_id} 的应收")))?;
    if line.kind == BillKind::Adjustment {
        return Err(Error::invalid("不能调整一笔调整，请调整原应收。"));
    }
    if line.due_fen + delta_fen < line.paid_fen {
        return Err(Error::invalid(format!(
            "该笔已收 {} 元，调整后应收 {} 元低于已收。请先作废相应收据。",
            Money(line.paid_fen),
            Money(line.due_fen + delta_fen)
        )));
    }
    exec(
        &tx,
        "INSERT INTO bill(unit_id, item_id, period, kind, amount_fen, adjusts_id, reason, created_by, created_at)
         SELECT unit_id, item_id, period, '调整', ?2, id, ?3, ?4, ?5 FROM bill WHERE id = ?1",
        params![bill_id, delta_fen, reason.trim(), by, stamp(now)],
    )?;
    let id = tx.last_insert_rowid();
    refresh_facts(&tx, [bill_id])?;
    tx.commit()?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------------
// Deposits (押金) given back

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundInput {
    pub bill_id: i64,
    pub refunded_on: NaiveDate,
    pub amount_fen: i64,
    pub withheld_reason: String,
    pub payee: String,
    pub clerk: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundRow {
    pub bill_id: i64,
    pub unit: String,
    pub owner: String,
    pub item: String,
    pub period: Period,
    /// What was paid in.
    pub paid_fen: i64,
    pub refunded_on: NaiveDate,
    pub amount_fen: i64,
    pub withheld_fen: i64,
    pub withheld_reason: String,
    pub payee: String,
    pub clerk: String,
}

/// Gives a deposit back: the line must be of a refundable item and paid; what is not given
/// back is withheld with a reason. Once per deposit.
pub fn refund_deposit(conn: &Connection, r: &RefundInput, now: NaiveDateTime) -> Result<()> {
    if r.clerk.trim().is_empty() {
        return Err(Error::invalid("请填写经办人（收款人）。"));
    }
    let tx = write_tx(conn)?;
    let line = bill_status(&tx, "x.id = ?1", &[&r.bill_id])?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("编号为 {} 的应收", r.bill_id)))?;
    if !line.refundable {
        return Err(Error::invalid(format!(
            "“{}”不是押金，不能退还。",
            line.item
        )));
    }
    if line.paid_fen <= 0 {
        return Err(Error::invalid(format!(
            "{} {} 还没有收款，无可退还。",
            line.period, line.item
        )));
    }
    if r.amount_fen < 0 || r.amount_fen > line.paid_fen {
        return Err(Error::invalid(format!(
            "退还金额应在 0 到已收的 {} 元之间。",
            Money(line.paid_fen)
        )));
    }
    let withheld = line.paid_fen - r.amount_fen;
    if withheld > 0 && r.withheld_reason.trim().is_empty() {
        return Err(Error::invalid(format!(
            "少退 {} 元，请写明扣留原因（如：损坏公共设施赔偿）。",
            Money(withheld)
        )));
    }
    exec(
        &tx,
        "INSERT INTO deposit_refund(bill_id, refunded_on, amount_fen, withheld_fen, withheld_reason, payee, clerk, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            r.bill_id,
            super::date_to_sql(Some(r.refunded_on)),
            r.amount_fen,
            withheld,
            r.withheld_reason.trim(),
            r.payee.trim(),
            r.clerk.trim(),
            stamp(now)
        ],
    )
    .map_err(|_| Error::invalid("这笔押金已经退还过了。"))?;
    tx.commit()?;
    Ok(())
}

/// Deposits given back, for one unit or all.
pub fn refunds(conn: &Connection, unit_id: Option<i64>) -> Result<Vec<RefundRow>> {
    let sql = format!(
        "SELECT r.bill_id, {UNIT_LABEL}, {OWNER}, i.name, x.period, r.amount_fen + r.withheld_fen,
                r.refunded_on, r.amount_fen, r.withheld_fen, r.withheld_reason, r.payee, r.clerk
         FROM deposit_refund r JOIN bill x ON x.id = r.bill_id JOIN fee_item i ON i.id = x.item_id
         {UNIT_JOIN}
         WHERE ?1 IS NULL OR x.unit_id = ?1
         ORDER BY r.refunded_on DESC, r.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([unit_id], |r| {
            Ok(RefundRow {
                bill_id: r.get(0)?,
                unit: r.get(1)?,
                owner: r.get(2)?,
                item: r.get(3)?,
                period: period_from_sql(r.get(4)?)?,
                paid_fen: r.get(5)?,
                refunded_on: date_from_sql(r.get(6)?).unwrap_or_default(),
                amount_fen: r.get(7)?,
                withheld_fen: r.get(8)?,
                withheld_reason: r.get(9)?,
                payee: r.get(10)?,
                clerk: r.get(11)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

// ---------------------------------------------------------------------------------------------
// Bill lines with what has been paid

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillStatus {
    pub bill_id: i64,
    pub unit_id: i64,
    pub unit: String,
    pub period: Period,
    pub item_id: i64,
    pub item: String,
    pub kind: BillKind,
    pub refundable: bool,
    /// The billed amount plus its adjustments.
    pub due_fen: i64,
    pub paid_fen: i64,
    pub basis: String,
}

impl BillStatus {
    pub fn outstanding(&self) -> i64 {
        self.due_fen - self.paid_fen
    }
}

/// Bill lines (adjustments folded into the line they correct) matching `filter` over `x` =
/// bill and `f` = its kept facts, with what has been paid as the kept facts say.
fn bill_status(
    conn: &Connection,
    filter: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<BillStatus>> {
    let sql = format!(
        "SELECT x.id, x.unit_id, {UNIT_LABEL}, x.period, x.item_id, i.name, x.kind, i.refundable,
                f.due_fen, f.paid_fen, x.basis
         FROM bill_fact f JOIN bill x ON x.id = f.bill_id JOIN fee_item i ON i.id = x.item_id {UNIT_JOIN}
         LEFT JOIN fee_item_setting s ON s.item_id = x.item_id
         WHERE {filter}
         ORDER BY x.period, coalesce(s.sort_order, x.item_id), x.item_id, x.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params, |r| {
            Ok(BillStatus {
                bill_id: r.get(0)?,
                unit_id: r.get(1)?,
                unit: r.get(2)?,
                period: period_from_sql(r.get(3)?)?,
                item_id: r.get(4)?,
                item: r.get(5)?,
                kind: enum_from_sql(r.get(6)?, BillKind::parse)?,
                refundable: r.get(7)?,
                due_fen: r.get(8)?,
                paid_fen: r.get(9)?,
                basis: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Rewrites the kept facts of these bill lines from their sources (the bill, its adjustments,
/// receipts not voided, credit uses). Every write that can change what a line owes calls it in
/// its own transaction, for just the lines it touched.
fn refresh_facts(tx: &Connection, bill_ids: impl IntoIterator<Item = i64>) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO bill_fact(bill_id, unit_id, item_id, period, due_fen, paid_fen, settled_on)
         SELECT id, unit_id, item_id, period, due, paid,
                CASE WHEN paid >= due THEN max(last, period || '-01') END
         FROM (SELECT x.id, x.unit_id, x.item_id, x.period,
                      x.amount_fen + coalesce((SELECT sum(a.amount_fen) FROM bill a WHERE a.adjusts_id = x.id), 0) AS due,
                      coalesce((SELECT sum(pl.amount_fen) FROM payment_line pl JOIN payment p ON p.id = pl.payment_id
                                WHERE pl.bill_id = x.id AND p.voided_at IS NULL), 0)
                    + coalesce((SELECT sum(c.amount_fen) FROM credit_use c WHERE c.bill_id = x.id), 0) AS paid,
                      max(coalesce((SELECT max(p.paid_on) FROM payment_line pl JOIN payment p ON p.id = pl.payment_id
                                    WHERE pl.bill_id = x.id AND p.voided_at IS NULL), ''),
                          coalesce((SELECT max(c.used_on) FROM credit_use c WHERE c.bill_id = x.id), '')) AS last
               FROM bill x WHERE x.id = ?1 AND x.kind != '调整')
         WHERE true
         ON CONFLICT(bill_id) DO UPDATE SET due_fen = excluded.due_fen, paid_fen = excluded.paid_fen,
             settled_on = excluded.settled_on",
    )?;
    for id in bill_ids {
        stmt.execute([id])?;
    }
    Ok(())
}

/// The facts of every bill line recomputed from the sources, set-based (the migration's query).
const FACTS_FROM_SOURCES: &str = "
    SELECT id AS bill_id, unit_id, item_id, period, due AS due_fen, paid AS paid_fen,
           CASE WHEN paid >= due THEN max(last, period || '-01') END AS settled_on
    FROM (
        SELECT x.id, x.unit_id, x.item_id, x.period,
               x.amount_fen + coalesce(a.s, 0) AS due,
               coalesce(pp.s, 0) + coalesce(cc.s, 0) AS paid,
               max(coalesce(pp.last, ''), coalesce(cc.last, '')) AS last
        FROM bill x
        LEFT JOIN (SELECT adjusts_id AS id, sum(amount_fen) AS s FROM bill
                   WHERE adjusts_id IS NOT NULL GROUP BY adjusts_id) a ON a.id = x.id
        LEFT JOIN (SELECT pl.bill_id AS id, sum(pl.amount_fen) AS s, max(p.paid_on) AS last
                   FROM payment_line pl JOIN payment p ON p.id = pl.payment_id
                   WHERE p.voided_at IS NULL AND pl.bill_id IS NOT NULL GROUP BY pl.bill_id) pp
               ON pp.id = x.id
        LEFT JOIN (SELECT bill_id AS id, sum(amount_fen) AS s, max(used_on) AS last
                   FROM credit_use GROUP BY bill_id) cc ON cc.id = x.id
        WHERE x.kind != '调整')";

/// Bill lines whose kept facts disagree with their receipts and credit uses (none, always;
/// `check` and the tests ask).
pub fn fact_mismatches(conn: &Connection) -> Result<Vec<i64>> {
    let sql = format!(
        "WITH s AS ({FACTS_FROM_SOURCES})
         SELECT coalesce(s.bill_id, f.bill_id) FROM s FULL OUTER JOIN bill_fact f ON f.bill_id = s.bill_id
         WHERE s.bill_id IS NULL OR f.bill_id IS NULL OR s.due_fen != f.due_fen OR s.paid_fen != f.paid_fen
            OR s.settled_on IS NOT f.settled_on OR s.unit_id != f.unit_id OR s.period != f.period
         ORDER BY 1 LIMIT 100"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(rows)
}

/// Rewrites every line's facts from the sources in one statement: for bulk loads that insert
/// bills and payments directly (the large demo).
pub fn rebuild_facts(conn: &Connection) -> Result<()> {
    let tx = write_tx(conn)?;
    tx.execute("DELETE FROM bill_fact", [])?;
    tx.execute(
        &format!(
            "INSERT INTO bill_fact(bill_id, unit_id, item_id, period, due_fen, paid_fen, settled_on)
             {FACTS_FROM_SOURCES}"
        ),
        [],
    )?;
    tx.commit()?;
    Ok(())
}

/// Every bill line of a unit, oldest first.
pub fn unit_bills(conn: &Connection, unit_id: i64) -> Result<Vec<BillStatus>> {
    bill_status(conn, "x.unit_id = ?1", &[&unit_id])
}

/// What a unit owes, oldest first — the payment screen's list. Reads only the unit's open lines.
pub fn open_lines(conn: &Connection, unit_id: i64) -> Result<Vec<OpenLine>> {
    Ok(
        bill_status(conn, "f.unit_id = ?1 AND f.settled_on IS NULL", &[&unit_id])?
            .into_iter()
            .filter(|b| b.outstanding() > 0)
            .map(|b| OpenLine {
                bill_id: b.bill_id,
                period: b.period,
                item: b.item,
                due_fen: b.due_fen,
                paid_fen: b.paid_fen,
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// Payments and receipts

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentInput {
    pub unit_id: i64,
    pub paid_on: NaiveDate,
    pub method: PayMethod,
    pub payer: String,
    pub clerk: String,
    pub received_fen: i64,
    /// (bill id, amount) chosen by the clerk.
    pub lines: Vec<(i64, i64)>,
    pub notes: String,
}

/// Takes a payment: checks it against what the unit owes now, numbers the receipt from the
/// year's gap-free sequence and writes it and its lines in one transaction. Returns the number.
pub fn take_payment(conn: &Connection, p: &PaymentInput, now: NaiveDateTime) -> Result<String> {
    if p.clerk.trim().is_empty() {
        return Err(Error::invalid("请填写收款人。"));
    }
    let tx = write_tx(conn)?;
    let open = open_lines(&tx, p.unit_id)?;
    let plan = plan_payment(&open, &p.lines, p.received_fen).map_err(Error::invalid)?;
    let year = p.paid_on.year();
    let seq: i64 = row(
        &tx,
        "SELECT coalesce(max(seq), 0) + 1 FROM payment WHERE year = ?1",
        [year],
        |r| r.get(0),
    )?;
    let number = receipt_number(year, seq);
    exec(
        &tx,
        "INSERT INTO payment(receipt_no, year, seq, unit_id, paid_on, method, payer, clerk, amount_fen, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            number,
            year,
            seq,
            p.unit_id,
            super::date_to_sql(Some(p.paid_on)),
            p.method.as_str(),
            p.payer.trim(),
            p.clerk.trim(),
            plan.total(),
            p.notes.trim(),
            stamp(now)
        ],
    )?;
    let payment_id = tx.last_insert_rowid();
    insert_lines(&tx, payment_id, &plan.lines, plan.prepaid_fen)?;
    refresh_facts(&tx, plan.lines.iter().map(|l| l.0))?;
    tx.commit()?;
    Ok(number)
}

fn insert_lines(
    tx: &Connection,
    payment_id: i64,
    lines: &[(i64, i64)],
    prepaid: i64,
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO payment_line(payment_id, bill_id, amount_fen) VALUES (?1, ?2, ?3)",
    )?;
    for (bill, amount) in lines {
        stmt.execute(params![payment_id, bill, amount])?;
    }
    if prepaid > 0 {
        stmt.execute(params![payment_id, None::<i64>, prepaid])?;
    }
    Ok(())
}

/// Voids a receipt (作废): kept with the reason, its lines no longer count, so what it paid is
/// owed again. Refused when its prepaid part has already paid later bills.
pub fn void_payment(
    conn: &Connection,
    receipt_no: &str,
    reason: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("作废收据必须写明原因。"));
    }
    let tx = write_tx(conn)?;
    let found: Option<(i64, i64, Option<String>)> = tx
        .query_row(
            "SELECT id, unit_id, voided_at FROM payment WHERE receipt_no = ?1",
            [receipt_no.trim()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((id, unit_id, voided)) = found else {
        return Err(Error::NotFound(format!("收据 {}", receipt_no.trim())));
    };
    if voided.is_some() {
        return Err(Error::invalid(format!("收据 {receipt_no} 已作废。")));
    }
    let refunded: i64 = row(
        &tx,
        "SELECT count(*) FROM deposit_refund r JOIN payment_line pl ON pl.bill_id = r.bill_id
         WHERE pl.payment_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    if refunded > 0 {
        return Err(Error::invalid(format!(
            "收据 {receipt_no} 所收的押金已经退还，不能作废。"
        )));
    }
    let prepaid: i64 = row(
        &tx,
        "SELECT coalesce(sum(amount_fen), 0) FROM payment_line WHERE payment_id = ?1 AND bill_id IS NULL",
        [id],
        |r| r.get(0),
    )?;
    let balance = credit_balance(&tx, unit_id)?;
    if prepaid > balance {
        return Err(Error::invalid(format!(
            "收据 {receipt_no} 的预收款 {} 元中已有 {} 元抵扣了后来的应收，不能作废。",
            Money(prepaid),
            Money(prepaid - balance)
        )));
    }
    exec(
        &tx,
        "UPDATE payment SET voided_at = ?2, voided_by = ?3, void_reason = ?4 WHERE id = ?1",
        params![id, stamp(now), by.trim(), reason.trim()],
    )?;
    let paid: Vec<i64> = {
        let mut stmt = tx.prepare_cached(
            "SELECT bill_id FROM payment_line WHERE payment_id = ?1 AND bill_id IS NOT NULL",
        )?;
        stmt.query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
    };
    refresh_facts(&tx, paid)?;
    tx.commit()?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptLine {
    pub period: Option<Period>,
    pub item: String,
    pub amount_fen: i64,
    /// How the line was reckoned (`89.50㎡ × 2.50`, `12.50吨 × 3.20`, `按面积分摊`), as billed.
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub id: i64,
    pub number: String,
    pub unit_id: i64,
    pub unit: String,
    pub owner: String,
    pub area_h: i64,
    pub paid_on: NaiveDate,
    pub method: PayMethod,
    pub payer: String,
    pub clerk: String,
    pub amount_fen: i64,
    pub notes: String,
    pub lines: Vec<ReceiptLine>,
    /// (when, by whom, why) for a voided receipt.
    pub void: Option<(String, String, String)>,
}

fn receipt_from_row(r: &Row) -> rusqlite::Result<Receipt> {
    let voided_at: Option<String> = r.get(11)?;
    Ok(Receipt {
        id: r.get(0)?,
        number: r.get(1)?,
        unit_id: r.get(2)?,
        unit: r.get(3)?,
        owner: r.get(4)?,
        paid_on: date_from_sql(r.get(5)?).unwrap_or_default(),
        method: enum_from_sql(r.get(6)?, PayMethod::parse)?,
        payer: r.get(7)?,
        clerk: r.get(8)?,
        amount_fen: r.get(9)?,
        notes: r.get(10)?,
        void: match voided_at {
            Some(at) => Some((
                at,
                r.get::<_, Option<String>>(12)?.unwrap_or_default(),
                r.get::<_, Option<String>>(13)?.unwrap_or_default(),
            )),
            None => None,
        },
        area_h: r.get(14)?,
        lines: Vec::new(),
    })
}

fn receipt_select() -> String {
    format!(
        "SELECT x.id, x.receipt_no, x.unit_id, {UNIT_LABEL}, {OWNER}, x.paid_on, x.method, x.payer,
                x.clerk, x.amount_fen, x.notes, x.voided_at, x.voided_by, x.void_reason, u.area_hundredths
         FROM payment x {UNIT_JOIN}"
    )
}

fn receipt_lines(conn: &Connection, payment_id: i64) -> Result<Vec<ReceiptLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.period, coalesce(i.name, '预收款'), pl.amount_fen, coalesce(b.basis, '')
         FROM payment_line pl
         LEFT JOIN bill b ON b.id = pl.bill_id LEFT JOIN fee_item i ON i.id = b.item_id
         WHERE pl.payment_id = ?1 ORDER BY pl.bill_id IS NULL, b.period, b.item_id",
    )?;
    let rows = stmt
        .query_map([payment_id], |r| {
            Ok(ReceiptLine {
                period: r
                    .get::<_, Option<String>>(0)?
                    .map(period_from_sql)
                    .transpose()?,
                item: r.get(1)?,
                amount_fen: r.get(2)?,
                basis: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The receipt issued in place of a voided one (its notes say `重开：原收据 N`), if any.
pub fn reissued_as(conn: &Connection, number: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT receipt_no FROM payment WHERE notes LIKE '%原收据 ' || ?1 || '%'
             AND voided_at IS NULL ORDER BY id LIMIT 1",
        )?
        .query_row([number.trim()], |r| r.get(0))
        .optional()?)
}

pub fn receipt(conn: &Connection, number: &str) -> Result<Receipt> {
    let sql = format!("{} WHERE x.receipt_no = ?1", receipt_select());
    let mut r = conn
        .query_row(&sql, [number.trim()], receipt_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("收据 {}", number.trim())))?;
    r.lines = receipt_lines(conn, r.id)?;
    Ok(r)
}

/// 日结: one day's receipts (of one clerk, or all when `clerk` is empty), in the order issued —
/// those voided since included, marked — and the receipts of earlier days voided on this day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayClose {
    pub day: NaiveDate,
    pub clerk: String,
    pub receipts: Vec<Receipt>,
    /// Receipts of earlier days voided on this day.
    pub earlier_voided: Vec<Receipt>,
    /// The clerks who issued receipts that day, for the chooser.
    pub clerks: Vec<String>,
}

impl DayClose {
    /// (method, how many, total) of the day's receipts not voided.
    pub fn by_method(&self) -> Vec<(PayMethod, usize, i64)> {
        let rows: Vec<(PayMethod, i64, bool)> = self
            .receipts
            .iter()
            .map(|r| (r.method, r.amount_fen, r.void.is_some()))
            .collect();
        crate::domain::charging::day_totals(&rows)
    }

    pub fn total_fen(&self) -> i64 {
        self.by_method().iter().map(|m| m.2).sum()
    }

    /// Every receipt voided that counts against the day: the day's own and earlier ones.
    pub fn voided(&self) -> impl Iterator<Item = &Receipt> {
        self.receipts
            .iter()
            .filter(|r| r.void.is_some())
            .chain(self.earlier_voided.iter())
    }
}

pub fn day_close(conn: &Connection, day: NaiveDate, clerk: &str) -> Result<DayClose> {
    let d = day.format("%Y-%m-%d").to_string();
    let next = (day + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let clerk = clerk.trim().to_string();
    let sql = format!(
        "{} WHERE x.paid_on = ?1 AND (?2 = '' OR x.clerk = ?2) ORDER BY x.id",
        receipt_select()
    );
    let receipts = conn
        .prepare_cached(&sql)?
        .query_map(params![d, clerk], receipt_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let sql = format!(
        "{} WHERE x.voided_at >= ?1 AND x.voided_at < ?2 AND x.paid_on < ?1
           AND (?3 = '' OR x.clerk = ?3) ORDER BY x.voided_at, x.id",
        receipt_select()
    );
    let earlier_voided = conn
        .prepare_cached(&sql)?
        .query_map(params![d, next, clerk], receipt_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let clerks = conn
        .prepare_cached("SELECT DISTINCT clerk FROM payment WHERE paid_on = ?1 ORDER BY clerk")?
        .query_map([&d], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(DayClose {
        day,
        clerk,
        receipts,
        earlier_voided,
        clerks,
    })
}

/// Receipts, newest first: of one unit, or of one year.
pub fn list_receipts(
    conn: &Connection,
    unit_id: Option<i64>,
    year: Option<i32>,
) -> Result<Vec<Receipt>> {
    // One statement per case, so that the unit's index or the date range serves each (a
    // `?1 IS NULL OR …` condition would read every receipt of ten years).
    let (from, to) = match year {
        Some(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
        None => (String::new(), String::new()),
    };
    let filter = match (unit_id, year) {
        (Some(_), Some(_)) => "x.unit_id = ?1 AND x.paid_on BETWEEN ?2 AND ?3",
        (Some(_), None) => "x.unit_id = ?1 AND ?2 = ?3",
        (None, Some(_)) => "?1 IS NULL AND x.paid_on BETWEEN ?2 AND ?3",
        (None, None) => "?1 IS NULL AND ?2 = ?3",
    };
    let sql = format!(
        "{} WHERE {filter} ORDER BY x.paid_on DESC, x.id DESC",
        receipt_select()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![unit_id, from, to], receipt_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Historic payments from an old paper ledger (收费台账 migration): each receipt number once;
/// a line pays the unit's bill for that item and period, billed here with the paid amount
/// when the ledger had no bill for it. All or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoricPayment {
    pub line: usize,
    pub unit_id: i64,
    pub unit: String,
    pub item_id: i64,
    pub period: Period,
    pub amount_fen: i64,
    pub paid_on: NaiveDate,
    pub method: PayMethod,
    pub receipt_no: String,
}

pub fn import_payments(
    conn: &Connection,
    rows: &[HistoricPayment],
    clerk: &str,
    now: NaiveDateTime,
) -> Result<(usize, usize)> {
    let _plans = super::StablePlans::new(conn)?;
    let tx = write_tx(conn)?;
    let now = stamp(now);
    let mut receipts: BTreeMap<&str, Vec<&HistoricPayment>> = BTreeMap::new();
    for r in rows {
        receipts.entry(r.receipt_no.as_str()).or_default().push(r);
    }
    // Numbers in this program's form take their place in their year's gap-free run: they
    // must continue it, one after another.
    let mut runs: BTreeMap<i32, Vec<(i64, usize, &str)>> = BTreeMap::new();
    for (number, lines) in &receipts {
        if let Some((year, seq)) = parse_receipt_number(number) {
            runs.entry(year)
                .or_default()
                .push((seq, lines[0].line, number));
        }
    }
    for (year, mut run) in runs {
        run.sort_unstable();
        let last: i64 = row(
            &tx,
            "SELECT coalesce(max(seq), 0) FROM payment WHERE year = ?1",
            [year],
            |r| r.get(0),
        )?;
        for (i, (seq, line, number)) in run.iter().enumerate() {
            let expected = last + 1 + i as i64;
            if *seq != expected {
                return Err(Error::invalid(format!(
                    "第 {line} 行：收据号 {number} 与 {year} 年的收据号不连续（应为 {}）。本系统格式的收据号每年连续编号，不能留空号；旧台账自己的编号请保留原样（如 No.0012345）。",
                    receipt_number(year, expected)
                )));
            }
        }
    }
    let mut billed = 0;
    for (number, lines) in &receipts {
        let first = lines[0];
        if let Some(other) = lines
            .iter()
            .find(|l| l.unit_id != first.unit_id || l.paid_on != first.paid_on)
        {
            return Err(Error::invalid(format!(
                "第 {} 行：收据号 {number} 在第 {} 行属于 {} {}，同一张收据不能属于不同房屋或日期。",
                other.line, first.line, first.unit, first.paid_on
            )));
        }
        let taken: i64 = row(
            &tx,
            "SELECT count(*) FROM payment WHERE receipt_no = ?1",
            [number],
            |r| r.get(0),
        )?;
        if taken > 0 {
            return Err(Error::invalid(format!(
                "第 {} 行：收据号 {number} 已在台账中，不能重复导入。",
                first.line
            )));
        }
        let total: i64 = lines.iter().map(|l| l.amount_fen).sum();
        let (year, seq) = match parse_receipt_number(number) {
            Some((y, s)) => (Some(y), Some(s)),
            None => (None, None),
        };
        exec(
            &tx,
            "INSERT INTO payment(receipt_no, year, seq, unit_id, paid_on, method, payer, clerk, amount_fen, notes, imported, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?8, '导入历史台账', 1, ?9)",
            params![
                number,
                year,
                seq,
                first.unit_id,
                super::date_to_sql(Some(first.paid_on)),
                first.method.as_str(),
                clerk,
                total,
                now
            ],
        )
        .map_err(|_| {
            Error::invalid(format!(
                "第 {} 行：收据号 {number} 与台账中已有的编号冲突。",
                first.line
            ))
        })?;
        let payment_id = tx.last_insert_rowid();
        for l in lines {
            if l.amount_fen <= 0 {
                return Err(Error::invalid(format!(
                    "第 {} 行：金额必须大于零。",
                    l.line
                )));
            }
            let period = l.period.to_string();
            let existing = bill_status(
                &tx,
                "x.unit_id = ?1 AND x.item_id = ?2 AND x.period = ?3",
                &[&l.unit_id, &l.item_id, &period],
            )?;
            let open: i64 = existing.iter().map(|b| b.outstanding().max(0)).sum();
            let bill_id = match existing.iter().find(|b| b.outstanding() > 0) {
                Some(b) if open >= l.amount_fen && b.outstanding() >= l.amount_fen => b.bill_id,
                Some(_) | None if !existing.is_empty() => {
                    return Err(Error::invalid(format!(
                        "第 {} 行：{} {} {} 的应收只欠 {} 元，不能收 {} 元。",
                        l.line,
                        l.unit,
                        l.period,
                        first_item(&existing),
                        Money(open),
                        Money(l.amount_fen)
                    )));
                }
                _ => {
                    exec(
                        &tx,
                        "INSERT INTO bill(unit_id, item_id, period, kind, amount_fen, basis, created_by, created_at)
                         VALUES (?1, ?2, ?3, '月度', ?4, '历史台账导入', ?5, ?6)",
                        params![l.unit_id, l.item_id, l.period.to_string(), l.amount_fen, clerk, now],
                    )?;
                    billed += 1;
                    tx.last_insert_rowid()
                }
            };
            insert_lines(&tx, payment_id, &[(bill_id, l.amount_fen)], 0)?;
            refresh_facts(&tx, [bill_id])?;
        }
    }
    tx.commit()?;
    Ok((receipts.len(), billed))
}

fn first_item(lines: &[BillStatus]) -> String {
    lines.first().map(|b| b.item.clone()).unwrap_or_default()
}

/// `2026-000123` → (2026, 123).
pub fn parse_receipt_number(s: &str) -> Option<(i32, i64)> {
    let (y, n) = s.trim().split_once('-')?;
    if y.len() != 4 || n.len() != 6 {
        return None;
    }
    Some((y.parse().ok()?, n.parse().ok()?))
}

// ---------------------------------------------------------------------------------------------
// Arrears and dunning

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrearsLine {
    pub bill_id: i64,
    pub period: Period,
    pub item: String,
    pub outstanding_fen: i64,
    pub ageing: Ageing,
    pub late_fee_fen: i64,
    /// The reason the late fee was waived.
    pub waived: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrearsRow {
    pub unit_id: i64,
    pub unit: String,
    pub building: String,
    pub owner: String,
    pub phone: String,
    pub lines: Vec<ArrearsLine>,
    pub total_fen: i64,
    pub by_ageing: [i64; 5],
    pub late_fee_fen: i64,
    pub last_dunning: Option<NaiveDate>,
}

/// Which units in arrears a dunning run prints: owing at least `min_months` months (the
/// oldest unpaid line's month at least that many months before the date's), in the given
/// buildings (none: all), owing at least `min_fen`, and not dunned on or after
/// `not_dunned_since`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DunningFilter {
    pub min_months: u32,
    pub buildings: Vec<String>,
    pub min_fen: i64,
    pub not_dunned_since: Option<NaiveDate>,
}

impl DunningFilter {
    pub fn keeps(&self, row: &ArrearsRow, as_of: NaiveDate) -> bool {
        let months = row
            .oldest()
            .map(|p| p.months_until(Period::of(as_of)))
            .unwrap_or(0);
        months >= i64::from(self.min_months)
            && (self.buildings.is_empty() || self.buildings.contains(&row.building))
            && row.total_fen >= self.min_fen
            && self
                .not_dunned_since
                .is_none_or(|d| row.last_dunning.is_none_or(|last| last < d))
    }

    /// The filter in words, for the status line and the batch output ('' when none).
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.min_months > 0 {
            parts.push(format!("欠费 {} 个月以上", self.min_months));
        }
        if !self.buildings.is_empty() {
            parts.push(self.buildings.join("、"));
        }
        if self.min_fen > 0 {
            parts.push(format!("欠费不少于 {} 元", Money(self.min_fen)));
        }
        if let Some(d) = self.not_dunned_since {
            parts.push(format!("{} 以来未催缴", d.format("%Y-%m-%d")));
        }
        parts.join("，")
    }
}

impl ArrearsRow {
    /// Dunned in the month of `as_of` (the manager's target: every unit in arrears, seed 002).
    pub fn dunned_in(&self, as_of: NaiveDate) -> bool {
        self.last_dunning
            .is_some_and(|d| Period::of(d) == Period::of(as_of) && d <= as_of)
    }

    pub fn oldest(&self) -> Option<Period> {
        self.lines.first().map(|l| l.period)
    }
}

/// By bill line, how much more the kept facts count as paid than was paid on `as_of`: receipts
/// and credit uses dated after the day, less receipts voided after it (paid by then, so they
/// counted on the day). Served by the date indexes; for today it is empty.
fn paid_after(conn: &Connection, as_of: NaiveDate) -> Result<HashMap<i64, i64>> {
    let day = as_of.format("%Y-%m-%d").to_string();
    let end = format!("{day} 23:59:59");
    let mut stmt = conn.prepare_cached(
        // INDEXED BY: the date indexes whatever the statistics of a small file suggest (for
        // today the ranges are empty; a scan would read ten years).
        "SELECT pl.bill_id, pl.amount_fen
         FROM payment p INDEXED BY payment_paid_on JOIN payment_line pl ON pl.payment_id = p.id
         WHERE p.paid_on > ?1 AND p.voided_at IS NULL AND pl.bill_id IS NOT NULL
         UNION ALL
         SELECT pl.bill_id, -pl.amount_fen
         FROM payment p INDEXED BY payment_voided JOIN payment_line pl ON pl.payment_id = p.id
         WHERE p.voided_at > ?2 AND p.paid_on <= ?1 AND pl.bill_id IS NOT NULL
         UNION ALL
         SELECT bill_id, amount_fen FROM credit_use INDEXED BY credit_use_used_on WHERE used_on > ?1",
    )?;
    let mut out: HashMap<i64, i64> = HashMap::new();
    for r in stmt.query_map([&day, &end], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })? {
        let (bill, amount) = r?;
        *out.entry(bill).or_default() += amount;
    }
    Ok(out)
}

/// A line that may have been owed on a day: from the kept facts.
struct OwedLine {
    bill_id: i64,
    unit_id: i64,
    period: Period,
    item_id: i64,
    item: String,
    due_fen: i64,
    paid_fen: i64,
}

impl OwedLine {
    fn outstanding(&self) -> i64 {
        self.due_fen - self.paid_fen
    }
}

/// Every unit owing on `as_of`: bills up to that month less what was paid by then, with ageing,
/// late fees (when the office charges them, less waivers) and the latest dunning.
pub fn arrears(conn: &Connection, as_of: NaiveDate, rule: &LateFeeRule) -> Result<Vec<ArrearsRow>> {
    let until = Period::of(as_of).to_string();
    let day = as_of.format("%Y-%m-%d").to_string();
    // Only lines open now, or settled after that day, can have been owed on it: the kept facts
    // and their indexes find them without reading the rest of history.
    // The open lines come from the covering partial index alone (bill_fact_open), without
    // touching the bill table.
    let mut stmt = conn.prepare_cached(
        "SELECT f.bill_id, f.unit_id, f.period, i.name, f.due_fen, f.paid_fen, f.item_id
         FROM bill_fact f JOIN fee_item i ON i.id = f.item_id
         WHERE f.settled_on IS NULL AND f.period <= ?1 AND i.refundable = 0
         UNION ALL
         SELECT f.bill_id, f.unit_id, f.period, i.name, f.due_fen, f.paid_fen, f.item_id
         FROM bill_fact f JOIN fee_item i ON i.id = f.item_id
         WHERE f.settled_on > ?2 AND f.period <= ?1 AND i.refundable = 0",
    )?;
    let mut lines = stmt
        .query_map([&until, &day], |r| {
            Ok(OwedLine {
                bill_id: r.get(0)?,
                unit_id: r.get(1)?,
                period: period_from_sql(r.get(2)?)?,
                item_id: r.get(6)?,
                item: r.get(3)?,
                due_fen: r.get(4)?,
                paid_fen: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // Oldest first within a unit, and within a month in the office's order of items, as the
    // notices list them.
    let order: HashMap<i64, usize> = list_items(conn)?
        .iter()
        .enumerate()
        .map(|(n, i)| (i.id, n))
        .collect();
    lines.sort_by_key(|b| {
        (
            b.unit_id,
            b.period,
            order.get(&b.item_id).copied().unwrap_or(usize::MAX),
            b.item_id,
            b.bill_id,
        )
    });
    // The facts say what is paid now; what was paid on the day differs only by the receipts
    // and credit uses dated after it and the receipts voided after it (which counted then).
    let later = paid_after(conn, as_of)?;
    let lines = lines.into_iter().map(|mut b| {
        b.paid_fen -= later.get(&b.bill_id).copied().unwrap_or(0);
        b
    });
    let mut waivers: HashMap<i64, String> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT bill_id, reason FROM late_fee_waiver")?;
        for r in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (k, v) = r?;
            waivers.insert(k, v);
        }
    }
    let terms = item_terms(conn)?;
    let mut by_unit: BTreeMap<i64, Vec<ArrearsLine>> = BTreeMap::new();
    for b in lines.filter(|b| b.outstanding() > 0) {
        // Only what is past its 缴费期限 is arrears (逾期); the rest is 未到期应收.
        let term = terms.get(&b.item_id).copied().unwrap_or_default();
        if !term.overdue(b.period, as_of) {
            continue;
        }
        let Some(ageing) = Ageing::of(b.period, as_of) else {
            continue;
        };
        let waived = waivers.get(&b.bill_id).cloned();
        let late = if waived.is_some() {
            0
        } else {
            rule.fee(term.due_date(b.period), b.outstanding(), as_of)
        };
        let outstanding_fen = b.outstanding();
        by_unit.entry(b.unit_id).or_default().push(ArrearsLine {
            bill_id: b.bill_id,
            period: b.period,
            item: b.item,
            outstanding_fen,
            ageing,
            late_fee_fen: late,
            waived,
        });
    }
    if by_unit.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT u.id, {UNIT_LABEL}, b.name, {OWNER}, {PHONE},
                (SELECT max(d.on_date) FROM dunning d WHERE d.unit_id = u.id AND d.on_date <= ?1)
         FROM unit u JOIN entrance e ON e.id = u.entrance_id JOIN building b ON b.id = e.building_id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let as_of_text = as_of.format("%Y-%m-%d").to_string();
    let mut out = Vec::new();
    for r in stmt.query_map([&as_of_text], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            date_from_sql(r.get(5)?),
        ))
    })? {
        let (id, unit, building, owner, phone, last) = r?;
        let Some(lines) = by_unit.remove(&id) else {
            continue;
        };
        let mut by_ageing = [0; 5];
        for l in &lines {
            let i = Ageing::ALL.iter().position(|a| *a == l.ageing).unwrap_or(0);
            by_ageing[i] += l.outstanding_fen;
        }
        out.push(ArrearsRow {
            unit_id: id,
            unit,
            building,
            owner,
            phone,
            total_fen: lines.iter().map(|l| l.outstanding_fen).sum(),
            late_fee_fen: lines.iter().map(|l| l.late_fee_fen).sum(),
            lines,
            by_ageing,
            last_dunning: last,
        });
    }
    out.sort_by(|a, b| crate::domain::text::natural_cmp(&a.unit, &b.unit));
    Ok(out)
}

/// Waives the late fee of a bill line, with the reason.
pub fn waive_late_fee(
    conn: &Connection,
    bill_id: i64,
    reason: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("减免滞纳金必须写明原因。"));
    }
    exec(
        conn,
        "INSERT INTO late_fee_waiver(bill_id, reason, by_whom, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(bill_id) DO UPDATE SET reason = excluded.reason, by_whom = excluded.by_whom",
        params![bill_id, reason.trim(), by, stamp(now)],
    )?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DunningInput {
    pub unit_id: i64,
    pub on: NaiveDate,
    pub method: DunMethod,
    pub by: String,
    pub result: String,
    pub promised: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DunningRow {
    pub id: i64,
    pub on: NaiveDate,
    pub method: DunMethod,
    pub by: String,
    pub result: String,
    pub promised: Option<NaiveDate>,
}

pub fn add_dunning(conn: &Connection, d: &DunningInput, now: NaiveDateTime) -> Result<i64> {
    if d.by.trim().is_empty() {
        return Err(Error::invalid("请填写催缴人。"));
    }
    if d.promised.is_some_and(|p| p < d.on) {
        return Err(Error::invalid("承诺缴费日期不能早于催缴日期。"));
    }
    exec(
        conn,
        "INSERT INTO dunning(unit_id, on_date, method, by_whom, result, promised_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            d.unit_id,
            super::date_to_sql(Some(d.on)),
            d.method.as_str(),
            d.by.trim(),
            d.result.trim(),
            super::date_to_sql(d.promised),
            stamp(now)
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn unit_dunning(conn: &Connection, unit_id: i64) -> Result<Vec<DunningRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, on_date, method, by_whom, result, promised_on FROM dunning WHERE unit_id = ?1
         ORDER BY on_date DESC, id DESC",
    )?;
    let rows = stmt
        .query_map([unit_id], |r| {
            Ok(DunningRow {
                id: r.get(0)?,
                on: date_from_sql(r.get(1)?).unwrap_or_default(),
                method: enum_from_sql(r.get(2)?, DunMethod::parse)?,
                by: r.get(3)?,
                result: r.get(4)?,
                promised: date_from_sql(r.get(5)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

// ---------------------------------------------------------------------------------------------
// Collection rate

/// Billed and collected for one group of a period's bills.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collected {
    pub billed_fen: i64,
    pub collected_fen: i64,
}

impl Collected {
    /// In hundredths of a percent.
    pub fn rate(&self) -> Option<i64> {
        collection_rate(self.collected_fen, self.billed_fen)
    }

    fn add(&mut self, billed: i64, collected: i64) {
        self.billed_fen += billed;
        self.collected_fen += collected;
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollectionReport {
    pub period: Option<Period>,
    pub estate: String,
    pub total: Collected,
    /// By building, in natural order.
    pub buildings: Vec<(String, Collected)>,
    /// By item, in item order.
    pub items: Vec<(String, Collected)>,
    /// Building × item.
    pub cells: Vec<(String, String, Collected)>,
    /// 清欠: received in the period for earlier periods' bills.
    pub recovered_fen: i64,
    /// 预收: received in the period beyond what was owed.
    pub prepaid_fen: i64,
}

/// What was collected on a bill line `f` by the end of its period (`?2`): a line settled by
/// then counts what it was paid; otherwise its receipts up to that day and its credit.
const COLLECTED_BY_END: &str = "CASE WHEN f.settled_on <= ?2 THEN f.paid_fen ELSE
        coalesce((SELECT sum(pl.amount_fen) FROM payment_line pl JOIN payment p ON p.id = pl.payment_id
                  WHERE pl.bill_id = f.bill_id AND p.voided_at IS NULL AND p.paid_on <= ?2), 0)
      + coalesce((SELECT sum(c.amount_fen) FROM credit_use c WHERE c.bill_id = f.bill_id), 0) END";

/// 收缴率 for `period`: billed (应收) = the period's fee bills with their adjustments (refundable
/// deposits are not fees); collected (实收) = what was paid against those bills by the end of
/// the period, prepaid credit included; rate = collected ÷ billed. Voided receipts count nowhere.
pub fn collection(conn: &Connection, period: Period) -> Result<CollectionReport> {
    let p = period.to_string();
    let end = period.last_day().format("%Y-%m-%d").to_string();
    let start = period.first_day().format("%Y-%m-%d").to_string();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT b.name, i.name, f.item_id, sum(f.due_fen), sum({COLLECTED_BY_END})
         FROM bill_fact f JOIN fee_item i ON i.id = f.item_id
         JOIN unit u ON u.id = f.unit_id JOIN entrance e ON e.id = u.entrance_id
         JOIN building b ON b.id = e.building_id
         WHERE f.period = ?1 AND i.refundable = 0
         GROUP BY b.name, f.item_id"
    ))?;
    let mut report = CollectionReport {
        period: Some(period),
        estate: super::settings::get(conn, super::settings::ESTATE_NAME)?,
        ..Default::default()
    };
    let mut buildings: BTreeMap<String, Collected> = BTreeMap::new();
    let mut items: BTreeMap<i64, (String, Collected)> = BTreeMap::new();
    for r in stmt.query_map(params![p, end], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })? {
        let (building, item, item_id, billed, collected) = r?;
        report.total.add(billed, collected);
        buildings
            .entry(building.clone())
            .or_default()
            .add(billed, collected);
        items
            .entry(item_id)
            .or_insert_with(|| (item.clone(), Collected::default()))
            .1
            .add(billed, collected);
        report.cells.push((
            building,
            item,
            Collected {
                billed_fen: billed,
                collected_fen: collected,
            },
        ));
    }
    let mut b: Vec<(String, Collected)> = buildings.into_iter().collect();
    b.sort_by(|x, y| crate::domain::text::natural_cmp(&x.0, &y.0));
    report.buildings = b;
    report.items = items.into_values().collect();
    report
        .cells
        .sort_by(|x, y| crate::domain::text::natural_cmp(&x.0, &y.0));
    let (recovered, prepaid): (i64, i64) = row(
        conn,
        "SELECT coalesce(sum(CASE WHEN b.period < ?1 THEN pl.amount_fen END), 0),
                coalesce(sum(CASE WHEN pl.bill_id IS NULL OR b.period > ?1 THEN pl.amount_fen END), 0)
         FROM payment_line pl JOIN payment p ON p.id = pl.payment_id LEFT JOIN bill b ON b.id = pl.bill_id
         LEFT JOIN fee_item i ON i.id = b.item_id
         WHERE p.voided_at IS NULL AND p.paid_on BETWEEN ?2 AND ?3 AND coalesce(i.refundable, 0) = 0",
        params![p, start, end],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    report.recovered_fen = recovered;
    report.prepaid_fen = prepaid;
    Ok(report)
}

/// The monthly rate over `months` periods ending with `last`, for the chart: one grouped query
/// over the kept facts (each line's collection counted by the end of its own period).
pub fn monthly_rates(
    conn: &Connection,
    last: Period,
    months: i64,
) -> Result<Vec<(Period, Collected)>> {
    let first = last.plus(-(months - 1).max(0));
    // The end of each line's own period: 'YYYY-MM-31' orders after every day of the month, and
    // is cheaper than working out the month's last day for each of the lines.
    let by_end = COLLECTED_BY_END.replace("?2", "(f.period || '-31')");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT f.period, sum(f.due_fen), sum({by_end})
         FROM bill_fact f JOIN fee_item i ON i.id = f.item_id
         WHERE f.period BETWEEN ?1 AND ?3 AND i.refundable = 0
         GROUP BY f.period ORDER BY f.period"
    ))?;
    let rows = stmt
        .query_map(params![first.to_string(), "", last.to_string()], |r| {
            Ok((
                period_from_sql(r.get(0)?)?,
                Collected {
                    billed_fen: r.get(1)?,
                    collected_fen: r.get(2)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().filter(|(_, c)| c.billed_fen > 0).collect())
}

/// For the home screen, without reckoning the whole list: how many units owe on `as_of` (as
/// the arrears list counts them: open fee lines of that month or before) and how many of those
/// have had no dunning this month. Read from the open lines' covering index.
pub fn arrears_counts(conn: &Connection, as_of: NaiveDate) -> Result<(usize, usize)> {
    let first = Period::of(as_of).first_day().format("%Y-%m-%d").to_string();
    let day = as_of.format("%Y-%m-%d").to_string();
    // Each item's latest overdue period (its 缴费期限 on `as_of`), as a literal table: a line
    // is arrears when its period is at most its item's.
    let terms = item_terms(conn)?;
    let cutoffs: Vec<String> = list_item_ids(conn)?
        .into_iter()
        .map(|id| {
            let term = terms.get(&id).copied().unwrap_or_default();
            format!("({id}, '{}')", term.last_overdue_period(as_of))
        })
        .collect();
    if cutoffs.is_empty() {
        return Ok((0, 0));
    }
    let sql = format!(
        "WITH cut(item_id, last) AS (VALUES {})
         SELECT count(*), coalesce(sum(NOT EXISTS (SELECT 1 FROM dunning d
                    WHERE d.unit_id = o.unit_id AND d.on_date BETWEEN ?1 AND ?2)), 0)
         FROM (SELECT DISTINCT f.unit_id FROM bill_fact f JOIN fee_item i ON i.id = f.item_id
               JOIN cut c ON c.item_id = f.item_id
               WHERE f.settled_on IS NULL AND f.period <= c.last AND i.refundable = 0
                 AND f.due_fen > f.paid_fen) o",
        cutoffs.join(", ")
    );
    let (owing, undunned): (i64, i64) = row(conn, &sql, params![first, day], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok((owing as usize, undunned as usize))
}

/// Units in arrears with no dunning this month (as of `as_of`).
pub fn undunned(rows: &[ArrearsRow], as_of: NaiveDate) -> Vec<&ArrearsRow> {
    rows.iter().filter(|r| !r.dunned_in(as_of)).collect()
}

// ---------------------------------------------------------------------------------------------
// The ledger of a period (收费台账), for the XLSX export

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub building: String,
    pub entrance: String,
    pub room: String,
    pub owner: String,
    pub area_h: i64,
    /// (billed, paid) by item index of `Ledger::items`.
    pub cells: Vec<(i64, i64)>,
    pub receipts: Vec<String>,
    pub paid_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    pub period: Period,
    pub estate: String,
    pub items: Vec<String>,
    pub rows: Vec<LedgerRow>,
}

pub fn ledger(conn: &Connection, period: Period) -> Result<Ledger> {
    let lines = bill_status(conn, "x.period = ?1", &[&period.to_string()])?;
    let mut item_ids: Vec<(i64, String)> = Vec::new();
    for l in &lines {
        if !item_ids.iter().any(|i| i.0 == l.item_id) {
            item_ids.push((l.item_id, l.item.clone()));
        }
    }
    item_ids.sort();
    let sql = format!(
        "SELECT u.id, b.name, e.name, u.room, {OWNER}, u.area_hundredths
         FROM unit u JOIN entrance e ON e.id = u.entrance_id JOIN building b ON b.id = e.building_id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut units: HashMap<i64, LedgerRow> = HashMap::new();
    for r in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            LedgerRow {
                building: r.get(1)?,
                entrance: r.get(2)?,
                room: r.get(3)?,
                owner: r.get(4)?,
                area_h: r.get(5)?,
                cells: vec![(0, 0); item_ids.len()],
                receipts: Vec::new(),
                paid_on: None,
            },
        ))
    })? {
        let (id, row) = r?;
        units.insert(id, row);
    }
    let mut billed_units = Vec::new();
    for l in &lines {
        if let (Some(u), Some(i)) = (
            units.get_mut(&l.unit_id),
            item_ids.iter().position(|x| x.0 == l.item_id),
        ) {
            u.cells[i].0 += l.due_fen;
            u.cells[i].1 += l.paid_fen;
            if !billed_units.contains(&l.unit_id) {
                billed_units.push(l.unit_id);
            }
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT p.unit_id, p.receipt_no, p.paid_on FROM payment_line pl
         JOIN payment p ON p.id = pl.payment_id JOIN bill b ON b.id = pl.bill_id
         WHERE b.period = ?1 AND p.voided_at IS NULL ORDER BY p.paid_on, p.receipt_no",
    )?;
    for r in stmt.query_map([period.to_string()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            date_from_sql(r.get(2)?),
        ))
    })? {
        let (unit, number, on) = r?;
        if let Some(u) = units.get_mut(&unit) {
            u.receipts.push(number);
            u.paid_on = on.or(u.paid_on);
        }
    }
    let mut rows: Vec<LedgerRow> = billed_units
        .into_iter()
        .filter_map(|id| units.remove(&id))
        .collect();
    rows.sort_by(|a, b| {
        crate::domain::text::natural_cmp(&a.building, &b.building)
            .then_with(|| crate::domain::text::natural_cmp(&a.entrance, &b.entrance))
            .then_with(|| crate::domain::text::natural_cmp(&a.room, &b.room))
    });
    Ok(Ledger {
        period,
        estate: super::settings::get(conn, super::settings::ESTATE_NAME)?,
        items: item_ids.into_iter().map(|i| i.1).collect(),
        rows,
    })
}

/// Counts for `taizhang check` and the home screen.
pub fn stats(conn: &Connection) -> Result<(i64, i64, i64)> {
    Ok(row(
        conn,
        "SELECT (SELECT count(*) FROM fee_item), (SELECT count(*) FROM bill),
                (SELECT count(*) FROM payment)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// Every unit by (楼栋, 单元, 房号), for files that name units.
pub fn unit_index(conn: &Connection) -> Result<HashMap<(String, String, String), i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, b.name, e.name, u.room FROM unit u JOIN entrance e ON e.id = u.entrance_id
         JOIN building b ON b.id = e.building_id",
    )?;
    let mut out = HashMap::new();
    for r in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })? {
        let (id, b, e, room) = r?;
        out.insert((b, e, room), id);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `p(2026, 8)`: a period written as a literal, not parsed.
    const fn p(year: i32, month: u32) -> Period {
        Period { year, month }
    }

    fn item(kind: FeeKind, start: Period, rates: &[(Period, i64)]) -> FeeItemRow {
        FeeItemRow {
            id: 1,
            name: "物业管理费".into(),
            kind,
            scope: Scope::All,
            scope_value: String::new(),
            refundable: false,
            start,
            end: None,
            notes: String::new(),
            rates: rates.to_vec(),
            term: PayTerm::default(),
            vacant_percent: None,
            per_household: false,
        }
    }

    #[test]
    fn the_period_shown_is_that_of_the_rate_in_force() {
        let i = item(
            FeeKind::ByArea,
            p(2025, 11),
            &[(p(2025, 11), 21_000), (p(2026, 8), 25_000)],
        );
        assert_eq!(i.in_force_text(p(2026, 12)), "2026-08 起");
        assert_eq!(i.in_force_text(p(2026, 3)), "2025-11 起");
        // Before its first month: the month it will begin.
        assert_eq!(i.in_force_text(p(2025, 1)), "2025-11 起");
        assert_eq!(i.history_text(), "2025-11 起 2.10；2026-08 起 2.50");
        let mut ended = i.clone();
        ended.end = Some(p(2026, 10));
        assert_eq!(ended.in_force_text(p(2026, 9)), "2026-08 至 2026-10");
    }

    #[test]
    fn a_shared_meter_item_has_no_rate_history() {
        let i = item(FeeKind::Shared, p(2026, 1), &[(p(2026, 1), 0)]);
        assert_eq!(i.history_text(), "—");
        assert_eq!(i.in_force_text(p(2026, 12)), "2026-01 起");
    }
}
