//! A realistic four-table Airtable export, imported; and the real `Grid view.csv`.

use kith::domain::closeness::Closeness;
use kith::domain::model::{EmailAddress, Tier};
use kith::moving::import::airtable::{AirtableFiles, Mapping, read};
use kith::moving::import::table::{Table, split_multi};
use kith::store::{Commit, Store};

use super::*;

const PEOPLE: &str = "\u{feff}Name,First Name,Last Name,Emails,Company,Tags,Closeness,Introduced By,Notes,LinkedIn,Location,Last Meeting
Jane Doe,Jane,Doe,\"jane@acme.io,jane.doe@gmail.com\",Acme Labs,\"Investor,\"\"Possible, Investor\"\"\",Close,Bob Stone,\"Met at the offsite.
Loves climbing.\",https://www.linkedin.com/in/janedoe,Berlin,2024-03-05
Bob Stone,Bob,Stone,bob@stone.io,\"\"\"CONQUER, INC.\"\",Acme Labs\",Mentor,Any time,,,,,
Alex Kim,Alex,Kim,alex.kim@beta.io,,,Friendly,,,,,
Alex Kim,Alex,Kim,akim@other.org,,,Casual,,,,,
Zoë Müller,Zoë,Müller,,,Friend,Best friends forever,Nobody Known,,,,
";

const ORGANIZATIONS: &str =
    "\u{feff}Name,Tags,Current Employees,Former Employees,Investor Interest,Notes
Acme Labs,\"BigTech,VC\",Jane Doe,Alex Kim,Very Interested,
\"CONQUER, INC.\",,Bob Stone,,watching,\"Two lines
of notes\"
";

const EMAILS: &str = "\u{feff}Email,Person,Primary,Work/Personal
jane@acme.io,Jane Doe,checked,Work
jane.doe@gmail.com,Jane Doe,,Personal
alex.kim@beta.io,Alex Kim,checked,Work
akim@other.org,Alex Kim,,Personal
stray@unknown.io,,,Work
";

const INTERACTIONS: &str = "\u{feff}Date,Type,People,Calendar Event ID,Notes,Didn't Actually Happen,Initiated By Other,Missing People,Last Meeting Count
2024-03-05,1:1 VC,Jane Doe,evt-1,\"Talked about the seed round, again.\",,checked,,
3/8/2024,Coffee,\"Jane Doe,Bob Stone\",,,,,,
\"March 12, 2024\",Group Meeting,\"Bob Stone,Alex Kim\",evt-2,,,,newbie@startup.io,
3/15/2024,Phone,Jane Doe,,Cancelled at the last minute,checked,,,
2024-03-20,Teleport,Zoë Müller,,,,,,
someday,Coffee,Jane Doe,,,,,,
2024-03-22,Coffee,Jane Doe,,,,,,
2024-03-22,Coffee,Jane Doe,,,,,,
";

struct Export {
    _dir: tempfile::TempDir,
    files: AirtableFiles,
}

fn export() -> Export {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = AirtableFiles {
        people: write("People-Grid view.csv", PEOPLE),
        organizations: write("Organizations-Grid view.csv", ORGANIZATIONS),
        emails: write("Emails-Grid view.csv", EMAILS),
        interactions: write("Interactions-Grid view.csv", INTERACTIONS),
        ignore_rules: None,
        ..AirtableFiles::default()
    };
    Export { _dir: dir, files }
}

#[test]
fn a_realistic_export_imports_with_its_problems_reported() {
    let export = export();
    let read = read(
        &export.files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    );
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    let expected_problems = [
        // Row numbers count records, as a spreadsheet does (Jane's notes span two lines).
        "People-Grid view.csv row 6, column \"Closeness\": \"Best friends forever\" is not a closeness tier",
        "People-Grid view.csv row 6, column \"Introduced By\": no person named \"Nobody Known\" in the People table",
        "Organizations-Grid view.csv row 2, column \"Former Employees\": 2 people are named \"Alex Kim\" (People rows 4 and 5) and nothing in the export tells them apart",
        "Interactions-Grid view.csv row 4, column \"People\": 2 people are named \"Alex Kim\" (People rows 4 and 5)",
        "Interactions-Grid view.csv row 7, column \"Date\": \"someday\" is not a date",
    ];
    for expected in expected_problems {
        assert!(
            problems.iter().any(|p| p.starts_with(expected)),
            "missing {expected:?} in {problems:#?}"
        );
    }
    assert_eq!(problems.len(), expected_problems.len(), "{problems:#?}");

    let mut store = Store::open_in_memory().unwrap();
    let dry = store.import_batch(&read.batch, Commit::DryRun).unwrap();
    assert_eq!(
        store
            .table_counts()
            .unwrap()
            .iter()
            .map(|(_, n)| n)
            .sum::<i64>(),
        0,
        "a dry run changes nothing"
    );
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        dry, report,
        "the dry run reports exactly what the real run does"
    );
    assert_eq!(
        (
            report.people_created,
            report.organizations_created,
            report.interactions_created
        ),
        (5, 2, 7)
    );
    // A type word kith has no type for is other, with the word kept and reported.
    assert!(
        report
            .types
            .contains(&"type \"Teleport\" read as other (the word is kept): 1 interaction".into()),
        "{:?}",
        report.types
    );

    let jane = store
        .person_by_email(&EmailAddress::parse("jane@acme.io").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(jane.closeness, Tier::new(2).ok());
    assert_eq!(jane.notes, "Met at the offsite.\nLoves climbing.");
    assert_eq!(
        store.tags_of_person(jane.id).unwrap(),
        vec!["Investor", "Possible, Investor"]
    );
    let bob = store
        .person_by_email(&EmailAddress::parse("bob@stone.io").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(jane.introduced_by, Some(bob.id));
    let jobs: Vec<String> = store
        .employment_of(bob.id)
        .unwrap()
        .into_iter()
        .map(|e| e.organization)
        .collect();
    assert_eq!(jobs, vec!["Acme Labs", "CONQUER, INC."]);
    let emails: Vec<(String, bool, kith::domain::model::EmailKind)> = store
        .emails_of(jane.id)
        .unwrap()
        .into_iter()
        .map(|e| (e.address, e.is_primary, e.kind))
        .collect();
    assert_eq!(
        emails,
        vec![
            (
                "jane@acme.io".into(),
                true,
                kith::domain::model::EmailKind::Work
            ),
            (
                "jane.doe@gmail.com".into(),
                false,
                kith::domain::model::EmailKind::Personal
            )
        ]
    );
    // The two Alex Kims are told apart by their addresses in the Emails table.
    let alex = store
        .person_by_email(&EmailAddress::parse("alex.kim@beta.io").unwrap())
        .unwrap()
        .unwrap();
    let other_alex = store
        .person_by_email(&EmailAddress::parse("akim@other.org").unwrap())
        .unwrap()
        .unwrap();
    assert_ne!(alex.id, other_alex.id);
    assert_eq!(other_alex.closeness, Tier::new(4).ok());

    // Rollups: 5 of Jane's interactions happened (one was cancelled), the latest on 3/22.
    let today = day("2026-11-26");
    let rollups = store.rollups(jane.id, today).unwrap();
    assert_eq!(rollups.interaction_count, 4);
    assert_eq!(rollups.last_met, Some(day("2024-03-22")));
    assert_eq!(rollups.last_f2f, Some(day("2024-03-22")));
    let first = store
        .interaction(store.interaction_by_event_id("evt-1").unwrap().unwrap())
        .unwrap();
    assert!(first.initiated_by_other && !first.did_not_happen);
    assert_eq!(
        first.kind,
        kith::domain::model::InteractionType::OneOnOneVideo
    );
    // "Missing People" become unknown attendees, waiting for triage.
    let unknown = store.unknown_attendees(0, 10).unwrap();
    assert_eq!(
        unknown
            .items
            .iter()
            .map(|u| u.address.as_str())
            .collect::<Vec<_>>(),
        vec!["newbie@startup.io"]
    );
    assert!(store.health_problems().unwrap().is_empty());

    // Importing the same export again changes nothing.
    let before = store.content_fingerprint().unwrap();
    let again = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        (
            again.people_created,
            again.interactions_created,
            again.emails_created
        ),
        (0, 0, 0)
    );
    assert_eq!(store.content_fingerprint().unwrap(), before);
}

