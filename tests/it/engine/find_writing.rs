//! `/find` searching what the owner wrote: people's notes, interactions' titles and
//! notes, topics, listed after the names under "In your notes" with the match «marked»;
//! question words dropped, FTS5 syntax read as words, pages with ◀ ▶, archived people
//! marked, the index following every write and its Undo; and the index against the
//! long way (every row read) on random data.

use expect_test::expect;
use kith::domain::model::PersonId;
use kith::store::{Reach, Written};
use proptest::prelude::*;

use super::*;

/// The people of the demo chat by number: Bob Jones 1, Alice 2, Bob Marley 3, Zoë 4.
const BOB_MARLEY: PersonId = PersonId(3);

#[test]
fn a_question_finds_the_person_whose_note_says_it() {
    let mut chat = Chat::open();
    chat.store
        .append_person_note(
            BOB_MARLEY,
            day("2026-11-01"),
            "Spends every summer sailing off Crete",
        )
        .unwrap();
    check(
        &mut chat,
        "who was into sailing?",
        expect![[r#"
            No one is called "who was into sailing?".

            In your notes:
            1. Bob Marley · notes: 2026-11-01: Spends every summer «sailing» off Crete
            [1] p:3"#]],
    );
    // A word is the start of one: "sail" finds "sailing", and /find says the same.
    check(
        &mut chat,
        "/find sail crete",
        expect![[r#"
            No one is called "sail crete".

            In your notes:
            1. Bob Marley · notes: 2026-11-01: Spends every summer «sailing» off «Crete»
            [1] p:3"#]],
    );
}

#[test]
fn interactions_and_topics_are_found_with_their_day_and_person() {
    let mut chat = Chat::open();
    chat.send("/topic Zoë: her move to Lisbon");
    check(
        &mut chat,
        "/find lisbon",
        expect![[r#"
            No one is called "lisbon".

            In your notes:
            1. Zoë Müller · to bring up: her move to «Lisbon»
            2. 2026-05-01 · coffee · Zoë Müller: Talked about moving to «Lisbon»
            [1] p:4
            [2] ic:5"#]],
    );
    // Accents and case are ignored both ways; a meeting's title is searched too.
    check(
        &mut chat,
        "/find MEETING g3",
        expect![[r#"
            No one is called "MEETING g3".

            In your notes:
            1. 2026-11-02 · 1:1-vc: «Meeting» «g3»
            [1] ic:3"#]],
    );
    check(
        &mut chat,
        "/find lisböñ",
        expect![[r#"
            No one is called "lisböñ".

            In your notes:
            1. Zoë Müller · to bring up: her move to «Lisbon»
            2. 2026-05-01 · coffee · Zoë Müller: Talked about moving to «Lisbon»
            [1] p:4
            [2] ic:5"#]],
    );
}

#[test]
fn search_syntax_is_read_as_words_and_never_an_error() {
    let mut chat = Chat::open();
    for query in [
        "\"lisbon",
        "lisbon*",
        "(lisbon)*",
        "-lisbon",
        "^lisbon",
        "lisbon:",
        ":lisbon",
        "lisbon AND OR",
        "(lisbon",
        "lisbon'",
    ] {
        let reply = chat.send(&format!("/find {query}"));
        let shown = reply.render_plain();
        assert!(shown.contains("«Lisbon»"), "{query}: {shown}");
    }
    // An operator is a word like any other: "near" is in no note.
    check(
        &mut chat,
        "/find NEAR(lisbon moving)",
        expect![[
            r#"No one matches "NEAR(lisbon moving)". Add them with /new NEAR(lisbon moving)."#
        ]],
    );
    // Words that are all question or stop words look for nothing in the notes.
    check(
        &mut chat,
        "/find who was it",
        expect![[r#"No one matches "who was it". Add them with /new who was it."#]],
    );
}

#[test]
fn a_name_still_opens_the_card_with_the_notes_a_press_away() {
    let mut chat = Chat::open();
    chat.send("/note Bob Jones: Alice introduced us at the offsite");
    let card = chat.send("/find alice");
    let notes = Chat::button(&card, "In your notes: 1");
    assert!(
        card.render_plain().starts_with("Alice Smith"),
        "{}",
        card.render_plain()
    );
    check(
        &mut chat,
        &format!("press {notes}"),
        expect![[r#"
            What you wrote about "alice":
            1. Bob Jones · notes: 2026-11-26: «Alice» introduced us at the offsite
            [1] p:1"#]],
    );
}

#[test]
fn several_names_come_first_then_the_notes() {
    let mut chat = Chat::open();
    chat.send("/note Zoë: plays bob-sleigh");
    check(
        &mut chat,
        "/find bob",
        expect![[r#"
            2 matches for "bob":

            In your notes:
            1. Zoë Müller · notes: 2026-11-26: plays «bob»-sleigh
            [Bob Jones] p:1
            [Bob Marley] p:3
            [1] p:4"#]],
    );
}

#[test]
fn notes_come_a_page_at_a_time() {
    let mut chat = Chat::open();
    for n in 0..13 {
        let mut sail = NewInteraction::manual(
            day("2026-06-01") + chrono::Days::new(n),
            InteractionType::Other,
            vec![BOB_MARLEY],
        );
        sail.notes = format!("Regatta number {n}");
        chat.store.log_interaction(&sail).unwrap();
    }
    let first = chat.send("/find regatta");
    let shown = first.render_plain();
    assert!(shown.contains("1–10 of 13"), "{shown}");
    assert!(!shown.contains('◀'), "{shown}");
    let next = Chat::button(&first, "▶");
    let second = check(
        &mut chat,
        &format!("press {next}"),
        expect![[r#"
            What you wrote about "regatta":
            11. 2026-06-11 · other · Bob Marley: «Regatta» number 10
            12. 2026-06-12 · other · Bob Marley: «Regatta» number 11
            13. 2026-06-13 · other · Bob Marley: «Regatta» number 12
            11–13 of 13
            [11] ic:16
            [12] ic:17
            [13] ic:18
            [◀] sw:1:0"#]],
    );
    let back = Chat::button(&second, "◀");
    let again = chat.press(&back);
    assert!(again.render_plain().contains("1–10 of 13"));
    // Past the end (the list shrank), a forged id, another chat's search: nothing breaks.
    check(
        &mut chat,
        "press sw:1:40",
        expect![[r#"
        No more — 13 in all.
        [◀ First page] sw:1:0"#]],
    );
    check(
        &mut chat,
        "press sw:99:0",
        expect!["(notice) This button has expired."],
    );
    let other = Engine::new(
        &mut chat.store,
        &kith::engine::Preferences::from(&chat.settings),
    )
    .handle(2, Input::Press(next.clone()), chat.now);
    assert_eq!(other.render_plain(), "This button has expired.");
}

#[test]
fn an_archived_persons_notes_are_found_and_marked() {
    let mut chat = Chat::open();
    chat.store
        .append_person_note(BOB_MARLEY, day("2026-11-01"), "Knows everyone in sailing")
        .unwrap();
    chat.store.set_archived(BOB_MARLEY, true).unwrap();
    check(
        &mut chat,
        "/find sailing",
        expect![[r#"
            No one is called "sailing".

            In your notes:
            1. Bob Marley (archived) · notes: 2026-11-01: Knows everyone in «sailing»
            [1] p:3"#]],
    );
    let active = chat
        .store
        .find_writing("sailing", Reach::Active, 0, 10)
        .unwrap();
    assert_eq!(active.total, 0);
    let archived = chat
        .store
        .find_writing("sailing", Reach::Archived, 0, 10)
        .unwrap();
    assert_eq!(archived.total, 1);
}

#[test]
fn the_index_follows_each_write_and_its_undo() {
    let mut chat = Chat::open();
    let found = |chat: &Chat, query: &str| {
        chat.store
            .find_writing_scanned(query, Reach::Everyone)
            .unwrap()
    };
    let indexed = |chat: &Chat, query: &str| {
        let page = chat
            .store
            .find_writing(query, Reach::Everyone, 0, 100)
            .unwrap();
        let mut rows: Vec<Written> = page.hits.into_iter().map(|hit| hit.written).collect();
        rows.sort_unstable();
        rows
    };
    let note = chat.send("/note Bob Marley: taught me kitesurfing");
    assert!(
        note.render_plain().contains("Undo"),
        "{}",
        note.render_plain()
    );
    assert_eq!(
        indexed(&chat, "kitesurf"),
        vec![Written::PersonNotes(BOB_MARLEY)]
    );
    chat.press(&Chat::button(&note, "Undo"));
    assert_eq!(indexed(&chat, "kitesurf"), vec![]);
    let logged = chat.send("/log coffee with Alice yesterday: kitesurfing plans");
    assert_eq!(indexed(&chat, "kitesurfing"), found(&chat, "kitesurfing"));
    assert_eq!(indexed(&chat, "kitesurfing").len(), 1);
    chat.press(&Chat::button(&logged, "Undo"));
    assert_eq!(indexed(&chat, "kitesurfing"), vec![]);
    let topic = chat.send("/topic Alice: kitesurfing in Tarifa");
    assert_eq!(indexed(&chat, "tarifa").len(), 1);
    chat.press(&Chat::button(&topic, "Undo"));
    assert_eq!(indexed(&chat, "tarifa"), vec![]);
    // A meeting's title changed by hand, and the meeting deleted.
    let g3 = kith::domain::model::InteractionId(3);
    chat.store.set_interaction_title(g3, "Board prep").unwrap();
    assert_eq!(indexed(&chat, "board"), vec![Written::Interaction(g3)]);
    assert_eq!(indexed(&chat, "g3"), vec![]);
    chat.store.delete_interaction(g3).unwrap();
    assert_eq!(indexed(&chat, "board"), vec![]);
    assert_eq!(
        chat.store.writing_search_problems().unwrap(),
        Vec::<String>::new()
    );
}

/// Words the random rows are made of: prefixes of one another, accents, a hyphen.
const VOCABULARY: &[&str] = &[
    "sail",
    "sailing",
    "sailor",
    "café",
    "cafe",
    "zürich",
    "zurich",
    "lisbon",
    "lis",
    "bob-sleigh",
    "bob",
    "ski",
    "skiing",
    "naïve",
    "Élan",
    "elan",
    "moving",
    "climb",
    "climbing",
    "x1",
];

fn random_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(VOCABULARY),
            prop::sample::select(&[" ", ", ", "\n", "; "][..]),
        ),
        0..6,
    )
    .prop_map(|words| {
        words
            .into_iter()
            .map(|(w, sep)| format!("{w}{sep}"))
            .collect()
    })
}

fn random_query() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            &[
                "sail", "sailing", "sa", "cafe", "Café", "zur", "ZÜRICH", "lis", "bob", "sleigh",
                "ski", "naive", "elan", "climb", "x1", "who", "the", "\"", "*", "NEAR", "-", "^",
                ":",
            ][..],
        ),
        1..4,
    )
    .prop_map(|words| words.join(" "))
}

proptest! {
    #![proptest_config(property(48, "target/proptest-find-writing.txt"))]

    #[test]
    fn the_index_finds_what_the_long_way_finds(
        notes in prop::collection::vec(random_text(), 4),
        interactions in prop::collection::vec((random_text(), random_text()), 0..8),
        topics in prop::collection::vec(random_text(), 0..4),
        archived in prop::collection::vec(any::<bool>(), 4),
        queries in prop::collection::vec(random_query(), 1..6),
    ) {
        let mut store = Store::open_in_memory().unwrap();
        let mut people = Vec::new();
        for (n, (note, archived)) in notes.iter().zip(&archived).enumerate() {
            let id = store.create_person(&NewPerson::named(&format!("Person {n}"))).unwrap();
            if !note.trim().is_empty() {
                store.append_person_note(id, day("2026-01-01"), note).unwrap();
            }
            if *archived {
                store.set_archived(id, true).unwrap();
            }
            people.push(id);
        }
        for (n, (title, notes)) in interactions.iter().enumerate() {
            let mut new = NewInteraction::manual(day("2026-02-01"), InteractionType::Other, vec![people[n % 4]]);
            new.notes = notes.clone();
            let id = store.log_interaction(&new).unwrap();
            if !title.trim().is_empty() {
                store.set_interaction_title(id, title.trim()).unwrap();
            }
        }
        for (n, text) in topics.iter().enumerate() {
            if !text.trim().is_empty() {
                store.add_topic(people[n % 4], text.trim()).unwrap();
            }
        }
        for query in &queries {
            for reach in [Reach::Active, Reach::Everyone, Reach::Archived] {
                let page = store.find_writing(query, reach, 0, 1000).unwrap();
                let mut indexed: Vec<Written> = page.hits.iter().map(|hit| hit.written).collect();
                indexed.sort_unstable();
                prop_assert_eq!(page.total, indexed.len());
                prop_assert_eq!(&indexed, &store.find_writing_scanned(query, reach).unwrap(), "{:?} {:?}", query, reach);
            }
        }
        prop_assert_eq!(store.writing_search_problems().unwrap(), Vec::<String>::new());
    }
}

#[test]
fn kith_check_reports_an_index_that_drifted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    let ana = store.create_person(&NewPerson::named("Ana Souza")).unwrap();
    store
        .append_person_note(ana, day("2026-11-01"), "sailing")
        .unwrap();
    store.add_topic(ana, "the regatta").unwrap();
    assert_eq!(
        store.writing_search_problems().unwrap(),
        Vec::<String>::new()
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("DELETE FROM writing_search WHERE rowid % 4 = 3", [])
        .unwrap();
    conn.execute(
        "INSERT INTO writing_search (rowid, title, body) VALUES (8, '', 'stray')",
        [],
    )
    .unwrap();
    assert_eq!(
        store.writing_search_problems().unwrap(),
        vec![
            "search: /find's index of what you wrote holds 0 topics, the database 1".to_owned(),
            "search: /find's index of what you wrote holds 1 rows of nothing".to_owned(),
        ]
    );
}
