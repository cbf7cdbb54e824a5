//! Email as a source: every real message and mbox in `../shared/fixtures/email` read
//! without a panic, and an mbox archive imported end to end into a real SQLite file.

mod dovecot;
mod gmail;
mod imap;
mod mbox;
mod mbox_hostile;

use crate::support::faulty;
use crate::support::fixtures as shared_fixtures;
pub use shared_fixtures::fixtures;

use chrono::{DateTime, TimeZone, Utc};
use kith::config::settings::{Environment, Settings};

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
}

/// Settings for a database in `dir`, the owner writing as me@work.io and me@home.io.
pub fn settings(dir: &std::path::Path, extra: &[(&str, &str)]) -> Settings {
    let mut env = Environment::new();
    env.insert("KITH_DB".into(), dir.join("kith.db").display().to_string());
    env.insert("KITH_MY_EMAILS".into(), "me@work.io,me@home.io".into());
    env.insert("KITH_TIMEZONE".into(), "Europe/Berlin".into());
    for (key, value) in extra {
        env.insert((*key).into(), (*value).into());
    }
    Settings::resolve(None, &env).unwrap()
}
