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
    // The 操作日志 has it: who, what in words, the unit by name.
    let day = crate::common::today();
    let log = taizhang::db::audit::entries(h.state().db(), day, day).unwrap();
    let paid = log.iter().find(|e| e.kind == "收款").expect("a 收款 entry");
    assert_eq!(paid.who, "王丽");
    assert!(paid.what.starts_with("已收款 ¥"), "{paid:?}");
    let name = taizhang::db::estate::get_unit(h.state().db(), unit).unwrap();
    assert_eq!(
        paid.record,
        format!("房屋 {}{}{}", name.building, name.entrance, name.room)
    );
    // A refused command leaves no entry.
    let before = log.len();
    h.state_mut().run(taizhang::app::Command::Charging(
        taizhang::app::ChargeCommand::Waive {
            bill_id: bill,
            reason: "不该能".into(),
        },
    ));
    assert!(status(&h).contains("没有"), "{}", status(&h));
    let after = taizhang::db::audit::entries(h.state().db(), day, day).unwrap();
    assert_eq!(after.len(), before);
}

#[test]
fn the_managers_void_and_settings_are_logged_with_the_reason_and_old_to_new() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = signed_in(&dir, "陈建国", "jl2026ok");
    let number: String = h
        .state()
        .db()
        .query_row(
            "SELECT receipt_no FROM payment WHERE voided_at IS NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    h.state_mut().run(taizhang::app::Command::Charging(
        taizhang::app::ChargeCommand::Void {
            number: number.clone(),
            reason: "金额收错".into(),
        },
    ));
    assert!(status(&h).contains("已作废"), "{}", status(&h));
    let mut office = taizhang::db::settings::load_office(h.state().db()).unwrap();
    let old_phone = office.office_phone.clone();
    office.office_phone = "0371-66668888".into();
    h.state_mut()
        .run(taizhang::app::Command::SaveSettings(office));
    let day = crate::common::today();
    let log = taizhang::db::audit::entries(h.state().db(), day, day).unwrap();
    let void = log
        .iter()
        .find(|e| e.kind == "作废与调整")
        .expect("a void entry");
    assert_eq!(void.who, "陈建国");
    assert_eq!(void.reason, "金额收错");
    assert!(
        void.record.ends_with(&format!(" · 收据 {number}")),
        "{void:?}"
    );
    assert!(void.record.starts_with("房屋 "), "{void:?}");
    let set = log
        .iter()
        .find(|e| e.kind == "设置")
        .expect("a settings entry");
    assert_eq!(
        set.changes,
        format!(
            "管理处电话：{} → 0371-66668888",
            if old_phone.is_empty() {
                "（空）"
            } else {
                &old_phone
            }
        )
    );
}

#[test]
fn the_manager_reads_the_log_filters_it_and_exports_it_and_a_clerk_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = signed_in(&dir, "陈建国", "jl2026ok");
    let number: String = h
        .state()
        .db()
        .query_row(
            "SELECT receipt_no FROM payment WHERE voided_at IS NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    h.state_mut().run(taizhang::app::Command::Charging(
        taizhang::app::ChargeCommand::Void {
            number: number.clone(),
            reason: "金额收错".into(),
        },
    ));
    h.get_by_label("操作日志").click();
    h.run();
    h.run();
    // The last thirty days by default: the sign-in and the void.
    h.get_by_label_contains("共 ");
    h.get_by_label("作废与调整");
    // Filter by words: the receipt number finds the void alone.
    type_into(&mut h, "记录或内容", &number);
    h.get_by_label("查询").click();
    h.run();
    h.run();
    h.get_by_label("共 1 条。");
    assert_eq!(h.state().audit.rows.len(), 1);
    assert_eq!(h.state().audit.rows[0].reason, "金额收错");
    // A click on the row shows it whole.
    h.get_by_label("作废与调整").click();
    h.run();
    h.get_by_label("原因：金额收错");
    // 导出 Excel…: what the filter keeps, read back.
    h.get_by_label("导出 Excel…").click();
    h.run();
    let out = dir.path().join("log.xlsx");
    crate::ui::replace_text(&mut h, "保存到", out.to_str().unwrap());
    h.get_by_label("导出").click();
    h.run();
    assert!(status(&h).contains("已导出操作日志 1 条"), "{}", status(&h));
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(&out).unwrap();
    let sheet = wb.worksheet_range("操作日志").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][0], "时间");
    assert_eq!(rows[1][1], "陈建国");
    assert_eq!(rows[1][6], "金额收错");
    // The export itself is on the log.
    let day = crate::common::today();
    let log = taizhang::db::audit::entries(h.state().db(), day, day).unwrap();
    assert!(log.iter().any(|e| e.what.starts_with("已导出操作日志")));

    // A clerk: no 操作日志 in the list, and the screen refused when asked for anyway.
    let mut c = signed_in(&tempfile::tempdir().unwrap(), "王丽", "wl2026ok");
    assert!(c.query_by_label("操作日志").is_none());
    c.state_mut()
        .run(taizhang::app::Command::Navigate(Nav::Audit));
    assert!(
        status(&c).contains("没有“操作日志”的权限"),
        "{}",
        status(&c)
    );
    assert_ne!(c.state().nav, Nav::Audit);
}

