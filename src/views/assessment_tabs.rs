//! The other tabs of 考核: the month's suggestions, the quarter and the year, templates, and the
//! buildings each person looks after.

use super::assessment::{AssessData, AssessView};
use crate::app::{AssessCommand, AssessOutput, Command};
use crate::domain::assessment::{ItemDef, QualityInput, Quarter, Rule, parse_score, score_text};
use crate::ui::{dialog, labelled_field, theme};
use std::collections::{BTreeMap, BTreeSet};

fn push(commands: &mut Vec<Command>, c: AssessCommand) {
    commands.push(c.into());
}

/// One department's quarter as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QualityDraft {
    pub self_checks: String,
    pub spot: String,
    pub survey: String,
    pub complaints: String,
    pub revisit: String,
    /// 有效投诉 and 回访扣分 were filled from the complaint records (editable).
    pub from_records: bool,
}

/// Seed 004: each missing revisit record deducts 0.5–1 point from the total; the records
/// propose the lower end, in hundredths.
pub const REVISIT_DEDUCTION_H: i64 = 50;

impl QualityDraft {
    fn from_input(i: &QualityInput) -> Self {
        QualityDraft {
            self_checks: i
                .self_checks_h
                .iter()
                .map(|v| score_text(*v))
                .collect::<Vec<_>>()
                .join("，"),
            spot: score_text(i.spot_penalty_h),
            survey: i.survey_h.map(score_text).unwrap_or_default(),
            complaints: i.valid_complaints.to_string(),
            revisit: score_text(i.revisit_deduction_h),
            from_records: false,
        }
    }

    /// Every wrong field named.
    pub fn validate(&self) -> Result<QualityInput, Vec<String>> {
        let mut errors = Vec::new();
        let mut score = |label: &str, text: &str| -> i64 {
            if text.trim().is_empty() {
                return 0;
            }
            parse_score(text).unwrap_or_else(|e| {
                errors.push(format!("【{label}】{e}"));
                0
            })
        };
        let checks: Vec<i64> = crate::domain::text::normalize(&self.self_checks)
            .split([',', '，', '、', ' ', '/'])
            .filter(|p| !p.trim().is_empty())
            .map(|p| score("月度自查分", p))
            .collect();
        let spot = score("抽查扣分", &self.spot);
        let survey = (!self.survey.trim().is_empty()).then(|| score("问卷平均分", &self.survey));
        let revisit = score("回访扣分", &self.revisit);
        if checks.is_empty() || checks.len() > 3 {
            errors.push("【月度自查分】请填写本季度 1–3 个月的自查分，用逗号分开".into());
        }
        let complaints = match self.complaints.trim() {
            "" => 0,
            t => t
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .unwrap_or_else(|| {
                    errors.push(format!("【有效投诉】“{t}”应为 0 或正整数"));
                    0
                }),
        };
        if errors.is_empty() {
            Ok(QualityInput {
                self_checks_h: checks,
                spot_penalty_h: spot,
                survey_h: survey,
                valid_complaints: complaints,
                revisit_deduction_h: revisit,
            })
        } else {
            Err(errors)
        }
    }
}

/// A new template as typed: its name, and the department or post (岗位) it is for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewTemplate {
    pub name: String,
    pub department: String,
    pub position: String,
}

/// One template item as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TemplateItemDraft {
    pub category: String,
    pub name: String,
    pub points: String,
    /// A `Rule` name, or empty.
    pub rule: String,
    /// The most the item deducts in a month, in points; empty or 0 for no cap.
    pub cap: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TabsState {
    pub quality: BTreeMap<String, QualityDraft>,
    /// The quarter `quality` was filled from.
    quality_for: Option<Quarter>,
    pub quality_errors: Vec<String>,
    pub template_sel: usize,
    /// (template id, version) the draft was loaded from.
    template_loaded: Option<(i64, i64)>,
    pub items: Vec<TemplateItemDraft>,
    pub notes: String,
    pub template_errors: Vec<String>,
    pub new_template: Option<NewTemplate>,
    pub areas: BTreeMap<i64, BTreeSet<String>>,
    /// The quarter's and the year's ranking tables.
    pub rankings: (crate::ui::table::Table, crate::ui::table::Table),
}

