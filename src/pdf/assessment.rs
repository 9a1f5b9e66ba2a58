//! The assessment documents: 月度考核评分表 (one A4 page per person), the monthly evaluation
//! pack (the department summary, then every scorecard, in one file) and the quarterly
//! service-quality report.

use super::{Align, Block, Column, Document, Table};
use crate::db::assessment::{Card, MonthRow, QualityRow};
use crate::db::settings::OfficeSettings;
use crate::domain::assessment::{Bands, CardState, QualityRules, Quarter, score_text};
use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::error::Result;
use chrono::NaiveDateTime;

/// Evidence is cut on paper to one line each, at most `EVIDENCE_LINES` of them, so a card stays
/// on one page (the card on screen keeps it whole).
const EVIDENCE_CHARS: usize = 56;
const EVIDENCE_LINES: usize = 5;

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// One person's card: every category and item with its points; times, points lost and dates
/// where deducted; the evidence under the table; total, grade, comment and signature lines.
pub fn card_blocks(c: &Card) -> Vec<Block> {
    let columns = vec![
        Column::new("考核内容", 1.3, Align::Center),
        Column::new("考核项目", 6.0, Align::Left),
        Column::new("每次扣分", 0.9, Align::Center),
        Column::new("次数", 0.7, Align::Center),
        Column::new("扣分", 0.7, Align::Center),
        Column::new("日期", 2.2, Align::Left),
    ];
    let mut rows = Vec::with_capacity(c.items.len());
    let mut last_category = "";
    let mut evidence = Vec::new();
    for it in &c.items {
        let times = c.times(it.id);
        let dates: Vec<&str> = c
            .deductions
            .iter()
            .filter(|d| d.item_id == it.id && !d.dates.is_empty())
            .map(|d| d.dates.as_str())
            .collect();
        for d in c.deductions.iter().filter(|d| d.item_id == it.id) {
            if !d.evidence.is_empty() {
                evidence.push(clip(
                    &format!("· {}（{} 次）：{}", it.name, d.times, d.evidence),
                    EVIDENCE_CHARS,
                ));
            }
        }
        rows.push(vec![
            if it.category == last_category {
                String::new()
            } else {
                it.category.clone()
            },
            it.name.clone(),
            it.points.to_string(),
            if times > 0 {
                times.to_string()
            } else {
                String::new()
            },
            if times > 0 {
                (times * it.points).to_string()
            } else {
                String::new()
            },
            clip(&dates.join("；"), 24),
        ]);
        last_category = &it.category;
    }
    let lost: i64 = c
        .items
        .iter()
        .map(|i| c.times(i.id) * i.points)
        .sum::<i64>();
    let mut blocks = vec![
        Block::Title("月度考核评分表".into()),
        Block::Meta(format!(
            "考核月份：{}　　姓名：{}　　部门：{}　　岗位：{}",
            c.month.doc(),
            c.staff,
            c.department,
            if c.position.is_empty() {
                "—"
            } else {
                &c.position
            }
        )),
        Block::Meta(format!(
            "考核模板：{}（第 {} 版）　　状态：{}　　满分 100 分，按次扣分，最低 0 分",
            c.template, c.version, c.state
        )),
        Block::CompactTable(Table {
            columns,
            rows,
            total: Some(vec![
                "合计".into(),
                String::new(),
                String::new(),
                String::new(),
                lost.to_string(),
                String::new(),
            ]),
        }),
        Block::Paragraph(format!("得分：{} 分　　等级：{}", c.total(), c.grade())),
    ];
    if evidence.len() > EVIDENCE_LINES {
        let more = evidence.len() - (EVIDENCE_LINES - 1);
        evidence.truncate(EVIDENCE_LINES - 1);
        evidence.push(format!("· 另有 {more} 条扣分说明，见系统中的考核表。"));
    }
    if !evidence.is_empty() {
        blocks.push(Block::Small(format!("扣分说明：\n{}", evidence.join("\n"))));
    }
    blocks.push(Block::Paragraph(format!(
        "考核人意见：{}",
        if c.comment.is_empty() {
            "　"
        } else {
            &c.comment
        }
    )));
    blocks.push(Block::Signatures(vec![
        format!(
            "被考核人{}",
            if c.acknowledged_by.is_empty() {
                String::new()
            } else {
                format!("（{}）", c.acknowledged_by)
            }
        ),
        format!(
            "考核人{}",
            if c.manager.is_empty() {
                String::new()
            } else {
                format!("（{}）", c.manager)
            }
        ),
        "日期".into(),
    ]));
    // A card not yet filed and signed prints as what it is.
    if c.state == CardState::Draft {
        blocks.insert(0, Block::Watermark("草稿".into()));
    }
    blocks
}

