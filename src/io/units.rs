//! Importing units with their owners (房屋与业主) from the office's spreadsheets.

use super::{Cell, ImportFailure, RawTable, RowError, file_label, read_table};
use crate::domain::area::Area;
use crate::domain::date::{from_excel_serial, iso};
use crate::domain::estate::{UnitDraft, UnitInput, building_name, entrance_name};
use crate::domain::person::split_phones;
use crate::domain::text::{normalize, parse_yes_no};
use crate::error::{Error, Result};
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

impl Field {
    pub const ALL: [Field; 14] = [
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
    pub fn label(self) -> &'static str {
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
            Field::SpecialCare => &["特别关照", "需要特别关照", "关照事项", "specialcare"],
            Field::Notes => &["备注", "说明", "notes", "note", "remark"],
            Field::FileComplete => &["资料完整", "业主资料完整", "资料齐全", "filecomplete"],
            Field::FileSigned => &["已签字", "签字", "业主签字", "filesigned", "signed"],
        }
    }

    fn required(self) -> bool {
        matches!(self, Field::Building | Field::Room | Field::Area)
    }

    /// Matches a header cell: spaces, bracketed units like （㎡）, asterisks and case ignored.
    pub fn from_header(header: &str) -> Option<Field> {
        let mut h = String::new();
        let mut depth = 0;
        for c in normalize(header).chars() {
            match c {
                '(' | '（' | '[' | '【' => depth += 1,
                ')' | '）' | ']' | '】' => depth -= 1,
                _ if depth > 0 => {}
                ' ' | '*' | '_' | '-' | ':' | '：' => {}
                _ => h.extend(c.to_lowercase()),
            }
        }
        Field::ALL
            .into_iter()
            .find(|f| f.aliases().contains(&h.as_str()))
    }
}

/// What the GUI shows before importing: the mapping, the first rows, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitsPreview {
    pub file: String,
    pub header_row: usize,
    /// Each header in file order with the field it maps to (None: ignored).
    pub mapping: Vec<(String, Option<Field>)>,
    pub sample: Vec<Vec<String>>,
    pub rows: Vec<(usize, UnitInput)>,
    pub errors: Vec<RowError>,
}

impl UnitsPreview {
    pub fn into_rows(self) -> Result<Vec<(usize, UnitInput)>> {
        if self.errors.is_empty() {
            Ok(self.rows)
        } else {
            Err(Error::Import(ImportFailure {
                file: self.file,
                errors: self.errors,
            }))
        }
    }
}

pub fn preview_file(path: &Path) -> Result<UnitsPreview> {
    let table = read_table(path)?;
    parse_units(&table, &file_label(path))
}

/// Finds the header row (a title row above it is common), maps the columns and validates every
/// data row. Errors are collected, not returned early, so the office sees them all at once.
pub fn parse_units(table: &RawTable, file: &str) -> Result<UnitsPreview> {
    let header_idx = table
        .rows
        .iter()
        .take(10)
        .position(|r| {
            r.cells
                .iter()
                .any(|c| Field::from_header(&c.text()) == Some(Field::Room))
        })
        .ok_or_else(|| {
            Error::invalid(format!(
                "文件“{file}”的前 10 行中找不到表头（需要“楼栋”“房号”“收费面积”等列名）。"
            ))
        })?;
    let header = &table.rows[header_idx];
    let mut mapping = Vec::new();
    let mut columns: HashMap<Field, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (i, c) in header.cells.iter().enumerate() {
        let name = c.text();
        let field = Field::from_header(&name);
        if let Some(f) = field
            && columns.insert(f, i).is_some()
        {
            errors.push(RowError {
                row: header.line,
                column: name.clone(),
                message: format!("与另一列重复，都对应“{}”", f.label()),
            });
        }
        if !name.is_empty() {
            mapping.push((name, field));
        }
    }
    for f in Field::ALL.into_iter().filter(|f| f.required()) {
        if !columns.contains_key(&f) {
            errors.push(RowError {
                row: header.line,
                column: f.label().into(),
                message: format!("缺少必需的列“{}”", f.label()),
            });
        }
    }
    let header_names: HashMap<Field, String> = columns
        .iter()
        .map(|(f, i)| (*f, header.cells[*i].text()))
        .collect();

    let mut rows = Vec::new();
    let mut sample = Vec::new();
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    if errors.is_empty() {
        for raw in &table.rows[header_idx + 1..] {
            if raw.cells.iter().all(Cell::is_empty) {
                continue;
            }
            if sample.len() < 20 {
                sample.push(raw.cells.iter().map(Cell::text).collect());
            }
            let cell = |f: Field| {
                columns
                    .get(&f)
                    .and_then(|i| raw.cells.get(*i))
                    .cloned()
                    .unwrap_or(Cell::Empty)
            };
            let column_of = |field: &str| {
                Field::ALL
                    .into_iter()
                    .find(|f| f.label() == field)
                    .and_then(|f| header_names.get(&f).cloned())
                    .unwrap_or_else(|| field.to_string())
            };
            match row_to_input(&cell) {
                Ok(input) => {
                    let key = (
                        input.building.clone(),
                        input.entrance.clone(),
                        input.room.clone(),
                    );
                    if let Some(first) = seen.get(&key) {
                        errors.push(RowError {
                            row: raw.line,
                            column: column_of("房号"),
                            message: format!(
                                "房屋 {}{}{} 与第 {first} 行重复",
                                input.building, input.entrance, input.room
                            ),
                        });
                    } else {
                        seen.insert(key, raw.line);
                        rows.push((raw.line, input));
                    }
                }
                Err(mut field_errors) => {
                    // Report a row's errors left to right, as the office reads the sheet.
                    let position = |label: &str| {
                        Field::ALL
                            .into_iter()
                            .find(|f| f.label() == label)
                            .and_then(|f| columns.get(&f).copied())
                            .unwrap_or(usize::MAX)
                    };
                    field_errors.sort_by_key(|(field, _)| position(field));
                    for (field, message) in field_errors {
                        errors.push(RowError {
                            row: raw.line,
                            column: column_of(field),
                            message,
                        });
                    }
                }
            }
        }
        if rows.is_empty() && errors.is_empty() {
            errors.push(RowError {
                row: header.line,
                column: String::new(),
                message: "表头下面没有数据行".into(),
            });
        }
    }
    Ok(UnitsPreview {
        file: file.to_string(),
        header_row: header.line,
        mapping,
        sample,
        rows,
        errors,
    })
}

type FieldErrors = Vec<(&'static str, String)>;

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
    match cell(Field::MoveIn) {
        Cell::Number(n) | Cell::Date(n) => match from_excel_serial(n) {
            Ok(d) => draft.move_in = iso(d),
            Err(e) => errors.push(("入住日期", e)),
        },
        c => draft.move_in = c.text(),
    }
    match cell(Field::IdNumber) {
        Cell::Number(n) if n >= 1e15 => errors.push((
            "身份证号",
            "身份证号被 Excel 存成了数字，末几位已丢失：请把该列设为“文本”后重新填写".into(),
        )),
        c => draft.id_number = c.text(),
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

/// Reads, validates and imports a file in one transaction. Returns how many units were added.
pub fn import_file(
    conn: &rusqlite::Connection,
    path: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize> {
    let preview = preview_file(path)?;
    let file = preview.file.clone();
    let rows = preview.into_rows()?;
    crate::db::estate::import_units(conn, &file, &rows, &crate::db::now_text(), progress)
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
