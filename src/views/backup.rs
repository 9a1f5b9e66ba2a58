//! 设置 › 备份与恢复: where the automatic copies go, 立即备份 to a chosen file, and the copies
//! in the folder, each one click from 恢复 — which first shows the copy beside the current file
//! (date, structure version, record counts) and asks to confirm.

use crate::app::Command;
use crate::db::backup::BackupInfo;
use crate::ui::theme;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum BackupCommand {
    SaveFolder(String),
    /// Re-reads the folder's copies.
    List,
    /// 立即备份 into this file.
    Now(PathBuf),
    BrowseNow,
    /// Checks a copy (on a worker) and shows it beside the current file.
    Inspect(PathBuf),
    BrowseRestore,
    Restore(PathBuf),
}

impl From<BackupCommand> for Command {
    fn from(c: BackupCommand) -> Command {
        Command::Backup(c)
    }
}

/// A copy in the folder, as the list shows it (read cheaply: no check until it is chosen).
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub path: PathBuf,
    pub info: Result<BackupInfo, String>,
}

#[derive(Debug)]
pub struct BackupPanel {
    /// This frame's moment, from the app's clock.
    pub now: chrono::NaiveDateTime,
    pub folder: String,
    pub folder_in_use: PathBuf,
    pub last_ok: Option<chrono::NaiveDateTime>,
    pub same_disk: bool,
    pub copies: Vec<Listed>,
    /// 立即备份's window.
    pub output: Option<crate::ui::PathForm>,
    /// 选择其他备份文件's window.
    pub pick: Option<crate::ui::PathForm>,
    /// Being checked on a worker.
    pub checking: Option<PathBuf>,
    /// Checked and shown beside the current file, waiting for 确认恢复.
    pub confirm: Option<(BackupInfo, BackupInfo)>,
    pub error: Option<String>,
    /// The signed-in user may restore (set by the app every frame; no users: yes).
    pub may_restore: bool,
}

impl Default for BackupPanel {
    fn default() -> Self {
        BackupPanel {
            now: chrono::NaiveDateTime::default(),
            folder: String::new(),
            folder_in_use: PathBuf::new(),
            last_ok: None,
            same_disk: false,
            copies: Vec::new(),
            output: None,
            pick: None,
            checking: None,
            confirm: None,
            error: None,
            may_restore: true,
        }
    }
}

fn when(t: Option<chrono::NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "时间不详".into())
}

