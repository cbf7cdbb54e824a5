//! `kith bench`'s mail measures: a first Gmail sync of 50,000 sent messages from a fake
//! Gmail API on 127.0.0.1 and an incremental run with nothing new; the same messages as
//! an mbox archive, imported and imported again; and reading the archive's headers alone
//! (what any mail import must pay at least).

use std::io::{BufReader, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use kith::store::Store;

use super::bench::{Entry, Fixture, Mail, Runs};

/// Sent messages in the mailbox.
pub const MESSAGES: usize = 50_000;
const PAGE: usize = 500;

/// The message `n`: from the owner to one or two of `addresses`, a thread of three
/// messages a day, spread over the last 700 days.
fn headers(n: usize, addresses: &[String], now: DateTime<Utc>) -> Vec<(&'static str, String)> {
    let to = &addresses[n % addresses.len()];
    let cc = &addresses[(n * 7 + 3) % addresses.len()];
    let thread = n / 3;
    let date =
        now - chrono::Duration::minutes((thread as i64 * 20) % (700 * 24 * 60) + (n % 3) as i64);
    let mut list = vec![
        ("From", "Me <me@bench.example>".to_owned()),
        ("To", format!("Someone <{to}>")),
        ("Subject", format!("Re: Thread {thread}")),
        ("Date", date.to_rfc2822()),
        ("Message-ID", format!("<m{n}@bench.example>")),
    ];
    if n.is_multiple_of(4) {
        list.push(("Cc", cc.clone()));
    }
    if !n.is_multiple_of(3) {
        list.push(("References", format!("<m{}@bench.example>", thread * 3)));
        list.push(("In-Reply-To", format!("<m{}@bench.example>", n - 1)));
    }
    list
}

fn metadata(n: usize, addresses: &[String], now: DateTime<Utc>) -> String {
    let headers: Vec<serde_json::Value> = headers(n, addresses, now)
        .into_iter()
        .map(|(name, value)| serde_json::json!({ "name": name, "value": value }))
        .collect();
    serde_json::json!({
        "id": format!("m{n}"), "threadId": format!("t{}", n / 3), "labelIds": ["SENT"],
        "payload": { "headers": headers }
    })
    .to_string()
}

/// A minimal Gmail API: token, profile, SENT pages, metadata gets, an empty history.
fn fake_gmail(addresses: Vec<String>, now: DateTime<Utc>) -> std::io::Result<String> {
    super::fakehttp::serve(move |target| {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        if path.ends_with("/token") {
            r#"{"access_token":"bench","expires_in":3600}"#.to_owned()
        } else if path.ends_with("/users/me/profile") {
            r#"{"emailAddress":"me@bench.example","historyId":"1"}"#.to_owned()
        } else if path.ends_with("/users/me/history") {
            r#"{"historyId":"1"}"#.to_owned()
        } else if let Some((_, id)) = path.rsplit_once("/users/me/messages/") {
            let n: usize = id.trim_start_matches('m').parse().unwrap_or(0);
            metadata(n, &addresses, now)
        } else {
            let page: usize = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("pageToken="))
                .and_then(|p| p.parse().ok())
                .unwrap_or(0);
            let ids: Vec<String> = (page * PAGE..((page + 1) * PAGE).min(MESSAGES))
                .map(|n| format!("{{\"id\":\"m{n}\"}}"))
                .collect();
            let next = if (page + 1) * PAGE < MESSAGES {
                format!(",\"nextPageToken\":\"{}\"", page + 1)
            } else {
                String::new()
            };
            format!("{{\"messages\":[{}]{next}}}", ids.join(","))
        }
    })
}

/// The same messages as an mbox archive, each with a short body kith skips.
fn write_mbox(path: &Path, addresses: &[String], now: DateTime<Utc>) -> std::io::Result<()> {
    let mut file = kith::safe_file::NewFile::beside(path)?;
    let mut out = std::io::BufWriter::new(file.file());
    for n in 0..MESSAGES {
        writeln!(out, "From m{n}@bench.example Thu Mar 05 09:00:00 2026")?;
        for (name, value) in headers(n, addresses, now) {
            writeln!(out, "{name}: {value}")?;
        }
        writeln!(
            out,
            "\nHello,\n>From the notes of our last call: see below.\n"
        )?;
    }
    out.flush()?;
    drop(out);
    file.place(path, kith::safe_file::Existing::Replace)
}

