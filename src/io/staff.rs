//! The staff roster (花名册): import from the office's XLSX/CSV sheets and export to XLSX with
//! the same columns, so an exported roster imports back unchanged.

use super::{
    Cell, FieldErrors, ImportField, Preview, RawTable, date_cell, file_label, id_number_cell,
    parse_sheet, read_table,
};
use crate::db::staff::{ImportPlan, StaffRow};
use crate::domain::date::iso;
use crate::domain::staff::{StaffDraft, StaffInput};
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Gender,
    BirthDate,
    Department,
    Position,
    HireDate,
    Phone,
    IdNumber,
    State,
    LeaveDate,
    EmergencyContact,
    EmergencyPhone,
    Notes,
}

impl ImportField for Field {
    const ALL: &'static [Field] = &[
        Field::Name,
        Field::Gender,
        Field::BirthDate,
        Field::Department,
        Field::Position,
        Field::HireDate,
        Field::Phone,
        Field::IdNumber,
        Field::State,
        Field::LeaveDate,
        Field::EmergencyContact,
        Field::EmergencyPhone,
        Field::Notes,
    ];

    fn label(self) -> &'static str {
        match self {
            Field::Name => "姓名",
            Field::Gender => "性别",
            Field::BirthDate => "出生日期",
            Field::Department => "部门",
            Field::Position => "岗位",
            Field::HireDate => "入职日期",
            Field::Phone => "电话",
            Field::IdNumber => "身份证号",
            Field::State => "状态",
            Field::LeaveDate => "离职日期",
            Field::EmergencyContact => "紧急联系人",
            Field::EmergencyPhone => "紧急联系电话",
            Field::Notes => "备注",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Name => &["姓名", "员工姓名", "名字", "name"],
            Field::Gender => &["性别", "gender", "sex"],
            Field::BirthDate => &["出生日期", "出生年月", "生日", "birthdate", "birthday"],
            Field::Department => &["部门", "所属部门", "部门名称", "department", "dept"],
            Field::Position => &["岗位", "职务", "职位", "岗位名称", "position", "post"],
            Field::HireDate => &["入职日期", "入职时间", "到岗日期", "入司日期", "hiredate"],
            Field::Phone => &[
                "电话",
                "联系电话",
                "手机",
                "手机号",
                "手机号码",
                "联系方式",
                "phone",
                "mobile",
            ],
            Field::IdNumber => &["身份证号", "身份证", "身份证号码", "证件号码", "idnumber"],
            Field::State => &["状态", "在职状态", "员工状态", "state", "status"],
            Field::LeaveDate => &["离职日期", "离职时间", "leavedate"],
            Field::EmergencyContact => &["紧急联系人", "emergencycontact"],
            Field::EmergencyPhone => &["紧急联系电话", "紧急联系人电话", "紧急电话"],
            Field::Notes => &["备注", "说明", "notes", "remark"],
        }
    }

    fn required(self) -> bool {
        matches!(self, Field::Name | Field::Department)
    }
}

pub type StaffPreview = Preview<Field, StaffInput>;

pub fn preview_file(path: &Path) -> Result<StaffPreview> {
    let table = read_table(path)?;
    parse_staff(&table, &file_label(path))
}

/// Validates every row of a roster; every problem is reported with its row and column.
pub fn parse_staff(table: &RawTable, file: &str) -> Result<StaffPreview> {
    let mut seen_id: HashMap<String, usize> = HashMap::new();
    let mut seen_person: HashMap<(String, String), usize> = HashMap::new();
    parse_sheet(
        table,
        file,
        Field::Name,
        row_to_input,
        |s: &StaffInput, line| {
            let twin = if !s.id_number.is_empty() {
                seen_id
                    .insert(s.id_number.clone(), line)
                    .map(|first| ("身份证号", first))
            } else if !s.phone.is_empty() {
                seen_person
                    .insert((s.name.clone(), s.phone.clone()), line)
                    .map(|first| ("姓名", first))
            } else {
                None
            };
            twin.map(|(field, first)| {
                (
                    field,
                    format!("“{}”与第 {first} 行是同一人（{field}相同）", s.name),
                )
            })
        },
    )
}

fn row_to_input(cell: &dyn Fn(Field) -> Cell) -> Result<StaffInput, FieldErrors> {
    let mut errors: FieldErrors = Vec::new();
    let mut date = |f: Field| match date_cell(cell(f)) {
        Ok(d) => d,
        Err(e) => {
            errors.push((f.label(), e));
            String::new()
        }
    };
    let birth_date = date(Field::BirthDate);
    let hire_date = date(Field::HireDate);
    let leave_date = date(Field::LeaveDate);
    let id_number = match id_number_cell(cell(Field::IdNumber)) {
        Ok(id) => id,
        Err(e) => {
            errors.push(("身份证号", e));
            String::new()
        }
    };
    let draft = StaffDraft {
        name: cell(Field::Name).text(),
        gender: cell(Field::Gender).text(),
        birth_date,
        phone: cell(Field::Phone).text(),
        id_number,
        department: cell(Field::Department).text(),
        position: cell(Field::Position).text(),
        hire_date,
        state: cell(Field::State).text(),
        leave_date,
        emergency_contact: cell(Field::EmergencyContact).text(),
        emergency_phone: cell(Field::EmergencyPhone).text(),
        notes: cell(Field::Notes).text(),
    };
    match draft.validate() {
        Ok(input) if errors.is_empty() => Ok(input),
        Ok(_) => Err(errors),
        Err(field_errors) => {
            errors.extend(field_errors.into_iter().map(|e| (e.field, e.message)));
            Err(errors)
        }
    }
}

