//! Every ICS fixture parses without a panic; the ones that matter are checked closely.

use chrono::{Duration, TimeZone, Utc};
use kith::calendar::ics::{IcsFeed, read_feed};
use kith::calendar::sync::Mode;
use kith::calendar::{EventStart, EventStatus};
use kith::domain::model::ResponseStatus;
use kith::sources::sync_all;

use super::*;

fn feed(name: &str) -> Option<IcsFeed> {
    let path = fixtures("ics")?.join(name);
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    let from = Utc.with_ymd_and_hms(1990, 1, 1, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    Some(read_feed(&text, chrono_tz::Europe::Berlin, from, to))
}

fn addresses(feed: &IcsFeed, index: usize) -> Vec<(String, Option<String>, ResponseStatus, bool)> {
    feed.events[index]
        .attendees
        .iter()
        .map(|a| {
            (
                a.address.clone(),
                a.display_name.clone(),
                a.response,
                a.is_resource,
            )
        })
        .collect()
}

#[test]
fn every_fixture_reads_without_a_panic() {
    let Some(dir) = fixtures("ics") else { return };
    let mut read = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let feed = read_feed(
            &text,
            chrono_tz::UTC,
            Utc.with_ymd_and_hms(1990, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap(),
        );
        assert!(
            !feed.events.is_empty() || !feed.errors.is_empty(),
            "{} gave nothing at all",
            path.display()
        );
        // And every one of them plans and applies, twice, with no duplicates.
        let mut store = Store::open_in_memory().unwrap();
        let rules = kith::calendar::Rules {
            shared: kith::calendar::SharedRules {
                source: kith::domain::model::Source::Ics,
                timezone: chrono_tz::UTC,
                window_start: chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
                window_end: chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
                others: kith::calendar::Others {
                    my_emails: Default::default(),
                    ignore_patterns: store.never_people_patterns().unwrap(),
                    max_attendees: 15,
                },
            },
            known_keys: Default::default(),
        };
        let planned = kith::calendar::plan(&feed.events, &rules);
        let mut batch = kith::store::SyncBatch::default();
        for change in planned.changes {
            if let kith::calendar::Change::Upsert(event) = change {
                batch.upserts.push(event);
            }
        }
        let first = store.apply_sync("ics:test", &batch, None).unwrap();
        let counts = store.table_counts().unwrap();
        let second = store.apply_sync("ics:test", &batch, None).unwrap();
        assert_eq!(
            (second.created, second.updated),
            (0, 0),
            "{}",
            path.display()
        );
        assert_eq!(second.unchanged, first.created, "{}", path.display());
        assert_eq!(store.table_counts().unwrap(), counts, "{}", path.display());
        assert!(store.health_problems().unwrap().is_empty());
        read += 1;
    }
    assert!(read >= 20, "read {read} files");
}

#[test]
fn recurring_instances_with_overrides_and_exdates() {
    let Some(feed) = feed("recur_instances.ics") else {
        return;
    };
    assert_eq!(feed.events.len(), 209);
    assert!(feed.errors.is_empty(), "{:?}", feed.errors);
    let uid = "623c13c0-6c2b-45d6-a12b-c33ad61c4868";
    assert!(
        feed.events
            .iter()
            .all(|e| e.key.starts_with(&format!("{uid}/")))
    );
    let keys: std::collections::HashSet<&str> =
        feed.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys.len(), 209, "one key per instance");
    let people: Vec<_> = addresses(&feed, 0)
        .into_iter()
        .map(|(a, n, r, _)| (a, n, r))
        .collect();
    assert_eq!(
        people,
        vec![
            (
                "calmozilla1@gmail.com".into(),
                Some("Sahaja Lal".into()),
                ResponseStatus::Accepted
            ),
            (
                "james@lightsofapollo.com".into(),
                None,
                ResponseStatus::NeedsAction
            ),
            (
                "iam.revelation@gmail.com".into(),
                None,
                ResponseStatus::NeedsAction
            ),
            (
                "jlal@mozilla.com".into(),
                Some("James Lal".into()),
                ResponseStatus::Accepted
            ),
        ]
    );
}

