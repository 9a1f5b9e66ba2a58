//! 房屋与业主: the unit table with search as you type, the add/edit form, move-out, import
//! preview, and printing a building's roster.

use crate::app::Command;
use crate::db::estate::{UnitEvent, UnitRow};
use crate::domain::date::{iso, parse_date};
use crate::domain::estate::{OccupantDraft, OccupantRole, UnitDraft, UnitState, Usage};
use crate::domain::person::mask_id_number;
use crate::domain::search::{Query, SearchKey};
use crate::io::units::UnitsPreview;
use crate::ui::table::{Cell, Col, Sort, Table};
use crate::ui::{
    ImportAction, PathAction, dialog, import_dialog, labelled_field, path_dialog, theme,
};
use crate::ui::{PathForm, choice, form_footer, path_error};
use std::path::PathBuf;

/// A unit as the other modules see it: what it owes and the keys the office holds for it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitLinks {
    pub owed: Vec<crate::domain::charging::OpenLine>,
    pub keys: Vec<crate::db::keys::KeyRow>,
    /// The front desk's records of the unit, newest first.
    pub visits: Vec<crate::db::visits::VisitRow>,
    pub complaints: Vec<crate::db::complaints::ComplaintRow>,
    pub repairs: Vec<crate::db::repairs::RepairRow>,
    /// The unit's archive files (its owner's file decides the 资料完整/已签字 flags).
    pub archives: Vec<crate::db::archives::FileRow>,
    /// The unit's entries in the 操作日志 (who changed it, took money for it…), newest first.
    pub log: Vec<crate::db::audit::Entry>,
    /// 按户收费: its subscriptions (rented parking spaces…), newest first.
    pub subscriptions: Vec<crate::db::charging::SubscriptionRow>,
    /// The items billed 按户 (id, name), for 新增按户收费….
    pub household_items: Vec<(i64, String)>,
}

pub struct UnitForm {
    pub id: Option<i64>,
    pub draft: UnitDraft,
    pub errors: Vec<String>,
    /// The owner's ID number as stored (the draft shows it masked).
    pub original_id: String,
}

pub struct MoveOutForm {
    pub unit_id: i64,
    pub label: String,
    pub date: String,
    pub error: Option<String>,
}

pub struct OccupantForm {
    pub unit_id: i64,
    pub label: String,
    pub draft: OccupantDraft,
    pub errors: Vec<String>,
}

/// Step two of an import of units.
pub type ImportState = crate::ui::ImportState<UnitsPreview>;

pub struct UnitsView {
    /// This frame's moment, from the app's clock (the view never reads the wall clock).
    pub now: chrono::NaiveDateTime,
    rows: Vec<UnitRow>,
    keys: Vec<SearchKey>,
    visible: Vec<usize>,
    pub query: String,
    filtered_for: Option<String>,
    /// The table, sorted by 楼栋 (then entrance and room, the rows' own order) until a header is clicked.
    table: Table,
    selected: Option<i64>,
    detail: Option<(UnitRow, Vec<UnitEvent>)>,
    /// What the other modules know about the unit in the panel.
    detail_links: UnitLinks,
    /// The signed-in user may change units and owners (no users: yes); else the buttons
    /// that write are hidden.
    pub may_edit: bool,
    /// The signed-in manager may look at an owner's full ID number (logged).
    pub may_unmask: bool,
    /// The signed-in user takes payments, and so registers 按户收费 (no users: yes).
    pub may_subscribe: bool,
    pub subscription: Option<super::subscription::SubscriptionForm>,
    pub ending: Option<super::subscription::EndForm>,
    /// The unit whose owner's full ID number the manager asked to see, and the number.
    pub revealed: Option<(i64, String)>,
    buildings: Vec<String>,
    roster_building: String,
    pub form: Option<UnitForm>,
    pub moveout: Option<MoveOutForm>,
    pub occupant: Option<OccupantForm>,
    /// Step one of an import: which file. Typed, pasted, or picked with 浏览….
    pub import_file: Option<PathForm>,
    pub import: Option<ImportState>,
    /// Printing the roster of the building in `kind`.
    pub print: Option<PathForm<String>>,
    pub stale: bool,
}

