//! `kith import vcard` never guesses between two people: a card with the addresses of two
//! people in kith is printed as a problem naming both, and nothing of it is written.

use kith::domain::model::{EmailAddress, EmailKind};
use kith::store::{NewPerson, Store};

use super::{kith, text};

#[test]
fn a_card_with_two_peoples_addresses_is_a_printed_problem_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    {
        let mut store = Store::open(&db).unwrap();
        for (name, address) in [
            ("Jürgen Klopp", "jk@lfc.com"),
            ("Max Mustermann", "mm@x.io"),
        ] {
            let mut person = NewPerson::named(name);
            person
                .emails
                .push((EmailAddress::parse(address).unwrap(), EmailKind::Work));
            store.create_person(&person).unwrap();
        }
    }
    let fingerprint = || Store::open(&db).unwrap().content_fingerprint().unwrap();
    let before = fingerprint();
    let mut card =
        String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nora Newcomer\r\nN:Newcomer;Nora;;;\r\n");
    for n in 0..300 {
        card.push_str(&format!("EMAIL:n{n}@new.io\r\n"));
    }
    card.push_str("EMAIL:jk@lfc.com\r\nEMAIL:mm@x.io\r\nEND:VCARD\r\n");
    let file = dir.path().join("nora.vcf");
    std::fs::write(&file, card).unwrap();
    let problem = format!(
        "{}: card 1: \"Nora Newcomer\" matches 2 people in kith: Jürgen Klopp (by jk@lfc.com), Max Mustermann (by mm@x.io); kith never guesses between two people, so nothing of this card was imported",
        file.display()
    );
    for (args, summary) in [
        (
            &["import", "vcard", "--dry-run"][..],
            "would import: 0 people new, 0 matched; 0 organizations new; 0 interactions new, 0 matched; 0 addresses new; 1 problem; nothing was changed",
        ),
        (
            &["import", "vcard"][..],
            "imported: 0 people new, 0 matched; 0 organizations new; 0 interactions new, 0 matched; 0 addresses new; 1 problem",
        ),
    ] {
        let mut args = args.to_vec();
        args.push(file.to_str().unwrap());
        let output = kith(&db, &args, &[]);
        assert!(output.status.success(), "{}", text(&output));
        let said = text(&output);
        assert!(said.contains(&problem), "{said}");
        assert!(said.contains(summary), "{said}");
        assert_eq!(fingerprint(), before, "{args:?} wrote nothing of the card");
    }
}
