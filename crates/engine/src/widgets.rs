//! Pieces every view and action builds replies from, so no two engine modules import
//! each other: a button, a pager with its page note, truncation, plurals, a person's
//! label in lists and choices (never two alike), the tier text, current work, and the
//! one-line form of an interaction.

use super::Engine;
use super::callback::Callback;
use super::reply::{Button, Reply};
use kith_domain::closeness::Closeness;
use kith_domain::model::{PersonId, Tier};
use kith_store::Error;
use kith_store::{Employment, EmploymentStatus, Interaction};

pub(super) fn button(label: impl Into<String>, callback: Callback) -> Button {
    Button::new(label, callback)
}

/// ◀ and ▶ for a list of `total` rows shown `size` at a time from `offset`.
pub(super) fn pager(
    offset: usize,
    size: usize,
    total: usize,
    page: impl Fn(u32) -> Callback,
) -> Vec<Button> {
    let mut row = Vec::new();
    if offset > 0 {
        let previous = offset.saturating_sub(size);
        row.push(button("◀", page(u32::try_from(previous).unwrap_or(0))));
    }
    if offset + size < total {
        row.push(button(
            "▶",
            page(u32::try_from(offset + size).unwrap_or(u32::MAX)),
        ));
    }
    row
}

/// What linking an address brought: "2 past meetings", or "past 1 meeting, 3 emails"
/// when there are other kinds too (a call or an email is not a meeting).
pub(super) fn past(tally: kith_domain::text::Tally) -> String {
    if tally.calls + tally.emails + tally.texts == 0 {
        plural(tally.meetings, "past meeting", "past meetings")
    } else {
        format!("past {tally}")
    }
}

/// A page asked for past the end of its list (the list shrank since the button was
/// made): how long the list is now, with a button to its first page.
pub(super) fn no_more(total: usize, first_page: Callback) -> Reply {
    Reply::text(format!("No more — {total} in all."))
        .with_row(vec![button("◀ First page", first_page)])
}

pub(super) fn page_note(offset: usize, shown: usize, total: usize) -> String {
    if total > shown || offset > 0 {
        format!("\n{}–{} of {total}", offset + 1, offset + shown)
    } else {
        String::new()
    }
}

/// Whose names an interaction line shows.
#[derive(Clone, Copy)]
pub(super) enum People {
    /// Everyone it counts for.
    All,
    /// Everyone but this person (their own list).
    Besides(PersonId),
    /// No one (the person's card, where it is obvious).
    None,
}

/// One line for an interaction: "2026-11-25 · coffee · Alice, Bob — title".
pub(super) fn interaction_line(
    interaction: &Interaction,
    today: chrono::NaiveDate,
    people: People,
) -> String {
    let mut line = format!("{} · {}", interaction.occurred_on, interaction.label());
    let names: Vec<&str> = interaction
        .people
        .iter()
        .filter(|(id, _)| match people {
            People::All => true,
            People::Besides(person) => *id != person,
            People::None => false,
        })
        .map(|(_, n)| n.as_str())
        .collect();
    if !names.is_empty() {
        line.push_str(&format!(" · {}", names.join(", ")));
    }
    if !interaction.title.is_empty() {
        line.push_str(&format!(" — {}", interaction.title));
    }
    if let Some(first) = interaction
        .notes
        .lines()
        .next()
        .filter(|l| !l.trim().is_empty())
    {
        line.push_str(&format!(": {}", truncate(first, 80)));
    }
    if interaction.did_not_happen {
        line.push_str(" (didn't happen)");
    } else if interaction.occurred_on > today {
        line.push_str(" (upcoming)");
    }
    line
}

/// A card under a line that says what just changed: the line becomes the title (and the
/// change's name in /history), the card's own title its first line.
pub(super) fn headed(what: String, mut card: super::reply::Reply) -> super::reply::Reply {
    if let Some(title) = card.title.take() {
        card.body = if card.body.is_empty() {
            title
        } else {
            format!("{title}\n{}", card.body)
        };
    }
    card.title = Some(what);
    card
}

/// Numbered buttons that open each interaction of a list, five to a row: the lines they
/// belong to start with the same numbers.
pub(super) fn open_buttons(items: &[Interaction]) -> Vec<Vec<Button>> {
    let buttons: Vec<Button> = items
        .iter()
        .enumerate()
        .map(|(index, i)| button(format!("{}", index + 1), Callback::Interaction(i.id)))
        .collect();
    buttons.chunks(5).map(<[Button]>::to_vec).collect()
}

/// "3. " before the third line of a list whose interactions can be opened.
pub(super) fn numbered(index: usize, line: &str) -> String {
    format!("{}. {line}", index + 1)
}

pub(super) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        text.chars().take(max - 1).collect::<String>() + "…"
    }
}

/// A person's current jobs as cards and briefs show them: "CTO at Acme Labs".
pub(super) fn current_work(jobs: &[Employment]) -> Vec<String> {
    jobs.iter()
        .filter(|j| j.status == EmploymentStatus::Current)
        .map(|j| match &j.title {
            Some(title) => format!("{title} at {}", j.organization),
            None => j.organization.clone(),
        })
        .collect()
}

pub(super) use kith_domain::text::plural;

