//! Plain text that reads as an interaction ("coffee with Ana yesterday, she's moving to
//! Lisbon") becomes a proposal card; anything else stays a search.

use kith_store::Error;

use super::{Context, Engine, Reply};

impl Engine<'_> {
    /// SKELETON: the proposal for a plain message that reads as an interaction, or `None`.
    pub(super) fn free_text(
        &mut self,
        _context: Context,
        _text: &str,
    ) -> Result<Option<Reply>, Error> {
        Ok(None)
    }
}
