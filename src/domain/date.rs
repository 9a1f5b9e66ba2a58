//! Dates as the office writes them, and as documents and tables show them.

use super::text::normalize;
use chrono::{Datelike, NaiveDate};

/// `2026年11月23日`, as documents print dates.
pub fn doc_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// `2026-11-23`, as tables show dates and the database stores them.
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in).
pub fn from_excel_serial(serial: f64) -> Result<NaiveDate, String> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return Err(format!("“{serial}”不是有效的 Excel 日期"));
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or("内部日期错误")?;
    base.checked_add_days(chrono::Days::new(serial.floor() as u64))
        .ok_or_else(|| format!("“{serial}”不是有效的 Excel 日期"))
}

/// The years a date in the office's records can fall in.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2099;

/// Accepts `2023-03-05`, `2023/3/5`, `2023.3.5`, `2023年3月5日`, `20230305`, and Excel serial
/// numbers such as `44990` (what a date cell becomes when a sheet is saved as CSV badly).
pub fn parse_date(input: &str) -> Result<NaiveDate, String> {
    let s = normalize(input);
    if s.is_empty() {
        return Err("日期为空".into());
    }
    let bad = || format!("“{input}”不是日期（应写作 2023-03-05、2023/3/5 或 2023年3月5日）");
    // A time part after the date (from spreadsheets) is ignored.
    let date_part = s.split([' ', 'T']).next().unwrap_or("");
    if date_part.chars().all(|c| c.is_ascii_digit() || c == '.') {
        if date_part.len() == 8 && !date_part.contains('.') {
            // The same years as every other form: 30000101 is a slip, not a day.
            return NaiveDate::parse_from_str(date_part, "%Y%m%d")
                .ok()
                .filter(|d| (FIRST_YEAR..=LAST_YEAR).contains(&d.year()))
                .ok_or_else(bad);
        }
        if let Ok(n) = date_part.parse::<f64>()
            && date_part.len() <= 7
            && date_part.matches('.').nth(1).is_none()
            && n >= 1.0
        {
            // A serial is a date only when it lands in the years an office's records span:
            // `99999` (2173) is a typing slip, not a day.
            return from_excel_serial(n)
                .ok()
                .filter(|d| (FIRST_YEAR..=LAST_YEAR).contains(&d.year()))
                .ok_or_else(bad);
        }
    }
    let unified: String = date_part
        .replace(['年', '月'], "-")
        .replace('日', "")
        .replace(['/', '.'], "-");
    let parts: Vec<&str> = unified.split('-').collect();
    if parts.len() != 3 {
        return Err(bad());
    }
    let y: i32 = parts[0].parse().map_err(|_| bad())?;
    let m: u32 = parts[1].parse().map_err(|_| bad())?;
    let d: u32 = parts[2].parse().map_err(|_| bad())?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&y) {
        return Err(bad());
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn office_formats() {
        assert_eq!(parse_date("2023-03-05"), Ok(d(2023, 3, 5)));
        assert_eq!(parse_date("2023/3/5"), Ok(d(2023, 3, 5)));
        assert_eq!(parse_date("2023.3.5"), Ok(d(2023, 3, 5)));
        assert_eq!(parse_date("2023年3月5日"), Ok(d(2023, 3, 5)));
        assert_eq!(parse_date(" ２０２３年３月５日 "), Ok(d(2023, 3, 5)));
        assert_eq!(parse_date("20230305"), Ok(d(2023, 3, 5)));
        assert!(
            parse_date("30000101").is_err(),
            "the compact form keeps the years too"
        );
        assert!(parse_date("99999").is_err(), "a serial in 2173 is a slip");
        assert!(parse_date("2100-01-01").is_err());
        assert_eq!(parse_date("2023-03-05 00:00:00"), Ok(d(2023, 3, 5)));
    }

    #[test]
    fn excel_serials() {
        // 44990 is 2023-03-05 in Excel; 1 is 1899-12-31 under its 1900 bug.
        assert_eq!(parse_date("44990"), Ok(d(2023, 3, 5)));
        assert_eq!(from_excel_serial(44990.75), Ok(d(2023, 3, 5)));
        assert_eq!(from_excel_serial(60.0), Ok(d(1900, 2, 28)));
        assert!(from_excel_serial(-3.0).is_err());
    }

    #[test]
    fn refuses_impossible_dates() {
        assert!(parse_date("2023-02-30").is_err());
        assert!(parse_date("2023-13-01").is_err());
        assert!(parse_date("明天").is_err());
        assert!(parse_date("").is_err());
        assert!(parse_date("3/5/2023").is_err());
    }

    #[test]
    fn shows_dates_both_ways() {
        assert_eq!(doc_date(d(2026, 11, 23)), "2026年11月23日");
        assert_eq!(iso(d(2026, 1, 2)), "2026-01-02");
    }
}
