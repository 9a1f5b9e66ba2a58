//! Importing the front desk's existing Excel books — visits, complaints, repairs — and the
//! working-day calendar, with the same rules as every importer: the header found by its names
//! (with the usual aliases), every problem named `第 N 行【列】：原因`, and nothing written
//! unless every row is right.

use super::{Cell, FieldErrors, ImportField, Preview, file_label, parse_sheet, read_table};
use crate::domain::calendar::DayKind;
use crate::domain::complaints::{Channel, Satisfaction};
use crate::domain::date::{parse_date, parse_datetime};
use crate::domain::estate::{building_name, entrance_name};
use crate::domain::repairs::RepairCategory;
use crate::domain::text::parse_yes_no;
use crate::error::Result;
use chrono::{NaiveDate, NaiveDateTime};
use std::path::Path;

/// A unit as a row names it: (楼栋, 单元, 房号), or None when the row names none.
pub type UnitRef = Option<(String, String, String)>;

pub(crate) fn unit_of(b: &str, e: &str, r: &str) -> UnitRef {
    let (b, e, r) = (
        building_name(b),
        entrance_name(e),
        crate::domain::text::normalize(r),
    );
    (!b.is_empty() || !r.is_empty()).then_some((b, e, r))
}

/// A cell read as a moment (Excel date-time cells too).
fn moment(cell: Cell) -> Result<Option<NaiveDateTime>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) | Cell::Date(n) => parse_datetime(&format!("{n:.6}")).map(Some),
        c if c.text().trim().is_empty() => Ok(None),
        c => parse_datetime(&c.text()).map(Some),
    }
}

pub(crate) fn day(cell: Cell) -> Result<Option<NaiveDate>, String> {
    match super::date_cell(cell)? {
        t if t.trim().is_empty() => Ok(None),
        t => parse_date(&t).map(Some),
    }
}

fields!(VisitField {
    Date = "日期" ["走访日期", "走访时间", "时间"] required yes,
    Building = "楼栋" ["楼号", "栋"],
    Entrance = "单元" [],
    Room = "房号" ["房间号"] required yes,
    Staff = "走访人" ["走访人员", "客服", "经办人"] required yes,
    Kind = "类型" ["走访类型", "类别"],
    Content = "内容" ["走访内容", "情况"],
    Opinion = "业主意见" ["意见", "意见建议"],
    Satisfaction = "满意度" ["满意程度", "评价"],
    FollowUp = "需跟进" ["跟进", "是否跟进"],
    FollowUpDone = "跟进完成日期" ["跟进日期", "跟进完成"],
    Signed = "业主签字" ["签字", "是否签字"],
    Photos = "照片" ["照片文件", "图片"],
});

/// A visit row as read: the unit and staff member by name, resolved when written.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitDraft {
    pub at: NaiveDateTime,
    pub unit: UnitRef,
    pub staff: String,
    pub kind: String,
    pub content: String,
    pub opinion: String,
    pub satisfaction: Option<Satisfaction>,
    pub follow_up: bool,
    pub follow_up_done_on: Option<NaiveDate>,
    pub signed: bool,
    pub photos: Vec<String>,
}

fn satisfaction(text: &str) -> Result<Option<Satisfaction>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Satisfaction::parse(text)
        .map(Some)
        .ok_or_else(|| format!("“{text}”不是满意度（满意、基本满意、不满意）"))
}

fn yes_no(text: &str) -> Result<bool, String> {
    parse_yes_no(text)
}

/// A field's value, or its error noted and None.
pub(crate) fn take<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    r: Result<T, String>,
) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push((field, e));
            None
        }
    }
}

