//! Money: integer fen (分) throughout. Parsing what people type, showing yuan with two
//! decimals, the amount in Chinese capital numerals (人民币大写) for receipts and notices,
//! half-up rounding of area × rate, and the largest-remainder split of a shared amount.

use super::text::normalize;

/// An amount in fen. Negative for refunds and corrections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

impl Money {
    pub fn fen(self) -> i64 {
        self.0
    }

    /// What people type: `1234.5`, `1,234.50`, `¥1234.50`, `1234.50元`, `-12.3`, full-width digits.
    pub fn parse(input: &str) -> Result<Money, String> {
        let s = normalize(input).replace([' ', ','], "");
        let s = s
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('元')
            .to_string();
        // Messages quote at most 40 characters of what was typed.
        let input = &super::text::excerpt(input.trim());
        let bad = || format!("金额“{input}”不是数字（应写作 1234.50）");
        if s.is_empty() {
            return Err("金额为空".into());
        }
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.as_str()),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && frac.is_empty() {
            return Err(bad());
        }
        if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        if frac.len() > 2 && frac[2..].chars().any(|c| c != '0') {
            return Err(format!("金额“{input}”超过两位小数（分）"));
        }
        if whole.trim_start_matches('0').len() > 9 {
            return Err(too_large(input));
        }
        let yuan: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        let mut f = frac.chars().take(2).collect::<String>();
        while f.len() < 2 {
            f.push('0');
        }
        let fen: i64 = f.parse().map_err(|_| bad())?;
        let total = yuan * 100 + fen;
        if total > MAX_AMOUNT_FEN {
            return Err(too_large(input));
        }
        Ok(Money(if negative { -total } else { total }))
    }

    /// `1,234.50` — thousands separated, as ledgers print money.
    pub fn grouped(self) -> String {
        let plain = self.to_string();
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", plain.as_str()),
        };
        let (whole, frac) = rest.split_once('.').unwrap_or((rest, "00"));
        let mut out = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        format!("{sign}{out}.{frac}")
    }

    /// The amount in capital numerals (人民币大写).
    pub fn capital(self) -> String {
        capital(self.0)
    }
}

/// `1234.50`: yuan with two decimals.
impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

/// The largest amount one field can hold: 1 亿元. An office's largest real figure — a year of a
/// shopping centre's fees, a whole estate's shared electricity — is a few million; the bound
/// keeps every sum of ten years of lines far inside 64 bits.
pub const MAX_AMOUNT_FEN: i64 = 100_000_000 * 100;

fn too_large(input: &str) -> String {
    format!("金额“{input}”超过 1 亿元，大得不合理，请核对")
}

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// Four digits (0–9999) in capitals with 仟佰拾; `zero_before` when a higher group was written
/// and this group does not fill its thousands (a 零 joins them).
fn group(n: u64, zero_before: bool) -> String {
    const UNITS: [&str; 4] = ["仟", "佰", "拾", ""];
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut s = String::new();
    let mut pending_zero = zero_before && n < 1000;
    for (d, unit) in digits.iter().zip(UNITS) {
        if *d == 0 {
            if !s.is_empty() {
                pending_zero = true;
            }
        } else {
            if pending_zero {
                s.push('零');
                pending_zero = false;
            }
            s.push(DIGITS[*d as usize]);
            s.push_str(unit);
        }
    }
    s
}

/// 人民币大写 of an amount in fen, as receipts and notices print it: 壹仟贰佰叁拾肆元伍角整,
/// 零元整, 壹拾元零伍分, 伍角整, 壹拾万零壹拾元整, 负伍元整. A zero inside is written once
/// (正确填写票据和结算凭证的基本规定: ￥1680.32 → 壹仟陆佰捌拾元零叁角贰分).
pub fn capital(fen: i64) -> String {
    if fen == 0 {
        return "零元整".into();
    }
    let sign = if fen < 0 { "负" } else { "" };
    let a = fen.unsigned_abs();
    let (yuan, jiao, fen) = (a / 100, a / 10 % 10, a % 10);
    let mut s = String::new();
    if yuan > 0 {
        s.push_str(&yuan_capital(yuan));
        s.push('元');
    }
    match (jiao, fen) {
        (0, 0) => s.push('整'),
        (0, f) => {
            if yuan > 0 {
                s.push('零');
            }
            s.push(DIGITS[f as usize]);
            s.push('分');
        }
        (j, 0) => {
            // ￥1680.30 → 壹仟陆佰捌拾元零叁角整: a 零 after a yuan amount ending in 0.
            if yuan > 0 && yuan % 10 == 0 {
                s.push('零');
            }
            s.push(DIGITS[j as usize]);
            s.push_str("角整");
        }
        (j, f) => {
            if yuan > 0 && yuan % 10 == 0 {
                s.push('零');
            }
            s.push(DIGITS[j as usize]);
            s.push('角');
            s.push(DIGITS[f as usize]);
            s.push('分');
        }
    }
    format!("{sign}{s}")
}

