//! Cards read and written: `addressbook-multiget` in batches of `MULTIGET`, a GET, and
//! the conditional PUT and DELETE (`If-Match` on the ETag kith last saw, `If-None-Match:
//! *` for a new card). ETags go back exactly as the server sent them.

use std::collections::HashMap;

use reqwest::header::{HeaderName, HeaderValue};
use url::Url;

use super::request::Request;
use super::{Client, Fetched, MULTIGET, Precondition, RemoteCard, Skipped, Written, resolve};
use crate::carddav::error::CardDavError;
use crate::carddav::xml::{self, CARD_LIMIT, Response};

impl Client {
    /// Batches of `MULTIGET`; a batch whose answer is over the limit (large photos) is
    /// asked again in halves, down to one card, which is then left out.
    pub(super) async fn multiget(
        &self,
        book: &Url,
        hrefs: &[String],
    ) -> Result<Fetched, CardDavError> {
        let mut fetched = Fetched::default();
        let mut batches: Vec<&[String]> = hrefs.chunks(MULTIGET).rev().collect();
        while let Some(batch) = batches.pop() {
            let request = Request::new("REPORT", book.clone(), "reading cards")
                .depth("1")
                .xml(xml::multiget(batch));
            let Some(reply) = self.send_bounded(request).await? else {
                if let [href] = batch {
                    tracing::warn!(href, "a card too large to read is left alone on the server");
                    fetched.skipped.push(Skipped {
                        href: href.clone(),
                        reason: "the card is too large to read".into(),
                    });
                } else {
                    let (first, second) = batch.split_at(batch.len() / 2);
                    batches.extend([second, first]);
                }
                continue;
            };
            if reply.status != 207 {
                return Err(reply.refused("reading cards"));
            }
            take_batch(&mut fetched, book, batch, &reply.body)?;
        }
        Ok(fetched)
    }

    pub(super) async fn get_card(
        &self,
        book: &Url,
        href: &str,
    ) -> Result<Option<RemoteCard>, CardDavError> {
        let url = resolve(book, href)?;
        let mut request = Request::new("GET", url.clone(), "reading a card").header(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("text/vcard"),
        );
        request.limit = CARD_LIMIT;
        let reply = self.send(request).await?;
        match reply.status {
            404 | 410 => return Ok(None),
            200..=299 => {}
            _ => return Err(reply.refused("reading a card")),
        }
        let etag = match reply.etag.clone() {
            Some(etag) => etag,
            None => self.etag_of(&url).await?.unwrap_or_default(),
        };
        Ok(Some(RemoteCard {
            href: href.to_owned(),
            etag,
            text: reply.text(),
        }))
    }

    /// A card's ETag by PROPFIND, for a server whose GET gave none.
    async fn etag_of(&self, url: &Url) -> Result<Option<String>, CardDavError> {
        let request = Request::new("PROPFIND", url.clone(), "reading a card")
            .depth("0")
            .xml(xml::propfind_etag());
        let reply = self.send(request).await?;
        if reply.status != 207 {
            return Ok(None);
        }
        let mut etag = None;
        xml::read_multistatus(&reply.body, |response| {
            etag = etag.take().or(response.props.etag);
        })
        .map_err(CardDavError::Unreadable)?;
        Ok(etag)
    }

    pub(super) async fn put_card(
        &self,
        book: &Url,
        href: &str,
        text: &str,
        precondition: &Precondition,
    ) -> Result<Written, CardDavError> {
        let (name, value) = condition(precondition)?;
        let mut request =
            Request::new("PUT", resolve(book, href)?, "writing a card").header(name, value);
        request.body = Some((text.to_owned(), "text/vcard; charset=utf-8"));
        let reply = self.send(request).await?;
        match reply.status {
            200..=299 => Ok(Written::Done { etag: reply.etag }),
            412 => Ok(Written::PreconditionFailed),
            _ => Err(reply.refused("writing a card")),
        }
    }

    pub(super) async fn delete_card(
        &self,
        book: &Url,
        href: &str,
        etag: &str,
    ) -> Result<Written, CardDavError> {
        let (name, value) = condition(&Precondition::IfMatch(etag.to_owned()))?;
        let request = Request::new(
            reqwest::Method::DELETE.as_str(),
            resolve(book, href)?,
            "deleting a card",
        )
        .header(name, value);
        let reply = self.send(request).await?;
        match reply.status {
            200..=299 => Ok(Written::Done { etag: None }),
            404 | 410 => Ok(Written::Gone),
            412 => Ok(Written::PreconditionFailed),
            _ => Err(reply.refused("deleting a card")),
        }
    }
}

/// One multiget answer read into `fetched`. The server may spell a path otherwise
/// (percent-encoding): each card is named by the href kith asked for.
fn take_batch(
    fetched: &mut Fetched,
    book: &Url,
    batch: &[String],
    body: &[u8],
) -> Result<(), CardDavError> {
    let asked: HashMap<String, &String> = batch
        .iter()
        .filter_map(|href| Some((resolve(book, href).ok()?.path().to_owned(), href)))
        .collect();
    xml::read_multistatus(body, |response| {
        let href = resolve(book, &response.href)
            .ok()
            .and_then(|url| asked.get(url.path()).map(|href| (*href).clone()))
            .unwrap_or_else(|| response.href.clone());
        take_card(fetched, href, response);
    })
    .map(|_| ())
    .map_err(CardDavError::Unreadable)
}

/// One multiget response kept: a card, a card left out (too large, no data), or
/// nothing (not there).
fn take_card(fetched: &mut Fetched, href: String, response: Response) {
    let props = response.props;
    if matches!(response.status, Some(404 | 410)) {
        return;
    }
    if props.card_too_large {
        tracing::warn!(href, "a card over 1 MiB is left alone on the server");
        fetched.skipped.push(Skipped {
            href,
            reason: "the card is over 1 MiB".into(),
        });
        return;
    }
    match (props.address_data, props.etag) {
        (Some(text), Some(etag)) => fetched.cards.push(RemoteCard { href, etag, text }),
        (None, None) => {}
        _ => {
            tracing::warn!(href, "the server sent a card without its text or version");
            fetched.skipped.push(Skipped {
                href,
                reason: "the server sent the card without its text or its ETag".into(),
            });
        }
    }
}

/// The header a precondition is.
fn condition(precondition: &Precondition) -> Result<(HeaderName, HeaderValue), CardDavError> {
    match precondition {
        Precondition::IfMatch(etag) => {
            let value = HeaderValue::from_str(etag).map_err(|_| {
                CardDavError::Unreadable(format!("an ETag kith cannot send back: {etag:?}"))
            })?;
            Ok((reqwest::header::IF_MATCH, value))
        }
        Precondition::IfNoneMatch => Ok((
            reqwest::header::IF_NONE_MATCH,
            HeaderValue::from_static("*"),
        )),
    }
}
