//! The unit page's account (账目): every bill line with what was paid, 调整… to correct one by
//! a separate adjustment line, and 新增单次收费… for one-off charges (装修押金, 特约服务).

use super::charging::{ChargingView, UnitLedger};
use crate::app::{ChargeCommand, ChargeOutput, Command};
use crate::domain::charging::{BillKind, FeeKind};
use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::ui::{dialog, labelled_field, theme};

/// How many of a unit's bill lines the page lists (newest first).
const SHOWN: usize = 36;

pub struct SingleForm {
    pub unit_id: i64,
    pub unit: String,
    pub item: String,
    pub period: String,
    pub amount: String,
    pub reason: String,
    pub error: Option<String>,
}

pub struct RefundForm {
    pub bill_id: i64,
    pub label: String,
    pub paid_fen: i64,
    pub amount: String,
    pub reason: String,
    pub payee: String,
    pub date: String,
    pub error: Option<String>,
}

pub struct AdjustForm {
    pub bill_id: i64,
    pub label: String,
    pub due_fen: i64,
    pub paid_fen: i64,
    pub amount: String,
    pub reason: String,
    pub error: Option<String>,
}

fn yuan(fen: i64) -> String {
    Money(fen).grouped()
}

impl ChargingView {
    pub(super) fn open_single(&mut self, unit_id: i64, unit: &str) {
        let today = self.now.date();
        // One-off items first: the usual reason to bill by hand.
        let item = self
            .items
            .iter()
            .find(|i| i.kind == FeeKind::OneOff)
            .or(self.items.first());
        let period = Period::of(today);
        self.single = Some(SingleForm {
            unit_id,
            unit: unit.to_string(),
            item: item.map(|i| i.name.clone()).unwrap_or_default(),
            period: period.to_string(),
            amount: item
                .filter(|i| i.kind == FeeKind::OneOff)
                .and_then(|i| i.rate_for(period))
                .filter(|r| *r > 0 && r % 100 == 0)
                .map(|r| Money(r / 100).to_string())
                .unwrap_or_default(),
            reason: String::new(),
            error: None,
        });
    }

    /// The unit's bill lines with what was paid; each can be corrected by 调整….
    pub(super) fn bills_ui(&mut self, ui: &mut egui::Ui, ledger: &UnitLedger) {
        ui.add_space(8.0);
        egui::CollapsingHeader::new("账目（每笔应收与已收，可调整）")
            .id_salt("unit_account")
            .show(ui, |ui| self.bills_grid(ui, ledger));
    }

