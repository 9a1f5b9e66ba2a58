//! The hardening issue's reproductions, each as it was found: a batch command given the input
//! that crashed it now refuses it with a Chinese message naming the field, exits 1 (never 101)
//! and changes nothing.

use crate::common::run;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// Runs a command that must be refused: exit 1 with a Chinese message, no panic.
fn refused(args: &[&str]) -> String {
    let out = crate::common::bin_for(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

const UNITS_HEAD: &str =
    "楼栋,单元,房号,收费面积（㎡）,用途,状态,业主姓名,联系电话,身份证号,入住日期\n";

#[test]
fn an_id_number_of_18_bytes_with_a_chinese_character_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    for id in ["110105194912310中", "1101051949123100é"] {
        let csv = write(
            &dir,
            "units.csv",
            &format!(
                "{UNITS_HEAD}5号楼,1单元,101,89.50,住宅,已入住,刘德华,13500135000,{id},2020-05-01\n"
            ),
        );
        let err = refused(&["--db", db, "import", "units", &csv]);
        assert!(err.contains("身份证号"), "{err}");
        let staff = write(
            &dir,
            "staff.csv",
            &format!(
                "姓名,性别,部门,岗位,入职日期,电话,身份证号,状态\n刘德华,男,工程部,维修工,2020-05-01,13500135000,{id},在职\n"
            ),
        );
        let err = refused(&["--db", db, "import", "staff", &staff]);
        assert!(err.contains("身份证号"), "{err}");
    }
    let conn = taizhang::db::open(std::path::Path::new(db), crate::common::now()).unwrap();
    let stats = taizhang::db::estate::estate_stats(&conn).unwrap();
    assert_eq!(stats.units, 0, "nothing imported");
}

#[test]
fn an_impossible_birth_date_or_region_in_an_id_number_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    // Month 13, and region 99, each with a correct check character.
    for first17 in ["11010519491331002", "99010519491231002"] {
        let id = taizhang::domain::person::with_id_check(first17).unwrap();
        let csv = write(
            &dir,
            "units.csv",
            &format!(
                "{UNITS_HEAD}5号楼,1单元,101,89.50,住宅,已入住,刘德华,13500135000,{id},2020-05-01\n"
            ),
        );
        let err = refused(&["--db", db, "import", "units", &csv]);
        assert!(err.contains("身份证号") && err.contains("请核对"), "{err}");
    }
}

#[test]
fn amounts_areas_and_rates_beyond_any_office_are_refused_with_the_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    // A unit of 9999999.99 ㎡.
    let csv = write(
        &dir,
        "units.csv",
        &format!(
            "{UNITS_HEAD}5号楼,1单元,101,9999999.99,住宅,已入住,刘德华,13500135000,,2020-05-01\n"
        ),
    );
    let err = refused(&["--db", db, "import", "units", &csv]);
    assert!(err.contains("面积") && err.contains("大得不合理"), "{err}");
    // An item at 999999999 元/㎡.
    let items = write(
        &dir,
        "items.csv",
        "收费项目,计费方式,单价,适用范围,起始期间,可退还,备注\n物业管理费,按面积,999999999,住宅,2026-09,,\n",
    );
    let err = refused(&["--db", db, "import", "fee-items", &items]);
    assert!(err.contains("单价") && err.contains("大得不合理"), "{err}");
    // A payment of 9999999999999.99 元, on a unit that exists.
    let ok = write(
        &dir,
        "units_ok.csv",
        &format!("{UNITS_HEAD}5号楼,1单元,101,89.50,住宅,已入住,刘德华,13500135000,,2020-05-01\n"),
    );
    let (good, _, e) = run(&["--db", db, "import", "units", &ok]);
    assert!(good, "{e}");
    let items = write(
        &dir,
        "items.csv",
        "收费项目,计费方式,单价,适用范围,起始期间,可退还,备注\n物业管理费,按面积,2.50,住宅,2026-09,,\n",
    );
    let (good, _, e) = run(&["--db", db, "import", "fee-items", &items]);
    assert!(good, "{e}");
    let pay = write(
        &dir,
        "pay.csv",
        "楼栋,单元,房号,收费项目,所属期间,金额,收款日期,付款方式,收据号\n5号楼,1单元,101,物业管理费,2026-09,9999999999999.99,2026-09-15,现金,2026-000001\n",
    );
    let err = refused(&["--db", db, "import", "payments", &pay]);
    assert!(err.contains("金额") && err.contains("超过 1 亿元"), "{err}");
    let (_, out, _) = run(&["--db", db, "report", "collection", "--period", "2026-09"]);
    // Nothing was billed or paid, nothing wrapped negative.
    assert!(
        out.contains("全部,全部,0.00,0.00") && !out.contains(",-"),
        "{out}"
    );
}

