//! 钥匙管理: the counter (lend and return with the keyboard alone), overdue keys at the top,
//! and the tabs for the catalogue, the register and the handover count (in `keys_tabs`).

use crate::app::{Command, KeyCommand};
use crate::db::keys::{CountSummary, Deposit, KeyEvent, KeyRow, LoanRow};
use crate::db::staff::StaffRow;
use crate::domain::keys::{KeyDraft, KeyState, LoanDraft, overdue_by, overdue_label};
use crate::domain::search::{Query, SearchKey, StaffKey};
use crate::io::keys::KeysPreview;
use crate::ui::{PathForm, labelled_field, path_error, theme};
use chrono::{NaiveDate, NaiveDateTime};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeysTab {
    Counter,
    Catalogue,
    Register,
    Count,
}

impl KeysTab {
    const ALL: [KeysTab; 4] = [
        KeysTab::Counter,
        KeysTab::Catalogue,
        KeysTab::Register,
        KeysTab::Count,
    ];

    fn label(self) -> &'static str {
        match self {
            KeysTab::Counter => "借还",
            KeysTab::Catalogue => "钥匙清册",
            KeysTab::Register => "借还记录",
            KeysTab::Count => "交接班盘点",
        }
    }
}

/// Everything the screen shows, loaded by `App` in one go.
pub struct KeysData {
    pub keys: Vec<KeyRow>,
    /// Active staff, for picking a borrower.
    pub staff: Vec<StaffRow>,
    pub counts: Vec<CountSummary>,
    pub custodian: String,
    pub now: NaiveDateTime,
    /// The shift changes that set a loan's default due time.
    pub shifts: crate::domain::keys::Shifts,
}

/// The counter's lend form.
#[derive(Default)]
pub struct LendForm {
    pub tag: String,
    pub draft: LoanDraft,
    pub error: Option<String>,
}

#[derive(Default)]
pub struct ReturnForm {
    pub tag: String,
    pub error: Option<String>,
}

pub struct KeyForm {
    pub id: Option<i64>,
    pub draft: KeyDraft,
    pub errors: Vec<String>,
}

pub struct ChangeForm {
    pub key_id: i64,
    pub change: crate::app::KeyChange,
    pub label: String,
    pub note: String,
    pub error: Option<String>,
}

pub struct DepositForm {
    pub key_id: i64,
    pub label: String,
    pub date: String,
    pub deposited_by: String,
    pub witness: String,
    pub sealed: bool,
    pub notes: String,
    pub error: Option<String>,
}

/// Step two of a catalogue import.
pub type ImportState = crate::ui::ImportState<KeysPreview>;

/// The handover count being taken.
#[derive(Default)]
pub struct CountForm {
    pub outgoing: String,
    pub incoming: String,
    /// Keys ticked as on their hooks.
    pub found: std::collections::BTreeSet<i64>,
    /// A tag found on a hook although the ledger says it is out.
    pub extra_tag: String,
    pub notes: String,
    pub error: Option<String>,
}

pub struct KeyDetail {
    pub key: KeyRow,
    pub events: Vec<KeyEvent>,
    pub loans: Vec<LoanRow>,
    pub deposits: Vec<Deposit>,
}

