//! The cards: a person (with their latest interactions, ten a page behind
//! **Interactions ▸**), an organization, the tier chooser, and /help.

use super::callback::Callback;
use super::command::COMMANDS;
use super::dates::dated;
use super::person_card::{self, CARD_NOTES_CHARS};
use super::reply::{Reply, Subject};
use super::widgets::{
    People, button, interaction_line, no_more, numbered, open_buttons, page_note, pager, plural,
    truncate,
};
use super::{Context, Engine, PAGE_SIZE};
use chrono::NaiveDate;
use kith_domain::model::{OrganizationId, PersonId, Tier};
use kith_store::Error;
use kith_store::{Employment, EmploymentStatus, Organization, OrganizationContact};

/// How much of a person's notes one page of **Notes ▸** shows.
const NOTES_PAGE: usize = 3_000;

impl Engine<'_> {
    /// A person's card: read, then composed.
    pub(super) fn person_card(&self, context: Context, id: PersonId) -> Result<Reply, Error> {
        let card = person_card::load(self.store, self.preferences, id, context.today)?;
        Ok(person_card::compose(
            &card,
            &self.preferences.closeness,
            context.today,
        ))
    }

    /// **Notes ▸**: a person's notes in full, `NOTES_PAGE` characters a page, so long
    /// notes are never lost from view.
    pub(super) fn notes_page(&self, id: PersonId, offset: usize) -> Result<Reply, Error> {
        let person = self.store.person(id)?;
        let chars: Vec<char> = person.notes.chars().collect();
        if offset > 0 && offset >= chars.len() {
            // A page past the end: the notes were shortened since the button was made.
            return Ok(Reply::text(format!(
                "No more — the notes are {} in all.",
                plural(chars.len(), "character", "characters")
            ))
            .with_row(vec![button(
                "◀ First page",
                Callback::Notes {
                    person: id,
                    offset: 0,
                },
            )]));
        }
        let page: String = chars.iter().skip(offset).take(NOTES_PAGE).collect();
        let shown = page.chars().count();
        let body = if chars.is_empty() {
            "No notes yet.".to_owned()
        } else if chars.len() > shown {
            format!(
                "{page}\n(characters {}–{} of {})",
                offset + 1,
                offset + shown,
                chars.len()
            )
        } else {
            page
        };
        let mut reply =
            Reply::titled(format!("Notes on {}", person.name()), body).about(Subject::Person(id));
        let pages = pager(offset, NOTES_PAGE, chars.len(), |offset| Callback::Notes {
            person: id,
            offset,
        });
        if !pages.is_empty() {
            reply = reply.with_row(pages);
        }
        Ok(reply.with_row(vec![button("◀ Card", Callback::Person(id))]))
    }

    pub(super) fn interactions_page(
        &self,
        context: Context,
        id: PersonId,
        offset: usize,
    ) -> Result<Reply, Error> {
        let person = self.store.person(id)?;
        let total = self.store.count_interactions_of(id)?;
        let mut items = self.store.interactions_of(id, PAGE_SIZE, offset)?;
        if items.is_empty() && offset > 0 {
            let first = Callback::Interactions {
                person: id,
                offset: 0,
            };
            return Ok(no_more(total, first));
        }
        self.tell_apart_in(&mut items)?;
        let body = if items.is_empty() {
            "No interactions yet.".to_owned()
        } else {
            let lines: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(n, i)| numbered(n, &interaction_line(i, context.today, People::Besides(id))))
                .collect();
            lines.join("\n") + &page_note(offset, items.len(), total)
        };
        let title = format!("Interactions with {}", self.told_apart_name(person.id)?);
        let mut reply = Reply::titled(title, body).about(Subject::Person(id));
        for row in open_buttons(&items) {
            reply = reply.with_row(row);
        }
        Ok(reply
            .with_row(pager(offset, PAGE_SIZE, total, |o| {
                Callback::Interactions {
                    person: id,
                    offset: o,
                }
            }))
            .with_row(vec![button("◀ Card", Callback::Person(id))]))
    }

    /// An organization's card: read, then composed.
    pub(super) fn organization_card(
        &self,
        context: Context,
        id: OrganizationId,
    ) -> Result<Reply, Error> {
        let card = OrganizationCard {
            organization: self.store.organization(id)?,
            tags: self.store.tags_of_organization(id)?,
            people: self.store.employees_of(id)?,
            last: self.store.organization_last_contact(id, context.today)?,
        };
        Ok(compose_organization_card(&card, context.today))
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

    /// `/help`: every command; `/help COMMAND`: that one, with its example.
    pub(super) fn help(&self, topic: Option<&str>) -> Reply {
        if let Some(topic) = topic {
            return match COMMANDS.iter().find(|c| c.name == topic) {
                Some(command) => Reply::titled(
                    command.usage(),
                    format!("{}\n\nFor example: {}", command.about, command.example),
                ),
                None => Reply::text(format!(
                    "There is no /{topic}. Send /help for the commands."
                )),
            };
        }
        let mut lines = vec![
            "kith keeps your network: who you know, where they work, and every time you met."
                .to_owned(),
            "Send a name to look someone up, or:".to_owned(),
        ];
        for command in COMMANDS.iter().filter(|c| c.name != "start") {
            lines.push(format!("{} — {}", command.usage(), command.about));
        }
        lines.push(String::new());
        lines
            .push("Reply to a message about a person or a meeting to add a note to it.".to_owned());
        lines.push("Send /help COMMAND for one with an example, e.g. /help log.".to_owned());
        Reply::titled("kith — your personal CRM", lines.join("\n"))
    }
}

/// Everything an organization's card shows, as read from the store.
struct OrganizationCard {
    organization: Organization,
    tags: Vec<String>,
    /// Everyone who works or worked there.
    people: Vec<Employment>,
    last: OrganizationContact,
}

/// The card: tags, interest, domains, its people now and formerly (ten each, a button
/// for each current one), the last contact, and the notes' start.
fn compose_organization_card(card: &OrganizationCard, today: NaiveDate) -> Reply {
    let organization = &card.organization;
    let mut lines = Vec::new();
    if !card.tags.is_empty() {
        lines.push(format!("Tags: {}", card.tags.join(", ")));
    }
    if organization.investor_interest != kith_domain::model::InvestorInterest::None {
        lines.push(format!(
            "Investor interest: {}",
            organization.investor_interest.as_str()
        ));
    }
    if !organization.domains.is_empty() {
        lines.push(format!("Domains: {}", organization.domains.join(", ")));
    }
    let mut buttons = Vec::new();
    for (status, heading) in [
        (EmploymentStatus::Current, "People"),
        (EmploymentStatus::Former, "Formerly"),
    ] {
        let group: Vec<_> = card.people.iter().filter(|e| e.status == status).collect();
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
    let when = |day: Option<chrono::NaiveDate>| {
        day.map_or_else(|| "never".to_owned(), |d| dated(d, today))
    };
    let former = match (card.last.current, card.last.including_former) {
        (current, Some(any)) if current != Some(any) => {
            format!(" (incl. former people: {})", dated(any, today))
        }
        _ => String::new(),
    };
    lines.push(format!(
        "Last contact with anyone there now: {}{former}",
        when(card.last.current)
    ));
    if !organization.notes.is_empty() {
        lines.push(format!(
            "Notes:\n{}",
            truncate(&organization.notes, CARD_NOTES_CHARS)
        ));
    }
    let mut reply = Reply::titled(organization.name.clone(), lines.join("\n"));
    for pair in buttons.chunks(2) {
        reply = reply.with_row(pair.to_vec());
    }
    reply
}
