//! The key registry's rules (seed 002, 客服部管理规定 4.5): the key's state machine with its one
//! transition function, loans and their due times, overdue, and the handover count comparison.
//! Pure: no SQL, no egui.

use super::estate::{Errors, FieldError};
use super::person::{normalize_id_number, normalize_phone};
use super::text::{clean, normalize};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use std::collections::BTreeSet;

chinese_enum!(
    /// Where a key is.
    KeyState {
        InStock = "在库",
        Out = "借出",
        Lost = "遗失",
        Disabled = "停用",
    }
);

chinese_enum!(
    /// 钥匙分类.
    KeyCategory {
        Owner = "业主钥匙" | "住户钥匙" | "业主/住户钥匙" | "业主",
        Public = "公共门窗钥匙" | "公共门窗" | "公共钥匙",
        Equipment = "设备房钥匙" | "设备房" | "设备钥匙",
        WaterMeter = "水表箱钥匙",
    }
);

chinese_enum!(
    /// The five kinds of an owner's/occupant's keys.
    OwnerKeyKind {
        SecurityDoor = "防盗门" | "防盗门钥匙" | "入户门",
        InnerDoor = "室内门" | "室内门钥匙" | "房门",
        Intercom = "电子对讲门" | "对讲门" | "单元门" | "电子门",
        WaterBox = "水表箱" | "水表箱钥匙",
        Mailbox = "信箱" | "信箱钥匙" | "信报箱",
    }
);

/// What the custodian does with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction<'a> {
    /// Lend it; `emergency_reason` is empty for an ordinary loan.
    Lend {
        emergency_reason: &'a str,
    },
    Return,
    ReportLost,
    Disable,
    /// A lost key found, or a disabled one taken back into use.
    Restore,
}

impl KeyAction<'_> {
    pub fn label(&self) -> &'static str {
        match self {
            KeyAction::Lend { .. } => "借出",
            KeyAction::Return => "归还",
            KeyAction::ReportLost => "登记遗失",
            KeyAction::Disable => "停用",
            KeyAction::Restore => "恢复在库",
        }
    }
}

/// The one transition function of a key's state. `spare` is true for the category's emergency
/// spare (紧急备用), which goes out only as an emergency loan with a reason.
pub fn transition(state: KeyState, spare: bool, action: KeyAction<'_>) -> Result<KeyState, String> {
    use KeyState::*;
    match (state, action) {
        (InStock, KeyAction::Lend { emergency_reason }) => {
            if spare && emergency_reason.trim().is_empty() {
                Err("这是紧急备用钥匙，只能作为紧急借用，须注明紧急借用原因".into())
            } else {
                Ok(Out)
            }
        }
        (Out, KeyAction::Lend { .. }) => Err("钥匙已借出，尚未归还，不能再借".into()),
        (Lost, KeyAction::Lend { .. }) => Err("钥匙已登记遗失，不能借出".into()),
        (Disabled, KeyAction::Lend { .. }) => Err("钥匙已停用，不能借出".into()),
        (Out, KeyAction::Return) => Ok(InStock),
        (InStock, KeyAction::Return) => Err("钥匙在库，没有未归还的借出记录".into()),
        (Lost, KeyAction::Return) => Err("钥匙已登记遗失；找回后请用“恢复在库”".into()),
        (Disabled, KeyAction::Return) => Err("钥匙已停用，不在借出中".into()),
        (InStock | Out, KeyAction::ReportLost) => Ok(Lost),
        (Lost, KeyAction::ReportLost) => Err("钥匙已是遗失状态".into()),
        (Disabled, KeyAction::ReportLost) => Err("钥匙已停用，无需登记遗失".into()),
        (InStock | Lost, KeyAction::Disable) => Ok(Disabled),
        (Out, KeyAction::Disable) => Err("借出中的钥匙不能停用，请先归还".into()),
        (Disabled, KeyAction::Disable) => Err("钥匙已是停用状态".into()),
        (Lost | Disabled, KeyAction::Restore) => Ok(InStock),
        (InStock | Out, KeyAction::Restore) => Err(format!("钥匙{state}，无需恢复")),
    }
}

