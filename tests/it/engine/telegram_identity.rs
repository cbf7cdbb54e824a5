//! People's Telegram accounts: `/set NAME telegram` (a username, a t.me link, `-`), its
//! refusals, the card's "Telegram:" line and **Open chat** link, the **Edit ▸** menu's
//! Telegram, and **Open chat** on /stale, /reminders and briefs — rows never wider than
//! three buttons. Each change is undone by **Undo**.

use chrono::TimeZone;
use expect_test::expect;
use kith::domain::model::PersonId;
use kith::engine::Reply;
use kith::store::{Commit, NewFollowUp, Store, TelegramIdentity};

use super::*;

/// The hand-made network's ids (`Chat::populate`).
const BOB_JONES: PersonId = PersonId(1);
const ALICE: PersonId = PersonId(2);

/// Every row of a reply's buttons, as labels.
fn rows(reply: &Reply) -> Vec<Vec<String>> {
    reply
        .buttons
        .iter()
        .map(|row| row.iter().map(|b| b.label.clone()).collect())
        .collect()
}

/// The URL of the first link button labelled `label`.
fn link(reply: &Reply, label: &str) -> Option<String> {
    reply
        .buttons
        .iter()
        .flatten()
        .find(|b| b.label.contains(label))
        .and_then(|b| b.url().map(str::to_owned))
}

fn no_row_wider_than_three(reply: &Reply) {
    for row in &reply.buttons {
        assert!(row.len() <= 3, "{:?}", rows(reply));
    }
}

