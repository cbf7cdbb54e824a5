//! Every vCard fixture imports; the common exports are checked closely.

use kith::domain::model::EmailAddress;
use kith::moving::import::vcard::read;
use kith::store::{Commit, NewPerson, Store};

use super::*;

fn import(name: &str) -> Option<(Store, kith::moving::import::vcard::VcardImport)> {
    let path = fixtures("vcard")?.join(name);
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    let read = read(name, &text);
    let mut store = Store::open_in_memory().unwrap();
    store.import_batch(&read.batch, Commit::Yes).unwrap();
    Some((store, read))
}

/// A person's name, addresses, and (organization, title) pairs.
type Card = (String, Vec<String>, Vec<(String, Option<String>)>);

fn card(store: &Store, address: &str) -> Card {
    let person = store
        .person_by_email(&EmailAddress::parse(address).unwrap())
        .unwrap()
        .expect(address);
    let emails = store
        .emails_of(person.id)
        .unwrap()
        .into_iter()
        .map(|e| e.address)
        .collect();
    let jobs = store
        .employment_of(person.id)
        .unwrap()
        .into_iter()
        .map(|e| (e.organization, e.title))
        .collect();
    (person.name(), emails, jobs)
}

#[test]
fn every_vcard_fixture_imports_without_a_panic() {
    let Some(dir) = fixtures("vcard") else { return };
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let read = read(&path.display().to_string(), &text);
        assert!(read.cards > 0, "{}", path.display());
        let mut store = Store::open_in_memory().unwrap();
        store.import_batch(&read.batch, Commit::Yes).unwrap();
        let before = store.content_fingerprint().unwrap();
        store.import_batch(&read.batch, Commit::Yes).unwrap();
        assert_eq!(
            store.content_fingerprint().unwrap(),
            before,
            "re-importing {} changes nothing",
            path.display()
        );
    }
}

#[test]
fn gmail_iphone_android_outlook_and_vcard_4() {
    if let Some((store, _)) = import("John_Doe_GMAIL.vcf") {
        let (name, emails, jobs) = card(&store, "john.doe@ibm.com");
        assert_eq!(name, "John Doe");
        assert_eq!(emails, vec!["john.doe@ibm.com"]);
        assert_eq!(jobs, vec![("IBM".into(), Some("Money Counter".into()))]);
    }
    if let Some((store, _)) = import("John_Doe_IPHONE.vcf") {
        assert_eq!(card(&store, "john.doe@ibm.com").0, "John Doe");
    }
    if let Some((store, read)) = import("John_Doe_ANDROID.vcf") {
        assert_eq!(read.cards, 6);
        assert_eq!(
            card(&store, "john.doe@company.com").0,
            "John Doe",
            "named from the address"
        );
        assert_eq!(card(&store, "jane.doe@company.com").0, "Jane Doe");
        assert!(
            !read.problems.is_empty(),
            "the unreadable address is reported"
        );
    }
    if let Some((store, _)) = import("John_Doe_MS_OUTLOOK.vcf") {
        let (name, _, jobs) = card(&store, "john.doe@ibm.cm");
        assert_eq!(name, "John Doe");
        assert_eq!(jobs[0].0, "IBM");
    }
    if let Some((store, _)) = import("outlook-2007.vcf") {
        let (name, _, jobs) = card(&store, "mike.angstadt@gmail.com");
        assert_eq!(name, "Michael Angstadt");
        assert_eq!(
            jobs,
            vec![("TheCompany".into(), Some("TheJobTitle".into()))]
        );
    }
    if let Some((store, _)) = import("rfc6350-example.vcf") {
        let (name, _, jobs) = card(&store, "simon.perreault@viagenie.ca");
        assert_eq!(name, "Simon Perreault");
        assert_eq!(jobs[0].0, "Viagenie");
    }
    if let Some((store, _)) = import("fullcontact.vcf") {
        let (_, emails, _) = card(&store, "work@example.com");
        assert_eq!(emails.len(), 5, "{emails:?}");
    }
}

