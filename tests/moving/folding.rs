//! One person met twice: two entries of one file that share an address (or an id) are
//! one person, and a name of the file's that kith does not know someone by becomes an
//! alias — for every importer, each said in a problem or a report line, the counts true.

use kith::domain::closeness::Closeness;
use kith::domain::model::EmailAddress;
use kith::moving::import::airtable::{self, AirtableFiles, Mapping};
use kith::store::{Commit, Person, Store};

fn people_file(dir: &tempfile::TempDir, name: &str, text: &str) -> AirtableFiles {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    AirtableFiles {
        people: Some(path),
        ..AirtableFiles::default()
    }
}

fn by_address(store: &Store, address: &str) -> Person {
    store
        .person_by_email(&EmailAddress::parse(address).unwrap())
        .unwrap()
        .expect(address)
}

/// Jane was in kith; a file with two rows of her ("Jane Doe", "J. Doe") folded them into
/// one person, who matched her — and the store dropped "J. Doe" without a word. Now the
/// second name is her alias, listed in the report, in her /history, and /undo takes it
/// back; importing the file again adds nothing.
#[test]
fn a_second_name_for_someone_already_in_kith_became_nothing_instead_of_an_alias() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let first = people_file(&dir, "First.csv", "Name,Emails\nJane Doe,jane@acme.io\n");
    let read = airtable::read(&first, &Mapping::default(), &Closeness::default());
    store.import_batch(&read.batch, Commit::Yes).unwrap();
    let before = store.export_json().unwrap();

    let files = people_file(
        &dir,
        "People.csv",
        "Name,Emails,Notes\nJane Doe,jane@acme.io,\nJ. Doe,JANE@acme.io,\n",
    );
    let read = airtable::read(&files, &Mapping::default(), &Closeness::default());
    assert_eq!(read.batch.people.len(), 1, "{:#?}", read.problems);
    let dry = store.import_batch(&read.batch, Commit::DryRun).unwrap();
    assert_eq!((dry.people_created, dry.people_matched), (0, 1));
    assert_eq!(dry.fields, ["Jane Doe: alias \"J. Doe\" added"]);
    assert_eq!(
        store.export_json().unwrap(),
        before,
        "a dry run changes nothing"
    );

    let report = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(report.fields, ["Jane Doe: alias \"J. Doe\" added"]);
    let jane = by_address(&store, "jane@acme.io");
    assert_eq!(jane.aliases, "J. Doe");
    let found = store.find("J. Doe", 5).unwrap();
    assert!(
        found.iter().any(|m| m.label.contains("Jane Doe")),
        "the alias finds her: {found:#?}"
    );
    let history = store.history_of(jane.id, 5, 0).unwrap();
    assert!(
        history[0]
            .summary
            .contains("Jane Doe: alias \"J. Doe\" added"),
        "{history:#?}"
    );

    let again = store.import_batch(&read.batch, Commit::Yes).unwrap();
    assert!(again.fields.is_empty(), "{:#?}", again.fields);

    store.undo_change(history[0].id).unwrap();
    assert_eq!(by_address(&store, "jane@acme.io").aliases, "");
    assert_eq!(
        store.export_json().unwrap(),
        before,
        "undo takes the alias back"
    );
}
