//! Shared UI pieces: the CJK font, design tokens, small widgets, and the only `rfd` caller.

pub mod dialogs;
pub mod table;
pub mod theme;

use std::sync::Arc;

/// Adds the bundled Noto Sans SC as a fallback to both families, so Chinese renders in every
/// widget (and egui_kittest, which panics on a missing glyph, guards against tofu).
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto_sans_sc".into(),
        Arc::new(egui::FontData::from_static(crate::pdf::FONT_BYTES)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("noto_sans_sc".into());
    }
    ctx.set_fonts(fonts);
    // The visit photos' thumbnails load through egui_extras' file and image loaders.
    egui_extras::install_image_loaders(ctx);
}

/// A label and a single-line text field joined for screen readers and tests: the field is
/// found by its label, the way a person finds it.
/// The search box of a screen: labelled 搜索, and Ctrl+F puts the cursor in it with its text
/// selected, so what is typed next replaces the last search.
pub fn search_field(
    ui: &mut egui::Ui,
    query: &mut String,
    hint: &str,
    width: f32,
) -> egui::Response {
    let l = ui.label("搜索");
    let out = egui::TextEdit::singleline(query)
        .char_limit(crate::domain::text::MAX_TEXT_CHARS)
        .hint_text(hint)
        .desired_width(width)
        .show(ui);
    let r = out.response.response.clone().labelled_by(l.id);
    if ui.input(|i| i.modifiers.command && i.key_pressed(egui::Key::F)) {
        let mut state = out.state;
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::select_all_str(query)));
        state.store(ui.ctx(), r.id);
        r.request_focus();
    }
    r
}

pub fn labelled_field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    hint: &str,
) -> egui::Response {
    let l = ui.label(label);
    let r = ui
        .add(
            egui::TextEdit::singleline(value)
                .char_limit(crate::domain::text::MAX_TEXT_CHARS)
                .hint_text(hint)
                .desired_width(theme::FIELD_WIDTH),
        )
        .labelled_by(l.id);
    ui.end_row();
    r
}

/// A dialog window as every form in the product behaves: centred near the top, not
/// collapsible, closed by its × or when `contents` returns true (its 取消 button).
/// Returns true when the dialog should close.
pub fn dialog(
    ctx: &egui::Context,
    title: &str,
    contents: impl FnOnce(&mut egui::Ui) -> bool,
) -> bool {
    let mut open = true;
    let mut cancelled = false;
    egui::Window::new(title)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 60.0))
        .collapsible(false)
        // Sized to the content every frame, so buttons at the bottom are never cut off.
        .resizable(false)
        .open(&mut open)
        .show(ctx, |ui| cancelled = contents(ui));
    !open || cancelled
}

/// What the person did in a `path_dialog`.
#[derive(Debug, Clone, PartialEq)]
pub enum PathAction {
    None,
    Browse,
    Go(std::path::PathBuf),
    /// 开始打印 (print windows only): write the PDF there, then open it or send it to the printer.
    Print(std::path::PathBuf),
    Close,
}

/// Where the window keeps what 打印 does (设置 › 打印), said in every print window.
pub const PRINT_HINT: &str = "taizhang.print_hint";

/// The print window: the PDF's path (typed, or 浏览…), what 打印 will do with it, the last
/// error, 开始打印 and 只保存 PDF (the PDF is saved either way; only 开始打印 opens or prints it).
pub fn print_dialog(
    ctx: &egui::Context,
    title: &str,
    explanation: &str,
    path: &mut String,
    error: Option<&str>,
) -> PathAction {
    let hint = ctx
        .data(|d| d.get_temp::<String>(egui::Id::unique(PRINT_HINT)))
        .unwrap_or_default();
    path_window(
        ctx,
        title,
        explanation,
        "保存到",
        path,
        error,
        "只保存 PDF",
        Some(&hint),
    )
}

/// The dialog every import, print and export goes through: a path field (typed, pasted, or
/// filled by 浏览…), an explanation, the last error, and the action button.
pub fn path_dialog(
    ctx: &egui::Context,
    title: &str,
    explanation: &str,
    field_label: &str,
    path: &mut String,
    error: Option<&str>,
    go_label: &str,
) -> PathAction {
    path_window(
        ctx,
        title,
        explanation,
        field_label,
        path,
        error,
        go_label,
        None,
    )
}

