//! Text clean-up for what people type and what spreadsheets hold.

/// Free text as a person typed it (a note, a purpose, a reason, a position): zero-width
/// characters dropped, a no-break space made an ordinary one, the ends trimmed. Full-width
/// punctuation and letters stay as written — "钥匙已交，（待确认）" is how Chinese is written,
/// and a note must read back as it was typed.
pub fn clean(s: &str) -> String {
    // Most cells need nothing: copy them once (a 100,000-row import reads a million cells).
    if !s.chars().any(needs_cleaning) {
        return s.trim().to_string();
    }
    s.chars()
        // Zero-width characters pasted from web pages and chat apps: invisible, and they make
        // "1201" and "12\u{200B}01" different rooms.
        .filter(|c| !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'))
        .map(|c| if c == '\u{00A0}' { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

fn needs_cleaning(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn is_full_width(c: char) -> bool {
    matches!(c, '\u{3000}' | '\u{FF01}'..='\u{FF5E}')
}

/// A number, code or name (a room, an amount, a date, a phone, a tag, a person's name):
/// [`clean`], and full-width ASCII forms (U+FF01–FF5E) and the ideographic space become their
/// half-width equivalents. Chinese Windows input methods often produce full-width digits
/// ("１２０１"), which must mean the same as "1201".
pub fn normalize(s: &str) -> String {
    let cleaned = clean(s);
    if !cleaned.chars().any(is_full_width) {
        return cleaned;
    }
    cleaned
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Yes/no as offices mark it in a sheet: 是/否, 有/无, √/×, Y/N, 1/0, 已签/未签, 完整/不完整.
/// Empty means no.
pub fn parse_yes_no(input: &str) -> Result<bool, String> {
    let s = normalize(input).to_lowercase();
    match s.as_str() {
        "" | "否" | "无" | "没有" | "×" | "x" | "n" | "no" | "0" | "false" | "未签" | "未签字"
        | "不完整" | "缺" | "缺失" => Ok(false),
        "是" | "有" | "√" | "✓" | "✔" | "y" | "yes" | "1" | "true" | "已签" | "已签字" | "完整"
        | "齐全" => Ok(true),
        _ => Err(format!("“{input}”应填 是/否")),
    }
}

/// The first control character in a cell, if any (tab, line feed and carriage return are
/// ordinary in a multi-line note).
pub fn control_char(s: &str) -> Option<char> {
    s.chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The longest text one field may hold: a full page of notes. No person types more into one
/// field or one cell; a cell that long is a file gone wrong (a quote or delimiter out of place).
pub const MAX_TEXT_CHARS: usize = 2000;

/// The length of `s` in characters when it is over [`MAX_TEXT_CHARS`].
pub fn too_long(s: &str) -> Option<usize> {
    if s.len() <= MAX_TEXT_CHARS {
        return None;
    }
    let n = s.chars().count();
    (n > MAX_TEXT_CHARS).then_some(n)
}

/// What a person typed or a cell held, for a message: at most 40 characters, then "…".
pub fn excerpt(s: &str) -> String {
    excerpt_n(s, 40)
}

/// The first `max` characters of `s`, with "…" when there were more.
pub fn excerpt_n(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// The digits in a string, in order ("10号楼" → "10").
pub fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_stop_at_forty_characters() {
        assert_eq!(excerpt("短"), "短");
        let long = "中".repeat(100);
        assert_eq!(excerpt(&long), format!("{}…", "中".repeat(40)));
        assert_eq!(excerpt(&"a".repeat(40)), "a".repeat(40));
    }

    #[test]
    fn zero_width_characters_are_dropped() {
        assert_eq!(normalize("12\u{200B}01"), "1201");
        assert_eq!(normalize("\u{FEFF}刘德华\u{200D}"), "刘德华");
    }

    /// The first control character of a cell (tab and line breaks aside), for the importers to
    /// refuse.
    #[test]
    fn a_page_of_text_is_the_limit() {
        assert_eq!(too_long(&"长".repeat(2000)), None);
        assert_eq!(too_long(&"长".repeat(2001)), Some(2001));
        assert_eq!(too_long(&"a".repeat(2001)), Some(2001));
    }

    #[test]
    fn control_characters_are_found() {
        assert_eq!(control_char("ab\u{7}c"), Some('\u{7}'));
        assert_eq!(control_char("两行\n备注\t"), None);
    }

    #[test]
    fn full_width_becomes_half_width() {
        assert_eq!(normalize("　１２０１ "), "1201");
        assert_eq!(normalize("８９．５０㎡"), "89.50㎡");
        assert_eq!(normalize("ＡＢｃ"), "ABc");
    }

    #[test]
    fn free_text_keeps_its_full_width_punctuation() {
        assert_eq!(
            clean(" 钥匙已交，（待确认）ＡＢ\u{200B} "),
            "钥匙已交，（待确认）ＡＢ"
        );
        assert_eq!(clean("\u{00A0}两个　空格\u{3000}"), "两个　空格");
        assert_eq!(normalize("钥匙已交，（待确认）"), "钥匙已交,(待确认)");
    }

    #[test]
    fn yes_and_no() {
        assert_eq!(parse_yes_no("是"), Ok(true));
        assert_eq!(parse_yes_no(" √ "), Ok(true));
        assert_eq!(parse_yes_no("已签字"), Ok(true));
        assert_eq!(parse_yes_no("Y"), Ok(true));
        assert_eq!(parse_yes_no(""), Ok(false));
        assert_eq!(parse_yes_no("不完整"), Ok(false));
        assert!(parse_yes_no("也许").is_err());
    }

    #[test]
    fn digits_of_building_names() {
        assert_eq!(digits("10号楼"), "10");
        assert_eq!(digits("A座"), "");
    }
}

/// Orders "2号楼" before "10号楼" and "902" before "1201": digit runs compare as numbers.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let mut n = String::new();
                while let Some(c) = x.peek().copied().filter(char::is_ascii_digit) {
                    n.push(c);
                    x.next();
                }
                let mut m = String::new();
                while let Some(d) = y.peek().copied().filter(char::is_ascii_digit) {
                    m.push(d);
                    y.next();
                }
                let (n, m) = (n.trim_start_matches('0'), m.trim_start_matches('0'));
                let ord = n.len().cmp(&m.len()).then_with(|| n.cmp(m));
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                x.next();
                y.next();
            }
        }
    }
}

#[cfg(test)]
mod natural_tests {
    use super::natural_cmp;
    use std::cmp::Ordering::*;

    #[test]
    fn numbers_inside_names_sort_as_numbers() {
        assert_eq!(natural_cmp("2号楼", "10号楼"), Less);
        assert_eq!(natural_cmp("902", "1201"), Less);
        assert_eq!(natural_cmp("1201", "1201"), Equal);
        assert_eq!(natural_cmp("A101", "A99"), Greater);
        assert_eq!(natural_cmp("", "1"), Less);
    }
}
