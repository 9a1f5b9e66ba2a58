//! The one PDF renderer every document uses: A4 pages with the office name at the top, a
//! title, lines of particulars, tables that break across pages repeating their header, notes,
//! signature lines, and "第 i 页 共 N 页" at the bottom. The CJK font is embedded as a subset.
//!
//! Documents describe their content as `Block`s; this module does all the layout in
//! millimetres from the top-left corner and only converts to PDF points when emitting ops.

pub mod archives;
pub mod assessment;
pub mod charging;
pub mod keys;
pub mod notices;
pub mod roster;
pub mod service;
pub mod staff;

use crate::error::{Error, Result};
use printpdf::{
    Color, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rgb, TextItem,
};
use std::sync::OnceLock;

pub const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Taizhang.otf");

/// A4, in millimetres: (width, height) upright.
const A4: (f32, f32) = (210.0, 297.0);
const MARGIN_X: f32 = 15.0;
const CONTENT_TOP: f32 = 22.0;
/// Space kept below the content for the page number.
const FOOTER_SPACE: f32 = 17.0;
const PT_TO_MM: f32 = 25.4 / 72.0;
const BODY_PT: f32 = 10.0;
const CELL_PAD: f32 = 1.5;
const SMALL_PT: f32 = 8.0;
/// 四号: the size of a notice's text on a notice board.
const LARGE_PT: f32 = 14.0;

/// Parsing the 8 MB font takes a moment; it is done once per process.
fn font() -> Result<&'static ParsedFont> {
    static FONT: OnceLock<Option<ParsedFont>> = OnceLock::new();
    FONT.get_or_init(|| ParsedFont::from_bytes(FONT_BYTES, 0, &mut Vec::new()))
        .as_ref()
        .ok_or_else(|| Error::Pdf("内置中文字体无法解析".into()))
}

/// Width of `text` at `size_pt`, in millimetres, from the font's own advances.
pub fn text_width(text: &str, size_pt: f32) -> f32 {
    let Ok(f) = font() else {
        return text.chars().count() as f32 * size_pt * PT_TO_MM;
    };
    let upem = f32::from(f.font_metrics.units_per_em.max(1));
    let units: f32 = text
        .chars()
        .map(|c| {
            f.lookup_glyph_index(c as u32)
                .map(|g| f32::from(f.get_horizontal_advance(g)))
                .unwrap_or(upem)
        })
        .sum();
    units / upem * size_pt * PT_TO_MM
}

/// Punctuation a Chinese line never starts with (避头): closing marks, pauses, stops.
fn no_line_start(c: char) -> bool {
    "。，、；：？！）》」』】〕〉”’…—·%,.;:!?)]}".contains(c)
}

/// Punctuation a Chinese line never ends with (避尾): opening marks.
fn no_line_end(c: char) -> bool {
    "（《「『【〔〈“‘([{".contains(c)
}

/// Figures and Latin words stay whole: 28,243.16 or 2026-000123 is not split across lines.
fn joins(a: char, b: char) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || ".,-_/:%".contains(c);
    word(a) && word(b) && (a.is_ascii_alphanumeric() || b.is_ascii_alphanumeric())
}

/// May a line end after `a` and the next begin with `b`?
fn may_break(a: char, b: char) -> bool {
    !no_line_start(b) && !no_line_end(a) && !joins(a, b)
}