#[test]
fn an_import_merges_with_synced_meetings_by_event_id() {
    let export = export();
    let read = read(
        &export.files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    );
    let mut store = Store::open_in_memory().unwrap();
    store
        .upsert_calendar_event(&kith::store::CalendarEvent {
            event_id: "evt-2".into(),
            source: kith::domain::model::Source::Google,
            occurred_on: day("2024-03-12"),
            occurred_at: None,
            time_zone: None,
            title: "Planning".into(),
            kind: kith::domain::model::InteractionType::GroupVideo,
            did_not_happen: false,
            attendees: vec![],
        })
        .unwrap();
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        (report.interactions_created, report.interactions_matched),
        (6, 1)
    );
    let synced = store
        .interaction(store.interaction_by_event_id("evt-2").unwrap().unwrap())
        .unwrap();
    assert_eq!(synced.title, "Planning");
    // Bob joins the synced meeting; "Alex Kim" is ambiguous there and is reported instead.
    assert_eq!(
        synced
            .people
            .iter()
            .map(|(_, n)| n.as_str())
            .collect::<Vec<_>>(),
        vec!["Bob Stone"]
    );
}

#[test]
fn a_mapping_renames_fields_and_maps_labels_and_date_formats() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("p.csv");
    std::fs::write(
        &people,
        "Full name,Circle,Mail\nAna Lima,Inner,ana@lima.io\n",
    )
    .unwrap();
    let interactions = dir.path().join("i.csv");
    std::fs::write(&interactions, "When,Kind,Who\n05.03.2024,Zoom,Ana Lima\n").unwrap();
    let mapping_path = dir.path().join("m.toml");
    std::fs::write(
        &mapping_path,
        "[people]\nname = \"Full name\"\ncloseness = \"Circle\"\nemails = \"Mail\"\n\n\
         [interactions]\ndate = \"When\"\nkind = \"Kind\"\npeople = \"Who\"\n\n\
         [dates]\n\"Interactions.When\" = \"%d.%m.%Y\"\n\n[tiers]\nInner = 1\n\n[types]\nZoom = \"1:1 vc\"\n",
    )
    .unwrap();
    let mapping = Mapping::load(&mapping_path).unwrap();
    let files = AirtableFiles {
        people: Some(people),
        interactions: Some(interactions),
        ..AirtableFiles::default()
    };
    let read = read(&files, &mapping, &Closeness::default(), day("2026-11-26"));
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.batch.people[0].closeness, Tier::new(1).ok());
    assert_eq!(read.batch.interactions[0].occurred_on, day("2024-03-05"));
    assert_eq!(
        read.batch.interactions[0].kind,
        kith::domain::model::InteractionType::OneOnOneVideo
    );
    std::fs::write(&mapping_path, "[people]\nnickname = \"x\"\n").unwrap();
    assert!(
        Mapping::load(&mapping_path)
            .unwrap_err()
            .to_string()
            .contains("nickname")
    );
}

#[test]
fn the_real_grid_view_export_reads_and_splits() {
    let Some(dir) = fixtures("airtable-csv") else {
        return;
    };
    let table = Table::read(&dir.join("Grid view.csv")).unwrap();
    assert_eq!(table.rows.len(), 958);
    assert_eq!(table.headers[0], "Field 1", "the BOM is gone");
    let software = table.column("Software type").unwrap();
    let split: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| split_multi(&r.cells[software]))
        .collect();
    assert!(
        split.iter().any(|items| items == &["ML", "SaaS"]),
        "multi-select cells split on commas"
    );
    let parent = table.column("Parent company").unwrap();
    let conquer = table
        .rows
        .iter()
        .map(|r| split_multi(&r.cells[parent]))
        .find(|items| items.iter().any(|i| i == "CONQUER, INC."))
        .expect("a quoted item with a comma inside a linked-record cell");
    assert!(conquer.len() >= 2, "{conquer:?}");

    // Read as organizations: Vendor is the name, Software type the tags.
    let mapping_dir = tempfile::tempdir().unwrap();
    let mapping_path = mapping_dir.path().join("m.toml");
    std::fs::write(
        &mapping_path,
        "[organizations]\nname = \"Vendor\"\ntags = \"Software type\"\n",
    )
    .unwrap();
    let mapping = Mapping::load(&mapping_path).unwrap();
    let files = AirtableFiles {
        organizations: Some(dir.join("Grid view.csv")),
        ..AirtableFiles::default()
    };
    let read = read(&files, &mapping, &Closeness::default(), day("2026-11-26"));
    let named = table
        .rows
        .iter()
        .filter(|r| !r.cells[table.column("Vendor").unwrap()].trim().is_empty())
        .count();
    assert_eq!(read.batch.organizations.len(), named);
    assert_eq!(
        read.problems.len(),
        table.rows.len() - named,
        "rows without a vendor are reported, one each"
    );
    let mut store = Store::open_in_memory().unwrap();
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert!(report.organizations_created > 500, "{report:?}");
    assert!(store.health_problems().unwrap().is_empty());
}