/// A file with the six keys of the test data, for the two-desk tests.
fn cabinet(dir: &tempfile::TempDir) -> String {
    let db = dir.path().join("desks.db");
    let db = db.to_str().unwrap().to_string();
    for args in [
        vec![
            "--db",
            &db,
            "import",
            "units",
            crate::common::data("units.xlsx").to_str().unwrap(),
        ],
        vec![
            "--db",
            &db,
            "import",
            "keys",
            crate::common::data("keys_gb18030.csv").to_str().unwrap(),
        ],
    ] {
        let (ok, _, err) = run(&args);
        assert!(ok, "{err}");
    }
    db
}

fn lend(db: &str, tag: &str) -> (bool, String, std::time::Duration) {
    let t = std::time::Instant::now();
    let (ok, _, err) = run(&[
        "--db",
        db,
        "keys",
        "lend",
        tag,
        "--to",
        "李师傅",
        "--phone",
        "13612345678",
        "--purpose",
        "装修",
        "--due",
        "明天",
        "--by",
        "黄勇",
    ]);
    (ok, err, t.elapsed())
}

/// Another desk holding the write lock (a window in the middle of a billing run, say).
fn other_desk_writing(db: &str) -> rusqlite::Connection {
    let other = rusqlite::Connection::open(db).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; UPDATE setting SET value = value;")
        .unwrap();
    other
}

#[test]
fn a_second_desk_waits_for_the_first_and_then_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = cabinet(&dir);
    let other = other_desk_writing(&db);
    let done = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        other.execute_batch("COMMIT").unwrap();
    });
    let (ok, err, took) = lend(&db, "K-001");
    done.join().unwrap();
    assert!(ok, "it waited, then lent: {err}");
    assert!(took >= std::time::Duration::from_millis(1400), "{took:?}");
}

#[test]
fn a_second_desk_that_waits_too_long_says_so_in_chinese_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = cabinet(&dir);
    let other = other_desk_writing(&db);
    let (ok, err, took) = lend(&db, "K-001");
    assert!(!ok);
    assert!(
        took >= std::time::Duration::from_secs(4),
        "it waited: {took:?}"
    );
    assert!(
        err.contains("另一个窗口或程序正在写入这个数据库") && !err.contains("database is locked"),
        "{err}"
    );
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);
    let (_, out, _) = run(&["--db", &db, "keys", "list"]);
    assert!(!out.contains("李师傅"), "nothing lent: {out}");
    // Importing waits and explains the same way.
    let other = other_desk_writing(&db);
    let (ok, _, err) = run(&[
        "--db",
        &db,
        "import",
        "units",
        crate::common::data("units_utf8_bom.csv").to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("另一个窗口或程序正在写入"), "{err}");
    drop(other);
}

