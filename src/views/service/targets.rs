//! 月度目标: each customer-service staff member's households visited this month against the
//! target (the front desk: proactive contacts), incomplete records, and who is short.

use super::ServiceView;
use crate::ui::table::{Cell, Col};
use crate::ui::theme;

impl ServiceView {
    pub(super) fn targets_ui(&mut self, ui: &mut egui::Ui) {
        let targets = &self.data.targets;
        let short: Vec<String> = targets
            .iter()
            .filter(|t| t.shortfall() > 0)
            .map(|t| format!("{}（差 {}）", t.staff, t.shortfall()))
            .collect();
        let month = self.data.month.map(|m| m.doc()).unwrap_or_default();
        if targets.is_empty() {
            ui.label("客服部还没有员工。");
            return;
        }
        if short.is_empty() {
            ui.colored_label(theme::SUCCESS, format!("{month}：每人都已达到走访目标。"));
        } else {
            ui.colored_label(
                theme::WARNING,
                format!("{month} 未达标 {} 人：{}", short.len(), short.join("、")),
            );
        }
        let figures = crate::db::complaints::Figures::of(
            &self.data.complaints,
            &self.data.repairs,
            &self.data.rules,
            &self.data.calendar,
            self.now,
        );
        ui.label(format!("{month}：{}", figures.text()));
        ui.colored_label(
            theme::MUTED,
            "走访户数按户计（同一户多次只算一户）；前台按主动沟通次数计。记录不完整：需跟进未跟进，或没有照片（种子文件 000：记录、回访、照片不完整每份扣 2 分）。",
        );
        // Progress bars, one per person, then the table that sorts.
        egui::Grid::new("target_bars")
            .num_columns(3)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                for t in targets {
                    ui.label(&t.staff);
                    let done = t.done();
                    let frac = (done as f32 / t.target.max(1) as f32).min(1.0);
                    let what = if t.front_desk() { "次" } else { "户" };
                    ui.add(
                        egui::ProgressBar::new(frac)
                            .desired_width(260.0)
                            .fill(if done >= t.target {
                                theme::SUCCESS
                            } else {
                                theme::WARNING
                            })
                            .text(format!("{done} / {} {what}", t.target)),
                    );
                    if t.tally.incomplete > 0 {
                        ui.colored_label(
                            theme::ERROR,
                            format!("记录不完整 {} 份", t.tally.incomplete),
                        );
                    } else {
                        ui.label("");
                    }
                    ui.end_row();
                }
            });
        ui.add_space(6.0);
        const COLS: [Col; 7] = [
            Col::new("姓名", 70.0),
            Col::new("岗位", 80.0),
            Col::num("走访户数", 80.0),
            Col::num("主动沟通", 80.0),
            Col::num("目标", 60.0),
            Col::num("差额", 60.0),
            Col::num("不完整", 70.0),
        ];
        let all: Vec<usize> = (0..targets.len()).collect();
        self.targets_table
            .show(ui, "targets", &COLS, &all, None, |i, column| {
                let t = &targets[i];
                let n = |v: i64| Cell::Number(v.to_string(), v);
                match column {
                    0 => Cell::text(&t.staff),
                    1 => Cell::text(&t.position),
                    2 => n(t.tally.households),
                    3 => n(t.tally.contacts),
                    4 => n(t.target),
                    5 if t.shortfall() > 0 => {
                        Cell::ColoredNumber(t.shortfall().to_string(), t.shortfall(), theme::ERROR)
                    }
                    5 => n(0),
                    _ => n(t.tally.incomplete),
                }
            });
    }
}