/// A whole number of yuan (> 0) in capitals: groups of eight below each 亿, so that any amount
/// reads (壹万亿 = 壹万亿, 壹亿零伍万).
fn yuan_capital(yuan: u64) -> String {
    const YI: u64 = 100_000_000;
    if yuan >= YI {
        let (high, low) = (yuan / YI, yuan % YI);
        let mut s = yuan_capital(high);
        s.push('亿');
        if low > 0 {
            if low < YI / 10 {
                s.push('零');
            }
            s.push_str(&below_yi(low));
        }
        return s;
    }
    below_yi(yuan)
}

/// 1 … 99,999,999 yuan: the 万 group and the units group.
fn below_yi(yuan: u64) -> String {
    let mut s = String::new();
    let mut written = false;
    let mut gap = false;
    for (g, unit) in [(yuan / 10_000, "万"), (yuan % 10_000, "")] {
        if g == 0 {
            if written {
                gap = true;
            }
            continue;
        }
        let part = group(g, written);
        if gap && !part.starts_with('零') {
            s.push('零');
        }
        s.push_str(&part);
        s.push_str(unit);
        written = true;
        gap = false;
    }
    s
}

/// `a × b ÷ d` rounded half up (away from zero at .5), exact in 128-bit. For area × rate:
/// hundredths of m² × fen per m² ÷ 100 = fen.
pub fn mul_div_round(a: i64, b: i64, d: i64) -> i64 {
    if d == 0 {
        return 0;
    }
    let p = a as i128 * b as i128;
    let d = d as i128;
    let (q, r) = (p / d, p % d);
    let twice = 2 * r.abs();
    let q = if twice >= d.abs() {
        if (p < 0) != (d < 0) { q - 1 } else { q + 1 }
    } else {
        q
    };
    q as i64
}

