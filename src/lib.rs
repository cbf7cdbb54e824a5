//! kith: a personal CRM that lives in Telegram, over one SQLite file.
//!
//! The workspace's crates, from the inside out (ARCHITECTURE.md has the map and the rules
//! each crate's `Cargo.toml` keeps), re-exported here under the names the binary and the
//! tests use:
//!
//! - `domain` (`kith-domain`): the vocabulary and the pure rules; no IO, no clock, no SQL.
//! - `safe_file` (`kith-files`): every file and folder kith writes.
//! - `store` (`kith-store`): every SQL statement, over one SQLite file.
//! - `synthetic` (`kith-synthetic`): the deterministic demo and benchmark network.
//! - `config` (`kith-config`): settings, secrets and logging.
//! - `sources`, `calendar`, `mail` (`kith-sources`): calendars and mailboxes synced.
//! - `moving` (`kith-moving`): imports, exports and backups.
//! - `engine` (`kith-engine`): the one conversation, for every transport.
//!
//! This crate adds what only the program does: `transport` (the Telegram bot and the
//! terminal chat) and `status` (the health report).

pub use kith_config as config;
pub use kith_domain as domain;
pub use kith_engine as engine;
pub use kith_files as safe_file;
pub use kith_moving as moving;
pub use kith_sources as sources;
pub use kith_sources::{calendar, mail};
pub use kith_store as store;
pub use kith_synthetic as synthetic;

pub mod status;
pub mod transport;

pub use kith_store::{Error, Result, Store};
