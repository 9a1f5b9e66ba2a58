//! Charging files: importing fee items, meter readings and an old paper ledger's payments
//! (all or nothing, every problem named by row), exporting a period's ledger (收费台账) to XLSX,
//! and the collection and arrears reports as CSV or JSON.

use super::{
    Cell, FieldErrors, ImportField, Imported, RowError, date_cell, file_label, parse_sheet,
    read_table,
};
use crate::db::charging::{
    self as ch, ArrearsRow, CollectionReport, FeeItemInput, HistoricPayment, Ledger, ReadingInput,
};
use crate::domain::charging::{
    FeeKind, PayMethod, Scope, hundredths_text, parse_hundredths, parse_rate, rate_text,
};
use crate::domain::date::{from_excel_serial, parse_date};
use crate::domain::estate::{Usage, building_name, entrance_name};
use crate::domain::money::Money;
use crate::domain::period::{Period, rate_text as pct};
use crate::domain::text::{normalize, parse_yes_no};
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use rusqlite::Connection;
use std::collections::HashMap;
use std::path::Path;

/// A period cell: `2026-10`, `2026年10月`, `202610`, or an Excel date in that month.
pub(crate) fn period_cell(cell: Cell) -> Result<Period, String> {
    match cell {
        Cell::Date(n) => from_excel_serial(n).map(Period::of),
        Cell::Number(n) if n > 30_000.0 && n < 80_000.0 => from_excel_serial(n).map(Period::of),
        c => Period::parse(&c.text()),
    }
}

fn failure(file: &str, errors: Vec<RowError>) -> Error {
    Error::Import(super::ImportFailure {
        file: file.to_string(),
        errors,
    })
}

fn row_error(row: usize, column: &str, message: impl Into<String>) -> RowError {
    RowError {
        row,
        column: column.to_string(),
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Fee items

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemField {
    Name,
    Kind,
    Rate,
    Scope,
    Start,
    Refundable,
    Notes,
}

impl ImportField for ItemField {
    const ALL: &'static [ItemField] = &[
        ItemField::Name,
        ItemField::Kind,
        ItemField::Rate,
        ItemField::Scope,
        ItemField::Start,
        ItemField::Refundable,
        ItemField::Notes,
    ];

    fn label(self) -> &'static str {
        match self {
            ItemField::Name => "收费项目",
            ItemField::Kind => "计费方式",
            ItemField::Rate => "单价",
            ItemField::Scope => "适用范围",
            ItemField::Start => "起始期间",
            ItemField::Refundable => "可退还",
            ItemField::Notes => "备注",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            ItemField::Name => &["收费项目", "项目", "项目名称", "名称"],
            ItemField::Kind => &["计费方式", "类型", "计费类型", "收费方式"],
            ItemField::Rate => &["单价", "收费标准", "标准", "价格", "费率"],
            ItemField::Scope => &["适用范围", "范围", "适用房屋", "适用"],
            ItemField::Start => &[
                "起始期间",
                "起始月份",
                "执行期间",
                "生效期间",
                "开始期间",
                "起始",
            ],
            ItemField::Refundable => &["可退还", "押金", "退还"],
            ItemField::Notes => &["备注", "说明"],
        }
    }

    fn required(self) -> bool {
        matches!(
            self,
            ItemField::Name | ItemField::Kind | ItemField::Rate | ItemField::Start
        )
    }
}