impl TabsState {
    /// Takes a reload in: typed quarter inputs and building choices are kept (a save of one
    /// department or person reloads everything); a different quarter starts afresh.
    pub fn sync(&mut self, d: &AssessData) {
        let quarter = d.quality.first().map(|r| r.quarter);
        if quarter != self.quality_for {
            self.quality.clear();
            self.quality_for = quarter;
        }
        for r in &d.quality {
            self.quality.entry(r.department.clone()).or_insert_with(|| {
                match (&r.input, d.quality_records.get(&r.department)) {
                    (Some(i), _) => QualityDraft::from_input(i),
                    // Not entered yet: what the complaint records say, to check and keep.
                    (None, Some((valid, missing))) => QualityDraft {
                        complaints: valid.to_string(),
                        revisit: score_text(missing * REVISIT_DEDUCTION_H),
                        from_records: true,
                        ..Default::default()
                    },
                    (None, None) => QualityDraft::default(),
                }
            });
        }
        for r in &d.rows {
            self.areas.entry(r.staff_id).or_insert_with(|| {
                d.buildings
                    .get(&r.staff_id)
                    .map(|b| b.iter().cloned().collect())
                    .unwrap_or_default()
            });
        }
        self.template_sel = self.template_sel.min(d.templates.len().saturating_sub(1));
        if let Some(t) = d.templates.get(self.template_sel)
            && self.template_loaded != Some((t.id, t.version))
        {
            self.load_template(t);
        }
    }

    fn load_template(&mut self, t: &crate::db::assessment::TemplateRow) {
        self.items = t
            .items
            .iter()
            .map(|i| TemplateItemDraft {
                category: i.category.clone(),
                name: i.name.clone(),
                points: i.points.to_string(),
                rule: i.rule.map(|r| r.as_str().to_string()).unwrap_or_default(),
                cap: if i.cap > 0 {
                    i.cap.to_string()
                } else {
                    String::new()
                },
            })
            .collect();
        self.template_loaded = Some((t.id, t.version));
        self.notes.clear();
        self.template_errors.clear();
    }

    pub fn close_dialogs(&mut self) {
        self.new_template = None;
        self.quality_errors.clear();
        self.template_errors.clear();
    }

    /// The template as typed, every wrong item named.
    pub fn template_items(&self) -> Result<Vec<ItemDef>, Vec<String>> {
        let mut errors = Vec::new();
        let items: Vec<ItemDef> = self
            .items
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let points = d.points.trim().parse::<i64>().unwrap_or_else(|_| {
                    errors.push(format!("第 {} 项：每次扣分“{}”不是整数", i + 1, d.points));
                    0
                });
                let cap = match d.cap.trim() {
                    "" => 0,
                    t => t.parse::<i64>().unwrap_or_else(|_| {
                        errors.push(format!("第 {} 项：每月上限“{}”不是整数", i + 1, d.cap));
                        0
                    }),
                };
                ItemDef {
                    category: d.category.trim().to_string(),
                    name: d.name.trim().to_string(),
                    points,
                    rule: Rule::parse(&d.rule),
                    cap,
                }
            })
            .collect();
        if let Err(mut e) = crate::domain::assessment::check_template(&items) {
            errors.append(&mut e);
        }
        if errors.is_empty() {
            Ok(items)
        } else {
            errors.dedup();
            Err(errors)
        }
    }
}