#[test]
fn a_new_database_opens_on_the_first_run_wizard_and_shows_the_recovery_code_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut h = harness(App::open(&path, crate::common::clock()).unwrap());
    h.run();
    h.get_by_label("欢迎使用台账");
    assert!(
        h.query_by_label("首页").is_none(),
        "nothing before the wizard"
    );
    type_into(&mut h, "管理处名称", "幸福里物业管理处");
    type_into(&mut h, "小区名称", "幸福里");
    type_into(&mut h, "经理姓名", "李华");
    password(&mut h, "经理密码", "lh2026ok");
    password(&mut h, "再输入一次", "lh2026oo");
    h.get_by_label("建立经理账户").click();
    h.run();
    h.get_by_label("两次输入的密码不一致");
    assert!(!u::any_users(h.state().db()).unwrap());
    h.get_by_role_and_label(Role::PasswordInput, "再输入一次")
        .focus();
    h.run();
    h.key_press(egui::Key::Backspace);
    h.key_press(egui::Key::Backspace);
    h.run();
    h.get_by_role_and_label(Role::PasswordInput, "再输入一次")
        .type_text("ok");
    h.run();
    h.get_by_label("建立经理账户").click();
    h.run();
    h.run();
    let code = h.state().first_run_form.code.clone().unwrap();
    assert_eq!(code.len(), 19, "{code}");
    h.get_by_label(&format!("恢复码：{code}"));
    h.get_by_label("已记下恢复码，开始使用").click();
    h.run();
    h.run();
    h.get_by_label("首页");
    assert_eq!(h.state().user().map(|u| u.name.as_str()), Some("李华"));
    let office = taizhang::db::settings::load_office(h.state().db()).unwrap();
    assert_eq!(office.office_name, "幸福里物业管理处");
    assert_eq!(office.estate_name, "幸福里");
    // The code works once, for the manager's password.
    let conn = h.state().db();
    assert!(u::recover(conn, &code, "new2026pw", crate::common::now()).is_ok());
    assert!(u::sign_in(conn, "李华", "new2026pw", crate::common::now()).is_ok());
    // Opened again: the sign-in screen, not the wizard.
    drop(h);
    let mut h = harness(App::open(&path, crate::common::clock()).unwrap());
    h.run();
    h.get_by_label("请登录");
    assert!(h.query_by_label("欢迎使用台账").is_none());
}

