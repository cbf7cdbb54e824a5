//! kith's side of a card: a person's synced fields as kith has them, for one person
//! or for every linked card of a book at once (four statements whatever the number).

use std::collections::BTreeMap;

use rusqlite::types::Value;

use crate::{Result, Store};
use kith_domain::card::{CardFields, Field, PhoneKind};
use kith_domain::model::{EmailKind, OrganizationId, PersonId, shown_name};

/// The most of the note's first paragraph a card holds, "…" included.
pub const NOTE_CHARACTERS: usize = 500;

/// Whose fields are read: one person, or every linked card of a book.
enum Whose<'a> {
    Person(PersonId),
    Book(&'a str),
}

impl Whose<'_> {
    /// The rows (link, person) the statements read, with `?1` their one parameter.
    fn source(&self) -> &'static str {
        match self {
            Whose::Person(_) => "(SELECT 0 AS link, ?1 AS person)",
            Whose::Book(_) => {
                "(SELECT id AS link, person_id AS person FROM card_links
                  WHERE book = ?1 AND state = 'linked' AND person_id IS NOT NULL)"
            }
        }
    }

    fn parameter(&self) -> Value {
        match self {
            Whose::Person(person) => Value::Integer(person.0),
            Whose::Book(book) => Value::Text((*book).to_owned()),
        }
    }
}

/// A note's first paragraph (up to its first empty line, trimmed) and the rest of it
/// (from the next paragraph on).
pub(super) fn split_note(notes: &str) -> (&str, &str) {
    let notes = notes.trim_start();
    let mut offset = 0;
    for line in notes.split_inclusive('\n') {
        if line.trim().is_empty() {
            return (notes[..offset].trim(), notes[offset..].trim_start());
        }
        offset += line.len();
    }
    (notes.trim(), "")
}

/// The note as a card holds it: its first paragraph, at most `NOTE_CHARACTERS`.
pub(super) fn card_note(notes: &str) -> String {
    let (paragraph, _) = split_note(notes);
    if paragraph.chars().count() <= NOTE_CHARACTERS {
        return paragraph.to_owned();
    }
    let kept: String = paragraph.chars().take(NOTE_CHARACTERS - 1).collect();
    format!("{}…", kept.trim_end())
}

/// The fields being gathered, by link.
#[derive(Default)]
struct Gathered {
    fields: BTreeMap<i64, (PersonId, CardFields)>,
    lists: BTreeMap<(i64, Field), Vec<String>>,
}

impl Store {
    /// kith's side of a card: the person's names, addresses by kind, numbers by kind,
    /// birthday, current organization and title, and the first paragraph of the note.
    pub fn person_card_fields(&self, person: PersonId) -> Result<CardFields> {
        self.person(person)?;
        let mut all = self.card_fields_of(&Whose::Person(person))?;
        Ok(all.pop().map(|(_, _, fields)| fields).unwrap_or_default())
    }

    /// kith's side of every card of `book` linked to a person (state `linked`), in a few
    /// statements whatever the number: (link id, person, their fields).
    pub fn linked_card_fields(&self, book: &str) -> Result<Vec<(i64, PersonId, CardFields)>> {
        self.card_fields_of(&Whose::Book(book))
    }

    fn card_fields_of(&self, whose: &Whose<'_>) -> Result<Vec<(i64, PersonId, CardFields)>> {
        let mut gathered = Gathered::default();
        self.gather_people(whose, &mut gathered)?;
        self.gather_lists(whose, &mut gathered)?;
        self.gather_jobs(whose, &mut gathered)?;
        let Gathered { mut fields, lists } = gathered;
        for ((link, field), items) in lists {
            if let Some((_, card)) = fields.get_mut(&link) {
                card.set_list(field, items.iter().map(String::as_str));
            }
        }
        Ok(fields
            .into_iter()
            .map(|(link, (person, card))| (link, person, card))
            .collect())
    }

