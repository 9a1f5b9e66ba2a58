//! The key registry on real temporary databases: catalogue import, loans and their history,
//! refusals, overdue, handover counts, batch commands and the printed register.

use crate::common::{assert_qpdf_ok, data, pdf_pages, run, squash};
use chrono::{NaiveDate, NaiveDateTime};
use taizhang::db::{self, keys};
use taizhang::domain::keys::{KeyAction, KeyState, LoanDraft, LoanInput};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// A fresh database with the units of units.xlsx and the keys of keys_gb18030.csv.
fn cabinet(dir: &tempfile::TempDir) -> rusqlite::Connection {
    let conn = db::open(&dir.path().join("k.db"), crate::common::now()).unwrap();
    taizhang::io::units::import_file(
        &conn,
        &data("units.xlsx"),
        &mut |_, _| {},
        crate::common::now(),
    )
    .unwrap();
    let n = taizhang::io::keys::import_file(
        &conn,
        &data("keys_gb18030.csv"),
        "黄勇",
        &mut |_, _| {},
        crate::common::now(),
    )
    .unwrap();
    assert_eq!((n.rows, n.done), (6, 6));
    conn
}

fn loan(borrower: &str, phone: &str, due: &str, reason: &str) -> LoanInput {
    LoanInput {
        borrower: borrower.into(),
        staff_id: None,
        phone: phone.into(),
        company: String::new(),
        id_number: String::new(),
        purpose: "维修".into(),
        due: at(due),
        emergency_reason: reason.into(),
    }
}

#[test]
fn the_catalogue_imports_with_units_linked() {
    let dir = tempfile::tempdir().unwrap();
    let conn = cabinet(&dir);
    let all = keys::list_keys(&conn).unwrap();
    let k1 = all.iter().find(|k| k.tag == "K-001").unwrap();
    assert_eq!(k1.label(), "10号楼1单元1201 防盗门");
    assert!(k1.unit_id.is_some());
    assert_eq!(
        all.iter().find(|k| k.tag == "K-101").unwrap().label(),
        "10号楼 5层楼梯间窗"
    );
    assert_eq!(all.iter().find(|k| k.tag == "K-101").unwrap().copies, 2);
    assert!(all.iter().find(|k| k.tag == "K-202").unwrap().emergency);
    assert!(all.iter().all(|k| k.state == KeyState::InStock));

    // The same file again: every tag is taken, nothing is added.
    let e = taizhang::io::keys::import_file(
        &conn,
        &data("keys_gb18030.csv"),
        "黄勇",
        &mut |_, _| {},
        crate::common::now(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("第 2 行【挂牌号】：挂牌号“K-001”在数据库中已存在"),
        "{e}"
    );
    assert_eq!(keys::list_keys(&conn).unwrap().len(), 6);

    // A unit that is not on file refuses the whole file.
    let csv = dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        "挂牌号,类别,品种,楼栋,单元,房号\nX-1,水表箱钥匙,,10号楼,,\nX-2,业主钥匙,防盗门,99号楼,1单元,101\n",
    )
    .unwrap();
    let e =
        taizhang::io::keys::import_file(&conn, &csv, "黄勇", &mut |_, _| {}, crate::common::now())
            .unwrap_err()
            .to_string();
    assert!(
        e.contains("第 3 行【房号】：房屋 99号楼1单元101 不在房屋清册中"),
        "{e}"
    );
    assert!(keys::key_by_tag(&conn, "X-1").unwrap().is_none());
}

