//! Writes a generated [`Network`] in one transaction with prepared statements, so the
//! owner's scale takes well under a second and 100× stays practical.

use rusqlite::{Connection, params};

use super::organizations::unique_key;
use super::people::person_name_key;
use super::{Store, bool_int};
use crate::Result;
use kith_domain::network::Network;

impl Store {
    /// Inserts every record of `network`. Nothing is written if any insert fails.
    pub fn insert_network(&mut self, network: &Network) -> Result<()> {
        let now = self.now_text();
        let tx = self.write()?;
        {
            let tag_ids = insert_tags(&tx, network, &now)?;
            let org_ids = insert_organizations(&tx, network, &tag_ids, &now)?;
            let person_ids = insert_people(&tx, network, &tag_ids, &org_ids, &now)?;
            set_introducers(&tx, network, &person_ids)?;
            let email_ids = insert_emails(&tx, network, &person_ids, &now)?;
            insert_interactions(&tx, network, &person_ids, &email_ids, &now)?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// The network's tags; returns their ids, in its order.
fn insert_tags(tx: &Connection, network: &Network, now: &str) -> Result<Vec<i64>> {
    let mut insert_tag =
        tx.prepare("INSERT INTO tags (name, name_key, created_at) VALUES (?1, ?2, ?3)")?;
    let mut tag_ids = Vec::with_capacity(network.tags.len());
    for tag in &network.tags {
        insert_tag.execute(params![tag, unique_key(tag), now])?;
        tag_ids.push(tx.last_insert_rowid());
    }
    Ok(tag_ids)
}

/// The network's organizations, each with its domain and tags; returns their ids, in
/// its order.
fn insert_organizations(
    tx: &Connection,
    network: &Network,
    tag_ids: &[i64],
    now: &str,
) -> Result<Vec<i64>> {
    let mut insert_org = tx.prepare(
        "INSERT INTO organizations (name, name_key, investor_interest, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?;
    let mut insert_domain =
        tx.prepare("INSERT INTO organization_domains (domain, organization_id) VALUES (?1, ?2)")?;
    let mut insert_org_tag = tx.prepare(
        "INSERT INTO organization_tags (organization_id, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?;
    let mut org_ids = Vec::with_capacity(network.organizations.len());
    for org in &network.organizations {
        insert_org.execute(params![
            org.name,
            unique_key(&org.name),
            org.investor_interest.as_str(),
            now
        ])?;
        let id = tx.last_insert_rowid();
        insert_domain.execute(params![org.domain, id])?;
        for tag in &org.tags {
            insert_org_tag.execute(params![id, tag_ids[*tag]])?;
        }
        org_ids.push(id);
    }
    Ok(org_ids)
}

/// The network's people, each with their tags and jobs; returns their ids, in its order.
fn insert_people(
    tx: &Connection,
    network: &Network,
    tag_ids: &[i64],
    org_ids: &[i64],
    now: &str,
) -> Result<Vec<i64>> {
    let mut insert_person = tx.prepare(
        "INSERT INTO people (given_name, family_name, name_key, closeness, linkedin_url, location,
             notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?;
    let mut insert_person_tag = tx.prepare(
        "INSERT INTO person_tags (person_id, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?;
    let mut insert_employment = tx.prepare(
        "INSERT INTO employment (person_id, organization_id, title, is_current, created_at, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?5
         WHERE NOT EXISTS (SELECT 1 FROM employment WHERE person_id = ?1 AND organization_id = ?2)",
    )?;
    let mut person_ids = Vec::with_capacity(network.people.len());
    for person in &network.people {
        insert_person.execute(params![
            person.given_name,
            person.family_name,
            person_name_key(&person.given_name, &person.family_name, None, ""),
            person.closeness.map(|t| t.number()),
            person.linkedin_url,
            person.location,
            person.notes,
            now,
        ])?;
        let id = tx.last_insert_rowid();
        for tag in &person.tags {
            insert_person_tag.execute(params![id, tag_ids[*tag]])?;
        }
        for (org, title, current) in &person.employment {
            insert_employment.execute(params![
                id,
                org_ids[*org],
                title,
                bool_int(*current),
                now
            ])?;
        }
        person_ids.push(id);
    }
    Ok(person_ids)
}

/// Each person's introducer (never themselves).
fn set_introducers(tx: &Connection, network: &Network, person_ids: &[i64]) -> Result<()> {
    let mut set_introducer = tx.prepare("UPDATE people SET introduced_by = ?2 WHERE id = ?1")?;
    for (index, person) in network.people.iter().enumerate() {
        if let Some(introducer) = person.introduced_by.filter(|i| *i != index) {
            set_introducer.execute(params![person_ids[index], person_ids[introducer]])?;
        }
    }
    Ok(())
}

/// The network's addresses; returns their ids, in its order.
fn insert_emails(
    tx: &Connection,
    network: &Network,
    person_ids: &[i64],
    now: &str,
) -> Result<Vec<i64>> {
    let mut insert_email = tx.prepare(
        "INSERT INTO emails (address, person_id, is_primary, kind, display_name, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?;
    let mut email_ids = Vec::with_capacity(network.emails.len());
    for email in &network.emails {
        insert_email.execute(params![
            email.address,
            email.person.map(|p| person_ids[p]),
            bool_int(email.is_primary),
            email.kind.as_str(),
            email.display_name,
            now,
        ])?;
        email_ids.push(tx.last_insert_rowid());
    }
    Ok(email_ids)
}

/// The network's interactions, each with its people and attendees.
fn insert_interactions(
    tx: &Connection,
    network: &Network,
    person_ids: &[i64],
    email_ids: &[i64],
    now: &str,
) -> Result<()> {
    let mut insert_interaction = tx.prepare(
        "INSERT INTO interactions (occurred_on, type, type_set_by_hand, title, notes, source,
             calendar_event_id, did_not_happen, initiated_by_other, created_at, updated_at, occurred_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
    )?;
    let mut insert_participant = tx.prepare(
        "INSERT INTO interaction_people (interaction_id, person_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?;
    let mut insert_attendee = tx.prepare(
        "INSERT INTO interaction_attendees (interaction_id, email_id, response_status) VALUES (?1, ?2, ?3)
         ON CONFLICT DO NOTHING",
    )?;
    for interaction in &network.interactions {
        insert_interaction.execute(params![
            interaction.occurred_on.to_string(),
            interaction.kind.as_str(),
            bool_int(interaction.calendar_event_id.is_none()),
            interaction.title,
            interaction.notes,
            interaction.source.as_str(),
            interaction.calendar_event_id,
            bool_int(interaction.did_not_happen),
            bool_int(interaction.initiated_by_other),
            now,
            interaction.starts_at_minute.map(|minute| format!(
                "{}T{:02}:{:02}:00Z",
                interaction.occurred_on,
                minute / 60,
                minute % 60
            )),
        ])?;
        let id = tx.last_insert_rowid();
        for person in &interaction.people {
            insert_participant.execute(params![id, person_ids[*person]])?;
        }
        for (email, response) in &interaction.attendees {
            insert_attendee.execute(params![id, email_ids[*email], response.as_str()])?;
        }
    }
    Ok(())
}
