//! ICS feeds (a URL or a file — Google's secret iCal address, Outlook, Fastmail, iCloud):
//! text → `RemoteEvent`s. The only module that touches `calcard`. Recurring series are
//! expanded with EXDATE and RECURRENCE-ID overrides; each instance is keyed by UID plus
//! its original start in UTC, so a moved instance keeps its interaction. Attendees come
//! from the VEVENT itself, never from a VALARM. A broken event is reported and skipped;
//! the rest of the feed still syncs.

use std::collections::HashMap;

use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameterName,
    ICalendarParameterValue, ICalendarParticipationStatus, ICalendarProperty, ICalendarStatus,
    ICalendarUserTypes, ICalendarValue,
};
use calcard::{Entry, Parser};
use chrono::{DateTime, Utc};

use super::{EventStart, EventStatus, RemoteAttendee, RemoteEvent, mentions_video};
use crate::domain::model::ResponseStatus;

/// Instances expanded per calendar at most; a series that would expand forever stops here.
const MAX_INSTANCES: usize = 200_000;
/// Instances expanded per feed at most, over all its calendars: a feed of many calendars
/// that each repeat forever is bounded too, and one such calendar does not starve the rest.
const MAX_FEED_INSTANCES: usize = 10 * MAX_INSTANCES;
/// Calendars read from one feed at most (some feeds concatenate many).
const MAX_CALENDARS: usize = 10_000;

/// What a feed gave: its events inside the window, and what could not be read.
#[derive(Clone, Debug, Default)]
pub struct IcsFeed {
    pub events: Vec<RemoteEvent>,
    pub errors: Vec<String>,
}

/// Reads every event of an ICS text that starts inside `[from, to]`. Floating times are
/// read in `zone` (the owner's).
pub fn read_feed(
    text: &str,
    zone: chrono_tz::Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> IcsFeed {
    let mut feed = IcsFeed::default();
    let upper = text.to_ascii_uppercase();
    // Some exports are a bare VEVENT with no VCALENDAR around it.
    let wrapped;
    let text = if !upper.contains("BEGIN:VCALENDAR") && upper.contains("BEGIN:VEVENT") {
        wrapped = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}\r\nEND:VCALENDAR\r\n",
            text.trim()
        );
        wrapped.as_str()
    } else {
        text
    };
    let mut parser = Parser::new(text);
    let mut calendars = Vec::new();
    for _ in 0..MAX_CALENDARS * 4 {
        match parser.entry() {
            Entry::ICalendar(calendar) => calendars.push(calendar),
            Entry::Eof => break,
            Entry::TooManyComponents => {
                feed.errors
                    .push("the feed has too many components; the rest was not read".into());
                break;
            }
            Entry::VCard(_) => feed
                .errors
                .push("a vCard inside a calendar feed was ignored".into()),
            Entry::InvalidLine(line) => feed.errors.push(format!(
                "unreadable line: {}",
                line.chars().take(80).collect::<String>()
            )),
            other => feed.errors.push(
                format!("malformed calendar: {other:?}")
                    .chars()
                    .take(200)
                    .collect(),
            ),
        }
        if calendars.len() >= MAX_CALENDARS {
            break;
        }
    }
    let mut budget = MAX_FEED_INSTANCES;
    let mut seen = HashMap::new();
    for calendar in &calendars {
        read_calendar(calendar, zone, from, to, &mut budget, &mut seen, &mut feed);
    }
    // Drop the instances an override replaced.
    feed.events.retain(|event| !event.key.is_empty());
    feed
}

