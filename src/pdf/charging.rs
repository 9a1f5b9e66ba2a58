//! The charging documents: 收款收据 (receipt), 催缴通知书 (dunning notices, one page per unit,
//! all units in one file) and 收缴率月报 (the monthly collection report).

use super::{Align, Block, Column, Document, Table};
use crate::db::charging::{ArrearsRow, Collected, CollectionReport, Receipt};
use crate::db::settings::OfficeSettings;
use crate::domain::date::doc_date;
use crate::domain::money::Money;
use crate::domain::period::rate_text;
use crate::error::Result;
use chrono::NaiveDate;

/// The office's collection target (seed 000: below 95 % is a 10-point fault), in 0.01 %.
pub const TARGET_RATE: i64 = crate::domain::assessment::COLLECTION_TARGET;

/// Days from the notice to the payment deadline it names.
pub const DUNNING_DAYS: i64 = 15;

fn yuan(fen: i64) -> String {
    Money(fen).grouped()
}

/// 收款收据: each line with what it is for (period, item) and how it was reckoned; the total in
/// figures and 人民币大写; 收款单位（盖章）, 收款人 and 交款人. A voided receipt carries 作废
/// across the page, the reason, and the receipt issued in its place when there is one
/// (`reissued`).
pub fn receipt_document(office: &OfficeSettings, r: &Receipt, reissued: Option<&str>) -> Document {
    receipt_sheet(office, r, reissued, ReceiptPaper::default())
}

/// One receipt on its paper: one copy on an A4; two copies (收据联 for the payer, 存根联 kept)
/// on one A4 with a cut line; or the three-part form (存根联, 收据联, 记账联) on one page.
pub fn receipt_sheet(
    office: &OfficeSettings,
    r: &Receipt,
    reissued: Option<&str>,
    paper: ReceiptPaper,
) -> Document {
    let copies: &[Option<&str>] = match paper {
        ReceiptPaper::One => &[None],
        ReceiptPaper::Two => &[Some("收据联"), Some("存根联")],
        ReceiptPaper::Three => &[Some("存根联"), Some("收据联"), Some("记账联")],
    };
    let compact = paper != ReceiptPaper::One;
    let mut blocks = Vec::new();
    if r.void.is_some() {
        // 作废 across every copy.
        blocks.push(Block::Watermark("作废".into()));
    }
    for (k, copy) in copies.iter().enumerate() {
        if k > 0 {
            blocks.push(Block::CutLine);
        }
        blocks.extend(receipt_copy(office, r, reissued, *copy, compact));
    }
    Document {
        landscape: false,
        header: office.office_name.clone(),
        title: format!("收款收据 {}", r.number),
        blocks,
    }
}

/// How receipts are printed (setting `charging.receipt_paper`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReceiptPaper {
    #[default]
    One,
    Two,
    Three,
}

impl ReceiptPaper {
    pub const ALL: [ReceiptPaper; 3] = [ReceiptPaper::One, ReceiptPaper::Two, ReceiptPaper::Three];

    pub fn as_str(self) -> &'static str {
        match self {
            ReceiptPaper::One => "每张A4一联",
            ReceiptPaper::Two => "每张A4两联（收据联、存根联，中间剪开）",
            ReceiptPaper::Three => "三联单（存根联、收据联、记账联）",
        }
    }

    pub fn parse(s: &str) -> ReceiptPaper {
        ReceiptPaper::ALL
            .into_iter()
            .find(|p| p.as_str() == s.trim())
            .unwrap_or_default()
    }
}

