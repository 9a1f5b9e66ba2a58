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
    if s.len() == 15 && s.chars().all(|c| c.is_ascii_digit()) {
        return Ok(s);
    }
    if s.len() != 18 {
        return Err(format!("身份证号“{input}”应为 18 位"));
    }
    let (first, last) = s.split_at(17);
    let expected = id_check_char(first).ok_or_else(|| format!("身份证号“{input}”含非数字字符"))?;
    if !last.starts_with(expected) {
        return Err(format!("身份证号“{input}”校验位不正确，请核对"));
    }
    Ok(s)
}

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

#[cfg(test)]
mod tests {
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
