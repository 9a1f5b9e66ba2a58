//! The other tabs of 钥匙管理 — catalogue, register, handover count — and its dialogs.

use super::keys::{ChangeForm, DepositForm, KeyForm, KeysView};
use crate::app::{Command, KeyChange, KeyCommand, KeyOutput};
use crate::db::keys::KeyRow;
use crate::domain::date::{iso, parse_date};
use crate::domain::keys::{KeyCategory, KeyDraft, KeyState, OwnerKeyKind, compare_count};
use crate::ui::table::{Cell, Col};
use crate::ui::{
    ImportAction, PathAction, dialog, import_dialog, labelled_field, path_dialog, theme,
};
use crate::ui::{choice, form_footer};

fn draft_of(k: &KeyRow) -> KeyDraft {
    KeyDraft {
        tag: k.tag.clone(),
        category: k.category.to_string(),
        kind: k.kind.map(|x| x.as_str().to_string()).unwrap_or_default(),
        building: k.building.clone(),
        entrance: k.entrance.clone(),
        room: k.room.clone(),
        target: k.target.clone(),
        position: k.position.clone(),
        copies: k.copies.to_string(),
        emergency: k.emergency,
        notes: k.notes.clone(),
    }
}

fn state_color(s: KeyState) -> egui::Color32 {
    match s {
        KeyState::InStock => theme::SUCCESS,
        KeyState::Out => theme::WARNING,
        _ => theme::ERROR,
    }
}

/// A key's 状态 as shown at `now`, in its colour: 超期 in red.
fn state_text_color(
    k: &crate::db::keys::KeyRow,
    now: chrono::NaiveDateTime,
) -> (&'static str, egui::Color32) {
    let text = crate::domain::keys::state_text(k.state, k.loan.as_ref().map(|l| l.due_at), now);
    let color = if text == "超期" {
        theme::ERROR
    } else {
        state_color(k.state)
    };
    (text, color)
}

fn state_label(ui: &mut egui::Ui, k: &crate::db::keys::KeyRow, now: chrono::NaiveDateTime) {
    let (text, color) = state_text_color(k, now);
    ui.colored_label(color, text);
}

impl KeysView {
    /// Indices of the keys shown, filtered from the prepared search keys; kept until the
    /// search, the filter, the minute or the data change.
    fn catalogue_rows(&mut self) -> Vec<usize> {
        use chrono::Timelike;
        let now = self.data.now;
        // 超期 can begin in any minute: the sort by 状态 follows it.
        let minute = now.with_second(0).unwrap_or(now);
        let key = (self.query.clone(), self.state_filter, minute);
        if let Some((k, rows)) = &self.catalogue_rows
            && *k == key
        {
            return rows.clone();
        }
        let query = crate::domain::search::Query::new(&self.query);
        let rows: Vec<usize> = (0..self.data.keys.len())
            .filter(|i| {
                self.search_keys[*i].matches_query(&query)
                    && self
                        .state_filter
                        .is_none_or(|s| self.data.keys[*i].state == s)
            })
            .collect();
        // 超期 may have begun: the table sorts its 状态 again.
        self.table.invalidate();
        self.catalogue_rows = Some((key, rows.clone()));
        rows
    }

