//! 考核: the month's scorecards (a list of staff, the card form with a count stepper per item,
//! the records' suggestions to confirm or dismiss, submit with the staff member's signature,
//! lock, print the pack), and the tabs in `assessment_tabs`: suggestions of the whole month,
//! the quarter and the year, templates, and the buildings each person looks after.

use crate::app::{AssessCommand, AssessOutput, Command};
use crate::db::assessment::{Card, MonthRow, QualityRow, Suggestion, TemplateRow};
use crate::domain::assessment::{CardState, QualityRules, Quarter, card_deadline, card_total};
use crate::domain::period::Period;
use crate::ui::table::{Cell, Col};
use crate::ui::{PathForm, dialog, labelled_field, theme};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Everything the screen shows, loaded together.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessData {
    pub rows: Vec<MonthRow>,
    pub suggestions: Vec<Suggestion>,
    pub templates: Vec<TemplateRow>,
    pub buildings: BTreeMap<i64, Vec<String>>,
    pub all_buildings: Vec<String>,
    pub departments: Vec<String>,
    pub positions: Vec<String>,
    /// Staff whom no template fits this month, each said as a sentence.
    pub without_template: Vec<String>,
    /// Per department, the quarter's valid complaints and missing revisits from the records.
    pub quality_records: std::collections::BTreeMap<String, (i64, i64)>,
    pub rules: QualityRules,
    pub quality: Vec<QualityRow>,
    /// (staff, department, months scored, average in hundredths) over the quarter.
    pub averages: Vec<(String, String, i64, i64)>,
    /// The same over the quarter's year.
    pub annual: Vec<(String, String, i64, i64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssessTab {
    Month,
    Suggestions,
    Quarter,
    Templates,
    Areas,
}

impl AssessTab {
    const ALL: [AssessTab; 5] = [
        AssessTab::Month,
        AssessTab::Suggestions,
        AssessTab::Quarter,
        AssessTab::Templates,
        AssessTab::Areas,
    ];

    fn label(self) -> &'static str {
        match self {
            AssessTab::Month => "月度考核",
            AssessTab::Suggestions => "记录建议",
            AssessTab::Quarter => "季度与年度",
            AssessTab::Templates => "考核模板",
            AssessTab::Areas => "所辖区域",
        }
    }
}

/// The manager's own count for one item, as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemDraft {
    pub times: i64,
    pub dates: String,
    pub evidence: String,
}

pub struct AssessView {
    /// This frame's moment, from the app's clock (the view never reads the wall clock).
    pub now: chrono::NaiveDateTime,
    /// The signed-in user's role may fill, file and lock scorecards (no users: yes).
    pub may_write: bool,
    /// Templates, areas and rules (the 设置 permission).
    pub may_set: bool,
    pub stale: bool,
    /// Set once the month has been chosen (by the person, or on first load).
    pub month_chosen: bool,
    /// The month's list sorted by a header click (排名 to read it as a ranking); None is the
    /// departments' order.
    /// The month's list; its sort is kept across reloads.
    list_table: crate::ui::table::Table,
    pub(super) tab: AssessTab,
    month: Period,
    month_text: String,
    quarter: Quarter,
    pub(super) quarter_text: String,
    pub(super) data: Option<AssessData>,
    card: Option<Card>,
    /// item id → the hand-typed deduction of the open card.
    drafts: BTreeMap<i64, ItemDraft>,
    comment: String,
    /// 考核人: recorded on deductions and the filed card.
    pub manager: String,
    ack: String,
    dismiss: Option<(Suggestion, String)>,
    pub(super) error: Option<String>,
    pub output: Option<PathForm<AssessOutput>>,
    pub(super) tabs: super::assessment_tabs::TabsState,
}

impl AssessView {
    /// Past midnight: unless a month was chosen, the month shown follows the new day (last month
    /// until the 10th, then this month).
    pub fn day_changed(&mut self, to: chrono::NaiveDateTime) {
        if !self.month_chosen {
            let fresh = AssessView::new(to);
            if fresh.month != self.month {
                self.month = fresh.month;
                self.month_text = fresh.month_text;
                self.card = None;
                self.data = None;
            }
        }
    }

