//! Mail sources run like calendars: read headers (no store access), plan (pure), apply
//! in parts through the calendar's upsert. Used by `kith import mbox`, `kith sync`,
//! `/sync` and the schedule.

use std::collections::{HashMap, VecDeque};
use std::io::BufRead;

use chrono::{DateTime, Utc};

use super::mbox::read_mbox;
use super::{Correspondent, MailMessage, MailRules, MailSkip, plan_mail};
use crate::error::{SyncError, SyncResult};
use crate::google::auth::{StoredToken, token_path};
use crate::http::RetryPolicy;
use crate::rules::{Others, SharedRules, my_emails, window};
use crate::run::{Mode, SourceReport, add_applied, apply_batch_in_parts};
use kith_config::settings::{ImapAccount, Settings};
use kith_domain::actor::Actor;
use kith_domain::model::{EmailAddress, Source};
use kith_store::{SharedStore, Store, SyncBatch, lock};

/// The plan rules for a mail source, from the settings and the store's built-in rules.
pub fn mail_rules(
    settings: &Settings,
    store: &Store,
    source: Source,
    now: DateTime<Utc>,
) -> kith_store::Result<MailRules> {
    let (window_start, window_end) = window(settings, now);
    Ok(MailRules {
        shared: SharedRules {
            source,
            timezone: settings.timezone,
            window_start,
            window_end,
            others: Others {
                my_emails: my_emails(settings),
                ignore_patterns: store.never_people_patterns()?,
                max_attendees: settings.max_attendees as usize,
            },
        },
    })
}

/// Plans messages into a batch, adding what the plan noticed to `report`.
pub fn planned(
    messages: &[MailMessage],
    rules: &MailRules,
    earlier: &HashMap<String, Correspondent>,
    report: &mut SourceReport,
) -> SyncBatch {
    let plan = plan_mail(messages, rules, earlier);
    for (reason, n) in plan.skipped {
        *report.skipped.entry(reason.describe()).or_insert(0) += n;
    }
    report
        .warnings
        .extend(plan.bad_addresses.into_iter().map(|(message, address)| {
            let reason = EmailAddress::why_refused(&address).unwrap_or("unreadable");
            format!("message {message}: unreadable address {address:?} ({reason})")
        }));
    SyncBatch {
        upserts: plan.upserts,
        cancels: Vec::new(),
    }
}

/// Messages planned and applied together while an archive is read.
const MBOX_PART: usize = 2_000;
/// How many earlier messages' senders are remembered for "who they answered" (bounded,
/// so memory stays constant whatever the file's size).
const REMEMBERED_SENDERS: usize = 100_000;

/// Senders of the messages read so far, the oldest forgotten first.
#[derive(Default)]
struct Senders {
    by_id: HashMap<String, Correspondent>,
    order: VecDeque<String>,
}

impl Senders {
    fn remember(&mut self, message: &MailMessage) {
        let (Some(id), Some(from)) = (&message.message_id, &message.from) else {
            return;
        };
        if self.by_id.insert(id.clone(), from.clone()).is_none() {
            self.order.push_back(id.clone());
        }
        while self.order.len() > REMEMBERED_SENDERS {
            if let Some(old) = self.order.pop_front() {
                self.by_id.remove(&old);
            }
        }
    }
}

