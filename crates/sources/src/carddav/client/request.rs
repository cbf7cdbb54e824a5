//! One CardDAV request as kith sends it: the login on every request, redirects followed
//! by hand (a PROPFIND stays a PROPFIND, https never becomes http), a 401 at once, 429,
//! 5xx and network errors retried through `crate::http::with_retries`, and the answer
//! read up to a limit. No URL with credentials, password or token reaches an error or a
//! log line: errors are built without the URL, logs name the method and the path only.

use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use url::Url;

use super::{Auth, Client};
use crate::carddav::error::CardDavError;
use crate::http::{Attempt, Tries, retry_after, with_retries};

/// The largest answer kith reads (a multistatus listing or a multiget batch) unless
/// `Client::with_answer_limit` says less.
pub(super) const ANSWER_LIMIT: usize = 64 * 1024 * 1024;

/// How many redirects one request follows (`/.well-known/carddav` → the principal …).
const REDIRECTS: usize = 5;

/// One request to make.
pub(super) struct Request {
    pub method: Method,
    pub url: Url,
    /// The `Depth` header, for PROPFIND and REPORT.
    pub depth: Option<&'static str>,
    /// An XML body (PROPFIND, REPORT) or a card (PUT), with its content type.
    pub body: Option<(String, &'static str)>,
    /// More headers (`If-Match`, `If-None-Match`).
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// The most bytes of answer kith reads.
    pub limit: usize,
    /// What kith was doing, in words, for errors and logs ("listing the changes").
    pub doing: &'static str,
}

impl Request {
    pub fn new(method: &str, url: Url, doing: &'static str) -> Request {
        Request {
            method: Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET),
            url,
            depth: None,
            body: None,
            headers: Vec::new(),
            limit: ANSWER_LIMIT,
            doing,
        }
    }

    pub fn depth(mut self, depth: &'static str) -> Request {
        self.depth = Some(depth);
        self
    }

    pub fn xml(mut self, body: String) -> Request {
        self.body = Some((body, "application/xml; charset=utf-8"));
        self
    }

    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Request {
        self.headers.push((name, value));
        self
    }
}

/// An answer other than 401, 429 or 5xx.
#[derive(Debug)]
pub(super) struct Reply {
    pub status: u16,
    /// Where the answer came from, after redirects: hrefs in it resolve against this.
    pub url: Url,
    /// The `ETag` header, exactly as sent.
    pub etag: Option<String>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The refusal this answer is, in the server's words.
    pub fn refused(&self, doing: &str) -> CardDavError {
        CardDavError::Refused {
            doing: doing.to_owned(),
            status: self.status,
            message: crate::carddav::xml::words(&self.text()),
        }
    }
}

impl Client {
    /// Sends `request`, retrying what is worth retrying; an answer over the request's
    /// limit is unreadable.
    pub(super) async fn send(&self, request: Request) -> Result<Reply, CardDavError> {
        let limit = request.limit.min(self.answer_limit);
        self.send_bounded(request)
            .await?
            .ok_or_else(|| CardDavError::Unreadable(format!("an answer over {limit} bytes")))
    }

    /// Sends `request`; `None` when the answer was over the request's limit (kith
    /// stopped reading it).
    pub(super) async fn send_bounded(
        &self,
        request: Request,
    ) -> Result<Option<Reply>, CardDavError> {
        let mut call = Call {
            client: self,
            request: &request,
        };
        match with_retries(self.retry, request.doing, &mut call).await? {
            Ok(reply) => Ok(reply),
            Err(exhausted) => Err(CardDavError::Unreachable {
                tries: exhausted.tries,
                last: exhausted.last,
            }),
        }
    }
}

/// One request, as `with_retries` tries it.
struct Call<'a> {
    client: &'a Client,
    request: &'a Request,
}

impl Tries for Call<'_> {
    type Output = Option<Reply>;
    type Reason = String;
    type Error = CardDavError;

    async fn attempt(&mut self) -> Result<Attempt<Option<Reply>, String>, CardDavError> {
        let request = self.request;
        let mut url = request.url.clone();
        for _ in 0..=REDIRECTS {
            let response = match self.once(&url).await {
                Ok(response) => response,
                Err(reason) => return Ok(Attempt::Again(reason, None)),
            };
            let status = response.status().as_u16();
            tracing::debug!(method = %request.method, path = url.path(), status, "carddav");
            match status {
                301 | 302 | 303 | 307 | 308 => url = redirected(&url, &response, request.doing)?,
                401 => return Err(CardDavError::Unauthorized),
                429 | 500..=599 => {
                    let reason = format!("{} answered {status}", request.doing);
                    return Ok(Attempt::Again(reason, retry_after(response.headers())));
                }
                _ => {
                    let limit = request.limit.min(self.client.answer_limit);
                    return read(response, url, limit).await;
                }
            }
        }
        Err(CardDavError::Refused {
            doing: request.doing.to_owned(),
            status: 310,
            message: format!("more than {REDIRECTS} redirects"),
        })
    }
}

impl Call<'_> {
    /// Sends the request once to `url`; a network error or a timeout as a reason to
    /// try again (without the URL).
    async fn once(&self, url: &Url) -> Result<reqwest::Response, String> {
        let request = self.request;
        let mut builder = self
            .client
            .http
            .request(request.method.clone(), url.clone())
            .timeout(self.client.retry.timeout);
        builder = match &self.client.auth {
            Auth::Basic { user, password } => builder.basic_auth(user, Some(password.expose())),
            Auth::Bearer(token) => builder.bearer_auth(token.expose()),
        };
        if let Some(depth) = request.depth {
            builder = builder.header("Depth", depth);
        }
        if let Some((body, content_type)) = &request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, *content_type)
                .body(body.clone());
        }
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        builder.send().await.map_err(|error| {
            if error.is_timeout() {
                format!("{}: timed out", request.doing)
            } else {
                format!("{}: network error: {}", request.doing, error.without_url())
            }
        })
    }
}

/// Where a redirect leads, resolved against `url`; https is never left for http.
fn redirected(url: &Url, response: &reqwest::Response, doing: &str) -> Result<Url, CardDavError> {
    let refused = |message: String| CardDavError::Refused {
        doing: doing.to_owned(),
        status: response.status().as_u16(),
        message,
    };
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| refused("a redirect without a Location".into()))?;
    let next = url
        .join(location)
        .map_err(|_| refused("a redirect to an address that is not a URL".into()))?;
    if url.scheme() == "https" && next.scheme() != "https" {
        return Err(refused(
            "a redirect from https to http, which kith does not follow".into(),
        ));
    }
    Ok(next)
}

/// Reads an answer's body up to `limit` bytes: over it, `None` (kith never holds
/// more); cut off, it is worth another try.
async fn read(
    mut response: reqwest::Response,
    url: Url,
    limit: usize,
) -> Result<Attempt<Option<Reply>, String>, CardDavError> {
    let status = response.status().as_u16();
    let etag = response
        .headers()
        .get(reqwest::header::ETAG)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > limit {
                    return Ok(Attempt::Done(None));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(error) => {
                let reason = format!("reading the answer failed: {}", error.without_url());
                return Ok(Attempt::Again(reason, None));
            }
        }
    }
    Ok(Attempt::Done(Some(Reply {
        status,
        url,
        etag,
        body,
    })))
}
