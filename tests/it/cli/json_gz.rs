//! `/export` sends an export above 5 MB gzipped (`.json.gz`); `kith import json` reads it
//! back, told gzip by its first bytes whatever the file is called, and restores exactly.

use std::io::Write;
use std::path::Path;

use super::{kith, kith_command, text};

fn exported_json(db: &Path, folder: &Path) -> String {
    let output = kith(db, &["export", "--out", folder.to_str().unwrap()], &[]);
    assert!(output.status.success(), "{}", text(&output));
    std::fs::read_to_string(folder.join("kith-export.json")).unwrap()
}

#[test]
fn the_chats_gzipped_export_imports_back_to_the_same_network() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    // The owner's scale: its export is above the 5 MB /export gzips from.
    let seeded = kith(&db, &["seed"], &[]);
    assert!(seeded.status.success(), "{}", text(&seeded));
    let mut chat = kith_command()
        .arg("--db")
        .arg(&db)
        .arg("chat")
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    chat.stdin.take().unwrap().write_all(b"/export\n").unwrap();
    let output = chat.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", text(&output));
    let shown = String::from_utf8_lossy(&output.stdout).into_owned();
    let saved = shown
        .lines()
        .find_map(|l| l.strip_prefix("(saved "))
        .unwrap_or_else(|| panic!("no file saved: {shown}"))
        .split(" — ")
        .next()
        .unwrap()
        .to_owned();
    assert!(saved.ends_with(".json.gz"), "{saved}");
    let gzipped = dir.path().join(&saved);
    let original = exported_json(&db, &dir.path().join("original"));
    // The same bytes under a name that does not say gzip.
    let renamed = dir.path().join("my-network.backup");
    std::fs::copy(&gzipped, &renamed).unwrap();
    for (name, file) in [("json.gz", &gzipped), ("renamed", &renamed)] {
        let restored_db = dir.path().join(format!("restored-{name}.db"));
        let restored = kith(
            &restored_db,
            &["import", "json", file.to_str().unwrap()],
            &[],
        );
        assert!(restored.status.success(), "{name}: {}", text(&restored));
        assert!(
            text(&restored).starts_with("restored "),
            "{}",
            text(&restored)
        );
        let again = exported_json(&restored_db, &dir.path().join(format!("again-{name}")));
        assert!(again == original, "{name}: the restored network differs");
    }
}

#[test]
fn a_cut_off_gzipped_export_is_refused_and_nothing_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let seeded = kith(
        &db,
        &["seed", "--people", "20", "--interactions", "40"],
        &[],
    );
    assert!(seeded.status.success(), "{}", text(&seeded));
    let json = exported_json(&db, &dir.path().join("out"));
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(json.as_bytes()).unwrap();
    let packed = encoder.finish().unwrap();
    let cut = dir.path().join("cut.json.gz");
    std::fs::write(&cut, &packed[..packed.len() / 2]).unwrap();
    let restored_db = dir.path().join("restored.db");
    let output = kith(
        &restored_db,
        &["import", "json", cut.to_str().unwrap()],
        &[],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("cannot unpack"), "{}", text(&output));
    let store = kith::Store::open(&restored_db).unwrap();
    assert!(
        store.table_counts().unwrap().iter().all(|(_, n)| *n == 0),
        "nothing restored"
    );
}
