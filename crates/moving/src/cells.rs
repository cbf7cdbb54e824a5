//! Cells a spreadsheet would run as a formula. The CSV export neutralises every cell that
//! begins with `=`, `+`, `-`, `@`, a tab or a carriage return by putting a `'` before it
//! (OWASP's rule for CSV injection), and kith's Airtable import takes exactly that `'` off
//! again, so the round trip is exact. To stay exact for a value that itself begins with
//! quotes before such a character (`'=x`), the rule looks past leading quotes: a cell
//! that is quotes and then one of those characters gains one quote on the way out and
//! loses one on the way in; every other cell passes untouched. Also `write_csv`, a whole
//! file of such cells as the export writes it. Pure.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `text`, past any leading quotes, begins with a formula character.
fn starts_like_a_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(TRIGGERS)
}

/// A cell as the export writes it: `=1+1` becomes `'=1+1`, `'=x` becomes `''=x`.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if starts_like_a_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A cell as the import reads it: the quote `neutralise` added taken off again.
pub fn restore(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if starts_like_a_formula(rest) => rest,
        _ => text,
    }
}

/// A CSV file: the headers, then each row with every cell a spreadsheet would run as a
/// formula neutralised (`crate::cells`).
pub fn write_csv(headers: &[&String], rows: Vec<Vec<String>>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(headers).expect("writing to memory");
    for row in rows {
        let safe = row.iter().map(|cell| neutralise(cell).into_owned());
        writer.write_record(safe).expect("writing to memory");
    }
    // A BOM, as Airtable writes it, so spreadsheets read UTF-8.
    let body = String::from_utf8(writer.into_inner().expect("writing to memory"))
        .expect("CSV of text is text");
    format!("\u{feff}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_gain_one_quote_and_lose_it_again() {
        let cases = [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+4915112345678 (mobile)", "'+4915112345678 (mobile)"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''+x", "'''+x"),
            ("'plain", "'plain"),
            ("'", "'"),
            ("", ""),
            ("Jane = Doe", "Jane = Doe"),
        ];
        for (value, written) in cases {
            assert_eq!(neutralise(value), written, "{value:?}");
            assert_eq!(restore(written), value, "{written:?}");
        }
    }
}
