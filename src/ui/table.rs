//! What every table shares: a header that sorts by a click (▲/▼ shown), the sort kept in the
//! view so that a reload keeps it, and money right-aligned with thousands separators.

use std::cmp::Ordering;

use super::theme;

/// Which column a table is sorted by, and which way. Kept by the view across reloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub ascending: bool,
}

impl Sort {
    pub const fn by(column: usize) -> Self {
        Sort {
            column,
            ascending: true,
        }
    }

    /// A click on the column sorted by turns it round; a click on another sorts by it.
    pub fn click(&mut self, column: usize) {
        if self.column == column {
            self.ascending = !self.ascending;
        } else {
            *self = Sort::by(column);
        }
    }

    /// The header's title with the arrow of the column sorted by.
    pub fn title(&self, title: &str, column: usize) -> String {
        match (self.column == column, self.ascending) {
            (true, true) => format!("{title} ▲"),
            (true, false) => format!("{title} ▼"),
            _ => title.to_string(),
        }
    }

    /// Sorts `visible` (indices into `rows`) by `cmp` for the chosen column; ties keep the
    /// order they had (the query's own order), so a sort never shuffles equal rows.
    pub fn apply<T>(
        &self,
        rows: &[T],
        visible: &mut [usize],
        cmp: impl Fn(&T, &T, usize) -> Ordering,
    ) {
        visible.sort_by(|x, y| {
            let o = cmp(&rows[*x], &rows[*y], self.column);
            if self.ascending { o } else { o.reverse() }
        });
    }
}

/// A sortable column header; `None` is the list's own order. Returns true when it was
/// clicked (the sort changed).
pub fn sort_header(ui: &mut egui::Ui, sort: &mut Option<Sort>, title: &str, column: usize) -> bool {
    let shown = match sort {
        Some(s) => s.title(title, column),
        None => title.to_string(),
    };
    let clicked = ui
        .add(egui::Button::new(egui::RichText::new(shown).strong()).frame(false))
        .on_hover_text("点击排序，再点一次反向")
        .clicked();
    if clicked {
        match sort {
            Some(s) => s.click(column),
            None => *sort = Some(Sort::by(column)),
        }
    }
    clicked
}

/// An amount of money in its cell: right-aligned, with thousands separators.
pub fn money_cell(ui: &mut egui::Ui, fen: i64) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(crate::domain::money::Money(fen).grouped());
    });
}

/// What one cell shows. The cell knows how it sorts: text by pinyin and natural order
/// (陈 before 张, B-2 before B-10), money and numbers by value, dates by date.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Text in a colour (a state, a warning).
    Colored(String, egui::Color32),
    /// A long note: cut at the column's edge, the whole text on hover.
    Clip(String, egui::Color32),
    /// Money in fen: right-aligned with thousands separators.
    Money(i64),
    /// A figure as it is written (`89.50`, `12 天`), right-aligned, sorted by `value`.
    Number(String, i64),
    /// A figure in a colour (a score below the line, in red).
    ColoredNumber(String, i64, egui::Color32),
    Date(Option<chrono::NaiveDate>),
    /// Text that sorts by a value of its own (a time written `11-24 10:00`).
    Keyed(String, i64),
    /// A link that acts on its row (sorted as its text).
    Link(String),
    /// A small button that acts on its row (in a column that does not sort).
    Button(&'static str),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A long note in the text's own colour: cut at the column's edge, whole on hover.
    pub fn clip(s: impl Into<String>) -> Cell {
        Cell::Clip(s.into(), egui::Color32::PLACEHOLDER)
    }

    /// A moment as `11-24 10:00`, sorted by the moment itself.
    pub fn time(t: chrono::NaiveDateTime) -> Cell {
        Cell::Keyed(t.format("%m-%d %H:%M").to_string(), t.and_utc().timestamp())
    }

    fn sort_key(&self) -> SortKey {
        match self {
            Cell::Text(s) | Cell::Colored(s, _) | Cell::Clip(s, _) | Cell::Link(s) => {
                SortKey::Text(crate::domain::search::pinyin_key(s), s.clone())
            }
            Cell::Money(v)
            | Cell::Number(_, v)
            | Cell::ColoredNumber(_, v, _)
            | Cell::Keyed(_, v) => SortKey::Number(*v),
            Cell::Date(d) => SortKey::Date(*d),
            Cell::Button(_) | Cell::Empty => SortKey::Empty,
        }
    }

    /// Draws the cell; true when its link or button was clicked.
    fn ui(&self, ui: &mut egui::Ui) -> bool {
        let right = |ui: &mut egui::Ui, text: egui::RichText| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(text);
            });
        };
        match self {
            // Text longer than its column ends in … and shows whole on hover. While the table
            // measures its columns (the sizing pass) the whole text is laid out, so a column
            // grows to its content up to its bound instead of staying at its least width.
            Cell::Text(s) | Cell::Keyed(s, _) => {
                ui.add(fitted(egui::RichText::new(s.as_str()), ui.is_sizing_pass()));
            }
            Cell::Colored(s, c) => {
                let text = egui::RichText::new(s.as_str()).color(*c);
                ui.add(fitted(text, ui.is_sizing_pass()));
            }
            Cell::Clip(s, c) => {
                let mut text = egui::RichText::new(s.as_str());
                if *c != egui::Color32::PLACEHOLDER {
                    text = text.color(*c);
                }
                ui.add(fitted(text, ui.is_sizing_pass()));
            }
            Cell::Money(v) => right(ui, crate::domain::money::Money(*v).grouped().into()),
            Cell::Number(s, _) => right(ui, s.as_str().into()),
            Cell::ColoredNumber(s, _, c) => right(ui, egui::RichText::new(s.as_str()).color(*c)),
            Cell::Date(d) => {
                ui.label(
                    d.map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                );
            }
            Cell::Link(s) => return ui.link(s.as_str()).clicked(),
            Cell::Button(s) => return ui.small_button(*s).clicked(),
            Cell::Empty => {}
        }
        false
    }
}

