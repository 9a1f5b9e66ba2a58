//! 房屋清册: the unit roster of one building.

use super::{Align, Block, Column, Document, Table};
use crate::db::estate::UnitRow;
use crate::db::settings::OfficeSettings;
use crate::domain::area::Area;
use crate::domain::date::{doc_date, iso};
use crate::domain::estate::OccupantRole;

pub fn roster_document(
    office: &OfficeSettings,
    building: &str,
    units: &[UnitRow],
    today: chrono::NaiveDate,
) -> Document {
    let total_area = Area(units.iter().map(|u| u.area.hundredths()).sum());
    // What the 状态 column says, counted the same way: a unit with an owner may be
    // 空置 or 装修中.
    let occupied = units
        .iter()
        .filter(|u| u.state == crate::domain::estate::UnitState::Occupied)
        .count();
    let rows = units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let owner = u.contact();
            vec![
                (i + 1).to_string(),
                u.entrance.clone(),
                u.room.clone(),
                u.area.to_string(),
                u.usage.to_string(),
                u.state.to_string(),
                owner
                    .map(|p| match p.role {
                        OccupantRole::Owner => p.name.clone(),
                        OccupantRole::Occupant => format!("{}（使用人）", p.name),
                    })
                    .unwrap_or_default(),
                owner
                    .map(|p| {
                        if p.phone2.is_empty() {
                            p.phone.clone()
                        } else {
                            format!("{}\n{}", p.phone, p.phone2)
                        }
                    })
                    .unwrap_or_default(),
                owner.and_then(|p| p.move_in).map(iso).unwrap_or_default(),
            ]
        })
        .collect();
    let columns = vec![
        Column::new("序号", 0.6, Align::Center),
        Column::new("单元", 0.9, Align::Center),
        Column::new("房号", 0.9, Align::Center),
        Column::new("收费面积(㎡)", 1.2, Align::Right),
        Column::new("用途", 0.7, Align::Center),
        Column::new("状态", 0.9, Align::Center),
        Column::new("业主", 1.1, Align::Left),
        Column::new("联系电话", 1.4, Align::Left),
        Column::new("入住日期", 1.3, Align::Center),
    ];
    let total = vec![
        "合计".to_string(),
        String::new(),
        format!("{} 户", units.len()),
        total_area.to_string(),
        String::new(),
        format!("已入住\n{occupied} 户"),
        String::new(),
        String::new(),
        String::new(),
    ];
    Document {
        landscape: false,
        header: office.office_name.clone(),
        title: format!("{building} 房屋清册"),
        blocks: vec![
            Block::Title("房屋清册".into()),
            Block::Meta(format!(
                "小区：{}　　楼栋：{}　　户数：{}　　收费面积合计：{} ㎡　　制表日期：{}",
                office.estate_name,
                building,
                units.len(),
                total_area,
                doc_date(today)
            )),
            Block::Spacer(2.0),
            Block::Table(Table {
                columns,
                rows,
                total: Some(total),
            }),
            Block::Paragraph(
                "说明：本清册由台账系统生成，业主资料如有变动请及时到管理处更新。".into(),
            ),
            Block::Signatures(vec!["制表人".into(), "审核人".into(), "日期".into()]),
        ],
    }
}

/// Prints the roster of `building` to `out`; returns the number of pages.
pub fn print_roster(
    conn: &rusqlite::Connection,
    building: &str,
    out: &std::path::Path,
    now: chrono::NaiveDateTime,
) -> crate::error::Result<usize> {
    let units = crate::db::estate::units_of_building(conn, building)?;
    let office = crate::db::settings::load_office(conn)?;
    let doc = roster_document(&office, building, &units, now.date());
    let (bytes, pages) = super::render(&doc, now)?;
    super::write_file(out, &bytes)?;
    Ok(pages)
}
