//! Never locked in: kith's JSON export turned into the CSV files of the Airtable
//! layout (re-importable with `kith import airtable` and the mapping written beside them)
//! and into vCard 4.0 and an iCalendar file of dates and follow-ups; and an export
//! file's bytes read back, gzipped (as `/export` sends a large one) or not. Pure:
//! everything is computed from the JSON export or its bytes.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use kith_domain::model::shown_name;

mod airtable;
mod ics;
mod intentions_csv;
mod vcard;

pub use airtable::{IGNORE_RULES_FILE, MAPPING_FILE, airtable_csv};
pub use ics::{ICS_FILE, ics_calendar};
pub use vcard::vcards;

/// The first two bytes of every gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The most a gzipped export is unpacked to: far beyond any network, and a bound, so a
/// file that unpacks without end stops here rather than at the machine's memory.
pub const MAX_UNPACKED_EXPORT: u64 = 1 << 30;

/// An export file's JSON bytes: the file as it is, or unpacked when it is gzip — told by
/// its first bytes, whatever its name — refusing one that unpacks to more than `limit`.
pub fn export_json_bytes(file: &[u8], limit: u64) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
    use std::io::Read;
    if !file.starts_with(&GZIP_MAGIC) {
        return Ok(std::borrow::Cow::Borrowed(file));
    }
    let mut unpacked = Vec::new();
    flate2::read::MultiGzDecoder::new(file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut unpacked)?;
    if unpacked.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "it unpacks to more than {limit} bytes"
        )));
    }
    Ok(std::borrow::Cow::Owned(unpacked))
}

/// A text cell of the export: a string, a number written as text, or nothing (NULL).
fn lenient_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(text) => text,
        Value::Number(number) => number.to_string(),
        _ => String::new(),
    })
}

