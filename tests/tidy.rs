//! The architecture's invariants (ARCHITECTURE.md), checked on the source itself.

use std::path::{Path, PathBuf};

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .display()
        .to_string()
}

/// Code lines only: comments and doc comments are left out.
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Files under `src/` (other than those allowed) whose code mentions `needle`.
fn offenders(needle: &str, allowed: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    sources(&root.join("src"))
        .into_iter()
        .map(|path| relative(&path))
        .filter(|path| !allowed.iter().any(|allowed| path.starts_with(allowed)))
        .filter(|path| code(&root.join(path)).contains(needle))
        .collect()
}

#[test]
fn sql_lives_only_in_the_store() {
    // error.rs only wraps the store's error type.
    assert_eq!(
        offenders("rusqlite::", &["src/store/", "src/error.rs"]),
        Vec::<String>::new()
    );
}

#[test]
fn only_the_telegram_adapter_knows_teloxide() {
    assert_eq!(
        offenders("teloxide", &["src/telegram/"]),
        Vec::<String>::new()
    );
}

#[test]
fn only_two_modules_read_calendars_and_cards_with_calcard() {
    assert_eq!(
        offenders("calcard", &["src/calendar/ics.rs", "src/import/vcard.rs"]),
        Vec::<String>::new()
    );
}

#[test]
fn the_wall_clock_is_read_only_at_the_edges() {
    let allowed = [
        "src/main.rs",            // the binary passes "now" down
        "src/schedule.rs",        // SystemClock, handed to `kith run`
        "src/store/mod.rs",       // audit timestamps only
        "src/calendar/auth.rs",   // when a token was obtained, for the owner to read
        "src/telegram/",          // the adapter reads its WallClock
        "src/calendar/google.rs", // jitter for backoff, not a decision
    ];
    assert_eq!(offenders("Utc::now()", &allowed), Vec::<String>::new());
}

#[test]
fn every_source_file_says_what_it_is_for_and_no_stubs_remain() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in sources(&root.join("src")) {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("//!"),
            "{} does not open with a //! comment",
            relative(&path)
        );
        for stub in ["todo!(", "unimplemented!("] {
            assert!(!text.contains(stub), "{} has {stub}", relative(&path));
        }
    }
}

#[test]
fn the_engine_knows_no_transport() {
    for needle in ["teloxide", "html::escape", "ChatId("] {
        assert_eq!(
            offenders(needle, &["src/telegram/", "src/main.rs", "src/bench.rs"])
                .into_iter()
                .filter(|path| path.starts_with("src/engine/"))
                .collect::<Vec<_>>(),
            Vec::<String>::new(),
            "{needle}"
        );
    }
}
