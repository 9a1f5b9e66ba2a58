//! Notices from templates (通知/公告): a template is text with named fields (`{小区}`,
//! `{开始时间}` …); filling it checks every field, formats dates the Chinese way, and refuses
//! anything that would print blank or with braces. Pure: no SQL, no egui.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use std::collections::BTreeMap;

/// Fields the program fills itself: the estate's name, the office's name, the targets of the
/// copy, the reference number and the date of issue.
pub const AUTO_FIELDS: [&str; 5] = ["小区", "管理处", "楼栋", "文号", "发文日期"];
/// Filled from the settings but the clerk may change it for one notice.
pub const PHONE_FIELD: &str = "联系电话";
/// The arrears table of a dunning notice: only in the 催缴通知书 template, on a line of its own.
pub const ARREARS_TABLE: &str = "欠费明细";
/// What the charging module fills in a dunning notice, unit by unit.
pub const DUNNING_FIELDS: [&str; 9] = [
    "业主",
    "房屋",
    "截至日期",
    "欠费明细",
    "欠费合计",
    "欠费大写",
    "滞纳金",
    "滞纳金大写",
    "缴费期限",
];
/// The longest field name a template may use.
const MAX_NAME: usize = 12;

/// How a field is entered and printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Filled by the program.
    Auto,
    /// A day: typed `12-3` or picked, printed `2026年12月3日 星期四`.
    Date,
    /// A day and an hour: typed `12-3 9:00`, printed `2026年12月3日 星期四 9:00`.
    DateTime,
    /// Anything else, printed as typed.
    Text,
}

/// By its name: `…日期` is a date, `…时间` a date and time, the program's own fields are auto.
pub fn field_kind(name: &str) -> FieldKind {
    if AUTO_FIELDS.contains(&name) {
        FieldKind::Auto
    } else if name.ends_with("时间") {
        FieldKind::DateTime
    } else if name.ends_with("日期") || name == "期限" {
        FieldKind::Date
    } else {
        FieldKind::Text
    }
}

/// A piece of template text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Field(String),
}

/// One line of a template: its pieces, and whether it is optional (written with a leading
/// `？`: left out when one of its fields is empty, e.g. the late-fee sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub optional: bool,
    pub pieces: Vec<Piece>,
}

/// Splits text into pieces, refusing braces that do not make a field.
pub fn parse_text(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}', '｛', '｝']) {
        let c = rest[open..].chars().next().unwrap_or('{');
        if c == '}' || c == '｝' {
            return Err(format!(
                "“{}”中有多余的右括号“{c}”",
                excerpt(text, open + (text.len() - rest.len()))
            ));
        }
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_string()));
        }
        let after = &rest[open + c.len_utf8()..];
        let close = after.find(['}', '｝', '{', '｛']);
        let Some(close) = close else {
            return Err(format!("“{}”中的“{c}”没有对应的右括号", excerpt(after, 0)));
        };
        let closing = after[close..].chars().next().unwrap_or('}');
        if closing == '{' || closing == '｛' {
            return Err(format!("“{}”中的“{c}”没有对应的右括号", excerpt(after, 0)));
        }
        let name = after[..close].trim();
        if name.is_empty() {
            return Err("模板中有空的字段“{}”，请写上字段名，如 {原因}".into());
        }
        if name.chars().count() > MAX_NAME || name.chars().any(char::is_whitespace) {
            return Err(format!(
                "字段名“{name}”不对：字段名不超过 {MAX_NAME} 个字，不含空格"
            ));
        }
        pieces.push(Piece::Field(name.to_string()));
        rest = &after[close + closing.len_utf8()..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Ok(pieces)
}

fn excerpt(text: &str, at: usize) -> String {
    let start = text[..at.min(text.len())]
        .char_indices()
        .rev()
        .nth(5)
        .map(|(i, _)| i)
        .unwrap_or(0);
    text[start..].chars().take(14).collect()
}