/// The office's shift changes (交班时间): 秩序维护部 works round the clock, and keys are
/// counted at every handover. Two 12-hour shifts, 08:00 and 20:00, unless the office sets others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shifts(Vec<NaiveTime>);

impl Default for Shifts {
    fn default() -> Self {
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default();
        Shifts(vec![t(8), t(20)])
    }
}

/// A loan made this close to the end of a shift is due at the end of the next one, so a key
/// lent just before handover is not overdue the moment the next shift takes over.
const LAST_HOUR_OF_SHIFT: i64 = 60;

impl Shifts {
    /// `08:00、20:00` (or separated by commas or spaces); one to six times a day.
    pub fn parse(input: &str) -> Result<Shifts, String> {
        let s = normalize(input).replace('：', ":");
        let bad = || format!("“{input}”不是交班时间（应写作 08:00、20:00）");
        let mut times = Vec::new();
        for part in s
            .split(['、', ',', '，', ' ', ';', '；'])
            .filter(|p| !p.is_empty())
        {
            let t = NaiveTime::parse_from_str(part, "%H:%M").map_err(|_| bad())?;
            times.push(t);
        }
        times.sort();
        times.dedup();
        if times.is_empty() || times.len() > 6 {
            return Err(bad());
        }
        Ok(Shifts(times))
    }

    pub fn text(&self) -> String {
        self.0
            .iter()
            .map(|t| t.format("%H:%M").to_string())
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The next shift change after `at`.
    fn next_change(&self, at: NaiveDateTime) -> NaiveDateTime {
        let today = at.date();
        self.0
            .iter()
            .map(|t| today.and_time(*t))
            .find(|c| *c > at)
            .unwrap_or_else(|| (today + Duration::days(1)).and_time(self.0[0]))
    }

    /// The default due time of a loan made at `now`: the end of the shift on duty, or of the next
    /// shift when this one ends within the hour.
    pub fn due_after(&self, now: NaiveDateTime) -> NaiveDateTime {
        let mut end = self.next_change(now);
        // Shifts can be shorter than an hour apart; at most one day of changes is skipped.
        for _ in 0..self.0.len() {
            if end - now > Duration::minutes(LAST_HOUR_OF_SHIFT) {
                break;
            }
            end = self.next_change(end);
        }
        end
    }
}

/// When a loan is due, from what the custodian typed at `now`:
/// empty → the end of the shift on duty (`Shifts::due_after`); `今天` → today 23:59;
/// `18:00` → today at 18:00; `明天` → tomorrow 23:59; `2026-11-25` → that day 23:59;
/// `2026-11-25 18:00` → exactly then.
pub fn parse_due(
    input: &str,
    now: NaiveDateTime,
    shifts: &Shifts,
) -> Result<NaiveDateTime, String> {
    let s = normalize(input);
    let end_of = |d: NaiveDate| d.and_time(NaiveTime::from_hms_opt(23, 59, 0).unwrap_or_default());
    let today = now.date();
    let bad = || format!("“{input}”不是时间（可写 18:00、明天、2026-11-25 或 2026-11-25 18:00）");
    let due = match s.as_str() {
        "" => shifts.due_after(now),
        "今天" | "今日" => end_of(today),
        "明天" | "明日" => end_of(today + Duration::days(1)),
        "后天" => end_of(today + Duration::days(2)),
        _ => {
            let time = |t: &str| {
                NaiveTime::parse_from_str(t, "%H:%M")
                    .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
                    .ok()
            };
            let t = s.replace('：', ":");
            if let Some(time) = time(&t) {
                today.and_time(time)
            } else if let Some((d, tm)) = t.split_once(' ') {
                let date = super::date::parse_date(d).map_err(|_| bad())?;
                date.and_time(time(tm.trim()).ok_or_else(bad)?)
            } else {
                end_of(super::date::parse_date(&t).map_err(|_| bad())?)
            }
        }
    };
    if due <= now {
        return Err(format!(
            "应还时间 {} 已经过去，请填写将来的时间",
            due.format("%Y-%m-%d %H:%M")
        ));
    }
    Ok(due)
}

/// How long a loan is overdue at `now`, or None if it is not.
pub fn overdue_by(due: NaiveDateTime, now: NaiveDateTime) -> Option<Duration> {
    (now > due).then(|| now - due)
}

/// What a key's 状态 reads at `now`: a key lent and not back by its due time is 超期, not
/// 借出 — the catalogue, the key's panel and the counter all say so.
pub fn state_text(state: KeyState, due: Option<NaiveDateTime>, now: NaiveDateTime) -> &'static str {
    match (state, due) {
        (KeyState::Out, Some(due)) if overdue_by(due, now).is_some() => "超期",
        _ => state.as_str(),
    }
}

