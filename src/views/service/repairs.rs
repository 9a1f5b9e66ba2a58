//! 报修: the month's repair calls with their state and timeliness, taking a call, and the work
//! order's next step (派工/转派 to a technician of 工程部, 完工, 回访, 暂停, 退单, 恢复).

use super::ServiceView;
use crate::app::{Command, ServiceCommand};
use crate::db::repairs::{Completion, RepairChange, RepairInput};
use crate::domain::complaints::Satisfaction;
use crate::domain::money::Money;
use crate::domain::repairs::{RepairCategory, RepairState};
use crate::ui::table::{Cell, Col};
use crate::ui::{dialog, labelled_field, theme};

/// The call form as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RepairForm {
    pub reported: String,
    pub unit: String,
    pub caller: String,
    pub phone: String,
    pub content: String,
    pub category: String,
    pub paid: bool,
    pub appointment: String,
    pub error: Option<String>,
}

fn state_color(s: RepairState) -> egui::Color32 {
    match s {
        RepairState::Waiting => theme::ERROR,
        RepairState::Dispatched | RepairState::Paused => theme::WARNING,
        RepairState::Done | RepairState::Revisited => theme::SUCCESS,
        RepairState::Returned => theme::MUTED,
    }
}

fn parse_time(text: &str, what: &str) -> Result<Option<chrono::NaiveDateTime>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M")
        .map(Some)
        .map_err(|_| format!("{what}应写成 2026-11-24 14:00"))
}

