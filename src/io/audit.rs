//! 操作日志 out to Excel: the columns of the screen, every cell text.

use crate::db::audit::Entry;
use crate::error::Result;
use std::path::Path;

pub const HEADER: [&str; 7] = ["时间", "操作人", "类别", "内容", "记录", "改动", "原因"];

pub fn export(rows: &[Entry], path: &Path) -> Result<()> {
    let lines: Vec<Vec<String>> = rows
        .iter()
        .map(|e| {
            vec![
                e.at.clone(),
                e.who.clone(),
                e.kind.clone(),
                e.what.clone(),
                e.record.clone(),
                e.changes.clone(),
                e.reason.clone(),
            ]
        })
        .collect();
    super::frontdesk::write_sheet(path, "操作日志", &HEADER, &lines)
}
