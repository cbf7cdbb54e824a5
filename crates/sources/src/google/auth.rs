//! Google authorization: `kith auth google` (authorization code + PKCE with a loopback
//! redirect on 127.0.0.1, or pasting the final redirect URL on a headless host, with the
//! `state` checked), the refresh token kept in a file readable by its owner only, and
//! access tokens refreshed from it. `invalid_grant` means: re-run `kith auth google`.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use chrono::{SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use kith_config::secret::Secret;
use kith_config::settings::Settings;

pub const AUTH_URL: &str = "https://accounts.google.com/o/oauth2/v2/auth";
pub const SCOPE: &str = "https://www.googleapis.com/auth/calendar.readonly";
/// Gmail's headers and labels, never a body: asked for too when `KITH_GMAIL=true`.
pub const GMAIL_SCOPE: &str = "https://www.googleapis.com/auth/gmail.metadata";

/// Google Contacts over CardDAV, read and written: asked for too when
/// `KITH_GOOGLE_CONTACTS=true`.
pub const CONTACTS_SCOPE: &str = "https://www.googleapis.com/auth/carddav";

/// The scopes `kith auth google` asks for (one token serves calendar, mail and contacts).
pub fn scopes(gmail: bool, contacts: bool) -> String {
    let mut scopes = vec![SCOPE];
    if gmail {
        scopes.push(GMAIL_SCOPE);
    }
    if contacts {
        scopes.push(CONTACTS_SCOPE);
    }
    scopes.join(" ")
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("Google Calendar is not authorized yet: run `kith auth google`")]
    NotAuthorized,
    #[error(
        "Google no longer accepts the saved authorization (invalid_grant): run `kith auth google` again"
    )]
    ReAuthorize,
    #[error("setting {0}: needed for Google Calendar")]
    MissingSetting(&'static str),
    #[error("Google refused: {0}")]
    Rejected(String),
    #[error("{0}")]
    Io(String),
    /// A network error, a 5xx/429 or an unreadable answer: worth trying again.
    #[error("Google's token endpoint is unavailable: {0}")]
    Unavailable(String),
}

/// What is saved after authorizing: the refresh token, and when.
#[derive(Clone, Serialize, Deserialize)]
pub struct StoredToken {
    pub refresh_token: Secret,
    pub obtained_at: String,
}

impl std::fmt::Debug for StoredToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredToken")
            .field("obtained_at", &self.obtained_at)
            .finish_non_exhaustive()
    }
}

/// Where the refresh token lives: `google-token.json` beside the database.
pub fn token_path(settings: &Settings) -> PathBuf {
    settings
        .db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("google-token.json")
}

impl StoredToken {
    pub fn load(path: &Path) -> Result<StoredToken, AuthError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(AuthError::NotAuthorized);
            }
            Err(error) => return Err(AuthError::Io(format!("{}: {error}", path.display()))),
        };
        serde_json::from_str(&text).map_err(|_| {
            AuthError::Io(format!(
                "{} is damaged: run `kith auth google` again",
                path.display()
            ))
        })
    }

    /// Writes the token file with mode 0600, replacing any older one (or a link) atomically.
    pub fn save(&self, path: &Path) -> Result<(), AuthError> {
        let text = serde_json::to_string_pretty(self).expect("tokens serialise");
        kith_files::write_private(path, text.as_bytes(), kith_files::Existing::Replace)
            .map_err(|error| AuthError::Io(format!("{}: {error}", path.display())))
    }
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    refresh_token: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

async fn token_request(
    http: &reqwest::Client,
    token_url: &str,
    form: &[(&str, &str)],
) -> Result<TokenAnswer, AuthError> {
    let response = http
        .post(token_url)
        .form(form)
        .send()
        .await
        .map_err(|error| AuthError::Unavailable(error.without_url().to_string()))?;
    let status = response.status();
    if status.is_server_error() || status.as_u16() == 429 {
        return Err(AuthError::Unavailable(format!("HTTP {status}")));
    }
    let answer: TokenAnswer = response
        .json()
        .await
        .map_err(|_| AuthError::Unavailable(format!("an unreadable answer (HTTP {status})")))?;
    match answer.error.as_deref() {
        Some("invalid_grant") => Err(AuthError::ReAuthorize),
        Some(error) => Err(AuthError::Rejected(format!(
            "{error}{}",
            answer
                .error_description
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        ))),
        None => Ok(answer),
    }
}

