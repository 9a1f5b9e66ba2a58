//! The other tabs of 员工档案: training records, the staffing check, departments and posts.

use super::staff::{PositionEdit, StaffView};
use crate::app::{Command, Nav, StaffCommand};
use crate::domain::date::iso;
use crate::domain::staff::{Duty, StaffingVerdict, TrainingResult, hours_text};
use crate::ui::table::{Cell, Col};
use crate::ui::theme;
use chrono::Datelike;

fn split_kinds(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；'])
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

fn duty_choice(ui: &mut egui::Ui, id: (&str, usize), label_id: egui::Id, duty: &mut String) {
    egui::ComboBox::from_id_salt(id)
        .selected_text(if duty.is_empty() {
            "无"
        } else {
            duty.as_str()
        })
        .show_ui(ui, |ui| {
            ui.selectable_value(duty, String::new(), "无");
            for d in Duty::ALL {
                ui.selectable_value(duty, d.as_str().to_string(), d.as_str());
            }
        })
        .response
        .labelled_by(label_id);
}

impl StaffView {
    pub(super) fn trainings_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if self.may_write && ui.button("记录培训…").clicked() {
                self.training = Some(super::staff_dialogs::TrainingForm::new(self.data.today));
            }
            let month = self.data.today.format("%Y-%m").to_string();
            let missed: usize = self
                .data
                .trainings
                .iter()
                .filter(|t| iso(t.date).starts_with(&month))
                .map(|t| {
                    t.attendees
                        .iter()
                        .filter(|a| a.3 == TrainingResult::Absent)
                        .count()
                })
                .sum();
            ui.label(
                egui::RichText::new(format!(
                    "共 {} 次培训；本月缺席 {missed} 人次（计入月度考核）",
                    self.data.trainings.len()
                ))
                .color(theme::MUTED),
            );
        });
        ui.separator();
        if self.data.trainings.is_empty() {
            ui.label("还没有培训记录。新员工入职后应组织为期一周的入职培训，点“记录培训…”登记。");
            return;
        }
        const COLS: [Col; 8] = [
            Col::new("日期", 100.0).up_to(170.0),
            Col::new("课程", 120.0).up_to(240.0),
            Col::new("类别", 70.0),
            Col::num("学时", 50.0),
            Col::new("培训人", 60.0),
            Col::num("人数", 50.0),
            Col::new("缺席/不合格", 80.0),
            Col::new("参加人员（结果）", 200.0),
        ];
        let trainings = &self.data.trainings;
        let all: Vec<usize> = (0..trainings.len()).collect();
        self.trainings_table
            .show(ui, "trainings", &COLS, &all, None, |i, column| {
                let t = &trainings[i];
                let failed = t
                    .attendees
                    .iter()
                    .filter(|a| matches!(a.3, TrainingResult::Absent | TrainingResult::Failed))
                    .count();
                match column {
                    0 => Cell::Keyed(
                        format!(
                            "{}{}",
                            iso(t.date),
                            t.end_date
                                .map(|e| format!(" 至 {}", e.format("%m-%d")))
                                .unwrap_or_default()
                        ),
                        t.date.num_days_from_ce() as i64,
                    ),
                    1 => Cell::text(&t.course),
                    2 => Cell::text(t.kind.as_str()),
                    3 => Cell::Number(hours_text(t.hours_tenths), t.hours_tenths),
                    4 => Cell::text(&t.trainer),
                    5 => Cell::Number(t.attendees.len().to_string(), t.attendees.len() as i64),
                    6 if failed > 0 => {
                        Cell::ColoredNumber(failed.to_string(), failed as i64, theme::ERROR)
                    }
                    6 => Cell::Number("0".into(), 0),
                    _ => Cell::clip(
                        t.attendees
                            .iter()
                            .map(|(_, name, _, result)| format!("{name}（{result}）"))
                            .collect::<Vec<_>>()
                            .join("、"),
                    ),
                }
            });
    }

    pub(super) fn staffing_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let s = &self.data.settings.staffing;
        ui.label(format!(
            "室外保洁面积 {} ㎡ · 室内保洁面积 {} ㎡ · 绿化面积 {} ㎡（按在职员工所在岗位的“配置类别”统计）",
            s.outdoor_cleaning_area, s.indoor_cleaning_area, s.green_area
        ));
        if ui.link("在“设置”中修改面积和标准").clicked() {
            commands.push(Command::Navigate(Nav::Settings));
        }
        ui.add_space(6.0);
        const COLS: [Col; 6] = [
            Col::new("项目", 120.0),
            Col::new("依据", 220.0),
            Col::new("应配", 80.0),
            Col::new("实有", 120.0),
            Col::new("结论", 60.0),
            Col::new("说明", 160.0),
        ];
        let lines = &self.data.staffing;
        let all: Vec<usize> = (0..lines.len()).collect();
        self.staffing_table
            .show(ui, "staffing", &COLS, &all, None, |i, column| {
                let line = &lines[i];
                match column {
                    0 => Cell::text(&line.item),
                    1 => Cell::text(&line.basis),
                    2 => Cell::text(&line.required),
                    3 => Cell::text(&line.actual),
                    4 => {
                        let (color, text) = match line.verdict {
                            StaffingVerdict::Enough => (theme::SUCCESS, "达标"),
                            StaffingVerdict::Short => (theme::ERROR, "不足"),
                            StaffingVerdict::Unclear => (theme::WARNING, "待核"),
                        };
                        Cell::Colored(text.into(), color)
                    }
                    _ => Cell::clip(&line.note),
                }
            });
    }

    pub(super) fn setup_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        egui::ScrollArea::vertical()
            .id_salt("setup")
            .show(ui, |ui| {
                ui.heading("部门");
                ui.label(
                    egui::RichText::new("改名后该部门的员工随之改名；部门不会被删除，以免历史记录失去归属。")
                        .color(theme::MUTED),
                );
                egui::Grid::new("departments")
                    .num_columns(3)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        let counts: Vec<i64> =
                            self.data.departments.iter().map(|d| d.active_staff).collect();
                        for (i, (id, name)) in self.department_names.iter_mut().enumerate() {
                            let l = ui.label(format!("在职 {} 人", counts.get(i).copied().unwrap_or(0)));
                            ui.add_sized([160.0, 24.0], egui::TextEdit::singleline(name)
.char_limit(crate::domain::text::MAX_TEXT_CHARS))
                                .labelled_by(l.id);
                            let original = self.data.departments.get(i).map(|d| d.name.as_str());
                            if ui
                                .add_enabled(original != Some(name.as_str()), egui::Button::new("改名"))
                                .clicked()
                            {
                                commands.push(StaffCommand::RenameDepartment(*id, name.clone()).into());
                            }
                            ui.end_row();
                        }
                        let l = ui.label("新部门");
                        ui.add_sized(
                            [160.0, 24.0],
                            egui::TextEdit::singleline(&mut self.new_department)
.char_limit(crate::domain::text::MAX_TEXT_CHARS).hint_text("如 会所部"),
                        )
                        .labelled_by(l.id);
                        if ui
                            .add_enabled(!self.new_department.trim().is_empty(), egui::Button::new("添加部门"))
                            .clicked()
                        {
                            commands.push(StaffCommand::AddDepartment(self.new_department.clone()).into());
                        }
                        ui.end_row();
                    });
                ui.add_space(12.0);
                ui.heading("岗位");
                ui.label(
                    egui::RichText::new(
                        "“要求证书”用顿号分隔，缺少的员工会被标出；“配置类别”用于人员配置检查和 60 周岁以下占比。",
                    )
                    .color(theme::MUTED),
                );
                egui::Grid::new("positions")
                    .num_columns(5)
                    .striped(true)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        let headers = [
                            ui.strong("岗位").id,
                            ui.strong("配置类别").id,
                            ui.strong("要求证书").id,
                        ];
                        ui.strong("在职");
                        ui.label("");
                        ui.end_row();
                        let counts: Vec<i64> =
                            self.data.positions.iter().map(|p| p.active_staff).collect();
                        for (i, p) in self.position_edits.iter_mut().enumerate() {
                            position_row(ui, i, headers, p, counts.get(i).copied(), commands);
                        }
                        position_row(
                            ui,
                            usize::MAX,
                            headers,
                            &mut self.new_position,
                            None,
                            commands,
                        );
                    });
            });
    }
}

