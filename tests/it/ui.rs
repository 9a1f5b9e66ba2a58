//! The real App driven through egui_kittest, finding widgets by their labels as a person does.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use taizhang::app::App;

pub(crate) fn harness(app: App) -> Harness<'static, App> {
    harness_at(app, 1280.0, 800.0)
}

/// The real App in a window of `w`×`h` points.
pub(crate) fn harness_at(app: App, w: f32, h: f32) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(w, h))
        // Imports run on a worker thread; how many frames the window takes to settle after one
        // depends on when the worker finishes (progress window, its sizing pass, the reload).
        // kittest's default budget of 4 frames was exceeded about once in thirty full runs.
        .with_max_steps(16)
        // As the real window looks: the bundled font and the app's theme.
        .with_context_setup(|ctx| {
            taizhang::ui::install_fonts(ctx);
            taizhang::ui::theme::apply(ctx);
        })
        // The charging screen loads on a worker thread; each frame first lets it finish, so
        // the tests see the real path deterministically.
        .build_ui_state(
            |ui, app: &mut App| {
                app.wait_for_charging();
                app.wait_for_archives();
                app.wait_for_home();
                app.wait_for_audit();
                app.wait_for_restore();
                app.show(ui)
            },
            app,
        )
}

/// A new database after its first-run wizard: the office named, the manager signed in.
pub(crate) fn fresh_app(dir: &tempfile::TempDir) -> App {
    use taizhang::views::users::UsersCommand;
    let mut app = App::open(&dir.path().join("t.db"), crate::common::clock()).unwrap();
    assert!(app.first_run_pending());
    app.run(taizhang::app::Command::Users(UsersCommand::Setup {
        office: "锦绣花园物业管理处".into(),
        estate: "锦绣花园".into(),
        name: "陈建国".into(),
        password: "jl2026ok".into(),
    }));
    app.run(taizhang::app::Command::Users(UsersCommand::SetupDone));
    assert!(!app.first_run_pending());
    app
}

/// The demo database, made once per test run and copied for each test (filling it takes a
/// few seconds in a debug build: fourteen months of bills and payments).
pub(crate) fn demo_template() -> &'static std::path::Path {
    static TEMPLATE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let path = dir.join("demo.db");
        let conn = taizhang::db::open(&path, crate::common::now()).unwrap();
        taizhang::demo::fill(&conn, crate::common::now()).unwrap();
        drop(conn);
        path
    })
}

pub(crate) fn demo_app(dir: &tempfile::TempDir) -> App {
    let path = dir.path().join("demo.db");
    std::fs::copy(demo_template(), &path).unwrap();
    App::open(&path, crate::common::clock()).unwrap()
}

/// Focuses the text field labelled `label` and types `text` into it.
pub(crate) fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

/// Selects all text in the field labelled `label` and types `text` over it.
pub(crate) fn replace_text(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

/// The app on its 房屋与业主 screen.
fn units_screen(app: App) -> Harness<'static, App> {
    let mut h = harness(app);
    h.run();
    open_units(&mut h);
    h
}

fn open_units(h: &mut Harness<'_, App>) {
    h.get_by_label("房屋与业主").click();
    h.run();
}

/// 导入…, the file's path, 预览.
fn preview_import(h: &mut Harness<'_, App>, path: &str) {
    h.get_by_label("导入…").click();
    h.run();
    type_into(h, "文件路径", path);
    h.get_by_label("预览").click();
    h.run();
}

