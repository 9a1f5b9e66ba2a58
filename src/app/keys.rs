//! Commands of the key registry screen (钥匙管理), run by `App` after each frame.

use super::{App, ImportKind};
use crate::domain::keys::{KeyAction, KeyInput, LoanInput};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use std::path::PathBuf;

/// What a key-screen output window writes.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyOutput {
    Register { from: NaiveDate, to: NaiveDate },
    Count { id: i64 },
}

impl KeyOutput {
    pub fn title(&self) -> String {
        match self {
            KeyOutput::Register { .. } => "打印钥匙借返管理记录表".into(),
            KeyOutput::Count { .. } => "打印交接班盘点表".into(),
        }
    }

    pub fn file_name(&self) -> String {
        match self {
            KeyOutput::Register { from, to } => format!(
                "钥匙借返管理记录表-{}至{}.pdf",
                from.format("%Y%m%d"),
                to.format("%Y%m%d")
            ),
            KeyOutput::Count { id } => format!("交接班盘点表-{id}.pdf"),
        }
    }
}

/// The state changes a custodian can make from a key's panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyChange {
    ReportLost,
    Disable,
    Restore,
}

impl KeyChange {
    fn action(self) -> KeyAction<'static> {
        match self {
            KeyChange::ReportLost => KeyAction::ReportLost,
            KeyChange::Disable => KeyAction::Disable,
            KeyChange::Restore => KeyAction::Restore,
        }
    }
}

#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum KeyCommand {
    SetCustodian(String),
    /// 设置: the shift changes (交班时间).
    SaveShifts(crate::domain::keys::Shifts),
    Lend {
        tag: String,
        loan: LoanInput,
    },
    Return {
        tag: String,
    },
    Select(i64),
    Create(KeyInput),
    Update(i64, KeyInput),
    Change {
        key_id: i64,
        change: KeyChange,
        note: String,
    },
    Deposit {
        key_id: i64,
        deposit: crate::db::keys::Deposit,
    },
    LoadRegister {
        from: NaiveDate,
        to: NaiveDate,
    },
    SaveCount {
        outgoing: String,
        incoming: String,
        found: Vec<i64>,
        notes: String,
    },
    BrowseImport,
    PreviewImport(PathBuf),
    StartImport(PathBuf),
    BrowseOutput,
    Write(KeyOutput, PathBuf),
}

impl From<KeyCommand> for super::Command {
    fn from(c: KeyCommand) -> super::Command {
        super::Command::Keys(c)
    }
}

impl App {
    /// 当班钥匙管理员: the signed-in user (the handover is the switch of users), else the name
    /// on duty at the counter.
    fn custodian(&self) -> String {
        self.actor()
            .unwrap_or_else(|| self.keys.custodian().to_string())
    }

    fn key_written(&mut self, result: Result<i64>, message: String) {
        match result {
            Ok(id) => {
                self.keys.close_dialogs();
                self.ok(message);
                self.data_changed();
                self.run_keys(KeyCommand::Select(id));
            }
            Err(e) => {
                self.keys.form_error(e.to_string());
                self.fail(&e);
            }
        }
    }

    /// Fills a key's panel: the key as given, its history, loans and deposits.
    pub(super) fn show_key(&mut self, key: crate::db::keys::KeyRow) {
        let id = key.id;
        let loaded = crate::db::keys::key_events(&self.conn, id).and_then(|events| {
            Ok((
                events,
                crate::db::keys::loans_of_key(&self.conn, id)?,
                crate::db::keys::deposits(&self.conn, id)?,
            ))
        });
        match loaded {
            Ok((events, loans, deposits)) => self.keys.set_detail(key, events, loans, deposits),
            Err(e) => self.fail(&e),
        }
    }

