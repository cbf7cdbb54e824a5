//! An import's batch and report: the people, organizations, addresses and interactions a
//! reader found in a file (each entry with where it stands there), whose value stays
//! when kith and the file disagree, and what applying them did or would do, with the one
//! line `kith import` ends with. The readers (`moving::import`) build it without the
//! store; the store applies it. Pure data.

use chrono::NaiveDate;

use crate::model::{
    EmailAddress, EmailKind, InteractionType, InvestorInterest, ResponseStatus, Tier,
};

/// When a matched record and the file disagree on a field, whose value stays.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Conflicts {
    /// What kith has stays (the default); the difference is listed in the report.
    #[default]
    KeepKith,
    /// The file's value replaces kith's (`--prefer-file`); listed too.
    TakeFile,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPerson {
    /// Stable across re-imports of the same data ("airtable:jane doe#1").
    pub key: String,
    pub given_name: String,
    pub family_name: String,
    pub display_name: Option<String>,
    pub closeness: Option<Tier>,
    /// The key of the person who introduced them.
    pub introduced_by: Option<String>,
    pub linkedin_url: Option<String>,
    pub location: Option<String>,
    pub notes: String,
    pub tags: Vec<String>,
    /// (address, kind, primary)
    pub emails: Vec<(EmailAddress, EmailKind, bool)>,
    /// (organization name, title, current)
    pub employment: Vec<(String, Option<String>, bool)>,
    /// (number as the file has it, kind: mobile, work, home or other)
    pub phones: Vec<(String, String)>,
    /// As the file writes it (`1985-04-12`, `--04-12`, `12 April`).
    pub birthday: Option<String>,
    /// Other names they go by (a merged record's), for search.
    pub aliases: Vec<String>,
    pub cadence_days: Option<i64>,
    pub archived: bool,
    /// Their Telegram user id, when the source knows it (a shared contact, the export).
    pub telegram_id: Option<i64>,
    /// Their Telegram username, without the `@`.
    pub telegram_username: Option<String>,
    /// Where the entry stands in its file, for the problems that name it.
    pub origin: Option<Origin>,
}

impl ImportPerson {
    /// The name they are shown by: the display name, else given and family names.
    pub fn shown_name(&self) -> String {
        self.display_name
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| format!("{} {}", self.given_name.trim(), self.family_name.trim()))
            .trim()
            .to_owned()
    }

    /// Every name the file gives them: the shown one, then their aliases.
    pub fn names(&self) -> Vec<String> {
        std::iter::once(self.shown_name())
            .chain(self.aliases.iter().map(|a| a.trim().to_owned()))
            .filter(|n| !n.is_empty())
            .collect()
    }
}

/// Where an entry of a batch stands: its file and its row or card there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub place: Place,
}

/// A row of a table (numbered as a spreadsheet shows it, the header row 1) or a card of
/// a vCard file (from 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Row(usize),
    Card(usize),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Row(n) => write!(f, "row {n}"),
            Place::Card(n) => write!(f, "card {n}"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportOrganization {
    pub name: String,
    pub tags: Vec<String>,
    pub investor_interest: InvestorInterest,
    pub notes: String,
    pub domains: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportInteraction {
    pub key: String,
    pub calendar_event_id: Option<String>,
    pub occurred_on: NaiveDate,
    /// The start (RFC 3339, UTC) and time zone of a meeting, when the file has them.
    pub occurred_at: Option<String>,
    pub time_zone: Option<String>,
    pub kind: InteractionType,
    /// The file's word for the type when it is not the type's name ("Dinner" for lunch).
    pub type_word: Option<String>,
    pub title: String,
    pub notes: String,
    pub did_not_happen: bool,
    pub initiated_by_other: bool,
    /// Keys of the people it counts for.
    pub people: Vec<String>,
    /// Attendee addresses with their answers: Airtable's "Missing People" (addresses that
    /// belong to no one yet, accepted) or kith's own "Attendees" column (every one).
    pub attendees: Vec<ImportAttendee>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportAttendee {
    pub address: EmailAddress,
    pub response: ResponseStatus,
    /// Taken off the meeting by the owner (stored as declined).
    pub removed_by_hand: bool,
}

impl ImportAttendee {
    /// An attendee who said yes.
    pub fn accepted(address: EmailAddress) -> ImportAttendee {
        ImportAttendee {
            address,
            response: ResponseStatus::Accepted,
            removed_by_hand: false,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportBatch {
    pub conflicts: Conflicts,
    /// The file's current jobs are where people work now (LinkedIn): a different current
    /// job in kith becomes former instead of staying.
    pub current_jobs_supersede: bool,
    pub organizations: Vec<ImportOrganization>,
    /// Each one person: a reader folds two entries of one file that share an address or
    /// a key into one (`moving::import::fold`), so none matches another of the batch.
    pub people: Vec<ImportPerson>,
    pub interactions: Vec<ImportInteraction>,
    /// Addresses with no person (kept as unknown attendees).
    pub loose_emails: Vec<(EmailAddress, EmailKind)>,
    /// Addresses the owner said are no one (kith's "Ignored" column).
    pub ignored_addresses: Vec<EmailAddress>,
    /// A dated line added to a person's notes (by their key) after what kith has, once
    /// (LinkedIn's "connected on LinkedIn"): notes that have the line already stay.
    pub note_lines: Vec<(String, String)>,
    /// The owner's ignore rules (`*@newsletters.example`).
    pub ignore_rules: Vec<String>,
    /// The name an address goes by (kith's Emails "Display Name"), given to an address
    /// that has none.
    pub address_names: Vec<(EmailAddress, String)>,
    /// Follow-ups, topics and important dates of the batch's people (kith's own files).
    pub intentions: ImportIntentions,
}

/// Follow-ups, topics and important dates, each naming its person by the batch's key;
/// one that kith has already (the same person and words, on the same day) is not added.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportIntentions {
    pub follow_ups: Vec<ImportFollowUp>,
    pub topics: Vec<ImportTopic>,
    pub dates: Vec<ImportDate>,
}

/// A follow-up as a file gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportFollowUp {
    pub person: String,
    pub due_on: NaiveDate,
    pub due_at: Option<chrono::NaiveTime>,
    pub text: String,
    pub repeat: Option<crate::intention::Repeat>,
    pub snoozed_until: Option<NaiveDate>,
    /// The day a repeat counts from, when it is not the due day.
    pub anchor: Option<NaiveDate>,
    pub done: bool,
    pub origin: Origin,
}

/// Something to bring up, as a file gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportTopic {
    pub person: String,
    pub text: String,
    pub done: bool,
    pub origin: Origin,
}

/// An important date, as a file gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportDate {
    pub person: String,
    pub label: String,
    pub on: crate::contact::Birthday,
    pub yearly: bool,
    pub origin: Origin,
}

impl ImportBatch {
    /// Every type word the file used that is not a type's name, with the type it was read
    /// as and how many of its interactions, most used first.
    pub fn type_words(&self) -> Vec<String> {
        let mut counts: Vec<(&str, InteractionType, usize)> = Vec::new();
        for interaction in &self.interactions {
            let Some(word) = interaction.type_word.as_deref() else {
                continue;
            };
            match counts
                .iter_mut()
                .find(|(w, kind, _)| *w == word && *kind == interaction.kind)
            {
                Some((_, _, count)) => *count += 1,
                None => counts.push((word, interaction.kind, 1)),
            }
        }
        counts.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(b.0)));
        counts
            .into_iter()
            .map(|(word, kind, count)| {
                format!(
                    "type {word:?} read as {kind} (the word is kept): {}",
                    crate::text::plural(count, "interaction", "interactions")
                )
            })
            .collect()
    }
}