fn read_calendar(
    calendar: &ICalendar,
    zone: chrono_tz::Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    budget: &mut usize,
    seen: &mut HashMap<String, (usize, bool)>,
    feed: &mut IcsFeed,
) {
    let limit = MAX_INSTANCES.min(*budget);
    let expanded = calendar.expand_dates(zone, limit);
    // The expansion can hand back more than it was allowed (a calendar nested in an
    // event did), so the limit is kept here too. Reaching it is normal (a weekly
    // meeting with no end expands until it), so it is no warning.
    let allowed = expanded.events.len().min(limit);
    *budget -= allowed;
    let resolver = calendar.build_tz_resolver().with_default(zone);
    for error in &expanded.errors {
        let uid = calendar
            .component_by_id(error.comp_id)
            .and_then(ICalendarComponent::uid)
            .unwrap_or("(no UID)");
        feed.errors
            .push(format!("event {uid} skipped: {:?}", error.error));
    }
    for instance in &expanded.events[..allowed] {
        let Some(component) = calendar.component_by_id(instance.comp_id) else {
            continue;
        };
        if component.component_type != ICalendarComponentType::VEvent {
            continue;
        }
        let start = instance.start.with_timezone(&Utc);
        if start < from || start > to {
            continue;
        }
        if feed.events.len() >= MAX_INSTANCES {
            feed.errors.push(format!(
                "more than {MAX_INSTANCES} meetings in the sync window; the rest was not read"
            ));
            break;
        }
        // An event without a UID (against the standard, but seen in the wild) is keyed
        // by what identifies it best: its title and first start.
        let uid = match component.uid().map(str::trim).filter(|u| !u.is_empty()) {
            Some(uid) => uid.to_owned(),
            None => synthetic_uid(component),
        };
        let uid = uid.as_str();
        let all_day = date_only(component);
        let key = if component.is_recurrent_or_override() {
            // An overridden instance is keyed by the start it replaces, so a moved
            // meeting keeps its interaction.
            let original = recurrence_id(component, &resolver).unwrap_or(instance.start);
            if all_day {
                format!("{uid}/{}", original.date_naive().format("%Y%m%d"))
            } else {
                format!(
                    "{uid}/{}",
                    original.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ")
                )
            }
        } else {
            uid.to_owned()
        };
        // The same instance twice (a series and its override, when the expansion did not
        // pair them): the override is the truth.
        let is_override = component.is_recurrence_override();
        if let Some(&(index, existing_is_override)) = seen.get(&key) {
            if is_override && !existing_is_override {
                seen.insert(key.clone(), (feed.events.len(), true));
                feed.events[index].key.clear();
            } else {
                continue;
            }
        } else {
            seen.insert(key.clone(), (feed.events.len(), is_override));
        }
        let event_start = if all_day {
            EventStart::Day(instance.start.date_naive())
        } else {
            EventStart::At {
                instant: start,
                zone: tzid(component).map(str::to_owned),
            }
        };
        feed.events.push(RemoteEvent {
            key,
            status: match component.status() {
                Some(ICalendarStatus::Cancelled) => EventStatus::Cancelled,
                Some(ICalendarStatus::Tentative) => EventStatus::Tentative,
                _ => EventStatus::Confirmed,
            },
            start: Some(event_start),
            title: text_of(component, &ICalendarProperty::Summary)
                .unwrap_or_default()
                .to_owned(),
            location: text_of(component, &ICalendarProperty::Location).map(str::to_owned),
            has_video_link: component
                .entries
                .iter()
                .flat_map(|entry| entry.values.iter())
                .filter_map(ICalendarValue::as_text)
                .any(mentions_video),
            attendees: attendees(component),
            not_a_meeting: is_birthday(uid).then_some(super::NotAMeeting::Birthday),
        });
    }
}

/// Google's "Birthdays" calendar: not meetings, whoever is listed.
fn is_birthday(uid: &str) -> bool {
    uid.contains("BIRTHDAY_") && uid.ends_with("@google.com")
}

fn synthetic_uid(component: &ICalendarComponent) -> String {
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |text: &str| {
        for byte in text.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(text_of(component, &ICalendarProperty::Summary).unwrap_or_default());
    if let Some(start) = component
        .property(&ICalendarProperty::Dtstart)
        .and_then(|entry| entry.values.first())
        .and_then(ICalendarValue::as_partial_date_time)
    {
        let mut text = String::new();
        let _ = std::fmt::Write::write_fmt(&mut text, format_args!("{start:?}"));
        feed(&text);
    }
    format!("no-uid-{hash:016x}")
}

fn text_of<'a>(component: &'a ICalendarComponent, property: &ICalendarProperty) -> Option<&'a str> {
    component
        .property(property)
        .and_then(|entry| entry.values.first())
        .and_then(ICalendarValue::as_text)
}

