//! Text folding and fuzzy name scoring, shared by search, suggestions and imports.
//! Pure functions: "Müller, Zoë" and "zoe muller" fold to the same tokens, and
//! misspellings score by Jaro-Winkler per token, so order and accents never matter.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-cases and strips accents: "Zoë Müller-Łukasz" → "zoe muller-lukasz".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Folded tokens of a name or query: split on anything that is not a letter or a digit,
/// so hyphens and apostrophes (straight or typographic) break words.
/// "Smith, John" → ["smith", "john"]; "O’Brien" → ["o", "brien"].
pub fn tokens(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The stored search key of a name: folded tokens joined by single spaces.
pub fn name_key(name: &str) -> String {
    tokens(name).join(" ")
}

/// A name as its spellings compare: folded tokens with the German spelling of umlauts
/// read back ("Zoë Müller" and "Zoe Mueller" are both "zoe muller"), so one name written
/// two ways is never taken for another name.
pub fn spelling_key(name: &str) -> String {
    tokens(name)
        .iter()
        .map(|token| unspelled(token))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A token with the German spelling of umlauts read back: "ae", "oe" and "ue" inside a
/// word as "a", "o" and "u" ("juergen" → "jurgen", "mueller" → "muller"). A name carries
/// this form (`search_tokens`) and a typed word is compared in it too, so "Juergen",
/// "Jürgen" and "Jurgen" meet whichever of them was typed and whichever is stored. A
/// word's last letters ("Zoe", "Chloe") and "que"/"gue" ("Quentin", "Miguel") are no
/// such spelling and stay.
pub fn unspelled(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    let mut out = String::with_capacity(token.len());
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        out.push(c);
        let before = index.checked_sub(1).map(|i| chars[i]);
        let spelled = matches!(c, 'a' | 'o' | 'u')
            && chars.get(index + 1) == Some(&'e')
            && index + 2 < chars.len()
            && !(c == 'u' && matches!(before, Some('q' | 'g')));
        index += if spelled { 2 } else { 1 };
    }
    out
}

/// The tokens a name is found by: its tokens, then each hyphenated or apostrophed word
/// written together ("o'brien" → "obrien", "müller-quintana" → "mullerquintana"), the
/// German spelling of umlauts ("müller" → "mueller"), and every token's spelling read
/// back (`unspelled`: "juergen" → "jurgen"). A typed word matches a name when it, or its
/// `unspelled` form, is one of these.
pub fn search_tokens(name: &str) -> Vec<String> {
    let mut found = tokens(name);
    let add = |token: String, found: &mut Vec<String>| {
        if !token.is_empty() && !found.contains(&token) {
            found.push(token);
        }
    };
    for word in name.split_whitespace() {
        let parts = tokens(word);
        if parts.len() > 1 {
            add(parts.concat(), &mut found);
        }
        let umlauts: String = word.nfc().collect::<String>().to_lowercase();
        if umlauts.contains(['ä', 'ö', 'ü']) {
            let spelled = umlauts
                .replace('ä', "ae")
                .replace('ö', "oe")
                .replace('ü', "ue");
            for token in tokens(&spelled) {
                add(token, &mut found);
            }
        }
    }
    for token in found.clone() {
        add(unspelled(&token), &mut found);
    }
    found
}

/// `search_tokens` joined by single spaces: what `people.name_key` stores.
pub fn search_key(name: &str) -> String {
    search_tokens(name).join(" ")
}

/// Scores one query token against one candidate token in 0..=1, as typed or with its
/// German spelling read back (`unspelled`), whichever is closer.
fn token_score(query: &str, candidate: &str) -> f64 {
    let read_back = unspelled(query);
    if read_back != query {
        return spelled_score(query, candidate).max(spelled_score(&read_back, candidate));
    }
    spelled_score(query, candidate)
}

fn spelled_score(query: &str, candidate: &str) -> f64 {
    if query == candidate {
        return 1.0;
    }
    // A typed prefix ("ali" for "alice") is a strong match once it is not trivially short.
    if query.chars().count() >= 2 && candidate.starts_with(query) {
        let ratio = query.chars().count() as f64 / candidate.chars().count() as f64;
        return 0.9 + 0.08 * ratio;
    }
    // Initials: "j" matches "john" weakly.
    if query.chars().count() == 1 && candidate.starts_with(query) {
        return 0.85;
    }
    strsim::jaro_winkler(query, candidate)
}

/// How well `query` matches the name whose key is `candidate_key`, in 0..=1.
///
/// Every query token is matched to its best candidate token; the score is their mean,
/// lowered slightly when the candidate has tokens the query did not mention. Token order
/// and accents are ignored, so "Müller, Zoë" scores 1.0 against "zoe muller".
pub fn name_score(query_tokens: &[String], candidate_key: &str) -> f64 {
    if query_tokens.is_empty() {
        return 0.0;
    }
    let candidate: Vec<&str> = candidate_key.split(' ').filter(|t| !t.is_empty()).collect();
    if candidate.is_empty() {
        return 0.0;
    }
    let mut used = vec![false; candidate.len()];
    let mut total = 0.0;
    let mut worst = 1.0_f64;
    for query in query_tokens {
        let best = candidate
            .iter()
            .enumerate()
            .filter(|(index, _)| !used[*index])
            .map(|(index, token)| (index, token_score(query, token)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((index, score)) => {
                used[index] = true;
                total += score;
                worst = worst.min(score);
            }
            None => total += 0.0,
        }
    }
    // Every typed word must be like a word of the name: "Alice Smith" is not Liz Smith,
    // however well "Smith" carries the mean.
    if worst < WORD_FLOOR {
        return worst;
    }
    let mean = total / query_tokens.len() as f64;
    let unmatched = used.iter().filter(|u| !**u).count();
    // A full name typed in full beats a partial one: "John Smith" prefers "John Smith"
    // over "John Smith-Jones" by a hair, and never drops a good match below the threshold.
    mean - 0.01 * unmatched as f64
}

/// A count with its noun: `plural(1, "meeting", "meetings")` → "1 meeting", and "3
/// meetings" for any other number. Every count a user reads goes through it.
/// The one rule for what no value kith keeps may hold: a control character (C0, DEL,
/// C1), other than a line break or a tab. Chat input holding one is refused, and an
/// import leaves it out and says so.
pub fn is_unkept_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\t')
}

/// A character as a reader names it: `U+0001`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The owner's own word for an interaction's type, kept beside it: `text` trimmed, unless
/// it is empty or the type's own name up to case and punctuation ("1:1 VC" is 1:1-vc's
/// name; "Dinner" is not lunch's, "walk" not other's).
pub fn own_word(text: &str, kind: crate::model::InteractionType) -> Option<String> {
    let bare = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let text = text.trim();
    (!text.is_empty() && bare(text) != bare(kind.as_str())).then(|| text.to_owned())
}

/// How often an address or a person was seen: "3 meetings", "2 emails", "1 meeting, 2
/// emails" (meetings alone when there is no mail, as before mail was a source).
pub fn seen_count(meetings: usize, emails: usize) -> String {
    match (meetings, emails) {
        (_, 0) => plural(meetings, "meeting", "meetings"),
        (0, _) => plural(emails, "email", "emails"),
        _ => format!(
            "{}, {}",
            plural(meetings, "meeting", "meetings"),
            plural(emails, "email", "emails")
        ),
    }
}

/// Interactions counted as a person reads them: meetings (in person or by video, of any
/// kind but these), calls, emails and texts — "2 meetings, 1 call, 3 emails".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub meetings: usize,
    pub calls: usize,
    pub emails: usize,
    pub texts: usize,
    pub messages: usize,
}