/// `超期 3 天 2 小时`, `超期 45 分钟`.
pub fn overdue_label(d: Duration) -> String {
    let minutes = d.num_minutes().max(1);
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    if days > 0 {
        if hours > 0 {
            format!("超期 {days} 天 {hours} 小时")
        } else {
            format!("超期 {days} 天")
        }
    } else if hours > 0 {
        format!("超期 {hours} 小时 {mins} 分钟")
    } else {
        format!("超期 {mins} 分钟")
    }
}

/// The counter's loan form as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LoanDraft {
    pub borrower: String,
    /// Set when the borrower was picked from the staff list.
    pub staff_id: Option<i64>,
    pub phone: String,
    pub company: String,
    pub id_number: String,
    pub purpose: String,
    pub due: String,
    pub emergency: bool,
    pub emergency_reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoanInput {
    pub borrower: String,
    pub staff_id: Option<i64>,
    pub phone: String,
    pub company: String,
    pub id_number: String,
    pub purpose: String,
    pub due: NaiveDateTime,
    /// Empty for an ordinary loan.
    pub emergency_reason: String,
}

impl LoanDraft {
    /// An outside borrower (a decoration worker, a contractor) must leave a phone number so an
    /// overdue key can be chased; staff are reached through the staff list.
    pub fn validate(
        &self,
        now: NaiveDateTime,
        shifts: &Shifts,
    ) -> Result<LoanInput, Vec<FieldError>> {
        let mut errors = Errors(Vec::new());
        let borrower = normalize(&self.borrower);
        if borrower.is_empty() {
            errors.push("借用人", "请填写借用人");
        }
        let phone = normalize_phone(&self.phone)
            .map_err(|e| errors.push("电话", e))
            .unwrap_or_default();
        if self.staff_id.is_none() && phone.is_empty() && !borrower.is_empty() {
            errors.push("电话", "外来人员借用须留电话");
        }
        let id_number = normalize_id_number(&self.id_number)
            .map_err(|e| errors.push("身份证号", e))
            .unwrap_or_default();
        if let Some(e) = super::person::born_after(&id_number, now.date()) {
            errors.push("身份证号", e);
        }
        let due = parse_due(&self.due, now, shifts)
            .map_err(|e| errors.push("应还时间", e))
            .ok();
        let emergency_reason = clean(&self.emergency_reason);
        if self.emergency && emergency_reason.is_empty() {
            errors.push("紧急原因", "紧急借用须填写原因");
        }
        match due {
            Some(due) if errors.0.is_empty() => Ok(LoanInput {
                borrower,
                staff_id: self.staff_id,
                phone,
                company: clean(&self.company),
                id_number,
                purpose: clean(&self.purpose),
                due,
                emergency_reason: if self.emergency {
                    emergency_reason
                } else {
                    String::new()
                },
            }),
            _ => Err(errors.0),
        }
    }
}

