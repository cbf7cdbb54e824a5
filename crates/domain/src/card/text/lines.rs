//! A card's text cut into its content lines: each line's place in the text (so an
//! untouched line is written back byte for byte), its unfolded group, name, parameters
//! and value; the card's version and line ending; and the problems that make a text no
//! card (`CardProblem`).

use std::ops::Range;

use super::CardProblem;
use super::values::decode_quoted_printable;

/// The largest card kith reads, and the most properties it holds.
const MAX_BYTES: usize = 1 << 20;
const MAX_PROPERTIES: usize = 10_000;

/// The vCard version a card says it is (3.0 when it says something else or nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Version {
    V21,
    V3,
    V4,
}

/// One parameter: `TYPE=work,voice` (name upper-cased, values unquoted) or vCard 2.1's
/// bare `CELL` (no name).
#[derive(Clone, Debug)]
pub(super) struct Param {
    pub name: Option<String>,
    pub values: Vec<String>,
    /// As written, for writing the line again.
    pub raw: String,
}

/// One content line, unfolded.
#[derive(Clone, Debug)]
pub(super) struct Line {
    /// Its physical lines in the text, line endings included.
    pub span: Range<usize>,
    /// `item1` in `item1.TEL` (as written).
    pub group: Option<String>,
    /// The property's name, upper-cased.
    pub name: String,
    pub params: Vec<Param>,
    /// Everything before the value's `:` (group, name, parameters), unfolded.
    pub head: String,
    /// The value, unfolded (quoted-printable decoded), still escaped.
    pub value: String,
    /// Whether the value was quoted-printable (its ENCODING/CHARSET parameters do not
    /// describe a value written again).
    pub encoded: bool,
}

impl Line {
    /// The line's types, lower-cased: `TYPE=` values and vCard 2.1's bare parameters.
    pub fn types(&self) -> impl Iterator<Item = String> + '_ {
        self.params
            .iter()
            .filter(|p| p.name.as_deref().is_none_or(|n| n == "TYPE"))
            .flat_map(|p| p.values.iter())
            .flat_map(|v| v.split(','))
            .map(|v| v.trim().to_ascii_lowercase())
    }

    pub fn has_type(&self, wanted: &[&str]) -> bool {
        self.types().any(|t| wanted.contains(&t.as_str()))
    }

    /// The head to write a new value under: as written, but without the ENCODING and
    /// CHARSET parameters of a value that was encoded.
    pub fn head_for_new_value(&self) -> String {
        if !self.encoded {
            return self.head.clone();
        }
        let mut head = match &self.group {
            Some(group) => format!("{group}.{}", self.bare_name()),
            None => self.bare_name().to_owned(),
        };
        for param in &self.params {
            let drop = matches!(param.name.as_deref(), Some("ENCODING" | "CHARSET"))
                || param.name.is_none() && param.raw.eq_ignore_ascii_case("QUOTED-PRINTABLE");
            if !drop {
                head.push(';');
                head.push_str(&param.raw);
            }
        }
        head
    }

    /// The name as written (its case kept).
    fn bare_name(&self) -> &str {
        let name_and_params = match &self.group {
            Some(group) => &self.head[group.len() + 1..],
            None => &self.head[..],
        };
        name_and_params.split(';').next().unwrap_or_default()
    }
}

/// A card's text read into lines.
#[derive(Debug)]
pub(super) struct Card<'t> {
    pub text: &'t str,
    /// The content lines between `BEGIN:VCARD` and `END:VCARD`.
    pub lines: Vec<Line>,
    /// Where the `END:VCARD` line starts: new lines go here.
    pub end: usize,
    pub version: Version,
    /// The line ending new lines get: the card's own (`\n` for a card using LF only).
    pub newline: &'static str,
}

impl Card<'_> {
    /// The first line of a property (`"FN"`).
    pub fn first(&self, name: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.name == name)
    }
}

/// One physical line: its byte range (ending included) and its text without the ending.
struct Physical<'t> {
    span: Range<usize>,
    content: &'t str,
}

fn physical_lines(text: &str) -> impl Iterator<Item = Physical<'_>> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |at| start + at + 1);
        let content = text[start..end].trim_end_matches(['\n', '\r']);
        let line = Physical {
            span: start..end,
            content,
        };
        start = end;
        Some(line)
    })
}

/// One logical line before its head is read: its span, first line, unfolded text.
struct Unfolded {
    span: Range<usize>,
    number: usize,
    text: String,
}

/// The text's logical lines: folded lines joined (a line starting with a space or a tab
/// continues the one before), and a quoted-printable value ending in `=` continued by
/// the next line (vCard 2.1's soft line break).
fn unfold(text: &str) -> Vec<Unfolded> {
    let mut lines: Vec<Unfolded> = Vec::new();
    for (index, physical) in physical_lines(text).enumerate() {
        let continues = physical.content.starts_with([' ', '\t']);
        match lines.last_mut() {
            Some(last) if continues => {
                last.text.push_str(&physical.content[1..]);
                last.span.end = physical.span.end;
            }
            Some(last) if soft_break(&last.text) && !ends_card(physical.content) => {
                last.text.pop();
                last.text.push_str(physical.content);
                last.span.end = physical.span.end;
            }
            _ => lines.push(Unfolded {
                span: physical.span,
                number: index + 1,
                text: physical.content.to_owned(),
            }),
        }
    }
    lines
}

