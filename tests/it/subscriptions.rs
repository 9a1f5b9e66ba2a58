//! 按户收费: an item billed only to the households subscribed to it (a rented parking space),
//! imported all or nothing, a space never rented twice over the same months, billed every month
//! the subscription runs.

use crate::charging::october;
use crate::common::run;
use taizhang::db::charging as ch;
use taizhang::domain::charging::{FeeKind, Scope};
use taizhang::domain::period::Period;

fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

fn csv(dir: &std::path::Path, name: &str, rows: &[&str]) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut text = String::from("楼栋,单元,房号,收费项目,车位号,车牌号,起始期间,结束期间,单价\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_rented_parking_space_bills_itself_every_month_and_is_never_rented_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let f = october(&path);
    let parking = ch::create_item(
        &f.conn,
        &ch::FeeItemInput {
            name: "车位租金".into(),
            kind: FeeKind::Fixed,
            scope: Scope::All,
            scope_value: String::new(),
            refundable: false,
            start: p("2026-11"),
            rate_e4: 600_000,
            notes: String::new(),
        },
        "刘丽",
        crate::common::now(),
    )
    .unwrap();
    let db = path.to_str().unwrap();
    let rows = [
        "1号楼,1单元,101,车位租金,B-023,浙A·12345,2026-11,,",
        "2号楼,1单元,101,车位租金,B-024,,2026-11,2026-11,50",
    ];
    // Not yet 按户: refused by name, nothing written.
    let file = csv(dir.path(), "s.csv", &rows);
    let (ok, _, err) = run(&[
        "--db",
        db,
        "import",
        "subscriptions",
        file.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("不是按户收取的项目"), "{err}");
    ch::set_per_household(&f.conn, parking, true).unwrap();
    let (ok, out, err) = run(&[
        "--db",
        db,
        "import",
        "subscriptions",
        file.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("读取 2 行，新增按户收费 2 项"), "{out}");
    // The same space to another household over overlapping months: refused, nothing added.
    let clash = csv(
        dir.path(),
        "clash.csv",
        &["1号楼,1单元,102,车位租金,B-023,,2026-12,,"],
    );
    let (ok, _, err) = run(&[
        "--db",
        db,
        "import",
        "subscriptions",
        clash.to_str().unwrap(),
    ]);
    assert!(
        !ok && err.contains("车位 B-023 已租给 1号楼1单元101（2026-11 起）"),
        "{err}"
    );
    // Two rows of one file clashing with each other, and a row naming what does not exist.
    let bad = csv(
        dir.path(),
        "bad.csv",
        &[
            "1号楼,1单元,102,车位租金,B-030,,2026-12,,",
            "2号楼,1单元,101,车位租金,B-030,,2027-01,,",
            "9号楼,1单元,101,车位租金,B-031,,2026-12,,",
            "1号楼,1单元,102,停车费,B-032,,2026-12,,",
            "1号楼,1单元,102,车位租金,B-033,,2026-13,,",
        ],
    );
    let (ok, _, err) = run(&["--db", db, "import", "subscriptions", bad.to_str().unwrap()]);
    assert!(!ok, "{err}");
    assert!(err.contains("第 6 行【起始期间】"), "{err}");
    let count: i64 = f
        .conn
        .query_row("SELECT count(*) FROM subscription", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2, "nothing of a refused file is kept");
    let bad = csv(
        dir.path(),
        "bad2.csv",
        &[
            "9号楼,1单元,101,车位租金,B-031,,2026-12,,",
            "1号楼,1单元,102,停车费,B-032,,2026-12,,",
        ],
    );
    let (ok, _, err) = run(&["--db", db, "import", "subscriptions", bad.to_str().unwrap()]);
    assert!(
        !ok && err.contains("没有房屋 9号楼1单元101") && err.contains("没有收费项目“停车费”"),
        "{err}"
    );
    let twice = csv(
        dir.path(),
        "twice.csv",
        &[
            "1号楼,1单元,102,车位租金,B-030,,2026-12,,",
            "2号楼,1单元,101,车位租金,B-030,,2027-01,,",
        ],
    );
    let (ok, _, err) = run(&[
        "--db",
        db,
        "import",
        "subscriptions",
        twice.to_str().unwrap(),
    ]);
    assert!(
        !ok && err.contains("车位 B-030 在第 1 条和第 2 条中租期重叠"),
        "{err}"
    );

    // November: the two subscribed households, each at its rate; nobody else.
    ch::bill_period(&f.conn, p("2026-11"), "刘丽", crate::common::now()).unwrap();
    let line = |unit: usize, period: &str| {
        ch::unit_bills(&f.conn, f.units[unit])
            .unwrap()
            .into_iter()
            .find(|b| b.period == p(period) && b.item == "车位租金")
            .map(|b| (b.due_fen, b.basis))
    };
    assert_eq!(
        line(0, "2026-11"),
        Some((6_000, "车位 B-023（浙A·12345） 60.00 元/月".into()))
    );
    assert_eq!(
        line(2, "2026-11"),
        Some((5_000, "车位 B-024 50.00 元/月".into()))
    );
    assert_eq!(line(1, "2026-11"), None);
    // December: B-024's rent ended with November.
    ch::bill_period(&f.conn, p("2026-12"), "刘丽", crate::common::now()).unwrap();
    assert_eq!(line(0, "2026-12").map(|l| l.0), Some(6_000));
    assert_eq!(line(2, "2026-12"), None);
    // The unit's page lists it.
    let subs = ch::unit_subscriptions(&f.conn, f.units[0]).unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].what(), "车位 B-023（浙A·12345）");
    assert_eq!(subs[0].span_text(), "2026-11 起");
    // The collection report counts it like any item.
    let report = ch::collection(&f.conn, p("2026-12")).unwrap();
    assert!(
        report
            .items
            .iter()
            .any(|(name, c)| name == "车位租金" && c.billed_fen == 6_000),
        "{:?}",
        report.items
    );
}