/// A unit whose owner has an ID number on file: (unit id, the full number).
fn unit_with_id(h: &egui_kittest::Harness<'static, App>) -> (i64, String) {
    h.state()
        .db()
        .query_row(
            "SELECT o.unit_id, p.id_number FROM occupancy o JOIN person p ON p.id = o.person_id
             WHERE o.role = '业主' AND o.move_out IS NULL AND length(p.id_number) = 18
             ORDER BY o.unit_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

fn open_unit(h: &mut egui_kittest::Harness<'static, App>, unit: i64) {
    h.state_mut()
        .run(taizhang::app::Command::Navigate(Nav::Units));
    h.state_mut().run(taizhang::app::Command::SelectUnit(unit));
    h.run();
    h.run();
}

#[test]
fn the_manager_alone_sees_a_full_id_number_and_the_look_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = signed_in(&dir, "陈建国", "jl2026ok");
    let (unit, full) = unit_with_id(&h);
    let masked = taizhang::domain::person::mask_id_number(&full);
    open_unit(&mut h, unit);
    h.get_by_label(&format!("身份证号：{masked}"));
    assert!(h.query_by_label(&format!("身份证号：{full}")).is_none());
    h.get_by_label("查看完整号码").click();
    h.run();
    h.run();
    h.get_by_label(&format!("身份证号：{full}"));
    let day = crate::common::today();
    let log = taizhang::db::audit::entries(h.state().db(), day, day).unwrap();
    let look = log
        .iter()
        .find(|e| e.kind == "查看身份证号")
        .expect("the look is logged");
    assert_eq!(look.who, "陈建国");
    assert!(look.record.starts_with("房屋 "), "{look:?}");

    // A clerk: masked, no button, the command refused; the edit form shows it masked and
    // saving without touching it keeps the number.
    let mut c = signed_in(&tempfile::tempdir().unwrap(), "王丽", "wl2026ok");
    open_unit(&mut c, unit);
    c.get_by_label(&format!("身份证号：{masked}"));
    assert!(c.query_by_label("查看完整号码").is_none());
    c.state_mut()
        .run(taizhang::app::Command::RevealOwnerId(unit));
    assert!(status(&c).contains("只有登录的经理"), "{}", status(&c));
    c.get_by_label("编辑").click();
    c.run();
    c.run();
    assert!(c.query_by_label_contains(&full).is_none());
    assert!(
        c.query_all_by_value(&masked).next().is_some(),
        "the form shows the masked number"
    );
    c.get_by_label("保存").click();
    c.run();
    c.run();
    assert!(status(&c).contains("已保存房屋"), "{}", status(&c));
    let kept: String = c
        .state()
        .db()
        .query_row(
            "SELECT p.id_number FROM occupancy o JOIN person p ON p.id = o.person_id
             WHERE o.unit_id = ?1 AND o.role = '业主' AND o.move_out IS NULL",
            [unit],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, full);

    // The key custodian may look at units but not change them.
    let mut k = signed_in(&tempfile::tempdir().unwrap(), "黄勇", "hy2026ok");
    open_unit(&mut k, unit);
    assert!(k.query_by_label("编辑").is_none());
    assert!(k.query_by_label("新增房屋").is_none());
}

#[test]
fn each_screen_hides_what_the_role_may_not_do() {
    // (screen, a button that writes, who may, who may not)
    let cases: [(Nav, &str, &str, &str); 5] = [
        (Nav::Keys, "借出（Enter）", "黄勇", "王丽"),
        (Nav::Staff, "新增员工", "陈建国", "王丽"),
        (Nav::Service, "保存走访（Enter）", "王丽", "黄勇"),
        (Nav::Archives, "新建档案…", "陈建国", "王丽"),
        (Nav::Units, "新增房屋", "王丽", "黄勇"),
    ];
    let pw = |who: &str| match who {
        "陈建国" => "jl2026ok",
        "王丽" => "wl2026ok",
        _ => "hy2026ok",
    };
    for who in ["陈建国", "王丽", "黄勇"] {
        let dir = tempfile::tempdir().unwrap();
        let mut h = signed_in(&dir, who, pw(who));
        for (nav, button, may, may_not) in &cases {
            if who != *may && who != *may_not {
                continue;
            }
            h.state_mut().run(taizhang::app::Command::Navigate(*nav));
            h.run();
            h.run();
            let shown = h.query_by_label(button).is_some();
            assert_eq!(shown, who == *may, "{who} on {nav:?}: {button}");
        }
    }
}
