//! Faults from Telegram's side: the fake Bot API behind a proxy that resets, stalls,
//! rate-limits, fails with a gateway page, truncates and garbles requests at random with
//! a fixed seed. The bot keeps running, every command is answered, and the database ends
//! exactly as in a run without faults.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use chrono::TimeZone;
use kith::store::Clock;

use super::faulty::{Fault, Plan};
use super::*;

/// The owner's session: every command that writes, and some that only read.
const SCRIPT: [&str; 9] = [
    "/log coffee with Alice Smith yesterday: talked about the <seed> round",
    "/note Alice Smith: prefers mornings",
    "/new Jane Doe jane.doe@beta.io",
    "/tag Alice Smith +investor -nobody",
    "/link jane.d@acme.io Jane Doe",
    "/log call with Jane Doe 2026-11-20: intro",
    "/find alice",
    "/stale crowd",
    "/recent 3",
];

/// The last command's answer: the chat is handled in order, so all came before it.
const LAST: &str = "<b>Latest interactions</b>";

/// The seeded network, with audit stamps from a fixed clock so two runs can be compared.
fn fixed_network(store: &mut Store) {
    store.set_clock(Clock::Fixed(
        chrono::Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap(),
    ));
    populate(store);
}

/// Message ids differ when a reply is delivered twice; everything else must be equal.
fn fingerprint(store: &Store) -> u64 {
    store
        .fingerprint_except(&[
            "job_runs",
            "sync_sources",
            "digest_days",
            "message_subjects",
        ])
        .unwrap()
}

/// Runs the script and returns the distinct texts the owner saw, and the fingerprint.
async fn session(faults: Option<Plan>) -> (BTreeSet<String>, u64, Option<BTreeMap<Fault, u64>>) {
    let mut bot = Running::start_with(Options {
        populate: fixed_network,
        faults,
        ..Options::default()
    })
    .await;
    for command in SCRIPT {
        bot.fake.message(OWNER, OWNER, command);
    }
    bot.fake
        .wait_for("the last answer", |sent| {
            texts(sent).iter().any(|t| t.starts_with(LAST))
        })
        .await;
    bot.fake.wait_until_consumed().await;
    bot.stop().await;
    let seen = bot
        .fake
        .visible()
        .iter()
        .filter(|s| s.method == "sendmessage")
        .map(|s| s.body["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    let store = bot.store();
    assert_eq!(store.health_problems().unwrap(), Vec::<String>::new());
    (
        seen,
        fingerprint(&store),
        bot.proxy.as_ref().map(|p| p.injected()),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_faults_from_the_bot_api_lose_no_answer_and_change_nothing_else() {
    let plan = Plan {
        seed: 5,
        rate: 0.3,
        faults: Fault::ALL.to_vec(),
        stall: Duration::from_millis(1_500),
        spare: Vec::new(),
        limit: None,
        // Never more faults in a row on one method than kith tries (6): an outage
        // longer than that is reported, not survived, and is not what this test asks.
        streak: Some(4),
    };
    let (calm, faulty) = tokio::join!(session(None), session(Some(plan)));
    let (calm_texts, calm_print, _) = calm;
    let (faulty_texts, faulty_print, injected) = faulty;
    let injected = injected.unwrap();
    eprintln!("faults injected: {injected:?}");
    assert_eq!(calm_texts.len(), SCRIPT.len(), "{calm_texts:#?}");
    // Every answer arrived (some may have arrived twice), and nothing else did.
    assert_eq!(faulty_texts, calm_texts);
    assert_eq!(faulty_print, calm_print, "the databases differ");
    assert!(
        injected.values().sum::<u64>() >= 5,
        "too few faults: {injected:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_up_retries_get_me_and_asks_it_only_once() {
    // The first three start-up calls fail: a reset, a gateway page, garbage.
    let plan = Plan {
        seed: 3,
        rate: 1.0,
        faults: vec![Fault::Reset, Fault::BadGateway, Fault::Malformed],
        stall: Duration::ZERO,
        spare: vec!["/GetUpdates", "/SendMessage"],
        limit: Some(3),
        streak: None,
    };
    let mut bot = Running::start_with(Options {
        faults: Some(plan),
        ..Options::default()
    })
    .await;
    bot.fake.message(OWNER, OWNER, "/recent 1");
    bot.fake
        .wait_for("an answer", |sent| {
            texts(sent).iter().any(|t| t.starts_with(LAST))
        })
        .await;
    let injected = bot.proxy.as_ref().unwrap().injected();
    assert_eq!(injected.values().sum::<u64>(), 3, "{injected:?}");
    // The dispatcher does not ask again (its own getMe panics on a network error).
    let asked: Vec<u16> = bot
        .fake
        .outbox()
        .iter()
        .filter(|s| s.method == "getme")
        .map(|s| s.status)
        .collect();
    assert_eq!(asked, vec![200]);
    bot.stop().await;
}
