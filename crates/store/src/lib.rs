//! The store: the one SQLite file and every SQL statement kith runs. Each submodule owns
//! the SQL of one part of the model; everything above this module speaks in model types.
//!
//! Opening applies the embedded migrations, turns on WAL, foreign keys and a busy
//! handler (`BUSY_WAIT`, retried every `BUSY_POLL`), and creates a new database file
//! readable by its owner only. Every write is one transaction that takes the write lock
//! first; inside one already open (`in_one_transaction`) it is a savepoint of it.

/// The one rule for a person's shown name, as SQL over `people p`: the display name when
/// it has more than spaces, else given and family name joined by one space. `Person::name`
/// and `NewPerson`'s name follow the same rule in Rust (`domain::model::shown_name`, tested equal).
macro_rules! shown_name {
    () => {
        "coalesce(nullif(trim(p.display_name), ''), trim(trim(p.given_name) || ' ' || trim(p.family_name)))"
    };
}

mod address_book;
mod address_book_chat;
mod briefs;
mod changes;
mod chat;
mod completion;
mod corrections;
mod dupes;
mod emails;
mod error;
mod export;
mod find;
mod fingerprint;
mod floors;
mod import;
mod import_contact;
mod import_intentions;
mod import_interactions;
mod import_match;
mod intention_checks;
mod intention_floors;
mod intentions;
mod interactions;
mod jobs;
mod lists;
mod merge;
mod merge_plan;
mod organizations;
mod owners;
mod people;
mod phones;
mod queries;
mod ranked;
mod schema;
mod seed;
mod snoozes;
mod stats;
mod status;
mod sync;
mod tables;
mod telegram_chats;
mod telegram_connections;
mod telegram_identity;
mod undo;
mod writing_search;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, Savepoint, Transaction, TransactionBehavior};

use kith_domain::error::{Entity, Refusal};
use kith_files::{Existing, NewFile};

pub use address_book::{CardAsk, CardLink, CardQuestion, LinkState, LinkWrite, Taken};
pub use changes::ChangeEntry;
pub use corrections::{HandMarks, Ignored};
pub use emails::normalize_ignore_pattern;
pub use emails::{EmailRecord, LinkOutcome};
pub use error::{Error, Result};
pub use export::not_an_export;
pub use find::Reach;
pub use intentions::{Finished, MAX_INTENTION_TEXT, NewFollowUp};
pub use interactions::{Attendee, CalendarEvent, Interaction, NewInteraction, UpsertOutcome};
pub use kith_domain::import::{
    Commit, Conflicts, ImportAttendee, ImportBatch, ImportInteraction, ImportOrganization,
    ImportPerson, ImportReport, Origin, Place,
};
pub use merge::MergeOutcome;
pub use merge_plan::MergePlan;
pub use organizations::{Employment, EmploymentStatus, Organization};
pub use people::{NewPerson, Person, PersonField};
pub use queries::{
    Match, MatchTarget, OrganizationContact, Page, Rollups, StaleEntry, StaleFilter,
    UnknownAttendee,
};
pub use ranked::StaleQuery;
pub use schema::{MIGRATIONS, latest_schema_version};
pub use snoozes::{Snoozed, TimedDue};
pub use status::{SourceRow, StoreStatus};
pub use sync::{ApplyReport, SyncBatch};
pub use tables::{HISTORY_TABLES, NETWORK_TABLES, NetworkTable, network_table};
pub use telegram_chats::{CHAT_DAY_TITLE, ChatDaysReport, WaitingPartner};
pub use telegram_connections::{ConnectionState, TelegramConnection};
pub use telegram_identity::TelegramIdentity;
pub use writing_search::{MAX_WRITING_WORDS, WritingHit, WritingPage, Written, writing_words};

/// The store shared by the tasks of a running bot (and a sync): locked on a blocking
/// thread only, never across an `.await`.
pub type SharedStore = std::sync::Arc<std::sync::Mutex<Store>>;

