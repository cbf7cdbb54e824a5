//! The out-of-order undo property: after any sequence of changes, undoing *earlier*
//! changes in any order is, each time, either refused with nothing changed, or applied —
//! and then the network equals what a replay of the same inputs gives in which each undone
//! change was taken back at once, wherever that replay is defined (every later input
//! answered exactly as it was the first time).

use proptest::prelude::*;

use super::Chat;
use super::undo_all::step;

/// Sends a step (a typed command, or `press DATA`) and returns its reply as `kith ask`
/// prints it, with change numbers left out (an undo taken at once spends one).
fn run(chat: &mut Chat, step: &str) -> (String, Option<String>) {
    let reply = match step.strip_prefix("press ") {
        Some(data) => chat.press(data),
        None => chat.send(step),
    };
    let undo = reply
        .buttons
        .iter()
        .flatten()
        .find(|b| b.data().starts_with("un:"))
        .map(|b| b.data());
    let shown = reply
        .render_plain()
        .lines()
        .map(|line| match line.find("] un:") {
            Some(at) => format!("{}] un:N", &line[..at]),
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    (shown, undo)
}

/// The replay: the same steps, each of `undone` taken back right after it was made.
/// `None` when a step is answered differently than in the first run.
fn replay(steps: &[String], first_answers: &[String], undone: &[usize]) -> Option<Chat> {
    let mut chat = Chat::open();
    for (index, step) in steps.iter().enumerate() {
        let (answer, undo) = run(&mut chat, step);
        if answer != first_answers[index] {
            return None;
        }
        if undone.contains(&index) {
            // The same change, taken back by its own button.
            let taken = chat.press(&undo?).plain_text();
            assert!(taken.starts_with("Undone: "), "replay of {index}: {taken}");
        }
    }
    Some(chat)
}

/// The rows each export has that the other lacks, table by table.
fn difference(ours: &serde_json::Value, theirs: &serde_json::Value) -> String {
    let mut out = Vec::new();
    for (table, data) in ours["tables"].as_object().into_iter().flatten() {
        let rows = |v: &serde_json::Value| v["rows"].as_array().cloned().unwrap_or_default();
        let (mine, other) = (rows(data), rows(&theirs["tables"][table]));
        for row in mine.iter().filter(|r| !other.contains(r)) {
            out.push(format!("{table} undone: {row}"));
        }
        for row in other.iter().filter(|r| !mine.contains(r)) {
            out.push(format!("{table} replay: {row}"));
        }
    }
    out.join("\n")
}

proptest! {
    #![proptest_config(super::property(
        64,
        concat!(env!("CARGO_TARGET_TMPDIR"), "/proptest/undo_random.txt"),
    ))]

    #[test]
    fn undoing_earlier_changes_in_any_order_is_refused_cleanly_or_equals_a_replay_without_them(
        steps in proptest::collection::vec(step(), 2..16),
        picks in proptest::collection::vec(any::<proptest::sample::Index>(), 1..5),
    ) {
        let mut chat = Chat::open();
        let mut answers = Vec::new();
        let mut changes: Vec<(usize, String)> = Vec::new();
        for (index, step) in steps.iter().enumerate() {
            let (answer, undo) = run(&mut chat, step);
            answers.push(answer);
            if let Some(undo) = undo {
                changes.push((index, undo));
            }
        }
        prop_assume!(!changes.is_empty());
        let mut undone: Vec<usize> = Vec::new();
        for pick in &picks {
            let (index, data) = &changes[pick.index(changes.len())];
            let before = chat.store.export_json().unwrap();
            let answer = chat.press(data).plain_text();
            if answer.starts_with("Undone: ") {
                undone.push(*index);
            } else {
                prop_assert!(
                    answer.starts_with("Can't undo") || answer.contains("already undone"),
                    "undo of step {index} ({:?}) after {steps:?}: {answer}", steps[*index]
                );
                prop_assert_eq!(
                    &chat.store.export_json().unwrap(), &before,
                    "a refused undo of step {} changed something after {:?}", index, steps
                );
            }
            let problems = chat.store.health_problems().unwrap();
            prop_assert!(problems.is_empty(), "after {steps:?} and undoing {undone:?}: {problems:?}");
        }
        if let Some(replayed) = replay(&steps, &answers, &undone) {
            let (ours, theirs) = (chat.store.export_json().unwrap(), replayed.store.export_json().unwrap());
            prop_assert!(
                ours == theirs,
                "undoing steps {:?} of {:?} differs from a replay without them: {}",
                undone, steps, difference(&ours, &theirs)
            );
        }
    }
}
