//! Google Calendar against a fake on 127.0.0.1: paging, sync tokens, 410, 401, rate
//! limits and 5xx, broken calendars beside good ones, changed attendees, deletions.

use std::time::Duration;

use kith::calendar::auth::{StoredToken, token_path};
use kith::calendar::google::{GoogleEvent, RetryPolicy};
use kith::calendar::sync::{Mode, SyncReport};
use kith::calendar::{EventStatus, NotAMeeting, SkipReason};
use kith::config::secret::Secret;
use kith::domain::model::EmailAddress;
use kith::sources::sync_all_with;
use serde_json::{Value, json};
use wiremock::matchers::{
    body_string_contains, header, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

const EVENTS: &str = "/calendars/primary/events";

fn event(id: &str, day: &str, attendees: &[&str]) -> Value {
    let mut list: Vec<Value> = attendees
        .iter()
        .map(|a| json!({ "email": a, "responseStatus": "accepted", "displayName": a.split('@').next() }))
        .collect();
    list.push(json!({ "email": "me@example.com", "self": true, "responseStatus": "accepted" }));
    json!({
        "kind": "calendar#event", "id": id, "status": "confirmed", "summary": format!("Meeting {id}"),
        "start": { "dateTime": format!("{day}T10:00:00Z") }, "end": { "dateTime": format!("{day}T11:00:00Z") },
        "hangoutLink": "https://meet.google.com/abc-defg-hij",
        "attendees": list,
    })
}

/// One page of events.list, with its next page or sync token.
pub(super) fn page(
    items: Vec<Value>,
    next_page: Option<&str>,
    next_sync: Option<&str>,
) -> ResponseTemplate {
    let mut body = json!({ "kind": "calendar#events", "items": items });
    if let Some(token) = next_page {
        body["nextPageToken"] = json!(token);
    }
    if let Some(token) = next_sync {
        body["nextSyncToken"] = json!(token);
    }
    ResponseTemplate::new(200).set_body_json(body)
}

async fn google(calendars: &str) -> (MockServer, Setup) {
    let server = MockServer::start().await;
    let uri = server.uri();
    let token_url = format!("{uri}/token");
    let setup = Setup::new(&[
        ("KITH_GOOGLE_CLIENT_ID", "client-1"),
        ("KITH_GOOGLE_CLIENT_SECRET", "shh-secret"),
        ("KITH_GOOGLE_API_URL", &uri),
        ("KITH_GOOGLE_TOKEN_URL", &token_url),
        ("KITH_GOOGLE_CALENDARS", calendars),
    ]);
    StoredToken {
        refresh_token: Secret::new("1//refresh"),
        obtained_at: "2026-11-01T00:00:00Z".into(),
    }
    .save(&token_path(&setup.settings))
    .unwrap();
    (server, setup)
}

async fn mount_token(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": "at-1", "expires_in": 3600 })),
        )
        .mount(server)
        .await;
}

