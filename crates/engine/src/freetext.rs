//! Plain text that reads as an interaction ("coffee with Ana yesterday, she's moving to
//! Lisbon") becomes a proposal card — "Log coffee with Ana Souza on 1 Dec, note: she's
//! moving to Lisbon?" with **Log**, **Edit** and **Cancel** — after its names and date
//! are settled the /log way (a button each when unsure); anything else stays a search.
//! Nothing is written before **Log**, which logs through /log's own path.

use serde::{Deserialize, Serialize};

use super::callback::Callback;
use super::forwards::{drop_button, short_day};
use super::freereading::{read_free_text, starts_like_an_interaction};
use super::logline::LogRequest;
use super::reply::Reply;
use super::resolve::{Resolution, resolve_name};
use super::widgets::{button, truncate};
use super::{Context, Engine};
use kith_domain::model::PersonId;
use kith_domain::text::Strength;
use kith_store::{Error, Reach};

/// A free-text log on its way to a proposal: the names resolved so far, the people one
/// name could mean while that is asked, and its date (`month_first` while asked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct FreeStep {
    request: LogRequest,
    resolved: Vec<PersonId>,
    candidates: Vec<PersonId>,
}

impl FreeStep {
    /// Every name resolved and the date read one way: **Log** can log it.
    fn ready(&self) -> bool {
        self.candidates.is_empty()
            && self.request.month_first.is_none()
            && self.resolved.len() == self.request.names.len()
    }
}

/// A step as kept in `pending_actions` (its field name keeps it apart).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FreePending {
    free_text: FreeStep,
}

/// Whether a pending action is a free-text proposal's.
pub(super) fn is_free_text_pending(json: &str) -> bool {
    serde_json::from_str::<FreePending>(json).is_ok()
}

/// "That's ahead: kith logs what happened — /remind Bob tomorrow: drinks": a line that
/// reads as an interaction on a day after today, answered with the follow-up it could be.
fn ahead(request: &LogRequest) -> String {
    let (first, others) = request
        .names
        .split_first()
        .map_or(("NAME", &[][..]), |(first, others)| {
            (first.as_str(), others)
        });
    let when = match request.date_words.trim() {
        "" => request.date.to_string(),
        words => words.to_owned(),
    };
    let mut what = request.label().to_owned();
    if !others.is_empty() {
        what = format!("{what} with {}", others.join(", "));
    }
    if !request.notes.trim().is_empty() {
        what = format!("{what}, {}", request.notes.trim());
    }
    format!("That's ahead: kith logs what happened — /remind {first} {when}: {what}")
}

