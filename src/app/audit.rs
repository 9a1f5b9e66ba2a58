//! 操作日志 from the window, in one place: `App::run` logs every command that writes (it has a
//! permission in `permissions`) and succeeded, with what the status line said it did, the
//! record it touched in words, the reason where the command carries one, and the field-by-field
//! changes a handler left in `audit_changes`. Imports run on a worker and log when they finish.

use super::{App, ArchiveCommand, AssessCommand, ChargeCommand, Command, KeyCommand};
use super::{ServiceCommand, StaffCommand};
use crate::db::audit::{self, Entry};
use crate::domain::users::Perm;

impl App {
    /// The record a command touches, named before it runs (an edit may rename it).
    pub(super) fn record_of(&self, c: &Command) -> String {
        let conn = &self.conn;
        let unit = |id: i64| audit::unit_words(conn, id).unwrap_or_default();
        let bill = |id: i64| audit::bill_words(conn, id).unwrap_or_default();
        match c {
            Command::CreateUnit(u) => format!("房屋 {}{}{}", u.building, u.entrance, u.room),
            Command::UpdateUnit(id, _) => unit(*id),
            Command::MoveOut { unit_id, .. } | Command::AddOccupant { unit_id, .. } => {
                unit(*unit_id)
            }
            Command::Charging(c) => match c {
                ChargeCommand::TakePayment(p) => unit(p.unit_id),
                ChargeCommand::AddSingle { unit_id, .. } => unit(*unit_id),
                ChargeCommand::Adjust { bill_id, .. } | ChargeCommand::Waive { bill_id, .. } => {
                    bill(*bill_id)
                }
                ChargeCommand::RefundDeposit(r) => bill(r.bill_id),
                ChargeCommand::Void { number, .. } => {
                    audit::receipt_words(conn, number).unwrap_or_default()
                }
                ChargeCommand::AddDunning(d) => unit(d.unit_id),
                ChargeCommand::AddSubscription(s) => unit(s.unit_id),
                ChargeCommand::EndSubscription { unit_id, .. } => unit(*unit_id),
                ChargeCommand::Bill(p) => format!("{} 应收", p.doc()),
                _ => String::new(),
            },
            Command::Staff(
                StaffCommand::Update(id, _)
                | StaffCommand::MarkLeft { id, .. }
                | StaffCommand::AddCert { staff_id: id, .. }
                | StaffCommand::UpdateCert { staff_id: id, .. }
                | StaffCommand::DeleteCert { staff_id: id, .. },
            ) => crate::db::staff::get_staff(conn, *id)
                .map(|s| format!("员工 {}", s.name))
                .unwrap_or_default(),
            Command::Staff(StaffCommand::Create(s)) => format!("员工 {}", s.name.trim()),
            Command::Keys(
                KeyCommand::Lend { tag, .. }
                | KeyCommand::Return { tag }
                | KeyCommand::Create(crate::domain::keys::KeyInput { tag, .. }),
            ) => format!("钥匙 {}", tag.trim()),
            Command::Archives(ArchiveCommand::Act { id, .. }) => format!("借阅申请 {id}"),
            Command::Archives(
                ArchiveCommand::UpdateFile { id, .. }
                | ArchiveCommand::RecordCheck { file: id, .. }
                | ArchiveCommand::CloseFinding { file: id, .. },
            ) => format!("档案 {id}"),
            Command::Assess(
                AssessCommand::Submit { card_id: id, .. } | AssessCommand::Lock(id),
            ) => crate::db::assessment::card(conn, *id)
                .map(|c| format!("考核表 {} {}", c.staff, c.month.doc()))
                .unwrap_or_default(),
            Command::Service(
                ServiceCommand::ComplaintStep { id, .. } | ServiceCommand::FollowUpDone(id),
            ) => format!("投诉 {id}"),
            Command::Service(
                ServiceCommand::RepairChange { id, .. } | ServiceCommand::BillRepair(id),
            ) => format!("报修 {id}"),
            Command::Service(ServiceCommand::AddVisit(v, _)) => unit(v.unit_id),
            _ => String::new(),
        }
    }

