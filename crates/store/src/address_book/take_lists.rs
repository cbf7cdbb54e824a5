//! Taking a card's addresses and numbers: each kind made exactly the card's. First every
//! item the card has is added (or moved to its kind), then what a kind no longer has is
//! taken off, so an address the phone moved from work to personal is moved, not removed
//! and added again. An address that is someone else's in kith is left theirs.

use rusqlite::params;

use super::Taken;
use crate::{Result, Store};
use kith_domain::card::{Field, PhoneKind};
use kith_domain::model::{EmailAddress, EmailKind, PersonId};

/// The card's items of each list field taken, with `pick` choosing the fields.
fn lists<T>(
    wanted: &[(Field, String)],
    pick: impl Fn(Field) -> Option<T>,
) -> Vec<(Field, T, Vec<String>)> {
    wanted
        .iter()
        .filter_map(|(field, value)| {
            let kind = pick(*field)?;
            let mut items: Vec<String> = value
                .lines()
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .map(str::to_owned)
                .collect();
            items.sort_unstable();
            items.dedup();
            Some((*field, kind, items))
        })
        .collect()
}

impl Store {
    pub(super) fn take_emails(
        &mut self,
        person: PersonId,
        wanted: &[(Field, String)],
        taken: &mut Taken,
    ) -> Result<()> {
        let kinds = lists(wanted, |field| match field {
            Field::Email(kind) => Some(kind),
            _ => None,
        });
        let mut on_card: Vec<(EmailKind, EmailAddress)> = Vec::new();
        for (field, kind, items) in &kinds {
            for item in items {
                match EmailAddress::parse(item) {
                    Ok(address) => on_card.push((*kind, address)),
                    Err(_) => taken.problem(
                        *field,
                        format!(
                            "the card's {} “{item}” is not an address: left out",
                            field.in_words()
                        ),
                    ),
                }
            }
        }
        for (kind, address) in &on_card {
            self.take_email(person, *kind, address, taken)?;
        }
        for (field, kind, _) in &kinds {
            for record in self.emails_of(person)? {
                let kept = on_card
                    .iter()
                    .any(|(k, a)| k == kind && a.as_str() == record.address);
                // An ignored address is no card's: kith's side never shows it, so the
                // card's list never removes it (nor its ignore mark).
                if record.kind == *kind && !kept && !record.ignored {
                    let address = EmailAddress::parse(&record.address)?;
                    self.remove_email(person, &address)?;
                    taken
                        .changed
                        .push(format!("{} {address} removed", field.in_words()));
                }
            }
        }
        Ok(())
    }

    /// One address of the card made the person's, of `kind`.
    fn take_email(
        &mut self,
        person: PersonId,
        kind: EmailKind,
        address: &EmailAddress,
        taken: &mut Taken,
    ) -> Result<()> {
        let field = Field::Email(kind);
        let known = self.email(address)?;
        match known.as_ref().and_then(|record| record.person_id) {
            Some(owner) if owner == person => {
                let record = known.expect("an owned address is known");
                if record.kind == kind && !record.ignored {
                    return Ok(());
                }
                let now = self.now_text();
                self.conn.execute(
                    "UPDATE emails SET kind = ?2, ignored = 0, updated_at = ?3 WHERE id = ?1",
                    params![record.id.0, kind.as_str(), now],
                )?;
            }
            Some(owner) => {
                let owner = self.person(owner)?.name();
                taken.problem(
                    field,
                    format!("{address} is {owner}'s in kith: left theirs"),
                );
                return Ok(());
            }
            None => {
                self.add_email(person, address, kind)?;
            }
        }
        taken
            .changed
            .push(format!("{} {address} added", field.in_words()));
        Ok(())
    }

    pub(super) fn take_phones(
        &mut self,
        person: PersonId,
        wanted: &[(Field, String)],
        taken: &mut Taken,
    ) -> Result<()> {
        let kinds = lists(wanted, |field| match field {
            Field::Phone(kind) => Some(kind),
            _ => None,
        });
        for (field, kind, items) in &kinds {
            for number in items {
                let had = self
                    .phones_of(person)?
                    .into_iter()
                    .find(|p| &p.number == number);
                match had {
                    Some(phone) if phone.kind == kind.as_str() => continue,
                    Some(_) => {
                        self.conn.execute(
                            "UPDATE phones SET kind = ?3 WHERE person_id = ?1 AND number = ?2",
                            params![person.0, number, kind.as_str()],
                        )?;
                    }
                    None => {
                        self.add_phone(person, number, kind.as_str())?;
                    }
                }
                taken
                    .changed
                    .push(format!("{} {number} added", field.in_words()));
            }
        }
        for (field, kind, items) in &kinds {
            for phone in self.phones_of(person)? {
                if PhoneKind::from_stored(&phone.kind) == *kind && !items.contains(&phone.number) {
                    self.remove_phone(person, &phone.number)?;
                    taken
                        .changed
                        .push(format!("{} {} removed", field.in_words(), phone.number));
                }
            }
        }
        Ok(())
    }
}
