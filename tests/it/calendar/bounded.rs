//! What one calendar input may cost: a series read up to `KITH_MAX_SERIES_INSTANCES`
//! inside the window and the rest reported by event; a broadcast skipped before its series
//! is expanded or its attendees copied (ICS and Google); one attendee list shared by a
//! series' instances; attendees counted by hash; a feed above `KITH_MAX_FEED_BYTES`
//! refused while it arrives and not retried. Every hostile input is made here.

use std::sync::Arc;
use std::time::Duration;

use chrono::Duration as Days;
use kith::calendar::google::{GoogleEvent, RetryPolicy};
use kith::calendar::ics::{Limits, read_feed, read_feed_within};
use kith::calendar::sync::{Mode, SyncReport};
use kith::calendar::{Change, NotAMeeting, Others, RemoteAttendee, RemoteEvent, Rules};
use kith::domain::model::{ResponseStatus, Source};
use kith::sources::sync_all_with;
use kith::store::Clock;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::faulty::{Fault, FaultyProxy, Plan};
use super::*;

/// The sync window `kith sync` reads at `now()`.
fn window() -> (DateTime<Utc>, DateTime<Utc>) {
    (now() - Days::days(731), now() + Days::days(15))
}

/// A series repeating every minute from a month ago, with `attendees` guests.
fn minutely(uid: &str, title: &str, attendees: usize) -> String {
    let start = (now() - Days::days(30)).format("%Y%m%dT%H%M%SZ");
    let mut text = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\n\
         RRULE:FREQ=MINUTELY\r\nSUMMARY:{title}\r\n"
    );
    for n in 0..attendees {
        text.push_str(&format!(
            "ATTENDEE;CN=Guest {n};PARTSTAT=ACCEPTED:mailto:guest{n}@example.org\r\n"
        ));
    }
    text.push_str("END:VEVENT\r\nEND:VCALENDAR\r\n");
    text
}

