//! Why Gmail could not be read, apart from the Gmail source so the sync error
//! (`crate::error`) can hold it without reaching into the source.

use crate::google::auth::AuthError;

/// Why the mailbox could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GmailError {
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(
        "Google refused a freshly refreshed access token: run `kith auth google` again (with KITH_GMAIL=true)"
    )]
    Refused,
    #[error("Gmail kept refusing ({last}); gave up after {tries} tries")]
    GaveUp { tries: u32, last: String },
    #[error("Gmail answered {status}: {message}")]
    Answered { status: u16, message: String },
    /// A 404 where the account must have something (its profile, its message list).
    #[error("Gmail has no {0} for this account (404)")]
    Missing(&'static str),
}
