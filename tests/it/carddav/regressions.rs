//! Regressions of the address-book sync found by a new user's run against Radicale, each
//! named after what went wrong: the phone's note copied back, a merged list written in two
//! syncs, an address's kind moved to the phone's, an organization's card reported
//! imported, numbers kept as typed and junk kept as a number.

use kith::domain::card::Field;
use kith::domain::model::{EmailAddress, EmailKind};

use super::sync::{Setup, vcard};

/// Regression: a new card's own note became kith's note, and its first paragraph was
/// written back onto the card under kith's marker — on every card that had a note.
#[test]
fn the_phones_own_note_is_never_copied_back_onto_the_card() {
    let Some(setup) = Setup::start() else { return };
    setup.put(
        "tea.vcf",
        &vcard(
            "tea",
            "Tea",
            "Drinker",
            &["NOTE:Likes tea.\\n\\nSecond paragraph."],
        ),
    );
    let first = setup.synced();
    let again = setup.synced();
    let card = setup.card("tea.vcf").unwrap();
    assert!(!card.contains("— kith —"), "{card}");
    assert_eq!(first.created, 1, "{}", first.line());
    assert_eq!(
        first.updated + again.created + again.updated,
        0,
        "{}",
        again.line()
    );
}

/// Regression: a person with two work addresses, one on the card, had the second written
/// only by the next sync; and an address the phone files under another kind was moved to
/// the phone's kind in kith without asking.
#[test]
fn one_sync_writes_everything_and_an_addresss_kind_stays_kiths() {
    let Some(setup) = Setup::start() else { return };
    let jon = setup.person("Jon", "Jensen", Some("jon@work.io"));
    setup
        .store()
        .add_email(
            jon,
            &EmailAddress::parse("jon@second.io").unwrap(),
            EmailKind::Work,
        )
        .unwrap();
    setup.put(
        "jon.vcf",
        &vcard("jon", "Jon", "Jensen", &["EMAIL;TYPE=HOME:jon@work.io"]),
    );
    let first = setup.synced();
    assert_eq!(
        (first.created, first.updated),
        (0, 1),
        "one card, written once: {}",
        first.line()
    );
    let card = setup.card("jon.vcf").unwrap();
    assert!(card.contains("jon@second.io"), "{card}");
    let fields = setup.store().person_card_fields(jon).unwrap();
    assert_eq!(
        fields.items(Field::Email(EmailKind::Work)),
        vec!["jon@second.io", "jon@work.io"],
        "kith's kinds are kith's"
    );
    let again = setup.synced();
    assert_eq!(again.created + again.updated, 0, "{}", again.line());
}

/// Regression: a card of an organization was reported "imported as the organization"
/// while nothing was imported; it is named and left alone.
#[test]
fn an_organizations_card_is_named_and_left_alone() {
    let Some(setup) = Setup::start() else { return };
    setup.put(
        "org.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:org\r\nN:;;;;\r\nFN:ACME Plumbing GmbH\r\nORG:ACME Plumbing GmbH\r\nX-ABShowAs:COMPANY\r\nEND:VCARD\r\n",
    );
    let report = setup.synced();
    let said = report.warnings.join("\n");
    assert!(
        said.contains("a card of an organization, not a person") && !said.contains("imported"),
        "{said}"
    );
    assert_eq!(report.created, 0, "{}", report.line());
}

/// Regression: a new card's "TEL:call me maybe" became a phone number, and numbers were
/// kept as typed rather than in the form kith keeps; what is no number is named.
#[test]
fn a_new_cards_numbers_are_kept_as_kith_keeps_numbers_and_what_is_no_number_is_named() {
    let Some(setup) = Setup::start() else { return };
    setup.put(
        "wei.vcf",
        &vcard(
            "wei",
            "Wei",
            "Zhang",
            &["TEL;TYPE=CELL:+1 415 555 0100", "TEL:call me maybe"],
        ),
    );
    let report = setup.synced();
    assert!(
        report.warnings.iter().any(|w| w.contains("call me maybe")),
        "{:?}",
        report.warnings
    );
    let store = setup.store();
    let book = store.address_book().unwrap().unwrap();
    let wei = store.card_links(&book).unwrap()[0].person.unwrap();
    let numbers: Vec<String> = store
        .phones_of(wei)
        .unwrap()
        .into_iter()
        .map(|phone| phone.number)
        .collect();
    assert_eq!(numbers, vec!["+14155550100"]);
}