/// Reads an mbox archive and logs the threads the owner wrote in, a part at a time, each
/// part its own transaction and all of them one import change (`/undo` takes the whole
/// archive back); `progress` hears the bytes read after each part. Importing the same
/// file again changes nothing.
pub fn import_mbox(
    settings: &Settings,
    store: &mut Store,
    name: &str,
    reader: impl BufRead,
    now: DateTime<Utc>,
    mut progress: impl FnMut(u64),
) -> kith_store::Result<SourceReport> {
    let mut rules = mail_rules(settings, store, Source::Mbox, now)?;
    // An archive is history: all of it counts, however old.
    rules.shared.window_start = chrono::NaiveDate::MIN;
    let mut report = SourceReport::new(name);
    report.full = true;
    let mut senders = Senders::default();
    let mut part: Vec<MailMessage> = Vec::with_capacity(MBOX_PART);
    let mut failure: Option<kith_store::Error> = None;
    let flush = |part: &mut Vec<MailMessage>,
                 senders: &mut Senders,
                 store: &mut Store,
                 report: &mut SourceReport|
     -> kith_store::Result<()> {
        let batch = planned(part, &rules, &senders.by_id, report);
        for message in part.drain(..) {
            senders.remember(&message);
        }
        let applied = store.apply_import_part(&batch)?;
        add_applied(report, applied);
        Ok(())
    };
    let mut planned_messages = 0;
    // The whole archive is one import, however many parts: `/undo` takes all of it back.
    store.begin_change(Actor::Import)?;
    let counts = read_mbox(reader, |message, read| {
        if failure.is_some() {
            return;
        }
        planned_messages += 1;
        part.push(message);
        if part.len() == MBOX_PART {
            if let Err(error) = flush(&mut part, &mut senders, store, &mut report) {
                failure = Some(error);
            }
            progress(read);
        }
    })
    .map_err(|problem| kith_store::Error::File {
        path: name.to_owned(),
        problem,
    });
    let counts = match (counts, failure) {
        (Ok(counts), None) => flush(&mut part, &mut senders, store, &mut report).map(|()| counts),
        (Err(error), _) | (_, Some(error)) => Err(error),
    };
    // What was written (every part, or the parts before a failure) is one change.
    let file = name.strip_prefix("mbox:").unwrap_or(name);
    store.finish_change(&format!(
        "Import: mail from {file}: {} created, {} updated{}",
        report.created,
        report.updated,
        if counts.is_err() {
            " (stopped by an error)"
        } else {
            ""
        }
    ))?;
    let counts = counts?;
    // Recorded as a source, so `kith status` can say when the archive was read.
    store.apply_sync(name, &SyncBatch::default(), None)?;
    if counts.messages == 0 {
        report.warnings.push(format!(
            "{}: nothing in it looked like mail — no message starts in it (a message starts at a `From ` line, at the top of the file or after an empty line, followed by its headers); is it an mbox archive?",
            file
        ));
    }
    if counts.unreadable > 0 {
        report.warnings.push(format!(
            "{} of {} messages were not readable as mail",
            counts.unreadable, counts.messages
        ));
    }
    report.warnings.extend(counts.problems);
    if counts.more_problems > 0 {
        report.warnings.push(format!(
            "and {} more problems like these",
            counts.more_problems
        ));
    }
    let received = report.skipped.get(MailSkip::Received.describe()).copied();
    if planned_messages > 0 && received == Some(planned_messages) {
        report
            .warnings
            .push(none_of_yours(settings, planned_messages));
    }
    Ok(report)
}

/// What to check when not one message of an archive was recognised as the owner's: kith
/// logs only mail you wrote, and knows it by `KITH_MY_EMAILS` (or a Sent label).
fn none_of_yours(settings: &Settings, messages: usize) -> String {
    let mut mine: Vec<String> = my_emails(settings).into_iter().collect();
    mine.sort();
    let setting = if mine.is_empty() {
        "KITH_MY_EMAILS is not set: set it to the addresses you send from".to_owned()
    } else {
        format!(
            "check KITH_MY_EMAILS ({}): it should list the addresses you send from",
            mine.join(", ")
        )
    };
    format!(
        "none of the {messages} messages was recognised as written by you (all \"received, not written by you\"); {setting}"
    )
}

