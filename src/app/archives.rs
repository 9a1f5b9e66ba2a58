//! Commands of the 档案管理 screen (registry, requests, inspections), run by `App` after each
//! frame. Who does a thing is the screen's 当前操作人 (the archivist by default) until users
//! exist; approvals name the approver chosen, never the requester.

use super::App;
use crate::db::archives::{self as a, Act, FileInput, RequestInput};
use crate::domain::archives::Condition;
use crate::error::{Error, Result};
use crate::views::archives::ArchiveData;
use chrono::NaiveDate;
use std::path::PathBuf;

/// What an archive output window writes.
#[derive(Debug, Clone, PartialEq)]
pub enum ArchiveOutput {
    Register(NaiveDate, NaiveDate),
    Index(String),
    Labels(String),
    Inspection(String),
}

impl ArchiveOutput {
    pub fn title(&self) -> String {
        match self {
            ArchiveOutput::Register(f, t) => format!("打印档案借阅登记表（{f} 至 {t}）"),
            ArchiveOutput::Index(l) => format!("打印档案目录：{l}"),
            ArchiveOutput::Labels(l) => format!("打印档案盒标签：{l}"),
            ArchiveOutput::Inspection(c) => format!("打印检查记录：{c}"),
        }
    }

    pub fn file_name(&self) -> String {
        let safe = |s: &str| s.replace('/', "-");
        match self {
            ArchiveOutput::Register(f, t) => format!("档案借阅登记表-{f}-{t}.pdf"),
            ArchiveOutput::Index(l) => format!("档案目录-{}.pdf", safe(l)),
            ArchiveOutput::Labels(l) => format!("档案盒标签-{}.pdf", safe(l)),
            ArchiveOutput::Inspection(c) => format!("{c}-检查记录.pdf"),
        }
    }
}

/// What 设置 › 档案管理 saves.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveSettings {
    pub archivist: String,
    pub plan: String,
    pub kinds: Vec<a::KindRow>,
}

#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum ArchiveCommand {
    AddFile(FileInput),
    UpdateFile {
        id: i64,
        input: FileInput,
        reason: String,
    },
    /// Opens a file's record (logged when it is 保密).
    SelectFile(i64),
    BrowseScan(i64),
    AddScan(i64, PathBuf),
    OpenScan {
        file_id: i64,
        relative: String,
    },
    AddRequest(RequestInput),
    Act {
        id: i64,
        act: Act,
        by: String,
    },
    AddCampaign {
        name: String,
        starts: NaiveDate,
        due: NaiveDate,
        kind: Option<String>,
        location: Option<String>,
    },
    PlanYear(i32),
    SelectCampaign(i64),
    RecordCheck {
        campaign: i64,
        file: i64,
        result: Condition,
        note: String,
    },
    CloseFinding {
        campaign: i64,
        file: i64,
        done: String,
    },
    FinishCampaign(i64),
    Import(PathBuf),
    BrowseImport,
    BrowseOutput,
    Write(ArchiveOutput, PathBuf),
    SaveSettings(ArchiveSettings),
}

impl From<ArchiveCommand> for super::Command {
    fn from(c: ArchiveCommand) -> super::Command {
        super::Command::Archives(c)
    }
}

/// What the archive screen's worker sends: the screen's rows first, then — when units changed —
/// the file form's unit picker, so the registry is shown without waiting for it.
pub enum ArchiveLoad {
    Data(ArchiveData),
    Units(Vec<crate::views::charging::UnitPick>),
}

/// The file form's unit picker (every unit, its people and their search keys).
pub fn read_unit_picks(path: &std::path::Path) -> Result<Vec<crate::views::charging::UnitPick>> {
    let c = crate::db::open_reader(path)?;
    Ok(crate::views::charging::unit_picks(
        crate::db::estate::list_units(&c)?,
    ))
}

