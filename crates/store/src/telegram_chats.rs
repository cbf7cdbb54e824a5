//! The owner's Telegram chats as interactions: one `message` per partner and day the owner
//! wrote (keyed `telegram:PARTNER:DAY`, so a business connection and the export log a day
//! once), with the person who has the partner's Telegram id; a partner who is no one yet
//! is kept with their days waiting, and those days are logged the moment someone gets
//! that id (`adopt_partner`, called whenever a person's Telegram id is set). An ignored
//! partner's days are never kept.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use kith_domain::model::{InteractionId, InteractionType, PersonId, Source};
use kith_domain::telegram::{ChatDay, TelegramUser, chat_day_key};
use rusqlite::{OptionalExtension, params};

use crate::interactions::NewInteraction;
use crate::telegram_identity::TelegramIdentity;
use crate::{Result, Store};

/// What logging some chat days did, each day counted once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChatDaysReport {
    /// Days logged as a message with someone kith knows.
    pub logged: usize,
    /// Days that were logged already (by an earlier update or import).
    pub already: usize,
    /// Days kept for a partner who is no one in kith yet.
    pub waiting: usize,
    /// Days that were waiting already for such a partner (an earlier update or import).
    pub still_waiting: usize,
    /// The partners whose days wait (`waiting` or `still_waiting`), each counted once.
    pub partners_waiting: usize,
    /// Days of partners the owner ignored: dropped.
    pub ignored: usize,
    /// Partners seen for the first time.
    pub new_partners: usize,
}

/// The title a logged chat day carries.
pub const CHAT_DAY_TITLE: &str = "Telegram chat";

impl Store {
    /// Logs each day the owner wrote in a private chat (see the module's rule).
    pub fn log_chat_days(&mut self, days: &[ChatDay]) -> Result<ChatDaysReport> {
        Ok(self.log_chat_days_touching(days)?.0)
    }

