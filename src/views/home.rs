//! 首页: the estate's figures at a glance.

use crate::app::home::{DueLine, HomeData};
use crate::app::{Command, Nav};
use crate::db::settings::OfficeSettings;
use crate::db::staff::StaffRow;
use crate::domain::staff::{StaffFlag, StaffRules, staff_flags};
use crate::ui::theme;
use chrono::NaiveDate;

/// One person the office must act on, as the home screen lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffAlert {
    pub id: i64,
    pub name: String,
    pub department: String,
    pub flags: Vec<StaffFlag>,
}

/// When the last good backup was made, and what the home screen warns about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BackupStatus {
    pub last: Option<chrono::NaiveDateTime>,
    pub warnings: Vec<crate::domain::backup::Warning>,
}

/// A key past its due time, as the home screen lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct OverdueKey {
    pub id: i64,
    pub tag: String,
    pub key: String,
    pub borrower: String,
    pub phone: String,
    pub late: String,
}

pub struct HomeView {
    /// This frame's moment, from the app's clock (the view never reads the wall clock).
    pub now: chrono::NaiveDateTime,
    data: HomeData,
    /// The lines have arrived at least once (until then: 加载中, not "no units").
    loaded: bool,
    overdue_keys: Vec<OverdueKey>,
    backup: BackupStatus,
    active_staff: usize,
    alerts: Vec<StaffAlert>,
    cert_warn_days: i64,
    pub stale: bool,
    pub staff_stale: bool,
}

impl Default for HomeView {
    fn default() -> Self {
        HomeView {
            // Set by the app from its clock before every frame.
            now: chrono::NaiveDateTime::default(),
            data: HomeData::default(),
            loaded: false,
            overdue_keys: Vec::new(),
            backup: BackupStatus::default(),
            active_staff: 0,
            alerts: Vec::new(),
            cert_warn_days: 30,
            stale: true,
            staff_stale: true,
        }
    }
}

fn figure(ui: &mut egui::Ui, label: &str, value: String) {
    egui::Frame::group(ui.style())
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_min_width(130.0);
            ui.vertical(|ui| {
                ui.label(egui::RichText::new(label).color(theme::MUTED));
                ui.label(egui::RichText::new(value).size(26.0).strong());
            });
        });
}

impl HomeView {
    pub fn set_data(&mut self, data: HomeData) {
        self.data = data;
        self.loaded = true;
    }

    pub fn set_backup(&mut self, b: BackupStatus) {
        self.backup = b;
    }

    pub fn backup(&self) -> &BackupStatus {
        &self.backup
    }

