//! Merging two records of the same person into one, in one transaction: addresses,
//! interactions, tags and employment move to the kept person, notes are joined, the
//! other's Telegram account fills the kept person's empty one, and whoever was
//! introduced by either stays linked.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::Store;
use super::changes::record_relied_on;
use super::merge_plan::{MergePlan, apply_plan};
use super::people::{Person, person_name_key};
use crate::Result;
use kith_domain::error::Refusal;
use kith_domain::model::{PersonId, Tier};

/// What a merge moved onto the kept person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MergeOutcome {
    pub kept: PersonId,
    pub removed: PersonId,
    pub emails_moved: usize,
    pub interactions_moved: usize,
    /// Follow-ups, topics and dates moved, and what gave way.
    pub plan: MergePlan,
}

impl Store {
    /// Merges `other` into `keep`; `other` is deleted. Empty fields of `keep` take
    /// `other`'s values; the closer tier wins; notes are joined.
    pub fn merge_people(&mut self, keep: PersonId, other: PersonId) -> Result<MergeOutcome> {
        if keep == other {
            return Err(Refusal::MergeWithSelf.into());
        }
        let kept = self.person(keep)?;
        let removed = self.person(other)?;
        let now = self.now_text();
        let plan = self.merge_plan(keep, other)?;
        let note = plan.merged_notes(&removed.name());
        let their_telegram = removed.telegram.clone();
        let mut merged = merged(kept, removed, keep, other);
        if let Some(note) = note {
            merged.notes = [merged.notes.trim(), &note].join("\n").trim().to_owned();
        }

        let tx = self.write()?;
        record_folded_into(&tx, keep, other)?;
        apply_plan(&tx, &plan, keep, &now)?;
        let (emails_moved, interactions_moved) = move_rows(&tx, keep, other, &now)?;
        tx.execute(
            "UPDATE people SET introduced_by = ?1 WHERE introduced_by = ?2 AND id <> ?1",
            params![keep.0, other.0],
        )?;
        write_kept(&tx, keep, &merged, &now)?;
        tx.execute("DELETE FROM people WHERE id = ?1", [other.0])?;
        fill_telegram(&tx, keep, &their_telegram)?;
        tx.commit()?;
        Ok(MergeOutcome {
            kept: keep,
            removed: other,
            emails_moved,
            interactions_moved,
            plan,
        })
    }
}

/// The kept person's fields once the other is merged into them.
struct Merged {
    given_name: String,
    family_name: String,
    display_name: Option<String>,
    closeness: Option<Tier>,
    introduced_by: Option<PersonId>,
    linkedin_url: Option<String>,
    location: Option<String>,
    notes: String,
    aliases: String,
}

/// What the kept person (`kept`, `keep`) has after `removed` (`other`) is merged into
/// them: their own fields, the other's where theirs are empty, the closer tier, both
/// notes, and the other's names as aliases.
fn merged(kept: Person, removed: Person, keep: PersonId, other: PersonId) -> Merged {
    let notes = match (kept.notes.trim(), removed.notes.trim()) {
        (a, "") => a.to_owned(),
        ("", b) => b.to_owned(),
        (a, b) => format!("{a}\n{b}"),
    };
    let closeness = match (kept.closeness, removed.closeness) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    // Never introduced by oneself: an introduction between the two is dropped.
    let introduced_by = kept
        .introduced_by
        .filter(|p| *p != other)
        .or(removed.introduced_by.filter(|p| *p != keep));

    let or_other = |mine: &str, theirs: &str| {
        if mine.trim().is_empty() {
            theirs.to_owned()
        } else {
            mine.to_owned()
        }
    };
    let given_name = or_other(&kept.given_name, &removed.given_name);
    let family_name = or_other(&kept.family_name, &removed.family_name);
    // The kept person keeps the name they are shown by: the other's shown name is one of
    // their aliases now, and fills in only for a kept record with no name of its own.
    let nameless = kept.given_name.trim().is_empty() && kept.family_name.trim().is_empty();
    let display_name = match &kept.display_name {
        Some(shown) => Some(shown.clone()),
        None if nameless => removed.display_name.clone(),
        None => None,
    };
    let aliases = merged_aliases(&kept, &removed);
    Merged {
        given_name,
        family_name,
        display_name,
        closeness,
        introduced_by,
        linkedin_url: kept.linkedin_url.or(removed.linkedin_url),
        location: kept.location.or(removed.location),
        notes,
        aliases,
    }
}

/// The kept person's aliases, then the removed record's names, which stay searchable
/// as aliases of the kept one (each once, never the kept person's own name).
fn merged_aliases(kept: &Person, removed: &Person) -> String {
    let mut aliases: Vec<String> = kept.aliases.lines().map(str::to_owned).collect();
    for alias in std::iter::once(removed.name()).chain(removed.aliases.lines().map(str::to_owned)) {
        let alias = alias.trim().to_owned();
        if !alias.is_empty() && alias != kept.name() && !aliases.contains(&alias) {
            aliases.push(alias);
        }
    }
    aliases.join("\n")
}