/// Locks a shared store; a panic elsewhere does not make the data unusable.
pub fn lock(store: &std::sync::Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// How long a statement waits for another process's write lock before it fails with
/// "database is locked": many times the longest part a sync applies (RELIABILITY.md has
/// the figures), so a write sent during a sync waits for the part in hand and goes on.
pub const BUSY_WAIT: Duration = Duration::from_secs(10);

/// How often a waiting statement tries the lock again. SQLite's own handler backs off to
/// 100 ms, so a waiter starves behind a writer that lets go only for an instant between
/// two parts; a sync pauses longer than this between its parts.
pub const BUSY_POLL: Duration = Duration::from_millis(1);

/// SQLite's busy handler for every connection: try again every `BUSY_POLL` until
/// `BUSY_WAIT` has passed since this wait began (`count` 0 is its first call).
fn wait_for_the_lock(count: i32) -> bool {
    thread_local! {
        static WAITING_SINCE: std::cell::Cell<Option<Instant>> = const { std::cell::Cell::new(None) };
    }
    let now = Instant::now();
    let since = WAITING_SINCE.with(|since| {
        if count == 0 || since.get().is_none() {
            since.set(Some(now));
        }
        since.get().unwrap_or(now)
    });
    if now.duration_since(since) >= BUSY_WAIT {
        return false;
    }
    std::thread::sleep(BUSY_POLL);
    true
}

/// Every connection waits for the write lock the same way.
fn wait_when_busy(conn: &Connection) -> Result<()> {
    conn.busy_handler(Some(wait_for_the_lock))?;
    Ok(())
}

/// One write: a transaction that took the write lock first, or, inside a transaction
/// already open, a savepoint of it. Either is undone when dropped without `commit`.
pub(crate) enum Write<'a> {
    Transaction(Transaction<'a>),
    Savepoint(Savepoint<'a>),
}

impl Write<'_> {
    fn commit(self) -> rusqlite::Result<()> {
        match self {
            Write::Transaction(tx) => tx.commit(),
            Write::Savepoint(savepoint) => savepoint.commit(),
        }
    }

    /// Undoes this write's statements (a dry run's way out).
    fn rollback(self) -> rusqlite::Result<()> {
        match self {
            Write::Transaction(tx) => tx.rollback(),
            Write::Savepoint(mut savepoint) => {
                savepoint.rollback()?;
                savepoint.commit()
            }
        }
    }
}

impl std::ops::Deref for Write<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match self {
            Write::Transaction(tx) => tx,
            Write::Savepoint(savepoint) => savepoint,
        }
    }
}

/// Where audit timestamps (`created_at`, `updated_at`) come from. Decisions never read
/// it: "today" and "now" are parameters of the functions that decide.
#[derive(Clone, Copy, Debug)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => at,
        }
    }
}

/// The SQLite database with kith's schema.
pub struct Store {
    conn: Connection,
    clock: Clock,
}

