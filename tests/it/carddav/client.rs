//! The CardDAV client against a real Radicale: discovery from the root, the principal and
//! the book; two books listed for the caller to choose; sync-collection from nothing, from
//! a token after another client's changes, and from a token the server refuses; a
//! multiget of 250 cards; conditional writes losing races with 412; unknown properties
//! kept byte for byte; a wrong password; and no secret in an error or a trace log.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use kith::sources::carddav::client::{Book, Precondition, Written};
use kith::sources::carddav::error::CardDavError;

use super::*;

/// A Radicale with ana's book `contacts` ("Contacts"), or `None` when it is missing.
async fn with_book() -> Option<(Radicale, String)> {
    let server = Radicale::start()?;
    server.make_book("ana", "contacts", "Contacts").await;
    let book = server.book_url("ana", "contacts");
    Some((server, book))
}

fn hrefs(listed: &[kith::sources::carddav::client::Listed]) -> BTreeSet<String> {
    listed.iter().map(|l| l.href.clone()).collect()
}

fn set(paths: &[&str]) -> BTreeSet<String> {
    paths.iter().map(|p| (*p).to_owned()).collect()
}

#[tokio::test]
async fn discovery_finds_the_book_from_the_root_the_principal_and_the_book() {
    let Some((server, book)) = with_book().await else {
        return;
    };
    let expected = vec![Book {
        url: book.clone(),
        name: "Contacts".into(),
    }];
    let ana = client("ana");
    for start in [
        server.url(),
        format!("{}ana/", server.url()),
        book.clone(),
        book.trim_end_matches('/').to_owned(),
    ] {
        assert_eq!(ana.discover(&start).await.unwrap(), expected, "{start}");
    }
}

#[tokio::test]
async fn two_books_are_both_listed_and_none_is_chosen() {
    let Some((server, book)) = with_book().await else {
        return;
    };
    server.make_book("ana", "family", "Family").await;
    let mut books = client("ana").discover(&server.url()).await.unwrap();
    books.sort_by(|a, b| a.url.cmp(&b.url));
    assert_eq!(
        books,
        vec![
            Book {
                url: book,
                name: "Contacts".into()
            },
            Book {
                url: server.book_url("ana", "family"),
                name: "Family".into()
            },
        ]
    );
}

#[tokio::test]
async fn a_user_without_a_book_or_a_wrong_url_is_told_so() {
    let Some(server) = Radicale::start() else {
        return;
    };
    let ana = client("ana");
    let none = ana.discover(&server.url()).await.unwrap_err().to_string();
    assert!(
        none.starts_with("no address book at http://127.0.0.1:"),
        "{none}"
    );
    assert!(none.contains("KITH_CARDDAV_URL"), "{none}");
    server.make_book("bob", "contacts", "Bob's").await;
    let theirs = ana
        .discover(&server.book_url("bob", "contacts"))
        .await
        .unwrap_err()
        .to_string();
    assert!(theirs.contains("(403)"), "{theirs}");
    let wrong = ana
        .changes(&server.book_url("ana", "nothing"), None)
        .await
        .unwrap_err()
        .to_string();
    assert!(wrong.starts_with("no address book at"), "{wrong}");
}

#[tokio::test]
async fn the_first_changes_list_every_card_and_then_exactly_what_another_client_did() {
    let Some((server, book)) = with_book().await else {
        return;
    };
    for uid in ["a", "b", "c"] {
        let path = format!("/ana/contacts/{uid}.vcf");
        server.put_card("ana", &path, &vcard(uid, uid)).await;
    }
    let ana = client("ana");
    let first = ana.changes(&book, None).await.unwrap();
    assert!(first.complete);
    assert!(first.removed.is_empty());
    assert_eq!(
        hrefs(&first.changed),
        set(&[
            "/ana/contacts/a.vcf",
            "/ana/contacts/b.vcf",
            "/ana/contacts/c.vcf"
        ])
    );
    let token = first.token.clone().expect("Radicale has sync-collection");

    // Another client: a new card, a changed one, a removed one.
    server
        .put_card("ana", "/ana/contacts/d.vcf", &vcard("d", "Dora"))
        .await;
    let changed_a = server
        .put_card("ana", "/ana/contacts/a.vcf", &vcard("a", "Ana Lima"))
        .await;
    server.delete_card("ana", "/ana/contacts/b.vcf").await;
    let next = ana.changes(&book, Some(&token)).await.unwrap();
    assert!(!next.complete);
    assert_eq!(
        hrefs(&next.changed),
        set(&["/ana/contacts/a.vcf", "/ana/contacts/d.vcf"])
    );
    let a = next
        .changed
        .iter()
        .find(|l| l.href.ends_with("a.vcf"))
        .unwrap();
    assert_eq!(
        a.etag, changed_a,
        "the ETag as the server sent it, quotes and all"
    );
    assert_eq!(next.removed, vec!["/ana/contacts/b.vcf".to_owned()]);
    assert_ne!(next.token, first.token);

    assert_eq!(
        server.list_cards("ana", "contacts").await,
        [
            "/ana/contacts/a.vcf",
            "/ana/contacts/c.vcf",
            "/ana/contacts/d.vcf"
        ]
    );
    let quiet = ana.changes(&book, next.token.as_deref()).await.unwrap();
    assert_eq!((quiet.changed.len(), quiet.removed.len()), (0, 0));
    assert!(!quiet.complete);
}

