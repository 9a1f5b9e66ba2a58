//! The charging ledgers on a hand-computed fixture: four billable units, four fee items, one
//! month billed, three payments. Every figure below was worked out by hand (see the comments).

use chrono::NaiveDate;
use taizhang::db::{self, charging as ch};
use taizhang::domain::area::Area;
use taizhang::domain::charging::{FeeKind, LateFeeRule, PayMethod, Scope};
use taizhang::domain::estate::{OwnerInput, UnitInput, UnitState, Usage};
use taizhang::domain::period::{Ageing, Period};

pub(crate) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(crate) fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

pub(crate) struct Fixture {
    pub conn: rusqlite::Connection,
    /// 1号楼1单元101 89.50㎡ 张三, 1号楼1单元102 120㎡ 李四, 2号楼1单元101 87.33㎡ 王五,
    /// 2号楼1单元商01 50㎡ 商铺 赵六.
    pub units: [i64; 4],
    /// 2号楼1单元201, not delivered: never billed.
    pub undelivered: i64,
    /// 物业管理费, 商铺管理费, 水费, 公共能源分摊.
    pub items: [i64; 4],
}

fn unit(
    building: &str,
    room: &str,
    area: &str,
    usage: Usage,
    state: UnitState,
    owner: &str,
) -> UnitInput {
    UnitInput {
        building: building.into(),
        entrance: "1单元".into(),
        room: room.into(),
        area: Area::parse(area).unwrap(),
        usage,
        state,
        notes: String::new(),
        owner: (!owner.is_empty()).then(|| OwnerInput {
            name: owner.into(),
            phone: "13800138000".into(),
            ..Default::default()
        }),
    }
}

fn item(name: &str, kind: FeeKind, rate: i64) -> ch::FeeItemInput {
    ch::FeeItemInput {
        name: name.into(),
        kind,
        scope: Scope::All,
        scope_value: String::new(),
        refundable: false,
        start: p("2026-09"),
        rate_e4: rate,
        notes: String::new(),
    }
}

/// The estate and items, nothing billed yet.
pub(crate) fn fixture(path: &std::path::Path) -> Fixture {
    let conn = db::open(path, crate::common::now()).unwrap();
    let now = "2026-10-01 08:00:00";
    let occupied = UnitState::Occupied;
    let units = [
        db::estate::create_unit(
            &conn,
            &unit("1号楼", "101", "89.50", Usage::Residence, occupied, "张三"),
            now,
        )
        .unwrap(),
        db::estate::create_unit(
            &conn,
            &unit("1号楼", "102", "120", Usage::Residence, occupied, "李四"),
            now,
        )
        .unwrap(),
        db::estate::create_unit(
            &conn,
            &unit("2号楼", "101", "87.33", Usage::Residence, occupied, "王五"),
            now,
        )
        .unwrap(),
        db::estate::create_unit(
            &conn,
            &unit("2号楼", "商01", "50", Usage::Shop, occupied, "赵六"),
            now,
        )
        .unwrap(),
    ];
    let undelivered = db::estate::create_unit(
        &conn,
        &unit(
            "2号楼",
            "201",
            "100",
            Usage::Residence,
            UnitState::NotDelivered,
            "",
        ),
        now,
    )
    .unwrap();
    let mut shop = item("商铺管理费", FeeKind::Fixed, 1_500_000);
    shop.scope = Scope::Usage;
    shop.scope_value = "商铺".into();
    let items = [
        ch::create_item(
            &conn,
            &item("物业管理费", FeeKind::ByArea, 25_000),
            "王会计",
            crate::common::now(),
        )
        .unwrap(),
        ch::create_item(&conn, &shop, "王会计", crate::common::now()).unwrap(),
        ch::create_item(
            &conn,
            &item("水费", FeeKind::Metered, 34_500),
            "王会计",
            crate::common::now(),
        )
        .unwrap(),
        ch::create_item(
            &conn,
            &item("公共能源分摊", FeeKind::Shared, 0),
            "王会计",
            crate::common::now(),
        )
        .unwrap(),
    ];
    Fixture {
        conn,
        units,
        undelivered,
        items,
    }
}

fn reading(f: &Fixture, unit: usize, period: &str, value: i64) -> ch::ReadingInput {
    ch::ReadingInput {
        unit_id: f.units[unit],
        item_id: f.items[2],
        period: p(period),
        current_h: value,
        replaced: false,
        start_h: 0,
    }
}

pub(crate) fn pay(
    f: &Fixture,
    unit: usize,
    on: &str,
    received: i64,
    lines: Vec<(i64, i64)>,
) -> String {
    ch::take_payment(
        &f.conn,
        &ch::PaymentInput {
            unit_id: f.units[unit],
            paid_on: d(on),
            method: PayMethod::WeChat,
            payer: String::new(),
            clerk: "刘丽".into(),
            received_fen: received,
            lines,
            notes: String::new(),
        },
        crate::common::now(),
    )
    .unwrap()
}

