//! Benchmark: the monthly evaluation pack for 80 staff (goal < 1.5 s). Run with
//! `cargo run --release --example bench_assessment`. Also times the month's overview, the
//! records' suggestions over a 5,000-unit estate, and one card.

mod common;

use std::time::Instant;
use taizhang::db::assessment::{self as a, DeductionInput};
use taizhang::domain::period::Period;

fn main() -> taizhang::Result<()> {
    // A benchmark is a batch entry: it reads the clock once, here.
    let now = taizhang::clock::Clock::System.now();
    let dir = std::env::temp_dir().join(format!("taizhang-bench-as-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| taizhang::Error::io(&dir, e))?;
    let conn = taizhang::db::open(&dir.join("bench.db"), now)?;
    taizhang::db::estate::import_units(
        &conn,
        "bench",
        &common::units(5000),
        "2026-10-01 09:00:00",
        &mut |_, _| {},
    )?;
    let departments = ["客服部", "工程部", "秩序维护部", "保洁部", "绿化部"];
    let mut ids = Vec::new();
    for i in 0..80 {
        ids.push(common::staff(
            &conn,
            &format!("员工{i:02}"),
            departments[i % 5],
            "2026-10-01 09:00:00",
        )?);
    }
    for (i, id) in ids.iter().enumerate().take(5) {
        a::set_staff_buildings(&conn, *id, &[format!("{}号楼", i + 1)])?;
    }
    let month = Period::new(2026, 10).ok_or_else(|| taizhang::Error::invalid("month"))?;
    let t = Instant::now();
    for (i, id) in ids.iter().enumerate() {
        let card_id = a::open_card(&conn, *id, month, now)?;
        let card = a::card(&conn, card_id)?;
        for k in 0..3 {
            let item = &card.items[(i * 7 + k * 5) % card.items.len()];
            a::set_manual(
                &conn,
                card_id,
                &DeductionInput {
                    item_id: item.id,
                    times: 1 + (i % 2) as i64,
                    dates: "10月12日".into(),
                    evidence: "巡查发现，已当面指出并整改".into(),
                },
                "经理",
                now,
            )?;
        }
    }
    println!("80 cards with 3 deductions each:        {:>8.1} ms", ms(t));
    let t = Instant::now();
    let rows = a::month_overview(&conn, month)?;
    println!(
        "month overview ({} staff):              {:>8.1} ms",
        rows.len(),
        ms(t)
    );
    let t = Instant::now();
    let s = a::suggestions(&conn, month)?;
    println!(
        "suggestions over 5,000 units ({}):        {:>8.1} ms",
        s.len(),
        ms(t)
    );
    let t = Instant::now();
    let out = dir.join("pack.pdf");
    let (cards, pages) = taizhang::pdf::assessment::print_pack(&conn, month, &out, now)?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        "pack: {cards} cards, {pages} pages, {} KB:     {:>8.1} ms",
        size / 1024,
        ms(t)
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
