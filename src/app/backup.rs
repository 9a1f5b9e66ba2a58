//! Backups in the window: the day's automatic copy on a worker when the window opens, the copy
//! on exit, 设置 › 备份与恢复's commands, and the home screen's warnings.

use crate::db::backup::{self as b, BackupInfo};
use crate::error::{Error, Result};
use crate::views::backup::{BackupCommand, Listed};
use std::path::PathBuf;

/// A restore's worker hands back: where the replaced file was kept (or why it failed), and the
/// office's connection.
pub(super) type Restored = (Result<PathBuf>, rusqlite::Connection);

/// What a backup worker reports.
pub(super) enum BackupDone {
    /// The automatic copy at the first start of the day (None: already made today).
    Auto(Result<Option<BackupInfo>>),
    /// A copy checked for a restore, with the current file beside it.
    Checked(PathBuf, Result<BackupInfo>),
}

impl super::App {
    /// Starts the day's automatic copy on a worker, from a read-only connection of its own.
    pub(super) fn start_auto_backup(&mut self) {
        let (tx, rx) = std::sync::mpsc::channel();
        let path = self.db_path.clone();
        let now = self.now();
        std::thread::spawn(move || {
            let r = crate::db::open_reader(&path).and_then(|c| b::automatic(&c, &path, now, false));
            let _ = tx.send(BackupDone::Auto(r));
        });
        self.backup_job = Some(rx);
    }

