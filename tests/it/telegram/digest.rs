//! The schedules inside `kith run`: a calendar sync and the morning digest on an
//! every-minute schedule (a fixed clock; the next minute is a second run on the same file), triage
//! from the digest's buttons, and never a second digest on the same day.

use chrono::{DateTime, TimeZone, Utc};

use super::*;

/// The moment the bot lives in: 08:00:30 on Thursday 2026-11-26.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 30).unwrap()
}

fn digest_network(store: &mut Store) {
    store
        .create_person(&NewPerson::named("Robert Roe"))
        .unwrap();
    let acme = store.create_organization("Acme Labs").unwrap();
    store.add_organization_domain(acme, "acme.io").unwrap();
}

fn feed(dir: &std::path::Path) -> PathBuf {
    let day = |back: i64| {
        (now() - chrono::Duration::days(back))
            .format("%Y%m%dT100000Z")
            .to_string()
    };
    let event = |uid: &str, start: String, attendees: &[(&str, &str)]| {
        let mut text =
            format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\nSUMMARY:Meeting {uid}\r\n");
        for (cn, address) in attendees {
            text.push_str(&format!(
                "ATTENDEE;CN={cn};PARTSTAT=ACCEPTED:mailto:{address}\r\n"
            ));
        }
        text.push_str("ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com\r\nEND:VEVENT\r\n");
        text
    };
    let body = [
        event("d1", day(3), &[("Jane Doe", "jane.doe@acme.io")]),
        event(
            "d2",
            day(2),
            &[
                ("Jane Doe", "jane.doe@acme.io"),
                ("Robert Roe", "robert.roe@beta.io"),
            ],
        ),
    ]
    .concat();
    let path = dir.join("calendar.ics");
    std::fs::write(
        &path,
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n"),
    )
    .unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_schedule_syncs_sends_one_digest_and_triage_counts_past_meetings() {
    let calendars = tempfile::tempdir().unwrap();
    let feed = feed(calendars.path());
    // A fixed clock; "the next minute" is a second run on the same file a minute later.
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("kith.db");
    let options = |now: DateTime<Utc>| Options {
        env: vec![
            ("KITH_ICS_URLS", feed.display().to_string()),
            ("KITH_MY_EMAILS", "me@example.com".into()),
            ("KITH_SYNC_SCHEDULE", "* * * * *".into()),
            ("KITH_DIGEST_SCHEDULE", "* * * * *".into()),
        ],
        clock: std::sync::Arc::new(Fixed(now)),
        quiet_digest: false,
        populate: digest_network,
        faults: None,
        database: Some(database.clone()),
        refusals: Vec::new(),
    };
    let mut bot = Running::start_with(options(now())).await;
    let fake = bot.fake.clone();

    // Start-up: the sync runs (two meetings, two unknown addresses), then the digest.
    let sent = fake
        .wait_for("the digest", |sent| {
            texts(sent)
                .iter()
                .any(|t| t.starts_with("robert.roe@beta.io"))
        })
        .await;
    let first_sync = bot
        .store()
        .job_last_slot("sync")
        .unwrap()
        .expect("the sync ran");
    let jane_message = sent
        .iter()
        .find(|s| {
            s.body["text"]
                .as_str()
                .unwrap_or("")
                .starts_with("jane.doe@acme.io")
        })
        .unwrap();
    let robert_message = sent
        .iter()
        .find(|s| {
            s.body["text"]
                .as_str()
                .unwrap_or("")
                .starts_with("robert.roe@beta.io")
        })
        .unwrap();
    assert!(
        texts(&sent).iter().any(|t| t.starts_with("<b>Digest for ")),
        "{:?}",
        texts(&sent)
    );

    // Create Jane from her address; link Robert's to the Robert Roe kith knows.
    let create = button(jane_message, "Create Jane Doe at Acme Labs");
    fake.press(OWNER, OWNER, jane_message.message_id.unwrap(), &create);
    fake.wait_for("Jane created", |sent| {
        texts(sent)
            .iter()
            .any(|t| t.starts_with("✓ Jane Doe created at Acme Labs"))
    })
    .await;
    let link = button(robert_message, "Link to Robert Roe");
    fake.press(OWNER, OWNER, robert_message.message_id.unwrap(), &link);
    fake.wait_for("Robert linked", |sent| {
        texts(sent)
            .iter()
            .any(|t| t.starts_with("✓ robert.roe@beta.io linked to Robert Roe"))
    })
    .await;
    {
        let store = bot.store();
        let jane = store
            .person_by_email(&EmailAddress::parse("jane.doe@acme.io").unwrap())
            .unwrap()
            .unwrap();
        let today = now().date_naive();
        assert_eq!(store.rollups(jane.id, today).unwrap().interaction_count, 2);
        assert_eq!(
            store.employment_of(jane.id).unwrap()[0].organization,
            "Acme Labs"
        );
        let robert = store
            .person_by_email(&EmailAddress::parse("robert.roe@beta.io").unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(robert.name(), "Robert Roe");
        assert_eq!(
            store.rollups(robert.id, today).unwrap().interaction_count,
            1
        );
        assert_eq!(store.unknown_attendees(0, 10).unwrap().total, 0);
    }

    // Pressing Create again changes nothing.
    let before = bot.store().data_fingerprint().unwrap();
    let answers = fake
        .visible()
        .iter()
        .filter(|s| s.method == "answercallbackquery")
        .count();
    fake.press(OWNER, OWNER, jane_message.message_id.unwrap(), &create);
    fake.wait_for("the notice", |sent| {
        sent.iter()
            .filter(|s| s.method == "answercallbackquery")
            .count()
            > answers
    })
    .await;
    let notice = fake
        .visible()
        .into_iter()
        .rfind(|s| s.method == "answercallbackquery")
        .unwrap();
    assert_eq!(
        notice.body["text"],
        "jane.doe@acme.io already belongs to Jane Doe."
    );
    assert_eq!(bot.store().data_fingerprint().unwrap(), before);

    bot.stop().await;
    let digests = |sent: &[Sent]| {
        texts(sent)
            .iter()
            .filter(|t| t.starts_with("<b>Digest for "))
            .count()
    };
    assert_eq!(digests(&fake.visible()), 1);

    // The next minute: the sync runs again, the digest does not come twice.
    let mut bot = Running::start_with(options(now() + chrono::Duration::minutes(1))).await;
    wait_until("the next minute's sync", || {
        bot.store().job_last_slot("sync").unwrap() > Some(first_sync)
    })
    .await;
    let second_sync = bot.store().job_last_slot("sync").unwrap().unwrap();
    assert_eq!(second_sync - first_sync, chrono::Duration::minutes(1));
    wait_until("the next minute's digest slot", || {
        bot.store().job_last_slot("digest").unwrap() >= Some(second_sync)
    })
    .await;
    bot.stop().await;
    assert_eq!(digests(&bot.fake.visible()), 0, "one digest a day");
    super::validate::requests(&fake.outbox());
}