impl BackupPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.heading("备份与恢复");
        ui.label(
            egui::RichText::new(
                "每天第一次打开和关闭窗口时自动备份到备份目录，保留最近 7 天和 12 个月的副本；每份副本检查通过才算数。恢复前会先把当前数据库另存一份。",
            )
            .color(theme::MUTED),
        );
        ui.horizontal(|ui| {
            let l = ui.label("备份目录");
            ui.add(
                egui::TextEdit::singleline(&mut self.folder)
                    .hint_text(self.folder_in_use.display().to_string())
                    .desired_width(420.0),
            )
            .labelled_by(l.id);
            if ui.button("保存备份目录").clicked() {
                commands.push(BackupCommand::SaveFolder(self.folder.trim().to_string()).into());
            }
        });
        ui.horizontal_wrapped(|ui| {
            match self.last_ok {
                Some(t) => ui.label(format!("上次成功备份：{}", when(Some(t)))),
                None => ui.colored_label(theme::WARNING, "还没有做过备份"),
            };
            if self.same_disk {
                ui.colored_label(
                    theme::WARNING,
                    "备份目录与数据库在同一块磁盘上，建议改用 U 盘或网络文件夹。",
                );
            }
        });
        ui.horizontal(|ui| {
            if ui.button("立即备份…").clicked() {
                self.output = Some(crate::ui::PathForm::new(
                    (),
                    &self
                        .folder_in_use
                        .join(crate::domain::backup::manual_name(self.now)),
                ));
            }
            if self.may_restore && ui.button("选择其他备份文件恢复…").clicked() {
                self.pick = Some(crate::ui::PathForm::empty());
            }
            if ui.button("刷新列表").clicked() {
                commands.push(BackupCommand::List.into());
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(theme::ERROR, e);
        }
        if let Some(p) = &self.checking {
            ui.colored_label(theme::MUTED, format!("正在检查 {}……", p.display()));
        }
        if self.copies.is_empty() {
            ui.colored_label(theme::MUTED, "备份目录中还没有副本。");
        } else {
            egui::Grid::new("backup_list")
                .num_columns(4)
                .striped(true)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    ui.strong("副本");
                    ui.strong("备份时间");
                    ui.strong("大小");
                    ui.strong("");
                    ui.end_row();
                    for c in self.copies.iter().take(24) {
                        ui.label(
                            c.path
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_default(),
                        );
                        match &c.info {
                            Ok(i) => {
                                ui.label(when(i.taken_at));
                                ui.label(format!("{:.1} MB", i.bytes as f64 / 1e6));
                                if self.may_restore
                                    && ui
                                        .button("恢复…")
                                        .on_hover_text(format!("用 {} 恢复", c.path.display()))
                                        .clicked()
                                {
                                    commands.push(BackupCommand::Inspect(c.path.clone()).into());
                                }
                            }
                            Err(e) => {
                                ui.colored_label(theme::ERROR, e);
                                ui.label("");
                                ui.label("");
                            }
                        }
                        ui.end_row();
                    }
                });
        }
        self.windows(ui.ctx(), commands);
    }

    fn windows(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if let Some(o) = &mut self.output {
            match crate::ui::path_dialog(
                ctx,
                "立即备份",
                "把当前数据库备份到这个文件（检查通过后才落成该文件名）：",
                "备份到",
                &mut o.path,
                o.error.as_deref(),
                "备份",
            ) {
                crate::ui::PathAction::None | crate::ui::PathAction::Print(_) => {}
                crate::ui::PathAction::Browse => commands.push(BackupCommand::BrowseNow.into()),
                crate::ui::PathAction::Go(p) => commands.push(BackupCommand::Now(p).into()),
                crate::ui::PathAction::Close => self.output = None,
            }
        }
        if let Some(o) = &mut self.pick {
            match crate::ui::path_dialog(
                ctx,
                "选择备份文件恢复",
                "备份文件（先检查，再显示与当前数据库的对比，确认后才恢复）：",
                "备份文件",
                &mut o.path,
                o.error.as_deref(),
                "检查",
            ) {
                crate::ui::PathAction::None | crate::ui::PathAction::Print(_) => {}
                crate::ui::PathAction::Browse => commands.push(BackupCommand::BrowseRestore.into()),
                crate::ui::PathAction::Go(p) => commands.push(BackupCommand::Inspect(p).into()),
                crate::ui::PathAction::Close => self.pick = None,
            }
        }
        let Some((copy, current)) = &self.confirm else {
            return;
        };
        let mut go = false;
        let close = crate::ui::dialog(ctx, "恢复数据库", |ui| {
            ui.label(format!("用 {} 恢复当前数据库？", copy.path.display()));
            ui.colored_label(
                theme::WARNING,
                "恢复后，备份之后录入的内容将不在数据库中；当前数据库会先另存一份（<数据库>.恢复前-时间）。",
            );
            egui::Grid::new("restore_compare")
                .num_columns(3)
                .striped(true)
                .spacing([24.0, 4.0])
                .show(ui, |ui| {
                    ui.strong("");
                    ui.strong("备份");
                    ui.strong("当前数据库");
                    ui.end_row();
                    ui.label("时间");
                    ui.label(when(copy.taken_at));
                    ui.label("现在");
                    ui.end_row();
                    ui.label("结构版本");
                    ui.label(copy.version.to_string());
                    ui.label(current.version.to_string());
                    ui.end_row();
                    for ((what, a), (_, b)) in copy.counts.iter().zip(&current.counts) {
                        ui.label(*what);
                        ui.label(a.to_string());
                        if a == b {
                            ui.label(b.to_string());
                        } else {
                            ui.colored_label(theme::WARNING, b.to_string());
                        }
                        ui.end_row();
                    }
                });
            let mut cancel = false;
            ui.horizontal(|ui| {
                if ui
                    .button(egui::RichText::new("确认恢复").color(theme::ERROR))
                    .clicked()
                {
                    go = true;
                }
                cancel = ui.button("取消").clicked();
            });
            cancel
        });
        if go {
            commands.push(BackupCommand::Restore(copy.path.clone()).into());
        }
        if close || go {
            self.confirm = None;
        }
    }
}
