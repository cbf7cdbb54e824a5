//! ICS feeds (a URL or a file — Google's secret iCal address, Outlook, Fastmail, iCloud):
//! text → `RemoteEvent`s. The only module that touches `calcard`. Each recurring series
//! (the components of one UID) is expanded on its own, with EXDATE and RECURRENCE-ID
//! overrides, so one that repeats forever cannot starve the next; each instance is keyed
//! by UID plus its original start in UTC, so a moved instance keeps its interaction.
//! Attendees come from the VEVENT itself, never from a VALARM; they are read once per
//! component and shared by its instances, and a broadcast (`Limits::others`) is skipped
//! before its series is expanded. A series is read up to `Limits::series_instances`
//! instances inside the window, the rest reported by UID and title with how many were
//! cut. A broken event is reported and skipped; the rest of the feed still syncs.

use std::collections::HashMap;
use std::sync::Arc;

use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameter,
    ICalendarParameterName, ICalendarParameterValue, ICalendarParticipationStatus,
    ICalendarProperty, ICalendarStatus, ICalendarUserTypes, ICalendarValue,
};
use calcard::{Entry, Parser};
use chrono::{DateTime, Utc};

pub use super::bounds::{DEFAULT_SERIES_INSTANCES, Limits};
use super::bounds::{MAX_INSTANCES, SeriesCount};
use super::mentions_video;
use super::{EventStart, EventStatus, NotAMeeting, RemoteAttendee, RemoteEvent};
use kith_domain::model::ResponseStatus;

/// Instances expanded per feed at most, over all its series: a feed of many series that
/// each repeat forever is bounded too.
const MAX_FEED_INSTANCES: usize = 10 * MAX_INSTANCES;
/// Calendars read from one feed at most (some feeds concatenate many).
const MAX_CALENDARS: usize = 10_000;
/// What a feed gave: its events inside the window, and what could not be read.
#[derive(Clone, Debug, Default)]
pub struct IcsFeed {
    pub events: Vec<RemoteEvent>,
    pub errors: Vec<String>,
}

/// Reads every event of an ICS text that starts inside `[from, to]`, with the default
/// limits and no broadcast rule. Floating times are read in `zone` (the owner's).
pub fn read_feed(
    text: &str,
    zone: chrono_tz::Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> IcsFeed {
    read_feed_within(text, zone, from, to, &Limits::default())
}

/// `read_feed` within `limits`.
pub fn read_feed_within(
    text: &str,
    zone: chrono_tz::Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limits: &Limits,
) -> IcsFeed {
    let mut reading = Reading {
        zone,
        from,
        to,
        limits,
        budget: MAX_FEED_INSTANCES,
        seen: HashMap::new(),
        feed: IcsFeed::default(),
        unread_series: 0,
        full: false,
    };
    // Some exports are a bare VEVENT with no VCALENDAR around it.
    let wrapped;
    let text = if !contains_ignoring_case(text, "BEGIN:VCALENDAR")
        && contains_ignoring_case(text, "BEGIN:VEVENT")
    {
        wrapped = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}\r\nEND:VCALENDAR\r\n",
            text.trim()
        );
        wrapped.as_str()
    } else {
        text
    };
    for calendar in calendars(text, &mut reading.feed.errors) {
        for part in split(calendar) {
            reading.part(&part);
        }
    }
    if reading.unread_series > 0 {
        reading.feed.errors.push(format!(
            "the feed repeats more than {MAX_FEED_INSTANCES} instances in all; {} recurring events after that were not read",
            reading.unread_series
        ));
    }
    let mut feed = reading.feed;
    // Drop the instances an override replaced.
    feed.events.retain(|event| !event.key.is_empty());
    feed
}