/// A fresh access token from the refresh token.
pub async fn refresh_access_token(
    http: &reqwest::Client,
    token_url: &str,
    client_id: &str,
    client_secret: Option<&Secret>,
    refresh_token: &Secret,
) -> Result<Secret, AuthError> {
    let mut form = vec![
        ("grant_type", "refresh_token"),
        ("client_id", client_id),
        ("refresh_token", refresh_token.expose()),
    ];
    if let Some(secret) = client_secret {
        form.push(("client_secret", secret.expose()));
    }
    let answer = token_request(http, token_url, &form).await?;
    answer
        .access_token
        .map(Secret::new)
        .ok_or_else(|| AuthError::Rejected("no access token in the answer".into()))
}

/// The consent page URL, with PKCE and a state to check on the way back.
pub fn authorization_url(
    client_id: &str,
    redirect_uri: &str,
    challenge: &str,
    state: &str,
    scope: &str,
) -> String {
    let mut url = url::Url::parse(AUTH_URL).expect("the auth URL parses");
    url.query_pairs_mut()
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("scope", scope)
        .append_pair("access_type", "offline")
        .append_pair("prompt", "consent")
        .append_pair("code_challenge", challenge)
        .append_pair("code_challenge_method", "S256")
        .append_pair("state", state);
    url.into()
}

/// The `code` from the final redirect URL (or just its query), after checking `state`.
pub fn code_from_redirect(redirect: &str, expected_state: &str) -> Result<String, AuthError> {
    let text = redirect.trim();
    let query = match text.split_once('?') {
        Some((_, query)) => query,
        None => text,
    };
    let query = query.split('#').next().unwrap_or_default();
    let mut code = None;
    let mut state = None;
    let mut error = None;
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "code" => code = Some(value.into_owned()),
            "state" => state = Some(value.into_owned()),
            "error" => error = Some(value.into_owned()),
            _ => {}
        }
    }
    if let Some(error) = error {
        return Err(AuthError::Rejected(format!(
            "consent was not given ({error})"
        )));
    }
    if state.as_deref() != Some(expected_state) {
        return Err(AuthError::Rejected(
            "the state in that URL does not match this authorization; start `kith auth google` again".into(),
        ));
    }
    code.filter(|c| !c.is_empty())
        .ok_or_else(|| AuthError::Rejected("that URL has no authorization code".into()))
}

/// The OAuth client kith is registered as, and the endpoint it gets tokens from.
#[derive(Clone, Copy, Debug)]
pub struct OAuthClient<'a> {
    pub token_url: &'a str,
    pub client_id: &'a str,
    pub client_secret: Option<&'a Secret>,
}

/// What the consent gave back: the code, the PKCE verifier it was asked with, and the
/// redirect address it came to.
#[derive(Clone, Copy, Debug)]
pub struct Consent<'a> {
    pub code: &'a str,
    pub verifier: &'a str,
    pub redirect_uri: &'a str,
}

/// Exchanges the authorization code for a refresh token.
pub async fn exchange_code(
    http: &reqwest::Client,
    client: OAuthClient<'_>,
    consent: Consent<'_>,
) -> Result<StoredToken, AuthError> {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("client_id", client.client_id),
        ("code", consent.code),
        ("code_verifier", consent.verifier),
        ("redirect_uri", consent.redirect_uri),
    ];
    if let Some(secret) = client.client_secret {
        form.push(("client_secret", secret.expose()));
    }
    let answer = token_request(http, client.token_url, &form).await?;
    let refresh_token = answer.refresh_token.ok_or_else(|| {
        AuthError::Rejected("Google sent no refresh token; remove kith's access in your Google account and try again".into())
    })?;
    Ok(StoredToken {
        refresh_token: Secret::new(refresh_token),
        obtained_at: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
    })
}

