//! 档案目录: search as you type over every file, filters by kind and place, a file's record
//! (what its checklist holds and lacks, scans, who read a 保密 file, every change), and the
//! form that files or edits one — an edit asks for its reason.

use super::ArchiveView;
use crate::app::{ArchiveCommand, ArchiveOutput, Command};
use crate::db::archives::FileInput;
use crate::domain::archives::{Retention, Secrecy};
use crate::domain::date::parse_date;
use crate::ui::table::{Cell, Col};
use crate::ui::{dialog, labelled_field, theme};

/// The file form as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileForm {
    /// The file edited, or None for a new one.
    pub id: Option<i64>,
    pub number: String,
    pub kind: String,
    pub title: String,
    pub unit: String,
    pub staff: String,
    pub location: String,
    pub secrecy: String,
    /// Empty: the kind's default.
    pub retention: String,
    pub pages: String,
    pub copies: String,
    pub formed_on: String,
    pub filed_on: String,
    pub filed_by: String,
    pub notes: String,
    pub docs: Vec<String>,
    pub reason: String,
    pub error: Option<String>,
}

fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(crate::domain::date::iso).unwrap_or_default()
}

impl FileForm {
    fn from_row(f: &crate::db::archives::FileRow) -> FileForm {
        FileForm {
            id: Some(f.id),
            number: f.number.clone(),
            kind: f.kind.clone(),
            title: f.title.clone(),
            unit: if f.unit_id.is_some() {
                f.related()
            } else {
                String::new()
            },
            staff: f.staff.clone(),
            location: f.location.clone(),
            secrecy: f.secrecy.clone(),
            retention: f.retention.clone(),
            pages: f.pages.to_string(),
            copies: f.copies.to_string(),
            formed_on: date_text(f.formed_on),
            filed_on: date_text(f.filed_on),
            filed_by: f.filed_by.clone(),
            notes: f.notes.clone(),
            docs: f.docs.clone(),
            reason: String::new(),
            error: None,
        }
    }
}

fn count(label: &str, text: &str, empty: i64) -> Result<i64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(empty);
    }
    t.parse::<i64>()
        .ok()
        .filter(|v| *v >= 0)
        .ok_or_else(|| format!("{label}“{t}”应为不小于 0 的整数。"))
}

fn opt_date(label: &str, text: &str) -> Result<Option<chrono::NaiveDate>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_date(text)
        .map(Some)
        .map_err(|e| format!("{label}：{e}"))
}

