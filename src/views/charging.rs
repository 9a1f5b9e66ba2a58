//! 收费台账: the counter (find a unit, see what it owes oldest first, take a payment, print the
//! receipt), arrears and dunning, and the tabs for billing, fee items, receipts and the
//! collection rate (in `charging_tabs`).

use crate::app::{ChargeCommand, ChargeImport, ChargeOutput, Command};
use crate::db::charging::{
    ArrearsRow, Collected, CollectionReport, DunningInput, DunningRow, FeeItemRow, PaymentInput,
    ReadingRow, Receipt,
};
use crate::db::estate::UnitRow;
use crate::domain::charging::{DunMethod, LateFeeRule, OpenLine, PayMethod};
use crate::domain::date::{iso, parse_date};
use crate::domain::money::Money;
use crate::domain::period::{Ageing, Period};
use crate::domain::search::{Query, SearchKey};
use crate::ui::table::{Cell, Col};
use crate::ui::{PathForm, dialog, labelled_field, theme};
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargeTab {
    Counter,
    Arrears,
    Billing,
    Items,
    Receipts,
    DayClose,
    Rate,
}

impl ChargeTab {
    const ALL: [ChargeTab; 7] = [
        ChargeTab::Counter,
        ChargeTab::Arrears,
        ChargeTab::Billing,
        ChargeTab::Items,
        ChargeTab::Receipts,
        ChargeTab::DayClose,
        ChargeTab::Rate,
    ];

    fn label(self) -> &'static str {
        match self {
            ChargeTab::Counter => "收款",
            ChargeTab::Arrears => "欠费与催缴",
            ChargeTab::Billing => "生成应收与抄表",
            ChargeTab::Items => "收费项目",
            ChargeTab::Receipts => "收据",
            ChargeTab::DayClose => "日结",
            ChargeTab::Rate => "收缴率",
        }
    }
}

/// A unit as the counter finds it.
pub struct UnitPick {
    pub id: i64,
    pub label: String,
    pub owner: String,
    pub building: String,
    pub usage: String,
    key: SearchKey,
}

/// One unit's account, loaded when it is picked.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitLedger {
    pub unit_id: i64,
    pub open: Vec<OpenLine>,
    /// Every bill line of the unit (adjustments folded in), newest first.
    pub bills: Vec<crate::db::charging::BillStatus>,
    /// Deposits given back.
    pub refunds: Vec<crate::db::charging::RefundRow>,
    pub credit_fen: i64,
    pub receipts: Vec<Receipt>,
    pub dunning: Vec<DunningRow>,
}

struct PayLine {
    bill_id: i64,
    chosen: bool,
    amount: String,
}

/// The payment form under a unit's open lines.
pub struct PayForm {
    lines: Vec<PayLine>,
    pub received: String,
    pub method: String,
    pub date: String,
    pub payer: String,
    pub error: Option<String>,
    /// The receipt just issued, offered for printing.
    pub last_receipt: Option<String>,
    /// Put the cursor in 实收金额 next frame (a unit was just opened at the counter).
    pub focus_received: bool,
    /// This payment re-issues the unit's receipt voided today (unticked: an ordinary one).
    pub reissue: bool,
}

pub struct DunningForm {
    pub unit_id: i64,
    pub unit: String,
    pub date: String,
    pub method: String,
    pub by: String,
    pub result: String,
    pub promised: String,
    pub error: Option<String>,
}

pub struct VoidForm {
    pub number: String,
    pub reason: String,
    pub error: Option<String>,
}

pub struct WaiveForm {
    pub bill_id: i64,
    pub label: String,
    pub reason: String,
    pub error: Option<String>,
}

pub struct ReadingEdit {
    pub unit_id: i64,
    pub label: String,
    pub previous: Option<i64>,
    pub current: String,
    pub replaced: bool,
    pub start: String,
}

/// The meter-reading sheet of one item and period, or the common meter's amount.
pub struct ReadingSheet {
    pub item_id: i64,
    pub period: Period,
    pub rows: Vec<ReadingEdit>,
    pub shared: String,
    pub error: Option<String>,
}

pub struct ChargingView {
    /// This frame's moment, from the app's clock (the view never reads the wall clock).
    pub now: chrono::NaiveDateTime,
    /// The signed-in user may void, adjust, refund and waive (set by the app every frame from
    /// the role; a file without users: yes). Hidden otherwise — and refused in `App::run`.
    pub may_void: bool,
    /// The signed-in user (None on a file without users): the 收款人 of every receipt.
    pub signed_in: Option<String>,
    /// 未到期应收 on the arrears' day: (units, total).
    pub not_due: (usize, i64),
    /// The 收费项目 tab's 缴费期限 field: for which item, as typed, and what was wrong.
    pub(super) term_item: Option<i64>,
    pub(super) term_text: String,
    pub(super) vacant_text: String,
    pub(super) term_error: Option<String>,
    /// 收款: take money, bill, read meters, dun (no users: yes).
    pub may_collect: bool,
    /// Fee items and rates (the 设置 permission).
    pub may_set: bool,
    pub stale: bool,
    /// The lists and totals are being loaded in the background; the last ones stay shown.
    pub loading: bool,
    pub tab: ChargeTab,
    pub(super) units: Vec<UnitPick>,
    pub(super) items: Vec<FeeItemRow>,
    pub(super) single: Option<super::charging_unit::SingleForm>,
    pub(super) adjust: Option<super::charging_unit::AdjustForm>,
    pub(super) refund: Option<super::charging_unit::RefundForm>,
    clerk: String,
    pub(super) clerk_draft: String,
    pub(super) rule: LateFeeRule,
    pub search: String,
    selected: Option<i64>,
    /// Shared, so drawing a frame does not copy ten years of a unit's account.
    ledger: Option<std::rc::Rc<UnitLedger>>,
    pub pay: PayForm,
    pub(super) arrears: Vec<ArrearsRow>,
    arrears_as_of: NaiveDate,
    pub(super) arrears_text: String,
    pub(super) only_undunned: bool,
    /// The arrears list's filters: a building (empty: all) and a least amount in 元.
    pub arrears_building: String,
    pub arrears_min: String,
    arrears_table: crate::ui::table::Table,
    pub(super) receipt_query: String,
    /// The 收据 tab's filters: a date range (as typed) and a clerk ('' = everyone), and the
    /// clerks of the year's receipts for the chooser.
    pub(super) receipt_from: String,
    pub(super) receipt_to: String,
    pub(super) receipt_clerk: String,
    pub(super) receipt_clerks: Vec<String>,
    pub(super) receipts_table: crate::ui::table::Table,
    pub(super) items_table: crate::ui::table::Table,
    pub(super) rate_tables: (crate::ui::table::Table, crate::ui::table::Table),
    unit_receipts_table: crate::ui::table::Table,
    /// The counter's list of units in arrears.
    picker_table: crate::ui::table::Table,
    unit_dunning_table: crate::ui::table::Table,
    pub(super) receipts: Vec<Receipt>,
    receipts_year: i32,
    pub(super) year_text: String,
    /// 日结: the day and clerk asked for (as typed), and what was read.
    pub(super) day_text: String,
    pub(super) day_clerk: String,
    pub day_close: Option<crate::db::charging::DayClose>,
    pub day_table: crate::ui::table::Table,
    pub(super) selected_receipt: Option<String>,
    pub(super) report: CollectionReport,
    pub(super) trend: Vec<(Period, Collected)>,
    report_period: Period,
    pub(super) report_text: String,
    pub(super) bill_text: String,
    pub(super) bill_result: Option<(String, Vec<String>)>,
    pub(super) reading_item: Option<i64>,
    pub(super) sheet: Option<ReadingSheet>,
    pub(super) selected_item: Option<i64>,
    pub dunning: Option<DunningForm>,
    pub void: Option<VoidForm>,
    pub waive: Option<WaiveForm>,
    pub(super) item_form: Option<super::charging_tabs::ItemForm>,
    pub(super) rate_form: Option<super::charging_tabs::RateForm>,
    pub output: Option<PathForm<ChargeOutput>>,
    pub import: Option<PathForm<ChargeImport>>,
}