    /// The same, with the interactions it logged (what a sync's change names).
    pub fn log_chat_days_touching(
        &mut self,
        days: &[ChatDay],
    ) -> Result<(ChatDaysReport, Vec<InteractionId>)> {
        let mut report = ChatDaysReport::default();
        let mut logged = Vec::new();
        let mut waiting_for = std::collections::BTreeSet::new();
        for day in days {
            let key = chat_day_key(day.partner.id, day.day);
            if self.interaction_by_event_id(&key)?.is_some() {
                report.already += 1;
            } else if let Some(person) = self.chat_partner_person(&day.partner, &mut report)? {
                if self.message_on_day(person, day.day)? {
                    report.already += 1;
                } else {
                    logged.push(self.log_chat_day(person, day.partner.id, day.day)?);
                    report.logged += 1;
                }
            } else {
                match self.keep_partner(&day.partner, day.day)? {
                    Partner::Ignored => report.ignored += 1,
                    Partner::Known => {}
                    Partner::New => report.new_partners += 1,
                }
                if !self.partner_ignored(day.partner.id)? {
                    // A day already waiting is not inserted again: even an insert that
                    // does nothing would move the table's AUTOINCREMENT counter.
                    let tx = self.write()?;
                    let added = tx.execute(
                        "INSERT INTO telegram_chat_days (user_id, on_day)
                         SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM telegram_chat_days
                             WHERE user_id = ?1 AND on_day = ?2)",
                        params![day.partner.id, day.day.to_string()],
                    )?;
                    tx.commit()?;
                    if added == 1 {
                        report.waiting += 1;
                    } else {
                        report.still_waiting += 1;
                    }
                    waiting_for.insert(day.partner.id);
                }
            }
        }
        report.partners_waiting = waiting_for.len();
        Ok((report, logged))
    }

    /// The person a chat partner is: the one with their Telegram id; else the one whose
    /// card has their username and no Telegram id yet, who learns the id now (logging the
    /// days that waited for it, counted in `report.logged`). A username on a card with
    /// another id is not theirs (usernames change hands): then no one.
    fn chat_partner_person(
        &mut self,
        partner: &TelegramUser,
        report: &mut ChatDaysReport,
    ) -> Result<Option<PersonId>> {
        if let Some(person) = self.person_by_telegram_id(partner.id)? {
            return Ok(Some(person));
        }
        let Some(username) = partner.username.as_deref() else {
            return Ok(None);
        };
        let Some(person) = self.person_by_telegram_username(username)? else {
            return Ok(None);
        };
        if self.telegram_identity(person)?.id.is_some() {
            return Ok(None);
        }
        report.logged += self.adopt_partner(partner.id, person)?;
        self.set_telegram_identity(
            person,
            &TelegramIdentity {
                id: Some(partner.id),
                username: None,
            },
        )?;
        Ok(Some(person))
    }

    /// Whether `person` has a `message` interaction on `day` already (a chat day, or a
    /// forwarded message logged by hand, whatever its source): that day is logged.
    fn message_on_day(&self, person: PersonId, day: NaiveDate) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM interactions i
                     JOIN interaction_people ip ON ip.interaction_id = i.id
                     WHERE ip.person_id = ?1 AND i.occurred_on = ?2 AND i.type = 'message'
                       AND i.did_not_happen = 0)",
            )?
            .query_row(params![person.0, day.to_string()], |row| row.get(0))?)
    }

    /// One logged chat day with `person`.
    fn log_chat_day(
        &mut self,
        person: PersonId,
        partner: i64,
        day: NaiveDate,
    ) -> Result<InteractionId> {
        let mut new = NewInteraction::manual(day, InteractionType::Message, vec![person]);
        new.title = CHAT_DAY_TITLE.to_owned();
        new.source = Source::Telegram;
        new.calendar_event_id = Some(chat_day_key(partner, day));
        self.log_interaction(&new)
    }

    /// `person` now has the Telegram id `partner`: the days waiting for them are logged
    /// with that person and the partner is no longer waiting. Returns how many days.
    pub fn adopt_partner(&mut self, partner: i64, person: PersonId) -> Result<usize> {
        let days: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT on_day FROM telegram_chat_days WHERE user_id = ?1 ORDER BY on_day",
            )?
            .query_map([partner], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut logged = 0;
        for day in days {
            let Ok(day) = day.parse::<NaiveDate>() else {
                continue;
            };
            if self
                .interaction_by_event_id(&chat_day_key(partner, day))?
                .is_none()
                && !self.message_on_day(person, day)?
            {
                self.log_chat_day(person, partner, day)?;
                logged += 1;
            }
        }
        let tx = self.write()?;
        tx.execute(
            "DELETE FROM telegram_partners WHERE user_id = ?1",
            [partner],
        )?;
        tx.commit()?;
        Ok(logged)
    }

    /// Keeps a partner who is no one yet (their names brought up to date), saying whether
    /// they were new, known, or ignored.
    fn keep_partner(&mut self, user: &TelegramUser, day: NaiveDate) -> Result<Partner> {
        let ignored: Option<bool> = self
            .conn
            .prepare_cached("SELECT ignored FROM telegram_partners WHERE user_id = ?1")?
            .query_row([user.id], |row| row.get(0))
            .optional()?;
        let now = self.now_text();
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO telegram_partners
                 (user_id, first_name, last_name, username, first_seen_on, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (user_id) DO UPDATE SET first_name = excluded.first_name,
                 last_name = excluded.last_name, username = excluded.username
             WHERE first_name IS NOT excluded.first_name OR last_name IS NOT excluded.last_name
                 OR username IS NOT excluded.username",
            params![
                user.id,
                user.first_name,
                user.last_name,
                user.username,
                day.to_string(),
                now
            ],
        )?;
        tx.commit()?;
        Ok(match ignored {
            None => Partner::New,
            Some(true) => Partner::Ignored,
            Some(false) => Partner::Known,
        })
    }

    fn partner_ignored(&self, user_id: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT ignored FROM telegram_partners WHERE user_id = ?1")?
            .query_row([user_id], |row| row.get(0))
            .optional()?
            .unwrap_or(false))
    }
}

/// A Telegram user the owner wrote to who is no one in kith yet, with their waiting days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingPartner {
    pub user: TelegramUser,
    /// The owner said they are not a person to keep: their chats are never logged.
    pub ignored: bool,
    /// The days the owner wrote to them, waiting to be logged.
    pub days: usize,
    pub last_day: Option<NaiveDate>,
}

const PARTNER_SELECT: &str = "SELECT p.user_id, p.first_name, p.last_name, p.username, p.ignored,
        count(d.id), max(d.on_day)
    FROM telegram_partners p LEFT JOIN telegram_chat_days d ON d.user_id = p.user_id";

fn partner_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<WaitingPartner> {
    let last_day: Option<String> = row.get(6)?;
    Ok(WaitingPartner {
        user: TelegramUser {
            id: row.get(0)?,
            first_name: row.get(1)?,
            last_name: row.get(2)?,
            username: row.get(3)?,
        },
        ignored: row.get(4)?,
        days: row.get::<_, i64>(5)?.try_into().unwrap_or(0),
        last_day: last_day.and_then(|day| day.parse().ok()),
    })
}

