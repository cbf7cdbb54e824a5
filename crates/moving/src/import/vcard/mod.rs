//! vCard 2.1/3.0/4.0 (Google, Apple, Outlook, Android exports) → an `ImportBatch`: one
//! person per card, with addresses and their kinds, organization and title, notes, URLs
//! and categories as tags. The only module that reads vCards with `calcard`. Lenient:
//! quoted-printable, CR CR LF and folded UTF-8 are read; a card without a name or address
//! is reported and skipped; a card that is only an organization is that organization;
//! two cards sharing an address or a UID are one person (`fold`). Each property nothing
//! reads is listed once, with the number of cards that have it.

use calcard::vcard::{VCard, VCardKind, VCardProperty, VCardValue};
use calcard::{Entry, Parser};

mod person;
pub mod shared;

use super::table::{NO_FIELD, Problem};
use kith_domain::import::{ImportBatch, ImportOrganization};
use kith_domain::model::EmailAddress;
use person::{first_text, person_of, problem, tags_of, texts};

/// Cards read from one file at most.
const MAX_CARDS: usize = 100_000;

/// What a vCard file gave.
#[derive(Debug, Default)]
pub struct VcardImport {
    pub batch: ImportBatch,
    pub problems: Vec<Problem>,
    /// The properties nothing reads, each once with the number of cards that have it.
    pub unread: Vec<Problem>,
    pub cards: usize,
}

/// Reads every card in a file's `bytes`: a line that is not UTF-8 is left out, and a
/// control character taken out, each a problem naming its line and card.
pub fn read_bytes(file: &str, bytes: &[u8]) -> VcardImport {
    let cleaned = super::vcard_lines::cleaned(file, bytes);
    let mut result = read(file, &cleaned.text);
    result.problems.splice(0..0, cleaned.problems);
    result
}

/// Reads every card in `text`; `file` names it in problems. At most `MAX_CARDS` cards
/// are read; the rest, if any, is a located problem.
pub fn read(file: &str, text: &str) -> VcardImport {
    read_at_most(file, text, MAX_CARDS)
}

/// Reads at most `max_cards` cards (and twice as many entries of any kind: cards,
/// unreadable lines, calendars) from `text`. Reaching either cap with more of the file
/// left is a problem naming the card and line where reading stopped.
pub fn read_at_most(file: &str, text: &str, max_cards: usize) -> VcardImport {
    let mut result = VcardImport::default();
    let mut parser = Parser::new(text);
    let mut entries = 0;
    let mut unread = std::collections::BTreeMap::new();
    loop {
        if entries >= max_cards.saturating_mul(2) || result.cards >= max_cards {
            if !matches!(parser.entry(), Entry::Eof) {
                result
                    .problems
                    .push(cut_short(file, text, &result, entries, max_cards));
            }
            break;
        }
        entries += 1;
        let card = match parser.entry() {
            Entry::VCard(card) => card,
            Entry::Eof => break,
            Entry::TooManyComponents => {
                result.problems.push(located(
                    file,
                    text,
                    result.cards + 1,
                    "a component nested too deep; this card and the rest of the file were not read",
                ));
                break;
            }
            Entry::ICalendar(_) => {
                result
                    .problems
                    .push(problem(file, "a calendar inside a vCard file was ignored"));
                continue;
            }
            Entry::InvalidLine(line) => {
                result.problems.push(problem(
                    file,
                    &format!(
                        "unreadable line: {}",
                        line.chars().take(60).collect::<String>()
                    ),
                ));
                continue;
            }
            other => {
                result.problems.push(problem(
                    file,
                    &format!("malformed card: {other:?}")
                        .chars()
                        .take(200)
                        .collect::<String>(),
                ));
                continue;
            }
        };
        result.cards += 1;
        count_unread(&card, &mut unread);
        if let Some((organization, left_out)) = organization_of(&card) {
            if let Some(message) = left_out {
                let message = format!("card {}: {message}", result.cards);
                result.problems.push(problem(file, &message));
            }
            result.batch.organizations.push(organization);
            continue;
        }
        if let Some(person) = person_of(&card, result.cards, file, &mut result.problems) {
            result.batch.people.push(person);
        }
    }
    for (name, cards) in unread {
        let message = format!(
            "{name} not read ({cards} {}): {NO_FIELD}",
            if cards == 1 { "card" } else { "cards" }
        );
        result.unread.push(problem(file, &message));
    }
    // Two cards of one person (one address, or one UID) are that person once.
    let folded = super::fold::fold_batch(&mut result.batch);
    result.problems.extend(folded);
    result
}

/// The properties kith reads (and `VERSION`, which says how to read the rest).
const READ: &[&str] = &[
    "BEGIN",
    "END",
    "VERSION",
    "KIND",
    "N",
    "FN",
    "EMAIL",
    "TEL",
    "ORG",
    "TITLE",
    "NOTE",
    "URL",
    "CATEGORIES",
    "UID",
    "BDAY",
    "X-ABSHOWAS",
    "X-TELEGRAM",
    "IMPP",
];

