//! Importing a whole batch of people, organizations, addresses and interactions in one
//! transaction (or a dry run: the same work, rolled back). Records already in kith are
//! matched — people by import key, then by address; interactions by calendar event id,
//! then by import key — and never overwritten: an import only adds what is missing.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::completion::{Conflicts, FromFile, add_note_line, complete_matched, complete_title};
use super::emails::ensure_email;
use super::organizations::{ensure_organization, ensure_tag};
use super::people::person_name_key;
use super::{Store, bool_int};
use crate::domain::error::Result;
use crate::domain::model::{
    EmailAddress, EmailKind, InteractionType, InvestorInterest, PersonId, ResponseStatus, Tier,
};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPerson {
    /// Stable across re-imports of the same data ("airtable:jane doe#1").
    pub key: String,
    pub given_name: String,
    pub family_name: String,
    pub display_name: Option<String>,
    pub closeness: Option<Tier>,
    /// The key of the person who introduced them.
    pub introduced_by: Option<String>,
    pub linkedin_url: Option<String>,
    pub location: Option<String>,
    pub notes: String,
    pub tags: Vec<String>,
    /// (address, kind, primary)
    pub emails: Vec<(EmailAddress, EmailKind, bool)>,
    /// (organization name, title, current)
    pub employment: Vec<(String, Option<String>, bool)>,
    /// (number as the file has it, kind: mobile, work, home or other)
    pub phones: Vec<(String, String)>,
    /// As the file writes it (`1985-04-12`, `--04-12`, `12 April`).
    pub birthday: Option<String>,
    /// Other names they go by (a merged record's), for search.
    pub aliases: Vec<String>,
    pub cadence_days: Option<i64>,
    pub archived: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportOrganization {
    pub name: String,
    pub tags: Vec<String>,
    pub investor_interest: InvestorInterest,
    pub notes: String,
    pub domains: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportInteraction {
    pub key: String,
    pub calendar_event_id: Option<String>,
    pub occurred_on: NaiveDate,
    /// The start (RFC 3339, UTC) and time zone of a meeting, when the file has them.
    pub occurred_at: Option<String>,
    pub time_zone: Option<String>,
    pub kind: InteractionType,
    /// The file's word for the type when it is not the type's name ("Dinner" for lunch).
    pub type_word: Option<String>,
    pub title: String,
    pub notes: String,
    pub did_not_happen: bool,
    pub initiated_by_other: bool,
    /// Keys of the people it counts for.
    pub people: Vec<String>,
    /// Attendee addresses with their answers: Airtable's "Missing People" (addresses that
    /// belong to no one yet, accepted) or kith's own "Attendees" column (every one).
    pub attendees: Vec<ImportAttendee>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportAttendee {
    pub address: EmailAddress,
    pub response: ResponseStatus,
    /// Taken off the meeting by the owner (stored as declined).
    pub removed_by_hand: bool,
}

impl ImportAttendee {
    /// An attendee who said yes.
    pub fn accepted(address: EmailAddress) -> ImportAttendee {
        ImportAttendee {
            address,
            response: ResponseStatus::Accepted,
            removed_by_hand: false,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportBatch {
    pub conflicts: Conflicts,
    /// The file's current jobs are where people work now (LinkedIn): a different current
    /// job in kith becomes former instead of staying.
    pub current_jobs_supersede: bool,
    pub organizations: Vec<ImportOrganization>,
    pub people: Vec<ImportPerson>,
    pub interactions: Vec<ImportInteraction>,
    /// Addresses with no person (kept as unknown attendees).
    pub loose_emails: Vec<(EmailAddress, EmailKind)>,
    /// Addresses the owner said are no one (kith's "Ignored" column).
    pub ignored_addresses: Vec<EmailAddress>,
    /// A dated line added to a person's notes (by their key) after what kith has, once
    /// (LinkedIn's "connected on LinkedIn"): notes that have the line already stay.
    pub note_lines: Vec<(String, String)>,
    /// The owner's ignore rules (`*@newsletters.example`).
    pub ignore_rules: Vec<String>,
    /// The name an address goes by (kith's Emails "Display Name"), given to an address
    /// that has none.
    pub address_names: Vec<(EmailAddress, String)>,
}

impl ImportBatch {
    /// Every type word the file used that is not a type's name, with the type it was read
    /// as and how many of its interactions, most used first.
    pub fn type_words(&self) -> Vec<String> {
        let mut counts: Vec<(&str, InteractionType, usize)> = Vec::new();
        for interaction in &self.interactions {
            let Some(word) = interaction.type_word.as_deref() else {
                continue;
            };
            match counts
                .iter_mut()
                .find(|(w, kind, _)| *w == word && *kind == interaction.kind)
            {
                Some((_, _, count)) => *count += 1,
                None => counts.push((word, interaction.kind, 1)),
            }
        }
        counts.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(b.0)));
        counts
            .into_iter()
            .map(|(word, kind, count)| {
                format!(
                    "type {word:?} read as {kind} (the word is kept): {}",
                    crate::domain::text::plural(count, "interaction", "interactions")
                )
            })
            .collect()
    }
}

/// What an import did (or would do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub organizations_created: usize,
    pub people_created: usize,
    pub people_matched: usize,
    pub emails_created: usize,
    pub interactions_created: usize,
    pub interactions_matched: usize,
    pub ignore_rules_created: usize,
    /// For each person matched in kith, each field filled from the file or left as kith
    /// has it: "Pat Lee: location differs: kept \"Austin\" (the file says \"Dallas\")".
    pub fields: Vec<String>,
    /// Each word of the file's that is not a type's name, with the type it was read as
    /// and how many interactions: "type \"Dinner\" read as lunch (the word is kept): 3".
    pub types: Vec<String>,
}

/// Whether to keep what was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Commit {
    Yes,
    DryRun,
}

impl ImportReport {
    /// The one line `kith import` ends with, given how many problems the readers found.
    pub fn summary(&self, problems: usize, commit: Commit) -> String {
        format!(
            "{}: {} people new, {} matched; {} organizations new; {} interactions new, {} matched; {} addresses new; {}{}{}",
            match commit {
                Commit::DryRun => "would import",
                Commit::Yes => "imported",
            },
            self.people_created,
            self.people_matched,
            self.organizations_created,
            self.interactions_created,
            self.interactions_matched,
            self.emails_created,
            match self.ignore_rules_created {
                0 => String::new(),
                rules => format!(
                    "{}; ",
                    crate::domain::text::plural(rules, "ignore rule new", "ignore rules new")
                ),
            },
            crate::domain::text::plural(problems, "problem", "problems"),
            match commit {
                Commit::DryRun => "; nothing was changed",
                Commit::Yes => "",
            }
        )
    }
}

/// The row of `address`, created if new (counting it in `created`).
pub(super) fn ensure_counted(
    tx: &Connection,
    address: &EmailAddress,
    now: &str,
    created: &mut usize,
) -> Result<crate::domain::model::EmailId> {
    let known: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM emails WHERE address = ?1)")?
        .query_row([address.as_str()], |row| row.get(0))?;
    if !known {
        *created += 1;
    }
    ensure_email(tx, address, None, now)
}

fn person_id_by_key(tx: &Connection, key: &str) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached("SELECT id FROM people WHERE import_key = ?1")?
        .query_row([key], |row| row.get(0))
        .optional()
}