    /// The last good backup beside the date; a warning box when it is old, missing, or on the
    /// database's own disk (each opens 设置 › 备份与恢复).
    fn backup_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if self.backup.warnings.is_empty() {
            return;
        }
        todo_box(
            ui,
            theme::WARNING,
            "备份".into(),
            Nav::Settings,
            commands,
            |ui, commands| {
                for w in &self.backup.warnings {
                    if ui
                        .link(egui::RichText::new(w.text()).color(theme::WARNING))
                        .clicked()
                    {
                        commands.push(Command::Navigate(Nav::Settings));
                    }
                }
            },
        );
    }

    pub fn data(&self) -> &HomeData {
        &self.data
    }

    pub fn set_staff(&mut self, staff: &[StaffRow], today: NaiveDate, rules: StaffRules) {
        self.active_staff = staff.iter().filter(|s| s.active()).count();
        self.cert_warn_days = rules.cert_warn_days;
        self.alerts = staff
            .iter()
            .filter_map(|s| {
                let flags = staff_flags(&s.facts(), today, rules);
                (!flags.is_empty()).then(|| StaffAlert {
                    id: s.id,
                    name: s.name.clone(),
                    department: s.department.clone(),
                    flags,
                })
            })
            .collect();
        // Faults (expired, missing) first.
        self.alerts
            .sort_by_key(|a| (!a.flags.iter().any(StaffFlag::is_fault), a.flags[0].clone()));
    }

    pub fn set_overdue_keys(&mut self, keys: Vec<OverdueKey>) {
        self.overdue_keys = keys;
    }

    pub fn cards_due(&self) -> Option<(crate::domain::period::Period, usize, NaiveDate)> {
        self.data.cards_due
    }

    pub fn archive(&self) -> &crate::db::archives::ArchiveDue {
        &self.data.archive
    }

    /// Files out past their due date, requests waiting for the manager, campaigns due within
    /// 14 days or late, and findings not yet put right: each line opens its record.
    fn archive_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let a = &self.data.archive;
        if a.is_empty() {
            return;
        }
        let color = if a.overdue.is_empty() {
            theme::WARNING
        } else {
            theme::ERROR
        };
        todo_box(
            ui,
            color,
            "档案".into(),
            Nav::Archives,
            commands,
            |ui, commands| {
                for r in a.overdue.iter().take(8) {
                    let text = format!(
                        "逾期未还：{} {}（应还 {}，{}）",
                        r.requester,
                        r.files_text(),
                        r.due_at.format("%m-%d"),
                        r.state_text(self.now)
                    );
                    if ui
                        .link(egui::RichText::new(text).color(theme::ERROR))
                        .clicked()
                    {
                        commands.push(Command::ShowRequest(r.id));
                    }
                }
                for r in a.awaiting.iter().take(8) {
                    let text = format!(
                        "待审批：{} {} {}（{}）",
                        r.requester,
                        r.kind,
                        r.files_text(),
                        r.requested_at.format("%m-%d %H:%M")
                    );
                    if ui.link(text).clicked() {
                        commands.push(Command::ShowRequest(r.id));
                    }
                }
                for c in &a.campaigns {
                    let text = format!(
                        "档案检查：{}（截止 {}，{}，已查 {}/{}）",
                        c.name,
                        crate::domain::date::doc_date(c.due_on),
                        c.state(self.now.date()).text(),
                        c.checked,
                        c.total
                    );
                    if ui
                        .link(egui::RichText::new(text).color(theme::WARNING))
                        .clicked()
                    {
                        commands.push(Command::ShowCampaign(c.id));
                    }
                }
                if a.open_findings > 0 {
                    let text = format!("档案检查发现的问题还有 {} 项未整改", a.open_findings);
                    if ui
                        .link(egui::RichText::new(text).color(theme::WARNING))
                        .clicked()
                    {
                        commands.push(Command::ShowCampaign(
                            a.finding_campaign.unwrap_or_default(),
                        ));
                    }
                }
            },
        );
    }

    pub fn complaints_due(&self) -> &[DueLine] {
        &self.data.complaints_due
    }

    pub fn visits_short(&self) -> &[String] {
        &self.data.visits_short
    }

    /// Complaints about to miss (or past) their clock, and who is short of the month's visits.
    fn service_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if !self.data.complaints_due.is_empty() {
            todo_box(
                ui,
                theme::ERROR,
                format!(
                    "今天到期或已超时的投诉 {} 件",
                    self.data.complaints_due.len()
                ),
                Nav::Service,
                commands,
                |ui, commands| {
                    due_lines(ui, "home_complaints", &self.data.complaints_due, |id| {
                        commands.push(Command::ShowComplaint(id))
                    })
                },
            );
        }
        if !self.data.visits_short.is_empty() {
            egui::Frame::group(ui.style())
                .stroke(egui::Stroke::new(1.0, theme::WARNING))
                .show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        if ui
                            .link(
                                egui::RichText::new(format!(
                                    "本月走访未达标：{}",
                                    self.data.visits_short.join("、")
                                ))
                                .color(theme::WARNING),
                            )
                            .clicked()
                        {
                            commands.push(Command::ShowVisitTargets);
                        }
                    });
                });
            ui.add_space(8.0);
        }
    }

    /// Work orders whose appointment has passed: each opens its order.
    fn repairs_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let late = &self.data.repairs_late;
        if late.is_empty() {
            return;
        }
        todo_box(
            ui,
            theme::ERROR,
            format!("报修超过预约时间 {} 单", late.len()),
            Nav::Service,
            commands,
            |ui, commands| {
                due_lines(ui, "home_repairs", late, |id| {
                    commands.push(Command::ShowRepair(id))
                })
            },
        );
    }

    /// Units owing with no dunning this month, and this month's collection rate against the
    /// 95 % target with the months before it as a small chart.
    fn charging_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let d = &self.data;
        let this = d
            .rates
            .last()
            .filter(|(p, _)| *p == crate::domain::period::Period::of(self.now.date()));
        if d.undunned == 0 && this.is_none() {
            return;
        }
        let target = crate::domain::assessment::COLLECTION_TARGET;
        todo_box(
            ui,
            theme::WARNING,
            "收费".into(),
            Nav::Charging,
            commands,
            |ui, commands| {
                if d.undunned > 0
                    && ui
                        .link(
                            egui::RichText::new(format!(
                                "欠费 {} 户中，本月还有 {} 户未催缴（目标：欠费户 100% 催缴）",
                                d.owing, d.undunned
                            ))
                            .color(theme::WARNING),
                        )
                        .clicked()
                {
                    commands.push(Command::ShowUndunned);
                }
                if let Some((p, c)) = this {
                    let rate = c.rate().unwrap_or(0);
                    let color = if rate < target {
                        theme::ERROR
                    } else {
                        theme::SUCCESS
                    };
                    ui.horizontal(|ui| {
                        if ui
                            .link(
                                egui::RichText::new(format!(
                                    "{}收缴率 {}（目标 {}）",
                                    p.doc(),
                                    crate::domain::period::rate_text(Some(rate)),
                                    crate::domain::period::rate_text(Some(target))
                                ))
                                .color(color),
                            )
                            .clicked()
                        {
                            commands.push(Command::ShowCollection);
                        }
                        rate_chart(ui, &d.rates, target);
                    });
                }
            },
        );
    }

    fn cards_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some((month, n, deadline)) = self.data.cards_due else {
            return;
        };
        let late = self.now.date() > deadline;
        let color = if late { theme::ERROR } else { theme::WARNING };
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, color))
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(
                        color,
                        egui::RichText::new(format!(
                            "{} 月度考核表还有 {n} 人未提交（截止 {}{}）",
                            month.doc(),
                            crate::domain::date::doc_date(deadline),
                            if late { "，已过期" } else { "" }
                        ))
                        .strong(),
                    );
                    if ui.link("前往 考核").clicked() {
                        commands.push(Command::Navigate(Nav::Assessment));
                    }
                });
            });
        ui.add_space(8.0);
    }

    pub fn overdue_keys(&self) -> &[OverdueKey] {
        &self.overdue_keys
    }

    fn keys_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if self.overdue_keys.is_empty() {
            return;
        }
        todo_box(
            ui,
            theme::ERROR,
            format!("超期未还钥匙 {} 把", self.overdue_keys.len()),
            Nav::Keys,
            commands,
            |ui, commands| {
                egui::Grid::new("home_overdue")
                    .num_columns(4)
                    .spacing([16.0, 2.0])
                    .show(ui, |ui| {
                        for k in &self.overdue_keys {
                            if ui.link(&k.tag).clicked() {
                                commands.push(Command::ShowKey(k.id));
                            }
                            ui.label(&k.key);
                            ui.label(format!("{} {}", k.borrower, k.phone));
                            ui.colored_label(theme::ERROR, &k.late);
                            ui.end_row();
                        }
                    });
            },
        );
    }

    pub fn alerts(&self) -> &[StaffAlert] {
        &self.alerts
    }

    fn staff_ui(&self, ui: &mut egui::Ui) {
        let count = |f: fn(&StaffFlag) -> bool| {
            self.alerts.iter().filter(|a| a.flags.iter().any(f)).count()
        };
        ui.add_space(8.0);
        ui.label(egui::RichText::new("员工与证书").strong());
        ui.horizontal_wrapped(|ui| {
            figure(ui, "在职员工", format!("{} 人", self.active_staff));
            figure(
                ui,
                "证书过期或缺少",
                format!(
                    "{} 人",
                    count(|f| matches!(
                        f,
                        StaffFlag::CertExpired { .. } | StaffFlag::MissingCert { .. }
                    ))
                ),
            );
            figure(
                ui,
                &format!("证书 {} 天内到期", self.cert_warn_days),
                format!(
                    "{} 人",
                    count(|f| matches!(f, StaffFlag::CertExpiring { .. }))
                ),
            );
            figure(
                ui,
                "未完成入职培训",
                format!("{} 人", count(|f| matches!(f, StaffFlag::NoInduction))),
            );
        });
    }

    /// What needs doing about the staff files, at the top of the page with the other to-dos
    /// so that it is seen without scrolling at 1280×720.
    fn alerts_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if self.alerts.is_empty() {
            return;
        }
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, theme::WARNING))
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(
                        theme::WARNING,
                        egui::RichText::new(format!(
                            "员工证书与培训需要处理 {} 人",
                            self.alerts.len()
                        ))
                        .strong(),
                    );
                    ui.colored_label(theme::MUTED, "（点姓名查看档案）");
                });
                self.alert_rows(ui, commands);
            });
        ui.add_space(8.0);
    }

    fn alert_rows(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        egui::Grid::new("staff_alerts")
            .num_columns(3)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                for a in self.alerts.iter().take(12) {
                    if ui.link(&a.name).clicked() {
                        commands.push(Command::ShowStaff(a.id));
                    }
                    ui.label(&a.department);
                    ui.horizontal(|ui| {
                        for f in &a.flags {
                            let color = if f.is_fault() {
                                theme::ERROR
                            } else {
                                theme::WARNING
                            };
                            ui.colored_label(color, f.label());
                        }
                    });
                    ui.end_row();
                }
            });
        if self.alerts.len() > 12
            && ui
                .link(format!(
                    "另有 {} 人，前往员工档案查看",
                    self.alerts.len() - 12
                ))
                .clicked()
        {
            commands.push(Command::Navigate(Nav::Staff));
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, office: &OfficeSettings, commands: &mut Vec<Command>) {
        egui::ScrollArea::vertical()
            .id_salt("home")
            .show(ui, |ui| self.body(ui, office, commands));
    }

    fn body(&self, ui: &mut egui::Ui, office: &OfficeSettings, commands: &mut Vec<Command>) {
        let s = &self.data.stats;
        ui.heading(format!("{} · {}", office.estate_name, office.office_name));
        ui.horizontal(|ui| {
            ui.label(crate::domain::date::doc_date(self.now.date()));
            if let Some(t) = self.backup.last {
                ui.colored_label(
                    theme::MUTED,
                    format!("　上次备份 {}", t.format("%Y-%m-%d %H:%M")),
                );
            }
        });
        ui.add_space(12.0);
        self.keys_ui(ui, commands);
        self.service_ui(ui, commands);
        self.repairs_ui(ui, commands);
        self.archive_ui(ui, commands);
        self.charging_ui(ui, commands);
        self.cards_ui(ui, commands);
        self.alerts_ui(ui, commands);
        self.backup_ui(ui, commands);
        if !self.loaded {
            ui.colored_label(theme::MUTED, "正在读取今日待办……");
            return;
        }
        if s.units == 0 {
            ui.label("还没有房屋数据。可以在“房屋与业主”中新增或导入，或运行 taizhang demo 生成演示小区。");
            if ui.button("前往 房屋与业主").clicked() {
                commands.push(Command::Navigate(Nav::Units));
            }
            self.staff_ui(ui);
            return;
        }
        ui.horizontal_wrapped(|ui| {
            figure(ui, "楼栋", format!("{} 栋", s.buildings));
            figure(ui, "房屋", format!("{} 户", s.units));
            figure(ui, "收费面积合计", format!("{} ㎡", s.total_area));
            figure(ui, "在住业主/住户", format!("{} 人", s.owners));
            figure(ui, "需特别关照", format!("{} 人", s.special_care));
            figure(
                ui,
                "业主资料不全/未签字",
                format!("{} 人", s.incomplete_files),
            );
        });
        ui.add_space(8.0);
        ui.label(egui::RichText::new("房屋状态").strong());
        ui.horizontal_wrapped(|ui| {
            for (state, n) in &s.by_state {
                figure(ui, state.as_str(), format!("{n} 户"));
            }
        });
        ui.add_space(8.0);
        ui.label(egui::RichText::new("房屋用途").strong());
        ui.horizontal_wrapped(|ui| {
            for (usage, n) in &s.by_usage {
                figure(ui, usage.as_str(), format!("{n} 户"));
            }
        });
        self.staff_ui(ui);
    }
}

