//! The synced fields read from a card's lines: names, emails and numbers by kind
//! (normalised; one kith cannot read is no field), birthday, organization, title and
//! kith's marked part of the note — and which line holds which email or number, so a
//! rewrite touches only those.

use super::lines::{Card, Line, Version};
use super::values::{components, unescape};
use crate::card::{CardFields, Field, PhoneKind};
use crate::contact::{Birthday, normalize_phone};
use crate::model::{EmailAddress, EmailKind, shown_name};

/// The line inside a card's NOTE after which kith's note begins.
pub(super) const NOTE_MARKER: &str = "— kith —";

/// What a card's lines say.
pub(super) struct Reading {
    pub uid: String,
    pub fields: CardFields,
    /// The name the card shows.
    pub name: String,
    /// Which line holds which item of a list field: (line, field, item).
    pub items: Vec<(usize, Field, String)>,
}

/// The first line of `name`'s value, unescaped and trimmed ("" when there is none).
pub(super) fn first_text(card: &Card, name: &str) -> String {
    card.first(name)
        .map(|at| unescape(&card.lines[at].value).trim().to_owned())
        .unwrap_or_default()
}

/// The first line of `name`'s value, its `index`th component unescaped and trimmed.
fn first_component(card: &Card, name: &str, index: usize) -> String {
    card.first(name)
        .and_then(|at| {
            components(&card.lines[at].value)
                .get(index)
                .map(|c| unescape(c).trim().to_owned())
        })
        .unwrap_or_default()
}

pub(super) fn read(card: &Card, region: Option<&str>) -> Reading {
    let mut fields = CardFields::new();
    let family = first_component(card, "N", 0);
    let given = first_component(card, "N", 1);
    let formatted = first_text(card, "FN");
    let composed = shown_name(&given, &family, None);
    if formatted != composed {
        fields.set(Field::DisplayName, formatted.clone());
    }
    fields.set(Field::GivenName, given);
    fields.set(Field::FamilyName, family);
    fields.set(Field::Birthday, birthday(card));
    fields.set(Field::Organization, first_component(card, "ORG", 0));
    fields.set(Field::Title, first_text(card, "TITLE"));
    fields.set(Field::Note, kith_note(&first_note(card)).to_owned());
    let items = items(card, region);
    for field in Field::all().into_iter().filter(|f| f.is_list()) {
        let of_field = items.iter().filter(|(_, f, _)| *f == field);
        fields.set_list(field, of_field.map(|(_, _, item)| item.as_str()));
    }
    Reading {
        uid: first_text(card, "UID"),
        name: match formatted.is_empty() {
            true => composed,
            false => formatted,
        },
        fields,
        items,
    }
}

/// The card's first NOTE, unescaped ("" when it has none).
pub(super) fn first_note(card: &Card) -> String {
    card.first("NOTE")
        .map(|at| unescape(&card.lines[at].value))
        .unwrap_or_default()
}

/// Where kith's marker line is in a note: the byte range of the marker line, its
/// newline included.
pub(super) fn marker(note: &str) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for line in note.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == NOTE_MARKER {
            return Some(start..start + line.len());
        }
        start += line.len();
    }
    None
}

/// kith's part of a note: what follows the marker line ("" without one).
fn kith_note(note: &str) -> &str {
    marker(note).map_or("", |at| note[at.end..].trim())
}

/// The first BDAY as kith stores it ("" when it is none kith reads): a date with or
/// without its year, a date-time's date. Apple writes a birthday without a year in the
/// year its `X-APPLE-OMIT-YEAR` names (`1604-04-01`).
fn birthday(card: &Card) -> String {
    let text = first_text(card, "BDAY");
    let date = text.split('T').next().unwrap_or_default();
    let Ok(mut birthday) = Birthday::parse(date) else {
        return String::new();
    };
    let omitted = card
        .first("BDAY")
        .and_then(|at| omitted_year(&card.lines[at]));
    if birthday.year.is_some() && birthday.year == omitted {
        birthday.year = None;
    }
    birthday.stored()
}

