//! The store's `Error`: a refusal of the domain (a reason nothing changed, in the owner's
//! words), or trouble with the database or a file. Everything above the store speaks it.

use kith_domain::error::Refusal;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Refused(#[from] Refusal),
    // The three below carry their cause in their own sentence and do not also expose it
    // as a `source`, so an error chain (`{:#}`) prints it once.
    #[error("database error: {0}")]
    Database(rusqlite::Error),
    #[error("database schema: {0}")]
    Migration(rusqlite_migration::Error),
    #[error("{path}: {problem}")]
    File {
        path: String,
        problem: std::io::Error,
    },
}

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Error {
        Error::Database(error)
    }
}

impl From<rusqlite_migration::Error> for Error {
    fn from(error: rusqlite_migration::Error) -> Error {
        Error::Migration(error)
    }
}

impl Error {
    /// Whether this is kith refusing what was asked (a value it cannot take, a record
    /// that is not there), as opposed to trouble with the database or a file.
    pub fn is_refusal(&self) -> bool {
        matches!(self, Error::Refused(_))
    }

    /// The refusal this is, if it is one.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Error::Refused(refusal) => Some(refusal),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
