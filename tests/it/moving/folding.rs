//! One person met twice: two entries of one file that share an address (or an id) are
//! one person, and a name of the file's that kith does not know someone by becomes an
//! alias — for every importer, each said in a problem or a report line, the counts true.

use kith::domain::closeness::Closeness;
use kith::domain::model::EmailAddress;
use kith::moving::import::airtable::{self, AirtableFiles, Mapping};
use kith::store::{Commit, Person, Store};

fn people_file(dir: &tempfile::TempDir, name: &str, text: &str) -> AirtableFiles {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    AirtableFiles {
        people: Some(path),
        ..AirtableFiles::default()
    }
}

fn by_address(store: &Store, address: &str) -> Person {
    store
        .person_by_email(&EmailAddress::parse(address).unwrap())
        .unwrap()
        .expect(address)
}

/// Jane was in kith; a file with two rows of her ("Jane Doe", "J. Doe") folded them into
/// one person, who matched her — and the store dropped "J. Doe" without a word. Now the
/// second name is her alias and the second row's notes are added after hers, each listed
/// in the report and in her /history, and /undo takes them back; importing the file
/// again adds nothing.
#[test]
fn a_second_name_for_someone_already_in_kith_became_nothing_instead_of_an_alias() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let first = people_file(
        &dir,
        "First.csv",
        "Name,Emails,Notes\nJane Doe,jane@acme.io,Met at the offsite.\n",
    );
    let read = airtable::read(
        &first,
        &Mapping::default(),
        &Closeness::default(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
    );
    store.import_batch(&read.batch, Commit::Yes).unwrap();
    let before = store.export_json().unwrap();

    let files = people_file(
        &dir,
        "People.csv",
        "Name,Emails,Notes\nJane Doe,jane@acme.io,Met at the offsite.\nJ. Doe,JANE@acme.io,Prefers mornings.\n",
    );
    let read = airtable::read(
        &files,
        &Mapping::default(),
        &Closeness::default(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
    );
    assert_eq!(read.batch.people.len(), 1, "{:#?}", read.problems);
    let dry = store.import_batch(&read.batch, Commit::DryRun).unwrap();
    assert_eq!((dry.people_created, dry.people_matched), (0, 1));
    let fields = [
        "Jane Doe: notes — added \"Prefers mornings.\"",
        "Jane Doe: alias \"J. Doe\" added",
    ];
    assert_eq!(dry.fields, fields);
    assert_eq!(
        store.export_json().unwrap(),
        before,
        "a dry run changes nothing"
    );

    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(report.fields, fields);
    let jane = by_address(&store, "jane@acme.io");
    assert_eq!(jane.aliases, "J. Doe");
    assert_eq!(jane.notes, "Met at the offsite.\n\nPrefers mornings.");
    let found = store.find("J. Doe", 5).unwrap();
    assert!(
        found.iter().any(|m| m.label.contains("Jane Doe")),
        "the alias finds her: {found:#?}"
    );
    let history = store.history_of(jane.id, 5, 0).unwrap();
    assert!(
        fields.iter().all(|f| history[0].summary.contains(f)),
        "{history:#?}"
    );

    let again = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert!(again.fields.is_empty(), "{:#?}", again.fields);

    store.undo_change(history[0].id).unwrap();
    assert_eq!(by_address(&store, "jane@acme.io").aliases, "");
    assert_eq!(
        store.export_json().unwrap(),
        before,
        "undo takes the alias back"
    );
}

/// Two cards of one file shared an address: on an empty database the store created the
/// first and counted the second as "matched", its other name and notes a conflict with
/// itself. Now the cards are one person, a problem names both cards, the second name is
/// an alias, its notes are added, and the counts are true: 1 new, 0 matched.
#[test]
fn two_vcards_sharing_an_address_counted_one_as_matched_on_an_empty_database() {
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\nNOTE:Met at the Analytical Society.\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada King\r\nEMAIL:ADA@example.org\r\nEMAIL:countess@example.org\r\nNOTE:Prefers letters.\r\nEND:VCARD\r\n";
    let read = kith::moving::import::vcard::read("two.vcf", cards);
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "two.vcf: card 2: ada@example.org is also in card 1 (\"Ada Lovelace\"): the two cards are one person; \"Ada King\" is kept as another name of theirs; this card's notes are added to theirs"
        ]
    );
    let mut store = Store::open_in_memory().unwrap();
    let dry = store.import_batch(&read.batch, Commit::DryRun).unwrap();
    assert_eq!((dry.people_created, dry.people_matched), (1, 0));
    assert!(
        dry.fields.is_empty(),
        "no conflict with itself: {:#?}",
        dry.fields
    );
    assert!(
        dry.summary(problems.len(), Commit::DryRun)
            .starts_with("would import: 1 people new, 0 matched;"),
    );
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!((report.people_created, report.people_matched), (1, 0));
    let ada = by_address(&store, "countess@example.org");
    assert_eq!(ada.name(), "Ada Lovelace");
    assert_eq!(ada.aliases, "Ada King");
    assert_eq!(
        ada.notes,
        "Met at the Analytical Society.\n\nPrefers letters."
    );
    assert_eq!(store.emails_of(ada.id).unwrap().len(), 2);
}

