//! The pure middle of a sync: from the events a source returned and the rules (window,
//! own addresses, ignore patterns, attendee limit, time zone), decide for each event:
//! upsert it as an interaction, mark a known one as not having happened, or skip it and
//! say why. No IO; tested as a table.

use std::collections::{BTreeMap, HashSet};

use super::{EventStart, EventStatus, RemoteEvent};
use crate::rules::{Others, SharedRules, Who};
use kith_domain::event::{Attendee, CalendarEvent};
use kith_domain::model::{InteractionType, ResponseStatus};

/// What a plan needs to know besides the events.
#[derive(Clone, Debug)]
pub struct Rules {
    /// The source, zone, window and who counts as someone else, as mail has them too.
    pub shared: SharedRules,
    /// Event keys the store already has an interaction for.
    pub known_keys: HashSet<String>,
}

/// What an event's attendee list comes to.
enum Attending {
    Broadcast,
    Others {
        attendees: Vec<Attendee>,
        owner_declined: bool,
    },
}

/// The other people of an event (each address once), whether the owner declined, and
/// the addresses that could not be read; a broadcast as soon as there are too many.
fn attending(others: &Others, event: &RemoteEvent, bad: &mut Vec<(String, String)>) -> Attending {
    let mut owner_declined = false;
    let mut seen = HashSet::new();
    let mut attendees: Vec<Attendee> = Vec::new();
    for attendee in event.attendees.iter() {
        let who = if attendee.is_self {
            Who::Owner
        } else {
            others.who(&attendee.address)
        };
        let address = match who {
            Who::Other(address) => address,
            Who::Owner => {
                owner_declined |= attendee.response == ResponseStatus::Declined;
                continue;
            }
            Who::Never => continue,
            Who::Unreadable => {
                bad.push((event.key.clone(), attendee.address.clone()));
                continue;
            }
        };
        if attendee.is_resource || !seen.insert(address.clone()) {
            continue;
        }
        if seen.len() > others.max_attendees {
            return Attending::Broadcast;
        }
        attendees.push(Attendee {
            address,
            display_name: attendee
                .display_name
                .clone()
                .filter(|n| !n.trim().is_empty()),
            response: attendee.response,
        });
    }
    Attending::Others {
        attendees,
        owner_declined,
    }
}

/// Why an event does not become (or update) an interaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    NotAMeeting,
    NoOtherAttendees,
    Broadcast,
    OutsideWindow,
    CancelledUnknown,
    NoStart,
}

impl SkipReason {
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::NotAMeeting => "not a meeting (out of office, focus time, …)",
            SkipReason::NoOtherAttendees => "no one else attending",
            SkipReason::Broadcast => "too many attendees (a broadcast)",
            SkipReason::OutsideWindow => "outside the sync window",
            SkipReason::CancelledUnknown => "cancelled before it was ever synced",
            SkipReason::NoStart => "no start time",
        }
    }
}

/// One decision.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Upsert(CalendarEvent),
    /// A known event was cancelled (a deletion may carry only its id).
    Cancel {
        key: String,
    },
    Skip {
        key: String,
        reason: SkipReason,
    },
}

/// Every decision for one fetch, in the order of the events.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub changes: Vec<Change>,
    /// Attendee addresses that could not be read, with their event.
    pub bad_addresses: Vec<(String, String)>,
}

impl Plan {
    pub fn skipped(&self) -> BTreeMap<SkipReason, usize> {
        let mut counts = BTreeMap::new();
        for change in &self.changes {
            if let Change::Skip { reason, .. } = change {
                *counts.entry(*reason).or_insert(0) += 1;
            }
        }
        counts
    }
}

/// Decides what every event means. Pure.
pub fn plan(events: &[RemoteEvent], rules: &Rules) -> Plan {
    let mut result = Plan::default();
    for event in events {
        let change = decide(event, rules, &mut result.bad_addresses);
        result.changes.push(change);
    }
    result
}

