//! Airtable's "Download CSV" of the owner's four tables → an `ImportBatch` plus every
//! problem found, located by file, row and column. Links are by display name; a name
//! that matches two people is never guessed — it is resolved by email where the Emails
//! table allows, and reported otherwise. A mapping file renames fields, sets date
//! formats per column, and maps tier and type labels.

use std::collections::HashMap;
use std::path::PathBuf;

mod columns;
mod intentions;
mod people;
mod records;

use super::links::{Backlinks, ambiguity, fold_name, resolve};
use super::table::{Problem, SlashOrder, Table, slash_order};
pub use crate::layout::{
    EmailFields, InteractionFields, Mapping, OrganizationFields, PeopleFields,
};
use kith_domain::closeness::Closeness;
use kith_domain::import::ImportBatch;

/// The four files; any may be left out.
#[derive(Clone, Debug, Default)]
pub struct AirtableFiles {
    pub people: Option<PathBuf>,
    pub interactions: Option<PathBuf>,
    pub organizations: Option<PathBuf>,
    pub emails: Option<PathBuf>,
    /// kith's own fifth file: the owner's ignore rules.
    pub ignore_rules: Option<PathBuf>,
    /// kith's own files of follow-ups, topics and important dates.
    pub follow_ups: Option<PathBuf>,
    pub topics: Option<PathBuf>,
    pub important_dates: Option<PathBuf>,
}

/// The result of reading an export: what to import, and what could not be.
#[derive(Debug, Default)]
pub struct AirtableImport {
    pub batch: ImportBatch,
    pub problems: Vec<Problem>,
    /// Links between namesakes that a backlink settled, each saying which column did.
    pub settled: Vec<Problem>,
    /// Every column of the files that nothing reads, with the mapping line that would.
    pub unread: Vec<Problem>,
}

