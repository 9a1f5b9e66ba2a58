//! The application: navigation, the command queue, and the one place commands are run.
//! Views draw from cached rows and push `Command`s; after drawing, `App` runs them, reports the
//! outcome on the status line, and marks the affected views stale.

pub mod archives;
pub mod assessment;
mod audit;
pub mod backup;
pub mod charging;
pub mod home;
pub mod keys;
pub mod notices;
pub mod permissions;
pub mod service;
pub mod staff;
pub mod users;

pub use archives::{ArchiveCommand, ArchiveOutput, ArchiveSettings};
pub use assessment::{AssessCommand, AssessOutput};
pub use charging::{ChargeCommand, ChargeImport, ChargeOutput};
pub use keys::{KeyChange, KeyCommand, KeyOutput};
pub use service::{ServiceCommand, ServiceOutput};
pub use staff::{Output, StaffCommand};

use crate::db::estate::UnitRow;
use crate::db::settings::OfficeSettings;
use crate::domain::estate::{OwnerInput, UnitInput};
use crate::error::{Error, Result};
use crate::io::units::UnitsPreview;
use crate::ui::theme;
use crate::views::{
    archives::ArchiveView, assessment::AssessView, charging::ChargingView, home::HomeView,
    keys::KeysView, service::ServiceView, settings::SettingsView, staff::StaffView,
    units::UnitsView,
};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Home,
    Units,
    Charging,
    Service,
    Notices,
    Archives,
    Keys,
    Staff,
    Assessment,
    Settings,
    Audit,
}

impl Nav {
    pub const ALL: [Nav; 11] = [
        Nav::Home,
        Nav::Units,
        Nav::Charging,
        Nav::Service,
        Nav::Notices,
        Nav::Archives,
        Nav::Keys,
        Nav::Staff,
        Nav::Assessment,
        Nav::Settings,
        Nav::Audit,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Nav::Home => "首页",
            Nav::Units => "房屋与业主",
            Nav::Charging => "收费台账",
            Nav::Service => "客户服务",
            Nav::Notices => "通知公告",
            Nav::Archives => "档案管理",
            Nav::Keys => "钥匙管理",
            Nav::Staff => "员工档案",
            Nav::Assessment => "考核",
            Nav::Settings => "设置",
            Nav::Audit => "操作日志",
        }
    }
}

#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Navigate(Nav),
    CreateUnit(UnitInput),
    UpdateUnit(i64, UnitInput),
    MoveOut {
        unit_id: i64,
        date: NaiveDate,
    },
    AddOccupant {
        unit_id: i64,
        person: OwnerInput,
    },
    SelectUnit(i64),
    /// The manager's look at an owner's full ID number (logged).
    RevealOwnerId(i64),
    /// 去收款 from a unit's panel: the counter, on that unit.
    CollectFrom(i64),
    /// 去登记走访 from a unit's panel: the visit form, on that unit.
    VisitFrom(i64),
    /// After the settings page's one 保存 has written every section.
    SettingsSaved,
    /// 打印: runs the command that writes the PDF at the path, then — only if it succeeded —
    /// hands the PDF to the viewer or the printer, as 设置 › 打印 says.
    Print(Box<Command>, PathBuf),
    /// 设置 › 打印: what 打印 does from now on.
    SavePrinting(crate::printing::Delivery),
    /// 设置 › 打印 › 查找打印机: the printers this computer knows.
    FindPrinters,
    /// Opens the system file dialog for the import window's path.
    BrowseImportFile,
    /// Opens the system save dialog for the print window's path.
    BrowsePdf {
        suggested: String,
    },
    PreviewImport(PathBuf),
    StartImport(PathBuf),
    PrintRoster {
        building: String,
    },
    PrintRosterTo {
        building: String,
        path: PathBuf,
    },
    SaveSettings(OfficeSettings),
    /// Opens 员工档案 on one person (from the home screen's reminders).
    ShowStaff(i64),
    Staff(StaffCommand),
    Keys(KeyCommand),
    Charging(ChargeCommand),
    Assess(AssessCommand),
    Service(ServiceCommand),
    Archives(ArchiveCommand),
    Notices(crate::views::notices::NoticeCommand),
    Backup(crate::views::backup::BackupCommand),
    Users(crate::views::users::UsersCommand),
    Audit(crate::views::audit::AuditCommand),
    /// Opens 档案管理 on one file (from a unit's panel or the home screen).
    ShowFile(i64),
    /// Opens 档案管理 › 查阅与借阅 on one request (from the home screen).
    ShowRequest(i64),
    /// Opens 档案管理 › 档案检查 on one campaign (from the home screen).
    ShowCampaign(i64),
    /// Opens 钥匙管理 on one key (from the home screen's overdue loans).
    ShowKey(i64),
    /// Opens 客户服务 › 投诉 on one complaint (from the home screen).
    ShowComplaint(i64),
    /// Opens 客户服务 › 报修 on one work order (from the home screen).
    ShowRepair(i64),
    /// Opens 收费台账 › 欠费与催缴 showing only the units not dunned this month.
    ShowUndunned,
    /// Opens 收费台账 › 收缴率.
    ShowCollection,
    /// Opens 客户服务 › 月度目标 (from the home screen's visits line).
    ShowVisitTargets,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub text: String,
    pub is_error: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Units,
    Staff,
    Keys,
    /// One of the front desk's books (走访, 投诉, 报修).
    Book(crate::pdf::service::Register),
    /// An office's Excel archive index.
    Archives,
}

enum ImportOutcome {
    Units(crate::io::Imported<usize>),
    Staff(crate::io::Imported<crate::db::staff::ImportPlan>),
    Keys(crate::io::Imported<usize>),
    Book(crate::pdf::service::Register, crate::io::Imported<usize>),
    Archives(crate::io::Imported<usize>),
}

/// An import running on its own thread and connection, so the window stays responsive.
struct ImportJob {
    file: String,
    progress: Arc<Mutex<(usize, usize)>>,
    done: mpsc::Receiver<Result<ImportOutcome>>,
}

