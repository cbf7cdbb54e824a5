//! Logging a meeting from the chat: `/log` once its names are resolved, through the
//! questions it may ask first — which way round a date was meant, someone archived, a
//! date in the future, the same people already logged that day — each kept as a
//! pending action its button takes once.

use super::callback::Callback;
use super::dates::dated;
use super::logline::LogRequest;
use super::questions::cancel_button;
use super::reply::{Reply, Subject};
use super::widgets::button;
use super::{Context, Engine};
use kith_domain::model::PersonId;
use kith_store::Error;
use kith_store::NewInteraction;

impl Engine<'_> {
    /// Logs a meeting once its date reads one way, asking first when someone in it is
    /// archived (**Log anyway**), then `log_once`.
    pub(super) fn log(
        &mut self,
        context: Context,
        request: &LogRequest,
        people: &[PersonId],
    ) -> Result<Reply, Error> {
        if let Some(why) = self.date_in_name(context, request, people)? {
            return Ok(Reply::text(why));
        }
        let unique = unique_people(people);
        if let Some(month_first) = request.month_first {
            let mut request = request.clone();
            request.month_first = None;
            match self.preferences.date_as_set(request.date, month_first) {
                Some(date) => request.date = date,
                None => return self.ask_date(context, request, month_first, unique),
            }
            return self.log(context, &request, &unique);
        }
        if request.date > context.today {
            return self.ask_future(context, request, unique);
        }
        self.log_dated(context, request, unique)
    }

    /// "'Friday' is part of Ann Friday's name — …": the words read as the date end the
    /// last person's name and the name as typed stopped before them, so the day is not
    /// guessed; both readings are offered as commands to send.
    fn date_in_name(
        &self,
        context: Context,
        request: &LogRequest,
        people: &[PersonId],
    ) -> Result<Option<String>, Error> {
        let said = request.date_words.to_lowercase();
        let (Some(typed), Some(person)) = (request.names.last(), people.last()) else {
            return Ok(None);
        };
        let typed = typed.to_lowercase();
        if said.is_empty() || people.len() != request.names.len() || typed.starts_with('#') {
            return Ok(None);
        }
        let name = self.store.person(*person)?.name().to_owned();
        if !name.to_lowercase().ends_with(&format!(" {said}")) || typed.ends_with(&said) {
            return Ok(None);
        }
        let mut with = request.names.clone();
        with.pop();
        with.push(name.clone());
        let notes = match request.notes.trim() {
            "" => String::new(),
            notes if notes.chars().count() <= 300 => format!(": {notes}"),
            _ => ": …".to_owned(),
        };
        let command = format!("/log {} with {}", request.label(), with.join(", "));
        let day = if request.date == context.today {
            "today".to_owned()
        } else {
            request.date.format("%A %-d %b").to_string()
        };
        Ok(Some(format!(
            "\"{words}\" is part of {name}'s name, so nothing is logged yet. Send one of these:\nfor today: {command} today{notes}\nfor {day}: {command} on {words}{notes}",
            words = request.date_words,
        )))
    }

    /// A meeting whose date is settled: asks first when someone in it is archived, then
    /// `log_once`.
    fn log_dated(
        &mut self,
        context: Context,
        request: &LogRequest,
        unique: Vec<PersonId>,
    ) -> Result<Reply, Error> {
        let archived = self.archived_among(&unique)?;
        if !archived.is_empty() {
            return self.ask_archived(context, request, unique, &archived);
        }
        self.log_once(context, request, &unique)
    }

    /// "Friday 4 December 2026 is in the future — log it anyway?": a typo in a date is
    /// caught before it becomes a meeting that has not happened.
    fn ask_future(
        &mut self,
        context: Context,
        request: &LogRequest,
        people: Vec<PersonId>,
    ) -> Result<Reply, Error> {
        let pending = FutureLogPending {
            log_future: (request.clone(), people),
        };
        let json = serde_json::to_string(&pending).expect("pending actions serialise");
        let id = self.store.save_pending(context.chat, &json, context.now)?;
        Ok(Reply::text(format!(
            "{} is in the future (today is {}) — log the {} anyway?",
            request.date.format("%A %-d %B %Y"),
            context.today.format("%-d %B %Y"),
            request.label()
        ))
        .with_row(vec![
            button("Log anyway", Callback::LogAnyway { pending: id }),
            cancel_button(),
        ]))
    }

    /// Logs a meeting, unless one of its type with the same people on the same day is
    /// logged already:
    /// then it asks first, with **Open it** and **Log anyway**.
    fn log_once(
        &mut self,
        context: Context,
        request: &LogRequest,
        unique: &[PersonId],
    ) -> Result<Reply, Error> {
        let unique = unique.to_vec();
        let Some(existing) = self.store.same_day_interaction(
            request.date,
            request.kind,
            request.type_word.as_deref(),
            &unique,
        )?
        else {
            return self.record_log(context, request, &unique);
        };
        let pending = LogAnywayPending {
            log_anyway: (request.clone(), unique.clone()),
        };
        let json = serde_json::to_string(&pending).expect("pending actions serialise");
        let id = self.store.save_pending(context.chat, &json, context.now)?;
        let names = self.told_apart(&existing.people)?;
        Ok(Reply::text(format!(
            "Already logged: {} with {}, {}. Log another?",
            existing.label(),
            names.join(", "),
            existing.occurred_on
        ))
        .with_row(vec![
            button("Open it", Callback::Interaction(existing.id)),
            button("Log anyway", Callback::LogAnyway { pending: id }),
        ])
        .with_row(vec![cancel_button()]))
    }

    /// A date that reads both ways (`3/5`) is asked about with both readings as
    /// buttons — the time zone's convention first — never guessed.
    fn ask_date(
        &mut self,
        context: Context,
        request: LogRequest,
        month_first: chrono::NaiveDate,
        people: Vec<PersonId>,
    ) -> Result<Reply, Error> {
        let day_first = request.date;
        let mut request = request;
        request.month_first = Some(month_first);
        let pending = DatePending {
            date_of: (request, people),
        };
        let json = serde_json::to_string(&pending).expect("pending actions serialise");
        let id = self.store.save_pending(context.chat, &json, context.now)?;
        let row = super::widgets::date_choices(
            day_first,
            month_first,
            self.preferences.month_first_first(),
            |month_first| Callback::DateChoice {
                pending: id,
                month_first,
            },
        );
        Ok(Reply::text(format!(
            "Which date did you mean: {} or {}? (KITH_DATE_ORDER=day-first or month-first makes kith read such dates one way without asking.)",
            day_first.format("%-d %B %Y"),
            month_first.format("%-d %B %Y"),
        ))
        .with_row(row)
        .with_row(vec![cancel_button()]))
    }

    /// The date the owner picked: the log goes on (asking first if already logged).
    pub(super) fn date_chosen(
        &mut self,
        context: Context,
        pending: i64,
        month_first: bool,
    ) -> Result<Reply, Error> {
        let Some(DatePending {
            date_of: (mut request, people),
        }) = self.take_pending(context, pending)?
        else {
            return self.remind_date_chosen(context, pending, month_first);
        };
        let Some(other) = request.month_first.take() else {
            return Ok(Reply::expired());
        };
        if month_first {
            request.date = other;
        }
        self.log(context, &request, &people)
    }

    /// **Log anyway**: the meeting the question was about, logged once — or, when the
    /// question was about an archived person, on to the same-day check, and when it was
    /// about a date in the future, on to the archived check. As **Move anyway** it moves
    /// an interaction to the date after today it was asked about.
    pub(super) fn log_anyway(&mut self, context: Context, pending: i64) -> Result<Reply, Error> {
        if let Some(LogAnywayPending {
            log_anyway: (request, people),
        }) = self.take_pending(context, pending)?
        {
            return self.record_log(context, &request, &people);
        }
        if let Some(ArchivedLogPending {
            log_archived: (request, people),
        }) = self.take_pending(context, pending)?
        {
            return self.log_once(context, &request, &people);
        }
        if let Some(FutureLogPending {
            log_future: (request, people),
        }) = self.take_pending(context, pending)?
        {
            return self.log_dated(context, &request, people);
        }
        // The same button moves an interaction card's date into the future.
        Ok(self
            .move_anyway(context, pending)?
            .unwrap_or_else(Reply::expired))
    }

    /// Who of `people` is archived, by name.
    fn archived_among(&self, people: &[PersonId]) -> Result<Vec<String>, Error> {
        let mut archived = Vec::new();
        for person in people {
            if self.store.person(*person)?.archived {
                archived.push(self.told_apart_name(*person)?);
            }
        }
        Ok(archived)
    }

    /// "Bob Marley is archived. Log coffee with them anyway?" — kept as a pending action.
    fn ask_archived(
        &mut self,
        context: Context,
        request: &LogRequest,
        people: Vec<PersonId>,
        archived: &[String],
    ) -> Result<Reply, Error> {
        let pending = ArchivedLogPending {
            log_archived: (request.clone(), people),
        };
        let json = serde_json::to_string(&pending).expect("pending actions serialise");
        let id = self.store.save_pending(context.chat, &json, context.now)?;
        let who = match archived {
            [one] => format!("{one} is"),
            many => format!("{} are", many.join(" and ")),
        };
        Ok(Reply::text(format!(
            "{who} archived. Log the {} on {} anyway? Archived people stay archived (their card has Unarchive).",
            request.label(),
            dated(request.date, context.today)
        ))
        .with_row(vec![
            button("Log anyway", Callback::LogAnyway { pending: id }),
            cancel_button(),
        ]))
    }

    /// A pending action of this chat, of this kind, taken once: `None` when it is gone,
    /// too old, another chat's, or of another kind (a forged or stale button).
    pub(super) fn take_pending<T: serde::de::DeserializeOwned>(
        &mut self,
        context: Context,
        pending: i64,
    ) -> Result<Option<T>, Error> {
        let not_before = context.now - chrono::Duration::days(7);
        let Some(json) = self
            .store
            .pending_action(context.chat, pending, not_before)?
        else {
            return Ok(None);
        };
        let Ok(action) = serde_json::from_str::<T>(&json) else {
            return Ok(None);
        };
        self.store.finish_pending(pending, not_before)?;
        Ok(Some(action))
    }

    fn record_log(
        &mut self,
        context: Context,
        request: &LogRequest,
        unique: &[PersonId],
    ) -> Result<Reply, Error> {
        let unique = unique.to_vec();
        let mut new = NewInteraction::manual(request.date, request.kind, unique.clone());
        new.notes = request.notes.clone();
        new.type_word = request.type_word.clone();
        let id = self.store.log_interaction(&new)?;
        let names = self.store.person_names(&unique)?;
        let pairs: Vec<(PersonId, String)> = unique.iter().copied().zip(names).collect();
        let names = self.told_apart(&pairs)?;
        let mut reply = Reply::text(format!(
            "Logged {} with {} on {}.{}",
            request.label(),
            names.join(", "),
            dated(request.date, context.today),
            if request.date > context.today {
                " It counts once that day has come."
            } else {
                ""
            }
        ))
        .about(Subject::Interaction(id));
        for (person, name) in unique.iter().zip(&names) {
            reply = reply.with_row(vec![button(name.clone(), Callback::Person(*person))]);
        }
        let reply = reply.with_row(vec![button("Open ▸", Callback::Interaction(id))]);
        let reply = self.with_follow_ups_asked(context, request.date, &unique, reply)?;
        self.ask_topics_covered(&unique, request.date, reply)
    }
}

/// Each person once, in the order typed.
fn unique_people(people: &[PersonId]) -> Vec<PersonId> {
    let mut unique: Vec<PersonId> = Vec::new();
    for person in people {
        if !unique.contains(person) {
            unique.push(*person);
        }
    }
    unique
}

/// A log waiting for which way round its date was meant (kept in `pending_actions`;
/// the field name keeps it apart from the other actions waiting there).
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DatePending {
    date_of: (LogRequest, Vec<PersonId>),
}

/// A log waiting for **Log anyway** because someone in it is archived.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ArchivedLogPending {
    log_archived: (LogRequest, Vec<PersonId>),
}

/// A log waiting for **Log anyway** because its date is after today.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FutureLogPending {
    log_future: (LogRequest, Vec<PersonId>),
}

/// A log waiting for **Log anyway** (the same people were logged that day).
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LogAnywayPending {
    log_anyway: (LogRequest, Vec<PersonId>),
}
