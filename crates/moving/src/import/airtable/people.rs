//! The People and Emails tables: who each row is, their addresses, and the row each
//! person came from (what every link resolves to).

use std::collections::HashMap;

use super::super::fold::{Owners, fold_into};
use super::super::links::{Backlinks, ambiguity, fold_name, resolve};
use super::super::table::{
    Problem, Row, Table, checkbox, parse_date, slash_parts, split_aligned, split_multi,
};
use super::{AirtableImport, DateColumn, EmailFields, Mapping, PeopleFields};
use chrono::Datelike;

use kith_domain::closeness::Closeness;
use kith_domain::contact::Birthday;
use kith_domain::import::{ImportPerson, Origin, Place};
use kith_domain::model::{EmailAddress, EmailKind, Tier};
use kith_domain::text::split_full_name;

pub(super) fn read_people(
    table: &Table,
    mapping: &Mapping,
    closeness: &Closeness,
    result: &mut AirtableImport,
    by_name: &mut HashMap<String, Vec<usize>>,
    backlinks: &mut Backlinks,
) -> Vec<Option<usize>> {
    let f = &mapping.people;
    let mut row_person = Vec::with_capacity(table.rows.len());
    let column = |name: &str| table.column(name);
    let names = NameColumns {
        first: column(&f.first_name),
        last: column(&f.last_name),
        name: column(&f.name),
        // kith's own export names each person's display name in a column of its own;
        // then `Name` is only the label links use (unique among namesakes: "Chris Park (2)").
        display: column(&f.display_name),
    };
    if names.first.is_none() && names.last.is_none() && names.name.is_none() {
        result.problems.push(Problem {
            file: table.file.clone(),
            row: Some(1),
            column: None,
            message: format!(
                "no name column: expected {:?}, or {:?} and {:?}",
                f.name, f.first_name, f.last_name
            ),
        });
        return vec![None; table.rows.len()];
    }
    let cx = PeopleContext {
        table,
        mapping,
        closeness,
        birthdays: super::date_column(table, mapping, "People", &f.birthday, &mut result.problems),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    // Which person of the file each address belongs to (the first row that has it).
    let mut owners = Owners::default();
    for row in &table.rows {
        let Some(names) = names_of(table, row, &names) else {
            result
                .problems
                .push(table.problem(row, &f.name, "a person with no name was skipped"));
            row_person.push(None);
            continue;
        };
        let folded = names.folded.clone();
        let occurrence = seen.entry(folded.clone()).or_insert(0);
        *occurrence += 1;
        let key = format!("airtable:{folded}#{occurrence}");
        let person = person_of(&cx, row, key, names, &mut result.problems);
        let backlink = split_multi(table.cell(row, column(&f.interactions)));
        // An address an earlier row has makes this row that person: one person, never two
        // sharing an address, and never one row silently lost.
        let index = match owners.earlier(&person) {
            Some((index, shared)) => {
                owners.claim(&person, index);
                let message = fold_into(&mut result.batch.people[index], person, &shared);
                result.problems.push(table.problem(row, &f.emails, message));
                backlinks.interactions[index].extend(backlink);
                index
            }
            None => {
                let index = result.batch.people.len();
                owners.claim(&person, index);
                backlinks.rows.push(row.number);
                backlinks.interactions.push(backlink);
                result.batch.people.push(person);
                index
            }
        };
        let named = by_name.entry(folded).or_default();
        if !named.contains(&index) {
            named.push(index);
        }
        row_person.push(Some(index));
    }
    row_person
}

/// Where a People row's names are: first, last and full name, and kith's own display
/// name.
struct NameColumns {
    first: Option<usize>,
    last: Option<usize>,
    name: Option<usize>,
    display: Option<usize>,
}

/// A People row's names, and the name links know it by, folded.
struct Names {
    given: String,
    family: String,
    display: Option<String>,
    folded: String,
}

/// A row's names: first and last name where it has them (the display name kith's own
/// column gives, or else a full name that says more than the two), else its full name
/// split; `None` for a row with no name at all.
fn names_of(table: &Table, row: &Row, columns: &NameColumns) -> Option<Names> {
    let given = table.cell(row, columns.first).to_owned();
    let family = table.cell(row, columns.last).to_owned();
    let full = table.cell(row, columns.name).to_owned();
    let label = full.clone();
    let (given, family, display) = match (given.is_empty() && family.is_empty(), full.is_empty()) {
        (true, true) => return None,
        (true, false) => {
            let (given, family) = split_full_name(&full);
            (given, family, None)
        }
        (false, _) if columns.display.is_some() => {
            let display =
                Some(table.cell(row, columns.display).to_owned()).filter(|d| !d.is_empty());
            (given, family, display)
        }
        (false, _) => {
            let composed = format!("{given} {family}").trim().to_owned();
            let display = (!full.is_empty() && fold_name(&full) != fold_name(&composed))
                .then_some(full.clone());
            (given, family, display)
        }
    };
    let shown = display
        .clone()
        .unwrap_or_else(|| format!("{given} {family}").trim().to_owned());
    // Links name the row by its Name cell, which is the shown name unless kith wrote it.
    let folded = fold_name(if label.is_empty() { &shown } else { &label });
    Some(Names {
        given,
        family,
        display,
        folded,
    })
}

/// What every People row is read with.
struct PeopleContext<'a> {
    table: &'a Table,
    mapping: &'a Mapping,
    closeness: &'a Closeness,
    birthdays: DateColumn,
}

