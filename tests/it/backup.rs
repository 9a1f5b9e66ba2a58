//! Issue 19, backups: consistent copies, the rotation over 40 days, restore record by record,
//! refusals of damaged and newer copies, and a copy taken while another process writes.

use crate::common::run_ok;
use rusqlite::Connection;
use taizhang::db::backup as b;

fn at(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// Every row of every table, in rowid order: what "equal record by record" compares.
fn all_rows(conn: &Connection) -> Vec<(String, Vec<Vec<rusqlite::types::Value>>)> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {t} ORDER BY 1, 2"))
                .unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| r.get::<_, rusqlite::types::Value>(i))
                        .collect()
                })
                .unwrap()
                .collect::<rusqlite::Result<Vec<Vec<_>>>>()
                .unwrap();
            (t, rows)
        })
        .collect()
}

fn fixture(dir: &tempfile::TempDir) -> (Connection, std::path::PathBuf) {
    let (f, ..) = crate::assessment::october_with_staff(&dir.path().join("office.db"));
    (f.conn, dir.path().join("office.db"))
}

#[test]
fn forty_days_of_automatic_copies_keep_seven_daily_and_the_months() {
    let dir = tempfile::tempdir().unwrap();
    let (conn, path) = fixture(&dir);
    let folder = dir.path().join("备份");
    taizhang::db::settings::set(&conn, b::FOLDER, folder.to_str().unwrap()).unwrap();
    let start = at("2026-11-01 08:30");
    for day in 0..40 {
        let now = start + chrono::Duration::days(day);
        let made = b::automatic(&conn, &path, now, false).unwrap();
        assert!(made.is_some(), "day {day}");
        // The second start of the day makes nothing; closing the window refreshes the copy.
        assert!(b::automatic(&conn, &path, now, false).unwrap().is_none());
        let refreshed = b::automatic(&conn, &path, now + chrono::Duration::hours(9), true)
            .unwrap()
            .unwrap();
        assert_eq!(refreshed.taken_at, Some(now + chrono::Duration::hours(9)));
    }
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "台账备份-日-2026-12-04.db",
            "台账备份-日-2026-12-05.db",
            "台账备份-日-2026-12-06.db",
            "台账备份-日-2026-12-07.db",
            "台账备份-日-2026-12-08.db",
            "台账备份-日-2026-12-09.db",
            "台账备份-日-2026-12-10.db",
            "台账备份-月-2026-11.db",
            "台账备份-月-2026-12.db",
        ]
    );
    // Reading the copies leaves no -wal or -shm files beside them: each is one file.
    let _ = b::list(&folder);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 9);
    // Every copy kept is a good one, and says when it was taken.
    let listed = b::list(&folder);
    assert_eq!(listed.len(), 9);
    assert_eq!(
        listed[0].1.as_ref().unwrap().taken_at,
        Some(at("2026-12-10 17:30"))
    );
    assert!(
        listed
            .iter()
            .all(|(p, i)| i.is_ok() && b::inspect(p).is_ok())
    );
}