    fn gather_people(&self, whose: &Whose<'_>, gathered: &mut Gathered) -> Result<()> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT k.link, p.id, p.given_name, p.family_name, p.display_name, p.birthday, p.notes
             FROM {} k JOIN people p ON p.id = k.person",
            whose.source()
        ))?;
        let mut rows = statement.query([whose.parameter()])?;
        while let Some(row) = rows.next()? {
            let (given, family): (String, String) = (row.get(2)?, row.get(3)?);
            let display: Option<String> = row.get(4)?;
            let mut card = CardFields::new();
            card.set(Field::GivenName, given.trim());
            card.set(Field::FamilyName, family.trim());
            if let Some(display) = display.as_deref().map(str::trim)
                && !display.is_empty()
                && display != shown_name(&given, &family, None)
            {
                card.set(Field::DisplayName, display);
            }
            card.set(
                Field::Birthday,
                row.get::<_, Option<String>>(5)?.unwrap_or_default(),
            );
            card.set(Field::Note, card_note(&row.get::<_, String>(6)?));
            gathered
                .fields
                .insert(row.get(0)?, (PersonId(row.get(1)?), card));
        }
        Ok(())
    }

    /// Addresses (not ignored) and numbers, by kind.
    fn gather_lists(&self, whose: &Whose<'_>, gathered: &mut Gathered) -> Result<()> {
        let source = whose.source();
        let emails = format!(
            "SELECT k.link, e.address, e.kind FROM {source} k
             JOIN emails e ON e.person_id = k.person WHERE e.ignored = 0"
        );
        let phones = format!(
            "SELECT k.link, ph.number, ph.kind FROM {source} k JOIN phones ph ON ph.person_id = k.person"
        );
        for (sql, is_email) in [(emails, true), (phones, false)] {
            let mut statement = self.conn.prepare_cached(&sql)?;
            let mut rows = statement.query([whose.parameter()])?;
            while let Some(row) = rows.next()? {
                let kind: String = row.get(2)?;
                let field = match is_email {
                    true => Field::Email(EmailKind::parse(&kind).unwrap_or_default()),
                    false => Field::Phone(PhoneKind::from_stored(&kind)),
                };
                gathered
                    .lists
                    .entry((row.get(0)?, field))
                    .or_default()
                    .push(row.get(1)?);
            }
        }
        Ok(())
    }

    /// The current job (the most recently updated one when several): its organization
    /// and title.
    fn gather_jobs(&self, whose: &Whose<'_>, gathered: &mut Gathered) -> Result<()> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT k.link, o.name, e.title FROM {} k
             JOIN employment e ON e.person_id = k.person AND e.is_current = 1
             JOIN organizations o ON o.id = e.organization_id
             ORDER BY k.link, e.updated_at DESC, e.id DESC",
            whose.source()
        ))?;
        let mut rows = statement.query([whose.parameter()])?;
        let mut last = None;
        while let Some(row) = rows.next()? {
            let link: i64 = row.get(0)?;
            if last == Some(link) {
                continue;
            }
            last = Some(link);
            if let Some((_, card)) = gathered.fields.get_mut(&link) {
                card.set(Field::Organization, row.get::<_, String>(1)?);
                card.set(
                    Field::Title,
                    row.get::<_, Option<String>>(2)?.unwrap_or_default(),
                );
            }
        }
        Ok(())
    }
}

/// A person's current job, as taking a card changes it.
pub(super) struct CurrentJob {
    pub(super) organization: OrganizationId,
    pub(super) name: String,
    pub(super) title: Option<String>,
}

/// The current job of a person (the most recently updated one when several).
pub(super) fn current_job(
    conn: &rusqlite::Connection,
    person: PersonId,
) -> Result<Option<CurrentJob>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached(
            "SELECT e.organization_id, o.name, e.title
             FROM employment e JOIN organizations o ON o.id = e.organization_id
             WHERE e.person_id = ?1 AND e.is_current = 1
             ORDER BY e.updated_at DESC, e.id DESC LIMIT 1",
        )?
        .query_row([person.0], |row| {
            Ok(CurrentJob {
                organization: OrganizationId(row.get(0)?),
                name: row.get(1)?,
                title: row.get(2)?,
            })
        })
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_holds_the_notes_first_paragraph() {
        assert_eq!(
            split_note("Met at RustConf.\nLikes tea.\n\n2026-01-02: call"),
            ("Met at RustConf.\nLikes tea.", "2026-01-02: call")
        );
        assert_eq!(split_note("  one line  "), ("one line", ""));
        assert_eq!(
            split_note("first\n  \n\nsecond\n\nthird"),
            ("first", "second\n\nthird")
        );
        assert_eq!(card_note(""), "");
        let long = "é".repeat(600);
        let note = card_note(&long);
        assert_eq!(note.chars().count(), NOTE_CHARACTERS);
        assert!(note.ends_with('…'));
    }
}
