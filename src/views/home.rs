//! 首页: the estate's figures at a glance.

use crate::app::{Command, Nav};
use crate::db::estate::EstateStats;
use crate::db::settings::OfficeSettings;
use crate::ui::theme;

pub struct HomeView {
    stats: EstateStats,
    pub stale: bool,
}

impl Default for HomeView {
    fn default() -> Self {
        HomeView {
            stats: EstateStats::default(),
            stale: true,
        }
    }
}

fn figure(ui: &mut egui::Ui, label: &str, value: String) {
    egui::Frame::group(ui.style())
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_min_width(130.0);
            ui.vertical(|ui| {
                ui.label(egui::RichText::new(label).color(theme::MUTED));
                ui.label(egui::RichText::new(value).size(26.0).strong());
            });
        });
}

impl HomeView {
    pub fn set_stats(&mut self, stats: EstateStats) {
        self.stats = stats;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, office: &OfficeSettings, commands: &mut Vec<Command>) {
        let s = &self.stats;
        ui.heading(format!("{} · {}", office.estate_name, office.office_name));
        ui.label(crate::domain::date::doc_date(
            chrono::Local::now().date_naive(),
        ));
        ui.add_space(12.0);
        if s.units == 0 {
            ui.label("还没有房屋数据。可以在“房屋与业主”中新增或导入，或运行 taizhang demo 生成演示小区。");
            if ui.button("前往 房屋与业主").clicked() {
                commands.push(Command::Navigate(Nav::Units));
            }
            return;
        }
        ui.horizontal_wrapped(|ui| {
            figure(ui, "楼栋", format!("{} 栋", s.buildings));
            figure(ui, "房屋", format!("{} 户", s.units));
            figure(ui, "收费面积合计", format!("{} ㎡", s.total_area));
            figure(ui, "在住业主/住户", format!("{} 人", s.owners));
            figure(ui, "需特别关照", format!("{} 人", s.special_care));
            figure(
                ui,
                "业主资料不全/未签字",
                format!("{} 人", s.incomplete_files),
            );
        });
        ui.add_space(8.0);
        ui.label(egui::RichText::new("房屋状态").strong());
        ui.horizontal_wrapped(|ui| {
            for (state, n) in &s.by_state {
                figure(ui, state.as_str(), format!("{n} 户"));
            }
        });
        ui.add_space(8.0);
        ui.label(egui::RichText::new("房屋用途").strong());
        ui.horizontal_wrapped(|ui| {
            for (usage, n) in &s.by_usage {
                figure(ui, usage.as_str(), format!("{n} 户"));
            }
        });
    }
}
