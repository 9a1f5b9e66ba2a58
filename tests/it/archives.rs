//! The archive on the charging fixture (张三 in 1-1-101 with a complete, signed owner file; 李四
//! in 1-1-102 complete but unsigned; 王五 in 2-1-101 neither; staff 刘丽, 陈静, 吴强): files and
//! their change records, the owner's file and the unit's flags as one truth, requests through
//! their states, campaigns and findings, the Excel index, and the documents read back.

use crate::assessment::october_with_staff;
use crate::common::{assert_qpdf_ok, now, pdf_pages, run, run_ok, squash};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use taizhang::db::archives::{self as a, Act, FileInput, RequestInput};
use taizhang::domain::archives::{Condition, RequestKind, RequestState, Secrecy};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn file(number: &str, kind: &str, title: &str, location: &str) -> FileInput {
    FileInput {
        number: number.into(),
        kind: kind.into(),
        title: title.into(),
        location: location.into(),
        ..Default::default()
    }
}

fn flags(conn: &rusqlite::Connection, name: &str) -> (bool, bool) {
    conn.query_row(
        "SELECT file_complete, file_signed FROM person WHERE name = ?1",
        [name],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn an_owner_file_and_the_unit_flags_are_one_truth() {
    let dir = tempfile::tempdir().unwrap();
    let (f, ..) = october_with_staff(&dir.path().join("a.db"));
    let t = now();
    // 张三's flags were kept by hand (complete, signed): his new file starts from them.
    let zhang = a::add_file(
        &f.conn,
        &FileInput {
            unit_id: Some(f.units[0]),
            ..file("YZ-1", "业主档案", "张三 业主档案", "档案室/A柜/第1层/01盒")
        },
        "刘丽",
        t,
    )
    .unwrap();
    assert_eq!(a::get_file(&f.conn, zhang).unwrap().docs.len(), 4);
    assert_eq!(flags(&f.conn, "张三"), (true, true));
    // 王五's file holds two of four documents: incomplete and unsigned, on the unit as well.
    let wang = a::add_file(
        &f.conn,
        &FileInput {
            unit_id: Some(f.units[2]),
            docs: vec!["身份证复印件".into(), "购房合同复印件".into()],
            ..file("YZ-2", "业主档案", "王五 业主档案", "档案室/A柜/第1层/01盒")
        },
        "刘丽",
        t,
    )
    .unwrap();
    assert_eq!(flags(&f.conn, "王五"), (false, false));
    // The signature arrives: the flag follows the file.
    let mut input = FileInput {
        unit_id: Some(f.units[2]),
        docs: vec![
            "身份证复印件".into(),
            "购房合同复印件".into(),
            "业主签字确认".into(),
        ],
        ..file("YZ-2", "业主档案", "王五 业主档案", "档案室/A柜/第1层/01盒")
    };
    a::update_file(&f.conn, wang, &input, "刘丽", "业主补签", t).unwrap();
    assert_eq!(flags(&f.conn, "王五"), (false, true));
    input.docs.push("入伙资料".into());
    a::update_file(&f.conn, wang, &input, "刘丽", "补交入伙资料", t).unwrap();
    assert_eq!(flags(&f.conn, "王五"), (true, true));
    // Ticking 资料不完整 on the unit form does not make a second truth: the file decides.
    let u = taizhang::db::estate::get_unit(&f.conn, f.units[2]).unwrap();
    let p = u.owner().unwrap();
    let unit_input = taizhang::domain::estate::UnitInput {
        building: u.building.clone(),
        entrance: u.entrance.clone(),
        room: u.room.clone(),
        area: u.area,
        usage: u.usage,
        state: u.state,
        notes: u.notes.clone(),
        owner: Some(taizhang::domain::estate::OwnerInput {
            name: p.name.clone(),
            phone: p.phone.clone(),
            phone2: p.phone2.clone(),
            id_number: p.id_number.clone(),
            move_in: p.move_in,
            special_care: p.special_care.clone(),
            file_complete: false,
            file_signed: false,
        }),
    };
    taizhang::db::estate::update_unit(&f.conn, u.id, &unit_input, "2026-11-24 10:00:00").unwrap();
    assert_eq!(flags(&f.conn, "王五"), (true, true));
    // The file shows what its kind's checklist lacks.
    let kinds = a::kinds(&f.conn).unwrap();
    let owner = kinds.iter().find(|k| k.name == "业主档案").unwrap();
    let row = a::get_file(&f.conn, wang).unwrap();
    assert!(taizhang::domain::archives::missing_documents(&owner.checklist, &row.docs).is_empty());
}

#[test]
fn every_change_is_recorded_with_who_when_and_why_and_cannot_be_altered() {
    let dir = tempfile::tempdir().unwrap();
    let (f, ..) = october_with_staff(&dir.path().join("a.db"));
    let t = now();
    let id = a::add_file(
        &f.conn,
        &FileInput {
            pages: 20,
            ..file("HT-1", "合同", "保洁外包合同", "档案室/B柜/第1层/01盒")
        },
        "刘丽",
        t,
    )
    .unwrap();
    let moved = FileInput {
        pages: 22,
        secrecy: Some(Secrecy::Internal),
        ..file("HT-1", "合同", "保洁外包合同", "档案室/B柜/第2层/03盒")
    };
    // No reason, nothing written.
    let e = a::update_file(&f.conn, id, &moved, "刘丽", " ", t).unwrap_err();
    assert!(e.to_string().contains("原因"), "{e}");
    assert_eq!(a::get_file(&f.conn, id).unwrap().pages, 20);
    let later = t + Duration::hours(2);
    assert_eq!(
        a::update_file(&f.conn, id, &moved, "陈静", "补充附件，换盒存放", later).unwrap(),
        3
    );
    let changes = a::changes(&f.conn, id).unwrap();
    let find = |field: &str| changes.iter().find(|c| c.field == field).unwrap();
    let m = find("存放位置");
    assert_eq!(
        (m.old.as_str(), m.new.as_str(), m.by.as_str()),
        ("档案室/B柜/第1层/01盒", "档案室/B柜/第2层/03盒", "陈静")
    );
    assert_eq!(m.reason, "补充附件，换盒存放");
    assert_eq!(m.at, later);
    assert_eq!(
        (find("页数").old.as_str(), find("页数").new.as_str()),
        ("20", "22")
    );
    assert_eq!(find("密级").new, "内部");
    assert_eq!(find("建档").by, "刘丽");
    // The same again changes nothing and records nothing.
    assert_eq!(
        a::update_file(&f.conn, id, &moved, "陈静", "再存一次", later).unwrap(),
        0
    );
    assert_eq!(a::changes(&f.conn, id).unwrap().len(), changes.len());
    // The record is append-only in the file itself.
    assert!(
        f.conn
            .execute("UPDATE archive_change SET by = 'x'", [])
            .unwrap_err()
            .to_string()
            .contains("不能修改")
    );
    assert!(f.conn.execute("DELETE FROM archive_change", []).is_err());
    // Numbers are unique; unknown kinds are named.
    let e = a::add_file(&f.conn, &file("HT-1", "合同", "又一份", ""), "刘丽", t).unwrap_err();
    assert!(e.to_string().contains("已被使用"), "{e}");
    let e = a::add_file(&f.conn, &file("X-1", "图纸", "又一份", ""), "刘丽", t).unwrap_err();
    assert!(e.to_string().contains("不是档案类别"), "{e}");
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

#[test]
fn a_request_runs_its_course_and_the_rules_hold_at_each_step() {
    let dir = tempfile::tempdir().unwrap();
    let (f, ..) = october_with_staff(&dir.path().join("a.db"));
    let t = at("2026-11-02 09:00");
    let one = a::add_file(
        &f.conn,
        &file("GC-1", "工程档案", "竣工图", "档案室/B柜"),
        "刘丽",
        t,
    )
    .unwrap();
    let two = a::add_file(
        &f.conn,
        &file("GC-2", "工程档案", "管网图", "档案室/B柜"),
        "刘丽",
        t,
    )
    .unwrap();
    let ask = |who: &str, kind, due: Option<NaiveDate>, files: Vec<i64>, at: NaiveDateTime| {
        a::add_request(
            &f.conn,
            &RequestInput {
                kind,
                requester: who.into(),
                phone: String::new(),
                purpose: "维修核对管线".into(),
                due,
                files,
            },
            at,
        )
    };
    let r = ask(
        "吴强",
        RequestKind::Borrow,
        Some(d("2026-11-05")),
        vec![one, two],
        t,
    )
    .unwrap();
    // Nothing leaves before approval; the requester never approves.
    let e = a::act(&f.conn, r, &Act::HandOut, "刘丽", t).unwrap_err();
    assert!(e.to_string().contains("未经审批"), "{e}");
    let e = a::act(&f.conn, r, &Act::Approve, "吴强", t).unwrap_err();
    assert!(e.to_string().contains("不能是申请人"), "{e}");
    assert_eq!(
        a::act(&f.conn, r, &Act::Approve, "陈静", t).unwrap(),
        RequestState::Approved
    );
    assert_eq!(
        a::act(&f.conn, r, &Act::HandOut, "刘丽", t).unwrap(),
        RequestState::Out
    );
    // Past the due date it is overdue, and its borrower gets nothing else.
    let late = at("2026-11-08 10:00");
    assert!(a::get_request(&f.conn, r).unwrap().overdue(late));
    let three = a::add_file(&f.conn, &file("HT-9", "合同", "合同", ""), "刘丽", t).unwrap();
    let r2 = ask("吴强", RequestKind::Consult, None, vec![three], late).unwrap();
    a::act(&f.conn, r2, &Act::Approve, "陈静", late).unwrap();
    let e = a::act(&f.conn, r2, &Act::HandOut, "刘丽", late).unwrap_err();
    assert!(e.to_string().contains("逾期未还"), "{e}");
    // A file out cannot be handed to someone else.
    let r3 = ask("陈静", RequestKind::Consult, None, vec![one], late).unwrap();
    a::act(&f.conn, r3, &Act::Approve, "刘丽", late).unwrap();
    let e = a::act(&f.conn, r3, &Act::HandOut, "刘丽", late).unwrap_err();
    assert!(e.to_string().contains("GC-1"), "{e}");
    // The home screen lists the overdue loan and the request awaiting approval is gone (approved).
    let due = a::due(&f.conn, late).unwrap();
    assert_eq!(
        due.overdue.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![r]
    );
    // Partial return: one file back damaged (with its note), the other still out.
    let e = a::act(
        &f.conn,
        r,
        &Act::Return(vec![(one, Condition::Damaged, " ".into())]),
        "刘丽",
        late,
    )
    .unwrap_err();
    assert!(e.to_string().contains("缺损情况"), "{e}");
    assert_eq!(
        a::act(
            &f.conn,
            r,
            &Act::Return(vec![(one, Condition::Damaged, "第3页破损".into())]),
            "刘丽",
            late,
        )
        .unwrap(),
        RequestState::Out
    );
    let req = a::get_request(&f.conn, r).unwrap();
    assert_eq!(req.still_out(), 1);
    assert_eq!(req.state_text(late), "逾期 3 天");
    assert!(a::act(&f.conn, r2, &Act::HandOut, "刘丽", late).is_err());
    assert_eq!(
        a::act(
            &f.conn,
            r,
            &Act::Return(vec![(two, Condition::Intact, String::new())]),
            "刘丽",
            late,
        )
        .unwrap(),
        RequestState::Returned
    );
    // Back now: the consultation goes out, due at the end of the day.
    assert_eq!(
        a::act(&f.conn, r2, &Act::HandOut, "刘丽", late).unwrap(),
        RequestState::Out
    );
    assert_eq!(
        a::get_request(&f.conn, r2).unwrap().due_at,
        at("2026-11-08 23:59") + Duration::seconds(59)
    );
    // The damage is on the file's change record.
    assert!(
        a::changes(&f.conn, one)
            .unwrap()
            .iter()
            .any(|c| c.field == "归还状况" && c.reason == "第3页破损")
    );
    // A refusal keeps its reason; a company audit goes out without approval.
    let r4 = ask("刘丽", RequestKind::Consult, None, vec![two], late).unwrap();
    assert!(a::act(&f.conn, r4, &Act::Refuse(" ".into()), "陈静", late).is_err());
    a::act(&f.conn, r4, &Act::Refuse("涉及隐私".into()), "陈静", late).unwrap();
    assert_eq!(a::get_request(&f.conn, r4).unwrap().refusal, "涉及隐私");
    let r5 = ask(
        "公司审计部 李审计",
        RequestKind::Audit,
        Some(d("2026-11-09")),
        vec![two],
        late,
    )
    .unwrap();
    assert_eq!(
        a::act(&f.conn, r5, &Act::HandOut, "刘丽", late).unwrap(),
        RequestState::Out
    );
    assert!(a::get_request(&f.conn, r5).unwrap().approver.is_empty());
}

#[test]
fn a_campaign_checks_its_files_and_its_findings_stay_open_until_put_right() {
    let dir = tempfile::tempdir().unwrap();
    let (f, ..) = october_with_staff(&dir.path().join("a.db"));
    let t = now();
    for (n, kind, place) in [
        ("HT-1", "合同", "档案室/B柜/第1层"),
        ("HT-2", "合同", "档案室/B柜/第1层"),
        ("GC-1", "工程档案", "档案室/C柜"),
    ] {
        a::add_file(&f.conn, &file(n, kind, "x", place), "刘丽", t).unwrap();
    }
    // The plan in 设置 makes the year's two campaigns once.
    assert_eq!(a::plan_year(&f.conn, 2026, t).unwrap(), 2);
    assert_eq!(a::plan_year(&f.conn, 2026, t).unwrap(), 0);
    let second = a::campaign_by_name(&f.conn, "2026年下半年档案检查").unwrap();
    assert_eq!(
        (second.starts_on, second.due_on),
        (d("2026-12-01"), d("2026-12-20"))
    );
    assert_eq!(second.total, 3);
    // Due within 14 days on 12-06, not yet on 11-24.
    let due = |day: &str| {
        a::due(&f.conn, at(&format!("{day} 09:00")))
            .unwrap()
            .campaigns
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
    };
    assert!(!due("2026-11-24").contains(&second.name));
    assert!(due("2026-12-06").contains(&second.name));
    // A campaign of one cabinet lists its files only.
    let id = a::add_campaign(
        &f.conn,
        "B柜专项",
        d("2026-11-20"),
        d("2026-11-30"),
        None,
        Some("档案室/B柜"),
        t,
    )
    .unwrap();
    let checks = a::campaign_checks(&f.conn, id).unwrap();
    assert_eq!(
        checks.iter().map(|k| k.number.as_str()).collect::<Vec<_>>(),
        vec!["HT-1", "HT-2"]
    );
    let on = d("2026-11-24");
    let e = a::record_check(
        &f.conn,
        id,
        checks[0].file_id,
        Condition::Missing,
        "",
        "刘丽",
        on,
    )
    .unwrap_err();
    assert!(e.to_string().contains("写明"), "{e}");
    a::record_check(
        &f.conn,
        id,
        checks[0].file_id,
        Condition::Misplaced,
        "在第2层",
        "刘丽",
        on,
    )
    .unwrap();
    assert!(a::finish_campaign(&f.conn, id, on).is_err());
    a::record_check(
        &f.conn,
        id,
        checks[1].file_id,
        Condition::Intact,
        "",
        "刘丽",
        on,
    )
    .unwrap();
    a::finish_campaign(&f.conn, id, on).unwrap();
    assert!(
        a::record_check(
            &f.conn,
            id,
            checks[1].file_id,
            Condition::Missing,
            "x",
            "刘丽",
            on
        )
        .is_err()
    );
    let c = a::campaign_by_name(&f.conn, "B柜专项").unwrap();
    assert_eq!((c.checked, c.open_findings, c.done_on), (2, 1, Some(on)));
    assert_eq!(a::due(&f.conn, t).unwrap().open_findings, 1);
    assert!(a::close_finding(&f.conn, id, checks[0].file_id, " ", on).is_err());
    a::close_finding(&f.conn, id, checks[0].file_id, "已归位", on).unwrap();
    assert_eq!(a::due(&f.conn, t).unwrap().open_findings, 0);
    // The inspection record reads back.
    let pdf = dir.path().join("ins.pdf");
    taizhang::pdf::archives::print_inspection(&f.conn, "B柜专项", &pdf, t).unwrap();
    assert_qpdf_ok(&pdf);
    let text = squash(&pdf_pages(&pdf).join(""));
    for want in [
        "档案检查记录",
        "B柜专项",
        "位置不符",
        "在第2层",
        "已归位",
        "应查 2 份",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
}

const INDEX: &str = "档案号,类别,题名,楼栋,单元,房号,员工,存放位置,密级,保管期限,页数,形成日期,备注\n\
    YZ-101,业主档案,张三 业主档案,1号楼,1单元,101,,档案室/A柜/第1层/01盒,内部,,12,2020-05-01,\n\
    HT-7,合同,绿化养护合同,,,,,档案室／C柜 / 第2层,普通,30年,20,2025/3/1,续签\n\
    RS-1,其他,刘丽 劳动合同,,,,刘丽,档案室/C柜/第3层,保密,30年,8,,\n";

#[test]
fn the_index_imports_whole_with_its_places_or_names_every_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let (f, ..) = october_with_staff(&path);
    drop(f);
    let db = path.to_str().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(&good, INDEX).unwrap();
    let out = run_ok(db, &["import", "archives", good.to_str().unwrap()]);
    assert!(out.contains("读取 3 行，新增档案 3 份"), "{out}");
    let conn = taizhang::db::open(&path, now()).unwrap();
    let files = a::list_files(&conn).unwrap();
    let hetong = files.iter().find(|f| f.number == "HT-7").unwrap();
    assert_eq!(hetong.location, "档案室/C柜/第2层");
    assert_eq!(hetong.formed_on, Some(d("2025-03-01")));
    let yz = files.iter().find(|f| f.number == "YZ-101").unwrap();
    assert_eq!(
        (yz.related().as_str(), yz.retention.as_str()),
        ("1号楼1单元101", "永久")
    );
    assert_eq!(
        files.iter().find(|f| f.number == "RS-1").unwrap().staff,
        "刘丽"
    );
    let places: Vec<String> = a::locations(&conn)
        .unwrap()
        .into_iter()
        .map(|l| l.path)
        .collect();
    assert!(places.contains(&"档案室/C柜".to_string()), "{places:?}");
    assert!(
        places.contains(&"档案室/A柜/第1层/01盒".to_string()),
        "{places:?}"
    );
    // Every error named; nothing written.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "档案号,类别,题名,楼栋,单元,房号,员工,存放位置,密级,保管期限,页数,形成日期\n\
         HT-8,合同,新合同,,,,,档案室/D柜,普通,30年,5,2025-01-01\n\
         HT-7,合同,重号,,,,,,,,,\n\
         HT-9,图纸,类别错,,,,,,,,,\n\
         HT-10,合同,房屋不存在,9号楼,1单元,101,,,,,,\n\
         HT-11,合同,密级错,,,,,,绝密,,,\n\
         HT-12,合同,页数错,,,,,,,,-3,\n\
         HT-13,合同,位置错,,,,,档案室//A柜,,,,\n\
         HT-14,合同,,,,,,,,,,\n\
         HT-15,合同,员工不存在,,,,赵某,,,,,\n",
    )
    .unwrap();
    let (ok, _, err) = run(&["--db", db, "import", "archives", bad.to_str().unwrap()]);
    assert!(!ok);
    for want in [
        "第 3 行【档案号】",
        "第 4 行【类别】",
        "第 5 行【房号】",
        "第 6 行【密级】",
        "第 7 行【页数】",
        "第 8 行【存放位置】",
        "第 9 行【题名】",
        "第 10 行【员工】",
    ] {
        assert!(err.contains(want), "{want}: {err}");
    }
    assert!(!err.contains("第 2 行"), "{err}");
    let conn = taizhang::db::open(&path, now()).unwrap();
    assert_eq!(a::list_files(&conn).unwrap().len(), 3);
    assert!(a::file_by_number(&conn, "HT-8").unwrap().is_none());
    assert!(
        !a::locations(&conn)
            .unwrap()
            .iter()
            .any(|l| l.path.contains("D柜"))
    );
}

#[test]
fn the_demo_archive_prints_its_register_index_labels_and_reports_what_is_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db = db.to_str().unwrap();
    run_ok(db, &["demo"]);
    let pdf = |name: &str| dir.path().join(name);
    let reg = pdf("reg.pdf");
    run_ok(
        db,
        &[
            "print",
            "archive-register",
            "--from",
            "2026-10-01",
            "--to",
            "2026-11-30",
            "--out",
            reg.to_str().unwrap(),
        ],
    );
    assert_qpdf_ok(&reg);
    let text = squash(&pdf_pages(&reg).join(""));
    for want in [
        "档案借阅登记表",
        "吴刚",
        "GC-0003",
        "逾期 3",
        "驳回",
        "待审批",
        "缺损",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    let idx = pdf("idx.pdf");
    run_ok(
        db,
        &[
            "print",
            "archive-index",
            "--location",
            "档案室/B柜",
            "--out",
            idx.to_str().unwrap(),
        ],
    );
    let text = squash(&pdf_pages(&idx).join(""));
    for want in [
        "档案目录（卷内目录）",
        "档案室/B柜/第1层/01盒",
        "保洁外包服务合同",
        "合计 9 份",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    let labels = pdf("labels.pdf");
    run_ok(
        db,
        &[
            "print",
            "archive-labels",
            "--location",
            "档案室/B柜",
            "--out",
            labels.to_str().unwrap(),
        ],
    );
    assert_qpdf_ok(&labels);
    let text = squash(&pdf_pages(&labels).join(""));
    assert!(text.contains("档案号 HT-2024-01 — HT-2025-03"), "{text}");
    let (ok, _, err) = run(&[
        "--db",
        db,
        "print",
        "archive-index",
        "--location",
        "档案室/Z柜",
        "--out",
        idx.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("没有存放位置“档案室/Z柜”"), "{err}");
    let ins = pdf("ins.pdf");
    run_ok(
        db,
        &[
            "print",
            "archive-inspection",
            "--campaign",
            "2026年上半年档案检查",
            "--out",
            ins.to_str().unwrap(),
        ],
    );
    assert!(squash(&pdf_pages(&ins).join("")).contains("待整改"));
    let out = run_ok(
        db,
        &[
            "report", "archives", "--state", "overdue", "--format", "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["条数"], 1);
    assert_eq!(v["明细"][0]["申请人"], "吴刚");
    assert_eq!(v["明细"][0]["逾期天数"], 3);
    let out = run_ok(db, &["report", "archives", "--state", "all"]);
    assert_eq!(out.lines().count(), 5, "{out}");
    let (ok, _, err) = run(&["--db", db, "report", "archives", "--state", "lost"]);
    assert!(!ok && err.starts_with("错误："), "{err}");
}
