//! kith never guesses between two people: an imported entry whose addresses (or keys)
//! belong to two or more people in kith is applied to none of them, and is a located
//! problem naming each person and the address that matched them.

use kith::domain::actor::Actor;
use kith::domain::model::{EmailAddress, EmailKind, PersonId};
use kith::moving::import::{google_contacts, vcard};
use kith::store::{Commit, ImportBatch, ImportReport, NewPerson, Store};

fn address(text: &str) -> EmailAddress {
    EmailAddress::parse(text).unwrap()
}

/// Jürgen Klopp (jk@lfc.com) and Max Mustermann (mm@x.io), and whoever else is asked for.
fn kith_with(people: &[(&str, &str)]) -> (Store, Vec<PersonId>) {
    let mut store = Store::open_in_memory().unwrap();
    let mut ids = Vec::new();
    for (name, email) in [
        ("Jürgen Klopp", "jk@lfc.com"),
        ("Max Mustermann", "mm@x.io"),
    ]
    .iter()
    .chain(people)
    {
        let mut person = NewPerson::named(name);
        person.emails.push((address(email), EmailKind::Work));
        ids.push(store.create_person(&person).unwrap());
    }
    (store, ids)
}

fn addresses_of(store: &Store, id: PersonId) -> Vec<String> {
    store
        .emails_of(id)
        .unwrap()
        .into_iter()
        .map(|e| e.address)
        .collect()
}

/// The same batch as a dry run, then for real: the two reports agree, and the dry run
/// changed nothing.
fn import_both_ways(store: &mut Store, batch: &ImportBatch) -> ImportReport {
    let before = store.content_fingerprint().unwrap();
    let dry = store.import_batch(batch, Commit::DryRun).unwrap();
    assert_eq!(
        store.content_fingerprint().unwrap(),
        before,
        "a dry run writes nothing"
    );
    let real = store.import_batch(batch, Commit::Yes).unwrap();
    assert_eq!(dry, real, "the dry run's report is the real one's");
    real
}

fn nora_card() -> String {
    let mut card =
        String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nora Newcomer\r\nN:Newcomer;Nora;;;\r\n");
    for n in 0..300 {
        card.push_str(&format!("EMAIL:n{n}@new.io\r\n"));
    }
    card.push_str("EMAIL:jk@lfc.com\r\nEMAIL:mm@x.io\r\nEND:VCARD\r\n");
    card
}

#[test]
fn a_card_with_two_peoples_addresses_gave_all_its_addresses_to_one_of_them() {
    let (mut store, ids) = kith_with(&[]);
    let read = vcard::read("nora.vcf", &nora_card());
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let before = store.content_fingerprint().unwrap();
    let report = import_both_ways(&mut store, &read.batch);
    assert_eq!(
        store.content_fingerprint().unwrap(),
        before,
        "nothing of the card is written"
    );
    assert_eq!(
        (
            report.people_created,
            report.people_matched,
            report.emails_created
        ),
        (0, 0, 0)
    );
    assert_eq!(
        report.problems,
        vec![
            "nora.vcf: card 1: \"Nora Newcomer\" matches 2 people in kith: Jürgen Klopp (by jk@lfc.com), Max Mustermann (by mm@x.io); kith never guesses between two people, so nothing of this card was imported (merge them, or take the address from the one it is not, and import again)"
                .to_owned()
        ]
    );
    assert!(report.summary(0, Commit::Yes).ends_with("; 1 problem"));
    assert_eq!(addresses_of(&store, ids[0]), vec!["jk@lfc.com"]);
    assert_eq!(addresses_of(&store, ids[1]), vec!["mm@x.io"]);
    assert!(
        store
            .person_by_email(&address("n0@new.io"))
            .unwrap()
            .is_none()
    );
}

#[test]
fn an_entry_matching_two_people_leaves_the_rest_of_the_file_to_import() {
    let (mut store, ids) = kith_with(&[("Pat Lee", "pat@lee.io")]);
    let text = format!(
        "{}BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Fresh\r\nEMAIL:ada@fresh.io\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:P. Lee\r\nEMAIL:pat@lee.io\r\nEMAIL:pat2@lee.io\r\nEND:VCARD\r\n",
        nora_card()
    );
    let read = vcard::read("all.vcf", &text);
    let report = import_both_ways(&mut store, &read.batch);
    assert_eq!(report.problems.len(), 1);
    assert!(
        report.problems[0].starts_with("all.vcf: card 1: "),
        "{:?}",
        report.problems
    );
    // One person matched: an address of no one's is added to them, as before.
    assert_eq!(
        (
            report.people_created,
            report.people_matched,
            report.emails_created
        ),
        (1, 1, 2)
    );
    assert_eq!(
        addresses_of(&store, ids[2]),
        vec!["pat@lee.io", "pat2@lee.io"]
    );
    assert_eq!(addresses_of(&store, ids[0]), vec!["jk@lfc.com"]);
    assert_eq!(addresses_of(&store, ids[1]), vec!["mm@x.io"]);
}

