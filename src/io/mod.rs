//! Reading the office's spreadsheets: XLSX (calamine) and CSV in UTF-8, UTF-8 with BOM or
//! GB18030 (what Excel on Chinese Windows writes). Importers turn the rows into validated
//! inputs; a file with any bad row imports nothing.

/// An importer's columns: each field's header, the other names offices give it, and whether
/// a row must have it.
macro_rules! fields {
    ($name:ident { $($v:ident = $label:literal [$($alias:literal),*] $(required $req:ident)?),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($v),+ }
        impl ImportField for $name {
            const ALL: &'static [$name] = &[$($name::$v),+];
            fn label(self) -> &'static str {
                match self { $($name::$v => $label),+ }
            }
            fn aliases(self) -> &'static [&'static str] {
                match self { $($name::$v => &[$label $(, $alias)*]),+ }
            }
            fn required(self) -> bool {
                match self { $($name::$v => false $(|| stringify!($req) == "yes")?),+ }
            }
        }
    };
}

pub mod archives;
pub mod assessment;
pub mod audit;
pub mod charging;
pub mod files;
pub mod frontdesk;
pub mod keys;
pub mod notices;
pub mod service;
pub mod staff;
pub mod subscriptions;
pub mod units;

use crate::domain::date::{from_excel_serial, iso};
use crate::domain::text::{clean, normalize};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
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
        // The first hundred say what is wrong; a file with thousands of bad rows is wrong in
        // one way, and the count says how far.
        const SHOWN: usize = 100;
        for e in self.errors.iter().take(SHOWN) {
            writeln!(f, "  {e}")?;
        }
        if self.errors.len() > SHOWN {
            writeln!(f, "  ……另有 {} 处错误未列出。", self.errors.len() - SHOWN)?;
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

    /// How the cell reads as a number, code or name: [`Cell::text`] with full-width forms made
    /// half-width ("１２０１" is room 1201).
    pub fn code(&self) -> String {
        match self {
            Cell::Text(s) => normalize(s),
            _ => self.text(),
        }
    }

    /// How the cell reads as text: whole numbers without ".0" (room 1201, phone numbers), free
    /// text as written (full-width punctuation kept; see [`clean`]).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => clean(s),
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

/// A cell written to a CSV the office will open in a spreadsheet: text beginning with `=`, `+`,
/// `-` or `@` (a name, a note typed by anyone) gets a leading `'` so that the spreadsheet shows
/// it instead of running it as a formula. Numbers (a negative amount) stay numbers.
pub fn defused(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.replace(',', "").parse::<f64>().is_ok();
    if risky && !number {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A CSV written by `csv::Writer`, every cell passed through `defused`.
pub fn defused_csv(bytes: &[u8]) -> Result<String> {
    let bad = |e: csv::Error| Error::invalid(format!("输出失败：{e}"));
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for rec in r.records() {
        let rec = rec.map_err(bad)?;
        w.write_record(rec.iter().map(|c| defused(c).into_owned()))
            .map_err(bad)?;
    }
    let out = w
        .into_inner()
        .map_err(|e| Error::invalid(format!("输出失败：{e}")))?;
    String::from_utf8(out).map_err(|e| Error::invalid(e.to_string()))
}

/// Reads the first worksheet of an XLSX/XLS/ODS file or a CSV/TXT file.
pub fn read_table(path: &Path) -> Result<RawTable> {
    if path.is_dir() {
        return Err(Error::invalid(format!(
            "“{}”是一个文件夹，不是文件。请选择要导入的 Excel 或 CSV 文件。",
            path.display()
        )));
    }
    if !path.is_file() {
        return Err(Error::invalid(format!("找不到文件“{}”。", path.display())));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" => read_xlsx(path),
        "xls" | "xlsb" | "ods" => read_workbook(path),
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

/// Columns read from a sheet: an office's sheets have a few dozen; a stray value far to the
/// right (a cell in column XFD) is outside every column the importers know.
const MAX_COLUMNS: u32 = 256;

/// The first worksheet of an XLSX file, cell by cell: only the cells that hold something are
/// kept, so a used range reaching XFD1048576 costs one cell, not a dense grid of 17 billion.
fn read_xlsx(path: &Path) -> Result<RawTable> {
    use calamine::{DataRef, Reader, Xlsx, open_workbook};
    let label = file_label(path);
    let unreadable = |e: calamine::XlsxError| {
        Error::invalid(format!(
            "无法读取 Excel 文件“{label}”：文件可能已损坏，或不是 .xlsx 格式（例如改了扩展名的其他文件）。请在 Excel 中另存为 .xlsx 后再导入。\n（详细信息：{e}）"
        ))
    };
    let mut wb: Xlsx<_> = open_workbook(path).map_err(unreadable)?;
    let Some(sheet) = wb.sheet_names().first().cloned() else {
        return Err(Error::invalid(format!("Excel 文件“{label}”中没有工作表。")));
    };
    let mut reader = wb.worksheet_cells_reader(&sheet).map_err(unreadable)?;
    let mut rows: std::collections::BTreeMap<u32, Vec<Cell>> = std::collections::BTreeMap::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (r, c) = cell.get_position();
        let value = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                Cell::Text(s.clone())
            }
            DataRef::SharedString(s) => Cell::Text(s.to_string()),
            DataRef::Int(n) => Cell::Number(*n as f64),
            DataRef::Float(f) => Cell::Number(*f),
            DataRef::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
            DataRef::DateTime(dt) => Cell::Date(dt.as_f64()),
            DataRef::Error(e) => Cell::Text(format!("#{e:?}")),
        };
        if c >= MAX_COLUMNS {
            continue;
        }
        if let Cell::Text(t) = &value
            && let Some(ch) = crate::domain::text::control_char(t)
        {
            return Err(control_in_cell(&label, r as usize + 1, c as usize, ch));
        }
        if let Cell::Text(t) = &value
            && let Some(n) = crate::domain::text::too_long(t)
        {
            return Err(cell_too_long(&label, r as usize + 1, c as usize, n));
        }
        let row = rows.entry(r).or_default();
        if row.len() <= c as usize {
            row.resize(c as usize + 1, Cell::Empty);
        }
        row[c as usize] = value;
    }
    Ok(RawTable {
        rows: rows
            .into_iter()
            .map(|(r, cells)| RawRow {
                line: r as usize + 1,
                cells,
            })
            .collect(),
    })
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
    let bytes = text.as_bytes();
    // Line numbers in one pass: records come in file order, so count the breaks since the last.
    let (mut counted_to, mut breaks) = (0usize, 0usize);
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            Error::invalid(format!("CSV 文件“{label}”第 {line} 行格式有误：{e}"))
        })?;
        // Counted from the byte offset: the csv crate's own line counter is off with CRLF.
        // It reports the previous record's terminator, so skip line breaks to the record.
        let mut byte = rec
            .position()
            .map(|p| p.byte() as usize)
            .unwrap_or(0)
            .min(bytes.len());
        while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte > counted_to {
            breaks += bytes[counted_to..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted_to = byte;
        }
        let line = 1 + breaks;
        if let Some(cell) = swallowed_rows(&rec, delimiter as char) {
            return Err(unclosed_quote(label, line, cell));
        }
        if let Some((col, c)) = rec
            .iter()
            .enumerate()
            .find_map(|(i, cell)| crate::domain::text::control_char(cell).map(|c| (i, c)))
        {
            return Err(control_in_cell(label, line, col, c));
        }
        if let Some((col, n)) = rec
            .iter()
            .enumerate()
            .find_map(|(i, cell)| crate::domain::text::too_long(cell).map(|n| (i, n)))
        {
            return Err(cell_too_long(label, line, col, n));
        }
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

/// A cell that holds a line break followed by a line with the delimiter in it: a quote opened
/// and never closed, so that the rows after it were read into this one cell. (A genuine
/// multi-line note has no delimiter-separated row inside it.)
fn swallowed_rows(rec: &csv::StringRecord, delimiter: char) -> Option<&str> {
    rec.iter().find(|cell| {
        cell.contains(['\n', '\r'])
            && cell
                .lines()
                .skip(1)
                .any(|l| l.contains(delimiter) || l.contains('"'))
    })
}

fn cell_too_long(label: &str, line: usize, col: usize, chars: usize) -> Error {
    Error::invalid(format!(
        "文件“{label}”第 {line} 行第 {} 列有 {chars} 个字，超过一格 {} 字的上限，文件未导入。请检查这一格（常见于引号或分隔符错位），或把过长的说明写得简短些。",
        col + 1,
        crate::domain::text::MAX_TEXT_CHARS
    ))
}

fn control_in_cell(label: &str, line: usize, col: usize, c: char) -> Error {
    Error::invalid(format!(
        "文件“{label}”第 {line} 行第 {} 列含有不可见的控制字符（U+{:04X}），文件未导入。请删去这个字符后再导入。",
        col + 1,
        c as u32
    ))
}

fn unclosed_quote(label: &str, line: usize, cell: &str) -> Error {
    let first = cell.lines().next().unwrap_or_default();
    let swallowed = cell.lines().count().saturating_sub(1);
    Error::invalid(format!(
        "CSV 文件“{label}”第 {line} 行的引号没有配对：从“{}”开始，后面 {swallowed} 行都被读进了同一个格子。文件未导入，请在这一行补上或删去引号后再导入。",
        crate::domain::text::excerpt(first)
    ))
}

/// A column an importer understands: its name in the office's sheets and the other names
/// offices give it.
pub trait ImportField: Copy + Eq + Hash + 'static {
    const ALL: &'static [Self];
    fn label(self) -> &'static str;
    fn aliases(self) -> &'static [&'static str];
    fn required(self) -> bool;

    /// Matches a header cell: spaces, bracketed units like （㎡）, asterisks and case ignored.
    fn from_header(header: &str) -> Option<Self> {
        let h = header_key(header);
        Self::ALL
            .iter()
            .copied()
            .find(|f| f.aliases().contains(&h.as_str()))
    }
}

