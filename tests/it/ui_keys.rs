//! 钥匙管理 in the real App through egui_kittest: the counter with the keyboard alone.

use crate::ui::{demo_app, harness, replace_text, status, type_into};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use taizhang::app::App;
use taizhang::domain::keys::KeyState;

fn keys_screen(app: App) -> Harness<'static, App> {
    let mut h = harness(app);
    h.run();
    h.get_by_label("钥匙管理").click();
    h.run();
    h.run();
    h
}

fn enter(h: &mut Harness<'_, App>) {
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
}

fn state_of(h: &Harness<'_, App>, tag: &str) -> KeyState {
    h.state()
        .keys
        .keys()
        .iter()
        .find(|k| k.tag == tag)
        .map(|k| k.state)
        .unwrap()
}

#[test]
fn lend_by_typing_a_tag_and_enter_return_it_and_it_leaves_the_overdue_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = keys_screen(demo_app(&dir));
    // The demo's decoration worker has had Y-003 since yesterday.
    h.get_by_label("超期未还 1 把");
    assert_eq!(h.state().keys.overdue().len(), 1);
    assert_eq!(h.state().home.overdue_keys().len(), 1);

    // Return: the tag, Enter.
    type_into(&mut h, "归还挂牌号", "y-003");
    enter(&mut h);
    assert!(status(&h).contains("已归还 Y-003"), "{}", status(&h));
    assert!(
        status(&h).contains("超期"),
        "the return notes it was late: {}",
        status(&h)
    );
    assert!(h.state().keys.overdue().is_empty());
    assert!(h.state().home.overdue_keys().is_empty());
    assert!(h.query_by_label("超期未还 1 把").is_none());
    assert_eq!(state_of(&h, "Y-003"), KeyState::InStock);

    // Lend: the tag, the borrower (a member of staff, recognised by name), Enter.
    type_into(&mut h, "借出挂牌号", "S-01");
    h.get_by_label_contains("在库");
    type_into(&mut h, "借用人", "李强");
    enter(&mut h);
    assert!(
        status(&h).contains("已借出 S-01（配电房）给 李强"),
        "{}",
        status(&h)
    );
    assert_eq!(state_of(&h, "S-01"), KeyState::Out);
    let loan = h
        .state()
        .keys
        .keys()
        .iter()
        .find(|k| k.tag == "S-01")
        .unwrap()
        .loan
        .clone()
        .unwrap();
    assert_eq!(loan.lent_by, "黄勇", "the custodian on duty");
    assert_eq!(loan.phone, "13920307514", "taken from the staff file");
    assert_eq!(
        loan.due_at.format("%Y-%m-%d %H:%M").to_string(),
        "2026-11-24 20:00",
        "lent at 10:00 with no due time: the end of the day shift"
    );

    // The form is empty again; the same key cannot go out twice.
    type_into(&mut h, "借出挂牌号", "S-01");
    h.get_by_label_contains("已借给 李强");
    type_into(&mut h, "借用人", "外来人员 赵师傅");
    type_into(&mut h, "电话", "13600001111");
    enter(&mut h);
    // In the form and on the status line.
    assert_eq!(
        h.get_all_by_label_contains("钥匙已借出，尚未归还，不能再借")
            .count(),
        2
    );
    assert_eq!(
        h.state()
            .keys
            .keys()
            .iter()
            .find(|k| k.tag == "S-01")
            .unwrap()
            .loan
            .as_ref()
            .unwrap()
            .borrower,
        "李强"
    );
}

#[test]
fn the_emergency_spare_needs_the_box_ticked_and_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = keys_screen(demo_app(&dir));
    type_into(&mut h, "借出挂牌号", "J-03");
    h.get_by_label("紧急备用");
    type_into(&mut h, "借用人", "张伟");
    enter(&mut h);
    assert!(
        h.get_all_by_label_contains("只能作为紧急借用").count() >= 1,
        "refused without a reason"
    );
    assert_eq!(state_of(&h, "J-03"), KeyState::InStock);
    h.get_by_label("紧急借用").click();
    h.run();
    type_into(&mut h, "紧急原因", "配电房跳闸");
    enter(&mut h);
    assert!(status(&h).contains("已借出 J-03"), "{}", status(&h));
    assert_eq!(state_of(&h, "J-03"), KeyState::Out);
}

#[test]
fn find_a_key_by_unit_when_the_tag_is_not_known() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = keys_screen(demo_app(&dir));
    type_into(&mut h, "借出挂牌号", "10-1-1201");
    h.get_by_label("选择钥匙：");
    h.get_by_label_contains("Y-001 10号楼1单元1201 防盗门")
        .click();
    h.run();
    assert_eq!(h.state().keys.lend.tag, "Y-001");
}

