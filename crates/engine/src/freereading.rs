//! Reading a plain message as an interaction, pure: "coffee with Ana yesterday, she's
//! moving to Lisbon", "called Bob about the intro", "drinks w/ Sam" → a `LogRequest`, read
//! with /log's own type words, name lists and dates (`logline`). Only a message that
//! starts with a type word and "with", or with a verb that says something happened
//! ("called", "met", "texted" …), reads as one; the rest after a comma, colon, dash,
//! "about" or "at" is the note. A comma followed by someone kith knows continues the
//! names ("lunch with Bob, Carol and Dan"): the caller says who is known.

use chrono::NaiveDate;

use super::dates::{DateReading, read_date};
use super::logline::{LogLineError, LogRequest, parse_log_details};
use kith_domain::model::InteractionType;

/// Verbs that say an interaction happened, each with the type phrase /log reads it as
/// (the longest first, so "met with" is read before "met").
const VERBS: &[(&str, &str)] = &[
    ("had a video call with", "video"),
    ("had a call with", "phone"),
    ("video called", "video"),
    ("videocalled", "video"),
    ("zoomed with", "video"),
    ("facetimed", "video"),
    ("called", "phone"),
    ("phoned", "phone"),
    ("rang", "phone"),
    ("met up with", "in person"),
    ("met with", "in person"),
    ("met", "in person"),
    ("saw", "in person"),
    ("visited", "in person"),
    ("texted", "text"),
    ("messaged", "message"),
    ("emailed", "email"),
];

/// Words that start what is not a person ("lunch with the team", "called my bank").
const NOT_A_NAME: &[&str] = &["the", "my", "a", "an", "our", "some", "his", "her", "their"];

/// The longest name a message's name list may hold, in words.
const MAX_NAME_WORDS: usize = 4;

/// What a plain message reads as: `None` when it is no interaction (it stays a search),
/// else the request, or why its date cannot be read. A date after today is read too: the
/// caller answers that it lies ahead (kith logs what happened) rather than log it.
pub(super) fn read_free_text(
    text: &str,
    today: NaiveDate,
    known: &dyn Fn(&str) -> bool,
) -> Option<Result<LogRequest, LogLineError>> {
    let text = text.trim();
    if text.starts_with(['/', '#']) {
        return None;
    }
    let text = text.replace(" w/ ", " with ").replace(" w/", " with ");
    let (type_phrase, rest, from_verb) = lead(&text)?;
    let (head, note) = split_note(rest, today, known);
    let mut request = match parse_log_details(&format!("{type_phrase} with {head}"), today) {
        Ok(request) => request,
        Err(error) => return Some(Err(error)),
    };
    let too_long = |name: &String| name.split_whitespace().count() > MAX_NAME_WORDS;
    let not_a_name = |name: &String| {
        let first = name.split_whitespace().next().unwrap_or_default();
        NOT_A_NAME.contains(&first.to_lowercase().as_str())
    };
    if request.names.is_empty() || request.names.iter().any(|n| too_long(n) || not_a_name(n)) {
        return None;
    }
    let mut note = note.map(|(separator, note)| (separator, note.to_owned()));
    if request.date_words.is_empty()
        && let Some((Separator::Word, text)) = &mut note
        && let Some((date, words)) = trailing_date(text, today)
    {
        request.date = date;
        request.date_words = words;
        let kept = text.len() - request.date_words.len();
        *text = text[..kept].trim_end().to_owned();
    }
    request.notes = note.map(|(_, text)| text).unwrap_or_default();
    if from_verb {
        grouped(&mut request);
    } else if request.type_word.is_none() {
        request.type_word = kith_domain::text::own_word(type_phrase, request.kind);
    }
    Some(Ok(request))
}

/// Whether a message starts the way an interaction does (a verb, or a type word and
/// "with"): the cheap test before anything is looked up.
pub(super) fn starts_like_an_interaction(text: &str) -> bool {
    let text = text
        .trim()
        .replace(" w/ ", " with ")
        .replace(" w/", " with ");
    lead(&text).is_some()
}

/// The type phrase a message starts with, what follows it, and whether a verb said it:
/// a verb ("called Bob …"), or a type word of up to three words and "with" ("video call
/// with Zoë …"), after an optional "had" or "grabbed" ("had a coffee with Ana").
fn lead(text: &str) -> Option<(&'static str, &str, bool)> {
    for (verb, phrase) in VERBS {
        if let Some(rest) = strip_words(text, verb) {
            return Some((phrase, rest, true));
        }
    }
    let mut rest = text;
    for word in ["had", "grabbed"] {
        if let Some(after) = strip_words(rest, word) {
            rest = after;
            break;
        }
    }
    for article in ["a", "an"] {
        if let Some(after) = strip_words(rest, article) {
            rest = after;
            break;
        }
    }
    let words: Vec<&str> = rest.split_whitespace().take(4).collect();
    for length in (1..=3.min(words.len())).rev() {
        let phrase = words[..length].join(" ");
        let Ok(kind) = InteractionType::parse(&phrase) else {
            continue;
        };
        if !words
            .get(length)
            .is_some_and(|w| w.eq_ignore_ascii_case("with"))
        {
            return None;
        }
        let after = strip_words(rest, &format!("{phrase} with"))?;
        return Some((type_phrase_of(kind, &phrase), after, false));
    }
    None
}

