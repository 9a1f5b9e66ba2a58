//! Staff files end to end on real temporary databases: roster import (XLSX, GB18030 CSV),
//! re-import, all-or-nothing, leavers, trainings, export round trip, batch commands and PDFs.

use crate::common::{assert_qpdf_ok, data, pdf_pages, run, squash};
use chrono::NaiveDate;
use taizhang::db::{self, staff};
use taizhang::domain::date::iso;
use taizhang::domain::staff::{
    CertDraft, EmploymentState, Gender, StaffDraft, StaffFlag, TrainingDraft, TrainingResult,
    staff_flags,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn person<'a>(rows: &'a [staff::StaffRow], name: &str) -> &'a staff::StaffRow {
    rows.iter().find(|s| s.name == name).unwrap()
}

#[test]
fn the_offices_xlsx_roster_imports_in_one_go() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("t.db"), crate::common::now()).unwrap();
    let plan = taizhang::io::staff::import_file(
        &conn,
        &data("staff.xlsx"),
        &mut |_, _| {},
        crate::common::now(),
    )
    .unwrap()
    .done;
    assert_eq!((plan.added, plan.updated), (6, 0));
    assert_eq!(plan.new_departments, vec!["会所部"]);
    assert_eq!(plan.new_positions, vec!["室外保洁员", "救生员"]);
    let rows = staff::list_staff(&conn).unwrap();
    assert_eq!(rows.len(), 6);

    let zhang = person(&rows, "张伟");
    assert_eq!(zhang.hire_date, Some(d(2018, 9, 7)), "date cell");
    assert_eq!(zhang.phone, "13920299595", "phone stored as a number");
    assert_eq!(zhang.birth_date, Some(d(1980, 1, 1)), "from the ID number");
    assert_eq!(zhang.emergency_contact, "妻 王丽 13900001111");
    assert_eq!(zhang.required, vec!["低压电工作业证"], "电工 requires it");
    assert_eq!(person(&rows, "李娜").hire_date, Some(d(2023, 3, 5)));
    assert_eq!(person(&rows, "李娜").phone, "13920267919");
    assert_eq!(person(&rows, "王芳").hire_date, Some(d(2023, 3, 5)));
    let zhao = person(&rows, "赵强");
    assert_eq!(zhao.hire_date, Some(d(2023, 3, 5)), "Excel serial 44990");
    assert_eq!(zhao.department, "秩序维护部", "保安部 is the old name");
    assert_eq!(zhao.state, EmploymentState::Left);
    let sun = person(&rows, "孙丽");
    assert_eq!(sun.gender, Some(Gender::Female), "from the ID number");
    assert_eq!(sun.birth_date, Some(d(1963, 5, 5)));
    assert_eq!(sun.state, EmploymentState::Active, "state left empty");
    assert_eq!(person(&rows, "陈喆").department, "会所部");

    // The clerk adds an emergency contact in the window; the file has none for her.
    let li = person(&rows, "李娜");
    let mut draft = StaffDraft {
        name: li.name.clone(),
        department: li.department.clone(),
        id_number: li.id_number.clone(),
        hire_date: "2023-03-05".into(),
        emergency_contact: "母 李芳".into(),
        ..Default::default()
    };
    draft.phone = li.phone.clone();
    staff::update_staff(
        &conn,
        li.id,
        &draft.validate().unwrap(),
        &db::stamp(crate::common::now()),
    )
    .unwrap();

    // The same file again updates the same six people instead of adding six more, and what
    // the file leaves empty keeps what is on file.
    let again = taizhang::io::staff::import_file(
        &conn,
        &data("staff.xlsx"),
        &mut |_, _| {},
        crate::common::now(),
    )
    .unwrap();
    assert_eq!(again.rows, 6);
    let again = again.done;
    assert_eq!((again.added, again.updated), (0, 6));
    let rows = staff::list_staff(&conn).unwrap();
    assert_eq!(rows.len(), 6);
    assert_eq!(person(&rows, "李娜").emergency_contact, "母 李芳");
    assert_eq!(person(&rows, "李娜").position, "前台");
    assert_eq!(person(&rows, "赵强").state, EmploymentState::Left);
}

#[test]
fn a_gb18030_csv_roster_reads_the_same_as_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("t.db"), crate::common::now()).unwrap();
    let p = taizhang::io::staff::preview_file(&data("staff_gb18030.csv")).unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.rows.len(), 5);
    taizhang::io::staff::import_file(
        &conn,
        &data("staff_gb18030.csv"),
        &mut |_, _| {},
        crate::common::now(),
    )
    .unwrap();
    let rows = staff::list_staff(&conn).unwrap();
    assert_eq!(person(&rows, "吴敏").hire_date, Some(d(2022, 8, 15)));
    assert_eq!(person(&rows, "郑爽").hire_date, Some(d(2023, 3, 5)));
    assert_eq!(person(&rows, "曾小贤").hire_date, Some(d(2021, 6, 1)));
    assert_eq!(person(&rows, "周杰").state, EmploymentState::Left);
    assert_eq!(rows.iter().filter(|s| s.active()).count(), 4);
}

