//! Stage one of understanding a message: text → `Command`, with no store access. Names
//! stay text here; the engine resolves them against the store (stage two). The list of
//! commands itself is `menu::COMMANDS`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::editline::{self, OrgEdit, OrgLine, PersonEdit};
use super::logline::{LogLineError, LogRequest, parse_log_details, split_notes};
use super::menu::COMMANDS;
use kith_domain::model::{Cadence, InteractionId};

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
}

impl Command {
    /// The person names this command refers to, in the order they are resolved.
    pub fn person_names(&self) -> Vec<String> {
        match self {
            Command::Person(name) | Command::Note { name, .. } | Command::Link { name, .. } => {
                vec![name.clone()]
            }
            Command::Tag { name, .. }
            | Command::Cadence { name, .. }
            | Command::History(name)
            | Command::Job { name, .. }
            | Command::Archive { name, .. }
            | Command::AddToInteraction { name, .. } => vec![name.clone()],
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

fn example(name: &str) -> &'static str {
    COMMANDS
        .iter()
        .find(|c| c.name == name)
        .map_or("/help", |c| c.example)
}

fn missing(command: &'static str, what: &'static str) -> ParseError {
    ParseError::Missing {
        command,
        what,
        example: example(command),
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
    let name = word.split('@').next().unwrap_or_default().to_lowercase();
    let needs = |what: &'static str, command: &'static str| {
        if args.is_empty() {
            Err(missing(command, what))
        } else {
            Ok(args.to_owned())
        }
    };
    match name.as_str() {
        "start" => Ok(Command::Help(None)),
        "help" => Ok(Command::Help(
            Some(args.trim().trim_start_matches('/').to_lowercase()).filter(|a| !a.is_empty()),
        )),
        "find" | "search" => needs("something to look for", "find").map(Command::Find),
        "person" | "p" => needs("a name", "person").map(Command::Person),
        "log" => parse_log(args, today).map(Command::Log),
        "note" => {
            let (name, note) =
                split_notes(args).ok_or_else(|| missing("note", "a name, a colon and the note"))?;
            if name.is_empty() || note.is_empty() {
                return Err(missing("note", "a name, a colon and the note"));
            }
            Ok(Command::Note {
                name: name.to_owned(),
                text: note.to_owned(),
            })
        }
        "stale" => Ok(Command::Stale(
            Some(args.to_owned()).filter(|a| !a.is_empty()),
        )),
        "unknown" => Ok(Command::Unknown),
        "new" => parse_new(args),
        "link" => {
            let (email, name) = args
                .split_once(char::is_whitespace)
                .ok_or_else(|| missing("link", "an address and a name"))?;
            Ok(Command::Link {
                email: email.trim_matches(|c| c == '<' || c == '>').to_owned(),
                name: name.trim().to_owned(),
            })
        }
        "org" => Ok(match editline::parse_org(args)? {
            OrgLine::Card(name) => Command::Org(name),
            OrgLine::New(name) => Command::OrgNew(name),
            OrgLine::Merge(keep, other) => Command::OrgMerge { keep, other },
            OrgLine::Edit(name, edit) => Command::OrgEdit { name, edit },
        }),
        "undo" if args.is_empty() => Ok(Command::Undo),
        "undo" => Err(ParseError::Invalid(
            "/undo takes nothing: it undoes your latest change. Each change's message also has its own Undo button.".into(),
        )),
        "history" => needs("a name", "history").map(Command::History),
        "set" => Ok(editline::parse_set(args).map(|(name, edit)| Command::Set { name, edit })?),
        "job" => {
            let (name, organization, title, left) = editline::parse_job(args)?;
            Ok(Command::Job {
                name,
                organization,
                title,
                left,
            })
        }
        "intro" => {
            let (name, by) = editline::parse_intro(args)?;
            Ok(Command::Set {
                name,
                edit: PersonEdit::Intro(by),
            })
        }
        "archive" | "unarchive" => {
            let archived = name == "archive";
            needs("a name", "archive").map(|name| Command::Archive { name, archived })
        }
        "unlink" => needs("an address", "unlink")
            .map(|email| Command::Unlink(email.trim_matches(|c| c == '<' || c == '>').to_owned())),
        "ignored" => Ok(Command::Ignored),
        "unignore" => needs("an address or @domain", "unignore").map(Command::Unignore),
        "tag" => parse_tag(args),
        "tags" => Ok(Command::Tags),
        "cadence" => parse_cadence(args),
        "recent" => {
            if args.is_empty() {
                return Ok(Command::Recent(10));
            }
            match args.parse::<usize>() {
                Ok(n) if (1..=50).contains(&n) => Ok(Command::Recent(n)),
                _ => Err(ParseError::Invalid(format!(
                    "/recent takes a number from 1 to 50, not {args:?}. For example: /recent 5"
                ))),
            }
        }
        "merge" => parse_merge(args),
        "digest" => Ok(Command::Digest),
        "dupes" | "duplicates" => Ok(Command::Dupes),
        "stats" | "year" => Ok(Command::Stats),
        "today" => Ok(Command::Today),
        "next" => Ok(Command::Next),
        "export" => Ok(Command::Export),
        "backup" => Ok(Command::Backup),
        "status" => Ok(Command::Status),
        "sync" => match args.to_lowercase().as_str() {
            "" => Ok(Command::Sync { full: false }),
            "full" => Ok(Command::Sync { full: true }),
            _ => Err(ParseError::Invalid(format!(
                "/sync takes nothing, or \"full\" to re-read the whole window; not {args:?}"
            ))),
        },
        _ => Err(ParseError::UnknownCommand(name.chars().take(40).collect())),
    }
}

fn parse_log(args: &str, today: NaiveDate) -> Result<LogRequest, ParseError> {
    if args.is_empty() {
        return Err(missing("log", "who you met"));
    }
    let request = parse_log_details(args, today)?;
    if request.names.is_empty() {
        return Err(missing("log", "who you met"));
    }
    Ok(request)
}

fn parse_new(args: &str) -> Result<Command, ParseError> {
    if args.is_empty() {
        return Err(missing("new", "a name"));
    }
    // "Jane Doe <jane@acme.io>", or an address as the last word.
    if let (Some(open), Some(close)) = (args.find('<'), args.rfind('>'))
        && open < close
    {
        let name = args[..open].trim();
        let email = args[open + 1..close].trim();
        if name.is_empty() {
            return Err(missing("new", "a name"));
        }
        return Ok(Command::New {
            name: name.to_owned(),
            email: Some(email.to_owned()),
        });
    }
    match args.rsplit_once(char::is_whitespace) {
        Some((name, last)) if last.contains('@') => Ok(Command::New {
            name: name.trim().to_owned(),
            email: Some(last.to_owned()),
        }),
        _ if args.contains('@') && !args.contains(char::is_whitespace) => {
            Err(missing("new", "a name before the address"))
        }
        _ => Ok(Command::New {
            name: args.to_owned(),
            email: None,
        }),
    }
}

fn parse_cadence(args: &str) -> Result<Command, ParseError> {
    let Some((name, pace)) = args.rsplit_once(char::is_whitespace) else {
        return Err(missing(
            "cadence",
            "a name and a pace (3w, 10d, 2m, off or tier)",
        ));
    };
    let name = name.trim().to_owned();
    let cadence = match pace.to_lowercase().as_str() {
        "tier" | "default" | "reset" => None,
        other => Some(Cadence::parse(other).ok_or_else(|| {
            ParseError::Invalid(format!(
                "I can't read the pace {pace:?}: use days, weeks, months or years (10d, 3w, 2m, 1y, at most 10 years), off, or tier. For example: /cadence Alice Smith 3w"
            ))
        })?),
    };
    Ok(Command::Cadence { name, cadence })
}

fn parse_tag(args: &str) -> Result<Command, ParseError> {
    if args.is_empty() {
        return Err(missing(
            "tag",
            "a name and tags to add (+tag) or remove (-tag)",
        ));
    }
    // Operations start at " +" or " -"; everything before the first is the name.
    let mut marks: Vec<usize> = args
        .char_indices()
        .filter(|(i, c)| {
            (*c == '+' || *c == '-') && (*i == 0 || args[..*i].ends_with(char::is_whitespace))
        })
        .map(|(i, _)| i)
        .collect();
    let name_end = marks.first().copied().unwrap_or(args.len());
    let name = args[..name_end].trim().to_owned();
    if name.is_empty() {
        return Err(missing("tag", "a name before the tags"));
    }
    marks.push(args.len());
    let (mut add, mut remove) = (Vec::new(), Vec::new());
    for pair in marks.windows(2) {
        let op = &args[pair[0]..pair[1]];
        let tag = op[1..].trim().trim_start_matches('#').trim();
        if tag.is_empty() {
            continue;
        }
        if op.starts_with('+') {
            add.push(tag.to_owned());
        } else {
            remove.push(tag.to_owned());
        }
    }
    Ok(Command::Tag { name, add, remove })
}

fn parse_merge(args: &str) -> Result<Command, ParseError> {
    let separators = [",", "|", " into ", " and "];
    for separator in separators {
        if let Some((a, b)) = args.split_once(separator) {
            let (a, b) = (a.trim(), b.trim());
            if !a.is_empty() && !b.is_empty() {
                return Ok(Command::Merge {
                    keep: a.to_owned(),
                    other: b.to_owned(),
                });
            }
        }
    }
    let words: Vec<&str> = args.split_whitespace().collect();
    if let [a, b] = words.as_slice() {
        return Ok(Command::Merge {
            keep: (*a).to_owned(),
            other: (*b).to_owned(),
        });
    }
    Err(missing("merge", "two names separated by a comma"))
}
