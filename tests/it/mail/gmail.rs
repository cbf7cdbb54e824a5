//! Gmail against a local fake (wiremock on 127.0.0.1): messages.list pages of the SENT
//! label, messages.get with format=metadata, history.list from the stored historyId, a
//! 404 on an expired history, 429s and 5xx; and a `kith sync` killed during a long first
//! sync losing and duplicating nothing.

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kith::calendar::auth::{StoredToken, token_path};
use kith::calendar::google::RetryPolicy;
use kith::calendar::sync::{Mode, SourceReport};
use kith::config::secret::Secret;
use kith::config::settings::Settings;
use kith::store::Store;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::*;

/// A message resource as `messages.get?format=metadata` returns it.
fn resource(id: &str, labels: &[&str], from: &str, to: &str, day: u32) -> Value {
    json!({
        "id": id, "threadId": format!("thread-{id}"), "labelIds": labels,
        "payload": { "headers": [
            { "name": "From", "value": from },
            { "name": "To", "value": to },
            { "name": "Subject", "value": format!("About {id}") },
            { "name": "Date", "value": format!("{day:02} Nov 2026 10:00:00 +0000") },
            { "name": "Message-ID", "value": format!("<{id}@mail.example>") }
        ]}
    })
}

/// Serves `messages.get` from a table of resources by the id in the path, each answer
/// after `delay`.
struct Messages(HashMap<String, Value>, Duration);

impl Respond for Messages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let id = request.url.path().rsplit('/').next().unwrap_or_default();
        assert_eq!(
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == "format")
                .map(|(_, v)| v.into_owned()),
            Some("metadata".to_owned()),
            "only metadata is ever asked for"
        );
        match self.0.get(id) {
            Some(resource) => ResponseTemplate::new(200)
                .set_body_json(resource)
                .set_delay(self.1),
            None => ResponseTemplate::new(404)
                .set_body_json(json!({"error": {"code": 404, "message": "Not Found"}})),
        }
    }
}

fn settings_for(server: &MockServer, dir: &std::path::Path) -> Settings {
    let uri = server.uri();
    let settings = settings(
        dir,
        &[
            ("KITH_GMAIL", "true"),
            ("KITH_GMAIL_API_URL", &uri),
            ("KITH_GOOGLE_CLIENT_ID", "client-1"),
            ("KITH_GOOGLE_TOKEN_URL", &format!("{uri}/token")),
            // No calendar in these tests: only mail.
            ("KITH_GOOGLE_API_URL", &format!("{uri}/calendar")),
        ],
    );
    StoredToken {
        refresh_token: Secret::new("1//refresh"),
        obtained_at: "2026-11-01T00:00:00Z".into(),
    }
    .save(&token_path(&settings))
    .unwrap();
    settings
}

async fn mount_common(server: &MockServer, messages: HashMap<String, Value>, delay: Duration) {
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": "at-1", "expires_in": 3600 })),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/me/profile"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "emailAddress": "me@work.io", "historyId": "1000" })),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/users/me/messages/[^/]+$"))
        .respond_with(Messages(messages, delay))
        .mount(server)
        .await;
    // `kith sync` also syncs the primary calendar of the same account: an empty one.
    Mock::given(method("GET"))
        .and(path("/calendar/calendars/primary/events"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "items": [], "nextSyncToken": "cal-1" })),
        )
        .mount(server)
        .await;
}

