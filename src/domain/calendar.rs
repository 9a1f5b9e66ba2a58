//! The office's working days (工作日): Monday to Friday, less the public holidays, plus the
//! Saturdays and Sundays announced as working days (调休上班) — China moves its holidays each
//! year, so no weekday rule can say which days count. The office keeps the year's list in 设置
//! (or imports it); seed 003's "3 个工作日" revisit clock counts on it.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use std::collections::BTreeMap;

chinese_enum!(
    /// What a day in the calendar is, against the weekday rule.
    DayKind {
        Holiday = "节假日" | "法定节假日" | "假日" | "放假" | "休息日",
        WorkingWeekend = "调休上班" | "调休" | "补班" | "上班" | "工作日",
    }
);

/// The days that are not what their weekday says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    special: BTreeMap<NaiveDate, DayKind>,
}

impl WorkCalendar {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> WorkCalendar {
        WorkCalendar {
            special: days.into_iter().collect(),
        }
    }

    pub fn days(&self) -> impl Iterator<Item = (NaiveDate, DayKind)> + '_ {
        self.special.iter().map(|(d, k)| (*d, *k))
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.special.get(&d) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::WorkingWeekend) => true,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The end (23:59:59) of the `n`th working day after the day of `from`: "within three
    /// working days" of a Friday afternoon is the end of Wednesday, a holiday week skipped.
    pub fn working_days_after(&self, from: NaiveDateTime, n: u32) -> NaiveDateTime {
        let mut d = from.date();
        let mut left = n;
        // A calendar never has a year of holidays; the bound keeps a bad one from looping.
        let mut guard = 0;
        while left > 0 && guard < 3660 {
            d = d.succ_opt().unwrap_or(d);
            if self.is_working_day(d) {
                left -= 1;
            }
            guard += 1;
        }
        d.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default())
    }
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

    fn d(s: &str) -> NaiveDate {
        ok(NaiveDate::parse_from_str(s, "%Y-%m-%d"))
    }

    fn at(s: &str) -> NaiveDateTime {
        ok(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
    }

    /// 2026's National Day week as announced: 10-01..10-08 off, Sunday 09-28 and Saturday
    /// 10-11 worked.
    fn national_day() -> WorkCalendar {
        let mut days: Vec<(NaiveDate, DayKind)> = (1..=8)
            .map(|n| (d(&format!("2026-10-{n:02}")), DayKind::Holiday))
            .collect();
        days.push((d("2026-09-28"), DayKind::WorkingWeekend));
        days.push((d("2026-10-11"), DayKind::WorkingWeekend));
        WorkCalendar::new(days)
    }

    #[test]
    fn weekdays_work_unless_the_calendar_says_otherwise() {
        let c = national_day();
        assert!(c.is_working_day(d("2026-09-30")), "a Wednesday");
        assert!(!c.is_working_day(d("2026-10-05")), "a holiday Monday");
        assert!(!c.is_working_day(d("2026-10-10")), "an ordinary Saturday");
        assert!(c.is_working_day(d("2026-10-11")), "a 调休 Sunday");
        assert!(c.is_working_day(d("2026-09-28")));
        assert!(!WorkCalendar::default().is_working_day(d("2026-09-27")));
    }

    #[test]
    fn three_working_days_skip_weekends_and_holidays() {
        let c = WorkCalendar::default();
        // Friday afternoon → Monday, Tuesday, Wednesday: the end of Wednesday.
        assert_eq!(
            c.working_days_after(at("2026-11-20 15:00"), 3),
            at("2026-11-25 23:59") + chrono::Duration::seconds(59)
        );
        // Resolved on 30 September: 10-01..08 off, 10-09 (Fri) is the first working day,
        // 10-11 (a 调休 Sunday) the second, 10-12 the third.
        let c = national_day();
        assert_eq!(
            c.working_days_after(at("2026-09-30 10:00"), 3).date(),
            d("2026-10-12")
        );
        // Resolved on a holiday: counting starts the next working day.
        assert_eq!(
            c.working_days_after(at("2026-10-03 09:00"), 1).date(),
            d("2026-10-09")
        );
        // Across a year's end.
        assert_eq!(
            WorkCalendar::default()
                .working_days_after(at("2026-12-31 17:00"), 1)
                .date(),
            d("2027-01-01")
        );
        assert_eq!(
            c.working_days_after(at("2026-10-01 09:00"), 0).date(),
            d("2026-10-01")
        );
    }
}