#[test]
fn a_restore_brings_back_every_record_and_keeps_the_replaced_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut conn, path) = fixture(&dir);
    let copy = dir.path().join("昨天.db");
    let info = b::write_copy(&conn, &copy, at("2026-11-23 18:00")).unwrap();
    assert_eq!(info.version, taizhang::db::SCHEMA_VERSION);
    let backed_up = all_rows(&Connection::open(&copy).unwrap());
    // A day's work after the copy: a unit renamed, a notice, a setting.
    let before_restore = {
        conn.execute("UPDATE person SET phone = '13900000000'", [])
            .unwrap();
        taizhang::db::settings::set(&conn, "office_phone", "0755-1").unwrap();
        all_rows(&conn)
    };
    assert_ne!(before_restore, backed_up);
    let aside = b::restore(&mut conn, &path, &copy, at("2026-11-24 10:00")).unwrap();
    // Record by record as the copy (its time stamp included).
    assert_eq!(all_rows(&conn), backed_up);
    // And the replaced file kept, as it was.
    let kept = all_rows(&Connection::open(&aside).unwrap());
    let without_stamp = |rows: Vec<(String, Vec<Vec<rusqlite::types::Value>>)>| {
        rows.into_iter()
            .map(|(t, r)| {
                let r: Vec<_> = r
                    .into_iter()
                    .filter(|row| {
                        row.first() != Some(&rusqlite::types::Value::Text("backup.taken_at".into()))
                    })
                    .collect();
                (t, r)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(without_stamp(kept), without_stamp(before_restore));
    // Still in WAL mode (the copy's pages carried rollback mode with them).
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // The restored file is a working database.
    assert_eq!(
        taizhang::db::integrity_check(&conn).unwrap().0,
        vec!["ok".to_string()]
    );
}

#[test]
fn damaged_foreign_and_newer_copies_are_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut conn, path) = fixture(&dir);
    let rows = all_rows(&conn);
    let good = dir.path().join("good.db");
    b::write_copy(&conn, &good, at("2026-11-23 18:00")).unwrap();

    let newer = dir.path().join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", taizhang::db::SCHEMA_VERSION + 1)
        .unwrap();
    let damaged = dir.path().join("damaged.db");
    let mut bytes = std::fs::read(&good).unwrap();
    let page = 4096;
    for i in (page * 3)..(bytes.len().min(page * 40)) {
        bytes[i] = 0x5A;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let foreign = dir.path().join("other.db");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "账本").unwrap();

    for (file, want) in [
        (&newer, "更新版本"),
        (&damaged, "不能用来恢复"),
        (&foreign, "不是台账的数据库或备份"),
        (&text, "不是台账的数据库或备份"),
    ] {
        let e = b::restore(&mut conn, &path, file, at("2026-11-24 10:00"))
            .unwrap_err()
            .to_string();
        assert!(e.contains(want), "{}: {e}", file.display());
    }
    assert_eq!(all_rows(&conn), rows);
    // No file was copied aside for a refused restore.
    assert!(
        !std::fs::read_dir(dir.path()).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("恢复前"))
    );
}

#[test]
fn a_copy_taken_while_another_process_writes_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let (conn, path) = fixture(&dir);
    let db = path.to_str().unwrap().to_string();
    // Another process issues notices one after another: each is one transaction that takes
    // the next number and records the notice.
    let writer = std::thread::spawn(move || {
        for i in 0..12 {
            let out =
                std::env::temp_dir().join(format!("taizhang-bk-{}-{i}.pdf", std::process::id()));
            run_ok(
                &db,
                &[
                    "print",
                    "notice",
                    "一般通知",
                    "--field",
                    "标题=通知",
                    "--field",
                    &format!("内容=第{i}份"),
                    "--field",
                    "联系电话=0755-86001234",
                    "--out",
                    out.to_str().unwrap(),
                ],
            );
            let _ = std::fs::remove_file(out);
        }
    });
    let mut seen = Vec::new();
    let mut n = 0;
    while !writer.is_finished() || n == 0 {
        let copy = dir.path().join(format!("copy{n}.db"));
        b::write_copy(&conn, &copy, crate::common::now()).unwrap();
        let c = Connection::open(&copy).unwrap();
        let seqs: Vec<i64> = c
            .prepare("SELECT seq FROM notice ORDER BY seq")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        // Whole notices only, numbered without a gap.
        assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>());
        assert!(b::inspect(&copy).is_ok());
        seen.push(seqs.len());
        n += 1;
    }
    writer.join().unwrap();
    let last = dir.path().join("last.db");
    b::write_copy(&conn, &last, crate::common::now()).unwrap();
    assert_eq!(
        b::inspect(&last)
            .unwrap()
            .counts
            .iter()
            .find(|c| c.0 == "通知")
            .unwrap()
            .1,
        12
    );
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
}

#[test]
fn the_batch_commands_back_up_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    drop(fixture(&dir));
    let db = dir.path().join("office.db");
    let db = db.to_str().unwrap();
    let copy = dir.path().join("u盘").join("台账.db");
    let said = run_ok(db, &["backup", "--to", copy.to_str().unwrap()]);
    assert!(
        said.contains("检查通过") && said.contains("房屋 "),
        "{said}"
    );
    run_ok(
        db,
        &[
            "print",
            "notice",
            "一般通知",
            "--field",
            "标题=停车",
            "--field",
            "内容=请勿乱停",
            "--field",
            "联系电话=0755-86001234",
            "--out",
            dir.path().join("n.pdf").to_str().unwrap(),
        ],
    );
    let said = run_ok(db, &["restore", copy.to_str().unwrap()]);
    assert!(
        said.contains("通知 0") && said.contains("恢复前的数据库已另存为"),
        "{said}"
    );
    let csv = run_ok(db, &["report", "notices", "--year", "2026"]);
    assert_eq!(csv.lines().count(), 1, "{csv}");
    let (ok, _, err) = crate::common::run(&[
        "--db",
        db,
        "restore",
        dir.path().join("无.db").to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("找不到备份文件"), "{err}");
}
