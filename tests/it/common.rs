#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The moment every test runs at: the suite never depends on the day or hour it is run.
pub const NOW: &str = "2026-11-24T10:00";

pub fn now() -> chrono::NaiveDateTime {
    taizhang::clock::parse_moment(NOW).unwrap()
}

pub fn today() -> chrono::NaiveDate {
    now().date()
}

pub fn clock() -> taizhang::clock::Clock {
    taizhang::clock::Clock::fixed(now())
}

/// The binary, on the tests' pinned clock.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_taizhang"));
    c.env(taizhang::clock::NOW_VAR, NOW);
    c
}

/// Runs the binary; returns (exit ok, stdout, stderr). On a file made by `demo` (it has the
/// demo users), a command without `--user` runs as the demo's manager — as the office's own
/// scripts would, with `--user` and TAIZHANG_PASSWORD.
pub fn run(args: &[&str]) -> (bool, String, String) {
    let out = bin_for(args).output().expect("run taizhang");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The binary with `args`, as the demo's manager on a file made by `demo` (see `run`).
pub fn bin_for(args: &[&str]) -> Command {
    let mut c = bin();
    let db = args
        .iter()
        .position(|a| *a == "--db")
        .and_then(|i| args.get(i + 1));
    if !args.contains(&"--user")
        && let Some(db) = db
        && has_demo_users(Path::new(db))
    {
        let (name, _, password) = taizhang::demo::USERS[0];
        c.args(["--user", name]).env("TAIZHANG_PASSWORD", password);
    }
    c.args(args);
    c
}

/// Runs the binary on the database `db` and returns its output, failing the test (with what
/// it printed) if the command failed.
pub fn run_ok(db: &str, args: &[&str]) -> String {
    let mut all = vec!["--db", db];
    all.extend_from_slice(args);
    let (ok, out, err) = run(&all);
    assert!(ok, "{args:?}: {out}{err}");
    out
}

/// The text of a PDF through poppler's pdftotext, one string per page.
pub fn pdf_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext missing: apt-get install poppler-utils");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let text = String::from_utf8(out.stdout).expect("pdftotext output is UTF-8");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// qpdf's structural check must pass.
pub fn assert_qpdf_ok(pdf: &Path) {
    let out = Command::new("qpdf")
        .args(["--check", pdf.to_str().unwrap()])
        .output()
        .expect("qpdf missing: apt-get install qpdf");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "qpdf --check failed: {text}");
    assert!(
        text.contains("No syntax or stream encoding errors"),
        "{text}"
    );
}

/// Collapses the runs of spaces pdftotext puts between table cells.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The file exists and has the demo's manager among its users.
fn has_demo_users(db: &Path) -> bool {
    if !db.exists() {
        return false;
    }
    let Ok(conn) =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return false;
    };
    conn.query_row(
        "SELECT count(*) FROM app_user WHERE name = ?1",
        [taizhang::demo::USERS[0].0],
        |r| r.get::<_, i64>(0),
    )
    .is_ok_and(|n| n > 0)
}