/// `全部` / empty → all units; usages (`商铺`, `住宅、商铺`) → by use; anything else is a list of
/// buildings (`1号楼、2号楼`, `1,2`).
pub fn parse_scope(input: &str) -> (Scope, String) {
    let s = normalize(input);
    if s.is_empty() || Scope::parse(&s) == Some(Scope::All) {
        return (Scope::All, String::new());
    }
    let parts: Vec<&str> = s
        .split(['、', ',', '，', ' ', '；', ';'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.iter().all(|p| Usage::parse(p).is_some()) {
        let usages: Vec<&str> = parts
            .iter()
            .filter_map(|p| Usage::parse(p))
            .map(|u| u.as_str())
            .collect();
        return (Scope::Usage, usages.join("、"));
    }
    let buildings: Vec<String> = parts.iter().map(|p| building_name(p)).collect();
    (Scope::Building, buildings.join("、"))
}

fn read_item(cell: &dyn Fn(ItemField) -> Cell) -> Result<FeeItemInput, FieldErrors> {
    let mut errors: FieldErrors = Vec::new();
    let name = normalize(&cell(ItemField::Name).text());
    if name.is_empty() {
        errors.push(("收费项目", "收费项目为空".into()));
    }
    let kind_text = cell(ItemField::Kind).text();
    let kind = FeeKind::parse(&kind_text).unwrap_or_else(|| {
        errors.push((
            "计费方式",
            format!("“{kind_text}”不是计费方式（按面积、固定、抄表、分摊、一次性）"),
        ));
        FeeKind::ByArea
    });
    let rate = parse_rate(&cell(ItemField::Rate).text()).unwrap_or_else(|e| {
        if kind == FeeKind::Shared {
            0
        } else {
            errors.push(("单价", e));
            0
        }
    });
    let start = period_cell(cell(ItemField::Start)).unwrap_or_else(|e| {
        errors.push(("起始期间", e));
        Period {
            year: 2000,
            month: 1,
        }
    });
    let refundable = parse_yes_no(&cell(ItemField::Refundable).text()).unwrap_or_else(|e| {
        errors.push(("可退还", e));
        false
    });
    let (scope, scope_value) = parse_scope(&cell(ItemField::Scope).text());
    if errors.is_empty() {
        Ok(FeeItemInput {
            name,
            kind,
            scope,
            scope_value,
            refundable,
            start,
            rate_e4: rate,
            notes: cell(ItemField::Notes).text(),
        })
    } else {
        Err(errors)
    }
}

/// `import fee-items`: returns (new items, new rates).
pub fn import_items_file(
    conn: &Connection,
    path: &Path,
    by: &str,
    now: NaiveDateTime,
) -> Result<Imported<(usize, usize)>> {
    let table = read_table(path)?;
    let file = file_label(path);
    let mut seen: HashMap<(String, Period), usize> = HashMap::new();
    let preview = parse_sheet(
        &table,
        &file,
        ItemField::Name,
        read_item,
        |i: &FeeItemInput, line| {
            seen.insert((i.name.clone(), i.start), line).map(|first| {
                (
                    "收费项目",
                    format!("“{}”{} 起的单价与第 {first} 行重复", i.name, i.start),
                )
            })
        },
    )?;
    let rows = preview.into_rows()?;
    let items: Vec<FeeItemInput> = rows.into_iter().map(|r| r.1).collect();
    let done = ch::import_items(conn, &items, by, now)?;
    Ok(Imported {
        rows: items.len(),
        done,
    })
}

// ---------------------------------------------------------------------------------------------
// Units and items named in a file

/// 楼栋, 单元, 房号 as the file writes them, resolved against the register.
fn unit_key(building: &str, entrance: &str, room: &str) -> (String, String, String) {
    (
        building_name(building),
        entrance_name(entrance),
        normalize(room),
    )
}

struct Names {
    units: HashMap<(String, String, String), i64>,
    items: HashMap<String, (i64, FeeKind)>,
}

impl Names {
    fn load(conn: &Connection) -> Result<Names> {
        Ok(Names {
            units: ch::unit_index(conn)?,
            items: ch::list_items(conn)?
                .into_iter()
                .map(|i| (i.name.clone(), (i.id, i.kind)))
                .collect(),
        })
    }

    fn unit(&self, key: &(String, String, String)) -> Result<i64, String> {
        self.units
            .get(key)
            .copied()
            .ok_or_else(|| format!("房屋 {}{}{} 不在房屋清册中", key.0, key.1, key.2))
    }

    fn item(&self, name: &str) -> Result<(i64, FeeKind), String> {
        self.items
            .get(name)
            .copied()
            .ok_or_else(|| format!("没有名为“{name}”的收费项目，请先在“收费项目”中建立"))
    }
}

// ---------------------------------------------------------------------------------------------
// Meter readings

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadingField {
    Building,
    Entrance,
    Room,
    Item,
    Period,
    Current,
    Replaced,
    Start,
}

impl ImportField for ReadingField {
    const ALL: &'static [ReadingField] = &[
        ReadingField::Building,
        ReadingField::Entrance,
        ReadingField::Room,
        ReadingField::Item,
        ReadingField::Period,
        ReadingField::Current,
        ReadingField::Replaced,
        ReadingField::Start,
    ];

    fn label(self) -> &'static str {
        match self {
            ReadingField::Building => "楼栋",
            ReadingField::Entrance => "单元",
            ReadingField::Room => "房号",
            ReadingField::Item => "收费项目",
            ReadingField::Period => "所属期间",
            ReadingField::Current => "本期读数",
            ReadingField::Replaced => "换表",
            ReadingField::Start => "新表起始读数",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            ReadingField::Building => &["楼栋", "楼号", "栋"],
            ReadingField::Entrance => &["单元"],
            ReadingField::Room => &["房号", "房间号"],
            ReadingField::Item => &["收费项目", "项目", "表类", "表计"],
            ReadingField::Period => &["所属期间", "期间", "抄表月份", "月份"],
            ReadingField::Current => &["本期读数", "本月读数", "读数", "止码", "本期止码"],
            ReadingField::Replaced => &["换表", "是否换表"],
            ReadingField::Start => &["新表起始读数", "新表起码", "起始读数"],
        }
    }

    fn required(self) -> bool {
        matches!(
            self,
            ReadingField::Building
                | ReadingField::Room
                | ReadingField::Item
                | ReadingField::Period
                | ReadingField::Current
        )
    }
}