    /// Appends one entry for a command that wrote and said so.
    pub(super) fn log_command(
        &mut self,
        perm: Perm,
        record: String,
        reason: String,
        said: &str,
        changes: &[(String, String, String)],
    ) {
        let entry = Entry::new(
            self.now(),
            &self.actor().unwrap_or_default(),
            perm.as_str(),
            said,
        )
        .record(record)
        .reason(reason)
        .changes(changes);
        if let Err(e) = audit::append(&self.conn, &entry) {
            self.fail(&e);
        }
        // The unit on screen shows its log: an entry about it shows there at once.
        if let Some(id) = self.units.detail_id()
            && let Ok(name) = audit::unit_words(&self.conn, id)
            && !name.is_empty()
            && (entry.record == name || entry.record.starts_with(&format!("{name} · ")))
            && let Ok(log) = audit::for_record(&self.conn, &name, 50)
        {
            self.units.set_log(log);
        }
        if let Some(name) = self.staff.detail_name().map(|n| format!("员工 {n}"))
            && entry.record == name
            && let Ok(log) = audit::for_record(&self.conn, &name, 50)
        {
            self.staff.log = log;
        }
    }

    /// An import that finished on its worker: one entry with the file and the counts.
    pub(super) fn log_import(&mut self, said: &str, file: &str) {
        let entry = Entry::new(self.now(), &self.actor().unwrap_or_default(), "导入", said)
            .record(format!("文件 {file}"));
        if let Err(e) = audit::append(&self.conn, &entry) {
            self.fail(&e);
        }
    }
}

/// The reason a command carries, for the log's 原因 column.
pub(super) fn reason_of(c: &Command) -> String {
    use crate::db::archives::Act;
    let r = match c {
        Command::Charging(
            ChargeCommand::Void { reason, .. }
            | ChargeCommand::Adjust { reason, .. }
            | ChargeCommand::Waive { reason, .. }
            | ChargeCommand::AddSingle { reason, .. },
        ) => reason,
        Command::Charging(ChargeCommand::RefundDeposit(r)) => &r.withheld_reason,
        Command::Archives(ArchiveCommand::UpdateFile { reason, .. }) => reason,
        Command::Archives(ArchiveCommand::Act {
            act: Act::Refuse(reason),
            ..
        }) => reason,
        Command::Assess(AssessCommand::Dismiss(_, reason)) => reason,
        Command::Keys(KeyCommand::Change { note, .. }) => note,
        _ => return String::new(),
    };
    r.trim().to_string()
}

/// What the 操作日志 screen's worker finds: the rows, how many in all, the people and kinds.
pub(super) type Found = (Vec<Entry>, usize, Vec<String>, Vec<String>);

impl App {
    /// Reads the 操作日志 screen's entries on a worker (its own read-only connection). The
    /// first time, the last thirty days.
    pub(super) fn load_audit(&mut self) {
        if self.audit.from.trim().is_empty() && self.audit.to.trim().is_empty() {
            let today = self.today();
            let from = today - chrono::Duration::days(30);
            self.audit.from = crate::domain::date::iso(from);
            self.audit.to = crate::domain::date::iso(today);
        }
        match self.audit.filter() {
            Ok(f) => self.search_audit(f),
            Err(e) => self.audit.error = Some(e),
        }
    }

    fn search_audit(&mut self, filter: audit::Filter) {
        let (tx, rx) = std::sync::mpsc::channel();
        let path = self.db_path.clone();
        std::thread::spawn(move || {
            let found = crate::db::open_reader(&path).and_then(|conn| {
                let (rows, total) = audit::search(&conn, &filter, crate::views::audit::SHOWN)?;
                let (people, kinds) = audit::choices(&conn)?;
                Ok((rows, total, people, kinds))
            });
            let _ = tx.send(found);
        });
        self.audit.loading = true;
        // A newer search replaces one still running (its answer is dropped with its channel).
        self.audit_job = Some(rx);
    }

