//! Benchmark of issue 20 at the size of a real office, on the large office's ten-year file: 日结
//! of a day with 2,000 receipts (goal < 50 ms to read the day), and a billing run with 5,000
//! 按户 subscriptions (goal < 1 s). Run with
//! `cargo run --release --example bench_dayclose [-- PATH]`; PATH is the large file
//! (`demo --scale large`, default `$TMPDIR/taizhang-large.db`). It is copied once to
//! `$TMPDIR/taizhang-dayclose.db`, where 2,000 receipts are taken on 2026-12-02 by three clerks,
//! and to `$TMPDIR/taizhang-subscriptions.db`, where 5,000 subscriptions are billed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn now() -> chrono::NaiveDateTime {
    // A benchmark is a batch entry: the clock is read once, here.
    chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
        .and_then(|d| d.and_hms_opt(18, 0, 0))
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> taizhang::Result<()> {
    use taizhang::db::charging as ch;
    use taizhang::domain::charging::PayMethod;
    let large = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("taizhang-large.db"));
    let db = std::env::temp_dir().join("taizhang-dayclose.db");
    if !db.exists() {
        if !large.exists() {
            return Err(taizhang::Error::invalid(format!(
                "没有大型演示数据库 {}：先运行 taizhang --db {} demo --scale large",
                large.display(),
                large.display()
            )));
        }
        std::fs::copy(&large, &db)
            .map_err(|e| taizhang::Error::invalid(format!("复制 {} 失败：{e}", large.display())))?;
    }
    let conn = taizhang::db::open(&db, now())?;
    let day = now().date();
    let have = ch::day_close(&conn, day, "")?.receipts.len();
    if have < 2000 {
        let units: Vec<i64> = taizhang::db::estate::list_units(&conn)?
            .iter()
            .map(|u| u.id)
            .collect();
        let t = Instant::now();
        for i in have..2000 {
            ch::take_payment(
                &conn,
                &ch::PaymentInput {
                    unit_id: units[i % units.len()],
                    paid_on: day,
                    method: PayMethod::ALL[i % PayMethod::ALL.len()],
                    payer: String::new(),
                    clerk: ["王丽", "刘晓燕", "张敏"][i % 3].into(),
                    received_fen: 10_000 + i as i64,
                    lines: Vec::new(),
                    notes: String::new(),
                },
                now(),
            )?;
        }
        println!(
            "（准备：收款 {} 笔，用时 {:.1} s）",
            2000 - have,
            t.elapsed().as_secs_f64()
        );
    }
    let runs = 21;
    let mut all = Vec::new();
    let mut one = Vec::new();
    let mut total = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let d = ch::day_close(&conn, day, "")?;
        total = d.total_fen();
        let _ = d.by_method();
        all.push(t.elapsed());
        let t = Instant::now();
        let d = ch::day_close(&conn, day, "王丽")?;
        let _ = d.by_method();
        one.push(t.elapsed());
    }
    // 按户收费: 5,000 subscriptions (a parking space for every unit), then one billing run — on
    // a copy of its own, without the 2,000 prepayments above (each a unit whose credit the run
    // would spend).
    let subs_db = std::env::temp_dir().join("taizhang-subscriptions.db");
    if !subs_db.exists() {
        std::fs::copy(&large, &subs_db)
            .map_err(|e| taizhang::Error::invalid(format!("复制 {} 失败：{e}", large.display())))?;
    }
    let conn = taizhang::db::open(&subs_db, now())?;
    let subscribed: i64 = conn
        .query_row("SELECT count(*) FROM subscription", [], |r| r.get(0))
        .map_err(|e| taizhang::Error::invalid(e.to_string()))?;
    let next = taizhang::domain::period::Period::of(day).plus(1);
    if subscribed < 5000 {
        let item = ch::create_item(
            &conn,
            &ch::FeeItemInput {
                name: "车位租金".into(),
                kind: taizhang::domain::charging::FeeKind::Fixed,
                scope: taizhang::domain::charging::Scope::All,
                scope_value: String::new(),
                refundable: false,
                start: next,
                rate_e4: 600_000,
                notes: String::new(),
            },
            "bench",
            now(),
        )?;
        ch::set_per_household(&conn, item, true)?;
        let units: Vec<i64> = taizhang::db::estate::list_units(&conn)?
            .iter()
            .map(|u| u.id)
            .collect();
        let rows: Vec<ch::SubscriptionInput> = (0..5000)
            .map(|i| ch::SubscriptionInput {
                unit_id: units[i % units.len()],
                item_id: item,
                object: format!("P-{i:05}"),
                plate: String::new(),
                start: next,
                end: None,
                rate_e4: None,
            })
            .collect();
        let t = Instant::now();
        ch::add_subscriptions(&conn, &rows, now())?;
        println!(
            "（准备：5,000 个按户订户，用时 {:.1} s）",
            t.elapsed().as_secs_f64()
        );
    }
    let t = Instant::now();
    let out = ch::bill_period(&conn, next, "bench", now())?;
    println!(
        "生成应收 {}（含 5,000 个按户订户）：{:.0} ms，新增 {} 笔（目标 < 1 s）",
        next,
        ms(t.elapsed()),
        out.added
    );
    let conn = taizhang::db::open(&db, now())?;
    let out = std::env::temp_dir().join("bench-日结单.pdf");
    let t = Instant::now();
    let pages = taizhang::pdf::charging::print_day_close(&conn, day, "", &out, now())?;
    let pdf = t.elapsed();
    println!(
        "日结（2,000 张收据，合计 ¥{}）：全部收款人 中位数 {:.1} ms；一位收款人 中位数 {:.1} ms（目标 < 50 ms）；打印日结单 {pages} 页 {:.0} ms",
        taizhang::domain::money::Money(total).grouped(),
        ms(median(all)),
        ms(median(one)),
        ms(pdf)
    );
    Ok(())
}
