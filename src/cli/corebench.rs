//! `kith bench`'s rows of the engine's own work, in the order of the table: looking
//! someone up, the lists, changes and their undo, linking, syncs of a generated feed,
//! and the Airtable import — each an [`Entry`] on the shared [`Fixture`], beside its floor.

use std::path::Path;

use chrono::{DateTime, Utc};

use kith::domain::model::{EmailAddress, Tier};
use kith::engine::Engine;
use kith::engine::callback::{Callback, StaleKey};
use kith::store::{Clock, StaleFilter, StaleQuery, Store};

use super::bench::{Entry, Fixture, Runs, Target};

/// Every row of the engine's own work, in the order of the table (the mail rows,
/// `mailbench::entries`, follow them).
pub fn entries() -> Vec<Entry> {
    let mut entries = lookup_entries();
    entries.extend(list_entries());
    entries.extend(change_entries());
    entries.extend(sync_entries());
    entries.push(airtable_entry());
    entries
}

/// Looking someone up in the chat: each beside its floor.
fn lookup_entries() -> Vec<Entry> {
    use Target as T;
    vec![
        Entry::new("/find (common name)", |f, _| {
            f.text(format!("/find {}", f.common))
        })
        .floor(|f| {
            f.store().floor_find(&f.common)?;
            Ok(())
        })
        .target(T::INTERACTIVE),
        Entry::new("/find (rare name)", |f, _| {
            f.text(format!("/find {}", f.rare))
        })
        .floor(|f| {
            f.store().floor_find(&f.rare)?;
            Ok(())
        })
        .target(T::INTERACTIVE),
        Entry::new("/person card", |f, _| f.press(Callback::Person(f.rare_id)))
            .floor(|f| {
                f.store().floor_card(f.rare_id, f.today)?;
                Ok(())
            })
            .target(T::INTERACTIVE),
    ]
}

/// The lists: overdue people, unknown attendees, possible duplicates.
fn list_entries() -> Vec<Entry> {
    use Target as T;
    vec![
        Entry::new("/stale first page", |f, _| f.text("/stale".into()))
            .runs(Runs::AtMost(50))
            .floor(|f| {
                f.store().floor_stale(&f.settings.closeness, f.today)?;
                Ok(())
            })
            .target(T::LISTS),
        Entry::new("/stale second page", |f, _| {
            f.press(Callback::Stale {
                key: StaleKey::All,
                offset: 10,
            })
        })
        .runs(Runs::AtMost(50))
        .target(T::LISTS),
        Entry::new("/stale filtered by tier", |f, _| {
            stale(f, &StaleFilter::Tier(Tier::new(3)?))
        })
        .runs(Runs::AtMost(50))
        .target(T::LISTS),
        Entry::new("/stale filtered by tag", |f, _| {
            stale(f, &StaleFilter::Tag(f.tag.clone()))
        })
        .setup(|f| {
            let tags = f.store().tags_with_counts()?;
            f.tag = (tags.into_iter().max_by_key(|(_, n, _)| *n))
                .map(|(t, _, _)| t)
                .unwrap_or_default();
            Ok(true)
        })
        .runs(Runs::AtMost(50))
        .target(T::LISTS),
        Entry::new("/unknown first page", |f, _| f.text("/unknown".into()))
            .runs(Runs::AtMost(50))
            .floor(|f| {
                f.store().floor_unknown()?;
                Ok(())
            })
            .target(T::LISTS),
        Entry::new("/dupes (everyone compared)", |f, _| f.text("/dupes".into()))
            .runs(Runs::AtMost(20))
            .floor(|f| {
                f.store().floor_dupes()?;
                Ok(())
            })
            .target(T::DUPES),
    ]
}