#[test]
fn a_roster_with_one_bad_row_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("t.db"), crate::common::now()).unwrap();
    let csv = dir.path().join("bad.csv");
    let (bytes, _, _) = encoding_rs::GB18030
        .encode("姓名,部门,入职日期,身份证号\r\n张伟,工程部,2023-03-05,\r\n李娜,客服部,2023-13-01,110105199002150021\r\n");
    std::fs::write(&csv, &bytes).unwrap();
    let e = taizhang::io::staff::import_file(&conn, &csv, &mut |_, _| {}, crate::common::now())
        .unwrap_err()
        .to_string();
    assert!(e.contains("导入失败，未导入任何数据"), "{e}");
    assert!(e.contains("第 3 行【入职日期】"), "{e}");
    assert!(e.contains("第 3 行【身份证号】"), "{e}");
    assert!(staff::list_staff(&conn).unwrap().is_empty());
}

#[test]
fn leavers_stay_and_missed_trainings_are_counted_by_month() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("t.db"), crate::common::now()).unwrap();
    let now = db::stamp(crate::common::now());
    let add = |name: &str, dept: &str, post: &str| {
        let input = StaffDraft {
            name: name.into(),
            department: dept.into(),
            position: post.into(),
            hire_date: "2024-01-02".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        staff::create_staff(&conn, &input, &now).unwrap()
    };
    let a = add("黄勇", "秩序维护部", "保安");
    let b = add("马超", "秩序维护部", "保安");
    // An unknown department is refused with its name.
    let e = staff::create_staff(
        &conn,
        &StaffDraft {
            name: "某人".into(),
            department: "不存在部".into(),
            ..Default::default()
        }
        .validate()
        .unwrap(),
        &now,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("没有“不存在部”这个部门"), "{e}");

    let training = |date: &str, absent: i64| {
        TrainingDraft {
            course: "消防安全".into(),
            kind: "法规安全".into(),
            date: date.into(),
            hours: "2".into(),
            attendees: vec![
                (
                    a,
                    if a == absent {
                        TrainingResult::Absent
                    } else {
                        TrainingResult::Passed
                    },
                ),
                (
                    b,
                    if b == absent {
                        TrainingResult::Absent
                    } else {
                        TrainingResult::Passed
                    },
                ),
            ],
            ..Default::default()
        }
        .validate()
        .unwrap()
    };
    staff::create_training(&conn, &training("2026-10-05", a), &now).unwrap();
    staff::create_training(&conn, &training("2026-10-20", a), &now).unwrap();
    staff::create_training(&conn, &training("2026-11-02", b), &now).unwrap();
    let october = staff::missed_trainings(&conn, 2026, 10).unwrap();
    assert_eq!(october.get(&a), Some(&2));
    assert_eq!(october.get(&b), None);
    let november = staff::missed_trainings(&conn, 2026, 11).unwrap();
    assert_eq!(november.get(&b), Some(&1));

    // Leaving keeps the person, their trainings and their place in history.
    let e = staff::mark_left(&conn, a, d(2023, 1, 1), &now)
        .unwrap_err()
        .to_string();
    assert!(e.contains("早于入职日期"), "{e}");
    staff::mark_left(&conn, a, d(2026, 11, 20), &now).unwrap();
    let huang = staff::get_staff(&conn, a).unwrap();
    assert_eq!(huang.state, EmploymentState::Left);
    assert_eq!(huang.leave_date, Some(d(2026, 11, 20)));
    assert_eq!(staff::staff_trainings(&conn, a).unwrap().len(), 3);
    assert_eq!(staff::list_staff(&conn).unwrap().len(), 2);
    // Leavers carry no flags even without a required certificate.
    assert!(staff_flags(&huang.facts(), d(2026, 11, 24), Default::default()).is_empty());
    let ma = staff::get_staff(&conn, b).unwrap();
    assert_eq!(
        staff_flags(&ma.facts(), d(2026, 11, 24), Default::default()),
        vec![StaffFlag::MissingCert {
            kind: "保安员证".into()
        }]
    );
}

#[test]
fn a_renewed_certificate_clears_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("t.db"), crate::common::now()).unwrap();
    let now = db::stamp(crate::common::now());
    let id = staff::create_staff(
        &conn,
        &StaffDraft {
            name: "张伟".into(),
            department: "工程部".into(),
            position: "电工".into(),
            ..Default::default()
        }
        .validate()
        .unwrap(),
        &now,
    )
    .unwrap();
    let cert = |expiry: &str| {
        CertDraft {
            kind: "低压电工作业证".into(),
            issue_date: "2020-12-05".into(),
            expiry_date: expiry.into(),
            ..Default::default()
        }
        .validate()
        .unwrap()
    };
    let today = d(2026, 11, 24);
    staff::add_certificate(&conn, id, &cert("2026-12-06"), "", &now).unwrap();
    let s = staff::get_staff(&conn, id).unwrap();
    assert_eq!(
        staff_flags(&s.facts(), today, Default::default()),
        vec![StaffFlag::CertExpiring {
            kind: "低压电工作业证".into(),
            days_left: 12
        }]
    );
    staff::add_certificate(&conn, id, &cert("2032-12-05"), "", &now).unwrap();
    let s = staff::get_staff(&conn, id).unwrap();
    assert!(staff_flags(&s.facts(), today, Default::default()).is_empty());
    assert_eq!(s.certs.len(), 2, "the old certificate stays on file");
}

