//! `taizhang demo`: a living demo estate (锦绣花园) so a newcomer sees the app at work.
//! Deterministic: the same command always makes the same estate.

#[path = "demo_large.rs"]
pub mod large;

use crate::db::settings::{self, OfficeSettings};
use crate::domain::area::Area;
use crate::domain::estate::{OwnerInput, UnitInput, UnitState, Usage};
use crate::domain::period::Period;
use crate::domain::person::with_id_check;
use crate::error::Result;
use chrono::{NaiveDate, NaiveDateTime};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "曾", "韩", "冯", "邓", "彭",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "晓东", "文博", "子涵", "雨欣",
    "浩然", "梓萱", "堃", "喆", "赟", "犇", "淑珍", "国强", "春梅", "俊杰", "思远",
];
const CARE: &[&str] = &[
    "独居老人，需定期探访",
    "行动不便（轮椅），停水停电需上门通知",
    "听力不好，请上门当面沟通",
];

/// A small linear congruential generator: enough variety for demo data, no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn owner(rng: &mut Lcg, name: Option<&str>) -> OwnerInput {
    let name = name
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN)));
    let phone = format!(
        "1{}{:09}",
        ["3", "5", "8"][rng.below(3) as usize],
        rng.below(1_000_000_000)
    );
    let birth = NaiveDate::from_ymd_opt(
        1950 + rng.below(50) as i32,
        1 + rng.below(12) as u32,
        1 + rng.below(28) as u32,
    )
    .unwrap_or_default();
    let id = with_id_check(&format!(
        "440305{}{:03}",
        birth.format("%Y%m%d"),
        rng.below(1000)
    ))
    .unwrap_or_default();
    let move_in = NaiveDate::from_ymd_opt(
        2019 + rng.below(7) as i32,
        1 + rng.below(12) as u32,
        1 + rng.below(28) as u32,
    );
    let special_care = if rng.below(40) == 0 {
        rng.pick(CARE).to_string()
    } else {
        String::new()
    };
    OwnerInput {
        name,
        phone,
        phone2: String::new(),
        id_number: id,
        move_in,
        special_care,
        file_complete: rng.below(8) != 0,
        file_signed: rng.below(10) != 0,
    }
}

/// The demo estate's units: five residential buildings of two entrances and 18 floors, a shop
/// street and a car park — 412 units, most with owners.
pub fn demo_units() -> Vec<UnitInput> {
    let mut rng = Lcg(20_261_123);
    let mut units = Vec::new();
    for b in [1, 2, 3, 5, 10] {
        for e in 1..=2 {
            for floor in 1..=18 {
                for r in 1..=2 {
                    let room = format!("{floor}{r:02}");
                    let area = match (e, r) {
                        (1, 1) => Area(8950),
                        (1, _) => Area(12035),
                        (_, 1) => Area(14380),
                        _ => Area(10466),
                    };
                    let (state, owner_input) = if b == 10 && e == 1 && room == "1201" {
                        (UnitState::Occupied, Some(owner(&mut rng, Some("张三"))))
                    } else if b == 10 && floor == 18 {
                        (UnitState::NotDelivered, None)
                    } else {
                        match rng.below(20) {
                            0 => (UnitState::Vacant, None),
                            1 => (UnitState::Decorating, Some(owner(&mut rng, None))),
                            2 => (UnitState::Vacant, Some(owner(&mut rng, None))),
                            _ => (UnitState::Occupied, Some(owner(&mut rng, None))),
                        }
                    };
                    units.push(UnitInput {
                        building: format!("{b}号楼"),
                        entrance: format!("{e}单元"),
                        room,
                        area,
                        usage: Usage::Residence,
                        state,
                        notes: String::new(),
                        owner: owner_input,
                    });
                }
            }
        }
    }
    for s in 1..=12 {
        let has_owner = rng.below(6) != 0;
        units.push(UnitInput {
            building: "商业街".into(),
            entrance: String::new(),
            room: format!("S{s:03}"),
            area: Area(4500 + rng.below(3500) as i64),
            usage: Usage::Shop,
            state: if has_owner {
                UnitState::Occupied
            } else {
                UnitState::Vacant
            },
            notes: String::new(),
            owner: has_owner.then(|| owner(&mut rng, None)),
        });
    }
    for p in 1..=40 {
        let has_owner = rng.below(3) != 0;
        units.push(UnitInput {
            building: "地下车库".into(),
            entrance: String::new(),
            room: format!("P{p:03}"),
            area: Area(1250),
            usage: Usage::Parking,
            state: if has_owner {
                UnitState::Occupied
            } else {
                UnitState::Vacant
            },
            notes: String::new(),
            owner: has_owner.then(|| owner(&mut rng, None)),
        });
    }
    units
}

/// Fills an empty database with the demo estate. Returns the number of units added, or
/// `None` when the database already has units (the demo never touches real data).
pub fn fill(conn: &rusqlite::Connection, now: NaiveDateTime) -> Result<Option<usize>> {
    if crate::db::estate::estate_stats(conn)?.units > 0 {
        return Ok(None);
    }
    settings::set(conn, DEMO_MARK, "1")?;
    settings::save_office(
        conn,
        &OfficeSettings {
            office_name: "锦绣花园物业管理处".into(),
            estate_name: "锦绣花园".into(),
            office_phone: "0755-86001234".into(),
        },
    )?;
    let rows: Vec<(usize, UnitInput)> = demo_units().into_iter().enumerate().collect();
    let n = crate::db::estate::import_units(
        conn,
        "演示数据",
        &rows,
        &crate::db::stamp(now),
        &mut |_, _| {},
    )?;
    fill_staff(conn, now)?;
    fill_keys(conn, now)?;
    fill_charging(conn, now)?;
    fill_front_desk(conn, now)?;
    fill_assessment(conn, now)?;
    fill_archives(conn, now)?;
    fill_notices(conn, now)?;
    Ok(Some(n))
}

/// Marks a database made by `taizhang demo`, so a newer demo can add what it lacks.
const DEMO_MARK: &str = "demo";

/// A demo database made by an older version (before staff files or keys) gets the parts it
/// lacks. Returns what was added; a database that is not a demo is never touched.
pub fn complete(conn: &rusqlite::Connection, now: NaiveDateTime) -> Result<Vec<&'static str>> {
    let office = settings::load_office(conn)?;
    let is_demo = settings::get(conn, DEMO_MARK)? == "1"
        || (office.office_name == "锦绣花园物业管理处" && office.estate_name == "锦绣花园");
    let mut added = Vec::new();
    if !is_demo || crate::db::estate::estate_stats(conn)?.units == 0 {
        return Ok(added);
    }
    settings::set(conn, DEMO_MARK, "1")?;
    if crate::db::staff::list_staff(conn)?.is_empty() {
        fill_staff(conn, now)?;
        added.push("员工档案");
    }
    if crate::db::keys::list_keys(conn)?.is_empty() {
        fill_keys(conn, now)?;
        added.push("钥匙");
    }
    if crate::db::charging::list_items(conn)?.is_empty() {
        fill_charging(conn, now)?;
        added.push("收费台账");
    }
    if !crate::db::visits::any_in_month(conn, Period::of(now.date()).plus(-1))? {
        fill_front_desk(conn, now)?;
        added.push("客户服务");
    }
    if crate::db::assessment::staff_buildings(conn)?.is_empty()
        && crate::db::assessment::month_overview(conn, Period::of(now.date()).plus(-1))?
            .iter()
            .all(|r| r.card_id.is_none())
    {
        fill_assessment(conn, now)?;
        added.push("考核");
    }
    if crate::db::archives::list_files(conn)?.is_empty() {
        fill_archives(conn, now)?;
        added.push("档案");
    }
    Ok(added)
}