async fn sync(setup: &Setup, mode: Mode) -> SyncReport {
    let retry = RetryPolicy {
        tries: 4,
        base_delay: Duration::from_millis(5),
        ..RetryPolicy::default()
    };
    sync_all_with(&setup.settings, &setup.store, mode, now(), retry).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_tokens_increments_and_an_expired_token() {
    let (server, setup) = google("primary").await;
    mount_token(&server).await;
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .and(query_param_is_missing("syncToken"))
        .and(query_param_is_missing("pageToken"))
        .and(query_param("singleEvents", "true"))
        .respond_with(page(
            vec![
                event("e1", "2026-11-02", &["a@x.io"]),
                event("e2", "2026-11-03", &["b@x.io", "c@x.io"]),
            ],
            Some("p2"),
            None,
        ))
        .mount(&server)
        .await;
    let out_of_office = json!({ "kind": "calendar#event", "id": "ooo", "eventType": "outOfOffice",
        "start": { "date": "2026-11-05" }, "attendees": [{ "email": "a@x.io" }] });
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .and(query_param("pageToken", "p2"))
        .respond_with(page(
            vec![event("e3", "2026-11-04", &["a@x.io"]), out_of_office],
            None,
            Some("s1"),
        ))
        .mount(&server)
        .await;

    let first = sync(&setup, Mode::Incremental).await;
    assert!(!first.failed(), "{}", first.render());
    let source = &first.sources[0];
    assert!(source.full);
    assert_eq!(
        (source.created, source.updated, source.new_unknown),
        (3, 0, 3),
        "{}",
        first.render()
    );
    assert_eq!(
        source.skipped.get(SkipReason::NotAMeeting.describe()),
        Some(&1)
    );
    assert_eq!(
        setup
            .store()
            .sync_position("google:primary")
            .unwrap()
            .as_deref(),
        Some("s1")
    );
    let interactions = setup.count("interactions");

    // An incremental run: only the changes come back, and only they are applied.
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .and(query_param("syncToken", "s1"))
        .and(query_param_is_missing("timeMin"))
        .respond_with(page(
            vec![
                event("e1", "2026-11-02", &["a@x.io", "d@x.io"]),
                json!({ "id": "e2", "status": "cancelled" }),
            ],
            None,
            Some("s2"),
        ))
        .mount(&server)
        .await;
    let second = sync(&setup, Mode::Incremental).await;
    let source = &second.sources[0];
    assert!(!source.full);
    assert_eq!(
        (
            source.created,
            source.updated,
            source.unchanged,
            source.new_unknown
        ),
        (0, 2, 0, 1),
        "{}",
        second.render()
    );
    assert_eq!(setup.count("interactions"), interactions);
    {
        let store = setup.store();
        let e1 = store
            .interaction(store.interaction_by_event_id("e1").unwrap().unwrap())
            .unwrap();
        let who: Vec<&str> = e1.attendees.iter().map(|(a, _, _)| a.as_str()).collect();
        assert_eq!(
            who,
            vec!["a@x.io", "d@x.io"],
            "the attendee change is applied"
        );
        let e2 = store
            .interaction(store.interaction_by_event_id("e2").unwrap().unwrap())
            .unwrap();
        assert!(
            e2.did_not_happen,
            "a deletion that carries only its id cancels the meeting"
        );
        assert_eq!(
            store.sync_position("google:primary").unwrap().as_deref(),
            Some("s2")
        );
    }

    // The token expired (410): one full sync, and no duplicates.
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .and(query_param("syncToken", "s2"))
        .respond_with(ResponseTemplate::new(410).set_body_json(
            json!({ "error": { "code": 410, "message": "Sync token is no longer valid" } }),
        ))
        .mount(&server)
        .await;
    server.reset().await;
    mount_token(&server).await;
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .and(query_param("syncToken", "s2"))
        .respond_with(ResponseTemplate::new(410))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .and(query_param_is_missing("syncToken"))
        .respond_with(page(
            vec![
                event("e1", "2026-11-02", &["a@x.io", "d@x.io"]),
                event("e3", "2026-11-04", &["a@x.io"]),
            ],
            None,
            Some("s3"),
        ))
        .mount(&server)
        .await;
    let third = sync(&setup, Mode::Incremental).await;
    assert!(!third.failed(), "{}", third.render());
    assert!(third.sources[0].full, "{}", third.render());
    assert_eq!(
        setup.count("interactions"),
        interactions,
        "no duplicates after the full re-sync"
    );
    assert_eq!(
        setup
            .store()
            .sync_position("google:primary")
            .unwrap()
            .as_deref(),
        Some("s3")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_access_token_is_refreshed_once() {
    let (server, setup) = google("primary").await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "access_token": "at-1" })))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "access_token": "at-2" })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .and(header("authorization", "Bearer at-1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .and(header("authorization", "Bearer at-2"))
        .respond_with(page(
            vec![event("e1", "2026-11-02", &["a@x.io"])],
            None,
            Some("s1"),
        ))
        .mount(&server)
        .await;
    let report = sync(&setup, Mode::Incremental).await;
    assert!(!report.failed(), "{}", report.render());
    assert_eq!(report.sources[0].created, 1);
    let refreshes = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/token")
        .count();
    assert_eq!(refreshes, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_and_server_errors_are_retried() {
    let (server, setup) = google("primary").await;
    mount_token(&server).await;
    let limited = json!({ "error": { "code": 403, "errors": [{ "reason": "rateLimitExceeded" }], "message": "Rate Limit Exceeded" } });
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .respond_with(ResponseTemplate::new(403).set_body_json(limited))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .respond_with(page(
            vec![event("e1", "2026-11-02", &["a@x.io"])],
            None,
            Some("s1"),
        ))
        .with_priority(3)
        .mount(&server)
        .await;
    let report = sync(&setup, Mode::Incremental).await;
    assert!(!report.failed(), "{}", report.render());
    assert_eq!(report.sources[0].created, 1);
    let calls = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == EVENTS)
        .count();
    assert_eq!(calls, 3, "403 rateLimitExceeded, then 503, then success");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_calendar_is_reported_while_the_others_sync() {
    let (server, setup) = google("broken,refused,good").await;
    mount_token(&server).await;
    Mock::given(method("GET"))
        .and(path("/calendars/broken/events"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"items\": [ {\"id\": "))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/calendars/refused/events"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({ "error": { "code": 400, "message": "Invalid value for: timeMin" } }),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/calendars/good/events"))
        .respond_with(page(
            vec![event("g1", "2026-11-02", &["a@x.io"])],
            None,
            Some("good-1"),
        ))
        .mount(&server)
        .await;
    let report = sync(&setup, Mode::Incremental).await;
    assert!(report.failed());
    let lines: Vec<String> = report.sources.iter().map(|s| s.line()).collect();
    assert!(lines[0].starts_with("google:broken — failed, nothing changed: calendar \"broken\" returned a response kith cannot read"), "{lines:?}");
    assert!(
        lines[1].starts_with("google:refused — failed, nothing changed: Google answered 400"),
        "{lines:?}"
    );
    assert!(lines[1].contains("Invalid value for: timeMin"));
    assert_eq!(report.sources[2].created, 1, "{lines:?}");
    let store = setup.store();
    assert_eq!(
        store.sync_position("google:broken").unwrap(),
        None,
        "the position stays where it was"
    );
    assert_eq!(
        store.sync_position("google:good").unwrap().as_deref(),
        Some("good-1")
    );
    assert_eq!(
        store
            .table_counts()
            .unwrap()
            .into_iter()
            .find(|(t, _)| *t == "interactions")
            .unwrap()
            .1,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_authorization_says_to_authorize_again() {
    let (server, setup) = google("primary").await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({ "error": "invalid_grant", "error_description": "Token has been expired or revoked." })))
        .mount(&server)
        .await;
    let report = sync(&setup, Mode::Incremental).await;
    let line = report.sources[0].line();
    assert!(line.contains("run `kith auth google` again"), "{line}");
    assert!(
        !line.contains("1//refresh"),
        "the refresh token is never shown"
    );

    std::fs::remove_file(token_path(&setup.settings)).unwrap();
    let report = sync(&setup, Mode::Incremental).await;
    assert!(
        report.sources[0]
            .line()
            .contains("not authorized yet: run `kith auth google`")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linking_after_a_sync_counts_the_synced_meetings_at_once() {
    let (server, setup) = google("primary").await;
    mount_token(&server).await;
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .respond_with(page(
            vec![
                event("e1", "2026-10-02", &["jane.d@acme.io"]),
                event("e2", "2026-11-12", &["jane.d@acme.io", "x@y.io"]),
            ],
            None,
            Some("s1"),
        ))
        .mount(&server)
        .await;
    assert!(!sync(&setup, Mode::Incremental).await.failed());
    let unchanged = sync(&setup, Mode::Full).await;
    assert_eq!(
        (unchanged.sources[0].created, unchanged.sources[0].updated),
        (0, 0),
        "{}",
        unchanged.render()
    );
    let mut store = setup.store();
    let jane = store
        .create_person(&kith::store::NewPerson::named("Jane Doe"))
        .unwrap();
    store
        .link_email(&EmailAddress::parse("jane.d@acme.io").unwrap(), jane)
        .unwrap();
    let rollups = store.rollups(jane, now().date_naive()).unwrap();
    assert_eq!(rollups.interaction_count, 2);
    assert_eq!(
        rollups.last_met,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 12)
    );
}

#[test]
fn real_event_resources_are_classified() {
    let Some(dir) = fixtures("google-calendar-api") else {
        return;
    };
    let items: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("gcalItems.json")).unwrap())
            .unwrap();
    let remote = |name: &str| {
        let event: GoogleEvent =
            serde_json::from_value(items[name].clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        event
            .to_remote()
            .unwrap_or_else(|| panic!("{name} has an id"))
    };
    for name in items.keys() {
        remote(name);
    }
    let simple = remote("simple_event");
    let resources: Vec<(String, bool)> = simple
        .attendees
        .iter()
        .map(|a| (a.address.clone(), a.is_resource))
        .collect();
    assert!(resources.contains(&("attendee@example.com".into(), false)));
    assert!(resources.contains(&("attendee2@example.com".into(), true)));
    assert_eq!(
        remote("ooo_event").not_a_meeting,
        Some(NotAMeeting::OutOfOffice)
    );
    assert_eq!(
        remote("focus_event").not_a_meeting,
        Some(NotAMeeting::FocusTime)
    );
    assert_eq!(remote("simple_task").not_a_meeting, Some(NotAMeeting::Task));
    assert!(
        remote("valarm_no_default_override").has_video_link,
        "conferenceData is video"
    );
    assert_eq!(remote("simple_event").status, EventStatus::Confirmed);
    assert!(matches!(
        remote("valarm_default_override").start,
        Some(kith::calendar::EventStart::Day(_))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_authorization_code_is_exchanged_with_its_pkce_verifier() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("code=4%2F0Acode"))
        .and(body_string_contains("code_verifier=verifier-123"))
        .and(body_string_contains(
            "redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2F",
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": "at", "refresh_token": "1//fresh" })),
        )
        .mount(&server)
        .await;
    let http = reqwest::Client::new();
    let token_url = format!("{}/token", server.uri());
    let code = kith::calendar::auth::code_from_redirect(
        "http://127.0.0.1:5555/?state=s1&code=4/0Acode",
        "s1",
    )
    .unwrap();
    let secret = Secret::new("shh");
    let client = |client_secret| kith::calendar::auth::OAuthClient {
        token_url: &token_url,
        client_id: "client-1",
        client_secret,
    };
    let consent = |verifier| kith::calendar::auth::Consent {
        code: &code,
        verifier,
        redirect_uri: "http://127.0.0.1:5555/",
    };
    let token =
        kith::calendar::auth::exchange_code(&http, client(Some(&secret)), consent("verifier-123"))
            .await
            .unwrap();
    assert_eq!(token.refresh_token.expose(), "1//fresh");

    // A consent without a refresh token (an earlier grant) says what to do.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "access_token": "at" })))
        .mount(&server)
        .await;
    let error = kith::calendar::auth::exchange_code(&http, client(None), consent("v"))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("no refresh token"), "{error}");
}
