//! 档案管理: the registry (档案目录: search as you type, a file's record with its checklist,
//! scans and change records), 查阅/借阅 (request → approval → hand out → return, file by file)
//! and 档案检查 (the yearly plan's campaigns and their findings). One file per tab; this one
//! holds the shared state and the registry.

mod files;
mod inspections;
mod requests;

pub use files::FileForm;
pub use inspections::CampaignForm;
pub use requests::RequestForm;

use crate::app::{ArchiveCommand, ArchiveOutput, Command};
use crate::db::archives::{
    CampaignRow, ChangeRow, CheckRow, FileRow, KindRow, LocationRow, RequestRow,
};
use crate::domain::search::{Query, SearchKey};
use crate::ui::table::Table;
use crate::views::charging::UnitPick;
use crate::views::service::StaffPick;
use chrono::NaiveDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveTab {
    Files,
    Requests,
    Inspections,
}

impl ArchiveTab {
    pub const ALL: [ArchiveTab; 3] = [
        ArchiveTab::Files,
        ArchiveTab::Requests,
        ArchiveTab::Inspections,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ArchiveTab::Files => "档案目录",
            ArchiveTab::Requests => "查阅与借阅",
            ArchiveTab::Inspections => "档案检查",
        }
    }
}

/// What the screen shows, loaded by the app when the screen is stale.
#[derive(Default)]
pub struct ArchiveData {
    pub files: Vec<FileRow>,
    pub kinds: Vec<KindRow>,
    pub locations: Vec<LocationRow>,
    /// Open requests and those of the last three months.
    pub requests: Vec<RequestRow>,
    pub campaigns: Vec<CampaignRow>,
    pub archivist: String,
    pub staff: Vec<StaffPick>,
    pub units: Vec<UnitPick>,
    /// Each file's searchable face, in the order of `files` (built with the rows, off the
    /// window's thread; built here when missing).
    pub keys: Vec<SearchKey>,
}

/// A file's record as its panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FileDetail {
    pub file: FileRow,
    pub scans: Vec<String>,
    pub changes: Vec<ChangeRow>,
    /// Who read this 保密 file, newest first.
    pub accesses: Vec<(NaiveDateTime, String, String)>,
}

pub struct ArchiveView {
    /// This frame's moment, from the app's clock.
    pub now: NaiveDateTime,
    /// The signed-in user may approve (set by the app every frame; a file without users: yes).
    pub may_approve: bool,
    /// 档案借阅: apply for and withdraw requests (no users: yes).
    pub may_request: bool,
    /// 档案管理: files, scans, hand-outs and returns, inspections (no users: yes).
    pub may_manage: bool,
    pub tab: ArchiveTab,
    pub data: ArchiveData,
    /// Each file's searchable face, built once per load.
    keys: Vec<SearchKey>,
    /// The keys just replaced, freed with the old rows off the window's thread.
    keys_before: Vec<SearchKey>,
    pub query: String,
    pub kind_filter: String,
    pub location_filter: String,
    /// The rows the search and filters leave, as of `visible_for`.
    visible: Vec<usize>,
    visible_for: Option<(String, String, String)>,
    /// Who is at the desk: recorded on change records, hand-outs, returns and readings.
    pub operator: String,
    pub(super) selected_file: Option<i64>,
    pub detail: Option<FileDetail>,
    pub(super) selected_request: Option<i64>,
    pub(super) selected_campaign: Option<i64>,
    pub(super) selected_check: Option<i64>,
    pub checks: Vec<CheckRow>,
    pub(super) checks_for: Option<i64>,
    /// The approver chosen in a request's panel (the manager by default).
    pub approver: String,
    /// A refusal's reason, a check's note, a finding's follow-up.
    pub note: String,
    /// The files of the chosen request ticked to come back, with their condition.
    pub(super) returning: Vec<(i64, bool, String)>,
    pub file_form: Option<FileForm>,
    pub request_form: Option<RequestForm>,
    pub campaign_form: Option<CampaignForm>,
    pub(super) files_table: Table,
    pub(super) requests_table: Table,
    pub(super) campaigns_table: Table,
    pub(super) checks_table: Table,
    pub output: Option<crate::ui::PathForm<ArchiveOutput>>,
    pub import_file: Option<crate::ui::PathForm>,
    /// Put the cursor in the search box next frame.
    pub(super) focus_search: bool,
    pub stale: bool,
}

