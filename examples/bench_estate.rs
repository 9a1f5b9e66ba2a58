//! Benchmark: an estate of 5,000 units. Run with `cargo run --release --example bench_estate`.
//! Prints how long the paths a clerk waits on take: import, loading the table, one search
//! keystroke over every unit, and printing a 1,000-unit roster.

mod common;

use common::units;
use std::time::Instant;
use taizhang::db::{self, estate};
use taizhang::domain::search::{Query, SearchKey};

fn main() -> taizhang::Result<()> {
    let dir = std::env::temp_dir().join(format!("taizhang-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| taizhang::Error::io(&dir, e))?;
    let conn = db::open(&dir.join("bench.db"), taizhang::clock::Clock::System.now())?;
    let rows = units(5000);

    let t = Instant::now();
    estate::import_units(&conn, "bench", &rows, "2026-11-23 09:00:00", &mut |_, _| {})?;
    println!("import 5000 units (one transaction):   {:>8.1} ms", ms(t));

    let t = Instant::now();
    let list = estate::list_units(&conn)?;
    println!(
        "load the units table ({} rows):      {:>8.1} ms",
        list.len(),
        ms(t)
    );

    let t = Instant::now();
    let keys: Vec<SearchKey> = list
        .iter()
        .map(|u| {
            let mut k = SearchKey::new(&u.building, &u.entrance, &u.room);
            for p in &u.occupants {
                k.add_person(&p.name, &[&p.phone]);
            }
            k
        })
        .collect();
    println!("build search keys (pinyin) for all:   {:>8.1} ms", ms(t));

    for q in ["zs", "1201", "3-2-1201", "张伟", "0004999", "wk"] {
        let t = Instant::now();
        let reps = 100;
        let mut hits = 0;
        for _ in 0..reps {
            let query = Query::new(q);
            hits = keys.iter().filter(|k| k.matches_query(&query)).count();
        }
        println!(
            "search {q:<10} over 5000 units:      {:>8.3} ms per keystroke ({hits} hits)",
            ms(t) / reps as f64
        );
    }

    let t = Instant::now();
    let out = dir.join("roster.pdf");
    let pages = taizhang::pdf::roster::print_roster(
        &conn,
        "1号楼",
        &out,
        taizhang::clock::Clock::System.now(),
    )?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        "roster of 1000 units: {pages} pages, {} KB ({:.1} KB/page): {:>8.1} ms",
        size / 1024,
        size as f64 / 1024.0 / pages as f64,
        ms(t)
    );

    // Staff files: a large office's 1,000-person roster (many offices share one database).
    let mut csv = String::from("姓名,性别,部门,岗位,入职日期,电话,状态\n");
    let departments = ["客服部", "工程部", "秩序维护部", "保洁部", "绿化部"];
    let posts = ["物业管理员", "电工", "保安", "保洁员", "绿化员"];
    for i in 0..1000 {
        csv.push_str(&format!(
            "员工{i},{},{},{},20{:02}-0{}-1{},139{:08},在职\n",
            if i % 2 == 0 { "男" } else { "女" },
            departments[i % 5],
            posts[i % 5],
            10 + i % 16,
            1 + i % 9,
            i % 9,
            i
        ));
    }
    let roster = dir.join("roster.csv");
    std::fs::write(&roster, csv).map_err(|e| taizhang::Error::io(&roster, e))?;
    let t = Instant::now();
    let plan = taizhang::io::staff::import_file(
        &conn,
        &roster,
        &mut |_, _| {},
        taizhang::clock::Clock::System.now(),
    )?;
    println!(
        "import 1000-person roster:            {:>8.1} ms ({} added)",
        ms(t),
        plan.done.added
    );
    let t = Instant::now();
    let staff = taizhang::db::staff::list_staff(&conn)?;
    println!(
        "load staff table ({} people):        {:>8.1} ms",
        staff.len(),
        ms(t)
    );
    let t = Instant::now();
    let today = taizhang::clock::Clock::System.today();
    let flagged = staff
        .iter()
        .filter(|s| {
            !taizhang::domain::staff::staff_flags(&s.facts(), today, Default::default()).is_empty()
        })
        .count();
    println!(
        "flags for all staff:                  {:>8.1} ms ({flagged} flagged)",
        ms(t)
    );
    let t = Instant::now();
    let out = dir.join("staff.pdf");
    let pages = taizhang::pdf::staff::print_roster(
        &conn,
        false,
        &out,
        taizhang::clock::Clock::System.now(),
    )?;
    println!(
        "staff roster of 1000: {pages} pages:        {:>8.1} ms",
        ms(t)
    );

    // The key counter: a catalogue of 2,000 keys, then lend and return each one.
    let mut csv = String::from("挂牌号,类别,对应位置,挂放位置\n");
    for i in 0..2000 {
        csv.push_str(&format!("T-{i:04},设备房钥匙,设备{i},柜{}\n", i % 40));
    }
    let catalogue = dir.join("keys.csv");
    std::fs::write(&catalogue, csv).map_err(|e| taizhang::Error::io(&catalogue, e))?;
    let t = Instant::now();
    taizhang::io::keys::import_file(
        &conn,
        &catalogue,
        "bench",
        &mut |_, _| {},
        taizhang::clock::Clock::System.now(),
    )?;
    println!("import 2000-key catalogue:            {:>8.1} ms", ms(t));
    let now = taizhang::clock::Clock::System.now();
    let loan = taizhang::domain::keys::LoanInput {
        borrower: "李强".into(),
        staff_id: None,
        phone: "13920307514".into(),
        company: String::new(),
        id_number: String::new(),
        purpose: "巡检".into(),
        due: now + chrono::Duration::hours(8),
        emergency_reason: String::new(),
    };
    let t = Instant::now();
    for i in 0..2000 {
        taizhang::db::keys::lend(&conn, &format!("T-{i:04}"), &loan, "bench", now)?;
    }
    println!(
        "lend (one transaction each):          {:>8.3} ms per loan",
        ms(t) / 2000.0
    );
    let t = Instant::now();
    let keys = taizhang::db::keys::list_keys(&conn)?;
    println!(
        "load key table ({} keys, 2000 out): {:>8.1} ms",
        keys.len(),
        ms(t)
    );
    let t = Instant::now();
    for i in 0..2000 {
        taizhang::db::keys::return_key(&conn, &format!("T-{i:04}"), "bench", now)?;
    }
    println!(
        "return (one transaction each):        {:>8.3} ms per return",
        ms(t) / 2000.0
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
