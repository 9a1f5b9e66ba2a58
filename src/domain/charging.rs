//! The charging rules (收费台账, DOMAIN §4): fee items and their rates, the amount of one bill
//! line, the billing run's plan, how a payment pays bill lines, late fees. Pure and tested;
//! `db::charging` stores what these functions decide.

use super::money::{Money, allocate_largest_remainder, mul_div_round};
use super::period::Period;
use super::text::normalize;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

chinese_enum!(
    /// How an item's monthly amount is reckoned.
    FeeKind {
        ByArea = "按面积" | "面积" | "按建筑面积" | "按收费面积",
        Fixed = "固定" | "按户" | "定额" | "固定金额",
        Metered = "抄表" | "按用量" | "计量",
        Shared = "分摊" | "公摊" | "公共能源分摊",
        OneOff = "一次性" | "单次" | "临时",
    }
);

impl FeeKind {
    /// What the rate is per, as the item list shows it.
    pub fn rate_unit(self) -> &'static str {
        match self {
            FeeKind::ByArea => "元/㎡/月",
            FeeKind::Fixed => "元/户/月",
            FeeKind::Metered => "元/单位用量",
            FeeKind::Shared => "按面积分摊",
            FeeKind::OneOff => "元/次",
        }
    }

    /// Billed by the monthly run (everything but one-off items).
    pub fn monthly(self) -> bool {
        self != FeeKind::OneOff
    }
}

chinese_enum!(
    /// Which units an item applies to.
    Scope {
        All = "全部" | "" | "全体" | "所有",
        Building = "楼栋" | "按楼栋",
        Usage = "用途" | "按用途",
    }
);

chinese_enum!(
    BillKind {
        Monthly = "月度",
        Single = "单次",
        Adjustment = "调整",
        LateFee = "滞纳金",
    }
);

chinese_enum!(
    PayMethod {
        Cash = "现金",
        WeChat = "微信" | "微信支付",
        Alipay = "支付宝",
        Bank = "银行转账" | "转账" | "银行" | "银行卡",
        Cheque = "支票",
    }
);

chinese_enum!(
    DunMethod {
        Phone = "电话" | "电话催缴",
        Written = "书面通知" | "书面" | "通知书" | "催缴通知书",
        Visit = "上门" | "上门催缴",
    }
);

/// A rate in 1/10000 元, so 2.50 元/㎡ and 0.5283 元/度 are both exact.
pub const RATE_SCALE: i64 = 10_000;

/// `2.5`, `2.50`, `0.5283`, `¥3.45`, `3.45元` → 1/10000 元. Up to four decimals.
pub fn parse_rate(input: &str) -> Result<i64, String> {
    let s = normalize(input).replace([' ', ','], "");
    let s = s.trim_start_matches(['¥', '￥']);
    let s = s.split('元').next().unwrap_or_default();
    let input = &super::text::excerpt(input.trim());
    if s.is_empty() {
        return Err("单价为空".into());
    }
    let bad = || format!("单价“{input}”不是数字（应写作 2.50 或 0.5283）");
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    if frac.len() > 4 && frac[4..].chars().any(|c| c != '0') {
        return Err(format!("单价“{input}”超过四位小数"));
    }
    // 10,000 元 a ㎡, a unit, a ton or a month: far above any real rate, and area × rate stays
    // far inside 64 bits.
    if whole.trim_start_matches('0').len() > 5 {
        return Err(rate_too_large(input));
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let mut f: String = frac.chars().take(4).collect();
    while f.len() < 4 {
        f.push('0');
    }
    let f: i64 = f.parse().map_err(|_| bad())?;
    let rate = w * RATE_SCALE + f;
    if rate > MAX_RATE_E4 {
        return Err(rate_too_large(input));
    }
    Ok(rate)
}

/// The largest rate: 10,000 元.
pub const MAX_RATE_E4: i64 = 10_000 * RATE_SCALE;

fn rate_too_large(input: &str) -> String {
    format!("单价“{input}”超过 10000 元，大得不合理，请核对")
}

/// A rate as people write it: at least two decimals, more only when needed (`2.50`, `0.5283`).
pub fn rate_text(rate_e4: i64) -> String {
    let whole = rate_e4 / RATE_SCALE;
    let mut frac = format!("{:04}", rate_e4 % RATE_SCALE);
    while frac.len() > 2 && frac.ends_with('0') {
        frac.pop();
    }
    format!("{whole}.{frac}")
}

/// A quantity in hundredths (meter readings, usage): `1234`, `1234.5`, `1,234.56`.
pub fn parse_hundredths(input: &str, what: &str) -> Result<i64, String> {
    let s = normalize(input).replace([' ', ','], "");
    let input = &super::text::excerpt(input.trim());
    if s.is_empty() {
        return Err(format!("{what}为空"));
    }
    let bad = || format!("{what}“{input}”不是数字");
    let (whole, frac) = s.split_once('.').unwrap_or((s.as_str(), ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    if frac.len() > 2 && frac[2..].chars().any(|c| c != '0') {
        return Err(format!("{what}“{input}”超过两位小数"));
    }
    // A meter has at most eight digits.
    if whole.trim_start_matches('0').len() > 8 {
        return Err(format!("{what}“{input}”超过 99999999，大得不合理，请核对"));
    }
    let w: i64 = whole.parse().map_err(|_| bad())?;
    let mut f: String = frac.chars().take(2).collect();
    while f.len() < 2 {
        f.push('0');
    }
    Ok(w * 100 + f.parse::<i64>().map_err(|_| bad())?)
}

/// `1234.5` from hundredths, trailing zeros dropped.
pub fn hundredths_text(h: i64) -> String {
    // Always two decimals, as readings and areas are written in the office's books: a column
    // of 1234.50 / 1240.00 / 1251.37 lines up; "1234.5" next to "1240" does not.
    let sign = if h < 0 { "-" } else { "" };
    let a = h.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// Hundredths (of m² or of a meter unit) × rate, rounded half up to the fen: per line, never
/// summed first. 89.50 m² × 2.50 = 223.75; 87.33 m² × 2.35 = 205.2255 → 205.23.
pub fn quantity_amount(hundredths: i64, rate_e4: i64) -> i64 {
    mul_div_round(hundredths, rate_e4, RATE_SCALE)
}

/// A fixed monthly amount: the rate rounded half up to the fen.
pub fn fixed_amount(rate_e4: i64) -> i64 {
    mul_div_round(rate_e4, 1, 100)
}

/// A meter reading for the billing run: the usage in hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage(pub i64);

/// Checks a new reading against the previous one. A reading below the previous is refused
/// unless the meter was replaced, when `start` (the new meter's first reading, usually 0) is
/// the base instead.
pub fn usage_of(
    previous: Option<i64>,
    current: i64,
    replaced: bool,
    start: i64,
) -> Result<(i64, i64), String> {
    if current < 0 {
        return Err("读数不能为负".into());
    }
    let base = if replaced {
        start
    } else {
        previous.unwrap_or(current)
    };
    if current < base {
        return Err(if replaced {
            format!(
                "本期读数 {} 小于新表起始读数 {}",
                hundredths_text(current),
                hundredths_text(base)
            )
        } else {
            format!(
                "本期读数 {} 小于上期读数 {}；如已换表，请勾选“换表”并填写新表起始读数",
                hundredths_text(current),
                hundredths_text(base)
            )
        });
    }
    Ok((base, current))
}

/// A unit as the billing run sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillUnit {
    pub id: i64,
    pub building: String,
    pub usage: String,
    pub area_h: i64,
    /// 空置 when the month is billed: items with a vacant share bill that share.
    pub vacant: bool,
}

/// An item with its rate for the period being billed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillItem {
    pub id: i64,
    pub name: String,
    pub kind: FeeKind,
    pub scope: Scope,
    pub scope_value: String,
    pub rate_e4: Option<i64>,
    /// The share a vacant unit pays, in percent (None: in full).
    pub vacant_percent: Option<u32>,
    /// 按户: billed only to the households subscribed to it.
    pub per_household: bool,
}

impl BillItem {
    pub fn applies_to(&self, unit: &BillUnit) -> bool {
        match self.scope {
            Scope::All => true,
            Scope::Building => self
                .scope_value
                .split(['、', ',', '，', ' '])
                .any(|b| !b.is_empty() && b == unit.building),
            Scope::Usage => self
                .scope_value
                .split(['、', ',', '，', ' '])
                .any(|u| !u.is_empty() && u == unit.usage),
        }
    }
}

/// One line the billing run will write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedBill {
    pub unit_id: i64,
    pub item_id: i64,
    pub amount_fen: i64,
    pub basis: String,
}

/// What the billing run found and did not bill, for the clerk to put right.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BillPlan {
    pub lines: Vec<PlannedBill>,
    /// Lines that already existed (a second run adds nothing twice).
    pub existing: usize,
    pub notes: Vec<String>,
}

