//! 走访登记: the quick-entry form (the cursor waits in 房屋; type `10-1-1201`, Tab to 内容,
//! Enter saves and the form is ready for the next household with the staff member and kind
//! kept) and the month's visits.

use super::ServiceView;
use crate::app::{Command, ServiceCommand};
use crate::db::visits::VisitInput;
use crate::domain::complaints::Satisfaction;
use crate::domain::date::parse_date;
use crate::ui::table::{Cell, Col};
use crate::ui::theme;
use chrono::NaiveDateTime;

/// The visit form as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitForm {
    pub date: String,
    pub unit: String,
    pub staff_id: Option<i64>,
    pub kind: String,
    pub content: String,
    pub opinion: String,
    /// Empty, or a `Satisfaction` word.
    pub satisfaction: String,
    pub follow_up: bool,
    pub signed: bool,
    /// A photo's path (JPG/PNG), copied beside the database on save.
    pub photo: String,
    pub error: Option<String>,
}

impl VisitForm {
    pub fn new(now: NaiveDateTime) -> VisitForm {
        VisitForm {
            date: crate::domain::date::iso(now.date()),
            unit: String::new(),
            staff_id: None,
            kind: String::new(),
            content: String::new(),
            opinion: String::new(),
            satisfaction: Satisfaction::Satisfied.as_str().into(),
            follow_up: false,
            signed: false,
            photo: String::new(),
            error: None,
        }
    }

    /// Ready for the next household: what differs from one to the next is cleared.
    pub fn next(&mut self, now: NaiveDateTime) {
        let keep = (self.date.clone(), self.staff_id, self.kind.clone());
        *self = VisitForm::new(now);
        (self.date, self.staff_id, self.kind) = keep;
    }
}