/// A stable 64-bit digest (FNV-1a) for import keys.
pub(super) fn digest(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// How one date column is read: the format the mapping's `[dates]` gives it, or else
/// the one order its slash dates prove for the whole column.
#[derive(Clone, Debug, Default)]
pub(super) struct DateColumn {
    pub format: Option<String>,
    pub order: Option<SlashOrder>,
}

/// The reading of `table`'s date column `field` (named `Table.Column` in `[dates]`); a
/// column whose slash dates read both ways, with nothing to say which, is a problem
/// naming the `[dates]` line that settles it.
pub(super) fn date_column(
    table: &Table,
    mapping: &Mapping,
    table_name: &str,
    field: &str,
    problems: &mut Vec<Problem>,
) -> DateColumn {
    let index = table.column(field);
    let header = index
        .and_then(|i| table.headers.get(i))
        .cloned()
        .unwrap_or_else(|| field.to_owned());
    if let Some(format) = mapping.date_format(table_name, &header) {
        return DateColumn {
            format: Some(format.to_owned()),
            order: None,
        };
    }
    let order = match slash_order(table.rows.iter().map(|row| table.cell(row, index))) {
        Ok(order) => order,
        Err(message) => {
            problems.push(Problem {
                file: table.file.clone(),
                row: None,
                column: Some(header.clone()),
                message: format!(
                    "{message}; say which in the mapping's [dates] section, e.g. \"{table_name}.{header}\" = \"%m/%d/%Y\" (or \"%d/%m/%Y\")"
                ),
            });
            None
        }
    };
    DateColumn {
        format: None,
        order,
    }
}

/// Takes off the quote kith's CSV export put before a cell a spreadsheet would run as a
/// formula (`crate::cells`), so what went out comes back exactly.
fn restore_cells(table: &mut Table) {
    for row in &mut table.rows {
        for cell in &mut row.cells {
            let restored = crate::cells::restore(cell);
            if restored.len() != cell.len() {
                *cell = restored.to_owned();
            }
        }
    }
}

/// The five files as read, each `None` when left out or unreadable.
struct Tables {
    people: Option<Table>,
    interactions: Option<Table>,
    organizations: Option<Table>,
    emails: Option<Table>,
    ignore_rules: Option<Table>,
    follow_ups: Option<Table>,
    topics: Option<Table>,
    important_dates: Option<Table>,
}

/// One file read into its table, the cells kith's export quoted restored; the file's
/// problems (or why it could not be read) are added to `problems`.
fn load(path: &Option<PathBuf>, problems: &mut Vec<Problem>) -> Option<Table> {
    let path = path.as_ref()?;
    match Table::read(path) {
        Ok(mut table) => {
            problems.append(&mut table.problems);
            restore_cells(&mut table);
            Some(table)
        }
        Err(problem) => {
            problems.push(problem);
            None
        }
    }
}

/// Every file given, read in the order People, Interactions, Organizations, Emails,
/// ignore rules, follow-ups, topics and important dates.
fn load_tables(files: &AirtableFiles, problems: &mut Vec<Problem>) -> Tables {
    let people = load(&files.people, problems);
    let interactions = load(&files.interactions, problems);
    let organizations = load(&files.organizations, problems);
    let emails = load(&files.emails, problems);
    let ignore_rules = load(&files.ignore_rules, problems);
    Tables {
        people,
        interactions,
        organizations,
        emails,
        ignore_rules,
        follow_ups: load(&files.follow_ups, problems),
        topics: load(&files.topics, problems),
        important_dates: load(&files.important_dates, problems),
    }
}

/// Reads whichever of the four files are given; `today` (the owner's) is what an
/// interaction dated after it is reported against.
pub fn read(
    files: &AirtableFiles,
    mapping: &Mapping,
    closeness: &Closeness,
    today: chrono::NaiveDate,
) -> AirtableImport {
    let mut result = AirtableImport::default();
    let tables = load_tables(files, &mut result.problems);

    // People first: their keys are what every link resolves to.
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    // Which person each People row became (`None`: skipped): links go by row, never by
    // position, so a skipped row moves no one's link onto someone else.
    let mut row_person: Vec<Option<usize>> = Vec::new();
    let mut backlinks = Backlinks::default();
    if let Some(table) = &tables.people {
        row_person = people::read_people(
            table,
            mapping,
            closeness,
            &mut result,
            &mut by_name,
            &mut backlinks,
        );
    }
    if let Some(table) = &tables.emails {
        people::read_emails(table, mapping, &by_name, &backlinks, &mut result);
    }
    // Introductions need everyone's key, so they are resolved after all people are read.
    if let Some(table) = &tables.people {
        read_introductions(
            table,
            mapping,
            &row_person,
            &by_name,
            &backlinks,
            &mut result,
        );
    }
    if let Some(table) = &tables.organizations {
        records::read_organizations(table, mapping, &by_name, &backlinks, &mut result);
    }
    if let Some(table) = &tables.ignore_rules {
        records::read_ignore_rules(table, mapping, &mut result);
    }
    if let Some(table) = &tables.interactions {
        records::read_interactions(table, mapping, &by_name, &backlinks, today, &mut result);
    }
    let people = intentions::People {
        by_name: &by_name,
        backlinks: &backlinks,
    };
    if let Some(table) = &tables.follow_ups {
        intentions::read_follow_ups(table, &people, &mut result);
    }
    if let Some(table) = &tables.topics {
        intentions::read_topics(table, &people, &mut result);
    }
    if let Some(table) = &tables.important_dates {
        intentions::read_dates(table, &people, &mut result);
    }
    report_columns(&tables, mapping, &backlinks, &mut result);
    result
}

/// Each People row's "Introduced by" set to the key of the one person it names (the
/// first row's introducer kept for a person of two rows); a person naming themselves,
/// or a name that is no one or several, is a problem.
fn read_introductions(
    table: &Table,
    mapping: &Mapping,
    row_person: &[Option<usize>],
    by_name: &HashMap<String, Vec<usize>>,
    backlinks: &Backlinks,
    result: &mut AirtableImport,
) {
    let f = &mapping.people;
    let column = table.column(&f.introduced_by);
    for (row, person) in table.rows.iter().zip(row_person) {
        let introducer = table.cell(row, column);
        let Some(person) = *person else {
            continue;
        };
        if introducer.is_empty() {
            continue;
        }
        if let Some(found) = resolve(introducer, by_name, &result.batch.people, &[]) {
            let key = result.batch.people[found].key.clone();
            if found == person {
                result.problems.push(table.problem(
                    row,
                    &f.introduced_by,
                    "a person cannot introduce themselves",
                ));
            } else if result.batch.people[person].introduced_by.is_none() {
                // Two rows of one person: the first row's introducer stays.
                result.batch.people[person].introduced_by = Some(key);
            }
        } else {
            let candidates = by_name
                .get(&fold_name(introducer))
                .cloned()
                .unwrap_or_default();
            result.problems.push(ambiguity(
                table,
                row,
                &f.introduced_by,
                introducer,
                &candidates,
                backlinks,
            ));
        }
    }
}

/// Each file's columns the mapping expects and it lacks (problems), and its columns
/// nothing reads. The Interactions table's first column is read as the key the People
/// table's backlinks name, when they name any.
fn report_columns(
    tables: &Tables,
    mapping: &Mapping,
    backlinks: &Backlinks,
    result: &mut AirtableImport,
) {
    let backlinked = backlinks.interactions.iter().any(|list| !list.is_empty());
    for (table, section) in [
        (&tables.people, "people"),
        (&tables.interactions, "interactions"),
        (&tables.organizations, "organizations"),
        (&tables.emails, "emails"),
        (&tables.ignore_rules, "ignore_rules"),
    ] {
        if let Some(table) = table {
            let also = if section == "interactions" && backlinked {
                &[0][..]
            } else {
                &[]
            };
            result
                .problems
                .extend(columns::missing(table, section, mapping));
            result
                .unread
                .extend(columns::unread(table, section, mapping, also));
        }
    }
}
