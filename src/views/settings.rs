//! 设置: the office's name and contact, printed on every document; the staff-file numbers
//! (certificate reminder window, induction period) and the areas of the staffing check.

use crate::app::{AssessCommand, ChargeCommand, Command, KeyCommand, StaffCommand};
use crate::db::settings::{OfficeSettings, StaffSettings};
use crate::domain::area::Area;
use crate::domain::assessment::{Bands, QualityRules, score_text};
use crate::domain::charging::LateFeeRule;
use crate::domain::keys::Shifts;
use crate::domain::staff::{StaffRules, StaffingRules};
use crate::ui::{labelled_field, theme};

/// A whole number in `min..=max`, or the field named in `errors`.
fn whole(errors: &mut Vec<String>, label: &str, text: &str, min: i64, max: i64) -> i64 {
    match text.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => n,
        _ => {
            errors.push(format!("【{label}】应为 {min}–{max} 之间的整数"));
            0
        }
    }
}

/// A section's errors and its save button; the valid value when clicked and every field right.
/// A section's errors, under its fields.
fn show_errors(ui: &mut egui::Ui, errors: &[String]) {
    for e in errors {
        ui.colored_label(theme::ERROR, e);
    }
}

/// Validates one section for the page's one 保存: its errors are kept to be shown under it.
fn checked<T>(errors: &mut Vec<String>, result: Result<T, Vec<String>>) -> Option<T> {
    match result {
        Ok(v) => {
            errors.clear();
            Some(v)
        }
        Err(e) => {
            *errors = e;
            None
        }
    }
}

/// The staff settings as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StaffSettingsDraft {
    pub cert_warn_days: String,
    pub new_staff_days: String,
    pub outdoor_area: String,
    pub indoor_area: String,
    pub green_area: String,
    pub outdoor_per: String,
    pub indoor_per: String,
    pub green_per: String,
}

impl StaffSettingsDraft {
    pub fn from_settings(s: &StaffSettings) -> Self {
        let area = |a: Area| {
            if a.0 == 0 {
                String::new()
            } else {
                a.to_string()
            }
        };
        StaffSettingsDraft {
            cert_warn_days: s.rules.cert_warn_days.to_string(),
            new_staff_days: s.rules.new_staff_days.to_string(),
            outdoor_area: area(s.staffing.outdoor_cleaning_area),
            indoor_area: area(s.staffing.indoor_cleaning_area),
            green_area: area(s.staffing.green_area),
            outdoor_per: s.staffing.outdoor_per_person.to_string(),
            indoor_per: s.staffing.indoor_per_person.to_string(),
            green_per: s.staffing.green_per_person.to_string(),
        }
    }

    /// Every wrong field named; nothing is saved unless all are right.
    pub fn validate(&self) -> Result<StaffSettings, Vec<String>> {
        let mut errors = Vec::new();
        let mut whole = |label: &str, text: &str, min: i64, max: i64| -> i64 {
            whole(&mut errors, label, text, min, max)
        };
        let rules = StaffRules {
            cert_warn_days: whole("证书到期提醒天数", &self.cert_warn_days, 1, 365),
            new_staff_days: whole("新员工期限天数", &self.new_staff_days, 7, 730),
        };
        let outdoor_per_person = whole("室外保洁每人面积", &self.outdoor_per, 100, 1_000_000);
        let indoor_per_person = whole("室内保洁每人面积", &self.indoor_per, 100, 1_000_000);
        let green_per_person = whole("绿化每人面积", &self.green_per, 100, 1_000_000);
        let mut area = |label: &str, text: &str| -> Area {
            if text.trim().is_empty() {
                return Area(0);
            }
            Area::parse(text).unwrap_or_else(|e| {
                errors.push(format!("【{label}】{e}"));
                Area(0)
            })
        };
        let staffing = StaffingRules {
            outdoor_cleaning_area: area("室外保洁面积", &self.outdoor_area),
            indoor_cleaning_area: area("室内保洁面积", &self.indoor_area),
            green_area: area("绿化面积", &self.green_area),
            outdoor_per_person,
            indoor_per_person,
            green_per_person,
        };
        if errors.is_empty() {
            Ok(StaffSettings { rules, staffing })
        } else {
            Err(errors)
        }
    }
}

