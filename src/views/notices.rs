//! 通知公告: pick a template, fill its fields (dates typed `12-3 9:00` or picked), choose where it
//! goes, see the A4 page as it will print, and print it with the year's next reference number.
//! Below, this year's notices: reprint one exactly, or copy it into a new one. The templates
//! themselves are edited in 设置 › 通知模板 (`TemplateEditor`).

use crate::app::Command;
use crate::db::notices::{NoticeDraft, NoticeRow, TemplateRow};
use crate::db::settings::OfficeSettings;
use crate::domain::notices::{self as n, FieldKind, Target};
use crate::ui::table::{Cell, Col, Table};
use crate::ui::theme;
use chrono::{Datelike, NaiveDate};

/// The notice as it would print (its copies, each with where it goes), or what stops it.
type Preview = Result<(NoticeRow, Vec<(String, n::Filled)>), String>;

/// What the window asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum NoticeCommand {
    /// Issue the notice (take a number, write the PDF, record it).
    Issue(NoticeDraft, std::path::PathBuf),
    Reprint(i64, std::path::PathBuf),
    BrowseOutput,
    SaveTemplate(Option<i64>, n::Template),
    SavePrefix(String),
}

impl From<NoticeCommand> for Command {
    fn from(c: NoticeCommand) -> Command {
        Command::Notices(c)
    }
}

/// What the print window will write.
#[derive(Debug, Clone, PartialEq)]
pub enum NoticeOutput {
    Issue(NoticeDraft),
    Reprint(i64, String),
}

impl NoticeOutput {
    pub fn title(&self) -> String {
        match self {
            NoticeOutput::Issue(_) => "打印通知（取文号并登记）".into(),
            NoticeOutput::Reprint(_, number) => format!("重印 {number}"),
        }
    }
}

/// Everything the screen shows, loaded by the app.
#[derive(Debug, Clone, Default)]
pub struct NoticesData {
    pub templates: Vec<TemplateRow>,
    pub notices: Vec<NoticeRow>,
    pub buildings: Vec<(String, Vec<String>)>,
    pub office: OfficeSettings,
    pub prefix: String,
    pub year: i32,
}

#[derive(Default)]
pub struct NoticesView {
    pub now: chrono::NaiveDateTime,
    /// The signed-in user's role may issue notices (no users: yes).
    pub may_issue: bool,
    pub stale: bool,
    data: NoticesData,
    template_id: Option<i64>,
    /// The clerk's inputs, by field name.
    inputs: Vec<(String, String)>,
    estate: bool,
    buildings: Vec<String>,
    entrances: Vec<(String, String)>,
    per_entrance: bool,
    pub by: String,
    copied_from: Option<i64>,
    /// The field whose calendar is open, and the month it shows.
    picker: Option<(String, NaiveDate)>,
    selected: Option<i64>,
    table: Table,
    pub output: Option<crate::ui::PathForm<NoticeOutput>>,
}

const COLS: [Col; 5] = [
    Col::new("文号", 140.0),
    Col::new("发文日期", 84.0),
    Col::new("标题", 100.0),
    Col::new("范围", 120.0),
    Col::new("经办", 56.0),
];

impl NoticesView {
    pub fn new() -> Self {
        NoticesView {
            may_issue: true,
            stale: true,
            ..Default::default()
        }
    }

    pub fn set_data(&mut self, data: NoticesData) {
        self.data = data;
        if self.by.trim().is_empty()
            && let Some(last) = self.data.notices.first()
        {
            // Whoever issued the last notice most likely issues the next.
            self.by = last.issued_by.clone();
        }
        let known = |id: i64| self.data.templates.iter().any(|t| t.id == id);
        if !self.template_id.is_some_and(known) {
            let first = self
                .data
                .templates
                .iter()
                .find(|t| !t.template.dunning)
                .map(|t| t.id);
            self.choose_template(first);
        }
        self.table.invalidate();
    }

    pub fn data(&self) -> &NoticesData {
        &self.data
    }

    fn template(&self) -> Option<&TemplateRow> {
        self.data
            .templates
            .iter()
            .find(|t| Some(t.id) == self.template_id)
    }