/// A template as the office keeps it: a name, a title and the body's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: String,
    pub title: String,
    pub body: String,
    /// The dunning template (`催缴`) is the charging module's: its own fields are allowed.
    pub dunning: bool,
}

impl Template {
    /// Its lines, parsed; the first error names the line.
    pub fn lines(&self) -> Result<Vec<Line>, String> {
        let mut out = Vec::new();
        for (i, raw) in self.body.lines().enumerate() {
            let trimmed = raw.trim_end();
            let (optional, text) = match trimmed.strip_prefix(['？', '?']) {
                Some(t) => (true, t),
                None => (false, trimmed),
            };
            let pieces = parse_text(text).map_err(|e| format!("正文第 {} 行：{e}", i + 1))?;
            out.push(Line { optional, pieces });
        }
        Ok(out)
    }

    /// Checks the template as the settings page saves it: braces, the arrears table's place,
    /// a name and a title.
    pub fn check(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("模板名称不能为空".into());
        }
        if self.title.trim().is_empty() {
            return Err("通知标题不能为空".into());
        }
        parse_text(&self.title).map_err(|e| format!("标题：{e}"))?;
        let lines = self.lines()?;
        if lines.iter().all(|l| l.pieces.is_empty()) {
            return Err("正文不能为空".into());
        }
        for (i, l) in lines.iter().enumerate() {
            let has_table = l
                .pieces
                .iter()
                .any(|p| matches!(p, Piece::Field(f) if f == ARREARS_TABLE));
            if has_table && !self.dunning {
                return Err(format!(
                    "正文第 {} 行：字段{{{ARREARS_TABLE}}}只能用于催缴通知书",
                    i + 1
                ));
            }
            if has_table && l.pieces.len() != 1 {
                return Err(format!(
                    "正文第 {} 行：{{{ARREARS_TABLE}}}是一张表，须单独成行",
                    i + 1
                ));
            }
        }
        Ok(())
    }

    /// Every field the template uses, in the order they first appear (title first).
    pub fn fields(&self) -> Result<Vec<String>, String> {
        let mut names: Vec<String> = Vec::new();
        let title = parse_text(&self.title).map_err(|e| format!("标题：{e}"))?;
        let lines = self.lines()?;
        for p in title
            .iter()
            .chain(lines.iter().flat_map(|l| l.pieces.iter()))
        {
            if let Piece::Field(f) = p
                && !names.contains(f)
            {
                names.push(f.clone());
            }
        }
        Ok(names)
    }

    /// The fields the clerk fills in (not the program's own, not the dunning data).
    pub fn input_fields(&self) -> Result<Vec<String>, String> {
        Ok(self
            .fields()?
            .into_iter()
            .filter(|f| field_kind(f) != FieldKind::Auto)
            .filter(|f| !(self.dunning && DUNNING_FIELDS.contains(&f.as_str())))
            .collect())
    }
}

/// A line of a filled notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Para {
    Text(String),
    /// The dunning notice's arrears table goes here.
    Table,
}

/// A notice's text with every field filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    pub title: String,
    pub paras: Vec<Para>,
}

fn fill_pieces(
    pieces: &[Piece],
    values: &BTreeMap<String, String>,
) -> Result<Result<String, String>, String> {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Field(f) => match values.get(f) {
                None => return Err(format!("模板中的字段{{{f}}}没有对应的内容")),
                Some(v) if v.trim().is_empty() => return Ok(Err(f.clone())),
                Some(v) => out.push_str(v.trim()),
            },
        }
    }
    Ok(Ok(out))
}

