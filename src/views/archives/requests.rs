//! 查阅与借阅: the requests (open ones and those of the last three months), the request form
//! (files picked by typing a fragment), and the chosen request's steps — 批准/驳回 by the
//! approver chosen, 借出, 归还 file by file with each file's condition, 撤回.

use super::ArchiveView;
use crate::app::{ArchiveCommand, ArchiveOutput, Command};
use crate::db::archives::{Act, FileRow, RequestInput};
use crate::domain::archives::{Condition, RequestKind, RequestState};
use crate::domain::date::parse_date;
use crate::ui::table::{Cell, Col};
use crate::ui::{dialog, labelled_field, theme};

/// The request form as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RequestForm {
    pub kind: String,
    pub requester: String,
    pub phone: String,
    pub purpose: String,
    pub due: String,
    /// What is typed to find a file.
    pub find: String,
    /// The files chosen: (id, number, title).
    pub files: Vec<(i64, String, String)>,
    pub error: Option<String>,
}

impl RequestForm {
    pub fn new(requester: &str) -> RequestForm {
        RequestForm {
            kind: RequestKind::Consult.as_str().into(),
            requester: requester.to_string(),
            ..Default::default()
        }
    }

    pub fn with_file(f: &FileRow, requester: &str) -> RequestForm {
        let mut form = RequestForm::new(requester);
        form.files.push((f.id, f.number.clone(), f.title.clone()));
        form
    }
}