/// A key as the catalogue form and the importer give it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeyDraft {
    pub tag: String,
    pub category: String,
    pub kind: String,
    /// For owner keys: the unit as `10号楼1单元1201` parts.
    pub building: String,
    pub entrance: String,
    pub room: String,
    /// What the key opens when it is not a unit: `3号楼 5层 楼梯间窗`, `配电房`.
    pub target: String,
    pub position: String,
    pub copies: String,
    pub emergency: bool,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyInput {
    pub tag: String,
    pub category: KeyCategory,
    pub kind: Option<OwnerKeyKind>,
    /// (building, entrance, room) for owner keys.
    pub unit: Option<(String, String, String)>,
    pub target: String,
    pub position: String,
    pub copies: i64,
    pub emergency: bool,
    pub notes: String,
}

impl KeyDraft {
    pub fn validate(&self) -> Result<KeyInput, Vec<FieldError>> {
        let mut errors = Errors(Vec::new());
        let tag = normalize(&self.tag).to_uppercase();
        if tag.is_empty() {
            errors.push("挂牌号", "挂牌号不能为空");
        }
        let category = KeyCategory::parse(&self.category);
        if category.is_none() {
            errors.push(
                "类别",
                format!(
                    "类别“{}”应为 业主钥匙/公共门窗钥匙/设备房钥匙/水表箱钥匙",
                    self.category.trim()
                ),
            );
        }
        let mut kind = None;
        if !self.kind.trim().is_empty() {
            kind = OwnerKeyKind::parse(&self.kind);
            if kind.is_none() {
                errors.push(
                    "品种",
                    format!(
                        "品种“{}”应为 防盗门/室内门/电子对讲门/水表箱/信箱",
                        self.kind.trim()
                    ),
                );
            }
        }
        let building = super::estate::building_name(&self.building);
        let entrance = super::estate::entrance_name(&self.entrance);
        let room = normalize(&self.room);
        let target = normalize(&self.target);
        let mut unit = None;
        match category {
            Some(KeyCategory::Owner) => {
                if kind.is_none() && self.kind.trim().is_empty() {
                    errors.push(
                        "品种",
                        "业主钥匙须注明品种：防盗门/室内门/电子对讲门/水表箱/信箱",
                    );
                }
                if building.is_empty() || room.is_empty() {
                    errors.push("房号", "业主钥匙须注明楼栋和房号");
                } else {
                    unit = Some((building.clone(), entrance, room));
                }
            }
            Some(_) if target.is_empty() && building.is_empty() => {
                errors.push("对应位置", "请写明钥匙开哪里，如 3号楼5层 或 配电房");
            }
            _ => {}
        }
        let copies = if self.copies.trim().is_empty() {
            1
        } else {
            match normalize(&self.copies)
                .trim_end_matches(['把', '条'])
                .parse::<i64>()
            {
                Ok(n) if (1..=99).contains(&n) => n,
                _ => {
                    errors.push(
                        "数量",
                        format!("数量“{}”应为 1–99 的整数", self.copies.trim()),
                    );
                    1
                }
            }
        };
        // A public key named by building (and floor) keeps them in the target text.
        let target = if unit.is_none() && !building.is_empty() && !target.contains(&building) {
            format!(
                "{building}{}",
                if target.is_empty() {
                    String::new()
                } else {
                    format!(" {target}")
                }
            )
        } else {
            target
        };
        match category {
            Some(category) if errors.0.is_empty() => Ok(KeyInput {
                tag,
                category,
                kind,
                unit,
                target,
                position: normalize(&self.position),
                copies,
                emergency: self.emergency,
                notes: clean(&self.notes),
            }),
            _ => Err(errors.0),
        }
    }
}

