//! One Google account over HTTP, for the Calendar and Gmail clients alike: its client
//! and access token (refreshed from the saved refresh token), and `GoogleApi::get` — one
//! GET under an API's base with the shared retry loop (`http::with_retries`), one token
//! refresh on a 401, and an unreadable body asked for again.

use serde::de::DeserializeOwned;

pub mod auth;

use crate::http::{
    Answer, Attempt, Exhausted, RetryPolicy, Tries, backoff, get_with_token, with_retries,
};
use auth::{AuthError, StoredToken, refresh_access_token};
use kith_config::secret::Secret;

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

/// Why one GET was asked again.
#[derive(Debug)]
pub enum Trouble {
    /// A 429, a 5xx, a rate limit, the network.
    Transient(String),
    /// A body that could not be read (perhaps cut off on the way).
    Malformed(String),
}

impl std::fmt::Display for Trouble {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Trouble::Transient(reason) => f.write_str(reason),
            Trouble::Malformed(error) => write!(f, "unreadable answer: {error}"),
        }
    }
}

/// What a GET came to, beyond a readable body; each client words it for its own API.
#[derive(Debug)]
pub enum ApiError {
    Auth(AuthError),
    /// A 401 even with a freshly refreshed access token.
    RefusedFreshToken,
    /// A final answer (400, a refusing 403, and 404/410 when the caller has no meaning
    /// for them).
    Refused {
        status: u16,
        message: String,
    },
    GaveUp(Exhausted<Trouble>),
}

impl From<AuthError> for ApiError {
    fn from(error: AuthError) -> Self {
        ApiError::Auth(error)
    }
}

/// A readable answer, or the two statuses a caller may have a meaning for.
pub enum Reply<T> {
    Read(T),
    NotFound(String),
    Gone(String),
}

/// One Google API (its base URL) for one account.
pub struct GoogleApi {
    pub auth: GoogleAuth,
    pub api_url: String,
    pub retry: RetryPolicy,
}

impl GoogleApi {
    pub fn new(auth: GoogleAuth, api_url: &str) -> GoogleApi {
        GoogleApi {
            auth,
            api_url: api_url.trim_end_matches('/').to_owned(),
            retry: RetryPolicy::default(),
        }
    }

    pub async fn access_token(&mut self, force: bool) -> Result<Secret, AuthError> {
        self.auth.access_token(force, self.retry).await
    }

    /// GET `path` under the API's base with `query`, read as `T`: retried within the
    /// policy, the access token refreshed once on a 401.
    pub async fn get<T: DeserializeOwned + Send>(
        &mut self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Reply<T>, ApiError> {
        let retry = self.retry;
        let mut get = Get {
            url: format!("{}/{path}", self.api_url),
            api: self,
            query,
            refreshed: false,
            read: std::marker::PhantomData,
        };
        with_retries(retry, path, &mut get)
            .await?
            .map_err(ApiError::GaveUp)
    }
}

/// One GET of `GoogleApi::get`, tried again by the retry loop.
struct Get<'a, T> {
    api: &'a mut GoogleApi,
    url: String,
    query: &'a [(&'a str, String)],
    /// Whether the access token was refreshed already (once per GET).
    refreshed: bool,
    read: std::marker::PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned + Send> Tries for Get<'_, T> {
    type Output = Reply<T>;
    type Reason = Trouble;
    type Error = ApiError;

    async fn attempt(&mut self) -> Result<Attempt<Reply<T>, Trouble>, ApiError> {
        let answer = self.once().await?;
        match answer {
            Answer::Unauthorized if !self.refreshed => {
                self.refreshed = true;
                self.api.access_token(true).await?;
                // Asked again at once: a refresh is not a failed try.
                read(self.once().await?)
            }
            answer => read(answer),
        }
    }
}

impl<T> Get<'_, T> {
    async fn once(&mut self) -> Result<Answer, AuthError> {
        let token = self.api.access_token(false).await?;
        let (http, timeout) = (&self.api.auth.http, self.api.retry.timeout);
        Ok(get_with_token(http, &self.url, self.query, &token, timeout).await)
    }
}

/// What a classified answer means for a GET that reads `T`.
pub fn read<T: DeserializeOwned>(answer: Answer) -> Result<Attempt<Reply<T>, Trouble>, ApiError> {
    Ok(match answer {
        Answer::Body(body) => match serde_json::from_str::<T>(&body) {
            Ok(value) => Attempt::Done(Reply::Read(value)),
            Err(error) => Attempt::Again(Trouble::Malformed(error.to_string()), None),
        },
        Answer::NotFound(message) => Attempt::Done(Reply::NotFound(message)),
        Answer::Gone(message) => Attempt::Done(Reply::Gone(message)),
        Answer::Unauthorized => return Err(ApiError::RefusedFreshToken),
        Answer::Retry { reason, wait } => Attempt::Again(Trouble::Transient(reason), wait),
        Answer::Refused { status, message } => return Err(ApiError::Refused { status, message }),
    })
}
