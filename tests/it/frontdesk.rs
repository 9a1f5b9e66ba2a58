//! The front desk's books on the charging fixture (four units, three customer-service staff):
//! visits and the month's targets, complaints and their clocks, repair work orders, and the
//! assessment rules that read them, each with the record it cites.

use crate::assessment::{october_with_staff, staff};
use crate::charging::p;
use chrono::NaiveDateTime;
use taizhang::db::complaints::{self as c, ComplaintInput, Step};
use taizhang::db::repairs::{self as r, Completion, RepairChange, RepairInput};
use taizhang::db::visits::{self as v, VisitInput};
use taizhang::domain::assessment::Rule;
use taizhang::domain::calendar::DayKind;
use taizhang::domain::complaints::{Channel, ClockRules, ClockState, RevisitRule, Satisfaction};
use taizhang::domain::repairs::{RepairCategory, RepairState};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn visit(unit: i64, staff: i64, when: &str, photo: bool, follow: (bool, bool)) -> VisitInput {
    VisitInput {
        at: at(when),
        unit_id: unit,
        staff_id: staff,
        kind: "日常走访".into(),
        content: "了解入住情况".into(),
        satisfaction: Some(Satisfaction::Satisfied),
        follow_up: follow.0,
        follow_up_done_on: follow.1.then(|| at(when).date()),
        photos: if photo {
            vec!["走访/1.jpg".into()]
        } else {
            Vec::new()
        },
        ..Default::default()
    }
}

#[test]
fn visits_count_households_once_and_the_rule_cites_what_is_short() {
    let dir = tempfile::tempdir().unwrap();
    let (f, liu, chen, _wu) = october_with_staff(&dir.path().join("a.db"));
    let now = crate::common::now();
    let u = f.units;
    // 刘丽: 101 twice, 102 without a photo, 王五's with a follow-up not done.
    v::add_visit(
        &f.conn,
        &visit(u[0], liu, "2026-10-03 10:00", true, (false, false)),
        now,
    )
    .unwrap();
    v::add_visit(
        &f.conn,
        &visit(u[0], liu, "2026-10-20 10:00", true, (false, false)),
        now,
    )
    .unwrap();
    v::add_visit(
        &f.conn,
        &visit(u[1], liu, "2026-10-08 15:00", false, (false, false)),
        now,
    )
    .unwrap();
    let pending = v::add_visit(
        &f.conn,
        &visit(u[2], liu, "2026-10-09 09:30", true, (true, false)),
        now,
    )
    .unwrap();
    // Outside the month: not counted.
    v::add_visit(
        &f.conn,
        &visit(u[3], liu, "2026-11-01 00:00", true, (false, false)),
        now,
    )
    .unwrap();
    // A kind not in the table, or a follow-up before the visit, is refused.
    let mut bad = visit(u[3], liu, "2026-10-10 10:00", true, (false, false));
    bad.kind = "串门".into();
    let e = v::add_visit(&f.conn, &bad, now).unwrap_err();
    assert!(e.to_string().contains("走访类型“串门”"), "{e}");

    let targets = v::month_targets(&f.conn, p("2026-10")).unwrap();
    let mine = targets.iter().find(|t| t.staff_id == liu).unwrap();
    assert_eq!(
        (
            mine.tally.households,
            mine.tally.incomplete,
            mine.shortfall()
        ),
        (3, 2, 12)
    );
    // The SQL agrees with the pure rule over the same rows.
    let rows = v::month_visits(&f.conn, p("2026-10")).unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(v::tally_rows(&rows)[&liu], mine.tally);
    assert!(
        targets
            .iter()
            .any(|t| t.staff_id == chen && t.tally.households == 0)
    );

    let found = taizhang::db::assessment::findings(&f.conn, p("2026-10")).unwrap();
    let (times, text) = &found[&(liu, Rule::Visits)];
    assert_eq!(*times, 12 + 2);
    assert!(text.contains("走访 3 户（目标 15 户），差 12 户"), "{text}");
    assert!(text.contains("记录不完整 2 份"), "{text}");
    assert!(text.contains("10-08 1号楼1单元102（无照片）"), "{text}");
    assert!(text.contains("10-09 2号楼1单元101（跟进未完成）"), "{text}");
    assert_eq!(found[&(chen, Rule::Visits)].0, 15);

    // The follow-up done: one record less incomplete.
    v::follow_up_done(&f.conn, pending, at("2026-10-12 10:00").date()).unwrap();
    let found = taizhang::db::assessment::findings(&f.conn, p("2026-10")).unwrap();
    assert_eq!(found[&(liu, Rule::Visits)].0, 12 + 1);
    // A month without any visit recorded proposes nothing.
    let sept = taizhang::db::assessment::findings(&f.conn, p("2026-09")).unwrap();
    assert!(!sept.keys().any(|(_, r)| *r == Rule::Visits));
}