fn receipt_copy(
    office: &OfficeSettings,
    r: &Receipt,
    reissued: Option<&str>,
    copy: Option<&str>,
    compact: bool,
) -> Vec<Block> {
    let columns = vec![
        Column::new("序号", 0.5, Align::Center),
        Column::new("所属期间", 1.1, Align::Center),
        Column::new("收费项目", 1.5, Align::Left),
        Column::new("计费依据", 1.8, Align::Left),
        Column::new("金额（元）", 1.1, Align::Right),
    ];
    let rows = r
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                (i + 1).to_string(),
                l.period.map(|p| p.doc()).unwrap_or_else(|| "—".into()),
                l.item.clone(),
                if l.basis.is_empty() {
                    "—".into()
                } else {
                    l.basis.clone()
                },
                yuan(l.amount_fen),
            ]
        })
        .collect();
    let total = vec![
        String::new(),
        "合计".into(),
        String::new(),
        String::new(),
        yuan(r.amount_fen),
    ];
    let payer = if r.payer.is_empty() {
        r.owner.clone()
    } else {
        r.payer.clone()
    };
    // On a shared sheet each copy takes less room: a smaller title, tighter table.
    let title = match copy {
        Some(c) if compact => Block::Large(format!("收款收据（{c}）")),
        Some(c) => Block::Title(format!("收款收据（{c}）")),
        None => Block::Title("收款收据".into()),
    };
    let mut blocks = Vec::new();
    if let Some((at, by, reason)) = &r.void {
        blocks.push(title.clone());
        let again = reissued
            .map(|n| format!("已重开收据 {n}。"))
            .unwrap_or_default();
        blocks.push(Block::Paragraph(format!(
            "【作废】本收据已于 {} 由 {by} 作废，原因：{reason}。{again}作废收据不作收款凭证。",
            at.chars().take(16).collect::<String>()
        )));
    } else {
        blocks.push(title);
    }
    blocks.extend([
        Block::Meta(format!(
            "收据号：{}　　收款日期：{}　　小区：{}",
            r.number,
            doc_date(r.paid_on),
            office.estate_name
        )),
        Block::Meta(format!(
            "房屋：{}　　业主：{}　　交款人：{}　　付款方式：{}",
            r.unit,
            if r.owner.is_empty() { "—" } else { &r.owner },
            if payer.is_empty() { "—" } else { &payer },
            r.method
        )),
        Block::Spacer(if compact { 0.5 } else { 2.0 }),
        {
            let t = Table {
                columns,
                rows,
                total: Some(total),
            };
            if compact {
                Block::CompactTable(t)
            } else {
                Block::Table(t)
            }
        },
        Block::Paragraph(format!(
            "合计人民币（大写）：{}　　（小写）¥{}",
            Money(r.amount_fen).capital(),
            yuan(r.amount_fen)
        )),
    ]);
    if !r.notes.is_empty() {
        blocks.push(Block::Paragraph(format!("备注：{}", r.notes)));
    }
    let mut contact = format!("收款单位（盖章）：{}", office.office_name);
    if !office.office_phone.is_empty() {
        contact.push_str(&format!("　　联系电话：{}", office.office_phone));
    }
    blocks.push(Block::Paragraph(contact));
    blocks.push(Block::Signatures(vec![
        format!("收款人（{}）", r.clerk),
        "交款人".into(),
    ]));
    if compact {
        // Copies sharing a sheet: the particulars in small type, no spacing.
        blocks = blocks
            .into_iter()
            .filter_map(|b| match b {
                Block::Meta(t) | Block::Paragraph(t) => Some(Block::Small(t)),
                Block::Spacer(_) => None,
                b => Some(b),
            })
            .collect();
    }
    blocks
}

/// 押金退还单: what was paid in, what is given back (in figures and capitals), what is withheld
/// and why, signed by the payee and the clerk.
pub fn refund_document(office: &OfficeSettings, r: &crate::db::charging::RefundRow) -> Document {
    let mut rows = vec![
        vec![
            "押金项目".to_string(),
            format!("{}（{}）", r.item, r.period.doc()),
        ],
        vec!["已收押金".to_string(), format!("¥{}", yuan(r.paid_fen))],
        vec![
            "退还金额".to_string(),
            format!(
                "¥{}　人民币（大写）{}",
                yuan(r.amount_fen),
                Money(r.amount_fen).capital()
            ),
        ],
    ];
    if r.withheld_fen > 0 {
        rows.push(vec![
            "扣留金额".to_string(),
            format!("¥{}　原因：{}", yuan(r.withheld_fen), r.withheld_reason),
        ]);
    }
    Document {
        landscape: false,
        header: office.office_name.clone(),
        title: format!("押金退还单 {}", r.unit),
        blocks: vec![
            Block::Title("押金退还单".into()),
            Block::Meta(format!(
                "房屋：{}　　业主：{}　　退还日期：{}",
                r.unit,
                if r.owner.is_empty() { "—" } else { &r.owner },
                doc_date(r.refunded_on)
            )),
            Block::Spacer(2.0),
            Block::Table(Table {
                columns: vec![
                    Column::new("项目", 1.0, Align::Left),
                    Column::new("内容", 4.0, Align::Left),
                ],
                rows,
                total: None,
            }),
            Block::Paragraph(format!("退款单位：{}", office.office_name)),
            Block::Signatures(vec![
                format!(
                    "领款人{}",
                    if r.payee.is_empty() {
                        String::new()
                    } else {
                        format!("（{}）", r.payee)
                    }
                ),
                format!("经办人（{}）", r.clerk),
                "负责人".into(),
            ]),
        ],
    }
}

