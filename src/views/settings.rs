//! 设置: the office's name and contact, printed on every document.

use crate::app::Command;
use crate::db::settings::OfficeSettings;
use crate::ui::labelled_field;

pub struct SettingsView {
    draft: OfficeSettings,
}

impl SettingsView {
    pub fn new(current: OfficeSettings) -> SettingsView {
        SettingsView { draft: current }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.heading("设置");
        ui.add_space(8.0);
        egui::Grid::new("settings")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                labelled_field(
                    ui,
                    "管理处名称",
                    &mut self.draft.office_name,
                    "如：锦绣花园物业管理处",
                );
                labelled_field(ui, "小区名称", &mut self.draft.estate_name, "如：锦绣花园");
                labelled_field(ui, "管理处电话", &mut self.draft.office_phone, "印在通知上");
            });
        ui.add_space(8.0);
        if ui.button("保存设置").clicked() {
            commands.push(Command::SaveSettings(self.draft.clone()));
        }
    }
}