    /// Chooses a template, keeping what was typed in fields of the same name.
    pub fn choose_template(&mut self, id: Option<i64>) {
        self.template_id = id;
        let fields = self
            .template()
            .and_then(|t| t.template.input_fields().ok())
            .unwrap_or_default();
        let old = std::mem::take(&mut self.inputs);
        self.inputs = fields
            .into_iter()
            .map(|f| {
                let v = old
                    .iter()
                    .find(|(n, _)| *n == f)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                (f, v)
            })
            .collect();
        self.picker = None;
    }

    /// Chooses a template by its name (tests and the home screen).
    pub fn choose_template_named(&mut self, name: &str) {
        let id = self
            .data
            .templates
            .iter()
            .find(|t| t.template.name == name)
            .map(|t| t.id);
        self.choose_template(id);
    }

    fn targets(&self) -> Vec<Target> {
        if self.estate {
            return vec![Target::Estate];
        }
        let mut t: Vec<Target> = self
            .buildings
            .iter()
            .map(|b| Target::Building(b.clone()))
            .collect();
        t.extend(
            self.entrances
                .iter()
                .filter(|(b, _)| !self.buildings.contains(b))
                .map(|(b, e)| Target::Entrance(b.clone(), e.clone())),
        );
        t
    }

    fn draft(&self) -> Option<NoticeDraft> {
        Some(NoticeDraft {
            template_id: self.template_id?,
            inputs: self.inputs.clone(),
            targets: self.targets(),
            per_entrance: self.per_entrance,
            copied_from: self.copied_from,
        })
    }

    /// The notice as it would print now (number not yet taken), or what stops it, by name.
    fn preview(&self) -> Preview {
        let t = self.template().ok_or("请选择通知模板")?;
        if t.template.dunning {
            return Err("催缴通知书按欠费房屋逐户打印：请在 收费台账 › 欠费与催缴 中打印".into());
        }
        let today = self.now.date();
        let fields = n::resolve_inputs(&t.template, &self.inputs, today)?;
        let targets = self.targets();
        if targets.is_empty() {
            return Err("请选择通知的范围（全小区、楼栋或单元）".into());
        }
        let copies = if self.per_entrance {
            n::entrances(&targets, &self.data.buildings)
        } else {
            Vec::new()
        };
        let row = NoticeRow {
            id: 0,
            year: today.year(),
            seq: 0,
            number: String::new(),
            template_id: Some(t.id),
            template_name: t.template.name.clone(),
            title: t.template.title.clone(),
            body: t.template.body.clone(),
            fields,
            targets,
            per_entrance: self.per_entrance,
            copies,
            issued_on: today,
            issued_by: self.by.clone(),
            created_at: String::new(),
            copied_from: self.copied_from,
        };
        let filled = crate::pdf::notices::filled_copies(&self.data.office, &row)
            .map_err(|e| e.to_string())?;
        Ok((row, filled))
    }

    /// Copies an issued notice's template, fields and targets into the form.
    pub fn copy_from(&mut self, id: i64) {
        let Some(src) = self.data.notices.iter().find(|r| r.id == id).cloned() else {
            return;
        };
        let template = src
            .template_id
            .filter(|t| self.data.templates.iter().any(|x| x.id == *t));
        self.inputs = src
            .fields
            .iter()
            .filter(|f| !f.input.is_empty())
            .map(|f| (f.name.clone(), f.input.clone()))
            .collect();
        self.choose_template(template);
        self.estate = src.targets.contains(&Target::Estate);
        self.buildings = src
            .targets
            .iter()
            .filter_map(|t| match t {
                Target::Building(b) => Some(b.clone()),
                _ => None,
            })
            .collect();
        self.entrances = src
            .targets
            .iter()
            .filter_map(|t| match t {
                Target::Entrance(b, e) => Some((b.clone(), e.clone())),
                _ => None,
            })
            .collect();
        self.per_entrance = src.per_entrance;
        self.copied_from = Some(src.id);
    }

