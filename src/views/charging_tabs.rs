//! The charging screen's other tabs: billing and meter readings, fee items, receipts, and the
//! collection rate with its chart against the 95 % target.

use super::charging::{ChargingView, ReadingEdit};
use crate::app::{ChargeCommand, ChargeImport, ChargeOutput, Command};
use crate::db::charging::{Collected, FeeItemInput, ReadingInput};
use crate::domain::charging::{FeeKind, hundredths_text, parse_hundredths, parse_rate, rate_text};
use crate::domain::money::Money;
use crate::domain::period::{Period, rate_text as pct};
use crate::pdf::charging::TARGET_RATE;
use crate::ui::table::{Cell, Col};
use crate::ui::{PathAction, dialog, labelled_field, path_dialog, theme};

pub struct ItemForm {
    pub name: String,
    pub kind: String,
    pub rate: String,
    pub scope: String,
    pub start: String,
    pub refundable: bool,
    pub notes: String,
    pub error: Option<String>,
}

pub struct RateForm {
    pub item_id: i64,
    pub name: String,
    pub from: String,
    pub rate: String,
    pub error: Option<String>,
}

fn yuan(fen: i64) -> String {
    Money(fen).grouped()
}

/// A row of the collection tables: name, billed, collected, and the rate (below target in red).
fn rate_row(name: &str, c: &Collected, column: usize) -> Cell {
    match column {
        0 => Cell::text(name),
        1 => Cell::Money(c.billed_fen),
        2 => Cell::Money(c.collected_fen),
        _ => {
            let r = c.rate();
            let key = r.unwrap_or(-1);
            if r.is_some_and(|r| r < TARGET_RATE) {
                Cell::ColoredNumber(format!("{} ▼", pct(r)), key, theme::ERROR)
            } else {
                Cell::Number(pct(r), key)
            }
        }
    }
}

