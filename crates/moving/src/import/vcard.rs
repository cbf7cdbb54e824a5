//! vCard 2.1/3.0/4.0 (Google, Apple, Outlook, Android exports) → an `ImportBatch`: one
//! person per card, with addresses and their kinds, organization and title, notes, URLs
//! and categories as tags. The only module that reads vCards with `calcard`. Lenient:
//! quoted-printable, CR CR LF and folded UTF-8 are read; a card without a name or address
//! is reported and skipped; a card that is only an organization is that organization;
//! two cards sharing an address or a UID are one person (`fold`). Each property nothing
//! reads is listed once, with the number of cards that have it.

use calcard::vcard::{
    VCard, VCardEntry, VCardKind, VCardParameterName, VCardParameterValue, VCardProperty,
    VCardType, VCardValue,
};
use calcard::{Entry, Parser};

use super::table::{NO_FIELD, Problem};
use kith_domain::import::{ImportBatch, ImportOrganization, ImportPerson, Origin, Place};
use kith_domain::model::{EmailAddress, EmailKind};
use kith_domain::text::split_full_name;

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

fn texts(entry: &VCardEntry) -> Vec<String> {
    entry
        .values
        .iter()
        .flat_map(|value| match value {
            // A control character decoded from quoted-printable is never kept either.
            VCardValue::Text(text) => vec![kept(text)],
            VCardValue::Component(parts) => parts.iter().map(|p| kept(p)).collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// `text` without the control characters kith never keeps.
fn kept(text: &str) -> String {
    text.chars()
        .filter(|c| !kith_domain::text::is_unkept_control(*c))
        .collect()
}

fn first_text(card: &VCard, property: &VCardProperty) -> Option<String> {
    card.property(property).map(texts).and_then(|values| {
        values
            .into_iter()
            .map(|v| v.trim().to_owned())
            .find(|v| !v.is_empty())
    })
}

fn has_type(entry: &VCardEntry, wanted: &VCardType) -> bool {
    entry
        .params
        .iter()
        .any(|param| match (&param.name, &param.value) {
            (VCardParameterName::Type, VCardParameterValue::Type(kind)) => kind == wanted,
            (VCardParameterName::Type, VCardParameterValue::Text(text)) => {
                let wanted = format!("{wanted:?}").to_lowercase();
                text.split(',')
                    .any(|t| t.trim().eq_ignore_ascii_case(&wanted))
            }
            _ => false,
        })
}

fn is_preferred(entry: &VCardEntry) -> bool {
    entry
        .params
        .iter()
        .any(|param| match (&param.name, &param.value) {
            (VCardParameterName::Pref, _) => true,
            (VCardParameterName::Type, VCardParameterValue::Text(text)) => text
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case("pref")),
            _ => false,
        })
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

/// A card's categories as tags (not Google's own "My Contacts" and "Starred").
fn tags_of(card: &VCard) -> Vec<String> {
    card.properties(&VCardProperty::Categories)
        .flat_map(texts)
        .flat_map(|c| {
            c.split(',')
                .map(|t| t.trim().to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|t| {
            !t.is_empty()
                && !["mycontacts", "my contacts", "starred"].contains(&t.to_lowercase().as_str())
        })
        .collect()
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

fn problem(file: &str, message: &str) -> Problem {
    Problem {
        file: file.to_owned(),
        row: None,
        column: None,
        message: message.to_owned(),
    }
}

/// An address of a card: the address, its kind, whether it is preferred.
type Email = (EmailAddress, EmailKind, bool);

/// The card's addresses, each once, with its kind; one that is none is a problem.
fn emails_of(card: &VCard, number: usize, file: &str, problems: &mut Vec<Problem>) -> Vec<Email> {
    let mut emails = Vec::new();
    // A card may list tens of thousands of addresses: each is looked up once.
    let mut seen = std::collections::HashSet::new();
    for entry in card.properties(&VCardProperty::Email) {
        for value in texts(entry) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match EmailAddress::parse(value) {
                Ok(address) => {
                    let kind = if has_type(entry, &VCardType::Work) {
                        EmailKind::Work
                    } else if has_type(entry, &VCardType::Home) {
                        EmailKind::Personal
                    } else {
                        EmailKind::Other
                    };
                    if seen.insert(address.clone()) {
                        emails.push((address, kind, is_preferred(entry)));
                    }
                }
                Err(error) => problems.push(problem(file, &format!("card {number}: {error}"))),
            }
        }
    }
    emails
}

/// A card's names: given, family and the name it is shown by when that is not them.
struct Names {
    given: String,
    family: String,
    display: Option<String>,
}

/// The card's names from its `N`, else its `FN`, else its first address; with none of
/// them it is no person, and a problem.
fn names_of(
    card: &VCard,
    emails: &[Email],
    number: usize,
    file: &str,
    problems: &mut Vec<Problem>,
) -> Option<Names> {
    // N is family;given;additional;prefix;suffix.
    let structured: Vec<String> = card
        .property(&VCardProperty::N)
        .map(texts)
        .unwrap_or_default();
    let family = structured
        .first()
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    let given = structured
        .get(1)
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    let formatted = first_text(card, &VCardProperty::Fn);
    if !(given.is_empty() && family.is_empty()) {
        let display = display_name(&given, &family, formatted);
        return Some(Names {
            given,
            family,
            display,
        });
    }
    let (given, family) = match (&formatted, emails.first()) {
        (Some(name), _) => split_full_name(name),
        (None, Some((address, _, _))) => {
            split_full_name(&kith_domain::text::title_case(address.local_part()))
        }
        (None, None) => {
            problems.push(problem(
                file,
                &format!("card {number} has no name and no address; skipped"),
            ));
            return None;
        }
    };
    Some(Names {
        given,
        family,
        display: None,
    })
}

/// The `FN` kept beside an `N`: FN in another order ("安藤 ロイド") is kept; FN that only
/// adds a prefix or a suffix ("Mr. John Doe Sr.") is not needed.
fn display_name(given: &str, family: &str, formatted: Option<String>) -> Option<String> {
    let composed = format!("{given} {family}").trim().to_owned();
    let mut composed_tokens = kith_domain::text::tokens(&composed);
    composed_tokens.sort();
    formatted.filter(|f| {
        let mut tokens = kith_domain::text::tokens(f);
        tokens.sort();
        tokens == composed_tokens
            && kith_domain::text::name_key(f) != kith_domain::text::name_key(&composed)
            || !composed_tokens.iter().all(|t| tokens.contains(t))
    })
}

/// The card's notes, with its URLs but a LinkedIn profile; and that profile.
fn notes_of(card: &VCard) -> (Vec<String>, Option<String>) {
    let mut notes: Vec<String> = card
        .properties(&VCardProperty::Note)
        .flat_map(texts)
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect();
    let urls: Vec<String> = card
        .properties(&VCardProperty::Url)
        .flat_map(texts)
        .collect();
    let linkedin = urls.iter().find(|u| u.contains("linkedin.com")).cloned();
    for url in urls.iter().filter(|u| Some(*u) != linkedin.as_ref()) {
        notes.push(url.clone());
    }
    (notes, linkedin)
}

/// The card's Telegram account: `X-TELEGRAM:@name`, or an IMPP that names one
/// (`tg://resolve?domain=name`, `tg://user?id=123`, a t.me link); other IMPPs are not.
fn telegram_of(card: &VCard) -> (Option<i64>, Option<String>) {
    let x_telegram = VCardProperty::Other("X-TELEGRAM".into());
    let written = card
        .properties(&x_telegram)
        .chain(card.properties(&VCardProperty::Impp))
        .flat_map(texts);
    let (mut id, mut username) = (None, None);
    for text in written {
        let text = text.trim();
        let telegram = text.starts_with("tg://") || text.contains("t.me/") || !text.contains(':');
        if let Some((found_id, found_name)) =
            kith_domain::telegram::account(text).filter(|_| telegram)
        {
            id = id.or(found_id);
            username = username.or(found_name);
        }
    }
    (id, username)
}

/// The card's phone numbers, each with its kind.
fn phones_of(card: &VCard) -> Vec<(String, String)> {
    let mut phones = Vec::new();
    for entry in card.properties(&VCardProperty::Tel) {
        let kind = if has_type(entry, &VCardType::Cell) {
            "mobile"
        } else if has_type(entry, &VCardType::Work) {
            "work"
        } else if has_type(entry, &VCardType::Home) {
            "home"
        } else {
            "other"
        };
        for value in texts(entry) {
            let number = value.trim().trim_start_matches("tel:").to_owned();
            if !number.is_empty() {
                phones.push((number, kind.to_owned()));
            }
        }
    }
    phones
}

/// The card's birthday as kith stores it; one that is none is a problem.
fn birthday_of(
    card: &VCard,
    number: usize,
    file: &str,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let birthday = card.property(&VCardProperty::Bday).and_then(|entry| {
        entry.values.iter().find_map(|value| match value {
            VCardValue::PartialDateTime(date) => match (date.year, date.month, date.day) {
                (Some(year), Some(month), Some(day)) => {
                    Some(format!("{year:04}-{month:02}-{day:02}"))
                }
                (None, Some(month), Some(day)) => Some(format!("--{month:02}-{day:02}")),
                _ => None,
            },
            VCardValue::Text(text) => Some(text.clone()),
            _ => None,
        })
    });
    match birthday.map(|b| kith_domain::contact::Birthday::parse(&b)) {
        Some(Ok(birthday)) => Some(birthday.stored()),
        Some(Err(error)) => {
            problems.push(problem(file, &format!("card {number}: {error}")));
            None
        }
        None => None,
    }
}

fn person_of(
    card: &VCard,
    number: usize,
    file: &str,
    problems: &mut Vec<Problem>,
) -> Option<ImportPerson> {
    let emails = emails_of(card, number, file, problems);
    let Names {
        given,
        family,
        display,
    } = names_of(card, &emails, number, file, problems)?;
    // ORG is organization;unit;… — the first component names it.
    let organization = card
        .property(&VCardProperty::Org)
        .map(texts)
        .and_then(|parts| parts.into_iter().next())
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty());
    let title = first_text(card, &VCardProperty::Title);
    // kith keeps a title with the job it is at: one without an ORG is said, not dropped.
    if let (None, Some(title)) = (&organization, &title) {
        problems.push(problem(
            file,
            &format!(
                "card {number}: title {title:?} not read: kith keeps a title with the organization it is at, and this card has no ORG"
            ),
        ));
    }
    let (notes, linkedin) = notes_of(card);
    let tags = tags_of(card);
    // Cards are matched by UID, else by their first address; never by a name alone (two
    // cards named alike are two people, offered by /dupes). A card with neither is keyed
    // by what it says, so importing it again finds it and a namesake does not.
    let key_part = match (card.uid(), emails.first()) {
        (Some(uid), _) => uid.to_owned(),
        (None, Some((address, _, _))) => format!("mailto:{address}"),
        (None, None) => {
            let content = format!(
                "{given}\u{1f}{family}\u{1f}{display:?}\u{1f}{organization:?}\u{1f}{title:?}\u{1f}{notes:?}\u{1f}{tags:?}\u{1f}{linkedin:?}"
            );
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            for byte in content.bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
            format!("card:{hash:016x}")
        }
    };
    let phones = phones_of(card);
    let birthday = birthday_of(card, number, file, problems);
    let (telegram_id, telegram_username) = telegram_of(card);
    Some(ImportPerson {
        telegram_id,
        telegram_username,
        key: format!("vcard:{key_part}"),
        phones,
        birthday,
        given_name: given,
        family_name: family,
        display_name: display,
        closeness: None,
        introduced_by: None,
        linkedin_url: linkedin,
        location: None,
        notes: notes.join("\n"),
        tags,
        emails,
        employment: organization
            .into_iter()
            .map(|o| (o, title.clone(), true))
            .collect(),
        origin: Some(Origin {
            file: file.to_owned(),
            place: Place::Card(number),
        }),
        ..ImportPerson::default()
    })
}
