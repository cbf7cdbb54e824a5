//! Moving in: Airtable CSV exports, vCard files, and kith's own JSON export. Readers
//! turn files into an `ImportBatch` (pure apart from reading) with every problem located;
//! the store applies a batch in one transaction.

pub mod airtable;
pub mod google_contacts;
pub mod linkedin;
mod links;
pub mod table;
pub mod vcard;