/// The department summary: rank, name, department, post, score, grade and state.
fn summary_blocks(month: Period, rows: &[MonthRow], bands: Bands) -> Vec<Block> {
    let mut sorted: Vec<&MonthRow> = rows.iter().collect();
    sorted.sort_by_key(|r| (r.rank, r.department.clone()));
    let columns = vec![
        Column::new("排名", 0.6, Align::Center),
        Column::new("姓名", 1.2, Align::Left),
        Column::new("部门", 1.2, Align::Left),
        Column::new("岗位", 1.4, Align::Left),
        Column::new("得分", 0.7, Align::Center),
        Column::new("等级", 0.8, Align::Center),
        Column::new("状态", 0.8, Align::Center),
    ];
    let table_rows = sorted
        .iter()
        .map(|r| {
            vec![
                r.rank.to_string(),
                r.staff.clone(),
                r.department.clone(),
                r.position.clone(),
                r.total.to_string(),
                r.grade.to_string(),
                r.state
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "未建".into()),
            ]
        })
        .collect();
    // By department: headcount, average, lowest.
    let mut depts: Vec<(String, Vec<i64>)> = Vec::new();
    for r in rows {
        match depts.iter_mut().find(|(d, _)| *d == r.department) {
            Some((_, v)) => v.push(r.total),
            None => depts.push((r.department.clone(), vec![r.total])),
        }
    }
    let dept_rows = depts
        .iter()
        .map(|(d, v)| {
            let sum: i64 = v.iter().sum();
            vec![
                d.clone(),
                v.len().to_string(),
                score_text((sum * 100 + v.len() as i64 / 2) / v.len().max(1) as i64),
                v.iter().min().copied().unwrap_or(0).to_string(),
                v.iter()
                    .filter(|t| **t * 100 < bands.pass_min)
                    .count()
                    .to_string(),
            ]
        })
        .collect();
    let unfiled = crate::db::assessment::unfiled(rows);
    vec![
        Block::Title("月度考核汇总表".into()),
        Block::Meta(format!(
            "考核月份：{}　　人数：{}　　未提交：{}　　截止日期：{}",
            month.doc(),
            rows.len(),
            unfiled,
            crate::domain::date::doc_date(crate::domain::assessment::card_deadline(month))
        )),
        Block::Table(Table {
            columns: vec![
                Column::new("部门", 1.5, Align::Left),
                Column::new("人数", 0.8, Align::Center),
                Column::new("平均分", 1.0, Align::Center),
                Column::new("最低分", 1.0, Align::Center),
                Column::new("不合格人数", 1.0, Align::Center),
            ],
            rows: dept_rows,
            total: None,
        }),
        Block::Spacer(4.0),
        Block::Table(Table {
            columns,
            rows: table_rows,
            total: None,
        }),
        Block::Small(format!(
            "等级：{} 分及以上优秀，{} 分及以上合格，{} 分以下不合格。",
            score_text(bands.excellent_min),
            score_text(bands.pass_min),
            score_text(bands.pass_min)
        )),
        Block::Signatures(vec!["负责人".into(), "日期".into()]),
    ]
}

/// The monthly evaluation pack: summary, then each card on its own page.
pub fn pack_document(
    office: &OfficeSettings,
    month: Period,
    rows: &[MonthRow],
    cards: &[Card],
) -> Document {
    let bands = cards.first().map(|c| c.bands).unwrap_or(Bands::STAFF);
    let mut blocks = summary_blocks(month, rows, bands);
    for c in cards {
        blocks.push(Block::PageBreak);
        blocks.extend(card_blocks(c));
    }
    Document {
        landscape: false,
        header: office.office_name.clone(),
        title: format!("{} 月度考核", month.doc()),
        blocks,
    }
}

