//! Issue 19, users and roles (the part built so far): accounts with Argon2id hashes, the first
//! manager and the recovery code, sign-in, disabling, and every writing batch command checked
//! against the user's role.

use crate::common::bin;
use taizhang::db::users as u;

fn at(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// The charging fixture with one user per default role; passwords are `<name>-pw1`.
fn office(dir: &tempfile::TempDir) -> (rusqlite::Connection, std::path::PathBuf) {
    let path = dir.path().join("office.db");
    let (f, ..) = crate::assessment::october_with_staff(&path);
    let code =
        u::create_first_manager(&f.conn, "陈建国", "陈建国-pw1", at("2026-11-01 09:00")).unwrap();
    assert_eq!(code.len(), 19);
    for (name, role) in [("王丽", "客服"), ("黄勇", "钥匙管理员"), ("赵敏", "只读")]
    {
        u::add_user(
            &f.conn,
            name,
            role,
            &format!("{name}-pw1"),
            "陈建国",
            at("2026-11-01 09:05"),
        )
        .unwrap();
    }
    (f.conn, path)
}

#[test]
fn sign_in_wrong_passwords_disabled_users_and_the_recovery_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let (f, ..) = crate::assessment::october_with_staff(&path);
    let conn = f.conn;
    assert!(!u::any_users(&conn).unwrap());
    let code =
        u::create_first_manager(&conn, " 陈建国 ", "jl2026ok", at("2026-11-01 09:00")).unwrap();
    // Only once.
    assert!(u::create_first_manager(&conn, "李华", "lh2026ok", at("2026-11-01 09:00")).is_err());
    let me = u::sign_in(&conn, "陈建国", "jl2026ok", crate::common::now()).unwrap();
    assert_eq!(me.role, "经理");
    assert!(me.may(taizhang::domain::users::Perm::VoidAdjust));
    // Stored as Argon2id, never as typed.
    let stored: String = conn
        .query_row(
            "SELECT password_hash FROM app_user WHERE name = '陈建国'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(stored.starts_with("$argon2id$") && !stored.contains("jl2026ok"));
    // A wrong password and an unknown name get the same answer.
    let wrong = u::sign_in(&conn, "陈建国", "jl2026oK", crate::common::now())
        .unwrap_err()
        .to_string();
    let nobody = u::sign_in(&conn, "张三丰", "jl2026ok", crate::common::now())
        .unwrap_err()
        .to_string();
    assert_eq!(wrong, nobody);
    // A clerk, then disabled: history keeps the name, sign-in is refused.
    u::add_user(
        &conn,
        "王丽",
        "客服",
        "wl2026ok",
        "陈建国",
        at("2026-11-02 09:00"),
    )
    .unwrap();
    let clerk = u::sign_in(&conn, "王丽", "wl2026ok", crate::common::now()).unwrap();
    assert!(clerk.may(taizhang::domain::users::Perm::Payments));
    assert!(!clerk.may(taizhang::domain::users::Perm::VoidAdjust));
    assert!(!clerk.may(taizhang::domain::users::Perm::Approve));
    assert!(
        u::add_user(
            &conn,
            "王丽",
            "客服",
            "wl2026ok",
            "陈建国",
            at("2026-11-02 09:00")
        )
        .is_err()
    );
    assert!(
        u::add_user(
            &conn,
            "李华",
            "保安",
            "lh2026ok",
            "陈建国",
            at("2026-11-02 09:00")
        )
        .unwrap_err()
        .to_string()
        .contains("没有“保安”这个角色")
    );
    u::disable(&conn, "王丽", "陈建国", at("2026-11-03 09:00")).unwrap();
    assert!(
        u::sign_in(&conn, "王丽", "wl2026ok", crate::common::now())
            .unwrap_err()
            .to_string()
            .contains("已停用")
    );
    assert!(
        conn.execute("DELETE FROM app_user WHERE name = '王丽'", [])
            .is_err()
    );
    // The last manager cannot be disabled.
    assert!(
        u::disable(&conn, "陈建国", "陈建国", at("2026-11-03 09:00"))
            .unwrap_err()
            .to_string()
            .contains("唯一")
    );
    // A lost manager password: the code (typed in lower case, without dashes) sets a new one,
    // once; a new code comes back.
    let typed = code.replace('-', "").to_lowercase();
    let (manager, fresh) = u::recover(&conn, &typed, "new2026ok", at("2026-11-04 09:00")).unwrap();
    assert_eq!(manager, "陈建国");
    assert_ne!(fresh, code);
    assert!(u::sign_in(&conn, "陈建国", "new2026ok", crate::common::now()).is_ok());
    assert!(u::sign_in(&conn, "陈建国", "jl2026ok", crate::common::now()).is_err());
    assert!(
        u::recover(&conn, &code, "again2026", at("2026-11-04 10:00"))
            .unwrap_err()
            .to_string()
            .contains("已经用过")
    );
    assert!(u::recover(&conn, &fresh, "again2026", at("2026-11-04 10:00")).is_ok());
}

/// Runs the binary as `user` (or without --user) with their password.
fn as_user(db: &str, user: Option<&str>, args: &[&str]) -> (bool, String) {
    let mut c = bin();
    c.args(["--db", db]);
    if let Some(name) = user {
        c.args(["--user", name])
            .env("TAIZHANG_PASSWORD", format!("{name}-pw1"));
    }
    let out = c.args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn each_writing_batch_command_is_allowed_exactly_for_the_roles_that_should_have_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_conn, path) = office(&dir);
    let db = path.to_str().unwrap();
    let missing = dir.path().join("无此文件.xlsx");
    let missing = missing.to_str().unwrap();
    let pdf = dir.path().join("n.pdf");
    let pdf = pdf.to_str().unwrap();
    // (the command, the permission it needs)
    let table: Vec<(Vec<&str>, &str)> = vec![
        (vec!["import", "units", missing], "房屋与业主"),
        (vec!["import", "staff", missing], "员工档案"),
        (vec!["import", "keys", missing], "钥匙"),
        (vec!["import", "fee-items", missing], "设置"),
        (vec!["import", "meter-readings", missing], "收款"),
        (vec!["import", "payments", missing], "作废与调整"),
        (vec!["import", "deductions", missing], "考核"),
        (vec!["import", "visits", missing], "客户服务"),
        (vec!["import", "archives", missing], "档案管理"),
        (
            vec![
                "keys",
                "lend",
                "无此钥匙",
                "--to",
                "李四",
                "--phone",
                "13800000000",
            ],
            "钥匙",
        ),
        (vec!["bill", "--period", "2026-11"], "收款"),
        (
            vec![
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
                pdf,
            ],
            "通知",
        ),
        (vec!["restore", missing], "恢复"),
        (vec!["users", "disable", "无此人"], "用户"),
    ];
    let roles: Vec<(&str, Vec<&str>)> = vec![
        ("陈建国", vec!["*"]),
        ("王丽", vec!["房屋与业主", "收款", "客户服务", "通知"]),
        ("黄勇", vec!["钥匙"]),
        ("赵敏", vec![]),
    ];
    for (args, perm) in &table {
        // Without --user on a file with users: refused, naming what it writes.
        let (ok, err) = as_user(db, None, args);
        assert!(!ok && err.contains("--user"), "{args:?}: {err}");
        for (user, may) in &roles {
            let allowed = may.contains(&"*") || may.contains(perm);
            let (_, err) = as_user(db, Some(user), args);
            let refused = err.contains("没有“") && err.contains("的权限");
            assert_eq!(refused, !allowed, "{user} {args:?}: {err}");
            if refused {
                assert!(err.contains(perm), "{err}");
            }
        }
    }
    // Reading needs no user.
    let (ok, err) = as_user(db, None, &["report", "notices", "--year", "2026"]);
    assert!(ok, "{err}");
    // A wrong password is refused before anything is written.
    let mut c = bin();
    let out = c
        .args(["--db", db, "--user", "王丽", "bill", "--period", "2026-12"])
        .env("TAIZHANG_PASSWORD", "wrong-pw")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("用户名或密码不对"));
}

