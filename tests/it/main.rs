//! All integration tests in one binary: each file below is a module, so the app and its
//! dependencies are linked once instead of once per file.

mod archives;
mod assessment;
mod backup;
mod charging;
mod cli;
mod clock;
mod common;
mod dayclose;
mod db;
mod frontdesk;
mod hardening;
mod import;
mod keys;
mod layout;
mod mutations;
mod notices;
mod parsers;
mod pdf;
mod plans;
mod printing;
mod staff;
mod subscriptions;
mod tables;
mod ui;
mod ui_archives;
mod ui_assess;
mod ui_backup;
mod ui_charging;
mod ui_keys;
mod ui_notices;
mod ui_service;
mod ui_staff;
mod ui_users;
mod users;
