//! Google Calendar API v3: events.list with `singleEvents=true`, paging, sync tokens
//! (410 → one full re-sync), a token refresh on 401, bounded exponential backoff with
//! jitter on rate limits, 5xx and timeouts, and a specific error for a calendar that
//! answers 400/404 or malformed JSON. Events become `RemoteEvent`s.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::auth::{AuthError, StoredToken};
pub use super::google_error::GoogleError;
use super::planning::plan_events;
use super::{
    EventStart, EventStatus, NotAMeeting, Others, RemoteAttendee, RemoteEvent, mentions_video,
};
use crate::error::SyncError;
use crate::google::{ApiError, GoogleApi, GoogleAuth, Reply, Trouble};
use crate::http::Exhausted;
pub use crate::http::RetryPolicy;
use crate::rules::{WINDOW_BACK_DAYS, others};
use crate::run::{Context, Planned, Source};
use kith_config::secret::Secret;
use kith_domain::model;
use kith_domain::model::ResponseStatus;
use kith_store::Store;

/// One Google calendar as a source: read from its sync token (a 410 means one full
/// read), or fully from the window's start.
pub struct GoogleCalendarSource {
    context: Context,
    calendar: String,
    name: String,
    /// Read from the store before the fetch.
    others: Option<Others>,
}

impl GoogleCalendarSource {
    pub fn new(context: &Context, calendar: &str) -> GoogleCalendarSource {
        GoogleCalendarSource {
            context: context.clone(),
            calendar: calendar.to_owned(),
            name: format!("google:{calendar}"),
            others: None,
        }
    }

    /// A client for the account, with the run's retry policy.
    fn client(&mut self) -> Result<GoogleCalendar, SyncError> {
        let Some(google) = &self.context.config.google else {
            return Err(SyncError::Auth(AuthError::MissingSetting(
                "KITH_GOOGLE_CLIENT_ID",
            )));
        };
        let token = StoredToken::load(&google.token_path)?;
        let mut client = GoogleCalendar::new(
            &google.calendar_api_url,
            &google.token_url,
            &google.client_id,
            google.client_secret.clone(),
            token,
        )?;
        client.api.retry = self.context.retry;
        client.others = self.others.take();
        Ok(client)
    }
}

impl Source for GoogleCalendarSource {
    type Items = Vec<RemoteEvent>;

    fn name(&self) -> &str {
        &self.name
    }

    fn prepare(&mut self, store: &Store) -> Result<(), SyncError> {
        self.others = Some(others(&self.context.config, store)?);
        Ok(())
    }

    async fn fetch(
        &mut self,
        position: Option<String>,
    ) -> Result<crate::run::Fetched<Vec<RemoteEvent>>, SyncError> {
        let mut client = self.client()?;
        let time_min = self.context.now - chrono::Duration::days(WINDOW_BACK_DAYS as i64 + 1);
        let fetched = client
            .fetch(&self.calendar, position.as_deref(), time_min)
            .await?;
        Ok(crate::run::Fetched {
            items: fetched.events,
            position: fetched.next_sync_token,
            full: fetched.full,
            warnings: Vec::new(),
        })
    }

    fn plan(&self, events: Vec<RemoteEvent>, store: &Store) -> Result<Planned, SyncError> {
        let (config, now) = (&self.context.config, self.context.now);
        plan_events(config, store, model::Source::Google, &events, now)
    }
}

/// Everything one calendar returned.
#[derive(Debug, Default)]
pub struct Fetched {
    pub events: Vec<RemoteEvent>,
    pub next_sync_token: Option<String>,
    /// Whether this was a full sync (no token, or the token had expired).
    pub full: bool,
}

/// A client for one account's calendars.
pub struct GoogleCalendar {
    pub api: GoogleApi,
    /// Who counts as someone else: a broadcast's attendees are counted, never copied.
    pub others: Option<Others>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct EventsPage {
    items: Vec<Value>,
    next_page_token: Option<String>,
    next_sync_token: Option<String>,
}

/// The fields of an Event resource kith reads; every one is optional, because a
/// deletion may carry only `id` and `status`.
#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "camelCase", default)]
pub struct GoogleEvent {
    pub kind: Option<String>,
    pub id: Option<String>,
    pub status: Option<String>,
    pub summary: Option<String>,
    pub location: Option<String>,
    pub description: Option<String>,
    pub start: Option<GoogleTime>,
    pub hangout_link: Option<String>,
    pub conference_data: Option<Value>,
    pub attendees: Vec<GoogleAttendee>,
    pub organizer: Option<GooglePerson>,
    pub event_type: Option<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "camelCase", default)]
pub struct GoogleTime {
    pub date: Option<String>,
    pub date_time: Option<String>,
    pub time_zone: Option<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "camelCase", default)]
pub struct GoogleAttendee {
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub response_status: Option<String>,
    #[serde(rename = "self")]
    pub is_self: bool,
    pub resource: bool,
}

