//! Mail sources run like calendars, through `crate::run`: read headers (no store
//! access), plan (pure), apply in parts through the calendar's upsert. Here: the mbox
//! import (`kith import mbox`, its own transactions as one undoable change) and the
//! mailboxes of `kith sync`, `/sync` and the schedule (IMAP, then Gmail). The mail rules
//! and planning are `planning`'s, re-exported here under their old paths.

use std::collections::{HashMap, VecDeque};
use std::io::BufRead;

use chrono::{DateTime, Utc};

use super::gmail::{GMAIL_QUOTA, GmailSource};
use super::imap::ImapSource;
use super::mbox::read_mbox;
use super::{Correspondent, MailMessage, MailSkip};
use crate::config::SyncConfig;
use crate::http::RetryPolicy;
use crate::run::{Context, Mode, SourceReport, add_applied, run};
use kith_config::settings::Settings;
use kith_domain::actor::Actor;
use kith_domain::model::Source;
use kith_store::{SharedStore, Store, SyncBatch};

pub use super::gmail::GMAIL_SOURCE;
pub use super::planning::{mail_rules, plan_messages, planned};

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
    let config = SyncConfig::from(settings);
    let mut rules = mail_rules(&config, store, Source::Mbox, now)?;
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
            .push(none_of_yours(&config, planned_messages));
    }
    Ok(report)
}

/// What to check when not one message of an archive was recognised as the owner's: kith
/// logs only mail you wrote, and knows it by `KITH_MY_EMAILS` (or a Sent label).
fn none_of_yours(config: &SyncConfig, messages: usize) -> String {
    let mut mine: Vec<String> = config.my_emails.iter().cloned().collect();
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
    let context = Context::new(SyncConfig::from(settings), now, retry);
    mailboxes(&context, store, mode).await
}

/// Runs every configured mailbox: IMAP, then Gmail.
pub async fn mailboxes(context: &Context, store: &SharedStore, mode: Mode) -> Vec<SourceReport> {
    let mut reports = Vec::new();
    if let Some(imap) = &context.config.imap {
        let source = ImapSource::new(context, imap.clone());
        reports.push(run(source, store, mode).await);
    }
    if context.config.gmail {
        let source = GmailSource::new(context, GMAIL_QUOTA);
        reports.push(run(source, store, mode).await);
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
    let context = Context::new(SyncConfig::from(settings), now, retry);
    run(GmailSource::new(&context, quota), store, mode).await
}
