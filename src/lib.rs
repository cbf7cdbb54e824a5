//! kith: a personal CRM that lives in Telegram, over one SQLite file.
//!
//! The library holds everything; the `kith` binary is thin glue over it. See
//! ARCHITECTURE.md for the code map and the rules each module keeps.

pub mod backup;
pub mod bench;
pub mod calendar;
pub mod dupes;
pub mod engine;
pub mod error;
pub mod export;
pub mod import;
pub mod logging;
pub mod model;
pub mod rank;
pub mod schedule;
pub mod seed;
pub mod settings;
pub mod stats;
pub mod store;
pub mod telegram;
pub mod terminal;
pub mod text;

pub use error::{Error, Result};
pub use store::Store;
