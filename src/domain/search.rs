//! Search as you type: one box finds a unit by room shorthand (`10-1-1201`), room (`1201`),
//! owner name, pinyin initials (`zs` → 张三), full pinyin (`zhangsan`) or phone tail.
//! Keys are computed once when rows are loaded; matching a keystroke is string comparisons only.

use super::text::{digits, normalize};
use pinyin::ToPinyinMulti;

/// Names in the order a Chinese office expects (and Excel sorts): by pinyin, 陈 before 张;
/// what has no reading (digits, letters) in natural order (B-2 before B-10).
pub fn pinyin_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    super::text::natural_cmp(&pinyin_key(a), &pinyin_key(b)).then_with(|| a.cmp(b))
}

/// What `pinyin_cmp` compares: each character's reading (a surname's own reading first),
/// what has none as it is, lower-cased. Worked out once per row when a table sorts.
pub fn pinyin_key(s: &str) -> String {
    use pinyin::ToPinyin;
    s.chars()
        .enumerate()
        .map(|(i, c)| match (i, surname_reading(c), c.to_pinyin()) {
            (0, Some(r), _) => format!("{r} "),
            (_, _, Some(p)) => format!("{} ", p.plain()),
            _ => c.to_lowercase().to_string(),
        })
        .collect()
}

/// Surnames read otherwise than the character's common reading (曾 is zeng as a surname).
fn surname_reading(c: char) -> Option<&'static str> {
    Some(match c {
        '曾' => "zeng",
        '单' => "shan",
        '解' => "xie",
        '仇' => "qiu",
        '朴' => "piao",
        '区' => "ou",
        '查' => "zha",
        '盖' => "ge",
        '乐' => "yue",
        '缪' => "miao",
        '覃' => "qin",
        '翟' => "zhai",
        '尉' => "yu",
        '召' => "shao",
        _ => return None,
    })
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameKey {
    name: String,
    /// For each character, the first letters of its readings: every reading for the surname
    /// (曾 zeng/ceng, 单 shan/dan), the common one for the given name (俊 is "jun", not the
    /// archaic "shun", so `zs` does not find 郑俊杰).
    initials: Vec<Vec<char>>,
    /// The readings concatenated ("zhangsan"): one string per reading of the surname
    /// (曾丽 → "cengli", "zengli"), the common reading for the given name.
    full: Vec<String>,
}

impl NameKey {
    pub fn new(name: &str) -> NameKey {
        let mut initials = Vec::new();
        let mut full = vec![String::new()];
        for (i, c) in name.chars().enumerate() {
            match c.to_pinyin_multi() {
                Some(multi) => {
                    let readings = if i == 0 { multi.count() } else { 1 };
                    let mut letters: Vec<char> = (0..readings)
                        .filter_map(|i| multi.get_opt(i))
                        .filter_map(|p| p.plain().chars().next())
                        .collect();
                    letters.dedup();
                    if i == 0 {
                        full = (0..readings)
                            .filter_map(|r| multi.get_opt(r))
                            .map(|p| p.plain().to_string())
                            .collect();
                        full.dedup();
                    } else if let Some(first) = multi.get_opt(0) {
                        for f in &mut full {
                            f.push_str(first.plain());
                        }
                    }
                    initials.push(letters);
                }
                None if c.is_ascii_alphanumeric() => {
                    let l = c.to_ascii_lowercase();
                    initials.push(vec![l]);
                    for f in &mut full {
                        f.push(l);
                    }
                }
                None => {}
            }
        }
        NameKey {
            name: name.to_string(),
            initials,
            full,
        }
    }

    fn matches_letters(&self, q: &str) -> bool {
        if self.full.iter().any(|f| f.starts_with(q)) {
            return true;
        }
        let q: Vec<char> = q.chars().collect();
        q.len() <= self.initials.len()
            && q.iter()
                .zip(&self.initials)
                .all(|(c, options)| options.contains(c))
    }
}

/// A search box's text, normalised (full-width → half-width, lower case) and split once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    tokens: Vec<String>,
}

impl Query {
    pub fn new(text: &str) -> Query {
        Query {
            tokens: normalize(text)
                .to_lowercase()
                .split_whitespace()
                .map(str::to_string)
                .collect(),
        }
    }
}

/// The searchable face of one unit and the people living there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchKey {
    building: String,
    building_num: String,
    entrance_num: String,
    room: String,
    names: Vec<NameKey>,
    phones: Vec<String>,
    /// Other text found by any part of it (a key's tag, what it opens, its hook).
    words: Vec<String>,
}

impl SearchKey {
    pub fn new(building: &str, entrance: &str, room: &str) -> SearchKey {
        SearchKey {
            building: building.to_lowercase(),
            building_num: digits(building),
            entrance_num: digits(entrance),
            room: room.to_lowercase(),
            names: Vec::new(),
            phones: Vec::new(),
            words: Vec::new(),
        }
    }

    pub fn add_words(&mut self, words: &[&str]) {
        self.words.extend(
            words
                .iter()
                .filter(|w| !w.is_empty())
                .map(|w| w.to_lowercase()),
        );
    }

