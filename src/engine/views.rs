//! Read-only replies: cards (person, organization), pages (interactions, stale, unknown,
//! recent, tags), search results and help. Plain text; lists are paginated with ◀ ▶.

use super::callback::{Callback, StaleKey};
use super::command::COMMANDS;
use super::dates::dated;
use super::digest::NamedDuplicate;
use super::reply::{Button, Reply, Subject};
use super::{Context, Engine, PAGE_SIZE};
use crate::dupes::find_duplicates_involving;
use crate::error::Error;
use crate::model::{OrganizationId, PersonId, Tier};
use crate::rank::{Match, MatchTarget};
use crate::store::{Employment, EmploymentStatus, Interaction, StaleFilter};

/// Notes longer than this show only their end on a card.
const CARD_NOTES_CHARS: usize = 1_200;
/// Tags per page of /tags.
const TAGS_PAGE: usize = 40;

pub(super) fn button(label: impl Into<String>, callback: Callback) -> Button {
    Button {
        label: label.into(),
        data: callback.encode(),
    }
}

/// ◀ and ▶ for a list of `total` rows shown `size` at a time from `offset`.
fn pager(offset: usize, size: usize, total: usize, page: impl Fn(u32) -> Callback) -> Vec<Button> {
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

fn page_note(offset: usize, shown: usize, total: usize) -> String {
    if total > shown || offset > 0 {
        format!("\n{}–{} of {total}", offset + 1, offset + shown)
    } else {
        String::new()
    }
}

/// Whose names an interaction line shows.
#[derive(Clone, Copy)]
enum People {
    /// Everyone it counts for.
    All,
    /// Everyone but this person (their own list).
    Besides(PersonId),
    /// No one (the person's card, where it is obvious).
    None,
}

/// One line for an interaction: "2026-11-25 · coffee · Alice, Bob — title".
fn interaction_line(interaction: &Interaction, today: chrono::NaiveDate, people: People) -> String {
    let mut line = format!("{} · {}", interaction.occurred_on, interaction.kind);
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

impl Engine<'_> {
    pub(super) fn tier_text(&self, tier: Option<Tier>) -> String {
        match tier {
            None => "no tier".to_owned(),
            Some(tier) => {
                let closeness = &self.settings.closeness;
                match closeness.cadence_days(tier) {
                    Some(days) => format!(
                        "{} {} (every {days} days)",
                        tier.number(),
                        closeness.label(tier)
                    ),
                    None => format!("{} {}", tier.number(), closeness.label(tier)),
                }
            }
        }
    }

    /// Likely duplicates the owner has not called different, most certain first: among
    /// everyone, or only those involving someone in `focus` (who changed lately).
    pub(super) fn duplicate_candidates(
        &self,
        focus: Option<&std::collections::HashSet<PersonId>>,
    ) -> Result<Vec<NamedDuplicate>, Error> {
        let sketches = match focus {
            None => self.store.person_sketches()?,
            Some(focus) => self.store.person_sketches_near(focus)?,
        };
        let names: std::collections::HashMap<PersonId, &str> =
            sketches.iter().map(|s| (s.id, s.name.as_str())).collect();
        let not_same = self.store.not_same_pairs()?;
        Ok(find_duplicates_involving(&sketches, focus)
            .into_iter()
            .filter(|d| !not_same.contains(&(d.first, d.second)))
            .map(|pair| NamedDuplicate {
                first_name: names.get(&pair.first).copied().unwrap_or("?").to_owned(),
                second_name: names.get(&pair.second).copied().unwrap_or("?").to_owned(),
                pair,
            })
            .collect())
    }

    /// /dupes: the likely duplicates, each with Merge and Not the same.
    pub(super) fn duplicates(&self) -> Result<Reply, Error> {
        let candidates = self.duplicate_candidates(None)?;
        if candidates.is_empty() {
            return Ok(Reply::text(
                "No likely duplicates. kith compares names (accents, order, initials, nicknames) and address names across domains.",
            ));
        }
        let shown = &candidates[..candidates.len().min(PAGE_SIZE)];
        let mut lines: Vec<String> = shown
            .iter()
            .enumerate()
            .map(|(index, d)| {
                format!(
                    "{}. {} ({:.0}% sure)",
                    index + 1,
                    d.describe(),
                    d.pair.confidence * 100.0
                )
            })
            .collect();
        if candidates.len() > shown.len() {
            lines.push(format!(
                "{} more: answer these to see them.",
                candidates.len() - shown.len()
            ));
        }
        let mut reply = Reply::titled("Possible duplicates, most likely first", lines.join("\n"));
        for (index, d) in shown.iter().enumerate() {
            reply = reply.with_row(d.buttons(&format!(" ({})", index + 1)));
        }
        Ok(reply)
    }

    /// The tier without its pace: "2 Close", or "no tier".
    pub(super) fn tier_label(&self, tier: Option<Tier>) -> String {
        tier.map_or_else(
            || "no tier".to_owned(),
            |tier| format!("{} {}", tier.number(), self.settings.closeness.label(tier)),
        )
    }

    pub(super) fn person_card(&self, context: Context, id: PersonId) -> Result<Reply, Error> {
        let person = self.store.person(id)?;
        let mut lines = Vec::new();
        let jobs = self.store.employment_of(id)?;
        let current = current_work(&jobs);
        let former: Vec<&str> = jobs
            .iter()
            .filter(|j| j.status == EmploymentStatus::Former)
            .map(|j| j.organization.as_str())
            .collect();
        if !current.is_empty() {
            lines.push(current.join("; "));
        }
        if !former.is_empty() {
            lines.push(format!("Formerly: {}", former.join(", ")));
        }
        lines.push(match person.cadence {
            None => format!("Tier: {}", self.tier_text(person.closeness)),
            Some(own) => format!(
                "Tier: {} · own cadence: {own}",
                self.tier_label(person.closeness)
            ),
        });
        let tags = self.store.tags_of_person(id)?;
        if !tags.is_empty() {
            lines.push(format!("Tags: {}", tags.join(", ")));
        }
        let emails = self.store.emails_of(id)?;
        if !emails.is_empty() {
            let list: Vec<String> = emails
                .iter()
                .map(|e| {
                    let mut about = vec![];
                    if e.is_primary {
                        about.push("primary");
                    }
                    if e.kind != crate::model::EmailKind::Other {
                        about.push(e.kind.as_str());
                    }
                    if about.is_empty() {
                        e.address.clone()
                    } else {
                        format!("{} ({})", e.address, about.join(", "))
                    }
                })
                .collect();
            lines.push(format!("Email: {}", list.join(", ")));
        }
        if let Some(introducer) = person.introduced_by {
            lines.push(format!(
                "Introduced by: {}",
                self.store.person(introducer)?.name()
            ));
        }
        if let Some(location) = &person.location {
            lines.push(format!("Location: {location}"));
        }
        if let Some(url) = &person.linkedin_url {
            lines.push(format!("LinkedIn: {url}"));
        }
        let rollups = self.store.rollups(id, context.today)?;
        let never = || "never".to_owned();
        lines.push(format!(
            "Last met: {} · last F2F: {} · {} interaction{}",
            rollups
                .last_met
                .map_or_else(never, |d| dated(d, context.today)),
            rollups
                .last_f2f
                .map_or_else(never, |d| dated(d, context.today)),
            rollups.interaction_count,
            if rollups.interaction_count == 1 {
                ""
            } else {
                "s"
            }
        ));
        let recent = self.store.interactions_of(id, 5, 0)?;
        if !recent.is_empty() {
            lines.push("Latest:".to_owned());
            for interaction in &recent {
                lines.push(format!(
                    "  {}",
                    interaction_line(interaction, context.today, People::None)
                ));
            }
        }
        if !person.notes.is_empty() {
            let notes = &person.notes;
            let count = notes.chars().count();
            let shown = if count > CARD_NOTES_CHARS {
                format!(
                    "…{}",
                    notes
                        .chars()
                        .skip(count - CARD_NOTES_CHARS)
                        .collect::<String>()
                )
            } else {
                notes.clone()
            };
            lines.push(format!("Notes:\n{shown}"));
        }
        let title = if person.archived {
            format!("{} (archived)", person.name())
        } else {
            person.name()
        };
        Ok(Reply::titled(title, lines.join("\n"))
            .about(Subject::Person(id))
            .with_row(vec![
                button("Log", Callback::LogFor(id)),
                button("Note", Callback::NoteFor(id)),
                button(
                    "Interactions ▸",
                    Callback::Interactions {
                        person: id,
                        offset: 0,
                    },
                ),
                button("Edit tier", Callback::EditTier(id)),
            ]))
    }

    pub(super) fn interactions_page(
        &self,
        context: Context,
        id: PersonId,
        offset: usize,
    ) -> Result<Reply, Error> {
        let person = self.store.person(id)?;
        let total = self.store.count_interactions_of(id)?;
        let items = self.store.interactions_of(id, PAGE_SIZE, offset)?;
        let body = if items.is_empty() {
            "No interactions yet.".to_owned()
        } else {
            let lines: Vec<String> = items
                .iter()
                .map(|i| interaction_line(i, context.today, People::Besides(id)))
                .collect();
            lines.join("\n") + &page_note(offset, items.len(), total)
        };
        Ok(
            Reply::titled(format!("Interactions with {}", person.name()), body)
                .about(Subject::Person(id))
                .with_row(pager(offset, PAGE_SIZE, total, |o| {
                    Callback::Interactions {
                        person: id,
                        offset: o,
                    }
                }))
                .with_row(vec![button("◀ Card", Callback::Person(id))]),
        )
    }

    pub(super) fn organization_card(
        &self,
        context: Context,
        id: OrganizationId,
    ) -> Result<Reply, Error> {
        let organization = self.store.organization(id)?;
        let mut lines = Vec::new();
        let tags = self.store.tags_of_organization(id)?;
        if !tags.is_empty() {
            lines.push(format!("Tags: {}", tags.join(", ")));
        }
        if organization.investor_interest != crate::model::InvestorInterest::None {
            lines.push(format!(
                "Investor interest: {}",
                organization.investor_interest.as_str()
            ));
        }
        if !organization.domains.is_empty() {
            lines.push(format!("Domains: {}", organization.domains.join(", ")));
        }
        let people = self.store.employees_of(id)?;
        let mut buttons = Vec::new();
        for (status, heading) in [
            (EmploymentStatus::Current, "People"),
            (EmploymentStatus::Former, "Formerly"),
        ] {
            let group: Vec<_> = people.iter().filter(|e| e.status == status).collect();
            if group.is_empty() {
                continue;
            }
            lines.push(format!("{heading} ({}):", group.len()));
            for employment in group.iter().take(PAGE_SIZE) {
                let title = employment
                    .title
                    .as_deref()
                    .map(|t| format!(", {t}"))
                    .unwrap_or_default();
                lines.push(format!("  {}{title}", employment.person));
                if status == EmploymentStatus::Current && buttons.len() < PAGE_SIZE {
                    buttons.push(button(
                        employment.person.clone(),
                        Callback::Person(employment.person_id),
                    ));
                }
            }
            if group.len() > PAGE_SIZE {
                lines.push(format!("  … and {} more", group.len() - PAGE_SIZE));
            }
        }
        let last = self.store.organization_last_contact(id, context.today)?;
        lines.push(format!(
            "Last contact with anyone there: {}",
            last.map_or_else(|| "never".to_owned(), |d| dated(d, context.today))
        ));
        if !organization.notes.is_empty() {
            lines.push(format!(
                "Notes:\n{}",
                truncate(&organization.notes, CARD_NOTES_CHARS)
            ));
        }
        let mut reply = Reply::titled(organization.name, lines.join("\n"));
        for pair in buttons.chunks(2) {
            reply = reply.with_row(pair.to_vec());
        }
        Ok(reply)
    }

    pub(super) fn stale_key_filter(&self, key: StaleKey) -> Result<(StaleFilter, String), Error> {
        Ok(match key {
            StaleKey::All => (StaleFilter::All, String::new()),
            StaleKey::Tag(tag) => {
                let name = self.store.tag_name(tag)?;
                (StaleFilter::Tag(name.clone()), format!(" tagged {name}"))
            }
            StaleKey::Tier(tier) => (
                StaleFilter::Tier(tier),
                format!(" in tier {}", self.tier_text(Some(tier))),
            ),
            StaleKey::Organization(org) => {
                let name = self.store.organization(org)?.name;
                (StaleFilter::Organization(org), format!(" at {name}"))
            }
        })
    }

    pub(super) fn stale_page(
        &self,
        context: Context,
        key: StaleKey,
        offset: usize,
    ) -> Result<Reply, Error> {
        let (filter, about) = self.stale_key_filter(key)?;
        let page = self.store.stale(
            &filter,
            &self.settings.closeness,
            context.today,
            offset,
            PAGE_SIZE,
        )?;
        if page.items.is_empty() {
            return Ok(Reply::text(if offset == 0 {
                format!("No one{about} is overdue. Nice.")
            } else {
                "No more overdue people.".to_owned()
            }));
        }
        let mut lines = Vec::new();
        let mut reply_buttons = Vec::new();
        for (index, entry) in page.items.iter().enumerate() {
            let when = match entry.last_met {
                Some(day) => format!("last met {}", dated(day, context.today)),
                None => "never met".to_owned(),
            };
            lines.push(format!(
                "{}. {} — {}, {when}",
                offset + index + 1,
                entry.name,
                entry.pace()
            ));
            reply_buttons.push(button(
                format!("{}. {}", offset + index + 1, entry.name),
                Callback::Person(entry.person_id),
            ));
        }
        let body = lines.join("\n") + &page_note(offset, page.items.len(), page.total);
        let mut reply = Reply::titled(format!("Overdue{about}, most overdue first"), body);
        for pair in reply_buttons.chunks(2) {
            reply = reply.with_row(pair.to_vec());
        }
        Ok(
            reply.with_row(pager(offset, PAGE_SIZE, page.total, |o| Callback::Stale {
                key,
                offset: o,
            })),
        )
    }

    pub(super) fn unknown_page(&self, offset: usize) -> Result<Reply, Error> {
        let page = self.store.unknown_attendees(offset, PAGE_SIZE)?;
        if page.items.is_empty() {
            return Ok(Reply::text(if offset == 0 {
                "No unknown attendees: everyone you met is someone you know."
            } else {
                "No more unknown attendees."
            }));
        }
        let mut lines = Vec::new();
        let mut reply = Reply::text("");
        for (index, unknown) in page.items.iter().enumerate() {
            let number = offset + index + 1;
            let name = unknown
                .display_name
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            let last = unknown
                .last_seen
                .map(|d| format!(", last {d}"))
                .unwrap_or_default();
            lines.push(format!(
                "{number}. {}{name} — {} meeting{}{last}",
                unknown.address,
                unknown.meetings,
                if unknown.meetings == 1 { "" } else { "s" }
            ));
            reply = reply.with_row(vec![
                button(
                    format!("{number}. Link ▸"),
                    Callback::LinkStart(unknown.email_id),
                ),
                button("Create", Callback::Create(unknown.email_id)),
                button("Ignore", Callback::Ignore(unknown.email_id)),
            ]);
        }
        reply.title = Some("Unknown attendees, most frequent first".to_owned());
        reply.body = lines.join("\n") + &page_note(offset, page.items.len(), page.total);
        Ok(reply.with_row(pager(offset, PAGE_SIZE, page.total, |o| {
            Callback::Unknown { offset: o }
        })))
    }

    pub(super) fn recent_page(
        &self,
        context: Context,
        size: usize,
        offset: usize,
    ) -> Result<Reply, Error> {
        let items = self
            .store
            .recent_interactions(context.today, size + 1, offset)?;
        if items.is_empty() {
            return Ok(Reply::text(
                "Nothing logged yet. Try /log coffee with Alice yesterday.",
            ));
        }
        let more = items.len() > size;
        let lines: Vec<String> = items
            .iter()
            .take(size)
            .map(|i| interaction_line(i, context.today, People::All))
            .collect();
        let mut row = Vec::new();
        if offset > 0 {
            row.push(button(
                "◀",
                Callback::Recent {
                    offset: u32::try_from(offset.saturating_sub(size)).unwrap_or(0),
                },
            ));
        }
        if more {
            row.push(button(
                "▶",
                Callback::Recent {
                    offset: u32::try_from(offset + size).unwrap_or(u32::MAX),
                },
            ));
        }
        Ok(Reply::titled("Latest interactions", lines.join("\n")).with_row(row))
    }

    pub(super) fn tags_page(&self, offset: usize) -> Result<Reply, Error> {
        let tags = self.store.tags_with_counts()?;
        if tags.is_empty() {
            return Ok(Reply::text("No tags yet. Add one with /tag NAME +tag."));
        }
        let total = tags.len();
        let lines: Vec<String> = tags
            .iter()
            .skip(offset)
            .take(TAGS_PAGE)
            .map(|(name, people, organizations)| match organizations {
                0 => format!("{name} — {people}"),
                1 => format!("{name} — {people} people, 1 organization"),
                n => format!("{name} — {people} people, {n} organizations"),
            })
            .collect();
        let shown = lines.len();
        Ok(Reply::titled(
            "Tags (people carrying each)",
            lines.join("\n") + &page_note(offset, shown, total),
        )
        .with_row(pager(offset, TAGS_PAGE, total, |o| Callback::Tags {
            offset: o,
        })))
    }

    pub(super) fn search_results(
        &self,
        context: Context,
        query: &str,
        hits: Vec<Match>,
    ) -> Result<Reply, Error> {
        match hits.as_slice() {
            [] => Ok(Reply::text(format!(
                "No one matches {query:?}. Add them with /new {}.",
                truncate(query, 60)
            ))),
            [only] => match only.target {
                MatchTarget::Person(id) => self.person_card(context, id),
                MatchTarget::Organization(id) => self.organization_card(context, id),
            },
            // One exact match among fuzzy ones: the card, with the others a tap away —
            // unless a person and an organization both match: then both are offered.
            [best, rest @ ..]
                if best.score >= 0.999
                    && rest
                        .iter()
                        .all(|hit| hit.score < 0.999 && same_kind(&hit.target, &best.target)) =>
            {
                let mut reply = match best.target {
                    MatchTarget::Person(id) => self.person_card(context, id)?,
                    MatchTarget::Organization(id) => self.organization_card(context, id)?,
                };
                for hit in rest.iter().take(3) {
                    let callback = match hit.target {
                        MatchTarget::Person(id) => Callback::Person(id),
                        MatchTarget::Organization(id) => Callback::Organization(id),
                    };
                    reply = reply.with_row(vec![button(format!("Also: {}", hit.label), callback)]);
                }
                Ok(reply)
            }
            several => {
                let mut reply = Reply::text(format!("{} matches for {query:?}:", several.len()));
                let people: Vec<(PersonId, String)> = several
                    .iter()
                    .filter_map(|hit| match hit.target {
                        MatchTarget::Person(id) => Some((id, hit.label.clone())),
                        MatchTarget::Organization(_) => None,
                    })
                    .collect();
                let mut labels = self.person_labels(&people, false)?.into_iter();
                for hit in several {
                    let (label, callback) = match hit.target {
                        MatchTarget::Person(id) => {
                            (labels.next().unwrap_or_default(), Callback::Person(id))
                        }
                        MatchTarget::Organization(id) => {
                            (format!("🏢 {}", hit.label), Callback::Organization(id))
                        }
                    };
                    reply = reply.with_row(vec![button(label, callback)]);
                }
                Ok(reply)
            }
        }
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
    /// labels collide, each adds an address it does not show yet, and then its number.
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
        Ok(labels)
    }

    pub(super) fn tier_choices(&self, id: PersonId) -> Result<Reply, Error> {
        let person = self.store.person(id)?;
        let mut reply = Reply::text(format!(
            "Tier for {} — now {}:",
            person.name(),
            self.tier_text(person.closeness)
        ));
        for tier in Tier::all() {
            reply = reply.with_row(vec![button(
                self.tier_text(Some(tier)),
                Callback::SetTier {
                    person: id,
                    tier: Some(tier),
                },
            )]);
        }
        Ok(reply.with_row(vec![
            button(
                "No tier",
                Callback::SetTier {
                    person: id,
                    tier: None,
                },
            ),
            button("◀ Card", Callback::Person(id)),
        ]))
    }

    pub(super) fn help(&self) -> Reply {
        let mut lines = vec![
            "kith keeps your network: who you know, where they work, and every time you met."
                .to_owned(),
            "Send a name to look someone up, or:".to_owned(),
        ];
        for command in COMMANDS.iter().filter(|c| c.name != "start") {
            let args = if command.args.is_empty() {
                String::new()
            } else {
                format!(" {}", command.args)
            };
            lines.push(format!("/{}{args} — {}", command.name, command.about));
        }
        lines.push(String::new());
        lines
            .push("Reply to a message about a person or a meeting to add a note to it.".to_owned());
        Reply::titled("kith — your personal CRM", lines.join("\n"))
    }
}

/// Whether two search hits are both people or both organizations.
fn same_kind(first: &MatchTarget, second: &MatchTarget) -> bool {
    matches!(
        (first, second),
        (MatchTarget::Person(_), MatchTarget::Person(_))
            | (MatchTarget::Organization(_), MatchTarget::Organization(_))
    )
}
