//! Billing periods (所属期间, `2026-11`), arrears ageing and collection rates — the calendar
//! and ratio rules the charging ledgers will stand on. Pure and tested.

use super::money::mul_div_round;
use super::text::normalize;
use chrono::{Datelike, NaiveDate};

/// A year-month billing period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Period {
    pub fn new(year: i32, month: u32) -> Option<Period> {
        ((1900..=2200).contains(&year) && (1..=12).contains(&month))
            .then_some(Period { year, month })
    }

    pub fn of(d: NaiveDate) -> Period {
        Period {
            year: d.year(),
            month: d.month(),
        }
    }

    /// `2026-11`, `2026-1`, `2026/11`, `2026.11`, `2026年11月`, `202611`.
    pub fn parse(input: &str) -> Result<Period, String> {
        let s = normalize(input).replace(' ', "");
        let bad = || format!("“{input}”不是期间（应写作 2026-11 或 2026年11月）");
        let (y, m) = if s.len() == 6 && s.chars().all(|c| c.is_ascii_digit()) {
            (s[..4].to_string(), s[4..].to_string())
        } else {
            let unified = s
                .replace('年', "-")
                .replace('月', "")
                .replace(['/', '.'], "-");
            let (y, m) = unified.split_once('-').ok_or_else(bad)?;
            (y.to_string(), m.to_string())
        };
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        Period::new(year, month).ok_or_else(bad)
    }

    fn index(self) -> i64 {
        self.year as i64 * 12 + (self.month as i64 - 1)
    }

    fn from_index(i: i64) -> Period {
        Period {
            year: i.div_euclid(12) as i32,
            month: i.rem_euclid(12) as u32 + 1,
        }
    }

    /// The period `n` months later (earlier for negative `n`).
    pub fn plus(self, n: i64) -> Period {
        Period::from_index(self.index() + n)
    }

    /// Whole months from `self` to `later` (negative if `later` is earlier).
    pub fn months_until(self, later: Period) -> i64 {
        later.index() - self.index()
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    pub fn last_day(self) -> NaiveDate {
        self.plus(1).first_day().pred_opt().unwrap_or_default()
    }

    /// `2026年11月`, as documents name a period.
    pub fn doc(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

/// `2026-11`, as tables and the database write a period.
impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// How old an unpaid bill is (欠费账龄), counted in months from its period to the month of the
/// reckoning date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ageing {
    ThisMonth,
    UpTo3,
    UpTo6,
    UpTo12,
    OverAYear,
}

impl Ageing {
    pub const ALL: [Ageing; 5] = [
        Ageing::ThisMonth,
        Ageing::UpTo3,
        Ageing::UpTo6,
        Ageing::UpTo12,
        Ageing::OverAYear,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Ageing::ThisMonth => "本月",
            Ageing::UpTo3 => "1–3 个月",
            Ageing::UpTo6 => "3–6 个月",
            Ageing::UpTo12 => "6–12 个月",
            Ageing::OverAYear => "一年以上",
        }
    }

    /// The bucket of a bill for `period` on `as_of`; None for a period not yet reached.
    pub fn of(period: Period, as_of: NaiveDate) -> Option<Ageing> {
        match period.months_until(Period::of(as_of)) {
            m if m < 0 => None,
            0 => Some(Ageing::ThisMonth),
            1..=3 => Some(Ageing::UpTo3),
            4..=6 => Some(Ageing::UpTo6),
            7..=12 => Some(Ageing::UpTo12),
            _ => Some(Ageing::OverAYear),
        }
    }
}

/// A collection rate in hundredths of a percent (9523 = 95.23 %), rounded half up; None when
/// nothing was billed.
pub fn collection_rate(collected_fen: i64, billed_fen: i64) -> Option<i64> {
    (billed_fen > 0).then(|| mul_div_round(collected_fen, 10_000, billed_fen))
}