#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "camelCase", default)]
pub struct GooglePerson {
    pub email: Option<String>,
    pub display_name: Option<String>,
    #[serde(rename = "self")]
    pub is_self: bool,
}

fn start_of(time: &GoogleTime) -> Option<EventStart> {
    if let Some(date) = &time.date {
        return NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .ok()
            .map(EventStart::Day);
    }
    let text = time.date_time.as_deref()?;
    let zone = time.time_zone.clone();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(EventStart::At {
            instant: at.with_timezone(&Utc),
            zone,
        });
    }
    // A dateTime without an offset is in the event's timeZone.
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").ok()?;
    let tz: chrono_tz::Tz = zone
        .as_deref()
        .and_then(|z| z.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    let instant = tz
        .from_local_datetime(&naive)
        .earliest()?
        .with_timezone(&Utc);
    Some(EventStart::At { instant, zone })
}

impl GoogleEvent {
    /// What this event means for sync, or `None` when it has no id at all.
    pub fn to_remote(&self) -> Option<RemoteEvent> {
        self.to_remote_within(None)
    }

    /// `to_remote`, with a broadcast (more others than `others` allows) given with no
    /// attendees and marked as such: its list is counted, never copied.
    pub fn to_remote_within(&self, others: Option<&Others>) -> Option<RemoteEvent> {
        let key = self.id.clone().filter(|id| !id.is_empty())?;
        let not_a_meeting = if self.kind.as_deref().is_some_and(|k| k != "calendar#event") {
            Some(NotAMeeting::Task)
        } else {
            match self.event_type.as_deref() {
                Some("outOfOffice") => Some(NotAMeeting::OutOfOffice),
                Some("focusTime") => Some(NotAMeeting::FocusTime),
                Some("workingLocation") => Some(NotAMeeting::WorkingLocation),
                Some("birthday") => Some(NotAMeeting::Birthday),
                _ => None,
            }
        };
        let broadcast = others.is_some_and(|others| {
            let listed = self
                .attendees
                .iter()
                .filter_map(|a| Some((a.email.as_deref()?, a.is_self || a.resource)));
            let organizer = self
                .organizer
                .iter()
                .filter_map(|o| Some((o.email.as_deref()?, o.is_self)));
            others.too_many(listed.chain(organizer))
        });
        let mut attendees: Vec<RemoteAttendee> = self
            .attendees
            .iter()
            .take(if broadcast { 0 } else { usize::MAX })
            .filter_map(|a| {
                Some(RemoteAttendee {
                    address: a.email.clone()?,
                    display_name: a.display_name.clone(),
                    response: ResponseStatus::parse_lenient(
                        a.response_status.as_deref().unwrap_or(""),
                    ),
                    is_self: a.is_self,
                    is_resource: a.resource,
                })
            })
            .collect();
        // An organizer missing from the list still met you.
        if let Some(organizer) = &self.organizer
            && let Some(email) = &organizer.email
            && !attendees.is_empty()
            && !attendees
                .iter()
                .any(|a| a.address.eq_ignore_ascii_case(email))
        {
            attendees.push(RemoteAttendee {
                address: email.clone(),
                display_name: organizer.display_name.clone(),
                response: ResponseStatus::Accepted,
                is_self: organizer.is_self,
                is_resource: false,
            });
        }
        let text_mentions_video = [self.location.as_deref(), self.description.as_deref()]
            .into_iter()
            .flatten()
            .any(mentions_video);
        Some(RemoteEvent {
            key,
            status: match self.status.as_deref() {
                Some("cancelled") => EventStatus::Cancelled,
                Some("tentative") => EventStatus::Tentative,
                _ => EventStatus::Confirmed,
            },
            start: self.start.as_ref().and_then(start_of),
            title: self.summary.clone().unwrap_or_default(),
            location: self.location.clone(),
            has_video_link: self.hangout_link.is_some()
                || self.conference_data.is_some()
                || text_mentions_video,
            attendees: attendees.into(),
            not_a_meeting: not_a_meeting.or(broadcast.then_some(NotAMeeting::Broadcast)),
        })
    }
}

impl GoogleCalendar {
    pub fn new(
        api_url: &str,
        token_url: &str,
        client_id: &str,
        client_secret: Option<Secret>,
        token: StoredToken,
    ) -> Result<GoogleCalendar, GoogleError> {
        let auth = GoogleAuth::new(token_url, client_id, client_secret, token)?;
        Ok(GoogleCalendar {
            api: GoogleApi::new(auth, api_url),
            others: None,
        })
    }

