//! Exports round-trip, and a backup taken while another thread writes is whole.

use std::sync::{Arc, Mutex};

use kith::store::{NewPerson, Store};
use kith::synthetic::{Scale, generate};

use super::*;

#[test]
fn export_import_export_gives_the_same_json() {
    let mut store = Store::open_in_memory().unwrap();
    let scale = Scale {
        people: 120,
        interactions: 400,
        organizations: 20,
        emails: 200,
        tags: 15,
    };
    store
        .insert_network(&generate(scale, 3, day("2026-11-26")))
        .unwrap();
    let first = store.export_json().unwrap();
    let mut restored = Store::open_in_memory().unwrap();
    restored.import_json(&first).unwrap();
    assert_eq!(restored.export_json().unwrap(), first);
    assert!(restored.health_problems().unwrap().is_empty());
    // A second restore into a database with data is refused and changes nothing.
    let before = restored.content_fingerprint().unwrap();
    assert!(
        restored
            .import_json(&first)
            .unwrap_err()
            .to_string()
            .contains("the database in memory is not empty (it holds")
    );
    assert_eq!(restored.content_fingerprint().unwrap(), before);
    // CSV and vCard exports hold everyone who is not archived.
    let csv = kith::moving::export::airtable_csv(&first, &Default::default());
    let people = csv.iter().find(|(name, _)| name == "People.csv").unwrap();
    assert_eq!(people.1.lines().count(), 121, "a header and 120 people");
    assert_eq!(
        kith::moving::export::vcards(&first)
            .matches("BEGIN:VCARD")
            .count(),
        120
    );
}

#[test]
fn a_backup_taken_while_another_thread_writes_is_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let store = Arc::new(Mutex::new(Store::open(&db).unwrap()));
    let writer = {
        let db = db.clone();
        std::thread::spawn(move || {
            // A second connection, as the bot would be, committing one person at a time.
            let mut other = Store::open(&db).unwrap();
            for n in 0..300 {
                other
                    .create_person(&NewPerson::named(&format!("Writer Person{n:03}")))
                    .unwrap();
            }
        })
    };
    let mut backups = Vec::new();
    for n in 0..5 {
        let path = dir.path().join(format!("backup-{n}.db"));
        store.lock().unwrap().backup_checked(&path).unwrap();
        backups.push(path);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    writer.join().unwrap();
    let mut previous = 0;
    for path in backups {
        let copy = Store::open(&path).unwrap();
        assert!(copy.health_problems().unwrap().is_empty());
        let people = copy.table_counts().unwrap()[0].1;
        assert!(people >= previous, "later backups hold at least as much");
        // Every committed row is there: the names run without a gap.
        let names: Vec<String> = copy
            .person_name_keys()
            .unwrap()
            .into_iter()
            .map(|(_, _, n)| n)
            .collect();
        for (index, name) in names.iter().enumerate() {
            assert_eq!(name, &format!("Writer Person{index:03}"));
        }
        previous = people;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
    let final_backup = dir.path().join("final.db");
    store.lock().unwrap().backup_checked(&final_backup).unwrap();
    assert_eq!(
        Store::open(&final_backup).unwrap().table_counts().unwrap()[0].1,
        300
    );
    assert!(
        store.lock().unwrap().backup_checked(&final_backup).is_err(),
        "an existing file is never overwritten"
    );
}

#[cfg(unix)]
#[test]
fn daily_backups_never_write_through_a_planted_link_and_their_folders_are_private() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_memory().unwrap();
    let folder = dir.path().join("state/backups");
    let mode = |path: &std::path::Path| {
        std::fs::symlink_metadata(path)
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    let first = kith::moving::backup::daily(&store, &folder, day("2026-11-01"), 3)
        .unwrap()
        .expect("the first day's backup");
    assert_eq!(mode(&first), 0o600);
    assert_eq!(mode(&dir.path().join("state")), 0o700);
    assert_eq!(mode(&folder), 0o700);
    // Links planted where the next days' backups go: one dangling, one to a file.
    let nowhere = dir.path().join("nowhere.db");
    symlink(&nowhere, folder.join("kith-2026-11-02.db")).unwrap();
    let outside = dir.path().join("outside.db");
    std::fs::write(&outside, "not kith's").unwrap();
    symlink(&outside, folder.join("kith-2026-11-03.db")).unwrap();
    for taken in ["2026-11-02", "2026-11-03"] {
        let error = kith::moving::backup::daily(&store, &folder, day(taken), 3).unwrap_err();
        assert!(
            error.to_string().contains("never writes through it"),
            "{taken}: {error}"
        );
    }
    assert!(!nowhere.exists(), "written through a dangling link");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "not kith's");
    let names = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(names, 3, "no temporary file is left");
}
