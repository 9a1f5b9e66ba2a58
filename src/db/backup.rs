//! Backups and restore: a consistent copy through SQLite's online backup API, written to a
//! temporary file, checked with `quick_check`, stamped with its time and only then renamed into
//! place; the automatic daily and monthly copies with their rotation; and restore, which first
//! copies the current file aside and refuses a copy that is damaged or from a newer version.

use super::{APPLICATION_ID, SCHEMA_VERSION};
use crate::domain::backup as rules;
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};

/// The setting: where the automatic copies go (empty: beside the database).
pub const FOLDER: &str = "backup.folder";
/// The setting: when the last copy that passed its check was made.
pub const LAST_OK: &str = "backup.last_ok";
/// Written into every copy: when it was taken.
const TAKEN_AT: &str = "backup.taken_at";

/// What a copy (or the current file) holds, to compare before a restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub taken_at: Option<NaiveDateTime>,
    pub version: i64,
    /// (what, how many), in the order the office reads them.
    pub counts: Vec<(&'static str, i64)>,
    pub bytes: u64,
}

/// The records a person recognises, counted.
const COUNTED: [(&str, &str); 10] = [
    ("房屋", "unit"),
    ("业主与住户", "person"),
    ("员工", "staff"),
    ("钥匙", "key_item"),
    ("应收明细", "bill"),
    ("收据", "payment"),
    ("投诉", "complaint"),
    ("报修", "repair"),
    ("档案", "archive_file"),
    ("通知", "notice"),
];

fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn counts(conn: &Connection) -> Result<Vec<(&'static str, i64)>> {
    let mut out = Vec::new();
    for (label, table) in COUNTED {
        let exists: Option<i64> = conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .optional()?;
        let n = match exists {
            Some(_) => {
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?
            }
            None => 0,
        };
        out.push((label, n));
    }
    Ok(out)
}

fn info_of(conn: &Connection, path: &Path) -> Result<BackupInfo> {
    let taken: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [TAKEN_AT],
            |r| r.get(0),
        )
        .optional()
        .unwrap_or(None);
    Ok(BackupInfo {
        path: path.to_path_buf(),
        taken_at: taken.and_then(|t| NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S").ok()),
        version: super::schema_version(conn)?,
        counts: counts(conn)?,
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    })
}

/// What the current file holds (the other side of the restore's comparison).
pub fn current_info(conn: &Connection, path: &Path) -> Result<BackupInfo> {
    let mut i = info_of(conn, path)?;
    i.taken_at = None;
    Ok(i)
}

/// Writes a consistent copy of the open database to `dest`: all pages in one step of the
/// backup API (one read transaction: whatever another connection writes meanwhile is either
/// wholly in it or not at all), into `dest`'s temporary twin, stamped with `now`, checked, then
/// renamed over `dest`. A copy that fails its check never takes `dest`'s name.
pub fn write_copy(conn: &Connection, dest: &Path, now: NaiveDateTime) -> Result<BackupInfo> {
    if let Some(dir) = dest.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup.db".into());
    let tmp = dest.with_file_name(format!(".{name}.写入中"));
    let _ = std::fs::remove_file(&tmp);
    let result = (|| -> Result<BackupInfo> {
        let mut dst = Connection::open(&tmp).map_err(|e| super::classify(&tmp, e))?;
        {
            let b = rusqlite::backup::Backup::new(conn, &mut dst)?;
            b.step(-1)?;
        }
        // A copy is one self-contained file: no -wal or -shm beside it when it is read later.
        let _: String =
            dst.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        dst.execute(
            "INSERT INTO setting(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [TAKEN_AT, &stamp(now)],
        )?;
        super::quick_check(&dst, &tmp)?;
        let mut info = info_of(&dst, dest)?;
        drop(dst);
        std::fs::rename(&tmp, dest).map_err(|e| Error::io(dest, e))?;
        info.bytes = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
        Ok(info)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Reads a copy for the restore's comparison, refusing what is not ours, is damaged or comes
/// from a newer version of the program.
pub fn inspect(path: &Path) -> Result<BackupInfo> {
    if !path.is_file() {
        return Err(Error::invalid(format!(
            "找不到备份文件“{}”",
            path.display()
        )));
    }
    let not_ours = || {
        Error::invalid(format!(
            "“{}”不是台账的数据库或备份，不能用来恢复",
            path.display()
        ))
    };
    super::check_header(path).map_err(|e| match e {
        Error::NotADatabase { .. } => not_ours(),
        e => e,
    })?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| super::classify(path, e))?;
    let app: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| super::classify(path, e))?;
    if app != APPLICATION_ID {
        return Err(not_ours());
    }
    let version = super::schema_version(&conn)?;
    if version > SCHEMA_VERSION {
        return Err(Error::invalid(format!(
            "备份“{}”来自更新版本的台账（结构版本 {version}，本程序为 {SCHEMA_VERSION}），请先升级程序再恢复",
            path.display()
        )));
    }
    super::quick_check(&conn, path).map_err(|e| {
        Error::invalid(format!(
            "备份“{}”检查未通过，不能用来恢复：{e}",
            path.display()
        ))
    })?;
    info_of(&conn, path)
}

/// Reads a copy's time, version and size without checking it (the folder's list; the full
/// check runs when a copy is chosen for a restore).
pub fn peek(path: &Path) -> Result<BackupInfo> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| super::classify(path, e))?;
    let app: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| super::classify(path, e))?;
    if app != APPLICATION_ID {
        return Err(Error::invalid("不是台账的备份"));
    }
    let taken: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [TAKEN_AT],
            |r| r.get(0),
        )
        .optional()?;
    Ok(BackupInfo {
        path: path.to_path_buf(),
        taken_at: taken.and_then(|t| NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S").ok()),
        version: super::schema_version(&conn)?,
        counts: Vec::new(),
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    })
}