    pub(super) fn poll_backup(&mut self) {
        let Some(rx) = &self.backup_job else { return };
        let done = match rx.try_recv() {
            Ok(d) => d,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.backup_job = None;
                return;
            }
        };
        self.backup_job = None;
        match done {
            BackupDone::Auto(Ok(Some(info))) => {
                let at = info.taken_at.unwrap_or_else(|| self.now());
                if let Err(e) = b::record_ok(&self.conn, at) {
                    self.fail(&e);
                }
                self.home.stale = true;
                self.backup_stale = true;
            }
            BackupDone::Auto(Ok(None)) => {}
            BackupDone::Auto(Err(e)) => {
                self.fail(&Error::invalid(format!("今天的自动备份没有完成：{e}")));
                self.home.stale = true;
            }
            BackupDone::Checked(path, r) => {
                let panel = &mut self.settings.backup;
                panel.checking = None;
                let current = b::current_info(&self.conn, &self.db_path);
                match r.and_then(|copy| Ok((copy, current?))) {
                    Ok(pair) => {
                        panel.pick = None;
                        panel.error = None;
                        panel.confirm = Some(pair);
                    }
                    Err(e) => {
                        let text = e.to_string();
                        if let Some(p) = &mut panel.pick {
                            p.error = Some(text.clone());
                        }
                        panel.error = Some(format!("{}：{text}", path.display()));
                        self.fail(&e);
                    }
                }
            }
        }
    }

    /// Waits for a backup worker (tests).
    pub fn wait_for_backup(&mut self) {
        while self.backup_job.is_some() {
            std::thread::sleep(std::time::Duration::from_millis(2));
            self.poll_backup();
        }
    }

    /// 设置 › 备份与恢复: the folder, the last good copy, the copies in the folder.
    pub(super) fn load_backup_panel(&mut self) -> Result<()> {
        let folder = b::folder(&self.conn, &self.db_path)?;
        let p = &mut self.settings.backup;
        p.folder = crate::db::settings::get(&self.conn, b::FOLDER)?;
        p.last_ok = b::last_ok(&self.conn)?;
        p.same_disk = b::same_disk(&self.db_path, &folder);
        p.copies = b::list(&folder)
            .into_iter()
            .map(|(path, info)| Listed { path, info })
            .collect();
        p.folder_in_use = folder;
        Ok(())
    }

    /// The home screen's word on backups: when the last good copy was made, and its warnings.
    pub(super) fn backup_status(&self) -> Result<crate::views::home::BackupStatus> {
        let folder = b::folder(&self.conn, &self.db_path)?;
        let last = b::last_ok(&self.conn)?;
        Ok(crate::views::home::BackupStatus {
            last,
            warnings: crate::domain::backup::warnings(
                last,
                self.now(),
                b::same_disk(&self.db_path, &folder),
            ),
        })
    }

    pub(super) fn run_backup(&mut self, command: BackupCommand) {
        let now = self.now();
        match command {
            BackupCommand::SaveFolder(f) => {
                match crate::db::settings::set(&self.conn, b::FOLDER, &f) {
                    Ok(()) => {
                        self.backup_stale = true;
                        self.home.stale = true;
                        self.ok(if f.is_empty() {
                            "备份目录已恢复为数据库旁的“台账备份”。".to_string()
                        } else {
                            format!("备份目录已改为 {f}。")
                        });
                    }
                    Err(e) => self.fail(&e),
                }
            }
            BackupCommand::List => self.backup_stale = true,
            BackupCommand::Now(path) => match b::write_copy(&self.conn, &path, now) {
                Ok(info) => {
                    let _ = b::record_ok(&self.conn, now);
                    self.settings.backup.output = None;
                    self.backup_stale = true;
                    self.home.stale = true;
                    self.ok(format!(
                        "已备份到 {}（{:.1} MB，检查通过）。",
                        path.display(),
                        info.bytes as f64 / 1e6
                    ));
                }
                Err(e) => {
                    if let Some(o) = &mut self.settings.backup.output {
                        o.error = Some(e.to_string());
                    }
                    self.fail(&e);
                }
            },
            BackupCommand::BrowseNow => {
                let name = crate::domain::backup::manual_name(now);
                if let Some(path) =
                    self.picked(crate::ui::dialogs::save_as(&name, "台账数据库", "db"))
                    && let Some(o) = &mut self.settings.backup.output
                {
                    o.path = path.display().to_string();
                }
            }
            BackupCommand::BrowseRestore => {
                if let Some(path) = self.picked(crate::ui::dialogs::pick_backup_file())
                    && let Some(o) = &mut self.settings.backup.pick
                {
                    o.path = path.display().to_string();
                }
            }
            BackupCommand::Inspect(path) => {
                if self.backup_job.is_some() {
                    self.fail(&Error::invalid("正在备份或检查另一份副本，请稍候再试。"));
                    return;
                }
                let (tx, rx) = std::sync::mpsc::channel();
                self.settings.backup.checking = Some(path.clone());
                std::thread::spawn(move || {
                    let r = b::inspect(&path);
                    let _ = tx.send(BackupDone::Checked(path, r));
                });
                self.backup_job = Some(rx);
            }
            BackupCommand::Restore(path) => self.restore_from(path),
        }
    }

    /// Restores the copy on a worker: the office's connection goes with it (the window shows
    /// 正在恢复 and runs nothing meanwhile) and comes back restored; the window then starts
    /// again on the restored file.
    fn restore_from(&mut self, path: PathBuf) {
        let placeholder = match rusqlite::Connection::open_in_memory() {
            Ok(c) => c,
            Err(e) => return self.fail(&e.into()),
        };
        let mut conn = std::mem::replace(&mut self.conn, placeholder);
        let (tx, rx) = std::sync::mpsc::channel();
        let db = self.db_path.clone();
        let now = self.now();
        let from = path.clone();
        std::thread::spawn(move || {
            let r = b::restore(&mut conn, &db, &from, now);
            let _ = tx.send((r, conn));
        });
        self.restore_job = Some((path, rx));
    }

    /// Takes the restored connection back when the worker is done; true while it is not.
    pub(super) fn poll_restore(&mut self) -> bool {
        let Some((path, rx)) = &self.restore_job else {
            return false;
        };
        let (result, conn) = match rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return true,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                // The worker died with the connection: open the file again.
                let path = path.clone();
                self.restore_job = None;
                match crate::db::open(&self.db_path, self.now()) {
                    Ok(c) => self.conn = c,
                    Err(e) => self.fail(&e),
                }
                self.fail(&Error::invalid(format!(
                    "用 {} 恢复时意外中断，请检查数据库后重试。",
                    path.display()
                )));
                return false;
            }
        };
        let path = path.clone();
        self.restore_job = None;
        match result {
            Ok(aside) => {
                let who = self.actor().unwrap_or_default();
                let logged = crate::db::audit::append(
                    &conn,
                    &crate::db::audit::Entry::new(
                        self.now(),
                        &who,
                        "恢复",
                        format!("用 {} 恢复数据库", path.display()),
                    )
                    .record(format!("恢复前的数据库另存为 {}", aside.display())),
                );
                if let Err(e) = logged {
                    tracing::warn!("恢复已完成，但操作日志没有写入：{e}");
                }
                self.restored(conn, path, aside);
            }
            Err(e) => {
                self.conn = conn;
                self.settings.backup.error = Some(e.to_string());
                self.fail(&e);
            }
        }
        false
    }

    /// The window starts again on the restored file.
    fn restored(&mut self, conn: rusqlite::Connection, path: PathBuf, aside: PathBuf) {
        match super::App::new(conn, self.db_path.clone(), self.clock) {
            Ok(fresh) => {
                *self = fresh;
                self.nav = super::Nav::Settings;
                self.ok(format!(
                    "已用 {} 恢复数据库；恢复前的数据库另存为 {}。",
                    path.display(),
                    aside.display()
                ));
            }
            Err(e) => self.fail(&e),
        }
    }

    /// Waits for a restore (tests).
    pub fn wait_for_restore(&mut self) {
        while self.poll_restore() {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    /// The copy on exit: today's daily copy made again with the day's work in it.
    pub fn backup_on_exit(&mut self) {
        match b::automatic(&self.conn, &self.db_path, self.now(), true) {
            Ok(Some(info)) => {
                let _ = b::record_ok(&self.conn, info.taken_at.unwrap_or_else(|| self.now()));
            }
            Ok(None) => {}
            Err(e) => tracing::warn!("关闭时的自动备份没有完成：{e}"),
        }
    }
}