    /// Takes the 操作日志 entries when they arrive.
    pub(super) fn poll_audit(&mut self) {
        let Some(rx) = &self.audit_job else { return };
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(crate::error::Error::invalid(
                "操作日志读取意外中断，请重试。",
            )),
        };
        self.audit_job = None;
        match result {
            Ok((rows, total, people, kinds)) => self.audit.set_rows(rows, total, people, kinds),
            Err(e) => {
                self.audit.loading = false;
                self.audit.error = Some(e.to_string());
                self.fail(&e);
            }
        }
    }

    /// Waits for the 操作日志 entries (tests).
    pub fn wait_for_audit(&mut self) {
        while self.audit_job.is_some() {
            std::thread::sleep(std::time::Duration::from_millis(2));
            self.poll_audit();
        }
    }

    pub(super) fn run_audit(&mut self, c: crate::views::audit::AuditCommand) {
        use crate::views::audit::AuditCommand as A;
        match c {
            A::Search(f) => self.search_audit(f),
            A::Export => {
                let name = format!("操作日志-{}.xlsx", crate::domain::date::iso(self.today()));
                let folder = self
                    .db_path
                    .parent()
                    .map(|p| p.to_path_buf())
                    .unwrap_or_default();
                self.audit.export = Some(crate::ui::PathForm::new((), &folder.join(name)));
            }
            A::BrowseExport => {
                if let Some(p) = self.picked(crate::ui::dialogs::save_as(
                    "操作日志.xlsx",
                    "Excel",
                    "xlsx",
                )) && let Some(f) = &mut self.audit.export
                {
                    f.path = p.display().to_string();
                }
            }
            A::ExportTo(filter, path) => {
                let r =
                    audit::search(&self.conn, &filter, usize::MAX >> 1).and_then(|(rows, _)| {
                        crate::io::audit::export(&rows, &path).map(|()| rows.len())
                    });
                match r {
                    Ok(n) => {
                        self.audit.export = None;
                        self.ok(format!("已导出操作日志 {n} 条到 {}。", path.display()));
                    }
                    Err(e) => {
                        if let Some(f) = &mut self.audit.export {
                            f.error = Some(e.to_string());
                        }
                        self.fail(&e);
                    }
                }
            }
        }
    }
}

impl App {
    /// Shows the manager the full ID number of a unit's owner, and logs that it was seen.
    pub(super) fn reveal_owner_id(&mut self, unit_id: i64) {
        let manager = self
            .user
            .as_ref()
            .is_some_and(|u| u.role == crate::domain::users::MANAGER);
        if !manager {
            self.fail(&crate::error::Error::invalid(
                "完整身份证号只有登录的经理可以查看",
            ));
            return;
        }
        let r = crate::db::estate::get_unit(&self.conn, unit_id).and_then(|u| {
            let full = u.owner().map(|p| p.id_number.clone()).unwrap_or_default();
            let entry = Entry::new(
                self.now(),
                &self.actor().unwrap_or_default(),
                "查看身份证号",
                "查看业主完整身份证号",
            )
            .record(audit::unit_words(&self.conn, unit_id)?);
            audit::append(&self.conn, &entry)?;
            Ok(full)
        });
        match r {
            Ok(full) => {
                self.units.revealed = Some((unit_id, full));
                self.ok("已显示完整身份证号（已记入操作日志）。");
                if let Ok(name) = audit::unit_words(&self.conn, unit_id)
                    && let Ok(log) = audit::for_record(&self.conn, &name, 50)
                {
                    self.units.set_log(log);
                }
            }
            Err(e) => self.fail(&e),
        }
    }
}
