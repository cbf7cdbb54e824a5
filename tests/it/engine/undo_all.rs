//! The undo property: any sequence of changes made through the engine — logs, edits,
//! links, ignores, creates, merges, archives, tags, notes, deletions, follow-ups, topics,
//! dates, snoozes — undone newest
//! first with /undo, leaves the export exactly as it started.

use proptest::prelude::*;

use super::Chat;

const PEOPLE: [&str; 4] = ["Alice Smith", "Bob Jones", "Zoë Müller", "Bob Marley"];

/// One change as a user would make it: a typed command or a pressed button.
pub(super) fn step() -> impl Strategy<Value = String> {
    let person = proptest::sample::select(PEOPLE.to_vec());
    let interaction = 1u8..=6;
    prop_oneof![
        (person.clone(), 0u8..3).prop_map(|(p, d)| format!(
            "/log coffee with {p} {}",
            ["yesterday", "Nov 20", "2026-10-01"][d as usize]
        )),
        (person.clone(), "[A-Z][a-z]{2,6}").prop_map(|(p, w)| format!("/set {p} location {w}")),
        (person.clone(), 1u8..=7).prop_map(|(p, t)| format!("/set {p} tier {t}")),
        (person.clone(), "[a-z]{3,5}").prop_map(|(p, t)| format!("/tag {p} +{t}")),
        (person.clone(), "[a-z ]{3,20}").prop_map(|(p, n)| format!("/note {p}: {n}")),
        (person.clone(), person.clone()).prop_map(|(p, q)| format!("/intro {p} by {q}")),
        (person.clone()).prop_map(|p| format!("/job {p} at Globex, CEO")),
        (person.clone()).prop_map(|p| format!("/job {p} left Acme Labs")),
        (person.clone()).prop_map(|p| format!("/archive {p}")),
        (person.clone()).prop_map(|p| format!("/unarchive {p}")),
        (person.clone()).prop_map(|p| format!("/link jane.d@acme.io {p}")),
        Just("/unlink alice@acme.io".to_owned()),
        (3u8..=4).prop_map(|e| format!("press x:{e}")),
        (3u8..=4).prop_map(|e| format!("press c:{e}")),
        Just("press xd:3".to_owned()),
        Just("/unignore @acme.io".to_owned()),
        (1u8..=4, 1u8..=4).prop_map(|(a, b)| format!("press m:{a}:{b}")),
        (1u8..=4, 1u8..=4).prop_map(|(a, b)| format!("press ns:{}:{}", a.min(b), a.max(b))),
        interaction.clone().prop_map(|i| format!("press ix:{i}")),
        (interaction.clone(), 0u8..=1).prop_map(|(i, h)| format!("press ih:{i}:{h}")),
        (interaction.clone(), 0u8..=10).prop_map(|(i, k)| format!("press is:{i}:{k}")),
        (interaction.clone(), 1u8..=4).prop_map(|(i, p)| format!("press ir:{i}:{p}")),
        (person.clone(), 1u8..=28).prop_map(|(p, d)| format!("/set {p} birthday {d} March")),
        (person.clone(), 100u32..999).prop_map(|(p, n)| format!("/set {p} phone +49 170 {n}")),
        (person.clone()).prop_map(|p| format!("/set {p} remove +49170100")),
        Just("/org new Initech".to_owned()),
        Just("/org Acme Labs domain www.acme.com".to_owned()),
        Just("/org merge Acme Labs, Initech".to_owned()),
        (person.clone(), 0u8..3).prop_map(|(p, w)| format!(
            "/remind {p} {}: ask",
            ["in 2 weeks", "tomorrow 15:00", "every 3 months"][w as usize]
        )),
        (1u8..=3).prop_map(|f| format!("press rd:{f}")),
        (1u8..=3).prop_map(|f| format!("press rs:{f}:1w")),
        (person.clone(), "[a-z ]{3,12}").prop_map(|(p, t)| format!("/topic {p}: {t}")),
        (1u8..=3).prop_map(|t| format!("press td:{t}")),
        (person.clone(), 0u8..2).prop_map(|(p, d)| format!(
            "/date {p} {}",
            [
                "anniversary 20 June 2015 yearly",
                "moving to Lisbon 3 Mar 2027"
            ][d as usize]
        )),
        (person.clone()).prop_map(|p| format!("/date {p} - anniversary")),
        (1u8..=4, 0u8..3)
            .prop_map(|(p, l)| format!("press pz:{p}:{}", ["1w", "1m", "3m"][l as usize])),
        (1u8..=4).prop_map(|p| format!("press ls:{p}")),
    ]
}

proptest! {
    #![proptest_config(super::property(
        48,
        concat!(env!("CARGO_TARGET_TMPDIR"), "/proptest/undo_all.txt"),
    ))]

    #[test]
    fn any_changes_undone_newest_first_leave_the_network_as_it_was(
        steps in proptest::collection::vec(step(), 1..20)
    ) {
        let mut chat = Chat::open();
        let start = chat.store.export_json().unwrap();
        let mut changed = 0;
        for step in &steps {
            let reply = match step.strip_prefix("press ") {
                Some(data) => chat.press(data),
                None => chat.send(step),
            };
            if reply.buttons.iter().flatten().any(|b| b.data().starts_with("un:")) {
                changed += 1;
            }
        }
        let mut undone = 0;
        loop {
            let reply = chat.send("/undo").plain_text();
            if reply.starts_with("Nothing to undo") {
                break;
            }
            prop_assert!(reply.starts_with("Undone: "), "after {steps:?}: {reply}");
            undone += 1;
        }
        prop_assert_eq!(undone, changed);
        prop_assert_eq!(chat.store.export_json().unwrap(), start, "after {:?}", steps);
        prop_assert!(chat.store.health_problems().unwrap().is_empty());
    }
}
