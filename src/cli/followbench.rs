//! `kith bench`'s follow-up rows: `/reminders`' first page and the morning digest with
//! 10,000 open follow-ups (due, overdue, ahead; some timed, repeating or snoozed) seeded
//! through the store, each beside the plainest SQL for the same answer.

use kith::engine::{Engine, Input};
use kith::store::NewFollowUp;

use super::bench::{Entry, Fixture, Runs, Target};

/// Open follow-ups the rows are measured with.
pub const FOLLOW_UPS: usize = 10_000;

/// As `/stale`: a list's target.
const LISTS: Target = Target {
    owner: Some(10),
    large: Some(25),
};
/// As the digest's own row.
const DIGEST: Target = Target {
    owner: Some(25),
    large: Some(50),
};

/// The follow-up rows, after the engine's own and before the mail rows.
pub fn entries() -> Vec<Entry> {
    vec![
        Entry::new(
            format!("/reminders first page ({FOLLOW_UPS} open follow-ups)"),
            |f, _| reminders(f),
        )
        .setup(seed_follow_ups)
        .runs(Runs::AtMost(50))
        .floor(|f| {
            f.store().floor_reminders(10)?;
            Ok(())
        })
        .target(LISTS),
        Entry::new(
            format!("digest composition ({FOLLOW_UPS} open follow-ups)"),
            |f, _| {
                let preferences = kith::engine::Preferences::from(&f.settings);
                Engine::new(&mut f.store(), &preferences).digest(1, f.now)?;
                Ok(())
            },
        )
        .setup(seed_follow_ups)
        .runs(Runs::AtMost(30))
        // The follow-ups' part of the digest alone (the rest is the digest's own row).
        .floor(|f| {
            f.store().floor_follow_ups_due(f.today, 10)?;
            Ok(())
        })
        .target(DIGEST),
    ]
}

/// `/reminders` as the owner sends it, refused unless its first page names the person
/// whose follow-up comes up first (so an answer that lists nothing measures nothing).
fn reminders(f: &mut Fixture) -> anyhow::Result<()> {
    let preferences = kith::engine::Preferences::from(&f.settings);
    let first = (f.store().open_follow_ups(0, 1)?.items.into_iter().next())
        .map(|follow_up| follow_up.name)
        .ok_or_else(|| anyhow::anyhow!("no open follow-up to list"))?;
    let reply = Engine::new(&mut f.store(), &preferences).handle(
        1,
        Input::Text("/reminders".into()),
        f.now,
    );
    let text = reply.plain_text();
    anyhow::ensure!(
        text.contains(&first),
        "/reminders did not list {first}: {text}"
    );
    std::hint::black_box(text);
    Ok(())
}

/// Adds the 10,000 open follow-ups in one transaction, once per scale: spread from 100
/// days overdue to 300 ahead over the network's people, every fifth at a time, every
/// seventh repeating, every eleventh snoozed a month.
fn seed_follow_ups(f: &mut Fixture) -> anyhow::Result<bool> {
    let mut store = f.store();
    if store.open_follow_ups(0, 0)?.total >= FOLLOW_UPS {
        return Ok(true);
    }
    let people = store.person_name_keys()?;
    anyhow::ensure!(!people.is_empty(), "the seeded network has no one in it");
    let today = f.today;
    store.in_one_transaction(|store| {
        for n in 0..FOLLOW_UPS {
            let due_on = (today - chrono::Days::new(100)) + chrono::Days::new((n % 400) as u64);
            let id = store.add_follow_up(&NewFollowUp {
                person: people[(n * 7919) % people.len()].0,
                due_on,
                due_at: (n % 5 == 0)
                    .then(|| chrono::NaiveTime::from_hms_opt(9 + (n % 9) as u32, 30, 0))
                    .flatten(),
                text: format!("bench follow-up {n}"),
                repeat: (n % 7 == 0)
                    .then(|| kith::domain::intention::Repeat::from_stored("3m"))
                    .flatten(),
            })?;
            if n % 11 == 0 {
                store.snooze_follow_up(id, today + chrono::Days::new(30))?;
            }
        }
        Ok(())
    })?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_follow_up_rows_have_names_of_their_own() {
        let names: Vec<String> = super::entries().into_iter().map(|e| e.name).collect();
        assert_eq!(
            names,
            [
                "/reminders first page (10000 open follow-ups)",
                "digest composition (10000 open follow-ups)",
            ]
        );
    }
}
