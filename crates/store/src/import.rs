//! Importing a whole batch of people, organizations, addresses and interactions in one
//! transaction (or a dry run: the same work, rolled back). Records already in kith are
//! matched — people by import key, then by address; interactions by calendar event id,
//! then by import key — and never overwritten: an import only adds what is missing.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, params};

use super::completion::{Filling, FromFile, add_note_line, complete_matched, complete_title};
use super::import_match::{people_matched, two_people};
use super::organizations::{ensure_organization, ensure_tag};
use super::people::person_name_key;
use super::{Store, bool_int};
use crate::Result;
use kith_domain::actor::Actor;
use kith_domain::import::{
    Commit, Conflicts, ImportBatch, ImportOrganization, ImportPerson, ImportReport,
};
use kith_domain::model::{EmailAddress, PersonId};

/// How /history names an import: what it created, whom it matched, and what it filled
/// in (the first few fields; the change's rows have every one).
fn import_summary(report: &ImportReport) -> String {
    let mut summary = format!(
        "Import: {} created, {} matched",
        kith_domain::text::plural(report.people_created, "person", "people"),
        report.people_matched
    );
    summary.push_str(&super::import_intentions::summary(report));
    if !report.problems.is_empty() {
        summary.push_str(&format!(
            "; {} not imported (each matches two people)",
            kith_domain::text::plural(report.problems.len(), "entry", "entries")
        ));
    }
    if !report.fields.is_empty() {
        summary.push_str(&format!(
            "; {}",
            kith_domain::text::plural(report.fields.len(), "field", "fields")
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
        self.begin_change(Actor::Import)?;
        let mut touched = Vec::new();
        let report = self.import_recorded(batch, commit, &mut touched);
        // A dry run, or a re-import that found everything in kith already, changed nothing.
        let created = report.as_ref().is_ok_and(|r| {
            r.people_created
                + r.organizations_created
                + r.emails_created
                + r.interactions_created
                + r.ignore_rules_created
                + r.intentions_created
                > 0
        });
        if !created || commit == Commit::DryRun {
            touched.clear();
        }
        let summary = match &report {
            Ok(report) => import_summary(report),
            Err(_) => "Import (failed)".to_owned(),
        };
        let mut report = report;
        if commit == Commit::Yes
            && let Ok(report) = &mut report
        {
            report.interactions_created += self.adopt_imported_partners(batch)?;
        }
        self.finish_change_touching(&summary, &touched, &[])?;
        report
    }

    /// One contact (a contact shared to the bot) applied as an import's entry is, inside
    /// the change under way (the chat's, so its answer carries **Undo**): matched by its
    /// Telegram account, phone numbers or addresses — never by name — then completed, or
    /// created. An entry matching two people changes nothing (the report's problem).
    pub fn apply_contact(&mut self, person: &ImportPerson) -> Result<ImportReport> {
        let batch = ImportBatch {
            people: vec![person.clone()],
            ..ImportBatch::default()
        };
        let mut report = self.import_recorded(&batch, Commit::Yes, &mut Vec::new())?;
        report.interactions_created += self.adopt_imported_partners(&batch)?;
        Ok(report)
    }

    /// Who in kith an entry is, as an import would match it (one person, or two or more
    /// it would be applied to none of), each with the first thing that said so (an
    /// address, a number, "the same Telegram account"); nothing is written.
    pub fn people_matching(&self, person: &ImportPerson) -> Result<Vec<(PersonId, String)>> {
        Ok(people_matched(&self.conn, person)?
            .into_iter()
            .map(|owner| (PersonId(owner.id), owner.by.join(", ")))
            .collect())
    }

    /// The chat days that waited for a Telegram id the batch gave someone are theirs;
    /// returns how many were logged.
    fn adopt_imported_partners(&mut self, batch: &ImportBatch) -> Result<usize> {
        let mut logged = 0;
        for telegram_id in batch.people.iter().filter_map(|p| p.telegram_id) {
            if let Some(person) = self.person_by_telegram_id(telegram_id)? {
                logged += self.adopt_partner(telegram_id, person)?;
            }
        }
        Ok(logged)
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
        let run = Run {
            tx: &tx,
            batch,
            now: &now,
        };

        for organization in &batch.organizations {
            import_organization(&run, organization, &mut report)?;
        }

        let note_lines = note_lines_by_key(batch);
        let mut people = People::default();
        for person in &batch.people {
            if let Some(id) = import_person(&run, person, &note_lines, &mut people, &mut report)? {
                touched.push(PersonId(id));
            }
        }
        for person in &batch.people {
            if let Some(introducer) = person
                .introduced_by
                .as_deref()
                .and_then(|key| people.ids.get(key))
                && let Some(id) = people.ids.get(person.key.as_str())
                && introducer != id
            {
                set_introducer(&run, *id, *introducer, &people.matched, &mut report)?;
            }
        }

        super::import_interactions::import_addresses(
            &tx,
            batch,
            &people.refused,
            &now,
            &mut report,
        )?;
        super::import_interactions::import_interactions(
            &tx,
            batch,
            &people.ids,
            &now,
            &mut report,
        )?;
        super::import_intentions::import_intentions(&tx, batch, &people.ids, &now, &mut report)?;
        match commit {
            Commit::Yes => tx.commit()?,
            Commit::DryRun => tx.rollback()?,
        }
        Ok(report)
    }
}

/// An import under way: its transaction, its batch, and the time it writes.
struct Run<'a> {
    tx: &'a Connection,
    batch: &'a ImportBatch,
    now: &'a str,
}

impl<'a> Run<'a> {
    /// What a completion writes with: this run's transaction and time, and `fields`.
    fn filling<'f>(&self, fields: &'f mut Vec<String>) -> Filling<'f>
    where
        'a: 'f,
    {
        Filling {
            tx: self.tx,
            now: self.now,
            fields,
        }
    }

    /// How a matched person's current jobs meet the file's: the file's win when its
    /// current jobs are where people work now (LinkedIn).
    fn job_conflicts(&self) -> Conflicts {
        if self.batch.current_jobs_supersede {
            Conflicts::TakeFile
        } else {
            self.batch.conflicts
        }
    }
}