#[test]
fn within_a_month_a_payment_pays_the_items_in_the_offices_order() {
    let dir = tempfile::tempdir().unwrap();
    let f = october(&dir.path().join("t.db"));
    ch::bill_period(&f.conn, p("2026-11"), "刘丽", crate::common::now()).unwrap();
    // 王五 (2号楼1单元101) owes October's fee and shared meter and November's fee.
    let names = |lines: &[taizhang::domain::charging::OpenLine]| -> Vec<String> {
        lines
            .iter()
            .map(|l| format!("{} {}", l.period, l.item))
            .collect()
    };
    let before = ch::open_lines(&f.conn, f.units[2]).unwrap();
    let items: Vec<String> = ch::list_items(&f.conn)
        .unwrap()
        .into_iter()
        .map(|i| i.name)
        .collect();
    let shared = items.iter().position(|n| n == "公共能源分摊").unwrap();
    let fee = items.iter().position(|n| n == "物业管理费").unwrap();
    assert!(fee < shared, "{items:?}");
    assert_eq!(
        &names(&before)[..2],
        &[
            "2026-10 物业管理费".to_string(),
            "2026-10 公共能源分摊".to_string()
        ]
    );
    // The office puts the shared meter first (moved up past every item before it).
    let id = ch::list_items(&f.conn).unwrap()[shared].id;
    for _ in 0..shared {
        assert!(ch::move_item(&f.conn, id, true).unwrap());
    }
    assert!(!ch::move_item(&f.conn, id, true).unwrap(), "already first");
    assert_eq!(ch::list_items(&f.conn).unwrap()[0].name, "公共能源分摊");
    let after = ch::open_lines(&f.conn, f.units[2]).unwrap();
    assert_eq!(
        &names(&after)[..2],
        &[
            "2026-10 公共能源分摊".to_string(),
            "2026-10 物业管理费".to_string()
        ]
    );
    // So 30.00 typed pays October's shared meter (25.18) in full and the fee in part.
    let chosen: Vec<(i64, i64)> = after.iter().map(|l| (l.bill_id, l.outstanding())).collect();
    let paying = taizhang::domain::charging::apply_received(&chosen, 3_000);
    assert_eq!(
        paying,
        vec![(after[0].bill_id, 2_518), (after[1].bill_id, 482)]
    );
    // The arrears list the lines in the same order.
    let rows = ch::arrears(
        &f.conn,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        &Default::default(),
    )
    .unwrap();
    let wang = rows.iter().find(|r| r.unit_id == f.units[2]).unwrap();
    assert_eq!(wang.lines[0].item, "公共能源分摊");
}

