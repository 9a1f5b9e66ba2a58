//! One file per module: a struct of UI state with `fn ui`. Views read cached rows and push
//! commands; they never touch the database.

pub mod home;
pub mod keys;
pub mod keys_tabs;
pub mod settings;
pub mod staff;
pub mod staff_dialogs;
pub mod staff_tabs;
pub mod units;