/// José's row comes after a row with no name: his introducer must be his own, not Sean's.
#[test]
fn a_skipped_people_row_moves_no_introducer_onto_someone_else() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("People-Grid view.csv");
    std::fs::write(
        &people,
        "Name,First Name,Last Name,Emails,Introduced By
,,,,Ana Lima
José Silva,José,Silva,jose@silva.pt,Ana Lima

Sean O'Brien,Sean,O'Brien,sean@obrien.ie,Bob Stone
Ana Lima,Ana,Lima,ana@lima.br,
Bob Stone,Bob,Stone,bob@stone.io,
Pat Lee,Pat,Lee,pat@lee.io,Kim Chan
Kim Chan,Kim,Chan,kim@chan.io,
Kim Chan,Kim,Chan,kim2@chan.io,
",
    )
    .unwrap();
    let files = AirtableFiles {
        people: Some(people),
        organizations: None,
        emails: None,
        interactions: None,
        ignore_rules: None,
        ..AirtableFiles::default()
    };
    let read = read(
        &files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    );
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("row 2") && p.contains("no name was skipped")),
        "{problems:#?}"
    );
    // Two people are named Kim Chan: Pat's introducer is reported, never guessed.
    assert!(
        problems
            .iter()
            .any(|p| p.contains("Introduced By") && p.contains("Kim Chan")),
        "{problems:#?}"
    );
    let mut store = Store::open_in_memory().unwrap();
    store.import_batch(&read.batch, Commit::Yes).unwrap();
    let introducer = |address: &str| {
        let person = store
            .person_by_email(&EmailAddress::parse(address).unwrap())
            .unwrap()
            .unwrap();
        person
            .introduced_by
            .map(|by| store.person(by).unwrap().name())
    };
    assert_eq!(introducer("jose@silva.pt").as_deref(), Some("Ana Lima"));
    assert_eq!(introducer("sean@obrien.ie").as_deref(), Some("Bob Stone"));
    assert_eq!(introducer("ana@lima.br"), None);
    assert_eq!(introducer("bob@stone.io"), None);
    assert_eq!(introducer("pat@lee.io"), None);
}

/// The report's counts are true: an organization first named in a People row's Company
/// cell is created and counted; a Domains cell holding a URL is stored as its domain.
#[test]
fn organizations_from_company_cells_are_counted_and_url_domains_are_bare() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("People.csv");
    std::fs::write(
        &people,
        "Name,First Name,Last Name,Emails,Company\nAna Lima,Ana,Lima,ana@lima.br,Globex\n",
    )
    .unwrap();
    let organizations = dir.path().join("Organizations.csv");
    std::fs::write(
        &organizations,
        "Name,Domains\nAcme Labs,\"https://www.acme.io/about, WWW.Acme.com\"\n",
    )
    .unwrap();
    let files = AirtableFiles {
        people: Some(people),
        organizations: Some(organizations),
        emails: None,
        interactions: None,
        ignore_rules: None,
        ..AirtableFiles::default()
    };
    let read = read(
        &files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    );
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let mut store = Store::open_in_memory().unwrap();
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(report.organizations_created, 2, "Acme Labs and Globex");
    let acme = store.organization_by_name("Acme Labs").unwrap().unwrap();
    assert_eq!(
        acme.domains,
        vec!["acme.com".to_owned(), "acme.io".to_owned()]
    );
    assert!(store.organization_by_name("Globex").unwrap().is_some());
}

/// A date column is read one way: a value that proves the order decides it for every row;
/// a column where nothing decides is a problem naming the column and the mapping that
/// fixes it, and its ambiguous rows are not guessed.
#[test]
fn a_date_column_is_read_one_way_or_reported_never_guessed_per_row() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("People.csv");
    std::fs::write(&people, "Name,First Name,Last Name\nAna Lima,Ana,Lima\n").unwrap();
    let import = |dates: &str, mapping: &Mapping| {
        let interactions = dir.path().join("Interactions.csv");
        std::fs::write(&interactions, format!("Date,Type,People\n{dates}")).unwrap();
        let files = AirtableFiles {
            people: Some(people.clone()),
            organizations: None,
            emails: None,
            interactions: Some(interactions),
            ignore_rules: None,
            ..AirtableFiles::default()
        };
        let read = read(&files, mapping, &Closeness::default(), day("2026-11-26"));
        let days: Vec<String> = read
            .batch
            .interactions
            .iter()
            .map(|i| i.occurred_on.to_string())
            .collect();
        let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
        (days, problems)
    };
    // 30/4 proves day first: 3/5 is the 3rd of May.
    let (days, problems) = import(
        "3/5/2024,Coffee,Ana Lima\n30/4/2024,Coffee,Ana Lima\n",
        &Mapping::default(),
    );
    assert_eq!(days, ["2024-05-03", "2024-04-30"], "{problems:?}");
    assert!(problems.is_empty(), "{problems:?}");
    // 4/30 proves month first: 3/5 is the 5th of March.
    let (days, _) = import(
        "3/5/2024,Coffee,Ana Lima\n4/30/2024,Coffee,Ana Lima\n",
        &Mapping::default(),
    );
    assert_eq!(days, ["2024-03-05", "2024-04-30"]);
    // Nothing decides: the column is reported with the fix, and 3/5 is not imported.
    let (days, problems) = import(
        "3/5/2024,Coffee,Ana Lima\n2024-06-01,Coffee,Ana Lima\n",
        &Mapping::default(),
    );
    assert_eq!(days, ["2024-06-01"]);
    assert!(
        problems.iter().any(|p| p.contains("column \"Date\"")
            && p.contains("[dates]")
            && p.contains("\"Interactions.Date\" = \"%m/%d/%Y\"")),
        "{problems:#?}"
    );
    // The mapping's [dates] entry settles it.
    let mut mapping = Mapping::default();
    mapping
        .dates
        .insert("Interactions.Date".into(), "%d/%m/%Y".into());
    let (days, problems) = import("3/5/2024,Coffee,Ana Lima\n", &mapping);
    assert_eq!(days, ["2024-05-03"], "{problems:?}");
}

