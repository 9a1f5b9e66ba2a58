//! Commands of the assessment screen (考核), run by `App` after each frame.

use super::App;
use crate::db::assessment::{self as a, DeductionInput, Suggestion};
use crate::domain::assessment::{ItemDef, QualityInput, QualityRules, Quarter};
use crate::domain::period::Period;
use crate::error::Result;
use std::path::PathBuf;

/// What an assessment output window writes.
#[derive(Debug, Clone, PartialEq)]
pub enum AssessOutput {
    /// The monthly evaluation pack: summary and every card.
    Pack(Period),
    /// One person's card.
    Card {
        card_id: i64,
        name: String,
    },
    Quality(Quarter),
}

impl AssessOutput {
    pub fn title(&self) -> String {
        match self {
            AssessOutput::Pack(m) => format!("打印 {} 考核资料", m.doc()),
            AssessOutput::Card { name, .. } => format!("打印 {name} 的考核表"),
            AssessOutput::Quality(q) => format!("打印 {} 服务质量考核表", q.doc()),
        }
    }

    pub fn file_name(&self) -> String {
        match self {
            AssessOutput::Pack(m) => format!("月度考核-{m}.pdf"),
            AssessOutput::Card { name, .. } => format!("考核表-{name}.pdf"),
            AssessOutput::Quality(q) => format!("服务质量考核-{q}.pdf"),
        }
    }
}

#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum AssessCommand {
    LoadMonth(Period),
    /// Opens (making a draft if needed) the card of a person for the month on screen.
    OpenCard(i64),
    /// The stepper's counts and the typed dates and evidence, item by item.
    SaveManual {
        card_id: i64,
        items: Vec<DeductionInput>,
        comment: String,
    },
    RemoveDeduction(i64),
    Confirm(Suggestion),
    Dismiss(Suggestion, String),
    Submit {
        card_id: i64,
        manager: String,
        acknowledged_by: String,
        comment: String,
    },
    Lock(i64),
    LoadQuarter(Quarter),
    SaveQuality {
        department: String,
        quarter: Quarter,
        input: QualityInput,
    },
    SaveTemplate {
        template_id: i64,
        items: Vec<ItemDef>,
        notes: String,
    },
    CreateTemplate {
        name: String,
        department: String,
        /// A post (岗位) the template is for instead of the whole department, or empty.
        position: String,
        items: Vec<ItemDef>,
    },
    SaveBuildings {
        staff_id: i64,
        buildings: Vec<String>,
    },
    SaveRules(QualityRules, crate::domain::assessment::Bands),
    Output(AssessOutput),
    BrowseOutput,
    Write(AssessOutput, PathBuf),
}

impl From<AssessCommand> for super::Command {
    fn from(c: AssessCommand) -> super::Command {
        super::Command::Assess(c)
    }
}

impl App {
    /// Who records and signs as 考核人: the name in the form, else "负责人".
    fn assessor(&self) -> String {
        if let Some(me) = self.actor() {
            return me;
        }
        let m = self.assess.manager.trim();
        if m.is_empty() {
            "负责人".into()
        } else {
            m.to_string()
        }
    }

    /// Loads the month on screen, its suggestions, the open card, the templates and the rest.
    pub(super) fn load_assessment(&mut self) -> Result<()> {
        // First visit: last month while its cards are unfiled (the deadline is the 10th).
        if !self.assess.month_chosen {
            if let Some((due, _, _)) = super::home::cards_due(&self.conn, self.today())? {
                self.assess.set_month(due);
            }
            self.assess.month_chosen = true;
        }
        let month = self.assess.month();
        let rows = a::month_overview(&self.conn, month)?;
        let suggestions = a::suggestions(&self.conn, month)?;
        let templates = a::list_templates(&self.conn)?;
        let buildings = a::staff_buildings(&self.conn)?;
        let all_buildings = crate::db::estate::building_names(&self.conn)?;
        let departments = crate::db::staff::list_departments(&self.conn)?
            .into_iter()
            .map(|d| d.name)
            .collect();
        let positions = crate::db::staff::list_positions(&self.conn)?
            .into_iter()
            .map(|p| p.name)
            .collect();
        let rules = crate::db::settings::load_quality_rules(&self.conn)?;
        let quarter = self.assess.quarter();
        let quality = a::quality_report(&self.conn, quarter, &rules)?;
        let averages = a::average_scores(&self.conn, &quarter.months())?;
        let year: Vec<Period> = (1..=12)
            .filter_map(|m| Period::new(quarter.year, m))
            .collect();
        let annual = a::average_scores(&self.conn, &year)?;
        self.assess.set_data(crate::views::assessment::AssessData {
            rows,
            suggestions,
            templates,
            buildings,
            all_buildings,
            departments,
            positions,
            without_template: a::without_template(&self.conn, month)?,
            quality_records: crate::db::complaints::quarter_facts(&self.conn, &quarter.months())?,
            rules,
            quality,
            averages,
            annual,
        });
        if let Some(id) = self.assess.open_card_id() {
            let card = a::card(&self.conn, id)?;
            self.assess.set_card(card);
        }
        Ok(())
    }