/// Breaks text into lines no wider than `width` mm, the way Chinese is set: between any two
/// characters, except that no line begins with a closing mark or stop (。，、）…) and none
/// ends with an opening one (（《「), and figures stay whole — the characters concerned move
/// to the next line together. Explicit newlines are kept. A run that cannot be broken by
/// those rules (one very long number) is broken where it must.
pub fn wrap(text: &str, size_pt: f32, width: f32) -> Vec<String> {
    let cw = |c: char| text_width(c.encode_utf8(&mut [0; 4]), size_pt);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line: Vec<char> = Vec::new();
        let mut w = 0.0;
        for c in para.chars() {
            let x = cw(c);
            if w + x > width && !line.is_empty() {
                // The last place in the line where the rules allow a break: before `k`.
                let k = (1..=line.len())
                    .rev()
                    .find(|&k| {
                        let next = line.get(k).copied().unwrap_or(c);
                        may_break(line[k - 1], next)
                    })
                    .unwrap_or(line.len());
                let rest = line.split_off(k);
                lines.push(line.into_iter().collect::<String>());
                line = rest;
                w = line.iter().map(|c| cw(*c)).sum();
            }
            line.push(c);
            w += x;
        }
        lines.push(line.into_iter().collect());
    }
    lines
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative width; the table fills the page width.
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: &str, weight: f32, align: Align) -> Column {
        Column {
            title: title.to_string(),
            weight,
            align,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// A last row in bold-ish grey (合计).
    pub total: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document title, large and centred.
    Title(String),
    /// A line of particulars under the title, e.g. "楼栋：10号楼　制表日期：2026年11月23日".
    Meta(String),
    Paragraph(String),
    /// A line set flush right (a notice's reference number, its 落款 and date), in body or
    /// large type.
    Right {
        text: String,
        large: bool,
    },
    /// A paragraph in large type (四号, 14 pt): a notice's text, read from a notice board.
    Large(String),
    Table(Table),
    /// A table in small type with tight cells, for forms that must fit one page.
    CompactTable(Table),
    /// A paragraph in small type.
    Small(String),
    /// Signature lines: each label gets "label：________".
    Signatures(Vec<String>),
    Spacer(f32),
    PageBreak,
    /// A dashed line across the page with 沿此线剪开 in its middle: where the copies of a form
    /// printed on one sheet are cut apart.
    CutLine,
    /// A document of its own inside the file (one owner's notice among many): it starts on a
    /// new page, its pages are numbered on their own (第 1 页 共 2 页), and every one of them
    /// names it at the bottom (the unit and the owner), so a page that comes loose is still
    /// known.
    Section(String),
    /// A large light diagonal word (草稿) under every page from here to the next page break:
    /// a draft printed is never taken for the signed form.
    Watermark(String),
    /// A sheet of labels (档案盒标签): `columns` × `rows` boxes per page with cut lines, each
    /// label's first line large and the rest in body type, centred; as many pages as needed.
    Labels {
        columns: usize,
        rows: usize,
        labels: Vec<Vec<String>>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The office name, printed at the top of every page.
    pub header: String,
    /// PDF metadata title.
    pub title: String,
    pub blocks: Vec<Block>,
    /// A4 on its side, for registers with many columns.
    pub landscape: bool,
}

impl Document {
    /// Page width and height in millimetres.
    fn page_size(&self) -> (f32, f32) {
        if self.landscape { (A4.1, A4.0) } else { A4 }
    }
}

#[derive(Debug, Clone)]
enum Draw {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width_pt: f32,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    Watermark(String),
}

/// A one-line box in millimetres from the page's top-left corner.
#[derive(Debug, Clone, Copy)]
struct LineBox {
    x: f32,
    w: f32,
    top: f32,
    h: f32,
}

impl LineBox {
    fn full_width(page_w: f32, top: f32, h: f32) -> LineBox {
        LineBox {
            x: MARGIN_X,
            w: page_w - 2.0 * MARGIN_X,
            top,
            h,
        }
    }
}

struct Layout {
    pages: Vec<Vec<Draw>>,
    /// The watermark of the section being laid out, carried onto the pages it runs over to.
    watermark: Option<String>,
    y: f32,
    /// Page width and height in millimetres.
    page_w: f32,
    page_h: f32,
}

impl Layout {
    fn new((page_w, page_h): (f32, f32)) -> Layout {
        Layout {
            pages: vec![Vec::new()],
            watermark: None,
            y: CONTENT_TOP,
            page_w,
            page_h,
        }
    }

    fn content_bottom(&self) -> f32 {
        self.page_h - FOOTER_SPACE
    }

    fn page(&mut self) -> &mut Vec<Draw> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(
            self.watermark
                .iter()
                .cloned()
                .map(Draw::Watermark)
                .collect(),
        );
        self.y = CONTENT_TOP;
    }

    fn ensure(&mut self, height: f32) {
        if self.y + height > self.content_bottom() && self.y > CONTENT_TOP + 0.1 {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, top: f32, line_h: f32, size: f32, text: &str) {
        // Centre the glyphs' em box vertically in the line; 0.88 em is the CJK ascent.
        let size_mm = size * PT_TO_MM;
        let baseline = top + (line_h - size_mm) / 2.0 + size_mm * 0.88;
        self.page().push(Draw::Text {
            x,
            baseline,
            size,
            text: text.to_string(),
        });
    }

    /// Places one line of text in the box `b`, aligned horizontally.
    fn aligned(&mut self, b: LineBox, size: f32, align: Align, t: &str) {
        let tw = text_width(t, size);
        let tx = match align {
            Align::Left => b.x,
            Align::Center => b.x + (b.w - tw) / 2.0,
            Align::Right => b.x + b.w - tw,
        };
        self.text(tx, b.top, b.h, size, t);
    }

    fn hline(&mut self, x1: f32, x2: f32, y: f32, width_pt: f32) {
        self.page().push(Draw::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            width_pt,
        });
    }

    fn vline(&mut self, x: f32, y1: f32, y2: f32) {
        self.page().push(Draw::Line {
            x1: x,
            y1,
            x2: x,
            y2,
            width_pt: 0.5,
        });
    }

    fn paragraph(&mut self, text: &str, size: f32) {
        let line_h = size * PT_TO_MM * 1.6;
        for line in wrap(text, size, self.page_w - 2.0 * MARGIN_X) {
            self.ensure(line_h);
            let y = self.y;
            self.text(MARGIN_X, y, line_h, size, &line);
            self.y += line_h;
        }
    }

    fn table(&mut self, t: &Table, size: f32, pad: f32) {
        let width = self.page_w - 2.0 * MARGIN_X;
        let total_weight: f32 = t.columns.iter().map(|c| c.weight).sum::<f32>().max(0.001);
        let widths: Vec<f32> = t
            .columns
            .iter()
            .map(|c| c.weight / total_weight * width)
            .collect();
        let line_h = size * PT_TO_MM * 1.45;
        let header: Vec<String> = t.columns.iter().map(|c| c.title.clone()).collect();
        let wrap_row = |cells: &[String]| -> (Vec<Vec<String>>, f32) {
            let lines: Vec<Vec<String>> = widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    wrap(
                        cells.get(i).map(String::as_str).unwrap_or(""),
                        size,
                        w - 2.0 * pad,
                    )
                })
                .collect();
            let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            (lines, n as f32 * line_h + 2.0 * pad)
        };
        let (header_lines, header_h) = wrap_row(&header);
        let draw_row =
            |l: &mut Layout, lines: &[Vec<String>], h: f32, shaded: bool, center: bool| {
                let top = l.y;
                if shaded {
                    l.page().push(Draw::Fill {
                        x: MARGIN_X,
                        y: top,
                        w: width,
                        h,
                    });
                }
                let mut x = MARGIN_X;
                for (i, cell) in lines.iter().enumerate() {
                    let align = if center {
                        Align::Center
                    } else {
                        t.columns[i].align
                    };
                    for (k, line) in cell.iter().enumerate() {
                        let ly = top + pad + k as f32 * line_h;
                        let b = LineBox {
                            x: x + pad,
                            w: widths[i] - 2.0 * pad,
                            top: ly,
                            h: line_h,
                        };
                        l.aligned(b, size, align, line);
                    }
                    l.vline(x, top, top + h);
                    x += widths[i];
                }
                l.vline(x, top, top + h);
                l.hline(MARGIN_X, MARGIN_X + width, top, 0.5);
                l.hline(MARGIN_X, MARGIN_X + width, top + h, 0.5);
                l.y += h;
            };
        self.ensure(header_h * 2.0);
        draw_row(self, &header_lines, header_h, true, true);
        let mut all: Vec<(&Vec<String>, bool)> = t.rows.iter().map(|r| (r, false)).collect();
        if let Some(total) = &t.total {
            all.push((total, true));
        }
        for (row, shaded) in all {
            let (lines, h) = wrap_row(row);
            if self.y + h > self.content_bottom() {
                self.new_page();
                draw_row(self, &header_lines, header_h, true, true);
            }
            draw_row(self, &lines, h, shaded, false);
        }
        self.y += 3.0;
    }

    fn labels(&mut self, columns: usize, rows: usize, labels: &[Vec<String>]) {
        let (columns, rows) = (columns.max(1), rows.max(1));
        let w = (self.page_w - 2.0 * MARGIN_X) / columns as f32;
        let h = (self.content_bottom() - CONTENT_TOP) / rows as f32;
        for (i, page) in labels.chunks(columns * rows).enumerate() {
            if i > 0 || self.y > CONTENT_TOP + 0.1 {
                self.new_page();
            }
            for (j, label) in page.iter().enumerate() {
                let x = MARGIN_X + (j % columns) as f32 * w;
                let top = CONTENT_TOP + (j / columns) as f32 * h;
                // The box, as cut lines.
                self.hline(x, x + w, top, 0.4);
                self.hline(x, x + w, top + h, 0.4);
                self.vline(x, top, top + h);
                self.vline(x + w, top, top + h);
                let sizes: Vec<f32> = (0..label.len())
                    .map(|k| if k == 0 { 16.0 } else { BODY_PT + 1.0 })
                    .collect();
                let lines: Vec<(f32, String)> = label
                    .iter()
                    .zip(&sizes)
                    .flat_map(|(t, size)| {
                        wrap(t, *size, w - 6.0).into_iter().map(move |l| (*size, l))
                    })
                    .collect();
                let total: f32 = lines.iter().map(|(s, _)| s * PT_TO_MM * 1.7).sum();
                let mut y = top + ((h - total) / 2.0).max(2.0);
                for (size, line) in lines {
                    let lh = size * PT_TO_MM * 1.7;
                    if y + lh > top + h {
                        break;
                    }
                    let b = LineBox {
                        x: x + 3.0,
                        w: w - 6.0,
                        top: y,
                        h: lh,
                    };
                    self.aligned(b, size, Align::Center, &line);
                    y += lh;
                }
            }
            self.y = self.content_bottom();
        }
    }

    fn signatures(&mut self, labels: &[String]) {
        let line_h = 12.0;
        self.ensure(line_h + 4.0);
        self.y += 4.0;
        let n = labels.len().max(1) as f32;
        let slot = (self.page_w - 2.0 * MARGIN_X) / n;
        for (i, label) in labels.iter().enumerate() {
            let x = MARGIN_X + i as f32 * slot;
            let text = format!("{label}：");
            let tw = text_width(&text, BODY_PT + 1.0);
            let y = self.y;
            self.text(x, y, line_h, BODY_PT + 1.0, &text);
            self.hline(x + tw + 1.0, x + slot - 6.0, y + line_h * 0.72, 0.6);
        }
        self.y += line_h;
    }
}

