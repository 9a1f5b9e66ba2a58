//! Commands of the staff files screen (员工档案), run by `App` after each frame.

use super::{App, Command, ImportKind};
use crate::db::settings::StaffSettings;
use crate::domain::date::iso;
use crate::domain::staff::{CertInput, Duty, StaffInput, TrainingInput};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use std::path::PathBuf;

/// What an output window writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// 员工花名册 PDF.
    Roster { include_left: bool },
    /// One person's 员工档案卡 PDF.
    Card { id: i64, name: String },
    /// The roster as XLSX.
    Xlsx,
}

impl Output {
    pub fn title(&self) -> String {
        match self {
            Output::Roster { .. } => "打印员工花名册".into(),
            Output::Card { name, .. } => format!("打印员工档案卡：{name}"),
            Output::Xlsx => "导出花名册 Excel".into(),
        }
    }

    pub fn file_name(&self) -> String {
        match self {
            Output::Roster { .. } => "员工花名册.pdf".into(),
            Output::Card { name, .. } => format!("员工档案卡-{name}.pdf"),
            Output::Xlsx => "员工花名册.xlsx".into(),
        }
    }

    fn extension(&self) -> (&'static str, &'static str) {
        match self {
            Output::Xlsx => ("Excel 文件", "xlsx"),
            _ => ("PDF 文件", "pdf"),
        }
    }
}

#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum StaffCommand {
    Select(i64),
    Create(StaffInput),
    Update(i64, StaffInput),
    MarkLeft {
        id: i64,
        date: NaiveDate,
    },
    AddCert {
        staff_id: i64,
        cert: CertInput,
        scan: Option<PathBuf>,
    },
    UpdateCert {
        id: i64,
        staff_id: i64,
        cert: CertInput,
        scan: Option<PathBuf>,
    },
    DeleteCert {
        id: i64,
        staff_id: i64,
    },
    /// Opens a stored scan (relative path) in the desktop's viewer.
    OpenScan(String),
    CreateTraining(TrainingInput),
    AddDepartment(String),
    RenameDepartment(i64, String),
    SavePosition {
        id: Option<i64>,
        name: String,
        duty: Option<Duty>,
        required: Vec<String>,
    },
    BrowseImport,
    PreviewImport(PathBuf),
    StartImport(PathBuf),
    BrowseScan,
    BrowseOutput,
    Write(Output, PathBuf),
    SaveSettings(StaffSettings),
}

impl From<StaffCommand> for Command {
    fn from(c: StaffCommand) -> Command {
        Command::Staff(c)
    }
}

impl App {
    /// After a write from a staff dialog: close it, report, reload, and show the person.
    /// On failure the dialog stays open with the message; nothing was written.
    fn staff_written(&mut self, result: Result<i64>, message: String) {
        match result {
            Ok(id) => {
                self.staff.close_dialogs();
                self.ok(message);
                self.data_changed();
                self.run_staff(StaffCommand::Select(id));
            }
            Err(e) => {
                self.staff.form_error(e.to_string());
                self.fail(&e);
            }
        }
    }

    fn setup_written(&mut self, result: Result<()>, message: String) {
        match result {
            Ok(()) => {
                self.ok(message);
                self.data_changed();
            }
            Err(e) => self.fail(&e),
        }
    }

    /// Copies a scan beside the database (if one was chosen) before the row is written, so
    /// the row never points at a file that is not there.
    fn store_scan(&self, staff_id: i64, scan: &Option<PathBuf>) -> Result<Option<String>> {
        match scan {
            Some(p) => {
                crate::io::files::store_scan(&self.db_path, p, &staff_id.to_string()).map(Some)
            }
            None => Ok(None),
        }
    }

