//! One file per module: a struct of UI state with `fn ui`. Views read cached rows and push
//! commands; they never touch the database.

pub mod home;
pub mod settings;
pub mod units;