pub(crate) fn status(h: &Harness<'_, App>) -> String {
    h.state()
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn add_a_unit_through_the_form_then_find_it_by_pinyin_initials() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = units_screen(fresh_app(&dir));
    h.get_by_label("新增房屋").click();
    h.run();
    type_into(&mut h, "楼栋", "10");
    type_into(&mut h, "单元", "1");
    type_into(&mut h, "房号", "1201");
    type_into(&mut h, "收费面积", "89.50㎡");
    // The owner's name arrives as an input method would deliver it: preedit, then commit.
    h.get_by_role_and_label(Role::TextInput, "业主姓名").focus();
    h.run();
    h.event(egui::Event::Ime(egui::ImeEvent::Preedit {
        text: "zhang san".into(),
        active_range_chars: None,
    }));
    h.run();
    h.event(egui::Event::Ime(egui::ImeEvent::Commit("张三".into())));
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "业主姓名")
            .value()
            .as_deref(),
        Some("张三")
    );
    type_into(&mut h, "联系电话", "138 0013 8000");
    h.get_by_label("资料完整").click();
    h.run();
    h.get_by_label("保存").click();
    h.run();

    assert!(
        status(&h).contains("已新增房屋 10号楼1单元1201"),
        "{}",
        status(&h)
    );
    let rows = h.state().unit_rows();
    assert_eq!(rows.len(), 1);
    let owner = rows[0].owner().unwrap();
    assert_eq!(
        (owner.name.as_str(), owner.phone.as_str()),
        ("张三", "13800138000")
    );
    assert!(owner.file_complete && !owner.file_signed);
    // The form closed and the table shows the unit.
    assert!(h.query_by_label("保存").is_none());

    type_into(&mut h, "搜索", "zs");
    assert_eq!(h.state().units.visible_rows().len(), 1);
    h.get_by_label("张三");
    h.get_by_label("1 / 1 户");

    replace_text(&mut h, "搜索", "ls");
    h.get_by_label("没有找到与“ls”匹配的房屋或业主。");
}

#[test]
fn a_bad_form_names_the_field_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = units_screen(fresh_app(&dir));
    h.get_by_label("新增房屋").click();
    h.run();
    type_into(&mut h, "楼栋", "3");
    type_into(&mut h, "房号", "501");
    type_into(&mut h, "收费面积", "八十");
    h.get_by_label("保存").click();
    h.run();
    h.get_by_label("【收费面积】面积“八十”不是数字");
    assert!(h.state().unit_rows().is_empty());
    h.get_by_label("取消").click();
    h.run();
    assert!(h.query_by_label("保存").is_none());
}

#[test]
fn the_demo_estate_is_searchable_by_room_shorthand_and_phone_tail() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(demo_app(&dir));
    h.run();
    h.get_by_label("412 户");
    open_units(&mut h);
    h.get_by_label("412 / 412 户");
    type_into(&mut h, "搜索", "10-1-1201");
    let rows = h.state().units.visible_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].owner().unwrap().name, "张三");
    let tail = rows[0].owner().unwrap().phone[7..].to_string();

    replace_text(&mut h, "搜索", &tail);
    assert!(
        h.state()
            .units
            .visible_rows()
            .iter()
            .any(|u| u.label() == "10号楼1单元1201"),
        "phone tail {tail} finds 张三"
    );

    // Clicking the row opens its details and history.
    h.get_by_label("张三").click();
    h.run();
    assert_eq!(
        h.state().units.detail().map(|u| u.label()).as_deref(),
        Some("10号楼1单元1201")
    );
    h.get_by_label("办理迁出");
    h.get_by_label("变动记录");

    // 1201 exists once in each entrance of the five residential buildings.
    replace_text(&mut h, "搜索", "1201");
    h.get_by_label("10 / 412 户");
}

#[test]
fn import_shows_the_mapping_and_first_rows_then_imports_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = units_screen(fresh_app(&dir));
    let file = crate::common::data("units.xlsx");
    preview_import(&mut h, file.to_str().unwrap());
    h.get_by_label("文件：units.xlsx（表头在第 2 行）");
    h.get_by_label("收费面积（㎡） → 收费面积");
    h.get_by_label("王堃");
    h.get_by_label("检查通过：共 6 户，可以导入。");
    assert!(
        h.state().unit_rows().is_empty(),
        "nothing written before the click"
    );
    h.get_by_label("导入 6 户").click();
    h.run();
    h.state_mut().wait_for_import();
    h.run();
    assert!(
        status(&h).contains("读取 6 行，新增房屋 6 户"),
        "{}",
        status(&h)
    );
    assert_eq!(h.state().unit_rows().len(), 6);
    assert!(h.query_by_label("导入 6 户").is_none(), "preview closed");
}