impl Tally {
    /// Adds `count` interactions of `kind`.
    pub fn add(&mut self, kind: crate::model::InteractionType, count: usize) {
        use crate::model::InteractionType;
        match kind {
            InteractionType::Phone => self.calls += count,
            InteractionType::Email => self.emails += count,
            InteractionType::Text => self.texts += count,
            InteractionType::Message => self.messages += count,
            _ => self.meetings += count,
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Tally::default()
    }

    /// How many interactions of every kind.
    pub fn total(&self) -> usize {
        self.meetings + self.calls + self.emails + self.texts + self.messages
    }
}

impl std::fmt::Display for Tally {
    /// "2 meetings, 1 call", leaving out the kinds there are none of; "0 meetings" when empty.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = [
            (self.meetings, "meeting", "meetings"),
            (self.calls, "call", "calls"),
            (self.emails, "email", "emails"),
            (self.texts, "text", "texts"),
            (self.messages, "message", "messages"),
        ]
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| plural(*n, one, many))
        .collect();
        if parts.is_empty() {
            return f.write_str("0 meetings");
        }
        f.write_str(&parts.join(", "))
    }
}

/// How a hit matches what was typed, beyond its score: whether it can name one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Strength {
    /// A prefix, an initial, a misspelling, an address that starts with the text, a tag.
    Close,
    /// Every typed word is a word of the name (or of an alias, or a spelling such as
    /// "mueller" or "obrien"), or the text is an address's local part.
    Exact,
    /// The text is the whole name (up to accents, case, order, punctuation and the German
    /// spelling of umlauts), a whole address, or exactly the name of someone whose name has no letters ("🦊").
    Whole,
}

