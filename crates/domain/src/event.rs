//! What a source hands the store: a calendar event or a mail thread's day
//! (`CalendarEvent`, with its attendees and their answers), and one source's changes as a
//! `SyncBatch`. Plain data, so the pure planners and the store both see it.

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::{EmailAddress, InteractionType, ResponseStatus, Source};

/// One attendee of a calendar event.
#[derive(Clone, Debug, PartialEq)]
pub struct Attendee {
    pub address: EmailAddress,
    pub display_name: Option<String>,
    pub response: ResponseStatus,
}

/// A calendar event as the sync hands it to the store.
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarEvent {
    pub event_id: String,
    pub source: Source,
    pub occurred_on: NaiveDate,
    pub occurred_at: Option<DateTime<Utc>>,
    pub time_zone: Option<String>,
    pub title: String,
    /// The inferred type; ignored when the owner set a type by hand.
    pub kind: InteractionType,
    pub did_not_happen: bool,
    pub attendees: Vec<Attendee>,
}

/// One source's changes, ready to apply.
#[derive(Clone, Debug, Default)]
pub struct SyncBatch {
    pub upserts: Vec<CalendarEvent>,
    /// Keys of known events that were cancelled.
    pub cancels: Vec<String>,
}

impl SyncBatch {
    /// Cuts the batch into parts of at most `size` changes each, in order (upserts, then
    /// cancels); always at least one part, so an empty delivery still moves the position.
    pub fn into_parts(self, size: usize) -> Vec<SyncBatch> {
        let size = size.max(1);
        let mut parts = Vec::new();
        let mut current = SyncBatch::default();
        for event in self.upserts {
            current.upserts.push(event);
            if current.upserts.len() == size {
                parts.push(std::mem::take(&mut current));
            }
        }
        for key in self.cancels {
            current.cancels.push(key);
            if current.upserts.len() + current.cancels.len() == size {
                parts.push(std::mem::take(&mut current));
            }
        }
        if parts.is_empty() || !current.upserts.is_empty() || !current.cancels.is_empty() {
            parts.push(current);
        }
        parts
    }
}
