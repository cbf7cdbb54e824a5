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