#[tokio::test]
async fn a_token_the_server_refuses_gives_the_whole_book() {
    let Some((server, book)) = with_book().await else {
        return;
    };
    for uid in ["a", "b"] {
        let path = format!("/ana/contacts/{uid}.vcf");
        server.put_card("ana", &path, &vcard(uid, uid)).await;
    }
    let changes = client("ana")
        .changes(&book, Some("http://radicale.org/ns/sync/not-a-token"))
        .await
        .unwrap();
    assert!(changes.complete);
    assert_eq!(
        hrefs(&changes.changed),
        set(&["/ana/contacts/a.vcf", "/ana/contacts/b.vcf"])
    );
    assert!(changes.token.is_some());
}

#[tokio::test]
async fn a_multiget_reads_250_cards_in_batches_and_leaves_out_a_missing_one() {
    let Some((_server, book)) = with_book().await else {
        return;
    };
    let ana = client("ana");
    let mut texts = Vec::new();
    for n in 0..250 {
        let text = vcard(&format!("uid-{n}"), &format!("Person {n}"));
        let href = format!("/ana/contacts/{n}.vcf");
        let written = ana
            .put(&book, &href, &text, &Precondition::IfNoneMatch)
            .await
            .unwrap();
        assert!(
            matches!(written, Written::Done { etag: Some(_) }),
            "{written:?}"
        );
        texts.push((href, text));
    }
    let listing = ana.changes(&book, None).await.unwrap();
    assert_eq!(listing.changed.len(), 250);
    let mut asked: Vec<String> = listing.changed.iter().map(|l| l.href.clone()).collect();
    asked.push("/ana/contacts/gone.vcf".into());
    let cards = ana.cards(&book, &asked).await.unwrap();
    assert_eq!(cards.len(), 250);
    for (href, text) in &texts {
        let card = cards.iter().find(|c| &c.href == href).expect(href);
        assert_eq!(&card.text, text, "byte for byte");
        let listed = listing.changed.iter().find(|l| &l.href == href).unwrap();
        assert_eq!(card.etag, listed.etag);
    }
}

#[tokio::test]
async fn conditional_writes_lose_races_with_412_and_deletes_say_gone() {
    let Some((server, book)) = with_book().await else {
        return;
    };
    let ana = client("ana");
    let href = "/ana/contacts/new.vcf";
    let first = ana
        .put(
            &book,
            href,
            &vcard("new", "New"),
            &Precondition::IfNoneMatch,
        )
        .await
        .unwrap();
    let Written::Done { etag: Some(etag) } = first else {
        panic!("{first:?}");
    };
    let again = ana
        .put(
            &book,
            href,
            &vcard("new", "Other"),
            &Precondition::IfNoneMatch,
        )
        .await
        .unwrap();
    assert_eq!(again, Written::PreconditionFailed);

    // Another client changes it: kith's ETag is stale.
    let theirs = server.put_card("ana", href, &vcard("new", "Theirs")).await;
    let stale = Precondition::IfMatch(etag.clone());
    let lost = ana
        .put(&book, href, &vcard("new", "Mine"), &stale)
        .await
        .unwrap();
    assert_eq!(lost, Written::PreconditionFailed);
    assert_eq!(
        ana.delete(&book, href, &etag).await.unwrap(),
        Written::PreconditionFailed
    );
    let card = ana.card(&book, href).await.unwrap().unwrap();
    assert_eq!(
        (card.etag.as_str(), card.text.as_str()),
        (theirs.as_str(), vcard("new", "Theirs").as_str())
    );

    // Over the current version it goes through, by a name inside the book too.
    let current = Precondition::IfMatch(theirs.clone());
    let won = ana
        .put(&book, "new.vcf", &vcard("new", "Mine"), &current)
        .await
        .unwrap();
    let Written::Done { etag: Some(mine) } = won else {
        panic!("{won:?}");
    };
    assert_eq!(
        server.get_card("ana", href).await.unwrap(),
        (mine.clone(), vcard("new", "Mine"))
    );
    assert_eq!(
        ana.delete(&book, href, &mine).await.unwrap(),
        Written::Done { etag: None }
    );
    assert_eq!(ana.delete(&book, href, &mine).await.unwrap(), Written::Gone);
    assert_eq!(ana.card(&book, href).await.unwrap(), None);
    assert_eq!(server.get_card("ana", href).await, None);
}