struct RawReading {
    unit: (String, String, String),
    item: String,
    period: Period,
    current_h: i64,
    replaced: bool,
    start_h: i64,
}

fn read_reading(cell: &dyn Fn(ReadingField) -> Cell) -> Result<RawReading, FieldErrors> {
    let mut errors: FieldErrors = Vec::new();
    let t = |f| cell(f).code();
    let period = period_cell(cell(ReadingField::Period)).unwrap_or_else(|e| {
        errors.push(("所属期间", e));
        Period {
            year: 2000,
            month: 1,
        }
    });
    let current = parse_hundredths(&t(ReadingField::Current), "读数").unwrap_or_else(|e| {
        errors.push(("本期读数", e));
        0
    });
    let replaced = parse_yes_no(&t(ReadingField::Replaced)).unwrap_or_else(|e| {
        errors.push(("换表", e));
        false
    });
    let start_text = t(ReadingField::Start);
    let start = if start_text.is_empty() {
        0
    } else {
        parse_hundredths(&start_text, "新表起始读数").unwrap_or_else(|e| {
            errors.push(("新表起始读数", e));
            0
        })
    };
    if t(ReadingField::Item).is_empty() {
        errors.push(("收费项目", "收费项目为空".into()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(RawReading {
        unit: unit_key(
            &t(ReadingField::Building),
            &t(ReadingField::Entrance),
            &t(ReadingField::Room),
        ),
        item: t(ReadingField::Item),
        period,
        current_h: current,
        replaced,
        start_h: start,
    })
}

/// `import meter-readings`: returns how many readings.
pub fn import_readings_file(
    conn: &Connection,
    path: &Path,
    by: &str,
    now: NaiveDateTime,
) -> Result<Imported<usize>> {
    let table = read_table(path)?;
    let file = file_label(path);
    // (building, entrance, room), item, period → the row it was first seen on.
    type ReadingKey = ((String, String, String), String, Period);
    let mut seen: HashMap<ReadingKey, usize> = HashMap::new();
    let preview = parse_sheet(
        &table,
        &file,
        ReadingField::Current,
        read_reading,
        |r: &RawReading, line| {
            seen.insert((r.unit.clone(), r.item.clone(), r.period), line)
                .map(|first| ("房号", format!("与第 {first} 行是同一户同一期间的读数")))
        },
    )?;
    let rows = preview.into_rows()?;
    let names = Names::load(conn)?;
    let mut errors = Vec::new();
    let mut readings = Vec::new();
    for (line, r) in rows {
        let unit = names
            .unit(&r.unit)
            .map_err(|e| errors.push(row_error(line, "房号", e)));
        let item = match names.item(&r.item) {
            Ok((id, FeeKind::Metered)) => Ok(id),
            Ok((_, kind)) => {
                errors.push(row_error(
                    line,
                    "收费项目",
                    format!("“{}”是{kind}项目，不是抄表项目", r.item),
                ));
                Err(())
            }
            Err(e) => {
                errors.push(row_error(line, "收费项目", e));
                Err(())
            }
        };
        if let (Ok(unit_id), Ok(item_id)) = (unit, item) {
            readings.push((
                line,
                ReadingInput {
                    unit_id,
                    item_id,
                    period: r.period,
                    current_h: r.current_h,
                    replaced: r.replaced,
                    start_h: r.start_h,
                },
            ));
        }
    }
    if !errors.is_empty() {
        return Err(failure(&file, errors));
    }
    let done = ch::import_readings(conn, &readings, by, now).map_err(|e| match e {
        Error::Invalid(m) => failure(&file, vec![row_error(0, "", m)]).with_line_in_message(),
        e => e,
    })?;
    Ok(Imported {
        rows: readings.len(),
        done,
    })
}

trait LineInMessage {
    fn with_line_in_message(self) -> Error;
}

impl LineInMessage for Error {
    /// A database refusal already names its row (`第 N 行：…`): show it as the import's error.
    fn with_line_in_message(self) -> Error {
        match self {
            Error::Import(mut f) => {
                if let Some(e) = f.errors.first_mut()
                    && let Some(rest) = e.message.strip_prefix("第 ")
                    && let Some((n, msg)) = rest.split_once(" 行：")
                    && let Ok(n) = n.parse()
                {
                    e.row = n;
                    e.message = msg.to_string();
                }
                Error::Import(f)
            }
            e => e,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Historic payments (an old paper 收费台账)

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentField {
    Building,
    Entrance,
    Room,
    Item,
    Period,
    Amount,
    PaidOn,
    Method,
    Receipt,
}

impl ImportField for PaymentField {
    const ALL: &'static [PaymentField] = &[
        PaymentField::Building,
        PaymentField::Entrance,
        PaymentField::Room,
        PaymentField::Item,
        PaymentField::Period,
        PaymentField::Amount,
        PaymentField::PaidOn,
        PaymentField::Method,
        PaymentField::Receipt,
    ];

    fn label(self) -> &'static str {
        match self {
            PaymentField::Building => "楼栋",
            PaymentField::Entrance => "单元",
            PaymentField::Room => "房号",
            PaymentField::Item => "收费项目",
            PaymentField::Period => "所属期间",
            PaymentField::Amount => "金额",
            PaymentField::PaidOn => "收款日期",
            PaymentField::Method => "付款方式",
            PaymentField::Receipt => "收据号",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            PaymentField::Building => &["楼栋", "楼号", "栋"],
            PaymentField::Entrance => &["单元"],
            PaymentField::Room => &["房号", "房间号"],
            PaymentField::Item => &["收费项目", "项目"],
            PaymentField::Period => &["所属期间", "期间", "所属月份", "费用月份"],
            PaymentField::Amount => &["金额", "实收金额", "实收", "收款金额"],
            PaymentField::PaidOn => &["收款日期", "缴费日期", "日期"],
            PaymentField::Method => &["付款方式", "收款方式", "支付方式", "缴费方式"],
            PaymentField::Receipt => &["收据号", "收据编号", "票据号"],
        }
    }

    fn required(self) -> bool {
        !matches!(self, PaymentField::Entrance)
    }
}

struct RawPayment {
    unit: (String, String, String),
    item: String,
    period: Period,
    amount: i64,
    paid_on: chrono::NaiveDate,
    method: PayMethod,
    receipt: String,
}

fn read_payment(cell: &dyn Fn(PaymentField) -> Cell) -> Result<RawPayment, FieldErrors> {
    let mut errors: FieldErrors = Vec::new();
    let t = |f| cell(f).code();
    let period = period_cell(cell(PaymentField::Period)).unwrap_or_else(|e| {
        errors.push(("所属期间", e));
        Period {
            year: 2000,
            month: 1,
        }
    });
    let amount = match Money::parse(&t(PaymentField::Amount)) {
        Ok(m) if m.fen() > 0 => m.fen(),
        Ok(_) => {
            errors.push(("金额", "金额必须大于零".into()));
            0
        }
        Err(e) => {
            errors.push(("金额", e));
            0
        }
    };
    let paid_on = date_cell(cell(PaymentField::PaidOn))
        .and_then(|s| parse_date(&s))
        .unwrap_or_else(|e| {
            errors.push(("收款日期", e));
            chrono::NaiveDate::default()
        });
    let method_text = t(PaymentField::Method);
    let method = PayMethod::parse(&method_text).unwrap_or_else(|| {
        errors.push((
            "付款方式",
            format!("“{method_text}”不是付款方式（现金、微信、支付宝、银行转账、支票）"),
        ));
        PayMethod::Cash
    });
    let receipt_text = t(PaymentField::Receipt);
    let paid_known = !errors.iter().any(|(f, _)| *f == "收款日期");
    let receipt = if paid_known {
        crate::domain::charging::check_receipt_number(&receipt_text, paid_on)
    } else if normalize(&receipt_text).is_empty() {
        Err("收据号为空".to_string())
    } else {
        Ok(receipt_text)
    }
    .unwrap_or_else(|e| {
        errors.push(("收据号", e));
        String::new()
    });
    if t(PaymentField::Item).is_empty() {
        errors.push(("收费项目", "收费项目为空".into()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(RawPayment {
        unit: unit_key(
            &t(PaymentField::Building),
            &t(PaymentField::Entrance),
            &t(PaymentField::Room),
        ),
        item: t(PaymentField::Item),
        period,
        amount,
        paid_on,
        method,
        receipt,
    })
}

/// `import payments`: returns (receipts, bill lines created for them).
pub fn import_payments_file(
    conn: &Connection,
    path: &Path,
    clerk: &str,
    now: NaiveDateTime,
) -> Result<Imported<(usize, usize)>> {
    let table = read_table(path)?;
    let file = file_label(path);
    let preview = parse_sheet(
        &table,
        &file,
        PaymentField::Receipt,
        read_payment,
        |_: &RawPayment, _| None,
    )?;
    let rows = preview.into_rows()?;
    let read = rows.len();
    let names = Names::load(conn)?;
    let mut errors = Vec::new();
    let mut payments = Vec::new();
    for (line, r) in rows {
        let unit = names
            .unit(&r.unit)
            .map_err(|e| errors.push(row_error(line, "房号", e)));
        let item = names
            .item(&r.item)
            .map_err(|e| errors.push(row_error(line, "收费项目", e)));
        if let (Ok(unit_id), Ok((item_id, _))) = (unit, item) {
            payments.push(HistoricPayment {
                line,
                unit_id,
                unit: format!("{}{}{}", r.unit.0, r.unit.1, r.unit.2),
                item_id,
                period: r.period,
                amount_fen: r.amount,
                paid_on: r.paid_on,
                method: r.method,
                receipt_no: r.receipt,
            });
        }
    }
    if !errors.is_empty() {
        return Err(failure(&file, errors));
    }
    let done = ch::import_payments(conn, &payments, clerk, now).map_err(|e| match e {
        Error::Invalid(m) => failure(&file, vec![row_error(0, "", m)]).with_line_in_message(),
        e => e,
    })?;
    Ok(Imported { rows: read, done })
}

// ---------------------------------------------------------------------------------------------
// The ledger to XLSX, in the layout of a paper 收费台账

pub fn export_ledger(ledger: &Ledger, path: &Path) -> Result<()> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| Error::invalid(format!("生成 Excel 文件失败：{e}"));
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(format!("收费台账{}", ledger.period))
        .map_err(err)?;
    let border = FormatBorder::Thin;
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_background_color("#D9E1F2")
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(border)
        .set_text_wrap();
    let text = Format::new().set_border(border);
    let money = Format::new().set_num_format("#,##0.00").set_border(border);
    let bold_money = money.clone().set_bold();
    let fixed = 5u16;
    let n = ledger.items.len() as u16;
    let last_col = fixed + 2 * n + 3 + 1;
    ws.merge_range(
        0,
        0,
        0,
        last_col,
        &format!("{} 收费台账（{}）", ledger.estate, ledger.period.doc()),
        &title,
    )
    .map_err(err)?;
    for (c, h) in ["楼栋", "单元", "房号", "业主", "面积（㎡）"]
        .iter()
        .enumerate()
    {
        ws.merge_range(1, c as u16, 2, c as u16, h, &head)
            .map_err(err)?;
    }
    for (k, item) in ledger.items.iter().enumerate() {
        let c = fixed + 2 * k as u16;
        ws.merge_range(1, c, 1, c + 1, item, &head).map_err(err)?;
        ws.write_string_with_format(2, c, "应收", &head)
            .map_err(err)?;
        ws.write_string_with_format(2, c + 1, "实收", &head)
            .map_err(err)?;
    }
    let tail = fixed + 2 * n;
    for (k, h) in ["应收合计", "实收合计", "欠费", "收据号", "收款日期"]
        .iter()
        .enumerate()
    {
        ws.merge_range(1, tail + k as u16, 2, tail + k as u16, h, &head)
            .map_err(err)?;
    }
    let yuan = |fen: i64| fen as f64 / 100.0;
    let mut totals = vec![0i64; 2 * ledger.items.len() + 3];
    for (i, r) in ledger.rows.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_string_with_format(row, 0, &r.building, &text)
            .map_err(err)?;
        ws.write_string_with_format(row, 1, &r.entrance, &text)
            .map_err(err)?;
        ws.write_string_with_format(row, 2, &r.room, &text)
            .map_err(err)?;
        ws.write_string_with_format(row, 3, &r.owner, &text)
            .map_err(err)?;
        ws.write_number_with_format(row, 4, r.area_h as f64 / 100.0, &money)
            .map_err(err)?;
        let (mut billed, mut paid) = (0, 0);
        for (k, (b, p)) in r.cells.iter().enumerate() {
            let c = fixed + 2 * k as u16;
            ws.write_number_with_format(row, c, yuan(*b), &money)
                .map_err(err)?;
            ws.write_number_with_format(row, c + 1, yuan(*p), &money)
                .map_err(err)?;
            totals[2 * k] += b;
            totals[2 * k + 1] += p;
            billed += b;
            paid += p;
        }
        let k = 2 * ledger.items.len();
        totals[k] += billed;
        totals[k + 1] += paid;
        totals[k + 2] += billed - paid;
        ws.write_number_with_format(row, tail, yuan(billed), &money)
            .map_err(err)?;
        ws.write_number_with_format(row, tail + 1, yuan(paid), &money)
            .map_err(err)?;
        ws.write_number_with_format(row, tail + 2, yuan(billed - paid), &money)
            .map_err(err)?;
        ws.write_string_with_format(row, tail + 3, r.receipts.join("、"), &text)
            .map_err(err)?;
        ws.write_string_with_format(
            row,
            tail + 4,
            r.paid_on.map(|d| d.to_string()).unwrap_or_default(),
            &text,
        )
        .map_err(err)?;
    }
    let row = 3 + ledger.rows.len() as u32;
    ws.merge_range(row, 0, row, 4, "合计", &head).map_err(err)?;
    for (k, v) in totals.iter().enumerate() {
        ws.write_number_with_format(row, fixed + k as u16, yuan(*v), &bold_money)
            .map_err(err)?;
    }
    ws.write_string_with_format(row, tail + 3, "", &text)
        .map_err(err)?;
    ws.write_string_with_format(row, tail + 4, "", &text)
        .map_err(err)?;
    for c in 0..=last_col {
        let w = match c {
            0 | 1 => 8.0,
            2 => 8.0,
            3 => 10.0,
            c if c == tail + 3 => 26.0,
            c if c == tail + 4 => 12.0,
            _ => 11.0,
        };
        ws.set_column_width(c, w).map_err(err)?;
    }
    ws.set_freeze_panes(3, 4).map_err(err)?;
    let bytes = wb.save_to_buffer().map_err(err)?;
    crate::pdf::write_file(path, &bytes)
}

// ---------------------------------------------------------------------------------------------
// Reports as CSV / JSON

#[derive(Debug, serde::Serialize)]
struct CollectionLine<'a> {
    #[serde(rename = "期间")]
    period: String,
    #[serde(rename = "小区")]
    estate: &'a str,
    #[serde(rename = "楼栋")]
    building: String,
    #[serde(rename = "收费项目")]
    item: String,
    #[serde(rename = "应收")]
    billed: String,
    #[serde(rename = "实收")]
    collected: String,
    #[serde(rename = "收缴率")]
    rate: String,
    #[serde(rename = "低于目标")]
    below: &'static str,
}

fn collection_lines(r: &CollectionReport) -> Vec<CollectionLine<'_>> {
    let period = r.period.map(|p| p.to_string()).unwrap_or_default();
    let mut out = Vec::new();
    let mut push =
        |building: &'static str, b: Option<&str>, item: Option<&str>, c: &ch::Collected| {
            let rate = c.rate();
            out.push(CollectionLine {
                period: period.clone(),
                estate: &r.estate,
                building: b.unwrap_or(building).to_string(),
                item: item.unwrap_or("全部").to_string(),
                billed: Money(c.billed_fen).to_string(),
                collected: Money(c.collected_fen).to_string(),
                rate: pct(rate),
                below: if rate.is_some_and(|x| x < crate::pdf::charging::TARGET_RATE) {
                    "是"
                } else {
                    "否"
                },
            });
        };
    push("全部", None, None, &r.total);
    for (b, c) in &r.buildings {
        push("", Some(b), None, c);
    }
    for (i, c) in &r.items {
        push("全部", None, Some(i), c);
    }
    for (b, i, c) in &r.cells {
        push("", Some(b), Some(i), c);
    }
    out
}

/// `report collection`: the estate, each building, each item and each building × item.
pub fn collection_report(r: &CollectionReport, json: bool) -> Result<String> {
    let lines = collection_lines(r);
    if json {
        let value = serde_json::json!({
            "期间": r.period.map(|p| p.to_string()),
            "小区": r.estate,
            "应收": Money(r.total.billed_fen).to_string(),
            "实收": Money(r.total.collected_fen).to_string(),
            "收缴率": pct(r.total.rate()),
            "清欠": Money(r.recovered_fen).to_string(),
            "预收": Money(r.prepaid_fen).to_string(),
            "明细": lines,
        });
        return serde_json::to_string_pretty(&value).map_err(|e| Error::invalid(e.to_string()));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    for l in &lines {
        w.serialize(l).map_err(|e| Error::invalid(e.to_string()))?;
    }
    w.write_record([
        "期间",
        "小区",
        "清欠",
        &Money(r.recovered_fen).to_string(),
        "预收",
        &Money(r.prepaid_fen).to_string(),
        "",
        "",
    ])
    .map_err(|e| Error::invalid(e.to_string()))?;
    let bytes = w.into_inner().map_err(|e| Error::invalid(e.to_string()))?;
    crate::io::defused_csv(&bytes)
}

#[derive(Debug, serde::Serialize)]
struct ArrearsLineOut {
    #[serde(rename = "房屋")]
    unit: String,
    #[serde(rename = "业主")]
    owner: String,
    #[serde(rename = "电话")]
    phone: String,
    #[serde(rename = "欠费合计")]
    total: String,
    #[serde(rename = "本月")]
    a0: String,
    #[serde(rename = "1-3个月")]
    a1: String,
    #[serde(rename = "3-6个月")]
    a2: String,
    #[serde(rename = "6-12个月")]
    a3: String,
    #[serde(rename = "一年以上")]
    a4: String,
    #[serde(rename = "最早欠费期间")]
    oldest: String,
    #[serde(rename = "滞纳金")]
    late_fee: String,
    #[serde(rename = "最近催缴")]
    last_dunning: String,
    #[serde(rename = "本月已催缴")]
    dunned: &'static str,
}

/// `report arrears`: a row per unit in arrears, with ageing.
pub fn arrears_report(rows: &[ArrearsRow], as_of: chrono::NaiveDate, json: bool) -> Result<String> {
    let lines: Vec<ArrearsLineOut> = rows
        .iter()
        .map(|r| ArrearsLineOut {
            unit: r.unit.clone(),
            owner: r.owner.clone(),
            phone: r.phone.clone(),
            total: Money(r.total_fen).to_string(),
            a0: Money(r.by_ageing[0]).to_string(),
            a1: Money(r.by_ageing[1]).to_string(),
            a2: Money(r.by_ageing[2]).to_string(),
            a3: Money(r.by_ageing[3]).to_string(),
            a4: Money(r.by_ageing[4]).to_string(),
            oldest: r.oldest().map(|p| p.to_string()).unwrap_or_default(),
            late_fee: Money(r.late_fee_fen).to_string(),
            last_dunning: r.last_dunning.map(|d| d.to_string()).unwrap_or_default(),
            dunned: if r.dunned_in(as_of) { "是" } else { "否" },
        })
        .collect();
    if json {
        let total: i64 = rows.iter().map(|r| r.total_fen).sum();
        let value = serde_json::json!({
            "截至": as_of.to_string(),
            "欠费户数": rows.len(),
            "欠费合计": Money(total).to_string(),
            "未催缴户数": rows.iter().filter(|r| !r.dunned_in(as_of)).count(),
            "明细": lines,
        });
        return serde_json::to_string_pretty(&value).map_err(|e| Error::invalid(e.to_string()));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    for l in &lines {
        w.serialize(l).map_err(|e| Error::invalid(e.to_string()))?;
    }
    if lines.is_empty() {
        w.write_record([
            "房屋",
            "业主",
            "电话",
            "欠费合计",
            "本月",
            "1-3个月",
            "3-6个月",
            "6-12个月",
            "一年以上",
            "最早欠费期间",
            "滞纳金",
            "最近催缴",
            "本月已催缴",
        ])
        .map_err(|e| Error::invalid(e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| Error::invalid(e.to_string()))?;
    crate::io::defused_csv(&bytes)
}

/// A rate as a fee list shows it: `2.50 元/㎡/月`.
pub fn rate_label(kind: FeeKind, rate_e4: i64) -> String {
    match kind {
        FeeKind::Shared => "按面积分摊".into(),
        _ => format!("{} {}", rate_text(rate_e4), kind.rate_unit()),
    }
}

/// A reading as shown: `112.5`.
pub fn reading_label(h: i64) -> String {
    hundredths_text(h)
}

/// 日结 to Excel: every receipt of the day (voided ones marked), then the totals by method.
pub fn export_day_close(d: &crate::db::charging::DayClose, path: &Path) -> Result<()> {
    let header = [
        "收据号",
        "收款日期",
        "房屋",
        "交款人",
        "付款方式",
        "收款人",
        "金额（元）",
        "状态",
        "作废原因",
    ];
    let money = |fen: i64| crate::domain::money::Money(fen).to_string();
    let mut rows: Vec<Vec<String>> = d
        .receipts
        .iter()
        .chain(d.earlier_voided.iter())
        .map(|r| {
            vec![
                r.number.clone(),
                crate::domain::date::iso(r.paid_on),
                r.unit.clone(),
                if r.payer.is_empty() {
                    r.owner.clone()
                } else {
                    r.payer.clone()
                },
                r.method.as_str().to_string(),
                r.clerk.clone(),
                money(r.amount_fen),
                if r.void.is_some() {
                    "已作废"
                } else {
                    "有效"
                }
                .to_string(),
                r.void.as_ref().map(|v| v.2.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    rows.push(Vec::new());
    for (m, n, fen) in d.by_method() {
        rows.push(vec![
            format!("{}合计", m.as_str()),
            String::new(),
            format!("{n} 张"),
            String::new(),
            m.as_str().to_string(),
            String::new(),
            money(fen),
        ]);
    }
    rows.push(vec![
        "合计".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        money(d.total_fen()),
    ]);
    super::frontdesk::write_sheet(path, "日结", &header, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_read_as_the_office_writes_them() {
        assert_eq!(parse_scope(""), (Scope::All, String::new()));
        assert_eq!(parse_scope("全部"), (Scope::All, String::new()));
        assert_eq!(parse_scope("商铺"), (Scope::Usage, "商铺".into()));
        assert_eq!(
            parse_scope("住宅、车库"),
            (Scope::Usage, "住宅、车位".into())
        );
        assert_eq!(
            parse_scope("1,2号楼"),
            (Scope::Building, "1号楼、2号楼".into())
        );
    }

    #[test]
    fn periods_read_from_text_and_excel_dates() {
        assert_eq!(
            period_cell(Cell::Text("2026年10月".into())),
            Ok(Period {
                year: 2026,
                month: 10
            })
        );
        assert_eq!(
            period_cell(Cell::Number(202610.0)),
            Ok(Period {
                year: 2026,
                month: 10
            })
        );
        // 46296 = 2026-10-01 in Excel's calendar.
        assert_eq!(
            period_cell(Cell::Date(46296.0)),
            Ok(Period {
                year: 2026,
                month: 10
            })
        );
        assert!(period_cell(Cell::Text("十月".into())).is_err());
    }
}