impl ChargingView {
    /// The screen as it first opens at `now`: this month, today's date on the forms.
    pub fn new(now: chrono::NaiveDateTime) -> Self {
        let today = now.date();
        let period = Period::of(today);
        ChargingView {
            now,
            may_void: true,
            signed_in: None,
            not_due: (0, 0),
            term_item: None,
            term_text: String::new(),
            vacant_text: String::new(),
            term_error: None,
            may_collect: true,
            may_set: true,
            stale: true,
            loading: false,
            tab: ChargeTab::Counter,
            units: Vec::new(),
            items: Vec::new(),
            clerk: String::new(),
            clerk_draft: String::new(),
            rule: LateFeeRule::default(),
            search: String::new(),
            selected: None,
            ledger: None,
            pay: PayForm {
                lines: Vec::new(),
                received: String::new(),
                method: PayMethod::Cash.as_str().into(),
                date: iso(today),
                payer: String::new(),
                error: None,
                last_receipt: None,
                focus_received: false,
                reissue: true,
            },
            arrears: Vec::new(),
            arrears_as_of: today,
            arrears_text: iso(today),
            only_undunned: false,
            arrears_building: String::new(),
            arrears_min: String::new(),
            // Largest first, as the manager reads the list.
            arrears_table: crate::ui::table::Table::new(Some(crate::ui::table::Sort {
                column: 3,
                ascending: false,
            })),
            receipt_query: String::new(),
            receipt_from: String::new(),
            receipt_to: String::new(),
            receipt_clerk: String::new(),
            receipt_clerks: Vec::new(),
            receipts_table: crate::ui::table::Table::default(),
            items_table: crate::ui::table::Table::default(),
            rate_tables: Default::default(),
            unit_receipts_table: crate::ui::table::Table::default().inline(),
            picker_table: crate::ui::table::Table::default(),
            unit_dunning_table: crate::ui::table::Table::default().inline(),
            receipts: Vec::new(),
            receipts_year: period.year,
            year_text: period.year.to_string(),
            day_text: iso(today),
            day_clerk: String::new(),
            day_close: None,
            day_table: crate::ui::table::Table::default(),
            selected_receipt: None,
            report: CollectionReport::default(),
            trend: Vec::new(),
            // The last complete month: this month's bills were only just raised.
            report_period: period.plus(-1),
            report_text: period.plus(-1).to_string(),
            bill_text: period.to_string(),
            bill_result: None,
            reading_item: None,
            sheet: None,
            selected_item: None,
            dunning: None,
            void: None,
            waive: None,
            single: None,
            adjust: None,
            refund: None,
            item_form: None,
            rate_form: None,
            output: None,
            import: None,
        }
    }
}

fn yuan(fen: i64) -> String {
    Money(fen).grouped()
}

impl ChargingView {
    /// The window was left open past midnight: what still shows the old day's defaults (the
    /// payment date, the arrears date, this month) moves to the new day; what the clerk chose
    /// stays.
    pub fn day_changed(&mut self, from: NaiveDate, to: NaiveDate) {
        if self.pay.date == iso(from) {
            self.pay.date = iso(to);
        }
        if self.arrears_as_of == from && self.arrears_text == iso(from) {
            self.arrears_as_of = to;
            self.arrears_text = iso(to);
        }
        let (old, new) = (Period::of(from), Period::of(to));
        if old == new {
            return;
        }
        if self.report_period == old.plus(-1) && self.report_text == old.plus(-1).to_string() {
            self.report_period = new.plus(-1);
            self.report_text = new.plus(-1).to_string();
        }
        if self.bill_text == old.to_string() {
            self.bill_text = new.to_string();
        }
        if self.receipts_year == old.year && self.year_text == old.year.to_string() {
            self.receipts_year = new.year;
            self.year_text = new.year.to_string();
        }
    }
}

impl UnitPick {
    /// Whether the typed search finds this unit (room shorthand, name, pinyin, phone tail).
    pub fn matches(&self, q: &Query) -> bool {
        self.key.matches_query(q)
    }
}

/// The units as the counter's search knows them (names, pinyin initials, phones): built on the
/// loading thread, since for a large office that is a few thousand search keys.
pub fn unit_picks(units: Vec<UnitRow>) -> Vec<UnitPick> {
    units
        .into_iter()
        .map(|u| {
            let mut key = SearchKey::new(&u.building, &u.entrance, &u.room);
            for p in &u.occupants {
                key.add_person(&p.name, &[&p.phone, &p.phone2]);
            }
            // The full label too, as printed on a notice or copied from another screen.
            key.add_words(&[&u.label()]);
            UnitPick {
                id: u.id,
                label: u.label(),
                owner: u.owner().map(|p| p.name.clone()).unwrap_or_default(),
                building: u.building.clone(),
                usage: u.usage.to_string(),
                key,
            }
        })
        .collect()
}

