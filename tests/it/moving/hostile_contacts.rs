//! Messy and hostile contact files (issue 27): every cap is a located problem, large
//! cards import in linear time, and what kith writes out is always well-formed.

use kith::moving::import::vcard::{read, read_at_most};
use kith::store::{Commit, NewPerson, Store};

/// A name and a note with a lone CR and a NUL go out as one content line each: the CR
/// as `\n`, the NUL left out, and the file reads back to the same person.
#[test]
fn vcard_export_escapes_cr_and_never_writes_nul() {
    let mut store = Store::open_in_memory().unwrap();
    let mut new = NewPerson::named("Ann\rLee\0");
    new.notes = "first\rsecond\0third\r\n".to_owned();
    store.create_person(&new).unwrap();
    let export = store.export_json().unwrap();
    let people = export["tables"]["people"].to_string();
    assert!(
        people.contains("\\r") && people.contains("\\u0000"),
        "the store keeps both: {people}"
    );
    let vcards = kith::moving::export::vcards(&export);
    assert!(!vcards.contains('\0'), "{vcards:?}");
    for line in vcards.split("\r\n") {
        assert!(!line.contains('\r') && !line.contains('\n'), "{line:?}");
    }
    assert!(
        vcards.contains("NOTE:first\\nsecondthird\r\n"),
        "{vcards:?}"
    );
    let back = read("out.vcf", &vcards);
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!(back.batch.people.len(), 1);
    assert_eq!(back.batch.people[0].notes, "first\nsecondthird");
}

/// 100,001 cards: the first 100,000 are read, and the one left out is a problem naming
/// the file, the card and its line, not "0 problems".
#[test]
fn reaching_the_vcard_card_cap_is_a_located_problem() {
    let cards: String = (0..100_001)
        .map(|n| format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P{n}\r\nEND:VCARD\r\n"))
        .collect();
    let read = read("many.vcf", &cards);
    assert_eq!(read.cards, 100_000);
    assert_eq!(read.batch.people.len(), 100_000);
    let shown: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "many.vcf: line 400001: a file is read up to 100000 cards: card 100001 and every one after it were not imported"
        ]
    );
    // Exactly at the cap nothing is cut.
    let (_, exact) = cards.split_once("END:VCARD\r\n").unwrap();
    assert!(
        read_at_most("exact.vcf", exact, 100_000)
            .problems
            .is_empty()
    );
}

/// The reader also stops after twice its cap of entries of any kind (unreadable lines
/// among them): that is a located problem too.
#[test]
fn reaching_the_vcard_entry_cap_is_a_located_problem() {
    let text = "junk\r\njunk\r\njunk\r\njunk\r\njunk\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n";
    let read = read_at_most("junk.vcf", text, 2);
    assert_eq!(read.cards, 0);
    let last = read.problems.last().map(ToString::to_string);
    assert_eq!(
        last.as_deref(),
        Some(
            "junk.vcf: line 6: a file is read up to 4 entries (cards, unreadable lines, calendars): card 1 and everything after it were not imported"
        )
    );
}

/// One card with `addresses` addresses and `phones` numbers.
fn crowded_card(addresses: usize, phones: usize) -> String {
    let mut card = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\n");
    for n in 0..addresses {
        card.push_str(&format!("EMAIL;TYPE=WORK:ann{n}@lee.example\r\n"));
    }
    for n in 0..phones {
        card.push_str(&format!("TEL;TYPE=CELL:+49 30 {n:07}\r\n"));
    }
    card.push_str("END:VCARD\r\n");
    card
}

/// Reading, tidying and importing one crowded card, in seconds.
fn seconds_to_import(card: &str) -> f64 {
    let started = std::time::Instant::now();
    let mut batch = read("crowded.vcf", card).batch;
    kith::moving::import::tidy_phones(&mut batch, Some("DE"), "crowded.vcf");
    let mut store = Store::open_in_memory().unwrap();
    store.import_batch(&batch, Commit::Yes).unwrap();
    started.elapsed().as_secs_f64()
}

/// Eight times the addresses (or numbers) on a card takes about eight times as long, not
/// sixty-four: each is looked up once (the reader's and the store's linear searches, and
/// a rollup recomputed over all of a person's addresses for each one linked, were
/// quadratic: 48 s for 40,000 addresses).
#[test]
fn many_addresses_and_phones_on_one_contact_import_in_linear_time() {
    for (small, large) in [
        (crowded_card(4_000, 0), crowded_card(32_000, 0)),
        (crowded_card(0, 4_000), crowded_card(0, 32_000)),
    ] {
        let small = seconds_to_import(&small);
        let large = seconds_to_import(&large);
        assert!(
            large < 24.0 * small.max(0.01),
            "eight times the rows took {large:.2} s against {small:.2} s"
        );
    }
}

