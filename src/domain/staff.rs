//! Staff files (员工档案): validation of staff, certificates and trainings, certificate expiry,
//! the flags the office acts on, and the staffing ratios of seed 000. Pure: no SQL, no egui.

use super::area::Area;
use super::date::parse_date;
use super::estate::{Errors, FieldError};
use super::person::{normalize_id_number, normalize_phone};
use super::text::{clean, normalize};
use chrono::{Datelike, NaiveDate};

chinese_enum!(
    /// 性别
    Gender {
        Male = "男" | "男性" | "M" | "m",
        Female = "女" | "女性" | "F" | "f",
    }
);

chinese_enum!(
    /// 在职/离职
    EmploymentState {
        Active = "在职" | "在岗" | "试用" | "试用期" | "正式",
        Left = "离职" | "已离职" | "辞职" | "离岗",
    }
);

chinese_enum!(
    /// What a post counts towards in the staffing check (seed 000).
    Duty {
        OutdoorCleaning = "室外保洁",
        IndoorCleaning = "室内保洁",
        Cleaning = "保洁",
        Greening = "绿化",
        Guard = "保安",
    }
);

chinese_enum!(
    /// 培训类别
    TrainingKind {
        Induction = "入职培训" | "新员工培训" | "岗前培训",
        Skills = "岗位技能" | "技能培训" | "岗位技能培训",
        Safety = "法规安全" | "安全培训" | "法规培训",
        Other = "其他",
    }
);

chinese_enum!(
    /// One attendee's result. 缺席 is a missed training (an assessable fault, seed 000).
    TrainingResult {
        Passed = "合格" | "通过",
        Failed = "不合格" | "未通过",
        Attended = "已参加" | "参加",
        Absent = "缺席" | "未参加",
    }
);

impl TrainingResult {
    /// The person was there (whatever the result).
    pub fn attended(self) -> bool {
        !matches!(self, TrainingResult::Absent)
    }
}

/// The staff form's raw text, as typed or read from a roster row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StaffDraft {
    pub name: String,
    pub gender: String,
    pub birth_date: String,
    pub phone: String,
    pub id_number: String,
    pub department: String,
    pub position: String,
    pub hire_date: String,
    pub state: String,
    pub leave_date: String,
    pub emergency_contact: String,
    pub emergency_phone: String,
    pub notes: String,
}

/// A validated staff member, ready for the database. Department and position are names; the
/// database resolves them.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffInput {
    pub name: String,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub phone: String,
    pub id_number: String,
    pub department: String,
    pub position: String,
    pub hire_date: Option<NaiveDate>,
    pub state: EmploymentState,
    pub leave_date: Option<NaiveDate>,
    pub emergency_contact: String,
    pub emergency_phone: String,
    pub notes: String,
    /// The state was written (or a leave date was): false when a roster row left 状态 empty.
    pub state_given: bool,
}

impl StaffInput {
    /// A roster row applied to a person already on file: what the row says wins, and what
    /// it leaves empty keeps the value on file — re-importing a sheet without a 紧急联系人
    /// column does not wipe the contacts typed in the window, and a row without 状态 does not
    /// bring a leaver back.
    pub fn merged_onto(&self, existing: &StaffInput) -> StaffInput {
        let pick = |new: &str, old: &str| if new.is_empty() { old } else { new }.to_string();
        let (state, leave_date) = if self.state_given {
            let leave = match self.state {
                EmploymentState::Left => self.leave_date.or(existing.leave_date),
                EmploymentState::Active => None,
            };
            (self.state, leave)
        } else {
            (existing.state, existing.leave_date)
        };
        StaffInput {
            name: self.name.clone(),
            gender: self.gender.or(existing.gender),
            birth_date: self.birth_date.or(existing.birth_date),
            phone: pick(&self.phone, &existing.phone),
            id_number: pick(&self.id_number, &existing.id_number),
            department: pick(&self.department, &existing.department),
            position: pick(&self.position, &existing.position),
            hire_date: self.hire_date.or(existing.hire_date),
            state,
            leave_date,
            emergency_contact: pick(&self.emergency_contact, &existing.emergency_contact),
            emergency_phone: pick(&self.emergency_phone, &existing.emergency_phone),
            notes: pick(&self.notes, &existing.notes),
            state_given: true,
        }
    }
}

