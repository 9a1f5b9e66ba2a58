//! The assessment rules (考核, DOMAIN §6): the customer-service template of seed 000, the monthly
//! scorecard total, grades, and the quarterly service-quality score with its money (seed 004).
//! Pure and tested; `db::assessment` stores what these functions decide.

use super::period::Period;
use super::text::normalize;
use chrono::NaiveDate;

chinese_enum!(
    /// Where a scorecard is in its month: the manager fills a draft, files it with the staff
    /// member's acknowledgement, and locks it after the performance talk.
    CardState {
        Draft = "草稿",
        Submitted = "已提交",
        Locked = "已锁定",
    }
);

chinese_enum!(
    /// A fault the records can point to. The rule proposes a deduction; the manager decides.
    Rule {
        Visits = "走访不足",
        ComplaintLate = "投诉未及时处理",
        ComplaintValid = "有效投诉",
        CollectionRate = "收缴率低于95%",
        Undunned = "欠费未催缴",
        OwnerFiles = "业主资料不完整",
        MissedTraining = "缺席培训",
    }
);

impl Rule {
    /// The module whose records the rule reads; a rule of a module not yet built proposes nothing.
    pub fn source(self) -> &'static str {
        match self {
            Rule::Visits => "走访记录",
            Rule::ComplaintLate | Rule::ComplaintValid => "投诉记录",
            Rule::CollectionRate | Rule::Undunned => "收费台账",
            Rule::OwnerFiles => "房屋与业主",
            Rule::MissedTraining => "培训记录",
        }
    }
}

/// One item of a template: a fault, its points per occurrence, and the most it may deduct in
/// a month (`cap`, points; 0 for no cap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDef {
    pub category: String,
    pub name: String,
    pub points: i64,
    pub rule: Option<Rule>,
    pub cap: i64,
}

fn item(category: &str, name: &str, points: i64, rule: Option<Rule>) -> ItemDef {
    ItemDef {
        category: category.into(),
        name: name.into(),
        points,
        rule,
        cap: 0,
    }
}

/// The monthly cap the starter templates give an item counted per case (每户/每份/每起), so that
/// a backlog of 24 owner files does not propose 48 points at once; each office sets its own.
pub const PER_CASE_CAP: i64 = 10;

fn per_case(mut it: ItemDef) -> ItemDef {
    it.cap = PER_CASE_CAP;
    it
}

/// The collection rate below which seed 000 deducts 10 points (0.01 %).
pub const COLLECTION_TARGET: i64 = 9_500;

/// The name the default template ships under.
pub const DEFAULT_TEMPLATE: &str = "客服部考核细则";

/// 客户服务部的考核细则 (seed 000): ten categories, 28 items, in the seed's order and words.
pub fn customer_service_template() -> Vec<ItemDef> {
    vec![
        item("考勤管理", "无故迟到5分钟以上、无故不打卡、未签卡", 2, None),
        item("考勤管理", "无故不参加公司活动及社会公益活动", 2, None),
        item("考勤管理", "上班时间做与工作无关事宜", 2, None),
        item("仪容仪表", "不按规定着装", 5, None),
        item("仪容仪表", "未在左胸前佩戴工牌", 2, None),
        item("仪容仪表", "未着黑色皮鞋，鞋面有污渍", 2, None),
        item(
            "仪容仪表",
            "留胡须和长指甲，染有色指甲油，发型不整洁未佩戴统一发饰",
            2,
            None,
        ),
        item("礼节礼貌", "与客户发生争吵、打骂", 10, None),
        item(
            "礼节礼貌",
            "未做到微笑服务、起立相迎、来有迎声去有送声",
            5,
            None,
        ),
        item(
            "培训管理",
            "不积极参加公司、部门培训，未按时完成培训课程",
            2,
            Some(Rule::MissedTraining),
        ),
        item("培训管理", "部门考核排名最后", 5, None),
        per_case(item(
            "走访管理",
            "所辖区域走访不足15户，记录、回访、照片不完整（每户/每份）",
            2,
            Some(Rule::Visits),
        )),
        item(
            "走访管理",
            "前台主动与业主沟通少于每月15户次（每少一次）",
            2,
            None,
        ),
        item(
            "投诉处理",
            "业主投诉未及时处理、未联系相关单位跟进",
            2,
            Some(Rule::ComplaintLate),
        ),
        item("投诉处理", "未填写投诉处理单，填写不完整", 2, None),
        item(
            "投诉处理",
            "因自身工作失误，造成有效投诉",
            10,
            Some(Rule::ComplaintValid),
        ),
        item("快递管理", "收、取快递未与实际业主核实", 5, None),
        item("快递管理", "快件登记与实际不符", 10, None),
        item("快递管理", "快递摆放杂乱，记录表不规范", 5, None),
        item("联系单管理", "联系单发单不清晰，问题不记录完整", 2, None),
        item("联系单管理", "未通知相关责任人，未跟进", 5, None),
        item("联系单管理", "未通知、未跟进造成有效业主投诉", 10, None),
        item("联系单管理", "存档整理不规范，未回复业主", 5, None),
        item("费用收缴管理", "对所辖区域欠费情况不清", 2, None),
        per_case(item(
            "费用收缴管理",
            "催缴费用记录不完整（每户）",
            2,
            Some(Rule::Undunned),
        )),
        item(
            "费用收缴管理",
            "催缴力度不够，导致费用收缴低于95%",
            10,
            Some(Rule::CollectionRate),
        ),
        per_case(item(
            "日常巡查管理",
            "业主资料不完整、缺失、无签字（每起）",
            2,
            Some(Rule::OwnerFiles),
        )),
        item(
            "日常巡查管理",
            "日常巡查记录不完整，巡查时间不符合要求",
            2,
            None,
        ),
    ]
}

