//! The assessments' SQL (考核): versioned templates, monthly scorecards and their deductions,
//! deductions suggested from the records, the buildings each person looks after, and the
//! quarterly quality inputs. The rules are in `domain::assessment`.

use super::{enum_from_sql, exec, row, stamp};
use crate::domain::assessment::{
    Bands, CardState, DEFAULT_TEMPLATE, ItemDef, QualityInput, QualityRules, QualityScore, Quarter,
    Rule, card_total, check_template, customer_service_template, department_templates,
    quality_score, rank,
};
use crate::domain::period::{Period, collection_rate, rate_text};
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{BTreeMap, HashMap};

use super::write_tx;

// ---------------------------------------------------------------------------------------------
// Templates

#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    pub id: i64,
    pub category: String,
    pub name: String,
    pub points: i64,
    pub rule: Option<Rule>,
    /// The most the item deducts in a month (points); 0 for no cap.
    pub cap: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TemplateRow {
    pub id: i64,
    pub name: String,
    /// The department it is for; None with no post: the default (the customer-service one).
    pub department: Option<String>,
    /// The post (岗位) it is for, or empty.
    pub position: String,
    pub version_id: i64,
    pub version: i64,
    pub items: Vec<ItemRow>,
}

impl TemplateRow {
    /// Whom the template is for, as the template list says it.
    pub fn applies_to(&self) -> String {
        match (&self.department, self.position.as_str()) {
            (_, p) if !p.is_empty() => format!("岗位：{p}"),
            (Some(d), _) => d.clone(),
            (None, _) => "默认，客服部".to_string(),
        }
    }
}