/// The late-fee rule as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LateFeeDraft {
    pub enabled: bool,
    pub per_day_e4: String,
    pub grace_days: String,
}

impl LateFeeDraft {
    pub fn from_rule(r: &LateFeeRule) -> Self {
        LateFeeDraft {
            enabled: r.enabled,
            per_day_e4: r.per_day_e4.to_string(),
            grace_days: r.grace_days.to_string(),
        }
    }

    /// Every wrong field named; nothing is saved unless all are right.
    pub fn validate(&self) -> Result<LateFeeRule, Vec<String>> {
        let mut errors = Vec::new();
        let mut whole = |label: &str, text: &str, min: i64, max: i64| -> i64 {
            whole(&mut errors, label, text, min, max)
        };
        let rule = LateFeeRule {
            enabled: self.enabled,
            per_day_e4: whole("滞纳金日费率（万分之）", &self.per_day_e4, 1, 50),
            grace_days: whole("宽限天数", &self.grace_days, 0, 180),
        };
        if errors.is_empty() {
            Ok(rule)
        } else {
            Err(errors)
        }
    }
}

/// The quarterly quality rules as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QualityRulesDraft {
    pub self_check: String,
    pub survey: String,
    pub complaint: String,
    pub excellent: String,
    pub pass: String,
    pub penalty: String,
    pub reward: String,
    pub staff_excellent: String,
    pub staff_pass: String,
}

impl QualityRulesDraft {
    pub fn from_rules(r: &QualityRules, staff: &Bands) -> Self {
        QualityRulesDraft {
            self_check: r.self_check_weight.to_string(),
            survey: r.survey_weight.to_string(),
            complaint: r.complaint_weight.to_string(),
            // Shown as the office says it: 高于 95 分 is 优秀 (kept as 95.01).
            excellent: score_text(r.bands.excellent_min - 1),
            pass: score_text(r.bands.pass_min),
            penalty: r.penalty_per_point.to_string(),
            reward: r.reward_per_point.to_string(),
            staff_excellent: score_text(staff.excellent_min),
            staff_pass: score_text(staff.pass_min),
        }
    }

    /// Every wrong field named; the weights must add up to 100.
    pub fn validate(&self, base: &QualityRules) -> Result<(QualityRules, Bands), Vec<String>> {
        let mut errors = Vec::new();
        let mut whole =
            |label: &str, text: &str, max: i64| -> i64 { whole(&mut errors, label, text, 0, max) };
        let mut r = *base;
        r.self_check_weight = whole("自查权重", &self.self_check, 100);
        r.survey_weight = whole("问卷权重", &self.survey, 100);
        r.complaint_weight = whole("投诉权重", &self.complaint, 100);
        r.penalty_per_point = whole("罚款（元/分）", &self.penalty, 100_000);
        r.reward_per_point = whole("奖励（元/分）", &self.reward, 100_000);
        let mut score = |label: &str, text: &str| -> i64 {
            crate::domain::assessment::parse_score(text).unwrap_or_else(|e| {
                errors.push(format!("【{label}】{e}"));
                0
            })
        };
        r.bands.excellent_min = score("季度优秀（高于）", &self.excellent) + 1;
        r.bands.pass_min = score("季度合格（不低于）", &self.pass);
        let staff = Bands {
            excellent_min: score("员工月度优秀（不低于）", &self.staff_excellent),
            pass_min: score("员工月度合格（不低于）", &self.staff_pass),
        };
        if errors.is_empty() && r.self_check_weight + r.survey_weight + r.complaint_weight != 100 {
            errors.push("三部分权重之和必须为 100".into());
        }
        if errors.is_empty()
            && (r.bands.excellent_min < r.bands.pass_min || staff.excellent_min < staff.pass_min)
        {
            errors.push("优秀的分数线不能低于合格的分数线".into());
        }
        if errors.is_empty() {
            Ok((r, staff))
        } else {
            Err(errors)
        }
    }
}