/// The demo archive: an owner's file for every occupied unit (what it holds follows the unit's
/// 资料完整/已签字 flags), decoration files for the units being decorated (one lacking its
/// 闭水试验确认书), contracts, drawings and minutes in cabinet A and B; a loan awaiting the
/// manager, one overdue, one returned damaged, one refused; the first half-year's inspection done
/// with a finding still open, and the next one due in ten days.
fn fill_archives(conn: &rusqlite::Connection, now: NaiveDateTime) -> Result<()> {
    use crate::db::archives::{self as a, Act, FileInput, RequestInput};
    use crate::domain::archives::{Condition, RequestKind, Retention, Secrecy};
    use chrono::Duration;
    let units = crate::db::estate::list_units(conn)?;
    if units.is_empty() {
        return Ok(());
    }
    settings::set(conn, a::ARCHIVIST, "孙婷")?;
    settings::set(conn, a::PLAN, crate::domain::archives::DEFAULT_PLAN)?;
    let filed = now - Duration::days(700);
    let mut n = 0usize;
    for u in units.iter().filter(|u| u.state == UnitState::Occupied) {
        n += 1;
        let owner = u.owner().map(|p| p.name.clone()).unwrap_or_default();
        a::add_file(
            conn,
            &FileInput {
                number: format!("YZ-{:04}", n),
                kind: "业主档案".into(),
                title: format!("{} {owner} 业主档案", u.label()),
                unit_id: Some(u.id),
                location: format!(
                    "档案室/A柜/第{}层/{:02}盒",
                    1 + (n - 1) / 120,
                    1 + (n - 1) / 30
                ),
                secrecy: Some(Secrecy::Internal),
                pages: 12 + (n % 9) as i64,
                formed_on: Some(filed.date()),
                filed_on: Some(filed.date()),
                filed_by: "孙婷".into(),
                ..Default::default()
            },
            "孙婷",
            filed,
        )?;
    }
    let all_docs = crate::domain::archives::default_checklist("装修档案");
    for (i, u) in units
        .iter()
        .filter(|u| u.state == UnitState::Decorating)
        .enumerate()
    {
        let mut docs = all_docs.clone();
        if i == 0 {
            docs.retain(|d| d != "闭水试验确认书");
        }
        let on = now - Duration::days(40 + i as i64 * 7);
        a::add_file(
            conn,
            &FileInput {
                number: format!("ZX-{}-{:03}", on.format("%Y"), i + 1),
                kind: "装修档案".into(),
                title: format!("{} 装修管理资料", u.label()),
                unit_id: Some(u.id),
                location: "档案室/A柜/第4层/01盒".into(),
                secrecy: Some(Secrecy::Normal),
                pages: 8,
                formed_on: Some(on.date()),
                filed_on: Some(on.date()),
                filed_by: "孙婷".into(),
                docs,
                ..Default::default()
            },
            "孙婷",
            on,
        )?;
    }
    let year = now.date().format("%Y").to_string();
    let others: [(&str, &str, &str, Secrecy, Retention, i64); 8] = [
        (
            "HT-2024-01",
            "合同",
            "保洁外包服务合同（2024—2026）",
            Secrecy::Internal,
            Retention::ThirtyYears,
            24,
        ),
        (
            "HT-2025-02",
            "合同",
            "电梯维护保养合同",
            Secrecy::Internal,
            Retention::ThirtyYears,
            18,
        ),
        (
            "HT-2025-03",
            "合同",
            "秩序维护（保安）服务合同",
            Secrecy::Secret,
            Retention::ThirtyYears,
            30,
        ),
        (
            "GC-0001",
            "工程档案",
            "10号楼竣工图（建筑、结构）",
            Secrecy::Internal,
            Retention::Permanent,
            86,
        ),
        (
            "GC-0002",
            "工程档案",
            "小区给排水管网竣工图",
            Secrecy::Internal,
            Retention::Permanent,
            42,
        ),
        (
            "GC-0003",
            "工程档案",
            "消防系统验收资料",
            Secrecy::Normal,
            Retention::Permanent,
            64,
        ),
        (
            "HY-2025-01",
            "会议记录",
            "2025年业主大会会议记录",
            Secrecy::Normal,
            Retention::TenYears,
            16,
        ),
        (
            "HY-2026-01",
            "会议记录",
            "物业服务季度例会纪要",
            Secrecy::Normal,
            Retention::TenYears,
            9,
        ),
    ];
    for (number, kind, title, secrecy, retention, pages) in others {
        let shelf = if kind == "合同" {
            "第1层/01盒"
        } else if kind == "工程档案" {
            "第2层/01盒"
        } else {
            "第3层/01盒"
        };
        a::add_file(
            conn,
            &FileInput {
                number: number.into(),
                kind: kind.into(),
                title: title.into(),
                location: format!("档案室/B柜/{shelf}"),
                secrecy: Some(secrecy),
                retention: Some(retention),
                pages,
                formed_on: Some(filed.date()),
                filed_on: Some(filed.date()),
                filed_by: "孙婷".into(),
                ..Default::default()
            },
            "孙婷",
            filed,
        )?;
    }
    if let Some(wang) = crate::db::staff::find_staff_by_name(conn, "王丽")?.first() {
        a::add_file(
            conn,
            &FileInput {
                number: "RS-0007".into(),
                kind: "其他".into(),
                title: "王丽 劳动合同及入职资料".into(),
                staff_id: Some(wang.id),
                location: "档案室/B柜/第3层/02盒".into(),
                secrecy: Some(Secrecy::Secret),
                retention: Some(Retention::ThirtyYears),
                pages: 11,
                formed_on: Some(filed.date()),
                filed_on: Some(filed.date()),
                filed_by: "孙婷".into(),
                ..Default::default()
            },
            "孙婷",
            filed,
        )?;
    }
    let id = |number: &str| -> Result<i64> {
        a::file_by_number(conn, number)?
            .ok_or_else(|| crate::error::Error::invalid(format!("演示档案 {number} 不存在")))
    };
    let ago = |days: i64, h: u32| -> NaiveDateTime {
        (now.date() - Duration::days(days))
            .and_hms_opt(h, 0, 0)
            .unwrap_or_default()
    };
    let ask = |kind, who: &str, why: &str, due: Option<NaiveDate>, files: Vec<i64>, at| {
        a::add_request(
            conn,
            &RequestInput {
                kind,
                requester: who.into(),
                phone: phone_of(who),
                purpose: why.into(),
                due,
                files,
            },
            at,
        )
    };
    // Returned, one file damaged.
    let r = ask(
        RequestKind::Borrow,
        "郑军",
        "维修 10 号楼地下室给水管，核对管线走向",
        Some(now.date() - Duration::days(30)),
        vec![id("GC-0001")?, id("GC-0002")?],
        ago(36, 9),
    )?;
    a::act(conn, r, &Act::Approve, "陈建国", ago(36, 10))?;
    a::act(conn, r, &Act::HandOut, "孙婷", ago(36, 11))?;
    a::act(
        conn,
        r,
        &Act::Return(vec![
            (id("GC-0001")?, Condition::Intact, String::new()),
            (
                id("GC-0002")?,
                Condition::Damaged,
                "第 12 页边角破损，已修补".into(),
            ),
        ]),
        "孙婷",
        ago(31, 16),
    )?;
    // Overdue: drawings taken for the fire inspection and not back.
    let r = ask(
        RequestKind::Borrow,
        "吴刚",
        "配合消防检查，核对消防系统验收资料",
        Some(now.date() - Duration::days(3)),
        vec![id("GC-0003")?],
        ago(10, 9),
    )?;
    a::act(conn, r, &Act::Approve, "陈建国", ago(10, 10))?;
    a::act(conn, r, &Act::HandOut, "孙婷", ago(10, 10))?;
    // Refused.
    let r = ask(
        RequestKind::Consult,
        "刘晓燕",
        "查看保安服务合同的人员配置条款",
        None,
        vec![id("HT-2025-03")?],
        ago(6, 14),
    )?;
    a::act(
        conn,
        r,
        &Act::Refuse("合同为保密档案，由经理向公司申请后另行安排".into()),
        "陈建国",
        ago(6, 15),
    )?;
    // Awaiting the manager.
    if let Some(first) = units.iter().find(|u| u.state == UnitState::Decorating) {
        let files = a::unit_files(conn, first.id)?;
        if let Some(f) = files.iter().find(|f| f.kind == "装修档案") {
            ask(
                RequestKind::Consult,
                "刘晓燕",
                &format!("{} 装修验收前核对已签文件", first.label()),
                None,
                vec![f.id],
                ago(0, 9),
            )?;
        }
    }
    // The first inspection of the year, done, with a finding still open; the next due in ten days.
    let first = a::add_campaign(
        conn,
        &format!("{year}年上半年档案检查"),
        now.date() - Duration::days(160),
        now.date() - Duration::days(140),
        None,
        Some("档案室/B柜"),
        ago(161, 9),
    )?;
    let checks = a::campaign_checks(conn, first)?;
    for (i, k) in checks.iter().enumerate() {
        let (result, note) = match i {
            1 => (Condition::Misplaced, "放在第3层，已归位"),
            3 => (Condition::Damaged, "装订线松脱，部分页散落"),
            _ => (Condition::Intact, ""),
        };
        a::record_check(
            conn,
            first,
            k.file_id,
            result,
            note,
            "孙婷",
            now.date() - Duration::days(145),
        )?;
    }
    if let Some(k) = checks.get(1) {
        a::close_finding(
            conn,
            first,
            k.file_id,
            "已放回第2层01盒",
            now.date() - Duration::days(145),
        )?;
    }
    a::finish_campaign(conn, first, now.date() - Duration::days(144))?;
    a::add_campaign(
        conn,
        &format!("{year}年下半年档案检查"),
        now.date() - Duration::days(4),
        now.date() + Duration::days(10),
        None,
        None,
        ago(5, 9),
    )?;
    Ok(())
}

