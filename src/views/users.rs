//! The sign-in screen (a file with users asks who you are when the window opens, and again on
//! 切换用户), and 设置 › 用户: the first manager's account on a file without users (with the
//! one-time recovery code shown once), then the manager's list — add, disable, reset passwords.

use crate::app::Command;
use crate::db::users::UserRow;
use crate::ui::theme;

#[derive(Debug, Clone, PartialEq)]
pub enum UsersCommand {
    SignIn {
        name: String,
        password: String,
    },
    SignOut,
    /// The first manager, on a file without users.
    Init {
        name: String,
        password: String,
    },
    Add {
        name: String,
        role: String,
        password: String,
    },
    Disable(String),
    /// The first run of a new database: the office's names and the manager's account.
    Setup {
        office: String,
        estate: String,
        name: String,
        password: String,
    },
    /// The recovery code has been noted: into the app.
    SetupDone,
    Reset {
        name: String,
        password: String,
    },
}

impl From<UsersCommand> for Command {
    fn from(c: UsersCommand) -> Command {
        Command::Users(c)
    }
}

/// The sign-in screen's fields.
#[derive(Debug, Clone, Default)]
pub struct SignInForm {
    pub name: String,
    pub password: String,
    pub error: Option<String>,
}

/// A password field: masked, labelled for screen readers and tests.
fn password_field(ui: &mut egui::Ui, label: &str, value: &mut String) -> egui::Response {
    let l = ui.label(label);
    let r = ui
        .add(
            egui::TextEdit::singleline(value)
                .password(true)
                .desired_width(theme::FIELD_WIDTH),
        )
        .labelled_by(l.id);
    ui.end_row();
    r
}

impl SignInForm {
    /// The whole window until someone signs in.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        office: &str,
        users: &[UserRow],
        commands: &mut Vec<Command>,
    ) {
        ui.add_space(60.0);
        ui.vertical_centered(|ui| {
            ui.heading(format!("台账 — {office}"));
            ui.label("请登录");
        });
        ui.add_space(16.0);
        // The form in the middle of the window: a grid does not centre itself.
        ui.horizontal(|ui| {
            ui.add_space(((ui.available_width() - 300.0) / 2.0).max(0.0));
            ui.vertical(|ui| self.form(ui, users, commands));
        });
        ui.vertical_centered(|ui| {
            ui.add_space(8.0);
            if ui.button("登录").clicked() {
                self.submit(commands);
            }
            if let Some(e) = &self.error {
                ui.colored_label(theme::ERROR, e);
            }
            ui.add_space(12.0);
            ui.colored_label(
                theme::MUTED,
                "忘记经理密码：用设置时打印的恢复码，在命令行运行 taizhang users recover 恢复码。",
            );
        });
    }

    fn form(&mut self, ui: &mut egui::Ui, users: &[UserRow], commands: &mut Vec<Command>) {
        {
            egui::Grid::new("sign_in")
                .num_columns(2)
                .spacing([8.0, 8.0])
                .show(ui, |ui| {
                    let l = ui.label("用户");
                    egui::ComboBox::from_id_salt("sign_in_user")
                        .selected_text(if self.name.is_empty() {
                            "（请选择）"
                        } else {
                            self.name.as_str()
                        })
                        .width(theme::FIELD_WIDTH)
                        .show_ui(ui, |ui| {
                            for u in users.iter().filter(|u| !u.disabled) {
                                ui.selectable_value(
                                    &mut self.name,
                                    u.name.clone(),
                                    format!("{}（{}）", u.name, u.role),
                                );
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    ui.end_row();
                    let r = password_field(ui, "密码", &mut self.password);
                    if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        self.submit(commands);
                    }
                });
        }
    }

    fn submit(&mut self, commands: &mut Vec<Command>) {
        if self.name.trim().is_empty() {
            self.error = Some("请选择用户".into());
            return;
        }
        commands.push(
            UsersCommand::SignIn {
                name: self.name.clone(),
                password: std::mem::take(&mut self.password),
            }
            .into(),
        );
    }
}

/// The first run of a new database: a wizard for the office's names and the manager's
/// account, then the one-time recovery code, before anything else.
#[derive(Debug, Clone, Default)]
pub struct FirstRunForm {
    pub office: String,
    pub estate: String,
    pub name: String,
    pub password: String,
    pub again: String,
    pub error: Option<String>,
    /// Shown once the account is made, until 已记下.
    pub code: Option<String>,
}

impl FirstRunForm {
    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.heading("欢迎使用台账");
            ui.label(if self.code.is_none() {
                "第一次使用：请填写管理处名称，并建立经理账户。之后打开窗口都要登录。"
            } else {
                "经理账户已建立。"
            });
        });
        ui.add_space(16.0);
        ui.horizontal(|ui| {
            ui.add_space(((ui.available_width() - 420.0) / 2.0).max(0.0));
            ui.vertical(|ui| {
                if let Some(code) = &self.code {
                    ui.label(
                        "经理密码遗失时，用这个一次性恢复码重设（taizhang users recover 恢复码）。",
                    );
                    ui.label("请抄在纸上，交给公司保管。它只显示这一次：");
                    ui.add_space(8.0);
                    ui.label(
                        egui::RichText::new(format!("恢复码：{code}"))
                            .size(22.0)
                            .strong(),
                    );
                    ui.add_space(12.0);
                    if ui.button("已记下恢复码，开始使用").clicked() {
                        commands.push(UsersCommand::SetupDone.into());
                    }
                    return;
                }
                egui::Grid::new("first_run")
                    .num_columns(2)
                    .spacing([8.0, 8.0])
                    .show(ui, |ui| {
                        crate::ui::labelled_field(
                            ui,
                            "管理处名称",
                            &mut self.office,
                            "如：锦绣花园物业管理处",
                        );
                        crate::ui::labelled_field(ui, "小区名称", &mut self.estate, "如：锦绣花园");
                        crate::ui::labelled_field(ui, "经理姓名", &mut self.name, "如：陈建国");
                        password_field(ui, "经理密码", &mut self.password);
                        password_field(ui, "再输入一次", &mut self.again);
                    });
                ui.add_space(8.0);
                if ui.button("建立经理账户").clicked() {
                    self.submit(commands);
                }
                if let Some(e) = &self.error {
                    ui.colored_label(theme::ERROR, e);
                }
            });
        });
    }

    fn submit(&mut self, commands: &mut Vec<Command>) {
        let missing = [
            ("管理处名称", &self.office),
            ("小区名称", &self.estate),
            ("经理姓名", &self.name),
        ]
        .into_iter()
        .find(|(_, v)| v.trim().is_empty());
        if let Some((what, _)) = missing {
            self.error = Some(format!("请填写{what}"));
            return;
        }
        if self.password != self.again {
            self.error = Some("两次输入的密码不一致".into());
            return;
        }
        commands.push(
            UsersCommand::Setup {
                office: self.office.trim().to_string(),
                estate: self.estate.trim().to_string(),
                name: self.name.trim().to_string(),
                password: self.password.clone(),
            }
            .into(),
        );
    }
}