/// What every department's starter template shares with seed 000: attendance, appearance,
/// courtesy and training, which the company applies to all staff.
fn common_items() -> Vec<ItemDef> {
    let cs = customer_service_template();
    [0, 1, 2, 3, 4, 7, 9]
        .iter()
        .filter_map(|i| cs.get(*i).cloned())
        .collect()
}

/// Starter templates for the other departments, drawn from their quality targets (seed 002:
/// 秩序维护部 月检合格率 ≥ 95 %, 紧急出警率 100 %, 停车收费正确率 100 %; the estate's 维修及时率
/// and 合格率 100 %, 清洁保洁满意率, 绿化完好率 98 %) with the common items of seed 000. The
/// points are the office's own starting choice, to be edited in 考核模板.
/// Starter templates for posts scored on their own duties rather than their department's: the
/// office manager (管理处经理), from seed 000's duties of a department head — monthly plans,
/// assessments finished by the 10th with a performance talk, archive inspections (seed 002
/// 4.4, ≥ 2 a year) — with the common items.
pub fn position_templates() -> Vec<(&'static str, &'static str, Vec<ItemDef>)> {
    let mut items = common_items();
    items.extend([
        item(
            "管理职责",
            "月度、年度工作计划未按时制定或未反馈完成情况",
            5,
            None,
        ),
        item("管理职责", "员工月度考核未在次月10日前完成", 5, None),
        item("管理职责", "未按时与员工进行业绩面谈并签字确认", 5, None),
        item("管理职责", "档案检查未按计划进行（每年不少于2次）", 5, None),
        item(
            "投诉处理",
            "因管理失误，造成有效投诉",
            10,
            Some(Rule::ComplaintValid),
        ),
    ]);
    vec![("管理处经理", "管理处经理考核细则", items)]
}

pub fn department_templates() -> Vec<(&'static str, &'static str, Vec<ItemDef>)> {
    let with = |extra: Vec<ItemDef>| -> Vec<ItemDef> {
        let mut v = common_items();
        v.extend(extra);
        v
    };
    vec![
        (
            "工程部",
            "工程部考核细则",
            with(vec![
                item(
                    "维修管理",
                    "报修未按时上门或未在承诺时限内修复（每单）",
                    2,
                    None,
                ),
                item("维修管理", "维修返工或验收不合格（每单）", 5, None),
                item("维修管理", "维修单填写不完整、无业主签字（每单）", 2, None),
                item("设备管理", "设备巡检、运行记录不完整", 2, None),
                item("设备管理", "违反安全操作规程", 10, None),
                item("设备管理", "设备房钥匙未按规定借还", 2, None),
                item(
                    "投诉处理",
                    "因自身工作失误，造成有效投诉",
                    10,
                    Some(Rule::ComplaintValid),
                ),
            ]),
        ),
        (
            "秩序维护部",
            "秩序维护部考核细则",
            with(vec![
                item("岗位管理", "脱岗、睡岗、串岗", 5, None),
                item("岗位管理", "月检不合格项（每项）", 2, None),
                item("岗位管理", "巡逻签到、交接班记录不完整", 2, None),
                item("安全管理", "消防、治安、车辆紧急情况出警不及时", 10, None),
                item("车辆管理", "停车收费差错或未按规定收费", 5, None),
                item("车辆管理", "车辆出入登记不完整", 2, None),
                item(
                    "投诉处理",
                    "因自身工作失误，造成有效投诉",
                    10,
                    Some(Rule::ComplaintValid),
                ),
            ]),
        ),
        (
            "保洁部",
            "保洁部考核细则",
            with(vec![
                item("保洁质量", "责任区域抽检不达标（每处）", 2, None),
                item("保洁质量", "垃圾未及时清运、桶满溢", 5, None),
                item("保洁质量", "保洁工作记录不完整", 2, None),
                item("保洁质量", "违规使用清洁药剂或工具", 2, None),
                item(
                    "投诉处理",
                    "因自身工作失误，造成有效投诉",
                    10,
                    Some(Rule::ComplaintValid),
                ),
            ]),
        ),
        (
            "绿化部",
            "绿化部考核细则",
            with(vec![
                item("绿化养护", "绿化抽检不达标、黄土裸露（每处）", 2, None),
                item("绿化养护", "未按计划修剪、浇水、施肥", 2, None),
                item("绿化养护", "病虫害未及时发现处理", 5, None),
                item("绿化养护", "养护记录不完整", 2, None),
                item(
                    "投诉处理",
                    "因自身工作失误，造成有效投诉",
                    10,
                    Some(Rule::ComplaintValid),
                ),
            ]),
        ),
    ]
}

