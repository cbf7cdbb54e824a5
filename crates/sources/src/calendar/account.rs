//! One Google account over HTTP, for the Calendar and Gmail clients alike: its client
//! and access token (refreshed from the saved refresh token), the retry policy, one
//! bearer-token GET, and the reading of Google's error bodies.

use std::time::Duration;

use super::auth::{AuthError, StoredToken, refresh_access_token};
use kith_config::secret::Secret;

/// How often and how patiently to retry.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Attempts per request (the first one included).
    pub tries: u32,
    /// The first wait; it doubles with each retry (plus jitter).
    pub base_delay: Duration,
    /// The longest kith waits for one answer.
    pub timeout: Duration,
    /// The longest wait kith accepts from a `Retry-After` header.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            tries: 5,
            base_delay: Duration::from_millis(500),
            timeout: Duration::from_secs(30),
            max_wait: Duration::from_secs(60),
        }
    }
}

/// One Google account's HTTP client and access token, refreshed from the saved refresh
/// token when there is none yet or a 401 asks for a fresh one; Calendar and Gmail share it.
pub struct GoogleAuth {
    pub http: reqwest::Client,
    token_url: String,
    client_id: String,
    client_secret: Option<Secret>,
    token: StoredToken,
    access_token: Option<Secret>,
}

impl GoogleAuth {
    pub fn new(
        token_url: &str,
        client_id: &str,
        client_secret: Option<Secret>,
        token: StoredToken,
    ) -> Result<GoogleAuth, AuthError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| AuthError::Io(format!("cannot start an HTTP client: {e}")))?;
        Ok(GoogleAuth {
            http,
            token_url: token_url.to_owned(),
            client_id: client_id.to_owned(),
            client_secret,
            token,
            access_token: None,
        })
    }

    /// The access token, refreshed when there is none yet or `force` asks; a token
    /// endpoint that is briefly unavailable is asked again within `retry`.
    pub async fn access_token(
        &mut self,
        force: bool,
        retry: RetryPolicy,
    ) -> Result<Secret, AuthError> {
        if !force && let Some(token) = &self.access_token {
            return Ok(token.clone());
        }
        let mut attempt = 0;
        let fresh = loop {
            let answer = tokio::time::timeout(
                retry.timeout,
                refresh_access_token(
                    &self.http,
                    &self.token_url,
                    &self.client_id,
                    self.client_secret.as_ref(),
                    &self.token.refresh_token,
                ),
            )
            .await
            .unwrap_or_else(|_| Err(AuthError::Unavailable("timed out".into())));
            match answer {
                Err(AuthError::Unavailable(reason)) if attempt + 1 < retry.tries => {
                    attempt += 1;
                    let delay = backoff(retry.base_delay, attempt);
                    tracing::warn!(%reason, delay_ms = delay.as_millis() as u64, "token refresh failed; retrying");
                    tokio::time::sleep(delay).await;
                }
                answer => break answer?,
            }
        };
        self.access_token = Some(fresh.clone());
        Ok(fresh)
    }
}

/// Google's own words from an error body (`error.message`), or the body's start.
pub(crate) fn google_message(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
        .unwrap_or_else(|| body.chars().take(200).collect())
}

/// Whether a 403 is a rate limit (worth waiting out), not a refusal.
pub(crate) fn is_rate_limit(body: &str) -> bool {
    body.contains("rateLimitExceeded")
        || body.contains("userRateLimitExceeded")
        || body.contains("quotaExceeded")
}

/// One GET with a bearer token: the status, the wait a `Retry-After` asks for and the
/// body; `Err` with the reason when it is worth asking again (a timeout, a network error,
/// a body cut off). The reason never carries the URL or the token.
pub(crate) async fn get_with_token(
    http: &reqwest::Client,
    url: &str,
    query: &[(&str, String)],
    token: &Secret,
    timeout: Duration,
) -> Result<(u16, Option<Duration>, String), String> {
    let response = http
        .get(url)
        .bearer_auth(token.expose())
        .query(query)
        .timeout(timeout)
        .send()
        .await;
    let response = match response {
        Ok(response) => response,
        Err(error) if error.is_timeout() => return Err("timed out".into()),
        Err(error) => return Err(format!("network error: {}", error.without_url())),
    };
    let status = response.status().as_u16();
    let wait = retry_after(response.headers());
    let body = response
        .text()
        .await
        .map_err(|error| format!("reading the answer failed: {}", error.without_url()))?;
    Ok((status, wait, body))
}

/// The wait a `Retry-After` header asks for, in seconds (the form Google sends).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// Exponential backoff with jitter: base × 2^(attempt−1), plus up to half again.
pub(crate) fn backoff(base: Duration, attempt: u32) -> Duration {
    let exponential = base.saturating_mul(1 << attempt.saturating_sub(1).min(10));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let jitter = exponential.mul_f64(f64::from(nanos % 1000) / 2000.0);
    exponential + jitter
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_bounded() {
        let base = Duration::from_millis(100);
        let first = backoff(base, 1);
        let third = backoff(base, 3);
        assert!(first >= base && first <= base.mul_f64(1.5));
        assert!(third >= base * 4 && third <= (base * 4).mul_f64(1.5));
        assert!(backoff(base, 60) <= (base * 1024).mul_f64(1.5));
    }
}
