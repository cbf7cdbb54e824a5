//! Triage of an unknown address (from the digest, a brief or /unknown): the suggested
//! people, **Link to**, **Link to…** (a typed name), **Create** with a name and an
//! organization from the address, **Ignore** and **Ignore @domain**.

use super::callback::Callback;
use super::questions::{self, Question};
use super::reply::{Reply, Subject};
use super::widgets::{button, no_more, page_note, pager, past, truncate, unknown_attendees_button};
use super::{Context, Engine, PAGE_SIZE};
use kith_domain::error::Refusal;
use kith_domain::model::{EmailAddress, EmailId, EmailKind, PersonId, is_free_mail};
use kith_domain::rank::MatchTarget;
use kith_domain::text;
use kith_store::Error;
use kith_store::NewPerson;
use kith_store::{EmploymentStatus, UnknownAttendee};

/// One unknown attendee with what triage needs.
#[derive(Clone, Debug, PartialEq)]
pub struct DigestUnknown {
    pub attendee: UnknownAttendee,
    pub suggestions: Vec<(PersonId, String)>,
    /// The name "Create contact" would give, and the organization it would join.
    pub create_name: String,
    pub create_organization: Option<String>,
    pub free_mail: bool,
}

/// One unknown attendee with its triage buttons (the digest's and a brief's).
pub(super) fn unknown_message(unknown: &DigestUnknown) -> Reply {
    let attendee = &unknown.attendee;
    let name = attendee
        .display_name
        .as_deref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    let last = attendee
        .last_seen
        .map(|d| format!(", last {d}"))
        .unwrap_or_default();
    let mut reply = Reply::text(format!(
        "{}{name} — {}{last}",
        attendee.address,
        kith_domain::text::seen_count(attendee.meetings as usize, attendee.emails as usize)
    ));
    let email = attendee.email_id;
    for (person, label) in &unknown.suggestions {
        reply = reply.with_row(vec![button(
            format!("Link to {label}"),
            Callback::LinkTo {
                email,
                person: *person,
            },
        )]);
    }
    let create = match &unknown.create_organization {
        Some(organization) => format!("Create {} at {organization}", unknown.create_name),
        None => format!("Create {}", unknown.create_name),
    };
    reply = reply.with_row(vec![
        button("Link to…", Callback::LinkStart(email)),
        button(truncate(&create, 40), Callback::Create(email)),
    ]);
    let mut ignore = vec![button("Ignore", Callback::Ignore(email))];
    if !unknown.free_mail {
        let domain = attendee.address.split_once('@').map_or("", |(_, d)| d);
        ignore.push(button(
            truncate(&format!("Ignore @{domain}"), 40),
            Callback::IgnoreDomain(email),
        ));
    }
    reply.with_row(ignore)
}

/// The notice for a press on an address that someone has meanwhile: the same sentence
/// as the error a command meets.
fn already_belongs(address: &str, owner: String) -> Reply {
    Reply::notice(format!(
        "{}.",
        Error::from(Refusal::EmailTaken {
            address: address.to_owned(),
            owner,
        })
    ))
}

impl Engine<'_> {
    /// The notice for a press on an address that belongs to someone by now, if it does.
    fn taken(&self, record: &kith_store::EmailRecord) -> Result<Option<Reply>, Error> {
        match record.person_id {
            Some(owner) => Ok(Some(already_belongs(
                &record.address,
                self.store.person(owner)?.name(),
            ))),
            None => Ok(None),
        }
    }

    /// What the triage buttons of one unknown attendee need (an address the database
    /// holds is triaged as it is, even one a stricter rule would refuse today).
    pub(super) fn triage(&self, attendee: UnknownAttendee) -> Result<Option<DigestUnknown>, Error> {
        let address = EmailAddress::stored(&attendee.address);
        let free_mail = is_free_mail(address.domain());
        let create_organization = if free_mail {
            None
        } else {
            self.store
                .organization_by_domain(address.domain())?
                .map(|o| o.name)
        };
        // Two people of the same name are told apart by where they work or their address.
        let found = self.suggestions(attendee.display_name.as_deref(), &address)?;
        let labels = self.person_labels(&found, true)?;
        let suggestions = found
            .into_iter()
            .map(|(id, _)| id)
            .zip(labels)
            .collect::<Vec<_>>();
        Ok(Some(DigestUnknown {
            suggestions,
            create_name: contact_name(attendee.display_name.as_deref(), &address),
            create_organization,
            free_mail,
            attendee,
        }))
    }
}

