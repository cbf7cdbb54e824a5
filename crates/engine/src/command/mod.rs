//! Stage one of understanding a message: text → `Command`, with no store access. Names
//! stay text here; the engine resolves them against the store (stage two). Each command
//! is declared once, in `declared::COMMANDS`: its names, arguments, help line, example
//! and parser; `/help`, Telegram's menu, the missing-argument answers and `parse` all
//! read that one list.

mod arguments;
mod declared;
mod remember;
mod remind;
mod resolved;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::editline::{self, OrgEdit, PersonEdit};
use super::logline::{LogLineError, LogRequest};
use kith_domain::model::{Cadence, InteractionId};

pub use declared::{COMMANDS, Declaration, declaration};
pub use remember::{DateLine, split_date_name};
pub use remind::{REMIND_EXAMPLE, Reminder, Typed};
pub use resolved::Resolved;

/// A message, understood.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// The commands, or one command (`/help log`) with its example.
    Help(Option<String>),
    Find(String),
    Person(String),
    Log(LogRequest),
    Note {
        name: String,
        text: String,
    },
    Stale(Option<String>),
    /// Something to bring up with a person next time; `None` lists their open ones.
    Topic {
        name: String,
        text: Option<String>,
    },
    /// A person's important dates: list them, add one or remove one.
    Date {
        name: String,
        line: DateLine,
    },
    Unknown,
    New {
        name: String,
        email: Option<String>,
    },
    Link {
        email: String,
        name: String,
    },
    Org(String),
    Tag {
        name: String,
        add: Vec<String>,
        remove: Vec<String>,
    },
    Tags,
    /// A person's own cadence; `None` goes back to the tier's.
    Cadence {
        name: String,
        cadence: Option<Cadence>,
    },
    Recent(usize),
    Merge {
        keep: String,
        other: String,
    },
    Sync {
        full: bool,
    },
    Dupes,
    Stats,
    Today,
    Next,
    Digest,
    Export,
    Backup,
    /// The health report (`kith status`).
    Status,
    /// Take back the chat's latest change.
    Undo,
    History(String),
    Set {
        name: String,
        edit: PersonEdit,
    },
    Job {
        name: String,
        organization: String,
        title: Option<String>,
        left: bool,
    },
    Archive {
        name: String,
        archived: bool,
    },
    Unlink(String),
    Ignored,
    Unignore(String),
    OrgNew(String),
    OrgEdit {
        name: String,
        edit: OrgEdit,
    },
    OrgMerge {
        keep: String,
        other: String,
    },
    /// An interaction card's **+ Add someone** answer: no text parses to it; it exists
    /// so a name that could mean two people is asked about like any command's.
    AddToInteraction {
        interaction: InteractionId,
        name: String,
    },
    /// A follow-up on a person.
    Remind {
        name: String,
        reminder: Reminder,
    },
    /// The open follow-ups.
    Reminders,
    /// One person's open follow-ups.
    RemindersOf(String),
    /// The Telegram chat partners waiting for a person (`/telegram`).
    Telegram,
    /// The address book's open questions and offers (`/addressbook`).
    AddressBook,
    /// A Telegram chat partner's **Link to…** answer: no text parses to it; it exists so
    /// a name that could mean two people is asked about like any command's.
    TelegramLink {
        partner: i64,
        name: String,
    },
}

impl Command {
    /// The person names this command refers to, in the order they are resolved.
    pub fn person_names(&self) -> Vec<String> {
        match self {
            Command::Person(name) | Command::Note { name, .. } | Command::Link { name, .. } => {
                vec![name.clone()]
            }
            Command::Tag { name, .. }
            | Command::Topic { name, .. }
            | Command::Date { name, .. }
            | Command::Cadence { name, .. }
            | Command::History(name)
            | Command::RemindersOf(name)
            | Command::Job { name, .. }
            | Command::Archive { name, .. }
            | Command::AddToInteraction { name, .. }
            | Command::TelegramLink { name, .. }
            | Command::Remind { name, .. } => vec![name.clone()],
            Command::Set {
                name,
                edit: PersonEdit::Intro(Some(introducer)),
            } => vec![name.clone(), introducer.clone()],
            Command::Set { name, .. } => vec![name.clone()],
            Command::Log(request) => request.names.clone(),
            Command::Merge { keep, other } => vec![keep.clone(), other.clone()],
            _ => Vec::new(),
        }
    }
}

/// Why a message could not be understood; `Display` is the one-line answer.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("I don't know the command /{0}. Send /help for the list.")]
    UnknownCommand(String),
    #[error("/{command} needs {what}. For example: {example}")]
    Missing {
        command: &'static str,
        what: &'static str,
        example: &'static str,
    },
    #[error(transparent)]
    Log(#[from] LogLineError),
    #[error(transparent)]
    Edit(#[from] editline::ParseError),
    #[error("{0}")]
    Invalid(String),
}

/// A command's arguments as its parser sees them: the text after the command's name,
/// the day relative dates count from, and the declaration the name was found in (whose
/// example the missing-argument answers quote).
#[derive(Clone, Copy)]
pub struct Args<'a> {
    /// The arguments, trimmed.
    pub text: &'a str,
    /// The command's name as typed, lowercased and without "@bot" (an alias stays itself).
    pub word: &'a str,
    pub today: NaiveDate,
    pub declared: &'static Declaration,
}

impl Args<'_> {
    /// "/COMMAND needs WHAT. For example: …", with the declaration's own needs.
    pub fn missing(&self) -> ParseError {
        self.missing_that(self.declared.needs)
    }

    /// The missing-argument answer for a more specific lack (`/new` with only an address).
    pub fn missing_that(&self, what: &'static str) -> ParseError {
        ParseError::Missing {
            command: self.declared.name,
            what,
            example: self.declared.example,
        }
    }

    /// The arguments, which must not be empty.
    pub fn required(&self) -> Result<String, ParseError> {
        if self.text.is_empty() {
            Err(self.missing())
        } else {
            Ok(self.text.to_owned())
        }
    }
}

/// Plain text (no command): `#12` alone is that person's card, as `/person #12` is;
/// anything else is a search.
pub fn plain(text: &str) -> Command {
    let text = text.trim();
    match text.strip_prefix('#') {
        Some(number) if number.parse::<i64>().is_ok() => Command::Person(text.to_owned()),
        _ => Command::Find(text.to_owned()),
    }
}

/// Parses a message. Text that is not a command is `plain`: a search, or `#12`'s card.
pub fn parse(text: &str, today: NaiveDate) -> Result<Command, ParseError> {
    let text = text.trim();
    let Some(rest) = text.strip_prefix('/') else {
        return Ok(plain(text));
    };
    let (word, args) = match rest.find(char::is_whitespace) {
        Some(at) => (&rest[..at], rest[at..].trim()),
        None => (rest, ""),
    };
    // "/find@kith_bot" in groups names the bot; the name is not part of the command.
    let word = word.split('@').next().unwrap_or_default().to_lowercase();
    let Some(declared) = declaration(&word) else {
        return Err(ParseError::UnknownCommand(word.chars().take(40).collect()));
    };
    (declared.parse)(Args {
        text: args,
        word: &word,
        today,
        declared,
    })
}
