//! The one table widget as people use it: every table of every screen sorts by a click on a
//! header (▲, then ▼), money sorts by value, the arrears list filters by building and amount,
//! and the main list of a screen is worked with ↑/↓ and Enter.

use crate::ui::{demo_app, harness_at, replace_text};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use taizhang::app::App;

fn open(h: &mut Harness<'_, App>, screen: &str, tab: Option<&str>) {
    h.get_by_label(screen).click();
    h.run();
    if let Some(tab) = tab {
        h.query_all(By::new().predicate(move |n| {
            n.label()
                .is_some_and(|l| l == tab || l.starts_with(&format!("{tab}（")))
        }))
        .next()
        .unwrap_or_else(|| panic!("{screen} › {tab}"))
        .click();
        h.run();
    }
    h.run();
}

#[test]
fn every_table_sorts_by_a_click_on_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_at(demo_app(&dir), 1280.0, 720.0);
    h.run();
    let tables: &[(&str, Option<&str>, &str)] = &[
        ("房屋与业主", None, "房号"),
        ("收费台账", Some("欠费与催缴"), "电话"),
        ("收费台账", Some("收费项目"), "计费方式"),
        ("收费台账", Some("收据"), "金额"),
        ("收费台账", Some("收缴率"), "实收"),
        ("钥匙管理", Some("钥匙清册"), "挂放位置"),
        ("钥匙管理", Some("借还记录"), "应还"),
        ("员工档案", Some("员工花名册"), "入职日期"),
        ("员工档案", Some("培训记录"), "学时"),
        ("员工档案", Some("人员配置检查"), "结论"),
        ("考核", Some("月度考核"), "得分"),
        ("考核", Some("季度与年度"), "平均分"),
    ];
    for (screen, tab, header) in tables {
        open(&mut h, screen, *tab);
        let up = format!("{header} ▲");
        let down = format!("{header} ▼");
        h.get_all_by_label(header)
            .next()
            .unwrap_or_else(|| panic!("{screen} {tab:?}: no header {header}"))
            .click();
        h.run();
        h.get_all_by_label(&up)
            .next()
            .unwrap_or_else(|| panic!("{screen} {tab:?}: {header} did not sort"))
            .click();
        h.run();
        assert!(
            h.query_all_by_label(&down).next().is_some(),
            "{screen} {tab:?}: a second click turns {header} round"
        );
    }
}

#[test]
fn arrears_open_largest_first_and_filter_by_building_and_amount() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_at(demo_app(&dir), 1280.0, 720.0);
    h.run();
    open(&mut h, "收费台账", Some("欠费与催缴"));
    h.get_by_label("欠费合计 ▼");
    let totals: Vec<i64> = h
        .state()
        .charging
        .arrears_shown()
        .iter()
        .map(|a| a.total_fen)
        .collect();
    assert!(totals.len() > 20, "{}", totals.len());
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    let all = totals.len();

    // A least amount of 400 元: only what is at least 40,000 fen, still largest first.
    replace_text(&mut h, "欠费不少于（元）", "400");
    let shown: Vec<i64> = h
        .state()
        .charging
        .arrears_shown()
        .iter()
        .map(|a| a.total_fen)
        .collect();
    let expected = totals.iter().filter(|t| **t >= 40_000).count();
    assert_eq!(shown.len(), expected);
    assert!(expected > 0 && expected < all);
    assert!(shown.iter().all(|t| *t >= 40_000));
    h.get_by_label_contains(&format!("筛选后 {expected} 户"));

    // A building: every row of it, and only of it.
    replace_text(&mut h, "欠费不少于（元）", "0");
    h.get_by_label("楼栋").click();
    h.run();
    h.get_by_label("5号楼").click();
    h.run();
    let shown = h.state().charging.arrears_shown();
    let in_five = h
        .state()
        .charging
        .arrears()
        .iter()
        .filter(|a| a.building == "5号楼")
        .count();
    assert!(in_five > 0);
    assert_eq!(shown.len(), in_five);
    assert!(shown.iter().all(|a| a.building == "5号楼"));

    // Not an amount: said under the filter, in Chinese.
    replace_text(&mut h, "欠费不少于（元）", "四百");
    h.get_by_label_contains("欠费不少于：");
}

#[test]
fn the_units_list_is_worked_with_arrow_keys_and_enter() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_at(demo_app(&dir), 1280.0, 720.0);
    h.run();
    open(&mut h, "房屋与业主", None);
    let first = h.state().units.visible_rows()[0].label();
    let second = h.state().units.visible_rows()[1].label();
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.run();
    assert_eq!(
        h.state().units.detail().map(|u| u.label()),
        Some(first.clone()),
        "↓ chooses the first row and shows it"
    );
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.run();
    assert_eq!(h.state().units.detail().map(|u| u.label()), Some(second));
    h.key_press(egui::Key::ArrowUp);
    h.run();
    h.run();
    assert_eq!(h.state().units.detail().map(|u| u.label()), Some(first));
    assert!(h.state().units.form.is_none());
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(
        h.state().units.form.is_some(),
        "Enter opens the chosen unit"
    );
    // Typing in a field does not move the list.
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_at(demo_app(&dir), 1280.0, 720.0);
    h.run();
    open(&mut h, "房屋与业主", None);
    replace_text(&mut h, "搜索", "1201");
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert!(h.state().units.detail().is_none());
}
