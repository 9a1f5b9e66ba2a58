//! The batch command line, run as scripts run it.

use crate::common::{assert_qpdf_ok, data, pdf_pages, run, squash};

#[test]
fn demo_check_import_print_roundtrip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let db = db.to_str().unwrap();

    let (ok, out, err) = run(&["--db", db, "demo"]);
    assert!(ok, "{err}");
    assert!(out.contains("房屋 412 户"), "{out}");
    // One user per role, their passwords printed; and they sign in.
    for (name, role, password) in taizhang::demo::USERS {
        assert!(
            out.contains(&format!("{name}（{role}） 密码 {password}")),
            "{out}"
        );
        let conn = taizhang::db::open(std::path::Path::new(db), crate::common::now()).unwrap();
        let who =
            taizhang::db::users::sign_in(&conn, name, password, crate::common::now()).unwrap();
        assert_eq!(who.role, role);
    }
    assert!(out.contains("经理的一次性恢复码："), "{out}");
    // Running demo again never touches existing data.
    let (ok, out, _) = run(&["--db", db, "demo"]);
    assert!(ok);
    assert!(out.contains("已有房屋数据"), "{out}");

    let (ok, out, err) = run(&["--db", db, "check"]);
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("结构版本：{}", taizhang::db::SCHEMA_VERSION)),
        "{out}"
    );
    assert!(out.contains("应收余额核对：一致"), "{out}");
    assert!(out.contains("完整性检查：正常"), "{out}");
    assert!(out.contains("房屋 412 户"), "{out}");
    // Chinese only: no SQLite word, no Latin letters but the file's own name.
    let words = out.replace(db, "");
    assert!(!words.chars().any(|c| c.is_ascii_alphabetic()), "{out}");

    // Importing into the demo clashes with its 10号楼1单元1201: refused, nothing added.
    let xlsx = data("units.xlsx");
    let (ok, _, err) = run(&["--db", db, "import", "units", xlsx.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("10号楼1单元1201 在数据库中已存在"), "{err}");
    let (_, out, _) = run(&["--db", db, "check"]);
    assert!(out.contains("房屋 412 户"), "{out}");

    // Into a fresh database it goes in whole, and prints.
    let db2 = dir.path().join("imported.db");
    let db2 = db2.to_str().unwrap();
    let (ok, out, err) = run(&["--db", db2, "import", "units", xlsx.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("读取 6 行，新增房屋 6 户"), "{out}");
    let pdf2 = dir.path().join("imported.pdf");
    let (ok, _, err) = run(&[
        "--db",
        db2,
        "print",
        "roster",
        "--building",
        "10号楼",
        "--out",
        pdf2.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let text = squash(&pdf_pages(&pdf2).join(" "));
    assert!(
        text.contains("1单元 1301 143.80 住宅 装修中 王堃"),
        "rare name character survives: {text}"
    );

    let pdf = dir.path().join("roster.pdf");
    let (ok, out, err) = run(&[
        "--db",
        db,
        "print",
        "roster",
        "--building",
        "10",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("共 3 页"), "{out}");
    assert_qpdf_ok(&pdf);
    let pages = pdf_pages(&pdf);
    assert_eq!(pages.len(), 3);
    let first = squash(&pages[0]);
    assert!(first.contains("锦绣花园物业管理处"), "{first}");
    assert!(first.contains("房屋清册"));
    assert!(first.contains("楼栋：10号楼"));
    assert!(first.contains("户数：72"), "{first}");
    assert!(
        first.contains("1单元 1201 89.50 住宅 已入住 张三"),
        "{first}"
    );
    assert!(first.replace(' ', "").contains("第1页共3页"), "{first}");
    let last = squash(&pages[2]);
    assert!(last.contains("合计"), "{last}");
    // The total counts what the 状态 column shows, not the units that have an owner.
    let c = taizhang::db::open(std::path::Path::new(db), crate::common::now()).unwrap();
    let units = taizhang::db::estate::units_of_building(&c, "10号楼").unwrap();
    let shown = units
        .iter()
        .filter(|u| u.state == taizhang::domain::estate::UnitState::Occupied)
        .count();
    let owned = units.iter().filter(|u| !u.occupants.is_empty()).count();
    assert_ne!(shown, owned, "the demo has owners of empty units");
    assert!(last.contains(&format!("已入住 {shown} 户")), "{last}");
    assert!(last.contains("2单元 1802"), "{last}");
}

#[test]
fn bad_input_gets_chinese_messages_and_nonzero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();

    let (ok, _, err) = run(&["--db", db, "frobnicate"]);
    assert!(!ok);
    assert!(err.contains("没有“frobnicate”这个命令"), "{err}");

    let (ok, _, err) = run(&["--db", db, "print", "roster", "--out", "x.pdf"]);
    assert!(!ok);
    assert!(err.contains("缺少必需的参数"), "{err}");

    let (ok, _, err) = run(&["--db", db, "import", "units", "/no/such/file.xlsx"]);
    assert!(!ok);
    assert!(err.contains("找不到要导入的文件"), "{err}");

    let bad = data("units_bad.csv");
    let (ok, _, err) = run(&["--db", db, "import", "units", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("未导入任何数据"), "{err}");
    assert!(err.contains("第 3 行【收费面积（㎡）】"), "{err}");

    let out = dir.path().join("r.pdf");
    let (ok, _, err) = run(&[
        "--db",
        db,
        "print",
        "roster",
        "--building",
        "99号楼",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("找不到楼栋“99号楼”"), "{err}");
    assert!(!out.exists(), "no PDF for a failed print");

    let (ok, _, err) = run(&[
        "--db",
        dir.path().join("none.db").to_str().unwrap(),
        "check",
    ]);
    assert!(!ok);
    assert!(err.contains("不存在"), "{err}");

    let text = dir.path().join("memo.txt");
    std::fs::write(&text, "hello").unwrap();
    let (ok, _, err) = run(&["--db", text.to_str().unwrap(), "check"]);
    assert!(!ok);
    assert!(err.contains("不是 SQLite 数据库"), "{err}");
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "hello");
}

#[test]
fn an_older_demo_gets_staff_and_keys_but_a_real_office_is_never_touched() {
    let dir = tempfile::tempdir().unwrap();
    // A demo made before staff files and keys existed: the demo estate, nothing else.
    let old = dir.path().join("old-demo.db");
    {
        let conn = taizhang::db::open(&old, crate::common::now()).unwrap();
        taizhang::db::settings::save_office(
            &conn,
            &taizhang::db::settings::OfficeSettings {
                office_name: "锦绣花园物业管理处".into(),
                estate_name: "锦绣花园".into(),
                office_phone: String::new(),
            },
        )
        .unwrap();
        let rows: Vec<_> = taizhang::demo::demo_units()
            .into_iter()
            .enumerate()
            .collect();
        taizhang::db::estate::import_units(
            &conn,
            "旧演示",
            &rows,
            "2026-01-01 00:00:00",
            &mut |_, _| {},
        )
        .unwrap();
    }
    let (ok, out, err) = run(&["--db", old.to_str().unwrap(), "demo"]);
    assert!(ok, "{err}");
    assert!(out.contains("已补充：员工档案、钥匙"), "{out}");
    let (_, out, _) = run(&["--db", old.to_str().unwrap(), "check"]);
    assert!(out.contains("员工 31 人"), "{out}");
    assert!(out.contains("钥匙 31 把"), "{out}");

    // An office's own database with units: demo adds nothing.
    let real = dir.path().join("office.db");
    let (ok, _, err) = run(&[
        "--db",
        real.to_str().unwrap(),
        "import",
        "units",
        data("units.xlsx").to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let (ok, out, _) = run(&["--db", real.to_str().unwrap(), "demo"]);
    assert!(ok);
    assert!(out.contains("已有房屋数据，未添加演示数据"), "{out}");
    let (_, out, _) = run(&["--db", real.to_str().unwrap(), "check"]);
    assert!(out.contains("员工 0 人"), "{out}");
    assert!(out.contains("钥匙 0 把"), "{out}");
}

/// Every `--help` and every usage error reads in Chinese: none of clap's English headings,
/// flags or `error:` lines, for the top level and each subcommand.
#[test]
fn help_and_usage_errors_are_chinese_for_every_command() {
    fn paths(cmd: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(prefix.clone());
        for sub in cmd.get_subcommands() {
            let mut p = prefix.clone();
            p.push(sub.get_name().to_string());
            paths(sub, p, out);
        }
    }
    let mut all = Vec::new();
    paths(&taizhang::cli::command(), Vec::new(), &mut all);
    assert!(all.len() > 30, "{}", all.len());
    let english = [
        "Usage",
        "Options",
        "Commands",
        "Arguments",
        "error:",
        "Print help",
        "[OPTIONS]",
        "<COMMAND>",
        "<FILE>",
        "<FORMAT>",
        "tip:",
    ];
    for p in &all {
        let mut args: Vec<&str> = p.iter().map(String::as_str).collect();
        args.push("--help");
        let (ok, out, err) = run(&args);
        assert!(ok, "{args:?}: {err}");
        assert!(out.contains("用法：taizhang"), "{args:?}: {out}");
        for word in english {
            assert!(!out.contains(word), "{args:?} shows “{word}”: {out}");
        }
    }
    for bad in [
        vec!["improt", "units", "x.csv"],
        vec!["report", "arrears", "--format", "xml"],
        vec!["keys", "lend"],
        vec!["check", "--bogus"],
        vec!["bill"],
    ] {
        let (ok, _, err) = run(&bad);
        assert!(!ok);
        assert!(err.starts_with("错误："), "{bad:?}: {err}");
        for word in english {
            assert!(!err.contains(word), "{bad:?} shows “{word}”: {err}");
        }
    }
    let (_, _, err) = run(&["improt"]);
    assert!(err.contains("是不是要输入“print”或“import”？"), "{err}");
    let (_, _, err) = run(&["report", "arrears", "--format", "xml"]);
    assert!(err.contains("可选：csv、json"), "{err}");
}
