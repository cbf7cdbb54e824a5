//! Fetching an ICS feed: an http(s) or webcal address, or a file. Network errors, 5xx
//! and 429 are retried within the retry policy; any other answer is final. The body is
//! read in chunks against `KITH_MAX_FEED_BYTES` with a running count (after any gzip is
//! undone), so an endless or enormous answer is refused while it arrives, never
//! buffered whole, and never retried. An answer that is not a calendar (a login page)
//! is an error, so it can never read as an empty feed.

use chrono::Duration;

use super::RemoteEvent;
use super::feed_error::FeedError;
use super::ics::{Limits, contains_ignoring_case, read_feed_within};
use super::planning::plan_events;
use crate::error::SyncError;
use crate::http::{Answer, Attempt, RetryPolicy, Tries, classify, retry_after, with_retries};
use crate::rules::{Others, WINDOW_AHEAD_DAYS, WINDOW_BACK_DAYS, others};
use crate::run::{Context, Fetched, Mode, Planned, Source};
use kith_config::secret::FeedUrl;
use kith_domain::model;
use kith_store::Store;

/// An ICS feed as a source: read whole each time (it has no position), within the
/// window and the series limit, skipping a broadcast before its attendees are copied.
pub struct IcsFeed {
    context: Context,
    feed: FeedUrl,
    name: String,
    /// Read from the store before the fetch.
    others: Option<Others>,
}

impl IcsFeed {
    pub fn new(context: &Context, feed: FeedUrl) -> IcsFeed {
        IcsFeed {
            context: context.clone(),
            name: feed.label(),
            feed,
            others: None,
        }
    }
}

impl Source for IcsFeed {
    type Items = Vec<RemoteEvent>;

    fn name(&self) -> &str {
        &self.name
    }

    fn prepare(&mut self, store: &Store) -> Result<(), SyncError> {
        self.others = Some(others(&self.context.config, store)?);
        Ok(())
    }

    /// A feed is read whole: it has no position.
    fn position(&mut self, _: &Store, _: Mode) -> Result<Option<String>, SyncError> {
        Ok(None)
    }

    async fn fetch(&mut self, _: Option<String>) -> Result<Fetched<Vec<RemoteEvent>>, SyncError> {
        let config = &self.context.config;
        let text = fetch_ics(&self.feed, self.context.retry, config.max_feed_bytes).await?;
        let now = self.context.now;
        let from = now - Duration::days(WINDOW_BACK_DAYS as i64 + 1);
        let to = now + Duration::days(WINDOW_AHEAD_DAYS as i64 + 1);
        let limits = Limits {
            series_instances: config.max_series_instances,
            others: self.others.take(),
        };
        let zone = config.timezone;
        let read = move || read_feed_within(&text, zone, from, to, &limits);
        let feed = tokio::task::spawn_blocking(read)
            .await
            .map_err(|error| SyncError::task("reading the feed", error))?;
        Ok(Fetched {
            items: feed.events,
            position: None,
            full: true,
            warnings: feed.errors,
        })
    }

    fn plan(&self, events: Vec<RemoteEvent>, store: &Store) -> Result<Planned, SyncError> {
        let (config, now) = (&self.context.config, self.context.now);
        plan_events(config, store, model::Source::Ics, &events, now)
    }
}

/// The error for a feed over the limit.
fn too_large(max_bytes: u64, what: &str) -> FeedError {
    FeedError::TooLarge {
        max_bytes,
        what: what.to_owned(),
    }
}

fn unreadable(location: &str, error: std::io::Error) -> FeedError {
    FeedError::File {
        location: location.to_owned(),
        problem: error.to_string(),
    }
}

/// Reads an ICS feed from an http(s) URL or a file, at most `max_bytes` of it.
pub async fn fetch_ics(
    feed: &FeedUrl,
    retry: RetryPolicy,
    max_bytes: u64,
) -> Result<String, FeedError> {
    let location = feed.expose();
    let bytes = if feed.is_remote() {
        let url = match location.get(..9) {
            Some(scheme) if scheme.eq_ignore_ascii_case("webcal://") => {
                format!("https://{}", &location[9..])
            }
            _ => location.to_owned(),
        };
        let client = reqwest::Client::builder()
            .timeout(retry.timeout.max(std::time::Duration::from_secs(1)))
            .build()
            .map_err(|e| FeedError::Client(e.to_string()))?;
        let mut fetch = Fetch {
            client,
            url,
            max_bytes,
        };
        let fetched = with_retries(retry, "feed", &mut fetch).await?;
        // The tries ran out: the last reason is the error.
        fetched.map_err(|exhausted| FeedError::Transient(exhausted.last))?
    } else {
        read_file(location, max_bytes).await?
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    };
    if !contains_ignoring_case(&text, "BEGIN:VCALENDAR")
        && !contains_ignoring_case(&text, "BEGIN:VEVENT")
    {
        return Err(FeedError::NotACalendar);
    }
    Ok(text)
}

