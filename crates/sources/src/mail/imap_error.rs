//! Why an IMAP mailbox could not be read, apart from the IMAP source so the sync error
//! (`crate::error`) can hold it without reaching into the source.

/// Why the Sent folder could not be read. The server's words are kept; the password is
/// never in them.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("{what}: {problem}")]
    Step { what: String, problem: String },
    #[error("{what}: no answer in {seconds} s")]
    Timeout { what: String, seconds: u64 },
    #[error("{0} (check KITH_IMAP_URL's user and KITH_IMAP_PASSWORD)")]
    Login(Box<ImapError>),
    #[error(
        "no folder is marked as Sent (RFC 6154); set KITH_IMAP_SENT_FOLDER to one of: {folders}"
    )]
    NoSentFolder { folders: String },
    #[error("{0:?} is not a host name")]
    NotAHost(String),
    #[error("{0}")]
    Tls(String),
}