/// Checks a template as typed: every item named and categorised, points 1–100, no item twice.
pub fn check_template(items: &[ItemDef]) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    if items.is_empty() {
        errors.push("模板至少要有一个考核项目。".to_string());
    }
    let mut seen = std::collections::HashSet::new();
    for (i, it) in items.iter().enumerate() {
        let n = i + 1;
        if it.category.trim().is_empty() {
            errors.push(format!("第 {n} 项：考核内容（类别）为空"));
        }
        if it.name.trim().is_empty() {
            errors.push(format!("第 {n} 项：考核项目为空"));
        }
        if !(1..=100).contains(&it.points) {
            errors.push(format!("第 {n} 项：每次扣分应为 1–100 之间的整数"));
        }
        if it.cap != 0 && !(it.points..=100).contains(&it.cap) {
            errors.push(format!(
                "第 {n} 项：每月上限应为 0（不设上限）或 {}–100 之间的整数",
                it.points.clamp(1, 100)
            ));
        }
        if !seen.insert((normalize(&it.category), normalize(&it.name))) {
            errors.push(format!("第 {n} 项：“{}”重复", it.name));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The days of `month` a person was on the staff, and the month's days, when that was only
/// part of it (hired or left during the month); None for the whole month.
pub fn days_in_post(
    hired: Option<NaiveDate>,
    left: Option<NaiveDate>,
    month: Period,
) -> Option<(i64, i64)> {
    let (first, last) = (month.first_day(), month.last_day());
    let from = hired.filter(|h| *h > first).unwrap_or(first);
    let to = left.filter(|l| *l < last).unwrap_or(last);
    let whole = (last - first).num_days() + 1;
    let days = ((to - from).num_days() + 1).clamp(0, whole);
    (days < whole).then_some((days, whole))
}

/// Rules that count what a whole month should have held (households visited, owners' files,
/// units dunned): for part of a month they are scaled to the days in post. The others count
/// events the person was there for, and are only marked.
fn scales_with_days(rule: Rule) -> bool {
    matches!(rule, Rule::Visits | Rule::OwnerFiles | Rule::Undunned)
}

/// What a suggestion proposes: how many times, and what the manager is told about how that
/// number was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub times: i64,
    pub notes: Vec<String>,
}

/// The times a rule's `found` cases propose on an item of `points` with monthly `cap`, for a
/// person in post `in_post` = (days, days of the month) of the month, or all of it: scaled
/// to the days in post (rounded half up, at least once), then held to the cap — each step
/// said in a note so nothing is proposed unseen.
pub fn propose(
    rule: Rule,
    found: i64,
    points: i64,
    cap: i64,
    in_post: Option<(i64, i64)>,
    hired: Option<NaiveDate>,
) -> Proposal {
    let mut times = found;
    let mut notes = Vec::new();
    if let Some((days, whole)) = in_post {
        let since = hired
            .map(|h| format!("{} 入职，", h.format("%m-%d")))
            .unwrap_or_default();
        if scales_with_days(rule) && whole > 0 {
            times = ((found * days * 2 + whole) / (whole * 2)).max(1).min(found);
            notes.push(format!(
                "本月{since}在岗 {days}/{whole} 天，按在岗天数折算：{found} 次 → {times} 次"
            ));
        } else {
            notes.push(format!("本月{since}在岗 {days}/{whole} 天，请核实"));
        }
    }
    if cap > 0 && points > 0 && times * points > cap {
        let capped = (cap / points).max(1);
        notes.push(format!(
            "本项每月最多扣 {cap} 分，按上限计 {capped} 次（原 {times} 次，{} 分）",
            times * points
        ));
        times = capped;
    }
    Proposal { times, notes }
}

/// Items of a card over their monthly cap: (item name, cap, points the card deducts).
pub fn over_caps<'a>(lost: impl IntoIterator<Item = (&'a str, i64, i64)>) -> Vec<String> {
    lost.into_iter()
        .filter(|(_, cap, lost)| *cap > 0 && lost > cap)
        .map(|(name, cap, lost)| {
            format!("“{name}”每月最多扣 {cap} 分（考核模板的上限），现为 {lost} 分")
        })
        .collect()
}

