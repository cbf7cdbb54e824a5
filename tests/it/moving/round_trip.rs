//! `kith export --format csv` and `kith import airtable --dir` give back the same network —
//! people and every link between them, jobs, addresses, attendees with their answers,
//! ignore rules, the owner's words for types — with people who share a name, compared
//! through the JSON exports; and the type words an import keeps and reports.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use kith::domain::contact::Birthday;
use kith::domain::model::{
    Cadence, EmailAddress, EmailKind, InteractionType, ResponseStatus, Source, Tier,
};
use kith::moving::import::airtable::{self, AirtableFiles, Mapping};
use kith::store::{Commit, PersonField, Store};
use kith::synthetic::{Network, Scale, SeedEmail, SeedInteraction, SeedPerson, generate};
use serde_json::{Value, json};

use super::day;

fn chris(network: &mut Network, location: &str, introduced_by: Option<usize>) -> usize {
    network.people.push(SeedPerson {
        given_name: "Chris".into(),
        family_name: "Park".into(),
        closeness: Some(Tier::new(2).unwrap()),
        introduced_by,
        linkedin_url: None,
        location: Some(location.to_owned()).filter(|l| !l.is_empty()),
        notes: format!(
            "the one in {}",
            if location.is_empty() {
                "the archive"
            } else {
                location
            }
        ),
        tags: vec![0],
        employment: Vec::new(),
    });
    network.people.len() - 1
}

fn address(network: &mut Network, text: &str, person: Option<usize>) -> usize {
    network.emails.push(SeedEmail {
        address: text.into(),
        person,
        is_primary: person.is_some(),
        kind: EmailKind::Work,
        display_name: None,
    });
    network.emails.len() - 1
}