pub struct KeysView {
    /// The signed-in user's role may lend, return and change keys (no users: yes); else the
    /// counter and the buttons that write are replaced by a note.
    pub may_write: bool,
    /// This frame's moment, from the app's clock (the view never reads the wall clock).
    pub now: chrono::NaiveDateTime,
    pub tab: KeysTab,
    pub(super) data: KeysData,
    pub(super) search_keys: Vec<SearchKey>,
    /// Search keys of `data.staff`, built once per load.
    staff_keys: Vec<StaffKey>,
    pub custodian_draft: String,
    pub lend: LendForm,
    pub ret: ReturnForm,
    /// Move the keyboard focus to the lend (true) or return (false) tag field next frame.
    pub(super) focus_tag: Option<bool>,
    pub query: String,
    /// The catalogue, its sort kept across reloads (none at first: the register's own order).
    pub(super) table: crate::ui::table::Table,
    /// The loan register's table.
    pub(super) register_table: crate::ui::table::Table,
    pub state_filter: Option<KeyState>,
    /// The catalogue's rows as last filtered and sorted, and for what (search, state, sort,
    /// minute): recomputed when one of those or the data changes, not every frame.
    pub(super) catalogue_rows: Option<(CatalogueFor, Vec<usize>)>,
    pub(super) selected: Option<i64>,
    pub(super) detail: Option<KeyDetail>,
    pub form: Option<KeyForm>,
    pub change: Option<ChangeForm>,
    pub deposit: Option<DepositForm>,
    pub import_file: Option<PathForm>,
    pub import: Option<ImportState>,
    pub output: Option<PathForm<crate::app::KeyOutput>>,
    pub register_from: String,
    pub register_to: String,
    pub(super) register: Option<(NaiveDate, NaiveDate, Vec<LoanRow>)>,
    pub count: CountForm,
    pub stale: bool,
}

impl Default for KeysView {
    fn default() -> Self {
        KeysView {
            may_write: true,
            // Set by the app from its clock before every frame.
            now: chrono::NaiveDateTime::default(),
            tab: KeysTab::Counter,
            data: KeysData {
                keys: Vec::new(),
                staff: Vec::new(),
                counts: Vec::new(),
                custodian: String::new(),
                now: NaiveDateTime::default(),
                shifts: crate::domain::keys::Shifts::default(),
            },
            search_keys: Vec::new(),
            staff_keys: Vec::new(),
            custodian_draft: String::new(),
            lend: LendForm::default(),
            ret: ReturnForm::default(),
            focus_tag: Some(true),
            query: String::new(),
            table: crate::ui::table::Table::default().with_keyboard(),
            register_table: crate::ui::table::Table::default(),
            state_filter: None,
            catalogue_rows: None,
            selected: None,
            detail: None,
            form: None,
            change: None,
            deposit: None,
            import_file: None,
            import: None,
            output: None,
            register_from: String::new(),
            register_to: String::new(),
            register: None,
            count: CountForm::default(),
            stale: true,
        }
    }
}

/// Active staff matching a query (name, pinyin, phone tail, department), by their keys.
fn staff_matching<'a>(
    staff: &'a [StaffRow],
    keys: &'a [StaffKey],
    q: &'a Query,
) -> impl Iterator<Item = &'a StaffRow> + 'a {
    staff
        .iter()
        .zip(keys)
        .filter(move |(_, k)| k.matches_query(q))
        .map(|(s, _)| s)
}

fn key_search(k: &KeyRow) -> SearchKey {
    let mut s = SearchKey::new(&k.building, &k.entrance, &k.room);
    s.add_words(&[&k.tag, &k.target, &k.position, k.category.as_str()]);
    s
}

/// What the catalogue's rows were computed for.
pub(super) type CatalogueFor = (String, Option<KeyState>, chrono::NaiveDateTime);

impl KeysView {
    pub fn set_data(&mut self, data: KeysData) {
        self.catalogue_rows = None;
        self.search_keys = data.keys.iter().map(key_search).collect();
        self.staff_keys = data.staff.iter().map(super::staff::staff_key).collect();
        if self.custodian_draft.is_empty() || self.custodian_draft == self.data.custodian {
            self.custodian_draft = data.custodian.clone();
        }
        if self.count.outgoing.is_empty() {
            self.count.outgoing = data.custodian.clone();
        }
        if self.register_from.is_empty() {
            let today = data.now.date();
            self.register_from = today.format("%Y-%m-01").to_string();
            self.register_to = today.format("%Y-%m-%d").to_string();
        }
        self.data = data;
    }

    pub fn keys(&self) -> &[KeyRow] {
        &self.data.keys
    }

    pub fn custodian(&self) -> &str {
        &self.data.custodian
    }

    pub fn shifts(&self) -> crate::domain::keys::Shifts {
        self.data.shifts.clone()
    }