pub fn print_refund(
    conn: &rusqlite::Connection,
    bill_id: i64,
    out: &std::path::Path,
    now: chrono::NaiveDateTime,
) -> Result<usize> {
    let r = crate::db::charging::refunds(conn, None)?
        .into_iter()
        .find(|r| r.bill_id == bill_id)
        .ok_or_else(|| crate::error::Error::invalid("这笔押金还没有退还。"))?;
    let office = crate::db::settings::load_office(conn)?;
    let (bytes, pages) = super::render(&refund_document(&office, &r), now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}

/// One notice per unit in arrears, each on its own page, in the words of the office's
/// 催缴通知书 template (the same template 通知公告 edits): refused, naming the field, when the
/// template asks for something the ledger cannot fill.
pub fn dunning_document(
    office: &OfficeSettings,
    template: &crate::domain::notices::Template,
    rows: &[ArrearsRow],
    as_of: NaiveDate,
) -> Result<Document> {
    use crate::domain::notices as n;
    let deadline = as_of + chrono::Duration::days(DUNNING_DAYS);
    let mut blocks = Vec::with_capacity(rows.len() * 12);
    let mut shared = std::collections::BTreeMap::new();
    shared.insert("小区".to_string(), office.estate_name.clone());
    shared.insert("管理处".to_string(), office.office_name.clone());
    shared.insert(n::PHONE_FIELD.to_string(), office.office_phone.clone());
    shared.insert("截至日期".to_string(), doc_date(as_of));
    shared.insert("缴费期限".to_string(), doc_date(deadline));
    shared.insert("文号".to_string(), String::new());
    shared.insert("发文日期".to_string(), doc_date(as_of));
    for a in rows {
        // Each notice a document of its own: numbered on its own, every page naming the unit
        // and whom it is addressed to.
        let addressee = if a.owner.is_empty() {
            "住户".to_string()
        } else {
            a.owner.clone()
        };
        blocks.push(Block::Section(format!("{} {addressee}", a.unit)));
        let columns = vec![
            Column::new("所属期间", 1.1, Align::Center),
            Column::new("收费项目", 2.0, Align::Left),
            Column::new("欠费金额（元）", 1.3, Align::Right),
            Column::new("账龄", 1.0, Align::Center),
        ];
        let table_rows = a
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.period.doc(),
                    l.item.clone(),
                    yuan(l.outstanding_fen),
                    l.ageing.label().into(),
                ]
            })
            .collect();
        let table = Block::Table(Table {
            columns,
            rows: table_rows,
            total: Some(vec![
                "合计".into(),
                format!("{} 笔", a.lines.len()),
                yuan(a.total_fen),
                String::new(),
            ]),
        });
        let mut v = shared.clone();
        // A unit without an owner on file is addressed to whoever lives in that room.
        let who = if a.owner.is_empty() {
            format!("{} 住户", a.unit)
        } else {
            format!("{} 业主", a.owner)
        };
        let late = a.late_fee_fen > 0;
        for (k, val) in [
            ("业主", who),
            ("房屋", a.unit.clone()),
            ("楼栋", a.building.clone()),
            ("欠费合计", yuan(a.total_fen)),
            ("欠费大写", Money(a.total_fen).capital()),
            (
                "滞纳金",
                if late {
                    yuan(a.late_fee_fen)
                } else {
                    String::new()
                },
            ),
            (
                "滞纳金大写",
                if late {
                    Money(a.late_fee_fen).capital()
                } else {
                    String::new()
                },
            ),
        ] {
            v.insert(k.to_string(), val);
        }
        let filled = n::fill(template, &v).map_err(|e| {
            crate::error::Error::invalid(format!(
                "催缴通知书模板：{e}（在 设置 › 通知模板 中修改）"
            ))
        })?;
        blocks.push(Block::Title(filled.title.clone()));
        blocks.extend(super::notices::body_blocks(&filled, Some(&table), false));
        blocks.extend(super::notices::closing(office, as_of, false));
        blocks.push(Block::Signatures(vec!["业主签收".into(), "送达人".into()]));
    }
    if rows.is_empty() {
        blocks.push(Block::Title("催缴通知书".into()));
        blocks.push(Block::Paragraph(format!(
            "截至 {}，没有欠费的房屋。",
            doc_date(as_of)
        )));
    }
    Ok(Document {
        landscape: false,
        header: office.office_name.clone(),
        title: format!("催缴通知书 {}", doc_date(as_of)),
        blocks,
    })
}

