//! The database file: creation, migrations, refusal of files that are not ours or are damaged,
//! and the estate repository on real temporary files.

use chrono::NaiveDate;
use taizhang::db::{self, estate};
use taizhang::domain::area::Area;
use taizhang::domain::estate::{UnitDraft, UnitState};
use taizhang::error::Error;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn draft(building: &str, room: &str, owner: &str) -> taizhang::domain::estate::UnitInput {
    UnitDraft {
        building: building.into(),
        entrance: "1".into(),
        room: room.into(),
        area: "89.50".into(),
        owner_name: owner.into(),
        phone: if owner.is_empty() {
            String::new()
        } else {
            "13800138000".into()
        },
        move_in: if owner.is_empty() {
            String::new()
        } else {
            "2023-03-05".into()
        },
        ..Default::default()
    }
    .validate()
    .unwrap()
}

#[test]
fn fresh_database_has_current_schema_and_settings_pragmas() {
    let dir = tmp();
    let path = dir.path().join("sub/dir/t.db");
    let conn = db::open(&path, crate::common::now()).unwrap();
    assert_eq!(db::schema_version(&conn).unwrap(), db::SCHEMA_VERSION);
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    // Opening again is a no-op that succeeds.
    db::open(&path, crate::common::now()).unwrap();
}

