//! `taizhang demo`: a living demo estate (锦绣花园) so a newcomer sees the app at work.
//! Deterministic: the same command always makes the same estate.

use crate::db::settings::{self, OfficeSettings};
use crate::domain::area::Area;
use crate::domain::estate::{OwnerInput, UnitInput, UnitState, Usage};
use crate::domain::person::with_id_check;
use crate::error::Result;
use chrono::NaiveDate;

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
pub fn fill(conn: &rusqlite::Connection) -> Result<Option<usize>> {
    if crate::db::estate::estate_stats(conn)?.units > 0 {
        return Ok(None);
    }
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
        &crate::db::now_text(),
        &mut |_, _| {},
    )?;
    Ok(Some(n))
}

#[cfg(test)]
mod tests {
    use super::*;

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