#[test]
fn an_existing_person_is_matched_by_address_and_never_overwritten() {
    let Some(dir) = fixtures("vcard") else { return };
    let mut store = Store::open_in_memory().unwrap();
    let mut existing = NewPerson::named("Johnny D");
    existing.notes = "Typed in kith.".into();
    existing.emails.push((
        EmailAddress::parse("john.doe@ibm.com").unwrap(),
        kith::domain::model::EmailKind::Work,
    ));
    let id = store.create_person(&existing).unwrap();
    let text = std::fs::read_to_string(dir.join("John_Doe_GMAIL.vcf")).unwrap();
    let read = read("gmail", &text);
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!((report.people_created, report.people_matched), (0, 1));
    let person = store.person(id).unwrap();
    assert_eq!(
        (person.name().as_str(), person.notes.as_str()),
        ("Johnny D", "Typed in kith.")
    );
    assert_eq!(
        store.employment_of(id).unwrap()[0].organization,
        "IBM",
        "what was missing is added"
    );
}

/// Two cards named alike in two files, with different addresses and no UID, are two
/// people (a likely-duplicate pair), never one; importing a file again adds no one.
#[test]
fn vcards_with_one_name_and_different_addresses_are_never_merged_by_name() {
    let first = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nN:Doe;Jane;;;\r\nEMAIL:jane@acme.io\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Roe\r\nN:Roe;Sam;;;\r\nNOTE:met at a conference\r\nEND:VCARD\r\n";
    let second = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nN:Doe;Jane;;;\r\nEMAIL:jane.doe@gmail.com\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Roe\r\nN:Roe;Sam;;;\r\nNOTE:the other Sam\r\nEND:VCARD\r\n";
    let mut store = Store::open_in_memory().unwrap();
    for (name, text) in [("a.vcf", first), ("b.vcf", second), ("a.vcf", first)] {
        store
            .import_batch(&read(name, text).batch, Commit::Yes)
            .unwrap();
    }
    let janes: Vec<String> = ["jane@acme.io", "jane.doe@gmail.com"]
        .iter()
        .map(|a| {
            let person = store
                .person_by_email(&EmailAddress::parse(a).unwrap())
                .unwrap()
                .unwrap();
            format!("{}: {}", person.id, person.name())
        })
        .collect();
    assert_ne!(
        janes[0], janes[1],
        "two Janes with different addresses: {janes:?}"
    );
    let people = store
        .table_counts()
        .unwrap()
        .into_iter()
        .find(|(t, _)| *t == "people")
        .unwrap()
        .1;
    assert_eq!(people, 4, "two Janes and two Sams, once each");
    let pairs = store.find_people_by_name("Jane Doe", 5).unwrap();
    assert_eq!(pairs.len(), 2);
}

