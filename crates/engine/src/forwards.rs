//! A message forwarded to the bot: "Log a message with Ana Souza on 28 Nov?" with **Log**,
//! **Log with the text as a note**, **Someone else…** and **Cancel**; nothing is written
//! before a press.

use kith_domain::telegram::Forward;
use kith_store::Error;

use super::{Context, Engine, Reply};

impl Engine<'_> {
    /// SKELETON: the proposal for messages forwarded together.
    pub(super) fn forwarded(
        &mut self,
        _context: Context,
        _forwards: Vec<Forward>,
    ) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON: forwards are not read yet."))
    }
}
