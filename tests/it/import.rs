//! Importing the real fixture files in tests/data/ (see make_test_files.py).

use crate::common::data;
use taizhang::db::{self, estate};
use taizhang::domain::area::Area;
use taizhang::io::units::{import_file, preview_file};

fn find<'a>(units: &'a [estate::UnitRow], label: &str) -> &'a estate::UnitRow {
    units
        .iter()
        .find(|u| u.label() == label)
        .unwrap_or_else(|| panic!("{label} not imported"))
}

#[test]
fn xlsx_with_title_row_and_real_cells() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("t.db"), crate::common::now()).unwrap();
    let preview = preview_file(&data("units.xlsx")).unwrap();
    assert_eq!(
        preview.header_row, 2,
        "title row above the header is skipped"
    );
    assert!(preview.errors.is_empty(), "{:?}", preview.errors);
    let mut seen = 0;
    let n = import_file(
        &conn,
        &data("units.xlsx"),
        &mut |done, _| seen = done,
        crate::common::now(),
    )
    .unwrap();
    assert_eq!((n.rows, n.done), (6, 6));
    assert_eq!(seen, 6, "progress reached the end");
    let units = estate::list_units(&conn).unwrap();
    assert_eq!(units.len(), 6);

    let z = find(&units, "10号楼1单元1201");
    assert_eq!(z.area, Area(8950));
    let owner = z.owner().unwrap();
    assert_eq!(owner.name, "张三");
    assert_eq!(owner.phone, "13800138000", "phone stored as a number cell");
    assert_eq!(
        owner.move_in.unwrap().to_string(),
        "2023-03-05",
        "date cell"
    );
    assert!(owner.file_complete && owner.file_signed, "是/是");

    let l = find(&units, "10号楼1单元1202");
    assert_eq!(l.area, Area(12035), "120.35㎡ as text");
    assert_eq!(l.owner().unwrap().phone, "13900139000");
    assert_eq!(
        l.owner().unwrap().move_in.unwrap().to_string(),
        "2023-03-05"
    );
    assert!(
        l.owner().unwrap().file_complete && !l.owner().unwrap().file_signed,
        "√/否"
    );
    assert!(
        !find(&units, "10号楼1单元1301")
            .owner()
            .unwrap()
            .file_complete,
        "empty = 否"
    );

    let w = find(&units, "10号楼1单元1301");
    assert_eq!(w.area, Area(14380), "' 143.8 m² ' with spaces");
    assert_eq!(w.owner().unwrap().name, "王堃");
    assert_eq!(w.owner().unwrap().phone2, "075586001234");
    assert_eq!(w.state.as_str(), "装修中");

    let v = find(&units, "10号楼2单元101");
    assert!(v.occupants.is_empty());
    assert_eq!(v.state.as_str(), "空置");

    let shop = find(&units, "商业街S001");
    assert_eq!(shop.usage.as_str(), "商铺");
    assert_eq!(shop.area, Area(5500));

    let p = find(&units, "地下车库P001");
    assert_eq!(p.area, Area(1250), "12.5平方米");
    assert_eq!(
        p.state.as_str(),
        "已入住",
        "empty state derived from the owner"
    );
    assert_eq!(
        p.owner().unwrap().move_in.unwrap().to_string(),
        "2023-03-15",
        "Excel serial 45000"
    );
}

#[test]
fn gb18030_and_utf8_bom_csv_read_the_same() {
    for file in ["units_gb18030.csv", "units_utf8_bom.csv"] {
        let dir = tempfile::tempdir().unwrap();
        let conn = db::open(&dir.path().join("t.db"), crate::common::now()).unwrap();
        assert_eq!(
            import_file(&conn, &data(file), &mut |_, _| {}, crate::common::now())
                .unwrap()
                .done,
            3,
            "{file}"
        );
        let units = estate::list_units(&conn).unwrap();
        let liu = find(&units, "5号楼1单元101");
        assert_eq!(liu.owner().unwrap().name, "刘德华", "{file}");
        assert_eq!(liu.area, Area(8950));
        let zeng = find(&units, "5号楼2单元101");
        assert_eq!(zeng.owner().unwrap().name, "曾小贤");
        assert_eq!(
            zeng.owner().unwrap().move_in.unwrap().to_string(),
            "2021-06-01"
        );
    }
}

#[test]
fn a_bad_file_imports_nothing_and_names_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("t.db"), crate::common::now()).unwrap();
    let err = import_file(
        &conn,
        &data("units_bad.csv"),
        &mut |_, _| {},
        crate::common::now(),
    )
    .unwrap_err();
    let text = err.to_string();
    for expected in [
        "第 3 行【收费面积（㎡）】：面积“八十九”不是数字",
        "第 3 行【联系电话】",
        "第 4 行【用途】：用途“仓库”",
        "第 4 行【身份证号】",
        "第 5 行【房号】：房屋 7号楼1单元101 与第 2 行重复",
        "第 6 行【房号】：房号不能为空",
        "第 6 行【入住日期】",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(text.contains("有 7 处错误"), "{text}");
    assert!(estate::list_units(&conn).unwrap().is_empty());
}

#[test]
fn unsupported_and_missing_files_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("清册.docx");
    std::fs::write(&doc, b"PK\x03\x04").unwrap();
    let err = preview_file(&doc).unwrap_err().to_string();
    assert!(err.contains("不支持的文件类型"), "{err}");
    let fake = dir.path().join("坏.xlsx");
    std::fs::write(&fake, "not a zip").unwrap();
    let err = preview_file(&fake).unwrap_err().to_string();
    assert!(err.contains("无法读取 Excel 文件"), "{err}");
    let garbage = dir.path().join("乱码.csv");
    std::fs::write(&garbage, [0xFFu8, 0xFF, 0x00, 0x81, 0x30]).unwrap();
    assert!(preview_file(&garbage).is_err());
}
