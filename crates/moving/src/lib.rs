//! Moving data in and out: the import readers (Airtable CSV, vCard), the exports (JSON,
//! Airtable-layout CSV, vCard) and the daily checked backups.

pub mod backup;
pub mod cells;
pub mod export;
pub mod import;
pub mod layout;
