//! Logging to standard error with secrets removed: every line is checked for the bot
//! token and OAuth secrets before it is written, whoever logged it (kith, teloxide,
//! reqwest errors that carry the token in a URL).

use std::io::Write;
use std::sync::Arc;

use tracing_subscriber::fmt::MakeWriter;

/// Every secret the settings hold, as text to keep out of logs and reports: the bot
/// token, the OAuth client secret, the IMAP password and the secret parts of feed URLs.
pub fn secrets(settings: &crate::config::settings::Settings) -> Vec<String> {
    [
        settings.telegram_token.as_ref(),
        settings.google_client_secret.as_ref(),
        settings.imap_password.as_ref(),
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
    format: crate::config::settings::LogFormat,
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
    // In a JSON line a secret appears escaped (a quote or backslash in a password).
    let secrets: Vec<String> = secrets
        .into_iter()
        .filter(|s| s.len() >= 4)
        .flat_map(|secret| {
            let escaped = serde_json::to_string(&secret).unwrap_or_default();
            let escaped = escaped.trim_matches('"').to_owned();
            if escaped == secret {
                vec![secret]
            } else {
                vec![secret, escaped]
            }
        })
        .collect();
    let writer = Redacting {
        secrets: Arc::new(secrets),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    let _ = match format {
        crate::config::settings::LogFormat::Text => builder.try_init(),
        crate::config::settings::LogFormat::Json => builder
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
    pub fn new(secrets: Vec<String>) -> Redacting {
        Redacting {
            secrets: Arc::new(secrets),
        }
    }
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
}
