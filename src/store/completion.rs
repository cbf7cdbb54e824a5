//! Completing a record kith has from an imported one: each field kith has empty is filled
//! from the file, each that differs stays as kith has it (or takes the file's, with
//! `--prefer-file`), and every one of these is listed in the import's report, per field.

use rusqlite::{Connection, params};

use crate::domain::error::Result;

/// When a matched record and the file disagree on a field, whose value stays.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Conflicts {
    /// What kith has stays (the default); the difference is listed in the report.
    #[default]
    KeepKith,
    /// The file's value replaces kith's (`--prefer-file`); listed too.
    TakeFile,
}

/// What a file says of someone kith has.
pub(super) struct FromFile<'a> {
    pub closeness: Option<i64>,
    pub linkedin_url: Option<&'a str>,
    pub location: Option<&'a str>,
    pub notes: &'a str,
    /// Where they work now, as the file says.
    pub companies: Vec<&'a str>,
}

/// A matched person completed from the file: each field kith has empty is filled; each
/// that differs stays as kith has it (or, with `TakeFile`, takes the file's), and every
/// one of these is listed in `fields`. `job_conflicts` decides a differing current job.
pub(super) fn complete_matched(
    tx: &Connection,
    id: i64,
    person: &FromFile<'_>,
    conflicts: Conflicts,
    job_conflicts: Conflicts,
    now: &str,
    fields: &mut Vec<String>,
) -> Result<Vec<String>> {
    let mut kept_out = Vec::new();
    let (name, tier, linkedin, location, notes): (
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
        String,
    ) = tx.query_row(
        concat!(
            "SELECT ",
            shown_name!(),
            ", p.closeness, p.linkedin_url, p.location, p.notes FROM people p WHERE p.id = ?1"
        ),
        [id],
        |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        },
    )?;
    let tier_text = |t: Option<i64>| t.map(|t| format!("tier {t}"));
    let wanted = [
        (
            "tier",
            "closeness",
            tier_text(tier),
            tier_text(person.closeness),
        ),
        (
            "LinkedIn",
            "linkedin_url",
            linkedin,
            person.linkedin_url.map(str::to_owned),
        ),
        (
            "location",
            "location",
            location,
            person.location.map(str::to_owned),
        ),
        (
            "notes",
            "notes",
            Some(notes).filter(|n| !n.trim().is_empty()),
            Some(person.notes.trim().to_owned()).filter(|n| !n.is_empty()),
        ),
    ];
    for (label, column, kith, file) in wanted {
        let Some(file) = file else { continue };
        let take = match &kith {
            None => {
                fields.push(format!(
                    "{name}: {label} — kith has none, the file says {file:?}: filled"
                ));
                true
            }
            Some(kith) if *kith == file => false,
            // One profile spelled two ways (http, www., a trailing slash, capitals).
            Some(kith) if column == "linkedin_url" && profile_key(kith) == profile_key(&file) => {
                false
            }
            Some(kith) => match conflicts {
                Conflicts::KeepKith => {
                    fields.push(format!(
                        "{name}: {label} differs: kept {kith:?} (the file says {file:?})"
                    ));
                    false
                }
                Conflicts::TakeFile => {
                    fields.push(format!(
                        "{name}: {label} differs: took the file's {file:?} (kith had {kith:?})"
                    ));
                    true
                }
            },
        };
        if take {
            let value: rusqlite::types::Value = if column == "closeness" {
                person.closeness.into()
            } else if column == "linkedin_url" {
                person.linkedin_url.map(str::to_owned).into()
            } else if column == "location" {
                person.location.map(str::to_owned).into()
            } else {
                person.notes.trim().to_owned().into()
            };
            tx.execute(
                &format!("UPDATE people SET {column} = ?2, updated_at = ?3 WHERE id = ?1"),
                params![id, value, now],
            )?;
        }
    }
    // Where they work: a company kith has no job for them at is added when they have no
    // current job in kith; beside a different current job it is listed, not added.
    for organization in &person.companies {
        let jobs: Vec<String> = tx
            .prepare_cached(
                "SELECT o.name FROM employment e JOIN organizations o ON o.id = e.organization_id
                 WHERE e.person_id = ?1 AND e.is_current = 1 ORDER BY o.name",
            )?
            .query_map([id], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let key = super::organizations::unique_key(organization);
        if jobs
            .iter()
            .any(|j| super::organizations::unique_key(j) == key)
        {
            continue;
        }
        if jobs.is_empty() {
            fields.push(format!(
                "{name}: company — kith has none, the file says {organization:?}: filled"
            ));
        } else if job_conflicts == Conflicts::KeepKith {
            fields.push(format!(
                "{name}: company differs: kept {:?} (the file says {organization:?})",
                jobs.join(", ")
            ));
            kept_out.push((*organization).to_owned());
        } else {
            fields.push(format!(
                "{name}: company differs: took the file's {organization:?} (kith had {:?}, now former)",
                jobs.join(", ")
            ));
            tx.prepare_cached("UPDATE employment SET is_current = 0, updated_at = ?2 WHERE person_id = ?1 AND is_current = 1")?.execute(params![id, now])?;
        }
    }
    Ok(kept_out)
}

/// A LinkedIn address without its scheme, `www.`, trailing slash and capitals.
fn profile_key(url: &str) -> String {
    let lower = url.trim().trim_end_matches('/').to_lowercase();
    let bare = lower
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    bare.trim_start_matches("www.").to_owned()
}

/// A birthday from the file: filled when kith has none; a different one kept (or, with
/// `TakeFile`, replaced) and listed. `birthday` is already in its stored form.
pub(super) fn complete_birthday(
    tx: &Connection,
    id: i64,
    birthday: &str,
    conflicts: Conflicts,
    matched: bool,
    now: &str,
    fields: &mut Vec<String>,
) -> Result<()> {
    let (name, kith): (String, Option<String>) = tx.query_row(
        concat!(
            "SELECT ",
            shown_name!(),
            ", p.birthday FROM people p WHERE p.id = ?1"
        ),
        [id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let take = match kith.as_deref() {
        Some(kith) if kith == birthday => false,
        None => {
            // Someone this import created gets it without a line in the report.
            if matched {
                fields.push(format!(
                    "{name}: birthday — kith has none, the file says {birthday:?}: filled"
                ));
            }
            true
        }
        Some(kith) => match conflicts {
            Conflicts::KeepKith => {
                fields.push(format!(
                    "{name}: birthday differs: kept {kith:?} (the file says {birthday:?})"
                ));
                false
            }
            Conflicts::TakeFile => {
                fields.push(format!(
                    "{name}: birthday differs: took the file's {birthday:?} (kith had {kith:?})"
                ));
                true
            }
        },
    };
    if take {
        tx.prepare_cached("UPDATE people SET birthday = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![id, birthday, now])?;
    }
    Ok(())
}