#[test]
fn a_loan_and_its_return_are_history_and_a_key_cannot_go_out_twice() {
    let dir = tempfile::tempdir().unwrap();
    let conn = cabinet(&dir);
    let l = keys::lend(
        &conn,
        "k-201",
        &loan("李强", "13920307514", "2026-11-24 17:00", ""),
        "黄勇",
        at("2026-11-24 09:00"),
    )
    .unwrap();
    assert_eq!((l.tag.as_str(), l.key_label.as_str()), ("K-201", "配电房"));
    assert_eq!(l.lent_by, "黄勇");
    assert_eq!(
        keys::key_by_tag(&conn, "K-201").unwrap().unwrap().state,
        KeyState::Out
    );

    let e = keys::lend(
        &conn,
        "K-201",
        &loan("王芳", "13900000000", "2026-11-24 18:00", ""),
        "黄勇",
        at("2026-11-24 10:00"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("钥匙 K-201（配电房）：钥匙已借出，尚未归还，不能再借"),
        "{e}"
    );
    assert!(e.contains("现借用人：李强（13920307514）"), "{e}");

    // Overdue after 17:00, not before.
    assert!(
        keys::overdue_loans(&conn, at("2026-11-24 16:59"))
            .unwrap()
            .is_empty()
    );
    let overdue = keys::overdue_loans(&conn, at("2026-11-24 18:30")).unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].borrower, "李强");

    let back = keys::return_key(&conn, "K-201", "何平", at("2026-11-24 18:30")).unwrap();
    assert_eq!(back.received_by.as_deref(), Some("何平"));
    assert_eq!(back.returned_at, Some(at("2026-11-24 18:30")));
    assert!(
        keys::overdue_loans(&conn, at("2026-11-24 18:31"))
            .unwrap()
            .is_empty()
    );
    let e = keys::return_key(&conn, "K-201", "何平", at("2026-11-24 18:40"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("钥匙在库，没有未归还的借出记录"), "{e}");

    // Lent again later: two loans on file, newest first; events tell the story.
    keys::lend(
        &conn,
        "K-201",
        &loan("王芳", "13900000000", "2026-11-25 12:00", ""),
        "何平",
        at("2026-11-25 08:00"),
    )
    .unwrap();
    let history =
        keys::loans_of_key(&conn, keys::key_by_tag(&conn, "K-201").unwrap().unwrap().id).unwrap();
    let who: Vec<&str> = history.iter().map(|l| l.borrower.as_str()).collect();
    assert_eq!(who, vec!["王芳", "李强"]);
    let events = keys::key_events(&conn, history[0].key_id).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, vec!["借出", "归还", "借出", "导入"]);
    // The database refuses a second open loan even past the application.
    let second = conn.execute(
        "INSERT INTO key_loan(key_id, borrower, out_at, due_at, lent_by) VALUES (?1, 'x', '2026-11-25 09:00:00', '2026-11-25 10:00:00', 'y')",
        [history[0].key_id],
    );
    assert!(second.is_err());
}