fn decide(event: &RemoteEvent, rules: &Rules, bad: &mut Vec<(String, String)>) -> Change {
    let skip = |reason| Change::Skip {
        key: event.key.clone(),
        reason,
    };
    let known = rules.known_keys.contains(&event.key);
    if event.status == EventStatus::Cancelled
        && (event.start.is_none() || event.attendees.is_empty())
    {
        return if known {
            Change::Cancel {
                key: event.key.clone(),
            }
        } else {
            skip(SkipReason::CancelledUnknown)
        };
    }
    match event.not_a_meeting {
        Some(super::NotAMeeting::Broadcast) => return skip(SkipReason::Broadcast),
        Some(_) => return skip(SkipReason::NotAMeeting),
        None => {}
    }
    let Some(start) = &event.start else {
        return skip(SkipReason::NoStart);
    };
    let (day, instant, zone) = match start {
        EventStart::Day(day) => (*day, None, None),
        EventStart::At { instant, zone } => (
            instant.with_timezone(&rules.shared.timezone).date_naive(),
            Some(*instant),
            zone.clone(),
        ),
    };
    if day < rules.shared.window_start || day > rules.shared.window_end {
        return skip(SkipReason::OutsideWindow);
    }

    let (attendees, owner_declined) = match attending(&rules.shared.others, event, bad) {
        Attending::Broadcast => return skip(SkipReason::Broadcast),
        Attending::Others {
            attendees,
            owner_declined,
        } => (attendees, owner_declined),
    };
    if attendees.is_empty() {
        return if known && event.status == EventStatus::Cancelled {
            Change::Cancel {
                key: event.key.clone(),
            }
        } else {
            skip(SkipReason::NoOtherAttendees)
        };
    }
    let group = attendees.len() > 1;
    let in_person = !event.has_video_link
        && event
            .location
            .as_deref()
            .is_some_and(|l| !l.trim().is_empty() && !super::mentions_video(l));
    let kind = match (group, in_person) {
        (false, false) => InteractionType::OneOnOneVideo,
        (false, true) => InteractionType::OneOnOneInPerson,
        (true, false) => InteractionType::GroupVideo,
        (true, true) => InteractionType::GroupInPerson,
    };
    Change::Upsert(CalendarEvent {
        event_id: event.key.clone(),
        source: rules.shared.source,
        occurred_on: day,
        occurred_at: instant,
        time_zone: zone,
        title: event.title.chars().take(500).collect(),
        kind,
        did_not_happen: event.status == EventStatus::Cancelled || owner_declined,
        attendees,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use chrono::NaiveDate;

    use super::super::{NotAMeeting, RemoteAttendee};
    use super::*;
    use crate::rules::glob_matches;
    use kith_domain::model::Source;

    fn rules() -> Rules {
        Rules {
            shared: SharedRules {
                source: Source::Google,
                timezone: chrono_tz::Europe::Berlin,
                window_start: NaiveDate::from_ymd_opt(2024, 11, 26).unwrap(),
                window_end: NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
                others: Others {
                    my_emails: ["me@work.io".to_owned()].into_iter().collect(),
                    ignore_patterns: vec![
                        "*@resource.calendar.google.com".into(),
                        "noreply@*".into(),
                    ],
                    max_attendees: 3,
                },
            },
            known_keys: ["known".to_owned()].into_iter().collect(),
        }
    }

    fn person(address: &str) -> RemoteAttendee {
        RemoteAttendee {
            address: address.into(),
            display_name: None,
            response: ResponseStatus::Accepted,
            is_self: false,
            is_resource: false,
        }
    }

    fn event(key: &str, attendees: Vec<RemoteAttendee>) -> RemoteEvent {
        RemoteEvent {
            key: key.into(),
            status: EventStatus::Confirmed,
            start: Some(EventStart::At {
                instant: Utc.with_ymd_and_hms(2026, 11, 20, 23, 30, 0).unwrap(),
                zone: Some("Europe/Berlin".into()),
            }),
            title: "Sync".into(),
            location: None,
            has_video_link: false,
            attendees: attendees.into(),
            not_a_meeting: None,
        }
    }

    /// A short description of a decision, for the table.
    fn outcome(change: &Change) -> String {
        match change {
            Change::Upsert(e) => {
                let who: Vec<&str> = e.attendees.iter().map(|a| a.address.as_str()).collect();
                format!(
                    "upsert {} {} {}{}",
                    e.occurred_on,
                    e.kind,
                    who.join(","),
                    if e.did_not_happen {
                        " (did not happen)"
                    } else {
                        ""
                    }
                )
            }
            Change::Cancel { key } => format!("cancel {key}"),
            Change::Skip { reason, .. } => format!("skip {reason:?}"),
        }
    }

    #[test]
    fn decisions() {
        let me_declined = RemoteAttendee {
            response: ResponseStatus::Declined,
            is_self: true,
            ..person("Me@Gmail.com")
        };
        let room = RemoteAttendee {
            is_resource: true,
            ..person("board-room@acme.io")
        };
        let mut cases: Vec<(&str, RemoteEvent, &str)> = vec![
            (
                "1:1 by video (late evening UTC is the next day in Berlin)",
                event("a", vec![person("Jane@Acme.io")]),
                "upsert 2026-11-21 1:1-vc jane@acme.io",
            ),
            (
                "the owner, rooms, resources and noreply are not attendees",
                event(
                    "b",
                    vec![
                        person("me@work.io"),
                        room.clone(),
                        person("x@resource.calendar.google.com"),
                        person("noreply@zoom.us"),
                        person("bob@beta.io"),
                    ],
                ),
                "upsert 2026-11-21 1:1-vc bob@beta.io",
            ),
            (
                "no one else: a solo block",
                event("c", vec![person("me@work.io"), room]),
                "skip NoOtherAttendees",
            ),
            (
                "more than max_attendees is a broadcast",
                event(
                    "d",
                    vec![
                        person("a@x.io"),
                        person("b@x.io"),
                        person("c@x.io"),
                        person("d@x.io"),
                    ],
                ),
                "skip Broadcast",
            ),
            (
                "declined by the owner: kept, did not happen",
                event("e", vec![me_declined, person("a@x.io"), person("b@x.io")]),
                "upsert 2026-11-21 group-vc a@x.io,b@x.io (did not happen)",
            ),
            (
                "a bad address is dropped, not fatal",
                event("f", vec![person("not an address"), person("a@x.io")]),
                "upsert 2026-11-21 1:1-vc a@x.io",
            ),
            (
                "duplicates count once",
                event("g", vec![person("a@x.io"), person("A@x.io")]),
                "upsert 2026-11-21 1:1-vc a@x.io",
            ),
        ];
        let mut in_person = event("h", vec![person("a@x.io"), person("b@x.io")]);
        in_person.location = Some("Café Einstein, Berlin".into());
        cases.push((
            "a physical place: face to face",
            in_person,
            "upsert 2026-11-21 group-f2f a@x.io,b@x.io",
        ));
        let mut zoom = event("i", vec![person("a@x.io")]);
        zoom.location = Some("https://acme.zoom.us/j/123".into());
        cases.push((
            "a zoom link in the location is video",
            zoom,
            "upsert 2026-11-21 1:1-vc a@x.io",
        ));
        let mut ooo = event("j", vec![person("a@x.io")]);
        ooo.not_a_meeting = Some(NotAMeeting::OutOfOffice);
        cases.push(("out of office", ooo, "skip NotAMeeting"));
        let mut old = event("k", vec![person("a@x.io")]);
        old.start = Some(EventStart::Day(
            NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        ));
        cases.push(("before the window", old, "skip OutsideWindow"));
        let tombstone = RemoteEvent {
            status: EventStatus::Cancelled,
            start: None,
            attendees: Vec::new().into(),
            ..event("known", vec![])
        };
        cases.push((
            "a deletion of a known event",
            tombstone.clone(),
            "cancel known",
        ));
        cases.push((
            "a deletion of an unknown event",
            RemoteEvent {
                key: "never-seen".into(),
                ..tombstone
            },
            "skip CancelledUnknown",
        ));
        let mut cancelled = event("l", vec![person("a@x.io")]);
        cancelled.status = EventStatus::Cancelled;
        cases.push((
            "cancelled with its details",
            cancelled,
            "upsert 2026-11-21 1:1-vc a@x.io (did not happen)",
        ));

        for (name, event, expected) in cases {
            let planned = plan(std::slice::from_ref(&event), &rules());
            assert_eq!(outcome(&planned.changes[0]), expected, "{name}");
        }
    }

    #[test]
    fn globs() {
        assert!(glob_matches("*@acme.io", "jane@acme.io"));
        assert!(!glob_matches("*@acme.io", "jane@acme.io.evil"));
        assert!(glob_matches("noreply@*", "noreply@zoom.us"));
        assert!(glob_matches("bounce*@*", "bounces+123@mail.io"));
        assert!(glob_matches("jane@acme.io", "jane@acme.io"));
        assert!(!glob_matches("jane@acme.io", "xjane@acme.io"));
    }
}
