//! Why a source could not be synced. Each variant's text is the sentence the owner reads
//! in the sync report (and that the store records as the source's last error).

use crate::calendar::feed_error::FeedError;
use crate::calendar::google_error::GoogleError;
use crate::carddav::error::CardDavError;
use crate::google::auth::AuthError;
use crate::mail::gmail_error::GmailError;
use crate::mail::imap_error::ImapError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] kith_store::Error),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Calendar(#[from] GoogleError),
    #[error(transparent)]
    Gmail(#[from] GmailError),
    #[error(transparent)]
    Feed(#[from] FeedError),
    #[error(transparent)]
    Imap(#[from] ImapError),
    #[error(transparent)]
    CardDav(#[from] CardDavError),
    /// A setting the source needs is missing; the text says which.
    #[error("{0}")]
    NotConfigured(&'static str),
    /// A blocking task (planning, applying, reading a feed) ended without an answer.
    #[error("{doing} failed: {problem}")]
    Task {
        doing: &'static str,
        problem: String,
    },
}

impl SyncError {
    /// A blocking task that panicked or was cancelled.
    pub fn task(doing: &'static str, error: tokio::task::JoinError) -> SyncError {
        SyncError::Task {
            doing,
            problem: error.to_string(),
        }
    }
}

pub type SyncResult<T> = Result<T, SyncError>;
