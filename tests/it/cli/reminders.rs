//! `kith ask "/reminders"` prints what the chat shows: the same engine reply, as text
//! with each button as `[label] data`, so scripts can read and press them.

use super::{kith, text};

#[test]
fn ask_sets_lists_and_finishes_a_follow_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let mut store = kith::Store::open(&db).unwrap();
    store
        .create_person(&kith::store::NewPerson::named("Zoë Müller"))
        .unwrap();
    drop(store);

    let empty = kith(&db, &["ask", "/reminders"], &[]);
    assert!(empty.status.success(), "{}", text(&empty));
    assert!(
        String::from_utf8_lossy(&empty.stdout).starts_with("No open follow-ups."),
        "{}",
        text(&empty)
    );
    let set = kith(
        &db,
        &["ask", "/remind Zoë in 2 weeks: ask about the surgery"],
        &[],
    );
    let shown = String::from_utf8_lossy(&set.stdout).to_string();
    assert!(
        shown.starts_with("Follow-up with Zoë Müller on "),
        "{shown}"
    );
    assert!(shown.contains("[↩ Undo] un:"), "{shown}");

    let listed = kith(&db, &["ask", "/reminders"], &[]);
    let shown = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(
        shown.starts_with("Follow-ups: 1 open\n1. Zoë Müller — ask about the surgery · "),
        "{shown}"
    );
    // Done names the occurrence it is for: the follow-up and its due day.
    let pressed = shown
        .lines()
        .find_map(|line| line.strip_prefix("[1. Done] "))
        .unwrap_or_default()
        .to_owned();
    assert!(pressed.starts_with("rd:1:20"), "{shown}");
    assert!(
        shown.contains(&format!(
            "[1. Done] {pressed}\n[Snooze] rz:1\n[Zoë Müller] p:1"
        )),
        "{shown}"
    );

    let done = kith(&db, &["ask", "--press", &pressed], &[]);
    let shown = String::from_utf8_lossy(&done.stdout).to_string();
    assert!(
        shown.starts_with("Done: \"ask about the surgery\" with Zoë Müller."),
        "{shown}"
    );
    let again = kith(&db, &["ask", "--press", &pressed], &[]);
    assert!(
        String::from_utf8_lossy(&again.stdout).starts_with("Already done:"),
        "{}",
        text(&again)
    );
}
