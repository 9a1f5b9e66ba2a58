//! The dialogs of 员工档案: a person's form, leaving, certificates, recording a training,
//! importing the roster, and printing/exporting.

use super::staff::StaffView;
use crate::app::{Command, Output, StaffCommand};
use crate::domain::date::{iso, parse_date};
use crate::domain::search::Query;
use crate::domain::staff::{
    CertDraft, EmploymentState, Gender, StaffDraft, TrainingDraft, TrainingKind, TrainingResult,
};
use crate::ui::{
    ImportAction, PathAction, dialog, import_dialog, labelled_field, path_dialog, theme,
};
use crate::ui::{choice, form_footer};
use chrono::NaiveDate;
use std::collections::BTreeMap;

pub struct StaffForm {
    pub id: Option<i64>,
    pub draft: StaffDraft,
    pub errors: Vec<String>,
    /// The ID number as stored (the draft shows it masked).
    pub original_id: String,
}

impl StaffForm {
    pub fn new(id: Option<i64>, draft: StaffDraft) -> StaffForm {
        StaffForm {
            id,
            draft,
            errors: Vec::new(),
            original_id: String::new(),
        }
    }

    /// Editing a person: the form filled, the ID number masked.
    pub fn editing(s: &crate::db::staff::StaffRow) -> StaffForm {
        StaffForm {
            original_id: s.id_number.clone(),
            ..StaffForm::new(Some(s.id), super::staff::draft_of(s))
        }
    }
}

pub struct LeaveForm {
    pub id: i64,
    pub name: String,
    pub date: String,
    pub error: Option<String>,
}

impl LeaveForm {
    pub fn new(id: i64, name: &str, today: NaiveDate) -> LeaveForm {
        LeaveForm {
            id,
            name: name.to_string(),
            date: iso(today),
            error: None,
        }
    }
}

pub struct CertForm {
    pub staff_id: i64,
    pub staff_name: String,
    /// None: a new certificate.
    pub id: Option<i64>,
    pub draft: CertDraft,
    /// Path of a scan to attach (copied beside the database on save).
    pub scan: String,
    pub has_scan: bool,
    /// 删除此证书 was clicked once; the second click (确认删除) deletes.
    pub confirm_delete: bool,
    pub errors: Vec<String>,
}

impl CertForm {
    pub fn new(staff_id: i64, staff_name: &str, id: Option<i64>, draft: CertDraft) -> CertForm {
        CertForm {
            staff_id,
            staff_name: staff_name.to_string(),
            id,
            draft,
            scan: String::new(),
            has_scan: false,
            confirm_delete: false,
            errors: Vec::new(),
        }
    }
}

pub struct TrainingForm {
    pub draft: TrainingDraft,
    /// Who is on the list, with their result.
    pub attendees: BTreeMap<i64, TrainingResult>,
    pub filter: String,
    pub errors: Vec<String>,
}

impl TrainingForm {
    pub fn new(today: NaiveDate) -> TrainingForm {
        TrainingForm {
            draft: TrainingDraft {
                date: iso(today),
                kind: TrainingKind::Skills.as_str().to_string(),
                ..Default::default()
            },
            attendees: BTreeMap::new(),
            filter: String::new(),
            errors: Vec::new(),
        }
    }
}

impl StaffView {
    pub(super) fn dialogs(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        self.form_window(ctx, commands);
        self.leave_window(ctx, commands);
        self.cert_window(ctx, commands);
        self.training_window(ctx, commands);
        self.import_file_window(ctx, commands);
        self.import_window(ctx, commands);
        self.output_window(ctx, commands);
    }