    pub fn add_person(&mut self, name: &str, phones: &[&str]) {
        if !name.is_empty() {
            self.names.push(NameKey::new(name));
        }
        self.phones.extend(
            phones
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| p.to_string()),
        );
    }

    /// Every whitespace-separated part of the query must match something.
    pub fn matches(&self, query: &str) -> bool {
        self.matches_query(&Query::new(query))
    }

    /// As `matches`, with the query prepared once for a whole table.
    pub fn matches_query(&self, query: &Query) -> bool {
        query.tokens.iter().all(|token| self.matches_token(token))
    }

    fn matches_token(&self, t: &str) -> bool {
        if self.words.iter().any(|w| w.contains(t)) {
            return true;
        }
        if t.contains('-') {
            return self.matches_shorthand(t);
        }
        if t.chars().all(|c| c.is_ascii_digit()) {
            return self.room.contains(t)
                || self.building_num == t
                || (t.len() >= 3 && self.phones.iter().any(|p| p.ends_with(t)));
        }
        if t.chars().all(|c| c.is_ascii_alphabetic()) {
            return self.names.iter().any(|n| n.matches_letters(t))
                || self.room.contains(t)
                || self.building.contains(t);
        }
        self.names.iter().any(|n| n.name.to_lowercase().contains(t))
            || self.building.contains(t)
            || self.room.contains(t)
    }

    /// `10-1-1201` (building-entrance-room) or `10-1201` (building-room).
    fn matches_shorthand(&self, t: &str) -> bool {
        let parts: Vec<&str> = t.split('-').collect();
        match parts.as_slice() {
            [b, e, r] => {
                self.building_num == *b
                    && self.entrance_num == *e
                    && (r.is_empty() || self.room == *r)
            }
            [b, r] => self.building_num == *b && (r.is_empty() || self.room == *r),
            _ => false,
        }
    }
}

/// The searchable face of one member of staff: name (characters, pinyin, initials), phone
/// tail, department and post.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StaffKey {
    name: NameKey,
    phones: Vec<String>,
    words: Vec<String>,
}

impl StaffKey {
    pub fn new(name: &str, phones: &[&str], words: &[&str]) -> StaffKey {
        StaffKey {
            name: NameKey::new(name),
            phones: phones
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| p.to_string())
                .collect(),
            words: words.iter().map(|w| w.to_lowercase()).collect(),
        }
    }

    pub fn matches_query(&self, query: &Query) -> bool {
        query.tokens.iter().all(|t| {
            if t.chars().all(|c| c.is_ascii_digit()) {
                t.len() >= 3 && self.phones.iter().any(|p| p.ends_with(t.as_str()))
            } else if t.chars().all(|c| c.is_ascii_alphabetic()) {
                self.name.matches_letters(t)
            } else {
                self.name.name.to_lowercase().contains(t.as_str())
                    || self.words.iter().any(|w| w.contains(t.as_str()))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zhang_san() -> SearchKey {
        let mut k = SearchKey::new("10号楼", "1单元", "1201");
        k.add_person("张三", &["13800138000", ""]);
        k
    }

    #[test]
    fn room_shorthand() {
        let k = zhang_san();
        assert!(k.matches("10-1-1201"));
        assert!(k.matches("10-1201"));
        assert!(k.matches("10-1-"));
        assert!(!k.matches("10-2-1201"));
        assert!(!k.matches("1-1-1201"));
        assert!(k.matches("１２０１"));
        assert!(k.matches("1201"));
        assert!(k.matches("120"));
        assert!(!k.matches("1301"));
    }

    #[test]
    fn names_and_pinyin() {
        let k = zhang_san();
        assert!(k.matches("张三"));
        assert!(k.matches("张"));
        assert!(k.matches("zs"));
        assert!(k.matches("ZS"));
        assert!(k.matches("z"));
        assert!(k.matches("zhangsan"));
        assert!(k.matches("zhang"));
        assert!(!k.matches("ls"));
        assert!(!k.matches("zsx"));
    }

    #[test]
    fn polyphonic_surnames_match_either_reading() {
        let mut k = SearchKey::new("1号楼", "", "101");
        k.add_person("曾小贤", &[]);
        assert!(k.matches("zxx"));
        assert!(k.matches("cxx"));
    }

    #[test]
    fn rare_readings_of_given_names_do_not_match() {
        let mut k = SearchKey::new("5号楼", "1单元", "1502");
        k.add_person("郑俊杰", &[]);
        assert!(k.matches("zjj"));
        assert!(!k.matches("zs"));
        let mut k = SearchKey::new("1号楼", "", "101");
        k.add_person("单田芳", &[]);
        assert!(k.matches("stf"));
        assert!(k.matches("dtf"));
    }

    #[test]
    fn phone_tail_needs_three_digits() {
        let k = zhang_san();
        assert!(k.matches("8000"));
        assert!(k.matches("000"));
        assert!(!k.matches("9999"));
    }

    #[test]
    fn several_parts_must_all_match() {
        let k = zhang_san();
        assert!(k.matches("10号楼 zs"));
        assert!(!k.matches("9号楼 zs"));
        assert!(k.matches(""));
    }

    #[test]
    fn rare_name_characters_have_initials() {
        let k = NameKey::new("王堃");
        assert!(k.matches_letters("wk"));
    }

    #[test]
    fn staff_by_name_initials_phone_tail_and_department() {
        let k = StaffKey::new("曾丽", &["13912345678"], &["保洁部", "保洁员"]);
        for q in [
            "曾丽",
            "zl",
            "cl",
            "zengli",
            "5678",
            "保洁部",
            "保洁",
            "zl 保洁",
        ] {
            assert!(k.matches_query(&Query::new(q)), "{q}");
        }
        for q in ["wl", "1234", "绿化", "56"] {
            assert!(!k.matches_query(&Query::new(q)), "{q}");
        }
    }

    #[test]
    fn names_sort_by_pinyin() {
        let mut names = vec!["张伟", "陈建国", "李强", "曾文博", "B-10", "B-2"];
        names.sort_by(|a, b| pinyin_cmp(a, b));
        assert_eq!(
            names,
            vec!["B-2", "B-10", "陈建国", "李强", "曾文博", "张伟"]
        );
    }
}