/// Someone already in kith, matched by address, is completed from the file — empty fields
/// filled, differing fields kept (or taken with --prefer-file) — and every field is listed.
#[test]
fn a_matched_person_is_completed_and_every_difference_is_listed() {
    use kith::store::{Conflicts, NewPerson};
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("People.csv");
    std::fs::write(
        &people,
        "Name,First Name,Last Name,Emails,Company,Closeness,Location,LinkedIn\n\
Pat Lee,Pat,Lee,pat@lee.io,Globex,Close,Dallas,https://www.linkedin.com/in/patlee\n",
    )
    .unwrap();
    let files = AirtableFiles {
        people: Some(people),
        organizations: None,
        emails: None,
        interactions: None,
        ignore_rules: None,
        ..AirtableFiles::default()
    };
    let setup = || {
        let mut store = Store::open_in_memory().unwrap();
        let mut pat = NewPerson::named("Pat Lee");
        pat.location = Some("Austin".into());
        pat.emails.push((
            EmailAddress::parse("pat@lee.io").unwrap(),
            kith::domain::model::EmailKind::Work,
        ));
        let id = store.create_person(&pat).unwrap();
        let acme = store.create_organization("Acme").unwrap();
        store
            .set_employment(id, acme, None, kith::store::EmploymentStatus::Current)
            .unwrap();
        (store, id)
    };
    let read = read(
        &files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    );

    let (mut store, id) = setup();
    let dry = store.import_batch(&read.batch, Commit::DryRun).unwrap();
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        dry, report,
        "the dry run lists exactly what the import does"
    );
    assert_eq!(
        report.fields,
        [
            "Pat Lee: tier — kith has none, the file says \"tier 2\": filled",
            "Pat Lee: LinkedIn — kith has none, the file says \"https://www.linkedin.com/in/patlee\": filled",
            "Pat Lee: location differs: kept \"Austin\" (the file says \"Dallas\")",
            "Pat Lee: company differs: kept \"Acme\" (the file says \"Globex\")",
        ]
    );
    let pat = store.person(id).unwrap();
    assert_eq!(pat.location.as_deref(), Some("Austin"));
    assert_eq!(pat.closeness.map(|t| t.number()), Some(2));
    let jobs: Vec<String> = store
        .employment_of(id)
        .unwrap()
        .into_iter()
        .map(|j| j.organization)
        .collect();
    assert_eq!(jobs, ["Acme"]);

    let (mut store, id) = setup();
    let mut batch = read.batch.clone();
    batch.conflicts = Conflicts::TakeFile;
    let report = store.import_batch(&batch, Commit::Yes).unwrap();
    assert!(
        report.fields.contains(
            &"Pat Lee: location differs: took the file's \"Dallas\" (kith had \"Austin\")"
                .to_owned()
        ),
        "{:?}",
        report.fields
    );
    assert_eq!(
        store.person(id).unwrap().location.as_deref(),
        Some("Dallas")
    );
    let jobs: Vec<(String, kith::store::EmploymentStatus)> = store
        .employment_of(id)
        .unwrap()
        .into_iter()
        .map(|j| (j.organization, j.status))
        .collect();
    assert_eq!(
        jobs,
        [
            ("Globex".to_owned(), kith::store::EmploymentStatus::Current),
            ("Acme".to_owned(), kith::store::EmploymentStatus::Former)
        ]
    );
}

/// Two people named Chris Park: the People table's backlinks (its Interactions column, its
/// Company column) say which one an interaction or an organization means; only a true
/// ambiguity is reported, with both candidates' rows.
#[test]
fn namesakes_are_told_apart_by_the_backlinks_airtable_exports() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = AirtableFiles {
        people: write(
            "People.csv",
            "Name,First Name,Last Name,Emails,Company,Interactions\n\
Chris Park,Chris,Park,chris@acme.io,Acme,\"Board prep,Demo day\"\n\
Chris Park,Chris,Park,chris@beta.io,Beta,Coffee in May\n",
        ),
        organizations: write(
            "Organizations.csv",
            "Name,Current Employees\nBeta,Chris Park\nGamma,Chris Park\n",
        ),
        emails: None,
        interactions: write(
            "Interactions.csv",
            "Title,Date,Type,People\n\
Board prep,2024-03-05,1:1 VC,Chris Park\n\
Coffee in May,2024-05-02,Coffee,Chris Park\n\
Unlinked,2024-06-01,Coffee,Chris Park\n",
        ),
        ignore_rules: None,
        ..AirtableFiles::default()
    };
    let read = read(
        &files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    );
    let settled: Vec<String> = read.settled.iter().map(ToString::to_string).collect();
    assert_eq!(
        settled,
        [
            "Organizations.csv row 2, column \"Current Employees\": several people are named \"Chris Park\"; the People table's \"Company\" column settled it: the one in People row 3",
            "Interactions.csv row 2, column \"People\": several people are named \"Chris Park\"; the People table's \"Interactions\" column settled it: the one in People row 2",
            "Interactions.csv row 3, column \"People\": several people are named \"Chris Park\"; the People table's \"Interactions\" column settled it: the one in People row 3",
        ]
    );
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "Organizations.csv row 3, column \"Current Employees\": 2 people are named \"Chris Park\" (People rows 2 and 3) and nothing in the export tells them apart; the link was left out",
            "Interactions.csv row 4, column \"People\": 2 people are named \"Chris Park\" (People rows 2 and 3) and nothing in the export tells them apart; the link was left out",
            "Interactions.csv row 4, column \"People\": the interaction has no people: it was imported with no one (link someone to it in kith)",
        ]
    );
    let mut store = Store::open_in_memory().unwrap();
    store.import_batch(&read.batch, Commit::Yes).unwrap();
    let of = |address: &str| {
        let id = store
            .person_by_email(&EmailAddress::parse(address).unwrap())
            .unwrap()
            .unwrap()
            .id;
        store
            .interactions_of(id, 10, 0)
            .unwrap()
            .into_iter()
            .map(|i| i.occurred_on.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(of("chris@acme.io"), ["2024-03-05"]);
    assert_eq!(of("chris@beta.io"), ["2024-05-02"]);
}

/// Airtable's Interactions table names each meeting in its primary field, `Name`: that
/// is the interaction's title (it was dropped).
#[test]
fn interaction_titles_are_read_from_the_name_column_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = AirtableFiles {
        people: write("People.csv", "Name,Emails\nAna Lima,ana@lima.br\n"),
        interactions: write(
            "Interactions.csv",
            "Name,Date,Type,People\nBoard prep,2024-03-05,1:1 VC,Ana Lima\n,2024-03-06,Coffee,Ana Lima\n",
        ),
        ..AirtableFiles::default()
    };
    let read = read(
        &files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    );
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let titles: Vec<&str> = read
        .batch
        .interactions
        .iter()
        .map(|i| i.title.as_str())
        .collect();
    assert_eq!(titles, ["Board prep", ""]);
    let mut store = Store::open_in_memory().unwrap();
    store.import_batch(&read.batch, Commit::Yes).unwrap();
    let ana = store
        .person_by_email(&EmailAddress::parse("ana@lima.br").unwrap())
        .unwrap()
        .unwrap();
    let stored = store.interactions_of(ana.id, 10, 0).unwrap();
    assert!(stored.iter().any(|i| i.title == "Board prep"), "{stored:?}");
}