#[test]
fn a_handover_count_is_confirmed_by_both_and_printed() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = keys_screen(demo_app(&dir));
    h.get_by_label("交接班盘点").click();
    h.run();
    // Nothing is missing before the count has begun.
    h.get_by_label("尚未开始清点：在左侧逐钩打勾。");
    assert!(h.query_by_label_contains("缺失").is_none());
    h.get_by_label_contains("未清点 ");
    // Keys on loan are listed for both to sign, with who holds them.
    h.get_by_label_contains("借出未还 ");
    h.get_by_label_contains("Y-003 10号楼1单元1202 防盗门 — 李师傅 13612345678");
    h.get_by_label("全部在位").click();
    h.run();
    // One key is not on its hook.
    h.get_by_label("Y-001 10号楼1单元1201 防盗门").click();
    h.run();
    h.get_by_label("未清点 1 把（保存时记为缺失）：");
    // And the overdue key is hanging there after all.
    type_into(&mut h, "多出的钥匙", "Y-003");
    enter(&mut h);
    h.get_by_label("多出 1 把：");
    replace_text(&mut h, "接班人", "何平");
    h.get_by_label("双方确认并保存").click();
    h.run();
    assert!(
        status(&h).contains("交接班盘点已保存：缺失 1 把，多出 1 把；当班管理员改为 何平"),
        "{}",
        status(&h)
    );
    h.run();
    assert_eq!(h.state().keys.custodian(), "何平");
    // The print window opens on the saved count.
    let out = dir.path().join("盘点.pdf");
    replace_text(&mut h, "保存到", out.to_str().unwrap());
    h.get_by_label("开始打印").click();
    h.run();
    assert!(status(&h).contains("已生成交接班盘点表"), "{}", status(&h));
    assert!(out.exists());
}

#[test]
fn pinyin_initials_that_name_one_member_of_staff_are_enough() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = keys_screen(demo_app(&dir));
    type_into(&mut h, "借出挂牌号", "S-02");
    type_into(&mut h, "借用人", "lq");
    enter(&mut h);
    assert!(
        status(&h).contains("已借出 S-02（水泵房）给 李强"),
        "{}",
        status(&h)
    );
    // Initials shared by several people are not guessed.
    type_into(&mut h, "借出挂牌号", "S-04");
    type_into(&mut h, "借用人", "zw");
    enter(&mut h);
    h.get_by_label_contains("“zw”对应 2 名员工，请点选其中一位");
    assert_eq!(state_of(&h, "S-04"), KeyState::InStock);
}

#[test]
fn import_the_key_catalogue_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let conn = taizhang::db::open(&path, crate::common::now()).unwrap();
    taizhang::io::units::import_file(
        &conn,
        &crate::common::data("units.xlsx"),
        &mut |_, _| {},
        crate::common::now(),
    )
    .unwrap();
    drop(conn);
    let mut h = keys_screen(App::open(&path, crate::common::clock()).unwrap());
    h.get_by_label("钥匙清册").click();
    h.run();
    h.get_by_label("导入钥匙清册…").click();
    h.run();
    type_into(
        &mut h,
        "文件路径",
        crate::common::data("keys_gb18030.csv").to_str().unwrap(),
    );
    h.get_by_label("预览").click();
    h.run();
    h.get_by_label("检查通过：共 6 把，可以导入。");
    h.get_by_label("导入 6 把").click();
    h.run();
    h.state_mut().wait_for_import();
    h.run();
    assert!(status(&h).contains("新增钥匙 6 把"), "{}", status(&h));
    assert_eq!(h.state().keys.keys().len(), 6);
    h.get_by_label("6 / 6 把");
}

#[test]
fn add_a_key_through_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = keys_screen(demo_app(&dir));
    h.get_by_label("钥匙清册").click();
    h.run();
    h.get_by_label("新增钥匙").click();
    h.run();
    type_into(&mut h, "挂牌号", "y-900");
    type_into(&mut h, "楼栋", "10");
    type_into(&mut h, "单元", "1");
    type_into(&mut h, "房号", "1202");
    h.get_by_label("保存").click();
    h.run();
    // An owner key needs its kind.
    h.get_by_label_contains("【品种】业主钥匙须注明品种");
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "品种")
        .click();
    h.run();
    h.get_by_label("室内门").click();
    h.run();
    h.get_by_label("保存").click();
    h.run();
    assert!(status(&h).contains("已新增钥匙 Y-900"), "{}", status(&h));
    let key = h
        .state()
        .keys
        .keys()
        .iter()
        .find(|k| k.tag == "Y-900")
        .cloned()
        .unwrap();
    assert_eq!(key.label(), "10号楼1单元1202 室内门");
    // Natural order: Y-010 before Y-900, B-2 before B-10.
    let tags: Vec<&str> = h
        .state()
        .keys
        .keys()
        .iter()
        .map(|k| k.tag.as_str())
        .collect();
    let pos = |t: &str| tags.iter().position(|x| *x == t).unwrap();
    assert!(pos("B-2") < pos("B-10"));
    assert!(pos("Y-010") < pos("Y-900"));
}

#[test]
fn the_catalogue_shows_an_overdue_key_as_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = keys_screen(demo_app(&dir));
    h.get_by_label("钥匙清册").click();
    h.run();
    // Y-003 was due yesterday evening; S-03 is due tonight.
    type_into(&mut h, "搜索", "Y-003");
    h.get_by_label("超期");
    assert!(h.query_by_label("借出").is_none());
    replace_text(&mut h, "搜索", "S-03");
    h.get_by_label("借出");
    assert!(h.query_by_label("超期").is_none());
    replace_text(&mut h, "搜索", "Y-003");
    h.get_by_label("超期").click();
    h.run();
    assert_eq!(h.get_all_by_label("超期").count(), 2, "the key's panel too");
}

#[test]
fn the_catalogue_sorts_by_a_header_click_in_natural_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = keys_screen(demo_app(&dir));
    h.get_by_label("钥匙清册").click();
    h.run();
    h.get_by_label("数量").click();
    h.run();
    h.get_by_label("数量 ▲");
    h.get_by_label("挂牌号").click();
    h.run();
    h.get_by_label("挂牌号 ▲").click();
    h.run();
    h.get_by_label("挂牌号 ▼");
}
