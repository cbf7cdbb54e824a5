//! Relative hints in sentences kept for later, such as a change's summary in /history: kept
//! without them (absolute dates only), shown with them counted on the day they are read,
//! so "(today)" never outlives its day. Pure.

use chrono::NaiveDate;

use super::dates::dated;

/// Whether `text` is a hint `dates::relative` writes ("today", "3 weeks ago", "in 2 days").
fn is_relative_hint(text: &str) -> bool {
    let words: Vec<&str> = text.split(' ').collect();
    let number = |word: &str| !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit());
    let unit = |word: &str| {
        ["day", "week", "month", "year"]
            .iter()
            .any(|unit| word == *unit || word.strip_suffix('s') == Some(unit))
    };
    match words[..] {
        ["today" | "yesterday" | "tomorrow"] => true,
        [n, u, "ago"] => number(n) && unit(u),
        ["in", n, u] => number(n) && unit(u),
        _ => false,
    }
}

/// Each ISO date in `text` with the hint after it, if any: (where the date starts, the
/// date, where the hint ends — or the date ends when it has none).
fn iso_dates(text: &str) -> Vec<(usize, NaiveDate, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at + 10 <= bytes.len() {
        let starts = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        let ends = bytes
            .get(at + 10)
            .is_none_or(|b| !b.is_ascii_alphanumeric());
        let date = text
            .get(at..at + 10)
            .filter(|_| starts && ends)
            .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
        let Some(date) = date else {
            at += 1;
            continue;
        };
        let after = &text[at + 10..];
        let hint = after
            .strip_prefix(" (")
            .and_then(|rest| rest.split_once(')'))
            .filter(|(hint, _)| is_relative_hint(hint))
            .map_or(0, |(hint, _)| hint.len() + 3);
        found.push((at, date, at + 10 + hint));
        at += 10 + hint;
    }
    found
}

/// A sentence to keep, such as a change's summary: its relative hints taken out, so it
/// holds absolute dates only ("Logged coffee … on 2026-11-25.").
pub fn without_relative_hints(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut from = 0;
    for (at, _, end) in iso_dates(text) {
        kept.push_str(&text[from..at + 10]);
        from = end;
    }
    kept.push_str(&text[from..]);
    kept
}

/// A kept sentence as shown on `today`: every ISO date with its hint counted now (a hint
/// kept from when it was written is replaced), "2026-11-25 (2 weeks ago)".
pub fn with_relative_hints(text: &str, today: NaiveDate) -> String {
    let mut shown = String::with_capacity(text.len() + 16);
    let mut from = 0;
    for (at, date, end) in iso_dates(text) {
        shown.push_str(&text[from..at]);
        shown.push_str(&dated(date, today));
        from = end;
    }
    shown.push_str(&text[from..]);
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_hints_in_kept_sentences_are_taken_out_and_counted_when_shown() {
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        // (written, kept)
        let kept = [
            (
                "Logged coffee with Ann on 2026-11-26 (today).",
                "Logged coffee with Ann on 2026-11-26.",
            ),
            (
                "Moved from 2026-10-20 (1 month ago) to 2026-11-28 (in 2 days)",
                "Moved from 2026-10-20 to 2026-11-28",
            ),
            (
                "Title: Review 2026-12-01 (draft)",
                "Title: Review 2026-12-01 (draft)",
            ),
            ("No date here (today)", "No date here (today)"),
            ("id 12026-11-26 (today)", "id 12026-11-26 (today)"),
        ];
        for (written, expected) in kept {
            assert_eq!(without_relative_hints(written), expected, "{written:?}");
        }
        let today = day("2026-12-10");
        // (kept, shown)
        let shown = [
            (
                "Logged coffee with Ann on 2026-11-26.",
                "Logged coffee with Ann on 2026-11-26 (2 weeks ago).",
            ),
            // Written before hints were taken out: the old hint is counted again.
            (
                "Logged coffee with Ann on 2026-11-26 (today).",
                "Logged coffee with Ann on 2026-11-26 (2 weeks ago).",
            ),
            (
                "Title: Review 2026-12-01 (draft)",
                "Title: Review 2026-12-01 (9 days ago) (draft)",
            ),
            ("Nothing dated", "Nothing dated"),
        ];
        for (kept, expected) in shown {
            assert_eq!(with_relative_hints(kept, today), expected, "{kept:?}");
        }
    }
}
