//! 投诉: the month's complaints with each clock's state, registering one, and the steps of the
//! one chosen (首次回复, 约定完成时间, 办结, 回访, 认定) with what its 投诉处理单 still lacks.

use super::ServiceView;
use crate::app::{Command, ServiceCommand};
use crate::db::complaints::{ComplaintInput, Step};
use crate::domain::complaints::{Channel, ClockState, Satisfaction};
use crate::domain::date::parse_date;
use crate::ui::table::{Cell, Col};
use crate::ui::{dialog, labelled_field, theme};

/// The register form as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ComplaintForm {
    pub received: String,
    pub channel: String,
    pub unit: String,
    pub complainant: String,
    pub phone: String,
    pub content: String,
    pub department: String,
    pub handler: Option<i64>,
    pub error: Option<String>,
}

fn clock_cell(s: ClockState) -> Cell {
    clock_cell_text(s, s.short())
}

fn clock_cell_text(s: ClockState, text: String) -> Cell {
    let color = match s {
        ClockState::Overdue { .. } => theme::ERROR,
        ClockState::DueSoon { .. } => theme::WARNING,
        ClockState::Done { late: Some(_) } => theme::WARNING,
        ClockState::Done { late: None } => theme::SUCCESS,
        _ => theme::MUTED,
    };
    Cell::Colored(text, color)
}

