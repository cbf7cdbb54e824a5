//! "Not now" and "See less often" on someone overdue: a person left out of /stale and
//! the digest until a day, or their cadence doubled from their tier's; and the list of
//! who is snoozed.

use kith_domain::model::PersonId;
use kith_store::Error;

use super::callback::Later;
use super::{Context, Engine, Reply};

impl Engine<'_> {
    pub(super) fn not_now(&mut self, _context: Context, _person: PersonId) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON"))
    }

    pub(super) fn snooze_person(
        &mut self,
        _context: Context,
        _person: PersonId,
        _later: Later,
    ) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON"))
    }

    pub(super) fn see_less_often(
        &mut self,
        _context: Context,
        _person: PersonId,
    ) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON"))
    }

    pub(super) fn snoozed_page(
        &mut self,
        _context: Context,
        _offset: usize,
    ) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON"))
    }
}