/// The words as typed, leaked nowhere: the type phrase is one of a few fixed spellings
/// /log reads the same way, or the phrase's own word when it is the owner's.
fn type_phrase_of(kind: InteractionType, typed: &str) -> &'static str {
    const SPELLINGS: &[&str] = &[
        "coffee",
        "lunch",
        "dinner",
        "breakfast",
        "drinks",
        "meal",
        "video call",
        "video",
        "call",
        "phone call",
        "phone",
        "zoom",
        "meeting",
        "email",
        "text",
        "message",
        "chat",
        "event",
        "conference",
        "party",
        "in person",
        "f2f",
    ];
    SPELLINGS
        .iter()
        .find(|s| s.eq_ignore_ascii_case(typed.trim()))
        .copied()
        .unwrap_or(kind.as_str())
}

/// `text` after `words` when it starts with them (whole words, any case).
fn strip_words<'a>(text: &'a str, words: &str) -> Option<&'a str> {
    let head = text.get(..words.len())?;
    let rest = &text[words.len()..];
    (head.eq_ignore_ascii_case(words) && rest.starts_with(char::is_whitespace))
        .then(|| rest.trim_start())
}

/// How a note was set off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Separator {
    /// A comma, colon or dash: the note is what follows.
    Mark,
    /// "about …" or "at …": a date at its end is the meeting's.
    Word,
}

/// What sets a note off: the mark, how, and whether the mark stays in the note ("at the
/// conference").
const MARKS: &[(&str, Separator, bool)] = &[
    (",", Separator::Mark, false),
    (":", Separator::Mark, false),
    (" - ", Separator::Mark, false),
    (" – ", Separator::Mark, false),
    (" — ", Separator::Mark, false),
    (" about ", Separator::Word, false),
    (" at ", Separator::Word, true),
];

/// The first mark in `text` at or after byte `from`: where, and which.
fn next_mark(text: &str, from: usize) -> Option<(usize, (&'static str, Separator, bool))> {
    let lower = text.to_ascii_lowercase();
    (from..lower.len())
        .filter(|i| lower.is_char_boundary(*i))
        .find_map(|i| {
            MARKS
                .iter()
                .find(|(mark, ..)| lower[i..].starts_with(mark))
                .map(|found| (i, *found))
        })
}

/// The names (and date) before the note, and the note: after the first comma, colon,
/// dash, " about " or " at " — a comma followed by people kith knows continues the names.
fn split_note<'a>(
    rest: &'a str,
    today: NaiveDate,
    known: &dyn Fn(&str) -> bool,
) -> (&'a str, Option<(Separator, &'a str)>) {
    let mut from = 0;
    while let Some((at, (mark, separator, kept))) = next_mark(rest, from) {
        let after = at + mark.len();
        if mark == "," && names_continue(&rest[after..], today, known) {
            from = after;
            continue;
        }
        let note = if kept { &rest[at..] } else { &rest[after..] };
        return (rest[..at].trim(), Some((separator, note.trim())));
    }
    (rest.trim(), None)
}

/// Whether what follows a comma (up to the next mark) is more people: each of its names
/// (split by "and", "&", "+"; a date at the end left out) someone kith knows.
fn names_continue(after: &str, today: NaiveDate, known: &dyn Fn(&str) -> bool) -> bool {
    let end = next_mark(after, 0).map_or(after.len(), |(at, _)| at);
    let mut segment = after[..end].trim();
    if let Some((_, words)) = trailing_date(segment, today) {
        segment = segment[..segment.len() - words.len()].trim();
    }
    let segment = segment.strip_prefix("and ").map_or(segment, str::trim);
    let names: Vec<&str> = segment
        .split(['&', '+'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .collect();
    names.iter().all(|name| {
        !name.is_empty() && name.split_whitespace().count() <= MAX_NAME_WORDS && known(name)
    })
}

/// A date read off the last one to three words of `text` (the longest first), with the
/// words as typed.
fn trailing_date(text: &str, today: NaiveDate) -> Option<(NaiveDate, String)> {
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|(i, c)| {
            !c.is_whitespace() && (*i == 0 || text[..*i].ends_with(char::is_whitespace))
        })
        .map(|(i, _)| i)
        .collect();
    for length in (1..=3.min(starts.len())).rev() {
        let phrase = text[starts[starts.len() - length]..].trim_end();
        if let DateReading::Date(date) = read_date(phrase, today) {
            return Some((date, phrase.to_owned()));
        }
    }
    None
}

/// A meeting said with a verb ("met Bob and Carol") with several people is a group one.
fn grouped(request: &mut LogRequest) {
    if request.names.len() > 1 {
        request.kind = match request.kind {
            InteractionType::OneOnOneInPerson => InteractionType::GroupInPerson,
            InteractionType::OneOnOneVideo => InteractionType::GroupVideo,
            other => other,
        };
    }
}

#[cfg(test)]
mod tests;
