//! Stage two: typed names become people by one rule (`domain::pick`). A name that could
//! mean two people is asked about with a button each (a `Pending` command that finishes
//! when one is pressed); a name that is no one gets the sentence saying so.

use super::callback::Callback;
use super::command::{Command, Resolved};
use super::questions::{Pending, Question, cancel_button};
use super::reply::{Button, Reply};
use super::{Context, Engine};
use kith_domain::error::Refusal;
use kith_domain::model::{EmailAddress, PersonId};
use kith_domain::pick::{Pick, pick};
use kith_domain::rank::{Match, MatchTarget};
use kith_store::{Error, Reach};

/// How many candidates an ambiguous name offers.
const MAX_CANDIDATES: usize = 8;

/// Who a typed name refers to.
pub(super) enum Resolution {
    Found(PersonId),
    Ambiguous(Vec<(PersonId, String)>),
    Missing,
}

/// What a command's names came to: the command with its people, a "Which … do you
/// mean?" asked, or the sentence for a name that is no one.
pub(super) enum Named {
    All(Resolved),
    Asked(Reply),
    Missing(String),
}

/// Resolves a typed name among the people `reach` reads: `#12` is that person and a
/// full address is its owner (archived or not); any other text names one person only
/// when `pick` says no one else matches it alike, and is asked about when it could
/// mean several. Never guesses.
pub(super) fn resolve_name(engine: &Engine, name: &str, reach: Reach) -> Result<Resolution, Error> {
    let name = name.trim();
    if let Some(id) = name.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
        return match engine.store.person(PersonId(id)) {
            Ok(person) => Ok(Resolution::Found(person.id)),
            Err(Error::Refused(Refusal::NotFound { .. })) => Ok(Resolution::Missing),
            Err(error) => Err(error),
        };
    }
    if name.contains('@') {
        let owner = match EmailAddress::parse(name) {
            Ok(address) => engine.store.person_by_email(&address)?,
            Err(_) => None,
        };
        return Ok(owner.map_or(Resolution::Missing, |person| Resolution::Found(person.id)));
    }
    let hits = engine
        .store
        .people_called(name, MAX_CANDIDATES + 1, reach)?;
    let person = |hit: &Match| match hit.target {
        MatchTarget::Person(id) => id,
        MatchTarget::Organization(_) => unreachable!("people_called finds people"),
    };
    Ok(match pick(&hits) {
        Pick::Nothing => Resolution::Missing,
        Pick::One(index) => Resolution::Found(person(&hits[index])),
        Pick::Several => Resolution::Ambiguous(
            hits.iter()
                .take(MAX_CANDIDATES)
                .map(|hit| (person(hit), hit.label.clone()))
                .collect(),
        ),
    })
}

/// Resolves the command's names after those already `resolved`, each once: a name
/// that could mean several asks with a button each (a pending action that carries
/// `question`, the answer's question left open, when there is one).
pub(super) fn resolve_names(
    engine: &mut Engine,
    context: Context,
    command: Command,
    mut resolved: Vec<PersonId>,
    question: Option<&Question>,
) -> Result<Named, Error> {
    let names = command.person_names();
    let reach = reach_of(&command);
    while resolved.len() < names.len() {
        let name = &names[resolved.len()];
        match resolve_name(engine, name, reach)? {
            Resolution::Found(person) => resolved.push(person),
            Resolution::Missing => return Ok(Named::Missing(missing(name, reach))),
            Resolution::Ambiguous(candidates) => {
                let pending = Pending {
                    command,
                    resolved,
                    candidates: candidates.iter().map(|(id, _)| *id).collect(),
                    question: question.cloned(),
                };
                let json = serde_json::to_string(&pending).expect("pending actions serialise");
                let id = engine
                    .store
                    .save_pending(context.chat, &json, context.now)?;
                let mut reply = Reply::text(format!("Which {name:?} do you mean?"));
                let labels = engine.person_labels(&candidates, true)?;
                for ((person, _), label) in candidates.into_iter().zip(labels) {
                    reply = reply.with_row(vec![Button::new(
                        label,
                        Callback::Choose {
                            pending: id,
                            person,
                        },
                    )]);
                }
                return Ok(Named::Asked(reply.with_row(vec![cancel_button()])));
            }
        }
    }
    match command.resolved(&resolved) {
        Some(command) => Ok(Named::All(command)),
        None => unreachable!("each of the command's names is resolved once, in order"),
    }
}

/// Whose names a command's names are looked up among: `/unarchive` reads only archived
/// people; every other command reads everyone, archived people included.
fn reach_of(command: &Command) -> Reach {
    match command {
        Command::Archive {
            archived: false, ..
        } => Reach::Archived,
        _ => Reach::Everyone,
    }
}

/// The answer when a typed name, number or address is no one kith has: `/new` is
/// suggested only for a name, and only when no one — archived or not — matches it.
fn missing(name: &str, reach: Reach) -> String {
    let name = name.trim();
    if let Some(number) = name.strip_prefix('#').filter(|n| n.parse::<i64>().is_ok()) {
        return format!("No one has the number #{number}.");
    }
    if name.contains('@') {
        return format!("No one has the address {name:?}. /link {name} NAME gives it to someone.");
    }
    match reach {
        Reach::Archived => format!(
            "No archived person is called {name:?}. /find {name} shows everyone by that name."
        ),
        Reach::Active | Reach::Everyone => format!(
            "I don't know anyone called {name:?}. Add them with /new {name}, or check the spelling."
        ),
    }
}