/// What the run knows besides units and items.
#[derive(Debug, Default)]
pub struct BillInputs {
    /// (unit, item) pairs already billed for the period.
    pub billed: HashSet<(i64, i64)>,
    /// Metered usage in hundredths by (unit, item).
    pub usage: HashMap<(i64, i64), i64>,
    /// A shared item's meter amount for the period.
    pub shared: HashMap<i64, i64>,
    /// The subscriptions running in the period, by (unit, 按户 item).
    pub subscriptions: HashMap<(i64, i64), Vec<Subscribed>>,
}

/// The billing run for one period: one line per applicable unit and monthly item that is not
/// billed yet. By area: area × rate half up per line. Metered: usage × rate, only units with a
/// reading (the others are listed and billed by a later run once read). Shared: the meter
/// amount split by charge area with the largest remainder so the shares add up exactly; a
/// shared item already split this period is not split again (units added since are listed).
pub fn plan_bills(units: &[BillUnit], items: &[BillItem], inputs: &BillInputs) -> BillPlan {
    let mut plan = BillPlan::default();
    for item in items.iter().filter(|i| i.kind.monthly()) {
        // A 按户 item bills the subscribed households only, whatever its scope says.
        let applicable: Vec<&BillUnit> = units
            .iter()
            .filter(|u| {
                if item.per_household {
                    inputs.subscriptions.contains_key(&(u.id, item.id))
                } else {
                    item.applies_to(u)
                }
            })
            .collect();
        let already = applicable
            .iter()
            .filter(|u| inputs.billed.contains(&(u.id, item.id)))
            .count();
        plan.existing += already;
        let todo: Vec<&BillUnit> = applicable
            .iter()
            .copied()
            .filter(|u| !inputs.billed.contains(&(u.id, item.id)))
            .collect();
        if todo.is_empty() {
            continue;
        }
        if item.kind == FeeKind::Shared {
            if already > 0 {
                plan.notes.push(format!(
                    "{}：本期已分摊，新增的 {} 户未参与分摊",
                    item.name,
                    todo.len()
                ));
                continue;
            }
            let Some(total) = inputs.shared.get(&item.id) else {
                plan.notes
                    .push(format!("{}：未录入本期公共表金额，未分摊", item.name));
                continue;
            };
            let weights: Vec<i64> = todo.iter().map(|u| u.area_h).collect();
            let area_sum: i64 = weights.iter().sum();
            let shares = allocate_largest_remainder(*total, &weights);
            for (u, share) in todo.iter().zip(shares) {
                plan.lines.push(PlannedBill {
                    unit_id: u.id,
                    item_id: item.id,
                    amount_fen: share,
                    basis: format!(
                        "{} 元 × {}㎡ ÷ {}㎡",
                        Money(*total),
                        hundredths_text(u.area_h),
                        hundredths_text(area_sum)
                    ),
                });
            }
            continue;
        }
        if item.per_household {
            for u in todo {
                let subs = inputs
                    .subscriptions
                    .get(&(u.id, item.id))
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let mut amount = 0;
                let mut parts = Vec::new();
                for s in subs {
                    let Some(rate) = s.rate_e4.or(item.rate_e4) else {
                        continue;
                    };
                    let one = match item.kind {
                        FeeKind::ByArea => quantity_amount(u.area_h, rate),
                        _ => fixed_amount(rate),
                    };
                    amount += one;
                    parts.push(if s.what.is_empty() {
                        format!("{} 元/月", rate_text(rate))
                    } else {
                        format!("{} {} 元/月", s.what, rate_text(rate))
                    });
                }
                if parts.is_empty() {
                    plan.notes
                        .push(format!("{}：本期没有有效单价，未出账", item.name));
                    continue;
                }
                plan.lines.push(PlannedBill {
                    unit_id: u.id,
                    item_id: item.id,
                    amount_fen: amount,
                    basis: parts.join("；"),
                });
            }
            continue;
        }
        let Some(rate) = item.rate_e4 else {
            plan.notes
                .push(format!("{}：本期没有有效单价，未出账", item.name));
            continue;
        };
        let mut unread = 0;
        for u in todo {
            // A vacant unit pays the item's vacant share of an area or fixed charge, half up to
            // the fen, and the line says so.
            let vacant = |(amount, basis): (i64, String)| match item.vacant_percent {
                Some(p) if u.vacant && p < 100 => (
                    mul_div_round(amount, i64::from(p), 100),
                    format!("{basis} × {p}%（空置）"),
                ),
                _ => (amount, basis),
            };
            let (amount, basis) = match item.kind {
                FeeKind::ByArea => vacant((
                    quantity_amount(u.area_h, rate),
                    format!("{}㎡ × {}", hundredths_text(u.area_h), rate_text(rate)),
                )),
                FeeKind::Fixed => {
                    vacant((fixed_amount(rate), format!("{} 元/月", rate_text(rate))))
                }
                FeeKind::Metered => match inputs.usage.get(&(u.id, item.id)) {
                    Some(used) => (
                        quantity_amount(*used, rate),
                        format!("用量 {} × {}", hundredths_text(*used), rate_text(rate)),
                    ),
                    None => {
                        unread += 1;
                        continue;
                    }
                },
                FeeKind::Shared | FeeKind::OneOff => continue,
            };
            plan.lines.push(PlannedBill {
                unit_id: u.id,
                item_id: item.id,
                amount_fen: amount,
                basis,
            });
        }
        if unread > 0 {
            plan.notes.push(format!(
                "{}：{unread} 户未抄表，抄表后再次生成即可补出",
                item.name
            ));
        }
    }
    plan
}

