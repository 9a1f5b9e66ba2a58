//! Charge area (收费面积): square metres with two decimals, kept as integer hundredths so that
//! sums and later fee arithmetic are exact.

use super::text::normalize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Area(pub i64);

/// Largest plausible single unit; anything above is a typing error (an extra zero).
/// The largest area a unit can have: 100,000 ㎡, a whole shopping centre (the largest real unit
/// of an estate is a few thousand). Bounded so that area × rate stays far inside 64 bits.
const MAX_HUNDREDTHS: i64 = 100_000 * 100;

impl Area {
    pub fn hundredths(self) -> i64 {
        self.0
    }

    /// Parses what people and spreadsheets write: `89.5`, `89.50㎡`, `89.5 m²`, `89.5平方米`,
    /// full-width digits, spaces around. At most two decimals; never negative.
    pub fn parse(input: &str) -> Result<Area, String> {
        let s = normalize(input);
        // Messages quote at most 40 characters of what was typed.
        let input = &super::text::excerpt(input.trim());
        if s.is_empty() {
            return Err("面积为空".into());
        }
        let mut t = s.replace(' ', "");
        for unit in ["平方米", "平米", "㎡", "m²", "M²", "m2", "M2", "平"] {
            if let Some(stripped) = t.strip_suffix(unit) {
                t = stripped.to_string();
                break;
            }
        }
        let t = t.replace(',', "");
        if t.is_empty() || t.starts_with('-') {
            return Err(format!("面积“{input}”不是正数"));
        }
        let (int_part, frac_part) = match t.split_once('.') {
            Some((i, f)) => (i, f),
            None => (t.as_str(), ""),
        };
        let int_ok = !int_part.is_empty() && int_part.chars().all(|c| c.is_ascii_digit());
        let frac_ok = frac_part.chars().all(|c| c.is_ascii_digit());
        if !int_ok || !frac_ok {
            return Err(format!("面积“{input}”不是数字"));
        }
        if frac_part.len() > 2 {
            let extra = &frac_part[2..];
            if extra.chars().any(|c| c != '0') {
                return Err(format!("面积“{input}”超过两位小数"));
            }
        }
        let whole: i64 = int_part.parse().map_err(|_| format!("面积“{input}”太大"))?;
        let mut frac: i64 = 0;
        for (i, c) in frac_part.chars().take(2).enumerate() {
            let d = i64::from(c.to_digit(10).unwrap_or(0));
            frac += if i == 0 { d * 10 } else { d };
        }
        Self::checked(whole.saturating_mul(100).saturating_add(frac), input)
    }

    /// A number cell from a spreadsheet. Binary floats like 89.50000000001 are accepted as
    /// 89.50; a real third decimal (89.555) is refused rather than silently rounded.
    pub fn from_f64(v: f64) -> Result<Area, String> {
        if !v.is_finite() || v < 0.0 {
            return Err(format!("面积“{v}”不是正数"));
        }
        let scaled = v * 100.0;
        let rounded = scaled.round();
        if (scaled - rounded).abs() > 1e-6 {
            return Err(format!("面积“{v}”超过两位小数"));
        }
        Self::checked(rounded as i64, &v.to_string())
    }

    fn checked(h: i64, input: &str) -> Result<Area, String> {
        if h == 0 {
            return Err("面积不能为 0".into());
        }
        if h > MAX_HUNDREDTHS {
            return Err(format!(
                "面积“{}”超过 100000 ㎡，大得不合理，请检查",
                super::text::excerpt(input.trim())
            ));
        }
        Ok(Area(h))
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_beyond_a_shopping_centre_are_refused() {
        // The hardening issue's 9999999.99 billed an overflowing total.
        assert!(Area::parse("9999999.99").is_err_and(|e| e.contains("大得不合理")));
        assert!(Area::parse("100000").is_ok());
        assert!(Area::parse("100000.01").is_err());
        assert!(Area::from_f64(1e300).is_err());
        assert!(Area::parse(&"9".repeat(400)).is_err_and(|e| e.chars().count() < 80));
    }

    #[test]
    fn parses_what_spreadsheets_hold() {
        assert_eq!(Area::parse("89.5"), Ok(Area(8950)));
        assert_eq!(Area::parse("89.50㎡"), Ok(Area(8950)));
        assert_eq!(Area::parse("89.5 m²"), Ok(Area(8950)));
        assert_eq!(Area::parse(" 89.5 "), Ok(Area(8950)));
        assert_eq!(Area::parse("８９．５"), Ok(Area(8950)));
        assert_eq!(Area::parse("120"), Ok(Area(12000)));
        assert_eq!(Area::parse("120.05平方米"), Ok(Area(12005)));
        assert_eq!(Area::parse("1,234.5"), Ok(Area(123450)));
        assert_eq!(Area::parse("89.500"), Ok(Area(8950)));
    }

    #[test]
    fn refuses_nonsense() {
        assert!(Area::parse("").is_err());
        assert!(Area::parse("abc").is_err());
        assert!(Area::parse("-5").is_err());
        assert!(Area::parse("89.555").is_err());
        assert!(Area::parse("0").is_err());
        assert!(Area::parse("89.5.1").is_err());
        assert!(Area::parse("99999999").is_err());
    }

    #[test]
    fn floats_from_excel() {
        assert_eq!(Area::from_f64(89.5), Ok(Area(8950)));
        assert_eq!(Area::from_f64(89.500000000001), Ok(Area(8950)));
        assert_eq!(Area::from_f64(0.1 + 0.2), Ok(Area(30)));
        assert!(Area::from_f64(89.555).is_err());
        assert!(Area::from_f64(-1.0).is_err());
    }

    #[test]
    fn displays_two_decimals() {
        assert_eq!(Area(8950).to_string(), "89.50");
        assert_eq!(Area(12005).to_string(), "120.05");
        assert_eq!(Area(7).to_string(), "0.07");
    }
}
