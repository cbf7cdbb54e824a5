//! IMAP against a real Dovecot on 127.0.0.1: the Sent folder found by its `\Sent` mark,
//! read incrementally without marking anything read, a new UIDVALIDITY read in full, a
//! refused password reported without the password.

use std::sync::{Arc, Mutex};

use kith::calendar::sync::Mode;
use kith::store::Store;

use super::dovecot::{Dovecot, PASSWORD};
use super::*;

fn sent(id: &str, to: &str, day: u32) -> String {
    format!(
        "From: Me <me@work.io>\nTo: {to}\nSubject: Lunch?\nDate: {day:02} Nov 2026 12:00:00 +0000\nMessage-ID: <{id}@work.io>\n\nA body kith never reads.\n"
    )
}

struct Mailbox {
    server: Dovecot,
    settings: kith::config::settings::Settings,
    store: kith::store::SharedStore,
}

fn mailbox(password: &str) -> Option<Mailbox> {
    let server = Dovecot::start()?;
    let settings = settings(
        server.dir.path(),
        &[
            ("KITH_IMAP_URL", &server.url()),
            ("KITH_IMAP_PASSWORD", password),
        ],
    );
    let store = Arc::new(Mutex::new(Store::open(&settings.db).unwrap()));
    Some(Mailbox {
        server,
        settings,
        store,
    })
}

async fn sync(mailbox: &Mailbox, mode: Mode) -> kith::calendar::sync::SourceReport {
    let mut reports = kith::mail::sync::sync_mail(
        &mailbox.settings,
        &mailbox.store,
        mode,
        now(),
        Default::default(),
    )
    .await;
    assert_eq!(reports.len(), 1);
    reports.remove(0)
}

#[tokio::test]
async fn the_sent_folder_is_read_incrementally_and_nothing_is_marked_read() {
    let Some(mailbox) = mailbox(PASSWORD) else {
        return;
    };
    let server = &mailbox.server;
    server.deliver("Sent", "1", &sent("a", "Jane Doe <jane@acme.io>", 20));
    server.deliver(
        "Sent",
        "2",
        &sent("b", "sam@acme.io, support@shop.example", 21),
    );
    server.deliver(
        "Sent",
        "3",
        "From: me@work.io\nTo: dev@lists.example\nSubject: Q\nDate: 22 Nov 2026 09:00:00 +0000\nList-Id: <dev.lists.example>\nMessage-ID: <c@work.io>\n\nx\n",
    );
    server.deliver(
        "INBOX",
        "4",
        "From: jane@acme.io\nTo: me@work.io\nSubject: Hi\nDate: 20 Nov 2026 08:00:00 +0000\nMessage-ID: <in@acme.io>\n\nx\n",
    );
    let first = sync(&mailbox, Mode::Incremental).await;
    assert_eq!(first.error, None, "{}", first.line());
    assert!(first.full, "no position yet: a full pass");
    assert_eq!(
        (first.created, first.new_unknown),
        (2, 2),
        "{}",
        first.line()
    );
    assert_eq!(first.skipped.values().sum::<usize>(), 1, "the list message");
    assert!(
        first.source.starts_with("imap:me@work.io@127.0.0.1"),
        "{}",
        first.source
    );

    // Nothing new: nothing fetched, nothing changed.
    let quiet = sync(&mailbox, Mode::Incremental).await;
    assert_eq!(
        (quiet.full, quiet.created, quiet.updated, quiet.unchanged),
        (false, 0, 0, 0),
        "{}",
        quiet.line()
    );

    // One more sent message: only it is read.
    server.deliver("Sent", "5", &sent("d", "lee@acme.io", 23));
    let next = sync(&mailbox, Mode::Incremental).await;
    assert_eq!(
        (next.full, next.created, next.unchanged),
        (false, 1, 0),
        "{}",
        next.line()
    );

    // Headers only, with EXAMINE and BODY.PEEK: no message gained the Seen flag.
    assert!(
        server.flags("Sent").iter().all(|f| !f.contains('S')),
        "{:?}",
        server.flags("Sent")
    );
    assert!(server.flags("INBOX").iter().all(|f| !f.contains('S')));

    // The server renumbered the folder: one full pass, which finds nothing new.
    server.renumber("Sent");
    let again = sync(&mailbox, Mode::Incremental).await;
    assert!(again.full, "{}", again.line());
    assert_eq!((again.created, again.unchanged), (0, 3), "{}", again.line());
    let store = mailbox.store.lock().unwrap();
    assert_eq!(store.unknown_attendees(0, 10).unwrap().total, 3);
    assert!(store.health_problems().unwrap().is_empty());
}

#[tokio::test]
async fn a_refused_password_is_reported_without_it_and_changes_nothing() {
    let Some(mailbox) = mailbox("not the password") else {
        return;
    };
    mailbox
        .server
        .deliver("Sent", "1", &sent("a", "jane@acme.io", 20));
    let report = sync(&mailbox, Mode::Incremental).await;
    let error = report.error.clone().expect("the login fails");
    assert!(error.contains("logging in"), "{error}");
    assert!(error.contains("KITH_IMAP_PASSWORD"), "{error}");
    assert!(!error.contains("not the password"), "{error}");
    assert!(!report.line().contains("not the password"));
    let store = mailbox.store.lock().unwrap();
    assert_eq!(store.unknown_attendees(0, 10).unwrap().total, 0);
}

#[tokio::test]
async fn a_named_sent_folder_that_does_not_exist_is_a_clear_error() {
    let Some(server) = Dovecot::start() else {
        return;
    };
    let settings = settings(
        server.dir.path(),
        &[
            ("KITH_IMAP_URL", &server.url()),
            ("KITH_IMAP_PASSWORD", PASSWORD),
            ("KITH_IMAP_SENT_FOLDER", "Gesendet"),
        ],
    );
    let store = Arc::new(Mutex::new(Store::open(&settings.db).unwrap()));
    let reports = kith::mail::sync::sync_mail(
        &settings,
        &store,
        Mode::Incremental,
        now(),
        Default::default(),
    )
    .await;
    let error = reports[0].error.clone().unwrap();
    assert!(error.contains("opening \"Gesendet\""), "{error}");
}

#[test]
fn the_password_never_reaches_the_output_even_when_tracing() {
    let Some(server) = Dovecot::start() else {
        return;
    };
    server.deliver("Sent", "1", &sent("a", "jane@acme.io", 20));
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kith"));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
        command.env_remove(name);
    }
    let output = command
        .arg("--db")
        .arg(server.dir.path().join("kith.db"))
        .arg("sync")
        .env("KITH_IMAP_URL", server.url())
        .env("KITH_IMAP_PASSWORD", PASSWORD)
        .env("KITH_MY_EMAILS", "me@work.io")
        .env("KITH_LOG", "trace")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("imap:me@work.io@127.0.0.1 (full) — 1 created"),
        "{text}"
    );
    assert!(!text.contains(PASSWORD), "{text}");
    assert!(!text.contains("battery staple"), "{text}");
}

#[tokio::test]
async fn imaps_to_a_server_without_tls_fails_clearly() {
    let Some(server) = Dovecot::start() else {
        return;
    };
    let account = kith::config::settings::ImapAccount::parse(&format!(
        "imaps://me%40work.io@127.0.0.1:{}",
        server.port
    ))
    .unwrap();
    assert!(account.tls);
    let error = kith::mail::imap::read_sent(
        &account,
        &kith::config::secret::Secret::new(PASSWORD),
        None,
        None,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    )
    .await
    .unwrap_err();
    assert!(error.starts_with("TLS:"), "{error}");
    assert!(!error.contains(PASSWORD));
}
