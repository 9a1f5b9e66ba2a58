//! Commands of the charging screen (收费台账), run by `App` after each frame.

use super::App;
use crate::db::charging::{self as ch, DunningInput, FeeItemInput, PaymentInput, ReadingInput};
use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::error::Result;
use chrono::NaiveDate;
use std::path::PathBuf;

/// What a charging output window writes.
#[derive(Debug, Clone, PartialEq)]
pub enum ChargeOutput {
    Receipt(String),
    /// The 押金退还单 of a deposit given back (its bill).
    Refund(i64),
    Dunning(NaiveDate),
    Collection(Period),
    Ledger(Period),
    /// 日结单 of a day and a clerk ('' = everyone), PDF or Excel.
    DayClose(NaiveDate, String),
    DayCloseXlsx(NaiveDate, String),
}

impl ChargeOutput {
    pub fn title(&self) -> String {
        match self {
            ChargeOutput::Receipt(n) => format!("打印收据 {n}"),
            ChargeOutput::Refund(_) => "打印押金退还单".into(),
            ChargeOutput::Dunning(_) => "打印全部催缴通知书".into(),
            ChargeOutput::Collection(_) => "打印收缴率月报".into(),
            ChargeOutput::Ledger(_) => "导出收费台账".into(),
            ChargeOutput::DayClose(..) => "打印日结单".into(),
            ChargeOutput::DayCloseXlsx(..) => "导出日结".into(),
        }
    }

    pub fn file_name(&self) -> String {
        match self {
            ChargeOutput::Receipt(n) => format!("收据-{n}.pdf"),
            ChargeOutput::Refund(b) => format!("押金退还单-{b}.pdf"),
            ChargeOutput::Dunning(d) => format!("催缴通知书-{}.pdf", d.format("%Y%m%d")),
            ChargeOutput::Collection(p) => format!("收缴率月报-{p}.pdf"),
            ChargeOutput::Ledger(p) => format!("收费台账-{p}.xlsx"),
            ChargeOutput::DayClose(d, c) => {
                format!("日结单-{}{}.pdf", d.format("%Y%m%d"), clerk_part(c))
            }
            ChargeOutput::DayCloseXlsx(d, c) => {
                format!("日结-{}{}.xlsx", d.format("%Y%m%d"), clerk_part(c))
            }
        }
    }

    pub fn is_excel(&self) -> bool {
        matches!(
            self,
            ChargeOutput::Ledger(_) | ChargeOutput::DayCloseXlsx(..)
        )
    }
}

fn clerk_part(clerk: &str) -> String {
    if clerk.is_empty() {
        String::new()
    } else {
        format!("-{clerk}")
    }
}

/// Which charging file an import window reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargeImport {
    FeeItems,
    Readings,
    Payments,
    Subscriptions,
}

impl ChargeImport {
    pub fn title(self) -> &'static str {
        match self {
            ChargeImport::FeeItems => "导入收费项目",
            ChargeImport::Readings => "导入抄表读数",
            ChargeImport::Payments => "导入历史收费台账",
            ChargeImport::Subscriptions => "导入按户收费",
        }
    }

    pub fn columns(self) -> &'static str {
        match self {
            ChargeImport::FeeItems => {
                "列名：收费项目、计费方式、单价、适用范围、起始期间、可退还、备注。已有项目写新的起始期间即为调价。"
            }
            ChargeImport::Readings => {
                "列名：楼栋、单元、房号、收费项目、所属期间、本期读数、换表、新表起始读数。"
            }
            ChargeImport::Payments => {
                "列名：楼栋、单元、房号、收费项目、所属期间、金额、收款日期、付款方式、收据号。"
            }
            ChargeImport::Subscriptions => {
                "列名：楼栋、单元、房号、收费项目（按户收取的项目）、车位号、车牌号、起始期间、结束期间（可空）、单价（可空，即按项目单价）。同一车位的租期不能重叠。"
            }
        }
    }
}