impl Store {
    /// The partner kept under this Telegram id (waiting or ignored), if any.
    pub fn telegram_partner(&self, user_id: i64) -> Result<Option<WaitingPartner>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "{PARTNER_SELECT} WHERE p.user_id = ?1 GROUP BY p.user_id"
            ))?
            .query_row([user_id], partner_from_row)
            .optional()?)
    }

    /// A page of the partners waiting for triage (not ignored), the most days first; with
    /// `since` (a moment: its day in the owner's zone, and the instant), only those the
    /// owner wrote to on or after that day or kith began keeping after that instant
    /// (the news since the last digest, whatever their days' dates). Also how many in all.
    pub fn waiting_partners(
        &self,
        since: Option<(NaiveDate, DateTime<Utc>)>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<WaitingPartner>, usize)> {
        let (day, at) = since.map_or_else(
            || (String::new(), String::new()),
            |(day, at)| {
                (
                    day.to_string(),
                    at.to_rfc3339_opts(SecondsFormat::Secs, true),
                )
            },
        );
        let page = self
            .conn
            .prepare_cached(&format!(
                "{PARTNER_SELECT} WHERE p.ignored = 0 GROUP BY p.user_id
                 HAVING coalesce(max(d.on_day), '') >= ?1 OR coalesce(p.added_at, '') > ?2
                 ORDER BY count(d.id) DESC, max(d.on_day) DESC, p.user_id LIMIT ?3 OFFSET ?4"
            ))?
            .query_map(
                params![
                    day,
                    at,
                    i64::try_from(limit).unwrap_or(i64::MAX),
                    offset as i64
                ],
                partner_from_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        let total: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM telegram_partners p WHERE p.ignored = 0
                 AND (coalesce((SELECT max(on_day) FROM telegram_chat_days d
                                WHERE d.user_id = p.user_id), '') >= ?1
                      OR coalesce(p.added_at, '') > ?2)",
            )?
            .query_row([day, at], |row| row.get(0))?;
        Ok((page, total.try_into().unwrap_or(0)))
    }

    /// The owner says this partner is no one to keep: their waiting days are dropped and
    /// no chat with them is logged again. Returns how many days were dropped.
    pub fn ignore_partner(&mut self, user_id: i64) -> Result<usize> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE telegram_partners SET ignored = 1 WHERE user_id = ?1 AND ignored = 0",
            [user_id],
        )?;
        let dropped = tx.execute(
            "DELETE FROM telegram_chat_days WHERE user_id = ?1",
            [user_id],
        )?;
        tx.commit()?;
        Ok(dropped)
    }

    /// A waiting partner's names and username as Telegram shows them now (a message of
    /// theirs arrived). Nothing for someone not kept. Returns whether anything changed.
    pub fn refresh_partner(&mut self, user: &TelegramUser) -> Result<bool> {
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE telegram_partners SET first_name = ?2, last_name = ?3, username = ?4
             WHERE user_id = ?1 AND (first_name IS NOT ?2 OR last_name IS NOT ?3
                 OR username IS NOT ?4)",
            params![user.id, user.first_name, user.last_name, user.username],
        )?;
        tx.commit()?;
        Ok(changed > 0)
    }
}

enum Partner {
    New,
    Known,
    Ignored,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NewPerson;

    fn day(partner: i64, name: &str, on: &str) -> ChatDay {
        ChatDay {
            partner: TelegramUser {
                id: partner,
                first_name: name.to_owned(),
                ..TelegramUser::default()
            },
            day: on.parse().unwrap(),
        }
    }

    #[test]
    fn a_day_is_logged_once_and_an_unknown_partner_waits_until_someone_has_their_id() {
        let mut store = Store::open_in_memory().unwrap();
        let ana = store.create_person(&NewPerson::named("Ana Souza")).unwrap();
        store
            .set_telegram_identity(
                ana,
                &TelegramIdentity {
                    id: Some(11),
                    username: None,
                },
            )
            .unwrap();
        let days = [
            day(11, "Ana", "2026-11-28"),
            day(22, "Bob", "2026-11-28"),
            day(22, "Bob", "2026-11-29"),
        ];
        let first = store.log_chat_days(&days).unwrap();
        assert_eq!(
            (
                first.logged,
                first.waiting,
                first.new_partners,
                first.already
            ),
            (1, 2, 1, 0)
        );
        let again = store.log_chat_days(&days).unwrap();
        assert_eq!(
            (
                again.logged,
                again.waiting,
                again.already,
                again.still_waiting,
                again.partners_waiting
            ),
            (0, 0, 1, 2, 1)
        );

        let bob = store.create_person(&NewPerson::named("Bob Brown")).unwrap();
        store
            .set_telegram_identity(
                bob,
                &TelegramIdentity {
                    id: Some(22),
                    username: Some("bob_brown".into()),
                },
            )
            .unwrap();
        let bob_days = store
            .interaction_by_event_id(&chat_day_key(22, "2026-11-29".parse().unwrap()))
            .unwrap();
        assert!(bob_days.is_some(), "a waiting day is logged with Bob");
        let third = store.log_chat_days(&days).unwrap();
        assert_eq!(third.already, 3, "{third:?}");

        let taken = store.set_telegram_identity(
            ana,
            &TelegramIdentity {
                id: None,
                username: Some("BOB_brown".into()),
            },
        );
        assert!(taken.unwrap_err().to_string().contains("Bob Brown"));
    }
}
