//! The parsers of commands whose arguments have a shape: each takes the `Args` of its
//! declaration and answers the command or the one-line reason it is not one.

use super::{Args, Command, ParseError};
use crate::editline::{self, OrgLine, PersonEdit};
use crate::logline::{parse_log_details, split_notes};
use kith_domain::model::Cadence;

/// `/help [COMMAND]`: the topic with or without its slash.
pub(super) fn help(args: Args) -> Result<Command, ParseError> {
    let topic = args.text.trim().trim_start_matches('/').to_lowercase();
    Ok(Command::Help(Some(topic).filter(|t| !t.is_empty())))
}

pub(super) fn log(args: Args) -> Result<Command, ParseError> {
    if args.text.is_empty() {
        return Err(args.missing());
    }
    let request = parse_log_details(args.text, args.today)?;
    if request.names.is_empty() {
        return Err(args.missing());
    }
    Ok(Command::Log(request))
}

pub(super) fn note(args: Args) -> Result<Command, ParseError> {
    let (name, note) = split_notes(args.text).ok_or_else(|| args.missing())?;
    if name.is_empty() || note.is_empty() {
        return Err(args.missing());
    }
    Ok(Command::Note {
        name: name.to_owned(),
        text: note.to_owned(),
    })
}

pub(super) fn link(args: Args) -> Result<Command, ParseError> {
    let (email, name) = args
        .text
        .split_once(char::is_whitespace)
        .ok_or_else(|| args.missing())?;
    Ok(Command::Link {
        email: without_angles(email),
        name: name.trim().to_owned(),
    })
}

/// An address as typed, with or without `<…>`.
pub(super) fn without_angles(email: &str) -> String {
    email.trim_matches(|c| c == '<' || c == '>').to_owned()
}

pub(super) fn org(args: Args) -> Result<Command, ParseError> {
    Ok(match editline::parse_org(args.text)? {
        OrgLine::Card(name) => Command::Org(name),
        OrgLine::New(name) => Command::OrgNew(name),
        OrgLine::Merge(keep, other) => Command::OrgMerge { keep, other },
        OrgLine::Edit(name, edit) => Command::OrgEdit { name, edit },
    })
}

pub(super) fn undo(args: Args) -> Result<Command, ParseError> {
    if args.text.is_empty() {
        return Ok(Command::Undo);
    }
    Err(ParseError::Invalid(
        "/undo takes nothing: it undoes your latest change. Each change's message also has its own Undo button.".into(),
    ))
}

pub(super) fn set(args: Args) -> Result<Command, ParseError> {
    let (name, edit) = editline::parse_set(args.text)?;
    Ok(Command::Set { name, edit })
}

pub(super) fn job(args: Args) -> Result<Command, ParseError> {
    let (name, organization, title, left) = editline::parse_job(args.text)?;
    Ok(Command::Job {
        name,
        organization,
        title,
        left,
    })
}

pub(super) fn intro(args: Args) -> Result<Command, ParseError> {
    let (name, by) = editline::parse_intro(args.text)?;
    Ok(Command::Set {
        name,
        edit: PersonEdit::Intro(by),
    })
}

pub(super) fn recent(args: Args) -> Result<Command, ParseError> {
    if args.text.is_empty() {
        return Ok(Command::Recent(10));
    }
    match args.text.parse::<usize>() {
        Ok(n) if (1..=50).contains(&n) => Ok(Command::Recent(n)),
        _ => Err(ParseError::Invalid(format!(
            "/recent takes a number from 1 to 50, not {:?}. For example: /recent 5",
            args.text
        ))),
    }
}

pub(super) fn sync(args: Args) -> Result<Command, ParseError> {
    match args.text.to_lowercase().as_str() {
        "" => Ok(Command::Sync { full: false }),
        "full" => Ok(Command::Sync { full: true }),
        _ => Err(ParseError::Invalid(format!(
            "/sync takes nothing, or \"full\" to re-read the whole window; not {:?}",
            args.text
        ))),
    }
}

pub(super) fn new(args: Args) -> Result<Command, ParseError> {
    let text = args.text;
    if text.is_empty() {
        return Err(args.missing());
    }
    // "Jane Doe <jane@acme.io>", or an address as the last word.
    if let (Some(open), Some(close)) = (text.find('<'), text.rfind('>'))
        && open < close
    {
        let name = text[..open].trim();
        let email = text[open + 1..close].trim();
        if name.is_empty() {
            return Err(args.missing());
        }
        return Ok(Command::New {
            name: name.to_owned(),
            email: Some(email.to_owned()),
        });
    }
    match text.rsplit_once(char::is_whitespace) {
        Some((name, last)) if last.contains('@') => Ok(Command::New {
            name: name.trim().to_owned(),
            email: Some(last.to_owned()),
        }),
        _ if text.contains('@') && !text.contains(char::is_whitespace) => {
            Err(args.missing_that("a name before the address"))
        }
        _ => Ok(Command::New {
            name: text.to_owned(),
            email: None,
        }),
    }
}

pub(super) fn cadence(args: Args) -> Result<Command, ParseError> {
    let Some((name, pace)) = args.text.rsplit_once(char::is_whitespace) else {
        return Err(args.missing());
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

pub(super) fn tag(args: Args) -> Result<Command, ParseError> {
    let text = args.text;
    if text.is_empty() {
        return Err(args.missing());
    }
    // Operations start at " +" or " -"; everything before the first is the name.
    let mut marks: Vec<usize> = text
        .char_indices()
        .filter(|(i, c)| {
            (*c == '+' || *c == '-') && (*i == 0 || text[..*i].ends_with(char::is_whitespace))
        })
        .map(|(i, _)| i)
        .collect();
    let name_end = marks.first().copied().unwrap_or(text.len());
    let name = text[..name_end].trim().to_owned();
    if name.is_empty() {
        return Err(args.missing_that("a name before the tags"));
    }
    marks.push(text.len());
    let (mut add, mut remove) = (Vec::new(), Vec::new());
    for pair in marks.windows(2) {
        let op = &text[pair[0]..pair[1]];
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

pub(super) fn merge(args: Args) -> Result<Command, ParseError> {
    let text = args.text;
    let separators = [",", "|", " into ", " and "];
    for separator in separators {
        if let Some((a, b)) = text.split_once(separator) {
            let (a, b) = (a.trim(), b.trim());
            if !a.is_empty() && !b.is_empty() {
                return Ok(Command::Merge {
                    keep: a.to_owned(),
                    other: b.to_owned(),
                });
            }
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if let [a, b] = words.as_slice() {
        return Ok(Command::Merge {
            keep: (*a).to_owned(),
            other: (*b).to_owned(),
        });
    }
    Err(args.missing())
}