/// `95.23%`, or `—` when nothing was billed.
/// The collection-rate chart's y range in percent: the data and the 95 % target with a
/// margin, so that months of 94–97 % are not a flat line at the top of 0–100 %.
pub fn chart_range(rates_pct: &[f64], target_pct: f64) -> (f64, f64) {
    let lo = rates_pct.iter().copied().fold(target_pct, f64::min);
    let hi = rates_pct.iter().copied().fold(target_pct, f64::max);
    let margin = ((hi - lo) * 0.15).max(1.0);
    (
        (lo - margin).floor().max(0.0),
        (hi + margin).ceil().min(100.0),
    )
}

pub fn rate_text(rate: Option<i64>) -> String {
    match rate {
        Some(r) => format!("{}.{:02}%", r / 100, r % 100),
        None => "—".into(),
    }
}

/// Receipt numbers run without gaps within a year: `2026-000123`.
pub fn receipt_number(year: i32, seq: i64) -> String {
    format!("{year}-{seq:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).unwrap_or(Period { year: 0, month: 1 })
    }

    #[test]
    fn periods_as_written() {
        for s in [
            "2026-11",
            "2026-11 ",
            "2026/11",
            "2026.11",
            "2026年11月",
            "202611",
            "２０２６-１１",
        ] {
            assert_eq!(Period::parse(s), Ok(p(2026, 11)), "{s}");
        }
        assert_eq!(Period::parse("2026-1"), Ok(p(2026, 1)));
        for s in ["2026-13", "2026", "十一月", "2026-00", ""] {
            assert!(Period::parse(s).is_err(), "{s}");
        }
        assert_eq!(p(2026, 1).to_string(), "2026-01");
        assert_eq!(p(2026, 11).doc(), "2026年11月");
    }

    #[test]
    fn months_across_years() {
        assert_eq!(p(2026, 11).plus(2), p(2027, 1));
        assert_eq!(p(2026, 1).plus(-1), p(2025, 12));
        assert_eq!(p(2025, 12).months_until(p(2026, 11)), 11);
        assert_eq!(p(2024, 2).last_day(), d(2024, 2, 29));
        assert_eq!(p(2026, 12).last_day(), d(2026, 12, 31));
        assert_eq!(p(2026, 11).first_day(), d(2026, 11, 1));
    }

    #[test]
    fn ageing_buckets_at_their_edges() {
        let as_of = d(2026, 11, 24);
        let cases = [
            (p(2026, 12), None),
            (p(2026, 11), Some(Ageing::ThisMonth)),
            (p(2026, 10), Some(Ageing::UpTo3)),
            (p(2026, 8), Some(Ageing::UpTo3)),
            (p(2026, 7), Some(Ageing::UpTo6)),
            (p(2026, 5), Some(Ageing::UpTo6)),
            (p(2026, 4), Some(Ageing::UpTo12)),
            (p(2025, 11), Some(Ageing::UpTo12)),
            (p(2025, 10), Some(Ageing::OverAYear)),
        ];
        for (period, expected) in cases {
            assert_eq!(Ageing::of(period, as_of), expected, "{period}");
        }
    }

    #[test]
    fn collection_rates_to_the_hundredth_of_a_percent() {
        // 95,231.00 collected of 100,000.00 billed.
        assert_eq!(collection_rate(9_523_100, 10_000_000), Some(9_523));
        // 2/3 = 66.666… % → 66.67 %.
        assert_eq!(rate_text(collection_rate(200, 300)), "66.67%");
        assert_eq!(rate_text(collection_rate(300, 300)), "100.00%");
        assert_eq!(rate_text(collection_rate(0, 0)), "—");
        assert_eq!(receipt_number(2026, 123), "2026-000123");
    }

    #[test]
    fn the_chart_fits_its_data_and_the_target() {
        assert_eq!(chart_range(&[94.2, 96.8, 95.5], 95.0), (93.0, 98.0));
        assert_eq!(chart_range(&[60.0, 99.5], 95.0), (54.0, 100.0));
        assert_eq!(chart_range(&[], 95.0), (94.0, 96.0));
        assert_eq!(chart_range(&[0.0], 95.0), (0.0, 100.0));
    }
}