fn position_row(
    ui: &mut egui::Ui,
    i: usize,
    headers: [egui::Id; 3],
    p: &mut PositionEdit,
    count: Option<i64>,
    commands: &mut Vec<Command>,
) {
    let new = p.id.is_none();
    ui.add_sized(
        [150.0, 24.0],
        egui::TextEdit::singleline(&mut p.name)
            .char_limit(crate::domain::text::MAX_TEXT_CHARS)
            .hint_text(if new { "新岗位名称" } else { "" }),
    )
    .labelled_by(headers[0]);
    duty_choice(ui, ("duty", i), headers[1], &mut p.duty);
    ui.add_sized(
        [280.0, 24.0],
        egui::TextEdit::singleline(&mut p.required)
            .char_limit(crate::domain::text::MAX_TEXT_CHARS)
            .hint_text(if new {
                "如 低压电工作业证"
            } else {
                "无"
            }),
    )
    .labelled_by(headers[2]);
    ui.label(count.map(|c| format!("{c} 人")).unwrap_or_default());
    let label = if new { "添加岗位" } else { "保存" };
    if ui
        .add_enabled(!p.name.trim().is_empty(), egui::Button::new(label))
        .clicked()
    {
        commands.push(
            StaffCommand::SavePosition {
                id: p.id,
                name: p.name.clone(),
                duty: Duty::parse(&p.duty),
                required: split_kinds(&p.required),
            }
            .into(),
        );
    }
    ui.end_row();
}
