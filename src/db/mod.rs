//! The one SQLite file: opening it safely, migrating it, and (in the submodules) every SQL
//! statement of the product. Nothing outside `src/db/` writes SQL.

pub mod archives;
pub mod assessment;
pub mod audit;
pub mod backup;
pub mod bulk;
pub mod charging;
pub mod complaints;
pub mod estate;
pub mod keys;
pub mod notices;
pub mod repairs;
pub mod settings;
pub mod staff;
pub mod users;
pub mod visits;

use crate::error::{Error, Result};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

pub use rusqlite::Connection as Db;

/// "TZDB" — marks a SQLite file as ours, so another program's database is never migrated.
const APPLICATION_ID: i64 = 0x545A_4442;

/// The current schema (schema.sql).
const CURRENT_SCHEMA: &str = include_str!("../../schema.sql");

/// Upgrade steps: `MIGRATIONS[i]` takes user_version i to i + 1. Never edit a shipped step.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_staff.sql"),
    include_str!("migrations/0003_keys.sql"),
    include_str!("migrations/0004_charging.sql"),
    include_str!("migrations/0005_assessment.sql"),
    include_str!("migrations/0006_deposit_refund.sql"),
    include_str!("migrations/0007_bill_fact.sql"),
    include_str!("migrations/0008_key_loan_key.sql"),
    include_str!("migrations/0009_unit_checks.sql"),
    include_str!("migrations/0010_count_holder.sql"),
    include_str!("migrations/0011_assess_posts.sql"),
    include_str!("migrations/0012_front_desk.sql"),
    include_str!("migrations/0013_archives.sql"),
    include_str!("migrations/0014_notices.sql"),
    include_str!("migrations/0015_users.sql"),
    include_str!("migrations/0016_audit_record.sql"),
    include_str!("migrations/0017_item_settings.sql"),
];

/// The schema version this program writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Where the office's database lives when no `--db` is given
/// (`~/.local/share/taizhang/taizhang.db` on Linux).
pub fn default_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "taizhang")
        .ok_or_else(|| Error::invalid("无法确定用户数据目录，请用 --db 指定数据库文件。"))?;
    Ok(dirs.data_dir().join("taizhang.db"))
}

