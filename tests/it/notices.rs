//! Issue 18: notices from templates — numbering, kept text, refusals by name, the batch
//! commands, per-entrance copies, and the one 催缴通知书 template shared with charging.

use crate::common::{assert_qpdf_ok, pdf_pages, run, run_ok, squash};
use taizhang::db::notices::{self as n, NoticeDraft};
use taizhang::domain::notices::{Target, Template};

fn at(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// The charging fixture (1号楼, 2号楼 and a shop), October billed.
fn estate(dir: &tempfile::TempDir) -> rusqlite::Connection {
    let (f, ..) = crate::assessment::october_with_staff(&dir.path().join("n.db"));
    taizhang::db::settings::save_office(
        &f.conn,
        &taizhang::db::settings::OfficeSettings {
            office_name: "锦绣花园物业管理处".into(),
            estate_name: "锦绣花园".into(),
            office_phone: "0755-86001234".into(),
        },
    )
    .unwrap();
    f.conn
}

fn water_cut(conn: &rusqlite::Connection, targets: Vec<Target>) -> NoticeDraft {
    NoticeDraft {
        template_id: n::template_by_name(conn, "停水通知").unwrap().id,
        inputs: vec![
            ("原因".into(), "二次供水管道检修".into()),
            ("开始时间".into(), "12-3 9:00".into()),
            ("结束时间".into(), "12-3 17:00".into()),
        ],
        targets,
        per_entrance: false,
        copied_from: None,
    }
}

/// A PDF's text without any spacing: lines wrap where the page ends.
fn flat(pdf: &std::path::Path) -> String {
    pdf_pages(pdf).join("").split_whitespace().collect()
}

fn two_buildings() -> Vec<Target> {
    vec![
        Target::Building("1号楼".into()),
        Target::Building("2号楼".into()),
    ]
}

#[test]
fn a_new_file_has_the_shipped_templates_and_the_dunning_one_is_marked() {
    let dir = tempfile::tempdir().unwrap();
    let conn = estate(&dir);
    let names: Vec<String> = n::templates(&conn)
        .unwrap()
        .into_iter()
        .map(|t| t.template.name)
        .collect();
    assert_eq!(
        names,
        [
            "停水通知",
            "停电通知",
            "停气通知",
            "电梯停运通知",
            "装修温馨提示",
            "消防安全通知",
            "催缴通知书",
            "一般通知"
        ]
    );
    assert!(n::dunning_template(&conn).unwrap().dunning);
    let e = n::template_by_name(&conn, "停暖通知")
        .unwrap_err()
        .to_string();
    assert!(e.contains("停暖通知") && e.contains("停水通知"), "{e}");
}

#[test]
fn numbers_are_gap_free_within_a_year_and_a_new_year_starts_at_one() {
    let dir = tempfile::tempdir().unwrap();
    let conn = estate(&dir);
    let out = dir.path().join("a.pdf");
    let issue = |when: &str, out: &std::path::Path| {
        taizhang::pdf::notices::issue_notice(
            &conn,
            &water_cut(&conn, two_buildings()),
            "王丽",
            out,
            at(when),
        )
    };
    let numbers: Vec<String> = ["2026-12-01 09:00", "2026-12-01 10:00"]
        .iter()
        .map(|w| issue(w, &out).unwrap().0.number)
        .collect();
    assert_eq!(numbers, ["通字〔2026〕第001号", "通字〔2026〕第002号"]);
    // A print that cannot be written takes no number and leaves no record.
    let nowhere = dir.path().join("no-such-folder").join("x.pdf");
    assert!(issue("2026-12-02 09:00", &nowhere).is_err());
    assert_eq!(n::notices_of_year(&conn, 2026).unwrap().len(), 2);
    assert_eq!(
        issue("2026-12-02 10:00", &out).unwrap().0.number,
        "通字〔2026〕第003号"
    );
    // The office's own prefix; a new year starts again at 1.
    taizhang::db::settings::set(&conn, n::PREFIX, "锦物通").unwrap();
    let (row, _) = issue("2027-01-04 09:00", &out).unwrap();
    assert_eq!(row.number, "锦物通〔2027〕第001号");
    assert_eq!(row.year, 2027);
    let seqs: Vec<i64> = n::notices_of_year(&conn, 2026)
        .unwrap()
        .iter()
        .map(|r| r.seq)
        .collect();
    assert_eq!(seqs, [3, 2, 1]);
    // Issued notices are the record: neither changed nor removed.
    assert!(
        conn.execute("UPDATE notice SET title = 'x' WHERE seq = 1", [])
            .is_err()
    );
    assert!(
        conn.execute("DELETE FROM notice WHERE seq = 3", [])
            .is_err()
    );
}

#[test]
fn a_changed_template_leaves_issued_notices_as_they_were_on_reprint() {
    let dir = tempfile::tempdir().unwrap();
    let conn = estate(&dir);
    let first = dir.path().join("first.pdf");
    let (row, pages) = taizhang::pdf::notices::issue_notice(
        &conn,
        &water_cut(&conn, two_buildings()),
        "王丽",
        &first,
        at("2026-12-01 09:00"),
    )
    .unwrap();
    assert_eq!(pages, 1);
    assert_qpdf_ok(&first);
    let text = flat(&first);
    for want in [
        "停水通知",
        "通字〔2026〕第001号",
        "1号楼、2号楼各位业主、住户",
        "因二次供水管道检修，1号楼、2号楼将于2026年12月3日星期四9:00至2026年12月3日星期四17:00暂停供水",
        "0755-86001234",
        "锦绣花园物业管理处（盖章）",
        "2026年12月1日",
    ] {
        assert!(text.contains(want), "{want} not in {text}");
    }
    assert!(!text.contains('{') && !text.contains('}'), "{text}");

    // The office rewrites the template and renames itself.
    let t = n::template_by_name(&conn, "停水通知").unwrap();
    let changed = Template {
        body: t.template.body.replace("暂停供水", "停止供水并清洗水箱"),
        ..t.template.clone()
    };
    n::save_template(
        &conn,
        Some(t.id),
        &changed,
        "陈建国",
        at("2026-12-02 09:00"),
    )
    .unwrap();
    let mut office = taizhang::db::settings::load_office(&conn).unwrap();
    office.office_name = "锦绣花园物业服务中心".into();
    taizhang::db::settings::save_office(&conn, &office).unwrap();

    let again = dir.path().join("again.pdf");
    taizhang::pdf::notices::reprint_notice(&conn, row.id, &again, at("2026-12-05 09:00")).unwrap();
    assert_eq!(pdf_pages(&again), pdf_pages(&first));

    // A new notice takes the new wording.
    let new = dir.path().join("new.pdf");
    taizhang::pdf::notices::issue_notice(
        &conn,
        &water_cut(&conn, two_buildings()),
        "王丽",
        &new,
        at("2026-12-05 10:00"),
    )
    .unwrap();
    let text = flat(&new);
    assert!(text.contains("停止供水并清洗水箱"), "{text}");
    assert!(text.contains("锦绣花园物业服务中心（盖章）"), "{text}");
}

#[test]
fn empty_unknown_and_misspelt_fields_are_refused_by_name_and_nothing_is_numbered() {
    let dir = tempfile::tempdir().unwrap();
    let conn = estate(&dir);
    let out = dir.path().join("x.pdf");
    let mut d = water_cut(&conn, two_buildings());
    d.inputs[1].1 = "  ".into();
    let e = taizhang::pdf::notices::issue_notice(&conn, &d, "王丽", &out, at("2026-12-01 09:00"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("{开始时间}") && e.contains("没有填写"), "{e}");
    let mut d = water_cut(&conn, two_buildings());
    d.inputs.push(("原由".into(), "x".into()));
    let e = taizhang::pdf::notices::issue_notice(&conn, &d, "王丽", &out, at("2026-12-01 09:00"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("{原由}"), "{e}");
    let mut d = water_cut(&conn, two_buildings());
    d.inputs[2].1 = "12-32 17:00".into();
    let e = taizhang::pdf::notices::issue_notice(&conn, &d, "王丽", &out, at("2026-12-01 09:00"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("{结束时间}"), "{e}");
    assert!(!out.exists());
    assert!(n::notices_of_year(&conn, 2026).unwrap().is_empty());

    // Templates with braces that make no field, or a taken name, are not saved.
    let t = n::template_by_name(&conn, "停电通知").unwrap();
    for (body, want) in [
        ("因{原因停电。", "没有对应的右括号"),
        ("因原因}停电。", "多余的右括号"),
        ("欠费：\n{欠费明细}", "只能用于催缴通知书"),
    ] {
        let bad = Template {
            body: body.into(),
            ..t.template.clone()
        };
        let e = n::save_template(&conn, Some(t.id), &bad, "", at("2026-12-01 09:00"))
            .unwrap_err()
            .to_string();
        assert!(e.contains(want), "{body}: {e}");
    }
    let dup = Template {
        name: "停水通知".into(),
        ..t.template.clone()
    };
    let e = n::save_template(&conn, None, &dup, "", at("2026-12-01 09:00"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("已有名为“停水通知”"), "{e}");
    assert_eq!(
        n::template_by_name(&conn, "停电通知").unwrap().template,
        t.template
    );
}

#[test]
fn one_copy_per_entrance_each_headed_with_its_own_entrance() {
    let dir = tempfile::tempdir().unwrap();
    let conn = estate(&dir);
    let entrances: Vec<(String, Vec<String>)> = n::buildings(&conn).unwrap();
    let b1 = entrances
        .iter()
        .find(|(b, _)| b == "1号楼")
        .map(|(_, e)| e.clone())
        .unwrap();
    let mut d = water_cut(&conn, vec![Target::Building("1号楼".into())]);
    d.per_entrance = true;
    let out = dir.path().join("e.pdf");
    let (row, pages) =
        taizhang::pdf::notices::issue_notice(&conn, &d, "王丽", &out, at("2026-12-01 09:00"))
            .unwrap();
    assert_eq!(pages, b1.len());
    assert_eq!(row.copies.len(), b1.len());
    let texts = pdf_pages(&out);
    for (page, e) in texts.iter().zip(&b1) {
        let page = squash(page);
        assert!(page.contains(&format!("张贴位置：1号楼{e}")), "{page}");
        assert!(page.contains(&format!("1号楼{e}各位业主")), "{page}");
        assert!(page.contains("通字〔2026〕第001号"), "{page}");
    }
}

#[test]
fn the_batch_commands_print_a_notice_and_report_the_year() {
    let dir = tempfile::tempdir().unwrap();
    drop(estate(&dir));
    let db = dir.path().join("n.db");
    let db = db.to_str().unwrap();
    let out = dir.path().join("water.pdf");
    let said = run_ok(
        db,
        &[
            "print",
            "notice",
            "停水通知",
            "--field",
            "原因=二次供水管道检修",
            "--field",
            "开始时间=11-26 9:00",
            "--field",
            "{结束时间}=11-26 17:00",
            "--to",
            "1号楼，2号楼",
            "--by",
            "王丽",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(said.contains("通字〔2026〕第001号"), "{said}");
    let text = flat(&out);
    assert!(
        text.contains("2026年11月26日星期四9:00至2026年11月26日星期四17:00"),
        "{text}"
    );
    // Refusals name what is wrong and write nothing.
    let bad = dir.path().join("bad.pdf");
    for (args, want) in [
        (vec!["--field", "原因=检修"], "{开始时间}"),
        (
            vec![
                "--field",
                "原因=检修",
                "--field",
                "开始时间=11-26 9:00",
                "--field",
                "结束时间=11-26 17:00",
                "--field",
                "时长=8小时",
            ],
            "{时长}",
        ),
        (vec!["--field", "原因"], "名称=值"),
        (
            vec![
                "--field",
                "原因=检修",
                "--field",
                "开始时间=11-26 9:00",
                "--field",
                "结束时间=11-26 17:00",
                "--to",
                "9号楼",
            ],
            "9号楼",
        ),
    ] {
        let mut all = vec!["--db", db, "print", "notice", "停水通知"];
        all.extend(args);
        all.extend(["--out", bad.to_str().unwrap()]);
        let (ok, _, err) = run(&all);
        assert!(!ok && err.contains(want), "{all:?}: {err}");
    }
    assert!(!bad.exists());
    let (ok, _, err) = run(&[
        "--db",
        db,
        "print",
        "notice",
        "催缴通知书",
        "--out",
        bad.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("print dunning"), "{err}");

    let csv = run_ok(db, &["report", "notices", "--year", "2026"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[0].starts_with("文号,发文日期,模板,标题,范围"),
        "{csv}"
    );
    assert!(
        lines[1].starts_with("通字〔2026〕第001号,2026-11-24,停水通知,停水通知,1号楼、2号楼,1,"),
        "{csv}"
    );
    let json = run_ok(
        db,
        &["report", "notices", "--year", "2026", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["件数"], 1);
    assert_eq!(v["明细"][0]["经办"], "王丽");
    let empty = run_ok(db, &["report", "notices", "--year", "2025"]);
    assert_eq!(empty.lines().count(), 1);
}

#[test]
fn dunning_notices_print_from_the_one_template_the_office_edits() {
    let dir = tempfile::tempdir().unwrap();
    let conn = estate(&dir);
    let t = n::template_by_name(&conn, "催缴通知书").unwrap();
    assert!(t.template.dunning);
    let changed = Template {
        body: format!(
            "{}\n　　逾期不缴的，将依照物业服务合同追缴。",
            t.template.body
        ),
        ..t.template.clone()
    };
    n::save_template(
        &conn,
        Some(t.id),
        &changed,
        "陈建国",
        at("2026-11-01 09:00"),
    )
    .unwrap();
    let out = dir.path().join("d.pdf");
    let (units, pages) = taizhang::pdf::charging::print_dunning(
        &conn,
        chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
        &Default::default(),
        &out,
        at("2026-11-01 09:00"),
    )
    .unwrap();
    assert!(units >= 2, "{units}");
    let texts = pdf_pages(&out);
    assert_eq!(texts.len(), pages);
    let first: String = texts[0].split_whitespace().collect();
    for want in [
        "催缴通知书",
        "截至2026年10月31日",
        "合计欠费：¥",
        "请您于2026年11月15日前",
        "联系电话：0755-86001234",
        "逾期不缴的，将依照物业服务合同追缴",
        "业主签收",
    ] {
        assert!(first.contains(want), "{want} not in {first}");
    }
    // A template the ledger cannot fill is refused by the field's name.
    let broken = Template {
        body: format!("{}\n{{车位号}}", t.template.body),
        ..t.template.clone()
    };
    n::save_template(&conn, Some(t.id), &broken, "", at("2026-11-01 09:00")).unwrap();
    let e = taizhang::pdf::charging::print_dunning(
        &conn,
        chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
        &Default::default(),
        &out,
        at("2026-11-01 09:00"),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("{车位号}"), "{e}");
}
