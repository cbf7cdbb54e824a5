//! No silent pick: wherever a typed name, an address's local part, a folded spelling or an
//! alias could mean two people, kith asks with buttons — in every command that takes a
//! name, an Edit ▸ answer and a search. A full address or `#ID` names one person.

use expect_test::expect;

use super::*;

/// The network's content, leaving out the questions kept open (asking saves one).
fn unchanged(chat: &Chat) -> u64 {
    chat.store
        .fingerprint_except(&["pending_actions", "sqlite_sequence"])
        .unwrap()
}

/// The hand-made network plus two Max Mustermanns and two Jürgens, one of each with an
/// address whose local part is the first name alone: Max #5 max@firma-a.de, Max #6
/// max.mustermann@web.de, Jürgen Weber #7 jurgen@weber.de, Jürgen Schmidt #8.
fn namesakes() -> Chat {
    let mut chat = Chat::open();
    for (name, email) in [
        ("Max Mustermann", "max@firma-a.de"),
        ("Max Mustermann", "max.mustermann@web.de"),
        ("Jürgen Weber", "jurgen@weber.de"),
        ("Jürgen Schmidt", "juergen.schmidt@example.org"),
    ] {
        let id = chat.person(name, Some(3));
        chat.store
            .add_email(id, &address(email), EmailKind::Work)
            .unwrap();
    }
    chat
}

/// The people a reply offers as choices (its buttons but Cancel), by label.
fn choices(reply: &Reply) -> Vec<String> {
    reply
        .buttons
        .iter()
        .flatten()
        .filter(|b| b.label != "Cancel")
        .map(|b| b.label.clone())
        .collect()
}

/// Asserts that `input` is answered with a question offering exactly `expected`.
fn asks(chat: &mut Chat, input: &str, expected: &[&str]) {
    let before = unchanged(chat);
    let reply = chat.send(input);
    let shown = reply.render_plain();
    assert!(
        shown.starts_with("Which ") || shown.contains(" matches for "),
        "{input}: no question, but {shown}"
    );
    assert_eq!(choices(&reply), expected, "{input}: {shown}");
    assert_eq!(unchanged(chat), before, "{input}: asking changes nothing");
}

/// `asks`, in whichever order the choices come.
fn asks_both(chat: &mut Chat, input: &str, expected: &[&str]) {
    let mut sorted = expected.to_vec();
    sorted.sort();
    let before = unchanged(chat);
    let reply = chat.send(input);
    let shown = reply.render_plain();
    assert!(
        shown.starts_with("Which ") || shown.contains(" matches for "),
        "{input}: no question, but {shown}"
    );
    let mut offered = choices(&reply);
    offered.sort();
    assert_eq!(offered, sorted, "{input}: {shown}");
    assert_eq!(unchanged(chat), before, "{input}: asking changes nothing");
}

const MAXES: [&str; 2] = [
    "Max Mustermann · max@firma-a.de",
    "Max Mustermann · max.mustermann@web.de",
];

