//! 员工档案: the roster with search and flags, a person's file (certificates, trainings), and
//! the tabs for trainings, the staffing check and departments/posts (in `staff_tabs`).
//! The dialogs live in `staff_dialogs`.

use super::staff_dialogs::{CertForm, LeaveForm, StaffForm, TrainingForm};
use crate::app::{Command, Output, StaffCommand};
use crate::db::settings::StaffSettings;
use crate::db::staff::{Department, ImportPlan, Position, StaffRow, StaffTraining, TrainingRow};
use crate::domain::date::iso;
use crate::domain::person::mask_id_number;
use crate::domain::search::{Query, StaffKey};
use crate::domain::staff::{
    CertDraft, CertStatus, StaffDraft, StaffFlag, StaffingLine, TrainingResult, cert_status,
    hours_text, staff_flags,
};
use crate::io::staff::StaffPreview;
use crate::ui::table::{Cell, Col};
use crate::ui::{PathForm, path_error, theme};
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffTab {
    Roster,
    Trainings,
    Staffing,
    Setup,
}

impl StaffTab {
    const ALL: [StaffTab; 4] = [
        StaffTab::Roster,
        StaffTab::Trainings,
        StaffTab::Staffing,
        StaffTab::Setup,
    ];

    fn label(self) -> &'static str {
        match self {
            StaffTab::Roster => "员工花名册",
            StaffTab::Trainings => "培训记录",
            StaffTab::Staffing => "人员配置检查",
            StaffTab::Setup => "部门与岗位",
        }
    }
}

/// Everything the screen shows, loaded by `App` in one go.
pub struct StaffData {
    pub rows: Vec<StaffRow>,
    pub departments: Vec<Department>,
    pub positions: Vec<Position>,
    pub cert_kinds: Vec<String>,
    pub trainings: Vec<TrainingRow>,
    pub staffing: Vec<StaffingLine>,
    pub settings: StaffSettings,
    pub today: NaiveDate,
}

/// Step two of a roster import, with what it will do.
pub type ImportState = crate::ui::ImportState<StaffPreview, ImportPlan>;

/// A post being edited in 部门与岗位.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PositionEdit {
    pub id: Option<i64>,
    pub name: String,
    pub duty: String,
    /// Required certificate kinds, separated by 、 or commas.
    pub required: String,
}

pub struct StaffView {
    pub tab: StaffTab,
    /// The signed-in user's role may change staff files (no users: yes).
    pub may_write: bool,
    pub(super) data: StaffData,
    pub(super) keys: Vec<StaffKey>,
    flags: Vec<Vec<StaffFlag>>,
    visible: Vec<usize>,
    pub query: String,
    pub show_left: bool,
    pub only_flagged: bool,
    pub department: String,
    filtered_for: Option<(String, bool, bool, String)>,
    /// The roster, its sort kept across reloads (none at first: the file's own order).
    table: crate::ui::table::Table,
    pub(super) trainings_table: crate::ui::table::Table,
    pub(super) staffing_table: crate::ui::table::Table,
    selected: Option<i64>,
    detail: Option<(StaffRow, Vec<StaffTraining>)>,
    /// The person's entries in the 操作日志, newest first.
    pub log: Vec<crate::db::audit::Entry>,
    /// The person's monthly scorecards, newest first.
    cards: Vec<crate::db::assessment::StaffCard>,
    pub form: Option<StaffForm>,
    pub leave: Option<LeaveForm>,
    pub cert: Option<CertForm>,
    pub training: Option<TrainingForm>,
    pub import_file: Option<PathForm>,
    pub import: Option<ImportState>,
    pub output: Option<PathForm<Output>>,
    /// 部门与岗位 edits.
    pub new_department: String,
    pub(super) department_names: Vec<(i64, String)>,
    pub(super) position_edits: Vec<PositionEdit>,
    pub(super) new_position: PositionEdit,
    pub stale: bool,
}

impl Default for StaffView {
    fn default() -> Self {
        StaffView {
            may_write: true,
            log: Vec::new(),
            tab: StaffTab::Roster,
            data: StaffData {
                rows: Vec::new(),
                departments: Vec::new(),
                positions: Vec::new(),
                cert_kinds: Vec::new(),
                trainings: Vec::new(),
                staffing: Vec::new(),
                settings: StaffSettings::default(),
                today: NaiveDate::default(),
            },
            keys: Vec::new(),
            flags: Vec::new(),
            visible: Vec::new(),
            query: String::new(),
            show_left: false,
            only_flagged: false,
            department: String::new(),
            filtered_for: None,
            table: crate::ui::table::Table::default().with_keyboard(),
            trainings_table: crate::ui::table::Table::default(),
            staffing_table: crate::ui::table::Table::default(),
            selected: None,
            detail: None,
            cards: Vec::new(),
            form: None,
            leave: None,
            cert: None,
            training: None,
            import_file: None,
            import: None,
            output: None,
            new_department: String::new(),
            department_names: Vec::new(),
            position_edits: Vec::new(),
            new_position: PositionEdit::default(),
            stale: true,
        }
    }
}

