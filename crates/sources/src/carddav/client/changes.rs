//! What changed in a book: RFC 6578 `sync-collection` from a token (pages a server
//! truncates with 507 followed), the whole book again when the token is refused, and a
//! PROPFIND `getetag` listing for a server without sync-collection. Only hrefs and ETags
//! are kept; a later page's word on a card wins over an earlier one's.

use std::collections::BTreeMap;

use url::Url;

use super::request::{Reply, Request};
use super::{Changes, Client, Listed, same_path};
use crate::carddav::error::CardDavError;
use crate::carddav::xml::{self, Response};

const DOING: &str = "listing the changes";

/// The most pages one `changes` follows (a server paging without end is refused).
const PAGES: usize = 10_000;

/// What one sync-collection run came to.
enum Synced {
    Changes(Changes),
    /// The token is no longer valid (`valid-sync-token`).
    TokenRefused,
    /// The server has no sync-collection.
    Unsupported,
}

/// Each card's last word: `Some(etag)` changed, `None` removed.
type Seen = BTreeMap<String, Option<String>>;

impl Client {
    pub(super) async fn book_changes(
        &self,
        book: &Url,
        token: Option<&str>,
    ) -> Result<Changes, CardDavError> {
        if token.is_none() && !self.offers_sync_collection(book).await? {
            return self.listing(book).await;
        }
        let synced = match self.sync_collection(book, token).await? {
            Synced::TokenRefused if token.is_some() => self.sync_collection(book, None).await?,
            synced => synced,
        };
        match synced {
            Synced::Changes(changes) => Ok(changes),
            Synced::Unsupported => self.listing(book).await,
            Synced::TokenRefused => Err(CardDavError::Refused {
                doing: DOING.into(),
                status: 403,
                message: "the server refused even a sync without a token".into(),
            }),
        }
    }

    /// Whether the book's `supported-report-set` allows sync-collection (a server that
    /// does not list its reports is asked anyway).
    async fn offers_sync_collection(&self, book: &Url) -> Result<bool, CardDavError> {
        Ok(self.book_state(book).await?.reports != Some(false))
    }

    /// The book's own properties (ctag, reports), PROPFIND Depth 0.
    pub(super) async fn book_state(&self, book: &Url) -> Result<xml::Props, CardDavError> {
        let request = Request::new("PROPFIND", book.clone(), "reading the address book")
            .depth("0")
            .xml(xml::propfind_state());
        let reply = self.send(request).await?;
        expect_multistatus(&reply, book, "reading the address book")?;
        let mut props = None;
        xml::read_multistatus(&reply.body, |response| {
            if props.is_none() {
                props = Some(response.props);
            }
        })
        .map_err(CardDavError::Unreadable)?;
        Ok(props.unwrap_or_default())
    }

    async fn sync_collection(
        &self,
        book: &Url,
        token: Option<&str>,
    ) -> Result<Synced, CardDavError> {
        let mut seen = Seen::new();
        let mut from = token.map(str::to_owned);
        for _ in 0..PAGES {
            let request = Request::new("REPORT", book.clone(), DOING)
                .depth("0")
                .xml(xml::sync_collection(from.as_deref()));
            let reply = self.send(request).await?;
            if reply.status != 207 {
                return refusal(&reply, book);
            }
            let mut truncated = false;
            let next = xml::read_multistatus(&reply.body, |response| {
                truncated |= note_change(&mut seen, book, response);
            })
            .map_err(CardDavError::Unreadable)?;
            // A 207 without a token is not a sync-collection answer.
            let Some(next) = next else {
                return Ok(Synced::Unsupported);
            };
            if !truncated {
                return Ok(Synced::Changes(changes(seen, Some(next), token.is_none())));
            }
            from = Some(next);
        }
        Err(CardDavError::Unreadable(format!(
            "the server paged the changes more than {PAGES} times"
        )))
    }

    /// Every card and its ETag, PROPFIND Depth 1: a complete listing without a token.
    async fn listing(&self, book: &Url) -> Result<Changes, CardDavError> {
        let request = Request::new("PROPFIND", book.clone(), DOING)
            .depth("1")
            .xml(xml::propfind_etags());
        let reply = self.send(request).await?;
        expect_multistatus(&reply, book, DOING)?;
        let mut seen = Seen::new();
        xml::read_multistatus(&reply.body, |response| {
            let member = !response.props.collection && !response.href.ends_with('/');
            if let Some(etag) = response.props.etag
                && member
                && !same_path(book, &response.href)
            {
                seen.insert(response.href, Some(etag));
            }
        })
        .map_err(CardDavError::Unreadable)?;
        Ok(changes(seen, None, true))
    }
}

/// Notes one response of a sync-collection; whether it says the answer was truncated
/// (a 507 on the book itself, RFC 6578 §3.6).
fn note_change(seen: &mut Seen, book: &Url, response: Response) -> bool {
    if same_path(book, &response.href) {
        // iCloud lists the book itself among the changes.
        return response.status == Some(507);
    }
    if response.href.ends_with('/') {
        return false;
    }
    match (response.status, response.props.etag) {
        (Some(404), _) => {
            seen.insert(response.href, None);
        }
        (_, Some(etag)) => {
            seen.insert(response.href, Some(etag));
        }
        _ => {}
    }
    false
}

fn changes(seen: Seen, token: Option<String>, complete: bool) -> Changes {
    let mut changes = Changes {
        token,
        complete,
        ..Changes::default()
    };
    for (href, etag) in seen {
        match etag {
            Some(etag) => changes.changed.push(Listed { href, etag }),
            None if complete => {}
            None => changes.removed.push(href),
        }
    }
    changes
}

/// Why a sync-collection REPORT was not answered: a refused token, a server without the
/// report, or a refusal.
fn refusal(reply: &Reply, book: &Url) -> Result<Synced, CardDavError> {
    let body = reply.text();
    match reply.status {
        400 | 403 | 409 if body.contains("valid-sync-token") => Ok(Synced::TokenRefused),
        403 | 405 | 501 => Ok(Synced::Unsupported),
        _ => expect_multistatus(reply, book, DOING).map(|()| Synced::Unsupported),
    }
}

/// A PROPFIND or REPORT on a book must be a 207.
fn expect_multistatus(reply: &Reply, book: &Url, doing: &str) -> Result<(), CardDavError> {
    match reply.status {
        207 => Ok(()),
        404 | 410 => Err(CardDavError::Discovery(format!(
            "no address book at {} (nothing there, {}): check KITH_CARDDAV_URL and KITH_CARDDAV_BOOK",
            super::shown(book),
            reply.status
        ))),
        _ => Err(reply.refused(doing)),
    }
}