impl ServiceView {
    pub(super) fn visits_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.strong("登记走访（回车保存，保存后继续登记下一户）");
        let matched = self
            .unit_matches(&self.visit.unit, 1)
            .first()
            .map(|u| (u.id, format!("{} {}", u.label, u.owner)));
        let staff: Vec<&super::StaffPick> = self.data.staff.iter().collect();
        let kinds = self.data.kinds.clone();
        let mut enter = false;
        egui::Grid::new("visit_form")
            .num_columns(4)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label("房屋");
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.visit.unit)
                            .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                            .hint_text("10-1-1201、房号、业主姓名或拼音")
                            .desired_width(theme::FIELD_WIDTH),
                    )
                    .labelled_by(l.id);
                if std::mem::take(&mut self.focus_unit) {
                    r.request_focus();
                }
                enter |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                match (&matched, self.visit.unit.trim().is_empty()) {
                    (Some((_, label)), _) => {
                        ui.colored_label(theme::SUCCESS, format!("→ {label}"));
                    }
                    (None, false) => {
                        ui.colored_label(theme::ERROR, "没有找到这户");
                    }
                    (None, true) => {
                        ui.label("");
                    }
                }
                ui.end_row();
                for (label, value, hint) in [
                    ("内容", &mut self.visit.content, "走访了解的情况"),
                    ("业主意见", &mut self.visit.opinion, "业主的意见和建议"),
                ] {
                    let l = ui.label(label);
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(value)
                                .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                                .hint_text(hint)
                                .desired_width(theme::FIELD_WIDTH * 1.6),
                        )
                        .labelled_by(l.id);
                    enter |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    ui.label("");
                    ui.end_row();
                }
                super::staff_choice(ui, "走访人", &mut self.visit.staff_id, &staff, "请选择");
                crate::ui::choice(ui, "类型", &mut self.visit.kind, &kinds, "请选择");
                let sats: Vec<&str> = std::iter::once("")
                    .chain(Satisfaction::ALL.iter().map(|s| s.as_str()))
                    .collect();
                crate::ui::choice(ui, "满意度", &mut self.visit.satisfaction, &sats, "未填");
                let l = ui.label("日期");
                ui.add(
                    egui::TextEdit::singleline(&mut self.visit.date)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                        .desired_width(110.0),
                )
                .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("照片");
                ui.add(
                    egui::TextEdit::singleline(&mut self.visit.photo)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                        .hint_text("照片文件路径（JPG/PNG），可空")
                        .desired_width(theme::FIELD_WIDTH * 1.6),
                )
                .labelled_by(l.id);
                ui.end_row();
            });
        ui.horizontal(|ui| {
            ui.checkbox(&mut self.visit.follow_up, "需跟进");
            ui.checkbox(&mut self.visit.signed, "业主已签字");
            if !self.may_write {
                crate::ui::read_only_note(ui, "走访登记");
                enter = false;
            } else if ui.button("保存走访（Enter）").clicked() {
                enter = true;
            }
            if let Some(e) = &self.visit.error {
                ui.colored_label(theme::ERROR, e);
            }
        });
        if enter {
            match self.visit_input(matched.map(|m| m.0)) {
                Ok((input, photo)) => {
                    self.visit.error = None;
                    commands.push(ServiceCommand::AddVisit(input, photo).into());
                }
                Err(e) => self.visit.error = Some(e),
            }
        }
        ui.separator();
        self.visit_list(ui, commands);
    }

    fn visit_input(
        &self,
        unit: Option<i64>,
    ) -> Result<(VisitInput, Option<std::path::PathBuf>), String> {
        let f = &self.visit;
        let unit = unit.ok_or_else(|| {
            if f.unit.trim().is_empty() {
                "请输入房屋（如 10-1-1201）。".to_string()
            } else {
                format!("没有找到房屋“{}”。", f.unit.trim())
            }
        })?;
        let staff_id = f.staff_id.ok_or("请选择走访人。")?;
        if f.kind.is_empty() {
            return Err("请选择走访类型。".into());
        }
        let date = parse_date(&f.date).map_err(|e| format!("日期：{e}"))?;
        let at = date.and_time(self.now.time());
        let photo = crate::ui::path_of(&f.photo);
        Ok((
            VisitInput {
                at,
                unit_id: unit,
                staff_id,
                kind: f.kind.clone(),
                content: f.content.clone(),
                opinion: f.opinion.clone(),
                satisfaction: Satisfaction::parse(&f.satisfaction),
                follow_up: f.follow_up,
                follow_up_done_on: None,
                signed: f.signed,
                photos: Vec::new(),
            },
            photo,
        ))
    }

    fn visit_list(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| self.print_button(ui, crate::pdf::service::Register::Visits));
        let visits = &self.data.visits;
        ui.label(
            egui::RichText::new(format!(
                "{} 走访记录 {} 条",
                self.data.month.map(|m| m.doc()).unwrap_or_default(),
                visits.len()
            ))
            .color(theme::MUTED),
        );
        const COLS: [Col; 9] = [
            Col::new("时间", 100.0),
            Col::new("房屋", 130.0),
            Col::new("业主", 60.0),
            Col::new("走访人", 60.0),
            Col::new("类型", 80.0),
            Col::new("满意度", 60.0),
            Col::new("跟进", 70.0),
            Col::new("照片", 40.0),
            Col::new("内容", 160.0),
        ];
        if let Some(v) = self
            .selected_visit
            .and_then(|id| visits.iter().find(|v| v.id == id))
        {
            let (id, pending, photos) = (
                v.id,
                v.follow_up && v.follow_up_done_on.is_none(),
                v.photos.clone(),
            );
            ui.horizontal_wrapped(|ui| {
                ui.strong(format!(
                    "{} {} {}",
                    v.at.format("%m-%d %H:%M"),
                    v.unit,
                    v.kind
                ));
                if pending && self.may_write && ui.button("跟进已完成").clicked() {
                    commands.push(ServiceCommand::FollowUpDone(id).into());
                }
                if photos.is_empty() {
                    ui.colored_label(theme::WARNING, "没有照片");
                }
            });
            ui.horizontal(|ui| {
                for p in photos {
                    let name = p.rsplit('/').next().unwrap_or(&p).to_string();
                    let file = self.data.attachments.join(&p);
                    if !file.is_file() {
                        ui.colored_label(theme::WARNING, format!("照片文件缺失：{name}"));
                        continue;
                    }
                    // A thumbnail; a click opens it full size in the desktop's viewer.
                    let r = ui
                        .add(
                            egui::Image::new(format!("file://{}", file.display()))
                                .fit_to_exact_size(egui::vec2(128.0, 96.0))
                                .sense(egui::Sense::click()),
                        )
                        .on_hover_text(format!("{name}（点击查看原图）"));
                    if r.clicked() {
                        commands.push(ServiceCommand::OpenPhoto(p.clone()).into());
                    }
                }
            });
        }
        let all: Vec<usize> = (0..visits.len()).collect();
        let selected = self
            .selected_visit
            .and_then(|id| visits.iter().position(|v| v.id == id));
        let out = self
            .visits_table
            .show(ui, "visits", &COLS, &all, selected, |i, column| {
                let v = &visits[i];
                match column {
                    0 => Cell::time(v.at),
                    1 => Cell::text(&v.unit),
                    2 => Cell::text(&v.owner),
                    3 => Cell::text(&v.staff),
                    4 => Cell::text(&v.kind),
                    5 => Cell::text(v.satisfaction.map(|s| s.as_str()).unwrap_or("")),
                    6 => match (v.follow_up, v.follow_up_done_on) {
                        (false, _) => Cell::Empty,
                        (true, Some(d)) => {
                            Cell::Colored(format!("已跟进 {}", d.format("%m-%d")), theme::SUCCESS)
                        }
                        (true, None) => Cell::Colored("待跟进".into(), theme::WARNING),
                    },
                    7 if v.photos.is_empty() => Cell::Colored("无".into(), theme::WARNING),
                    7 => Cell::Number(v.photos.len().to_string(), v.photos.len() as i64),
                    _ => Cell::clip(format!("{} {}", v.content, v.opinion)),
                }
            });
        if let Some(i) = out.selected {
            self.selected_visit = Some(self.data.visits[i].id);
        }
    }
}
