//! Follow-ups from the chat: `/remind`, `/reminders`, a card's **Remind ▸**, and the
//! **Done**, **Keep** and **Snooze** buttons of every list that shows one.

use kith_domain::intention::FollowUpId;
use kith_domain::model::PersonId;
use kith_store::Error;

use super::callback::Later;
use super::{Context, Engine, Reply};

impl Engine<'_> {
    pub(super) fn remind_menu(
        &mut self,
        _context: Context,
        _person: PersonId,
    ) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON"))
    }

    pub(super) fn remind_in(
        &mut self,
        _context: Context,
        _person: PersonId,
        _later: Later,
    ) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON"))
    }

    pub(super) fn follow_up_done(
        &mut self,
        _context: Context,
        _id: FollowUpId,
    ) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON"))
    }

    pub(super) fn follow_up_keep(
        &mut self,
        _context: Context,
        _id: FollowUpId,
    ) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON"))
    }

    pub(super) fn snooze_menu(
        &mut self,
        _context: Context,
        _id: FollowUpId,
    ) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON"))
    }

    pub(super) fn snooze_follow_up(
        &mut self,
        _context: Context,
        _id: FollowUpId,
        _later: Later,
    ) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON"))
    }

    pub(super) fn follow_ups_page(
        &mut self,
        _context: Context,
        _offset: usize,
    ) -> Result<Reply, Error> {
        Ok(Reply::text("SKELETON"))
    }
}
