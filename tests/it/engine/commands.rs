//! Every command, with its reply and buttons.

use expect_test::expect;

use super::*;

#[test]
fn start_and_help() {
    let mut chat = Chat::open();
    let help = check(
        &mut chat,
        "/help",
        expect![[r#"
            kith — your personal CRM
            kith keeps your network: who you know, where they work, and every time you met.
            Send a name to look someone up, or:
            /help [COMMAND] — the commands; /help COMMAND shows one with an example
            /find TEXT — search people, addresses, organizations and tags (plain text works too)
            /person NAME — a person's card
            /log [TYPE] [with] NAMES [DATE][: NOTES] — log an interaction
            /note NAME: TEXT — add a dated note to a person
            /topic NAME: TEXT | NAME — something to bring up next time you see someone; /topic NAME lists theirs
            /date NAME LABEL DATE [yearly] | NAME | NAME - LABEL — a day that matters to someone (yearly without a year); /date NAME lists theirs, - LABEL removes one
            /today — a brief for each meeting still ahead today: who is coming and what you know
            /next — the brief of your next meeting
            /remind NAME WHEN[: TEXT] — a follow-up with someone: a day (tomorrow, friday, in 2 weeks, on 14 Dec), maybe a time and a repeat (every 3 months)
            /reminders [NAME] — your open follow-ups (or one person's), overdue and due today first, each with Done and Snooze
            /stale [TAG | TIER | ORGANIZATION] — who haven't I seen lately, most overdue first
            /unknown — unknown meeting attendees, most frequent first
            /telegram — people you write to on Telegram who are no one in kith yet, each with Link, Create and Ignore
            /addressbook — what the address book sync asks: conflicts, removed cards, people not in your address book
            /new NAME [EMAIL] — add a person
            /link EMAIL NAME — link an address to a person; their past meetings count at once
            /set NAME FIELD VALUE — change a field of a person: name, given, family, display, location, linkedin, intro, tier, email (add), primary, phone, birthday, telegram, remove (an address or number); - clears
            /job NAME at ORG[, TITLE] | NAME left ORG — where someone works now (a one-word organization needs no "at"), or that they left
            /intro NAME by NAME — who introduced someone (by - clears it)
            /archive NAME — leave someone out of /stale, the digest, suggestions and briefs; their history stays
            /unarchive NAME | #ID — bring an archived person back
            /unlink EMAIL — take an address from its person; it becomes an unknown attendee again
            /ignored — the addresses and domains you ignored, each with Unignore
            /unignore EMAIL | @DOMAIN — stop ignoring an address or a domain; its meetings were kept
            /undo — undo your latest change (every change's message also has Undo)
            /history NAME — what happened to a person, newest first
            /org NAME | new NAME | NAME FIELD VALUE | merge KEEP, OTHER — an organization's card; create, merge, or change it: rename, domain, -domain, interest, note, +TAG -TAG
            /tag NAME +TAG -TAG — add or remove a person's tags
            /cadence NAME 3w | off | tier — how often to see someone, instead of their tier's pace
            /tags — every tag with how many people carry it
            /recent [N] — the latest interactions
            /stats — a picture of your year: meetings per month, and who you met
            /merge NAME, NAME — merge the second person into the first, after a confirmation
            /dupes — people who are probably one person, to merge or keep apart
            /sync [full] — sync the calendars, mailboxes and address book now and report what changed
            /digest — today's digest now, with the same buttons
            /export — your whole network as one JSON file
            /backup — a consistent copy of the database, as a file
            /status — how kith is doing: sources, digest, backups, replica

            Reply to a message about a person or a meeting to add a note to it.
            Send /help COMMAND for one with an example, e.g. /help log."#]],
    );
    assert_eq!(chat.send("/start"), help);
}

#[test]
fn find_one_several_none() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/find muller, zoe",
        expect![[r#"
            Zoë Müller
            Tier: 1 Any time (every 14 days)
            Tags: Friend
            Email: zoe@gmail.com (primary, personal)
            Last seen: 2026-05-01 (6 months ago) · last F2F: 2026-05-01 (6 months ago) · 1 interaction
            Latest:
              1. 2026-12-01 · 1:1-vc — Meeting g4 (upcoming)
              2. 2026-05-01 · coffee: Talked about moving to Lisbon
            [1] ic:4
            [2] ic:5
            [Log] l:4
            [Note] n:4
            [Interactions ▸] i:4:0
            [Edit ▸] ep:4
            [Edit tier] et:4
            [History] hi:4:0
            [Remind ▸] rm:4"#]],
    );
    check(
        &mut chat,
        "bob",
        expect![[r#"
        2 matches for "bob":
        [Bob Jones] p:1
        [Bob Marley] p:3"#]],
    );
    check(
        &mut chat,
        "/find acme",
        expect![[r#"
            Acme Labs
            Tags: BigTech
            Domains: acme.io
            People (1):
              Alice Smith, CTO
            Formerly (1):
              Bob Jones, Engineer
            Last contact with anyone there now: 2026-10-20 (1 month ago)
            [Alice Smith] p:2"#]],
    );
    check(
        &mut chat,
        "/find Xavier",
        expect![[r#"No one matches "Xavier". Add them with /new Xavier."#]],
    );
    check(
        &mut chat,
        "/find",
        expect!["/find needs something to look for. For example: /find zoe muller"],
    );
}

#[test]
fn person_card() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/person Alice Smith",
        expect![[r#"
            Alice Smith
            CTO at Acme Labs
            Tier: 2 Close (every 30 days)
            Tags: Investor
            Email: alice@acme.io (primary, work)
            Introduced by: Bob Jones
            Location: Berlin
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
            [Remind ▸] rm:2"#]],
    );
    check(
        &mut chat,
        "/person Nobody Here",
        expect![[
            r#"I don't know anyone called "Nobody Here". Add them with /new Nobody Here, or check the spelling."#
        ]],
    );
}

#[test]
fn log_with_an_ambiguous_name_asks_then_completes_once() {
    let mut chat = Chat::open();
    let question = check(
        &mut chat,
        "/log coffee with Alice Smith and Bob yesterday: talked about the seed round",
        expect![[r#"
            Which "Bob" do you mean?
            [Bob Jones · #1] ch:1:1
            [Bob Marley · #3] ch:1:3
            [Cancel] cancel"#]],
    );
    let choice = Chat::button(&question, "Bob Jones");
    let before = chat.store.content_fingerprint().unwrap();
    check(
        &mut chat,
        &format!("press {choice}"),
        expect![[r#"
            Logged coffee with Alice Smith, Bob Jones on 2026-11-25 (yesterday).
            [Alice Smith] p:2
            [Bob Jones] p:1
            [Open ▸] ic:6
            [↩ Undo] un:1"#]],
    );
    assert_ne!(chat.store.content_fingerprint().unwrap(), before);
    let after = chat.store.content_fingerprint().unwrap();
    check(
        &mut chat,
        &format!("press {choice}"),
        expect!["(notice) This button has expired."],
    );
    assert_eq!(
        chat.store.content_fingerprint().unwrap(),
        after,
        "a second press changes nothing"
    );
    check(
        &mut chat,
        "/person Bob Jones",
        expect![[r#"
            Bob Jones
            Formerly: Acme Labs
            Tier: 3 Friendly (every 60 days)
            Last seen: 2026-11-25 (yesterday) · last F2F: 2026-11-25 (yesterday) · 1 interaction
            Latest:
              1. 2026-11-25 · coffee: talked about the seed round
            [1] ic:6
            [Log] l:1
            [Note] n:1
            [Interactions ▸] i:1:0
            [Edit ▸] ep:1
            [Edit tier] et:1
            [History] hi:1:0
            [Remind ▸] rm:1"#]],
    );
}

#[test]
fn log_errors_are_specific() {
    let mut chat = Chat::open();
    let before = chat.store.content_fingerprint().unwrap();
    check(
        &mut chat,
        "/log coffee with Nobody Known",
        expect![[
            r#"I don't know anyone called "Nobody Known". Add them with /new Nobody Known, or check the spelling."#
        ]],
    );
    check(
        &mut chat,
        "/log coffee with Alice Smith 2026-02-31",
        expect![[r#""2026-02-31" is not a date: February has no 31st day."#]],
    );
    check(
        &mut chat,
        "/log",
        expect![
            "/log needs who you met. For example: /log coffee with Alice Smith and Bob yesterday: talked about the seed round"
        ],
    );
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
}

#[test]
fn note() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/note zoe: moved to Lisbon",
        expect![[r#"
            Noted on Zoë Müller.
            [↩ Undo] un:1"#]],
    );
    assert!(
        chat.send("/person Zoë Müller")
            .body
            .contains("2026-11-26: moved to Lisbon")
    );
}

#[test]
fn stale_and_its_filters() {
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
    check(
        &mut chat,
        "/stale investor",
        expect![[r#"
            Overdue tagged Investor, most overdue first
            1. Alice Smith — tier 2, last seen 2026-10-20 (1 month ago)
            [1. Alice Smith] p:2
            [Not now] nn:2
            [Less often] ls:2:30"#]],
    );
    check(
        &mut chat,
        "/stale Close",
        expect![[r#"
            Overdue in tier 2 Close (every 30 days), most overdue first
            1. Alice Smith — tier 2, last seen 2026-10-20 (1 month ago)
            [1. Alice Smith] p:2
            [Not now] nn:2
            [Less often] ls:2:30"#]],
    );
    check(
        &mut chat,
        "/stale acme labs",
        expect![[r#"
            Overdue at Acme Labs, most overdue first
            1. Alice Smith — tier 2, last seen 2026-10-20 (1 month ago)
            [1. Alice Smith] p:2
            [Not now] nn:2
            [Less often] ls:2:30"#]],
    );
    check(
        &mut chat,
        "/stale unicorns",
        expect![[
            r#"No tag, tier or organization is called "unicorns". For example: /stale investor, /stale 2, /stale Acme"#
        ]],
    );
}

#[test]
fn unknown_attendees() {
    let mut chat = Chat::open();
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
}

#[test]
fn new_person_with_and_without_an_address() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/new Jane Doe <jane.d@acme.io>",
        expect![[r#"
            Added Jane Doe.
            Jane Doe
            Tier: no tier
            Email: jane.d@acme.io (primary, work)
            Last seen: 2026-11-02 (3 weeks ago) · last F2F: never · 2 interactions
            Latest:
              1. 2026-11-02 · 1:1-vc — Meeting g3
              2. 2026-10-20 · group-vc — Meeting g2
            [1] ic:3
            [2] ic:2
            [Log] l:5
            [Note] n:5
            [Interactions ▸] i:5:0
            [Edit ▸] ep:5
            [Edit tier] et:5
            [History] hi:5:0
            [Remind ▸] rm:5
            [↩ Undo] un:1"#]],
    );
    let before = chat.store.content_fingerprint().unwrap();
    check(
        &mut chat,
        "/new Another Jane jane.d@acme.io",
        expect!["jane.d@acme.io already belongs to Jane Doe."],
    );
    check(
        &mut chat,
        "/new Broken <not-an-address>",
        expect![[r#""not-an-address" is not a valid email address: it has no @."#]],
    );
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
    check(
        &mut chat,
        "/new Alice Smith",
        expect![[r#"
            Added Alice Smith.
            Alice Smith
            Tier: no tier
            Last seen: never · last F2F: never · 0 interactions
            1 other person has this name already — use /merge if it is the same person.
            [Log] l:6
            [Note] n:6
            [Interactions ▸] i:6:0
            [Edit ▸] ep:6
            [Edit tier] et:6
            [History] hi:6:0
            [Remind ▸] rm:6
            [Other: Alice Smith #2] p:2
            [↩ Undo] un:2"#]],
    );
}

#[test]
fn link_reconciles_past_meetings() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/link bob.marley@reggae.org Bob Marley",
        expect![[r#"
            ✓ bob.marley@reggae.org linked to Bob Marley — 1 past meeting linked (1 in all).
            [Bob Marley] p:3
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/link nonsense Bob Marley",
        expect![[r#""nonsense" is not a valid email address: it has no @."#]],
    );
}

#[test]
fn organization_card() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/org acme labs",
        expect![[r#"
            Acme Labs
            Tags: BigTech
            Domains: acme.io
            People (1):
              Alice Smith, CTO
            Formerly (1):
              Bob Jones, Engineer
            Last contact with anyone there now: 2026-10-20 (1 month ago)
            [Alice Smith] p:2"#]],
    );
    check(
        &mut chat,
        "/org Initech",
        expect![[r#"No organization is called "Initech"."#]],
    );
}

#[test]
fn tags() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/tag Alice Smith +Mentor +Climbing Buddy -investor -nothing",
        expect![[r#"
            Alice Smith's tags: Climbing Buddy, Mentor. (Did not have: nothing.)
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/tags",
        expect![[r#"
        Tags (people carrying each)
        BigTech — 0 people, 1 organization
        Climbing Buddy — 1
        Friend — 1
        Investor — 0
        Mentor — 1"#]],
    );
}

#[test]
fn recent() {
    let mut chat = Chat::open();
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
    check(
        &mut chat,
        "/recent many",
        expect![[r#"/recent takes a number from 1 to 50, not "many". For example: /recent 5"#]],
    );
}

#[test]
fn merge_asks_first_and_happens_once() {
    let mut chat = Chat::open();
    let question = check(
        &mut chat,
        "/merge Bob Jones, Bob Marley",
        expect![[r#"
        Merge Bob Marley (#3) into Bob Jones (#1)? 0 addresses and 0 interactions move, tags and notes are combined, and Bob Marley (#3) is removed.
        [Merge] m:1:3
        [Cancel] cancel"#]],
    );
    let merge = Chat::button(&question, "Merge");
    check(
        &mut chat,
        &format!("press {merge}"),
        expect![[r#"
            Merged Bob Marley into Bob Jones: 0 addresses and 0 interactions moved.
            [Bob Jones] p:1
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        &format!("press {merge}"),
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        "/merge Alice Smith, alice smith",
        expect!["Cannot merge a person with themselves."],
    );
}

#[test]
fn unknown_commands_and_empty_text() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/frobnicate now",
        expect!["I don't know the command /frobnicate. Send /help for the list."],
    );
    check(
        &mut chat,
        "   ",
        expect!["Send a name to look someone up, or /help for the commands."],
    );
}

#[test]
fn export_and_backup_send_files() {
    let mut chat = Chat::open();
    let export = check(
        &mut chat,
        "/export",
        expect![[r#"
            Your network: 4 people, 1 organization, 5 interactions, 4 addresses. Restore it with kith import json FILE.
            (file: kith-export-2026-11-26.json, 12142 bytes)"#]],
    );
    let file = export.file.expect("a file");
    let json: serde_json::Value = serde_json::from_slice(&file.bytes).unwrap();
    assert_eq!(json["format"], "kith export");
    let mut restored = Store::open_in_memory().unwrap();
    restored.import_json(&json).unwrap();
    assert_eq!(restored.export_file_json().unwrap(), json);

    let backup = chat.send("/backup");
    let file = backup.file.expect("a file");
    assert!(file.bytes.starts_with(b"SQLite format 3\0"));
    assert!(
        backup
            .body
            .starts_with("A consistent copy of your database"),
        "{}",
        backup.body
    );
}
