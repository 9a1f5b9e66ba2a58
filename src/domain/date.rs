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
/// A date field that may be left empty (a filter's 起/止): None when empty; a date that does
/// not read is named with the field's `what`.
pub fn parse_optional_date(s: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    parse_date(s.trim())
        .map(Some)
        .map_err(|e| format!("{what}：{e}"))
}

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

/// A moment as the office's books write it: `2026-10-05 09:30`, `2026/10/5 9:30`,
/// `2026年10月5日 9时30分`, seconds allowed; a date alone is the start of that day; an Excel
/// serial with a fraction (`46300.5`) is a date and time.
pub fn parse_datetime(input: &str) -> Result<chrono::NaiveDateTime, String> {
    let s = normalize(input);
    let bad = || format!("“{input}”不是时间（应写作 2026-10-05 09:30）");
    if s.is_empty() {
        return Err("时间为空".into());
    }
    if let Ok(n) = s.parse::<f64>()
        && s.contains('.')
        && n >= 1.0
    {
        let date = from_excel_serial(n).map_err(|_| bad())?;
        if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
            return Err(bad());
        }
        let secs = ((n.fract() * 86_400.0).round() as u32).min(86_399);
        let time =
            chrono::NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).ok_or_else(bad)?;
        return Ok(date.and_time(time));
    }
    let (date_part, time_part) = match s.find([' ', 'T', '日']) {
        Some(i) => {
            let (d, t) = s.split_at(i);
            let d = if t.starts_with('日') {
                format!("{d}日")
            } else {
                d.to_string()
            };
            let t = t.trim_start_matches(['日', ' ', 'T']).trim().to_string();
            (d, t)
        }
        None => (s.clone(), String::new()),
    };
    let date = parse_date(&date_part).map_err(|_| bad())?;
    if time_part.is_empty() {
        return Ok(date.and_time(chrono::NaiveTime::MIN));
    }
    let t = time_part
        .replace(['时', '点'], ":")
        .replace('分', ":")
        .replace('秒', "");
    let parts: Vec<&str> = t.split(':').filter(|p| !p.is_empty()).collect();
    let num = |p: Option<&&str>| -> Result<u32, String> {
        match p {
            None => Ok(0),
            Some(v) if !v.is_empty() && v.len() <= 2 && v.chars().all(|c| c.is_ascii_digit()) => {
                v.parse().map_err(|_| bad())
            }
            Some(_) => Err(bad()),
        }
    };
    if parts.is_empty() || parts.len() > 3 {
        return Err(bad());
    }
    let time = chrono::NaiveTime::from_hms_opt(
        num(parts.first())?,
        num(parts.get(1))?,
        num(parts.get(2))?,
    )
    .ok_or_else(bad)?;
    Ok(date.and_time(time))
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

    #[test]
    fn moments_as_the_books_write_them() {
        let t = |s: &str| parse_datetime(s).map(|v| v.format("%Y-%m-%d %H:%M:%S").to_string());
        assert_eq!(t("2026-10-05 09:30").as_deref(), Ok("2026-10-05 09:30:00"));
        assert_eq!(t("2026/10/5 9:30").as_deref(), Ok("2026-10-05 09:30:00"));
        assert_eq!(
            t("2026年10月5日 9时30分").as_deref(),
            Ok("2026-10-05 09:30:00")
        );
        assert_eq!(t("2026年10月5日9:30").as_deref(), Ok("2026-10-05 09:30:00"));
        assert_eq!(
            t("2026-10-05 23:59:30").as_deref(),
            Ok("2026-10-05 23:59:30")
        );
        assert_eq!(t("2026-10-05").as_deref(), Ok("2026-10-05 00:00:00"));
        assert_eq!(t("46300.5").as_deref(), Ok("2026-10-05 12:00:00"));
        assert!(t("2026-10-05 25:00").is_err());
        assert!(t("2026-10-05 9:3x").is_err());
        assert!(t("明天上午").is_err());
        assert!(t("").is_err());
    }
}