/// The demo front desk: last month's visits (王丽 16 households with photos; 刘晓燕 12, one
/// record without a photo and one follow-up open — short of 15; 孙婷's 15 proactive contacts),
/// a valid complaint caused by 王丽 and one 刘晓燕 answered late; this month's visits so far,
/// complaints in every clock state — one missing its 48 hours this morning, one whose first
/// reply runs out within the hour — and repairs in every state.
fn fill_front_desk(conn: &rusqlite::Connection, now: NaiveDateTime) -> Result<()> {
    use crate::db::complaints::{self as c, ComplaintInput, Step};
    use crate::db::repairs::{self as r, Completion, RepairChange, RepairInput};
    use crate::db::visits::{self as v, VisitInput};
    use crate::domain::complaints::{Channel, Satisfaction};
    use crate::domain::repairs::RepairCategory;
    use chrono::Duration;
    let staff = |name: &str| -> Result<Option<i64>> {
        Ok(crate::db::staff::find_staff_by_name(conn, name)?
            .first()
            .map(|s| s.id))
    };
    let (Some(wang), Some(liu), Some(sun), Some(wu), Some(zheng)) = (
        staff("王丽")?,
        staff("刘晓燕")?,
        staff("孙婷")?,
        staff("吴刚")?,
        staff("郑军")?,
    ) else {
        return Ok(());
    };
    let units: Vec<(i64, String, String)> = crate::db::estate::list_units(conn)?
        .into_iter()
        .filter(|u| u.state == UnitState::Occupied)
        .map(|u| {
            let owner = u.owner().map(|p| p.name.clone()).unwrap_or_default();
            (u.id, u.label(), owner)
        })
        .collect();
    if units.len() < 40 {
        return Ok(());
    }
    let last = Period::of(now.date()).plus(-1);
    // Day `n` of last month (its last day for a short month), at `h` o'clock.
    let day = |n: u32, h: u32| -> NaiveDateTime {
        last.first_day()
            .checked_add_days(chrono::Days::new(u64::from(n - 1)))
            .unwrap_or_default()
            .min(last.last_day())
            .and_hms_opt(h, 0, 0)
            .unwrap_or_default()
    };
    let photo = |n: usize| vec![format!("走访/演示-{n}.jpg")];
    let mut visits: Vec<VisitInput> = Vec::new();
    for (i, unit) in units.iter().take(16).enumerate() {
        visits.push(VisitInput {
            at: day(2 + i as u32, 10),
            unit_id: unit.0,
            staff_id: wang,
            kind: if i % 5 == 0 {
                "入住回访"
            } else {
                "日常走访"
            }
            .into(),
            content: "了解居住情况，检查户内设施".into(),
            opinion: if i % 4 == 0 {
                "楼道灯偶有不亮"
            } else {
                "无"
            }
            .into(),
            satisfaction: Some(if i % 6 == 0 {
                Satisfaction::Fair
            } else {
                Satisfaction::Satisfied
            }),
            signed: true,
            photos: photo(i),
            ..Default::default()
        });
    }
    for i in 0..12 {
        visits.push(VisitInput {
            at: day(3 + i as u32 * 2, 15),
            unit_id: units[20 + i].0,
            staff_id: liu,
            kind: if i == 3 {
                "装修回访"
            } else {
                "日常走访"
            }
            .into(),
            content: "走访了解情况".into(),
            satisfaction: Some(Satisfaction::Satisfied),
            follow_up: i == 5,
            signed: i != 7,
            photos: if i == 7 { Vec::new() } else { photo(100 + i) },
            ..Default::default()
        });
    }
    for i in 0..15 {
        visits.push(VisitInput {
            at: day(1 + i as u32 * 2, 11),
            unit_id: units[(i * 7) % units.len()].0,
            staff_id: sun,
            kind: crate::domain::visits::FRONT_DESK.into(),
            content: "前台主动沟通：缴费提醒、意见征询".into(),
            ..Default::default()
        });
    }
    // This month so far: a few each.
    let this_month = Period::of(now.date());
    for i in 0..(chrono::Datelike::day0(&now.date()).min(6) as usize) {
        visits.push(VisitInput {
            at: this_month
                .first_day()
                .checked_add_days(chrono::Days::new(i as u64))
                .unwrap_or_default()
                .and_hms_opt(10, 0, 0)
                .unwrap_or_default(),
            unit_id: units[i + 5].0,
            staff_id: if i % 2 == 0 { wang } else { liu },
            kind: "日常走访".into(),
            content: "走访了解情况".into(),
            satisfaction: Some(Satisfaction::Satisfied),
            signed: true,
            photos: photo(200 + i),
            ..Default::default()
        });
    }
    for visit in &visits {
        v::add_visit(conn, visit, now)?;
    }

    let complaint =
        |received: NaiveDateTime, unit: usize, content: &str, handler: &str| ComplaintInput {
            received,
            channel: Some(Channel::Phone),
            unit_id: Some(units[unit].0),
            complainant: units[unit].2.clone(),
            phone: String::new(),
            content: content.into(),
            department: "客服部".into(),
            handler: handler.into(),
            ..Default::default()
        };
    // Last month: 王丽's own mistake (a valid complaint), and one 刘晓燕 answered late.
    let mut valid = complaint(day(12, 9), 3, "报修登记后两天无人联系", "王丽");
    valid.valid = Some(true);
    valid.fault_staff_id = Some(wang);
    let id = c::add_complaint(conn, &valid, now)?;
    c::step(
        conn,
        id,
        &Step::FirstReply,
        day(12, 11),
        "已致歉并安排维修",
        "王丽",
    )?;
    c::step(conn, id, &Step::Resolve, day(13, 16), "已修复", "王丽")?;
    c::step(
        conn,
        id,
        &Step::Revisit(Satisfaction::Satisfied),
        day(14, 10),
        "",
        "王丽",
    )?;
    let mut late = complaint(day(20, 8), 22, "楼上装修噪音影响休息", "刘晓燕");
    late.valid = Some(false);
    let id = c::add_complaint(conn, &late, now)?;
    c::step(
        conn,
        id,
        &Step::FirstReply,
        day(21, 15),
        "已联系装修方",
        "刘晓燕",
    )?;
    c::step(
        conn,
        id,
        &Step::Resolve,
        day(22, 10),
        "已约定施工时间",
        "刘晓燕",
    )?;
    c::step(
        conn,
        id,
        &Step::Revisit(Satisfaction::Fair),
        day(23, 10),
        "",
        "刘晓燕",
    )?;
    // This month, every clock state as of now.
    let ago = |h: i64| now - Duration::hours(h);
    c::add_complaint(conn, &complaint(ago(2), 8, "地下车库照明不足", "王丽"), now)?;
    c::add_complaint(conn, &complaint(ago(21), 9, "快递被放错楼栋", "王丽"), now)?;
    let id = c::add_complaint(
        conn,
        &complaint(ago(49), 10, "电梯异响多次报修未解决", "刘晓燕"),
        now,
    )?;
    c::step(
        conn,
        id,
        &Step::FirstReply,
        ago(47),
        "已通知电梯维保单位",
        "刘晓燕",
    )?;
    let id = c::add_complaint(
        conn,
        &complaint(ago(70), 11, "垃圾桶清运不及时", "王丽"),
        now,
    )?;
    c::step(conn, id, &Step::FirstReply, ago(69), "已通知保洁部", "王丽")?;
    c::step(conn, id, &Step::Resolve, ago(49), "已增加清运频次", "王丽")?;

    // Repairs in every state.
    let call =
        |reported: NaiveDateTime, unit: usize, content: &str, cat: RepairCategory, paid: bool| {
            RepairInput {
                reported,
                unit_id: Some(units[unit].0),
                caller: units[unit].2.clone(),
                phone: String::new(),
                content: content.into(),
                category: Some(cat),
                paid,
                appointment: Some(reported + Duration::hours(5)),
            }
        };
    r::add_repair(
        conn,
        &call(ago(1), 12, "卫生间地漏堵塞", RepairCategory::Water, false),
        now,
    )?;
    let id = r::add_repair(
        conn,
        &call(ago(4), 13, "客厅插座无电", RepairCategory::Power, false),
        now,
    )?;
    r::change(
        conn,
        id,
        &RepairChange::Dispatch { staff_id: wu },
        ago(3),
        "王丽",
    )?;
    let id = r::add_repair(
        conn,
        &call(
            ago(30),
            14,
            "入户门锁损坏",
            RepairCategory::DoorWindow,
            true,
        ),
        now,
    )?;
    r::change(
        conn,
        id,
        &RepairChange::Dispatch { staff_id: zheng },
        ago(29),
        "王丽",
    )?;
    r::change(
        conn,
        id,
        &RepairChange::Complete(Completion {
            result: "更换锁芯".into(),
            materials: "锁芯 1 个".into(),
            charge_fen: 8_000,
        }),
        ago(27),
        "郑军",
    )?;
    let id = r::add_repair(
        conn,
        &call(ago(72), 15, "阳台水管渗水", RepairCategory::Water, false),
        now,
    )?;
    r::change(
        conn,
        id,
        &RepairChange::Dispatch { staff_id: wu },
        ago(71),
        "王丽",
    )?;
    r::change(
        conn,
        id,
        &RepairChange::Dispatch { staff_id: zheng },
        ago(70),
        "王丽",
    )?;
    r::change(
        conn,
        id,
        &RepairChange::Complete(Completion {
            result: "更换水管接头".into(),
            ..Default::default()
        }),
        ago(66),
        "郑军",
    )?;
    r::change(
        conn,
        id,
        &RepairChange::Revisit(Satisfaction::Satisfied),
        ago(48),
        "王丽",
    )?;
    let id = r::add_repair(
        conn,
        &call(
            ago(26),
            16,
            "窗户玻璃破裂",
            RepairCategory::DoorWindow,
            true,
        ),
        now,
    )?;
    r::change(
        conn,
        id,
        &RepairChange::Dispatch { staff_id: zheng },
        ago(25),
        "王丽",
    )?;
    r::change(
        conn,
        id,
        &RepairChange::Pause("等待玻璃到货".into()),
        ago(24),
        "郑军",
    )?;
    let id = r::add_repair(
        conn,
        &call(
            ago(50),
            17,
            "业主自行装修的吊顶开裂",
            RepairCategory::Other,
            false,
        ),
        now,
    )?;
    r::change(
        conn,
        id,
        &RepairChange::Return("业主装修自建，不属物业维修范围，已告知".into()),
        ago(49),
        "王丽",
    )?;
    Ok(())
}