impl Default for UnitsView {
    fn default() -> Self {
        UnitsView {
            // Set by the app from its clock before every frame.
            now: chrono::NaiveDateTime::default(),
            rows: Vec::new(),
            keys: Vec::new(),
            visible: Vec::new(),
            query: String::new(),
            filtered_for: None,
            table: Table::new(Some(Sort::by(0))).with_keyboard(),
            selected: None,
            detail: None,
            detail_links: UnitLinks::default(),
            may_edit: true,
            may_unmask: false,
            may_subscribe: true,
            subscription: None,
            ending: None,
            revealed: None,
            buildings: Vec::new(),
            roster_building: String::new(),
            form: None,
            moveout: None,
            occupant: None,
            import_file: None,
            import: None,
            print: None,
            stale: true,
        }
    }
}

fn key_of(u: &UnitRow) -> SearchKey {
    let mut k = SearchKey::new(&u.building, &u.entrance, &u.room);
    for p in &u.occupants {
        k.add_person(&p.name, &[&p.phone, &p.phone2]);
    }
    k
}

fn owner_id(u: &UnitRow) -> String {
    u.owner().map(|p| p.id_number.clone()).unwrap_or_default()
}

fn draft_of(u: &UnitRow) -> UnitDraft {
    let owner = u.owner();
    UnitDraft {
        building: u.building.clone(),
        entrance: u.entrance.clone(),
        room: u.room.clone(),
        area: u.area.to_string(),
        usage: u.usage.to_string(),
        state: u.state.to_string(),
        notes: u.notes.clone(),
        owner_name: owner.map(|p| p.name.clone()).unwrap_or_default(),
        phone: owner.map(|p| p.phone.clone()).unwrap_or_default(),
        phone2: owner.map(|p| p.phone2.clone()).unwrap_or_default(),
        // Shown masked to everyone; left as shown, the stored number is kept.
        id_number: owner
            .map(|p| mask_id_number(&p.id_number))
            .unwrap_or_default(),
        move_in: owner.and_then(|p| p.move_in).map(iso).unwrap_or_default(),
        special_care: owner.map(|p| p.special_care.clone()).unwrap_or_default(),
        file_complete: owner.is_some_and(|p| p.file_complete),
        file_signed: owner.is_some_and(|p| p.file_signed),
    }
}

impl UnitsView {
    pub fn rows(&self) -> &[UnitRow] {
        &self.rows
    }

    /// Indices into `rows` of what the table shows now (search and sort applied).
    pub fn visible_rows(&self) -> Vec<&UnitRow> {
        self.table
            .shown(&self.visible)
            .iter()
            .map(|i| &self.rows[*i])
            .collect()
    }

    pub fn set_rows(&mut self, rows: Vec<UnitRow>, buildings: Vec<String>) {
        self.keys = rows.iter().map(key_of).collect();
        self.rows = rows;
        if !buildings.contains(&self.roster_building) {
            self.roster_building = buildings.first().cloned().unwrap_or_default();
        }
        self.buildings = buildings;
        self.filtered_for = None;
        self.table.invalidate();
        self.refilter();
    }

    pub fn select(&mut self, id: i64) {
        self.selected = Some(id);
    }

    /// The unit shown in the detail panel.
    pub fn detail(&self) -> Option<&UnitRow> {
        self.detail.as_ref().map(|(u, _)| u)
    }

    pub fn set_detail(&mut self, unit: UnitRow, history: Vec<UnitEvent>, links: UnitLinks) {
        if self.revealed.as_ref().is_some_and(|(id, _)| *id != unit.id) {
            self.revealed = None;
        }
        self.selected = Some(unit.id);
        self.detail = Some((unit, history));
        self.detail_links = links;
    }

