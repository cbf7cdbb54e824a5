//! Things to bring up next time (`/topic`) and important dates (`/date`): added from
//! the chat, shown on cards and in briefs, and done with a press.

use kith_domain::intention::TopicId;
use kith_store::Error;

use super::{Context, Engine, Reply};

impl Engine<'_> {
    pub(super) fn topic_done(
        &mut self,
        _context: Context,
        _topic: TopicId,
    ) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON"))
    }
}
