//! The triage of Telegram chat partners who are no one in kith yet: the digest's section,
//! `/telegram`, **Link**, **Link to…**, **Create**, **Ignore**, each with Undo, each press
//! answered once (a second or stale press says what is now true).

use expect_test::expect;

use super::telegram_chats::{
    OWNER, bob, carol, chat_days, connection, deliver, message, user, with_chats,
};
use super::*;
use kith::engine::digest::{DigestData, compose};
use kith::engine::telegram_partners::PartnerTriage;

#[test]
fn the_digest_and_telegram_list_partners_waiting_and_create_logs_their_days_with_undo() {
    let mut chat = Chat::open();
    with_chats(&mut chat);
    check(
        &mut chat,
        "/digest",
        expect![[r#"
            Digest for 2026-11-26 (Thursday)
            2 new addresses at your meetings since the last digest. Who are they?

            jane.d@acme.io (Jane D.) — 2 meetings, last 2026-11-02
            [Link to…] lk:3
            [Create Jane D. at Acme Labs] c:3
            [Ignore] x:3
            [Ignore @acme.io] xd:3

            bob.marley@reggae.org — 1 meeting, last 2026-10-20
            [Link to Bob Marley · #3] lt:4:3
            [Link to…] lk:4
            [Create Bob Marley] c:4
            [Ignore] x:4
            [Ignore @reggae.org] xd:4

            3 people you wrote to on Telegram are no one in kith yet. Who are they?

            New on Telegram: Bob Brown (@bob_brown) — 3 days you wrote, last 2026-11-25
            [Link to…] tpl:22
            [Create Bob Brown] tpc:22
            [Ignore] tpx:22

            New on Telegram: Carol (@carol_c) — 1 day you wrote, last 2026-11-25
            [Link to…] tpl:44
            [Create Carol] tpc:44
            [Ignore] tpx:44

            New on Telegram: Alice Smith — 1 day you wrote, last 2026-11-24
            [Link to Alice Smith · Acme Labs] tpt:33:2
            [Link to…] tpl:33
            [Create Alice Smith] tpc:33
            [Ignore] tpx:33

            Reach out to:
              1. Alice Smith — tier 2, last seen 2026-10-20 (1 month ago)
              2. Bob Jones — tier 3, never seen
              3. Bob Marley — tier 5, never seen
            [Log Alice Smith] l:2
            [Not now] nn:2
            [Less often] ls:2:30
            [Log Bob Jones] l:1
            [Not now] nn:1
            [Less often] ls:1:60
            [Log Bob Marley] l:3
            [Not now] nn:3
            [Less often] ls:3:180"#]],
    );
    check(
        &mut chat,
        "/telegram",
        expect![[r#"
        On Telegram, no one in kith yet — the most days first
        1. Bob Brown (@bob_brown) — 3 days you wrote, last 2026-11-25
        2. Carol (@carol_c) — 1 day you wrote, last 2026-11-25
        3. Alice Smith — 1 day you wrote, last 2026-11-24
        [1. Link ▸] tpl:22
        [Create] tpc:22
        [Ignore] tpx:22
        [2. Link ▸] tpl:44
        [Create] tpc:44
        [Ignore] tpx:44
        [3. Link ▸] tpl:33
        [Create] tpc:33
        [Ignore] tpx:33"#]],
    );
    let created = check(
        &mut chat,
        "press tpc:22",
        expect![[r#"
        ✓ Bob Brown created from Telegram (@bob_brown) — 3 chat days logged.
        [Bob Brown ▸] p:5
        [Telegram ▸] tpp:0
        [↩ Undo] un:1"#]],
    );
    assert_eq!(chat_days(&chat), 3);
    check(
        &mut chat,
        "press tpc:22",
        expect!["(notice) This Telegram account is Bob Brown's already."],
    );
    let undo = Chat::button(&created, "Undo");
    check(
        &mut chat,
        &format!("press {undo}"),
        expect!["Undone: ✓ Bob Brown created from Telegram (@bob_brown) — 3 chat days logged."],
    );
    assert_eq!(chat_days(&chat), 0);
    assert_eq!(chat.store.telegram_partner(22).unwrap().unwrap().days, 3);
    check(
        &mut chat,
        "/telegram",
        expect![[r#"
        On Telegram, no one in kith yet — the most days first
        1. Bob Brown (@bob_brown) — 3 days you wrote, last 2026-11-25
        2. Carol (@carol_c) — 1 day you wrote, last 2026-11-25
        3. Alice Smith — 1 day you wrote, last 2026-11-24
        [1. Link ▸] tpl:22
        [Create] tpc:22
        [Ignore] tpx:22
        [2. Link ▸] tpl:44
        [Create] tpc:44
        [Ignore] tpx:44
        [3. Link ▸] tpl:33
        [Create] tpc:33
        [Ignore] tpx:33"#]],
    );
}

#[test]
fn link_to_a_suggestion_or_a_typed_name_logs_the_days_with_undo() {
    let mut chat = Chat::open();
    with_chats(&mut chat);
    check(
        &mut chat,
        "press tpl:33",
        expect![[r#"
        Who is Alice Smith on Telegram? Type their name, or pick:
        [Link to Alice Smith · Acme Labs] tpt:33:2
        [Create Alice Smith] tpc:33
        [Cancel] cancel"#]],
    );
    let linked = check(
        &mut chat,
        "press tpt:33:2",
        expect![[r#"
        ✓ Alice Smith on Telegram is Alice Smith — 1 chat day logged.
        [Alice Smith ▸] p:2
        [Telegram ▸] tpp:0
        [↩ Undo] un:1"#]],
    );
    assert_eq!(chat_days(&chat), 1);
    check(
        &mut chat,
        "press tpt:33:2",
        expect!["(notice) This Telegram account is Alice Smith's already."],
    );
    let undo = Chat::button(&linked, "Undo");
    check(
        &mut chat,
        &format!("press {undo}"),
        expect!["Undone: ✓ Alice Smith on Telegram is Alice Smith — 1 chat day logged."],
    );
    assert_eq!(chat_days(&chat), 0);

    check(
        &mut chat,
        "press tpl:22",
        expect![[r#"
        Who is Bob Brown on Telegram? Type their name, or pick:
        [Create Bob Brown] tpc:22
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
    check(
        &mut chat,
        "press ch:1:1",
        expect![[r#"
        ✓ Bob Brown on Telegram is Bob Jones — 3 chat days logged.
        [Bob Jones ▸] p:1
        [Telegram ▸] tpp:0
        [↩ Undo] un:3"#]],
    );
    assert_eq!(chat_days(&chat), 3);
    // Bob Jones has Bob Brown's account now: Alice's is not linked to him over it.
    check(
        &mut chat,
        "press tpt:33:1",
        expect![
            "(notice) Bob Jones has another Telegram account already (user 22); nothing was changed."
        ],
    );
}

#[test]
fn ignore_drops_the_waiting_days_for_good_until_undone() {
    let mut chat = Chat::open();
    with_chats(&mut chat);
    let ignored = check(
        &mut chat,
        "press tpx:44",
        expect![[r#"
            Ignored Carol on Telegram: 1 waiting day dropped; chats with them won't be logged or asked about again.
            Their chats are not kept from now on, even if you undo this.
            [Telegram ▸] tpp:0
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "press tpx:44",
        expect!["(notice) Carol on Telegram is ignored: chats with them are not logged."],
    );
    check(
        &mut chat,
        "press tpc:44",
        expect!["(notice) Carol on Telegram is ignored: chats with them are not logged."],
    );
    deliver(&mut chat, message("c1", &carol(), OWNER, "2026-11-26"));
    let carol = chat.store.telegram_partner(44).unwrap().unwrap();
    assert_eq!((carol.ignored, carol.days), (true, 0));
    let undo = Chat::button(&ignored, "Undo");
    check(
        &mut chat,
        &format!("press {undo}"),
        expect![
            "Undone: Ignored Carol on Telegram: 1 waiting day dropped; chats with them won't be logged or asked about again."
        ],
    );
    let carol = chat.store.telegram_partner(44).unwrap().unwrap();
    assert_eq!((carol.ignored, carol.days), (false, 1));
    check(
        &mut chat,
        "press tpx:999",
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        "press tpx:0",
        expect!["(notice) This button has expired."],
    );
}

#[test]
fn the_digest_asks_about_partners_written_to_since_the_last_one_and_counts_them_as_news() {
    let mut chat = Chat::open();
    with_chats(&mut chat);
    chat.store
        .mark_digest_sent(day("2026-11-26"), chat.now)
        .unwrap();
    let quiet = chat.send("/digest");
    assert!(
        !quiet.render_plain().contains("Telegram"),
        "{}",
        quiet.render_plain()
    );
    deliver(&mut chat, message("c1", &bob(), OWNER, "2026-11-26"));
    let asked = chat.send("/digest").render_plain();
    assert!(
        asked.contains("1 person you wrote to on Telegram is no one in kith yet. Who is it?")
            && asked.contains("Bob Brown (@bob_brown) — 4 days you wrote, last 2026-11-26")
            && !asked.contains("Carol"),
        "{asked}"
    );

    // A digest with only partners in it is not "nothing new", even when silence was asked.
    let (waiting, _) = chat.store.waiting_partners(None, 0, 1).unwrap();
    let data = DigestData {
        day: day("2026-11-26"),
        due: vec![],
        more_due: 0,
        unknown: vec![],
        more_unknown: 0,
        partners: vec![PartnerTriage {
            partner: waiting[0].clone(),
            suggestions: vec![],
        }],
        more_partners: 7,
        duplicates: vec![],
        yesterday: vec![],
        overdue: vec![],
        chats: vec![],
        dates: vec![],
        when_empty: kith::config::settings::DigestWhenEmpty::Silent,
        address_book: Default::default(),
    };
    expect![[r#"
        Digest for 2026-11-26 (Thursday)
        8 people you wrote to on Telegram are no one in kith yet. Who are they?

        New on Telegram: Bob Brown (@bob_brown) — 4 days you wrote, last 2026-11-26
        [Link to…] tpl:22
        [Create Bob Brown] tpc:22
        [Ignore] tpx:22

        7 more on Telegram.
        [More ▸] tpp:0"#]]
    .assert_eq(&compose(&data).expect("partners are news").render_plain());
}

/// A person created from a partner whom the sync has since logged a day with is not
/// taken back from under that day: the undo is refused, naming the sync's change.
#[test]
fn undo_of_a_create_is_refused_once_the_sync_logged_a_day_with_them() {
    let mut chat = Chat::open();
    with_chats(&mut chat);
    let created = chat.press("tpc:22");
    deliver(&mut chat, message("c1", &bob(), OWNER, "2026-11-26"));
    assert_eq!(chat_days(&chat), 4);
    let undo = Chat::button(&created, "Undo");
    check(
        &mut chat,
        &format!("press {undo}"),
        expect![
            "Can't undo “✓ Bob Brown created from Telegram (@bob_brown) — 3 chat days logged.”: a later change depends on it — “Telegram: a chat on 2026-11-26 (today) logged”, made by the sync on 2026-11-26 09:00. What the sync wrote is corrected, not undone: open what it logged to change it, or archive or merge the person."
        ],
    );
    assert_eq!(chat_days(&chat), 4);
    assert!(chat.store.telegram_partner(22).unwrap().is_none());
}

/// `/telegram` a page at a time; a typed name no one has is said so and links nothing.
#[test]
fn telegram_lists_ten_a_page_and_a_typed_name_no_one_has_links_nothing() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/telegram",
        expect![
            "No one on Telegram is waiting: kith has seen no chats yet. Connect it to your account (Telegram Premium: Settings → Telegram Business → Chatbots, with KITH_TELEGRAM_BUSINESS on) and it logs one message per chat and day you write — who and when, never the text."
        ],
    );
    deliver(&mut chat, connection("c1", OWNER, true, true));
    check(
        &mut chat,
        "/telegram",
        expect!["No one on Telegram is waiting."],
    );
    for n in 0..12 {
        let partner = user(100 + n, &format!("Partner{n:02}"), None, None);
        deliver(&mut chat, message("c1", &partner, OWNER, "2026-11-25"));
    }
    let first = chat.send("/telegram").render_plain();
    assert!(
        first.contains("1–10 of 12") && first.contains("[▶] tpp:10"),
        "{first}"
    );
    check(
        &mut chat,
        "press tpp:10",
        expect![[r#"
        On Telegram, no one in kith yet — the most days first
        11. Partner10 — 1 day you wrote, last 2026-11-25
        12. Partner11 — 1 day you wrote, last 2026-11-25
        11–12 of 12
        [11. Link ▸] tpl:110
        [Create] tpc:110
        [Ignore] tpx:110
        [12. Link ▸] tpl:111
        [Create] tpc:111
        [Ignore] tpx:111
        [◀] tpp:0"#]],
    );
    check(
        &mut chat,
        "press tpp:50",
        expect![[r#"
        No more — 12 in all.
        [◀ First page] tpp:0"#]],
    );

    check(
        &mut chat,
        "press tpl:100",
        expect![[r#"
        Who is Partner00 on Telegram? Type their name, or pick:
        [Create Partner00] tpc:100
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "Nobody Known",
        expect![[
            r#"I don't know anyone called "Nobody Known". Add them with /new Nobody Known, or check the spelling."#
        ]],
    );
    assert!(chat.store.telegram_partner(100).unwrap().is_some());
}

/// A partner's username that is someone else's in kith stays theirs: the person created
/// gets the Telegram id (and the days) without it.
#[test]
fn create_leaves_out_a_username_someone_else_has() {
    let mut chat = Chat::open();
    let MatchTarget::Person(zoe) = chat.store.find("Zoë Müller", 1).unwrap()[0].target else {
        panic!("Zoë is a person");
    };
    chat.store
        .set_telegram_identity(
            zoe,
            &kith::store::TelegramIdentity {
                // Another account: the username changed hands, so Bob is not Zoë.
                id: Some(777),
                username: Some("bob_brown".into()),
            },
        )
        .unwrap();
    with_chats(&mut chat);
    let created = chat.press("tpc:22");
    let MatchTarget::Person(bob) = chat.store.find("Bob Brown", 1).unwrap()[0].target else {
        panic!("Bob Brown was created: {}", created.render_plain());
    };
    let identity = chat.store.telegram_identity(bob).unwrap();
    assert_eq!((identity.id, identity.username), (Some(22), None));
    assert_eq!(chat_days(&chat), 3);
}

/// Partners an import kept since the last digest are asked about in the next one, however
/// old the days they wait with; the digest after that does not ask again.
#[test]
fn partners_waiting_from_an_import_never_appeared_in_the_digest() {
    let mut chat = Chat::open();
    let earlier = chat.now - chrono::Duration::hours(1);
    chat.store
        .mark_digest_sent(day("2026-11-25"), earlier)
        .unwrap();
    let imported = chat
        .store
        .log_chat_days(&[kith::domain::telegram::ChatDay {
            partner: carol(),
            day: day("2026-03-02"),
        }])
        .unwrap();
    assert_eq!(imported.waiting, 1);
    let asked = chat.send("/digest").render_plain();
    assert!(
        asked.contains("New on Telegram: Carol (@carol_c) — 1 day you wrote, last 2026-03-02"),
        "{asked}"
    );
    chat.store
        .mark_digest_sent(day("2026-11-26"), chat.now)
        .unwrap();
    let quiet = chat.send("/digest").render_plain();
    assert!(!quiet.contains("Carol"), "{quiet}");
}

/// Once kith has seen chats, an empty `/telegram` says no one waits — without telling
/// the owner to connect what they connected or imported; the hint is for a kith that has
/// never seen a chat.
#[test]
fn telegram_said_kith_sees_no_chats_after_an_import_whose_partners_were_handled() {
    let mut chat = Chat::open();
    let never = chat.send("/telegram").render_plain();
    assert!(
        never.contains("kith has seen no chats yet. Connect it"),
        "{never}"
    );
    chat.store
        .log_chat_days(&[kith::domain::telegram::ChatDay {
            partner: carol(),
            day: day("2026-03-02"),
        }])
        .unwrap();
    chat.press("tpc:44");
    check(
        &mut chat,
        "/telegram",
        expect!["No one on Telegram is waiting."],
    );
}

/// Ignore says that what is written while ignored is not kept, even after an Undo.
#[test]
fn ignore_then_undo_lost_the_days_without_saying_so() {
    let mut chat = Chat::open();
    with_chats(&mut chat);
    let ignored = chat.press("tpx:44").render_plain();
    assert!(
        ignored.contains("Their chats are not kept from now on, even if you undo this."),
        "{ignored}"
    );
}