#[test]
fn complaints_run_their_clocks_reopen_and_feed_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (f, liu, chen, _wu) = october_with_staff(&dir.path().join("a.db"));
    let now = crate::common::now();
    let id = c::add_complaint(
        &f.conn,
        &ComplaintInput {
            received: at("2026-10-05 09:00"),
            channel: Some(Channel::Phone),
            unit_id: Some(f.units[0]),
            complainant: "张三".into(),
            phone: "13800000001".into(),
            content: "楼道灯坏了三天没人修".into(),
            department: "客服部".into(),
            handler: "陈静".into(),
            valid: Some(true),
            fault_staff_id: Some(liu),
            ..Default::default()
        },
        now,
    )
    .unwrap();
    assert!(
        c::step(
            &f.conn,
            id,
            &Step::FirstReply,
            at("2026-10-05 08:00"),
            "",
            "陈静"
        )
        .unwrap_err()
        .to_string()
        .contains("早于受理时间")
    );
    // Replied three hours late, resolved in time, never revisited.
    c::step(
        &f.conn,
        id,
        &Step::FirstReply,
        at("2026-10-06 12:00"),
        "已电话回复",
        "陈静",
    )
    .unwrap();
    assert!(
        c::step(
            &f.conn,
            id,
            &Step::Revisit(Satisfaction::Satisfied),
            at("2026-10-06 13:00"),
            "",
            "陈静"
        )
        .is_err(),
        "no revisit before resolution"
    );
    c::step(
        &f.conn,
        id,
        &Step::Resolve,
        at("2026-10-06 15:00"),
        "已更换灯具",
        "陈静",
    )
    .unwrap();
    let row = c::complaint(&f.conn, id).unwrap();
    let rules = ClockRules::default();
    let cal = c::calendar(&f.conn).unwrap();
    let states = row.clocks(&rules, &cal, at("2026-10-31 23:59"));
    assert_eq!(states[0].1.text(), "已完成（超时 3 小时）");
    assert_eq!(states[1].1, ClockState::Done { late: None });
    assert!(matches!(states[2].1, ClockState::Overdue { .. }));
    assert_eq!(row.missing(), vec!["回访结果"]);

    let found = taizhang::db::assessment::findings(&f.conn, p("2026-10")).unwrap();
    let (times, text) = &found[&(chen, Rule::ComplaintLate)];
    assert_eq!(*times, 1);
    assert!(
        text.contains("10-05 1号楼1单元101“楼道灯坏了三天没人修”")
            && text.contains("首次回复已完成（超时 3 小时）")
            && text.contains("回访超时"),
        "{text}"
    );
    let (times, text) = &found[&(liu, Rule::ComplaintValid)];
    assert_eq!(*times, 1);
    assert!(text.contains("因本人工作失误造成有效投诉 1 件"), "{text}");

    // The owner is not satisfied at the revisit: reopened, the resolution clock runs again.
    c::step(
        &f.conn,
        id,
        &Step::Revisit(Satisfaction::Unsatisfied),
        at("2026-10-07 10:00"),
        "灯又坏了",
        "陈静",
    )
    .unwrap();
    let row = c::complaint(&f.conn, id).unwrap();
    assert_eq!(row.times.resolved, None);
    assert_eq!(row.times.reopened, Some(at("2026-10-07 10:00")));
    let states = row.clocks(&rules, &cal, at("2026-10-08 09:00"));
    assert_eq!(
        states[1].1,
        ClockState::NotDue {
            due: at("2026-10-09 10:00")
        }
    );
    c::step(
        &f.conn,
        id,
        &Step::Resolve,
        at("2026-10-08 16:00"),
        "更换线路",
        "陈静",
    )
    .unwrap();
    c::step(
        &f.conn,
        id,
        &Step::Revisit(Satisfaction::Satisfied),
        at("2026-10-09 10:00"),
        "",
        "陈静",
    )
    .unwrap();
    let kinds: Vec<String> = c::events(&f.conn, id)
        .unwrap()
        .into_iter()
        .map(|e| e.1)
        .collect();
    assert_eq!(
        kinds,
        [
            "受理",
            "首次回复",
            "办结",
            "回访不满意，重新处理",
            "办结",
            "回访"
        ]
    );
    assert!(c::complaint(&f.conn, id).unwrap().missing().is_empty());
    assert!(c::open_complaints(&f.conn).unwrap().is_empty());
}

