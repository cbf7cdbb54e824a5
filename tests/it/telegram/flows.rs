//! What the owner and strangers see.

use kith::transport::telegram::REFUSAL;

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strangers_get_one_refusal_each_and_change_nothing() {
    let mut bot = Running::start().await;
    let before = bot.store().data_fingerprint().unwrap();
    bot.fake.message(STRANGER, STRANGER, "/find Alice");
    bot.fake.message(STRANGER, STRANGER, "/start");
    bot.fake.press(STRANGER, STRANGER, 1001, "p:1");
    bot.fake.message(STRANGER, -100_777, "/stale");
    bot.fake
        .message(STRANGER, -100_777, "just chatting in the group");
    bot.fake
        .wait_for("four refusals", |sent| sent.len() >= 4)
        .await;
    bot.fake.wait_until_consumed().await;
    bot.stop().await;
    let sent = bot.fake.visible();
    assert_eq!(sent.len(), 4, "{sent:#?}");
    for request in &sent {
        let text = request.body["text"].as_str().unwrap_or_default();
        assert_eq!(text, REFUSAL, "{request:?}");
        assert!(
            request.body.get("reply_markup").is_none(),
            "no buttons for strangers"
        );
    }
    assert_eq!(
        sent.iter()
            .filter(|s| s.method == "answercallbackquery")
            .count(),
        1
    );
    assert_eq!(
        bot.store().data_fingerprint().unwrap(),
        before,
        "nothing written"
    );
    super::validate::requests(&bot.fake.outbox());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_uses_every_part_of_the_bot() {
    let mut bot = Running::start().await;
    let fake = bot.fake.clone();

    fake.message(OWNER, OWNER, "/start");
    let sent = fake.wait_for("the help", |s| !s.is_empty()).await;
    assert!(
        texts(&sent)[0].starts_with("<b>kith — your personal CRM</b>\n"),
        "{:?}",
        texts(&sent)
    );

    fake.message(OWNER, OWNER, "/find alice");
    let sent = fake.wait_for("a card", |s| s.len() >= 2).await;
    assert!(
        texts(&sent)[1].starts_with("<b>Alice Smith</b>\nCTO at Acme Labs"),
        "{:?}",
        texts(&sent)[1]
    );
    assert_eq!(button(&sent[1], "Log"), "l:1");

    fake.message(OWNER, OWNER, "/person Alice Smith");
    let sent = fake.wait_for("the card again", |s| s.len() >= 3).await;
    let card_message = sent[2].message_id.unwrap();
    // Event titles from calendars are shown literally, never as markup.
    assert!(
        texts(&sent)[2].contains("Sync &lt;g2&gt; &amp; more"),
        "{}",
        texts(&sent)[2]
    );

    let interactions_before = bot
        .store()
        .count_interactions_of(kith::domain::model::PersonId(1))
        .unwrap();
    fake.message(
        OWNER,
        OWNER,
        "/log coffee with Alice Smith yesterday: talked about the <seed> round",
    );
    let sent = fake.wait_for("the log", |s| s.len() >= 4).await;
    assert!(
        texts(&sent)[3].starts_with("Logged coffee with Alice Smith on "),
        "{}",
        texts(&sent)[3]
    );
    assert_eq!(
        bot.store()
            .count_interactions_of(kith::domain::model::PersonId(1))
            .unwrap(),
        interactions_before + 1
    );

    // /unknown, then "Create" on the message it came in: the contact is made and the
    // same message is edited to show them.
    fake.message(OWNER, OWNER, "/unknown");
    let sent = fake.wait_for("the unknown list", |s| s.len() >= 5).await;
    assert!(
        texts(&sent)[4].contains("jane.d@acme.io (Jane &lt;b&gt;D.&lt;/b&gt;) — 2 meetings"),
        "{}",
        texts(&sent)[4]
    );
    let unknown_message = sent[4].message_id.unwrap();
    let create = button(&sent[4], "Create");
    fake.press(OWNER, OWNER, unknown_message, &create);
    let sent = fake.wait_for("the new contact", |s| s.len() >= 7).await;
    assert_eq!(
        sent[5].method, "answercallbackquery",
        "the press is answered first"
    );
    assert_eq!(sent[6].method, "editmessagetext");
    assert_eq!(sent[6].body["message_id"].as_i64(), Some(unknown_message));
    assert!(
        texts(&sent)[5].starts_with("✓ Jane &lt;b&gt;D.&lt;/b&gt; created at Acme Labs from jane.d@acme.io — 2 past meetings linked."),
        "{}",
        texts(&sent)[5]
    );
    let jane = bot
        .store()
        .person_by_email(&EmailAddress::parse("jane.d@acme.io").unwrap())
        .unwrap();
    assert_eq!(jane.unwrap().name(), "Jane <b>D.</b>");

    // Pagination edits the message the buttons belong to, forth and back.
    fake.message(OWNER, OWNER, "/stale crowd");
    let sent = fake.wait_for("a page", |s| s.len() >= 8).await;
    let page_message = sent[7].message_id.unwrap();
    assert!(
        texts(&sent)[6].contains("1–10 of 23"),
        "{}",
        texts(&sent)[6]
    );
    fake.press(OWNER, OWNER, page_message, &button(&sent[7], "▶"));
    let sent = fake.wait_for("page two", |s| s.len() >= 10).await;
    assert_eq!(sent[9].method, "editmessagetext");
    assert_eq!(sent[9].body["message_id"].as_i64(), Some(page_message));
    assert!(
        texts(&sent)[7].contains("11–20 of 23"),
        "{}",
        texts(&sent)[7]
    );
    fake.press(OWNER, OWNER, page_message, &button(&sent[9], "◀"));
    let sent = fake.wait_for("page one again", |s| s.len() >= 12).await;
    assert_eq!(sent[11].body["message_id"].as_i64(), Some(page_message));
    assert!(
        texts(&sent)[8].contains("1–10 of 23"),
        "{}",
        texts(&sent)[8]
    );

    // Replying to the card adds a note to Alice.
    fake.reply(OWNER, OWNER, "Met again at the conference", card_message);
    let sent = fake.wait_for("the note", |s| s.len() >= 13).await;
    assert_eq!(texts(&sent)[9], "Noted on Alice Smith.");
    let notes = bot
        .store()
        .person(kith::domain::model::PersonId(1))
        .unwrap()
        .notes;
    assert!(notes.ends_with(": Met again at the conference"), "{notes}");

    // A 429 on sendMessage is retried after retry_after and delivered once.
    fake.throttle_next_send();
    fake.message(OWNER, OWNER, "/recent 1");
    let sent = fake
        .wait_for("the delivered retry", |s| s.len() >= 14)
        .await;
    assert!(
        texts(&sent)[10].starts_with("<b>Latest interactions</b>"),
        "{}",
        texts(&sent)[10]
    );
    let outbox = fake.outbox();
    let attempts: Vec<u16> = outbox
        .iter()
        .filter(|s| {
            s.method == "sendmessage"
                && s.body["text"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with("<b>Latest interactions")
        })
        .map(|s| s.status)
        .collect();
    assert_eq!(
        attempts,
        vec![429, 200],
        "refused once, then delivered once"
    );

    // A forged button answers "expired" as a notification and edits nothing.
    fake.press(OWNER, OWNER, page_message, "p:999999");
    let sent = fake.wait_for("the expired notice", |s| s.len() >= 15).await;
    assert_eq!(sent[14].method, "answercallbackquery");
    assert_eq!(sent[14].body["text"], "This button has expired.");

    fake.wait_until_consumed().await;
    bot.stop().await;
    assert_eq!(fake.visible().len(), 15, "nothing more was sent");
    super::validate::requests(&fake.outbox());
    let commands = fake
        .outbox()
        .into_iter()
        .find(|s| s.method == "setmycommands")
        .expect("commands registered");
    let names: Vec<&str> = commands.body["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    let engine: Vec<&str> = kith::engine::menu::COMMANDS
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, engine);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_in_the_chat_reports_while_the_chat_keeps_answering() {
    use chrono::TimeZone;
    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 26, 12, 0, 0)
            .unwrap()
    }
    /// The usual network, with the schedule's sync already done for its latest slot, so
    /// the only sync is the one /sync asks for.
    fn quiet_schedule(store: &mut Store) {
        populate(store);
        store.record_job("sync", now(), now(), "ok").unwrap();
    }
    let now = now();
    let calendars = tempfile::tempdir().unwrap();
    let feed = calendars.path().join("c.ics");
    let yesterday = (now - chrono::Duration::days(1)).format("%Y%m%dT100000Z");
    std::fs::write(
        &feed,
        format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:s1\r\nDTSTART:{yesterday}\r\nATTENDEE:mailto:new@person.io\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    )
    .unwrap();
    let mut bot = Running::start_with(Options {
        env: vec![
            ("KITH_ICS_URLS", feed.display().to_string()),
            ("KITH_SYNC_SCHEDULE", "0 0 1 1 *".into()),
        ],
        clock: std::sync::Arc::new(Fixed(now)),
        populate: quiet_schedule,
        ..Options::default()
    })
    .await;
    bot.fake.message(OWNER, OWNER, "/sync");
    bot.fake.message(OWNER, OWNER, "/tags");
    let sent = bot
        .fake
        .wait_for("the report", |sent| {
            texts(sent)
                .iter()
                .any(|t| t.starts_with("<b>Calendar sync</b>"))
        })
        .await;
    let report = texts(&sent)
        .into_iter()
        .find(|t| t.starts_with("<b>Calendar sync</b>"))
        .unwrap();
    // The schedule is quiet (its slot is done), so this is the one sync: created once.
    assert!(report.contains("c.ics (full) — 1 created"), "{report}");
    assert!(
        texts(&sent)
            .iter()
            .any(|t| t.starts_with("Syncing your calendars"))
    );
    bot.stop().await;
    assert!(bot.store().interaction_by_event_id("s1").unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_arrives_as_a_summary_and_a_photo() {
    let mut bot = Running::start().await;
    bot.fake.message(OWNER, OWNER, "/stats");
    let sent = bot
        .fake
        .wait_for("the chart", |sent| {
            sent.iter().any(|s| s.method == "sendphoto")
        })
        .await;
    assert!(
        texts(&sent)[0].starts_with("<b>Your year</b>\nSince "),
        "{:?}",
        texts(&sent)
    );
    let raw = bot
        .fake
        .server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.url.path().to_lowercase().ends_with("/sendphoto"))
        .expect("a sendPhoto request");
    // A multipart upload whose photo part is the PNG.
    let body = &raw.body;
    let png_at = body
        .windows(8)
        .position(|w| w == b"\x89PNG\r\n\x1a\n")
        .expect("a PNG in the upload");
    assert!(body.len() - png_at > 1_000);
    bot.stop().await;
}