/// The morning digest, and what changes the network.
fn change_entries() -> Vec<Entry> {
    use Target as T;
    vec![
        // The morning digest as it runs every day: yesterday's went out, so only what is
        // new since then is asked about (the first digest ever compares everyone).
        Entry::new("digest composition", |f, _| {
            let preferences = kith::engine::Preferences::from(&f.settings);
            Engine::new(&mut f.store(), &preferences).digest(1, f.now)?;
            Ok(())
        })
        .setup(|f| {
            let yesterday = f.today - chrono::Days::new(1);
            f.store()
                .mark_digest_sent(yesterday, f.now - chrono::Duration::days(1))?;
            Ok(true)
        })
        .runs(Runs::AtMost(30))
        .target(T::DIGEST),
        Entry::new("/log coffee with NAME yesterday", |f, _| {
            f.text(format!("/log coffee with {} yesterday: bench", f.rare))
        })
        .target(T::INTERACTIVE),
        // An edit, as the owner makes it; each is undone before the next.
        Entry::new("an edit (/set NAME location …)", edit)
            .after(|f, _| f.text("/undo".into()))
            .target(T::INTERACTIVE),
        Entry::new("an edit and its /undo", |f, run| {
            edit(f, run)?;
            f.text("/undo".into())
        })
        .target(T::INTERACTIVE),
        link_entry(),
    ]
}

fn edit(f: &mut Fixture, run: usize) -> anyhow::Result<()> {
    f.text(format!("/set {} location Bench {run}", f.rare))
}

/// The first page of the overdue people that `filter` keeps, straight from the store.
fn stale(f: &Fixture, filter: &StaleFilter) -> anyhow::Result<()> {
    f.store()
        .stale(&StaleQuery::new(filter, &f.settings.closeness, f.today).page(0, 10))?;
    Ok(())
}

/// Reconcile: link the unknown address with the most meetings, then unlink it.
fn link_entry() -> Entry {
    Entry::new("link an address (reconcile its meetings)", |f, _| {
        let address = f.address.clone().expect("set up");
        let mut store = f.store();
        store.link_email(&address, f.rare_id)?;
        store.unlink_email(&address)?;
        Ok(())
    })
    .setup(|f| {
        let busiest = f
            .store()
            .unknown_attendees(0, 1)?
            .items
            .first()
            .map(|u| u.address.clone());
        f.address = busiest.map(|a| EmailAddress::parse(&a)).transpose()?;
        Ok(f.address.is_some())
    })
    .target(Target::INTERACTIVE)
}

/// Calendar sync: 10,000 events (30,000 attendee rows) from a local feed.
fn sync_entries() -> Vec<Entry> {
    vec![
        Entry::new("full sync of 10,000 events (ICS)", |f, _| {
            let report = f.sync(f.sync_settings.as_ref().expect("set up"));
            anyhow::ensure!(!report.failed(), "the sync failed: {}", report.render());
            Ok(())
        })
        .setup(write_feed)
        .runs(Runs::Once)
        .target(Target {
            owner: Some(2_000),
            large: None,
        }),
        Entry::new("re-sync of the same 10,000 events (nothing new)", |f, _| {
            let report = f.sync(f.sync_settings.as_ref().expect("set up"));
            anyhow::ensure!(
                !report.failed() && report.sources[0].created == 0,
                "the re-sync was not a no-op: {}",
                report.render()
            );
            Ok(())
        })
        // The floor of a re-sync: reading and parsing the feed alone.
        .floor(parse_feed)
        .runs(Runs::AtMost(5))
        .target(Target::ms(250, 250)),
        // A no-op incremental sync: the plan and apply of an empty change set.
        Entry::new("no-op incremental sync (local work)", |f, _| {
            let mut report = kith::calendar::sync::SourceReport::default();
            let delivery = kith::calendar::sync::Delivery {
                name: "google:primary",
                source: kith::domain::model::Source::Google,
                events: &[],
                position: Some("token"),
            };
            let settings = f.sync_settings.as_ref().expect("set up");
            let mut store = f.store();
            kith::calendar::sync::apply_events(
                settings,
                &mut store,
                &delivery,
                f.now,
                &mut report,
            )?;
            Ok(())
        })
        .target(Target {
            owner: Some(20),
            large: None,
        }),
    ]
}

