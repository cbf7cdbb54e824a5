//! Correcting people and organizations: `/set`, `/job`, `/intro`, `/archive`,
//! `/unlink`, the person card's **Edit ▸** menu (whose answers run the same text
//! commands), the ignored addresses with **Unignore**, and the organization commands.

use super::callback::{Callback, PersonAsk};
use super::editline::{OrgEdit, PersonEdit};
use super::questions::{self, Question};
use super::reply::{Reply, Subject};
use super::widgets::{button, headed};
use super::{Context, Engine};
use kith_domain::contact::{Birthday, normalize_phone};
use kith_domain::error::Refusal;
use kith_domain::model::{EmailAddress, EmailKind, InvestorInterest, PersonId};
use kith_domain::text::bare_domain;
use kith_store::Error;
use kith_store::{EmploymentStatus, PersonField};

/// What an **Edit ▸** button asks, and the text command its answer becomes.
pub(super) fn ask_text(ask: PersonAsk) -> (&'static str, &'static str, &'static str) {
    match ask {
        PersonAsk::Name => ("Name", "the full name, e.g. Jane Q. Doe", "/set {} name "),
        PersonAsk::Job => (
            "Job",
            "the organization and title, e.g. Stripe, Head of Product — or “left Stripe”",
            "/job {} ",
        ),
        PersonAsk::Location => (
            "Location",
            "the city, or - to clear it",
            "/set {} location ",
        ),
        PersonAsk::LinkedIn => (
            "LinkedIn",
            "the profile URL, or - to clear it",
            "/set {} linkedin ",
        ),
        PersonAsk::Intro => (
            "Introduced by",
            "who introduced them, or - to clear it",
            "/set {} intro ",
        ),
        PersonAsk::Cadence => (
            "Cadence",
            "how often: 3w, 10d, 2m, off or tier",
            "/cadence {} ",
        ),
        PersonAsk::AddEmail => (
            "+ Address",
            "the address, then work or personal if you like",
            "/set {} email ",
        ),
        PersonAsk::Primary => (
            "Primary address",
            "which of their addresses is primary",
            "/set {} primary ",
        ),
        PersonAsk::Tags => (
            "Tags",
            "+tag to add, -tag to remove, e.g. +investor -friend",
            "/tag {} ",
        ),
        PersonAsk::RemoveEmail => (
            "− Address",
            "the address to take off them (its meetings stay, unlinked)",
            "/set {} remove ",
        ),
        PersonAsk::Phone => (
            "+ Phone",
            "the number, then mobile, work or home if you like",
            "/set {} phone ",
        ),
        PersonAsk::Birthday => (
            "Birthday",
            "the day, e.g. 12 April or 1985-04-12, or - to clear it",
            "/set {} birthday ",
        ),
        PersonAsk::Telegram => (
            "Telegram",
            "their username, e.g. @ana_souza or a t.me link, or - to forget it",
            "/set {} telegram ",
        ),
    }
}

/// Why an **Edit ▸** answer is not a value of its field, when parsing it left words
/// where the person's name goes.
pub(super) fn unreadable(ask: PersonAsk, text: &str) -> String {
    match ask {
        PersonAsk::Tags => format!(
            "{:?} has no + or -: each tag needs + to add it or - to remove it",
            text.trim()
        ),
        _ => format!("{:?} can't be read as this field's value", text.trim()),
    }
}

/// The name of a command's `#id` reference (archived people included).
pub(super) fn reference(person: PersonId) -> String {
    format!("#{person}")
}

/// The text command an **Edit ▸** answer stands for. A job is "ORG, TITLE" or
/// "left ORG", with or without the command's own "at".
pub(super) fn edit_line(template: &str, person: PersonId, ask: PersonAsk, text: &str) -> String {
    let text = text.trim();
    if ask != PersonAsk::Job {
        return template.replace("{}", &reference(person)) + text;
    }
    let lower = text.to_lowercase();
    if lower.starts_with("left ") {
        return format!("/job {} {text}", reference(person));
    }
    let bare = if lower.starts_with("at ") {
        &text[3..]
    } else {
        text
    };
    format!("/job {} at {}", reference(person), bare.trim_start())
}