/// The demo assessments: the customer-service staff look after the buildings; the three months
/// before last are filed and locked with a few faults each; last month has a few faults typed
/// in, some cards filed and the rest waiting (with the records' suggestions) for the manager —
/// the month-end the issue describes. Last quarter's quality scores for every department.
fn fill_assessment(conn: &rusqlite::Connection, now: NaiveDateTime) -> Result<()> {
    let today = now.date();
    use crate::db::assessment as a;
    use crate::domain::assessment::{QualityInput, Quarter};
    let mut rng = Lcg(20_261_124);
    let find = |name: &str| -> Result<Option<i64>> {
        Ok(crate::db::staff::find_staff_by_name(conn, name)?
            .first()
            .map(|s| s.id))
    };
    let all_buildings = crate::db::estate::building_names(conn)?;
    for (name, buildings) in [
        ("王丽", &["1号楼", "2号楼"][..]),
        ("周敏", &["3号楼", "5号楼"][..]),
        ("刘晓燕", &["10号楼", "商业街", "地下车库"][..]),
    ] {
        if let Some(id) = find(name)? {
            let known: Vec<String> = buildings
                .iter()
                .map(|b| b.to_string())
                .filter(|b| all_buildings.contains(b))
                .collect();
            a::set_staff_buildings(conn, id, &known)?;
        }
    }
    let manager = "陈建国";
    let this = Period::of(today);
    for back in (1..=4).rev() {
        let month = this.plus(-back);
        // The records' suggestions, found once for the month.
        let suggested = a::suggestions(conn, month)?;
        for r in a::month_overview(conn, month)? {
            let card_id = a::open_card(conn, r.staff_id, month, now)?;
            let card = a::card(conn, card_id)?;
            // Most people lose a few points for the faults only a person sees.
            let manual: Vec<&crate::db::assessment::ItemRow> =
                card.items.iter().filter(|i| i.rule.is_none()).collect();
            for _ in 0..rng.below(3) {
                let item = manual[rng.below(manual.len() as u64) as usize];
                let day = 1 + rng.below(27) as u32;
                a::set_manual(
                    conn,
                    card_id,
                    &a::DeductionInput {
                        item_id: item.id,
                        times: 1 + rng.below(2) as i64,
                        dates: format!("{}月{}日", month.month, day),
                        evidence: rng
                            .pick(&["晨会检查发现", "巡查记录", "业主反映，已核实", "监控回看"])
                            .to_string(),
                    },
                    manager,
                    now,
                )?;
            }
            let mine: Vec<&a::Suggestion> = suggested
                .iter()
                .filter(|s| s.staff_id == r.staff_id)
                .collect();
            // Last month: the cards the records have something to say about wait for the manager.
            let file = back > 1 || (mine.is_empty() && rng.below(3) == 0);
            if file {
                // The manager confirms the small ones and, for the rest, records why not.
                for s in mine {
                    if s.points * s.times <= 10 {
                        a::confirm_suggestion(conn, s, manager, now)?;
                    } else {
                        a::dismiss_suggestion(
                            conn,
                            s,
                            "月底前已整改补齐，本月予以警告不扣分",
                            manager,
                            now,
                        )?;
                    }
                }
                a::submit_card(conn, card_id, manager, &r.staff, "", now)?;
                if back > 1 {
                    a::lock_card(conn, card_id, now)?;
                }
            }
        }
    }
    let quarter = Quarter::of(this.plus(-3));
    let mut q = 0;
    for d in crate::db::staff::list_departments(conn)? {
        q += 1;
        let base = 9_350 + ((q * 37) % 9) * 50;
        a::save_quality(
            conn,
            &d.name,
            quarter,
            &QualityInput {
                self_checks_h: vec![base, base + 50, base - 50 + (q % 3) * 50],
                spot_penalty_h: if q % 3 == 0 { 100 } else { 0 },
                survey_h: Some(9_200 + (q % 4) * 150),
                valid_complaints: q % 3,
                revisit_deduction_h: if q % 2 == 0 { 50 } else { 0 },
            },
            "质量管理组",
            now,
        )?;
    }
    Ok(())
}