#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum ChargeCommand {
    SetClerk(String),
    SaveLateFee(crate::domain::charging::LateFeeRule),
    SelectUnit(i64),
    TakePayment(PaymentInput),
    /// A one-off charge (装修押金, 特约服务) or a bill made by hand.
    AddSingle {
        unit_id: i64,
        item_id: i64,
        period: Period,
        amount_fen: i64,
        reason: String,
    },
    RefundDeposit(ch::RefundInput),
    /// A correction of a billed line: a 调整 line, never an edit.
    Adjust {
        bill_id: i64,
        delta_fen: i64,
        reason: String,
    },
    Void {
        number: String,
        reason: String,
    },
    AddDunning(DunningInput),
    Waive {
        bill_id: i64,
        reason: String,
    },
    Bill(Period),
    LoadReadings {
        item_id: i64,
        period: Period,
    },
    SaveReadings(Vec<ReadingInput>),
    SetShared {
        item_id: i64,
        period: Period,
        amount_fen: i64,
    },
    CreateItem(FeeItemInput),
    SetRate {
        item_id: i64,
        from: Period,
        rate_e4: i64,
    },
    LoadArrears(NaiveDate),
    LoadReceipts(i32),
    /// How receipts are printed (收据纸张).
    SetReceiptPaper(String),
    /// An item one place up or down in the office's order.
    MoveItem {
        item_id: i64,
        up: bool,
    },
    /// 新增按户收费 from a unit's panel: one household's subscription.
    AddSubscription(ch::SubscriptionInput),
    /// 结束… : the subscription's last billed month.
    EndSubscription {
        id: i64,
        unit_id: i64,
        end: Period,
    },
    /// An item billed only to subscribed households (按户), or not.
    SetPerHousehold {
        item_id: i64,
        on: bool,
    },
    /// The share a vacant unit pays of an item (None: in full).
    SetVacant {
        item_id: i64,
        percent: Option<u32>,
    },
    /// An item's 缴费期限.
    SetTerm {
        item_id: i64,
        term: crate::domain::charging::PayTerm,
    },
    /// 日结 of a day and a clerk ('' = everyone).
    LoadDayClose(NaiveDate, String),
    LoadCollection(Period),
    Output(ChargeOutput),
    BrowseOutput,
    Write(ChargeOutput, PathBuf),
    BrowseImport,
    Import(ChargeImport, PathBuf),
}

impl From<ChargeCommand> for super::Command {
    fn from(c: ChargeCommand) -> super::Command {
        super::Command::Charging(c)
    }
}

impl App {
    /// 收款人: the signed-in user, else the name at the counter (a file without users).
    fn clerk(&self) -> String {
        self.actor()
            .unwrap_or_else(|| self.charging.clerk().to_string())
    }

    /// Loads what the charging screen shows: units to search, items, and the open tabs.
    /// Starts loading the charging screen's lists and totals on a worker thread with its own
    /// connection; the screen keeps showing what it had (with 加载中) until they arrive.
    pub(super) fn load_charging(&mut self) -> Result<()> {
        if self.charging_job.is_some() {
            // Asked again while loading: load once more when this one arrives.
            self.charging_again = true;
            return Ok(());
        }
        let ask = ChargingAsk {
            as_of: self.charging.arrears_as_of(),
            year: self.charging.receipts_year(),
            period: self.charging.report_period(),
        };
        // The chart's 24 months stay as they were until a write changes them.
        let trend = self
            .charging_trend
            .clone()
            .filter(|(p, _)| *p == ask.period)
            .map(|(_, t)| t);
        let (tx, rx) = std::sync::mpsc::channel();
        let path = self.db_path.clone();
        let now = self.now();
        std::thread::spawn(move || {
            let conn = match crate::db::open(&path, now) {
                Ok(c) => c,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            };
            let lists = load_lists(&conn, &ask);
            let failed = lists.is_err();
            if tx.send(lists).is_err() || failed {
                return;
            }
            let _ = tx.send(load_totals(&conn, &ask, trend));
        });
        self.charging_job = Some(rx);
        self.charging_job_writes = self.charging_writes;
        self.charging.loading = true;
        Ok(())
    }

    fn reload_charging(&mut self) {
        if let Err(e) = self.load_charging() {
            self.fail(&e);
        }
    }

    /// Takes the worker's rows when they have arrived (called every frame): the lists first,
    /// then the totals, which end the job.
    pub(super) fn poll_charging(&mut self) {
        loop {
            let Some(rx) = &self.charging_job else { return };
            let result = match rx.try_recv() {
                Ok(r) => r,
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(
                    crate::error::Error::invalid("收费台账加载意外中断，请重试。"),
                ),
            };
            let last = !matches!(result, Ok(ChargingData::Lists { .. }));
            if last {
                self.charging_job = None;
                self.charging.loading = false;
            }
            if let Err(e) = result.and_then(|d| self.show_charging_data(d)) {
                self.fail(&e);
            }
            if last {
                if std::mem::take(&mut self.charging_again) {
                    self.charging.stale = true;
                }
                return;
            }
        }
    }