/// The person one People row is, its names read and its key given: closeness, emails,
/// jobs and kith's own columns read in that order, each cell that does not read a
/// problem.
fn person_of(
    cx: &PeopleContext,
    row: &Row,
    key: String,
    names: Names,
    problems: &mut Vec<Problem>,
) -> ImportPerson {
    let (table, f) = (cx.table, &cx.mapping.people);
    let column = |name: &str| table.column(name);
    let closeness_tier = closeness_of(cx, row, problems);
    let emails = emails_of(table, row, f, problems);
    let employment = employment_of(table, row, f);
    let extra = kith_columns(table, row, f, &cx.birthdays, problems);
    ImportPerson {
        key,
        given_name: names.given,
        family_name: names.family,
        display_name: names.display,
        closeness: closeness_tier,
        introduced_by: None,
        linkedin_url: Some(table.cell(row, column(&f.linkedin)).to_owned())
            .filter(|s| !s.is_empty()),
        location: Some(table.cell(row, column(&f.location)).to_owned()).filter(|s| !s.is_empty()),
        notes: table.cell(row, column(&f.notes)).to_owned(),
        tags: split_multi(table.cell(row, column(&f.tags))),
        emails,
        employment,
        phones: extra.phones,
        birthday: extra.birthday,
        aliases: split_multi(table.cell(row, column(&f.aliases))),
        cadence_days: extra.cadence_days,
        archived: checkbox(table.cell(row, column(&f.archived))),
        telegram_id: extra.telegram.0,
        telegram_username: extra.telegram.1,
        origin: Some(Origin {
            file: table.file.clone(),
            place: Place::Row(row.number),
        }),
    }
}

/// A row's closeness: a label the mapping's tiers name, else as the owner's closeness
/// settings read it.
fn closeness_of(cx: &PeopleContext, row: &Row, problems: &mut Vec<Problem>) -> Option<Tier> {
    let (table, f) = (cx.table, &cx.mapping.people);
    let tier_text = table.cell(row, table.column(&f.closeness));
    if tier_text.is_empty() {
        None
    } else if let Some(number) = cx
        .mapping
        .tiers
        .iter()
        .find(|(label, _)| label.eq_ignore_ascii_case(tier_text))
        .map(|(_, n)| *n)
    {
        Tier::new(i64::from(number)).ok()
    } else {
        match cx.closeness.parse_tier(tier_text) {
            Ok(tier) => Some(tier),
            Err(error) => {
                problems.push(table.problem(row, &f.closeness, error.to_string()));
                None
            }
        }
    }
}

/// A row's addresses, each of kind other and none primary.
fn emails_of(
    table: &Table,
    row: &Row,
    f: &PeopleFields,
    problems: &mut Vec<Problem>,
) -> Vec<(EmailAddress, EmailKind, bool)> {
    let mut emails = Vec::new();
    for address in split_multi(table.cell(row, table.column(&f.emails))) {
        match EmailAddress::parse(&address) {
            Ok(address) => emails.push((address, EmailKind::Other, false)),
            Err(error) => problems.push(table.problem(row, &f.emails, error.to_string())),
        }
    }
    emails
}

/// A row's jobs: its current companies with their titles, then kith's own former ones
/// not also current.
fn employment_of(
    table: &Table,
    row: &Row,
    f: &PeopleFields,
) -> Vec<(String, Option<String>, bool)> {
    let column = |name: &str| table.column(name);
    // Titles line up with the companies, an empty one where a job has none.
    let titles = split_aligned(table.cell(row, column(&f.title)));
    let mut employment: Vec<(String, Option<String>, bool)> =
        split_multi(table.cell(row, column(&f.company)))
            .into_iter()
            .enumerate()
            .map(|(n, organization)| {
                let title = titles.get(n).filter(|t| !t.is_empty()).cloned();
                (organization, title, true)
            })
            .collect();
    // kith's own: former jobs and their titles, lined up the same way.
    let former_titles = split_aligned(table.cell(row, column(&f.former_titles)));
    for (n, organization) in split_multi(table.cell(row, column(&f.former_companies)))
        .into_iter()
        .enumerate()
    {
        if !employment
            .iter()
            .any(|(o, _, _)| o.eq_ignore_ascii_case(&organization))
        {
            let title = former_titles.get(n).filter(|t| !t.is_empty()).cloned();
            employment.push((organization, title, false));
        }
    }
    employment
}