pub(super) fn flag_color(f: &StaffFlag) -> egui::Color32 {
    if f.is_fault() {
        theme::ERROR
    } else {
        theme::WARNING
    }
}

/// A person's search key (name, pinyin, phone tail, department, post), built once per load:
/// pinyin is not computed per frame.
pub(super) fn staff_key(s: &StaffRow) -> StaffKey {
    StaffKey::new(&s.name, &[&s.phone], &[&s.department, &s.position])
}

pub(super) fn draft_of(s: &StaffRow) -> StaffDraft {
    let d = |v: Option<NaiveDate>| v.map(iso).unwrap_or_default();
    StaffDraft {
        name: s.name.clone(),
        gender: s.gender.map(|g| g.as_str().to_string()).unwrap_or_default(),
        birth_date: d(s.birth_date),
        phone: s.phone.clone(),
        // Shown masked to everyone; left as shown, the stored number is kept.
        id_number: mask_id_number(&s.id_number),
        department: s.department.clone(),
        position: s.position.clone(),
        hire_date: d(s.hire_date),
        state: s.state.to_string(),
        leave_date: d(s.leave_date),
        emergency_contact: s.emergency_contact.clone(),
        emergency_phone: s.emergency_phone.clone(),
        notes: s.notes.clone(),
    }
}

impl StaffView {
    pub fn set_data(&mut self, data: StaffData) {
        let rules = data.settings.rules;
        self.keys = data.rows.iter().map(staff_key).collect();
        self.flags = data
            .rows
            .iter()
            .map(|s| staff_flags(&s.facts(), data.today, rules))
            .collect();
        self.department_names = data
            .departments
            .iter()
            .map(|d| (d.id, d.name.clone()))
            .collect();
        self.position_edits = data
            .positions
            .iter()
            .map(|p| PositionEdit {
                id: Some(p.id),
                name: p.name.clone(),
                duty: p.duty.map(|d| d.as_str().to_string()).unwrap_or_default(),
                required: p.required.join("、"),
            })
            .collect();
        if !self.department.is_empty()
            && !data.departments.iter().any(|d| d.name == self.department)
        {
            self.department.clear();
        }
        self.data = data;
        self.filtered_for = None;
        self.table.invalidate();
        self.trainings_table.invalidate();
        self.staffing_table.invalidate();
        self.refilter();
    }

    pub fn rows(&self) -> &[StaffRow] {
        &self.data.rows
    }

    /// The people the table shows now.
    pub fn visible_rows(&self) -> Vec<&StaffRow> {
        self.table
            .shown(&self.visible)
            .iter()
            .map(|i| &self.data.rows[*i])
            .collect()
    }

    pub fn selected(&self) -> Option<i64> {
        self.selected
    }

    pub fn detail(&self) -> Option<&StaffRow> {
        self.detail.as_ref().map(|(s, _)| s)
    }

    pub fn set_detail(
        &mut self,
        s: StaffRow,
        trainings: Vec<StaffTraining>,
        cards: Vec<crate::db::assessment::StaffCard>,
    ) {
        self.selected = Some(s.id);
        self.detail = Some((s, trainings));
        self.cards = cards;
    }

    /// Opened from elsewhere (the home screen) on one person: the roster tab, leavers shown if
    /// the person has left, no filter hiding them.
    pub fn show_person(&mut self, id: i64) {
        self.tab = StaffTab::Roster;
        self.query.clear();
        self.department.clear();
        self.only_flagged = false;
        if self.data.rows.iter().any(|s| s.id == id && !s.active()) {
            self.show_left = true;
        }
        self.selected = Some(id);
        self.refilter();
    }

    pub fn close_dialogs(&mut self) {
        self.form = None;
        self.leave = None;
        self.cert = None;
    }

    pub fn form_error(&mut self, message: String) {
        if let Some(f) = &mut self.form {
            f.errors = vec![message];
        } else if let Some(l) = &mut self.leave {
            l.error = Some(message);
        } else if let Some(c) = &mut self.cert {
            c.errors = vec![message];
        } else if let Some(t) = &mut self.training {
            t.errors = vec![message];
        }
    }

