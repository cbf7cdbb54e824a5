//! The vCard Telegram sends with a shared contact, read as one card: the person it
//! gives, and in words what of it could not be read (naming the line) or is not kept.

use kith_domain::import::ImportPerson;

/// A shared contact's card: the person it gives, and what the answer says about it.
#[derive(Debug, Default)]
pub struct SharedCard {
    pub card: Option<ImportPerson>,
    /// When `card` is none, why it could not be read; else, in sentences, each line of it
    /// that could not be read (the rest was used) and what of it kith does not keep.
    pub problem: Option<String>,
}

/// Reads the vCard of a shared contact.
pub fn read_shared(vcard: &str) -> SharedCard {
    let read = super::read_bytes("the shared contact", vcard.as_bytes());
    let card = read.batch.people.into_iter().next();
    if card.is_none() {
        return SharedCard {
            card,
            problem: read.problems.first().map(|p| p.message.clone()),
        };
    }
    let mut said: Vec<String> = read
        .problems
        .iter()
        .map(|problem| {
            let message = problem
                .message
                .strip_prefix("card 1: ")
                .unwrap_or(&problem.message);
            match line_of(vcard, message) {
                Some(line) => format!(
                    "The card's line {line} could not be read ({message}); the rest of the card was used."
                ),
                None => format!("Of the card: {message}; the rest of the card was used."),
            }
        })
        .collect();
    let unread: Vec<&str> = read
        .unread
        .iter()
        .filter_map(|p| p.message.split_once(" not read").map(|(name, _)| name))
        .collect();
    if unread.contains(&"ADR") {
        said.push("Its postal address is not kept: kith has no place for one.".to_owned());
    }
    let others: Vec<&str> = unread.into_iter().filter(|n| *n != "ADR").collect();
    if !others.is_empty() {
        said.push(format!(
            "Its {} not kept.",
            others.join(", ") + " lines are"
        ));
    }
    SharedCard {
        card,
        problem: (!said.is_empty()).then(|| said.join(" ")),
    }
}

/// The card's line (as sent, unfolded no further) holding the value a problem quotes
/// (`"1985-02-30" is not a valid birthday`), if one does.
fn line_of<'a>(vcard: &'a str, message: &str) -> Option<&'a str> {
    let quoted = message.strip_prefix('"')?.split('"').next()?;
    if quoted.is_empty() {
        return None;
    }
    vcard.lines().map(str::trim).find(|line| {
        line.split_once(':')
            .is_some_and(|(_, value)| value.contains(quoted))
    })
}
