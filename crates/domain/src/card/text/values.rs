//! The text of one value as vCard writes it: backslash escapes (`\n`, `\,`, `\;`,
//! `\\`), a structured value's `;`-separated components, vCard 2.1's quoted-printable,
//! and folding a written line at 75 octets.

/// A text value read: `\n` and `\N` are a newline, any other escaped character is
/// itself (`\,` `\;` `\\`, and the `\:` or `\"` some exporters write).
pub(super) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A text value as written: backslashes, newlines, commas and semicolons escaped.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            c => out.push(c),
        }
    }
    out
}

/// A structured value's components as written (still escaped): split at each `;` that
/// is not escaped.
pub(super) fn components(raw: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut escaped) = (0, false);
    for (at, c) in raw.char_indices() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, ';') => {
                parts.push(&raw[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&raw[start..]);
    parts
}

/// A quoted-printable value decoded (`=C3=91` is `Ñ`); bytes that are not UTF-8 are
/// read as U+FFFD, and a `=` not followed by two hex digits is itself.
pub(super) fn decode_quoted_printable(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[at], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A content line folded as RFC 6350 asks: at most 75 octets a physical line, never
/// inside a UTF-8 character, each continuation starting with a space, each line ended
/// by `newline`.
pub(super) fn fold(line: &str, newline: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut rest = line;
    let mut limit = 75;
    loop {
        let mut cut = rest.len().min(limit);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str(newline);
        rest = &rest[cut..];
        if rest.is_empty() {
            return out;
        }
        out.push(' ');
        limit = 74;
    }
}