/// The demo charging ledger: five fee items, fourteen months billed up to this month with
/// water readings and the common meter split, and payments as an estate really pays — most on
/// time, some late (清欠), a few ahead (预收), a handful not at all (arrears from this month to
/// over a year), with dunning for most of those. This month is only partly paid so far.
fn fill_charging(conn: &rusqlite::Connection, now: NaiveDateTime) -> Result<()> {
    let today = now.date();
    use crate::db::charging as ch;
    use crate::domain::charging::{DunMethod, FeeKind, PayMethod, Scope};
    use crate::domain::period::Period;
    let this = Period::of(today);
    let first = this.plus(-13);
    settings::set(conn, settings::CHARGING_CLERK, "王丽")?;
    let item = |name: &str, kind, scope, value: &str, rate, refundable| ch::FeeItemInput {
        name: name.into(),
        kind,
        scope,
        scope_value: value.into(),
        refundable,
        start: first,
        rate_e4: rate,
        notes: String::new(),
    };
    let fee = ch::create_item(
        conn,
        &item(
            "物业管理费",
            FeeKind::ByArea,
            Scope::Usage,
            "住宅、商铺",
            23_000,
            false,
        ),
        "陈建国",
        now,
    )?;
    // The office asks for the month's fee by the 15th (the meters and the shared meter by the
    // month's end, the default).
    ch::set_item_term(conn, fee, crate::domain::charging::PayTerm::DayOfMonth(15))?;
    ch::create_item(
        conn,
        &item(
            "车位管理费",
            FeeKind::Fixed,
            Scope::Usage,
            "车位",
            800_000,
            false,
        ),
        "陈建国",
        now,
    )?;
    let water = ch::create_item(
        conn,
        &item(
            "水费",
            FeeKind::Metered,
            Scope::Usage,
            "住宅",
            34_500,
            false,
        ),
        "陈建国",
        now,
    )?;
    let shared = ch::create_item(
        conn,
        &item(
            "公共能源分摊",
            FeeKind::Shared,
            Scope::Usage,
            "住宅",
            0,
            false,
        ),
        "陈建国",
        now,
    )?;
    ch::create_item(
        conn,
        &item(
            "装修押金",
            FeeKind::OneOff,
            Scope::All,
            "",
            20_000_000,
            true,
        ),
        "陈建国",
        now,
    )?;
    // The management fee went up this year, from 2.30 to 2.50.
    ch::set_rate(conn, fee, this.plus(-4), 25_000, "陈建国", now)?;

    let units = ch::unit_index(conn)?;
    let mut ids: Vec<i64> = units.values().copied().collect();
    ids.sort();
    let mut rng = Lcg(20_261_124);
    // How each unit pays: 0 on time, 1 a month late, 2 six months ahead, 3 stopped paying
    // `stop` months ago.
    let habits: Vec<(i64, u64, i64)> = ids
        .iter()
        .map(|id| {
            let r = rng.below(100);
            let (habit, stop) = match r {
                0..=89 => (0, 0),
                90..=93 => (1, 0),
                94..=96 => (2, 0),
                _ => (3, [0, 1, 2, 4, 7, 13][rng.below(6) as usize]),
            };
            (*id, habit, stop)
        })
        .collect();
    let mut meters: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    let day = |p: Period, rng: &mut Lcg| -> NaiveDate {
        let d = p.first_day() + chrono::Duration::days(rng.below(26) as i64 + 2);
        d.min(today)
    };
    let pay_all = |unit: i64, on: NaiveDate, rng: &mut Lcg, extra: i64| -> Result<()> {
        let open = ch::open_lines(conn, unit)?;
        let lines: Vec<(i64, i64)> = open
            .iter()
            .filter(|l| l.period <= Period::of(on))
            .map(|l| (l.bill_id, l.outstanding()))
            .collect();
        let total: i64 = lines.iter().map(|l| l.1).sum::<i64>() + extra;
        if total <= 0 {
            return Ok(());
        }
        let method = [
            PayMethod::WeChat,
            PayMethod::WeChat,
            PayMethod::Alipay,
            PayMethod::Cash,
            PayMethod::Bank,
        ][rng.below(5) as usize];
        ch::take_payment(
            conn,
            &ch::PaymentInput {
                unit_id: unit,
                paid_on: on,
                method,
                payer: String::new(),
                clerk: "王丽".into(),
                received_fen: total,
                lines,
                notes: String::new(),
            },
            now,
        )?;
        Ok(())
    };
    let residences: Vec<i64> = {
        let all = crate::db::estate::list_units(conn)?;
        all.iter()
            .filter(|u| u.usage == Usage::Residence && u.state != UnitState::NotDelivered)
            .map(|u| u.id)
            .collect()
    };
    for m in 0..14 {
        let p = first.plus(m);
        for id in &residences {
            let reading = meters
                .entry(*id)
                .or_insert(1_000 + rng.below(50_000) as i64);
            *reading += 400 + rng.below(1_600) as i64;
            ch::record_reading(
                conn,
                &ch::ReadingInput {
                    unit_id: *id,
                    item_id: water,
                    period: p,
                    current_h: *reading,
                    replaced: false,
                    start_h: 0,
                },
                "王丽",
                now,
            )?;
        }
        ch::set_shared_amount(conn, shared, p, 380_000 + rng.below(90_000) as i64, now)?;
        ch::bill_period(conn, p, "王丽", now)?;
        let months_ago = p.months_until(this);
        for (id, habit, stop) in &habits {
            match habit {
                0 if months_ago > 0 || rng.below(100) < 58 => {
                    pay_all(*id, day(p, &mut rng), &mut rng, 0)?
                }
                1 if months_ago > 0 => pay_all(*id, day(p.plus(1), &mut rng), &mut rng, 0)?,
                2 if m % 6 == 0 => {
                    let open: i64 = ch::open_lines(conn, *id)?
                        .iter()
                        .map(|l| l.outstanding())
                        .sum();
                    pay_all(*id, day(p, &mut rng), &mut rng, (open * 5).max(60_000))?
                }
                3 if months_ago > *stop => pay_all(*id, day(p, &mut rng), &mut rng, 0)?,
                _ => {}
            }
        }
    }
    // A misprinted receipt, voided and issued again for the same lines.
    if let Some(r) = ch::list_receipts(conn, None, Some(this.year))?.first() {
        let old = ch::receipt(conn, &r.number)?;
        if ch::void_payment(conn, &r.number, "金额录错", "王丽", now).is_ok() {
            let lines: Vec<(i64, i64)> = ch::open_lines(conn, r.unit_id)?
                .iter()
                .filter(|l| {
                    old.lines
                        .iter()
                        .any(|o| Some(l.period) == o.period && l.item == o.item)
                })
                .map(|l| (l.bill_id, l.outstanding()))
                .collect();
            let sum: i64 = lines.iter().map(|l| l.1).sum();
            if sum > 0 {
                ch::take_payment(
                    conn,
                    &ch::PaymentInput {
                        unit_id: r.unit_id,
                        paid_on: r.paid_on,
                        method: r.method,
                        payer: r.payer.clone(),
                        clerk: "王丽".into(),
                        received_fen: sum,
                        lines,
                        notes: format!("重开：原收据 {} 作废", r.number),
                    },
                    now,
                )?;
            }
        }
    }
    // Dunning: most units in arrears were chased this month; the rest are the manager's list.
    let arrears = ch::arrears(conn, today, &settings::load_late_fee(conn)?)?;
    for (i, a) in arrears.iter().enumerate() {
        if a.oldest().is_some_and(|o| o.months_until(this) >= 2) {
            ch::add_dunning(
                conn,
                &ch::DunningInput {
                    unit_id: a.unit_id,
                    on: (today - chrono::Duration::days(40)).max(this.plus(-1).first_day()),
                    method: DunMethod::Written,
                    by: "王丽".into(),
                    result: "已送达催缴通知书".into(),
                    promised: None,
                },
                now,
            )?;
        }
        if i % 3 != 2 {
            let promised = today + chrono::Duration::days(7);
            ch::add_dunning(
                conn,
                &ch::DunningInput {
                    unit_id: a.unit_id,
                    on: today.max(this.first_day()),
                    method: if i % 2 == 0 {
                        DunMethod::Phone
                    } else {
                        DunMethod::Visit
                    },
                    by: "王丽".into(),
                    result: if i % 5 == 4 {
                        "拒缴，称对维修不满，已报经理".into()
                    } else {
                        "答应月底前缴清".into()
                    },
                    promised: (i % 5 != 4).then_some(promised),
                },
                now,
            )?;
        }
    }
    Ok(())
}

