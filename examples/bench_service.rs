//! Benchmark of the front desk's books at a large office's size (issue 16): 100,000 visits and
//! 20,000 complaints over ten years on the 5,000-unit estate with 80 staff. Times the monthly
//! targets (goal < 50 ms), the month's suggestions for 80 staff (goal < 100 ms) and one visit
//! saved (goal < 5 ms). Run with `cargo run --release --example bench_service`.

mod common;

use std::time::Instant;
use taizhang::domain::period::Period;
use taizhang::io::frontdesk::{ComplaintDraft, VisitDraft};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> taizhang::Result<()> {
    // A benchmark is a batch entry: it reads the clock once, here.
    let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 5)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("taizhang-bench-svc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| taizhang::Error::io(&dir, e))?;
    let conn = taizhang::db::open(&dir.join("bench.db"), now)?;
    let units = common::units(5000);
    taizhang::db::estate::import_units(
        &conn,
        "bench",
        &units,
        "2016-10-01 09:00:00",
        &mut |_, _| {},
    )?;
    let departments = ["客服部", "工程部", "秩序维护部", "保洁部", "绿化部"];
    for i in 0..80 {
        common::staff(
            &conn,
            &format!("员工{i:02}"),
            departments[i % 5],
            "2016-10-01 09:00:00",
        )?;
    }
    // Ten years: 100,000 visits by the 16 customer-service staff, 20,000 complaints.
    let start = chrono::NaiveDate::from_ymd_opt(2016, 12, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap_or_default();
    let unit_ref = |i: usize| {
        let u = &units[i % units.len()].1;
        Some((u.building.clone(), u.entrance.clone(), u.room.clone()))
    };
    let t = Instant::now();
    let visits: Vec<(usize, VisitDraft)> = (0..100_000)
        .map(|i| {
            (
                i + 2,
                VisitDraft {
                    at: start + chrono::Duration::minutes(i as i64 * 52),
                    unit: unit_ref(i * 7),
                    staff: format!("员工{:02}", (i % 16) * 5),
                    kind: "日常走访".into(),
                    content: "走访".into(),
                    opinion: String::new(),
                    satisfaction: None,
                    follow_up: i % 9 == 0,
                    follow_up_done_on: None,
                    signed: true,
                    photos: if i % 11 == 0 {
                        Vec::new()
                    } else {
                        vec!["p.jpg".into()]
                    },
                },
            )
        })
        .collect();
    taizhang::db::visits::import_visits(&conn, "bench", &visits, Vec::new(), now)?;
    let complaints: Vec<(usize, ComplaintDraft)> = (0..20_000)
        .map(|i| {
            let received = start + chrono::Duration::minutes(i as i64 * 262);
            (
                i + 2,
                ComplaintDraft {
                    received,
                    channel: taizhang::domain::complaints::Channel::Phone,
                    unit: unit_ref(i * 13),
                    complainant: String::new(),
                    phone: String::new(),
                    content: "噪音".into(),
                    department: "客服部".into(),
                    handler: format!("员工{:02}", (i % 16) * 5),
                    valid: Some(i % 5 == 0),
                    fault: if i % 5 == 0 {
                        format!("员工{:02}", (i % 16) * 5)
                    } else {
                        String::new()
                    },
                    first_reply: Some(
                        received + chrono::Duration::hours(if i % 7 == 0 { 30 } else { 3 }),
                    ),
                    resolved: Some(received + chrono::Duration::hours(40)),
                    agreed: None,
                    revisit: Some(received + chrono::Duration::hours(60)),
                    revisit_result: Some(taizhang::domain::complaints::Satisfaction::Satisfied),
                },
            )
        })
        .collect();
    taizhang::db::complaints::import_complaints(&conn, "bench", &complaints, Vec::new(), now)?;
    println!(
        "built: 5,000 units, 80 staff, 100,000 visits, 20,000 complaints in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let month = Period::parse("2026-10").map_err(taizhang::Error::invalid)?;
    let runs = 7;
    let mut targets = Vec::new();
    let mut suggestions = Vec::new();
    let mut save = Vec::new();
    for i in 0..runs {
        let t = Instant::now();
        let rows = taizhang::db::visits::month_targets(&conn, month)?;
        targets.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(rows.len() >= 16);
        let t = Instant::now();
        let s = taizhang::db::assessment::suggestions(&conn, month)?;
        suggestions.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(!s.is_empty());
        let v = taizhang::db::visits::VisitInput {
            at: now + chrono::Duration::minutes(i),
            unit_id: 1 + i,
            staff_id: 1,
            kind: "日常走访".into(),
            content: "走访".into(),
            ..Default::default()
        };
        let t = Instant::now();
        taizhang::db::visits::add_visit(&conn, &v, now)?;
        save.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "monthly targets (80 staff, 100,000 visits)   {:7.1} ms   goal < 50 ms",
        median(targets)
    );
    println!(
        "month's suggestions for 80 staff             {:7.1} ms   goal < 100 ms",
        median(suggestions)
    );
    println!(
        "one visit saved (with the write to disk)     {:7.2} ms   goal < 5 ms",
        median(save)
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