/// What another app wrote and kith does not model: groups, X- properties, parameters,
/// folded lines, an embedded photo.
const FOREIGN: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 18.1//EN\r\nUID:foreign-1\r\nN:Lima;Ana;;;\r\nFN:Ana Lima\r\nitem1.TEL;type=pref:+351 912 345 678\r\nitem1.X-ABLabel:_$!<Mobile>!$_\r\nX-SOCIALPROFILE;type=twitter;x-user=ana:https://twitter.com/ana\r\nNOTE:a long note that an app folded over \r\n two lines\\, with an escaped comma\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/\r\nX-KITH-UNKNOWN;PARAM=\"quoted; value\":ünïcödé ✓\r\nEND:VCARD\r\n";

/// Radicale itself re-writes a card it is given (properties sorted, parameter names in
/// capitals, folded lines joined): what kith must keep is the card as the server holds it.
#[tokio::test]
async fn a_card_another_app_wrote_comes_back_byte_for_byte() {
    let Some((server, book)) = with_book().await else {
        return;
    };
    let href = "/ana/contacts/foreign.vcf";
    let etag = server.put_card("ana", href, FOREIGN).await;
    let (_, stored) = server.get_card("ana", href).await.unwrap();
    for kept in [
        "item1.X-ABLABEL:_$!<Mobile>!$_",
        "X-KITH-UNKNOWN;PARAM=\"quoted; value\":ünïcödé ✓",
    ] {
        assert!(stored.contains(kept), "{stored}");
    }
    let ana = client("ana");
    let read = ana.card(&book, href).await.unwrap().unwrap();
    assert_eq!(
        (read.etag.as_str(), read.text.as_str()),
        (etag.as_str(), stored.as_str())
    );
    let cards = ana.cards(&book, &[href.to_owned()]).await.unwrap();
    assert_eq!(cards[0].text, stored);
    // Written back as read, it is stored as it was.
    let written = ana
        .put(&book, href, &read.text, &Precondition::IfMatch(etag))
        .await
        .unwrap();
    assert!(matches!(written, Written::Done { .. }));
    assert_eq!(server.get_card("ana", href).await.unwrap().1, stored);
}

#[tokio::test]
async fn a_wrong_password_is_refused_at_once_naming_the_setting_not_the_password() {
    let Some((server, book)) = with_book().await else {
        return;
    };
    let wrong = client_with("ana", "not-the-password-42");
    let started = std::time::Instant::now();
    for error in [
        wrong.discover(&server.url()).await.unwrap_err(),
        wrong.changes(&book, None).await.unwrap_err(),
        wrong
            .put(&book, "x.vcf", &vcard("x", "X"), &Precondition::IfNoneMatch)
            .await
            .unwrap_err(),
    ] {
        assert!(matches!(error, CardDavError::Unauthorized), "{error:?}");
        let text = error.to_string();
        assert!(text.contains("KITH_CARDDAV_PASSWORD"), "{text}");
        assert!(!text.contains("not-the-password-42"), "{text}");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

/// Every line a subscriber at TRACE writes, kept for the test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[tokio::test]
async fn no_password_reaches_a_trace_log_or_an_error() {
    let Some((server, book)) = with_book().await else {
        return;
    };
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    server
        .put_card("ana", "/ana/contacts/a.vcf", &vcard("a", "Ana"))
        .await;
    let ana = client("ana");
    ana.discover(&server.url()).await.unwrap();
    let listed = ana.changes(&book, None).await.unwrap();
    let hrefs: Vec<String> = listed.changed.iter().map(|l| l.href.clone()).collect();
    ana.cards(&book, &hrefs).await.unwrap();
    ana.put(&book, "b.vcf", &vcard("b", "B"), &Precondition::IfNoneMatch)
        .await
        .unwrap();
    let refused = client_with("ana", "wrong-secret-ana")
        .changes(&book, None)
        .await;
    drop(_guard);
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The subscriber saw the requests: which of the pool's and kith's lines reach a
    // thread-local subscriber depends on which test's thread first cached each callsite's
    // interest, so only that some line about the connection did is certain here. The real
    // `kith sync` at KITH_LOG=trace is checked whole in `process.rs`.
    assert!(log.contains("127.0.0.1"), "the requests are traced: {log}");
    let basic = basic_credentials("ana", "secret-ana");
    for secret in ["secret-ana", "wrong-secret-ana", basic.as_str()] {
        assert!(!log.contains(secret), "{secret} in {log}");
    }
    assert!(
        !refused
            .unwrap_err()
            .to_string()
            .contains("wrong-secret-ana")
    );
}

/// `user:password` in base64, as a Basic `Authorization` header carries it.
pub(super) fn basic_credentials(user: &str, password: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = format!("{user}:{password}").into_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    // Without padding: a prefix is enough to find it in a log.
    out
}
