//! 按户收费 from a unit's panel: 新增按户收费… (a parking space rented, a shop's rubbish removal)
//! and 结束… (the space given back). The same rules as the import: a 按户 item, a space never
//! rented twice over the same months (checked where it is written).

use crate::app::{ChargeCommand, Command};
use crate::db::charging::{SubscriptionInput, SubscriptionRow};
use crate::domain::period::Period;
use crate::ui::{dialog, labelled_field, theme};

pub struct SubscriptionForm {
    pub unit_id: i64,
    pub label: String,
    /// The items billed 按户: (id, name).
    pub items: Vec<(i64, String)>,
    pub item: String,
    pub object: String,
    pub plate: String,
    pub start: String,
    pub end: String,
    pub rate: String,
    pub error: Option<String>,
}

impl SubscriptionForm {
    /// A new subscription for the unit, from this month.
    pub fn new(unit_id: i64, label: String, items: Vec<(i64, String)>, month: Period) -> Self {
        let item = items.first().map(|i| i.1.clone()).unwrap_or_default();
        SubscriptionForm {
            unit_id,
            label,
            items,
            item,
            object: String::new(),
            plate: String::new(),
            start: month.to_string(),
            end: String::new(),
            rate: String::new(),
            error: None,
        }
    }

    /// The form as a subscription, or the first thing wrong with it, by its field.
    pub fn input(&self) -> Result<SubscriptionInput, String> {
        let item_id = self
            .items
            .iter()
            .find(|i| i.1 == self.item)
            .map(|i| i.0)
            .ok_or("请选择收费项目")?;
        let start = Period::parse(&self.start).map_err(|e| format!("起始期间：{e}"))?;
        let end = match self.end.trim() {
            "" => None,
            e => Some(Period::parse(e).map_err(|e| format!("结束期间：{e}"))?),
        };
        if let Some(e) = end
            && e < start
        {
            return Err(format!("结束期间 {e} 早于起始期间 {start}"));
        }
        let rate_e4 = match self.rate.trim() {
            "" => None,
            r => Some(crate::domain::charging::parse_rate(r).map_err(|e| format!("单价：{e}"))?),
        };
        Ok(SubscriptionInput {
            unit_id: self.unit_id,
            item_id,
            object: self.object.trim().to_string(),
            plate: self.plate.trim().to_string(),
            start,
            end,
            rate_e4,
        })
    }

    /// The window; true when it should close (取消 or ×).
    pub fn window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
        dialog(ctx, "新增按户收费", |ui| {
            ui.label(format!("房屋：{}", self.label));
            if self.items.is_empty() {
                ui.colored_label(
                    theme::WARNING,
                    "还没有按户收取的项目：先在 收费台账 › 收费项目 里把项目（如 车位租赁费）设为按户。",
                );
                return ui.button("关闭").clicked();
            }
            egui::Grid::new("subscription_form")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    let names: Vec<&str> = self.items.iter().map(|i| i.1.as_str()).collect();
                    crate::ui::choice(ui, "收费项目", &mut self.item, &names, "请选择");
                    labelled_field(ui, "车位号", &mut self.object, "如 B-023（没有可空）");
                    labelled_field(ui, "车牌号", &mut self.plate, "如 浙A·12345（可空）");
                    labelled_field(ui, "起始期间", &mut self.start, "如 2026-12");
                    labelled_field(ui, "结束期间", &mut self.end, "空：一直收到结束为止");
                    labelled_field(ui, "单价（元/月）", &mut self.rate, "空：按项目单价");
                });
            if let Some(e) = &self.error {
                ui.colored_label(theme::ERROR, e);
            }
            let mut cancel = false;
            ui.horizontal(|ui| {
                if ui.button("登记").clicked() {
                    match self.input() {
                        Ok(input) => {
                            self.error = None;
                            commands.push(ChargeCommand::AddSubscription(input).into());
                        }
                        Err(e) => self.error = Some(e),
                    }
                }
                cancel = ui.button("取消").clicked();
            });
            cancel
        })
    }
}

/// 结束…: the last month billed for a subscription.
pub struct EndForm {
    pub sub: SubscriptionRow,
    pub end: String,
    pub error: Option<String>,
}

impl EndForm {
    /// Ending this month, by default.
    pub fn new(sub: SubscriptionRow, month: Period) -> Self {
        let end = month.max(sub.start).to_string();
        EndForm {
            sub,
            end,
            error: None,
        }
    }

    pub fn window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
        dialog(ctx, "结束按户收费", |ui| {
            ui.label(format!(
                "{} {} {}（{}）",
                self.sub.unit,
                self.sub.item,
                self.sub.what(),
                self.sub.span_text()
            ));
            ui.label(
                egui::RichText::new("结束期间是最后收费的月份；以后生成应收不再向这户出账。")
                    .color(theme::MUTED),
            );
            egui::Grid::new("end_subscription")
                .num_columns(2)
                .show(ui, |ui| {
                    labelled_field(ui, "结束期间", &mut self.end, "如 2026-12");
                });
            if let Some(e) = &self.error {
                ui.colored_label(theme::ERROR, e);
            }
            let mut cancel = false;
            ui.horizontal(|ui| {
                if ui.button("确认结束").clicked() {
                    match Period::parse(&self.end) {
                        Ok(end) => {
                            self.error = None;
                            commands.push(
                                ChargeCommand::EndSubscription {
                                    id: self.sub.id,
                                    unit_id: self.sub.unit_id,
                                    end,
                                }
                                .into(),
                            );
                        }
                        Err(e) => self.error = Some(format!("结束期间：{e}")),
                    }
                }
                cancel = ui.button("取消").clicked();
            });
            cancel
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SubscriptionForm {
        let mut f = SubscriptionForm::new(
            7,
            "8号楼1单元302".into(),
            vec![(3, "车位租赁费".into())],
            Period::new(2026, 12).unwrap_or(Period::of(chrono::NaiveDate::MIN)),
        );
        f.object = " B-023 ".into();
        f.plate = "浙A·12345".into();
        f
    }

    #[test]
    fn a_filled_form_is_a_subscription() {
        let mut f = form();
        f.rate = "60".into();
        let i = f.input().map_err(|e| e.to_string());
        assert_eq!(
            i,
            Ok(SubscriptionInput {
                unit_id: 7,
                item_id: 3,
                object: "B-023".into(),
                plate: "浙A·12345".into(),
                start: Period::new(2026, 12).unwrap_or(Period::of(chrono::NaiveDate::MIN)),
                end: None,
                rate_e4: Some(600_000),
            })
        );
    }

    #[test]
    fn each_wrong_field_is_named() {
        let mut f = form();
        f.start = "明年".into();
        assert!(
            f.input()
                .err()
                .unwrap_or_default()
                .starts_with("起始期间：")
        );
        let mut f = form();
        f.end = "2026-11".into();
        assert_eq!(
            f.input().err().as_deref(),
            Some("结束期间 2026-11 早于起始期间 2026-12")
        );
        let mut f = form();
        f.rate = "六十".into();
        assert!(f.input().err().unwrap_or_default().starts_with("单价："));
        let mut f = form();
        f.item = String::new();
        assert_eq!(f.input().err().as_deref(), Some("请选择收费项目"));
    }
}
