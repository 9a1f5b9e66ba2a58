//! Complaints (投诉, DOMAIN §5; seeds 002 and 003): three clocks run from the moment a complaint
//! is received — the first reply (≤ 24 h), the resolution (≤ 48 h, or a date agreed with the
//! owner for a complex case) and, once resolved, the revisit (≤ 48 h, or seed 003's three
//! working days). Each clock's state is one pure function; a revisit the owner is not
//! satisfied with reopens the complaint and its resolution clock runs again from then.

use super::calendar::WorkCalendar;
use chrono::{Duration, NaiveDateTime};

chinese_enum!(
    /// How a complaint reached the office.
    Channel {
        Phone = "电话" | "来电",
        Visit = "来访" | "上门" | "当面",
        Online = "线上" | "网上" | "微信" | "APP" | "app",
        Other = "其他" | "其它",
    }
);

chinese_enum!(
    /// What the owner said at a visit or revisit.
    Satisfaction {
        Satisfied = "满意" | "非常满意",
        Fair = "基本满意" | "一般" | "较满意",
        Unsatisfied = "不满意" | "很不满意",
    }
);

/// The revisit clock: hours after resolution, or working days by the office's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisitRule {
    Hours(i64),
    WorkingDays(u32),
}

impl RevisitRule {
    pub fn text(self) -> String {
        match self {
            RevisitRule::Hours(h) => format!("{h} 小时"),
            RevisitRule::WorkingDays(d) => format!("{d} 个工作日"),
        }
    }
}

/// The office's clocks (设置), and how long before a deadline a clock shows 即将到期.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockRules {
    pub first_reply_hours: i64,
    pub resolve_hours: i64,
    pub revisit: RevisitRule,
    pub soon_hours: i64,
}

impl Default for ClockRules {
    fn default() -> Self {
        ClockRules {
            first_reply_hours: 24,
            resolve_hours: 48,
            revisit: RevisitRule::Hours(48),
            soon_hours: 4,
        }
    }
}

/// Which of the three clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Clock {
    FirstReply,
    Resolve,
    Revisit,
}

impl Clock {
    pub const ALL: [Clock; 3] = [Clock::FirstReply, Clock::Resolve, Clock::Revisit];

    pub fn label(self) -> &'static str {
        match self {
            Clock::FirstReply => "首次回复",
            Clock::Resolve => "办结",
            Clock::Revisit => "回访",
        }
    }
}

/// Where one clock stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    /// Not started: the revisit before the complaint is resolved.
    Waiting,
    NotDue {
        due: NaiveDateTime,
    },
    /// Within the warning window before the deadline.
    DueSoon {
        due: NaiveDateTime,
    },
    /// Done; `late` when after the deadline.
    Done {
        late: Option<Duration>,
    },
    Overdue {
        by: Duration,
    },
}

impl ClockState {
    /// What the register and the screen say: 未到期 / 即将到期 / 已完成 / 超时 N 小时.
    pub fn text(self) -> String {
        match self {
            ClockState::Waiting => "未开始".into(),
            ClockState::NotDue { .. } => "未到期".into(),
            ClockState::DueSoon { due } => format!("即将到期（{}）", due.format("%m-%d %H:%M")),
            ClockState::Done { late: None } => "已完成".into(),
            ClockState::Done { late: Some(d) } => format!("已完成（超时 {}）", span(d)),
            ClockState::Overdue { by } => format!("超时 {}", span(by)),
        }
    }

    /// The same without the deadline's time, for a table's narrow cell.
    pub fn short(self) -> String {
        match self {
            ClockState::DueSoon { .. } => "即将到期".into(),
            s => s.text(),
        }
    }

    /// Late: done after the deadline, or not done and past it.
    pub fn is_late(self) -> bool {
        matches!(
            self,
            ClockState::Overdue { .. } | ClockState::Done { late: Some(_) }
        )
    }
}

/// A span as an office says it: 3 小时 20 分钟, 2 天 5 小时.
pub fn span(d: Duration) -> String {
    let m = d.num_minutes().max(0);
    let (days, hours, mins) = (m / 1440, m % 1440 / 60, m % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m} 分钟"),
        (0, h, 0) => format!("{h} 小时"),
        (0, h, m) => format!("{h} 小时 {m} 分钟"),
        (d, 0, _) => format!("{d} 天"),
        (d, h, _) => format!("{d} 天 {h} 小时"),
    }
}

/// The state of a clock with deadline `due` (None: not started), done at `done`, at `now`.
pub fn clock_state(
    due: Option<NaiveDateTime>,
    done: Option<NaiveDateTime>,
    now: NaiveDateTime,
    soon: Duration,
) -> ClockState {
    let Some(due) = due else {
        return ClockState::Waiting;
    };
    match done {
        Some(t) => ClockState::Done {
            late: (t > due).then(|| t - due),
        },
        None if now > due => ClockState::Overdue { by: now - due },
        None if due - now <= soon => ClockState::DueSoon { due },
        None => ClockState::NotDue { due },
    }
}

