//! Why the address book could not be synced, in the owner's words.

/// Why a CardDAV request failed. Its text never carries a password, a token or a URL's
/// credentials.
#[derive(Debug, thiserror::Error)]
pub enum CardDavError {
    /// 401: the server refused the user and password (or Google's token).
    #[error(
        "the address book refused the login (401): check KITH_CARDDAV_USER and KITH_CARDDAV_PASSWORD (for Google Contacts, run `kith auth google` again)"
    )]
    Unauthorized,
    /// No address book at the URL, or several and none chosen; the text says which.
    #[error("{0}")]
    Discovery(String),
    /// An answer kith could not read (XML, a card too large); the text says what.
    #[error("the address book answered something kith cannot read: {0}")]
    Unreadable(String),
    /// Any other refusal, with the status and the server's words.
    #[error("the address book refused {doing} ({status}): {message}")]
    Refused {
        doing: String,
        status: u16,
        message: String,
    },
    /// Retried and still failing (a network error, 5xx, 429).
    #[error("the address book could not be reached after {tries} tries: {last}")]
    Unreachable { tries: u32, last: String },
}
