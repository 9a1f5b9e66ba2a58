//! The hot queries are served by indexes: every statement that the counter, arrears, dunning,
//! collection, the chart, the year's receipts, a payment, a billing run and the payment import
//! run is explained, and none may `SCAN` a table that grows with the years.

use crate::common::now;
use rusqlite::Connection;
use taizhang::db::Planned;
use taizhang::db::charging as ch;
use taizhang::domain::charging::{LateFeeRule, PayMethod};
use taizhang::domain::period::Period;
use taizhang::error::Result;

/// Tables that grow month by month (waivers of late fees are a handful a year and not among
/// them); the partial index of open lines is small by design.
const LARGE: [&str; 9] = [
    "bill",
    "bill_fact",
    "payment",
    "payment_line",
    "credit_use",
    "meter_reading",
    "dunning",
    "key_loan",
    "key_event",
];

/// The large tables a statement names, by their own name and by each alias given them
/// (`FROM payment_line pl JOIN payment p`): the plan says `SCAN p`.
fn large_names(sql: &str) -> Vec<(String, &'static str)> {
    const NOT_ALIAS: [&str; 16] = [
        "ON", "WHERE", "JOIN", "LEFT", "INNER", "CROSS", "GROUP", "ORDER", "USING", "SET",
        "VALUES", "LIMIT", "UNION", "AS", "SELECT", "DO",
    ];
    let words: Vec<&str> = sql
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Some(table) = LARGE.iter().find(|t| t.eq_ignore_ascii_case(w)) else {
            continue;
        };
        out.push((table.to_string(), *table));
        let mut next = words.get(i + 1).copied();
        if next.is_some_and(|n| n.eq_ignore_ascii_case("AS")) {
            next = words.get(i + 2).copied();
        }
        if let Some(alias) = next
            && !NOT_ALIAS.iter().any(|k| k.eq_ignore_ascii_case(alias))
            && !LARGE.contains(&alias)
        {
            out.push((alias.to_string(), *table));
        }
    }
    out
}

fn scans_of_large_tables(plans: &[Planned]) -> Vec<String> {
    let mut bad = Vec::new();
    for p in plans {
        let names = large_names(&p.sql);
        for d in &p.plan {
            let Some(rest) = d.strip_prefix("SCAN ") else {
                continue;
            };
            let name = rest.split_whitespace().next().unwrap_or("");
            let Some((_, table)) = names.iter().find(|(n, _)| n == name) else {
                continue;
            };
            if !d.contains("INDEX bill_fact_open") {
                bad.push(format!(
                    "{d} ({table})\n    plan: {:?}\n    in: {}",
                    p.plan, p.sql
                ));
            }
        }
    }
    bad
}

#[test]
fn aliases_are_followed_to_their_tables() {
    let names = large_names(
        "SELECT 1 FROM payment_line pl JOIN payment AS p ON p.id = pl.payment_id WHERE x",
    );
    assert!(names.contains(&("pl".to_string(), "payment_line")));
    assert!(names.contains(&("p".to_string(), "payment")));
    assert!(!names.iter().any(|(n, _)| n == "ON" || n == "WHERE"));
}

/// A small office with two years of history, built like the large one (and analysed the same).
fn office() -> Result<(tempfile::TempDir, Connection)> {
    let dir = tempfile::tempdir().map_err(|e| taizhang::Error::invalid(e.to_string()))?;
    let path = dir.path().join("plans.db");
    let conn = taizhang::db::open(&path, now())?;
    let spec = taizhang::demo::large::Spec {
        buildings: 3,
        per_building: 40,
        first: Period {
            year: 2024,
            month: 12,
        },
        last: Period {
            year: 2026,
            month: 11,
        },
        seed: 11,
    };
    taizhang::demo::large::fill(&conn, &spec, now(), &mut |_, _, _| {})?;
    Ok((dir, conn))
}

fn check(
    conn: &mut Connection,
    bad: &mut Vec<String>,
    what: &str,
    work: impl FnOnce(&Connection) -> Result<()>,
) {
    let plans = taizhang::db::query_plans(conn, work).unwrap();
    assert!(!plans.is_empty(), "{what}: no statement was traced");
    for b in scans_of_large_tables(&plans) {
        bad.push(format!("{what}: {b}"));
    }
}

