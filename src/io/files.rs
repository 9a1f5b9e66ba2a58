//! Attachments kept next to the database: certificate scans are copied into
//! `<database file>.附件/证书/`, so the records and their papers move and back up together.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Scans larger than this are refused (a phone photo is 2–6 MB; a scanned PDF less).
pub const MAX_SCAN_BYTES: u64 = 20 * 1024 * 1024;

const SCAN_TYPES: &[&str] = &["pdf", "jpg", "jpeg", "png"];

/// The folder that holds a database's attachments.
pub fn attachments_dir(db_path: &Path) -> PathBuf {
    let name = db_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "taizhang.db".into());
    db_path.with_file_name(format!("{name}.附件"))
}

/// The full path of a stored attachment.
pub fn attachment_path(db_path: &Path, relative: &str) -> PathBuf {
    attachments_dir(db_path).join(relative)
}

/// Copies a certificate scan into the attachments folder and returns its path relative to it
/// (`证书/12-电工证.pdf`). The copy is written under a temporary name and renamed, so a
/// failed copy leaves nothing behind; the original file is never touched.
pub fn store_scan(db_path: &Path, source: &Path, prefix: &str) -> Result<String> {
    store(
        db_path,
        source,
        prefix,
        "证书",
        "扫描件",
        SCAN_TYPES,
        "PDF、JPG 或 PNG",
    )
}

/// Copies an archive file's scan into `<database>.附件/档案/` (PDF, JPG or PNG).
pub fn store_archive_scan(db_path: &Path, source: &Path, prefix: &str) -> Result<String> {
    store(
        db_path,
        source,
        prefix,
        "档案",
        "扫描件",
        SCAN_TYPES,
        "PDF、JPG 或 PNG",
    )
}

const PHOTO_TYPES: &[&str] = &["jpg", "jpeg", "png"];

/// Copies a visit's photo into `<database>.附件/走访/` (JPG or PNG), as `store_scan` does.
pub fn store_photo(db_path: &Path, source: &Path, prefix: &str) -> Result<String> {
    store(
        db_path,
        source,
        prefix,
        "走访",
        "照片",
        PHOTO_TYPES,
        "JPG 或 PNG",
    )
}

fn store(
    db_path: &Path,
    source: &Path,
    prefix: &str,
    folder: &str,
    what: &str,
    types: &[&str],
    types_text: &str,
) -> Result<String> {
    let label = source.display();
    if !source.is_file() {
        return Err(Error::invalid(format!("找不到{what}文件“{label}”。")));
    }
    let ext = source
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !types.contains(&ext.as_str()) {
        return Err(Error::invalid(format!(
            "{what}“{label}”的类型不支持：请选择 {types_text} 文件。"
        )));
    }
    let size = std::fs::metadata(source)
        .map_err(|e| Error::io(source, e))?
        .len();
    if size > MAX_SCAN_BYTES {
        return Err(Error::invalid(format!(
            "{what}“{label}”有 {} MB，超过 20 MB 上限，请压缩后再附上。",
            size / 1024 / 1024
        )));
    }
    let dir = attachments_dir(db_path).join(folder);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let stem: String = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .take(40)
        .collect();
    let mut name = format!("{prefix}-{stem}.{ext}");
    let mut n = 2;
    while dir.join(&name).exists() {
        name = format!("{prefix}-{stem}-{n}.{ext}");
        n += 1;
    }
    let target = dir.join(&name);
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::copy(source, &tmp).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(source, e)
    })?;
    std::fs::rename(&tmp, &target).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(&target, e)
    })?;
    Ok(format!("{folder}/{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::ExpectOk;

    #[test]
    fn scans_are_copied_beside_the_database() {
        let dir = std::env::temp_dir().join(format!("tz-scan-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect_io();
        let db = dir.join("office.db");
        let scan = dir.join("电工证 扫描.pdf");
        std::fs::write(&scan, b"%PDF-1.4 test").expect_io();
        let rel = store_scan(&db, &scan, "7").expect_ok();
        assert_eq!(rel, "证书/7-电工证 扫描.pdf");
        let stored = attachment_path(&db, &rel);
        assert_eq!(
            std::fs::read(&stored).ok().as_deref(),
            Some(&b"%PDF-1.4 test"[..])
        );
        assert!(stored.starts_with(dir.join("office.db.附件")));
        // The same name again gets its own file.
        assert_eq!(
            store_scan(&db, &scan, "7").expect_ok(),
            "证书/7-电工证 扫描-2.pdf"
        );
        let bad = dir.join("证书.docx");
        std::fs::write(&bad, b"x").expect_io();
        let e = store_scan(&db, &bad, "7")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("类型不支持"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    trait ExpectIo {
        fn expect_io(self);
    }

    impl ExpectIo for std::io::Result<()> {
        fn expect_io(self) {
            if let Err(e) = self {
                panic!("{e}");
            }
        }
    }
}