fn ends_card(content: &str) -> bool {
    content.trim().eq_ignore_ascii_case("END:VCARD")
}

/// Whether a line is a quoted-printable value cut by a soft line break (`=` at its end).
fn soft_break(text: &str) -> bool {
    text.ends_with('=')
        && text
            .split_once(':')
            .is_some_and(|(head, _)| head.to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
}

fn problem(line: usize, reason: impl Into<String>) -> CardProblem {
    CardProblem {
        line,
        reason: reason.into(),
    }
}

/// Whether a line is `word` (`BEGIN:VCARD`), whatever its case, spaces or byte-order mark.
fn is(line: &Unfolded, word: &str) -> bool {
    line.text
        .trim_start_matches('\u{feff}')
        .trim()
        .eq_ignore_ascii_case(word)
}

/// Reads a card's text into its lines; text before `BEGIN:VCARD` and blank lines are
/// no lines, and are kept as they are.
pub(super) fn card(text: &str) -> Result<Card<'_>, CardProblem> {
    if text.len() > MAX_BYTES {
        return Err(problem(
            0,
            format!(
                "the card is {} bytes, over the 1 MiB kith reads",
                text.len()
            ),
        ));
    }
    let unfolded = unfold(text);
    let begin = unfolded
        .iter()
        .position(|l| is(l, "BEGIN:VCARD"))
        .ok_or_else(|| problem(1, "no BEGIN:VCARD: the text is no vCard"))?;
    let mut lines = Vec::new();
    for line in &unfolded[begin + 1..] {
        if is(line, "END:VCARD") {
            let mut after = unfolded
                .iter()
                .skip_while(|l| l.span.start <= line.span.start);
            if let Some(second) = after.find(|l| is(l, "BEGIN:VCARD")) {
                return Err(problem(
                    second.number,
                    "a second card: a card's text holds one",
                ));
            }
            return Ok(Card {
                text,
                version: version_of(&lines),
                lines,
                end: line.span.start,
                newline: if text.contains("\r\n") || !text.contains('\n') {
                    "\r\n"
                } else {
                    "\n"
                },
            });
        }
        if line.text.trim().is_empty() {
            continue;
        }
        if is(line, "BEGIN:VCARD") {
            return Err(problem(line.number, "BEGIN:VCARD inside the card"));
        }
        if lines.len() == MAX_PROPERTIES {
            return Err(problem(
                line.number,
                "more than 10,000 properties in one card",
            ));
        }
        lines.push(content_line(line)?);
    }
    Err(problem(
        unfolded[begin].number,
        "the card begun here has no END:VCARD",
    ))
}

fn version_of(lines: &[Line]) -> Version {
    let version = lines.iter().find(|l| l.name == "VERSION");
    match version.map(|l| l.value.trim()) {
        Some("4.0") => Version::V4,
        Some("2.1") => Version::V21,
        _ => Version::V3,
    }
}

/// Where a line's head ends: its first `:` outside double quotes, else its first `:`.
fn value_colon(text: &str) -> Option<usize> {
    let mut quoted = false;
    for (at, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return Some(at),
            _ => {}
        }
    }
    text.find(':')
}

/// Splits `text` at each `separator` outside double quotes.
fn split_unquoted(text: &str, separator: char) -> Vec<&str> {
    let (mut parts, mut start, mut quoted) = (Vec::new(), 0, false);
    for (at, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            parts.push(&text[start..at]);
            start = at + 1;
        }
    }
    parts.push(&text[start..]);
    parts
}

fn content_line(line: &Unfolded) -> Result<Line, CardProblem> {
    let colon = value_colon(&line.text)
        .ok_or_else(|| problem(line.number, "a line without ':' (no property and value)"))?;
    let (head, value) = (&line.text[..colon], &line.text[colon + 1..]);
    let mut parts = split_unquoted(head, ';').into_iter();
    let qualified = parts.next().unwrap_or_default();
    let (group, name) = match qualified.split_once('.') {
        Some((group, name)) => (Some(group.to_owned()), name),
        None => (None, qualified),
    };
    let params: Vec<Param> = parts.map(param).collect();
    let encoded = params.iter().any(|p| {
        p.values
            .iter()
            .any(|v| v.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
    });
    Ok(Line {
        span: line.span.clone(),
        group,
        name: name.trim().to_ascii_uppercase(),
        params,
        head: head.to_owned(),
        value: match encoded {
            true => decode_quoted_printable(value),
            false => value.to_owned(),
        },
        encoded,
    })
}

fn param(raw: &str) -> Param {
    let unquote = |v: &str| v.trim().trim_matches('"').to_owned();
    match raw.split_once('=') {
        Some((name, values)) => Param {
            name: Some(name.trim().to_ascii_uppercase()),
            values: split_unquoted(values, ',')
                .into_iter()
                .map(unquote)
                .collect(),
            raw: raw.to_owned(),
        },
        None => Param {
            name: None,
            values: vec![unquote(raw)],
            raw: raw.to_owned(),
        },
    }
}
