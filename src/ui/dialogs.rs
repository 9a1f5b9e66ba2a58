//! The only place that opens native file dialogs (rfd, via the XDG desktop portal).

use crate::error::{Error, Result};
use std::path::PathBuf;

/// Said on the status line when no file dialog could be shown.
pub const NO_DIALOG: &str = "无法打开文件选择窗口（这台电脑的桌面没有提供文件对话框）。请直接在路径栏里输入或粘贴完整的文件路径。";

/// rfd answers None both when the person cancels and when no dialog could be shown at all
/// (no desktop portal and no zenity); an answer within a moment of asking is the latter —
/// nobody closes a file dialog that fast.
fn shown(pick: impl FnOnce() -> Option<PathBuf>) -> Result<Option<PathBuf>> {
    let asked = crate::clock::Stopwatch::start();
    let picked = pick();
    if picked.is_none() && asked.elapsed() < std::time::Duration::from_millis(300) {
        return Err(Error::invalid(NO_DIALOG));
    }
    Ok(picked)
}

pub fn pick_import_file() -> Result<Option<PathBuf>> {
    shown(|| {
        rfd::FileDialog::new()
            .set_title("选择要导入的文件")
            .add_filter("Excel 或 CSV", &["xlsx", "xls", "csv"])
            .pick_file()
    })
}

/// A backup copy to restore from.
pub fn pick_backup_file() -> Result<Option<PathBuf>> {
    shown(|| {
        rfd::FileDialog::new()
            .set_title("选择备份文件")
            .add_filter("台账数据库", &["db"])
            .pick_file()
    })
}

/// A certificate scan: PDF or a photo.
pub fn pick_scan_file() -> Result<Option<PathBuf>> {
    shown(|| {
        rfd::FileDialog::new()
            .set_title("选择证书扫描件")
            .add_filter("PDF 或图片", &["pdf", "jpg", "jpeg", "png"])
            .pick_file()
    })
}

pub fn save_pdf(default_name: &str) -> Result<Option<PathBuf>> {
    save_as(default_name, "PDF 文件", "pdf")
}

/// A save dialog for one file type; the extension is added when the name lacks one.
pub fn save_as(default_name: &str, label: &str, ext: &str) -> Result<Option<PathBuf>> {
    let picked = shown(|| {
        rfd::FileDialog::new()
            .set_title(format!("保存{label}"))
            .set_file_name(default_name)
            .add_filter(label, &[ext])
            .save_file()
    })?;
    Ok(picked.map(|p| {
        if p.extension().is_none() {
            p.with_extension(ext)
        } else {
            p
        }
    }))
}