fn rate_row(name: &str, c: &Collected) -> Vec<String> {
    let rate = c.rate();
    vec![
        name.to_string(),
        yuan(c.billed_fen),
        yuan(c.collected_fen),
        yuan(c.billed_fen - c.collected_fen),
        rate_text(rate),
        match rate {
            Some(r) if r < TARGET_RATE => "低于目标".into(),
            Some(_) => "达标".into(),
            None => String::new(),
        },
    ]
}

pub fn collection_document(
    office: &OfficeSettings,
    r: &CollectionReport,
    today: NaiveDate,
) -> Document {
    let columns = |first: &str| {
        vec![
            Column::new(first, 1.6, Align::Left),
            Column::new("应收（元）", 1.3, Align::Right),
            Column::new("实收（元）", 1.3, Align::Right),
            Column::new("未收（元）", 1.3, Align::Right),
            Column::new("收缴率", 0.9, Align::Right),
            Column::new("对照 95%", 0.9, Align::Center),
        ]
    };
    let period = r.period.map(|p| p.doc()).unwrap_or_default();
    Document {
        landscape: false,
        header: office.office_name.clone(),
        title: format!("收缴率月报 {period}"),
        blocks: vec![
            Block::Title("收缴率月报".into()),
            Block::Meta(format!(
                "小区：{}　　所属期间：{period}　　制表日期：{}",
                office.estate_name,
                doc_date(today)
            )),
            Block::Meta(format!(
                "本期应收 ¥{}，本期实收 ¥{}，收缴率 {}（目标 95%）；收回往期欠费（清欠）¥{}，预收 ¥{}。",
                yuan(r.total.billed_fen),
                yuan(r.total.collected_fen),
                rate_text(r.total.rate()),
                yuan(r.recovered_fen),
                yuan(r.prepaid_fen)
            )),
            Block::Spacer(2.0),
            Block::Table(Table {
                columns: columns("楼栋"),
                rows: r.buildings.iter().map(|(b, c)| rate_row(b, c)).collect(),
                total: Some(rate_row("合计", &r.total)),
            }),
            Block::Spacer(4.0),
            Block::Table(Table {
                columns: columns("收费项目"),
                rows: r.items.iter().map(|(i, c)| rate_row(i, c)).collect(),
                total: Some(rate_row("合计", &r.total)),
            }),
            Block::Paragraph(
                "说明：收缴率 = 本期应收在期末前实收 ÷ 本期应收（含调整，不含押金）；预收款抵扣计入实收。清欠、预收单列，不计入本期收缴率。作废收据不计。"
                    .into(),
            ),
            Block::Signatures(vec!["制表".into(), "审核".into(), "日期".into()]),
        ],
    }
}