/// Lays out and renders a document. `created` is the document's creation time, local time, from
/// the caller's clock (documents carry their real date, not 1970).
/// Returns the PDF bytes and the number of pages.
pub fn render(doc: &Document, created: chrono::NaiveDateTime) -> Result<(Vec<u8>, usize)> {
    let mut l = Layout::new(doc.page_size());
    // (first page, label) of each section, in order.
    let mut sections: Vec<(usize, String)> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::CutLine => {
                let h = 8.0;
                l.ensure(h);
                let y = l.y + h / 2.0;
                let label = "沿此线剪开";
                let size = SMALL_PT;
                let tw = text_width(label, size);
                let mid = l.page_w / 2.0;
                let mut x = MARGIN_X;
                while x < l.page_w - MARGIN_X {
                    let end = (x + 2.0).min(l.page_w - MARGIN_X);
                    if end < mid - tw / 2.0 - 2.0 || x > mid + tw / 2.0 + 2.0 {
                        l.hline(x, end, y, 0.5);
                    }
                    x += 3.5;
                }
                let top = l.y;
                l.aligned(
                    LineBox::full_width(l.page_w, top, h),
                    size,
                    Align::Center,
                    label,
                );
                l.y += h;
            }
            Block::Section(label) => {
                if l.y > CONTENT_TOP + 0.1 || !sections.is_empty() {
                    l.watermark = None;
                    l.new_page();
                }
                sections.push((l.pages.len() - 1, label.clone()));
            }
            Block::Title(t) => {
                let size = 18.0;
                let h = size * PT_TO_MM * 1.8;
                l.ensure(h + 20.0);
                let y = l.y;
                l.aligned(LineBox::full_width(l.page_w, y, h), size, Align::Center, t);
                l.y += h + 1.0;
            }
            Block::Meta(t) => l.paragraph(t, BODY_PT),
            Block::Paragraph(t) => l.paragraph(t, BODY_PT + 0.5),
            Block::Large(t) => l.paragraph(t, LARGE_PT),
            Block::Right { text: t, large } => {
                let size = if *large { LARGE_PT } else { BODY_PT + 0.5 };
                let h = size * PT_TO_MM * 1.6;
                l.ensure(h);
                let y = l.y;
                l.aligned(LineBox::full_width(l.page_w, y, h), size, Align::Right, t);
                l.y += h;
            }
            Block::Table(t) => l.table(t, BODY_PT, CELL_PAD),
            Block::CompactTable(t) => l.table(t, SMALL_PT, 0.6),
            Block::Small(t) => l.paragraph(t, SMALL_PT),
            Block::Signatures(s) => l.signatures(s),
            Block::Spacer(mm) => l.y += mm,
            Block::PageBreak => {
                l.watermark = None;
                l.new_page();
            }
            Block::Labels {
                columns,
                rows,
                labels,
            } => l.labels(*columns, *rows, labels),
            Block::Watermark(t) => {
                l.watermark = Some(t.clone());
                l.page().push(Draw::Watermark(t.clone()));
            }
        }
    }
    let n = l.pages.len();
    let footers = footers(n, &sections);
    Ok((emit(doc, l.pages, &footers, created)?, n))
}

