//! What each command of the window writes, as a permission — the one place roles are checked
//! (`App::run`). Every match is exhaustive: a new command does not compile until it is given
//! its permission (or None: it only reads, navigates, or opens a dialog).

use super::{
    ArchiveCommand, AssessCommand, ChargeCommand, ChargeImport, Command, KeyCommand,
    ServiceCommand, StaffCommand,
};
use crate::domain::users::Perm::{self, *};

pub fn perm_of(c: &Command) -> Option<Perm> {
    match c {
        Command::Navigate(crate::app::Nav::Audit) | Command::Audit(_) => Some(Audit),
        Command::Navigate(_)
        | Command::SelectUnit(_)
        // The manager's alone, checked and logged where it runs (not a permission of a role).
        | Command::RevealOwnerId(_)
        | Command::CollectFrom(_)
        | Command::VisitFrom(_)
        | Command::SettingsSaved
        | Command::FindPrinters
        | Command::BrowseImportFile
        | Command::BrowsePdf { .. }
        | Command::PreviewImport(_)
        | Command::PrintRoster { .. }
        | Command::PrintRosterTo { .. }
        | Command::ShowStaff(_)
        | Command::ShowFile(_)
        | Command::ShowRequest(_)
        | Command::ShowCampaign(_)
        | Command::ShowKey(_)
        | Command::ShowComplaint(_)
        | Command::ShowRepair(_)
        | Command::ShowUndunned
        | Command::ShowCollection
        | Command::ShowVisitTargets
        // Signing in and out is for everyone; the users panel checks the manager itself.
        | Command::Users(_) => None,
        Command::CreateUnit(_)
        | Command::UpdateUnit(..)
        | Command::MoveOut { .. }
        | Command::AddOccupant { .. }
        | Command::StartImport(_) => Some(Units),
        Command::SaveSettings(_) | Command::SavePrinting(_) => Some(Settings),
        // 打印 needs what the command that writes the PDF needs.
        Command::Print(write, _) => perm_of(write),
        Command::Staff(s) => staff(s),
        Command::Keys(k) => keys(k),
        Command::Charging(c) => charging(c),
        Command::Assess(a) => assess(a),
        Command::Service(s) => service(s),
        Command::Archives(a) => archives(a),
        Command::Notices(n) => {
            use crate::views::notices::NoticeCommand as N;
            match n {
                N::Issue(..) => Some(Notices),
                N::Reprint(..) | N::BrowseOutput => None,
                N::SaveTemplate(..) | N::SavePrefix(_) => Some(Settings),
            }
        }
        Command::Backup(b) => {
            use crate::views::backup::BackupCommand as B;
            match b {
                B::List | B::BrowseNow | B::BrowseRestore | B::Inspect(_) | B::Now(_) => None,
                B::SaveFolder(_) => Some(Settings),
                B::Restore(_) => Some(Restore),
            }
        }
    }
}

fn staff(c: &StaffCommand) -> Option<Perm> {
    use StaffCommand as S;
    match c {
        S::Select(_)
        | S::OpenScan(_)
        | S::BrowseImport
        | S::PreviewImport(_)
        | S::BrowseScan
        | S::BrowseOutput
        | S::Write(..) => None,
        S::Create(..)
        | S::Update(..)
        | S::MarkLeft { .. }
        | S::AddCert { .. }
        | S::UpdateCert { .. }
        | S::DeleteCert { .. }
        | S::CreateTraining(..)
        | S::StartImport(_) => Some(Staff),
        S::AddDepartment(..)
        | S::RenameDepartment { .. }
        | S::SavePosition { .. }
        | S::SaveSettings(..) => Some(Settings),
    }
}

