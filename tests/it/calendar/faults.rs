//! Faults from the calendar side: a fake Google Calendar (and an ICS feed over HTTP)
//! behind a proxy that resets, stalls, rate-limits, fails, truncates and garbles requests
//! at random with a fixed seed. kith retries within its bounds, says what it could not
//! do, and ends with exactly the database a fault-free run gives.

use std::time::Duration;

use kith::calendar::auth::{StoredToken, token_path};
use kith::calendar::google::RetryPolicy;
use kith::calendar::sync::Mode;
use kith::config::secret::Secret;
use kith::sources::sync_all_with;
use kith::store::Clock;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::faulty::{Fault, FaultyProxy, Plan};
use super::google::page;
use super::*;

const EVENTS: &str = "/calendars/primary/events";
const PAGES: usize = 12;
const PER_PAGE: usize = 60;

/// A meeting with two to four of 90 people, spread over the past year.
fn meeting(n: usize, title: &str) -> Value {
    let day = now().date_naive() - chrono::Duration::days((n * 7 % 360) as i64 + 1);
    let attendees: Vec<Value> = (0..2 + n % 3)
        .map(|k| {
            let who = (n * 7 + k * 13) % 90;
            json!({ "email": format!("person{who}@firm{}.io", who % 9), "displayName": format!("Person {who}"), "responseStatus": "accepted" })
        })
        .chain([json!({ "email": "me@example.com", "self": true, "responseStatus": "accepted" })])
        .collect();
    json!({
        "kind": "calendar#event", "id": format!("ev{n}"), "status": "confirmed", "summary": title,
        "start": { "dateTime": format!("{day}T10:00:00Z") },
        "attendees": attendees,
    })
}

