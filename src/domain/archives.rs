//! Archives (档案管理, DOMAIN §3; seed 002 §4.4): the rules of a file request — consulting on
//! site (查阅) or borrowing away (借阅) — as one pure transition function, what a kind's
//! checklist says is missing, and an inspection's findings. No SQL, no egui.

use chrono::{NaiveDate, NaiveDateTime};

chinese_enum!(
    /// Where a request stands.
    RequestState {
        Requested = "申请",
        Approved = "已批准",
        Refused = "已驳回",
        Out = "已借出",
        Returned = "已归还",
        Withdrawn = "已撤回",
    }
);

chinese_enum!(
    /// 查阅 is reading on site, back the same day; 借阅 takes the file away until a due date;
    /// an inspection by the company's own auditors needs no approval but is still logged.
    RequestKind {
        Consult = "查阅",
        Borrow = "借阅",
        Audit = "公司检查" | "上级检查",
    }
);

chinese_enum!(
    /// A file's state as returned or as found at an inspection.
    Condition {
        Intact = "完好",
        Damaged = "缺损",
        Missing = "缺失",
        Misplaced = "位置不符",
    }
);

chinese_enum!(
    /// 密级: reading a 保密 file's record or scans is itself logged.
    Secrecy {
        Normal = "普通" | "公开",
        Internal = "内部",
        Secret = "保密" | "机密" | "秘密",
    }
);

chinese_enum!(
    /// 保管期限.
    Retention {
        TenYears = "10年" | "十年" | "10",
        ThirtyYears = "30年" | "三十年" | "30",
        Permanent = "永久" | "长期",
    }
);

/// The levels of the storage tree, top down.
pub const LOCATION_LEVELS: [&str; 4] = ["房间", "柜", "层", "盒"];

/// A storage location as written in an index or typed (`档案室/A柜/第2层/03盒`, `档案室>A柜`,
/// `档案室／A柜`): its parts, top down, trimmed. At most four levels (房间 → 柜 → 层 → 盒).
pub fn parse_location(text: &str) -> Result<Vec<String>, String> {
    let parts: Vec<String> = text
        .split(['/', '／', '>', '＞', '›', '\\', '|'])
        .map(crate::domain::text::normalize)
        .collect();
    if parts.iter().all(|p| p.is_empty()) {
        return Err("存放位置为空".into());
    }
    if parts.iter().any(|p| p.is_empty()) {
        return Err(format!(
            "“{}”中有空的一级：请写成 档案室/A柜/第2层/03盒",
            text.trim()
        ));
    }
    if parts.len() > LOCATION_LEVELS.len() {
        return Err(format!(
            "“{}”超过四级：存放位置只分 房间/柜/层/盒",
            text.trim()
        ));
    }
    Ok(parts)
}

/// The location's parts joined as stored.
pub fn location_path(parts: &[String]) -> String {
    parts.join("/")
}

/// One campaign of the yearly inspection plan: its name and its window as month-days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanEntry {
    pub name: String,
    pub starts: (u32, u32),
    pub due: (u32, u32),
}

impl PlanEntry {
    /// The campaign's dates in `year` (29 February falls back to the 28th).
    pub fn dates(&self, year: i32) -> (NaiveDate, NaiveDate) {
        let d = |(m, day): (u32, u32)| {
            NaiveDate::from_ymd_opt(year, m, day)
                .or_else(|| NaiveDate::from_ymd_opt(year, m, day.saturating_sub(1)))
                .unwrap_or_default()
        };
        (d(self.starts), d(self.due))
    }

    /// The campaign's name in `year`: 2026年上半年档案检查.
    pub fn campaign_name(&self, year: i32) -> String {
        format!("{year}年{}档案检查", self.name)
    }
}

/// The plan as the office writes it in 设置, one campaign a line: `上半年 06-01 06-30`.
/// At least two a year (seed 002 §4.4); windows within the year, start before due.
pub fn parse_plan(text: &str) -> Result<Vec<PlanEntry>, String> {
    let mut out: Vec<PlanEntry> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let bad = || {
            format!(
                "第 {} 行“{line}”：应写成 名称 开始月-日 截止月-日，如 上半年 06-01 06-30",
                i + 1
            )
        };
        let [name, starts, due] = words[..] else {
            return Err(bad());
        };
        let md = |t: &str| -> Option<(u32, u32)> {
            let (m, d) = t.split_once(['-', '/', '月'])?;
            let d = d.trim_end_matches('日');
            let (m, d) = (m.parse().ok()?, d.parse().ok()?);
            // Checked against a leap year: 02-29 is a day some years have.
            NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
        };
        let (Some(starts), Some(due)) = (md(starts), md(due)) else {
            return Err(bad());
        };
        if due < starts {
            return Err(format!("第 {} 行“{line}”：截止日期早于开始日期", i + 1));
        }
        if out.iter().any(|e| e.name == name) {
            return Err(format!("第 {} 行：“{name}”重复", i + 1));
        }
        out.push(PlanEntry {
            name: name.to_string(),
            starts,
            due,
        });
    }
    if out.len() < 2 {
        return Err("档案检查每年至少两次：请写两行或以上。".into());
    }
    Ok(out)
}

