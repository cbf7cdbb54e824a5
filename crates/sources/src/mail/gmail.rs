//! Gmail's sent mail through the API with the `gmail.metadata` scope: headers and
//! labels, never a body. A first sync lists the SENT label newest first (the metadata
//! scope refuses `q`) and stops at the window's start; later syncs read
//! `users.history.list` from the stored historyId, and a 404 (history too old) means one
//! full sync of the window. Gets run a few at a time, paced within Gmail's per-user quota
//! (15,000 units a minute, 5 a get); 429s, rate-limit 403s and 5xx are retried with
//! backoff, a 401 refreshes the access token once.

use std::collections::VecDeque;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde_json::Value;

use super::MailRules;
pub use super::gmail_error::GmailError;
use super::planning::{mail_rules, plan_messages};
use super::{HEADERS, MailMessage, parse_headers};
use crate::error::SyncError;
use crate::google::auth::StoredToken;
use crate::google::{ApiError, GoogleApi, GoogleAuth, Reply};
use crate::http::{Answer, get_with_token};
use crate::run::{Context, Fetched, Planned, Source};
use kith_config::secret::Secret;
use kith_domain::model;
use kith_store::Store;

/// The name Gmail is reported and stored under.
pub const GMAIL_SOURCE: &str = "gmail:me";

/// Gmail's per-user quota, in units a minute.
pub const GMAIL_QUOTA: u32 = 15_000;
/// Gets in flight at once.
const CONCURRENT_GETS: usize = 8;
/// Quota units of each call (Gmail's published costs).
const GET_UNITS: u32 = 5;
const LIST_UNITS: u32 = 5;
const HISTORY_UNITS: u32 = 2;

/// Gmail's sent mail as a source: read from the stored historyId, or fully back to the
/// window's start, within `quota` units a minute.
pub struct GmailSource {
    context: Context,
    quota: u32,
    /// Read from the store before the fetch.
    rules: Option<MailRules>,
}

impl GmailSource {
    pub fn new(context: &Context, quota: u32) -> GmailSource {
        GmailSource {
            context: context.clone(),
            quota,
            rules: None,
        }
    }

    /// A client for the account, with the run's retry policy and quota.
    fn client(&self) -> Result<Gmail, SyncError> {
        let Some(google) = &self.context.config.google else {
            return Err(SyncError::NotConfigured(
                "KITH_GMAIL needs KITH_GOOGLE_CLIENT_ID and `kith auth google`",
            ));
        };
        let token = StoredToken::load(&google.token_path)?;
        let mut gmail = Gmail::new(
            &google.gmail_api_url,
            &google.token_url,
            &google.client_id,
            google.client_secret.clone(),
            token,
        )?;
        gmail.api.retry = self.context.retry;
        gmail.quota = Quota::new(self.quota);
        Ok(gmail)
    }
}

impl Source for GmailSource {
    type Items = Vec<MailMessage>;

    fn name(&self) -> &str {
        GMAIL_SOURCE
    }

    fn prepare(&mut self, store: &Store) -> Result<(), SyncError> {
        let (config, now) = (&self.context.config, self.context.now);
        self.rules = Some(mail_rules(config, store, model::Source::Gmail, now)?);
        Ok(())
    }

    async fn fetch(
        &mut self,
        position: Option<String>,
    ) -> Result<Fetched<Vec<MailMessage>>, SyncError> {
        let mut gmail = self.client()?;
        let now = self.context.now;
        let since = self
            .rules
            .as_ref()
            .and_then(|rules| rules.shared.window_start.and_hms_opt(0, 0, 0))
            .map(|start| start.and_utc())
            .unwrap_or(now);
        let read = gmail.read(position.as_deref(), since).await?;
        Ok(Fetched {
            items: read.messages,
            position: read.history_id,
            full: read.full,
            warnings: Vec::new(),
        })
    }

    fn plan(&self, messages: Vec<MailMessage>, _: &Store) -> Result<Planned, SyncError> {
        let rules = self.rules.as_ref().expect("read with the position");
        Ok(plan_messages(&messages, rules, &Default::default()))
    }
}

