//! Every real-world vCard in the shared fixtures is read without a panic, and written
//! back unchanged when its fields are.

use kith::domain::card::text::{read, rewrite};
use kith::domain::card::{Field, PhoneKind};

use crate::support::fixtures::fixtures;

const MOBILE: Field = Field::Phone(PhoneKind::Mobile);

/// A file's cards: each from its BEGIN:VCARD to the next one.
fn cards(text: &str) -> Vec<&str> {
    let upper = text.to_ascii_uppercase();
    let mut starts: Vec<usize> = upper
        .match_indices("BEGIN:VCARD")
        .map(|(at, _)| at)
        .filter(|at| *at == 0 || upper.as_bytes()[at - 1] == b'\n')
        .collect();
    starts.push(text.len());
    starts.windows(2).map(|w| &text[w[0]..w[1]]).collect()
}

#[test]
fn every_shared_vcard_reads_and_round_trips() {
    let Some(folder) = fixtures("vcard") else {
        return;
    };
    let mut read_cards = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for card in cards(&text) {
            let label = path.display();
            match read(card, Some("US")) {
                Ok(read_card) => {
                    read_cards += 1;
                    let written = rewrite(card, &read_card.fields, Some("US"));
                    assert_eq!(written, card, "{label}: rewritten unchanged");
                    let mut fields = read_card.fields.clone();
                    fields.set(Field::Title, "Changed");
                    fields.push(MOBILE, "+4917099999999");
                    let changed = rewrite(card, &fields, Some("US"));
                    assert_eq!(
                        read(&changed, Some("US")).unwrap().fields,
                        fields,
                        "{label}"
                    );
                }
                Err(problem) => panic!("{label}: {problem}"),
            }
        }
    }
    assert!(read_cards >= 18, "{read_cards} cards read");
}
