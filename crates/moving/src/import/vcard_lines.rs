//! A vCard file's bytes → the text the vCard reader reads, line by line: a line with
//! bytes that are not UTF-8 is left out (never read as U+FFFD), and a control character
//! (`domain::text::is_unkept_control`: a NUL, U+0001…) is taken out of its line; each is
//! a problem naming the line and its card. Line numbers stay those of the file. Pure.

use super::table::Problem;
use kith_domain::text::{code_point, is_unkept_control};

/// The file's text, ready for the reader, and what was left out of it.
pub struct Cleaned {
    pub text: String,
    pub problems: Vec<Problem>,
}

/// Reads `bytes` (a leading BOM kept for the reader) line by line; `file` names it in
/// problems.
pub fn cleaned(file: &str, bytes: &[u8]) -> Cleaned {
    let mut text = String::with_capacity(bytes.len());
    let mut problems = Vec::new();
    let mut card = 0;
    let problem = |line: usize, card: usize, message: String| Problem {
        file: file.to_owned(),
        row: None,
        column: None,
        message: if card == 0 {
            format!("line {line}: {message}")
        } else {
            format!("line {line}, card {card}: {message}")
        },
    };
    for (index, raw) in bytes.split_inclusive(|b| *b == b'\n').enumerate() {
        let content_end = raw
            .iter()
            .rposition(|b| !matches!(b, b'\r' | b'\n'))
            .map_or(0, |last| last + 1);
        let (content, ending) = raw.split_at(content_end);
        let Ok(content) = std::str::from_utf8(content) else {
            if content.starts_with(b"BEGIN:VCARD") {
                card += 1;
            }
            problems.push(problem(
                index + 1,
                card,
                "it holds bytes that are not UTF-8 text, so it was left out (is the file in another encoding?)".to_owned(),
            ));
            text.push_str(std::str::from_utf8(ending).unwrap_or("\n"));
            continue;
        };
        if content
            .trim_start_matches('\u{feff}')
            .trim()
            .eq_ignore_ascii_case("BEGIN:VCARD")
        {
            card += 1;
        }
        if content.chars().any(is_unkept_control) {
            let mut found: Vec<String> = Vec::new();
            for c in content.chars().filter(|c| is_unkept_control(*c)) {
                let named = code_point(c);
                if !found.contains(&named) {
                    found.push(named);
                }
            }
            problems.push(problem(
                index + 1,
                card,
                format!(
                    "a control character ({}) was left out of it",
                    found.join(", ")
                ),
            ));
            text.extend(content.chars().filter(|c| !is_unkept_control(*c)));
        } else {
            text.push_str(content);
        }
        text.push_str(std::str::from_utf8(ending).unwrap_or("\n"));
    }
    Cleaned { text, problems }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_and_cards_are_the_files() {
        let cleaned = cleaned(
            "a.vcf",
            b"BEGIN:VCARD\r\nFN:A\x01b\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:\xff\r\nEND:VCARD\r\n",
        );
        assert_eq!(
            cleaned.text,
            "BEGIN:VCARD\r\nFN:Ab\r\nEND:VCARD\r\nBEGIN:VCARD\r\n\r\nEND:VCARD\r\n"
        );
        let shown: Vec<String> = cleaned.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "a.vcf: line 2, card 1: a control character (U+0001) was left out of it",
                "a.vcf: line 5, card 2: it holds bytes that are not UTF-8 text, so it was left out (is the file in another encoding?)",
            ]
        );
    }
}
