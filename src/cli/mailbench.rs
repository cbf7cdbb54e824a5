//! `kith bench`'s mail measures: a first Gmail sync of 50,000 sent messages from a fake
//! Gmail API on 127.0.0.1 and an incremental run with nothing new; the same messages as
//! an mbox archive, imported and imported again; and reading the archive's headers alone
//! (what any mail import must pay at least).

use std::io::{BufReader, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use kith::config::settings::Settings;
use kith::store::Store;

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

/// How `run_scale` records a row: operation, (median, p95), floor, target.
pub type Record<'a> =
    dyn FnMut(&str, (Duration, Duration), Option<Duration>, Option<Duration>) + 'a;

fn once(took: Duration) -> (Duration, Duration) {
    (took, took)
}

/// The mail rows of one scale's table, over the bench database at `db`.
pub fn measure(
    db: &Path,
    dir: &Path,
    settings: &Settings,
    addresses: Vec<String>,
    now: DateTime<Utc>,
    record: &mut Record<'_>,
) -> anyhow::Result<()> {
    // The mbox gets its own copy of the database: the same messages, read another way.
    let copy = dir.join("bench-mbox.db");
    let _ = std::fs::remove_file(&copy);
    Store::open(db)?.backup_to(&copy)?;
    let api = fake_gmail(addresses.clone(), now)?;
    let mut gmail = settings.clone();
    gmail.gmail = true;
    gmail.gmail_api_url = api.clone();
    gmail.google_token_url = format!("{api}/token");
    gmail.google_client_id = Some("bench".into());
    gmail.my_emails = vec![kith::domain::model::EmailAddress::parse(
        "me@bench.example",
    )?];
    kith::calendar::auth::StoredToken {
        refresh_token: kith::config::secret::Secret::new("bench"),
        obtained_at: now.to_rfc3339(),
    }
    .save(&kith::calendar::auth::token_path(&gmail))?;
    let shared: kith::store::SharedStore =
        std::sync::Arc::new(std::sync::Mutex::new(Store::open(db)?));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let run = |mode| {
        runtime.block_on(kith::mail::sync::sync_gmail_within(
            &gmail,
            &shared,
            mode,
            now,
            Default::default(),
            u32::MAX,
        ))
    };
    let started = Instant::now();
    let first = run(kith::calendar::sync::Mode::Incremental);
    let took = started.elapsed();
    anyhow::ensure!(
        first.error.is_none() && first.created > 0,
        "the Gmail sync failed: {}",
        first.line()
    );
    record(
        &format!("first Gmail sync of {MESSAGES} sent messages (fake Gmail on 127.0.0.1)"),
        once(took),
        None,
        None,
    );
    let started = Instant::now();
    let again = run(kith::calendar::sync::Mode::Incremental);
    let took = started.elapsed();
    anyhow::ensure!(
        again.error.is_none() && again.created + again.updated == 0 && !again.full,
        "the incremental Gmail sync was not a no-op: {}",
        again.line()
    );
    record(
        "incremental Gmail sync, nothing new",
        once(took),
        None,
        None,
    );

    let mbox = dir.join("bench.mbox");
    write_mbox(&mbox, &addresses, now)?;
    let started = Instant::now();
    let mut count = 0;
    kith::mail::mbox::read_mbox(
        BufReader::with_capacity(1 << 20, std::fs::File::open(&mbox)?),
        |_, _| count += 1,
    )?;
    let floor = started.elapsed();
    anyhow::ensure!(count == MESSAGES, "read {count} messages");
    record(
        &format!("reading the {MESSAGES}-message mbox's headers alone"),
        once(floor),
        None,
        None,
    );
    let mut store = Store::open(&copy)?;
    let mut mbox_settings = gmail.clone();
    mbox_settings.gmail = false;
    for label in [
        format!("import of the {MESSAGES}-message mbox"),
        "the same mbox again (nothing new)".to_owned(),
    ] {
        let started = Instant::now();
        let report = kith::mail::sync::import_mbox(
            &mbox_settings,
            &mut store,
            "mbox:bench.mbox",
            BufReader::with_capacity(1 << 20, std::fs::File::open(&mbox)?),
            now,
            |_| {},
        )?;
        let took = started.elapsed();
        anyhow::ensure!(report.error.is_none(), "{}", report.line());
        record(&label, once(took), Some(floor), None);
    }
    Ok(())
}