    /// Open loans past due now, most overdue first.
    pub fn overdue(&self) -> Vec<&LoanRow> {
        let mut v: Vec<&LoanRow> = self
            .data
            .keys
            .iter()
            .filter_map(|k| k.loan.as_ref())
            .filter(|l| overdue_by(l.due_at, self.data.now).is_some())
            .collect();
        v.sort_by_key(|l| l.due_at);
        v
    }

    pub fn detail(&self) -> Option<&KeyDetail> {
        self.detail.as_ref()
    }

    pub fn set_detail(
        &mut self,
        key: KeyRow,
        events: Vec<KeyEvent>,
        loans: Vec<LoanRow>,
        deposits: Vec<Deposit>,
    ) {
        self.selected = Some(key.id);
        self.detail = Some(KeyDetail {
            key,
            events,
            loans,
            deposits,
        });
    }

    pub fn selected(&self) -> Option<i64> {
        self.selected
    }

    /// After a loan: an empty form, the cursor back in the tag field for the next one.
    pub fn lent(&mut self) {
        self.lend = LendForm::default();
        self.focus_tag = Some(true);
    }

    pub fn lend_error(&mut self, message: String) {
        self.lend.error = Some(message);
    }

    pub fn returned(&mut self) {
        self.ret = ReturnForm::default();
        self.focus_tag = Some(false);
    }

    pub fn return_error(&mut self, message: String) {
        self.ret.error = Some(message);
    }

    pub fn close_dialogs(&mut self) {
        self.form = None;
        self.change = None;
        self.deposit = None;
    }

    pub fn form_error(&mut self, message: String) {
        if let Some(f) = &mut self.form {
            f.errors = vec![message];
        } else if let Some(c) = &mut self.change {
            c.error = Some(message);
        } else if let Some(d) = &mut self.deposit {
            d.error = Some(message);
        }
    }

    pub fn set_register(&mut self, from: NaiveDate, to: NaiveDate, loans: Vec<LoanRow>) {
        self.register = Some((from, to, loans));
        self.register_table.invalidate();
    }

    pub fn counted(&mut self, id: i64) {
        let incoming = self.count.incoming.clone();
        self.count = CountForm {
            outgoing: incoming,
            ..Default::default()
        };
        self.open_output(crate::app::KeyOutput::Count { id });
    }

    pub fn count_error(&mut self, message: String) {
        self.count.error = Some(message);
    }

    pub fn set_import_file_error(&mut self, message: String) {
        path_error(&mut self.import_file, message);
    }

