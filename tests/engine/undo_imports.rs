//! An import that only fills fields of people kith has is one recorded change: /history
//! shows it with what it filled, and /undo takes all of it back.

use expect_test::expect;
use kith::store::Commit;

use super::*;

/// Zoë is matched by her address; the card fills her notes, birthday and number. The
/// import is on her /history, /undo takes it back (her card is as it was), and the
/// change reads as undone.
#[test]
fn a_field_filling_import_is_one_change_in_history_that_undo_takes_back() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Müller\r\nEMAIL:zoe@gmail.com\r\nNOTE:Met in Lisbon\r\nBDAY:1990-05-01\r\nTEL:+49 170 1234567\r\nEND:VCARD\r\n";
    let batch = kith::moving::import::vcard::read("zoe.vcf", card).batch;
    let recorded = chat.store.content_fingerprint().unwrap();
    chat.store.import_batch(&batch, Commit::DryRun).unwrap();
    assert_eq!(
        chat.store.content_fingerprint().unwrap(),
        recorded,
        "a dry run records nothing"
    );
    let report = chat.store.import_batch(&batch, Commit::Yes).unwrap();
    assert_eq!((report.people_created, report.people_matched), (0, 1));
    assert_ne!(chat.store.export_json().unwrap(), before);
    check(
        &mut chat,
        "/history Zoë",
        expect![[r#"
            History of Zoë Müller
            2026-11-26 09:00 · import · Import: 0 people created, 1 matched; 2 fields · Zoë Müller: notes — kith has none, the file says "Met in Lisbon": filled · Zoë Müller: birthday — kith has none, the file says "1990-05-01 (36 years ago)": filled
            [Zoë Müller ▸] p:4"#]],
    );
    check(
        &mut chat,
        "/undo",
        expect![[
            r#"Undone: Import: 0 people created, 1 matched; 2 fields · Zoë Müller: notes — kith has none, the file says "Met in Lisbon": filled · Zoë Müller: birthday — kith has none, the file says "1990-05-01 (36 years ago)": filled"#
        ]],
    );
    assert_eq!(
        chat.store.export_json().unwrap(),
        before,
        "everything the import filled is taken back"
    );
    assert!(chat.store.health_problems().unwrap().is_empty());
    check(
        &mut chat,
        "/history Zoë",
        expect![[r#"
            History of Zoë Müller
            2026-11-26 09:00 · import · Import: 0 people created, 1 matched; 2 fields · Zoë Müller: notes — kith has none, the file says "Met in Lisbon": filled · Zoë Müller: birthday — kith has none, the file says "1990-05-01 (36 years ago)": filled (undone)
            [Zoë Müller ▸] p:4"#]],
    );
    // Importing the same file again changes nothing the second time, and records nothing.
    chat.store.import_batch(&batch, Commit::Yes).unwrap();
    let filled = chat.store.content_fingerprint().unwrap();
    let again = chat.store.import_batch(&batch, Commit::Yes).unwrap();
    assert_eq!(again.people_matched, 1);
    assert_eq!(chat.store.content_fingerprint().unwrap(), filled);
}

/// An import that also creates people and addresses is taken back whole by /undo: the
/// people it created are gone, the one it completed is as she was.
#[test]
fn undo_takes_back_a_whole_import_with_the_people_it_created() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Müller\r\nEMAIL:zoe@gmail.com\r\nNOTE:Met in Lisbon\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@lee.example\r\nTEL:+49 170 7654321\r\nORG:Lee Labs\r\nCATEGORIES:Climbing\r\nEND:VCARD\r\n";
    let batch = kith::moving::import::vcard::read("two.vcf", cards).batch;
    let report = chat.store.import_batch(&batch, Commit::Yes).unwrap();
    assert_eq!((report.people_created, report.people_matched), (1, 1));
    check(
        &mut chat,
        "/undo",
        expect![[
            r#"Undone: Import: 1 person created, 1 matched; 1 field · Zoë Müller: notes — kith has none, the file says "Met in Lisbon": filled"#
        ]],
    );
    assert_eq!(chat.store.export_json().unwrap(), before);
    assert!(chat.store.health_problems().unwrap().is_empty());
    check(
        &mut chat,
        "/undo",
        expect!["Nothing to undo: you have made no change here that is not undone already."],
    );
}

/// An Airtable import where one new row's "Introduced By" names another new row: the
/// link is written after both are created, and /undo still takes all of it back.
#[test]
fn an_airtable_import_whose_rows_introduce_each_other_is_undone() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("People.csv");
    std::fs::write(
        &people,
        "Name,Emails,Introduced By\nBob Stone,bob@x.io,\nAl X,al@x.io,Bob Stone\n",
    )
    .unwrap();
    let files = kith::moving::import::airtable::AirtableFiles {
        people: Some(people),
        ..Default::default()
    };
    let read = kith::moving::import::airtable::read(
        &files,
        &kith::moving::import::airtable::Mapping::default(),
        &kith::domain::closeness::Closeness::default(),
        day("2026-11-26"),
    );
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let report = chat.store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(report.people_created, 2);
    check(
        &mut chat,
        "/undo",
        expect!["Undone: Import: 2 people created, 0 matched"],
    );
    assert_eq!(chat.store.export_json().unwrap(), before);
    // The introducer in a later row than the one they introduced: undone alike.
    std::fs::write(
        files.people.as_ref().unwrap(),
        "Name,Emails,Introduced By\nAl X,al@x.io,Bob Stone\nBob Stone,bob@x.io,\n",
    )
    .unwrap();
    let read = kith::moving::import::airtable::read(
        &files,
        &kith::moving::import::airtable::Mapping::default(),
        &kith::domain::closeness::Closeness::default(),
        day("2026-11-26"),
    );
    chat.store.import_batch(&read.batch, Commit::Yes).unwrap();
    check(
        &mut chat,
        "/undo",
        expect!["Undone: Import: 2 people created, 0 matched"],
    );
    assert_eq!(chat.store.export_json().unwrap(), before);
}
