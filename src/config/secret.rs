//! Values that must never be printed: `Secret` (tokens, client secrets) and `FeedUrl`
//! (an ICS address, which is itself a password). Their `Debug` hides them.

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

/// FNV-1a, 64 bits: a fingerprint that is the same in every build and run.
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
