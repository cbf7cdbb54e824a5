//! A contact shared to the bot creates or completes a person the way imports do: the
//! contact (its number, names and Telegram id, and the vCard Telegram sent with it) is
//! one import entry, matched by Telegram account, phone number or address — never by
//! name alone — then completed (empty fields filled, differing ones kept) or created,
//! as the chat's change. The answer says who and what was filled or kept.

use kith_domain::contact::{Birthday, normalize_contact_phone};
use kith_domain::import::ImportPerson;
use kith_domain::model::PersonId;
use kith_domain::telegram::SharedContact;
use kith_store::{EmploymentStatus, Error, TelegramIdentity};

use super::callback::Callback;
use super::edits::reference;
use super::reply::Subject;
use super::widgets::button;
use super::{Context, Engine, Reply};

/// The import entry a shared contact is: the card's fields when it came with one, the
/// contact's own names (as Telegram shows them) and its number first, its Telegram id.
/// A number that is not one is left out; one without its `+` is international
/// (`normalize_contact_phone`).
fn contact_entry(contact: &SharedContact, region: Option<&str>) -> ImportPerson {
    let mut entry = contact.card.clone().unwrap_or_default();
    // No key: a contact is matched by what identifies them, and leaves no key behind.
    entry.key = String::new();
    entry.origin = None;
    if !contact.first_name.trim().is_empty() {
        entry.given_name = contact.first_name.trim().to_owned();
        entry.family_name = contact.last_name.as_deref().unwrap_or("").trim().to_owned();
        entry.display_name = None;
    }
    let mut phones: Vec<(String, String)> = Vec::new();
    let offered = std::iter::once((contact.phone.clone(), "mobile".to_owned()))
        .chain(std::mem::take(&mut entry.phones));
    for (number, kind) in offered {
        if let Ok(number) = normalize_contact_phone(&number, region, contact.user_id.is_some())
            && !phones.iter().any(|(known, _)| *known == number)
        {
            phones.push((number, kind));
        }
    }
    entry.phones = phones;
    entry.telegram_id = contact.user_id.filter(|id| *id > 0).or(entry.telegram_id);
    entry
}

/// What kith knows of a person that a contact can fill, before and after.
#[derive(Default)]
struct Known {
    phones: Vec<String>,
    emails: Vec<String>,
    birthday: Option<Birthday>,
    telegram: TelegramIdentity,
    work: Vec<String>,
    location: Option<String>,
    aliases: Vec<String>,
    linkedin: Option<String>,
    notes: String,
}

impl Known {
    fn load(store: &kith_store::Store, person: PersonId) -> Result<Known, Error> {
        let found = store.person(person)?;
        Ok(Known {
            phones: store
                .phones_of(person)?
                .into_iter()
                .map(|p| p.number)
                .collect(),
            emails: store
                .emails_of(person)?
                .into_iter()
                .map(|e| e.address)
                .collect(),
            birthday: store.birthday_of(person)?,
            work: store
                .employment_of(person)?
                .into_iter()
                .filter(|job| job.status == EmploymentStatus::Current)
                .map(|job| job.organization)
                .collect(),
            location: found.location,
            aliases: found.aliases.lines().map(str::to_owned).collect(),
            telegram: found.telegram,
            linkedin: found.linkedin_url,
            notes: found.notes,
        })
    }

    /// What `now` has that `self` had not, each as the answer says it.
    fn filled(&self, now: &Known) -> Vec<String> {
        let new = |before: &[String], after: &[String], what: &str| -> Vec<String> {
            after
                .iter()
                .filter(|item| !before.contains(item))
                .map(|item| format!("{what}{item}"))
                .collect()
        };
        let mut filled = new(&self.phones, &now.phones, "phone ");
        filled.extend(new(&self.emails, &now.emails, "address "));
        if self.birthday.is_none()
            && let Some(birthday) = now.birthday
        {
            filled.push(format!("birthday {}", birthday.shown()));
        }
        if self.telegram != now.telegram {
            filled.push("Telegram".to_owned());
        }
        filled.extend(new(&self.work, &now.work, "work at "));
        if self.location.is_none()
            && let Some(location) = &now.location
        {
            filled.push(format!("location {location}"));
        }
        filled.extend(new(&self.aliases, &now.aliases, "alias "));
        if self.linkedin.is_none()
            && let Some(profile) = &now.linkedin
        {
            filled.push(format!("LinkedIn {profile}"));
        }
        if self.notes != now.notes {
            filled.push("notes".to_owned());
        }
        filled
    }
}

/// What the contact said that kith kept otherwise (a different birthday, Telegram
/// account or workplace), each as the answer says it.
fn kept(entry: &ImportPerson, now: &Known) -> Vec<String> {
    let mut kept = Vec::new();
    let offered = entry
        .birthday
        .as_deref()
        .and_then(|b| Birthday::parse(b).ok());
    if let (Some(offered), Some(kith)) = (offered, now.birthday)
        && offered != kith
    {
        kept.push(format!(
            "kept birthday {} (the card says {})",
            kith.shown(),
            offered.shown()
        ));
    }
    if let (Some(offered), Some(kith)) = (entry.telegram_id, now.telegram.id)
        && offered != kith
    {
        kept.push(format!(
            "kept Telegram user {kith} (the contact is user {offered})"
        ));
    }
    for (organization, _, current) in &entry.employment {
        if *current
            && !now
                .work
                .iter()
                .any(|w| w.eq_ignore_ascii_case(organization))
        {
            kept.push(format!(
                "kept work at {} (the card says {organization})",
                now.work.join(", ")
            ));
        }
    }
    kept
}