/// The mail rows, measured once each at the owner's scale: 50,000 sent messages from a
/// fake Gmail and from an mbox archive.
pub fn entries() -> Vec<Entry> {
    let once = |entry: Entry| entry.runs(Runs::Once).owner_only();
    vec![
        once(
            Entry::new(
                format!("first Gmail sync of {MESSAGES} sent messages (fake Gmail on 127.0.0.1)"),
                |f, _| {
                    let first = gmail_sync(f)?;
                    anyhow::ensure!(
                        first.error.is_none() && first.created > 0,
                        "the Gmail sync failed: {}",
                        first.line()
                    );
                    Ok(())
                },
            )
            .setup(prepare),
        ),
        once(Entry::new("incremental Gmail sync, nothing new", |f, _| {
            let again = gmail_sync(f)?;
            anyhow::ensure!(
                again.error.is_none() && again.created + again.updated == 0 && !again.full,
                "the incremental Gmail sync was not a no-op: {}",
                again.line()
            );
            Ok(())
        })),
        once(Entry::new(
            format!("reading the {MESSAGES}-message mbox's headers alone"),
            |f, _| read_headers(f),
        )),
        once(
            Entry::new(format!("import of the {MESSAGES}-message mbox"), import)
                .floor(read_headers),
        ),
        once(Entry::new("the same mbox again (nothing new)", import).floor(read_headers)),
    ]
}

/// Copies the bench database, starts the fake Gmail and writes the archive.
fn prepare(f: &mut Fixture) -> anyhow::Result<bool> {
    let copy = f.dir.join("bench-mbox.db");
    let _ = std::fs::remove_file(&copy);
    f.store().backup_to(&copy)?;
    // The syncs keep time as the program's do.
    f.store().set_clock(kith::store::Clock::System);
    let api = fake_gmail(f.addresses.clone(), f.now)?;
    let mut gmail = f.settings.clone();
    gmail.gmail = true;
    gmail.gmail_api_url = api.clone();
    gmail.google_token_url = format!("{api}/token");
    gmail.google_client_id = Some("bench".into());
    gmail.my_emails = vec![kith::domain::model::EmailAddress::parse(
        "me@bench.example",
    )?];
    kith::calendar::auth::StoredToken {
        refresh_token: kith::config::secret::Secret::new("bench"),
        obtained_at: f.now.to_rfc3339(),
    }
    .save(&kith::calendar::auth::token_path(&gmail))?;
    let mbox = f.dir.join("bench.mbox");
    write_mbox(&mbox, &f.addresses, f.now)?;
    f.mail = Some(Mail {
        gmail,
        mbox,
        copy: Store::open(&copy)?,
    });
    Ok(true)
}

fn mail(mail: Option<&mut Mail>) -> anyhow::Result<&mut Mail> {
    mail.ok_or_else(|| anyhow::anyhow!("the mail rows were not set up"))
}

fn gmail_sync(f: &mut Fixture) -> anyhow::Result<kith::calendar::sync::SourceReport> {
    let gmail = &mail(f.mail.as_mut())?.gmail;
    Ok(f.runtime.block_on(kith::mail::sync::sync_gmail_within(
        gmail,
        &f.store,
        kith::calendar::sync::Mode::Incremental,
        f.now,
        Default::default(),
        u32::MAX,
    )))
}

/// Reading the archive's headers alone: what any mail import must pay at least.
fn read_headers(f: &mut Fixture) -> anyhow::Result<()> {
    let mut count = 0;
    kith::mail::mbox::read_mbox(
        BufReader::with_capacity(1 << 20, std::fs::File::open(&mail(f.mail.as_mut())?.mbox)?),
        |_, _| count += 1,
    )?;
    anyhow::ensure!(count == MESSAGES, "read {count} messages");
    Ok(())
}

fn import(f: &mut Fixture, _run: usize) -> anyhow::Result<()> {
    let now = f.now;
    let mail = mail(f.mail.as_mut())?;
    let mut settings = mail.gmail.clone();
    settings.gmail = false;
    let report = kith::mail::sync::import_mbox(
        &settings,
        &mut mail.copy,
        "mbox:bench.mbox",
        BufReader::with_capacity(1 << 20, std::fs::File::open(&mail.mbox)?),
        now,
        |_| {},
    )?;
    anyhow::ensure!(report.error.is_none(), "{}", report.line());
    Ok(())
}