#[test]
fn a_bad_file_is_previewed_with_every_error_and_cannot_be_imported() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = units_screen(fresh_app(&dir));
    let file = crate::common::data("units_bad.csv");
    preview_import(&mut h, file.to_str().unwrap());
    h.get_by_label("发现 7 处错误，文件不会被导入。请改正后重新选择文件：");
    h.get_by_label("第 5 行【房号】：房屋 7号楼1单元101 与第 2 行重复");
    let button = h.get_by_label("无法导入");
    assert!(button.accesskit_node().is_disabled());
}

#[test]
fn the_preview_refuses_an_id_number_born_after_today_as_the_import_would() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = units_screen(fresh_app(&dir));
    let file = dir.path().join("u.csv");
    std::fs::write(
        &file,
        "楼栋,单元,房号,收费面积,业主姓名,身份证号\n\
         5号楼,1单元,101,89.5,张三,110101199001010015\n\
         5号楼,1单元,102,90,李四,110101203001010014\n",
    )
    .unwrap();
    preview_import(&mut h, file.to_str().unwrap());
    h.get_by_label("发现 1 处错误，文件不会被导入。请改正后重新选择文件：");
    h.get_by_label_contains(
        "第 3 行【身份证号】：身份证号中的出生日期 2030-01-01 晚于今天（2026-11-24）",
    );
    assert!(h.get_by_label("无法导入").accesskit_node().is_disabled());
}

#[test]
fn a_refused_database_is_explained_in_a_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memo.db");
    std::fs::write(&path, "备忘录").unwrap();
    let message = match App::open(&path, crate::common::clock()) {
        Ok(_) => panic!("a text file must be refused"),
        Err(e) => e.to_string(),
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(640.0, 260.0))
        // As the real window looks: the bundled font and the app's theme.
        .with_context_setup(|ctx| {
            taizhang::ui::install_fonts(ctx);
            taizhang::ui::theme::apply(ctx);
        })
        .build_ui_state(
            |ui, s: &mut taizhang::app::StartupError| s.show(ui),
            taizhang::app::StartupError { message },
        );
    h.run();
    h.get_by_label("无法打开数据库");
    h.get_by_label_contains("不是 SQLite 数据库");
    h.get_by_label("关闭");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "备忘录");
}

/// A file whose pages are damaged opens at once (only the cheap checks run at open); the page
/// check in the background finds the damage, the window says so with the way to the backups,
/// and nothing more is written.
#[test]
fn damage_found_after_start_up_is_shown_at_once_and_stops_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let mut app = App::open(&path, crate::common::clock()).unwrap();
        app.wait_for_health_check();
        assert_eq!(app.damage(), None, "a healthy file");
        let rows: Vec<_> = (1..=300)
            .map(|i| {
                (
                    i,
                    taizhang::domain::estate::UnitInput {
                        building: "9号楼".into(),
                        entrance: "1单元".into(),
                        room: format!("{i}"),
                        area: taizhang::domain::area::Area(8_000),
                        usage: taizhang::domain::estate::Usage::Residence,
                        state: taizhang::domain::estate::UnitState::Occupied,
                        notes: String::new(),
                        owner: None,
                    },
                )
            })
            .collect();
        taizhang::db::estate::import_units(
            app.db(),
            "t",
            &rows,
            "2026-11-23 09:00:00",
            &mut |_, _| {},
        )
        .unwrap();
        app.db()
            .pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    let mut bytes = std::fs::read(&path).unwrap();
    let n = bytes.len();
    // The last pages hold the units just imported.
    for b in &mut bytes[n - 4096 * 3..n - 4096] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let mut app = match App::open(&path, crate::common::clock()) {
        Ok(app) => app,
        Err(e) => panic!("the cheap checks at open should pass: {e}"),
    };
    app.wait_for_health_check();
    assert!(app.damage().is_some_and(|d| d.contains("已损坏")));
    let mut h = harness(app);
    h.run();
    h.get_by_label("数据库文件已损坏");
    h.get_by_label_contains("已停止写入数据库");
    // A write is refused with the same message.
    h.state_mut().push(taizhang::app::Command::SaveSettings(
        taizhang::db::settings::OfficeSettings {
            office_name: "改名".into(),
            estate_name: "改名".into(),
            office_phone: String::new(),
        },
    ));
    h.run();
    assert!(h.state().status.as_ref().is_some_and(|s| s.is_error));
    drop(h);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "nothing was written");
}