impl ChargingView {
    pub(super) fn billing_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let l = ui.label("所属期间");
            ui.add(
                egui::TextEdit::singleline(&mut self.bill_text)
                    .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                    .desired_width(90.0),
            )
            .labelled_by(l.id);
            let period = Period::parse(&self.bill_text);
            if ui
                .add_enabled(
                    period.is_ok() && self.may_collect,
                    egui::Button::new("生成应收"),
                )
                .clicked()
                && let Ok(p) = period
            {
                commands.push(ChargeCommand::Bill(p).into());
            }
            if let Err(e) = &period {
                ui.colored_label(theme::ERROR, e);
            }
        });
        ui.colored_label(
            theme::MUTED,
            "每户每项每期只生成一笔；重复生成只补新增房屋和新抄表的户。已出账的金额有误请在收费项目中“调整”，不改原账。",
        );
        if let Some((text, notes)) = &self.bill_result {
            ui.colored_label(theme::SUCCESS, text);
            for n in notes {
                ui.colored_label(theme::WARNING, format!("注意：{n}"));
            }
        }
        ui.separator();
        ui.strong("抄表与公共表");
        let metered: Vec<(i64, String, FeeKind)> = self
            .items
            .iter()
            .filter(|i| matches!(i.kind, FeeKind::Metered | FeeKind::Shared))
            .map(|i| (i.id, i.name.clone(), i.kind))
            .collect();
        if metered.is_empty() {
            ui.label("没有抄表或分摊类收费项目。");
            return;
        }
        ui.horizontal(|ui| {
            let l = ui.label("收费项目");
            let current = metered
                .iter()
                .find(|m| Some(m.0) == self.reading_item)
                .map(|m| m.1.clone())
                .unwrap_or_default();
            egui::ComboBox::from_id_salt("reading_item")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    for (id, name, _) in &metered {
                        ui.selectable_value(&mut self.reading_item, Some(*id), name);
                    }
                })
                .response
                .labelled_by(l.id);
            if let (Some(item), Ok(p)) = (self.reading_item, Period::parse(&self.bill_text))
                && ui.button("打开").clicked()
            {
                commands.push(
                    ChargeCommand::LoadReadings {
                        item_id: item,
                        period: p,
                    }
                    .into(),
                );
            }
            if self.may_collect && ui.button("导入抄表读数…").clicked() {
                self.import = Some(crate::ui::PathForm::new(
                    ChargeImport::Readings,
                    std::path::Path::new(""),
                ));
            }
        });
        let Some(sheet) = &mut self.sheet else {
            ui.label("选择收费项目后点“打开”，录入本期读数或公共表金额。");
            return;
        };
        let Some(kind) = metered.iter().find(|m| m.0 == sheet.item_id).map(|m| m.2) else {
            return;
        };
        ui.label(format!("期间：{}", sheet.period.doc()));
        if kind == FeeKind::Shared {
            egui::Grid::new("shared_form")
                .num_columns(2)
                .show(ui, |ui| {
                    labelled_field(
                        ui,
                        "公共表金额（元）",
                        &mut sheet.shared,
                        "本期公共表电费等",
                    );
                });
            if let Some(e) = &sheet.error {
                ui.colored_label(theme::ERROR, e);
            }
            if self.may_collect && ui.button("保存公共表金额").clicked() {
                match Money::parse(&sheet.shared) {
                    Ok(m) => commands.push(
                        ChargeCommand::SetShared {
                            item_id: sheet.item_id,
                            period: sheet.period,
                            amount_fen: m.fen(),
                        }
                        .into(),
                    ),
                    Err(e) => sheet.error = Some(e),
                }
            }
            ui.colored_label(
                theme::MUTED,
                "生成应收时按各户收费面积分摊，尾差按最大余数法分配，合计与公共表金额分毫不差。",
            );
            return;
        }
        if let Some(e) = &sheet.error {
            ui.colored_label(theme::ERROR, e);
        }
        if self.may_collect && ui.button("保存读数").clicked() {
            let mut rows = Vec::new();
            let mut errors = Vec::new();
            for r in sheet.rows.iter().filter(|r| !r.current.trim().is_empty()) {
                match reading_of(r, sheet.item_id, sheet.period) {
                    Ok(x) => rows.push(x),
                    Err(e) => errors.push(format!("{}：{e}", r.label)),
                }
            }
            if errors.is_empty() && !rows.is_empty() {
                commands.push(ChargeCommand::SaveReadings(rows).into());
            } else if rows.is_empty() && errors.is_empty() {
                sheet.error = Some("没有填写任何读数。".into());
            } else {
                sheet.error = Some(errors.join("；"));
            }
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::Grid::new("readings")
                .striped(true)
                .num_columns(5)
                .show(ui, |ui| {
                    for h in ["房屋", "上期读数", "本期读数", "换表", "用量"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for r in &mut sheet.rows {
                        let l = ui.label(&r.label);
                        ui.label(
                            r.previous
                                .map(hundredths_text)
                                .unwrap_or_else(|| "—".into()),
                        );
                        ui.add(
                            egui::TextEdit::singleline(&mut r.current)
                                .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                                .desired_width(90.0),
                        )
                        .labelled_by(l.id);
                        ui.horizontal(|ui| {
                            ui.checkbox(&mut r.replaced, "换表");
                            if r.replaced {
                                let s = ui.label("新表起始");
                                ui.add(
                                    egui::TextEdit::singleline(&mut r.start)
                                        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                                        .desired_width(60.0),
                                )
                                .labelled_by(s.id);
                            }
                        });
                        let usage = parse_hundredths(&r.current, "读数").ok().map(|c| {
                            let base = if r.replaced {
                                parse_hundredths(&r.start, "读数").unwrap_or(0)
                            } else {
                                r.previous.unwrap_or(c)
                            };
                            c - base
                        });
                        match usage {
                            Some(u) if u < 0 => {
                                ui.colored_label(theme::ERROR, "小于上期");
                            }
                            Some(u) => {
                                ui.label(hundredths_text(u));
                            }
                            None => {
                                ui.label("");
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    }

    pub(super) fn items_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            if self.may_set && ui.button("新增收费项目…").clicked() {
                self.item_form = Some(ItemForm {
                    name: String::new(),
                    kind: FeeKind::ByArea.as_str().into(),
                    rate: String::new(),
                    scope: "全部".into(),
                    start: Period::of(self.now.date()).to_string(),
                    refundable: false,
                    notes: String::new(),
                    error: None,
                });
            }
            if let Some(item) = self.items.iter().find(|i| Some(i.id) == self.selected_item)
                && item.kind != FeeKind::Shared
                && self.may_set
                && ui.button(format!("调价：{}…", item.name)).clicked()
            {
                self.rate_form = Some(RateForm {
                    item_id: item.id,
                    name: item.name.clone(),
                    from: Period::of(self.now.date()).plus(1).to_string(),
                    rate: String::new(),
                    error: None,
                });
            }
            if self.may_set && ui.button("导入收费项目…").clicked() {
                self.import = Some(crate::ui::PathForm::new(
                    ChargeImport::FeeItems,
                    std::path::Path::new(""),
                ));
            }
            if self.may_collect && ui.button("导入按户收费…").clicked() {
                self.import = Some(crate::ui::PathForm::new(
                    ChargeImport::Subscriptions,
                    std::path::Path::new(""),
                ));
            }
        });
        // The chosen item's 缴费期限: typed as the office says it, saved with Enter or 保存.
        if let Some(item) = self.items.iter().find(|i| Some(i.id) == self.selected_item) {
            if self.term_item != Some(item.id) {
                self.term_item = Some(item.id);
                self.term_text = item.term.text();
                self.vacant_text = item
                    .vacant_percent
                    .map(|p| p.to_string())
                    .unwrap_or_default();
                self.term_error = None;
            }
            let by_area = matches!(item.kind, FeeKind::ByArea | FeeKind::Fixed);
            let mut per_household = item.per_household;
            let (id, name) = (item.id, item.name.clone());
            ui.horizontal(|ui| {
                let l = ui.label(format!("{name} 的缴费期限"));
                let r = ui
                    .add_enabled(
                        self.may_set,
                        egui::TextEdit::singleline(&mut self.term_text)
                            .char_limit(20)
                            .hint_text("当月15日、月末、次月10日、开单后30天、预收")
                            .desired_width(160.0),
                    )
                    .labelled_by(l.id);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if self.may_set && (ui.button("保存缴费期限").clicked() || enter) {
                    match crate::domain::charging::PayTerm::parse(&self.term_text) {
                        Ok(term) => {
                            self.term_error = None;
                            commands.push(ChargeCommand::SetTerm { item_id: id, term }.into());
                        }
                        Err(e) => self.term_error = Some(e),
                    }
                }
                ui.colored_label(
                    theme::MUTED,
                    "过了缴费期限仍未缴的才算欠费；滞纳金从期限后起算。",
                );
            });
            if self.may_set {
                ui.horizontal(|ui| {
                    ui.label(format!(
                        "{name} 在收费项目中的顺序（同一月份的欠费按此顺序缴）："
                    ));
                    for (label, up) in [("上移", true), ("下移", false)] {
                        if ui.small_button(label).clicked() {
                            commands.push(ChargeCommand::MoveItem { item_id: id, up }.into());
                        }
                    }
                });
            }
            if by_area
                && self.may_set
                && ui
                    .checkbox(
                        &mut per_household,
                        format!("{name} 按户收取（只向登记的住户收取，如出租车位）"),
                    )
                    .changed()
            {
                commands.push(
                    ChargeCommand::SetPerHousehold {
                        item_id: id,
                        on: per_household,
                    }
                    .into(),
                );
            }
            if by_area {
                ui.horizontal(|ui| {
                    let l = ui.label(format!("{name} 空置房按（%）"));
                    let r = ui
                        .add_enabled(
                            self.may_set,
                            egui::TextEdit::singleline(&mut self.vacant_text)
                                .char_limit(8)
                                .hint_text("空着即全额")
                                .desired_width(70.0),
                        )
                        .labelled_by(l.id);
                    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if self.may_set && (ui.button("保存空置比例").clicked() || enter) {
                        let t = self.vacant_text.trim().trim_end_matches(['%', '％']).trim();
                        let percent = if t.is_empty() {
                            Ok(None)
                        } else {
                            t.parse::<u32>()
                                .ok()
                                .filter(|p| (1..=100).contains(p))
                                .map(Some)
                                .ok_or_else(|| {
                                    format!(
                                        "空置房收费比例“{}”应是 1 到 100 的整数",
                                        self.vacant_text.trim()
                                    )
                                })
                        };
                        match percent {
                            Ok(percent) => {
                                self.term_error = None;
                                commands.push(
                                    ChargeCommand::SetVacant {
                                        item_id: id,
                                        percent,
                                    }
                                    .into(),
                                );
                            }
                            Err(e) => self.term_error = Some(e),
                        }
                    }
                    ui.colored_label(theme::MUTED, "空置的房屋按此比例收取，从下次生成应收起。");
                });
            }
            if let Some(e) = &self.term_error {
                ui.colored_label(theme::ERROR, e);
            }
        }
        if self.items.is_empty() {
            ui.label("还没有收费项目。点“新增收费项目…”，或从 Excel/CSV 导入。");
            return;
        }
        let today = Period::of(self.now.date());
        const COLS: [Col; 7] = [
            Col::new("收费项目", 110.0),
            Col::new("计费方式", 90.0),
            Col::new("现行单价", 110.0),
            Col::new("适用范围", 90.0),
            Col::new("缴费期限", 80.0),
            Col::new("执行期间", 90.0),
            Col::new("单价历史", 160.0),
        ];
        let items = &self.items;
        let all: Vec<usize> = (0..items.len()).collect();
        let selected = self
            .selected_item
            .and_then(|id| items.iter().position(|i| i.id == id));
        let out = self
            .items_table
            .show(ui, "fee_items", &COLS, &all, selected, |n, column| {
                let i = &items[n];
                match column {
                    0 => Cell::text(&i.name),
                    1 if i.refundable => Cell::Text(format!("{}（押金）", i.kind)),
                    1 => Cell::Text(i.kind.to_string()),
                    2 => match (i.kind, i.rate_for(today)) {
                        (FeeKind::Shared, _) => Cell::text("按面积分摊"),
                        (k, Some(r)) => {
                            Cell::Keyed(format!("{} {}", rate_text(r), k.rate_unit()), r)
                        }
                        (_, None) => Cell::text("—"),
                    },
                    3 if i.per_household => Cell::text("按户"),
                    3 => Cell::Text(i.scope_text()),
                    4 => Cell::Text(i.term.text()),
                    5 => Cell::Text(i.in_force_text(today)),
                    _ => Cell::clip(i.history_text()),
                }
            });
        if let Some(n) = out.selected {
            self.selected_item = Some(self.items[n].id);
        }
    }

    /// 日结: one day's receipts (one clerk's or all) by payment method, every receipt, the voids
    /// apart; printed with signature lines or exported.
    pub(super) fn day_close_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let day = crate::domain::date::parse_date(self.day_text.trim());
        let mut load = self.day_close.is_none();
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("收款日期");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.day_text)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                        .desired_width(100.0),
                )
                .labelled_by(l.id);
            load |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let l = ui.label("收款人");
            let clerks = self
                .day_close
                .as_ref()
                .map(|d| d.clerks.clone())
                .unwrap_or_default();
            egui::ComboBox::from_id_salt("day_clerk")
                .selected_text(if self.day_clerk.is_empty() {
                    "全部"
                } else {
                    self.day_clerk.as_str()
                })
                .show_ui(ui, |ui| {
                    load |= ui
                        .selectable_value(&mut self.day_clerk, String::new(), "全部")
                        .clicked();
                    for c in &clerks {
                        load |= ui
                            .selectable_value(&mut self.day_clerk, c.clone(), c.as_str())
                            .clicked();
                    }
                })
                .response
                .labelled_by(l.id);
            load |= ui.button("查看").clicked();
            if let Some(d) = &self.day_close {
                if ui.button("打印日结单…").clicked() {
                    commands.push(
                        ChargeCommand::Output(ChargeOutput::DayClose(d.day, d.clerk.clone()))
                            .into(),
                    );
                }
                if ui.button("导出日结（Excel）…").clicked() {
                    commands.push(
                        ChargeCommand::Output(ChargeOutput::DayCloseXlsx(d.day, d.clerk.clone()))
                            .into(),
                    );
                }
            }
        });
        match day {
            Ok(day) if load => {
                commands.push(ChargeCommand::LoadDayClose(day, self.day_clerk.clone()).into());
            }
            Err(e) if load => {
                ui.colored_label(theme::ERROR, format!("收款日期：{e}"));
            }
            _ => {}
        }
        let Some(d) = &self.day_close else { return };
        let methods = d.by_method();
        let count: usize = methods.iter().map(|m| m.1).sum();
        ui.label(
            egui::RichText::new(format!(
                "{} {}：有效收据 {count} 张，合计 ¥{}",
                crate::domain::date::iso(d.day),
                if d.clerk.is_empty() {
                    "全部收款人"
                } else {
                    &d.clerk
                },
                Money(d.total_fen()).grouped()
            ))
            .size(20.0)
            .strong(),
        );
        egui::Grid::new("day_methods")
            .striped(true)
            .num_columns(3)
            .show(ui, |ui| {
                for h in ["付款方式", "张数", "金额"] {
                    ui.strong(h);
                }
                ui.end_row();
                for (m, n, fen) in &methods {
                    ui.label(m.as_str());
                    ui.label(n.to_string());
                    ui.label(Money(*fen).grouped());
                    ui.end_row();
                }
            });
        let voided: Vec<&crate::db::charging::Receipt> = d.voided().collect();
        if !voided.is_empty() {
            ui.colored_label(
                theme::ERROR,
                format!(
                    "作废收据 {} 张（不计入合计）：{}",
                    voided.len(),
                    voided
                        .iter()
                        .map(|r| format!(
                            "{} ¥{}（{}）",
                            r.number,
                            Money(r.amount_fen).grouped(),
                            r.void.as_ref().map(|v| v.2.as_str()).unwrap_or("")
                        ))
                        .collect::<Vec<_>>()
                        .join("；")
                ),
            );
        }
        const COLS: [Col; 7] = [
            Col::new("收据号", 100.0),
            Col::new("房屋", 130.0),
            Col::new("交款人", 70.0),
            Col::new("方式", 70.0),
            Col::new("收款人", 70.0),
            Col::num("金额", 90.0),
            Col::new("状态", 60.0),
        ];
        let rows = &d.receipts;
        let all: Vec<usize> = (0..rows.len()).collect();
        self.day_table
            .show(ui, "day_close", &COLS, &all, None, |i, c| {
                let r = &rows[i];
                match c {
                    0 => Cell::text(&r.number),
                    1 => Cell::text(&r.unit),
                    2 => Cell::text(if r.payer.is_empty() {
                        &r.owner
                    } else {
                        &r.payer
                    }),
                    3 => Cell::text(r.method.as_str()),
                    4 => Cell::text(&r.clerk),
                    5 => Cell::Money(r.amount_fen),
                    _ if r.void.is_some() => Cell::Colored("已作废".into(), theme::ERROR),
                    _ => Cell::text("有效"),
                }
            });
    }

    pub(super) fn receipts_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let l = ui.label("年度");
            ui.add(
                egui::TextEdit::singleline(&mut self.year_text)
                    .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                    .desired_width(60.0),
            )
            .labelled_by(l.id);
            if ui.button("查看").clicked()
                && let Ok(y) = self.year_text.trim().parse::<i32>()
            {
                commands.push(ChargeCommand::LoadReceipts(y).into());
            }
            if let Some(n) = self.selected_receipt.clone() {
                if ui.button(format!("打印 {n}…")).clicked() {
                    commands.push(ChargeCommand::Output(ChargeOutput::Receipt(n.clone())).into());
                }
                let voided = self
                    .receipts
                    .iter()
                    .any(|r| r.number == n && r.void.is_some());
                if !voided && self.may_void && ui.button(format!("作废 {n}…")).clicked() {
                    self.void = Some(super::charging::VoidForm {
                        number: n,
                        reason: String::new(),
                        error: None,
                    });
                }
            }
            if self.may_void && ui.button("导入历史收费台账…").clicked() {
                self.import = Some(crate::ui::PathForm::new(
                    ChargeImport::Payments,
                    std::path::Path::new(""),
                ));
            }
        });
        let live: Vec<&crate::db::charging::Receipt> =
            self.receipts.iter().filter(|r| r.void.is_none()).collect();
        ui.label(format!(
            "{} 年收据 {} 张（作废 {} 张），有效收款合计 ¥{}。收据号按年连续编号，作废的收据保留不删。",
            self.year_text,
            self.receipts.len(),
            self.receipts.len() - live.len(),
            yuan(live.iter().map(|r| r.amount_fen).sum())
        ));
        ui.horizontal_wrapped(|ui| {
            crate::ui::search_field(
                ui,
                &mut self.receipt_query,
                "收据号、房屋、业主、收款人",
                200.0,
            );
            for (label, value) in [("从", &mut self.receipt_from), ("到", &mut self.receipt_to)] {
                let l = ui.label(label);
                ui.add(
                    egui::TextEdit::singleline(value)
                        .char_limit(20)
                        .hint_text("日期")
                        .desired_width(90.0),
                )
                .labelled_by(l.id);
            }
            let l = ui.label("收款人");
            egui::ComboBox::from_id_salt("receipt_clerk")
                .selected_text(if self.receipt_clerk.is_empty() {
                    "全部"
                } else {
                    self.receipt_clerk.as_str()
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.receipt_clerk, String::new(), "全部");
                    for c in &self.receipt_clerks {
                        ui.selectable_value(&mut self.receipt_clerk, c.clone(), c.as_str());
                    }
                })
                .response
                .labelled_by(l.id);
        });
        let day = crate::domain::date::parse_optional_date;
        let (from, to) = match (
            day(&self.receipt_from, "起始日期"),
            day(&self.receipt_to, "截止日期"),
        ) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                ui.colored_label(theme::ERROR, e);
                (None, None)
            }
        };
        let q = self.receipt_query.trim().to_lowercase();
        let clerk = self.receipt_clerk.as_str();
        let rows: Vec<usize> = (0..self.receipts.len())
            .filter(|i| {
                let r = &self.receipts[*i];
                (q.is_empty()
                    || [&r.number, &r.unit, &r.owner, &r.clerk]
                        .iter()
                        .any(|f| f.to_lowercase().contains(&q)))
                    && from.is_none_or(|d| r.paid_on >= d)
                    && to.is_none_or(|d| r.paid_on <= d)
                    && (clerk.is_empty() || r.clerk == clerk)
            })
            .collect();
        if rows.len() != self.receipts.len() {
            let shown_total: i64 = rows
                .iter()
                .map(|i| &self.receipts[*i])
                .filter(|r| r.void.is_none())
                .map(|r| r.amount_fen)
                .sum();
            ui.label(format!(
                "筛选出 {} 张，有效收款合计 ¥{}。",
                rows.len(),
                yuan(shown_total)
            ));
        }
        const COLS: [Col; 8] = [
            Col::new("收据号", 110.0),
            Col::new("收款日期", 90.0),
            Col::new("房屋", 150.0),
            Col::new("业主", 70.0),
            Col::num("金额", 95.0),
            Col::new("方式", 70.0),
            Col::new("收款人", 60.0),
            Col::new("状态", 120.0),
        ];
        let receipts = &self.receipts;
        let selected = self
            .selected_receipt
            .as_deref()
            .and_then(|n| receipts.iter().position(|r| r.number == n));
        let out =
            self.receipts_table
                .show(ui, "receipts_table", &COLS, &rows, selected, |i, column| {
                    let r = &receipts[i];
                    match column {
                        0 => Cell::text(&r.number),
                        1 => Cell::Date(Some(r.paid_on)),
                        2 => Cell::text(&r.unit),
                        3 => Cell::text(&r.owner),
                        4 => Cell::Money(r.amount_fen),
                        5 => Cell::text(r.method.as_str()),
                        6 => Cell::text(&r.clerk),
                        _ => match &r.void {
                            Some((_, _, reason)) => {
                                Cell::Clip(format!("作废：{reason}"), theme::ERROR)
                            }
                            None => Cell::text("有效"),
                        },
                    }
                });
        if let Some(i) = out.selected {
            self.selected_receipt = Some(self.receipts[i].number.clone());
        }
    }

    pub(super) fn rate_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let l = ui.label("所属期间");
            ui.add(
                egui::TextEdit::singleline(&mut self.report_text)
                    .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                    .desired_width(90.0),
            )
            .labelled_by(l.id);
            let p = Period::parse(&self.report_text);
            if ui
                .add_enabled(p.is_ok(), egui::Button::new("查看"))
                .clicked()
                && let Ok(p) = p
            {
                commands.push(ChargeCommand::LoadCollection(p).into());
            }
            if let Some(p) = self.report.period {
                if ui.button("打印收缴率月报…").clicked() {
                    commands.push(ChargeCommand::Output(ChargeOutput::Collection(p)).into());
                }
                if ui.button("导出收费台账（Excel）…").clicked() {
                    commands.push(ChargeCommand::Output(ChargeOutput::Ledger(p)).into());
                }
            }
        });
        let r = &self.report;
        let period = r.period.map(|p| p.doc()).unwrap_or_default();
        ui.heading(format!("{period} 收缴率 {}", pct(r.total.rate())));
        ui.label(format!(
            "本期应收 ¥{}，本期实收 ¥{}，未收 ¥{}；收回往期欠费（清欠）¥{}，预收 ¥{}（两项单列，不计入本期收缴率）。目标 95%，低于目标的标 ▼。",
            yuan(r.total.billed_fen),
            yuan(r.total.collected_fen),
            yuan(r.total.billed_fen - r.total.collected_fen),
            yuan(r.recovered_fen),
            yuan(r.prepaid_fen)
        ));
        let tables = [&mut self.rate_tables.0, &mut self.rate_tables.1];
        ui.columns(2, |cols| {
            for ((ui, table), (title, rows, salt)) in cols.iter_mut().zip(tables).zip([
                ("楼栋", &r.buildings, "rate_buildings"),
                ("收费项目", &r.items, "rate_items"),
            ]) {
                let columns = [
                    Col::new(title, 80.0),
                    Col::num("应收", 100.0),
                    Col::num("实收", 100.0),
                    Col::num("收缴率", 80.0),
                ];
                // The total stays last, whatever the sort.
                let all: Vec<usize> = (0..rows.len()).collect();
                table.show(ui, salt, &columns, &all, None, |i, column| {
                    let (name, c) = &rows[i];
                    rate_row(name, c, column)
                });
                ui.horizontal(|ui| {
                    ui.strong(format!(
                        "合计：应收 ¥{}，实收 ¥{}，收缴率 {}",
                        yuan(r.total.billed_fen),
                        yuan(r.total.collected_fen),
                        pct(r.total.rate())
                    ));
                });
            }
        });
        ui.add_space(6.0);
        ui.strong(self.chart_title());
        self.chart(ui);
    }

    /// What the chart shows, as it shows it: the months it has, first to last.
    pub fn chart_title(&self) -> String {
        match (self.trend.first(), self.trend.last()) {
            (Some(a), Some(b)) => format!(
                "{} 至 {} 各月收缴率（{} 个月；红色虚线为 95% 目标）",
                a.0,
                b.0,
                self.trend.len()
            ),
            _ => "各月收缴率".to_string(),
        }
    }

    fn chart(&self, ui: &mut egui::Ui) {
        use egui_plot::{HLine, Line, LineStyle, Plot, Points};
        let Some(first) = self.trend.first().map(|t| t.0) else {
            ui.label("还没有已出账的期间。");
            return;
        };
        let x = |p: Period| first.months_until(p) as f64;
        let pts: Vec<[f64; 2]> = self
            .trend
            .iter()
            .map(|(p, c)| [x(*p), c.rate().unwrap_or(0) as f64 / 100.0])
            .collect();
        let below: Vec<[f64; 2]> = pts
            .iter()
            .copied()
            .filter(|p| p[1] < TARGET_RATE as f64 / 100.0)
            .collect();
        let label_of = move |v: f64| {
            let p = first.plus(v.round() as i64);
            format!("{}-{:02}", p.year % 100, p.month)
        };
        let rates: Vec<f64> = pts.iter().map(|p| p[1]).collect();
        let (lo, hi) = crate::domain::period::chart_range(&rates, TARGET_RATE as f64 / 100.0);
        Plot::new("collection_trend")
            .height(220.0)
            .include_y(lo)
            .include_y(hi)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .x_axis_formatter(move |m, _| {
                if (m.value - m.value.round()).abs() < 1e-6 {
                    label_of(m.value)
                } else {
                    String::new()
                }
            })
            .y_axis_formatter(|m, _| format!("{:.0}%", m.value))
            .show(ui, |plot| {
                plot.hline(
                    HLine::new("目标 95%", TARGET_RATE as f64 / 100.0)
                        .color(theme::ERROR)
                        .style(LineStyle::dashed_loose()),
                );
                plot.line(
                    Line::new("收缴率", pts.clone())
                        .color(egui::Color32::from_rgb(0x2E, 0x6D, 0xB4)),
                );
                plot.points(
                    Points::new("收缴率点", pts)
                        .radius(3.0)
                        .color(egui::Color32::from_rgb(0x2E, 0x6D, 0xB4)),
                );
                if !below.is_empty() {
                    plot.points(
                        Points::new("低于目标", below)
                            .radius(4.0)
                            .color(theme::ERROR),
                    );
                }
            });
    }

    pub(super) fn tab_dialogs(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if let Some(f) = &mut self.item_form {
            let close = dialog(ctx, "新增收费项目", |ui| {
                egui::Grid::new("item_form").num_columns(2).show(ui, |ui| {
                    labelled_field(ui, "收费项目", &mut f.name, "如：物业管理费");
                    crate::ui::choice(
                        ui,
                        "计费方式",
                        &mut f.kind,
                        &FeeKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                        "",
                    );
                    let unit = FeeKind::parse(&f.kind).map(|k| k.rate_unit()).unwrap_or("");
                    labelled_field(ui, "单价（元）", &mut f.rate, unit);
                    labelled_field(
                        ui,
                        "适用范围",
                        &mut f.scope,
                        "全部；或 商铺；或 1号楼、2号楼",
                    );
                    labelled_field(ui, "起始期间", &mut f.start, "2026-11");
                    ui.label("");
                    ui.checkbox(&mut f.refundable, "押金（可退还，不计收缴率）");
                    ui.end_row();
                    labelled_field(ui, "备注", &mut f.notes, "");
                });
                if let Some(e) = &f.error {
                    ui.colored_label(theme::ERROR, e);
                }
                let mut cancel = false;
                ui.horizontal(|ui| {
                    if ui.button("保存").clicked() {
                        let input = (|| -> Result<FeeItemInput, String> {
                            let kind = FeeKind::parse(&f.kind).ok_or("请选择计费方式")?;
                            let rate = if kind == FeeKind::Shared && f.rate.trim().is_empty() {
                                0
                            } else {
                                parse_rate(&f.rate)?
                            };
                            let (scope, scope_value) = crate::io::charging::parse_scope(&f.scope);
                            Ok(FeeItemInput {
                                name: f.name.clone(),
                                kind,
                                scope,
                                scope_value,
                                refundable: f.refundable,
                                start: Period::parse(&f.start)
                                    .map_err(|e| format!("起始期间：{e}"))?,
                                rate_e4: rate,
                                notes: f.notes.clone(),
                            })
                        })();
                        match input {
                            Ok(i) => commands.push(ChargeCommand::CreateItem(i).into()),
                            Err(e) => f.error = Some(e),
                        }
                    }
                    cancel = ui.button("取消").clicked();
                });
                cancel
            });
            if close {
                self.item_form = None;
            }
        }
        if let Some(f) = &mut self.rate_form {
            let close = dialog(ctx, &format!("调价：{}", f.name), |ui| {
                ui.label("新单价从起始期间起执行，已出账的期间不变（差额请另行调整）。");
                egui::Grid::new("rate_form").num_columns(2).show(ui, |ui| {
                    labelled_field(ui, "起始期间", &mut f.from, "2027-01");
                    labelled_field(ui, "新单价（元）", &mut f.rate, "如 2.80");
                });
                if let Some(e) = &f.error {
                    ui.colored_label(theme::ERROR, e);
                }
                let mut cancel = false;
                ui.horizontal(|ui| {
                    if ui.button("保存").clicked() {
                        match (Period::parse(&f.from), parse_rate(&f.rate)) {
                            (Ok(from), Ok(rate)) => commands.push(
                                ChargeCommand::SetRate {
                                    item_id: f.item_id,
                                    from,
                                    rate_e4: rate,
                                }
                                .into(),
                            ),
                            (Err(e), _) | (_, Err(e)) => f.error = Some(e),
                        }
                    }
                    cancel = ui.button("取消").clicked();
                });
                cancel
            });
            if close {
                self.rate_form = None;
            }
        }
        if let Some(o) = &mut self.output {
            let title = o.kind.title();
            let what = if o.kind.is_excel() {
                "Excel 文件"
            } else {
                "PDF 文件"
            };
            let explanation = format!("保存为 {what}：");
            let action = if o.kind.is_excel() {
                path_dialog(
                    ctx,
                    &title,
                    &explanation,
                    "保存到",
                    &mut o.path,
                    o.error.as_deref(),
                    "导出",
                )
            } else {
                crate::ui::print_dialog(ctx, &title, &explanation, &mut o.path, o.error.as_deref())
            };
            match action {
                PathAction::Browse => commands.push(ChargeCommand::BrowseOutput.into()),
                PathAction::Close => self.output = None,
                a => super::print_or_save(a, commands, |path| {
                    ChargeCommand::Write(o.kind.clone(), path).into()
                }),
            }
        }
        if let Some(i) = &mut self.import {
            match path_dialog(
                ctx,
                i.kind.title(),
                &format!(
                    "Excel（.xlsx）或 CSV 文件。{} 有任何一行出错则整份不导入，并列出每处错误。",
                    i.kind.columns()
                ),
                "文件路径",
                &mut i.path,
                i.error.as_deref(),
                "导入",
            ) {
                PathAction::None | PathAction::Print(_) => {}
                PathAction::Browse => commands.push(ChargeCommand::BrowseImport.into()),
                PathAction::Go(path) => commands.push(ChargeCommand::Import(i.kind, path).into()),
                PathAction::Close => self.import = None,
            }
        }
    }
}

fn reading_of(r: &ReadingEdit, item_id: i64, period: Period) -> Result<ReadingInput, String> {
    Ok(ReadingInput {
        unit_id: r.unit_id,
        item_id,
        period,
        current_h: parse_hundredths(&r.current, "本期读数")?,
        replaced: r.replaced,
        start_h: if r.start.trim().is_empty() {
            0
        } else {
            parse_hundredths(&r.start, "新表起始读数")?
        },
    })
}
