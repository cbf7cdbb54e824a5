//! Per-person cadence, duplicate detection, briefs and /stats, through the engine.

use expect_test::expect;

use super::*;

#[test]
fn a_persons_own_cadence_changes_stale_and_shows_on_the_card() {
    let mut chat = Chat::open();
    // Zoë (tier 1, every 14 days) was met on 2026-05-01 but has a meeting coming up;
    // Bob Marley (tier 5) was never met. Alice every 3 weeks: 37 days ago is 16 over.
    check(
        &mut chat,
        "/cadence Alice Smith 3w",
        expect![[r#"
            Alice Smith: keep in touch every 3 weeks (instead of tier 2 Close (every 30 days)).
            [Alice Smith] p:2"#]],
    );
    check(
        &mut chat,
        "/cadence bob marley off",
        expect![[r#"
            Bob Marley is not tracked any more: never listed as overdue. /cadence Bob Marley tier undoes it.
            [Bob Marley] p:3"#]],
    );
    check(
        &mut chat,
        "/stale",
        expect![[r#"
            Overdue, most overdue first
            1. Alice Smith — every 3 weeks, last met 2026-10-20 (5 weeks ago)
            2. Bob Jones — tier 3, never met
            [1. Alice Smith] p:2
            [2. Bob Jones] p:1"#]],
    );
    let card = chat.send("/person Alice Smith");
    assert!(
        card.body
            .contains("\nTier: 2 Close · own cadence: every 3 weeks\n"),
        "{}",
        card.body
    );
    check(
        &mut chat,
        "/cadence Bob Marley tier",
        expect![[r#"
            Bob Marley follows their tier again: tier 5 Acquaintance (every 180 days).
            [Bob Marley] p:3"#]],
    );
    assert!(
        chat.send("/stale")
            .body
            .contains("Bob Marley — tier 5, never met")
    );
}

#[test]
fn cadence_input_errors_are_specific_and_change_nothing() {
    let mut chat = Chat::open();
    let before = chat.store.content_fingerprint().unwrap();
    check(
        &mut chat,
        "/cadence",
        expect![[
            r#"/cadence needs a name and a pace (3w, 10d, 2m, off or tier). For example: /cadence Alice Smith 3w"#
        ]],
    );
    check(
        &mut chat,
        "/cadence Alice Smith fortnightly",
        expect![[
            r#"I can't read the pace "fortnightly": use days, weeks, months or years (10d, 3w, 2m, 1y, at most 10 years), off, or tier. For example: /cadence Alice Smith 3w"#
        ]],
    );
    check(
        &mut chat,
        "/cadence Alice Smith 40y",
        expect![[
            r#"I can't read the pace "40y": use days, weeks, months or years (10d, 3w, 2m, 1y, at most 10 years), off, or tier. For example: /cadence Alice Smith 3w"#
        ]],
    );
    check(
        &mut chat,
        "/cadence Nobody Here 3w",
        expect![[
            r#"I don't know anyone called "Nobody Here". Add them with /new Nobody Here, or check the spelling."#
        ]],
    );
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
}