/// One ordinary meeting last week with one guest.
fn coffee() -> String {
    let day = (now() - Days::days(7)).format("%Y%m%d");
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:coffee\r\nDTSTART:{day}T150000Z\r\n\
         SUMMARY:Coffee\r\nATTENDEE:mailto:ada@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

fn others(max_attendees: usize) -> Others {
    Others {
        my_emails: ["me@example.com".to_owned()].into_iter().collect(),
        ignore_patterns: vec!["noreply@*".into()],
        max_attendees,
    }
}

fn policy() -> RetryPolicy {
    RetryPolicy {
        tries: 3,
        base_delay: Duration::from_millis(10),
        timeout: Duration::from_secs(20),
        max_wait: Duration::from_secs(1),
    }
}

/// A setup syncing `text` from a file in its folder, with `extra` settings.
fn feed_setup(text: &str, extra: &[(&str, &str)]) -> Setup {
    let mut setup = Setup::new(extra);
    let file = setup.dir.path().join("feed.ics");
    std::fs::write(&file, text).unwrap();
    setup.settings.ics_urls = vec![kith::config::secret::FeedUrl::new(
        file.display().to_string(),
    )];
    setup.store().set_clock(Clock::Fixed(now()));
    setup
}

async fn sync(setup: &Setup) -> SyncReport {
    sync_all_with(&setup.settings, &setup.store, Mode::Full, now(), policy()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_482_byte_minutely_series_adds_a_thousand_meetings_and_names_what_it_cut() {
    let text = minutely("minutely@example.org", "Every minute", 10);
    let setup = feed_setup(&(text + &coffee()), &[]);
    let report = sync(&setup).await;
    let source = &report.sources[0];
    assert_eq!(source.error, None);
    assert_eq!(source.created, 1_001, "{}", report.render());
    assert_eq!(setup.count("interactions"), 1_001);
    // A month back and two weeks ahead, every minute: 64,801 instances in the window.
    let problem = "event minutely@example.org (\"Every minute\"): 64801 instances in the sync \
                   window, more than KITH_MAX_SERIES_INSTANCES (1000); the first 1000 (to \
                   2026-10-28) were read, 63801 after them were not";
    assert_eq!(source.warnings, vec![problem.to_owned()]);
    // The report lists it under the source's line.
    let rendered = report.render();
    let mut lines = rendered.lines();
    assert!(lines.next().unwrap().ends_with("1 warning"), "{rendered}");
    assert_eq!(lines.next(), Some(format!("  {problem}").as_str()));

    // The cap is a setting.
    let text = minutely("minutely@example.org", "Every minute", 10);
    let setup = feed_setup(&text, &[("KITH_MAX_SERIES_INSTANCES", "50")]);
    let report = sync(&setup).await;
    assert_eq!(report.sources[0].created, 50);
    assert!(
        report.sources[0].warnings[0].contains("the first 50 (to 2026-10-27) were read"),
        "{:?}",
        report.sources[0].warnings
    );
}

#[test]
fn a_series_read_whole_reports_nothing_and_its_instances_share_one_attendee_list() {
    let (from, to) = window();
    let start = (now() - Days::days(300)).format("%Y%m%d");
    let text = format!(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:weekly\r\nDTSTART:{start}T100000Z\r\n\
         RRULE:FREQ=WEEKLY;COUNT=40\r\nATTENDEE:mailto:a@example.org\r\n\
         ATTENDEE:mailto:b@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    let feed = read_feed(&text, chrono_tz::UTC, from, to);
    assert!(feed.errors.is_empty(), "{:?}", feed.errors);
    assert_eq!(feed.events.len(), 40);
    let first = &feed.events[0].attendees;
    assert_eq!(first.len(), 2);
    assert!(
        feed.events.iter().all(|e| Arc::ptr_eq(&e.attendees, first)),
        "every instance points at the one list"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broadcast_series_is_skipped_before_it_is_expanded() {
    let (from, to) = window();
    let text = minutely("all-hands@example.org", "All hands, every minute", 300);
    let limits = Limits {
        series_instances: 1_000,
        others: Some(others(15)),
    };
    let feed = read_feed_within(&text, chrono_tz::UTC, from, to, &limits);
    assert_eq!(
        feed.events.len(),
        1,
        "one event for the series, not expanded"
    );
    let event = &feed.events[0];
    assert_eq!(event.key, "all-hands@example.org");
    assert_eq!(event.not_a_meeting, Some(NotAMeeting::Broadcast));
    assert!(event.attendees.is_empty());
    assert!(feed.errors.is_empty(), "{:?}", feed.errors);

    // Synced beside an ordinary meeting: one skip, the meeting in, nothing of the series.
    let setup = feed_setup(&(text + &coffee()), &[]);
    let report = sync(&setup).await;
    assert!(
        report.render().starts_with(&format!(
            "{} (full) — 1 created, 0 updated, 0 unchanged, 1 skipped (1 too many attendees (a broadcast))",
            report.sources[0].source
        )),
        "{}",
        report.render()
    );
    assert_eq!(setup.count("interactions"), 1);
    assert_eq!(
        setup.count("emails"),
        1,
        "no guest of the broadcast is stored"
    );
}

#[test]
fn the_broadcast_rule_before_expansion_counts_only_other_people() {
    let (from, to) = window();
    // 20 listed, of whom the owner, a room, a noreply address and three repeats are not
    // other people: 14 others is a meeting, expanded as one.
    let start = (now() - Days::days(10)).format("%Y%m%d");
    let mut text = format!(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:team\r\nDTSTART:{start}T100000Z\r\n\
         RRULE:FREQ=DAILY;COUNT=5\r\nORGANIZER:mailto:me@example.com\r\n\
         ATTENDEE;CUTYPE=ROOM:mailto:board@example.org\r\nATTENDEE:mailto:noreply@example.org\r\n"
    );
    for n in 0..14 {
        text.push_str(&format!("ATTENDEE:mailto:p{n}@example.org\r\n"));
    }
    for n in 0..3 {
        text.push_str(&format!("ATTENDEE:mailto:P{n}@Example.org\r\n"));
    }
    text.push_str("END:VEVENT\r\nEND:VCALENDAR\r\n");
    let limits = |max| Limits {
        series_instances: 1_000,
        others: Some(others(max)),
    };
    let feed = read_feed_within(&text, chrono_tz::UTC, from, to, &limits(14));
    assert_eq!(feed.events.len(), 5);
    assert!(feed.events.iter().all(|e| e.not_a_meeting.is_none()));
    let feed = read_feed_within(&text, chrono_tz::UTC, from, to, &limits(13));
    assert_eq!(feed.events.len(), 1);
    assert_eq!(feed.events[0].not_a_meeting, Some(NotAMeeting::Broadcast));
}

#[test]
fn a_series_repeating_every_minute_since_1900_does_not_hide_a_weekly_one_beside_it() {
    let (from, to) = window();
    let start = (now() - Days::days(70)).format("%Y%m%d");
    let text = format!(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:forever\r\nSUMMARY:Since 1900\r\n\
         DTSTART:19000101T000000Z\r\nRRULE:FREQ=MINUTELY\r\nATTENDEE:mailto:a@example.org\r\n\
         END:VEVENT\r\nBEGIN:VEVENT\r\nUID:weekly\r\nDTSTART:{start}T100000Z\r\n\
         RRULE:FREQ=WEEKLY\r\nATTENDEE:mailto:b@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    let feed = read_feed(&text, chrono_tz::UTC, from, to);
    let weekly = feed
        .events
        .iter()
        .filter(|e| e.key.starts_with("weekly/"))
        .count();
    assert_eq!(weekly, 13, "ten weeks back, two ahead");
    assert_eq!(
        feed.errors,
        vec![
            "event forever (\"Since 1900\"): repeats more than 200000 times before the sync \
             window ends; instances after 1900-05-19 were not read"
                .to_owned()
        ]
    );
}

fn attendee(address: String) -> RemoteAttendee {
    RemoteAttendee {
        address,
        display_name: None,
        response: ResponseStatus::Accepted,
        is_self: false,
        is_resource: false,
    }
}

fn one_event(attendees: Vec<RemoteAttendee>) -> RemoteEvent {
    RemoteEvent {
        key: "crowd".into(),
        status: kith::calendar::EventStatus::Confirmed,
        start: Some(kith::calendar::EventStart::Day(now().date_naive())),
        title: "Crowd".into(),
        location: None,
        has_video_link: false,
        attendees: attendees.into(),
        not_a_meeting: None,
    }
}

fn rules(max_attendees: usize) -> Rules {
    Rules {
        shared: kith::calendar::SharedRules {
            source: Source::Ics,
            timezone: chrono_tz::UTC,
            window_start: window().0.date_naive(),
            window_end: window().1.date_naive(),
            others: others(max_attendees),
        },
        known_keys: Default::default(),
    }
}

/// Found probing: one event with 100,000 attendees took 22 s to skip, its attendees
/// de-duplicated by a linear search. They are counted by hash now, stopping at the limit.
#[test]
fn one_event_with_100000_attendees_is_planned_by_hash() {
    let everyone: Vec<RemoteAttendee> = (0..100_000)
        .map(|n| attendee(format!("guest{n}@example.org")))
        .collect();
    let planned = kith::calendar::plan(&[one_event(everyone)], &rules(15));
    assert_eq!(planned.skipped().values().sum::<usize>(), 1);
    assert!(matches!(
        planned.changes[0],
        Change::Skip {
            reason: kith::calendar::SkipReason::Broadcast,
            ..
        }
    ));
    // The widest allowed limit, with each of 10,000 people listed ten times: a meeting
    // of 10,000, each once (a linear search here was 10^9 comparisons).
    let repeated: Vec<RemoteAttendee> = (0..100_000)
        .map(|n| attendee(format!("Guest{}@Example.org", n % 10_000)))
        .collect();
    let started = std::time::Instant::now();
    let planned = kith::calendar::plan(&[one_event(repeated)], &rules(10_000));
    let took = started.elapsed();
    let Change::Upsert(event) = &planned.changes[0] else {
        panic!("{:?}", planned.skipped());
    };
    assert_eq!(event.attendees.len(), 10_000);
    // A bound against the quadratic search, far above what hashing takes in a debug build.
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn a_google_broadcast_is_counted_not_copied() {
    let attendees: Vec<serde_json::Value> = (0..300)
        .map(|n| json!({ "email": format!("guest{n}@example.org") }))
        .chain([json!({ "email": "me@example.com", "self": true })])
        .collect();
    let event: GoogleEvent = serde_json::from_value(json!({
        "id": "all-hands", "status": "confirmed", "summary": "All hands",
        "start": { "dateTime": "2026-11-20T10:00:00Z" },
        "attendees": attendees,
        "organizer": { "email": "boss@example.org" },
    }))
    .unwrap();
    let capped = event.to_remote_within(Some(&others(15))).unwrap();
    assert_eq!(capped.not_a_meeting, Some(NotAMeeting::Broadcast));
    assert!(capped.attendees.is_empty());
    let planned = kith::calendar::plan(&[capped], &rules(15));
    assert!(matches!(
        planned.changes[0],
        Change::Skip {
            reason: kith::calendar::SkipReason::Broadcast,
            ..
        }
    ));
    // Fifteen others (the organizer among them) is still a meeting, copied whole.
    let small: GoogleEvent = serde_json::from_value(json!({
        "id": "team", "start": { "dateTime": "2026-11-20T10:00:00Z" },
        "attendees": (0..14).map(|n| json!({ "email": format!("p{n}@example.org") }))
            .chain([json!({ "email": "room@example.org", "resource": true })])
            .collect::<Vec<_>>(),
        "organizer": { "email": "boss@example.org" },
    }))
    .unwrap();
    let remote = small.to_remote_within(Some(&others(15))).unwrap();
    assert_eq!(remote.not_a_meeting, None);
    assert_eq!(remote.attendees.len(), 16);
}

/// The report of a feed refused for its size, and that nothing was written.
fn assert_refused(setup: &Setup, report: &SyncReport, why: &str) {
    assert!(report.failed());
    let error = report.sources[0].error.as_deref().unwrap_or_default();
    assert!(
        error.starts_with("the feed is larger than KITH_MAX_FEED_BYTES (100000 bytes): ")
            && error.contains(why)
            && error.ends_with("; nothing of it was synced"),
        "{error}"
    );
    assert_eq!(setup.count("interactions"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_feed_is_refused_while_it_arrives_and_not_retried() {
    let proxy = FaultyProxy::start("http://127.0.0.1:9", Plan::always(Fault::Endless, 1)).await;
    let url = format!("{}/endless.ics", proxy.url);
    let setup = Setup::new(&[
        ("KITH_ICS_URLS", url.as_str()),
        ("KITH_MAX_FEED_BYTES", "100000"),
    ]);
    let report = sync(&setup).await;
    assert_refused(&setup, &report, "refused after ");
    assert_eq!(
        proxy.injected()[&Fault::Endless],
        1,
        "asked once, never again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_announcing_or_holding_too_many_bytes_is_refused_before_it_is_read() {
    let server = MockServer::start().await;
    let body = coffee() + &" ".repeat(200_000);
    Mock::given(method("GET"))
        .and(path("/large.ics"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let url = format!("{}/large.ics", server.uri());
    let setup = Setup::new(&[
        ("KITH_ICS_URLS", url.as_str()),
        ("KITH_MAX_FEED_BYTES", "100000"),
    ]);
    let report = sync(&setup).await;
    assert_refused(
        &setup,
        &report,
        &format!("the server announced {} bytes", body.len()),
    );

    let setup = feed_setup(&body, &[("KITH_MAX_FEED_BYTES", "100000")]);
    let report = sync(&setup).await;
    assert_refused(&setup, &report, &format!("is {} bytes", body.len()));

    // Under the limit, the same feed syncs.
    let setup = feed_setup(&body, &[("KITH_MAX_FEED_BYTES", "300000")]);
    assert_eq!(sync(&setup).await.sources[0].created, 1);
}
