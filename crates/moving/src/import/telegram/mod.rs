//! Telegram Desktop's machine-readable export (Settings → Advanced → Export Telegram
//! data, format JSON) → the days the owner wrote in each personal chat, as `ChatDay`s.
//!
//! Read streamed: serde visitors over a buffered reader walk the file once, keeping of a
//! chat only who wrote on which day (never a message's text, never a chat's messages),
//! so a file of any size is read in the memory of its days. Both layouts: the full
//! export (`chats.list[]`, and `left_chats.list[]`) and one chat's export (the chat at
//! the root), pretty or on one line (JSON's lines mean nothing). Bounded in what it
//! holds, whatever the file's size: a string or number longer than `Limits::value_bytes`
//! or values nested deeper than `Limits::depth` stop the reading (a message is at most
//! 4,096 characters), a field kept is cut to `Limits::kept_chars`, and a chat's messages
//! past `Limits::chat_messages` are counted but not read, a located problem. Every chat that is not a personal one, and every
//! message that is not one the owner wrote, is counted, never silently dropped.

mod state;
mod walk;

use std::cell::Cell;
use std::fmt;
use std::io::{BufReader, Read};
use std::rc::Rc;

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

/// Why an export could not be read at all: where (line and column, unless it is the
/// file that could not be read; the chat being read, else the last one read) and what.
/// Nothing of such a file is imported.
#[derive(Debug)]
pub struct ExportError {
    pub file: String,
    /// 0 when the bytes could not be read (the problem says why); `column` 0 when only
    /// the line is known.
    pub line: usize,
    pub column: usize,
    pub chat: Option<String>,
    /// The last chat read to its end, when the error came outside any chat.
    pub after: Option<String>,
    pub problem: String,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        match (self.line, self.column) {
            (0, _) => {}
            (line, 0) => write!(f, ", line {line}")?,
            (line, column) => write!(f, ", line {line}, column {column}")?,
        }
        match (&self.chat, &self.after) {
            (Some(chat), _) => write!(f, " (in the chat {chat})")?,
            (None, Some(chat)) => write!(f, " (after the chat {chat})")?,
            (None, None) => {}
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
    let refused_at = Rc::new(Cell::new(0));
    let guard = ValueGuard::new(reader, limits, Rc::clone(&refused_at));
    let guarded = BufReader::with_capacity(1 << 16, guard);
    let mut deserializer = serde_json::Deserializer::from_reader(guarded);
    let mut state = State {
        file,
        zone,
        limits,
        read: ExportRead::default(),
        chat: None,
        last_chat: None,
    };
    let outcome = Root { state: &mut state }
        .deserialize(&mut deserializer)
        .and_then(|found| deserializer.end().map(|()| found));
    let located = |error: serde_json::Error, state: &mut State| ExportError {
        file: file.to_owned(),
        line: match error.line() {
            0 => refused_at.get(),
            line => line,
        },
        column: error.column(),
        chat: state.chat.take(),
        after: state.last_chat.take(),
        problem: plain_error(&error),
    };
    match outcome {
        Ok(true) => Ok(state.read),
        Ok(false) => Err(ExportError {
            file: file.to_owned(),
            line: 1,
            column: 1,
            chat: None,
            after: None,
            problem: "not a Telegram Desktop export: it has neither \"chats\" (the whole export) nor \"messages\" (one chat's); export with \"Machine-readable JSON\"".to_owned(),
        }),
        Err(error) => Err(located(error, &mut state)),
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

/// The bytes of a file, refused at a string or bare value (a number) longer than
/// `Limits::value_bytes` or at values nested deeper than `Limits::depth` (the JSON
/// reader's error says where): all that the JSON reader buffers whole, so what it holds stays bounded
/// whatever the file's size and however it is laid out.
struct ValueGuard<R> {
    inner: R,
    max: usize,
    deepest: usize,
    line: usize,
    /// The line the guard refused at, for an error the JSON reader does not locate.
    refused_at: Rc<Cell<usize>>,
    /// Inside a string, and just after a backslash in one.
    in_string: bool,
    escaped: bool,
    /// The bytes of the string or bare value being read.
    length: usize,
    depth: usize,
}

impl<R: Read> ValueGuard<R> {
    fn new(inner: R, limits: Limits, refused_at: Rc<Cell<usize>>) -> ValueGuard<R> {
        ValueGuard {
            inner,
            max: limits.value_bytes,
            deepest: limits.depth,
            line: 1,
            refused_at,
            in_string: false,
            escaped: false,
            length: 0,
            depth: 0,
        }
    }

    /// One byte more; the error if it goes past a bound.
    fn step(&mut self, byte: u8) -> Result<(), String> {
        if byte == b'\n' {
            self.line += 1;
        }
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if byte == b'\\' {
                self.escaped = true;
            } else if byte == b'"' {
                self.in_string = false;
                self.length = 0;
                return Ok(());
            }
            self.length += 1;
        } else {
            match byte {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
            if matches!(byte, b'"' | b'{' | b'[' | b'}' | b']' | b',' | b':')
                || byte.is_ascii_whitespace()
            {
                self.length = 0;
            } else {
                self.length += 1;
            }
        }
        if self.length > self.max {
            return Err(format!(
                "a value longer than {} bytes, more than any in a Telegram export",
                self.max
            ));
        }
        if self.depth > self.deepest {
            return Err(format!(
                "values nested more than {} deep, deeper than any Telegram export",
                self.deepest
            ));
        }
        Ok(())
    }
}

impl<R: Read> Read for ValueGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let count = self.inner.read(buf)?;
        for byte in &buf[..count] {
            self.step(*byte).map_err(|problem| {
                self.refused_at.set(self.line);
                std::io::Error::new(std::io::ErrorKind::InvalidData, problem)
            })?;
        }
        Ok(count)
    }
}
