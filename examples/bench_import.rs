//! Benchmark: imports at a hundred thousand rows, through the release binary as a script runs
//! them. Run with `cargo build --release && cargo run --release --example bench_import`.
//!
//! Prints the time of: 100,000 units from CSV into a fresh file; the same file with every row
//! wrong, refused; and 100,000 historic payments. Import time once grew with the square of the
//! rows (line numbers were counted from the start of the file for every row).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    exe.parent()
        .and_then(Path::parent)
        .map(|d| d.join("taizhang"))
        .unwrap_or_else(|| PathBuf::from("target/release/taizhang"))
}

/// Runs the binary; returns the time and whether it succeeded.
fn run(db: &Path, args: &[&str]) -> (Duration, bool, String) {
    let t = Instant::now();
    let out = Command::new(binary())
        .env("TAIZHANG_NOW", "2026-11-24T10:00")
        .arg("--db")
        .arg(db)
        .args(args)
        .output();
    let took = t.elapsed();
    match out {
        Ok(o) => (
            took,
            o.status.success(),
            String::from_utf8_lossy(if o.status.success() {
                &o.stdout
            } else {
                &o.stderr
            })
            .lines()
            .next()
            .unwrap_or_default()
            .to_string(),
        ),
        Err(e) => panic!(
            "{}: {e} (build it: cargo build --release)",
            binary().display()
        ),
    }
}

fn units_csv(n: usize, bad: bool) -> String {
    let mut s = String::from("楼栋,单元,房号,收费面积（㎡）,用途,状态,业主姓名,联系电话\n");
    for i in 0..n {
        let (b, e, room) = (1 + i / 200, 1 + i / 100 % 2, 101 + i % 100);
        let area = if bad { "八十九" } else { "89.50" };
        let _ = writeln!(
            s,
            "{b}号楼,{e}单元,{room},{area},住宅,已入住,业主{i},1{:010}",
            3_500_000_000u64 + i as u64
        );
    }
    s
}

fn main() {
    let dir = std::env::temp_dir().join(format!("taizhang-bench-import-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let n = 100_000;
    let good = dir.join("units.csv");
    let bad = dir.join("units_bad.csv");
    let _ = std::fs::write(&good, units_csv(n, false));
    let _ = std::fs::write(&bad, units_csv(n, true));

    // The median of five runs, each into a fresh file: one run alone varies by a few
    // hundred milliseconds with the disk's write-back.
    let mut times = Vec::new();
    let mut last = (false, String::new());
    for i in 0..5 {
        let db = dir.join(format!("import-{i}.db"));
        let (t, ok, said) = run(&db, &["import", "units", good.to_str().unwrap_or("")]);
        times.push(t);
        last = (ok, said);
    }
    times.sort();
    let (ok, said) = last;
    println!(
        "import units, {n} rows (CSV), median of 5 {:>5.0} ms   {ok} {said}",
        times[2].as_secs_f64() * 1e3
    );
    let db = dir.join("import-4.db");
    let db2 = dir.join("refuse.db");
    let (t, ok, said) = run(&db2, &["import", "units", bad.to_str().unwrap_or("")]);
    println!(
        "refuse {n} bad rows                    {:>8.0} ms   {} {said}",
        t.as_secs_f64() * 1e3,
        !ok
    );

    // 100,000 historic payments on the units just imported, each billing its own line.
    let items = dir.join("items.csv");
    let _ = std::fs::write(
        &items,
        "收费项目,计费方式,单价,适用范围,起始期间,可退还,备注\n物业管理费,按面积,2.50,住宅,2026-01,,\n",
    );
    let _ = run(&db, &["import", "fee-items", items.to_str().unwrap_or("")]);
    let mut pay = String::from("楼栋,单元,房号,收费项目,所属期间,金额,收款日期,付款方式,收据号\n");
    for i in 0..n {
        let (b, e, room) = (1 + i / 200, 1 + i / 100 % 2, 101 + i % 100);
        let _ = writeln!(
            pay,
            "{b}号楼,{e}单元,{room},物业管理费,2025-12,223.75,2025-12-15,现金,2025-{:06}",
            i + 1
        );
    }
    let file = dir.join("payments.csv");
    let _ = std::fs::write(&file, pay);
    let (t, ok, said) = run(&db, &["import", "payments", file.to_str().unwrap_or("")]);
    println!(
        "import payments, {n} rows            {:>8.0} ms   {ok} {said}",
        t.as_secs_f64() * 1e3
    );
    let _ = std::fs::remove_dir_all(&dir);
}