    fn assess_written(&mut self, result: Result<String>) {
        match result {
            Ok(message) => {
                self.assess.close_dialogs();
                self.ok(message);
                self.data_changed();
            }
            Err(e) => {
                self.assess.form_error(e.to_string());
                self.fail(&e);
            }
        }
    }

    pub(super) fn run_assess(&mut self, command: AssessCommand) {
        match command {
            AssessCommand::LoadMonth(month) => {
                self.assess.set_month(month);
                self.assess.stale = true;
            }
            AssessCommand::OpenCard(staff_id) => {
                let month = self.assess.month();
                match a::open_card(&self.conn, staff_id, month, self.now())
                    .and_then(|id| a::card(&self.conn, id))
                {
                    Ok(card) => {
                        self.assess.set_card(card);
                        self.assess.stale = true;
                    }
                    Err(e) => self.fail(&e),
                }
            }
            AssessCommand::SaveManual {
                card_id,
                items,
                comment,
            } => {
                let by = self.assessor();
                let r = (|| -> Result<String> {
                    // Every day is checked before anything is saved.
                    let open = a::card(&self.conn, card_id)?;
                    let mut items = items;
                    for d in &mut items {
                        d.dates =
                            crate::domain::assessment::parse_deduction_dates(&d.dates, open.month)
                                .map_err(|e| {
                                    let name = open
                                        .items
                                        .iter()
                                        .find(|i| i.id == d.item_id)
                                        .map(|i| i.name.as_str())
                                        .unwrap_or("扣分项");
                                    crate::Error::invalid(format!("“{name}”的日期：{e}"))
                                })?;
                    }
                    for d in &items {
                        a::set_manual(&self.conn, card_id, d, &by, self.now())?;
                    }
                    a::set_comment(&self.conn, card_id, &comment)?;
                    let c = a::card(&self.conn, card_id)?;
                    Ok(format!("已保存 {} 的考核表：{} 分。", c.staff, c.total()))
                })();
                self.assess_written(r);
            }
            AssessCommand::RemoveDeduction(id) => {
                let r = a::remove_deduction(&self.conn, id).map(|()| "已撤销这条扣分。".into());
                self.assess_written(r);
            }
            AssessCommand::Confirm(s) => {
                let by = self.assessor();
                let r = a::confirm_suggestion(&self.conn, &s, &by, self.now()).map(|_| {
                    format!(
                        "已确认：{} {} × {} 次，扣 {} 分。",
                        s.staff,
                        s.item,
                        s.times,
                        s.points * s.times
                    )
                });
                self.assess_written(r);
            }
            AssessCommand::Dismiss(s, reason) => {
                let by = self.assessor();
                let r = a::dismiss_suggestion(&self.conn, &s, &reason, &by, self.now())
                    .map(|()| format!("已驳回 {} 的“{}”建议。", s.staff, s.rule));
                self.assess_written(r);
            }
            AssessCommand::Submit {
                card_id,
                manager,
                acknowledged_by,
                comment,
            } => {
                let r = a::submit_card(
                    &self.conn,
                    card_id,
                    &manager,
                    &acknowledged_by,
                    &comment,
                    self.now(),
                )
                .map(|()| format!("考核表已提交：{acknowledged_by} 签字确认，考核人 {manager}。"));
                self.assess_written(r);
            }
            AssessCommand::Lock(card_id) => {
                let r =
                    a::lock_card(&self.conn, card_id, self.now()).map(|()| "考核表已锁定。".into());
                self.assess_written(r);
            }
            AssessCommand::LoadQuarter(q) => {
                self.assess.set_quarter(q);
                self.assess.stale = true;
            }
            AssessCommand::SaveQuality {
                department,
                quarter,
                input,
            } => {
                let by = self.assessor();
                let r = a::save_quality(&self.conn, &department, quarter, &input, &by, self.now())
                    .map(|()| format!("已保存 {department} {} 的服务质量考核。", quarter.doc()));
                self.assess_written(r);
            }
            AssessCommand::SaveTemplate {
                template_id,
                items,
                notes,
            } => {
                let by = self.assessor();
                let r = a::save_template(&self.conn, template_id, &items, &notes, &by, self.now())
                    .map(|_| "已保存为模板的新版本；已填写的考核表保持原版本。".into());
                self.assess_written(r);
            }
            AssessCommand::CreateTemplate {
                name,
                department,
                position,
                items,
            } => {
                let by = self.assessor();
                let whom = if position.trim().is_empty() {
                    department.clone()
                } else {
                    format!("岗位“{}”", position.trim())
                };
                let r = a::create_template(
                    &self.conn,
                    &name,
                    &department,
                    &position,
                    &items,
                    &by,
                    self.now(),
                )
                .map(|_| format!("已新建 {whom} 的考核模板“{name}”。"));
                self.assess_written(r);
            }
            AssessCommand::SaveBuildings {
                staff_id,
                buildings,
            } => {
                let r = a::set_staff_buildings(&self.conn, staff_id, &buildings).map(|()| {
                    if buildings.is_empty() {
                        "已清除所辖区域。".to_string()
                    } else {
                        format!("所辖区域：{}。", buildings.join("、"))
                    }
                });
                self.assess_written(r);
            }
            AssessCommand::SaveRules(rules, bands) => {
                let r = crate::db::settings::save_quality_rules(&self.conn, &rules)
                    .and_then(|()| crate::db::settings::save_staff_bands(&self.conn, &bands))
                    .map(|()| {
                        format!(
                            "季度考核设置已保存：权重 {}/{}/{}。",
                            rules.self_check_weight, rules.survey_weight, rules.complaint_weight
                        )
                    });
                match r {
                    Ok(m) => {
                        self.ok(m);
                        self.data_changed();
                    }
                    Err(e) => {
                        self.settings.quality_error(e.to_string());
                        self.fail(&e);
                    }
                }
            }
            AssessCommand::Output(kind) => self.assess.open_output(kind),
            AssessCommand::BrowseOutput => {
                if let Some(o) = self.assess.output_kind()
                    && let Some(path) = self.picked(crate::ui::dialogs::save_pdf(&o.file_name()))
                {
                    self.assess.set_output_path(path);
                }
            }
            AssessCommand::Write(output, path) => {
                let r = match &output {
                    AssessOutput::Pack(m) => {
                        crate::pdf::assessment::print_pack(&self.conn, *m, &path, self.now()).map(
                            |(cards, pages)| {
                                format!(
                                    "已生成 {} 考核资料：考核表 {cards} 份，共 {pages} 页：{}",
                                    m.doc(),
                                    path.display()
                                )
                            },
                        )
                    }
                    AssessOutput::Card { card_id, name } => {
                        crate::pdf::assessment::print_card(&self.conn, *card_id, &path, self.now())
                            .map(|_| format!("已生成 {name} 的考核表：{}", path.display()))
                    }
                    AssessOutput::Quality(q) => {
                        crate::pdf::assessment::print_quality(&self.conn, *q, &path, self.now())
                            .map(|_| {
                                format!("已生成 {} 服务质量考核表：{}", q.doc(), path.display())
                            })
                    }
                };
                match r {
                    Ok(message) => {
                        self.assess.output = None;
                        self.ok(message);
                        // Printing the pack makes the missing cards.
                        self.assess.stale = true;
                    }
                    Err(e) => {
                        self.assess.set_output_error(e.to_string());
                        self.fail(&e);
                    }
                }
            }
        }
    }
}