/// "14/02/1980" was refused even with `"People.Birthday" = "%d/%m/%Y"` in `[dates]`: the
/// mapping's formats and the column-wide reading of slash dates apply to birthdays too.
#[test]
fn day_first_birthdays_are_read_with_the_dates_mapping_and_by_their_column() {
    let dir = tempfile::tempdir().unwrap();
    let read_birthdays = |cells: &[&str], mapping: &Mapping| {
        let people = dir.path().join("People.csv");
        let mut text = String::from("Name,Birthday\n");
        for (n, cell) in cells.iter().enumerate() {
            text.push_str(&format!("Person {n},{cell}\n"));
        }
        std::fs::write(&people, text).unwrap();
        let files = AirtableFiles {
            people: Some(people),
            ..AirtableFiles::default()
        };
        let read = read(&files, mapping, &Closeness::default(), day("2026-11-26"));
        let birthdays: Vec<Option<String>> = read
            .batch
            .people
            .iter()
            .map(|p| p.birthday.clone())
            .collect();
        let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
        (birthdays, problems)
    };
    let some = |s: &str| Some(s.to_owned());
    let mut mapping = Mapping::default();
    mapping
        .dates
        .insert("People.Birthday".into(), "%d/%m/%Y".into());
    let (birthdays, problems) = read_birthdays(&["14/02/1980", "03/04/1981", ""], &mapping);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(birthdays, [some("1980-02-14"), some("1981-04-03"), None]);
    // A format without a year reads birthdays without one.
    let mut no_year = Mapping::default();
    no_year
        .dates
        .insert("People.Birthday".into(), "%d/%m".into());
    let (birthdays, problems) = read_birthdays(&["14/02", "3/4"], &no_year);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(birthdays, [some("--02-14"), some("--04-03")]);
    // Without a mapping, 14/02 proves the column day first: 03/04 is the 3rd of April.
    let (birthdays, problems) = read_birthdays(
        &["14/02/1980", "03/04/1981", "12 April"],
        &Mapping::default(),
    );
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(
        birthdays,
        [some("1980-02-14"), some("1981-04-03"), some("--04-12")]
    );
    // Nothing decides: the column is reported with the [dates] line, the row is not guessed.
    let (birthdays, problems) = read_birthdays(&["03/04/1981"], &Mapping::default());
    assert_eq!(birthdays, [None]);
    assert!(
        problems.iter().any(|p| p.contains("column \"Birthday\"")
            && p.contains("[dates]")
            && p.contains("\"People.Birthday\" = \"%m/%d/%Y\"")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("People.csv row 2, column \"Birthday\"")),
        "{problems:#?}"
    );
}

/// Two People rows with one address were one person with the second name and its notes
/// gone, and a dry run on an empty database said "1 matched": now the rows are named in a
/// problem, the second name is an alias, its notes are kept, and the counts are true.
#[test]
fn two_rows_sharing_an_address_are_one_person_keeping_both_names_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = AirtableFiles {
        people: write(
            "People.csv",
            "Name,Emails,Notes,Location\n\
Jane Doe,jane@acme.io,Met at the offsite.,Berlin\n\
Bob Stone,bob@stone.io,,\n\
J. Doe,\"jd@home.io,JANE@acme.io\",Prefers mornings.,Lisbon\n",
        ),
        interactions: write(
            "Interactions.csv",
            "Date,Type,People\n2024-03-05,Coffee,J. Doe\n",
        ),
        ..AirtableFiles::default()
    };
    let read = read(
        &files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    );
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with(
            "People.csv row 4, column \"Emails\": jane@acme.io is also in row 2 (\"Jane Doe\")"
        ) && problems[0].contains("\"J. Doe\" is kept as another name")
            && problems[0].contains("its location differs, row 2's is kept"),
        "{problems:#?}"
    );
    assert_eq!(read.batch.people.len(), 2);
    let jane = &read.batch.people[0];
    assert_eq!(jane.aliases, ["J. Doe"]);
    assert_eq!(jane.notes, "Met at the offsite.\n\nPrefers mornings.");
    assert_eq!(jane.location.as_deref(), Some("Berlin"));
    assert_eq!(jane.emails.len(), 2);
    assert_eq!(
        read.batch.interactions[0].people,
        std::slice::from_ref(&jane.key)
    );

    let mut store = Store::open_in_memory().unwrap();
    let dry = store.import_batch(&read.batch, Commit::DryRun).unwrap();
    assert_eq!((dry.people_created, dry.people_matched), (2, 0));
    assert!(
        dry.summary(problems.len(), Commit::DryRun)
            .starts_with("would import: 2 people new, 0 matched;"),
        "{}",
        dry.summary(problems.len(), Commit::DryRun)
    );
    store.import_batch(&read.batch, Commit::Yes).unwrap();
    let by_home = store
        .person_by_email(&EmailAddress::parse("jd@home.io").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(by_home.name(), "Jane Doe");
    assert_eq!(by_home.notes, "Met at the offsite.\n\nPrefers mornings.");
    assert_eq!(store.interactions_of(by_home.id, 10, 0).unwrap().len(), 1);
}