/// The address space `kith import vcard` may use here.
const MEMORY_LIMIT: u64 = 512 * 1024 * 1024;
/// Longer than these imports take on a loaded machine in a debug build; the quadratic
/// import took minutes.
const DEADLINE: std::time::Duration = std::time::Duration::from_secs(120);

/// `kith import vcard FILE` under `MEMORY_LIMIT`, waited for up to `DEADLINE`: its exit
/// status and everything it printed.
fn import_process(db: &std::path::Path, file: &std::path::Path) -> (bool, String) {
    let mut command = std::process::Command::new("prlimit");
    command
        .arg(format!("--as={MEMORY_LIMIT}"))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_kith"));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
        command.env_remove(name);
    }
    let child = command
        .arg("--db")
        .arg(db)
        .args(["import", "vcard"])
        .arg(file)
        .env("KITH_PHONE_REGION", "DE")
        .env("MALLOC_ARENA_MAX", "2")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("prlimit (util-linux) runs kith");
    let pid = child.id();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    let output = match finished.recv_timeout(DEADLINE) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = std::process::Command::new("kill")
                .arg(pid.to_string())
                .status();
            panic!("kith import vcard did not finish within {DEADLINE:?}");
        }
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// One contact with 40,000 addresses, and one with 40,000 numbers, as real `kith import
/// vcard` processes under a memory limit: each finishes and reports what it imported.
#[test]
fn a_contact_with_40000_addresses_or_phones_imports_under_the_memory_limit() {
    let dir = tempfile::tempdir().unwrap();
    for (name, card, expected) in [
        (
            "addresses.vcf",
            crowded_card(40_000, 0),
            "imported: 1 people new, 0 matched; 0 organizations new; 0 interactions new, 0 matched; 40000 addresses new; 0 problems",
        ),
        (
            "phones.vcf",
            crowded_card(0, 40_000),
            "imported: 1 people new, 0 matched; 0 organizations new; 0 interactions new, 0 matched; 0 addresses new; 0 problems",
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, card).unwrap();
        let db = dir.path().join(format!("{name}.db"));
        let (success, text) = import_process(&db, &file);
        assert!(success && text.contains(expected), "{name}: {text}");
        let store = Store::open_to_inspect(&db).unwrap();
        assert!(store.health_problems().unwrap().is_empty());
        let export = store.export_json().unwrap();
        let count = |table: &str| export["tables"][table]["rows"].as_array().unwrap().len();
        assert_eq!(
            (count("emails"), count("phones")),
            if name == "addresses.vcf" {
                (40_000, 0)
            } else {
                (0, 40_000)
            },
            "{name}"
        );
    }
}

/// Issue 27: a value with bytes that are not UTF-8 (`FN:Bad \xff\xfe Utf`) is a problem
/// naming its line and card, never a name with U+FFFD; a NUL or U+0001 in a value is
/// taken out and named with its line, and never stored.
#[test]
fn a_vcard_value_not_utf8_or_with_a_control_character_is_a_located_problem() {
    let mut bytes = b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;;\r\nFN:Bad ".to_vec();
    bytes.extend_from_slice(b"\xff\xfe Utf\r\nEMAIL:jane@acme.io\r\nEND:VCARD\r\n");
    bytes.extend_from_slice(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam\x00 Roe\r\nNOTE:first\x01second\r\nEND:VCARD\r\n",
    );
    let read = kith::moving::import::vcard::read_bytes("bad.vcf", &bytes);
    let shown: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "bad.vcf: line 4, card 1: it holds bytes that are not UTF-8 text, so it was left out (is the file in another encoding?)",
            "bad.vcf: line 9, card 2: a control character (U+0000) was left out of it",
            "bad.vcf: line 10, card 2: a control character (U+0001) was left out of it",
        ]
    );
    let mut store = Store::open_in_memory().unwrap();
    store.import_batch(&read.batch, Commit::Yes).unwrap();
    let export = store.export_json().unwrap().to_string();
    assert!(!export.contains('\u{fffd}'), "U+FFFD stored: {export}");
    assert!(
        !export.contains("\\u0000") && !export.contains("\\u0001"),
        "a control character stored: {export}"
    );
    assert_eq!(store.find_people_by_name("Jane Doe", 5).unwrap().len(), 1);
    assert_eq!(store.find_people_by_name("Sam Roe", 5).unwrap().len(), 1);
    assert!(export.contains("\"firstsecond\""), "{export}");
}
