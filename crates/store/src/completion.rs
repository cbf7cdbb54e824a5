//! Completing a record kith has from an imported one: each field kith has empty is filled
//! from the file, each that differs stays as kith has it (or takes the file's, with
//! `--prefer-file`), and every one of these is listed in the import's report, per field.
//! Notes that are kith's and more only add; a name of the file's that kith does not know
//! them by becomes an alias.

use rusqlite::{Connection, OptionalExtension, params};

use super::people::person_name_key;
use crate::Result;
use kith_domain::import::Conflicts;
use kith_domain::text::spelling_key;

/// What a file says of someone kith has.
pub(super) struct FromFile<'a> {
    pub closeness: Option<i64>,
    pub linkedin_url: Option<&'a str>,
    pub location: Option<&'a str>,
    pub notes: &'a str,
    /// Where they work now, as the file says, with the title there if it gives one.
    pub companies: Vec<(&'a str, Option<&'a str>)>,
    /// The names the file gives them (its shown name, then its aliases).
    pub names: Vec<String>,
}

/// What a completion writes with: the import's transaction, the time it writes, and the
/// report's list of fields filled, added or kept.
pub(super) struct Filling<'a> {
    pub tx: &'a Connection,
    pub now: &'a str,
    pub fields: &'a mut Vec<String>,
}

/// A matched person completed from the file: each field kith has empty is filled; each
/// that differs stays as kith has it (or, with `TakeFile`, takes the file's), and every
/// one of these is listed in `fields`. `job_conflicts` decides a differing current job.
pub(super) fn complete_matched(
    fill: &mut Filling,
    id: i64,
    person: &FromFile<'_>,
    conflicts: Conflicts,
    job_conflicts: Conflicts,
) -> Result<Vec<String>> {
    let (tx, now, fields) = (fill.tx, fill.now, &mut *fill.fields);
    let (name, offered) = fields_offered(tx, id, person)?;
    let who = Completing {
        tx,
        id,
        name: &name,
        now,
    };
    for field in offered {
        let Some(file) = &field.file else { continue };
        if take_file(&name, &field, file, conflicts, fields) {
            write_field(&who, field.column, person)?;
        }
    }
    let kept_out = complete_companies(&who, &person.companies, job_conflicts, fields)?;
    add_aliases(tx, id, &person.names, now, fields)?;
    Ok(kept_out)
}

/// The matched person being completed: their id, the name the report calls them by,
/// and the time the completion writes.
struct Completing<'a> {
    tx: &'a Connection,
    id: i64,
    name: &'a str,
    now: &'a str,
}

/// One field the file may complete: how the report labels it, its column, what kith has
/// and what the file says (each as the report shows it, `None` when empty).
struct Field {
    label: &'static str,
    column: &'static str,
    kith: Option<String>,
    file: Option<String>,
}

/// The name the report calls the person (`id`) by, and each field the file may complete
/// (tier, LinkedIn, location, notes) with what kith has of it and what the file says.
fn fields_offered(tx: &Connection, id: i64, person: &FromFile<'_>) -> Result<(String, [Field; 4])> {
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
    let field = |label, column, kith, file| Field {
        label,
        column,
        kith,
        file,
    };
    let wanted = [
        field(
            "tier",
            "closeness",
            tier_text(tier),
            tier_text(person.closeness),
        ),
        field(
            "LinkedIn",
            "linkedin_url",
            linkedin,
            person.linkedin_url.map(str::to_owned),
        ),
        field(
            "location",
            "location",
            location,
            person.location.map(str::to_owned),
        ),
        field(
            "notes",
            "notes",
            Some(notes).filter(|n| !n.trim().is_empty()),
            Some(person.notes.trim().to_owned()).filter(|n| !n.is_empty()),
        ),
    ];
    Ok((name, wanted))
}