pub struct SettingsView {
    draft: OfficeSettings,
    pub staff: StaffSettingsDraft,
    staff_errors: Vec<String>,
    pub late_fee: LateFeeDraft,
    late_fee_errors: Vec<String>,
    /// 收据纸张 (`charging.receipt_paper`), as chosen.
    pub receipt_paper: String,
    /// 打印: the viewer or a printer.
    pub printing: super::printing::PrintingDraft,
    printing_errors: Vec<String>,
    pub quality: QualityRulesDraft,
    quality_rules: QualityRules,
    quality_errors: Vec<String>,
    /// 钥匙：交班时间, as typed.
    pub shifts: String,
    shift_errors: Vec<String>,
    pub service: ServiceDraft,
    service_errors: Vec<String>,
    pub archive: ArchiveDraft,
    archive_errors: Vec<String>,
    /// 通知模板: saved on its own buttons, template by template.
    pub notice_templates: crate::views::notices::TemplateEditor,
    /// 备份与恢复: its own buttons.
    pub backup: crate::views::backup::BackupPanel,
    /// 用户: its own buttons.
    pub users: crate::views::users::UsersPanel,
    /// The signed-in user may change settings (set by the app every frame; no users: yes).
    pub may_save: bool,
}

/// 档案管理 as typed: the archivist, the yearly inspection plan, and the kinds of file with
/// their retention and checklist (documents separated by 、).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArchiveDraft {
    pub archivist: String,
    pub plan: String,
    /// (name, retention, checklist)
    pub kinds: Vec<(String, String, String)>,
}

impl ArchiveDraft {
    pub fn from_settings(s: &crate::app::ArchiveSettings) -> Self {
        ArchiveDraft {
            archivist: s.archivist.clone(),
            plan: s.plan.clone(),
            kinds: s
                .kinds
                .iter()
                .map(|k| {
                    (
                        k.name.clone(),
                        k.retention.as_str().to_string(),
                        k.checklist.join("、"),
                    )
                })
                .collect(),
        }
    }

    pub fn validate(&self) -> Result<crate::app::ArchiveSettings, Vec<String>> {
        use crate::domain::archives::Retention;
        let mut errors = Vec::new();
        if let Err(e) = crate::domain::archives::parse_plan(&self.plan) {
            errors.push(format!("【档案检查计划】{e}"));
        }
        let mut kinds = Vec::new();
        for (name, retention, list) in &self.kinds {
            if name.trim().is_empty() && list.trim().is_empty() {
                continue;
            }
            if name.trim().is_empty() {
                errors.push("【档案类别】有一行没有名称。".into());
                continue;
            }
            let Some(r) = Retention::parse(retention) else {
                errors.push(format!(
                    "【档案类别】“{}”的保管期限应为 10年、30年或永久。",
                    name.trim()
                ));
                continue;
            };
            kinds.push(crate::db::archives::KindRow {
                name: name.trim().to_string(),
                retention: r,
                checklist: list
                    .split(['、', ',', '，', ';', '；'])
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(str::to_string)
                    .collect(),
            });
        }
        if kinds.is_empty() {
            errors.push("【档案类别】至少要有一个类别。".into());
        }
        if errors.is_empty() {
            Ok(crate::app::ArchiveSettings {
                archivist: self.archivist.trim().to_string(),
                plan: self.plan.trim().to_string(),
                kinds,
            })
        } else {
            Err(errors)
        }
    }
}

/// 客户服务 as typed: the visit target, the complaint clocks and the working-day calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDraft {
    pub target: String,
    pub first_reply: String,
    pub resolve: String,
    pub revisit: String,
    /// True: the revisit clock counts working days (seed 003); false: hours (seed 002).
    pub revisit_working_days: bool,
    pub soon: String,
    /// One special day a line: `2026-10-01 节假日`, `2026-10-11 调休上班`.
    pub calendar: String,
}

/// What a valid `ServiceDraft` saves.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSettings {
    pub target: i64,
    pub rules: crate::domain::complaints::ClockRules,
    pub calendar: Vec<(chrono::NaiveDate, crate::domain::calendar::DayKind)>,
}

