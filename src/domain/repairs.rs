//! Repair calls (报修, DOMAIN §5; seeds 001 and 003): a call becomes a work order (派工单)
//! handed to a technician of 工程部, is completed and revisited. One transition function says
//! what may follow what; a hand-off to another technician keeps the chain of who had it.

use chrono::NaiveDateTime;

chinese_enum!(
    /// Where a repair stands.
    RepairState {
        Waiting = "待派工",
        Dispatched = "已派工",
        Done = "已完成",
        Revisited = "已回访",
        Returned = "退单",
        Paused = "暂停",
    }
);

chinese_enum!(
    /// What the call is about.
    RepairCategory {
        Water = "水" | "水路" | "给排水" | "漏水",
        Power = "电" | "电路" | "电气",
        DoorWindow = "门窗" | "门" | "窗",
        Public = "公共设施" | "公共" | "公区",
        Other = "其他" | "其它",
    }
);

/// What the desk or the technician does with a work order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepairAction<'a> {
    /// To a technician (first time).
    Dispatch,
    /// From one technician to another; the chain is kept.
    HandOff,
    Complete,
    Revisit,
    /// 退单: the call is not a repair for the office (owner's own contractor, a duplicate…).
    Return {
        reason: &'a str,
    },
    /// 暂停: waiting for parts or the owner.
    Pause {
        reason: &'a str,
    },
    /// Back to work after a pause: to the technician who had it, or to 待派工 if none.
    Resume {
        dispatched: bool,
    },
}

impl RepairAction<'_> {
    pub fn label(&self) -> &'static str {
        match self {
            RepairAction::Dispatch => "派工",
            RepairAction::HandOff => "转派",
            RepairAction::Complete => "完工",
            RepairAction::Revisit => "回访",
            RepairAction::Return { .. } => "退单",
            RepairAction::Pause { .. } => "暂停",
            RepairAction::Resume { .. } => "恢复",
        }
    }
}

/// The state after `action`, or why it cannot be done.
pub fn transition(state: RepairState, action: RepairAction<'_>) -> Result<RepairState, String> {
    use RepairAction as A;
    use RepairState as S;
    let refuse = || {
        Err(format!(
            "这张维修单现在是“{state}”，不能{}。",
            action.label()
        ))
    };
    match (state, action) {
        (_, A::Return { reason } | A::Pause { reason }) if reason.trim().is_empty() => {
            Err(format!("{}要写明原因。", action.label()))
        }
        (S::Waiting, A::Dispatch) => Ok(S::Dispatched),
        (S::Dispatched, A::HandOff) => Ok(S::Dispatched),
        (S::Dispatched, A::Complete) => Ok(S::Done),
        (S::Done, A::Revisit) => Ok(S::Revisited),
        (S::Waiting | S::Dispatched, A::Return { .. }) => Ok(S::Returned),
        (S::Waiting | S::Dispatched, A::Pause { .. }) => Ok(S::Paused),
        (S::Paused, A::Resume { dispatched: true }) => Ok(S::Dispatched),
        (S::Paused, A::Resume { dispatched: false }) => Ok(S::Waiting),
        _ => refuse(),
    }
}

/// On time: completed no later than the appointment (or, with none, within `hours` of the call).
pub fn on_time(
    reported: NaiveDateTime,
    appointment: Option<NaiveDateTime>,
    completed: Option<NaiveDateTime>,
    hours: i64,
) -> Option<bool> {
    let due = appointment.unwrap_or(reported + chrono::Duration::hours(hours));
    completed.map(|c| c <= due)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value, or the test fails saying why (no unwrap in src/, tests included).
    fn ok<T, E: std::fmt::Debug>(r: Result<T, E>) -> T {
        match r {
            Ok(v) => v,
            Err(e) => panic!("{e:?}"),
        }
    }
    use RepairAction as A;
    use RepairState as S;

    #[test]
    fn a_work_order_goes_from_waiting_to_revisited() {
        let mut s = S::Waiting;
        for a in [A::Dispatch, A::HandOff, A::HandOff, A::Complete, A::Revisit] {
            s = ok(transition(s, a));
        }
        assert_eq!(s, S::Revisited);
    }

    #[test]
    fn what_may_not_follow_is_refused_with_the_state_named() {
        assert_eq!(
            transition(S::Waiting, A::Complete).unwrap_err(),
            "这张维修单现在是“待派工”，不能完工。"
        );
        assert!(transition(S::Waiting, A::Revisit).is_err());
        assert!(transition(S::Done, A::Dispatch).is_err());
        assert!(transition(S::Revisited, A::HandOff).is_err());
        assert!(transition(S::Returned, A::Dispatch).is_err());
        assert!(transition(S::Done, A::Return { reason: "重复" }).is_err());
        // Every pair is answered, never a panic.
        for s in S::ALL {
            for a in [
                A::Dispatch,
                A::HandOff,
                A::Complete,
                A::Revisit,
                A::Return { reason: "x" },
                A::Pause { reason: "x" },
                A::Resume { dispatched: true },
            ] {
                let _ = transition(*s, a);
            }
        }
    }

    #[test]
    fn a_return_or_pause_needs_a_reason_and_a_resume_goes_back() {
        assert_eq!(
            transition(S::Dispatched, A::Pause { reason: " " }).unwrap_err(),
            "暂停要写明原因。"
        );
        let p = ok(transition(
            S::Dispatched,
            A::Pause {
                reason: "等配件"
            },
        ));
        assert_eq!(p, S::Paused);
        assert_eq!(
            ok(transition(p, A::Resume { dispatched: true })),
            S::Dispatched
        );
        assert_eq!(
            ok(transition(p, A::Resume { dispatched: false })),
            S::Waiting
        );
        assert_eq!(
            ok(transition(
                S::Waiting,
                A::Return {
                    reason: "业主自行维修"
                }
            )),
            S::Returned
        );
    }

    #[test]
    fn on_time_means_by_the_appointment() {
        let t = |s: &str| ok(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"));
        let call = t("2026-11-02 09:00");
        assert_eq!(
            on_time(
                call,
                Some(t("2026-11-03 14:00")),
                Some(t("2026-11-03 13:30")),
                24
            ),
            Some(true)
        );
        assert_eq!(
            on_time(
                call,
                Some(t("2026-11-03 14:00")),
                Some(t("2026-11-03 14:30")),
                24
            ),
            Some(false)
        );
        assert_eq!(
            on_time(call, None, Some(t("2026-11-03 10:00")), 24),
            Some(false)
        );
        assert_eq!(on_time(call, None, None, 24), None);
    }
}
