//! HTTP as every networked source uses it: the retry policy, one classification of an
//! answer's status (`Answer`), one bearer-token GET, and one retry loop — bounded by the
//! policy's tries, exponential backoff with jitter, and at least the wait a `Retry-After`
//! asks for (capped by the policy). Google Calendar, Gmail and the ICS feed fetch all
//! retry through `with_retries`.

use std::fmt::Display;
use std::time::Duration;

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

/// What an answer means, whichever API gave it.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    /// A 2xx, with its body.
    Body(String),
    /// 401: the access token needs refreshing.
    Unauthorized,
    /// 404, with the server's words.
    NotFound(String),
    /// 410 (an expired sync token), with the server's words.
    Gone(String),
    /// 429, 5xx, a rate-limit or quota 403, a timeout or a network error: worth asking
    /// again, after at least `wait` when the server named one.
    Retry {
        reason: String,
        wait: Option<Duration>,
    },
    /// Any other status (400, a refusing 403): asking again gives the same.
    Refused { status: u16, message: String },
}

/// Classifies one answer (status, `Retry-After`, body). Pure.
pub fn classify(status: u16, wait: Option<Duration>, body: String) -> Answer {
    match status {
        200..=299 => Answer::Body(body),
        401 => Answer::Unauthorized,
        404 => Answer::NotFound(google_message(&body)),
        410 => Answer::Gone(google_message(&body)),
        403 if is_rate_limit(&body) => Answer::Retry {
            reason: format!("rate limited ({})", google_message(&body)),
            wait,
        },
        429 => Answer::Retry {
            reason: "too many requests (429)".into(),
            wait,
        },
        500..=599 => Answer::Retry {
            reason: format!("server error {status}"),
            wait,
        },
        _ => Answer::Refused {
            status,
            message: google_message(&body),
        },
    }
}

/// Google's own words from an error body (`error.message`), or the body's start.
pub fn google_message(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
        .unwrap_or_else(|| body.chars().take(200).collect())
}

/// Whether a 403 is a rate limit or a spent quota (worth waiting out), not a refusal.
pub fn is_rate_limit(body: &str) -> bool {
    body.contains("rateLimitExceeded")
        || body.contains("userRateLimitExceeded")
        || body.contains("quotaExceeded")
}

/// One GET with a bearer token, classified. A timeout, a network error or a body cut
/// off is an `Answer::Retry`; the reason never carries the URL or the token.
pub async fn get_with_token(
    http: &reqwest::Client,
    url: &str,
    query: &[(&str, String)],
    token: &Secret,
    timeout: Duration,
) -> Answer {
    let unreachable = |reason: String| Answer::Retry { reason, wait: None };
    let response = http
        .get(url)
        .bearer_auth(token.expose())
        .query(query)
        .timeout(timeout)
        .send()
        .await;
    let response = match response {
        Ok(response) => response,
        Err(error) if error.is_timeout() => return unreachable("timed out".into()),
        Err(error) => return unreachable(format!("network error: {}", error.without_url())),
    };
    let status = response.status().as_u16();
    let wait = retry_after(response.headers());
    match response.text().await {
        Ok(body) => classify(status, wait, body),
        Err(error) => unreachable(format!(
            "reading the answer failed: {}",
            error.without_url()
        )),
    }
}

/// The wait a `Retry-After` header asks for, in seconds (the form Google sends).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
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
pub fn backoff(base: Duration, attempt: u32) -> Duration {
    let exponential = base.saturating_mul(1 << attempt.saturating_sub(1).min(10));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let jitter = exponential.mul_f64(f64::from(nanos % 1000) / 2000.0);
    exponential + jitter
}

/// What one attempt came to.
pub enum Attempt<T, R> {
    Done(T),
    /// Worth another try, for `R` (logged, and kept for the error if the tries run out),
    /// after at least `wait`.
    Again(R, Option<Duration>),
}

