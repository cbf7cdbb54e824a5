//! Organizations (unique by name, case-insensitively), their domains, employment
//! (current or former, with a title), and tags on people and organizations.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::Store;
use crate::Result;
use kith_domain::error::{Entity, Refusal};
use kith_domain::model::{InvestorInterest, OrganizationId, PersonId, TagId};

/// One organization as stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Organization {
    pub id: OrganizationId,
    pub name: String,
    pub investor_interest: InvestorInterest,
    pub notes: String,
    pub domains: Vec<String>,
}

/// Whether someone works somewhere now or used to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum EmploymentStatus {
    Current,
    Former,
}

/// A person's place at an organization.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Employment {
    pub person_id: PersonId,
    pub organization_id: OrganizationId,
    pub organization: String,
    pub person: String,
    pub title: Option<String>,
    pub status: EmploymentStatus,
    /// When they left, if the owner said so (`/job NAME left ORG`).
    pub left_on: Option<String>,
}

/// The unique key of an organization or tag name: trimmed, Unicode lower-case.
pub(super) fn unique_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn checked_name(name: &str, entity: Entity) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Refusal::EmptyName(entity).into());
    }
    Ok(name)
}

/// Finds or creates the tag `name` inside `tx`.
pub(super) fn ensure_tag(tx: &Connection, name: &str, now: &str) -> Result<TagId> {
    let name = checked_name(name.trim_start_matches('#'), Entity::Tag)?;
    let key = unique_key(&name);
    // Inserted only when missing: an insert that conflicts would still use up an id.
    tx.prepare_cached(
        "INSERT INTO tags (name, name_key, created_at) SELECT ?1, ?2, ?3
         WHERE NOT EXISTS (SELECT 1 FROM tags WHERE name_key = ?2)",
    )?
    .execute(params![name, key, now])?;
    let id = tx
        .prepare_cached("SELECT id FROM tags WHERE name_key = ?1")?
        .query_row([key], |row| row.get(0))?;
    Ok(TagId(id))
}

/// Finds or creates the organization `name` inside `tx`.
pub(super) fn ensure_organization(
    tx: &Connection,
    name: &str,
    now: &str,
) -> Result<OrganizationId> {
    let name = checked_name(name, Entity::Organization)?;
    let key = unique_key(&name);
    tx.prepare_cached(
        "INSERT INTO organizations (name, name_key, created_at, updated_at) SELECT ?1, ?2, ?3, ?3
         WHERE NOT EXISTS (SELECT 1 FROM organizations WHERE name_key = ?2)",
    )?
    .execute(params![name, key, now])?;
    let id = tx
        .prepare_cached("SELECT id FROM organizations WHERE name_key = ?1")?
        .query_row([key], |row| row.get(0))?;
    Ok(OrganizationId(id))
}

impl Store {
    /// Creates an organization; refuses a name that exists in any letter case.
    pub fn create_organization(&mut self, name: &str) -> Result<OrganizationId> {
        let name = checked_name(name, Entity::Organization)?;
        if let Some(existing) = self.organization_by_name(&name)? {
            return Err(Refusal::OrganizationExists(existing.name).into());
        }
        let now = self.now_text();
        let tx = self.write()?;
        let id = ensure_organization(&tx, &name, &now)?;
        tx.commit()?;
        Ok(id)
    }

    /// The organization with this name (any letter case), or a new one.
    pub fn organization_named(&mut self, name: &str) -> Result<OrganizationId> {
        let now = self.now_text();
        let tx = self.write()?;
        let id = ensure_organization(&tx, name, &now)?;
        tx.commit()?;
        Ok(id)
    }

