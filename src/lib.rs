//! Taizhang (台账): the records desk of a property management office.
//! `main.rs` only parses arguments; everything lives here so tests can build the real app.

pub mod app;
pub mod cli;
pub mod clock;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod io;
pub mod pdf;
pub mod printing;
pub mod ui;
pub mod views;

pub use error::{Error, Result};
