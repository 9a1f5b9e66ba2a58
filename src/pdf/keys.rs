//! 钥匙借返管理记录表 (the loan/return register) and 钥匙交接班盘点表 (the handover count sheet).

use super::{Align, Block, Column, Document, Table};
use crate::db::keys::{HandoverCount, LoanRow};
use crate::db::settings::OfficeSettings;
use crate::domain::date::doc_date;
use crate::domain::keys::KeyCategory;
use crate::domain::text::natural_cmp;
use crate::error::Result;
use chrono::{NaiveDate, NaiveDateTime};

fn when(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d\n%H:%M").to_string()
}

pub fn register_document(
    office: &OfficeSettings,
    loans: &[LoanRow],
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Document {
    let columns = vec![
        Column::new("序号", 0.4, Align::Center),
        Column::new("挂牌号", 0.7, Align::Left),
        Column::new("钥匙", 1.7, Align::Left),
        Column::new("借用人", 1.3, Align::Left),
        Column::new("事由", 1.7, Align::Left),
        Column::new("借出", 0.9, Align::Center),
        Column::new("应还", 0.9, Align::Center),
        Column::new("归还", 0.9, Align::Center),
        Column::new("经办人", 0.8, Align::Left),
        Column::new("借用人签字", 0.8, Align::Left),
    ];
    let rows: Vec<Vec<String>> = loans
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut borrower = l.borrower.clone();
            for extra in [&l.company, &l.phone] {
                if !extra.is_empty() {
                    borrower.push('\n');
                    borrower.push_str(extra);
                }
            }
            let mut purpose = l.purpose.clone();
            if !l.emergency_reason.is_empty() {
                if !purpose.is_empty() {
                    purpose.push('\n');
                }
                purpose.push_str(&format!("【紧急】{}", l.emergency_reason));
            }
            let handled = match &l.received_by {
                Some(r) => format!("借：{}\n收：{r}", l.lent_by),
                None => format!("借：{}", l.lent_by),
            };
            vec![
                (i + 1).to_string(),
                l.tag.clone(),
                l.key_label.clone(),
                borrower,
                purpose,
                when(l.out_at),
                when(l.due_at),
                l.returned_at.map(when).unwrap_or_else(|| "未还".into()),
                handled,
                String::new(),
            ]
        })
        .collect();
    let open = loans.iter().filter(|l| l.returned_at.is_none()).count();
    let emergencies = loans
        .iter()
        .filter(|l| !l.emergency_reason.is_empty())
        .count();
    let mut total = vec![String::new(); columns.len()];
    total[1] = "合计".into();
    total[2] = format!("借出 {} 次", loans.len());
    total[3] = format!("未还 {open} 次");
    total[4] = format!("紧急借用 {emergencies} 次");
    Document {
        landscape: true,
        header: office.office_name.clone(),
        title: "钥匙借返管理记录表".into(),
        blocks: vec![
            Block::Title("钥匙借返管理记录表".into()),
            Block::Meta(format!(
                "小区：{}　　期间：{} 至 {}　　打印日期：{}",
                office.estate_name,
                doc_date(from),
                doc_date(to),
                doc_date(today)
            )),
            Block::Spacer(2.0),
            Block::Table(Table {
                columns,
                rows,
                total: Some(total),
            }),
            Block::Paragraph(
                "说明：钥匙须凭登记借出，借出与归还均由当班钥匙管理员经办；紧急备用钥匙只作紧急借用并注明原因。"
                    .into(),
            ),
            Block::Signatures(vec!["钥匙管理员".into(), "客服主管".into(), "日期".into()]),
        ],
    }
}