impl AssessView {
    pub(super) fn suggestions_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        self.month_bar(ui, commands);
        ui.label(
            egui::RichText::new(
                "系统从走访、投诉、收费台账、业主资料和培训记录中找出的可能扣分项；确认后成为该员工考核表上的一条扣分（保留依据），驳回须写理由。走访和投诉模块建立前，这两类不会有建议。",
            )
            .color(theme::MUTED),
        );
        let list: Vec<_> = self.suggestions().to_vec();
        if list.is_empty() {
            ui.colored_label(theme::SUCCESS, "本月没有待处理的建议。");
            return;
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            for s in list {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.strong(&s.staff);
                        ui.label(format!("【{}】{}", s.rule, s.item));
                        ui.colored_label(
                            theme::ERROR,
                            format!(
                                "每次 {} 分 × {} 次 = 扣 {} 分",
                                s.points,
                                s.times,
                                s.points * s.times
                            ),
                        );
                    });
                    ui.colored_label(theme::MUTED, &s.citation);
                    ui.horizontal(|ui| {
                        if self.may_write && ui.small_button(format!("确认 {}", s.staff)).clicked()
                        {
                            push(commands, AssessCommand::Confirm(s.clone()));
                        }
                        if self.may_write && ui.small_button(format!("驳回 {}…", s.staff)).clicked()
                        {
                            self.start_dismiss(s.clone());
                        }
                    });
                });
            }
        });
    }

    pub(super) fn quarter_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some(data) = self.data.clone() else {
            return;
        };
        ui.horizontal(|ui| {
            let l = ui.label("考核季度");
            ui.add(
                egui::TextEdit::singleline(&mut self.quarter_text)
                    .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                    .desired_width(80.0),
            )
            .labelled_by(l.id);
            if ui.button("查看").clicked() {
                match Quarter::parse(&self.quarter_text) {
                    Ok(q) => push(commands, AssessCommand::LoadQuarter(q)),
                    Err(e) => self.error = Some(e),
                }
            }
            if ui.button("打印季度考核表…").clicked() {
                push(
                    commands,
                    AssessCommand::Output(AssessOutput::Quality(self.quarter())),
                );
            }
        });
        let r = &data.rules;
        ui.colored_label(
            theme::MUTED,
            format!(
                "{}：权重 自查 {}% / 问卷 {}% / 投诉 {}%（管理处自定，可在“设置”中修改）。问卷 95 分及以上按 100 计；每起有效投诉扣 10 分；回访扣分直接从总分扣除。高于 95 优秀，奖（得分−95）×{} 元；低于 95 不合格，罚（95−得分）×{} 元，低于 90 按 90 计。",
                self.quarter().doc(),
                r.self_check_weight,
                r.survey_weight,
                r.complaint_weight,
                r.reward_per_point,
                r.penalty_per_point
            ),
        );
        let filled: Vec<String> = data
            .quality_records
            .iter()
            .filter(|(d, _)| self.tabs.quality.get(*d).is_some_and(|q| q.from_records))
            .map(|(d, (valid, missing))| format!("{d}（有效投诉 {valid} 件，漏回访 {missing} 件）"))
            .collect();
        if !filled.is_empty() {
            ui.colored_label(
                theme::WARNING,
                format!(
                    "有效投诉、回访扣分已按投诉记录填入（漏回访每件扣 0.5 分），请核对后保存：{}",
                    filled.join("、")
                ),
            );
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::Grid::new("quality")
                .striped(true)
                .num_columns(11)
                .show(ui, |ui| {
                    let heads = [
                        "部门",
                        "月度自查分",
                        "抽查扣分",
                        "问卷平均分",
                        "有效投诉",
                        "回访扣分",
                        "",
                        "总分",
                        "等级",
                        "奖罚（元）",
                        "排名",
                    ]
                    .map(|head| ui.strong(head).id);
                    ui.end_row();
                    for row in &data.quality {
                        let d = self.tabs.quality.entry(row.department.clone()).or_default();
                        let l = ui.label(&row.department);
                        ui.add_sized(
                            [170.0, 22.0],
                            egui::TextEdit::singleline(&mut d.self_checks)
                                .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                                .hint_text("如 96，94，95.5"),
                        )
                        .labelled_by(l.id)
                        .labelled_by(heads[1]);
                        ui.add_sized(
                            [55.0, 22.0],
                            egui::TextEdit::singleline(&mut d.spot)
                                .char_limit(crate::domain::text::MAX_TEXT_CHARS),
                        )
                        .labelled_by(l.id)
                        .labelled_by(heads[2]);
                        ui.add_sized(
                            [55.0, 22.0],
                            egui::TextEdit::singleline(&mut d.survey)
                                .char_limit(crate::domain::text::MAX_TEXT_CHARS),
                        )
                        .labelled_by(l.id)
                        .labelled_by(heads[3]);
                        ui.add_sized(
                            [45.0, 22.0],
                            egui::TextEdit::singleline(&mut d.complaints)
                                .char_limit(crate::domain::text::MAX_TEXT_CHARS),
                        )
                        .labelled_by(l.id)
                        .labelled_by(heads[4]);
                        ui.add_sized(
                            [45.0, 22.0],
                            egui::TextEdit::singleline(&mut d.revisit)
                                .char_limit(crate::domain::text::MAX_TEXT_CHARS),
                        )
                        .labelled_by(l.id)
                        .labelled_by(heads[5]);
                        if self.may_write
                            && ui
                                .small_button(format!("保存 {}", row.department))
                                .clicked()
                        {
                            match d.validate() {
                                Ok(input) => push(
                                    commands,
                                    AssessCommand::SaveQuality {
                                        department: row.department.clone(),
                                        quarter: self.quarter(),
                                        input,
                                    },
                                ),
                                Err(e) => {
                                    self.tabs.quality_errors = e
                                        .into_iter()
                                        .map(|x| format!("{}：{x}", row.department))
                                        .collect()
                                }
                            }
                        }
                        match &row.score {
                            Some(s) => {
                                ui.strong(score_text(s.total_h));
                                let color = match s.grade {
                                    "优秀" => theme::SUCCESS,
                                    "合格" => theme::MUTED,
                                    _ => theme::ERROR,
                                };
                                ui.colored_label(color, s.grade);
                                ui.label(if s.money_fen > 0 {
                                    format!(
                                        "奖 {}",
                                        crate::domain::money::Money(s.money_fen).grouped()
                                    )
                                } else if s.money_fen < 0 {
                                    format!(
                                        "罚 {}",
                                        crate::domain::money::Money(-s.money_fen).grouped()
                                    )
                                } else {
                                    "—".into()
                                });
                                ui.label(row.rank.to_string());
                            }
                            None => {
                                ui.colored_label(theme::MUTED, "未录入");
                                ui.label("");
                                ui.label("");
                                ui.label("");
                            }
                        }
                        ui.end_row();
                    }
                });
            for e in &self.tabs.quality_errors {
                ui.colored_label(theme::ERROR, e);
            }
            ui.add_space(10.0);
            let quarter = self.quarter();
            let (a, b) = &mut self.tabs.rankings;
            ui.columns(2, |cols| {
                ranking(
                    &mut cols[0],
                    a,
                    &format!("{} 员工月度平均分排名", quarter.doc()),
                    &data.averages,
                );
                ranking(
                    &mut cols[1],
                    b,
                    &format!("{}年 员工月度平均分排名", quarter.year),
                    &data.annual,
                );
            });
        });
    }

    pub(super) fn templates_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some(data) = self.data.clone() else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            for (i, t) in data.templates.iter().enumerate() {
                let label = format!("{}（{}，第 {} 版）", t.name, t.applies_to(), t.version);
                if ui
                    .selectable_label(self.tabs.template_sel == i, label)
                    .clicked()
                {
                    self.tabs.template_sel = i;
                    self.tabs.load_template(t);
                }
            }
            if self.may_set && ui.button("新建模板…").clicked() {
                self.tabs.new_template = Some(NewTemplate::default());
            }
        });
        ui.colored_label(
            theme::MUTED,
            "修改后“保存为新版本”：已填写的考核表保持原来的版本，之后新建的考核表用新版本。“记录规则”让系统从记录中提出扣分建议。",
        );
        let Some(t) = data.templates.get(self.tabs.template_sel).cloned() else {
            return;
        };
        let rules: Vec<&str> = std::iter::once("")
            .chain(Rule::ALL.iter().map(|r| r.as_str()))
            .collect();
        let mut remove = None;
        egui::ScrollArea::vertical()
            .max_height(ui.available_height() - 90.0)
            .show(ui, |ui| {
                egui::Grid::new("template_items")
                    .striped(true)
                    .num_columns(7)
                    .show(ui, |ui| {
                        // Each input is named by its row number and its column, as a
                        // screen reader (and a test) finds it.
                        let heads = [
                            "序号",
                            "考核内容",
                            "考核项目",
                            "每次扣分",
                            "每月上限",
                            "记录规则",
                            "",
                        ]
                        .map(|head| ui.strong(head).id);
                        ui.end_row();
                        for (i, it) in self.tabs.items.iter_mut().enumerate() {
                            let n = ui.label((i + 1).to_string()).id;
                            ui.add_sized(
                                [100.0, 22.0],
                                egui::TextEdit::singleline(&mut it.category)
                                    .char_limit(crate::domain::text::MAX_TEXT_CHARS),
                            )
                            .labelled_by(n)
                            .labelled_by(heads[1]);
                            ui.add_sized(
                                [380.0, 22.0],
                                egui::TextEdit::singleline(&mut it.name)
                                    .char_limit(crate::domain::text::MAX_TEXT_CHARS),
                            )
                            .labelled_by(n)
                            .labelled_by(heads[2]);
                            ui.add_sized(
                                [50.0, 22.0],
                                egui::TextEdit::singleline(&mut it.points)
                                    .char_limit(crate::domain::text::MAX_TEXT_CHARS),
                            )
                            .labelled_by(n)
                            .labelled_by(heads[3]);
                            ui.add_sized(
                                [50.0, 22.0],
                                egui::TextEdit::singleline(&mut it.cap)
                                    .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                                    .hint_text("不限"),
                            )
                            .labelled_by(n)
                            .labelled_by(heads[4]);
                            egui::ComboBox::from_id_salt(("rule", i))
                                .selected_text(if it.rule.is_empty() {
                                    "无"
                                } else {
                                    it.rule.as_str()
                                })
                                .show_ui(ui, |ui| {
                                    for r in &rules {
                                        ui.selectable_value(
                                            &mut it.rule,
                                            r.to_string(),
                                            if r.is_empty() { "无" } else { r },
                                        );
                                    }
                                })
                                .response
                                .labelled_by(n)
                                .labelled_by(heads[5]);
                            if ui.small_button("删除").clicked() {
                                remove = Some(i);
                            }
                            ui.end_row();
                        }
                    });
            });
        if let Some(i) = remove {
            self.tabs.items.remove(i);
        }
        for e in &self.tabs.template_errors {
            ui.colored_label(theme::ERROR, e);
        }
        ui.horizontal(|ui| {
            if self.may_set && ui.button("添加项目").clicked() {
                let category = self
                    .tabs
                    .items
                    .last()
                    .map(|i| i.category.clone())
                    .unwrap_or_default();
                self.tabs.items.push(TemplateItemDraft {
                    category,
                    points: "2".into(),
                    ..Default::default()
                });
            }
            let l = ui.label("修改说明");
            ui.add(
                egui::TextEdit::singleline(&mut self.tabs.notes)
                    .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                    .desired_width(220.0),
            )
            .labelled_by(l.id);
            if self.may_set && ui.button("保存为新版本").clicked() {
                match self.tabs.template_items() {
                    Ok(items) => push(
                        commands,
                        AssessCommand::SaveTemplate {
                            template_id: t.id,
                            items,
                            notes: self.tabs.notes.clone(),
                        },
                    ),
                    Err(e) => self.tabs.template_errors = e,
                }
            }
        });
    }

    pub(super) fn areas_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some(data) = self.data.clone() else {
            return;
        };
        ui.colored_label(
            theme::MUTED,
            "所辖区域用于收缴率、欠费未催缴和业主资料三条记录建议：只对负责这些楼栋的员工提出。",
        );
        egui::ScrollArea::vertical().show(ui, |ui| {
            for r in &data.rows {
                let set = self.tabs.areas.entry(r.staff_id).or_default();
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal(|ui| {
                        ui.strong(&r.staff);
                        ui.colored_label(theme::MUTED, &r.department);
                        if self.may_set && ui.small_button(format!("保存 {}", r.staff)).clicked()
                        {
                            push(
                                commands,
                                AssessCommand::SaveBuildings {
                                    staff_id: r.staff_id,
                                    buildings: set.iter().cloned().collect(),
                                },
                            );
                        }
                    });
                    ui.horizontal_wrapped(|ui| {
                        for b in &data.all_buildings {
                            let mut on = set.contains(b);
                            if ui.checkbox(&mut on, b.as_str()).changed() {
                                if on {
                                    set.insert(b.clone());
                                } else {
                                    set.remove(b);
                                }
                            }
                        }
                    });
                });
            }
        });
    }

    pub(super) fn tabs_dialogs(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(mut t) = self.tabs.new_template.clone() else {
            return;
        };
        let (departments, positions) = self
            .data
            .as_ref()
            .map(|d| (d.departments.clone(), d.positions.clone()))
            .unwrap_or_default();
        let mut go = false;
        let error = self.error.clone();
        let close = dialog(ctx, "新建考核模板", |ui| {
            ui.label("以当前显示的模板为起点，之后可逐项修改。模板适用于一个部门的全体员工，或一个岗位（如管理处经理）；选了岗位时，该岗位的员工用岗位的模板。");
            egui::Grid::new("new_template")
                .num_columns(2)
                .show(ui, |ui| {
                    labelled_field(ui, "模板名称", &mut t.name, "如：工程部考核细则");
                    crate::ui::choice(ui, "部门", &mut t.department, &departments, "请选择");
                    let mut posts = vec![String::new()];
                    posts.extend(positions.iter().cloned());
                    crate::ui::choice(ui, "岗位", &mut t.position, &posts, "（整个部门）");
                });
            if let Some(e) = &error {
                ui.colored_label(theme::ERROR, e);
            }
            let mut cancel = false;
            ui.horizontal(|ui| {
                if self.may_set && ui.button("新建").clicked() {
                    go = true;
                }
                if ui.button("取消").clicked() {
                    cancel = true;
                }
            });
            cancel
        });
        if go {
            match self.tabs.template_items() {
                Ok(items) => push(
                    commands,
                    AssessCommand::CreateTemplate {
                        name: t.name.clone(),
                        department: t.department.clone(),
                        position: t.position.clone(),
                        items,
                    },
                ),
                Err(e) => self.error = Some(e.join("；")),
            }
        }
        self.tabs.new_template = if close { None } else { Some(t) };
    }
}