#[allow(clippy::too_many_arguments)]
fn path_window(
    ctx: &egui::Context,
    title: &str,
    explanation: &str,
    field_label: &str,
    path: &mut String,
    error: Option<&str>,
    go_label: &str,
    print_hint: Option<&str>,
) -> PathAction {
    let mut action = PathAction::None;
    let close = dialog(ctx, title, |ui| {
        let mut cancel = false;
        ui.label(explanation);
        egui::Grid::new(("path_dialog", title))
            .num_columns(2)
            .show(ui, |ui| {
                labelled_field(ui, field_label, path, "粘贴路径，或点“浏览…”");
            });
        if let Some(hint) = print_hint.filter(|h| !h.is_empty()) {
            ui.label(egui::RichText::new(hint).color(theme::MUTED));
        }
        if let Some(e) = error {
            ui.colored_label(theme::ERROR, e);
        }
        ui.horizontal(|ui| {
            if ui.button("浏览…").clicked() {
                action = PathAction::Browse;
            }
            let p = path_of(path);
            if print_hint.is_some()
                && ui
                    .add_enabled(p.is_some(), egui::Button::new("开始打印"))
                    .clicked()
                && let Some(p) = &p
            {
                action = PathAction::Print(p.clone());
            }
            if ui
                .add_enabled(p.is_some(), egui::Button::new(go_label))
                .clicked()
                && let Some(p) = p
            {
                action = PathAction::Go(p);
            }
            if ui.button("取消").clicked() {
                cancel = true;
            }
        });
        cancel
    });
    if close { PathAction::Close } else { action }
}

/// The body of an import preview: column mapping, first rows, and every error (or the all
/// clear). `noun` counts the rows: "户", "人".
pub fn import_preview<F: crate::io::ImportField, T>(
    ui: &mut egui::Ui,
    p: &crate::io::Preview<F, T>,
    noun: &str,
) {
    ui.set_width(720.0);
    ui.label(format!("文件：{}（表头在第 {} 行）", p.file, p.header_row));
    ui.strong("列对应");
    ui.horizontal_wrapped(|ui| {
        for (header, field) in &p.mapping {
            match field {
                Some(f) => ui.label(format!("{header} → {}", f.label())),
                None => ui.colored_label(theme::MUTED, format!("{header}（忽略）")),
            };
        }
    });
    ui.strong("前几行");
    egui::ScrollArea::both()
        .id_salt("sample")
        .max_height(160.0)
        .show(ui, |ui| {
            egui::Grid::new("sample_grid").striped(true).show(ui, |ui| {
                for (h, _) in &p.mapping {
                    ui.strong(h);
                }
                ui.end_row();
                for row in p.sample.iter().take(8) {
                    for c in row {
                        ui.label(c);
                    }
                    ui.end_row();
                }
            });
        });
    if p.errors.is_empty() {
        ui.colored_label(
            theme::SUCCESS,
            format!("检查通过：共 {} {noun}，可以导入。", p.rows.len()),
        );
    } else {
        ui.colored_label(
            theme::ERROR,
            format!(
                "发现 {} 处错误，文件不会被导入。请改正后重新选择文件：",
                p.errors.len()
            ),
        );
        egui::ScrollArea::vertical()
            .id_salt("errors")
            .max_height(180.0)
            .show(ui, |ui| {
                for e in &p.errors {
                    ui.colored_label(theme::ERROR, e.to_string());
                }
            });
    }
}

/// What the person did in an `import_dialog`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportAction {
    None,
    Import,
    Close,
}