    pub fn organization(&self, id: OrganizationId) -> Result<Organization> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, name, investor_interest, notes FROM organizations WHERE id = ?1",
            )?
            .query_row([id.0], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            });
        let (id, name, interest, notes) = super::found(row, Entity::Organization, id.0)?;
        let mut statement = self.conn.prepare_cached(
            "SELECT domain FROM organization_domains WHERE organization_id = ?1 ORDER BY domain",
        )?;
        let domains = statement
            .query_map([id], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Organization {
            id: OrganizationId(id),
            name,
            investor_interest: InvestorInterest::parse(&interest).unwrap_or_default(),
            notes,
            domains,
        })
    }

    /// The organization with this name, in any letter case.
    pub fn organization_by_name(&self, name: &str) -> Result<Option<Organization>> {
        let id: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM organizations WHERE name_key = ?1")?
            .query_row([unique_key(name)], |row| row.get(0))
            .optional()?;
        id.map(|id| self.organization(OrganizationId(id)))
            .transpose()
    }

    /// The organization that owns an email domain, if any.
    pub fn organization_by_domain(&self, domain: &str) -> Result<Option<Organization>> {
        let id: Option<i64> = self
            .conn
            .prepare_cached("SELECT organization_id FROM organization_domains WHERE domain = ?1")?
            .query_row([domain.trim().to_lowercase()], |row| row.get(0))
            .optional()?;
        id.map(|id| self.organization(OrganizationId(id)))
            .transpose()
    }

    pub fn rename_organization(&mut self, id: OrganizationId, name: &str) -> Result<()> {
        let name = checked_name(name, Entity::Organization)?;
        self.organization(id)?;
        if let Some(other) = self.organization_by_name(&name)?
            && other.id != id
        {
            return Err(Refusal::OrganizationExists(other.name).into());
        }
        let now = self.now_text();
        self.conn.execute(
            "UPDATE organizations SET name = ?2, name_key = ?3, updated_at = ?4 WHERE id = ?1",
            params![id.0, name, unique_key(&name), now],
        )?;
        Ok(())
    }

    pub fn set_investor_interest(
        &mut self,
        id: OrganizationId,
        interest: InvestorInterest,
    ) -> Result<()> {
        self.organization(id)?;
        let now = self.now_text();
        self.conn.execute(
            "UPDATE organizations SET investor_interest = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.0, interest.as_str(), now],
        )?;
        Ok(())
    }

    /// Records that addresses at `domain` belong to this organization.
    pub fn add_organization_domain(&mut self, id: OrganizationId, domain: &str) -> Result<()> {
        self.organization(id)?;
        let domain = domain.trim().trim_start_matches('@').to_lowercase();
        if domain.is_empty() || !domain.contains('.') || domain.contains(char::is_whitespace) {
            return Err(Refusal::InvalidValue {
                field: "domain",
                value: domain,
                expected: "a domain such as acme.io",
            }
            .into());
        }
        self.conn.execute(
            "INSERT INTO organization_domains (domain, organization_id) VALUES (?1, ?2)
             ON CONFLICT (domain) DO UPDATE SET organization_id = excluded.organization_id",
            params![domain, id.0],
        )?;
        Ok(())
    }

    /// Attaches a person to an organization (or updates their title and status there).
    pub fn set_employment(
        &mut self,
        person: PersonId,
        organization: OrganizationId,
        title: Option<&str>,
        status: EmploymentStatus,
    ) -> Result<()> {
        self.person(person)?;
        self.organization(organization)?;
        let title = title.map(str::trim).filter(|t| !t.is_empty());
        let now = self.now_text();
        // The job's own id when it exists, so updating it uses up no id.
        self.conn.execute(
            "INSERT INTO employment (id, person_id, organization_id, title, is_current, created_at, updated_at)
             VALUES ((SELECT id FROM employment WHERE person_id = ?1 AND organization_id = ?2),
                     ?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (id) DO UPDATE SET
                 title = coalesce(excluded.title, title), is_current = excluded.is_current,
                 left_on = CASE WHEN excluded.is_current = 1 THEN NULL ELSE left_on END,
                 updated_at = excluded.updated_at",
            params![
                person.0,
                organization.0,
                title,
                i64::from(status == EmploymentStatus::Current),
                now
            ],
        )?;
        Ok(())
    }

    /// Where a person works and worked, current first.
    pub fn employment_of(&self, person: PersonId) -> Result<Vec<Employment>> {
        self.employment_where("e.person_id = ?1", person.0)
    }

    /// Who works and worked at an organization, current first.
    pub fn employees_of(&self, organization: OrganizationId) -> Result<Vec<Employment>> {
        self.employment_where("e.organization_id = ?1 AND p.archived = 0", organization.0)
    }

    fn employment_where(&self, condition: &str, id: i64) -> Result<Vec<Employment>> {
        let mut statement = self.conn.prepare_cached(&format!(
            concat!(
                "SELECT e.person_id, e.organization_id, o.name,
                    ",
                shown_name!(),
                ",
                    e.title, e.is_current, e.left_on
             FROM employment e JOIN organizations o ON o.id = e.organization_id
                               JOIN people p ON p.id = e.person_id
             WHERE {condition}
             ORDER BY e.is_current DESC, o.name, p.family_name, p.given_name"
            ),
            condition = condition
        ))?;
        let rows = statement.query_map([id], |row| {
            Ok(Employment {
                person_id: PersonId(row.get(0)?),
                organization_id: OrganizationId(row.get(1)?),
                organization: row.get(2)?,
                person: row.get(3)?,
                title: row.get(4)?,
                status: if row.get::<_, i64>(5)? != 0 {
                    EmploymentStatus::Current
                } else {
                    EmploymentStatus::Former
                },
                left_on: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a tag to a person, creating the tag on first use. Case-insensitive.
    pub fn tag_person(&mut self, person: PersonId, tag: &str) -> Result<()> {
        let now = self.now_text();
        let tx = self.write()?;
        super::found(
            tx.query_row("SELECT 1 FROM people WHERE id = ?1", [person.0], |_| Ok(())),
            Entity::Person,
            person.0,
        )?;
        let tag = ensure_tag(&tx, tag, &now)?;
        tx.execute(
            "INSERT INTO person_tags (person_id, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![person.0, tag.0],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Removes a tag from a person. Returns whether they had it.
    pub fn untag_person(&mut self, person: PersonId, tag: &str) -> Result<bool> {
        self.person(person)?;
        let removed = self.conn.execute(
            "DELETE FROM person_tags WHERE person_id = ?1
               AND tag_id = (SELECT id FROM tags WHERE name_key = ?2)",
            params![person.0, unique_key(tag.trim_start_matches('#'))],
        )?;
        Ok(removed > 0)
    }

    pub fn tag_organization(&mut self, organization: OrganizationId, tag: &str) -> Result<()> {
        let now = self.now_text();
        let tx = self.write()?;
        super::found(
            tx.query_row(
                "SELECT 1 FROM organizations WHERE id = ?1",
                [organization.0],
                |_| Ok(()),
            ),
            Entity::Organization,
            organization.0,
        )?;
        let tag = ensure_tag(&tx, tag, &now)?;
        tx.execute(
            "INSERT INTO organization_tags (organization_id, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![organization.0, tag.0],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn untag_organization(&mut self, organization: OrganizationId, tag: &str) -> Result<bool> {
        self.organization(organization)?;
        let removed = self.conn.execute(
            "DELETE FROM organization_tags WHERE organization_id = ?1
               AND tag_id = (SELECT id FROM tags WHERE name_key = ?2)",
            params![organization.0, unique_key(tag.trim_start_matches('#'))],
        )?;
        Ok(removed > 0)
    }

    /// A person's tags, alphabetically.
    pub fn tags_of_person(&self, person: PersonId) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT t.name FROM person_tags pt JOIN tags t ON t.id = pt.tag_id
             WHERE pt.person_id = ?1 ORDER BY t.name_key",
        )?;
        let rows = statement.query_map([person.0], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn tags_of_organization(&self, organization: OrganizationId) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT t.name FROM organization_tags ot JOIN tags t ON t.id = ot.tag_id
             WHERE ot.organization_id = ?1 ORDER BY t.name_key",
        )?;
        let rows = statement.query_map([organization.0], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every tag with how many people (not archived) and organizations carry it.
    pub fn tags_with_counts(&self) -> Result<Vec<(String, i64, i64)>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT t.name,
                    (SELECT count(*) FROM person_tags pt JOIN people p ON p.id = pt.person_id
                     WHERE pt.tag_id = t.id AND p.archived = 0),
                    (SELECT count(*) FROM organization_tags ot WHERE ot.tag_id = t.id)
             FROM tags t ORDER BY t.name_key",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A tag's name by id.
    pub fn tag_name(&self, id: TagId) -> Result<String> {
        let name = self
            .conn
            .prepare_cached("SELECT name FROM tags WHERE id = ?1")?
            .query_row([id.0], |row| row.get(0));
        super::found(name, Entity::Tag, id.0)
    }

    /// A tag by name, in any letter case.
    pub fn tag_by_name(&self, name: &str) -> Result<Option<(TagId, String)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, name FROM tags WHERE name_key = ?1")?
            .query_row([unique_key(name.trim().trim_start_matches('#'))], |row| {
                Ok((TagId(row.get(0)?), row.get(1)?))
            })
            .optional()?)
    }
}

impl Store {
    /// Makes a job former, on the day the owner says they left.
    pub fn leave_job(
        &mut self,
        person: PersonId,
        organization: OrganizationId,
        on: chrono::NaiveDate,
    ) -> Result<()> {
        let now = self.now_text();
        let changed = self.conn.execute(
            "UPDATE employment SET is_current = 0, left_on = ?3, updated_at = ?4
             WHERE person_id = ?1 AND organization_id = ?2",
            params![person.0, organization.0, on.to_string(), now],
        )?;
        if changed == 0 {
            return Err(Refusal::NotFound {
                entity: Entity::Organization,
                id: organization.0,
            }
            .into());
        }
        Ok(())
    }

    /// Forgets that addresses at `domain` belong to this organization; false if they did not.
    pub fn remove_organization_domain(&mut self, id: OrganizationId, domain: &str) -> Result<bool> {
        self.organization(id)?;
        Ok(self.conn.execute(
            "DELETE FROM organization_domains WHERE domain = ?1 AND organization_id = ?2",
            params![domain.trim().to_lowercase(), id.0],
        )? > 0)
    }

    /// Appends a dated line to an organization's notes.
    pub fn append_organization_note(
        &mut self,
        id: OrganizationId,
        on: chrono::NaiveDate,
        note: &str,
    ) -> Result<()> {
        let line = format!("{on}: {}", note.trim());
        let now = self.now_text();
        // One statement, so two processes appending at once both keep their line.
        let changed = self.conn.execute(
            "UPDATE organizations SET notes = CASE WHEN notes = '' THEN ?2 ELSE notes || char(10) || ?2 END,
                 updated_at = ?3
             WHERE id = ?1",
            params![id.0, line, now],
        )?;
        if changed == 0 {
            return Err(Refusal::NotFound {
                entity: Entity::Organization,
                id: id.0,
            }
            .into());
        }
        Ok(())
    }

    /// Merges `other` into `keep` in one transaction: domains, tags and jobs move (a
    /// person who had both keeps the current one), notes are joined, `other` is deleted.
    pub fn merge_organizations(
        &mut self,
        keep: OrganizationId,
        other: OrganizationId,
    ) -> Result<()> {
        let kept = self.organization(keep)?;
        let removed = self.organization(other)?;
        let notes = match (kept.notes.trim(), removed.notes.trim()) {
            (a, "") => a.to_owned(),
            ("", b) => b.to_owned(),
            (a, b) => format!("{a}\n{b}"),
        };
        let interest = if kept.investor_interest == InvestorInterest::None {
            removed.investor_interest
        } else {
            kept.investor_interest
        };
        let now = self.now_text();
        let tx = self.write()?;
        tx.execute(
            "UPDATE organization_domains SET organization_id = ?1 WHERE organization_id = ?2",
            params![keep.0, other.0],
        )?;
        tx.execute(
            "INSERT INTO organization_tags (organization_id, tag_id)
             SELECT ?1, tag_id FROM organization_tags WHERE organization_id = ?2 ON CONFLICT DO NOTHING",
            params![keep.0, other.0],
        )?;
        // A job at both: the kept one stays, current if either was, its title if it had one.
        tx.execute(
            "UPDATE employment SET
                 is_current = max(is_current, (SELECT o.is_current FROM employment o
                     WHERE o.organization_id = ?2 AND o.person_id = employment.person_id)),
                 title = CASE WHEN is_current = 0 AND (SELECT o.is_current FROM employment o
                         WHERE o.organization_id = ?2 AND o.person_id = employment.person_id) = 1
                     THEN coalesce((SELECT o.title FROM employment o
                         WHERE o.organization_id = ?2 AND o.person_id = employment.person_id), title)
                     ELSE coalesce(title, (SELECT o.title FROM employment o
                         WHERE o.organization_id = ?2 AND o.person_id = employment.person_id)) END,
                 left_on = CASE WHEN (SELECT o.is_current FROM employment o
                         WHERE o.organization_id = ?2 AND o.person_id = employment.person_id) = 1
                     THEN NULL ELSE left_on END,
                 updated_at = ?3
             WHERE organization_id = ?1
               AND person_id IN (SELECT person_id FROM employment WHERE organization_id = ?2)",
            params![keep.0, other.0, now],
        )?;
        tx.execute(
            "UPDATE employment SET organization_id = ?1, updated_at = ?3 WHERE organization_id = ?2
               AND person_id NOT IN (SELECT person_id FROM employment WHERE organization_id = ?1)",
            params![keep.0, other.0, now],
        )?;
        tx.execute(
            "UPDATE organizations SET notes = ?2, investor_interest = ?3, updated_at = ?4 WHERE id = ?1",
            params![keep.0, notes, interest.as_str(), now],
        )?;
        tx.execute("DELETE FROM organizations WHERE id = ?1", [other.0])?;
        tx.commit()?;
        Ok(())
    }
}
