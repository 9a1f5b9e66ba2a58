//! The one error type. Every variant displays as a Chinese sentence that says what happened
//! and, where it helps, what to do — it is shown to the person as is.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", db_message(.0))]
    Db(#[from] rusqlite::Error),

    #[error(
        "文件“{path}”不是 SQLite 数据库，已拒绝打开（文件未做任何改动）。请检查 --db 指定的路径。"
    )]
    NotADatabase { path: PathBuf },

    #[error("数据库文件“{path}”已损坏（{detail}），已拒绝打开，文件未做任何改动。请从备份恢复。")]
    Damaged { path: PathBuf, detail: String },

    #[error("数据库文件“{path}”属于其他程序，不是台账数据库，已拒绝打开（文件未做任何改动）。")]
    ForeignDatabase { path: PathBuf },

    #[error(
        "数据库文件“{path}”由更新版本的台账创建（结构版本 {found}，本程序支持到 {supported}），已拒绝打开。请升级台账程序。"
    )]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("找不到{0}。")]
    NotFound(String),

    #[error("{0}")]
    Invalid(String),

    #[error("{}", io_message(path, source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{0}")]
    Import(crate::io::ImportFailure),

    #[error("生成 PDF 失败：{0}")]
    Pdf(String),
}

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// What a database failure means for the person at the desk, in Chinese, with what to do; the
/// engine's own words follow on a second line where they may help whoever supports the office.
pub fn db_message(e: &rusqlite::Error) -> String {
    use rusqlite::ffi::ErrorCode;
    let said = match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            return "另一个窗口或程序正在写入这个数据库，等了 5 秒仍未写完。这次没有做任何改动，请稍后再试。"
                .into();
        }
        Some(ErrorCode::ReadOnly) => {
            "数据库文件是只读的（或它所在的文件夹不可写），无法保存。这次没有做任何改动；请检查文件和文件夹的权限，或把数据库复制到可写的位置。"
        }
        Some(ErrorCode::DiskFull) => {
            "磁盘已满，无法保存。这次没有做任何改动；请清理磁盘空间后再试。"
        }
        Some(ErrorCode::PermissionDenied) => {
            "没有读写数据库文件的权限。这次没有做任何改动；请检查文件权限。"
        }
        Some(ErrorCode::CannotOpen) => {
            "无法打开数据库文件：路径不存在、是一个文件夹，或没有权限。请检查 --db 指定的路径。"
        }
        Some(ErrorCode::SystemIoFailure) => {
            "读写数据库文件时出错（磁盘或网络盘故障）。这次没有做任何改动；请检查磁盘后再试。"
        }
        Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => {
            "数据库文件已损坏，无法继续。文件没有被改动；请从备份恢复（数据库旁的“-备份-”文件）。"
        }
        Some(ErrorCode::ConstraintViolation) => {
            "这项改动与已有的记录冲突（重复或违反规则），没有保存。"
        }
        Some(ErrorCode::TooBig) => "内容太长，没有保存。",
        _ => "数据库操作失败，这次没有做任何改动。",
    };
    let detail = e.to_string();
    format!("{said}\n（详细信息：{detail}）")
}

/// A file failure for the person: what happened to which file and what to do, the system's
/// words on a second line.
pub fn io_message(path: &std::path::Path, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let p = path.display();
    let said = match e.kind() {
        K::NotFound => format!("找不到文件或文件夹“{p}”。请检查路径。"),
        K::PermissionDenied => format!("没有读写“{p}”的权限。请检查文件和文件夹的权限。"),
        K::StorageFull => format!("磁盘已满，无法写入“{p}”。请清理磁盘空间后再试。"),
        K::ReadOnlyFilesystem => format!("“{p}”所在的磁盘是只读的，无法写入。请换一个位置。"),
        K::IsADirectory => format!("“{p}”是一个文件夹，不是文件。请换一个文件名。"),
        K::NotADirectory => format!("路径“{p}”中有一段不是文件夹。请检查路径。"),
        K::AlreadyExists => format!("“{p}”已存在。请换一个文件名。"),
        _ => format!("读写文件“{p}”失败。"),
    };
    format!("{said}\n（详细信息：{e}）")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_failures_read_as_chinese_sentences() {
        let full = Error::io(
            "/tmp/x.pdf",
            std::io::Error::from(std::io::ErrorKind::StorageFull),
        );
        assert!(
            full.to_string()
                .starts_with("磁盘已满，无法写入“/tmp/x.pdf”"),
            "{full}"
        );
        let denied = Error::io(
            "/a",
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert!(
            denied.to_string().starts_with("没有读写“/a”的权限"),
            "{denied}"
        );
    }

    fn sqlite(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some("detail".into()))
    }

    #[test]
    fn database_failures_read_as_chinese_sentences() {
        let busy = Error::Db(sqlite(rusqlite::ffi::SQLITE_BUSY)).to_string();
        assert!(busy.starts_with("另一个窗口或程序正在写入"), "{busy}");
        assert!(!busy.contains("locked"), "{busy}");
        let full = Error::Db(sqlite(rusqlite::ffi::SQLITE_FULL)).to_string();
        assert!(full.starts_with("磁盘已满"), "{full}");
        let ro = Error::Db(sqlite(rusqlite::ffi::SQLITE_READONLY)).to_string();
        assert!(ro.starts_with("数据库文件是只读的"), "{ro}");
        // The first line is always Chinese; English only after it.
        for code in [1, 5, 6, 8, 10, 11, 13, 14, 19, 26] {
            let m = Error::Db(sqlite(code)).to_string();
            let first = m.lines().next().unwrap_or_default();
            assert!(
                first.chars().next().is_some_and(|c| !c.is_ascii()),
                "{code}: {m}"
            );
        }
    }
}
