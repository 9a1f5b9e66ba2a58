//! `demo --scale large`: ten years of a large office — 5,000 units, three monthly items,
//! 2016-12 … 2026-11 — deterministic from a seed. Units and fee items go in through the
//! ordinary importers; then each month's meter readings, the billing run's own plan of bill
//! lines, receipts and dunning are written in bulk (`db::bulk`), one transaction a month.
//!
//! How owners pay, as an office sees it: most pay each month (a few miss one and catch up), some
//! pay a year ahead each December (prepaid credit, used month by month), some pay every few
//! months, and some stop paying for years.

use super::{Lcg, owner};
use crate::db::bulk;
use crate::db::charging::FeeItemInput;
use crate::domain::area::Area;
use crate::domain::charging::{BillInputs, FeeKind, Scope, date_credit_uses, oldest_first};
use crate::domain::estate::{UnitInput, UnitState, Usage};
use crate::domain::period::Period;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use std::collections::HashMap;

/// What to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub buildings: usize,
    /// Units per building (two entrances, four to a floor).
    pub per_building: usize,
    pub first: Period,
    pub last: Period,
    pub seed: u64,
}

impl Spec {
    /// The office: 25 buildings × 200 units, 2016-12 … 2026-11.
    pub fn large(seed: u64) -> Spec {
        Spec {
            buildings: 25,
            per_building: 200,
            first: Period {
                year: 2016,
                month: 12,
            },
            last: Period {
                year: 2026,
                month: 11,
            },
            seed,
        }
    }
}

/// What was built, for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Built {
    pub units: usize,
    pub bills: usize,
    pub readings: usize,
    pub receipts: usize,
    pub payment_lines: usize,
    pub dunning: usize,
    pub keys: usize,
    pub key_loans: usize,
    pub staff: usize,
    pub scorecards: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Habit {
    Monthly,
    YearAhead,
    EveryFewMonths(u32),
    /// Pays monthly until this period, then not at all.
    Stops(Period),
}

struct Unit {
    id: i64,
    habit: Habit,
    meter_h: i64,
    /// Open lines, oldest first: (bill, period, amount still owed).
    open: Vec<(i64, Period, i64)>,
    /// Prepaid chunks not yet used: (day paid, amount).
    credit: Vec<(NaiveDate, i64)>,
}

fn units(spec: &Spec, rng: &mut Lcg) -> Vec<(usize, UnitInput)> {
    let mut rows = Vec::new();
    for b in 1..=spec.buildings {
        for n in 0..spec.per_building {
            let entrance = n % 2 + 1;
            let floor = n / 8 + 1;
            let room = floor * 100 + (n / 2) % 4 + 1;
            // 60–160 m², in hundredths.
            let area = 6_000 + rng.below(10_000) as i64;
            rows.push((
                rows.len() + 2,
                UnitInput {
                    building: format!("{b}号楼"),
                    entrance: format!("{entrance}单元"),
                    room: room.to_string(),
                    area: Area(area),
                    usage: Usage::Residence,
                    state: UnitState::Occupied,
                    notes: String::new(),
                    owner: Some(owner(rng, None)),
                },
            ));
        }
    }
    rows
}

fn items(spec: &Spec) -> Vec<FeeItemInput> {
    let item = |name: &str, kind, start, rate_e4| FeeItemInput {
        name: name.into(),
        kind,
        scope: Scope::All,
        scope_value: String::new(),
        refundable: false,
        start,
        rate_e4,
        notes: String::new(),
    };
    let raise = Period {
        year: 2022,
        month: 1,
    };
    let mut v = vec![
        item("物业管理费", FeeKind::ByArea, spec.first, 23_000),
        item("水费", FeeKind::Metered, spec.first, 34_500),
        item("生活垃圾处理费", FeeKind::Fixed, spec.first, 80_000),
    ];
    if raise > spec.first && raise <= spec.last {
        v.push(item("物业管理费", FeeKind::ByArea, raise, 25_000));
    }
    v
}

fn day(p: Period, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(p.year, p.month, d.min(28)).unwrap_or(p.first_day())
}

