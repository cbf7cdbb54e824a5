//! Finding the address books from the URL the owner gave (RFC 6352 §7, RFC 6764 §6): the
//! book itself; else the principal (`current-user-principal`, through
//! `/.well-known/carddav` for a bare server), its `addressbook-home-set`, and the
//! collections there whose `resourcetype` has `addressbook`.

use url::Url;

use super::request::{Reply, Request};
use super::{Book, Client, resolve, shown, with_slash};
use crate::carddav::error::CardDavError;
use crate::carddav::xml::{self, Props};

const DOING: &str = "discovering the address books";

/// What a PROPFIND Depth 0 said about one URL.
struct Probe {
    /// Where it answered from, after redirects.
    url: Url,
    props: Props,
}

impl Client {
    pub(super) async fn find_books(&self, start: &str) -> Result<Vec<Book>, CardDavError> {
        let url = Url::parse(start).map_err(|_| {
            CardDavError::Discovery(format!(
                "{} is not a URL: check KITH_CARDDAV_URL",
                shown_text(start)
            ))
        })?;
        let mut probe = None;
        if url.path() == "/" || url.path().is_empty() {
            probe = self.well_known(&url).await?;
        }
        let probe = match probe {
            Some(probe) => probe,
            None => self.probe(&url).await?,
        };
        if probe.props.address_book {
            let name = probe.props.display_name.unwrap_or_default();
            return Ok(vec![Book {
                url: with_slash(probe.url).to_string(),
                name,
            }]);
        }
        let home = match (&probe.props.home, &probe.props.principal) {
            (Some(home), _) => resolve(&probe.url, home)?,
            (None, Some(principal)) => {
                let principal = self.probe(&resolve(&probe.url, principal)?).await?;
                match &principal.props.home {
                    Some(home) => resolve(&principal.url, home)?,
                    None => principal.url,
                }
            }
            // No principal named: the URL may be the home itself.
            (None, None) => probe.url,
        };
        let books = self.books_in(&home).await?;
        if books.is_empty() {
            return Err(CardDavError::Discovery(format!(
                "no address book at {}: the server lists none for this user (check KITH_CARDDAV_URL and KITH_CARDDAV_USER)",
                shown(&url)
            )));
        }
        Ok(books)
    }

    /// `/.well-known/carddav` on a bare server, redirects followed: the probe there when
    /// it names a principal or a book, else `None` (kith then asks the root itself).
    async fn well_known(&self, server: &Url) -> Result<Option<Probe>, CardDavError> {
        let Ok(url) = server.join("/.well-known/carddav") else {
            return Ok(None);
        };
        match self.probe(&url).await {
            Ok(probe) => {
                let props = &probe.props;
                let useful =
                    props.address_book || props.principal.is_some() || props.home.is_some();
                Ok(useful.then_some(probe))
            }
            Err(CardDavError::Unauthorized) => Err(CardDavError::Unauthorized),
            Err(_) => Ok(None),
        }
    }

    /// PROPFIND Depth 0: what `url` is.
    async fn probe(&self, url: &Url) -> Result<Probe, CardDavError> {
        let request = Request::new("PROPFIND", url.clone(), DOING)
            .depth("0")
            .xml(xml::propfind_start());
        let reply = self.send(request).await?;
        check_dav(&reply, url)?;
        let mut props = None;
        xml::read_multistatus(&reply.body, |response| {
            if props.is_none() {
                props = Some(response.props);
            }
        })
        .map_err(CardDavError::Unreadable)?;
        Ok(Probe {
            url: reply.url,
            props: props.unwrap_or_default(),
        })
    }

    /// PROPFIND Depth 1 on the home: the address books in it.
    async fn books_in(&self, home: &Url) -> Result<Vec<Book>, CardDavError> {
        let request = Request::new("PROPFIND", home.clone(), DOING)
            .depth("1")
            .xml(xml::propfind_books());
        let reply = self.send(request).await?;
        check_dav(&reply, home)?;
        let mut books: Vec<Book> = Vec::new();
        let mut bad_href = None;
        xml::read_multistatus(&reply.body, |response| {
            if !response.props.address_book {
                return;
            }
            match resolve(&reply.url, &response.href) {
                Ok(url) => {
                    let url = with_slash(url).to_string();
                    if !books.iter().any(|book| book.url == url) {
                        let name = response.props.display_name.unwrap_or_default();
                        books.push(Book { url, name });
                    }
                }
                Err(error) => bad_href = Some(error),
            }
        })
        .map_err(CardDavError::Unreadable)?;
        match bad_href {
            Some(error) if books.is_empty() => Err(error),
            _ => Ok(books),
        }
    }
}

/// A PROPFIND's answer must be a 207; anything else says why there is no book there.
fn check_dav(reply: &Reply, url: &Url) -> Result<(), CardDavError> {
    match reply.status {
        207 => Ok(()),
        404 | 410 => Err(CardDavError::Discovery(format!(
            "no address book at {} (nothing there, {}): check KITH_CARDDAV_URL",
            shown(url),
            reply.status
        ))),
        403 => Err(CardDavError::Discovery(format!(
            "no address book at {}: the server does not let this user see it (403); check KITH_CARDDAV_URL and KITH_CARDDAV_USER",
            shown(url)
        ))),
        200 | 405 | 501 => Err(CardDavError::Discovery(format!(
            "no address book at {}: it does not answer as a CardDAV server ({} to PROPFIND); check KITH_CARDDAV_URL",
            shown(url),
            reply.status
        ))),
        _ => Err(reply.refused(DOING)),
    }
}

/// A URL that did not parse, as it may be shown: cut at any `@` so credentials in it
/// never are.
fn shown_text(text: &str) -> String {
    match text.rsplit_once('@') {
        Some((_, after)) => format!("…@{after}"),
        None => text.to_owned(),
    }
}