/// The home screen's front-desk lines: (complaint, clock state) due today or late, and who is
/// short of the month's visits.
pub struct App {
    conn: Connection,
    /// The one clock: every moment a command records is read from it, once, when it runs.
    clock: crate::clock::Clock,
    /// The day the screens were last drawn on: when it changes, they move to the new day.
    day: NaiveDate,
    db_path: PathBuf,
    pub nav: Nav,
    pub status: Option<Status>,
    office: OfficeSettings,
    pub home: HomeView,
    pub audit: crate::views::audit::AuditView,
    pub units: UnitsView,
    pub staff: StaffView,
    pub keys: KeysView,
    pub charging: ChargingView,
    pub assess: AssessView,
    pub service: ServiceView,
    pub archives: ArchiveView,
    pub notices: crate::views::notices::NoticesView,
    /// When the home screen's lines were last read (its clocks refresh every minute).
    home_loaded: chrono::NaiveDateTime,
    /// The home screen's lines, being read on a worker thread.
    home_job: Option<mpsc::Receiver<Result<home::HomeData>>>,
    audit_job: Option<mpsc::Receiver<Result<audit::Found>>>,
    /// Asked again while reading: read once more when this one arrives.
    home_again: bool,
    /// A backup worker: the day's automatic copy, or a copy being checked for a restore.
    backup_job: Option<mpsc::Receiver<backup::BackupDone>>,
    /// The day's automatic copy has been started (once per window).
    auto_backup_started: bool,
    /// 设置 › 备份与恢复 must be read again.
    backup_stale: bool,
    /// A restore running on a worker with the office's connection: the copy, and the way back.
    restore_job: Option<(PathBuf, mpsc::Receiver<backup::Restored>)>,
    /// Who is signed in (None on a file without users, or before sign-in).
    user: Option<crate::db::users::SignedIn>,
    /// The file's users, for the sign-in screen (empty: no sign-in yet — the set-up is in 设置).
    sign_in_users: Vec<crate::db::users::UserRow>,
    pub sign_in: crate::views::users::SignInForm,
    /// A new database's first run (no users, nothing entered): the wizard comes first.
    first_run: bool,
    pub first_run_form: crate::views::users::FirstRunForm,
    /// The archive screen's unit picker must be built again (units changed).
    archive_units_stale: bool,
    /// The archive screen's rows, loading on a worker thread.
    archive_job: Option<mpsc::Receiver<Result<archives::ArchiveLoad>>>,
    /// The running archive job has sent something (its end is then no failure).
    archive_received: bool,
    /// The archive screen went stale again while it was loading.
    archive_again: bool,
    /// The service screen's unit picker must be built again (units changed).
    service_units_stale: bool,
    pub settings: SettingsView,
    /// When the key screen's data was loaded: overdue is re-checked every minute.
    keys_loaded: chrono::NaiveDateTime,
    queue: Vec<Command>,
    import: Option<ImportJob>,
    /// The page check running in the background after start-up.
    health: Option<mpsc::Receiver<Result<()>>>,
    /// What the page check found wrong: shown at once, and no more is written to the file.
    damaged: Option<String>,
    /// The charging screen's lists and totals, loading on a worker thread.
    charging_job: Option<mpsc::Receiver<Result<charging::ChargingData>>>,
    /// The chart's months as last loaded, with the period they end on; dropped by every write.
    charging_trend: Option<(
        crate::domain::period::Period,
        Vec<(
            crate::domain::period::Period,
            crate::db::charging::Collected,
        )>,
    )>,
    /// Writes so far, and as of the start of the charging job: a job that began before a
    /// write brings months that may be out of date, shown but not kept.
    charging_writes: u64,
    /// The first thing the status line said OK to in the command being run (what the log
    /// says was done), and the field changes a handler found (old → new) for its entry.
    last_ok: Option<String>,
    audit_changes: Vec<(String, String, String)>,
    charging_job_writes: u64,
    /// The charging screen went stale again while it was loading.
    charging_again: bool,
    /// What 打印 does with a finished PDF (设置 › 打印), and where it goes: the desktop for
    /// the window (`run_window`), a recorder everywhere else (no test opens a viewer).
    delivery: crate::printing::Delivery,
    outlet: crate::printing::Outlet,
}

impl App {
    pub fn new(conn: Connection, db_path: PathBuf, clock: crate::clock::Clock) -> Result<App> {
        let office = crate::db::settings::load_office(&conn)?;
        let staff_settings = crate::db::settings::load_staff_settings(&conn)?;
        let late_fee = crate::db::settings::load_late_fee(&conn)?;
        let quality = crate::db::settings::load_quality_rules(&conn)?;
        let staff_bands = crate::db::settings::load_staff_bands(&conn)?;
        // A stored value that no longer reads shows as the default in 设置; the counter names
        // the problem when it lends.
        let shifts = crate::db::settings::load_shifts(&conn).unwrap_or_default();
        let service = crate::views::settings::ServiceSettings {
            target: crate::db::visits::target(&conn)?,
            rules: crate::db::complaints::clock_rules(&conn)?,
            calendar: crate::db::complaints::calendar(&conn)?.days().collect(),
        };
        let archive = ArchiveSettings {
            archivist: crate::db::settings::get(&conn, crate::db::archives::ARCHIVIST)?,
            plan: crate::db::archives::plan_text(&conn)?,
            kinds: crate::db::archives::kinds(&conn)?,
        };
        let mut settings = SettingsView::new(
            office.clone(),
            staff_settings,
            late_fee,
            quality,
            staff_bands,
            shifts,
            service,
        );
        settings.set_archive(&archive);
        settings.receipt_paper = crate::pdf::charging::ReceiptPaper::parse(
            &crate::db::settings::get(&conn, crate::db::settings::RECEIPT_PAPER)?,
        )
        .as_str()
        .to_string();
        let delivery = crate::printing::Delivery::parse(&crate::db::settings::get(
            &conn,
            crate::db::settings::PRINT_DELIVERY,
        )?);
        settings.printing.set(&delivery);
        let sign_in_users = crate::db::users::list_users(&conn)?;
        let first_run = crate::db::users::is_new_file(&conn)?;
        Ok(App {
            conn,
            day: clock.today(),
            clock,
            db_path,
            nav: Nav::Home,
            status: None,
            settings,
            staff: StaffView::default(),
            keys: KeysView::default(),
            charging: ChargingView::new(clock.now()),
            assess: AssessView::new(clock.now()),
            service: ServiceView::new(clock.now()),
            archives: ArchiveView::new(clock.now()),
            notices: crate::views::notices::NoticesView::new(),
            home_loaded: clock.now(),
            home_job: None,
            audit: Default::default(),
            audit_job: None,
            home_again: false,
            backup_job: None,
            auto_backup_started: false,
            backup_stale: true,
            restore_job: None,
            user: None,
            sign_in_users,
            sign_in: Default::default(),
            first_run,
            first_run_form: Default::default(),
            archive_units_stale: true,
            archive_job: None,
            archive_received: false,
            archive_again: false,
            service_units_stale: true,
            keys_loaded: clock.now(),
            office,
            home: HomeView::default(),
            units: UnitsView::default(),
            queue: Vec::new(),
            import: None,
            health: None,
            damaged: None,
            charging_job: None,
            charging_trend: None,
            charging_writes: 0,
            last_ok: None,
            audit_changes: Vec::new(),
            charging_job_writes: 0,
            charging_again: false,
            delivery,
            outlet: crate::printing::Outlet::default(),
        })
    }

