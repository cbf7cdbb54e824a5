//! Follow-ups with a time of day: what `kith run` sends at that time in the owner's zone,
//! once per due day (`follow_up_sends`), caught up after a restart within the allowed
//! lateness, never for one done or snoozed past now. The store finds what is due at
//! `now`; this words each message (with **Open chat** for someone on Telegram) and marks
//! it sent; the adapter only sends.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::callback::Callback;
use super::reply::{Reply, Subject};
use super::widgets::button;
use super::{Engine, dates::relative};
use kith_domain::intention::FollowUp;
use kith_store::Error;

/// A timed follow-up's message: who, what, when it was due; the card, **Done**, **Snooze**.
pub fn compose_timed(follow_up: &FollowUp, today: NaiveDate) -> Reply {
    let on = follow_up.comes_up_on();
    let at = follow_up
        .due_at
        .map(|t| format!(" {}", t.format("%H:%M")))
        .unwrap_or_default();
    let when = match (today - on).num_days() {
        0 => format!("today{at}"),
        1 => format!("yesterday{at}"),
        _ => format!("{on}{at}, {}", relative(on, today)),
    };
    Reply::text(format!(
        "⏰ {}: {} (due {when})",
        follow_up.name,
        follow_up.what()
    ))
    .about(Subject::Person(follow_up.person))
    .with_row(vec![
        button(
            format!("{} ▸", follow_up.name),
            Callback::Person(follow_up.person),
        ),
        button("Done", Callback::done(follow_up)),
        button("Snooze", Callback::SnoozeMenu(follow_up.id)),
    ])
}

impl Engine<'_> {
    /// The timed follow-ups due at `now` (at most `max_late` late) not yet sent, each
    /// marked sent as it is composed, so a restart never sends one twice.
    pub fn due_follow_ups(
        &mut self,
        now: DateTime<Utc>,
        max_late: Duration,
    ) -> Result<Vec<Reply>, Error> {
        let zone = self.preferences.timezone;
        let local = now.with_timezone(&zone);
        let earliest = (now - max_late).with_timezone(&zone).naive_local();
        let mut replies = Vec::new();
        for due in self
            .store
            .timed_follow_ups_due(earliest, local.naive_local())?
        {
            let mut follow_up = self.store.follow_up(due.id)?;
            follow_up.name = self.told_apart_name(follow_up.person)?;
            let mut reply = compose_timed(&follow_up, local.date_naive());
            // Someone kith knows on Telegram: the message opens the chat to write to them.
            let identity = self.store.telegram_identity(follow_up.person)?;
            if let Some(open) = super::telegram_identity::open_chat_with(&identity) {
                reply = reply.with_row(vec![open]);
            }
            if self.store.mark_follow_up_sent(due.id, due.due_on, now)? {
                replies.push(reply);
            }
        }
        Ok(replies)
    }
}