/// What the batch's people leave for the steps after them.
#[derive(Default)]
struct People<'a> {
    /// The person in kith of each entry applied, by the entry's key.
    ids: HashMap<&'a str, i64>,
    /// The people in kith an entry matched.
    matched: HashSet<i64>,
    /// The addresses of entries not applied (they match two people): nothing of theirs.
    refused: HashSet<&'a EmailAddress>,
}

/// Whether an organization named `name` is in kith already.
fn organization_exists(tx: &Connection, name: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM organizations WHERE name_key = ?1)")?
        .query_row([super::organizations::unique_key(name)], |row| row.get(0))?)
}

/// One organization of the file: created with its interest and notes when new, given
/// its tags, and what kith lacks of it filled in.
fn import_organization(
    run: &Run,
    organization: &ImportOrganization,
    report: &mut ImportReport,
) -> Result<()> {
    let tx = run.tx;
    let existed = organization_exists(tx, &organization.name)?;
    let id = ensure_organization(tx, &organization.name, run.now)?;
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
        let tag = ensure_tag(tx, tag, run.now)?;
        tx.prepare_cached("INSERT INTO organization_tags (organization_id, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?.execute(params![id.0, tag.0])?;
    }
    super::completion::complete_organization(
        &mut run.filling(&mut report.fields),
        (id.0, &organization.name),
        existed,
        organization.notes.trim(),
        &organization.domains,
    )?;
    Ok(())
}

/// The dated lines the batch adds to people's notes, by the person's key, in file order.
fn note_lines_by_key(batch: &ImportBatch) -> HashMap<&str, Vec<&str>> {
    let mut note_lines: HashMap<&str, Vec<&str>> = HashMap::new();
    for (key, line) in &batch.note_lines {
        note_lines
            .entry(key.as_str())
            .or_default()
            .push(line.as_str());
    }
    note_lines
}