/// The demo key cabinet: owner keys deposited for a few units, public door keys of 10号楼,
/// equipment rooms, water-meter boxes, one emergency spare per category; loans counted back
/// from `now`: one overdue since yesterday, one out until tonight, and returned ones.
fn fill_keys(conn: &rusqlite::Connection, now: chrono::NaiveDateTime) -> Result<()> {
    use crate::db::keys;
    use crate::domain::keys::{KeyDraft, LoanInput};
    // The register was set up two years ago, before any loan or deposit in it.
    let registered = crate::db::stamp(now - chrono::Duration::days(730));
    let custodian = "黄勇";
    settings::set(conn, settings::KEY_CUSTODIAN, custodian)?;
    let invalid = |e: Vec<crate::domain::estate::FieldError>| {
        crate::error::Error::invalid(format!("演示数据有误：{e:?}"))
    };
    let mut drafts = Vec::new();
    let owner = |tag: &str, kind: &str, b: &str, e: &str, r: &str, pos: &str| KeyDraft {
        tag: tag.into(),
        category: "业主钥匙".into(),
        kind: kind.into(),
        building: b.into(),
        entrance: e.into(),
        room: r.into(),
        position: pos.into(),
        ..Default::default()
    };
    let other = |tag: &str, cat: &str, target: &str, pos: &str, spare: bool| KeyDraft {
        tag: tag.into(),
        category: cat.into(),
        target: target.into(),
        position: pos.into(),
        emergency: spare,
        ..Default::default()
    };
    for (i, (b, e, r)) in [
        ("10", "1", "1201"),
        ("10", "1", "1202"),
        ("10", "2", "801"),
        ("3", "1", "502"),
        ("5", "2", "1602"),
    ]
    .iter()
    .enumerate()
    {
        drafts.push(owner(
            &format!("Y-{:03}", i * 2 + 1),
            "防盗门",
            b,
            e,
            r,
            &format!("1号柜 A{}", i + 1),
        ));
        drafts.push(owner(
            &format!("Y-{:03}", i * 2 + 2),
            "信箱",
            b,
            e,
            r,
            &format!("1号柜 A{}", i + 1),
        ));
    }
    for floor in 1..=6 {
        drafts.push(other(
            &format!("G-10-{floor:02}"),
            "公共门窗钥匙",
            &format!("10号楼 {floor}层 楼梯间门窗"),
            "2号柜 B1",
            false,
        ));
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
        drafts.push(other(
            &format!("S-{:02}", i + 1),
            "设备房钥匙",
            room,
            "3号柜 C1",
            false,
        ));
    }
    for b in ["1", "2", "3", "5", "10"] {
        drafts.push(other(
            &format!("B-{b}"),
            "水表箱钥匙",
            &format!("{b}号楼 各层水表箱"),
            "3号柜 C2",
            false,
        ));
    }
    drafts.push(other("J-01", "业主钥匙", "", "应急柜", true));
    if let Some(d) = drafts.last_mut() {
        d.kind = "电子对讲门".into();
        d.building = "10".into();
        d.entrance = "1".into();
        d.room = "1201".into();
    }
    drafts.push(other(
        "J-02",
        "公共门窗钥匙",
        "10号楼 天台门",
        "应急柜",
        true,
    ));
    drafts.push(other(
        "J-03",
        "设备房钥匙",
        "配电房（备用）",
        "应急柜",
        true,
    ));
    drafts.push(other(
        "J-04",
        "水表箱钥匙",
        "全部楼栋水表箱（备用）",
        "应急柜",
        true,
    ));
    let mut ids = std::collections::HashMap::new();
    for d in &drafts {
        let input = d.validate().map_err(invalid)?;
        ids.insert(
            input.tag.clone(),
            keys::create_key(conn, &input, &registered, custodian)?,
        );
    }
    // Deposited 400 days ago, and recorded that day.
    let deposited = now - chrono::Duration::days(400);
    for (tag, owner_name) in [("Y-001", "张三"), ("Y-005", "业主")] {
        if let Some(id) = ids.get(tag) {
            keys::add_deposit(
                conn,
                *id,
                &keys::Deposit {
                    date: deposited.date(),
                    deposited_by: owner_name.into(),
                    witness: "何平".into(),
                    sealed: true,
                    notes: "装修期间留存".into(),
                },
                custodian,
                &crate::db::stamp(deposited),
            )?;
        }
    }
    let hours = chrono::Duration::hours;
    let loan = |borrower: &str,
                phone: &str,
                company: &str,
                purpose: &str,
                due: chrono::NaiveDateTime,
                reason: &str| LoanInput {
        borrower: borrower.into(),
        staff_id: None,
        phone: phone.into(),
        company: company.into(),
        id_number: String::new(),
        purpose: purpose.into(),
        due,
        emergency_reason: reason.into(),
    };
    let day = |d: i64, h: u32| {
        (now.date() + chrono::Duration::days(d))
            .and_hms_opt(h, 0, 0)
            .unwrap_or(now)
    };
    // Returned loans earlier this month.
    for (d, tag, who) in [
        (-6, "S-01", "李强"),
        (-4, "G-10-03", "赵磊"),
        (-2, "S-02", "张伟"),
    ] {
        let out = day(d, 9);
        keys::lend(
            conn,
            tag,
            &loan(who, &phone_of(who), "", "设备巡检", out + hours(8), ""),
            custodian,
            out,
        )?;
        keys::return_key(conn, tag, custodian, out + hours(3))?;
    }
    let out = day(-3, 22);
    keys::lend(
        conn,
        "J-03",
        &loan(
            "张伟",
            &phone_of("张伟"),
            "",
            "夜间跳闸",
            out + hours(2),
            "配电房跳闸，值班钥匙被借出",
        ),
        custodian,
        out,
    )?;
    keys::return_key(conn, "J-03", custodian, out + hours(1))?;
    // Out since yesterday morning, due yesterday evening: overdue.
    let out = day(-1, 9);
    keys::lend(
        conn,
        "Y-003",
        &loan(
            "李师傅",
            "13612345678",
            "美家装饰公司",
            "10号楼1单元1202 装修",
            day(-1, 18),
            "",
        ),
        custodian,
        out,
    )?;
    // Out this morning (or an hour ago, late at night), due tonight.
    let out = now - hours(1);
    keys::lend(
        conn,
        "S-03",
        &loan(
            "电梯维保 王工",
            "13798765432",
            "迅达电梯维保",
            "电梯月度保养",
            day(0, 23) + chrono::Duration::minutes(59),
            "",
        ),
        custodian,
        out,
    )?;
    Ok(())
}

