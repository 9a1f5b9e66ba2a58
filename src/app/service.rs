//! Commands of the 客户服务 screen (visits, complaints, repairs), run by `App` after each frame.

use super::App;
use crate::db::complaints::{self as c, ComplaintInput, Step};
use crate::db::repairs::{self as r, RepairChange, RepairInput};
use crate::db::visits::{self as v, VisitInput};
use crate::domain::period::Period;
use crate::error::Result;
use crate::views::service::{ServiceData, StaffPick};
use std::path::PathBuf;

/// What a 客户服务 output window writes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ServiceOutput {
    Register(crate::pdf::service::Register, Period),
    WorkOrder(i64),
    /// The month's records as an Excel workbook with the import's columns.
    Export(crate::pdf::service::Register, Period),
}

impl ServiceOutput {
    pub fn title(&self) -> String {
        match self {
            ServiceOutput::Register(r, m) => format!("打印 {} {}", m.doc(), r.title()),
            ServiceOutput::WorkOrder(id) => format!("打印维修派工单第 {id} 号"),
            ServiceOutput::Export(r, m) => format!("导出 {} {}（Excel）", m.doc(), r.title()),
        }
    }

    pub fn file_name(&self) -> String {
        match self {
            ServiceOutput::Register(r, m) => format!("{}-{m}.pdf", r.title()),
            ServiceOutput::WorkOrder(id) => format!("维修派工单-{id}.pdf"),
            ServiceOutput::Export(r, m) => format!("{}-{m}.xlsx", r.title()),
        }
    }
}

#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum ServiceCommand {
    Load(Period),
    /// A visit, and a photo to copy beside the database first.
    AddVisit(VisitInput, Option<PathBuf>),
    AddComplaint(ComplaintInput),
    ComplaintStep {
        id: i64,
        step: Step,
        detail: String,
    },
    AddRepair(RepairInput),
    RepairChange {
        id: i64,
        change: RepairChange,
    },
    BrowseOutput,
    Write(ServiceOutput, PathBuf),
    /// From 设置: the visit target, the clocks and the working-day calendar.
    SaveSettings(crate::views::settings::ServiceSettings),
    /// A visit's follow-up was done (today).
    FollowUpDone(i64),
    /// A paid repair's charge into the charging ledger.
    BillRepair(i64),
    /// Imports one of the books from an office's Excel file (on a worker thread).
    Import(crate::pdf::service::Register, PathBuf),
    BrowseImport,
    /// Opens a visit's photo (relative to the attachments folder) in the desktop's viewer.
    OpenPhoto(String),
}

impl From<ServiceCommand> for super::Command {
    fn from(c: ServiceCommand) -> super::Command {
        super::Command::Service(c)
    }
}

impl App {
    /// Loads the month on screen: its visits, targets, complaints and repairs, and what the
    /// forms offer (kinds, staff, departments, units).
    pub(super) fn load_service(&mut self) -> Result<()> {
        let month = self.service.month();
        let staff = crate::db::staff::list_staff(&self.conn)?
            .into_iter()
            .filter(|s| s.active())
            .map(|s| StaffPick {
                id: s.id,
                name: s.name.clone(),
                department: s.department.clone(),
                position: s.position.clone(),
            })
            .collect();
        let units = if self.service.data.units.is_empty() || self.service_units_stale {
            crate::views::charging::unit_picks(crate::db::estate::list_units(&self.conn)?)
        } else {
            std::mem::take(&mut self.service.data.units)
        };
        self.service_units_stale = false;
        self.service.set_data(ServiceData {
            month: Some(month),
            visits: v::month_visits(&self.conn, month)?,
            targets: v::month_targets(&self.conn, month)?,
            complaints: c::month_complaints(&self.conn, month)?,
            repairs: r::month_repairs(&self.conn, month)?,
            kinds: v::kinds(&self.conn)?,
            staff,
            departments: crate::db::staff::list_departments(&self.conn)?
                .into_iter()
                .map(|d| d.name)
                .collect(),
            units,
            rules: c::clock_rules(&self.conn)?,
            calendar: c::calendar(&self.conn)?,
            attachments: crate::io::files::attachments_dir(&self.db_path),
        });
        Ok(())
    }

