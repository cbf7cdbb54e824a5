//! Taking a card's values into a person, inside the change under way (the caller opens
//! it with `begin_change(Actor::AddressBook)`), so Undo restores them: names through the
//! person edit path (the search key follows), birthday, organization and title (the
//! current job), the note's first paragraph. Addresses and numbers: `take_lists`.

use rusqlite::params;

use super::Taken;
use super::fields::{CurrentJob, NOTE_CHARACTERS, current_job, split_note};
use crate::organizations::{ensure_organization, unique_key};
use crate::{EmploymentStatus, PersonField, Result, Store};
use kith_domain::card::Field;
use kith_domain::contact::Birthday;
use kith_domain::model::{OrganizationId, PersonId, shown_name};

/// "given name set to Ana", "title cleared".
fn set_or_cleared(field: Field, value: &str) -> String {
    match value {
        "" => format!("{} cleared", field.in_words()),
        value => format!("{} set to {value}", field.in_words()),
    }
}

impl Store {
    /// Each of `changes`' fields made exactly its value in the person ("" clears it; a
    /// merge's `to_kith`), inside the change under way: names, a kind's addresses and numbers made exactly the card's (an address
    /// that is someone else's in kith is left theirs and named in the result's
    /// problems), birthday, organization and title (the current job), the note's first
    /// paragraph. Returns what changed, in words ("mobile +351 912 345 678 added").
    pub fn take_card_fields(
        &mut self,
        person: PersonId,
        changes: &[(Field, String)],
    ) -> Result<Taken> {
        self.person(person)?;
        // Each field once (its last value), in `Field`'s order: the organization before
        // the title that goes on its job.
        let mut wanted: Vec<(Field, String)> = Vec::new();
        for (field, value) in changes.iter().rev() {
            if !wanted.iter().any(|(f, _)| f == field) {
                let value = match field.is_list() {
                    true => value.clone(),
                    false => value.trim().to_owned(),
                };
                wanted.push((*field, value));
            }
        }
        wanted.sort_by_key(|(field, _)| *field);
        let mut taken = Taken::default();
        self.take_names(person, &wanted, &mut taken)?;
        self.take_emails(person, &wanted, &mut taken)?;
        self.take_phones(person, &wanted, &mut taken)?;
        let title_taken = wanted.iter().any(|(f, _)| *f == Field::Title);
        for (field, value) in &wanted {
            match field {
                Field::Birthday => self.take_birthday(person, value, &mut taken)?,
                Field::Organization => {
                    self.take_organization(person, value, !title_taken, &mut taken)?;
                }
                Field::Title => self.take_title(person, value, &mut taken)?,
                Field::Note => self.take_note(person, value, &mut taken)?,
                _ => {}
            }
        }
        Ok(taken)
    }

    /// Given, family and shown name together: a card that would leave the person with no
    /// name is not taken. Values are set before fields are cleared, so no step between
    /// leaves them nameless.
    fn take_names(
        &mut self,
        person: PersonId,
        wanted: &[(Field, String)],
        taken: &mut Taken,
    ) -> Result<()> {
        let now = self.person(person)?;
        let (mut given, mut family) = (now.given_name.clone(), now.family_name.clone());
        let mut display = now.display_name.clone().unwrap_or_default();
        let mut edits = Vec::new();
        for (field, value) in wanted {
            let slot = match field {
                Field::GivenName => &mut given,
                Field::FamilyName => &mut family,
                Field::DisplayName => &mut display,
                _ => continue,
            };
            if slot.trim() != value {
                *slot = value.clone();
                edits.push((*field, value.clone()));
            }
        }
        if edits.is_empty() {
            return Ok(());
        }
        if shown_name(&given, &family, Some(&display)).is_empty() {
            let problem = format!("the card has no name: kept “{}”", now.name());
            for (field, _) in edits {
                taken.problem(field, problem.clone());
            }
            taken.problems.dedup();
            return Ok(());
        }
        edits.sort_by_key(|(_, value)| value.is_empty());
        for (field, value) in edits {
            let edit = match field {
                Field::GivenName => PersonField::GivenName(value.clone()),
                Field::FamilyName => PersonField::FamilyName(value.clone()),
                _ => PersonField::DisplayName(Some(value.clone()).filter(|v| !v.is_empty())),
            };
            self.set_person_field(person, edit)?;
            taken.changed.push(set_or_cleared(field, &value));
        }
        Ok(())
    }