impl ServiceDraft {
    pub fn from_settings(s: &ServiceSettings) -> Self {
        use crate::domain::complaints::RevisitRule;
        let (revisit, working) = match s.rules.revisit {
            RevisitRule::Hours(h) => (h.to_string(), false),
            RevisitRule::WorkingDays(d) => (d.to_string(), true),
        };
        ServiceDraft {
            target: s.target.to_string(),
            first_reply: s.rules.first_reply_hours.to_string(),
            resolve: s.rules.resolve_hours.to_string(),
            revisit,
            revisit_working_days: working,
            soon: s.rules.soon_hours.to_string(),
            calendar: s
                .calendar
                .iter()
                .map(|(d, k)| format!("{} {k}", crate::domain::date::iso(*d)))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    pub fn validate(&self) -> Result<ServiceSettings, Vec<String>> {
        use crate::domain::calendar::DayKind;
        use crate::domain::complaints::{ClockRules, RevisitRule};
        let mut errors = Vec::new();
        let target = whole(&mut errors, "走访目标（户/月）", &self.target, 1, 200);
        let first = whole(
            &mut errors,
            "首次回复时限（小时）",
            &self.first_reply,
            1,
            720,
        );
        let resolve = whole(&mut errors, "办结时限（小时）", &self.resolve, 1, 2160);
        let soon = whole(&mut errors, "即将到期提醒（小时）", &self.soon, 1, 72);
        let revisit = if self.revisit_working_days {
            RevisitRule::WorkingDays(
                whole(&mut errors, "回访时限（工作日）", &self.revisit, 1, 30) as u32,
            )
        } else {
            RevisitRule::Hours(whole(
                &mut errors,
                "回访时限（小时）",
                &self.revisit,
                1,
                720,
            ))
        };
        let mut calendar = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, line) in self.calendar.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let (day, kind) = line
                .split_once([' ', '\t', '，', ','])
                .unwrap_or((line, ""));
            match (
                crate::domain::date::parse_date(day),
                DayKind::parse(kind.trim()),
            ) {
                (Ok(d), Some(k)) => {
                    if !seen.insert(d) {
                        errors.push(format!("【工作日历】第 {} 行：{} 重复", i + 1, day));
                    }
                    calendar.push((d, k));
                }
                (Err(e), _) => errors.push(format!("【工作日历】第 {} 行：{e}", i + 1)),
                (_, None) => errors.push(format!(
                    "【工作日历】第 {} 行：“{}”应为“节假日”或“调休上班”",
                    i + 1,
                    kind.trim()
                )),
            }
        }
        if errors.is_empty() {
            Ok(ServiceSettings {
                target,
                rules: ClockRules {
                    first_reply_hours: first,
                    resolve_hours: resolve,
                    revisit,
                    soon_hours: soon,
                },
                calendar,
            })
        } else {
            Err(errors)
        }
    }
}

impl SettingsView {
    pub fn new(
        current: OfficeSettings,
        staff: StaffSettings,
        late_fee: LateFeeRule,
        quality: QualityRules,
        staff_bands: Bands,
        shifts: Shifts,
        service: ServiceSettings,
    ) -> SettingsView {
        SettingsView {
            draft: current,
            staff: StaffSettingsDraft::from_settings(&staff),
            staff_errors: Vec::new(),
            late_fee: LateFeeDraft::from_rule(&late_fee),
            late_fee_errors: Vec::new(),
            receipt_paper: crate::pdf::charging::ReceiptPaper::default()
                .as_str()
                .to_string(),
            printing: Default::default(),
            printing_errors: Vec::new(),
            quality: QualityRulesDraft::from_rules(&quality, &staff_bands),
            quality_rules: quality,
            quality_errors: Vec::new(),
            shifts: shifts.text(),
            shift_errors: Vec::new(),
            service: ServiceDraft::from_settings(&service),
            service_errors: Vec::new(),
            archive: ArchiveDraft::default(),
            archive_errors: Vec::new(),
            notice_templates: Default::default(),
            backup: Default::default(),
            users: Default::default(),
            may_save: true,
        }
    }

    /// The 档案管理 section as stored.
    pub fn set_archive(&mut self, s: &crate::app::ArchiveSettings) {
        self.archive = ArchiveDraft::from_settings(s);
    }

    pub fn saved_shifts(&mut self, s: &Shifts) {
        self.shifts = s.text();
    }

