//! 客户服务: the front desk's four books — 走访 (quick entry by keyboard), 月度目标 (who is
//! short of the month's households), 投诉 (each complaint's three clocks) and 报修 (work
//! orders from call to revisit). One file per tab; this one holds the shared state.

mod complaints;
mod repairs;
mod targets;
mod visits;

pub use complaints::ComplaintForm;
pub use repairs::RepairForm;
pub use visits::VisitForm;

use crate::app::Command;
use crate::db::complaints::ComplaintRow;
use crate::db::repairs::RepairRow;
use crate::db::visits::{TargetRow, VisitRow};
use crate::domain::calendar::WorkCalendar;
use crate::domain::complaints::ClockRules;
use crate::domain::period::Period;
use crate::ui::table::Table;
use crate::views::charging::UnitPick;
use chrono::NaiveDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceTab {
    Visits,
    Targets,
    Complaints,
    Repairs,
}

impl ServiceTab {
    pub const ALL: [ServiceTab; 4] = [
        ServiceTab::Visits,
        ServiceTab::Targets,
        ServiceTab::Complaints,
        ServiceTab::Repairs,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ServiceTab::Visits => "走访登记",
            ServiceTab::Targets => "月度目标",
            ServiceTab::Complaints => "投诉",
            ServiceTab::Repairs => "报修",
        }
    }
}

/// A member of staff as the forms offer them.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffPick {
    pub id: i64,
    pub name: String,
    pub department: String,
    pub position: String,
}

/// What the screen shows, loaded by the app when the screen is stale.
#[derive(Default)]
pub struct ServiceData {
    pub month: Option<Period>,
    pub visits: Vec<VisitRow>,
    pub targets: Vec<TargetRow>,
    pub complaints: Vec<ComplaintRow>,
    pub repairs: Vec<RepairRow>,
    pub kinds: Vec<String>,
    pub staff: Vec<StaffPick>,
    pub departments: Vec<String>,
    pub units: Vec<UnitPick>,
    pub rules: ClockRules,
    pub calendar: WorkCalendar,
    /// Where the database's attachments are (the visit photos' files).
    pub attachments: std::path::PathBuf,
}

pub struct ServiceView {
    /// This frame's moment, from the app's clock.
    pub now: NaiveDateTime,
    /// The signed-in user's role may record visits, complaints and repairs (no users: yes).
    pub may_write: bool,
    pub tab: ServiceTab,
    pub data: ServiceData,
    pub month_text: String,
    pub visit: VisitForm,
    /// Move the cursor to the visit form's 房屋 field next frame.
    pub(super) focus_unit: bool,
    pub complaint: Option<ComplaintForm>,
    pub repair: Option<RepairForm>,
    pub(super) selected_complaint: Option<i64>,
    pub(super) selected_visit: Option<i64>,
    pub(super) selected_repair: Option<i64>,
    /// The detail a step on the selected complaint or repair carries (reply, result, reason).
    pub step_note: String,
    pub(super) visits_table: Table,
    pub(super) targets_table: Table,
    pub(super) complaints_table: Table,
    pub(super) repairs_table: Table,
    /// A print window (a register or a work order).
    pub output: Option<crate::ui::PathForm<crate::app::ServiceOutput>>,
    /// Importing one of the books: which file.
    pub import_file: Option<crate::ui::PathForm<crate::pdf::service::Register>>,
    pub stale: bool,
}

impl ServiceView {
    pub fn new(now: NaiveDateTime) -> ServiceView {
        ServiceView {
            may_write: true,
            now,
            tab: ServiceTab::Visits,
            data: ServiceData::default(),
            month_text: Period::of(now.date()).to_string(),
            visit: VisitForm::new(now),
            focus_unit: true,
            complaint: None,
            repair: None,
            selected_complaint: None,
            selected_visit: None,
            selected_repair: None,
            step_note: String::new(),
            visits_table: Table::default(),
            targets_table: Table::default(),
            complaints_table: Table::default(),
            repairs_table: Table::default(),
            output: None,
            import_file: None,
            stale: true,
        }
    }