/// Ships the customer-service template of seed 000 as the default (and the starter templates),
/// once: `db::open` calls it, so every connection finds them.
pub fn ensure_default_template(conn: &Connection, now: NaiveDateTime) -> Result<()> {
    let any: i64 = row(conn, "SELECT count(*) FROM assess_template", [], |r| {
        r.get(0)
    })?;
    if any > 0 {
        return Ok(());
    }
    let tx = write_tx(conn)?;
    exec(
        &tx,
        "INSERT INTO assess_template(name, department_id, created_at) VALUES (?1, NULL, ?2)",
        params![DEFAULT_TEMPLATE, stamp(now)],
    )?;
    let id = tx.last_insert_rowid();
    insert_version(
        &tx,
        id,
        &customer_service_template(),
        "客户服务部考核细则（种子文件 000）",
        "",
        now,
    )?;
    // Starter templates for the other departments the office has.
    for (dept, name, items) in department_templates() {
        let id: Option<i64> = row(
            &tx,
            "SELECT id FROM department WHERE name = ?1",
            [dept],
            |r| r.get(0),
        )
        .optional()?;
        if let Some(dept_id) = id {
            exec(
                &tx,
                "INSERT INTO assess_template(name, department_id, created_at) VALUES (?1, ?2, ?3)",
                params![name, dept_id, stamp(now)],
            )?;
            let t = tx.last_insert_rowid();
            insert_version(
                &tx,
                t,
                &items,
                "起始模板：依据部门质量目标（种子文件 002）拟定，请按本处实际修改",
                "",
                now,
            )?;
        }
    }
    // And for the posts scored on their own duties (the office manager).
    for (post, name, items) in crate::domain::assessment::position_templates() {
        let known: Option<i64> = row(
            &tx,
            "SELECT id FROM position WHERE name = ?1",
            [post],
            |r| r.get(0),
        )
        .optional()?;
        if known.is_some() {
            exec(
                &tx,
                "INSERT INTO assess_template(name, department_id, position, created_at)
                 VALUES (?1, NULL, ?2, ?3)",
                params![name, post, stamp(now)],
            )?;
            let t = tx.last_insert_rowid();
            insert_version(
                &tx,
                t,
                &items,
                "起始模板：依据部门经理职责（种子文件 000）拟定，请按本处实际修改",
                "",
                now,
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

fn insert_version(
    tx: &Connection,
    template_id: i64,
    items: &[ItemDef],
    notes: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    let version: i64 = row(
        tx,
        "SELECT coalesce(max(version), 0) + 1 FROM assess_version WHERE template_id = ?1",
        [template_id],
        |r| r.get(0),
    )?;
    exec(
        tx,
        "INSERT INTO assess_version(template_id, version, notes, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![template_id, version, notes, by, stamp(now)],
    )?;
    let version_id = tx.last_insert_rowid();
    for (i, it) in items.iter().enumerate() {
        exec(
            tx,
            "INSERT INTO assess_item(version_id, seq, category, name, points, rule, cap)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                version_id,
                i as i64 + 1,
                it.category.trim(),
                it.name.trim(),
                it.points,
                it.rule.map(|r| r.as_str()).unwrap_or(""),
                it.cap
            ],
        )?;
    }
    Ok(version_id)
}

fn items_of(conn: &Connection, version_id: i64) -> Result<Vec<ItemRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, category, name, points, rule, cap FROM assess_item WHERE version_id = ?1
         ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([version_id], |r| {
            Ok(ItemRow {
                id: r.get(0)?,
                category: r.get(1)?,
                name: r.get(2)?,
                points: r.get(3)?,
                rule: Rule::parse(&r.get::<_, String>(4)?),
                cap: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every template at its latest version.
pub fn list_templates(conn: &Connection) -> Result<Vec<TemplateRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.name, d.name, v.id, v.version, t.position FROM assess_template t
         LEFT JOIN department d ON d.id = t.department_id
         JOIN assess_version v ON v.template_id = t.id
              AND v.version = (SELECT max(version) FROM assess_version WHERE template_id = t.id)
         ORDER BY t.department_id IS NOT NULL OR t.position <> '', d.sort_order, t.id",
    )?;
    let heads = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    heads
        .into_iter()
        .map(|(id, name, department, version_id, version, position)| {
            Ok(TemplateRow {
                id,
                name,
                department,
                position,
                version_id,
                version,
                items: items_of(conn, version_id)?,
            })
        })
        .collect()
}

fn department_id(tx: &Connection, department: &str) -> Result<i64> {
    row(
        tx,
        "SELECT id FROM department WHERE name = ?1",
        [department.trim()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::invalid(format!("没有“{department}”这个部门。")))
}

fn check(items: &[ItemDef]) -> Result<()> {
    check_template(items).map_err(|e| Error::invalid(format!("考核模板有误：{}", e.join("；"))))
}

/// A new template for a department, or for a post (岗位) when `position` is given, starting
/// from `items`. A post's template is the one its staff are scored on, whatever their
/// department.
pub fn create_template(
    conn: &Connection,
    name: &str,
    department: &str,
    position: &str,
    items: &[ItemDef],
    by: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    check(items)?;
    let tx = write_tx(conn)?;
    let position = position.trim();
    let dept = if position.is_empty() {
        Some(department_id(&tx, department)?)
    } else {
        let known: Option<i64> = row(
            &tx,
            "SELECT id FROM position WHERE name = ?1",
            [position],
            |r| r.get(0),
        )
        .optional()?;
        if known.is_none() {
            return Err(Error::invalid(format!("没有“{position}”这个岗位。")));
        }
        None
    };
    let taken: Option<String> = row(
        &tx,
        "SELECT name FROM assess_template
         WHERE (?1 IS NOT NULL AND department_id = ?1) OR (?2 <> '' AND position = ?2) OR name = ?3",
        params![dept, position, name.trim()],
        |r| r.get(0),
    )
    .optional()?;
    if let Some(t) = taken {
        return Err(Error::invalid(format!(
            "已有考核模板“{t}”（每个部门、每个岗位各一个模板，名称不能重复）。"
        )));
    }
    exec(
        &tx,
        "INSERT INTO assess_template(name, department_id, position, created_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![name.trim(), dept, position, stamp(now)],
    )?;
    let id = tx.last_insert_rowid();
    insert_version(&tx, id, items, "新建", by, now)?;
    tx.commit()?;
    Ok(id)
}

/// Saves an edited template as its next version; cards already filled keep theirs.
pub fn save_template(
    conn: &Connection,
    template_id: i64,
    items: &[ItemDef],
    notes: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    check(items)?;
    let tx = write_tx(conn)?;
    let version = insert_version(&tx, template_id, items, notes, by, now)?;
    tx.commit()?;
    Ok(version)
}

/// The version a new card for `staff_id` is filled on, at its latest version: the template of
/// the person's post, else of their department, else — for the customer-service department,
/// whose rules seed 000 writes — the default. None when nothing fits (the office manager of
/// 管理处 is not scored on the customer-service template).
fn version_for(conn: &Connection, staff_id: i64) -> Result<Option<i64>> {
    let v: Option<i64> = row(
        conn,
        "SELECT v.id FROM staff s JOIN department d ON d.id = s.department_id
         LEFT JOIN position p ON p.id = s.position_id
         JOIN assess_template t ON (t.position <> '' AND t.position = p.name)
              OR t.department_id = s.department_id
              OR (t.department_id IS NULL AND t.position = '' AND d.name IN ('客服部', '客户服务部'))
         JOIN assess_version v ON v.template_id = t.id
         WHERE s.id = ?1
         ORDER BY t.position = '', t.department_id IS NULL, v.version DESC LIMIT 1",
        [staff_id],
        |r| r.get(0),
    )
    .optional()?;
    Ok(v)
}

/// What fits a person who has no template: said where a card would be.
pub fn no_template(conn: &Connection, staff_id: i64) -> Result<String> {
    let (name, dept, post): (String, String, String) = row(
        conn,
        "SELECT s.name, d.name, coalesce(p.name, '') FROM staff s
         JOIN department d ON d.id = s.department_id LEFT JOIN position p ON p.id = s.position_id
         WHERE s.id = ?1",
        [staff_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let post_part = if post.is_empty() {
        String::new()
    } else {
        format!("岗位“{post}”或")
    };
    Ok(format!(
        "{name}（{dept}{}）还没有适用的考核模板：请在“考核模板”中为{post_part}部门“{dept}”新建模板。",
        if post.is_empty() {
            String::new()
        } else {
            format!(" · {post}")
        }
    ))
}

// ---------------------------------------------------------------------------------------------
// Scorecards

#[derive(Debug, Clone, PartialEq)]
pub struct DeductionRow {
    pub id: i64,
    pub item_id: i64,
    pub times: i64,
    pub dates: String,
    pub evidence: String,
    /// The rule a confirmed suggestion came from.
    pub source: Option<Rule>,
    pub recorded_by: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: i64,
    pub staff_id: i64,
    pub staff: String,
    pub department: String,
    pub position: String,
    pub month: Period,
    pub template: String,
    pub version: i64,
    pub state: CardState,
    pub comment: String,
    pub manager: String,
    pub acknowledged_by: String,
    pub submitted_at: Option<String>,
    pub items: Vec<ItemRow>,
    pub deductions: Vec<DeductionRow>,
    /// The office's grading of monthly scores (a setting).
    pub bands: Bands,
}

impl Card {
    pub fn total(&self) -> i64 {
        let points: HashMap<i64, i64> = self.items.iter().map(|i| (i.id, i.points)).collect();
        card_total(
            &self
                .deductions
                .iter()
                .map(|d| (points.get(&d.item_id).copied().unwrap_or(0), d.times))
                .collect::<Vec<_>>(),
        )
    }

    pub fn grade(&self) -> &'static str {
        self.bands.grade(self.total() * 100)
    }

    /// Times deducted for one item, all rows together.
    pub fn times(&self, item_id: i64) -> i64 {
        self.deductions
            .iter()
            .filter(|d| d.item_id == item_id)
            .map(|d| d.times)
            .sum()
    }
}

/// The card of `staff_id` for `month`, made as a draft on the current template if there is none.
pub fn open_card(
    conn: &Connection,
    staff_id: i64,
    month: Period,
    now: NaiveDateTime,
) -> Result<i64> {
    let tx = write_tx(conn)?;
    let id = open_card_in(&tx, staff_id, month, now)?;
    tx.commit()?;
    Ok(id)
}

fn open_card_in(tx: &Connection, staff_id: i64, month: Period, now: NaiveDateTime) -> Result<i64> {
    let existing: Option<i64> = row(
        tx,
        "SELECT id FROM scorecard WHERE staff_id = ?1 AND month = ?2",
        params![staff_id, month.to_string()],
        |r| r.get(0),
    )
    .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let Some(version) = version_for(tx, staff_id)? else {
        return Err(Error::invalid(no_template(tx, staff_id)?));
    };
    exec(
        tx,
        "INSERT INTO scorecard(staff_id, month, version_id, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![staff_id, month.to_string(), version, stamp(now)],
    )?;
    Ok(tx.last_insert_rowid())
}

pub fn card(conn: &Connection, card_id: i64) -> Result<Card> {
    let mut c = row(
        conn,
        "SELECT c.id, c.staff_id, s.name, d.name, coalesce(p.name, ''), c.month, t.name, v.version,
                c.state, c.comment, c.manager, c.acknowledged_by, c.submitted_at, c.version_id
         FROM scorecard c JOIN staff s ON s.id = c.staff_id
         JOIN department d ON d.id = s.department_id LEFT JOIN position p ON p.id = s.position_id
         JOIN assess_version v ON v.id = c.version_id JOIN assess_template t ON t.id = v.template_id
         WHERE c.id = ?1",
        [card_id],
        |r| {
            Ok((
                Card {
                    id: r.get(0)?,
                    staff_id: r.get(1)?,
                    staff: r.get(2)?,
                    department: r.get(3)?,
                    position: r.get(4)?,
                    month: Period::parse(&r.get::<_, String>(5)?).map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(
                            5,
                            rusqlite::types::Type::Text,
                            e.into(),
                        )
                    })?,
                    template: r.get(6)?,
                    version: r.get(7)?,
                    state: enum_from_sql(r.get(8)?, CardState::parse)?,
                    comment: r.get(9)?,
                    manager: r.get(10)?,
                    acknowledged_by: r.get(11)?,
                    submitted_at: r.get(12)?,
                    items: Vec::new(),
                    deductions: Vec::new(),
                    bands: Bands::STAFF,
                },
                r.get::<_, i64>(13)?,
            ))
        },
    )
    .optional()?
    .ok_or_else(|| Error::invalid("没有这张考核表。"))?;
    c.0.items = items_of(conn, c.1)?;
    c.0.bands = super::settings::load_staff_bands(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, item_id, times, dates, evidence, source, recorded_by FROM deduction
         WHERE scorecard_id = ?1 ORDER BY id",
    )?;
    c.0.deductions = stmt
        .query_map([card_id], |r| {
            Ok(DeductionRow {
                id: r.get(0)?,
                item_id: r.get(1)?,
                times: r.get(2)?,
                dates: r.get(3)?,
                evidence: r.get(4)?,
                source: Rule::parse(&r.get::<_, String>(5)?),
                recorded_by: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(c.0)
}

fn draft_only(tx: &Connection, card_id: i64) -> Result<()> {
    let state: Option<String> = row(
        tx,
        "SELECT state FROM scorecard WHERE id = ?1",
        [card_id],
        |r| r.get(0),
    )
    .optional()?;
    match state.as_deref() {
        Some("草稿") => Ok(()),
        Some(s) => Err(Error::invalid(format!("这张考核表{s}，不能再修改扣分。"))),
        None => Err(Error::invalid("没有这张考核表。")),
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeductionInput {
    pub item_id: i64,
    pub times: i64,
    pub dates: String,
    pub evidence: String,
}

fn check_item(tx: &Connection, card_id: i64, item_id: i64) -> Result<()> {
    let ok: i64 = row(
        tx,
        "SELECT count(*) FROM assess_item i JOIN scorecard c ON c.version_id = i.version_id
         WHERE c.id = ?1 AND i.id = ?2",
        params![card_id, item_id],
        |r| r.get(0),
    )?;
    if ok == 0 {
        return Err(Error::invalid("该考核项目不在这张考核表的模板里。"));
    }
    Ok(())
}

fn insert_deduction(
    tx: &Connection,
    card_id: i64,
    d: &DeductionInput,
    source: Option<Rule>,
    by: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    if d.times < 1 {
        return Err(Error::invalid("扣分次数至少为 1。"));
    }
    check_item(tx, card_id, d.item_id)?;
    exec(
        tx,
        "INSERT INTO deduction(scorecard_id, item_id, times, dates, evidence, source, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            card_id,
            d.item_id,
            d.times,
            d.dates.trim(),
            d.evidence.trim(),
            source.map(|r| r.as_str()).unwrap_or(""),
            by,
            stamp(now)
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The manager's own count for one item (the stepper): sets the times of the hand-typed row of
/// that item, adding it, or removing it at 0. Rows from confirmed suggestions are kept.
pub fn set_manual(
    conn: &Connection,
    card_id: i64,
    d: &DeductionInput,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let tx = write_tx(conn)?;
    draft_only(&tx, card_id)?;
    check_item(&tx, card_id, d.item_id)?;
    if d.times < 0 {
        return Err(Error::invalid("扣分次数不能为负。"));
    }
    exec(
        &tx,
        "DELETE FROM deduction WHERE scorecard_id = ?1 AND item_id = ?2 AND source = ''",
        params![card_id, d.item_id],
    )?;
    if d.times > 0 {
        insert_deduction(&tx, card_id, d, None, by, now)?;
    }
    check_caps(&tx, card_id)?;
    tx.commit()?;
    Ok(())
}

/// Refuses a card whose items deduct more than their monthly cap (checked inside the write, so
/// nothing over the cap is ever kept).
fn check_caps(tx: &Connection, card_id: i64) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT i.name, i.cap, sum(i.points * x.times) FROM deduction x
         JOIN assess_item i ON i.id = x.item_id
         WHERE x.scorecard_id = ?1 AND i.cap > 0 GROUP BY i.id",
    )?;
    let lost = stmt
        .query_map([card_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let over =
        crate::domain::assessment::over_caps(lost.iter().map(|(n, c, l)| (n.as_str(), *c, *l)));
    if over.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(format!("{}。未保存。", over.join("；"))))
    }
}

/// Removes one deduction row of a draft (a confirmed suggestion's row too: its decision stays).
pub fn remove_deduction(conn: &Connection, deduction_id: i64) -> Result<()> {
    let tx = write_tx(conn)?;
    let card: Option<i64> = row(
        &tx,
        "SELECT scorecard_id FROM deduction WHERE id = ?1",
        [deduction_id],
        |r| r.get(0),
    )
    .optional()?;
    let card = card.ok_or_else(|| Error::invalid("没有这条扣分记录。"))?;
    draft_only(&tx, card)?;
    exec(&tx, "DELETE FROM deduction WHERE id = ?1", [deduction_id])?;
    tx.commit()?;
    Ok(())
}

pub fn set_comment(conn: &Connection, card_id: i64, comment: &str) -> Result<()> {
    let tx = write_tx(conn)?;
    draft_only(&tx, card_id)?;
    exec(
        &tx,
        "UPDATE scorecard SET comment = ?2 WHERE id = ?1",
        params![card_id, comment.trim()],
    )?;
    tx.commit()?;
    Ok(())
}

/// Files a draft: the manager's name and the staff member's acknowledgement (签字确认).
pub fn submit_card(
    conn: &Connection,
    card_id: i64,
    manager: &str,
    acknowledged_by: &str,
    comment: &str,
    now: NaiveDateTime,
) -> Result<()> {
    if manager.trim().is_empty() {
        return Err(Error::invalid("请填写考核人（负责人）姓名。"));
    }
    if acknowledged_by.trim().is_empty() {
        return Err(Error::invalid("请填写被考核人签字确认的姓名。"));
    }
    let tx = write_tx(conn)?;
    draft_only(&tx, card_id)?;
    exec(
        &tx,
        "UPDATE scorecard SET state = '已提交', manager = ?2, acknowledged_by = ?3, comment = ?4,
                submitted_at = ?5 WHERE id = ?1",
        params![
            card_id,
            manager.trim(),
            acknowledged_by.trim(),
            comment.trim(),
            stamp(now)
        ],
    )?;
    tx.commit()?;
    Ok(())
}

/// Locks a filed card for good.
pub fn lock_card(conn: &Connection, card_id: i64, now: NaiveDateTime) -> Result<()> {
    let tx = write_tx(conn)?;
    let n = exec(
        &tx,
        "UPDATE scorecard SET state = '已锁定', locked_at = ?2 WHERE id = ?1 AND state = '已提交'",
        params![card_id, stamp(now)],
    )?;
    if n == 0 {
        return Err(Error::invalid("只有已提交的考核表才能锁定。"));
    }
    tx.commit()?;
    Ok(())
}

/// One line of the month's overview: a member of staff and their card if any.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRow {
    pub staff_id: i64,
    pub staff: String,
    pub department: String,
    pub position: String,
    pub card_id: Option<i64>,
    pub state: Option<CardState>,
    /// 100 with no card yet.
    pub total: i64,
    pub deductions: i64,
    pub rank: usize,
    pub grade: &'static str,
}

/// Staff employed at some point of `month`, with their cards, ranked by total.
pub fn month_overview(conn: &Connection, month: Period) -> Result<Vec<MonthRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.name, d.name, coalesce(p.name, ''), c.id, c.state,
                (SELECT coalesce(sum(i.points * x.times), 0) FROM deduction x
                 JOIN assess_item i ON i.id = x.item_id WHERE x.scorecard_id = c.id),
                (SELECT count(*) FROM deduction x WHERE x.scorecard_id = c.id)
         FROM staff s JOIN department d ON d.id = s.department_id
         LEFT JOIN position p ON p.id = s.position_id
         LEFT JOIN scorecard c ON c.staff_id = s.id AND c.month = ?1
         WHERE (s.hire_date IS NULL OR s.hire_date <= ?3)
           AND (s.leave_date IS NULL OR s.leave_date >= ?2)
           AND (s.state = '在职' OR s.leave_date IS NOT NULL OR c.id IS NOT NULL)
           AND (c.id IS NOT NULL OR EXISTS (SELECT 1 FROM assess_template t
                WHERE (t.position <> '' AND t.position = p.name) OR t.department_id = s.department_id
                   OR (t.department_id IS NULL AND t.position = '' AND d.name IN ('客服部', '客户服务部'))))
         ORDER BY d.sort_order, d.id, s.id",
    )?;
    let mut rows = stmt
        .query_map(
            params![
                month.to_string(),
                crate::domain::date::iso(month.first_day()),
                crate::domain::date::iso(month.last_day())
            ],
            |r| {
                let lost: i64 = r.get(6)?;
                let state: Option<String> = r.get(5)?;
                Ok(MonthRow {
                    staff_id: r.get(0)?,
                    staff: r.get(1)?,
                    department: r.get(2)?,
                    position: r.get(3)?,
                    card_id: r.get(4)?,
                    state: state.as_deref().and_then(CardState::parse),
                    total: (100 - lost).max(0),
                    deductions: r.get(7)?,
                    rank: 0,
                    grade: "",
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let ranks = rank(&rows.iter().map(|r| r.total).collect::<Vec<_>>());
    let bands = super::settings::load_staff_bands(conn)?;
    for (r, k) in rows.iter_mut().zip(ranks) {
        r.rank = k;
        r.grade = bands.grade(r.total * 100);
    }
    Ok(rows)
}

/// Staff employed in `month` whom no template fits (and who have no card): each said as the
/// month's list says it, so nobody is left out unseen.
pub fn without_template(conn: &Connection, month: Period) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id FROM staff s JOIN department d ON d.id = s.department_id
         LEFT JOIN position p ON p.id = s.position_id
         WHERE (s.hire_date IS NULL OR s.hire_date <= ?2)
           AND (s.leave_date IS NULL OR s.leave_date >= ?1)
           AND (s.state = '在职' OR s.leave_date IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM scorecard c WHERE c.staff_id = s.id AND c.month = ?3)
           AND NOT EXISTS (SELECT 1 FROM assess_template t
                WHERE (t.position <> '' AND t.position = p.name) OR t.department_id = s.department_id
                   OR (t.department_id IS NULL AND t.position = '' AND d.name IN ('客服部', '客户服务部')))
         ORDER BY d.sort_order, d.id, s.id",
    )?;
    let ids = stmt
        .query_map(
            params![
                crate::domain::date::iso(month.first_day()),
                crate::domain::date::iso(month.last_day()),
                month.to_string()
            ],
            |r| r.get::<_, i64>(0),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ids.into_iter().map(|id| no_template(conn, id)).collect()
}

/// One of a person's monthly scorecards, newest first, for their staff file.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffCard {
    pub month: Period,
    pub state: Option<CardState>,
    pub total: i64,
}

pub fn cards_of_staff(conn: &Connection, staff_id: i64) -> Result<Vec<StaffCard>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.month, c.state,
                (SELECT coalesce(sum(i.points * x.times), 0) FROM deduction x
                 JOIN assess_item i ON i.id = x.item_id WHERE x.scorecard_id = c.id)
         FROM scorecard c WHERE c.staff_id = ?1 ORDER BY c.month DESC",
    )?;
    let rows = stmt
        .query_map([staff_id], |r| {
            let month: String = r.get(0)?;
            let state: String = r.get(1)?;
            let lost: i64 = r.get(2)?;
            Ok((month, state, lost))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(month, state, lost)| {
            Ok(StaffCard {
                month: super::charging::period_from_sql(month)?,
                state: CardState::parse(&state),
                total: (100 - lost).max(0),
            })
        })
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(Into::into)
}

/// Cards of `month` not yet filed (drafts, or no card at all).
pub fn unfiled(rows: &[MonthRow]) -> usize {
    rows.iter()
        .filter(|r| !matches!(r.state, Some(CardState::Submitted | CardState::Locked)))
        .count()
}

/// For `check`: (templates, cards, cards filed).
pub fn stats(conn: &Connection) -> Result<(i64, i64, i64)> {
    Ok(row(
        conn,
        "SELECT (SELECT count(*) FROM assess_template), (SELECT count(*) FROM scorecard),
                (SELECT count(*) FROM scorecard WHERE state <> '草稿')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

// ---------------------------------------------------------------------------------------------
// The buildings each person looks after

pub fn staff_buildings(conn: &Connection) -> Result<BTreeMap<i64, Vec<String>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT staff_id, building FROM staff_building ORDER BY staff_id, building",
    )?;
    let mut map: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (s, b) = r?;
        map.entry(s).or_default().push(b);
    }
    Ok(map)
}

/// Replaces the buildings `staff_id` looks after; each must be one of the estate's.
pub fn set_staff_buildings(conn: &Connection, staff_id: i64, buildings: &[String]) -> Result<()> {
    let tx = write_tx(conn)?;
    for b in buildings {
        let known: i64 = row(
            &tx,
            "SELECT count(*) FROM building WHERE name = ?1",
            [b.trim()],
            |r| r.get(0),
        )?;
        if known == 0 {
            return Err(Error::invalid(format!("没有“{b}”这栋楼。")));
        }
    }
    exec(
        &tx,
        "DELETE FROM staff_building WHERE staff_id = ?1",
        [staff_id],
    )?;
    for b in buildings {
        exec(
            &tx,
            "INSERT OR IGNORE INTO staff_building(staff_id, building) VALUES (?1, ?2)",
            params![staff_id, b.trim()],
        )?;
    }
    tx.commit()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Suggestions from the records

/// A deduction the records point to, for the manager to confirm or dismiss.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub staff_id: i64,
    pub staff: String,
    pub month: Period,
    pub rule: Rule,
    pub item_id: i64,
    pub item: String,
    pub points: i64,
    pub times: i64,
    /// The records behind it, as the manager reads them and the card keeps them.
    pub citation: String,
}

fn listed(names: &[String]) -> String {
    const SHOWN: usize = 12;
    if names.len() <= SHOWN {
        names.join("、")
    } else {
        format!("{} 等 {} 项", names[..SHOWN].join("、"), names.len())
    }
}

/// What each rule finds for each person in `month`, before any decision: (staff, rule) →
/// (times, citation).
pub fn findings(conn: &Connection, month: Period) -> Result<BTreeMap<(i64, Rule), (i64, String)>> {
    let mut out = BTreeMap::new();
    let buildings = staff_buildings(conn)?;
    let end = month.last_day();

    // 缺席培训: each training of the month the person missed.
    let mut stmt = conn.prepare_cached(
        "SELECT a.staff_id, t.date, t.course FROM training_attendee a
         JOIN training t ON t.id = a.training_id
         WHERE a.result = '缺席' AND substr(t.date, 1, 7) = ?1 ORDER BY t.date, t.id",
    )?;
    let mut missed: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for r in stmt.query_map([month.to_string()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (s, date, course) = r?;
        missed
            .entry(s)
            .or_default()
            .push(format!("{date}《{course}》"));
    }
    for (s, list) in missed {
        out.insert(
            (s, Rule::MissedTraining),
            (
                list.len() as i64,
                format!("培训记录：缺席 {}", listed(&list)),
            ),
        );
    }

    front_desk_findings(conn, month, &mut out)?;

    if buildings.is_empty() {
        return Ok(out);
    }
    // 收费台账: the collection rate of the person's buildings, and arrears without dunning.
    let report = super::charging::collection(conn, month)?;
    let arrears = super::charging::arrears(conn, end, &Default::default())?;
    // 业主资料: owners whose file is incomplete or unsigned.
    let mut stmt = conn.prepare_cached(
        "SELECT b.name, b.name || e.name || u.room, p.file_complete, p.file_signed
         FROM occupancy o JOIN person p ON p.id = o.person_id JOIN unit u ON u.id = o.unit_id
         JOIN entrance e ON e.id = u.entrance_id JOIN building b ON b.id = e.building_id
         WHERE o.role = '业主' AND o.move_out IS NULL AND (p.file_complete = 0 OR p.file_signed = 0)
         ORDER BY b.id, e.name, u.room",
    )?;
    let files = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    for (&staff, mine) in &buildings {
        let (mut billed, mut collected) = (0, 0);
        let mut parts = Vec::new();
        for (b, c) in &report.buildings {
            if mine.contains(b) {
                billed += c.billed_fen;
                collected += c.collected_fen;
                parts.push(format!("{b} {}", rate_text(c.rate())));
            }
        }
        if let Some(rate) = collection_rate(collected, billed)
            && rate < crate::domain::assessment::COLLECTION_TARGET
        {
            out.insert(
                (staff, Rule::CollectionRate),
                (
                    1,
                    format!(
                        "收费台账：{} 所辖区域收缴率 {}（{}；应收 {} 元，实收 {} 元），低于 95%",
                        month.doc(),
                        rate_text(Some(rate)),
                        parts.join("，"),
                        crate::domain::money::Money(billed),
                        crate::domain::money::Money(collected)
                    ),
                ),
            );
        }
        let undunned: Vec<String> = arrears
            .iter()
            .filter(|a| mine.contains(&a.building) && !a.dunned_in(end))
            .map(|a| a.unit.clone())
            .collect();
        if !undunned.is_empty() {
            out.insert(
                (staff, Rule::Undunned),
                (
                    undunned.len() as i64,
                    format!(
                        "收费台账：截至 {} 欠费未催缴 {} 户：{}",
                        crate::domain::date::iso(end),
                        undunned.len(),
                        listed(&undunned)
                    ),
                ),
            );
        }
        let incomplete: Vec<String> = files
            .iter()
            .filter(|f| mine.contains(&f.0))
            .map(|f| {
                let what = match (f.2, f.3) {
                    (false, false) => "资料不全、未签字",
                    (false, true) => "资料不全",
                    _ => "未签字",
                };
                format!("{}（{what}）", f.1)
            })
            .collect();
        if !incomplete.is_empty() {
            out.insert(
                (staff, Rule::OwnerFiles),
                (
                    incomplete.len() as i64,
                    format!(
                        "房屋与业主：业主资料不完整 {} 户：{}",
                        incomplete.len(),
                        listed(&incomplete)
                    ),
                ),
            );
        }
    }
    Ok(out)
}

/// 走访记录 and 投诉记录: households short of the target and incomplete visit records (each one
/// time), complaints whose clock ran out (for the handler), and valid complaints caused by a
/// person's own mistake (for that person). Clocks are read as of the month's last moment: a
/// complaint received on the 30th is not late for a clock that runs out in the next month.
fn front_desk_findings(
    conn: &Connection,
    month: Period,
    out: &mut BTreeMap<(i64, Rule), (i64, String)>,
) -> Result<()> {
    use crate::domain::visits::FRONT_DESK;
    let visits = super::visits::month_visits(conn, month)?;
    // A month with no visit recorded by anyone is a month whose visit book was kept on paper
    // (before the office used 走访 here): nobody is proposed 15 missing households for it.
    let targets = if visits.is_empty() {
        Vec::new()
    } else {
        super::visits::month_targets(conn, month)?
    };
    for t in targets.iter().filter(|t| !t.front_desk()) {
        let short = t.shortfall();
        let gaps: Vec<String> = visits
            .iter()
            .filter(|v| v.staff_id == t.staff_id && v.kind != FRONT_DESK)
            .filter_map(|v| {
                let g = v.fact().gaps();
                (!g.is_empty())
                    .then(|| format!("{} {}（{}）", v.at.format("%m-%d"), v.unit, g.join("、")))
            })
            .collect();
        if short + gaps.len() as i64 == 0 {
            continue;
        }
        let mut text = format!(
            "走访记录：{} 走访 {} 户（目标 {} 户）",
            month.doc(),
            t.tally.households,
            t.target
        );
        if short > 0 {
            text.push_str(&format!("，差 {short} 户"));
        }
        if !gaps.is_empty() {
            text.push_str(&format!(
                "；记录不完整 {} 份：{}",
                gaps.len(),
                listed(&gaps)
            ));
        }
        out.insert(
            (t.staff_id, Rule::Visits),
            (short + gaps.len() as i64, text),
        );
    }

    let rules = super::complaints::clock_rules(conn)?;
    let cal = super::complaints::calendar(conn)?;
    let as_of = month.last_day().and_hms_opt(23, 59, 59).unwrap_or_default();
    let mut by_name = conn.prepare_cached(
        "SELECT id FROM staff WHERE name = ?1 ORDER BY state = '离职', id LIMIT 1",
    )?;
    let mut late: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    let mut valid: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for c in super::complaints::month_complaints(conn, month)? {
        let what = format!(
            "{} {}“{}”",
            c.times.received.format("%m-%d"),
            c.unit,
            c.content.chars().take(12).collect::<String>()
        );
        let overdue: Vec<String> = c
            .clocks(&rules, &cal, as_of)
            .iter()
            .filter(|(_, s)| s.is_late())
            .map(|(clock, s)| format!("{}{}", clock.label(), s.text()))
            .collect();
        if !overdue.is_empty() && !c.handler.trim().is_empty() {
            let id: Option<i64> = by_name
                .query_row([c.handler.trim()], |r| r.get(0))
                .optional()?;
            if let Some(id) = id {
                late.entry(id)
                    .or_default()
                    .push(format!("{what}（{}）", overdue.join("，")));
            }
        }
        if c.valid == Some(true)
            && let Some(s) = c.fault_staff_id
        {
            valid.entry(s).or_default().push(what);
        }
    }
    for (s, list) in late {
        out.insert(
            (s, Rule::ComplaintLate),
            (
                list.len() as i64,
                format!("投诉记录：未及时处理 {} 件：{}", list.len(), listed(&list)),
            ),
        );
    }
    for (s, list) in valid {
        out.insert(
            (s, Rule::ComplaintValid),
            (
                list.len() as i64,
                format!(
                    "投诉记录：因本人工作失误造成有效投诉 {} 件：{}",
                    list.len(),
                    listed(&list)
                ),
            ),
        );
    }
    Ok(())
}

/// The month's open suggestions: findings for staff on the month's overview whose template has
/// an item for the rule, not yet decided, on cards still in draft (or not made yet).
pub fn suggestions(conn: &Connection, month: Period) -> Result<Vec<Suggestion>> {
    let found = findings(conn, month)?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let staff = month_overview(conn, month)?;
    let mut decided =
        conn.prepare_cached("SELECT staff_id, rule FROM suggestion_decision WHERE month = ?1")?;
    let decided: std::collections::HashSet<(i64, String)> = decided
        .query_map([month.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for s in &staff {
        if matches!(s.state, Some(CardState::Submitted | CardState::Locked)) {
            continue;
        }
        let version = match s.card_id {
            Some(id) => Some(row(
                conn,
                "SELECT version_id FROM scorecard WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?),
            None => version_for(conn, s.staff_id)?,
        };
        // No template fits the person: nothing to propose on (the list says so).
        let Some(version) = version else { continue };
        let items = items_of(conn, version)?;
        let (hired, left): (Option<String>, Option<String>) = row(
            conn,
            "SELECT hire_date, leave_date FROM staff WHERE id = ?1",
            [s.staff_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let hired = hired.and_then(|d| crate::domain::date::parse_date(&d).ok());
        let left = left.and_then(|d| crate::domain::date::parse_date(&d).ok());
        let in_post = crate::domain::assessment::days_in_post(hired, left, month);
        for ((staff_id, rule), (times, citation)) in found.range((s.staff_id, Rule::Visits)..) {
            if *staff_id != s.staff_id {
                break;
            }
            if decided.contains(&(s.staff_id, rule.as_str().to_string())) {
                continue;
            }
            let Some(item) = items.iter().find(|i| i.rule == Some(*rule)) else {
                continue;
            };
            let p = crate::domain::assessment::propose(
                *rule,
                *times,
                item.points,
                item.cap,
                in_post,
                hired.filter(|_| in_post.is_some()),
            );
            let citation = if p.notes.is_empty() {
                citation.clone()
            } else {
                format!("{citation}（{}）", p.notes.join("；"))
            };
            out.push(Suggestion {
                staff_id: s.staff_id,
                staff: s.staff.clone(),
                month,
                rule: *rule,
                item_id: item.id,
                item: item.name.clone(),
                points: item.points,
                times: p.times,
                citation,
            });
        }
    }
    Ok(out)
}

/// Confirms a suggestion: it becomes a deduction on the person's card with its citation kept.
pub fn confirm_suggestion(
    conn: &Connection,
    s: &Suggestion,
    by: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    let tx = write_tx(conn)?;
    let card = open_card_in(&tx, s.staff_id, s.month, now)?;
    draft_only(&tx, card)?;
    record_decision(
        &tx,
        s.staff_id,
        s.month,
        s.rule,
        "确认",
        "",
        &s.citation,
        by,
        now,
    )?;
    let id = insert_deduction(
        &tx,
        card,
        &DeductionInput {
            item_id: s.item_id,
            times: s.times,
            dates: s.month.doc(),
            evidence: s.citation.clone(),
        },
        Some(s.rule),
        by,
        now,
    )?;
    check_caps(&tx, card)?;
    tx.commit()?;
    Ok(id)
}

/// Dismisses a suggestion with the manager's reason; it is not proposed again that month.
pub fn dismiss_suggestion(
    conn: &Connection,
    s: &Suggestion,
    reason: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("驳回建议须写明理由。"));
    }
    let tx = write_tx(conn)?;
    record_decision(
        &tx,
        s.staff_id,
        s.month,
        s.rule,
        "驳回",
        reason,
        &s.citation,
        by,
        now,
    )?;
    tx.commit()?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn record_decision(
    tx: &Connection,
    staff_id: i64,
    month: Period,
    rule: Rule,
    decision: &str,
    reason: &str,
    citation: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    exec(
        tx,
        "INSERT INTO suggestion_decision(staff_id, month, rule, decision, reason, citation, decided_by, decided_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            staff_id,
            month.to_string(),
            rule.as_str(),
            decision,
            reason.trim(),
            citation,
            by,
            stamp(now)
        ],
    )
    .map_err(|_| Error::invalid("这条建议已经处理过了。"))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Batch import of deductions

/// One row of `import deductions`: 月份, 姓名, 考核项目, 次数, 日期, 说明.
#[derive(Debug, Clone, PartialEq)]
pub struct DeductionImport {
    pub line: usize,
    pub month: Period,
    pub staff: String,
    pub item: String,
    pub times: i64,
    pub dates: String,
    pub evidence: String,
}

/// All or nothing: every row's problem is listed, and nothing is written unless all are right.
pub fn import_deductions(
    conn: &Connection,
    rows: &[DeductionImport],
    by: &str,
    now: NaiveDateTime,
) -> Result<usize> {
    let tx = write_tx(conn)?;
    let mut errors = Vec::new();
    for r in rows {
        let ids: Vec<i64> = {
            let mut stmt = tx.prepare_cached("SELECT id FROM staff WHERE name = ?1")?;
            stmt.query_map([r.staff.trim()], |x| x.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let staff_id = match ids.as_slice() {
            [id] => *id,
            [] => {
                errors.push(format!(
                    "第 {} 行【姓名】：员工档案中没有“{}”",
                    r.line, r.staff
                ));
                continue;
            }
            _ => {
                errors.push(format!(
                    "第 {} 行【姓名】：有 {} 位员工叫“{}”，请在考核界面中录入",
                    r.line,
                    ids.len(),
                    r.staff
                ));
                continue;
            }
        };
        let card = open_card_in(&tx, staff_id, r.month, now)?;
        if let Err(e) = draft_only(&tx, card) {
            errors.push(format!("第 {} 行：{}", r.line, e));
            continue;
        }
        let items = {
            let version: i64 = row(
                &tx,
                "SELECT version_id FROM scorecard WHERE id = ?1",
                [card],
                |x| x.get(0),
            )?;
            items_of(&tx, version)?
        };
        let wanted = crate::domain::text::normalize(&r.item);
        let exact: Vec<&ItemRow> = items
            .iter()
            .filter(|i| crate::domain::text::normalize(&i.name) == wanted)
            .collect();
        let found: Vec<&ItemRow> = if exact.is_empty() {
            items
                .iter()
                .filter(|i| crate::domain::text::normalize(&i.name).contains(&wanted))
                .collect()
        } else {
            exact
        };
        let item = match found.as_slice() {
            [i] => *i,
            [] => {
                errors.push(format!(
                    "第 {} 行【考核项目】：模板中没有“{}”",
                    r.line, r.item
                ));
                continue;
            }
            _ => {
                errors.push(format!(
                    "第 {} 行【考核项目】：“{}”对应多个项目，请写完整",
                    r.line, r.item
                ));
                continue;
            }
        };
        if r.times < 1 {
            errors.push(format!("第 {} 行【次数】：至少为 1", r.line));
            continue;
        }
        insert_deduction(
            &tx,
            card,
            &DeductionInput {
                item_id: item.id,
                times: r.times,
                dates: r.dates.clone(),
                evidence: r.evidence.clone(),
            },
            None,
            by,
            now,
        )?;
    }
    if !errors.is_empty() {
        return Err(Error::invalid(format!(
            "扣分记录有 {} 处错误，未导入任何一行：\n{}",
            errors.len(),
            errors.join("\n")
        )));
    }
    tx.commit()?;
    Ok(rows.len())
}

// ---------------------------------------------------------------------------------------------
// Quarterly quality

#[derive(Debug, Clone, PartialEq)]
pub struct QualityRow {
    pub department_id: i64,
    pub department: String,
    pub quarter: Quarter,
    pub input: Option<QualityInput>,
    pub score: Option<QualityScore>,
    pub rank: usize,
}

fn self_checks_text(v: &[i64]) -> String {
    v.iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

fn self_checks_parse(s: &str) -> Vec<i64> {
    s.split(',').filter_map(|p| p.trim().parse().ok()).collect()
}

pub fn save_quality(
    conn: &Connection,
    department: &str,
    quarter: Quarter,
    input: &QualityInput,
    by: &str,
    now: NaiveDateTime,
) -> Result<()> {
    if input.self_checks_h.is_empty() || input.self_checks_h.len() > 3 {
        return Err(Error::invalid("自查考核须有本季度 1–3 个月的月度自查分。"));
    }
    let tx = write_tx(conn)?;
    let dept = department_id(&tx, department)?;
    exec(
        &tx,
        "INSERT INTO quality_quarter(department_id, quarter, self_checks_h, spot_penalty_h, survey_h,
                valid_complaints, revisit_deduction_h, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(department_id, quarter) DO UPDATE SET self_checks_h = excluded.self_checks_h,
                spot_penalty_h = excluded.spot_penalty_h, survey_h = excluded.survey_h,
                valid_complaints = excluded.valid_complaints,
                revisit_deduction_h = excluded.revisit_deduction_h,
                updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        params![
            dept,
            quarter.to_string(),
            self_checks_text(&input.self_checks_h),
            input.spot_penalty_h,
            input.survey_h,
            input.valid_complaints,
            input.revisit_deduction_h,
            by,
            stamp(now)
        ],
    )?;
    tx.commit()?;
    Ok(())
}

/// Every department with its quarter's inputs and score (None where nothing was recorded),
/// ranked among those scored.
pub fn quality_report(
    conn: &Connection,
    quarter: Quarter,
    rules: &QualityRules,
) -> Result<Vec<QualityRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.name, q.self_checks_h, q.spot_penalty_h, q.survey_h, q.valid_complaints,
                q.revisit_deduction_h
         FROM department d LEFT JOIN quality_quarter q ON q.department_id = d.id AND q.quarter = ?1
         ORDER BY d.sort_order, d.id",
    )?;
    let mut rows = stmt
        .query_map([quarter.to_string()], |r| {
            let checks: Option<String> = r.get(2)?;
            let input = match checks {
                Some(c) => Some(QualityInput {
                    self_checks_h: self_checks_parse(&c),
                    spot_penalty_h: r.get(3)?,
                    survey_h: r.get(4)?,
                    valid_complaints: r.get(5)?,
                    revisit_deduction_h: r.get(6)?,
                }),
                None => None,
            };
            Ok(QualityRow {
                department_id: r.get(0)?,
                department: r.get(1)?,
                quarter,
                score: input.as_ref().map(|i| quality_score(i, rules)),
                input,
                rank: 0,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let scored: Vec<i64> = rows
        .iter()
        .filter_map(|r| r.score.as_ref().map(|s| s.total_h))
        .collect();
    let ranks = rank(&scored);
    let mut k = ranks.into_iter();
    for r in rows.iter_mut().filter(|r| r.score.is_some()) {
        r.rank = k.next().unwrap_or(0);
    }
    Ok(rows)
}

/// The monthly average of each person's card over the months of a quarter or year, for the
/// quarterly and annual views: (staff, department, months scored, average in hundredths).
pub fn average_scores(
    conn: &Connection,
    months: &[Period],
) -> Result<Vec<(String, String, i64, i64)>> {
    let mut by_staff: BTreeMap<i64, (String, String, i64, i64)> = BTreeMap::new();
    for m in months {
        for r in month_overview(conn, *m)?
            .into_iter()
            .filter(|r| r.card_id.is_some())
        {
            let e =
                by_staff
                    .entry(r.staff_id)
                    .or_insert((r.staff.clone(), r.department.clone(), 0, 0));
            e.2 += 1;
            e.3 += r.total * 100;
        }
    }
    Ok(by_staff
        .into_values()
        .map(|(s, d, n, sum)| (s, d, n, if n > 0 { sum / n } else { 0 }))
        .collect())
}