impl Engine<'_> {
    pub(super) fn tier_text(&self, tier: Option<Tier>) -> String {
        tier_text(&self.preferences.closeness, tier)
    }

    pub(super) fn tier_label(&self, tier: Option<Tier>) -> String {
        tier_label(&self.preferences.closeness, tier)
    }

    /// A person as a list shows them: "Jane Silva · Acme Labs" (their current employer).
    /// Without one, `tell_apart` adds their first address, else their number, so that
    /// namesakes offered as choices never look alike; a search list shows just the name.
    pub(super) fn person_label(
        &self,
        id: PersonId,
        name: &str,
        tell_apart: bool,
    ) -> Result<String, Error> {
        let current = self
            .store
            .employment_of(id)?
            .into_iter()
            .find(|e| e.status == EmploymentStatus::Current);
        if let Some(job) = current {
            return Ok(format!("{name} · {}", job.organization));
        }
        if !tell_apart {
            return Ok(name.to_owned());
        }
        Ok(match self.store.emails_of(id)?.into_iter().next() {
            Some(email) => format!("{name} · {}", email.address),
            None => format!("{name} · #{id}"),
        })
    }

    /// Labels for people offered together (`person_label` each), never two alike: where
    /// labels collide, each adds an address it does not show yet, and then its number;
    /// an archived person's label ends "(archived)".
    pub(super) fn person_labels(
        &self,
        people: &[(PersonId, String)],
        tell_apart: bool,
    ) -> Result<Vec<String>, Error> {
        let mut labels = people
            .iter()
            .map(|(id, name)| self.person_label(*id, name, tell_apart))
            .collect::<Result<Vec<_>, Error>>()?;
        let collides = |labels: &[String], index: usize| {
            labels
                .iter()
                .enumerate()
                .any(|(other, label)| other != index && *label == labels[index])
        };
        let colliding: Vec<usize> = (0..labels.len())
            .filter(|i| collides(&labels, *i))
            .collect();
        for &index in &colliding {
            let address = self
                .store
                .emails_of(people[index].0)?
                .into_iter()
                .map(|email| email.address)
                .find(|address| !labels[index].contains(address.as_str()));
            if let Some(address) = address {
                labels[index] = format!("{} · {address}", labels[index]);
            }
        }
        let still: Vec<usize> = (0..labels.len())
            .filter(|i| collides(&labels, *i))
            .collect();
        for index in still {
            labels[index] = format!("{} · #{}", labels[index], people[index].0);
        }
        for (label, (id, _)) in labels.iter_mut().zip(people) {
            if self.store.person(*id)?.archived {
                label.push_str(" (archived)");
            }
        }
        Ok(labels)
    }

    /// How lists and answers name people: by name, or — for someone another person in
    /// kith shares the name with — by the label the choice buttons give them among
    /// their namesakes ("Max Mustermann · max@firma-a.de"), so no two look alike.
    pub(super) fn told_apart(&self, people: &[(PersonId, String)]) -> Result<Vec<String>, Error> {
        let namesakes = self.store.namesakes(people)?;
        people
            .iter()
            .zip(namesakes)
            .map(|((id, name), others)| {
                if others.is_empty() {
                    return Ok(name.clone());
                }
                let group: Vec<(PersonId, String)> =
                    std::iter::once((*id, name.clone())).chain(others).collect();
                Ok(self.person_labels(&group, true)?.swap_remove(0))
            })
            .collect()
    }

    /// One person's name `told_apart`.
    pub(super) fn told_apart_name(&self, id: PersonId) -> Result<String, Error> {
        let name = self.store.person(id)?.name();
        Ok(self.told_apart(&[(id, name)])?.swap_remove(0))
    }

    /// The people of a list of interactions `told_apart`, in place.
    pub(super) fn tell_apart_in(&self, interactions: &mut [Interaction]) -> Result<(), Error> {
        let mut people: Vec<(PersonId, String)> = Vec::new();
        for person in interactions.iter().flat_map(|i| &i.people) {
            if !people.iter().any(|(id, _)| *id == person.0) {
                people.push(person.clone());
            }
        }
        let labels = self.told_apart(&people)?;
        for interaction in interactions {
            for (id, name) in &mut interaction.people {
                if let Some(index) = people.iter().position(|(known, _)| known == id) {
                    name.clone_from(&labels[index]);
                }
            }
        }
        Ok(())
    }
}

/// The answer to a note added to a person.
pub(super) fn noted_on(name: &str) -> String {
    format!("Noted on {name}.")
}

/// The button back to the unknown attendees' list.
pub(super) fn unknown_attendees_button() -> Button {
    button("Unknown attendees ▸", Callback::Unknown { offset: 0 })
}

/// A tier as a card shows it: "2 Close (every 30 days)", or "no tier".
pub(super) fn tier_text(closeness: &Closeness, tier: Option<Tier>) -> String {
    match tier {
        None => "no tier".to_owned(),
        Some(tier) => match closeness.cadence_days(tier) {
            Some(days) => format!(
                "{} {} (every {days} days)",
                tier.number(),
                closeness.label(tier)
            ),
            None => format!("{} {}", tier.number(), closeness.label(tier)),
        },
    }
}

/// A tier's number and label without its pace: "2 Close", or "no tier".
pub(super) fn tier_label(closeness: &Closeness, tier: Option<Tier>) -> String {
    tier.map_or_else(
        || "no tier".to_owned(),
        |tier| format!("{} {}", tier.number(), closeness.label(tier)),
    )
}

/// The two readings of a date that reads both ways, as buttons (the owner's usual order
/// first): day first and month first, each pressing `callback(month_first)`.
pub(super) fn date_choices(
    day_first: chrono::NaiveDate,
    month_first: chrono::NaiveDate,
    month_first_first: bool,
    callback: impl Fn(bool) -> Callback,
) -> Vec<Button> {
    let choice = |date: chrono::NaiveDate, month_first: bool| {
        button(date.format("%-d %B %Y").to_string(), callback(month_first))
    };
    let mut row = vec![choice(day_first, false), choice(month_first, true)];
    if month_first_first {
        row.reverse();
    }
    row
}
