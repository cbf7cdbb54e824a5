//! The command menu Telegram shows and `/help` lists: the commands' one declaration list,
//! `command::COMMANDS`, under the name transports read it by.

pub use super::command::{COMMANDS, Declaration as CommandInfo};
