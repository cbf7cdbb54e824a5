//! A card's vCard text as kith reads and writes it. SKELETON: to be written.

use super::CardFields;

/// What kith reads of a card's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardText {
    /// The card's `UID` ("" when it has none).
    pub uid: String,
    /// The synced fields' values on the card.
    pub fields: CardFields,
    /// The name the card shows (`FN`, else `N`'s parts), for messages.
    pub name: String,
}

/// Why a card's text cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardProblem {
    /// The 1-based line of the card's text it is on (0: the card as a whole).
    pub line: usize,
    pub reason: String,
}

/// Reads a card. `region` is the owner's phone region (national numbers to E.164).
pub fn read(text: &str, region: Option<&str>) -> Result<CardText, CardProblem> {
    let _ = (text, region);
    Err(CardProblem {
        line: 0,
        reason: "SKELETON".into(),
    })
}

/// The card's text with the `fields` written: every line of a field whose value is
/// unchanged, and every line kith does not model, kept byte for byte.
pub fn rewrite(text: &str, fields: &CardFields, region: Option<&str>) -> String {
    let _ = (fields, region);
    text.to_owned()
}

/// A new card (vCard 3.0) with `uid` and the `fields`.
pub fn new_card(uid: &str, fields: &CardFields) -> String {
    let _ = fields;
    format!("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nEND:VCARD\r\n")
}