/// 设置 › 用户.
#[derive(Debug, Clone, Default)]
pub struct UsersPanel {
    pub users: Vec<UserRow>,
    pub roles: Vec<String>,
    /// The signed-in user is a manager (may add, disable, reset).
    pub manager: bool,
    pub name: String,
    pub role: String,
    pub password: String,
    pub again: String,
    pub error: Option<String>,
    /// Shown once after the set-up.
    pub recovery_code: Option<String>,
}

impl UsersPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.heading("用户");
        if self.users.is_empty() {
            ui.label(
                egui::RichText::new(
                    "还没有设置用户：先建立经理账户。之后打开窗口要登录，经理在这里添加客服、钥匙管理员等用户。",
                )
                .color(theme::WARNING),
            );
            egui::Grid::new("first_manager")
                .num_columns(2)
                .spacing([8.0, 6.0])
                .show(ui, |ui| {
                    crate::ui::labelled_field(ui, "经理姓名", &mut self.name, "如：陈建国");
                    password_field(ui, "经理密码", &mut self.password);
                    password_field(ui, "再输入一次", &mut self.again);
                });
            if ui.button("建立经理账户").clicked() {
                if self.password != self.again {
                    self.error = Some("两次输入的密码不一致".into());
                } else {
                    commands.push(
                        UsersCommand::Init {
                            name: self.name.clone(),
                            password: self.password.clone(),
                        }
                        .into(),
                    );
                }
            }
        } else {
            egui::Grid::new("users_list")
                .num_columns(4)
                .striped(true)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for u in self.users.clone() {
                        ui.label(&u.name);
                        ui.label(&u.role);
                        if u.disabled {
                            ui.colored_label(theme::MUTED, "已停用");
                        } else {
                            ui.label("在用");
                        }
                        if self.manager && !u.disabled {
                            ui.horizontal(|ui| {
                                if ui
                                    .small_button("停用")
                                    .on_hover_text(format!("停用 {}", u.name))
                                    .clicked()
                                {
                                    commands.push(UsersCommand::Disable(u.name.clone()).into());
                                }
                                if ui
                                    .small_button("重设密码")
                                    .on_hover_text(format!("把 {} 的密码设为下面填的密码", u.name))
                                    .clicked()
                                {
                                    if self.password != self.again {
                                        self.error = Some("两次输入的密码不一致".into());
                                    } else {
                                        commands.push(
                                            UsersCommand::Reset {
                                                name: u.name.clone(),
                                                password: self.password.clone(),
                                            }
                                            .into(),
                                        );
                                    }
                                }
                            });
                        } else {
                            ui.label("");
                        }
                        ui.end_row();
                    }
                });
            if self.manager {
                ui.add_space(6.0);
                ui.strong("新用户");
                egui::Grid::new("add_user")
                    .num_columns(2)
                    .spacing([8.0, 6.0])
                    .show(ui, |ui| {
                        crate::ui::labelled_field(ui, "姓名", &mut self.name, "");
                        crate::ui::choice(ui, "角色", &mut self.role, &self.roles, "（请选择）");
                        password_field(ui, "密码", &mut self.password);
                        password_field(ui, "再输入一次", &mut self.again);
                    });
                if ui.button("添加用户").clicked() {
                    if self.password != self.again {
                        self.error = Some("两次输入的密码不一致".into());
                    } else {
                        commands.push(
                            UsersCommand::Add {
                                name: self.name.clone(),
                                role: self.role.clone(),
                                password: self.password.clone(),
                            }
                            .into(),
                        );
                    }
                }
            } else {
                ui.colored_label(theme::MUTED, "添加、停用用户和重设密码由经理进行。");
            }
        }
        if let Some(e) = &self.error {
            ui.colored_label(theme::ERROR, e);
        }
        if let Some(code) = &self.recovery_code {
            egui::Frame::group(ui.style())
                .stroke(egui::Stroke::new(1.0, theme::WARNING))
                .show(ui, |ui| {
                    ui.strong(format!("一次性恢复码：{code}"));
                    ui.label(
                        "请抄下或打印，与公章一起保管：忘记经理密码时用它重设。此码只显示这一次。",
                    );
                });
        }
    }

    /// After a change went through: the form empties.
    pub fn done(&mut self) {
        self.name.clear();
        self.password.clear();
        self.again.clear();
        self.error = None;
    }
}