/// The month's total: 100 − Σ points × times, never below 0.
pub fn card_total(deductions: &[(i64, i64)]) -> i64 {
    let lost: i64 = deductions.iter().map(|(p, t)| p * t).sum();
    (100 - lost).max(0)
}

/// The deadline of a month's scorecards: the 10th of the next month (seed 000).
pub fn card_deadline(month: Period) -> NaiveDate {
    month
        .plus(1)
        .first_day()
        .checked_add_days(chrono::Days::new(9))
        .unwrap_or_default()
}

/// Grade bands in hundredths of a point: 优秀 from `excellent_min`, 合格 from `pass_min`.
/// Seed 004's quality grading: above 95 优秀 (9501 — scores are kept to 0.01), exactly 95
/// 合格; the company-wide grading for people: ≥ 90 优秀, ≥ 70 合格.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bands {
    pub excellent_min: i64,
    pub pass_min: i64,
}

impl Bands {
    pub const QUALITY: Bands = Bands {
        excellent_min: 9_501,
        pass_min: 9_500,
    };
    pub const STAFF: Bands = Bands {
        excellent_min: 9_000,
        pass_min: 7_000,
    };

    pub fn grade(self, score_h: i64) -> &'static str {
        if score_h >= self.excellent_min {
            "优秀"
        } else if score_h >= self.pass_min {
            "合格"
        } else {
            "不合格"
        }
    }
}

/// The quarterly quality rules: weights of the three parts (percent, summing to 100), the
/// grade bands, and the money (seed 004).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QualityRules {
    pub self_check_weight: i64,
    pub survey_weight: i64,
    pub complaint_weight: i64,
    pub bands: Bands,
    /// Penalty and reward are reckoned from this score (95).
    pub money_base_h: i64,
    /// Scores below this count as this for the penalty (90).
    pub penalty_floor_h: i64,
    /// Yuan per point below the base (1000) and above it (2000).
    pub penalty_per_point: i64,
    pub reward_per_point: i64,
    /// A survey average at or above this counts as 100 (95).
    pub survey_full_h: i64,
    /// Points off the complaint part per valid complaint (10).
    pub per_complaint: i64,
}

impl Default for QualityRules {
    fn default() -> Self {
        QualityRules {
            // The seed's weight table is lost; 50/30/20 is the office's own choice.
            self_check_weight: 50,
            survey_weight: 30,
            complaint_weight: 20,
            bands: Bands::QUALITY,
            money_base_h: 9_500,
            penalty_floor_h: 9_000,
            penalty_per_point: 1_000,
            reward_per_point: 2_000,
            survey_full_h: 9_500,
            per_complaint: 10,
        }
    }
}

/// What the quality group records for one department in one quarter (scores in hundredths).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QualityInput {
    /// The monthly self-check scores of the quarter (one to three).
    pub self_checks_h: Vec<i64>,
    /// Taken off the self-check average where the spot check disagreed.
    pub spot_penalty_h: i64,
    /// The customer survey's average.
    pub survey_h: Option<i64>,
    pub valid_complaints: i64,
    /// Missing or false phone revisits: 0.5–1 each, straight off the total.
    pub revisit_deduction_h: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualityScore {
    pub self_check_h: i64,
    pub survey_h: i64,
    pub complaint_h: i64,
    pub total_h: i64,
    pub grade: &'static str,
    /// Reward (positive) or penalty (negative), in fen.
    pub money_fen: i64,
}

fn div_round(n: i64, d: i64) -> i64 {
    if d == 0 {
        return 0;
    }
    let q = n.div_euclid(d);
    let r = n.rem_euclid(d);
    if r * 2 >= d { q + 1 } else { q }
}

/// The reward (positive) or penalty (negative) for a total, in fen: yuan per point × 100 fen
/// ÷ 100 hundredths is the same number of fen per hundredth.
pub fn quality_money(total_h: i64, r: &QualityRules) -> i64 {
    if total_h < r.bands.pass_min {
        let counted = total_h.max(r.penalty_floor_h);
        -((r.money_base_h - counted).max(0) * r.penalty_per_point)
    } else if total_h >= r.bands.excellent_min {
        (total_h - r.money_base_h).max(0) * r.reward_per_point
    } else {
        0
    }
}