/// The birth date an ID number carries (18 digits: positions 7–14; 15 digits: 7–12, 19xx).
pub fn id_birth_date(id: &str) -> Option<NaiveDate> {
    let s = match id.len() {
        18 => id.get(6..14)?.to_string(),
        15 => format!("19{}", id.get(6..12)?),
        _ => return None,
    };
    NaiveDate::parse_from_str(&s, "%Y%m%d").ok()
}

/// The gender an ID number carries: the 17th digit (15th of the old form) is odd for men.
pub fn id_gender(id: &str) -> Option<Gender> {
    let c = match id.len() {
        18 => id.chars().nth(16)?,
        15 => id.chars().nth(14)?,
        _ => return None,
    };
    let d = c.to_digit(10)?;
    Some(if d % 2 == 1 {
        Gender::Male
    } else {
        Gender::Female
    })
}

/// Full years of age on `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> i32 {
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

fn optional_date(errors: &mut Errors, field: &'static str, text: &str) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        return None;
    }
    parse_date(text).map_err(|e| errors.push(field, e)).ok()
}

impl StaffDraft {
    pub fn validate(&self) -> Result<StaffInput, Vec<FieldError>> {
        let mut errors = Errors(Vec::new());
        let name = normalize(&self.name);
        if name.is_empty() {
            errors.push("姓名", "姓名不能为空");
        }
        let department = normalize(&self.department);
        if department.is_empty() {
            errors.push("部门", "部门不能为空");
        }
        let id_number = normalize_id_number(&self.id_number)
            .map_err(|e| errors.push("身份证号", e))
            .unwrap_or_default();
        let mut gender = None;
        if !self.gender.trim().is_empty() {
            gender = Gender::parse(&self.gender);
            if gender.is_none() {
                errors.push("性别", format!("性别“{}”应为 男 或 女", self.gender.trim()));
            }
        }
        let from_id = id_gender(&id_number);
        match (gender, from_id) {
            (Some(g), Some(i)) if g != i => {
                errors.push("性别", format!("性别“{g}”与身份证号不符（身份证号为{i}）"));
            }
            (None, Some(i)) if self.gender.trim().is_empty() => gender = Some(i),
            _ => {}
        }
        let mut birth_date = optional_date(&mut errors, "出生日期", &self.birth_date);
        match (birth_date, id_birth_date(&id_number)) {
            (Some(b), Some(i)) if b != i => {
                errors.push("出生日期", format!("出生日期 {b} 与身份证号中的 {i} 不符"))
            }
            (None, Some(i)) => birth_date = Some(i),
            _ => {}
        }
        let phone = normalize_phone(&self.phone)
            .map_err(|e| errors.push("电话", e))
            .unwrap_or_default();
        let emergency_phone = normalize_phone(&self.emergency_phone)
            .map_err(|e| errors.push("紧急联系电话", e))
            .unwrap_or_default();
        let hire_date = optional_date(&mut errors, "入职日期", &self.hire_date);
        let leave_date = optional_date(&mut errors, "离职日期", &self.leave_date);
        let state = if self.state.trim().is_empty() {
            Some(if leave_date.is_some() {
                EmploymentState::Left
            } else {
                EmploymentState::Active
            })
        } else {
            EmploymentState::parse(&self.state)
        };
        match state {
            None => errors.push(
                "状态",
                format!("状态“{}”应为 在职 或 离职", self.state.trim()),
            ),
            Some(EmploymentState::Active) if leave_date.is_some() => {
                errors.push("离职日期", "在职员工不应填写离职日期");
            }
            _ => {}
        }
        if let (Some(h), Some(l)) = (hire_date, leave_date)
            && l < h
        {
            errors.push("离职日期", format!("离职日期 {l} 早于入职日期 {h}"));
        }
        if let (Some(b), Some(h)) = (birth_date, hire_date)
            && age_on(b, h) < 16
        {
            errors.push("出生日期", "入职时不满 16 周岁，请核对出生日期或入职日期");
        }
        match state {
            Some(state) if errors.0.is_empty() => Ok(StaffInput {
                name,
                gender,
                birth_date,
                phone,
                id_number,
                department,
                position: clean(&self.position),
                hire_date,
                state,
                leave_date,
                emergency_contact: clean(&self.emergency_contact),
                emergency_phone,
                notes: clean(&self.notes),
                state_given: !self.state.trim().is_empty() || leave_date.is_some(),
            }),
            _ => Err(errors.0),
        }
    }
}

