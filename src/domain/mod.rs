//! Pure rules: no egui, no SQL. Everything here is unit-tested beside its code.

pub mod area;
pub mod date;
pub mod estate;
pub mod person;
pub mod search;
pub mod text;
