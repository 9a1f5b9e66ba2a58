//! Importing the key catalogue (钥匙清册) with the same rules as every importer.

use super::{
    Cell, FieldErrors, ImportField, Preview, RawTable, file_label, parse_sheet, read_table,
};
use crate::domain::keys::{KeyDraft, KeyInput};
use crate::domain::text::parse_yes_no;
use crate::error::Result;
use chrono::NaiveDateTime;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Tag,
    Category,
    Kind,
    Building,
    Entrance,
    Room,
    Target,
    Position,
    Copies,
    Emergency,
    Notes,
}

impl ImportField for Field {
    const ALL: &'static [Field] = &[
        Field::Tag,
        Field::Category,
        Field::Kind,
        Field::Building,
        Field::Entrance,
        Field::Room,
        Field::Target,
        Field::Position,
        Field::Copies,
        Field::Emergency,
        Field::Notes,
    ];

    fn label(self) -> &'static str {
        match self {
            Field::Tag => "挂牌号",
            Field::Category => "类别",
            Field::Kind => "品种",
            Field::Building => "楼栋",
            Field::Entrance => "单元",
            Field::Room => "房号",
            Field::Target => "对应位置",
            Field::Position => "挂放位置",
            Field::Copies => "数量",
            Field::Emergency => "紧急备用",
            Field::Notes => "备注",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Tag => &["挂牌号", "钥匙编号", "编号", "牌号", "挂放牌号", "tag"],
            Field::Category => &["类别", "钥匙类别", "分类", "category"],
            Field::Kind => &["品种", "钥匙品种", "门类", "kind"],
            Field::Building => &["楼栋", "楼号", "栋"],
            Field::Entrance => &["单元"],
            Field::Room => &["房号", "房间号"],
            Field::Target => &[
                "对应位置",
                "开启位置",
                "楼层",
                "设备",
                "设备名称",
                "用途",
                "位置说明",
            ],
            Field::Position => &["挂放位置", "挂钩", "挂钩位置", "柜位", "存放位置", "钥匙柜"],
            Field::Copies => &["数量", "把数", "copies"],
            Field::Emergency => &["紧急备用", "备用", "紧急备用钥匙"],
            Field::Notes => &["备注", "说明"],
        }
    }

    fn required(self) -> bool {
        matches!(self, Field::Tag | Field::Category)
    }
}

pub type KeysPreview = Preview<Field, KeyInput>;

pub fn preview_file(path: &Path) -> Result<KeysPreview> {
    let table = read_table(path)?;
    parse_keys(&table, &file_label(path))
}

pub fn parse_keys(table: &RawTable, file: &str) -> Result<KeysPreview> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    parse_sheet(
        table,
        file,
        Field::Tag,
        row_to_input,
        |k: &KeyInput, line| {
            seen.insert(k.tag.clone(), line)
                .map(|first| ("挂牌号", format!("挂牌号“{}”与第 {first} 行重复", k.tag)))
        },
    )
}

fn row_to_input(cell: &dyn Fn(Field) -> Cell) -> Result<KeyInput, FieldErrors> {
    let text = |f| cell(f).text();
    let mut errors: FieldErrors = Vec::new();
    let emergency = parse_yes_no(&text(Field::Emergency))
        .map_err(|e| errors.push(("紧急备用", e)))
        .unwrap_or(false);
    let draft = KeyDraft {
        tag: text(Field::Tag),
        category: text(Field::Category),
        kind: text(Field::Kind),
        building: text(Field::Building),
        entrance: text(Field::Entrance),
        room: text(Field::Room),
        target: text(Field::Target),
        position: text(Field::Position),
        copies: text(Field::Copies),
        emergency,
        notes: text(Field::Notes),
    };
    match draft.validate() {
        Ok(k) if errors.is_empty() => Ok(k),
        Ok(_) => Err(errors),
        Err(e) => {
            errors.extend(e.into_iter().map(|e| (e.field, e.message)));
            Err(errors)
        }
    }
}

/// Reads, validates and imports a catalogue in one transaction; returns how many keys.
pub fn import_file(
    conn: &rusqlite::Connection,
    path: &Path,
    by: &str,
    progress: &mut dyn FnMut(usize, usize),
    now: NaiveDateTime,
) -> Result<super::Imported<usize>> {
    let preview = preview_file(path)?;
    let file = preview.file.clone();
    let rows = preview.into_rows()?;
    let done =
        crate::db::keys::import_keys(conn, &file, &rows, &crate::db::stamp(now), by, progress)?;
    Ok(super::Imported {
        rows: rows.len(),
        done,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{ExpectOk, read_csv_bytes};

    #[test]
    fn a_catalogue_with_every_category() {
        let csv = "钥匙清册\n挂牌号,类别,品种,楼栋,单元,房号,对应位置,挂放位置,数量,紧急备用\n\
                   A-001,业主钥匙,防盗门,10,1,1201,,1号柜A1,1,\n\
                   G-3-5,公共门窗钥匙,,3,,,5层楼梯间窗,2号柜B1,2,\n\
                   E-01,设备房钥匙,,,,,配电房,3号柜C1,1,否\n\
                   E-01S,设备房钥匙,,,,,配电房,应急柜,1,是\n";
        let t = read_csv_bytes(csv.as_bytes(), "k.csv").expect_ok();
        let p = parse_keys(&t, "k.csv").expect_ok();
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.rows.len(), 4);
        assert!(p.rows[3].1.emergency);
        assert_eq!(p.rows[1].1.target, "3号楼 5层楼梯间窗");
    }

    #[test]
    fn bad_rows_are_all_named() {
        let csv = "挂牌号,类别,品种,楼栋,房号,紧急备用\n\
                   A-001,业主钥匙,防盗门,10,1201,\n\
                   A-002,车库钥匙,,,,也许\n\
                   a-001,业主钥匙,信箱,10,1202,\n\
                   A-003,业主钥匙,大门,10,1203,\n";
        let t = read_csv_bytes(csv.as_bytes(), "k.csv").expect_ok();
        let p = parse_keys(&t, "k.csv").expect_ok();
        let msgs: Vec<String> = p.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(msgs[0].starts_with("第 3 行【类别】"), "{msgs:?}");
        assert!(msgs[1].starts_with("第 3 行【紧急备用】"), "{msgs:?}");
        assert!(msgs[2].starts_with("第 4 行【挂牌号】"), "{msgs:?}");
        assert!(msgs[2].contains("与第 2 行重复"), "{msgs:?}");
        assert!(msgs[3].starts_with("第 5 行【品种】"), "{msgs:?}");
    }
}