impl Engine<'_> {
    /// A person created or completed from a shared contact, as the chat's change.
    pub(super) fn shared_contact(
        &mut self,
        context: Context,
        contact: SharedContact,
    ) -> Result<Reply, Error> {
        // In the owner's private chat the chat's id is the owner's Telegram id.
        if contact.user_id == Some(context.chat) {
            return Ok(Reply::text(
                "That's you: kith keeps the people you know, so nothing was changed.",
            ));
        }
        let entry = contact_entry(&contact, self.preferences.phone_region.as_deref());
        let shown = entry.shown_name();
        if entry.phones.is_empty() && entry.emails.is_empty() && entry.telegram_id.is_none() {
            return Ok(Reply::text(format!(
                "The contact {shown:?} has no number, address or Telegram account kith could read, so nothing was changed. Add them with /new."
            )));
        }
        let matching = self.store.people_matching(&entry)?;
        if matching.len() > 1 {
            return self.two_people(&shown, &matching);
        }
        let existing = matching.first().map(|(person, _)| *person);
        let before = match existing {
            Some(person) => Known::load(self.store, person)?,
            None => Known::default(),
        };
        let report = self.store.apply_contact(&entry)?;
        let person = match existing {
            Some(person) => person,
            None => self
                .store
                .people_matching(&entry)?
                .first()
                .map(|(person, _)| *person)
                .ok_or(Error::from(kith_domain::error::Refusal::NotFound {
                    entity: kith_domain::error::Entity::Person,
                    id: 0,
                }))?,
        };
        let after = Known::load(self.store, person)?;
        let mut said = self.contact_said(
            existing.is_some(),
            person,
            &before.filled(&after),
            &kept(&entry, &after),
        )?;
        // Days the owner chatted with them before they were anyone in kith.
        if report.interactions_created > 0 {
            said.push_str(&format!(
                "\n{} with them that waited for their Telegram account {} logged.",
                kith_domain::text::plural(report.interactions_created, "chat day", "chat days"),
                if report.interactions_created == 1 {
                    "is"
                } else {
                    "are"
                }
            ));
        }
        // What of a card read in part was left, or all of one that could not be read.
        match (&contact.card_problem, &contact.card) {
            (Some(problem), Some(_)) => said.push_str(&format!("\n{problem}")),
            (Some(problem), None) => said.push_str(&format!(
                "\nThe card sent with it could not be read ({problem}); the number, name and Telegram account were used."
            )),
            (None, _) => {}
        }
        let name = self.store.person(person)?.name();
        Ok(Reply::text(said)
            .about(Subject::Person(person))
            .with_row(vec![button(format!("{name} ▸"), Callback::Person(person))]))
    }

    /// The answer's first lines: who was added or completed and with what, and a
    /// namesake of someone added.
    fn contact_said(
        &self,
        completed: bool,
        person: PersonId,
        filled: &[String],
        kept: &[String],
    ) -> Result<String, Error> {
        let name = self.store.person(person)?.name();
        let kept = match kept.is_empty() {
            true => String::new(),
            false => format!("; {}", kept.join("; ")),
        };
        if completed {
            return Ok(match filled.is_empty() {
                true => format!("Nothing new about {name}{kept}."),
                false => format!(
                    "Completed {name} ({}): filled {}{kept}.",
                    reference(person),
                    filled.join(", ")
                ),
            });
        }
        let mut said = format!("Added {name}: {}.", filled.join(", "));
        let namesakes = self.store.namesakes(&[(person, name.clone())])?;
        if let Some((other, other_name)) = namesakes.into_iter().flatten().next() {
            let article = match other_name.starts_with(|c: char| "AEIOUaeiou".contains(c)) {
                true => "an",
                false => "a",
            };
            said.push_str(&format!(
                " There is already {article} {other_name} ({}) — /dupes compares them.",
                reference(other)
            ));
        }
        Ok(said)
    }

    /// A contact whose number, address or Telegram account is two people's: nothing
    /// changes, and both are named.
    fn two_people(&self, shown: &str, matching: &[(PersonId, String)]) -> Result<Reply, Error> {
        let mut whom = Vec::new();
        let mut reply = Reply::text("");
        for (person, by) in matching {
            let name = self.store.person(*person)?.name();
            whom.push(format!("{name} ({}, by {by})", reference(*person)));
            reply = reply.with_row(vec![button(format!("{name} ▸"), Callback::Person(*person))]);
        }
        reply.body = format!(
            "The contact {shown:?} matches {} people in kith: {}. kith never guesses between two people, so nothing was changed (if they are one, /dupes merges them).",
            matching.len(),
            whom.join(", ")
        );
        Ok(reply)
    }
}