#[test]
fn set_telegram_shows_on_the_card_with_open_chat_and_undo_takes_it_back() {
    let mut chat = Chat::open();
    let set = check(
        &mut chat,
        "/set Alice Smith telegram @alice_smith",
        expect![[r#"
            Alice Smith's Telegram: @alice_smith.
            [Alice Smith ▸] p:2
            [↩ Undo] un:1"#]],
    );
    let card = check(
        &mut chat,
        "/p Alice Smith",
        expect![[r#"
            Alice Smith
            CTO at Acme Labs
            Tier: 2 Close (every 30 days)
            Tags: Investor
            Email: alice@acme.io (primary, work)
            Introduced by: Bob Jones
            Location: Berlin
            Telegram: @alice_smith
            Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
            Latest:
              1. 2026-10-20 · group-vc — Meeting g2
              2. 2026-09-10 · 1:1-vc — Meeting g1
            Notes:
            2026-10-01: Angel investor, likes climbing
            [1] ic:2
            [2] ic:1
            [Log] l:2
            [Note] n:2
            [Interactions ▸] i:2:0
            [Edit ▸] ep:2
            [Edit tier] et:2
            [History] hi:2:0
            [Remind ▸] rm:2
            [Open chat] https://t.me/alice_smith"#]],
    );
    assert_eq!(
        link(&card, "Open chat").as_deref(),
        Some("https://t.me/alice_smith")
    );
    no_row_wider_than_three(&card);
    assert_eq!(
        chat.store
            .person(ALICE)
            .unwrap()
            .telegram
            .username
            .as_deref(),
        Some("alice_smith")
    );
    chat.press(&Chat::button(&set, "Undo"));
    assert!(chat.store.person(ALICE).unwrap().telegram.is_empty());
    let card = chat.send("/p Alice Smith");
    assert!(!card.body.contains("Telegram"), "{}", card.body);
    assert_eq!(link(&card, "Open chat"), None);
}

#[test]
fn a_t_me_link_is_read_as_the_username_and_a_dash_forgets_the_account() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/set Alice Smith telegram https://t.me/Alice_S",
        expect![[r#"
            Alice Smith's Telegram: @Alice_S.
            [Alice Smith ▸] p:2
            [↩ Undo] un:1"#]],
    );
    let forget = check(
        &mut chat,
        "/set Alice Smith telegram -",
        expect![[r#"
            Alice Smith's Telegram account is forgotten.
            [Alice Smith ▸] p:2
            [↩ Undo] un:2"#]],
    );
    assert!(chat.store.person(ALICE).unwrap().telegram.is_empty());
    check(
        &mut chat,
        "/set Alice Smith telegram -",
        expect![[r#"
            kith knows no Telegram account of Alice Smith.
            [Alice Smith ▸] p:2"#]],
    );
    chat.press(&Chat::button(&forget, "Undo"));
    assert_eq!(
        chat.store
            .person(ALICE)
            .unwrap()
            .telegram
            .username
            .as_deref(),
        Some("Alice_S")
    );
}

#[test]
fn a_username_of_someone_else_or_not_a_username_is_refused_and_changes_nothing() {
    let mut chat = Chat::open();
    chat.send("/set Alice Smith telegram @alice_smith");
    let before = chat.store.content_fingerprint().unwrap();
    check(
        &mut chat,
        "/set Bob Jones telegram @ALICE_SMITH",
        expect!["@ALICE_SMITH on Telegram is already Alice Smith's."],
    );
    check(
        &mut chat,
        "/set Bob Jones telegram @bob",
        expect![[r#"
            "@bob" is not a valid telegram: expected a Telegram username such as @ana_souza (5 to 32 letters, digits or _)."#]],
    );
    check(
        &mut chat,
        "/set Bob Jones telegram t.me/bob jones",
        expect![[r#"
            "t.me/bob jones" is not a valid telegram: expected a Telegram username such as @ana_souza (5 to 32 letters, digits or _)."#]],
    );
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
    assert!(chat.store.person(BOB_JONES).unwrap().telegram.is_empty());
}

#[test]
fn an_ambiguous_name_is_asked_about_before_the_username_is_set() {
    let mut chat = Chat::open();
    let asked = check(
        &mut chat,
        "/set Bob telegram @bob_jones",
        expect![[r#"
            Which "Bob" do you mean?
            [Bob Jones · #1] ch:1:1
            [Bob Marley · #3] ch:1:3
            [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&asked, "Bob Jones")),
        expect![[r#"
            Bob Jones's Telegram: @bob_jones.
            [Bob Jones ▸] p:1
            [↩ Undo] un:1"#]],
    );
}

#[test]
fn the_edit_menu_asks_for_the_username() {
    let mut chat = Chat::open();
    let menu = chat.send("/p Alice Smith");
    let menu = chat.press(&Chat::button(&menu, "Edit ▸"));
    no_row_wider_than_three(&menu);
    check(
        &mut chat,
        &format!("press {}", Chat::button(&menu, "Telegram")),
        expect![[r#"
            Telegram for Alice Smith: type their username, e.g. @ana_souza or a t.me link, or - to forget it.
            [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "@al",
        expect![[r#"
            "@al" is not a valid telegram: expected a Telegram username such as @ana_souza (5 to 32 letters, digits or _). Type their username, e.g. @ana_souza or a t.me link, or - to forget it — or press Cancel.
            [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "@alice_smith",
        expect![[r#"
            Alice Smith's Telegram: @alice_smith.
            [Alice Smith ▸] p:2
            [↩ Undo] un:1"#]],
    );
}

#[test]
fn someone_known_only_by_id_shows_the_id_and_opens_the_chat_by_it() {
    let mut chat = Chat::open();
    let identity = TelegramIdentity {
        id: Some(12345),
        username: None,
    };
    chat.store.set_telegram_identity(ALICE, &identity).unwrap();
    let card = chat.send("/p Alice Smith");
    assert!(card.body.contains("Telegram: user 12345"), "{}", card.body);
    assert_eq!(
        link(&card, "Open chat").as_deref(),
        Some("tg://user?id=12345")
    );
    // A username set later is shown, and the id stays.
    chat.send("/set Alice Smith telegram @alice_smith");
    let person = chat.store.person(ALICE).unwrap();
    assert_eq!(person.telegram.id, Some(12345));
    let card = chat.send("/p Alice Smith");
    assert!(
        card.body.contains("Telegram: @alice_smith"),
        "{}",
        card.body
    );
}

#[test]
fn stale_and_reminders_offer_open_chat_on_a_row_under_the_person() {
    let mut chat = Chat::open();
    chat.send("/set Alice Smith telegram @alice_smith");
    let stale = check(
        &mut chat,
        "/stale",
        expect![[r#"
            Overdue, most overdue first
            1. Alice Smith — tier 2, last seen 2026-10-20 (1 month ago)
            2. Bob Jones — tier 3, never seen
            3. Bob Marley — tier 5, never seen
            [1. Alice Smith] p:2
            [Not now] nn:2
            [Less often] ls:2:30
            [1. Open chat] https://t.me/alice_smith
            [2. Bob Jones] p:1
            [Not now] nn:1
            [Less often] ls:1:60
            [3. Bob Marley] p:3
            [Not now] nn:3
            [Less often] ls:3:180"#]],
    );
    assert_eq!(rows(&stale)[1], ["1. Open chat"]);
    no_row_wider_than_three(&stale);
    for (person, on, text) in [
        (ALICE, "2026-11-20", "send the deck"),
        (BOB_JONES, "2026-12-03", "ask about the move"),
    ] {
        chat.store
            .add_follow_up(&NewFollowUp {
                person,
                due_on: day(on),
                due_at: None,
                text: text.into(),
                repeat: None,
            })
            .unwrap();
    }
    let reminders = check(
        &mut chat,
        "/reminders",
        expect![[r#"
            Follow-ups: 2 open, 1 due or overdue
            1. Overdue · Alice Smith — send the deck · 2026-11-20 (6 days ago)
            2. Bob Jones — ask about the move · 2026-12-03 (in 7 days)
            [1. Done] rd:1:20261120
            [Snooze] rz:1
            [Alice Smith] p:2
            [1. Open chat] https://t.me/alice_smith
            [2. Done] rd:2:20261203
            [Snooze] rz:2
            [Bob Jones] p:1"#]],
    );
    no_row_wider_than_three(&reminders);
    let hers = chat.send("/reminders Alice Smith");
    assert_eq!(
        rows(&hers).last().unwrap(),
        &["Open chat"],
        "one person's list has Open chat once, last"
    );
}

#[test]
fn a_brief_puts_open_chat_beside_the_card_of_someone_with_an_account() {
    let mut chat = Chat::open();
    chat.send("/set Alice Smith telegram @alice_smith");
    let at = Utc.with_ymd_and_hms(2026, 11, 26, 9, 15, 0).unwrap();
    let attendee = |a: &str| Attendee {
        address: EmailAddress::parse(a).unwrap(),
        display_name: None,
        response: ResponseStatus::Accepted,
    };
    chat.store
        .upsert_calendar_event(&CalendarEvent {
            event_id: "prep".into(),
            source: Source::Google,
            occurred_on: day("2026-11-26"),
            occurred_at: Some(at),
            time_zone: None,
            title: "Board prep".into(),
            kind: InteractionType::GroupInPerson,
            did_not_happen: false,
            attendees: vec![attendee("alice@acme.io"), attendee("zoe@gmail.com")],
        })
        .unwrap();
    let brief = chat.send("/next");
    assert_eq!(
        rows(&brief)[..2],
        [
            vec!["Zoë Müller".to_owned()],
            vec!["Alice Smith".to_owned(), "Open chat".to_owned()]
        ]
    );
    assert_eq!(
        link(&brief, "Open chat").as_deref(),
        Some("https://t.me/alice_smith")
    );
}

#[test]
fn merging_fills_the_kept_persons_empty_account_and_undo_gives_both_back() {
    let mut chat = Chat::open();
    let set = |chat: &mut Chat, person, id, username: Option<&str>| {
        let identity = TelegramIdentity {
            id,
            username: username.map(str::to_owned),
        };
        chat.store.set_telegram_identity(person, &identity).unwrap();
    };
    set(&mut chat, BOB_JONES, Some(501), Some("bob_marley_music"));
    let before = chat.store.export_json().unwrap();
    // Bob Jones merged into Alice Smith (who has no account): hers now.
    check(
        &mut chat,
        "press mq:2:1",
        expect![[r#"
            Merge Bob Jones (#1) into Alice Smith (#2)? 0 addresses and 0 interactions move, tags and notes are combined, and Bob Jones (#1) is removed.
            [Merge] m:2:1
            [Cancel] cancel"#]],
    );
    let merged = check(
        &mut chat,
        "press m:2:1",
        expect![[r#"
            Merged Bob Jones into Alice Smith: 0 addresses and 0 interactions moved.
            [Alice Smith] p:2
            [↩ Undo] un:1"#]],
    );
    let alice = chat.store.person(ALICE).unwrap();
    assert_eq!(alice.telegram.id, Some(501));
    assert_eq!(alice.telegram.username.as_deref(), Some("bob_marley_music"));
    let undone = chat.press(&Chat::button(&merged, "Undo"));
    assert!(undone.body.starts_with("Undone"), "{}", undone.body);
    assert_eq!(chat.store.export_json().unwrap(), before);
}

#[test]
fn merging_two_accounts_keeps_the_kept_ones_and_says_the_others() {
    let mut chat = Chat::open();
    for (person, id, username) in [(ALICE, 11, "alice_smith"), (BOB_JONES, 22, "bob_jones")] {
        let identity = TelegramIdentity {
            id: Some(id),
            username: Some(username.to_owned()),
        };
        chat.store.set_telegram_identity(person, &identity).unwrap();
    }
    let before = chat.store.export_json().unwrap();
    chat.press("mq:2:1");
    let merged = check(
        &mut chat,
        "press m:2:1",
        expect![[r#"
            Merged Bob Jones into Alice Smith: 0 addresses and 0 interactions moved.
            • Kept Alice Smith's Telegram user 11; Bob Jones's was user 22 and went into the notes.
            • Kept Alice Smith's Telegram @alice_smith; Bob Jones's was @bob_jones and went into the notes.
            [Alice Smith] p:2
            [↩ Undo] un:1"#]],
    );
    let alice = chat.store.person(ALICE).unwrap();
    assert_eq!(alice.telegram.id, Some(11));
    assert_eq!(alice.telegram.username.as_deref(), Some("alice_smith"));
    assert!(
        alice
            .notes
            .contains("Telegram of Bob Jones (merged in): @bob_jones; kept @alice_smith."),
        "{}",
        alice.notes
    );
    chat.press(&Chat::button(&merged, "Undo"));
    assert_eq!(chat.store.export_json().unwrap(), before);
}

/// Alice with an id and a username, Zoë with an id only.
fn with_accounts() -> Chat {
    let mut chat = Chat::open();
    for (person, id, username) in [(ALICE, 11, Some("alice_smith")), (PersonId(4), 44, None)] {
        let identity = TelegramIdentity {
            id: Some(id),
            username: username.map(str::to_owned),
        };
        chat.store.set_telegram_identity(person, &identity).unwrap();
    }
    chat
}

#[test]
fn the_json_export_restores_telegram_accounts() {
    let chat = with_accounts();
    let export = chat.store.export_json().unwrap();
    let mut restored = Store::open_in_memory().unwrap();
    restored.import_json(&export).unwrap();
    assert_eq!(
        restored.person(ALICE).unwrap().telegram,
        chat.store.person(ALICE).unwrap().telegram
    );
    assert_eq!(
        restored.person_by_telegram_id(44).unwrap(),
        Some(PersonId(4))
    );
}

#[test]
fn the_csv_export_has_a_telegram_column_the_airtable_import_reads_back() {
    use kith::moving::import::airtable::{self, AirtableFiles, Mapping};
    let chat = with_accounts();
    let export = chat.store.export_json().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in kith::moving::export::airtable_csv(&export, &Default::default()) {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    let people = std::fs::read_to_string(dir.path().join("People.csv")).unwrap();
    assert!(
        people.lines().next().unwrap().ends_with(",Telegram"),
        "{people}"
    );
    assert!(people.contains("@alice_smith (11)"), "{people}");
    let mapping = Mapping::load(&dir.path().join("kith-mapping.toml")).unwrap();
    let files = AirtableFiles {
        people: Some(dir.path().join("People.csv")),
        ..AirtableFiles::default()
    };
    let read = airtable::read(&files, &mapping, &Default::default(), day("2099-12-31"));
    let alice = read
        .batch
        .people
        .iter()
        .find(|p| p.given_name == "Alice")
        .unwrap();
    assert_eq!(
        (alice.telegram_id, alice.telegram_username.as_deref()),
        (Some(11), Some("alice_smith"))
    );
    let zoe = read
        .batch
        .people
        .iter()
        .find(|p| p.given_name == "Zoë")
        .unwrap();
    assert_eq!(
        (zoe.telegram_id, zoe.telegram_username.as_deref()),
        (Some(44), None)
    );
    // Imported into a kith that has them without accounts, the accounts complete them,
    // each listed; imported again, nothing changes.
    let mut other = Chat::open();
    let report = other.store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert!(
        report
            .fields
            .contains(&"Alice Smith: Telegram username — kith has none, the file says \"@alice_smith\": filled".to_owned()),
        "{:?}",
        report.fields
    );
    assert_eq!(
        other.store.person(ALICE).unwrap().telegram,
        chat.store.person(ALICE).unwrap().telegram
    );
    let again = other.store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert!(
        !again.fields.iter().any(|f| f.contains("Telegram")),
        "{:?}",
        again.fields
    );
}

#[test]
fn the_vcard_export_writes_the_account_and_the_vcard_import_reads_it() {
    let chat = with_accounts();
    let cards = kith::moving::export::vcards(&chat.store.export_json().unwrap());
    assert!(cards.contains("X-TELEGRAM:@alice_smith\r\n"), "{cards}");
    assert!(
        cards.contains("IMPP:tg://resolve?domain=alice_smith\r\n"),
        "{cards}"
    );
    assert!(cards.contains("IMPP:tg://user?id=44\r\n"), "{cards}");
    let read = kith::moving::import::vcard::read("contacts.vcf", &cards);
    let account = |given: &str| {
        let person = read
            .batch
            .people
            .iter()
            .find(|p| p.given_name == given)
            .unwrap();
        (person.telegram_id, person.telegram_username.clone())
    };
    assert_eq!(account("Alice"), (Some(11), Some("alice_smith".to_owned())));
    assert_eq!(account("Zoë"), (Some(44), None));
    assert!(read.unread.is_empty(), "{:?}", read.unread);
    // A 3.0 card from elsewhere: X-TELEGRAM without the @, and a t.me IMPP; a Skype IMPP
    // is no Telegram account.
    let other = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Jones\r\nN:Jones;Bob;;;\r\nIMPP:skype:bob.jones\r\nX-TELEGRAM:bob_jones\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve Adams\r\nN:Adams;Eve;;;\r\nIMPP:https://t.me/eve_adams\r\nEND:VCARD\r\n";
    let read = kith::moving::import::vcard::read("other.vcf", other);
    let names: Vec<_> = read
        .batch
        .people
        .iter()
        .map(|p| (p.given_name.clone(), p.telegram_username.clone()))
        .collect();
    assert_eq!(
        names,
        [
            ("Bob".to_owned(), Some("bob_jones".to_owned())),
            ("Eve".to_owned(), Some("eve_adams".to_owned()))
        ]
    );
}
