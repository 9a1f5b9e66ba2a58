//! Assessment files: `import deductions` (月份, 姓名, 考核项目, 次数, 日期, 说明) and the
//! `report scores` / `report quality` outputs in CSV or JSON.

use super::charging::period_cell;
use super::{Cell, FieldErrors, ImportField, file_label, parse_sheet, read_table};
use crate::db::assessment::{DeductionImport, MonthRow, QualityRow};
use crate::domain::assessment::score_text;
use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use rusqlite::Connection;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeductionField {
    Month,
    Name,
    Item,
    Times,
    Dates,
    Notes,
}

impl ImportField for DeductionField {
    const ALL: &'static [DeductionField] = &[
        DeductionField::Month,
        DeductionField::Name,
        DeductionField::Item,
        DeductionField::Times,
        DeductionField::Dates,
        DeductionField::Notes,
    ];

    fn label(self) -> &'static str {
        match self {
            DeductionField::Month => "月份",
            DeductionField::Name => "姓名",
            DeductionField::Item => "考核项目",
            DeductionField::Times => "次数",
            DeductionField::Dates => "日期",
            DeductionField::Notes => "说明",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            DeductionField::Month => &["月份", "考核月份", "所属月份", "期间"],
            DeductionField::Name => &["姓名", "员工", "被考核人", "员工姓名"],
            DeductionField::Item => &["考核项目", "项目", "扣分项目", "考核内容"],
            DeductionField::Times => &["次数", "扣分次数", "发生次数"],
            DeductionField::Dates => &["日期", "发生日期", "时间"],
            DeductionField::Notes => &["说明", "证据", "情况说明", "备注"],
        }
    }

    fn required(self) -> bool {
        matches!(
            self,
            DeductionField::Month | DeductionField::Name | DeductionField::Item
        )
    }
}