impl Engine<'_> {
    /// **Edit ▸**: every field of a person, a button each; **Archive**, or **Unarchive**
    /// for someone archived (who can be corrected all the same).
    pub(super) fn edit_menu(&self, person: PersonId) -> Result<Reply, Error> {
        let found = self.store.person(person)?;
        let name = found.name();
        let mut reply = Reply::text(format!(
            "What should change for {name}? (Or type it: /set {name} location Lisbon.)"
        ));
        for row in PersonAsk::ALL.chunks(3) {
            reply = reply.with_row(
                row.iter()
                    .map(|ask| button(ask_text(*ask).0, Callback::EditField { person, ask: *ask }))
                    .collect(),
            );
        }
        Ok(reply.with_row(vec![
            button("Tier", Callback::EditTier(person)),
            button(
                if found.archived {
                    "Unarchive"
                } else {
                    "Archive"
                },
                Callback::Archive {
                    person,
                    archived: !found.archived,
                },
            ),
            button("◀ Card", Callback::Person(person)),
        ]))
    }

    pub(super) fn edit_field(
        &mut self,
        context: Context,
        person: PersonId,
        ask: PersonAsk,
    ) -> Result<Reply, Error> {
        let name = self.store.person(person)?.name();
        let (label, what, _) = ask_text(ask);
        questions::ask(
            self.store,
            context,
            &Question::Edit { person, ask },
            format!("{label} for {name}: type {what}."),
        )
    }

    pub(super) fn set_field(
        &mut self,
        person: PersonId,
        edit: &PersonEdit,
        introducer: Option<PersonId>,
    ) -> Result<Reply, Error> {
        let before = self.store.person(person)?;
        let name = before.name();
        let said = match edit {
            PersonEdit::Name(_)
            | PersonEdit::Given(_)
            | PersonEdit::Family(_)
            | PersonEdit::Display(_) => self.rename(person, &name, edit)?,
            PersonEdit::Location(location) => {
                self.store
                    .set_person_field(person, PersonField::Location(location.clone()))?;
                match location {
                    Some(place) => format!("{name}'s location: {place}."),
                    None => format!("{name}'s location is cleared."),
                }
            }
            PersonEdit::LinkedIn(url) => {
                let url = url.as_deref().map(linkedin_url).transpose()?;
                self.store
                    .set_person_field(person, PersonField::LinkedIn(url.clone()))?;
                match url {
                    Some(url) => format!("{name}'s LinkedIn: {url}."),
                    None => format!("{name}'s LinkedIn is cleared."),
                }
            }
            PersonEdit::Intro(_) => {
                self.store
                    .set_person_field(person, PersonField::IntroducedBy(introducer))?;
                match introducer {
                    Some(by) => format!(
                        "{name} was introduced by {}.",
                        self.store.person(by)?.name()
                    ),
                    None => format!("{name}'s introducer is cleared."),
                }
            }
            PersonEdit::Tier(tier) => {
                let tier = tier
                    .as_deref()
                    .map(|t| self.preferences.closeness.parse_tier(t))
                    .transpose()?;
                self.store
                    .set_person_field(person, PersonField::Closeness(tier))?;
                format!("{name}: tier {}.", self.tier_text(tier))
            }
            PersonEdit::Email(address, kind) => {
                self.add_email(person, &name, address, kind.as_deref())?
            }
            PersonEdit::Remove(text) => self.remove_contact(person, &name, text)?,
            PersonEdit::Phone(number, kind) => {
                let number = normalize_phone(number, self.preferences.phone_region.as_deref())?;
                let kind = kind.as_deref().unwrap_or("mobile");
                if self.store.add_phone(person, &number, kind)? {
                    format!("Added {number} ({kind}) to {name}.")
                } else {
                    format!("{name} has {number} already.")
                }
            }
            PersonEdit::Birthday(text) => {
                let birthday = text.as_deref().map(Birthday::parse).transpose()?;
                self.store.set_birthday(person, birthday)?;
                match birthday {
                    Some(birthday) => format!("{name}'s birthday: {}.", birthday.shown()),
                    None => format!("{name}'s birthday is cleared."),
                }
            }
            PersonEdit::Telegram(typed) => self.set_telegram(person, &name, typed.as_deref())?,
            PersonEdit::Primary(address) => {
                let address = EmailAddress::parse(address)?;
                self.store.set_primary_email(person, &address)?;
                format!("{address} is now {name}'s primary address.")
            }
        };
        Ok(Reply::text(said)
            .about(Subject::Person(person))
            .with_row(vec![button(
                format!("{} ▸", self.store.person(person)?.name()),
                Callback::Person(person),
            )]))
    }

    /// `/set NAME name|given|family|display VALUE`: what it says it did.
    fn rename(&mut self, person: PersonId, name: &str, edit: &PersonEdit) -> Result<String, Error> {
        Ok(match edit {
            PersonEdit::Name(full) => {
                let (given, family) = match full.trim().rsplit_once(' ') {
                    Some((given, family)) => (given.trim(), family.trim()),
                    None => (full.trim(), ""),
                };
                self.store
                    .set_person_field(person, PersonField::DisplayName(None))?;
                self.store
                    .set_person_field(person, PersonField::FamilyName(family.to_owned()))?;
                self.store
                    .set_person_field(person, PersonField::GivenName(given.to_owned()))?;
                format!("Renamed {name} to {}.", self.store.person(person)?.name())
            }
            PersonEdit::Given(given) => {
                self.store
                    .set_person_field(person, PersonField::GivenName(given.clone()))?;
                format!("{name}'s given name is now {given}.")
            }
            PersonEdit::Family(family) => {
                self.store
                    .set_person_field(person, PersonField::FamilyName(family.clone()))?;
                format!("{name}'s family name is now {family:?}.")
            }
            PersonEdit::Display(display) => {
                self.store
                    .set_person_field(person, PersonField::DisplayName(display.clone()))?;
                format!("{name} is shown as {}.", self.store.person(person)?.name())
            }
            _ => unreachable!("rename is called with a name's edit"),
        })
    }

    /// `/set NAME email ADDRESS [KIND]`: added, its kind changed, or already theirs.
    fn add_email(
        &mut self,
        person: PersonId,
        name: &str,
        address: &str,
        kind: Option<&str>,
    ) -> Result<String, Error> {
        let address = EmailAddress::parse(address)?;
        let given = kind.map(EmailKind::parse).transpose()?;
        let kind = given.unwrap_or(if kith_domain::model::is_free_mail(address.domain()) {
            EmailKind::Personal
        } else {
            EmailKind::Work
        });
        Ok(match self.store.email(&address)? {
            // An address they already have keeps its kind unless one is given.
            Some(record) if record.person_id == Some(person) => match given {
                Some(kind) if kind != record.kind => {
                    self.store.set_email_kind(&address, kind)?;
                    format!("{address} is {name}'s {} address now.", kind.as_str())
                }
                _ => format!(
                    "{address} is already {name}'s {} address.",
                    record.kind.as_str()
                ),
            },
            Some(kith_store::EmailRecord {
                person_id: Some(owner),
                ..
            }) => {
                return Err(Refusal::EmailTaken {
                    address: address.to_string(),
                    owner: self.store.person(owner)?.name(),
                }
                .into());
            }
            _ => {
                let outcome = self.store.link_email(&address, person)?;
                self.store.set_email_kind(&address, kind)?;
                format!(
                    "Added {address} ({}) to {name} — {}.",
                    kind.as_str(),
                    super::widgets::past(outcome.attended)
                )
            }
        })
    }

    /// `/set NAME remove ADDRESS|NUMBER`: an address or a phone number taken off.
    fn remove_contact(
        &mut self,
        person: PersonId,
        name: &str,
        text: &str,
    ) -> Result<String, Error> {
        if !text.contains('@') {
            let number = normalize_phone(text, self.preferences.phone_region.as_deref())?;
            if !self.store.remove_phone(person, &number)? {
                return Err(Refusal::InvalidValue {
                    field: "phone number",
                    value: number,
                    expected: "one of their numbers (their card lists them)",
                }
                .into());
            }
            return Ok(format!("{number} is no longer {name}'s number."));
        }
        let address = EmailAddress::parse(text)?;
        let stays = self.store.remove_email(person, &address)?;
        let verb = if stays.total() == 1 { "stays" } else { "stay" };
        Ok(match stays.is_empty() {
            true => format!("{address} is no longer {name}'s."),
            false => format!(
                "{address} is no longer {name}'s; {stays} it attended {verb}, and it is an unknown attendee again."
            ),
        })
    }

    pub(super) fn set_job(
        &mut self,
        today: chrono::NaiveDate,
        person: PersonId,
        organization: &str,
        title: Option<&str>,
        left: bool,
    ) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        let existing = self.store.organization_by_name(organization)?;
        let said = if left {
            // Refusals, so an Edit ▸ answer asks again.
            let Some(organization) = existing else {
                return Err(Refusal::NoSuchEmployer {
                    person: name,
                    organization: organization.to_owned(),
                }
                .into());
            };
            if !self
                .store
                .employment_of(person)?
                .iter()
                .any(|job| job.organization_id == organization.id)
            {
                return Err(Refusal::NotEmployedAt {
                    person: name,
                    organization: organization.name,
                }
                .into());
            }
            self.store.leave_job(person, organization.id, today)?;
            // Told apart as they are now, not by the job they just left.
            let name = self.told_apart_name(person)?;
            format!(
                "{name} left {} on {today}: it is a former job now.",
                organization.name
            )
        } else {
            let (id, created) = match existing {
                Some(organization) => (organization.id, false),
                None => (self.store.create_organization(organization)?, true),
            };
            self.store
                .set_employment(person, id, title, EmploymentStatus::Current)?;
            let org_name = self.store.organization(id)?.name;
            let title = title.map(|t| format!(" as {t}")).unwrap_or_default();
            let new = if created {
                format!(" ({org_name} is new in kith)")
            } else {
                String::new()
            };
            format!("{name} works at {org_name}{title}{new}.")
        };
        Ok(Reply::text(said)
            .about(Subject::Person(person))
            .with_row(vec![button(format!("{name} ▸"), Callback::Person(person))]))
    }

    /// Archives (hides from /stale, the digest, suggestions and briefs) or brings back.
    pub(super) fn set_archived(
        &mut self,
        person: PersonId,
        archived: bool,
    ) -> Result<Reply, Error> {
        let found = self.store.person(person)?;
        let name = found.name();
        if found.archived == archived {
            return Ok(Reply::notice(if archived {
                format!("{name} is archived already.")
            } else {
                format!("{name} is not archived.")
            }));
        }
        self.store.set_archived(person, archived)?;
        let said = if archived {
            format!(
                "Archived {name}: left out of /stale, the digest, suggestions and briefs. Their history stays."
            )
        } else {
            format!("{name} is back: no longer archived.")
        };
        Ok(Reply::text(said)
            .about(Subject::Person(person))
            .with_row(vec![button(format!("{name} ▸"), Callback::Person(person))]))
    }

    pub(super) fn unlink(&mut self, email: &str) -> Result<Reply, Error> {
        let address = EmailAddress::parse(email)?;
        let person = self.store.unlink_email(&address)?;
        let name = self.store.person(person)?.name();
        Ok(Reply::text(format!(
            "{address} no longer belongs to {name}; its meetings stop counting for them, and it is an unknown attendee again."
        ))
        .with_row(vec![button(format!("{name} ▸"), Callback::Person(person))]))
    }

    pub(super) fn organization_new(
        &mut self,
        context: Context,
        name: &str,
    ) -> Result<Reply, Error> {
        let id = self.store.create_organization(name)?;
        let card = self.organization_card(context, id)?;
        let name = self.store.organization(id)?.name;
        Ok(headed(format!("Created the organization {name}."), card))
    }

    pub(super) fn organization_edit(
        &mut self,
        context: Context,
        name: &str,
        edit: &OrgEdit,
    ) -> Result<Reply, Error> {
        let Some(organization) = self.store.organization_by_name(name)? else {
            return Ok(Reply::text(format!(
                "No organization is called {name:?}. /org new {name} creates it."
            )));
        };
        let id = organization.id;
        let said = match edit {
            OrgEdit::Rename(new) => {
                self.store.rename_organization(id, new)?;
                format!("Renamed {} to {}.", organization.name, new.trim())
            }
            OrgEdit::AddDomain(domain) => {
                let domain = bare_domain(domain);
                self.store.add_organization_domain(id, &domain)?;
                format!("Addresses at {domain} are {} now.", organization.name)
            }
            OrgEdit::RemoveDomain(domain) => {
                let domain = bare_domain(domain);
                if !self.store.remove_organization_domain(id, &domain)? {
                    return Ok(Reply::text(format!(
                        "{domain} is not a domain of {}.",
                        organization.name
                    )));
                }
                format!("{domain} is no longer a domain of {}.", organization.name)
            }
            OrgEdit::Interest(interest) => {
                let interest = InvestorInterest::parse(interest)?;
                self.store.set_investor_interest(id, interest)?;
                format!(
                    "{}: investor interest {}.",
                    organization.name,
                    interest.as_str()
                )
            }
            OrgEdit::Note(note) => {
                self.store
                    .append_organization_note(id, context.today, note)?;
                format!("Noted on {}.", organization.name)
            }
            OrgEdit::Tags { add, remove } => {
                for tag in add {
                    self.store.tag_organization(id, tag)?;
                }
                for tag in remove {
                    self.store.untag_organization(id, tag)?;
                }
                let tags = self.store.tags_of_organization(id)?;
                format!(
                    "{}'s tags: {}.",
                    organization.name,
                    if tags.is_empty() {
                        "none".to_owned()
                    } else {
                        tags.join(", ")
                    }
                )
            }
        };
        Ok(Reply::text(said).with_row(vec![button(
            format!("{} ▸", self.store.organization(id)?.name),
            Callback::Organization(id),
        )]))
    }

    pub(super) fn organization_merge(
        &mut self,
        context: Context,
        keep: &str,
        other: &str,
    ) -> Result<Reply, Error> {
        let named = |name: &str| -> Result<_, Error> {
            self.store
                .organization_by_name(name)?
                .ok_or(Error::from(Refusal::NotFoundByName {
                    entity: kith_domain::error::Entity::Organization,
                    name: name.to_owned(),
                }))
        };
        let (keep, other) = (named(keep)?, named(other)?);
        if keep.id == other.id {
            return Ok(Reply::text("That is one organization; name two to merge."));
        }
        self.store.merge_organizations(keep.id, other.id)?;
        let card = self.organization_card(context, keep.id)?;
        Ok(headed(
            format!("Merged {} into {}.", other.name, keep.name),
            card,
        ))
    }
}

/// A LinkedIn profile as typed ("linkedin.com/in/jane", a full URL) → its https URL.
fn linkedin_url(text: &str) -> Result<String, Error> {
    let text = text.trim();
    let bare = text
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    if bare.to_lowercase().starts_with("linkedin.com/") && !bare.contains(char::is_whitespace) {
        return Ok(format!("https://www.{bare}"));
    }
    Err(Refusal::InvalidValue {
        field: "LinkedIn profile",
        value: text.to_owned(),
        expected: "a linkedin.com address such as linkedin.com/in/jane-doe",
    }
    .into())
}