/// Columns kith does not read were dropped without a word, so a dry run looked fine: each
/// one of every file is listed now, with the mapping line that would read it.
#[test]
fn unread_columns_are_listed_with_the_mapping_line_that_would_read_them() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = AirtableFiles {
        people: write(
            "People.csv",
            "Name,Email,Organization,Phone,Last Meeting,Notes\nAna Lima,ana@lima.br,Globex,+55 11 5555,2024-03-05,\n",
        ),
        interactions: write(
            "Interactions.csv",
            "Subject,Date,Type,People,Mood\nKick-off,2024-03-05,Coffee,Ana Lima,good\n",
        ),
        organizations: write("Organizations.csv", "Name,Website\nGlobex,globex.example\n"),
        emails: write(
            "Emails.csv",
            "Email,Person,Verified\nana@lima.br,Ana Lima,yes\n",
        ),
        ignore_rules: None,
        ..AirtableFiles::default()
    };
    let read = read(
        &files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    );
    let unread: Vec<String> = read.unread.iter().map(ToString::to_string).collect();
    assert_eq!(
        unread,
        [
            "People.csv row 1, column \"Email\": not read (its values were left out): `emails = \"Email\"` under `[people]` in the mapping file would read it",
            "People.csv row 1, column \"Organization\": not read (its values were left out): `company = \"Organization\"` under `[people]` in the mapping file would read it",
            "People.csv row 1, column \"Phone\": not read (its values were left out): `phones = \"Phone\"` under `[people]` in the mapping file would read it",
            "People.csv row 1, column \"Last Meeting\": not read (its values were left out): no field of kith's reads it",
            "Interactions.csv row 1, column \"Subject\": not read (its values were left out): `title = \"Subject\"` under `[interactions]` in the mapping file would read it",
            "Interactions.csv row 1, column \"Mood\": not read (its values were left out): no field of kith's reads it",
            "Organizations.csv row 1, column \"Website\": not read (its values were left out): `domains = \"Website\"` under `[organizations]` in the mapping file would read it",
            "Emails.csv row 1, column \"Verified\": not read (its values were left out): no field of kith's reads it",
        ]
    );
    // The lines do what they say.
    let mut mapping = Mapping::default();
    mapping.people.emails = "Email".into();
    mapping.people.company = "Organization".into();
    mapping.people.phones = "Phone".into();
    mapping.interactions.title = "Subject".into();
    let again = read_with(&files, &mapping);
    assert_eq!(again.unread.len(), 4, "{:#?}", again.unread);
    let ana = &again.batch.people[0];
    assert_eq!(ana.emails.len(), 1);
    assert_eq!(ana.employment[0].0, "Globex");
    assert_eq!(ana.phones.len(), 1);
    assert_eq!(again.batch.interactions[0].title, "Kick-off");
}

fn read_with(
    files: &AirtableFiles,
    mapping: &Mapping,
) -> kith::moving::import::airtable::AirtableImport {
    read(files, mapping, &Closeness::default(), day("2026-11-26"))
}

/// An unterminated quote merged the rest of a CSV into one person with "0 problems"; an
/// interaction with no people went in without a word: each is a problem with its row.
#[test]
fn an_unclosed_quote_and_an_interaction_with_no_people_are_problems_with_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = AirtableFiles {
        people: write(
            "People.csv",
            "Name,Emails,Notes\nAna Lima,ana@lima.br,fine\nBob Stone,bob@stone.io,\"says hi\nCy Twombly,cy@twombly.io,\nDee Dee,dee@dee.io,\n",
        ),
        interactions: write(
            "Interactions.csv",
            "Date,Type,People,Notes\n2024-03-05,Coffee,,alone\n2024-03-06,Coffee,Ana Lima,\n",
        ),
        ..AirtableFiles::default()
    };
    let read = read(
        &files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    );
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "People.csv row 3, column \"Notes\": a quote opened on line 3 is never closed, so the rest of the file (3 more lines) would be this one cell: this row and every row after it were not read (close the quote, or write a quote inside a cell as \"\")",
            "Interactions.csv row 2, column \"People\": the interaction has no people: it was imported with no one (link someone to it in kith)",
        ]
    );
    let names: Vec<&str> = read
        .batch
        .people
        .iter()
        .map(|p| p.given_name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Ana"],
        "nothing after the quote is read as a person"
    );
    assert_eq!(read.batch.interactions.len(), 2);
}

