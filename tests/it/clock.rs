//! One clock: nothing below `main`, `App` and the batch entry reads the wall clock, and the dates
//! the records carry mean the same whenever the work was done.

use crate::charging::{d, october, p};
use crate::common::{bin, run_ok};
use chrono::NaiveDateTime;
use egui_kittest::kittest::Queryable;
use taizhang::db::charging as ch;
use taizhang::domain::charging::{LateFeeRule, PayMethod};

fn at(s: &str) -> NaiveDateTime {
    taizhang::clock::parse_moment(s).unwrap()
}

/// Every way Rust code reads the present time. Only `src/clock.rs` may.
#[test]
fn nothing_below_main_reads_the_wall_clock() {
    let patterns = [
        "Local::now",
        "Utc::now",
        "Local::today",
        "SystemTime::now",
        "Instant::now",
        "UNIX_EPOCH.elapsed",
    ];
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.clone()];
    let mut found = Vec::new();
    let mut read = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            for e in std::fs::read_dir(&path).unwrap() {
                files.push(e.unwrap().path());
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("src/clock.rs") {
            continue;
        }
        read += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            if patterns.iter().any(|p| line.contains(p)) {
                found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(read > 50, "read {read} files under {}", src.display());
    assert!(
        found.is_empty(),
        "the wall clock read outside src/clock.rs:\n{}",
        found.join("\n")
    );
    // And the one place that does is the clock itself.
    let clock = std::fs::read_to_string(src.join("clock.rs")).unwrap();
    assert!(clock.contains("chrono::Local::now()"));
}

/// The ledger is kept on a timeline of ordinary office days: each month billed on its first
/// morning, payments entered on the day they are made, a receipt voided later. What "arrears as
/// of a day" said at the end of that day is what it says at the end of the story.
#[test]
fn arrears_as_of_a_day_say_later_what_they_said_that_day() {
    let dir = tempfile::tempdir().unwrap();
    let f = october(&dir.path().join("c.db"));
    let rule = LateFeeRule::default();
    let arrears = |day: &str| ch::arrears(&f.conn, d(day), &rule).unwrap();
    let owed = |day: &str, unit: &str| {
        arrears(day)
            .iter()
            .find(|r| r.unit == unit)
            .map(|r| r.total_fen)
            .unwrap_or(0)
    };
    let pay_all = |unit: usize, when: &str, extra: i64| {
        let lines: Vec<(i64, i64)> = ch::open_lines(&f.conn, f.units[unit])
            .unwrap()
            .iter()
            .map(|l| (l.bill_id, l.outstanding()))
            .collect();
        let sum: i64 = lines.iter().map(|l| l.1).sum();
        ch::take_payment(
            &f.conn,
            &ch::PaymentInput {
                unit_id: f.units[unit],
                paid_on: at(when).date(),
                method: PayMethod::Cash,
                payer: String::new(),
                clerk: "刘丽".into(),
                received_fen: sum + extra,
                lines,
                notes: String::new(),
            },
            at(when),
        )
        .unwrap()
    };
    let mut said: Vec<(&str, Vec<ch::ArrearsRow>)> = Vec::new();

    // 11-01 08:00: November billed. 张三's 207.32 paid ahead on 10-20 pays part of it.
    ch::bill_period(&f.conn, p("2026-11"), "刘丽", at("2026-11-01T08:00")).unwrap();
    said.push(("2026-11-01", arrears("2026-11-01")));
    // 11-20: 李四 pays part of what he owes, oldest first.
    let open = ch::open_lines(&f.conn, f.units[1]).unwrap();
    let oldest = &open[0];
    let li = ch::take_payment(
        &f.conn,
        &ch::PaymentInput {
            unit_id: f.units[1],
            paid_on: d("2026-11-20"),
            method: PayMethod::WeChat,
            payer: String::new(),
            clerk: "刘丽".into(),
            received_fen: 1_000,
            lines: vec![(oldest.bill_id, 1_000)],
            notes: String::new(),
        },
        at("2026-11-20T10:00"),
    )
    .unwrap();
    said.push(("2026-11-20", arrears("2026-11-20")));
    // 223.75 − 207.32 = 16.43 left for 张三: not yet due on 11-24 (月末), arrears from 12-01.
    assert_eq!(owed("2026-11-24", "1号楼1单元101"), 0);
    assert_eq!(owed("2026-12-01", "1号楼1单元101"), 1_643);
    said.push(("2026-11-24", arrears("2026-11-24")));
    // 11-28: 王五 pays everything and 1,000.00 ahead.
    pay_all(2, "2026-11-28T15:00", 100_000);
    said.push(("2026-11-28", arrears("2026-11-28")));
    // 12-01 08:00: December billed; 王五's prepayment pays it, dated 12-01 (not 11-28).
    let dec = ch::bill_period(&f.conn, p("2026-12"), "刘丽", at("2026-12-01T08:00")).unwrap();
    assert!(dec.credit_used_fen > 0, "{dec:?}");
    said.push(("2026-12-01", arrears("2026-12-01")));
    // 12-03: 李四's receipt of 11-20 is voided (wrong amount).
    ch::void_payment(&f.conn, &li, "金额录错", "刘丽", at("2026-12-03T11:00")).unwrap();
    said.push(("2026-12-03", arrears("2026-12-03")));
    // 12-15: 李四 pays everything.
    pay_all(1, "2026-12-15T10:00", 0);
    said.push(("2026-12-15", arrears("2026-12-15")));
    // The first minute of the new year: January billed.
    ch::bill_period(&f.conn, p("2027-01"), "刘丽", at("2027-01-01T00:00:30")).unwrap();
    said.push(("2027-01-01", arrears("2027-01-01")));

    crate::charging::assert_facts(&f.conn);
    for (day, then) in &said {
        assert_eq!(
            &arrears(day),
            then,
            "arrears as of {day} changed afterwards"
        );
    }
    // The void counts from the day it was made: nothing else happened between 12-02 and 12-03.
    let li_owed = |day| owed(day, "1号楼1单元102");
    assert_eq!(li_owed("2026-12-02") + 1_000, li_owed("2026-12-03"));
    // 王五's prepayment: December's use is dated the first of December.
    let wang = ch::unit_bills(&f.conn, f.units[2]).unwrap();
    let dec_fee = wang
        .iter()
        .find(|b| b.period == p("2026-12") && b.item == "物业管理费")
        .unwrap();
    let as_of = |day: &str| {
        ch::arrears(&f.conn, d(day), &rule)
            .unwrap()
            .iter()
            .filter(|r| r.unit == "2号楼1单元101")
            .flat_map(|r| r.lines.clone())
            .any(|l| l.bill_id == dec_fee.bill_id)
    };
    assert!(!as_of("2026-12-01"), "paid by credit from its first day");
}

/// The case: November billed on 1 December. 张三's prepayment of 10-20 paid November's
/// line from 11-01, so once November fell due he owed 223.75 − 207.32 = 16.43, not 223.75.
#[test]
fn a_month_billed_late_is_paid_by_credit_from_its_first_day() {
    let dir = tempfile::tempdir().unwrap();
    let f = october(&dir.path().join("c.db"));
    let out = ch::bill_period(&f.conn, p("2026-11"), "刘丽", at("2026-12-01T09:00")).unwrap();
    assert_eq!(out.credit_used_fen, 20_732);
    // November fell due on 11-30: on 12-01 he owes what the credit left.
    let rows = ch::arrears(&f.conn, d("2026-12-01"), &LateFeeRule::default()).unwrap();
    let zhang = rows.iter().find(|r| r.unit == "1号楼1单元101").unwrap();
    assert_eq!(zhang.total_fen, 1_643);
    // On 10-31 November did not count yet, and nor did the credit that paid it.
    let oct = ch::arrears(&f.conn, d("2026-10-31"), &LateFeeRule::default()).unwrap();
    assert!(oct.iter().all(|r| r.unit != "1号楼1单元101"), "{oct:?}");
    // The same run done a month later still dates the use 11-01.
    let dir2 = tempfile::tempdir().unwrap();
    let g = october(&dir2.path().join("c.db"));
    ch::bill_period(&g.conn, p("2026-11"), "刘丽", at("2027-01-15T16:00")).unwrap();
    let rows = ch::arrears(&g.conn, d("2026-12-01"), &LateFeeRule::default()).unwrap();
    assert_eq!(
        rows.iter()
            .find(|r| r.unit == "1号楼1单元101")
            .unwrap()
            .total_fen,
        1_643
    );
}

/// TAIZHANG_NOW pins the batch commands' clock; a value that is not a moment is refused by name.
#[test]
fn the_batch_clock_is_pinned_by_taizhang_now_and_a_bad_value_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let db = db.to_str().unwrap();
    let out = bin().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("TAIZHANG_NOW=2026-11-24T10:00"), "{help}");

    let out = bin()
        .env("TAIZHANG_NOW", "明天上午")
        .args(["--db", db, "check"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("TAIZHANG_NOW") && err.contains("“明天上午”不是时间"),
        "{err}"
    );
    assert!(!std::path::Path::new(db).exists(), "nothing was created");

    // Keys lent at night by the batch command, at 23:59:30 on a month's last day and at 00:01.
    let units = crate::common::data("units.xlsx");
    run_ok(db, &["import", "units", units.to_str().unwrap()]);
    let keys = crate::common::data("keys_gb18030.csv");
    run_ok(db, &["import", "keys", keys.to_str().unwrap()]);
    let at_time = |when: &str, args: &[&str]| {
        let out = bin()
            .env("TAIZHANG_NOW", when)
            .args(["--db", db])
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{args:?}: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        text
    };
    let list = at_time("2026-11-30T23:59:30", &["keys", "list", "--state", "in"]);
    let tags: Vec<String> = list
        .lines()
        .skip(1)
        .filter(|l| !l.contains(",是,"))
        .map(|l| l.split(',').next().unwrap().to_string())
        .filter(|t| !t.is_empty())
        .take(2)
        .collect();
    assert_eq!(tags.len(), 2, "{list}");
    let lent = at_time(
        "2026-11-30T23:59:30",
        &[
            "keys",
            "lend",
            &tags[0],
            "--to",
            "夜班 张师傅",
            "--phone",
            "13800138000",
        ],
    );
    assert!(lent.contains("应还 2026-12-01 08:00"), "{lent}");
    let overdue = at_time(
        "2026-11-30T23:59:45",
        &["keys", "list", "--state", "overdue"],
    );
    assert_eq!(overdue.lines().count(), 1, "not overdue at once: {overdue}");
    let lent = at_time(
        "2026-12-01T00:01",
        &[
            "keys",
            "lend",
            &tags[1],
            "--to",
            "夜班 李师傅",
            "--phone",
            "13800138001",
        ],
    );
    assert!(lent.contains("应还 2026-12-01 08:00"), "{lent}");
    // After the shift both are overdue; the list is read at that moment too.
    let overdue = at_time("2026-12-01T08:30", &["keys", "list", "--state", "overdue"]);
    assert_eq!(overdue.lines().count(), 3, "{overdue}");
    assert!(overdue.contains("超期 30 分钟"), "{overdue}");
}

