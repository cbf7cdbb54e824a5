//! Logging to standard error with secrets removed: every line is checked for the bot
//! token, OAuth secrets, the IMAP and CardDAV passwords and feed addresses before it is written,
//! whoever logged it (kith, teloxide, reqwest errors that carry the token in a URL,
//! async-imap tracing its LOGIN), in each spelling a line can carry them.

use std::io::Write;
use std::sync::Arc;

use tracing_subscriber::fmt::MakeWriter;

/// Every secret the settings hold, as text to keep out of logs and reports: the bot
/// token, the OAuth client secret, the IMAP password and the secret parts of feed URLs.
pub fn secrets(settings: &crate::settings::Settings) -> Vec<String> {
    [
        settings.telegram_token.as_ref(),
        settings.google_client_secret.as_ref(),
        settings.imap_password.as_ref(),
        settings.address_book.password.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|secret| secret.expose().to_owned())
    .chain(
        settings
            .ics_urls
            .iter()
            .flat_map(|feed| feed.secret_parts()),
    )
    .collect()
}

/// Starts logging with a tracing filter (`KITH_LOG`), as text or JSON lines, hiding each
/// of `secrets` in either.
pub fn init(
    filter: &str,
    format: crate::settings::LogFormat,
    secrets: Vec<String>,
    quiet: &[&str],
) {
    // Migration progress is routine; keep it out of the default output, with whatever
    // the adapters name as noise in `quiet` (filter directives such as "target=warn").
    let mut directives = format!("{filter},rusqlite_migration=warn");
    for directive in quiet {
        directives.push(',');
        directives.push_str(directive);
    }
    let filter = tracing_subscriber::EnvFilter::try_new(directives)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let writer = Redacting::new(secrets);
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    let _ = match format {
        crate::settings::LogFormat::Text => builder.try_init(),
        crate::settings::LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init(),
    };
}

/// Makes one buffered writer per log event.
#[derive(Clone)]
pub struct Redacting {
    secrets: Arc<Vec<String>>,
}

impl Redacting {
    /// Hides each of `secrets` (four characters or more) in every spelling a line can
    /// carry it in (`secret::spellings`: escaped for JSON, quoted for IMAP, `{:?}`,
    /// percent-encoded), longest first.
    pub fn new(secrets: Vec<String>) -> Redacting {
        Redacting {
            secrets: Arc::new(every_spelling(&secrets)),
        }
    }
}

/// The spellings of every secret long enough to hide, longest first.
pub fn every_spelling(secrets: &[String]) -> Vec<String> {
    let mut forms: Vec<String> = secrets
        .iter()
        .filter(|s| s.len() >= 4)
        .flat_map(|secret| crate::secret::spellings(secret))
        .collect();
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    forms.dedup();
    forms
}

impl<'a> MakeWriter<'a> for Redacting {
    type Writer = RedactedEvent;

    fn make_writer(&'a self) -> RedactedEvent {
        RedactedEvent {
            buffer: Vec::new(),
            secrets: Arc::clone(&self.secrets),
        }
    }
}

/// Collects one event and writes it, redacted, when dropped.
pub struct RedactedEvent {
    buffer: Vec<u8>,
    secrets: Arc<Vec<String>>,
}

impl RedactedEvent {
    fn redacted(&self) -> String {
        let mut text = String::from_utf8_lossy(&self.buffer).into_owned();
        for secret in self.secrets.iter() {
            text = text.replace(secret.as_str(), "<redacted>");
        }
        text
    }
}

impl Write for RedactedEvent {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for RedactedEvent {
    fn drop(&mut self) {
        if !self.buffer.is_empty() {
            let _ = std::io::stderr().write_all(self.redacted().as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_reach_the_output() {
        let maker = Redacting::new(vec!["123456:SECRET-token".into()]);
        let mut event = maker.make_writer();
        event
            .write_all(b"error sending request for url (https://api.telegram.org/bot123456:SECRET-token/GetUpdates)")
            .unwrap();
        assert_eq!(
            event.redacted(),
            "error sending request for url (https://api.telegram.org/bot<redacted>/GetUpdates)"
        );
        event.buffer.clear();
    }

    /// The lines async-imap's trace of LOGIN gives, in the text and the JSON format.
    fn login_lines(password: &str) -> Vec<String> {
        let quoted = password.replace('\\', "\\\\").replace('"', "\\\"");
        let command = format!("LOGIN \"me@host.io\" \"{quoted}\"");
        let traced = format!(
            "encode: input: Some(\"A0001\"), {:?}",
            Ok::<_, ()>(&command)
        );
        let json = serde_json::json!({ "level": "TRACE", "message": traced }).to_string();
        vec![command, traced, json]
    }

    #[test]
    fn a_password_is_hidden_in_every_escaping() {
        let passwords = [
            "pa\\ss\"word",
            "100% sure \\ \"quoted\"",
            "grüße, 密码 \"x\"",
            "plain-password",
            "a:b@c/d?e=f&g",
        ];
        for password in passwords {
            let maker = Redacting::new(vec![password.to_owned()]);
            let forms = crate::secret::spellings(password);
            for line in login_lines(password).into_iter().chain(
                forms
                    .iter()
                    .map(|form| format!("url imap://me:{form}@host/")),
            ) {
                let mut event = maker.make_writer();
                event.write_all(line.as_bytes()).unwrap();
                let shown = event.redacted();
                event.buffer.clear();
                assert!(shown.contains("<redacted>"), "{line} -> {shown}");
                for form in &forms {
                    assert!(!shown.contains(form.as_str()), "{form:?} in {shown}");
                }
            }
        }
    }
}