/// What kith's own People columns say of a row: phones, birthday, cadence and Telegram
/// account (id, username).
struct KithColumns {
    phones: Vec<(String, String)>,
    birthday: Option<String>,
    cadence_days: Option<i64>,
    telegram: (Option<i64>, Option<String>),
}

fn kith_columns(
    table: &Table,
    row: &Row,
    f: &PeopleFields,
    birthdays: &DateColumn,
    problems: &mut Vec<Problem>,
) -> KithColumns {
    let column = |name: &str| table.column(name);
    // "+4915112345678 (mobile)": the kind in brackets, `other` without.
    let phones = split_multi(table.cell(row, column(&f.phones)))
        .into_iter()
        .map(|item| match item.rsplit_once(" (") {
            Some((number, kind)) if kind.ends_with(')') => (
                number.trim().to_owned(),
                kind.trim_end_matches(')').to_owned(),
            ),
            _ => (item, "other".to_owned()),
        })
        .map(|(number, kind)| {
            let kind = match kind.as_str() {
                "mobile" | "work" | "home" => kind,
                _ => "other".to_owned(),
            };
            (number, kind)
        })
        .collect();
    let birthday_text = table.cell(row, column(&f.birthday));
    let birthday = if birthday_text.is_empty() {
        None
    } else {
        match birthday(birthday_text, birthdays) {
            Ok(birthday) => Some(birthday.stored()),
            Err(message) => {
                problems.push(table.problem(row, &f.birthday, message));
                None
            }
        }
    };
    let cadence_text = table.cell(row, column(&f.cadence_days));
    let cadence_days = match cadence_text.parse::<i64>() {
        _ if cadence_text.is_empty() => None,
        Ok(days) if (0..=3660).contains(&days) => Some(days),
        _ => {
            problems.push(table.problem(
                row,
                &f.cadence_days,
                format!("{cadence_text:?} is not a number of days from 0 to 3660"),
            ));
            None
        }
    };
    let telegram_text = table.cell(row, column(&f.telegram));
    let telegram = match kith_domain::telegram::account(telegram_text) {
        _ if telegram_text.is_empty() => (None, None),
        Some(account) => account,
        None => {
            problems.push(table.problem(
                row,
                &f.telegram,
                format!("{telegram_text:?} is not a Telegram account (@name, or a t.me link)"),
            ));
            (None, None)
        }
    };
    KithColumns {
        phones,
        birthday,
        cadence_days,
        telegram,
    }
}

/// A birthday cell read the way its column is: with the mapping's format (a format
/// without a year reads a birthday without one), a slash date in the order the column
/// proves, or else as people write birthdays (`12 April`, `1985-04-12`, `12.04.1985`).
fn birthday(text: &str, column: &DateColumn) -> Result<Birthday, String> {
    let of = |month: u32, day: u32, year: Option<i32>| {
        // 29 February is a birthday even in a year that has none.
        chrono::NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day).map(|_| Birthday {
            month,
            day,
            year,
        })
    };
    if let Some(format) = &column.format {
        let mut parsed = chrono::format::Parsed::new();
        let items = chrono::format::StrftimeItems::new(format);
        if chrono::format::parse(&mut parsed, text, items).is_ok()
            && let (Some(month), Some(day)) = (parsed.month(), parsed.day())
        {
            let year = parsed.to_naive_date().ok().map(|d| d.year());
            return of(month, day, year).ok_or_else(|| format!("{text:?} is not a date"));
        }
        if slash_parts(text).is_some() {
            return Err(format!(
                "{text:?} does not match the date format {format:?}"
            ));
        }
    } else if slash_parts(text).is_some() {
        let date = parse_date(text, None, column.order)?;
        return of(date.month(), date.day(), Some(date.year()))
            .ok_or_else(|| format!("{text:?} is not a date"));
    }
    Birthday::parse(text).map_err(|error| error.to_string())
}