#[test]
fn the_first_manager_and_users_through_the_batch_commands() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    drop(crate::assessment::october_with_staff(&path));
    let db = path.to_str().unwrap();
    let run = |args: &[&str], envs: &[(&str, &str)]| {
        let mut c = bin();
        c.args(["--db", db]).args(args);
        for (k, v) in envs {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    // Before the set-up, writing needs nobody.
    assert!(run(&["bill", "--period", "2026-11"], &[]).0);
    let (ok, said) = run(
        &["users", "init", "--name", "陈建国"],
        &[("TAIZHANG_NEW_PASSWORD", "陈建国-pw1")],
    );
    assert!(ok && said.contains("一次性恢复码"), "{said}");
    let (ok, said) = run(
        &["users", "init", "--name", "李华"],
        &[("TAIZHANG_NEW_PASSWORD", "lh2026ok")],
    );
    assert!(!ok && said.contains("已经设置过用户"), "{said}");
    let (ok, said) = run(
        &["--user", "陈建国", "users", "add", "王丽", "--role", "客服"],
        &[
            ("TAIZHANG_PASSWORD", "陈建国-pw1"),
            ("TAIZHANG_NEW_PASSWORD", "王丽-pw1"),
        ],
    );
    assert!(ok, "{said}");
    let (ok, said) = run(&["users", "list"], &[]);
    assert!(ok && said.contains("王丽\t客服\t在用"), "{said}");
    let (ok, said) = run(
        &["--user", "陈建国", "users", "add", "张三", "--role", "客服"],
        &[
            ("TAIZHANG_PASSWORD", "陈建国-pw1"),
            ("TAIZHANG_NEW_PASSWORD", "123"),
        ],
    );
    assert!(!ok && said.contains("密码至少 6 位"), "{said}");
}

#[test]
fn the_staff_card_shows_the_full_id_number_to_the_manager_only() {
    let dir = tempfile::tempdir().unwrap();
    let (conn, path) = office(&dir);
    // A valid 18-digit number (its check digit computed by the GB 11643 rule).
    conn.execute(
        "UPDATE staff SET id_number = '11010519491231002X' WHERE name = '刘丽'",
        [],
    )
    .unwrap();
    let db = path.to_str().unwrap();
    let card = |user: Option<&str>| {
        let out = dir
            .path()
            .join(format!("card-{}.pdf", user.unwrap_or("none")));
        let mut args = vec!["print", "staff-card", "--name", "刘丽", "--out"];
        args.push(out.to_str().unwrap());
        let (ok, err) = as_user(db, user, &args);
        assert!(ok, "{err}");
        crate::common::pdf_pages(&out).join("")
    };
    let full = "11010519491231002X";
    let masked = "110105********002X";
    let none = card(None);
    assert!(none.contains(masked) && !none.contains(full), "{none}");
    let clerk = card(Some("王丽"));
    assert!(clerk.contains(masked) && !clerk.contains(full), "{clerk}");
    let manager = card(Some("陈建国"));
    assert!(manager.contains(full), "{manager}");
    // The roster export the same way: masked but for the manager.
    let roster = |user: Option<&str>| {
        let out = dir
            .path()
            .join(format!("roster-{}.xlsx", user.unwrap_or("none")));
        let (ok, err) = as_user(
            db,
            user,
            &["export", "staff", "--out", out.to_str().unwrap()],
        );
        assert!(ok, "{err}");
        use calamine::{Reader, open_workbook_auto};
        let mut wb = open_workbook_auto(&out).unwrap();
        let sheet = wb.worksheet_range("花名册").unwrap();
        sheet
            .rows()
            .flat_map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
            .collect::<Vec<_>>()
            .join("|")
    };
    let clerk = roster(Some("王丽"));
    assert!(clerk.contains(masked) && !clerk.contains(full), "{clerk}");
    assert!(!roster(None).contains(full));
    assert!(roster(Some("陈建国")).contains(full));
}

#[test]
fn the_audit_log_keeps_who_changed_an_owners_phone_and_from_what_and_cannot_be_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let (conn, path) = office(&dir);
    drop(conn);
    let mut app = taizhang::app::App::open(&path, crate::common::clock()).unwrap();
    app.run(taizhang::app::Command::Users(
        taizhang::views::users::UsersCommand::SignIn {
            name: "王丽".into(),
            password: "王丽-pw1".into(),
        },
    ));
    assert_eq!(app.user().map(|u| u.name.as_str()), Some("王丽"));
    let unit = taizhang::db::estate::list_units(app.db())
        .unwrap()
        .into_iter()
        .find(|u| u.owner().is_some())
        .unwrap();
    let owner = unit.owner().unwrap().clone();
    let input = taizhang::domain::estate::UnitInput {
        building: unit.building.clone(),
        entrance: unit.entrance.clone(),
        room: unit.room.clone(),
        area: unit.area,
        usage: unit.usage,
        state: unit.state,
        notes: unit.notes.clone(),
        owner: Some(taizhang::domain::estate::OwnerInput {
            name: owner.name.clone(),
            phone: "13912345678".into(),
            phone2: owner.phone2.clone(),
            id_number: owner.id_number.clone(),
            move_in: owner.move_in,
            special_care: owner.special_care.clone(),
            file_complete: owner.file_complete,
            file_signed: owner.file_signed,
        }),
    };
    app.run(taizhang::app::Command::UpdateUnit(unit.id, input));
    let day = crate::common::today();
    let log = taizhang::db::audit::entries(app.db(), day, day).unwrap();
    let edit = log.iter().find(|e| e.kind == "房屋与业主").unwrap();
    assert_eq!(edit.who, "王丽");
    assert_eq!(
        edit.record,
        format!("房屋 {}{}{}", unit.building, unit.entrance, unit.room)
    );
    assert_eq!(
        edit.changes,
        format!(
            "联系电话：{} → 13912345678",
            if owner.phone.is_empty() {
                "（空）"
            } else {
                &owner.phone
            }
        )
    );
    assert!(log.iter().any(|e| e.kind == "登录" && e.who == "王丽"));
    // The unit's own panel shows its history from the log.
    let panel = &app.units.detail_links().log;
    assert!(
        panel
            .iter()
            .any(|e| e.who == "王丽" && e.changes.contains("→ 13912345678")),
        "{panel:?}"
    );
    // A wrong password is on the log too.
    assert!(taizhang::db::users::sign_in(app.db(), "王丽", "nope", crate::common::now()).is_err());
    let log = taizhang::db::audit::entries(app.db(), day, day).unwrap();
    assert!(log.iter().any(|e| e.kind == "登录失败" && e.who == "王丽"));
    // Append-only.
    assert!(app.db().execute("UPDATE audit SET who = 'x'", []).is_err());
    assert!(app.db().execute("DELETE FROM audit", []).is_err());

    // report audit: the manager only.
    let db = path.to_str().unwrap();
    let (ok, err) = as_user(
        db,
        Some("王丽"),
        &[
            "report",
            "audit",
            "--from",
            "2026-11-24",
            "--to",
            "2026-11-24",
        ],
    );
    assert!(!ok && err.contains("没有“操作日志”的权限"), "{err}");
    let out = bin()
        .args([
            "--db",
            db,
            "--user",
            "陈建国",
            "report",
            "audit",
            "--from",
            "2026-11-24",
            "--to",
            "2026-11-24",
            "--format",
            "json",
        ])
        .env("TAIZHANG_PASSWORD", "陈建国-pw1")
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["明细"].as_array().unwrap();
    assert!(rows.iter().any(|r| {
        r["改动"]
            .as_str()
            .is_some_and(|c| c.contains("→ 13912345678"))
    }));
}