    /// The screen as it first opens at `now`.
    pub fn new(now: chrono::NaiveDateTime) -> Self {
        let today = now.date();
        // Until the 10th the month being assessed is last month (seed 000's deadline).
        let this = Period::of(today);
        let month = if chrono::Datelike::day(&today) <= 10 {
            this.plus(-1)
        } else {
            this
        };
        let quarter = Quarter::of(this.plus(-3));
        AssessView {
            may_write: true,
            may_set: true,
            now,
            stale: true,
            month_chosen: false,
            list_table: crate::ui::table::Table::default().with_keyboard(),
            tab: AssessTab::Month,
            month,
            month_text: month.to_string(),
            quarter,
            quarter_text: quarter.to_string(),
            data: None,
            card: None,
            drafts: BTreeMap::new(),
            comment: String::new(),
            manager: String::new(),
            ack: String::new(),
            dismiss: None,
            error: None,
            output: None,
            tabs: Default::default(),
        }
    }
}

fn push(commands: &mut Vec<Command>, c: AssessCommand) {
    commands.push(c.into());
}

impl AssessView {
    pub fn month(&self) -> Period {
        self.month
    }

    pub fn set_month(&mut self, m: Period) {
        self.month_chosen = true;
        if m != self.month {
            self.card = None;
            self.drafts.clear();
        }
        self.month = m;
        self.month_text = m.to_string();
    }

    pub fn quarter(&self) -> Quarter {
        self.quarter
    }

    pub fn set_quarter(&mut self, q: Quarter) {
        self.quarter = q;
        self.quarter_text = q.to_string();
    }

    pub fn set_data(&mut self, d: AssessData) {
        self.tabs.sync(&d);
        self.data = Some(d);
        self.list_table.invalidate();
    }

    pub fn rows(&self) -> &[MonthRow] {
        self.data.as_ref().map(|d| d.rows.as_slice()).unwrap_or(&[])
    }

    pub fn suggestions(&self) -> &[Suggestion] {
        self.data
            .as_ref()
            .map(|d| d.suggestions.as_slice())
            .unwrap_or(&[])
    }

    /// A department's quarter as typed (or filled from the records).
    pub fn quality_draft(&self, department: &str) -> Option<&super::assessment_tabs::QualityDraft> {
        self.tabs.quality.get(department)
    }

    pub fn card(&self) -> Option<&Card> {
        self.card.as_ref()
    }

    pub fn open_card_id(&self) -> Option<i64> {
        self.card.as_ref().map(|c| c.id)
    }

    /// Shows a card, its hand-typed counts as the stepper's starting values.
    /// The hand-typed deductions as stored.
    fn stored_drafts(c: &Card) -> BTreeMap<i64, ItemDraft> {
        c.deductions
            .iter()
            .filter(|d| d.source.is_none())
            .map(|d| {
                (
                    d.item_id,
                    ItemDraft {
                        times: d.times,
                        dates: d.dates.clone(),
                        evidence: d.evidence.clone(),
                    },
                )
            })
            .collect()
    }

    /// Whether the stepper, dates, evidence or comment differ from what is stored.
    pub fn unsaved(&self) -> bool {
        let Some(c) = &self.card else {
            return false;
        };
        if c.state != CardState::Draft {
            return false;
        }
        let stored = Self::stored_drafts(c);
        // As saving stores them: only counted items, text trimmed.
        let typed: BTreeMap<i64, ItemDraft> = self
            .drafts
            .iter()
            .filter(|(_, d)| d.times > 0)
            .map(|(k, d)| {
                (
                    *k,
                    ItemDraft {
                        times: d.times,
                        dates: d.dates.trim().to_string(),
                        evidence: d.evidence.trim().to_string(),
                    },
                )
            })
            .collect();
        typed != stored || self.comment.trim() != c.comment
    }

    /// Shows a card. Reloading the card on screen (after confirming a suggestion, say) keeps
    /// what was typed and not yet saved.
    pub fn set_card(&mut self, c: Card) {
        let same = self.card.as_ref().map(|x| x.id) == Some(c.id);
        if !same || c.state != CardState::Draft {
            self.drafts = Self::stored_drafts(&c);
        }
        if !same {
            self.comment = c.comment.clone();
            self.ack = if c.acknowledged_by.is_empty() {
                c.staff.clone()
            } else {
                c.acknowledged_by.clone()
            };
            if !c.manager.is_empty() {
                self.manager = c.manager.clone();
            }
        }
        self.card = Some(c);
    }

