//! The cards: a person (with their latest interactions, ten a page behind
//! **Interactions ▸**), an organization, the tier chooser, and /help.

use super::callback::Callback;
use super::command::COMMANDS;
use super::dates::dated;
use super::reply::{Reply, Subject};
use super::widgets::{
    People, button, current_work, interaction_line, no_more, numbered, open_buttons, page_note,
    pager, plural, truncate,
};
use super::{Context, Engine, PAGE_SIZE};
use kith_domain::model::{OrganizationId, PersonId, Tier};
use kith_store::EmploymentStatus;
use kith_store::Error;

/// Notes longer than this show only their end on a card.
const CARD_NOTES_CHARS: usize = 1_200;
/// How much of a person's notes one page of **Notes ▸** shows.
const NOTES_PAGE: usize = 3_000;

impl Engine<'_> {
    pub(super) fn person_card(&self, context: Context, id: PersonId) -> Result<Reply, Error> {
        let person = self.store.person(id)?;
        let mut lines = Vec::new();
        let jobs = self.store.employment_of(id)?;
        let current = current_work(&jobs);
        let former: Vec<String> = jobs
            .iter()
            .filter(|j| j.status == EmploymentStatus::Former)
            .map(|j| match &j.left_on {
                Some(on) => format!("{} (left {on})", j.organization),
                None => j.organization.clone(),
            })
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
                    if e.kind != kith_domain::model::EmailKind::Other {
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
        let phones = self.store.phones_of(id)?;
        if !phones.is_empty() {
            let list: Vec<String> = phones
                .iter()
                .map(|p| format!("{} ({})", p.number, p.kind))
                .collect();
            lines.push(format!("Phone: {}", list.join(", ")));
        }
        if let Some(birthday) = self.store.birthday_of(id)? {
            lines.push(format!("Birthday: {}", birthday.shown()));
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
        // "Last seen" counts what /stale counts (KITH_STALE_KINDS): one meaning of seen.
        let rollups =
            self.store
                .rollups_of_known(id, context.today, &self.preferences.stale_kinds)?;
        let never = || "never".to_owned();
        // The last email only where there is one, so a card without mail reads as before.
        let last_email = rollups
            .last_email
            .map(|d| format!(" · last email: {}", dated(d, context.today)))
            .unwrap_or_default();
        lines.push(format!(
            "Last seen: {} · last F2F: {}{last_email} · {} interaction{}",
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
            for (index, interaction) in recent.iter().enumerate() {
                lines.push(format!(
                    "  {}",
                    numbered(
                        index,
                        &interaction_line(interaction, context.today, People::None)
                    )
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
        let notes_cut = person.notes.chars().count() > CARD_NOTES_CHARS;
        let title = if person.archived {
            format!("{} (archived)", person.name())
        } else {
            person.name()
        };
        let mut card = Reply::titled(title, lines.join("\n")).about(Subject::Person(id));
        for row in open_buttons(&recent) {
            card = card.with_row(row);
        }
        let card = card
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
            ])
            .with_row(if person.archived {
                vec![
                    button("Edit ▸", Callback::Edit(id)),
                    button(
                        "Unarchive",
                        Callback::Archive {
                            person: id,
                            archived: false,
                        },
                    ),
                    button(
                        "History",
                        Callback::History {
                            person: id,
                            offset: 0,
                        },
                    ),
                ]
            } else {
                vec![
                    button("Edit ▸", Callback::Edit(id)),
                    button("Edit tier", Callback::EditTier(id)),
                    button(
                        "History",
                        Callback::History {
                            person: id,
                            offset: 0,
                        },
                    ),
                ]
            });
        // Notes longer than the card shows are a tap away, all of them.
        Ok(if notes_cut {
            card.with_row(vec![button(
                "Notes ▸",
                Callback::Notes {
                    person: id,
                    offset: 0,
                },
            )])
        } else {
            card
        })
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
        if organization.investor_interest != kith_domain::model::InvestorInterest::None {
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
        let when = |day: Option<chrono::NaiveDate>| {
            day.map_or_else(|| "never".to_owned(), |d| dated(d, context.today))
        };
        let former = match (last.current, last.including_former) {
            (current, Some(any)) if current != Some(any) => {
                format!(" (incl. former people: {})", dated(any, context.today))
            }
            _ => String::new(),
        };
        lines.push(format!(
            "Last contact with anyone there now: {}{former}",
            when(last.current)
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