/// A bill line still (partly) unpaid, as the payment screen lists it, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenLine {
    pub bill_id: i64,
    pub period: Period,
    pub item: String,
    /// Billed plus adjustments.
    pub due_fen: i64,
    pub paid_fen: i64,
}

impl OpenLine {
    pub fn outstanding(&self) -> i64 {
        self.due_fen - self.paid_fen
    }
}

/// How a payment is spread: bill lines paid, and what is left as prepaid credit (预收).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentPlan {
    pub lines: Vec<(i64, i64)>,
    pub prepaid_fen: i64,
}

impl PaymentPlan {
    pub fn total(&self) -> i64 {
        self.lines.iter().map(|l| l.1).sum::<i64>() + self.prepaid_fen
    }
}

/// Checks what the clerk chose to pay (`chosen`: bill id and amount, each at most that line's
/// outstanding) against what was received; the rest of `received` becomes prepaid credit.
pub fn plan_payment(
    open: &[OpenLine],
    chosen: &[(i64, i64)],
    received: i64,
) -> Result<PaymentPlan, String> {
    if received <= 0 {
        return Err("实收金额必须大于零".into());
    }
    let mut lines = Vec::new();
    let mut seen = HashSet::new();
    for (bill, amount) in chosen.iter().copied() {
        if amount == 0 {
            continue;
        }
        let Some(line) = open.iter().find(|l| l.bill_id == bill) else {
            return Err("所选应收已不存在或已结清，请刷新后重试".into());
        };
        let label = format!("{} {}", line.period, line.item);
        if !seen.insert(bill) {
            return Err(format!("{label} 重复选择"));
        }
        if amount < 0 {
            return Err(format!("{label} 的缴费金额不能为负"));
        }
        if amount > line.outstanding() {
            return Err(format!(
                "{label} 只欠 {} 元，不能收 {} 元",
                Money(line.outstanding()),
                Money(amount)
            ));
        }
        lines.push((bill, amount));
    }
    let paid: i64 = lines.iter().map(|l| l.1).sum();
    if paid > received {
        return Err(format!(
            "所选应收合计 {} 元，超过实收 {} 元",
            Money(paid),
            Money(received)
        ));
    }
    Ok(PaymentPlan {
        lines,
        prepaid_fen: received - paid,
    })
}

/// Pays the oldest lines first, in full while the money lasts, the last one in part.
pub fn oldest_first(open: &[OpenLine], amount: i64) -> Vec<(i64, i64)> {
    let mut left = amount.max(0);
    let mut out = Vec::new();
    for line in open {
        if left == 0 {
            break;
        }
        let pay = line.outstanding().min(left);
        if pay > 0 {
            out.push((line.bill_id, pay));
            left -= pay;
        }
    }
    out
}

/// What a typed amount pays when it is less than the lines ticked (`chosen`: bill and the
/// amount ticked for it, oldest first as the counter lists them): the oldest in full while the
/// money lasts, the next one in part, the rest not at all. An amount that covers them all pays
/// them as ticked (the rest becomes prepaid credit in `plan_payment`).
pub fn apply_received(chosen: &[(i64, i64)], received: i64) -> Vec<(i64, i64)> {
    let total: i64 = chosen.iter().map(|c| c.1).sum();
    if received >= total {
        return chosen.iter().copied().filter(|c| c.1 > 0).collect();
    }
    let mut left = received.max(0);
    let mut out = Vec::new();
    for &(bill, amount) in chosen {
        if left == 0 {
            break;
        }
        let pay = amount.min(left);
        if pay > 0 {
            out.push((bill, pay));
            left -= pay;
        }
    }
    out
}

/// 日结: the day's receipts by payment method, (method, how many, total), in the methods'
/// order, only the methods used; voided receipts are not counted (they are listed apart).
pub fn day_totals(receipts: &[(PayMethod, i64, bool)]) -> Vec<(PayMethod, usize, i64)> {
    PayMethod::ALL
        .iter()
        .filter_map(|m| {
            let of: Vec<i64> = receipts
                .iter()
                .filter(|r| r.0 == *m && !r.2)
                .map(|r| r.1)
                .collect();
            (!of.is_empty()).then(|| (*m, of.len(), of.iter().sum()))
        })
        .collect()
}

/// Dates the uses of prepaid credit (预收抵扣). `chunks` are the unit's prepayments still
/// unspent, oldest first (day paid, amount left); `uses` are (bill, its period, amount) as
/// `oldest_first` chose them. Money is taken from the oldest prepayment first, and each use is
/// dated when it took effect: the later of the day that prepayment was made and the first day of
/// the bill's period — never the day the billing run happened to be done. A use that spans two
/// prepayments becomes two uses, each with its own date. Returns (bill, date, amount).
pub fn date_credit_uses(
    chunks: &[(NaiveDate, i64)],
    uses: &[(i64, Period, i64)],
) -> Vec<(i64, NaiveDate, i64)> {
    let mut chunks: Vec<(NaiveDate, i64)> = chunks.iter().copied().filter(|c| c.1 > 0).collect();
    let mut next = 0;
    let mut out = Vec::new();
    for &(bill, period, amount) in uses {
        let mut left = amount;
        while left > 0 {
            let Some(chunk) = chunks.get_mut(next) else {
                break;
            };
            let take = left.min(chunk.1);
            out.push((bill, chunk.0.max(period.first_day()), take));
            chunk.1 -= take;
            left -= take;
            if chunk.1 == 0 {
                next += 1;
            }
        }
    }
    out
}