/// What the window's preview and the import both check: the roster's rows, and on the day
/// of the import an ID number whose birth date has not come yet is refused.
pub fn check_file(path: &Path, today: chrono::NaiveDate) -> Result<StaffPreview> {
    Ok(preview_file(path)?.refuse_where(|s: &StaffInput| {
        crate::domain::person::born_after(&s.id_number, today).map(|e| ("身份证号", e))
    }))
}

/// Reads, validates and imports a roster in one transaction.
pub fn import_file(
    conn: &rusqlite::Connection,
    path: &Path,
    progress: &mut dyn FnMut(usize, usize),
    now: NaiveDateTime,
) -> Result<super::Imported<ImportPlan>> {
    let rows = check_file(path, now.date())?.into_rows()?;
    let done = crate::db::staff::import_staff(conn, &rows, &crate::db::stamp(now), progress)?;
    Ok(super::Imported {
        rows: rows.len(),
        done,
    })
}

/// The roster as an XLSX workbook with the import's columns (IDs and phones as text, so Excel
/// keeps every digit). Written atomically. ID numbers in full only when `full_ids` (the
/// manager's copy, which imports again); masked otherwise.
pub fn export_xlsx(staff: &[StaffRow], path: &Path, full_ids: bool) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| Error::invalid(format!("生成 Excel 文件失败：{e}"));
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("花名册").map_err(err)?;
    let header = Format::new().set_bold().set_background_color("#D9E1F2");
    let text = Format::new().set_num_format("@");
    for (col, f) in Field::ALL.iter().enumerate() {
        let col = col as u16;
        ws.write_string_with_format(0, col, f.label(), &header)
            .map_err(err)?;
        let width = match f {
            Field::IdNumber => 21.0,
            Field::Phone | Field::EmergencyPhone => 14.0,
            Field::Notes => 30.0,
            Field::BirthDate | Field::HireDate | Field::LeaveDate => 12.0,
            _ => 10.0,
        };
        ws.set_column_width(col, width).map_err(err)?;
    }
    let d = |v: Option<chrono::NaiveDate>| v.map(iso).unwrap_or_default();
    for (i, s) in staff.iter().enumerate() {
        let r = (i + 1) as u32;
        let values = [
            s.name.clone(),
            s.gender.map(|g| g.as_str().to_string()).unwrap_or_default(),
            d(s.birth_date),
            s.department.clone(),
            s.position.clone(),
            d(s.hire_date),
            s.phone.clone(),
            if full_ids {
                s.id_number.clone()
            } else {
                crate::domain::person::mask_id_number(&s.id_number)
            },
            s.state.as_str().to_string(),
            d(s.leave_date),
            s.emergency_contact.clone(),
            s.emergency_phone.clone(),
            s.notes.clone(),
        ];
        for (col, v) in values.iter().enumerate() {
            ws.write_string_with_format(r, col as u16, v, &text)
                .map_err(err)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    let bytes = wb.save_to_buffer().map_err(err)?;
    crate::pdf::write_file(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{ExpectOk, read_csv_bytes};

    #[test]
    fn roster_rows_with_every_date_form() {
        let csv = "员工花名册\n姓名,性别,部门,岗位,入职日期,电话,身份证号,状态\n\
                   张伟,男,工程部,电工,2023-03-05,13800138000,,在职\n\
                   李娜,女,客服部,前台,2023/3/5,,,在职\n\
                   王芳,女,保洁部,保洁员,2023年3月5日,,,在职\n\
                   赵强,男,保安部,保安,44990,,,离职\n";
        let t = read_csv_bytes(csv.as_bytes(), "r.csv").expect_ok();
        let p = parse_staff(&t, "r.csv").expect_ok();
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.header_row, 2);
        let hired: Vec<String> = p
            .rows
            .iter()
            .map(|(_, s)| s.hire_date.map(iso).unwrap_or_default())
            .collect();
        assert_eq!(hired, vec!["2023-03-05"; 4]);
        assert_eq!(p.rows[3].0, 6, "row numbers as Excel shows them");
    }

    #[test]
    fn bad_rows_are_all_named() {
        let csv = "姓名,部门,入职日期,电话,状态\n\
                   张伟,工程部,2023-03-01,13800138000,在职\n\
                   ,客服部,2023-02-30,123,休假\n\
                   张伟,工程部,2023-03-01,13800138000,在职\n";
        let t = read_csv_bytes(csv.as_bytes(), "r.csv").expect_ok();
        let p = parse_staff(&t, "r.csv").expect_ok();
        let msgs: Vec<String> = p.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 5, "{msgs:?}");
        assert!(msgs[0].starts_with("第 3 行【姓名】"), "{msgs:?}");
        assert!(msgs[1].starts_with("第 3 行【入职日期】"), "{msgs:?}");
        assert!(msgs[2].starts_with("第 3 行【电话】"), "{msgs:?}");
        assert!(msgs[3].starts_with("第 3 行【状态】"), "{msgs:?}");
        assert!(msgs[4].starts_with("第 4 行【姓名】"), "{msgs:?}");
        assert!(msgs[4].contains("与第 2 行是同一人"), "{msgs:?}");
    }

    #[test]
    fn department_column_is_required() {
        let t = read_csv_bytes("姓名,岗位\n张伟,电工\n".as_bytes(), "r.csv").expect_ok();
        let p = parse_staff(&t, "r.csv").expect_ok();
        assert_eq!(p.errors.len(), 1);
        assert!(p.errors[0].message.contains("部门"));
    }
}