#[test]
fn print_a_roster_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = units_screen(demo_app(&dir));
    h.get_by_label("打印房屋清册…").click();
    h.run();
    h.get_by_label("楼栋：1号楼");
    let out = dir.path().join("清册.pdf");
    replace_text(&mut h, "保存到", out.to_str().unwrap());
    h.get_by_label("只保存 PDF").click();
    h.run();
    assert!(
        status(&h).contains("已生成 1号楼 房屋清册"),
        "{}",
        status(&h)
    );
    assert!(out.exists());
    assert!(h.query_by_label("只保存 PDF").is_none(), "window closed");

    // A folder that does not exist: the message is shown and the window stays.
    h.get_by_label("打印房屋清册…").click();
    h.run();
    replace_text(&mut h, "保存到", "/no/such/folder/x.pdf");
    h.get_by_label("只保存 PDF").click();
    h.run();
    // In the window, and on the status line.
    assert_eq!(
        h.get_all_by_label_contains("输出目录“/no/such/folder”不存在")
            .count(),
        2
    );
    h.get_by_label("只保存 PDF");
}

#[test]
fn a_wrong_import_path_is_reported_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = units_screen(fresh_app(&dir));
    preview_import(&mut h, "/no/such/清册.xlsx");
    assert_eq!(
        h.get_all_by_label_contains("找不到文件“/no/such/清册.xlsx”")
            .count(),
        2
    );
    h.get_by_label("预览");
}

#[test]
fn ctrl_f_selects_the_search_so_typing_replaces_it_and_the_status_line_stays_with_its_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = units_screen(demo_app(&dir));
    type_into(&mut h, "搜索", "1201");
    // Somewhere else, then Ctrl+F and a new search: it replaces the old one.
    h.get_by_label("导入…").click();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "搜索")
        .type_text("zs");
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "搜索")
            .value()
            .as_deref(),
        Some("zs")
    );

    // A message on one screen is gone on the next.
    preview_import(&mut h, "/no/such/清册.xlsx");
    assert!(status(&h).contains("找不到文件"), "{}", status(&h));
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("钥匙管理").click();
    h.run();
    assert_eq!(status(&h), "");
}

#[test]
fn a_units_panel_shows_what_it_owes_and_its_keys_and_goes_to_the_counter() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = units_screen(demo_app(&dir));
    type_into(&mut h, "搜索", "10-1-1201");
    h.get_all_by_label("1201").next().unwrap().click();
    h.run();
    h.run();
    let id = h.state().units.detail().unwrap().id;
    assert!(
        taizhang::db::charging::open_lines(h.state().db(), id)
            .unwrap()
            .is_empty()
    );
    h.get_by_label("无欠费");
    // The owner's spare key deposited with the office.
    h.get_by_label("Y-001 10号楼1单元1201 防盗门（在库）");

    // A unit in arrears: what it owes, in the panel.
    let today = crate::common::today();
    let rows = taizhang::db::charging::arrears(h.state().db(), today, &Default::default()).unwrap();
    let debtor = rows.first().expect("the demo has arrears");
    let open = taizhang::db::charging::open_lines(h.state().db(), debtor.unit_id).unwrap();
    let owed: i64 = open.iter().map(|l| l.due_fen - l.paid_fen).sum();
    assert!(owed > 0);
    h.state_mut()
        .push(taizhang::app::Command::SelectUnit(debtor.unit_id));
    h.run();
    h.run();
    h.get_by_label_contains(&format!(
        "欠费 ¥{}（{} 笔，最早 ",
        taizhang::domain::money::Money(owed).grouped(),
        open.len()
    ));
    let id = debtor.unit_id;
    h.get_by_label("去收款").click();
    h.run();
    h.run();
    assert_eq!(h.state().nav, taizhang::app::Nav::Charging);
    assert_eq!(h.state().charging.selected_unit(), Some(id));
}
