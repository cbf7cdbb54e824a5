//! A contact shared to the bot creates or completes a person the way imports do.

use kith_domain::telegram::SharedContact;
use kith_store::Error;

use super::{Context, Engine, Reply};

impl Engine<'_> {
    /// SKELETON: a person created or completed from a shared contact.
    pub(super) fn shared_contact(
        &mut self,
        _context: Context,
        _contact: SharedContact,
    ) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON: shared contacts are not read yet."))
    }
}
