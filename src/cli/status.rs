//! `kith status`: the health report, read without writing (the database may belong to a
//! running bot); exit status 1 when something is wrong, so it serves as a health check.

use std::process::ExitCode;

use chrono::Utc;

use kith::config::settings::Settings;
use kith::store::Store;

pub fn status(settings: &Settings, quiet: bool) -> ExitCode {
    if !settings.db.exists() {
        eprintln!(
            "kith: no database at {} (`kith run` creates it)",
            settings.db.display()
        );
        return ExitCode::FAILURE;
    }
    let report = Store::open_to_inspect(&settings.db)
        .and_then(|store| kith::status::gather(settings, &store, Utc::now()));
    match report {
        Ok(report) if report.healthy() => {
            if !quiet {
                super::say(&report.render());
            }
            ExitCode::SUCCESS
        }
        Ok(report) => {
            if quiet {
                for problem in &report.problems {
                    eprintln!("kith: {problem}");
                }
            } else {
                super::say(&report.render());
            }
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("kith: cannot read {}: {error}", settings.db.display());
            ExitCode::FAILURE
        }
    }
}