/// October billed (water read for 1号楼101 only: 100 → 112.5 吨; common meter 100.00 元) and
/// paid: 张三 500.00 on 10-20 for everything (207.32 left as prepaid), 李四 300.00 on 10-21 for
/// the management fee only, 赵六 289.42 on 11-05 for everything.
pub(crate) fn october(path: &std::path::Path) -> Fixture {
    let f = fixture(path);
    ch::record_reading(
        &f.conn,
        &reading(&f, 0, "2026-09", 10_000),
        "刘丽",
        crate::common::now(),
    )
    .unwrap();
    ch::record_reading(
        &f.conn,
        &reading(&f, 0, "2026-10", 11_250),
        "刘丽",
        crate::common::now(),
    )
    .unwrap();
    ch::set_shared_amount(
        &f.conn,
        f.items[3],
        p("2026-10"),
        10_000,
        crate::common::now(),
    )
    .unwrap();
    let out = ch::bill_period(&f.conn, p("2026-10"), "刘丽", crate::common::now()).unwrap();
    assert_eq!(out.added, 10, "{out:?}");
    let all = |i: usize| -> Vec<(i64, i64)> {
        let open = ch::open_lines(&f.conn, f.units[i]).unwrap();
        open.iter().map(|l| (l.bill_id, l.outstanding())).collect()
    };
    pay(&f, 0, "2026-10-20", 50_000, all(0));
    let open = ch::open_lines(&f.conn, f.units[1]).unwrap();
    let fee = open.iter().find(|l| l.item == "物业管理费").unwrap();
    pay(&f, 1, "2026-10-21", 30_000, vec![(fee.bill_id, 30_000)]);
    pay(&f, 3, "2026-11-05", 28_942, all(3));
    f
}

/// The kept facts of every bill line agree with its receipts and credit uses.
pub(crate) fn assert_facts(conn: &rusqlite::Connection) {
    assert_eq!(
        ch::fact_mismatches(conn).unwrap(),
        Vec::<i64>::new(),
        "bill_fact disagrees"
    );
}

fn bills_of(f: &Fixture, unit: usize) -> Vec<(String, String, i64)> {
    ch::unit_bills(&f.conn, f.units[unit])
        .unwrap()
        .into_iter()
        .map(|b| (b.period.to_string(), b.item, b.due_fen))
        .collect()
}

#[test]
fn a_billing_run_bills_each_unit_once_to_the_fen() {
    let dir = tempfile::tempdir().unwrap();
    let f = october(&dir.path().join("c.db"));
    // 89.50 × 2.50 = 223.75; water 12.5 × 3.45 = 43.125 → 43.13; the common meter's 100.00 split
    // over 89.50 / 120 / 87.33 / 50 ㎡ (346.83): 25.805… 34.599… 25.179… 14.416… → floors
    // 25.80 34.59 25.17 14.41 (99.97) and the 3 fen left go to the largest remainders.
    assert_eq!(
        bills_of(&f, 0),
        vec![
            ("2026-10".into(), "物业管理费".into(), 22_375),
            ("2026-10".into(), "水费".into(), 4_313),
            ("2026-10".into(), "公共能源分摊".into(), 2_580),
        ]
    );
    // 87.33 × 2.50 = 218.325 → 218.33 (half up, per line).
    assert_eq!(bills_of(&f, 2)[0].2, 21_833);
    assert_eq!(
        bills_of(&f, 3),
        vec![
            ("2026-10".into(), "物业管理费".into(), 12_500),
            ("2026-10".into(), "商铺管理费".into(), 15_000),
            ("2026-10".into(), "公共能源分摊".into(), 1_442),
        ]
    );
    let shares: i64 = (0..4)
        .map(|u| {
            bills_of(&f, u)
                .iter()
                .filter(|b| b.1 == "公共能源分摊")
                .map(|b| b.2)
                .sum::<i64>()
        })
        .sum();
    assert_eq!(
        shares, 10_000,
        "the shares add up exactly to the meter amount"
    );
    assert!(ch::unit_bills(&f.conn, f.undelivered).unwrap().is_empty());

    // Again: nothing twice.
    let again = ch::bill_period(&f.conn, p("2026-10"), "刘丽", crate::common::now()).unwrap();
    assert_eq!((again.added, again.existing), (0, 10));
    // A unit added since is filled; the split is not redone, and the clerk is told.
    let late = db::estate::create_unit(
        &f.conn,
        &unit(
            "3号楼",
            "101",
            "100",
            Usage::Residence,
            UnitState::Occupied,
            "钱七",
        ),
        "2026-10-25 08:00:00",
    )
    .unwrap();
    let fill = ch::bill_period(&f.conn, p("2026-10"), "刘丽", crate::common::now()).unwrap();
    assert_eq!(fill.added, 1);
    assert!(
        fill.notes
            .iter()
            .any(|n| n.contains("新增的 1 户未参与分摊")),
        "{:?}",
        fill.notes
    );
    assert!(
        fill.notes.iter().any(|n| n.contains("水费：4 户未抄表")),
        "{:?}",
        fill.notes
    );
    let new_bills = ch::unit_bills(&f.conn, late).unwrap();
    assert_eq!(new_bills.len(), 1);
    assert_eq!(new_bills[0].due_fen, 25_000);
    assert_facts(&f.conn);
}