/// Whether an error is another connection's lock, from a statement or a migration.
fn is_busy(error: &Error) -> bool {
    let sqlite = match error {
        Error::Database(error) => error,
        Error::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => err,
        _ => return false,
    };
    matches!(
        sqlite.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

impl Store {
    /// Opens (creating if needed, mode 0600) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        // A new file opened by several processes at once: switching it to WAL and a
        // migration can meet another process's lock where SQLite does not wait (a lock
        // upgrade); the open is tried again, within the busy wait.
        let started = std::time::Instant::now();
        loop {
            match Store::open_once(path) {
                Err(error) if started.elapsed() < BUSY_WAIT && is_busy(&error) => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store> {
        create_private_file(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        // Before anything reads the file: another process may be writing it.
        wait_when_busy(&conn)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Store::prepare(conn)
    }

    /// A private in-memory database with the real migrations, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> Result<Store> {
        wait_when_busy(&conn)?;
        // The ranked lists prepare a handful of statements per cadence group.
        conn.set_prepared_statement_cache_capacity(128);
        // Migrations run with foreign keys off, so one that rebuilds a table (SQLite's way
        // of changing a CHECK) cascades nothing; each is checked with foreign_key_check.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        schema::migrate(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        changes::install_capture(&conn)?;
        let mut store = Store {
            conn,
            clock: Clock::System,
        };
        store.refresh_derived()?;
        Ok(store)
    }

    /// Opens an existing database to look at it without changing anything: read-only,
    /// never migrated (`kith check`). Its schema may be older than this kith's.
    pub fn open_to_inspect(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        wait_when_busy(&conn)?;
        Ok(Store {
            conn,
            clock: Clock::System,
        })
    }

    /// Uses `clock` for audit timestamps from now on.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    fn now_text(&self) -> String {
        self.clock.now().to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// A write that takes the write lock up front (`BEGIN IMMEDIATE`), so it never fails
    /// half-way with "database is locked" when another process writes at the same time;
    /// inside `in_one_transaction` it is a savepoint of that transaction.
    fn write(&mut self) -> Result<Write<'_>> {
        if self.conn.is_autocommit() {
            Ok(Write::Transaction(self.conn.transaction_with_behavior(
                TransactionBehavior::Immediate,
            )?))
        } else {
            Ok(Write::Savepoint(self.conn.savepoint()?))
        }
    }

    /// Runs `work` as one transaction that takes the write lock first: everything it reads
    /// and writes is one step no other process comes between, committed when it returns
    /// `Ok`, rolled back on an error (or a panic). Called inside another, it is a savepoint
    /// of that one. Every chat input runs so (`Engine::handle`), as does each sync part.
    pub fn in_one_transaction<T>(
        &mut self,
        work: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        let outermost = self.conn.is_autocommit();
        self.conn.execute_batch(if outermost {
            "BEGIN IMMEDIATE"
        } else {
            "SAVEPOINT in_one_transaction"
        })?;
        let (commit, rollback) = if outermost {
            ("COMMIT", "ROLLBACK")
        } else {
            (
                "RELEASE in_one_transaction",
                "ROLLBACK TO in_one_transaction; RELEASE in_one_transaction",
            )
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(self)));
        let finished = match &outcome {
            Ok(Ok(_)) => self.conn.execute_batch(commit),
            Ok(Err(_)) | Err(_) => self.conn.execute_batch(rollback),
        };
        match (outcome, finished) {
            (Err(panic), _) => std::panic::resume_unwind(panic),
            (Ok(Err(error)), _) => Err(error),
            (Ok(Ok(value)), Ok(())) => Ok(value),
            (Ok(Ok(_)), Err(error)) => {
                // A commit that failed leaves the transaction open: end it.
                if !self.conn.is_autocommit() {
                    let _ = self.conn.execute_batch(rollback);
                }
                Err(error.into())
            }
        }
    }

    /// Runs `work` and takes back everything it wrote, whatever it returns: a dry run that
    /// does the real work (each part it would commit a savepoint inside this one), so
    /// what it reports is exact and nothing changes.
    pub fn rolled_back<T>(&mut self, work: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("SAVEPOINT rolled_back")?;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(self)));
        let undone = self
            .conn
            .execute_batch("ROLLBACK TO rolled_back; RELEASE rolled_back");
        match outcome {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(result) => {
                undone?;
                result
            }
        }
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<usize> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?;
        Ok(usize::try_from(version).unwrap_or(0))
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`: the problems found, empty when clean.
    pub fn health_problems(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut statement = self.conn.prepare("PRAGMA integrity_check")?;
        for line in statement.query_map([], |row| row.get::<_, String>(0))? {
            let line = line?;
            if line != "ok" {
                problems.push(format!("integrity: {line}"));
            }
        }
        let mut statement = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = statement.query_map([], |row| {
            Ok(format!(
                "foreign key: {} row {} refers to a missing {}",
                row.get::<_, String>(0)?,
                row.get::<_, Option<i64>>(1)?.unwrap_or(0),
                row.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        // The last-met rollup must equal a full recomputation.
        let drifted: i64 = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM people p LEFT JOIN person_last_met l ON l.person_id = p.id
                 WHERE coalesce(l.last_on, '') <> coalesce(
                     (SELECT max(i.occurred_on) FROM interaction_participants ip JOIN interactions i ON i.id = ip.interaction_id
                      WHERE ip.person_id = p.id AND i.did_not_happen = 0 AND {}), '')",
                queries::seen_sql(&kith_domain::rank::StaleKinds::default())
            ),
            [],
            |row| row.get(0),
        )?;
        if drifted > 0 {
            problems.push(format!(
                "rollup: {drifted} people's last meeting is out of date"
            ));
        }
        // What /stale reads the rollup by must be each person's own.
        let unlisted: i64 = self.conn.query_row(
            "SELECT count(*) FROM people p LEFT JOIN person_last_met l ON l.person_id = p.id
             WHERE l.person_id IS NULL OR l.archived IS NOT p.archived
                OR l.own_cadence IS NOT p.cadence_days OR l.tier IS NOT p.closeness",
            [],
            |row| row.get(0),
        )?;
        if unlisted > 0 {
            problems.push(format!(
                "rollup: {unlisted} people's tier, cadence or archived mark is out of date in the overdue index"
            ));
        }
        // Each address's attendance count, mail count, latest day and unknown mark.
        let miscounted: i64 = self.conn.query_row(
            "SELECT count(*) FROM emails e LEFT JOIN address_seen s ON s.email_id = e.id
             LEFT JOIN (SELECT a.email_id, count(*) AS seen,
                               sum(i.source IN ('gmail', 'imap', 'mbox')) AS emails, max(i.occurred_on) AS last_on
                        FROM interaction_attendees a JOIN interactions i ON i.id = a.interaction_id
                        GROUP BY a.email_id) c ON c.email_id = e.id
             WHERE s.email_id IS NULL OR s.address IS NOT e.address
                OR s.unknown IS NOT (e.person_id IS NULL AND e.ignored = 0 AND e.ignored_by_rule = 0)
                OR s.seen IS NOT coalesce(c.seen, 0) OR s.emails IS NOT coalesce(c.emails, 0)
                OR s.last_on IS NOT c.last_on",
            [],
            |row| row.get(0),
        )?;
        if miscounted > 0 {
            problems.push(format!(
                "rollup: {miscounted} addresses' meeting count or last day is out of date"
            ));
        }
        Ok(problems)
    }

    /// Row counts of the counted network tables (`NETWORK_TABLES`), in its order, for
    /// summaries and checks.
    pub fn table_counts(&self) -> Result<Vec<(&'static str, i64)>> {
        NETWORK_TABLES
            .iter()
            .filter(|table| table.counted)
            .map(|table| table.name)
            .map(|table| {
                let count =
                    self.conn
                        .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                            row.get(0)
                        })?;
                Ok((table, count))
            })
            .collect()
    }

    /// A consistent snapshot of the whole database written to `path` (0600): copied into
    /// a private temporary file beside it, then renamed over whatever is there.
    pub fn backup_to(&self, path: &Path) -> Result<()> {
        let file_error = |problem| file_error(path, problem);
        let mut copy = NewFile::beside(path).map_err(file_error)?;
        self.copy_to(&mut copy, path)?;
        copy.place(path, Existing::Replace).map_err(file_error)
    }

    /// Copies the database into the empty private file `copy`: by SQLite's online
    /// backup, or, inside a transaction (a chat's /backup), from the connection's own
    /// image of its pages, since the backup API cannot read a connection that holds the
    /// write lock. Either copy is consistent: no one else can write while it is taken.
    fn copy_to(&self, copy: &mut NewFile, target: &Path) -> Result<()> {
        if self.conn.is_autocommit() {
            self.conn.backup(rusqlite::MAIN_DB, copy.path(), None)?;
            return Ok(());
        }
        let image = self.conn.serialize(rusqlite::MAIN_DB)?;
        std::io::Write::write_all(copy.file(), &image)
            .map_err(|problem| file_error(target, problem))
    }
}

fn file_error(path: &Path, problem: std::io::Error) -> Error {
    Error::File {
        path: path.display().to_string(),
        problem,
    }
}

/// Creates `path` empty with mode 0600 when nothing is there yet (its folders 0700), so
/// SQLite (and the WAL and shared-memory files it derives from it) never widen its
/// permissions.
fn create_private_file(path: &Path) -> Result<()> {
    if kith_files::occupied(path) {
        return Ok(());
    }
    let empty = NewFile::beside(path).map_err(|problem| file_error(path, problem))?;
    match empty.place(path, Existing::Refuse) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(file_error(path, e)),
        _ => Ok(()),
    }
}

/// Turns "no rows" into a specific not-found error.
fn found<T>(result: rusqlite::Result<T>, entity: Entity, id: i64) -> Result<T> {
    match result {
        Err(rusqlite::Error::QueryReturnedNoRows) => Err(Refusal::NotFound { entity, id }.into()),
        other => Ok(other?),
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn bool_int(value: bool) -> i64 {
    i64::from(value)
}