fn retry() -> RetryPolicy {
    RetryPolicy {
        tries: 4,
        base_delay: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}

async fn sync(settings: &Settings, store: &kith::store::SharedStore, mode: Mode) -> SourceReport {
    let reports = kith::mail::sync::sync_mail(settings, store, mode, now(), retry()).await;
    let gmail: Vec<SourceReport> = reports
        .into_iter()
        .filter(|r| r.source == "gmail:me")
        .collect();
    assert_eq!(gmail.len(), 1);
    gmail.into_iter().next().unwrap()
}

#[tokio::test]
async fn a_first_sync_lists_sent_mail_and_the_next_reads_the_history() {
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let settings = settings_for(&server, dir.path());
    let me = "Me <me@work.io>";
    let messages: HashMap<String, Value> = [
        resource("m1", &["SENT"], me, "Jane Doe <jane@acme.io>", 20),
        resource("m2", &["SENT"], me, "sam@acme.io, noreply@shop.example", 21),
        resource("m3", &["SENT"], me, "a@x.io, b@x.io, c@x.io, d@x.io, e@x.io, f@x.io, g@x.io, h@x.io, i@x.io, j@x.io, k@x.io, l@x.io, m@x.io, n@x.io, o@x.io, p@x.io", 22),
        resource("m4", &["SENT"], me, "lee@acme.io", 19),
        resource("m5", &["SENT"], me, "Jane Doe <jane@acme.io>", 24),
        resource("m6", &["INBOX"], "pat@acme.io", "me@work.io", 24),
    ]
    .into_iter()
    .map(|r| (r["id"].as_str().unwrap().to_owned(), r))
    .collect();
    mount_common(&server, messages, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/users/me/messages"))
        .and(query_param("labelIds", "SENT"))
        .and(query_param_is_missing("pageToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messages": [{ "id": "m3", "threadId": "thread-m3" }, { "id": "m2" }, { "id": "m1" }],
            "nextPageToken": "p2"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/me/messages"))
        .and(query_param("pageToken", "p2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "messages": [{ "id": "m4" }] })),
        )
        .mount(&server)
        .await;
    // One 429 and one 503 on the way: waited out.
    Mock::given(method("GET"))
        .and(path("/users/me/messages/m2"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/me/messages/m4"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/me/history"))
        .and(query_param("startHistoryId", "1000"))
        .and(query_param("labelId", "SENT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "history": [
                { "id": "1005", "messagesAdded": [{ "message": { "id": "m5", "labelIds": ["SENT"] } }] },
                { "id": "1006", "messagesAdded": [{ "message": { "id": "m6", "labelIds": ["INBOX"] } }] }
            ],
            "historyId": "1010"
        })))
        .mount(&server)
        .await;

    let store = Arc::new(Mutex::new(Store::open(&settings.db).unwrap()));
    let first = sync(&settings, &store, Mode::Incremental).await;
    assert_eq!(first.error, None, "{}", first.line());
    assert!(first.full);
    assert_eq!(
        (first.created, first.new_unknown),
        (3, 3),
        "{}",
        first.line()
    );
    assert_eq!(
        first.skipped.values().sum::<usize>(),
        1,
        "the broadcast: {}",
        first.line()
    );
    assert_eq!(
        store
            .lock()
            .unwrap()
            .sync_position("gmail:me")
            .unwrap()
            .as_deref(),
        Some("1000"),
        "the position is the profile's historyId, taken before listing"
    );

    let next = sync(&settings, &store, Mode::Incremental).await;
    assert_eq!(next.error, None, "{}", next.line());
    assert!(!next.full);
    assert_eq!((next.created, next.unchanged), (1, 0), "{}", next.line());
    assert_eq!(
        store
            .lock()
            .unwrap()
            .sync_position("gmail:me")
            .unwrap()
            .as_deref(),
        Some("1010")
    );
    // Never a body: every get asked for metadata (the responder checks), and the only
    // paths asked for are the four the metadata scope allows.
    for request in server.received_requests().await.unwrap() {
        let path = request.url.path();
        assert!(
            path == "/token"
                || path == "/users/me/profile"
                || path == "/users/me/messages"
                || path == "/users/me/history"
                || path.starts_with("/users/me/messages/"),
            "{path}"
        );
        assert!(
            !request.url.query().unwrap_or_default().contains("q="),
            "{}",
            request.url
        );
    }
}

#[tokio::test]
async fn an_expired_history_means_one_full_sync_and_a_refusal_is_reported() {
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let settings = settings_for(&server, dir.path());
    let messages: HashMap<String, Value> =
        [resource("m1", &["SENT"], "me@work.io", "jane@acme.io", 20)]
            .into_iter()
            .map(|r| (r["id"].as_str().unwrap().to_owned(), r))
            .collect();
    mount_common(&server, messages, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/users/me/messages"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "messages": [{ "id": "m1" }] })),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/me/history"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"error": {"code": 404, "message": "Requested entity was not found."}}),
        ))
        .mount(&server)
        .await;
    let store = Arc::new(Mutex::new(Store::open(&settings.db).unwrap()));
    store
        .lock()
        .unwrap()
        .apply_sync("gmail:me", &Default::default(), Some("42"))
        .unwrap();
    let report = sync(&settings, &store, Mode::Incremental).await;
    assert_eq!(report.error, None, "{}", report.line());
    assert!(report.full, "a 404 on history: one full sync");
    assert_eq!(report.created, 1);

    // A 403 that is not a rate limit is a refusal: reported, nothing changes.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "access_token": "at-1" })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": {"code": 403, "message": "Metadata scope does not support 'q' parameter"}})))
        .mount(&server)
        .await;
    let refused = sync(&settings, &store, Mode::Incremental).await;
    let error = refused.error.unwrap();
    assert!(error.contains("Gmail answered 403"), "{error}");
    assert!(
        !error.contains("at-1") && !error.contains("1//refresh"),
        "{error}"
    );
}

