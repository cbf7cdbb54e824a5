//! Read-side questions: rollups per person, an organization's last contact, and the
//! types the lists share (pages, unknown attendees, /stale's filter). Search is `find`.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Store;
use crate::Result;
use kith_domain::model::{EmailId, InteractionId, InteractionType, OrganizationId, PersonId, Tier};
use kith_domain::rank::StaleKinds;
pub use kith_domain::rank::{Match, MatchTarget, StaleEntry};

/// Computed per person, never stored: only interactions that happened on or before today.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Rollups {
    /// The last time they were seen: the latest interaction of the kinds that count
    /// (`KITH_STALE_KINDS`; by default any but mail synced from a mailbox), as /stale reads it.
    pub last_met: Option<NaiveDate>,
    pub last_f2f: Option<NaiveDate>,
    /// The last email, synced or logged.
    pub last_email: Option<NaiveDate>,
    pub interaction_count: i64,
}

/// Which people `/stale` looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaleFilter {
    All,
    Tag(String),
    Tier(Tier),
    Organization(OrganizationId),
}

/// A slice of a longer ranked list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub offset: usize,
    pub total: usize,
}

impl<T> Page<T> {
    pub fn has_next(&self) -> bool {
        self.offset + self.items.len() < self.total
    }
}

/// An address with no person that is not ignored, with how often it attended.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnknownAttendee {
    pub email_id: EmailId,
    pub address: String,
    pub display_name: Option<String>,
    /// Meetings it attended (any interaction but synced mail).
    pub meetings: i64,
    /// Threads of synced mail it was in.
    pub emails: i64,
    pub last_seen: Option<NaiveDate>,
}

/// An unknown attendee from (email id, address, display name, meetings, last seen, emails).
pub(super) fn unknown_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<UnknownAttendee> {
    Ok(UnknownAttendee {
        email_id: EmailId(row.get(0)?),
        address: row.get(1)?,
        display_name: row.get(2)?,
        meetings: row.get(3)?,
        last_seen: date(row.get(4)?),
        emails: row.get(5)?,
    })
}

pub(super) fn date(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
}

/// The interactions of person ?1: logged by hand, or attended by one of their addresses
/// without declining. This is the whole of reconciliation.
const PERSON_INTERACTIONS: &str =
    "SELECT interaction_id FROM interaction_people WHERE person_id = ?1
     UNION
     SELECT a.interaction_id FROM emails e JOIN interaction_attendees a ON a.email_id = e.id
     WHERE e.person_id = ?1 AND a.response_status <> 'declined'";

/// (person, date) of every interaction that happened on or before ?1, for every person.
const MET_ON: &str = "SELECT ip.person_id AS person_id, i.occurred_on AS day
     FROM interaction_people ip JOIN interactions i ON i.id = ip.interaction_id
     WHERE i.did_not_happen = 0 AND i.occurred_on <= ?1
     UNION ALL
     SELECT e.person_id, i.occurred_on
     FROM emails e JOIN interaction_attendees a ON a.email_id = e.id
                   JOIN interactions i ON i.id = a.interaction_id
     WHERE e.person_id IS NOT NULL AND a.response_status <> 'declined'
       AND i.did_not_happen = 0 AND i.occurred_on <= ?1";

/// The sources of synced mail, as SQL: `Source::is_mail`.
pub(super) const MAIL_SOURCES: &str = "'gmail', 'imap', 'mbox'";