/// How many people an unknown address suggests linking to.
const SUGGESTIONS: usize = 3;

impl Engine<'_> {
    /// Link ▸ on an unknown address: up to three suggested people, or type a name.
    pub(super) fn link_start(&mut self, context: Context, email: EmailId) -> Result<Reply, Error> {
        let record = self.store.email_by_id(email)?;
        if let Some(notice) = self.taken(&record)? {
            return Ok(notice);
        }
        let address = EmailAddress::stored(&record.address);
        let mut reply = questions::ask(
            self.store,
            context,
            &Question::LinkName { email },
            format!("Who is {}? Type their name, or pick:", record.address),
        )?;
        let suggestions = self.suggestions(record.display_name.as_deref(), &address)?;
        let cancel = reply.buttons.pop();
        let labels = self.person_labels(&suggestions, true)?;
        for ((person, _), name) in suggestions.into_iter().zip(labels) {
            reply = reply.with_row(vec![button(
                format!("Link to {name}"),
                Callback::LinkTo { email, person },
            )]);
        }
        reply = reply.with_row(vec![button("Create contact", Callback::Create(email))]);
        if let Some(cancel) = cancel {
            reply.buttons.push(cancel);
        }
        Ok(reply)
    }

    /// People whose name is close to the calendar display name or the address's local part.
    pub(super) fn suggestions(
        &self,
        display_name: Option<&str>,
        address: &EmailAddress,
    ) -> Result<Vec<(PersonId, String)>, Error> {
        // Someone who works where the address's domain belongs is the likelier match.
        let employer = if is_free_mail(address.domain()) {
            None
        } else {
            self.store
                .organization_by_domain(address.domain())?
                .map(|o| o.id)
        };
        let mut scored: Vec<(PersonId, String, f64)> = Vec::new();
        let queries = display_name
            .into_iter()
            .chain(std::iter::once(address.local_part()));
        for query in queries {
            for hit in self.store.find_people_by_name(query, 10)? {
                let MatchTarget::Person(id) = hit.target else {
                    continue;
                };
                if hit.reason != kith_domain::rank::MatchReason::Name {
                    continue;
                }
                let works_there = match employer {
                    Some(organization) => self.store.employment_of(id)?.iter().any(|e| {
                        e.organization_id == organization && e.status == EmploymentStatus::Current
                    }),
                    None => false,
                };
                let score = hit.score + if works_there { 0.05 } else { 0.0 };
                match scored.iter_mut().find(|(known, _, _)| *known == id) {
                    Some(existing) => existing.2 = existing.2.max(score),
                    None => scored.push((id, hit.label, score)),
                }
            }
        }
        scored.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
        scored.truncate(SUGGESTIONS);
        Ok(scored.into_iter().map(|(id, name, _)| (id, name)).collect())
    }

    pub(super) fn link_to(
        &mut self,
        context: Context,
        email: EmailId,
        person: PersonId,
    ) -> Result<Reply, Error> {
        let record = self.store.email_by_id(email)?;
        self.store.person(person)?;
        match record.person_id {
            Some(owner) if owner == person => {
                let name = self.store.person(owner)?.name();
                Ok(Reply::notice(format!(
                    "{} is already linked to {name}.",
                    record.address
                )))
            }
            Some(owner) => Ok(already_belongs(
                &record.address,
                self.store.person(owner)?.name(),
            )),
            None => {
                self.store.clear_chat_state(context.chat)?;
                self.link(context, &record.address, person)
            }
        }
    }

    /// Create contact: a person named from the calendar name or the address, at the
    /// organization that owns the address's domain (never a free-mail one).
    pub(super) fn create_from_unknown(
        &mut self,
        context: Context,
        email: EmailId,
    ) -> Result<Reply, Error> {
        let record = self.store.email_by_id(email)?;
        if let Some(notice) = self.taken(&record)? {
            return Ok(notice);
        }
        let address = EmailAddress::stored(&record.address);
        let name = contact_name(record.display_name.as_deref(), &address);
        let kind = if is_free_mail(address.domain()) {
            EmailKind::Personal
        } else {
            EmailKind::Work
        };
        let mut new = NewPerson::named(&name);
        new.emails.push((address.clone(), kind));
        let organization = if is_free_mail(address.domain()) {
            None
        } else {
            self.store.organization_by_domain(address.domain())?
        };
        new.current_organization = organization.as_ref().map(|o| o.id);
        let id = self.store.create_person(&new)?;
        let same_name = self.same_name(id)?;
        self.store.clear_chat_state(context.chat)?;
        let linked = past(self.store.tally_of(id)?);
        let at = organization
            .map(|o| format!(" at {}", o.name))
            .unwrap_or_default();
        let reply = Reply::text(format!(
            "✓ {name} created{at} from {address} — {linked} linked."
        ))
        .about(Subject::Person(id))
        .with_row(vec![
            button(format!("{name} ▸"), Callback::Person(id)),
            unknown_attendees_button(),
        ]);
        self.note_same_name(reply, &same_name)
    }

    pub(super) fn ignore_address(&mut self, email: EmailId) -> Result<Reply, Error> {
        let record = self.store.email_by_id(email)?;
        if let Some(owner) = record.person_id {
            let name = self.store.person(owner)?.name();
            return Ok(Reply::notice(format!(
                "{} belongs to {name}; it is not ignored.",
                record.address
            )));
        }
        let address = EmailAddress::stored(&record.address);
        self.store.set_email_ignored(&address, true)?;
        Ok(
            Reply::text(format!("Ignored {address}: it won't be asked about again."))
                .with_row(vec![unknown_attendees_button()]),
        )
    }

    pub(super) fn ignore_domain(&mut self, email: EmailId) -> Result<Reply, Error> {
        let record = self.store.email_by_id(email)?;
        let address = EmailAddress::stored(&record.address);
        if is_free_mail(address.domain()) {
            return Ok(Reply::notice(format!(
                "{} is a free-mail domain shared by many real people; ignore the address instead.",
                address.domain()
            )));
        }
        let pattern = self
            .store
            .add_ignore_rule(&format!("*@{}", address.domain()))?;
        Ok(
            Reply::text(format!("Ignored every address matching {pattern}."))
                .with_row(vec![unknown_attendees_button()]),
        )
    }
}