fn header_key(header: &str) -> String {
    let mut h = String::new();
    let mut depth = 0;
    for c in normalize(header).chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth -= 1,
            _ if depth > 0 => {}
            ' ' | '*' | '_' | '-' | ':' | '：' => {}
            _ => h.extend(c.to_lowercase()),
        }
    }
    h
}

/// Where a sheet's header is and which column holds which field.
#[derive(Debug, Clone)]
pub struct Sheet<F: ImportField> {
    /// The header's row number as Excel shows it.
    pub header_line: usize,
    header_idx: usize,
    /// Each header in file order with the field it maps to (None: ignored).
    pub mapping: Vec<(String, Option<F>)>,
    columns: HashMap<F, usize>,
    names: HashMap<F, String>,
}

impl<F: ImportField> Sheet<F> {
    /// Finds the header row among the first ten (a title row above it is common) by the
    /// `anchor` column, and maps the columns. Duplicate and missing required columns are
    /// returned as errors on the header row.
    pub fn locate(table: &RawTable, file: &str, anchor: F) -> Result<(Sheet<F>, Vec<RowError>)> {
        let header_idx = table
            .rows
            .iter()
            .take(10)
            .position(|r| {
                r.cells
                    .iter()
                    .any(|c| F::from_header(&c.text()) == Some(anchor))
            })
            .ok_or_else(|| {
                let required: Vec<String> = F::ALL
                    .iter()
                    .filter(|f| f.required())
                    .map(|f| format!("“{}”", f.label()))
                    .collect();
                Error::invalid(format!(
                    "文件“{file}”的前 10 行中找不到表头（需要{}等列名）。",
                    required.join("")
                ))
            })?;
        let header = &table.rows[header_idx];
        let mut sheet = Sheet {
            header_line: header.line,
            header_idx,
            mapping: Vec::new(),
            columns: HashMap::new(),
            names: HashMap::new(),
        };
        let mut errors = Vec::new();
        for (i, c) in header.cells.iter().enumerate() {
            let name = c.text();
            let field = F::from_header(&name);
            if let Some(f) = field {
                if sheet.columns.insert(f, i).is_some() {
                    errors.push(RowError {
                        row: header.line,
                        column: name.clone(),
                        message: format!("与另一列重复，都对应“{}”", f.label()),
                    });
                }
                sheet.names.insert(f, name.clone());
            }
            if !name.is_empty() {
                sheet.mapping.push((name, field));
            }
        }
        for f in F::ALL.iter().filter(|f| f.required()) {
            if !sheet.columns.contains_key(f) {
                errors.push(RowError {
                    row: header.line,
                    column: f.label().into(),
                    message: format!("缺少必需的列“{}”", f.label()),
                });
            }
        }
        Ok((sheet, errors))
    }