/// A window left open across midnight: the forms' default dates move to the new day, what the
/// clerk typed stays, and the assessment screen follows the month.
#[test]
fn a_window_left_open_past_midnight_moves_to_the_new_day() {
    use taizhang::clock::Clock;
    let dir = tempfile::tempdir().unwrap();
    let mut app = crate::ui::demo_app(&dir);
    app.set_clock(Clock::fixed(at("2026-11-30T23:59:30")));
    let mut h = crate::ui::harness(app);
    h.run();
    h.get_by_label("收费台账").click();
    h.run();
    assert_eq!(h.state().charging.pay.date, "2026-11-30");
    assert_eq!(h.state().charging.arrears_as_of(), d("2026-11-30"));
    // The manager's screen shows November (after the 10th: this month).
    assert_eq!(h.state().assess.month(), p("2026-11"));

    h.state_mut()
        .set_clock(Clock::fixed(at("2026-12-01T00:00:30")));
    h.run();
    h.run();
    assert_eq!(h.state().charging.pay.date, "2026-12-01");
    assert_eq!(h.state().charging.arrears_as_of(), d("2026-12-01"));
    // Until the 10th the month being assessed is last month: still November.
    assert_eq!(h.state().assess.month(), p("2026-11"));

    // A date the clerk typed is kept across the next midnight.
    h.state_mut().charging.pay.date = "2026-11-28".into();
    h.state_mut()
        .set_clock(Clock::fixed(at("2026-12-02T00:00:10")));
    h.run();
    assert_eq!(h.state().charging.pay.date, "2026-11-28");
    assert_eq!(h.state().charging.arrears_as_of(), d("2026-12-02"));
}
