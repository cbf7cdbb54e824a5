//! Phone numbers and birthdays of people; and whose birthdays come up in the next days.

use chrono::NaiveDate;
use rusqlite::params;

use super::Store;
use crate::Result;
use kith_domain::contact::Birthday;
use kith_domain::error::Refusal;
use kith_domain::model::PersonId;

/// One phone number of a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    pub number: String,
    pub kind: String,
}

/// The kinds a phone number can have.
pub const PHONE_KINDS: [&str; 4] = ["mobile", "work", "home", "other"];

impl Store {
    /// Adds a number (already normalised) to a person; one they have already is left as
    /// it is. Returns whether it was new.
    pub fn add_phone(&mut self, person: PersonId, number: &str, kind: &str) -> Result<bool> {
        self.person(person)?;
        if !PHONE_KINDS.contains(&kind) {
            return Err(Refusal::InvalidValue {
                field: "phone kind",
                value: kind.to_owned(),
                expected: "mobile, work, home or other",
            }
            .into());
        }
        let now = self.now_text();
        Ok(self.conn.execute(
            "INSERT INTO phones (person_id, number, kind, created_at) SELECT ?1, ?2, ?3, ?4
             WHERE NOT EXISTS (SELECT 1 FROM phones WHERE person_id = ?1 AND number = ?2)",
            params![person.0, number, kind, now],
        )? > 0)
    }

    /// Takes a number off a person; false if they did not have it.
    pub fn remove_phone(&mut self, person: PersonId, number: &str) -> Result<bool> {
        Ok(self.conn.execute(
            "DELETE FROM phones WHERE person_id = ?1 AND number = ?2",
            params![person.0, number],
        )? > 0)
    }

    pub fn phones_of(&self, person: PersonId) -> Result<Vec<Phone>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT number, kind FROM phones WHERE person_id = ?1 ORDER BY id")?;
        let rows = statement.query_map([person.0], |row| {
            Ok(Phone {
                number: row.get(0)?,
                kind: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets (or, with `None`, clears) a person's birthday.
    pub fn set_birthday(&mut self, person: PersonId, birthday: Option<Birthday>) -> Result<()> {
        self.person(person)?;
        let now = self.now_text();
        self.conn.execute(
            "UPDATE people SET birthday = ?2, updated_at = ?3 WHERE id = ?1",
            params![person.0, birthday.map(Birthday::stored), now],
        )?;
        Ok(())
    }

    pub fn birthday_of(&self, person: PersonId) -> Result<Option<Birthday>> {
        let stored: Option<String> = self
            .conn
            .prepare_cached("SELECT birthday FROM people WHERE id = ?1")?
            .query_row([person.0], |row| row.get(0))?;
        Ok(stored.and_then(|s| Birthday::parse(&s).ok()))
    }

    /// People with a tier (not archived) whose birthday falls from `today` to `days`
    /// days later: (person, name, birthday, the day), soonest first.
    pub fn birthdays_between(
        &self,
        today: NaiveDate,
        days: u32,
    ) -> Result<Vec<(PersonId, String, Birthday, NaiveDate)>> {
        // Only birthdays whose month and day fall in the window are read, through
        // their index.
        let ranges = super::intentions::day_ranges(today, days);
        let mut statement = self.conn.prepare_cached(concat!(
            "SELECT p.id, ",
            shown_name!(),
            ", p.birthday FROM people p INDEXED BY people_birthday_day
             WHERE p.birthday IS NOT NULL AND p.archived = 0 AND p.closeness IS NOT NULL
               AND substr(p.birthday, -5) BETWEEN ?1 AND ?2"
        ))?;
        let mut rows = Vec::new();
        for (first, last) in &ranges {
            for row in statement.query_map([first, last], |row| {
                Ok((
                    PersonId(row.get(0)?),
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })? {
                rows.push(row?);
            }
        }
        let last = today + chrono::Days::new(u64::from(days));
        let mut found = Vec::new();
        for (id, name, stored) in rows {
            if let Ok(birthday) = Birthday::parse(&stored) {
                let on = birthday.next_on_or_after(today);
                if on <= last {
                    found.push((id, name, birthday, on));
                }
            }
        }
        found.sort_by(|a, b| a.3.cmp(&b.3).then_with(|| a.1.cmp(&b.1)));
        Ok(found)
    }
}
