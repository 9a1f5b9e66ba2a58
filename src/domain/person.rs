//! Owners' and occupants' personal data: phones and ID numbers, validated and masked.

use super::text::normalize;

/// The last digit of an 18-character resident ID (GB 11643) from the first 17.
fn id_check_char(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    Some(CHECK[(sum % 11) as usize])
}

/// Makes an 18-character ID number valid by computing its check character (demo data, tests).
pub fn with_id_check(first17: &str) -> Option<String> {
    if first17.len() != 17 {
        return None;
    }
    id_check_char(first17).map(|c| format!("{first17}{c}"))
}

/// Validates a resident ID number: 18 characters with a correct check character, or the old
/// 15-digit form. Returns it normalised (upper-case X). Empty stays empty (it is optional).
pub fn normalize_id_number(input: &str) -> Result<String, String> {
    let s = normalize(input).replace(' ', "").to_uppercase();
    if s.is_empty() {
        return Ok(s);
    }
    let shown = super::text::excerpt(input.trim());
    let chars: Vec<char> = s.chars().collect();
    let birth = match chars.len() {
        15 if chars.iter().all(char::is_ascii_digit) => format!("19{}", &s[6..12]),
        15 => return Err(format!("身份证号“{shown}”含非数字字符")),
        18 if chars[..17].iter().all(char::is_ascii_digit)
            && (chars[17].is_ascii_digit() || chars[17] == 'X') =>
        {
            let expected =
                id_check_char(&s[..17]).ok_or_else(|| format!("身份证号“{shown}”含非数字字符"))?;
            if chars[17] != expected {
                return Err(format!("身份证号“{shown}”校验位不正确，请核对"));
            }
            s[6..14].to_string()
        }
        18 => {
            return Err(format!(
                "身份证号“{shown}”含非数字字符（只有最后一位可以是 X）"
            ));
        }
        _ => return Err(format!("身份证号“{shown}”应为 18 位（或旧版 15 位）")),
    };
    if !PROVINCES.contains(&&s[..2]) {
        return Err(format!(
            "身份证号“{shown}”的前两位 {} 不是省级行政区代码，请核对",
            &s[..2]
        ));
    }
    match chrono::NaiveDate::parse_from_str(&birth, "%Y%m%d") {
        Ok(d) if d >= chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(d) => Ok(s),
        _ => Err(format!(
            "身份证号“{shown}”中的出生日期 {birth} 不是真实的日期，请核对"
        )),
    }
}

/// The birth date an ID number holds (its validity checked by `normalize_id_number`).
pub fn id_birth_date(id: &str) -> Option<chrono::NaiveDate> {
    let birth = match id.len() {
        15 => format!("19{}", id.get(6..12)?),
        18 => id.get(6..14)?.to_string(),
        _ => return None,
    };
    chrono::NaiveDate::parse_from_str(&birth, "%Y%m%d").ok()
}

/// The first two digits of a resident ID: the provinces, autonomous regions and municipalities
/// (GB/T 2260), 71 台湾, and 81/82/83 of the residence permits of Hong Kong, Macao and Taiwan
/// residents.
const PROVINCES: [&str; 35] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82", "83",
];

/// `110101********1234`: the region and the last four stay visible, the birth date is hidden.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

/// An edit form shows an ID number masked; left as shown, the number kept is the original.
/// Anything else typed is the new number.
pub fn unmask_if_unchanged(typed: &str, original: &str) -> String {
    if !original.is_empty() && typed.trim() == mask_id_number(original) {
        original.to_string()
    } else {
        typed.to_string()
    }
}

/// Validates one phone number: a mobile (11 digits starting with 1), or a landline of 7–12
/// digits with an optional area code; dashes and spaces are dropped, `+86` is accepted.
pub fn normalize_phone(input: &str) -> Result<String, String> {
    let s = normalize(input);
    let s = s.strip_prefix("+86").unwrap_or(&s);
    let cleaned: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    if cleaned.is_empty() {
        return Ok(cleaned);
    }
    if !cleaned.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("电话“{input}”含非数字字符"));
    }
    let ok = if cleaned.starts_with('1') && !cleaned.starts_with("10") {
        cleaned.len() == 11
    } else {
        (7..=12).contains(&cleaned.len())
    };
    if ok {
        Ok(cleaned)
    } else {
        Err(format!("电话“{input}”位数不对"))
    }
}