/// How `query_tokens` match the name `name` whose search key is `candidate_key`.
pub fn name_strength(query_tokens: &[String], candidate_key: &str, name: &str) -> Strength {
    if query_tokens.is_empty() {
        return Strength::Close;
    }
    let mut typed: Vec<String> = query_tokens.iter().map(|t| unspelled(t)).collect();
    let mut whole: Vec<String> = tokens(name).iter().map(|t| unspelled(t)).collect();
    typed.sort();
    whole.sort();
    if typed == whole {
        return Strength::Whole;
    }
    let mut key: Vec<&str> = candidate_key.split(' ').filter(|t| !t.is_empty()).collect();
    for query in query_tokens {
        let read_back = unspelled(query);
        match key
            .iter()
            .position(|token| token == query || *token == read_back)
        {
            Some(index) => {
                key.swap_remove(index);
            }
            None => return Strength::Close,
        }
    }
    Strength::Exact
}

/// The score above which a name counts as a match.
pub const MATCH_THRESHOLD: f64 = 0.84;

/// The least a typed word may score against its word of the name for the name to match
/// at all (a misspelling, "Jhon", scores above it; another name, "Alice" for "Liz", below).
const WORD_FLOOR: f64 = 0.75;

/// Title-cases a name written in lower case or as an address local part:
/// "jane.doe" → "Jane Doe", "o'neil" → "O'Neil".
pub fn title_case(text: &str) -> String {
    text.split(|c: char| c == '.' || c == '_' || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut out = String::with_capacity(word.len());
            let mut upper_next = true;
            for c in word.chars() {
                if upper_next {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                upper_next = c == '\'' || c == '-';
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "https://www.Acme.io/about" → "acme.io": what a typed domain means.
pub fn bare_domain(text: &str) -> String {
    let text = text.trim().to_lowercase();
    let text = text
        .split_once("://")
        .map_or(text.as_str(), |(_, rest)| rest);
    let text = text.split(['/', '?', '#']).next().unwrap_or_default();
    let text = text.rsplit('@').next().unwrap_or_default();
    let text = text.split(':').next().unwrap_or_default();
    text.strip_prefix("www.")
        .unwrap_or(text)
        .trim_matches('.')
        .to_owned()
}

/// A month's number from its English name or an abbreviation of three letters or more
/// ("nov", "November", "sept").
pub fn month_number(word: &str) -> Option<u32> {
    if word.len() < 3 {
        return None;
    }
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
    .iter()
    .position(|name| name.starts_with(word) || (word == "sept" && *name == "september"))
    .map(|index| index as u32 + 1)
}

/// Given and family name from one full name: the last word is the family name.
pub fn split_full_name(full: &str) -> (String, String) {
    let full = full.trim();
    let (given, family) = match full.rsplit_once(char::is_whitespace) {
        Some((given, family)) => (given.trim(), family.trim()),
        None => (full, ""),
    };
    (given.to_owned(), family.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_name_splits_at_its_last_word() {
        for (full, given, family) in [
            ("Ana Smith", "Ana", "Smith"),
            ("  Mary Ann  de Vries ", "Mary Ann  de", "Vries"),
            ("Cher", "Cher", ""),
            ("", "", ""),
        ] {
            assert_eq!(
                split_full_name(full),
                (given.to_owned(), family.to_owned()),
                "{full:?}"
            );
        }
    }

    #[test]
    fn the_owners_word_is_kept_unless_it_is_the_types_own_name() {
        use crate::model::InteractionType::{Coffee, GroupVideo, Lunch, OneOnOneVideo, Other};
        let cases = [
            ("walk", Other, Some("walk")),
            (" Dinner ", Lunch, Some("Dinner")),
            ("Group Meeting", GroupVideo, Some("Group Meeting")),
            ("1:1 VC", OneOnOneVideo, None),
            ("Coffee", Coffee, None),
            ("other", Other, None),
            ("", Other, None),
        ];
        for (text, kind, word) in cases {
            assert_eq!(own_word(text, kind).as_deref(), word, "{text:?}");
        }
    }

    #[test]
    fn a_typed_domain_is_its_bare_domain() {
        assert_eq!(bare_domain("https://www.Acme.io/about?x=1"), "acme.io");
        assert_eq!(bare_domain("www.acme.io"), "acme.io");
        assert_eq!(bare_domain("@acme.io"), "acme.io");
        assert_eq!(bare_domain("acme.io:443"), "acme.io");
    }

    fn score(query: &str, name: &str) -> f64 {
        name_score(&tokens(query), &search_key(name))
    }

    #[test]
    fn hyphens_apostrophes_and_german_spellings_are_word_breaks_and_variants() {
        assert_eq!(tokens("O’Brien"), ["o", "brien"]);
        assert_eq!(
            tokens("Mary-Jane Watson‐Parker"),
            ["mary", "jane", "watson", "parker"]
        );
        assert_eq!(search_key("Sean O'Brien"), "sean o brien obrien");
        assert_eq!(
            search_key("Zoë Müller-Quintana"),
            "zoe muller quintana mullerquintana mueller"
        );
        assert_eq!(search_key("Anna Mueller"), "anna mueller muller");
        assert_eq!(search_key("Jürgen Klopp"), "jurgen klopp juergen");
        for (spelled, read_back) in [
            ("juergen", "jurgen"),
            ("schroeder", "schroder"),
            ("jaeger", "jager"),
            ("zoe", "zoe"),
            ("chloe", "chloe"),
            ("quentin", "quentin"),
            ("miguel", "miguel"),
        ] {
            assert_eq!(unspelled(spelled), read_back, "{spelled}");
        }
        for (query, name) in [
            ("mueller", "Zoë Müller"),
            ("müller", "Anna Mueller"),
            ("obrien", "Sean O'Brien"),
            ("o brien", "Sean O’Brien"),
            ("watson parker", "Mary-Jane Watson-Parker"),
        ] {
            let s = score(query, name);
            assert!(s >= MATCH_THRESHOLD, "{query:?} vs {name:?} scored {s}");
        }
    }

    #[test]
    fn folding_strips_accents_and_case() {
        let cases = [
            ("Zoë Müller", "zoe muller"),
            ("Łukasz Żółć", "lukasz zolc"),
            ("Straße", "strasse"),
            ("Søren Ærø", "soren aero"),
            ("José", "jose"),
        ];
        for (input, expected) in cases {
            assert_eq!(fold(input), expected, "{input:?}");
        }
    }

    #[test]
    fn names_match_regardless_of_order_accents_and_small_typos() {
        let matches = [
            ("Müller, Zoë", "Zoe Muller"),
            ("zoe muller", "Zoë Müller"),
            ("Smith, John", "John Smith"),
            ("Jhon Smtih", "John Smith"),
            ("ali", "Alice Smith"),
            ("j smith", "John Smith"),
            ("Francois", "François Dupont"),
        ];
        for (query, name) in matches {
            let s = score(query, name);
            assert!(s >= MATCH_THRESHOLD, "{query:?} vs {name:?} scored {s}");
        }
        let misses = [
            ("Bob", "Alice Smith"),
            ("Alice Smith", "Liz Smith"),
            ("Zhang", "John Smith"),
            ("xyz", "Zoe Muller"),
        ];
        for (query, name) in misses {
            let s = score(query, name);
            assert!(s < MATCH_THRESHOLD, "{query:?} vs {name:?} scored {s}");
        }
    }

    #[test]
    fn a_name_typed_whole_or_word_for_word_is_told_from_a_close_one() {
        let strength =
            |query: &str, name: &str| name_strength(&tokens(query), &search_key(name), name);
        let cases = [
            ("Max Mustermann", "Max Mustermann", Strength::Whole),
            ("mustermann, MAX", "Max Mustermann", Strength::Whole),
            ("zoe muller", "Zoë Müller", Strength::Whole),
            ("Max", "Max Mustermann", Strength::Exact),
            ("jurgen", "Jürgen Weber", Strength::Exact),
            ("juergen", "Jürgen Weber", Strength::Exact),
            // The German spelling is read back on both sides, whichever was typed.
            ("juergen", "Jurgen Schmidt", Strength::Exact),
            ("jurgen", "Juergen Schmidt", Strength::Exact),
            ("juergen klopp", "Jürgen Klopp", Strength::Whole),
            ("jurgen schmidt", "Juergen Schmidt", Strength::Whole),
            ("obrien", "Sean O'Brien", Strength::Exact),
            ("max max", "Max Mustermann", Strength::Close),
            ("Maxi", "Max Mustermann", Strength::Close),
            ("ma", "Max Mustermann", Strength::Close),
            (
                "Mustermann",
                "Maximilian Mustermann-Schulz",
                Strength::Exact,
            ),
            ("", "🦊", Strength::Close),
        ];
        for (query, name, expected) in cases {
            assert_eq!(strength(query, name), expected, "{query:?} for {name:?}");
        }
    }

    #[test]
    fn exact_names_rank_above_longer_ones() {
        assert!(score("John Smith", "John Smith") > score("John Smith", "John Smith Jones"));
    }

    #[test]
    fn title_case_of_local_parts() {
        assert_eq!(title_case("jane.doe"), "Jane Doe");
        assert_eq!(title_case("o'neil"), "O'Neil");
        assert_eq!(title_case("mary-jane watson"), "Mary-Jane Watson");
    }
}