/// Skips what earlier uses already spent, oldest prepayment first: the prepayments a unit
/// still has money left on, as (day paid, amount left).
pub fn unspent_chunks(prepaid: &[(NaiveDate, i64)], spent: i64) -> Vec<(NaiveDate, i64)> {
    let mut spent = spent.max(0);
    let mut out = Vec::new();
    for &(day, amount) in prepaid {
        let used = spent.min(amount);
        spent -= used;
        if amount > used {
            out.push((day, amount - used));
        }
    }
    out
}

/// 缴费期限: when a bill line of an item falls due. A line is in arrears (逾期) only from the
/// day after; until then it is 未到期应收. Written as the office says it: `当月15日` (the 15th of
/// the billed month, or its last day when shorter), `月末`, `次月10日`, `开单后30天` (counted from
/// the first of the billed month, the day the month is billed), `预收` (paid ahead: due on the
/// first of the billed month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PayTerm {
    DayOfMonth(u32),
    #[default]
    MonthEnd,
    NextMonthDay(u32),
    DaysAfter(u32),
    Advance,
}

impl PayTerm {
    pub fn parse(input: &str) -> Result<PayTerm, String> {
        let s = normalize(input).replace(' ', "");
        let shown = super::text::excerpt(&s);
        let number = |t: &str, what: &str, max: u32| -> Result<u32, String> {
            let n: u32 = t
                .parse()
                .map_err(|_| format!("缴费期限“{shown}”中的{what}不是数字"))?;
            if n == 0 || n > max {
                return Err(format!("缴费期限“{shown}”中的{what}应在 1 到 {max} 之间"));
            }
            Ok(n)
        };
        if s == "月末" || s == "当月月末" || s == "当月末" {
            return Ok(PayTerm::MonthEnd);
        }
        if s == "预收" {
            return Ok(PayTerm::Advance);
        }
        if let Some(d) = s.strip_prefix("当月").and_then(|t| t.strip_suffix('日')) {
            return Ok(PayTerm::DayOfMonth(number(d, "日期", 31)?));
        }
        if let Some(d) = s.strip_prefix("次月").and_then(|t| t.strip_suffix('日')) {
            return Ok(PayTerm::NextMonthDay(number(d, "日期", 31)?));
        }
        if let Some(d) = s.strip_prefix("开单后").and_then(|t| t.strip_suffix('天')) {
            return Ok(PayTerm::DaysAfter(number(d, "天数", 366)?));
        }
        Err(format!(
            "缴费期限“{shown}”看不懂：请写 当月15日、月末、次月10日、开单后30天 或 预收"
        ))
    }

    pub fn text(self) -> String {
        match self {
            PayTerm::DayOfMonth(d) => format!("当月{d}日"),
            PayTerm::MonthEnd => "月末".into(),
            PayTerm::NextMonthDay(d) => format!("次月{d}日"),
            PayTerm::DaysAfter(n) => format!("开单后{n}天"),
            PayTerm::Advance => "预收".into(),
        }
    }

    /// The last day a line of `period` may be paid without being in arrears.
    pub fn due_date(self, period: Period) -> NaiveDate {
        let day_of = |p: Period, d: u32| {
            let last = p.last_day();
            NaiveDate::from_ymd_opt(p.year, p.month, d.min(chrono::Datelike::day(&last)))
                .unwrap_or(last)
        };
        match self {
            PayTerm::DayOfMonth(d) => day_of(period, d),
            PayTerm::MonthEnd => period.last_day(),
            PayTerm::NextMonthDay(d) => day_of(period.plus(1), d),
            PayTerm::DaysAfter(n) => period.first_day() + chrono::Duration::days(i64::from(n)),
            PayTerm::Advance => period.first_day(),
        }
    }

    /// A line of `period` is in arrears on `as_of`.
    pub fn overdue(self, period: Period, as_of: NaiveDate) -> bool {
        as_of > self.due_date(period)
    }

    /// The latest period whose lines are in arrears on `as_of` (due dates only grow with the
    /// period): every line of that period or before is overdue, none after.
    pub fn last_overdue_period(self, as_of: NaiveDate) -> Period {
        let mut p = Period::of(as_of).plus(1);
        while !self.overdue(p, as_of) {
            p = p.plus(-1);
        }
        p
    }
}

/// A household's subscription to a 按户 item, as billing sees it: what it is for (`车位
/// B-023（浙A·12345）`) and its monthly rate when it has its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribed {
    pub what: String,
    pub rate_e4: Option<i64>,
}

/// Two spans of months (the end None: still running) share a month.
pub fn spans_overlap(a: (Period, Option<Period>), b: (Period, Option<Period>)) -> bool {
    let ends_after = |end: Option<Period>, start: Period| end.is_none_or(|e| e >= start);
    ends_after(a.1, b.0) && ends_after(b.1, a.0)
}

/// The late-fee setting (滞纳金): off by default. A line falls due by its item's 缴费期限
/// (`PayTerm`); `grace_days` after that, from the day after, `per_day_e4` ten-thousandths of
/// the outstanding amount accrue per day (万分之三 = 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateFeeRule {
    pub enabled: bool,
    pub per_day_e4: i64,
    pub grace_days: i64,
}

impl Default for LateFeeRule {
    fn default() -> Self {
        LateFeeRule {
            enabled: false,
            per_day_e4: 3,
            grace_days: 15,
        }
    }
}

impl LateFeeRule {
    /// The last day without a late fee for a line due on `due`.
    pub fn fee_free_until(&self, due: NaiveDate) -> NaiveDate {
        due + chrono::Duration::days(self.grace_days)
    }

    /// The late fee on `outstanding` of a line due on `due`, as of `as_of`, half up to the fen.
    pub fn fee(&self, due: NaiveDate, outstanding: i64, as_of: NaiveDate) -> i64 {
        if !self.enabled || outstanding <= 0 {
            return 0;
        }
        let days = (as_of - self.fee_free_until(due)).num_days();
        if days <= 0 {
            return 0;
        }
        mul_div_round(outstanding, days * self.per_day_e4, RATE_SCALE)
    }
}