    /// The rows below the header that hold anything.
    pub fn data_rows<'a>(&self, table: &'a RawTable) -> impl Iterator<Item = &'a RawRow> {
        table.rows[self.header_idx + 1..]
            .iter()
            .filter(|r| !r.cells.iter().all(Cell::is_empty))
    }

    pub fn cell(&self, raw: &RawRow, f: F) -> Cell {
        self.columns
            .get(&f)
            .and_then(|i| raw.cells.get(*i))
            .cloned()
            .unwrap_or(Cell::Empty)
    }

    fn field_by_label(label: &str) -> Option<F> {
        F::ALL.iter().copied().find(|f| f.label() == label)
    }

    /// The column's header as the file writes it (errors name what the clerk sees).
    pub fn column_name(&self, label: &str) -> String {
        Self::field_by_label(label)
            .and_then(|f| self.names.get(&f).cloned())
            .unwrap_or_else(|| label.to_string())
    }

    /// One row's field errors as row errors, left to right as the office reads the sheet.
    pub fn row_errors(
        &self,
        line: usize,
        mut errors: Vec<(&'static str, String)>,
    ) -> Vec<RowError> {
        let position = |label: &str| {
            Self::field_by_label(label)
                .and_then(|f| self.columns.get(&f).copied())
                .unwrap_or(usize::MAX)
        };
        errors.sort_by_key(|(field, _)| position(field));
        errors
            .into_iter()
            .map(|(field, message)| RowError {
                row: line,
                column: self.column_name(field),
                message,
            })
            .collect()
    }
}

