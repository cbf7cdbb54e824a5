//! Calendars as sources: the ICS feed (`feed::IcsFeed`) and Google Calendar
//! (`google::GoogleCalendarSource`) turn what they fetch into `RemoteEvent`s; `plan`
//! (pure, table-tested) decides what each event means for the CRM; `crate::run` applies
//! the plan in parts, each its own transaction, the new sync position with the last, so
//! a crash at any point leaves a consistent database. `auth` is `crate::google::auth`,
//! kept here under its old path.

pub mod bounds;
pub mod feed;
pub mod feed_error;
pub mod google;
pub mod google_error;
pub mod ics;
mod plan;
pub mod planning;
pub mod sync;

pub use crate::google::auth;
pub use crate::rules::{Others, SharedRules, glob_matches};
pub use plan::{Change, Plan, Rules, SkipReason, plan};

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use kith_domain::model::ResponseStatus;

/// When an event starts: a whole day, or an instant (with the zone it was scheduled in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventStart {
    Day(NaiveDate),
    At {
        instant: DateTime<Utc>,
        zone: Option<String>,
    },
}

/// The event's own status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventStatus {
    Confirmed,
    Tentative,
    Cancelled,
}

/// Why an event is not a meeting, whatever its attendees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAMeeting {
    OutOfOffice,
    FocusTime,
    WorkingLocation,
    Birthday,
    Task,
    /// More attendees than `KITH_MAX_ATTENDEES`, found by the reader before it copied
    /// or expanded them (the attendee list it gives is then empty).
    Broadcast,
}

/// One attendee as the calendar gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteAttendee {
    /// The address as written (normalised later; may be invalid).
    pub address: String,
    pub display_name: Option<String>,
    pub response: ResponseStatus,
    /// The calendar's owner (Google's `self`).
    pub is_self: bool,
    /// A room or other resource (Google's `resource`, iCalendar's CUTYPE=ROOM/RESOURCE).
    pub is_resource: bool,
}

/// One event (or one instance of a recurring event) from any source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteEvent {
    /// The idempotency key: Google's event id, or an ICS UID plus the instance start.
    pub key: String,
    pub status: EventStatus,
    /// `None` for a deletion that carries only the id.
    pub start: Option<EventStart>,
    pub title: String,
    pub location: Option<String>,
    /// A video link: hangoutLink, conferenceData, or a meeting URL in the location.
    pub has_video_link: bool,
    /// Shared by every instance of a series: expanding one copies a pointer, not the list.
    pub attendees: Arc<[RemoteAttendee]>,
    pub not_a_meeting: Option<NotAMeeting>,
}

/// Whether text names a video meeting (zoom, meet, teams, webex, whereby, jitsi).
pub fn mentions_video(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "zoom.us/",
        "meet.google.com/",
        "teams.microsoft.com/",
        "teams.live.com/",
        "webex.com/",
        "whereby.com/",
        "meet.jit.si/",
        "gotomeeting.com/",
        "chime.aws/",
    ]
    .iter()
    .any(|marker| lower.contains(marker))
}