    pub fn set_import_preview(&mut self, path: PathBuf, preview: KeysPreview) {
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

    pub fn output_kind(&self) -> Option<&crate::app::KeyOutput> {
        self.output.as_ref().map(|o| &o.kind)
    }

    pub fn set_output_path(&mut self, path: PathBuf) {
        if let Some(o) = &mut self.output {
            o.path = path.display().to_string();
        }
    }

    pub fn set_output_error(&mut self, message: String) {
        if let Some(o) = &mut self.output {
            o.error = Some(message);
        }
    }

    pub(super) fn open_output(&mut self, kind: crate::app::KeyOutput) {
        let name = kind.file_name();
        self.output = Some(super::output_form(kind, &name));
    }

    pub(super) fn key_by_tag(&self, tag: &str) -> Option<&KeyRow> {
        let t = crate::domain::text::normalize(tag).to_uppercase();
        self.data.keys.iter().find(|k| k.tag == t)
    }

    /// Keys matching a search (tag, unit shorthand, room, what they open), at most `limit`.
    pub(super) fn search(&self, text: &str, limit: usize) -> Vec<&KeyRow> {
        let q = Query::new(text);
        self.data
            .keys
            .iter()
            .zip(&self.search_keys)
            .filter(|(_, s)| s.matches_query(&q))
            .map(|(k, _)| k)
            .take(limit)
            .collect()
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let l = ui.label("当班钥匙管理员");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.custodian_draft)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                        .hint_text("姓名")
                        .desired_width(120.0),
                )
                .labelled_by(l.id);
            let changed = self.custodian_draft.trim() != self.data.custodian;
            if changed
                && (r.lost_focus()
                    || ui
                        .add_enabled(
                            !self.custodian_draft.trim().is_empty(),
                            egui::Button::new("换班"),
                        )
                        .clicked())
            {
                commands.push(KeyCommand::SetCustodian(self.custodian_draft.clone()).into());
            }
            if self.data.custodian.is_empty() {
                ui.colored_label(theme::WARNING, "请先填写当班管理员，借还都会记下经办人。");
            }
            ui.separator();
            for tab in KeysTab::ALL {
                if ui.selectable_label(self.tab == tab, tab.label()).clicked() {
                    self.tab = tab;
                    if tab == KeysTab::Counter {
                        self.focus_tag = Some(true);
                    }
                }
            }
        });
        self.overdue_ui(ui);
        ui.separator();
        match self.tab {
            KeysTab::Counter => self.counter_ui(ui, commands),
            KeysTab::Catalogue => self.catalogue_ui(ui, commands),
            KeysTab::Register => self.register_ui(ui, commands),
            KeysTab::Count => self.count_ui(ui, commands),
        }
        self.dialogs(ui.ctx(), commands);
    }

    fn overdue_ui(&self, ui: &mut egui::Ui) {
        let overdue = self.overdue();
        if overdue.is_empty() {
            return;
        }
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, theme::ERROR))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.colored_label(theme::ERROR, format!("超期未还 {} 把", overdue.len()));
                egui::Grid::new("overdue")
                    .num_columns(5)
                    .spacing([14.0, 2.0])
                    .show(ui, |ui| {
                        for l in overdue {
                            ui.strong(&l.tag);
                            ui.label(&l.key_label);
                            ui.label(format!(
                                "{} {}{}",
                                l.borrower,
                                l.phone,
                                if l.company.is_empty() {
                                    String::new()
                                } else {
                                    format!("（{}）", l.company)
                                }
                            ));
                            ui.label(format!("应还 {}", l.due_at.format("%m-%d %H:%M")));
                            let late = overdue_by(l.due_at, self.data.now)
                                .map(overdue_label)
                                .unwrap_or_default();
                            ui.colored_label(theme::ERROR, late);
                            ui.end_row();
                        }
                    });
            });
    }

    fn counter_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if !self.may_write {
            crate::ui::read_only_note(ui, "钥匙借出与归还");
            return;
        }
        // Columns are justified, and a justified label spreads a wrapped Chinese line out with
        // gaps between its characters: each side is laid out left-aligned instead.
        let left = egui::Layout::top_down(egui::Align::Min);
        ui.columns(2, |cols| {
            cols[0].with_layout(left, |ui| self.lend_ui(ui, commands));
            cols[1].with_layout(left, |ui| self.return_ui(ui, commands));
        });
    }

    fn lend_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.heading("借出");
        let mut enter = false;
        let found = self.key_by_tag(&self.lend.tag).cloned();
        egui::Grid::new("lend")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                let r = labelled_field(
                    ui,
                    "借出挂牌号",
                    &mut self.lend.tag,
                    "牌号，或 10-1-1201、配电房",
                );
                if self.focus_tag == Some(true) {
                    r.request_focus();
                    self.focus_tag = None;
                }
                enter |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if r.changed() {
                    self.lend.error = None;
                }
            });
        // What the tag names, or what the search finds.
        match &found {
            Some(k) => {
                let (color, text) = match (&k.loan, k.state) {
                    (Some(l), _) => (
                        theme::ERROR,
                        format!(
                            "已借给 {}（{} 借出）",
                            l.borrower,
                            l.out_at.format("%m-%d %H:%M")
                        ),
                    ),
                    (None, KeyState::InStock) => (theme::SUCCESS, "在库".to_string()),
                    (None, s) => (theme::ERROR, s.to_string()),
                };
                ui.horizontal_wrapped(|ui| {
                    ui.strong(format!("{} {}", k.tag, k.label()));
                    ui.label(format!("· {} · {}", k.category, k.position));
                    ui.colored_label(color, text);
                    if k.emergency {
                        ui.colored_label(theme::WARNING, "紧急备用");
                    }
                });
            }
            None if !self.lend.tag.trim().is_empty() => {
                let hits: Vec<(String, String)> = self
                    .search(&self.lend.tag, 8)
                    .iter()
                    .map(|k| {
                        (
                            k.tag.clone(),
                            format!(
                                "{} {}（{}）",
                                k.tag,
                                k.label(),
                                crate::domain::keys::state_text(
                                    k.state,
                                    k.loan.as_ref().map(|l| l.due_at),
                                    self.data.now
                                )
                            ),
                        )
                    })
                    .collect();
                if hits.is_empty() {
                    ui.colored_label(theme::ERROR, "没有这个挂牌号，也没有找到对应的钥匙。");
                } else {
                    ui.label(egui::RichText::new("选择钥匙：").color(theme::MUTED));
                    ui.horizontal_wrapped(|ui| {
                        for (tag, text) in hits {
                            if ui.small_button(text).clicked() {
                                self.lend.tag = tag;
                            }
                        }
                    });
                }
            }
            None => {}
        }
        let spare = found.as_ref().is_some_and(|k| k.emergency);
        let d = &mut self.lend.draft;
        egui::Grid::new("lend_borrower")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                let r = labelled_field(
                    ui,
                    "借用人",
                    &mut d.borrower,
                    "员工姓名/拼音，或外来人员姓名",
                );
                enter |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if r.changed() {
                    d.staff_id = None;
                }
            });
        // Staff matching what was typed, to pick with one click.
        if d.staff_id.is_none() && !d.borrower.trim().is_empty() {
            let q = Query::new(&d.borrower);
            let matches: Vec<&StaffRow> = staff_matching(&self.data.staff, &self.staff_keys, &q)
                .take(6)
                .collect();
            if matches.len() == 1 && matches[0].name == d.borrower.trim() {
                d.staff_id = Some(matches[0].id);
                d.phone = matches[0].phone.clone();
            } else if !matches.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new("员工：").color(theme::MUTED));
                    for s in matches {
                        if ui
                            .small_button(format!("{}（{}）", s.name, s.department))
                            .clicked()
                        {
                            d.borrower = s.name.clone();
                            d.staff_id = Some(s.id);
                            d.phone = s.phone.clone();
                        }
                    }
                });
            }
        }
        if d.staff_id.is_some() {
            ui.label(egui::RichText::new("本处员工").color(theme::MUTED));
        }
        let due_hint = format!(
            "默认 {}（当班结束）；可写 18:00、明天",
            self.data.shifts.due_after(self.now).format("%m-%d %H:%M")
        );
        egui::Grid::new("lend_rest")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                let field = |ui: &mut egui::Ui, label: &str, v: &mut String, hint: &str| {
                    let r = labelled_field(ui, label, v, hint);
                    r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
                };
                enter |= field(ui, "电话", &mut d.phone, "外来人员必填");
                if d.staff_id.is_none() {
                    enter |= field(ui, "单位", &mut d.company, "如 美家装饰公司");
                    enter |= field(ui, "身份证号", &mut d.id_number, "外来人员，可空");
                }
                enter |= field(ui, "事由", &mut d.purpose, "如 装修、维修、巡检");
                enter |= field(ui, "应还时间", &mut d.due, &due_hint);
                ui.label("");
                ui.checkbox(&mut d.emergency, "紧急借用");
                ui.end_row();
                if d.emergency || spare {
                    enter |= field(
                        ui,
                        "紧急原因",
                        &mut d.emergency_reason,
                        "如 1202 漏水，业主不在家",
                    );
                }
            });
        if spare && !d.emergency {
            ui.colored_label(
                theme::WARNING,
                "这是紧急备用钥匙：只能勾选“紧急借用”并填写原因后借出。",
            );
        }
        if let Some(e) = &self.lend.error {
            ui.colored_label(theme::ERROR, e);
        }
        let clicked = ui.button("借出（Enter）").clicked();
        if enter || clicked {
            self.submit_lend(commands);
        }
    }

    fn submit_lend(&mut self, commands: &mut Vec<Command>) {
        if self.lend.tag.trim().is_empty() {
            self.lend.error = Some("请输入挂牌号。".into());
            self.focus_tag = Some(true);
            return;
        }
        let Some(key) = self.key_by_tag(&self.lend.tag) else {
            self.lend.error = Some(format!(
                "没有挂牌号为“{}”的钥匙；从下面的结果中选择，或核对牌号。",
                self.lend.tag.trim()
            ));
            return;
        };
        let tag = key.tag.clone();
        let mut draft = self.lend.draft.clone();
        // Pinyin typed for a member of staff (`lq`) that names exactly one person: that person.
        let typed = draft.borrower.trim().to_string();
        if draft.staff_id.is_none()
            && !typed.is_empty()
            && typed.chars().all(|c| c.is_ascii_alphabetic())
        {
            let q = Query::new(&typed);
            // All letters: only names can match (departments and posts are Chinese words).
            let hits: Vec<&StaffRow> =
                staff_matching(&self.data.staff, &self.staff_keys, &q).collect();
            match hits.as_slice() {
                [one] => {
                    draft.borrower = one.name.clone();
                    draft.staff_id = Some(one.id);
                    if draft.phone.trim().is_empty() {
                        draft.phone = one.phone.clone();
                    }
                }
                [] => {}
                many => {
                    self.lend.error = Some(format!(
                        "“{typed}”对应 {} 名员工，请点选其中一位。",
                        many.len()
                    ));
                    return;
                }
            }
        }
        if key.emergency && !draft.emergency_reason.trim().is_empty() {
            draft.emergency = true;
        }
        match draft.validate(self.now, &self.shifts()) {
            Ok(loan) => {
                self.lend.error = None;
                commands.push(KeyCommand::Lend { tag, loan }.into());
            }
            Err(errs) => {
                self.lend.error = Some(
                    errs.iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("  "),
                )
            }
        }
    }

    fn return_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.heading("归还");
        let mut enter = false;
        egui::Grid::new("return")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                let r = labelled_field(ui, "归还挂牌号", &mut self.ret.tag, "牌号，回车即归还");
                if self.focus_tag == Some(false) {
                    r.request_focus();
                    self.focus_tag = None;
                }
                enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if r.changed() {
                    self.ret.error = None;
                }
            });
        if let Some(k) = self.key_by_tag(&self.ret.tag) {
            match &k.loan {
                Some(l) => {
                    ui.label(format!(
                        "{} {} · 借用人 {} {} · {} 借出",
                        k.tag,
                        k.label(),
                        l.borrower,
                        l.phone,
                        l.out_at.format("%m-%d %H:%M")
                    ));
                    if let Some(d) = overdue_by(l.due_at, self.data.now) {
                        ui.colored_label(theme::ERROR, overdue_label(d));
                    }
                }
                None => {
                    ui.colored_label(
                        theme::MUTED,
                        format!("{} {} · {}", k.tag, k.label(), k.state),
                    );
                }
            }
        }
        if let Some(e) = &self.ret.error {
            ui.colored_label(theme::ERROR, e);
        }
        if (ui.button("归还（Enter）").clicked() || enter) && !self.ret.tag.trim().is_empty() {
            commands.push(
                KeyCommand::Return {
                    tag: self.ret.tag.clone(),
                }
                .into(),
            );
        }
        ui.add_space(10.0);
        let out: Vec<&LoanRow> = self
            .data
            .keys
            .iter()
            .filter_map(|k| k.loan.as_ref())
            .collect();
        ui.strong(format!("借出中 {} 把", out.len()));
        egui::ScrollArea::vertical()
            .id_salt("out_keys")
            .show(ui, |ui| {
                egui::Grid::new("out_grid")
                    .num_columns(4)
                    .striped(true)
                    .spacing([10.0, 4.0])
                    .show(ui, |ui| {
                        for l in out {
                            ui.strong(&l.tag);
                            ui.label(&l.key_label);
                            ui.label(format!("{} {}", l.borrower, l.phone));
                            match overdue_by(l.due_at, self.data.now) {
                                Some(d) => ui.colored_label(theme::ERROR, overdue_label(d)),
                                None => {
                                    ui.label(format!("应还 {}", l.due_at.format("%m-%d %H:%M")))
                                }
                            };
                            ui.end_row();
                        }
                    });
            });
    }
}
