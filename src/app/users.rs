//! Users in the window: who is signed in, the sign-in screen, 切换用户, and 设置 › 用户.

use crate::views::users::UsersCommand;

impl super::App {
    /// A file with users asks who is at the keyboard before anything else.
    pub fn sign_in_required(&self) -> bool {
        self.user.is_none() && !self.sign_in_users.is_empty()
    }

    /// The first-run wizard is on screen: a new database without its manager yet, or the
    /// recovery code not yet acknowledged.
    pub fn first_run_pending(&self) -> bool {
        (self.first_run && self.sign_in_users.is_empty()) || self.first_run_form.code.is_some()
    }

    /// Who is signed in (None on a file without users).
    pub fn user(&self) -> Option<&crate::db::users::SignedIn> {
        self.user.as_ref()
    }

    /// The signed-in user's name: who a record says did it (收款人, 经办, 考核人, approver).
    pub(super) fn actor(&self) -> Option<String> {
        self.user.as_ref().map(|u| u.name.clone())
    }

    /// A command as the signed-in user gives it: the names a form carries (the counter's
    /// 收款人, an approval's approver, a scorecard's 考核人) become the user's own.
    pub(super) fn as_signed_in(&self, c: super::Command) -> super::Command {
        use super::{ArchiveCommand, AssessCommand, ChargeCommand, Command};
        let Some(me) = self.actor() else {
            return c;
        };
        match c {
            Command::Charging(ChargeCommand::TakePayment(mut p)) => {
                p.clerk = me;
                Command::Charging(ChargeCommand::TakePayment(p))
            }
            Command::Archives(ArchiveCommand::Act { id, act, .. }) => {
                Command::Archives(ArchiveCommand::Act { id, act, by: me })
            }
            Command::Assess(AssessCommand::Submit {
                card_id,
                acknowledged_by,
                comment,
                ..
            }) => Command::Assess(AssessCommand::Submit {
                card_id,
                manager: me,
                acknowledged_by,
                comment,
            }),
            c => c,
        }
    }

    pub(super) fn load_users(&mut self) -> crate::error::Result<()> {
        self.sign_in_users = crate::db::users::list_users(&self.conn)?;
        let p = &mut self.settings.users;
        p.users = self.sign_in_users.clone();
        p.roles = crate::db::users::roles(&self.conn)?
            .into_iter()
            .map(|r| r.0)
            .collect();
        p.manager = self
            .user
            .as_ref()
            .is_some_and(|u| u.role == crate::domain::users::MANAGER);
        Ok(())
    }

    pub(super) fn run_users(&mut self, command: UsersCommand) {
        use crate::db::users as u;
        let now = self.now();
        let manager = self
            .user
            .as_ref()
            .is_some_and(|u| u.role == crate::domain::users::MANAGER);
        let me = self.actor().unwrap_or_default();
        match command {
            UsersCommand::SignIn { name, password } => {
                match u::sign_in(&self.conn, &name, &password, now) {
                    Ok(who) => {
                        self.sign_in.error = None;
                        self.ok(format!("{}（{}）已登录。", who.name, who.role));
                        self.user = Some(who);
                        self.nav = super::Nav::Home;
                        self.data_changed();
                    }
                    Err(e) => self.sign_in.error = Some(e.to_string()),
                }
            }
            UsersCommand::SignOut => {
                self.user = None;
                self.sign_in = Default::default();
                self.status = None;
                if let Err(e) = self.load_users() {
                    self.fail(&e);
                }
            }
            UsersCommand::Init { name, password } => {
                match u::create_first_manager(&self.conn, &name, &password, now)
                    .and_then(|code| Ok((code, u::sign_in(&self.conn, &name, &password, now)?)))
                {
                    Ok((code, who)) => {
                        self.user = Some(who);
                        self.settings.users.done();
                        self.settings.users.recovery_code = Some(code);
                        self.ok(format!("已建立经理账户“{}”。请保管好恢复码。", name.trim()));
                    }
                    Err(e) => {
                        self.settings.users.error = Some(e.to_string());
                        self.fail(&e);
                    }
                }
            }
            UsersCommand::Setup {
                office,
                estate,
                name,
                password,
            } => {
                let r =
                    u::create_first_manager(&self.conn, &name, &password, now).and_then(|code| {
                        let s = crate::db::settings::OfficeSettings {
                            office_name: office.clone(),
                            estate_name: estate.clone(),
                            office_phone: self.office.office_phone.clone(),
                        };
                        crate::db::settings::save_office(&self.conn, &s)?;
                        crate::db::audit::append(
                            &self.conn,
                            &crate::db::audit::Entry::new(
                                now,
                                &name,
                                "设置",
                                "首次使用：填写管理处名称",
                            )
                            .changes(&[
                                ("管理处名称".into(), String::new(), office.clone()),
                                ("小区名称".into(), String::new(), estate.clone()),
                            ]),
                        )?;
                        Ok((code, s, u::sign_in(&self.conn, &name, &password, now)?))
                    });
                match r {
                    Ok((code, office, who)) => {
                        self.office = office.clone();
                        self.settings.saved_office(office);
                        self.user = Some(who);
                        self.first_run_form.password.clear();
                        self.first_run_form.again.clear();
                        self.first_run_form.error = None;
                        self.first_run_form.code = Some(code);
                        self.ok(format!("已建立经理账户“{}”。", name.trim()));
                    }
                    Err(e) => {
                        self.first_run_form.error = Some(e.to_string());
                        self.fail(&e);
                    }
                }
            }
            UsersCommand::SetupDone => {
                self.first_run_form = Default::default();
                self.first_run = false;
                self.nav = super::Nav::Home;
                self.data_changed();
            }
            UsersCommand::Add { .. } | UsersCommand::Disable(_) | UsersCommand::Reset { .. }
                if !manager =>
            {
                let e = crate::error::Error::invalid("添加、停用用户和重设密码须由经理进行");
                self.settings.users.error = Some(e.to_string());
                self.fail(&e);
            }
            UsersCommand::Add {
                name,
                role,
                password,
            } => self.users_written(
                u::add_user(&self.conn, &name, &role, &password, &me, now),
                format!("已添加用户“{}”（{}）。", name.trim(), role),
            ),
            UsersCommand::Disable(name) => self.users_written(
                u::disable(&self.conn, &name, &me, now),
                format!("已停用用户“{name}”。"),
            ),
            UsersCommand::Reset { name, password } => self.users_written(
                u::reset_password(&self.conn, &name, &password, &me, now),
                format!("已重设用户“{name}”的密码。"),
            ),
        }
        if let Err(e) = self.load_users() {
            self.fail(&e);
        }
    }