impl ServiceView {
    pub(super) fn repairs_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            if self.may_write && ui.button("登记报修…").clicked() {
                self.repair = Some(RepairForm {
                    reported: self.now.format("%Y-%m-%d %H:%M").to_string(),
                    category: RepairCategory::Water.as_str().into(),
                    ..Default::default()
                });
            }
            self.print_button(ui, crate::pdf::service::Register::Repairs);
        });
        if self.selected_repair.is_some() {
            egui::Panel::right("repair_detail")
                .default_size(360.0)
                .resizable(true)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("repair_detail_scroll")
                        .show(ui, |ui| self.repair_detail(ui, commands));
                });
        }
        let list = &self.data.repairs;
        if list.is_empty() {
            ui.label("本月还没有报修登记。");
            return;
        }
        const COLS: [Col; 8] = [
            Col::new("报修时间", 100.0),
            Col::new("房屋", 120.0),
            Col::new("类别", 50.0),
            Col::new("内容", 140.0).up_to(220.0),
            Col::new("预约", 90.0),
            Col::new("维修人", 60.0),
            Col::new("状态", 60.0),
            Col::new("及时", 50.0),
        ];
        let all: Vec<usize> = (0..list.len()).collect();
        let selected = list.iter().position(|r| Some(r.id) == self.selected_repair);
        let out = self
            .repairs_table
            .show(ui, "repairs", &COLS, &all, selected, |i, column| {
                let r = &list[i];
                match column {
                    0 => Cell::time(r.reported),
                    1 => Cell::text(&r.unit),
                    2 => Cell::text(r.category.as_str()),
                    3 => Cell::clip(&r.content),
                    4 => r.appointment.map(Cell::time).unwrap_or(Cell::Empty),
                    5 => Cell::text(r.technician.clone().unwrap_or_default()),
                    6 => Cell::Colored(r.state.as_str().into(), state_color(r.state)),
                    _ => match r.on_time() {
                        Some(true) => Cell::Colored("及时".into(), theme::SUCCESS),
                        Some(false) => Cell::Colored("超时".into(), theme::ERROR),
                        None => Cell::Empty,
                    },
                }
            });
        if let Some(i) = out.selected {
            self.selected_repair = Some(list[i].id);
            self.step_note.clear();
        }
    }

    fn repair_detail(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some(r) = self
            .data
            .repairs
            .iter()
            .find(|r| Some(r.id) == self.selected_repair)
            .cloned()
        else {
            return;
        };
        ui.horizontal(|ui| {
            ui.heading(format!("维修单 {}", r.id));
            ui.colored_label(state_color(r.state), r.state.as_str());
            if ui.small_button("关闭").clicked() {
                self.selected_repair = None;
            }
        });
        if ui.button("打印派工单…").clicked() {
            self.open_output(crate::app::ServiceOutput::WorkOrder(r.id));
        }
        ui.label(format!(
            "{} {} {} {}",
            r.reported.format("%Y-%m-%d %H:%M"),
            r.unit,
            r.caller,
            r.phone
        ));
        ui.label(format!(
            "【{}】{}（{}）",
            r.category,
            r.content,
            if r.paid { "有偿" } else { "无偿" }
        ));
        if let Some(a) = r.appointment {
            ui.label(format!("预约：{}", a.format("%m-%d %H:%M")));
        }
        if let Some(t) = &r.technician {
            ui.label(format!("维修人：{t}"));
        }
        if let Some(c) = r.completed {
            ui.label(format!(
                "完工：{}　{}　材料：{}　费用：¥{}",
                c.format("%m-%d %H:%M"),
                r.result,
                if r.materials.is_empty() {
                    "—"
                } else {
                    &r.materials
                },
                Money(r.charge_fen).grouped()
            ));
        }
        if !r.reason.is_empty() {
            ui.label(format!("原因：{}", r.reason));
        }
        if r.paid && r.charge_fen > 0 && r.completed.is_some() && r.unit_id.is_some() {
            match r.bill_id {
                Some(_) => {
                    ui.colored_label(theme::SUCCESS, "费用已计入收费台账");
                }
                None => {
                    if self.may_write && ui.button("开单收费（计入收费台账）").clicked()
                    {
                        commands.push(ServiceCommand::BillRepair(r.id).into());
                    }
                }
            }
        }
        ui.separator();
        if !self.may_write {
            crate::ui::read_only_note(ui, "报修的派工、完工和回访");
            return;
        }
        let technicians: Vec<&super::StaffPick> = self
            .data
            .staff
            .iter()
            .filter(|s| s.department.contains("工程"))
            .collect();
        let mut change = None;
        if matches!(r.state, RepairState::Waiting | RepairState::Dispatched) {
            ui.label(if r.technician_id.is_some() {
                "转派给："
            } else {
                "派工给："
            });
            ui.horizontal_wrapped(|ui| {
                for t in &technicians {
                    if Some(t.id) != r.technician_id && ui.button(&t.name).clicked() {
                        change = Some(RepairChange::Dispatch { staff_id: t.id });
                    }
                }
            });
        }
        let l = ui.label("说明");
        ui.add(
            egui::TextEdit::singleline(&mut self.step_note)
                .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                .hint_text("维修结果；有偿维修写“结果 / 材料 / 费用”，如 更换龙头 / 龙头1个 / 80")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
        let note = self.step_note.trim().to_string();
        ui.horizontal_wrapped(|ui| match r.state {
            RepairState::Dispatched => {
                if ui.button("完工").clicked() {
                    match completion(&note, r.paid) {
                        Ok(c) => change = Some(RepairChange::Complete(c)),
                        Err(e) => self.step_note = format!("{note}（{e}）"),
                    }
                }
                if ui.button("暂停").clicked() {
                    change = Some(RepairChange::Pause(note.clone()));
                }
                if ui.button("退单").clicked() {
                    change = Some(RepairChange::Return(note.clone()));
                }
            }
            RepairState::Waiting => {
                if ui.button("暂停").clicked() {
                    change = Some(RepairChange::Pause(note.clone()));
                }
                if ui.button("退单").clicked() {
                    change = Some(RepairChange::Return(note.clone()));
                }
            }
            RepairState::Paused => {
                if ui.button("恢复").clicked() {
                    change = Some(RepairChange::Resume);
                }
            }
            RepairState::Done => {
                for s in Satisfaction::ALL {
                    if ui.button(format!("回访：{s}")).clicked() {
                        change = Some(RepairChange::Revisit(*s));
                    }
                }
            }
            RepairState::Revisited | RepairState::Returned => {}
        });
        if let Some(change) = change {
            commands.push(ServiceCommand::RepairChange { id: r.id, change }.into());
        }
    }

    pub(super) fn repair_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(mut f) = self.repair.take() else {
            return;
        };
        let categories: Vec<&str> = RepairCategory::ALL.iter().map(|c| c.as_str()).collect();
        let matched = self
            .unit_matches(&f.unit, 1)
            .first()
            .map(|u| (u.id, format!("{} {}", u.label, u.owner)));
        let mut go = false;
        let close = dialog(ctx, "登记报修", |ui| {
            egui::Grid::new("repair_form")
                .num_columns(2)
                .show(ui, |ui| {
                    labelled_field(ui, "报修时间", &mut f.reported, "2026-11-24 09:30");
                    labelled_field(ui, "房屋", &mut f.unit, "10-1-1201；公共部位可空");
                    ui.label("");
                    match &matched {
                        Some((_, label)) => ui.colored_label(theme::SUCCESS, format!("→ {label}")),
                        None if !f.unit.trim().is_empty() => {
                            ui.colored_label(theme::ERROR, "没有找到这户")
                        }
                        None => ui.label(""),
                    };
                    ui.end_row();
                    labelled_field(ui, "报修人", &mut f.caller, "");
                    labelled_field(ui, "电话", &mut f.phone, "");
                    labelled_field(ui, "报修内容", &mut f.content, "");
                    crate::ui::choice(ui, "类别", &mut f.category, &categories, "请选择");
                    labelled_field(ui, "预约时间", &mut f.appointment, "2026-11-24 14:00，可空");
                    ui.label("");
                    ui.checkbox(&mut f.paid, "有偿维修");
                    ui.end_row();
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
            let input = (|| -> Result<RepairInput, String> {
                let reported = parse_time(&f.reported, "报修时间")?.ok_or("请填写报修时间。")?;
                let appointment = parse_time(&f.appointment, "预约时间")?;
                let unit_id = match (&matched, f.unit.trim().is_empty()) {
                    (Some((id, _)), _) => Some(*id),
                    (None, true) => None,
                    (None, false) => return Err(format!("没有找到房屋“{}”。", f.unit.trim())),
                };
                Ok(RepairInput {
                    reported,
                    unit_id,
                    caller: f.caller.clone(),
                    phone: f.phone.clone(),
                    content: f.content.clone(),
                    category: RepairCategory::parse(&f.category),
                    paid: f.paid,
                    appointment,
                })
            })();
            match input {
                Ok(i) => {
                    f.error = None;
                    commands.push(ServiceCommand::AddRepair(i).into());
                }
                Err(e) => f.error = Some(e),
            }
        }
        if !close {
            self.repair = Some(f);
        }
    }
}

/// 完工's 说明: `结果`, or for a paid repair `结果 / 材料 / 费用（元）`.
fn completion(note: &str, paid: bool) -> Result<Completion, String> {
    let parts: Vec<&str> = note.split(['/', '／']).map(str::trim).collect();
    let result = parts.first().copied().unwrap_or("").to_string();
    if result.is_empty() {
        return Err("请在“说明”中写维修结果".into());
    }
    let materials = parts.get(1).copied().unwrap_or("").to_string();
    let charge_fen = match parts.get(2) {
        Some(t) if !t.is_empty() => Money::parse(t)?.fen(),
        _ => 0,
    };
    if charge_fen > 0 && !paid {
        return Err("无偿维修不收费".into());
    }
    Ok(Completion {
        result,
        materials,
        charge_fen,
    })
}
