//! Benchmark of issue 18 on the large office's file (5,000 units, ten years of ledgers:
//! `demo --scale large`): the home screen's queries together (goal < 50 ms) and one notice
//! issued to its PDF (goal < 100 ms). Run with
//! `cargo run --release --example bench_home [-- PATH]` (PATH defaults to
//! `$TMPDIR/taizhang-large.db`, built with the release binary when missing).

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn now() -> chrono::NaiveDateTime {
    // A benchmark is a batch entry: the clock is read once, here (the large file's last month).
    chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(v: Vec<Duration>) -> String {
    let first = v.first().copied().unwrap_or_default();
    let mut v = v;
    v.sort();
    format!(
        "median {:.1} ms, worst {:.1} ms, first {:.1} ms",
        ms(v[v.len() / 2]),
        ms(v[v.len() - 1]),
        ms(first)
    )
}

fn main() -> taizhang::Result<()> {
    let db = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("taizhang-large.db"));
    if !db.exists() {
        let exe = std::env::current_exe().unwrap_or_default();
        let bin = exe
            .parent()
            .and_then(std::path::Path::parent)
            .map(|d| d.join("taizhang"))
            .unwrap_or_else(|| PathBuf::from("target/release/taizhang"));
        println!("building {} (demo --scale large)…", db.display());
        let status = std::process::Command::new(bin)
            .arg("--db")
            .arg(&db)
            .args(["demo", "--scale", "large"])
            .status()
            .map_err(|e| taizhang::Error::io(&db, e))?;
        if !status.success() {
            return Err(taizhang::Error::invalid("demo --scale large failed"));
        }
    }
    let conn = taizhang::db::open(&db, now())?;
    let (_, bills, receipts) = taizhang::db::charging::stats(&conn)?;
    println!(
        "file {}: {bills} bill lines, {receipts} receipts",
        db.display()
    );

    // The home screen: the first read after opening, then again (as every minute).
    let mut home = Vec::new();
    let mut data = None;
    for _ in 0..15 {
        let t = Instant::now();
        // As the window's worker does it: two read-only connections of its own, at once.
        data = Some(taizhang::app::home::read(&db, now())?);
        home.push(t.elapsed());
    }
    if let Some(d) = &data {
        println!(
            "home: {} complaints due, {} repairs late, {} owing / {} not dunned, {} months of rates",
            d.complaints_due.len(),
            d.repairs_late.len(),
            d.owing,
            d.undunned,
            d.rates.len()
        );
    }
    println!(
        "home screen's queries together (as the window reads them): {} (goal < 50 ms)",
        summary(home)
    );
    // Part by part, to see where the time goes.
    let part = |name: &str, f: &dyn Fn() -> taizhang::Result<()>| -> taizhang::Result<()> {
        let mut v = Vec::new();
        for _ in 0..9 {
            let t = Instant::now();
            f()?;
            v.push(t.elapsed());
        }
        println!("  {name:<28} {}", summary(v));
        Ok(())
    };
    let day = now().date();
    let month = taizhang::domain::period::Period::of(day);
    part("estate figures", &|| {
        taizhang::db::estate::estate_stats(&conn).map(drop)
    })?;
    part("scorecards due", &|| {
        taizhang::app::home::cards_due(&conn, day).map(drop)
    })?;
    part("complaints due", &|| {
        taizhang::db::complaints::due_today(&conn, now()).map(drop)
    })?;
    part("repairs past appointment", &|| {
        taizhang::db::repairs::past_appointment(&conn, now()).map(drop)
    })?;
    part("archive", &|| {
        taizhang::db::archives::due(&conn, now()).map(drop)
    })?;
    part("arrears not dunned", &|| {
        taizhang::db::charging::arrears_counts(&conn, day).map(drop)
    })?;
    part("collection rates (6 months)", &|| {
        taizhang::db::charging::monthly_rates(&conn, month, 6).map(drop)
    })?;

    // One notice: a number taken, the PDF written, the notice recorded.
    let t = taizhang::db::notices::template_by_name(&conn, "停水通知")?;
    let buildings = taizhang::db::notices::buildings(&conn)?;
    let targets: Vec<_> = buildings
        .iter()
        .take(2)
        .map(|(b, _)| taizhang::domain::notices::Target::Building(b.clone()))
        .collect();
    let draft = taizhang::db::notices::NoticeDraft {
        template_id: t.id,
        inputs: vec![
            ("原因".into(), "二次供水管道检修".into()),
            ("开始时间".into(), "12-3 9:00".into()),
            ("结束时间".into(), "12-3 17:00".into()),
        ],
        targets,
        per_entrance: false,
        copied_from: None,
    };
    let out = std::env::temp_dir().join("taizhang-bench-notice.pdf");
    let mut v = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        taizhang::pdf::notices::issue_notice(&conn, &draft, "基准", &out, now())?;
        v.push(t.elapsed());
    }
    println!(
        "one notice issued to its PDF: {} (goal < 100 ms)",
        summary(v)
    );
    Ok(())
}
