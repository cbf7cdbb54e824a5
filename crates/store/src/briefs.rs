//! What meeting briefs need: the timed meetings in a window, the unknown attendees of one
//! meeting, and which instances have had their brief.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::params;

use super::Store;
use super::queries::{UnknownAttendee, unknown_from_row};
use crate::Result;
use kith_domain::model::InteractionId;

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Store {
    /// Meetings with a start time in `(from, to]` that are still on, earliest first.
    pub fn meetings_starting(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(InteractionId, DateTime<Utc>)>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, occurred_at FROM interactions
             WHERE occurred_at > ?1 AND occurred_at <= ?2 AND did_not_happen = 0
             ORDER BY occurred_at, id",
        )?;
        let rows = statement.query_map(params![instant(from), instant(to)], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut meetings = Vec::new();
        for row in rows {
            let (id, at) = row?;
            if let Ok(at) = DateTime::parse_from_rfc3339(&at) {
                meetings.push((InteractionId(id), at.with_timezone(&Utc)));
            }
        }
        Ok(meetings)
    }

    /// Records that the brief for this instance went out; `false` when it had already.
    pub fn mark_brief_sent(
        &mut self,
        meeting: InteractionId,
        starts_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let inserted = self.conn.execute(
            "INSERT OR IGNORE INTO briefs_sent (interaction_id, starts_at, sent_at) VALUES (?1, ?2, ?3)",
            params![meeting.0, instant(starts_at), instant(now)],
        )?;
        Ok(inserted == 1)
    }

    /// Whether the brief for this instance went out.
    pub fn brief_sent(&self, meeting: InteractionId, starts_at: DateTime<Utc>) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM briefs_sent WHERE interaction_id = ?1 AND starts_at = ?2)",
            params![meeting.0, instant(starts_at)],
            |row| row.get(0),
        )?)
    }

    /// The attendees of a meeting no one is linked to (and not ignored), with how often
    /// each was seen, most meetings first.
    pub fn unknown_attendees_of(&self, meeting: InteractionId) -> Result<Vec<UnknownAttendee>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT e.id, e.address, e.display_name,
                    (SELECT count(*) FROM interaction_attendees b JOIN interactions i ON i.id = b.interaction_id
                       WHERE b.email_id = e.id AND i.source NOT IN ('gmail', 'imap', 'mbox')) AS meetings,
                    (SELECT max(i.occurred_on) FROM interaction_attendees b
                       JOIN interactions i ON i.id = b.interaction_id WHERE b.email_id = e.id),
                    (SELECT count(*) FROM interaction_attendees b JOIN interactions i ON i.id = b.interaction_id
                       WHERE b.email_id = e.id AND i.source IN ('gmail', 'imap', 'mbox')) AS emails
             FROM interaction_attendees a JOIN emails e ON e.id = a.email_id
             WHERE a.interaction_id = ?1 AND e.person_id IS NULL
               AND e.ignored = 0 AND e.ignored_by_rule = 0 AND a.response_status <> 'declined'
             ORDER BY meetings + emails DESC, e.address",
        )?;
        let rows = statement.query_map([meeting.0], unknown_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
