//! 操作日志: the manager's screen over the append-only log — filtered by person, date range,
//! kind and words in the record or what was done; the chosen entry shown whole below the
//! list; 导出 Excel… writes what the filter keeps.

use crate::app::Command;
use crate::db::audit::{Entry, Filter};
use crate::ui::table::{Cell, Col, Table};
use crate::ui::theme;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum AuditCommand {
    /// Reads the entries the filter keeps (on a worker).
    Search(Filter),
    /// Opens the export window.
    Export,
    BrowseExport,
    /// Writes every entry the filter keeps to this workbook.
    ExportTo(Filter, PathBuf),
}

impl From<AuditCommand> for Command {
    fn from(c: AuditCommand) -> Command {
        Command::Audit(c)
    }
}

/// How many entries the list shows at most (the export writes them all).
pub const SHOWN: usize = 500;

const COLS: [Col; 7] = [
    Col::new("时间", 140.0),
    Col::new("操作人", 60.0),
    Col::new("类别", 70.0),
    Col::new("记录", 150.0).up_to(240.0),
    Col::new("内容", 200.0).up_to(320.0),
    Col::new("改动", 120.0).up_to(300.0),
    Col::new("原因", 80.0),
];

#[derive(Debug, Default)]
pub struct AuditView {
    pub from: String,
    pub to: String,
    pub who: String,
    pub kind: String,
    pub text: String,
    pub rows: Vec<Entry>,
    /// How many entries the filter kept in all (the list shows the newest `SHOWN`).
    pub total: usize,
    pub people: Vec<String>,
    pub kinds: Vec<String>,
    pub table: Table,
    pub selected: Option<usize>,
    pub loading: bool,
    pub stale: bool,
    pub error: Option<String>,
    pub export: Option<crate::ui::PathForm>,
}

impl AuditView {
    /// The filter as typed; a date that does not read is named.
    pub fn filter(&self) -> Result<Filter, String> {
        let day = crate::domain::date::parse_optional_date;
        let from = day(&self.from, "起始日期")?;
        let to = day(&self.to, "截止日期")?;
        if let (Some(a), Some(b)) = (from, to)
            && b < a
        {
            return Err("截止日期早于起始日期".into());
        }
        Ok(Filter {
            from,
            to,
            who: self.who.clone(),
            kind: self.kind.clone(),
            text: self.text.trim().to_string(),
        })
    }

    pub fn set_rows(
        &mut self,
        rows: Vec<Entry>,
        total: usize,
        people: Vec<String>,
        kinds: Vec<String>,
    ) {
        self.rows = rows;
        self.total = total;
        self.people = people;
        self.kinds = kinds;
        self.selected = None;
        self.table.invalidate();
        self.loading = false;
        self.error = None;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.heading("操作日志");
        ui.label(
            egui::RichText::new(
                "谁在何时做了什么：每一次写入都记在这里，只能追加，不能修改或删除。",
            )
            .color(theme::MUTED),
        );
        ui.add_space(4.0);
        let mut go = false;
        ui.horizontal_wrapped(|ui| {
            for (label, value) in [("起始日期", &mut self.from), ("截止日期", &mut self.to)]
            {
                let l = ui.label(label);
                let r = ui
                    .add(
                        egui::TextEdit::singleline(value)
                            .char_limit(20)
                            .hint_text("2026-12-01")
                            .desired_width(96.0),
                    )
                    .labelled_by(l.id);
                go |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            }
            for (label, value, options, salt) in [
                ("操作人", &mut self.who, &self.people, "audit_who"),
                ("类别", &mut self.kind, &self.kinds, "audit_kind"),
            ] {
                let l = ui.label(label);
                egui::ComboBox::from_id_salt(salt)
                    .selected_text(if value.is_empty() {
                        "全部"
                    } else {
                        value.as_str()
                    })
                    .width(96.0)
                    .show_ui(ui, |ui| {
                        go |= ui.selectable_value(value, String::new(), "全部").clicked();
                        for o in options {
                            go |= ui.selectable_value(value, o.clone(), o.as_str()).clicked();
                        }
                    })
                    .response
                    .labelled_by(l.id);
            }
            let l = ui.label("记录或内容");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.text)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                        .hint_text("如 10号楼1单元1201、收据号")
                        .desired_width(180.0),
                )
                .labelled_by(l.id);
            go |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            go |= ui.button("查询").clicked();
            if ui
                .add_enabled(!self.rows.is_empty(), egui::Button::new("导出 Excel…"))
                .clicked()
            {
                commands.push(AuditCommand::Export.into());
            }
        });
        if go {
            match self.filter() {
                Ok(f) => commands.push(AuditCommand::Search(f).into()),
                Err(e) => self.error = Some(e),
            }
        }
        if let Some(e) = &self.error {
            ui.colored_label(theme::ERROR, e);
        }
        ui.label(if self.loading {
            "正在读取……".to_string()
        } else if self.total > self.rows.len() {
            format!(
                "共 {} 条，列出最近的 {} 条（导出包含全部）。",
                self.total,
                self.rows.len()
            )
        } else {
            format!("共 {} 条。", self.total)
        });
        // The chosen entry whole, under the list (the cells cut long text).
        let detail_height = if self.selected.is_some() { 96.0 } else { 0.0 };
        let rows = &self.rows;
        let visible: Vec<usize> = (0..rows.len()).collect();
        ui.allocate_ui(
            egui::vec2(
                ui.available_width(),
                (ui.available_height() - detail_height).max(120.0),
            ),
            |ui| {
                let out = self
                    .table
                    .show(ui, "audit", &COLS, &visible, self.selected, |i, c| {
                        let e = &rows[i];
                        match c {
                            0 => Cell::text(e.at.clone()),
                            1 => Cell::text(e.who.clone()),
                            2 => Cell::text(e.kind.clone()),
                            3 => Cell::clip(e.record.clone()),
                            4 => Cell::clip(e.what.clone()),
                            5 => Cell::clip(e.changes.clone()),
                            _ => Cell::clip(e.reason.clone()),
                        }
                    });
                if let Some(i) = out.selected {
                    self.selected = Some(i);
                }
            },
        );
        if let Some(e) = self.selected.and_then(|i| self.rows.get(i)) {
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("audit_detail")
                .max_height(detail_height)
                .show(ui, |ui| entry_text(ui, e));
        }
        let filter = self.filter();
        if let Some(form) = &mut self.export {
            match crate::ui::path_dialog(
                ui.ctx(),
                "导出操作日志",
                "按当前筛选条件导出全部条目（Excel）。",
                "保存到",
                &mut form.path,
                form.error.as_deref(),
                "导出",
            ) {
                crate::ui::PathAction::None | crate::ui::PathAction::Print(_) => {}
                crate::ui::PathAction::Browse => commands.push(AuditCommand::BrowseExport.into()),
                crate::ui::PathAction::Close => self.export = None,
                crate::ui::PathAction::Go(p) => match filter {
                    Ok(f) => commands.push(AuditCommand::ExportTo(f, p).into()),
                    Err(e) => form.error = Some(e),
                },
            }
        }
    }
}

/// One entry in full: when, who, what; the record, the changes and the reason when it has them.
pub fn entry_text(ui: &mut egui::Ui, e: &Entry) {
    ui.label(format!("{}  {}  【{}】 {}", e.at, e.who, e.kind, e.what));
    if !e.record.is_empty() {
        ui.label(format!("记录：{}", e.record));
    }
    if !e.changes.is_empty() {
        ui.label(format!("改动：{}", e.changes));
    }
    if !e.reason.is_empty() {
        ui.label(format!("原因：{}", e.reason));
    }
}
