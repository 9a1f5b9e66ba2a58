//! The one place the program reads the time.
//!
//! `main` makes a `Clock` once and hands it to the window (`App`) or to the batch command; they
//! read `now()` at the moment a person acts and pass that moment down as a plain value. Nothing in
//! `db`, `domain`, `pdf` or `io` reads the wall clock, so tests can say what "now" is and a
//! record's dates never depend on when a function happens to run.

use crate::error::{Error, Result};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The environment variable that pins the clock (for testing, and for re-running a past day's
/// documents): `TAIZHANG_NOW=2026-11-24T10:00`.
pub const NOW_VAR: &str = "TAIZHANG_NOW";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The computer's local time.
    System,
    /// Always the same moment.
    Fixed(NaiveDateTime),
}

impl Clock {
    /// A clock pinned at `at`.
    pub fn fixed(at: NaiveDateTime) -> Clock {
        Clock::Fixed(at)
    }

    /// The system clock, unless `TAIZHANG_NOW` pins it. A value that is not a moment is refused
    /// with a message naming it, rather than silently ignored.
    pub fn from_env() -> Result<Clock> {
        match std::env::var(NOW_VAR) {
            Ok(v) if !v.trim().is_empty() => parse_moment(&v)
                .map(Clock::Fixed)
                .map_err(|e| Error::invalid(format!("环境变量 {NOW_VAR}：{e}。"))),
            _ => Ok(Clock::System),
        }
    }

    /// The present moment, local time, to the second.
    pub fn now(&self) -> NaiveDateTime {
        match self {
            Clock::System => {
                let t = chrono::Local::now().naive_local();
                // Records are kept to the second; dropping the fraction keeps `now()` and what
                // is stored identical.
                t.with_nanosecond_zero()
            }
            Clock::Fixed(t) => *t,
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }
}

/// How long something took, on the monotonic clock (never a date or a time of day): kept
/// here so that this file stays the one place that reads the present.
#[derive(Debug, Clone, Copy)]
pub struct Stopwatch(std::time::Instant);

impl Stopwatch {
    pub fn start() -> Stopwatch {
        Stopwatch(std::time::Instant::now())
    }

    pub fn elapsed(&self) -> std::time::Duration {
        self.0.elapsed()
    }
}

trait NoFraction {
    fn with_nanosecond_zero(self) -> Self;
}

impl NoFraction for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

/// Parses a moment as `TAIZHANG_NOW` takes it: `2026-11-24T10:00`, `2026-11-24T10:00:30`,
/// `2026-11-24 10:00`, or a bare date `2026-11-24` (its first second).
pub fn parse_moment(input: &str) -> std::result::Result<NaiveDateTime, String> {
    let s = input.trim();
    let bad = || format!("“{input}”不是时间（应写作 2026-11-24T10:00 或 2026-11-24 10:00:00）");
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Ok(t);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d.and_time(NaiveTime::MIN));
    }
    Err(bad())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A moment written out in the test; a mistyped one reads as 1970-01-01, which no
    /// assertion below expects, so the test fails rather than passes.
    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap_or_default()
    }

    #[test]
    fn the_forms_the_variable_takes() {
        assert_eq!(
            parse_moment("2026-11-24T10:00"),
            Ok(at("2026-11-24 10:00:00"))
        );
        assert_eq!(
            parse_moment(" 2026-11-24T23:59:30 "),
            Ok(at("2026-11-24 23:59:30"))
        );
        assert_eq!(
            parse_moment("2028-02-29 00:00"),
            Ok(at("2028-02-29 00:00:00"))
        );
        assert_eq!(parse_moment("2027-01-01"), Ok(at("2027-01-01 00:00:00")));
    }

    #[test]
    fn what_is_not_a_moment_is_named() {
        for bad in [
            "",
            "tomorrow",
            "2026-02-29T10:00",
            "2026-11-24T25:00",
            "24.11.2026",
        ] {
            match parse_moment(bad) {
                Ok(t) => panic!("{bad:?} was read as {t}"),
                Err(e) => assert!(e.contains(&format!("“{bad}”")), "{e}"),
            }
        }
    }

    #[test]
    fn a_fixed_clock_stands_still() {
        let c = Clock::fixed(at("2026-12-31 23:59:30"));
        assert_eq!(c.now(), at("2026-12-31 23:59:30"));
        assert_eq!(Some(c.today()), NaiveDate::from_ymd_opt(2026, 12, 31));
    }

    #[test]
    fn the_system_clock_keeps_whole_seconds() {
        use chrono::Timelike;
        assert_eq!(Clock::System.now().nanosecond(), 0);
    }

    proptest! {
        #[test]
        fn any_moment_written_as_the_variable_reads_back(
            secs in 0i64..(200 * 366 * 86_400),
        ) {
            let t = at("1950-01-01 00:00:00") + chrono::Duration::seconds(secs);
            let written = t.format("%Y-%m-%dT%H:%M:%S").to_string();
            prop_assert_eq!(parse_moment(&written), Ok(t));
            let minutes = t.format("%Y-%m-%dT%H:%M").to_string();
            let whole_minute = t - chrono::Duration::seconds(i64::from(chrono::Timelike::second(&t)));
            prop_assert_eq!(parse_moment(&minutes), Ok(whole_minute));
        }

        #[test]
        fn no_text_panics_the_parser(s in "\\PC{0,30}") {
            let _ = parse_moment(&s);
        }
    }
}
