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
            1. 2026-11-26 09:00 · import · Import: 0 people created, 1 matched; 2 fields · Zoë Müller: notes — kith has none, the file says "Met in Lisbon": filled · Zoë Müller: birthday — kith has none, the file says "1990-05-01 (36 years ago)": filled
            [↩ Undo 1] un:1
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
            1. 2026-11-26 09:00 · import · Import: 0 people created, 1 matched; 2 fields · Zoë Müller: notes — kith has none, the file says "Met in Lisbon": filled · Zoë Müller: birthday — kith has none, the file says "1990-05-01 (36 years ago)": filled (undone)
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

/// Issue 27: `kith import mbox` is an import like the others — one change, whatever its
/// parts — so `/undo` after it takes back the mail import (all of it), not an older
/// LinkedIn import; the next `/undo` takes back that one.
#[test]
fn undo_after_an_mbox_import_takes_back_the_mbox_import_not_an_older_one() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    let connections = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,,Acme,CTO,12 Mar 2024\n";
    let linkedin = kith::moving::import::linkedin::read("Connections.csv", connections.as_bytes());
    chat.store
        .import_batch(&linkedin.batch, Commit::Yes)
        .unwrap();
    let after_linkedin = chat.store.export_json().unwrap();
    let archive = "From me@work.io Thu Mar 05 10:00:00 2026\n\
From: Me <me@work.io>\nTo: Jane <jane@acme.io>\nSubject: Plans\nDate: Thu, 5 Mar 2026 10:00:00 +0100\nMessage-ID: <a1@work.io>\n\nHello\n\n\
From me@work.io Fri Mar 06 10:00:00 2026\n\
From: Me <me@work.io>\nTo: Alice Smith <alice@acme.io>\nSubject: Lunch\nDate: Fri, 6 Mar 2026 10:00:00 +0100\nMessage-ID: <a3@work.io>\n\nLunch?\n";
    let mut settings = chat.settings.clone();
    settings.my_emails = vec![EmailAddress::parse("me@work.io").unwrap()];
    let report = kith::mail::sync::import_mbox(
        &settings,
        &mut chat.store,
        "mbox:a.mbox",
        archive.as_bytes(),
        chat.now,
        |_| {},
    )
    .unwrap();
    assert_eq!(report.created, 2, "{}", report.line());
    check(
        &mut chat,
        "/history Alice Smith",
        expect![[r#"
            History of Alice Smith
            1. 2026-11-26 09:00 · import · Import: mail from a.mbox: 2 created, 0 updated
            [↩ Undo 1] un:2
            [Alice Smith ▸] p:2"#]],
    );
    check(
        &mut chat,
        "/undo",
        expect!["Undone: Import: mail from a.mbox: 2 created, 0 updated"],
    );
    assert_eq!(chat.store.export_json().unwrap(), after_linkedin);
    check(
        &mut chat,
        "/undo",
        expect!["Undone: Import: 1 person created, 0 matched"],
    );
    assert_eq!(chat.store.export_json().unwrap(), before);
    assert!(chat.store.health_problems().unwrap().is_empty());
}

/// A thread whose day gains a person in a later part of the same archive (parts are
/// 2,000 messages) is still one import that `/undo` takes back whole: the addresses
/// added to the interaction go with it.
#[test]
fn undo_takes_back_an_mbox_import_whose_thread_gained_people_in_a_later_part() {
    let mut chat = Chat::open();
    let before = chat.store.export_json().unwrap();
    let mut archive = String::from(
        "From me@work.io Thu Mar 05 10:00:00 2026\n\
From: Me <me@work.io>\nTo: Jane <jane@acme.io>\nSubject: Plans\nDate: Thu, 5 Mar 2026 10:00:00 +0100\nMessage-ID: <a1@work.io>\n\nHello\n\n",
    );
    // Received mail, none of it the owner's: it fills the first part and logs nothing.
    for n in 0..2_000 {
        archive.push_str(&format!(
            "From news@list.example Thu Mar 05 10:30:00 2026\n\
From: News <news@list.example>\nTo: Me <me@work.io>\nSubject: Issue {n}\nDate: Thu, 5 Mar 2026 10:30:00 +0100\nMessage-ID: <n{n}@list.example>\n\nNews\n\n"
        ));
    }
    archive.push_str(
        "From me@work.io Thu Mar 05 12:00:00 2026\n\
From: Me <me@work.io>\nTo: Jane <jane@acme.io>, Sam <sam@roe.example>\nSubject: Re: Plans\nDate: Thu, 5 Mar 2026 12:00:00 +0100\nMessage-ID: <a9@work.io>\nReferences: <a1@work.io>\n\nSam joins\n",
    );
    let mut settings = chat.settings.clone();
    settings.my_emails = vec![EmailAddress::parse("me@work.io").unwrap()];
    let report = kith::mail::sync::import_mbox(
        &settings,
        &mut chat.store,
        "mbox:a.mbox",
        archive.as_bytes(),
        chat.now,
        |_| {},
    )
    .unwrap();
    assert_eq!(
        (report.created, report.updated),
        (1, 1),
        "{}",
        report.line()
    );
    check(
        &mut chat,
        "/undo",
        expect!["Undone: Import: mail from a.mbox: 1 created, 1 updated"],
    );
    assert_eq!(chat.store.export_json().unwrap(), before);
    assert!(chat.store.health_problems().unwrap().is_empty());
}