fn keys(c: &KeyCommand) -> Option<Perm> {
    use KeyCommand as K;
    match c {
        K::Select(_)
        | K::LoadRegister { .. }
        | K::BrowseImport
        | K::PreviewImport(_)
        | K::BrowseOutput
        | K::Write(..) => None,
        K::SetCustodian(_)
        | K::Lend { .. }
        | K::Return { .. }
        | K::Create(..)
        | K::Update(..)
        | K::Change { .. }
        | K::Deposit { .. }
        | K::SaveCount { .. }
        | K::StartImport(_) => Some(Keys),
        K::SaveShifts(_) => Some(Settings),
    }
}

fn charging(c: &ChargeCommand) -> Option<Perm> {
    use ChargeCommand as C;
    match c {
        C::SelectUnit(_)
        | C::LoadReadings { .. }
        | C::LoadArrears(..)
        | C::LoadReceipts(..)
        | C::LoadDayClose(..)
        | C::LoadCollection(_)
        | C::Output(_)
        | C::BrowseOutput
        | C::Write(..)
        | C::BrowseImport => None,
        C::SetClerk(_)
        | C::TakePayment(_)
        | C::AddSingle { .. }
        | C::AddDunning(..)
        | C::Bill(_)
        | C::SaveReadings { .. }
        | C::AddSubscription(_)
        | C::EndSubscription { .. }
        | C::SetShared { .. } => Some(Payments),
        C::RefundDeposit(_) | C::Adjust { .. } | C::Void { .. } | C::Waive { .. } => {
            Some(VoidAdjust)
        }
        C::SaveLateFee(_)
        | C::CreateItem(..)
        | C::SetRate { .. }
        | C::SetTerm { .. }
        | C::SetVacant { .. }
        | C::SetPerHousehold { .. }
        | C::MoveItem { .. }
        | C::SetReceiptPaper(_) => Some(Settings),
        C::Import(kind, _) => Some(match kind {
            ChargeImport::Readings | ChargeImport::Subscriptions => Payments,
            ChargeImport::FeeItems => Settings,
            ChargeImport::Payments => VoidAdjust,
        }),
    }
}

fn assess(c: &AssessCommand) -> Option<Perm> {
    use AssessCommand as A;
    match c {
        A::LoadMonth(_)
        | A::OpenCard(_)
        | A::LoadQuarter(_)
        | A::Output(_)
        | A::BrowseOutput
        | A::Write(..) => None,
        A::SaveManual { .. }
        | A::RemoveDeduction(..)
        | A::Confirm(_)
        | A::Dismiss(..)
        | A::Submit { .. }
        | A::Lock(_)
        | A::SaveQuality { .. } => Some(Assess),
        A::SaveTemplate { .. }
        | A::CreateTemplate { .. }
        | A::SaveBuildings { .. }
        | A::SaveRules(..) => Some(Settings),
    }
}

fn service(c: &ServiceCommand) -> Option<Perm> {
    use ServiceCommand as S;
    match c {
        S::Load(..) | S::BrowseOutput | S::Write(..) | S::BrowseImport | S::OpenPhoto(_) => None,
        S::AddVisit(..)
        | S::AddComplaint(..)
        | S::ComplaintStep { .. }
        | S::AddRepair(..)
        | S::RepairChange { .. }
        | S::FollowUpDone(..)
        | S::BillRepair(..)
        | S::Import(..) => Some(Service),
        S::SaveSettings(..) => Some(Settings),
    }
}