/// The kept person's rows the other's are folded into, changed or not: an undo of the
/// change that made one of them is refused, naming this merge.
fn record_folded_into(tx: &Connection, keep: PersonId, other: PersonId) -> Result<()> {
    for (table, column) in [
        ("employment", "organization_id"),
        ("person_tags", "tag_id"),
        ("interaction_people", "interaction_id"),
        ("phones", "number"),
    ] {
        record_relied_on(
            tx,
            table,
            &format!(
                "t.person_id = ?1 AND t.{column} IN (SELECT {column} FROM {table} WHERE person_id = ?2)"
            ),
            params![keep.0, other.0],
        )?;
    }
    // The kept person's primary, which makes the other's addresses secondary.
    record_relied_on(
        tx,
        "emails",
        "t.person_id = ?1 AND t.is_primary = 1 AND EXISTS (SELECT 1 FROM emails o WHERE o.person_id = ?2)",
        params![keep.0, other.0],
    )?;
    Ok(())
}

/// The other's addresses (secondary beside the kept person's primary), interactions,
/// tags and jobs moved onto the kept person; returns how many addresses and
/// interactions moved.
fn move_rows(
    tx: &Connection,
    keep: PersonId,
    other: PersonId,
    now: &str,
) -> Result<(usize, usize)> {
    let emails_moved = tx.execute(
        "UPDATE emails SET person_id = ?1,
             is_primary = CASE WHEN EXISTS (SELECT 1 FROM emails WHERE person_id = ?1 AND is_primary = 1)
                               THEN 0 ELSE is_primary END,
             updated_at = ?3
         WHERE person_id = ?2",
        params![keep.0, other.0, now],
    )?;
    let interactions_moved = tx.execute(
        "INSERT INTO interaction_people (interaction_id, person_id)
         SELECT interaction_id, ?1 FROM interaction_people WHERE person_id = ?2
         ON CONFLICT DO NOTHING",
        params![keep.0, other.0],
    )?;
    tx.execute(
        "INSERT INTO person_tags (person_id, tag_id) SELECT ?1, tag_id FROM person_tags WHERE person_id = ?2
         ON CONFLICT DO NOTHING",
        params![keep.0, other.0],
    )?;
    tx.execute(
        "INSERT INTO employment (id, person_id, organization_id, title, is_current, created_at, updated_at)
         SELECT (SELECT k.id FROM employment k WHERE k.person_id = ?1 AND k.organization_id = e.organization_id),
                ?1, e.organization_id, e.title, e.is_current, e.created_at, ?3
         FROM employment e WHERE e.person_id = ?2
         ON CONFLICT (id) DO UPDATE SET
             title = coalesce(employment.title, excluded.title),
             is_current = max(employment.is_current, excluded.is_current)",
        params![keep.0, other.0, now],
    )?;
    // Their numbers, follow-ups, topics and dates; their birthday, own cadence and
    // snooze where the kept person has none. (Before this, a merge dropped the other's
    // phone numbers and birthday with them.)
    tx.execute(
        "INSERT INTO phones (person_id, number, kind, created_at)
         SELECT ?1, number, kind, created_at FROM phones WHERE person_id = ?2 ORDER BY id
         ON CONFLICT DO NOTHING",
        params![keep.0, other.0],
    )?;
    for table in ["follow_ups", "topics", "important_dates"] {
        tx.execute(
            &format!("UPDATE {table} SET person_id = ?1, updated_at = ?3 WHERE person_id = ?2"),
            params![keep.0, other.0, now],
        )?;
    }
    tx.execute(
        "UPDATE people SET
             birthday = coalesce(birthday, (SELECT o.birthday FROM people o WHERE o.id = ?2)),
             cadence_days = coalesce(cadence_days, (SELECT o.cadence_days FROM people o WHERE o.id = ?2)),
             snoozed_until = coalesce(snoozed_until, (SELECT o.snoozed_until FROM people o WHERE o.id = ?2))
         WHERE id = ?1",
        params![keep.0, other.0],
    )?;
    Ok((emails_moved, interactions_moved))
}

/// The other's Telegram id and username fill the kept person's empty ones. Each names
/// one person, so this comes after the other is deleted: an undo takes back the rows a
/// change touched last first, so the kept person's are emptied before the other's return.
fn fill_telegram(tx: &Connection, keep: PersonId, theirs: &crate::TelegramIdentity) -> Result<()> {
    if theirs.is_empty() {
        return Ok(());
    }
    tx.execute(
        "UPDATE people SET telegram_id = coalesce(telegram_id, ?2),
             telegram_username = coalesce(telegram_username, ?3)
         WHERE id = ?1",
        params![keep.0, theirs.id, theirs.username],
    )?;
    Ok(())
}

/// The merged fields written to the kept person.
fn write_kept(tx: &Connection, keep: PersonId, merged: &Merged, now: &str) -> Result<()> {
    tx.execute(
        "UPDATE people SET given_name = ?2, family_name = ?3, display_name = ?4, name_key = ?5,
             closeness = ?6, introduced_by = ?7, linkedin_url = ?8, location = ?9,
             notes = ?10, updated_at = ?11, aliases = ?12
         WHERE id = ?1",
        params![
            keep.0,
            merged.given_name,
            merged.family_name,
            merged.display_name,
            person_name_key(
                &merged.given_name,
                &merged.family_name,
                merged.display_name.as_deref(),
                &merged.aliases
            ),
            merged.closeness.map(|t| t.number()),
            merged.introduced_by.map(|p| p.0),
            merged.linkedin_url,
            merged.location,
            merged.notes,
            now,
            merged.aliases,
        ],
    )?;
    Ok(())
}
