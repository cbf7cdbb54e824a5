//! Telegram Desktop's machine-readable export (Settings → Advanced → Export Telegram
//! data, format JSON) → the days the owner wrote in each personal chat, as `ChatDay`s.
//!
//! Read streamed: serde visitors over a buffered reader walk the file once, keeping of a
//! chat only who wrote on which day (never a message's text, never a chat's messages),
//! so a file of any size is read in the memory of its days. Both layouts: the full
//! export (`chats.list[]`, and `left_chats.list[]`) and one chat's export (the chat at
//! the root). Bounded as the other readers are: a line longer than `Limits::line_bytes`
//! stops the reading (a Telegram export is one field a line; a message is at most
//! 4,096 characters), and a chat's messages past `Limits::chat_messages` are counted
//! but not read, a located problem. Every chat that is not a personal one, and every
//! message that is not one the owner wrote, is counted, never silently dropped.

mod state;
mod walk;

use std::fmt;
use std::io::{BufReader, Read};

use chrono_tz::Tz;
use serde::de::DeserializeSeed;

use kith_domain::actor::Actor;
use kith_domain::text::plural;
use kith_store::{ChatDaysReport, Store};

use state::State;
pub use state::{ExportCounts, ExportRead, Limits};
use walk::Root;

/// Logs an export's chat days as one import change (in one transaction), which `/undo`
/// takes back whole; `file` names it in /history. A day already logged is left as it is,
/// so a second import changes nothing.
pub fn apply(
    store: &mut Store,
    read: &ExportRead,
    file: &str,
) -> kith_store::Result<ChatDaysReport> {
    store.in_one_transaction(|store| {
        store.begin_change(Actor::Import)?;
        let applied = store.log_chat_days(&read.days)?;
        store.finish_change(&format!(
            "Import: Telegram chats from {file}: {} logged, {} waiting",
            plural(applied.logged, "chat day", "chat days"),
            applied.waiting
        ))?;
        Ok(applied)
    })
}

impl ExportRead {
    /// The line `kith import telegram` ends with: the chats by kind, the messages, what
    /// became of the chat days, and how many parts could not be read (each listed before
    /// it).
    pub fn report_line(&self, applied: &ChatDaysReport) -> String {
        let counts = &self.counts;
        let skipped: Vec<String> = [
            (counts.groups, "group", "groups"),
            (counts.channels, "channel", "channels"),
            (counts.bots, "bot", "bots"),
            (counts.saved, "saved messages", "saved messages"),
            (counts.deleted, "deleted account", "deleted accounts"),
            (counts.other, "other chat", "other chats"),
        ]
        .into_iter()
        .filter(|(count, ..)| *count > 0)
        .map(|(count, one, many)| plural(count, one, many))
        .collect();
        let skipped = if skipped.is_empty() {
            String::new()
        } else {
            format!(" ({} skipped)", skipped.join(", "))
        };
        let problems = match self.problems.len() {
            0 => String::new(),
            1 => " 1 part could not be read (above).".to_owned(),
            many => format!(" {many} parts could not be read (above)."),
        };
        format!(
            "Telegram export: {}{skipped}; {} read ({} service); {}{}{problems}",
            plural(counts.personal, "personal chat", "personal chats"),
            plural(counts.messages, "message", "messages"),
            counts.service,
            plural(self.days.len(), "chat day", "chat days"),
            days_line(applied),
        )
    }
}

/// What became of the chat days: ": 60 logged, 20 waiting for 5 people kith does not
/// know (the digest asks about them), 5 already logged."; days that waited already are
/// "still waiting" (see /telegram), not logged.
fn days_line(applied: &ChatDaysReport) -> String {
    let mut parts = Vec::new();
    if applied.logged > 0 {
        parts.push(format!("{} logged", applied.logged));
    }
    let whom = plural(applied.partners_waiting, "person", "people");
    match (applied.waiting, applied.still_waiting) {
        (0, 0) => {}
        (waiting, 0) => parts.push(format!(
            "{waiting} waiting for {whom} kith does not know (the digest asks about them)"
        )),
        (0, still) => parts.push(format!(
            "{still} still waiting for {whom} kith does not know (see /telegram)"
        )),
        (waiting, still) => parts.push(format!(
            "{waiting} waiting and {still} still waiting for {whom} kith does not know (see /telegram)"
        )),
    }
    if applied.already > 0 {
        parts.push(format!("{} already logged", applied.already));
    }
    if applied.ignored > 0 {
        parts.push(format!(
            "{} with people you ignore, dropped",
            applied.ignored
        ));
    }
    if parts.is_empty() {
        return ".".to_owned();
    }
    let changed = applied.logged + applied.waiting > 0;
    format!(
        ": {}{}",
        parts.join(", "),
        if changed {
            "."
        } else {
            " — nothing changed."
        }
    )
}

/// Why an export could not be read at all: where (line and column, the chat being read)
/// and what. Nothing of such a file is imported.
#[derive(Debug)]
pub struct ExportError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub chat: Option<String>,
    pub problem: String,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, line {}, column {}",
            self.file, self.line, self.column
        )?;
        if let Some(chat) = &self.chat {
            write!(f, " (in the chat {chat})")?;
        }
        write!(f, ": {}", self.problem)
    }
}

impl std::error::Error for ExportError {}

/// Reads an export from `reader` (a file's bytes), the days in `zone`.
pub fn read(
    file: &str,
    reader: impl Read,
    zone: Tz,
    limits: Limits,
) -> Result<ExportRead, ExportError> {
    let guarded = BufReader::with_capacity(1 << 16, LineGuard::new(reader, limits.line_bytes));
    let mut deserializer = serde_json::Deserializer::from_reader(guarded);
    let mut state = State {
        file,
        zone,
        limits,
        read: ExportRead::default(),
        chat: None,
    };
    let outcome = Root { state: &mut state }
        .deserialize(&mut deserializer)
        .and_then(|found| deserializer.end().map(|()| found));
    let located = |error: serde_json::Error, chat: Option<String>| ExportError {
        file: file.to_owned(),
        line: error.line(),
        column: error.column(),
        chat,
        problem: plain_error(&error),
    };
    match outcome {
        Ok(true) => Ok(state.read),
        Ok(false) => Err(ExportError {
            file: file.to_owned(),
            line: 1,
            column: 1,
            chat: None,
            problem: "not a Telegram Desktop export: it has neither \"chats\" (the whole export) nor \"messages\" (one chat's); export with \"Machine-readable JSON\"".to_owned(),
        }),
        Err(error) => Err(located(error, state.chat.take())),
    }
}

/// serde_json's words without its own "at line … column …" (the error says where).
fn plain_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// The bytes of a file, refused past a line longer than `max` (an error naming the line).
struct LineGuard<R> {
    inner: R,
    max: usize,
    line: usize,
    length: usize,
}

impl<R: Read> LineGuard<R> {
    fn new(inner: R, max: usize) -> LineGuard<R> {
        LineGuard {
            inner,
            max,
            line: 1,
            length: 0,
        }
    }
}

impl<R: Read> Read for LineGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let count = self.inner.read(buf)?;
        for byte in &buf[..count] {
            if *byte == b'\n' {
                self.line += 1;
                self.length = 0;
            } else {
                self.length += 1;
                if self.length > self.max {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!(
                            "line {} is longer than {} bytes, more than any line of a Telegram export",
                            self.line, self.max
                        ),
                    ));
                }
            }
        }
        Ok(count)
    }
}
