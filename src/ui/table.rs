//! What every table shares: a header that sorts by a click (▲/▼ shown), the sort kept in the
//! view so that a reload keeps it, and money right-aligned with thousands separators.

use std::cmp::Ordering;

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
}
