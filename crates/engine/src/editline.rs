//! The text commands that correct a record, parsed with no store access. One grammar for
//! all of them: the command, the name, a field word, then the value — `/set Jane
//! location Lisbon`, `/org Acme domain acme.io` — with `-` (or `none`) to clear a field.
//! Every error says what would have worked.

use serde::{Deserialize, Serialize};

/// Why a correction could not be understood; `Display` is the one-line answer, with an
/// example that works.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

/// A field of a person that `/set` (and **Edit ▸**) changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PersonEdit {
    /// The whole name, split into given and family at the last space.
    Name(String),
    Given(String),
    Family(String),
    Display(Option<String>),
    Location(Option<String>),
    LinkedIn(Option<String>),
    /// Who introduced them: a name, resolved like any other (never themselves).
    Intro(Option<String>),
    Tier(Option<String>),
    /// Add an address (or change its kind): the address and "work" / "personal".
    Email(String, Option<String>),
    Primary(String),
    /// Take an address or a phone number off them.
    Remove(String),
    /// Add a phone number: the number and mobile / work / home.
    Phone(String, Option<String>),
    Birthday(Option<String>),
    /// Their Telegram username (`@name`, a t.me link), or `None` to forget their account.
    Telegram(Option<String>),
}

/// What `/org NAME FIELD VALUE` changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgEdit {
    Rename(String),
    AddDomain(String),
    RemoveDomain(String),
    Interest(String),
    Note(String),
    Tags {
        add: Vec<String>,
        remove: Vec<String>,
    },
}

/// The field words `/set` knows, as they are documented.
pub const PERSON_FIELDS: &str = "name, given, family, display, location, linkedin, intro, tier, email, primary, phone, birthday, telegram, remove";

/// Each word of `args` with where it starts.
fn words_at(args: &str) -> Vec<(usize, &str)> {
    args.split_whitespace()
        .map(|w| (w.as_ptr() as usize - args.as_ptr() as usize, w))
        .collect()
}

fn cleared(value: &str) -> Option<String> {
    let value = value.trim();
    (!matches!(value, "" | "-" | "none" | "clear")).then(|| value.to_owned())
}

fn invalid(text: String) -> ParseError {
    ParseError(text)
}

/// `/set NAME FIELD VALUE`: the first field word after at least one word of name.
pub fn parse_set(args: &str) -> Result<(String, PersonEdit), ParseError> {
    let example = "For example: /set Jane Doe location Lisbon";
    let words = words_at(args);
    // Every place a field word could split the line ("/set Eve Name location Paris" has
    // two): one reading is taken, two are asked about, never guessed.
    let mut readings = Vec::new();
    let mut first_error = None;
    for (index, (at, word)) in words.iter().enumerate().skip(1) {
        let field = word.to_lowercase();
        let field = field.trim_end_matches(':');
        if !PERSON_FIELDS.split(", ").any(|f| f == field) && field != "introduced" {
            continue;
        }
        let name = args[..*at].trim().to_owned();
        let mut value = words
            .get(index + 1)
            .map_or("", |(start, _)| args[*start..].trim());
        if field == "introduced" {
            value = value.strip_prefix("by ").unwrap_or(value).trim();
        }
        match person_edit(field, value) {
            Ok(edit) => readings.push((name, field.to_owned(), value.to_owned(), edit)),
            Err(what) => {
                first_error.get_or_insert_with(|| {
                    invalid(format!("/set {field} needs {what}. {example}"))
                });
            }
        }
    }
    match readings.len() {
        0 => Err(first_error.unwrap_or_else(|| {
            invalid(format!(
                "/set needs a name, a field ({PERSON_FIELDS}) and a value. {example}"
            ))
        })),
        1 => {
            let (name, _, _, edit) = readings.remove(0);
            Ok((name, edit))
        }
        _ => {
            let told: Vec<String> = readings
                .iter()
                .map(|(name, field, value, _)| format!("{field} of {name:?} to {value:?}"))
                .collect();
            Err(invalid(format!(
                "That could set {}. Nothing was changed: name the person by number (/set #12 location Paris; /find shows the numbers)",
                told.join(", or ")
            )))
        }
    }
}