#[test]
fn a_batch_import_and_a_batch_billing_are_one_log_entry_each_with_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (conn, path) = office(&dir);
    let db = path.to_str().unwrap();
    let file = crate::common::data("staff_gb18030.csv");
    let (ok, err) = as_user(
        db,
        Some("陈建国"),
        &["import", "staff", file.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    let (ok, err) = as_user(db, Some("王丽"), &["bill", "--period", "2026-11"]);
    assert!(ok, "{err}");
    // A refused command writes nothing, the log included.
    let (ok, _) = as_user(db, Some("赵敏"), &["bill", "--period", "2026-12"]);
    assert!(!ok);
    let log = taizhang::db::audit::search(&conn, &Default::default(), 100)
        .unwrap()
        .0;
    let imports: Vec<_> = log.iter().filter(|e| e.kind == "导入").collect();
    assert_eq!(imports.len(), 1, "{log:?}");
    assert_eq!(imports[0].who, "陈建国");
    assert!(
        imports[0].what.contains("读取 ") && imports[0].what.contains("新增员工"),
        "{:?}",
        imports[0]
    );
    assert_eq!(imports[0].record, format!("文件 {}", file.display()));
    let billed: Vec<_> = log.iter().filter(|e| e.kind == "收款").collect();
    assert_eq!(billed.len(), 1, "{log:?}");
    assert_eq!(billed[0].who, "王丽");
    assert_eq!(billed[0].record, "2026-11 应收");
    // The filters: by person, by kind, by words.
    let only =
        |f: taizhang::db::audit::Filter| taizhang::db::audit::search(&conn, &f, 100).unwrap();
    let (rows, n) = only(taizhang::db::audit::Filter {
        who: "王丽".into(),
        ..Default::default()
    });
    assert_eq!(n, rows.len());
    assert!(rows.iter().all(|e| e.who == "王丽") && n >= 2, "{rows:?}");
    let (rows, _) = only(taizhang::db::audit::Filter {
        text: "staff_gb18030".into(),
        ..Default::default()
    });
    assert_eq!(rows.len(), 1);
    let (rows, _) = only(taizhang::db::audit::Filter {
        from: Some(crate::common::today().succ_opt().unwrap()),
        ..Default::default()
    });
    assert!(rows.is_empty());
}

#[test]
fn a_staff_files_edit_is_logged_field_by_field_and_shows_in_its_panel() {
    let dir = tempfile::tempdir().unwrap();
    let (conn, path) = office(&dir);
    drop(conn);
    let mut app = taizhang::app::App::open(&path, crate::common::clock()).unwrap();
    app.run(taizhang::app::Command::Users(
        taizhang::views::users::UsersCommand::SignIn {
            name: "陈建国".into(),
            password: "陈建国-pw1".into(),
        },
    ));
    let s = taizhang::db::staff::list_staff(app.db())
        .unwrap()
        .into_iter()
        .find(|s| s.name == "刘丽")
        .unwrap();
    let input = taizhang::domain::staff::StaffInput {
        name: s.name.clone(),
        gender: s.gender,
        birth_date: s.birth_date,
        phone: "13700001111".into(),
        id_number: s.id_number.clone(),
        department: s.department.clone(),
        position: s.position.clone(),
        hire_date: s.hire_date,
        state: s.state,
        leave_date: s.leave_date,
        emergency_contact: s.emergency_contact.clone(),
        emergency_phone: s.emergency_phone.clone(),
        notes: s.notes.clone(),
        state_given: true,
    };
    app.run(taizhang::app::Command::Staff(
        taizhang::app::StaffCommand::Update(s.id, input),
    ));
    let day = crate::common::today();
    let log = taizhang::db::audit::entries(app.db(), day, day).unwrap();
    let edit = log
        .iter()
        .find(|e| e.record == "员工 刘丽")
        .expect("the edit is logged");
    assert_eq!(edit.kind, "员工档案");
    assert_eq!(edit.who, "陈建国");
    let old = if s.phone.is_empty() {
        "（空）".to_string()
    } else {
        s.phone.clone()
    };
    assert_eq!(edit.changes, format!("电话：{old} → 13700001111"));
    assert!(
        app.staff.log.iter().any(|e| e.changes == edit.changes),
        "{:?}",
        app.staff.log
    );
}
