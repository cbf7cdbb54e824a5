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
    .unwrap_err()
    .to_string();
    assert!(error.starts_with("TLS:"), "{error}");
    assert!(!error.contains(PASSWORD));
}

/// Every way a password can be written out that a log must not show: as it is; IMAP-quoted
/// (`\` and `"` escaped, as LOGIN sends it); as Rust's `{:?}` prints either (how the IMAP
/// library traces a command); each inside a JSON string; percent-encoded. Written out here
/// on their own, not taken from the scrubber, so a form it misses fails.
fn written_forms(password: &str) -> Vec<String> {
    let imap = password.replace('\\', "\\\\").replace('"', "\\\"");
    let debug = |text: &str| {
        let quoted = format!("{text:?}");
        quoted[1..quoted.len() - 1].to_owned()
    };
    let json = |text: &str| {
        let quoted = serde_json::to_string(text).unwrap();
        quoted[1..quoted.len() - 1].to_owned()
    };
    let percent: String = password
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let mut forms = vec![percent];
    for base in [password.to_owned(), imap] {
        for printed in [debug(&base), base] {
            forms.push(json(&printed));
            forms.push(printed);
        }
    }
    forms
}

/// Issue 27: at `KITH_LOG=trace` the IMAP library traces LOGIN with the password
/// IMAP-quoted inside a `{:?}`; in the text and the JSON log format alike no form of a
/// password with backslashes, quotes, `%`, spaces and non-ASCII letters is shown.
#[test]
fn a_password_with_quotes_backslashes_and_non_ascii_never_reaches_a_trace_log() {
    let passwords = [
        "back\\slash \"quoted\" 100%",
        "grüße 密码 \\\"x\\\\",
        "%41%20 and + plus\\",
    ];
    for password in passwords {
        let Some(server) = Dovecot::start_with_password(password) else {
            return;
        };
        server.deliver("Sent", "1", &sent("a", "jane@acme.io", 20));
        for format in ["text", "json"] {
            let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kith"));
            for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
                command.env_remove(name);
            }
            let output = command
                .arg("--db")
                .arg(server.dir.path().join(format!("kith-{format}.db")))
                .arg("sync")
                .env("KITH_IMAP_URL", server.url())
                .env("KITH_IMAP_PASSWORD", password)
                .env("KITH_MY_EMAILS", "me@work.io")
                .env("KITH_LOG", "trace")
                .env("KITH_LOG_FORMAT", format)
                .output()
                .unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(output.status.success(), "{format}: {text}");
            assert!(
                text.contains("imap:me@work.io@127.0.0.1 (full) — 1 created"),
                "{format}, logged in with {password:?}: {text}"
            );
            assert!(
                text.contains("LOGIN") && text.contains("<redacted>"),
                "{format}: the trace of LOGIN is captured, the password redacted: {text}"
            );
            for form in written_forms(password) {
                assert!(!text.contains(&form), "{format}: {form:?} shown in {text}");
            }
        }
    }
}
