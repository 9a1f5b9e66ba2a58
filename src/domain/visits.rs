//! Visits (走访, DOMAIN §5; seed 000 走访管理): each customer-service staff member visits at
//! least 15 households a month (a setting), with records, follow-ups and photos; the front desk
//! makes 15 proactive contacts (前台主动沟通). A household visited twice counts once; a record
//! whose follow-up is due and not done, or that has no photo, is incomplete.

use std::collections::{BTreeMap, BTreeSet};

/// The kind of visit that is the front desk's proactive contact, counted apart.
pub const FRONT_DESK: &str = "前台主动沟通";

/// The kinds the office starts with (kinds are data: 设置 may add more).
pub const DEFAULT_KINDS: [&str; 6] = [
    "日常走访",
    "入住回访",
    "装修回访",
    "投诉回访",
    "维修回访",
    FRONT_DESK,
];

/// The monthly target of households, and of front-desk contacts.
pub const DEFAULT_TARGET: i64 = 15;

/// One visit as the monthly count reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitFact {
    pub staff_id: i64,
    pub unit_id: i64,
    pub kind: String,
    pub follow_up_needed: bool,
    pub follow_up_done: bool,
    pub photos: usize,
}

impl VisitFact {
    /// Why the record is incomplete (seed 000: 记录、回访、照片不完整), or empty.
    pub fn gaps(&self) -> Vec<&'static str> {
        let mut g = Vec::new();
        if self.follow_up_needed && !self.follow_up_done {
            g.push("跟进未完成");
        }
        if self.photos == 0 {
            g.push("无照片");
        }
        g
    }
}

/// One person's month against the targets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Distinct households visited (front-desk contacts not counted).
    pub households: i64,
    /// Front-desk contacts (each counts).
    pub contacts: i64,
    /// Visit records missing a follow-up or a photo.
    pub incomplete: i64,
}

impl Tally {
    /// Households short of the target.
    pub fn shortfall(&self, target: i64) -> i64 {
        (target - self.households).max(0)
    }

    pub fn contacts_short(&self, target: i64) -> i64 {
        (target - self.contacts).max(0)
    }
}

/// Each person's tally over `visits`.
pub fn tally(visits: &[VisitFact]) -> BTreeMap<i64, Tally> {
    let mut homes: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    let mut out: BTreeMap<i64, Tally> = BTreeMap::new();
    for v in visits {
        let t = out.entry(v.staff_id).or_default();
        if v.kind == FRONT_DESK {
            t.contacts += 1;
        } else {
            homes.entry(v.staff_id).or_default().insert(v.unit_id);
            if !v.gaps().is_empty() {
                t.incomplete += 1;
            }
        }
    }
    for (s, h) in homes {
        out.entry(s).or_default().households = h.len() as i64;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(staff: i64, unit: i64, kind: &str, follow: (bool, bool), photos: usize) -> VisitFact {
        VisitFact {
            staff_id: staff,
            unit_id: unit,
            kind: kind.into(),
            follow_up_needed: follow.0,
            follow_up_done: follow.1,
            photos,
        }
    }

    #[test]
    fn a_household_visited_twice_counts_once_and_front_desk_contacts_apart() {
        let visits = vec![
            v(1, 10, "日常走访", (false, false), 1),
            v(1, 10, "维修回访", (false, false), 2),
            v(1, 11, "日常走访", (true, false), 1),
            v(1, 12, "入住回访", (true, true), 0),
            v(2, 10, FRONT_DESK, (false, false), 0),
            v(2, 10, FRONT_DESK, (false, false), 0),
        ];
        let t = tally(&visits);
        assert_eq!(
            t[&1],
            Tally {
                households: 3,
                contacts: 0,
                incomplete: 2
            }
        );
        assert_eq!(t[&1].shortfall(15), 12);
        assert_eq!(
            t[&2],
            Tally {
                households: 0,
                contacts: 2,
                incomplete: 0
            },
            "a contact with no photo is not an incomplete visit"
        );
        assert_eq!(t[&2].contacts_short(15), 13);
        assert_eq!(
            Tally {
                households: 16,
                ..Default::default()
            }
            .shortfall(15),
            0
        );
    }

    #[test]
    fn gaps_say_what_is_missing() {
        assert_eq!(
            v(1, 1, "日常走访", (true, false), 0).gaps(),
            vec!["跟进未完成", "无照片"]
        );
        assert!(v(1, 1, "日常走访", (true, true), 1).gaps().is_empty());
    }
}
