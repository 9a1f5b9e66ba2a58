//! The one error type. Every variant displays as a Chinese sentence that says what happened
//! and, where it helps, what to do — it is shown to the person as is.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("数据库操作失败：{0}")]
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

    #[error("读写文件“{path}”失败：{source}")]
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