    fn form_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let departments: Vec<String> = self
            .data
            .departments
            .iter()
            .map(|d| d.name.clone())
            .collect();
        let mut positions: Vec<String> = vec![String::new()];
        positions.extend(self.data.positions.iter().map(|p| p.name.clone()));
        let today = self.data.today;
        let Some(form) = &mut self.form else { return };
        let title = if form.id.is_some() {
            "编辑员工档案"
        } else {
            "新增员工"
        };
        let close = dialog(ctx, title, |ui| {
            let d = &mut form.draft;
            egui::Grid::new("staff_form")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    labelled_field(ui, "姓名", &mut d.name, "");
                    let genders: Vec<String> =
                        Gender::ALL.iter().map(|g| g.as_str().to_string()).collect();
                    choice(ui, "性别", &mut d.gender, &genders, "（按身份证号）");
                    labelled_field(ui, "身份证号", &mut d.id_number, "18 位，可空");
                    labelled_field(ui, "出生日期", &mut d.birth_date, "可空，按身份证号");
                    labelled_field(ui, "电话", &mut d.phone, "手机");
                    choice(ui, "部门", &mut d.department, &departments, "选择部门");
                    choice(ui, "岗位", &mut d.position, &positions, "（未定）");
                    labelled_field(ui, "入职日期", &mut d.hire_date, "如 2026-11-24");
                    if EmploymentState::parse(&d.state) == Some(EmploymentState::Left) {
                        labelled_field(ui, "离职日期", &mut d.leave_date, "");
                    }
                    labelled_field(ui, "紧急联系人", &mut d.emergency_contact, "姓名、关系");
                    labelled_field(ui, "紧急联系电话", &mut d.emergency_phone, "");
                    labelled_field(ui, "备注", &mut d.notes, "");
                });
            let (saved, cancel) = form_footer(
                ui,
                &mut form.errors,
                "保存",
                || {
                    let mut draft = form.draft.clone();
                    draft.id_number = crate::domain::person::unmask_if_unchanged(
                        &draft.id_number,
                        &form.original_id,
                    );
                    draft.validate().and_then(|s| {
                        crate::domain::person::born_by(s, |s| Some(s.id_number.as_str()), today)
                    })
                },
                |_| {},
            );
            if let Some(input) = saved {
                commands.push(
                    match form.id {
                        Some(id) => StaffCommand::Update(id, input),
                        None => StaffCommand::Create(input),
                    }
                    .into(),
                );
            }
            cancel
        });
        if close {
            self.form = None;
        }
    }

    fn leave_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(f) = &mut self.leave else { return };
        let close = dialog(ctx, "办理离职", |ui| {
            let mut cancel = false;
            ui.label(format!("员工：{}", f.name));
            ui.label("离职后档案、证书、培训、考核等记录全部保留，花名册默认不再显示。");
            egui::Grid::new("leave").num_columns(2).show(ui, |ui| {
                labelled_field(ui, "离职日期", &mut f.date, "如 2026-11-24");
            });
            if let Some(e) = &f.error {
                ui.colored_label(theme::ERROR, e);
            }
            ui.horizontal(|ui| {
                if ui.button("确认离职").clicked() {
                    match parse_date(&f.date) {
                        Ok(date) => commands.push(StaffCommand::MarkLeft { id: f.id, date }.into()),
                        Err(e) => f.error = Some(format!("离职日期：{e}")),
                    }
                }
                if ui.button("取消").clicked() {
                    cancel = true;
                }
            });
            cancel
        });
        if close {
            self.leave = None;
        }
    }

    fn cert_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let kinds = self.data.cert_kinds.clone();
        let Some(f) = &mut self.cert else { return };
        let title = if f.id.is_some() {
            "修改证书"
        } else {
            "添加证书"
        };
        let close = dialog(ctx, title, |ui| {
            ui.label(format!("员工：{}", f.staff_name));
            let d = &mut f.draft;
            egui::Grid::new("cert_form")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    labelled_field(ui, "证书类别", &mut d.kind, "如 消防设施操作员证");
                    if !kinds.is_empty() {
                        // Kinds already on file or required by a post, one click away.
                        let mut pick = String::new();
                        choice(ui, "常用类别", &mut pick, &kinds, "选择后填入上一栏");
                        if !pick.is_empty() {
                            d.kind = pick;
                        }
                    }
                    labelled_field(ui, "证号", &mut d.number, "");
                    labelled_field(ui, "发证机关", &mut d.issuer, "");
                    labelled_field(ui, "发证日期", &mut d.issue_date, "如 2024-06-30");
                    labelled_field(
                        ui,
                        "有效期至",
                        &mut d.expiry_date,
                        "如 2030-06-29；长期有效填“长期”",
                    );
                    labelled_field(
                        ui,
                        "扫描件",
                        &mut f.scan,
                        if f.has_scan {
                            "已有扫描件；选新文件可替换"
                        } else {
                            "PDF/JPG/PNG 文件路径，可空"
                        },
                    );
                    labelled_field(ui, "备注", &mut d.notes, "");
                });
            let (staff_id, id) = (f.staff_id, f.id);
            let (saved, cancel) = form_footer(
                ui,
                &mut f.errors,
                "保存",
                || f.draft.validate(),
                |ui| {
                    if ui.button("选择扫描件…").clicked() {
                        commands.push(StaffCommand::BrowseScan.into());
                    }
                    if let Some(id) = id {
                        if !f.confirm_delete {
                            f.confirm_delete = ui.button("删除此证书").clicked();
                        } else if ui
                            .add(egui::Button::new(
                                egui::RichText::new("确认删除（录错时用）").color(theme::ERROR),
                            ))
                            .clicked()
                        {
                            commands.push(StaffCommand::DeleteCert { id, staff_id }.into());
                        }
                    }
                },
            );
            if let Some(cert) = saved {
                let scan = crate::ui::path_of(&f.scan);
                commands.push(
                    match id {
                        Some(id) => StaffCommand::UpdateCert {
                            id,
                            staff_id,
                            cert,
                            scan,
                        },
                        None => StaffCommand::AddCert {
                            staff_id,
                            cert,
                            scan,
                        },
                    }
                    .into(),
                );
            }
            cancel
        });
        if close {
            self.cert = None;
        }
    }

    fn training_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(f) = &mut self.training else { return };
        let active: Vec<_> = self
            .data
            .rows
            .iter()
            .zip(&self.keys)
            .filter(|(s, _)| s.active())
            .collect();
        let close = dialog(ctx, "记录培训", |ui| {
            // Wide enough for a name and its four result choices on one line.
            ui.set_min_width(620.0);
            let d = &mut f.draft;
            egui::Grid::new("training_form")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    labelled_field(ui, "课程", &mut d.course, "如 消防安全与灭火器使用");
                    let kinds: Vec<String> = TrainingKind::ALL
                        .iter()
                        .map(|k| k.as_str().to_string())
                        .collect();
                    choice(ui, "类别", &mut d.kind, &kinds, "岗位技能");
                    labelled_field(ui, "日期", &mut d.date, "开始日期，如 2026-11-24");
                    labelled_field(ui, "结束日期", &mut d.end_date, "多日培训填写，可空");
                    labelled_field(ui, "学时", &mut d.hours, "小时，如 2 或 1.5");
                    labelled_field(ui, "培训人", &mut d.trainer, "");
                    labelled_field(ui, "备注", &mut d.notes, "");
                });
            ui.separator();
            ui.horizontal(|ui| {
                ui.strong(format!("参加人员（已选 {} 人）", f.attendees.len()));
                let l = ui.label("筛选");
                ui.add(
                    egui::TextEdit::singleline(&mut f.filter)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                        .hint_text("姓名、拼音、部门")
                        .desired_width(140.0),
                )
                .labelled_by(l.id);
            });
            let query = Query::new(&f.filter);
            egui::ScrollArea::vertical()
                .id_salt("attendees")
                .auto_shrink([false, true])
                .max_height(260.0)
                .show(ui, |ui| {
                    egui::Grid::new("attendee_grid")
                        .num_columns(2)
                        .spacing([16.0, 4.0])
                        .show(ui, |ui| {
                            let mut last_department = "";
                            for (s, key) in &active {
                                if !key.matches_query(&query) {
                                    continue;
                                }
                                if s.department != last_department {
                                    last_department = &s.department;
                                    ui.label(egui::RichText::new(&s.department).strong());
                                    if ui.small_button(format!("全选{}", s.department)).clicked()
                                    {
                                        for (p, _) in active
                                            .iter()
                                            .filter(|(p, _)| p.department == s.department)
                                        {
                                            f.attendees
                                                .entry(p.id)
                                                .or_insert(TrainingResult::Passed);
                                        }
                                    }
                                    ui.end_row();
                                }
                                let mut on = f.attendees.contains_key(&s.id);
                                if ui
                                    .checkbox(&mut on, format!("{}（{}）", s.name, s.position))
                                    .changed()
                                {
                                    if on {
                                        f.attendees.insert(s.id, TrainingResult::Passed);
                                    } else {
                                        f.attendees.remove(&s.id);
                                    }
                                }
                                ui.horizontal(|ui| {
                                    if let Some(result) = f.attendees.get_mut(&s.id) {
                                        for r in TrainingResult::ALL {
                                            ui.radio_value(result, *r, r.as_str());
                                        }
                                    }
                                });
                                ui.end_row();
                            }
                        });
                });
            f.draft.attendees = f.attendees.iter().map(|(id, r)| (*id, *r)).collect();
            let (saved, cancel) = form_footer(
                ui,
                &mut f.errors,
                "保存培训记录",
                || f.draft.validate(),
                |_| {},
            );
            if let Some(t) = saved {
                commands.push(StaffCommand::CreateTraining(t).into());
            }
            cancel
        });
        if close {
            self.training = None;
        }
    }

    fn import_file_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(f) = &mut self.import_file else {
            return;
        };
        match path_dialog(
            ctx,
            "导入员工花名册",
            "Excel（.xlsx）或 CSV（UTF-8 / GB18030）文件，列名：姓名、性别、部门、岗位、入职日期、电话、身份证号、状态……",
            "文件路径",
            &mut f.path,
            f.error.as_deref(),
            "预览",
        ) {
            PathAction::None | PathAction::Print(_) => {}
            PathAction::Browse => commands.push(StaffCommand::BrowseImport.into()),
            PathAction::Go(path) => {
                f.error = None;
                commands.push(StaffCommand::PreviewImport(path).into());
            }
            PathAction::Close => self.import_file = None,
        }
    }

    fn import_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(state) = &self.import else { return };
        let plan = &state.extra;
        let action = import_dialog(
            ctx,
            "导入员工花名册",
            &state.preview,
            "人",
            state.error.as_deref(),
            |ui| {
                ui.label(format!(
                    "将新增 {} 人，更新已有档案 {} 人（按身份证号，或姓名与电话对应）。",
                    plan.added, plan.updated
                ));
                if !plan.new_departments.is_empty() {
                    ui.colored_label(
                        theme::WARNING,
                        format!("将新建部门：{}", plan.new_departments.join("、")),
                    );
                }
                if !plan.new_positions.is_empty() {
                    ui.colored_label(
                        theme::WARNING,
                        format!("将新建岗位：{}", plan.new_positions.join("、")),
                    );
                }
            },
        );
        match action {
            ImportAction::None => {}
            ImportAction::Import => {
                commands.push(StaffCommand::StartImport(state.path.clone()).into())
            }
            ImportAction::Close => self.import = None,
        }
    }

    fn output_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(o) = &mut self.output else { return };
        let (explanation, go) = match &o.kind {
            Output::Roster { include_left: true } => ("在职与离职人员，按部门排列。", ""),
            Output::Roster { .. } => ("在职人员，按部门排列。", ""),
            Output::Card { .. } => ("基本信息、岗位证书、培训记录与签字栏。", ""),
            Output::Xlsx => (
                "全部员工（含离职），列与导入相同，可修改后重新导入。",
                "导出",
            ),
        };
        let title = o.kind.title();
        let action = if matches!(o.kind, Output::Xlsx) {
            path_dialog(
                ctx,
                &title,
                explanation,
                "保存到",
                &mut o.path,
                o.error.as_deref(),
                go,
            )
        } else {
            crate::ui::print_dialog(ctx, &title, explanation, &mut o.path, o.error.as_deref())
        };
        match action {
            PathAction::Browse => commands.push(StaffCommand::BrowseOutput.into()),
            PathAction::Close => self.output = None,
            a => super::print_or_save(a, commands, |path| {
                StaffCommand::Write(o.kind.clone(), path).into()
            }),
        }
    }
}