    pub fn open(path: &std::path::Path, clock: crate::clock::Clock) -> Result<App> {
        let conn = crate::db::open(path, clock.now())?;
        let mut app = App::new(conn, path.to_path_buf(), clock)?;
        app.start_health_check();
        Ok(app)
    }

    /// Checks every page of the file on a worker thread with its own read-only connection, so
    /// the window opens at once; damage is reported when found.
    pub fn start_health_check(&mut self) {
        let (tx, rx) = mpsc::channel();
        let path = self.db_path.clone();
        std::thread::spawn(move || {
            let _ = tx.send(crate::db::quick_check_file(&path));
        });
        self.health = Some(rx);
    }

    /// Waits for the background page check (tests).
    pub fn wait_for_health_check(&mut self) {
        while self.health.is_some() {
            std::thread::sleep(std::time::Duration::from_millis(10));
            self.poll_health();
        }
    }

    /// What the page check found wrong, if anything.
    pub fn damage(&self) -> Option<&str> {
        self.damaged.as_deref()
    }

    fn poll_health(&mut self) {
        let Some(rx) = &self.health else { return };
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => Ok(()),
        };
        self.health = None;
        if let Err(e) = result {
            let backups = crate::db::backups_beside(&self.db_path);
            let way = match backups.first() {
                Some(b) => format!(
                    "可用的备份：{}（共 {} 份）。请关闭程序，先把损坏的文件另存一份，再用备份替换它。",
                    b.display(),
                    backups.len()
                ),
                None => {
                    "旁边没有找到备份。请关闭程序，先把损坏的文件另存一份，再从最近的备份恢复。"
                        .to_string()
                }
            };
            let text = format!("{e}\n为免损坏扩大，本次已停止写入数据库。{way}");
            self.fail(&Error::invalid(text.clone()));
            self.damaged = Some(text);
        }
    }

    /// The present moment, from the app's clock.
    pub fn now(&self) -> chrono::NaiveDateTime {
        self.clock.now()
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// Replaces the clock (tests walk a window across midnight with it).
    pub fn set_clock(&mut self, clock: crate::clock::Clock) {
        self.clock = clock;
    }

    /// Where 打印 sends finished PDFs (the window: `Outlet::System`).
    pub fn set_outlet(&mut self, outlet: crate::printing::Outlet) {
        self.outlet = outlet;
    }

    /// Hands a PDF just written to the viewer or the printer; the status line says which, or
    /// why it could not (the PDF stays saved).
    fn deliver(&mut self, path: &std::path::Path) {
        match self.outlet.deliver(path, &self.delivery) {
            Ok(done) => {
                let text = match &self.status {
                    Some(s) if !s.is_error => {
                        format!("{}；{done}。", s.text.trim_end_matches('。'))
                    }
                    _ => format!("{done}：{}", path.display()),
                };
                self.status = Some(Status {
                    text,
                    is_error: false,
                });
            }
            Err(e) => self.fail(&e),
        }
    }

    /// What a file dialog gave: the path, nothing (cancelled), or — when no dialog could be
    /// shown — nothing, with the reason on the status line.
    fn picked(&mut self, r: Result<Option<PathBuf>>) -> Option<PathBuf> {
        r.unwrap_or_else(|e| {
            self.fail(&e);
            None
        })
    }

    pub fn db(&self) -> &Connection {
        &self.conn
    }

    pub fn push(&mut self, command: Command) {
        self.queue.push(command);
    }

    fn ok(&mut self, text: impl Into<String>) {
        let text = text.into();
        if self.last_ok.is_none() {
            self.last_ok = Some(text.clone());
        }
        self.status = Some(Status {
            text,
            is_error: false,
        });
    }

    fn fail(&mut self, e: &Error) {
        tracing::warn!("{e}");
        self.status = Some(Status {
            text: e.to_string(),
            is_error: true,
        });
    }

    fn reload_stale(&mut self) {
        if self.now() - self.home_loaded > chrono::Duration::seconds(60) {
            // The clocks (complaints, repairs, loans) move on by themselves.
            self.home.stale = true;
        }
        // Read only when shown: on a ten-year file the lines take some 35 ms, on a worker.
        if self.home.stale && self.nav == Nav::Home {
            match self.backup_status() {
                Ok(b) => self.home.set_backup(b),
                Err(e) => self.fail(&e),
            }
            self.load_home();
            self.home_loaded = self.now();
            self.home.stale = false;
        }
        if self.units.stale {
            let loaded = crate::db::estate::list_units(&self.conn)
                .and_then(|rows| Ok((rows, crate::db::estate::building_names(&self.conn)?)));
            match loaded {
                Ok((rows, buildings)) => self.units.set_rows(rows, buildings),
                Err(e) => self.fail(&e),
            }
            self.units.stale = false;
        }
        if self.staff.stale || self.home.staff_stale {
            match self.load_staff() {
                Ok(()) => {}
                Err(e) => self.fail(&e),
            }
            self.staff.stale = false;
            self.home.staff_stale = false;
        }
        if self.now() - self.keys_loaded > chrono::Duration::seconds(60) {
            self.keys.stale = true;
        }
        if self.keys.stale {
            if let Err(e) = self.load_keys() {
                self.fail(&e);
            }
            self.keys.stale = false;
        }
        // The charging screen loads only when it is shown (arrears and rates are reckoned).
        if self.charging.stale && self.nav == Nav::Charging {
            if let Err(e) = self.load_charging() {
                self.fail(&e);
            }
            self.charging.stale = false;
        }
        if self.service.stale && self.nav == Nav::Service {
            if let Err(e) = self.load_service() {
                self.fail(&e);
            }
            self.service.stale = false;
        }
        if self.archives.stale && self.nav == Nav::Archives {
            if let Err(e) = self.load_archives() {
                self.fail(&e);
            }
            self.archives.stale = false;
        }
        if self.backup_stale && self.nav == Nav::Settings {
            if let Err(e) = self.load_backup_panel().and_then(|_| self.load_users()) {
                self.fail(&e);
            }
            self.backup_stale = false;
        }
        if self.notices.stale && matches!(self.nav, Nav::Notices | Nav::Settings) {
            if let Err(e) = self.load_notices() {
                self.fail(&e);
            }
            self.notices.stale = false;
        }
        if self.audit.stale && self.nav == Nav::Audit {
            self.audit.stale = false;
            self.load_audit();
        }
        if self.assess.stale && self.nav == Nav::Assessment {
            if let Err(e) = self.load_assessment() {
                self.fail(&e);
            }
            self.assess.stale = false;
        }
    }

    fn load_keys(&mut self) -> Result<()> {
        let now = self.now();
        let keys = crate::db::keys::list_keys(&self.conn)?;
        let staff: Vec<_> = crate::db::staff::list_staff(&self.conn)?
            .into_iter()
            .filter(|s| s.active())
            .collect();
        self.keys.set_data(crate::views::keys::KeysData {
            keys,
            staff,
            counts: crate::db::keys::list_counts(&self.conn)?,
            custodian: crate::db::settings::get(&self.conn, crate::db::settings::KEY_CUSTODIAN)?,
            now,
            shifts: crate::db::settings::load_shifts(&self.conn)?,
        });
        self.home.set_overdue_keys(
            self.keys
                .overdue()
                .into_iter()
                .map(|l| crate::views::home::OverdueKey {
                    id: l.key_id,
                    tag: l.tag.clone(),
                    key: l.key_label.clone(),
                    borrower: l.borrower.clone(),
                    phone: l.phone.clone(),
                    late: crate::domain::keys::overdue_by(l.due_at, now)
                        .map(crate::domain::keys::overdue_label)
                        .unwrap_or_default(),
                })
                .collect(),
        );
        // The open panel follows the reload, from the rows just loaded.
        let selected = self.keys.selected();
        if let Some(key) = self
            .keys
            .keys()
            .iter()
            .find(|k| Some(k.id) == selected)
            .cloned()
        {
            self.show_key(key);
        }
        self.keys_loaded = self.now();
        Ok(())
    }

    fn load_staff(&mut self) -> Result<()> {
        use crate::db::staff as s;
        let today = self.today();
        let rows = s::list_staff(&self.conn)?;
        let settings = crate::db::settings::load_staff_settings(&self.conn)?;
        let counts = s::duty_counts(&rows, today);
        let staffing = crate::domain::staff::staffing_check(&settings.staffing, &counts);
        self.home.set_staff(&rows, today, settings.rules);
        self.staff.set_data(crate::views::staff::StaffData {
            rows,
            departments: s::list_departments(&self.conn)?,
            positions: s::list_positions(&self.conn)?,
            cert_kinds: s::cert_kinds(&self.conn)?,
            trainings: s::list_trainings(&self.conn)?,
            staffing,
            settings,
            today,
        });
        // The open file follows the reload, from the rows just loaded.
        let selected = self.staff.selected();
        if let Some(p) = self
            .staff
            .rows()
            .iter()
            .find(|p| Some(p.id) == selected)
            .cloned()
        {
            let loaded = s::staff_trainings(&self.conn, p.id)
                .and_then(|t| Ok((t, crate::db::assessment::cards_of_staff(&self.conn, p.id)?)));
            match loaded {
                Ok((t, c)) => self.staff.set_detail(p, t, c),
                Err(e) => self.fail(&e),
            }
        }
        Ok(())
    }

    fn data_changed(&mut self) {
        self.charging_writes += 1;
        self.charging.day_close = None;
        self.charging_trend = None;
        self.home.stale = true;
        self.home.staff_stale = true;
        self.units.stale = true;
        self.staff.stale = true;
        self.keys.stale = true;
        self.charging.stale = true;
        self.assess.stale = true;
        self.service.stale = true;
        self.service_units_stale = true;
        self.archives.stale = true;
        self.archive_units_stale = true;
        self.notices.stale = true;
        self.audit.stale = true;
        // Not the backup panel: the copies in the folder do not change with the data (reading
        // the list opens every copy); backup commands and the day's copy mark it themselves.
    }

    /// One frame: the whole window.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        // The frame's moment, read once and handed to the views that show dates.
        let now = self.now();
        self.home.now = now;
        self.units.now = now;
        self.keys.now = now;
        self.charging.now = now;
        // Every print window says what its 打印 will do.
        let hint = self.delivery.describe();
        ui.ctx()
            .data_mut(|d| d.insert_temp(egui::Id::unique(crate::ui::PRINT_HINT), hint));
        // What the views show follows the signed-in user's role (a file without users: all);
        // `App::run` refuses the rest whatever the views show.
        let may = |p| self.user.as_ref().is_none_or(|u| u.may(p));
        use crate::domain::users::Perm;
        self.charging.may_void = may(Perm::VoidAdjust);
        self.units.may_edit = may(Perm::Units);
        self.units.may_subscribe = may(Perm::Payments);
        self.keys.may_write = may(Perm::Keys);
        self.charging.may_collect = may(Perm::Payments);
        self.charging.signed_in = self.user.as_ref().map(|u| u.name.clone());
        self.charging.may_set = may(Perm::Settings);
        self.service.may_write = may(Perm::Service);
        self.staff.may_write = may(Perm::Staff);
        self.notices.may_issue = may(Perm::Notices);
        self.assess.may_write = may(Perm::Assess);
        self.assess.may_set = may(Perm::Settings);
        self.units.may_unmask = self
            .user
            .as_ref()
            .is_some_and(|u| u.role == crate::domain::users::MANAGER);
        self.archives.may_approve = may(Perm::Approve);
        self.archives.may_request = may(Perm::ArchiveRequests);
        self.archives.may_manage = may(Perm::Archives);
        self.settings.may_save = may(Perm::Settings);
        self.settings.backup.may_restore = may(Perm::Restore);
        self.assess.now = now;
        self.service.now = now;
        self.archives.now = now;
        self.notices.now = now;
        self.settings.backup.now = now;
        if now.date() != self.day {
            // Left open past midnight: overdue keys, reminders, arrears and defaults follow.
            self.charging.day_changed(self.day, now.date());
            self.assess.day_changed(now);
            self.day = now.date();
            self.data_changed();
        }
        if self.poll_restore() {
            // The connection is with the restore: nothing else runs until it comes back.
            egui::CentralPanel::default().show(ui, |ui| {
                ui.add_space(80.0);
                ui.vertical_centered(|ui| {
                    ui.heading("正在恢复数据库……");
                    ui.label("完成后窗口会重新打开恢复后的数据库，请不要关闭程序。");
                    ui.spinner();
                });
            });
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
            return;
        }
        if self.first_run_pending() {
            let mut commands = Vec::new();
            egui::CentralPanel::default().show(ui, |ui| self.first_run_form.ui(ui, &mut commands));
            for c in commands {
                if let Command::Users(u) = c {
                    self.run_users(u);
                }
            }
            return;
        }
        if self.sign_in_required() {
            let mut commands = Vec::new();
            let office = self.office.office_name.clone();
            let users = self.sign_in_users.clone();
            egui::CentralPanel::default()
                .show(ui, |ui| self.sign_in.ui(ui, &office, &users, &mut commands));
            for c in commands {
                if let Command::Users(u) = c {
                    self.run_users(u);
                }
            }
            return;
        }
        self.poll_import();
        self.poll_health();
        self.poll_charging();
        self.poll_archives();
        self.poll_home();
        self.poll_audit();
        self.poll_backup();
        if !self.auto_backup_started {
            // The day's copy, at the first start of the day, without holding the window.
            self.auto_backup_started = true;
            self.start_auto_backup();
        }
        self.reload_stale();
        let mut commands = std::mem::take(&mut self.queue);

        egui::Panel::bottom("status")
            .exact_size(30.0)
            .show(ui, |ui| self.status_ui(ui));
        egui::Panel::left("nav")
            .exact_size(theme::NAV_WIDTH)
            .resizable(false)
            .show(ui, |ui| {
                ui.add_space(8.0);
                ui.heading("台账");
                ui.label(
                    egui::RichText::new(&self.office.office_name)
                        .color(theme::MUTED)
                        .small(),
                );
                ui.separator();
                for nav in Nav::ALL {
                    // 操作日志 is the manager's (a role with the permission).
                    if nav == Nav::Audit
                        && self
                            .user
                            .as_ref()
                            .is_some_and(|u| !u.may(crate::domain::users::Perm::Audit))
                    {
                        continue;
                    }
                    if ui.selectable_label(self.nav == nav, nav.label()).clicked() {
                        commands.push(Command::Navigate(nav));
                    }
                }
                if let Some(u) = &self.user {
                    ui.separator();
                    ui.label(
                        egui::RichText::new(format!("{}（{}）", u.name, u.role))
                            .color(theme::MUTED)
                            .small(),
                    );
                    if ui.link("切换用户").clicked() {
                        commands.push(crate::views::users::UsersCommand::SignOut.into());
                    }
                }
            });
        egui::CentralPanel::default().show(ui, |ui| match self.nav {
            Nav::Home => self.home.ui(ui, &self.office, &mut commands),
            Nav::Units => self.units.ui(ui, &mut commands),
            Nav::Charging => self.charging.ui(ui, &mut commands),
            Nav::Service => self.service.ui(ui, &mut commands),
            Nav::Notices => self.notices.ui(ui, &mut commands),
            Nav::Archives => self.archives.ui(ui, &mut commands),
            Nav::Keys => self.keys.ui(ui, &mut commands),
            Nav::Staff => self.staff.ui(ui, &mut commands),
            Nav::Assessment => self.assess.ui(ui, &mut commands),
            Nav::Settings => self.settings.ui(ui, &mut commands),
            Nav::Audit => self.audit.ui(ui, &mut commands),
        });
        self.import_window(ui.ctx());
        self.damage_window(ui.ctx());

        // Commands change state after this frame was drawn: draw once more to show it.
        if !commands.is_empty() {
            ui.ctx().request_repaint();
        }
        for c in commands {
            self.run(c);
        }
        if self.charging_job.is_some()
            || self.archive_job.is_some()
            || self.home_job.is_some()
            || self.audit_job.is_some()
            || self.backup_job.is_some()
        {
            // Rows are on their way: look again soon, without spinning.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(15));
        } else if self.import.is_some() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        } else {
            // Overdue keys appear on time even when nobody touches the window.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(60));
        }
    }

    fn status_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal_centered(|ui| match &self.status {
            Some(s) if s.is_error => {
                ui.colored_label(
                    theme::ERROR,
                    format!("错误：{}", s.text.lines().next().unwrap_or("")),
                );
            }
            Some(s) => {
                ui.colored_label(theme::SUCCESS, s.text.clone());
            }
            None => {
                ui.colored_label(theme::MUTED, format!("数据库：{}", self.db_path.display()));
            }
        });
    }

    fn damage_window(&self, ctx: &egui::Context) {
        let Some(text) = &self.damaged else { return };
        egui::Window::new("数据库文件已损坏")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
            .show(ctx, |ui| {
                ui.set_max_width(520.0);
                for line in text.lines() {
                    ui.colored_label(theme::ERROR, line);
                }
            });
    }

    fn import_window(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.import else { return };
        let (done, total) = job.progress.lock().map(|g| *g).unwrap_or((0, 0));
        egui::Window::new("正在导入")
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(format!("正在导入“{}”……", job.file));
                let frac = if total == 0 {
                    0.0
                } else {
                    done as f32 / total as f32
                };
                ui.add(egui::ProgressBar::new(frac).text(format!("{done} / {total}")));
            });
    }

    fn poll_import(&mut self) {
        let Some(job) = &self.import else { return };
        let result = match job.done.try_recv() {
            Ok(result) => result,
            Err(mpsc::TryRecvError::Empty) => return,
            // The worker ended without an answer; its transaction was rolled back.
            Err(mpsc::TryRecvError::Disconnected) => {
                Err(Error::invalid("导入意外中断，数据库未做任何改动，请重试。"))
            }
        };
        let file = job.file.clone();
        self.import = None;
        match result {
            Ok(ImportOutcome::Units(r)) => {
                self.units.import = None;
                let said = format!(
                    "导入成功：从“{file}”读取 {} 行，新增房屋 {} 户。",
                    r.rows, r.done
                );
                self.log_import(&said, &file);
                self.ok(said);
                self.data_changed();
            }
            Ok(ImportOutcome::Keys(r)) => {
                self.keys.import = None;
                let said = format!(
                    "导入成功：从“{file}”读取 {} 行，新增钥匙 {} 把。",
                    r.rows, r.done
                );
                self.log_import(&said, &file);
                self.ok(said);
                self.data_changed();
            }
            Ok(ImportOutcome::Staff(r)) => {
                self.staff.import = None;
                let said = format!(
                    "导入成功：从“{file}”读取 {} 行，新增员工 {} 人，更新 {} 人。",
                    r.rows, r.done.added, r.done.updated
                );
                self.log_import(&said, &file);
                self.ok(said);
                self.data_changed();
            }
            Ok(ImportOutcome::Archives(r)) => {
                self.archives.import_file = None;
                let said = format!(
                    "导入成功：从“{file}”读取 {} 行，新增档案 {} 份。",
                    r.rows, r.done
                );
                self.log_import(&said, &file);
                self.ok(said);
                self.data_changed();
            }
            Ok(ImportOutcome::Book(book, r)) => {
                self.service.import_file = None;
                let said = format!(
                    "导入成功：从“{file}”读取 {} 行，新增{} {} 条。",
                    r.rows,
                    book.title().trim_end_matches("登记表"),
                    r.done
                );
                self.log_import(&said, &file);
                self.ok(said);
                self.data_changed();
            }
            Err(e) => {
                self.units.set_import_error(e.to_string());
                self.staff.set_import_error(e.to_string());
                self.keys.set_import_error(e.to_string());
                if let Some(f) = &mut self.service.import_file {
                    f.error = Some(e.to_string());
                }
                if let Some(f) = &mut self.archives.import_file {
                    f.error = Some(e.to_string());
                }
                self.fail(&e);
            }
        }
    }

    /// After a write to one unit: close its dialog, report, reload, and show the unit. On
    /// failure the dialog stays open with the message, and nothing was written.
    fn unit_written(&mut self, result: Result<i64>, message: String) {
        match result {
            Ok(id) => {
                self.units.close_dialogs();
                self.ok(message);
                self.data_changed();
                self.run(Command::SelectUnit(id));
            }
            Err(e) => {
                self.units.form_error(e.to_string());
                self.fail(&e);
            }
        }
    }

    /// Runs one command. Errors go to the status line (and to an open form), never lost.
    pub fn run(&mut self, command: Command) {
        match command {
            Command::Print(write, path) => {
                if self.run_one(*write) {
                    self.deliver(&path);
                }
            }
            c => {
                self.run_one(c);
            }
        }
    }

    /// Runs one command; true when it succeeded (it said so on the status line).
    fn run_one(&mut self, command: Command) -> bool {
        if let Some(text) = &self.damaged
            && !matches!(command, Command::Navigate(_))
        {
            let e = Error::invalid(text.clone());
            self.fail(&e);
            return false;
        }
        let command = self.as_signed_in(command);
        // A file with users and nobody signed in (the window shows the sign-in screen; this
        // is for a command that arrives anyway): nothing that writes.
        if let Some(p) = permissions::perm_of(&command)
            && self.sign_in_required()
        {
            let e = Error::invalid(format!("请先登录，再进行“{}”的操作", p.as_str()));
            self.fail(&e);
            return false;
        }
        // The one place roles are checked: a command the signed-in user's role does not allow
        // is refused here, whatever sent it (the views also hide what a role cannot do).
        if let Some(p) = permissions::perm_of(&command)
            && let Some(u) = &self.user
            && !u.may(p)
        {
            let e = Error::invalid(format!(
                "{}（{}）没有“{}”的权限，操作未执行",
                u.name,
                u.role,
                p.as_str()
            ));
            self.fail(&e);
            return false;
        }
        // 操作日志: a command that writes and succeeds is logged once, after it ran, with what
        // the status line said; the record is named before it runs (an edit may rename it).
        let perm = permissions::perm_of(&command);
        let logged = perm.map(|p| (p, self.record_of(&command), audit::reason_of(&command)));
        let settings_before = logged
            .as_ref()
            .and_then(|_| crate::db::settings::all(&self.conn).ok());
        let outer = self.last_ok.take();
        let outer_changes = std::mem::take(&mut self.audit_changes);
        self.dispatch(command);
        let said = std::mem::replace(&mut self.last_ok, outer);
        let done = said.is_some();
        let mut changes = std::mem::replace(&mut self.audit_changes, outer_changes);
        if let (Some((p, record, reason)), Some(said)) = (logged, said) {
            if let Some(before) = settings_before
                && let Ok(after) = crate::db::settings::all(&self.conn)
            {
                changes.extend(crate::domain::users::setting_changes(&before, &after));
            }
            self.log_command(p, record, reason, &said, &changes);
        }
        done
    }

    fn dispatch(&mut self, command: Command) {
        match command {
            Command::Navigate(nav) => {
                // What the status line said belonged to the screen left behind.
                if nav != self.nav {
                    self.status = None;
                }
                self.nav = nav;
            }
            Command::CreateUnit(input) => {
                let result = crate::db::estate::create_unit(
                    &self.conn,
                    &input,
                    &crate::db::stamp(self.now()),
                );
                self.unit_written(
                    result,
                    format!(
                        "已新增房屋 {}{}{}。",
                        input.building, input.entrance, input.room
                    ),
                );
            }
            Command::UpdateUnit(id, input) => {
                let before = crate::db::estate::get_unit(&self.conn, id);
                let result = crate::db::estate::update_unit(
                    &self.conn,
                    id,
                    &input,
                    &crate::db::stamp(self.now()),
                );
                if result.is_ok()
                    && let Ok(old) = before
                {
                    self.audit_changes = users::unit_changes(&old, &input);
                }
                self.unit_written(
                    result.map(|()| id),
                    format!(
                        "已保存房屋 {}{}{}。",
                        input.building, input.entrance, input.room
                    ),
                );
            }
            Command::MoveOut { unit_id, date } => {
                let result = crate::db::estate::move_out(
                    &self.conn,
                    unit_id,
                    date,
                    &crate::db::stamp(self.now()),
                );
                self.unit_written(
                    result.map(|()| unit_id),
                    "已办理迁出，房屋状态改为空置。".into(),
                );
            }
            Command::AddOccupant { unit_id, person } => {
                let result = crate::db::estate::add_occupant(
                    &self.conn,
                    unit_id,
                    &person,
                    &crate::db::stamp(self.now()),
                );
                self.unit_written(
                    result.map(|()| unit_id),
                    format!("已登记使用人 {}。", person.name),
                );
            }
            Command::SelectUnit(id) => {
                let loaded = crate::db::estate::get_unit(&self.conn, id).and_then(|u| {
                    let history = crate::db::estate::unit_history(&self.conn, id)?;
                    let links = crate::views::units::UnitLinks {
                        owed: crate::db::charging::open_lines(&self.conn, id)?,
                        keys: crate::db::keys::keys_of_unit(&self.conn, id)?,
                        visits: crate::db::visits::unit_visits(&self.conn, id)?,
                        complaints: crate::db::complaints::unit_complaints(&self.conn, id)?,
                        repairs: crate::db::repairs::unit_repairs(&self.conn, id)?,
                        archives: crate::db::archives::unit_files(&self.conn, id)?,
                        log: crate::db::audit::for_record(
                            &self.conn,
                            &crate::db::audit::unit_words(&self.conn, id)?,
                            50,
                        )?,
                        subscriptions: crate::db::charging::unit_subscriptions(&self.conn, id)?,
                        household_items: crate::db::charging::list_items(&self.conn)?
                            .into_iter()
                            .filter(|i| i.per_household)
                            .map(|i| (i.id, i.name))
                            .collect(),
                    };
                    Ok((u, history, links))
                });
                match loaded {
                    Ok((unit, history, links)) => self.units.set_detail(unit, history, links),
                    Err(e) => self.fail(&e),
                }
            }
            Command::RevealOwnerId(id) => self.reveal_owner_id(id),
            // Unwrapped by `run`; one that arrives nested runs without delivering.
            Command::Print(write, _) => self.dispatch(*write),
            Command::SavePrinting(how) => {
                let r = crate::db::settings::set(
                    &self.conn,
                    crate::db::settings::PRINT_DELIVERY,
                    &how.as_setting(),
                );
                match r {
                    Ok(()) => {
                        self.settings.printing.set(&how);
                        self.ok(match &how {
                            crate::printing::Delivery::Open => {
                                "打印方式：用 PDF 查看器打开。".to_string()
                            }
                            crate::printing::Delivery::Printer(p) => {
                                format!("打印方式：直接送到打印机“{p}”。")
                            }
                        });
                        self.delivery = how;
                    }
                    Err(e) => self.fail(&e),
                }
            }
            Command::FindPrinters => match crate::printing::printers() {
                Ok(list) => {
                    let n = list.len();
                    // An empty field takes the first printer found (the clerk may pick another).
                    if self.settings.printing.printer.trim().is_empty()
                        && let Some(first) = list.first()
                    {
                        self.settings.printing.printer = first.clone();
                    }
                    self.settings.printing.printers = Some(list);
                    self.ok(if n == 0 {
                        "本机还没有安装打印机。".to_string()
                    } else {
                        format!("找到 {n} 台打印机。")
                    });
                }
                Err(e) => {
                    self.settings.printing.error = Some(e.to_string());
                    self.fail(&e);
                }
            },
            Command::SettingsSaved => {
                // Each section reported itself; a failure among them stays on the line.
                if self.status.as_ref().is_none_or(|s| !s.is_error) {
                    self.ok("设置已保存。");
                }
            }
            Command::VisitFrom(id) => {
                self.run(Command::Navigate(Nav::Service));
                self.service.tab = crate::views::service::ServiceTab::Visits;
                match crate::db::estate::get_unit(&self.conn, id) {
                    Ok(u) => self.service.visit.unit = u.label(),
                    Err(e) => self.fail(&e),
                }
            }
            Command::CollectFrom(id) => {
                self.run(Command::Navigate(Nav::Charging));
                self.charging.tab = crate::views::charging::ChargeTab::Counter;
                self.run(Command::Charging(
                    crate::app::charging::ChargeCommand::SelectUnit(id),
                ));
            }
            Command::BrowseImportFile => {
                if let Some(path) = self.picked(crate::ui::dialogs::pick_import_file()) {
                    self.run(Command::PreviewImport(path));
                }
            }
            Command::BrowsePdf { suggested } => {
                if let Some(path) = self.picked(crate::ui::dialogs::save_pdf(&suggested)) {
                    self.units.set_print_path(path);
                }
            }
            Command::PreviewImport(path) => {
                match crate::io::units::check_file(&path, self.now().date()) {
                    Ok(p) => self.units.set_import_preview(path, p),
                    Err(e) => {
                        self.units.set_import_file_error(e.to_string());
                        self.fail(&e);
                    }
                }
            }
            Command::StartImport(path) => self.start_import(path, ImportKind::Units),
            Command::PrintRoster { building } => {
                let path = default_output_dir().join(format!("{building}房屋清册.pdf"));
                self.units.open_print(building, path);
            }
            Command::PrintRosterTo { building, path } => {
                match crate::pdf::roster::print_roster(&self.conn, &building, &path, self.now()) {
                    Ok(pages) => {
                        self.units.print = None;
                        self.ok(format!(
                            "已生成 {building} 房屋清册（{pages} 页）：{}",
                            path.display()
                        ));
                    }
                    Err(e) => {
                        self.units.set_print_error(e.to_string());
                        self.fail(&e);
                    }
                }
            }
            Command::ShowStaff(id) => {
                if self.nav != Nav::Staff {
                    self.status = None;
                }
                self.nav = Nav::Staff;
                self.staff.show_person(id);
                self.run_staff(StaffCommand::Select(id));
            }
            Command::Staff(c) => self.run_staff(c),
            Command::Keys(c) => self.run_keys(c),
            Command::Charging(c) => self.run_charging(c),
            Command::Assess(c) => self.run_assess(c),
            Command::Service(c) => self.run_service(c),
            Command::Archives(c) => self.run_archives(c),
            Command::Notices(c) => self.run_notices(c),
            Command::Backup(c) => self.run_backup(c),
            Command::Audit(c) => self.run_audit(c),
            Command::Users(c) => self.run_users(c),
            Command::ShowFile(id) => {
                self.run(Command::Navigate(Nav::Archives));
                self.archives.tab = crate::views::archives::ArchiveTab::Files;
                self.archives.select_file(id);
                self.run_archives(ArchiveCommand::SelectFile(id));
            }
            Command::ShowCampaign(id) => {
                self.run(Command::Navigate(Nav::Archives));
                self.archives.tab = crate::views::archives::ArchiveTab::Inspections;
                self.run_archives(ArchiveCommand::SelectCampaign(id));
            }
            Command::ShowKey(id) => {
                self.run(Command::Navigate(Nav::Keys));
                self.keys.tab = crate::views::keys::KeysTab::Catalogue;
                self.run_keys(KeyCommand::Select(id));
            }
            Command::ShowComplaint(id) => match crate::db::complaints::complaint(&self.conn, id) {
                Ok(c) => {
                    self.run(Command::Navigate(Nav::Service));
                    self.service.show_complaint(id, c.times.received.date());
                }
                Err(e) => self.fail(&e),
            },
            Command::ShowRepair(id) => match crate::db::repairs::repair(&self.conn, id) {
                Ok(r) => {
                    self.run(Command::Navigate(Nav::Service));
                    self.service.show_repair(id, r.reported.date());
                }
                Err(e) => self.fail(&e),
            },
            Command::ShowUndunned => {
                self.run(Command::Navigate(Nav::Charging));
                self.charging.show_undunned();
            }
            Command::ShowVisitTargets => {
                self.run(Command::Navigate(Nav::Service));
                self.service.tab = crate::views::service::ServiceTab::Targets;
            }
            Command::ShowCollection => {
                self.run(Command::Navigate(Nav::Charging));
                self.charging.tab = crate::views::charging::ChargeTab::Rate;
            }
            Command::ShowRequest(id) => {
                self.run(Command::Navigate(Nav::Archives));
                self.archives.tab = crate::views::archives::ArchiveTab::Requests;
                // The request's panel opens when the rows are there (now, or when they arrive).
                self.archives.select_request(id);
            }
            Command::SaveSettings(s) => {
                if s.office_name.trim().is_empty() || s.estate_name.trim().is_empty() {
                    self.fail(&Error::invalid("管理处名称和小区名称不能为空。"));
                    return;
                }
                match crate::db::settings::save_office(&self.conn, &s) {
                    Ok(()) => {
                        self.office = s.clone();
                        self.settings.saved_office(s);
                        self.ok("设置已保存。");
                        self.data_changed();
                    }
                    Err(e) => self.fail(&e),
                }
            }
        }
    }

    fn start_import(&mut self, path: PathBuf, kind: ImportKind) {
        if self.import.is_some() {
            self.fail(&Error::invalid("已有导入正在进行，请稍候。"));
            return;
        }
        let progress = Arc::new(Mutex::new((0, 0)));
        let (tx, rx) = mpsc::channel();
        let db_path = self.db_path.clone();
        let p = progress.clone();
        let file = crate::io::file_label(&path);
        let custodian = self.keys.custodian().to_string();
        let operator = self.archives.operator();
        // The moment the person started the import: the worker records that, not its own.
        let now = self.now();
        std::thread::spawn(move || {
            let mut report = |done, total| {
                if let Ok(mut g) = p.lock() {
                    *g = (done, total);
                }
            };
            let result = crate::db::open(&db_path, now).and_then(|conn| match kind {
                ImportKind::Units => crate::io::units::import_file(&conn, &path, &mut report, now)
                    .map(ImportOutcome::Units),
                ImportKind::Staff => crate::io::staff::import_file(&conn, &path, &mut report, now)
                    .map(ImportOutcome::Staff),
                ImportKind::Keys => {
                    crate::io::keys::import_file(&conn, &path, &custodian, &mut report, now)
                        .map(ImportOutcome::Keys)
                }
                ImportKind::Archives => {
                    crate::io::archives::import_files(&conn, &path, &operator, now)
                        .map(ImportOutcome::Archives)
                }
                ImportKind::Book(book) => {
                    use crate::io::frontdesk as f;
                    use crate::pdf::service::Register;
                    match book {
                        Register::Visits => f::import_visits(&conn, &path, now),
                        Register::Complaints => f::import_complaints(&conn, &path, now),
                        Register::Repairs => f::import_repairs(&conn, &path, now),
                    }
                    .map(|r| ImportOutcome::Book(book, r))
                }
            });
            let _ = tx.send(result);
        });
        self.import = Some(ImportJob {
            file,
            progress,
            done: rx,
        });
    }

    /// Waits for a running import (tests and batch use).
    pub fn wait_for_import(&mut self) {
        while self.import.is_some() {
            std::thread::sleep(std::time::Duration::from_millis(20));
            self.poll_import();
        }
    }

    pub fn unit_rows(&self) -> &[UnitRow] {
        self.units.rows()
    }

    pub fn import_preview(&self) -> Option<&UnitsPreview> {
        self.units.import.as_ref().map(|i| &i.preview)
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    /// Closing the window: the day's copy again, with the day's work in it.
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.wait_for_restore();
        self.wait_for_backup();
        self.backup_on_exit();
    }
}

