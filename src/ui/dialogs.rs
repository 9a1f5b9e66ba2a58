//! The only place that opens native file dialogs (rfd, via the XDG desktop portal).

use std::path::PathBuf;

pub fn pick_import_file() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title("选择要导入的文件")
        .add_filter("Excel 或 CSV", &["xlsx", "xls", "csv"])
        .pick_file()
}

/// A backup copy to restore from.
pub fn pick_backup_file() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title("选择备份文件")
        .add_filter("台账数据库", &["db"])
        .pick_file()
}

/// A certificate scan: PDF or a photo.
pub fn pick_scan_file() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title("选择证书扫描件")
        .add_filter("PDF 或图片", &["pdf", "jpg", "jpeg", "png"])
        .pick_file()
}

pub fn save_pdf(default_name: &str) -> Option<PathBuf> {
    save_as(default_name, "PDF 文件", "pdf")
}

/// A save dialog for one file type; the extension is added when the name lacks one.
pub fn save_as(default_name: &str, label: &str, ext: &str) -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title(format!("保存{label}"))
        .set_file_name(default_name)
        .add_filter(label, &[ext])
        .save_file()
        .map(|p| {
            if p.extension().is_none() {
                p.with_extension(ext)
            } else {
                p
            }
        })
}
