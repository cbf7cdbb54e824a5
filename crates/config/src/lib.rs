//! Configuration: the catalog of settings, their resolution in one place (defaults →
//! file → environment), the values that must never be printed, and logging that never
//! prints a secret.

pub mod address_book;
pub mod catalog;
pub mod logging;
pub mod mailbox;
mod narrowed;
pub mod secret;
pub mod settings;