/// One entry of the file: matched to the one person in kith it is (and what kith lacks
/// filled in) or created, then given its phones, note lines, birthday, tags, addresses
/// and jobs. Returns the person's id, or `None` for an entry that matches two or more
/// people, which is applied to none of them and said so.
fn import_person<'a>(
    run: &Run,
    person: &'a ImportPerson,
    note_lines: &HashMap<&str, Vec<&str>>,
    people: &mut People<'a>,
    report: &mut ImportReport,
) -> Result<Option<i64>> {
    let tx = run.tx;
    // Never one of two: an entry whose id, addresses or profile belong to two or
    // more people in kith is applied to none of them, and said so.
    let owners = people_matched(tx, person)?;
    if owners.len() > 1 {
        report
            .problems
            .push(two_people(tx, run.batch, person, &owners)?);
        people
            .refused
            .extend(person.emails.iter().map(|(address, _, _)| address));
        return Ok(None);
    }
    let existing = owners.first().map(|owner| owner.id);
    // Companies of a matched person that stay out (kith has another current job).
    let (id, kept_jobs) = match existing {
        Some(id) => {
            report.people_matched += 1;
            people.matched.insert(id);
            (id, complete_person(run, id, person, report)?)
        }
        None => {
            report.people_created += 1;
            (insert_person(run, person)?, Vec::new())
        }
    };
    super::import_contact::add_phones(tx, id, &person.phones, run.now)?;
    for line in note_lines.get(person.key.as_str()).into_iter().flatten() {
        add_note_line(
            tx,
            id,
            line,
            existing.is_some(),
            run.now,
            &mut report.fields,
        )?;
    }
    if let Some(birthday) = &person.birthday {
        super::completion::complete_birthday(
            &mut run.filling(&mut report.fields),
            id,
            birthday,
            run.batch.conflicts,
            people.matched.contains(&id),
        )?;
    }
    people.ids.insert(person.key.as_str(), id);
    super::import_contact::add_tags(tx, id, &person.tags, run.now)?;
    super::import_contact::link_addresses(
        tx,
        id,
        &person.emails,
        run.now,
        &mut report.emails_created,
    )?;
    let job = Job {
        id,
        matched: existing.is_some(),
        kept_jobs: &kept_jobs,
    };
    add_jobs(run, &job, person, report)?;
    Ok(Some(id))
}

/// A matched person (`id`) given what kith lacks of the entry, and the entry's key when
/// they have none (and no one else has it). Returns the companies that stay out.
fn complete_person(
    run: &Run,
    id: i64,
    person: &ImportPerson,
    report: &mut ImportReport,
) -> Result<Vec<String>> {
    let tx = run.tx;
    let offered = FromFile {
        closeness: person.closeness.map(|t| i64::from(t.number())),
        linkedin_url: person.linkedin_url.as_deref(),
        location: person.location.as_deref(),
        notes: &person.notes,
        companies: person
            .employment
            .iter()
            .filter(|(_, _, current)| *current)
            .map(|(organization, title, _)| (organization.as_str(), title.as_deref()))
            .collect(),
        names: person.names(),
    };
    let kept_jobs = complete_matched(
        &mut run.filling(&mut report.fields),
        id,
        &offered,
        run.batch.conflicts,
        run.job_conflicts(),
    )?;
    super::telegram_identity::complete_telegram(
        &mut run.filling(&mut report.fields),
        id,
        person,
        run.batch.conflicts,
    )?;
    if !person.key.is_empty() {
        tx.prepare_cached(
            "UPDATE people SET import_key = ?2 WHERE id = ?1 AND import_key IS NULL
               AND NOT EXISTS (SELECT 1 FROM people WHERE import_key = ?2)",
        )?
        .execute(params![id, person.key])?;
    }
    Ok(kept_jobs)
}