#[test]
fn rates_change_from_a_period_on_and_billed_periods_are_corrected_by_adjustment() {
    let dir = tempfile::tempdir().unwrap();
    let f = october(&dir.path().join("c.db"));
    let e = ch::set_rate(
        &f.conn,
        f.items[0],
        p("2026-10"),
        28_000,
        "王会计",
        crate::common::now(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("不能改写已出账的单价"), "{e}");
    ch::set_rate(
        &f.conn,
        f.items[0],
        p("2026-12"),
        28_000,
        "王会计",
        crate::common::now(),
    )
    .unwrap();
    ch::bill_period(&f.conn, p("2026-12"), "刘丽", crate::common::now()).unwrap();
    let dec: Vec<_> = bills_of(&f, 0)
        .into_iter()
        .filter(|b| b.0 == "2026-12")
        .collect();
    // 89.50 × 2.80 = 250.60; October keeps 2.50.
    assert_eq!(dec[0], ("2026-12".into(), "物业管理费".into(), 25_060));
    assert_eq!(bills_of(&f, 0)[0].2, 22_375);

    // 王五's October fee was billed wrong: a separate adjustment line, the original untouched.
    let line = ch::unit_bills(&f.conn, f.units[2]).unwrap()[0].clone();
    ch::adjust_bill(
        &f.conn,
        line.bill_id,
        -1_833,
        "面积复核为 80㎡",
        "王会计",
        crate::common::now(),
    )
    .unwrap();
    let after = ch::unit_bills(&f.conn, f.units[2]).unwrap()[0].clone();
    assert_eq!((after.bill_id, after.due_fen), (line.bill_id, 20_000));
    // 李四 paid his 300.00 fee: it cannot be adjusted below what was paid.
    let paid = ch::unit_bills(&f.conn, f.units[1]).unwrap()[0].clone();
    let e = ch::adjust_bill(
        &f.conn,
        paid.bill_id,
        -100,
        "误",
        "王会计",
        crate::common::now(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("低于已收"), "{e}");
    assert!(
        ch::adjust_bill(
            &f.conn,
            paid.bill_id,
            100,
            "",
            "王会计",
            crate::common::now()
        )
        .is_err()
    );
    assert_facts(&f.conn);
}

#[test]
fn a_reading_below_the_previous_is_refused_unless_the_meter_was_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let f = october(&dir.path().join("c.db"));
    let mut r = reading(&f, 0, "2026-11", 500);
    let e = ch::record_reading(&f.conn, &r, "刘丽", crate::common::now()).unwrap_err();
    assert!(e.to_string().contains("小于上期读数 112.5"), "{e}");
    r.replaced = true;
    assert_eq!(
        ch::record_reading(&f.conn, &r, "刘丽", crate::common::now()).unwrap(),
        (0, 500)
    );
    // October is billed: its reading can no longer change.
    let e = ch::record_reading(
        &f.conn,
        &reading(&f, 0, "2026-10", 12_000),
        "刘丽",
        crate::common::now(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("已按原读数出账"), "{e}");
}

#[test]
fn payments_get_gap_free_receipts_and_voids_reverse_them() {
    let dir = tempfile::tempdir().unwrap();
    let f = october(&dir.path().join("c.db"));
    let numbers: Vec<String> = ch::list_receipts(&f.conn, None, Some(2026))
        .unwrap()
        .into_iter()
        .map(|r| r.number)
        .collect();
    assert_eq!(numbers, vec!["2026-000003", "2026-000002", "2026-000001"]);
    let r1 = ch::receipt(&f.conn, "2026-000001").unwrap();
    assert_eq!(r1.amount_fen, 50_000);
    // 292.68 paid on bills, 207.32 prepaid.
    assert_eq!(r1.lines.last().unwrap().item, "预收款");
    assert_eq!(r1.lines.last().unwrap().amount_fen, 20_732);
    assert_eq!(ch::credit_balance(&f.conn, f.units[0]).unwrap(), 20_732);

    // 李四 owes 34.60 (his share); voiding his receipt makes the 300.00 owed again.
    let owed = |u: usize| -> i64 {
        ch::open_lines(&f.conn, f.units[u])
            .unwrap()
            .iter()
            .map(|l| l.outstanding())
            .sum()
    };
    assert_eq!(owed(1), 3_460);
    assert!(ch::void_payment(&f.conn, "2026-000002", " ", "刘丽", crate::common::now()).is_err());
    ch::void_payment(
        &f.conn,
        "2026-000002",
        "金额录错",
        "刘丽",
        crate::common::now(),
    )
    .unwrap();
    assert_eq!(owed(1), 33_460);
    let voided = ch::receipt(&f.conn, "2026-000002").unwrap();
    assert_eq!(voided.void.unwrap().2, "金额录错");
    assert!(
        ch::void_payment(&f.conn, "2026-000002", "再次", "刘丽", crate::common::now()).is_err()
    );
    // The next receipt continues the sequence: the void keeps its number.
    let n = pay(
        &f,
        1,
        "2026-11-10",
        33_460,
        ch::open_lines(&f.conn, f.units[1])
            .unwrap()
            .iter()
            .map(|l| (l.bill_id, l.outstanding()))
            .collect(),
    );
    assert_eq!(n, "2026-000004");
    assert_eq!(owed(1), 0);
    // A new year starts at 1.
    let n = pay(&f, 2, "2027-01-03", 100, vec![]);
    assert_eq!(n, "2027-000001");

    // Overpaying a line, or paying more lines than the money covers, is refused whole.
    let open = ch::open_lines(&f.conn, f.units[2]).unwrap();
    let before = ch::list_receipts(&f.conn, None, None).unwrap().len();
    let e = ch::take_payment(
        &f.conn,
        &ch::PaymentInput {
            unit_id: f.units[2],
            paid_on: d("2026-11-10"),
            method: PayMethod::Cash,
            payer: String::new(),
            clerk: "刘丽".into(),
            received_fen: 10_000,
            lines: vec![(open[0].bill_id, open[0].outstanding())],
            notes: String::new(),
        },
        crate::common::now(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("超过实收"), "{e}");
    assert_eq!(
        ch::list_receipts(&f.conn, None, None).unwrap().len(),
        before
    );
    assert_facts(&f.conn);
}

#[test]
fn prepaid_credit_pays_the_next_bills_and_then_cannot_be_voided() {
    let dir = tempfile::tempdir().unwrap();
    let f = october(&dir.path().join("c.db"));
    let nov = ch::bill_period(&f.conn, p("2026-11"), "刘丽", crate::common::now()).unwrap();
    // 张三's 207.32 prepaid pays 207.32 of November's 223.75.
    assert_eq!(nov.credit_used_fen, 20_732);
    assert!(
        nov.notes.iter().any(|n| n.contains("未录入本期公共表金额")),
        "{:?}",
        nov.notes
    );
    let open = ch::open_lines(&f.conn, f.units[0]).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].outstanding(), 1_643);
    assert_eq!(ch::credit_balance(&f.conn, f.units[0]).unwrap(), 0);
    let e =
        ch::void_payment(&f.conn, "2026-000001", "误收", "刘丽", crate::common::now()).unwrap_err();
    assert!(e.to_string().contains("已有 207.32 元抵扣"), "{e}");
    assert_facts(&f.conn);
}

#[test]
fn the_collection_rate_matches_the_hand_calculation() {
    let dir = tempfile::tempdir().unwrap();
    let f = october(&dir.path().join("c.db"));
    let r = ch::collection(&f.conn, p("2026-10")).unwrap();
    // Billed: fees 223.75 + 300.00 + 218.33 + 125.00 = 867.08, shop 150.00, water 43.13,
    // common 100.00 → 1160.21. Collected by 10-31: 张三 292.68 + 李四 300.00 = 592.68
    // (赵六 paid on 11-05: that is November's 清欠). 592.68 ÷ 1160.21 = 51.08 %.
    assert_eq!(r.total.billed_fen, 116_021);
    assert_eq!(r.total.collected_fen, 59_268);
    assert_eq!(r.total.rate(), Some(5_108));
    assert_eq!(r.prepaid_fen, 20_732);
    assert_eq!(r.recovered_fen, 0);
    // 1号楼: 223.75 + 300 + 43.13 + 25.80 + 34.60 = 627.28, collected 592.68 → 94.48 %.
    let b1 = &r.buildings[0];
    assert_eq!(b1.0, "1号楼");
    assert_eq!(
        (b1.1.billed_fen, b1.1.collected_fen, b1.1.rate()),
        (62_728, 59_268, Some(9_448))
    );
    assert_eq!(r.buildings[1].1.collected_fen, 0);
    // By item: 物业管理费 867.08 billed, 523.75 collected → 60.40 %.
    let fee = &r.items[0];
    assert_eq!(
        (fee.0.as_str(), fee.1.billed_fen, fee.1.collected_fen),
        ("物业管理费", 86_708, 52_375)
    );
    assert_eq!(fee.1.rate(), Some(6_040));

    // November: 赵六's 289.42 for October is recovered arrears (清欠), not November's 实收.
    ch::bill_period(&f.conn, p("2026-11"), "刘丽", crate::common::now()).unwrap();
    let nov = ch::collection(&f.conn, p("2026-11")).unwrap();
    assert_eq!(nov.recovered_fen, 28_942);
    // Billed 867.08 + 150.00; collected = 张三's prepaid credit 207.32 → 20.38 %.
    assert_eq!(nov.total.billed_fen, 101_708);
    assert_eq!(nov.total.collected_fen, 20_732);
    assert_eq!(nov.total.rate(), Some(2_038));
    // A voided receipt counts nowhere.
    ch::void_payment(&f.conn, "2026-000002", "退款", "刘丽", crate::common::now()).unwrap();
    let oct = ch::collection(&f.conn, p("2026-10")).unwrap();
    assert_eq!(oct.total.collected_fen, 29_268);
    // The chart's months from one grouped query say what each month's report says.
    ch::bill_period(&f.conn, p("2026-11"), "刘丽", crate::common::now()).unwrap();
    let trend = ch::monthly_rates(&f.conn, p("2026-12"), 24).unwrap();
    assert_eq!(trend.len(), 2, "{trend:?}");
    for (period, c) in trend {
        assert_eq!(
            c,
            ch::collection(&f.conn, period).unwrap().total,
            "{period}"
        );
    }
}

#[test]
fn arrears_age_by_month_and_list_the_undunned() {
    let dir = tempfile::tempdir().unwrap();
    let f = october(&dir.path().join("c.db"));
    ch::bill_period(&f.conn, p("2026-11"), "刘丽", crate::common::now()).unwrap();
    let as_of = d("2026-11-24");
    let rows = ch::arrears(&f.conn, as_of, &LateFeeRule::default()).unwrap();
    let summary: Vec<(String, i64)> = rows.iter().map(|r| (r.unit.clone(), r.total_fen)).collect();
    // November's lines fall due at the month's end (月末): on 11-24 only October is arrears.
    assert_eq!(
        summary,
        vec![
            ("1号楼1单元102".into(), 3_460),
            ("2号楼1单元101".into(), 21_833 + 2_518),
        ]
    );
    // What November billed is owed but not yet due: 张三 16.43, 李四 300.00, 王五 218.33,
    // 赵六 125.00 + 150.00.
    assert_eq!(
        ch::not_yet_due(&f.conn, as_of).unwrap(),
        (4, 1_643 + 30_000 + 21_833 + 12_500 + 15_000)
    );
    // On 12-01 November is arrears too, in the 本月 bucket of its own month no more.
    let dec = ch::arrears(&f.conn, d("2026-12-01"), &LateFeeRule::default()).unwrap();
    let dec: Vec<(String, i64)> = dec.iter().map(|r| (r.unit.clone(), r.total_fen)).collect();
    assert_eq!(
        dec,
        vec![
            ("1号楼1单元101".into(), 1_643),
            ("1号楼1单元102".into(), 3_460 + 30_000),
            ("2号楼1单元101".into(), 21_833 + 2_518 + 21_833),
            ("2号楼1单元商01".into(), 12_500 + 15_000),
        ]
    );
    assert_eq!(ch::not_yet_due(&f.conn, d("2026-12-01")).unwrap(), (0, 0));
    // An item due on the 15th of its month: its November line is arrears from 11-16.
    let fee = ch::list_items(&f.conn)
        .unwrap()
        .into_iter()
        .find(|i| i.name == "物业管理费")
        .unwrap();
    ch::set_item_term(
        &f.conn,
        fee.id,
        taizhang::domain::charging::PayTerm::DayOfMonth(15),
    )
    .unwrap();
    let mid = ch::arrears(&f.conn, as_of, &LateFeeRule::default()).unwrap();
    let wang = mid.iter().find(|r| r.owner == "王五").unwrap();
    assert_eq!(wang.total_fen, 21_833 + 2_518 + 21_833);
    assert_eq!(wang.by_ageing[0], 21_833, "本月");
    assert_eq!(wang.by_ageing[1], 24_351, "1–3 个月");
    assert_eq!(wang.lines[0].ageing, Ageing::UpTo3);
    ch::set_item_term(
        &f.conn,
        fee.id,
        taizhang::domain::charging::PayTerm::MonthEnd,
    )
    .unwrap();
    let wang = &rows[1];
    assert_eq!(wang.owner, "王五");
    // As of 11-01 赵六 owed October (due 10-31); on 11-24 he does not (paid 11-05).
    let oct = ch::arrears(&f.conn, d("2026-11-01"), &LateFeeRule::default()).unwrap();
    assert!(
        oct.iter()
            .any(|r| r.unit == "2号楼1单元商01" && r.total_fen == 28_942)
    );

    assert_eq!(ch::undunned(&rows, as_of).len(), 2);
    ch::add_dunning(
        &f.conn,
        &ch::DunningInput {
            unit_id: f.units[2],
            on: d("2026-11-20"),
            method: taizhang::domain::charging::DunMethod::Phone,
            by: "刘丽".into(),
            result: "答应月底前交".into(),
            promised: Some(d("2026-11-30")),
        },
        crate::common::now(),
    )
    .unwrap();
    let rows = ch::arrears(&f.conn, as_of, &LateFeeRule::default()).unwrap();
    let undunned: Vec<&str> = ch::undunned(&rows, as_of)
        .iter()
        .map(|r| r.unit.as_str())
        .collect();
    assert_eq!(undunned, vec!["1号楼1单元102"]);
    assert_eq!(
        ch::unit_dunning(&f.conn, f.units[2]).unwrap()[0].result,
        "答应月底前交"
    );

    // Late fees: off by default; on, 万分之三 a day from 15 days after the due date.
    assert_eq!(rows[1].late_fee_fen, 0);
    let rule = LateFeeRule {
        enabled: true,
        per_day_e4: 3,
        grace_days: 15,
    };
    let rows = ch::arrears(&f.conn, as_of, &rule).unwrap();
    // October is due 10-31 + 15 days = 11-15; on 11-24 that is 9 days late:
    // 218.33 × 0.0003 × 9 = 0.589 → 0.59; 25.18 × 0.0003 × 9 = 0.068 → 0.07.
    assert_eq!(rows[1].late_fee_fen, 59 + 7);
    ch::waive_late_fee(
        &f.conn,
        rows[1].lines[0].bill_id,
        "老人行动不便，已上门说明",
        "王经理",
        crate::common::now(),
    )
    .unwrap();
    let rows = ch::arrears(&f.conn, as_of, &rule).unwrap();
    assert_eq!(rows[1].late_fee_fen, 7);
    assert!(rows[1].lines[0].waived.is_some());
    assert_facts(&f.conn);
}

#[test]
fn the_ledger_of_a_period_has_a_row_per_billed_unit() {
    let dir = tempfile::tempdir().unwrap();
    let f = october(&dir.path().join("c.db"));
    let l = ch::ledger(&f.conn, p("2026-10")).unwrap();
    assert_eq!(
        l.items,
        vec!["物业管理费", "商铺管理费", "水费", "公共能源分摊"]
    );
    assert_eq!(l.rows.len(), 4);
    assert_eq!(
        l.rows[0].cells,
        vec![(22_375, 22_375), (0, 0), (4_313, 4_313), (2_580, 2_580)]
    );
    assert_eq!(l.rows[0].receipts, vec!["2026-000001"]);
    assert_eq!(l.rows[1].owner, "李四");
}

#[test]
fn batch_commands_import_bill_report_print_and_export() {
    use crate::common::{assert_qpdf_ok, data, pdf_pages, run};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let db = db.to_str().unwrap();
    let ok = |args: &[&str]| crate::common::run_ok(db, args);
    ok(&["import", "units", data("units.xlsx").to_str().unwrap()]);
    let out = ok(&[
        "import",
        "fee-items",
        data("fee_items.csv").to_str().unwrap(),
    ]);
    assert!(
        out.contains("读取 6 行，新增收费项目 5 个，调价 1 项"),
        "{out}"
    );

    // A bad ledger file: every problem named, nothing written.
    let (good, _, err) = run(&[
        "--db",
        db,
        "import",
        "payments",
        data("payments_bad.csv").to_str().unwrap(),
    ]);
    assert!(!good);
    for expected in [
        "第 5 行【所属期间】",
        "第 5 行【金额】",
        "第 5 行【收款日期】",
        "第 5 行【收据号】",
        "第 4 行【付款方式】：“刷脸”不是付款方式",
    ] {
        assert!(err.contains(expected), "{expected} missing in: {err}");
    }
    let out = ok(&["check"]);
    assert!(out.contains("应收 0 笔，收据 0 张"), "{out}");
    // Unknown unit and item are found once the rows parse.
    let bad2 = dir.path().join("bad2.csv");
    std::fs::write(
        &bad2,
        "楼栋,单元,房号,收费项目,所属期间,金额,收款日期,付款方式,收据号\n\
         10号楼,1单元,9999,物业管理费,2026-09,100,2026-09-15,现金,2026-000003\n\
         10号楼,1单元,1202,停车费,2026-09,100,2026-09-15,现金,2026-000004\n",
    )
    .unwrap();
    let (good, _, err) = run(&["--db", db, "import", "payments", bad2.to_str().unwrap()]);
    assert!(!good);
    assert!(
        err.contains("第 2 行【房号】：房屋 10号楼1单元9999 不在房屋清册中"),
        "{err}"
    );
    assert!(
        err.contains("第 3 行【收费项目】：没有名为“停车费”的收费项目"),
        "{err}"
    );

    // The old paper ledger for September (GB18030): bills made for what was paid.
    let out = ok(&[
        "import",
        "payments",
        data("payments_gb18030.csv").to_str().unwrap(),
    ]);
    assert!(
        out.contains("读取 2 行，历史收据 2 张，其中补记应收 2 笔"),
        "{out}"
    );
    assert!(ok(&["check"]).contains("应收余额核对：一致"));
    let out = ok(&[
        "import",
        "meter-readings",
        data("meter_readings.csv").to_str().unwrap(),
    ]);
    assert!(out.contains("读取 2 行，抄表读数 2 条"), "{out}");

    // October: fees 223.75 + 300.88 (120.35 × 2.5 = 300.875) + 359.50 + 261.65 + 137.50
    // = 1283.28, parking 80.00, water 12.5 × 3.45 = 43.13 → 7 lines, 1406.41.
    let out = ok(&["bill", "--period", "2026-10"]);
    assert!(out.contains("生成应收 7 笔，合计 1,406.41 元"), "{out}");
    assert!(out.contains("水费：3 户未抄表"), "{out}");
    let out = ok(&["bill", "--period", "2026-10"]);
    assert!(
        out.contains("生成应收 0 笔") && out.contains("已存在 7 笔"),
        "{out}"
    );

    let json = ok(&[
        "report",
        "collection",
        "--period",
        "2026-09",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["应收"], "524.63");
    assert_eq!(v["实收"], "524.63");
    assert_eq!(v["收缴率"], "100.00%");
    let csv = ok(&[
        "report",
        "collection",
        "--period",
        "2026-10",
        "--format",
        "csv",
    ]);
    let first = csv.lines().nth(1).unwrap();
    assert_eq!(first, "2026-10,本小区,全部,全部,1406.41,0.00,0.00%,是");
    assert!(
        csv.contains("2026-10,本小区,地下车库,全部,80.00,0.00,0.00%,是"),
        "{csv}"
    );

    // October falls due on 10-31 (月末): on that day nobody is in arrears for it yet; on
    // 11-01 everyone who has not paid is, a month behind.
    let csv = ok(&["report", "arrears", "--as-of", "2026-10-31"]);
    assert_eq!(csv.lines().count(), 1, "{csv}");
    let csv = ok(&["report", "arrears", "--as-of", "2026-11-01"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 7, "{csv}");
    assert!(
        lines[0].starts_with("房屋,业主,电话,欠费合计,本月"),
        "{csv}"
    );
    assert!(csv.contains("10号楼1单元1201,"), "{csv}");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("10号楼1单元1201,") && l.contains(",266.88,0.00,266.88,")),
        "{csv}"
    );

    // Receipt and notices read back from the PDFs.
    let receipt = dir.path().join("r.pdf");
    ok(&[
        "print",
        "receipt",
        "2026-000002",
        "--out",
        receipt.to_str().unwrap(),
    ]);
    assert_qpdf_ok(&receipt);
    let text = pdf_pages(&receipt).join("").replace(' ', "");
    assert!(text.contains("收款收据"), "{text}");
    assert!(text.contains("2026-000002"), "{text}");
    assert!(text.contains("叁佰元零捌角捌分"), "{text}");
    assert!(text.contains("微信"), "{text}");
    let notices = dir.path().join("d.pdf");
    let out = ok(&[
        "print",
        "dunning",
        "--as-of",
        "2026-11-01",
        "--out",
        notices.to_str().unwrap(),
    ]);
    assert!(out.contains("催缴通知书 6 户，共 6 页"), "{out}");
    assert_qpdf_ok(&notices);
    let pages = pdf_pages(&notices);
    assert_eq!(pages.len(), 6);
    let p1 = pages[0].replace(' ', "");
    assert!(
        p1.contains("催缴通知书") && p1.contains("10号楼1单元1201"),
        "{p1}"
    );
    // 223.75 + 43.13 = 266.88.
    assert!(
        p1.contains("266.88") && p1.contains("贰佰陆拾陆元捌角捌分"),
        "{p1}"
    );
    assert!(p1.contains("2026年11月16日前"), "{p1}");

    // The ledger to XLSX, read back.
    let xlsx = dir.path().join("l.xlsx");
    let out = ok(&[
        "export",
        "ledger",
        "--period",
        "2026-10",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert!(out.contains("6 户"), "{out}");
    let table = taizhang::io::read_table(&xlsx).unwrap();
    let cells: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text()).collect())
        .collect();
    assert!(
        cells[0][0].contains("收费台账") && cells[0][0].contains("2026年10月"),
        "{:?}",
        cells[0]
    );
    assert_eq!(cells[1][5], "物业管理费");
    let first = cells
        .iter()
        .find(|r| r.get(2).map(String::as_str) == Some("1201"))
        .unwrap();
    assert_eq!(first[5], "223.75");

    // Bad flags: non-zero exit and a Chinese message.
    let (good, _, err) = run(&["--db", db, "bill", "--period", "2026-13"]);
    assert!(!good && err.contains("不是期间"), "{err}");
    let (good, _, err) = run(&[
        "--db",
        db,
        "print",
        "receipt",
        "2026-999999",
        "--out",
        receipt.to_str().unwrap(),
    ]);
    assert!(!good && err.contains("找不到收据 2026-999999"), "{err}");
    let (good, _, err) = run(&["--db", db, "report", "arrears", "--as-of", "昨天"]);
    assert!(!good && err.contains("--as-of"), "{err}");
}

#[test]
fn a_deposit_is_given_back_once_and_what_is_withheld_has_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let f = october(&dir.path().join("c.db"));
    let mut deposit = item("装修押金", FeeKind::OneOff, 20_000_000);
    deposit.refundable = true;
    let deposit = ch::create_item(&f.conn, &deposit, "王会计", crate::common::now()).unwrap();
    let bill = ch::add_single_bill(
        &f.conn,
        &ch::SingleBill {
            unit_id: f.units[1],
            item_id: deposit,
            period: p("2026-10"),
            amount_fen: 200_000,
            reason: "1102 装修".into(),
        },
        "刘丽",
        crate::common::now(),
    )
    .unwrap();
    let refund = |amount: i64, reason: &str| {
        ch::refund_deposit(
            &f.conn,
            &ch::RefundInput {
                bill_id: bill,
                refunded_on: d("2026-12-20"),
                amount_fen: amount,
                withheld_reason: reason.into(),
                payee: "李四".into(),
                clerk: "刘丽".into(),
            },
            crate::common::now(),
        )
    };
    let err = refund(200_000, "").unwrap_err().to_string();
    assert!(err.contains("还没有收款"), "{err}");
    let number = pay(&f, 1, "2026-10-25", 200_000, vec![(bill, 200_000)]);
    // The deposit is not fee income.
    assert_eq!(
        ch::collection(&f.conn, p("2026-10"))
            .unwrap()
            .total
            .billed_fen,
        116_021
    );
    let err = refund(150_000, " ").unwrap_err().to_string();
    assert!(err.contains("少退 500.00 元，请写明扣留原因"), "{err}");
    assert!(refund(200_001, "").is_err());
    refund(150_000, "损坏电梯轿厢壁板，按维修报价扣 500 元").unwrap();
    let err = refund(150_000, "再退一次").unwrap_err().to_string();
    assert!(err.contains("已经退还过"), "{err}");
    let rows = ch::refunds(&f.conn, Some(f.units[1])).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].paid_fen, rows[0].amount_fen, rows[0].withheld_fen),
        (200_000, 150_000, 50_000)
    );
    assert_eq!(rows[0].owner, "李四");
    // Its receipt can no longer be voided.
    let err = ch::void_payment(&f.conn, &number, "录错", "刘丽", crate::common::now())
        .unwrap_err()
        .to_string();
    assert!(err.contains("押金已经退还"), "{err}");
    // A fee line is not a deposit.
    let fee = ch::unit_bills(&f.conn, f.units[1])
        .unwrap()
        .into_iter()
        .find(|b| b.item == "物业管理费")
        .unwrap();
    let err = ch::refund_deposit(
        &f.conn,
        &ch::RefundInput {
            bill_id: fee.bill_id,
            refunded_on: d("2026-12-20"),
            amount_fen: 100,
            withheld_reason: String::new(),
            payee: String::new(),
            clerk: "刘丽".into(),
        },
        crate::common::now(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("不是押金"), "{err}");
    assert_facts(&f.conn);
}