/// The times a complaint has, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ComplaintTimes {
    pub received: NaiveDateTime,
    pub first_reply: Option<NaiveDateTime>,
    /// A complex case's date agreed with the owner (its end of day is the deadline).
    pub agreed: Option<NaiveDateTime>,
    /// When an unsatisfied revisit reopened it: the resolution clock runs again from here.
    pub reopened: Option<NaiveDateTime>,
    pub resolved: Option<NaiveDateTime>,
    pub revisited: Option<NaiveDateTime>,
}

/// Each clock's deadline: None for the revisit until the complaint is resolved.
pub fn deadlines(
    t: &ComplaintTimes,
    rules: &ClockRules,
    cal: &WorkCalendar,
) -> [(Clock, Option<NaiveDateTime>); 3] {
    let first = t.received + Duration::hours(rules.first_reply_hours);
    let resolve = match (t.agreed, t.reopened) {
        (Some(a), _) => a,
        (None, Some(r)) => r + Duration::hours(rules.resolve_hours),
        (None, None) => t.received + Duration::hours(rules.resolve_hours),
    };
    let revisit = t.resolved.map(|r| match rules.revisit {
        RevisitRule::Hours(h) => r + Duration::hours(h),
        RevisitRule::WorkingDays(n) => cal.working_days_after(r, n),
    });
    [
        (Clock::FirstReply, Some(first)),
        (Clock::Resolve, Some(resolve)),
        (Clock::Revisit, revisit),
    ]
}

/// Every clock's state at `now`.
pub fn clocks(
    t: &ComplaintTimes,
    rules: &ClockRules,
    cal: &WorkCalendar,
    now: NaiveDateTime,
) -> [(Clock, ClockState); 3] {
    let soon = Duration::hours(rules.soon_hours);
    deadlines(t, rules, cal).map(|(c, due)| {
        let done = match c {
            Clock::FirstReply => t.first_reply,
            Clock::Resolve => t.resolved,
            Clock::Revisit => t.revisited,
        };
        (c, clock_state(due, done, now, soon))
    })
}