    /// The month on screen.
    pub fn month(&self) -> Period {
        Period::parse(&self.month_text).unwrap_or_else(|_| Period::of(self.now.date()))
    }

    pub fn set_data(&mut self, data: ServiceData) {
        if self.visit.staff_id.is_none() {
            // The form starts with the first customer-service member of staff.
            self.visit.staff_id = data
                .staff
                .iter()
                .find(|s| s.department.contains("客服") || s.department.contains("客户服务"))
                .or(data.staff.first())
                .map(|s| s.id);
        }
        if self.visit.kind.is_empty() {
            self.visit.kind = data.kinds.first().cloned().unwrap_or_default();
        }
        self.data = data;
        self.visits_table.invalidate();
        self.targets_table.invalidate();
        self.complaints_table.invalidate();
        self.repairs_table.invalidate();
    }

    /// A visit was saved: the form is ready for the next household, staff and kind kept.
    /// The complaint whose panel is open.
    pub fn selected_complaint(&self) -> Option<i64> {
        self.selected_complaint
    }

    /// Opens 投诉 on one complaint, on the month it was received in (from the home screen).
    pub fn show_complaint(&mut self, id: i64, received: chrono::NaiveDate) {
        self.tab = ServiceTab::Complaints;
        self.month_text = Period::of(received).to_string();
        self.selected_complaint = Some(id);
        self.stale = true;
    }

    /// Opens 报修 on one work order, on the month it was reported in (from the home screen).
    pub fn show_repair(&mut self, id: i64, reported: chrono::NaiveDate) {
        self.tab = ServiceTab::Repairs;
        self.month_text = Period::of(reported).to_string();
        self.selected_repair = Some(id);
        self.stale = true;
    }

    pub fn visit_saved(&mut self) {
        self.visit.next(self.now);
        self.focus_unit = true;
    }

    pub fn visit_error(&mut self, message: String) {
        self.visit.error = Some(message);
    }

    pub fn complaint_error(&mut self, message: String) {
        if let Some(f) = &mut self.complaint {
            f.error = Some(message);
        }
    }

    pub fn repair_error(&mut self, message: String) {
        if let Some(f) = &mut self.repair {
            f.error = Some(message);
        }
    }