    fn take_birthday(&mut self, person: PersonId, value: &str, taken: &mut Taken) -> Result<()> {
        let stored: Option<String> = self.conn.query_row(
            "SELECT birthday FROM people WHERE id = ?1",
            [person.0],
            |row| row.get(0),
        )?;
        if stored.as_deref().unwrap_or("") == value {
            return Ok(());
        }
        if value.is_empty() {
            self.set_birthday(person, None)?;
            taken.changed.push("birthday cleared".into());
            return Ok(());
        }
        match Birthday::parse(value) {
            Ok(birthday) => {
                self.set_birthday(person, Some(birthday))?;
                taken
                    .changed
                    .push(format!("birthday set to {}", birthday.shown()));
            }
            Err(_) => taken.problem(
                Field::Birthday,
                format!("the card's birthday “{value}” can't be read: kept kith's"),
            ),
        }
        Ok(())
    }

    /// The current job's organization: found by name, else created; the job before it
    /// made former (its title carried over when the card's title is not being taken, so
    /// the card's title stays kith's); "" leaves no current job.
    fn take_organization(
        &mut self,
        person: PersonId,
        value: &str,
        carry_title: bool,
        taken: &mut Taken,
    ) -> Result<()> {
        let current = current_job(&self.conn, person)?;
        let now = self.now_text();
        if value.is_empty() {
            if current.is_some() {
                self.conn.execute(
                    "UPDATE employment SET is_current = 0, updated_at = ?2
                     WHERE person_id = ?1 AND is_current = 1",
                    params![person.0, now],
                )?;
                taken.changed.push("organization cleared".into());
            }
            return Ok(());
        }
        if let Some(job) = &current
            && unique_key(&job.name) == unique_key(value)
        {
            return Ok(());
        }
        let organization = ensure_organization(&self.conn, value, &now)?;
        self.conn.execute(
            "UPDATE employment SET is_current = 0, updated_at = ?3
             WHERE person_id = ?1 AND is_current = 1 AND organization_id <> ?2",
            params![person.0, organization.0, now],
        )?;
        self.set_employment(person, organization, None, EmploymentStatus::Current)?;
        if carry_title
            && let Some(CurrentJob {
                title: Some(title), ..
            }) = current
        {
            self.set_job_title(person, organization, Some(&title))?;
        }
        let name = self.organization(organization)?.name;
        taken.changed.push(format!("organization set to {name}"));
        Ok(())
    }

    fn set_job_title(
        &mut self,
        person: PersonId,
        organization: OrganizationId,
        title: Option<&str>,
    ) -> Result<()> {
        let now = self.now_text();
        self.conn.execute(
            "UPDATE employment SET title = ?3, updated_at = ?4
             WHERE person_id = ?1 AND organization_id = ?2 AND title IS NOT ?3",
            params![person.0, organization.0, title, now],
        )?;
        Ok(())
    }

    /// The title on the current job; with none, a title cannot be kept.
    fn take_title(&mut self, person: PersonId, value: &str, taken: &mut Taken) -> Result<()> {
        let Some(CurrentJob {
            organization,
            title,
            ..
        }) = current_job(&self.conn, person)?
        else {
            if !value.is_empty() {
                taken.problem(
                    Field::Title,
                    format!(
                        "title “{value}” not taken: kith keeps a title on a current job, and there is none"
                    ),
                );
            }
            return Ok(());
        };
        if title.as_deref().unwrap_or("") == value {
            return Ok(());
        }
        let title = Some(value).filter(|v| !v.is_empty());
        self.set_job_title(person, organization, title)?;
        taken.changed.push(set_or_cleared(Field::Title, value));
        Ok(())
    }

    /// The note's first paragraph replaced; the rest of the notes kept.
    fn take_note(&mut self, person: PersonId, value: &str, taken: &mut Taken) -> Result<()> {
        let notes = self.person(person)?.notes;
        let (paragraph, rest) = split_note(&notes);
        if paragraph == value {
            return Ok(());
        }
        // The card holds only the paragraph's start: what the phone wrote over it cannot
        // replace a longer paragraph without cutting it, so kith's is kept and said so.
        if paragraph.chars().count() > NOTE_CHARACTERS {
            taken.problems.push(format!(
                "the note's first paragraph is longer in kith ({} characters) than a card holds: kith's is kept",
                paragraph.chars().count()
            ));
            taken.left.push(Field::Note);
            return Ok(());
        }
        let notes = match (value, rest) {
            (value, "") => value.to_owned(),
            ("", rest) => rest.to_owned(),
            (value, rest) => format!("{value}\n\n{rest}"),
        };
        self.set_person_field(person, PersonField::Notes(notes))?;
        taken.changed.push(match value {
            "" => "note cleared".into(),
            _ => "note changed".into(),
        });
        Ok(())
    }
}
