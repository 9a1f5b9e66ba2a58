//! The 1280×720 guard: every screen and tab of the demo, opened in a window of a common office
//! monitor (and at 1366×768, the common laptop), and every labelled button, input, checkbox,
//! list box and text on it lies inside the window — at once, or after scrolling to it (a long
//! list scrolls; nothing is cut off at the right edge or hidden behind a panel with no way to
//! reach it). kittest's own check that every input has an accessible name runs on each frame.

use crate::ui::{demo_app, harness_at};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};
use taizhang::app::App;

fn is_control(role: Role) -> bool {
    matches!(
        role,
        Role::Button
            | Role::TextInput
            | Role::CheckBox
            | Role::ComboBox
            | Role::RadioButton
            | Role::Label
    )
}

/// The labelled controls that cannot be brought inside `window`, even by scrolling to them.
fn unreachable(h: &mut Harness<'_, App>, window: egui::Rect, screen: &str) -> Vec<String> {
    let inside = |r: egui::Rect| window.expand(0.5).contains_rect(r);
    let controls: Vec<_> = h
        .query_all(By::new().predicate(|n| is_control(n.role())))
        .filter_map(|n| {
            let label = n.accesskit_node().label().unwrap_or_default();
            let label = if label.is_empty() {
                n.accesskit_node().value().unwrap_or_default()
            } else {
                label
            };
            let text = n.accesskit_node().role() == Role::Label;
            (!label.is_empty()).then(|| (n.accesskit_node().id(), label, n.rect(), text))
        })
        .collect();
    let mut bad = Vec::new();
    for (id, label, rect, text) in controls {
        if inside(rect) {
            continue;
        }
        // A table's text may scroll sideways; a button or an input may not: it is reached
        // by scrolling down at most.
        if !text && rect.max.x > window.max.x + 0.5 {
            bad.push(format!("{screen}：“{label}” 在右边缘之外 {rect:?}"));
            continue;
        }
        let Some(node) = h.query(By::new().predicate(move |n| n.id() == id)) else {
            continue;
        };
        node.scroll_to_me();
        h.run();
        let after = h
            .query(By::new().predicate(move |n| n.id() == id))
            .map(|n| n.rect());
        match after {
            Some(r) if inside(r) => {}
            Some(r) => bad.push(format!("{screen}：“{label}” 在 {r:?}（原 {rect:?}）")),
            None => {}
        }
    }
    bad
}

const SCREENS: &[(&str, &[&str])] = &[
    ("首页", &[]),
    ("房屋与业主", &[]),
    (
        "收费台账",
        &[
            "收款",
            "欠费与催缴",
            "生成应收与抄表",
            "收费项目",
            "收据",
            "收缴率",
        ],
    ),
    ("客户服务", &["走访登记", "月度目标", "投诉", "报修"]),
    ("通知公告", &[]),
    ("档案管理", &["档案目录", "查阅与借阅", "档案检查"]),
    ("钥匙管理", &["借还", "钥匙清册", "借还记录", "交接班盘点"]),
    (
        "员工档案",
        &["员工花名册", "培训记录", "人员配置检查", "部门与岗位"],
    ),
    (
        "考核",
        &["月度考核", "记录建议", "季度与年度", "考核模板", "所辖区域"],
    ),
    ("设置", &[]),
];

fn walk(w: f32, hgt: f32) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_at(demo_app(&dir), w, hgt);
    h.run();
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(w, hgt));
    let mut bad = Vec::new();
    for (screen, tabs) in SCREENS {
        h.get_by_label(screen).click();
        h.run();
        h.run();
        bad.extend(unreachable(&mut h, window, screen));
        for tab in *tabs {
            // A tab's label may carry a count: 记录建议（12）.
            h.query_all(By::new().predicate(move |n| {
                n.label()
                    .is_some_and(|l| l == *tab || l.starts_with(&format!("{tab}（")))
            }))
            .next()
            .unwrap_or_else(|| panic!("{screen} › {tab}"))
            .click();
            h.run();
            h.run();
            bad.extend(unreachable(&mut h, window, &format!("{screen} › {tab}")));
        }
    }
    // With a detail panel open beside the table.
    h.get_by_label("房屋与业主").click();
    h.run();
    crate::ui::type_into(&mut h, "搜索", "10-1-1201");
    h.get_all_by_label("1201").next().unwrap().click();
    h.run();
    h.run();
    bad.extend(unreachable(&mut h, window, "房屋与业主（详情）"));
    h.get_by_label("员工档案").click();
    h.run();
    h.get_by_label("员工花名册").click();
    h.run();
    h.get_by_label("张伟").click();
    h.run();
    h.run();
    bad.extend(unreachable(&mut h, window, "员工档案（详情）"));
    // A scorecard with a suggestion confirmed: its steppers and 撤销 stay reachable. A fresh
    // window, so the month's list is not left scrolled by the walk above (its rows are laid
    // out only when in view).
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_at(demo_app(&dir), w, hgt);
    h.run();
    h.get_by_label("考核").click();
    h.run();
    h.get_by_label("月度考核").click();
    h.run();
    let all = h.state().assess.suggestions();
    let s = all.first().cloned().expect("the demo leaves suggestions");
    let pending = all.iter().filter(|x| x.staff_id == s.staff_id).count();
    h.get_by_label(&format!("{}（建议 {pending}）", s.staff))
        .click();
    h.run();
    h.run();
    crate::ui::replace_text(&mut h, "考核人", "陈建国");
    h.get_by_label(&format!("确认扣分：{}", s.rule)).click();
    h.run();
    h.run();
    assert!(
        crate::ui::status(&h).contains("已确认"),
        "{}",
        crate::ui::status(&h)
    );
    bad.extend(unreachable(&mut h, window, "考核（已确认建议）"));
    bad
}

#[test]
fn every_screen_fits_1280_by_720() {
    let bad = walk(1280.0, 720.0);
    assert!(bad.is_empty(), "{} 处：\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn every_screen_fits_1366_by_768() {
    let bad = walk(1366.0, 768.0);
    assert!(bad.is_empty(), "{} 处：\n{}", bad.len(), bad.join("\n"));
}

/// Where the screens and tabs are at 1280×720, for scripts/screenshots.sh (run by hand).
#[test]
#[ignore]
fn print_positions_for_screenshots() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_at(demo_app(&dir), 1280.0, 720.0);
    h.run();
    for (screen, tabs) in SCREENS {
        let r = h.get_by_label(screen).rect();
        println!(
            "NAV {screen} {} {}",
            r.center().x as i32,
            r.center().y as i32
        );
        h.get_by_label(screen).click();
        h.run();
        h.run();
        for tab in *tabs {
            let n = h
                .query_all(By::new().predicate(move |n| {
                    n.label()
                        .is_some_and(|l| l == *tab || l.starts_with(&format!("{tab}（")))
                }))
                .next()
                .unwrap();
            let r = n.rect();
            println!(
                "TAB {screen} {tab} {} {}",
                r.center().x as i32,
                r.center().y as i32
            );
        }
    }
}