/// TEL and BDAY come in from a vCard (E.164 where the region says), never overwrite what
/// kith has, go out again in the vCard export, and the JSON export restores them exactly.
#[test]
fn phones_and_birthdays_come_in_go_out_and_restore() {
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nN:Doe;Jane;;;\r\nEMAIL:jane@acme.io\r\nTEL;TYPE=CELL:0170 1234567\r\nTEL;TYPE=WORK:+49 30 123456\r\nBDAY:1985-04-12\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Sam Roe\r\nN:Roe;Sam;;;\r\nEMAIL:sam@roe.io\r\nBDAY:--0229\r\nTEL:call me\r\nEND:VCARD\r\n";
    let mut read = read("cards.vcf", card);
    let problems = kith::moving::import::tidy_phones(&mut read.batch, Some("DE"), "cards.vcf");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("Sam Roe") && problems[0].message.contains("left out"));
    let mut store = Store::open_in_memory().unwrap();
    store.import_batch(&read.batch, Commit::Yes).unwrap();
    let jane = store
        .person_by_email(&EmailAddress::parse("jane@acme.io").unwrap())
        .unwrap()
        .unwrap();
    let phones: Vec<String> = store
        .phones_of(jane.id)
        .unwrap()
        .into_iter()
        .map(|p| format!("{} {}", p.number, p.kind))
        .collect();
    assert_eq!(phones, ["+491701234567 mobile", "+4930123456 work"]);
    assert_eq!(
        store.birthday_of(jane.id).unwrap().map(|b| b.stored()),
        Some("1985-04-12".to_owned())
    );
    // A second file with another birthday: kith's stays, and the report says so.
    let other = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nEMAIL:jane@acme.io\r\nBDAY:1986-04-12\r\nTEL:+49 170 1234567\r\nEND:VCARD\r\n";
    let report = store
        .import_batch(&read_file("b.vcf", other), Commit::Yes)
        .unwrap();
    assert_eq!(
        report.fields,
        ["Jane Doe: birthday differs: kept \"1985-04-12\" (the file says \"1986-04-12\")"]
    );
    assert_eq!(
        store.phones_of(jane.id).unwrap().len(),
        2,
        "a number she has is not added twice"
    );

    let export = store.export_json().unwrap();
    let vcards = kith::moving::export::vcards(&export);
    assert!(
        vcards.contains("TEL;VALUE=uri;TYPE=cell:tel:+491701234567"),
        "{vcards}"
    );
    assert!(
        vcards.contains("BDAY:19850412") && vcards.contains("BDAY:--0229"),
        "{vcards}"
    );
    let mut restored = Store::open_in_memory().unwrap();
    restored.import_json(&export).unwrap();
    assert_eq!(restored.export_json().unwrap(), export);
}

fn read_file(name: &str, text: &str) -> kith::store::ImportBatch {
    let mut batch = read(name, text).batch;
    kith::moving::import::tidy_phones(&mut batch, Some("DE"), name);
    batch
}

/// A card that is only an organization — `KIND:org`, Apple's `X-ABShowAs:COMPANY`, or an
/// `ORG` with no person's name — becomes that organization (its domain kept), never a
/// person named after its address; what it cannot keep is a problem naming the card.
#[test]
fn an_organization_only_vcard_becomes_an_organization_not_a_person() {
    let cards = "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Deutsche Bahn\r\nORG:Deutsche Bahn\r\nEMAIL:service@bahn.de\r\nNOTE:Tickets\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Globex\r\nORG:Globex;\r\nX-ABShowAs:COMPANY\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Initech\r\nURL:https://initech.example\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;;\r\nFN:Jane Doe\r\nORG:Initech\r\nEMAIL:jane@initech.example\r\nEND:VCARD\r\n";
    let read = read("cards.vcf", cards);
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "cards.vcf: card 1: an organization only: imported as the organization \"Deutsche Bahn\" with the domain bahn.de; organizations keep no addresses or phone numbers, so service@bahn.de was not imported",
            "cards.vcf: card 2: an organization only: imported as the organization \"Globex\"; organizations keep no addresses or phone numbers, so +1 555 0100 was not imported",
        ]
    );
    let mut store = Store::open_in_memory().unwrap();
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        (report.people_created, report.organizations_created),
        (1, 3),
        "Jane, who works at Initech, is the only person"
    );
    let bahn = store.organization_by_domain("bahn.de").unwrap().unwrap();
    assert_eq!(bahn.notes, "Tickets");
    let initech = store.organization_by_name("Initech").unwrap().unwrap();
    assert_eq!(initech.notes, "https://initech.example");
    assert!(store.find_people_by_name("Service", 5).unwrap().is_empty());
    assert!(store.find_people_by_name("Globex", 5).unwrap().is_empty());
    assert_eq!(
        card(&store, "jane@initech.example").2,
        [("Initech".to_owned(), None)]
    );
}

