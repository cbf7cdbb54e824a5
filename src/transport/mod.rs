//! The adapters that carry the conversation: the Telegram bot (`kith run`) and the
//! terminal chat (`kith chat`, `kith demo`, `kith ask`), and the wall clock they read.

pub mod clock;
pub mod telegram;
pub mod terminal;