#[test]
fn the_revisit_clock_counts_working_days_from_the_offices_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let (f, _liu, _chen, _wu) = october_with_staff(&dir.path().join("a.db"));
    let now = crate::common::now();
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    c::set_calendar_days(
        &f.conn,
        &[
            (d("2026-10-01"), DayKind::Holiday),
            (d("2026-10-02"), DayKind::Holiday),
            (d("2026-10-11"), DayKind::WorkingWeekend),
        ],
    )
    .unwrap();
    c::save_clock_rules(
        &f.conn,
        &ClockRules {
            revisit: RevisitRule::WorkingDays(3),
            ..ClockRules::default()
        },
    )
    .unwrap();
    let rules = c::clock_rules(&f.conn).unwrap();
    assert_eq!(rules.revisit, RevisitRule::WorkingDays(3));
    let id = c::add_complaint(
        &f.conn,
        &ComplaintInput {
            received: at("2026-09-30 09:00"),
            content: "噪音".into(),
            ..Default::default()
        },
        now,
    )
    .unwrap();
    c::step(&f.conn, id, &Step::Resolve, at("2026-09-30 17:00"), "", "").unwrap();
    let row = c::complaint(&f.conn, id).unwrap();
    let cal = c::calendar(&f.conn).unwrap();
    let due = taizhang::domain::complaints::deadlines(&row.times, &rules, &cal)[2]
        .1
        .unwrap();
    // 10-01 and 10-02 off, 10-03/04 a weekend: Monday 10-05, Tuesday 10-06, Wednesday 10-07.
    assert_eq!(due.date(), d("2026-10-07"));
    // On the 7th the revisit is due today: on the home screen's list.
    let due_today = c::due_today(&f.conn, at("2026-10-07 09:00")).unwrap();
    assert_eq!(due_today.len(), 1);
    assert_eq!(due_today[0].0.id, id);
}