/// Two cards with one UID (no shared address) are one person too, said so.
#[test]
fn two_vcards_with_one_uid_were_one_person_matched_against_itself() {
    let cards = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:1\r\nFN:Grace Hopper\r\nEMAIL:grace@navy.mil\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:1\r\nFN:Amazing Grace\r\nEMAIL:grace@home.org\r\nEND:VCARD\r\n";
    let read = kith::moving::import::vcard::read("uid.vcf", cards);
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("uid.vcf: card 2: card 1 (\"Grace Hopper\") has the same id"),
        "{problems:#?}"
    );
    let mut store = Store::open_in_memory().unwrap();
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!((report.people_created, report.people_matched), (1, 0));
    assert_eq!(
        by_address(&store, "grace@home.org").aliases,
        "Amazing Grace"
    );
}

/// Google contacts: two rows with one address were "1 new, 1 matched" on an empty
/// database; now they are one person, the problem names both rows.
#[test]
fn two_google_contacts_sharing_an_address_counted_one_as_matched_on_an_empty_database() {
    let csv = "First Name,Last Name,Notes,E-mail 1 - Label,E-mail 1 - Value\n\
Sam,Roe,Neighbour,Home,sam@roe.net\n\
Samuel,Roe,Plays chess,Work,sam@roe.net\n";
    let read = kith::moving::import::google_contacts::read("contacts.csv", csv.as_bytes());
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "contacts.csv row 3: sam@roe.net is also in row 2 (\"Sam Roe\"): the two rows are one person; \"Samuel Roe\" is kept as another name of theirs; this row's notes are added to theirs"
        ]
    );
    let mut store = Store::open_in_memory().unwrap();
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!((report.people_created, report.people_matched), (1, 0));
    let sam = by_address(&store, "sam@roe.net");
    assert_eq!(
        (sam.aliases.as_str(), sam.notes.as_str()),
        ("Samuel Roe", "Neighbour\n\nPlays chess")
    );
}

/// LinkedIn: two profiles with one address were one person matched against itself; now
/// one person, both "connected on" lines kept, the problem at the file's own row.
#[test]
fn two_linkedin_connections_sharing_an_address_counted_one_as_matched_on_an_empty_database() {
    let csv = "Notes:\n\"An export note\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
Pat,Lee,https://www.linkedin.com/in/patlee,pat@lee.io,Globex,CTO,01 Feb 2023\n\
Patrick,Lee,https://www.linkedin.com/in/patrick-lee,pat@lee.io,Globex,CTO,02 Mar 2024\n";
    let read = kith::moving::import::linkedin::read("Connections.csv", csv.as_bytes());
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with(
            "Connections.csv row 6: pat@lee.io is also in row 5 (\"Pat Lee\"): the two rows are one person; \"Patrick Lee\" is kept as another name of theirs"
        ) && problems[0].ends_with("its LinkedIn differs, row 5's is kept"),
        "{problems:#?}"
    );
    let mut store = Store::open_in_memory().unwrap();
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!((report.people_created, report.people_matched), (1, 0));
    let pat = by_address(&store, "pat@lee.io");
    assert_eq!(pat.aliases, "Patrick Lee");
    assert_eq!(
        pat.notes,
        "2023-02-01: connected on LinkedIn\n2024-03-02: connected on LinkedIn"
    );
}

/// A name kith has, written another way ("Zoe Mueller", "ZOË MÜLLER" for Zoë Müller), is
/// no new alias, in the file or in kith: only a name they are not known by is added.
#[test]
fn another_spelling_of_the_name_kith_has_is_no_alias() {
    let mut store = Store::open_in_memory().unwrap();
    let first =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Müller\r\nEMAIL:zoe@example.org\r\nEND:VCARD\r\n";
    let read = kith::moving::import::vcard::read("first.vcf", first);
    store.import_batch(&read.batch, Commit::Yes).unwrap();
    let again = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoe Mueller\r\nEMAIL:zoe@example.org\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:ZOË MÜLLER\r\nEMAIL:zoe@example.org\r\nEND:VCARD\r\n";
    let read = kith::moving::import::vcard::read("again.vcf", again);
    assert_eq!(read.batch.people.len(), 1);
    assert!(
        read.batch.people[0].aliases.is_empty(),
        "{:?}",
        read.batch.people[0]
    );
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!((report.people_created, report.people_matched), (0, 1));
    assert!(report.fields.is_empty(), "{:#?}", report.fields);
    assert_eq!(by_address(&store, "zoe@example.org").aliases, "");
}