fn ranking(
    ui: &mut egui::Ui,
    table: &mut crate::ui::table::Table,
    title: &str,
    rows: &[(String, String, i64, i64)],
) {
    use crate::ui::table::{Cell, Col};
    ui.strong(title);
    if rows.is_empty() {
        ui.colored_label(theme::MUTED, "还没有考核表。");
        return;
    }
    let mut sorted: Vec<&(String, String, i64, i64)> = rows.iter().collect();
    sorted.sort_by_key(|r| std::cmp::Reverse(r.3));
    let ranks = crate::domain::assessment::rank(&sorted.iter().map(|r| r.3).collect::<Vec<_>>());
    const COLS: [Col; 5] = [
        Col::num("排名", 55.0),
        Col::new("姓名", 60.0),
        Col::new("部门", 60.0),
        Col::num("月数", 55.0),
        Col::num("平均分", 70.0),
    ];
    // Inside the page's scrolling; rows change with the quarter, so sorted afresh.
    table.set_inline();
    table.invalidate();
    let all: Vec<usize> = (0..sorted.len()).collect();
    table.show(ui, title, &COLS, &all, None, |i, column| {
        let r = sorted[i];
        match column {
            0 => Cell::Number(ranks[i].to_string(), ranks[i] as i64),
            1 => Cell::text(&r.0),
            2 => Cell::text(&r.1),
            3 => Cell::Number(r.2.to_string(), r.2),
            _ => Cell::Number(score_text(r.3), r.3),
        }
    });
}