/// A cell's label: whole while the table measures, cut with … (whole on hover) when drawn.
fn fitted(text: egui::RichText, measuring: bool) -> egui::Label {
    let label = egui::Label::new(text);
    if measuring {
        label.extend()
    } else {
        label.truncate()
    }
}

/// How a column sorts, worked out once per row when the sort changes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey {
    Empty,
    Number(i64),
    Date(Option<chrono::NaiveDate>),
    Text(String, String),
}

impl SortKey {
    fn cmp_key(&self, other: &SortKey) -> Ordering {
        match (self, other) {
            (SortKey::Text(a, x), SortKey::Text(b, y)) => {
                crate::domain::text::natural_cmp(a, b).then_with(|| x.cmp(y))
            }
            // An empty cell sorts first, like a blank in Excel sorted ascending.
            (SortKey::Empty, SortKey::Empty) => Ordering::Equal,
            (SortKey::Empty, _) => Ordering::Less,
            (_, SortKey::Empty) => Ordering::Greater,
            (a, b) => a.cmp(b),
        }
    }
}

/// A column: its title, its least width, the most it grows to fit its cells (past that a
/// cell is cut, whole on hover), and whether a click on its title sorts by it.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub title: &'static str,
    pub width: f32,
    pub max: f32,
    pub sortable: bool,
}

impl Col {
    pub const fn new(title: &'static str, width: f32) -> Col {
        Col {
            title,
            width,
            max: width * 2.0,
            sortable: true,
        }
    }

    /// A column whose cells are controls (a button), not values: it does not sort.
    pub const fn fixed(title: &'static str, width: f32) -> Col {
        Col {
            title,
            width,
            max: width,
            sortable: false,
        }
    }

    /// A column of figures (money, counts): right-aligned cells fill their column, so it
    /// keeps the width given rather than growing to its bound.
    pub const fn num(title: &'static str, width: f32) -> Col {
        Col {
            title,
            width,
            max: width,
            sortable: true,
        }
    }

    /// A column that may grow to `max` for long content (a course's name).
    pub const fn up_to(mut self, max: f32) -> Col {
        self.max = max;
        self
    }
}

/// What the person did with the table this frame.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TableOut {
    /// A row was chosen (a click, or ↑/↓): its index in the rows given.
    pub selected: Option<usize>,
    /// A row was opened (a double click, or Enter on the chosen row).
    pub opened: Option<usize>,
    /// A link or button was clicked: its row and column.
    pub action: Option<(usize, usize)>,
}

/// The one table of every screen: a header that sorts by a click (▲/▼), cells that align
/// and format by kind, rows laid out only when in view, sideways scrolling when the window is
/// narrow, and ↑/↓/Enter to move through and open rows. The view keeps this state (so a reload
/// keeps the sort) and hands it the rows that pass its filter, in the query's own order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Table {
    pub sort: Option<Sort>,
    /// The rows given, in the order shown.
    order: Vec<usize>,
    /// What `order` was worked out from: the rows given and the sort then.
    sorted_from: Option<(Vec<usize>, Option<Sort>)>,
    /// The sort column's key of each row worked out so far (by row index), kept until the
    /// rows change, so a search narrowing 5,000 rows sorts again without reading them again.
    keys: (usize, Vec<Option<SortKey>>),
    /// ↑/↓/Enter act on this table (one per screen: its main list).
    keyboard: bool,
    /// A short list inside a panel that scrolls as a whole: every row laid out, no scrolling
    /// of its own.
    inline: bool,
    scroll_to: Option<usize>,
}