/// The rows of the export's tables that the CSV and vCard files are made of, typed: a
/// column the export lacks reads as empty, never as a silent misread by name.
macro_rules! export_rows {
    ($($(#[$doc:meta])* $name:ident { $($text:ident),* ; $($number:ident),* })*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Debug, Default, Deserialize)]
            #[serde(default)]
            struct $name {
                $(#[serde(deserialize_with = "lenient_text")] $text: String,)*
                $($number: Option<i64>,)*
            }
        )*
    };
}

export_rows! {
    PersonRow { given_name, family_name, display_name, notes, linkedin_url, location, birthday,
                aliases, telegram_username ;
                id, closeness, introduced_by, archived, cadence_days, telegram_id }
    PhoneRow { number, kind ; person_id }
    OrganizationRow { name, investor_interest, notes ; id }
    EmailRow { address, kind, display_name ; id, person_id, is_primary, ignored }
    TagRow { name ; id }
    PersonTagRow { ; person_id, tag_id }
    OrganizationTagRow { ; organization_id, tag_id }
    EmploymentRow { title ; person_id, organization_id, is_current }
    DomainRow { domain ; organization_id }
    InteractionPersonRow { ; interaction_id, person_id }
    AttendeeRow { response_status ; interaction_id, email_id, removed_by_hand }
    IgnoreRuleRow { pattern ; builtin }
    InteractionRow { occurred_on, r#type, calendar_event_id, notes, title, occurred_at, time_zone,
                     type_word ;
                     id, did_not_happen, initiated_by_other }
    FollowUpRow { due_on, due_at, text, repeat, snoozed_until, done_at, anchor_on ; id, person_id }
    TopicRow { text, done_at ; id, person_id }
    DateRow { label, on_date ; id, person_id, yearly }
}

/// Every table the files are made from, read once from the export.
struct Tables {
    people: Vec<PersonRow>,
    phones: Vec<PhoneRow>,
    organizations: Vec<OrganizationRow>,
    emails: Vec<EmailRow>,
    tags: Vec<TagRow>,
    person_tags: Vec<PersonTagRow>,
    organization_tags: Vec<OrganizationTagRow>,
    employment: Vec<EmploymentRow>,
    organization_domains: Vec<DomainRow>,
    interaction_people: Vec<InteractionPersonRow>,
    interaction_attendees: Vec<AttendeeRow>,
    interactions: Vec<InteractionRow>,
    ignore_rules: Vec<IgnoreRuleRow>,
    follow_ups: Vec<FollowUpRow>,
    topics: Vec<TopicRow>,
    important_dates: Vec<DateRow>,
}

impl Tables {
    fn read(export: &Value) -> Tables {
        Tables {
            people: rows(export, "people"),
            phones: rows(export, "phones"),
            organizations: rows(export, "organizations"),
            emails: rows(export, "emails"),
            tags: rows(export, "tags"),
            person_tags: rows(export, "person_tags"),
            organization_tags: rows(export, "organization_tags"),
            employment: rows(export, "employment"),
            organization_domains: rows(export, "organization_domains"),
            interaction_people: rows(export, "interaction_people"),
            interaction_attendees: rows(export, "interaction_attendees"),
            interactions: rows(export, "interactions"),
            ignore_rules: rows(export, "ignore_rules"),
            follow_ups: rows(export, "follow_ups"),
            topics: rows(export, "topics"),
            important_dates: rows(export, "important_dates"),
        }
    }
}

impl Tables {
    /// Each organization's name by id.
    fn organization_names(&self) -> HashMap<i64, String> {
        self.organizations
            .iter()
            .filter_map(|o| Some((o.id?, o.name.clone())))
            .collect()
    }

    /// Each tag's name by id.
    fn tag_names(&self) -> HashMap<i64, String> {
        self.tags
            .iter()
            .filter_map(|t| Some((t.id?, t.name.clone())))
            .collect()
    }

    /// Each person's tags, by person id.
    fn person_tags(&self) -> HashMap<i64, Vec<String>> {
        let names = self.tag_names();
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        for row in &self.person_tags {
            if let (Some(person), Some(tag)) = (row.person_id, row.tag_id) {
                tags.entry(person)
                    .or_default()
                    .extend(names.get(&tag).cloned());
            }
        }
        tags
    }
}

/// One table of an export as typed rows (a row that is not a row is left out).
fn rows<T: serde::de::DeserializeOwned>(export: &Value, table: &str) -> Vec<T> {
    let data = &export["tables"][table];
    let columns: Vec<&str> = data["columns"]
        .as_array()
        .map(|c| c.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    data["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter_map(Value::as_array)
                .filter_map(|values| {
                    let row: Map<String, Value> = columns
                        .iter()
                        .zip(values)
                        .map(|(c, v)| ((*c).to_owned(), v.clone()))
                        .collect();
                    serde_json::from_value(Value::Object(row)).ok()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn person_name(person: &PersonRow) -> String {
    shown_name(
        &person.given_name,
        &person.family_name,
        Some(person.display_name.as_str()),
    )
}

/// Joins items the way Airtable does: commas, with an item holding a comma or a quote
/// quoted again inside the cell.
pub fn join_multi(items: &[String]) -> String {
    items
        .iter()
        .map(|item| {
            if item.contains(',') || item.contains('"') {
                format!("\"{}\"", item.replace('"', "\"\""))
            } else {
                item.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_values_are_quoted_the_way_airtable_does() {
        assert_eq!(
            join_multi(&["CONQUER, INC.".into(), "Camden".into()]),
            "\"CONQUER, INC.\",Camden"
        );
        assert_eq!(
            crate::import::table::split_multi(&join_multi(&["a, b".into(), "say \"hi\"".into()])),
            vec!["a, b", "say \"hi\""]
        );
    }

    fn gzipped(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn an_export_is_read_as_it_is_or_unpacked_by_its_first_bytes_within_a_bound() {
        let json = br#"{"kith_export": 1}"#;
        assert_eq!(&*export_json_bytes(json, 100).unwrap(), json);
        assert_eq!(&*export_json_bytes(&gzipped(json), 100).unwrap(), json);
        let error = export_json_bytes(&gzipped(&[b' '; 101]), 100).unwrap_err();
        assert!(error.to_string().contains("more than 100 bytes"), "{error}");
        assert_eq!(
            export_json_bytes(&gzipped(&[b' '; 100]), 100)
                .unwrap()
                .len(),
            100
        );
        let cut = gzipped(json);
        assert!(
            export_json_bytes(&cut[..cut.len() - 6], 100).is_err(),
            "a cut-off file"
        );
    }
}