fn archives(c: &ArchiveCommand) -> Option<Perm> {
    use crate::db::archives::Act;
    use ArchiveCommand as A;
    match c {
        A::SelectFile(_)
        | A::BrowseScan(_)
        | A::OpenScan { .. }
        | A::SelectCampaign(_)
        | A::BrowseImport
        | A::BrowseOutput
        | A::Write(..) => None,
        A::AddRequest(..) => Some(ArchiveRequests),
        A::Act { act, .. } => Some(match act {
            Act::Approve | Act::Refuse(_) => Approve,
            Act::Withdraw => ArchiveRequests,
            Act::HandOut | Act::Return(_) => Archives,
        }),
        A::AddFile(..)
        | A::UpdateFile { .. }
        | A::AddScan { .. }
        | A::AddCampaign { .. }
        | A::PlanYear(..)
        | A::RecordCheck { .. }
        | A::CloseFinding { .. }
        | A::FinishCampaign(..)
        | A::Import(..) => Some(Archives),
        A::SaveSettings(..) => Some(Settings),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::users::default_roles;

    #[test]
    fn each_command_kind_needs_its_permission_and_each_role_gets_exactly_its_own() {
        let period = crate::domain::period::Period::new(2026, 11)
            .unwrap_or_else(|| crate::domain::period::Period::of(chrono::NaiveDate::default()));
        let cases: Vec<(Command, Option<Perm>)> = vec![
            (Command::Navigate(super::super::Nav::Home), None),
            (Command::ShowKey(1), None),
            (
                Command::Charging(ChargeCommand::Void {
                    number: "2026-000001".into(),
                    reason: "录错".into(),
                }),
                Some(VoidAdjust),
            ),
            (
                Command::Charging(ChargeCommand::Adjust {
                    bill_id: 1,
                    delta_fen: -100,
                    reason: "面积更正".into(),
                }),
                Some(VoidAdjust),
            ),
            (
                Command::Charging(ChargeCommand::Waive {
                    bill_id: 1,
                    reason: "困难户".into(),
                }),
                Some(VoidAdjust),
            ),
            (
                Command::Charging(ChargeCommand::Bill(period)),
                Some(Payments),
            ),
            (
                Command::Charging(ChargeCommand::LoadArrears(chrono::NaiveDate::default())),
                None,
            ),
            (Command::Assess(AssessCommand::Lock(1)), Some(Assess)),
            (
                Command::Archives(ArchiveCommand::Act {
                    id: 1,
                    act: crate::db::archives::Act::Approve,
                    by: "陈建国".into(),
                }),
                Some(Approve),
            ),
            (
                Command::Archives(ArchiveCommand::Act {
                    id: 1,
                    act: crate::db::archives::Act::Withdraw,
                    by: "王丽".into(),
                }),
                Some(ArchiveRequests),
            ),
            (Command::Keys(KeyCommand::Select(1)), None),
            (Command::Staff(StaffCommand::Select(1)), None),
            (
                Command::SaveSettings(crate::db::settings::OfficeSettings::default()),
                Some(Settings),
            ),
            (
                Command::Notices(crate::views::notices::NoticeCommand::SavePrefix(
                    "通字".into(),
                )),
                Some(Settings),
            ),
            (
                Command::Backup(crate::views::backup::BackupCommand::Restore(
                    std::path::PathBuf::from("x.db"),
                )),
                Some(Restore),
            ),
            (
                Command::Backup(crate::views::backup::BackupCommand::Now(
                    std::path::PathBuf::from("x.db"),
                )),
                None,
            ),
        ];
        for (c, want) in &cases {
            assert_eq!(perm_of(c), *want, "{c:?}");
        }
        let roles = default_roles();
        let allowed = |role: &str, c: &Command| {
            let perms = &roles
                .iter()
                .find(|r| r.0 == role)
                .map(|r| r.1.clone())
                .unwrap_or_default();
            perm_of(c).is_none_or(|p| perms.contains(&p))
        };
        for (c, want) in &cases {
            assert!(allowed("经理", c), "{c:?}");
            assert_eq!(allowed("只读", c), want.is_none(), "{c:?}");
            assert_eq!(
                allowed("钥匙管理员", c),
                want.is_none() || *want == Some(Keys),
                "{c:?}"
            );
            let clerk = want.is_none_or(|p| {
                matches!(p, Units | Payments | Service | Notices | ArchiveRequests)
            });
            assert_eq!(allowed("客服", c), clerk, "{c:?}");
        }
    }
}