/// The confirmation step of every import: the preview, what the import will do (`extra`), the
/// last error, and 导入 N (disabled while the file has errors) / 取消.
pub fn import_dialog<F: crate::io::ImportField, T>(
    ctx: &egui::Context,
    title: &str,
    p: &crate::io::Preview<F, T>,
    noun: &str,
    error: Option<&str>,
    extra: impl FnOnce(&mut egui::Ui),
) -> ImportAction {
    let mut action = ImportAction::None;
    let close = dialog(ctx, title, |ui| {
        let mut cancel = false;
        import_preview(ui, p, noun);
        if p.errors.is_empty() {
            extra(ui);
        }
        if let Some(e) = error {
            ui.colored_label(theme::ERROR, e);
        }
        ui.horizontal(|ui| {
            let label = if p.errors.is_empty() {
                format!("导入 {} {noun}", p.rows.len())
            } else {
                "无法导入".to_string()
            };
            if ui
                .add_enabled(p.errors.is_empty(), egui::Button::new(label))
                .clicked()
            {
                action = ImportAction::Import;
            }
            if ui.button("取消").clicked() {
                cancel = true;
            }
        });
        cancel
    });
    if close { ImportAction::Close } else { action }
}

/// The foot of every form: its errors, then the save button (`save`), any `extra` buttons, and
/// 取消. On save `validate` runs; a valid form returns its value and clears the errors, an
/// invalid one shows every wrong field. Returns (the valid value if saved, 取消 clicked).
pub fn form_footer<T>(
    ui: &mut egui::Ui,
    errors: &mut Vec<String>,
    save: &str,
    validate: impl FnOnce() -> Result<T, Vec<crate::domain::estate::FieldError>>,
    extra: impl FnOnce(&mut egui::Ui),
) -> (Option<T>, bool) {
    for e in errors.iter() {
        ui.colored_label(theme::ERROR, e);
    }
    let mut saved = None;
    let mut cancel = false;
    ui.horizontal(|ui| {
        if ui.button(save).clicked() {
            match validate() {
                Ok(v) => {
                    errors.clear();
                    saved = Some(v);
                }
                Err(errs) => *errors = errs.iter().map(|e| e.to_string()).collect(),
            }
        }
        extra(ui);
        if ui.button("取消").clicked() {
            cancel = true;
        }
    });
    (saved, cancel)
}

/// A path being typed for an import, print or export (`kind` says which output, `()` for the
/// import step), with the last error shown under it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PathForm<K = ()> {
    pub kind: K,
    pub path: String,
    pub error: Option<String>,
}

impl<K> PathForm<K> {
    pub fn new(kind: K, path: &std::path::Path) -> PathForm<K> {
        PathForm {
            kind,
            path: path.display().to_string(),
            error: None,
        }
    }
}

impl PathForm {
    /// The import step's path field, empty.
    pub fn empty() -> PathForm {
        PathForm::default()
    }
}

/// Shows `message` in the form, opening it if it was closed (an import whose file was picked
/// with 浏览… fails before its window was ever open).
pub fn path_error(form: &mut Option<PathForm>, message: String) {
    form.get_or_insert_with(PathForm::empty).error = Some(message);
}

/// Step two of an import: the file, its preview (`extra`: what the import will do), and the
/// last error.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportState<P, X = ()> {
    pub path: std::path::PathBuf,
    pub preview: P,
    pub extra: X,
    pub error: Option<String>,
}

/// A path as typed or pasted (a file manager's "copy path" adds quotes); None when empty.
pub fn path_of(text: &str) -> Option<std::path::PathBuf> {
    let t = text.trim().trim_matches('"');
    (!t.is_empty()).then(|| std::path::PathBuf::from(t))
}

/// A combo box joined to its label (screen readers, tests) in a form grid, choosing one of
/// `options`; an empty option is shown as `empty`.
pub fn choice(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    options: &[impl AsRef<str>],
    empty: &str,
) {
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(("choice", label))
        .selected_text(if value.is_empty() {
            empty
        } else {
            value.as_str()
        })
        .width(theme::FIELD_WIDTH)
        .show_ui(ui, |ui| {
            for o in options {
                let o = o.as_ref();
                let text = if o.is_empty() { empty } else { o };
                ui.selectable_value(value, o.to_string(), text);
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
}

/// In place of what the signed-in user's role may not do: one muted line saying so.
pub fn read_only_note(ui: &mut egui::Ui, what: &str) {
    ui.label(
        egui::RichText::new(format!("{what}须由有相应权限的人办理，这里只能查看。"))
            .color(theme::MUTED),
    );
}