impl ArchiveView {
    pub(super) fn files_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal_wrapped(|ui| {
            let r = crate::ui::search_field(
                ui,
                &mut self.query,
                "档案号、题名、10-1-1201、业主姓名或拼音",
                240.0,
            );
            if self.focus_search {
                r.request_focus();
                self.focus_search = false;
            }
            let kinds: Vec<String> = std::iter::once(String::new())
                .chain(self.data.kinds.iter().map(|k| k.name.clone()))
                .collect();
            let l = ui.label("类别");
            egui::ComboBox::from_id_salt("archive_kind_filter")
                .selected_text(if self.kind_filter.is_empty() {
                    "全部"
                } else {
                    self.kind_filter.as_str()
                })
                .width(90.0)
                .show_ui(ui, |ui| {
                    for k in &kinds {
                        let text = if k.is_empty() { "全部" } else { k.as_str() };
                        ui.selectable_value(&mut self.kind_filter, k.clone(), text);
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label("位置");
            egui::ComboBox::from_id_salt("archive_place_filter")
                .selected_text(if self.location_filter.is_empty() {
                    "全部"
                } else {
                    self.location_filter.as_str()
                })
                .width(160.0)
                .show_ui(ui, |ui| {
                    // Drawn only while the list is open; a place is cloned only when chosen.
                    if ui
                        .selectable_label(self.location_filter.is_empty(), "全部")
                        .clicked()
                    {
                        self.location_filter.clear();
                    }
                    for l in &self.data.locations {
                        if ui
                            .selectable_label(self.location_filter == l.path, l.path.as_str())
                            .clicked()
                        {
                            self.location_filter = l.path.clone();
                        }
                    }
                })
                .response
                .labelled_by(l.id);
            if self.may_manage && ui.button("新建档案…").clicked() {
                self.file_form = Some(FileForm {
                    kind: self
                        .data
                        .kinds
                        .first()
                        .map(|k| k.name.clone())
                        .unwrap_or_default(),
                    secrecy: Secrecy::Normal.as_str().into(),
                    copies: "1".into(),
                    filed_on: crate::domain::date::iso(self.now.date()),
                    filed_by: self.operator(),
                    location: self.location_filter.clone(),
                    ..Default::default()
                });
            }
            if self.may_manage && ui.button("导入目录…").clicked() {
                self.import_file = Some(crate::ui::PathForm::empty());
            }
            let place = if self.location_filter.is_empty() {
                self.data
                    .locations
                    .iter()
                    .find(|l| l.parent_id.is_none())
                    .map(|l| l.path.clone())
                    .unwrap_or_default()
            } else {
                self.location_filter.clone()
            };
            if !place.is_empty() {
                if ui.button("打印目录…").clicked() {
                    self.open_output(ArchiveOutput::Index(place.clone()));
                }
                if ui.button("打印盒标签…").clicked() {
                    self.open_output(ArchiveOutput::Labels(place));
                }
            }
        });
        let total = self.data.files.len();
        let shown = self.visible().len();
        ui.colored_label(
            theme::MUTED,
            if shown == total {
                format!("共 {total} 份档案")
            } else {
                format!("找到 {shown} 份（共 {total} 份）")
            },
        );
        if self.detail.is_some() {
            egui::Panel::right("archive_file_detail")
                .default_size(380.0)
                .resizable(true)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("archive_file_detail_scroll")
                        .show(ui, |ui| self.file_detail(ui, commands));
                });
        }
        if total == 0 {
            ui.label(
                "还没有档案记录：点“新建档案…”逐份登记，或用“导入目录…”导入现有的 Excel 档案目录。",
            );
            return;
        }
        const COLS: [Col; 8] = [
            Col::new("档案号", 90.0),
            Col::new("类别", 64.0),
            Col::new("题名", 160.0).up_to(280.0),
            Col::new("关联", 110.0).up_to(160.0),
            Col::new("存放位置", 120.0).up_to(200.0),
            Col::new("密级", 40.0),
            Col::num("页数", 40.0),
            Col::new("状态", 80.0),
        ];
        // Refreshed if the search changed; then borrowed, not copied, for the frame.
        self.visible();
        let visible = &self.visible;
        let files = &self.data.files;
        let now = self.now;
        let selected = files.iter().position(|f| Some(f.id) == self.selected_file);
        let out = self
            .files_table
            .show(ui, "archive_files", &COLS, visible, selected, |i, c| {
                let f = &files[i];
                match c {
                    0 => Cell::text(&f.number),
                    1 => Cell::text(&f.kind),
                    2 => Cell::clip(&f.title),
                    3 => Cell::text(f.related()),
                    4 => Cell::clip(&f.location),
                    5 => match f.secret() {
                        true => Cell::Colored(f.secrecy.clone(), theme::WARNING),
                        false => Cell::text(&f.secrecy),
                    },
                    6 => Cell::Number(f.pages.to_string(), f.pages),
                    _ => match &f.out {
                        None => Cell::Colored("在库".into(), theme::MUTED),
                        Some((_, due)) if now > *due => {
                            Cell::Colored(f.shelf_state(now), theme::ERROR)
                        }
                        Some(_) => Cell::Colored(f.shelf_state(now), theme::WARNING),
                    },
                }
            });
        if let Some(i) = out.selected.or(out.opened) {
            let id = self.data.files[i].id;
            if self.detail_id() != Some(id) {
                commands.push(ArchiveCommand::SelectFile(id).into());
            }
        }
    }