    pub fn quality_error(&mut self, e: String) {
        self.quality_errors = vec![e];
    }

    pub fn saved_office(&mut self, s: OfficeSettings) {
        self.draft = s;
    }

    /// The page's one 保存: every section checked, and written only when all are right (a
    /// section with a mistake shows it under its fields and nothing is written).
    fn save_all(&mut self, commands: &mut Vec<Command>) {
        let staff = checked(&mut self.staff_errors, self.staff.validate());
        let late_fee = checked(&mut self.late_fee_errors, self.late_fee.validate());
        let shifts = checked(
            &mut self.shift_errors,
            Shifts::parse(&self.shifts).map_err(|e| vec![format!("【交班时间】{e}")]),
        );
        let quality = checked(
            &mut self.quality_errors,
            self.quality.validate(&self.quality_rules),
        );
        let service = checked(&mut self.service_errors, self.service.validate());
        let archive = checked(&mut self.archive_errors, self.archive.validate());
        let printing = checked(&mut self.printing_errors, self.printing.validate());
        if let (
            Some(staff),
            Some(late_fee),
            Some(shifts),
            Some((rules, bands)),
            Some(service),
            Some(archive),
            Some(printing),
        ) = (staff, late_fee, shifts, quality, service, archive, printing)
        {
            self.quality_rules = rules;
            commands.push(Command::SaveSettings(self.draft.clone()));
            commands.push(StaffCommand::SaveSettings(staff).into());
            commands.push(ChargeCommand::SaveLateFee(late_fee).into());
            commands.push(ChargeCommand::SetReceiptPaper(self.receipt_paper.clone()).into());
            commands.push(Command::SavePrinting(printing));
            commands.push(KeyCommand::SaveShifts(shifts).into());
            commands.push(AssessCommand::SaveRules(rules, bands).into());
            commands.push(crate::app::ServiceCommand::SaveSettings(service).into());
            commands.push(crate::app::ArchiveCommand::SaveSettings(archive).into());
            commands.push(Command::SettingsSaved);
        }
    }