    pub fn issued(&mut self, row: &NoticeRow) {
        self.output = None;
        self.selected = Some(row.id);
        self.copied_from = None;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let number = n::reference(&self.data.prefix, self.now.year(), self.next_seq());
        ui.horizontal(|ui| {
            ui.heading("通知公告");
            ui.colored_label(
                theme::MUTED,
                format!("下一个文号 {number}；模板在 设置 › 通知模板 中修改"),
            );
        });
        ui.add_space(4.0);
        let preview = self.preview();
        let width = ui.available_width();
        let left = (width * 0.5).clamp(440.0, 620.0);
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(left);
                egui::ScrollArea::vertical()
                    .id_salt("notice_form")
                    .show(ui, |ui| {
                        self.form_ui(ui, &preview);
                        ui.add_space(10.0);
                        self.register_ui(ui);
                    });
            });
            ui.separator();
            ui.vertical(|ui| {
                egui::ScrollArea::vertical()
                    .id_salt("notice_preview")
                    .show(ui, |ui| {
                        page_preview(ui, &self.data.office, &preview, &number)
                    });
            });
        });
        self.output_window(ui.ctx(), commands);
    }

    fn form_ui(&mut self, ui: &mut egui::Ui, preview: &Preview) {
        ui.strong("发通知");
        let mut chosen = self.template_id;
        egui::Grid::new("notice_form_grid")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label("模板");
                let name = self
                    .template()
                    .map(|t| t.template.name.clone())
                    .unwrap_or_else(|| "（请选择）".into());
                egui::ComboBox::from_id_salt("notice_template")
                    .selected_text(name)
                    .width(theme::FIELD_WIDTH)
                    .show_ui(ui, |ui| {
                        for t in &self.data.templates {
                            ui.selectable_value(&mut chosen, Some(t.id), &t.template.name);
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
                let today = self.now.date();
                for (name, value) in &mut self.inputs {
                    let kind = n::field_kind(name);
                    let l = ui.label(name.as_str());
                    ui.horizontal(|ui| {
                        let hint = match kind {
                            FieldKind::Date => "如 12-3",
                            FieldKind::DateTime => "如 12-3 9:00",
                            _ if name == n::PHONE_FIELD => "不填用管理处电话",
                            _ => "",
                        };
                        ui.add_sized(
                            [180.0, 22.0],
                            egui::TextEdit::singleline(value)
                                .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                                .hint_text(hint),
                        )
                        .labelled_by(l.id);
                        if matches!(kind, FieldKind::Date | FieldKind::DateTime)
                            && ui
                                .small_button("日历")
                                .on_hover_text(format!("选择{name}的日期"))
                                .clicked()
                        {
                            let month = n::format_value(name, value, today)
                                .ok()
                                .and_then(|_| {
                                    n::parse_day(value.split_whitespace().next()?, today).ok()
                                })
                                .unwrap_or(today);
                            self.picker = match &self.picker {
                                Some((f, _)) if f == name => None,
                                _ => Some((name.clone(), month.with_day(1).unwrap_or(month))),
                            };
                        }
                        match n::format_value(name, value, today) {
                            Ok(t) if kind != FieldKind::Text && !t.is_empty() => {
                                ui.colored_label(theme::MUTED, t);
                            }
                            Err(e) => {
                                ui.colored_label(theme::ERROR, e);
                            }
                            _ => {}
                        }
                    });
                    ui.end_row();
                }
            });
        if chosen != self.template_id {
            self.choose_template(chosen);
        }
        self.picker_ui(ui);
        ui.add_space(6.0);
        ui.strong("范围");
        ui.checkbox(
            &mut self.estate,
            format!("全小区（{}）", self.data.office.estate_name),
        );
        if !self.estate {
            ui.horizontal_wrapped(|ui| {
                for (b, _) in &self.data.buildings {
                    let mut on = self.buildings.contains(b);
                    if ui.checkbox(&mut on, b.as_str()).changed() {
                        if on {
                            self.buildings.push(b.clone());
                        } else {
                            self.buildings.retain(|x| x != b);
                        }
                    }
                }
            });
            egui::CollapsingHeader::new("只发到某些单元")
                .id_salt("notice_entrances")
                .show(ui, |ui| {
                    for (b, es) in &self.data.buildings {
                        if self.buildings.contains(b) {
                            continue;
                        }
                        ui.horizontal_wrapped(|ui| {
                            ui.label(b.as_str());
                            for e in es {
                                let key = (b.clone(), e.clone());
                                let mut on = self.entrances.contains(&key);
                                let label = if e.is_empty() {
                                    "（整栋）"
                                } else {
                                    e.as_str()
                                };
                                if ui
                                    .checkbox(&mut on, label)
                                    .on_hover_text(format!("{b}{e}"))
                                    .changed()
                                {
                                    if on {
                                        self.entrances.push(key);
                                    } else {
                                        self.entrances.retain(|x| *x != key);
                                    }
                                }
                            }
                        });
                    }
                });
        }
        ui.checkbox(
            &mut self.per_entrance,
            "按单元各印一份（每份注明张贴的楼栋单元）",
        );
        egui::Grid::new("notice_by").num_columns(2).show(ui, |ui| {
            crate::ui::labelled_field(ui, "经办", &mut self.by, "发文人姓名");
        });
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let ready = preview.is_ok() && !self.by.trim().is_empty() && self.may_issue;
            if ui
                .add_enabled(ready, egui::Button::new("打印通知…"))
                .on_disabled_hover_text("先把字段、范围和经办填好")
                .clicked()
                && let Some(d) = self.draft()
            {
                let name = format!(
                    "{}{}.pdf",
                    self.template()
                        .map(|t| t.template.name.clone())
                        .unwrap_or_default(),
                    self.now.format("%Y%m%d")
                );
                self.output = Some(crate::views::output_form(NoticeOutput::Issue(d), &name));
            }
            if self.copied_from.is_some() {
                ui.colored_label(theme::MUTED, "（复制自已发通知）");
            }
        });
        let untouched = !self.inputs.is_empty() && self.inputs.iter().all(|(_, v)| v.is_empty());
        match preview {
            // A form not yet begun asks for its fields; red is for what was typed wrong.
            Err(_) if untouched => {
                let names: Vec<String> = self
                    .inputs
                    .iter()
                    .filter(|(n, _)| n != n::PHONE_FIELD)
                    .map(|(n, _)| n.clone())
                    .collect();
                ui.colored_label(theme::MUTED, format!("请填写：{}", n::braces(&names)));
            }
            Err(e) => {
                ui.colored_label(theme::ERROR, e);
            }
            Ok((_, copies)) => {
                ui.colored_label(theme::MUTED, format!("将印 {} 份", copies.len()));
            }
        }
        if self.by.trim().is_empty() {
            ui.colored_label(theme::WARNING, "请填写经办人。");
        }
    }

    fn next_seq(&self) -> i64 {
        self.data
            .notices
            .iter()
            .filter(|r| r.year == self.now.year())
            .map(|r| r.seq)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// A month's calendar under the fields, for the field whose 📅 was clicked: a click on a
    /// day writes it (keeping the hour already typed).
    fn picker_ui(&mut self, ui: &mut egui::Ui) {
        let Some((field, month)) = self.picker.clone() else {
            return;
        };
        let mut month = month;
        let mut picked = None;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.small_button("◀").on_hover_text("上个月").clicked() {
                    month = crate::domain::period::Period::of(month)
                        .plus(-1)
                        .first_day();
                }
                ui.strong(format!("{}：{}年{}月", field, month.year(), month.month()));
                if ui.small_button("▶").on_hover_text("下个月").clicked() {
                    month = crate::domain::period::Period::of(month).plus(1).first_day();
                }
                if ui.small_button("关闭").clicked() {
                    self.picker = None;
                }
            });
            egui::Grid::new("notice_calendar")
                .num_columns(7)
                .spacing([4.0, 2.0])
                .show(ui, |ui| {
                    for w in ["一", "二", "三", "四", "五", "六", "日"] {
                        ui.colored_label(theme::MUTED, w);
                    }
                    ui.end_row();
                    let first = month;
                    for _ in 0..first.weekday().num_days_from_monday() {
                        ui.label("");
                    }
                    let mut d = first;
                    while d.month() == first.month() {
                        let text = egui::RichText::new(format!("{:>2}", d.day()));
                        let text = if d == self.now.date() {
                            text.strong().color(theme::SUCCESS)
                        } else {
                            text
                        };
                        if ui
                            .small_button(text)
                            .on_hover_text(n::date_text(d))
                            .clicked()
                        {
                            picked = Some(d);
                        }
                        if d.weekday() == chrono::Weekday::Sun {
                            ui.end_row();
                        }
                        d += chrono::Duration::days(1);
                    }
                });
        });
        if let Some(p) = &mut self.picker {
            p.1 = month;
        }
        if let Some(d) = picked
            && let Some((_, value)) = self.inputs.iter_mut().find(|(n, _)| *n == field)
        {
            let time = if n::field_kind(&field) == FieldKind::DateTime {
                value
                    .split_whitespace()
                    .last()
                    .and_then(|t| n::parse_time(t).ok())
                    .map(|t| t.format(" %-H:%M").to_string())
                    .unwrap_or_else(|| " 9:00".into())
            } else {
                String::new()
            };
            *value = format!("{}-{}-{}{time}", d.year(), d.month(), d.day());
            self.picker = None;
        }
    }

    fn register_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.strong(format!("{} 年已发通知", self.data.year));
            ui.colored_label(theme::MUTED, format!("{} 份", self.data.notices.len()));
        });
        if self.data.notices.is_empty() {
            ui.colored_label(theme::MUTED, "今年还没有发出通知。");
            return;
        }
        let estate = self.data.office.estate_name.clone();
        let all: Vec<usize> = (0..self.data.notices.len()).collect();
        let selected = self
            .data
            .notices
            .iter()
            .position(|r| Some(r.id) == self.selected);
        let rows = &self.data.notices;
        let out = ui
            .push_id("notice_register", |ui| {
                ui.set_max_height(220.0);
                self.table
                    .show(ui, "notice_register", &COLS, &all, selected, |i, c| {
                        let r = &rows[i];
                        match c {
                            0 => Cell::Keyed(r.number.clone(), r.year as i64 * 100_000 + r.seq),
                            1 => Cell::Date(Some(r.issued_on)),
                            2 => Cell::text(r.title_text()),
                            3 => Cell::clip(r.targets_text(&estate)),
                            _ => Cell::text(r.issued_by.clone()),
                        }
                    })
            })
            .inner;
        if let Some(i) = out.selected.or(out.opened) {
            self.selected = self.data.notices.get(i).map(|r| r.id);
        }
        let Some(r) = self
            .data
            .notices
            .iter()
            .find(|r| Some(r.id) == self.selected)
            .cloned()
        else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} {}，{} 由 {} 发出",
                r.number,
                r.title_text(),
                crate::domain::date::doc_date(r.issued_on),
                r.issued_by
            ));
            if ui.button("重印…").clicked() {
                self.output = Some(crate::views::output_form(
                    NoticeOutput::Reprint(r.id, r.number.clone()),
                    &format!("{}（重印）.pdf", r.number),
                ));
            }
            if self.may_issue && ui.button("复制为新通知").clicked() {
                self.copy_from(r.id);
            }
        });
    }

    fn output_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        crate::views::pdf_output_window(
            ctx,
            &mut self.output,
            NoticeOutput::title,
            commands,
            || NoticeCommand::BrowseOutput.into(),
            |kind, path| {
                match kind {
                    NoticeOutput::Issue(d) => NoticeCommand::Issue(d, path),
                    NoticeOutput::Reprint(id, _) => NoticeCommand::Reprint(id, path),
                }
                .into()
            },
        );
    }
}

