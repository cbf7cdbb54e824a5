//! Names as a new user types them, in every command that resolves a name: hyphenated and
//! apostrophed names, typographic apostrophes, German spellings; a person and an
//! organization that both match are offered together; namesakes never look alike.

use expect_test::expect;

use super::*;

fn network() -> Chat {
    let mut chat = Chat::open();
    for name in [
        "Zoë Müller-Quintana",
        "Mary-Jane Watson-Parker",
        "Sean O'Brien",
    ] {
        chat.person(name, Some(3));
    }
    chat
}

#[test]
fn typed_names_resolve_in_person_log_and_link() {
    let mut chat = network();
    for (query, name) in [
        ("muller quintana zoe", "Zoë Müller-Quintana"),
        ("watson parker", "Mary-Jane Watson-Parker"),
        ("mary jane", "Mary-Jane Watson-Parker"),
        ("O’Brien", "Sean O'Brien"),
        ("obrien", "Sean O'Brien"),
        ("o brien", "Sean O'Brien"),
    ] {
        let card = chat.send(&format!("/person {query}"));
        assert!(
            card.render_plain().starts_with(name),
            "/person {query}: {}",
            card.render_plain()
        );
        // The same person logged again the same day is asked about first: either way the
        // name was resolved to them.
        let logged = chat.send(&format!("/log coffee with {query} yesterday"));
        let shown = logged.render_plain();
        assert!(
            shown.starts_with(&format!("Logged coffee with {name} on 2026-11-25"))
                || shown.starts_with(&format!("Already logged: coffee with {name}, 2026-11-25")),
            "/log {query}: {shown}"
        );
    }
    let linked = chat.send("/link sean@obrien.ie O’Brien");
    assert!(
        linked
            .render_plain()
            .starts_with("✓ sean@obrien.ie linked to Sean O'Brien"),
        "{}",
        linked.render_plain()
    );
    let linked = chat.send("/link zoe@quintana.es quintana");
    assert!(
        linked
            .render_plain()
            .starts_with("✓ zoe@quintana.es linked to Zoë Müller-Quintana"),
        "{}",
        linked.render_plain()
    );
}

#[test]
fn a_person_and_an_organization_that_both_match_are_offered_together() {
    let mut chat = network();
    chat.store.create_organization("Quintana Labs").unwrap();
    let reply = check(
        &mut chat,
        "quintana",
        expect![[r#"
            2 matches for "quintana":
            [🏢 Quintana Labs] o:2
            [Zoë Müller-Quintana] p:5"#]],
    );
    assert_eq!(reply.buttons.len(), 2);
    // An exact person's name among them no longer hides the organization.
    chat.person("Quintana", None);
    let reply = chat.send("quintana");
    let labels: Vec<&str> = reply
        .buttons
        .iter()
        .flatten()
        .map(|b| b.label.as_str())
        .collect();
    assert!(labels.contains(&"🏢 Quintana Labs"), "{labels:?}");
}

#[test]
fn namesakes_offered_as_choices_never_look_alike() {
    let mut chat = Chat::open();
    let acme = chat.store.create_organization("Initech").unwrap();
    for address in ["chris@one.io", "chris@two.io"] {
        let id = chat.person("Chris Park", None);
        chat.store
            .set_employment(id, acme, None, EmploymentStatus::Current)
            .unwrap();
        chat.store
            .add_email(id, &EmailAddress::parse(address).unwrap(), EmailKind::Work)
            .unwrap();
    }
    let reply = chat.send("/log coffee with Chris Park yesterday");
    let labels: Vec<String> = reply
        .buttons
        .iter()
        .flatten()
        .map(|b| b.label.clone())
        .filter(|l| l != "Cancel")
        .collect();
    assert_eq!(
        labels,
        [
            "Chris Park · Initech · chris@one.io",
            "Chris Park · Initech · chris@two.io"
        ]
    );
    // Without an address to tell them apart, their numbers do.
    let mut chat = Chat::open();
    chat.person("Robin Lee", None);
    chat.person("Robin Lee", None);
    let reply = chat.send("/find Robin Lee");
    let labels: Vec<String> = reply
        .buttons
        .iter()
        .flatten()
        .map(|b| b.label.clone())
        .collect();
    assert_eq!(labels.len(), 2, "{}", reply.render_plain());
    assert_ne!(labels[0], labels[1], "{labels:?}");
}

#[test]
fn logging_the_same_meeting_twice_asks_first_and_logs_once_more_only_when_pressed() {
    use kith::domain::model::PersonId;
    let mut chat = network();
    let sean = chat
        .store
        .find_people_by_name("Sean O'Brien", 1)
        .unwrap()
        .first()
        .map(|hit| match hit.target {
            MatchTarget::Person(id) => id,
            MatchTarget::Organization(_) => unreachable!(),
        })
        .unwrap();
    let count = |chat: &Chat, person: PersonId| chat.store.count_interactions_of(person).unwrap();
    chat.send("/log coffee with Sean O'Brien yesterday");
    assert_eq!(count(&chat, sean), 1);
    let question = check(
        &mut chat,
        "/log coffee with Sean O'Brien yesterday: again",
        expect![[r#"
            Already logged: coffee with Sean O'Brien, 2026-11-25. Log another?
            [Open it] ic:6
            [Log anyway] la:1
            [Cancel] cancel"#]],
    );
    assert_eq!(count(&chat, sean), 1, "asking changes nothing");
    // A different day, or different people, is not the same meeting.
    chat.send("/log coffee with Sean O'Brien 2 days ago");
    assert_eq!(count(&chat, sean), 2);
    let anyway = Chat::button(&question, "Log anyway");
    let logged = chat.press(&anyway);
    assert!(
        logged
            .render_plain()
            .starts_with("Logged coffee with Sean O'Brien on 2026-11-25"),
        "{}",
        logged.render_plain()
    );
    assert_eq!(count(&chat, sean), 3);
    // Pressed again, it has done its work.
    let before = chat.store.content_fingerprint().unwrap();
    check(
        &mut chat,
        &format!("press {anyway}"),
        expect!["(notice) This button has expired."],
    );
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
}
