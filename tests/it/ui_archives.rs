//! 档案管理 through the real window on the demo: a file found by a fragment in one keystroke, a
//! request taken from 申请 to 已归还 with the mouse and again with the keyboard alone, and the
//! home screen's overdue loan opening its request.

use crate::ui::{demo_app, harness, status, type_into};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use taizhang::app::App;
use taizhang::domain::archives::RequestState;

fn archive_screen(app: App) -> Harness<'static, App> {
    let mut h = harness(app);
    h.run();
    h.get_by_label("档案管理").click();
    h.run();
    h.run();
    h
}

fn state_of(h: &Harness<'_, App>, id: i64) -> RequestState {
    taizhang::db::archives::get_request(h.state().db(), id)
        .unwrap()
        .state
}

fn newest_request(h: &Harness<'_, App>) -> i64 {
    h.state()
        .archives
        .data
        .requests
        .iter()
        .map(|r| r.id)
        .max()
        .unwrap()
}

#[test]
fn a_file_is_found_by_a_fragment_of_its_title_or_its_unit() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = archive_screen(demo_app(&dir));
    let total = h.state().archives.data.files.len();
    assert!(total > 300, "{total}");
    // The cursor is in the search box: typing goes straight there.
    h.event(egui::Event::Text("竣工".into()));
    h.run();
    h.get_by_label_contains("找到 2 份");
    h.get_by_label("10号楼竣工图（建筑、结构）");
    type_into_search(&mut h, "1-1-101");
    h.get_by_label_contains("找到 1 份");
    h.get_by_label("YZ-0001");
    // By the owner's name in pinyin initials: 陈杰 in 1-1-101.
    type_into_search(&mut h, "cj");
    assert!(
        h.state()
            .archives
            .data
            .files
            .iter()
            .any(|f| f.owner == "陈杰")
    );
    h.get_by_label("YZ-0001");
}

fn type_into_search(h: &mut Harness<'_, App>, text: &str) {
    crate::ui::replace_text(h, "搜索", text);
}

#[test]
fn request_approve_hand_out_and_return_with_the_mouse() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = archive_screen(demo_app(&dir));
    h.get_by_label("查阅与借阅").click();
    h.run();
    h.get_by_label("新建申请…").click();
    h.run();
    type_into(&mut h, "申请人", "郑军");
    type_into(&mut h, "事由", "核对 10 号楼竣工图");
    type_into(&mut h, "查找档案", "GC-0001");
    h.get_by_label("加入").click();
    h.run();
    h.get_by_label("提交申请").click();
    h.run();
    h.run();
    assert!(status(&h).contains("已登记查阅申请"), "{}", status(&h));
    let id = newest_request(&h);
    assert_eq!(state_of(&h, id), RequestState::Requested);
    // The manager (陈建国) is the approver offered.
    assert_eq!(h.state().archives.approver, "陈建国");
    h.get_by_label("批准").click();
    h.run();
    h.run();
    assert_eq!(state_of(&h, id), RequestState::Approved, "{}", status(&h));
    h.get_by_label("借出").click();
    h.run();
    h.run();
    assert_eq!(state_of(&h, id), RequestState::Out, "{}", status(&h));
    h.get_by_label("归还所选").click();
    h.run();
    h.run();
    assert_eq!(state_of(&h, id), RequestState::Returned, "{}", status(&h));
    let r = taizhang::db::archives::get_request(h.state().db(), id).unwrap();
    assert_eq!(r.approver, "陈建国");
    assert_eq!(r.handed_by, "孙婷");
    assert_eq!(r.files[0].condition, "完好");
}

/// Focuses the button `label` and presses Enter, as Tab-then-Enter does.
fn press(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).focus();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
}