/// A new person from the entry; returns their id.
fn insert_person(run: &Run, person: &ImportPerson) -> Result<i64> {
    let tx = run.tx;
    let display = person.display_name.clone().filter(|d| !d.trim().is_empty());
    let aliases = person.aliases.join("\n");
    tx.prepare_cached(
        "INSERT INTO people (given_name, family_name, display_name, name_key, closeness,
             linkedin_url, location, notes, import_key, created_at, updated_at,
             aliases, cadence_days, archived, telegram_id, telegram_username)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        person.given_name.trim(),
        person.family_name.trim(),
        display,
        person_name_key(
            &person.given_name,
            &person.family_name,
            display.as_deref(),
            &aliases
        ),
        person.closeness.map(|t| t.number()),
        person.linkedin_url,
        person.location,
        person.notes.trim(),
        Some(&person.key).filter(|key| !key.is_empty()),
        run.now,
        aliases,
        person.cadence_days,
        bool_int(person.archived),
        // No one has them: the entry would have matched them.
        person.telegram_id,
        person.telegram_username,
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Whose jobs `add_jobs` writes: the person, whether kith had them already, and the
/// companies of theirs that stay out.
struct Job<'a> {
    id: i64,
    matched: bool,
    kept_jobs: &'a [String],
}

/// The entry's jobs, but those that stay out: each organization created when new (and
/// counted), a matched person's current title completed, the job written.
fn add_jobs(run: &Run, job: &Job, person: &ImportPerson, report: &mut ImportReport) -> Result<()> {
    let tx = run.tx;
    let id = job.id;
    for (organization, title, current) in &person.employment {
        if job.kept_jobs.contains(organization) {
            continue;
        }
        // An organization first named in a Company cell is created, and counted.
        let existed = organization_exists(tx, organization)?;
        let name = organization;
        let organization = ensure_organization(tx, organization, run.now)?;
        if !existed {
            report.organizations_created += 1;
        }
        let title = if job.matched && *current {
            complete_title(
                tx,
                id,
                (organization.0, name),
                title.as_deref(),
                run.job_conflicts(),
                &mut report.fields,
            )?
        } else {
            title.clone()
        };
        // A current job the import keeps is current (again); a former one never
        // demotes what kith has.
        tx.prepare_cached("INSERT INTO employment (id, person_id, organization_id, title, is_current, created_at, updated_at)
             VALUES ((SELECT id FROM employment WHERE person_id = ?1 AND organization_id = ?2), ?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (id) DO UPDATE SET
                 is_current = 1, left_on = NULL, title = coalesce(excluded.title, title),
                 updated_at = excluded.updated_at
             WHERE excluded.is_current = 1
               AND (is_current = 0 OR title IS NOT coalesce(excluded.title, title))")?.execute(params![id, organization.0, title, bool_int(*current), run.now])?;
    }
    Ok(())
}

/// The file's introducer (`introducer`) of a person in kith (`id`): set when kith has
/// none (said so for a matched person); when kith has another, kept or taken as the
/// batch says, and said so.
fn set_introducer(
    run: &Run,
    id: i64,
    introducer: i64,
    matched: &HashSet<i64>,
    report: &mut ImportReport,
) -> Result<()> {
    let tx = run.tx;
    let conflicts = run.batch.conflicts;
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
            if matched.contains(&id) {
                report.fields.push(format!(
                    "{}: introduced by — kith has no one, the file says {}: filled",
                    name(id)?,
                    name(introducer)?
                ));
            }
        }
        Some(current) if current != introducer => {
            let (kept, other) = match conflicts {
                Conflicts::KeepKith => (current, introducer),
                Conflicts::TakeFile => {
                    tx.prepare_cached("UPDATE people SET introduced_by = ?2 WHERE id = ?1")?
                        .execute(params![id, introducer])?;
                    (introducer, current)
                }
            };
            report.fields.push(format!(
                "{}: introduced by differs: {} {} ({} {})",
                name(id)?,
                if conflicts == Conflicts::KeepKith {
                    "kept"
                } else {
                    "took the file's"
                },
                name(kept)?,
                if conflicts == Conflicts::KeepKith {
                    "the file says"
                } else {
                    "kith had"
                },
                name(other)?
            ));
        }
        Some(_) => {}
    }
    Ok(())
}
