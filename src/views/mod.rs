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
pub mod printing;
pub mod service;
pub mod settings;
pub mod staff;
pub mod staff_dialogs;
pub mod staff_tabs;
pub mod subscription;
pub mod units;
pub mod users;

/// An output window (print or export) for `kind`, offering `file_name` in the documents folder.
pub(crate) fn output_form<K>(kind: K, file_name: &str) -> crate::ui::PathForm<K> {
    crate::ui::PathForm::new(kind, &crate::app::default_output_dir().join(file_name))
}

/// The window every PDF print goes through (`ui::print_dialog`): 打印 pushes
/// `Command::Print` around what `write` makes (the PDF, then the viewer or the printer),
/// 只保存 PDF pushes it alone, 浏览… pushes `browse`. Closing it clears `form`.
pub(crate) fn pdf_output_window<K: Clone>(
    ctx: &egui::Context,
    form: &mut Option<crate::ui::PathForm<K>>,
    title: impl Fn(&K) -> String,
    commands: &mut Vec<crate::app::Command>,
    browse: impl FnOnce() -> crate::app::Command,
    write: impl FnOnce(K, std::path::PathBuf) -> crate::app::Command,
) {
    let Some(o) = form else { return };
    let action = crate::ui::print_dialog(
        ctx,
        &title(&o.kind),
        "保存为 PDF 文件：",
        &mut o.path,
        o.error.as_deref(),
    );
    if action == crate::ui::PathAction::Close {
        *form = None;
    } else if action == crate::ui::PathAction::Browse {
        commands.push(browse());
    } else {
        print_or_save(action, commands, |p| write(o.kind.clone(), p));
    }
}

/// What a print window's 打印 or 只保存 PDF asks for: the command `write` makes for the path,
/// wrapped in `Command::Print` for 打印. Other actions are the caller's.
pub(crate) fn print_or_save(
    action: crate::ui::PathAction,
    commands: &mut Vec<crate::app::Command>,
    write: impl FnOnce(std::path::PathBuf) -> crate::app::Command,
) {
    match action {
        crate::ui::PathAction::Print(p) => {
            commands.push(crate::app::Command::Print(Box::new(write(p.clone())), p))
        }
        crate::ui::PathAction::Go(p) => commands.push(write(p)),
        _ => {}
    }
}