/// What the GUI shows before importing: the mapping, the first rows, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview<F: ImportField, T> {
    pub file: String,
    pub header_row: usize,
    /// Each header in file order with the field it maps to (None: ignored).
    pub mapping: Vec<(String, Option<F>)>,
    pub sample: Vec<Vec<String>>,
    /// Valid rows with their row numbers.
    pub rows: Vec<(usize, T)>,
    pub errors: Vec<RowError>,
}

/// What an import did, with the number of data rows it read from the file — the success
/// message says both, so a file that lost rows on the way can never pass unnoticed.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported<T> {
    pub rows: usize,
    pub done: T,
}

impl<F: ImportField, T> Preview<F, T> {
    /// Moves every row `check` objects to (its column, what is wrong) into the errors — for
    /// rules that need more than the row itself, such as today's date.
    pub fn refuse_where(mut self, check: impl Fn(&T) -> Option<(&'static str, String)>) -> Self {
        let mut kept = Vec::with_capacity(self.rows.len());
        for (line, row) in self.rows {
            match check(&row) {
                Some((column, message)) => self.errors.push(RowError {
                    row: line,
                    column: column.to_string(),
                    message,
                }),
                None => kept.push((line, row)),
            }
        }
        self.rows = kept;
        self.errors.sort_by_key(|e| e.row);
        self
    }

    /// The rows, or — if any row was bad — the whole file refused with every error.
    pub fn into_rows(self) -> Result<Vec<(usize, T)>> {
        if self.errors.is_empty() {
            Ok(self.rows)
        } else {
            Err(Error::Import(ImportFailure {
                file: self.file,
                errors: self.errors,
            }))
        }
    }
}

/// One row's field errors: (the field's label, what is wrong).
pub type FieldErrors = Vec<(&'static str, String)>;

/// The one import loop: finds the header by `anchor`, reads every data row with `read` (given
/// the row's cell for each field), asks `twin` whether a valid row repeats an earlier one (it
/// answers the column and the message, keeping its own record of what it has seen), and
/// collects every problem with its row number. Nothing is written here.
pub fn parse_sheet<F: ImportField, T>(
    table: &RawTable,
    file: &str,
    anchor: F,
    mut read: impl FnMut(&dyn Fn(F) -> Cell) -> Result<T, FieldErrors>,
    mut twin: impl FnMut(&T, usize) -> Option<(&'static str, String)>,
) -> Result<Preview<F, T>> {
    let (sheet, mut errors) = Sheet::locate(table, file, anchor)?;
    let mut rows = Vec::new();
    let mut sample = Vec::new();
    if errors.is_empty() {
        for raw in sheet.data_rows(table) {
            if sample.len() < 20 {
                sample.push(raw.cells.iter().map(Cell::text).collect());
            }
            match read(&|f| sheet.cell(raw, f)) {
                Ok(input) => match twin(&input, raw.line) {
                    Some((column, message)) => errors.push(RowError {
                        row: raw.line,
                        column: sheet.column_name(column),
                        message,
                    }),
                    None => rows.push((raw.line, input)),
                },
                Err(field_errors) => errors.extend(sheet.row_errors(raw.line, field_errors)),
            }
        }
        if rows.is_empty() && errors.is_empty() {
            errors.push(RowError {
                row: sheet.header_line,
                column: String::new(),
                message: "表头下面没有数据行".into(),
            });
        }
    }
    Ok(Preview {
        file: file.to_string(),
        header_row: sheet.header_line,
        mapping: sheet.mapping,
        sample,
        rows,
        errors,
    })
}

/// A date cell: Excel date cells and serial numbers become `2023-03-05`; text stays as typed
/// for the domain's date parser.
pub fn date_cell(cell: Cell) -> Result<String, String> {
    match cell {
        Cell::Number(n) | Cell::Date(n) => from_excel_serial(n).map(iso),
        c => Ok(c.text()),
    }
}

/// An ID-number cell. Excel turns an 18-digit number into a float and loses the last digits.
pub fn id_number_cell(cell: Cell) -> Result<String, String> {
    match cell {
        Cell::Number(n) if n >= 1e15 => {
            Err("身份证号被 Excel 存成了数字，末几位已丢失：请把该列设为“文本”后重新填写".into())
        }
        c => Ok(c.text()),
    }
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
    fn an_unclosed_quote_refuses_the_file_at_the_row_where_it_opened() {
        // The hardening issue's file: 备注 opens a quote on the first data row.
        let text = "楼栋,单元,房号,入住日期,备注\n\
                    5号楼,1单元,101,2023-03-05,\"钥匙已交\n\
                    5号楼,1单元,102,2023-03-06,\n\
                    5号楼,1单元,103,2023-03-07,\n";
        let e = read_csv_bytes(text.as_bytes(), "units.csv")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("第 2 行的引号没有配对"), "{e}");
        assert!(e.contains("钥匙已交") && e.contains("后面 2 行"), "{e}");
        // A real two-line note is kept whole.
        let text = "楼栋,房号,备注\n5号楼,101,\"第一行\n第二行\"\n5号楼,102,\n";
        let t = read_csv_bytes(text.as_bytes(), "units.csv").expect_ok();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1].cells[2], Cell::Text("第一行\n第二行".into()));
        assert_eq!(t.rows[2].line, 4);
    }