/// Each cap of the CSV reader — rows, a row's cells, a row's bytes, a cell's bytes, the
/// file's size — and each malformed record is a problem with its row (and column where
/// there is one), never a silent cut.
#[test]
fn every_reader_cap_and_malformed_record_is_a_located_problem() {
    use kith::moving::import::reader::{
        MAX_CELL_BYTES, MAX_CELLS, MAX_FILE_BYTES, MAX_ROW_BYTES, MAX_ROWS,
    };
    let problems =
        |table: &Table| -> Vec<String> { table.problems.iter().map(ToString::to_string).collect() };
    // Rows: the ones past the cap are counted and named.
    let mut text = String::from("Name\n");
    for n in 0..MAX_ROWS + 3 {
        text.push_str(&format!("P{n}\n"));
    }
    let table = Table::parse("People.csv", text.as_bytes()).unwrap();
    assert_eq!(table.rows.len(), MAX_ROWS);
    assert_eq!(
        problems(&table),
        [format!(
            "People.csv row {}: the file has {} rows, more than the {MAX_ROWS} kith reads: rows {} to {} were not read",
            MAX_ROWS + 2,
            MAX_ROWS + 3,
            MAX_ROWS + 2,
            MAX_ROWS + 4
        )]
    );
    // A cell past its cap is left out, the rest of the row read.
    let long = "x".repeat(MAX_CELL_BYTES + 1);
    let table = Table::parse(
        "People.csv",
        format!("Name,Notes\nAna,\"{long}\"\nBob,short\n").as_bytes(),
    )
    .unwrap();
    assert_eq!(
        problems(&table),
        [format!(
            "People.csv row 2, column \"Notes\": the cell has {} bytes, more than the {MAX_CELL_BYTES} kith reads: it was left out",
            MAX_CELL_BYTES + 1
        )]
    );
    assert_eq!(table.rows[0].cells, ["Ana", ""]);
    assert_eq!(table.rows[1].cells, ["Bob", "short"]);
    // A row past its byte cap (every cell under its own) is left out.
    let part = "y".repeat(MAX_CELL_BYTES - 1);
    let wide = [part.as_str(); MAX_ROW_BYTES / MAX_CELL_BYTES + 1].join(",");
    let table = Table::parse(
        "People.csv",
        format!("Name,A,B,C,D,E\nAna,,,,,\n{wide}\nBob,,,,,\n").as_bytes(),
    )
    .unwrap();
    let found = problems(&table);
    assert_eq!(
        found.len(),
        1,
        "{:?}",
        found.iter().map(|p| &p[..80]).collect::<Vec<_>>()
    );
    assert!(
        found[0].starts_with("People.csv row 3: the row has ")
            && found[0].ends_with(&format!(
                "more than the {MAX_ROW_BYTES} kith reads: it was left out"
            )),
        "{}",
        &found[0][..120]
    );
    assert_eq!(table.rows.len(), 2);
    // Cells past the cap of a row, and cells past the header.
    let many = vec!["z"; MAX_CELLS + 2].join(",");
    let table = Table::parse(
        "People.csv",
        format!("Name,Notes\n{many}\nAna,\"a\"b\",c\n").as_bytes(),
    )
    .unwrap();
    assert_eq!(
        problems(&table),
        [
            format!(
                "People.csv row 2: the row has {} cells, more than the {MAX_CELLS} kith reads: the cells after the {MAX_CELLS}th were left out",
                MAX_CELLS + 2
            ),
            format!(
                "People.csv row 2: the row has {MAX_CELLS} cells but the header names 2 columns: the cells after the 2th were not read (a quote opened or closed in the wrong place?)"
            ),
            "People.csv row 3: the row has 3 cells but the header names 2 columns: the cells after the 2th were not read (a quote opened or closed in the wrong place?)".to_owned(),
        ]
    );
    // Bytes that are not UTF-8.
    let table = Table::parse("People.csv", b"Name,Notes\nAna,caf\xe9\n").unwrap();
    assert_eq!(
        problems(&table),
        [
            "People.csv row 2, column \"Notes\": the cell is not UTF-8 text: the bytes that are not were read as \u{fffd}"
        ]
    );
    assert_eq!(table.rows[0].cells[1], "caf\u{fffd}");
    // A file past the size cap is not read at all (a sparse file: no disk is used).
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("People.csv");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    let refused = Table::read(&huge).unwrap_err().to_string();
    assert_eq!(
        refused,
        format!(
            "People.csv: the file has {} bytes, more than the {MAX_FILE_BYTES} kith reads: nothing of it was read",
            MAX_FILE_BYTES + 1
        )
    );
}

/// Two Emails rows giving one address to two people: the second person would have been
/// taken for the first by the store (their name gone, "1 matched"); the address stays
/// with the first and the row is reported.
#[test]
fn an_address_the_emails_table_gives_two_people_stays_with_the_first_and_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = AirtableFiles {
        people: write("People.csv", "Name\nJane Doe\nJ. Doe\n"),
        emails: write(
            "Emails.csv",
            "Email,Person\njane@acme.io,Jane Doe\njane@acme.io,J. Doe\n",
        ),
        ..AirtableFiles::default()
    };
    let read = read(
        &files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    );
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "Emails.csv row 3, column \"Person\": jane@acme.io is given to \"J. Doe\" here, but row 2 gave it to \"Jane Doe\" already: it stays theirs (if they are one person, merge them in kith)"
        ]
    );
    let mut store = Store::open_in_memory().unwrap();
    let report = store.import_batch(&read.batch, Commit::DryRun).unwrap();
    assert_eq!((report.people_created, report.people_matched), (2, 0));
}

/// `"Inner" = 9` under `[tiers]` was accepted and those people got no tier, silently:
/// the mapping is refused at load, naming the line and the tiers there are.
#[test]
fn a_mapping_tier_out_of_range_is_refused_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.toml");
    std::fs::write(&path, "[tiers]\n\"Close\" = 2\n\"Inner\" = 9\n").unwrap();
    assert_eq!(
        Mapping::load(&path).unwrap_err().message,
        "line 3: [tiers] \"Inner\" = 9 is not a tier: tiers are 1 to 7"
    );
    std::fs::write(&path, "[tiers]\n\"Inner\" = 7\n").unwrap();
    assert!(Mapping::load(&path).is_ok());
}

/// `%Q` under `[dates]` was taken, and every date of the column then failed; a mapped
/// column the file lacks (`notes = "NoSuchColumn"`) read as empty without a word.
#[test]
fn a_bad_date_format_and_a_mapped_column_the_file_lacks_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.toml");
    std::fs::write(&path, "[dates]\n\n\"Interactions.Date\" = \"%Q\"\n").unwrap();
    assert_eq!(
        Mapping::load(&path).unwrap_err().message,
        "line 3: [dates] \"Interactions.Date\" = \"%Q\" is not a date format (e.g. \"%d/%m/%Y\": %d day, %m month, %Y year, %b month name)"
    );
    std::fs::write(&path, "[people]\nnotes = \"NoSuchColumn\"\n").unwrap();
    let mapping = Mapping::load(&path).unwrap();
    let people = dir.path().join("People.csv");
    std::fs::write(&people, "Name,Emails,Notes\nAna Lima,ana@lima.io,hi\n").unwrap();
    let files = AirtableFiles {
        people: Some(people),
        ..AirtableFiles::default()
    };
    let problems: Vec<String> = read(&files, &mapping, &Closeness::default(), day("2026-11-26"))
        .problems
        .iter()
        .map(|p| p.message.clone())
        .collect();
    assert_eq!(
        problems,
        [
            "the mapping's `notes = \"NoSuchColumn\"` under `[people]` names a column this file does not have, so nothing was read for it"
        ]
    );
}

