//! Archives (档案管理, DOMAIN §3; seed 002 §4.4): the rules of a file request — consulting on
//! site (查阅) or borrowing away (借阅) — as one pure transition function, what a kind's
//! checklist says is missing, and an inspection's findings. No SQL, no egui.

use chrono::NaiveDateTime;

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

    trait ErrText {
        fn unwrap_err_or_default(self) -> String;
    }

    impl ErrText for Result<S, String> {
        fn unwrap_err_or_default(self) -> String {
            self.err().unwrap_or_default()
        }
    }
}