/// `kith auth google`: opens a loopback listener, prints the consent URL, and takes the
/// code from the browser's redirect — or from the redirect URL pasted on standard input
/// (for a host without a browser). Saves the refresh token owner-only.
pub async fn authorize_interactively(settings: &Settings) -> Result<PathBuf, AuthError> {
    let client_id = settings
        .google_client_id
        .clone()
        .ok_or(AuthError::MissingSetting("KITH_GOOGLE_CLIENT_ID"))?;
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| AuthError::Io(format!("cannot listen on 127.0.0.1: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| AuthError::Io(e.to_string()))?
        .port();
    let redirect_uri = format!("http://127.0.0.1:{port}/");
    let (challenge, verifier) = oauth2::PkceCodeChallenge::new_random_sha256();
    let state = oauth2::CsrfToken::new_random();
    let url = authorization_url(
        &client_id,
        &redirect_uri,
        challenge.as_str(),
        state.secret(),
        &scopes(settings.gmail, settings.address_book.google),
    );
    println!(
        "Open this address in a browser and allow kith to read your calendars{}{}:\n\n{url}\n",
        if settings.gmail {
            " and your mail's headers (never a message's text)"
        } else {
            ""
        },
        if settings.address_book.google {
            ", and to read and write your contacts"
        } else {
            ""
        }
    );
    println!(
        "Waiting for Google to send you back to {redirect_uri} …\n\
         On a machine without a browser, open the address elsewhere, then paste the full\n\
         address your browser ends up on (it starts with {redirect_uri}) here and press Enter."
    );
    let expected = state.secret().clone();
    // Threads answer on a channel the async side awaits (never a blocking recv here).
    let (sender, mut receiver) =
        tokio::sync::mpsc::unbounded_channel::<Result<String, AuthError>>();
    let from_browser = sender.clone();
    let expected_browser = expected.clone();
    std::thread::spawn(move || {
        if let Ok((stream, _)) = listener.accept() {
            let mut reader = BufReader::new(&stream);
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            let target = request_line
                .split_whitespace()
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            let result = code_from_redirect(&target, &expected_browser);
            let page = if result.is_ok() {
                "kith is authorized. You can close this tab."
            } else {
                "kith could not use this answer; see the terminal."
            };
            let mut stream = &stream;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
            let _ = from_browser.send(result);
        }
    });
    std::thread::spawn(move || {
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).is_ok() && !line.trim().is_empty() {
            let _ = sender.send(code_from_redirect(&line, &expected));
        }
    });
    let code = receiver.recv().await.ok_or_else(|| {
        AuthError::Io("no answer arrived from the browser or the terminal".into())
    })??;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| AuthError::Io(format!("cannot start an HTTP client: {e}")))?;
    let client = OAuthClient {
        token_url: &settings.google_token_url,
        client_id: &client_id,
        client_secret: settings.google_client_secret.as_ref(),
    };
    let consent = Consent {
        code: &code,
        verifier: verifier.secret(),
        redirect_uri: &redirect_uri,
    };
    let token = exchange_code(&http, client, consent).await?;
    let path = token_path(settings);
    token.save(&path)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_redirect_must_carry_our_state() {
        assert_eq!(
            code_from_redirect(
                "http://127.0.0.1:5555/?state=abc&code=4%2F0AX&scope=x",
                "abc"
            )
            .unwrap(),
            "4/0AX"
        );
        assert_eq!(
            code_from_redirect("/?code=xyz&state=abc", "abc").unwrap(),
            "xyz"
        );
        assert!(code_from_redirect("http://127.0.0.1:5555/?state=evil&code=xyz", "abc").is_err());
        assert!(
            code_from_redirect(
                "http://127.0.0.1:5555/?error=access_denied&state=abc",
                "abc"
            )
            .is_err()
        );
        assert!(code_from_redirect("http://127.0.0.1:5555/?state=abc", "abc").is_err());
    }

    #[test]
    fn the_consent_url_asks_for_offline_read_only_access_with_pkce() {
        let url = authorization_url(
            "client-1",
            "http://127.0.0.1:5555/",
            "challenge",
            "state-1",
            &scopes(false, false),
        );
        assert!(!url.contains("gmail") && !url.contains("carddav"), "{url}");
        let with_contacts = scopes(false, true);
        assert!(
            with_contacts.ends_with(" https://www.googleapis.com/auth/carddav"),
            "{with_contacts}"
        );
        let with_mail =
            authorization_url("c", "http://127.0.0.1:1/", "x", "y", &scopes(true, false));
        assert!(
            with_mail.contains(
                "calendar.readonly+https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fgmail.metadata"
            ),
            "{with_mail}"
        );
        for part in [
            "access_type=offline",
            "prompt=consent",
            "code_challenge_method=S256",
            "code_challenge=challenge",
            "state=state-1",
            "calendar.readonly",
            "redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2F",
        ] {
            assert!(url.contains(part), "{url} lacks {part}");
        }
    }

    #[test]
    fn the_token_file_is_private_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("google-token.json");
        assert!(matches!(
            StoredToken::load(&path),
            Err(AuthError::NotAuthorized)
        ));
        let token = StoredToken {
            refresh_token: Secret::new("1//refresh"),
            obtained_at: "2026-11-26T09:00:00Z".into(),
        };
        token.save(&path).unwrap();
        assert_eq!(
            StoredToken::load(&path).unwrap().refresh_token.expose(),
            "1//refresh"
        );
        assert!(
            !format!("{token:?}").contains("refresh"),
            "Debug never shows the token"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}