#[test]
fn request_approve_hand_out_and_return_by_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = archive_screen(demo_app(&dir));
    h.get_by_label("查阅与借阅").click();
    h.run();
    press(&mut h, "新建申请…");
    type_into(&mut h, "申请人", "郑军");
    type_into(&mut h, "事由", "核对管网图");
    // A fragment of the title and Enter adds the first match.
    type_into(&mut h, "查找档案", "给排水");
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    assert_eq!(
        h.state().archives.request_form.as_ref().map(|f| f
            .files
            .iter()
            .map(|c| c.1.clone())
            .collect::<Vec<_>>()),
        Some(vec!["GC-0002".to_string()])
    );
    press(&mut h, "提交申请");
    assert!(status(&h).contains("已登记查阅申请"), "{}", status(&h));
    let id = newest_request(&h);
    // The requester cannot approve their own request.
    h.state_mut().archives.approver = "郑军".into();
    press(&mut h, "批准");
    assert!(status(&h).contains("不能是申请人"), "{}", status(&h));
    assert_eq!(state_of(&h, id), RequestState::Requested);
    h.state_mut().archives.approver = "陈建国".into();
    press(&mut h, "批准");
    assert_eq!(state_of(&h, id), RequestState::Approved, "{}", status(&h));
    press(&mut h, "借出");
    assert_eq!(state_of(&h, id), RequestState::Out, "{}", status(&h));
    press(&mut h, "归还所选");
    assert_eq!(state_of(&h, id), RequestState::Returned, "{}", status(&h));
}

#[test]
fn the_overdue_loan_on_the_home_screen_opens_its_request() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(demo_app(&dir));
    h.run();
    let overdue = h.state().home.archive().overdue.clone();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].requester, "吴刚");
    h.get_by_label_contains("逾期未还：吴刚").click();
    h.run();
    h.run();
    assert_eq!(h.state().nav, taizhang::app::Nav::Archives);
    h.get_by_label(&format!("借阅申请 {}", overdue[0].id));
    // The request awaiting approval and the campaign due in ten days are there too.
    let a = h.state().home.archive().clone();
    assert_eq!(a.awaiting.len(), 1);
    assert_eq!(a.campaigns.len(), 1);
    assert_eq!(a.open_findings, 1);
}

#[test]
fn reading_a_confidential_file_is_logged_with_who_and_when() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = archive_screen(demo_app(&dir));
    let db = |h: &Harness<'_, App>, number: &str| {
        let id = taizhang::db::archives::file_by_number(h.state().db(), number)
            .unwrap()
            .unwrap();
        (
            id,
            taizhang::db::archives::accesses(h.state().db(), id).unwrap(),
        )
    };
    let (secret, before) = db(&h, "RS-0007");
    assert!(before.is_empty());
    // An ordinary file opens without a trace; the 保密 one is logged once per opening.
    h.get_by_label("GC-0001").click();
    h.run();
    h.run();
    assert!(db(&h, "GC-0001").1.is_empty());
    h.get_by_label("RS-0007").click();
    h.run();
    h.run();
    let (_, log) = db(&h, "RS-0007");
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].0, log[0].1.as_str(), log[0].2.as_str()),
        (crate::common::now(), "孙婷", "查看档案记录")
    );
    // Shown in its panel; a second frame on the same file adds nothing.
    h.get_by_label_contains("保密档案：查看记录和打开扫描件都会登记");
    h.run();
    assert_eq!(db(&h, "RS-0007").1.len(), 1);
    // Opening a scan that is not in the attachments folder is refused, and nothing is logged.
    h.state_mut().push(
        taizhang::app::ArchiveCommand::OpenScan {
            file_id: secret,
            relative: "档案/RS-0007-缺.pdf".into(),
        }
        .into(),
    );
    h.run();
    assert!(status(&h).contains("不在附件目录中"), "{}", status(&h));
    assert_eq!(db(&h, "RS-0007").1.len(), 1);
}

#[test]
fn the_registry_read_in_two_halves_is_the_whole_registry_in_order_with_its_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir);
    let path = dir.path().join("demo.db");
    let whole = taizhang::db::archives::list_files(app.db()).unwrap();
    let read = taizhang::app::archives::read_archives(&path, crate::common::now()).unwrap();
    assert_eq!(read.files, whole);
    assert_eq!(read.keys.len(), whole.len());
    assert_eq!(
        taizhang::app::archives::read_unit_picks(&path)
            .unwrap()
            .len(),
        412
    );
    // Through the window: the rows, then the unit picker, from the worker.
    app.push(taizhang::app::Command::Navigate(
        taizhang::app::Nav::Archives,
    ));
    let mut h = crate::ui::harness(app);
    h.run();
    let view = &mut h.state_mut().archives;
    assert_eq!(view.data.files.len(), whole.len());
    assert_eq!(view.data.units.len(), 412);
    view.query = "竣工".into();
    assert_eq!(view.visible().len(), 2);
}