#[test]
fn an_unclosed_quote_in_a_note_refuses_the_file_instead_of_swallowing_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    let head = "楼栋,单元,房号,收费面积（㎡）,用途,状态,业主姓名,联系电话,身份证号,入住日期,备注\n";
    let csv = write(
        &dir,
        "units.csv",
        &format!(
            "{head}5号楼,1单元,101,89.50,住宅,已入住,刘德华,13500135000,,2023-03-05,\"钥匙已交\n\
             5号楼,1单元,102,89.50,住宅,已入住,张学友,13500135001,,2023-03-06,\n\
             5号楼,1单元,103,89.50,住宅,已入住,郭富城,13500135002,,2023-03-07,\n"
        ),
    );
    let err = refused(&["--db", db, "import", "units", &csv]);
    assert!(err.contains("第 2 行的引号没有配对"), "{err}");
    let conn = taizhang::db::open(std::path::Path::new(db), crate::common::now()).unwrap();
    assert_eq!(taizhang::db::estate::estate_stats(&conn).unwrap().units, 0);
    // The roster the same way: no department named after half the file.
    let staff = write(
        &dir,
        "staff.csv",
        "姓名,性别,部门,岗位,入职日期,电话,身份证号,状态\n刘德华,男,\"工程部,维修工,2020-05-01,13500135000,,在职\n曾小贤,男,客服部,物业管理员,2021-06-01,13400134000,,在职\n",
    );
    let err = refused(&["--db", db, "import", "staff", &staff]);
    assert!(err.contains("第 2 行的引号没有配对"), "{err}");
}

#[test]
fn an_xlsx_whose_used_range_reaches_xfd1048576_imports_without_building_the_grid() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    let path = dir.path().join("units.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let head = [
        "楼栋",
        "单元",
        "房号",
        "收费面积（㎡）",
        "用途",
        "状态",
        "业主姓名",
    ];
    let row = ["5号楼", "1单元", "101", "89.50", "住宅", "已入住", "刘德华"];
    for (c, (h, v)) in head.iter().zip(row).enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
        ws.write_string(1, c as u16, v).unwrap();
    }
    // One value in the last cell a sheet has.
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&path).unwrap();
    let (ok, out, err) = run(&["--db", db, "import", "units", path.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("1 户"), "{out}");
    // A renamed non-XLSX zip: a Chinese refusal, no abort.
    let fake = dir.path().join("fake.xlsx");
    std::fs::write(&fake, b"PK\x03\x04 not really a workbook").unwrap();
    let err = refused(&["--db", db, "import", "units", fake.to_str().unwrap()]);
    assert!(err.contains("无法读取 Excel 文件“fake.xlsx”"), "{err}");
}

#[test]
fn check_on_an_empty_file_says_so_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    std::fs::write(&db, b"").unwrap();
    let err = refused(&["--db", db.to_str().unwrap(), "check"]);
    assert!(err.contains("是空的（0 字节）"), "{err}");
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "nothing written");
}

