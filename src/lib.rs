//! kith: a personal CRM that lives in Telegram, over one SQLite file.
//!
//! The library holds everything but the command line; the `kith` binary (`main.rs` and
//! `cli/`) is thin glue over it. The modules, from the inside out (ARCHITECTURE.md has
//! the code map and the rules each keeps):
//!
//! - `domain`: the vocabulary and the pure rules; no IO, no clock, no store, no config.
//! - `store`: every SQL statement, over one SQLite file.
//! - `calendar`: calendar sources → plan → apply.
//! - `engine`: the one conversation, for every transport.
//! - `moving`: imports, exports and backups.
//! - `transport`: the Telegram bot and the terminal chat.
//! - `config`: settings and logging.
//! - `safe_file`: every file and folder kith writes (a private temporary file renamed
//!   into place; folders 0700).
//! - `sources` and `status`: every calendar and mailbox synced in turn; the health report.
//! - `synthetic`: the deterministic demo and benchmark network.

pub mod calendar;
pub mod config;
pub mod domain;
pub mod engine;
pub mod mail;
pub mod moving;
pub mod safe_file;
pub mod sources;
pub mod status;
pub mod store;
pub mod synthetic;
pub mod transport;

pub use domain::error::{Error, Result};
pub use store::Store;
