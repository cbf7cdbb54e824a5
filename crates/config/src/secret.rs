//! Values that must never be printed: `Secret` (tokens, client secrets) and `FeedUrl`
//! (an ICS address, which is itself a password). Their `Debug` hides them. `spellings`
//! lists every way a secret can reach a log line (escaped for JSON, quoted for IMAP,
//! Rust's `{:?}`, percent-encoded), so the scrubber removes each.

use std::fmt;

/// A secret value whose `Debug` never shows it.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// An ICS feed: a file path, or a URL that is itself a password (Google's "secret
/// address", Outlook's published links). `Debug` and `label` show only the host and a
/// short fingerprint of the whole address.
#[derive(Clone, PartialEq, Eq)]
pub struct FeedUrl(String);

impl FeedUrl {
    pub fn new(location: impl Into<String>) -> FeedUrl {
        FeedUrl(location.into())
    }

    /// The address itself: for fetching, never for printing.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the feed is fetched over the network (and so its address is a secret).
    pub fn is_remote(&self) -> bool {
        ["http://", "https://", "webcal://"].iter().any(|scheme| {
            self.0.len() > scheme.len()
                && self
                    .0
                    .get(..scheme.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
        })
    }

    /// The name the feed is reported, logged and stored under: `ics:HOST#FINGERPRINT`
    /// for an address (the fingerprint tells two feeds of one host apart and stays the
    /// same across runs), `ics:PATH` for a file.
    pub fn label(&self) -> String {
        if !self.is_remote() {
            return format!("ics:{}", self.0);
        }
        let host = url::Url::parse(&self.0)
            .ok()
            .and_then(|url| url.host_str().map(str::to_owned))
            .unwrap_or_else(|| "?".to_owned());
        format!("ics:{host}#{:08x}", fingerprint(&self.0) >> 32)
    }

    /// The parts of the address that must never reach a log line (the whole address,
    /// and its path and query, which carry the secret).
    pub fn secret_parts(&self) -> Vec<String> {
        if !self.is_remote() {
            return Vec::new();
        }
        let mut parts = vec![self.0.clone()];
        if let Ok(url) = url::Url::parse(&self.0) {
            if url.path().len() > 12 {
                parts.push(url.path().to_owned());
            }
            if let Some(query) = url.query().filter(|q| q.len() > 8) {
                parts.push(query.to_owned());
            }
        }
        parts
    }
}

impl fmt::Debug for FeedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FeedUrl({})", self.label())
    }
}

/// Every form a secret takes in a log line, longest first: as it is; IMAP-quoted (`\\` and
/// `\"` escaped, as async-imap sends LOGIN); each of those as Rust's `{:?}` prints it (how
/// async-imap traces a command); each of these escaped again inside a JSON string (the JSON
/// log format); and percent-encoded as URLs carry it (every byte but letters and digits,
/// with upper- or lower-case hex, as a form encodes it, and as a URL's userinfo does).
pub fn spellings(secret: &str) -> Vec<String> {
    let imap = secret.replace('\\', "\\\\").replace('"', "\\\"");
    let debug = |text: &str| {
        let quoted = format!("{text:?}");
        quoted[1..quoted.len() - 1].to_owned()
    };
    let json = |text: &str| {
        let quoted = serde_json::to_string(text).unwrap_or_default();
        quoted[1..quoted.len().max(2) - 1].to_owned()
    };
    let mut forms = Vec::new();
    for base in [secret.to_owned(), imap] {
        for printed in [debug(&base), base] {
            forms.push(json(&printed));
            forms.push(printed);
        }
    }
    forms.extend(percent_encoded(secret));
    forms.retain(|form| !form.is_empty());
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    forms.dedup();
    forms
}

/// A secret percent-encoded: every byte but ASCII letters and digits (upper-case hex), as
/// a form encodes it (`+` for a space), and as a URL's password.
fn percent_encoded(secret: &str) -> Vec<String> {
    let every_byte: String = secret
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect();
    let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    // Some encoders write the hex digits in lower case.
    let lower = lower_case_hex(&every_byte);
    let mut forms = vec![every_byte, lower, form];
    if let Ok(mut url) = url::Url::parse("imap://user@host/")
        && url.set_password(Some(secret)).is_ok()
        && let Some(password) = url.password()
    {
        forms.push(password.to_owned());
    }
    forms
}

/// `%3A` as `%3a`: the hex digits after each `%` in lower case, the rest as it is.
fn lower_case_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut hex_left = 0;
    for c in encoded.chars() {
        if hex_left > 0 {
            out.push(c.to_ascii_lowercase());
            hex_left -= 1;
        } else {
            hex_left = if c == '%' { 2 } else { 0 };
            out.push(c);
        }
    }
    out
}

/// FNV-1a, 64 bits: a fingerprint that is the same in every build and run.
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_secret_is_listed() {
        // (secret, a spelling that must be listed, how it arises)
        let cases = [
            (
                "pa\\ss",
                "pa\\\\ss",
                "IMAP-quoted or JSON-escaped backslash",
            ),
            ("pa\\ss", "pa\\\\\\\\ss", "IMAP-quoted, then {:?} or JSON"),
            (
                "pa\\ss",
                "pa\\\\\\\\\\\\\\\\ss",
                "IMAP-quoted, {:?}, then JSON",
            ),
            (
                "say \"hi\"",
                "say \\\"hi\\\"",
                "IMAP-quoted or JSON-escaped quote",
            ),
            (
                "say \"hi\"",
                "say \\\\\\\"hi\\\\\\\"",
                "IMAP-quoted, then {:?}",
            ),
            (
                "say \"hi\"",
                "say \\\\\\\\\\\\\\\"hi\\\\\\\\\\\\\\\"",
                "IMAP-quoted, {:?}, then JSON",
            ),
            ("100% sure", "100%25%20sure", "percent-encoded"),
            ("100% sure", "100%25+sure", "form-encoded"),
            ("grüße!", "gr%C3%BC%C3%9Fe%21", "non-ASCII percent-encoded"),
            (
                "grüße!",
                "gr%c3%bc%c3%9fe%21",
                "percent-encoded in lower case",
            ),
            ("Ab%Cd", "Ab%25Cd", "a % encoded, the letters after it kept"),
            ("grüße!", "grüße!", "as it is"),
            ("tab\there", "tab\\there", "{:?} or JSON of a tab"),
            ("a:b@c/d", "a%3Ab%40c%2Fd", "a URL's password"),
        ];
        for (secret, spelling, how) in cases {
            let listed = spellings(secret);
            assert!(
                listed.iter().any(|s| s == spelling),
                "{how}: {spelling:?} not among {listed:?}"
            );
            assert!(listed.iter().any(|s| s == secret), "{secret:?} itself");
            assert!(
                listed.windows(2).all(|w| w[0].len() >= w[1].len()),
                "longest first: {listed:?}"
            );
        }
    }
}
