//! Moving in and out: Airtable CSV, LinkedIn, Google Contacts and vCard imports, CSV/JSON/vCard exports, backups.

mod airtable;
mod anchors;
mod backup;
mod folding;
mod google_contacts;
mod hostile_contacts;
mod ics;
mod intentions;
mod linkedin;
mod round_trip;
pub mod telegram_export;
mod two_people;
mod vcard;

use crate::support::fixtures as shared_fixtures;
pub use shared_fixtures::fixtures;

pub fn day(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}
