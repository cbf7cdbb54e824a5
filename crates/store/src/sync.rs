//! What calendar sync reads and writes: which event keys are known, the ignore rules,
//! each source's sync position, and applying one source's changes together with its new
//! position in a single transaction.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, params};

use super::Store;
use super::interactions::upsert_event_in;
use crate::Result;
use kith_domain::actor::Actor;
pub use kith_domain::event::SyncBatch;
use kith_domain::model::InteractionId;

/// What applying a batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ApplyReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub new_addresses: usize,
}

impl Store {
    /// Which of `keys` already have an interaction.
    pub fn known_event_keys(&self, keys: &[String]) -> Result<HashSet<String>> {
        let json = serde_json::to_string(keys).expect("keys serialise");
        let mut statement = self.conn.prepare_cached(
            "SELECT calendar_event_id FROM interactions
             WHERE calendar_event_id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = statement.query_map([json], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The built-in patterns of addresses that are never people (rooms, calendars,
    /// noreply): a sync leaves them out. What the owner ignored is kept as attendance.
    pub fn never_people_patterns(&self) -> Result<Vec<String>> {
        Ok(self
            .ignore_rules()?
            .into_iter()
            .filter(|(_, builtin)| *builtin)
            .map(|(p, _)| p)
            .collect())
    }

    /// A source's stored position (Google's sync token), if any.
    pub fn sync_position(&self, source: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT position FROM sync_sources WHERE source = ?1")?
            .query_row([source], |row| row.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// Applies a source's changes and moves its position, all or nothing.
    pub fn apply_sync(
        &mut self,
        source: &str,
        batch: &SyncBatch,
        position: Option<&str>,
    ) -> Result<ApplyReport> {
        self.apply_sync_in(batch, Some((source, position)))
    }

    /// Applies part of a source's changes in one transaction, leaving its position where
    /// it is: a large delivery is applied in parts so the chat is answered in between, and
    /// only the last part (`apply_sync`) moves the position.
    pub fn apply_sync_part(&mut self, batch: &SyncBatch) -> Result<ApplyReport> {
        self.apply_sync_in(batch, None)
    }

    /// Applies part of an archive's mail (`kith import mbox`) in one transaction, inside
    /// the change the import opened (`begin_change(Actor::Import)`, closed by `finish_change`
    /// after its last part): every row it writes is captured, so `/undo` takes the whole
    /// import back, as it does any other import's.
    pub fn apply_import_part(&mut self, batch: &SyncBatch) -> Result<ApplyReport> {
        self.in_one_transaction(|store| store.apply_sync_recorded(batch, None, &mut Vec::new()))
    }

    /// The part and the change that records it are one transaction: one wait for the write
    /// lock, and a part is never in without its record.
    fn apply_sync_in(
        &mut self,
        batch: &SyncBatch,
        position: Option<(&str, Option<&str>)>,
    ) -> Result<ApplyReport> {
        self.in_one_transaction(|store| store.apply_sync_recording(batch, position))
    }

    fn apply_sync_recording(
        &mut self,
        batch: &SyncBatch,
        position: Option<(&str, Option<&str>)>,
    ) -> Result<ApplyReport> {
        self.begin_change(Actor::Sync)?;
        let mut touched = Vec::new();
        let report = self.apply_sync_recorded(batch, position, &mut touched);
        let what = if batch.upserts.first().is_some_and(|e| e.source.is_mail()) {
            "Mail"
        } else {
            "Calendar"
        };
        let summary = match &report {
            Ok(report) => format!("{what}: {} new, {} updated", report.created, report.updated),
            Err(_) => format!("{what} (failed)"),
        };
        if report.is_err() {
            touched.clear();
        }
        self.finish_change_touching(&summary, &[], &touched)?;
        report
    }

    fn apply_sync_recorded(
        &mut self,
        batch: &SyncBatch,
        position: Option<(&str, Option<&str>)>,
        touched: &mut Vec<InteractionId>,
    ) -> Result<ApplyReport> {
        let now = self.now_text();
        // Already inside `apply_sync_in`'s transaction, which rolls back on an error. Not a
        // savepoint: one held over a whole part makes SQLite's statement journal walk
        // every page the part has touched at each statement's end (measured 3.5× slower).
        let tx = &self.conn;
        let mut report = ApplyReport::default();
        for event in &batch.upserts {
            let outcome = upsert_event_in(tx, event, &now)?;
            if outcome.changed {
                touched.push(outcome.id);
            }
            report.new_addresses += outcome.new_addresses;
            if outcome.created {
                report.created += 1;
            } else if outcome.changed {
                report.updated += 1;
            } else {
                report.unchanged += 1;
            }
        }
        for key in &batch.cancels {
            let cancelled: Option<i64> = tx
                .prepare_cached(
                    "UPDATE interactions SET did_not_happen = 1, updated_at = ?2
                     WHERE calendar_event_id = ?1 AND did_not_happen = 0 AND happened_set_by_hand = 0
                     RETURNING id",
                )?
                .query_row(params![key, now], |row| row.get(0))
                .optional()?;
            if let Some(id) = cancelled {
                touched.push(InteractionId(id));
                report.updated += 1;
            } else {
                report.unchanged += 1;
            }
        }
        if let Some((source, position)) = position {
            tx.execute(
                "INSERT INTO sync_sources (source, position, last_success_at, last_error, updated_at)
                 VALUES (?1, ?2, ?3, NULL, ?3)
                 ON CONFLICT (source) DO UPDATE SET position = excluded.position,
                     last_success_at = excluded.last_success_at, last_error = NULL, updated_at = excluded.updated_at",
                params![source, position, now],
            )?;
        }
        Ok(report)
    }

    /// Records that a source failed; its position stays where it was.
    pub fn record_sync_error(&mut self, source: &str, error: &str) -> Result<()> {
        let now = self.now_text();
        self.conn.execute(
            "INSERT INTO sync_sources (source, last_error, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (source) DO UPDATE SET last_error = excluded.last_error, updated_at = excluded.updated_at",
            params![source, error, now],
        )?;
        Ok(())
    }
}