/// "Jane Doe" from the calendar's or the mail's name when it is a name ("Doe, Jane" as
/// mail directories write it reads "Jane Doe"), else from "jane.doe@…".
pub fn contact_name(display_name: Option<&str>, address: &EmailAddress) -> String {
    let display = display_name
        .map(str::trim)
        .filter(|d| !d.is_empty() && !d.contains('@'));
    match display {
        Some(name) => match name.split_once(',') {
            Some((family, given))
                if !given.contains(',')
                    && !given.trim().is_empty()
                    && !family.trim().is_empty()
                    && !family.trim().contains(' ')
                    && !is_company_suffix(given) =>
            {
                truncate(&format!("{} {}", given.trim(), family.trim()), 100)
            }
            _ => truncate(name, 100),
        },
        None => {
            let local = address.local_part().split('+').next().unwrap_or_default();
            let name = text::title_case(&local.replace(['-', '_'], " ").replace('.', " "));
            if name.is_empty() {
                address.to_string()
            } else {
                name
            }
        }
    }
}

/// "Inc.", "GmbH": the end of a company's name, not a given name after a comma.
fn is_company_suffix(text: &str) -> bool {
    let word = text.trim().trim_end_matches('.').to_lowercase();
    [
        "inc", "llc", "ltd", "gmbh", "ag", "co", "corp", "sa", "bv", "plc", "srl",
    ]
    .contains(&word.as_str())
}