#[test]
fn a_row_with_another_persons_address_dropped_that_address_silently() {
    let (mut store, ids) = kith_with(&[("Jurgen Schmidt", "js@firma.de")]);
    let csv = "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value\n\
Jurgen,Schmidt,Work,js@firma.de,Other,jk@lfc.com\n";
    let read = google_contacts::read("contacts.csv", csv.as_bytes());
    let before = store.content_fingerprint().unwrap();
    let report = import_both_ways(&mut store, &read.batch);
    assert_eq!(
        store.content_fingerprint().unwrap(),
        before,
        "nothing of the row is written"
    );
    assert_eq!(
        report.problems,
        vec![
            "contacts.csv row 2: \"Jurgen Schmidt\" matches 2 people in kith: Jurgen Schmidt (by js@firma.de), Jürgen Klopp (by jk@lfc.com); kith never guesses between two people, so nothing of this row was imported (merge them, or take the address from the one it is not, and import again)"
                .to_owned()
        ]
    );
    assert_eq!(addresses_of(&store, ids[0]), vec!["jk@lfc.com"]);
    assert_eq!(addresses_of(&store, ids[2]), vec!["js@firma.de"]);
}

#[test]
fn an_id_of_one_person_and_an_address_of_another_is_two_people() {
    let (mut store, ids) = kith_with(&[]);
    // The card's UID is Klopp's from an earlier import; its address is Max's.
    let first = vcard::read(
        "a.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u-1\r\nFN:Jürgen Klopp\r\nEMAIL:jk@lfc.com\r\nEND:VCARD\r\n",
    );
    store.import_batch(&first.batch, Commit::Yes).unwrap();
    let second = vcard::read(
        "b.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u-1\r\nFN:Max M\r\nEMAIL:mm@x.io\r\nEMAIL:m2@x.io\r\nEND:VCARD\r\n",
    );
    let report = import_both_ways(&mut store, &second.batch);
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert!(
        report.problems[0].contains("Jürgen Klopp (by the same id), Max Mustermann (by mm@x.io)"),
        "{:?}",
        report.problems
    );
    assert_eq!(addresses_of(&store, ids[1]), vec!["mm@x.io"]);
}

#[test]
fn a_matched_card_lists_its_other_name_and_says_what_became_of_its_title() {
    let (mut store, ids) = kith_with(&[]);
    let read = vcard::read(
        "new.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Totally New\r\nEMAIL:jk@lfc.com\r\nNOTE:Met at Anfield\r\nBDAY:1967-06-16\r\nTITLE:Boss\r\nEND:VCARD\r\n",
    );
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        vec!["new.vcf: card 1: title \"Boss\" not read: kith keeps a title with the organization it is at, and this card has no ORG".to_owned()]
    );
    let report = import_both_ways(&mut store, &read.batch);
    assert_eq!(report.people_matched, 1);
    assert!(report.problems.is_empty());
    assert!(
        report
            .fields
            .contains(&"Jürgen Klopp: alias \"Totally New\" added".to_owned()),
        "{:?}",
        report.fields
    );
    assert!(
        report
            .fields
            .iter()
            .any(|f| f.starts_with("Jürgen Klopp: notes"))
    );
    assert!(
        report
            .fields
            .iter()
            .any(|f| f.starts_with("Jürgen Klopp: birthday"))
    );
    assert_eq!(store.person(ids[0]).unwrap().aliases, "Totally New");
}

#[test]
fn the_history_said_1_people_created() {
    let (mut store, _) = kith_with(&[]);
    let read = vcard::read(
        "one.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Fresh\r\nEMAIL:ada@fresh.io\r\nEND:VCARD\r\n",
    );
    store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        store
            .latest_change_by(Actor::Import)
            .unwrap()
            .unwrap()
            .summary,
        "Import: 1 person created, 0 matched"
    );
}

#[test]
fn a_company_kept_out_dropped_its_title_without_a_word() {
    let (mut store, ids) = kith_with(&[]);
    let club = store.create_organization("Liverpool FC").unwrap();
    store
        .set_employment(
            ids[0],
            club,
            Some("Manager"),
            kith::store::EmploymentStatus::Current,
        )
        .unwrap();
    let csv = "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Organization Name,Organization Title\n\
Jürgen,Klopp,Work,jk@lfc.com,Red Bull,Boss\n";
    let read = google_contacts::read("contacts.csv", csv.as_bytes());
    let report = import_both_ways(&mut store, &read.batch);
    assert!(
        report.fields.contains(
            &"Jürgen Klopp: company differs: kept \"Liverpool FC\" (the file says \"Red Bull\", as \"Boss\")"
                .to_owned()
        ),
        "{:?}",
        report.fields
    );
}