fn read_visit(cell: &dyn Fn(VisitField) -> Cell) -> Result<VisitDraft, FieldErrors> {
    use VisitField as F;
    let text = |f| cell(f).text();
    let mut errors: FieldErrors = Vec::new();
    let e = &mut errors;
    let at = take(
        e,
        "日期",
        moment(cell(F::Date)).and_then(|t| t.ok_or_else(|| "日期为空".to_string())),
    );
    let satisfaction = take(e, "满意度", satisfaction(&text(F::Satisfaction)));
    let follow_up = take(e, "需跟进", yes_no(&text(F::FollowUp)));
    let done = take(e, "跟进完成日期", day(cell(F::FollowUpDone)));
    let signed = take(e, "业主签字", yes_no(&text(F::Signed)));
    let staff = text(F::Staff);
    if staff.trim().is_empty() {
        errors.push(("走访人", "走访人为空".into()));
    }
    let unit = unit_of(&text(F::Building), &text(F::Entrance), &text(F::Room));
    if unit.is_none() {
        errors.push(("房号", "房号为空".into()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let kind = match text(F::Kind) {
        k if k.trim().is_empty() => "日常走访".to_string(),
        k => k.trim().to_string(),
    };
    let done = done.flatten();
    Ok(VisitDraft {
        at: at.unwrap_or_default(),
        unit,
        staff: staff.trim().to_string(),
        kind,
        content: text(F::Content),
        opinion: text(F::Opinion),
        satisfaction: satisfaction.flatten(),
        follow_up: follow_up.unwrap_or(false) || done.is_some(),
        follow_up_done_on: done,
        signed: signed.unwrap_or(false),
        photos: text(F::Photos)
            .split(['；', ';', '、', ','])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

pub fn preview_visits(path: &Path) -> Result<Preview<VisitField, VisitDraft>> {
    let table = read_table(path)?;
    parse_sheet(
        &table,
        &file_label(path),
        VisitField::Room,
        read_visit,
        |_, _| None,
    )
}

fields!(ComplaintField {
    Received = "受理时间" ["投诉时间", "时间", "日期"] required yes,
    Channel = "渠道" ["投诉渠道", "方式", "来源"],
    Building = "楼栋" ["楼号", "栋"],
    Entrance = "单元" [],
    Room = "房号" ["房间号"],
    Complainant = "投诉人" ["业主", "姓名"],
    Phone = "电话" ["联系电话", "手机"],
    Content = "内容" ["投诉内容", "事由"] required yes,
    Department = "责任部门" ["部门"],
    Handler = "处理人" ["经办人", "受理人"],
    Valid = "是否有效" ["有效", "有效投诉"],
    Fault = "责任人" ["过失人"],
    FirstReply = "首次回复时间" ["回复时间", "首次回复"],
    Resolved = "办结时间" ["完成时间", "处理完成时间"],
    Agreed = "约定完成时间" ["约定时间"],
    Revisit = "回访时间" ["回访日期"],
    RevisitResult = "回访结果" ["回访意见", "满意度"],
});

/// A complaint row as read, names resolved when written.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintDraft {
    pub received: NaiveDateTime,
    pub channel: Channel,
    pub unit: UnitRef,
    pub complainant: String,
    pub phone: String,
    pub content: String,
    pub department: String,
    pub handler: String,
    pub valid: Option<bool>,
    pub fault: String,
    pub first_reply: Option<NaiveDateTime>,
    pub resolved: Option<NaiveDateTime>,
    pub agreed: Option<NaiveDateTime>,
    pub revisit: Option<NaiveDateTime>,
    pub revisit_result: Option<Satisfaction>,
}

fn read_complaint(cell: &dyn Fn(ComplaintField) -> Cell) -> Result<ComplaintDraft, FieldErrors> {
    use ComplaintField as F;
    let text = |f| cell(f).text();
    let mut errors: FieldErrors = Vec::new();
    let e = &mut errors;
    let received = take(e, "受理时间", moment(cell(F::Received))).flatten();
    let first_reply = take(e, "首次回复时间", moment(cell(F::FirstReply))).flatten();
    let resolved = take(e, "办结时间", moment(cell(F::Resolved))).flatten();
    let agreed = take(e, "约定完成时间", moment(cell(F::Agreed))).flatten();
    let revisit = take(e, "回访时间", moment(cell(F::Revisit))).flatten();
    let channel = match text(F::Channel) {
        c if c.trim().is_empty() => Channel::Phone,
        c => Channel::parse(&c).unwrap_or_else(|| {
            errors.push(("渠道", format!("“{c}”不是渠道（电话、来访、线上、其他）")));
            Channel::Other
        }),
    };
    let valid = match text(F::Valid) {
        v if v.trim().is_empty() => None,
        v => match parse_yes_no(&v) {
            Ok(b) => Some(b),
            Err(e) => {
                errors.push(("是否有效", e));
                None
            }
        },
    };
    let revisit_result = match satisfaction(&text(F::RevisitResult)) {
        Ok(s) => s,
        Err(e) => {
            errors.push(("回访结果", e));
            None
        }
    };
    let content = text(F::Content);
    if content.trim().is_empty() {
        errors.push(("内容", "投诉内容为空".into()));
    }
    let fault = text(F::Fault);
    let Some(received) = received else {
        if !errors.iter().any(|e| e.0 == "受理时间") {
            errors.push(("受理时间", "受理时间为空".into()));
        }
        return Err(errors);
    };
    for (field, t) in [
        ("首次回复时间", first_reply),
        ("办结时间", resolved),
        ("回访时间", revisit),
    ] {
        if t.is_some_and(|t| t < received) {
            errors.push((field, "早于受理时间".into()));
        }
    }
    if revisit.is_some() && resolved.is_none() {
        errors.push(("回访时间", "没有办结时间却有回访".into()));
    }
    if let (Some(v), Some(r)) = (revisit, resolved)
        && v < r
    {
        errors.push(("回访时间", "早于办结时间".into()));
    }
    if !fault.trim().is_empty() && valid != Some(true) {
        errors.push(("责任人", "只有有效投诉才有责任人".into()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ComplaintDraft {
        received,
        channel,
        unit: unit_of(&text(F::Building), &text(F::Entrance), &text(F::Room)),
        complainant: text(F::Complainant),
        phone: text(F::Phone),
        content,
        department: text(F::Department),
        handler: text(F::Handler),
        valid,
        fault: fault.trim().to_string(),
        first_reply,
        resolved,
        agreed,
        revisit,
        revisit_result,
    })
}

pub fn preview_complaints(path: &Path) -> Result<Preview<ComplaintField, ComplaintDraft>> {
    let table = read_table(path)?;
    parse_sheet(
        &table,
        &file_label(path),
        ComplaintField::Content,
        read_complaint,
        |_, _| None,
    )
}

fields!(RepairField {
    Reported = "报修时间" ["时间", "日期"] required yes,
    Building = "楼栋" ["楼号", "栋"],
    Entrance = "单元" [],
    Room = "房号" ["房间号", "部位"],
    Caller = "报修人" ["业主", "姓名"],
    Phone = "电话" ["联系电话", "手机"],
    Content = "内容" ["报修内容", "故障"] required yes,
    Category = "类别" ["报修类别", "类型"],
    Paid = "有偿" ["是否有偿", "收费"],
    Appointment = "预约时间" ["预约"],
    Technician = "维修人" ["维修人员", "维修工"],
    Completed = "完成时间" ["完工时间"],
    Result = "结果" ["维修结果", "处理结果"],
    Charge = "费用" ["维修费", "金额"],
    Revisit = "回访时间" ["回访日期"],
    Satisfaction = "满意度" ["回访结果", "评价"],
});

/// A repair row as read, the technician resolved when written.
#[derive(Debug, Clone, PartialEq)]
pub struct RepairDraft {
    pub reported: NaiveDateTime,
    pub unit: UnitRef,
    pub caller: String,
    pub phone: String,
    pub content: String,
    pub category: RepairCategory,
    pub paid: bool,
    pub appointment: Option<NaiveDateTime>,
    pub technician: String,
    pub completed: Option<NaiveDateTime>,
    pub result: String,
    pub charge_fen: i64,
    pub revisit: Option<NaiveDateTime>,
    pub satisfaction: Option<Satisfaction>,
}

fn read_repair(cell: &dyn Fn(RepairField) -> Cell) -> Result<RepairDraft, FieldErrors> {
    use RepairField as F;
    let text = |f| cell(f).text();
    let mut errors: FieldErrors = Vec::new();
    let e = &mut errors;
    let reported = take(e, "报修时间", moment(cell(F::Reported))).flatten();
    let appointment = take(e, "预约时间", moment(cell(F::Appointment))).flatten();
    let completed = take(e, "完成时间", moment(cell(F::Completed))).flatten();
    let revisit = take(e, "回访时间", moment(cell(F::Revisit))).flatten();
    let category = match text(F::Category) {
        c if c.trim().is_empty() => RepairCategory::Other,
        c => RepairCategory::parse(&c).unwrap_or_else(|| {
            errors.push((
                "类别",
                format!("“{c}”不是类别（水、电、门窗、公共设施、其他）"),
            ));
            RepairCategory::Other
        }),
    };
    let paid = parse_yes_no(&text(F::Paid)).unwrap_or_else(|e| {
        errors.push(("有偿", e));
        false
    });
    let charge_fen = match text(F::Charge) {
        c if c.trim().is_empty() => 0,
        c => crate::domain::money::Money::parse(&c)
            .map(|m| m.fen())
            .unwrap_or_else(|e| {
                errors.push(("费用", e));
                0
            }),
    };
    if charge_fen < 0 {
        errors.push(("费用", "费用不能为负".into()));
    }
    if charge_fen > 0 && !paid {
        errors.push(("费用", "无偿维修不收费（有偿一栏写“是”）".into()));
    }
    let satisfaction = match satisfaction(&text(F::Satisfaction)) {
        Ok(s) => s,
        Err(e) => {
            errors.push(("满意度", e));
            None
        }
    };
    let content = text(F::Content);
    if content.trim().is_empty() {
        errors.push(("内容", "报修内容为空".into()));
    }
    let technician = text(F::Technician).trim().to_string();
    let Some(reported) = reported else {
        if !errors.iter().any(|e| e.0 == "报修时间") {
            errors.push(("报修时间", "报修时间为空".into()));
        }
        return Err(errors);
    };
    if completed.is_some_and(|c| c < reported) {
        errors.push(("完成时间", "早于报修时间".into()));
    }
    if completed.is_some() && technician.is_empty() {
        errors.push(("维修人", "已完成的报修要写维修人".into()));
    }
    if revisit.is_some() && completed.is_none() {
        errors.push(("回访时间", "没有完成时间却有回访".into()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(RepairDraft {
        reported,
        unit: unit_of(&text(F::Building), &text(F::Entrance), &text(F::Room)),
        caller: text(F::Caller),
        phone: text(F::Phone),
        content,
        category,
        paid,
        appointment,
        technician,
        completed,
        result: text(F::Result),
        charge_fen,
        revisit,
        satisfaction,
    })
}

pub fn preview_repairs(path: &Path) -> Result<Preview<RepairField, RepairDraft>> {
    let table = read_table(path)?;
    parse_sheet(
        &table,
        &file_label(path),
        RepairField::Content,
        read_repair,
        |_, _| None,
    )
}

fields!(CalendarField {
    Date = "日期" ["日子"] required yes,
    Kind = "类型" ["类别", "说明"] required yes,
});

fn read_day(cell: &dyn Fn(CalendarField) -> Cell) -> Result<(NaiveDate, DayKind), FieldErrors> {
    let mut errors: FieldErrors = Vec::new();
    let date = match day(cell(CalendarField::Date)) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.push(("日期", "日期为空".into()));
            None
        }
        Err(e) => {
            errors.push(("日期", e));
            None
        }
    };
    let kind_text = cell(CalendarField::Kind).text();
    let kind = DayKind::parse(&kind_text);
    if kind.is_none() {
        errors.push(("类型", format!("“{kind_text}”不是类型（节假日、调休上班）")));
    }
    match (date, kind) {
        (Some(d), Some(k)) if errors.is_empty() => Ok((d, k)),
        _ => Err(errors),
    }
}

pub fn preview_calendar(path: &Path) -> Result<Preview<CalendarField, (NaiveDate, DayKind)>> {
    let table = read_table(path)?;
    let mut seen = std::collections::HashMap::new();
    parse_sheet(
        &table,
        &file_label(path),
        CalendarField::Date,
        read_day,
        |(d, _), line| {
            seen.insert(*d, line)
                .map(|first| ("日期", format!("与第 {first} 行是同一天")))
        },
    )
}

/// `import calendar`: all or nothing; a day already in the calendar takes its new kind.
pub fn import_calendar(conn: &rusqlite::Connection, path: &Path) -> Result<super::Imported<usize>> {
    let rows = preview_calendar(path)?.into_rows()?;
    let days: Vec<(NaiveDate, DayKind)> = rows.iter().map(|(_, d)| *d).collect();
    crate::db::complaints::set_calendar_days(conn, &days)?;
    Ok(super::Imported {
        rows: rows.len(),
        done: days.len(),
    })
}

/// One book's import: the sheet read, then every row checked against the records and written
/// by `write` in one transaction — the sheet's own errors handed to it, so that every problem
/// of the file is named at once and nothing is written unless there are none.
fn import_book<F: ImportField, T>(
    preview: Preview<F, T>,
    write: impl FnOnce(&str, &[(usize, T)], Vec<super::RowError>) -> Result<usize>,
) -> Result<super::Imported<usize>> {
    let read = preview.rows.len() + preview.errors.len();
    let done = write(&preview.file, &preview.rows, preview.errors)?;
    Ok(super::Imported { rows: read, done })
}

pub fn import_visits(
    conn: &rusqlite::Connection,
    path: &Path,
    now: NaiveDateTime,
) -> Result<super::Imported<usize>> {
    import_book(preview_visits(path)?, |file, rows, prior| {
        crate::db::visits::import_visits(conn, file, rows, prior, now)
    })
}

pub fn import_complaints(
    conn: &rusqlite::Connection,
    path: &Path,
    now: NaiveDateTime,
) -> Result<super::Imported<usize>> {
    import_book(preview_complaints(path)?, |file, rows, prior| {
        crate::db::complaints::import_complaints(conn, file, rows, prior, now)
    })
}

pub fn import_repairs(
    conn: &rusqlite::Connection,
    path: &Path,
    now: NaiveDateTime,
) -> Result<super::Imported<usize>> {
    import_book(preview_repairs(path)?, |file, rows, prior| {
        crate::db::repairs::import_repairs(conn, file, rows, prior, now)
    })
}

/// Writes a one-sheet workbook of text cells (phones and numbers keep every digit), the header
/// bold and frozen. Written atomically.
pub(crate) fn write_sheet(
    path: &Path,
    name: &str,
    header: &[&str],
    rows: &[Vec<String>],
) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| {
        crate::error::Error::invalid(format!("生成 Excel 文件失败：{e}"))
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(name).map_err(err)?;
    let bold = Format::new().set_bold().set_background_color("#D9E1F2");
    let text = Format::new().set_num_format("@");
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
        let width = if h.contains("内容") || h.contains("意见") || h.contains("结果") {
            30.0
        } else if h.contains("时间") || h.contains("日期") {
            17.0
        } else {
            11.0
        };
        ws.set_column_width(c as u16, width).map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            // Written as a string cell, which Excel shows and never runs as a formula.
            ws.write_string_with_format((r + 1) as u32, c as u16, v, &text)
                .map_err(err)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    let bytes = wb.save_to_buffer().map_err(err)?;
    crate::pdf::write_file(path, &bytes)
}

fn time_text(t: Option<NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The unit's 楼栋/单元/房号 from its label, as the importers read them back.
fn unit_cells(label: &str) -> [String; 3] {
    let (b, rest) = match label.find('楼') {
        Some(i) => label.split_at(i + '楼'.len_utf8()),
        None => ("", label),
    };
    let (e, r) = match rest.find("单元") {
        Some(i) => rest.split_at(i + "单元".len()),
        None => ("", rest),
    };
    [b.to_string(), e.to_string(), r.to_string()]
}

/// The month's visits with the import's columns: what is exported imports again.
pub fn export_visits(rows: &[crate::db::visits::VisitRow], path: &Path) -> Result<()> {
    let header: Vec<&str> = VisitField::ALL.iter().map(|f| f.label()).collect();
    let lines: Vec<Vec<String>> = rows
        .iter()
        .map(|v| {
            let [b, e, r] = unit_cells(&v.unit);
            vec![
                v.at.format("%Y-%m-%d %H:%M").to_string(),
                b,
                e,
                r,
                v.staff.clone(),
                v.kind.clone(),
                v.content.clone(),
                v.opinion.clone(),
                v.satisfaction
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                if v.follow_up { "是" } else { "否" }.into(),
                v.follow_up_done_on
                    .map(crate::domain::date::iso)
                    .unwrap_or_default(),
                if v.signed { "是" } else { "否" }.into(),
                v.photos.join("；"),
            ]
        })
        .collect();
    write_sheet(path, "走访登记", &header, &lines)
}

pub fn export_complaints(rows: &[crate::db::complaints::ComplaintRow], path: &Path) -> Result<()> {
    let header: Vec<&str> = ComplaintField::ALL.iter().map(|f| f.label()).collect();
    let lines: Vec<Vec<String>> = rows
        .iter()
        .map(|c| {
            let [b, e, r] = unit_cells(&c.unit);
            vec![
                time_text(Some(c.times.received)),
                c.channel.as_str().into(),
                b,
                e,
                r,
                c.complainant.clone(),
                c.phone.clone(),
                c.content.clone(),
                c.department.clone(),
                c.handler.clone(),
                match c.valid {
                    Some(true) => "是",
                    Some(false) => "否",
                    None => "",
                }
                .into(),
                c.fault_staff.clone(),
                time_text(c.times.first_reply),
                time_text(c.times.resolved),
                time_text(c.times.agreed),
                time_text(c.times.revisited),
                c.revisit_result
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    write_sheet(path, "投诉登记", &header, &lines)
}

pub fn export_repairs(rows: &[crate::db::repairs::RepairRow], path: &Path) -> Result<()> {
    let header: Vec<&str> = RepairField::ALL.iter().map(|f| f.label()).collect();
    let lines: Vec<Vec<String>> = rows
        .iter()
        .map(|x| {
            let [b, e, r] = unit_cells(&x.unit);
            vec![
                time_text(Some(x.reported)),
                b,
                e,
                r,
                x.caller.clone(),
                x.phone.clone(),
                x.content.clone(),
                x.category.as_str().into(),
                if x.paid { "是" } else { "否" }.into(),
                time_text(x.appointment),
                x.technician.clone().unwrap_or_default(),
                time_text(x.completed),
                x.result.clone(),
                if x.charge_fen > 0 {
                    crate::domain::money::Money(x.charge_fen).to_string()
                } else {
                    String::new()
                },
                time_text(x.revisited),
                x.satisfaction
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    write_sheet(path, "报修登记", &header, &lines)
}
