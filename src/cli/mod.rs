//! The `kith` binary's own modules: the arguments, one file per group of subcommands,
//! and the benchmark harness (which is not part of the library).

pub mod args;
pub mod bench;
pub mod check;
pub mod conversation;
pub mod data;
pub mod fakehttp;
pub mod mailbench;
pub mod measure;
pub mod startup;
pub mod status;

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use kith::config::settings::Settings;
use kith::store::Store;

pub fn today(settings: &Settings) -> NaiveDate {
    Utc::now().with_timezone(&settings.timezone).date_naive()
}

pub fn open(settings: &Settings) -> anyhow::Result<Store> {
    Store::open(&settings.db).with_context(|| format!("cannot open {}", settings.db.display()))
}
