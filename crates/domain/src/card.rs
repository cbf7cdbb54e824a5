//! A person as an address book card holds them: the fields kith keeps in step with a
//! CardDAV card (`Field`), their values on one side (`CardFields`), and the three-way
//! merge of the card's values, kith's and the values both had at the last sync
//! (`merge`): a field changed on one side only goes to the other, a field changed on
//! both to different values is a `Conflict` the owner is asked about, never guessed.
//! `text` reads a card's fields from its vCard text and writes new values into it,
//! leaving every line kith does not model byte for byte as it was.

pub mod text;

use std::collections::BTreeMap;
use std::fmt;

use crate::model::EmailKind;

/// The kind of a phone number, as the store keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PhoneKind {
    Mobile,
    Work,
    Home,
    Other,
}

impl PhoneKind {
    pub const ALL: [PhoneKind; 4] = [
        PhoneKind::Mobile,
        PhoneKind::Work,
        PhoneKind::Home,
        PhoneKind::Other,
    ];

    /// The text the store keeps (`phones.kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            PhoneKind::Mobile => "mobile",
            PhoneKind::Work => "work",
            PhoneKind::Home => "home",
            PhoneKind::Other => "other",
        }
    }

    /// The kind stored as `text`; anything else is `Other`.
    pub fn from_stored(text: &str) -> PhoneKind {
        match text {
            "mobile" => PhoneKind::Mobile,
            "work" => PhoneKind::Work,
            "home" => PhoneKind::Home,
            _ => PhoneKind::Other,
        }
    }
}

/// One field kith keeps in step with a card. Emails and phones are one field per kind,
/// so "Ana's mobile" changed on both sides is one question, and a work address added on
/// the phone while kith added a personal one is no question at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    GivenName,
    FamilyName,
    /// The name shown (vCard `FN`) when it is not "given family".
    DisplayName,
    Email(EmailKind),
    Phone(PhoneKind),
    /// `YYYY-MM-DD` or `--MM-DD`, as `contact::Birthday::stored` writes it.
    Birthday,
    Organization,
    Title,
    /// The first paragraph of kith's note, kept on the card in a marked block.
    Note,
}

impl Field {
    /// Every field, in the order questions and reports list them.
    pub fn all() -> Vec<Field> {
        let mut all = vec![Field::GivenName, Field::FamilyName, Field::DisplayName];
        all.extend([EmailKind::Work, EmailKind::Personal, EmailKind::Other].map(Field::Email));
        all.extend(PhoneKind::ALL.map(Field::Phone));
        all.extend([
            Field::Birthday,
            Field::Organization,
            Field::Title,
            Field::Note,
        ]);
        all
    }

    /// The stable text a field is stored under ("phone:mobile").
    pub fn key(self) -> String {
        match self {
            Field::GivenName => "given".into(),
            Field::FamilyName => "family".into(),
            Field::DisplayName => "display".into(),
            Field::Email(kind) => format!("email:{}", kind.as_str()),
            Field::Phone(kind) => format!("phone:{}", kind.as_str()),
            Field::Birthday => "birthday".into(),
            Field::Organization => "organization".into(),
            Field::Title => "title".into(),
            Field::Note => "note".into(),
        }
    }