/// The first copy as the A4 page will print it: title, number, text, 落款 — on white, to
/// the page's proportions; the reason it cannot print, in red, when it cannot.
fn page_preview(ui: &mut egui::Ui, office: &OfficeSettings, preview: &Preview, number: &str) {
    let w = (ui.available_width() - 16.0).clamp(340.0, 640.0);
    let Ok((row, copies)) = preview else {
        ui.colored_label(theme::MUTED, "预览：填好字段和范围后显示通知的样子。");
        return;
    };
    let Some((to, f)) = copies.first() else {
        return;
    };
    ui.colored_label(
        theme::MUTED,
        if copies.len() > 1 {
            format!("预览（第 1 份，共 {} 份）", copies.len())
        } else {
            "预览".into()
        },
    );
    let ink = egui::Color32::from_gray(20);
    egui::Frame::new()
        .fill(egui::Color32::WHITE)
        .stroke(egui::Stroke::new(1.0, egui::Color32::from_gray(170)))
        .inner_margin(egui::Margin::symmetric(32, 28))
        .show(ui, |ui| {
            ui.set_width(w - 64.0);
            ui.set_min_height((w * 297.0 / 210.0) - 56.0);
            ui.vertical_centered(|ui| {
                ui.label(
                    egui::RichText::new(&office.office_name)
                        .small()
                        .color(egui::Color32::from_gray(90)),
                );
                ui.add_space(8.0);
                ui.label(egui::RichText::new(&f.title).size(22.0).strong().color(ink));
            });
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                ui.label(
                    egui::RichText::new(format!("{number}（打印时取号）"))
                        .color(egui::Color32::from_gray(120)),
                );
            });
            if row.per_entrance {
                ui.label(egui::RichText::new(format!("张贴位置：{to}")).color(ink));
            }
            ui.add_space(6.0);
            for p in &f.paras {
                match p {
                    n::Para::Text(t) => {
                        ui.label(egui::RichText::new(t).color(ink).size(15.0));
                    }
                    n::Para::Table => {
                        ui.label("（欠费明细表）");
                    }
                }
            }
            ui.add_space(24.0);
            ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
                ui.label(
                    egui::RichText::new(format!("{}（盖章）", office.office_name))
                        .color(ink)
                        .size(15.0),
                );
                ui.label(
                    egui::RichText::new(crate::domain::date::doc_date(row.issued_on))
                        .color(ink)
                        .size(15.0),
                );
            });
        });
}