/// The certificate form's raw text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CertDraft {
    pub kind: String,
    pub number: String,
    pub issuer: String,
    pub issue_date: String,
    pub expiry_date: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CertInput {
    pub kind: String,
    pub number: String,
    pub issuer: String,
    pub issue_date: Option<NaiveDate>,
    /// None: valid without limit (长期有效).
    pub expiry_date: Option<NaiveDate>,
    pub notes: String,
}

impl CertDraft {
    pub fn validate(&self) -> Result<CertInput, Vec<FieldError>> {
        let mut errors = Errors(Vec::new());
        let kind = normalize(&self.kind);
        if kind.is_empty() {
            errors.push(
                "证书类别",
                "证书类别不能为空，如 消防设施操作员证、低压电工作业证",
            );
        }
        let issue_date = optional_date(&mut errors, "发证日期", &self.issue_date);
        let expiry_text = normalize(&self.expiry_date);
        let expiry_date = if matches!(expiry_text.as_str(), "长期" | "长期有效" | "永久") {
            None
        } else {
            optional_date(&mut errors, "有效期至", &expiry_text)
        };
        if let (Some(i), Some(e)) = (issue_date, expiry_date)
            && e < i
        {
            errors.push("有效期至", format!("有效期至 {e} 早于发证日期 {i}"));
        }
        if errors.0.is_empty() {
            Ok(CertInput {
                kind,
                number: normalize(&self.number),
                issuer: clean(&self.issuer),
                issue_date,
                expiry_date,
                notes: clean(&self.notes),
            })
        } else {
            Err(errors.0)
        }
    }
}

/// Where a certificate stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CertStatus {
    /// Past its expiry date by this many days (1 = expired yesterday).
    Expired {
        days_ago: i64,
    },
    /// Expires within the warning window; 0 = today is its last valid day.
    Expiring {
        days_left: i64,
    },
    Valid,
    /// No expiry date (长期有效).
    Permanent,
}

impl CertStatus {
    pub fn needs_attention(self) -> bool {
        matches!(
            self,
            CertStatus::Expired { .. } | CertStatus::Expiring { .. }
        )
    }

    pub fn label(self) -> String {
        match self {
            CertStatus::Expired { days_ago } => format!("已过期 {days_ago} 天"),
            CertStatus::Expiring { days_left: 0 } => "今天到期".into(),
            CertStatus::Expiring { days_left } => format!("{days_left} 天后到期"),
            CertStatus::Valid => "有效".into(),
            CertStatus::Permanent => "长期有效".into(),
        }
    }
}

/// The expiry date is the last day the certificate is valid. Within `warn_days` of it (the
/// office's default is 30) it is flagged as expiring; after it, as expired.
pub fn cert_status(expiry: Option<NaiveDate>, today: NaiveDate, warn_days: i64) -> CertStatus {
    let Some(expiry) = expiry else {
        return CertStatus::Permanent;
    };
    let days_left = (expiry - today).num_days();
    if days_left < 0 {
        CertStatus::Expired {
            days_ago: -days_left,
        }
    } else if days_left <= warn_days {
        CertStatus::Expiring { days_left }
    } else {
        CertStatus::Valid
    }
}

/// What the office must act on for one person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum StaffFlag {
    CertExpired { kind: String, days_ago: i64 },
    MissingCert { kind: String },
    CertExpiring { kind: String, days_left: i64 },
    NoInduction,
}

impl StaffFlag {
    pub fn label(&self) -> String {
        match self {
            StaffFlag::CertExpired { kind, days_ago } => format!("{kind}已过期 {days_ago} 天"),
            StaffFlag::MissingCert { kind } => format!("缺{kind}"),
            StaffFlag::CertExpiring { kind, days_left: 0 } => format!("{kind}今天到期"),
            StaffFlag::CertExpiring { kind, days_left } => {
                format!("{kind} {days_left} 天后到期")
            }
            StaffFlag::NoInduction => "未完成入职培训".into(),
        }
    }

