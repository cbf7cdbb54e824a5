//! Configuration: the settings, resolved in one place, and logging that never prints a
//! secret.

pub mod logging;
pub mod settings;