impl Engine<'_> {
    /// The proposal for a plain message that reads as an interaction, or `None`.
    pub(super) fn free_text(
        &mut self,
        context: Context,
        text: &str,
    ) -> Result<Option<Reply>, Error> {
        if !starts_like_an_interaction(text) || self.reads_as_name(text)? {
            return Ok(None);
        }
        let store = &*self.store;
        let known = |name: &str| {
            store
                .people_called(name, 1, Reach::Everyone)
                .is_ok_and(|hits| !hits.is_empty())
        };
        let request = match read_free_text(text, context.today, &known) {
            None => return Ok(None),
            Some(Err(error)) => return Ok(Some(Reply::text(error.to_string()))),
            Some(Ok(request)) => request,
        };
        if request.date > context.today && request.month_first.is_none() {
            return Ok(Some(Reply::text(ahead(&request))));
        }
        let step = FreeStep {
            request,
            resolved: Vec::new(),
            candidates: Vec::new(),
        };
        self.free_next(context, step).map(Some)
    }

    /// Whether the whole text names someone ("Ana Souza", a person called "Coffee
    /// Lover"): then it is a lookup, whatever words it starts with.
    fn reads_as_name(&self, text: &str) -> Result<bool, Error> {
        let text = text.trim();
        if text.starts_with('#') || (text.contains('@') && !text.contains(char::is_whitespace)) {
            return Ok(true);
        }
        Ok(self
            .store
            .people_called(text, 3, Reach::Everyone)?
            .iter()
            .any(|hit| hit.strength >= Strength::Exact))
    }

    /// The next thing a free-text log needs: a name asked about, its date asked about,
    /// or — everything settled — the proposal card.
    fn free_next(&mut self, context: Context, mut step: FreeStep) -> Result<Reply, Error> {
        while step.resolved.len() < step.request.names.len() {
            let name = step.request.names[step.resolved.len()].clone();
            match resolve_name(self, &name, Reach::Everyone)? {
                Resolution::Found(person) => step.resolved.push(person),
                Resolution::Missing => {
                    let name = name.trim();
                    return Ok(Reply::text(format!(
                        "No one is called {name:?} — /new {name} first, then send it again."
                    )));
                }
                Resolution::Ambiguous(candidates) => {
                    return self.free_which(context, step, &name, candidates);
                }
            }
        }
        if let Some(month_first) = step.request.month_first {
            match self.preferences.date_as_set(step.request.date, month_first) {
                Some(date) => {
                    step.request.date = date;
                    step.request.month_first = None;
                }
                None => return self.free_which_date(context, step, month_first),
            }
        }
        self.free_card(context, step)
    }

    /// "Which "Ana" do you mean?" with a button each.
    fn free_which(
        &mut self,
        context: Context,
        mut step: FreeStep,
        name: &str,
        candidates: Vec<(PersonId, String)>,
    ) -> Result<Reply, Error> {
        step.candidates = candidates.iter().map(|(id, _)| *id).collect();
        let id = self.keep_free_step(context, step)?;
        let labels = self.person_labels(&candidates, true)?;
        let mut reply = Reply::text(format!("Which {:?} do you mean?", name.trim()));
        for ((person, _), label) in candidates.into_iter().zip(labels) {
            reply = reply.with_row(vec![button(
                label,
                Callback::FreePerson {
                    pending: id,
                    person,
                },
            )]);
        }
        Ok(reply.with_row(vec![drop_button(id)]))
    }

    /// "Which date did you mean: 3 May 2026 or 5 March 2026?" — never guessed.
    fn free_which_date(
        &mut self,
        context: Context,
        step: FreeStep,
        month_first: chrono::NaiveDate,
    ) -> Result<Reply, Error> {
        let day_first = step.request.date;
        let id = self.keep_free_step(context, step)?;
        let row = super::widgets::date_choices(
            day_first,
            month_first,
            self.preferences.month_first_first(),
            |month_first| Callback::FreeDate {
                pending: id,
                month_first,
            },
        );
        Ok(Reply::text(format!(
            "Which date did you mean: {} or {}?",
            day_first.format("%-d %B %Y"),
            month_first.format("%-d %B %Y"),
        ))
        .with_row(row)
        .with_row(vec![drop_button(id)]))
    }

    /// "Log coffee with Ana Souza on 1 Dec, note: she's moving to Lisbon?"
    fn free_card(&mut self, context: Context, step: FreeStep) -> Result<Reply, Error> {
        let names = self.store.person_names(&step.resolved)?;
        let pairs: Vec<(PersonId, String)> = step.resolved.iter().copied().zip(names).collect();
        let names = self.told_apart(&pairs)?;
        let request = &step.request;
        let note = match request.notes.trim() {
            "" => String::new(),
            notes => format!(", note: {}", truncate(notes, 300)),
        };
        let text = format!(
            "Log {} with {} on {}{note}?",
            request.label(),
            names.join(", "),
            short_day(request.date, context.today)
        );
        let id = self.keep_free_step(context, step)?;
        Ok(Reply::text(text).with_row(vec![
            button("Log", Callback::FreeLog { pending: id }),
            button("Edit", Callback::FreeEdit { pending: id }),
            drop_button(id),
        ]))
    }

    fn keep_free_step(&mut self, context: Context, step: FreeStep) -> Result<i64, Error> {
        let json = serde_json::to_string(&FreePending { free_text: step })
            .expect("pending actions serialise");
        self.store.save_pending(context.chat, &json, context.now)
    }

    /// **Log**: logged the way /log logs it (asking first when it is logged already, or
    /// someone is archived).
    pub(super) fn free_log(&mut self, context: Context, pending: i64) -> Result<Reply, Error> {
        match self.take_pending::<FreePending>(context, pending)? {
            Some(FreePending { free_text: step }) if step.ready() => {
                self.log(context, &step.request, &step.resolved)
            }
            _ => Ok(Reply::expired()),
        }
    }

    /// **Edit**: the /log line the proposal stands for, to change and send.
    pub(super) fn free_edit(&mut self, context: Context, pending: i64) -> Result<Reply, Error> {
        let Some(FreePending { free_text: step }) = self.take_pending(context, pending)? else {
            return Ok(Reply::expired());
        };
        if !step.ready() {
            return Ok(Reply::expired());
        }
        let mut names = Vec::new();
        for person in &step.resolved {
            let name = self.store.person(*person)?.name();
            // The name, when it names them alone; else their number.
            let alone = matches!(
                resolve_name(self, &name, Reach::Everyone)?,
                Resolution::Found(found) if found == *person
            );
            names.push(if alone { name } else { format!("#{person}") });
        }
        let request = &step.request;
        let notes = match request.notes.trim() {
            "" => String::new(),
            notes => format!(": {notes}"),
        };
        Ok(Reply::text(format!(
            "Change what you need and send it:\n/log {} with {} on {}{notes}",
            request.label(),
            names.join(", "),
            request.date
        )))
    }

    /// A person picked for an ambiguous name: on to the next name, the date, the card.
    pub(super) fn free_person(
        &mut self,
        context: Context,
        pending: i64,
        person: PersonId,
    ) -> Result<Reply, Error> {
        // A person not offered (a forged button) leaves the question open.
        let not_before = context.now - chrono::Duration::days(7);
        let offered = self
            .store
            .pending_action(context.chat, pending, not_before)?
            .and_then(|json| serde_json::from_str::<FreePending>(&json).ok())
            .is_some_and(|asked| asked.free_text.candidates.contains(&person));
        if !offered {
            return Ok(Reply::expired());
        }
        let Some(FreePending {
            free_text: mut step,
        }) = self.take_pending(context, pending)?
        else {
            return Ok(Reply::expired());
        };
        step.candidates.clear();
        step.resolved.push(person);
        self.free_next(context, step)
    }

    /// The reading of a date picked: on to the card.
    pub(super) fn free_date(
        &mut self,
        context: Context,
        pending: i64,
        month_first: bool,
    ) -> Result<Reply, Error> {
        let Some(FreePending {
            free_text: mut step,
        }) = self.take_pending(context, pending)?
        else {
            return Ok(Reply::expired());
        };
        let Some(other) = step.request.month_first.take() else {
            return Ok(Reply::expired());
        };
        if month_first {
            step.request.date = other;
        }
        self.free_next(context, step)
    }
}
