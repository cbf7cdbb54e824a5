//! The real dispatcher (`kith::transport::telegram::run_until`, and the `kith run` binary) against a
//! fake Bot API on 127.0.0.1, seen as a user would see it: what was sent, edited and
//! answered, and what changed in the database.

mod access;
mod briefs;
mod business;
mod concurrency;
mod contacts;
mod digest;
mod fake;
mod faults;
use crate::support::faulty;
mod flows;
mod forwards;
mod process;
mod refusals;
mod shapes;
mod timed;
use crate::support::fixtures as shared_fixtures;
mod validate;

use std::path::PathBuf;

use chrono::NaiveDate;
use fake::{FakeTelegram, Sent};
use kith::config::settings::{Environment, Settings};
use kith::domain::model::{EmailAddress, EmailKind, InteractionType, ResponseStatus, Source, Tier};
use kith::store::{Attendee, CalendarEvent, EmploymentStatus, NewInteraction, NewPerson, Store};
pub use shared_fixtures::fixtures;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A clock that always reads the same instant.
pub struct Fixed(pub chrono::DateTime<chrono::Utc>);

impl kith::domain::schedule::WallClock for Fixed {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.0
    }
}

pub const OWNER: i64 = 4242;
pub const STRANGER: i64 = 666;

pub fn settings(db: &std::path::Path, api: &str, extra: &[(&str, String)]) -> Settings {
    let mut env = Environment::new();
    env.insert("KITH_DB".into(), db.display().to_string());
    env.insert("KITH_TELEGRAM_TOKEN".into(), fake::TOKEN.into());
    env.insert("KITH_OWNER_IDS".into(), OWNER.to_string());
    env.insert("KITH_TELEGRAM_API_URL".into(), api.into());
    for (key, value) in extra {
        env.insert((*key).into(), value.clone());
    }
    Settings::resolve(None, &env).unwrap()
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Alice at Acme with two meetings, an unknown attendee, and 23 overdue people tagged "crowd".
pub fn populate(store: &mut Store) {
    let mut alice = NewPerson::named("Alice Smith");
    alice.closeness = Tier::new(2).ok();
    alice.emails.push((
        EmailAddress::parse("alice@acme.io").unwrap(),
        EmailKind::Work,
    ));
    let alice = store.create_person(&alice).unwrap();
    let acme = store.create_organization("Acme Labs").unwrap();
    store.add_organization_domain(acme, "acme.io").unwrap();
    store
        .set_employment(alice, acme, Some("CTO"), EmploymentStatus::Current)
        .unwrap();
    for (id, on) in [("g1", "2026-09-10"), ("g2", "2026-10-20")] {
        store
            .upsert_calendar_event(&CalendarEvent {
                event_id: id.into(),
                source: Source::Google,
                occurred_on: day(on),
                occurred_at: None,
                time_zone: None,
                title: format!("Sync <{id}> & more"),
                kind: InteractionType::GroupVideo,
                did_not_happen: false,
                attendees: ["alice@acme.io", "jane.d@acme.io"]
                    .iter()
                    .map(|a| Attendee {
                        address: EmailAddress::parse(a).unwrap(),
                        display_name: Some("Jane <b>D.</b>".into()),
                        response: ResponseStatus::Accepted,
                    })
                    .collect(),
            })
            .unwrap();
    }
    for n in 0..23 {
        let mut person = NewPerson::named(&format!("Crowd Member{n:02}"));
        person.closeness = Tier::new(4).ok();
        let id = store.create_person(&person).unwrap();
        store.tag_person(id, "crowd").unwrap();
        store
            .log_interaction(&NewInteraction::manual(
                day("2025-01-10"),
                InteractionType::Phone,
                vec![id],
            ))
            .unwrap();
    }
}

/// A running bot over a real SQLite file, talking to a fake Telegram.
pub struct Running {
    pub fake: FakeTelegram,
    /// The fault-injecting proxy between the bot and the fake, when there is one.
    pub proxy: Option<faulty::FaultyProxy>,
    pub db: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
    _dir: tempfile::TempDir,
}

/// How a test bot is set up.
pub struct Options {
    pub env: Vec<(&'static str, String)>,
    pub clock: std::sync::Arc<dyn kith::domain::schedule::WallClock>,
    /// Mark today's digest as sent, so the schedule stays quiet (most tests).
    pub quiet_digest: bool,
    pub populate: fn(&mut Store),
    /// Put a fault-injecting proxy between the bot and the fake Bot API.
    pub faults: Option<faulty::Plan>,
    /// Run on this database (kept between runs) instead of a fresh one; `populate`
    /// only fills it when it does not exist yet.
    pub database: Option<PathBuf>,
    /// Requests the fake Bot API refuses from the start: (method, chat, refusal).
    pub refusals: Vec<(&'static str, Option<i64>, fake::Refusal)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            env: Vec::new(),
            clock: std::sync::Arc::new(kith::transport::clock::SystemClock),
            quiet_digest: true,
            populate,
            faults: None,
            database: None,
            refusals: Vec::new(),
        }
    }
}

impl Running {
    pub async fn start() -> Running {
        Running::start_with(Options::default()).await
    }

    pub async fn start_with(options: Options) -> Running {
        let fake = FakeTelegram::start().await;
        for (method, chat, refusal) in &options.refusals {
            fake.refuse(method, *chat, None, *refusal);
        }
        let dir = tempfile::tempdir().unwrap();
        let db = options
            .database
            .clone()
            .unwrap_or_else(|| dir.path().join("kith.db"));
        let fresh = !db.exists();
        let mut store = Store::open(&db).unwrap();
        if fresh {
            (options.populate)(&mut store);
        }
        if options.quiet_digest {
            let now = options.clock.now();
            for offset in [-1, 0, 1] {
                let day = now.date_naive() + chrono::Duration::days(offset);
                store.mark_digest_sent(day, now).unwrap();
            }
        }
        let (stop, stopped) = oneshot::channel::<()>();
        let proxy = match options.faults {
            Some(plan) => Some(faulty::FaultyProxy::start(&fake.url(), plan).await),
            None => None,
        };
        let api = proxy.as_ref().map_or_else(|| fake.url(), |p| p.url.clone());
        let settings = settings(&db, &api, &options.env);
        let task = tokio::spawn(kith::transport::telegram::run_until(
            settings,
            store,
            async move {
                let _ = stopped.await;
            },
            options.clock,
        ));
        Running {
            fake,
            proxy,
            db,
            stop: Some(stop),
            task: Some(task),
            _dir: dir,
        }
    }

    /// Another connection to the bot's database, to look at what changed.
    pub fn store(&self) -> Store {
        Store::open(&self.db).unwrap()
    }

    /// Stops the bot the way SIGTERM does, and waits until it has.
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            tokio::time::timeout(std::time::Duration::from_secs(30), task)
                .await
                .expect("the bot stops within 30 s")
                .expect("the bot task did not panic")
                .expect("the bot ran without error");
        }
    }
}

/// Waits (up to 60 s) until `done` holds; fails saying what did not happen.
pub async fn wait_until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..1_200 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

/// The text of sendMessage / editMessageText requests.
pub fn texts(sent: &[Sent]) -> Vec<String> {
    sent.iter()
        .filter(|s| s.method == "sendmessage" || s.method == "editmessagetext")
        .map(|s| s.body["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The callback data of the first button whose label contains `label`.
pub fn button(sent: &Sent, label: &str) -> String {
    let rows = sent.body["reply_markup"]["inline_keyboard"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    rows.iter()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .find(|b| b["text"].as_str().unwrap_or_default().contains(label))
        .and_then(|b| b["callback_data"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no button {label:?} in {:#}", sent.body))
}