/// From a unit's panel in the window: 新增按户收费… rents a space (a rent of its own), a second
/// household asking for the same space over the same months is refused in the form, 结束…
/// ends the rent (not before a month already billed), and the billing runs follow.
#[test]
fn a_space_is_rented_and_given_back_from_the_units_panel() {
    use crate::ui::{demo_app, harness, replace_text, status, type_into};
    use egui_kittest::kittest::Queryable;
    use taizhang::app::{ChargeCommand, Command};
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(demo_app(&dir));
    h.run();
    let item = ch::list_items(h.state().db())
        .unwrap()
        .into_iter()
        .find(|i| i.name == "车位管理费")
        .unwrap();
    h.state_mut()
        .run(Command::Charging(ChargeCommand::SetPerHousehold {
            item_id: item.id,
            on: true,
        }));
    let unit = |room: &str| {
        ch::unit_index(h.state().db())
            .unwrap()
            .into_iter()
            .find(|(k, _)| k.2 == room)
            .map(|(_, id)| id)
            .unwrap()
    };
    let (p002, p003) = (unit("P002"), unit("P003"));
    h.get_by_label("房屋与业主").click();
    h.run();
    h.state_mut().run(Command::SelectUnit(p002));
    h.run();
    h.get_by_label("新增按户收费…").click();
    h.run();
    type_into(&mut h, "车位号", "B-023");
    type_into(&mut h, "车牌号", "浙A·12345");
    type_into(&mut h, "单价（元/月）", "60");
    h.get_by_label("登记").click();
    h.run();
    h.run();
    assert!(
        status(&h).contains("已登记按户收费：车位管理费 车位 B-023（浙A·12345），2026-11 起"),
        "{}",
        status(&h)
    );
    h.get_by_label_contains("车位管理费 车位 B-023（浙A·12345） 60.00 元/月（2026-11 起）");

    // The same space for another household over the same months: refused, in the form.
    h.state_mut().run(Command::SelectUnit(p003));
    h.run();
    h.get_by_label("新增按户收费…").click();
    h.run();
    type_into(&mut h, "车位号", "B-023");
    replace_text(&mut h, "起始期间", "2027-01");
    h.get_by_label("登记").click();
    h.run();
    assert_eq!(
        h.get_all_by_label_contains("车位 B-023 已租给 地下车库P002（2026-11 起）")
            .count(),
        2,
        "in the form and on the status line"
    );
    h.get_by_label("取消").click();
    h.run();

    // December is billed; ending it in November is then refused, in December accepted.
    taizhang::db::charging::bill_period(h.state().db(), p("2026-12"), "王丽", crate::common::now())
        .unwrap();
    h.state_mut().run(Command::SelectUnit(p002));
    h.run();
    h.get_by_label("结束…").click();
    h.run();
    replace_text(&mut h, "结束期间", "2026-11");
    h.get_by_label("确认结束").click();
    h.run();
    assert_eq!(
        h.get_all_by_label_contains("已生成到 2026-12 的应收，结束期间不能早于 2026-12")
            .count(),
        2,
        "in the form and on the status line"
    );
    replace_text(&mut h, "结束期间", "2026-12");
    h.get_by_label("确认结束").click();
    h.run();
    h.run();
    assert!(
        status(&h)
            .contains("已结束按户收费：车位管理费 车位 B-023（浙A·12345），收到 2026-12 为止"),
        "{}",
        status(&h)
    );
    h.get_by_label_contains("（2026-11 至 2026-12）");
    // January bills the space to nobody: it is free to rent again from then.
    taizhang::db::charging::bill_period(h.state().db(), p("2027-01"), "王丽", crate::common::now())
        .unwrap();
    let lines = |period: &str| -> i64 {
        h.state()
            .db()
            .query_row(
                "SELECT count(*) FROM bill WHERE item_id = ?1 AND period = ?2 AND unit_id = ?3",
                rusqlite::params![item.id, period, p002],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!((lines("2026-12"), lines("2027-01")), (1, 0));
    let again = ch::SubscriptionInput {
        unit_id: p003,
        item_id: item.id,
        object: "B-023".into(),
        plate: String::new(),
        start: p("2027-01"),
        end: None,
        rate_e4: None,
    };
    assert_eq!(
        ch::add_subscriptions(h.state().db(), &[again], crate::common::now()).unwrap(),
        1
    );
}
