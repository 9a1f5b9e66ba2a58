//! One file per module: a struct of UI state with `fn ui`. Views read cached rows and push
//! commands; they never touch the database.

pub mod archives;
pub mod assessment;
pub mod assessment_tabs;
pub mod audit;
pub mod backup;
pub mod charging;
pub mod charging_tabs;
pub mod charging_unit;
pub mod home;
pub mod keys;
pub mod keys_tabs;
pub mod notices;
pub mod service;
pub mod settings;
pub mod staff;
pub mod staff_dialogs;
pub mod staff_tabs;
pub mod units;
pub mod users;

/// An output window (print or export) for `kind`, offering `file_name` in the documents folder.
pub(crate) fn output_form<K>(kind: K, file_name: &str) -> crate::ui::PathForm<K> {
    crate::ui::PathForm::new(kind, &crate::app::default_output_dir().join(file_name))
}

/// What the person did in an output window.
pub(crate) enum OutputAction<K> {
    None,
    Browse,
    Write(K, std::path::PathBuf),
}

/// The window every PDF print goes through: the path (typed, or 浏览…), the last error, and
/// 生成 PDF. Closing it clears `form`.
pub(crate) fn pdf_output_window<K: Clone>(
    ctx: &egui::Context,
    form: &mut Option<crate::ui::PathForm<K>>,
    title: impl Fn(&K) -> String,
) -> OutputAction<K> {
    let Some(o) = form else {
        return OutputAction::None;
    };
    match crate::ui::path_dialog(
        ctx,
        &title(&o.kind),
        "保存为 PDF 文件：",
        "保存到",
        &mut o.path,
        o.error.as_deref(),
        "生成 PDF",
    ) {
        crate::ui::PathAction::None => OutputAction::None,
        crate::ui::PathAction::Browse => OutputAction::Browse,
        crate::ui::PathAction::Go(path) => OutputAction::Write(o.kind.clone(), path),
        crate::ui::PathAction::Close => {
            *form = None;
            OutputAction::None
        }
    }
}