#[test]
fn a_local_part_never_silently_picks_one_of_two_namesakes() {
    let mut chat = namesakes();
    for input in [
        "/log coffee with Max today",
        "/log coffee with max today",
        "/person max",
        "/person Max Mustermann",
        "/note Max: plays chess",
        "/set max location Hamburg",
        "/link max@firma-b.de Max",
        "/tag max +chess",
        "/cadence max 3w",
        "/history max",
    ] {
        asks(&mut chat, input, &MAXES);
    }
    // A search lists them both instead of opening one card.
    let reply = chat.send("max");
    assert_eq!(
        choices(&reply),
        [
            "Max Mustermann · max@firma-a.de",
            "Max Mustermann · max.mustermann@web.de"
        ],
        "{}",
        reply.render_plain()
    );
    check(
        &mut chat,
        "/log coffee with Max today",
        expect![[r#"
            Which "Max" do you mean?
            [Max Mustermann · max@firma-a.de] ch:11:5
            [Max Mustermann · max.mustermann@web.de] ch:11:6
            [Cancel] cancel"#]],
    );
}

#[test]
fn an_edit_answer_asks_like_the_command_it_runs() {
    let mut chat = namesakes();
    chat.press("ef:2:4");
    check(
        &mut chat,
        "max",
        expect![[r#"
        Which "max" do you mean?
        [Max Mustermann · max@firma-a.de] ch:1:5
        [Max Mustermann · max.mustermann@web.de] ch:1:6
        [Cancel] cancel"#]],
    );
}

#[test]
fn adding_someone_to_a_meeting_asks_like_the_command() {
    let mut chat = namesakes();
    chat.press("ia:2:p");
    check(
        &mut chat,
        "max",
        expect![[r#"
        Which "max" do you mean?
        [Max Mustermann · max@firma-a.de] ch:1:5
        [Max Mustermann · max.mustermann@web.de] ch:1:6
        [Cancel] cancel"#]],
    );
    let added = chat.press("ch:1:5").plain_text();
    assert!(
        added.starts_with("Added Max Mustermann · max@firma-a.de to the group-vc"),
        "{added}"
    );
    // The same name can still be typed in full instead.
    chat.press("ia:2:p");
    check(
        &mut chat,
        "max.mustermann@web.de",
        expect![[r#"
            Added Max Mustermann · max.mustermann@web.de to the group-vc with Max Mustermann · max@firma-a.de, Alice Smith of 2026-10-20.
            2026-10-20 · group-vc
            When: 2026-10-20
            Type: group-vc
            Title: Meeting g2
            People: Max Mustermann · max@firma-a.de (by hand); Max Mustermann · max.mustermann@web.de (by hand); Alice Smith (via alice@acme.io)
            Attendees:
              alice@acme.io — accepted · Alice Smith
              bob.marley@reggae.org — accepted · unknown
              jane.d@acme.io — accepted · unknown
            Source: Google Calendar
            [Date] ia:2:d
            [Type] iy:2
            [People +/−] ip:2
            [Title] ia:2:t
            [Add note] ia:2:n
            [Replace notes] ia:2:r
            [Didn't happen] ih:2:0
            [They initiated] ii:2:1
            [Delete] ix:2
            [↩ Undo] un:2"#]],
    );
}

#[test]
fn a_folded_spelling_asks_like_the_accented_one() {
    let mut chat = namesakes();
    let jurgens = [
        "Jürgen Weber · jurgen@weber.de",
        "Jürgen Schmidt · juergen.schmidt@example.org",
    ];
    for input in [
        "/person jurgen",
        "/person Jürgen",
        "/person JÜRGEN",
        "/person juergen",
        "/log call with jurgen yesterday",
        "/note jurgen: moved to Bonn",
    ] {
        let reply = chat.send(input);
        let mut offered = choices(&reply);
        offered.sort();
        let mut expected = jurgens.map(str::to_owned).to_vec();
        expected.sort();
        assert_eq!(offered, expected, "{input}: {}", reply.render_plain());
    }
    let reply = chat.send("jurgen");
    assert_eq!(choices(&reply).len(), 2, "{}", reply.render_plain());
    check(
        &mut chat,
        "/person jurgen",
        expect![[r#"
        Which "jurgen" do you mean?
        [Jürgen Weber · jurgen@weber.de] ch:7:7
        [Jürgen Schmidt · juergen.schmidt@example.org] ch:7:8
        [Cancel] cancel"#]],
    );
}

#[test]
fn an_alias_asks_like_a_name() {
    let mut chat = namesakes();
    let alice = kith::domain::model::PersonId(2);
    chat.store
        .set_person_field(alice, PersonField::Aliases("Jürgen".into()))
        .unwrap();
    let reply = chat.send("/person Jürgen");
    assert_eq!(choices(&reply).len(), 3, "{}", reply.render_plain());
    // A full name is still one person, however many share its first name.
    let reply = chat.send("/person Jürgen Weber");
    assert!(
        reply.render_plain().starts_with("Jürgen Weber\n"),
        "{}",
        reply.render_plain()
    );
}

#[test]
fn a_typed_address_or_number_still_names_one_person() {
    let mut chat = namesakes();
    let card = chat.send("/person max@firma-a.de");
    assert!(
        card.render_plain().contains("Email: max@firma-a.de"),
        "{}",
        card.render_plain()
    );
    let card = chat.send("/person Max.Mustermann@Web.de");
    assert!(
        card.render_plain().contains("Email: max.mustermann@web.de"),
        "{}",
        card.render_plain()
    );
    check(
        &mut chat,
        "/log coffee with #6 today",
        expect![[r#"
            Logged coffee with Max Mustermann · max.mustermann@web.de on 2026-11-26 (today).
            [Max Mustermann · max.mustermann@web.de] p:6
            [Open ▸] ic:6
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/note max@firma-a.de: plays chess",
        expect![[r#"
            Noted on Max Mustermann · max@firma-a.de.
            [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        "/person nobody@nowhere.io",
        expect![[
            r#"No one has the address "nobody@nowhere.io". /link nobody@nowhere.io NAME gives it to someone."#
        ]],
    );
}

#[test]
fn namesakes_are_told_apart_wherever_they_are_listed() {
    let mut chat = namesakes();
    check(
        &mut chat,
        "/stale 3",
        expect![[r#"
            Overdue in tier 3 Friendly (every 60 days), most overdue first
            1. Bob Jones — tier 3, never seen
            2. Jürgen Schmidt — tier 3, never seen
            3. Jürgen Weber — tier 3, never seen
            4. Max Mustermann · max@firma-a.de — tier 3, never seen
            5. Max Mustermann · max.mustermann@web.de — tier 3, never seen
            [1. Bob Jones] p:1
            [Not now] nn:1
            [Less often] ls:1:60
            [2. Jürgen Schmidt] p:8
            [Not now] nn:8
            [Less often] ls:8:60
            [3. Jürgen Weber] p:7
            [Not now] nn:7
            [Less often] ls:7:60
            [4. Max Mustermann · max@firma-a.de] p:5
            [Not now] nn:5
            [Less often] ls:5:60
            [5. Max Mustermann · max.mustermann@web.de] p:6
            [Not now] nn:6
            [Less often] ls:6:60"#]],
    );
    chat.send("/log coffee with #5 yesterday");
    chat.send("/log lunch with #6, Alice Smith 2026-11-20");
    check(
        &mut chat,
        "/recent 2",
        expect![[r#"
        Latest interactions
        1. 2026-11-25 · coffee · Max Mustermann · max@firma-a.de
        2. 2026-11-20 · lunch · Max Mustermann · max.mustermann@web.de, Alice Smith
        [1] ic:6
        [2] ic:7
        [▶] r:2"#]],
    );
    let digest = chat.send("/digest").render_plain();
    assert!(
        digest.contains("coffee with Max Mustermann · max@firma-a.de"),
        "{digest}"
    );
    check(
        &mut chat,
        "/merge #5, #6",
        expect![[r#"
        Merge Max Mustermann · max.mustermann@web.de (#6) into Max Mustermann · max@firma-a.de (#5)? 1 address and 1 interaction move, tags and notes are combined, and Max Mustermann · max.mustermann@web.de (#6) is removed.
        [Merge] m:5:6
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "press ns:5:6",
        expect![[r#"
        Noted: Max Mustermann · max@firma-a.de and Max Mustermann · max.mustermann@web.de are different people. kith won't suggest them again.
        [↩ Undo] un:3"#]],
    );
    check(
        &mut chat,
        "/history #6",
        expect![[r#"
            History of Max Mustermann · max.mustermann@web.de
            1. 2026-11-26 09:00 · you · Noted: Max Mustermann · max@firma-a.de and Max Mustermann · max.mustermann@web.de are different people. kith won't suggest them again.
            2. 2026-11-26 09:00 · you · Logged lunch with Max Mustermann · max.mustermann@web.de, Alice Smith on 2026-11-20 (6 days ago).
            [↩ Undo 1] un:3
            [↩ Undo 2] un:2
            [Max Mustermann · max.mustermann@web.de ▸] p:6"#]],
    );
}

#[test]
fn a_name_with_no_letters_is_found_by_exactly_that_text() {
    let mut chat = Chat::open();
    chat.send("/new 🦊");
    chat.send("/new ***");
    for (input, name) in [
        ("/person 🦊", "🦊"),
        ("🦊", "🦊"),
        ("/person ***", "***"),
        ("***", "***"),
    ] {
        let card = chat.send(input);
        assert!(
            card.render_plain().starts_with(&format!("{name}\n")),
            "{input}: {}",
            card.render_plain()
        );
    }
    check(
        &mut chat,
        "/log coffee with 🦊 today",
        expect![[r#"
        Logged coffee with 🦊 on 2026-11-26 (today).
        [🦊] p:5
        [Open ▸] ic:6
        [↩ Undo] un:3"#]],
    );
    check(
        &mut chat,
        "/note ***: likes stars",
        expect![[r#"
        Noted on ***.
        [↩ Undo] un:4"#]],
    );
    // Exactly that text: fewer stars are someone else.
    check(
        &mut chat,
        "/person **",
        expect![[
            r#"I don't know anyone called "**". Add them with /new **, or check the spelling."#
        ]],
    );
    chat.send("/new 🦊");
    let reply = chat.send("/person 🦊");
    assert_eq!(choices(&reply).len(), 2, "{}", reply.render_plain());
}

/// The user test's network: Jürgen Klopp #5 and Jurgen Schmidt #6, one written with the
/// umlaut and one without.
fn jurgens() -> Chat {
    let mut chat = Chat::open();
    chat.person("Jürgen Klopp", Some(3));
    chat.person("Jurgen Schmidt", Some(3));
    chat
}

#[test]
fn juergen_silently_picked_juergen_klopp_while_jurgen_schmidt_exists() {
    let mut chat = jurgens();
    let both = ["Jürgen Klopp · #5", "Jurgen Schmidt · #6"];
    for input in [
        "/person juergen",
        "/person jurgen",
        "/person Jürgen",
        "/note juergen: moved to Mainz",
        "/log call with juergen yesterday",
        "/link jk@example.org juergen",
        "/tag juergen +coach",
        "/set juergen location Mainz",
    ] {
        asks_both(&mut chat, input, &both);
    }
    // An Edit ▸ answer that names someone (Alice's introducer) asks alike.
    chat.press("ef:2:4");
    asks_both(&mut chat, "juergen", &both);
    // And a search lists both.
    chat.press("cancel");
    asks_both(&mut chat, "juergen", &["Jürgen Klopp", "Jurgen Schmidt"]);
    // Typed whole, either spelling names one.
    let card = chat.send("/person Juergen Klopp").render_plain();
    assert!(card.starts_with("Jürgen Klopp\n"), "{card}");
}

#[test]
fn jurgen_silently_picked_juergen_when_juergen_was_stored_spelled_out() {
    let mut chat = Chat::open();
    chat.person("Jürgen Klopp", Some(3));
    chat.person("Juergen Schmidt", Some(3));
    for input in [
        "/person jurgen",
        "/person juergen",
        "/person jürgen",
        "/note jurgen: moved to Mainz",
    ] {
        asks_both(
            &mut chat,
            input,
            &["Jürgen Klopp · #5", "Juergen Schmidt · #6"],
        );
    }
}

#[test]
fn a_choice_pressed_after_cancel_still_acted() {
    let mut chat = namesakes();
    let before = unchanged(&chat);
    let which = chat.send("/note max: plays chess");
    let first = Chat::button(&which, "max@firma-a.de");
    check(&mut chat, "press cancel", expect!["Cancelled."]);
    check(
        &mut chat,
        &format!("press {first}"),
        expect!["(notice) This button has expired."],
    );
    // "Log anyway" is a choice too: Cancel ends it the same way.
    let future = chat.send("/log coffee with #5 2026-12-24");
    let anyway = Chat::button(&future, "Log anyway");
    chat.press("cancel");
    check(
        &mut chat,
        &format!("press {anyway}"),
        expect!["(notice) This button has expired."],
    );
    assert_eq!(unchanged(&chat), before, "nothing was noted or logged");
}

#[test]
fn an_address_or_number_typed_after_add_someone_asked_which_opened_a_card_instead_of_adding() {
    let mut chat = namesakes();
    chat.press("ia:2:p");
    let which = chat.send("max");
    let first = Chat::button(&which, "max@firma-a.de");
    let added = chat.send("max.mustermann@web.de").plain_text();
    assert!(
        added.starts_with("Added Max Mustermann · max.mustermann@web.de to the group-vc"),
        "{added}"
    );
    // The typed answer ended the question: its choices expired, and text is a search.
    check(
        &mut chat,
        &format!("press {first}"),
        expect!["(notice) This button has expired."],
    );
    chat.press("ia:3:p");
    chat.send("max");
    let added = chat.send("#5").plain_text();
    assert!(
        added.starts_with("Added Max Mustermann · max@firma-a.de to the 1:1-vc"),
        "{added}"
    );
    // A choice pressed instead ends the question too.
    chat.press("ia:4:p");
    let which = chat.send("max");
    chat.press(&Chat::button(&which, "max@firma-a.de"));
    let card = chat.send("#2").plain_text();
    assert!(card.starts_with("Alice Smith\n"), "{card}");
}

#[test]
fn plain_hash_number_said_no_one_matches_instead_of_opening_the_card() {
    let mut chat = namesakes();
    let card = chat.send("#2").plain_text();
    assert!(card.starts_with("Alice Smith\n"), "{card}");
    assert_eq!(card, chat.send("/person #2").plain_text());
    check(&mut chat, "#99", expect!["No one has the number #99."]);
}

#[test]
fn job_link_tag_and_tier_confirmations_did_not_tell_namesakes_apart() {
    let mut chat = namesakes();
    let mut shown = String::new();
    for input in [
        "/job #5 at Acme Labs, CTO",
        "/job #5 left Acme Labs",
        "/link max@firma-b.de #6",
        "/link max@firma-b.de #5",
        "/tag #6 +chess",
        "press t:5:2",
    ] {
        let reply = match input.strip_prefix("press ") {
            Some(data) => chat.press(data),
            None => chat.send(input),
        };
        let first = reply
            .plain_text()
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        shown.push_str(&format!("> {input}\n{first}\n"));
    }
    expect![[r#"
        > /job #5 at Acme Labs, CTO
        Max Mustermann · max@firma-a.de works at Acme Labs as CTO.
        > /job #5 left Acme Labs
        Max Mustermann · max@firma-a.de left Acme Labs on 2026-11-26: it is a former job now.
        > /link max@firma-b.de #6
        ✓ max@firma-b.de linked to Max Mustermann · max.mustermann@web.de — 0 past meetings linked (0 in all).
        > /link max@firma-b.de #5
        ✓ max@firma-b.de linked to Max Mustermann · max@firma-a.de (it was Max Mustermann · max.mustermann@web.de's) — 0 past meetings linked (0 in all).
        > /tag #6 +chess
        Max Mustermann · max.mustermann@web.de's tags: chess.
        > press t:5:2
        Max Mustermann · max@firma-a.de: tier 2 Close (every 30 days).
    "#]].assert_eq(&shown);
}

/// Found in the demo: "Alice Smith" was resolved to Liz Smith, the only Smith there,
/// because "Smith" carried the mean past "Alice" against "Liz". Another first name is
/// another person: nothing is logged. A misspelling still finds its person.
#[test]
fn alice_smith_was_logged_with_liz_smith_when_no_alice_smith_exists() {
    let mut chat = Chat::open();
    chat.person("Liz Stonebridge", Some(4));
    let before = unchanged(&chat);
    let reply = chat
        .send("/log walk with Alice Stonebridge yesterday")
        .plain_text();
    assert!(!reply.contains("Liz"), "{reply}");
    assert_eq!(unchanged(&chat), before, "logged with someone else");
    let typo = chat
        .send("/log walk with Lizz Stonebrigde yesterday")
        .plain_text();
    assert!(
        typo.starts_with("Logged walk with Liz Stonebridge"),
        "a misspelling still finds her: {typo}"
    );
}