impl ArchiveView {
    pub(super) fn requests_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal_wrapped(|ui| {
            if self.may_request && ui.button("新建申请…").clicked() {
                self.request_form = Some(RequestForm::new(""));
            }
            let month = crate::domain::period::Period::of(self.now.date());
            if ui.button("打印借阅登记表…").clicked() {
                self.open_output(ArchiveOutput::Register(month.first_day(), month.last_day()));
            }
            ui.colored_label(
                theme::MUTED,
                "查阅、借阅须经管理处经理批准，审批人不能是申请人本人；公司检查免审批但照样登记。",
            );
        });
        if self.selected_request.is_some() {
            egui::Panel::right("archive_request_detail")
                .default_size(380.0)
                .resizable(true)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("archive_request_scroll")
                        .show(ui, |ui| self.request_detail(ui, commands));
                });
        }
        let list = &self.data.requests;
        if list.is_empty() {
            ui.label("近三个月没有查阅或借阅申请。");
            return;
        }
        const COLS: [Col; 8] = [
            Col::num("编号", 40.0),
            Col::new("申请时间", 90.0),
            Col::new("类型", 50.0),
            Col::new("申请人", 60.0),
            Col::new("档案", 120.0).up_to(220.0),
            Col::new("事由", 120.0).up_to(220.0),
            Col::new("应还", 60.0),
            Col::new("状态", 90.0),
        ];
        let now = self.now;
        let all: Vec<usize> = (0..list.len()).collect();
        let selected = list
            .iter()
            .position(|r| Some(r.id) == self.selected_request);
        let out =
            self.requests_table
                .show(ui, "archive_requests", &COLS, &all, selected, |i, c| {
                    let r = &list[i];
                    match c {
                        0 => Cell::Number(r.id.to_string(), r.id),
                        1 => Cell::time(r.requested_at),
                        2 => Cell::text(r.kind.as_str()),
                        3 => Cell::text(&r.requester),
                        4 => Cell::clip(r.files_text()),
                        5 => Cell::clip(&r.purpose),
                        6 => Cell::Date(Some(r.due_at.date())),
                        _ => {
                            let color = match r.state {
                                _ if r.overdue(now) => theme::ERROR,
                                RequestState::Requested => theme::WARNING,
                                RequestState::Out => theme::SUCCESS,
                                _ => theme::MUTED,
                            };
                            Cell::Colored(r.state_text(now), color)
                        }
                    }
                });
        if let Some(i) = out.selected.or(out.opened) {
            let id = list[i].id;
            if self.selected_request != Some(id) {
                self.select_request(id);
            }
        }
    }

    fn request_detail(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some(r) = self
            .data
            .requests
            .iter()
            .find(|r| Some(r.id) == self.selected_request)
            .cloned()
        else {
            return;
        };
        ui.horizontal(|ui| {
            ui.heading(format!("{}申请 {}", r.kind, r.id));
            if ui.small_button("关闭").clicked() {
                self.selected_request = None;
            }
        });
        ui.label(format!(
            "{} {}{}",
            r.requested_at.format("%Y-%m-%d %H:%M"),
            r.requester,
            if r.phone.is_empty() {
                String::new()
            } else {
                format!("（{}）", r.phone)
            }
        ));
        ui.label(format!("事由：{}", r.purpose));
        ui.label(format!("应还：{}", r.due_at.format("%Y-%m-%d %H:%M")));
        let state_color = if r.overdue(self.now) {
            theme::ERROR
        } else {
            theme::SUCCESS
        };
        ui.colored_label(state_color, format!("状态：{}", r.state_text(self.now)));
        if !r.approver.is_empty() {
            ui.label(format!(
                "{}：{} {}",
                if r.state == RequestState::Refused {
                    "驳回"
                } else {
                    "审批"
                },
                r.approver,
                r.decided_at
                    .map(|t| t.format("%m-%d %H:%M").to_string())
                    .unwrap_or_default()
            ));
        }
        if !r.refusal.is_empty() {
            ui.colored_label(theme::WARNING, format!("驳回原因：{}", r.refusal));
        }
        if let Some(t) = r.handed_at {
            ui.label(format!(
                "借出：{} 经办 {}",
                t.format("%m-%d %H:%M"),
                r.handed_by
            ));
        }
        ui.separator();
        for f in &r.files {
            match f.returned_at {
                Some(t) => ui.label(format!(
                    "{}《{}》 {} 归还，{}{}",
                    f.number,
                    f.title,
                    t.format("%m-%d %H:%M"),
                    f.condition,
                    if f.note.is_empty() {
                        String::new()
                    } else {
                        format!("（{}）", f.note)
                    }
                )),
                None => ui.label(format!("{}《{}》", f.number, f.title)),
            };
        }
        ui.separator();
        let mut act: Option<(Act, String)> = None;
        let operator = self.operator();
        match r.state {
            RequestState::Requested => {
                if r.kind != RequestKind::Audit && !self.may_approve {
                    ui.colored_label(theme::MUTED, "待审批（由经理批准或驳回）");
                } else if r.kind != RequestKind::Audit {
                    let names: Vec<String> =
                        self.data.staff.iter().map(|s| s.name.clone()).collect();
                    egui::Grid::new("archive_approver")
                        .num_columns(2)
                        .show(ui, |ui| {
                            crate::ui::choice(ui, "审批人", &mut self.approver, &names, "请选择");
                            labelled_field(ui, "驳回原因", &mut self.note, "驳回时必填");
                        });
                    ui.horizontal(|ui| {
                        if ui.button("批准").clicked() {
                            act = Some((Act::Approve, self.approver.clone()));
                        }
                        if ui.button("驳回").clicked() {
                            act = Some((Act::Refuse(self.note.clone()), self.approver.clone()));
                        }
                    });
                } else if self.may_manage && ui.button("借出（公司检查）").clicked() {
                    act = Some((Act::HandOut, operator.clone()));
                }
                if self.may_request && ui.button("撤回申请").clicked() {
                    act = Some((Act::Withdraw, operator.clone()));
                }
            }
            RequestState::Approved => {
                ui.horizontal(|ui| {
                    if self.may_manage && ui.button("借出").clicked() {
                        act = Some((Act::HandOut, operator.clone()));
                    }
                    if self.may_request && ui.button("撤回申请").clicked() {
                        act = Some((Act::Withdraw, operator.clone()));
                    }
                });
            }
            RequestState::Out => {
                ui.label("归还（勾选交回的档案，缺损的写明情况）：");
                let conditions = [Condition::Intact.as_str(), Condition::Damaged.as_str()];
                for (file_id, ticked, condition) in &mut self.returning {
                    let Some(f) = r.files.iter().find(|f| f.file_id == *file_id) else {
                        continue;
                    };
                    ui.horizontal(|ui| {
                        let l = ui.checkbox(ticked, f.number.as_str()).id;
                        if condition.is_empty() {
                            *condition = Condition::Intact.as_str().into();
                        }
                        egui::ComboBox::from_id_salt(("archive_return", *file_id))
                            .selected_text(condition.as_str())
                            .width(70.0)
                            .show_ui(ui, |ui| {
                                for c in conditions {
                                    ui.selectable_value(condition, c.to_string(), c);
                                }
                            })
                            .response
                            .labelled_by(l);
                    });
                }
                egui::Grid::new("archive_return_note")
                    .num_columns(2)
                    .show(ui, |ui| {
                        labelled_field(ui, "缺损情况", &mut self.note, "有缺损时必填");
                    });
                if self.may_manage && ui.button("归还所选").clicked() {
                    let back = self
                        .returning
                        .iter()
                        .filter(|(_, t, _)| *t)
                        .map(|(id, _, c)| {
                            let c = Condition::parse(c).unwrap_or(Condition::Intact);
                            let note = if c == Condition::Damaged {
                                self.note.clone()
                            } else {
                                String::new()
                            };
                            (*id, c, note)
                        })
                        .collect();
                    act = Some((Act::Return(back), operator.clone()));
                }
            }
            _ => {}
        }
        if let Some((act, by)) = act {
            commands.push(ArchiveCommand::Act { id: r.id, act, by }.into());
        }
    }

    pub(super) fn request_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(mut f) = self.request_form.take() else {
            return;
        };
        let kinds: Vec<&str> = RequestKind::ALL.iter().map(|k| k.as_str()).collect();
        let found: Vec<(i64, String, String)> = self
            .file_matches(&f.find, 6)
            .into_iter()
            .filter(|m| !f.files.iter().any(|c| c.0 == m.id))
            .map(|m| (m.id, m.number.clone(), m.title.clone()))
            .collect();
        let mut go = false;
        let close = dialog(ctx, "查阅或借阅申请", |ui| {
            egui::Grid::new("archive_request_form")
                .num_columns(2)
                .show(ui, |ui| {
                    crate::ui::choice(ui, "类型", &mut f.kind, &kinds, "请选择");
                    labelled_field(ui, "申请人", &mut f.requester, "姓名");
                    labelled_field(ui, "电话", &mut f.phone, "");
                    labelled_field(ui, "事由", &mut f.purpose, "为什么要查阅或借阅");
                    if f.kind != RequestKind::Consult.as_str() {
                        labelled_field(ui, "归还日期", &mut f.due, "2026-12-01");
                    }
                    let r =
                        labelled_field(ui, "查找档案", &mut f.find, "档案号、题名或房号，回车加入");
                    if r.lost_focus()
                        && ui.input(|i| i.key_pressed(egui::Key::Enter))
                        && let Some(first) = found.first()
                    {
                        f.files.push(first.clone());
                        f.find.clear();
                        r.request_focus();
                    }
                });
            for m in &found {
                ui.horizontal(|ui| {
                    if ui.small_button("加入").clicked() {
                        f.files.push(m.clone());
                    }
                    ui.label(format!("{}《{}》", m.1, m.2));
                });
            }
            ui.separator();
            if f.files.is_empty() {
                ui.colored_label(theme::MUTED, "还没有选择档案。");
            }
            let mut drop = None;
            for (i, c) in f.files.iter().enumerate() {
                ui.horizontal(|ui| {
                    ui.label(format!("{}《{}》", c.1, c.2));
                    if ui.small_button("移除").clicked() {
                        drop = Some(i);
                    }
                });
            }
            if let Some(i) = drop {
                f.files.remove(i);
            }
            if let Some(e) = &f.error {
                ui.colored_label(theme::ERROR, e);
            }
            let mut cancel = false;
            ui.horizontal(|ui| {
                if ui.button("提交申请").clicked() {
                    go = true;
                }
                if ui.button("取消").clicked() {
                    cancel = true;
                }
            });
            cancel
        });
        if go {
            let kind = RequestKind::parse(&f.kind).unwrap_or(RequestKind::Consult);
            let due = if kind == RequestKind::Consult || f.due.trim().is_empty() {
                Ok(None)
            } else {
                parse_date(&f.due)
                    .map(Some)
                    .map_err(|e| format!("归还日期：{e}"))
            };
            match due {
                Ok(due) => {
                    f.error = None;
                    commands.push(
                        ArchiveCommand::AddRequest(RequestInput {
                            kind,
                            requester: f.requester.clone(),
                            phone: f.phone.clone(),
                            purpose: f.purpose.clone(),
                            due,
                            files: f.files.iter().map(|c| c.0).collect(),
                        })
                        .into(),
                    );
                }
                Err(e) => f.error = Some(e),
            }
        }
        if !close {
            self.request_form = Some(f);
        }
    }
}
