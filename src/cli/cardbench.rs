//! `kith bench`'s address-book rows: a first sync of 10,000 cards from a fake CardDAV
//! server on 127.0.0.1 (half of them people the network already has, by address; half
//! new), and an incremental sync with nothing new. The fake speaks what the sync asks:
//! PROPFIND on the book, `sync-collection` and `addressbook-multiget` REPORTs, PUT.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::bench::{Entry, Fixture, Runs};
use super::fakehttp::{Request, Response, serve_requests};

/// Cards in the address book.
pub const CARDS: usize = 10_000;
const BOOK: &str = "/ana/contacts/";

/// Card `n`: a name, a mobile, and an address — one of the network's for the first half.
fn card(n: usize, addresses: &[String]) -> String {
    let email = if n < CARDS / 2 && n < addresses.len() / 2 {
        addresses[n].clone()
    } else {
        format!("card{n}@cards.example")
    };
    format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Bench//EN\r\nUID:bench-{n}\r\nN:Person {n};Card;;;\r\nFN:Card Person {n}\r\nEMAIL;TYPE=INTERNET:{email}\r\nTEL;TYPE=CELL:+4915{n:08}\r\nX-PHONE-APP:kept as it is {n}\r\nEND:VCARD\r\n"
    )
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The fake's address book: path → (ETag, text), and its sync token (a counter).
struct Book {
    cards: BTreeMap<String, (String, String)>,
    version: u64,
}

fn multistatus(responses: &str, token: Option<u64>) -> Response {
    let token = token
        .map(|t| format!("<d:sync-token>http://bench/sync/{t}</d:sync-token>"))
        .unwrap_or_default();
    Response {
        status: 207,
        headers: vec![(
            "Content-Type".into(),
            "application/xml; charset=utf-8".into(),
        )],
        body: format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus xmlns:d=\"DAV:\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\">{responses}{token}</d:multistatus>"
        ),
    }
}

fn answer(book: &Mutex<Book>, request: Request) -> Response {
    let mut book = book.lock().expect("the fake's book");
    let body = String::from_utf8_lossy(&request.body).into_owned();
    let path = request.target.split('?').next().unwrap_or("").to_owned();
    match request.method.as_str() {
        "PROPFIND" => multistatus(
            &format!(
                "<d:response><d:href>{BOOK}</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><card:addressbook/></d:resourcetype><d:displayname>Contacts</d:displayname><d:sync-token>http://bench/sync/{}</d:sync-token></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>",
                book.version
            ),
            None,
        ),
        "REPORT" if body.contains("sync-collection") => {
            let since_start = body.contains("<d:sync-token/>")
                || body.contains("<sync-token/>")
                || !body.contains(&format!("/sync/{}<", book.version));
            let listed = if since_start {
                book.cards
                    .iter()
                    .map(|(href, (etag, _))| format!("<d:response><d:href>{href}</d:href><d:propstat><d:prop><d:getetag>{etag}</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"))
                    .collect::<String>()
            } else {
                String::new()
            };
            multistatus(&listed, Some(book.version))
        }
        "REPORT" => {
            let wanted = body
                .split("href>")
                .filter_map(|part| {
                    part.strip_suffix("</d:")
                        .or(part.strip_suffix("</D:"))
                        .or(part.strip_suffix("</"))
                })
                .map(str::to_owned);
            let found: String = wanted
                .filter_map(|href| book.cards.get(&href).map(|(etag, text)| (href, etag, text)))
                .map(|(href, etag, text)| format!("<d:response><d:href>{href}</d:href><d:propstat><d:prop><d:getetag>{etag}</d:getetag><card:address-data>{}</card:address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>", escaped(text)))
                .collect();
            multistatus(&found, None)
        }
        "PUT" => {
            let current = book.cards.get(&path).map(|(etag, _)| etag.as_str());
            let refused = match (request.header("if-match"), request.header("if-none-match")) {
                (Some(wanted), _) => current != Some(wanted),
                (None, Some("*")) => current.is_some(),
                _ => false,
            };
            if refused {
                return Response {
                    status: 412,
                    headers: Vec::new(),
                    body: String::new(),
                };
            }
            book.version += 1;
            let etag = format!("\"v{}\"", book.version);
            book.cards.insert(path, (etag.clone(), body));
            Response {
                status: 201,
                headers: vec![("ETag".into(), etag)],
                body: String::new(),
            }
        }
        "GET" => match book.cards.get(&path) {
            Some((etag, text)) => Response {
                status: 200,
                headers: vec![("ETag".into(), etag.clone())],
                body: text.clone(),
            },
            None => Response {
                status: 404,
                headers: Vec::new(),
                body: String::new(),
            },
        },
        _ => Response {
            status: 405,
            headers: Vec::new(),
            body: String::new(),
        },
    }
}

/// The two rows, measured once each at the owner's scale.
pub fn entries() -> Vec<Entry> {
    let once = |entry: Entry| entry.runs(Runs::Once).owner_only();
    vec![
        once(
            Entry::new(
                format!("first address-book sync of {CARDS} cards (fake CardDAV on 127.0.0.1)"),
                |f, _| {
                    let first = sync(f)?;
                    anyhow::ensure!(
                        first.error.is_none() && first.created > 0,
                        "the address-book sync failed: {}",
                        first.line()
                    );
                    Ok(())
                },
            )
            .setup(prepare),
        ),
        once(Entry::new(
            "incremental address-book sync, nothing new",
            |f, _| {
                let again = sync(f)?;
                anyhow::ensure!(
                    again.error.is_none() && again.created + again.updated == 0,
                    "the incremental address-book sync was not a no-op: {}",
                    again.line()
                );
                Ok(())
            },
        )),
    ]
}

/// Starts the fake with its cards and points a copy of the settings at it.
fn prepare(f: &mut Fixture) -> anyhow::Result<bool> {
    let cards = (0..CARDS)
        .map(|n| {
            (
                format!("{BOOK}bench-{n}.vcf"),
                (format!("\"c{n}\""), card(n, &f.addresses)),
            )
        })
        .collect();
    let book = Arc::new(Mutex::new(Book { cards, version: 1 }));
    let base = serve_requests(move |request| answer(&book, request))?;
    let mut settings = f.settings.clone();
    settings.address_book.url = Some(format!("{base}{BOOK}"));
    settings.address_book.user = Some("ana".into());
    settings.address_book.password = Some(kith::config::secret::Secret::new("bench"));
    f.store().set_clock(kith::store::Clock::System);
    f.cards = Some(settings);
    Ok(true)
}

fn sync(f: &mut Fixture) -> anyhow::Result<kith::calendar::sync::SourceReport> {
    let settings = f
        .cards
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("the address-book rows were not set up"))?;
    let context = kith::sources::run::Context::new(
        kith::sources::SyncConfig::from(settings),
        f.now,
        Default::default(),
    );
    let report = f
        .runtime
        .block_on(kith::sources::carddav::sync::address_book(
            &context,
            &f.store,
            kith::calendar::sync::Mode::Incremental,
        ));
    report.ok_or_else(|| anyhow::anyhow!("no address book configured"))
}
