//! 员工档案 in the real App through egui_kittest: widgets found by their labels.

use crate::common::data;
use crate::ui::{demo_app, fresh_app, harness, replace_text, status, type_into};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use taizhang::app::App;
use taizhang::domain::date::iso;

fn staff_screen(app: App) -> Harness<'static, App> {
    let mut h = harness(app);
    h.run();
    h.get_by_label("员工档案").click();
    h.run();
    h
}

/// Opens the combo box labelled `label` and picks `option`.
fn choose(h: &mut Harness<'_, App>, label: &str, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, label).click();
    h.run();
    h.get_by_label(option).click();
    h.run();
}

#[test]
fn add_a_staff_member_and_a_certificate_that_is_flagged_as_expiring() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = staff_screen(fresh_app(&dir));
    h.get_by_label("新增员工").click();
    h.run();
    // The name arrives as an input method delivers it: preedit, then commit.
    h.get_by_role_and_label(Role::TextInput, "姓名").focus();
    h.run();
    h.event(egui::Event::Ime(egui::ImeEvent::Preedit {
        text: "wang xiao ming".into(),
        active_range_chars: None,
    }));
    h.run();
    h.event(egui::Event::Ime(egui::ImeEvent::Commit("王小明".into())));
    h.run();
    choose(&mut h, "部门", "工程部");
    choose(&mut h, "岗位", "电工");
    type_into(&mut h, "电话", "139 0000 1234");
    type_into(&mut h, "入职日期", "2019/6/1");
    h.get_by_label("保存").click();
    h.run();
    assert!(
        status(&h).contains("已新增员工 王小明（工程部）"),
        "{}",
        status(&h)
    );
    let rows = h.state().staff.rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0].name.as_str(),
            rows[0].phone.as_str(),
            rows[0].position.as_str()
        ),
        ("王小明", "13900001234", "电工")
    );
    // 电工 requires the electrician's certificate: flagged as missing, in the table and the file.
    assert!(
        !h.get_all_by_label_contains("缺低压电工作业证")
            .collect::<Vec<_>>()
            .is_empty()
    );

    h.get_by_label("添加证书").click();
    h.run();
    type_into(&mut h, "证书类别", "低压电工作业证");
    type_into(&mut h, "证号", "T440305199001010011");
    type_into(&mut h, "发证日期", "2020-12-05");
    let expiry = crate::common::today() + chrono::Duration::days(10);
    type_into(&mut h, "有效期至", &iso(expiry));
    // A scan of the certificate, copied beside the database on save.
    let scan = dir.path().join("电工证扫描.pdf");
    std::fs::write(&scan, b"%PDF-1.4 scan").unwrap();
    type_into(&mut h, "扫描件", scan.to_str().unwrap());
    h.get_by_label("保存").click();
    h.run();
    assert!(
        status(&h).contains("已添加证书：低压电工作业证"),
        "{}",
        status(&h)
    );
    assert!(h.query_by_label("添加证书").is_some(), "back on the file");
    let stored = &h.state().staff.detail().unwrap().certs[0].scan_file;
    let copy = taizhang::io::files::attachment_path(&dir.path().join("t.db"), stored);
    assert!(
        copy.starts_with(dir.path().join("t.db.附件")),
        "{}",
        copy.display()
    );
    assert_eq!(std::fs::read(&copy).unwrap(), b"%PDF-1.4 scan");
    h.get_by_label("查看扫描件");
    assert!(h.query_by_label_contains("缺低压电工作业证").is_none());
    // Flagged in the table, in the person's file and on the certificate itself.
    let flagged: Vec<_> = h
        .get_all_by_label_contains("低压电工作业证 10 天后到期")
        .collect();
    assert!(flagged.len() >= 2, "table and detail");
    h.get_by_label("10 天后到期");

    // And on the home screen.
    h.get_by_label("首页").click();
    h.run();
    h.get_by_label("证书 30 天内到期");
    assert_eq!(h.state().home.alerts().len(), 1);
    h.get_by_label("王小明").click();
    h.run();
    assert_eq!(
        h.state().staff.detail().map(|s| s.name.as_str()),
        Some("王小明")
    );
}

#[test]
fn a_bad_certificate_names_the_field_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = staff_screen(demo_app(&dir));
    type_into(&mut h, "搜索", "zhangwei");
    assert_eq!(h.state().staff.visible_rows().len(), 1);
    h.get_by_label("张伟").click();
    h.run();
    h.get_by_label("添加证书").click();
    h.run();
    type_into(&mut h, "发证日期", "2024-06-30");
    type_into(&mut h, "有效期至", "2023-06-30");
    h.get_by_label("保存").click();
    h.run();
    h.get_by_label_contains("【证书类别】证书类别不能为空");
    h.get_by_label_contains("【有效期至】有效期至 2023-06-30 早于发证日期 2024-06-30");
    assert_eq!(h.state().staff.detail().map(|s| s.certs.len()), Some(1));
}