/// A Google Calendar with PAGES × PER_PAGE meetings, and one incremental change set
/// (titles changed, meetings cancelled, new ones) behind the sync token "s1".
async fn calendar_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": "at-1", "expires_in": 3600 })),
        )
        .mount(&server)
        .await;
    for p in 0..PAGES {
        let items = (p * PER_PAGE..(p + 1) * PER_PAGE)
            .map(|n| meeting(n, &format!("Meeting {n}")))
            .collect();
        let next = (p + 1 < PAGES).then(|| format!("p{}", p + 1));
        let last = (p + 1 == PAGES).then_some("s1");
        let mock = Mock::given(method("GET")).and(path(EVENTS));
        let mock = if p == 0 {
            mock.and(query_param_is_missing("pageToken"))
                .and(query_param_is_missing("syncToken"))
        } else {
            mock.and(query_param("pageToken", format!("p{p}")))
        };
        mock.respond_with(page(items, next.as_deref(), last))
            .mount(&server)
            .await;
    }
    let mut changes: Vec<Value> = (0..30)
        .map(|n| meeting(n * 5, &format!("Renamed {n}")))
        .collect();
    changes.extend((0..10).map(|n| json!({ "kind": "calendar#event", "id": format!("ev{}", n * 11 + 3), "status": "cancelled" })));
    changes.extend((0..20).map(|n| meeting(5_000 + n, &format!("New {n}"))));
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .and(query_param("syncToken", "s1"))
        .respond_with(page(changes, None, Some("s2")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/feed.ics"))
        .respond_with(ResponseTemplate::new(200).set_body_string(feed()))
        .mount(&server)
        .await;
    server
}

/// An ICS feed of 150 meetings.
fn feed() -> String {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    for n in 0..150 {
        let day = now().date_naive() - chrono::Duration::days(n % 300 + 1);
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:ics-{n}\r\nDTSTART:{}T150000Z\r\nSUMMARY:Coffee {n}\r\n\
             ATTENDEE;CN=Guest {g};PARTSTAT=ACCEPTED:mailto:guest{g}@feed.io\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com\r\nEND:VEVENT\r\n",
            day.format("%Y%m%d"),
            g = n % 40
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    text
}

fn google_setup(api: &str) -> Setup {
    let token_url = format!("{api}/token");
    let setup = Setup::new(&[
        ("KITH_GOOGLE_CLIENT_ID", "client-1"),
        ("KITH_GOOGLE_CLIENT_SECRET", "shh-secret"),
        ("KITH_GOOGLE_API_URL", api),
        ("KITH_GOOGLE_TOKEN_URL", &token_url),
        ("KITH_GOOGLE_CALENDARS", "primary"),
    ]);
    StoredToken {
        refresh_token: Secret::new("1//refresh"),
        obtained_at: "2026-11-01T00:00:00Z".into(),
    }
    .save(&token_path(&setup.settings))
    .unwrap();
    setup.store().set_clock(Clock::Fixed(now()));
    setup
}

fn ics_setup(base: &str) -> Setup {
    let url = format!("{base}/feed.ics");
    let setup = Setup::new(&[("KITH_ICS_URLS", &url)]);
    setup.store().set_clock(Clock::Fixed(now()));
    setup
}

fn policy() -> RetryPolicy {
    RetryPolicy {
        tries: 3,
        base_delay: Duration::from_millis(10),
        timeout: Duration::from_millis(700),
        max_wait: Duration::from_secs(1),
    }
}

/// One incremental sync of every source, with the test's retry policy.
async fn sync_once(setup: &Setup) -> kith::calendar::sync::SyncReport {
    sync_all_with(
        &setup.settings,
        &setup.store,
        Mode::Incremental,
        now(),
        policy(),
    )
    .await
}

/// What the runs of one setup went through.
#[derive(Default)]
struct Outcome {
    failed_runs: usize,
    errors: Vec<String>,
}

/// Syncs until a run completes (at most 12 runs), twice over: the full sync, then the
/// incremental one behind its token.
async fn sync_to_the_end(setup: &Setup) -> Outcome {
    let mut outcome = Outcome::default();
    for _phase in 0..2 {
        let mut runs = 0;
        loop {
            runs += 1;
            let report = sync_once(setup).await;
            if !report.failed() {
                break;
            }
            outcome.failed_runs += 1;
            for source in &report.sources {
                let error = source.error.clone().unwrap_or_default();
                // A failed run says which source failed and why, and applied nothing.
                if source.error.is_some() {
                    assert!(
                        source.created + source.updated == 0 && !error.is_empty(),
                        "{}",
                        report.render()
                    );
                    outcome.errors.push(error);
                }
            }
            assert!(
                runs < 12,
                "still failing after 12 runs: {}",
                report.render()
            );
        }
    }
    outcome
}

fn faults(seed: u64) -> Plan {
    Plan {
        seed,
        rate: 0.4,
        faults: Fault::ALL.to_vec(),
        stall: Duration::from_millis(1_500),
        spare: Vec::new(),
        limit: None,
        streak: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_faults_from_google_and_a_feed_end_in_the_fault_free_database() {
    let server = calendar_server().await;

    let calm = google_setup(&server.uri());
    let outcome = sync_to_the_end(&calm).await;
    assert_eq!(outcome.failed_runs, 0, "{:?}", outcome.errors);
    let expected = calm.store().data_fingerprint().unwrap();
    // Cancelled meetings stay, marked as not having happened.
    assert_eq!(calm.count("interactions"), (PAGES * PER_PAGE + 20) as i64);

    let calm_feed = ics_setup(&server.uri());
    assert_eq!(sync_to_the_end(&calm_feed).await.failed_runs, 0);
    let expected_feed = calm_feed.store().data_fingerprint().unwrap();
    assert_eq!(calm_feed.count("interactions"), 150);

    let mut runs = Vec::new();
    for seed in [7, 11, 19, 23, 42, 2026] {
        let uri = server.uri();
        runs.push(tokio::spawn(async move {
            let proxy = FaultyProxy::start(&uri, faults(seed)).await;
            let google = google_setup(&proxy.url);
            let google_outcome = sync_to_the_end(&google).await;
            let feed = ics_setup(&proxy.url);
            let feed_outcome = sync_to_the_end(&feed).await;
            let fingerprints = (
                google.store().data_fingerprint().unwrap(),
                feed.store().data_fingerprint().unwrap(),
            );
            for setup in [&google, &feed] {
                assert_eq!(
                    setup.store().health_problems().unwrap(),
                    Vec::<String>::new()
                );
            }
            (
                seed,
                proxy.injected(),
                proxy.passed(),
                google_outcome,
                feed_outcome,
                fingerprints,
            )
        }));
    }
    let mut injected_total = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for run in runs {
        let (seed, injected, passed, google, feed, fingerprints) = run.await.unwrap();
        eprintln!(
            "seed {seed}: {passed} requests passed, faults {injected:?}; failed runs: google {}, feed {}; errors: {:?} {:?}",
            google.failed_runs, feed.failed_runs, google.errors, feed.errors
        );
        assert_eq!(
            fingerprints.0, expected,
            "seed {seed}: Google ended differently"
        );
        assert_eq!(
            fingerprints.1, expected_feed,
            "seed {seed}: the feed ended differently"
        );
        injected_total += injected.values().sum::<u64>();
        kinds.extend(injected.keys().copied());
    }
    // The seeds are fixed: the faults are the same on every run, and every kind occurs.
    assert!(
        injected_total >= 40,
        "only {injected_total} faults injected"
    );
    assert_eq!(kinds.len(), Fault::ALL.len(), "kinds injected: {kinds:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_endpoint_that_keeps_failing_is_reported_and_nothing_changes() {
    let server = calendar_server().await;
    let proxy = FaultyProxy::start(
        &server.uri(),
        Plan {
            seed: 1,
            rate: 1.0,
            faults: vec![Fault::BadGateway],
            stall: Duration::ZERO,
            spare: vec!["/calendars/"],
            limit: None,
            streak: None,
        },
    )
    .await;
    let setup = google_setup(&proxy.url);
    let before = setup.store().data_fingerprint().unwrap();
    let report = sync_once(&setup).await;
    assert_eq!(
        report.render(),
        "google:primary — failed, nothing changed: Google's token endpoint is unavailable: HTTP 502 Bad Gateway"
    );
    assert_eq!(
        proxy.injected()[&Fault::BadGateway],
        u64::from(policy().tries)
    );
    assert_eq!(setup.store().data_fingerprint().unwrap(), before);
}

/// A whole `kith sync` at the most verbose log level, through faults, against the fake
/// Google: no OAuth secret (client secret, refresh token, access token) in any line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_traced_sync_through_faults_logs_no_oauth_secret_nor_feed_address() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({ "access_token": "ya29.access-SECRET-value", "expires_in": 3600 }),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .respond_with(page(
            (0..30)
                .map(|n| meeting(n, &format!("Meeting {n}")))
                .collect(),
            None,
            Some("s1"),
        ))
        .mount(&server)
        .await;
    // A published calendar's secret address, fetched through the same faults.
    Mock::given(method("GET"))
        .and(path("/calendar/ical/private-FEED-SECRET-0123/basic.ics"))
        .respond_with(ResponseTemplate::new(200).set_body_string(feed()))
        .mount(&server)
        .await;
    let proxy = FaultyProxy::start(&server.uri(), faults(5)).await;
    let setup = google_setup(&proxy.url);
    StoredToken {
        refresh_token: Secret::new("1//refresh-SECRET-value"),
        obtained_at: "2026-11-01T00:00:00Z".into(),
    }
    .save(&token_path(&setup.settings))
    .unwrap();
    let token_url = format!("{}/token", proxy.url);
    let db = setup.dir.path().join("kith.db");
    let env: Vec<(&str, String)> = vec![
        ("KITH_DB", db.display().to_string()),
        ("KITH_GOOGLE_CLIENT_ID", "client-1".into()),
        ("KITH_GOOGLE_CLIENT_SECRET", "client-SECRET-value".into()),
        ("KITH_GOOGLE_API_URL", proxy.url.clone()),
        ("KITH_GOOGLE_TOKEN_URL", token_url),
        ("KITH_GOOGLE_CALENDARS", "primary".into()),
        ("KITH_MY_EMAILS", "me@example.com".into()),
        (
            "KITH_ICS_URLS",
            format!(
                "{}/calendar/ical/private-FEED-SECRET-0123/basic.ics",
                proxy.url
            ),
        ),
        ("KITH_LOG", "trace".into()),
    ];
    let mut lines = String::new();
    for _ in 0..3 {
        let env = env.clone();
        let output = tokio::task::spawn_blocking(move || {
            let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kith"));
            command.arg("sync").env_clear();
            for (key, value) in env {
                command.env(key, value);
            }
            command.output().unwrap()
        })
        .await
        .unwrap();
        lines.push_str(&String::from_utf8_lossy(&output.stdout));
        lines.push_str(&String::from_utf8_lossy(&output.stderr));
    }
    assert!(lines.lines().count() > 20, "a traced run logs: {lines}");
    eprintln!(
        "{} log lines; {} from the HTTP stack",
        lines.lines().count(),
        lines.matches("hyper").count()
    );
    assert!(
        proxy.injected().values().sum::<u64>() > 0,
        "faults were met"
    );
    assert!(
        lines.contains("ics:127.0.0.1#"),
        "the feed is named by host: {lines}"
    );
    for secret in [
        "client-SECRET-value",
        "1//refresh-SECRET-value",
        "ya29.access-SECRET-value",
        "FEED-SECRET",
    ] {
        assert!(!lines.contains(secret), "{secret} was logged:\n{lines}");
    }
}

/// One run of `Plan` that faults the first `n` matching requests with `fault`.
fn first(n: u64, fault: Fault, spare: Vec<&'static str>) -> Plan {
    Plan {
        seed: 1,
        rate: 1.0,
        faults: vec![fault],
        stall: Duration::from_millis(1_500),
        spare,
        limit: Some(n),
        streak: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_cut_off_or_garbled_on_the_way_is_fetched_again() {
    let server = calendar_server().await;
    for fault in [
        Fault::Truncated,
        Fault::Malformed,
        Fault::Stall,
        Fault::TooMany,
    ] {
        let proxy = FaultyProxy::start(&server.uri(), first(2, fault, vec!["/token"])).await;
        let setup = google_setup(&proxy.url);
        let report = sync_once(&setup).await;
        assert!(!report.failed(), "{fault:?}: {}", report.render());
        assert_eq!(proxy.injected()[&fault], 2, "{fault:?}");
        assert_eq!(setup.count("interactions"), (PAGES * PER_PAGE) as i64);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_page_instead_of_a_feed_is_an_error_not_an_empty_calendar() {
    let server = calendar_server().await;
    Mock::given(method("GET"))
        .and(path("/login.ics"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string("<html><body>Please sign in</body></html>"),
        )
        .mount(&server)
        .await;
    let setup = Setup::new(&[("KITH_ICS_URLS", &format!("{}/login.ics", server.uri()))]);
    let report = sync_once(&setup).await;
    assert!(report.failed());
    assert!(
        report.render().ends_with(
            "failed, nothing changed: the feed is not a calendar (no BEGIN:VCALENDAR in it)"
        ),
        "{}",
        report.render()
    );
}
