//! Issue 19 through the real window (the part built so far): a file with users asks who is at
//! the keyboard, refuses a wrong password and a disabled user, and 切换用户 asks again; a file
//! without users sets up its manager in 设置 › 用户 and shows the recovery code once.

use crate::ui::{demo_app, demo_template, harness, status, type_into};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use taizhang::app::{App, Nav};
use taizhang::db::users as u;

fn password(h: &mut egui_kittest::Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::PasswordInput, label).focus();
    h.run();
    h.get_by_role_and_label(Role::PasswordInput, label)
        .type_text(text);
    h.run();
}

#[test]
fn a_file_with_users_asks_who_signs_in_and_again_on_switching() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    std::fs::copy(demo_template(), &path).unwrap();
    {
        let conn = taizhang::db::open(&path, crate::common::now()).unwrap();
        let now = crate::common::now();
        u::create_first_manager(&conn, "陈建国", "jl2026ok", now).unwrap();
        u::add_user(&conn, "王丽", "客服", "wl2026ok", "陈建国", now).unwrap();
        u::add_user(&conn, "赵敏", "只读", "zm2026ok", "陈建国", now).unwrap();
        u::disable(&conn, "赵敏", "陈建国", now).unwrap();
    }
    let mut h = harness(App::open(&path, crate::common::clock()).unwrap());
    h.run();
    h.get_by_label("请登录");
    assert!(h.query_by_label("首页").is_none(), "nothing before sign-in");
    // The disabled user is not offered.
    h.get_by_role_and_label(Role::ComboBox, "用户").click();
    h.run();
    assert!(h.query_by_label("赵敏（只读）").is_none());
    h.get_by_label("王丽（客服）").click();
    h.run();
    password(&mut h, "密码", "wl2026oK");
    h.get_by_label("登录").click();
    h.run();
    h.get_by_label("用户名或密码不对");
    assert!(h.state().user().is_none());
    password(&mut h, "密码", "wl2026ok");
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    assert_eq!(h.state().user().map(|u| u.name.as_str()), Some("王丽"));
    assert_eq!(h.state().nav, Nav::Home);
    h.get_by_label("王丽（客服）");
    // 切换用户: back to the sign-in screen, the password not kept.
    h.get_by_label("切换用户").click();
    h.run();
    h.get_by_label("请登录");
    assert!(h.state().user().is_none());
    assert!(h.state().sign_in.password.is_empty());
}

#[test]
fn a_file_without_users_sets_up_its_manager_and_adds_a_clerk_in_settings() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(demo_app(&dir));
    h.run();
    h.get_by_label("设置").click();
    h.run();
    h.run();
    h.get_by_label("建立经理账户").scroll_to_me();
    h.run();
    type_into(&mut h, "经理姓名", "陈建国");
    password(&mut h, "经理密码", "jl2026ok");
    password(&mut h, "再输入一次", "jl2026ok");
    h.get_by_label("建立经理账户").click();
    h.run();
    h.run();
    assert!(
        status(&h).contains("已建立经理账户“陈建国”"),
        "{}",
        status(&h)
    );
    h.get_by_label_contains("一次性恢复码：");
    assert_eq!(h.state().user().map(|u| u.role.as_str()), Some("经理"));
    // The manager adds a clerk.
    h.get_by_label("添加用户").scroll_to_me();
    h.run();
    type_into(&mut h, "姓名", "王丽");
    h.get_by_role_and_label(Role::ComboBox, "角色").click();
    h.run();
    h.get_by_label("客服").click();
    h.run();
    password(&mut h, "密码", "wl2026ok");
    password(&mut h, "再输入一次", "wl2026ok");
    h.get_by_label("添加用户").click();
    h.run();
    h.run();
    assert!(
        status(&h).contains("已添加用户“王丽”（客服）"),
        "{}",
        status(&h)
    );
    let who = u::sign_in(h.state().db(), "王丽", "wl2026ok", crate::common::now()).unwrap();
    assert_eq!(who.role, "客服");
}