    fn file_detail(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some(d) = self.detail.clone() else {
            return;
        };
        let f = &d.file;
        ui.horizontal(|ui| {
            ui.heading(format!("档案 {}", f.number));
            if ui.small_button("关闭").clicked() {
                self.detail = None;
                self.selected_file = None;
            }
        });
        ui.label(egui::RichText::new(&f.title).strong());
        egui::Grid::new("archive_file_fields")
            .num_columns(2)
            .spacing([10.0, 4.0])
            .show(ui, |ui| {
                let mut row = |k: &str, v: String| {
                    ui.colored_label(theme::MUTED, k);
                    ui.label(if v.is_empty() { "—".to_string() } else { v });
                    ui.end_row();
                };
                row("类别", f.kind.clone());
                row(
                    if f.unit_id.is_some() {
                        "房屋"
                    } else {
                        "员工"
                    },
                    match (f.unit_id.is_some(), f.owner.is_empty()) {
                        (true, false) => format!("{}（{}）", f.related(), f.owner),
                        _ => f.related(),
                    },
                );
                row("存放位置", f.location.clone());
                row("密级", f.secrecy.clone());
                row("保管期限", f.retention.clone());
                row("页数 / 份数", format!("{} 页 / {} 份", f.pages, f.copies));
                row("形成日期", date_text(f.formed_on));
                row("归档", format!("{} {}", date_text(f.filed_on), f.filed_by));
                row("状态", f.shelf_state(self.now));
                row("备注", f.notes.clone());
            });
        let checklist = self
            .data
            .kinds
            .iter()
            .find(|k| k.name == f.kind)
            .map(|k| k.checklist.clone())
            .unwrap_or_default();
        if !checklist.is_empty() {
            ui.separator();
            let missing = crate::domain::archives::missing_documents(&checklist, &f.docs);
            for doc in &checklist {
                if missing.contains(&doc.as_str()) {
                    ui.colored_label(theme::ERROR, format!("✗ 缺 {doc}"));
                } else {
                    ui.colored_label(theme::SUCCESS, format!("✓ {doc}"));
                }
            }
            if f.kind == "业主档案" && f.unit_id.is_some() {
                ui.colored_label(theme::MUTED, "房屋的“资料完整”“已签字”以本档案的清单为准。");
            }
        }
        ui.horizontal_wrapped(|ui| {
            if self.may_manage && ui.button("修改…").clicked() {
                self.file_form = Some(FileForm::from_row(f));
            }
            if self.may_request && ui.button("申请查阅/借阅…").clicked() {
                self.request_form = Some(super::RequestForm::with_file(f, &self.operator()));
            }
            if self.may_manage && ui.button("添加扫描件…").clicked() {
                commands.push(ArchiveCommand::BrowseScan(f.id).into());
            }
        });
        if !d.scans.is_empty() {
            ui.separator();
            ui.label(format!("扫描件（{}）", d.scans.len()));
            for s in &d.scans {
                if ui.link(s.rsplit('/').next().unwrap_or(s)).clicked() {
                    commands.push(
                        ArchiveCommand::OpenScan {
                            file_id: f.id,
                            relative: s.clone(),
                        }
                        .into(),
                    );
                }
            }
        }
        if f.secret() {
            ui.separator();
            ui.colored_label(theme::WARNING, "保密档案：查看记录和打开扫描件都会登记。");
            for (at, who, what) in d.accesses.iter().take(10) {
                ui.small(format!("{} {who} {what}", at.format("%Y-%m-%d %H:%M")));
            }
        }
        let loans: Vec<String> = self
            .data
            .requests
            .iter()
            .filter(|r| r.files.iter().any(|x| x.file_id == f.id))
            .map(|r| {
                format!(
                    "{} {} {} {}",
                    r.requested_at.format("%Y-%m-%d"),
                    r.kind,
                    r.requester,
                    r.state_text(self.now)
                )
            })
            .collect();
        if !loans.is_empty() {
            ui.separator();
            ui.label("近期查阅与借阅");
            for l in loans {
                ui.small(l);
            }
        }
        ui.separator();
        ui.label(format!("更改记录（{}）", d.changes.len()));
        for c in &d.changes {
            let what = if c.old.is_empty() {
                format!("{}：{}", c.field, c.new)
            } else {
                format!("{}：{} → {}", c.field, c.old, c.new)
            };
            ui.small(format!(
                "{} {} {what}{}",
                c.at.format("%Y-%m-%d %H:%M"),
                c.by,
                if c.reason.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", c.reason)
                }
            ));
        }
    }

    pub(super) fn file_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(mut f) = self.file_form.take() else {
            return;
        };
        let kinds: Vec<String> = self.data.kinds.iter().map(|k| k.name.clone()).collect();
        let checklist = self
            .data
            .kinds
            .iter()
            .find(|k| k.name == f.kind)
            .map(|k| k.checklist.clone())
            .unwrap_or_default();
        let secrecies: Vec<&str> = Secrecy::ALL.iter().map(|s| s.as_str()).collect();
        let retentions: Vec<&str> = std::iter::once("")
            .chain(Retention::ALL.iter().map(|r| r.as_str()))
            .collect();
        let staff: Vec<String> = std::iter::once(String::new())
            .chain(self.data.staff.iter().map(|s| s.name.clone()))
            .collect();
        let matched = crate::views::charging::unit_matches(&self.data.units, &f.unit, 1)
            .first()
            .map(|u| (u.id, format!("{} {}", u.label, u.owner)));
        let editing = f.id.is_some();
        let mut go = false;
        let title = if editing {
            "修改档案"
        } else {
            "新建档案"
        };
        let close = dialog(ctx, title, |ui| {
            egui::ScrollArea::vertical()
                .max_height(ctx.content_rect().height() - 160.0)
                .show(ui, |ui| {
                    egui::Grid::new("archive_file_form")
                        .num_columns(2)
                        .show(ui, |ui| {
                            labelled_field(ui, "档案号", &mut f.number, "如 YZ-0001");
                            crate::ui::choice(ui, "类别", &mut f.kind, &kinds, "请选择");
                            labelled_field(ui, "题名", &mut f.title, "");
                            labelled_field(ui, "房屋", &mut f.unit, "10-1-1201，可空");
                            ui.label("");
                            match &matched {
                                Some((_, label)) => {
                                    ui.colored_label(theme::SUCCESS, format!("→ {label}"))
                                }
                                None if !f.unit.trim().is_empty() => {
                                    ui.colored_label(theme::ERROR, "没有找到这户")
                                }
                                None => ui.label(""),
                            };
                            ui.end_row();
                            crate::ui::choice(ui, "员工", &mut f.staff, &staff, "无");
                            labelled_field(
                                ui,
                                "存放位置",
                                &mut f.location,
                                "档案室/A柜/第1层/01盒",
                            );
                            crate::ui::choice(ui, "密级", &mut f.secrecy, &secrecies, "普通");
                            crate::ui::choice(
                                ui,
                                "保管期限",
                                &mut f.retention,
                                &retentions,
                                "按类别",
                            );
                            labelled_field(ui, "页数", &mut f.pages, "");
                            labelled_field(ui, "份数", &mut f.copies, "默认 1");
                            labelled_field(ui, "形成日期", &mut f.formed_on, "2026-11-24");
                            labelled_field(ui, "归档日期", &mut f.filed_on, "2026-11-24");
                            labelled_field(ui, "立卷人", &mut f.filed_by, "");
                            labelled_field(ui, "备注", &mut f.notes, "");
                        });
                    if !checklist.is_empty() {
                        ui.label(format!("{}应有的文件（勾选已归档的）", f.kind));
                        ui.horizontal_wrapped(|ui| {
                            for doc in &checklist {
                                let mut has = f.docs.contains(doc);
                                if ui.checkbox(&mut has, doc.as_str()).changed() {
                                    if has {
                                        f.docs.push(doc.clone());
                                    } else {
                                        f.docs.retain(|d| d != doc);
                                    }
                                }
                            }
                        });
                    }
                    if editing {
                        egui::Grid::new("archive_file_reason")
                            .num_columns(2)
                            .show(ui, |ui| {
                                labelled_field(ui, "修改原因", &mut f.reason, "必填，记入更改记录");
                            });
                    }
                });
            if let Some(e) = &f.error {
                ui.colored_label(theme::ERROR, e);
            }
            let mut cancel = false;
            ui.horizontal(|ui| {
                if ui.button("保存").clicked() {
                    go = true;
                }
                if ui.button("取消").clicked() {
                    cancel = true;
                }
            });
            cancel
        });
        if go {
            match self.file_input(&f, matched.map(|m| m.0)) {
                Ok(input) => {
                    f.error = None;
                    commands.push(
                        match f.id {
                            Some(id) => ArchiveCommand::UpdateFile {
                                id,
                                input,
                                reason: f.reason.clone(),
                            },
                            None => ArchiveCommand::AddFile(input),
                        }
                        .into(),
                    );
                }
                Err(e) => f.error = Some(e),
            }
        }
        if !close {
            self.file_form = Some(f);
        }
    }

    fn file_input(&self, f: &FileForm, unit: Option<i64>) -> Result<FileInput, String> {
        if unit.is_none() && !f.unit.trim().is_empty() {
            return Err(format!("没有找到房屋“{}”。", f.unit.trim()));
        }
        let staff_id = if f.staff.is_empty() {
            None
        } else {
            self.data
                .staff
                .iter()
                .find(|s| s.name == f.staff)
                .map(|s| s.id)
                .or(self.detail.as_ref().and_then(|d| {
                    (d.file.staff == f.staff)
                        .then_some(d.file.staff_id)
                        .flatten()
                }))
        };
        Ok(FileInput {
            number: f.number.clone(),
            kind: f.kind.clone(),
            title: f.title.clone(),
            unit_id: unit,
            staff_id,
            location: f.location.clone(),
            secrecy: Secrecy::parse(&f.secrecy),
            retention: Retention::parse(&f.retention),
            pages: count("页数", &f.pages, 0)?,
            copies: count("份数", &f.copies, 1)?,
            formed_on: opt_date("形成日期", &f.formed_on)?,
            filed_on: opt_date("归档日期", &f.filed_on)?,
            filed_by: f.filed_by.clone(),
            notes: f.notes.clone(),
            docs: f.docs.clone(),
        })
    }
}