/// What one read of the mailbox found.
#[derive(Debug, Default)]
pub struct GmailRead {
    pub messages: Vec<MailMessage>,
    /// The historyId to read on from next time.
    pub history_id: Option<String>,
    /// Whether this was a full sync (no position, or the history had expired).
    pub full: bool,
}

/// The per-user quota, spent over a rolling minute.
#[derive(Debug)]
pub struct Quota {
    pub units_per_minute: u32,
    spent: VecDeque<(tokio::time::Instant, u32)>,
}

impl Quota {
    pub fn new(units_per_minute: u32) -> Quota {
        Quota {
            units_per_minute,
            spent: VecDeque::new(),
        }
    }

    /// Waits until `units` more fit in the last minute's budget, then spends them.
    async fn spend(&mut self, units: u32) {
        loop {
            let now = tokio::time::Instant::now();
            let wait = quota_wait(&mut self.spent, now, units, self.units_per_minute);
            match wait {
                None => {
                    self.spent.push_back((now, units));
                    return;
                }
                Some(wait) => tokio::time::sleep(wait).await,
            }
        }
    }
}

/// How long to wait before spending `units` (`None`: now), dropping what is older than a
/// minute from `spent`. Pure.
fn quota_wait(
    spent: &mut VecDeque<(tokio::time::Instant, u32)>,
    now: tokio::time::Instant,
    units: u32,
    limit: u32,
) -> Option<Duration> {
    let minute = Duration::from_secs(60);
    while spent
        .front()
        .is_some_and(|(at, _)| now.duration_since(*at) >= minute)
    {
        spent.pop_front();
    }
    let used: u32 = spent.iter().map(|(_, u)| u).sum();
    if used + units <= limit || spent.is_empty() {
        return None;
    }
    spent
        .front()
        .map(|(at, _)| minute.saturating_sub(now.duration_since(*at)))
}

/// A client for one account's mail.
pub struct Gmail {
    pub api: GoogleApi,
    pub quota: Quota,
}

/// Gmail's words for what a GET came to.
fn gmail_error(error: ApiError) -> GmailError {
    match error {
        ApiError::Auth(error) => GmailError::Auth(error),
        ApiError::RefusedFreshToken => GmailError::Refused,
        ApiError::Refused { status, message } => GmailError::Answered { status, message },
        ApiError::GaveUp(exhausted) => GmailError::GaveUp {
            tries: exhausted.tries,
            last: exhausted.last.to_string(),
        },
    }
}

/// A message resource (`format=metadata`) as kith reads it: its headers become the
/// header block mail-parser reads, its labels say whether the owner sent it.
pub fn message_from_metadata(resource: &Value) -> Option<MailMessage> {
    let headers = resource["payload"]["headers"].as_array()?;
    let mut block = String::new();
    for header in headers {
        let (Some(name), Some(value)) = (header["name"].as_str(), header["value"].as_str()) else {
            continue;
        };
        // A value is one line: a stray line break would start a header of its own.
        let value = value.replace(['\r', '\n'], " ");
        block.push_str(&format!("{name}: {value}\r\n"));
    }
    block.push_str("\r\n");
    let mut message = parse_headers(block.as_bytes()).unwrap_or_default();
    message.thread_id = resource["threadId"].as_str().map(str::to_owned);
    message.sent = resource["labelIds"]
        .as_array()
        .is_some_and(|labels| labels.iter().any(|l| l == "SENT"));
    if message.date.is_none() {
        message.date = resource["internalDate"]
            .as_str()
            .and_then(|ms| ms.parse::<i64>().ok())
            .and_then(DateTime::from_timestamp_millis);
    }
    Some(message)
}

impl Gmail {
    pub fn new(
        api_url: &str,
        token_url: &str,
        client_id: &str,
        client_secret: Option<Secret>,
        token: StoredToken,
    ) -> Result<Gmail, GmailError> {
        let auth = GoogleAuth::new(token_url, client_id, client_secret, token)?;
        Ok(Gmail {
            api: GoogleApi::new(auth, api_url),
            quota: Quota::new(GMAIL_QUOTA),
        })
    }

