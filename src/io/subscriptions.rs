//! Importing 按户 subscriptions (rented parking spaces and the like): 楼栋, 单元, 房号,
//! 收费项目, 车位号, 车牌号, 起始期间, 结束期间, 单价 — all or nothing, every bad row named.

use super::{
    Cell, FieldErrors, ImportField, Preview, RawTable, file_label, parse_sheet, read_table,
};
use crate::db::charging::SubscriptionInput;
use crate::domain::period::Period;
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Building,
    Entrance,
    Room,
    Item,
    Object,
    Plate,
    Start,
    End,
    Rate,
}

impl ImportField for Field {
    const ALL: &'static [Field] = &[
        Field::Building,
        Field::Entrance,
        Field::Room,
        Field::Item,
        Field::Object,
        Field::Plate,
        Field::Start,
        Field::End,
        Field::Rate,
    ];

    fn label(self) -> &'static str {
        match self {
            Field::Building => "楼栋",
            Field::Entrance => "单元",
            Field::Room => "房号",
            Field::Item => "收费项目",
            Field::Object => "车位号",
            Field::Plate => "车牌号",
            Field::Start => "起始期间",
            Field::End => "结束期间",
            Field::Rate => "单价",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Building => &["楼栋", "楼号", "栋"],
            Field::Entrance => &["单元"],
            Field::Room => &["房号", "房间号"],
            Field::Item => &["收费项目", "项目"],
            Field::Object => &["车位号", "车位", "对象"],
            Field::Plate => &["车牌号", "车牌"],
            Field::Start => &["起始期间", "开始期间", "起始月份", "开始月份"],
            Field::End => &["结束期间", "截止期间", "结束月份"],
            Field::Rate => &["单价", "月租", "月单价"],
        }
    }

    fn required(self) -> bool {
        matches!(
            self,
            Field::Building | Field::Room | Field::Item | Field::Start
        )
    }
}

/// A row as read: the unit and the item by name, resolved against the file on import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionRowIn {
    pub building: String,
    pub entrance: String,
    pub room: String,
    pub item: String,
    pub object: String,
    pub plate: String,
    pub start: Period,
    pub end: Option<Period>,
    pub rate_e4: Option<i64>,
}

pub type SubscriptionsPreview = Preview<Field, SubscriptionRowIn>;

pub fn preview_file(path: &Path) -> Result<SubscriptionsPreview> {
    let table = read_table(path)?;
    parse_subscriptions(&table, &file_label(path))
}

pub fn parse_subscriptions(table: &RawTable, file: &str) -> Result<SubscriptionsPreview> {
    parse_sheet(table, file, Field::Item, row_to_input, |_, _| None)
}

fn row_to_input(cell: &dyn Fn(Field) -> Cell) -> Result<SubscriptionRowIn, FieldErrors> {
    let text = |f| cell(f).text().trim().to_string();
    let mut errors: FieldErrors = Vec::new();
    for f in [Field::Building, Field::Room, Field::Item] {
        if text(f).is_empty() {
            errors.push((f.label(), format!("{}为空", f.label())));
        }
    }
    let start = super::charging::period_cell(cell(Field::Start))
        .map_err(|e| errors.push(("起始期间", e)))
        .ok();
    let end = if text(Field::End).is_empty() {
        None
    } else {
        super::charging::period_cell(cell(Field::End))
            .map_err(|e| errors.push(("结束期间", e)))
            .ok()
    };
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        errors.push(("结束期间", format!("结束期间 {e} 早于起始期间 {s}")));
    }
    let rate_e4 = if text(Field::Rate).is_empty() {
        None
    } else {
        crate::domain::charging::parse_rate(&text(Field::Rate))
            .map_err(|e| errors.push(("单价", e)))
            .ok()
    };
    match start {
        Some(start) if errors.is_empty() => Ok(SubscriptionRowIn {
            building: text(Field::Building),
            entrance: text(Field::Entrance),
            room: text(Field::Room),
            item: text(Field::Item),
            object: text(Field::Object),
            plate: text(Field::Plate),
            start,
            end,
            rate_e4,
        }),
        _ => Err(errors),
    }
}

/// Reads, checks and imports the file in one transaction; returns how many subscriptions.
pub fn import_file(
    conn: &rusqlite::Connection,
    path: &Path,
    now: NaiveDateTime,
) -> Result<super::Imported<usize>> {
    let preview = preview_file(path)?;
    let file = preview.file.clone();
    let rows = preview.into_rows()?;
    let units = crate::db::charging::unit_index(conn)?;
    let items = crate::db::charging::list_items(conn)?;
    let mut errors = Vec::new();
    let mut inputs = Vec::with_capacity(rows.len());
    for (line, r) in &rows {
        let mut bad = |column: &str, message: String| {
            errors.push(super::RowError {
                row: *line,
                column: column.to_string(),
                message,
            })
        };
        let key = (r.building.clone(), r.entrance.clone(), r.room.clone());
        let unit = units.get(&key).copied();
        if unit.is_none() {
            bad(
                "房号",
                format!("没有房屋 {}{}{}", r.building, r.entrance, r.room),
            );
        }
        let item = items.iter().find(|i| i.name == r.item);
        match item {
            None => bad("收费项目", format!("没有收费项目“{}”", r.item)),
            Some(i) if !i.per_household => bad(
                "收费项目",
                format!("收费项目“{}”不是按户收取的项目", r.item),
            ),
            _ => {}
        }
        if let (Some(unit_id), Some(item)) = (unit, item) {
            inputs.push(SubscriptionInput {
                unit_id,
                item_id: item.id,
                object: r.object.clone(),
                plate: r.plate.clone(),
                start: r.start,
                end: r.end,
                rate_e4: r.rate_e4,
            });
        }
    }
    if !errors.is_empty() {
        return Err(Error::Import(super::ImportFailure { file, errors }));
    }
    let done = crate::db::charging::add_subscriptions(conn, &inputs, now)
        .map_err(|e| Error::invalid(format!("{file}：{e}")))?;
    Ok(super::Imported {
        rows: rows.len(),
        done,
    })
}