/// A synthetic network plus four Chris Parks — with addresses, without, archived, one a
/// display name only — who introduce each other, work at the same places, attend the
/// same meetings with different answers, and one taken off a meeting by hand.
fn network_with_namesakes() -> Store {
    let scale = Scale {
        people: 150,
        interactions: 400,
        organizations: 25,
        emails: 260,
        tags: 12,
    };
    let mut network = generate(scale, 5, day("2026-11-26"));
    let first = chris(&mut network, "Berlin", None);
    let second = chris(&mut network, "Austin", Some(first));
    let third = chris(&mut network, "", Some(second));
    let fourth = chris(&mut network, "Lisbon", Some(first));
    network.people[first].introduced_by = Some(fourth);
    network.people[first].employment = vec![(0, Some("CTO".into()), true)];
    network.people[second].employment = vec![
        (0, Some("Intern".into()), false),
        (1, Some("Founder, CEO".into()), true),
        (2, None, true),
    ];
    network.people[fourth].employment = vec![(0, Some("Engineer".into()), true), (3, None, false)];
    // Cells a spreadsheet would run: a name, and notes that begin with a quote already.
    let hostile = chris(&mut network, "Oslo", None);
    network.people[hostile].given_name = "=cmd|' /C calc'!A0".into();
    network.people[hostile].family_name = String::new();
    network.people[hostile].notes = "'=1+1 is two".into();
    network.people[hostile].employment = vec![(4, Some("-Lead".into()), false)];
    address(&mut network, "hostile@acme.example", Some(hostile));
    let first_address = address(&mut network, "chris@acme.example", Some(first));
    let second_address = address(&mut network, "chris.park@mail.example", Some(second));
    address(&mut network, "cp@archive.example", Some(third));
    let stranger = address(&mut network, "someone@unknown.example", None);
    network.emails[stranger].display_name = Some("Sam Stranger".into());
    address(&mut network, "bot@robots.example", None);
    let meeting = |people: Vec<usize>, attendees: Vec<(usize, ResponseStatus)>, event: &str| {
        SeedInteraction {
            occurred_on: day("2026-10-05"),
            starts_at_minute: Some(14 * 60 + 30),
            kind: InteractionType::GroupInPerson,
            title: "Park, Park & Park".into(),
            notes: String::new(),
            source: Source::Google,
            calendar_event_id: Some(event.to_owned()).filter(|e| !e.is_empty()),
            did_not_happen: false,
            initiated_by_other: false,
            people,
            attendees,
        }
    };
    network.interactions.push(meeting(
        Vec::new(),
        vec![
            (first_address, ResponseStatus::Accepted),
            (second_address, ResponseStatus::Declined),
            (stranger, ResponseStatus::Tentative),
        ],
        "evt-parks",
    ));
    network.interactions.push(meeting(
        Vec::new(),
        vec![
            (first_address, ResponseStatus::Accepted),
            (second_address, ResponseStatus::NeedsAction),
        ],
        "evt-taken-off",
    ));
    network
        .interactions
        .push(meeting(vec![second, fourth], Vec::new(), ""));
    // A stranger's invite whose title is a formula.
    let mut invite = meeting(
        Vec::new(),
        vec![(stranger, ResponseStatus::Accepted)],
        "evt-formula",
    );
    invite.title = "=HYPERLINK(\"http://x\",\"y\")".into();
    network.interactions.push(invite);

    let mut store = Store::open_in_memory().unwrap();
    store.insert_network(&network).unwrap();
    let id = |text: &str| {
        store
            .person_by_email(&EmailAddress::parse(text).unwrap())
            .unwrap()
            .unwrap()
            .id
    };
    let (first, second, third) = (
        id("chris@acme.example"),
        id("chris.park@mail.example"),
        id("cp@archive.example"),
    );
    store.add_ignore_rule("*@newsletters.example").unwrap();
    store
        .set_email_ignored(&EmailAddress::parse("bot@robots.example").unwrap(), true)
        .unwrap();
    store.set_archived(third, true).unwrap();
    store.add_phone(first, "+4915112345678", "mobile").unwrap();
    store.add_phone(first, "+4930123456", "work").unwrap();
    let birthday = Birthday {
        month: 4,
        day: 12,
        year: None,
    };
    store.set_birthday(second, Some(birthday)).unwrap();
    store.set_cadence(first, Some(Cadence::Every(45))).unwrap();
    store
        .set_person_field(second, PersonField::Aliases("Kit Park\nC. Park".into()))
        .unwrap();
    // The third is "Chris Park" by display name only.
    store
        .set_person_field(third, PersonField::GivenName("Christopher".into()))
        .unwrap();
    store
        .set_person_field(third, PersonField::DisplayName(Some("Chris Park".into())))
        .unwrap();
    let taken_off = store
        .interaction_by_event_id("evt-taken-off")
        .unwrap()
        .unwrap();
    store.remove_interaction_person(taken_off, first).unwrap();
    // The owner's words for types: one kith has no type for, one a type's other name, one
    // only a mapping reads as its type.
    for (kind, word) in [
        (InteractionType::Other, "walk"),
        (InteractionType::Lunch, "Dinner"),
        (InteractionType::Coffee, "Catch-up"),
    ] {
        let mut logged = kith::store::NewInteraction::manual(day("2026-11-20"), kind, vec![first]);
        logged.type_word = Some(word.into());
        store.log_interaction(&logged).unwrap();
    }
    store
}

/// The rows of one table of an export, as maps by column.
fn table(export: &Value, name: &str) -> Vec<BTreeMap<String, Value>> {
    let data = &export["tables"][name];
    let columns: Vec<String> = data["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    data["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            columns
                .iter()
                .cloned()
                .zip(row.as_array().unwrap().iter().cloned())
                .collect()
        })
        .collect()
}