    /// The field stored under `key`.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::all().into_iter().find(|field| field.key() == key)
    }

    /// Whether its value is a set, one item per line (emails and phones).
    pub fn is_list(self) -> bool {
        matches!(self, Field::Email(_) | Field::Phone(_))
    }

    /// How a question or a change names it: "mobile", "work email", "birthday".
    pub fn in_words(self) -> String {
        match self {
            Field::GivenName => "given name".into(),
            Field::FamilyName => "family name".into(),
            Field::DisplayName => "name shown".into(),
            Field::Email(EmailKind::Other) => "email".into(),
            Field::Email(kind) => format!("{} email", kind.as_str()),
            Field::Phone(PhoneKind::Mobile) => "mobile".into(),
            Field::Phone(PhoneKind::Other) => "phone".into(),
            Field::Phone(kind) => format!("{} phone", kind.as_str()),
            Field::Birthday => "birthday".into(),
            Field::Organization => "organization".into(),
            Field::Title => "title".into(),
            Field::Note => "note".into(),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

/// One side's values of the synced fields. A field absent and a field empty are the
/// same; a list field's value is its items sorted, one per line (`set_list`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardFields(BTreeMap<Field, String>);

impl CardFields {
    pub fn new() -> CardFields {
        CardFields::default()
    }

    /// The value of `field` ("" when it has none).
    pub fn get(&self, field: Field) -> &str {
        self.0.get(&field).map(String::as_str).unwrap_or("")
    }

    /// A list field's items.
    pub fn items(&self, field: Field) -> Vec<&str> {
        self.get(field).lines().filter(|l| !l.is_empty()).collect()
    }

    /// Sets one field; an empty (or blank) value removes it.
    pub fn set(&mut self, field: Field, value: impl Into<String>) {
        let value = value.into();
        if value.trim().is_empty() {
            self.0.remove(&field);
        } else {
            self.0.insert(field, value);
        }
    }

    /// Sets a list field from its items: trimmed, sorted, each once.
    pub fn set_list<'a>(&mut self, field: Field, items: impl IntoIterator<Item = &'a str>) {
        let mut items: Vec<&str> = items
            .into_iter()
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .collect();
        items.sort_unstable();
        items.dedup();
        self.set(field, items.join("\n"));
    }

    /// Adds one item to a list field.
    pub fn push(&mut self, field: Field, item: &str) {
        let mut items: Vec<String> = self.items(field).into_iter().map(str::to_owned).collect();
        items.push(item.to_owned());
        self.set_list(field, items.iter().map(String::as_str));
    }

    /// The fields with a value, in `Field`'s order.
    pub fn iter(&self) -> impl Iterator<Item = (Field, &str)> {
        self.0.iter().map(|(f, v)| (*f, v.as_str()))
    }

    /// The fields whose values differ between the two.
    pub fn differing(&self, other: &CardFields) -> Vec<Field> {
        let mut fields: Vec<Field> = self.0.keys().chain(other.0.keys()).copied().collect();
        fields.sort_unstable();
        fields.dedup();
        fields.retain(|f| self.get(*f) != other.get(*f));
        fields
    }

    /// The stored form: one `key<TAB>value` per field, a value's newlines and
    /// backslashes escaped (`\n`, `\\`). `parse` reads it back.
    pub fn stored(&self) -> String {
        self.0
            .iter()
            .map(|(field, value)| {
                let value = value.replace('\\', "\\\\").replace('\n', "\\n");
                format!("{}\t{value}", field.key())
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Reads `stored`'s text back; a line naming no field is an error naming it.
    pub fn parse(text: &str) -> Result<CardFields, String> {
        let mut fields = CardFields::new();
        for line in text.lines().filter(|l| !l.is_empty()) {
            let (key, value) = line
                .split_once('\t')
                .ok_or_else(|| format!("no tab in {line:?}"))?;
            let field = Field::from_key(key).ok_or_else(|| format!("no field {key:?}"))?;
            let mut out = String::with_capacity(value.len());
            let mut chars = value.chars();
            while let Some(c) = chars.next() {
                match (c, c == '\\') {
                    (_, true) => match chars.next() {
                        Some('n') => out.push('\n'),
                        Some(other) => out.push(other),
                        None => out.push('\\'),
                    },
                    (c, false) => out.push(c),
                }
            }
            fields.set(field, out);
        }
        Ok(fields)
    }
}

/// A field changed on both sides since the last sync, to different values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub field: Field,
    /// The card's value (what the phone says).
    pub card: String,
    /// kith's value.
    pub kith: String,
}

/// What the three-way merge decided.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// Fields kith takes from the card (changed on the phone only), each with the value
    /// kith gets ("" when the card cleared it).
    pub to_kith: Vec<(Field, String)>,
    /// The fields to write on the card: kith's changes (changed in kith only).
    pub to_card: Vec<Field>,
    /// Fields changed on both sides to different values: asked, neither side written.
    pub conflicts: Vec<Conflict>,
    /// What both sides agree on after the merge — the new "as last synced" for every
    /// field but the conflicting ones, which keep their old value so they stay asked.
    pub synced: CardFields,
}

impl Merged {
    pub fn changes_nothing(&self) -> bool {
        self.to_kith.is_empty() && self.to_card.is_empty()
    }
}

/// The three-way merge of one card: `base` as both sides were at the last sync (empty for
/// a card never synced), `card` as the address book has it now, `kith` as kith has it.
/// Per field: unchanged on the card → kith's value wins (written to the card if it
/// moved); unchanged in kith → the card's wins (taken into kith); changed on both to
/// the same value → nothing to do; to different values → a `Conflict`. A list field
/// changed on both sides merges item by item when at most one side took an item away
/// (one side added a number, the other added or removed another), and is a conflict
/// when both did (the mobile replaced on the phone and in kith).
pub fn merge(base: &CardFields, card: &CardFields, kith: &CardFields) -> Merged {
    let mut merged = Merged::default();
    let mut fields: Vec<Field> = base
        .0
        .keys()
        .chain(card.0.keys())
        .chain(kith.0.keys())
        .copied()
        .collect();
    fields.sort_unstable();
    fields.dedup();
    for field in fields {
        let (was, on_card, in_kith) = (base.get(field), card.get(field), kith.get(field));
        let agreed = if on_card == in_kith {
            Some(on_card.to_owned())
        } else if on_card == was {
            merged.to_card.push(field);
            Some(in_kith.to_owned())
        } else if in_kith == was {
            merged.to_kith.push((field, on_card.to_owned()));
            Some(on_card.to_owned())
        } else if field.is_list() {
            merge_items(was, on_card, in_kith)
        } else {
            None
        };
        match agreed {
            Some(value) => {
                // A list merged item by item goes to each side that does not have it yet.
                if field.is_list() && on_card != in_kith && on_card != was && in_kith != was {
                    if value != on_card {
                        merged.to_card.push(field);
                    }
                    if value != in_kith {
                        merged.to_kith.push((field, value.clone()));
                    }
                }
                merged.synced.set(field, value);
            }
            None => {
                merged.conflicts.push(Conflict {
                    field,
                    card: on_card.to_owned(),
                    kith: in_kith.to_owned(),
                });
                merged.synced.set(field, was);
            }
        }
    }
    merged
}

/// Both sides' changes to one list applied together, when no item was added on one side
/// and removed on the other — and when the field cannot hold two, a conflict (`None`).
fn merge_items(was: &str, on_card: &str, in_kith: &str) -> Option<String> {
    let set = |text: &str| -> std::collections::BTreeSet<String> {
        text.lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (was, card, kith) = (set(was), set(on_card), set(in_kith));
    let card_removed: Vec<&String> = was.difference(&card).collect();
    let kith_removed: Vec<&String> = was.difference(&kith).collect();
    // Both sides took something away (the mobile replaced on both): asked.
    if !card_removed.is_empty() && !kith_removed.is_empty() {
        return None;
    }
    let mut result: std::collections::BTreeSet<String> = card.union(&kith).cloned().collect();
    for gone in card_removed.iter().chain(kith_removed.iter()) {
        result.remove(*gone);
    }
    Some(result.into_iter().collect::<Vec<_>>().join("\n"))
}

#[cfg(test)]
mod tests;