/// Each page's footer: `第 i 页 共 N 页` over the whole file, or within its section (numbered
/// from 1 again, the section's label before it).
fn footers(n: usize, sections: &[(usize, String)]) -> Vec<String> {
    (0..n)
        .map(
            |i| match sections.iter().rposition(|(start, _)| *start <= i) {
                Some(k) => {
                    let (start, label) = &sections[k];
                    let end = sections.get(k + 1).map(|s| s.0).unwrap_or(n);
                    format!("{label}　第 {} 页 共 {} 页", i - start + 1, end - start)
                }
                None => format!("第 {} 页 共 {} 页", i + 1, n),
            },
        )
        .collect()
}

fn mm_pt(v: f32) -> Pt {
    Pt(v / PT_TO_MM)
}

fn emit(
    doc: &Document,
    pages: Vec<Vec<Draw>>,
    footers: &[String],
    created: chrono::NaiveDateTime,
) -> Result<Vec<u8>> {
    let font = font()?;
    let (page_w, page_h) = doc.page_size();
    let mut pdf = PdfDocument::new(&doc.title);
    // The local moment as an instant, by the zone's offset at that moment (a moment a clock
    // change skips is taken as UTC+8's, the office's own).
    use chrono::TimeZone;
    let offset = chrono::Local
        .offset_from_local_datetime(&created)
        .earliest()
        .map(|o| chrono::Offset::fix(&o).local_minus_utc())
        .unwrap_or(8 * 3600);
    let stamp = printpdf::OffsetDateTime::from_unix_timestamp(
        created.and_utc().timestamp() - i64::from(offset),
    )
    .map_err(|e| Error::Pdf(e.to_string()))?;
    pdf.metadata.info.creation_date = stamp;
    pdf.metadata.info.modification_date = stamp;
    pdf.metadata.info.metadata_date = stamp;
    pdf.metadata.info.producer = "台账 Taizhang".into();
    pdf.metadata.info.creator = "台账 Taizhang".into();
    let font_id = pdf.add_font(font);
    let handle = PdfFontHandle::External(font_id);
    let n = pages.len();
    let black = Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None));
    let grey = Color::Rgb(Rgb::new(0.9, 0.9, 0.9, None));
    let mut out = Vec::with_capacity(n);
    for (i, mut draws) in pages.into_iter().enumerate() {
        // Page furniture: office name, rule, page number.
        let mut furniture = Layout::new((page_w, page_h));
        furniture.aligned(
            LineBox::full_width(page_w, 9.0, 6.0),
            9.0,
            Align::Center,
            &doc.header,
        );
        furniture.hline(MARGIN_X, page_w - MARGIN_X, 16.0, 0.8);
        let footer = footers
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("第 {} 页 共 {} 页", i + 1, n));
        furniture.aligned(
            LineBox::full_width(page_w, page_h - 13.0, 6.0),
            9.0,
            Align::Center,
            &footer,
        );
        draws.extend(furniture.pages.into_iter().flatten());

        let mut ops = vec![Op::SetOutlineColor { col: black.clone() }];
        // The watermark first, under everything: light grey, 45° across the page's middle.
        for d in &draws {
            if let Draw::Watermark(text) = d {
                let size = 110.0;
                let w = text_width(text, size);
                let half = w / 2.0 * std::f32::consts::FRAC_1_SQRT_2;
                ops.push(Op::SetFillColor {
                    col: Color::Rgb(Rgb::new(0.86, 0.86, 0.86, None)),
                });
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont {
                    font: handle.clone(),
                    size: Pt(size),
                });
                ops.push(Op::SetTextMatrix {
                    matrix: printpdf::TextMatrix::TranslateRotate(
                        mm_pt(page_w / 2.0 - half),
                        mm_pt(page_h / 2.0 - half),
                        45.0,
                    ),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
                ops.push(Op::EndTextSection);
            }
        }
        // Fills first so that text and rules are drawn on top.
        for d in &draws {
            if let Draw::Fill { x, y, w, h } = d {
                ops.push(Op::SetFillColor { col: grey.clone() });
                ops.push(Op::DrawRectangle {
                    rectangle: printpdf::Rect {
                        x: mm_pt(*x),
                        y: mm_pt(page_h - y - h),
                        width: mm_pt(*w),
                        height: mm_pt(*h),
                        mode: Some(printpdf::PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
        }
        ops.push(Op::SetFillColor { col: black.clone() });
        for d in draws {
            match d {
                Draw::Text {
                    x,
                    baseline,
                    size,
                    text,
                } => {
                    if text.is_empty() {
                        continue;
                    }
                    ops.push(Op::StartTextSection);
                    ops.push(Op::SetFont {
                        font: handle.clone(),
                        size: Pt(size),
                    });
                    ops.push(Op::SetTextCursor {
                        pos: Point::new(Mm(x), Mm(page_h - baseline)),
                    });
                    ops.push(Op::ShowText {
                        items: vec![TextItem::Text(text)],
                    });
                    ops.push(Op::EndTextSection);
                }
                Draw::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width_pt,
                } => {
                    ops.push(Op::SetOutlineThickness { pt: Pt(width_pt) });
                    ops.push(Op::DrawLine {
                        line: Line {
                            points: vec![
                                LinePoint {
                                    p: Point::new(Mm(x1), Mm(page_h - y1)),
                                    bezier: false,
                                },
                                LinePoint {
                                    p: Point::new(Mm(x2), Mm(page_h - y2)),
                                    bezier: false,
                                },
                            ],
                            is_closed: false,
                        },
                    });
                }
                Draw::Fill { .. } | Draw::Watermark(_) => {}
            }
        }
        out.push(PdfPage::new(Mm(page_w), Mm(page_h), ops));
    }
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    Ok(pdf.with_pages(out).save(&options, &mut warnings))
}

/// Writes a PDF atomically: to a temporary file beside the target, then renamed, so a failure
/// never leaves a half-written document under the office's file name.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if !dir.exists() {
        return Err(Error::invalid(format!(
            "输出目录“{}”不存在。",
            dir.display()
        )));
    }
    if path.exists() && !path.is_file() {
        return Err(Error::invalid(format!(
            "输出路径“{}”已存在，但不是普通文件（是文件夹或设备），没有写入。请换一个文件名。",
            path.display()
        )));
    }
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "taizhang".into())
    ));
    std::fs::write(&tmp, bytes).map_err(|e| {
        // A disk that filled half-way leaves nothing behind.
        let _ = std::fs::remove_file(&tmp);
        Error::io(&tmp, e)
    })?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_one_em_and_latin_narrower() {
        let cjk = text_width("中文", 10.0);
        assert!((cjk - 2.0 * 10.0 * PT_TO_MM).abs() < 0.05, "{cjk}");
        assert!(text_width("11", 10.0) < cjk);
    }

    #[test]
    fn no_line_starts_with_a_stop_or_ends_with_an_opening_mark() {
        // At a width of 10 characters the stop would begin the second line.
        let width = 10.0 * 10.0 * PT_TO_MM + 0.01;
        let s = "本季度质量考核已完成。请于（十二月五日）前确认。";
        let lines = wrap(s, 10.0, width);
        assert_eq!(lines.concat(), s);
        for l in &lines {
            let (first, last) = (l.chars().next(), l.chars().last());
            assert!(first.is_some(), "no empty line: {lines:?}");
            assert!(!first.is_some_and(no_line_start), "{lines:?}");
            assert!(!last.is_some_and(no_line_end), "{lines:?}");
            assert!(text_width(l, 10.0) <= width, "{lines:?}");
        }
        assert_eq!(
            lines,
            vec!["本季度质量考核已完", "成。请于（十二月五", "日）前确认。"]
        );
        // Amounts are not split.
        let lines = wrap(
            "应收合计人民币 28,243.16 元",
            10.0,
            15.0 * 10.0 * PT_TO_MM * 0.5,
        );
        assert!(lines.iter().any(|l| l.contains("28,243.16")), "{lines:?}");
    }

    #[test]
    fn wrapping_keeps_every_character() {
        let s = "锦绣花园十号楼一单元一千二百零一室业主张三的特别关照事项很长很长";
        let lines = wrap(s, 10.0, 30.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), s);
        assert!(lines.iter().all(|l| text_width(l, 10.0) <= 30.0 + 0.01));
    }

    /// The text between double quotes on the code lines of a source file (not its comments).
    fn literals(source: &str) -> String {
        source
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .flat_map(|l| l.split('"').skip(1).step_by(2))
            .collect()
    }

    #[test]
    fn every_character_the_documents_print_is_in_the_font() -> Result<()> {
        let f = font()?;
        let sources = [
            include_str!("mod.rs"),
            include_str!("assessment.rs"),
            include_str!("charging.rs"),
            include_str!("keys.rs"),
            include_str!("roster.rs"),
            include_str!("staff.rs"),
            include_str!("../domain/money.rs"),
        ];
        let missing: std::collections::BTreeSet<char> = sources
            .iter()
            .flat_map(|s| literals(s).chars().collect::<Vec<_>>())
            .filter(|c| !c.is_control())
            .filter(|c| f.lookup_glyph_index(*c as u32).is_none_or(|g| g == 0))
            .collect();
        assert!(missing.is_empty(), "no glyph for {missing:?}");
        Ok(())
    }

    /// The window draws with the same bundled font (egui's own fonts cover Latin and symbols,
    /// not CJK): every CJK character the screens' code shows must be in it.
    #[test]
    fn every_cjk_character_the_screens_show_is_in_the_font() -> Result<()> {
        let f = font()?;
        let sources = [
            include_str!("../views/assessment.rs"),
            include_str!("../views/assessment_tabs.rs"),
            include_str!("../views/charging.rs"),
            include_str!("../views/charging_tabs.rs"),
            include_str!("../views/charging_unit.rs"),
            include_str!("../views/home.rs"),
            include_str!("../views/keys.rs"),
            include_str!("../views/keys_tabs.rs"),
            include_str!("../views/settings.rs"),
            include_str!("../views/staff.rs"),
            include_str!("../views/staff_dialogs.rs"),
            include_str!("../views/staff_tabs.rs"),
            include_str!("../views/units.rs"),
            include_str!("../app/mod.rs"),
            include_str!("../app/assessment.rs"),
            include_str!("../app/charging.rs"),
            include_str!("../app/keys.rs"),
            include_str!("../app/staff.rs"),
        ];
        let cjk =
            |c: &char| matches!(*c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xFF00..=0xFFEF);
        let missing: std::collections::BTreeSet<char> = sources
            .iter()
            .flat_map(|s| literals(s).chars().collect::<Vec<_>>())
            .filter(cjk)
            .filter(|c| f.lookup_glyph_index(*c as u32).is_none_or(|g| g == 0))
            .collect();
        assert!(missing.is_empty(), "no glyph for {missing:?}");
        Ok(())
    }
}