impl ArchiveView {
    pub fn new(now: NaiveDateTime) -> ArchiveView {
        ArchiveView {
            now,
            may_approve: true,
            may_request: true,
            may_manage: true,
            tab: ArchiveTab::Files,
            data: ArchiveData::default(),
            keys: Vec::new(),
            keys_before: Vec::new(),
            query: String::new(),
            kind_filter: String::new(),
            location_filter: String::new(),
            visible: Vec::new(),
            visible_for: None,
            operator: String::new(),
            selected_file: None,
            detail: None,
            selected_request: None,
            selected_campaign: None,
            selected_check: None,
            checks: Vec::new(),
            checks_for: None,
            approver: String::new(),
            note: String::new(),
            returning: Vec::new(),
            file_form: None,
            request_form: None,
            campaign_form: None,
            files_table: Table::default().with_keyboard(),
            requests_table: Table::default().with_keyboard(),
            campaigns_table: Table::default().inline(),
            checks_table: Table::default().with_keyboard(),
            output: None,
            import_file: None,
            focus_search: true,
            stale: true,
        }
    }

    pub fn set_data(&mut self, mut data: ArchiveData) {
        if data.keys.len() != data.files.len() {
            data.keys = data.files.iter().map(search_key).collect();
        }
        self.keys_before = std::mem::replace(&mut self.keys, std::mem::take(&mut data.keys));
        if self.operator.trim().is_empty() {
            self.operator = data.archivist.clone();
        }
        if self.approver.trim().is_empty() {
            self.approver = data
                .staff
                .iter()
                .find(|s| s.position.contains("经理"))
                .map(|s| s.name.clone())
                .unwrap_or_default();
        }
        let old = std::mem::replace(&mut self.data, data);
        // Freeing 20,000 rows and their keys takes milliseconds: not on the window's thread.
        let old_keys = std::mem::take(&mut self.keys_before);
        std::thread::spawn(move || drop((old, old_keys)));
        self.visible_for = None;
        self.files_table.invalidate();
        self.requests_table.invalidate();
        self.campaigns_table.invalidate();
        if let Some(id) = self.selected_request {
            self.prepare_return(id);
        }
    }

    /// Who does what on this screen: the 当前操作人, else the archivist, else 档案管理员.
    pub fn operator(&self) -> String {
        [self.operator.trim(), self.data.archivist.trim()]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or("档案管理员")
            .to_string()
    }

    pub fn selected_campaign(&self) -> Option<i64> {
        self.selected_campaign
    }

    pub fn detail_id(&self) -> Option<i64> {
        self.detail.as_ref().map(|d| d.file.id)
    }

    pub fn set_detail(&mut self, d: FileDetail) {
        self.selected_file = Some(d.file.id);
        self.detail = Some(d);
    }

    pub fn select_file(&mut self, id: i64) {
        self.selected_file = Some(id);
    }

    pub fn select_request(&mut self, id: i64) {
        self.selected_request = Some(id);
        self.note.clear();
        self.prepare_return(id);
    }

    pub fn select_campaign(&mut self, id: i64) {
        if self.selected_campaign != Some(id) {
            self.selected_check = None;
        }
        self.selected_campaign = Some(id);
    }

    pub fn set_checks(&mut self, campaign: i64, rows: Vec<CheckRow>) {
        self.checks = rows;
        self.checks_for = Some(campaign);
        self.checks_table.invalidate();
    }

    /// The return list of a request: every file still out, ticked, 完好.
    fn prepare_return(&mut self, id: i64) {
        self.returning = self
            .data
            .requests
            .iter()
            .find(|r| r.id == id)
            .map(|r| {
                r.files
                    .iter()
                    .filter(|f| f.returned_at.is_none())
                    .map(|f| (f.file_id, true, String::new()))
                    .collect()
            })
            .unwrap_or_default();
    }

    /// A step was taken on the chosen request or check: its note is spent.
    pub fn action_done(&mut self) {
        self.note.clear();
    }

    pub fn form_error(&mut self, message: String) {
        if let Some(f) = &mut self.file_form {
            f.error = Some(message);
        } else if let Some(f) = &mut self.request_form {
            f.error = Some(message);
        } else if let Some(f) = &mut self.campaign_form {
            f.error = Some(message);
        }
    }

    pub fn close_dialogs(&mut self) {
        self.file_form = None;
        self.request_form = None;
        self.campaign_form = None;
    }

