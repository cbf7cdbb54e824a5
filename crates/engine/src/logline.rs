//! What a log line says: "coffee with Alice and Bob yesterday: notes" → a `LogRequest`
//! (type, names, date, notes), for /log and for the answer to a Log button. Pure: names
//! stay text, "today" is a parameter. A type word misspelt before "with" is that type;
//! any other word there is "other"; a date that reads two ways is never guessed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates::{DateReading, read_date};
use kith_domain::model::InteractionType;

/// Why a log line could not be read; each says what would have worked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LogLineError {
    #[error("{0}")]
    Empty(String),
    #[error(
        "I can't read the date {0:?}. Try today, yesterday, monday, 3d ago, Nov 28 or 2026-11-20."
    )]
    BadDate(String),
    #[error("{0:?} is not a date: {1}.")]
    ImpossibleDate(String, String),
}

/// What to log, as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogRequest {
    pub kind: InteractionType,
    /// The word typed for a type kith has no name for ("walk" in `/log walk with Bob`,
    /// logged as other and shown as "walk").
    #[serde(default)]
    pub type_word: Option<String>,
    pub names: Vec<String>,
    /// The date typed; for a date that reads both ways (`3/5`), its day-first reading.
    pub date: NaiveDate,
    pub notes: String,
    /// For a date that reads both ways, its month-first reading: the engine asks which
    /// was meant (or reads it as `KITH_DATE_ORDER` says), never guessing.
    #[serde(default)]
    pub month_first: Option<NaiveDate>,
    /// The words read as the date, as typed ("Friday"); empty when none was typed.
    #[serde(default)]
    pub date_words: String,
}

impl LogRequest {
    /// The type as the owner typed it: their own word ("walk"), else the type's name.
    pub fn label(&self) -> &str {
        self.type_word.as_deref().unwrap_or(self.kind.as_str())
    }
}

/// Splits "head: notes" at the first colon that is not inside "1:1".
pub(super) fn split_notes(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let at = text.char_indices().find(|(i, c)| {
        *c == ':'
            && !(*i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
    })?;
    Some((text[..at.0].trim(), text[at.0 + 1..].trim()))
}

/// A log line whose names may be missing (they are known from the question asked):
/// "coffee yesterday: notes".
pub fn parse_log_details(args: &str, today: NaiveDate) -> Result<LogRequest, LogLineError> {
    if args.trim().is_empty() {
        return Err(LogLineError::Empty(
            "Type what happened, for example: coffee yesterday: talked about the seed round"
                .to_owned(),
        ));
    }
    let (head, notes) = split_notes(args).unwrap_or((args, ""));
    let words: Vec<&str> = head.split_whitespace().collect();

    // The type: the longest leading phrase of up to three words that names one; else, when
    // "with" follows the first word, a misspelling of a type ("coffe with Bob") or any
    // other word ("walk with Bob": other). A first word without "with" after it may be a
    // name ("Emil"), so it is never read as a misspelt type.
    let mut kind = InteractionType::Other;
    let mut type_word = None;
    let mut start = 0;
    for length in (1..=3.min(words.len())).rev() {
        if let Ok(parsed) = InteractionType::parse(&words[..length].join(" ")) {
            kind = parsed;
            start = length;
            break;
        }
    }
    if start == 0
        && let Some(first) = words.first()
        && words.get(1).is_some_and(|w| w.eq_ignore_ascii_case("with"))
    {
        match misspelled_type(first) {
            Some(misspelt) => kind = misspelt,
            None => type_word = kith_domain::text::own_word(first, kind),
        }
        start = 1;
    }
    if words
        .get(start)
        .is_some_and(|w| w.eq_ignore_ascii_case("with"))
    {
        start += 1;
    }

    // The date: the longest trailing phrase of up to three words that reads as one.
    let mut end = words.len();
    let mut date = today;
    let mut month_first = None;
    let mut date_words = String::new();
    for length in (1..=3.min(words.len() - start)).rev() {
        let phrase = words[words.len() - length..].join(" ");
        match read_date(&phrase, today) {
            DateReading::Date(parsed) => {
                date = parsed;
                end = words.len() - length;
                date_words = phrase;
                break;
            }
            DateReading::Ambiguous {
                day_first,
                month_first: other,
            } => {
                date = day_first;
                month_first = Some(other);
                end = words.len() - length;
                date_words = phrase;
                break;
            }
            DateReading::Impossible(why) => return Err(LogLineError::ImpossibleDate(phrase, why)),
            DateReading::NotADate => {}
        }
    }
    if end == words.len()
        && let Some(last) = words.last().filter(|_| words.len() > start)
        && looks_like_a_date(last)
    {
        return Err(LogLineError::BadDate((*last).to_owned()));
    }

    let people = words[start..end].join(" ");
    let names: Vec<String> = people
        .split([',', '&', '+'])
        .flat_map(|part| part.split(" and "))
        .map(|name| name.trim().trim_start_matches("and ").trim().to_owned())
        .filter(|name| !name.is_empty())
        .collect();
    Ok(LogRequest {
        kind,
        type_word,
        names,
        date,
        notes: notes.to_owned(),
        month_first,
        date_words,
    })
}

/// A type word typed with a letter off ("coffe", "lucnh"), never a guess between two.
fn misspelled_type(word: &str) -> Option<InteractionType> {
    const WORDS: &[&str] = &[
        "coffee",
        "lunch",
        "dinner",
        "breakfast",
        "drinks",
        "event",
        "conference",
        "party",
        "phone",
        "call",
        "email",
        "text",
        "message",
        "meeting",
        "video",
        "zoom",
    ];
    let word = word.to_lowercase();
    if word.chars().count() < 4 {
        return None;
    }
    let close: Vec<&str> = WORDS
        .iter()
        .copied()
        .filter(|known| strsim::damerau_levenshtein(&word, known) == 1)
        .collect();
    match close.as_slice() {
        [only] => InteractionType::parse(only).ok(),
        _ => None,
    }
}

fn looks_like_a_date(word: &str) -> bool {
    let digits = word.chars().filter(char::is_ascii_digit).count();
    (digits >= 4 && word.contains(['-', '/', '.'])) || word.eq_ignore_ascii_case("ago")
}
