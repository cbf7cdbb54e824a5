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
        "Last contact with anyone there now: 2026-10-20 (5 weeks ago)"
    );
    // Bob Jones left Acme Labs: meeting him is not contact with Acme Labs now.
    chat.send("/log coffee with Bob Jones yesterday");
    assert_eq!(
        line(&mut chat),
        "Last contact with anyone there now: 2026-10-20 (5 weeks ago) (incl. former people: 2026-11-25 (yesterday))"
    );
}