    /// The rows the search box and the filters leave, recomputed only when they change.
    pub fn visible(&mut self) -> &[usize] {
        let key = (
            self.query.clone(),
            self.kind_filter.clone(),
            self.location_filter.clone(),
        );
        if self.visible_for.as_ref() != Some(&key) {
            let q = Query::new(&self.query);
            let loc = self.location_filter.clone();
            let under = format!("{loc}/");
            self.visible = self
                .data
                .files
                .iter()
                .zip(&self.keys)
                .enumerate()
                .filter(|(_, (f, k))| {
                    (self.kind_filter.is_empty() || f.kind == self.kind_filter)
                        && (loc.is_empty() || f.location == loc || f.location.starts_with(&under))
                        && k.matches_query(&q)
                })
                .map(|(i, _)| i)
                .collect();
            self.visible_for = Some(key);
        }
        &self.visible
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            for tab in ArchiveTab::ALL {
                if ui.selectable_label(self.tab == tab, tab.label()).clicked() {
                    self.tab = tab;
                    self.focus_search = tab == ArchiveTab::Files;
                }
            }
            ui.separator();
            let names: Vec<String> = self.data.staff.iter().map(|s| s.name.clone()).collect();
            let l = ui.label("当前操作人");
            egui::ComboBox::from_id_salt("archive_operator")
                .selected_text(self.operator())
                .width(110.0)
                .show_ui(ui, |ui| {
                    for n in &names {
                        ui.selectable_value(&mut self.operator, n.clone(), n);
                    }
                })
                .response
                .labelled_by(l.id);
        });
        ui.separator();
        match self.tab {
            ArchiveTab::Files => self.files_ui(ui, commands),
            ArchiveTab::Requests => self.requests_ui(ui, commands),
            ArchiveTab::Inspections => self.inspections_ui(ui, commands),
        }
        self.file_window(ui.ctx(), commands);
        self.request_window(ui.ctx(), commands);
        self.campaign_window(ui.ctx(), commands);
        self.output_window(ui.ctx(), commands);
        self.import_window(ui.ctx(), commands);
    }

    fn output_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        crate::views::pdf_output_window(
            ctx,
            &mut self.output,
            |k: &ArchiveOutput| k.title(),
            commands,
            || ArchiveCommand::BrowseOutput.into(),
            |kind, path| ArchiveCommand::Write(kind, path).into(),
        );
    }

    fn import_window(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(f) = &mut self.import_file else {
            return;
        };
        match crate::ui::path_dialog(
            ctx,
            "导入档案目录",
            "Excel（.xlsx）或 CSV 文件，列：档案号、类别、题名、楼栋、单元、房号（或 员工）、存放位置、密级、保管期限、页数、形成日期、备注。存放位置写成 档案室/A柜/第1层/01盒，没有的自动建立。全部正确才导入，有错时逐行列出。",
            "文件路径",
            &mut f.path,
            f.error.as_deref(),
            "导入",
        ) {
            crate::ui::PathAction::None | crate::ui::PathAction::Print(_) => {}
            crate::ui::PathAction::Browse => commands.push(ArchiveCommand::BrowseImport.into()),
            crate::ui::PathAction::Go(path) => commands.push(ArchiveCommand::Import(path).into()),
            crate::ui::PathAction::Close => self.import_file = None,
        }
    }

    /// Opens the print window for `kind`, offering a file in the documents folder.
    pub fn open_output(&mut self, kind: ArchiveOutput) {
        let name = kind.file_name();
        self.output = Some(crate::views::output_form(kind, &name));
    }

    /// Files whose number, title, unit or owner match what is typed, for a request's picker.
    pub(super) fn file_matches(&self, text: &str, most: usize) -> Vec<&FileRow> {
        if text.trim().is_empty() {
            return Vec::new();
        }
        let q = Query::new(text);
        self.data
            .files
            .iter()
            .zip(&self.keys)
            .filter(|(_, k)| k.matches_query(&q))
            .map(|(f, _)| f)
            .take(most)
            .collect()
    }
}

/// A file found by its number, title, kind, place, unit (shorthand too), owner or staff
/// member (characters or pinyin).
pub fn search_key(f: &FileRow) -> SearchKey {
    let mut key = SearchKey::new(&f.building, &f.entrance, &f.room);
    if !f.owner.is_empty() {
        key.add_person(&f.owner, &[]);
    }
    if !f.staff.is_empty() {
        key.add_person(&f.staff, &[]);
    }
    key.add_words(&[&f.number, &f.title, &f.kind, &f.location, &f.related()]);
    key
}