impl ChargingView {
    /// The receipts of the 收据 tab's year, newest first.
    pub fn year_receipts(&self) -> &[Receipt] {
        &self.receipts
    }

    pub fn clerk(&self) -> &str {
        &self.clerk
    }

    pub fn set_data(
        &mut self,
        units: Vec<UnitPick>,
        items: Vec<FeeItemRow>,
        clerk: String,
        rule: LateFeeRule,
    ) {
        self.units = units;
        if self.reading_item.is_none() {
            self.reading_item = items
                .iter()
                .find(|i| {
                    matches!(
                        i.kind,
                        crate::domain::charging::FeeKind::Metered
                            | crate::domain::charging::FeeKind::Shared
                    )
                })
                .map(|i| i.id);
        }
        self.items = items;
        self.items_table.invalidate();
        if self.clerk_draft.is_empty() || self.clerk_draft == self.clerk {
            self.clerk_draft = clerk.clone();
        }
        self.clerk = clerk;
        self.rule = rule;
    }

    pub fn arrears_as_of(&self) -> NaiveDate {
        self.arrears_as_of
    }

    pub fn set_arrears_as_of(&mut self, d: NaiveDate) {
        self.arrears_as_of = d;
        self.arrears_text = iso(d);
    }

    pub fn term_error_set(&mut self, e: String) {
        self.term_error = Some(e);
    }

    /// 未到期应收 as of the arrears' day: (units, total).
    pub fn set_not_due(&mut self, not_due: (usize, i64)) {
        self.not_due = not_due;
    }

    pub fn set_arrears(&mut self, rows: Vec<ArrearsRow>) {
        self.arrears = rows;
        self.arrears_table.invalidate();
        self.picker_table.invalidate();
    }

    pub fn arrears(&self) -> &[ArrearsRow] {
        &self.arrears
    }

    /// The arrears that pass the list's filters (本月未催缴, 楼栋, 欠费不少于), as indices in
    /// the query's order, and the least amount as read (or why it cannot be read).
    fn arrears_filtered(&self) -> (Vec<usize>, std::result::Result<i64, String>) {
        let as_of = self.arrears_as_of;
        let min_fen = match self.arrears_min.trim() {
            "" => Ok(0),
            t => Money::parse(t).map(|m| m.fen()),
        };
        let least = *min_fen.as_ref().unwrap_or(&0);
        let rows = (0..self.arrears.len())
            .filter(|i| {
                let a = &self.arrears[*i];
                (!self.only_undunned || !a.dunned_in(as_of))
                    && (self.arrears_building.is_empty() || a.building == self.arrears_building)
                    && a.total_fen >= least
            })
            .collect();
        (rows, min_fen)
    }

    /// The dunning notices print what the list shows: its building, its least amount, and
    /// only the units not dunned this month when that is ticked.
    pub fn dunning_filter(&self) -> crate::db::charging::DunningFilter {
        let (_, min_fen) = self.arrears_filtered();
        crate::db::charging::DunningFilter {
            min_months: 0,
            buildings: if self.arrears_building.is_empty() {
                Vec::new()
            } else {
                vec![self.arrears_building.clone()]
            },
            min_fen: min_fen.unwrap_or(0),
            not_dunned_since: self
                .only_undunned
                .then(|| Period::of(self.arrears_as_of).first_day()),
        }
    }

    /// The arrears list as shown: filtered, in the table's order.
    pub fn arrears_shown(&self) -> Vec<&ArrearsRow> {
        let (rows, _) = self.arrears_filtered();
        self.arrears_table
            .shown(&rows)
            .into_iter()
            .map(|i| &self.arrears[i])
            .collect()
    }

    pub fn receipts_year(&self) -> i32 {
        self.receipts_year
    }

    pub fn set_receipts_year(&mut self, y: i32) {
        self.receipts_year = y;
        self.year_text = y.to_string();
    }

    pub fn set_receipts(&mut self, r: Vec<Receipt>) {
        let clerks: std::collections::BTreeSet<&str> = r.iter().map(|x| x.clerk.as_str()).collect();
        self.receipt_clerks = clerks.into_iter().map(str::to_string).collect();
        self.receipts = r;
        self.receipts_table.invalidate();
    }

    pub fn report_period(&self) -> Period {
        self.report_period
    }

    pub fn set_report_period(&mut self, p: Period) {
        self.report_period = p;
        self.report_text = p.to_string();
    }

    pub fn set_collection(&mut self, r: CollectionReport, trend: Vec<(Period, Collected)>) {
        self.report = r;
        self.trend = trend;
        self.rate_tables.0.invalidate();
        self.rate_tables.1.invalidate();
    }

    /// The chart's months, oldest first, ending on the report's period.
    pub fn trend(&self) -> &[(Period, Collected)] {
        &self.trend
    }

    pub fn report(&self) -> &CollectionReport {
        &self.report
    }

    /// The reading sheet to reload: (item, period).
    pub fn reading_target(&self) -> Option<(i64, Period)> {
        self.sheet.as_ref().map(|s| (s.item_id, s.period))
    }

    pub fn set_readings(
        &mut self,
        item_id: i64,
        period: Period,
        previous: Vec<ReadingRow>,
        current: Vec<ReadingRow>,
        shared: Option<i64>,
    ) {
        let Some(item) = self.items.iter().find(|i| i.id == item_id) else {
            return;
        };
        let probe = |u: &UnitPick| crate::domain::charging::BillUnit {
            id: u.id,
            building: u.building.clone(),
            usage: u.usage.clone(),
            area_h: 1,
            vacant: false,
        };
        let bill_item = crate::domain::charging::BillItem {
            id: item.id,
            name: item.name.clone(),
            kind: item.kind,
            scope: item.scope,
            scope_value: item.scope_value.clone(),
            rate_e4: None,
            vacant_percent: None,
            per_household: false,
        };
        let current: std::collections::HashMap<i64, &ReadingRow> =
            current.iter().map(|r| (r.unit_id, r)).collect();
        let previous: std::collections::HashMap<i64, &ReadingRow> =
            previous.iter().map(|r| (r.unit_id, r)).collect();
        let rows = self
            .units
            .iter()
            .filter(|u| bill_item.applies_to(&probe(u)))
            .map(|u| {
                let now = current.get(&u.id).copied();
                let before = previous.get(&u.id).copied();
                ReadingEdit {
                    unit_id: u.id,
                    label: u.label.clone(),
                    previous: now.map(|r| r.previous_h).or(before.map(|r| r.current_h)),
                    current: now
                        .map(|r| crate::domain::charging::hundredths_text(r.current_h))
                        .unwrap_or_default(),
                    replaced: now.is_some_and(|r| r.replaced),
                    start: String::new(),
                }
            })
            .collect();
        self.sheet = Some(ReadingSheet {
            item_id,
            period,
            rows,
            shared: shared.map(|a| Money(a).to_string()).unwrap_or_default(),
            error: None,
        });
    }

