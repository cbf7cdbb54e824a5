//! Correcting anything from the chat: every interaction button and every person and
//! organization field, each shown with its effect (the card, /stale, the rollups) and
//! its Undo, which leaves the export exactly as it was before the change.

use expect_test::expect;

use super::{Chat, check};

/// Presses the reply's Undo and checks the network is exactly as it was at `before`.
fn undo(chat: &mut Chat, reply: &kith::engine::Reply, before: &serde_json::Value) -> String {
    let data = Chat::button(reply, "Undo");
    let answer = chat.press(&data).render_plain();
    assert_eq!(
        &chat.store.export_json().unwrap(),
        before,
        "undo of {:?} left a difference",
        reply.plain_text()
    );
    answer
}

/// The card's "Last seen" line, which the rollups drive.
fn last_met(chat: &mut Chat, name: &str) -> String {
    chat.send(&format!("/person {name}"))
        .plain_text()
        .lines()
        .find(|l| l.starts_with("Last seen"))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn the_interaction_card_shows_everything_and_every_button() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "press ic:2",
        expect![[r#"
            2026-10-20 · group-vc
            When: 2026-10-20
            Type: group-vc
            Title: Meeting g2
            People: Alice Smith (via alice@acme.io)
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
            [Delete] ix:2"#]],
    );
    check(
        &mut chat,
        "press ic:5",
        expect![[r#"
        2026-05-01 · coffee
        When: 2026-05-01
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
        [Delete] ix:5"#]],
    );
    // Every list that shows interactions opens them.
    check(
        &mut chat,
        "/recent 3",
        expect![[r#"
        Latest interactions
        1. 2026-11-02 · 1:1-vc — Meeting g3
        2. 2026-10-20 · group-vc · Alice Smith — Meeting g2
        3. 2026-09-10 · 1:1-vc · Alice Smith — Meeting g1
        [1] ic:3
        [2] ic:2
        [3] ic:1
        [▶] r:3"#]],
    );
}

#[test]
fn date_type_and_title_edits_show_on_the_card_and_in_the_rollups_and_undo() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    assert_eq!(
        last_met(&mut chat, "Alice Smith"),
        "Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions"
    );
    check(
        &mut chat,
        "press ia:1:d",
        expect![[r#"
        When was the 1:1-vc of 2026-09-10? For example: yesterday, Nov 28, 28.11. or 2026-11-28
        [Cancel] cancel"#]],
    );
    let moved = check(
        &mut chat,
        "Nov 3",
        expect![[r#"
        Moved the 1:1-vc with Alice Smith of 2026-09-10 to 2026-11-03.
        2026-11-03 · 1:1-vc
        When: 2026-11-03 (set by you)
        Type: 1:1-vc
        Title: Meeting g1
        People: Alice Smith (via alice@acme.io)
        Attendees:
          alice@acme.io — accepted · Alice Smith
        Source: Google Calendar
        [Date] ia:1:d
        [Type] iy:1
        [People +/−] ip:1
        [Title] ia:1:t
        [Add note] ia:1:n
        [Replace notes] ia:1:r
        [Didn't happen] ih:1:0
        [They initiated] ii:1:1
        [Delete] ix:1
        [↩ Undo] un:1"#]],
    );
    assert_eq!(
        last_met(&mut chat, "Alice Smith"),
        "Last seen: 2026-11-03 (3 weeks ago) · last F2F: never · 2 interactions"
    );
    expect!["Undone: Moved the 1:1-vc with Alice Smith of 2026-09-10 (2 months ago) to 2026-11-03 (3 weeks ago)."]
        .assert_eq(&undo(&mut chat, &moved, &before));
    assert_eq!(
        last_met(&mut chat, "Alice Smith"),
        "Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions"
    );

    check(
        &mut chat,
        "press iy:1",
        expect![[r#"
            What kind of interaction was the 1:1-vc of 2026-09-10?
            [1:1-vc] is:1:0
            [1:1-f2f] is:1:1
            [group-vc] is:1:2
            [group-f2f] is:1:3
            [email] is:1:4
            [text] is:1:5
            [phone] is:1:6
            [coffee] is:1:7
            [lunch] is:1:8
            [event] is:1:9
            [other] is:1:10
            [message] is:1:11
            [◀ Back] ic:1"#]],
    );
    let typed = check(
        &mut chat,
        "press is:1:1",
        expect![[r#"
            Made the 1:1-vc with Alice Smith of 2026-09-10 a 1:1-f2f.
            2026-09-10 · 1:1-f2f
            When: 2026-09-10
            Type: 1:1-f2f (set by you)
            Title: Meeting g1
            People: Alice Smith (via alice@acme.io)
            Attendees:
              alice@acme.io — accepted · Alice Smith
            Source: Google Calendar
            [Date] ia:1:d
            [Type] iy:1
            [People +/−] ip:1
            [Title] ia:1:t
            [Add note] ia:1:n
            [Replace notes] ia:1:r
            [Didn't happen] ih:1:0
            [They initiated] ii:1:1
            [Delete] ix:1
            [↩ Undo] un:3"#]],
    );
    assert_eq!(
        last_met(&mut chat, "Alice Smith"),
        "Last seen: 2026-10-20 (1 month ago) · last F2F: 2026-09-10 (2 months ago) · 2 interactions"
    );
    undo(&mut chat, &typed, &before);

    check(
        &mut chat,
        "press ia:1:t",
        expect![[r#"
        Type the new title of the 1:1-vc of 2026-09-10.
        [Cancel] cancel"#]],
    );
    let titled = check(
        &mut chat,
        "Board prep",
        expect![[r#"
            Retitled the 1:1-vc with Alice Smith of 2026-09-10.
            2026-09-10 · 1:1-vc
            When: 2026-09-10
            Type: 1:1-vc
            Title: Board prep (set by you)
            People: Alice Smith (via alice@acme.io)
            Attendees:
              alice@acme.io — accepted · Alice Smith
            Source: Google Calendar
            [Date] ia:1:d
            [Type] iy:1
            [People +/−] ip:1
            [Title] ia:1:t
            [Add note] ia:1:n
            [Replace notes] ia:1:r
            [Didn't happen] ih:1:0
            [They initiated] ii:1:1
            [Delete] ix:1
            [↩ Undo] un:5"#]],
    );
    undo(&mut chat, &titled, &before);

    // An ambiguous or unreadable date keeps the question open and changes nothing.
    check(
        &mut chat,
        "press ia:1:d",
        expect![[r#"
        When was the 1:1-vc of 2026-09-10? For example: yesterday, Nov 28, 28.11. or 2026-11-28
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "3/5",
        expect![[r#"
        "3/5" could be 3 May 2026 or 5 March 2026. Write it with the month's name or as 2026-05-03.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "someday",
        expect![[r#"
        I can't read the date "someday". For example: yesterday, Nov 28, 28.11. or 2026-11-28
        [Cancel] cancel"#]],
    );
    assert_eq!(chat.store.export_json().unwrap(), before);
}

#[test]
fn people_notes_and_flags_edits_count_at_once_and_undo() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    check(
        &mut chat,
        "press ip:2",
        expect![[r#"
        Who was at the group-vc of 2026-10-20? Take someone off, or add someone.
        [− Alice Smith] ir:2:2
        [+ Add someone] ia:2:p
        [◀ Back] ic:2"#]],
    );
    // Alice is on g2 through her address: taking her off marks the address not there.
    let off = check(
        &mut chat,
        "press ir:2:2",
        expect![[r#"
        Took Alice Smith off the group-vc with Alice Smith of 2026-10-20.
        2026-10-20 · group-vc
        When: 2026-10-20
        Type: group-vc
        Title: Meeting g2
        People: no one
        Attendees:
          alice@acme.io — taken off by you
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
        [↩ Undo] un:1"#]],
    );
    assert_eq!(
        last_met(&mut chat, "Alice Smith"),
        "Last seen: 2026-09-10 (2 months ago) · last F2F: never · 1 interaction"
    );
    check(
        &mut chat,
        "press ir:2:2",
        expect!["(notice) This button has expired."],
    );
    undo(&mut chat, &off, &before);

    check(
        &mut chat,
        "press ia:2:p",
        expect![[r#"
        Who else was at the group-vc of 2026-10-20? Type a name.
        [Cancel] cancel"#]],
    );
    let added = check(
        &mut chat,
        "Zoë",
        expect![[r#"
            Added Zoë Müller to the group-vc with Alice Smith of 2026-10-20.
            2026-10-20 · group-vc
            When: 2026-10-20
            Type: group-vc
            Title: Meeting g2
            People: Zoë Müller (by hand); Alice Smith (via alice@acme.io)
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
            [↩ Undo] un:3"#]],
    );
    assert_eq!(
        last_met(&mut chat, "Zoë Müller"),
        "Last seen: 2026-10-20 (1 month ago) · last F2F: 2026-05-01 (6 months ago) · 2 interactions"
    );
    undo(&mut chat, &added, &before);

    check(
        &mut chat,
        "press ia:5:n",
        expect![[r#"
        Type the note to add to the coffee of 2026-05-01.
        [Cancel] cancel"#]],
    );
    let noted = check(
        &mut chat,
        "She found a flat",
        expect![[r#"
            Noted on the coffee with Zoë Müller of 2026-05-01.
            2026-05-01 · coffee
            When: 2026-05-01
            Type: coffee
            People: Zoë Müller (by hand)
            Source: logged by hand
            Notes:
            Talked about moving to Lisbon
            She found a flat
            [Date] ia:5:d
            [Type] iy:5
            [People +/−] ip:5
            [Title] ia:5:t
            [Add note] ia:5:n
            [Replace notes] ia:5:r
            [Didn't happen] ih:5:0
            [They initiated] ii:5:1
            [Delete] ix:5
            [↩ Undo] un:5"#]],
    );
    undo(&mut chat, &noted, &before);
    check(
        &mut chat,
        "press ia:5:r",
        expect![[r#"
        Type the notes that replace all of the coffee of 2026-05-01's notes.
        [Cancel] cancel"#]],
    );
    let replaced = check(
        &mut chat,
        "Only this",
        expect![[r#"
            Replaced the notes of the coffee with Zoë Müller of 2026-05-01.
            2026-05-01 · coffee
            When: 2026-05-01
            Type: coffee
            People: Zoë Müller (by hand)
            Source: logged by hand
            Notes:
            Only this
            [Date] ia:5:d
            [Type] iy:5
            [People +/−] ip:5
            [Title] ia:5:t
            [Add note] ia:5:n
            [Replace notes] ia:5:r
            [Didn't happen] ih:5:0
            [They initiated] ii:5:1
            [Delete] ix:5
            [↩ Undo] un:7"#]],
    );
    undo(&mut chat, &replaced, &before);

    let cancelled = check(
        &mut chat,
        "press ih:5:0",
        expect![[r#"
            Marked the coffee with Zoë Müller of 2026-05-01 as didn't happen: it no longer counts.
            2026-05-01 · coffee
            When: 2026-05-01
            Type: coffee
            People: Zoë Müller (by hand)
            Source: logged by hand
            Flags: didn't happen (set by you)
            Notes:
            Talked about moving to Lisbon
            [Date] ia:5:d
            [Type] iy:5
            [People +/−] ip:5
            [Title] ia:5:t
            [Add note] ia:5:n
            [Replace notes] ia:5:r
            [Happened] ih:5:1
            [They initiated] ii:5:1
            [Delete] ix:5
            [↩ Undo] un:9"#]],
    );
    assert_eq!(
        last_met(&mut chat, "Zoë Müller"),
        "Last seen: never · last F2F: never · 0 interactions"
    );
    undo(&mut chat, &cancelled, &before);
    let theirs = check(
        &mut chat,
        "press ii:5:1",
        expect![[r#"
            Marked the coffee with Zoë Müller of 2026-05-01 as started by them.
            2026-05-01 · coffee
            When: 2026-05-01
            Type: coffee
            People: Zoë Müller (by hand)
            Source: logged by hand
            Flags: they initiated
            Notes:
            Talked about moving to Lisbon
            [Date] ia:5:d
            [Type] iy:5
            [People +/−] ip:5
            [Title] ia:5:t
            [Add note] ia:5:n
            [Replace notes] ia:5:r
            [Didn't happen] ih:5:0
            [I initiated] ii:5:0
            [Delete] ix:5
            [↩ Undo] un:11"#]],
    );
    undo(&mut chat, &theirs, &before);
}

#[test]
fn a_deleted_interaction_has_a_card_with_restore() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    let deleted = check(
        &mut chat,
        "press ix:1",
        expect![[r#"
        Deleted the 1:1-vc with Alice Smith of 2026-09-10. The calendar will not bring it back.
        [↩ Undo] un:1"#]],
    );
    assert_eq!(
        last_met(&mut chat, "Alice Smith"),
        "Last seen: 2026-10-20 (1 month ago) · last F2F: never · 1 interaction"
    );
    let card = check(
        &mut chat,
        "press ic:1",
        expect![[r#"
        This interaction of 2026-09-10 “Meeting g1” was deleted (2026-11-26 09:00). Restore brings it back as it was.
        [Restore] un:1"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&card, "Restore")),
        expect![
            "Undone: Deleted the 1:1-vc with Alice Smith of 2026-09-10 (2 months ago). The calendar will not bring it back."
        ],
    );
    assert_eq!(chat.store.export_json().unwrap(), before);
    // The deletion's own Undo was the same change: it is spent now.
    check(
        &mut chat,
        &format!("press {}", Chat::button(&deleted, "Undo")),
        expect!["That change was already undone."],
    );
    check(
        &mut chat,
        "press ic:1",
        expect![[r#"
        2026-09-10 · 1:1-vc
        When: 2026-09-10
        Type: 1:1-vc
        Title: Meeting g1
        People: Alice Smith (via alice@acme.io)
        Attendees:
          alice@acme.io — accepted · Alice Smith
        Source: Google Calendar
        [Date] ia:1:d
        [Type] iy:1
        [People +/−] ip:1
        [Title] ia:1:t
        [Add note] ia:1:n
        [Replace notes] ia:1:r
        [Didn't happen] ih:1:0
        [They initiated] ii:1:1
        [Delete] ix:1"#]],
    );
}

#[test]
fn every_person_field_is_set_by_text_and_undone() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    let cases = [
        "/set Alice Smith location Lisbon",
        "/set Alice Smith location -",
        "/set Alice Smith name Alice Cooper",
        "/set Alice Smith given Alicia",
        "/set Alice Smith family Smith-Jones",
        "/set Alice Smith display Al",
        "/set Alice Smith linkedin linkedin.com/in/alice-smith",
        "/intro Alice Smith by Zoë",
        "/intro Alice Smith by -",
        "/set Alice Smith tier 5",
        "/set Alice Smith email alice@home.org",
        "/set Alice Smith email alice@acme.io personal",
        "/set Alice Smith remove alice@acme.io",
        "/job Alice Smith at Globex Corp, CEO",
        "/job Alice Smith left Acme Labs",
        "/tag Alice Smith +climber -investor",
        "/cadence Alice Smith 3w",
        "/archive Alice Smith",
    ];
    let mut shown = String::new();
    for line in cases {
        let reply = chat.send(line);
        shown.push_str(&format!("> {line}\n{}\n", reply.render_plain()));
        let card = chat.press("p:2").plain_text();
        shown.push_str(&format!(
            "{}\n",
            card.lines().take(9).collect::<Vec<_>>().join("\n")
        ));
        shown.push_str(&format!("{}\n\n", undo(&mut chat, &reply, &before)));
    }
    expect![[r#"
        > /set Alice Smith location Lisbon
        Alice Smith's location: Lisbon.
        [Alice Smith ▸] p:2
        [↩ Undo] un:1
        Alice Smith
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Introduced by: Bob Jones
        Location: Lisbon
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: Alice Smith's location: Lisbon.

        > /set Alice Smith location -
        Alice Smith's location is cleared.
        [Alice Smith ▸] p:2
        [↩ Undo] un:3
        Alice Smith
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Introduced by: Bob Jones
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
          1. 2026-10-20 · group-vc — Meeting g2
        Undone: Alice Smith's location is cleared.

        > /set Alice Smith name Alice Cooper
        Renamed Alice Smith to Alice Cooper.
        [Alice Cooper ▸] p:2
        [↩ Undo] un:5
        Alice Cooper
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Introduced by: Bob Jones
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: Renamed Alice Smith to Alice Cooper.

        > /set Alice Smith given Alicia
        Alice Smith's given name is now Alicia.
        [Alicia Smith ▸] p:2
        [↩ Undo] un:7
        Alicia Smith
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Introduced by: Bob Jones
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: Alice Smith's given name is now Alicia.

        > /set Alice Smith family Smith-Jones
        Alice Smith's family name is now "Smith-Jones".
        [Alice Smith-Jones ▸] p:2
        [↩ Undo] un:9
        Alice Smith-Jones
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Introduced by: Bob Jones
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: Alice Smith's family name is now "Smith-Jones".

        > /set Alice Smith display Al
        Alice Smith is shown as Al.
        [Al ▸] p:2
        [↩ Undo] un:11
        Al
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Introduced by: Bob Jones
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: Alice Smith is shown as Al.

        > /set Alice Smith linkedin linkedin.com/in/alice-smith
        Alice Smith's LinkedIn: https://www.linkedin.com/in/alice-smith.
        [Alice Smith ▸] p:2
        [↩ Undo] un:13
        Alice Smith
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Introduced by: Bob Jones
        Location: Berlin
        LinkedIn: https://www.linkedin.com/in/alice-smith
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Undone: Alice Smith's LinkedIn: https://www.linkedin.com/in/alice-smith.

        > /intro Alice Smith by Zoë
        Alice Smith was introduced by Zoë Müller.
        [Alice Smith ▸] p:2
        [↩ Undo] un:15
        Alice Smith
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Introduced by: Zoë Müller
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: Alice Smith was introduced by Zoë Müller.

        > /intro Alice Smith by -
        Alice Smith's introducer is cleared.
        [Alice Smith ▸] p:2
        [↩ Undo] un:17
        Alice Smith
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
          1. 2026-10-20 · group-vc — Meeting g2
        Undone: Alice Smith's introducer is cleared.

        > /set Alice Smith tier 5
        Alice Smith: tier 5 Acquaintance (every 180 days).
        [Alice Smith ▸] p:2
        [↩ Undo] un:19
        Alice Smith
        CTO at Acme Labs
        Tier: 5 Acquaintance (every 180 days)
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Introduced by: Bob Jones
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: Alice Smith: tier 5 Acquaintance (every 180 days).

        > /set Alice Smith email alice@home.org
        Added alice@home.org (work) to Alice Smith — 0 past meetings.
        [Alice Smith ▸] p:2
        [↩ Undo] un:21
        Alice Smith
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, work), alice@home.org (work)
        Introduced by: Bob Jones
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: Added alice@home.org (work) to Alice Smith — 0 past meetings.

        > /set Alice Smith email alice@acme.io personal
        alice@acme.io is Alice Smith's personal address now.
        [Alice Smith ▸] p:2
        [↩ Undo] un:23
        Alice Smith
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, personal)
        Introduced by: Bob Jones
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: alice@acme.io is Alice Smith's personal address now.

        > /set Alice Smith remove alice@acme.io
        alice@acme.io is no longer Alice Smith's; 2 meetings it attended stay, and it is an unknown attendee again.
        [Alice Smith ▸] p:2
        [↩ Undo] un:25
        Alice Smith
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Introduced by: Bob Jones
        Location: Berlin
        Last seen: never · last F2F: never · 0 interactions
        Notes:
        2026-10-01: Angel investor, likes climbing
        Undone: alice@acme.io is no longer Alice Smith's; 2 meetings it attended stay, and it is an unknown attendee again.

        > /job Alice Smith at Globex Corp, CEO
        Alice Smith works at Globex Corp as CEO (Globex Corp is new in kith).
        [Alice Smith ▸] p:2
        [↩ Undo] un:27
        Alice Smith
        CTO at Acme Labs; CEO at Globex Corp
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Introduced by: Bob Jones
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: Alice Smith works at Globex Corp as CEO (Globex Corp is new in kith).

        > /job Alice Smith left Acme Labs
        Alice Smith left Acme Labs on 2026-11-26: it is a former job now.
        [Alice Smith ▸] p:2
        [↩ Undo] un:29
        Alice Smith
        Formerly: Acme Labs (left 2026-11-26)
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Introduced by: Bob Jones
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: Alice Smith left Acme Labs on 2026-11-26 (today): it is a former job now.

        > /tag Alice Smith +climber -investor
        Alice Smith's tags: climber.
        [↩ Undo] un:31
        Alice Smith
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: climber
        Email: alice@acme.io (primary, work)
        Introduced by: Bob Jones
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: Alice Smith's tags: climber.

        > /cadence Alice Smith 3w
        Alice Smith: keep in touch every 3 weeks (instead of tier 2 Close (every 30 days)).
        [Alice Smith] p:2
        [↩ Undo] un:33
        Alice Smith
        CTO at Acme Labs
        Tier: 2 Close · own cadence: every 3 weeks
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Introduced by: Bob Jones
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: Alice Smith: keep in touch every 3 weeks (instead of tier 2 Close (every 30 days)).

        > /archive Alice Smith
        Archived Alice Smith: left out of /stale, the digest, suggestions and briefs. Their history stays.
        [Alice Smith ▸] p:2
        [↩ Undo] un:35
        Alice Smith (archived)
        CTO at Acme Labs
        Tier: 2 Close (every 30 days)
        Tags: Investor
        Email: alice@acme.io (primary, work)
        Introduced by: Bob Jones
        Location: Berlin
        Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
        Latest:
        Undone: Archived Alice Smith: left out of /stale, the digest, suggestions and briefs. Their history stays.

    "#]].assert_eq(&shown);
}

#[test]
fn archived_people_leave_stale_and_suggestions_and_find_shows_them_marked() {
    let mut chat = Chat::open();
    check(
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
            [2. Bob Jones] p:1
            [Not now] nn:1
            [Less often] ls:1:60
            [3. Bob Marley] p:3
            [Not now] nn:3
            [Less often] ls:3:180"#]],
    );
    let archived = check(
        &mut chat,
        "/archive Bob Marley",
        expect![[r#"
        Archived Bob Marley: left out of /stale, the digest, suggestions and briefs. Their history stays.
        [Bob Marley ▸] p:3
        [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/stale",
        expect![[r#"
            Overdue, most overdue first
            1. Alice Smith — tier 2, last seen 2026-10-20 (1 month ago)
            2. Bob Jones — tier 3, never seen
            [1. Alice Smith] p:2
            [Not now] nn:2
            [Less often] ls:2:30
            [2. Bob Jones] p:1
            [Not now] nn:1
            [Less often] ls:1:60"#]],
    );
    check(
        &mut chat,
        "/find bob",
        expect![[r#"
        2 matches for "bob":
        [Bob Jones] p:1
        [Bob Marley (archived)] p:3"#]],
    );
    check(
        &mut chat,
        "press lk:4",
        expect![[r#"
        Who is bob.marley@reggae.org? Type their name, or pick:
        [Create contact] c:4
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "/unarchive Bob Marley",
        expect![[r#"
        Bob Marley is back: no longer archived.
        [Bob Marley ▸] p:3
        [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        "/unarchive Bob Marley",
        expect![[
            r#"No archived person is called "Bob Marley". /find Bob Marley shows everyone by that name."#
        ]],
    );
    let _ = archived;
}

#[test]
fn an_archived_person_is_left_out_of_a_brief() {
    use chrono::TimeZone;
    use kith::domain::model::{EmailAddress, InteractionType, ResponseStatus, Source};
    use kith::store::{Attendee, CalendarEvent};
    let mut chat = Chat::open();
    let attendee = |address: &str| Attendee {
        address: EmailAddress::parse(address).unwrap(),
        display_name: None,
        response: ResponseStatus::Accepted,
    };
    chat.store
        .upsert_calendar_event(&CalendarEvent {
            event_id: "today".into(),
            source: Source::Google,
            occurred_on: super::day("2026-11-26"),
            occurred_at: Some(
                chrono::Utc
                    .with_ymd_and_hms(2026, 11, 26, 15, 0, 0)
                    .unwrap(),
            ),
            time_zone: None,
            title: "Planning".into(),
            kind: InteractionType::GroupVideo,
            did_not_happen: false,
            attendees: vec![attendee("alice@acme.io"), attendee("zoe@gmail.com")],
        })
        .unwrap();
    let both = chat.send("/today").plain_text();
    assert!(
        both.contains("Zoë Müller") && both.contains("Alice Smith"),
        "{both}"
    );
    chat.send("/archive Zoë Müller");
    let brief = chat.send("/today").plain_text();
    assert!(brief.contains("Alice Smith"), "{brief}");
    assert!(!brief.contains("Zoë"), "{brief}");
}

#[test]
fn the_edit_menu_asks_and_runs_the_same_commands() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "press ep:2",
        expect![[r#"
            What should change for Alice Smith? (Or type it: /set Alice Smith location Lisbon.)
            [Name] ef:2:0
            [Job] ef:2:1
            [Location] ef:2:2
            [LinkedIn] ef:2:3
            [Introduced by] ef:2:4
            [Cadence] ef:2:5
            [+ Address] ef:2:6
            [Primary address] ef:2:7
            [Tags] ef:2:8
            [− Address] ef:2:9
            [+ Phone] ef:2:10
            [Birthday] ef:2:11
            [Telegram] ef:2:12
            [Tier] et:2
            [Archive] ar:2:1
            [◀ Card] p:2"#]],
    );
    check(
        &mut chat,
        "press ef:2:2",
        expect![[r#"
        Location for Alice Smith: type the city, or - to clear it.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "Porto",
        expect![[r#"
        Alice Smith's location: Porto.
        [Alice Smith ▸] p:2
        [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "press ef:2:1",
        expect![[r#"
        Job for Alice Smith: type the organization and title, e.g. Stripe, Head of Product — or “left Stripe”.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "left Acme Labs",
        expect![[r#"
        Alice Smith left Acme Labs on 2026-11-26: it is a former job now.
        [Alice Smith ▸] p:2
        [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        "press ef:2:4",
        expect![[r#"
        Introduced by for Alice Smith: type who introduced them, or - to clear it.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "Alice Smith",
        expect![[r#"
            A person cannot be introduced by themselves. Type who introduced them, or - to clear it — or press Cancel.
            [Cancel] cancel"#]],
    );
    chat.press("ef:2:11");
    let birthday = chat.send("12 April").plain_text();
    assert_eq!(birthday, "Alice Smith's birthday: 12 April.");
    chat.press("ef:2:10");
    let phone = chat.send("+49 30 123456 work").plain_text();
    assert_eq!(phone, "Added +4930123456 (work) to Alice Smith.");
}

#[test]
fn bad_corrections_say_what_would_have_worked_and_change_nothing() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    let cases = [
        "/set Alice Smith colour red",
        "/set Alice Smith",
        "/set Alice Smith linkedin twitter.com/alice",
        "/set Alice Smith tier 9",
        "/set Alice Smith email zoe@gmail.com",
        "/set Alice Smith email %@%",
        "/set Alice Smith email alice@acme_labs.io",
        "/set Alice Smith primary nobody@nowhere.io",
        "/set Alice Smith remove zoe@gmail.com",
        "/intro Alice Smith by Alice Smith",
        "/intro Alice Smith",
        "/job Alice",
        "/job Alice Smith left Globex",
        "/unlink nobody@nowhere.io",
        "/unarchive Alice Smith",
        "/unignore @nowhere.io",
        "/org Nowhere domain x.io",
        "/org merge Acme Labs",
        "/org Acme Labs interest maybe",
        "/undo now",
        "/history",
    ];
    let mut shown = String::new();
    for line in cases {
        shown.push_str(&format!("> {line}\n{}\n", chat.send(line).render_plain()));
    }
    expect![[r#"
        > /set Alice Smith colour red
        /set needs a name, a field (name, given, family, display, location, linkedin, intro, tier, email, primary, phone, birthday, telegram, remove) and a value. For example: /set Jane Doe location Lisbon
        > /set Alice Smith
        /set needs a name, a field (name, given, family, display, location, linkedin, intro, tier, email, primary, phone, birthday, telegram, remove) and a value. For example: /set Jane Doe location Lisbon
        > /set Alice Smith linkedin twitter.com/alice
        "twitter.com/alice" is not a valid LinkedIn profile: expected a linkedin.com address such as linkedin.com/in/jane-doe.
        > /set Alice Smith tier 9
        "9" is not a closeness tier (use 1–7 or one of the tier names).
        > /set Alice Smith email zoe@gmail.com
        zoe@gmail.com already belongs to Zoë Müller.
        > /set Alice Smith email %@%
        "%@%" is not a valid email address: the domain has no dot.
        > /set Alice Smith email alice@acme_labs.io
        "alice@acme_labs.io" is not a valid email address: the domain holds a character domains do not use.
        > /set Alice Smith primary nobody@nowhere.io
        No email address named "nobody@nowhere.io".
        > /set Alice Smith remove zoe@gmail.com
        zoe@gmail.com is not an address of Alice Smith.
        > /intro Alice Smith by Alice Smith
        A person cannot be introduced by themselves.
        > /intro Alice Smith
        /intro needs a name, "by" and who introduced them. For example: /intro Jane Doe by Bob Jones
        > /job Alice
        /job needs a name and an organization. For example: /job Jane Doe at Stripe, Head of Product — or /job Jane Doe left Stripe
        > /job Alice Smith left Globex
        No organization is called "Globex"; Alice Smith's jobs are on their card.
        > /unlink nobody@nowhere.io
        No email address named "nobody@nowhere.io".
        > /unarchive Alice Smith
        No archived person is called "Alice Smith". /find Alice Smith shows everyone by that name.
        > /unignore @nowhere.io
        @nowhere.io is not ignored. /ignored lists what is, each with Unignore.
        > /org Nowhere domain x.io
        No organization is called "Nowhere". /org new Nowhere creates it.
        > /org merge Acme Labs
        /org merge needs two organizations separated by a comma, the one to keep first. For example: /org merge Acme, Acme Inc
        > /org Acme Labs interest maybe
        "maybe" is not a valid investor interest: expected none, watching, interested or very-interested.
        > /undo now
        /undo takes nothing: it undoes your latest change. Each change's message also has its own Undo button.
        > /history
        /history needs a name. For example: /history Jane Doe
    "#]].assert_eq(&shown);
    assert_eq!(chat.store.export_json().unwrap(), before);
}

#[test]
fn unlink_ignore_and_unignore_keep_every_meeting() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    let unlinked = check(
        &mut chat,
        "/unlink alice@acme.io",
        expect![[r#"
        alice@acme.io no longer belongs to Alice Smith; its meetings stop counting for them, and it is an unknown attendee again.
        [Alice Smith ▸] p:2
        [↩ Undo] un:1"#]],
    );
    assert_eq!(
        last_met(&mut chat, "Alice Smith"),
        "Last seen: never · last F2F: never · 0 interactions"
    );
    undo(&mut chat, &unlinked, &before);

    // jane.d@acme.io attended two meetings; ignoring keeps both.
    let ignored = check(
        &mut chat,
        "press x:3",
        expect![[r#"
            Ignored jane.d@acme.io: it won't be asked about again.
            [Unknown attendees ▸] u:0
            [↩ Undo] un:3"#]],
    );
    check(
        &mut chat,
        "/ignored",
        expect![[r#"
        Ignored
        jane.d@acme.io — 2 meetings
        [Unignore jane.d@acme.io] ue:3"#]],
    );
    check(
        &mut chat,
        "/unknown",
        expect![[r#"
        Unknown attendees, most frequent first
        1. bob.marley@reggae.org — 1 meeting, last 2026-10-20
        [1. Link ▸] lk:4
        [Create] c:4
        [Ignore] x:4"#]],
    );
    check(
        &mut chat,
        "press ue:3",
        expect![[r#"
            jane.d@acme.io is no longer ignored: its meetings are kept, and unknown addresses come back to /unknown.
            [Unknown attendees ▸] u:0
            [↩ Undo] un:4"#]],
    );
    check(
        &mut chat,
        "/unknown",
        expect![[r#"
        Unknown attendees, most frequent first
        1. jane.d@acme.io (Jane D.) — 2 meetings, last 2026-11-02
        2. bob.marley@reggae.org — 1 meeting, last 2026-10-20
        [1. Link ▸] lk:3
        [Create] c:3
        [Ignore] x:3
        [2. Link ▸] lk:4
        [Create] c:4
        [Ignore] x:4"#]],
    );
    let _ = ignored;

    let domain = check(
        &mut chat,
        "press xd:3",
        expect![[r#"
            Ignored every address matching *@acme.io.
            [Unknown attendees ▸] u:0
            [↩ Undo] un:5"#]],
    );
    check(
        &mut chat,
        "/ignored",
        expect![[r#"
        Ignored
        *@acme.io (every address like it)
        [Unignore *@acme.io] ur:3253002237"#]],
    );
    check(
        &mut chat,
        "/unignore @acme.io",
        expect![[r#"
            *@acme.io is no longer ignored: its meetings are kept, and unknown addresses come back to /unknown.
            [Unknown attendees ▸] u:0
            [↩ Undo] un:6"#]],
    );
    let _ = domain;
    // Linking the once-ignored address makes its meetings count at once.
    check(
        &mut chat,
        "/new Jane Doe",
        expect![[r#"
            Added Jane Doe.
            Jane Doe
            Tier: no tier
            Last seen: never · last F2F: never · 0 interactions
            [Log] l:5
            [Note] n:5
            [Interactions ▸] i:5:0
            [Edit ▸] ep:5
            [Edit tier] et:5
            [History] hi:5:0
            [Remind ▸] rm:5
            [↩ Undo] un:7"#]],
    );
    check(
        &mut chat,
        "/link jane.d@acme.io Jane Doe",
        expect![[r#"
            ✓ jane.d@acme.io linked to Jane Doe — 2 past meetings linked (2 in all).
            [Jane Doe] p:5
            [↩ Undo] un:8"#]],
    );
}

#[test]
fn organizations_are_created_edited_and_merged() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    let mut shown = String::new();
    let mut replies = Vec::new();
    for line in [
        "/org new Globex",
        "/org Globex domain https://www.globex.com/about",
        "/org Globex -domain globex.com",
        "/org Globex interest watching",
        "/org Globex note met their CFO",
        "/org Globex +portfolio",
        "/org Globex rename Globex Corp",
        "/job Bob Jones at Globex Corp, Designer",
        "/org merge Acme Labs, Globex Corp",
    ] {
        let reply = chat.send(line);
        shown.push_str(&format!("> {line}\n{}\n\n", reply.render_plain()));
        replies.push(reply);
    }
    expect![[r#"
        > /org new Globex
        Created the organization Globex.
        Globex
        Last contact with anyone there now: never
        [↩ Undo] un:1

        > /org Globex domain https://www.globex.com/about
        Addresses at globex.com are Globex now.
        [Globex ▸] o:2
        [↩ Undo] un:2

        > /org Globex -domain globex.com
        globex.com is no longer a domain of Globex.
        [Globex ▸] o:2
        [↩ Undo] un:3

        > /org Globex interest watching
        Globex: investor interest watching.
        [Globex ▸] o:2
        [↩ Undo] un:4

        > /org Globex note met their CFO
        Noted on Globex.
        [Globex ▸] o:2
        [↩ Undo] un:5

        > /org Globex +portfolio
        Globex's tags: portfolio.
        [Globex ▸] o:2
        [↩ Undo] un:6

        > /org Globex rename Globex Corp
        Renamed Globex to Globex Corp.
        [Globex Corp ▸] o:2
        [↩ Undo] un:7

        > /job Bob Jones at Globex Corp, Designer
        Bob Jones works at Globex Corp as Designer.
        [Bob Jones ▸] p:1
        [↩ Undo] un:8

        > /org merge Acme Labs, Globex Corp
        Merged Globex Corp into Acme Labs.
        Acme Labs
        Tags: BigTech, portfolio
        Investor interest: watching
        Domains: acme.io
        People (2):
          Bob Jones, Designer
          Alice Smith, CTO
        Last contact with anyone there now: 2026-10-20 (1 month ago)
        Notes:
        2026-11-26: met their CFO
        [Bob Jones] p:1
        [Alice Smith] p:2
        [↩ Undo] un:9

    "#]]
    .assert_eq(&shown);
    // Undone newest first, every one of them: the network is as it was.
    for _ in &replies {
        chat.send("/undo");
    }
    assert_eq!(chat.store.export_json().unwrap(), before);
}

#[test]
fn undo_refuses_when_a_later_change_depends_on_it_and_history_shows_it_all() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    let created = check(
        &mut chat,
        "/new Jane Doe",
        expect![[r#"
            Added Jane Doe.
            Jane Doe
            Tier: no tier
            Last seen: never · last F2F: never · 0 interactions
            [Log] l:5
            [Note] n:5
            [Interactions ▸] i:5:0
            [Edit ▸] ep:5
            [Edit tier] et:5
            [History] hi:5:0
            [Remind ▸] rm:5
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/log coffee with Jane Doe yesterday",
        expect![[r#"
        Logged coffee with Jane Doe on 2026-11-25 (yesterday).
        [Jane Doe] p:5
        [Open ▸] ic:6
        [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        "/set Jane Doe location Lisbon",
        expect![[r#"
        Jane Doe's location: Lisbon.
        [Jane Doe ▸] p:5
        [↩ Undo] un:3"#]],
    );
    let refused = undo_press(&mut chat, &created);
    expect!["Can't undo “Added Jane Doe.”: a later change depends on it — “Logged coffee with Jane Doe on 2026-11-25 (yesterday).”, made by you on 2026-11-26 09:00. Undo that first."].assert_eq(&refused);
    check(
        &mut chat,
        "/history Jane Doe",
        expect![[r#"
            History of Jane Doe
            1. 2026-11-26 09:00 · you · Jane Doe's location: Lisbon.
            2. 2026-11-26 09:00 · you · Logged coffee with Jane Doe on 2026-11-25 (yesterday).
            3. 2026-11-26 09:00 · you · Added Jane Doe.
            [↩ Undo 1] un:3
            [↩ Undo 2] un:2
            [↩ Undo 3] un:1
            [Jane Doe ▸] p:5"#]],
    );
    check(
        &mut chat,
        "/undo",
        expect!["Undone: Jane Doe's location: Lisbon."],
    );
    check(
        &mut chat,
        "/undo",
        expect!["Undone: Logged coffee with Jane Doe on 2026-11-25 (yesterday)."],
    );
    check(&mut chat, "/undo", expect!["Undone: Added Jane Doe."]);
    assert_eq!(chat.store.export_json().unwrap(), before);
    check(
        &mut chat,
        "/undo",
        expect!["Nothing to undo: you have made no change here that is not undone already."],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&created, "Undo")),
        expect!["That change was already undone."],
    );
    // Another chat's change is not this chat's to undo.
    let theirs = chat.send("/set Bob Jones location Rome");
    let data = Chat::button(&theirs, "Undo");
    let other = kith::engine::Engine::new(
        &mut chat.store,
        &kith::engine::Preferences::from(&chat.settings),
    )
    .handle(2, kith::engine::Input::Press(data), chat.now);
    assert_eq!(other.body, "This button has expired.");
}

fn undo_press(chat: &mut Chat, reply: &kith::engine::Reply) -> String {
    chat.press(&Chat::button(reply, "Undo")).render_plain()
}

/// An export with the interactions' `source_fingerprint` (sync bookkeeping) blanked.
fn without_fingerprints(mut export: serde_json::Value) -> serde_json::Value {
    let table = &mut export["tables"]["interactions"];
    let column = table["columns"]
        .as_array()
        .and_then(|c| c.iter().position(|c| c == "source_fingerprint"))
        .expect("the column");
    for row in table["rows"].as_array_mut().into_iter().flatten() {
        row[column] = serde_json::Value::Null;
    }
    export
}

/// g1 and g2 as the calendar sends them again: the same events, without the display
/// names the first sync had, so every row is looked at again.
fn resend(chat: &mut Chat) {
    use kith::domain::model::{EmailAddress, InteractionType, ResponseStatus, Source};
    use kith::store::{Attendee, CalendarEvent};
    let attendee = |address: &str| Attendee {
        address: EmailAddress::parse(address).unwrap(),
        display_name: None,
        response: ResponseStatus::Accepted,
    };
    let events = [
        (
            "g1",
            "2026-09-10",
            InteractionType::OneOnOneVideo,
            vec![attendee("alice@acme.io")],
        ),
        (
            "g2",
            "2026-10-20",
            InteractionType::GroupVideo,
            vec![
                attendee("alice@acme.io"),
                attendee("jane.d@acme.io"),
                attendee("bob.marley@reggae.org"),
            ],
        ),
        (
            "g3",
            "2026-11-02",
            InteractionType::OneOnOneVideo,
            vec![attendee("jane.d@acme.io")],
        ),
    ];
    for (id, on, kind, attendees) in events {
        chat.store
            .upsert_calendar_event(&CalendarEvent {
                event_id: id.into(),
                source: Source::Google,
                occurred_on: super::day(on),
                occurred_at: None,
                time_zone: None,
                title: format!("Meeting {id}"),
                kind,
                did_not_happen: false,
                attendees,
            })
            .unwrap();
    }
}

#[test]
fn a_re_sync_keeps_every_edit_deletion_and_restore_of_synced_meetings() {
    let mut chat = Chat::open();
    // g1: date, type and title set by hand, marked didn't happen, a note.
    chat.press("ia:1:d");
    chat.send("2026-09-12");
    chat.press("is:1:7");
    chat.press("ia:1:t");
    chat.send("Coffee with Alice");
    chat.press("ih:1:0");
    chat.press("ia:1:n");
    chat.send("rescheduled twice");
    // g2: Alice taken off (she is on it by her address).
    chat.press("ir:2:2");
    // g3: deleted.
    chat.press("ix:3");
    let edited = chat.store.export_json().unwrap();
    let card_1 = chat.press("ic:1").render_plain();
    let card_2 = chat.press("ic:2").render_plain();

    resend(&mut chat);
    // The digest of what was last applied moves (the resend lacks display names); what
    // the owner set does not.
    assert_eq!(
        without_fingerprints(chat.store.export_json().unwrap()),
        without_fingerprints(edited),
        "a re-sync of the same calendar changed what the owner set"
    );
    assert_eq!(chat.press("ic:1").render_plain(), card_1);
    assert_eq!(chat.press("ic:2").render_plain(), card_2);
    assert!(chat.press("ic:3").plain_text().contains("was deleted"));
    assert_eq!(
        chat.send("/recent 50")
            .plain_text()
            .matches("Meeting g3")
            .count(),
        0
    );

    // Restored, g3 is back once; syncing again neither duplicates nor deletes it.
    let restore = Chat::button(&chat.press("ic:3"), "Restore");
    chat.press(&restore);
    resend(&mut chat);
    let recent = chat.send("/recent 50").plain_text();
    assert_eq!(recent.matches("Meeting g3").count(), 1, "{recent}");
    assert_eq!(recent.matches("Coffee with Alice").count(), 1, "{recent}");
    let restored = chat.store.export_json().unwrap();
    resend(&mut chat);
    assert_eq!(chat.store.export_json().unwrap(), restored);
    assert!(chat.store.health_problems().unwrap().is_empty());
}

#[test]
fn a_date_that_reads_both_ways_is_asked_with_buttons_or_read_as_the_setting_says() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    let asked = check(
        &mut chat,
        "/log coffee with Zoë 3/5",
        expect![[r#"
            Which date did you mean: 3 May 2026 or 5 March 2026? (KITH_DATE_ORDER=day-first or month-first makes kith read such dates one way without asking.)
            [3 May 2026] dc:1:0
            [5 March 2026] dc:1:1
            [Cancel] cancel"#]],
    );
    assert_eq!(
        chat.store.export_json().unwrap(),
        before,
        "asking writes nothing"
    );
    let march = Chat::button(&asked, "5 March");
    check(
        &mut chat,
        &format!("press {march}"),
        expect![[r#"
        Logged coffee with Zoë Müller on 2026-03-05 (8 months ago).
        [Zoë Müller] p:4
        [Open ▸] ic:6
        [↩ Undo] un:1"#]],
    );
    // Pressed again, the question is answered already.
    check(
        &mut chat,
        &format!("press {march}"),
        expect!["(notice) This button has expired."],
    );

    // Where the convention is month first, that reading is offered first.
    chat.settings.timezone = chrono_tz::America::New_York;
    let asked = chat.send("/log lunch with Zoë 4/6");
    assert_eq!(asked.buttons[0][0].label, "6 April 2026");
    // With the order set, it is read that way without a question.
    chat.settings.date_order = kith::config::settings::DateOrder::DayFirst;
    check(
        &mut chat,
        "/log lunch with Zoë 4/6",
        expect![[r#"
        Logged lunch with Zoë Müller on 2026-06-04 (5 months ago).
        [Zoë Müller] p:4
        [Open ▸] ic:7
        [↩ Undo] un:2"#]],
    );
    chat.press("ia:1:d");
    let moved = chat.send("7/8");
    assert!(
        moved
            .plain_text()
            .starts_with("Moved the 1:1-vc with Alice Smith of 2026-09-10 to 2026-08-07."),
        "{}",
        moved.plain_text()
    );
}

#[test]
fn a_sync_is_in_history_but_is_not_undone_from_the_chat() {
    use kith::domain::model::{EmailAddress, InteractionType, ResponseStatus, Source};
    use kith::store::{Attendee, CalendarEvent, SyncBatch};
    let mut chat = Chat::open();
    let event = CalendarEvent {
        event_id: "g9".into(),
        source: Source::Google,
        occurred_on: super::day("2026-11-20"),
        occurred_at: None,
        time_zone: None,
        title: "Roadmap".into(),
        kind: InteractionType::OneOnOneVideo,
        did_not_happen: false,
        attendees: vec![Attendee {
            address: EmailAddress::parse("zoe@gmail.com").unwrap(),
            display_name: None,
            response: ResponseStatus::Accepted,
        }],
    };
    let batch = SyncBatch {
        upserts: vec![event],
        cancels: vec!["g4".into()],
    };
    chat.store
        .apply_sync("google:primary", &batch, Some("t1"))
        .unwrap();
    // Nothing new the second time: no change is recorded.
    chat.store
        .apply_sync("google:primary", &batch, Some("t2"))
        .unwrap();
    check(
        &mut chat,
        "/history Zoë",
        expect![[r#"
            History of Zoë Müller
            1. 2026-11-26 09:00 · sync · Calendar: 1 new, 1 updated
            [Zoë Müller ▸] p:4"#]],
    );
    let sync = chat
        .store
        .history_of(kith::domain::model::PersonId(4), 10, 0)
        .unwrap();
    assert_eq!(sync.len(), 1);
    let refused = chat.press(&format!("un:{}", sync[0].id));
    assert_eq!(
        refused.plain_text(),
        "A change made by sync can't be undone from the chat."
    );
}

#[test]
fn phones_and_birthdays_are_set_shown_in_the_card_and_the_digest_and_undone() {
    let mut chat = Chat::open();
    chat.settings.phone_region = Some("DE".into());
    let before = chat.store.export_json().unwrap();
    let phone = check(
        &mut chat,
        "/set Zoë Müller phone 0170 1234567 mobile",
        expect![[r#"
            Added +491701234567 (mobile) to Zoë Müller.
            [Zoë Müller ▸] p:4
            [↩ Undo] un:1"#]],
    );
    let after_phone = chat.store.export_json().unwrap();
    // Zoë has tier 1: her birthday in two days is in the digest.
    let birthday = check(
        &mut chat,
        "/set Zoë Müller birthday 28 November 1990",
        expect![[r#"
            Zoë Müller's birthday: 28 November 1990.
            [Zoë Müller ▸] p:4
            [↩ Undo] un:2"#]],
    );
    let card = chat.send("/person Zoë Müller").plain_text();
    assert!(card.contains("Phone: +491701234567 (mobile)"), "{card}");
    assert!(card.contains("Birthday: 28 November 1990"), "{card}");
    let digest = chat.send("/digest").render_plain();
    assert!(
        digest.contains("Dates ahead:\n  🎂 Zoë Müller — birthday Saturday 28 November, turns 36"),
        "{digest}"
    );
    check(
        &mut chat,
        "/set Zoë Müller phone call me",
        expect![[
            r#""call me" is not a valid phone number: expected a number such as +49 170 1234567 (or a national one, with KITH_PHONE_REGION set)."#
        ]],
    );
    check(
        &mut chat,
        "/set Zoë Müller birthday 31 February",
        expect![[
            r#""31 February" is not a valid birthday: expected a date such as 12 April, 1985-04-12 or 12.04.1985."#
        ]],
    );
    let removed = check(
        &mut chat,
        "/set Zoë Müller remove +491701234567",
        expect![[r#"
            +491701234567 is no longer Zoë Müller's number.
            [Zoë Müller ▸] p:4
            [↩ Undo] un:3"#]],
    );
    chat.press(&Chat::button(&removed, "Undo"));
    undo(&mut chat, &birthday, &after_phone);
    undo(&mut chat, &phone, &before);
}