/// Splits `total` fen over `weights` (charge areas) so the shares add up exactly to `total`:
/// each gets the floor of its exact share, and the fen left over go one each to the largest
/// remainders (ties to the earlier unit). Zero weights get nothing; if all weights are zero
/// nothing can be split and every share is zero.
pub fn allocate_largest_remainder(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|w| (*w).max(0) as i128).sum();
    if sum == 0 || total == 0 {
        return vec![0; weights.len()];
    }
    let sign = if total < 0 { -1 } else { 1 };
    let t = total.unsigned_abs() as i128;
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let w = (*w).max(0) as i128;
        let exact = t * w;
        shares.push(exact / sum);
        remainders.push((exact % sum, i));
    }
    let given: i128 = shares.iter().sum();
    let mut left = t - given;
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (r, i) in remainders {
        if left == 0 {
            break;
        }
        if r > 0 {
            shares[i] += 1;
            left -= 1;
        }
    }
    shares.into_iter().map(|s| sign * s as i64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_as_receipts_write_them() {
        let cases: &[(i64, &str)] = &[
            (0, "零元整"),
            (123_450, "壹仟贰佰叁拾肆元伍角整"),
            (1_005, "壹拾元零伍分"),
            (1_000, "壹拾元整"),
            (5, "伍分"),
            (50, "伍角整"),
            (55, "伍角伍分"),
            (100, "壹元整"),
            (101, "壹元零壹分"),
            (110, "壹元壹角整"),
            (111, "壹元壹角壹分"),
            (100_400, "壹仟零肆元整"),
            (100_040, "壹仟元零肆角整"),
            (100_005, "壹仟元零伍分"),
            (101_000, "壹仟零壹拾元整"),
            (110_000, "壹仟壹佰元整"),
            (1_000_000, "壹万元整"),
            (1_001_000, "壹万零壹拾元整"),
            (10_000_000, "壹拾万元整"),
            (10_001_000, "壹拾万零壹拾元整"),
            (10_100_000, "壹拾万壹仟元整"),
            (100_000_100, "壹佰万零壹元整"),
            (123_456_789, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
            (1_000_000_000, "壹仟万元整"),
            (10_000_000_000, "壹亿元整"),
            (10_000_000_100, "壹亿零壹元整"),
            (10_001_000_000, "壹亿零壹万元整"),
            (100_000_000_000, "壹拾亿元整"),
            (100_001_000_000, "壹拾亿零壹万元整"),
            (
                12_345_678_901_234,
                "壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分",
            ),
            (-500, "负伍元整"),
            // The payment rules' own example, ￥1680.32.
            (168_032, "壹仟陆佰捌拾元零叁角贰分"),
            (1_050, "壹拾元零伍角整"),
            (2_000_000, "贰万元整"),
            (20_200_000, "贰拾万贰仟元整"),
            (30_003_000, "叁拾万零叁拾元整"),
            // 1 万亿元 and beyond (the hardening issue: these panicked).
            (100_000_000_000_000, "壹万亿元整"),
            (100_000_000_000_100, "壹万亿零壹元整"),
            (100_050_000_000_000, "壹万零伍亿元整"),
            (
                999_999_999_999_999,
                "玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
            ),
        ];
        for (fen, expected) in cases {
            assert_eq!(capital(*fen), *expected, "{fen} fen");
        }
    }

    #[test]
    fn every_amount_up_to_a_thousand_yuan_reads_back() {
        // Exhaustive over 0.00–1000.00: a capital string parses back to the same fen.
        for fen in 0..=100_000 {
            assert_eq!(
                read_capital(&capital(fen)),
                Some(fen),
                "{fen}: {}",
                capital(fen)
            );
        }
    }

    /// A reader of capitals for the round-trip test (not used by the product).
    fn read_capital(s: &str) -> Option<i64> {
        let s = s.strip_suffix('整').unwrap_or(s);
        let (yuan_part, small) = match s.split_once('元') {
            Some((y, rest)) => (y, rest),
            None => ("", s),
        };
        let digit = |c: char| DIGITS.iter().position(|d| *d == c).map(|v| v as i64);
        let mut yuan = 0;
        let mut current = 0;
        let mut last = 0;
        for c in yuan_part.chars() {
            match c {
                '零' => last = 0,
                '拾' => {
                    current += last * 10;
                    last = 0
                }
                '佰' => {
                    current += last * 100;
                    last = 0
                }
                '仟' => {
                    current += last * 1000;
                    last = 0
                }
                '万' => {
                    yuan += (current + last) * 10_000;
                    current = 0;
                    last = 0
                }
                '亿' => {
                    yuan = (yuan + current + last) * 100_000_000;
                    current = 0;
                    last = 0
                }
                c => last = digit(c)?,
            }
        }
        yuan += current + last;
        let mut fen = yuan * 100;
        let mut last = 0;
        for c in small.chars() {
            match c {
                '零' => {}
                '角' => fen += last * 10,
                '分' => fen += last,
                c => last = digit(c)?,
            }
        }
        Some(fen)
    }

    proptest::proptest! {
        /// Any amount at all reads back, 亿 of 亿 included; negative ones carry 负.
        #[test]
        fn every_amount_reads_back(fen in 0i64..=i64::MAX) {
            proptest::prop_assert_eq!(read_capital(&capital(fen)), Some(fen));
            proptest::prop_assert_eq!(capital(-fen).strip_prefix('负').map(str::to_string)
                .unwrap_or_else(|| capital(-fen)), capital(fen));
        }

        /// Whatever is typed: no panic, and an accepted amount prints and parses back.
        #[test]
        fn typed_amounts_never_panic_and_round_trip(s in "\\PC{0,24}") {
            if let Ok(m) = Money::parse(&s) {
                proptest::prop_assert_eq!(Money::parse(&m.to_string()), Ok(m));
                proptest::prop_assert_eq!(Money::parse(&m.grouped()), Ok(m));
            }
        }
    }

    #[test]
    fn amounts_beyond_one_hundred_million_yuan_are_refused() {
        // The hardening issue's 9999999999999.99 was accepted and broke the receipt.
        let e = Money::parse("9999999999999.99").err().unwrap_or_default();
        assert!(e.contains("超过 1 亿元"), "{e}");
        assert_eq!(Money::parse("100000000"), Ok(Money(MAX_AMOUNT_FEN)));
        assert!(Money::parse("100000000.01").is_err());
        assert_eq!(Money::parse("-100000000"), Ok(Money(-MAX_AMOUNT_FEN)));
        assert_eq!(Money::parse("000000000000012.50"), Ok(Money(1250)));
    }

    #[test]
    fn extremes_never_panic() {
        assert!(capital(i64::MIN).starts_with('负'));
        assert!(!capital(i64::MAX).is_empty());
    }

    #[test]
    fn amounts_as_typed() {
        assert_eq!(Money::parse("1234.5"), Ok(Money(123_450)));
        assert_eq!(Money::parse("¥1,234.50"), Ok(Money(123_450)));
        assert_eq!(Money::parse("１２３４.５０元"), Ok(Money(123_450)));
        assert_eq!(Money::parse("-12.3"), Ok(Money(-1_230)));
        assert_eq!(Money::parse(".05"), Ok(Money(5)));
        assert_eq!(Money::parse("7"), Ok(Money(700)));
        assert_eq!(Money::parse("7.500"), Ok(Money(750)));
        assert!(Money::parse("7.555").is_err());
        assert!(Money::parse("七元").is_err());
        assert!(Money::parse("").is_err());
        assert_eq!(Money(123_450).to_string(), "1234.50");
        assert_eq!(Money(-5).to_string(), "-0.05");
        assert_eq!(Money(123_456_789).grouped(), "1,234,567.89");
        assert_eq!(Money(-100_000).grouped(), "-1,000.00");
    }

    #[test]
    fn area_times_rate_rounds_half_up_to_the_fen() {
        // 89.50 m² × 2.50 元 = 223.75 元 exactly.
        assert_eq!(mul_div_round(8_950, 250, 100), 22_375);
        // 89.53 m² × 2.35 元 = 210.3955 元 → 210.40.
        assert_eq!(mul_div_round(8_953, 235, 100), 21_040);
        // 0.5 fen rounds up; 0.49 down.
        assert_eq!(mul_div_round(1, 50, 100), 1);
        assert_eq!(mul_div_round(1, 49, 100), 0);
        assert_eq!(mul_div_round(-1, 50, 100), -1);
    }

    #[test]
    fn shares_add_up_exactly() {
        // 100.00 元 over three equal areas: 33.34 + 33.33 + 33.33.
        assert_eq!(
            allocate_largest_remainder(10_000, &[1, 1, 1]),
            vec![3_334, 3_333, 3_333]
        );
        // Hand-computed: 1000.00 元 over 89.50, 120.35, 143.80 m² (total 353.65):
        // exact 25307.51, 34030.82, 40661.67 fen → floors 25307, 34030, 40661 (= 99998);
        // the two fen left go to the largest remainders, .82 and .67: the 2nd and 3rd.
        assert_eq!(
            allocate_largest_remainder(100_000, &[8_950, 12_035, 14_380]),
            vec![25_307, 34_031, 40_662]
        );
        assert_eq!(
            allocate_largest_remainder(-100, &[1, 1, 1]),
            vec![-34, -33, -33]
        );
        assert_eq!(allocate_largest_remainder(500, &[0, 0]), vec![0, 0]);
        assert_eq!(allocate_largest_remainder(500, &[0, 3]), vec![0, 500]);
        // Many units, awkward amounts: the sum is always the total.
        let mut seed: u64 = 7;
        for _ in 0..300 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let n = 1 + (seed >> 40) as usize % 400;
            let weights: Vec<i64> = (0..n)
                .map(|i| 1_000 + ((seed >> (i % 30)) % 20_000) as i64)
                .collect();
            let total = (seed >> 20) as i64 % 10_000_000;
            let shares = allocate_largest_remainder(total, &weights);
            assert_eq!(shares.iter().sum::<i64>(), total);
            assert!(shares.iter().all(|s| *s >= 0));
        }
    }
}
