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
        let logged = chat.send(&format!("/log coffee with {query} yesterday"));
        assert!(
            logged
                .render_plain()
                .starts_with(&format!("Logged coffee with {name} on 2026-11-25")),
            "/log {query}: {}",
            logged.render_plain()
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