    pub fn billed(&mut self, text: String, notes: Vec<String>) {
        self.bill_result = Some((text, notes));
    }

    pub fn selected_unit(&self) -> Option<i64> {
        self.selected
    }

    pub fn select_unit(&mut self, id: i64) {
        if self.selected != Some(id) {
            self.pay.last_receipt = None;
            self.pay.error = None;
            self.pay.payer.clear();
        }
        self.selected = Some(id);
        self.tab = ChargeTab::Counter;
    }

    pub fn ledger(&self) -> Option<&UnitLedger> {
        self.ledger.as_deref()
    }

    /// A unit's account arrived: the payment form ticks every open line in full, unless the
    /// same lines are already on the form (a reload while the clerk is typing).
    pub fn set_ledger(&mut self, ledger: UnitLedger) {
        let same = self.pay.lines.len() == ledger.open.len()
            && self
                .pay
                .lines
                .iter()
                .zip(&ledger.open)
                .all(|(a, b)| a.bill_id == b.bill_id);
        if !same {
            self.pay.lines = ledger
                .open
                .iter()
                .map(|l| PayLine {
                    bill_id: l.bill_id,
                    chosen: true,
                    amount: Money(l.outstanding()).to_string(),
                })
                .collect();
            self.pay.received.clear();
            self.pay.focus_received = true;
        }
        self.ledger = Some(std::rc::Rc::new(ledger));
    }

    pub fn paid(&mut self, number: String) {
        self.pay.reissue = true;
        self.pay.last_receipt = Some(number);
        self.pay.error = None;
        self.pay.received.clear();
        self.pay.payer.clear();
        self.pay.lines.clear();
    }

    pub fn close_dialogs(&mut self) {
        self.single = None;
        self.adjust = None;
        self.refund = None;
        self.dunning = None;
        self.void = None;
        self.waive = None;
        self.item_form = None;
        self.rate_form = None;
    }

    /// Shows a refusal in whichever form is open.
    pub fn form_error(&mut self, message: String) {
        let m = Some(message.clone());
        if let Some(f) = &mut self.single {
            f.error = m;
        } else if let Some(f) = &mut self.adjust {
            f.error = m;
        } else if let Some(f) = &mut self.refund {
            f.error = m;
        } else if let Some(f) = &mut self.dunning {
            f.error = m;
        } else if let Some(f) = &mut self.void {
            f.error = m;
        } else if let Some(f) = &mut self.waive {
            f.error = m;
        } else if let Some(f) = &mut self.item_form {
            f.error = m;
        } else if let Some(f) = &mut self.rate_form {
            f.error = m;
        } else if let Some(s) = &mut self.sheet
            && self.tab == ChargeTab::Billing
        {
            s.error = m;
        } else {
            self.pay.error = m;
        }
    }

    pub fn open_output(&mut self, kind: ChargeOutput) {
        let name = kind.file_name();
        self.output = Some(super::output_form(kind, &name));
    }

    pub fn output_kind(&self) -> Option<&ChargeOutput> {
        self.output.as_ref().map(|o| &o.kind)
    }

    pub fn set_output_path(&mut self, path: PathBuf) {
        if let Some(o) = &mut self.output {
            o.path = path.display().to_string();
            o.error = None;
        }
    }

    pub fn set_output_error(&mut self, message: String) {
        if let Some(o) = &mut self.output {
            o.error = Some(message);
        }
    }

    pub fn set_import_path(&mut self, path: PathBuf) {
        if let Some(i) = &mut self.import {
            i.path = path.display().to_string();
            i.error = None;
        }
    }