    /// The unit the panel shows and its name in the log, for re-reading its log entries.
    pub fn detail_id(&self) -> Option<i64> {
        self.detail.as_ref().map(|(u, _)| u.id)
    }

    pub fn set_log(&mut self, log: Vec<crate::db::audit::Entry>) {
        self.detail_links.log = log;
    }

    pub fn detail_links(&self) -> &UnitLinks {
        &self.detail_links
    }

    pub fn close_dialogs(&mut self) {
        self.form = None;
        self.moveout = None;
        self.occupant = None;
    }

    pub fn form_error(&mut self, message: String) {
        if let Some(f) = &mut self.form {
            f.errors = vec![message];
        } else if let Some(m) = &mut self.moveout {
            m.error = Some(message);
        } else if let Some(o) = &mut self.occupant {
            o.errors = vec![message];
        }
    }

    pub fn set_import_file_error(&mut self, message: String) {
        path_error(&mut self.import_file, message);
    }

    pub fn open_print(&mut self, building: String, path: PathBuf) {
        self.print = Some(PathForm::new(building, &path));
    }

    pub fn set_print_path(&mut self, path: PathBuf) {
        if let Some(p) = &mut self.print {
            p.path = path.display().to_string();
        }
    }

    pub fn set_print_error(&mut self, message: String) {
        if let Some(p) = &mut self.print {
            p.error = Some(message);
        }
    }

    pub fn set_import_preview(&mut self, path: PathBuf, preview: UnitsPreview) {
        self.import_file = None;
        self.import = Some(ImportState {
            path,
            preview,
            extra: (),
            error: None,
        });
    }

    pub fn set_import_error(&mut self, message: String) {
        if let Some(i) = &mut self.import {
            i.error = Some(message);
        }
    }