/// Builds the large office into an empty database. `progress(done, total, period)`.
pub fn fill(
    conn: &rusqlite::Connection,
    spec: &Spec,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<Built> {
    if crate::db::estate::estate_stats(conn)?.units > 0 {
        return Err(Error::invalid(
            "数据库中已有房屋，大规模演示数据只能生成到空数据库中。请用 --db 指定一个新文件。",
        ));
    }
    let mut rng = Lcg(spec.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    crate::db::settings::save_office(
        conn,
        &crate::db::settings::OfficeSettings {
            office_name: "锦绣花园物业管理处".into(),
            estate_name: "锦绣花园".into(),
            office_phone: "0755-86001234".into(),
        },
    )?;
    let stamp = crate::db::stamp(now);
    let rows = units(spec, &mut rng);
    crate::db::estate::import_units(conn, "大规模演示数据", &rows, &stamp, &mut |_, _| {})?;
    crate::db::charging::import_items(conn, &items(spec), "王会计", now)?;
    crate::db::settings::set(conn, crate::db::settings::CHARGING_CLERK, "刘丽")?;
    let bill_units = crate::db::charging::billable_units(conn)?;
    let water = crate::db::charging::item_by_name(conn, "水费")?
        .map(|i| i.id)
        .ok_or_else(|| Error::invalid("水费项目未建立"))?;
    let mut state: Vec<Unit> = bill_units
        .iter()
        .map(|u| {
            let r = rng.below(100);
            let habit = match r {
                0..=79 => Habit::Monthly,
                80..=87 => Habit::YearAhead,
                88..=94 => Habit::EveryFewMonths(3 + rng.below(4) as u32),
                _ => Habit::Stops(spec.first.plus(12 + rng.below(96) as i64)),
            };
            Unit {
                id: u.id,
                habit,
                meter_h: rng.below(50_000) as i64,
                open: Vec::new(),
                credit: Vec::new(),
            }
        })
        .collect();
    bulk::start(conn)?;
    let mut built = Built {
        units: bill_units.len(),
        ..Default::default()
    };
    let mut seq: HashMap<i32, i64> = HashMap::new();
    let total = (spec.first.months_until(spec.last) + 1) as usize;
    let mut period = spec.first;
    let mut done = 0;
    while period <= spec.last {
        progress(done, total, &period.to_string());
        let at = format!("{} 08:30:00", period.first_day());
        let tx = crate::db::write_tx(conn)?;
        // Readings: 5–25 tons a month.
        let mut readings = Vec::with_capacity(state.len());
        let mut inputs = BillInputs::default();
        for u in state.iter_mut() {
            let used = 500 + rng.below(2_000) as i64;
            readings.push((u.id, u.meter_h, u.meter_h + used));
            inputs.usage.insert((u.id, water), used);
            u.meter_h += used;
        }
        bulk::readings(&tx, water, period, &readings, "抄表员", &at)?;
        built.readings += readings.len();
        // The billing run's own plan.
        let items = crate::db::charging::billable_items(&tx, period)?;
        let plan = crate::domain::charging::plan_bills(&bill_units, &items, &inputs);
        let ids = bulk::bills(&tx, period, &plan.lines, "刘丽", &at)?;
        built.bills += ids.len();
        let index: HashMap<i64, usize> = state.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        for (line, id) in plan.lines.iter().zip(&ids) {
            if let Some(&i) = index.get(&line.unit_id) {
                state[i].open.push((*id, period, line.amount_fen));
            }
        }
        // Prepaid credit pays the new lines, from the first of the month.
        for u in state.iter_mut().filter(|u| !u.credit.is_empty()) {
            let open: Vec<crate::domain::charging::OpenLine> = u
                .open
                .iter()
                .map(|(id, p, owed)| crate::domain::charging::OpenLine {
                    bill_id: *id,
                    period: *p,
                    item: String::new(),
                    due_fen: *owed,
                    paid_fen: 0,
                })
                .collect();
            let credit: i64 = u.credit.iter().map(|c| c.1).sum();
            let uses: Vec<(i64, Period, i64)> = oldest_first(&open, credit)
                .into_iter()
                .filter_map(|(b, a)| u.open.iter().find(|l| l.0 == b).map(|l| (b, l.1, a)))
                .collect();
            let dated = date_credit_uses(&u.credit, &uses);
            for (bill, on, amount) in &dated {
                bulk::credit_use(&tx, u.id, *bill, *amount, *on, &at)?;
            }
            let mut spent: i64 = dated.iter().map(|d| d.2).sum();
            u.credit = crate::domain::charging::unspent_chunks(&u.credit, spent);
            for l in u.open.iter_mut() {
                let take = l.2.min(spent);
                l.2 -= take;
                spent -= take;
            }
            u.open.retain(|l| l.2 > 0);
        }
        // Who pays this month.
        let mut receipts: Vec<bulk::Receipt> = Vec::new();
        let months = spec.first.months_until(period);
        for u in state.iter_mut() {
            let pays = match u.habit {
                Habit::Monthly => rng.below(100) >= 4,
                Habit::YearAhead => period.month == 12 || months < 12,
                Habit::EveryFewMonths(k) => months % i64::from(k) == i64::from(k) - 1,
                Habit::Stops(from) => period < from,
            };
            if !pays || (u.open.is_empty() && u.habit != Habit::YearAhead) {
                continue;
            }
            let paid_on = day(period, 3 + rng.below(25) as u32);
            if paid_on > now.date() {
                // Not paid yet: the file ends on the day it is built.
                continue;
            }
            let mut lines: Vec<(Option<i64>, i64)> =
                u.open.iter().map(|l| (Some(l.0), l.2)).collect();
            u.open.clear();
            if u.habit == Habit::YearAhead && period.month == 12 {
                // Next year's fee and charge, paid ahead.
                let ahead: i64 = plan
                    .lines
                    .iter()
                    .filter(|l| l.unit_id == u.id && l.item_id != water)
                    .map(|l| l.amount_fen)
                    .sum::<i64>()
                    * 12;
                if ahead > 0 {
                    lines.push((None, ahead));
                    u.credit.push((paid_on, ahead));
                }
            }
            if lines.is_empty() {
                continue;
            }
            receipts.push(bulk::Receipt {
                unit_id: u.id,
                year: paid_on.year(),
                seq: 0,
                paid_on,
                method: ["现金", "微信", "支付宝", "银行转账"][rng.below(4) as usize],
                clerk: "刘丽",
                lines,
            });
        }
        // Receipt numbers in the order they were written out at the counter.
        receipts.sort_by_key(|r| (r.paid_on, r.unit_id));
        for r in receipts.iter_mut() {
            let n = seq.entry(r.year).or_insert(0);
            *n += 1;
            r.seq = *n;
            let when = format!("{} 10:00:00", r.paid_on);
            bulk::receipt(&tx, r, &when)?;
            built.payment_lines += r.lines.len();
        }
        built.receipts += receipts.len();
        // Dunning: units owing for more than two months are chased around the 20th.
        for u in &state {
            let behind = u
                .open
                .first()
                .is_some_and(|l| l.1.months_until(period) >= 2);
            if behind && rng.below(100) < 70 && day(period, 20) <= now.date() {
                let method = ["电话", "书面通知", "上门"][rng.below(3) as usize];
                let result = ["答应月底前交", "无人接听", "称有异议，待核实", "已留通知"]
                    [rng.below(4) as usize];
                bulk::dunning(&tx, u.id, day(period, 20), method, "刘丽", result, &at)?;
                built.dunning += 1;
            }
        }
        tx.commit()?;
        done += 1;
        period = period.plus(1);
    }
    progress(total, total, "钥匙");
    let (keys, loans) = fill_keys(conn, spec, &bill_units, &mut rng, now)?;
    built.keys = keys;
    built.key_loans = loans;
    progress(total, total, "考核");
    (built.staff, built.scorecards) = fill_scorecards(conn, spec, &mut rng, now)?;
    progress(total, total, "核对");
    bulk::finish(conn)?;
    progress(total, total, "完成");
    Ok(built)
}

/// Who takes keys out, and why: the office's own trades and the contractors it calls in.
const BORROWERS: [(&str, &str, &str); 12] = [
    ("张建军", "13902340011", "工程部"),
    ("李国华", "13902340012", "工程部"),
    ("王师傅", "13802550019", "工程部"),
    ("赵德明", "13602210087", "秩序维护部"),
    ("孙立新", "13602210090", "秩序维护部"),
    ("周小红", "13560120033", "环境部"),
    ("吴美玲", "13560120034", "环境部"),
    ("郑强", "13798450021", "迅达电梯维保"),
    ("冯志刚", "13798450022", "消防维保公司"),
    ("陈卫东", "13312780045", "供电所"),
    ("刘海波", "13312780046", "自来水公司"),
    ("何伟", "18923410077", "装修监管"),
];

const PURPOSES: [&str; 8] = [
    "设备巡检",
    "维修",
    "月度保养",
    "抄表",
    "清洁",
    "消防检查",
    "业主报修上门",
    "装修巡查",
];

/// The key cabinet of a large office and ten years of lending: owner keys left by one unit in
/// ten, each building's public doors and water-meter boxes, the plant rooms, four spares; about
/// 55 loans a day from 07:00 to 20:00, due at the end of the shift, most back in time, some late,
/// the ones not back by `now` still out. Returns (keys, loans).
fn fill_keys(
    conn: &rusqlite::Connection,
    spec: &Spec,
    units: &[crate::domain::charging::BillUnit],
    rng: &mut Lcg,
    now: NaiveDateTime,
) -> Result<(usize, usize)> {
    use crate::db::keys::time_text;
    let shifts = crate::domain::keys::Shifts::default();
    let (day_custodian, night_custodian) = ("黄勇", "陈刚");
    crate::db::settings::set(conn, crate::db::settings::KEY_CUSTODIAN, day_custodian)?;
    let first = spec.first.first_day();
    let created = format!("{first} 08:00:00");
    let tx = crate::db::write_tx(conn)?;
    let mut lendable: Vec<i64> = Vec::new();
    for (n, u) in units.iter().step_by(10).enumerate() {
        let tag = format!("Y-{:04}", n + 1);
        let position = format!("{}号柜", 1 + n / 100);
        lendable.push(bulk::key(
            &tx,
            &tag,
            "业主钥匙",
            "防盗门",
            Some(u.id),
            "",
            &position,
            false,
            &created,
            day_custodian,
        )?);
    }
    for b in 1..=spec.buildings {
        for floor in 1..=10 {
            let tag = format!("G-{b}-{floor:02}");
            let target = format!("{b}号楼 {floor}层 楼梯间门窗");
            lendable.push(bulk::key(
                &tx,
                &tag,
                "公共门窗钥匙",
                "",
                None,
                &target,
                "公共柜",
                false,
                &created,
                day_custodian,
            )?);
        }
        let target = format!("{b}号楼 各层水表箱");
        lendable.push(bulk::key(
            &tx,
            &format!("B-{b}"),
            "水表箱钥匙",
            "",
            None,
            &target,
            "水表箱柜",
            false,
            &created,
            day_custodian,
        )?);
    }
    for (i, room) in [
        "配电房",
        "水泵房",
        "电梯机房",
        "消防控制室",
        "监控室",
        "发电机房",
    ]
    .iter()
    .enumerate()
    {
        lendable.push(bulk::key(
            &tx,
            &format!("S-{:02}", i + 1),
            "设备房钥匙",
            "",
            None,
            room,
            "设备房柜",
            false,
            &created,
            day_custodian,
        )?);
    }
    for (i, (cat, target)) in [
        ("公共门窗钥匙", "天台门（备用）"),
        ("设备房钥匙", "配电房（备用）"),
        ("设备房钥匙", "水泵房（备用）"),
        ("水表箱钥匙", "全部楼栋水表箱（备用）"),
    ]
    .iter()
    .enumerate()
    {
        bulk::key(
            &tx,
            &format!("J-{:02}", i + 1),
            cat,
            "",
            None,
            target,
            "应急柜",
            true,
            &created,
            day_custodian,
        )?;
    }
    tx.commit()?;
    let keys = lendable.len() + 4;
    let custodian = |t: NaiveDateTime| {
        if (8..20).contains(&t.hour()) {
            day_custodian
        } else {
            night_custodian
        }
    };
    // When each key is back on its hook.
    let mut free_at: Vec<NaiveDateTime> = vec![NaiveDateTime::MIN; lendable.len()];
    let mut loans = 0;
    let mut day = first;
    let mut tx = crate::db::write_tx(conn)?;
    while day <= now.date() {
        let start = day.and_time(chrono::NaiveTime::MIN) + chrono::Duration::hours(7);
        let mut outs: Vec<NaiveDateTime> = (0..40 + rng.below(30))
            .map(|_| start + chrono::Duration::minutes(rng.below(13 * 60) as i64))
            .filter(|t| *t < now)
            .collect();
        outs.sort();
        for out in outs {
            // The key asked for, or another when it is out.
            let Some(k) = (0..3)
                .map(|_| rng.below(lendable.len() as u64) as usize)
                .find(|&k| free_at[k] <= out)
            else {
                continue;
            };
            let due = shifts.due_after(out);
            let back = match rng.below(100) {
                0..=92 => {
                    let span = (due - out).num_minutes().max(11);
                    out + chrono::Duration::minutes(10 + rng.below(span as u64 - 10) as i64)
                }
                93..=98 => due + chrono::Duration::minutes(1 + rng.below(600) as i64),
                _ => due + chrono::Duration::hours(1 + rng.below(72) as i64),
            };
            let (borrower, phone, company) = BORROWERS[rng.below(12) as usize];
            let (out_text, due_text, back_text) = (time_text(out), time_text(due), time_text(back));
            let returned = (back <= now).then(|| (back_text.as_str(), custodian(back)));
            bulk::key_loan(
                &tx,
                &bulk::KeyLoan {
                    key_id: lendable[k],
                    borrower,
                    phone,
                    company,
                    purpose: PURPOSES[rng.below(8) as usize],
                    out_at: &out_text,
                    due_at: &due_text,
                    lent_by: custodian(out),
                    returned,
                },
            )?;
            free_at[k] = if back <= now {
                back
            } else {
                NaiveDateTime::MAX
            };
            loans += 1;
        }
        if day.day() == 1 {
            tx.commit()?;
            tx = crate::db::write_tx(conn)?;
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    tx.commit()?;
    Ok((keys, loans))
}

/// The posts of a large office's roster: (department, post, how many).
const ROSTER: [(&str, &str, usize); 9] = [
    ("管理处", "管理处经理", 1),
    ("客服部", "客服主管", 1),
    ("客服部", "物业管理员", 10),
    ("客服部", "前台", 3),
    ("工程部", "电工", 6),
    ("工程部", "维修工", 8),
    ("秩序维护部", "保安", 30),
    ("保洁部", "室外保洁员", 15),
    ("绿化部", "绿化员", 6),
];

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘";
const GIVEN: [&str; 24] = [
    "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
    "秀兰", "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "文博",
];

/// Eighty staff and ten years of their monthly scorecards, written the way the manager files
/// them (`open_card`, a few deductions for what a person saw, `submit_card`, `lock_card`): every
/// month before the last locked, last month's filed for about half. Returns the cards written.
fn fill_scorecards(
    conn: &rusqlite::Connection,
    spec: &Spec,
    rng: &mut Lcg,
    now: NaiveDateTime,
) -> Result<(usize, usize)> {
    use crate::db::assessment as a;
    let stamp = crate::db::stamp(now);
    let invalid =
        |e: Vec<crate::domain::estate::FieldError>| Error::invalid(format!("演示数据有误：{e:?}"));
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let mut staff: Vec<(i64, String, Period)> = Vec::new();
    crate::db::staff::save_position(
        conn,
        None,
        "室外保洁员",
        Some(crate::domain::staff::Duty::OutdoorCleaning),
        &[],
    )?;
    for (dept, post, n) in ROSTER {
        for _ in 0..n {
            let i = staff.len();
            let name = format!(
                "{}{}",
                surnames[rng.below(surnames.len() as u64) as usize],
                GIVEN[rng.below(GIVEN.len() as u64) as usize]
            );
            // Most were there when the records start; the rest joined over the years.
            let hired = if rng.below(3) > 0 {
                spec.first.first_day() - chrono::Duration::days(30 + rng.below(2_000) as i64)
            } else {
                let span = spec.first.months_until(Period::of(now.date())).max(1);
                spec.first.plus(rng.below(span as u64) as i64).first_day()
            };
            // Joined between 20 and 55.
            let born = NaiveDate::from_ymd_opt(
                hired.year() - 20 - rng.below(35) as i32,
                1 + rng.below(12) as u32,
                1 + rng.below(28) as u32,
            )
            .unwrap_or_default();
            let draft = crate::domain::staff::StaffDraft {
                name: name.clone(),
                id_number: crate::domain::person::with_id_check(&format!(
                    "440304{}{:03}",
                    born.format("%Y%m%d"),
                    100 + i
                ))
                .unwrap_or_default(),
                phone: format!("137{:08}", 30_000_000 + i as u64 * 7_919),
                department: dept.to_string(),
                position: post.to_string(),
                hire_date: crate::domain::date::iso(hired),
                emergency_contact: "家属".into(),
                ..Default::default()
            };
            let input = draft.validate().map_err(invalid)?;
            let id = crate::db::staff::create_staff(conn, &input, &stamp)?;
            staff.push((id, name, Period::of(hired).plus(1).max(spec.first)));
        }
    }
    let manager = "陈建国";
    let last = Period::of(now.date()).plus(-1);
    let mut cards = 0;
    for (id, name, from) in &staff {
        let mut month = *from;
        while month <= last {
            let card_id = a::open_card(conn, *id, month, now)?;
            let card = a::card(conn, card_id)?;
            let manual: Vec<&a::ItemRow> = card.items.iter().filter(|i| i.rule.is_none()).collect();
            if !manual.is_empty() {
                for _ in 0..rng.below(3) {
                    let item = manual[rng.below(manual.len() as u64) as usize];
                    a::set_manual(
                        conn,
                        card_id,
                        &a::DeductionInput {
                            item_id: item.id,
                            times: 1 + rng.below(2) as i64,
                            dates: format!("{}月{}日", month.month, 1 + rng.below(27)),
                            evidence: ["晨会检查发现", "巡查记录", "业主反映，已核实", "监控回看"]
                                [rng.below(4) as usize]
                                .to_string(),
                        },
                        manager,
                        now,
                    )?;
                }
            }
            if month < last || rng.below(2) == 0 {
                a::submit_card(conn, card_id, manager, name, "", now)?;
                if month < last {
                    a::lock_card(conn, card_id, now)?;
                }
            }
            cards += 1;
            month = month.plus(1);
        }
    }
    Ok((staff.len(), cards))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Spec {
        Spec {
            buildings: 2,
            per_building: 20,
            first: Period {
                year: 2024,
                month: 12,
            },
            last: Period {
                year: 2026,
                month: 11,
            },
            seed: 7,
        }
    }

    #[test]
    fn a_small_office_is_built_the_same_from_the_same_seed() -> Result<()> {
        let at = NaiveDate::from_ymd_opt(2026, 11, 24)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap_or_default();
        let a = crate::db::open(std::path::Path::new(":memory:"), at)?;
        let built = fill(&a, &small(), at, &mut |_, _, _| {})?;
        assert_eq!(built.units, 40);
        // 40 units × 3 items × 24 months.
        assert_eq!(built.bills, 40 * 3 * 24);
        assert_eq!(built.readings, 40 * 24);
        assert!(built.receipts > 40 * 20, "{built:?}");
        assert_eq!(crate::db::charging::fact_mismatches(&a)?, Vec::<i64>::new());
        let b = crate::db::open(std::path::Path::new(":memory:"), at)?;
        assert_eq!(fill(&b, &small(), at, &mut |_, _, _| {})?, built);
        // The billing run finds every line already there: the bulk rows are its own plan.
        let out = crate::db::charging::bill_period(&a, small().last, "刘丽", at)?;
        assert_eq!((out.added, out.existing), (0, 40 * 3));
        // Arrears agree with the habits: somebody owes, most do not.
        let owing = crate::db::charging::arrears(&a, small().last.last_day(), &Default::default())?;
        assert!(!owing.is_empty() && owing.len() < 40, "{}", owing.len());
        // The cabinet: 4 owner keys (one unit in ten), 2 × 11 building keys, 6 plant rooms, 4
        // spares; some 55 loans a day, each key out once at a time, the ones not back still out.
        assert_eq!(built.keys, 4 + 22 + 6 + 4);
        let days = (at.date() - small().first.first_day()).num_days() + 1;
        assert!(
            built.key_loans as i64 > days * 35 && (built.key_loans as i64) < days * 70,
            "{built:?}"
        );
        let open = crate::db::keys::open_loans(&a)?;
        let out: Vec<_> = crate::db::keys::list_keys(&a)?
            .into_iter()
            .filter(|k| k.state == crate::domain::keys::KeyState::Out)
            .collect();
        assert_eq!(open.len(), out.len());
        assert!(out.iter().all(|k| k.loan.is_some()));
        assert!(open.iter().all(|l| l.out_at <= at));
        // Eighty staff; every month before last filed and locked for each who was there, the
        // scores the deductions leave.
        assert_eq!(built.staff, 80);
        let old = crate::db::assessment::month_overview(&a, small().last.plus(-2))?;
        let filed: Vec<_> = old.iter().filter(|r| r.card_id.is_some()).collect();
        assert!(filed.len() > 50 && old.len() <= 80, "{}", filed.len());
        assert!(
            filed
                .iter()
                .all(|r| r.state == Some(crate::domain::assessment::CardState::Locked)),
            "{old:?}"
        );
        assert!(old.iter().any(|r| r.total < 100) && old.iter().all(|r| r.total >= 60));
        // A second fill is refused.
        assert!(fill(&a, &small(), at, &mut |_, _, _| {}).is_err());
        Ok(())
    }
}