#[test]
fn a_work_order_is_dispatched_handed_off_completed_and_revisited() {
    let dir = tempfile::tempdir().unwrap();
    let (f, _liu, _chen, _wu) = october_with_staff(&dir.path().join("a.db"));
    let now = crate::common::now();
    let wu_gang = staff(&f.conn, "吴刚", "工程部");
    let zheng = staff(&f.conn, "郑军", "工程部");
    let id = r::add_repair(
        &f.conn,
        &RepairInput {
            reported: at("2026-10-10 08:30"),
            unit_id: Some(f.units[1]),
            caller: "李四".into(),
            phone: "13800000002".into(),
            content: "卫生间水管漏水".into(),
            category: Some(RepairCategory::Water),
            paid: false,
            appointment: Some(at("2026-10-10 14:00")),
        },
        now,
    )
    .unwrap();
    let complete = RepairChange::Complete(Completion {
        result: "更换三通".into(),
        materials: "三通 1 个".into(),
        charge_fen: 0,
    });
    let e = r::change(&f.conn, id, &complete, at("2026-10-10 12:00"), "王丽").unwrap_err();
    assert!(e.to_string().contains("“待派工”，不能完工"), "{e}");
    r::change(
        &f.conn,
        id,
        &RepairChange::Dispatch { staff_id: wu_gang },
        at("2026-10-10 09:00"),
        "王丽",
    )
    .unwrap();
    r::change(
        &f.conn,
        id,
        &RepairChange::Dispatch { staff_id: zheng },
        at("2026-10-10 10:00"),
        "王丽",
    )
    .unwrap();
    // A free repair charges nothing.
    let charged = RepairChange::Complete(Completion {
        charge_fen: 5_000,
        ..Default::default()
    });
    assert!(r::change(&f.conn, id, &charged, at("2026-10-10 13:00"), "郑军").is_err());
    assert_eq!(
        r::change(&f.conn, id, &complete, at("2026-10-10 13:30"), "郑军").unwrap(),
        RepairState::Done
    );
    r::change(
        &f.conn,
        id,
        &RepairChange::Revisit(Satisfaction::Satisfied),
        at("2026-10-11 10:00"),
        "王丽",
    )
    .unwrap();
    let row = r::repair(&f.conn, id).unwrap();
    assert_eq!(row.state, RepairState::Revisited);
    assert_eq!(row.technician.as_deref(), Some("郑军"));
    assert_eq!(row.on_time(), Some(true), "done by the 14:00 appointment");
    let chain: Vec<(String, String)> = r::steps(&f.conn, id)
        .unwrap()
        .into_iter()
        .map(|s| (s.1, s.2))
        .collect();
    assert_eq!(
        chain,
        [
            ("派工".to_string(), "吴刚".to_string()),
            ("转派".to_string(), "吴刚 → 郑军".to_string()),
            ("完工".to_string(), "更换三通".to_string()),
            ("回访".to_string(), "满意".to_string()),
        ]
    );
    assert_eq!(r::month_repairs(&f.conn, p("2026-10")).unwrap().len(), 1);
}

