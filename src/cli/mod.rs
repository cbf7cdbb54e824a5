//! The `kith` binary's own modules: the arguments, one file per group of subcommands,
//! and the benchmark harness (which is not part of the library).

pub mod args;
pub mod bench;
pub mod boundbench;
pub mod cardbench;
pub mod check;
pub mod conversation;
pub mod corebench;
pub mod data;
pub mod fakehttp;
pub mod followbench;
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

/// Prints a line on standard output. A reader that went away (`kith ask … | head`) is
/// not an error: what it did not read is simply not printed.
pub fn say(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(error) = writeln!(out, "{text}").and_then(|()| out.flush())
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("kith: cannot write the output: {error}");
    }
}

/// Whether a command failed only because its output was cut off by a closed pipe.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
