//! `EmailAddress`: what kith accepts as an address and its normal form. A plausible
//! address has one `@`, a local part of atoms (dots between them; `+tags`, apostrophes
//! and any letter, Unicode ones too) and a dotted domain of letters, digits and hyphens
//! (internationalised names included); anything else is refused with the reason a person
//! reads. Bytes that were not UTF-8 (read as U+FFFD) are refused, never stored. Pure.

use std::fmt;

use serde::Serialize;

use crate::error::Refusal;

/// A normalised email address: trimmed, lower-cased, one `@` between a plausible local
/// part and a dotted domain.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EmailAddress(String);

/// The longest address SMTP carries, and its parts' limits (RFC 5321).
const MAX_ADDRESS: usize = 254;
const MAX_LOCAL: usize = 64;
const MAX_LABEL: usize = 63;

impl EmailAddress {
    /// Accepts `Jane.Doe@Acme.io`, ` mailto:jane@acme.io `, `<jane@acme.io>`,
    /// `o'brien@x.ie`, `jane+news@acme.io`, `zoe@müller.de`; refuses anything else with
    /// the reason (`Refusal::InvalidEmail`).
    pub fn parse(text: &str) -> Result<EmailAddress, Refusal> {
        let invalid = |reason: &'static str| Refusal::InvalidEmail {
            text: text.trim().chars().take(100).collect(),
            reason,
        };
        let normalized = unwrap_address(text).to_lowercase();
        problem(&normalized).map_or(Ok(EmailAddress(normalized)), |reason| Err(invalid(reason)))
    }

    /// Why `text` is not an address kith accepts, or `None` when it is one: for readers
    /// that report a refused address beside where they found it.
    pub fn why_refused(text: &str) -> Option<&'static str> {
        problem(&unwrap_address(text).to_lowercase())
    }

    /// An address the database already holds, taken as it is: it was accepted when it came
    /// in, and a rule made stricter since must not lock it out of triage (linking,
    /// ignoring, unignoring it).
    pub fn stored(address: &str) -> EmailAddress {
        EmailAddress(address.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or("", |(local, _)| local)
    }

    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, domain)| domain)
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The address inside ` mailto:…` or `<…>`, trimmed.
fn unwrap_address(text: &str) -> &str {
    let mut candidate = text.trim();
    if let Some(scheme) = candidate.get(..7)
        && scheme.eq_ignore_ascii_case("mailto:")
    {
        candidate = candidate[7..].trim();
    }
    candidate
        .strip_prefix('<')
        .and_then(|c| c.strip_suffix('>'))
        .unwrap_or(candidate)
        .trim()
}

/// Why `address` is not plausible, or `None` when it is.
fn problem(address: &str) -> Option<&'static str> {
    if address.contains(char::REPLACEMENT_CHARACTER) {
        return Some("it holds bytes that are not UTF-8 text");
    }
    if address.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it holds a space or a control character");
    }
    if address.len() > MAX_ADDRESS {
        return Some("it is longer than 254 bytes");
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Some("it has no @");
    };
    if local.is_empty() {
        return Some("nothing comes before the @");
    }
    if domain.is_empty() {
        return Some("nothing comes after the @");
    }
    local_problem(local).or_else(|| domain_problem(domain))
}

fn local_problem(local: &str) -> Option<&'static str> {
    // The atom characters of RFC 5322 and, for internationalised mail, any letter or digit.
    let allowed = |c: char| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~-.".contains(c);
    if local.contains('@') {
        Some("it has more than one @")
    } else if local.len() > MAX_LOCAL {
        Some("the part before the @ is longer than 64 bytes")
    } else if !local.chars().all(allowed) {
        Some("the part before the @ holds a character addresses do not use")
    } else if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        Some("the part before the @ has a dot at its start or end, or two in a row")
    } else {
        None
    }
}

fn domain_problem(domain: &str) -> Option<&'static str> {
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Some("the domain has no dot");
    }
    if labels.iter().any(|label| label.is_empty()) {
        return Some("the domain has a dot at its start or end, or two in a row");
    }
    let allowed = |c: char| c.is_alphanumeric() || c == '-';
    if !labels.iter().all(|label| label.chars().all(allowed)) {
        return Some("the domain holds a character domains do not use");
    }
    if labels
        .iter()
        .any(|label| label.starts_with('-') || label.ends_with('-') || label.len() > MAX_LABEL)
    {
        return Some("a part of the domain starts or ends with a hyphen or is too long");
    }
    if labels
        .last()
        .is_some_and(|top| top.chars().all(|c| c.is_ascii_digit()))
    {
        return Some("the domain ends in a number");
    }
    None
}

