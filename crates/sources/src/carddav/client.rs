//! CardDAV as kith speaks it (RFC 6352, RFC 6578, RFC 4918): the public face —
//! discovery, what changed, cards read, conditional writes — over `request` (one request
//! with its login, redirects, retries and limits). `discover`, `changes` and `cards`
//! hold each operation's protocol; `xml` the bodies and the multistatus reader.

mod cards;
mod changes;
mod discover;
mod request;

use kith_config::secret::Secret;
use url::Url;

use super::error::CardDavError;
use crate::http::RetryPolicy;

/// The most cards one `addressbook-multiget` asks for.
pub const MULTIGET: usize = 100;

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

/// What a multiget read: the cards, and those left out with the reason (a card over
/// 1 MiB, one sent without its text). A card the server no longer has is in neither.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fetched {
    pub cards: Vec<RemoteCard>,
    pub skipped: Vec<Skipped>,
}

/// A card left alone on the server, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub href: String,
    pub reason: String,
}

/// A CardDAV client over one server.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    auth: Auth,
    retry: RetryPolicy,
    answer_limit: usize,
}

impl Client {
    pub fn new(auth: Auth, retry: RetryPolicy) -> Result<Client, CardDavError> {
        // Redirects are followed by `request`, which keeps the method (reqwest would
        // turn a redirected PROPFIND into a GET).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("kith/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CardDavError::Unreadable(e.without_url().to_string()))?;
        Ok(Client {
            http,
            auth,
            retry,
            answer_limit: request::ANSWER_LIMIT,
        })
    }

    /// The largest answer this client reads, in bytes (64 MiB unless set lower): a
    /// listing over it is unreadable, a multiget over it is asked again in halves.
    pub fn with_answer_limit(mut self, bytes: usize) -> Client {
        self.answer_limit = bytes.min(request::ANSWER_LIMIT);
        self
    }

    /// The address books at `url`: the book itself when `url` is one, else found from
    /// the server or principal URL (current-user-principal → addressbook-home-set → the
    /// books in it, RFC 6352 §7; `/.well-known/carddav` tried first for a bare server).
    /// Several books are all listed: the caller chooses.
    pub async fn discover(&self, url: &str) -> Result<Vec<Book>, CardDavError> {
        self.find_books(url).await
    }

    /// What changed in `book` since `token` (RFC 6578 `sync-collection`; with no token,
    /// or one the server no longer accepts, every card). A server without
    /// sync-collection is listed by PROPFIND (`getetag`), `token: None`.
    pub async fn changes(&self, book: &str, token: Option<&str>) -> Result<Changes, CardDavError> {
        self.book_changes(&book_url(book)?, token).await
    }

    /// The book's ctag (`getctag`, calendarserver.org), when the server keeps one: it
    /// changes whenever a card does, so a caller listing by PROPFIND (`changes` gave
    /// `token: None`) may keep it and skip the listing while it stays the same.
    pub async fn ctag(&self, book: &str) -> Result<Option<String>, CardDavError> {
        Ok(self.book_state(&book_url(book)?).await?.ctag)
    }

    /// The cards at `hrefs` (`addressbook-multiget`, at most `MULTIGET` per request);
    /// a path the server no longer has is left out, and so is a card over 1 MiB (with a
    /// warning in the log; `multiget` says which).
    pub async fn cards(
        &self,
        book: &str,
        hrefs: &[String],
    ) -> Result<Vec<RemoteCard>, CardDavError> {
        Ok(self.multiget(&book_url(book)?, hrefs).await?.cards)
    }

    /// The cards at `hrefs`, with those left out and why.
    pub async fn fetch(&self, book: &str, hrefs: &[String]) -> Result<Fetched, CardDavError> {
        self.multiget(&book_url(book)?, hrefs).await
    }

    /// One card (`None`: not there).
    pub async fn card(&self, book: &str, href: &str) -> Result<Option<RemoteCard>, CardDavError> {
        self.get_card(&book_url(book)?, href).await
    }

    /// Writes a card at `href` under `precondition`.
    pub async fn put(
        &self,
        book: &str,
        href: &str,
        text: &str,
        precondition: &Precondition,
    ) -> Result<Written, CardDavError> {
        self.put_card(&book_url(book)?, href, text, precondition)
            .await
    }

    /// Deletes the card at `href` if it is still version `etag`.
    pub async fn delete(
        &self,
        book: &str,
        href: &str,
        etag: &str,
    ) -> Result<Written, CardDavError> {
        self.delete_card(&book_url(book)?, href, etag).await
    }
}

/// A book's URL, ending in `/` so that hrefs resolve inside it.
fn book_url(book: &str) -> Result<Url, CardDavError> {
    Url::parse(book)
        .map(with_slash)
        .map_err(|_| CardDavError::Discovery("the address book's URL is not a URL".into()))
}

/// `url` with a `/` at the end of its path.
fn with_slash(mut url: Url) -> Url {
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url
}

/// An href (a server path, a whole URL, or a name inside the book) resolved against `base`.
fn resolve(base: &Url, href: &str) -> Result<Url, CardDavError> {
    base.join(href)
        .map_err(|_| CardDavError::Unreadable(format!("an address that is not a path: {href:?}")))
}

/// Whether `href` names `base` itself (with or without its final `/`).
fn same_path(base: &Url, href: &str) -> bool {
    resolve(base, href)
        .is_ok_and(|url| url.path().trim_end_matches('/') == base.path().trim_end_matches('/'))
}

/// A URL as errors may show it: never a user or a password in it.
fn shown(url: &Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.to_string()
}