#[test]
fn upgrading_from_the_first_schema_matches_a_fresh_database() {
    let dir = tmp();
    let old = dir.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&old).unwrap();
        db::migrate_steps_for_test(&conn, 1).unwrap();
        conn.execute("INSERT INTO estate(name) VALUES ('老小区')", [])
            .unwrap();
    }
    let upgraded = db::open(&old, crate::common::now()).unwrap();
    let fresh = db::open(&dir.path().join("fresh.db"), crate::common::now()).unwrap();
    assert_eq!(
        db::schema_fingerprint(&upgraded).unwrap(),
        db::schema_fingerprint(&fresh).unwrap()
    );
    assert_eq!(db::schema_version(&upgraded).unwrap(), db::SCHEMA_VERSION);
    let name: String = upgraded
        .query_row("SELECT name FROM estate", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "老小区", "upgrading keeps the data");
    let departments: i64 = upgraded
        .query_row("SELECT count(*) FROM department", [], |r| r.get(0))
        .unwrap();
    assert_eq!(departments, 6, "the staff step seeds the six departments");
    // Step 9 rewrote the unit checks in place: the file is sound, the rule still holds, and
    // inserting a unit or its event builds no temporary table any more.
    let ok: String = upgraded
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    upgraded
        .execute_batch(
            "INSERT INTO building(estate_id, name) SELECT id, '1号楼' FROM estate;
             INSERT INTO entrance(building_id, name) SELECT id, '' FROM building;",
        )
        .unwrap();
    let insert = |usage: &str, state: &str| {
        upgraded.execute(
            "INSERT INTO unit(entrance_id, room, area_hundredths, usage, state, created_at, updated_at)
             SELECT id, ?1 || ?2, 100, ?1, ?2, 'x', 'x' FROM entrance",
            [usage, state],
        )
    };
    insert("住宅", "空置").unwrap();
    insert("车位", "已入住").unwrap();
    assert!(insert("仓库", "空置").is_err(), "usage is still checked");
    assert!(insert("住宅", "出租").is_err(), "state is still checked");
    for sql in [
        "INSERT INTO unit(entrance_id, room, area_hundredths, usage, state, created_at, updated_at)
         VALUES (1, 'a', 1, '住宅', '空置', 'x', 'x')",
        "INSERT INTO unit_event(unit_id, at, kind) VALUES (1, 'x', '新建')",
    ] {
        for conn in [&upgraded, &fresh] {
            let mut stmt = conn.prepare(&format!("EXPLAIN {sql}")).unwrap();
            let ops: Vec<String> = stmt
                .query_map([], |r| r.get(1))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            assert!(!ops.iter().any(|o| o == "OpenEphemeral"), "{sql}: {ops:?}");
        }
    }
    // The file as it was before the upgrade is kept beside it, still at version 1.
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("old.db.v1-备份-20261124-100000")
        })
        .collect();
    assert_eq!(backups.len(), 1, "one backup before upgrading");
    let copy = rusqlite::Connection::open(backups[0].path()).unwrap();
    assert_eq!(db::schema_version(&copy).unwrap(), 1);
    let kept: String = copy
        .query_row("SELECT name FROM estate", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, "老小区");
    // A fresh database gets no backup (there was nothing to keep).
    assert!(!std::fs::read_dir(dir.path()).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("fresh.db.v")
    }));
}

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let dir = tmp();
    let path = dir.path().join("new.db");
    drop(db::open(&path, crate::common::now()).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = db::open(&path, crate::common::now()).unwrap_err();
    assert!(
        matches!(err, Error::SchemaTooNew { found: 99, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("更新版本"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_text_file_is_refused_and_left_untouched() {
    let dir = tmp();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "这不是数据库，是一份备忘录。").unwrap();
    let err = db::open(&path, crate::common::now()).unwrap_err();
    assert!(matches!(err, Error::NotADatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("不是 SQLite 数据库"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "这不是数据库，是一份备忘录。"
    );
    assert!(!dir.path().join("notes.db-wal").exists());
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tmp();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("CREATE TABLE contacts(name TEXT)", [])
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = db::open(&path, crate::common::now()).unwrap_err();
    assert!(matches!(err, Error::ForeignDatabase { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_damaged_database_is_refused_and_left_untouched() {
    let dir = tmp();
    let path = dir.path().join("damaged.db");
    {
        let conn = db::open(&path, crate::common::now()).unwrap();
        let rows: Vec<_> = (1..=300)
            .map(|i| (i, draft("9号楼", &format!("{i}"), "张三")))
            .collect();
        estate::import_units(&conn, "t", &rows, "2026-11-23 09:00:00", &mut |_, _| {}).unwrap();
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 4096 * 6);
    // Overwrite pages 3–5 (b-tree pages) with garbage; the header stays valid.
    for b in &mut bytes[4096 * 2..4096 * 5] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    // Opening checks only the cheap things; it may or may not trip over the damage, but the
    // page check finds it, and neither writes to the file.
    if let Err(err) = db::open(&path, crate::common::now()) {
        assert!(
            matches!(err, Error::Damaged { .. } | Error::NotADatabase { .. }),
            "{err:?}"
        );
    }
    let err = db::quick_check_file(&path).unwrap_err();
    assert!(matches!(err, Error::Damaged { .. }), "{err:?}");
    assert!(err.to_string().contains("已损坏"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_damaged_header_is_refused_at_open() {
    let dir = tmp();
    let path = dir.path().join("header.db");
    drop(db::open(&path, crate::common::now()).unwrap());
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[0..16].copy_from_slice(b"SQLite format 2\0");
    std::fs::write(&path, &bytes).unwrap();
    let err = db::open(&path, crate::common::now()).unwrap_err();
    assert!(matches!(err, Error::NotADatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("拒绝打开"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn units_are_created_edited_and_moved_out_with_history() {
    let dir = tmp();
    let conn = db::open(&dir.path().join("t.db"), crate::common::now()).unwrap();
    let id =
        estate::create_unit(&conn, &draft("10", "1201", "张三"), "2026-11-01 09:00:00").unwrap();
    let dup = estate::create_unit(&conn, &draft("10", "1201", "李四"), "2026-11-01 09:00:00");
    assert!(dup.unwrap_err().to_string().contains("已存在"));

    let mut edit = draft("10", "1201", "张三");
    edit.area = Area(9000);
    estate::update_unit(&conn, id, &edit, "2026-11-02 09:00:00").unwrap();
    let u = estate::get_unit(&conn, id).unwrap();
    assert_eq!(u.area, Area(9000));
    assert_eq!(u.owner().unwrap().name, "张三");

    // Removing the owner in the form is refused: that is a move-out.
    let mut no_owner = edit.clone();
    no_owner.owner = None;
    assert!(estate::update_unit(&conn, id, &no_owner, "2026-11-02 10:00:00").is_err());

    let early = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    assert!(
        estate::move_out(&conn, id, early, "x").is_err(),
        "before move-in"
    );
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    estate::move_out(&conn, id, day, "2026-11-20 09:00:00").unwrap();
    let u = estate::get_unit(&conn, id).unwrap();
    assert!(u.occupants.is_empty());
    assert_eq!(u.state, UnitState::Vacant);
    // The person and the closed occupancy remain.
    let (people, closed): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM occupancy WHERE move_out = '2026-11-20')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((people, closed), (1, 1));

    // A new owner moves in through the form.
    estate::update_unit(
        &conn,
        id,
        &draft("10", "1201", "王五"),
        "2026-11-21 09:00:00",
    )
    .unwrap();
    assert_eq!(
        estate::get_unit(&conn, id).unwrap().owner().unwrap().name,
        "王五"
    );
    let kinds: Vec<String> = estate::unit_history(&conn, id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, ["新建", "入住", "修改", "迁出", "入住", "修改"]);
}

#[test]
fn an_import_with_a_clash_writes_nothing() {
    let dir = tmp();
    let conn = db::open(&dir.path().join("t.db"), crate::common::now()).unwrap();
    estate::create_unit(&conn, &draft("10", "1201", "张三"), "t").unwrap();
    let rows = vec![
        (2, draft("10", "1202", "李四")),
        (3, draft("10", "1201", "王五")),
    ];
    let err = estate::import_units(&conn, "f.csv", &rows, "t", &mut |_, _| {}).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("第 3 行【房号】"), "{text}");
    assert!(text.contains("未导入任何数据"), "{text}");
    assert_eq!(estate::list_units(&conn).unwrap().len(), 1);
}

#[test]
fn stats_add_up() {
    let dir = tmp();
    let conn = db::open(&dir.path().join("t.db"), crate::common::now()).unwrap();
    estate::create_unit(&conn, &draft("1", "101", "张三"), "t").unwrap();
    estate::create_unit(&conn, &draft("1", "102", ""), "t").unwrap();
    estate::create_unit(&conn, &draft("2", "101", "李四"), "t").unwrap();
    let s = estate::estate_stats(&conn).unwrap();
    assert_eq!((s.buildings, s.units, s.owners), (2, 3, 2));
    assert_eq!(s.total_area, Area(3 * 8950));
    let occupied = s
        .by_state
        .iter()
        .find(|(st, _)| *st == UnitState::Occupied)
        .unwrap()
        .1;
    assert_eq!(occupied, 2);
    assert_eq!(
        s.incomplete_files, 2,
        "neither owner's file is marked complete"
    );

    let mut complete = draft("2", "101", "李四");
    if let Some(o) = &mut complete.owner {
        o.file_complete = true;
        o.file_signed = true;
    }
    let id = estate::list_units(&conn)
        .unwrap()
        .into_iter()
        .find(|u| u.label() == "2号楼1单元101")
        .unwrap()
        .id;
    estate::update_unit(&conn, id, &complete, "t").unwrap();
    assert_eq!(estate::estate_stats(&conn).unwrap().incomplete_files, 1);
}

#[test]
fn occupants_join_the_owner_and_leave_with_the_move_out() {
    let dir = tmp();
    let conn = db::open(&dir.path().join("t.db"), crate::common::now()).unwrap();
    let id = estate::create_unit(&conn, &draft("10", "1201", "张三"), "t").unwrap();
    let tenant = taizhang::domain::estate::OccupantDraft {
        name: "李四".into(),
        phone: "13900139000".into(),
        move_in: "2024-05-01".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    estate::add_occupant(&conn, id, &tenant, "t").unwrap();
    let again = estate::add_occupant(&conn, id, &tenant, "t").unwrap_err();
    assert!(again.to_string().contains("无需重复登记"), "{again}");
    let u = estate::get_unit(&conn, id).unwrap();
    let names: Vec<&str> = u.occupants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["张三", "李四"]);
    assert_eq!(u.owner().unwrap().name, "张三");
    // Editing the unit keeps the occupant and still edits the owner.
    estate::update_unit(&conn, id, &draft("10", "1201", "张三"), "t").unwrap();
    assert_eq!(estate::get_unit(&conn, id).unwrap().occupants.len(), 2);
    // 李四 is found by search through the unit's key.
    let rows = estate::list_units(&conn).unwrap();
    let mut key = taizhang::domain::search::SearchKey::new(
        &rows[0].building,
        &rows[0].entrance,
        &rows[0].room,
    );
    for p in &rows[0].occupants {
        key.add_person(&p.name, &[&p.phone]);
    }
    assert!(key.matches("ls"));
    estate::move_out(
        &conn,
        id,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        "t",
    )
    .unwrap();
    assert!(estate::get_unit(&conn, id).unwrap().occupants.is_empty());
}
