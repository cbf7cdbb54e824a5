//! The Airtable layout, written once: the column names of the owner's four tables (the
//! defaults a mapping file renames), read by the importer and written by the CSV export,
//! whose mapping file is these same defaults spelled out.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::import::table::Problem;

/// Field names of each table (the owner's base by default), renamable in the mapping.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PeopleFields {
    pub first_name: String,
    pub last_name: String,
    pub name: String,
    pub emails: String,
    pub company: String,
    pub tags: String,
    pub closeness: String,
    pub introduced_by: String,
    pub notes: String,
    pub linkedin: String,
    pub location: String,
    /// The backlink Airtable exports from Interactions: each interaction's first column.
    pub interactions: String,
    /// The columns below are kith's own (its CSV export writes them); a file without them
    /// reads as before. With a display-name column, `name` is only the label links use.
    pub display_name: String,
    /// Titles of the current jobs, in the order of `company`.
    pub title: String,
    pub phones: String,
    pub birthday: String,
    pub aliases: String,
    pub cadence_days: String,
    pub archived: String,
    /// Former jobs, with their titles in the same order (kith's own).
    pub former_companies: String,
    pub former_titles: String,
    /// Their Telegram account: `@name`, `@name (123)` with its id, or the id alone.
    pub telegram: String,
}