    /// Expired and missing certificates are faults now; the rest are warnings.
    pub fn is_fault(&self) -> bool {
        matches!(
            self,
            StaffFlag::CertExpired { .. } | StaffFlag::MissingCert { .. }
        )
    }
}

/// The office's editable numbers for staff files (设置).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffRules {
    /// Certificates expiring within this many days are flagged (default 30).
    pub cert_warn_days: i64,
    /// Staff hired within this many days must have the induction (default 90).
    pub new_staff_days: i64,
}

impl Default for StaffRules {
    fn default() -> Self {
        StaffRules {
            cert_warn_days: 30,
            new_staff_days: 90,
        }
    }
}

/// The facts about one person that the flags are computed from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StaffFacts {
    pub active: bool,
    pub hire_date: Option<NaiveDate>,
    /// (kind, expiry) of every certificate held; a renewed certificate supersedes the old one.
    pub certs: Vec<(String, Option<NaiveDate>)>,
    /// Certificate kinds the person's post requires.
    pub required: Vec<String>,
    /// Attended an induction training (合格 or 已参加).
    pub induction_done: bool,
}

/// Flags for one person, most serious first. Leavers carry no flags.
pub fn staff_flags(f: &StaffFacts, today: NaiveDate, rules: StaffRules) -> Vec<StaffFlag> {
    let mut flags = Vec::new();
    if !f.active {
        return flags;
    }
    // Per kind, the certificate that lasts longest counts (None = without limit).
    let mut best: Vec<(String, Option<NaiveDate>)> = Vec::new();
    for (kind, expiry) in &f.certs {
        let kind = normalize(kind);
        match best.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, e)) => {
                if e.is_some() && (expiry.is_none() || *expiry > *e) {
                    *e = *expiry;
                }
            }
            None => best.push((kind, *expiry)),
        }
    }
    for (kind, expiry) in &best {
        match cert_status(*expiry, today, rules.cert_warn_days) {
            CertStatus::Expired { days_ago } => flags.push(StaffFlag::CertExpired {
                kind: kind.clone(),
                days_ago,
            }),
            CertStatus::Expiring { days_left } => flags.push(StaffFlag::CertExpiring {
                kind: kind.clone(),
                days_left,
            }),
            _ => {}
        }
    }
    for kind in &f.required {
        let kind = normalize(kind);
        if !best.iter().any(|(k, _)| *k == kind) {
            flags.push(StaffFlag::MissingCert { kind });
        }
    }
    if let Some(hired) = f.hire_date {
        let days = (today - hired).num_days();
        if !f.induction_done && (0..=rules.new_staff_days).contains(&days) {
            flags.push(StaffFlag::NoInduction);
        }
    }
    flags.sort();
    flags
}

/// Training hours as typed (`2`, `1.5`, `3.5小时`) → tenths of an hour.
pub fn parse_hours(input: &str) -> Result<i64, String> {
    let s = normalize(input);
    let s = s
        .trim_end_matches("小时")
        .trim_end_matches('h')
        .trim_end_matches('H')
        .trim();
    let bad = || format!("学时“{input}”应为正数，如 2 或 1.5");
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() && frac.is_empty() {
        return Err(bad());
    }
    if !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 1
    {
        return Err(bad());
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let f: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| bad())?
    };
    let tenths = w * 10 + f;
    if tenths <= 0 || tenths > 2000 {
        return Err(bad());
    }
    Ok(tenths)
}