/// The quarter's score: self-check average minus the spot-check penalty, the survey (≥ 95
/// counts as 100), complaints (100 − 10 each, not below 0), weighted; then the revisit
/// deductions off the total; grade and money from the total.
pub fn quality_score(input: &QualityInput, r: &QualityRules) -> QualityScore {
    let n = input.self_checks_h.len() as i64;
    let avg = if n == 0 {
        0
    } else {
        div_round(input.self_checks_h.iter().sum::<i64>(), n)
    };
    let self_check_h = (avg - input.spot_penalty_h).clamp(0, 10_000);
    let survey_h = match input.survey_h {
        Some(s) if s >= r.survey_full_h => 10_000,
        Some(s) => s.clamp(0, 10_000),
        None => 0,
    };
    let complaint_h = (10_000 - input.valid_complaints * r.per_complaint * 100).max(0);
    let weighted = div_round(
        self_check_h * r.self_check_weight
            + survey_h * r.survey_weight
            + complaint_h * r.complaint_weight,
        100,
    );
    let total_h = (weighted - input.revisit_deduction_h).max(0);
    QualityScore {
        self_check_h,
        survey_h,
        complaint_h,
        total_h,
        grade: r.bands.grade(total_h),
        money_fen: quality_money(total_h, r),
    }
}

/// `95`, `92.5`, `95.00分` → hundredths; scores are 0–100.
pub fn parse_score(input: &str) -> Result<i64, String> {
    let s = normalize(input).replace('分', "");
    let s = s.trim();
    let bad = || format!("“{input}”不是分数（应为 0–100，最多两位小数）");
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let w: i64 = whole.parse().map_err(|_| bad())?;
    let f: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    let v = w * 100 + f;
    if v > 10_000 { Err(bad()) } else { Ok(v) }
}

/// Hundredths as a score: `95`, `92.5`, `87.25`.
pub fn score_text(h: i64) -> String {
    let sign = if h < 0 { "-" } else { "" };
    let a = h.abs();
    match a % 100 {
        0 => format!("{sign}{}", a / 100),
        f if f % 10 == 0 => format!("{sign}{}.{}", a / 100, f / 10),
        f => format!("{sign}{}.{f:02}", a / 100),
    }
}

/// A quarter: `2026Q3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1–4.
    pub q: u32,
}

impl Quarter {
    /// `2026Q3`, `2026q3`, `2026-Q3`, `2026年第3季度`, `2026年三季度`.
    pub fn parse(input: &str) -> Result<Quarter, String> {
        let s = normalize(input)
            .to_uppercase()
            .replace(['-', ' ', '年', '第', '度'], "")
            .replace("季", "Q");
        let bad = || format!("“{input}”不是季度（应写作 2026Q3）");
        let (y, q) = match s.split_once('Q') {
            // 2026Q3
            Some((y, q)) if !q.is_empty() => (y.to_string(), q.to_string()),
            // 2026年第3季度 → 20263Q
            Some((yq, _)) => {
                let mut chars: Vec<char> = yq.chars().collect();
                let q = chars.pop().ok_or_else(bad)?;
                (chars.into_iter().collect(), q.to_string())
            }
            None => return Err(bad()),
        };
        let q = match q.as_str() {
            "一" => "1".to_string(),
            "二" => "2".to_string(),
            "三" => "3".to_string(),
            "四" => "4".to_string(),
            other => other.to_string(),
        };
        let year: i32 = y.parse().map_err(|_| bad())?;
        let q: u32 = q.parse().map_err(|_| bad())?;
        if !(1900..=2200).contains(&year) || !(1..=4).contains(&q) {
            return Err(bad());
        }
        Ok(Quarter { year, q })
    }

    pub fn of(p: Period) -> Quarter {
        Quarter {
            year: p.year,
            q: (p.month - 1) / 3 + 1,
        }
    }

    pub fn months(self) -> [Period; 3] {
        let first = Period {
            year: self.year,
            month: (self.q - 1) * 3 + 1,
        };
        [first, first.plus(1), first.plus(2)]
    }

    /// `2026年第3季度`.
    pub fn doc(self) -> String {
        format!("{}年第{}季度", self.year, self.q)
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}Q{}", self.year, self.q)
    }
}

/// Ranks by score, highest first; equal scores share a rank (1, 2, 2, 4).
pub fn rank(scores: &[i64]) -> Vec<usize> {
    scores
        .iter()
        .map(|s| scores.iter().filter(|o| *o > s).count() + 1)
        .collect()
}

