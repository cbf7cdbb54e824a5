//! The conversation engine, command by command and button by button, on an in-memory
//! store with a fixed clock. Each `check` shows the reply exactly as `kith ask` prints it:
//! the text, then every button as `[label] <callback data>`. Snapshots rewrite themselves
//! under `UPDATE_EXPECT=1`.

mod address_book;
mod archived;
mod beyond;
mod buttons;
mod callbacks;
mod commands;
mod corrections;
mod digest;
mod docs;
mod find_writing;
mod followups;
mod forwards;
mod free_text;
mod hostile;
mod ids;
mod lookups;
mod parse;
mod picks;
mod rollups_random;
mod shared_contacts;
mod snoozes;
mod telegram_chats;
mod telegram_identity;
mod telegram_partners;
mod telegram_reach;
mod topic_fixes;
mod topics;
mod truths;
mod undo_all;
mod undo_dependencies;
mod undo_imports;
mod undo_random;

use chrono::{DateTime, TimeZone, Utc};
use expect_test::Expect;
use kith::config::settings::Settings;
use kith::domain::model::{EmailAddress, EmailKind, InteractionType, ResponseStatus, Source, Tier};
use kith::engine::{Engine, Input, Reply};
use kith::store::{
    Attendee, CalendarEvent, Clock, EmploymentStatus, MatchTarget, NewInteraction, NewPerson,
    PersonField, Store,
};

/// A chat with kith over a small, hand-made network. Thursday 2026-11-26, 09:00 UTC.
pub struct Chat {
    pub store: Store,
    pub settings: Settings,
    pub now: DateTime<Utc>,
}

pub fn day(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn address(text: &str) -> EmailAddress {
    EmailAddress::parse(text).unwrap()
}

impl Chat {
    pub fn open() -> Chat {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        store.set_clock(Clock::Fixed(now));
        let settings = Settings::for_database(std::path::Path::new(":memory:"));
        let mut chat = Chat {
            store,
            settings,
            now,
        };
        chat.populate();
        chat
    }

    fn person(&mut self, name: &str, tier: Option<i64>) -> kith::domain::model::PersonId {
        let mut new = NewPerson::named(name);
        new.closeness = tier.map(|t| Tier::new(t).unwrap());
        self.store.create_person(&new).unwrap()
    }

    fn populate(&mut self) {
        let bob_jones = self.person("Bob Jones", Some(3));
        let alice = self.person("Alice Smith", Some(2));
        let _bob_marley = self.person("Bob Marley", Some(5));
        let zoe = self.person("Zoë Müller", Some(1));
        let store = &mut self.store;
        store
            .set_person_field(alice, PersonField::IntroducedBy(Some(bob_jones)))
            .unwrap();
        store
            .set_person_field(alice, PersonField::Location(Some("Berlin".into())))
            .unwrap();
        store
            .append_person_note(alice, day("2026-10-01"), "Angel investor, likes climbing")
            .unwrap();
        store
            .add_email(alice, &address("alice@acme.io"), EmailKind::Work)
            .unwrap();
        store
            .add_email(zoe, &address("zoe@gmail.com"), EmailKind::Personal)
            .unwrap();
        store.tag_person(alice, "Investor").unwrap();
        store.tag_person(zoe, "Friend").unwrap();
        let acme = store.create_organization("Acme Labs").unwrap();
        store.add_organization_domain(acme, "acme.io").unwrap();
        store.tag_organization(acme, "BigTech").unwrap();
        store
            .set_employment(alice, acme, Some("CTO"), EmploymentStatus::Current)
            .unwrap();
        store
            .set_employment(bob_jones, acme, Some("Engineer"), EmploymentStatus::Former)
            .unwrap();

        let attendee = |a: &str, name: Option<&str>, response| Attendee {
            address: address(a),
            display_name: name.map(str::to_owned),
            response,
        };
        let meetings = [
            (
                "g1",
                "2026-09-10",
                InteractionType::OneOnOneVideo,
                vec![attendee(
                    "alice@acme.io",
                    Some("Alice Smith"),
                    ResponseStatus::Accepted,
                )],
            ),
            (
                "g2",
                "2026-10-20",
                InteractionType::GroupVideo,
                vec![
                    attendee("alice@acme.io", None, ResponseStatus::Accepted),
                    attendee("jane.d@acme.io", Some("Jane D."), ResponseStatus::Accepted),
                    attendee("bob.marley@reggae.org", None, ResponseStatus::Accepted),
                ],
            ),
            (
                "g3",
                "2026-11-02",
                InteractionType::OneOnOneVideo,
                vec![attendee(
                    "jane.d@acme.io",
                    Some("Jane D."),
                    ResponseStatus::Accepted,
                )],
            ),
            (
                "g4",
                "2026-12-01",
                InteractionType::OneOnOneVideo,
                vec![attendee("zoe@gmail.com", None, ResponseStatus::Accepted)],
            ),
        ];
        for (id, on, kind, attendees) in meetings {
            store
                .upsert_calendar_event(&CalendarEvent {
                    event_id: id.into(),
                    source: Source::Google,
                    occurred_on: day(on),
                    occurred_at: None,
                    time_zone: None,
                    title: format!("Meeting {id}"),
                    kind,
                    did_not_happen: false,
                    attendees,
                })
                .unwrap();
        }
        let mut coffee =
            NewInteraction::manual(day("2026-05-01"), InteractionType::Coffee, vec![zoe]);
        coffee.notes = "Talked about moving to Lisbon".into();
        store.log_interaction(&coffee).unwrap();
    }

    pub fn send(&mut self, text: &str) -> Reply {
        Engine::new(
            &mut self.store,
            &kith::engine::Preferences::from(&self.settings),
        )
        .handle(1, Input::Text(text.into()), self.now)
    }

    pub fn press(&mut self, data: &str) -> Reply {
        Engine::new(
            &mut self.store,
            &kith::engine::Preferences::from(&self.settings),
        )
        .handle(1, Input::Press(data.into()), self.now)
    }

    /// The callback data of the first button whose label contains `label`.
    pub fn button(reply: &Reply, label: &str) -> String {
        reply
            .buttons
            .iter()
            .flatten()
            .find(|b| b.label.contains(label))
            .unwrap_or_else(|| panic!("no button {label:?} in {}", reply.render_plain()))
            .data()
    }
}

/// A property's settings: `cases` in CI, or `PROPTEST_CASES` when it is set (a longer
/// search: `PROPTEST_CASES=2000 cargo test --release --test engine undo_random`). A
/// failing case is saved in `file`, under the build's own folder rather than the source
/// tree, and tried first on the next run; the failure message prints the shrunk steps,
/// which become a test named after the defect.
pub fn property(cases: u32, file: &'static str) -> proptest::test_runner::Config {
    let default = proptest::test_runner::Config::default();
    proptest::test_runner::Config {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            default.cases
        } else {
            cases
        },
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(file),
        )),
        ..default
    }
}

/// Sends `input` (or presses, when it starts with `press `) and compares the rendered reply.
pub fn check(chat: &mut Chat, input: &str, expect: Expect) -> Reply {
    let reply = match input.strip_prefix("press ") {
        Some(data) => chat.press(data),
        None => chat.send(input),
    };
    let mut shown = reply.render_plain();
    if reply.presentation == kith::engine::reply::Presentation::Notice {
        shown = format!("(notice) {shown}");
    }
    expect.assert_eq(&shown);
    reply
}