#[test]
fn exported_roster_imports_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("a.db"), crate::common::now()).unwrap();
    taizhang::io::staff::import_file(
        &conn,
        &data("staff.xlsx"),
        &mut |_, _| {},
        crate::common::now(),
    )
    .unwrap();
    let before = staff::list_staff(&conn).unwrap();
    let out = dir.path().join("花名册.xlsx");
    taizhang::io::staff::export_xlsx(&before, &out, true).unwrap();

    let other = db::open(&dir.path().join("b.db"), crate::common::now()).unwrap();
    let plan = taizhang::io::staff::import_file(&other, &out, &mut |_, _| {}, crate::common::now())
        .unwrap();
    assert_eq!(plan.done.added, 6);
    let after = staff::list_staff(&other).unwrap();
    let face = |rows: &[staff::StaffRow]| {
        let mut v: Vec<String> = rows
            .iter()
            .map(|s| {
                format!(
                    "{} {:?} {:?} {} {} {:?} {} {} {:?} {}",
                    s.name,
                    s.gender,
                    s.birth_date,
                    s.department,
                    s.position,
                    s.hire_date.map(iso),
                    s.phone,
                    s.id_number,
                    s.state,
                    s.emergency_contact
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(face(&before), face(&after));
}

#[test]
fn batch_import_print_and_export_of_staff() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let db = db.to_str().unwrap();
    let xlsx = data("staff.xlsx");
    let (ok, out, err) = run(&["--db", db, "import", "staff", xlsx.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("读取 6 行，新增员工 6 人，更新 0 人"), "{out}");
    assert!(out.contains("新建部门：会所部"), "{out}");

    let pdf = dir.path().join("花名册.pdf");
    let (ok, out, err) = run(&[
        "--db",
        db,
        "print",
        "roster-staff",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("员工花名册，共 1 页"), "{out}");
    assert_qpdf_ok(&pdf);
    let text = squash(&pdf_pages(&pdf).join("\n"));
    assert!(text.contains("员工花名册"), "{text}");
    assert!(text.contains("张伟"), "{text}");
    assert!(text.contains("缺低压电工作业证"), "{text}");
    assert!(!text.contains("赵强"), "leavers are left out by default");
    // pdftotext drops the narrow space inside a table cell.
    assert!(text.replace(' ', "").contains("合计5人在职5人"), "{text}");
    let (ok, _, err) = run(&[
        "--db",
        db,
        "print",
        "roster-staff",
        "--all",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let text = squash(&pdf_pages(&pdf).join("\n"));
    assert!(text.contains("赵强"), "{text}");
    assert!(text.contains("离职：1 人"), "{text}");

    let xlsx_out = dir.path().join("out.xlsx");
    let (ok, out, err) = run(&[
        "--db",
        db,
        "export",
        "staff",
        "--out",
        xlsx_out.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("员工 6 人"), "{out}");
    assert!(xlsx_out.exists());

    // A name nobody has: a clear message, nothing written.
    let card = dir.path().join("card.pdf");
    let (ok, _, err) = run(&[
        "--db",
        db,
        "print",
        "staff-card",
        "--name",
        "无此人",
        "--out",
        card.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("没有名为“无此人”的员工"), "{err}");
    assert!(!card.exists());

    // A roster file that is not there.
    let (ok, _, err) = run(&["--db", db, "import", "staff", "/no/such/花名册.xlsx"]);
    assert!(!ok);
    assert!(err.contains("找不到要导入的文件"), "{err}");
}

#[test]
fn a_staff_card_shows_certificates_trainings_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db = db.to_str().unwrap();
    let (ok, _, err) = run(&["--db", db, "demo"]);
    assert!(ok, "{err}");
    let card = dir.path().join("张伟.pdf");
    let (ok, out, err) = run(&[
        "--db",
        db,
        "print",
        "staff-card",
        "--name",
        "张伟",
        "--out",
        card.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("张伟 的员工档案卡，共 1 页"), "{out}");
    assert_qpdf_ok(&card);
    let text = squash(&pdf_pages(&card).join("\n"));
    for expected in [
        "员工档案卡",
        "工程部",
        "电工",
        "低压电工作业证",
        "深圳市应急管理局",
        "12 天后到期",
        "需处理：低压电工作业证 12 天后到期",
        "本人签字",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    let guard = dir.path().join("林杰.pdf");
    let (ok, _, err) = run(&[
        "--db",
        db,
        "print",
        "staff-card",
        "--name",
        "林杰",
        "--out",
        guard.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let text = squash(&pdf_pages(&guard).join("\n"));
    assert!(text.contains("消防安全与灭火器使用"), "{text}");
    assert!(text.contains("缺席"), "{text}");
    assert!(
        text.contains("培训记录（参加 1 次，合计 2 学时）"),
        "{text}"
    );
}