/// Opens (or creates) the database at `path`, refusing anything that is not a Taizhang database
/// of this version or older. A refused file is never modified.
///
/// Opening checks only what is cheap — the header, `application_id`, `user_version`, the
/// schema — so it costs milliseconds on a ten-year file. The thorough page check
/// (`quick_check_file`) runs in the background after the window opens, and in `check`.
pub fn open(path: &Path, now: NaiveDateTime) -> Result<Connection> {
    let exists = path.exists();
    if exists {
        check_header(path)?;
    } else if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let flags = if exists {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    if exists {
        // Read-only checks first: nothing is written to a file we might refuse.
        verify_identity(&conn, path)?;
    }
    // Our files are in WAL mode already; switching writes the header, so only when needed.
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if !mode.eq_ignore_ascii_case("wal") {
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| classify(path, e))?;
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // A payment, an import row or a billing run cycles through a few dozen statements; the
    // default cache of 16 would parse them again and again.
    conn.set_prepared_statement_cache_capacity(128);
    migrate(&conn, path, now)?;
    assessment::ensure_default_template(&conn, now)?;
    Ok(conn)
}

fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut header = [0u8; 16];
    let n = f.read(&mut header).map_err(|e| Error::io(path, e))?;
    if n == 0 {
        // An empty file (e.g. made by `touch`) is a valid, empty SQLite database.
        return Ok(());
    }
    if n < 16 || &header != b"SQLite format 3\0" {
        return Err(Error::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

fn classify(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotADatabase {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::DatabaseCorrupt) => Error::Damaged {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => Error::Db(e),
    }
}

fn verify_identity(conn: &Connection, path: &Path) -> Result<()> {
    let app_id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    let ours = app_id == APPLICATION_ID;
    if (version > 0 || tables > 0) && !ours {
        return Err(Error::ForeignDatabase {
            path: path.to_path_buf(),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// The thorough check of every page, on a read-only connection of its own: the window runs it
/// on a worker thread after start-up. A damaged file is reported as `Error::Damaged`.
pub fn quick_check_file(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    quick_check(&conn, path)
}

/// A read-only connection to a database the app has already opened (and so checked and
/// upgraded), for a worker that only reads: nothing is checked or written again.
pub fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// The copies kept beside the database (before upgrades), newest first, for the message that
/// tells a person with a damaged file where to turn.
pub fn backups_beside(path: &Path) -> Vec<PathBuf> {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .map(|n| n.to_string_lossy().starts_with(&format!("{name}.v")))
                        .unwrap_or(false)
                        && p.to_string_lossy().contains("-备份-")
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found.reverse();
    found
}

fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let mut stmt = conn
        .prepare("PRAGMA quick_check(5)")
        .map_err(|e| classify(path, e))?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .map_err(|e| classify(path, e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| classify(path, e))?;
    if rows.len() == 1 && rows[0] == "ok" {
        Ok(())
    } else {
        Err(Error::Damaged {
            path: path.to_path_buf(),
            detail: rows.join("；"),
        })
    }
}

pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// A fresh file gets the current schema in one transaction; an older one is brought up step by
/// step, one transaction per step, with user_version written last inside each.
fn migrate(conn: &Connection, path: &Path, now: NaiveDateTime) -> Result<()> {
    let version = schema_version(conn)?;
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    if version > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version == 0 {
        let tx = write_tx(conn)?;
        tx.execute_batch(CURRENT_SCHEMA)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        notices::seed_templates(&tx, now)?;
        users::seed_roles(&tx)?;
        tx.commit()?;
        return Ok(());
    }
    // Ten years of records: before changing the file's structure, keep a copy of it as it was.
    let backup = backup_path(path, version, now);
    conn.backup(
        rusqlite::MAIN_DB,
        &backup,
        None::<fn(rusqlite::backup::Progress)>,
    )
    .map_err(|e| {
        Error::invalid(format!(
            "升级数据库前无法写入备份“{}”：{e}。数据库未做任何改动。",
            backup.display()
        ))
    })?;
    tracing::info!("升级前备份：{}", backup.display());
    for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = write_tx(conn)?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        if i + 1 == NOTICES_STEP {
            // The office's templates are data: the shipped set arrives with the step.
            notices::seed_templates(&tx, now)?;
        }
        if i + 1 == USERS_STEP {
            users::seed_roles(&tx)?;
        }
        tx.commit()?;
    }
    Ok(())
}

/// The step that brought notices (`0014_notices.sql`).
const NOTICES_STEP: usize = 14;
/// The step that brought users and roles (`0015_users.sql`).
const USERS_STEP: usize = 15;

/// Where the copy made before upgrading a version-`version` file goes: beside it, named with
/// the old version and the time, e.g. `taizhang.db.v1-备份-20261124-093000`.
pub fn backup_path(db: &Path, version: i64, now: NaiveDateTime) -> PathBuf {
    let stamp = now.format("%Y%m%d-%H%M%S");
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "taizhang.db".into());
    db.with_file_name(format!("{name}.v{version}-备份-{stamp}"))
}

/// Applies only the numbered steps up to `target` to an empty connection — for the test that
/// compares an upgraded database with a fresh one.
pub fn migrate_steps_for_test(conn: &Connection, target: i64) -> Result<()> {
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    for (i, step) in MIGRATIONS.iter().enumerate().take(target as usize) {
        let tx = write_tx(conn)?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// The database's schema as sorted `sqlite_master` SQL, for comparing two files.
pub fn schema_fingerprint(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect())
}

/// `taizhang check`: the full integrity check and the schema version.
pub fn integrity_check(conn: &Connection) -> Result<(Vec<String>, i64)> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let fk: Vec<String> = {
        let mut s = conn.prepare("PRAGMA foreign_key_check")?;
        s.query_map([], |r| {
            Ok(format!(
                "外键不一致：表 {} 第 {} 行",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut all = rows;
    if !fk.is_empty() {
        all.retain(|r| r != "ok");
        all.extend(fk);
    }
    Ok((all, schema_version(conn)?))
}

/// A moment as stored in timestamp columns (local time, to the second). The moment itself
/// comes from the caller's clock: nothing in `db` reads the wall clock.
pub fn stamp(now: NaiveDateTime) -> String {
    now.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Builds a whole file's worth of rows all or nothing: `build` fills a scratch database beside
/// `path`, which then replaces the (empty) database in one step through SQLite's backup, so a
/// build killed half-way leaves the database as it was and a second run starts afresh.
pub fn build_beside<T>(
    conn: &mut Connection,
    path: &Path,
    now: NaiveDateTime,
    build: impl FnOnce(&Connection) -> Result<T>,
) -> Result<T> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "taizhang.db".into());
    let scratch = path.with_file_name(format!(".{name}.生成中"));
    let clear = |p: &Path| {
        for suffix in ["", "-wal", "-shm"] {
            let mut f = p.as_os_str().to_owned();
            f.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(f));
        }
    };
    clear(&scratch);
    let built = {
        let c = open(&scratch, now)?;
        let r = build(&c);
        if r.is_ok() {
            c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        }
        r
    };
    let done = built.and_then(|v| {
        conn.restore(
            rusqlite::MAIN_DB,
            &scratch,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        Ok(v)
    });
    clear(&scratch);
    done
}

/// A larger page cache for one import: a transaction that writes a hundred thousand rows
/// into several indexes would otherwise spill pages to the WAL half-way and read them back.
/// The default (2 MB) comes back when it is dropped.
pub(crate) struct BigCache<'c> {
    conn: &'c Connection,
    before: i64,
}

impl<'c> BigCache<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<Self> {
        let before: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -64_000)?;
        Ok(BigCache { conn, before })
    }
}

impl Drop for BigCache<'_> {
    fn drop(&mut self) {
        // Only the cache size: nothing is lost if this fails.
        let _ = self.conn.pragma_update(None, "cache_size", self.before);
    }
}

/// Fixed query plans for one import's point lookups. SQLite otherwise prepares a statement
/// again whenever a new value is bound to a parameter the planner looked at (a column of a
/// partial index, or one `ANALYZE` sampled — STAT4 is compiled in): in `import payments` that
/// was two thirds of the time, re-parsing the same lookup for every row. Turned on for the
/// import only (the reports' plans do use the values: arrears is 8× slower without), and the
/// statements prepared meanwhile are dropped with it.
pub(crate) struct StablePlans<'c> {
    conn: &'c Connection,
}

impl<'c> StablePlans<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<Self> {
        conn.flush_prepared_statement_cache();
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        Ok(StablePlans { conn })
    }
}

impl Drop for StablePlans<'_> {
    fn drop(&mut self) {
        // Only the planner's setting: nothing is lost if this fails.
        let _ = self.conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            false,
        );
        self.conn.flush_prepared_statement_cache();
    }
}