/// Everything the registry screen shows, read from the database at `path` on the calling
/// (worker) thread, with each file's search key (the unit picker is left empty: it follows
/// from `read_unit_picks`). The machine's two cores share the work: the registry is read in
/// two halves on two read-only connections, each half making its own search keys.
pub fn read_archives(path: &std::path::Path, now: chrono::NaiveDateTime) -> Result<ArchiveData> {
    use crate::views::archives::search_key;
    let conn = crate::db::open_reader(path)?;
    let extras = a::file_extras(&conn)?;
    let (lo, hi) = a::file_id_span(&conn)?;
    let mid = lo + (hi - lo) / 2;
    let half = |ids: std::ops::RangeInclusive<i64>, c: &rusqlite::Connection| {
        let rows = a::file_rows(c, ids, &extras)?;
        let keys: Vec<_> = rows.iter().map(search_key).collect();
        Ok::<_, Error>(rows.into_iter().zip(keys).collect::<Vec<_>>())
    };
    let files = std::thread::scope(|scope| {
        let upper = scope.spawn(|| half(mid + 1..=hi, &crate::db::open_reader(path)?));
        let mut files = half(lo..=mid, &conn)?;
        let lost = || Error::invalid("档案加载意外中断，请重试。");
        files.extend(upper.join().map_err(|_| lost())??);
        Ok::<_, Error>(files)
    })?;
    let mut files = files;
    files.sort_unstable_by(|x, y| x.0.number.cmp(&y.0.number));
    let (files, keys): (Vec<_>, Vec<_>) = files.into_iter().unzip();
    let staff = crate::db::staff::list_staff(&conn)?
        .into_iter()
        .filter(|s| s.active())
        .map(|s| crate::views::service::StaffPick {
            id: s.id,
            name: s.name.clone(),
            department: s.department.clone(),
            position: s.position.clone(),
        })
        .collect();
    Ok(ArchiveData {
        keys,
        files,
        kinds: a::kinds(&conn)?,
        locations: a::locations(&conn)?,
        requests: a::recent_requests(&conn, now - chrono::Duration::days(92))?,
        campaigns: a::campaigns(&conn)?,
        archivist: crate::db::settings::get(&conn, a::ARCHIVIST)?,
        staff,
        units: Vec::new(),
    })
}

impl App {
    /// Loads the registry, the recent requests, the campaigns and what the forms offer on a
    /// worker thread with its own connection (the rows and their search keys for 20,000 files
    /// take tens of milliseconds): the window keeps drawing and takes them when they arrive.
    pub(super) fn load_archives(&mut self) -> Result<()> {
        if self.archive_job.is_some() {
            // Asked again while loading: load once more when this one arrives.
            self.archive_again = true;
            return Ok(());
        }
        let units = self.archives.data.units.is_empty() || self.archive_units_stale;
        self.archive_units_stale = false;
        let (tx, rx) = std::sync::mpsc::channel();
        let path = self.db_path.clone();
        let now = self.now();
        std::thread::spawn(move || {
            let data = read_archives(&path, now);
            let failed = data.is_err();
            if tx.send(data.map(ArchiveLoad::Data)).is_err() || failed || !units {
                return;
            }
            let _ = tx.send(read_unit_picks(&path).map(ArchiveLoad::Units));
        });
        self.archive_job = Some(rx);
        self.archive_received = false;
        Ok(())
    }