impl Table {
    pub fn new(sort: Option<Sort>) -> Table {
        Table {
            sort,
            ..Table::default()
        }
    }

    /// The screen's main list: ↑/↓ move the chosen row and Enter opens it while no text
    /// field has the cursor.
    pub fn with_keyboard(mut self) -> Table {
        self.keyboard = true;
        self
    }

    /// A short list inside a scrolling panel (a unit's receipts): no scroll bar of its own.
    pub fn inline(mut self) -> Table {
        self.set_inline();
        self
    }

    pub fn set_inline(&mut self) {
        self.inline = true;
    }

    /// The rows changed under the same indices (a reload): sort them again.
    pub fn invalidate(&mut self) {
        self.sorted_from = None;
        self.keys.1.clear();
    }

    /// The rows of `visible` in the order the table shows them (as last drawn, or as given
    /// when the table has not been drawn with them yet).
    pub fn shown(&self, visible: &[usize]) -> Vec<usize> {
        match &self.sorted_from {
            Some((v, s)) if v.as_slice() == visible && *s == self.sort => self.order.clone(),
            _ => visible.to_vec(),
        }
    }

    fn resort(&mut self, visible: &[usize], cell: &impl Fn(usize, usize) -> Cell) {
        let fresh = self
            .sorted_from
            .as_ref()
            .is_some_and(|(v, s)| v.as_slice() == visible && *s == self.sort);
        if fresh {
            return;
        }
        self.order = visible.to_vec();
        if let Some(sort) = self.sort {
            if self.keys.0 != sort.column {
                self.keys = (sort.column, Vec::new());
            }
            let cache = &mut self.keys.1;
            if let Some(&most) = visible.iter().max()
                && cache.len() <= most
            {
                cache.resize(most + 1, None);
            }
            for &i in visible {
                if cache[i].is_none() {
                    cache[i] = Some(cell(i, sort.column).sort_key());
                }
            }
            let key = |i: usize| cache[i].as_ref().unwrap_or(&SortKey::Empty);
            self.order.sort_by(|&x, &y| {
                let o = key(x).cmp_key(key(y));
                if sort.ascending { o } else { o.reverse() }
            });
        }
        self.sorted_from = Some((visible.to_vec(), self.sort));
    }

