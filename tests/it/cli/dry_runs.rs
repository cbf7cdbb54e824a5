//! A dry run, or an import refused, leaves no database file where there was none; an
//! export's `--out` that is a file is refused in words.

use super::{kith, text};

/// `kith import … --dry-run --db new.db` created new.db (empty) though it changes nothing.
#[test]
fn dry_runs_leave_no_database_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let card = dir.path().join("a.vcf");
    std::fs::write(
        &card,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana@lima.io\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let people = dir.path().join("People.csv");
    std::fs::write(&people, "Name,Emails\nAna Lima,ana@lima.io\n").unwrap();
    let db = dir.path().join("new.db");
    for args in [
        vec!["import", "vcard", "--dry-run", card.to_str().unwrap()],
        vec![
            "import",
            "airtable",
            "--dry-run",
            "--people",
            people.to_str().unwrap(),
        ],
    ] {
        let output = kith(&db, &args, &[]);
        assert!(output.status.success(), "{}", text(&output));
        assert!(
            text(&output).contains("would import: 1 people new, 0 matched"),
            "{}",
            text(&output)
        );
        assert!(!db.exists(), "{args:?} left {} behind", db.display());
    }
    // A database that exists is dry-run against, and kept as it was.
    let kept = kith(&db, &["import", "vcard", card.to_str().unwrap()], &[]);
    assert!(kept.status.success(), "{}", text(&kept));
    let again = kith(
        &db,
        &["import", "vcard", "--dry-run", card.to_str().unwrap()],
        &[],
    );
    assert!(
        text(&again).contains("would import: 0 people new, 1 matched"),
        "{}",
        text(&again)
    );
    assert!(db.exists());
}

/// `{"format":"nope"}` left an empty database file and said `"not a kith export" is not a
/// valid kith export`.
#[test]
fn a_json_file_that_is_not_an_export_is_refused_in_words_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.json");
    let db = dir.path().join("new.db");
    std::fs::write(&file, r#"{"format":"nope"}"#).unwrap();
    let output = kith(&db, &["import", "json", file.to_str().unwrap()], &[]);
    assert!(!output.status.success());
    let shown = text(&output);
    assert!(
        shown.contains(
            "not a kith export: its \"format\" is \"nope\", not \"kith export\" (expected a file written by `kith export --format json`); nothing was restored"
        ) && !shown.contains("is not a valid"),
        "{shown}"
    );
    assert!(!db.exists());
    // One that reads as an export but is broken further in leaves no new file either.
    std::fs::write(&file, r#"{"format":"kith export"}"#).unwrap();
    let output = kith(&db, &["import", "json", file.to_str().unwrap()], &[]);
    assert!(
        text(&output).contains("not a kith export: no tables"),
        "{}",
        text(&output)
    );
    assert!(!db.exists());
}

/// `kith export --out victim.txt` said `cannot create victim.txt: File exists`.
#[test]
fn export_out_that_is_a_file_says_out_must_be_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "mine").unwrap();
    let output = kith(
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            victim.to_str().unwrap(),
        ],
        &[],
    );
    assert!(!output.status.success());
    assert!(
        text(&output).contains(&format!(
            "--out must be a folder, where the export's files go; {} is a file (nothing was exported)",
            victim.display()
        )),
        "{}",
        text(&output)
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");
}
