//! Issue 18 through the real window: a water-cut notice for two buildings filled and printed
//! by the clerk, and the home screen's overdue key and complaint past 48 h opening their records.

use crate::common::pdf_pages;
use crate::ui::{demo_app, demo_template, harness, replace_text, status, type_into};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use taizhang::app::{App, Nav};

#[test]
fn the_clerk_prints_a_numbered_water_cut_notice_for_two_buildings() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(demo_app(&dir));
    h.run();
    h.get_by_label("通知公告").click();
    h.run();
    h.run();
    // 停水通知 is the first template; its fields are the form's.
    type_into(&mut h, "原因", "二次供水管道检修");
    type_into(&mut h, "开始时间", "11-26 9:00");
    type_into(&mut h, "结束时间", "11-26 17:00");
    h.get_by_label_contains("2026年11月26日 星期四 9:00");
    h.get_by_label("5号楼").click();
    h.run();
    h.get_by_label("10号楼").click();
    h.run();
    // 经办 starts as whoever issued the last notice (the demo's two are 王丽's).
    replace_text(&mut h, "经办", "周敏");
    // The live preview shows the page as it will print.
    h.get_by_label_contains("5号楼、10号楼各位业主、住户");
    h.get_by_label_contains("通字〔2026〕第003号（打印时取号）");
    h.get_by_label("打印通知…").click();
    h.run();
    let out = dir.path().join("停水.pdf");
    replace_text(&mut h, "保存到", out.to_str().unwrap());
    h.get_by_label("开始打印").click();
    h.run();
    h.run();
    assert!(
        status(&h).contains("已发出 通字〔2026〕第003号 停水通知"),
        "{}",
        status(&h)
    );
    let text: String = pdf_pages(&out).join("").split_whitespace().collect();
    for want in [
        "通字〔2026〕第003号",
        "5号楼、10号楼各位业主、住户",
        "将于2026年11月26日星期四9:00至2026年11月26日星期四17:00暂停供水",
        "锦绣花园物业管理处（盖章）",
    ] {
        assert!(text.contains(want), "{want} not in {text}");
    }
    // Kept in the year's register; the next number follows.
    let rows = taizhang::db::notices::notices_of_year(h.state().db(), 2026).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!((rows[0].seq, rows[0].issued_by.as_str()), (3, "周敏"));
    h.get_by_label_contains("下一个文号 通字〔2026〕第004号");
}

#[test]
fn a_field_left_empty_is_named_and_the_notice_cannot_be_printed() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(demo_app(&dir));
    h.run();
    h.get_by_label("通知公告").click();
    h.run();
    // Nothing typed yet: the form asks for its fields, without red.
    h.get_by_label("请填写：{原因}、{开始时间}、{结束时间}");
    type_into(&mut h, "原因", "检修");
    h.get_by_label("字段{开始时间}没有填写");
    type_into(&mut h, "开始时间", "13-40 9:00");
    assert!(
        h.get_all_by_label_contains("{开始时间}：“13-40 9:00”不是日期和时刻")
            .count()
            >= 1
    );
    assert!(h.get_by_label("打印通知…").accesskit_node().is_disabled());
}

#[test]
fn the_home_screen_opens_an_overdue_key_and_a_complaint_past_48_hours() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    std::fs::copy(demo_template(), &path).unwrap();
    let now = crate::common::now();
    let (key_id, complaint_id) = {
        let conn = taizhang::db::open(&path, now).unwrap();
        // A key lent this morning, due back an hour ago.
        let key = taizhang::db::keys::list_keys(&conn)
            .unwrap()
            .into_iter()
            .find(|k| k.state == taizhang::domain::keys::KeyState::InStock && !k.emergency)
            .unwrap();
        taizhang::db::keys::lend(
            &conn,
            &key.tag,
            &taizhang::domain::keys::LoanInput {
                borrower: "测试师傅".into(),
                staff_id: None,
                phone: "13900000000".into(),
                company: "测试公司".into(),
                id_number: String::new(),
                purpose: "维修".into(),
                due: now - chrono::Duration::hours(1),
                emergency_reason: String::new(),
            },
            "黄勇",
            now - chrono::Duration::hours(3),
        )
        .unwrap();
        // A complaint received three days ago and never answered: its 48 h have run out.
        let unit = taizhang::db::estate::list_units(&conn).unwrap()[0].id;
        let c = taizhang::db::complaints::add_complaint(
            &conn,
            &taizhang::db::complaints::ComplaintInput {
                received: now - chrono::Duration::days(3),
                channel: Some(taizhang::domain::complaints::Channel::Phone),
                unit_id: Some(unit),
                complainant: "测试业主".into(),
                phone: "13800000009".into(),
                content: "楼顶水箱漏水无人处理".into(),
                department: "客服部".into(),
                handler: "王丽".into(),
                valid: Some(true),
                ..Default::default()
            },
            now - chrono::Duration::days(3),
        )
        .unwrap();
        (key.id, c)
    };
    let mut h = harness(App::open(&path, crate::common::clock()).unwrap());
    h.run();
    h.run();
    assert_eq!(h.state().nav, Nav::Home);
    let line = h
        .state()
        .home
        .complaints_due()
        .iter()
        .find(|d| d.id == complaint_id)
        .cloned()
        .unwrap();
    assert!(line.state.contains("超时"), "{line:?}");
    let tag = h
        .state()
        .home
        .overdue_keys()
        .iter()
        .find(|k| k.id == key_id)
        .map(|k| k.tag.clone())
        .unwrap();

    // One click on the complaint: 客户服务 › 投诉, its panel open.
    h.get_by_role_and_label(Role::Link, &line.what).click();
    h.run();
    h.run();
    assert_eq!(h.state().nav, Nav::Service);
    assert_eq!(h.state().service.selected_complaint(), Some(complaint_id));
    // In the month's list and in the open panel.
    assert!(h.get_all_by_label_contains("楼顶水箱漏水无人处理").count() >= 2);

    // Back home; one click on the key: 钥匙管理 with the key's panel.
    h.get_by_label("首页").click();
    h.run();
    h.run();
    h.get_by_role_and_label(Role::Link, &tag).click();
    h.run();
    h.run();
    assert_eq!(h.state().nav, Nav::Keys);
    assert_eq!(h.state().keys.selected(), Some(key_id));

    // The units not dunned this month: 欠费与催缴, as many as the list itself counts.
    h.get_by_label("首页").click();
    h.run();
    h.run();
    let d = h.state().home.data().clone();
    let rows = taizhang::db::charging::arrears(
        h.state().db(),
        now.date(),
        &taizhang::db::settings::load_late_fee(h.state().db()).unwrap(),
    )
    .unwrap();
    assert_eq!(d.owing, rows.len());
    assert_eq!(
        d.undunned,
        taizhang::db::charging::undunned(&rows, now.date()).len()
    );
    assert!(d.undunned > 0);
    h.get_by_label_contains(&format!("本月还有 {} 户未催缴", d.undunned))
        .click();
    h.run();
    h.run();
    assert_eq!(h.state().nav, Nav::Charging);
    assert_eq!(
        h.state().charging.tab,
        taizhang::views::charging::ChargeTab::Arrears
    );
}