    fn show_charging_data(&mut self, d: ChargingData) -> Result<()> {
        match d {
            ChargingData::Lists {
                units,
                items,
                clerk,
                rule,
                arrears,
                not_due,
            } => {
                self.charging.set_data(units, items, clerk, rule);
                self.charging.set_arrears(arrears);
                self.charging.set_not_due(not_due);
                if let Some((item_id, period)) = self.charging.reading_target() {
                    self.load_readings(item_id, period)?;
                }
                if let Some(id) = self.charging.selected_unit() {
                    self.load_unit_ledger(id)?;
                }
            }
            ChargingData::Totals {
                receipts,
                report,
                period,
                trend,
            } => {
                if self.charging_job_writes == self.charging_writes {
                    self.charging_trend = Some((period, trend.clone()));
                }
                self.charging.set_receipts(receipts);
                self.charging.set_collection(report, trend);
            }
        }
        Ok(())
    }

    /// Waits for the charging screen's worker (tests, and the benchmark's time to the screen).
    pub fn wait_for_charging(&mut self) {
        while self.charging_job.is_some() {
            std::thread::sleep(std::time::Duration::from_millis(2));
            self.poll_charging();
        }
    }

    fn load_unit_ledger(&mut self, id: i64) -> Result<()> {
        let ledger = crate::views::charging::UnitLedger {
            unit_id: id,
            open: ch::open_lines(&self.conn, id)?,
            bills: {
                let mut b = ch::unit_bills(&self.conn, id)?;
                b.reverse();
                b
            },
            credit_fen: ch::credit_balance(&self.conn, id)?,
            refunds: ch::refunds(&self.conn, Some(id))?,
            receipts: ch::list_receipts(&self.conn, Some(id), None)?,
            dunning: ch::unit_dunning(&self.conn, id)?,
        };
        self.charging.set_ledger(ledger);
        Ok(())
    }

    fn load_readings(&mut self, item_id: i64, period: Period) -> Result<()> {
        let previous = ch::readings(&self.conn, item_id, period.plus(-1))?;
        let current = ch::readings(&self.conn, item_id, period)?;
        let shared = ch::shared_amount(&self.conn, item_id, period)?;
        self.charging
            .set_readings(item_id, period, previous, current, shared);
        Ok(())
    }

    /// A charging write: the charging totals reload in the background and the assessment
    /// suggestions (which read arrears) when next shown; other screens are untouched.
    fn charging_changed(&mut self) {
        self.charging_writes += 1;
        self.charging.day_close = None;
        self.charging_trend = None;
        self.charging.stale = true;
        self.assess.stale = true;
    }

    fn item_name(&self, item_id: i64) -> String {
        ch::list_items(&self.conn)
            .ok()
            .and_then(|v| v.into_iter().find(|i| i.id == item_id))
            .map(|i| i.name)
            .unwrap_or_default()
    }

    /// After an item's 缴费期限 or vacant share is written: report, reload; a failure stays
    /// under the fields.
    fn item_setting_written(&mut self, r: Result<String>) {
        match r {
            Ok(m) => {
                self.ok(m);
                self.data_changed();
            }
            Err(e) => {
                self.charging.term_error_set(e.to_string());
                self.fail(&e);
            }
        }
    }

    fn charge_written(&mut self, result: Result<String>) {
        match result {
            Ok(message) => {
                self.charging.close_dialogs();
                self.ok(message);
                self.data_changed();
            }
            Err(e) => {
                self.charging.form_error(e.to_string());
                self.fail(&e);
            }
        }
    }

