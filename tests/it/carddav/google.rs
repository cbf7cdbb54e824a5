//! Google Contacts over CardDAV against a fake of Google's dialect on 127.0.0.1: every
//! request must carry `Authorization: Bearer` with the OAuth token (401 otherwise); the
//! principal is `/carddav/v1/principals/EMAIL/`, its one book
//! `/carddav/v1/principals/EMAIL/lists/default/`, which answers PROPFIND itself;
//! sync-collection pages its answer (a 507 on the book, then the rest from the token it
//! gave); cards are vCard 3.0, read by multiget.

use std::sync::{Arc, Mutex};

use kith::config::secret::Secret;
use kith::sources::carddav::client::{Auth, Book, Client};
use kith::sources::carddav::error::CardDavError;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::retry;

const EMAIL: &str = "ana.lima@gmail.com";
const TOKEN: &str = "ya29.a0-fake-access-token";
const SYNC: &str = "https://www.googleapis.com/carddav/v1/synctoken/";

fn principal() -> String {
    format!("/carddav/v1/principals/{EMAIL}/")
}

fn lists() -> String {
    format!("{}lists/", principal())
}

fn book() -> String {
    format!("{}default/", lists())
}

/// Google's cards: vCard 3.0, its own ETags.
fn cards() -> Vec<(String, String, String)> {
    ["Ana Lima", "Bob Brown", "Chen Wu"]
        .iter()
        .enumerate()
        .map(|(n, name)| {
            let id = format!("c{n}1f2e3d4");
            let text = format!(
                "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{id}\r\nFN:{name}\r\nN:{};{};;;\r\nEMAIL;TYPE=INTERNET:{}@example.com\r\nEND:VCARD\r\n",
                name.split(' ').nth(1).unwrap(),
                name.split(' ').next().unwrap(),
                name.split(' ').next().unwrap().to_lowercase(),
            );
            (format!("{}{id}", book()), format!("\"{n}a2b3c\""), text)
        })
        .collect()
}

fn multistatus(inner: &str) -> ResponseTemplate {
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><d:multistatus xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:cs="http://calendarserver.org/ns/">{inner}</d:multistatus>"#
    );
    ResponseTemplate::new(207).set_body_raw(body, "application/xml; charset=UTF-8")
}

fn response(href: &str, props: &str) -> String {
    format!(
        "<d:response><d:href>{href}</d:href><d:propstat><d:status>HTTP/1.1 200 OK</d:status><d:prop>{props}</d:prop></d:propstat></d:response>"
    )
}

const BOOK_TYPE: &str = "<d:resourcetype><d:collection/><card:addressbook/></d:resourcetype><d:displayname>Address Book</d:displayname>";

/// The fake: Google's answers, and every request it saw (method, path, whether it
/// carried the token).
#[derive(Clone, Default)]
struct Google {
    seen: Arc<Mutex<Vec<(String, String, bool)>>>,
}