impl Default for PeopleFields {
    fn default() -> Self {
        PeopleFields {
            first_name: "First Name".into(),
            last_name: "Last Name".into(),
            name: "Name".into(),
            emails: "Emails".into(),
            company: "Company".into(),
            tags: "Tags".into(),
            closeness: "Closeness".into(),
            introduced_by: "Introduced By".into(),
            notes: "Notes".into(),
            linkedin: "LinkedIn".into(),
            location: "Location".into(),
            interactions: "Interactions".into(),
            display_name: "Display Name".into(),
            title: "Title".into(),
            phones: "Phones".into(),
            birthday: "Birthday".into(),
            aliases: "Aliases".into(),
            cadence_days: "Cadence (days)".into(),
            archived: "Archived".into(),
            former_companies: "Former Companies".into(),
            former_titles: "Former Titles".into(),
            telegram: "Telegram".into(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct InteractionFields {
    pub date: String,
    pub kind: String,
    pub people: String,
    pub calendar_event_id: String,
    pub notes: String,
    pub did_not_happen: String,
    pub initiated_by_other: String,
    pub missing_people: String,
    /// The meeting's title: Airtable's primary field, `Name`.
    pub title: String,
    /// kith's own: every attendee address with its answer, `jane@acme.io (declined)`.
    pub attendees: String,
    /// kith's own: a meeting's start (RFC 3339, UTC) and its time zone.
    pub starts_at: String,
    pub time_zone: String,
}

impl Default for InteractionFields {
    fn default() -> Self {
        InteractionFields {
            date: "Date".into(),
            kind: "Type".into(),
            people: "People".into(),
            calendar_event_id: "Calendar Event ID".into(),
            notes: "Notes".into(),
            did_not_happen: "Didn't Actually Happen".into(),
            initiated_by_other: "Initiated By Other".into(),
            missing_people: "Missing People".into(),
            title: "Name".into(),
            attendees: "Attendees".into(),
            starts_at: "Starts At".into(),
            time_zone: "Time Zone".into(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrganizationFields {
    pub name: String,
    pub tags: String,
    pub current_employees: String,
    pub former_employees: String,
    pub investor_interest: String,
    pub notes: String,
    pub domains: String,
}

impl Default for OrganizationFields {
    fn default() -> Self {
        OrganizationFields {
            name: "Name".into(),
            tags: "Tags".into(),
            current_employees: "Current Employees".into(),
            former_employees: "Former Employees".into(),
            investor_interest: "Investor Interest".into(),
            notes: "Notes".into(),
            domains: "Domains".into(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmailFields {
    pub email: String,
    pub person: String,
    pub primary: String,
    pub kind: String,
    /// kith's own: an address the owner said is no one.
    pub ignored: String,
    /// kith's own: the name an address goes by (a calendar's or a mail's).
    pub display_name: String,
}

impl Default for EmailFields {
    fn default() -> Self {
        EmailFields {
            email: "Email".into(),
            person: "Person".into(),
            primary: "Primary".into(),
            kind: "Work/Personal".into(),
            ignored: "Ignored".into(),
            display_name: "Display Name".into(),
        }
    }
}

/// kith's fifth file: the owner's ignore rules (`*@newsletters.example`), one per row.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct IgnoreRuleFields {
    pub pattern: String,
}

impl Default for IgnoreRuleFields {
    fn default() -> Self {
        IgnoreRuleFields {
            pattern: "Pattern".into(),
        }
    }
}

/// The mapping file (TOML). Every section is optional.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Mapping {
    pub people: PeopleFields,
    pub interactions: InteractionFields,
    pub organizations: OrganizationFields,
    pub emails: EmailFields,
    pub ignore_rules: IgnoreRuleFields,
    /// Date formats per column, as "Table.Column" = "%d/%m/%Y".
    pub dates: BTreeMap<String, String>,
    /// Closeness labels → tier numbers.
    pub tiers: BTreeMap<String, u8>,
    /// Interaction type labels → kith types ("Zoom" = "1:1 vc").
    pub types: BTreeMap<String, String>,
}

impl Mapping {
    pub fn load(path: &Path) -> Result<Mapping, Problem> {
        let problem = |message: String| Problem {
            file: path.display().to_string(),
            row: None,
            column: None,
            message,
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| problem(format!("cannot read it: {e}")))?;
        let mapping: Mapping = toml::from_str(&text).map_err(|e| problem(e.to_string()))?;
        mapping.check(&text).map_err(problem)?;
        Ok(mapping)
    }

    /// A value the file gives that kith could only ignore — a tier out of range, a date
    /// format chrono cannot read — refuses the mapping, naming its line.
    fn check(&self, text: &str) -> Result<(), String> {
        let range = 1..=kith_domain::model::Tier::COUNT as i64;
        for (label, number) in &self.tiers {
            if !range.contains(&i64::from(*number)) {
                return Err(format!(
                    "line {}: [tiers] {label:?} = {number} is not a tier: tiers are {} to {}",
                    line_of(text, "tiers", label),
                    range.start(),
                    range.end()
                ));
            }
        }
        for (column, format) in &self.dates {
            let readable = !format.trim().is_empty()
                && chrono::format::StrftimeItems::new(format)
                    .all(|item| !matches!(item, chrono::format::Item::Error));
            if !readable {
                return Err(format!(
                    "line {}: [dates] {column:?} = {format:?} is not a date format (e.g. \"%d/%m/%Y\": %d day, %m month, %Y year, %b month name)",
                    line_of(text, "dates", column)
                ));
            }
        }
        Ok(())
    }

    pub fn date_format(&self, table: &str, column: &str) -> Option<&str> {
        self.dates
            .get(&format!("{table}.{column}"))
            .map(String::as_str)
    }
}

/// The line (from 1) of `key` in the file's `[section]`; 0 when it cannot be found.
fn line_of(text: &str, section: &str, key: &str) -> usize {
    let mut current = String::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name.trim().to_owned();
        } else if current == section
            && let Some((name, _)) = line.split_once('=')
            && name.trim().trim_matches(|c| c == '"' || c == '\'') == key
        {
            return n + 1;
        }
    }
    0
}

impl Mapping {
    /// The mapping file the CSV export writes beside its files: the default column
    /// names, spelled out, so the export re-imports with or without it.
    pub fn default_file() -> String {
        Mapping::default().file()
    }

    /// The mapping as the file an export writes beside its CSV files.
    pub fn file(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# Field names of the CSV files kith writes (the Airtable layout kith reads by default).\n{body}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exported_mapping_spells_out_the_defaults_and_reads_back_as_them() {
        let file = Mapping::default_file();
        assert!(file.contains("first_name = \"First Name\""), "{file}");
        assert!(
            file.contains("did_not_happen = \"Didn't Actually Happen\""),
            "{file}"
        );
        let read: Mapping = toml::from_str(&file).unwrap();
        assert_eq!(read.people.linkedin, Mapping::default().people.linkedin);
        assert_eq!(read.emails.kind, "Work/Personal");
        assert!(read.dates.is_empty() && read.tiers.is_empty() && read.types.is_empty());
    }
}

/// kith's own files of follow-ups, topics and important dates (no Airtable table has
/// them, so no mapping renames their columns): each file's name and its columns, a
/// person named by the People table's `Name` as every link is.
pub mod intentions {
    pub const FOLLOW_UPS_FILE: &str = "Follow-ups.csv";
    pub const TOPICS_FILE: &str = "Topics.csv";
    pub const DATES_FILE: &str = "Important Dates.csv";

    pub const PERSON: &str = "Person";
    pub const DONE: &str = "Done";
    /// Follow-ups: the due day, a time, what to do, a repeat ("3m"), a snooze, and the
    /// day a repeat counts from (its first day: 31 January monthly keeps the 31st).
    pub const FOLLOW_UP_COLUMNS: [&str; 8] = [
        PERSON,
        "Due",
        "Time",
        "Text",
        "Repeat",
        "Snoozed Until",
        DONE,
        REPEATS_FROM,
    ];
    pub const REPEATS_FROM: &str = "Repeats From";
    pub const TOPIC_COLUMNS: [&str; 3] = [PERSON, "Text", DONE];
    /// Important dates: a label, the day (`2027-03-03`, or `--03-03` without a year).
    pub const DATE_COLUMNS: [&str; 4] = [PERSON, "Label", "Date", "Yearly"];
}
