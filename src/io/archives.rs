//! The archive's Excel index (`import archives`) and its report (`report archives`): the index
//! read with the same rules as every importer — the header found by its names, every problem
//! named `第 N 行【列】：原因`, nothing written unless every row is right.

use super::frontdesk::{day, take, unit_of};
use super::{Cell, FieldErrors, ImportField, Preview, file_label, parse_sheet, read_table};
use crate::db::archives::{FileDraft, RequestRow};
use crate::domain::archives::{Retention, Secrecy};
use crate::error::Result;
use crate::io::assessment::to_text;
use chrono::NaiveDateTime;
use std::path::Path;

fields!(ArchiveField {
    Number = "档案号" ["档号", "编号", "档案编号"] required yes,
    Kind = "类别" ["档案类别", "类型", "分类"] required yes,
    Title = "题名" ["标题", "名称", "案卷题名", "档案名称"] required yes,
    Building = "楼栋" ["楼号", "栋"],
    Entrance = "单元" [],
    Room = "房号" ["房间号"],
    Staff = "员工" ["员工姓名", "人员"],
    Location = "存放位置" ["位置", "存放地点", "柜号"],
    Secrecy = "密级" ["保密等级"],
    Retention = "保管期限" ["期限", "保存期限"],
    Pages = "页数" ["页", "张数"],
    Formed = "形成日期" ["日期", "形成时间"],
    Notes = "备注" ["说明"],
});

/// A page count: empty is 0; a whole number otherwise.
pub fn pages(text: &str) -> Result<i64, String> {
    let t = crate::domain::text::normalize(text);
    let t = t.trim_end_matches('页');
    if t.is_empty() {
        return Ok(0);
    }
    match t.parse::<f64>() {
        Ok(v) if v >= 0.0 && v.fract() == 0.0 && v < 1e6 => Ok(v as i64),
        _ => Err(format!("“{}”不是页数（应为不小于 0 的整数）", text.trim())),
    }
}

fn read_file_row(cell: &dyn Fn(ArchiveField) -> Cell) -> Result<FileDraft, FieldErrors> {
    use ArchiveField as F;
    let text = |f| cell(f).text();
    let mut errors: FieldErrors = Vec::new();
    let e = &mut errors;
    let number = crate::domain::text::normalize(&cell(F::Number).code());
    if number.is_empty() {
        e.push(("档案号", "档案号为空".into()));
    }
    let kind = crate::domain::text::normalize(&text(F::Kind));
    if kind.is_empty() {
        e.push(("类别", "类别为空".into()));
    }
    let title = text(F::Title).trim().to_string();
    if title.is_empty() {
        e.push(("题名", "题名为空".into()));
    }
    let secrecy = match text(F::Secrecy) {
        t if t.trim().is_empty() => Some(None),
        t => take(
            e,
            "密级",
            Secrecy::parse(&t)
                .map(Some)
                .ok_or_else(|| format!("“{}”不是密级（普通、内部、保密）", t.trim())),
        ),
    };
    let retention = match text(F::Retention) {
        t if t.trim().is_empty() => Some(None),
        t => take(
            e,
            "保管期限",
            Retention::parse(&t)
                .map(Some)
                .ok_or_else(|| format!("“{}”不是保管期限（10年、30年、永久）", t.trim())),
        ),
    };
    let pages = take(e, "页数", pages(&cell(F::Pages).code()));
    let formed = take(e, "形成日期", day(cell(F::Formed)));
    let location = text(F::Location).trim().to_string();
    if !location.is_empty()
        && let Err(m) = crate::domain::archives::parse_location(&location)
    {
        e.push(("存放位置", m));
    }
    let (b, en, r) = (text(F::Building), text(F::Entrance), text(F::Room));
    let unit = unit_of(&b, &en, &r);
    if let Some((b, _, r)) = &unit {
        if b.is_empty() {
            e.push(("楼栋", "写了房号却没有楼栋".into()));
        } else if r.is_empty() {
            e.push(("房号", "写了楼栋却没有房号".into()));
        }
    }
    let staff = crate::domain::text::normalize(&text(F::Staff));
    if unit.is_some() && !staff.is_empty() {
        e.push(("员工", "一份档案只关联一户房屋或一名员工".into()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(FileDraft {
        number,
        kind,
        title,
        unit,
        staff,
        location,
        secrecy: secrecy.flatten(),
        retention: retention.flatten(),
        pages: pages.unwrap_or(0),
        formed_on: formed.flatten(),
        notes: text(F::Notes).trim().to_string(),
    })
}

pub fn preview_files(path: &Path) -> Result<Preview<ArchiveField, FileDraft>> {
    let table = read_table(path)?;
    parse_sheet(
        &table,
        &file_label(path),
        ArchiveField::Number,
        read_file_row,
        |_, _| None,
    )
}

/// `import archives`: the whole index or nothing.
pub fn import_files(
    conn: &rusqlite::Connection,
    path: &Path,
    by: &str,
    now: NaiveDateTime,
) -> Result<super::Imported<usize>> {
    let preview = preview_files(path)?;
    let read = preview.rows.len() + preview.errors.len();
    let done = crate::db::archives::import_files(
        conn,
        &preview.file,
        &preview.rows,
        preview.errors,
        by,
        now,
    )?;
    Ok(super::Imported { rows: read, done })
}

#[derive(Debug, serde::Serialize)]
struct RequestLine {
    #[serde(rename = "编号")]
    id: i64,
    #[serde(rename = "类型")]
    kind: String,
    #[serde(rename = "申请人")]
    requester: String,
    #[serde(rename = "事由")]
    purpose: String,
    #[serde(rename = "档案")]
    files: String,
    #[serde(rename = "申请时间")]
    requested: String,
    #[serde(rename = "审批人")]
    approver: String,
    #[serde(rename = "借出时间")]
    handed: String,
    #[serde(rename = "应还时间")]
    due: String,
    #[serde(rename = "状态")]
    state: String,
    #[serde(rename = "逾期天数")]
    late_days: i64,
}

fn time(t: Option<NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// `report archives`: the requests chosen, with their state as of `now`.
pub fn requests_report(
    which: &str,
    rows: &[RequestRow],
    now: NaiveDateTime,
    json: bool,
) -> Result<String> {
    let lines: Vec<RequestLine> = rows
        .iter()
        .map(|r| RequestLine {
            id: r.id,
            kind: r.kind.as_str().into(),
            requester: r.requester.clone(),
            purpose: r.purpose.clone(),
            files: r.files_text(),
            requested: time(Some(r.requested_at)),
            approver: r.approver.clone(),
            handed: time(r.handed_at),
            due: time(Some(r.due_at)),
            state: r.state_text(now),
            late_days: if r.overdue(now) {
                (now.date() - r.due_at.date()).num_days().max(1)
            } else {
                0
            },
        })
        .collect();
    let json = json.then(|| {
        serde_json::json!({
            "范围": which,
            "截至": now.format("%Y-%m-%d %H:%M").to_string(),
            "条数": lines.len(),
            "明细": lines,
        })
    });
    to_text(
        &lines,
        &[
            "编号",
            "类型",
            "申请人",
            "事由",
            "档案",
            "申请时间",
            "审批人",
            "借出时间",
            "应还时间",
            "状态",
            "逾期天数",
        ],
        json,
    )
}