/// Whether the file's value (`file`) of a field is written: when kith has none, when
/// notes only add to kith's, or when they differ and the file's are taken; each of these,
/// and a differing value kept, listed in `fields`.
fn take_file(
    name: &str,
    field: &Field,
    file: &str,
    conflicts: Conflicts,
    fields: &mut Vec<String>,
) -> bool {
    let (label, column) = (field.label, field.column);
    match &field.kith {
        None => {
            fields.push(format!(
                "{name}: {label} — kith has none, the file says {file:?}: filled"
            ));
            true
        }
        Some(kith) if *kith == file => false,
        // One profile spelled two ways (http, www., a trailing slash, capitals).
        Some(kith) if column == "linkedin_url" && profile_key(kith) == profile_key(file) => false,
        // Notes that are kith's and more (a second row's added after them) only add.
        Some(kith)
            if column == "notes"
                && let Some(more) = file.strip_prefix(kith.trim_end())
                && more.starts_with('\n') =>
        {
            fields.push(format!("{name}: notes — added {:?}", more.trim()));
            true
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
    }
}

/// The file's value of `column` written to the person.
fn write_field(who: &Completing, column: &str, person: &FromFile<'_>) -> Result<()> {
    let value: rusqlite::types::Value = if column == "closeness" {
        person.closeness.into()
    } else if column == "linkedin_url" {
        person.linkedin_url.map(str::to_owned).into()
    } else if column == "location" {
        person.location.map(str::to_owned).into()
    } else {
        person.notes.trim().to_owned().into()
    };
    who.tx.execute(
        &format!("UPDATE people SET {column} = ?2, updated_at = ?3 WHERE id = ?1"),
        params![who.id, value, who.now],
    )?;
    Ok(())
}

/// Where they work: a company kith has no job for them at is added when they have no
/// current job in kith; beside a different current job it is listed, not added (or,
/// with `TakeFile`, kith's current jobs become former). Returns the companies kept out.
fn complete_companies(
    who: &Completing,
    companies: &[(&str, Option<&str>)],
    job_conflicts: Conflicts,
    fields: &mut Vec<String>,
) -> Result<Vec<String>> {
    let (tx, id, name, now) = (who.tx, who.id, who.name, who.now);
    let mut kept_out = Vec::new();
    for &(organization, title) in companies {
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
            // The title of a job kept out is not read either: said, never dropped.
            let as_title = title
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| format!(", as {t:?}"))
                .unwrap_or_default();
            fields.push(format!(
                "{name}: company differs: kept {:?} (the file says {organization:?}{as_title})",
                jobs.join(", ")
            ));
            kept_out.push(organization.to_owned());
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

/// Each name of the file's that kith does not know them by (their name, or an alias,
/// compared folded) added as an alias, and listed.
fn add_aliases(
    tx: &Connection,
    id: i64,
    names: &[String],
    now: &str,
    fields: &mut Vec<String>,
) -> Result<()> {
    let (shown, given, family, display, aliases): (String, String, String, Option<String>, String) =
        tx.query_row(
            concat!(
                "SELECT ",
                shown_name!(),
                ", p.given_name, p.family_name, p.display_name, p.aliases FROM people p WHERE p.id = ?1"
            ),
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
        )?;
    let mut kept: Vec<String> = aliases
        .lines()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    let mut known: Vec<String> = [shown.clone(), format!("{given} {family}")]
        .iter()
        .chain(&kept)
        .map(|n| spelling_key(n))
        .collect();
    let before = kept.len();
    for name in names {
        let key = spelling_key(name);
        if key.is_empty() || known.contains(&key) {
            continue;
        }
        fields.push(format!("{shown}: alias {:?} added", name.trim()));
        known.push(key);
        kept.push(name.trim().to_owned());
    }
    if kept.len() > before {
        let aliases = kept.join("\n");
        tx.prepare_cached(
            "UPDATE people SET aliases = ?2, name_key = ?3, updated_at = ?4 WHERE id = ?1",
        )?
        .execute(params![
            id,
            aliases,
            person_name_key(&given, &family, display.as_deref(), &aliases),
            now
        ])?;
    }
    Ok(())
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
    fill: &mut Filling,
    id: i64,
    birthday: &str,
    conflicts: Conflicts,
    matched: bool,
) -> Result<()> {
    let (tx, now, fields) = (fill.tx, fill.now, &mut *fill.fields);
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

/// A dated line added to a person's notes once: after what they have, unless a line of
/// their notes is it already (so importing again adds nothing). Listed for someone kith
/// had (`matched`).
pub(super) fn add_note_line(
    tx: &Connection,
    id: i64,
    line: &str,
    matched: bool,
    now: &str,
    fields: &mut Vec<String>,
) -> Result<()> {
    let line = line.trim();
    let (name, notes): (String, String) = tx.query_row(
        concat!(
            "SELECT ",
            shown_name!(),
            ", p.notes FROM people p WHERE p.id = ?1"
        ),
        [id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    if line.is_empty() || notes.lines().any(|l| l.trim() == line) {
        return Ok(());
    }
    let notes = match notes.trim_end() {
        "" => line.to_owned(),
        kept => format!("{kept}\n{line}"),
    };
    tx.prepare_cached("UPDATE people SET notes = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, notes, now])?;
    if matched {
        fields.push(format!("{name}: notes — added {line:?}"));
    }
    Ok(())
}

/// The title a matched person's job at an organization takes from the file: none said
/// keeps kith's; kith's empty is filled; a different one stays (or, with `TakeFile`, is
/// replaced) — each listed like a company. A job kith does not have takes the file's.
pub(super) fn complete_title(
    tx: &Connection,
    id: i64,
    organization: (i64, &str),
    title: Option<&str>,
    conflicts: Conflicts,
    fields: &mut Vec<String>,
) -> Result<Option<String>> {
    let (organization_id, organization_name) = organization;
    let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let kith: Option<(String, Option<String>)> = tx
        .prepare_cached(concat!(
            "SELECT ",
            shown_name!(),
            ", e.title FROM employment e JOIN people p ON p.id = e.person_id
             WHERE e.person_id = ?1 AND e.organization_id = ?2"
        ))?
        .query_row(params![id, organization_id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    let Some((name, kith)) = kith else {
        return Ok(Some(title.to_owned()));
    };
    let at = format!("{name}: title at {organization_name}");
    Ok(Some(match kith.filter(|k| !k.trim().is_empty()) {
        None => {
            fields.push(format!(
                "{at} — kith has none, the file says {title:?}: filled"
            ));
            title.to_owned()
        }
        Some(kith) if kith == title => kith,
        Some(kith) => match conflicts {
            Conflicts::KeepKith => {
                fields.push(format!(
                    "{at} differs: kept {kith:?} (the file says {title:?})"
                ));
                kith
            }
            Conflicts::TakeFile => {
                fields.push(format!(
                    "{at} differs: took the file's {title:?} (kith had {kith:?})"
                ));
                title.to_owned()
            }
        },
    }))
}

/// An organization from the file: its domains added (one another organization has stays
/// theirs); for one kith had (`matched`), empty notes filled, and both listed.
pub(super) fn complete_organization(
    fill: &mut Filling,
    organization: (i64, &str),
    matched: bool,
    notes: &str,
    domains: &[String],
) -> Result<()> {
    let (tx, now, fields) = (fill.tx, fill.now, &mut *fill.fields);
    let (id, name) = organization;
    for domain in domains {
        let added = tx
            .prepare_cached(
                "INSERT INTO organization_domains (domain, organization_id) VALUES (?1, ?2)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![domain.to_lowercase(), id])?;
        if matched && added > 0 {
            fields.push(format!("{name}: domain {domain} added"));
        }
    }
    if matched && !notes.is_empty() {
        let filled = tx
            .prepare_cached(
                "UPDATE organizations SET notes = ?2, updated_at = ?3 WHERE id = ?1 AND trim(notes) = ''",
            )?
            .execute(params![id, notes, now])?;
        if filled > 0 {
            fields.push(format!(
                "{name}: notes — kith has none, the file says {notes:?}: filled"
            ));
        }
    }
    Ok(())
}