    pub fn close_dialogs(&mut self) {
        self.dismiss = None;
        self.error = None;
        self.tabs.close_dialogs();
    }

    pub fn form_error(&mut self, e: String) {
        self.error = Some(e);
    }

    pub fn open_output(&mut self, kind: AssessOutput) {
        let name = kind.file_name();
        self.output = Some(super::output_form(kind, &name));
    }

    pub fn output_kind(&self) -> Option<&AssessOutput> {
        self.output.as_ref().map(|o| &o.kind)
    }

    pub fn set_output_path(&mut self, path: PathBuf) {
        if let Some(o) = &mut self.output {
            o.path = path.display().to_string();
            o.error = None;
        }
    }

    pub fn set_output_error(&mut self, e: String) {
        if let Some(o) = &mut self.output {
            o.error = Some(e);
        }
    }

    /// The score as the form stands, before saving: typed counts plus confirmed suggestions.
    pub fn live_total(&self) -> Option<i64> {
        let c = self.card.as_ref()?;
        let points: BTreeMap<i64, i64> = c.items.iter().map(|i| (i.id, i.points)).collect();
        let mut lost: Vec<(i64, i64)> = c
            .deductions
            .iter()
            .filter(|d| d.source.is_some())
            .map(|d| (points.get(&d.item_id).copied().unwrap_or(0), d.times))
            .collect();
        lost.extend(
            self.drafts
                .iter()
                .map(|(id, d)| (points.get(id).copied().unwrap_or(0), d.times)),
        );
        Some(card_total(&lost))
    }

    /// Saves the stepper's counts, dates, evidence and the comment of the open card.
    fn save_command(&self, card_id: i64) -> AssessCommand {
        AssessCommand::SaveManual {
            card_id,
            items: self.manual_inputs(),
            comment: self.comment.clone(),
        }
    }