fn person_id_by_email(tx: &Connection, address: &EmailAddress) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached("SELECT person_id FROM emails WHERE address = ?1 AND person_id IS NOT NULL")?
        .query_row([address.as_str()], |row| row.get(0))
        .optional()
}

/// How /history names an import: what it created, whom it matched, and what it filled
/// in (the first few fields; the change's rows have every one).
fn import_summary(report: &ImportReport) -> String {
    let mut summary = format!(
        "Import: {} people created, {} matched",
        report.people_created, report.people_matched
    );
    if !report.fields.is_empty() {
        summary.push_str(&format!(
            "; {}",
            crate::domain::text::plural(report.fields.len(), "field", "fields")
        ));
        for field in report.fields.iter().take(3) {
            summary.push_str(&format!(" · {field}"));
        }
    }
    summary
}

impl Store {
    /// Imports a batch in one transaction, recorded as one change (its rows among the
    /// change's, so Undo takes back all of it); with `Commit::DryRun` the same work is
    /// done and rolled back, so the report says exactly what a real run would do.
    pub fn import_batch(&mut self, batch: &ImportBatch, commit: Commit) -> Result<ImportReport> {
        self.begin_change("import")?;
        let mut touched = Vec::new();
        let report = self.import_recorded(batch, commit, &mut touched);
        // A dry run, or a re-import that found everything in kith already, changed nothing.
        let created = report.as_ref().is_ok_and(|r| {
            r.people_created
                + r.organizations_created
                + r.emails_created
                + r.interactions_created
                + r.ignore_rules_created
                > 0
        });
        if !created || commit == Commit::DryRun {
            touched.clear();
        }
        let summary = match &report {
            Ok(report) => import_summary(report),
            Err(_) => "Import (failed)".to_owned(),
        };
        self.finish_change_touching(&summary, &touched, &[])?;
        report
    }