/// The outcome of a handover count: what the ledger expects on the hooks against what was
/// found. `expected` and `found` are key ids.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CountResult {
    /// Expected on a hook but not there.
    pub missing: Vec<i64>,
    /// On a hook although the ledger says it is out, lost or disabled.
    pub unexpected: Vec<i64>,
    pub present: usize,
}

pub fn compare_count(expected: &[i64], found: &BTreeSet<i64>) -> CountResult {
    let expected_set: BTreeSet<i64> = expected.iter().copied().collect();
    let missing: Vec<i64> = expected
        .iter()
        .copied()
        .filter(|k| !found.contains(k))
        .collect();
    let unexpected: Vec<i64> = found.difference(&expected_set).copied().collect();
    CountResult {
        present: found.len() - unexpected.len(),
        missing,
        unexpected,
    }
}

/// The line above a count being done. Keys not ticked yet are 未清点: only a saved count
/// calls them 缺失.
pub fn count_progress(expected: usize, r: &CountResult) -> String {
    format!(
        "账面在库 {expected} 把 · 已点到 {} 把 · 未清点 {} 把 · 多出 {} 把",
        r.present,
        r.missing.len(),
        r.unexpected.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_default()
    }

    #[test]
    fn every_transition_and_refusal() {
        use KeyState::*;
        let lend = KeyAction::Lend {
            emergency_reason: "",
        };
        let urgent = KeyAction::Lend {
            emergency_reason: "801 漏水，业主不在家",
        };
        let cases: &[(KeyState, bool, KeyAction, Result<KeyState, &str>)] = &[
            (InStock, false, lend, Ok(Out)),
            (InStock, true, lend, Err("紧急备用钥匙")),
            (InStock, true, urgent, Ok(Out)),
            (InStock, false, urgent, Ok(Out)),
            (Out, false, lend, Err("已借出")),
            (Out, true, urgent, Err("已借出")),
            (Lost, false, lend, Err("遗失")),
            (Disabled, false, lend, Err("停用")),
            (Out, false, KeyAction::Return, Ok(InStock)),
            (Out, true, KeyAction::Return, Ok(InStock)),
            (InStock, false, KeyAction::Return, Err("钥匙在库")),
            (Lost, false, KeyAction::Return, Err("恢复在库")),
            (Disabled, false, KeyAction::Return, Err("停用")),
            (InStock, false, KeyAction::ReportLost, Ok(Lost)),
            (Out, false, KeyAction::ReportLost, Ok(Lost)),
            (Lost, false, KeyAction::ReportLost, Err("已是遗失")),
            (Disabled, false, KeyAction::ReportLost, Err("停用")),
            (InStock, false, KeyAction::Disable, Ok(Disabled)),
            (Lost, false, KeyAction::Disable, Ok(Disabled)),
            (Out, false, KeyAction::Disable, Err("先归还")),
            (Disabled, false, KeyAction::Disable, Err("已是停用")),
            (Lost, false, KeyAction::Restore, Ok(InStock)),
            (Disabled, false, KeyAction::Restore, Ok(InStock)),
            (InStock, false, KeyAction::Restore, Err("无需恢复")),
            (Out, false, KeyAction::Restore, Err("无需恢复")),
        ];
        for (state, spare, action, expected) in cases {
            let got = transition(*state, *spare, *action);
            match expected {
                Ok(s) => assert_eq!(got, Ok(*s), "{state} {action:?}"),
                Err(part) => {
                    let e = got.err().unwrap_or_default();
                    assert!(e.contains(part), "{state} {action:?}: {e}");
                }
            }
        }
    }

    #[test]
    fn due_times_as_the_custodian_types_them() {
        let now = at("2026-11-24 09:30");
        let sh = Shifts::default();
        let due = |s: &str| parse_due(s, now, &sh);
        // Empty: the end of the day shift.
        assert_eq!(due(""), Ok(at("2026-11-24 20:00")));
        assert_eq!(due("今天"), Ok(at("2026-11-24 23:59")));
        assert_eq!(due("18:00"), Ok(at("2026-11-24 18:00")));
        assert_eq!(due("18：00"), Ok(at("2026-11-24 18:00")));
        assert_eq!(due("明天"), Ok(at("2026-11-25 23:59")));
        assert_eq!(due("2026-11-26"), Ok(at("2026-11-26 23:59")));
        assert_eq!(due("2026/11/26 12:00"), Ok(at("2026-11-26 12:00")));
        assert!(due("08:00").unwrap_err().contains("已经过去"));
        assert!(due("下周").unwrap_err().contains("不是时间"));
    }

    #[test]
    fn a_key_lent_at_night_is_due_at_the_end_of_the_night_shift() {
        let sh = Shifts::default();
        let secs =
            |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap_or_default();
        // 23:59:30 on the last day of the month: due at 08:00 the next morning, not overdue.
        let late = secs("2026-11-30 23:59:30");
        let due = parse_due("", late, &sh).unwrap_or_default();
        assert_eq!(due, at("2026-12-01 08:00"));
        assert_eq!(overdue_by(due, late), None);
        // 00:01: the same night shift, due at 08:00 that morning.
        assert_eq!(
            parse_due("", at("2026-12-01 00:01"), &sh),
            Ok(at("2026-12-01 08:00"))
        );
        // On New Year's Eve the night shift runs into the new year.
        assert_eq!(
            parse_due("", secs("2026-12-31 23:59:30"), &sh),
            Ok(at("2027-01-01 08:00"))
        );
        // In the last hour of a shift, the end of the next one.
        assert_eq!(
            parse_due("", at("2026-11-24 19:15"), &sh),
            Ok(at("2026-11-25 08:00"))
        );
        assert_eq!(
            parse_due("", at("2026-11-24 07:30"), &sh),
            Ok(at("2026-11-24 20:00"))
        );
        // One shift a day at 07:00 (a 24-hour rota).
        let one = Shifts::parse("07:00").unwrap_or_default();
        assert_eq!(
            parse_due("", at("2026-11-24 09:30"), &one),
            Ok(at("2026-11-25 07:00"))
        );
    }

    #[test]
    fn shift_times_as_the_office_writes_them() {
        let t = |s: &str| Shifts::parse(s).map(|s| s.text());
        assert_eq!(t("20:00、08:00"), Ok("08:00、20:00".into()));
        assert_eq!(t("8:00, 16:00，0:00"), Ok("00:00、08:00、16:00".into()));
        assert_eq!(t("08：00 20：00"), Ok("08:00、20:00".into()));
        assert_eq!(Shifts::default().text(), "08:00、20:00");
        for bad in ["", "早班", "25:00", "08:00、9点"] {
            assert!(t(bad).unwrap_err().contains("不是交班时间"), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_default_due_time_is_always_ahead_and_within_a_day(
            mins in 0i64..(366 * 1440),
            a in 0u32..24, b in 0u32..24,
        ) {
            let text = format!("{a:02}:00、{b:02}:30");
            let sh = Shifts::parse(&text).unwrap_or_default();
            let now = at("2028-01-01 00:00") + Duration::minutes(mins);
            let due = parse_due("", now, &sh).unwrap_or(now);
            proptest::prop_assert!(due > now + Duration::minutes(LAST_HOUR_OF_SHIFT - 1));
            proptest::prop_assert!(due <= now + Duration::days(2));
            proptest::prop_assert_eq!(overdue_by(due, now), None);
        }

        #[test]
        fn no_text_panics_the_shift_parser(s in "\\PC{0,20}") {
            let _ = Shifts::parse(&s);
        }
    }

    #[test]
    fn overdue_is_measured_from_the_due_time() {
        let due = at("2026-11-24 18:00");
        assert_eq!(overdue_by(due, at("2026-11-24 17:59")), None);
        assert_eq!(overdue_by(due, due), None);
        let d = overdue_by(due, at("2026-11-24 18:45")).unwrap_or_default();
        assert_eq!(overdue_label(d), "超期 45 分钟");
        let d = overdue_by(due, at("2026-11-24 20:05")).unwrap_or_default();
        assert_eq!(overdue_label(d), "超期 2 小时 5 分钟");
        let d = overdue_by(due, at("2026-11-27 21:00")).unwrap_or_default();
        assert_eq!(overdue_label(d), "超期 3 天 3 小时");
    }

    #[test]
    fn outside_borrowers_leave_a_phone_and_emergencies_a_reason() {
        let now = at("2026-11-24 09:30");
        let errs = LoanDraft {
            borrower: "装修工 李师傅".into(),
            emergency: true,
            ..Default::default()
        }
        .validate(now, &Shifts::default())
        .err()
        .unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["电话", "紧急原因"]);
        let ok = LoanDraft {
            borrower: "黄勇".into(),
            staff_id: Some(3),
            purpose: "巡查".into(),
            ..Default::default()
        }
        .validate(now, &Shifts::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(ok.due, at("2026-11-24 20:00"));
        assert!(ok.emergency_reason.is_empty());
    }

    #[test]
    fn keys_need_a_tag_a_category_and_what_they_open() {
        let k = KeyDraft {
            tag: " a-001 ".into(),
            category: "业主".into(),
            kind: "防盗门".into(),
            building: "10".into(),
            entrance: "1".into(),
            room: "1201".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(k.tag, "A-001");
        assert_eq!(
            k.unit,
            Some(("10号楼".into(), "1单元".into(), "1201".into()))
        );
        let p = KeyDraft {
            tag: "G-3-5".into(),
            category: "公共门窗钥匙".into(),
            building: "3".into(),
            target: "5层 楼梯间窗".into(),
            copies: "2把".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(p.target, "3号楼 5层 楼梯间窗");
        assert_eq!(p.copies, 2);
        let errs = KeyDraft {
            category: "车库".into(),
            copies: "0".into(),
            ..Default::default()
        }
        .validate()
        .err()
        .unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["挂牌号", "类别", "数量"]);
    }

    #[test]
    fn a_count_lists_missing_and_unexpected_keys() {
        let r = compare_count(&[1, 2, 3, 4], &BTreeSet::from([1, 3, 4, 9]));
        assert_eq!(r.missing, vec![2]);
        assert_eq!(r.unexpected, vec![9]);
        assert_eq!(r.present, 3);
    }

    #[test]
    fn a_key_lent_past_its_due_time_reads_overdue() {
        // The module's `at` parses "YYYY-MM-DD HH:MM".
        let (nine, ten, noon) = (
            at("2026-11-24 09:00"),
            at("2026-11-24 10:00"),
            at("2026-11-24 12:00"),
        );
        assert!(nine < ten && ten < noon, "the moments parsed");
        assert_eq!(state_text(KeyState::Out, Some(noon), ten), "借出");
        assert_eq!(state_text(KeyState::Out, Some(noon), noon), "借出");
        assert_eq!(state_text(KeyState::Out, Some(nine), ten), "超期");
        assert_eq!(state_text(KeyState::InStock, None, ten), "在库");
    }

    #[test]
    fn a_count_not_begun_has_nothing_missing_yet() {
        let r = compare_count(&[1, 2, 3], &BTreeSet::new());
        assert_eq!(
            count_progress(3, &r),
            "账面在库 3 把 · 已点到 0 把 · 未清点 3 把 · 多出 0 把"
        );
        let r = compare_count(&[1, 2, 3], &[1, 2, 9].into_iter().collect());
        assert_eq!(
            count_progress(3, &r),
            "账面在库 3 把 · 已点到 2 把 · 未清点 1 把 · 多出 1 把"
        );
    }
}