    pub(super) fn run_keys(&mut self, command: KeyCommand) {
        let now = self.now();
        let stamp = crate::db::stamp(now);
        match command {
            KeyCommand::SaveShifts(shifts) => {
                match crate::db::settings::save_shifts(&self.conn, &shifts) {
                    Ok(()) => {
                        self.settings.saved_shifts(&shifts);
                        self.ok(format!(
                            "交班时间已保存：{}。不填应还时间时，钥匙在当班结束时应还。",
                            shifts.text()
                        ));
                        self.data_changed();
                    }
                    Err(e) => self.fail(&e),
                }
            }
            KeyCommand::SetCustodian(name) => {
                let name = name.trim().to_string();
                match crate::db::settings::set(
                    &self.conn,
                    crate::db::settings::KEY_CUSTODIAN,
                    &name,
                ) {
                    Ok(()) => {
                        self.ok(format!("当班钥匙管理员：{name}"));
                        self.data_changed();
                    }
                    Err(e) => self.fail(&e),
                }
            }
            KeyCommand::Lend { tag, loan } => {
                match crate::db::keys::lend(&self.conn, &tag, &loan, &self.custodian(), now) {
                    Ok(l) => {
                        self.keys.lent();
                        self.ok(format!(
                            "已借出 {}（{}）给 {}，应还 {}。",
                            l.tag,
                            l.key_label,
                            l.borrower,
                            l.due_at.format("%m-%d %H:%M")
                        ));
                        self.data_changed();
                    }
                    Err(e) => {
                        self.keys.lend_error(e.to_string());
                        self.fail(&e);
                    }
                }
            }
            KeyCommand::Return { tag } => {
                match crate::db::keys::return_key(&self.conn, &tag, &self.custodian(), now) {
                    Ok(l) => {
                        self.keys.returned();
                        let late = crate::domain::keys::overdue_by(l.due_at, now)
                            .map(|d| format!("，{}", crate::domain::keys::overdue_label(d)))
                            .unwrap_or_default();
                        self.ok(format!(
                            "已归还 {}（{}），借用人 {}{late}。",
                            l.tag, l.key_label, l.borrower
                        ));
                        self.data_changed();
                    }
                    Err(e) => {
                        self.keys.return_error(e.to_string());
                        self.fail(&e);
                    }
                }
            }
            KeyCommand::Select(id) => {
                let loaded = crate::db::keys::key_by_id(&self.conn, id)
                    .and_then(|k| k.ok_or_else(|| Error::NotFound("钥匙".into())));
                match loaded {
                    Ok(key) => self.show_key(key),
                    Err(e) => self.fail(&e),
                }
            }
            KeyCommand::Create(input) => {
                let r = crate::db::keys::create_key(&self.conn, &input, &stamp, &self.custodian());
                self.key_written(r, format!("已新增钥匙 {}。", input.tag));
            }
            KeyCommand::Update(id, input) => {
                let r =
                    crate::db::keys::update_key(&self.conn, id, &input, &stamp, &self.custodian());
                self.key_written(r.map(|()| id), format!("已保存钥匙 {}。", input.tag));
            }
            KeyCommand::Change {
                key_id,
                change,
                note,
            } => {
                let action = change.action();
                let r = crate::db::keys::change_state(
                    &self.conn,
                    key_id,
                    action,
                    &note,
                    &self.custodian(),
                    now,
                );
                self.key_written(r.map(|_| key_id), format!("已{}。", action.label()));
            }
            KeyCommand::Deposit { key_id, deposit } => {
                let r = crate::db::keys::add_deposit(
                    &self.conn,
                    key_id,
                    &deposit,
                    &self.custodian(),
                    &stamp,
                );
                self.key_written(
                    r.map(|()| key_id),
                    format!("已登记留存（{} 交存）。", deposit.deposited_by.trim()),
                );
            }
            KeyCommand::LoadRegister { from, to } => {
                match crate::db::keys::loans_between(&self.conn, from, to) {
                    Ok(loans) => self.keys.set_register(from, to, loans),
                    Err(e) => self.fail(&e),
                }
            }
            KeyCommand::SaveCount {
                outgoing,
                incoming,
                found,
                notes,
            } => match crate::db::keys::save_count(
                &self.conn, &outgoing, &incoming, &found, &notes, now,
            ) {
                Ok(id) => {
                    let summary = crate::db::keys::get_count(&self.conn, id)
                        .map(|c| (c.missing().len(), c.unexpected().len()));
                    let (missing, unexpected) = summary.unwrap_or((0, 0));
                    self.keys.counted(id);
                    self.ok(format!(
                        "交接班盘点已保存：缺失 {missing} 把，多出 {unexpected} 把；当班管理员改为 {}。",
                        incoming.trim()
                    ));
                    self.data_changed();
                }
                Err(e) => {
                    self.keys.count_error(e.to_string());
                    self.fail(&e);
                }
            },
            KeyCommand::BrowseImport => {
                if let Some(path) = self.picked(crate::ui::dialogs::pick_import_file()) {
                    self.run_keys(KeyCommand::PreviewImport(path));
                }
            }
            KeyCommand::PreviewImport(path) => match crate::io::keys::preview_file(&path) {
                Ok(p) => self.keys.set_import_preview(path, p),
                Err(e) => {
                    self.keys.set_import_file_error(e.to_string());
                    self.fail(&e);
                }
            },
            KeyCommand::StartImport(path) => self.start_import(path, ImportKind::Keys),
            KeyCommand::BrowseOutput => {
                if let Some(o) = self.keys.output_kind()
                    && let Some(path) = self.picked(crate::ui::dialogs::save_as(
                        &o.file_name(),
                        "PDF 文件",
                        "pdf",
                    ))
                {
                    self.keys.set_output_path(path);
                }
            }
            KeyCommand::Write(output, path) => {
                let r = match &output {
                    KeyOutput::Register { from, to } => {
                        crate::pdf::keys::print_register(&self.conn, *from, *to, &path, self.now())
                            .map(|p| {
                                format!("已生成钥匙借返管理记录表（{p} 页）：{}", path.display())
                            })
                    }
                    KeyOutput::Count { id } => {
                        crate::pdf::keys::print_count(&self.conn, *id, &path, self.now())
                            .map(|p| format!("已生成交接班盘点表（{p} 页）：{}", path.display()))
                    }
                };
                match r {
                    Ok(message) => {
                        self.keys.output = None;
                        self.ok(message);
                    }
                    Err(e) => {
                        self.keys.set_output_error(e.to_string());
                        self.fail(&e);
                    }
                }
            }
        }
    }
}