#[test]
fn print_refuses_an_out_path_that_is_a_folder_or_a_device_and_leaves_no_tmp() {
    let dir = tempfile::tempdir().unwrap();
    let db = cabinet(&dir);
    let folder = dir.path().join("x.pdf");
    std::fs::create_dir(&folder).unwrap();
    let err = refused(&[
        "--db",
        &db,
        "print",
        "roster",
        "--building",
        "10号楼",
        "--out",
        folder.to_str().unwrap(),
    ]);
    assert!(err.contains("不是普通文件"), "{err}");
    assert!(folder.is_dir(), "the folder is still a folder");
    if std::path::Path::new("/dev/full").exists() {
        let err = refused(&[
            "--db",
            &db,
            "print",
            "roster",
            "--building",
            "10号楼",
            "--out",
            "/dev/full",
        ]);
        assert!(err.contains("不是普通文件"), "{err}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A folder named like a CSV file given to an import.
    let csv = dir.path().join("x.csv");
    std::fs::create_dir(&csv).unwrap();
    let err = refused(&["--db", &db, "import", "units", csv.to_str().unwrap()]);
    assert!(err.contains("是一个文件夹"), "{err}");
}

#[test]
fn demo_killed_half_way_leaves_the_file_as_it_was_and_a_second_run_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let counts = |p: &std::path::Path| {
        let c = taizhang::db::open(p, crate::common::now()).unwrap();
        (
            taizhang::db::estate::estate_stats(&c).unwrap().units,
            taizhang::db::charging::stats(&c).unwrap(),
        )
    };
    for wait in [150u64, 600] {
        let mut child = crate::common::bin()
            .args(["--db", db.to_str().unwrap(), "demo"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(wait));
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        if !finished {
            assert_eq!(
                counts(&db).0,
                0,
                "killed after {wait} ms: nothing half-done"
            );
        }
    }
    let (ok, _, err) = run(&["--db", db.to_str().unwrap(), "demo"]);
    assert!(ok, "{err}");
    let fresh = dir.path().join("fresh.db");
    let (ok, _, err) = run(&["--db", fresh.to_str().unwrap(), "demo"]);
    assert!(ok, "{err}");
    assert_eq!(
        counts(&db),
        counts(&fresh),
        "the second run built all of it"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("生成中"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "the scratch file is gone: {leftovers:?}"
    );
}

#[test]
fn large_demo_killed_half_way_leaves_the_file_empty_and_sound() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("big.db");
    let mut child = crate::common::bin()
        .args(["--db", db.to_str().unwrap(), "demo", "--scale", "large"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let _ = child.kill();
    assert!(
        !child.wait().unwrap().success(),
        "killed before it could finish"
    );
    let c = taizhang::db::open(&db, crate::common::now()).unwrap();
    assert_eq!(taizhang::db::estate::estate_stats(&c).unwrap().units, 0);
    assert_eq!(taizhang::db::charging::stats(&c).unwrap(), (0, 0, 0));
    drop(c);
    let (ok, out, err) = run(&["--db", db.to_str().unwrap(), "check"]);
    assert!(ok, "{out}{err}");
}

#[test]
fn a_deduction_date_must_be_a_day_of_its_month_and_99999_is_no_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    crate::common::run_ok(db, &["demo"]);
    let csv = dir.path().join("ded.csv");
    std::fs::write(
        &csv,
        "月份,姓名,考核项目,次数,日期,说明\n\
         2026-10,梁建华,不按规定着装,1,10月32日,\n\
         2026-10,梁建华,不按规定着装,1,99999,\n\
         2026-10,梁建华,不按规定着装,1,11月3日,\n",
    )
    .unwrap();
    let err = refused(&["--db", db, "import", "deductions", csv.to_str().unwrap()]);
    for line in 2..=4 {
        assert!(
            err.contains(&format!("第 {line} 行【日期】")),
            "{line}: {err}"
        );
    }
    std::fs::write(
        &csv,
        "月份,姓名,考核项目,次数,日期,说明\n2026-11,梁建华,不按规定着装,2,15日、11月8日,\n",
    )
    .unwrap();
    let out = crate::common::run_ok(db, &["import", "deductions", csv.to_str().unwrap()]);
    assert!(out.contains("读取 1 行，扣分记录 1 条"), "{out}");
    let c = taizhang::db::open(std::path::Path::new(db), crate::common::now()).unwrap();
    let dates: String = c
        .query_row(
            "SELECT dates FROM deduction ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dates, "11月8日、11月15日");
}

#[test]
fn a_cell_longer_than_a_page_refuses_the_file_with_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let csv = dir.path().join("u.csv");
    std::fs::write(
        &csv,
        format!(
            "楼栋,单元,房号,备注\n5号楼,1单元,101,\n5号楼,1单元,102,{}\n",
            "长".repeat(2001)
        ),
    )
    .unwrap();
    let err = refused(&[
        "--db",
        db.to_str().unwrap(),
        "import",
        "units",
        csv.to_str().unwrap(),
    ]);
    assert!(err.contains("第 3 行第 4 列有 2001 个字"), "{err}");
    let c = taizhang::db::open(&db, crate::common::now()).unwrap();
    assert_eq!(taizhang::db::estate::estate_stats(&c).unwrap().units, 0);
}

#[test]
fn an_id_number_born_after_today_is_refused_by_the_unit_and_staff_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    let units = dir.path().join("u.csv");
    std::fs::write(
        &units,
        "楼栋,单元,房号,收费面积,业主姓名,身份证号\n\
         5号楼,1单元,101,89.5,张三,110101199001010015\n\
         5号楼,1单元,102,90,李四,110101203001010014\n",
    )
    .unwrap();
    let err = refused(&["--db", db, "import", "units", units.to_str().unwrap()]);
    assert!(
        err.contains("第 3 行【身份证号】：身份证号中的出生日期 2030-01-01 晚于今天（2026-11-24）"),
        "{err}"
    );
    let staff = dir.path().join("s.csv");
    std::fs::write(
        &staff,
        "姓名,部门,身份证号\n王五,客服部,110101203001010014\n",
    )
    .unwrap();
    let err = refused(&["--db", db, "import", "staff", staff.to_str().unwrap()]);
    assert!(err.contains("第 2 行【身份证号】"), "{err}");
    let c = taizhang::db::open(std::path::Path::new(db), crate::common::now()).unwrap();
    assert_eq!(taizhang::db::estate::estate_stats(&c).unwrap().units, 0);
    // The same number is fine once its day has come.
    let later = crate::common::now() + chrono::Duration::days(365 * 4);
    assert_eq!(
        taizhang::domain::person::born_after("110101203001010014", later.date()),
        None
    );
}

#[test]
fn imported_receipt_numbers_keep_the_years_run_without_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    crate::common::run_ok(db, &["demo"]);
    let csv = dir.path().join("p.csv");
    let write = |rows: &str| {
        std::fs::write(
            &csv,
            format!("楼栋,单元,房号,收费项目,所属期间,金额,收款日期,付款方式,收据号\n{rows}"),
        )
        .unwrap()
    };
    write(
        "1号楼,1单元,1001,物业管理费,2015-01,100,2015-01-20,现金,2014-000001\n\
         1号楼,1单元,1002,物业管理费,2015-01,100,2015-01-20,现金,2015-12\n\
         1号楼,1单元,101,物业管理费,2015-01,100,2015-01-20,现金,No 12\n",
    );
    let err = refused(&["--db", db, "import", "payments", csv.to_str().unwrap()]);
    assert!(
        err.contains("第 2 行【收据号】：收据号 2014-000001 的年份与收款日期 2015-01-20 不符"),
        "{err}"
    );
    assert!(
        err.contains("第 3 行【收据号】：收据号“2015-12”应写作 2015-000123"),
        "{err}"
    );
    assert!(
        err.contains("第 4 行【收据号】：收据号“No 12”中有空格"),
        "{err}"
    );
    // 2015 has no receipts yet: its run starts at 000001.
    write("1号楼,1单元,1001,物业管理费,2015-01,100,2015-01-20,现金,2015-000005\n");
    let err = refused(&["--db", db, "import", "payments", csv.to_str().unwrap()]);
    assert!(
        err.contains("收据号 2015-000005 与 2015 年的收据号不连续（应为 2015-000001）"),
        "{err}"
    );
    write(
        "1号楼,1单元,1001,物业管理费,2015-01,100,2015-01-20,现金,2015-000002\n\
         1号楼,1单元,1002,物业管理费,2015-01,100,2015-01-21,现金,2015-000001\n\
         1号楼,1单元,101,物业管理费,2015-01,100,2015-01-22,现金,No.0012345\n",
    );
    let out = crate::common::run_ok(db, &["import", "payments", csv.to_str().unwrap()]);
    assert!(out.contains("读取 3 行，历史收据 3 张"), "{out}");
}

#[test]
fn full_width_is_half_width_in_numbers_and_codes_but_a_note_keeps_its_punctuation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    let units = write(
        &dir,
        "u.csv",
        "楼栋,单元,房号,收费面积,业主姓名,联系电话,备注,特殊关照\n\
         ５号楼,１单元,１２０１,８９．５０,张三,１３８００１３８０００,钥匙已交，（待确认）,独居老人（８０岁）\n",
    );
    crate::common::run_ok(db, &["import", "units", &units]);
    let c = rusqlite::Connection::open(db).unwrap();
    let (building, room, area, notes): (String, String, i64, String) = c
        .query_row(
            "SELECT b.name, u.room, u.area_hundredths, u.notes FROM unit u \
             JOIN entrance e ON e.id = u.entrance_id JOIN building b ON b.id = e.building_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (building.as_str(), room.as_str(), area),
        ("5号楼", "1201", 8950)
    );
    assert_eq!(notes, "钥匙已交，（待确认）");
    let (phone, care): (String, String) = c
        .query_row("SELECT phone, special_care FROM person", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(phone, "13800138000");
    assert_eq!(care, "独居老人（８０岁）");
}