impl Engine<'_> {
    /// `/ignored`: the addresses and rules the owner ignored, each with **Unignore**.
    pub(super) fn ignored_page(&self, offset: usize) -> Result<Reply, Error> {
        let (entries, total) = self.store.ignored_entries(PAGE_SIZE, offset)?;
        if total == 0 {
            return Ok(Reply::text(
                "Nothing is ignored. Ignore an unknown address from /unknown or the digest.",
            ));
        }
        if entries.is_empty() && offset > 0 {
            return Ok(no_more(total, Callback::Ignored { offset: 0 }));
        }
        let mut lines = Vec::new();
        let mut reply = Reply::titled("Ignored", String::new());
        for entry in &entries {
            match entry {
                kith_store::Ignored::Address {
                    id,
                    address,
                    attended,
                } => {
                    lines.push(format!("{address} — {attended}"));
                    reply = reply.with_row(vec![button(
                        truncate(&format!("Unignore {address}"), 60),
                        Callback::UnignoreEmail(*id),
                    )]);
                }
                kith_store::Ignored::Rule { pattern } => {
                    lines.push(format!("{pattern} (every address like it)"));
                    reply = reply.with_row(vec![button(
                        truncate(&format!("Unignore {pattern}"), 60),
                        Callback::UnignoreRule(rule_fingerprint(pattern)),
                    )]);
                }
            }
        }
        reply.body = lines.join("\n") + &page_note(offset, entries.len(), total);
        Ok(reply.with_row(pager(offset, PAGE_SIZE, total, |offset| {
            Callback::Ignored { offset }
        })))
    }

    pub(super) fn unignore_email(&mut self, email: EmailId) -> Result<Reply, Error> {
        let record = self.store.email_by_id(email)?;
        if !record.ignored {
            return Ok(Reply::expired());
        }
        let address = EmailAddress::stored(&record.address);
        self.store.set_email_ignored(&address, false)?;
        Ok(self.unignored(&address.to_string()))
    }

    pub(super) fn unignore_rule(&mut self, fingerprint: u32) -> Result<Reply, Error> {
        let rules = self.store.ignore_rules()?;
        let Some((pattern, _)) = rules
            .into_iter()
            .find(|(pattern, builtin)| !builtin && rule_fingerprint(pattern) == fingerprint)
        else {
            return Ok(Reply::expired());
        };
        self.store.remove_ignore_rule(&pattern)?;
        Ok(self.unignored(&pattern))
    }

    /// `/unignore ADDRESS` or `/unignore @domain`.
    pub(super) fn unignore_text(&mut self, text: &str) -> Result<Reply, Error> {
        let text = text.trim();
        if let Ok(address) = EmailAddress::parse(text)
            && self.store.email(&address)?.is_some_and(|r| r.ignored)
        {
            self.store.set_email_ignored(&address, false)?;
            return Ok(self.unignored(&address.to_string()));
        }
        let pattern = kith_store::normalize_ignore_pattern(text)?;
        if self.store.remove_ignore_rule(&pattern)? {
            return Ok(self.unignored(&pattern));
        }
        Ok(Reply::text(format!(
            "{text} is not ignored. /ignored lists what is, each with Unignore."
        )))
    }

    fn unignored(&self, what: &str) -> Reply {
        Reply::text(format!(
            "{what} is no longer ignored: its meetings are kept, and unknown addresses come back to /unknown."
        ))
        .with_row(vec![unknown_attendees_button()])
    }
}

/// A short, stable name for an ignore rule in a button (FNV-1a of its pattern).
fn rule_fingerprint(pattern: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in pattern.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_name_reads_family_comma_given_the_right_way_round() {
        let address = EmailAddress::parse("k.hoerst@invalid.example").unwrap();
        let name = |display: &str| contact_name(Some(display), &address);
        assert_eq!(name("Hörst, Kenny"), "Kenny Hörst");
        assert_eq!(name("Jane Doe"), "Jane Doe");
        assert_eq!(name("ACME, Inc."), "ACME, Inc.");
        assert_eq!(name("van der Berg, Anna"), "van der Berg, Anna");
        assert_eq!(name("Doe, Jane, PhD"), "Doe, Jane, PhD");
        assert_eq!(contact_name(None, &address), "K Hoerst");
    }
}