    proptest::proptest! {
        /// A quote dropped anywhere into a valid file: the file is refused with a row number, or
        /// every row of it is read (none swallowed into a cell; a quote alone on the last line
        /// is a row of its own).
        #[test]
        fn a_stray_quote_refuses_or_keeps_every_row(at in 0usize..400, quote in proptest::sample::select(vec!["\"", "\"\"", "\",", ",\""])) {
            let mut text = String::from("楼栋,单元,房号,备注\n");
            for i in 0..8 {
                text.push_str(&format!("5号楼,1单元,{},备注{i}\n", 101 + i));
            }
            let mut cut = at.min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.insert_str(cut, quote);
            match read_csv_bytes(text.as_bytes(), "x.csv") {
                Ok(t) => proptest::prop_assert!(t.rows.len() >= 9, "{:?}", text),
                Err(e) => proptest::prop_assert!(e.to_string().contains("行"), "{}", e),
            }
        }

        /// Any bytes at all: a table or a message, never a panic.
        #[test]
        fn any_bytes_read_or_refuse(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = read_csv_bytes(&bytes, "x.csv");
        }
    }

    #[test]
    fn a_file_with_thousands_of_bad_rows_lists_the_first_hundred() {
        let f = ImportFailure {
            file: "x.csv".into(),
            errors: (2..=5001)
                .map(|row| RowError {
                    row,
                    column: "面积".into(),
                    message: "不是数字".into(),
                })
                .collect(),
        };
        let text = f.to_string();
        assert!(text.contains("有 5000 处错误"), "{text}");
        assert!(
            text.contains("第 101 行【面积】") && !text.contains("第 102 行"),
            "{text}"
        );
        assert!(text.contains("另有 4900 处错误未列出"), "{text}");
    }

    #[test]
    fn a_control_character_in_a_cell_refuses_the_file_with_its_place() {
        let e = read_csv_bytes("楼栋,房号\n5号楼,12\u{1}01\n".as_bytes(), "x.csv")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("第 2 行第 2 列含有不可见的控制字符（U+0001）"),
            "{e}"
        );
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_defused() {
        let csv = "房屋,业主,欠费\n5号楼101,=HYPERLINK(\"x\"),-12.50\n5号楼102,@SUM(A1),+86 135\n";
        let out = defused_csv(csv.as_bytes()).expect_ok();
        assert!(out.contains("'=HYPERLINK"), "{out}");
        assert!(
            out.contains("'@SUM(A1)") && out.contains("'+86 135"),
            "{out}"
        );
        assert!(out.contains(",-12.50"), "numbers stay numbers: {out}");
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