/// Tenths of an hour as people write them: `2`, `1.5`.
pub fn hours_text(tenths: i64) -> String {
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// The training form's raw text; attendees are picked in the window as (staff id, result).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrainingDraft {
    pub course: String,
    pub kind: String,
    pub date: String,
    pub end_date: String,
    pub hours: String,
    pub trainer: String,
    pub notes: String,
    pub attendees: Vec<(i64, TrainingResult)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrainingInput {
    pub course: String,
    pub kind: TrainingKind,
    pub date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub hours_tenths: i64,
    pub trainer: String,
    pub notes: String,
    pub attendees: Vec<(i64, TrainingResult)>,
}

impl TrainingDraft {
    pub fn validate(&self) -> Result<TrainingInput, Vec<FieldError>> {
        let mut errors = Errors(Vec::new());
        let course = normalize(&self.course);
        if course.is_empty() {
            errors.push("课程", "课程名称不能为空");
        }
        let kind = if self.kind.trim().is_empty() {
            Some(TrainingKind::Skills)
        } else {
            TrainingKind::parse(&self.kind)
        };
        if kind.is_none() {
            errors.push(
                "类别",
                format!("类别“{}”应为 入职培训/岗位技能/法规安全/其他", self.kind),
            );
        }
        let date = match parse_date(&self.date) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push("日期", e);
                None
            }
        };
        let end_date = optional_date(&mut errors, "结束日期", &self.end_date);
        if let (Some(d), Some(e)) = (date, end_date)
            && e < d
        {
            errors.push("结束日期", format!("结束日期 {e} 早于开始日期 {d}"));
        }
        let hours = parse_hours(&self.hours)
            .map_err(|e| errors.push("学时", e))
            .ok();
        if self.attendees.is_empty() {
            errors.push("参加人员", "请至少选择一名参加人员");
        }
        let mut ids: Vec<i64> = self.attendees.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() != self.attendees.len() {
            errors.push("参加人员", "同一人被选了两次");
        }
        match (kind, date, hours, errors.0.is_empty()) {
            (Some(kind), Some(date), Some(hours_tenths), true) => Ok(TrainingInput {
                course,
                kind,
                date,
                end_date,
                hours_tenths,
                trainer: clean(&self.trainer),
                notes: clean(&self.notes),
                attendees: self.attendees.clone(),
            }),
            _ => Err(errors.0),
        }
    }
}

/// The areas and ratios of the staffing check (设置; ratios from seed 000).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffingRules {
    pub outdoor_cleaning_area: Area,
    pub indoor_cleaning_area: Area,
    pub green_area: Area,
    /// m² one outdoor cleaner covers at most (default 10,000).
    pub outdoor_per_person: i64,
    /// m² one indoor cleaner covers at most (default 2,000).
    pub indoor_per_person: i64,
    /// m² one gardener covers at most (default 6,000).
    pub green_per_person: i64,
}

impl Default for StaffingRules {
    fn default() -> Self {
        StaffingRules {
            outdoor_cleaning_area: Area(0),
            indoor_cleaning_area: Area(0),
            green_area: Area(0),
            outdoor_per_person: 10_000,
            indoor_per_person: 2_000,
            green_per_person: 6_000,
        }
    }
}

/// "Not below 1 person per N m²": 25,000 m² at 1 per 10,000 needs 3 people.
pub fn required_headcount(area: Area, per_person_m2: i64) -> i64 {
    if per_person_m2 <= 0 || area.0 <= 0 {
        return 0;
    }
    let per = per_person_m2 * 100;
    (area.0 + per - 1) / per
}