    pub(super) fn run_charging(&mut self, command: ChargeCommand) {
        match command {
            ChargeCommand::SaveLateFee(rule) => {
                let r = crate::db::settings::save_late_fee(&self.conn, &rule).map(|()| {
                    if rule.enabled {
                        format!(
                            "收费设置已保存：滞纳金按每日万分之{}，宽限 {} 天。",
                            rule.per_day_e4, rule.grace_days
                        )
                    } else {
                        "收费设置已保存：不收滞纳金。".to_string()
                    }
                });
                self.charge_written(r);
            }
            ChargeCommand::SetClerk(name) => {
                let name = name.trim().to_string();
                let r = crate::db::settings::set(
                    &self.conn,
                    crate::db::settings::CHARGING_CLERK,
                    &name,
                )
                .map(|()| format!("收款人：{name}"));
                self.charge_written(r);
            }
            ChargeCommand::SelectUnit(id) => {
                self.charging.select_unit(id);
                if let Err(e) = self.load_unit_ledger(id) {
                    self.fail(&e);
                }
            }
            ChargeCommand::TakePayment(p) => {
                let amount = p.received_fen;
                match ch::take_payment(&self.conn, &p, self.now()) {
                    Ok(number) => {
                        self.charging.paid(number.clone());
                        self.ok(format!(
                            "已收款 ¥{}，收据号 {number}。",
                            Money(amount).grouped()
                        ));
                        // The unit at once; the lists and totals in the background.
                        if let Err(e) = self.load_unit_ledger(p.unit_id) {
                            self.fail(&e);
                        }
                        self.charging_changed();
                    }
                    Err(e) => {
                        self.charging.form_error(e.to_string());
                        self.fail(&e);
                    }
                }
            }
            ChargeCommand::AddSingle {
                unit_id,
                item_id,
                period,
                amount_fen,
                reason,
            } => {
                let r = ch::add_single_bill(
                    &self.conn,
                    &ch::SingleBill {
                        unit_id,
                        item_id,
                        period,
                        amount_fen,
                        reason,
                    },
                    &self.clerk(),
                    self.now(),
                )
                .map(|_| {
                    format!(
                        "已新增应收 ¥{}，可在欠费明细中收款。",
                        Money(amount_fen).grouped()
                    )
                });
                self.charge_written(r);
            }
            ChargeCommand::Adjust {
                bill_id,
                delta_fen,
                reason,
            } => {
                let r = ch::adjust_bill(
                    &self.conn,
                    bill_id,
                    delta_fen,
                    &reason,
                    &self.clerk(),
                    self.now(),
                )
                .map(|_| {
                    format!(
                        "已调整 {} 元（另记一笔调整，原应收不变）。",
                        Money(delta_fen)
                    )
                });
                self.charge_written(r);
            }
            ChargeCommand::RefundDeposit(input) => {
                let bill_id = input.bill_id;
                let r = ch::refund_deposit(&self.conn, &input, self.now()).map(|()| {
                    format!(
                        "已退还押金 ¥{}。可打印押金退还单请领款人签字。",
                        Money(input.amount_fen).grouped()
                    )
                });
                let ok = r.is_ok();
                self.charge_written(r);
                if ok {
                    self.charging.open_output(ChargeOutput::Refund(bill_id));
                }
            }
            ChargeCommand::Void { number, reason } => {
                let r = ch::void_payment(&self.conn, &number, &reason, &self.clerk(), self.now())
                    .map(|()| format!("收据 {number} 已作废，所收款项恢复为欠费。"));
                self.charge_written(r);
            }
            ChargeCommand::AddDunning(d) => {
                let r = ch::add_dunning(&self.conn, &d, self.now())
                    .map(|_| format!("已登记催缴（{}，{}）。", d.method, d.by.trim()));
                self.charge_written(r);
            }
            ChargeCommand::Waive { bill_id, reason } => {
                let r = ch::waive_late_fee(&self.conn, bill_id, &reason, &self.clerk(), self.now())
                    .map(|()| "已减免该笔滞纳金。".to_string());
                self.charge_written(r);
            }
            ChargeCommand::Bill(period) => {
                match ch::bill_period(&self.conn, period, &self.clerk(), self.now()) {
                    Ok(out) => {
                        let mut text = format!(
                            "{} 生成应收 {} 笔，合计 ¥{}；已存在 {} 笔未重复生成。",
                            period.doc(),
                            out.added,
                            Money(out.total_fen).grouped(),
                            out.existing
                        );
                        if out.credit_used_fen > 0 {
                            text.push_str(&format!(
                                "预收款抵扣 ¥{}。",
                                Money(out.credit_used_fen).grouped()
                            ));
                        }
                        self.charging.billed(text.clone(), out.notes);
                        self.ok(text);
                        self.data_changed();
                    }
                    Err(e) => self.fail(&e),
                }
            }
            ChargeCommand::LoadReadings { item_id, period } => {
                if let Err(e) = self.load_readings(item_id, period) {
                    self.fail(&e);
                }
            }
            ChargeCommand::SaveReadings(rows) => {
                let numbered: Vec<(usize, ReadingInput)> = rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| (i + 1, r))
                    .collect();
                let n = numbered.len();
                let r = ch::import_readings(&self.conn, &numbered, &self.clerk(), self.now())
                    .map(|_| format!("已保存抄表读数 {n} 条。"));
                self.charge_written(r);
            }
            ChargeCommand::SetShared {
                item_id,
                period,
                amount_fen,
            } => {
                let r = ch::set_shared_amount(&self.conn, item_id, period, amount_fen, self.now())
                    .map(|()| {
                        format!(
                            "已保存 {} 公共表金额 ¥{}。",
                            period.doc(),
                            Money(amount_fen).grouped()
                        )
                    });
                self.charge_written(r);
            }
            ChargeCommand::CreateItem(input) => {
                let r = ch::create_item(&self.conn, &input, &self.clerk(), self.now())
                    .map(|_| format!("已新增收费项目“{}”。", input.name.trim()));
                self.charge_written(r);
            }
            ChargeCommand::SetRate {
                item_id,
                from,
                rate_e4,
            } => {
                let r = ch::set_rate(
                    &self.conn,
                    item_id,
                    from,
                    rate_e4,
                    &self.clerk(),
                    self.now(),
                )
                .map(|()| {
                    format!(
                        "已调价：{} 起单价 {}。",
                        from.doc(),
                        crate::domain::charging::rate_text(rate_e4)
                    )
                });
                self.charge_written(r);
            }
            ChargeCommand::LoadArrears(as_of) => {
                let loaded = crate::db::settings::load_late_fee(&self.conn).and_then(|rule| {
                    Ok((
                        ch::arrears(&self.conn, as_of, &rule)?,
                        ch::not_yet_due(&self.conn, as_of)?,
                    ))
                });
                match loaded {
                    Ok((rows, not_due)) => {
                        self.charging.set_arrears_as_of(as_of);
                        self.charging.set_arrears(rows);
                        self.charging.set_not_due(not_due);
                    }
                    Err(e) => self.fail(&e),
                }
            }
            // Another year's receipts or another period's report: on the worker, like the rest
            // of the totals (a year of a large office is some 50,000 receipts).
            ChargeCommand::SetReceiptPaper(paper) => {
                let paper = crate::pdf::charging::ReceiptPaper::parse(&paper);
                let r = crate::db::settings::set(
                    &self.conn,
                    crate::db::settings::RECEIPT_PAPER,
                    paper.as_str(),
                )
                .map(|()| format!("收据纸张：{}。", paper.as_str()));
                match r {
                    Ok(m) => self.ok(m),
                    Err(e) => self.fail(&e),
                }
            }
            ChargeCommand::MoveItem { item_id, up } => {
                let name = self.item_name(item_id);
                let r = ch::move_item(&self.conn, item_id, up).map(|moved| match (moved, up) {
                    (true, true) => format!("{name} 已上移。"),
                    (true, false) => format!("{name} 已下移。"),
                    (false, true) => format!("{name} 已在最前。"),
                    (false, false) => format!("{name} 已在最后。"),
                });
                self.item_setting_written(r);
            }
            ChargeCommand::AddSubscription(input) => {
                let unit_id = input.unit_id;
                let name = self.item_name(input.item_id);
                let what = match ch::subscription_words(&input.object, &input.plate) {
                    w if w.starts_with('车') => format!(" {w}"),
                    w => w,
                };
                match ch::add_subscriptions(&self.conn, std::slice::from_ref(&input), self.now()) {
                    Ok(_) => {
                        self.units.subscription = None;
                        self.data_changed();
                        self.ok(format!(
                            "已登记按户收费：{name}{what}，{} 起，生成应收时自动出账。",
                            input.start
                        ));
                        self.run(super::Command::SelectUnit(unit_id));
                    }
                    Err(e) => {
                        if let Some(f) = &mut self.units.subscription {
                            f.error = Some(e.to_string());
                        }
                        self.fail(&e);
                    }
                }
            }
            ChargeCommand::EndSubscription { id, unit_id, end } => {
                match ch::end_subscription(&self.conn, id, end) {
                    Ok(sub) => {
                        self.units.ending = None;
                        self.data_changed();
                        self.ok(format!(
                            "已结束按户收费：{} {}，收到 {end} 为止。",
                            sub.item,
                            sub.what()
                        ));
                        self.run(super::Command::SelectUnit(unit_id));
                    }
                    Err(e) => {
                        if let Some(f) = &mut self.units.ending {
                            f.error = Some(e.to_string());
                        }
                        self.fail(&e);
                    }
                }
            }
            ChargeCommand::SetPerHousehold { item_id, on } => {
                let name = self.item_name(item_id);
                let r = ch::set_per_household(&self.conn, item_id, on).map(|()| {
                    if on {
                        format!("{name}：按户收取，只向登记的住户出账（用“导入按户收费…”登记）。")
                    } else {
                        format!("{name}：按适用范围向所有房屋收取。")
                    }
                });
                self.item_setting_written(r);
            }
            ChargeCommand::SetVacant { item_id, percent } => {
                let name = self.item_name(item_id);
                let r =
                    ch::set_vacant_percent(&self.conn, item_id, percent).map(|()| match percent {
                        Some(p) => format!("{name}：空置房按 {p}% 收取，从下次生成应收起。"),
                        None => format!("{name}：空置房全额收取。"),
                    });
                self.item_setting_written(r);
            }
            ChargeCommand::SetTerm { item_id, term } => {
                let name = self.item_name(item_id);
                let r = ch::set_item_term(&self.conn, item_id, term).map(|()| {
                    format!(
                        "{name}的缴费期限已改为“{}”：过了期限仍未缴的才算欠费。",
                        term.text()
                    )
                });
                self.item_setting_written(r);
            }
            ChargeCommand::LoadDayClose(day, clerk) => {
                match ch::day_close(&self.conn, day, &clerk) {
                    Ok(d) => {
                        self.charging.day_table.invalidate();
                        self.charging.day_close = Some(d);
                    }
                    Err(e) => self.fail(&e),
                }
            }
            ChargeCommand::LoadReceipts(year) => {
                self.charging.set_receipts_year(year);
                self.reload_charging();
            }
            ChargeCommand::LoadCollection(period) => {
                self.charging.set_report_period(period);
                self.reload_charging();
            }
            ChargeCommand::Output(kind) => self.charging.open_output(kind),
            ChargeCommand::BrowseOutput => {
                if let Some(o) = self.charging.output_kind() {
                    let path = if o.is_excel() {
                        self.picked(crate::ui::dialogs::save_as(
                            &o.file_name(),
                            "Excel 文件",
                            "xlsx",
                        ))
                    } else {
                        self.picked(crate::ui::dialogs::save_as(
                            &o.file_name(),
                            "PDF 文件",
                            "pdf",
                        ))
                    };
                    if let Some(path) = path {
                        self.charging.set_output_path(path);
                    }
                }
            }
            ChargeCommand::Write(output, path) => {
                let filter = self.charging.dunning_filter();
                let r = match &output {
                    ChargeOutput::Receipt(n) => {
                        crate::pdf::charging::print_receipt(&self.conn, n, &path, self.now())
                            .map(|_| format!("已生成收据 {n}：{}", path.display()))
                    }
                    ChargeOutput::Refund(b) => {
                        crate::pdf::charging::print_refund(&self.conn, *b, &path, self.now())
                            .map(|_| format!("已生成押金退还单：{}", path.display()))
                    }
                    ChargeOutput::Dunning(d) => crate::pdf::charging::print_dunning(
                        &self.conn,
                        *d,
                        &filter,
                        &path,
                        self.now(),
                    )
                    .map(|(units, pages)| {
                        format!(
                            "已生成催缴通知书 {units} 户（{pages} 页）：{}",
                            path.display()
                        )
                    }),
                    ChargeOutput::Collection(p) => {
                        crate::pdf::charging::print_collection(&self.conn, *p, &path, self.now())
                            .map(|_| format!("已生成 {} 收缴率月报：{}", p.doc(), path.display()))
                    }
                    ChargeOutput::DayClose(d, c) => {
                        crate::pdf::charging::print_day_close(&self.conn, *d, c, &path, self.now())
                            .map(|pages| format!("已生成日结单（{pages} 页）：{}", path.display()))
                    }
                    ChargeOutput::DayCloseXlsx(d, c) => {
                        ch::day_close(&self.conn, *d, c).and_then(|day| {
                            crate::io::charging::export_day_close(&day, &path)?;
                            Ok(format!(
                                "已导出日结（收据 {} 张）：{}",
                                day.receipts.len(),
                                path.display()
                            ))
                        })
                    }
                    ChargeOutput::Ledger(p) => ch::ledger(&self.conn, *p).and_then(|l| {
                        crate::io::charging::export_ledger(&l, &path)?;
                        Ok(format!(
                            "已导出 {} 收费台账（{} 户）：{}",
                            p.doc(),
                            l.rows.len(),
                            path.display()
                        ))
                    }),
                };
                match r {
                    Ok(message) => {
                        self.charging.output = None;
                        self.ok(message);
                    }
                    Err(e) => {
                        self.charging.set_output_error(e.to_string());
                        self.fail(&e);
                    }
                }
            }
            ChargeCommand::BrowseImport => {
                if let Some(path) = self.picked(crate::ui::dialogs::pick_import_file()) {
                    self.charging.set_import_path(path);
                }
            }
            ChargeCommand::Import(kind, path) => {
                let clerk = self.clerk();
                let r = match kind {
                    ChargeImport::FeeItems => crate::io::charging::import_items_file(
                        &self.conn,
                        &path,
                        &clerk,
                        self.now(),
                    )
                    .map(|i| {
                        format!(
                            "导入成功：读取 {} 行，新增收费项目 {} 个，调价 {} 项。",
                            i.rows, i.done.0, i.done.1
                        )
                    }),
                    ChargeImport::Readings => crate::io::charging::import_readings_file(
                        &self.conn,
                        &path,
                        &clerk,
                        self.now(),
                    )
                    .map(|i| format!("导入成功：读取 {} 行，抄表读数 {} 条。", i.rows, i.done)),
                    ChargeImport::Payments => crate::io::charging::import_payments_file(
                        &self.conn,
                        &path,
                        &clerk,
                        self.now(),
                    )
                    .map(|i| {
                        format!(
                            "导入成功：读取 {} 行，历史收据 {} 张，补记应收 {} 笔。",
                            i.rows, i.done.0, i.done.1
                        )
                    }),
                    ChargeImport::Subscriptions => crate::io::subscriptions::import_file(
                        &self.conn,
                        &path,
                        self.now(),
                    )
                    .map(|i| format!("导入成功：读取 {} 行，新增按户收费 {} 项。", i.rows, i.done)),
                };
                match r {
                    Ok(message) => {
                        self.charging.import = None;
                        self.ok(message);
                        self.data_changed();
                    }
                    Err(e) => {
                        self.charging.set_import_error(e.to_string());
                        self.fail(&e);
                    }
                }
            }
        }
    }
}