/// Writes the feed of 10,000 meetings with the network's addresses, and the settings
/// that sync it; from here on the store keeps time as the program's does.
fn write_feed(f: &mut Fixture) -> anyhow::Result<bool> {
    let mut addresses: Vec<String> = {
        let page = f.store().unknown_attendees(0, 200)?;
        page.items.into_iter().map(|u| u.address).collect()
    };
    for (id, _, _) in f.names.iter().take(2_000) {
        addresses.extend(f.store().emails_of(*id)?.into_iter().map(|e| e.address));
    }
    let path = f.dir.join(format!("bench-{}x.ics", f.scale));
    feed(&path, 10_000, &addresses, f.now);
    f.addresses = addresses;
    let mut settings = f.settings.clone();
    settings.ics_urls = vec![kith::config::secret::FeedUrl::new(
        path.display().to_string(),
    )];
    f.sync_settings = Some(settings);
    f.store().set_clock(Clock::System);
    Ok(true)
}

fn parse_feed(f: &mut Fixture) -> anyhow::Result<()> {
    let path = f.dir.join(format!("bench-{}x.ics", f.scale));
    let text = std::fs::read_to_string(&path)?;
    let read = kith::calendar::ics::read_feed(
        &text,
        f.settings.timezone,
        f.now - chrono::Duration::days(400),
        f.now + chrono::Duration::days(400),
    );
    anyhow::ensure!(
        read.events.len() == 10_000,
        "the feed has {} events",
        read.events.len()
    );
    Ok(())
}

/// The Airtable import of the owner's network (exported from this one at 1×).
fn airtable_entry() -> Entry {
    Entry::new("Airtable import (4 CSV files)", |f, _| {
        let csv_dir = f.dir.join("csv");
        let files = kith::moving::import::airtable::AirtableFiles {
            people: Some(csv_dir.join("People.csv")),
            interactions: Some(csv_dir.join("Interactions.csv")),
            organizations: Some(csv_dir.join("Organizations.csv")),
            emails: Some(csv_dir.join("Emails.csv")),
            ignore_rules: Some(csv_dir.join(kith::moving::export::IGNORE_RULES_FILE)),
            ..Default::default()
        };
        let closeness = &f.settings.closeness;
        let read =
            kith::moving::import::airtable::read(&files, &Default::default(), closeness, f.today);
        let mut target = Store::open(&f.dir.join("bench-import.db"))?;
        target.import_batch(&read.batch, kith::store::Commit::Yes)?;
        Ok(())
    })
    .setup(|f| {
        let export = f.store().export_json()?;
        let csv_dir = f.dir.join("csv");
        for (name, content) in kith::moving::export::airtable_csv(&export, &f.settings.closeness) {
            kith::safe_file::write_private(
                &csv_dir.join(name),
                content.as_bytes(),
                kith::safe_file::Existing::Replace,
            )?;
        }
        let _ = std::fs::remove_file(f.dir.join("bench-import.db"));
        Ok(true)
    })
    .runs(Runs::Once)
    .owner_only()
    .target(Target {
        owner: Some(3_000),
        large: None,
    })
}

/// Writes an ICS feed of `events` meetings with three attendees each, spread over the
/// year before `now`, drawing attendees from the network's addresses.
fn feed(path: &Path, events: usize, addresses: &[String], now: DateTime<Utc>) {
    use std::fmt::Write;
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kith//bench//EN\r\n");
    for n in 0..events {
        let start = now - chrono::Duration::hours(1 + (n as i64 * 7919) % (365 * 24));
        let _ = write!(
            text,
            "BEGIN:VEVENT\r\nUID:bench-{n}@kith\r\nDTSTART:{}\r\nSUMMARY:Meeting {n}\r\n",
            start.format("%Y%m%dT%H%M%SZ")
        );
        for k in 0..3 {
            // One name per address, as a calendar gives it: a name that changed from one
            // event to the next would be (rightly) rewritten on every sync.
            let index = (n * 31 + k * 977) % addresses.len();
            let address = &addresses[index];
            let _ = write!(
                text,
                "ATTENDEE;CN=Person {index};PARTSTAT=ACCEPTED:mailto:{address}\r\n"
            );
        }
        text.push_str("END:VEVENT\r\n");
    }
    text.push_str("END:VCALENDAR\r\n");
    kith::safe_file::write_private(path, text.as_bytes(), kith::safe_file::Existing::Replace)
        .expect("writing the feed");
}