    pub(super) fn run_staff(&mut self, command: StaffCommand) {
        let now = crate::db::stamp(self.now());
        match command {
            StaffCommand::Select(id) => {
                let loaded = crate::db::staff::get_staff(&self.conn, id).and_then(|s| {
                    Ok((
                        s,
                        crate::db::staff::staff_trainings(&self.conn, id)?,
                        crate::db::assessment::cards_of_staff(&self.conn, id)?,
                    ))
                });
                match loaded {
                    Ok((s, t, c)) => {
                        self.staff.log = crate::db::audit::for_record(
                            &self.conn,
                            &format!("员工 {}", s.name),
                            50,
                        )
                        .unwrap_or_default();
                        self.staff.set_detail(s, t, c);
                    }
                    Err(e) => self.fail(&e),
                }
            }
            StaffCommand::Create(input) => {
                let r = crate::db::staff::create_staff(&self.conn, &input, &now);
                self.staff_written(
                    r,
                    format!("已新增员工 {}（{}）。", input.name, input.department),
                );
            }
            StaffCommand::Update(id, input) => {
                let before = crate::db::staff::get_staff(&self.conn, id);
                let r = crate::db::staff::update_staff(&self.conn, id, &input, &now);
                if r.is_ok()
                    && let Ok(old) = before
                {
                    self.audit_changes = super::users::staff_changes(&old, &input);
                }
                self.staff_written(
                    r.map(|()| id),
                    format!("已保存员工 {} 的档案。", input.name),
                );
            }
            StaffCommand::MarkLeft { id, date } => {
                let r = crate::db::staff::mark_left(&self.conn, id, date, &now);
                self.staff_written(
                    r.map(|()| id),
                    format!("已办理离职（{}），档案保留。", iso(date)),
                );
            }
            StaffCommand::AddCert {
                staff_id,
                cert,
                scan,
            } => {
                let r = self.store_scan(staff_id, &scan).and_then(|file| {
                    crate::db::staff::add_certificate(
                        &self.conn,
                        staff_id,
                        &cert,
                        file.as_deref().unwrap_or(""),
                        &now,
                    )
                });
                self.staff_written(r.map(|_| staff_id), format!("已添加证书：{}。", cert.kind));
            }
            StaffCommand::UpdateCert {
                id,
                staff_id,
                cert,
                scan,
            } => {
                let r = self.store_scan(staff_id, &scan).and_then(|file| {
                    crate::db::staff::update_certificate(
                        &self.conn,
                        id,
                        &cert,
                        file.as_deref(),
                        &now,
                    )
                });
                self.staff_written(r.map(|()| staff_id), format!("已保存证书：{}。", cert.kind));
            }
            StaffCommand::DeleteCert { id, staff_id } => {
                let r = crate::db::staff::delete_certificate(&self.conn, id);
                self.staff_written(r.map(|()| staff_id), "已删除证书记录。".into());
            }
            StaffCommand::OpenScan(relative) => {
                let path = crate::io::files::attachment_path(&self.db_path, &relative);
                if !path.exists() {
                    self.fail(&Error::invalid(format!(
                        "扫描件“{}”不在附件目录中，可能已被移走。",
                        path.display()
                    )));
                } else if let Err(e) = open::that_detached(&path) {
                    self.fail(&Error::invalid(format!(
                        "无法打开扫描件“{}”：{e}",
                        path.display()
                    )));
                }
            }
            StaffCommand::CreateTraining(t) => {
                match crate::db::staff::create_training(&self.conn, &t, &now) {
                    Ok(_) => {
                        self.staff.training = None;
                        self.ok(format!(
                            "已记录培训“{}”（{}，{} 人）。",
                            t.course,
                            iso(t.date),
                            t.attendees.len()
                        ));
                        self.data_changed();
                        if let Some(id) = self.staff.selected() {
                            self.run_staff(StaffCommand::Select(id));
                        }
                    }
                    Err(e) => {
                        self.staff.form_error(e.to_string());
                        self.fail(&e);
                    }
                }
            }
            StaffCommand::AddDepartment(name) => {
                let r = crate::db::staff::add_department(&self.conn, &name).map(|_| ());
                if r.is_ok() {
                    self.staff.new_department.clear();
                }
                self.setup_written(r, format!("已添加部门“{}”。", name.trim()));
            }
            StaffCommand::RenameDepartment(id, name) => {
                let r = crate::db::staff::rename_department(&self.conn, id, &name);
                self.setup_written(r, format!("部门已改名为“{}”。", name.trim()));
            }
            StaffCommand::SavePosition {
                id,
                name,
                duty,
                required,
            } => {
                let r = crate::db::staff::save_position(&self.conn, id, &name, duty, &required)
                    .map(|_| ());
                if r.is_ok() && id.is_none() {
                    self.staff.clear_new_position();
                }
                self.setup_written(r, format!("已保存岗位“{}”。", name.trim()));
            }
            StaffCommand::BrowseImport => {
                if let Some(path) = self.picked(crate::ui::dialogs::pick_import_file()) {
                    self.run_staff(StaffCommand::PreviewImport(path));
                }
            }
            StaffCommand::PreviewImport(path) => {
                let loaded = crate::io::staff::check_file(&path, self.now().date()).and_then(|p| {
                    let plan = crate::db::staff::plan_import(&self.conn, &p.rows)?;
                    Ok((p, plan))
                });
                match loaded {
                    Ok((p, plan)) => self.staff.set_import_preview(path, p, plan),
                    Err(e) => {
                        self.staff.set_import_file_error(e.to_string());
                        self.fail(&e);
                    }
                }
            }
            StaffCommand::StartImport(path) => self.start_import(path, ImportKind::Staff),
            StaffCommand::BrowseScan => {
                if let Some(path) = self.picked(crate::ui::dialogs::pick_scan_file()) {
                    self.staff.set_scan_path(path);
                }
            }
            StaffCommand::BrowseOutput => {
                if let Some(o) = self.staff.output_kind() {
                    let (label, ext) = o.extension();
                    if let Some(path) =
                        self.picked(crate::ui::dialogs::save_as(&o.file_name(), label, ext))
                    {
                        self.staff.set_output_path(path);
                    }
                }
            }
            StaffCommand::Write(output, path) => match self.write_output(&output, &path) {
                Ok(message) => {
                    self.staff.output = None;
                    self.ok(message);
                }
                Err(e) => {
                    self.staff.set_output_error(e.to_string());
                    self.fail(&e);
                }
            },
            StaffCommand::SaveSettings(s) => {
                match crate::db::settings::save_staff_settings(&self.conn, &s) {
                    Ok(()) => {
                        self.ok("员工与人员配置设置已保存。");
                        self.data_changed();
                    }
                    Err(e) => self.fail(&e),
                }
            }
        }
    }

    fn write_output(&self, output: &Output, path: &std::path::Path) -> Result<String> {
        let shown = path.display();
        Ok(match output {
            Output::Roster { include_left } => {
                let pages =
                    crate::pdf::staff::print_roster(&self.conn, *include_left, path, self.now())?;
                format!("已生成员工花名册（{pages} 页）：{shown}")
            }
            Output::Card { id, name } => {
                // The full ID number for the signed-in manager only.
                let full = self
                    .user
                    .as_ref()
                    .is_some_and(|u| u.role == crate::domain::users::MANAGER);
                let pages = crate::pdf::staff::print_card(&self.conn, *id, path, self.now(), full)?;
                format!("已生成 {name} 的员工档案卡（{pages} 页）：{shown}")
            }
            Output::Xlsx => {
                let staff = crate::db::staff::list_staff(&self.conn)?;
                // Full ID numbers for the manager (or a file without users), masked otherwise.
                let full = self.sign_in_users.is_empty()
                    || self
                        .user
                        .as_ref()
                        .is_some_and(|u| u.role == crate::domain::users::MANAGER);
                crate::io::staff::export_xlsx(&staff, path, full)?;
                format!("已导出花名册（{} 人）：{shown}", staff.len())
            }
        })
    }
}
