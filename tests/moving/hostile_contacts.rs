//! Messy and hostile contact files (issue 27): every cap is a located problem, large
//! cards import in linear time, and what kith writes out is always well-formed.

use kith::moving::import::vcard::{read, read_at_most};
use kith::store::{Commit, NewPerson, Store};

/// A name and a note with a lone CR and a NUL go out as one content line each: the CR
/// as `\n`, the NUL left out, and the file reads back to the same person.
#[test]
fn vcard_export_escapes_cr_and_never_writes_nul() {
    let mut store = Store::open_in_memory().unwrap();
    let mut new = NewPerson::named("Ann\rLee\0");
    new.notes = "first\rsecond\0third\r\n".to_owned();
    store.create_person(&new).unwrap();
    let export = store.export_json().unwrap();
    let people = export["tables"]["people"].to_string();
    assert!(
        people.contains("\\r") && people.contains("\\u0000"),
        "the store keeps both: {people}"
    );
    let vcards = kith::moving::export::vcards(&export);
    assert!(!vcards.contains('\0'), "{vcards:?}");
    for line in vcards.split("\r\n") {
        assert!(!line.contains('\r') && !line.contains('\n'), "{line:?}");
    }
    assert!(
        vcards.contains("NOTE:first\\nsecondthird\r\n"),
        "{vcards:?}"
    );
    let back = read("out.vcf", &vcards);
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!(back.batch.people.len(), 1);
    assert_eq!(back.batch.people[0].notes, "first\nsecondthird");
}

/// 100,001 cards: the first 100,000 are read, and the one left out is a problem naming
/// the file, the card and its line, not "0 problems".
#[test]
fn reaching_the_vcard_card_cap_is_a_located_problem() {
    let cards: String = (0..100_001)
        .map(|n| format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P{n}\r\nEND:VCARD\r\n"))
        .collect();
    let read = read("many.vcf", &cards);
    assert_eq!(read.cards, 100_000);
    assert_eq!(read.batch.people.len(), 100_000);
    let shown: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "many.vcf: line 400001: a file is read up to 100000 cards: card 100001 and every one after it were not imported"
        ]
    );
    // Exactly at the cap nothing is cut.
    let (_, exact) = cards.split_once("END:VCARD\r\n").unwrap();
    assert!(
        read_at_most("exact.vcf", exact, 100_000)
            .problems
            .is_empty()
    );
}

/// The reader also stops after twice its cap of entries of any kind (unreadable lines
/// among them): that is a located problem too.
#[test]
fn reaching_the_vcard_entry_cap_is_a_located_problem() {
    let text = "junk\r\njunk\r\njunk\r\njunk\r\njunk\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n";
    let read = read_at_most("junk.vcf", text, 2);
    assert_eq!(read.cards, 0);
    let last = read.problems.last().map(ToString::to_string);
    assert_eq!(
        last.as_deref(),
        Some(
            "junk.vcf: line 6: a file is read up to 4 entries (cards, unreadable lines, calendars): card 1 and everything after it were not imported"
        )
    );
}

#[allow(dead_code)]
fn imported(text: &str) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store
        .import_batch(&read("cards.vcf", text).batch, Commit::Yes)
        .unwrap();
    store
}