    pub fn close_dialogs(&mut self) {
        self.complaint = None;
        self.repair = None;
        self.step_note.clear();
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            for tab in ServiceTab::ALL {
                if ui.selectable_label(self.tab == tab, tab.label()).clicked() {
                    self.tab = tab;
                    if tab == ServiceTab::Visits {
                        self.focus_unit = true;
                    }
                }
            }
            ui.separator();
            let l = ui.label("月份");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.month_text)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                        .desired_width(80.0),
                )
                .labelled_by(l.id);
            if r.lost_focus() || ui.button("查看").clicked() {
                match Period::parse(&self.month_text) {
                    Ok(p) if Some(p) != self.data.month => {
                        commands.push(crate::app::ServiceCommand::Load(p).into());
                    }
                    Ok(_) => {}
                    Err(e) => {
                        ui.colored_label(crate::ui::theme::ERROR, e);
                    }
                }
            }
        });
        ui.separator();
        match self.tab {
            ServiceTab::Visits => self.visits_ui(ui, commands),
            ServiceTab::Targets => self.targets_ui(ui),
            ServiceTab::Complaints => self.complaints_ui(ui, commands),
            ServiceTab::Repairs => self.repairs_ui(ui, commands),
        }
        self.complaint_window(ui.ctx(), commands);
        self.repair_window(ui.ctx(), commands);
        self.output_window(ui.ctx(), commands);
        self.import_window(ui.ctx(), commands);
    }

    fn import_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        use crate::app::ServiceCommand;
        use crate::pdf::service::Register;
        let Some(f) = &mut self.import_file else {
            return;
        };
        let columns = match f.kind {
            Register::Visits => {
                "日期、楼栋、单元、房号、走访人、类型、内容、业主意见、满意度、需跟进、跟进完成日期、业主签字、照片"
            }
            Register::Complaints => {
                "受理时间、渠道、楼栋、单元、房号、投诉人、电话、内容、责任部门、处理人、是否有效、责任人、首次回复时间、办结时间、约定完成时间、回访时间、回访结果"
            }
            Register::Repairs => {
                "报修时间、楼栋、单元、房号、报修人、电话、内容、类别、有偿、预约时间、维修人、完成时间、结果、费用、回访时间、满意度"
            }
        };
        let explanation =
            format!("Excel（.xlsx）或 CSV 文件，列：{columns}。全部正确才导入，有错时逐行列出。");
        match crate::ui::path_dialog(
            ctx,
            &format!("导入{}", f.kind.title().trim_end_matches("登记表")),
            &explanation,
            "文件路径",
            &mut f.path,
            f.error.as_deref(),
            "导入",
        ) {
            crate::ui::PathAction::None | crate::ui::PathAction::Print(_) => {}
            crate::ui::PathAction::Browse => commands.push(ServiceCommand::BrowseImport.into()),
            crate::ui::PathAction::Go(path) => {
                commands.push(ServiceCommand::Import(f.kind, path).into())
            }
            crate::ui::PathAction::Close => self.import_file = None,
        }
    }

    fn output_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        use crate::app::{ServiceCommand, ServiceOutput};
        let Some(o) = &mut self.output else { return };
        let action = match o.kind {
            ServiceOutput::Export(..) => crate::ui::path_dialog(
                ctx,
                &o.kind.title(),
                "列与导入相同，可修改后重新导入。",
                "保存到",
                &mut o.path,
                o.error.as_deref(),
                "导出",
            ),
            _ => crate::ui::print_dialog(
                ctx,
                &o.kind.title(),
                "保存为 PDF 文件：",
                &mut o.path,
                o.error.as_deref(),
            ),
        };
        let kind = o.kind;
        match action {
            crate::ui::PathAction::Browse => commands.push(ServiceCommand::BrowseOutput.into()),
            crate::ui::PathAction::Close => self.output = None,
            a => crate::views::print_or_save(a, commands, |path| {
                ServiceCommand::Write(kind, path).into()
            }),
        }
    }

    /// Opens the print window for `kind`, offering a file in the documents folder.
    pub fn open_output(&mut self, kind: crate::app::ServiceOutput) {
        let name = kind.file_name();
        self.output = Some(crate::views::output_form(kind, &name));
    }

    /// The print button of a tab: this month's register.
    pub(super) fn print_button(&mut self, ui: &mut egui::Ui, which: crate::pdf::service::Register) {
        let month = self.data.month.unwrap_or_else(|| self.month());
        if ui.button(format!("打印{}…", which.title())).clicked() {
            self.open_output(crate::app::ServiceOutput::Register(which, month));
        }
        if ui.button("导出 Excel…").clicked() {
            self.open_output(crate::app::ServiceOutput::Export(which, month));
        }
        if self.may_write && ui.button("导入…").clicked() {
            self.import_file = Some(crate::ui::PathForm::new(which, std::path::Path::new("")));
        }
    }

    /// Units matching what is typed (room shorthand, name, pinyin, phone tail), in order.
    pub(super) fn unit_matches(&self, text: &str, most: usize) -> Vec<&UnitPick> {
        crate::views::charging::unit_matches(&self.data.units, text, most)
    }

    pub fn staff_name(&self, id: Option<i64>) -> String {
        id.and_then(|id| self.data.staff.iter().find(|s| s.id == id))
            .map(|s| s.name.clone())
            .unwrap_or_default()
    }
}

/// A combo box of staff, labelled for screen readers and tests.
pub(super) fn staff_choice(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<i64>,
    staff: &[&StaffPick],
    empty: &str,
) {
    let l = ui.label(label);
    let shown = value
        .and_then(|id| staff.iter().find(|s| s.id == id))
        .map(|s| s.name.clone())
        .unwrap_or_else(|| empty.to_string());
    egui::ComboBox::from_id_salt(("staff_choice", label))
        .selected_text(shown)
        .width(crate::ui::theme::FIELD_WIDTH)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, empty);
            for s in staff {
                ui.selectable_value(value, Some(s.id), format!("{}（{}）", s.name, s.department));
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
}