/// A box of the to-do list: its heading in `color` with a link to the screen (`go`), then
/// `body`.
fn todo_box(
    ui: &mut egui::Ui,
    color: egui::Color32,
    heading: String,
    go: Nav,
    commands: &mut Vec<Command>,
    body: impl FnOnce(&mut egui::Ui, &mut Vec<Command>),
) {
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, color))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.colored_label(color, egui::RichText::new(heading).strong());
                if ui.link(format!("前往 {}", go.label())).clicked() {
                    commands.push(Command::Navigate(go));
                }
            });
            body(ui, commands);
        });
    ui.add_space(8.0);
}

/// Lines that open their record: what, then the clock's state in red.
fn due_lines(ui: &mut egui::Ui, salt: &str, lines: &[DueLine], mut open: impl FnMut(i64)) {
    egui::Grid::new(salt)
        .num_columns(2)
        .spacing([16.0, 2.0])
        .show(ui, |ui| {
            for l in lines.iter().take(8) {
                if ui.link(&l.what).clicked() {
                    open(l.id);
                }
                ui.colored_label(theme::ERROR, &l.state);
                ui.end_row();
            }
        });
    if lines.len() > 8 {
        ui.colored_label(theme::MUTED, format!("另有 {} 条", lines.len() - 8));
    }
}

