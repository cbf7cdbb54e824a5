//! Store behaviour on in-memory SQLite with the real migrations, one table of cases per rule.

mod actors;
mod address_book;
mod address_book_fields;
mod address_book_take;
mod birthdays;
mod dupes;
mod errors;
mod find;
mod ids;
mod merge;
mod organizations;
mod reconcile;
mod rollup;
mod schema;
mod stale;
mod tables;
mod unknown;
mod upsert;

use chrono::{NaiveDate, TimeZone, Utc};
use kith::domain::model::{EmailAddress, InteractionType, PersonId, ResponseStatus, Source, Tier};
use kith::store::{Attendee, CalendarEvent, Clock, NewPerson, Store};

/// "Today" in every store test.
pub const TODAY: &str = "2026-11-26";

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test dates are ISO")
}

pub fn today() -> NaiveDate {
    day(TODAY)
}

pub fn address(text: &str) -> EmailAddress {
    EmailAddress::parse(text).expect("test addresses are valid")
}

/// A fresh in-memory store with a fixed clock.
pub fn store() -> Store {
    let mut store = Store::open_in_memory().expect("in-memory store opens");
    store.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
    ));
    store
}

pub fn person(store: &mut Store, name: &str) -> PersonId {
    store
        .create_person(&NewPerson::named(name))
        .expect("person created")
}

pub fn person_in_tier(store: &mut Store, name: &str, tier: i64) -> PersonId {
    let mut new = NewPerson::named(name);
    new.closeness = Some(Tier::new(tier).unwrap());
    store.create_person(&new).expect("person created")
}

/// A calendar event on `on` with `attendees` as (address, answer).
pub fn event(id: &str, on: &str, attendees: &[(&str, ResponseStatus)]) -> CalendarEvent {
    CalendarEvent {
        event_id: id.to_owned(),
        source: Source::Google,
        occurred_on: day(on),
        occurred_at: None,
        time_zone: None,
        title: format!("Meeting {id}"),
        kind: if attendees.len() > 1 {
            InteractionType::GroupVideo
        } else {
            InteractionType::OneOnOneVideo
        },
        did_not_happen: false,
        attendees: attendees
            .iter()
            .map(|(a, response)| Attendee {
                address: address(a),
                display_name: None,
                response: *response,
            })
            .collect(),
    }
}

/// Every table's row count: a cheap fingerprint to show that nothing changed.
pub fn fingerprint(store: &Store) -> Vec<(&'static str, i64)> {
    store.table_counts().expect("counts")
}