/// Fills the template with printed values (already formatted). A field with no value is
/// refused by name; an empty field is refused unless its line is optional (`？`), which is
/// then left out. Values for fields the template does not use are refused too: a typo in a
/// field's name must not print a notice without it.
pub fn fill(t: &Template, values: &BTreeMap<String, String>) -> Result<Filled, String> {
    t.check()?;
    let used = t.fields()?;
    if let Some(extra) = values
        .keys()
        .find(|k| !used.contains(k) && !AUTO_FIELDS.contains(&k.as_str()) && *k != PHONE_FIELD)
    {
        return Err(format!("模板“{}”中没有字段{{{extra}}}", t.name));
    }
    let title = match fill_pieces(&parse_text(&t.title)?, values)? {
        Ok(s) => s,
        Err(f) => return Err(format!("字段{{{f}}}没有填写")),
    };
    let mut paras = Vec::new();
    for l in t.lines()? {
        if l.pieces.len() == 1 && l.pieces[0] == Piece::Field(ARREARS_TABLE.into()) {
            paras.push(Para::Table);
            continue;
        }
        match fill_pieces(&l.pieces, values)? {
            Ok(s) => paras.push(Para::Text(s)),
            Err(_) if l.optional => {}
            Err(f) => return Err(format!("字段{{{f}}}没有填写")),
        }
    }
    // Blank lines at the ends carry nothing.
    while paras.last() == Some(&Para::Text(String::new())) {
        paras.pop();
    }
    Ok(Filled { title, paras })
}

/// The days of the week from Monday, as notices print them.
const WEEKDAYS: [&str; 7] = [
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
    "星期日",
];

/// 星期四.
pub fn weekday(d: NaiveDate) -> &'static str {
    WEEKDAYS[d.weekday().num_days_from_monday() as usize]
}

/// `2026年12月3日 星期四`.
pub fn date_text(d: NaiveDate) -> String {
    format!("{} {}", super::date::doc_date(d), weekday(d))
}

/// `2026年12月3日 星期四 9:00`.
pub fn datetime_text(t: NaiveDateTime) -> String {
    format!("{} {}", date_text(t.date()), t.format("%-H:%M"))
}

/// The year a day typed without one falls in: the one that puts it no more than half a year
/// before `today` (in December, `1-5` is next January).
fn infer_year(month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(today.year(), month, day);
    let next = NaiveDate::from_ymd_opt(today.year() + 1, month, day);
    match this {
        Some(d) if (today - d).num_days() <= 183 => Some(d),
        _ => next.or(this),
    }
}