/// Active staff counted by the duty of their post, and the ages of those the age rule covers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DutyCounts {
    pub outdoor: i64,
    pub indoor: i64,
    /// Cleaners whose post does not say indoor or outdoor.
    pub cleaning: i64,
    pub greening: i64,
    /// Cleaners, guards and gardeners: under 60, 60 or over, birth date unknown.
    pub under_60: i64,
    pub over_60: i64,
    pub age_unknown: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffingVerdict {
    Enough,
    Short,
    /// Cannot be decided from the roster (unsplit cleaners, missing birth dates).
    Unclear,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StaffingLine {
    pub item: String,
    pub basis: String,
    pub required: String,
    pub actual: String,
    pub verdict: StaffingVerdict,
    pub note: String,
}

/// The staffing check of seed 000 (物业服务标准 7.1, 7.2 and 3): required against actual.
pub fn staffing_check(r: &StaffingRules, c: &DutyCounts) -> Vec<StaffingLine> {
    use StaffingVerdict::*;
    let outdoor = required_headcount(r.outdoor_cleaning_area, r.outdoor_per_person);
    let indoor = required_headcount(r.indoor_cleaning_area, r.indoor_per_person);
    let green = required_headcount(r.green_area, r.green_per_person);
    let split_line = |item: &str, area: Area, per: i64, need: i64, have: i64| {
        let verdict = if have >= need {
            Enough
        } else if c.cleaning > 0 {
            Unclear
        } else {
            Short
        };
        StaffingLine {
            item: item.into(),
            basis: format!("{area} ㎡，每人不超过 {per} ㎡"),
            required: format!("{need} 人"),
            actual: format!("{have} 人"),
            verdict,
            note: if verdict == Unclear {
                format!("另有 {} 名保洁员未区分室内外，见合计", c.cleaning)
            } else {
                String::new()
            },
        }
    };
    let mut lines = vec![
        split_line(
            "室外保洁",
            r.outdoor_cleaning_area,
            r.outdoor_per_person,
            outdoor,
            c.outdoor,
        ),
        split_line(
            "室内保洁",
            r.indoor_cleaning_area,
            r.indoor_per_person,
            indoor,
            c.indoor,
        ),
    ];
    let all_cleaners = c.outdoor + c.indoor + c.cleaning;
    lines.push(StaffingLine {
        item: "保洁合计".into(),
        basis: "室外 + 室内".into(),
        required: format!("{} 人", outdoor + indoor),
        actual: format!("{all_cleaners} 人"),
        verdict: if all_cleaners >= outdoor + indoor {
            Enough
        } else {
            Short
        },
        note: String::new(),
    });
    lines.push(StaffingLine {
        item: "绿化".into(),
        basis: format!("{} ㎡，每人不超过 {} ㎡", r.green_area, r.green_per_person),
        required: format!("{green} 人"),
        actual: format!("{} 人", c.greening),
        verdict: if c.greening >= green { Enough } else { Short },
        note: String::new(),
    });
    // 保洁员、保安、绿化人员中 60 周岁以下的人员占总数的 60% 以上.
    let known = c.under_60 + c.over_60;
    let total = known + c.age_unknown;
    let verdict = if total == 0 || c.under_60 * 10 >= total * 6 {
        Enough
    } else if (c.under_60 + c.age_unknown) * 10 >= total * 6 {
        Unclear
    } else {
        Short
    };
    let percent = if total == 0 {
        0
    } else {
        c.under_60 * 100 / total
    };
    lines.push(StaffingLine {
        item: "60 周岁以下占比".into(),
        basis: "保洁、保安、绿化人员".into(),
        required: "60% 以上".into(),
        actual: format!("{} / {total} 人（{percent}%）", c.under_60),
        verdict,
        note: if c.age_unknown > 0 {
            format!("{} 人缺出生日期", c.age_unknown)
        } else {
            String::new()
        },
    });
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::with_id_check;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn id(birth: &str, seq: &str) -> String {
        with_id_check(&format!("110101{birth}{seq}")).unwrap_or_default()
    }

    #[test]
    fn expiry_boundaries_at_thirty_days() {
        let today = d(2026, 11, 24);
        assert_eq!(cert_status(None, today, 30), CertStatus::Permanent);
        assert_eq!(
            cert_status(Some(d(2026, 12, 24)), today, 30),
            CertStatus::Expiring { days_left: 30 }
        );
        assert_eq!(
            cert_status(Some(d(2026, 12, 25)), today, 30),
            CertStatus::Valid
        );
        assert_eq!(
            cert_status(Some(today), today, 30),
            CertStatus::Expiring { days_left: 0 }
        );
        assert_eq!(
            cert_status(Some(d(2026, 11, 23)), today, 30),
            CertStatus::Expired { days_ago: 1 }
        );
        assert_eq!(
            cert_status(Some(d(2026, 11, 23)), today, 30).label(),
            "已过期 1 天"
        );
        // Another office's window.
        assert_eq!(
            cert_status(Some(d(2026, 12, 24)), today, 15),
            CertStatus::Valid
        );
    }

    #[test]
    fn renewed_certificate_supersedes_the_expired_one() {
        let today = d(2026, 11, 24);
        let mut f = StaffFacts {
            active: true,
            certs: vec![("电工证".into(), Some(d(2025, 1, 1)))],
            required: vec!["电工证".into(), "消防设施操作员证".into()],
            induction_done: true,
            ..Default::default()
        };
        assert_eq!(
            staff_flags(&f, today, StaffRules::default()),
            vec![
                StaffFlag::CertExpired {
                    kind: "电工证".into(),
                    days_ago: 692
                },
                StaffFlag::MissingCert {
                    kind: "消防设施操作员证".into()
                },
            ]
        );
        f.certs.push(("电工证".into(), Some(d(2031, 1, 1))));
        f.certs
            .push(("消防设施操作员证".into(), Some(d(2026, 12, 1))));
        assert_eq!(
            staff_flags(&f, today, StaffRules::default()),
            vec![StaffFlag::CertExpiring {
                kind: "消防设施操作员证".into(),
                days_left: 7
            }]
        );
        f.active = false;
        assert!(staff_flags(&f, today, StaffRules::default()).is_empty());
    }

    #[test]
    fn new_staff_without_induction_are_flagged() {
        let today = d(2026, 11, 24);
        let mut f = StaffFacts {
            active: true,
            hire_date: Some(d(2026, 11, 10)),
            ..Default::default()
        };
        assert_eq!(
            staff_flags(&f, today, StaffRules::default()),
            vec![StaffFlag::NoInduction]
        );
        f.induction_done = true;
        assert!(staff_flags(&f, today, StaffRules::default()).is_empty());
        // Hired long ago: not a new member of staff.
        f.induction_done = false;
        f.hire_date = Some(d(2020, 3, 1));
        assert!(staff_flags(&f, today, StaffRules::default()).is_empty());
    }

    #[test]
    fn staff_draft_takes_gender_and_birth_from_id_number() {
        let draft = StaffDraft {
            name: " 李娜 ".into(),
            department: "客服部".into(),
            id_number: id("19900215", "002"),
            hire_date: "2023/3/5".into(),
            phone: "138 0013 8000".into(),
            ..Default::default()
        };
        let s = draft.validate().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.name, "李娜");
        assert_eq!(s.gender, Some(Gender::Female));
        assert_eq!(s.birth_date, Some(d(1990, 2, 15)));
        assert_eq!(s.hire_date, Some(d(2023, 3, 5)));
        assert_eq!(s.state, EmploymentState::Active);
        assert_eq!(s.phone, "13800138000");
    }

    #[test]
    fn staff_draft_names_every_wrong_field() {
        let draft = StaffDraft {
            name: "王强".into(),
            gender: "女".into(),
            id_number: id("19850101", "011"),
            department: "".into(),
            hire_date: "2023-02-30".into(),
            state: "在职".into(),
            leave_date: "2024-01-01".into(),
            ..Default::default()
        };
        let errs = draft.validate().err().unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec!["部门", "性别", "入职日期", "离职日期"],
            "{errs:?}"
        );
        assert!(errs[1].message.contains("身份证号为男"));
    }

    #[test]
    fn a_leave_date_alone_means_left() {
        let s = StaffDraft {
            name: "赵六".into(),
            department: "保洁部".into(),
            hire_date: "2020-01-01".into(),
            leave_date: "2024年6月30日".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.state, EmploymentState::Left);
        assert_eq!(s.leave_date, Some(d(2024, 6, 30)));
    }

    #[test]
    fn a_roster_row_fills_in_but_never_wipes_what_is_on_file() {
        let on_file = StaffDraft {
            name: "赵强".into(),
            department: "秩序维护部".into(),
            phone: "13800138002".into(),
            hire_date: "2023-03-05".into(),
            leave_date: "2025-08-31".into(),
            emergency_contact: "父 赵大".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_or_else(|e| panic!("{e:?}"));
        let row = StaffDraft {
            name: "赵强".into(),
            department: "秩序维护部".into(),
            phone: "13800138002".into(),
            position: "保安".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(!row.state_given);
        let merged = row.merged_onto(&on_file);
        assert_eq!(
            merged.state,
            EmploymentState::Left,
            "no 状态: still a leaver"
        );
        assert_eq!(merged.leave_date, Some(d(2025, 8, 31)));
        assert_eq!(merged.emergency_contact, "父 赵大");
        assert_eq!(merged.hire_date, Some(d(2023, 3, 5)));
        assert_eq!(merged.position, "保安", "the row adds the post");
        // A row that says 在职 brings the person back.
        let back = StaffDraft {
            state: "在职".into(),
            ..row_draft()
        }
        .validate()
        .unwrap_or_else(|e| panic!("{e:?}"))
        .merged_onto(&on_file);
        assert_eq!(
            (back.state, back.leave_date),
            (EmploymentState::Active, None)
        );
    }

    fn row_draft() -> StaffDraft {
        StaffDraft {
            name: "赵强".into(),
            department: "秩序维护部".into(),
            ..Default::default()
        }
    }

    #[test]
    fn certificate_dates() {
        let c = CertDraft {
            kind: "消防设施操作员证".into(),
            issue_date: "2024-01-01".into(),
            expiry_date: "长期有效".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(c.expiry_date, None);
        let errs = CertDraft {
            kind: "".into(),
            issue_date: "2024-01-01".into(),
            expiry_date: "2023-01-01".into(),
            ..Default::default()
        }
        .validate()
        .err()
        .unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["证书类别", "有效期至"]);
    }

    #[test]
    fn hours_in_tenths() {
        assert_eq!(parse_hours("2"), Ok(20));
        assert_eq!(parse_hours("1.5"), Ok(15));
        assert_eq!(parse_hours("３.５小时"), Ok(35));
        assert_eq!(parse_hours(".5"), Ok(5));
        assert!(parse_hours("0").is_err());
        assert!(parse_hours("1.25").is_err());
        assert!(parse_hours("两小时").is_err());
        assert_eq!(hours_text(15), "1.5");
        assert_eq!(hours_text(40), "4");
    }

    #[test]
    fn training_needs_attendees_and_a_date() {
        let errs = TrainingDraft {
            course: "消防演练".into(),
            date: "".into(),
            hours: "2".into(),
            ..Default::default()
        }
        .validate()
        .err()
        .unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["日期", "参加人员"]);
    }

    #[test]
    fn id_numbers_carry_birth_and_gender() {
        let i = id("19900215", "001");
        assert_eq!(id_birth_date(&i), Some(d(1990, 2, 15)));
        assert_eq!(id_gender(&i), Some(Gender::Male));
        assert_eq!(id_birth_date("110101900215001"), Some(d(1990, 2, 15)));
        assert_eq!(id_gender("110101900215002"), Some(Gender::Female));
        assert_eq!(age_on(d(1966, 11, 25), d(2026, 11, 24)), 59);
        assert_eq!(age_on(d(1966, 11, 24), d(2026, 11, 24)), 60);
    }

    #[test]
    fn headcounts_round_up() {
        assert_eq!(required_headcount(Area(2_500_000), 10_000), 3);
        assert_eq!(required_headcount(Area(2_000_000), 10_000), 2);
        assert_eq!(required_headcount(Area(200_001), 2_000), 2);
        assert_eq!(required_headcount(Area(0), 6_000), 0);
    }

    #[test]
    fn staffing_check_against_the_roster() {
        let rules = StaffingRules {
            outdoor_cleaning_area: Area(2_500_000), // 25,000 m² → 3
            indoor_cleaning_area: Area(800_000),    // 8,000 m² → 4
            green_area: Area(1_300_000),            // 13,000 m² → 3
            ..Default::default()
        };
        let counts = DutyCounts {
            outdoor: 3,
            indoor: 2,
            cleaning: 1,
            greening: 3,
            under_60: 5,
            over_60: 4,
            age_unknown: 0,
        };
        let lines = staffing_check(&rules, &counts);
        let v: Vec<(&str, &str, &str, StaffingVerdict)> = lines
            .iter()
            .map(|l| {
                (
                    l.item.as_str(),
                    l.required.as_str(),
                    l.actual.as_str(),
                    l.verdict,
                )
            })
            .collect();
        use StaffingVerdict::*;
        assert_eq!(
            v,
            vec![
                ("室外保洁", "3 人", "3 人", Enough),
                ("室内保洁", "4 人", "2 人", Unclear),
                ("保洁合计", "7 人", "6 人", Short),
                ("绿化", "3 人", "3 人", Enough),
                ("60 周岁以下占比", "60% 以上", "5 / 9 人（55%）", Short),
            ]
        );
    }
}