/// 设置 › 通知模板: the templates (add, copy, edit — a change never alters notices already
/// issued) and the reference numbers' prefix. Saved on its own buttons, template by template.
#[derive(Debug, Clone, Default)]
pub struct TemplateEditor {
    templates: Vec<TemplateRow>,
    /// The template being edited (None: a new one).
    editing: Option<i64>,
    name: String,
    title: String,
    body: String,
    dunning: bool,
    pub prefix: String,
    pub error: Option<String>,
    /// The signed-in user may change templates (设置); set by the settings page.
    pub may_save: bool,
}

impl TemplateEditor {
    pub fn set_data(&mut self, templates: Vec<TemplateRow>, prefix: String) {
        // What is being typed survives a reload (another section saved, a notice issued).
        let dirty = match self.editing {
            Some(id) => self
                .templates
                .iter()
                .find(|t| t.id == id)
                .is_some_and(|t| t.template != self.draft()),
            None => !self.name.trim().is_empty(),
        };
        self.templates = templates;
        if self.prefix.trim().is_empty() || !dirty {
            self.prefix = prefix;
        }
        if dirty {
            return;
        }
        let still = self
            .editing
            .and_then(|id| self.templates.iter().find(|t| t.id == id).cloned());
        match still {
            Some(t) => self.edit(&t),
            None => {
                if let Some(t) = self.templates.first().cloned() {
                    self.edit(&t);
                }
            }
        }
    }

