//! The trigger-kept rollups /stale and /unknown read (each person's last meeting with
//! their tier, cadence and archived mark; each address's attendance count, mail count and
//! latest day) after any sequence of writes — chat changes, undos, calendar syncs, mail
//! syncs, cancellations, snoozes — equal a full recomputation, and the overdue pages read
//! through the index equal the pages ranked the long way (under every filter, a snoozed
//! person left out of both).

use kith::domain::model::{EmailAddress, InteractionType, ResponseStatus, Source, Tier};
use kith::store::{Attendee, CalendarEvent, StaleFilter, StaleQuery, SyncBatch};
use proptest::prelude::*;

use super::{Chat, day};

const ADDRESSES: [&str; 6] = [
    "alice@acme.io",
    "jane.d@acme.io",
    "bob.marley@reggae.org",
    "zoe@gmail.com",
    "new@example.org",
    "sam@acme.io",
];
const DAYS: [&str; 6] = [
    "2025-01-15",
    "2026-06-01",
    "2026-10-20",
    "2026-11-20",
    "2026-11-26",
    "2026-12-05",
];
const PEOPLE: [&str; 4] = ["Alice Smith", "Bob Jones", "Zoë Müller", "Bob Marley"];

/// A sync's, a chat's or an undo's write.
fn write() -> impl Strategy<Value = String> {
    let attendees = proptest::collection::vec((0..ADDRESSES.len(), 0u8..3), 0..4);
    prop_oneof![
        4 => super::undo_all::step(),
        2 => (1u8..=5, 0..DAYS.len(), attendees.clone())
            .prop_map(|(e, d, a)| format!("sync g{e} {d} {}", encode(&a))),
        2 => (1u8..=4, 0..DAYS.len(), attendees)
            .prop_map(|(t, d, a)| format!("mail t{t} {d} {}", encode(&a))),
        1 => (1u8..=5).prop_map(|e| format!("cancel g{e}")),
        1 => (proptest::sample::select(PEOPLE.to_vec()), 0u8..4).prop_map(|(p, c)| {
            format!("/cadence {p} {}", ["3w", "10d", "off", "tier"][c as usize])
        }),
        1 => (1u8..=4, 0..DAYS.len()).prop_map(|(p, d)| format!("snooze {p} {d}")),
        1 => (1u8..=4).prop_map(|p| format!("press uz:{p}")),
        1 => Just("/undo".to_owned()),
    ]
}

fn encode(attendees: &[(usize, u8)]) -> String {
    attendees
        .iter()
        .map(|(a, r)| format!("{a}.{r}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn event(source: Source, id: &str, on: usize, attendees: &str) -> CalendarEvent {
    let attendees = attendees
        .split(',')
        .filter(|a| !a.is_empty())
        .map(|a| {
            let (address, answer) = a.split_once('.').unwrap();
            Attendee {
                address: EmailAddress::parse(ADDRESSES[address.parse::<usize>().unwrap()]).unwrap(),
                display_name: None,
                response: [
                    ResponseStatus::Accepted,
                    ResponseStatus::Declined,
                    ResponseStatus::Tentative,
                ][answer.parse::<usize>().unwrap()],
            }
        })
        .collect();
    CalendarEvent {
        event_id: id.to_owned(),
        source,
        occurred_on: day(DAYS[on]),
        occurred_at: None,
        time_zone: None,
        title: format!("Event {id}"),
        kind: if source.is_mail() {
            InteractionType::Email
        } else {
            InteractionType::GroupVideo
        },
        did_not_happen: false,
        attendees,
    }
}

fn apply(chat: &mut Chat, step: &str) {
    let words: Vec<&str> = step.split(' ').collect();
    match words[0] {
        "sync" | "mail" => {
            let on: usize = words[2].parse().unwrap();
            let (source, id, name) = if words[0] == "sync" {
                (Source::Google, words[1].to_owned(), "google:primary")
            } else {
                (
                    Source::Gmail,
                    format!("mail:<{}@x>:{}", words[1], DAYS[on]),
                    "gmail",
                )
            };
            let batch = SyncBatch {
                upserts: vec![event(source, &id, on, words.get(3).copied().unwrap_or(""))],
                cancels: Vec::new(),
            };
            chat.store.apply_sync(name, &batch, None).unwrap();
        }
        "snooze" => {
            // A snooze ending before today, today, or ahead: only one ahead hides.
            let person = kith::domain::model::PersonId(words[1].parse().unwrap());
            let until = day(DAYS[words[2].parse::<usize>().unwrap()]);
            // Someone an undo or merge took away is not there to snooze: refused, as a
            // user's press of their old button would be.
            if let Err(error) = chat.store.set_snoozed_until(person, Some(until)) {
                assert!(error.is_refusal(), "{error}");
            }
        }
        "cancel" => {
            let batch = SyncBatch {
                upserts: Vec::new(),
                cancels: vec![words[1].to_owned()],
            };
            chat.store
                .apply_sync("google:primary", &batch, None)
                .unwrap();
        }
        _ => {
            match step.strip_prefix("press ") {
                Some(data) => chat.press(data),
                None => chat.send(step),
            };
        }
    }
}

proptest! {
    #![proptest_config(super::property(
        40,
        concat!(env!("CARGO_TARGET_TMPDIR"), "/proptest/rollups_random.txt"),
    ))]

    #[test]
    fn the_ranking_rollups_equal_a_recomputation_after_any_writes(
        steps in proptest::collection::vec(write(), 1..25)
    ) {
        let mut chat = Chat::open();
        let closeness = chat.settings.closeness.clone();
        let today = chat.now.date_naive();
        let acme = chat.store.organization_by_name("Acme Labs").unwrap().unwrap().id;
        let filters = [
            StaleFilter::All,
            StaleFilter::Tier(Tier::new(2).unwrap()),
            StaleFilter::Tag("Friend".to_owned()),
            StaleFilter::Organization(acme),
        ];
        for (n, step) in steps.iter().enumerate() {
            apply(&mut chat, step);
            let problems = chat.store.health_problems().unwrap();
            prop_assert!(problems.is_empty(), "after {:?}: {problems:?}", &steps[..=n]);
            for filter in &filters {
                for (offset, limit) in [(0, 10), (1, 2), (3, 10)] {
                    let query = StaleQuery::new(filter, &closeness, today).page(offset, limit);
                    let indexed = chat.store.stale(&query).unwrap();
                    let scanned = chat.store.stale_scanned(&query).unwrap();
                    prop_assert_eq!(
                        indexed, scanned, "{:?} {}+{} after {:?}", filter, offset, limit, &steps[..=n]
                    );
                }
            }
        }
    }
}