/// Many sent messages, each answered slowly enough that a first sync takes a while.
async fn slow_mailbox(server: &MockServer, count: usize) {
    let messages: HashMap<String, Value> = (0..count)
        .map(|n| {
            let id = format!("m{n}");
            let r = resource(
                &id,
                &["SENT"],
                "me@work.io",
                &format!("person{}@acme.io", n % 700),
                1 + (n % 25) as u32,
            );
            (id, r)
        })
        .collect();
    mount_common(server, messages, Duration::from_millis(3)).await;
    Mock::given(method("GET"))
        .and(path("/users/me/history"))
        .and(query_param("startHistoryId", "1000"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "historyId": "1000" })))
        .mount(server)
        .await;
    for page in 0..count.div_ceil(500) {
        let ids: Vec<Value> = (page * 500..((page + 1) * 500).min(count))
            .map(|n| json!({ "id": format!("m{n}") }))
            .collect();
        let mut body = json!({ "messages": ids });
        if (page + 1) * 500 < count {
            body["nextPageToken"] = json!(format!("p{}", page + 1));
        }
        let mock = Mock::given(method("GET")).and(path("/users/me/messages"));
        let mock = if page == 0 {
            mock.and(query_param_is_missing("pageToken"))
        } else {
            mock.and(query_param("pageToken", format!("p{page}")))
        };
        mock.respond_with(
            ResponseTemplate::new(200)
                .set_body_json(body)
                .set_delay(Duration::from_millis(150)),
        )
        .mount(server)
        .await;
    }
}