/// (name, birth yyyymmdd, department, post, days since hired, leave days ago)
type DemoPerson = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    Option<i64>,
);

/// The mobile of the `i`-th person of [`STAFF`]: the staff file and the key register agree.
fn staff_phone(i: usize) -> String {
    format!("139{:08}", 20_260_000 + i as u64 * 7_919)
}

/// The phone of a person on the demo roster by name.
fn phone_of(name: &str) -> String {
    STAFF
        .iter()
        .position(|p| p.0 == name)
        .map(staff_phone)
        .unwrap_or_default()
}

const STAFF: &[DemoPerson] = &[
    ("陈建国", "19750312", "管理处", "管理处经理", 3100, None),
    ("刘晓燕", "19860704", "客服部", "客服主管", 2600, None),
    ("王丽", "19930215", "客服部", "物业管理员", 1900, None),
    ("孙婷", "19980909", "客服部", "前台", 1380, None),
    ("周敏", "20010518", "客服部", "物业管理员", 10, None),
    ("张伟", "19800101", "工程部", "电工", 3000, None),
    ("李强", "19850620", "工程部", "维修工", 2400, None),
    ("赵磊", "19900808", "工程部", "电工", 1500, None),
    ("吴刚", "19781111", "工程部", "消防控制室值班员", 2800, None),
    ("郑军", "19880315", "工程部", "消防控制室值班员", 1700, None),
    ("黄勇", "19820427", "秩序维护部", "保安", 2500, None),
    ("马超", "19910130", "秩序维护部", "保安", 1600, None),
    ("胡涛", "19870606", "秩序维护部", "保安", 2100, None),
    ("郭明", "19950919", "秩序维护部", "保安", 900, None),
    ("何平", "19700222", "秩序维护部", "保安", 3200, None),
    ("林杰", "19961212", "秩序维护部", "保安", 700, None),
    ("罗浩然", "19990303", "秩序维护部", "保安", 400, None),
    ("高志强", "19680808", "秩序维护部", "保安", 2900, None),
    ("杨洋", "19920410", "秩序维护部", "保安", 1200, Some(450)),
    ("徐秀英", "19640505", "保洁部", "室外保洁员", 2700, None),
    ("朱桂英", "19660716", "保洁部", "室外保洁员", 2300, None),
    ("谢春梅", "19720824", "保洁部", "室外保洁员", 1800, None),
    ("宋淑珍", "19631030", "保洁部", "室外保洁员", 2600, None),
    ("唐海燕", "19750101", "保洁部", "室内保洁员", 1500, None),
    ("韩芳", "19800202", "保洁部", "室内保洁员", 1100, None),
    ("冯静", "19850303", "保洁部", "室内保洁员", 40, None),
    ("邓娟", "19780404", "保洁部", "室内保洁员", 800, None),
    ("彭国强", "19620612", "绿化部", "绿化员", 3000, None),
    ("曾文博", "19890918", "绿化部", "绿化员", 1300, None),
    ("梁建华", "19740727", "绿化部", "绿化员", 2200, None),
    ("谢军", "19830510", "绿化部", "绿化员", 1000, None),
];

/// (holder, kind, number, issuer, issued days ago, expires in days; None = 长期有效)
type DemoCert = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    Option<i64>,
);

const CERTS: &[DemoCert] = &[
    (
        "张伟",
        "低压电工作业证",
        "T440305198001010011",
        "深圳市应急管理局",
        2180,
        Some(12),
    ),
    (
        "赵磊",
        "低压电工作业证",
        "T440305199008080031",
        "深圳市应急管理局",
        2210,
        Some(-20),
    ),
    (
        "吴刚",
        "消防设施操作员证",
        "4403002019001234",
        "深圳市消防救援支队",
        1500,
        Some(690),
    ),
    (
        "陈建国",
        "物业管理师",
        "WY2018-00321",
        "中国物业管理协会",
        3000,
        None,
    ),
    (
        "黄勇",
        "保安员证",
        "粤深保2018012345",
        "深圳市公安局",
        2500,
        None,
    ),
    (
        "马超",
        "保安员证",
        "粤深保2021004567",
        "深圳市公安局",
        1600,
        None,
    ),
    (
        "胡涛",
        "保安员证",
        "粤深保2019007788",
        "深圳市公安局",
        2100,
        None,
    ),
    (
        "郭明",
        "保安员证",
        "粤深保2024001122",
        "深圳市公安局",
        900,
        None,
    ),
    (
        "何平",
        "保安员证",
        "粤深保2017009900",
        "深圳市公安局",
        3200,
        None,
    ),
    (
        "林杰",
        "保安员证",
        "粤深保2024113344",
        "深圳市公安局",
        700,
        None,
    ),
    (
        "高志强",
        "保安员证",
        "粤深保2018055667",
        "深圳市公安局",
        2900,
        None,
    ),
    (
        "杨洋",
        "保安员证",
        "粤深保2022066778",
        "深圳市公安局",
        1200,
        None,
    ),
    (
        "唐海燕",
        "健康证",
        "JK2026-1188",
        "福田区疾控中心",
        300,
        Some(65),
    ),
    (
        "韩芳",
        "健康证",
        "JK2025-3021",
        "福田区疾控中心",
        380,
        Some(-15),
    ),
];

fn days(today: NaiveDate, n: i64) -> NaiveDate {
    today + chrono::Duration::days(n)
}