/// The plan the office starts with.
pub const DEFAULT_PLAN: &str = "上半年 06-01 06-30\n下半年 12-01 12-20";

/// Where a campaign stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignState {
    Done,
    /// Due within the warning window (days left, 0 = today).
    DueSoon(i64),
    /// Past its due date, not done (days late).
    Overdue(i64),
    Planned,
}

/// Campaigns are warned about 14 days before they are due.
pub const CAMPAIGN_WARN_DAYS: i64 = 14;

pub fn campaign_state(due: NaiveDate, done: Option<NaiveDate>, today: NaiveDate) -> CampaignState {
    if done.is_some() {
        return CampaignState::Done;
    }
    let left = (due - today).num_days();
    if left < 0 {
        CampaignState::Overdue(-left)
    } else if left <= CAMPAIGN_WARN_DAYS {
        CampaignState::DueSoon(left)
    } else {
        CampaignState::Planned
    }
}

impl CampaignState {
    pub fn text(self) -> String {
        match self {
            CampaignState::Done => "已完成".into(),
            CampaignState::DueSoon(0) => "今天到期".into(),
            CampaignState::DueSoon(n) => format!("{n} 天后到期"),
            CampaignState::Overdue(n) => format!("已逾期 {n} 天"),
            CampaignState::Planned => "计划中".into(),
        }
    }
}

/// When a request's files are due back: a 查阅 at the end of the day it is handed out; a
/// 借阅 at the end of its due date; an audit as a 借阅.
pub fn due_at(
    kind: RequestKind,
    requested: NaiveDateTime,
    due_date: Option<NaiveDate>,
) -> Result<NaiveDateTime, String> {
    let end = |d: NaiveDate| d.and_hms_opt(23, 59, 59).unwrap_or_default();
    match (kind, due_date) {
        (RequestKind::Consult, _) => Ok(end(requested.date())),
        (_, Some(d)) if d < requested.date() => Err("归还日期早于申请日期".into()),
        (_, Some(d)) => Ok(end(d)),
        (_, None) => Err("借阅要写归还日期".into()),
    }
}

/// What may be done with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestAction<'a> {
    /// By the manager; never by the requester.
    Approve { approver: &'a str },
    /// By the manager, with the reason kept.
    Refuse { approver: &'a str, reason: &'a str },
    /// The files handed over; refused while the requester has an overdue file out.
    HandOut { requester_has_overdue: bool },
    /// Files come back, some or all: the request closes when none is still out.
    Return { still_out: usize },
    /// By the requester, before anything is handed out.
    Withdraw,
}

impl RequestAction<'_> {
    pub fn label(&self) -> &'static str {
        match self {
            RequestAction::Approve { .. } => "批准",
            RequestAction::Refuse { .. } => "驳回",
            RequestAction::HandOut { .. } => "借出",
            RequestAction::Return { .. } => "归还",
            RequestAction::Withdraw => "撤回",
        }
    }
}

/// The state after `action` on a request by `requester` of `kind`, or why it cannot be done.
pub fn transition(
    state: RequestState,
    kind: RequestKind,
    requester: &str,
    action: RequestAction<'_>,
) -> Result<RequestState, String> {
    use RequestAction as A;
    use RequestState as S;
    let same =
        |a: &str| crate::domain::text::normalize(a) == crate::domain::text::normalize(requester);
    match (state, action) {
        (S::Requested, A::Approve { approver } | A::Refuse { approver, .. }) if same(approver) => {
            Err("审批人不能是申请人本人：请由管理处经理审批。".into())
        }
        (S::Requested, A::Approve { .. }) => Ok(S::Approved),
        (S::Requested, A::Refuse { reason, .. }) if reason.trim().is_empty() => {
            Err("驳回要写明原因。".into())
        }
        (S::Requested, A::Refuse { .. }) => Ok(S::Refused),
        (
            _,
            A::HandOut {
                requester_has_overdue: true,
            },
        ) => Err(format!("{requester} 有逾期未还的档案，归还后才能再借。")),
        (S::Approved, A::HandOut { .. }) => Ok(S::Out),
        // A company audit is logged without approval.
        (S::Requested, A::HandOut { .. }) if kind == RequestKind::Audit => Ok(S::Out),
        (S::Requested, A::HandOut { .. }) => Err("未经审批的申请不能借出档案。".into()),
        (S::Out, A::Return { still_out: 0 }) => Ok(S::Returned),
        (S::Out, A::Return { .. }) => Ok(S::Out),
        (S::Requested | S::Approved, A::Withdraw) => Ok(S::Withdrawn),
        (s, a) => Err(format!("这份申请现在是“{s}”，不能{}。", a.label())),
    }
}