/// The edit a field word and its value mean; the error names what the value must be.
pub fn person_edit(field: &str, value: &str) -> Result<PersonEdit, &'static str> {
    let required = |what| cleared(value).ok_or(what);
    Ok(match field {
        "name" => PersonEdit::Name(required("the full name")?),
        "given" => PersonEdit::Given(required("a given name")?),
        "family" => PersonEdit::Family(value.trim().trim_matches('-').trim().to_owned()),
        "display" => PersonEdit::Display(cleared(value)),
        "location" => PersonEdit::Location(cleared(value)),
        "linkedin" => PersonEdit::LinkedIn(cleared(value)),
        "intro" | "introduced" => PersonEdit::Intro(cleared(value)),
        "tier" => PersonEdit::Tier(cleared(value)),
        "email" => {
            let text = required("an address, then work or personal if you like")?;
            let mut parts = text.split_whitespace();
            let address = parts.next().unwrap_or_default().to_owned();
            let kind = parts.next().map(str::to_lowercase);
            if !kind
                .as_deref()
                .is_none_or(|k| matches!(k, "work" | "personal" | "other"))
                || parts.next().is_some()
            {
                return Err("an address, then work or personal if you like");
            }
            PersonEdit::Email(address, kind)
        }
        "primary" => PersonEdit::Primary(required("one of their addresses")?),
        "remove" => PersonEdit::Remove(required("one of their addresses or numbers")?),
        "phone" => {
            let text = required("a number, then mobile, work or home if you like")?;
            let mut words: Vec<&str> = text.split_whitespace().collect();
            let kind = match words.last().map(|w| w.to_lowercase()) {
                Some(kind) if matches!(kind.as_str(), "mobile" | "work" | "home" | "other") => {
                    words.pop();
                    Some(kind)
                }
                _ => None,
            };
            PersonEdit::Phone(words.join(" "), kind)
        }
        "birthday" => PersonEdit::Birthday(cleared(value)),
        "telegram" => PersonEdit::Telegram(cleared(value)),
        _ => return Err("a field it knows"),
    })
}

/// `/job NAME at ORG[, TITLE]`, `/job NAME ORG, TITLE` (a one-word organization), or
/// `/job NAME left ORG`. Returns the name, the organization, the title and whether left.
pub fn parse_job(args: &str) -> Result<(String, String, Option<String>, bool), ParseError> {
    let example =
        "For example: /job Jane Doe at Stripe, Head of Product — or /job Jane Doe left Stripe";
    let split = |separator: &str| {
        args.to_lowercase()
            .find(separator)
            .map(|at| (args[..at].trim(), args[at + separator.len()..].trim()))
    };
    if let Some((name, org)) = split(" left ")
        && !name.is_empty()
        && !org.is_empty()
    {
        return Ok((name.to_owned(), org.to_owned(), None, true));
    }
    let (name, rest) = match split(" at ") {
        Some((name, rest)) => (name.to_owned(), rest.to_owned()),
        None => {
            let (before, _) = args.split_once(',').unwrap_or((args, ""));
            let Some((name, _org)) = before.trim().rsplit_once(char::is_whitespace) else {
                return Err(invalid(format!(
                    "/job needs a name and an organization. {example}"
                )));
            };
            let rest = args[name.len()..].trim();
            (name.trim().to_owned(), rest.to_owned())
        }
    };
    let (org, title) = match rest.split_once(',') {
        Some((org, title)) => (org.trim(), cleared(title)),
        None => (rest.trim(), None),
    };
    if name.is_empty() || org.is_empty() {
        return Err(invalid(format!(
            "/job needs a name and an organization. {example}"
        )));
    }
    Ok((name, org.to_owned(), title, false))
}

/// `/intro NAME by NAME` (or `by -` to clear).
pub fn parse_intro(args: &str) -> Result<(String, Option<String>), ParseError> {
    let lower = args.to_lowercase();
    match lower.find(" by ") {
        Some(at) if !args[..at].trim().is_empty() => {
            Ok((args[..at].trim().to_owned(), cleared(&args[at + 4..])))
        }
        _ => Err(invalid(
            "/intro needs a name, \"by\" and who introduced them. For example: /intro Jane Doe by Bob Jones".into(),
        )),
    }
}

/// `/org new NAME`, `/org merge KEEP, OTHER`, `/org NAME FIELD VALUE`; `None` is a card.
pub enum OrgLine {
    Card(String),
    New(String),
    Merge(String, String),
    Edit(String, OrgEdit),
}

pub const ORG_FIELDS: &str = "rename, domain, -domain, interest, note, +TAG, -TAG";

