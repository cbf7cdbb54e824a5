//! Google Contacts' CSV in its current and its legacy layout (written from Google's
//! documented headers): several values in a cell joined by ` ::: `, labels as tags except
//! Google's own, matched by address, never by name; importing again changes nothing.

use kith::domain::model::EmailAddress;
use kith::moving::import::google_contacts::read;
use kith::store::{Commit, NewPerson, Store};

const CURRENT: &str = "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value\n\
Jane,Q.,Doe,,,,,,JD,,\"Acme, Inc.\",CTO,,1985-04-12,Met at the offsite,,* myContacts ::: Investors ::: * starred,* Work,jane@acme.io ::: jane@acme.com,Home,jane.doe@gmail.com,Mobile,+49 170 1234567\n\
Sam,,Roe,,,,,,,,,,,,,,* myContacts,,,,,Mobile,+1 555 0100\n\
,,,,,,,,,,,,,,,,* myContacts,Other,bob.stone@beta.io,,,,\n\
,,,,,,,,,,,,,,,,* myContacts,Other,not-an-address,,,,\n";

const LEGACY: &str = "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Organization 1 - Type,Organization 1 - Name,Organization 1 - Title\n\
Pat Lee,Pat,,Lee,,,,,,,,,,,,,,,,,,,,,,,,,* My Contacts ::: Friends,* Home,pat@lee.io,,Globex,Engineer\n";

