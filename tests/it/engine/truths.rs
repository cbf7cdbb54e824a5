//! The chat's small truths: each behaviour a demanding owner relies on, pinned by a
//! test named after it.

use expect_test::expect;

use super::{Chat, check};

#[test]
fn set_email_for_an_address_the_person_already_has_keeps_its_kind_unless_one_is_given() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/set Alice Smith email alice@acme.io personal",
        expect![[r#"
            alice@acme.io is Alice Smith's personal address now.
            [Alice Smith ▸] p:2
            [↩ Undo] un:1"#]],
    );
    // Without a kind, the address stays as it is (not reset to "work" for its domain).
    check(
        &mut chat,
        "/set Alice Smith email alice@acme.io",
        expect![[r#"
            alice@acme.io is already Alice Smith's personal address.
            [Alice Smith ▸] p:2"#]],
    );
    check(
        &mut chat,
        "/set Alice Smith email alice@acme.io work",
        expect![[r#"
            alice@acme.io is Alice Smith's work address now.
            [Alice Smith ▸] p:2
            [↩ Undo] un:2"#]],
    );
}

#[test]
fn help_gives_what_its_menu_line_promises_one_command_with_its_example() {
    let mut chat = Chat::open();
    let all = chat.send("/help").plain_text();
    assert!(
        all.contains("/help [COMMAND] — the commands; /help COMMAND shows one with an example")
            && all.contains("Send /help COMMAND for one with an example, e.g. /help log."),
        "{all}"
    );
    check(
        &mut chat,
        "/help log",
        expect![[r#"
            /log [TYPE] [with] NAMES [DATE][: NOTES]
            log an interaction

            For example: /log coffee with Alice Smith and Bob yesterday: talked about the seed round"#]],
    );
    check(
        &mut chat,
        "/help /note",
        expect![[r#"
        /note NAME: TEXT
        add a dated note to a person

        For example: /note Alice Smith: moved to Lisbon"#]],
    );
    check(
        &mut chat,
        "/help frobnicate",
        expect!["There is no /frobnicate. Send /help for the commands."],
    );
}

#[test]
fn paging_past_the_end_says_no_more_with_the_count_and_a_first_page_button() {
    let mut chat = Chat::open();
    chat.press("x:4");
    chat.send("/log coffee with Alice Smith yesterday");
    for (press, first) in [
        ("i:2:40", "i:2:0"),
        ("s:a:40", "s:a:0"),
        ("u:40", "u:0"),
        ("r:40", "r:0"),
        ("tg:60", "tg:0"),
        ("ig:40", "ig:0"),
        ("hi:2:40", "hi:2:0"),
        ("nt:2:4000", "nt:2:0"),
    ] {
        let reply = chat.press(press);
        let text = reply.plain_text();
        assert!(
            text.starts_with("No more — ") && !text.contains("yet"),
            "{press}: {}",
            reply.render_plain()
        );
        assert_eq!(Chat::button(&reply, "First page"), first, "{press}");
    }
    check(
        &mut chat,
        "press i:2:40",
        expect![[r#"
            No more — 3 in all.
            [◀ First page] i:2:0"#]],
    );
}

#[test]
fn an_organizations_last_contact_counts_its_current_people_and_says_when_former_ones_are_later() {
    let mut chat = Chat::open();
    let line = |chat: &mut Chat| {
        chat.send("/org Acme Labs")
            .plain_text()
            .lines()
            .find(|l| l.starts_with("Last contact"))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        line(&mut chat),
        "Last contact with anyone there now: 2026-10-20 (1 month ago)"
    );
    // Bob Jones left Acme Labs: meeting him is not contact with Acme Labs now.
    chat.send("/log coffee with Bob Jones yesterday");
    assert_eq!(
        line(&mut chat),
        "Last contact with anyone there now: 2026-10-20 (1 month ago) (incl. former people: 2026-11-25 (yesterday))"
    );
}

/// An email Alice Smith and jane.d@acme.io were sent yesterday, as a mailbox sync logs it.
fn emailed_yesterday(chat: &mut Chat) {
    use kith::domain::model::{EmailAddress, InteractionType, ResponseStatus, Source};
    use kith::store::{Attendee, CalendarEvent};
    let to = |address: &str| Attendee {
        address: EmailAddress::parse(address).unwrap(),
        display_name: None,
        response: ResponseStatus::NeedsAction,
    };
    chat.store
        .upsert_calendar_event(&CalendarEvent {
            event_id: "mail:<root@acme.io>:2026-11-25".into(),
            source: Source::Gmail,
            occurred_on: super::day("2026-11-25"),
            occurred_at: None,
            time_zone: None,
            title: "Term sheet".into(),
            kind: InteractionType::Email,
            did_not_happen: false,
            attendees: vec![to("alice@acme.io"), to("jane.d@acme.io")],
        })
        .unwrap();
}

#[test]
fn meetings_are_meetings_and_calls_and_emails_are_counted_as_what_they_are() {
    let mut chat = Chat::open();
    emailed_yesterday(&mut chat);
    chat.send("/log call with Bob Jones yesterday");
    chat.send("/log coffee with Zoë Müller yesterday");
    // The digest's yesterday.
    let digest = chat.send("/digest");
    let digest: String = std::iter::once(&digest)
        .chain(&digest.followups)
        .map(|m| m.plain_text() + "\n")
        .collect();
    assert!(
        digest.contains("Yesterday (2026-11-25): 1 meeting, 1 call, 1 email"),
        "{digest}"
    );
    // /stats: people met and most met count meetings; the rest is said beside them.
    let stats = chat.send("/stats").plain_text();
    assert!(
        stats.contains("Besides meetings: 1 call, 1 email."),
        "{stats}"
    );
    assert!(
        stats.contains("Most met: Alice Smith (2), Zoë Müller (2)"),
        "{stats}"
    );
    // The email's card lists recipients, who answer no invitation.
    let card = chat.press("ic:6").plain_text();
    assert!(
        card.contains("Recipients:\n  alice@acme.io · Alice Smith\n  jane.d@acme.io · unknown"),
        "{card}"
    );
    // Linking an address says what came with it.
    check(
        &mut chat,
        "/link jane.d@acme.io Bob Marley",
        expect![[r#"
            ✓ jane.d@acme.io linked to Bob Marley — past 2 meetings, 1 email linked (3 in all).
            [Bob Marley] p:3
            [↩ Undo] un:3"#]],
    );
    chat.send("/undo");
    // /ignored's counts.
    chat.press("x:3");
    check(
        &mut chat,
        "/ignored",
        expect![[r#"
        Ignored
        jane.d@acme.io — 2 meetings, 1 email
        [Unignore jane.d@acme.io] ue:3"#]],
    );
}

#[test]
fn the_json_export_keeps_the_history_and_a_restore_shows_the_same_history_and_undoes_it() {
    let mut chat = Chat::open();
    chat.send("/set Alice Smith location Lisbon");
    chat.send("/log coffee with Alice Smith yesterday");
    chat.send("/note Alice Smith: met her co-founder");
    // A meeting logged and undone: its id was handed out and must never be again.
    let logged = chat.send("/log lunch with Bob Jones today");
    let gone = Chat::button(&logged, "Open ▸");
    chat.send("/undo");
    let history = chat.send("/history Alice Smith").render_plain();
    let file = chat.store.export_file_json().unwrap();
    let mut restored = Chat::open();
    restored.store = kith::store::Store::open_in_memory().unwrap();
    restored
        .store
        .set_clock(kith::store::Clock::Fixed(restored.now));
    restored.store.import_json(&file).unwrap();
    assert_eq!(
        restored.store.export_json().unwrap(),
        chat.store.export_json().unwrap()
    );
    assert_eq!(
        restored.send("/history Alice Smith").render_plain(),
        history
    );
    // The restored history is the real record: the latest change can still be undone.
    let undone = restored.send("/undo").plain_text();
    assert!(undone.starts_with("Undone: Noted"), "{undone}");
    // Ids handed out before the export stay used after the restore.
    let next = Chat::button(&restored.send("/log call with Bob Jones today"), "Open ▸");
    let id = |data: &str| data.trim_start_matches("ic:").parse::<i64>().unwrap();
    assert!(id(&next) > id(&gone), "{next} after {gone}");
}

#[test]
fn an_edit_answer_takes_the_bare_value_and_the_commands_wording_and_asks_again_when_invalid() {
    let mut chat = Chat::open();
    chat.press("ef:2:1");
    check(
        &mut chat,
        "Globex, CTO",
        expect![[r#"
            Alice Smith works at Globex as CTO (Globex is new in kith).
            [Alice Smith ▸] p:2
            [↩ Undo] un:1"#]],
    );
    chat.press("ef:2:1");
    check(
        &mut chat,
        "at Acme Labs, Chief Scientist",
        expect![[r#"
            Alice Smith works at Acme Labs as Chief Scientist.
            [Alice Smith ▸] p:2
            [↩ Undo] un:2"#]],
    );
    // An answer that cannot be read asks again, with why and what to type; the next
    // message still answers the question instead of becoming a search.
    chat.press("ef:2:11");
    check(
        &mut chat,
        "the day after",
        expect![[r#"
        "the day after" is not a valid birthday: expected a date such as 12 April, 1985-04-12 or 12.04.1985. Type the day, e.g. 12 April or 1985-04-12, or - to clear it — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "31 February",
        expect![[r#"
        "31 February" is not a valid birthday: expected a date such as 12 April, 1985-04-12 or 12.04.1985. Type the day, e.g. 12 April or 1985-04-12, or - to clear it — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "12 April",
        expect![[r#"
        Alice Smith's birthday: 12 April.
        [Alice Smith ▸] p:2
        [↩ Undo] un:3"#]],
    );
    // One the command refuses asks again too, and changes nothing.
    chat.press("ef:2:4");
    check(
        &mut chat,
        "Alice Smith",
        expect![[r#"
        A person cannot be introduced by themselves. Type who introduced them, or - to clear it — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "Bob",
        expect![[r#"
        Which "Bob" do you mean?
        [Bob Jones · #1] ch:1:1
        [Bob Marley · #3] ch:1:3
        [Cancel] cancel"#]],
    );
}

#[test]
fn a_log_dated_in_the_future_asks_first_and_logs_only_when_told() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/log coffee with Alice Smith tomorrow",
        expect![[r#"
            Friday 27 November 2026 is in the future (today is 26 November 2026) — log the coffee anyway?
            [Log anyway] la:1
            [Cancel] cancel"#]],
    );
    check(&mut chat, "press cancel", expect!["Cancelled."]);
    check(
        &mut chat,
        "/log coffee with Alice Smith 2027-01-15",
        expect![[r#"
            Friday 15 January 2027 is in the future (today is 26 November 2026) — log the coffee anyway?
            [Log anyway] la:2
            [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "press la:2",
        expect![[r#"
            Logged coffee with Alice Smith on 2027-01-15 (in 1 month). It counts once that day has come.
            [Alice Smith] p:2
            [Open ▸] ic:6
            [↩ Undo] un:1"#]],
    );
    // Today is not the future.
    check(
        &mut chat,
        "/log call with Alice Smith today",
        expect![[r#"
            Logged phone with Alice Smith on 2026-11-26 (today).
            [Alice Smith] p:2
            [Open ▸] ic:7
            [↩ Undo] un:2"#]],
    );
}

#[test]
fn set_never_splits_a_name_at_a_field_word_into_the_wrong_field() {
    let mut chat = Chat::open();
    chat.send("/new Eve Name");
    check(
        &mut chat,
        "/set Eve Name location Paris",
        expect![[
            r#"That could set name of "Eve" to "location Paris", or location of "Eve Name" to "Paris". Nothing was changed: name the person by number (/set #12 location Paris; /find shows the numbers)"#
        ]],
    );
    // A field word that cannot take the rest as its value is not a reading.
    chat.send("/new Tina Tier");
    check(
        &mut chat,
        "/set Tina Tier location Berlin",
        expect![[
            r#"That could set tier of "Tina" to "location Berlin", or location of "Tina Tier" to "Berlin". Nothing was changed: name the person by number (/set #12 location Paris; /find shows the numbers)"#
        ]],
    );
}

#[test]
fn the_interaction_cards_date_edit_took_a_future_date_without_asking() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    chat.press("ia:5:d");
    check(
        &mut chat,
        "2026-12-24",
        expect![[r#"
            Thursday 24 December 2026 is in the future (today is 26 November 2026) — move the coffee with Zoë Müller of 2026-05-01 there anyway?
            [Move anyway] la:1
            [Cancel] cancel"#]],
    );
    assert_eq!(chat.store.export_json().unwrap(), before, "asking moved it");
    check(&mut chat, "press cancel", expect!["Cancelled."]);
    check(
        &mut chat,
        "press la:1",
        expect!["(notice) This button has expired."],
    );
    chat.press("ia:5:d");
    chat.send("tomorrow");
    check(
        &mut chat,
        "press la:2",
        expect![[r#"
            Moved the coffee with Zoë Müller of 2026-05-01 to 2026-11-27.
            2026-11-27 · coffee
            When: 2026-11-27 (upcoming) (set by you)
            Type: coffee
            People: Zoë Müller (by hand)
            Source: logged by hand
            Notes:
            Talked about moving to Lisbon
            [Date] ia:5:d
            [Type] iy:5
            [People +/−] ip:5
            [Title] ia:5:t
            [Add note] ia:5:n
            [Replace notes] ia:5:r
            [Didn't happen] ih:5:0
            [They initiated] ii:5:1
            [Delete] ix:5
            [↩ Undo] un:1"#]],
    );
    // Today is not the future: it moves at once.
    chat.press("ia:5:d");
    let moved = chat.send("today").plain_text();
    assert!(
        moved.starts_with("Moved the coffee with Zoë Müller of 2026-11-27 to 2026-11-26."),
        "{moved}"
    );
}

#[test]
fn an_edit_answer_of_job_left_nowhere_or_tags_without_a_sign_dropped_the_question() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    chat.press("ef:2:1");
    check(
        &mut chat,
        "left Nowhere",
        expect![[r#"
        No organization is called "Nowhere"; Alice Smith's jobs are on their card. Type the organization and title, e.g. Stripe, Head of Product — or “left Stripe” — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "left Globex",
        expect![[r#"
        No organization is called "Globex"; Alice Smith's jobs are on their card. Type the organization and title, e.g. Stripe, Head of Product — or “left Stripe” — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(&mut chat, "press cancel", expect!["Cancelled."]);
    chat.press("ef:3:1");
    check(
        &mut chat,
        "left Acme Labs",
        expect![[r#"
        Bob Marley has no job at Acme Labs; their jobs are on their card. Type the organization and title, e.g. Stripe, Head of Product — or “left Stripe” — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(&mut chat, "press cancel", expect!["Cancelled."]);
    chat.press("ef:2:8");
    check(
        &mut chat,
        "investor",
        expect![[r#"
        "investor" has no + or -: each tag needs + to add it or - to remove it. Type +tag to add, -tag to remove, e.g. +investor -friend — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "friend +climber",
        expect![[r#"
        "friend" has no + or -: each tag needs + to add it or - to remove it. Type +tag to add, -tag to remove, e.g. +investor -friend — or press Cancel.
        [Cancel] cancel"#]],
    );
    assert_eq!(chat.store.export_json().unwrap(), before, "nothing changed");
    check(
        &mut chat,
        "+climber -investor",
        expect![[r#"
        Alice Smith's tags: climber.
        [↩ Undo] un:1"#]],
    );
    // The text command says the same as the question, with nothing changed.
    check(
        &mut chat,
        "/job Alice Smith left Nowhere",
        expect![[r#"No organization is called "Nowhere"; Alice Smith's jobs are on their card."#]],
    );
}

#[test]
fn already_logged_compares_the_type_so_a_call_after_an_email_the_same_day_is_logged() {
    let mut chat = Chat::open();
    chat.send("/log email with Alice Smith yesterday");
    check(
        &mut chat,
        "/log call with Alice Smith yesterday",
        expect![[r#"
            Logged phone with Alice Smith on 2026-11-25 (yesterday).
            [Alice Smith] p:2
            [Open ▸] ic:7
            [↩ Undo] un:2"#]],
    );
    // The same type the same day is still asked about.
    check(
        &mut chat,
        "/log call with Alice Smith yesterday",
        expect![[r#"
            Already logged: phone with Alice Smith, 2026-11-25. Log another?
            [Open it] ic:7
            [Log anyway] la:1
            [Cancel] cancel"#]],
    );
}

#[test]
fn set_remove_address_counts_the_meetings_that_stay_and_says_none_when_it_attended_none() {
    let mut chat = Chat::open();
    // Two meetings (2026-09-10, 2026-10-20).
    check(
        &mut chat,
        "/set Alice Smith remove alice@acme.io",
        expect![[r#"
            alice@acme.io is no longer Alice Smith's; 2 meetings it attended stay, and it is an unknown attendee again.
            [Alice Smith ▸] p:2
            [↩ Undo] un:1"#]],
    );
    // One meeting (2026-12-01).
    check(
        &mut chat,
        "/set Zoë Müller remove zoe@gmail.com",
        expect![[r#"
            zoe@gmail.com is no longer Zoë Müller's; 1 meeting it attended stays, and it is an unknown attendee again.
            [Zoë Müller ▸] p:4
            [↩ Undo] un:2"#]],
    );
    // None: the address is gone, and nothing is said to stay.
    chat.send("/set Bob Jones email bob@jones.example");
    check(
        &mut chat,
        "/set Bob Jones remove bob@jones.example",
        expect![[r#"
            bob@jones.example is no longer Bob Jones's.
            [Bob Jones ▸] p:1
            [↩ Undo] un:4"#]],
    );
}

#[test]
fn feb_29_without_a_year_is_a_date_the_last_february_29th_not_part_of_a_name() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/log coffee with Alice Smith Feb 29",
        expect![[r#"
            Logged coffee with Alice Smith on 2024-02-29 (2 years ago).
            [Alice Smith] p:2
            [Open ▸] ic:6
            [↩ Undo] un:1"#]],
    );
}

#[test]
fn one_month_ago_is_shown_as_1_month_ago_not_4_weeks_ago() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/log coffee with Alice Smith 1 month ago",
        expect![[r#"
            Logged coffee with Alice Smith on 2026-10-26 (1 month ago).
            [Alice Smith] p:2
            [Open ▸] ic:6
            [↩ Undo] un:1"#]],
    );
}

#[test]
fn history_relative_labels_are_counted_when_shown_not_frozen_when_written() {
    let mut chat = Chat::open();
    chat.send("/log coffee with Alice Smith today");
    // Two weeks later, "(today)" would be untrue.
    chat.now += chrono::Duration::days(14);
    check(
        &mut chat,
        "/history Alice Smith",
        expect![[r#"
            History of Alice Smith
            1. 2026-11-26 09:00 · you · Logged coffee with Alice Smith on 2026-11-26 (2 weeks ago).
            [↩ Undo 1] un:1
            [Alice Smith ▸] p:2"#]],
    );
    check(
        &mut chat,
        "/undo",
        expect!["Undone: Logged coffee with Alice Smith on 2026-11-26 (2 weeks ago)."],
    );
    // What the change keeps is the date alone.
    let kept = chat
        .store
        .history_of(kith::domain::model::PersonId(2), 1, 0)
        .unwrap();
    assert_eq!(
        kept[0].summary,
        "Logged coffee with Alice Smith on 2026-11-26."
    );
}

#[test]
fn the_card_and_stale_mean_one_thing_by_seen_a_logged_email_counts_synced_mail_does_not() {
    use kith::domain::model::{EmailAddress, InteractionType, ResponseStatus, Source};
    use kith::domain::rank::StaleKinds;
    use kith::store::{Attendee, CalendarEvent};
    let mut chat = Chat::open();
    // Bob Jones (tier 3, every 60 days) was never seen.
    chat.send("/set Bob Jones email bob@jones.example");
    // The card's "Last seen" line, and Bob's line on /stale ("" when he is not on it).
    let seen = |chat: &mut Chat| -> (String, String) {
        let line = |text: String, start: &str| {
            text.lines()
                .find(|l| l.contains(start))
                .unwrap_or_default()
                .to_owned()
        };
        let card = line(chat.send("/person Bob Jones").plain_text(), "Last seen");
        (card, line(chat.send("/stale").plain_text(), "Bob Jones"))
    };
    let (card, stale) = seen(&mut chat);
    assert_eq!(card, "Last seen: never · last F2F: never · 0 interactions");
    assert!(stale.ends_with("Bob Jones — tier 3, never seen"), "{stale}");

    // Mail synced from a mailbox is not seeing him, on the card as on /stale.
    chat.store
        .upsert_calendar_event(&CalendarEvent {
            event_id: "mail:<root@jones.example>:2026-11-25".into(),
            source: Source::Gmail,
            occurred_on: super::day("2026-11-25"),
            occurred_at: None,
            time_zone: None,
            title: "Term sheet".into(),
            kind: InteractionType::Email,
            did_not_happen: false,
            attendees: vec![Attendee {
                address: EmailAddress::parse("bob@jones.example").unwrap(),
                display_name: None,
                response: ResponseStatus::NeedsAction,
            }],
        })
        .unwrap();
    let (card, stale) = seen(&mut chat);
    assert_eq!(
        card,
        "Last seen: never · last F2F: never · last email: 2026-11-25 (yesterday) · 1 interaction"
    );
    assert!(stale.ends_with("Bob Jones — tier 3, never seen"), "{stale}");

    // An email the owner logs counts (they chose to record it): seen on the card, and off
    // /stale (six days ago, every 60 days).
    chat.send("/log email with Bob Jones 2026-11-20");
    let (card, stale) = seen(&mut chat);
    assert!(
        card.starts_with("Last seen: 2026-11-20 (")
            && card.ends_with(
                " · last F2F: never · last email: 2026-11-25 (yesterday) · 2 interactions"
            ),
        "{card}"
    );
    assert_eq!(stale, "");
    // The rollup /stale reads agrees with its full recomputation.
    assert_eq!(chat.store.health_problems().unwrap(), Vec::<String>::new());

    // KITH_STALE_KINDS changes what counts for both at once.
    let kinds = |words: &[&str]| {
        StaleKinds::parse(&words.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>()).unwrap()
    };
    chat.settings.stale_kinds = kinds(&["1:1-f2f", "coffee", "lunch"]);
    let (card, stale) = seen(&mut chat);
    assert!(card.starts_with("Last seen: never · "), "{card}");
    assert!(stale.ends_with("Bob Jones — tier 3, never seen"), "{stale}");
    chat.settings.stale_kinds = kinds(&["all", "synced-email"]);
    let (card, stale) = seen(&mut chat);
    assert!(
        card.starts_with("Last seen: 2026-11-25 (yesterday) · "),
        "{card}"
    );
    assert_eq!(stale, "");
}

#[test]
fn log_walk_keeps_the_word_walk_as_its_label_on_the_card_lists_and_history() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/log walk with Bob Jones yesterday",
        expect![[r#"
            Logged walk with Bob Jones on 2026-11-25 (yesterday).
            [Bob Jones] p:1
            [Open ▸] ic:6
            [↩ Undo] un:1"#]],
    );
    let card = chat.send("/person Bob Jones").plain_text();
    assert!(card.contains("1. 2026-11-25 · walk"), "{card}");
    let recent = chat.send("/recent").plain_text();
    assert!(recent.contains("2026-11-25 · walk"), "{recent}");
    let history = chat.send("/history Bob Jones").plain_text();
    assert!(
        history.contains("Logged walk with Bob Jones on 2026-11-25"),
        "{history}"
    );
    check(
        &mut chat,
        "press ic:6",
        expect![[r#"
        2026-11-25 · walk
        When: 2026-11-25
        Type: walk (other)
        People: Bob Jones (by hand)
        Source: logged by hand
        [Date] ia:6:d
        [Type] iy:6
        [People +/−] ip:6
        [Title] ia:6:t
        [Add note] ia:6:n
        [Replace notes] ia:6:r
        [Didn't happen] ih:6:0
        [They initiated] ii:6:1
        [Delete] ix:6"#]],
    );
    // A hike the same day is not the walk; the walk again is.
    assert!(
        chat.send("/log hike with Bob Jones yesterday")
            .plain_text()
            .starts_with("Logged hike")
    );
    assert!(
        chat.send("/log walk with Bob Jones yesterday")
            .plain_text()
            .starts_with("Already logged: walk with Bob Jones")
    );
}