    /// Takes the archive screen's rows, then the unit picker, as they arrive.
    pub(super) fn poll_archives(&mut self) {
        loop {
            let Some(rx) = &self.archive_job else { return };
            let result = match rx.try_recv() {
                Ok(r) => r,
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    // The worker is done: after its rows, that is the end of the job.
                    self.archive_job = None;
                    if !std::mem::take(&mut self.archive_received) {
                        self.fail(&Error::invalid("档案加载意外中断，请重试。"));
                    }
                    if std::mem::take(&mut self.archive_again) {
                        self.archives.stale = true;
                    }
                    return;
                }
            };
            self.archive_received = true;
            let shown = result.and_then(|load| match load {
                ArchiveLoad::Data(mut data) => {
                    // The unit picker stays as it is until a new one arrives.
                    data.units = std::mem::take(&mut self.archives.data.units);
                    self.archives.set_data(data);
                    if let Some(c) = self.archives.selected_campaign() {
                        let rows = a::campaign_checks(&self.conn, c)?;
                        self.archives.set_checks(c, rows);
                    }
                    Ok(())
                }
                ArchiveLoad::Units(units) => {
                    self.archives.data.units = units;
                    Ok(())
                }
            });
            if let Err(e) = shown {
                self.fail(&e);
            }
        }
    }

    /// Waits for the archive screen's rows (tests and batch use).
    pub fn wait_for_archives(&mut self) {
        while self.archive_job.is_some() {
            std::thread::sleep(std::time::Duration::from_millis(2));
            self.poll_archives();
        }
    }

    fn archive_written(&mut self, result: Result<String>) -> bool {
        match result {
            Ok(message) => {
                self.ok(message);
                self.data_changed();
                self.archive_units_stale = false;
                true
            }
            Err(e) => {
                self.archives.form_error(e.to_string());
                self.fail(&e);
                false
            }
        }
    }

    /// Loads what a file's panel shows; reading a 保密 file's record is logged.
    fn open_file(&mut self, id: i64) -> Result<()> {
        let now = self.now();
        let f = a::get_file(&self.conn, id)?;
        let by = self.actor().unwrap_or_else(|| self.archives.operator());
        if f.secret() && self.archives.detail_id() != Some(id) {
            a::log_access(&self.conn, id, &by, "查看档案记录", now)?;
        }
        self.archives
            .set_detail(crate::views::archives::FileDetail {
                scans: a::scans(&self.conn, id)?,
                changes: a::changes(&self.conn, id)?,
                accesses: if f.secret() {
                    a::accesses(&self.conn, id)?
                } else {
                    Vec::new()
                },
                file: f,
            });
        Ok(())
    }

    pub(super) fn run_archives(&mut self, command: ArchiveCommand) {
        let now = self.now();
        let by = self.actor().unwrap_or_else(|| self.archives.operator());
        match command {
            ArchiveCommand::AddFile(input) => {
                let r = a::add_file(&self.conn, &input, &by, now).map(|id| {
                    (
                        id,
                        format!(
                            "已建档：{}《{}》。",
                            input.number.trim(),
                            input.title.trim()
                        ),
                    )
                });
                let id = r.as_ref().ok().map(|(id, _)| *id);
                if self.archive_written(r.map(|(_, m)| m)) {
                    self.archives.close_dialogs();
                    if let Some(id) = id {
                        self.archives.select_file(id);
                        let _ = self.open_file(id);
                    }
                }
            }
            ArchiveCommand::UpdateFile { id, input, reason } => {
                let r = a::update_file(&self.conn, id, &input, &by, &reason, now).map(|n| {
                    if n == 0 {
                        "没有改动。".to_string()
                    } else {
                        format!(
                            "已保存档案 {}：{n} 项更改已记入更改记录。",
                            input.number.trim()
                        )
                    }
                });
                if self.archive_written(r) {
                    self.archives.close_dialogs();
                    if let Err(e) = self.open_file(id) {
                        self.fail(&e);
                    }
                }
            }
            ArchiveCommand::SelectFile(id) => {
                if let Err(e) = self.open_file(id) {
                    self.fail(&e);
                }
            }
            ArchiveCommand::BrowseScan(id) => {
                if let Some(path) = self.picked(crate::ui::dialogs::pick_scan_file()) {
                    self.run_archives(ArchiveCommand::AddScan(id, path));
                }
            }
            ArchiveCommand::AddScan(id, path) => {
                let r = a::get_file(&self.conn, id).and_then(|f| {
                    let rel =
                        crate::io::files::store_archive_scan(&self.db_path, &path, &f.number)?;
                    a::add_scan(&self.conn, id, &rel, &by, now)?;
                    Ok(format!("已为档案 {} 添加扫描件：{rel}", f.number))
                });
                if self.archive_written(r)
                    && let Err(e) = self.open_file(id)
                {
                    self.fail(&e);
                }
            }
            ArchiveCommand::OpenScan { file_id, relative } => {
                let path = crate::io::files::attachment_path(&self.db_path, &relative);
                let secret = a::get_file(&self.conn, file_id).map(|f| f.secret());
                let r = match secret {
                    Err(e) => Err(e),
                    Ok(_) if !path.exists() => Err(Error::invalid(format!(
                        "扫描件“{}”不在附件目录中，可能已被移走。",
                        path.display()
                    ))),
                    Ok(secret) => {
                        let logged = if secret {
                            a::log_access(
                                &self.conn,
                                file_id,
                                &by,
                                &format!("打开扫描件 {relative}"),
                                now,
                            )
                        } else {
                            Ok(())
                        };
                        logged.and_then(|_| {
                            open::that_detached(&path).map_err(|e| {
                                Error::invalid(format!("无法打开扫描件“{}”：{e}", path.display()))
                            })
                        })
                    }
                };
                match r {
                    Ok(()) => {
                        let _ = self.open_file(file_id);
                    }
                    Err(e) => self.fail(&e),
                }
            }
            ArchiveCommand::AddRequest(input) => {
                let r = a::add_request(&self.conn, &input, now).map(|id| {
                    (
                        id,
                        format!("已登记{}申请第 {id} 号，等待管理处经理审批。", input.kind),
                    )
                });
                let id = r.as_ref().ok().map(|(id, _)| *id);
                if self.archive_written(r.map(|(_, m)| m)) {
                    self.archives.close_dialogs();
                    self.archives.tab = crate::views::archives::ArchiveTab::Requests;
                    if let Some(id) = id {
                        self.archives.select_request(id);
                    }
                }
            }
            ArchiveCommand::Act { id, act, by } => {
                let what = match &act {
                    Act::Approve => "批准",
                    Act::Refuse(_) => "驳回",
                    Act::HandOut => "借出",
                    Act::Return(_) => "归还",
                    Act::Withdraw => "撤回",
                };
                let r = a::act(&self.conn, id, &act, &by, now)
                    .map(|s| format!("申请第 {id} 号：已{what}，现为“{s}”。"));
                if self.archive_written(r) {
                    self.archives.action_done();
                }
            }
            ArchiveCommand::AddCampaign {
                name,
                starts,
                due,
                kind,
                location,
            } => {
                let r = a::add_campaign(
                    &self.conn,
                    &name,
                    starts,
                    due,
                    kind.as_deref(),
                    location.as_deref(),
                    now,
                )
                .map(|id| {
                    self.archives.select_campaign(id);
                    format!("已建立档案检查“{}”。", name.trim())
                });
                if self.archive_written(r) {
                    self.archives.close_dialogs();
                }
            }
            ArchiveCommand::PlanYear(year) => {
                let r = a::plan_year(&self.conn, year, now).map(|n| {
                    if n == 0 {
                        format!("{year} 年的档案检查都已建立。")
                    } else {
                        format!("已按计划建立 {year} 年档案检查 {n} 次。")
                    }
                });
                self.archive_written(r);
            }
            ArchiveCommand::SelectCampaign(id) => {
                self.archives.select_campaign(id);
                match a::campaign_checks(&self.conn, id) {
                    Ok(rows) => self.archives.set_checks(id, rows),
                    Err(e) => self.fail(&e),
                }
            }
            ArchiveCommand::RecordCheck {
                campaign,
                file,
                result,
                note,
            } => {
                let r = a::record_check(&self.conn, campaign, file, result, &note, &by, now.date())
                    .map(|_| format!("已记录检查结果：{result}。"));
                if self.archive_written(r) {
                    self.archives.action_done();
                }
            }
            ArchiveCommand::CloseFinding {
                campaign,
                file,
                done,
            } => {
                let r = a::close_finding(&self.conn, campaign, file, &done, now.date())
                    .map(|_| "已记录整改完成。".to_string());
                if self.archive_written(r) {
                    self.archives.action_done();
                }
            }
            ArchiveCommand::FinishCampaign(id) => {
                let r = a::finish_campaign(&self.conn, id, now.date())
                    .map(|_| "本次档案检查已结束。".to_string());
                self.archive_written(r);
            }
            ArchiveCommand::Import(path) => self.start_import(path, super::ImportKind::Archives),
            ArchiveCommand::BrowseImport => {
                if let Some(path) = self.picked(crate::ui::dialogs::pick_import_file())
                    && let Some(f) = &mut self.archives.import_file
                {
                    f.path = path.display().to_string();
                }
            }
            ArchiveCommand::BrowseOutput => {
                if let Some(name) = self.archives.output.as_ref().map(|o| o.kind.file_name())
                    && let Some(path) = self.picked(crate::ui::dialogs::save_pdf(&name))
                    && let Some(form) = &mut self.archives.output
                {
                    form.path = path.display().to_string();
                }
            }
            ArchiveCommand::Write(output, path) => {
                use crate::pdf::archives as p;
                let r = match &output {
                    ArchiveOutput::Register(from, to) => {
                        p::print_register(&self.conn, *from, *to, &path, now)
                    }
                    ArchiveOutput::Index(l) => p::print_index(&self.conn, l, &path, now),
                    ArchiveOutput::Labels(l) => p::print_labels(&self.conn, l, &path, now),
                    ArchiveOutput::Inspection(c) => p::print_inspection(&self.conn, c, &path, now),
                }
                .map(|pages| {
                    format!(
                        "已生成 {}（{pages} 页）：{}",
                        output.title().trim_start_matches("打印"),
                        path.display()
                    )
                });
                match r {
                    Ok(m) => {
                        self.archives.output = None;
                        self.ok(m);
                    }
                    Err(e) => {
                        if let Some(f) = &mut self.archives.output {
                            f.error = Some(e.to_string());
                        }
                        self.fail(&e);
                    }
                }
            }
            ArchiveCommand::SaveSettings(s) => {
                let r = a::save_kinds(&self.conn, &s.kinds)
                    .and_then(|_| {
                        crate::db::settings::set(&self.conn, a::ARCHIVIST, s.archivist.trim())
                    })
                    .and_then(|_| crate::db::settings::set(&self.conn, a::PLAN, s.plan.trim()));
                match r {
                    Ok(()) => self.data_changed(),
                    Err(e) => self.fail(&e),
                }
            }
        }
    }
}
