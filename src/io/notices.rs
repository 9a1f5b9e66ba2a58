//! `report notices`: the year's register of issued notices, as CSV or JSON.

use crate::db::notices::NoticeRow;
use crate::error::Result;

#[derive(Debug, serde::Serialize)]
struct NoticeLine {
    #[serde(rename = "文号")]
    number: String,
    #[serde(rename = "发文日期")]
    issued_on: String,
    #[serde(rename = "模板")]
    template: String,
    #[serde(rename = "标题")]
    title: String,
    #[serde(rename = "范围")]
    targets: String,
    #[serde(rename = "份数")]
    copies: usize,
    #[serde(rename = "内容")]
    fields: String,
    #[serde(rename = "经办")]
    issued_by: String,
    #[serde(rename = "登记时间")]
    created_at: String,
}

/// Oldest number first, as the paper register runs.
pub fn notices_report(year: i32, rows: &[NoticeRow], estate: &str, json: bool) -> Result<String> {
    let mut lines: Vec<NoticeLine> = rows
        .iter()
        .map(|r| NoticeLine {
            number: r.number.clone(),
            issued_on: crate::domain::date::iso(r.issued_on),
            template: r.template_name.clone(),
            title: r.title_text(),
            targets: r.targets_text(estate),
            copies: if r.per_entrance { r.copies.len() } else { 1 },
            fields: r
                .fields
                .iter()
                .filter(|f| !f.input.is_empty())
                .map(|f| format!("{}：{}", f.name, f.text))
                .collect::<Vec<_>>()
                .join("；"),
            issued_by: r.issued_by.clone(),
            created_at: r.created_at.clone(),
        })
        .collect();
    lines.reverse();
    let json = json.then(|| {
        serde_json::json!({
            "年度": year,
            "件数": lines.len(),
            "明细": lines,
        })
    });
    crate::io::assessment::to_text(
        &lines,
        &[
            "文号",
            "发文日期",
            "模板",
            "标题",
            "范围",
            "份数",
            "内容",
            "经办",
            "登记时间",
        ],
        json,
    )
}
