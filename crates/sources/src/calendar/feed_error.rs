//! Why an ICS feed could not be read, apart from the feed's fetcher so the sync error
//! (`crate::error`) can hold it without reaching into the fetcher.

/// Why a feed could not be read: whether trying again may help decides what the caller
/// does next.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The network, a 5xx or a 429: worth another try.
    #[error("{0}")]
    Transient(String),
    /// Any other answer (a 404, a 401): trying again gives the same.
    #[error("{0}")]
    Final(String),
    /// Over `KITH_MAX_FEED_BYTES`: never retried.
    #[error(
        "the feed is larger than KITH_MAX_FEED_BYTES ({max_bytes} bytes): {what}; nothing of it was synced"
    )]
    TooLarge { max_bytes: u64, what: String },
    #[error("cannot read {location}: {problem}")]
    File { location: String, problem: String },
    #[error("the feed is not a calendar (no BEGIN:VCALENDAR in it)")]
    NotACalendar,
    #[error("{0}")]
    Client(String),
}