#[test]
fn the_batch_reports_read_the_books() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let (f, liu, _chen, _wu) = october_with_staff(&path);
    let now = crate::common::now();
    let u = f.units;
    v::add_visit(
        &f.conn,
        &visit(u[0], liu, "2026-10-03 10:00", true, (false, false)),
        now,
    )
    .unwrap();
    v::add_visit(
        &f.conn,
        &visit(u[1], liu, "2026-10-04 10:00", false, (false, false)),
        now,
    )
    .unwrap();
    let id = c::add_complaint(
        &f.conn,
        &ComplaintInput {
            received: at("2026-10-05 09:00"),
            content: "噪音扰民".into(),
            handler: "刘丽".into(),
            ..Default::default()
        },
        now,
    )
    .unwrap();
    c::step(
        &f.conn,
        id,
        &Step::FirstReply,
        at("2026-10-05 10:00"),
        "",
        "刘丽",
    )
    .unwrap();
    r::add_repair(
        &f.conn,
        &RepairInput {
            reported: at("2026-10-06 08:00"),
            content: "路灯不亮".into(),
            category: Some(RepairCategory::Public),
            ..Default::default()
        },
        now,
    )
    .unwrap();
    drop(f);
    let db = path.to_str().unwrap();
    let csv = crate::common::run_ok(db, &["report", "visits", "--month", "2026-10"]);
    let line = csv.lines().find(|l| l.starts_with("刘丽,")).unwrap();
    assert_eq!(line, "刘丽,客服部,物业管理员,2,0,1,15,13");
    let json = crate::common::run_ok(
        db,
        &[
            "report",
            "complaints",
            "--month",
            "2026-10",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["件数"], 1);
    let row = &v["明细"][0];
    assert_eq!(row["首次回复"], "已完成");
    // As of the pinned clock (24 November) the 48 hours ran out long ago.
    assert!(row["办结"].as_str().unwrap().starts_with("超时"), "{row}");
    assert_eq!(row["回访"], "未开始");
    let csv = crate::common::run_ok(db, &["report", "repairs", "--month", "2026-10"]);
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .contains("路灯不亮,公共设施,无偿"),
        "{csv}"
    );
    // A bad month is refused in Chinese.
    let (ok, _, err) = crate::common::run(&["--db", db, "report", "visits", "--month", "2026-13"]);
    assert!(!ok && err.contains("--month"), "{err}");
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn the_offices_excel_books_import_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let (f, _liu, _chen, _wu) = october_with_staff(&path);
    staff(&f.conn, "吴刚", "工程部");
    drop(f);
    let db = path.to_str().unwrap();
    let count = |table: &str| -> i64 {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };

    // Visits: a wrong row names its row and column, and nothing is written.
    let bad = write(
        dir.path(),
        "visits_bad.csv",
        "走访记录表\n日期,楼栋,单元,房号,走访人,类型,内容,满意度,需跟进\n\
         2026-10-03,1,1,101,刘丽,日常走访,了解情况,满意,否\n\
         2026-10-04,1,1,102,李雷,日常走访,了解情况,满意,否\n\
         2026-10-0x,1,1,102,刘丽,串门,了解情况,很好,否\n",
    );
    let (ok, _, err) = crate::common::run(&["--db", db, "import", "visits", &bad]);
    assert!(!ok);
    assert!(
        err.contains("第 4 行【走访人】") && err.contains("“李雷”不在员工档案中"),
        "{err}"
    );
    assert!(err.contains("第 5 行【日期】"), "{err}");
    assert!(err.contains("第 5 行【满意度】"), "{err}");
    assert_eq!(count("visit"), 0, "nothing half-imported");
    let good = write(
        dir.path(),
        "visits.csv",
        "日期,楼栋,单元,房号,走访人,类型,内容,业主意见,满意度,需跟进,跟进完成日期,业主签字,照片\n\
         2026-10-03,1号楼,1单元,101,刘丽,日常走访,了解情况,无,满意,否,,是,a.jpg\n\
         2026/10/8,1,1,102,刘丽,装修回访,检查装修,噪音,基本满意,是,2026-10-09,是,\n",
    );
    let out = crate::common::run_ok(db, &["import", "visits", &good]);
    assert!(out.contains("读取 2 行，新增走访记录 2 条"), "{out}");
    assert_eq!(count("visit"), 2);
    let csv = crate::common::run_ok(db, &["report", "visits", "--month", "2026-10"]);
    assert!(csv.contains("刘丽,客服部,物业管理员,2,0,1,15,13"), "{csv}");

    // Complaints: the times become its clocks; a revisit without a resolution is refused.
    let bad = write(
        dir.path(),
        "c_bad.csv",
        "受理时间,房号,楼栋,单元,投诉人,内容,处理人,回访时间\n\
         2026-10-05 09:00,101,1,1,张三,噪音,刘丽,2026-10-06 10:00\n",
    );
    let (ok, _, err) = crate::common::run(&["--db", db, "import", "complaints", &bad]);
    assert!(
        !ok && err.contains("第 2 行【回访时间】") && err.contains("没有办结时间"),
        "{err}"
    );
    assert_eq!(count("complaint"), 0);
    let good = write(
        dir.path(),
        "c.csv",
        "受理时间,渠道,楼栋,单元,房号,投诉人,电话,内容,责任部门,处理人,是否有效,责任人,首次回复时间,办结时间,约定完成时间,回访时间,回访结果\n\
         2026-10-05 09:00,电话,1,1,101,张三,13800000001,楼道灯不亮,客服部,刘丽,是,刘丽,2026-10-06 12:00,2026-10-06 15:00,,2026-10-07 10:00,满意\n",
    );
    let out = crate::common::run_ok(db, &["import", "complaints", &good]);
    assert!(out.contains("新增投诉 1 件"), "{out}");
    let json = crate::common::run_ok(
        db,
        &[
            "report",
            "complaints",
            "--month",
            "2026-10",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["明细"][0]["首次回复"], "已完成（超时 3 小时）");
    assert_eq!(v["明细"][0]["回访"], "已完成");
    assert_eq!(v["明细"][0]["责任人"], "刘丽");

    // Repairs: the state follows what the row records.
    let good = write(
        dir.path(),
        "r.csv",
        "报修时间,楼栋,单元,房号,报修人,电话,内容,类别,有偿,预约时间,维修人,完成时间,结果,费用,回访时间,满意度\n\
         2026-10-06 08:00,1,1,101,张三,,水龙头滴水,水,是,2026-10-06 14:00,吴刚,2026-10-06 13:00,更换阀芯,35,2026-10-07 09:00,满意\n\
         2026-10-07 08:00,,,,,,路灯不亮,公共设施,否,,,,,,,\n",
    );
    let out = crate::common::run_ok(db, &["import", "repairs", &good]);
    assert!(out.contains("新增报修 2 件"), "{out}");
    let csv = crate::common::run_ok(db, &["report", "repairs", "--month", "2026-10"]);
    assert!(
        csv.contains("吴刚,已回访,2026-10-06 13:00,及时,35.00,满意"),
        "{csv}"
    );
    assert!(csv.contains("路灯不亮,公共设施,无偿,,,待派工"), "{csv}");
    let bad = write(
        dir.path(),
        "r_bad.csv",
        "报修时间,房号,内容,有偿,费用\n2026-10-08 08:00,,换灯泡,否,20\n",
    );
    let (ok, _, err) = crate::common::run(&["--db", db, "import", "repairs", &bad]);
    assert!(
        !ok && err.contains("第 2 行【费用】") && err.contains("无偿维修不收费"),
        "{err}"
    );
    assert_eq!(count("repair"), 2);

    // The calendar.
    let cal = write(
        dir.path(),
        "cal.csv",
        "日期,类型\n2026-10-01,节假日\n2026-10-02,节假日\n2026-10-11,调休上班\n",
    );
    let out = crate::common::run_ok(db, &["import", "calendar", &cal]);
    assert!(out.contains("工作日历登记 3 天"), "{out}");
    let bad = write(
        dir.path(),
        "cal_bad.csv",
        "日期,类型\n2026-10-01,放风筝\n2026-10-01,节假日\n",
    );
    let (ok, _, err) = crate::common::run(&["--db", db, "import", "calendar", &bad]);
    assert!(!ok && err.contains("第 2 行【类型】"), "{err}");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let cal = c::calendar(&conn).unwrap();
    assert!(cal.is_working_day(chrono::NaiveDate::from_ymd_opt(2026, 10, 11).unwrap()));
    assert!(!cal.is_working_day(chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()));

    // The month's registers and the work order, read back from the PDFs.
    let pdf = |name: &str, args: &[&str]| -> String {
        let out = dir.path().join(name);
        let mut all = vec!["print"];
        all.extend_from_slice(args);
        all.extend(["--out", out.to_str().unwrap()]);
        crate::common::run_ok(db, &all);
        crate::common::assert_qpdf_ok(&out);
        crate::common::squash(&crate::common::pdf_pages(&out).join("\n"))
    };
    let text = pdf("v.pdf", &["visit-register", "--month", "2026-10"]);
    assert!(
        text.contains("走访登记表") && text.contains("1号楼1单元102"),
        "{text}"
    );
    assert!(
        text.contains("刘丽 走访 2 户（目标 15），差 13，记录不完整 1 份"),
        "{text}"
    );
    let text = pdf("c.pdf", &["complaint-register", "--month", "2026-10"]);
    assert!(
        text.contains("投诉登记表") && text.contains("楼道灯不亮"),
        "{text}"
    );
    // The cell wraps inside its column: the clock's outcome across two lines.
    assert!(
        text.contains("已完成（超时") && text.contains("3 小时）"),
        "{text}"
    );
    assert!(
        text.contains("本月受理 1 件，有效投诉 1 件，超时 1 件，已回访 1 件"),
        "{text}"
    );
    let text = pdf("r.pdf", &["repair-register", "--month", "2026-10"]);
    assert!(
        text.contains("住户报修登记表") && text.contains("及时率 100%"),
        "{text}"
    );
    let text = pdf("w.pdf", &["work-order", "1"]);
    assert!(text.contains("维修派工单（维修人联）") && text.contains("维修派工单（存根联）"));
    assert!(
        text.contains("水龙头滴水") && text.contains("吴刚") && text.contains("¥35.00"),
        "{text}"
    );
    let (ok, _, err) = crate::common::run(&[
        "--db",
        db,
        "print",
        "work-order",
        "99",
        "--out",
        "/tmp/x.pdf",
    ]);
    assert!(!ok && err.contains("没有第 99 号维修单"), "{err}");

    // What is exported to Excel imports again into another office's file, unchanged.
    let dir2 = tempfile::tempdir().unwrap();
    let path2 = dir2.path().join("b.db");
    let (f2, _, _, _) = october_with_staff(&path2);
    staff(&f2.conn, "吴刚", "工程部");
    drop(f2);
    let db2 = path2.to_str().unwrap();
    for (what, kind) in [
        ("visits", "visits"),
        ("complaints", "complaints"),
        ("repairs", "repairs"),
    ] {
        let file = dir.path().join(format!("{what}.xlsx"));
        let out = crate::common::run_ok(
            db,
            &[
                "export",
                what,
                "--month",
                "2026-10",
                "--out",
                file.to_str().unwrap(),
            ],
        );
        assert!(out.contains("已导出"), "{out}");
        crate::common::run_ok(db2, &["import", kind, file.to_str().unwrap()]);
        for format in ["csv", "json"] {
            let a = crate::common::run_ok(
                db,
                &["report", what, "--month", "2026-10", "--format", format],
            );
            let b = crate::common::run_ok(
                db2,
                &["report", what, "--month", "2026-10", "--format", format],
            );
            assert_eq!(a, b, "{what} {format}");
        }
    }
}