/// Where the automatic copies go: the setting, else `台账备份` beside the database.
pub fn folder(conn: &Connection, db: &Path) -> Result<PathBuf> {
    let set = super::settings::get(conn, FOLDER)?;
    // Shown to the office and kept in messages: a whole path, not one relative to wherever
    // the program was started.
    let db = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    Ok(if set.trim().is_empty() {
        db.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
            .join(rules::PREFIX)
    } else {
        PathBuf::from(set.trim())
    })
}

/// The last good copy's time, from the setting.
pub fn last_ok(conn: &Connection) -> Result<Option<NaiveDateTime>> {
    let t = super::settings::get(conn, LAST_OK)?;
    Ok(NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S").ok())
}

/// Whether `folder` is on the same disk as the database (a dead disk takes both).
pub fn same_disk(db: &Path, folder: &Path) -> bool {
    // The folder may not exist yet: its nearest existing ancestor decides.
    let existing = folder.ancestors().find(|p| p.exists());
    let (Some(f), Ok(d)) = (existing, std::fs::metadata(db)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(f).is_ok_and(|m| m.dev() == d.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = d;
        let drive = |p: &Path| p.components().next().map(|c| c.as_os_str().to_os_string());
        std::fs::canonicalize(db).ok().as_deref().and_then(drive)
            == std::fs::canonicalize(f).ok().as_deref().and_then(drive)
    }
}

/// The copies in the folder, newest first: (file, its time and size or why it cannot be read).
pub fn list(folder: &Path) -> Vec<(PathBuf, std::result::Result<BackupInfo, String>)> {
    let Ok(dir) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "db")
                && p.file_name()
                    .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    let mut out: Vec<_> = files
        .into_iter()
        .map(|p| {
            let i = peek(&p).map_err(|e| e.to_string());
            (p, i)
        })
        .collect();
    out.sort_by_key(|(p, i)| {
        std::cmp::Reverse((
            i.as_ref().ok().and_then(|i| i.taken_at),
            p.file_name().map(|n| n.to_os_string()),
        ))
    });
    out
}

/// The automatic copy: today's daily copy (made at the first start of the day, and again
/// on exit when `refresh`), this month's monthly copy, then the rotation. Returns the daily
/// copy's info, or None when there was nothing to do.
pub fn automatic(
    conn: &Connection,
    db: &Path,
    now: NaiveDateTime,
    refresh: bool,
) -> Result<Option<BackupInfo>> {
    let dir = folder(conn, db)?;
    let daily = dir.join(rules::daily_name(now.date()));
    if daily.exists() && !refresh {
        return Ok(None);
    }
    let info = write_copy(conn, &daily, now)?;
    let monthly = dir.join(rules::monthly_name(now.date()));
    if !monthly.exists() {
        std::fs::copy(&daily, &monthly).map_err(|e| Error::io(&monthly, e))?;
    }
    let names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io(&dir, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for gone in rules::to_remove(&names) {
        let p = dir.join(&gone);
        std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
    }
    Ok(Some(info))
}

/// Records a good copy's time in the file (the home screen reads it).
pub fn record_ok(conn: &Connection, at: NaiveDateTime) -> Result<()> {
    super::settings::set(conn, LAST_OK, &stamp(at))
}

/// Restores `from` into the open database at `db`: the copy is checked first (refused if
/// damaged, not ours or newer), the current file is copied aside (`<db>.恢复前-…`), then the
/// copy's pages replace the file's and an older copy is brought up to this version. Returns
/// where the current file was kept.
pub fn restore(
    conn: &mut Connection,
    db: &Path,
    from: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let info = inspect(from)?;
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "taizhang.db".into());
    let base = format!("{name}.恢复前-{}", now.format("%Y%m%d-%H%M%S"));
    // Two restores within a second keep both of the files they replaced.
    let aside = (1..)
        .map(|n| {
            db.with_file_name(if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            })
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| db.with_file_name(&base));
    write_copy(conn, &aside, now)?;
    conn.restore(
        rusqlite::MAIN_DB,
        from,
        None::<fn(rusqlite::backup::Progress)>,
    )?;
    // The copy's pages brought its journal mode with them: the office's file stays in WAL.
    let _: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if info.version < SCHEMA_VERSION {
        super::migrate(conn, db, now)?;
    }
    Ok(aside)
}