fn kith_sync(settings: &Settings, server: &MockServer) -> Command {
    let uri = server.uri();
    let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
        command.env_remove(name);
    }
    command
        .arg("--db")
        .arg(&settings.db)
        .arg("sync")
        .env("KITH_GMAIL", "true")
        .env("KITH_GMAIL_API_URL", &uri)
        .env("KITH_GOOGLE_CLIENT_ID", "client-1")
        .env("KITH_GOOGLE_TOKEN_URL", format!("{uri}/token"))
        .env("KITH_GOOGLE_API_URL", format!("{uri}/calendar"))
        .env("KITH_MY_EMAILS", "me@work.io")
        .env("KITH_TIMEZONE", "Europe/Berlin")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_during_a_long_first_sync_loses_and_duplicates_nothing() {
    // Within one minute's quota per run (5 units a get), so nothing waits for it.
    const COUNT: usize = 1_500;
    let server = MockServer::start().await;
    slow_mailbox(&server, COUNT).await;
    let dir = tempfile::tempdir().unwrap();
    let settings = settings_for(&server, dir.path());

    // Killed once the listing is part-way (waiting for the fake to have served pages).
    let mut child = kith_sync(&settings, &server).spawn().unwrap();
    let served = || async {
        server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .filter(|r| r.url.path().starts_with("/users/me/messages/"))
            .count()
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while served().await < COUNT / 3 && child.try_wait().unwrap().is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the sync never got going"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let killed = child.try_wait().unwrap().is_none();
    child.kill().ok();
    child.wait().unwrap();
    assert!(killed, "the sync was still running when it was killed");
    {
        let store = Store::open(&settings.db).unwrap();
        assert!(store.health_problems().unwrap().is_empty());
        assert_eq!(
            store.sync_position("gmail:me").unwrap(),
            None,
            "no position before the end"
        );
    }

    // The next run completes it; a run after that changes nothing.
    let status = kith_sync(&settings, &server).status().unwrap();
    assert!(status.success());
    let store = Store::open(&settings.db).unwrap();
    let count = |store: &Store| {
        store
            .table_counts()
            .unwrap()
            .into_iter()
            .find(|(t, _)| *t == "interactions")
            .unwrap()
            .1
    };
    // Each message is its own thread: one interaction per message, none twice.
    assert_eq!(count(&store), COUNT as i64);
    assert_eq!(
        store.sync_position("gmail:me").unwrap().as_deref(),
        Some("1000")
    );
    let before = store.export_json().unwrap();
    drop(store);
    let status = kith_sync(&settings, &server).status().unwrap();
    assert!(status.success());
    let store = Store::open(&settings.db).unwrap();
    assert_eq!(
        store.export_json().unwrap()["tables"]["interactions"],
        before["tables"]["interactions"]
    );
    assert!(store.health_problems().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_faults_between_kith_and_gmail_end_in_the_fault_free_database() {
    use super::faulty::{Fault, FaultyProxy, Plan};
    let server = MockServer::start().await;
    let messages: HashMap<String, Value> = (0..40)
        .map(|n| {
            let id = format!("m{n}");
            let r = resource(
                &id,
                &["SENT"],
                "me@work.io",
                &format!("person{}@acme.io", n % 9),
                1 + n % 25,
            );
            (id, r)
        })
        .collect();
    mount_common(&server, messages, Duration::ZERO).await;
    let ids: Vec<Value> = (0..40).map(|n| json!({ "id": format!("m{n}") })).collect();
    Mock::given(method("GET"))
        .and(path("/users/me/messages"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "messages": ids })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/me/history"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "historyId": "1000" })))
        .mount(&server)
        .await;
    let policy = RetryPolicy {
        tries: 3,
        base_delay: Duration::from_millis(10),
        timeout: Duration::from_millis(700),
        max_wait: Duration::from_secs(1),
    };
    // Syncs until a run succeeds, twice: the full sync, then the incremental one.
    let until_done = |settings: Settings| async move {
        let mut opened = Store::open(&settings.db).unwrap();
        // Audit timestamps from a fixed clock, so two databases can be compared.
        opened.set_clock(kith::store::Clock::Fixed(now()));
        let store: kith::store::SharedStore = Arc::new(Mutex::new(opened));
        let mut failed = 0;
        for _ in 0..2 {
            for run in 0.. {
                assert!(run < 12, "still failing after 12 runs");
                let reports = kith::mail::sync::sync_mail(
                    &settings,
                    &store,
                    Mode::Incremental,
                    now(),
                    policy,
                )
                .await;
                match &reports[0].error {
                    None => break,
                    Some(_) => {
                        assert_eq!(
                            reports[0].created + reports[0].updated,
                            0,
                            "a failed run applies nothing"
                        );
                        failed += 1;
                    }
                }
            }
        }
        let store = store.lock().unwrap();
        assert!(store.health_problems().unwrap().is_empty());
        (store.data_fingerprint().unwrap(), failed)
    };
    let calm_dir = tempfile::tempdir().unwrap();
    let (expected, calm_failures) = until_done(settings_for(&server, calm_dir.path())).await;
    assert_eq!(calm_failures, 0);
    let mut injected = 0;
    for seed in [3, 17, 2026] {
        let proxy = FaultyProxy::start(
            &server.uri(),
            Plan {
                seed,
                rate: 0.3,
                faults: Fault::ALL.to_vec(),
                stall: Duration::from_millis(1_500),
                spare: Vec::new(),
                limit: None,
                streak: Some(2),
            },
        )
        .await;
        let dir = tempfile::tempdir().unwrap();
        let mut settings = settings_for(&server, dir.path());
        settings.gmail_api_url = proxy.url.clone();
        settings.google_token_url = format!("{}/token", proxy.url);
        let (fingerprint, _) = until_done(settings).await;
        assert_eq!(
            fingerprint, expected,
            "seed {seed}: the same database as without faults"
        );
        injected += proxy.injected().values().sum::<u64>();
        assert!(
            proxy.passed() > 40,
            "seed {seed}: the requests went through the proxy"
        );
    }
    assert!(injected > 10, "faults were injected: {injected}");
}