pub(super) fn read_emails(
    table: &Table,
    mapping: &Mapping,
    by_name: &HashMap<String, Vec<usize>>,
    backlinks: &Backlinks,
    result: &mut AirtableImport,
) {
    let f = &mapping.emails;
    let cx = EmailsContext {
        table,
        f,
        by_name,
        backlinks,
        email: table.column(&f.email),
        person: table.column(&f.person),
        primary: table.column(&f.primary),
        kind: table.column(&f.kind),
        display_name: table.column(&f.display_name),
    };
    // Which person of the batch each address is already with.
    let mut holders = Holders::default();
    for (index, person) in result.batch.people.iter().enumerate() {
        for (address, _, _) in &person.emails {
            holders.holder.entry(address.clone()).or_insert(index);
        }
    }
    for row in &table.rows {
        read_email_row(&cx, row, &mut holders, result);
    }
}

/// What every Emails row is read with: the table, its fields and their columns, and
/// what names resolve against.
struct EmailsContext<'a> {
    table: &'a Table,
    f: &'a EmailFields,
    by_name: &'a HashMap<String, Vec<usize>>,
    backlinks: &'a Backlinks,
    email: Option<usize>,
    person: Option<usize>,
    primary: Option<usize>,
    kind: Option<usize>,
    display_name: Option<usize>,
}

/// Which person of the batch each address is with, and the Emails row that gave an
/// address no People row has.
#[derive(Default)]
struct Holders {
    holder: HashMap<EmailAddress, usize>,
    given_by: HashMap<EmailAddress, usize>,
}

/// One Emails row: its address given to the person it names (kind and primary set), or
/// kept loose when it names no one or no one person; an address another person has
/// already stays theirs.
fn read_email_row(
    cx: &EmailsContext,
    row: &Row,
    holders: &mut Holders,
    result: &mut AirtableImport,
) {
    let (table, f) = (cx.table, cx.f);
    let address = match EmailAddress::parse(table.cell(row, cx.email)) {
        Ok(address) => address,
        Err(error) => {
            result
                .problems
                .push(table.problem(row, &f.email, error.to_string()));
            return;
        }
    };
    let email_kind = match EmailKind::parse(table.cell(row, cx.kind)) {
        Ok(kind) => kind,
        Err(error) => {
            result
                .problems
                .push(table.problem(row, &f.kind, error.to_string()));
            EmailKind::Other
        }
    };
    let shown = table.cell(row, cx.display_name);
    if !shown.is_empty() {
        result
            .batch
            .address_names
            .push((address.clone(), shown.to_owned()));
    }
    let is_primary = checkbox(table.cell(row, cx.primary));
    let owner = table.cell(row, cx.person);
    if owner.is_empty() {
        if checkbox(table.cell(row, table.column(&f.ignored))) {
            result.batch.ignored_addresses.push(address.clone());
        }
        result.batch.loose_emails.push((address, email_kind));
        return;
    }
    let names = split_multi(owner);
    let name = names.first().map_or(owner, String::as_str);
    let found = resolve(
        name,
        cx.by_name,
        &result.batch.people,
        std::slice::from_ref(&address),
    );
    match found {
        Some(index)
            if holders
                .holder
                .get(&address)
                .is_some_and(|holder| *holder != index) =>
        {
            // One address is one person's: the row that has it keeps it, and the
            // store never takes a second person for the first through it.
            let message = taken(cx, holders, &result.batch.people, &address, name);
            result.problems.push(table.problem(row, &f.person, message));
        }
        Some(index) => {
            if holders.holder.insert(address.clone(), index).is_none() {
                holders.given_by.insert(address.clone(), row.number);
            }
            let person = &mut result.batch.people[index];
            match person.emails.iter_mut().find(|(a, _, _)| *a == address) {
                Some(existing) => {
                    existing.1 = email_kind;
                    existing.2 = is_primary;
                }
                None => person.emails.push((address, email_kind, is_primary)),
            }
        }
        None => {
            let candidates = cx
                .by_name
                .get(&fold_name(name))
                .cloned()
                .unwrap_or_default();
            result.problems.push(ambiguity(
                table,
                row,
                &f.person,
                name,
                &candidates,
                cx.backlinks,
            ));
            result.batch.loose_emails.push((address, email_kind));
        }
    }
}

/// The problem of an Emails row giving `name` an address another person has: which
/// row gave it to them (an earlier Emails row, else their People row).
fn taken(
    cx: &EmailsContext,
    holders: &Holders,
    people: &[ImportPerson],
    address: &EmailAddress,
    name: &str,
) -> String {
    let holder = holders.holder[address];
    let holder_name = people[holder].shown_name();
    let given = match holders.given_by.get(address) {
        Some(emails_row) => {
            format!("row {emails_row} gave it to {holder_name:?} already")
        }
        None => format!(
            "People row {} ({holder_name:?}) has it already",
            cx.backlinks.rows[holder]
        ),
    };
    format!(
        "{address} is given to {name:?} here, but {given}: it stays theirs (if they are one person, merge them in kith)"
    )
}