/// Two rows of one person with different tiers said "its tier differ, row 2's are kept".
#[test]
fn one_field_two_folded_rows_fill_differently_reads_differs_and_two_read_differ() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("People.csv");
    let files = AirtableFiles {
        people: Some(people.clone()),
        ..AirtableFiles::default()
    };
    let message = |text: &str| {
        std::fs::write(&people, text).unwrap();
        read(
            &files,
            &Mapping::default(),
            &Closeness::default(),
            day("2026-11-26"),
        )
        .problems[0]
            .message
            .clone()
    };
    assert!(
        message("Name,Emails,Closeness\nAna Lima,a@l.io,Close\nAna L,a@l.io,Casual\n")
            .ends_with("; its tier differs, row 2's is kept")
    );
    assert!(
        message(
            "Name,Emails,Closeness,Location\nAna Lima,a@l.io,Close,Rome\nAna L,a@l.io,Casual,Oslo\n"
        )
        .ends_with("; its tier, location differ, row 2's are kept")
    );
}

/// `q9@x.io,Quote One` then `q9@x.io,Quote Two` said "People row 2 ("Quote One") has it
/// already": the address came from Emails row 2, and the problem names that row.
#[test]
fn an_address_two_emails_rows_give_names_the_emails_row_that_gave_it() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = AirtableFiles {
        people: write("People.csv", "Name,Emails\nQuote One,\nQuote Two,\n"),
        emails: write(
            "Emails.csv",
            "Email,Person,Primary,Work/Personal\nq9@x.io,Quote One,,\nq9@x.io,Quote Two,,\n",
        ),
        ..AirtableFiles::default()
    };
    let problems: Vec<String> = read(
        &files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    )
    .problems
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(
        problems,
        [
            "Emails.csv row 3, column \"Person\": q9@x.io is given to \"Quote Two\" here, but row 2 gave it to \"Quote One\" already: it stays theirs (if they are one person, merge them in kith)"
        ]
    );
}

/// `Acme` (notes n1) and `ACME` (notes n2) were joined by the store and n2 was lost
/// without a word: the rows are folded, the problem names both, and the notes are kept.
#[test]
fn two_organization_rows_differing_only_in_case_are_one_with_both_notes_and_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Organizations.csv");
    std::fs::write(
        &path,
        "Name,Tags,Investor Interest,Notes\nAcme,VC,Very Interested,n1\nACME,BigTech,watching,n2\n",
    )
    .unwrap();
    let files = AirtableFiles {
        organizations: Some(path),
        ..AirtableFiles::default()
    };
    let read = read(
        &files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    );
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "Organizations.csv row 3, column \"Name\": \"ACME\" is also row 2 (\"Acme\"), up to case: the two rows are one organization; this row's notes are added to theirs, its tags and domains joined; its investor interest differs, row 2's is kept"
        ]
    );
    assert_eq!(read.batch.organizations.len(), 1);
    assert_eq!(read.batch.organizations[0].notes, "n1\n\nn2");
    assert_eq!(read.batch.organizations[0].tags, ["VC", "BigTech"]);
    let mut store = Store::open_in_memory().unwrap();
    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(report.organizations_created, 1);
    let export = store.export_json().unwrap().to_string();
    assert!(export.contains("n1\\n\\nn2"), "{export}");
}

/// An interaction dated 01/01/2030 was imported without a word: it is still imported (a
/// planned meeting is real), and a problem names its row as after today.
#[test]
fn a_future_dated_interaction_is_imported_with_a_problem_naming_it_after_today() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = AirtableFiles {
        people: write("People.csv", "Name\nAna Lima\n"),
        interactions: write(
            "Interactions.csv",
            "Date,Type,People\n01/01/2030,Coffee,Ana Lima\n11/26/2026,Coffee,Ana Lima\n",
        ),
        ..AirtableFiles::default()
    };
    let read = read(
        &files,
        &Mapping::default(),
        &Closeness::default(),
        day("2026-11-26"),
    );
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "Interactions.csv row 2, column \"Date\": 2030-01-01 is after today (2026-11-26): imported as planned; if it is a typo, correct it in kith"
        ]
    );
    assert_eq!(read.batch.interactions.len(), 2);
}

/// `Nul\0Name,g3@x.io,x\rcr` (a file whose lines end in LF) made a phantom person "cr"
/// from the bare CR and kept the NUL: the CR is text of its cell, the NUL is taken out
/// with a problem, and a row short of the header's cells is a problem with its row.
#[test]
fn a_bare_cr_inside_a_cell_makes_no_phantom_person_and_a_nul_is_not_stored() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("People.csv");
    let files = AirtableFiles {
        people: Some(people.clone()),
        ..AirtableFiles::default()
    };
    let import = |bytes: &[u8]| {
        std::fs::write(&people, bytes).unwrap();
        let read = read(
            &files,
            &Mapping::default(),
            &Closeness::default(),
            day("2026-11-26"),
        );
        let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
        (read.batch.people, problems)
    };
    let (people_read, problems) = import(b"Name,Emails,Notes\nNul\x00Name,g3@x.io,x\rcr\n");
    assert_eq!(people_read.len(), 1, "{people_read:?}");
    assert_eq!(people_read[0].given_name, "NulName");
    assert_eq!(people_read[0].notes, "x\rcr");
    assert_eq!(
        problems,
        [
            "People.csv row 2, column \"Name\": the cell holds a NUL byte, which is no text: it was taken out"
        ]
    );
    // An old Mac's file, every row ending in a lone CR, still reads row by row.
    let (people_read, problems) = import(b"Name,Emails\rAna Lima,a@l.io\rBo Berg,b@b.io\r");
    assert_eq!(people_read.len(), 2);
    assert!(problems.is_empty(), "{problems:?}");
    // A row short of the header's cells says which cells it lacks.
    let (_, problems) = import(b"Name,Emails,Notes\nAna Lima,a@l.io,hi\ncr\n");
    assert_eq!(
        problems,
        [
            "People.csv row 3, column \"Emails\": the row has 1 of the header's 3 cells: the cells from this column on were read as empty (a line broken inside a cell?)"
        ]
    );
}