/// `print receipt NUMBER`: returns the number of pages.
pub fn print_receipt(
    conn: &rusqlite::Connection,
    number: &str,
    out: &std::path::Path,
    now: chrono::NaiveDateTime,
) -> Result<usize> {
    let r = crate::db::charging::receipt(conn, number)?;
    let office = crate::db::settings::load_office(conn)?;
    let reissued = match r.void {
        Some(_) => crate::db::charging::reissued_as(conn, &r.number)?,
        None => None,
    };
    let paper = ReceiptPaper::parse(&crate::db::settings::get(
        conn,
        crate::db::settings::RECEIPT_PAPER,
    )?);
    let (bytes, pages) =
        super::render(&receipt_sheet(&office, &r, reissued.as_deref(), paper), now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}

/// `print dunning --as-of`: every unit in arrears the filter keeps, a notice each. Returns
/// (units, pages).
pub fn print_dunning(
    conn: &rusqlite::Connection,
    as_of: NaiveDate,
    filter: &crate::db::charging::DunningFilter,
    out: &std::path::Path,
    now: chrono::NaiveDateTime,
) -> Result<(usize, usize)> {
    let rule = crate::db::settings::load_late_fee(conn)?;
    let rows: Vec<ArrearsRow> = crate::db::charging::arrears(conn, as_of, &rule)?
        .into_iter()
        .filter(|r| filter.keeps(r, as_of))
        .collect();
    let office = crate::db::settings::load_office(conn)?;
    let template = crate::db::notices::dunning_template(conn)?;
    let (bytes, pages) = super::render(&dunning_document(&office, &template, &rows, as_of)?, now)?;
    super::write_file(out, &bytes)?;
    Ok((rows.len(), pages))
}

/// The monthly collection report.
pub fn print_collection(
    conn: &rusqlite::Connection,
    period: crate::domain::period::Period,
    out: &std::path::Path,
    now: chrono::NaiveDateTime,
) -> Result<usize> {
    let r = crate::db::charging::collection(conn, period)?;
    let office = crate::db::settings::load_office(conn)?;
    let (bytes, pages) = super::render(&collection_document(&office, &r, now.date()), now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}

/// 日结单: the day's receipts by payment method with totals, every receipt, the voids apart,
/// and the signature lines of 收款人 and 复核人.
pub fn day_close_document(
    office: &OfficeSettings,
    d: &crate::db::charging::DayClose,
    today: NaiveDate,
) -> Document {
    let who = if d.clerk.is_empty() {
        "全部收款人".to_string()
    } else {
        d.clerk.clone()
    };
    let methods = d.by_method();
    let count: usize = methods.iter().map(|m| m.1).sum();
    let mut blocks = vec![
        Block::Title("收款日结单".into()),
        Block::Meta(format!(
            "小区：{}　　收款日期：{}　　收款人：{who}　　制表日期：{}",
            office.estate_name,
            doc_date(d.day),
            doc_date(today)
        )),
        Block::Meta(format!(
            "有效收据 {count} 张，合计 ¥{}（{}）。",
            yuan(d.total_fen()),
            crate::domain::money::Money(d.total_fen()).capital()
        )),
        Block::Spacer(2.0),
        Block::Table(Table {
            columns: vec![
                Column::new("付款方式", 1.5, Align::Left),
                Column::new("张数", 1.0, Align::Right),
                Column::new("金额（元）", 1.5, Align::Right),
            ],
            rows: methods
                .iter()
                .map(|(m, n, fen)| vec![m.as_str().to_string(), n.to_string(), yuan(*fen)])
                .collect(),
            total: Some(vec!["合计".into(), count.to_string(), yuan(d.total_fen())]),
        }),
        Block::Spacer(4.0),
        Block::Table(Table {
            columns: vec![
                Column::new("收据号", 1.3, Align::Left),
                Column::new("房屋", 1.8, Align::Left),
                Column::new("交款人", 1.0, Align::Left),
                Column::new("方式", 0.9, Align::Left),
                Column::new("收款人", 0.9, Align::Left),
                Column::new("金额（元）", 1.1, Align::Right),
                Column::new("备注", 1.0, Align::Left),
            ],
            rows: d
                .receipts
                .iter()
                .map(|r| {
                    vec![
                        r.number.clone(),
                        r.unit.clone(),
                        if r.payer.is_empty() {
                            r.owner.clone()
                        } else {
                            r.payer.clone()
                        },
                        r.method.as_str().to_string(),
                        r.clerk.clone(),
                        yuan(r.amount_fen),
                        if r.void.is_some() {
                            "已作废".into()
                        } else {
                            String::new()
                        },
                    ]
                })
                .collect(),
            total: None,
        }),
    ];
    let voided: Vec<&crate::db::charging::Receipt> = d.voided().collect();
    if !voided.is_empty() {
        blocks.push(Block::Spacer(4.0));
        blocks.push(Block::Paragraph(format!(
            "作废收据 {} 张（不计入合计）：",
            voided.len()
        )));
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("收据号", 1.3, Align::Left),
                Column::new("收款日期", 1.1, Align::Left),
                Column::new("金额（元）", 1.1, Align::Right),
                Column::new("作废时间", 1.4, Align::Left),
                Column::new("作废人", 0.9, Align::Left),
                Column::new("原因", 2.0, Align::Left),
            ],
            rows: voided
                .iter()
                .map(|r| {
                    let (at, by, why) = r.void.clone().unwrap_or_default();
                    vec![
                        r.number.clone(),
                        crate::domain::date::iso(r.paid_on),
                        yuan(r.amount_fen),
                        at.chars().take(16).collect(),
                        by,
                        why,
                    ]
                })
                .collect(),
            total: None,
        }));
    }
    blocks.push(Block::Spacer(6.0));
    blocks.push(Block::Signatures(vec![
        "收款人".into(),
        "复核人".into(),
        "日期".into(),
    ]));
    Document {
        landscape: false,
        header: office.office_name.clone(),
        title: format!("收款日结单 {}", crate::domain::date::iso(d.day)),
        blocks,
    }
}

/// Prints the 日结单 of a day (one clerk's or everyone's). Returns the number of pages.
pub fn print_day_close(
    conn: &rusqlite::Connection,
    day: NaiveDate,
    clerk: &str,
    out: &std::path::Path,
    now: chrono::NaiveDateTime,
) -> Result<usize> {
    let d = crate::db::charging::day_close(conn, day, clerk)?;
    let office = crate::db::settings::load_office(conn)?;
    let (bytes, pages) = super::render(&day_close_document(&office, &d, now.date()), now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}