    /// Draws a row for every index `i` of the view's rows in `visible`; `selected` is the
    /// chosen row's index; `cell(i, column)` says what a cell shows.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        salt: &str,
        cols: &[Col],
        visible: &[usize],
        selected: Option<usize>,
        cell: impl Fn(usize, usize) -> Cell,
    ) -> TableOut {
        self.resort(visible, &cell);
        let mut out = TableOut::default();
        if self.keyboard {
            self.keys(ui, selected, &mut out);
        }
        let mut clicked_header = None;
        let order = std::mem::take(&mut self.order);
        let sort = self.sort;
        let scroll_to = self.scroll_to.take();
        let inline = self.inline;
        egui::ScrollArea::horizontal()
            .id_salt((salt, "sideways"))
            .show(ui, |ui| {
                // Selectable labels would swallow the clicks meant for the row.
                ui.style_mut().interaction.selectable_labels = false;
                let mut t = egui_extras::TableBuilder::new(ui)
                    .id_salt(salt)
                    .striped(true)
                    .resizable(true)
                    .sense(egui::Sense::click())
                    .vscroll(!inline)
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
                // Columns grow to fit their cells up to a bound, and the last takes what is
                // left, so that a table fits the window instead of running past its edge.
                // A last column of figures keeps its width; an empty one takes the rest of
                // the row, so a percentage does not stand alone at the far right.
                let filler = cols.last().is_some_and(|c| c.max <= c.width);
                for (i, c) in cols.iter().enumerate() {
                    t = t.column(if i + 1 == cols.len() && !filler {
                        egui_extras::Column::remainder()
                            .at_least(c.width.min(60.0))
                            .clip(true)
                    } else {
                        egui_extras::Column::auto()
                            .at_least(c.width)
                            .at_most(c.max.max(c.width))
                            .clip(true)
                    });
                }
                if filler {
                    t = t.column(egui_extras::Column::remainder().at_least(0.0));
                }
                if let Some(pos) = scroll_to {
                    t = t.scroll_to_row(pos, None);
                }
                t.header(theme::ROW_HEIGHT + 4.0, |mut h| {
                    for (column, c) in cols.iter().enumerate() {
                        h.col(|ui| {
                            if !c.sortable {
                                ui.strong(c.title);
                                return;
                            }
                            let mut s = sort;
                            if sort_header(ui, &mut s, c.title, column) {
                                clicked_header = s;
                            }
                        });
                    }
                    if filler {
                        h.col(|_| {});
                    }
                })
                .body(|body| {
                    body.rows(theme::ROW_HEIGHT, order.len(), |mut row| {
                        let i = order[row.index()];
                        row.set_selected(selected == Some(i));
                        for column in 0..cols.len() {
                            row.col(|ui| {
                                if cell(i, column).ui(ui) {
                                    out.action = Some((i, column));
                                }
                            });
                        }
                        if filler {
                            row.col(|_| {});
                        }
                        let resp = row.response();
                        if resp.double_clicked() {
                            out.selected = Some(i);
                            out.opened = Some(i);
                        } else if resp.clicked() {
                            out.selected = Some(i);
                        }
                    });
                });
            });
        self.order = order;
        if let Some(s) = clicked_header {
            self.sort = Some(s);
        }
        out
    }

    fn keys(&mut self, ui: &egui::Ui, selected: Option<usize>, out: &mut TableOut) {
        let typing = ui.ctx().memory(|m| m.focused().is_some());
        if typing || self.order.is_empty() {
            return;
        }
        let (down, up, enter) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowDown),
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::Enter),
            )
        });
        let pos = selected.and_then(|s| self.order.iter().position(|&i| i == s));
        let next = match (pos, down, up) {
            (None, true, _) | (None, _, true) => Some(0),
            (Some(p), true, _) => Some((p + 1).min(self.order.len() - 1)),
            (Some(p), _, true) => Some(p.saturating_sub(1)),
            _ => None,
        };
        if let Some(p) = next {
            out.selected = Some(self.order[p]);
            self.scroll_to = Some(p);
        } else if enter && let Some(p) = pos {
            out.opened = Some(self.order[p]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_click_turns_the_sort_round_and_equal_rows_keep_their_order() {
        let mut s = Sort::by(0);
        assert_eq!(s.title("姓名", 0), "姓名 ▲");
        assert_eq!(s.title("部门", 1), "部门");
        s.click(0);
        assert_eq!(s.title("姓名", 0), "姓名 ▼");
        s.click(1);
        assert_eq!(s, Sort::by(1));
        let rows = [("b", 1), ("a", 2), ("c", 1)];
        let mut visible = vec![0, 1, 2];
        s.apply(&rows, &mut visible, |a, b, c| match c {
            0 => a.0.cmp(b.0),
            _ => a.1.cmp(&b.1),
        });
        assert_eq!(visible, vec![0, 2, 1]);
        s.click(1);
        s.apply(&rows, &mut visible, |a, b, c| match c {
            0 => a.0.cmp(b.0),
            _ => a.1.cmp(&b.1),
        });
        assert_eq!(visible, vec![1, 0, 2]);
    }

    #[test]
    fn cells_sort_by_kind_and_a_narrower_search_keeps_the_order() {
        let names = ["张伟", "陈建国", "曾丽", "", "B-10", "B-2"];
        let money = [100_000, 99, 2_500_000, 5, 0, 300];
        let cell = |i: usize, c: usize| match c {
            0 if names[i].is_empty() => Cell::Empty,
            0 => Cell::text(names[i]),
            _ => Cell::Money(money[i]),
        };
        let all: Vec<usize> = (0..names.len()).collect();
        let mut t = Table::new(Some(Sort::by(0)));
        t.resort(&all, &cell);
        // Blank first, then letters and figures in natural order, then names by pinyin
        // (陈 chen, 张 zhang, 曾 zeng as a surname).
        assert_eq!(t.shown(&all), vec![3, 5, 4, 1, 2, 0]);
        t.sort = Some(Sort {
            column: 1,
            ascending: false,
        });
        t.resort(&all, &cell);
        assert_eq!(
            t.shown(&all),
            vec![2, 0, 5, 1, 3, 4],
            "money by value, largest first"
        );
        // A search leaves some rows: the same order, nothing read again.
        let some = vec![0, 1, 4];
        t.resort(&some, &|_, _| panic!("the keys are kept"));
        assert_eq!(t.shown(&some), vec![0, 1, 4]);
        // New rows under the same indices are read again.
        t.invalidate();
        let flipped = |i: usize, _| Cell::Money(-money[i]);
        t.resort(&some, &flipped);
        assert_eq!(t.shown(&some), vec![4, 1, 0]);
    }
}