#[test]
fn the_hot_queries_scan_no_large_table() -> Result<()> {
    let (_dir, mut conn) = office()?;
    let as_of = now().date();
    let rule = LateFeeRule::default();
    let mut bad = Vec::new();
    let arrears = ch::arrears(&conn, as_of, &rule)?;
    let debtor = arrears.first().expect("someone owes").clone();
    check(&mut conn, &mut bad, "arrears", |c| {
        ch::arrears(c, as_of, &rule).map(drop)
    });
    check(&mut conn, &mut bad, "the counter", |c| {
        ch::open_lines(c, debtor.unit_id)?;
        ch::unit_bills(c, debtor.unit_id)?;
        ch::credit_balance(c, debtor.unit_id)?;
        ch::list_receipts(c, Some(debtor.unit_id), None)?;
        ch::unit_dunning(c, debtor.unit_id)?;
        ch::refunds(c, Some(debtor.unit_id)).map(drop)
    });
    let period = Period {
        year: 2026,
        month: 10,
    };
    check(&mut conn, &mut bad, "collection", |c| {
        ch::collection(c, period).map(drop)
    });
    check(&mut conn, &mut bad, "the chart", |c| {
        ch::monthly_rates(c, period, 24).map(drop)
    });
    check(&mut conn, &mut bad, "the year's receipts", |c| {
        ch::list_receipts(c, None, Some(2026)).map(drop)
    });
    let line = debtor.lines[0].clone();
    check(&mut conn, &mut bad, "a payment", |c| {
        ch::take_payment(
            c,
            &ch::PaymentInput {
                unit_id: debtor.unit_id,
                paid_on: as_of,
                method: PayMethod::Cash,
                payer: String::new(),
                clerk: "刘丽".into(),
                received_fen: line.outstanding_fen,
                lines: vec![(line.bill_id, line.outstanding_fen)],
                notes: String::new(),
            },
            now(),
        )
        .map(drop)
    });
    // A historic import paying the next debtor's oldest line by (unit, item, period).
    let next = arrears.get(1).expect("two debtors").clone();
    let l = next.lines[0].clone();
    let item = ch::item_by_name(&conn, &l.item)?.expect("the item").id;
    check(&mut conn, &mut bad, "import payments", |c| {
        ch::import_payments(
            c,
            &[ch::HistoricPayment {
                line: 2,
                unit_id: next.unit_id,
                unit: next.unit.clone(),
                item_id: item,
                period: l.period,
                amount_fen: l.outstanding_fen,
                paid_on: as_of,
                method: PayMethod::Cash,
                receipt_no: "导入-000001".into(),
            }],
            "刘丽",
            now(),
        )
        .map(drop)
    });
    check(&mut conn, &mut bad, "a billing run", |c| {
        ch::bill_period(
            c,
            Period {
                year: 2026,
                month: 12,
            },
            "刘丽",
            now(),
        )
        .map(drop)
    });
    // The key cabinet: the custodian's screen, a key's panel, a loan and its return, the day's
    // register.
    let key = taizhang::db::keys::list_keys(&conn)?
        .into_iter()
        .find(|k| k.loan.is_none() && !k.emergency)
        .expect("a key on its hook");
    check(&mut conn, &mut bad, "the key cabinet", |c| {
        taizhang::db::keys::list_keys(c)?;
        taizhang::db::keys::overdue_loans(c, now())?;
        taizhang::db::keys::loans_between(c, as_of, as_of)?;
        taizhang::db::keys::loans_of_key(c, key.id)?;
        taizhang::db::keys::key_events(c, key.id).map(drop)
    });
    check(&mut conn, &mut bad, "a loan and its return", |c| {
        let loan = taizhang::domain::keys::LoanInput {
            borrower: "张建军".into(),
            staff_id: None,
            phone: "13902340011".into(),
            company: "工程部".into(),
            id_number: String::new(),
            purpose: "维修".into(),
            due: now() + chrono::Duration::hours(2),
            emergency_reason: String::new(),
        };
        taizhang::db::keys::lend(c, &key.tag, &loan, "黄勇", now())?;
        taizhang::db::keys::return_key(c, &key.tag, "黄勇", now() + chrono::Duration::hours(1))
            .map(drop)
    });
    assert!(bad.is_empty(), "large tables scanned:\n{}", bad.join("\n"));
    Ok(())
}