/// The year Apple writes in a birthday whose year is not known.
pub(super) fn omitted_year(line: &Line) -> Option<i32> {
    line.params
        .iter()
        .find(|p| p.name.as_deref() == Some("X-APPLE-OMIT-YEAR"))
        .and_then(|p| p.values.first())
        .and_then(|year| year.trim().parse().ok())
}

/// Every email and number the card holds that kith reads, with its line and field.
fn items(card: &Card, region: Option<&str>) -> Vec<(usize, Field, String)> {
    let mut items = Vec::new();
    for (at, line) in card.lines.iter().enumerate() {
        let label = apple_label(card, line);
        let item = match line.name.as_str() {
            "EMAIL" => email(line, label.as_deref()),
            "TEL" => phone(line, region, label.as_deref()),
            _ => None,
        };
        if let Some((field, item)) = item {
            items.push((at, field, item));
        }
    }
    items
}

/// The label Apple gives a line of an item group (`item1.X-ABLabel:_$!<Mobile>!$_`),
/// lower-cased, when the line is in one.
fn apple_label(card: &Card, line: &Line) -> Option<String> {
    let group = line.group.as_deref()?;
    card.lines
        .iter()
        .find(|other| {
            other.name.eq_ignore_ascii_case("X-ABLABEL")
                && other
                    .group
                    .as_deref()
                    .is_some_and(|g| g.eq_ignore_ascii_case(group))
        })
        .map(|other| unescape(&other.value).to_lowercase())
}

/// Whether an Apple label names one of `words` (`_$!<Mobile>!$_`, `iPhone`, `Work`).
fn labelled(label: Option<&str>, words: &[&str]) -> bool {
    label.is_some_and(|label| words.iter().any(|word| label.contains(word)))
}

fn email(line: &Line, label: Option<&str>) -> Option<(Field, String)> {
    let address = EmailAddress::parse(&unescape(&line.value)).ok()?;
    let kind = if line.has_type(&["work"]) {
        EmailKind::Work
    } else if line.has_type(&["home", "personal", "private"]) {
        EmailKind::Personal
    } else if labelled(label, &["work"]) {
        EmailKind::Work
    } else if labelled(label, &["home", "personal", "private"]) {
        EmailKind::Personal
    } else {
        EmailKind::Other
    };
    Some((Field::Email(kind), address.as_str().to_owned()))
}

fn phone(line: &Line, region: Option<&str>, label: Option<&str>) -> Option<(Field, String)> {
    let value = unescape(&line.value);
    let value = value.trim();
    let number = match value.get(..4) {
        Some(scheme) if scheme.eq_ignore_ascii_case("tel:") => &value[4..],
        _ => value,
    };
    let number = normalize_phone(number, region).ok()?;
    let kind = if line.has_type(&["cell", "mobile", "iphone"]) {
        PhoneKind::Mobile
    } else if line.has_type(&["work"]) {
        PhoneKind::Work
    } else if line.has_type(&["home"]) {
        PhoneKind::Home
    } else if labelled(label, &["mobile", "iphone", "cell"]) {
        PhoneKind::Mobile
    } else if labelled(label, &["work"]) {
        PhoneKind::Work
    } else if labelled(label, &["home"]) {
        PhoneKind::Home
    } else {
        PhoneKind::Other
    };
    Some((Field::Phone(kind), number))
}

/// A birthday as the card's BDAY `line` (when it has one) writes it: 3.0 `1990-04-01`
/// / `--04-01` (in the year Apple's `X-APPLE-OMIT-YEAR` names, when the line has one),
/// 4.0's basic `19900401` / `--0401`.
pub(super) fn birthday_value(stored: &str, version: Version, line: Option<&Line>) -> String {
    let omitted = line.and_then(omitted_year);
    match (version, stored.strip_prefix("--"), omitted) {
        (Version::V4, Some(month_day), _) => format!("--{}", month_day.replace('-', "")),
        (Version::V4, None, _) => stored.replace('-', ""),
        (_, Some(month_day), Some(year)) => format!("{year:04}-{month_day}"),
        _ => stored.to_owned(),
    }
}
