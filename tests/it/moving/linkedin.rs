//! LinkedIn's Connections.csv: the real export's shape (notes before the header, a BOM,
//! quoted commas, empty addresses, `12 Mar 2024`), matched by address then profile URL,
//! never by name; a new company makes the old one former; importing again changes nothing.

use kith::domain::model::{EmailAddress, EmailKind};
use kith::moving::import::linkedin::read;
use kith::store::{Commit, EmploymentStatus, NewPerson, Store};

use super::*;

const EXPORT: &str = "\u{feff}Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more about this setting here: https://www.linkedin.com/help/linkedin/answer/a567045\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nJane,Doe,https://www.linkedin.com/in/Jane-Doe/,jane@acme.io,\"Stripe, Inc.\",Head of Product,12 Mar 2024\nPat,Lee,https://www.linkedin.com/in/patlee,,Globex,CTO,01 Feb 2023\nSam,Roe,https://www.linkedin.com/in/samroe2,,Initech,,05 May 2022\n,,,,,,10 Jan 2020\n";

#[test]
fn connections_match_by_address_then_profile_never_by_name() {
    let mut store = Store::open_in_memory().unwrap();
    // Jane by her address; Pat by his profile; a different Sam Roe already in kith.
    let mut jane = NewPerson::named("Jane Doe");
    jane.emails.push((
        EmailAddress::parse("jane@acme.io").unwrap(),
        EmailKind::Work,
    ));
    let jane = store.create_person(&jane).unwrap();
    let old = store.create_organization("Acme").unwrap();
    store
        .set_employment(jane, old, Some("PM"), EmploymentStatus::Current)
        .unwrap();
    let mut pat = NewPerson::named("Patrick Lee");
    pat.linkedin_url = Some("https://linkedin.com/in/PatLee".into());
    let pat = store.create_person(&pat).unwrap();
    let other_sam = store.create_person(&NewPerson::named("Sam Roe")).unwrap();

    let read = read("Connections.csv", EXPORT.as_bytes());
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        ["Connections.csv row 8, column \"First Name\": a connection with no name was skipped"]
    );
    let dry = store.import_batch(&read.batch, Commit::DryRun).unwrap();
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(dry, report);
    assert_eq!((report.people_created, report.people_matched), (1, 2));

    let jane_now = store.person(jane).unwrap();
    assert_eq!(
        jane_now.linkedin_url.as_deref(),
        Some("https://www.linkedin.com/in/jane-doe")
    );
    let jobs: Vec<(String, Option<String>, EmploymentStatus)> = store
        .employment_of(jane)
        .unwrap()
        .into_iter()
        .map(|j| (j.organization, j.title, j.status))
        .collect();
    assert_eq!(
        jobs,
        [
            (
                "Stripe, Inc.".to_owned(),
                Some("Head of Product".to_owned()),
                EmploymentStatus::Current
            ),
            (
                "Acme".to_owned(),
                Some("PM".to_owned()),
                EmploymentStatus::Former
            ),
        ]
    );
    assert!(jane_now.notes.contains("2024-03-12: connected on LinkedIn"));
    let pats_jobs: Vec<String> = store
        .employment_of(pat)
        .unwrap()
        .into_iter()
        .map(|j| j.organization)
        .collect();
    assert_eq!(pats_jobs, ["Globex"]);
    // The Sam Roe on LinkedIn is not the Sam Roe in kith: a second person.
    let sams = store.find_people_by_name("Sam Roe", 5).unwrap();
    assert_eq!(sams.len(), 2);
    assert!(store.person(other_sam).unwrap().linkedin_url.is_none());

    let before = store.export_json().unwrap();
    let again = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert!(again.fields.is_empty(), "{:?}", again.fields);
    assert_eq!(again.people_created, 0);
    assert_eq!(
        store.export_json().unwrap(),
        before,
        "importing again changes nothing"
    );
}

#[test]
fn the_real_connections_fixture_imports_every_row_or_says_why() {
    let Some(folder) = fixtures("linkedin") else {
        return;
    };
    let bytes = std::fs::read(folder.join("Connections.csv")).unwrap();
    let rows = String::from_utf8_lossy(&bytes).lines().count() - 1;
    let read = read("Connections.csv", &bytes);
    // Every data row is a person, or a located problem says why it is not.
    let duplicates = read
        .problems
        .iter()
        .filter(|p| p.message.contains("also row"))
        .count();
    assert_eq!(
        read.batch.people.len() + duplicates,
        rows,
        "{:?}",
        read.problems.first()
    );
    assert!(
        read.problems
            .iter()
            .all(|p| p.row.is_some() && p.column.is_some())
    );
    let mut store = Store::open_in_memory().unwrap();
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(report.people_created, read.batch.people.len());
    let before = store.export_json().unwrap();
    store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(store.export_json().unwrap(), before);
}

