//! Running a resolved command (`execute`), and the commands and buttons that change
//! something: note, new, link, tag, cadence and tiers (logging is `logging.rs`). Each
//! checks its input before writing, so a refused action changes nothing.

use super::callback::{Callback, StaleKey};
use super::questions::{self, Question};
use super::reply::{Reply, Subject};
use super::widgets::{button, headed};
use super::{Context, Engine, PAGE_SIZE};
use kith_domain::model::{Cadence, EmailAddress, EmailKind, PersonId, Tier, is_free_mail};
use kith_domain::rank::MatchTarget;
use kith_store::Error;
use kith_store::{NewPerson, PersonField};

impl Engine<'_> {
    pub(super) fn stale(&self, context: Context, filter: Option<&str>) -> Result<Reply, Error> {
        let key = match filter {
            None => StaleKey::All,
            Some(text) => {
                if let Ok(tier) = self.preferences.closeness.parse_tier(text) {
                    StaleKey::Tier(tier)
                } else if let Some((tag, _)) = self.store.tag_by_name(text)? {
                    StaleKey::Tag(tag)
                } else if let Some(organization) = self.store.organization_by_name(text)? {
                    StaleKey::Organization(organization.id)
                } else {
                    return Ok(Reply::text(format!(
                        "No tag, tier or organization is called {text:?}. For example: /stale investor, /stale 2, /stale Acme"
                    )));
                }
            }
        };
        self.stale_page(context, key, 0)
    }

    pub(super) fn new_person(
        &mut self,
        context: Context,
        name: &str,
        email: Option<&str>,
    ) -> Result<Reply, Error> {
        let address = email.map(EmailAddress::parse).transpose()?;
        let mut new = NewPerson::named(name);
        if let Some(address) = &address {
            let kind = if is_free_mail(address.domain()) {
                EmailKind::Personal
            } else {
                EmailKind::Work
            };
            new.emails.push((address.clone(), kind));
        }
        let id = self.store.create_person(&new)?;
        let same_name = self.same_name(id)?;
        let card = self.person_card(context, id)?;
        let name = self.store.person(id)?.name();
        self.note_same_name(headed(format!("Added {name}."), card), &same_name)
    }

    /// Everyone else with this person's name (up to accents, case and order), archived
    /// people too, by number.
    pub(super) fn same_name(&self, person: PersonId) -> Result<Vec<PersonId>, Error> {
        let name = self.store.person(person)?.name();
        let mut others: Vec<PersonId> = self
            .store
            .namesakes(&[(person, name)])?
            .swap_remove(0)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        others.sort();
        Ok(others)
    }

    /// Adds "someone else has this name" with buttons to their cards, so a duplicate is
    /// noticed when it is made.
    pub(super) fn note_same_name(
        &self,
        mut reply: Reply,
        others: &[PersonId],
    ) -> Result<Reply, Error> {
        if others.is_empty() {
            return Ok(reply);
        }
        reply.body.push_str(&format!(
            "\n{} other {} this name already — use /merge if it is the same person.",
            others.len(),
            if others.len() == 1 {
                "person has"
            } else {
                "people have"
            }
        ));
        for other in others.iter().take(3) {
            let label = format!("Other: {} #{}", self.store.person(*other)?.name(), other);
            reply = reply.with_row(vec![button(label, Callback::Person(*other))]);
        }
        Ok(reply)
    }

    pub(super) fn link(
        &mut self,
        context: Context,
        email: &str,
        person: PersonId,
    ) -> Result<Reply, Error> {
        let address = EmailAddress::parse(email)?;
        let outcome = self.store.link_email(&address, person)?;
        let name = self.told_apart_name(person)?;
        let moved = match outcome.previous_person {
            Some(previous) => format!(" (it was {}'s)", self.told_apart_name(previous)?),
            None => String::new(),
        };
        let rollups = self.store.rollups(person, context.today)?;
        let meetings = super::widgets::past(outcome.attended);
        Ok(Reply::text(format!(
            "✓ {address} linked to {name}{moved} — {meetings} linked ({} in all).",
            rollups.interaction_count
        ))
        .about(Subject::Person(person))
        .with_row(vec![button(name, Callback::Person(person))]))
    }

    pub(super) fn organization(&self, context: Context, name: &str) -> Result<Reply, Error> {
        if let Some(organization) = self.store.organization_by_name(name)? {
            return self.organization_card(context, organization.id);
        }
        let hits: Vec<_> = self
            .store
            .find(name, PAGE_SIZE)?
            .into_iter()
            .filter(|hit| matches!(hit.target, MatchTarget::Organization(_)))
            .collect();
        if hits.is_empty() {
            return Ok(Reply::text(format!("No organization is called {name:?}.")));
        }
        self.search_results(context, name, hits)
    }

    pub(super) fn tag(
        &mut self,
        person: PersonId,
        add: &[String],
        remove: &[String],
    ) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        for tag in add {
            self.store.tag_person(person, tag)?;
        }
        let mut missing = Vec::new();
        for tag in remove {
            if !self.store.untag_person(person, tag)? {
                missing.push(tag.as_str());
            }
        }
        let tags = self.store.tags_of_person(person)?;
        let mut text = if tags.is_empty() {
            format!("{name} has no tags.")
        } else {
            format!("{name}'s tags: {}.", tags.join(", "))
        };
        if !missing.is_empty() {
            text.push_str(&format!(" (Did not have: {}.)", missing.join(", ")));
        }
        if add.is_empty() && remove.is_empty() {
            text.push_str(" Add with +tag, remove with -tag.");
        }
        Ok(Reply::text(text).about(Subject::Person(person)))
    }

    pub(super) fn set_cadence(
        &mut self,
        person: PersonId,
        cadence: Option<Cadence>,
    ) -> Result<Reply, Error> {
        self.store.set_cadence(person, cadence)?;
        let found = self.store.person(person)?;
        let name = found.name();
        let tier = match found.closeness {
            Some(tier) => format!("tier {}", self.tier_text(Some(tier))),
            None => "no tier, so no pace".to_owned(),
        };
        let text = match cadence {
            Some(Cadence::Every(_)) => format!(
                "{name}: keep in touch {} (instead of {tier}).",
                cadence.map(|c| c.to_string()).unwrap_or_default()
            ),
            Some(Cadence::Off) => {
                format!(
                    "{name} is not tracked any more: never listed as overdue. /cadence {name} tier undoes it."
                )
            }
            None => format!("{name} follows their tier again: {tier}."),
        };
        Ok(Reply::text(text).with_row(vec![button(name, Callback::Person(person))]))
    }

    pub(super) fn set_tier(
        &mut self,
        context: Context,
        person: PersonId,
        tier: Option<Tier>,
    ) -> Result<Reply, Error> {
        self.store
            .set_person_field(person, PersonField::Closeness(tier))?;
        let name = self.told_apart_name(person)?;
        let card = self.person_card(context, person)?;
        Ok(headed(
            format!("{name}: tier {}.", self.tier_text(tier)),
            card,
        ))
    }

    pub(super) fn ask_for_log(
        &mut self,
        context: Context,
        person: PersonId,
    ) -> Result<Reply, Error> {
        let name = self.store.person(person)?.name();
        questions::ask(
            self.store,
            context,
            &Question::Log { person },
            format!(
                "What happened with {name}? For example: coffee yesterday: talked about the seed round"
            ),
        )
    }

    pub(super) fn ask_for_note(
        &mut self,
        context: Context,
        person: PersonId,
    ) -> Result<Reply, Error> {
        let name = self.store.person(person)?.name();
        questions::ask(
            self.store,
            context,
            &Question::Note { person },
            format!("Type the note for {name}."),
        )
    }
}