/// A day as a clerk types it: `12-3`, `12/3`, `12.3`, `12月3日`, `2026-12-3`, `2026年12月3日`,
/// a printed `2026年12月3日 星期四`, or 今天/明天/后天.
pub fn parse_day(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let s = super::text::normalize(input);
    let s = strip_weekday(&s);
    let bad = || format!("“{input}”不是日期（可写 12-3、12月3日 或 2026-12-3）");
    match s.as_str() {
        "" => return Err("日期为空".into()),
        "今天" => return Ok(today),
        "明天" => return Ok(today + chrono::Duration::days(1)),
        "后天" => return Ok(today + chrono::Duration::days(2)),
        _ => {}
    }
    let unified = s
        .replace(['年', '月', '/', '.'], "-")
        .replace(['日', '号'], "");
    let parts: Vec<&str> = unified.split('-').collect();
    let num = |p: &str| p.trim().parse::<u32>().map_err(|_| bad());
    match parts.as_slice() {
        [m, d] => infer_year(num(m)?, num(d)?, today).ok_or_else(bad),
        [y, m, d] => {
            let y = i32::try_from(num(y)?).map_err(|_| bad())?;
            if !(super::date::FIRST_YEAR..=super::date::LAST_YEAR).contains(&y) {
                return Err(bad());
            }
            NaiveDate::from_ymd_opt(y, num(m)?, num(d)?).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

fn strip_weekday(s: &str) -> String {
    let mut out = s.to_string();
    for w in WEEKDAYS.iter().chain(&["星期天", "(", ")", "（", "）"]) {
        out = out.replace(w, " ");
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An hour: `9:00`, `9：30`, `9点`, `9点半`, `14时30分`; a bare number is the hour.
pub fn parse_time(input: &str) -> Result<NaiveTime, String> {
    let s = super::text::normalize(input).replace('：', ":");
    let bad = || format!("“{input}”不是时刻（可写 9:00 或 14:30）");
    let s = s.trim();
    let (h, m) = if let Some((h, m)) = s.split_once(':') {
        (h.to_string(), m.to_string())
    } else if let Some(h) = s.strip_suffix("点半") {
        (h.to_string(), "30".into())
    } else if let Some((h, m)) = s.split_once(['点', '时']) {
        let m = m.trim_end_matches('分');
        (
            h.to_string(),
            if m.is_empty() { "0".into() } else { m.into() },
        )
    } else {
        (s.to_string(), "0".into())
    };
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    let m: u32 = m.trim().parse().map_err(|_| bad())?;
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad)
}

/// A day and hour: `12-3 9:00`, `2026-12-3 9:00`, `12月3日 9点`, the printed form, `明天 9:00`.
pub fn parse_datetime(input: &str, today: NaiveDate) -> Result<NaiveDateTime, String> {
    let s = strip_weekday(&super::text::normalize(input));
    let bad = || format!("“{input}”不是日期和时刻（可写 12-3 9:00）");
    // `12月3日9:00` without a space: split after 日/号.
    let s = s.replacen('日', "日 ", 1).replacen('号', "号 ", 1);
    let mut parts: Vec<&str> = s.split_whitespace().collect();
    if parts.len() < 2 {
        return Err(bad());
    }
    let time = parts.pop().unwrap_or_default();
    let day = parse_day(&parts.join(" "), today).map_err(|_| bad())?;
    let time = parse_time(time).map_err(|_| bad())?;
    Ok(day.and_time(time))
}

/// What the clerk typed, made into what the notice prints: dates and times checked and written
/// out in Chinese, text trimmed. An empty input stays empty (refused later by name unless its
/// line is optional).
pub fn format_value(name: &str, input: &str, today: NaiveDate) -> Result<String, String> {
    if input.trim().is_empty() {
        return Ok(String::new());
    }
    match field_kind(name) {
        FieldKind::Date => parse_day(input, today)
            .map(date_text)
            .map_err(|e| format!("{{{name}}}：{e}")),
        FieldKind::DateTime => parse_datetime(input, today)
            .map(datetime_text)
            .map_err(|e| format!("{{{name}}}：{e}")),
        FieldKind::Auto | FieldKind::Text => Ok(input.trim().to_string()),
    }
}

/// One field of an issued notice: what the clerk typed and what the notice prints.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldValue {
    pub name: String,
    pub input: String,
    pub text: String,
}

/// Checks and formats the clerk's inputs for a template: every field the clerk fills must have
/// a value (named when it has none), none may be unknown to the template, and dates and times
/// must read. `联系电话` may be left out (the office's number is used).
pub fn resolve_inputs(
    t: &Template,
    inputs: &[(String, String)],
    today: NaiveDate,
) -> Result<Vec<FieldValue>, String> {
    t.check()?;
    let wanted = t.input_fields()?;
    for (name, _) in inputs {
        if !wanted.contains(name) {
            return Err(if field_kind(name) == FieldKind::Auto {
                format!("字段{{{name}}}由程序填写，不必输入")
            } else {
                format!(
                    "模板“{}”中没有字段{{{name}}}（可填：{}）",
                    t.name,
                    braces(&wanted)
                )
            });
        }
    }
    let mut out = Vec::new();
    for name in &wanted {
        let input = inputs
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default();
        if input.is_empty() {
            if name == PHONE_FIELD {
                continue;
            }
            return Err(format!("字段{{{name}}}没有填写"));
        }
        let text = format_value(name, &input, today)?;
        out.push(FieldValue {
            name: name.clone(),
            input,
            text,
        });
    }
    Ok(out)
}

/// `{原因}、{开始时间}`.
pub fn braces(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{{{n}}}"))
        .collect::<Vec<_>>()
        .join("、")
}

/// `通字〔2026〕第012号`.
pub fn reference(prefix: &str, year: i32, seq: i64) -> String {
    format!("{prefix}〔{year}〕第{seq:03}号")
}

/// Where a notice goes: the whole estate, a building, or one entrance of it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Target {
    Estate,
    Building(String),
    Entrance(String, String),
}

impl Target {
    /// `10号楼`, `10号楼1单元`, or the estate's name.
    pub fn text(&self, estate: &str) -> String {
        match self {
            Target::Estate => estate.to_string(),
            Target::Building(b) => b.clone(),
            Target::Entrance(b, e) => format!("{b}{e}"),
        }
    }
}

/// `10号楼、11号楼1单元`: what `{楼栋}` prints for a copy going to all of `targets`.
pub fn targets_text(targets: &[Target], estate: &str) -> String {
    if targets.is_empty() || targets.contains(&Target::Estate) {
        return Target::Estate.text(estate);
    }
    targets
        .iter()
        .map(|t| t.text(estate))
        .collect::<Vec<_>>()
        .join("、")
}

/// Reads `10号楼,11号楼2单元` (commas, 、 or spaces between) against the estate's buildings
/// and their entrances; `全小区` (or the estate's name) is the whole estate.
pub fn parse_targets(
    input: &str,
    estate: &str,
    buildings: &[(String, Vec<String>)],
) -> Result<Vec<Target>, String> {
    let mut out: Vec<Target> = Vec::new();
    for word in input
        .split([',', '，', '、', ';', '；', ' '])
        .map(super::text::normalize)
        .filter(|w| !w.is_empty())
    {
        let t = if word == "全小区" || word == "全体" || word == estate {
            Target::Estate
        } else if let Some((b, _)) = buildings.iter().find(|(b, _)| *b == word) {
            Target::Building(b.clone())
        } else if let Some(t) = buildings.iter().find_map(|(b, es)| {
            let rest = word.strip_prefix(b.as_str())?;
            es.iter()
                .find(|e| e.as_str() == rest || e.trim_end_matches("单元") == rest)
                .map(|e| Target::Entrance(b.clone(), e.clone()))
        }) {
            t
        } else {
            let known: Vec<&str> = buildings.iter().take(12).map(|(b, _)| b.as_str()).collect();
            return Err(format!(
                "没有“{word}”这个楼栋或单元（现有楼栋：{}{}）",
                known.join("、"),
                if buildings.len() > 12 { "……" } else { "" }
            ));
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    if out.is_empty() {
        return Err("请写明通知的范围，如 10号楼,11号楼 或 全小区".into());
    }
    Ok(out)
}

/// One copy per entrance of the targets, in the estate's order.
pub fn entrances(targets: &[Target], buildings: &[(String, Vec<String>)]) -> Vec<Target> {
    let mut out = Vec::new();
    for (b, es) in buildings {
        for e in es {
            let t = Target::Entrance(b.clone(), e.clone());
            let wanted = targets.iter().any(|x| match x {
                Target::Estate => true,
                Target::Building(x) => x == b,
                Target::Entrance(..) => *x == t,
            });
            if wanted {
                out.push(t);
            }
        }
    }
    out
}

/// The templates the office starts with. The 催缴通知书 is the charging module's dunning
/// notice: the same text prints from 收费台账 and from 通知公告.
pub fn shipped() -> Vec<Template> {
    let t = |name: &str, title: &str, body: &[&str]| Template {
        name: name.into(),
        title: title.into(),
        body: body.join("\n"),
        dunning: false,
    };
    vec![
        t(
            "停水通知",
            "停水通知",
            &[
                "{楼栋}各位业主、住户：",
                "　　因{原因}，{楼栋}将于{开始时间}至{结束时间}暂停供水。",
                "　　请各位业主、住户提前做好储水准备，停水期间请关闭家中水龙头，以免恢复供水时跑水。如遇特殊情况需延长停水时间，我们将另行通知。",
                "　　由此给您带来的不便，敬请谅解。如有疑问，请致电{管理处}：{联系电话}。",
            ],
        ),
        t(
            "停电通知",
            "停电通知",
            &[
                "{楼栋}各位业主、住户：",
                "　　因{原因}，{楼栋}将于{开始时间}至{结束时间}暂停供电，停电期间电梯、楼道照明和二次供水同时停止。",
                "　　请各位业主、住户提前做好准备，关闭家中电器电源，停电期间请勿乘坐电梯。",
                "　　由此给您带来的不便，敬请谅解。如有疑问，请致电{管理处}：{联系电话}。",
            ],
        ),
        t(
            "停气通知",
            "停气通知",
            &[
                "{楼栋}各位业主、住户：",
                "　　因{原因}，{楼栋}将于{开始时间}至{结束时间}暂停供应燃气。",
                "　　停气前请关闭燃气灶具和燃气表前阀门；恢复供气后请先检查灶具，确认无漏气后再使用。如闻到燃气异味，请勿开关电器，立即开窗通风并拨打{联系电话}。",
                "　　由此给您带来的不便，敬请谅解。",
            ],
        ),
        t(
            "电梯停运通知",
            "电梯停运通知",
            &[
                "{楼栋}各位业主、住户：",
                "　　因{原因}，{楼栋}电梯将于{开始时间}至{结束时间}停止运行。",
                "　　停运期间请走楼梯上下楼，注意安全；老人、孕妇及行动不便的住户如需帮助，请提前与我们联系。",
                "　　由此给您带来的不便，敬请谅解。联系电话：{联系电话}。",
            ],
        ),
        t(
            "装修温馨提示",
            "装修温馨提示",
            &[
                "{楼栋}各位业主、住户及装修单位：",
                "　　为保障{小区}的居住安宁和房屋安全，装修期间请遵守以下规定：",
                "　　一、装修前须到物业服务中心办理装修手续，签订《装修管理服务协议》和《消防安全责任书》；装修人员凭证出入，一律从小区次出入口进出。",
                "　　二、装修时间为{施工时段}；19:00 后装修人员须全部离开小区。",
                "　　三、禁止私搭乱建、擅自改变房屋用途和外观，禁止拆改承重墙、梁柱和防水层，禁止在公共区域堆放装修材料和垃圾。",
                "　　四、装修材料须经物业核实后从指定的车库出入口或货运电梯进入，不得损坏电梯、大堂等公共设施。",
                "　　五、装修垃圾须装袋后运到指定堆放点，由物业统一清运。",
                "　　违反上述规定的，物业服务中心将予以劝阻、制止，并报告有关主管部门。感谢您的配合！联系电话：{联系电话}。",
            ],
        ),
        t(
            "消防安全通知",
            "消防安全通知",
            &[
                "{楼栋}各位业主、住户：",
                "　　{原因}，为保障大家的生命财产安全，请注意以下事项：",
                "　　一、保持楼道、消防通道和安全出口畅通，不在楼道内堆放杂物、停放电动车。",
                "　　二、电动车及其电池不得进入电梯和室内，请到指定的充电点充电，严禁私拉电线充电。",
                "　　三、不得损坏、挪用消防栓、灭火器等消防设施。",
                "　　四、外出时关闭燃气阀门和电器电源，不在室内燃放烟花爆竹。",
                "　　物业服务中心将于{检查日期}开展消防安全检查，届时请予以配合。发现火情请立即拨打 119，并通知物业服务中心：{联系电话}。",
            ],
        ),
        dunning_template(),
        t(
            "一般通知",
            "{标题}",
            &[
                "{楼栋}各位业主、住户：",
                "　　{内容}",
                "　　如有疑问，请致电{管理处}：{联系电话}。",
            ],
        ),
    ]
}

/// The dunning notice: the wording the charging module has always printed.
pub fn dunning_template() -> Template {
    Template {
        name: "催缴通知书".into(),
        title: "催缴通知书".into(),
        body: [
                "尊敬的{业主}（{房屋}）：",
                "　　截至 {截至日期}，经核对收费台账，您的房屋尚有下列费用未缴纳：",
                "{欠费明细}",
                "合计欠费：¥{欠费合计}（人民币大写：{欠费大写}）",
                "？另按规定计滞纳金 ¥{滞纳金}（{滞纳金大写}），不含在上述合计内。",
                "　　请您于 {缴费期限} 前到物业服务中心缴纳，或通过微信、支付宝、银行转账缴纳。如已缴纳，请忽略本通知；如有疑问，请与我们联系。",
            "？　　联系电话：{联系电话}。",
                "　　感谢您对物业管理工作的理解与支持！",
        ]
        .join("\n"),
        dunning: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn fields_in_order_and_braces_checked() {
        let t = Template {
            name: "x".into(),
            title: "{标题}".into(),
            body: "因{原因}，{楼栋}于{开始时间}停水，{原因}。".into(),
            dunning: false,
        };
        assert_eq!(
            t.fields(),
            Ok(vec![
                "标题".to_string(),
                "原因".into(),
                "楼栋".into(),
                "开始时间".into()
            ])
        );
        assert_eq!(
            t.input_fields(),
            Ok(vec!["标题".to_string(), "原因".into(), "开始时间".into()])
        );
        for bad in ["因{原因，停水", "因原因}停水", "{}", "{原 因}", "{{原因}}"] {
            assert!(parse_text(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_text("因｛原因｝停水"),
            Ok(vec![
                Piece::Text("因".into()),
                Piece::Field("原因".into()),
                Piece::Text("停水".into())
            ])
        );
    }

    #[test]
    fn filling_refuses_missing_empty_and_unknown_fields_by_name() {
        let t = Template {
            name: "停水".into(),
            title: "停水通知".into(),
            body: "因{原因}停水。\n？备注：{备注}".into(),
            dunning: false,
        };
        let ok = fill(&t, &values(&[("原因", "管道检修"), ("备注", "")]));
        assert_eq!(
            ok,
            Ok(Filled {
                title: "停水通知".into(),
                paras: vec![Para::Text("因管道检修停水。".into())]
            })
        );
        let e = fill(&t, &values(&[("原因", "  "), ("备注", "")])).unwrap_err();
        assert!(e.contains("{原因}") && e.contains("没有填写"), "{e}");
        let e = fill(&t, &values(&[("备注", "x")])).unwrap_err();
        assert!(e.contains("{原因}"), "{e}");
        let e = fill(&t, &values(&[("原因", "a"), ("备注", ""), ("原由", "b")])).unwrap_err();
        assert!(e.contains("{原由}"), "{e}");
        assert!(!e.contains("{原因}"), "{e}");
    }

    #[test]
    fn the_arrears_table_only_in_the_dunning_template_on_its_own_line() {
        let mut t = dunning_template();
        assert_eq!(t.check(), Ok(()));
        t.dunning = false;
        assert!(t.check().unwrap_err().contains("只能用于催缴通知书"));
        let t = Template {
            body: "明细：{欠费明细}".into(),
            ..dunning_template()
        };
        assert!(t.check().unwrap_err().contains("单独成行"));
        // The decoration reminder's working hours are words, not a moment.
        let deco = shipped()
            .into_iter()
            .find(|t| t.name == "装修温馨提示")
            .unwrap_or_else(dunning_template);
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let typed = "工作日 8:00—12:00、14:00—18:00";
        assert_eq!(
            resolve_inputs(&deco, &[("施工时段".into(), typed.into())], today)
                .map(|f| f.into_iter().map(|v| v.text).collect::<Vec<_>>()),
            Ok(vec![typed.to_string()])
        );
        for s in shipped() {
            assert_eq!(s.check(), Ok(()), "{}", s.name);
            assert_eq!(super::super::text::normalize(&s.name), s.name);
        }
    }

    #[test]
    fn typed_days_and_times() {
        let today = d(2026, 12, 1);
        assert_eq!(parse_day("12-3", today), Ok(d(2026, 12, 3)));
        assert_eq!(parse_day("12月3日", today), Ok(d(2026, 12, 3)));
        assert_eq!(parse_day("1-5", today), Ok(d(2027, 1, 5)));
        assert_eq!(parse_day("11-20", today), Ok(d(2026, 11, 20)));
        assert_eq!(parse_day("2026-12-3", today), Ok(d(2026, 12, 3)));
        assert_eq!(parse_day("明天", today), Ok(d(2026, 12, 2)));
        assert_eq!(parse_day("2026年12月3日 星期四", today), Ok(d(2026, 12, 3)));
        assert!(parse_day("2-30", today).is_err());
        assert!(parse_day("下周", today).is_err());
        let at = |h, m| d(2026, 12, 3).and_hms_opt(h, m, 0).unwrap_or_default();
        assert_eq!(parse_datetime("12-3 9:00", today), Ok(at(9, 0)));
        assert_eq!(parse_datetime("12月3日9点半", today), Ok(at(9, 30)));
        assert_eq!(parse_datetime("12-3 14：30", today), Ok(at(14, 30)));
        assert_eq!(
            parse_datetime("2026年12月3日 星期四 17:00", today),
            Ok(at(17, 0))
        );
        assert!(parse_datetime("12-3", today).is_err());
        assert!(parse_datetime("12-3 25:00", today).is_err());
        assert_eq!(date_text(d(2026, 12, 3)), "2026年12月3日 星期四");
        assert_eq!(datetime_text(at(9, 0)), "2026年12月3日 星期四 9:00");
        assert_eq!(
            format_value("开始时间", "12-3 9:00", today),
            Ok("2026年12月3日 星期四 9:00".into())
        );
        assert_eq!(format_value("原因", " 检修 ", today), Ok("检修".into()));
        assert!(
            format_value("检查日期", "13-1", today)
                .unwrap_err()
                .contains("{检查日期}")
        );
    }

    #[test]
    fn reference_numbers_and_targets() {
        assert_eq!(reference("通字", 2026, 12), "通字〔2026〕第012号");
        assert_eq!(reference("锦物通", 2027, 1234), "锦物通〔2027〕第1234号");
        let b = vec![
            (
                "10号楼".to_string(),
                vec!["1单元".to_string(), "2单元".into()],
            ),
            ("11号楼".to_string(), vec!["1单元".to_string()]),
        ];
        let t = parse_targets("10号楼，11号楼1单元", "锦绣花园", &b);
        assert_eq!(
            t,
            Ok(vec![
                Target::Building("10号楼".into()),
                Target::Entrance("11号楼".into(), "1单元".into())
            ])
        );
        let t = t.unwrap_or_default();
        assert_eq!(targets_text(&t, "锦绣花园"), "10号楼、11号楼1单元");
        assert_eq!(
            entrances(&t, &b),
            vec![
                Target::Entrance("10号楼".into(), "1单元".into()),
                Target::Entrance("10号楼".into(), "2单元".into()),
                Target::Entrance("11号楼".into(), "1单元".into())
            ]
        );
        assert_eq!(
            parse_targets("全小区", "锦绣花园", &b),
            Ok(vec![Target::Estate])
        );
        assert_eq!(entrances(&[Target::Estate], &b).len(), 3);
        let e = parse_targets("13号楼", "锦绣花园", &b).unwrap_err();
        assert!(e.contains("13号楼") && e.contains("10号楼"), "{e}");
        assert!(parse_targets(" ", "锦绣花园", &b).is_err());
        assert_eq!(
            parse_targets("10号楼2", "x", &b),
            Ok(vec![Target::Entrance("10号楼".into(), "2单元".into())])
        );
    }
}