    /// GET `path` (under the API base) with `query`, retried; `Ok(None)` for a 404.
    async fn get(
        &mut self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Option<Value>, GmailError> {
        match self.api.get::<Value>(path, query).await {
            Ok(Reply::Read(value)) => Ok(Some(value)),
            Ok(Reply::NotFound(_)) => Ok(None),
            Ok(Reply::Gone(message)) => Err(GmailError::Answered {
                status: 410,
                message,
            }),
            Err(error) => Err(gmail_error(error)),
        }
    }

    /// Reads the sent mail after `history_id`, or all of it since `since`.
    pub async fn read(
        &mut self,
        history_id: Option<&str>,
        since: DateTime<Utc>,
    ) -> Result<GmailRead, GmailError> {
        if let Some(start) = history_id {
            match self.history(start).await? {
                Some(read) => return Ok(read),
                None => tracing::info!("Gmail history too old (404); doing one full sync"),
            }
        }
        self.full(since).await
    }

    /// `None` when the history is gone (404).
    async fn history(&mut self, start: &str) -> Result<Option<GmailRead>, GmailError> {
        let mut ids: Vec<String> = Vec::new();
        let mut page: Option<String> = None;
        let mut latest = start.to_owned();
        loop {
            let mut query = vec![
                ("startHistoryId", start.to_owned()),
                ("historyTypes", "messageAdded".to_owned()),
                ("labelId", "SENT".to_owned()),
                ("maxResults", "500".to_owned()),
            ];
            if let Some(token) = &page {
                query.push(("pageToken", token.clone()));
            }
            self.quota.spend(HISTORY_UNITS).await;
            let Some(answer) = self.get("users/me/history", &query).await? else {
                return Ok(None);
            };
            for record in answer["history"].as_array().into_iter().flatten() {
                for added in record["messagesAdded"].as_array().into_iter().flatten() {
                    if let Some(id) = added["message"]["id"].as_str()
                        && !ids.iter().any(|known| known == id)
                    {
                        ids.push(id.to_owned());
                    }
                }
            }
            if let Some(id) = answer["historyId"].as_str() {
                latest = id.to_owned();
            }
            match answer["nextPageToken"].as_str() {
                Some(next) => page = Some(next.to_owned()),
                None => break,
            }
        }
        let messages = self.messages(&ids).await?;
        Ok(Some(GmailRead {
            messages: messages.into_iter().filter(|m| m.sent).collect(),
            history_id: Some(latest),
            full: false,
        }))
    }

    async fn full(&mut self, since: DateTime<Utc>) -> Result<GmailRead, GmailError> {
        // The position is taken first, so nothing sent during the listing is missed.
        self.quota.spend(1).await;
        let profile = self
            .get("users/me/profile", &[])
            .await?
            .ok_or(GmailError::Missing("profile"))?;
        let history_id = profile["historyId"]
            .as_str()
            .map(str::to_owned)
            .or_else(|| profile["historyId"].as_u64().map(|n| n.to_string()));
        let mut read = GmailRead {
            history_id,
            full: true,
            ..GmailRead::default()
        };
        let mut page: Option<String> = None;
        loop {
            let mut query = vec![
                ("labelIds", "SENT".to_owned()),
                ("maxResults", "500".to_owned()),
            ];
            if let Some(token) = &page {
                query.push(("pageToken", token.clone()));
            }
            self.quota.spend(LIST_UNITS).await;
            let answer = self
                .get("users/me/messages", &query)
                .await?
                .ok_or(GmailError::Missing("message list"))?;
            let ids: Vec<String> = answer["messages"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|m| m["id"].as_str().map(str::to_owned))
                .collect();
            let messages = self.messages(&ids).await?;
            // Newest first: a page entirely before the window ends the listing.
            let all_older = !messages.is_empty()
                && messages
                    .iter()
                    .all(|m| m.date.is_some_and(|date| date < since));
            read.messages
                .extend(messages.into_iter().filter(|m| m.sent));
            match answer["nextPageToken"].as_str() {
                Some(next) if !all_older => page = Some(next.to_owned()),
                _ => break,
            }
        }
        Ok(read)
    }

    /// The metadata of each message, a few at a time within the quota.
    async fn messages(&mut self, ids: &[String]) -> Result<Vec<MailMessage>, GmailError> {
        let mut query: Vec<(&str, String)> = vec![("format", "metadata".to_owned())];
        for header in HEADERS.iter().filter(|h| **h != "X-Gmail-Labels") {
            query.push(("metadataHeaders", (*header).to_owned()));
        }
        let mut messages = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CONCURRENT_GETS * 4) {
            for _ in chunk {
                self.quota.spend(GET_UNITS).await;
            }
            let token = self.api.access_token(false).await?;
            let timeout = self.api.retry.timeout;
            // Each get owns what it needs, so the stream of them is `Send`.
            let gets = chunk.iter().cloned().map(|id| {
                let (http, api, token) = (
                    self.api.auth.http.clone(),
                    self.api.api_url.clone(),
                    token.clone(),
                );
                let query = query.clone();
                async move {
                    let url = format!("{api}/users/me/messages/{id}");
                    let answer = get_with_token(&http, &url, &query, &token, timeout).await;
                    (id, answer)
                }
            });
            let answers: Vec<(String, Answer)> = futures_util::stream::iter(gets)
                .buffered(CONCURRENT_GETS)
                .collect()
                .await;
            for (id, answer) in answers {
                let path = format!("users/me/messages/{id}");
                let value = match answer {
                    Answer::Body(body) => match serde_json::from_str::<Value>(&body) {
                        Ok(value) => Some(value),
                        // Cut off on the way: asked again with the retries of `get`.
                        Err(_) => self.get(&path, &query).await?,
                    },
                    // Deleted since it was listed: nothing to read.
                    Answer::NotFound(_) => None,
                    // Anything else is asked again on its own, with the retries and the
                    // token refresh of `get`.
                    _ => self.get(&path, &query).await?,
                };
                if let Some(message) = value.as_ref().and_then(message_from_metadata) {
                    messages.push(message);
                }
            }
        }
        Ok(messages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quota_waits_for_the_oldest_spending_to_leave_the_minute() {
        let start = tokio::time::Instant::now();
        let mut spent = VecDeque::new();
        assert_eq!(quota_wait(&mut spent, start, 5, 10), None);
        spent.push_back((start, 5));
        assert_eq!(quota_wait(&mut spent, start, 5, 10), None);
        spent.push_back((start, 5));
        let later = start + Duration::from_secs(20);
        assert_eq!(
            quota_wait(&mut spent, later, 5, 10),
            Some(Duration::from_secs(40))
        );
        let minute_on = start + Duration::from_secs(60);
        assert_eq!(quota_wait(&mut spent, minute_on, 5, 10), None);
        assert!(spent.is_empty(), "a minute later nothing counts");
    }

    #[test]
    fn a_metadata_resource_reads_as_a_message() {
        let resource = serde_json::json!({
            "id": "m1", "threadId": "t1", "labelIds": ["SENT", "IMPORTANT"],
            "internalDate": "1772701200000",
            "payload": { "headers": [
                { "name": "From", "value": "Me <me@work.io>" },
                { "name": "To", "value": "=?UTF-8?Q?Sam_M=C3=BCller?= <sam@acme.io>, \"Doe, Jane\" <jane@acme.io>" },
                { "name": "Subject", "value": "Plans\r\nBcc: injected@evil.example" },
                { "name": "Message-ID", "value": "<m1@work.io>" }
            ]}
        });
        let message = message_from_metadata(&resource).unwrap();
        assert!(message.sent);
        assert_eq!(message.thread_id.as_deref(), Some("t1"));
        let to: Vec<(&str, Option<&str>)> = message
            .to
            .iter()
            .map(|c| (c.address.as_str(), c.name.as_deref()))
            .collect();
        assert_eq!(
            to,
            [
                ("sam@acme.io", Some("Sam Müller")),
                ("jane@acme.io", Some("Doe, Jane"))
            ]
        );
        assert!(
            message.bcc.is_empty(),
            "a line break in a value starts no header"
        );
        assert_eq!(
            message.date.unwrap().to_rfc3339(),
            "2026-03-05T09:00:00+00:00",
            "no Date header: the internal date"
        );
    }
}