/// `print scorecards`: every staff member of the month (a card is made for anyone without
/// one, so the pack has a page per person). Returns (cards, pages).
pub fn print_pack(
    conn: &rusqlite::Connection,
    month: Period,
    out: &std::path::Path,
    now: NaiveDateTime,
) -> Result<(usize, usize)> {
    let rows = crate::db::assessment::month_overview(conn, month)?;
    let mut cards = Vec::with_capacity(rows.len());
    for r in &rows {
        let id = match r.card_id {
            Some(id) => id,
            None => crate::db::assessment::open_card(conn, r.staff_id, month, now)?,
        };
        cards.push(crate::db::assessment::card(conn, id)?);
    }
    let rows = crate::db::assessment::month_overview(conn, month)?;
    let office = crate::db::settings::load_office(conn)?;
    let (bytes, pages) = super::render(&pack_document(&office, month, &rows, &cards), now)?;
    super::write_file(out, &bytes)?;
    Ok((cards.len(), pages))
}

/// The quarterly service-quality report.
pub fn quality_document(
    office: &OfficeSettings,
    quarter: Quarter,
    rows: &[QualityRow],
    rules: &QualityRules,
) -> Document {
    let table_rows = rows
        .iter()
        .map(|r| match (&r.score, &r.input) {
            (Some(s), Some(i)) => vec![
                r.department.clone(),
                score_text(s.self_check_h),
                score_text(s.survey_h),
                score_text(s.complaint_h),
                score_text(i.revisit_deduction_h),
                score_text(s.total_h),
                s.grade.to_string(),
                if s.money_fen > 0 {
                    format!("奖 {}", Money(s.money_fen).grouped())
                } else if s.money_fen < 0 {
                    format!("罚 {}", Money(-s.money_fen).grouped())
                } else {
                    "—".into()
                },
                r.rank.to_string(),
            ],
            _ => vec![
                r.department.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "未录入".into(),
                String::new(),
                String::new(),
            ],
        })
        .collect();
    Document {
        landscape: false,
        header: office.office_name.clone(),
        title: format!("{} 服务质量考核", quarter.doc()),
        blocks: vec![
            Block::Title("季度服务质量考核表".into()),
            Block::Meta(format!(
                "考核季度：{}　　权重：自查 {}%，问卷 {}%，投诉 {}%（管理处自定）",
                quarter.doc(),
                rules.self_check_weight,
                rules.survey_weight,
                rules.complaint_weight
            )),
            Block::Table(Table {
                columns: vec![
                    Column::new("部门", 1.3, Align::Left),
                    Column::new("自查考核", 1.0, Align::Center),
                    Column::new("问卷调查", 1.0, Align::Center),
                    Column::new("客户投诉", 1.0, Align::Center),
                    Column::new("回访扣分", 1.0, Align::Center),
                    Column::new("总分", 0.9, Align::Center),
                    Column::new("等级", 0.9, Align::Center),
                    Column::new("奖罚（元）", 1.3, Align::Right),
                    Column::new("排名", 0.6, Align::Center),
                ],
                rows: table_rows,
                total: None,
            }),
            Block::Small(format!(
                "自查考核 = 月度自查平均分 - 抽查扣分；问卷调查平均 {} 分及以上按 100 分计；客户投诉 = 100 - 每起有效投诉 {} 分；电话回访扣分直接从总分扣除。\n高于 95 分为优秀，奖励（得分 - 95）× {} 元；等于 95 分为合格；低于 95 分为不合格，罚款（95 - 得分）× {} 元，低于 90 分按 90 分计。",
                score_text(rules.survey_full_h),
                rules.per_complaint,
                rules.reward_per_point,
                rules.penalty_per_point
            )),
            Block::Signatures(vec!["质量管理组".into(), "负责人".into(), "日期".into()]),
        ],
    }
}

pub fn print_quality(
    conn: &rusqlite::Connection,
    quarter: Quarter,
    out: &std::path::Path,
    now: NaiveDateTime,
) -> Result<usize> {
    let rules = crate::db::settings::load_quality_rules(conn)?;
    let rows = crate::db::assessment::quality_report(conn, quarter, &rules)?;
    let office = crate::db::settings::load_office(conn)?;
    let (bytes, pages) = super::render(&quality_document(&office, quarter, &rows, &rules), now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}

/// One person's card on its own.
pub fn print_card(
    conn: &rusqlite::Connection,
    card_id: i64,
    out: &std::path::Path,
    now: NaiveDateTime,
) -> Result<usize> {
    let card = crate::db::assessment::card(conn, card_id)?;
    let office = crate::db::settings::load_office(conn)?;
    let doc = Document {
        landscape: false,
        header: office.office_name.clone(),
        title: format!("{} 月度考核评分表 {}", card.month.doc(), card.staff),
        blocks: card_blocks(&card),
    };
    let (bytes, pages) = super::render(&doc, now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}