    fn refilter(&mut self) {
        if self.filtered_for.as_deref() == Some(self.query.as_str()) {
            return;
        }
        let query = Query::new(&self.query);
        self.visible = (0..self.rows.len())
            .filter(|i| self.keys[*i].matches_query(&query))
            .collect();
        self.filtered_for = Some(self.query.clone());
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        self.toolbar(ui, commands);
        ui.separator();
        if self.detail.is_some() {
            egui::Panel::right("unit_detail")
                .default_size(320.0)
                .resizable(true)
                .show(ui, |ui| self.detail_ui(ui, commands));
        }
        self.table(ui, commands);
        self.form_window(ui.ctx(), commands);
        self.moveout_window(ui.ctx(), commands);
        self.occupant_window(ui.ctx(), commands);
        self.import_file_window(ui.ctx(), commands);
        self.import_window(ui.ctx(), commands);
        self.print_window(ui.ctx(), commands);
        if let Some(f) = &mut self.subscription
            && f.window(ui.ctx(), commands)
        {
            self.subscription = None;
        }
        if let Some(f) = &mut self.ending
            && f.window(ui.ctx(), commands)
        {
            self.ending = None;
        }
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let r = crate::ui::search_field(
                ui,
                &mut self.query,
                "房号 1201、10-1-1201、姓名、拼音首字母 zs、电话尾号",
                430.0,
            );
            if r.changed() {
                self.refilter();
            }
            ui.label(
                egui::RichText::new(format!("{} / {} 户", self.visible.len(), self.rows.len()))
                    .color(theme::MUTED),
            );
            ui.separator();
            if self.may_edit && ui.button("新增房屋").clicked() {
                self.form = Some(UnitForm {
                    id: None,
                    draft: UnitDraft::default(),
                    errors: Vec::new(),
                    original_id: String::new(),
                });
            }
            if self.may_edit && ui.button("导入…").clicked() {
                self.import_file = Some(PathForm::empty());
            }
            ui.separator();
            let l = ui.label("清册楼栋");
            egui::ComboBox::from_id_salt("roster_building")
                .selected_text(if self.roster_building.is_empty() {
                    "选择楼栋"
                } else {
                    self.roster_building.as_str()
                })
                .show_ui(ui, |ui| {
                    for b in &self.buildings {
                        ui.selectable_value(&mut self.roster_building, b.clone(), b);
                    }
                })
                .response
                .labelled_by(l.id);
            let can_print = !self.roster_building.is_empty();
            if ui
                .add_enabled(can_print, egui::Button::new("打印房屋清册…"))
                .clicked()
            {
                commands.push(Command::PrintRoster {
                    building: self.roster_building.clone(),
                });
            }
        });
    }

    fn table(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if self.rows.is_empty() {
            ui.add_space(20.0);
            ui.label("还没有房屋。点“新增房屋”逐户录入，或点“导入…”从 Excel/CSV 批量导入。");
            return;
        }
        if self.visible.is_empty() {
            ui.add_space(20.0);
            ui.label(format!("没有找到与“{}”匹配的房屋或业主。", self.query));
            return;
        }
        const COLS: [Col; 11] = [
            Col::new("楼栋", 70.0),
            Col::new("单元", 50.0),
            Col::new("房号", 60.0),
            Col::num("收费面积㎡", 100.0),
            Col::new("用途", 50.0),
            Col::new("状态", 60.0),
            Col::new("业主", 80.0),
            Col::new("联系电话", 110.0),
            Col::new("身份证号", 170.0),
            Col::new("入住日期", 95.0),
            Col::new("特别关照", 120.0),
        ];
        let selected = self
            .selected
            .and_then(|id| self.rows.iter().position(|u| u.id == id));
        let out = self.table.show(
            ui,
            "units_table",
            &COLS,
            &self.visible,
            selected,
            |i, column| unit_cell(&self.rows[i], column),
        );
        if let Some(i) = out.selected {
            let id = self.rows[i].id;
            self.selected = Some(id);
            commands.push(Command::SelectUnit(id));
        }
        if let Some(i) = out.opened.filter(|_| self.may_edit) {
            let u = &self.rows[i];
            self.form = Some(UnitForm {
                id: Some(u.id),
                draft: draft_of(u),
                errors: Vec::new(),
                original_id: owner_id(u),
            });
        }
    }

    fn detail_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some((u, history)) = &self.detail else {
            return;
        };
        ui.heading(u.label());
        ui.label(format!(
            "收费面积 {} ㎡ · {} · {}",
            u.area, u.usage, u.state
        ));
        if !u.notes.is_empty() {
            ui.label(format!("备注：{}", u.notes));
        }
        ui.horizontal(|ui| {
            if self.may_edit && ui.button("编辑").clicked() {
                self.form = Some(UnitForm {
                    id: Some(u.id),
                    draft: draft_of(u),
                    errors: Vec::new(),
                    original_id: owner_id(u),
                });
            }
            if self.may_edit && ui.button("登记使用人").clicked() {
                self.occupant = Some(OccupantForm {
                    unit_id: u.id,
                    label: u.label(),
                    draft: OccupantDraft::default(),
                    errors: Vec::new(),
                });
            }
            if self.may_edit && !u.occupants.is_empty() && ui.button("办理迁出").clicked() {
                self.moveout = Some(MoveOutForm {
                    unit_id: u.id,
                    label: u.label(),
                    date: iso(self.now.date()),
                    error: None,
                });
            }
        });
        ui.separator();
        ui.strong("在住人员");
        if u.occupants.is_empty() {
            ui.label("无");
        }
        for p in &u.occupants {
            ui.group(|ui| {
                let role = match p.role {
                    OccupantRole::Owner => "业主",
                    OccupantRole::Occupant => "使用人",
                };
                ui.label(format!("{role}：{}", p.name));
                if !p.phone.is_empty() {
                    ui.label(format!("电话：{} {}", p.phone, p.phone2));
                }
                if !p.id_number.is_empty() {
                    let shown = self
                        .revealed
                        .as_ref()
                        .filter(|(id, full)| *id == u.id && *full == p.id_number);
                    ui.horizontal(|ui| {
                        match shown {
                            Some((_, full)) => ui.label(format!("身份证号：{full}")),
                            None => ui.label(format!("身份证号：{}", mask_id_number(&p.id_number))),
                        };
                        if self.may_unmask
                            && shown.is_none()
                            && p.role == OccupantRole::Owner
                            && ui.small_button("查看完整号码").clicked()
                        {
                            commands.push(Command::RevealOwnerId(u.id));
                        }
                    });
                }
                if let Some(d) = p.move_in {
                    ui.label(format!("入住日期：{}", iso(d)));
                }
                if !p.special_care.is_empty() {
                    ui.colored_label(theme::WARNING, format!("特别关照：{}", p.special_care));
                }
                if p.file_complete && p.file_signed {
                    ui.label("业主资料：完整，已签字");
                } else {
                    let mut missing = Vec::new();
                    if !p.file_complete {
                        missing.push("资料不完整");
                    }
                    if !p.file_signed {
                        missing.push("未签字");
                    }
                    ui.colored_label(theme::WARNING, format!("业主资料：{}", missing.join("，")));
                }
            });
        }
        ui.separator();
        let links = &self.detail_links;
        ui.horizontal_wrapped(|ui| {
            ui.strong("收费");
            let owed: i64 = links.owed.iter().map(|l| l.due_fen - l.paid_fen).sum();
            if links.owed.is_empty() {
                ui.colored_label(theme::SUCCESS, "无欠费");
            } else {
                let oldest = links.owed.iter().map(|l| l.period).min();
                ui.colored_label(
                    theme::ERROR,
                    format!(
                        "欠费 ¥{}（{} 笔{}）",
                        crate::domain::money::Money(owed).grouped(),
                        links.owed.len(),
                        oldest.map(|p| format!("，最早 {p}")).unwrap_or_default()
                    ),
                );
            }
            if ui.button("去收款").clicked() {
                commands.push(Command::CollectFrom(u.id));
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.strong("钥匙");
            if links.keys.is_empty() {
                ui.label("管理处未存此户钥匙");
            }
            for k in &links.keys {
                let state = crate::domain::keys::state_text(
                    k.state,
                    k.loan.as_ref().map(|l| l.due_at),
                    self.now,
                );
                let holder = k
                    .loan
                    .as_ref()
                    .map(|l| format!("，{}", l.borrower))
                    .unwrap_or_default();
                ui.label(format!("{} {}（{state}{holder}）", k.tag, k.label()));
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.strong("客户服务");
            ui.label(format!(
                "走访 {} 次，投诉 {} 件，报修 {} 件",
                links.visits.len(),
                links.complaints.len(),
                links.repairs.len()
            ));
            if ui.button("去登记走访").clicked() {
                commands.push(Command::VisitFrom(u.id));
            }
        });
        let mut recent: Vec<(chrono::NaiveDateTime, String)> = Vec::new();
        recent.extend(links.visits.iter().take(3).map(|v| {
            (
                v.at,
                format!(
                    "{} 走访（{}，{}）{}",
                    v.at.format("%Y-%m-%d"),
                    v.kind,
                    v.staff,
                    v.content
                ),
            )
        }));
        recent.extend(links.complaints.iter().take(3).map(|c| {
            (
                c.times.received,
                format!(
                    "{} 投诉：{}{}",
                    c.times.received.format("%Y-%m-%d"),
                    c.content,
                    if c.times.revisited.is_some() {
                        "（已回访）"
                    } else {
                        "（处理中）"
                    }
                ),
            )
        }));
        recent.extend(links.repairs.iter().take(3).map(|r| {
            (
                r.reported,
                format!(
                    "{} 报修：{}（{}）",
                    r.reported.format("%Y-%m-%d"),
                    r.content,
                    r.state
                ),
            )
        }));
        // 按户收费: what the household rents, each running one with 结束…, and 新增按户收费….
        let month = crate::domain::period::Period::of(self.now.date());
        let mut start_new = None;
        let mut end_this = None;
        if !links.subscriptions.is_empty() || !links.household_items.is_empty() {
            ui.horizontal(|ui| {
                ui.strong("按户收费");
                if links.subscriptions.is_empty() {
                    ui.label("无");
                }
                if self.may_subscribe && ui.button("新增按户收费…").clicked() {
                    start_new = Some((u.id, u.label(), links.household_items.clone()));
                }
            });
            // One line each: what, its rate, its months; a running one can be ended.
            for sub in &links.subscriptions {
                let rate = sub
                    .rate_e4
                    .map(|r| format!(" {} 元/月", crate::domain::charging::rate_text(r)))
                    .unwrap_or_default();
                let ended = sub.end.is_some_and(|e| e < month);
                let text = format!("{} {}{rate}（{}）", sub.item, sub.what(), sub.span_text());
                ui.horizontal_wrapped(|ui| {
                    if ended {
                        ui.colored_label(theme::MUTED, text);
                    } else {
                        ui.label(text);
                        if self.may_subscribe && ui.small_button("结束…").clicked() {
                            end_this = Some(sub.clone());
                        }
                    }
                });
            }
        }
        ui.horizontal_wrapped(|ui| {
            ui.strong("档案");
            if links.archives.is_empty() {
                ui.label("无");
            }
            for f in &links.archives {
                if ui.link(format!("{} {}", f.number, f.kind)).clicked() {
                    commands.push(Command::ShowFile(f.id));
                }
            }
        });
        recent.sort_by_key(|r| std::cmp::Reverse(r.0));
        for (_, line) in recent.iter().take(5) {
            ui.add(egui::Label::new(egui::RichText::new(line).color(theme::MUTED)).truncate());
        }
        ui.separator();
        ui.strong("变动记录");
        egui::ScrollArea::vertical()
            .id_salt("history")
            .show(ui, |ui| {
                for e in history.iter().rev() {
                    ui.label(format!("{} 【{}】{}", e.at, e.kind, e.detail));
                }
                if !links.log.is_empty() {
                    ui.add_space(4.0);
                    ui.strong("操作日志");
                    for e in &links.log {
                        let mut line = format!("{} {} 【{}】{}", e.at, e.who, e.kind, e.what);
                        if !e.changes.is_empty() {
                            line.push_str(&format!("（{}）", e.changes));
                        }
                        if !e.reason.is_empty() {
                            line.push_str(&format!(" 原因：{}", e.reason));
                        }
                        ui.label(line);
                    }
                }
            });
        if let Some((unit_id, label, items)) = start_new {
            self.subscription = Some(super::subscription::SubscriptionForm::new(
                unit_id, label, items, month,
            ));
        }
        if let Some(sub) = end_this {
            self.ending = Some(super::subscription::EndForm::new(sub, month));
        }
    }

    fn form_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let today = self.now.date();
        let owner_file = self
            .detail_links
            .archives
            .iter()
            .find(|f| {
                f.kind == "业主档案"
                    && f.unit_id.is_some()
                    && f.unit_id == self.form.as_ref().and_then(|f| f.id)
            })
            .map(|f| f.number.clone());
        let Some(form) = &mut self.form else { return };
        let title = if form.id.is_some() {
            "编辑房屋"
        } else {
            "新增房屋"
        };
        let close = dialog(ctx, title, |ui| {
            let d = &mut form.draft;
            egui::Grid::new("unit_form")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    labelled_field(ui, "楼栋", &mut d.building, "如 10号楼（可只写 10）");
                    labelled_field(ui, "单元", &mut d.entrance, "如 1单元，可空");
                    labelled_field(ui, "房号", &mut d.room, "如 1201");
                    labelled_field(ui, "收费面积", &mut d.area, "平方米，两位小数，如 89.50");
                    let usages: Vec<&str> = Usage::ALL.iter().map(|u| u.as_str()).collect();
                    choice(ui, "用途", &mut d.usage, &usages, "住宅");
                    let states: Vec<&str> = UnitState::ALL.iter().map(|s| s.as_str()).collect();
                    choice(ui, "状态", &mut d.state, &states, "（按是否有业主）");
                    labelled_field(ui, "业主姓名", &mut d.owner_name, "无业主可空");
                    labelled_field(ui, "联系电话", &mut d.phone, "手机或座机");
                    labelled_field(ui, "备用电话", &mut d.phone2, "");
                    labelled_field(ui, "身份证号", &mut d.id_number, "18 位");
                    labelled_field(ui, "入住日期", &mut d.move_in, "如 2023-03-05");
                    labelled_field(ui, "特别关照", &mut d.special_care, "如 独居老人");
                    labelled_field(ui, "备注", &mut d.notes, "");
                    ui.label("业主资料");
                    ui.horizontal(|ui| {
                        let free = owner_file.is_none();
                        ui.add_enabled(free, egui::Checkbox::new(&mut d.file_complete, "资料完整"));
                        ui.add_enabled(free, egui::Checkbox::new(&mut d.file_signed, "已签字"));
                        if let Some(n) = &owner_file {
                            ui.colored_label(theme::MUTED, format!("以业主档案 {n} 的清单为准"));
                        }
                    });
                    ui.end_row();
                });
            let (saved, cancel) = form_footer(
                ui,
                &mut form.errors,
                "保存",
                || {
                    let mut draft = form.draft.clone();
                    draft.id_number = crate::domain::person::unmask_if_unchanged(
                        &draft.id_number,
                        &form.original_id,
                    );
                    draft.validate().and_then(|i| {
                        crate::domain::person::born_by(
                            i,
                            |i| i.owner.as_ref().map(|o| o.id_number.as_str()),
                            today,
                        )
                    })
                },
                |_| {},
            );
            if let Some(input) = saved {
                commands.push(match form.id {
                    Some(id) => Command::UpdateUnit(id, input),
                    None => Command::CreateUnit(input),
                });
            }
            cancel
        });
        if close {
            self.form = None;
        }
    }

    fn occupant_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let today = self.now.date();
        let Some(f) = &mut self.occupant else { return };
        let close = dialog(ctx, "登记使用人", |ui| {
            ui.label(format!("房屋：{}", f.label));
            ui.label("租户、亲属等实际居住人，登记后与业主一同显示。");
            egui::Grid::new("occupant").num_columns(2).show(ui, |ui| {
                labelled_field(ui, "姓名", &mut f.draft.name, "");
                labelled_field(ui, "联系电话", &mut f.draft.phone, "");
                labelled_field(ui, "身份证号", &mut f.draft.id_number, "可空");
                labelled_field(ui, "入住日期", &mut f.draft.move_in, "如 2026-11-23");
            });
            let (saved, cancel) = form_footer(
                ui,
                &mut f.errors,
                "登记",
                || {
                    f.draft.validate().and_then(|p| {
                        crate::domain::person::born_by(p, |p| Some(p.id_number.as_str()), today)
                    })
                },
                |_| {},
            );
            if let Some(person) = saved {
                commands.push(Command::AddOccupant {
                    unit_id: f.unit_id,
                    person,
                });
            }
            cancel
        });
        if close {
            self.occupant = None;
        }
    }

    fn import_file_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(f) = &mut self.import_file else {
            return;
        };
        match path_dialog(
            ctx,
            "选择导入文件",
            "Excel（.xlsx）或 CSV（UTF-8 / GB18030）文件，列名：楼栋、单元、房号、收费面积……",
            "文件路径",
            &mut f.path,
            f.error.as_deref(),
            "预览",
        ) {
            PathAction::None | PathAction::Print(_) => {}
            PathAction::Browse => commands.push(Command::BrowseImportFile),
            PathAction::Go(path) => {
                f.error = None;
                commands.push(Command::PreviewImport(path));
            }
            PathAction::Close => self.import_file = None,
        }
    }

    fn print_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(p) = &mut self.print else { return };
        match crate::ui::print_dialog(
            ctx,
            "打印房屋清册",
            &format!("楼栋：{}", p.kind),
            &mut p.path,
            p.error.as_deref(),
        ) {
            PathAction::Browse => commands.push(Command::BrowsePdf {
                suggested: format!("{}房屋清册.pdf", p.kind),
            }),
            PathAction::Close => self.print = None,
            a => super::print_or_save(a, commands, |path| Command::PrintRosterTo {
                building: p.kind.clone(),
                path,
            }),
        }
    }

    fn moveout_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(m) = &mut self.moveout else { return };
        let close = dialog(ctx, "办理迁出", |ui| {
            let mut cancel = false;
            ui.label(format!("房屋：{}", m.label));
            ui.label("迁出后在住人员的记录保留为历史，房屋状态改为空置。");
            egui::Grid::new("moveout").num_columns(2).show(ui, |ui| {
                labelled_field(ui, "迁出日期", &mut m.date, "如 2026-11-23");
            });
            if let Some(e) = &m.error {
                ui.colored_label(theme::ERROR, e);
            }
            ui.horizontal(|ui| {
                if ui.button("确认迁出").clicked() {
                    match parse_date(&m.date) {
                        Ok(date) => commands.push(Command::MoveOut {
                            unit_id: m.unit_id,
                            date,
                        }),
                        Err(e) => m.error = Some(format!("迁出日期：{e}")),
                    }
                }
                if ui.button("取消").clicked() {
                    cancel = true;
                }
            });
            cancel
        });
        if close {
            self.moveout = None;
        }
    }

    fn import_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(state) = &self.import else { return };
        match import_dialog(
            ctx,
            "导入房屋与业主",
            &state.preview,
            "户",
            state.error.as_deref(),
            |_| {},
        ) {
            ImportAction::None => {}
            ImportAction::Import => commands.push(Command::StartImport(state.path.clone())),
            ImportAction::Close => self.import = None,
        }
    }
}

