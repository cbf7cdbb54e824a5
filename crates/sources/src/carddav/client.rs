//! CardDAV as kith speaks it (RFC 6352, RFC 6578, RFC 4918). SKELETON: to be written.

use kith_config::secret::Secret;

use super::error::CardDavError;
use crate::http::RetryPolicy;

/// How kith logs in.
#[derive(Clone, Debug)]
pub enum Auth {
    /// HTTP Basic: most servers (Nextcloud, iCloud, Fastmail, Radicale …).
    Basic { user: String, password: Secret },
    /// An OAuth access token (Google Contacts).
    Bearer(Secret),
}

/// One address book found by discovery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Book {
    /// The collection's absolute URL, ending in `/`.
    pub url: String,
    /// Its `displayname` ("" when it has none).
    pub name: String,
}

/// A card's place and version on the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The card's path as the server names it (`/user/contacts/ana.vcf`).
    pub href: String,
    pub etag: String,
}

/// What changed in a book since a sync token (or, with none, everything in it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// The new token to store (`None`: the server has no sync-collection; the listing
    /// below is then complete and ETags tell what changed).
    pub token: Option<String>,
    /// Cards added or changed (all cards, when `complete`).
    pub changed: Vec<Listed>,
    /// Paths of cards removed since the token.
    pub removed: Vec<String>,
    /// Whether `changed` lists every card in the book (no token given, the token was
    /// no longer valid, or the server lists by PROPFIND): a link whose card is missing
    /// from it was removed.
    pub complete: bool,
}

/// A card read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteCard {
    pub href: String,
    pub etag: String,
    pub text: String,
}

/// A conditional write's precondition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Precondition {
    /// `If-Match`: only over this version.
    IfMatch(String),
    /// `If-None-Match: *`: only where there is no card.
    IfNoneMatch,
}

/// What a conditional write did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// Written; the new ETag when the server gave one.
    Done { etag: Option<String> },
    /// `412 Precondition Failed`: someone else wrote (or removed) the card first.
    PreconditionFailed,
    /// The card was not there (a DELETE of a card already gone).
    Gone,
}

/// A CardDAV client over one server.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    auth: Auth,
    retry: RetryPolicy,
}

impl Client {
    pub fn new(auth: Auth, retry: RetryPolicy) -> Result<Client, CardDavError> {
        let http = reqwest::Client::builder()
            .build()
            .map_err(|e| CardDavError::Unreadable(e.to_string()))?;
        Ok(Client { http, auth, retry })
    }

    /// The address books at `url`: the book itself when `url` is one, else found from
    /// the server or principal URL (current-user-principal → addressbook-home-set → the
    /// books in it, RFC 6352 §7; `/.well-known/carddav` tried first for a bare server).
    pub async fn discover(&self, url: &str) -> Result<Vec<Book>, CardDavError> {
        let _ = (&self.http, &self.auth, self.retry, url);
        Err(CardDavError::Discovery("SKELETON".into()))
    }

    /// What changed in `book` since `token` (RFC 6578 `sync-collection`; with no token,
    /// or one the server no longer accepts, every card). A server without
    /// sync-collection is listed by PROPFIND (`getetag`), `token: None`.
    pub async fn changes(&self, book: &str, token: Option<&str>) -> Result<Changes, CardDavError> {
        let _ = (book, token);
        Err(CardDavError::Discovery("SKELETON".into()))
    }

    /// The cards at `hrefs` (`addressbook-multiget`, at most `MULTIGET` per request);
    /// a path the server no longer has is left out.
    pub async fn cards(
        &self,
        book: &str,
        hrefs: &[String],
    ) -> Result<Vec<RemoteCard>, CardDavError> {
        let _ = (book, hrefs);
        Err(CardDavError::Discovery("SKELETON".into()))
    }

    /// One card (`None`: not there).
    pub async fn card(&self, book: &str, href: &str) -> Result<Option<RemoteCard>, CardDavError> {
        let _ = (book, href);
        Err(CardDavError::Discovery("SKELETON".into()))
    }

    /// Writes a card at `href` under `precondition`.
    pub async fn put(
        &self,
        book: &str,
        href: &str,
        text: &str,
        precondition: &Precondition,
    ) -> Result<Written, CardDavError> {
        let _ = (book, href, text, precondition);
        Err(CardDavError::Discovery("SKELETON".into()))
    }

    /// Deletes the card at `href` if it is still version `etag`.
    pub async fn delete(
        &self,
        book: &str,
        href: &str,
        etag: &str,
    ) -> Result<Written, CardDavError> {
        let _ = (book, href, etag);
        Err(CardDavError::Discovery("SKELETON".into()))
    }
}
