//! 档案检查: the campaigns of the yearly plan (what is due, late or done), a campaign's files
//! with their results, findings and their follow-up, and setting up a campaign by hand.

use super::ArchiveView;
use crate::app::{ArchiveCommand, ArchiveOutput, Command};
use crate::domain::archives::{CampaignState, Condition};
use crate::domain::date::parse_date;
use crate::ui::table::{Cell, Col};
use crate::ui::{dialog, labelled_field, theme};

/// A campaign set up by hand.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CampaignForm {
    pub name: String,
    pub starts: String,
    pub due: String,
    pub kind: String,
    pub location: String,
    pub error: Option<String>,
}

fn state_cell(s: CampaignState) -> Cell {
    let color = match s {
        CampaignState::Overdue(_) => theme::ERROR,
        CampaignState::DueSoon(_) => theme::WARNING,
        CampaignState::Done => theme::SUCCESS,
        CampaignState::Planned => theme::MUTED,
    };
    Cell::Colored(s.text(), color)
}

impl ArchiveView {
    pub(super) fn inspections_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let today = self.now.date();
        let year = chrono::Datelike::year(&today);
        ui.horizontal_wrapped(|ui| {
            if self.may_manage && ui.button(format!("按计划建立 {year} 年检查")).clicked() {
                commands.push(ArchiveCommand::PlanYear(year).into());
            }
            if self.may_manage && ui.button("新建检查…").clicked() {
                self.campaign_form = Some(CampaignForm {
                    starts: crate::domain::date::iso(today),
                    due: crate::domain::date::iso(today + chrono::Duration::days(14)),
                    ..Default::default()
                });
            }
            if let Some(c) = self
                .data
                .campaigns
                .iter()
                .find(|c| Some(c.id) == self.selected_campaign)
                && ui.button("打印检查记录…").clicked()
            {
                self.open_output(ArchiveOutput::Inspection(c.name.clone()));
            }
            ui.colored_label(
                theme::MUTED,
                "档案每年至少检查两次（检查计划在“设置”中），到期前 14 天在首页提醒。",
            );
        });
        let list = &self.data.campaigns;
        if list.is_empty() {
            ui.label("还没有档案检查：点“按计划建立”按设置中的计划建立今年的检查。");
            return;
        }
        const COLS: [Col; 6] = [
            Col::new("检查", 170.0).up_to(240.0),
            Col::new("范围", 90.0).up_to(160.0),
            Col::new("计划", 150.0),
            Col::new("进度", 70.0),
            Col::num("待整改", 50.0),
            Col::new("状态", 90.0),
        ];
        let all: Vec<usize> = (0..list.len()).collect();
        let selected = list
            .iter()
            .position(|c| Some(c.id) == self.selected_campaign);
        let table = &mut self.campaigns_table;
        let out = egui::ScrollArea::vertical()
            .id_salt("archive_campaigns_scroll")
            .max_height(150.0)
            .show(ui, |ui| {
                table.show(ui, "archive_campaigns", &COLS, &all, selected, |i, col| {
                    let c = &list[i];
                    match col {
                        0 => Cell::text(&c.name),
                        1 => Cell::text(&c.scope),
                        2 => Cell::text(format!(
                            "{} 至 {}",
                            c.starts_on.format("%m-%d"),
                            c.due_on.format("%m-%d")
                        )),
                        3 => Cell::text(format!("{}/{}", c.checked, c.total)),
                        4 => Cell::Number(c.open_findings.to_string(), c.open_findings),
                        _ => state_cell(c.state(today)),
                    }
                })
            })
            .inner;
        if let Some(i) = out.selected.or(out.opened) {
            let id = list[i].id;
            if self.selected_campaign != Some(id) || self.checks_for != Some(id) {
                commands.push(ArchiveCommand::SelectCampaign(id).into());
            }
        }
        let Some(c) = list
            .iter()
            .find(|c| Some(c.id) == self.selected_campaign)
            .cloned()
        else {
            return;
        };
        if self.checks_for != Some(c.id) {
            return;
        }
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            ui.strong(&c.name);
            ui.label(format!(
                "已查 {}/{}，待整改 {}",
                c.checked, c.total, c.open_findings
            ));
            if self.may_manage && c.done_on.is_none() && ui.button("结束本次检查").clicked() {
                commands.push(ArchiveCommand::FinishCampaign(c.id).into());
            }
        });
        self.check_controls(ui, &c, commands);
        const CHECK_COLS: [Col; 7] = [
            Col::new("档案号", 90.0),
            Col::new("题名", 150.0).up_to(240.0),
            Col::new("存放位置", 120.0).up_to(180.0),
            Col::new("结果", 60.0),
            Col::new("情况", 100.0).up_to(200.0),
            Col::new("检查", 90.0),
            Col::new("整改", 90.0).up_to(200.0),
        ];
        let checks = &self.checks;
        let all: Vec<usize> = (0..checks.len()).collect();
        let selected = checks
            .iter()
            .position(|k| Some(k.file_id) == self.selected_check);
        let out = self.checks_table.show(
            ui,
            "archive_checks",
            &CHECK_COLS,
            &all,
            selected,
            |i, col| {
                let k = &checks[i];
                match col {
                    0 => Cell::text(&k.number),
                    1 => Cell::clip(&k.title),
                    2 => Cell::clip(&k.location),
                    3 => match k.result {
                        None => Cell::Colored("未查".into(), theme::MUTED),
                        Some(Condition::Intact) => Cell::Colored("完好".into(), theme::SUCCESS),
                        Some(r) => Cell::Colored(r.as_str().into(), theme::ERROR),
                    },
                    4 => Cell::clip(&k.note),
                    5 => Cell::text(match k.checked_on {
                        Some(d) => format!("{} {}", k.inspector, d.format("%m-%d")),
                        None => String::new(),
                    }),
                    _ => match (k.finding(), k.follow_up_done_on) {
                        (false, _) => Cell::Empty,
                        (true, Some(_)) => Cell::clip(&k.follow_up),
                        (true, None) => Cell::Colored("待整改".into(), theme::WARNING),
                    },
                }
            },
        );
        if let Some(i) = out.selected.or(out.opened) {
            self.selected_check = Some(checks[i].file_id);
            self.note.clear();
        }
    }

    /// The chosen file of the campaign: its result buttons, or its finding's follow-up.
    fn check_controls(
        &mut self,
        ui: &mut egui::Ui,
        c: &crate::db::archives::CampaignRow,
        commands: &mut Vec<Command>,
    ) {
        let Some(k) = self
            .checks
            .iter()
            .find(|k| Some(k.file_id) == self.selected_check)
            .cloned()
        else {
            ui.colored_label(theme::MUTED, "在下面的清单中选一份档案，记录检查结果。");
            return;
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{}《{}》", k.number, k.title));
            let l = ui.label("情况");
            ui.add(
                egui::TextEdit::singleline(&mut self.note)
                    .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                    .hint_text("缺损、缺失、位置不符时写明；整改时写做了什么")
                    .desired_width(260.0),
            )
            .labelled_by(l.id);
            if self.may_manage && c.done_on.is_none() {
                for r in Condition::ALL {
                    if ui.button(r.as_str()).clicked() {
                        commands.push(
                            ArchiveCommand::RecordCheck {
                                campaign: c.id,
                                file: k.file_id,
                                result: *r,
                                note: self.note.clone(),
                            }
                            .into(),
                        );
                    }
                }
            }
            if self.may_manage && k.open_finding() && ui.button("整改完成").clicked() {
                commands.push(
                    ArchiveCommand::CloseFinding {
                        campaign: c.id,
                        file: k.file_id,
                        done: self.note.clone(),
                    }
                    .into(),
                );
            }
        });
    }

    pub(super) fn campaign_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(mut f) = self.campaign_form.take() else {
            return;
        };
        let kinds: Vec<String> = std::iter::once(String::new())
            .chain(self.data.kinds.iter().map(|k| k.name.clone()))
            .collect();
        let places: Vec<String> = std::iter::once(String::new())
            .chain(self.data.locations.iter().map(|l| l.path.clone()))
            .collect();
        let mut go = false;
        let close = dialog(ctx, "新建档案检查", |ui| {
            egui::Grid::new("archive_campaign_form")
                .num_columns(2)
                .show(ui, |ui| {
                    labelled_field(ui, "名称", &mut f.name, "如 2026年专项检查");
                    labelled_field(ui, "开始日期", &mut f.starts, "2026-12-01");
                    labelled_field(ui, "截止日期", &mut f.due, "2026-12-15");
                    crate::ui::choice(ui, "只查类别", &mut f.kind, &kinds, "全部类别");
                    crate::ui::choice(ui, "只查位置", &mut f.location, &places, "全部位置");
                });
            if let Some(e) = &f.error {
                ui.colored_label(theme::ERROR, e);
            }
            let mut cancel = false;
            ui.horizontal(|ui| {
                if ui.button("建立").clicked() {
                    go = true;
                }
                if ui.button("取消").clicked() {
                    cancel = true;
                }
            });
            cancel
        });
        if go {
            let dates = parse_date(&f.starts)
                .map_err(|e| format!("开始日期：{e}"))
                .and_then(|s| Ok((s, parse_date(&f.due).map_err(|e| format!("截止日期：{e}"))?)));
            match dates {
                Ok((starts, due)) => {
                    f.error = None;
                    commands.push(
                        ArchiveCommand::AddCampaign {
                            name: f.name.clone(),
                            starts,
                            due,
                            kind: Some(f.kind.clone()).filter(|k| !k.is_empty()),
                            location: Some(f.location.clone()).filter(|l| !l.is_empty()),
                        }
                        .into(),
                    );
                }
                Err(e) => f.error = Some(e),
            }
        }
        if !close {
            self.campaign_form = Some(f);
        }
    }
}