#[test]
fn both_layouts_import_with_labels_as_tags_and_several_addresses() {
    let mut read_current = read("contacts.csv", CURRENT.as_bytes());
    assert!(
        kith::moving::import::tidy_phones(&mut read_current.batch, None, "contacts.csv").is_empty()
    );
    // Google's columns kith has no field for are listed apart (tested below).
    assert_eq!(
        read_current.unread.len(),
        7,
        "Phonetic ×3, Name Prefix/Suffix, Department, Photo"
    );
    let problems: Vec<String> = read_current
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "contacts.csv row 5, column \"E-mail 1 - Value\": \"not-an-address\" is not a valid email address: it has no @",
            "contacts.csv row 5, column \"First Name\": a contact with no name and no address was skipped"
        ]
    );
    let mut store = Store::open_in_memory().unwrap();
    let report = store
        .import_batch(&read_current.batch, Commit::Yes)
        .unwrap();
    assert_eq!(report.people_created, 3);
    let jane = store
        .person_by_email(&EmailAddress::parse("jane@acme.com").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(jane.name(), "Jane Q. Doe");
    let addresses: Vec<String> = store
        .emails_of(jane.id)
        .unwrap()
        .into_iter()
        .map(|e| {
            format!(
                "{} {}{}",
                e.address,
                e.kind.as_str(),
                if e.is_primary { " primary" } else { "" }
            )
        })
        .collect();
    assert_eq!(
        addresses,
        // Primary first, as the card lists them.
        [
            "jane@acme.io work primary",
            "jane.doe@gmail.com personal",
            "jane@acme.com work"
        ]
    );
    assert_eq!(store.tags_of_person(jane.id).unwrap(), ["Investors"]);
    let phones: Vec<String> = store
        .phones_of(jane.id)
        .unwrap()
        .into_iter()
        .map(|p| format!("{} {}", p.number, p.kind))
        .collect();
    assert_eq!(phones, ["+491701234567 mobile"]);
    assert_eq!(
        store.birthday_of(jane.id).unwrap().map(|b| b.stored()),
        Some("1985-04-12".to_owned())
    );
    assert!(jane.notes.contains("Met at the offsite") && jane.notes.contains("Nickname: JD"));
    let jobs: Vec<(String, Option<String>)> = store
        .employment_of(jane.id)
        .unwrap()
        .into_iter()
        .map(|j| (j.organization, j.title))
        .collect();
    assert_eq!(jobs, [("Acme, Inc.".to_owned(), Some("CTO".to_owned()))]);
    // A contact with only an address is named from it.
    let bob = store
        .person_by_email(&EmailAddress::parse("bob.stone@beta.io").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(bob.name(), "Bob Stone");

    let legacy = read("google.csv", LEGACY.as_bytes());
    assert!(legacy.problems.is_empty(), "{:?}", legacy.problems);
    store.import_batch(&legacy.batch, Commit::Yes).unwrap();
    let pat = store
        .person_by_email(&EmailAddress::parse("pat@lee.io").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(pat.name(), "Pat Lee");
    assert_eq!(store.tags_of_person(pat.id).unwrap(), ["Friends"]);

    // Again: nothing changes, and Sam (no address) is found by what his card says.
    let before = store.export_json().unwrap();
    store
        .import_batch(&read_current.batch, Commit::Yes)
        .unwrap();
    store.import_batch(&legacy.batch, Commit::Yes).unwrap();
    assert_eq!(store.export_json().unwrap(), before);
}

#[test]
fn a_contact_named_like_someone_in_kith_is_not_merged_into_them() {
    let mut store = Store::open_in_memory().unwrap();
    store.create_person(&NewPerson::named("Sam Roe")).unwrap();
    let read = read("contacts.csv", CURRENT.as_bytes());
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(report.people_matched, 0);
    assert_eq!(store.find_people_by_name("Sam Roe", 5).unwrap().len(), 2);
}

/// Issue 27: an address cell with bytes that are not UTF-8 is a located problem, and the
/// address is never stored with U+FFFD.
#[test]
fn an_address_that_is_not_utf8_is_a_located_problem() {
    let mut bytes = b"First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value\n\
Jane,Doe,Work,jane@acme.io\n\
Jo,Roe,Work,j"
        .to_vec();
    bytes.extend_from_slice(b"\xe9\xffo@acme.io\n");
    let read = read("contacts.csv", &bytes);
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    // The reader names the cell, and the address read from it is refused: both lines
    // name row 3's address column, and nothing else is reported.
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems
            .iter()
            .all(|p| p.starts_with("contacts.csv row 3, column \"E-mail 1 - Value\"")),
        "{problems:?}"
    );
    assert!(
        problems[1]
            .ends_with("is not a valid email address: it holds bytes that are not UTF-8 text"),
        "{problems:?}"
    );
    let mut store = Store::open_in_memory().unwrap();
    store.import_batch(&read.batch, Commit::Yes).unwrap();
    let export = store.export_json().unwrap().to_string();
    assert!(!export.contains('\u{fffd}'), "U+FFFD stored");
}

/// A contact that is only an organization (Deutsche Bahn, service@bahn.de) becomes that
/// organization with its domain — not a person called "Service" — and the address and
/// number kith cannot keep for an organization are a located problem. An organization
/// kith has is completed (its empty notes, a new domain), and listed.
#[test]
fn an_organization_only_google_contact_becomes_an_organization_not_a_person() {
    let file = "First Name,Middle Name,Last Name,File As,Organization Name,Organization Title,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n\
,,,,Deutsche Bahn,,Tickets and delays,* myContacts ::: Travel,* Work,service@bahn.de,Work,+49 30 2970\n\
,,,Globex,Globex,,,* myContacts,Other,globex.hq@gmail.com,,\n";
    let mut store = Store::open_in_memory().unwrap();
    let globex = store.create_organization("Globex").unwrap();
    let read = read("contacts.csv", file.as_bytes());
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "contacts.csv row 2, column \"Organization Name\": an organization only: imported as the organization \"Deutsche Bahn\" with the domain bahn.de; organizations keep no addresses or phone numbers, so service@bahn.de, +49 30 2970 were not imported",
            "contacts.csv row 3, column \"Organization Name\": an organization only: imported as the organization \"Globex\"; organizations keep no addresses or phone numbers, so globex.hq@gmail.com was not imported",
        ]
    );
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        (report.people_created, report.organizations_created),
        (0, 1)
    );
    assert!(report.fields.is_empty(), "{:?}", report.fields);
    let bahn = store
        .organization_by_domain("bahn.de")
        .unwrap()
        .expect("Deutsche Bahn by its domain");
    assert_eq!(
        (bahn.name.as_str(), bahn.notes.as_str()),
        ("Deutsche Bahn", "Tickets and delays")
    );
    assert!(store.find_people_by_name("Service", 5).unwrap().is_empty());
    assert!(
        store.organization(globex).unwrap().domains.is_empty(),
        "a free-mail domain names no organization"
    );
    assert!(
        store
            .email(&EmailAddress::parse("service@bahn.de").unwrap())
            .unwrap()
            .is_none()
    );

    // Deutsche Bahn already in kith, without notes or domain: completed, and listed.
    let mut other = Store::open_in_memory().unwrap();
    other.create_organization("Deutsche Bahn").unwrap();
    let report = other.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        report.fields,
        [
            "Deutsche Bahn: domain bahn.de added",
            "Deutsche Bahn: notes — kith has none, the file says \"Tickets and delays\": filled",
        ]
    );
    let before = other.export_json().unwrap();
    let again = other.import_batch(&read.batch, Commit::Yes).unwrap();
    assert!(again.fields.is_empty(), "{:?}", again.fields);
    assert_eq!(other.export_json().unwrap(), before);
}

/// Issue 27: every column nothing reads (`Favorite Color`, `Website 1 - Value`) is
/// listed on the header row, never dropped without a word; the columns read are not.
#[test]
fn a_google_contacts_column_nothing_reads_is_listed() {
    let file = "First Name,Last Name,Favorite Color,E-mail 1 - Label,E-mail 1 - Value,Website 1 - Label,Website 1 - Value,Phone 1 - Label,Phone 1 - Value\n\
Jane,Doe,Teal,Work,jane@acme.io,,https://jane.example,,\n";
    let read = read("contacts.csv", file.as_bytes());
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let unread: Vec<String> = read.unread.iter().map(ToString::to_string).collect();
    assert_eq!(
        unread,
        [
            "contacts.csv row 1, column \"Favorite Color\": not read (its values were left out): no field of kith's reads it",
            "contacts.csv row 1, column \"Website 1 - Label\": not read (it is empty): no field of kith's reads it",
            "contacts.csv row 1, column \"Website 1 - Value\": not read (its values were left out): no field of kith's reads it",
        ]
    );
    assert_eq!(read.batch.people.len(), 1);
}