/// `Jane@Acme.io` → `jane@acme.io`; `@acme.io` or `acme.io` → `*@acme.io`; `noreply@*` stays.
pub fn normalize_ignore_pattern(pattern: &str) -> Result<String, Refusal> {
    let invalid = || Refusal::InvalidIgnorePattern(pattern.trim().to_owned());
    let text = pattern.trim().to_lowercase();
    let text = if let Some(domain) = text.strip_prefix('@') {
        format!("*@{domain}")
    } else if !text.contains('@') {
        format!("*@{text}")
    } else {
        text
    };
    let (local, domain) = text.split_once('@').ok_or_else(invalid)?;
    let plain = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_alphanumeric() || ".-_+'".contains(c))
    };
    let local_ok =
        local == "*" || plain(local) || (local.ends_with('*') && plain(&local[..local.len() - 1]));
    let domain_ok = domain == "*" || plain(domain);
    if !local_ok || !domain_ok || (local == "*" && domain == "*") {
        return Err(invalid());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_normalised_or_rejected() {
        let cases = [
            ("Jane.Doe@Acme.IO", Some("jane.doe@acme.io")),
            ("  mailto:jane@acme.io ", Some("jane@acme.io")),
            ("MAILTO:Bob@Example.com", Some("bob@example.com")),
            ("<zoe@müller.de>", Some("zoe@müller.de")),
            ("o'brien@x.ie", Some("o'brien@x.ie")),
            ("Jane+News@Acme.io", Some("jane+news@acme.io")),
            ("björn@exämple.net", Some("björn@exämple.net")),
            ("user@xn--mller-kva.de", Some("user@xn--mller-kva.de")),
            (
                "first_last@sub.acme-corp.co.uk",
                Some("first_last@sub.acme-corp.co.uk"),
            ),
            ("k.hoerst@invalid.example", Some("k.hoerst@invalid.example")),
            ("jane", None),
            ("@acme.io", None),
            ("jane@", None),
            ("jane doe@acme.io", None),
            ("jane@@acme.io", None),
            ("jane@acme..io", None),
            ("", None),
        ];
        for (input, expected) in cases {
            let got = EmailAddress::parse(input).ok();
            assert_eq!(
                got.as_ref().map(EmailAddress::as_str),
                expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn implausible_addresses_are_refused_with_their_reason() {
        let cases = [
            ("%@%", "the domain has no dot"),
            ("jane", "it has no @"),
            ("@acme.io", "nothing comes before the @"),
            ("jane@", "nothing comes after the @"),
            ("jane@localhost", "the domain has no dot"),
            (
                "jane@acme%.io",
                "the domain holds a character domains do not use",
            ),
            (
                "jane@acme_corp.io",
                "the domain holds a character domains do not use",
            ),
            (
                "jane@[10.0.0.1]",
                "the domain holds a character domains do not use",
            ),
            ("jane@10.0.0.1", "the domain ends in a number"),
            (
                "jane@-acme.io",
                "a part of the domain starts or ends with a hyphen or is too long",
            ),
            (
                "jane@.acme.io",
                "the domain has a dot at its start or end, or two in a row",
            ),
            (
                "jane@acme.io.",
                "the domain has a dot at its start or end, or two in a row",
            ),
            ("ja ne@acme.io", "it holds a space or a control character"),
            (
                "jane\u{7}@acme.io",
                "it holds a space or a control character",
            ),
            (
                "jane@acme\u{a0}.io",
                "it holds a space or a control character",
            ),
            (
                "j\u{fffd}ne@acme.io",
                "it holds bytes that are not UTF-8 text",
            ),
            (
                "jane@acme\u{fffd}.io",
                "it holds bytes that are not UTF-8 text",
            ),
            ("jane@@acme.io", "it has more than one @"),
            (
                "\"jane\"@acme.io",
                "the part before the @ holds a character addresses do not use",
            ),
            (
                "ja(ne)@acme.io",
                "the part before the @ holds a character addresses do not use",
            ),
            (
                ".jane@acme.io",
                "the part before the @ has a dot at its start or end, or two in a row",
            ),
            (
                "ja..ne@acme.io",
                "the part before the @ has a dot at its start or end, or two in a row",
            ),
        ];
        for (input, expected) in cases {
            match EmailAddress::parse(input) {
                Err(Refusal::InvalidEmail { reason, .. }) => {
                    assert_eq!(reason, expected, "{input:?}")
                }
                other => panic!("{input:?}: {other:?}"),
            }
        }
        let long_local = format!("{}@acme.io", "a".repeat(65));
        assert!(EmailAddress::parse(&long_local).is_err());
        let long = format!("jane@{}.io", "a".repeat(250));
        assert!(EmailAddress::parse(&long).is_err());
    }

    #[test]
    fn the_reason_is_in_the_sentence_a_person_reads() {
        let error = EmailAddress::parse("%@%").unwrap_err();
        assert_eq!(
            error.to_string(),
            "\"%@%\" is not a valid email address: the domain has no dot"
        );
    }
}