/// What an import did (or would do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub organizations_created: usize,
    pub people_created: usize,
    pub people_matched: usize,
    pub emails_created: usize,
    pub interactions_created: usize,
    pub interactions_matched: usize,
    pub ignore_rules_created: usize,
    /// Follow-ups, topics and important dates added.
    pub intentions_created: usize,
    /// For each person matched in kith, each field filled from the file or left as kith
    /// has it: "Pat Lee: location differs: kept \"Austin\" (the file says \"Dallas\")".
    pub fields: Vec<String>,
    /// Each word of the file's that is not a type's name, with the type it was read as
    /// and how many interactions: "type \"Dinner\" read as lunch (the word is kept): 3".
    pub types: Vec<String>,
    /// Each entry of the file that was not applied, located as the readers' problems are
    /// (file, row or card): one whose addresses or keys belong to two or more people in
    /// kith, naming each of them and what matched them. Nothing of it was written.
    pub problems: Vec<String>,
}

/// Whether to keep what was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Commit {
    Yes,
    DryRun,
}

impl ImportReport {
    /// The one line `kith import` ends with, given how many problems the readers found
    /// (the entries applying refused, `problems` of the report, are counted with them).
    pub fn summary(&self, problems: usize, commit: Commit) -> String {
        let problems = problems + self.problems.len();
        format!(
            "{}: {} people new, {} matched; {} organizations new; {} interactions new, {} matched; {} addresses new; {}{}{}",
            match commit {
                Commit::DryRun => "would import",
                Commit::Yes => "imported",
            },
            self.people_created,
            self.people_matched,
            self.organizations_created,
            self.interactions_created,
            self.interactions_matched,
            self.emails_created,
            match (self.ignore_rules_created, self.intentions_created) {
                (0, 0) => String::new(),
                (rules, 0) => format!(
                    "{}; ",
                    crate::text::plural(rules, "ignore rule new", "ignore rules new")
                ),
                (0, intentions) => format!(
                    "{} new; ",
                    crate::text::plural(
                        intentions,
                        "follow-up, topic or date",
                        "follow-ups, topics and dates"
                    )
                ),
                (rules, intentions) => format!(
                    "{}; {} new; ",
                    crate::text::plural(rules, "ignore rule new", "ignore rules new"),
                    crate::text::plural(
                        intentions,
                        "follow-up, topic or date",
                        "follow-ups, topics and dates"
                    )
                ),
            },
            crate::text::plural(problems, "problem", "problems"),
            match commit {
                Commit::DryRun => "; nothing was changed",
                Commit::Yes => "",
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_in_words() {
        let report = ImportReport {
            people_created: 2,
            people_matched: 1,
            organizations_created: 1,
            emails_created: 3,
            interactions_created: 4,
            interactions_matched: 0,
            ignore_rules_created: 0,
            intentions_created: 0,
            fields: Vec::new(),
            types: Vec::new(),
            problems: Vec::new(),
        };
        assert_eq!(
            report.summary(1, Commit::DryRun),
            "would import: 2 people new, 1 matched; 1 organizations new; 4 interactions new, 0 matched; 3 addresses new; 1 problem; nothing was changed"
        );
        assert!(report.summary(2, Commit::Yes).starts_with("imported: "));
        assert!(report.summary(2, Commit::Yes).ends_with("; 2 problems"));
        let refused = ImportReport {
            problems: vec!["contacts.vcf: card 1: matches two people".to_owned()],
            ..report
        };
        assert!(refused.summary(2, Commit::Yes).ends_with("; 3 problems"));
    }
}