    pub fn set_import_file_error(&mut self, message: String) {
        path_error(&mut self.import_file, message);
    }

    pub fn set_import_preview(&mut self, path: PathBuf, preview: StaffPreview, plan: ImportPlan) {
        self.import_file = None;
        self.import = Some(ImportState {
            path,
            preview,
            extra: plan,
            error: None,
        });
    }

    pub fn set_import_error(&mut self, message: String) {
        if let Some(i) = &mut self.import {
            i.error = Some(message);
        }
    }

    pub fn import_preview(&self) -> Option<&StaffPreview> {
        self.import.as_ref().map(|i| &i.preview)
    }

    pub fn set_scan_path(&mut self, path: PathBuf) {
        if let Some(c) = &mut self.cert {
            c.scan = path.display().to_string();
        }
    }

    pub fn output_kind(&self) -> Option<&Output> {
        self.output.as_ref().map(|o| &o.kind)
    }

    pub fn set_output_path(&mut self, path: PathBuf) {
        if let Some(o) = &mut self.output {
            o.path = path.display().to_string();
        }
    }

    pub fn set_output_error(&mut self, message: String) {
        if let Some(o) = &mut self.output {
            o.error = Some(message);
        }
    }

    pub fn clear_new_position(&mut self) {
        self.new_position = PositionEdit::default();
    }

    fn open_output(&mut self, kind: Output) {
        let name = kind.file_name();
        self.output = Some(super::output_form(kind, &name));
    }