/// Counts, per name, the cards with a property kith does not read (`PHOTO`, `ADR`,
/// `X-SOCIALPROFILE`): each is listed once with its count, never dropped without a word.
fn count_unread(card: &VCard, unread: &mut std::collections::BTreeMap<String, usize>) {
    let mut names: Vec<String> = card
        .entries
        .iter()
        .map(|entry| entry.name.as_str().to_ascii_uppercase())
        .filter(|name| !READ.contains(&name.as_str()))
        .collect();
    names.sort();
    names.dedup();
    for name in names {
        *unread.entry(name).or_default() += 1;
    }
}

/// The problem of a file read only in part: which cap it reached, and from which card
/// and line on nothing was imported.
fn cut_short(
    file: &str,
    text: &str,
    result: &VcardImport,
    entries: usize,
    max_cards: usize,
) -> Problem {
    let message = if result.cards >= max_cards {
        format!(
            "a file is read up to {max_cards} cards: card {} and every one after it were not imported",
            result.cards + 1
        )
    } else {
        format!(
            "a file is read up to {entries} entries (cards, unreadable lines, calendars): card {} and everything after it were not imported",
            result.cards + 1
        )
    };
    located(file, text, result.cards + 1, &message)
}

/// A problem at the line where card `number` begins (the file's end when it has fewer).
fn located(file: &str, text: &str, number: usize, message: &str) -> Problem {
    problem(
        file,
        &format!("line {}: {message}", line_of_card(text, number)),
    )
}

/// The line (from 1) of the `number`th `BEGIN:VCARD`, or the line after the last.
fn line_of_card(text: &str, number: usize) -> usize {
    let mut seen = 0;
    let mut lines = 0;
    for (index, line) in text.lines().enumerate() {
        lines = index + 1;
        if line
            .trim_start_matches('\u{feff}')
            .trim()
            .eq_ignore_ascii_case("BEGIN:VCARD")
        {
            seen += 1;
            if seen == number {
                return lines;
            }
        }
    }
    lines + 1
}

/// A card that is only an organization — `KIND:org` (named by its `ORG`, else its `FN`),
/// Apple's `X-ABShowAs:COMPANY`, or an `ORG` with no name of a person (no `N`, and no `FN` or the organization's own) — as
/// that organization, with what of it was not imported in words.
fn organization_of(card: &VCard) -> Option<(ImportOrganization, Option<String>)> {
    let kind_org = card.property(&VCardProperty::Kind).is_some_and(|entry| {
        entry.values.iter().any(|value| match value {
            VCardValue::Kind(kind) => *kind == VCardKind::Org,
            VCardValue::Text(text) => text.trim().eq_ignore_ascii_case("org"),
            _ => false,
        })
    });
    // A `KIND:org` card without an `ORG` line is named by its `FN`.
    let name = card
        .property(&VCardProperty::Org)
        .map(texts)
        .and_then(|parts| parts.into_iter().next())
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty())
        .or_else(|| {
            kind_org
                .then(|| first_text(card, &VCardProperty::Fn))
                .flatten()
        })?;
    let shown_as_company = card.entries.iter().any(|entry| {
        matches!(&entry.name, VCardProperty::Other(n) if n.eq_ignore_ascii_case("X-ABSHOWAS"))
            && texts(entry)
                .iter()
                .any(|t| t.trim().eq_ignore_ascii_case("COMPANY"))
    });
    let no_person = card
        .property(&VCardProperty::N)
        .map(texts)
        .unwrap_or_default()
        .iter()
        .all(|part| part.trim().is_empty())
        && first_text(card, &VCardProperty::Fn).is_none_or(|shown| {
            kith_domain::text::name_key(&shown) == kith_domain::text::name_key(&name)
        });
    if !(kind_org || shown_as_company || no_person) {
        return None;
    }
    let emails: Vec<EmailAddress> = card
        .properties(&VCardProperty::Email)
        .flat_map(texts)
        .filter_map(|value| EmailAddress::parse(value.trim()).ok())
        .collect();
    let phones: Vec<String> = card
        .properties(&VCardProperty::Tel)
        .flat_map(texts)
        .map(|value| value.trim().trim_start_matches("tel:").to_owned())
        .filter(|value| !value.is_empty())
        .collect();
    let notes: Vec<String> = card
        .properties(&VCardProperty::Note)
        .chain(card.properties(&VCardProperty::Url))
        .flat_map(texts)
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect();
    let contact = super::OrganizationContact {
        name,
        notes: notes.join("\n"),
        tags: tags_of(card),
        emails: &emails,
        phones: &phones,
    };
    Some(contact.organization())
}