/// Overdue: out past the due time (a 查阅 is due the same day, at its end).
pub fn overdue(state: RequestState, due: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    state == RequestState::Out && due.is_some_and(|d| now > d)
}

/// The documents of a kind's checklist that a file does not hold, in the checklist's order.
pub fn missing_documents<'a>(checklist: &'a [String], present: &[String]) -> Vec<&'a str> {
    let have: std::collections::HashSet<String> = present
        .iter()
        .map(|p| crate::domain::text::normalize(p))
        .collect();
    checklist
        .iter()
        .filter(|c| !have.contains(&crate::domain::text::normalize(c)))
        .map(String::as_str)
        .collect()
}

/// The checklists the office starts with (kinds are data; 设置 may change them).
pub fn default_checklist(kind: &str) -> Vec<String> {
    let items: &[&str] = match kind {
        "业主档案" => &["购房合同复印件", "身份证复印件", "入伙资料", "业主签字确认"],
        "装修档案" => &[
            "装修管理服务协议",
            "消防安全责任书",
            "闭水试验确认书",
            "装修人员出入证",
        ],
        _ => &[],
    };
    items.iter().map(|s| s.to_string()).collect()
}

/// An owner's file and the unit's 资料完整/已签字 flags are one truth: complete when the
/// checklist is, signed when 业主签字确认 is present.
pub fn owner_flags(checklist: &[String], present: &[String]) -> (bool, bool) {
    let missing = missing_documents(checklist, present);
    let signed =
        !missing.contains(&"业主签字确认") && checklist.iter().any(|c| c == "业主签字确认");
    (missing.is_empty(), signed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestAction as A;
    use RequestState as S;

    const ME: &str = "王丽";

    fn go(s: S, a: A<'_>) -> Result<S, String> {
        transition(s, RequestKind::Borrow, ME, a)
    }

    #[test]
    fn a_loan_runs_from_request_to_return() {
        let mut s = S::Requested;
        for a in [
            A::Approve {
                approver: "陈建国"
            },
            A::HandOut {
                requester_has_overdue: false,
            },
            A::Return { still_out: 1 },
            A::Return { still_out: 0 },
        ] {
            s = match go(s, a) {
                Ok(next) => next,
                Err(e) => panic!("{e}"),
            };
        }
        assert_eq!(s, S::Returned);
    }

    #[test]
    fn the_requester_never_approves_their_own_request() {
        assert_eq!(
            go(
                S::Requested,
                A::Approve {
                    approver: " 王丽 "
                }
            ),
            Err("审批人不能是申请人本人：请由管理处经理审批。".into())
        );
        assert!(
            go(
                S::Requested,
                A::Refuse {
                    approver: "王丽",
                    reason: "x"
                }
            )
            .is_err()
        );
    }

    #[test]
    fn nothing_leaves_before_approval_except_a_company_audit() {
        let out = A::HandOut {
            requester_has_overdue: false,
        };
        assert_eq!(
            go(S::Requested, out),
            Err("未经审批的申请不能借出档案。".into())
        );
        assert_eq!(
            transition(S::Requested, RequestKind::Audit, ME, out),
            Ok(S::Out)
        );
        assert!(go(S::Refused, out).is_err());
        assert!(go(S::Withdrawn, out).is_err());
    }

    #[test]
    fn a_borrower_with_an_overdue_file_gets_no_other() {
        let e = go(
            S::Approved,
            A::HandOut {
                requester_has_overdue: true,
            },
        )
        .unwrap_err_or_default();
        assert!(e.contains("逾期未还"), "{e}");
    }

    #[test]
    fn a_refusal_keeps_its_reason_and_a_withdrawal_comes_before_hand_out() {
        assert!(
            go(
                S::Requested,
                A::Refuse {
                    approver: "陈建国",
                    reason: " "
                }
            )
            .is_err()
        );
        assert_eq!(
            go(
                S::Requested,
                A::Refuse {
                    approver: "陈建国",
                    reason: "涉及其他业主隐私"
                }
            ),
            Ok(S::Refused)
        );
        assert_eq!(go(S::Approved, A::Withdraw), Ok(S::Withdrawn));
        assert!(go(S::Out, A::Withdraw).is_err());
        assert!(go(S::Returned, A::Return { still_out: 0 }).is_err());
    }

    #[test]
    fn overdue_is_out_past_its_due_time() {
        let t = |h: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
                .and_then(|d| d.and_hms_opt(h, 0, 0))
                .unwrap_or_default()
        };
        assert!(overdue(S::Out, Some(t(9)), t(10)));
        assert!(!overdue(S::Out, Some(t(11)), t(10)));
        assert!(!overdue(S::Returned, Some(t(9)), t(10)));
        assert!(!overdue(S::Out, None, t(10)));
    }

    #[test]
    fn a_checklist_names_what_is_missing_and_the_owner_flags_follow_it() {
        let list = default_checklist("业主档案");
        let present = vec!["身份证复印件".to_string(), "购房合同复印件".to_string()];
        assert_eq!(
            missing_documents(&list, &present),
            vec!["入伙资料", "业主签字确认"]
        );
        assert_eq!(owner_flags(&list, &present), (false, false));
        let all: Vec<String> = list.clone();
        assert_eq!(owner_flags(&list, &all), (true, true));
        assert!(default_checklist("会议记录").is_empty());
        assert_eq!(default_checklist("装修档案").len(), 4);
    }

    #[test]
    fn a_location_reads_from_any_usual_separator() {
        assert_eq!(
            parse_location(" 档案室 / A柜／第2层>03盒 "),
            Ok(vec![
                "档案室".to_string(),
                "A柜".into(),
                "第2层".into(),
                "03盒".into()
            ])
        );
        assert!(parse_location("").is_err());
        assert!(parse_location("档案室//A柜").is_err());
        assert!(parse_location("a/b/c/d/e").is_err());
    }

    #[test]
    fn the_plan_needs_two_campaigns_with_sane_windows() {
        let p = parse_plan(DEFAULT_PLAN).unwrap_or_default();
        assert_eq!(p.len(), 2);
        assert_eq!(
            p[1].dates(2026),
            (
                NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
                NaiveDate::from_ymd_opt(2026, 12, 20).unwrap_or_default()
            )
        );
        assert_eq!(p[0].campaign_name(2026), "2026年上半年档案检查");
        assert!(parse_plan("上半年 06-01 06-30").is_err());
        assert!(parse_plan("上半年 06-30 06-01\n下半年 12-01 12-20").is_err());
        assert!(parse_plan("上半年 13-01 13-30\n下半年 12-01 12-20").is_err());
        assert!(parse_plan("甲 06-01 06-30\n甲 12-01 12-20").is_err());
        let leap = parse_plan("一 02-01 02-29\n二 03-01 03-02").unwrap_or_default();
        assert_eq!(leap[0].dates(2026).1.to_string(), "2026-02-28");
    }

    #[test]
    fn a_campaign_warns_fourteen_days_ahead_and_turns_overdue() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
        let due = d(12, 15);
        assert_eq!(campaign_state(due, None, d(11, 30)), CampaignState::Planned);
        assert_eq!(
            campaign_state(due, None, d(12, 1)),
            CampaignState::DueSoon(14)
        );
        assert_eq!(
            campaign_state(due, None, d(12, 15)),
            CampaignState::DueSoon(0)
        );
        assert_eq!(
            campaign_state(due, None, d(12, 17)),
            CampaignState::Overdue(2)
        );
        assert_eq!(
            campaign_state(due, Some(d(12, 2)), d(12, 17)),
            CampaignState::Done
        );
    }

    #[test]
    fn a_consultation_is_due_the_same_day_and_a_loan_on_its_date() {
        let at = NaiveDate::from_ymd_opt(2026, 11, 24)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap_or_default();
        let later = NaiveDate::from_ymd_opt(2026, 12, 1);
        assert_eq!(
            due_at(RequestKind::Consult, at, later).map(|t| t.to_string()),
            Ok("2026-11-24 23:59:59".into())
        );
        assert_eq!(
            due_at(RequestKind::Borrow, at, later).map(|t| t.to_string()),
            Ok("2026-12-01 23:59:59".into())
        );
        assert!(due_at(RequestKind::Borrow, at, None).is_err());
        assert!(
            due_at(
                RequestKind::Borrow,
                at,
                NaiveDate::from_ymd_opt(2026, 11, 23)
            )
            .is_err()
        );
    }

    trait ErrText {
        fn unwrap_err_or_default(self) -> String;
    }

    impl ErrText for Result<S, String> {
        fn unwrap_err_or_default(self) -> String {
            self.err().unwrap_or_default()
        }
    }
}