/// A feed file, refused by its size before it is read (and read no further than the
/// limit, in case it grows meanwhile).
async fn read_file(location: &str, max_bytes: u64) -> Result<Vec<u8>, FeedError> {
    use tokio::io::AsyncReadExt;
    let file = tokio::fs::File::open(location)
        .await
        .map_err(|e| unreadable(location, e))?;
    let size = file
        .metadata()
        .await
        .map_err(|e| unreadable(location, e))?
        .len();
    if size > max_bytes {
        return Err(too_large(max_bytes, &format!("{location} is {size} bytes")));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .await
        .map_err(|e| unreadable(location, e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(
            max_bytes,
            &format!("{location} grew while it was read"),
        ));
    }
    Ok(bytes)
}

/// A feed's fetch, tried again by the retry loop.
struct Fetch {
    client: reqwest::Client,
    url: String,
    max_bytes: u64,
}

impl Tries for Fetch {
    type Output = Vec<u8>;
    type Reason = String;
    type Error = FeedError;

    async fn attempt(&mut self) -> Result<Attempt<Vec<u8>, String>, FeedError> {
        fetch_once(&self.client, &self.url, self.max_bytes).await
    }
}

/// One attempt at a feed: its bytes, another try (the network, a 5xx, a 429), or why
/// trying again would not help.
async fn fetch_once(
    client: &reqwest::Client,
    url: &str,
    max_bytes: u64,
) -> Result<Attempt<Vec<u8>, String>, FeedError> {
    let mut response = match client.get(url).send().await {
        Ok(response) => response,
        Err(e) => {
            let reason = format!("could not fetch the feed: {}", e.without_url());
            return Ok(Attempt::Again(reason, None));
        }
    };
    let status = response.status().as_u16();
    if !response.status().is_success() {
        let reason = format!("the feed answered HTTP {status}");
        // The body of a refusal is not read: only its status counts.
        return match classify(status, retry_after(response.headers()), String::new()) {
            Answer::Retry { wait, .. } => Ok(Attempt::Again(reason, wait)),
            _ => Err(FeedError::Final(reason)),
        };
    }
    // A declared length over the limit is refused before a byte of the body is read
    // (with gzip the length is the compressed one, so the running count below still
    // holds what it unpacks to).
    if let Some(length) = response.content_length()
        && length > max_bytes
    {
        return Err(too_large(
            max_bytes,
            &format!("the server announced {length} bytes"),
        ));
    }
    let mut bytes = Vec::new();
    loop {
        let chunk = match response.chunk().await {
            Ok(chunk) => chunk,
            Err(e) => {
                let reason = format!("could not read the feed: {}", e.without_url());
                return Ok(Attempt::Again(reason, None));
            }
        };
        let Some(chunk) = chunk else { break };
        if (bytes.len() + chunk.len()) as u64 > max_bytes {
            return Err(too_large(
                max_bytes,
                &format!(
                    "refused after {} bytes had arrived",
                    bytes.len() + chunk.len()
                ),
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Attempt::Done(bytes))
}

#[cfg(test)]
mod tests {
    use super::contains_ignoring_case;

    #[test]
    fn a_marker_is_found_in_any_case_and_nowhere_else() {
        assert!(contains_ignoring_case(
            "x\r\nbegin:vcalendar\r\n",
            "BEGIN:VCALENDAR"
        ));
        assert!(contains_ignoring_case("BEGIN:VEVENT", "BEGIN:VEVENT"));
        assert!(!contains_ignoring_case(
            "<html>login</html>",
            "BEGIN:VCALENDAR"
        ));
        assert!(!contains_ignoring_case("", "BEGIN:VEVENT"));
    }
}
