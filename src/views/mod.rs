//! One file per module: a struct of UI state with `fn ui`. Views read cached rows and push
//! commands; they never touch the database.

pub mod assessment;
pub mod assessment_tabs;
pub mod charging;
pub mod charging_tabs;
pub mod home;
pub mod keys;
pub mod keys_tabs;
pub mod settings;
pub mod staff;
pub mod staff_dialogs;
pub mod staff_tabs;
pub mod units;

/// An output window (print or export) for `kind`, offering `file_name` in the documents folder.
pub(crate) fn output_form<K>(kind: K, file_name: &str) -> crate::ui::PathForm<K> {
    crate::ui::PathForm::new(kind, &crate::app::default_output_dir().join(file_name))
}