/// What the charging screen's worker is asked for.
struct ChargingAsk {
    as_of: chrono::NaiveDate,
    year: i32,
    period: Period,
}

/// The charging screen's data, loaded off the window's thread in two parts: first what the
/// counter needs (units to search, items, arrears), then the year's receipts and the totals.
pub(super) enum ChargingData {
    Lists {
        units: Vec<crate::views::charging::UnitPick>,
        items: Vec<ch::FeeItemRow>,
        clerk: String,
        rule: crate::domain::charging::LateFeeRule,
        arrears: Vec<ch::ArrearsRow>,
        not_due: (usize, i64),
    },
    Totals {
        receipts: Vec<ch::Receipt>,
        report: ch::CollectionReport,
        /// The period the report and the chart end on.
        period: Period,
        trend: Vec<(Period, ch::Collected)>,
    },
}

fn load_lists(conn: &rusqlite::Connection, ask: &ChargingAsk) -> Result<ChargingData> {
    let rule = crate::db::settings::load_late_fee(conn)?;
    Ok(ChargingData::Lists {
        units: crate::views::charging::unit_picks(crate::db::estate::list_units(conn)?),
        items: ch::list_items(conn)?,
        clerk: crate::db::settings::get(conn, crate::db::settings::CHARGING_CLERK)?,
        arrears: ch::arrears(conn, ask.as_of, &rule)?,
        not_due: ch::not_yet_due(conn, ask.as_of)?,
        rule,
    })
}

fn load_totals(
    conn: &rusqlite::Connection,
    ask: &ChargingAsk,
    cached_trend: Option<Vec<(Period, ch::Collected)>>,
) -> Result<ChargingData> {
    Ok(ChargingData::Totals {
        receipts: ch::list_receipts(conn, None, Some(ask.year))?,
        report: ch::collection(conn, ask.period)?,
        period: ask.period,
        trend: match cached_trend {
            Some(t) => t,
            None => ch::monthly_rates(conn, ask.period, 24)?,
        },
    })
}