fn text(row: &BTreeMap<String, Value>, column: &str) -> String {
    match &row[column] {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The network an export describes, without what only identifies rows (ids, import keys,
/// timestamps, where a record came from) and what the CSV layout does not carry (see
/// README: merge and "not the same" decisions, deletions, history, hand marks on synced
/// meetings, when a former job ended): each person by what they are, each link by what
/// the linked person is, everything sorted.
fn network(export: &Value) -> Value {
    let by_id = |name: &str| -> HashMap<String, BTreeMap<String, Value>> {
        table(export, name)
            .into_iter()
            .map(|row| (text(&row, "id"), row))
            .collect()
    };
    let organizations = by_id("organizations");
    let tags = by_id("tags");
    let emails = by_id("emails");
    let people = by_id("people");
    let mut own: HashMap<String, BTreeMap<&str, Value>> = people
        .iter()
        .map(|(id, row)| {
            let mut fields = BTreeMap::new();
            for column in [
                "given_name",
                "family_name",
                "display_name",
                "closeness",
                "linkedin_url",
                "location",
                "notes",
                "archived",
                "birthday",
                "cadence_days",
                "aliases",
            ] {
                fields.insert(column, json!(text(row, column)));
            }
            (id.clone(), fields)
        })
        .collect();
    let mut lists: HashMap<(String, &str), BTreeSet<String>> = HashMap::new();
    for row in table(export, "person_tags") {
        let tag = text(&tags[&text(&row, "tag_id")], "name");
        lists
            .entry((text(&row, "person_id"), "tags"))
            .or_default()
            .insert(tag);
    }
    for row in emails.values() {
        if !text(row, "person_id").is_empty() {
            let entry = format!(
                "{} {} primary={} named {:?}",
                text(row, "address"),
                text(row, "kind"),
                text(row, "is_primary"),
                text(row, "display_name")
            );
            lists
                .entry((text(row, "person_id"), "emails"))
                .or_default()
                .insert(entry);
        }
    }
    for row in table(export, "phones") {
        let entry = format!("{} {}", text(&row, "number"), text(&row, "kind"));
        lists
            .entry((text(&row, "person_id"), "phones"))
            .or_default()
            .insert(entry);
    }
    for row in table(export, "employment") {
        let organization = text(&organizations[&text(&row, "organization_id")], "name");
        let entry = if text(&row, "is_current") == "1" {
            format!("{organization} as {:?}", text(&row, "title"))
        } else {
            format!("formerly {organization} as {:?}", text(&row, "title"))
        };
        lists
            .entry((text(&row, "person_id"), "jobs"))
            .or_default()
            .insert(entry);
    }
    for ((person, list), items) in lists {
        own.get_mut(&person)
            .unwrap()
            .insert(list, json!(items.into_iter().collect::<Vec<_>>()));
    }
    let described = |id: &str| serde_json::to_string(&own[id]).unwrap();
    let mut people_out: Vec<String> = people
        .iter()
        .map(|(id, row)| {
            let introducer = text(row, "introduced_by");
            let introducer = if introducer.is_empty() {
                "no one".to_owned()
            } else {
                described(&introducer)
            };
            format!("{} introduced by {introducer}", described(id))
        })
        .collect();
    people_out.sort();

    let mut participants: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut attendees: HashMap<String, BTreeSet<String>> = HashMap::new();
    for row in table(export, "interaction_people") {
        participants
            .entry(text(&row, "interaction_id"))
            .or_default()
            .insert(described(&text(&row, "person_id")));
    }
    for row in table(export, "interaction_attendees") {
        let email = &emails[&text(&row, "email_id")];
        let interaction = text(&row, "interaction_id");
        let status = text(&row, "response_status");
        attendees
            .entry(interaction.clone())
            .or_default()
            .insert(format!(
                "{} {status} removed={}",
                text(email, "address"),
                text(&row, "removed_by_hand")
            ));
        let owner = text(email, "person_id");
        if status != "declined" && !owner.is_empty() {
            participants
                .entry(interaction)
                .or_default()
                .insert(described(&owner));
        }
    }
    let mut interactions: Vec<Value> = table(export, "interactions")
        .into_iter()
        .map(|row| {
            let id = text(&row, "id");
            let mut fields: BTreeMap<&str, Value> = BTreeMap::new();
            for column in [
                "occurred_on",
                "occurred_at",
                "time_zone",
                "type",
                "type_word",
                "title",
                "notes",
                "calendar_event_id",
                "did_not_happen",
                "initiated_by_other",
            ] {
                fields.insert(column, json!(text(&row, column)));
            }
            fields.insert(
                "people",
                json!(participants.remove(&id).unwrap_or_default()),
            );
            fields.insert(
                "attendees",
                json!(attendees.remove(&id).unwrap_or_default()),
            );
            json!(fields)
        })
        .collect();
    interactions.sort_by_key(|i| i.to_string());

    let mut organization_lists: HashMap<(String, &str), BTreeSet<String>> = HashMap::new();
    for row in table(export, "organization_tags") {
        let tag = text(&tags[&text(&row, "tag_id")], "name");
        organization_lists
            .entry((text(&row, "organization_id"), "tags"))
            .or_default()
            .insert(tag);
    }
    for row in table(export, "organization_domains") {
        organization_lists
            .entry((text(&row, "organization_id"), "domains"))
            .or_default()
            .insert(text(&row, "domain"));
    }
    let mut organizations_out: Vec<String> = organizations
        .iter()
        .map(|(id, row)| {
            let list = |name| {
                organization_lists
                    .get(&(id.clone(), name))
                    .cloned()
                    .unwrap_or_default()
            };
            format!(
                "{} interest={} notes={:?} tags={:?} domains={:?}",
                text(row, "name"),
                text(row, "investor_interest"),
                text(row, "notes"),
                list("tags"),
                list("domains")
            )
        })
        .collect();
    organizations_out.sort();
    let mut unowned: Vec<String> = emails
        .values()
        .filter(|row| text(row, "person_id").is_empty())
        .map(|row| {
            format!(
                "{} {} ignored={} named {:?}",
                text(row, "address"),
                text(row, "kind"),
                text(row, "ignored"),
                text(row, "display_name")
            )
        })
        .collect();
    unowned.sort();
    let mut rules: Vec<String> = table(export, "ignore_rules")
        .iter()
        .filter(|row| text(row, "builtin") != "1")
        .map(|row| text(row, "pattern"))
        .collect();
    rules.sort();
    json!({
        "people": people_out,
        "organizations": organizations_out,
        "addresses of no one": unowned,
        "interactions": interactions,
        "ignore rules": rules,
    })
}

/// The first line where two descriptions differ, for a failure one can read.
fn first_difference(left: &str, right: &str) -> String {
    left.lines()
        .zip(right.lines())
        .enumerate()
        .find(|(_, (l, r))| l != r)
        .map(|(n, (l, r))| format!("line {n}:\n  before: {l}\n  after:  {r}"))
        .unwrap_or_else(|| "one is longer".to_owned())
}

/// The CSV export of `store` written to a folder, and read back with its mapping.
struct Exported {
    dir: tempfile::TempDir,
    read: airtable::AirtableImport,
}

impl Exported {
    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap()
    }
}

fn export_and_read(store: &Store) -> Exported {
    let before = store.export_json().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in kith::moving::export::airtable_csv(&before, &Default::default()) {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    let mapping = Mapping::load(&dir.path().join("kith-mapping.toml")).unwrap();
    let files = AirtableFiles {
        people: Some(dir.path().join("People.csv")),
        interactions: Some(dir.path().join("Interactions.csv")),
        organizations: Some(dir.path().join("Organizations.csv")),
        emails: Some(dir.path().join("Emails.csv")),
        ignore_rules: Some(dir.path().join("Ignore Rules.csv")),
        ..AirtableFiles::default()
    };
    // Read back on a day after every meeting the network plans, so only a round trip's
    // own problems show (a planned meeting read back is reported, see airtable.rs).
    let read = airtable::read(&files, &mapping, &Default::default(), day("2099-12-31"));
    Exported { dir, read }
}

#[test]
fn the_csv_export_imports_back_as_the_same_network_with_namesakes() {
    let store = network_with_namesakes();
    let before = store.export_json().unwrap();
    let exported = export_and_read(&store);
    let people = exported.file("People.csv");
    assert!(
        people.contains("Chris Park (2)") && people.contains("Chris Park (4)"),
        "each namesake has a label of their own:\n{people}"
    );
    let read = exported.read;
    assert_eq!(
        read.problems,
        Vec::new(),
        "the export reads without a problem"
    );
    assert_eq!(read.unread, Vec::new(), "every column kith writes is read");
    let mut again = Store::open_in_memory().unwrap();
    again.import_batch(&read.batch, Commit::Yes).unwrap();
    let after = again.export_json().unwrap();
    let (before, after) = (
        serde_json::to_string_pretty(&network(&before)).unwrap(),
        serde_json::to_string_pretty(&network(&after)).unwrap(),
    );
    assert!(
        before == after,
        "the network changed on the way: {}",
        first_difference(&before, &after)
    );
    // And importing the same files again changes nothing.
    let report = again.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        (
            report.people_created,
            report.interactions_created,
            report.emails_created
        ),
        (0, 0, 0)
    );
    let twice = serde_json::to_string_pretty(&network(&again.export_json().unwrap())).unwrap();
    assert!(before == twice, "{}", first_difference(&before, &twice));
}

/// Former jobs kept their organization but lost their title on the way through the CSV
/// files, and addresses of no one lost the name they go by: both come back now.
#[test]
fn former_job_titles_and_address_names_survive_the_csv_round_trip() {
    let store = network_with_namesakes();
    let exported = export_and_read(&store);
    let mut again = Store::open_in_memory().unwrap();
    again
        .import_batch(&exported.read.batch, Commit::Yes)
        .unwrap();
    let chris = again
        .person_by_email(&EmailAddress::parse("chris.park@mail.example").unwrap())
        .unwrap()
        .unwrap();
    let former: Vec<(String, Option<String>)> = again
        .employment_of(chris.id)
        .unwrap()
        .into_iter()
        .filter(|job| job.status == kith::store::EmploymentStatus::Former)
        .map(|job| (job.organization, job.title))
        .collect();
    assert_eq!(former.len(), 1, "{former:?}");
    assert_eq!(former[0].1.as_deref(), Some("Intern"));
    let stranger = again
        .email(&EmailAddress::parse("someone@unknown.example").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(stranger.display_name.as_deref(), Some("Sam Stranger"));
}

/// A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is written with
/// a `'` before it, so a spreadsheet shows it instead of running it; the import takes the
/// quote off again, and a value that begins with a quote already comes back as it was.
#[test]
fn formula_cells_are_neutralised_in_the_csv_and_come_back_exactly() {
    let store = network_with_namesakes();
    let exported = export_and_read(&store);
    let interactions = exported.file("Interactions.csv");
    assert!(
        interactions.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        "{interactions}"
    );
    let people = exported.file("People.csv");
    assert!(people.contains("'=cmd|' /C calc'!A0"), "{people}");
    assert!(people.contains("''=1+1 is two"), "{people}");
    assert!(people.contains("'-Lead"), "{people}");
    for file in [
        "People.csv",
        "Interactions.csv",
        "Organizations.csv",
        "Emails.csv",
    ] {
        let text = exported.file(file);
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{file}: {cell:?} would run in a spreadsheet"
                );
            }
        }
    }
    let mut again = Store::open_in_memory().unwrap();
    again
        .import_batch(&exported.read.batch, Commit::Yes)
        .unwrap();
    let hostile = again
        .person_by_email(&EmailAddress::parse("hostile@acme.example").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(hostile.name(), "=cmd|' /C calc'!A0");
    assert_eq!(hostile.notes, "'=1+1 is two");
    let invite = again
        .interaction(
            again
                .interaction_by_event_id("evt-formula")
                .unwrap()
                .unwrap(),
        )
        .unwrap();
    assert_eq!(invite.title, "=HYPERLINK(\"http://x\",\"y\")");
}

#[test]
fn kith_columns_that_are_wrong_are_reported_by_row_and_column_and_change_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = AirtableFiles {
        people: write(
            "People.csv",
            "Name,First Name,Last Name,Display Name,Emails,Phones,Birthday,Cadence (days),Archived
Ada Lovelace,Ada,Lovelace,,ada@example.org,+4915112345678 (mobile),--12-10,30,
Ada Lovelace (2),Ada,Lovelace,,ada@analytical.example,,31 February,forever,checked
",
        ),
        interactions: write(
            "Interactions.csv",
            "Date,Type,People,Attendees,Starts At,Time Zone
2024-03-05,coffee,Ada Lovelace (2),\"ada@example.org (maybe), ada@analytical.example (taken off)\",yesterday,Mars/Olympus
",
        ),
        ignore_rules: write("Ignore Rules.csv", "Pattern\n*@news.example\nnot a pattern\n"),
        ..AirtableFiles::default()
    };
    let read = airtable::read(
        &files,
        &Mapping::default(),
        &Default::default(),
        day("2026-11-26"),
    );
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "People.csv row 3, column \"Birthday\": \"31 February\" is not a valid birthday: expected a date such as 12 April, 1985-04-12 or 12.04.1985",
            "People.csv row 3, column \"Cadence (days)\": \"forever\" is not a number of days from 0 to 3660",
            "Ignore Rules.csv row 3, column \"Pattern\": \"not a pattern\" is not a valid ignore pattern (use name@host, *@domain or prefix@*)",
            "Interactions.csv row 2, column \"Attendees\": \"maybe\" is not an answer (accepted, tentative, declined, needs-action or taken off)",
            "Interactions.csv row 2, column \"Starts At\": \"yesterday\" is not a time like 2024-03-05T14:30:00Z; left out",
            "Interactions.csv row 2, column \"Time Zone\": \"Mars/Olympus\" is not a time zone like Europe/Berlin; left out",
        ]
    );
    let [first, second] = read.batch.people.as_slice() else {
        panic!("two people: {:?}", read.batch.people);
    };
    assert_eq!(
        (
            first.display_name.as_deref(),
            first.cadence_days,
            first.archived
        ),
        (None, Some(30), false)
    );
    assert_eq!(
        first.phones,
        [("+4915112345678".to_owned(), "mobile".to_owned())]
    );
    assert_eq!(
        (
            second.display_name.as_deref(),
            second.birthday.as_deref(),
            second.archived
        ),
        (None, None, true),
        "the label is not a display name; a wrong birthday is left out"
    );
    let [meeting] = read.batch.interactions.as_slice() else {
        panic!("one interaction");
    };
    assert_eq!(
        meeting.people.as_slice(),
        std::slice::from_ref(&second.key),
        "the label names the second Ada"
    );
    assert_eq!(meeting.attendees.len(), 1, "{:?}", meeting.attendees);
    assert!(meeting.attendees[0].removed_by_hand);
    assert_eq!(
        (meeting.occurred_at.clone(), meeting.time_zone.clone()),
        (None, None)
    );
    assert_eq!(read.batch.ignore_rules, ["*@news.example"]);
}