    pub fn errors(&self) -> usize {
        self.staff_errors.len()
            + self.late_fee_errors.len()
            + self.shift_errors.len()
            + self.quality_errors.len()
            + self.service_errors.len()
            + self.archive_errors.len()
            + self.printing_errors.len()
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.heading("设置");
            if !self.may_save {
                ui.colored_label(theme::MUTED, "设置由经理修改，这里只能查看。");
            } else if ui.button("保存").clicked() {
                self.save_all(commands);
            }
            if self.errors() > 0 {
                ui.colored_label(theme::ERROR, "有填写错误，设置未保存，请看下面标红的说明。");
            }
        });
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.add_space(8.0);
            egui::Grid::new("settings")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    labelled_field(
                        ui,
                        "管理处名称",
                        &mut self.draft.office_name,
                        "如：锦绣花园物业管理处",
                    );
                    labelled_field(ui, "小区名称", &mut self.draft.estate_name, "如：锦绣花园");
                    labelled_field(ui, "管理处电话", &mut self.draft.office_phone, "印在通知上");
                });
            ui.add_space(16.0);
            ui.separator();
            ui.heading("员工档案与人员配置");
            ui.label(
                egui::RichText::new(
                    "人员配置标准（物业服务标准）：室外保洁不低于 1 人/1 万㎡，室内保洁不低于 1 人/2000㎡，绿化不低于 1 人/6000㎡。",
                )
                .color(theme::MUTED),
            );
            ui.add_space(4.0);
            let d = &mut self.staff;
            egui::Grid::new("staff_settings")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    labelled_field(ui, "证书到期提醒（天）", &mut d.cert_warn_days, "默认 30");
                    labelled_field(ui, "新员工期限（天）", &mut d.new_staff_days, "入职多少天内须完成入职培训，默认 90");
                    labelled_field(ui, "室外保洁面积（㎡）", &mut d.outdoor_area, "如 38000");
                    labelled_field(ui, "室内保洁面积（㎡）", &mut d.indoor_area, "如 9600");
                    labelled_field(ui, "绿化面积（㎡）", &mut d.green_area, "如 24000");
                    labelled_field(ui, "室外保洁每人（㎡）", &mut d.outdoor_per, "默认 10000");
                    labelled_field(ui, "室内保洁每人（㎡）", &mut d.indoor_per, "默认 2000");
                    labelled_field(ui, "绿化每人（㎡）", &mut d.green_per, "默认 6000");
                });
            show_errors(ui, &self.staff_errors);
            ui.add_space(16.0);
            ui.separator();
            self.charging_ui(ui);
            ui.add_space(16.0);
            ui.separator();
            self.printing.ui(ui, &self.printing_errors, commands);
            ui.add_space(16.0);
            ui.separator();
            self.service_ui(ui);
            ui.add_space(16.0);
            ui.separator();
            self.archive_ui(ui);
            ui.add_space(16.0);
            ui.separator();
            self.notice_templates.may_save = self.may_save;
            self.notice_templates.ui(ui, commands);
            ui.add_space(16.0);
            ui.separator();
            self.users.ui(ui, commands);
            ui.add_space(16.0);
            ui.separator();
            self.backup.ui(ui, commands);
            ui.add_space(16.0);
            ui.separator();
            self.keys_ui(ui);
            ui.add_space(16.0);
            ui.separator();
            self.quality_ui(ui);
        });
    }

    fn quality_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("考核：季度服务质量");
        ui.label(
            egui::RichText::new(
                "季度服务质量得分 = 月度自查 × 自查权重 + 问卷 × 问卷权重 + 投诉 × 投诉权重（三项之和为 100，默认 50%、30%、20%，管理处可改）。高于 95 分为优秀，95 分为合格，低于 95 分为不合格。罚款按（95 − 得分）计，低于 90 按 90；奖励按（得分 − 95）计。",
            )
            .color(theme::MUTED),
        );
        let d = &mut self.quality;
        egui::Grid::new("quality_settings")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                labelled_field(ui, "自查权重（%）", &mut d.self_check, "默认 50");
                labelled_field(ui, "问卷权重（%）", &mut d.survey, "默认 30");
                labelled_field(ui, "投诉权重（%）", &mut d.complaint, "默认 20");
                labelled_field(ui, "季度优秀（高于，分）", &mut d.excellent, "默认 95");
                labelled_field(ui, "季度合格（不低于，分）", &mut d.pass, "默认 95");
                labelled_field(ui, "罚款（元/分）", &mut d.penalty, "默认 1000");
                labelled_field(ui, "奖励（元/分）", &mut d.reward, "默认 2000");
                labelled_field(
                    ui,
                    "员工月度优秀（不低于，分）",
                    &mut d.staff_excellent,
                    "默认 90",
                );
                labelled_field(
                    ui,
                    "员工月度合格（不低于，分）",
                    &mut d.staff_pass,
                    "默认 70",
                );
            });
        show_errors(ui, &self.quality_errors);
    }

    fn service_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("客户服务：走访目标与投诉时限");
        ui.label(
            egui::RichText::new(
                "客服人员每月走访不少于 15 户（前台主动沟通不少于 15 次）。投诉受理后 24 小时内首次回复，48 小时内办结（复杂情况按与业主约定的时间），办结后 48 小时内回访（种子文件 002）；也可按 3 个工作日回访（种子文件 003），工作日按下面的工作日历扣除节假日、计入调休上班日。",
            )
            .color(theme::MUTED),
        );
        let d = &mut self.service;
        egui::Grid::new("service_settings")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                labelled_field(ui, "走访目标（户/月）", &mut d.target, "默认 15");
                labelled_field(ui, "首次回复时限（小时）", &mut d.first_reply, "默认 24");
                labelled_field(ui, "办结时限（小时）", &mut d.resolve, "默认 48");
                labelled_field(ui, "回访时限", &mut d.revisit, "默认 48 小时或 3 个工作日");
                ui.label("");
                ui.checkbox(&mut d.revisit_working_days, "回访时限按工作日计");
                ui.end_row();
                labelled_field(ui, "即将到期提醒（小时）", &mut d.soon, "默认 4");
                let l = ui.label("工作日历");
                ui.add(
                    egui::TextEdit::multiline(&mut d.calendar)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS * 10)
                        .hint_text("每行一天：2026-10-01 节假日、2026-10-11 调休上班")
                        .desired_rows(4)
                        .desired_width(theme::FIELD_WIDTH * 1.4),
                )
                .labelled_by(l.id);
                ui.end_row();
            });
        show_errors(ui, &self.service_errors);
    }

    fn archive_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("档案管理：档案员、检查计划与档案类别");
        ui.label(
            egui::RichText::new(
                "档案由客服部管理，指定专人（档案员）负责；查阅、借阅须经管理处经理批准（公司检查除外）；每年至少检查两次（种子文件 002 第 4.4 条）。检查计划每行一次：名称 开始月-日 截止月-日。类别的文件清单用“、”分隔，档案详情据此列出缺少的文件。",
            )
            .color(theme::MUTED),
        );
        let d = &mut self.archive;
        egui::Grid::new("archive_settings")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                labelled_field(ui, "档案员", &mut d.archivist, "经办借出、归还");
                let l = ui.label("档案检查计划");
                ui.add(
                    egui::TextEdit::multiline(&mut d.plan)
                        .char_limit(crate::domain::text::MAX_TEXT_CHARS * 4)
                        .hint_text("上半年 06-01 06-30")
                        .desired_rows(2)
                        .desired_width(theme::FIELD_WIDTH * 1.4),
                )
                .labelled_by(l.id);
                ui.end_row();
            });
        egui::Grid::new("archive_kinds")
            .num_columns(3)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                let (ln, lr, ll) = (
                    ui.strong("类别").id,
                    ui.strong("保管期限").id,
                    ui.strong("应有文件（、分隔）").id,
                );
                ui.end_row();
                for (i, (name, retention, list)) in d.kinds.iter_mut().enumerate() {
                    // Sized outright: a grid's first frame would otherwise squeeze it.
                    ui.add_sized(
                        [90.0, 22.0],
                        egui::TextEdit::singleline(name)
                            .char_limit(crate::domain::text::MAX_TEXT_CHARS),
                    )
                    .labelled_by(ln);
                    egui::ComboBox::from_id_salt(("archive_retention", i))
                        .selected_text(retention.as_str())
                        .width(70.0)
                        .show_ui(ui, |ui| {
                            for r in crate::domain::archives::Retention::ALL {
                                ui.selectable_value(retention, r.as_str().to_string(), r.as_str());
                            }
                        })
                        .response
                        .labelled_by(lr);
                    ui.add_sized(
                        [theme::FIELD_WIDTH * 2.4, 22.0],
                        egui::TextEdit::singleline(list)
                            .char_limit(crate::domain::text::MAX_TEXT_CHARS * 4),
                    )
                    .labelled_by(ll);
                    ui.end_row();
                }
            });
        if ui.button("添加类别").clicked() {
            d.kinds.push((String::new(), "10年".into(), String::new()));
        }
        show_errors(ui, &self.archive_errors);
    }

    fn keys_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("钥匙：交班时间");
        ui.label(
            egui::RichText::new(
                "借出钥匙时不填应还时间，即在当班结束（下一个交班时间）时应还；交班前一小时内借出的，到下一班结束时应还。秩序维护部两班倒默认 08:00、20:00。",
            )
            .color(theme::MUTED),
        );
        ui.add_space(4.0);
        egui::Grid::new("key_settings")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                labelled_field(ui, "交班时间", &mut self.shifts, "如 08:00、20:00");
            });
        show_errors(ui, &self.shift_errors);
    }

    fn charging_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("收费：滞纳金");
        ui.label(
            egui::RichText::new(
                "滞纳金须有物业服务合同约定才能收取，默认不启用。启用后，每期应收过了当月月底再加宽限天数仍未缴的部分，按日费率逐日计算，显示在欠费清单和催缴通知书上；收款时可逐笔减免。",
            )
            .color(theme::MUTED),
        );
        ui.add_space(4.0);
        let d = &mut self.late_fee;
        ui.checkbox(&mut d.enabled, "启用滞纳金");
        egui::Grid::new("late_fee_settings")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                labelled_field(
                    ui,
                    "日费率（万分之）",
                    &mut d.per_day_e4,
                    "默认 3，即每日万分之三",
                );
                labelled_field(ui, "宽限天数", &mut d.grace_days, "默认 15");
            });
        show_errors(ui, &self.late_fee_errors);
        ui.add_space(8.0);
        ui.heading("收费：收据");
        egui::Grid::new("receipt_paper")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                let papers: Vec<&str> = crate::pdf::charging::ReceiptPaper::ALL
                    .iter()
                    .map(|p| p.as_str())
                    .collect();
                crate::ui::choice(ui, "收据纸张", &mut self.receipt_paper, &papers, "");
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value, or the test fails saying why (no unwrap in src/, tests included).
    fn ok<T, E: std::fmt::Debug>(r: Result<T, E>) -> T {
        match r {
            Ok(v) => v,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn staff_settings_round_trip_and_name_bad_fields() {
        let s = StaffSettings::default();
        let mut d = StaffSettingsDraft::from_settings(&s);
        assert_eq!(d.validate(), Ok(s));
        d.outdoor_area = "三万八".into();
        d.cert_warn_days = "0".into();
        let errs = d.validate().err().unwrap_or_default();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].contains("证书到期提醒天数"));
        assert!(errs[1].contains("室外保洁面积"));
    }

    #[test]
    fn quality_settings_round_trip_and_weights_must_make_100() {
        let r = QualityRules::default();
        let mut d = QualityRulesDraft::from_rules(&r, &Bands::STAFF);
        assert_eq!(d.excellent, "95", "高于 95 分");
        assert_eq!(d.validate(&r), Ok((r, Bands::STAFF)));
        d.survey = "40".into();
        let errs = d.validate(&r).err().unwrap_or_default();
        assert_eq!(errs, vec!["三部分权重之和必须为 100".to_string()]);
        d.survey = "30".into();
        d.staff_pass = "九十".into();
        let errs = d.validate(&r).err().unwrap_or_default();
        assert!(errs[0].contains("员工月度合格（不低于）"), "{errs:?}");
    }

    #[test]
    fn late_fee_settings_round_trip_and_name_bad_fields() {
        let r = LateFeeRule::default();
        let mut d = LateFeeDraft::from_rule(&r);
        assert_eq!(d.validate(), Ok(r));
        d.enabled = true;
        d.per_day_e4 = "5".into();
        assert_eq!(
            d.validate()
                .map(|r| (r.enabled, r.per_day_e4, r.grace_days)),
            Ok((true, 5, 15))
        );
        d.per_day_e4 = "万分之三".into();
        d.grace_days = "-1".into();
        let errs = d.validate().err().unwrap_or_default();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].contains("日费率"));
        assert!(errs[1].contains("宽限天数"));
    }

    #[test]
    fn service_settings_round_trip_and_name_bad_lines() {
        use crate::domain::calendar::DayKind;
        use crate::domain::complaints::{ClockRules, RevisitRule};
        let d = |s: &str| ok(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d"));
        let s = ServiceSettings {
            target: 15,
            rules: ClockRules {
                revisit: RevisitRule::WorkingDays(3),
                ..ClockRules::default()
            },
            calendar: vec![
                (d("2026-10-01"), DayKind::Holiday),
                (d("2026-10-11"), DayKind::WorkingWeekend),
            ],
        };
        let draft = ServiceDraft::from_settings(&s);
        assert_eq!(draft.calendar, "2026-10-01 节假日\n2026-10-11 调休上班");
        assert!(draft.revisit_working_days);
        assert_eq!(draft.validate(), Ok(s));
        let mut bad = draft.clone();
        bad.target = "0".into();
        bad.calendar = "2026-10-01 放假\n2026-13-01 节假日\n2026-10-02 吃饭\n2026/10/1 调休".into();
        let e = bad.validate().unwrap_err();
        assert!(e.iter().any(|x| x.contains("走访目标")), "{e:?}");
        assert!(e.iter().any(|x| x.contains("第 2 行")), "{e:?}");
        assert!(
            e.iter()
                .any(|x| x.contains("第 3 行") && x.contains("吃饭")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|x| x.contains("第 4 行") && x.contains("重复")),
            "{e:?}"
        );
    }
}