/// A `KIND:org` (4.0) or `KIND:ORG` (3.0) card without an `ORG` line is the organization
/// its `FN` names, never a person of that name.
#[test]
fn a_kind_org_vcard_without_org_becomes_the_organization_its_fn_names() {
    let cards = "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Globex Corp\r\nEMAIL:hello@globex.com\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nKIND:ORG\r\nFN:Initech\r\nNOTE:Printers\r\nEND:VCARD\r\n";
    let read = read("orgs.vcf", cards);
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "orgs.vcf: card 1: an organization only: imported as the organization \"Globex Corp\" with the domain globex.com; organizations keep no addresses or phone numbers, so hello@globex.com was not imported"
        ]
    );
    let mut store = Store::open_in_memory().unwrap();
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        (report.people_created, report.organizations_created),
        (0, 2)
    );
    assert!(store.find_people_by_name("Globex", 5).unwrap().is_empty());
    let globex = store.organization_by_domain("globex.com").unwrap().unwrap();
    assert_eq!(globex.name, "Globex Corp");
    let initech = store.organization_by_name("Initech").unwrap().unwrap();
    assert_eq!(initech.notes, "Printers");
}

/// Issue 27: each vCard property nothing reads (`PHOTO`, `ADR`, an `X-` property) is
/// listed once with the number of cards that have it, not once per card; the
/// properties read (`TITLE`, `TEL`, `NOTE`…) are not listed.
#[test]
fn a_vcard_property_nothing_reads_is_listed_once_with_its_count() {
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iOS 17//EN\r\nN:Doe;Jane;;;\r\nFN:Jane Doe\r\nTITLE:CTO\r\nTEL:+49 30 1234\r\nPHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\nX-SOCIALPROFILE;type=twitter:x.com/jane\r\nX-SOCIALPROFILE;type=github:github.com/jane\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nN:Roe;Sam;;;\r\nFN:Sam Roe\r\nNOTE:met in Berlin\r\nPHOTO;ENCODING=b;TYPE=JPEG:BBBB\r\nADR;TYPE=HOME:;;Main St 1;Berlin;;10115;DE\r\nEND:VCARD\r\n";
    let read = read("cards.vcf", cards);
    // TITLE is read, with an ORG; without one it is a problem of its own, not "unread".
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "cards.vcf: card 1: title \"CTO\" not read: kith keeps a title with the organization it is at, and this card has no ORG"
        ]
    );
    let unread: Vec<String> = read.unread.iter().map(ToString::to_string).collect();
    assert_eq!(
        unread,
        [
            "cards.vcf: ADR not read (1 card): no field of kith's reads it",
            "cards.vcf: PHOTO not read (2 cards): no field of kith's reads it",
            "cards.vcf: PRODID not read (1 card): no field of kith's reads it",
            "cards.vcf: X-SOCIALPROFILE not read (1 card): no field of kith's reads it",
        ]
    );
    assert_eq!(read.batch.people.len(), 2);
}

#[test]
fn the_vcard_export_lost_the_telegram_id_of_someone_with_a_username() {
    let mut store = Store::open_in_memory().unwrap();
    let mut helena = NewPerson::named("Helena Marques");
    helena.emails.push((
        EmailAddress::parse("helena@example.pt").unwrap(),
        kith::domain::model::EmailKind::Personal,
    ));
    let id = store.create_person(&helena).unwrap();
    let account = kith::store::TelegramIdentity {
        id: Some(8801),
        username: Some("helena_m".into()),
    };
    store.set_telegram_identity(id, &account).unwrap();
    let cards = kith::moving::export::vcards(&store.export_json().unwrap());
    for line in [
        "X-TELEGRAM:@helena_m\r\n",
        "IMPP:tg://resolve?domain=helena_m\r\n",
        "IMPP:tg://user?id=8801\r\n",
    ] {
        assert!(cards.contains(line), "{line} in {cards}");
    }
    // Read back, the card gives both; imported elsewhere, the person has both.
    let read = read("contacts.vcf", &cards);
    let person = &read.batch.people[0];
    assert_eq!(
        (person.telegram_id, person.telegram_username.as_deref()),
        (Some(8801), Some("helena_m"))
    );
    assert!(read.unread.is_empty(), "{:?}", read.unread);
    let mut other = Store::open_in_memory().unwrap();
    other.import_batch(&read.batch, Commit::Yes).unwrap();
    let found = other.person_by_telegram_id(8801).unwrap().unwrap();
    assert_eq!(other.telegram_identity(found).unwrap(), account);
}