/// The tries ran out; `last` is why the last one failed.
#[derive(Debug)]
pub struct Exhausted<R> {
    pub tries: u32,
    pub last: R,
}

/// One request that may be tried again: each call of `attempt` is one try.
pub trait Tries {
    type Output;
    /// Why a try failed in a way worth another (logged, and kept if the tries run out).
    type Reason: Display;
    /// Why trying again would not help.
    type Error;
    fn attempt(
        &mut self,
    ) -> impl Future<Output = Result<Attempt<Self::Output, Self::Reason>, Self::Error>> + Send;
}

/// Tries `request` until it is done, fails (`Err`), or the policy's tries are spent
/// (`Ok(Err(Exhausted))`). Between tries it waits `backoff(base_delay, n)`, or longer
/// when the server asked for longer (never more than `max_wait`).
pub async fn with_retries<T: Tries>(
    policy: RetryPolicy,
    what: &str,
    request: &mut T,
) -> Result<Result<T::Output, Exhausted<T::Reason>>, T::Error> {
    let mut tries = 0;
    loop {
        match request.attempt().await? {
            Attempt::Done(value) => return Ok(Ok(value)),
            Attempt::Again(reason, wait) => {
                tries += 1;
                if tries >= policy.tries {
                    return Ok(Err(Exhausted {
                        tries,
                        last: reason,
                    }));
                }
                let delay = backoff(policy.base_delay, tries)
                    .max(wait.unwrap_or_default().min(policy.max_wait));
                tracing::warn!(what, %reason, delay_ms = delay.as_millis() as u64, "retrying");
                tokio::time::sleep(delay).await;
            }
        }
    }
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

    #[test]
    fn every_status_has_one_meaning() {
        let wait = Some(Duration::from_secs(3));
        let body = |s: &str| s.to_owned();
        assert_eq!(classify(200, None, body("{}")), Answer::Body("{}".into()));
        assert_eq!(classify(401, None, body("")), Answer::Unauthorized);
        assert!(matches!(classify(404, None, body("")), Answer::NotFound(_)));
        assert!(matches!(classify(410, None, body("")), Answer::Gone(_)));
        for status in [429, 500, 503] {
            assert!(
                matches!(classify(status, wait, body("")), Answer::Retry { wait: w, .. } if w == wait),
                "{status}"
            );
        }
        let quota = r#"{"error":{"message":"Quota","errors":[{"reason":"quotaExceeded"}]}}"#;
        assert!(matches!(
            classify(403, wait, body(quota)),
            Answer::Retry { .. }
        ));
        let refused = r#"{"error":{"message":"Forbidden"}}"#;
        assert_eq!(
            classify(403, None, body(refused)),
            Answer::Refused {
                status: 403,
                message: "Forbidden".into()
            }
        );
    }

    #[tokio::test]
    async fn the_loop_is_bounded_and_honours_retry_after_within_the_cap() {
        let policy = RetryPolicy {
            tries: 3,
            base_delay: Duration::from_millis(1),
            timeout: Duration::from_secs(1),
            max_wait: Duration::from_millis(20),
        };
        struct Refused(u32);
        impl Tries for Refused {
            type Output = ();
            type Reason = String;
            type Error = ();
            async fn attempt(&mut self) -> Result<Attempt<(), String>, ()> {
                self.0 += 1;
                let wait = Some(Duration::from_secs(3600));
                Ok(Attempt::Again(format!("try {}", self.0), wait))
            }
        }
        let mut refused = Refused(0);
        let started = std::time::Instant::now();
        let result = with_retries(policy, "test", &mut refused).await.unwrap();
        let exhausted = result.unwrap_err();
        assert_eq!((refused.0, exhausted.tries), (3, 3));
        assert_eq!(exhausted.last, "try 3");
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(40) && waited < Duration::from_secs(5),
            "{waited:?}"
        );
    }
}