/// The demo office's staff: 31 people in six departments (one has left), their certificates
/// (one expiring within 30 days, two expired, two missing) and trainings, with dates counted
/// back from `today` so the flags show on any day.
fn fill_staff(conn: &rusqlite::Connection, at: NaiveDateTime) -> Result<()> {
    let today = at.date();
    use crate::db::staff;
    use crate::domain::date::iso;
    use crate::domain::staff::{CertDraft, Duty, StaffDraft, TrainingDraft, TrainingResult};
    let now = crate::db::stamp(at);
    staff::save_position(conn, None, "室外保洁员", Some(Duty::OutdoorCleaning), &[])?;
    staff::save_position(conn, None, "室内保洁员", Some(Duty::IndoorCleaning), &[])?;
    let invalid = |e: Vec<crate::domain::estate::FieldError>| {
        crate::error::Error::invalid(format!("演示数据有误：{e:?}"))
    };
    let mut ids = std::collections::HashMap::new();
    for (i, (name, birth, dept, post, hired, left)) in STAFF.iter().enumerate() {
        let seq = format!("{:02}{}", 10 + i, if i % 3 == 0 { 3 } else { 1 });
        let female = matches!(
            *name,
            "刘晓燕"
                | "王丽"
                | "孙婷"
                | "周敏"
                | "徐秀英"
                | "朱桂英"
                | "谢春梅"
                | "宋淑珍"
                | "唐海燕"
                | "韩芳"
                | "冯静"
                | "邓娟"
        );
        let seq = if female {
            format!("{}{}", &seq[..2], 2)
        } else {
            seq
        };
        let draft = StaffDraft {
            name: name.to_string(),
            id_number: with_id_check(&format!("440304{birth}{seq}")).unwrap_or_default(),
            phone: staff_phone(i),
            department: dept.to_string(),
            position: post.to_string(),
            hire_date: iso(days(today, -hired)),
            leave_date: left.map(|l| iso(days(today, -l))).unwrap_or_default(),
            emergency_contact: "家属".into(),
            ..Default::default()
        };
        let input = draft.validate().map_err(invalid)?;
        ids.insert(*name, staff::create_staff(conn, &input, &now)?);
    }
    for (holder, kind, number, issuer, issued, expires) in CERTS {
        let c = CertDraft {
            kind: kind.to_string(),
            number: number.to_string(),
            issuer: issuer.to_string(),
            issue_date: iso(days(today, -issued)),
            expiry_date: expires.map(|e| iso(days(today, e))).unwrap_or_default(),
            notes: String::new(),
        }
        .validate()
        .map_err(invalid)?;
        if let Some(id) = ids.get(holder) {
            staff::add_certificate(conn, *id, &c, "", &now)?;
        }
    }
    let who = |names: &[&str], absent: &str| -> Vec<(i64, TrainingResult)> {
        names
            .iter()
            .filter_map(|n| ids.get(n).map(|id| (*id, *n)))
            .map(|(id, n)| {
                let r = if n == absent {
                    TrainingResult::Absent
                } else {
                    TrainingResult::Passed
                };
                (id, r)
            })
            .collect()
    };
    let guards = [
        "黄勇",
        "马超",
        "胡涛",
        "郭明",
        "何平",
        "林杰",
        "罗浩然",
        "高志强",
        "吴刚",
        "郑军",
    ];
    let mut trainings = vec![TrainingDraft {
        course: "新员工入职培训（公司概况、规章制度、服务理念）".into(),
        kind: "入职培训".into(),
        date: iso(days(today, -39)),
        end_date: iso(days(today, -33)),
        hours: "40".into(),
        trainer: "刘晓燕".into(),
        attendees: who(&["冯静"], ""),
        ..Default::default()
    }];
    for (month, absent) in [(3, "林杰"), (2, "罗浩然"), (1, "林杰")] {
        trainings.push(TrainingDraft {
            course: "消防安全与灭火器使用".into(),
            kind: "法规安全".into(),
            date: iso(days(today, -30 * month + 3)),
            hours: "2".into(),
            trainer: "吴刚".into(),
            attendees: who(&guards, absent),
            ..Default::default()
        });
    }
    trainings.push(TrainingDraft {
        course: "客户服务礼仪与投诉处理".into(),
        kind: "岗位技能".into(),
        date: iso(days(today, -50)),
        hours: "3".into(),
        trainer: "陈建国".into(),
        attendees: who(&["刘晓燕", "王丽", "孙婷"], ""),
        ..Default::default()
    });
    for t in trainings {
        staff::create_training(conn, &t.validate().map_err(invalid)?, &now)?;
    }
    settings::save_staff_settings(
        conn,
        &settings::StaffSettings {
            staffing: crate::domain::staff::StaffingRules {
                outdoor_cleaning_area: Area(3_800_000),
                indoor_cleaning_area: Area(960_000),
                green_area: Area(2_400_000),
                ..Default::default()
            },
            ..Default::default()
        },
    )?;
    Ok(())
}

/// Two notices issued this month (a water cut for two buildings last week, a fire-safety notice
/// per entrance of one building), so that 通知公告's register, 重印 and 复制 have something in them.
fn fill_notices(conn: &rusqlite::Connection, now: NaiveDateTime) -> Result<()> {
    use crate::db::notices as n;
    use crate::domain::notices::Target;
    let days = |d: i64| now - chrono::Duration::days(d);
    let template = |name: &str| n::template_by_name(conn, name).map(|t| t.id);
    let water = n::NoticeDraft {
        template_id: template("停水通知")?,
        inputs: vec![
            ("原因".into(), "二次供水水箱清洗消毒".into()),
            (
                "开始时间".into(),
                format!("{} 9:00", days(5).format("%Y-%m-%d")),
            ),
            (
                "结束时间".into(),
                format!("{} 17:00", days(5).format("%Y-%m-%d")),
            ),
        ],
        targets: vec![
            Target::Building("1号楼".into()),
            Target::Building("2号楼".into()),
        ],
        per_entrance: false,
        copied_from: None,
    };
    n::issue(conn, &water, "王丽", days(7), |_| Ok(()))?;
    let fire = n::NoticeDraft {
        template_id: template("消防安全通知")?,
        inputs: vec![
            ("原因".into(), "冬季天干物燥，火灾多发".into()),
            ("检查日期".into(), days(-3).format("%Y-%m-%d").to_string()),
        ],
        targets: vec![Target::Building("10号楼".into())],
        per_entrance: true,
        copied_from: None,
    };
    n::issue(conn, &fire, "王丽", days(2), |_| Ok(()))?;
    Ok(())
}

/// The demo office's users, one per default role: (name, role, password). Written in the
/// README and printed by `demo`, so the newcomer's first window signs in.
pub const USERS: [(&str, &str, &str); 4] = [
    ("陈建国", "经理", "jl123456"),
    ("王丽", "客服", "kf123456"),
    ("黄勇", "钥匙管理员", "ys123456"),
    ("赵敏", "只读", "zd123456"),
];

/// Adds the demo users to a file that has none; returns the manager's recovery code.
pub fn add_users(conn: &rusqlite::Connection, now: NaiveDateTime) -> Result<Option<String>> {
    if crate::db::users::any_users(conn)? {
        return Ok(None);
    }
    let (manager, _, pw) = USERS[0];
    let code = crate::db::users::create_first_manager(conn, manager, pw, now)?;
    for (name, role, pw) in &USERS[1..] {
        crate::db::users::add_user(conn, name, role, pw, manager, now)?;
    }
    Ok(Some(code))
}

/// What `demo` prints about the users.
pub fn users_text(code: Option<&str>) -> String {
    let mut t = String::from("演示用户（打开窗口时登录）：\n");
    for (name, role, pw) in USERS {
        t.push_str(&format!("  {name}（{role}） 密码 {pw}\n"));
    }
    if let Some(c) = code {
        t.push_str(&format!("经理的一次性恢复码：{c}\n"));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_staff_show_every_kind_of_flag() -> Result<(), String> {
        use crate::domain::staff::StaffFlag;
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).ok_or("date")?;
        let at = today.and_hms_opt(10, 0, 0).ok_or("time")?;
        let conn =
            crate::db::open(std::path::Path::new(":memory:"), at).map_err(|e| e.to_string())?;
        fill_staff(&conn, at).map_err(|e| e.to_string())?;
        let staff = crate::db::staff::list_staff(&conn).map_err(|e| e.to_string())?;
        assert_eq!(staff.len(), 31);
        assert_eq!(staff.iter().filter(|s| s.active()).count(), 30);
        let flags = |name: &str| {
            staff
                .iter()
                .find(|s| s.name == name)
                .map(|s| crate::domain::staff::staff_flags(&s.facts(), today, Default::default()))
                .unwrap_or_default()
        };
        assert_eq!(
            flags("张伟"),
            vec![StaffFlag::CertExpiring {
                kind: "低压电工作业证".into(),
                days_left: 12
            }]
        );
        assert_eq!(
            flags("郑军"),
            vec![StaffFlag::MissingCert {
                kind: "消防设施操作员证".into()
            }]
        );
        assert_eq!(flags("周敏"), vec![StaffFlag::NoInduction]);
        assert!(flags("冯静").is_empty(), "冯静 had the induction");
        assert_eq!(flags("罗浩然").len(), 1, "保安 without 保安员证");
        Ok(())
    }

    #[test]
    fn demo_estate_is_valid_and_has_zhang_san_in_1201() -> Result<(), String> {
        let units = demo_units();
        assert_eq!(units.len(), 5 * 2 * 18 * 2 + 12 + 40);
        let z = units
            .iter()
            .find(|u| u.building == "10号楼" && u.entrance == "1单元" && u.room == "1201")
            .ok_or("10号楼1单元1201 missing")?;
        assert_eq!(z.owner.as_ref().map(|o| o.name.as_str()), Some("张三"));
        for u in &units {
            if let Some(o) = &u.owner {
                assert_eq!(
                    crate::domain::person::normalize_id_number(&o.id_number).as_ref(),
                    Ok(&o.id_number)
                );
                assert_eq!(
                    crate::domain::person::normalize_phone(&o.phone).as_ref(),
                    Ok(&o.phone)
                );
            }
        }
        Ok(())
    }
}