/// The calendars of a feed, with what could not be parsed.
fn calendars(text: &str, errors: &mut Vec<String>) -> Vec<ICalendar> {
    let mut parser = Parser::new(text);
    let mut calendars = Vec::new();
    for _ in 0..MAX_CALENDARS * 4 {
        match parser.entry() {
            Entry::ICalendar(calendar) => calendars.push(calendar),
            Entry::Eof => break,
            Entry::TooManyComponents => {
                errors.push("the feed has too many components; the rest was not read".into());
                break;
            }
            Entry::VCard(_) => errors.push("a vCard inside a calendar feed was ignored".into()),
            Entry::InvalidLine(line) => errors.push(format!(
                "unreadable line: {}",
                line.chars().take(80).collect::<String>()
            )),
            other => errors.push(
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
    calendars
}

/// A part of a calendar expanded on its own: its one-off events, or one series (every
/// component of one UID), each with the time zones it names.
struct Part {
    calendar: ICalendar,
    series: bool,
}

/// Splits a calendar into its one-off events and its series. Only VEVENTs are kept.
fn split(calendar: ICalendar) -> Vec<Part> {
    let mut zones: HashMap<String, ICalendarComponent> = HashMap::new();
    for component in &calendar.components {
        if component.component_type == ICalendarComponentType::VTimezone
            && let Some((name, _)) = component.timezone()
        {
            zones.insert(name.to_owned(), component.clone());
        }
    }
    let mut singles = Part {
        calendar: ICalendar { components: vec![] },
        series: false,
    };
    let mut series: Vec<Part> = Vec::new();
    let mut by_uid: HashMap<String, usize> = HashMap::new();
    for mut component in calendar.components {
        if component.component_type != ICalendarComponentType::VEvent {
            continue;
        }
        // Its children (alarms) are not read, and their ids would point elsewhere here.
        component.component_ids.clear();
        utc_start_named(&mut component);
        let part = if component.is_recurrent_or_override() {
            let uid = uid_of(&component);
            let index = *by_uid.entry(uid).or_insert_with(|| {
                series.push(Part {
                    calendar: ICalendar { components: vec![] },
                    series: true,
                });
                series.len() - 1
            });
            &mut series[index]
        } else {
            &mut singles
        };
        for name in zone_names(&component) {
            let has = part.calendar.components.iter().any(|c| {
                c.component_type == ICalendarComponentType::VTimezone
                    && c.timezone().is_some_and(|(n, _)| n == name)
            });
            if !has && let Some(zone) = zones.get(name) {
                part.calendar.components.push(zone.clone());
            }
        }
        part.calendar.components.push(component);
    }
    std::iter::once(singles).chain(series).collect()
}

/// A series whose DTSTART is in UTC (`…Z`, no TZID) gets `TZID=UTC` on it: calcard
/// expands a series in its start's TZID, else in the default zone (the owner's), which
/// read a 14:00Z meeting as 14:00 local time and moved it with daylight saving time.
fn utc_start_named(component: &mut ICalendarComponent) {
    if component.property(&ICalendarProperty::Rrule).is_none() {
        return;
    }
    let Some(start) = component
        .entries
        .iter_mut()
        .find(|entry| entry.name == ICalendarProperty::Dtstart)
    else {
        return;
    };
    let in_utc = start
        .values
        .first()
        .and_then(ICalendarValue::as_partial_date_time)
        .is_some_and(|at| at.has_time() && at.tz_hour == Some(0) && at.tz_minute.unwrap_or(0) == 0);
    if in_utc && start.parameter(&ICalendarParameterName::Tzid).is_none() {
        start.params.push(ICalendarParameter {
            name: ICalendarParameterName::Tzid,
            value: ICalendarParameterValue::Text("UTC".to_owned()),
        });
    }
}

/// The TZIDs a component names (DTSTART, DTEND, RECURRENCE-ID, EXDATE, RDATE).
fn zone_names(component: &ICalendarComponent) -> Vec<&str> {
    let mut names: Vec<&str> = component
        .entries
        .iter()
        .filter_map(|entry| parameter_text(entry, &ICalendarParameterName::Tzid))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// A component's UID, or (against the standard, but seen in the wild) what identifies
/// it best: its title and first start.
fn uid_of(component: &ICalendarComponent) -> String {
    match component.uid().map(str::trim).filter(|u| !u.is_empty()) {
        Some(uid) => uid.to_owned(),
        None => synthetic_uid(component),
    }
}

/// A feed being read: the limits, what is left of the expansion budget, the keys given
/// so far, and what it gave.
struct Reading<'a> {
    zone: chrono_tz::Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limits: &'a Limits,
    budget: usize,
    seen: HashMap<String, (usize, bool)>,
    feed: IcsFeed,
    /// Series not expanded because the feed's budget was spent.
    unread_series: usize,
    /// The feed's meetings cap was reached (and said).
    full: bool,
}

impl Reading<'_> {
    fn part(&mut self, part: &Part) {
        let calendar = &part.calendar;
        // Attendees once per component, shared by its instances; `None`: a broadcast.
        let attendees: Vec<Option<Arc<[RemoteAttendee]>>> = calendar
            .components
            .iter()
            .map(|component| {
                let list = attendees(component);
                let too_many = self.limits.others.as_ref().is_some_and(|others| {
                    others.too_many(
                        list.iter()
                            .map(|a| (a.address.as_str(), a.is_self || a.is_resource)),
                    )
                });
                (!too_many).then(|| list.into())
            })
            .collect();
        if part.series && self.broadcast_series(calendar, &attendees) {
            return;
        }
        if self.budget == 0 {
            self.unread_series += usize::from(part.series);
            return;
        }
        let limit = MAX_INSTANCES.min(self.budget);
        let expanded = calendar.expand_dates(self.zone, limit);
        // The expansion can hand back more than it was allowed (a calendar nested in an
        // event did), so the limit is kept here too.
        let allowed = expanded.events.len().min(limit);
        self.budget -= allowed;
        for error in &expanded.errors {
            let uid = calendar
                .component_by_id(error.comp_id)
                .and_then(ICalendarComponent::uid)
                .unwrap_or("(no UID)");
            self.feed
                .errors
                .push(format!("event {uid} skipped: {:?}", error.error));
        }
        let resolver = calendar.build_tz_resolver().with_default(self.zone);
        let mut count = SeriesCount::default();
        for instance in &expanded.events[..allowed] {
            let Some(component) = calendar.component_by_id(instance.comp_id) else {
                continue;
            };
            if component.component_type != ICalendarComponentType::VEvent {
                continue;
            }
            let start = instance.start.with_timezone(&Utc);
            count.last = count.last.max(Some(start));
            if start < self.from || start > self.to {
                continue;
            }
            if part.series {
                count.in_window += 1;
                if count.read >= self.limits.series_instances {
                    continue;
                }
                count.read += 1;
                count.last_read = count.last_read.max(Some(start));
            }
            if self.feed.events.len() >= MAX_INSTANCES {
                if !self.full {
                    self.full = true;
                    self.feed.errors.push(format!(
                        "more than {MAX_INSTANCES} meetings in the sync window; the rest was not read"
                    ));
                }
                return;
            }
            let shared = attendees[instance.comp_id as usize].clone();
            self.instance(component, &resolver, &instance.start, shared);
        }
        if part.series {
            // Reaching the expansion limit after the window is normal (a weekly meeting
            // with no end expands until it); before its end, instances are missing.
            count.stopped_early = allowed >= limit && count.last.is_some_and(|last| last < self.to);
            if let Some(problem) = self.cut(calendar, &count) {
                self.feed.errors.push(problem);
            }
        }
    }

    /// A series whose event (its first component with a rule) has too many attendees:
    /// given once, as a broadcast, without expanding it.
    fn broadcast_series(
        &mut self,
        calendar: &ICalendar,
        attendees: &[Option<Arc<[RemoteAttendee]>>],
    ) -> bool {
        let Some(index) = calendar.components.iter().position(|c| {
            c.component_type == ICalendarComponentType::VEvent
                && !c.is_recurrence_override()
                && c.is_recurrent_or_override()
        }) else {
            return false;
        };
        if attendees[index].is_some() {
            return false;
        }
        let component = &calendar.components[index];
        self.feed.events.push(RemoteEvent {
            key: uid_of(component),
            status: EventStatus::Confirmed,
            start: None,
            title: text_of(component, &ICalendarProperty::Summary)
                .unwrap_or_default()
                .to_owned(),
            location: None,
            has_video_link: false,
            attendees: Vec::new().into(),
            not_a_meeting: Some(NotAMeeting::Broadcast),
        });
        true
    }

    /// The located problem of a series cut short, if it was.
    fn cut(&self, calendar: &ICalendar, count: &SeriesCount) -> Option<String> {
        let component = calendar
            .components
            .iter()
            .find(|c| c.component_type == ICalendarComponentType::VEvent)?;
        let title = text_of(component, &ICalendarProperty::Summary).unwrap_or_default();
        count.problem(&uid_of(component), title, self.limits.series_instances)
    }

    /// One instance of `component` starting at `at`, added unless its key was given.
    fn instance(
        &mut self,
        component: &ICalendarComponent,
        resolver: &calcard::icalendar::timezone::TzResolver<&str>,
        at: &DateTime<calcard::common::timezone::Tz>,
        attendees: Option<Arc<[RemoteAttendee]>>,
    ) {
        let start = at.with_timezone(&Utc);
        let uid = uid_of(component);
        let uid = uid.as_str();
        let all_day = date_only(component);
        let key = if component.is_recurrent_or_override() {
            // An overridden instance is keyed by the start it replaces, so a moved
            // meeting keeps its interaction.
            let original = recurrence_id(component, resolver).unwrap_or(*at);
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
        let events = &mut self.feed.events;
        if let Some(&(index, existing_is_override)) = self.seen.get(&key) {
            if is_override && !existing_is_override {
                self.seen.insert(key.clone(), (events.len(), true));
                events[index].key.clear();
            } else {
                return;
            }
        } else {
            self.seen.insert(key.clone(), (events.len(), is_override));
        }
        let event_start = if all_day {
            EventStart::Day(at.date_naive())
        } else {
            EventStart::At {
                instant: start,
                zone: tzid(component).map(str::to_owned),
            }
        };
        let not_a_meeting = if is_birthday(uid) {
            Some(NotAMeeting::Birthday)
        } else if attendees.is_none() {
            Some(NotAMeeting::Broadcast)
        } else {
            None
        };
        events.push(RemoteEvent {
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
            attendees: attendees.unwrap_or_else(|| Vec::new().into()),
            not_a_meeting,
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

/// Whether `text` holds `needle` (ASCII), in any case, without copying the text.
pub fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    text.as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
}