/// The 日期 of a deduction: the days of its month on which the fault happened, as the office
/// writes them — `10月8日、10月15日`, `8日 15日`, `10-08`, `2026-10-08` — separated by 、，,；; or
/// spaces. Every day must be a real day of `month`; the result is written back the one way
/// the scorecard prints it (`10月8日、10月15日`). An empty cell stays empty.
pub fn parse_deduction_dates(input: &str, month: Period) -> Result<String, String> {
    let s = normalize(input);
    let mut days: Vec<u32> = Vec::new();
    for piece in s
        .split(['、', ',', '，', ';', '；', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let bad = || {
            format!(
                "“{}”不是 {} 的日期（应写作 {}月8日、{}月15日）",
                super::text::excerpt(piece),
                month.doc(),
                month.month,
                month.month
            )
        };
        let unified = piece
            .replace('月', "-")
            .replace(['日', '号'], "")
            .replace('/', "-");
        let parts: Vec<&str> = unified.split('-').collect();
        let short = |t: &str| (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
        let day = match parts.as_slice() {
            [d] if short(d) => d
                .parse::<u32>()
                .ok()
                .filter(|d| NaiveDate::from_ymd_opt(month.year, month.month, *d).is_some()),
            [m, d] if short(m) && short(d) => match (m.parse::<u32>(), d.parse::<u32>()) {
                (Ok(m), Ok(d)) if m == month.month => {
                    NaiveDate::from_ymd_opt(month.year, m, d).map(|_| d)
                }
                _ => None,
            },
            // A whole date (2026-10-08, 2026年10月8日, 20261008), never a bare serial number.
            _ if piece.chars().count() >= 8 => super::date::parse_date(piece)
                .ok()
                .filter(|d| Period::of(*d) == month)
                .map(|d| chrono::Datelike::day(&d)),
            _ => None,
        }
        .ok_or_else(bad)?;
        if !days.contains(&day) {
            days.push(day);
        }
        if days.len() > 31 {
            return Err(bad());
        }
    }
    days.sort_unstable();
    Ok(days
        .iter()
        .map(|d| format!("{}月{}日", month.month, d))
        .collect::<Vec<_>>()
        .join("、"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value, or the test fails saying why (no unwrap in src/, tests included).
    fn some<T>(v: Option<T>) -> T {
        match v {
            Some(v) => v,
            None => panic!("no value"),
        }
    }

    fn nov() -> Period {
        some(Period::new(2026, 11))
    }

    fn day(d: u32) -> NaiveDate {
        some(NaiveDate::from_ymd_opt(2026, 11, d))
    }

    #[test]
    fn days_in_post_count_from_the_hiring_day_to_the_leaving_day() {
        assert_eq!(days_in_post(None, None, nov()), None);
        assert_eq!(days_in_post(Some(day(1)), None, nov()), None);
        // 周敏, hired 21 November: the 21st to the 30th.
        assert_eq!(days_in_post(Some(day(21)), None, nov()), Some((10, 30)));
        assert_eq!(days_in_post(None, Some(day(10)), nov()), Some((10, 30)));
        assert_eq!(
            days_in_post(Some(day(5)), Some(day(6)), nov()),
            Some((2, 30))
        );
        let earlier = NaiveDate::from_ymd_opt(2025, 3, 1);
        assert_eq!(days_in_post(earlier, None, nov()), None);
    }

    #[test]
    fn a_late_hire_is_proposed_for_the_days_in_post_and_the_cap_holds() {
        // 23 incomplete owner files, 2 points each, hired on the 21st: 23 × 10/30 = 7.67 → 8,
        // 16 points, over the cap of 10 → 5 times.
        let p = propose(Rule::OwnerFiles, 23, 2, 10, Some((10, 30)), Some(day(21)));
        assert_eq!(p.times, 5);
        assert_eq!(p.notes.len(), 2);
        assert!(p.notes[0].contains("11-21 入职") && p.notes[0].contains("23 次 → 8 次"));
        assert!(p.notes[1].contains("最多扣 10 分") && p.notes[1].contains("原 8 次，16 分"));
        // No cap: the days alone.
        let p = propose(Rule::OwnerFiles, 23, 2, 0, Some((10, 30)), Some(day(21)));
        assert_eq!(p.times, 8);
        // A whole month and a cap not reached: as found, nothing said.
        let p = propose(Rule::Undunned, 4, 2, 10, None, None);
        assert_eq!((p.times, p.notes.len()), (4, 0));
        // Exactly at the cap is not over it.
        assert_eq!(propose(Rule::Undunned, 5, 2, 10, None, None).times, 5);
        // A rule counting events is marked, not scaled; one day in post still proposes once.
        let p = propose(Rule::MissedTraining, 2, 2, 0, Some((10, 30)), Some(day(21)));
        assert_eq!(p.times, 2);
        assert!(p.notes[0].contains("请核实"));
        assert_eq!(propose(Rule::Visits, 3, 2, 0, Some((1, 30)), None).times, 1);
        // A cap below one occurrence still proposes the one.
        assert_eq!(propose(Rule::ComplaintValid, 2, 10, 5, None, None).times, 1);
    }

    #[test]
    fn a_card_over_an_items_cap_is_named() {
        let over = over_caps([("业主资料", 10, 12), ("迟到", 0, 40), ("走访", 10, 10)]);
        assert_eq!(over.len(), 1);
        assert!(
            over[0].contains("业主资料")
                && over[0].contains("最多扣 10 分")
                && over[0].contains("现为 12 分")
        );
    }

    #[test]
    fn a_cap_below_the_points_of_one_time_is_refused() {
        let mut items = customer_service_template();
        items[0].cap = 1;
        let e = check_template(&items).unwrap_err();
        assert!(e[0].contains("第 1 项") && e[0].contains("上限"), "{e:?}");
        items[0].cap = 0;
        assert!(check_template(&items).is_ok());
    }

    #[test]
    fn deduction_dates_are_days_of_the_month() {
        let oct = Period {
            year: 2026,
            month: 10,
        };
        assert_eq!(
            parse_deduction_dates("10月15日、10月8日", oct),
            Ok("10月8日、10月15日".into())
        );
        assert_eq!(
            parse_deduction_dates("8日 15号", oct),
            Ok("10月8日、10月15日".into())
        );
        assert_eq!(
            parse_deduction_dates("2026-10-08，10-15", oct),
            Ok("10月8日、10月15日".into())
        );
        assert_eq!(parse_deduction_dates("  ", oct), Ok(String::new()));
        for bad in [
            "99999",
            "10月32日",
            "11月3日",
            "2026-11-03",
            "晨会",
            "2月30日",
            "10-",
        ] {
            let e = parse_deduction_dates(bad, oct).unwrap_err();
            assert!(e.contains("不是 2026年10月 的日期"), "{bad}: {e}");
        }
    }

    proptest::proptest! {
        #[test]
        fn deduction_dates_never_panic_and_round_trip(s in "\\PC{0,40}", m in 1u32..=12) {
            let month = Period { year: 2026, month: m };
            if let Ok(text) = parse_deduction_dates(&s, month) {
                proptest::prop_assert_eq!(parse_deduction_dates(&text, month), Ok(text.clone()));
            }
        }
    }

    #[test]
    fn the_default_template_is_seed_000_whole() {
        let t = customer_service_template();
        assert_eq!(t.len(), 28);
        let categories: Vec<&str> = {
            let mut c: Vec<&str> = t.iter().map(|i| i.category.as_str()).collect();
            c.dedup();
            c
        };
        assert_eq!(
            categories,
            [
                "考勤管理",
                "仪容仪表",
                "礼节礼貌",
                "培训管理",
                "走访管理",
                "投诉处理",
                "快递管理",
                "联系单管理",
                "费用收缴管理",
                "日常巡查管理"
            ]
        );
        let points: Vec<i64> = t.iter().map(|i| i.points).collect();
        assert_eq!(
            points,
            [
                2, 2, 2, 5, 2, 2, 2, 10, 5, 2, 5, 2, 2, 2, 2, 10, 5, 10, 5, 2, 5, 10, 5, 2, 2, 10,
                2, 2
            ]
        );
        assert_eq!(check_template(&t), Ok(()));
        let rules: Vec<Rule> = t.iter().filter_map(|i| i.rule).collect();
        assert_eq!(rules.len(), Rule::ALL.len(), "every rule has its item");
    }

    #[test]
    fn the_department_templates_are_valid_and_share_the_common_items() {
        for (dept, name, items) in department_templates()
            .into_iter()
            .chain(position_templates())
        {
            assert_eq!(check_template(&items), Ok(()), "{dept} {name}");
            assert_eq!(items[0].name, "无故迟到5分钟以上、无故不打卡、未签卡");
            assert!(items.iter().any(|i| i.rule == Some(Rule::MissedTraining)));
            assert!(items.iter().any(|i| i.rule == Some(Rule::ComplaintValid)));
        }
    }

    #[test]
    fn a_template_with_bad_items_names_them() {
        let mut t = customer_service_template();
        t[0].points = 0;
        t[2].name = " ".into();
        t.push(t[1].clone());
        let errs = check_template(&t).err().unwrap_or_default();
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(errs[0].starts_with("第 1 项"));
        assert!(errs[1].starts_with("第 3 项"));
        assert!(errs[2].starts_with("第 29 项"));
    }

    #[test]
    fn a_card_starts_at_100_and_never_goes_below_0() {
        assert_eq!(card_total(&[]), 100);
        assert_eq!(card_total(&[(2, 3), (10, 1)]), 84);
        assert_eq!(card_total(&[(10, 6), (5, 9)]), 0);
    }

    #[test]
    fn cards_are_due_on_the_10th_of_the_next_month() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(
            Some(card_deadline(Period {
                year: 2026,
                month: 10
            })),
            d(2026, 11, 10)
        );
        assert_eq!(
            Some(card_deadline(Period {
                year: 2026,
                month: 12
            })),
            d(2027, 1, 10)
        );
    }

    #[test]
    fn seed_004_grades_and_money() {
        let r = QualityRules::default();
        // 92 → 不合格, penalty (95 − 92) × 1000 = 3000.
        assert_eq!(r.bands.grade(9_200), "不合格");
        assert_eq!(quality_money(9_200, &r), -300_000);
        // 85 counts as 90: (95 − 90) × 1000 = 5000.
        assert_eq!(quality_money(8_500, &r), -500_000);
        // 97 → 优秀, reward (97 − 95) × 2000 = 4000.
        assert_eq!(r.bands.grade(9_700), "优秀");
        assert_eq!(quality_money(9_700, &r), 400_000);
        // Exactly 95 → 合格, nothing either way.
        assert_eq!(r.bands.grade(9_500), "合格");
        assert_eq!(quality_money(9_500, &r), 0);
        // Just above 95 is 优秀; fractions pay pro rata: 95.5 → 1000.
        assert_eq!(r.bands.grade(9_501), "优秀");
        assert_eq!(quality_money(9_550, &r), 100_000);
        // 90 exactly: 5000; 93.5: 1500.
        assert_eq!(quality_money(9_000, &r), -500_000);
        assert_eq!(quality_money(9_350, &r), -150_000);
        // The company-wide bands.
        assert_eq!(Bands::STAFF.grade(9_000), "优秀");
        assert_eq!(Bands::STAFF.grade(7_000), "合格");
        assert_eq!(Bands::STAFF.grade(6_999), "不合格");
    }

    #[test]
    fn the_quarterly_score_by_hand() {
        let r = QualityRules::default();
        // Self-check (96 + 94 + 95.5) / 3 = 95.1667 → 95.17, minus 1 spot-check = 94.17;
        // survey 96 ≥ 95 → 100; one valid complaint → 90.
        // 94.17 × 0.5 + 100 × 0.3 + 90 × 0.2 = 47.085 + 30 + 18 = 95.085 → 95.09 (half up);
        // minus 0.5 for a missing revisit = 94.59 → 不合格, penalty 0.41 × 1000 = 410 元.
        let s = quality_score(
            &QualityInput {
                self_checks_h: vec![9_600, 9_400, 9_550],
                spot_penalty_h: 100,
                survey_h: Some(9_600),
                valid_complaints: 1,
                revisit_deduction_h: 50,
            },
            &r,
        );
        assert_eq!(s.self_check_h, 9_417);
        assert_eq!(s.survey_h, 10_000);
        assert_eq!(s.complaint_h, 9_000);
        assert_eq!(s.total_h, 9_459);
        assert_eq!(s.grade, "不合格");
        assert_eq!(s.money_fen, -41_000);

        // A clean quarter: 98, 97, 99 → 98; survey 93 stays 93; no complaints.
        // 98 × 0.5 + 93 × 0.3 + 100 × 0.2 = 49 + 27.9 + 20 = 96.9 → 优秀, 1.9 × 2000 = 3800.
        let s = quality_score(
            &QualityInput {
                self_checks_h: vec![9_800, 9_700, 9_900],
                survey_h: Some(9_300),
                ..Default::default()
            },
            &r,
        );
        assert_eq!(s.total_h, 9_690);
        assert_eq!(s.grade, "优秀");
        assert_eq!(s.money_fen, 380_000);

        // Eleven valid complaints: the part stops at 0.
        let s = quality_score(
            &QualityInput {
                self_checks_h: vec![10_000],
                survey_h: Some(10_000),
                valid_complaints: 11,
                ..Default::default()
            },
            &r,
        );
        assert_eq!(s.complaint_h, 0);
        assert_eq!(s.total_h, 8_000);
        assert_eq!(s.money_fen, -500_000, "80 counts as 90");
    }

    #[test]
    fn scores_and_quarters_parse() {
        assert_eq!(parse_score("95"), Ok(9_500));
        assert_eq!(parse_score("92.5"), Ok(9_250));
        assert_eq!(parse_score("８７.２５分"), Ok(8_725));
        assert!(parse_score("101").is_err());
        assert!(parse_score("95.123").is_err());
        assert!(parse_score("优").is_err());
        assert_eq!(score_text(9_250), "92.5");
        assert_eq!(score_text(8_725), "87.25");
        assert_eq!(score_text(10_000), "100");
        let q = Quarter { year: 2026, q: 3 };
        for s in [
            "2026Q3",
            "2026q3",
            "2026-Q3",
            "2026年第3季度",
            "2026年第三季度",
        ] {
            assert_eq!(Quarter::parse(s), Ok(q), "{s}");
        }
        assert!(Quarter::parse("2026Q5").is_err());
        assert!(Quarter::parse("2026").is_err());
        assert_eq!(q.to_string(), "2026Q3");
        assert_eq!(
            q.months()[2],
            Period {
                year: 2026,
                month: 9
            }
        );
        assert_eq!(
            Quarter::of(Period {
                year: 2026,
                month: 11
            })
            .q,
            4
        );
    }

    #[test]
    fn equal_scores_share_a_rank() {
        assert_eq!(rank(&[90, 95, 90, 80]), [2, 1, 2, 4]);
    }
}