    fn bills_grid(&mut self, ui: &mut egui::Ui, ledger: &UnitLedger) {
        if ledger.bills.is_empty() {
            ui.colored_label(theme::MUTED, "还没有应收。");
            return;
        }
        egui::Grid::new("unit_bills")
            .striped(true)
            .num_columns(7)
            .show(ui, |ui| {
                for h in ["所属期间", "收费项目", "类别", "应收", "已收", "欠费", ""]
                {
                    ui.strong(h);
                }
                ui.end_row();
                for b in ledger.bills.iter().take(SHOWN) {
                    ui.label(b.period.to_string());
                    ui.label(if b.refundable {
                        format!("{}（押金）", b.item)
                    } else {
                        b.item.clone()
                    });
                    ui.label(b.kind.as_str());
                    ui.label(yuan(b.due_fen));
                    ui.label(yuan(b.paid_fen));
                    if b.outstanding() > 0 {
                        ui.colored_label(theme::ERROR, yuan(b.outstanding()));
                    } else {
                        ui.colored_label(theme::SUCCESS, "已清");
                    }
                    let adjust = (b.kind != BillKind::Adjustment && self.may_void).then(|| {
                        let r = ui.small_button("调整…");
                        let name = format!("调整…：{} {}", b.period, b.item);
                        r.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &name)
                        });
                        r
                    });
                    if adjust.is_some_and(|r| r.clicked()) {
                        self.adjust = Some(AdjustForm {
                            bill_id: b.bill_id,
                            label: format!("{} {}", b.period.doc(), b.item),
                            due_fen: b.due_fen,
                            paid_fen: b.paid_fen,
                            amount: String::new(),
                            reason: String::new(),
                            error: None,
                        });
                    }
                    if b.refundable {
                        self.deposit_cell(ui, ledger, b);
                    } else {
                        ui.label("");
                    }
                    ui.end_row();
                }
            });
        if ledger.bills.len() > SHOWN {
            ui.colored_label(
                theme::MUTED,
                format!(
                    "另有更早的 {} 笔，见导出的收费台账。",
                    ledger.bills.len() - SHOWN
                ),
            );
        }
    }

    /// A deposit's state: given back (with its voucher), or 退还押金… once paid.
    fn deposit_cell(
        &mut self,
        ui: &mut egui::Ui,
        ledger: &UnitLedger,
        b: &crate::db::charging::BillStatus,
    ) {
        ui.horizontal(|ui| {
            if let Some(r) = ledger.refunds.iter().find(|r| r.bill_id == b.bill_id) {
                ui.colored_label(
                    theme::MUTED,
                    format!("已退 ¥{}（{}）", yuan(r.amount_fen), r.refunded_on),
                );
                if ui.small_button("打印退还单").clicked() {
                    self.open_output(ChargeOutput::Refund(b.bill_id));
                }
            } else if b.paid_fen > 0 && self.may_void {
                let r = ui.small_button("退还押金…");
                let name = format!("退还押金…：{} {}", b.period, b.item);
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if r.clicked() {
                    let owner = self
                        .units
                        .iter()
                        .find(|u| u.id == ledger.unit_id)
                        .map(|u| u.owner.clone())
                        .unwrap_or_default();
                    self.refund = Some(RefundForm {
                        bill_id: b.bill_id,
                        label: format!("{} {}", b.period.doc(), b.item),
                        paid_fen: b.paid_fen,
                        amount: Money(b.paid_fen).to_string(),
                        reason: String::new(),
                        payee: owner,
                        date: crate::domain::date::iso(self.now.date()),
                        error: None,
                    });
                }
            }
        });
    }

    pub(super) fn unit_dialogs(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let names: Vec<String> = self.items.iter().map(|i| i.name.clone()).collect();
        if let Some(f) = &mut self.single {
            let items = &self.items;
            let close = dialog(ctx, &format!("新增单次收费：{}", f.unit), |ui| {
                ui.label(
                    "装修押金、特约服务等按次收取的费用，或补记一笔应收。记入后在欠费明细中收款。",
                );
                egui::Grid::new("single_form")
                    .num_columns(2)
                    .show(ui, |ui| {
                        crate::ui::choice(ui, "收费项目", &mut f.item, &names, "请选择");
                        labelled_field(ui, "所属期间", &mut f.period, "如 2026-11");
                        labelled_field(ui, "金额（元）", &mut f.amount, "如 2000");
                        labelled_field(ui, "说明", &mut f.reason, "如：3 号楼 1201 装修");
                    });
                if let Some(e) = &f.error {
                    ui.colored_label(theme::ERROR, e);
                }
                let mut cancel = false;
                ui.horizontal(|ui| {
                    if ui.button("记入应收").clicked() {
                        let input = (|| -> Result<ChargeCommand, String> {
                            let item = items
                                .iter()
                                .find(|i| i.name == f.item)
                                .ok_or("请选择收费项目")?;
                            let period =
                                Period::parse(&f.period).map_err(|e| format!("所属期间：{e}"))?;
                            let amount =
                                Money::parse(&f.amount).map_err(|e| format!("金额：{e}"))?;
                            if amount.fen() <= 0 {
                                return Err("金额必须大于零".into());
                            }
                            Ok(ChargeCommand::AddSingle {
                                unit_id: f.unit_id,
                                item_id: item.id,
                                period,
                                amount_fen: amount.fen(),
                                reason: f.reason.clone(),
                            })
                        })();
                        match input {
                            Ok(c) => commands.push(c.into()),
                            Err(e) => f.error = Some(e),
                        }
                    }
                    cancel = ui.button("取消").clicked();
                });
                cancel
            });
            if close {
                self.single = None;
            }
        }
        let clerk = self.clerk().to_string();
        if let Some(f) = &mut self.refund {
            let close = dialog(ctx, &format!("退还押金：{}", f.label), |ui| {
                ui.label(format!(
                    "已收押金 {} 元。全额退还，或扣除损坏赔偿等后退还（须写明扣留原因）。每笔押金只能退还一次。",
                    yuan(f.paid_fen)
                ));
                egui::Grid::new("refund_form")
                    .num_columns(2)
                    .show(ui, |ui| {
                        labelled_field(ui, "退还金额（元）", &mut f.amount, "默认全额");
                        labelled_field(ui, "扣留原因", &mut f.reason, "少退时必填");
                        labelled_field(ui, "领款人", &mut f.payee, "默认为业主");
                        labelled_field(ui, "退还日期", &mut f.date, "2026-12-20");
                    });
                if let Some(e) = &f.error {
                    ui.colored_label(theme::ERROR, e);
                }
                let mut cancel = false;
                ui.horizontal(|ui| {
                    if ui.button("确认退还").clicked() {
                        let input = (|| -> Result<crate::db::charging::RefundInput, String> {
                            Ok(crate::db::charging::RefundInput {
                                bill_id: f.bill_id,
                                refunded_on: crate::domain::date::parse_date(&f.date)
                                    .map_err(|e| format!("退还日期：{e}"))?,
                                amount_fen: Money::parse(&f.amount)
                                    .map_err(|e| format!("退还金额：{e}"))?
                                    .fen(),
                                withheld_reason: f.reason.clone(),
                                payee: f.payee.clone(),
                                clerk: clerk.clone(),
                            })
                        })();
                        match input {
                            Ok(r) => commands.push(ChargeCommand::RefundDeposit(r).into()),
                            Err(e) => f.error = Some(e),
                        }
                    }
                    cancel = ui.button("取消").clicked();
                });
                cancel
            });
            if close {
                self.refund = None;
            }
        }
        if let Some(f) = &mut self.adjust {
            let close = dialog(ctx, &format!("调整：{}", f.label), |ui| {
                ui.label(format!(
                    "原应收 {} 元，已收 {} 元。调整另记一笔，原应收不变；减少请填负数（如 -12.50），调整后不能低于已收。",
                    yuan(f.due_fen),
                    yuan(f.paid_fen)
                ));
                egui::Grid::new("adjust_form")
                    .num_columns(2)
                    .show(ui, |ui| {
                        labelled_field(ui, "调整金额（元）", &mut f.amount, "增加为正，减少为负");
                        labelled_field(
                            ui,
                            "调整原因",
                            &mut f.reason,
                            "必填，如：读数抄错，应为 112.5 吨",
                        );
                    });
                if let Some(e) = &f.error {
                    ui.colored_label(theme::ERROR, e);
                }
                let mut cancel = false;
                ui.horizontal(|ui| {
                    if ui.button("确认调整").clicked() {
                        match Money::parse(&f.amount) {
                            Ok(m) if m.fen() != 0 => commands.push(
                                ChargeCommand::Adjust {
                                    bill_id: f.bill_id,
                                    delta_fen: m.fen(),
                                    reason: f.reason.clone(),
                                }
                                .into(),
                            ),
                            Ok(_) => f.error = Some("调整金额不能为零。".into()),
                            Err(e) => f.error = Some(format!("调整金额：{e}")),
                        }
                    }
                    cancel = ui.button("取消").clicked();
                });
                cancel
            });
            if close {
                self.adjust = None;
            }
        }
    }
}
