//! Importing units with their owners (房屋与业主) from the office's spreadsheets.

use super::{
    Cell, FieldErrors, ImportField, Preview, RawTable, date_cell, file_label, id_number_cell,
    parse_sheet, read_table,
};
use crate::domain::area::Area;
use crate::domain::estate::{UnitDraft, UnitInput, building_name, entrance_name};
use crate::domain::person::split_phones;
use crate::domain::text::parse_yes_no;
use crate::error::Result;
use chrono::NaiveDateTime;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Building,
    Entrance,
    Room,
    Area,
    Usage,
    State,
    Owner,
    Phone,
    IdNumber,
    MoveIn,
    SpecialCare,
    Notes,
    FileComplete,
    FileSigned,
}

impl ImportField for Field {
    const ALL: &'static [Field] = &[
        Field::Building,
        Field::Entrance,
        Field::Room,
        Field::Area,
        Field::Usage,
        Field::State,
        Field::Owner,
        Field::Phone,
        Field::IdNumber,
        Field::MoveIn,
        Field::SpecialCare,
        Field::Notes,
        Field::FileComplete,
        Field::FileSigned,
    ];

    /// The office's column name.
    fn label(self) -> &'static str {
        match self {
            Field::Building => "楼栋",
            Field::Entrance => "单元",
            Field::Room => "房号",
            Field::Area => "收费面积",
            Field::Usage => "用途",
            Field::State => "状态",
            Field::Owner => "业主姓名",
            Field::Phone => "联系电话",
            Field::IdNumber => "身份证号",
            Field::MoveIn => "入住日期",
            Field::SpecialCare => "特别关照",
            Field::Notes => "备注",
            Field::FileComplete => "资料完整",
            Field::FileSigned => "已签字",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Building => &["楼栋", "楼号", "楼宇", "栋", "楼栋号", "楼", "building"],
            Field::Entrance => &["单元", "单元号", "entrance"],
            Field::Room => &[
                "房号",
                "房间号",
                "室号",
                "门牌号",
                "房屋编号",
                "room",
                "roomno",
            ],
            Field::Area => &[
                "收费面积",
                "面积",
                "建筑面积",
                "计费面积",
                "area",
                "chargearea",
            ],
            Field::Usage => &["用途", "房屋用途", "房屋类型", "usage", "use"],
            Field::State => &["状态", "房屋状态", "state", "status"],
            Field::Owner => &[
                "业主姓名",
                "业主",
                "姓名",
                "户主",
                "owner",
                "ownername",
                "name",
            ],
            Field::Phone => &[
                "联系电话",
                "电话",
                "手机",
                "手机号",
                "联系方式",
                "phone",
                "tel",
                "mobile",
            ],
            Field::IdNumber => &[
                "身份证号",
                "身份证",
                "身份证号码",
                "证件号码",
                "idnumber",
                "id",
            ],
            Field::MoveIn => &["入住日期", "入住时间", "收房日期", "movein", "moveindate"],
            Field::SpecialCare => &[
                "特别关照",
                "特殊关照",
                "需要特别关照",
                "关照事项",
                "specialcare",
            ],
            Field::Notes => &["备注", "说明", "notes", "note", "remark"],
            Field::FileComplete => &["资料完整", "业主资料完整", "资料齐全", "filecomplete"],
            Field::FileSigned => &["已签字", "签字", "业主签字", "filesigned", "signed"],
        }
    }

    fn required(self) -> bool {
        matches!(self, Field::Building | Field::Room | Field::Area)
    }
}

/// What the GUI shows before importing units.
pub type UnitsPreview = Preview<Field, UnitInput>;

pub fn preview_file(path: &Path) -> Result<UnitsPreview> {
    let table = read_table(path)?;
    parse_units(&table, &file_label(path))
}

/// Maps the columns and validates every data row. Errors are collected, not returned early,
/// so the office sees them all at once.
pub fn parse_units(table: &RawTable, file: &str) -> Result<UnitsPreview> {
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    parse_sheet(
        table,
        file,
        Field::Room,
        row_to_input,
        |u: &UnitInput, line| {
            let key = (u.building.clone(), u.entrance.clone(), u.room.clone());
            match seen.get(&key) {
                Some(first) => Some((
                    "房号",
                    format!(
                        "房屋 {}{}{} 与第 {first} 行重复",
                        u.building, u.entrance, u.room
                    ),
                )),
                None => {
                    seen.insert(key, line);
                    None
                }
            }
        },
    )
}