impl ServiceView {
    pub(super) fn complaints_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            if self.may_write && ui.button("登记投诉…").clicked() {
                self.complaint = Some(ComplaintForm {
                    received: self.now.format("%Y-%m-%d %H:%M").to_string(),
                    channel: Channel::Phone.as_str().into(),
                    ..Default::default()
                });
            }
            self.print_button(ui, crate::pdf::service::Register::Complaints);
            let r = self.data.rules;
            ui.colored_label(
                theme::MUTED,
                format!(
                    "时限：首次回复 {} 小时，办结 {} 小时（复杂情况按约定时间），办结后回访 {}。",
                    r.first_reply_hours,
                    r.resolve_hours,
                    r.revisit.text()
                ),
            );
        });
        if self.selected_complaint.is_some() {
            egui::Panel::right("complaint_detail")
                .default_size(360.0)
                .resizable(true)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("complaint_detail_scroll")
                        .show(ui, |ui| self.complaint_detail(ui, commands));
                });
        }
        let list = &self.data.complaints;
        if list.is_empty() {
            ui.label("本月还没有投诉登记。");
            return;
        }
        let (rules, cal, now) = (&self.data.rules, &self.data.calendar, self.now);
        const COLS: [Col; 8] = [
            Col::new("受理时间", 100.0),
            Col::new("房屋", 120.0),
            Col::new("投诉人", 60.0),
            Col::new("内容", 140.0).up_to(220.0),
            Col::new("有效", 40.0),
            Col::new("首次回复", 120.0).up_to(200.0),
            Col::new("办结", 120.0).up_to(200.0),
            Col::new("回访", 110.0),
        ];
        let all: Vec<usize> = (0..list.len()).collect();
        let selected = list
            .iter()
            .position(|c| Some(c.id) == self.selected_complaint);
        let out =
            self.complaints_table
                .show(ui, "complaints", &COLS, &all, selected, |i, column| {
                    let c = &list[i];
                    let clocks = c.clocks(rules, cal, now);
                    match column {
                        0 => Cell::time(c.times.received),
                        1 => Cell::text(&c.unit),
                        2 => Cell::text(&c.complainant),
                        3 => Cell::clip(&c.content),
                        4 => Cell::text(match c.valid {
                            Some(true) => "有效",
                            Some(false) => "无效",
                            None => "待认定",
                        }),
                        5 => clock_cell(clocks[0].1),
                        6 => clock_cell(clocks[1].1),
                        _ => clock_cell(clocks[2].1),
                    }
                });
        if let Some(i) = out.selected {
            self.selected_complaint = Some(list[i].id);
            self.step_note.clear();
        }
    }

    fn complaint_detail(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some(c) = self
            .data
            .complaints
            .iter()
            .find(|c| Some(c.id) == self.selected_complaint)
            .cloned()
        else {
            return;
        };
        ui.horizontal(|ui| {
            ui.heading(format!("投诉 {}", c.id));
            if ui.small_button("关闭").clicked() {
                self.selected_complaint = None;
            }
        });
        ui.label(format!(
            "{} {} {} {}",
            c.times.received.format("%Y-%m-%d %H:%M"),
            c.channel,
            c.unit,
            c.complainant
        ));
        ui.label(&c.content);
        ui.label(format!(
            "责任部门：{}　处理人：{}",
            if c.department.is_empty() {
                "—"
            } else {
                &c.department
            },
            if c.handler.is_empty() {
                "—"
            } else {
                &c.handler
            }
        ));
        for (clock, state) in c.clocks(&self.data.rules, &self.data.calendar, self.now) {
            ui.horizontal(|ui| {
                ui.label(format!("{}：", clock.label()));
                if let Cell::Colored(t, color) = clock_cell_text(state, state.text()) {
                    ui.colored_label(color, t);
                }
            });
        }
        let missing = c.missing();
        if missing.is_empty() {
            ui.colored_label(theme::SUCCESS, "投诉处理单已填写完整。");
        } else {
            ui.colored_label(
                theme::WARNING,
                format!("投诉处理单还缺：{}", missing.join("、")),
            );
        }
        ui.separator();
        if !self.may_write {
            crate::ui::read_only_note(ui, "投诉的回复、办结、回访和认定");
            return;
        }
        let l = ui.label("说明");
        ui.add(
            egui::TextEdit::singleline(&mut self.step_note)
                .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                .hint_text("回复内容、处理结果、约定时间（如 2026-11-30 18:00）")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
        let note = self.step_note.clone();
        let mut step = None;
        ui.horizontal_wrapped(|ui| {
            if c.times.first_reply.is_none() && ui.button("登记首次回复").clicked() {
                step = Some(Step::FirstReply);
            }
            if c.times.resolved.is_none() {
                if ui.button("约定完成时间").clicked() {
                    match agreed_time(&note) {
                        Ok(t) => step = Some(Step::Agree(t)),
                        Err(e) => self.step_note = format!("{note}（{e}）"),
                    }
                }
                if ui.button("办结").clicked() {
                    step = Some(Step::Resolve);
                }
            } else if c.times.revisited.is_none() {
                for s in Satisfaction::ALL {
                    if ui.button(format!("回访：{s}")).clicked() {
                        step = Some(Step::Revisit(*s));
                    }
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            if ui.button("认定为有效投诉").clicked() {
                step = Some(Step::Judge {
                    valid: true,
                    fault_staff_id: c.fault_staff_id,
                });
            }
            if ui.button("认定为无效投诉").clicked() {
                step = Some(Step::Judge {
                    valid: false,
                    fault_staff_id: None,
                });
            }
        });
        if c.valid == Some(true) {
            let staff: Vec<&super::StaffPick> = self.data.staff.iter().collect();
            let mut fault = c.fault_staff_id;
            egui::Grid::new("fault").num_columns(2).show(ui, |ui| {
                super::staff_choice(ui, "责任人（本人失误）", &mut fault, &staff, "无");
            });
            if fault != c.fault_staff_id {
                step = Some(Step::Judge {
                    valid: true,
                    fault_staff_id: fault,
                });
            }
        }
        if let Some(step) = step {
            commands.push(
                ServiceCommand::ComplaintStep {
                    id: c.id,
                    step,
                    detail: note,
                }
                .into(),
            );
        }
    }

    pub(super) fn complaint_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(mut f) = self.complaint.take() else {
            return;
        };
        let channels: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
        let departments = self.data.departments.clone();
        let staff: Vec<super::StaffPick> = self.data.staff.clone();
        let matched = self
            .unit_matches(&f.unit, 1)
            .first()
            .map(|u| (u.id, format!("{} {}", u.label, u.owner)));
        let mut go = false;
        let close = dialog(ctx, "登记投诉", |ui| {
            egui::Grid::new("complaint_form")
                .num_columns(2)
                .show(ui, |ui| {
                    labelled_field(ui, "受理时间", &mut f.received, "2026-11-24 09:30");
                    crate::ui::choice(ui, "渠道", &mut f.channel, &channels, "请选择");
                    labelled_field(ui, "房屋", &mut f.unit, "10-1-1201，可空");
                    ui.label("");
                    match &matched {
                        Some((_, label)) => ui.colored_label(theme::SUCCESS, format!("→ {label}")),
                        None if !f.unit.trim().is_empty() => {
                            ui.colored_label(theme::ERROR, "没有找到这户")
                        }
                        None => ui.label(""),
                    };
                    ui.end_row();
                    labelled_field(ui, "投诉人", &mut f.complainant, "");
                    labelled_field(ui, "电话", &mut f.phone, "");
                    labelled_field(ui, "投诉内容", &mut f.content, "");
                    crate::ui::choice(ui, "责任部门", &mut f.department, &departments, "未定");
                    let refs: Vec<&super::StaffPick> = staff.iter().collect();
                    super::staff_choice(ui, "处理人", &mut f.handler, &refs, "未定");
                });
            if let Some(e) = &f.error {
                ui.colored_label(theme::ERROR, e);
            }
            let mut cancel = false;
            ui.horizontal(|ui| {
                if ui.button("登记").clicked() {
                    go = true;
                }
                if ui.button("取消").clicked() {
                    cancel = true;
                }
            });
            cancel
        });
        if go {
            let received =
                chrono::NaiveDateTime::parse_from_str(f.received.trim(), "%Y-%m-%d %H:%M")
                    .map_err(|_| "受理时间应写成 2026-11-24 09:30".to_string());
            let unit = match (&matched, f.unit.trim().is_empty()) {
                (Some((id, _)), _) => Ok(Some(*id)),
                (None, true) => Ok(None),
                (None, false) => Err(format!("没有找到房屋“{}”。", f.unit.trim())),
            };
            match (received, unit) {
                (Ok(received), Ok(unit_id)) => {
                    f.error = None;
                    commands.push(
                        ServiceCommand::AddComplaint(ComplaintInput {
                            received,
                            channel: Channel::parse(&f.channel),
                            unit_id,
                            complainant: f.complainant.clone(),
                            phone: f.phone.clone(),
                            content: f.content.clone(),
                            department: f.department.clone(),
                            handler: self.staff_name(f.handler),
                            ..Default::default()
                        })
                        .into(),
                    );
                }
                (Err(e), _) | (_, Err(e)) => f.error = Some(e),
            }
        }
        if !close {
            self.complaint = Some(f);
        }
    }
}

/// The agreed completion time typed in 说明: `2026-11-30 18:00`, or a date (its end of day).
fn agreed_time(text: &str) -> Result<chrono::NaiveDateTime, String> {
    let t = text.trim();
    if let Ok(v) = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M") {
        return Ok(v);
    }
    parse_date(t)
        .map(|d| d.and_hms_opt(23, 59, 0).unwrap_or_default())
        .map_err(|_| "约定完成时间请在“说明”中写成 2026-11-30 或 2026-11-30 18:00".to_string())
}
