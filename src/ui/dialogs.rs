//! The only place that opens native file dialogs (rfd, via the XDG desktop portal).

use std::path::PathBuf;

pub fn pick_import_file() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title("选择要导入的文件")
        .add_filter("Excel 或 CSV", &["xlsx", "xls", "csv"])
        .pick_file()
}

pub fn save_pdf(default_name: &str) -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title("保存 PDF")
        .set_file_name(default_name)
        .add_filter("PDF 文件", &["pdf"])
        .save_file()
        .map(|p| {
            if p.extension().is_none() {
                p.with_extension("pdf")
            } else {
                p
            }
        })
}