/// `StaleKinds::counts` as a condition on an interaction `i`: the one meaning of "seen"
/// for a card, /stale, the reach-out list and `kith check`. The default kinds give exactly
/// the condition the `person_last_met` triggers keep (`i.source NOT IN` the mail sources).
pub(super) fn seen_sql(kinds: &StaleKinds) -> String {
    let every_type = InteractionType::ALL.iter().all(|t| kinds.types.contains(t));
    let not_mail = if every_type {
        format!("i.source NOT IN ({MAIL_SOURCES})")
    } else if kinds.types.is_empty() {
        "0".to_owned()
    } else {
        let types = kinds
            .types
            .iter()
            .map(|t| format!("'{}'", t.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        format!("(i.source NOT IN ({MAIL_SOURCES}) AND i.type IN ({types}))")
    };
    if kinds.synced_email {
        format!("({not_mail} OR i.source IN ({MAIL_SOURCES}))")
    } else {
        not_mail
    }
}

/// Interactions `i` counted as a `Tally` (meetings, calls, emails, texts, messages): five
/// columns for `tally_from`.
pub(super) const TALLY_COLUMNS: &str =
    "coalesce(sum(i.type NOT IN ('email', 'phone', 'text', 'message')), 0),
     coalesce(sum(i.type = 'phone'), 0), coalesce(sum(i.type = 'email'), 0),
     coalesce(sum(i.type = 'text'), 0), coalesce(sum(i.type = 'message'), 0)";

/// The `Tally` in the five `TALLY_COLUMNS` starting at `first`.
pub(super) fn tally_from(
    row: &rusqlite::Row<'_>,
    first: usize,
) -> rusqlite::Result<kith_domain::text::Tally> {
    let count = |at: usize| -> rusqlite::Result<usize> {
        Ok(usize::try_from(row.get::<_, i64>(first + at)?).unwrap_or(0))
    };
    Ok(kith_domain::text::Tally {
        meetings: count(0)?,
        calls: count(1)?,
        emails: count(2)?,
        texts: count(3)?,
        messages: count(4)?,
    })
}

/// When the owner last had contact (any interaction) with someone at an organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrganizationContact {
    /// Someone who works there now.
    pub current: Option<NaiveDate>,
    /// Anyone who works or worked there.
    pub including_former: Option<NaiveDate>,
}

impl Store {
    /// last_met (as the default kinds count it), last_f2f, last_email and the count of
    /// interactions that happened, as of `today`.
    pub fn rollups(&self, person: PersonId, today: NaiveDate) -> Result<Rollups> {
        self.person(person)?;
        self.rollups_of_known(person, today, &StaleKinds::default())
    }

    /// `rollups` of someone known to exist (a card has just read their row), last seen by
    /// the interactions of `kinds` (the owner's `KITH_STALE_KINDS`, as /stale counts them).
    pub fn rollups_of_known(
        &self,
        person: PersonId,
        today: NaiveDate,
        kinds: &StaleKinds,
    ) -> Result<Rollups> {
        let f2f = InteractionType::face_to_face_names()
            .iter()
            .map(|name| format!("'{name}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let (last_met, last_f2f, last_email, interaction_count) = self
            .conn
            .prepare_cached(&format!(
                "SELECT max(CASE WHEN {seen} THEN i.occurred_on END),
                        max(CASE WHEN i.type IN ({f2f}) THEN i.occurred_on END),
                        max(CASE WHEN i.type = 'email' THEN i.occurred_on END),
                        count(*)
                 FROM ({PERSON_INTERACTIONS}) mine JOIN interactions i ON i.id = mine.interaction_id
                 WHERE i.did_not_happen = 0 AND i.occurred_on <= ?2",
                seen = seen_sql(kinds),
            ))?
            .query_row(params![person.0, today.to_string()], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?;
        Ok(Rollups {
            last_met: date(last_met),
            last_f2f: date(last_f2f),
            last_email: date(last_email),
            interaction_count,
        })
    }

    /// The latest interaction that counts as having seen a person (`kinds`, as their card's
    /// "Last seen" and /stale count it) and happened on or before `today`, other than
    /// `except` (the meeting a brief is for).
    pub fn last_seen_interaction(
        &self,
        person: PersonId,
        today: NaiveDate,
        kinds: &StaleKinds,
        except: InteractionId,
    ) -> Result<Option<InteractionId>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT i.id FROM ({PERSON_INTERACTIONS}) mine JOIN interactions i ON i.id = mine.interaction_id
                 WHERE i.did_not_happen = 0 AND i.occurred_on <= ?2 AND i.id <> ?3 AND {seen}
                 ORDER BY i.occurred_on DESC, i.occurred_at DESC, i.id DESC LIMIT 1",
                seen = seen_sql(kinds),
            ))?
            .query_row(params![person.0, today.to_string(), except.0], |row| {
                Ok(InteractionId(row.get(0)?))
            })
            .optional()?)
    }

    /// How many of a person's interactions are meetings and how many synced mail.
    pub fn tally_of(&self, person: PersonId) -> Result<kith_domain::text::Tally> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {TALLY_COLUMNS}
                 FROM ({PERSON_INTERACTIONS}) mine JOIN interactions i ON i.id = mine.interaction_id"
            ))?
            .query_row([person.0], |row| tally_from(row, 0))?)
    }

    /// How many interactions a person has, of any kind and date (for paging their list).
    pub fn count_interactions_of(&self, person: PersonId) -> Result<usize> {
        let count: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM ({PERSON_INTERACTIONS})"))?
            .query_row([person.0], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// The latest day anyone currently or formerly at an organization was met, as of `today`.
    /// The last meeting with anyone at an organization: its current people, and its
    /// current and former people together.
    pub fn organization_last_contact(
        &self,
        organization: OrganizationId,
        today: NaiveDate,
    ) -> Result<OrganizationContact> {
        let (current, anyone): (Option<String>, Option<String>) = self
            .conn
            .prepare_cached(&format!(
                "WITH met AS ({MET_ON})
                 SELECT max(CASE WHEN e.is_current = 1 THEN met.day END), max(met.day)
                 FROM met JOIN employment e ON e.person_id = met.person_id
                 WHERE e.organization_id = ?2"
            ))?
            .query_row(params![today.to_string(), organization.0], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
        Ok(OrganizationContact {
            current: date(current),
            including_former: date(anyone),
        })
    }
}