#[test]
fn a_template_is_copied_edited_and_saved_in_settings_without_touching_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(demo_app(&dir));
    h.run();
    h.get_by_label("设置").click();
    h.run();
    h.run();
    // The section is below the fold: scroll to it as a person would.
    h.get_by_label("保存模板").scroll_to_me();
    h.run();
    h.get_by_label("停电通知").click();
    h.run();
    h.get_by_label("复制为新模板").click();
    h.run();
    replace_text(&mut h, "模板名称", "夜间停电通知");
    h.get_by_label("保存模板").scroll_to_me();
    h.run();
    h.get_by_label("保存模板").click();
    h.run();
    h.run();
    assert!(
        status(&h).contains("已保存通知模板“夜间停电通知”"),
        "{}",
        status(&h)
    );
    let conn = h.state().db();
    let copy = taizhang::db::notices::template_by_name(conn, "夜间停电通知").unwrap();
    let original = taizhang::db::notices::template_by_name(conn, "停电通知").unwrap();
    assert_eq!(copy.template.body, original.template.body);
    assert_ne!(copy.id, original.id);
    // A template whose braces make no field is refused on the spot, naming the line.
    h.get_by_role_and_label(Role::MultilineTextInput, "正文（每行一段）")
        .focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "正文（每行一段）")
        .type_text("因{原因停电");
    h.run();
    h.get_by_label("保存模板").click();
    h.run();
    assert!(
        h.get_all_by_label_contains("正文第 1 行").count() >= 1,
        "the refusal is shown"
    );
    assert_eq!(
        taizhang::db::notices::template_by_name(h.state().db(), "夜间停电通知")
            .unwrap()
            .template
            .body,
        original.template.body
    );
}

#[test]
fn an_issued_notice_is_reprinted_as_it_was_and_copied_into_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(demo_app(&dir));
    h.run();
    h.get_by_label("通知公告").click();
    h.run();
    h.run();
    // The demo's fire-safety notice, one copy per entrance of 10号楼.
    h.get_by_label("通字〔2026〕第002号").click();
    h.run();
    h.get_by_label("重印…").click();
    h.run();
    let out = dir.path().join("重印.pdf");
    replace_text(&mut h, "保存到", out.to_str().unwrap());
    h.get_by_label("开始打印").click();
    h.run();
    assert!(status(&h).contains("已重印（2 页）"), "{}", status(&h));
    let pages = pdf_pages(&out);
    assert_eq!(pages.len(), 2);
    for (page, entrance) in pages.iter().zip(["10号楼1单元", "10号楼2单元"]) {
        let page: String = page.split_whitespace().collect();
        assert!(page.contains(&format!("张贴位置：{entrance}")), "{page}");
        assert!(page.contains("通字〔2026〕第002号"), "{page}");
        assert!(page.contains("2026年11月27日星期五"), "{page}");
    }
    // 复制为新通知: the same template, fields and targets, ready for a new number.
    h.get_by_label("复制为新通知").click();
    h.run();
    h.get_by_label("（复制自已发通知）");
    h.get_by_label_contains("10号楼1单元各位业主、住户");
    h.get_by_label_contains("通字〔2026〕第003号（打印时取号）");
}