/// Syncs every configured mailbox (IMAP, then Gmail), after the calendars.
pub async fn sync_mail(
    settings: &Settings,
    store: &SharedStore,
    mode: Mode,
    now: DateTime<Utc>,
    retry: RetryPolicy,
) -> Vec<SourceReport> {
    let mut reports = Vec::new();
    if let Some(account) = &settings.imap {
        let mut report = SourceReport::new(&account.label());
        if let Err(error) = sync_imap(settings, store, account, mode, now, &mut report).await {
            let error = error.to_string();
            let _ = lock(store).record_sync_error(&report.source, &error);
            report.error = Some(error);
        }
        reports.push(report);
    }
    if settings.gmail {
        let quota = super::gmail::GMAIL_QUOTA;
        reports.push(sync_gmail_within(settings, store, mode, now, retry, quota).await);
    }
    reports
}

/// One Gmail run, spending at most `quota` units a minute (the benchmark's fake has none).
pub async fn sync_gmail_within(
    settings: &Settings,
    store: &SharedStore,
    mode: Mode,
    now: DateTime<Utc>,
    retry: RetryPolicy,
    quota: u32,
) -> SourceReport {
    let mut report = SourceReport::new(GMAIL_SOURCE);
    if let Err(error) = sync_gmail(settings, store, mode, now, retry, quota, &mut report).await {
        let error = error.to_string();
        let _ = lock(store).record_sync_error(GMAIL_SOURCE, &error);
        report.error = Some(error);
    }
    report
}

/// The name Gmail is reported and stored under.
pub const GMAIL_SOURCE: &str = "gmail:me";

#[allow(clippy::too_many_arguments)]
async fn sync_gmail(
    settings: &Settings,
    store: &SharedStore,
    mode: Mode,
    now: DateTime<Utc>,
    retry: RetryPolicy,
    quota: u32,
    report: &mut SourceReport,
) -> SyncResult<()> {
    let Some(client_id) = &settings.google_client_id else {
        return Err(SyncError::NotConfigured(
            "KITH_GMAIL needs KITH_GOOGLE_CLIENT_ID and `kith auth google`",
        ));
    };
    let token = StoredToken::load(&token_path(settings))?;
    let mut gmail = super::gmail::Gmail::new(
        &settings.gmail_api_url,
        &settings.google_token_url,
        client_id,
        settings.google_client_secret.clone(),
        token,
    )?;
    gmail.api.retry = retry;
    gmail.quota = super::gmail::Quota::new(quota);
    let (rules, position) = {
        let store = lock(store);
        let rules = mail_rules(settings, &store, Source::Gmail, now)?;
        let position = match mode {
            Mode::Full => None,
            Mode::Incremental => store.sync_position(GMAIL_SOURCE)?,
        };
        (rules, position)
    };
    let since = rules
        .shared
        .window_start
        .and_hms_opt(0, 0, 0)
        .map(|start| start.and_utc())
        .unwrap_or(now);
    let read = gmail.read(position.as_deref(), since).await?;
    report.full = read.full;
    let batch = planned(&read.messages, &rules, &HashMap::new(), report);
    apply_batch_in_parts(store, GMAIL_SOURCE, batch, read.history_id, report).await
}

async fn sync_imap(
    settings: &Settings,
    store: &SharedStore,
    account: &ImapAccount,
    mode: Mode,
    now: DateTime<Utc>,
    report: &mut SourceReport,
) -> SyncResult<()> {
    let Some(password) = &settings.imap_password else {
        return Err(SyncError::NotConfigured("KITH_IMAP_PASSWORD is not set"));
    };
    let name = report.source.clone();
    let (rules, position) = {
        let store = lock(store);
        let rules = mail_rules(settings, &store, Source::Imap, now)?;
        let position = match mode {
            Mode::Full => None,
            Mode::Incremental => store.sync_position(&name)?,
        };
        (rules, position)
    };
    let read = super::imap::read_sent(
        account,
        password,
        settings.imap_sent_folder.as_deref(),
        position.as_deref(),
        rules.shared.window_start,
    )
    .await?;
    report.full = read.full;
    let batch = planned(&read.messages, &rules, &HashMap::new(), report);
    apply_batch_in_parts(store, &name, batch, Some(read.position), report).await
}