#[test]
fn a_cancelled_override_and_a_moved_one_keep_their_original_keys() {
    let Some(feed) = feed("event_rrule_recuid_cancelled.ics") else {
        return;
    };
    let summary: Vec<(String, EventStatus, String)> = feed
        .events
        .iter()
        .map(|e| {
            let start = match &e.start {
                Some(EventStart::At { instant, .. }) => {
                    instant.format("%Y-%m-%d %H:%M").to_string()
                }
                other => format!("{other:?}"),
            };
            (
                e.key
                    .trim_start_matches("event_rrule_recurrence_id/")
                    .to_owned(),
                e.status,
                start,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "20140630T050000Z".into(),
                EventStatus::Confirmed,
                "2014-06-30 05:00".into()
            ),
            // Moved two hours later: same key, new time.
            (
                "20140707T050000Z".into(),
                EventStatus::Confirmed,
                "2014-07-07 07:00".into()
            ),
            (
                "20140714T050000Z".into(),
                EventStatus::Cancelled,
                "2014-07-14 05:00".into()
            ),
            (
                "20140721T050000Z".into(),
                EventStatus::Confirmed,
                "2014-07-21 05:00".into()
            ),
            (
                "20140728T050000Z".into(),
                EventStatus::Confirmed,
                "2014-07-28 05:00".into()
            ),
            (
                "20140804T050000Z".into(),
                EventStatus::Confirmed,
                "2014-08-04 05:00".into()
            ),
        ]
    );
}

#[test]
fn exdates_in_utc_across_daylight_saving_and_cancelled_overrides() {
    let Some(feed) = feed("radicale-0827.ics") else {
        return;
    };
    assert_eq!(feed.events.len(), 28);
    let cancelled = feed
        .events
        .iter()
        .filter(|e| e.status == EventStatus::Cancelled)
        .count();
    assert_eq!(cancelled, 2);
    // The series is in Europe/Paris: 19:30 UTC in winter is 20:30 local, as in summer.
    let first = &feed.events[0];
    assert!(first.key.ends_with("/20171009T183000Z"), "{}", first.key);
}

