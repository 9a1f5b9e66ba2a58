//! 设置 › 打印: what 打印 does with a finished PDF — open it in the PDF viewer (the default), or
//! send it straight to one of this computer's printers. Saved with the page's one 保存.

use crate::app::Command;
use crate::printing::Delivery;
use crate::ui::theme;

pub const OPEN: &str = "用 PDF 查看器打开（在查看器里打印）";
pub const DIRECT: &str = "直接送到打印机";

#[derive(Debug, Clone, Default)]
pub struct PrintingDraft {
    /// `OPEN` or `DIRECT`.
    pub mode: String,
    /// The printer's queue name, typed or picked from `printers`.
    pub printer: String,
    /// The printers 查找打印机 found (None: not looked yet).
    pub printers: Option<Vec<String>>,
    pub error: Option<String>,
}

impl PrintingDraft {
    /// The section as stored.
    pub fn set(&mut self, d: &Delivery) {
        match d {
            Delivery::Open => self.mode = OPEN.into(),
            Delivery::Printer(p) => {
                self.mode = DIRECT.into();
                self.printer = p.clone();
            }
        }
        self.error = None;
    }

    /// The choice as typed, or what is wrong with it.
    pub fn validate(&self) -> Result<Delivery, Vec<String>> {
        if self.mode != DIRECT {
            return Ok(Delivery::Open);
        }
        crate::printing::check_printer_name(&self.printer)
            .map(Delivery::Printer)
            .map_err(|e| vec![format!("【打印】{e}")])
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, errors: &[String], commands: &mut Vec<Command>) {
        ui.heading("打印");
        ui.label(
            egui::RichText::new(
                "每个“打印…”都先把 PDF 保存到所填的位置，再按这里的选择打开或送打印机；打印窗口里的“只保存 PDF”只保存、不打印。",
            )
            .color(theme::MUTED),
        );
        egui::Grid::new("printing_settings")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                crate::ui::choice(ui, "打印方式", &mut self.mode, &[OPEN, DIRECT], OPEN);
                if self.mode == DIRECT {
                    let l = ui.label("打印机");
                    ui.horizontal(|ui| {
                        ui.add(
                            egui::TextEdit::singleline(&mut self.printer)
                                .char_limit(127)
                                .hint_text("打印机名称")
                                .desired_width(theme::FIELD_WIDTH * 0.6),
                        )
                        .labelled_by(l.id);
                        if let Some(list) = &self.printers
                            && !list.is_empty()
                        {
                            egui::ComboBox::from_id_salt("printer_list")
                                .selected_text("选择…")
                                .show_ui(ui, |ui| {
                                    for p in list {
                                        ui.selectable_value(&mut self.printer, p.clone(), p);
                                    }
                                });
                        }
                        if ui.button("查找打印机").clicked() {
                            self.error = None;
                            commands.push(Command::FindPrinters);
                        }
                    });
                    ui.end_row();
                }
            });
        if self.mode == DIRECT {
            match &self.printers {
                Some(list) if list.is_empty() => {
                    ui.colored_label(theme::WARNING, "本机还没有安装打印机。");
                }
                Some(list) => {
                    ui.label(
                        egui::RichText::new(format!("本机的打印机：{}", list.join("、")))
                            .color(theme::MUTED),
                    );
                }
                None => {}
            }
        }
        if let Some(e) = &self.error {
            ui.colored_label(theme::ERROR, e);
        }
        for e in errors {
            ui.colored_label(theme::ERROR, e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_draft_reads_back_what_was_stored() {
        let mut d = PrintingDraft::default();
        d.set(&Delivery::Printer("前台".into()));
        assert_eq!(d.validate().ok(), Some(Delivery::Printer("前台".into())));
        d.set(&Delivery::Open);
        assert_eq!(d.validate().ok(), Some(Delivery::Open));
    }

    #[test]
    fn a_direct_choice_needs_a_printer() {
        let d = PrintingDraft {
            mode: DIRECT.into(),
            printer: "  ".into(),
            ..Default::default()
        };
        let e = d.validate().err().unwrap_or_default().join("");
        assert!(e.contains("【打印】") && e.contains("打印机名称"), "{e}");
    }
}