    fn manual_inputs(&self) -> Vec<crate::db::assessment::DeductionInput> {
        let Some(c) = &self.card else {
            return Vec::new();
        };
        c.items
            .iter()
            .map(|i| {
                let d = self.drafts.get(&i.id).cloned().unwrap_or_default();
                crate::db::assessment::DeductionInput {
                    item_id: i.id,
                    times: d.times,
                    dates: d.dates,
                    evidence: d.evidence,
                }
            })
            .collect()
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            for t in AssessTab::ALL {
                let label = match t {
                    AssessTab::Suggestions if !self.suggestions().is_empty() => {
                        format!("{}（{}）", t.label(), self.suggestions().len())
                    }
                    _ => t.label().to_string(),
                };
                if ui.selectable_label(self.tab == t, label).clicked() {
                    self.tab = t;
                }
            }
        });
        ui.separator();
        match self.tab {
            AssessTab::Month => self.month_ui(ui, commands),
            AssessTab::Suggestions => self.suggestions_ui(ui, commands),
            AssessTab::Quarter => self.quarter_ui(ui, commands),
            AssessTab::Templates => self.templates_ui(ui, commands),
            AssessTab::Areas => self.areas_ui(ui, commands),
        }
        self.dialogs(ui.ctx(), commands);
    }

    pub(super) fn month_bar(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let l = ui.label("考核月份");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.month_text)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                        .desired_width(80.0),
                )
                .labelled_by(l.id);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("查看").clicked() || enter {
                match Period::parse(&self.month_text) {
                    Ok(m) => push(commands, AssessCommand::LoadMonth(m)),
                    Err(e) => self.error = Some(e),
                }
            }
            if ui.small_button("上月").clicked() {
                push(commands, AssessCommand::LoadMonth(self.month.plus(-1)));
            }
            if ui.small_button("下月").clicked() {
                push(commands, AssessCommand::LoadMonth(self.month.plus(1)));
            }
            ui.separator();
            let l = ui.label("考核人");
            ui.add(
                egui::TextEdit::singleline(&mut self.manager)
                    .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                    .hint_text("负责人姓名")
                    .desired_width(90.0),
            )
            .labelled_by(l.id);
            ui.separator();
            if ui.button("打印本月考核资料…").clicked() {
                push(
                    commands,
                    AssessCommand::Output(AssessOutput::Pack(self.month)),
                );
            }
        });
        let rows = self.rows();
        let filed = rows.len() - crate::db::assessment::unfiled(rows);
        let deadline = card_deadline(self.month);
        let late = self.now.date() > deadline && filed < rows.len();
        let text = format!(
            "{}：共 {} 人，已提交 {} 人，未提交 {} 人；截止 {}",
            self.month.doc(),
            rows.len(),
            filed,
            rows.len() - filed,
            crate::domain::date::doc_date(deadline)
        );
        if late {
            ui.colored_label(theme::ERROR, format!("{text}（已过截止日期）"));
        } else {
            ui.colored_label(theme::MUTED, text);
        }
        let unscored = self
            .data
            .as_ref()
            .map(|d| d.without_template.clone())
            .unwrap_or_default();
        for line in unscored {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(theme::WARNING, line);
                if ui.link("前往 考核模板").clicked() {
                    self.tab = AssessTab::Templates;
                }
            });
        }
        if let Some(e) = &self.error {
            ui.colored_label(theme::ERROR, e);
        }
    }

    fn month_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        self.month_bar(ui, commands);
        egui::Panel::left("assess_staff")
            .resizable(true)
            .default_size(430.0)
            .show(ui, |ui| {
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                let pending: BTreeMap<i64, usize> =
                    self.suggestions().iter().fold(BTreeMap::new(), |mut m, s| {
                        *m.entry(s.staff_id).or_insert(0) += 1;
                        m
                    });
                const COLS: [Col; 5] = [
                    Col::num("排名", 55.0),
                    Col::new("姓名", 120.0).up_to(200.0),
                    Col::new("部门", 60.0).up_to(90.0),
                    Col::num("得分", 55.0),
                    Col::new("状态", 50.0),
                ];
                let rows = self.data.as_ref().map(|d| d.rows.as_slice()).unwrap_or(&[]);
                let chosen = self.card.as_ref().map(|c| c.staff_id);
                let selected = rows.iter().position(|r| Some(r.staff_id) == chosen);
                let all: Vec<usize> = (0..rows.len()).collect();
                let out =
                    self.list_table
                        .show(ui, "assess_rows", &COLS, &all, selected, |i, column| {
                            let r = &rows[i];
                            match column {
                                0 => Cell::Number(r.rank.to_string(), r.rank as i64),
                                1 => Cell::Text(match pending.get(&r.staff_id) {
                                    Some(n) => format!("{}（建议 {n}）", r.staff),
                                    None => r.staff.clone(),
                                }),
                                2 => Cell::text(&r.department),
                                3 if r.total < 70 => {
                                    Cell::ColoredNumber(r.total.to_string(), r.total, theme::ERROR)
                                }
                                3 => Cell::Number(r.total.to_string(), r.total),
                                _ => match r.state {
                                    Some(CardState::Draft) => {
                                        Cell::Colored("草稿".into(), theme::WARNING)
                                    }
                                    Some(s) => Cell::Colored(s.as_str().into(), theme::SUCCESS),
                                    None => Cell::Colored("未建".into(), theme::MUTED),
                                },
                            }
                        });
                let open = out.selected.map(|i| rows[i].staff_id);
                if let Some(id) = open {
                    // Nothing typed is lost by turning to the next person.
                    if let Some(card_id) = self.open_card_id().filter(|_| self.unsaved()) {
                        push(commands, self.save_command(card_id));
                    }
                    push(commands, AssessCommand::OpenCard(id));
                }
            });
        egui::ScrollArea::vertical()
            .id_salt("assess_card")
            .show(ui, |ui| self.card_ui(ui, commands));
    }

    fn card_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some(card) = self.card.clone() else {
            ui.label("在左侧点一位员工，填写本月考核表。");
            return;
        };
        // Read-only for a role that may not assess: the card shows, nothing changes it.
        let draft = card.state == CardState::Draft && self.may_write;
        ui.heading(format!(
            "{}　{}　{}",
            card.staff,
            card.department,
            if card.position.is_empty() {
                "—"
            } else {
                &card.position
            }
        ));
        ui.colored_label(
            theme::MUTED,
            format!(
                "{}　模板：{}（第 {} 版）　状态：{}",
                card.month.doc(),
                card.template,
                card.version,
                card.state
            ),
        );
        let total = self.live_total().unwrap_or(100);
        ui.label(
            egui::RichText::new(format!(
                "得分 {total} 分（{}）",
                card.bands.grade(total * 100)
            ))
            .size(20.0)
            .color(if total < 70 {
                theme::ERROR
            } else {
                theme::SUCCESS
            }),
        );

        self.card_actions(ui, &card, commands);

        // The records' suggestions for this person.
        let mine: Vec<Suggestion> = self
            .suggestions()
            .iter()
            .filter(|s| s.staff_id == card.staff_id)
            .cloned()
            .collect();
        if draft && !mine.is_empty() {
            ui.add_space(4.0);
            ui.strong("记录建议（请确认或驳回）");
            for s in mine {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.label(format!(
                        "【{}】{}：每次 {} 分 × {} 次 = 扣 {} 分",
                        s.rule,
                        s.item,
                        s.points,
                        s.times,
                        s.points * s.times
                    ));
                    ui.colored_label(theme::MUTED, &s.citation);
                    ui.horizontal(|ui| {
                        if ui.button(format!("确认扣分：{}", s.rule)).clicked() {
                            push(commands, AssessCommand::Confirm(s.clone()));
                        }
                        if ui.button(format!("驳回…：{}", s.rule)).clicked() {
                            self.dismiss = Some((s.clone(), String::new()));
                        }
                    });
                });
            }
        }

        ui.add_space(6.0);
        let mut category = "";
        egui::Grid::new("card_items")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                for it in &card.items {
                    if it.category != category {
                        ui.strong(&it.category);
                        ui.end_row();
                        category = &it.category;
                    }
                    // Long item names wrap, so that the steppers and the evidence fields
                    // beside them stay inside a 1280-pixel window.
                    let name_label = ui
                        .scope(|ui| {
                            ui.set_max_width(250.0);
                            ui.add(egui::Label::new(&it.name).wrap())
                        })
                        .inner;
                    ui.label(format!("每次 {} 分", it.points));
                    let d = self.drafts.entry(it.id).or_default();
                    ui.horizontal(|ui| {
                        let minus = ui.add_enabled(draft && d.times > 0, egui::Button::new("−"));
                        minus.widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::Role::Button,
                                draft && d.times > 0,
                                format!("{} 减一次", it.name),
                            )
                        });
                        if minus.clicked() {
                            d.times -= 1;
                        }
                        ui.add_enabled(
                            draft,
                            egui::DragValue::new(&mut d.times).range(0..=99).speed(0.1),
                        )
                        .labelled_by(name_label.id);
                        let plus = ui.add_enabled(draft, egui::Button::new("+"));
                        plus.widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::Role::Button,
                                draft,
                                format!("{} 加一次", it.name),
                            )
                        });
                        if plus.clicked() {
                            d.times += 1;
                        }
                    });
                    if d.times > 0 || !d.dates.is_empty() || !d.evidence.is_empty() {
                        ui.add_enabled(
                            draft,
                            egui::TextEdit::singleline(&mut d.dates)
                                .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                                .hint_text("日期")
                                .min_size(egui::vec2(90.0, 0.0))
                                .desired_width(90.0),
                        );
                        ui.add_enabled(
                            draft,
                            egui::TextEdit::singleline(&mut d.evidence)
                                .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                                .hint_text("说明（证据）")
                                .desired_width(180.0),
                        );
                    } else {
                        ui.label("");
                        ui.label("");
                    }
                    ui.end_row();
                    for x in card
                        .deductions
                        .iter()
                        .filter(|x| x.item_id == it.id && x.source.is_some())
                    {
                        ui.colored_label(
                            theme::WARNING,
                            format!("　已确认记录建议：{} 次", x.times),
                        );
                        ui.label(format!("扣 {} 分", x.times * it.points));
                        if draft && ui.small_button("撤销").clicked() {
                            push(commands, AssessCommand::RemoveDeduction(x.id));
                        }
                        ui.end_row();
                        // The records' evidence under the item's name, short enough not to
                        // widen the card's columns (the steppers stay on screen); all of it
                        // on hover.
                        ui.colored_label(
                            theme::MUTED,
                            crate::domain::text::excerpt_n(&x.evidence, 24),
                        )
                        .on_hover_text(&x.evidence);
                        ui.end_row();
                    }
                }
            });
        ui.add_space(6.0);
        egui::Grid::new("card_foot").num_columns(2).show(ui, |ui| {
            let l = ui.label("考核人意见");
            ui.add_enabled(
                draft,
                egui::TextEdit::multiline(&mut self.comment)
                    .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                    .desired_rows(2)
                    .desired_width(420.0),
            )
            .labelled_by(l.id);
            ui.end_row();
        });
    }

    /// Save, file, lock and print: at the top of the card, so a long form needs no scrolling.
    fn card_actions(&mut self, ui: &mut egui::Ui, card: &Card, commands: &mut Vec<Command>) {
        // Read-only for a role that may not assess: the card shows, nothing changes it.
        let draft = card.state == CardState::Draft && self.may_write;
        if let Some(e) = &self.error {
            ui.colored_label(theme::ERROR, e);
        }
        ui.horizontal_wrapped(|ui| {
            if draft {
                let l = ui.label("被考核人签字确认");
                ui.add(
                    egui::TextEdit::singleline(&mut self.ack)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                        .hint_text("被考核人姓名")
                        .desired_width(90.0),
                )
                .labelled_by(l.id);
                if self.unsaved() {
                    ui.colored_label(theme::WARNING, "有未保存的修改");
                }
                if ui.button("保存考核表").clicked() {
                    push(commands, self.save_command(card.id));
                }
                if ui.button("提交（签字确认）").clicked() {
                    push(commands, self.save_command(card.id));
                    push(
                        commands,
                        AssessCommand::Submit {
                            card_id: card.id,
                            manager: self.manager.clone(),
                            acknowledged_by: self.ack.clone(),
                            comment: self.comment.clone(),
                        },
                    );
                }
            } else {
                ui.colored_label(
                    theme::MUTED,
                    format!(
                        "已由 {} 签字确认，考核人 {}{}",
                        card.acknowledged_by,
                        card.manager,
                        card.submitted_at
                            .as_deref()
                            .map(|t| format!("（{t}）"))
                            .unwrap_or_default()
                    ),
                );
            }
            if self.may_write && card.state == CardState::Submitted && ui.button("锁定").clicked()
            {
                push(commands, AssessCommand::Lock(card.id));
            }
            if ui.button("打印本表…").clicked() {
                push(
                    commands,
                    AssessCommand::Output(AssessOutput::Card {
                        card_id: card.id,
                        name: card.staff.clone(),
                    }),
                );
            }
        });
    }

    pub(super) fn dismiss_dialog(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some((s, reason)) = &mut self.dismiss else {
            return;
        };
        let mut go = None;
        let close = dialog(ctx, "驳回建议", |ui| {
            ui.label(format!("{}：【{}】{}", s.staff, s.rule, s.item));
            ui.colored_label(theme::MUTED, &s.citation);
            egui::Grid::new("dismiss").num_columns(2).show(ui, |ui| {
                labelled_field(ui, "驳回理由", reason, "必填，如：已核实非本人责任");
            });
            if let Some(e) = &self.error {
                ui.colored_label(theme::ERROR, e);
            }
            let mut cancel = false;
            ui.horizontal(|ui| {
                if ui.button("驳回").clicked() {
                    go = Some((s.clone(), reason.clone()));
                }
                if ui.button("取消").clicked() {
                    cancel = true;
                }
            });
            cancel
        });
        if let Some((s, r)) = go {
            push(commands, AssessCommand::Dismiss(s, r));
        }
        if close {
            self.dismiss = None;
        }
    }

    fn dialogs(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        self.dismiss_dialog(ctx, commands);
        self.tabs_dialogs(ctx, commands);
        super::pdf_output_window(
            ctx,
            &mut self.output,
            AssessOutput::title,
            commands,
            || AssessCommand::BrowseOutput.into(),
            |kind, path| AssessCommand::Write(kind, path).into(),
        );
    }

    pub(super) fn start_dismiss(&mut self, s: Suggestion) {
        self.dismiss = Some((s, String::new()));
    }
}
