//! Issue 19, backups through the real window: yesterday's copy restores in three clicks
//! (设置, 恢复…, 确认恢复), after a comparison of the copy with the current file; the home screen
//! says when the last copy was made and warns about a copy on the database's own disk.

use crate::ui::{demo_template, harness, status};
use egui_kittest::kittest::Queryable;
use taizhang::app::{App, Nav};
use taizhang::db::backup as b;

#[test]
fn yesterdays_copy_restores_in_three_clicks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    std::fs::copy(demo_template(), &path).unwrap();
    let now = crate::common::now();
    let yesterday = now - chrono::Duration::days(1);
    let notices_then = {
        let conn = taizhang::db::open(&path, now).unwrap();
        // Yesterday evening's automatic copy …
        let folder = b::folder(&conn, &path).unwrap();
        b::automatic(&conn, &path, yesterday + chrono::Duration::hours(8), false).unwrap();
        assert!(
            folder
                .join(taizhang::domain::backup::daily_name(yesterday.date()))
                .exists()
        );
        let then = taizhang::db::notices::notices_of_year(&conn, 2026)
            .unwrap()
            .len();
        // … then this morning's mistake: a notice issued that should not have been.
        let t = taizhang::db::notices::template_by_name(&conn, "一般通知").unwrap();
        taizhang::db::notices::issue(
            &conn,
            &taizhang::db::notices::NoticeDraft {
                template_id: t.id,
                inputs: vec![
                    ("标题".into(), "误发".into()),
                    ("内容".into(), "误发".into()),
                ],
                targets: vec![taizhang::domain::notices::Target::Estate],
                per_entrance: false,
                copied_from: None,
            },
            "王丽",
            now,
            |_| Ok(()),
        )
        .unwrap();
        then
    };
    let mut h = harness(App::open(&path, crate::common::clock()).unwrap());
    h.run();
    h.state_mut().wait_for_backup();
    h.run();
    // The home screen says when the last good copy was made (this morning's, at opening).
    assert_eq!(h.state().home.backup().last, Some(now));
    h.get_by_label_contains("上次备份 2026-11-24 10:00");

    // 1: 设置.
    h.get_by_label("设置").click();
    h.run();
    h.run();
    // 2: 恢复… on yesterday's copy (the list is newest first: today's, then yesterday's).
    let rows = h.state().settings.backup.copies.clone();
    let i = rows
        .iter()
        .position(|c| {
            c.path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().contains("2026-11-23"))
        })
        .unwrap();
    let button = h.get_all_by_label("恢复…").nth(i).unwrap();
    button.scroll_to_me();
    h.run();
    h.get_all_by_label("恢复…").nth(i).unwrap().click();
    h.run();
    h.state_mut().wait_for_backup();
    h.run();
    // The comparison: the copy's time and counts beside the current file's.
    // (in the list twice — the daily copy and the month's — and in the comparison)
    assert_eq!(h.get_all_by_label("2026-11-23 18:00").count(), 3);
    h.get_by_label("确认恢复");
    h.get_by_label("当前数据库");
    // 3: 确认恢复.
    h.get_by_label("确认恢复").click();
    h.run();
    h.run();
    assert!(
        status(&h).contains("已用") && status(&h).contains("恢复数据库"),
        "{}",
        status(&h)
    );
    assert_eq!(h.state().nav, Nav::Settings);
    let notices = taizhang::db::notices::notices_of_year(h.state().db(), 2026).unwrap();
    assert_eq!(notices.len(), notices_then);
    assert!(notices.iter().all(|n| n.title_text() != "误发"));
    // The replaced file was kept beside the database.
    assert!(std::fs::read_dir(dir.path()).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .contains("demo.db.恢复前-")
    }));
}

#[test]
fn the_home_screen_warns_when_the_copies_share_the_databases_disk() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(crate::ui::demo_app(&dir));
    h.run();
    h.state_mut().wait_for_backup();
    h.get_by_label("设置").click();
    h.run();
    h.get_by_label("首页").click();
    h.run();
    h.run();
    // The default folder is beside the database: the same disk.
    assert!(
        h.state()
            .home
            .backup()
            .warnings
            .contains(&taizhang::domain::backup::Warning::SameDisk)
    );
    h.get_by_label_contains("备份目录与数据库在同一块磁盘上");
}