fn read_deduction(cell: &dyn Fn(DeductionField) -> Cell) -> Result<DeductionImport, FieldErrors> {
    let mut errors: FieldErrors = Vec::new();
    let t = |f| cell(f).code();
    let month = period_cell(cell(DeductionField::Month)).unwrap_or_else(|e| {
        errors.push(("月份", e));
        Period {
            year: 2000,
            month: 1,
        }
    });
    let times_text = t(DeductionField::Times);
    let times = if times_text.is_empty() {
        1
    } else {
        match crate::domain::text::normalize(&times_text)
            .trim_end_matches('次')
            .trim()
            .parse::<i64>()
        {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                errors.push(("次数", format!("“{times_text}”应为 1–100 的整数")));
                1
            }
        }
    };
    if t(DeductionField::Name).is_empty() {
        errors.push(("姓名", "姓名为空".into()));
    }
    if t(DeductionField::Item).is_empty() {
        errors.push(("考核项目", "考核项目为空".into()));
    }
    let month_ok = !errors.iter().any(|(f, _)| *f == "月份");
    let dates = match cell(DeductionField::Dates) {
        c @ (Cell::Date(_) | Cell::Number(_)) => super::date_cell(c),
        c => Ok(c.text()),
    }
    .and_then(|text| {
        if month_ok {
            crate::domain::assessment::parse_deduction_dates(&text, month)
        } else {
            Ok(text)
        }
    })
    .unwrap_or_else(|e| {
        errors.push(("日期", e));
        String::new()
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(DeductionImport {
        line: 0,
        month,
        staff: t(DeductionField::Name),
        item: t(DeductionField::Item),
        times,
        dates,
        evidence: cell(DeductionField::Notes).text(),
    })
}

/// `import deductions`: all or nothing. Returns how many deductions.
pub fn import_deductions_file(
    conn: &Connection,
    path: &Path,
    by: &str,
    now: NaiveDateTime,
) -> Result<super::Imported<usize>> {
    let table = read_table(path)?;
    let file = file_label(path);
    let preview = parse_sheet(
        &table,
        &file,
        DeductionField::Name,
        read_deduction,
        |_: &DeductionImport, _| None,
    )?;
    let rows: Vec<DeductionImport> = preview
        .into_rows()?
        .into_iter()
        .map(|(line, mut r)| {
            r.line = line;
            r
        })
        .collect();
    let done = crate::db::assessment::import_deductions(conn, &rows, by, now)
        .map_err(|e| Error::invalid(format!("{file}：{e}")))?;
    Ok(super::Imported {
        rows: rows.len(),
        done,
    })
}

#[derive(Debug, serde::Serialize)]
struct ScoreLine {
    #[serde(rename = "排名")]
    rank: usize,
    #[serde(rename = "姓名")]
    staff: String,
    #[serde(rename = "部门")]
    department: String,
    #[serde(rename = "岗位")]
    position: String,
    #[serde(rename = "得分")]
    total: i64,
    #[serde(rename = "等级")]
    grade: &'static str,
    #[serde(rename = "扣分条数")]
    deductions: i64,
    #[serde(rename = "状态")]
    state: String,
}

pub(crate) fn to_text<T: serde::Serialize>(
    lines: &[T],
    header: &[&str],
    json: Option<serde_json::Value>,
) -> Result<String> {
    if let Some(v) = json {
        return serde_json::to_string_pretty(&v).map_err(|e| Error::invalid(e.to_string()));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    if lines.is_empty() {
        w.write_record(header)
            .map_err(|e| Error::invalid(e.to_string()))?;
    }
    for l in lines {
        w.serialize(l).map_err(|e| Error::invalid(e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| Error::invalid(e.to_string()))?;
    crate::io::defused_csv(&bytes)
}

/// `report scores`: every member of staff of the month, ranked.
pub fn scores_report(month: Period, rows: &[MonthRow], json: bool) -> Result<String> {
    let mut lines: Vec<ScoreLine> = rows
        .iter()
        .map(|r| ScoreLine {
            rank: r.rank,
            staff: r.staff.clone(),
            department: r.department.clone(),
            position: r.position.clone(),
            total: r.total,
            grade: r.grade,
            deductions: r.deductions,
            state: r
                .state
                .map(|s| s.as_str().to_string())
                .unwrap_or_else(|| "未建".into()),
        })
        .collect();
    lines.sort_by_key(|l| l.rank);
    let json = json.then(|| {
        serde_json::json!({
            "月份": month.to_string(),
            "人数": rows.len(),
            "未提交": crate::db::assessment::unfiled(rows),
            "明细": lines,
        })
    });
    to_text(
        &lines,
        &[
            "排名",
            "姓名",
            "部门",
            "岗位",
            "得分",
            "等级",
            "扣分条数",
            "状态",
        ],
        json,
    )
}

#[derive(Debug, serde::Serialize)]
struct QualityLine {
    #[serde(rename = "部门")]
    department: String,
    #[serde(rename = "排名")]
    rank: String,
    #[serde(rename = "自查考核")]
    self_check: String,
    #[serde(rename = "问卷调查")]
    survey: String,
    #[serde(rename = "客户投诉")]
    complaint: String,
    #[serde(rename = "电话回访扣分")]
    revisit: String,
    #[serde(rename = "总分")]
    total: String,
    #[serde(rename = "等级")]
    grade: String,
    #[serde(rename = "奖罚（元）")]
    money: String,
}

/// `report quality`: each department's quarterly score, grade and money.
pub fn quality_report(
    quarter: crate::domain::assessment::Quarter,
    rows: &[QualityRow],
    rules: &crate::domain::assessment::QualityRules,
    json: bool,
) -> Result<String> {
    let lines: Vec<QualityLine> = rows
        .iter()
        .map(|r| match (&r.score, &r.input) {
            (Some(s), Some(i)) => QualityLine {
                department: r.department.clone(),
                rank: r.rank.to_string(),
                self_check: score_text(s.self_check_h),
                survey: score_text(s.survey_h),
                complaint: score_text(s.complaint_h),
                revisit: score_text(i.revisit_deduction_h),
                total: score_text(s.total_h),
                grade: s.grade.to_string(),
                money: Money(s.money_fen).to_string(),
            },
            _ => QualityLine {
                department: r.department.clone(),
                rank: String::new(),
                self_check: String::new(),
                survey: String::new(),
                complaint: String::new(),
                revisit: String::new(),
                total: String::new(),
                grade: "未录入".into(),
                money: String::new(),
            },
        })
        .collect();
    let json = json.then(|| {
        serde_json::json!({
            "季度": quarter.to_string(),
            "权重": format!(
                "自查 {}% / 问卷 {}% / 投诉 {}%（管理处自定）",
                rules.self_check_weight, rules.survey_weight, rules.complaint_weight
            ),
            "明细": lines,
        })
    });
    to_text(
        &lines,
        &[
            "部门",
            "排名",
            "自查考核",
            "问卷调查",
            "客户投诉",
            "电话回访扣分",
            "总分",
            "等级",
            "奖罚（元）",
        ],
        json,
    )
}