#[test]
fn search_the_demo_roster_by_initials_phone_tail_and_department() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = staff_screen(demo_app(&dir));
    h.get_by_label("30 人 / 在职 30 人");
    type_into(&mut h, "搜索", "zw");
    let names: Vec<String> = h
        .state()
        .staff
        .visible_rows()
        .iter()
        .map(|s| s.name.clone())
        .collect();
    assert_eq!(names, vec!["张伟", "曾文博"]);
    replace_text(&mut h, "搜索", "绿化");
    assert_eq!(h.state().staff.visible_rows().len(), 4);
    // The leaver appears only with 显示离职人员.
    replace_text(&mut h, "搜索", "杨洋");
    assert!(h.state().staff.visible_rows().is_empty());
    h.get_by_label("显示离职人员").click();
    h.run();
    assert_eq!(h.state().staff.visible_rows().len(), 1);
    h.get_by_label("离职");
}

#[test]
fn record_a_training_with_its_attendees() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = staff_screen(demo_app(&dir));
    h.get_by_label("培训记录").click();
    h.run();
    h.get_by_label("记录培训…").click();
    h.run();
    type_into(&mut h, "课程", "电梯困人应急处置");
    type_into(&mut h, "学时", "1.5");
    type_into(&mut h, "培训人", "吴刚");
    // The list is long: narrow it to the department first.
    type_into(&mut h, "筛选", "工程部");
    h.get_by_label("全选工程部").click();
    h.run();
    h.get_by_label("参加人员（已选 5 人）");
    // One of them was absent.
    h.get_by_label("郑军（消防控制室值班员）").click();
    h.run();
    h.get_by_label("参加人员（已选 4 人）");
    h.get_by_label("郑军（消防控制室值班员）").click();
    h.run();
    let absent: Vec<_> = h.get_all_by_label("缺席").collect();
    absent.last().unwrap().click();
    h.run();
    h.get_by_label("保存培训记录").click();
    h.run();
    assert!(
        status(&h).contains("已记录培训“电梯困人应急处置”"),
        "{}",
        status(&h)
    );
    assert!(status(&h).contains("5 人"), "{}", status(&h));
    let conn = h.state().db();
    let trainings = taizhang::db::staff::list_trainings(conn).unwrap();
    let t = trainings
        .iter()
        .find(|t| t.course == "电梯困人应急处置")
        .unwrap();
    assert_eq!(t.hours_tenths, 15);
    assert_eq!(t.attendees.len(), 5);
    let zheng = t.attendees.iter().find(|a| a.1 == "郑军").unwrap();
    assert_eq!(zheng.3, taizhang::domain::staff::TrainingResult::Absent);
}

#[test]
fn import_the_roster_from_the_window_then_print_a_card() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = staff_screen(fresh_app(&dir));
    h.get_by_label("导入花名册…").click();
    h.run();
    type_into(&mut h, "文件路径", data("staff.xlsx").to_str().unwrap());
    h.get_by_label("预览").click();
    h.run();
    h.get_by_label("检查通过：共 6 人，可以导入。");
    h.get_by_label_contains("将新增 6 人");
    h.get_by_label("将新建部门：会所部");
    h.get_by_label("导入 6 人").click();
    h.run();
    h.state_mut().wait_for_import();
    h.run();
    assert!(
        status(&h).contains("新增员工 6 人，更新 0 人"),
        "{}",
        status(&h)
    );
    assert_eq!(h.state().staff.rows().len(), 6);
    // The reloaded roster takes its final row heights on the frame after the one that
    // loaded it; click where a user would, on the settled table.
    h.run();
    h.get_by_label("张伟").click();
    h.run();
    h.get_by_label("打印档案卡…").click();
    h.run();
    let out = dir.path().join("张伟档案卡.pdf");
    replace_text(&mut h, "保存到", out.to_str().unwrap());
    h.get_by_label("开始打印").click();
    h.run();
    assert!(
        status(&h).contains("已生成 张伟 的员工档案卡（1 页）"),
        "{}",
        status(&h)
    );
    assert!(out.exists());
}

#[test]
fn the_roster_preview_refuses_an_id_number_born_after_today() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = staff_screen(fresh_app(&dir));
    let file = dir.path().join("s.csv");
    std::fs::write(
        &file,
        "姓名,部门,身份证号\n王五,客服部,110101203001010014\n",
    )
    .unwrap();
    h.get_by_label("导入花名册…").click();
    h.run();
    type_into(&mut h, "文件路径", file.to_str().unwrap());
    h.get_by_label("预览").click();
    h.run();
    h.get_by_label_contains("第 2 行【身份证号】：身份证号中的出生日期 2030-01-01 晚于今天");
    assert!(h.query_by_label("导入 1 人").is_none());
}