    fn export(
        &self,
        which: crate::pdf::service::Register,
        month: Period,
        path: &std::path::Path,
    ) -> Result<String> {
        use crate::pdf::service::Register;
        let n = match which {
            Register::Visits => {
                let rows = v::month_visits(&self.conn, month)?;
                crate::io::frontdesk::export_visits(&rows, path)?;
                rows.len()
            }
            Register::Complaints => {
                let rows = c::month_complaints(&self.conn, month)?;
                crate::io::frontdesk::export_complaints(&rows, path)?;
                rows.len()
            }
            Register::Repairs => {
                let rows = r::month_repairs(&self.conn, month)?;
                crate::io::frontdesk::export_repairs(&rows, path)?;
                rows.len()
            }
        };
        Ok(format!(
            "已导出 {} {}（{n} 条）：{}",
            month.doc(),
            which.title(),
            path.display()
        ))
    }

    fn service_written(&mut self, result: Result<String>) -> bool {
        match result {
            Ok(message) => {
                self.ok(message);
                self.data_changed();
                // The front desk's books change no unit: the picker's keys stay.
                self.service_units_stale = false;
                true
            }
            Err(e) => {
                self.fail(&e);
                false
            }
        }
    }

    pub(super) fn run_service(&mut self, command: ServiceCommand) {
        let now = self.now();
        match command {
            ServiceCommand::Load(month) => {
                self.service.month_text = month.to_string();
                self.service.stale = true;
            }
            ServiceCommand::AddVisit(mut input, photo) => {
                let stored = match photo {
                    Some(p) => crate::io::files::store_photo(
                        &self.db_path,
                        &p,
                        &input.at.format("%Y%m%d").to_string(),
                    )
                    .map(Some),
                    None => Ok(None),
                };
                let r = stored.and_then(|p| {
                    input.photos.extend(p);
                    v::add_visit(&self.conn, &input, now)
                });
                match r {
                    Ok(_) => {
                        let unit = self
                            .service
                            .data
                            .units
                            .iter()
                            .find(|u| u.id == input.unit_id)
                            .map(|u| u.label.clone())
                            .unwrap_or_default();
                        self.ok(format!("已登记走访：{unit}（{}）", input.kind));
                        self.service.visit_saved();
                        self.data_changed();
                        self.service_units_stale = false;
                    }
                    Err(e) => {
                        self.service.visit_error(e.to_string());
                        self.fail(&e);
                    }
                }
            }
            ServiceCommand::AddComplaint(input) => {
                let r = c::add_complaint(&self.conn, &input, now)
                    .map(|id| format!("已登记投诉（第 {id} 号）。"));
                if let Err(e) = &r {
                    self.service.complaint_error(e.to_string());
                }
                if self.service_written(r) {
                    self.service.close_dialogs();
                }
            }
            ServiceCommand::ComplaintStep { id, step, detail } => {
                let by = self.service.staff_name(self.service.visit.staff_id);
                let what = match &step {
                    Step::FirstReply => "首次回复",
                    Step::Agree(_) => "约定完成时间",
                    Step::Resolve => "办结",
                    Step::Revisit(crate::domain::complaints::Satisfaction::Unsatisfied) => {
                        "回访（不满意，已重新处理）"
                    }
                    Step::Revisit(_) => "回访",
                    Step::Judge { .. } => "认定",
                };
                let r = c::step(&self.conn, id, &step, now, &detail, &by)
                    .map(|_| format!("投诉第 {id} 号：已登记{what}。"));
                if self.service_written(r) {
                    self.service.step_note.clear();
                }
            }
            ServiceCommand::AddRepair(input) => {
                let r = r::add_repair(&self.conn, &input, now)
                    .map(|id| format!("已登记报修（维修单第 {id} 号）。"));
                if let Err(e) = &r {
                    self.service.repair_error(e.to_string());
                }
                if self.service_written(r) {
                    self.service.close_dialogs();
                }
            }
            ServiceCommand::Import(book, path) => {
                self.start_import(path, super::ImportKind::Book(book));
            }
            ServiceCommand::BrowseImport => {
                if let Some(path) = self.picked(crate::ui::dialogs::pick_import_file())
                    && let Some(f) = &mut self.service.import_file
                {
                    f.path = path.display().to_string();
                }
            }
            ServiceCommand::BillRepair(id) => {
                let by = self.charging.clerk().to_string();
                let res = r::bill_repair(&self.conn, id, &by, now).map(|_| {
                    format!(
                        "维修单第 {id} 号的费用已计入收费台账（{}），可在收款时收取。",
                        r::REPAIR_ITEM
                    )
                });
                self.service_written(res);
            }
            ServiceCommand::FollowUpDone(id) => {
                let r = v::follow_up_done(&self.conn, id, now.date())
                    .map(|_| "已登记跟进完成。".to_string());
                self.service_written(r);
            }
            ServiceCommand::OpenPhoto(relative) => {
                let path = crate::io::files::attachment_path(&self.db_path, &relative);
                if !path.exists() {
                    self.fail(&crate::error::Error::invalid(format!(
                        "照片“{}”不在附件目录中，可能已被移走。",
                        path.display()
                    )));
                } else if let Err(e) = open::that_detached(&path) {
                    self.fail(&crate::error::Error::invalid(format!(
                        "无法打开照片“{}”：{e}",
                        path.display()
                    )));
                }
            }
            ServiceCommand::SaveSettings(s) => {
                let r = c::save_clock_rules(&self.conn, &s.rules)
                    .and_then(|_| c::replace_calendar(&self.conn, &s.calendar))
                    .and_then(|_| {
                        crate::db::settings::set(&self.conn, v::VISIT_TARGET, &s.target.to_string())
                    });
                match r {
                    Ok(()) => self.data_changed(),
                    Err(e) => self.fail(&e),
                }
            }
            ServiceCommand::BrowseOutput => {
                let kind = |o: ServiceOutput| match o {
                    ServiceOutput::Export(..) => ("Excel 文件", "xlsx"),
                    _ => ("PDF 文件", "pdf"),
                };
                if let Some(o) = self.service.output.as_ref().map(|o| o.kind)
                    && let Some(path) = self.picked(crate::ui::dialogs::save_as(
                        &o.file_name(),
                        kind(o).0,
                        kind(o).1,
                    ))
                    && let Some(form) = &mut self.service.output
                {
                    form.path = path.display().to_string();
                }
            }
            ServiceCommand::Write(output, path) => {
                let r = match output {
                    ServiceOutput::Register(which, month) => {
                        crate::pdf::service::print_register(&self.conn, which, month, &path, now)
                            .map(|p| {
                                format!(
                                    "已生成 {} {}（{p} 页）：{}",
                                    month.doc(),
                                    which.title(),
                                    path.display()
                                )
                            })
                    }
                    ServiceOutput::WorkOrder(id) => {
                        crate::pdf::service::print_work_order(&self.conn, id, &path, now).map(|p| {
                            format!("已生成维修派工单第 {id} 号（{p} 页）：{}", path.display())
                        })
                    }
                    ServiceOutput::Export(which, month) => self.export(which, month, &path),
                };
                match r {
                    Ok(message) => {
                        self.service.output = None;
                        self.ok(message);
                    }
                    Err(e) => {
                        if let Some(form) = &mut self.service.output {
                            form.error = Some(e.to_string());
                        }
                        self.fail(&e);
                    }
                }
            }
            ServiceCommand::RepairChange { id, change } => {
                let by = self.service.staff_name(self.service.visit.staff_id);
                let res = r::change(&self.conn, id, &change, now, &by)
                    .map(|s| format!("维修单第 {id} 号：{s}。"));
                if self.service_written(res) {
                    self.service.step_note.clear();
                }
            }
        }
    }
}
