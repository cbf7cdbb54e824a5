//! Moving in and out: Airtable CSV and vCard imports, CSV/JSON/vCard exports, backups.

mod airtable;
mod backup;
mod vcard;

use std::path::{Path, PathBuf};

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures");

/// A shared fixture folder, or `None` with a clear note when it is not beside this checkout.
pub fn fixtures(sub: &str) -> Option<PathBuf> {
    let path = Path::new(FIXTURES).join(sub);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} is absent (the shared fixtures are not beside this checkout)",
            path.display()
        );
        None
    }
}

pub fn day(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}
