//! Reading the office's spreadsheets: XLSX (calamine) and CSV in UTF-8, UTF-8 with BOM or
//! GB18030 (what Excel on Chinese Windows writes). Importers turn the rows into validated
//! inputs; a file with any bad row imports nothing.

pub mod units;

use crate::domain::text::normalize;
use crate::error::{Error, Result};
use std::fmt;
use std::path::Path;

/// One bad cell or row: spreadsheet row number (as Excel shows it), column, reason.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column.is_empty() {
            write!(f, "第 {} 行：{}", self.row, self.message)
        } else {
            write!(f, "第 {} 行【{}】：{}", self.row, self.column, self.message)
        }
    }
}

/// Why a whole import was refused. Nothing was written.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportFailure {
    pub file: String,
    pub errors: Vec<RowError>,
}

impl fmt::Display for ImportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "导入失败，未导入任何数据。文件“{}”有 {} 处错误：",
            self.file,
            self.errors.len()
        )?;
        for e in &self.errors {
            writeln!(f, "  {e}")?;
        }
        write!(f, "请改正后重新导入。")
    }
}

/// A cell as the file holds it: spreadsheets distinguish numbers and dates from text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// An Excel date serial number.
    Date(f64),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => normalize(s).is_empty(),
            _ => false,
        }
    }

    /// How the cell reads as text: whole numbers without ".0" (room 1201, phone numbers).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => normalize(s),
            Cell::Number(n) | Cell::Date(n) => {
                if n.fract() == 0.0 && n.abs() < 1e17 {
                    format!("{}", *n as i64)
                } else {
                    n.to_string()
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// 1-based row number in the file, as Excel or a text editor shows it.
    pub line: usize,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawTable {
    pub rows: Vec<RawRow>,
}

pub fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads the first worksheet of an XLSX/XLS/ODS file or a CSV/TXT file.
pub fn read_table(path: &Path) -> Result<RawTable> {
    if !path.is_file() {
        return Err(Error::invalid(format!("找不到文件“{}”。", path.display())));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path),
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            read_csv_bytes(&bytes, &file_label(path))
        }
        _ => Err(Error::invalid(format!(
            "不支持的文件类型“{}”：请选择 Excel 文件（.xlsx）或 CSV 文件（.csv）。",
            file_label(path)
        ))),
    }
}

fn read_workbook(path: &Path) -> Result<RawTable> {
    use calamine::{Data, Reader, open_workbook_auto};
    let label = file_label(path);
    let mut wb = open_workbook_auto(path).map_err(|e| {
        Error::invalid(format!(
            "无法读取 Excel 文件“{label}”：{e}。文件可能已损坏或不是 Excel 格式。"
        ))
    })?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| Error::invalid(format!("Excel 文件“{label}”中没有工作表。")))?
        .map_err(|e| Error::invalid(format!("无法读取“{label}”的第一个工作表：{e}")))?;
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let mut rows = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let mut cells = vec![Cell::Empty; first_col];
        cells.extend(row.iter().map(|d| match d {
            Data::Empty => Cell::Empty,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
            Data::Int(n) => Cell::Number(*n as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
            Data::DateTime(dt) => Cell::Date(dt.as_f64()),
            Data::Error(e) => Cell::Text(format!("#{e:?}")),
        }));
        rows.push(RawRow {
            line: first_row + i + 1,
            cells,
        });
    }
    Ok(RawTable { rows })
}

/// Decodes a text file the way Chinese offices produce them.
pub fn decode_text(bytes: &[u8], label: &str) -> Result<String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).map_err(|_| {
            Error::invalid(format!(
                "文件“{label}”声明为 UTF-8 但内容不是有效的 UTF-8。"
            ))
        });
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(Error::invalid(format!("文件“{label}”的 UTF-16 编码有误。")));
        }
        return Ok(text.into_owned());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|c| c.into_owned())
        .ok_or_else(|| {
            Error::invalid(format!(
                "无法识别文件“{label}”的编码：既不是 UTF-8 也不是 GB18030/GBK。请在 Excel 中另存为“CSV UTF-8”后再导入。"
            ))
        })
}

pub fn read_csv_bytes(bytes: &[u8], label: &str) -> Result<RawTable> {
    let text = decode_text(bytes, label)?;
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            Error::invalid(format!("CSV 文件“{label}”第 {line} 行格式有误：{e}"))
        })?;
        // Counted from the byte offset: the csv crate's own line counter is off with CRLF.
        // It reports the previous record's terminator, so skip line breaks to the record.
        let bytes = text.as_bytes();
        let mut byte = rec
            .position()
            .map(|p| p.byte() as usize)
            .unwrap_or(0)
            .min(bytes.len());
        while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
            byte += 1;
        }
        let line = 1 + bytes[..byte].iter().filter(|b| **b == b'\n').count();
        rows.push(RawRow {
            line,
            cells: rec
                .iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        });
    }
    Ok(RawTable { rows })
}

/// Test helper: unwraps a result, printing the Chinese message on failure.
#[cfg(test)]
pub(crate) trait ExpectOk<T> {
    fn expect_ok(self) -> T;
}

#[cfg(test)]
impl<T> ExpectOk<T> for Result<T> {
    fn expect_ok(self) -> T {
        match self {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::ExpectOk;

    #[test]
    fn gb18030_csv_decodes() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("楼栋,房号\n10号楼,1201\n");
        let t = read_csv_bytes(&bytes, "x.csv").expect_ok();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells[0], Cell::Text("10号楼".into()));
        assert_eq!(t.rows[1].line, 2);
    }

    #[test]
    fn crlf_rows_are_numbered_as_excel_shows_them() {
        let t = read_csv_bytes(
            "a,b\r\n1,2\r\n\r\n3,\"x\r\ny\"\r\n5,6\r\n".as_bytes(),
            "x.csv",
        )
        .expect_ok();
        let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 4, 6]);
    }

    #[test]
    fn bom_is_dropped() {
        let t = read_csv_bytes("\u{FEFF}楼栋,房号\n".as_bytes(), "x.csv").expect_ok();
        assert_eq!(t.rows[0].cells[0], Cell::Text("楼栋".into()));
    }

    #[test]
    fn number_cells_read_as_whole_numbers() {
        assert_eq!(Cell::Number(1201.0).text(), "1201");
        assert_eq!(Cell::Number(13800138000.0).text(), "13800138000");
        assert_eq!(Cell::Number(89.5).text(), "89.5");
    }
}