impl Respond for Google {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let authorized = request
            .headers
            .get("authorization")
            .is_some_and(|value| value.as_bytes() == format!("Bearer {TOKEN}").as_bytes());
        let method = request.method.to_string();
        let path = request.url.path().to_owned();
        if method == "POST" && path == "/token" {
            // Google's token endpoint: the refresh token saved by `kith auth google` is
            // exchanged for the access token the CardDAV requests carry.
            return ResponseTemplate::new(200).set_body_raw(
                format!(r#"{{"access_token":"{TOKEN}","expires_in":3599,"token_type":"Bearer"}}"#),
                "application/json",
            );
        }
        self.seen
            .lock()
            .unwrap()
            .push((method.clone(), path.clone(), authorized));
        if !authorized {
            return ResponseTemplate::new(401)
                .insert_header("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"")
                .set_body_raw(
                    r#"{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}"#,
                    "application/json",
                );
        }
        let body = String::from_utf8_lossy(&request.body).into_owned();
        match (method.as_str(), path.as_str()) {
            ("PROPFIND", "/.well-known/carddav") => {
                ResponseTemplate::new(301).insert_header("Location", principal().as_str())
            }
            ("PROPFIND", p) if p == principal() => multistatus(&response(
                &principal(),
                &format!(
                    "<d:current-user-principal><d:href>{}</d:href></d:current-user-principal><card:addressbook-home-set><d:href>{}</d:href></card:addressbook-home-set><d:resourcetype><d:collection/></d:resourcetype>",
                    principal(),
                    lists()
                ),
            )),
            ("PROPFIND", p) if p == lists() => multistatus(&format!(
                "{}{}",
                response(&lists(), "<d:resourcetype><d:collection/></d:resourcetype>"),
                response(&book(), BOOK_TYPE)
            )),
            ("PROPFIND", p) if p == book() => multistatus(&response(
                &book(),
                &format!("{BOOK_TYPE}<cs:getctag>\"ctag-1\"</cs:getctag>"),
            )),
            ("REPORT", p) if p == book() && body.contains("sync-collection") => sync(&body),
            ("REPORT", p) if p == book() && body.contains("addressbook-multiget") => {
                multiget(&body)
            }
            ("PUT", p) if p.starts_with(&book()) && body.starts_with("BEGIN:VCARD") => {
                ResponseTemplate::new(204).insert_header("ETag", "\"written-1\"")
            }
            _ => ResponseTemplate::new(404),
        }
    }
}

/// sync-collection as Google pages it: two cards and a 507, then the third from the
/// token it gave, then nothing new.
fn sync(body: &str) -> ResponseTemplate {
    let token = body
        .split("sync-token>")
        .nth(1)
        .map(|rest| rest.trim_end_matches("</d:").to_owned())
        .filter(|token| !token.is_empty() && !token.starts_with('<'));
    let all = cards();
    let listed = |from: usize, to: usize| -> String {
        all[from..to]
            .iter()
            .map(|(href, etag, _)| response(href, &format!("<d:getetag>{etag}</d:getetag>")))
            .collect()
    };
    let page = |inner: String, next: &str| {
        multistatus(&format!("{inner}<d:sync-token>{SYNC}{next}</d:sync-token>"))
    };
    match token.as_deref().map(|t| t.trim_start_matches(SYNC)) {
        None => {
            let truncated = format!(
                "<d:response><d:href>{}</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response>",
                book()
            );
            page(format!("{}{truncated}", listed(0, 2)), "page-2")
        }
        Some("page-2") => page(listed(2, 3), "t-1"),
        Some("t-1") => page(String::new(), "t-1"),
        Some(_) => ResponseTemplate::new(403).set_body_raw(
            r#"<?xml version="1.0"?><d:error xmlns:d="DAV:"><d:valid-sync-token/></d:error>"#,
            "application/xml",
        ),
    }
}

fn multiget(body: &str) -> ResponseTemplate {
    let asked: Vec<&str> = body
        .split("<d:href>")
        .skip(1)
        .filter_map(|rest| rest.split("</d:href>").next())
        .collect();
    let inner: String = cards()
        .into_iter()
        .filter(|(href, _, _)| asked.contains(&href.as_str()))
        .map(|(href, etag, text)| {
            response(
                &href,
                &format!(
                    "<d:getetag>{etag}</d:getetag><card:address-data>{text}</card:address-data>"
                ),
            )
        })
        .collect();
    multistatus(&inner)
}

async fn fake() -> (MockServer, Google) {
    let server = MockServer::start().await;
    let google = Google::default();
    Mock::given(any())
        .respond_with(google.clone())
        .mount(&server)
        .await;
    (server, google)
}

fn bearer(token: &str) -> Client {
    Client::new(Auth::Bearer(Secret::new(token)), retry()).unwrap()
}

#[tokio::test]
async fn google_contacts_is_discovered_and_read_with_the_oauth_token() {
    let (server, google) = fake().await;
    let client = bearer(TOKEN);
    let book_url = format!("{}{}", server.uri(), book());
    let expected = vec![Book {
        url: book_url.clone(),
        name: "Address Book".into(),
    }];
    for start in [
        book_url.clone(),
        format!("{}{}", server.uri(), principal()),
        format!("{}/", server.uri()),
    ] {
        assert_eq!(client.discover(&start).await.unwrap(), expected, "{start}");
    }

    let changes = client.changes(&book_url, None).await.unwrap();
    assert!(changes.complete);
    assert_eq!(changes.token.as_deref(), Some(&*format!("{SYNC}t-1")));
    let hrefs: Vec<String> = changes.changed.iter().map(|l| l.href.clone()).collect();
    let expected_cards = cards();
    assert_eq!(
        hrefs,
        expected_cards
            .iter()
            .map(|c| c.0.clone())
            .collect::<Vec<_>>()
    );
    let read = client.cards(&book_url, &hrefs).await.unwrap();
    assert_eq!(read.len(), 3);
    for (card, (href, etag, text)) in read.iter().zip(&expected_cards) {
        assert_eq!((&card.href, &card.etag, &card.text), (href, etag, text));
        assert!(card.text.contains("VERSION:3.0"));
    }
    let quiet = client
        .changes(&book_url, changes.token.as_deref())
        .await
        .unwrap();
    assert!(quiet.changed.is_empty() && quiet.removed.is_empty() && !quiet.complete);
    assert_eq!(
        client.ctag(&book_url).await.unwrap().as_deref(),
        Some("\"ctag-1\"")
    );
    assert!(
        google
            .seen
            .lock()
            .unwrap()
            .iter()
            .all(|(_, _, bearer)| *bearer),
        "every request carried the token"
    );
}

#[tokio::test]
async fn an_expired_google_token_is_unauthorized_without_showing_it() {
    let (server, google) = fake().await;
    let book_url = format!("{}{}", server.uri(), book());
    let error = bearer("ya29.expired-token")
        .changes(&book_url, None)
        .await
        .unwrap_err();
    assert!(matches!(error, CardDavError::Unauthorized), "{error:?}");
    assert!(!error.to_string().contains("expired-token"));
    assert_eq!(google.seen.lock().unwrap().len(), 1, "a 401 is not retried");
}

/// The whole sync with `KITH_GOOGLE_CONTACTS`: the access token from the saved refresh
/// token, Google's book found at its principal path for the account's address, its
/// cards taken, and kith's change written back, every request with the bearer token.
#[tokio::test]
async fn google_contacts_syncs_both_ways_with_the_token_of_kith_auth_google() {
    let (server, google) = fake().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let mut settings = kith::config::settings::Settings::for_database(&db);
    settings.google_client_id = Some("client-1".into());
    settings.google_token_url = format!("{}/token", server.uri());
    settings.address_book.google = true;
    settings.address_book.user = Some(EMAIL.into());
    settings.address_book.google_url = format!("{}/carddav/v1", server.uri());
    kith::calendar::auth::StoredToken {
        refresh_token: Secret::new("1//refresh"),
        obtained_at: "2026-11-01T00:00:00Z".into(),
    }
    .save(&kith::calendar::auth::token_path(&settings))
    .unwrap();
    let store: kith::store::SharedStore =
        Arc::new(Mutex::new(kith::store::Store::open(&db).unwrap()));
    let sync = || async {
        let context = kith::sources::run::Context::new(
            kith::sources::SyncConfig::from(&settings),
            chrono::DateTime::parse_from_rfc3339("2026-11-26T09:00:00Z")
                .unwrap()
                .to_utc(),
            retry(),
        );
        kith::sources::carddav::sync::address_book(
            &context,
            &store,
            kith::calendar::sync::Mode::Incremental,
        )
        .await
        .unwrap()
    };
    let first = sync().await;
    assert!(first.error.is_none(), "{}", first.line());
    assert_eq!(first.created, 3, "{}", first.line());
    assert!(
        first.source.ends_with("/lists/default/"),
        "{}",
        first.source
    );
    // kith learns Ana's mobile; the next sync writes her card.
    {
        let mut store = store.lock().unwrap();
        let ana = store
            .people_matching(&kith::store::ImportPerson {
                emails: vec![(
                    kith::domain::model::EmailAddress::parse("ana@example.com").unwrap(),
                    kith::domain::model::EmailKind::Other,
                    false,
                )],
                ..Default::default()
            })
            .unwrap()[0]
            .0;
        store.add_phone(ana, "+4915112345678", "mobile").unwrap();
    }
    let second = sync().await;
    assert!(second.error.is_none(), "{}", second.line());
    assert_eq!(second.updated, 1, "{}", second.line());
    let seen = google.seen.lock().unwrap().clone();
    assert!(
        seen.iter()
            .any(|(method, path, _)| method == "PUT" && path.starts_with(&book())),
        "{seen:?}"
    );
    assert!(
        seen.iter().all(|(_, _, authorized)| *authorized),
        "{seen:?}"
    );
}
