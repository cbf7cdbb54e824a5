//! Why a Google calendar could not be synced, apart from the calendar's source so the
//! sync error (`crate::error`) can hold it without reaching into the source.

use crate::google::auth::AuthError;

/// Why a calendar could not be synced; each says what happens next.
#[derive(Debug, thiserror::Error)]
pub enum GoogleError {
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error("Google answered {status} for calendar {calendar:?}: {message}")]
    Calendar {
        calendar: String,
        status: u16,
        message: String,
    },
    #[error("calendar {calendar:?} returned a response kith cannot read: {message}")]
    Malformed { calendar: String, message: String },
    #[error("Google kept refusing for calendar {calendar:?} ({last}); gave up after {tries} tries")]
    GaveUp {
        calendar: String,
        tries: u32,
        last: String,
    },
}