    fn import_recorded(
        &mut self,
        batch: &ImportBatch,
        commit: Commit,
        touched: &mut Vec<PersonId>,
    ) -> Result<ImportReport> {
        let now = self.now_text();
        let tx = self.write()?;
        let mut report = ImportReport {
            types: batch.type_words(),
            ..ImportReport::default()
        };

        for organization in &batch.organizations {
            let existed: bool = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM organizations WHERE name_key = ?1)")?
                .query_row(
                    [super::organizations::unique_key(&organization.name)],
                    |row| row.get(0),
                )?;
            let id = ensure_organization(&tx, &organization.name, &now)?;
            if !existed {
                report.organizations_created += 1;
                tx.prepare_cached(
                    "UPDATE organizations SET investor_interest = ?2, notes = ?3 WHERE id = ?1",
                )?
                .execute(params![
                    id.0,
                    organization.investor_interest.as_str(),
                    organization.notes.trim()
                ])?;
            }
            for tag in &organization.tags {
                let tag = ensure_tag(&tx, tag, &now)?;
                tx.prepare_cached("INSERT INTO organization_tags (organization_id, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?.execute(params![id.0, tag.0])?;
            }
            super::completion::complete_organization(
                &tx,
                (id.0, &organization.name),
                existed,
                organization.notes.trim(),
                &organization.domains,
                &now,
                &mut report.fields,
            )?;
        }

        let note_lines: HashMap<&str, &str> = batch
            .note_lines
            .iter()
            .map(|(key, line)| (key.as_str(), line.as_str()))
            .collect();
        let mut ids: HashMap<&str, i64> = HashMap::new();
        let mut matched: std::collections::HashSet<i64> = std::collections::HashSet::new();
        for person in &batch.people {
            // Companies of a matched person that stay out (kith has another current job).
            let mut kept_jobs: Vec<String> = Vec::new();
            let job_conflicts = if batch.current_jobs_supersede {
                Conflicts::TakeFile
            } else {
                batch.conflicts
            };
            let mut existing = person_id_by_key(&tx, &person.key)?;
            if existing.is_none() {
                for (address, _, _) in &person.emails {
                    if let Some(id) = person_id_by_email(&tx, address)? {
                        existing = Some(id);
                        break;
                    }
                }
            }
            // Then by LinkedIn profile, when exactly one person has it; never by name.
            if existing.is_none()
                && let Some(url) = &person.linkedin_url
            {
                let owners: Vec<i64> = tx
                    .prepare_cached(
                        "SELECT id FROM people
                         WHERE replace(replace(replace(lower(rtrim(linkedin_url, '/')), 'https://', ''), 'http://', ''), 'www.', '')
                             = replace(replace(replace(lower(rtrim(?1, '/')), 'https://', ''), 'http://', ''), 'www.', '')
                         LIMIT 2",
                    )?
                    .query_map([url], |row| row.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                if let [only] = owners.as_slice() {
                    existing = Some(*only);
                }
            }
            let id = match existing {
                Some(id) => {
                    report.people_matched += 1;
                    matched.insert(id);
                    let offered = FromFile {
                        closeness: person.closeness.map(|t| i64::from(t.number())),
                        linkedin_url: person.linkedin_url.as_deref(),
                        location: person.location.as_deref(),
                        notes: &person.notes,
                        companies: person
                            .employment
                            .iter()
                            .filter(|(_, _, current)| *current)
                            .map(|(organization, _, _)| organization.as_str())
                            .collect(),
                    };
                    kept_jobs = complete_matched(
                        &tx,
                        id,
                        &offered,
                        batch.conflicts,
                        job_conflicts,
                        &now,
                        &mut report.fields,
                    )?;
                    tx.prepare_cached(
                        "UPDATE people SET import_key = ?2 WHERE id = ?1 AND import_key IS NULL
                           AND NOT EXISTS (SELECT 1 FROM people WHERE import_key = ?2)",
                    )?
                    .execute(params![id, person.key])?;
                    id
                }
                None => {
                    report.people_created += 1;
                    let display = person.display_name.clone().filter(|d| !d.trim().is_empty());
                    let aliases = person.aliases.join("\n");
                    tx.prepare_cached(
                        "INSERT INTO people (given_name, family_name, display_name, name_key, closeness,
                             linkedin_url, location, notes, import_key, created_at, updated_at,
                             aliases, cadence_days, archived)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12, ?13)",
                    )?
                    .execute(params![
                        person.given_name.trim(),
                        person.family_name.trim(),
                        display,
                        person_name_key(&person.given_name, &person.family_name, display.as_deref(), &aliases),
                        person.closeness.map(|t| t.number()),
                        person.linkedin_url,
                        person.location,
                        person.notes.trim(),
                        person.key,
                        now,
                        aliases,
                        person.cadence_days,
                        bool_int(person.archived),
                    ])?;
                    tx.last_insert_rowid()
                }
            };
            super::import_contact::add_phones(&tx, id, &person.phones, &now)?;
            if let Some(line) = note_lines.get(person.key.as_str()) {
                add_note_line(&tx, id, line, existing.is_some(), &now, &mut report.fields)?;
            }
            if let Some(birthday) = &person.birthday {
                super::completion::complete_birthday(
                    &tx,
                    id,
                    birthday,
                    batch.conflicts,
                    matched.contains(&id),
                    &now,
                    &mut report.fields,
                )?;
            }
            ids.insert(person.key.as_str(), id);
            touched.push(PersonId(id));
            super::import_contact::add_tags(&tx, id, &person.tags, &now)?;
            super::import_contact::link_addresses(
                &tx,
                id,
                &person.emails,
                &now,
                &mut report.emails_created,
            )?;
            for (organization, title, current) in &person.employment {
                if kept_jobs.contains(organization) {
                    continue;
                }
                // An organization first named in a Company cell is created, and counted.
                let existed: bool = tx
                    .prepare_cached(
                        "SELECT EXISTS (SELECT 1 FROM organizations WHERE name_key = ?1)",
                    )?
                    .query_row([super::organizations::unique_key(organization)], |row| {
                        row.get(0)
                    })?;
                let name = organization;
                let organization = ensure_organization(&tx, organization, &now)?;
                if !existed {
                    report.organizations_created += 1;
                }
                let title = match existing {
                    Some(_) if *current => complete_title(
                        &tx,
                        id,
                        (organization.0, name),
                        title.as_deref(),
                        job_conflicts,
                        &mut report.fields,
                    )?,
                    _ => title.clone(),
                };
                // A current job the import keeps is current (again); a former one never
                // demotes what kith has.
                tx.prepare_cached("INSERT INTO employment (id, person_id, organization_id, title, is_current, created_at, updated_at)
                     VALUES ((SELECT id FROM employment WHERE person_id = ?1 AND organization_id = ?2), ?1, ?2, ?3, ?4, ?5, ?5)
                     ON CONFLICT (id) DO UPDATE SET
                         is_current = 1, left_on = NULL, title = coalesce(excluded.title, title),
                         updated_at = excluded.updated_at
                     WHERE excluded.is_current = 1
                       AND (is_current = 0 OR title IS NOT coalesce(excluded.title, title))")?.execute(params![id, organization.0, title, bool_int(*current), now])?;
            }
        }
        for person in &batch.people {
            if let Some(introducer) = person.introduced_by.as_deref().and_then(|key| ids.get(key))
                && let Some(id) = ids.get(person.key.as_str())
                && introducer != id
            {
                let current: Option<i64> = tx.query_row(
                    "SELECT introduced_by FROM people WHERE id = ?1",
                    [id],
                    |row| row.get(0),
                )?;
                let name = |id: i64| -> rusqlite::Result<String> {
                    tx.query_row(
                        concat!("SELECT ", shown_name!(), " FROM people p WHERE p.id = ?1"),
                        [id],
                        |row| row.get(0),
                    )
                };
                match current {
                    None => {
                        tx.prepare_cached("UPDATE people SET introduced_by = ?2 WHERE id = ?1")?
                            .execute(params![id, introducer])?;
                        if matched.contains(id) {
                            report.fields.push(format!(
                                "{}: introduced by — kith has no one, the file says {}: filled",
                                name(*id)?,
                                name(*introducer)?
                            ));
                        }
                    }
                    Some(current) if current != *introducer => {
                        let (kept, other) = match batch.conflicts {
                            Conflicts::KeepKith => (current, *introducer),
                            Conflicts::TakeFile => {
                                tx.prepare_cached(
                                    "UPDATE people SET introduced_by = ?2 WHERE id = ?1",
                                )?
                                .execute(params![id, introducer])?;
                                (*introducer, current)
                            }
                        };
                        report.fields.push(format!(
                            "{}: introduced by differs: {} {} ({} {})",
                            name(*id)?,
                            if batch.conflicts == Conflicts::KeepKith {
                                "kept"
                            } else {
                                "took the file's"
                            },
                            name(kept)?,
                            if batch.conflicts == Conflicts::KeepKith {
                                "the file says"
                            } else {
                                "kith had"
                            },
                            name(other)?
                        ));
                    }
                    Some(_) => {}
                }
            }
        }

        super::import_interactions::import_addresses(&tx, batch, &now, &mut report)?;
        super::import_interactions::import_interactions(&tx, batch, &ids, &now, &mut report)?;
        match commit {
            Commit::Yes => tx.commit()?,
            Commit::DryRun => tx.rollback()?,
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_in_words() {
        let report = ImportReport {
            people_created: 2,
            people_matched: 1,
            organizations_created: 1,
            emails_created: 3,
            interactions_created: 4,
            interactions_matched: 0,
            ignore_rules_created: 0,
            fields: Vec::new(),
            types: Vec::new(),
        };
        assert_eq!(
            report.summary(1, Commit::DryRun),
            "would import: 2 people new, 1 matched; 1 organizations new; 4 interactions new, 0 matched; 3 addresses new; 1 problem; nothing was changed"
        );
        assert!(report.summary(2, Commit::Yes).starts_with("imported: "));
        assert!(report.summary(2, Commit::Yes).ends_with("; 2 problems"));
    }
}