#[test]
fn the_other_files_of_a_linkedin_export_are_refused_with_a_message_naming_connections() {
    let Some(folder) = fixtures("linkedin") else {
        return;
    };
    let mut others = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "Connections.csv" {
            continue;
        }
        others += 1;
        let read = read(&name, &std::fs::read(&path).unwrap());
        assert!(read.batch.people.is_empty(), "{name}");
        assert_eq!(read.problems.len(), 1, "{name}: {:?}", read.problems);
        assert!(
            read.problems[0]
                .to_string()
                .contains("is this LinkedIn's Connections.csv?"),
            "{name}: {}",
            read.problems[0]
        );
    }
    assert!(others >= 2, "Invitations.csv and Messages.csv are there");
}

/// A new position at the same company is listed like a new company (and taken: LinkedIn
/// says where they work now), and the dated "connected on LinkedIn" line is added after
/// the notes kith has — once; the name LinkedIn shows ("Pat Lee") is an alias of the
/// Patrick Lee kith has: importing again adds and lists nothing.
#[test]
fn linkedin_lists_title_changes_and_appends_its_connected_note_once() {
    let mut store = Store::open_in_memory().unwrap();
    let mut jane = NewPerson::named("Jane Doe");
    jane.notes = "Met at a conference".into();
    jane.emails.push((
        EmailAddress::parse("jane@acme.io").unwrap(),
        EmailKind::Work,
    ));
    let jane = store.create_person(&jane).unwrap();
    let stripe = store.create_organization("Stripe, Inc.").unwrap();
    store
        .set_employment(jane, stripe, Some("PM"), EmploymentStatus::Current)
        .unwrap();
    let mut pat = NewPerson::named("Patrick Lee");
    pat.linkedin_url = Some("https://linkedin.com/in/PatLee".into());
    let pat = store.create_person(&pat).unwrap();
    let globex = store.create_organization("Globex").unwrap();
    store
        .set_employment(pat, globex, None, EmploymentStatus::Current)
        .unwrap();

    let read = read("Connections.csv", EXPORT.as_bytes());
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        report.fields,
        [
            "Jane Doe: LinkedIn — kith has none, the file says \"https://www.linkedin.com/in/jane-doe\": filled",
            "Jane Doe: notes — added \"2024-03-12: connected on LinkedIn\"",
            "Jane Doe: title at Stripe, Inc. differs: took the file's \"Head of Product\" (kith had \"PM\")",
            "Patrick Lee: alias \"Pat Lee\" added",
            "Patrick Lee: notes — added \"2023-02-01: connected on LinkedIn\"",
            "Patrick Lee: title at Globex — kith has none, the file says \"CTO\": filled",
        ]
    );
    assert_eq!(
        store.person(jane).unwrap().notes,
        "Met at a conference\n2024-03-12: connected on LinkedIn"
    );
    let titles = |person| -> Vec<Option<String>> {
        store
            .employment_of(person)
            .unwrap()
            .into_iter()
            .map(|j| j.title)
            .collect()
    };
    assert_eq!(titles(jane), [Some("Head of Product".to_owned())]);
    assert_eq!(titles(pat), [Some("CTO".to_owned())]);

    let before = store.export_json().unwrap();
    let again = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert!(again.fields.is_empty(), "{:?}", again.fields);
    assert_eq!(store.export_json().unwrap(), before, "nothing twice");
}

/// Issue 27: a column of Connections.csv nothing reads is listed on the header's row as
/// the file shows it (LinkedIn's notes before the header counted), never dropped.
#[test]
fn a_linkedin_column_nothing_reads_is_listed() {
    let file = "Notes:\n\"When exporting your connection data, you may notice …\"\n\n\
First Name,Last Name,URL,Email Address,Company,Position,Connected On,Secret Column\n\
Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,,Acme,CTO,12 Mar 2024,hidden value\n";
    let read = read("Connections.csv", file.as_bytes());
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let unread: Vec<String> = read.unread.iter().map(ToString::to_string).collect();
    assert_eq!(
        unread,
        [
            "Connections.csv row 4, column \"Secret Column\": not read (its values were left out): no field of kith's reads it"
        ]
    );
    assert_eq!(read.batch.people.len(), 1);
}