/// What a cell of the units table shows.
fn unit_cell(u: &UnitRow, column: usize) -> Cell {
    let owner = u.contact();
    match column {
        0 => Cell::text(&u.building),
        1 => Cell::text(&u.entrance),
        2 => Cell::text(&u.room),
        3 => Cell::Number(u.area.to_string(), u.area.hundredths()),
        4 => Cell::text(u.usage.as_str()),
        5 => Cell::Colored(
            u.state.as_str().to_string(),
            match u.state {
                UnitState::Occupied => theme::SUCCESS,
                UnitState::Decorating => theme::WARNING,
                _ => theme::MUTED,
            },
        ),
        6 => {
            let mut names: Vec<&str> = u.occupants.iter().map(|p| p.name.as_str()).collect();
            names.dedup();
            Cell::Text(names.join("、"))
        }
        7 => Cell::text(owner.map(|p| p.phone.as_str()).unwrap_or("")),
        8 => Cell::Text(
            owner
                .map(|p| mask_id_number(&p.id_number))
                .unwrap_or_default(),
        ),
        9 => Cell::Date(owner.and_then(|p| p.move_in)),
        // The whole note on hover; the column stays inside the window.
        _ => match owner.filter(|p| !p.special_care.is_empty()) {
            Some(p) => Cell::Clip(p.special_care.clone(), theme::WARNING),
            None => Cell::Empty,
        },
    }
}