#[test]
fn departments_and_posts_are_data_the_office_edits() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = staff_screen(demo_app(&dir));
    h.get_by_label("部门与岗位").click();
    h.run();
    type_into(&mut h, "新部门", "会所部");
    h.get_by_label("添加部门").click();
    h.run();
    assert!(status(&h).contains("已添加部门“会所部”"), "{}", status(&h));
    let departments = taizhang::db::staff::list_departments(h.state().db()).unwrap();
    assert_eq!(departments.last().map(|d| d.name.as_str()), Some("会所部"));

    // Every 保洁员 post must now hold a health certificate.
    let conn = h.state().db();
    let positions = taizhang::db::staff::list_positions(conn).unwrap();
    let outdoor = positions.iter().find(|p| p.name == "室外保洁员").unwrap();
    assert!(outdoor.required.is_empty());
    let fields: Vec<_> = h
        .get_all_by_role_and_label(Role::TextInput, "要求证书")
        .collect();
    let row = positions
        .iter()
        .position(|p| p.name == "室外保洁员")
        .unwrap();
    fields[row].focus();
    h.run();
    h.get_all_by_role_and_label(Role::TextInput, "要求证书")
        .nth(row)
        .unwrap()
        .type_text("健康证");
    h.run();
    // The row may be below the fold: scroll to its 保存 as a person would.
    h.get_all_by_label("保存").nth(row).unwrap().scroll_to_me();
    h.run();
    h.get_all_by_label("保存").nth(row).unwrap().click();
    h.run();
    assert!(
        status(&h).contains("已保存岗位“室外保洁员”"),
        "{}",
        status(&h)
    );
    let flagged = h
        .state()
        .home
        .alerts()
        .iter()
        .filter(|a| {
            a.flags
                .contains(&taizhang::domain::staff::StaffFlag::MissingCert {
                    kind: "健康证".into(),
                })
        })
        .count();
    assert_eq!(flagged, 4, "the four outdoor cleaners lack it");
}

#[test]
fn a_certificate_entered_by_mistake_is_deleted_only_after_confirming() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = staff_screen(demo_app(&dir));
    type_into(&mut h, "搜索", "zhangwei");
    h.get_by_label("张伟").click();
    h.run();
    h.get_by_label("修改").click();
    h.run();
    h.get_by_label("删除此证书").click();
    h.run();
    assert_eq!(h.state().staff.detail().map(|s| s.certs.len()), Some(1));
    h.get_by_label("确认删除（录错时用）").click();
    h.run();
    assert!(status(&h).contains("已删除证书记录"), "{}", status(&h));
    assert_eq!(h.state().staff.detail().map(|s| s.certs.len()), Some(0));
    // Now the post's requirement is missing.
    assert!(
        h.get_all_by_label_contains("缺低压电工作业证").count() >= 1,
        "flagged again"
    );
}

#[test]
fn the_roster_sorts_by_a_click_on_a_header_and_keeps_it_across_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = staff_screen(demo_app(&dir));
    let dates = |h: &Harness<'_, App>| -> Vec<Option<chrono::NaiveDate>> {
        h.state()
            .staff
            .visible_rows()
            .iter()
            .map(|s| s.hire_date)
            .collect()
    };
    h.get_by_label("入职日期").click();
    h.run();
    h.get_by_label("入职日期 ▲");
    let up = dates(&h);
    let mut sorted = up.clone();
    sorted.sort();
    assert_eq!(up, sorted);
    assert_ne!(up.first(), up.last());
    h.get_by_label("入职日期 ▲").click();
    h.run();
    h.get_by_label("入职日期 ▼");
    let down = dates(&h);
    sorted.reverse();
    assert_eq!(down, sorted);
    // A reload (after any write) keeps the order the clerk chose.
    h.state_mut().staff.stale = true;
    h.run();
    h.run();
    assert_eq!(dates(&h), sorted);
    // Names sort by pinyin: 陈 (chen) before 张 (zhang).
    h.get_by_label("姓名").click();
    h.run();
    let names: Vec<String> = h
        .state()
        .staff
        .visible_rows()
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let chen = names.iter().position(|n| n == "陈建国").unwrap();
    let zhang = names.iter().position(|n| n == "张伟").unwrap();
    assert!(chen < zhang, "{names:?}");
    assert_eq!(
        names.first().map(String::as_str),
        Some("陈建国"),
        "{names:?}"
    );
    assert_eq!(
        names.last().map(String::as_str),
        Some("朱桂英"),
        "{names:?}"
    );
}

#[test]
fn a_persons_file_lists_their_scorecards() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = staff_screen(demo_app(&dir));
    h.get_by_label("张伟").click();
    h.run();
    let id = h.state().staff.selected().unwrap();
    let cards = taizhang::db::assessment::cards_of_staff(h.state().db(), id).unwrap();
    assert!(cards.len() >= 2, "{}", cards.len());
    h.get_by_label(&format!("月度考核（{} 份）", cards.len()));
    let newest = &cards[0];
    assert!(newest.month > cards[1].month, "newest first");
    h.get_by_label(&format!(
        "{} {} 分（{}）",
        newest.month,
        newest.total,
        newest.state.map(|s| s.as_str()).unwrap_or("")
    ));
}