    fn refilter(&mut self) {
        // Called every frame: compare before allocating anything.
        if let Some((q, left, flagged, dept)) = &self.filtered_for
            && *q == self.query
            && *left == self.show_left
            && *flagged == self.only_flagged
            && *dept == self.department
        {
            return;
        }
        let key = (
            self.query.clone(),
            self.show_left,
            self.only_flagged,
            self.department.clone(),
        );
        let query = Query::new(&self.query);
        self.visible = (0..self.data.rows.len())
            .filter(|i| {
                let s = &self.data.rows[*i];
                (self.show_left || s.active())
                    && (!self.only_flagged || !self.flags[*i].is_empty())
                    && (self.department.is_empty() || s.department == self.department)
                    && self.keys[*i].matches_query(&query)
            })
            .collect();
        self.filtered_for = Some(key);
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            for tab in StaffTab::ALL {
                if ui.selectable_label(self.tab == tab, tab.label()).clicked() {
                    self.tab = tab;
                }
            }
        });
        ui.separator();
        match self.tab {
            StaffTab::Roster => self.roster_ui(ui, commands),
            StaffTab::Trainings => self.trainings_ui(ui),
            StaffTab::Staffing => self.staffing_ui(ui, commands),
            StaffTab::Setup => self.setup_ui(ui, commands),
        }
        self.dialogs(ui.ctx(), commands);
    }

    fn roster_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        self.toolbar(ui);
        ui.separator();
        if self.detail.is_some() {
            egui::Panel::right("staff_detail")
                .default_size(360.0)
                .resizable(true)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("staff_detail_scroll")
                        .show(ui, |ui| self.detail_ui(ui, commands));
                });
        }
        self.table(ui, commands);
    }

    fn toolbar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            crate::ui::search_field(
                ui,
                &mut self.query,
                "姓名、拼音首字母、电话尾号、部门",
                260.0,
            );
            let l = ui.label("按部门");
            egui::ComboBox::from_id_salt("staff_department_filter")
                .selected_text(if self.department.is_empty() {
                    "全部部门"
                } else {
                    self.department.as_str()
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.department, String::new(), "全部部门");
                    for d in &self.data.departments {
                        ui.selectable_value(&mut self.department, d.name.clone(), &d.name);
                    }
                })
                .response
                .labelled_by(l.id);
            ui.checkbox(&mut self.show_left, "显示离职人员");
            ui.checkbox(&mut self.only_flagged, "只看需处理");
            self.refilter();
            let shown = self.visible.len();
            let active = self.data.rows.iter().filter(|s| s.active()).count();
            ui.label(
                egui::RichText::new(format!("{shown} 人 / 在职 {active} 人")).color(theme::MUTED),
            );
        });
        ui.horizontal_wrapped(|ui| {
            if self.may_write && ui.button("新增员工").clicked() {
                self.form = Some(StaffForm::new(None, StaffDraft::default()));
            }
            if self.may_write && ui.button("导入花名册…").clicked() {
                self.import_file = Some(PathForm::empty());
            }
            if ui.button("导出 Excel…").clicked() {
                self.open_output(Output::Xlsx);
            }
            if ui.button("打印花名册…").clicked() {
                self.open_output(Output::Roster {
                    include_left: self.show_left,
                });
            }
            if self.may_write && ui.button("记录培训…").clicked() {
                self.training = Some(TrainingForm::new(self.data.today));
            }
        });
    }

    fn table(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if self.data.rows.is_empty() {
            ui.add_space(20.0);
            ui.label(
                "还没有员工档案。点“新增员工”逐个录入，或点“导入花名册…”从 Excel/CSV 批量导入。",
            );
            return;
        }
        if self.visible.is_empty() {
            ui.add_space(20.0);
            ui.label("没有符合条件的员工。");
            return;
        }
        const COLS: [Col; 8] = [
            Col::new("姓名", 64.0),
            Col::new("性别", 36.0),
            Col::new("部门", 80.0),
            Col::new("岗位", 90.0),
            Col::new("入职日期", 92.0),
            Col::new("电话", 100.0),
            Col::new("状态", 40.0),
            Col::new("证书与培训", 120.0),
        ];
        let rows = &self.data.rows;
        let flags = &self.flags;
        let selected = self
            .selected
            .and_then(|id| rows.iter().position(|s| s.id == id));
        let out = self.table.show(
            ui,
            "staff_table",
            &COLS,
            &self.visible,
            selected,
            |i, column| {
                let s = &rows[i];
                match column {
                    0 => Cell::text(&s.name),
                    1 => Cell::text(s.gender.map(|g| g.as_str()).unwrap_or("")),
                    2 => Cell::text(&s.department),
                    3 => Cell::text(&s.position),
                    4 => Cell::Date(s.hire_date),
                    5 => Cell::text(&s.phone),
                    6 if s.active() => Cell::text(s.state.as_str()),
                    6 => Cell::Colored(s.state.as_str().to_string(), theme::MUTED),
                    // Most serious first; the whole list on hover.
                    _ => match flags[i].first() {
                        Some(first) => Cell::Clip(
                            flags[i]
                                .iter()
                                .map(StaffFlag::label)
                                .collect::<Vec<_>>()
                                .join("；"),
                            flag_color(first),
                        ),
                        None if s.active() => Cell::Colored("齐全".into(), theme::SUCCESS),
                        None => Cell::Empty,
                    },
                }
            },
        );
        if let Some(i) = out.selected {
            let id = self.data.rows[i].id;
            self.selected = Some(id);
            commands.push(StaffCommand::Select(id).into());
        }
        if let Some(i) = out.opened {
            let s = &self.data.rows[i];
            self.form = Some(StaffForm::editing(s));
        }
    }

    fn detail_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some((s, trainings)) = &self.detail else {
            return;
        };
        let today = self.data.today;
        let rules = self.data.settings.rules;
        ui.horizontal(|ui| {
            ui.heading(&s.name);
            if !s.active() {
                ui.colored_label(
                    theme::MUTED,
                    format!("已离职 {}", s.leave_date.map(iso).unwrap_or_default()),
                );
            }
        });
        ui.label(format!(
            "{} · {}",
            s.department,
            if s.position.is_empty() {
                "（未定岗位）"
            } else {
                s.position.as_str()
            }
        ));
        let mut lines = Vec::new();
        if let Some(g) = s.gender {
            lines.push(format!("性别：{g}"));
        }
        if let Some(b) = s.birth_date {
            lines.push(format!(
                "出生日期：{}（{} 岁）",
                iso(b),
                crate::domain::staff::age_on(b, today)
            ));
        }
        if !s.id_number.is_empty() {
            lines.push(format!("身份证号：{}", mask_id_number(&s.id_number)));
        }
        if let Some(h) = s.hire_date {
            lines.push(format!("入职日期：{}", iso(h)));
        }
        if !s.phone.is_empty() {
            lines.push(format!("电话：{}", s.phone));
        }
        if !s.emergency_contact.is_empty() || !s.emergency_phone.is_empty() {
            lines.push(format!(
                "紧急联系人：{} {}",
                s.emergency_contact, s.emergency_phone
            ));
        }
        if !s.notes.is_empty() {
            lines.push(format!("备注：{}", s.notes));
        }
        for l in lines {
            ui.label(l);
        }
        for f in staff_flags(&s.facts(), today, rules) {
            ui.colored_label(flag_color(&f), format!("需处理：{}", f.label()));
        }
        ui.horizontal_wrapped(|ui| {
            if self.may_write && ui.button("编辑").clicked() {
                self.form = Some(StaffForm::editing(s));
            }
            if self.may_write && s.active() && ui.button("办理离职").clicked() {
                self.leave = Some(LeaveForm::new(s.id, &s.name, today));
            }
            if self.may_write && ui.button("添加证书").clicked() {
                self.cert = Some(CertForm::new(s.id, &s.name, None, CertDraft::default()));
            }
            if ui.button("打印档案卡…").clicked() {
                let kind = Output::Card {
                    id: s.id,
                    name: s.name.clone(),
                };
                let name = kind.file_name();
                self.output = Some(super::output_form(kind, &name));
            }
        });
        ui.separator();
        ui.strong("岗位证书");
        if !s.required.is_empty() {
            ui.label(
                egui::RichText::new(format!("岗位要求：{}", s.required.join("、")))
                    .color(theme::MUTED),
            );
        }
        if s.certs.is_empty() {
            ui.label("无");
        }
        let mut edit = None;
        for c in &s.certs {
            ui.group(|ui| {
                ui.horizontal(|ui| {
                    ui.strong(&c.kind);
                    let status = cert_status(c.expiry_date, today, rules.cert_warn_days);
                    let color = match status {
                        CertStatus::Expired { .. } => theme::ERROR,
                        CertStatus::Expiring { .. } => theme::WARNING,
                        _ => theme::SUCCESS,
                    };
                    ui.colored_label(color, status.label());
                });
                if !c.number.is_empty() {
                    ui.label(format!("证号：{}", c.number));
                }
                if !c.issuer.is_empty() {
                    ui.label(format!("发证机关：{}", c.issuer));
                }
                ui.label(format!(
                    "发证 {} · 有效期至 {}",
                    c.issue_date.map(iso).unwrap_or_else(|| "—".into()),
                    c.expiry_date.map(iso).unwrap_or_else(|| "长期".into())
                ));
                ui.horizontal(|ui| {
                    if self.may_write && ui.small_button("修改").clicked() {
                        edit = Some(c.clone());
                    }
                    if !c.scan_file.is_empty() && ui.small_button("查看扫描件").clicked() {
                        commands.push(StaffCommand::OpenScan(c.scan_file.clone()).into());
                    }
                });
            });
        }
        if let Some(c) = edit {
            let draft = CertDraft {
                kind: c.kind.clone(),
                number: c.number.clone(),
                issuer: c.issuer.clone(),
                issue_date: c.issue_date.map(iso).unwrap_or_default(),
                expiry_date: c.expiry_date.map(iso).unwrap_or_default(),
                notes: c.notes.clone(),
            };
            let mut form = CertForm::new(s.id, &s.name, Some(c.id), draft);
            form.has_scan = !c.scan_file.is_empty();
            self.cert = Some(form);
        }
        ui.separator();
        let attended: Vec<&StaffTraining> =
            trainings.iter().filter(|t| t.result.attended()).collect();
        ui.strong(format!(
            "培训记录（参加 {} 次，{} 学时）",
            attended.len(),
            hours_text(attended.iter().map(|t| t.hours_tenths).sum())
        ));
        if trainings.is_empty() {
            ui.label("无");
        }
        for t in trainings {
            let text = format!(
                "{} {}（{}，{} 学时）",
                iso(t.date),
                t.course,
                t.kind,
                hours_text(t.hours_tenths)
            );
            ui.horizontal_wrapped(|ui| {
                ui.label(text);
                let color = match t.result {
                    TrainingResult::Absent | TrainingResult::Failed => theme::ERROR,
                    _ => theme::SUCCESS,
                };
                ui.colored_label(color, t.result.as_str());
            });
        }
        ui.separator();
        ui.strong(format!("月度考核（{} 份）", self.cards.len()));
        if self.cards.is_empty() {
            ui.label("无");
        }
        for c in self.cards.iter().take(24) {
            let state = c.state.map(|s| s.as_str()).unwrap_or("");
            let text = format!("{} {} 分（{state}）", c.month, c.total);
            if c.total < 90 {
                ui.colored_label(theme::WARNING, text);
            } else {
                ui.label(text);
            }
        }
        if !self.log.is_empty() {
            ui.separator();
            ui.strong("操作日志");
            for e in &self.log {
                let mut line = format!("{} {} 【{}】{}", e.at, e.who, e.kind, e.what);
                if !e.changes.is_empty() {
                    line.push_str(&format!("（{}）", e.changes));
                }
                ui.label(line);
            }
        }
    }

    /// The person the panel shows.
    pub fn detail_name(&self) -> Option<&str> {
        self.detail.as_ref().map(|(s, _)| s.name.as_str())
    }
}