#[test]
fn google_recurrence_order_and_apple_statuses() {
    if let Some(feed) = feed("google-recurrence-order.ics") {
        // The override comes before its series in the file; it still replaces the
        // 2026-02-11 instance (moved to 10:30 Denver time), under the original's key.
        let instances: Vec<(&str, &str)> = feed
            .events
            .iter()
            .map(|e| (e.key.rsplit('/').next().unwrap(), e.title.as_str()))
            .collect();
        assert_eq!(
            instances,
            vec![
                ("20260210T170000Z", "TEST RECURR 3"),
                ("20260212T170000Z", "TEST RECURR 3"),
                ("20260211T170000Z", "TEST RECURR 3 - MODIFIED"),
            ]
        );
        match &feed.events[2].start {
            Some(EventStart::At { instant, .. }) => {
                assert_eq!(instant.to_rfc3339(), "2026-02-11T17:30:00+00:00")
            }
            other => panic!("{other:?}"),
        }
    }
    let Some(feed) = feed("tentative-apple-calendar.ics") else {
        return;
    };
    let statuses: Vec<(EventStatus, Vec<(String, ResponseStatus)>)> = feed
        .events
        .iter()
        .map(|e| {
            (
                e.status,
                e.attendees
                    .iter()
                    .map(|a| (a.address.clone(), a.response))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![
            (
                EventStatus::Tentative,
                vec![("tentative@example.com".into(), ResponseStatus::Tentative)]
            ),
            (
                EventStatus::Confirmed,
                vec![("confirmed@example.com".into(), ResponseStatus::NeedsAction)]
            ),
            (
                EventStatus::Cancelled,
                vec![("cancelled@example.com".into(), ResponseStatus::NeedsAction)]
            ),
            (EventStatus::Confirmed, vec![]),
        ]
    );
}

#[test]
fn windows_zones_hebrew_names_and_teams_links() {
    if let Some(feed) = feed("vv.txt") {
        assert_eq!(feed.events.len(), 1);
        match &feed.events[0].start {
            // Israel Standard Time: 13:00 local on 2018-07-01 is 10:00 UTC.
            Some(EventStart::At { instant, zone }) => {
                assert_eq!(instant.to_rfc3339(), "2018-07-01T10:00:00+00:00");
                assert_eq!(zone.as_deref(), Some("Israel Standard Time"));
            }
            other => panic!("{other:?}"),
        }
        let names: Vec<_> = addresses(&feed, 0)
            .into_iter()
            .map(|(a, n, _, _)| (a, n.unwrap_or_default()))
            .collect();
        assert!(
            names.contains(&("shmuel@bgu.ac.il".into(), "שמואל גרובר".into())),
            "{names:?}"
        );
    }
    let Some(feed) = feed("o365_meeting.ics") else {
        return;
    };
    assert_eq!(feed.events.len(), 1);
    assert!(feed.events[0].has_video_link, "a Teams meeting is video");
    assert_eq!(feed.events[0].attendees.len(), 2);
}

#[test]
fn attendees_come_from_the_event_never_from_an_alarm() {
    let Some(feed) = feed("alarm_google_acknowledged.ics") else {
        return;
    };
    assert_eq!(feed.events.len(), 1);
    assert!(
        feed.events[0].attendees.is_empty(),
        "{:?}",
        feed.events[0].attendees
    );
}

#[test]
fn concatenated_invitations_rooms_and_malformed_ones() {
    let Some(feed) = feed("incoming.ics") else {
        return;
    };
    assert_eq!(feed.events.len(), 5, "{:?}", feed.errors);
    assert!(!feed.errors.is_empty(), "the malformed ones are reported");
    let first = addresses(&feed, 0);
    let room = first
        .iter()
        .find(|(a, ..)| a == "conf_Big@example.com")
        .expect("the room is read");
    assert!(room.3, "CUTYPE=ROOM is a resource");
    assert!(first.iter().any(|(a, n, r, _)| a == "A@example.com"
        && n.as_deref() == Some("BIG A")
        && *r == ResponseStatus::Accepted));
}

#[test]
fn a_quoted_parameter_holding_a_url_does_not_break_the_attendee() {
    // The fixture lacks a DTSTART (so it is reported and skipped); with one added, its
    // attendee reads correctly despite the ':' inside a quoted parameter.
    let Some(dir) = fixtures("ics") else { return };
    let text = std::fs::read_to_string(dir.join("attendee-with-url.ics")).unwrap();
    let from = Utc.with_ymd_and_hms(1990, 1, 1, 0, 0, 0).unwrap();
    let to = from + Duration::days(20_000);
    let broken = read_feed(&text, chrono_tz::UTC, from, to);
    assert!(broken.events.is_empty() && !broken.errors.is_empty());
    let fixed = text.replace(
        "BEGIN:VEVENT",
        "BEGIN:VEVENT\nUID:with-url\nDTSTART:20260101T100000Z",
    );
    let feed = read_feed(&fixed, chrono_tz::UTC, from, to);
    assert_eq!(
        addresses(&feed, 0),
        vec![(
            "test@example.com".into(),
            None,
            ResponseStatus::Accepted,
            false
        )]
    );
}

#[test]
fn bad_events_are_skipped_and_the_rest_syncs() {
    let Some(feed) = feed("ICal.ics") else { return };
    assert!(feed.events.len() > 100);
    assert_eq!(feed.errors.len(), 1, "{:?}", feed.errors);
    assert!(feed.errors[0].contains("MissingDtStart"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn syncing_a_feed_twice_changes_nothing_the_second_time_and_linking_counts_at_once() {
    let Some(dir) = fixtures("ics") else { return };
    let path = dir.join("recur_instances.ics");
    let setup = Setup::new(&[("KITH_ICS_URLS", path.to_str().unwrap())]);
    // The feed's meetings are in 2012–2013: sync as of then.
    let then = Utc.with_ymd_and_hms(2013, 6, 1, 9, 0, 0).unwrap();
    let first = sync_all(&setup.settings, &setup.store, Mode::Incremental, then).await;
    assert!(!first.failed(), "{}", first.render());
    let created = first.sources[0].created;
    assert!(created > 5, "{}", first.render());
    assert_eq!(first.sources[0].new_unknown, 4);
    let counts = setup.counts();

    let second = sync_all(&setup.settings, &setup.store, Mode::Incremental, then).await;
    assert_eq!(
        (second.sources[0].created, second.sources[0].updated),
        (0, 0),
        "{}",
        second.render()
    );
    assert_eq!(second.sources[0].unchanged, created);
    assert_eq!(setup.counts(), counts);

    let mut store = setup.store();
    let sahaja = store
        .create_person(&kith::store::NewPerson::named("Sahaja Lal"))
        .unwrap();
    assert_eq!(
        store
            .rollups(sahaja, then.date_naive())
            .unwrap()
            .interaction_count,
        0
    );
    store
        .link_email(
            &kith::domain::model::EmailAddress::parse("calmozilla1@gmail.com").unwrap(),
            sahaja,
        )
        .unwrap();
    let rollups = store.rollups(sahaja, then.date_naive()).unwrap();
    let attended_so_far = store
        .interactions_of(sahaja, 1000, 0)
        .unwrap()
        .iter()
        .filter(|i| i.occurred_on <= then.date_naive() && !i.did_not_happen)
        .count();
    assert!(attended_so_far > 3);
    assert_eq!(rollups.interaction_count as usize, attended_so_far);
    assert!(rollups.last_met.is_some());
}

/// Issue 27: an attendee address with bytes that are not UTF-8 is reported with its event
/// and why, never stored with U+FFFD; the event keeps its other attendees.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attendee_address_that_is_not_utf8_is_reported_never_stored() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("broken.ics");
    let mut bytes = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n\
UID:bytes-1\r\nDTSTAMP:20261120T090000Z\r\nDTSTART:20261120T100000Z\r\n\
DTEND:20261120T110000Z\r\nSUMMARY:Coffee\r\nORGANIZER:mailto:me@example.com\r\n\
ATTENDEE;CN=Jane:mailto:jane@acme.io\r\nATTENDEE;CN=Broken:mailto:j"
        .to_vec();
    bytes.extend_from_slice(b"\xe9\xffne@acme.io\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    std::fs::write(&path, &bytes).unwrap();
    let setup = Setup::new(&[("KITH_ICS_URLS", path.to_str().unwrap())]);
    let then = Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap();
    let report = sync_all(&setup.settings, &setup.store, Mode::Incremental, then).await;
    assert!(!report.failed(), "{}", report.render());
    let source = &report.sources[0];
    assert_eq!(source.created, 1, "{}", report.render());
    assert!(
        source
            .warnings
            .iter()
            .any(|w| w.contains("bytes-1") && w.contains("it holds bytes that are not UTF-8 text")),
        "{:?}",
        source.warnings
    );
    let unknown = setup.store().unknown_attendees(0, 10).unwrap();
    let addresses: Vec<&str> = unknown.items.iter().map(|u| u.address.as_str()).collect();
    assert_eq!(addresses, ["jane@acme.io"]);
}

#[test]
fn a_series_starting_in_utc_was_read_as_local_time() {
    // DTSTART 14:00Z every 3 months: 14:00 UTC every time, whatever the owner's zone
    // and its daylight saving time (it was read as 14:00 in Berlin, 13:00/12:00 UTC).
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:q\r\n\
                DTSTAMP:20260101T000000Z\r\nDTSTART:20261201T140000Z\r\n\
                RRULE:FREQ=MONTHLY;INTERVAL=3;COUNT=3\r\nEXDATE:20270301T140000Z\r\n\
                END:VEVENT\r\nEND:VCALENDAR\r\n";
    let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2029, 1, 1, 0, 0, 0).unwrap();
    let feed = read_feed(text, chrono_tz::Europe::Berlin, from, to);
    assert_eq!(feed.errors, Vec::<String>::new());
    let starts: Vec<(String, String)> = feed
        .events
        .iter()
        .map(|event| match event.start.as_ref().unwrap() {
            EventStart::At { instant, .. } => (event.key.clone(), instant.to_rfc3339()),
            EventStart::Day(day) => (event.key.clone(), day.to_string()),
        })
        .collect();
    assert_eq!(
        starts,
        [
            (
                "q/20261201T140000Z".to_owned(),
                "2026-12-01T14:00:00+00:00".to_owned()
            ),
            (
                "q/20270601T140000Z".to_owned(),
                "2027-06-01T14:00:00+00:00".to_owned()
            ),
        ]
    );
}