/// Rebuilt from the sources in one statement (as the migration and the bulk loader do), the
/// facts are what the writes kept; and a fact that drifted is caught by `check`.
#[test]
fn the_kept_facts_rebuild_to_themselves_and_drift_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let f = october(&path);
    ch::bill_period(&f.conn, p("2026-11"), "刘丽", crate::common::now()).unwrap();
    let before: Vec<(i64, i64, i64, Option<String>)> = {
        let mut s = f
            .conn
            .prepare("SELECT bill_id, due_fen, paid_fen, settled_on FROM bill_fact ORDER BY 1")
            .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    // 张三 paid October in full on 10-20; 赵六 on 11-05.
    let settled: Vec<&Option<String>> = before.iter().map(|b| &b.3).collect();
    assert!(settled.contains(&&Some("2026-10-20".into())));
    assert!(settled.contains(&&Some("2026-11-05".into())));
    ch::rebuild_facts(&f.conn).unwrap();
    let after: Vec<(i64, i64, i64, Option<String>)> = {
        let mut s = f
            .conn
            .prepare("SELECT bill_id, due_fen, paid_fen, settled_on FROM bill_fact ORDER BY 1")
            .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(before, after);
    // A drifted fact (as a bug would leave it) is named by check.
    f.conn
        .execute(
            "UPDATE bill_fact SET paid_fen = paid_fen + 1 WHERE bill_id = (SELECT min(bill_id) FROM bill_fact WHERE settled_on IS NULL)",
            [],
        )
        .unwrap();
    assert_eq!(ch::fact_mismatches(&f.conn).unwrap().len(), 1);
    drop(f);
    let (ok, _, err) = crate::common::run(&["--db", path.to_str().unwrap(), "check"]);
    assert!(!ok);
    assert!(err.contains("笔应收的已收金额与收据不一致"), "{err}");
}