#[test]
fn imported_type_words_are_kept_beside_their_type_and_the_report_counts_each_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = AirtableFiles {
        people: write(
            "People.csv",
            "Name,First Name,Last Name\nAda Lovelace,Ada,Lovelace\n",
        ),
        interactions: write(
            "Interactions.csv",
            "Date,Type,People
2024-03-05,Dinner,Ada Lovelace
2024-03-06,dinner,Ada Lovelace
2024-03-07,Dinner,Ada Lovelace
2024-03-08,Group Meeting,Ada Lovelace
2024-03-09,walk,Ada Lovelace
2024-03-10,coffee,Ada Lovelace
2024-03-11,1:1 VC,Ada Lovelace
",
        ),
        ..AirtableFiles::default()
    };
    let read = airtable::read(
        &files,
        &Mapping::default(),
        &Default::default(),
        day("2026-11-26"),
    );
    assert_eq!(
        read.problems,
        Vec::new(),
        "a word kith has no type for is other"
    );
    let mut store = Store::open_in_memory().unwrap();
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        report.types,
        [
            "type \"Dinner\" read as lunch (the word is kept): 2 interactions",
            "type \"Group Meeting\" read as group-vc (the word is kept): 1 interaction",
            "type \"dinner\" read as lunch (the word is kept): 1 interaction",
            "type \"walk\" read as other (the word is kept): 1 interaction",
        ]
    );
    let export = store.export_json().unwrap();
    let kept: Vec<(String, String)> = table(&export, "interactions")
        .iter()
        .map(|row| (text(row, "type"), text(row, "type_word")))
        .collect();
    let kept: Vec<(&str, &str)> = kept.iter().map(|(t, w)| (t.as_str(), w.as_str())).collect();
    assert_eq!(
        kept,
        [
            ("lunch", "Dinner"),
            ("lunch", "dinner"),
            ("lunch", "Dinner"),
            ("group-vc", "Group Meeting"),
            ("other", "walk"),
            ("coffee", ""),
            ("1:1-vc", ""),
        ]
    );
}
