//! Benchmark: charging at 5,000 units. Run with `cargo run --release --example bench_charging`.
//! Prints the times the issue sets goals for — a billing run (< 1 s), the collection report of a
//! period (< 100 ms), 1,000 dunning notices in one PDF (< 2 s, ≤ 20 KB per page) — and the
//! ones the clerk waits on at the counter: one payment, the arrears list, the ledger export.

mod common;

use chrono::NaiveDate;
use common::units;
use std::time::Instant;
use taizhang::db::charging::{self as ch, FeeItemInput, PaymentInput, ReadingInput};
use taizhang::db::{self, estate};
use taizhang::domain::charging::{FeeKind, LateFeeRule, PayMethod, Scope};
use taizhang::domain::period::Period;

fn item(name: &str, kind: FeeKind, rate_e4: i64, start: Period) -> FeeItemInput {
    FeeItemInput {
        name: name.into(),
        kind,
        scope: Scope::All,
        scope_value: String::new(),
        refundable: false,
        start,
        rate_e4,
        notes: String::new(),
    }
}

fn main() -> taizhang::Result<()> {
    let dir = std::env::temp_dir().join(format!("taizhang-bench-ch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| taizhang::Error::io(&dir, e))?;
    let conn = db::open(&dir.join("bench.db"), taizhang::clock::Clock::System.now())?;
    estate::import_units(
        &conn,
        "bench",
        &units(5000),
        "2026-11-01 09:00:00",
        &mut |_, _| {},
    )?;
    let unit_ids: Vec<i64> = estate::list_units(&conn)?.iter().map(|u| u.id).collect();

    let sep = Period::new(2026, 9).ok_or_else(|| taizhang::Error::invalid("period"))?;
    let oct = Period::new(2026, 10).ok_or_else(|| taizhang::Error::invalid("period"))?;
    ch::create_item(
        &conn,
        &item("物业管理费", FeeKind::ByArea, 25_000, sep),
        "bench",
        taizhang::clock::Clock::System.now(),
    )?;
    ch::create_item(
        &conn,
        &item("垃圾清运费", FeeKind::Fixed, 100_000, sep),
        "bench",
        taizhang::clock::Clock::System.now(),
    )?;
    let water = ch::create_item(
        &conn,
        &item("水费", FeeKind::Metered, 34_500, sep),
        "bench",
        taizhang::clock::Clock::System.now(),
    )?;
    let shared = ch::create_item(
        &conn,
        &item("公共能源分摊", FeeKind::Shared, 0, sep),
        "bench",
        taizhang::clock::Clock::System.now(),
    )?;

    // Meter readings for every unit, two months, in one import each.
    for (period, base) in [(sep, 10_000), (oct, 11_250)] {
        let rows: Vec<(usize, ReadingInput)> = unit_ids
            .iter()
            .enumerate()
            .map(|(i, &unit_id)| {
                (
                    i + 2,
                    ReadingInput {
                        unit_id,
                        item_id: water,
                        period,
                        current_h: base + (i as i64 % 13) * 100,
                        replaced: false,
                        start_h: 0,
                    },
                )
            })
            .collect();
        let t = Instant::now();
        ch::import_readings(&conn, &rows, "bench", taizhang::clock::Clock::System.now())?;
        println!(
            "import {} meter readings ({}):   {:>8.1} ms",
            rows.len(),
            period.doc(),
            ms(t)
        );
        ch::set_shared_amount(
            &conn,
            shared,
            period,
            1_234_567,
            taizhang::clock::Clock::System.now(),
        )?;
    }

    let t = Instant::now();
    let first = ch::bill_period(&conn, sep, "bench", taizhang::clock::Clock::System.now())?;
    println!(
        "billing run 2026-09: {} lines, ¥{}:   {:>8.1} ms",
        first.added,
        taizhang::domain::money::Money(first.total_fen).grouped(),
        ms(t)
    );
    let t = Instant::now();
    let second = ch::bill_period(&conn, oct, "bench", taizhang::clock::Clock::System.now())?;
    println!(
        "billing run 2026-10: {} lines:           {:>8.1} ms",
        second.added,
        ms(t)
    );
    let t = Instant::now();
    let again = ch::bill_period(&conn, oct, "bench", taizhang::clock::Clock::System.now())?;
    println!(
        "billing run 2026-10 again: {} added:        {:>8.1} ms",
        again.added,
        ms(t)
    );

    // Everyone pays September; 4,000 of 5,000 pay October, the rest stay in arrears.
    let mut paid = 0;
    let t = Instant::now();
    for (i, &unit_id) in unit_ids.iter().enumerate() {
        let open = ch::open_lines(&conn, unit_id)?;
        let lines: Vec<(i64, i64)> = open
            .iter()
            .filter(|l| l.period == sep || i % 5 != 0)
            .map(|l| (l.bill_id, l.outstanding()))
            .collect();
        let received: i64 = lines.iter().map(|l| l.1).sum();
        ch::take_payment(
            &conn,
            &PaymentInput {
                unit_id,
                paid_on: NaiveDate::from_ymd_opt(2026, 10, 10 + (i % 20) as u32)
                    .unwrap_or_default(),
                method: PayMethod::WeChat,
                payer: String::new(),
                clerk: "bench".into(),
                received_fen: received,
                lines,
                notes: String::new(),
            },
            taizhang::clock::Clock::System.now(),
        )?;
        paid += 1;
    }
    println!(
        "take a payment (with its open lines):  {:>8.3} ms each ({paid} payments)",
        ms(t) / paid as f64
    );

    let reps = 20;
    let t = Instant::now();
    let mut report = ch::collection(&conn, oct)?;
    for _ in 1..reps {
        report = ch::collection(&conn, oct)?;
    }
    println!(
        "collection report 2026-10:             {:>8.1} ms (rate {:.2}%)",
        ms(t) / reps as f64,
        report.total.collected_fen as f64 * 100.0 / report.total.billed_fen.max(1) as f64
    );

    let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let t = Instant::now();
    let rows = ch::arrears(&conn, as_of, &LateFeeRule::default())?;
    println!(
        "arrears list ({} units):             {:>8.1} ms",
        rows.len(),
        ms(t)
    );

    let t = Instant::now();
    let out = dir.join("notices.pdf");
    let (n, pages) = taizhang::pdf::charging::print_dunning(
        &conn,
        as_of,
        &Default::default(),
        &out,
        taizhang::clock::Clock::System.now(),
    )?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        "{n} dunning notices: {pages} pages, {} KB ({:.1} KB/page): {:>8.1} ms",
        size / 1024,
        size as f64 / 1024.0 / pages.max(1) as f64,
        ms(t)
    );

    let t = Instant::now();
    let xlsx = dir.join("ledger.xlsx");
    taizhang::io::charging::export_ledger(&ch::ledger(&conn, oct)?, &xlsx)?;
    println!("export the 2026-10 ledger (XLSX):      {:>8.1} ms", ms(t));

    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