pub fn count_document(office: &OfficeSettings, c: &HandoverCount) -> Document {
    let missing = c.missing();
    let unexpected = c.unexpected();
    let expected = c.lines.iter().filter(|l| l.expected).count();
    let out = c
        .lines
        .iter()
        .filter(|l| !l.expected && !l.holder.is_empty())
        .count();
    let present = c.lines.iter().filter(|l| l.expected && l.present).count();
    let columns = vec![
        Column::new("类别", 1.3, Align::Left),
        Column::new("挂放位置", 0.9, Align::Left),
        Column::new("挂牌号", 0.8, Align::Left),
        Column::new("钥匙", 1.6, Align::Left),
        Column::new("账面", 0.5, Align::Center),
        Column::new("实盘", 0.5, Align::Center),
        Column::new("结果", 0.6, Align::Center),
        Column::new("借用人", 1.3, Align::Left),
    ];
    let mut lines: Vec<_> = c.lines.iter().collect();
    // B-2 before B-10, as the hooks hang.
    lines.sort_by(|a, b| {
        category_order(a.category)
            .cmp(&category_order(b.category))
            .then_with(|| natural_cmp(&a.position, &b.position))
            .then_with(|| natural_cmp(&a.tag, &b.tag))
    });
    let rows = lines
        .iter()
        .map(|l| {
            vec![
                l.category.to_string(),
                l.position.clone(),
                l.tag.clone(),
                l.label.clone(),
                if l.expected { "在库" } else { "借出" }.into(),
                match (l.expected, l.present) {
                    (_, true) => "在",
                    (true, false) => "缺",
                    (false, false) => "—",
                }
                .into(),
                match (l.expected, l.present) {
                    (true, true) => "相符",
                    (true, false) => "缺失",
                    (false, true) => "多出",
                    (false, false) => "借出",
                }
                .into(),
                l.holder.replacen(' ', "\n", 1),
            ]
        })
        .collect();
    let list = |v: &[&crate::db::keys::CountLine]| {
        v.iter()
            .map(|l| format!("{}（{}）", l.tag, l.label))
            .collect::<Vec<_>>()
            .join("、")
    };
    let mut blocks = vec![
        Block::Title("钥匙交接班盘点表".into()),
        Block::Meta(format!(
            "盘点时间：{}　　交班人：{}　　接班人：{}",
            c.at, c.outgoing, c.incoming
        )),
        Block::Meta(format!(
            "账面在库 {expected} 把，实盘相符 {present} 把，缺失 {} 把，多出 {} 把；借出未还 {out} 把",
            missing.len(),
            unexpected.len()
        )),
        Block::Spacer(2.0),
        Block::Table(Table {
            columns,
            rows,
            total: None,
        }),
    ];
    if !missing.is_empty() {
        blocks.push(Block::Paragraph(format!("缺失：{}", list(&missing))));
    }
    if !unexpected.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "多出（账面借出或遗失，实际在钩上）：{}",
            list(&unexpected)
        )));
    }
    if !c.notes.is_empty() {
        blocks.push(Block::Paragraph(format!("备注：{}", c.notes)));
    }
    blocks.push(Block::Signatures(vec![
        format!("交班人（{}）", c.outgoing),
        format!("接班人（{}）", c.incoming),
    ]));
    Document {
        landscape: false,
        header: office.office_name.clone(),
        title: "钥匙交接班盘点表".into(),
        blocks,
    }
}

fn category_order(c: KeyCategory) -> usize {
    KeyCategory::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

/// `print key-register`: returns the number of pages.
pub fn print_register(
    conn: &rusqlite::Connection,
    from: NaiveDate,
    to: NaiveDate,
    out: &std::path::Path,
    now: chrono::NaiveDateTime,
) -> Result<usize> {
    if to < from {
        return Err(crate::error::Error::invalid(format!(
            "结束日期 {} 早于开始日期 {}。",
            to, from
        )));
    }
    let loans = crate::db::keys::loans_between(conn, from, to)?;
    let office = crate::db::settings::load_office(conn)?;
    let doc = register_document(&office, &loans, from, to, now.date());
    let (bytes, pages) = super::render(&doc, now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}

/// A saved handover count; returns the number of pages.
pub fn print_count(
    conn: &rusqlite::Connection,
    id: i64,
    out: &std::path::Path,
    now: chrono::NaiveDateTime,
) -> Result<usize> {
    let count = crate::db::keys::get_count(conn, id)?;
    let office = crate::db::settings::load_office(conn)?;
    let doc = count_document(&office, &count);
    let (bytes, pages) = super::render(&doc, now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}