pub fn parse_org(args: &str) -> Result<OrgLine, ParseError> {
    let example = "For example: /org Acme domain acme.io";
    let args = args.trim();
    if args.is_empty() {
        return Err(invalid(format!(
            "/org needs an organization's name. {example}"
        )));
    }
    let lower = args.to_lowercase();
    if let Some(name) = lower.strip_prefix("new ").map(|_| args[4..].trim()) {
        return Ok(OrgLine::New(name.to_owned()));
    }
    if lower.starts_with("merge ") {
        let rest = args[6..].trim();
        return match rest.split_once(',') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                Ok(OrgLine::Merge(a.trim().to_owned(), b.trim().to_owned()))
            }
            _ => Err(invalid(
                "/org merge needs two organizations separated by a comma, the one to keep first. For example: /org merge Acme, Acme Inc".into(),
            )),
        };
    }
    let words = words_at(args);
    for (index, (at, word)) in words.iter().enumerate().skip(1) {
        let field = word.to_lowercase();
        let value = words
            .get(index + 1)
            .map_or("", |(start, _)| args[*start..].trim());
        let name = args[..*at].trim().to_owned();
        let needs = |what: &str| invalid(format!("/org … {field} needs {what}. {example}"));
        let edit = match field.as_str() {
            "rename" => OrgEdit::Rename(cleared(value).ok_or_else(|| needs("the new name"))?),
            "domain" | "+domain" => {
                OrgEdit::AddDomain(cleared(value).ok_or_else(|| needs("a domain"))?)
            }
            "-domain" => OrgEdit::RemoveDomain(cleared(value).ok_or_else(|| needs("a domain"))?),
            "interest" => OrgEdit::Interest(
                cleared(value)
                    .ok_or_else(|| needs("none, watching, interested or very-interested"))?,
            ),
            "note" | "notes" => OrgEdit::Note(cleared(value).ok_or_else(|| needs("some text"))?),
            _ if (word.starts_with('+') || word.starts_with('-')) && word.len() > 1 => {
                let (mut add, mut remove) = (Vec::new(), Vec::new());
                for tag in args[*at..].split_whitespace() {
                    if let Some(tag) = tag.strip_prefix('+') {
                        add.push(tag.to_owned());
                    } else if let Some(tag) = tag.strip_prefix('-') {
                        remove.push(tag.to_owned());
                    } else {
                        return Err(invalid(format!(
                            "/org tags are +TAG to add and -TAG to remove, not {tag:?}. For example: /org Acme +portfolio -prospect"
                        )));
                    }
                }
                OrgEdit::Tags { add, remove }
            }
            _ => continue,
        };
        return Ok(OrgLine::Edit(name, edit));
    }
    Ok(OrgLine::Card(args.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_lines() {
        let cases = [
            (
                "Jane Doe location Lisbon",
                ("Jane Doe", PersonEdit::Location(Some("Lisbon".into()))),
            ),
            ("Jane location -", ("Jane", PersonEdit::Location(None))),
            (
                "Jane name Jane Q. Public",
                ("Jane", PersonEdit::Name("Jane Q. Public".into())),
            ),
            (
                "Jane introduced by Bob Jones",
                ("Jane", PersonEdit::Intro(Some("Bob Jones".into()))),
            ),
            (
                "Jane email jane@new.io work",
                (
                    "Jane",
                    PersonEdit::Email("jane@new.io".into(), Some("work".into())),
                ),
            ),
            (
                "Ana Souza telegram @ana_souza",
                ("Ana Souza", PersonEdit::Telegram(Some("@ana_souza".into()))),
            ),
            ("Ana telegram -", ("Ana", PersonEdit::Telegram(None))),
        ];
        for (text, (name, edit)) in cases {
            assert_eq!(parse_set(text), Ok((name.to_owned(), edit)), "{text}");
        }
        for bad in ["Jane", "Jane colour red", "Jane name", "Jane email a b c"] {
            let error = parse_set(bad).unwrap_err().to_string();
            assert!(error.contains("For example: /set"), "{bad}: {error}");
        }
    }

    #[test]
    fn job_intro_and_org_lines() {
        assert_eq!(
            parse_job("Jane Stripe, Head of Product"),
            Ok((
                "Jane".into(),
                "Stripe".into(),
                Some("Head of Product".into()),
                false
            ))
        );
        assert_eq!(
            parse_job("Jane Doe at Acme Labs, CTO"),
            Ok((
                "Jane Doe".into(),
                "Acme Labs".into(),
                Some("CTO".into()),
                false
            ))
        );
        assert_eq!(
            parse_job("Jane Doe left Acme Labs"),
            Ok(("Jane Doe".into(), "Acme Labs".into(), None, true))
        );
        assert!(parse_job("Jane").is_err());
        assert_eq!(
            parse_intro("Jane Doe by Bob"),
            Ok(("Jane Doe".into(), Some("Bob".into())))
        );
        assert!(parse_intro("Jane Doe Bob").is_err());
        assert!(matches!(
            parse_org("Acme Labs domain www.acme.io"),
            Ok(OrgLine::Edit(name, OrgEdit::AddDomain(d))) if name == "Acme Labs" && d == "www.acme.io"
        ));
        assert!(matches!(parse_org("new Acme"), Ok(OrgLine::New(n)) if n == "Acme"));
        assert!(matches!(parse_org("Acme Labs"), Ok(OrgLine::Card(n)) if n == "Acme Labs"));
        assert!(parse_org("merge Acme").is_err());
    }
}