/// A card removed on the phone and put back by the owner is the card kith last had —
/// its photo, labels and other apps' fields — not a bare new one.
#[test]
fn a_card_put_back_keeps_what_other_apps_wrote_on_it() {
    let Some(setup) = Setup::start() else { return };
    let carl = setup.person("Carl", "Jung", Some("carl@jung.ch"));
    setup.put(
        "carl.vcf",
        &vcard(
            "carl-1",
            "Carl",
            "Jung",
            &["EMAIL:carl@jung.ch", "X-PHONE-APP:kept"],
        ),
    );
    setup.synced();
    setup.delete("carl.vcf");
    setup.synced();
    let link = {
        let store = setup.store();
        let (_, questions) = store.open_card_questions(10).unwrap();
        assert_eq!(questions[0].person, Some(carl));
        questions[0].link
    };
    setup
        .store()
        .set_card_link_state(link, kith::store::LinkState::ToAdd)
        .unwrap();
    let report = setup.synced();
    assert_eq!(report.created, 1, "{}", report.line());
    let card = setup.card("carl-1.vcf").expect("put back under its UID");
    assert!(
        card.contains("X-PHONE-APP:kept") && card.contains("carl@jung.ch"),
        "{card}"
    );
}

/// Regression: an address on the card kith could not take (it is someone else's in kith)
/// was later written away from the phone by an unrelated edit in kith.
#[test]
fn a_value_kith_refused_is_never_written_away_by_an_unrelated_edit() {
    let Some(setup) = Setup::start() else { return };
    let ana = setup.person("Ana", "Souza", Some("ana@acme.io"));
    setup.person("Bob", "Brown", Some("bob@acme.io"));
    let lines = ["EMAIL;TYPE=WORK:ana@acme.io", "EMAIL;TYPE=WORK:bob@acme.io"];
    setup.put("ana.vcf", &vcard("ana", "Ana", "Souza", &lines[..1]));
    setup.synced();
    setup.put("ana.vcf", &vcard("ana", "Ana", "Souza", &lines));
    let report = setup.synced();
    assert!(
        report.warnings.iter().any(|w| w.contains("bob@acme.io")),
        "{report:?}"
    );
    setup.kith_sets(ana, &[(Field::Organization, "Acme"), (Field::Title, "CTO")]);
    setup.synced();
    setup.synced();
    let card = setup.card("ana.vcf").unwrap();
    assert!(
        card.contains("TITLE:CTO") && card.contains("bob@acme.io"),
        "{card}"
    );
}

/// Regression: a conflict the phone settled (by taking kith's value) stayed open and held
/// the field back, so kith's later changes to it never reached the phone.
#[test]
fn a_conflict_the_two_sides_settle_stops_holding_the_field_back() {
    let Some(setup) = Setup::start() else { return };
    let ana = setup.person("Ana", "Souza", Some("ana@acme.io"));
    let mobile = |n: &str| format!("TEL;TYPE=CELL:{n}");
    let card = |n: &str| vcard("ana", "Ana", "Souza", &["EMAIL:ana@acme.io", &mobile(n)]);
    setup.put("ana.vcf", &card("+4915111111111"));
    setup.synced();
    setup.put("ana.vcf", &card("+4915122222222"));
    setup.kith_sets(
        ana,
        &[(
            Field::Phone(kith::domain::card::PhoneKind::Mobile),
            "+4915133333333",
        )],
    );
    setup.synced();
    assert_eq!(setup.store().open_card_questions(5).unwrap().0, 1);
    // The phone takes kith's number: nothing is left to ask.
    setup.put("ana.vcf", &card("+4915133333333"));
    setup.synced();
    assert_eq!(setup.store().open_card_questions(5).unwrap().0, 0);
    setup.kith_sets(
        ana,
        &[(
            Field::Phone(kith::domain::card::PhoneKind::Mobile),
            "+4915144444444",
        )],
    );
    setup.synced();
    assert!(setup.card("ana.vcf").unwrap().contains("+4915144444444"));
}

/// Regression: a card the phone changed after the owner pressed Delete could never be
/// deleted (its ETag was never refreshed); it is asked again at its new version.
#[test]
fn a_card_changed_after_delete_was_pressed_is_asked_again_then_deleted() {
    let Some(setup) = Setup::start() else { return };
    let other = setup.person("Dora", "Maar", Some("dora@maar.fr"));
    let keep = setup.person("Dora", "Maar", Some("dora@picasso.fr"));
    setup.put(
        "dora.vcf",
        &vcard("dora", "Dora", "Maar", &["EMAIL:dora@maar.fr"]),
    );
    setup.synced();
    setup.store().merge_people(keep, other).unwrap();
    setup.synced();
    let link = setup.store().open_card_questions(5).unwrap().1[0].link;
    setup
        .store()
        .set_card_link_state(link, kith::store::LinkState::ToDelete)
        .unwrap();
    setup.put(
        "dora.vcf",
        &vcard(
            "dora",
            "Dora",
            "Maar",
            &["EMAIL:dora@maar.fr", "TITLE:Painter"],
        ),
    );
    let report = setup.synced();
    assert!(setup.card("dora.vcf").is_some(), "{report:?}");
    assert_eq!(setup.store().open_card_questions(5).unwrap().0, 1);
    setup
        .store()
        .set_card_link_state(link, kith::store::LinkState::ToDelete)
        .unwrap();
    setup.synced();
    assert!(setup.card("dora.vcf").is_none());
}