/// A write transaction, begun `IMMEDIATE`: it takes the write lock at once, so a second desk
/// writing the same file makes this one wait (the busy timeout) instead of failing half-way
/// when a deferred transaction tries to upgrade.
pub fn write_tx(conn: &Connection) -> Result<rusqlite::Transaction<'_>> {
    Ok(rusqlite::Transaction::new_unchecked(
        conn,
        rusqlite::TransactionBehavior::Immediate,
    )?)
}

pub(crate) fn exec<P: rusqlite::Params>(
    c: &Connection,
    sql: &str,
    params: P,
) -> rusqlite::Result<usize> {
    c.prepare_cached(sql)?.execute(params)
}

pub(crate) fn row<T, P: rusqlite::Params>(
    c: &Connection,
    sql: &str,
    params: P,
    f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    c.prepare_cached(sql)?.query_row(params, f)
}

pub(crate) fn enum_from_sql<T>(v: String, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    parse(&v).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("无法识别的取值“{v}”").into(),
        )
    })
}

pub(crate) fn date_from_sql(v: Option<String>) -> Option<NaiveDate> {
    v.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// Dates are stored as ISO text; None as NULL.
pub(crate) fn date_to_sql(d: Option<NaiveDate>) -> Option<String> {
    d.map(crate::domain::date::iso)
}

/// One statement a piece of work ran, with its query plan (the `detail` of each row of
/// `EXPLAIN QUERY PLAN`, e.g. `SEARCH bill_fact USING INDEX bill_fact_open (unit_id=?)`).
#[derive(Debug, Clone)]
pub struct Planned {
    pub sql: String,
    pub plan: Vec<String>,
}

/// Runs `work` on `conn` and returns every distinct statement it executed, with its plan: how
/// the tests check that the hot queries are served by indexes and scan no large table.
pub fn query_plans(
    conn: &mut Connection,
    work: impl FnOnce(&Connection) -> Result<()>,
) -> Result<Vec<Planned>> {
    use rusqlite::trace::{TraceEvent, TraceEventCodes};
    use std::sync::{Arc, Mutex};
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = Arc::clone(&seen);
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_STMT,
        Some(move |e: TraceEvent<'_>| {
            // The text as prepared, with its parameters: the plan the program gets (values
            // written in would let the planner fold `?1 IS NULL OR …` away).
            if let TraceEvent::Stmt(s, _) = e
                && let sql = s.sql().to_string()
                && let Ok(mut v) = sink.lock()
                && !v.contains(&sql)
            {
                v.push(sql);
            }
        }),
    )?;
    let done = work(conn);
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_STMT,
        None::<fn(TraceEvent<'_>)>,
    )?;
    done?;
    let statements = seen.lock().map(|v| v.clone()).unwrap_or_default();
    let mut out = Vec::new();
    for sql in statements {
        let head = sql.trim_start().to_ascii_uppercase();
        if !["SELECT", "WITH", "INSERT", "UPDATE", "DELETE"]
            .iter()
            .any(|k| head.starts_with(k))
        {
            continue;
        }
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        for i in 1..=stmt.parameter_count() {
            stmt.raw_bind_parameter(i, rusqlite::types::Null)?;
        }
        let mut rows = stmt.raw_query();
        let mut plan = Vec::new();
        while let Some(r) = rows.next()? {
            plan.push(r.get::<_, String>(3)?);
        }
        out.push(Planned { sql, plan });
    }
    Ok(out)
}