/// The demo with a manager and a clerk, signed in as `who` through the sign-in screen.
fn signed_in(
    dir: &tempfile::TempDir,
    who: &str,
    password_text: &str,
) -> egui_kittest::Harness<'static, App> {
    let path = dir.path().join("demo.db");
    std::fs::copy(demo_template(), &path).unwrap();
    {
        let conn = taizhang::db::open(&path, crate::common::now()).unwrap();
        let now = crate::common::now();
        u::create_first_manager(&conn, "陈建国", "jl2026ok", now).unwrap();
        u::add_user(&conn, "王丽", "客服", "wl2026ok", "陈建国", now).unwrap();
        u::add_user(&conn, "黄勇", "钥匙管理员", "hy2026ok", "陈建国", now).unwrap();
    }
    let mut h = harness(App::open(&path, crate::common::clock()).unwrap());
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "用户").click();
    h.run();
    h.get_by_label_contains(&format!("{who}（")).click();
    h.run();
    password(&mut h, "密码", password_text);
    h.get_by_label("登录").click();
    h.run();
    h.run();
    assert_eq!(h.state().user().map(|u| u.name.as_str()), Some(who));
    h
}

/// The counter on a unit with receipts (its panel lists them, each with 作废… for a role
/// that may void); returns the unit's latest receipt number.
fn receipts_tab(h: &mut egui_kittest::Harness<'static, App>) -> String {
    let (unit, number): (i64, String) = h
        .state()
        .db()
        .query_row(
            "SELECT unit_id, receipt_no FROM payment WHERE voided_at IS NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    h.state_mut().run(taizhang::app::Command::CollectFrom(unit));
    h.run();
    h.run();
    h.run();
    h.get_by_label_contains(&number);
    number
}

#[test]
fn a_clerk_does_not_see_void_and_a_void_sent_anyway_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = signed_in(&dir, "王丽", "wl2026ok");
    let number = receipts_tab(&mut h);
    assert!(
        h.query_all_by_label("作废…").next().is_none(),
        "no 作废 for a clerk"
    );
    assert!(h.query_all_by_label_contains("调整…").next().is_none());
    // Sent directly, as a view that forgot to hide it would.
    h.state_mut().run(taizhang::app::Command::Charging(
        taizhang::app::ChargeCommand::Void {
            number: number.clone(),
            reason: "试试".into(),
        },
    ));
    assert!(
        status(&h).contains("没有“作废与调整”的权限"),
        "{}",
        status(&h)
    );
    let voided: Option<String> = h
        .state()
        .db()
        .query_row(
            "SELECT voided_at FROM payment WHERE receipt_no = ?1",
            [&number],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(voided, None);
    // Nor the settings' 保存 or a restore.
    h.get_by_label("设置").click();
    h.run();
    h.run();
    h.get_by_label("设置由经理修改，这里只能查看。");
    assert!(h.query_by_label("保存").is_none());
    assert!(h.query_all_by_label("恢复…").next().is_none());
    // What a clerk may do still goes through: a dunning record is 收款's.
    // (And the key custodian cannot take money.)
    let mut k = signed_in(&tempfile::tempdir().unwrap(), "黄勇", "hy2026ok");
    k.state_mut().run(taizhang::app::Command::Charging(
        taizhang::app::ChargeCommand::Bill(
            taizhang::domain::period::Period::parse("2026-12").unwrap(),
        ),
    ));
    assert!(status(&k).contains("没有“收款”的权限"), "{}", status(&k));
}

#[test]
fn the_manager_sees_void() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = signed_in(&dir, "陈建国", "jl2026ok");
    receipts_tab(&mut h);
    assert!(h.query_all_by_label("作废…").next().is_some());
}

#[test]
fn a_receipt_names_the_signed_in_clerk_whatever_the_counter_says() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = signed_in(&dir, "王丽", "wl2026ok");
    let (unit, bill, owed): (i64, i64, i64) = h
        .state()
        .db()
        .query_row(
            "SELECT unit_id, bill_id, due_fen - paid_fen FROM bill_fact
             WHERE settled_on IS NULL AND due_fen > paid_fen ORDER BY bill_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    h.state_mut().run(taizhang::app::Command::Charging(
        taizhang::app::ChargeCommand::TakePayment(taizhang::db::charging::PaymentInput {
            unit_id: unit,
            paid_on: crate::common::today(),
            method: taizhang::domain::charging::PayMethod::Cash,
            payer: String::new(),
            clerk: "别人".into(),
            received_fen: owed,
            lines: vec![(bill, owed)],
            notes: String::new(),
        }),
    ));
    assert!(status(&h).contains("已收款"), "{}", status(&h));
    let clerk: String = h
        .state()
        .db()
        .query_row(
            "SELECT clerk FROM payment ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(clerk, "王丽");
}