    fn users_written(&mut self, r: crate::error::Result<()>, message: String) {
        match r {
            Ok(()) => {
                self.settings.users.done();
                self.ok(message);
            }
            Err(e) => {
                self.settings.users.error = Some(e.to_string());
                self.fail(&e);
            }
        }
    }
}

/// What an edit of a unit changes, field by field (old, new) — the owner's ID number masked,
/// as the log is read by more than the manager.
pub(super) fn unit_changes(
    old: &crate::db::estate::UnitRow,
    new: &crate::domain::estate::UnitInput,
) -> Vec<(String, String, String)> {
    use crate::domain::person::mask_id_number;
    let owner = old.owner();
    let o = |f: fn(&crate::db::estate::PersonRow) -> String| owner.map(f).unwrap_or_default();
    let n = |f: fn(&crate::domain::estate::OwnerInput) -> String| {
        new.owner.as_ref().map(f).unwrap_or_default()
    };
    let pairs: Vec<(&str, String, String)> = vec![
        ("楼栋", old.building.clone(), new.building.clone()),
        ("单元", old.entrance.clone(), new.entrance.clone()),
        ("房号", old.room.clone(), new.room.clone()),
        ("收费面积", old.area.to_string(), new.area.to_string()),
        ("用途", old.usage.to_string(), new.usage.to_string()),
        ("状态", old.state.to_string(), new.state.to_string()),
        ("备注", old.notes.clone(), new.notes.clone()),
        ("业主", o(|p| p.name.clone()), n(|p| p.name.clone())),
        ("联系电话", o(|p| p.phone.clone()), n(|p| p.phone.clone())),
        ("备用电话", o(|p| p.phone2.clone()), n(|p| p.phone2.clone())),
        (
            "身份证号",
            o(|p| mask_id_number(&p.id_number)),
            n(|p| mask_id_number(&p.id_number)),
        ),
        (
            "特别关照",
            o(|p| p.special_care.clone()),
            n(|p| p.special_care.clone()),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, a, b)| a.trim() != b.trim())
        .map(|(f, a, b)| (f.to_string(), a, b))
        .collect()
}

/// What an edit of a staff file changes, field by field (old, new), the ID number masked.
pub(super) fn staff_changes(
    old: &crate::db::staff::StaffRow,
    new: &crate::domain::staff::StaffInput,
) -> Vec<(String, String, String)> {
    use crate::domain::person::mask_id_number;
    let day = |d: Option<chrono::NaiveDate>| d.map(crate::domain::date::iso).unwrap_or_default();
    let gender = |g: Option<crate::domain::staff::Gender>| {
        g.map(|g| g.as_str().to_string()).unwrap_or_default()
    };
    let pairs: Vec<(&str, String, String)> = vec![
        ("姓名", old.name.clone(), new.name.clone()),
        ("性别", gender(old.gender), gender(new.gender)),
        ("出生日期", day(old.birth_date), day(new.birth_date)),
        ("电话", old.phone.clone(), new.phone.clone()),
        (
            "身份证号",
            mask_id_number(&old.id_number),
            mask_id_number(&new.id_number),
        ),
        ("部门", old.department.clone(), new.department.clone()),
        ("岗位", old.position.clone(), new.position.clone()),
        ("入职日期", day(old.hire_date), day(new.hire_date)),
        ("状态", old.state.to_string(), new.state.to_string()),
        ("离职日期", day(old.leave_date), day(new.leave_date)),
        (
            "紧急联系人",
            old.emergency_contact.clone(),
            new.emergency_contact.clone(),
        ),
        (
            "紧急联系电话",
            old.emergency_phone.clone(),
            new.emergency_phone.clone(),
        ),
        ("备注", old.notes.clone(), new.notes.clone()),
    ];
    pairs
        .into_iter()
        .filter(|(_, a, b)| a.trim() != b.trim())
        .map(|(f, a, b)| (f.to_string(), a, b))
        .collect()
}