/// A cell that may hold two phones (`13800138000/13900139000`, `、`, `，`, `;`).
pub fn split_phones(input: &str) -> Result<(String, String), String> {
    let s = normalize(input);
    let parts: Vec<&str> = s
        .split(['/', '、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [] => Ok((String::new(), String::new())),
        [a] => Ok((normalize_phone(a)?, String::new())),
        [a, b] => Ok((normalize_phone(a)?, normalize_phone(b)?)),
        _ => Err(format!("电话“{input}”超过两个号码")),
    }
}

/// A form's validated input, refused when its ID number says the person is born after `today`.
pub fn born_by<T>(
    input: T,
    id_number: impl Fn(&T) -> Option<&str>,
    today: chrono::NaiveDate,
) -> Result<T, Vec<super::estate::FieldError>> {
    match id_number(&input).and_then(|id| born_after(id, today)) {
        Some(message) => Err(vec![super::estate::FieldError {
            field: "身份证号",
            message,
        }]),
        None => Ok(input),
    }
}

/// An ID number whose birth date is after `today` (a typing slip in the year): what to say.
pub fn born_after(id_number: &str, today: chrono::NaiveDate) -> Option<String> {
    let born = super::staff::id_birth_date(id_number)?;
    (born > today).then(|| {
        format!(
            "身份证号中的出生日期 {} 晚于今天（{}），请核对",
            super::date::iso(born),
            super::date::iso(today)
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_masked_id_left_as_shown_keeps_the_original() {
        let id = "11010519491231002X";
        assert_eq!(unmask_if_unchanged("110105********002X", id), id);
        assert_eq!(unmask_if_unchanged(" 110105********002X ", id), id);
        assert_eq!(
            unmask_if_unchanged("110105194912310011", id),
            "110105194912310011"
        );
        assert_eq!(unmask_if_unchanged("", id), "");
        assert_eq!(
            unmask_if_unchanged("110105********002X", ""),
            "110105********002X"
        );
    }

    use super::*;

    #[test]
    fn id_numbers() {
        // GB 11643's published example.
        assert_eq!(
            normalize_id_number("11010519491231002X"),
            Ok("11010519491231002X".into())
        );
        assert_eq!(
            normalize_id_number("11010519491231002x"),
            Ok("11010519491231002X".into())
        );
        assert!(normalize_id_number("110105194912310021").is_err());
        assert!(normalize_id_number("1101051949").is_err());
        assert_eq!(normalize_id_number(""), Ok(String::new()));
        assert_eq!(
            normalize_id_number("110105491231002"),
            Ok("110105491231002".into())
        );
        assert_eq!(
            with_id_check("11010519491231002"),
            Some("11010519491231002X".into())
        );
    }

    #[test]
    fn id_numbers_from_the_hardening_issue() {
        // 18 bytes with a multi-byte character: refused, no panic.
        assert!(normalize_id_number("110105194912310中").is_err());
        assert!(normalize_id_number("1101051949123100é").is_err());
        // Impossible birth dates, with a correct check character.
        for first17 in [
            "11010519491331002",
            "11010519490232002",
            "11010518991231002",
        ] {
            let id = with_id_check(first17).unwrap_or_default();
            let e = normalize_id_number(&id).err().unwrap_or_default();
            assert!(e.contains("出生日期"), "{e}");
        }
        // Region codes 00 and 99.
        for first17 in ["00010519491231002", "99010519491231002"] {
            let id = with_id_check(first17).unwrap_or_default();
            let e = normalize_id_number(&id).err().unwrap_or_default();
            assert!(e.contains("前两位"), "{e}");
        }
        // The old 15-digit form: same checks.
        assert!(normalize_id_number("110105491331002").is_err());
        assert!(normalize_id_number("990105491231002").is_err());
        assert!(normalize_id_number("11010549123100X").is_err());
        assert_eq!(
            id_birth_date("11010519491231002X"),
            chrono::NaiveDate::from_ymd_opt(1949, 12, 31)
        );
        assert_eq!(
            id_birth_date("110105491231002"),
            chrono::NaiveDate::from_ymd_opt(1949, 12, 31)
        );
        // A long wrong value is quoted short.
        let e = normalize_id_number(&"1".repeat(300))
            .err()
            .unwrap_or_default();
        assert!(e.chars().count() < 80, "{e}");
    }

    proptest::proptest! {
        /// No input panics; whatever is accepted is accepted again unchanged.
        #[test]
        fn id_numbers_never_panic_and_round_trip(s in "\\PC{0,30}") {
            if let Ok(id) = normalize_id_number(&s) {
                proptest::prop_assert_eq!(normalize_id_number(&id), Ok(id.clone()));
                proptest::prop_assert!(id.is_empty() || id_birth_date(&id).is_some());
            }
        }

        #[test]
        fn valid_ids_are_accepted(region in 0usize..35, days in 0i64..40_000, seq in 0u32..1000) {
            let born = chrono::NaiveDate::from_ymd_opt(1920, 1, 1).unwrap_or_default()
                + chrono::Duration::days(days);
            let first17 = format!("{}0105{}{seq:03}", PROVINCES[region], born.format("%Y%m%d"));
            let id = with_id_check(&first17).unwrap_or_default();
            proptest::prop_assert_eq!(normalize_id_number(&id), Ok(id.clone()));
            proptest::prop_assert_eq!(id_birth_date(&id), Some(born));
        }
    }

    #[test]
    fn masking_hides_the_birth_date() {
        assert_eq!(mask_id_number("11010519491231002X"), "110105********002X");
        assert_eq!(mask_id_number(""), "");
    }

    #[test]
    fn phones() {
        assert_eq!(normalize_phone("138 0013 8000"), Ok("13800138000".into()));
        assert_eq!(normalize_phone("+86 13800138000"), Ok("13800138000".into()));
        assert_eq!(normalize_phone("0755-86001234"), Ok("075586001234".into()));
        assert_eq!(
            normalize_phone("１３８００１３８０００"),
            Ok("13800138000".into())
        );
        assert!(normalize_phone("1380013800").is_err());
        assert!(normalize_phone("abc").is_err());
        assert_eq!(
            split_phones("13800138000/13900139000"),
            Ok(("13800138000".into(), "13900139000".into()))
        );
        assert_eq!(split_phones(""), Ok((String::new(), String::new())));
    }
}