/// The longest receipt number an old ledger may carry.
pub const MAX_RECEIPT_CHARS: usize = 30;

/// A receipt number from an old ledger, checked before it is imported: at most 30 characters
/// without spaces; one written in this program's form (`2026-000123`) must be exactly that form
/// and belong to the year it was paid in, since it takes its place in that year's gap-free run.
/// Returns the number as stored.
pub fn check_receipt_number(input: &str, paid_on: NaiveDate) -> Result<String, String> {
    let s = normalize(input);
    let shown = super::text::excerpt(&s);
    if s.is_empty() {
        return Err("收据号为空".into());
    }
    if s.chars().count() > MAX_RECEIPT_CHARS {
        return Err(format!(
            "收据号“{shown}”过长（最多 {MAX_RECEIPT_CHARS} 个字符）"
        ));
    }
    if s.chars().any(char::is_whitespace) {
        return Err(format!("收据号“{shown}”中有空格"));
    }
    let own_form = s.len() > 5
        && s.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && s.as_bytes()[4] == b'-'
        && s[5..].bytes().all(|b| b.is_ascii_digit());
    if own_form {
        let year: i32 = s[..4]
            .parse()
            .map_err(|_| format!("收据号“{shown}”不可读"))?;
        let seq: i64 = s[5..].parse().unwrap_or(0);
        if s.len() != 11 || seq == 0 {
            return Err(format!(
                "收据号“{shown}”应写作 {year}-000123（年份、短横线、六位序号）"
            ));
        }
        if year != chrono::Datelike::year(&paid_on) {
            return Err(format!(
                "收据号 {s} 的年份与收款日期 {} 不符",
                super::date::iso(paid_on)
            ));
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    #[test]
    fn payment_terms_read_as_written_and_fall_due_on_the_right_day() {
        let p = |s: &str| Period::parse(s).unwrap_or_else(|_| Period::of(NaiveDate::default()));
        let dd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        for (text, term) in [
            ("当月15日", PayTerm::DayOfMonth(15)),
            ("月末", PayTerm::MonthEnd),
            ("次月10日", PayTerm::NextMonthDay(10)),
            ("开单后30天", PayTerm::DaysAfter(30)),
            ("预收", PayTerm::Advance),
            (" 当月 15 日 ", PayTerm::DayOfMonth(15)),
        ] {
            assert_eq!(PayTerm::parse(text), Ok(term), "{text}");
            assert_eq!(PayTerm::parse(&term.text()), Ok(term));
        }
        for bad in [
            "",
            "15日",
            "当月0日",
            "当月32日",
            "次月x日",
            "开单后0天",
            "下月",
        ] {
            let e = PayTerm::parse(bad).unwrap_err();
            assert!(e.contains("缴费期限"), "{bad}: {e}");
        }
        // Month ends: February and a 31st asked of a 30-day month.
        assert_eq!(PayTerm::MonthEnd.due_date(p("2026-02")), dd(2026, 2, 28));
        assert_eq!(PayTerm::MonthEnd.due_date(p("2028-02")), dd(2028, 2, 29));
        assert_eq!(
            PayTerm::DayOfMonth(31).due_date(p("2026-11")),
            dd(2026, 11, 30)
        );
        assert_eq!(
            PayTerm::DayOfMonth(15).due_date(p("2026-11")),
            dd(2026, 11, 15)
        );
        assert_eq!(
            PayTerm::NextMonthDay(10).due_date(p("2026-12")),
            dd(2027, 1, 10)
        );
        assert_eq!(
            PayTerm::NextMonthDay(31).due_date(p("2027-01")),
            dd(2027, 2, 28)
        );
        assert_eq!(
            PayTerm::DaysAfter(30).due_date(p("2026-12")),
            dd(2026, 12, 31)
        );
        assert_eq!(PayTerm::Advance.due_date(p("2026-12")), dd(2026, 12, 1));
        // A bill raised today is not arrears; the day after its due date it is.
        let dec = p("2026-12");
        assert!(!PayTerm::MonthEnd.overdue(dec, dd(2026, 12, 1)));
        assert!(!PayTerm::MonthEnd.overdue(dec, dd(2026, 12, 31)));
        assert!(PayTerm::MonthEnd.overdue(dec, dd(2027, 1, 1)));
        assert!(!PayTerm::Advance.overdue(dec, dd(2026, 12, 1)));
        assert!(PayTerm::Advance.overdue(dec, dd(2026, 12, 2)));
        // The last overdue period, checked against `overdue` over two years of days.
        for term in [
            PayTerm::DayOfMonth(15),
            PayTerm::MonthEnd,
            PayTerm::NextMonthDay(10),
            PayTerm::DaysAfter(45),
            PayTerm::Advance,
        ] {
            let mut day = dd(2026, 1, 1);
            while day < dd(2028, 1, 1) {
                let last = term.last_overdue_period(day);
                assert!(term.overdue(last, day), "{term:?} {day}");
                assert!(!term.overdue(last.plus(1), day), "{term:?} {day}");
                day += chrono::Duration::days(1);
            }
        }
    }

    #[test]
    fn the_days_totals_are_by_method_without_the_voided() {
        use PayMethod::*;
        let day = [
            (Cash, 35_837, false),
            (WeChat, 10_000, false),
            (Cash, 1_163, false),
            (Cash, 50_000, true),
            (Alipay, 2_000, true),
        ];
        assert_eq!(
            day_totals(&day),
            vec![(Cash, 2, 37_000), (WeChat, 1, 10_000)]
        );
        assert!(day_totals(&[]).is_empty());
    }

    #[test]
    fn a_typed_amount_below_the_ticked_lines_pays_the_oldest_first() {
        // 3,626.74 owed on five lines; 1,000.00 typed.
        let chosen = [
            (1, 52_380),
            (2, 52_380),
            (3, 52_380),
            (4, 7_534),
            (5, 198_000),
        ];
        assert_eq!(chosen.iter().map(|c| c.1).sum::<i64>(), 362_674);
        assert_eq!(
            apply_received(&chosen, 100_000),
            vec![(1, 52_380), (2, 47_620)]
        );
        // Exactly the first two lines.
        assert_eq!(
            apply_received(&chosen, 104_760),
            vec![(1, 52_380), (2, 52_380)]
        );
        // Enough for all, or more: as ticked (the rest is prepaid credit later).
        assert_eq!(apply_received(&chosen, 362_674), chosen.to_vec());
        assert_eq!(apply_received(&chosen, 400_000), chosen.to_vec());
        assert!(apply_received(&chosen, 0).is_empty());
        // A line ticked for less than it owes is paid that much, no more.
        assert_eq!(
            apply_received(&[(1, 10_000), (2, 5_000)], 12_000),
            vec![(1, 10_000), (2, 2_000)]
        );
    }

    use super::*;

    #[test]
    fn receipt_numbers_of_an_old_ledger() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap_or_default();
        assert_eq!(
            check_receipt_number(" 2026-000012 ", d),
            Ok("2026-000012".into())
        );
        assert_eq!(
            check_receipt_number("No.0012345", d),
            Ok("No.0012345".into())
        );
        assert_eq!(
            check_receipt_number("导入-000001", d),
            Ok("导入-000001".into())
        );
        for (bad, why) in [
            ("2025-000012", "年份与收款日期 2026-03-05 不符"),
            ("2026-12", "应写作 2026-000123"),
            ("2026-0000012", "应写作"),
            ("2026-000000", "应写作"),
            ("No 12", "有空格"),
            ("", "为空"),
        ] {
            let e = check_receipt_number(bad, d).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
        assert!(
            check_receipt_number(&"1".repeat(31), d)
                .unwrap_err()
                .contains("过长")
        );
    }

    proptest::proptest! {
        #[test]
        fn receipt_numbers_never_panic_and_are_stable(s in "\\PC{0,40}") {
            let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap_or_default();
            if let Ok(n) = check_receipt_number(&s, d) {
                proptest::prop_assert_eq!(check_receipt_number(&n, d), Ok(n.clone()));
            }
        }
    }

    fn unit(id: i64, building: &str, usage: &str, area_h: i64) -> BillUnit {
        BillUnit {
            id,
            building: building.into(),
            usage: usage.into(),
            area_h,
            vacant: false,
        }
    }

    fn item(id: i64, kind: FeeKind, rate: Option<i64>) -> BillItem {
        BillItem {
            id,
            name: format!("项目{id}"),
            kind,
            scope: Scope::All,
            scope_value: String::new(),
            rate_e4: rate,
            vacant_percent: None,
            per_household: false,
        }
    }

    #[test]
    fn a_per_household_item_bills_only_the_subscribed_and_each_space_once() {
        let units = [
            unit(1, "8号楼", "住宅", 9_000),
            unit(2, "8号楼", "住宅", 9_000),
        ];
        let mut parking = item(20, FeeKind::Fixed, Some(600_000));
        parking.per_household = true;
        let mut inputs = BillInputs::default();
        inputs.subscriptions.insert(
            (1, 20),
            vec![
                Subscribed {
                    what: "车位 B-023（浙A·12345）".into(),
                    rate_e4: None,
                },
                Subscribed {
                    what: "车位 B-024".into(),
                    rate_e4: Some(500_000),
                },
            ],
        );
        let plan = plan_bills(&units, &[parking.clone()], &inputs);
        assert_eq!(plan.lines.len(), 1, "only the subscribed household");
        assert_eq!(plan.lines[0].unit_id, 1);
        // 60.00 + its own 50.00.
        assert_eq!(plan.lines[0].amount_fen, 11_000);
        assert_eq!(
            plan.lines[0].basis,
            "车位 B-023（浙A·12345） 60.00 元/月；车位 B-024 50.00 元/月"
        );
        // Billed already: not again.
        inputs.billed.insert((1, 20));
        assert!(plan_bills(&units, &[parking], &inputs).lines.is_empty());
    }

    #[test]
    fn spans_of_months_overlap_when_they_share_one() {
        let p = |s: &str| Period::parse(s).unwrap_or_else(|_| Period::of(NaiveDate::default()));
        let jan = p("2026-01");
        let mar = p("2026-03");
        let apr = p("2026-04");
        assert!(spans_overlap((jan, Some(mar)), (mar, None)));
        assert!(!spans_overlap((jan, Some(mar)), (apr, None)));
        assert!(spans_overlap((jan, None), (apr, Some(apr))));
        assert!(!spans_overlap((apr, Some(apr)), (jan, Some(mar))));
        assert!(spans_overlap((jan, None), (jan, None)));
    }

    #[test]
    fn a_vacant_unit_pays_the_items_vacant_share_and_its_line_says_so() {
        let mut empty = unit(2, "1号楼", "住宅", 8_950);
        empty.vacant = true;
        let units = [unit(1, "1号楼", "住宅", 8_950), empty];
        let mut fee = item(10, FeeKind::ByArea, Some(25_000));
        fee.vacant_percent = Some(70);
        let mut fixed = item(11, FeeKind::Fixed, Some(150_000));
        fixed.vacant_percent = Some(50);
        let full = item(12, FeeKind::ByArea, Some(10_000));
        let plan = plan_bills(&units, &[fee, fixed, full], &BillInputs::default());
        let line = |u: i64, i: i64| {
            plan.lines
                .iter()
                .find(|l| l.unit_id == u && l.item_id == i)
                .map(|l| (l.amount_fen, l.basis.clone()))
                .unwrap_or_default()
        };
        // 89.50 × 2.50 = 223.75; vacant 70 % = 156.625 → 156.63.
        assert_eq!(line(1, 10), (22_375, "89.50㎡ × 2.50".into()));
        assert_eq!(line(2, 10), (15_663, "89.50㎡ × 2.50 × 70%（空置）".into()));
        // 15.00 a month; vacant 50 % = 7.50.
        assert_eq!(line(2, 11).0, 750);
        // An item without a vacant share bills a vacant unit in full.
        assert_eq!(line(2, 12), line(1, 12));
    }

    #[test]
    fn rates_parse_to_ten_thousandths() {
        assert_eq!(parse_rate("2.5"), Ok(25_000));
        assert_eq!(parse_rate("2.50"), Ok(25_000));
        assert_eq!(parse_rate("0.5283"), Ok(5_283));
        assert_eq!(parse_rate("￥3.45元/吨"), Ok(34_500));
        assert_eq!(parse_rate("１２"), Ok(120_000));
        assert!(parse_rate("2.50001").is_err());
        assert!(parse_rate("两块五").is_err());
        assert!(parse_rate("").is_err());
        // The hardening issue's rate of 999999999: refused, and 10,000 元 is the last accepted.
        assert!(parse_rate("999999999").is_err_and(|e| e.contains("大得不合理")));
        assert_eq!(parse_rate("10000"), Ok(MAX_RATE_E4));
        assert!(parse_rate("10000.0001").is_err());
        assert!(parse_hundredths("123456789", "读数").is_err());
        assert_eq!(parse_hundredths("99999999", "读数"), Ok(9_999_999_900));
        assert_eq!(rate_text(25_000), "2.50");
        assert_eq!(rate_text(5_283), "0.5283");
        assert_eq!(rate_text(34_500), "3.45");
        assert_eq!(rate_text(1_200_000), "120.00");
        assert_eq!(rate_text(12_340), "1.234");
    }

    #[test]
    fn quantities_parse_to_hundredths() {
        assert_eq!(parse_hundredths("1234", "读数"), Ok(123_400));
        assert_eq!(parse_hundredths("1,234.5", "读数"), Ok(123_450));
        assert_eq!(parse_hundredths("0.07", "读数"), Ok(7));
        assert!(parse_hundredths("-3", "读数").is_err());
        assert!(parse_hundredths("1.234", "读数").is_err());
        assert_eq!(hundredths_text(8_950), "89.50");
        assert_eq!(hundredths_text(8_957), "89.57");
        assert_eq!(hundredths_text(9_000), "90.00");
        assert_eq!(hundredths_text(5), "0.05");
    }

    #[test]
    fn area_times_rate_rounds_half_up_per_line() {
        // 89.50 × 2.50 = 223.75 exactly.
        assert_eq!(quantity_amount(8_950, 25_000), 22_375);
        // 87.33 × 2.35 = 205.2255 → 205.23.
        assert_eq!(quantity_amount(8_733, 23_500), 20_523);
        // 100.01 × 1.25 = 125.0125 → 125.01.
        assert_eq!(quantity_amount(10_001, 12_500), 12_501);
        // 0.5 fen exactly rounds up: 0.02 × 0.25 = 0.005 → 0.01.
        assert_eq!(quantity_amount(2, 2_500), 1);
        // 123.4 度 × 0.5283 = 65.19222 → 65.19.
        assert_eq!(quantity_amount(12_340, 5_283), 6_519);
        assert_eq!(fixed_amount(1_500_000), 15_000);
        assert_eq!(fixed_amount(5), 0);
        assert_eq!(fixed_amount(50), 1);
    }

    #[test]
    fn readings_below_the_previous_are_refused_unless_the_meter_was_replaced() {
        assert_eq!(
            usage_of(Some(10_000), 12_500, false, 0),
            Ok((10_000, 12_500))
        );
        let e = usage_of(Some(10_000), 900, false, 0).unwrap_err();
        assert!(e.contains("小于上期读数 100") && e.contains("换表"), "{e}");
        assert_eq!(usage_of(Some(10_000), 900, true, 0), Ok((0, 900)));
        assert!(usage_of(Some(10_000), 900, true, 1_000).is_err());
        // The first reading of a meter has no usage yet.
        assert_eq!(usage_of(None, 5_000, false, 0), Ok((5_000, 5_000)));
    }

    #[test]
    fn billing_plans_one_line_per_unit_and_item_and_never_twice() {
        let units = vec![
            unit(1, "1号楼", "住宅", 8_950),
            unit(2, "1号楼", "住宅", 12_000),
            unit(3, "2号楼", "商铺", 5_000),
        ];
        let mut parking = item(11, FeeKind::Fixed, Some(1_500_000));
        parking.scope = Scope::Usage;
        parking.scope_value = "商铺".into();
        let items = vec![
            item(10, FeeKind::ByArea, Some(25_000)),
            parking,
            item(12, FeeKind::OneOff, Some(100_000)),
        ];
        let plan = plan_bills(&units, &items, &BillInputs::default());
        let amounts: Vec<(i64, i64, i64)> = plan
            .lines
            .iter()
            .map(|l| (l.unit_id, l.item_id, l.amount_fen))
            .collect();
        assert_eq!(
            amounts,
            vec![
                (1, 10, 22_375),
                (2, 10, 30_000),
                (3, 10, 12_500),
                (3, 11, 15_000)
            ]
        );
        assert_eq!(plan.lines[0].basis, "89.50㎡ × 2.50");
        // The second run adds nothing; a unit added since is filled.
        let mut inputs = BillInputs::default();
        for l in &plan.lines {
            inputs.billed.insert((l.unit_id, l.item_id));
        }
        let again = plan_bills(&units, &items, &inputs);
        assert!(again.lines.is_empty());
        assert_eq!(again.existing, 4);
        let mut more = units.clone();
        more.push(unit(4, "2号楼", "住宅", 10_000));
        let fill = plan_bills(&more, &items, &inputs);
        assert_eq!(fill.lines.len(), 1);
        assert_eq!(
            (fill.lines[0].unit_id, fill.lines[0].amount_fen),
            (4, 25_000)
        );
    }

    #[test]
    fn shared_amounts_split_by_area_and_add_up_exactly() {
        let units = vec![
            unit(1, "1号楼", "住宅", 10_000),
            unit(2, "1号楼", "住宅", 10_000),
            unit(3, "1号楼", "住宅", 10_000),
        ];
        let items = vec![item(20, FeeKind::Shared, None)];
        let mut inputs = BillInputs::default();
        inputs.shared.insert(20, 10_000); // 100.00 元 over three equal units
        let plan = plan_bills(&units, &items, &inputs);
        let shares: Vec<i64> = plan.lines.iter().map(|l| l.amount_fen).collect();
        assert_eq!(shares, vec![3_334, 3_333, 3_333]);
        assert_eq!(shares.iter().sum::<i64>(), 10_000);
        // Already split: a new unit is reported, not split into the old total.
        let mut inputs2 = BillInputs::default();
        inputs2.shared.insert(20, 10_000);
        inputs2.billed.insert((1, 20));
        inputs2.billed.insert((2, 20));
        inputs2.billed.insert((3, 20));
        let mut more = units.clone();
        more.push(unit(4, "1号楼", "住宅", 10_000));
        let again = plan_bills(&more, &items, &inputs2);
        assert!(again.lines.is_empty());
        assert!(
            again.notes[0].contains("新增的 1 户未参与分摊"),
            "{:?}",
            again.notes
        );
        // No meter amount yet: nothing split, and said.
        let none = plan_bills(&units, &items, &BillInputs::default());
        assert!(none.lines.is_empty());
        assert!(none.notes[0].contains("未录入本期公共表金额"));
    }

    #[test]
    fn metered_items_bill_only_units_with_a_reading() {
        let units = vec![unit(1, "1号楼", "住宅", 1), unit(2, "1号楼", "住宅", 1)];
        let items = vec![item(30, FeeKind::Metered, Some(34_500))];
        let mut inputs = BillInputs::default();
        inputs.usage.insert((1, 30), 1_250); // 12.5 吨 × 3.45 = 43.125 → 43.13
        let plan = plan_bills(&units, &items, &inputs);
        assert_eq!(plan.lines.len(), 1);
        assert_eq!(plan.lines[0].amount_fen, 4_313);
        assert!(plan.notes[0].contains("1 户未抄表"));
    }

    fn open(bill_id: i64, month: u32, due: i64, paid: i64) -> OpenLine {
        OpenLine {
            bill_id,
            period: Period::new(2026, month).unwrap_or(Period {
                year: 2026,
                month: 1,
            }),
            item: "物业管理费".into(),
            due_fen: due,
            paid_fen: paid,
        }
    }

    #[test]
    fn payments_pay_chosen_lines_and_leave_the_rest_prepaid() -> Result<(), String> {
        let lines = vec![open(1, 9, 22_375, 0), open(2, 10, 22_375, 10_000)];
        let plan = plan_payment(&lines, &[(1, 22_375), (2, 12_375)], 50_000)?;
        assert_eq!(plan.prepaid_fen, 15_250);
        assert_eq!(plan.total(), 50_000);
        let e = plan_payment(&lines, &[(2, 12_376)], 50_000).unwrap_err();
        assert!(e.contains("只欠 123.75 元"), "{e}");
        let e = plan_payment(&lines, &[(1, 22_375)], 20_000).unwrap_err();
        assert!(e.contains("超过实收 200.00 元"), "{e}");
        assert!(plan_payment(&lines, &[], 0).is_err());
        assert!(plan_payment(&lines, &[(9, 1)], 10).is_err());
        // Partial payment of one line.
        let part = plan_payment(&lines, &[(1, 5_000)], 5_000)?;
        assert_eq!(
            (part.lines.clone(), part.prepaid_fen),
            (vec![(1, 5_000)], 0)
        );
        Ok(())
    }

    #[test]
    fn oldest_lines_are_paid_first() {
        let lines = vec![
            open(1, 9, 10_000, 0),
            open(2, 10, 10_000, 4_000),
            open(3, 11, 10_000, 0),
        ];
        assert_eq!(oldest_first(&lines, 13_000), vec![(1, 10_000), (2, 3_000)]);
        assert_eq!(
            oldest_first(&lines, 99_999),
            vec![(1, 10_000), (2, 6_000), (3, 10_000)]
        );
        assert!(oldest_first(&lines, 0).is_empty());
    }

    #[test]
    fn credit_is_dated_when_it_took_effect_not_when_the_run_was_done() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        let p = |y, m| {
            Period::new(y, m).unwrap_or(Period {
                year: 2026,
                month: 1,
            })
        };
        // 300.00 paid ahead on 10-20, 50.00 more on 11-28.
        let chunks = unspent_chunks(&[(d(2026, 10, 20), 30_000), (d(2026, 11, 28), 5_000)], 0);
        let uses = date_credit_uses(
            &chunks,
            &[
                (1, p(2026, 10), 10_000),
                (2, p(2026, 11), 22_375),
                (3, p(2026, 12), 2_000),
            ],
        );
        assert_eq!(
            uses,
            vec![
                // October's line: the money came on 10-20, after the period began.
                (1, d(2026, 10, 20), 10_000),
                // November's: from the first of November, whenever the run was done.
                (2, d(2026, 11, 1), 20_000),
                // The rest of it from the second prepayment, which came on 11-28.
                (2, d(2026, 11, 28), 2_375),
                (3, d(2026, 12, 1), 2_000),
            ]
        );
        // What earlier uses spent comes off the oldest prepayment first.
        assert_eq!(
            unspent_chunks(
                &[(d(2026, 10, 20), 30_000), (d(2026, 11, 28), 5_000)],
                32_000
            ),
            vec![(d(2026, 11, 28), 3_000)]
        );
        assert!(unspent_chunks(&[(d(2026, 10, 20), 30_000)], 30_000).is_empty());
        // Never more than the prepayments hold.
        let short = date_credit_uses(&[(d(2026, 10, 20), 1_000)], &[(1, p(2026, 11), 5_000)]);
        assert_eq!(short, vec![(1, d(2026, 11, 1), 1_000)]);
    }

    #[test]
    fn late_fees_accrue_after_the_grace_date_and_are_off_by_default() {
        let p = Period::new(2026, 9).unwrap_or(Period {
            year: 2026,
            month: 1,
        });
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
        // Due at the end of the month (月末); 15 days' grace.
        let due = PayTerm::MonthEnd.due_date(p);
        assert_eq!(LateFeeRule::default().fee(due, 100_000, d(12, 31)), 0);
        let rule = LateFeeRule {
            enabled: true,
            per_day_e4: 3,
            grace_days: 15,
        };
        assert_eq!(rule.fee_free_until(due), d(10, 15));
        assert_eq!(rule.fee(due, 100_000, d(10, 15)), 0);
        // 1000.00 元 × 万分之三 × 1 天 = 0.30 元.
        assert_eq!(rule.fee(due, 100_000, d(10, 16)), 30);
        // 223.75 元 × 0.0003 × 46 天 = 3.08775 → 3.09 元.
        assert_eq!(rule.fee(due, 22_375, d(11, 30)), 309);
        // Due on the 15th of the month: the fee runs 15 days earlier.
        let due = PayTerm::DayOfMonth(15).due_date(p);
        assert_eq!(rule.fee(due, 100_000, d(9, 30)), 0);
        assert_eq!(rule.fee(due, 100_000, d(10, 1)), 30);
    }

    #[test]
    fn words_for_methods_and_kinds() {
        assert_eq!(PayMethod::parse("转账"), Some(PayMethod::Bank));
        assert_eq!(PayMethod::parse("微信支付"), Some(PayMethod::WeChat));
        assert_eq!(FeeKind::parse("公摊"), Some(FeeKind::Shared));
        assert_eq!(DunMethod::parse("书面"), Some(DunMethod::Written));
        assert_eq!(Scope::parse(""), Some(Scope::All));
    }
}