fn row_to_input(cell: &dyn Fn(Field) -> Cell) -> Result<UnitInput, FieldErrors> {
    let mut errors: FieldErrors = Vec::new();
    let mut draft = UnitDraft {
        building: building_name(&cell(Field::Building).text()),
        entrance: entrance_name(&cell(Field::Entrance).text()),
        room: cell(Field::Room).text(),
        usage: cell(Field::Usage).text(),
        state: cell(Field::State).text(),
        notes: cell(Field::Notes).text(),
        owner_name: cell(Field::Owner).text(),
        special_care: cell(Field::SpecialCare).text(),
        ..Default::default()
    };
    match cell(Field::Area) {
        Cell::Number(n) => match Area::from_f64(n) {
            Ok(a) => draft.area = a.to_string(),
            Err(e) => errors.push(("收费面积", e)),
        },
        c => draft.area = c.text(),
    }
    match date_cell(cell(Field::MoveIn)) {
        Ok(d) => draft.move_in = d,
        Err(e) => errors.push(("入住日期", e)),
    }
    match id_number_cell(cell(Field::IdNumber)) {
        Ok(id) => draft.id_number = id,
        Err(e) => errors.push(("身份证号", e)),
    }
    match parse_yes_no(&cell(Field::FileComplete).text()) {
        Ok(v) => draft.file_complete = v,
        Err(e) => errors.push(("资料完整", e)),
    }
    match parse_yes_no(&cell(Field::FileSigned).text()) {
        Ok(v) => draft.file_signed = v,
        Err(e) => errors.push(("已签字", e)),
    }
    match split_phones(&cell(Field::Phone).text()) {
        Ok((a, b)) => {
            draft.phone = a;
            draft.phone2 = b;
        }
        Err(e) => errors.push(("联系电话", e)),
    }
    match draft.validate() {
        Ok(input) if errors.is_empty() => Ok(input),
        Ok(_) => Err(errors),
        Err(field_errors) => {
            errors.extend(field_errors.into_iter().map(|e| (e.field, e.message)));
            Err(errors)
        }
    }
}

/// What the window's preview and the import both check: the file's rows, and on the day of
/// the import an owner's ID number whose birth date has not come yet is refused.
pub fn check_file(path: &Path, today: chrono::NaiveDate) -> Result<UnitsPreview> {
    Ok(preview_file(path)?.refuse_where(|u: &UnitInput| {
        let id = &u.owner.as_ref()?.id_number;
        crate::domain::person::born_after(id, today).map(|e| ("身份证号", e))
    }))
}

/// Reads, validates and imports a file in one transaction. Returns how many units were added.
pub fn import_file(
    conn: &rusqlite::Connection,
    path: &Path,
    progress: &mut dyn FnMut(usize, usize),
    now: NaiveDateTime,
) -> Result<super::Imported<usize>> {
    let preview = check_file(path, now.date())?;
    let file = preview.file.clone();
    let rows = preview.into_rows()?;
    let done =
        crate::db::estate::import_units(conn, &file, &rows, &crate::db::stamp(now), progress)?;
    Ok(super::Imported {
        rows: rows.len(),
        done,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::ExpectOk;
    use crate::io::read_csv_bytes;

    #[test]
    fn headers_match_by_chinese_name_and_alias() {
        assert_eq!(Field::from_header("收费面积（㎡）"), Some(Field::Area));
        assert_eq!(Field::from_header(" 房号 "), Some(Field::Room));
        assert_eq!(Field::from_header("*楼栋"), Some(Field::Building));
        assert_eq!(Field::from_header("Phone"), Some(Field::Phone));
        assert_eq!(Field::from_header("Room No"), Some(Field::Room));
        assert_eq!(Field::from_header("车牌"), None);
    }

    #[test]
    fn bad_rows_are_all_reported_with_row_and_column() {
        let csv = "房屋清册\n楼栋,单元,房号,收费面积,业主姓名,联系电话\n10,1,1201,89.5,张三,13800138000\n10,1,1202,abc,李四,123\n10,1,1201,90,王五,\n";
        let t = read_csv_bytes(csv.as_bytes(), "t.csv").expect_ok();
        let p = parse_units(&t, "t.csv").expect_ok();
        assert_eq!(p.header_row, 2);
        assert_eq!(p.rows.len(), 1);
        let msgs: Vec<String> = p.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(p.errors.len(), 3, "{msgs:?}");
        assert!(msgs[0].starts_with("第 4 行【收费面积】"), "{msgs:?}");
        assert!(msgs[1].starts_with("第 4 行【联系电话】"), "{msgs:?}");
        assert!(msgs[2].contains("与第 3 行重复"), "{msgs:?}");
        assert!(p.into_rows().is_err());
    }

    #[test]
    fn missing_required_column_is_named() {
        let t = read_csv_bytes("楼栋,房号\n1,101\n".as_bytes(), "t.csv").expect_ok();
        let p = parse_units(&t, "t.csv").expect_ok();
        assert_eq!(p.errors.len(), 1);
        assert!(p.errors[0].message.contains("收费面积"));
    }
}
