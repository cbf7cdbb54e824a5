//! A card's vCard text as kith reads and writes it (vCard 3.0 and 4.0; 2.1 as well as
//! it goes): `read` takes the synced fields out of a card, `rewrite` writes new values
//! into it touching only the lines of fields that changed, `new_card` writes a card for
//! a person the address book does not have. Every line kith does not model — unknown
//! properties, X- fields, groups, a folded PHOTO — stays byte for byte in its place.

mod fields;
mod lines;
mod values;
mod write;

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

impl std::fmt::Display for CardProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => f.write_str(&self.reason),
            line => write!(f, "line {line}: {}", self.reason),
        }
    }
}

impl std::error::Error for CardProblem {}

/// Reads a card. `region` is the owner's phone region (national numbers to E.164).
/// An address or a number kith cannot read is no field (and `rewrite` leaves its line
/// alone); of a property a card should have once, the first counts.
pub fn read(text: &str, region: Option<&str>) -> Result<CardText, CardProblem> {
    let card = lines::card(text)?;
    let reading = fields::read(&card, region);
    Ok(CardText {
        uid: reading.uid,
        fields: reading.fields,
        name: reading.name,
    })
}

/// The card's text with the `fields` written: every line of a field whose value is
/// unchanged, and every line kith does not model, kept byte for byte. A text that is no
/// card (`read` says why) is returned as it is.
pub fn rewrite(text: &str, fields: &CardFields, region: Option<&str>) -> String {
    let Ok(card) = lines::card(text) else {
        return text.to_owned();
    };
    let reading = fields::read(&card, region);
    write::rewrite(&card, &reading, fields)
}

/// A new card (vCard 3.0) with `uid` and the `fields`.
pub fn new_card(uid: &str, fields: &CardFields) -> String {
    let skeleton = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//kith//EN\r\n{}N:;;;;\r\nFN:\r\nEND:VCARD\r\n",
        values::fold(&format!("UID:{}", values::escape(uid)), "\r\n")
    );
    rewrite(&skeleton, fields, None)
}

/// The `fields` as a card gives them back: what `read` says of a card `rewrite` wrote
/// them into — values trimmed, emails lower-cased, numbers without spaces, a name shown
/// that is only "given family" left out. kith's side compared with a card's in this
/// form differs only where a value really differs.
pub fn as_on_card(fields: &CardFields) -> CardFields {
    read(&new_card("", fields), None).map_or_else(|_| fields.clone(), |card| card.fields)
}

#[cfg(test)]
mod tests;
