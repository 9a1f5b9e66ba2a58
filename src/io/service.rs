//! The front desk's reports (`report visits|complaints|repairs`), as CSV for a spreadsheet or
//! JSON for a script; every text cell defused as every CSV report is.

use crate::db::complaints::ComplaintRow;
use crate::db::repairs::RepairRow;
use crate::db::visits::TargetRow;
use crate::domain::calendar::WorkCalendar;
use crate::domain::complaints::ClockRules;
use crate::domain::period::Period;
use crate::error::Result;
use crate::io::assessment::to_text;
use chrono::NaiveDateTime;

#[derive(Debug, serde::Serialize)]
struct VisitLine {
    #[serde(rename = "姓名")]
    staff: String,
    #[serde(rename = "部门")]
    department: String,
    #[serde(rename = "岗位")]
    position: String,
    #[serde(rename = "走访户数")]
    households: i64,
    #[serde(rename = "主动沟通")]
    contacts: i64,
    #[serde(rename = "记录不完整")]
    incomplete: i64,
    #[serde(rename = "目标")]
    target: i64,
    #[serde(rename = "差额")]
    shortfall: i64,
}

/// `report visits`: per person, households visited, incomplete records, target, shortfall.
pub fn visits_report(month: Period, rows: &[TargetRow], json: bool) -> Result<String> {
    let lines: Vec<VisitLine> = rows
        .iter()
        .map(|t| VisitLine {
            staff: t.staff.clone(),
            department: t.department.clone(),
            position: t.position.clone(),
            households: t.tally.households,
            contacts: t.tally.contacts,
            incomplete: t.tally.incomplete,
            target: t.target,
            shortfall: t.shortfall(),
        })
        .collect();
    let json = json.then(|| {
        serde_json::json!({
            "月份": month.to_string(),
            "未达标": lines.iter().filter(|l| l.shortfall > 0).count(),
            "明细": lines,
        })
    });
    to_text(
        &lines,
        &[
            "姓名",
            "部门",
            "岗位",
            "走访户数",
            "主动沟通",
            "记录不完整",
            "目标",
            "差额",
        ],
        json,
    )
}

#[derive(Debug, serde::Serialize)]
struct ComplaintLine {
    #[serde(rename = "编号")]
    id: i64,
    #[serde(rename = "受理时间")]
    received: String,
    #[serde(rename = "渠道")]
    channel: String,
    #[serde(rename = "房屋")]
    unit: String,
    #[serde(rename = "投诉人")]
    complainant: String,
    #[serde(rename = "内容")]
    content: String,
    #[serde(rename = "责任部门")]
    department: String,
    #[serde(rename = "处理人")]
    handler: String,
    #[serde(rename = "是否有效")]
    valid: String,
    #[serde(rename = "责任人")]
    fault: String,
    #[serde(rename = "首次回复")]
    first_reply: String,
    #[serde(rename = "办结")]
    resolve: String,
    #[serde(rename = "回访")]
    revisit: String,
    #[serde(rename = "回访结果")]
    result: String,
    #[serde(rename = "处理单缺项")]
    missing: String,
}

/// `report complaints`: each complaint of the month with each clock's state as of `now`.
pub fn complaints_report(
    month: Period,
    rows: &[ComplaintRow],
    rules: &ClockRules,
    cal: &WorkCalendar,
    now: NaiveDateTime,
    json: bool,
) -> Result<String> {
    let lines: Vec<ComplaintLine> = rows
        .iter()
        .map(|c| {
            let clocks = c.clocks(rules, cal, now);
            ComplaintLine {
                id: c.id,
                received: c.times.received.format("%Y-%m-%d %H:%M").to_string(),
                channel: c.channel.as_str().into(),
                unit: c.unit.clone(),
                complainant: c.complainant.clone(),
                content: c.content.clone(),
                department: c.department.clone(),
                handler: c.handler.clone(),
                valid: match c.valid {
                    Some(true) => "有效",
                    Some(false) => "无效",
                    None => "待认定",
                }
                .into(),
                fault: c.fault_staff.clone(),
                first_reply: clocks[0].1.text(),
                resolve: clocks[1].1.text(),
                revisit: clocks[2].1.text(),
                result: c
                    .revisit_result
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                missing: c.missing().join("、"),
            }
        })
        .collect();
    let json = json.then(|| {
        serde_json::json!({
            "月份": month.to_string(),
            "截至": now.format("%Y-%m-%d %H:%M").to_string(),
            "件数": lines.len(),
            "有效投诉": rows.iter().filter(|c| c.valid == Some(true)).count(),
            "明细": lines,
        })
    });
    to_text(
        &lines,
        &[
            "编号",
            "受理时间",
            "渠道",
            "房屋",
            "投诉人",
            "内容",
            "责任部门",
            "处理人",
            "是否有效",
            "责任人",
            "首次回复",
            "办结",
            "回访",
            "回访结果",
            "处理单缺项",
        ],
        json,
    )
}

#[derive(Debug, serde::Serialize)]
struct RepairLine {
    #[serde(rename = "单号")]
    id: i64,
    #[serde(rename = "报修时间")]
    reported: String,
    #[serde(rename = "房屋")]
    unit: String,
    #[serde(rename = "报修人")]
    caller: String,
    #[serde(rename = "内容")]
    content: String,
    #[serde(rename = "类别")]
    category: String,
    #[serde(rename = "有偿")]
    paid: String,
    #[serde(rename = "预约时间")]
    appointment: String,
    #[serde(rename = "维修人")]
    technician: String,
    #[serde(rename = "状态")]
    state: String,
    #[serde(rename = "完成时间")]
    completed: String,
    #[serde(rename = "及时")]
    on_time: String,
    #[serde(rename = "费用")]
    charge: String,
    #[serde(rename = "满意度")]
    satisfaction: String,
}

/// `report repairs`: each call of the month, its state, timeliness and revisit.
pub fn repairs_report(month: Period, rows: &[RepairRow], json: bool) -> Result<String> {
    let t = |v: Option<NaiveDateTime>| {
        v.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    let lines: Vec<RepairLine> = rows
        .iter()
        .map(|r| RepairLine {
            id: r.id,
            reported: t(Some(r.reported)),
            unit: r.unit.clone(),
            caller: r.caller.clone(),
            content: r.content.clone(),
            category: r.category.as_str().into(),
            paid: if r.paid { "有偿" } else { "无偿" }.into(),
            appointment: t(r.appointment),
            technician: r.technician.clone().unwrap_or_default(),
            state: r.state.as_str().into(),
            completed: t(r.completed),
            on_time: match r.on_time() {
                Some(true) => "及时",
                Some(false) => "超时",
                None => "",
            }
            .into(),
            charge: crate::domain::money::Money(r.charge_fen).to_string(),
            satisfaction: r
                .satisfaction
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
        })
        .collect();
    let completed: Vec<&RepairRow> = rows.iter().filter(|r| r.completed.is_some()).collect();
    let json = json.then(|| {
        serde_json::json!({
            "月份": month.to_string(),
            "件数": lines.len(),
            "已完成": completed.len(),
            "及时": completed.iter().filter(|r| r.on_time() == Some(true)).count(),
            "已回访": rows.iter().filter(|r| r.revisited.is_some()).count(),
            "明细": lines,
        })
    });
    to_text(
        &lines,
        &[
            "单号",
            "报修时间",
            "房屋",
            "报修人",
            "内容",
            "类别",
            "有偿",
            "预约时间",
            "维修人",
            "状态",
            "完成时间",
            "及时",
            "费用",
            "满意度",
        ],
        json,
    )
}