    pub fn set_import_error(&mut self, message: String) {
        if let Some(i) = &mut self.import {
            i.error = Some(message);
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            // Signed in, the receipts name the user: shown, not typed.
            if let Some(me) = &self.signed_in {
                ui.label(format!("收款人：{me}"));
                self.clerk = me.clone();
                self.clerk_draft = me.clone();
                ui.separator();
                self.tabs_ui(ui);
                return;
            }
            let l = ui.label("收款人");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.clerk_draft)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                        .hint_text("姓名")
                        .desired_width(100.0),
                )
                .labelled_by(l.id);
            if self.clerk_draft.trim() != self.clerk
                && !self.clerk_draft.trim().is_empty()
                && self.may_collect
                && (r.lost_focus() || ui.button("换人").clicked())
            {
                commands.push(ChargeCommand::SetClerk(self.clerk_draft.clone()).into());
            }
            if self.clerk.is_empty() {
                ui.colored_label(theme::WARNING, "请先填写收款人，收据上会印出。");
            }
            ui.separator();
            self.tabs_ui(ui);
        });
        ui.separator();
        match self.tab {
            ChargeTab::Counter => self.counter_ui(ui, commands),
            ChargeTab::Arrears => self.arrears_ui(ui, commands),
            ChargeTab::Billing => self.billing_ui(ui, commands),
            ChargeTab::Items => self.items_ui(ui, commands),
            ChargeTab::Receipts => self.receipts_ui(ui, commands),
            ChargeTab::DayClose => self.day_close_ui(ui, commands),
            ChargeTab::Rate => self.rate_ui(ui, commands),
        }
        self.dialogs(ui.ctx(), commands);
    }

    fn tabs_ui(&mut self, ui: &mut egui::Ui) {
        for tab in ChargeTab::ALL {
            if ui.selectable_label(self.tab == tab, tab.label()).clicked() {
                self.tab = tab;
            }
        }
        if self.loading {
            ui.colored_label(theme::MUTED, "加载中…");
        }
    }

    fn counter_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        egui::Panel::left("charge_units")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| {
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                let l = ui.label("查找房屋");
                ui.add(
                    egui::TextEdit::singleline(&mut self.search)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                        .hint_text("房号、业主姓名、拼音首字母、电话")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
                let query = Query::new(&self.search);
                let matches: Vec<&UnitPick> = if self.search.trim().is_empty() {
                    Vec::new()
                } else {
                    self.units
                        .iter()
                        .filter(|u| u.key.matches_query(&query))
                        .take(50)
                        .collect()
                };
                if self.search.trim().is_empty() {
                    ui.colored_label(
                        theme::MUTED,
                        format!("欠费户 {} 户（点一户收款）：", self.arrears.len()),
                    );
                    // The table lays out only the rows in view: a large office has a thousand.
                    const COLS: [Col; 3] = [
                        Col::new("房屋", 120.0),
                        Col::new("业主", 60.0),
                        Col::num("欠费", 85.0),
                    ];
                    let arrears = &self.arrears;
                    let all: Vec<usize> = (0..arrears.len()).collect();
                    let selected = arrears
                        .iter()
                        .position(|a| Some(a.unit_id) == self.selected);
                    let out = self.picker_table.show(
                        ui,
                        "counter_arrears",
                        &COLS,
                        &all,
                        selected,
                        |i, column| {
                            let a = &arrears[i];
                            match column {
                                0 => Cell::text(&a.unit),
                                1 => Cell::text(&a.owner),
                                _ => Cell::Money(a.total_fen),
                            }
                        },
                    );
                    if let Some(i) = out.selected {
                        commands.push(ChargeCommand::SelectUnit(arrears[i].unit_id).into());
                    }
                    return;
                } else if matches.is_empty() {
                    ui.colored_label(theme::MUTED, "没有找到。");
                }
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for u in matches {
                        let text = if u.owner.is_empty() {
                            u.label.clone()
                        } else {
                            format!("{}　{}", u.label, u.owner)
                        };
                        if ui
                            .selectable_label(self.selected == Some(u.id), text)
                            .clicked()
                        {
                            commands.push(ChargeCommand::SelectUnit(u.id).into());
                        }
                    }
                });
            });
        let Some(ledger) = self
            .ledger
            .clone()
            .filter(|l| Some(l.unit_id) == self.selected)
        else {
            ui.label("请先在左侧找到房屋。");
            return;
        };
        let unit = self.units.iter().find(|u| u.id == ledger.unit_id);
        let (label, owner) = unit
            .map(|u| (u.label.clone(), u.owner.clone()))
            .unwrap_or_default();
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.heading(format!("{label}　{owner}"));
            let owed: i64 = ledger.open.iter().map(|l| l.outstanding()).sum();
            // What is past its 缴费期限 (arrears), and what is owed but not yet due.
            let today = self.now.date();
            let overdue: i64 = ledger
                .open
                .iter()
                .filter(|l| {
                    let term = self
                        .items
                        .iter()
                        .find(|i| i.name == l.item)
                        .map(|i| i.term)
                        .unwrap_or_default();
                    term.overdue(l.period, today)
                })
                .map(|l| l.outstanding())
                .sum();
            ui.horizontal(|ui| {
                if owed > 0 {
                    ui.label(
                        egui::RichText::new(format!("应缴合计 ¥{}", yuan(owed)))
                            .size(24.0)
                            .strong()
                            .color(if overdue > 0 {
                                theme::ERROR
                            } else {
                                theme::WARNING
                            }),
                    );
                    ui.label(if overdue == owed {
                        "（均已逾期）".to_string()
                    } else if overdue > 0 {
                        format!(
                            "（其中逾期 ¥{}，未到期 ¥{}）",
                            yuan(overdue),
                            yuan(owed - overdue)
                        )
                    } else {
                        "（均未到期）".to_string()
                    });
                } else {
                    ui.colored_label(theme::SUCCESS, "没有欠费");
                }
                if ledger.credit_fen > 0 {
                    ui.label(format!("预收余额 ¥{}", yuan(ledger.credit_fen)));
                }
                if self.may_collect && ui.button("登记催缴…").clicked() {
                    self.dunning = Some(self.new_dunning(ledger.unit_id, &label));
                }
                if self.may_collect && ui.button("新增单次收费…").clicked() {
                    self.open_single(ledger.unit_id, &label);
                }
            });
            if let Some(n) = self.pay.last_receipt.clone() {
                ui.horizontal(|ui| {
                    ui.colored_label(theme::SUCCESS, format!("已出收据 {n}"));
                    if ui.button(format!("打印收据 {n}…")).clicked() {
                        commands
                            .push(ChargeCommand::Output(ChargeOutput::Receipt(n.clone())).into());
                    }
                });
            }
            ui.add_space(4.0);
            self.pay_ui(ui, &ledger, commands);
            self.late_fee_ui(ui, ledger.unit_id);
            self.bills_ui(ui, &ledger);
            ui.add_space(8.0);
            ui.strong("收据");
            if ledger.receipts.is_empty() {
                ui.colored_label(theme::MUTED, "还没有收据。");
            }
            const RECEIPT_COLS: [Col; 6] = [
                Col::new("收据号", 100.0),
                Col::new("日期", 90.0),
                Col::num("金额", 85.0),
                Col::new("方式与收款人", 110.0),
                Col::fixed("", 52.0),
                Col::fixed("", 72.0),
            ];
            let all: Vec<usize> = (0..ledger.receipts.len()).collect();
            // A unit's few rows, sorted afresh each frame (another unit may have as many).
            self.unit_receipts_table.invalidate();
            let out = self.unit_receipts_table.show(
                ui,
                "unit_receipts",
                &RECEIPT_COLS,
                &all,
                None,
                |i, column| {
                    let r = &ledger.receipts[i];
                    match column {
                        0 => Cell::text(&r.number),
                        1 => Cell::Date(Some(r.paid_on)),
                        2 => Cell::Money(r.amount_fen),
                        3 => match &r.void {
                            Some((_, _, reason)) => {
                                Cell::Clip(format!("已作废：{reason}"), theme::ERROR)
                            }
                            None => Cell::Text(format!("{}　{}", r.method, r.clerk)),
                        },
                        4 => Cell::Button("打印"),
                        _ if r.void.is_none() && self.may_void => Cell::Button("作废…"),
                        _ => Cell::Empty,
                    }
                },
            );
            match out.action {
                Some((i, 4)) => commands.push(
                    ChargeCommand::Output(ChargeOutput::Receipt(ledger.receipts[i].number.clone()))
                        .into(),
                ),
                Some((i, _)) => {
                    self.void = Some(VoidForm {
                        number: ledger.receipts[i].number.clone(),
                        reason: String::new(),
                        error: None,
                    });
                }
                None => {}
            }
            ui.add_space(8.0);
            ui.strong("催缴记录");
            if ledger.dunning.is_empty() {
                ui.colored_label(theme::MUTED, "没有催缴记录。");
            }
            const DUN_COLS: [Col; 5] = [
                Col::new("日期", 90.0),
                Col::new("方式", 60.0),
                Col::new("催缴人", 60.0),
                Col::new("结果", 100.0),
                Col::new("承诺缴费", 90.0),
            ];
            let all: Vec<usize> = (0..ledger.dunning.len()).collect();
            self.unit_dunning_table.invalidate();
            self.unit_dunning_table
                .show(ui, "unit_dunning", &DUN_COLS, &all, None, |i, column| {
                    let d = &ledger.dunning[i];
                    match column {
                        0 => Cell::Date(Some(d.on)),
                        1 => Cell::text(d.method.as_str()),
                        2 => Cell::text(&d.by),
                        3 if d.result.is_empty() => Cell::text("—"),
                        3 => Cell::clip(&d.result),
                        _ => Cell::Date(d.promised),
                    }
                });
        });
    }

    fn pay_ui(&mut self, ui: &mut egui::Ui, ledger: &UnitLedger, commands: &mut Vec<Command>) {
        let chosen: Result<Vec<(i64, i64)>, String> = ledger
            .open
            .iter()
            .zip(&self.pay.lines)
            .filter(|(_, f)| f.chosen)
            .map(|(l, f)| {
                Money::parse(&f.amount)
                    .map(|m| (l.bill_id, m.fen()))
                    .map_err(|e| format!("{} {}：{e}", l.period, l.item))
            })
            .collect();
        let sum: i64 = chosen
            .as_ref()
            .map(|c| c.iter().map(|x| x.1).sum())
            .unwrap_or(0);
        let received = if self.pay.received.trim().is_empty() {
            Ok(sum)
        } else {
            Money::parse(&self.pay.received).map(|m| m.fen())
        };
        // A typed amount below what is ticked pays the oldest lines first; shown before it is
        // taken.
        let paying: Option<Vec<(i64, i64)>> = match (&chosen, &received) {
            (Ok(c), Ok(r)) => Some(crate::domain::charging::apply_received(c, *r)),
            _ => None,
        };
        // The form first, so 收款并出收据 stays in view however many lines are open.
        let mut enter = false;
        if self.may_collect {
            egui::Grid::new("pay_form").num_columns(2).show(ui, |ui| {
                let l = ui.label("实收金额（元）");
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.pay.received)
                            .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                            .hint_text(format!("所选合计 {}", Money(sum)))
                            .desired_width(theme::FIELD_WIDTH),
                    )
                    .labelled_by(l.id);
                if std::mem::take(&mut self.pay.focus_received) {
                    r.request_focus();
                }
                enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.end_row();
                crate::ui::choice(
                    ui,
                    "付款方式",
                    &mut self.pay.method,
                    &PayMethod::ALL
                        .iter()
                        .map(|m| m.as_str())
                        .collect::<Vec<_>>(),
                    "",
                );
                labelled_field(ui, "收款日期", &mut self.pay.date, "2026-11-24");
                labelled_field(ui, "交款人", &mut self.pay.payer, "默认为业主");
            });
            if let (Some(p), Ok(r)) = (&paying, &received) {
                if *r < sum && *r > 0 {
                    ui.colored_label(theme::WARNING, paying_text(&ledger.open, p));
                } else if *r > sum && sum >= 0 {
                    ui.colored_label(
                        theme::MUTED,
                        format!("多收的 ¥{} 记为预收，抵扣以后的应收。", yuan(r - sum)),
                    );
                }
            }
            if let Some(e) = &self.pay.error {
                ui.colored_label(theme::ERROR, e);
            }
        }
        // A receipt of this unit voided today and not yet issued again: this payment may be
        // its replacement, and says so (the voided one then names it when reprinted).
        let today = self.now.date();
        let to_reissue = ledger
            .receipts
            .iter()
            .find(|r| {
                r.void
                    .as_ref()
                    .is_some_and(|v| v.0.starts_with(&crate::domain::date::iso(today)))
                    && !ledger
                        .receipts
                        .iter()
                        .any(|o| o.notes.contains(&format!("原收据 {}", r.number)))
            })
            .map(|r| r.number.clone());
        if self.may_collect
            && let Some(n) = &to_reissue
        {
            ui.checkbox(&mut self.pay.reissue, format!("重开今天作废的收据 {n}"));
        }
        let notes = match (&to_reissue, self.pay.reissue) {
            (Some(n), true) => format!("重开：原收据 {n} 作废"),
            _ => String::new(),
        };
        if !self.may_collect {
            crate::ui::read_only_note(ui, "收款");
        } else if ui.button("收款并出收据（Enter）").clicked() || enter {
            let input = (|| -> Result<PaymentInput, String> {
                chosen?;
                let lines = paying.ok_or("请检查所选应收和实收金额")?;
                let received = received?;
                let paid_on = parse_date(&self.pay.date).map_err(|e| format!("收款日期：{e}"))?;
                let method = PayMethod::parse(&self.pay.method).ok_or("请选择付款方式")?;
                if self.clerk.is_empty() {
                    return Err("请先在上方填写收款人".into());
                }
                Ok(PaymentInput {
                    unit_id: ledger.unit_id,
                    paid_on,
                    method,
                    payer: self.pay.payer.clone(),
                    clerk: self.clerk.clone(),
                    received_fen: received,
                    lines,
                    notes: notes.clone(),
                })
            })();
            match input {
                Ok(p) => {
                    self.pay.error = None;
                    commands.push(ChargeCommand::TakePayment(p).into());
                }
                Err(e) => self.pay.error = Some(e),
            }
        }
        ui.add_space(4.0);
        if ledger.open.is_empty() {
            ui.label("可预收下月费用：填写实收金额后收款，余额记为预收。");
        } else {
            ui.strong("欠费明细（最早的在前）");
        }
        egui::Grid::new("pay_lines")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                if !ledger.open.is_empty() {
                    for h in ["收费项目", "应收", "已收", "欠费", "本次收"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                }
                for (line, form) in ledger.open.iter().zip(self.pay.lines.iter_mut()) {
                    let c =
                        ui.checkbox(&mut form.chosen, format!("{}　{}", line.period, line.item));
                    ui.label(yuan(line.due_fen));
                    ui.label(yuan(line.paid_fen));
                    ui.colored_label(theme::ERROR, yuan(line.outstanding()));
                    ui.add_enabled(
                        form.chosen,
                        egui::TextEdit::singleline(&mut form.amount)
                            .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                            .desired_width(90.0),
                    )
                    .labelled_by(c.id);
                    ui.end_row();
                }
            });
        if ledger.open.len() > 1 {
            ui.horizontal(|ui| {
                if ui.small_button("全选").clicked() {
                    self.pay.lines.iter_mut().for_each(|l| l.chosen = true);
                }
                if ui.small_button("全不选").clicked() {
                    self.pay.lines.iter_mut().for_each(|l| l.chosen = false);
                }
            });
        }
    }

    /// Late fees (滞纳金), shown apart from the arrears, each waivable with a reason.
    fn late_fee_ui(&mut self, ui: &mut egui::Ui, unit_id: i64) {
        if !self.rule.enabled {
            return;
        }
        let Some(row) = self.arrears.iter().find(|a| a.unit_id == unit_id) else {
            return;
        };
        let lines: Vec<_> = row
            .lines
            .iter()
            .filter(|l| l.late_fee_fen > 0 || l.waived.is_some())
            .cloned()
            .collect();
        if lines.is_empty() {
            return;
        }
        ui.add_space(6.0);
        ui.strong(format!(
            "滞纳金（另计，截至 {}，按日万分之 {}）",
            iso(self.arrears_as_of),
            self.rule.per_day_e4
        ));
        egui::Grid::new("late_fees")
            .striped(true)
            .num_columns(3)
            .show(ui, |ui| {
                for l in lines {
                    let label = format!("{}　{}", l.period, l.item);
                    ui.label(&label);
                    match &l.waived {
                        Some(reason) => {
                            ui.colored_label(theme::MUTED, format!("已减免：{reason}"));
                            ui.label("");
                        }
                        None => {
                            ui.label(format!("¥{}", yuan(l.late_fee_fen)));
                            if self.may_void && ui.small_button("减免…").clicked() {
                                self.waive = Some(WaiveForm {
                                    bill_id: l.bill_id,
                                    label,
                                    reason: String::new(),
                                    error: None,
                                });
                            }
                        }
                    }
                    ui.end_row();
                }
            });
    }

    /// 欠费与催缴 with only the units not dunned this month (from the home screen).
    pub fn show_undunned(&mut self) {
        self.tab = ChargeTab::Arrears;
        self.only_undunned = true;
    }

    pub(super) fn new_dunning(&self, unit_id: i64, unit: &str) -> DunningForm {
        DunningForm {
            unit_id,
            unit: unit.to_string(),
            date: iso(self.now.date()),
            method: DunMethod::Phone.as_str().into(),
            by: self.clerk.clone(),
            result: String::new(),
            promised: String::new(),
            error: None,
        }
    }

    fn arrears_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let l = ui.label("截至日期");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.arrears_text)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                        .desired_width(100.0),
                )
                .labelled_by(l.id);
            if ui.button("刷新").clicked()
                || (r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
            {
                match parse_date(&self.arrears_text) {
                    Ok(d) => commands.push(ChargeCommand::LoadArrears(d).into()),
                    Err(e) => self.arrears_text = format!("{}（{e}）", self.arrears_text),
                }
            }
            ui.checkbox(&mut self.only_undunned, "只看本月未催缴");
        });
        ui.horizontal(|ui| {
            let mut buildings: Vec<&str> =
                self.arrears.iter().map(|a| a.building.as_str()).collect();
            buildings.sort_by(|a, b| crate::domain::text::natural_cmp(a, b));
            buildings.dedup();
            let l = ui.label("楼栋");
            egui::ComboBox::from_id_salt("arrears_building")
                .selected_text(if self.arrears_building.is_empty() {
                    "全部"
                } else {
                    self.arrears_building.as_str()
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.arrears_building, String::new(), "全部");
                    for b in buildings {
                        ui.selectable_value(&mut self.arrears_building, b.to_string(), b);
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label("欠费不少于（元）");
            ui.add(
                egui::TextEdit::singleline(&mut self.arrears_min)
                    .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                    .hint_text("0")
                    .desired_width(90.0),
            )
            .labelled_by(l.id);
            if ui.button("打印全部催缴通知书…").clicked() {
                commands
                    .push(ChargeCommand::Output(ChargeOutput::Dunning(self.arrears_as_of)).into());
            }
        });
        let as_of = self.arrears_as_of;
        let total: i64 = self.arrears.iter().map(|r| r.total_fen).sum();
        let undunned = self.arrears.iter().filter(|r| !r.dunned_in(as_of)).count();
        let mut by_age = [0i64; 5];
        for r in &self.arrears {
            for (i, v) in r.by_ageing.iter().enumerate() {
                by_age[i] += v;
            }
        }
        ui.label(format!(
            "欠费（已过缴费期限）{} 户，合计 ¥{}；本月已催缴 {} 户，未催缴 {} 户（目标：欠费户 100% 催缴）。",
            self.arrears.len(),
            yuan(total),
            self.arrears.len() - undunned,
            undunned
        ));
        if self.not_due.0 > 0 {
            ui.colored_label(
                theme::MUTED,
                format!(
                    "未到期应收 {} 户，合计 ¥{}（未过缴费期限，不算欠费，不催缴）。",
                    self.not_due.0,
                    yuan(self.not_due.1)
                ),
            );
        }
        ui.label(
            Ageing::ALL
                .iter()
                .zip(by_age)
                .map(|(a, v)| format!("{} ¥{}", a.label(), yuan(v)))
                .collect::<Vec<_>>()
                .join("　"),
        );
        if self.rule.enabled {
            let late: i64 = self.arrears.iter().map(|r| r.late_fee_fen).sum();
            ui.label(format!("滞纳金（另计，未含在欠费内）¥{}", yuan(late)));
        }
        let (rows, min_fen) = self.arrears_filtered();
        if let Err(e) = &min_fen {
            ui.colored_label(theme::ERROR, format!("欠费不少于：{e}"));
        } else if rows.len() != self.arrears.len() {
            let shown: i64 = rows.iter().map(|i| self.arrears[*i].total_fen).sum();
            ui.label(format!(
                "筛选后 {} 户，合计 ¥{}。",
                rows.len(),
                crate::domain::money::Money(shown).grouped()
            ));
        }
        // The dunning columns come before the ageing, so 登记催缴 stays in reach at 1280×720;
        // the ageing detail may scroll sideways.
        let mut cols = vec![
            Col::new("房屋", 150.0),
            Col::new("业主", 70.0),
            Col::new("电话", 100.0),
            Col::num("欠费合计", 95.0),
            Col::new("最近催缴", 90.0),
            Col::fixed("", 80.0),
        ];
        cols.extend(Ageing::ALL.iter().map(|a| Col::num(a.label(), 85.0)));
        let arrears = &self.arrears;
        let out = self
            .arrears_table
            .show(ui, "arrears_table", &cols, &rows, None, |i, column| {
                let a = &arrears[i];
                match column {
                    0 => Cell::Link(a.unit.clone()),
                    1 => Cell::text(&a.owner),
                    2 => Cell::text(&a.phone),
                    3 => Cell::Money(a.total_fen),
                    4 => match a.last_dunning {
                        Some(d) if a.dunned_in(as_of) => Cell::Colored(iso(d), theme::SUCCESS),
                        Some(d) => Cell::Colored(iso(d), theme::WARNING),
                        None => Cell::Colored("未催缴".into(), theme::WARNING),
                    },
                    5 => Cell::Button("登记催缴"),
                    c => match a.by_ageing.get(c - 6).copied().unwrap_or(0) {
                        0 => Cell::Empty,
                        v => Cell::Money(v),
                    },
                }
            });
        match out.action {
            Some((i, 0)) => {
                commands.push(ChargeCommand::SelectUnit(self.arrears[i].unit_id).into());
            }
            Some((i, _)) => {
                let (id, unit) = (self.arrears[i].unit_id, self.arrears[i].unit.clone());
                self.dunning = Some(self.new_dunning(id, &unit));
            }
            None => {}
        }
    }

    fn dialogs(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if let Some(f) = &mut self.dunning {
            let close = dialog(ctx, &format!("登记催缴：{}", f.unit), |ui| {
                egui::Grid::new("dunning_form")
                    .num_columns(2)
                    .show(ui, |ui| {
                        labelled_field(ui, "催缴日期", &mut f.date, "2026-11-24");
                        crate::ui::choice(
                            ui,
                            "方式",
                            &mut f.method,
                            &DunMethod::ALL
                                .iter()
                                .map(|m| m.as_str())
                                .collect::<Vec<_>>(),
                            "",
                        );
                        labelled_field(ui, "催缴人", &mut f.by, "姓名");
                        labelled_field(
                            ui,
                            "结果",
                            &mut f.result,
                            "如：答应月底前缴清；拒缴，已报经理",
                        );
                        labelled_field(ui, "承诺缴费日期", &mut f.promised, "可不填");
                    });
                if let Some(e) = &f.error {
                    ui.colored_label(theme::ERROR, e);
                }
                let mut cancel = false;
                ui.horizontal(|ui| {
                    if ui.button("保存").clicked() {
                        let input = (|| -> Result<DunningInput, String> {
                            Ok(DunningInput {
                                unit_id: f.unit_id,
                                on: parse_date(&f.date).map_err(|e| format!("催缴日期：{e}"))?,
                                method: DunMethod::parse(&f.method).ok_or("请选择催缴方式")?,
                                by: f.by.clone(),
                                result: f.result.clone(),
                                promised: if f.promised.trim().is_empty() {
                                    None
                                } else {
                                    Some(
                                        parse_date(&f.promised)
                                            .map_err(|e| format!("承诺缴费日期：{e}"))?,
                                    )
                                },
                            })
                        })();
                        match input {
                            Ok(d) => commands.push(ChargeCommand::AddDunning(d).into()),
                            Err(e) => f.error = Some(e),
                        }
                    }
                    cancel = ui.button("取消").clicked();
                });
                cancel
            });
            if close {
                self.dunning = None;
            }
        }
        if let Some(f) = &mut self.void {
            let close = dialog(ctx, &format!("作废收据 {}", f.number), |ui| {
                ui.label("作废后收据保留在台账中并注明作废，所收款项恢复为欠费。");
                egui::Grid::new("void_form").num_columns(2).show(ui, |ui| {
                    labelled_field(ui, "作废原因", &mut f.reason, "必填，如：金额录错");
                });
                if let Some(e) = &f.error {
                    ui.colored_label(theme::ERROR, e);
                }
                let mut cancel = false;
                ui.horizontal(|ui| {
                    if ui.button("确认作废").clicked() {
                        if f.reason.trim().is_empty() {
                            f.error = Some("请写明作废原因。".into());
                        } else {
                            commands.push(
                                ChargeCommand::Void {
                                    number: f.number.clone(),
                                    reason: f.reason.clone(),
                                }
                                .into(),
                            );
                        }
                    }
                    cancel = ui.button("取消").clicked();
                });
                cancel
            });
            if close {
                self.void = None;
            }
        }
        if let Some(f) = &mut self.waive {
            let close = dialog(ctx, &format!("减免滞纳金：{}", f.label), |ui| {
                egui::Grid::new("waive_form").num_columns(2).show(ui, |ui| {
                    labelled_field(ui, "减免原因", &mut f.reason, "必填");
                });
                if let Some(e) = &f.error {
                    ui.colored_label(theme::ERROR, e);
                }
                let mut cancel = false;
                ui.horizontal(|ui| {
                    if ui.button("确认减免").clicked() {
                        commands.push(
                            ChargeCommand::Waive {
                                bill_id: f.bill_id,
                                reason: f.reason.clone(),
                            }
                            .into(),
                        );
                    }
                    cancel = ui.button("取消").clicked();
                });
                cancel
            });
            if close {
                self.waive = None;
            }
        }
        self.tab_dialogs(ctx, commands);
        self.unit_dialogs(ctx, commands);
    }
}