    fn edit(&mut self, t: &TemplateRow) {
        self.editing = Some(t.id);
        self.name = t.template.name.clone();
        self.title = t.template.title.clone();
        self.body = t.template.body.clone();
        self.dunning = t.template.dunning;
        self.error = None;
    }

    /// Chooses a template by its name (tests).
    pub fn edit_named(&mut self, name: &str) {
        if let Some(t) = self
            .templates
            .iter()
            .find(|t| t.template.name == name)
            .cloned()
        {
            self.edit(&t);
        }
    }

    fn draft(&self) -> n::Template {
        n::Template {
            name: self.name.trim().to_string(),
            title: self.title.clone(),
            body: self.body.clone(),
            dunning: self.dunning,
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.heading("通知模板");
        ui.label(
            egui::RichText::new(
                "模板中的字段写作 {原因}、{开始时间}；以“日期”结尾的字段按日期填写，以“时间”结尾的按日期和时刻填写。{小区}、{管理处}、{楼栋}、{文号}、{发文日期} 由程序填写，{联系电话} 默认用管理处电话。以“？”开头的行在其字段为空时不印。修改模板不影响已发出的通知。本节用自己的按钮保存。",
            )
            .color(theme::MUTED),
        );
        ui.horizontal(|ui| {
            let l = ui.label("文号前缀");
            ui.add(egui::TextEdit::singleline(&mut self.prefix).desired_width(100.0))
                .labelled_by(l.id);
            ui.colored_label(
                theme::MUTED,
                n::reference(self.prefix.trim(), 2026, 12).replace("2026", "年份"),
            );
            if self.may_save && ui.button("保存文号前缀").clicked() {
                commands.push(NoticeCommand::SavePrefix(self.prefix.trim().to_string()).into());
            }
        });
        ui.add_space(6.0);
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(150.0);
                for t in self.templates.clone() {
                    if ui
                        .selectable_label(self.editing == Some(t.id), &t.template.name)
                        .clicked()
                    {
                        self.edit(&t);
                    }
                }
                if self.may_save && ui.button("新增模板").clicked() {
                    self.editing = None;
                    self.name = "新通知".into();
                    self.title = "{标题}".into();
                    self.body = "{楼栋}各位业主、住户：\n　　{内容}".into();
                    self.dunning = false;
                    self.error = None;
                }
            });
            ui.vertical(|ui| {
                egui::Grid::new("template_form")
                    .num_columns(2)
                    .spacing([8.0, 6.0])
                    .show(ui, |ui| {
                        crate::ui::labelled_field(ui, "模板名称", &mut self.name, "如：停水通知");
                        crate::ui::labelled_field(ui, "通知标题", &mut self.title, "如：停水通知");
                    });
                let l = ui.label("正文（每行一段）");
                ui.add(
                    egui::TextEdit::multiline(&mut self.body)
                        .desired_rows(9)
                        .desired_width(ui.available_width().min(640.0)),
                )
                .labelled_by(l.id);
                let d = self.draft();
                match d.check().and_then(|_| d.fields()) {
                    Ok(f) => {
                        ui.colored_label(theme::MUTED, format!("字段：{}", n::braces(&f)));
                    }
                    Err(e) => {
                        ui.colored_label(theme::ERROR, e);
                    }
                }
                if self.dunning {
                    ui.colored_label(
                        theme::MUTED,
                        "这是收费台账打印催缴通知书用的模板：{业主}{房屋}{截至日期}{欠费明细}{欠费合计}{欠费大写}{滞纳金}{滞纳金大写}{缴费期限} 由台账填写。",
                    );
                }
                if let Some(e) = &self.error {
                    ui.colored_label(theme::ERROR, e);
                }
                ui.horizontal(|ui| {
                    if self.may_save && ui.button("保存模板").clicked() {
                        match d.check() {
                            Ok(()) => commands
                                .push(NoticeCommand::SaveTemplate(self.editing, d.clone()).into()),
                            Err(e) => self.error = Some(e),
                        }
                    }
                    if self.may_save
                        && self.editing.is_some()
                        && !self.dunning
                        && ui.button("复制为新模板").clicked()
                    {
                        self.editing = None;
                        self.name = format!("{}（副本）", self.name.trim());
                        self.error = None;
                    }
                    if self.editing.is_none() {
                        ui.colored_label(theme::MUTED, "（新模板，保存后加入列表）");
                    }
                });
            });
        });
    }

    /// After a save: edit the saved template.
    pub fn saved(&mut self, id: i64) {
        self.editing = Some(id);
        self.error = None;
    }
}