/// The fields a 投诉处理单 must have, named as the form names them, that are missing.
#[allow(clippy::too_many_arguments)]
pub fn missing_fields(
    complainant: &str,
    content: &str,
    department: &str,
    handler: &str,
    valid: Option<bool>,
    t: &ComplaintTimes,
    revisit_result: Option<Satisfaction>,
) -> Vec<&'static str> {
    let mut out = Vec::new();
    if complainant.trim().is_empty() {
        out.push("投诉人");
    }
    if content.trim().is_empty() {
        out.push("投诉内容");
    }
    if department.trim().is_empty() {
        out.push("责任部门");
    }
    if handler.trim().is_empty() {
        out.push("处理人");
    }
    if valid.is_none() {
        out.push("是否有效");
    }
    if t.first_reply.is_none() {
        out.push("首次回复时间");
    }
    if t.resolved.is_none() {
        out.push("办结时间");
    }
    if t.revisited.is_none() || revisit_result.is_none() {
        out.push("回访结果");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value, or the test fails saying why (no unwrap in src/, tests included).
    fn ok<T, E: std::fmt::Debug>(r: Result<T, E>) -> T {
        match r {
            Ok(v) => v,
            Err(e) => panic!("{e:?}"),
        }
    }

    fn some<T>(v: Option<T>) -> T {
        match v {
            Some(v) => v,
            None => panic!("no value"),
        }
    }
    use crate::domain::calendar::DayKind;

    fn at(s: &str) -> NaiveDateTime {
        ok(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
    }

    fn received(s: &str) -> ComplaintTimes {
        ComplaintTimes {
            received: at(s),
            ..Default::default()
        }
    }

    fn states(t: &ComplaintTimes, rules: &ClockRules, now: &str) -> [ClockState; 3] {
        clocks(t, rules, &WorkCalendar::default(), at(now)).map(|(_, s)| s)
    }

    #[test]
    fn each_clock_runs_from_the_received_time_across_midnight_and_month_ends() {
        let r = ClockRules::default();
        // Received at 22:30 on 30 November: the reply is due 1 December 22:30, the resolution
        // 2 December 22:30.
        let t = received("2026-11-30 22:30");
        let [first, resolve, revisit] = states(&t, &r, "2026-12-01 10:00");
        assert_eq!(
            first,
            ClockState::NotDue {
                due: at("2026-12-01 22:30")
            }
        );
        assert_eq!(
            resolve,
            ClockState::NotDue {
                due: at("2026-12-02 22:30")
            }
        );
        assert_eq!(revisit, ClockState::Waiting);
        // Four hours before: 即将到期; a minute after: 超时.
        assert!(matches!(
            states(&t, &r, "2026-12-01 18:30")[0],
            ClockState::DueSoon { .. }
        ));
        assert_eq!(
            states(&t, &r, "2026-12-01 22:31")[0],
            ClockState::Overdue {
                by: Duration::minutes(1)
            }
        );
        assert_eq!(states(&t, &r, "2026-12-01 22:31")[0].text(), "超时 1 分钟");
        // Exactly at the deadline it is not yet late.
        assert!(matches!(
            states(&t, &r, "2026-12-01 22:30")[0],
            ClockState::DueSoon { .. }
        ));
    }

    #[test]
    fn done_in_time_or_late_and_the_revisit_clock_starts_at_resolution() {
        let r = ClockRules::default();
        let mut t = received("2026-11-02 09:00");
        t.first_reply = Some(at("2026-11-02 11:00"));
        t.resolved = Some(at("2026-11-04 15:00"));
        let [first, resolve, revisit] = states(&t, &r, "2026-11-05 09:00");
        assert_eq!(first, ClockState::Done { late: None });
        assert_eq!(
            resolve,
            ClockState::Done {
                late: Some(Duration::hours(6))
            }
        );
        assert_eq!(resolve.text(), "已完成（超时 6 小时）");
        assert!(resolve.is_late());
        assert_eq!(
            revisit,
            ClockState::NotDue {
                due: at("2026-11-06 15:00")
            }
        );
        assert_eq!(
            states(&t, &r, "2026-11-08 17:00")[2].text(),
            "超时 2 天 2 小时"
        );
    }

    #[test]
    fn an_agreed_date_replaces_the_48_hours_of_a_complex_case() {
        let r = ClockRules::default();
        let mut t = received("2026-11-02 09:00");
        t.agreed = Some(at("2026-11-10 18:00"));
        assert!(matches!(
            states(&t, &r, "2026-11-06 09:00")[1],
            ClockState::NotDue { .. }
        ));
        t.resolved = Some(at("2026-11-10 17:00"));
        assert_eq!(
            states(&t, &r, "2026-11-11 09:00")[1],
            ClockState::Done { late: None }
        );
    }

    #[test]
    fn an_unsatisfied_revisit_reopens_and_the_resolution_clock_runs_again() {
        let r = ClockRules::default();
        let mut t = received("2026-11-02 09:00");
        t.first_reply = Some(at("2026-11-02 10:00"));
        // The revisit on the 5th found the owner unsatisfied: reopened, not resolved.
        t.reopened = Some(at("2026-11-05 10:00"));
        let [_, resolve, revisit] = states(&t, &r, "2026-11-06 09:00");
        assert_eq!(
            resolve,
            ClockState::NotDue {
                due: at("2026-11-07 10:00")
            }
        );
        assert_eq!(revisit, ClockState::Waiting);
    }

    #[test]
    fn three_working_days_for_the_revisit_skip_a_holiday_and_count_a_makeup_saturday() {
        let r = ClockRules {
            revisit: RevisitRule::WorkingDays(3),
            ..ClockRules::default()
        };
        // Resolved Thursday 30 April 2026; 05-01..05-05 off; Saturday 05-09 worked.
        let mut days: Vec<_> = (1..=5)
            .map(|n| {
                (
                    some(chrono::NaiveDate::from_ymd_opt(2026, 5, n)),
                    DayKind::Holiday,
                )
            })
            .collect();
        days.push((
            some(chrono::NaiveDate::from_ymd_opt(2026, 5, 9)),
            DayKind::WorkingWeekend,
        ));
        let cal = WorkCalendar::new(days);
        let mut t = received("2026-04-29 09:00");
        t.resolved = Some(at("2026-04-30 16:00"));
        let due = some(deadlines(&t, &r, &cal)[2].1);
        // 05-06 (Wed), 05-07, 05-08: the end of Friday 8 May.
        assert_eq!(
            due.date(),
            some(chrono::NaiveDate::from_ymd_opt(2026, 5, 8))
        );
        t.resolved = Some(at("2026-05-07 16:00"));
        let due = some(deadlines(&t, &r, &cal)[2].1);
        // 05-08, the 调休 Saturday 05-09, Monday 05-11.
        assert_eq!(
            due.date(),
            some(chrono::NaiveDate::from_ymd_opt(2026, 5, 11))
        );
    }

    #[test]
    fn the_form_names_what_it_lacks() {
        let t = received("2026-11-02 09:00");
        let missing = missing_fields("张三", "电梯异响", "", "", None, &t, None);
        assert_eq!(
            missing,
            vec![
                "责任部门",
                "处理人",
                "是否有效",
                "首次回复时间",
                "办结时间",
                "回访结果"
            ]
        );
        let mut t = t;
        t.first_reply = Some(at("2026-11-02 10:00"));
        t.resolved = Some(at("2026-11-03 10:00"));
        t.revisited = Some(at("2026-11-04 10:00"));
        assert!(
            missing_fields(
                "张三",
                "电梯异响",
                "工程部",
                "吴刚",
                Some(false),
                &t,
                Some(Satisfaction::Satisfied)
            )
            .is_empty()
        );
    }

    #[test]
    fn spans_read_as_an_office_says_them() {
        assert_eq!(span(Duration::minutes(45)), "45 分钟");
        assert_eq!(span(Duration::minutes(180)), "3 小时");
        assert_eq!(span(Duration::minutes(200)), "3 小时 20 分钟");
        assert_eq!(span(Duration::hours(48)), "2 天");
        assert_eq!(span(Duration::hours(50)), "2 天 2 小时");
    }
}