    /// Fetches one calendar: incrementally from `sync_token`, or fully from `time_min`.
    pub async fn fetch(
        &mut self,
        calendar: &str,
        sync_token: Option<&str>,
        time_min: DateTime<Utc>,
    ) -> Result<Fetched, GoogleError> {
        let mut sync_token = sync_token.map(str::to_owned);
        let mut restarted = false;
        'restart: loop {
            let mut fetched = Fetched {
                full: sync_token.is_none(),
                ..Fetched::default()
            };
            let mut page_token: Option<String> = None;
            loop {
                let mut query: Vec<(&str, String)> = vec![
                    ("singleEvents", "true".into()),
                    ("maxResults", "250".into()),
                ];
                match &sync_token {
                    // An incremental call may not carry timeMin: the window is applied here.
                    Some(token) => query.push(("syncToken", token.clone())),
                    None => {
                        query.push((
                            "timeMin",
                            time_min.to_rfc3339_opts(SecondsFormat::Secs, true),
                        ));
                        query.push(("showDeleted", "true".into()));
                    }
                }
                if let Some(page) = &page_token {
                    query.push(("pageToken", page.clone()));
                }
                let page = self.page_with_retries(calendar, &query).await;
                let page = match page {
                    Ok(page) => page,
                    Err(PageError::Gone) if !restarted => {
                        tracing::info!(calendar, "sync token expired (410); doing one full sync");
                        sync_token = None;
                        restarted = true;
                        continue 'restart;
                    }
                    Err(PageError::Gone) => {
                        return Err(GoogleError::Calendar {
                            calendar: calendar.into(),
                            status: 410,
                            message: "the sync token expired again during a full sync".into(),
                        });
                    }
                    Err(PageError::Other(error)) => return Err(error),
                };
                for item in page.items {
                    match serde_json::from_value::<GoogleEvent>(item) {
                        Ok(event) => {
                            if let Some(remote) = event.to_remote_within(self.others.as_ref()) {
                                fetched.events.push(remote);
                            }
                        }
                        Err(error) => {
                            return Err(GoogleError::Malformed {
                                calendar: calendar.into(),
                                message: format!("an event could not be read: {error}"),
                            });
                        }
                    }
                }
                match page.next_page_token {
                    Some(next) => page_token = Some(next),
                    None => {
                        fetched.next_sync_token = page.next_sync_token;
                        return Ok(fetched);
                    }
                }
            }
        }
    }

    /// One page of a calendar's events, asked again within the retry policy.
    async fn page_with_retries(
        &mut self,
        calendar: &str,
        query: &[(&str, String)],
    ) -> Result<EventsPage, PageError> {
        let path = format!("calendars/{}/events", url_encode(calendar));
        let refused = |status, message| {
            PageError::Other(GoogleError::Calendar {
                calendar: calendar.into(),
                status,
                message,
            })
        };
        match self.api.get::<EventsPage>(&path, query).await {
            Ok(Reply::Read(page)) => Ok(page),
            Ok(Reply::Gone(_)) => Err(PageError::Gone),
            Ok(Reply::NotFound(message)) => Err(refused(404, message)),
            Err(ApiError::Refused { status, message }) => Err(refused(status, message)),
            Err(error) => Err(PageError::Other(calendar_error(calendar, error))),
        }
    }
}

/// A calendar's words for what a GET came to.
fn calendar_error(calendar: &str, error: ApiError) -> GoogleError {
    match error {
        ApiError::Auth(error) => GoogleError::Auth(error),
        ApiError::RefusedFreshToken => GoogleError::Auth(AuthError::Rejected(
            "Google refused a freshly refreshed access token".into(),
        )),
        ApiError::Refused { status, message } => GoogleError::Calendar {
            calendar: calendar.into(),
            status,
            message,
        },
        // A body cut off on the way reads as malformed too: it was asked again, and the
        // calendar is unreadable only because it stayed so.
        ApiError::GaveUp(Exhausted {
            last: Trouble::Malformed(message),
            ..
        }) => GoogleError::Malformed {
            calendar: calendar.into(),
            message,
        },
        ApiError::GaveUp(Exhausted {
            tries,
            last: Trouble::Transient(last),
        }) => GoogleError::GaveUp {
            calendar: calendar.into(),
            tries,
            last,
        },
    }
}

enum PageError {
    Gone,
    Other(GoogleError),
}

fn url_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_with_and_without_offsets() {
        let with_offset = GoogleTime {
            date_time: Some("2026-11-20T10:00:00+01:00".into()),
            ..GoogleTime::default()
        };
        let floating = GoogleTime {
            date_time: Some("2006-06-10T18:00:00".into()),
            time_zone: Some("Europe/Berlin".into()),
            ..GoogleTime::default()
        };
        let all_day = GoogleTime {
            date: Some("2006-06-10".into()),
            ..GoogleTime::default()
        };
        let instant = |t: &GoogleTime| match start_of(t) {
            Some(EventStart::At { instant, .. }) => instant.to_rfc3339(),
            other => format!("{other:?}"),
        };
        assert_eq!(instant(&with_offset), "2026-11-20T09:00:00+00:00");
        assert_eq!(instant(&floating), "2006-06-10T16:00:00+00:00");
        assert_eq!(
            start_of(&all_day),
            Some(EventStart::Day(
                NaiveDate::from_ymd_opt(2006, 6, 10).unwrap()
            ))
        );
    }
}