#[test]
fn a_paid_repair_is_billed_once_into_the_charging_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let (f, _liu, _chen, _wu) = october_with_staff(&dir.path().join("a.db"));
    let now = crate::common::now();
    let tech = staff(&f.conn, "吴刚", "工程部");
    // 李四's 1号楼1单元102 owes (no prepaid credit to absorb the charge).
    let unit = f.units[1];
    let before: i64 = taizhang::db::charging::open_lines(&f.conn, unit)
        .unwrap()
        .iter()
        .map(|l| l.due_fen - l.paid_fen)
        .sum();
    let id = r::add_repair(
        &f.conn,
        &RepairInput {
            reported: at("2026-10-06 08:00"),
            unit_id: Some(unit),
            content: "更换水龙头".into(),
            category: Some(RepairCategory::Water),
            paid: true,
            ..Default::default()
        },
        now,
    )
    .unwrap();
    let e = r::bill_repair(&f.conn, id, "王丽", now).unwrap_err();
    assert!(e.to_string().contains("完工后"), "{e}");
    r::change(
        &f.conn,
        id,
        &RepairChange::Dispatch { staff_id: tech },
        at("2026-10-06 09:00"),
        "王丽",
    )
    .unwrap();
    r::change(
        &f.conn,
        id,
        &RepairChange::Complete(Completion {
            result: "已更换".into(),
            materials: "水龙头 1 个".into(),
            charge_fen: 8_000,
        }),
        at("2026-10-06 11:00"),
        "吴刚",
    )
    .unwrap();
    let bill = r::bill_repair(&f.conn, id, "王丽", now).unwrap();
    let (unit_of, kind, amount, period): (i64, String, i64, String) = f
        .conn
        .query_row(
            "SELECT unit_id, kind, amount_fen, period FROM bill WHERE id = ?1",
            [bill],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (unit_of, kind.as_str(), amount, period.as_str()),
        (unit, "单次", 8_000, "2026-10")
    );
    // Owed exactly 80.00 more.
    let after: i64 = taizhang::db::charging::open_lines(&f.conn, unit)
        .unwrap()
        .iter()
        .map(|l| l.due_fen - l.paid_fen)
        .sum();
    assert!(
        after - before == 8_000 || after == before,
        "{before} → {after}"
    );
    assert!(r::repair(&f.conn, id).unwrap().bill_id.is_some());
    let e = r::bill_repair(&f.conn, id, "王丽", now).unwrap_err();
    assert!(e.to_string().contains("已开单收费"), "{e}");
    // The charging check still agrees with the facts it keeps.
    let items = taizhang::db::charging::list_items(&f.conn).unwrap();
    assert!(items.iter().any(|i| i.name == "有偿维修"));
}