/// A small bar chart of the months' rates, the target as a line: red bars below it.
fn rate_chart(
    ui: &mut egui::Ui,
    rates: &[(
        crate::domain::period::Period,
        crate::db::charging::Collected,
    )],
    target: i64,
) {
    let (w, h) = (22.0 * rates.len() as f32 + 8.0, 44.0);
    let (rect, response) = ui.allocate_exact_size(egui::vec2(w, h), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, egui::Color32::from_gray(245));
    // 80 % at the foot, 100 % at the top: the band where the rates live.
    let y = |rate: i64| {
        let f = ((rate as f32 / 100.0 - 80.0) / 20.0).clamp(0.0, 1.0);
        rect.bottom() - 2.0 - f * (h - 4.0)
    };
    let mut tip = Vec::new();
    for (i, (p, c)) in rates.iter().enumerate() {
        let rate = c.rate().unwrap_or(0);
        let x = rect.left() + 6.0 + i as f32 * 22.0;
        let color = if rate < target {
            theme::ERROR
        } else {
            theme::SUCCESS
        };
        // At least a sliver, so that a month far below the band still shows as a bar.
        let top = y(rate).min(rect.bottom() - 3.0);
        painter.rect_filled(
            egui::Rect::from_min_max(egui::pos2(x, top), egui::pos2(x + 14.0, rect.bottom())),
            1.0,
            color,
        );
        tip.push(format!(
            "{}：{}",
            p.doc(),
            crate::domain::period::rate_text(Some(rate))
        ));
    }
    painter.hline(
        rect.x_range(),
        y(target),
        egui::Stroke::new(1.0, theme::MUTED),
    );
    response.on_hover_text(tip.join("\n"));
}