#[test]
fn the_emergency_spare_goes_out_only_as_an_emergency() {
    let dir = tempfile::tempdir().unwrap();
    let conn = cabinet(&dir);
    let e = keys::lend(
        &conn,
        "K-202",
        &loan("张伟", "13920299595", "2026-11-24 23:00", ""),
        "黄勇",
        at("2026-11-24 21:00"),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("紧急备用钥匙，只能作为紧急借用"), "{e}");
    let l = keys::lend(
        &conn,
        "K-202",
        &loan(
            "张伟",
            "13920299595",
            "2026-11-24 23:00",
            "配电房跳闸，值班钥匙已借出",
        ),
        "黄勇",
        at("2026-11-24 21:00"),
    )
    .unwrap();
    assert_eq!(l.emergency_reason, "配电房跳闸，值班钥匙已借出");
    // No custodian on duty: refused, nothing written.
    let e = keys::return_key(&conn, "K-202", " ", at("2026-11-24 22:00"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("当班钥匙管理员"), "{e}");
    assert_eq!(
        keys::key_by_tag(&conn, "K-202").unwrap().unwrap().state,
        KeyState::Out
    );
}

#[test]
fn lost_disabled_and_restored_keys() {
    let dir = tempfile::tempdir().unwrap();
    let conn = cabinet(&dir);
    let k = keys::key_by_tag(&conn, "K-301").unwrap().unwrap();
    keys::lend(
        &conn,
        "K-301",
        &loan("装修工 李师傅", "13612345678", "2026-11-24 18:00", ""),
        "黄勇",
        at("2026-11-24 09:00"),
    )
    .unwrap();
    let e = keys::change_state(
        &conn,
        k.id,
        KeyAction::Disable,
        "",
        "黄勇",
        at("2026-11-24 10:00"),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("借出中的钥匙不能停用"), "{e}");
    assert_eq!(
        keys::change_state(
            &conn,
            k.id,
            KeyAction::ReportLost,
            "借用人报失",
            "黄勇",
            at("2026-11-24 12:00")
        )
        .unwrap(),
        KeyState::Lost
    );
    // Lost while out: the loan is closed, so nothing is overdue for it.
    assert!(keys::open_loans(&conn).unwrap().is_empty());
    let e = keys::lend(
        &conn,
        "K-301",
        &loan("王芳", "13900000000", "2026-11-24 18:00", ""),
        "黄勇",
        at("2026-11-24 13:00"),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("遗失"), "{e}");
    keys::change_state(
        &conn,
        k.id,
        KeyAction::Restore,
        "找回",
        "黄勇",
        at("2026-11-25 09:00"),
    )
    .unwrap();
    assert_eq!(
        keys::key_by_tag(&conn, "K-301").unwrap().unwrap().state,
        KeyState::InStock
    );
}

#[test]
fn a_handover_count_finds_missing_and_unexpected_keys() {
    let dir = tempfile::tempdir().unwrap();
    let conn = cabinet(&dir);
    keys::lend(
        &conn,
        "K-101",
        &loan("王芳", "13900000000", "2026-11-24 18:00", ""),
        "黄勇",
        at("2026-11-24 09:00"),
    )
    .unwrap();
    let id_of = |tag: &str| keys::key_by_tag(&conn, tag).unwrap().unwrap().id;
    // On the hooks: everything in stock except K-002, plus K-101 (the ledger says it is out).
    let found: Vec<i64> = ["K-001", "K-201", "K-202", "K-301", "K-101"]
        .iter()
        .map(|t| id_of(t))
        .collect();
    let e = keys::save_count(&conn, "黄勇", "", &found, "", at("2026-11-24 20:00"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("双方确认姓名"), "{e}");
    let count = keys::save_count(
        &conn,
        "黄勇",
        "何平",
        &found,
        "夜班交接",
        at("2026-11-24 20:00"),
    )
    .unwrap();
    let c = keys::get_count(&conn, count).unwrap();
    let tags = |v: Vec<&keys::CountLine>| v.iter().map(|l| l.tag.clone()).collect::<Vec<_>>();
    assert_eq!(tags(c.missing()), vec!["K-002"]);
    assert_eq!(tags(c.unexpected()), vec!["K-101"]);
    assert_eq!(c.lines.iter().filter(|l| l.expected).count(), 5);
    let summary = &keys::list_counts(&conn).unwrap()[0];
    assert_eq!((summary.missing, summary.unexpected), (1, 1));
    // The incoming custodian is now on duty.
    assert_eq!(
        db::settings::get(&conn, db::settings::KEY_CUSTODIAN).unwrap(),
        "何平"
    );

    let pdf = dir.path().join("count.pdf");
    taizhang::pdf::keys::print_count(&conn, count, &pdf, crate::common::now()).unwrap();
    assert_qpdf_ok(&pdf);
    let text = squash(&pdf_pages(&pdf).join("\n"));
    for expected in [
        "钥匙交接班盘点表",
        "交班人：黄勇",
        "接班人：何平",
        "缺失：K-002",
        "多出",
        "K-101",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
}

#[test]
fn a_loan_form_needs_a_phone_for_outsiders() {
    let now = at("2026-11-24 09:00");
    let errs = LoanDraft {
        borrower: "李师傅".into(),
        ..Default::default()
    }
    .validate(now, &Default::default())
    .unwrap_err();
    assert_eq!(errs[0].field, "电话");
}

#[test]
fn batch_lend_return_list_and_the_printed_register() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let db = db.to_str().unwrap();
    let (ok, _, err) = run(&[
        "--db",
        db,
        "import",
        "units",
        data("units.xlsx").to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let (ok, out, err) = run(&[
        "--db",
        db,
        "import",
        "keys",
        data("keys_gb18030.csv").to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("读取 6 行，新增钥匙 6 把"), "{out}");

    let (ok, out, err) = run(&[
        "--db",
        db,
        "keys",
        "lend",
        "K-001",
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
    assert!(ok, "{err}");
    assert!(
        out.contains("已借出：K-001（10号楼1单元1201 防盗门）借给 李师傅"),
        "{out}"
    );
    // Twice: refused with who has it.
    let (ok, _, err) = run(&[
        "--db",
        db,
        "keys",
        "lend",
        "K-001",
        "--to",
        "王五",
        "--phone",
        "13700000000",
    ]);
    assert!(!ok);
    assert!(
        err.contains("已借出，尚未归还") && err.contains("李师傅"),
        "{err}"
    );
    // The spare without a reason: refused; with one: lent.
    let (ok, _, err) = run(&[
        "--db",
        db,
        "keys",
        "lend",
        "K-202",
        "--to",
        "张伟",
        "--phone",
        "13920299595",
    ]);
    assert!(!ok);
    assert!(err.contains("紧急备用钥匙"), "{err}");
    let (ok, _, err) = run(&[
        "--db",
        db,
        "keys",
        "lend",
        "K-202",
        "--to",
        "张伟",
        "--phone",
        "13920299595",
        "--emergency",
        "配电房跳闸",
        "--due",
        "明天",
    ]);
    assert!(ok, "{err}");
    // A due time in the past is refused.
    let (ok, _, err) = run(&[
        "--db",
        db,
        "keys",
        "lend",
        "K-201",
        "--to",
        "王五",
        "--phone",
        "13700000000",
        "--due",
        "2020-01-01",
    ]);
    assert!(!ok);
    assert!(err.contains("已经过去"), "{err}");

    let (ok, out, err) = run(&[
        "--db", db, "keys", "list", "--state", "out", "--format", "csv",
    ]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("挂牌号,类别,钥匙"), "{out}");
    assert!(
        lines[1].starts_with("K-001,业主钥匙,10号楼1单元1201 防盗门"),
        "{out}"
    );
    let (ok, out, _) = run(&["--db", db, "keys", "list", "--state", "in"]);
    assert!(ok);
    assert_eq!(out.lines().count(), 5, "{out}");
    let (ok, out, _) = run(&["--db", db, "keys", "list", "--state", "overdue"]);
    assert!(ok);
    assert_eq!(out.lines().count(), 1, "nothing overdue yet: {out}");

    let (ok, out, err) = run(&["--db", db, "keys", "return", "k-001"]);
    assert!(ok, "{err}");
    assert!(out.contains("已归还：K-001"), "{out}");
    let (ok, _, err) = run(&["--db", db, "keys", "return", "K-999"]);
    assert!(!ok);
    assert!(err.contains("没有挂牌号为“K-999”的钥匙"), "{err}");

    let today = crate::common::today();
    let pdf = dir.path().join("register.pdf");
    let (ok, out, err) = run(&[
        "--db",
        db,
        "print",
        "key-register",
        "--from",
        &(today - chrono::Duration::days(1)).to_string(),
        "--to",
        &today.to_string(),
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("钥匙借返管理记录表"), "{out}");
    assert_qpdf_ok(&pdf);
    let text = squash(&pdf_pages(&pdf).join("\n"));
    // Cells wrap inside the table: compare without the spaces pdftotext puts between lines.
    let joined = text.replace(' ', "");
    for expected in [
        "钥匙借返管理记录表",
        "K-001",
        "李师傅",
        "13612345678",
        "装修",
        "K-202",
        "【紧急】配电房跳闸",
        "未还",
        "借：黄勇",
        "借用人签字",
    ] {
        assert!(joined.contains(expected), "{expected}: {text}");
    }
    assert!(text.replace(' ', "").contains("借出2次"), "{text}");
    // A range the wrong way round.
    let (ok, _, err) = run(&[
        "--db",
        db,
        "print",
        "key-register",
        "--from",
        "2026-11-30",
        "--to",
        "2026-11-01",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("早于开始日期"), "{err}");
}

#[test]
fn the_register_covers_exactly_its_days() {
    let dir = tempfile::tempdir().unwrap();
    let conn = cabinet(&dir);
    for (day, tag) in [
        ("2026-10-31", "K-001"),
        ("2026-11-01", "K-002"),
        ("2026-11-30", "K-101"),
        ("2026-12-01", "K-201"),
    ] {
        keys::lend(
            &conn,
            tag,
            &loan("王芳", "13900000000", &format!("{day} 18:00"), ""),
            "黄勇",
            at(&format!("{day} 09:00")),
        )
        .unwrap();
    }
    let nov = keys::loans_between(
        &conn,
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    )
    .unwrap();
    let tags: Vec<&str> = nov.iter().map(|l| l.tag.as_str()).collect();
    assert_eq!(tags, vec!["K-002", "K-101"]);
}

#[test]
fn an_owners_spare_key_is_deposited_with_a_witness() {
    let dir = tempfile::tempdir().unwrap();
    let conn = cabinet(&dir);
    let k = keys::key_by_tag(&conn, "K-001").unwrap().unwrap();
    let deposit = |by: &str, witness: &str| keys::Deposit {
        date: NaiveDate::from_ymd_opt(2026, 3, 5).unwrap(),
        deposited_by: by.into(),
        witness: witness.into(),
        sealed: true,
        notes: "装修期间".into(),
    };
    let e = keys::add_deposit(
        &conn,
        k.id,
        &deposit("张三", " "),
        "黄勇",
        "2026-03-05 10:00:00",
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("见证人"), "{e}");
    assert!(keys::deposits(&conn, k.id).unwrap().is_empty());
    keys::add_deposit(
        &conn,
        k.id,
        &deposit("张三", "何平"),
        "黄勇",
        "2026-03-05 10:00:00",
    )
    .unwrap();
    let on_file = keys::deposits(&conn, k.id).unwrap();
    assert_eq!(on_file.len(), 1);
    assert_eq!(
        (
            on_file[0].deposited_by.as_str(),
            on_file[0].witness.as_str()
        ),
        ("张三", "何平")
    );
    let events = keys::key_events(&conn, k.id).unwrap();
    assert_eq!(events[0].kind, "留存");
    assert_eq!(events[0].detail, "封存，由 张三 交存，何平 见证");
}

#[test]
fn the_demo_cabinet_agrees_with_the_staff_file_and_its_history_runs_in_time() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("d.db"), crate::common::now()).unwrap();
    taizhang::demo::fill(&conn, crate::common::now()).unwrap();
    let staff = taizhang::db::staff::list_staff(&conn).unwrap();
    let now = crate::common::now();
    let loans =
        keys::loans_between(&conn, now.date() - chrono::Duration::days(30), now.date()).unwrap();
    assert!(loans.len() >= 5, "{}", loans.len());
    for l in &loans {
        // A borrower on the roster is reached on their own phone.
        if let Some(s) = staff.iter().find(|s| s.name == l.borrower) {
            assert_eq!(l.phone, s.phone, "{}", l.borrower);
        }
    }
    let by_staff = loans
        .iter()
        .filter(|l| staff.iter().any(|s| s.name == l.borrower))
        .count();
    assert!(by_staff >= 3, "{by_staff}");
    // Every key's history, newest first, ends with its registration.
    for k in keys::list_keys(&conn).unwrap() {
        let events = keys::key_events(&conn, k.id).unwrap();
        let times: Vec<&str> = events.iter().map(|e| e.at.as_str()).collect();
        let mut sorted = times.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(times, sorted, "{}", k.tag);
        let first = &loans
            .iter()
            .filter(|l| l.key_id == k.id)
            .map(|l| l.out_at)
            .min();
        if let (Some(first), Some(created)) = (first, events.last()) {
            assert!(
                created.at < taizhang::db::stamp(*first),
                "{} {}",
                k.tag,
                created.at
            );
        }
    }
    // The receipts' 收款人 is on the roster.
    let receipts = taizhang::db::charging::list_receipts(&conn, None, Some(2026)).unwrap();
    assert!(!receipts.is_empty());
    for r in &receipts {
        assert!(staff.iter().any(|s| s.name == r.clerk), "{}", r.clerk);
    }
}

#[test]
fn the_count_sheet_hangs_b2_before_b10_and_lists_keys_on_loan_with_their_holder() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("k.db"), crate::common::now()).unwrap();
    for tag in ["B-10", "B-2", "B-1"] {
        let input = taizhang::domain::keys::KeyDraft {
            tag: tag.into(),
            category: "公共门窗钥匙".into(),
            target: format!("{tag} 楼梯间"),
            position: "B 板".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        keys::create_key(&conn, &input, "2026-11-01 08:00:00", "黄勇").unwrap();
    }
    keys::lend(
        &conn,
        "B-10",
        &loan("李师傅", "13612345678", "2026-11-24 18:00", ""),
        "黄勇",
        at("2026-11-24 09:00"),
    )
    .unwrap();
    let id_of = |tag: &str| keys::key_by_tag(&conn, tag).unwrap().unwrap().id;
    let count = keys::save_count(
        &conn,
        "黄勇",
        "何平",
        &[id_of("B-1"), id_of("B-2")],
        "",
        at("2026-11-24 20:00"),
    )
    .unwrap();
    let c = keys::get_count(&conn, count).unwrap();
    let out = c.lines.iter().find(|l| l.tag == "B-10").unwrap();
    assert_eq!((out.expected, out.present), (false, false));
    assert_eq!(out.holder, "李师傅 13612345678");
    assert!(c.missing().is_empty() && c.unexpected().is_empty());
    let pdf = dir.path().join("count.pdf");
    taizhang::pdf::keys::print_count(&conn, count, &pdf, crate::common::now()).unwrap();
    assert_qpdf_ok(&pdf);
    let text = squash(&pdf_pages(&pdf).join("\n"));
    let pos = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s}: {text}"));
    assert!(
        pos("B-1 ") < pos("B-2 ") && pos("B-2 ") < pos("B-10 "),
        "{text}"
    );
    assert!(text.contains("借出未还 1 把"), "{text}");
    assert!(text.contains("借出 李师傅 13612345678"), "{text}");
}