/// DTSTART is a date without a time (an all-day event).
fn date_only(component: &ICalendarComponent) -> bool {
    component
        .property(&ICalendarProperty::Dtstart)
        .and_then(|entry| entry.values.first())
        .and_then(ICalendarValue::as_partial_date_time)
        .is_some_and(|date| date.hour.is_none())
}

fn tzid(component: &ICalendarComponent) -> Option<&str> {
    component
        .property(&ICalendarProperty::Dtstart)
        .and_then(|entry| entry.parameter(&ICalendarParameterName::Tzid))
        .and_then(ICalendarParameterValue::as_text)
}

/// The original start of an overridden instance (its RECURRENCE-ID).
fn recurrence_id(
    component: &ICalendarComponent,
    resolver: &calcard::icalendar::timezone::TzResolver<&str>,
) -> Option<DateTime<calcard::common::timezone::Tz>> {
    let entry = component.property(&ICalendarProperty::RecurrenceId)?;
    let value = entry.values.first()?.as_partial_date_time()?;
    let zone = entry
        .parameter(&ICalendarParameterName::Tzid)
        .and_then(ICalendarParameterValue::as_text)
        .or_else(|| tzid(component));
    let zone = resolver.resolve_or_default(zone);
    value.to_date_time_with_tz(zone)
}

fn parameter_text<'a>(entry: &'a ICalendarEntry, name: &ICalendarParameterName) -> Option<&'a str> {
    entry
        .parameter(name)
        .and_then(ICalendarParameterValue::as_text)
}

fn attendee(entry: &ICalendarEntry, response: Option<ResponseStatus>) -> Option<RemoteAttendee> {
    // Apple puts the address in an EMAIL parameter; the value may be a urn or a URL.
    let raw = parameter_text(entry, &ICalendarParameterName::Email)
        .or_else(|| entry.values.first().and_then(ICalendarValue::as_text))?;
    let raw = raw.trim().trim_matches('"');
    let address = calcard::icalendar::utils::strip_mailto_scheme(raw)
        .split_whitespace()
        .collect::<String>();
    if !address.contains('@') {
        return None;
    }
    let response = response.unwrap_or(match entry.parameter(&ICalendarParameterName::Partstat) {
        Some(ICalendarParameterValue::Partstat(status)) => match status {
            ICalendarParticipationStatus::Accepted => ResponseStatus::Accepted,
            ICalendarParticipationStatus::Declined => ResponseStatus::Declined,
            ICalendarParticipationStatus::Tentative => ResponseStatus::Tentative,
            _ => ResponseStatus::NeedsAction,
        },
        Some(other) => other
            .as_text()
            .map(ResponseStatus::parse_lenient)
            .unwrap_or_default(),
        None => ResponseStatus::NeedsAction,
    });
    let is_resource = matches!(
        entry.parameter(&ICalendarParameterName::Cutype),
        Some(ICalendarParameterValue::Cutype(
            ICalendarUserTypes::Room | ICalendarUserTypes::Resource
        ))
    ) || parameter_text(entry, &ICalendarParameterName::Cutype)
        .is_some_and(|t| t.eq_ignore_ascii_case("room") || t.eq_ignore_ascii_case("resource"));
    let display_name = parameter_text(entry, &ICalendarParameterName::Cn)
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty() && !name.eq_ignore_ascii_case(&address));
    Some(RemoteAttendee {
        address,
        display_name,
        response,
        is_self: false,
        is_resource,
    })
}

/// VEVENT-level attendees, plus the organizer when they are not listed (an invitation
/// from someone else often names only you as attendee).
fn attendees(component: &ICalendarComponent) -> Vec<RemoteAttendee> {
    let mut list: Vec<RemoteAttendee> = component
        .properties(&ICalendarProperty::Attendee)
        .filter_map(|entry| attendee(entry, None))
        .collect();
    if let Some(organizer) = component
        .property(&ICalendarProperty::Organizer)
        .and_then(|entry| attendee(entry, Some(ResponseStatus::Accepted)))
        && !list
            .iter()
            .any(|a| a.address.eq_ignore_ascii_case(&organizer.address))
    {
        list.push(organizer);
    }
    list
}