/// Units matching what is typed (room shorthand, name, pinyin, phone tail), in order.
pub fn unit_matches<'a>(units: &'a [UnitPick], text: &str, most: usize) -> Vec<&'a UnitPick> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let q = crate::domain::search::Query::new(text);
    units.iter().filter(|u| u.matches(&q)).take(most).collect()
}

/// What a typed amount pays, line by line: `2026-09 物业管理费 全额 ¥523.80；2026-10 物业管理费
/// 部分 ¥476.20（尚欠 ¥47.60）`, and how many lines it leaves.
fn paying_text(open: &[crate::domain::charging::OpenLine], paying: &[(i64, i64)]) -> String {
    let mut parts = Vec::new();
    for (bill, amount) in paying {
        if let Some(l) = open.iter().find(|l| l.bill_id == *bill) {
            if *amount >= l.outstanding() {
                parts.push(format!("{} {} 全额 ¥{}", l.period, l.item, yuan(*amount)));
            } else {
                parts.push(format!(
                    "{} {} 部分 ¥{}（尚欠 ¥{}）",
                    l.period,
                    l.item,
                    yuan(*amount),
                    yuan(l.outstanding() - amount)
                ));
            }
        }
    }
    format!("实收少于所选合计，按最早的先缴：{}。", parts.join("；"))
}