    pub(super) fn catalogue_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal_wrapped(|ui| {
            crate::ui::search_field(ui, &mut self.query, "牌号、10-1-1201、配电房、柜位", 240.0);
            let l = ui.label("状态");
            egui::ComboBox::from_id_salt("key_state_filter")
                .selected_text(self.state_filter.map(|s| s.as_str()).unwrap_or("全部"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.state_filter, None, "全部");
                    for s in KeyState::ALL {
                        ui.selectable_value(&mut self.state_filter, Some(*s), s.as_str());
                    }
                })
                .response
                .labelled_by(l.id);
            if self.may_write && ui.button("新增钥匙").clicked() {
                self.form = Some(KeyForm {
                    id: None,
                    draft: KeyDraft {
                        category: KeyCategory::Owner.as_str().into(),
                        ..Default::default()
                    },
                    errors: Vec::new(),
                });
            }
            if self.may_write && ui.button("导入钥匙清册…").clicked() {
                self.import_file = Some(crate::ui::PathForm::empty());
            }
        });
        let rows = self.catalogue_rows();
        ui.label(
            egui::RichText::new(format!("{} / {} 把", rows.len(), self.data.keys.len()))
                .color(theme::MUTED),
        );
        if self.detail.is_some() {
            egui::Panel::right("key_detail")
                .default_size(340.0)
                .resizable(true)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("key_detail_scroll")
                        .show(ui, |ui| self.detail_ui(ui));
                });
        }
        if self.data.keys.is_empty() {
            ui.label(
                "还没有钥匙。点“新增钥匙”逐把登记，或点“导入钥匙清册…”从 Excel/CSV 批量导入。",
            );
            return;
        }
        const COLS: [Col; 7] = [
            Col::new("挂牌号", 70.0),
            Col::new("类别", 90.0),
            Col::new("钥匙", 200.0),
            Col::new("挂放位置", 80.0),
            Col::num("数量", 50.0),
            Col::new("状态", 50.0),
            Col::new("借用人", 140.0),
        ];
        let keys = &self.data.keys;
        let now = self.data.now;
        let selected = self
            .selected
            .and_then(|id| keys.iter().position(|k| k.id == id));
        let out = self
            .table
            .show(ui, "keys_table", &COLS, &rows, selected, |i, column| {
                let k = &keys[i];
                match column {
                    0 => Cell::text(&k.tag),
                    1 => Cell::text(k.category.as_str()),
                    2 if k.emergency => {
                        Cell::Colored(format!("{}（紧急备用）", k.label()), theme::WARNING)
                    }
                    2 => Cell::Text(k.label()),
                    3 => Cell::text(&k.position),
                    4 => Cell::Number(k.copies.to_string(), k.copies),
                    5 => {
                        let (text, color) = state_text_color(k, now);
                        Cell::Colored(text.to_string(), color)
                    }
                    _ => match &k.loan {
                        Some(l) => Cell::Text(format!("{} {}", l.borrower, l.phone)),
                        None => Cell::Empty,
                    },
                }
            });
        if let Some(i) = out.selected {
            let id = keys[i].id;
            self.selected = Some(id);
            commands.push(KeyCommand::Select(id).into());
        }
    }

    fn detail_ui(&mut self, ui: &mut egui::Ui) {
        let may_write = self.may_write;
        let Some(d) = &self.detail else { return };
        let k = &d.key;
        ui.heading(format!("{} {}", k.tag, k.label()));
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{} · {} · {} 把", k.category, k.position, k.copies));
            state_label(ui, k, self.data.now);
            if k.emergency {
                ui.colored_label(theme::WARNING, "紧急备用");
            }
        });
        if !k.notes.is_empty() {
            ui.label(format!("备注：{}", k.notes));
        }
        if let Some(l) = &k.loan {
            ui.label(format!(
                "借用人：{} {} {}，{} 借出，应还 {}",
                l.borrower,
                l.phone,
                l.company,
                l.out_at.format("%m-%d %H:%M"),
                l.due_at.format("%m-%d %H:%M")
            ));
        }
        let mut open_change = None;
        ui.horizontal_wrapped(|ui| {
            if may_write && ui.button("编辑").clicked() {
                self.form = Some(KeyForm {
                    id: Some(k.id),
                    draft: draft_of(k),
                    errors: Vec::new(),
                });
            }
            let change = |ui: &mut egui::Ui, c: KeyChange, label: &str, allowed: bool| {
                (may_write && allowed && ui.button(label).clicked()).then_some(c)
            };
            open_change = change(
                ui,
                KeyChange::ReportLost,
                "登记遗失",
                matches!(k.state, KeyState::InStock | KeyState::Out),
            )
            .or(change(
                ui,
                KeyChange::Disable,
                "停用",
                matches!(k.state, KeyState::InStock | KeyState::Lost),
            ))
            .or(change(
                ui,
                KeyChange::Restore,
                "恢复在库",
                matches!(k.state, KeyState::Lost | KeyState::Disabled),
            ));
            if may_write && k.category == KeyCategory::Owner && ui.button("登记留存").clicked()
            {
                self.deposit = Some(DepositForm {
                    key_id: k.id,
                    label: format!("{} {}", k.tag, k.label()),
                    date: iso(self.now.date()),
                    deposited_by: String::new(),
                    witness: String::new(),
                    sealed: true,
                    notes: String::new(),
                    error: None,
                });
            }
        });
        if let Some(change) = open_change {
            self.change = Some(ChangeForm {
                key_id: k.id,
                change,
                label: format!("{} {}", k.tag, k.label()),
                note: String::new(),
                error: None,
            });
        }
        let d = match &self.detail {
            Some(d) => d,
            None => return,
        };
        if !d.deposits.is_empty() {
            ui.separator();
            ui.strong("留存记录");
            for dep in &d.deposits {
                ui.label(format!(
                    "{} {}{} 交存，{} 见证{}",
                    iso(dep.date),
                    if dep.sealed { "封存，" } else { "" },
                    dep.deposited_by,
                    dep.witness,
                    if dep.notes.is_empty() {
                        String::new()
                    } else {
                        format!("（{}）", dep.notes)
                    }
                ));
            }
        }
        ui.separator();
        ui.strong(format!("借还记录（{} 次）", d.loans.len()));
        for l in d.loans.iter().take(30) {
            ui.label(format!(
                "{} {} {}{}{}",
                l.out_at.format("%Y-%m-%d %H:%M"),
                l.borrower,
                l.purpose,
                match l.returned_at {
                    Some(r) => format!(" · {} 归还", r.format("%m-%d %H:%M")),
                    None => " · 未还".into(),
                },
                if l.emergency_reason.is_empty() {
                    String::new()
                } else {
                    format!(" · 紧急：{}", l.emergency_reason)
                }
            ));
        }
        ui.separator();
        ui.strong("变动记录");
        for e in &d.events {
            ui.label(format!("{} 【{}】{} {}", e.at, e.kind, e.detail, e.by));
        }
    }

    pub(super) fn register_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let mut dates = None;
        ui.horizontal(|ui| {
            let l = ui.label("从");
            ui.add(
                egui::TextEdit::singleline(&mut self.register_from)
                    .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                    .desired_width(110.0),
            )
            .labelled_by(l.id);
            let l = ui.label("到");
            ui.add(
                egui::TextEdit::singleline(&mut self.register_to)
                    .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                    .desired_width(110.0),
            )
            .labelled_by(l.id);
            let parsed = parse_date(&self.register_from)
                .map_err(|e| format!("开始日期：{e}"))
                .and_then(|f| {
                    parse_date(&self.register_to)
                        .map_err(|e| format!("结束日期：{e}"))
                        .map(|t| (f, t))
                })
                .and_then(|(f, t)| {
                    if t < f {
                        Err("结束日期早于开始日期".to_string())
                    } else {
                        Ok((f, t))
                    }
                });
            match parsed {
                Ok((from, to)) => {
                    dates = Some((from, to));
                    let shown = self.register.as_ref().map(|(f, t, _)| (*f, *t));
                    if ui.button("查询").clicked() || shown.is_none() {
                        commands.push(KeyCommand::LoadRegister { from, to }.into());
                    }
                    if ui.button("打印借返记录表…").clicked() {
                        self.open_output(KeyOutput::Register { from, to });
                    }
                }
                Err(e) => {
                    ui.colored_label(theme::ERROR, e);
                }
            }
        });
        let Some((from, to, loans)) = &self.register else {
            return;
        };
        if dates != Some((*from, *to)) {
            ui.label(egui::RichText::new("日期已改，点“查询”刷新。").color(theme::MUTED));
        }
        ui.label(format!(
            "{} 至 {}：借出 {} 次，未还 {} 次",
            iso(*from),
            iso(*to),
            loans.len(),
            loans.iter().filter(|l| l.returned_at.is_none()).count()
        ));
        const COLS: [Col; 8] = [
            Col::new("挂牌号", 70.0),
            Col::new("钥匙", 180.0),
            Col::new("借用人", 140.0),
            Col::new("事由", 110.0),
            Col::new("借出", 90.0),
            Col::new("应还", 90.0),
            Col::new("归还", 90.0),
            Col::new("经办", 80.0),
        ];
        let all: Vec<usize> = (0..loans.len()).collect();
        self.register_table
            .show(ui, "register", &COLS, &all, None, |i, column| {
                let l = &loans[i];
                match column {
                    0 => Cell::text(&l.tag),
                    1 => Cell::text(&l.key_label),
                    2 => Cell::Text(format!("{} {}", l.borrower, l.phone)),
                    3 if l.emergency_reason.is_empty() => Cell::text(&l.purpose),
                    3 => Cell::Colored(format!("紧急：{}", l.emergency_reason), theme::WARNING),
                    4 => Cell::time(l.out_at),
                    5 => Cell::time(l.due_at),
                    6 => match l.returned_at {
                        Some(r) => Cell::time(r),
                        None => Cell::Colored("未还".into(), theme::ERROR),
                    },
                    _ => Cell::Text(match &l.received_by {
                        Some(r) => format!("{} / {r}", l.lent_by),
                        None => l.lent_by.clone(),
                    }),
                }
            });
    }

    pub(super) fn count_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let may_write = self.may_write;
        let mut expected: Vec<&KeyRow> = self
            .data
            .keys
            .iter()
            .filter(|k| k.state == KeyState::InStock)
            .collect();
        // B-2 before B-10, as the hooks hang.
        expected.sort_by(|a, b| crate::domain::text::natural_cmp(&a.tag, &b.tag));
        let on_loan: Vec<&KeyRow> = self.data.keys.iter().filter(|k| k.loan.is_some()).collect();
        let expected_ids: Vec<i64> = expected.iter().map(|k| k.id).collect();
        let result = compare_count(&expected_ids, &self.count.found);
        ui.label("交班人逐钩清点：在钩上的打勾，账面借出却在钩上的钥匙在“多出的钥匙”处输入牌号。双方核对后确认。");
        ui.horizontal(|ui| {
            ui.strong(crate::domain::keys::count_progress(expected.len(), &result));
            if ui.button("全部在位").clicked() {
                self.count.found.extend(expected_ids.iter().copied());
            }
            if ui.button("清除勾选").clicked() {
                self.count.found.clear();
            }
        });
        let mut print = None;
        ui.columns(2, |cols| {
            let ui = &mut cols[0];
            egui::ScrollArea::vertical()
                .id_salt("count_list")
                .max_height(ui.available_height() - 10.0)
                .show(ui, |ui| {
                    let mut groups: Vec<(KeyCategory, String, Vec<&KeyRow>)> = Vec::new();
                    for k in &expected {
                        match groups
                            .iter_mut()
                            .find(|(c, p, _)| *c == k.category && *p == k.position)
                        {
                            Some(g) => g.2.push(k),
                            None => groups.push((k.category, k.position.clone(), vec![k])),
                        }
                    }
                    groups.sort_by(|a, b| {
                        let order = |c: KeyCategory| {
                            KeyCategory::ALL.iter().position(|x| *x == c).unwrap_or(0)
                        };
                        order(a.0)
                            .cmp(&order(b.0))
                            .then_with(|| crate::domain::text::natural_cmp(&a.1, &b.1))
                    });
                    for (category, position, keys) in groups {
                        ui.horizontal(|ui| {
                            ui.strong(format!("{category} · {position}"));
                            if ui
                                .small_button(format!("本组在位（{}）", keys.len()))
                                .clicked()
                            {
                                self.count.found.extend(keys.iter().map(|k| k.id));
                            }
                        });
                        for k in keys {
                            let mut on = self.count.found.contains(&k.id);
                            if ui
                                .checkbox(&mut on, format!("{} {}", k.tag, k.label()))
                                .changed()
                            {
                                if on {
                                    self.count.found.insert(k.id);
                                } else {
                                    self.count.found.remove(&k.id);
                                }
                            }
                        }
                    }
                    if !on_loan.is_empty() {
                        ui.add_space(6.0);
                        ui.strong(format!(
                            "借出未还 {} 把（盘点表上由双方签认）",
                            on_loan.len()
                        ));
                        for k in &on_loan {
                            if let Some(l) = &k.loan {
                                ui.label(format!(
                                    "{} {} — {} {}",
                                    k.tag,
                                    k.label(),
                                    l.borrower,
                                    l.phone
                                ));
                            }
                        }
                    }
                });
            let ui = &mut cols[1];
            let f = &mut self.count;
            egui::Grid::new("count_form")
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    let r = labelled_field(ui, "多出的钥匙", &mut f.extra_tag, "牌号，回车加入");
                    if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        let tag = crate::domain::text::normalize(&f.extra_tag).to_uppercase();
                        match self.data.keys.iter().find(|k| k.tag == tag) {
                            Some(k) => {
                                f.found.insert(k.id);
                                f.extra_tag.clear();
                                f.error = None;
                            }
                            None => f.error = Some(format!("没有挂牌号为“{tag}”的钥匙。")),
                        }
                    }
                    labelled_field(ui, "交班人", &mut f.outgoing, "姓名");
                    labelled_field(ui, "接班人", &mut f.incoming, "姓名");
                    labelled_field(ui, "备注", &mut f.notes, "");
                });
            let name = |id: &i64| {
                self.data
                    .keys
                    .iter()
                    .find(|k| k.id == *id)
                    .map(|k| {
                        let holder = k
                            .loan
                            .as_ref()
                            .map(|l| format!("，账面借给 {}", l.borrower))
                            .unwrap_or_default();
                        format!("{} {}{holder}", k.tag, k.label())
                    })
                    .unwrap_or_default()
            };
            if let Some(e) = &f.error {
                ui.colored_label(theme::ERROR, e);
            }
            if !may_write {
                crate::ui::read_only_note(ui, "交接班盘点");
            } else if ui.button("双方确认并保存").clicked() {
                if f.outgoing.trim().is_empty() || f.incoming.trim().is_empty() {
                    f.error = Some("请填写交班人和接班人姓名，双方确认后保存。".into());
                } else {
                    commands.push(
                        KeyCommand::SaveCount {
                            outgoing: f.outgoing.clone(),
                            incoming: f.incoming.clone(),
                            found: f.found.iter().copied().collect(),
                            notes: f.notes.clone(),
                        }
                        .into(),
                    );
                }
            }
            egui::ScrollArea::vertical()
                .id_salt("count_result")
                .show(ui, |ui| {
                    // Not ticked yet is 未清点, not 缺失: a key is missing only when the
                    // count is saved without it.
                    if f.found.is_empty() {
                        ui.colored_label(theme::MUTED, "尚未开始清点：在左侧逐钩打勾。");
                    } else if !result.missing.is_empty() {
                        ui.colored_label(
                            theme::WARNING,
                            format!("未清点 {} 把（保存时记为缺失）：", result.missing.len()),
                        );
                        for id in result.missing.iter().take(40) {
                            ui.colored_label(theme::WARNING, name(id));
                        }
                        if result.missing.len() > 40 {
                            ui.colored_label(
                                theme::WARNING,
                                format!("……共 {} 把", result.missing.len()),
                            );
                        }
                    }
                    if !result.unexpected.is_empty() {
                        ui.colored_label(
                            theme::WARNING,
                            format!("多出 {} 把：", result.unexpected.len()),
                        );
                        for id in &result.unexpected {
                            ui.colored_label(theme::WARNING, name(id));
                        }
                    }
                    ui.add_space(10.0);
                    ui.strong("历次盘点");
                    for c in self.data.counts.iter().take(20) {
                        ui.horizontal(|ui| {
                            ui.label(format!("{} {} → {}", c.at, c.outgoing, c.incoming));
                            if c.missing + c.unexpected == 0 {
                                ui.colored_label(theme::SUCCESS, "相符");
                            } else {
                                ui.colored_label(
                                    theme::ERROR,
                                    format!("缺 {} 多 {}", c.missing, c.unexpected),
                                );
                            }
                            if ui.small_button(format!("打印 #{}", c.id)).clicked() {
                                print = Some(c.id);
                            }
                        });
                    }
                });
        });
        if let Some(id) = print {
            self.open_output(KeyOutput::Count { id });
        }
    }

    pub(super) fn dialogs(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        self.form_window(ctx, commands);
        self.change_window(ctx, commands);
        self.deposit_window(ctx, commands);
        self.import_windows(ctx, commands);
        super::pdf_output_window(
            ctx,
            &mut self.output,
            |k: &KeyOutput| k.title(),
            commands,
            || KeyCommand::BrowseOutput.into(),
            |kind, path| KeyCommand::Write(kind, path).into(),
        );
    }

    fn form_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(f) = &mut self.form else { return };
        let title = if f.id.is_some() {
            "编辑钥匙"
        } else {
            "新增钥匙"
        };
        let close = dialog(ctx, title, |ui| {
            let d = &mut f.draft;
            egui::Grid::new("key_form")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    labelled_field(ui, "挂牌号", &mut d.tag, "如 Y-001，全处唯一");
                    let categories: Vec<&str> =
                        KeyCategory::ALL.iter().map(|c| c.as_str()).collect();
                    choice(ui, "类别", &mut d.category, &categories, "选择类别");
                    if KeyCategory::parse(&d.category) == Some(KeyCategory::Owner) {
                        let mut kinds: Vec<&str> = vec![""];
                        kinds.extend(OwnerKeyKind::ALL.iter().map(|k| k.as_str()));
                        choice(ui, "品种", &mut d.kind, &kinds, "选择品种");
                        labelled_field(ui, "楼栋", &mut d.building, "如 10号楼");
                        labelled_field(ui, "单元", &mut d.entrance, "如 1单元");
                        labelled_field(ui, "房号", &mut d.room, "如 1201");
                    } else {
                        labelled_field(
                            ui,
                            "对应位置",
                            &mut d.target,
                            "如 3号楼5层 楼梯间窗、配电房",
                        );
                    }
                    labelled_field(ui, "挂放位置", &mut d.position, "如 1号柜 A3");
                    labelled_field(ui, "数量", &mut d.copies, "把数，默认 1");
                    ui.label("");
                    ui.checkbox(&mut d.emergency, "本类紧急备用钥匙");
                    ui.end_row();
                    labelled_field(ui, "备注", &mut d.notes, "");
                });
            let (saved, cancel) =
                form_footer(ui, &mut f.errors, "保存", || f.draft.validate(), |_| {});
            if let Some(input) = saved {
                commands.push(
                    match f.id {
                        Some(id) => KeyCommand::Update(id, input),
                        None => KeyCommand::Create(input),
                    }
                    .into(),
                );
            }
            cancel
        });
        if close {
            self.form = None;
        }
    }

    fn change_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(c) = &mut self.change else { return };
        let title = match c.change {
            KeyChange::ReportLost => "登记遗失",
            KeyChange::Disable => "停用钥匙",
            KeyChange::Restore => "恢复在库",
        };
        let close = dialog(ctx, title, |ui| {
            let mut cancel = false;
            ui.label(format!("钥匙：{}", c.label));
            if c.change == KeyChange::ReportLost {
                ui.label("借出中的钥匙登记遗失后，借出记录随之结束。钥匙记录保留。");
            }
            egui::Grid::new("change").num_columns(2).show(ui, |ui| {
                labelled_field(ui, "说明", &mut c.note, "如 借用人报失、锁已更换");
            });
            if let Some(e) = &c.error {
                ui.colored_label(theme::ERROR, e);
            }
            ui.horizontal(|ui| {
                if ui.button(format!("确认{title}")).clicked() {
                    commands.push(
                        KeyCommand::Change {
                            key_id: c.key_id,
                            change: c.change,
                            note: c.note.clone(),
                        }
                        .into(),
                    );
                }
                if ui.button("取消").clicked() {
                    cancel = true;
                }
            });
            cancel
        });
        if close {
            self.change = None;
        }
    }

    fn deposit_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(d) = &mut self.deposit else { return };
        let close = dialog(ctx, "登记留存钥匙", |ui| {
            let mut cancel = false;
            ui.label(format!("钥匙：{}", d.label));
            ui.label("业主入住时留存/封存的备用钥匙，由秩序维护员共同见证。");
            egui::Grid::new("deposit").num_columns(2).show(ui, |ui| {
                labelled_field(ui, "日期", &mut d.date, "如 2026-11-24");
                labelled_field(ui, "交存人", &mut d.deposited_by, "业主或住户姓名");
                labelled_field(ui, "见证人", &mut d.witness, "秩序维护员姓名");
                ui.label("");
                ui.checkbox(&mut d.sealed, "封存（信封封口签字）");
                ui.end_row();
                labelled_field(ui, "备注", &mut d.notes, "");
            });
            if let Some(e) = &d.error {
                ui.colored_label(theme::ERROR, e);
            }
            ui.horizontal(|ui| {
                if ui.button("登记").clicked() {
                    match parse_date(&d.date) {
                        Ok(date) => commands.push(
                            KeyCommand::Deposit {
                                key_id: d.key_id,
                                deposit: crate::db::keys::Deposit {
                                    date,
                                    deposited_by: d.deposited_by.clone(),
                                    witness: d.witness.clone(),
                                    sealed: d.sealed,
                                    notes: d.notes.clone(),
                                },
                            }
                            .into(),
                        ),
                        Err(e) => d.error = Some(format!("日期：{e}")),
                    }
                }
                if ui.button("取消").clicked() {
                    cancel = true;
                }
            });
            cancel
        });
        if close {
            self.deposit = None;
        }
    }

    fn import_windows(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if let Some(f) = &mut self.import_file {
            match path_dialog(
                ctx,
                "导入钥匙清册",
                "Excel（.xlsx）或 CSV 文件，列名：挂牌号、类别、品种、楼栋、单元、房号、对应位置、挂放位置、数量、紧急备用……",
                "文件路径",
                &mut f.path,
                f.error.as_deref(),
                "预览",
            ) {
                PathAction::None | PathAction::Print(_) => {}
                PathAction::Browse => commands.push(KeyCommand::BrowseImport.into()),
                PathAction::Go(path) => {
                    f.error = None;
                    commands.push(KeyCommand::PreviewImport(path).into());
                }
                PathAction::Close => self.import_file = None,
            }
        }
        let Some(state) = &self.import else { return };
        match import_dialog(
            ctx,
            "导入钥匙清册",
            &state.preview,
            "把",
            state.error.as_deref(),
            |_| {},
        ) {
            ImportAction::None => {}
            ImportAction::Import => {
                commands.push(KeyCommand::StartImport(state.path.clone()).into())
            }
            ImportAction::Close => self.import = None,
        }
    }
}