/// Where printed documents are offered to go: the user's documents folder, else home.
pub fn default_output_dir() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|d| {
            d.document_dir()
                .map(|p| p.to_path_buf())
                .or_else(|| Some(d.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Opens the window on the database at `db` (or the default one). A database that cannot be
/// opened (refused, damaged, newer) is explained in a window, since a person who started the
/// program from a desktop icon never sees the terminal.
pub fn run_window(db: Option<PathBuf>, clock: crate::clock::Clock) -> Result<()> {
    let path = match db {
        Some(p) => p,
        None => crate::db::default_path()?,
    };
    match App::open(&path, clock) {
        Ok(mut app) => {
            app.set_outlet(crate::printing::Outlet::System);
            let title = format!("台账 — {}", app.office.office_name);
            // Fits a 1366×768 laptop with its taskbar, and a 1280×720 screen.
            native(&title, [1280.0, 720.0], Box::new(app))
        }
        Err(e) => {
            let message = e.to_string();
            native(
                "台账 — 无法打开数据库",
                [640.0, 260.0],
                Box::new(StartupError { message }),
            )?;
            Err(e)
        }
    }
}

fn native(title: &str, size: [f32; 2], app: Box<dyn eframe::App>) -> Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_inner_size(size)
            .with_min_inner_size([480.0, 240.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "taizhang",
        options,
        Box::new(move |cc| {
            crate::ui::install_fonts(&cc.egui_ctx);
            theme::apply(&cc.egui_ctx);
            Ok(app)
        }),
    )
    .map_err(|e| {
        Error::invalid(format!(
            "无法打开窗口：{e}。如在无图形界面的服务器上，请使用批处理命令（taizhang --help）。"
        ))
    })
}

/// The window shown instead of the app when the database cannot be opened.
pub struct StartupError {
    pub message: String,
}

impl StartupError {
    pub fn show(&mut self, ui: &mut egui::Ui) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("无法打开数据库");
            ui.add_space(8.0);
            ui.colored_label(theme::ERROR, &self.message);
            ui.add_space(8.0);
            ui.label("数据库文件没有被修改。可以用 --db 指定其他文件，或从备份恢复后再打开。");
            ui.add_space(8.0);
            if ui.button("关闭").clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
    }
}

impl eframe::App for StartupError {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
