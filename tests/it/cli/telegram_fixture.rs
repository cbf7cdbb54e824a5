//! The small Telegram Desktop export kept in `tests/data/telegram/` (the real layout:
//! personal chats, a group, a channel, a bot, saved messages, a deleted account, service
//! messages, a chat over several days) and its single-chat twin, imported by the real
//! `kith import telegram`: the days the owner wrote, each with the right person or waiting,
//! everything else skipped, and a second import of either file changing nothing.

use std::path::{Path, PathBuf};

use kith::store::{NewPerson, Store, TelegramIdentity};

use super::{kith, text};

const ANA: i64 = 222_333_444;
const CARLA: i64 = 444_555_666;
const UTC: (&str, &str) = ("KITH_TIMEZONE", "UTC");

fn export(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/telegram")
        .join(name)
}

/// The days logged with Telegram, each as "PARTNER DAY PERSON" (or "waiting").
fn chat_days(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut days: Vec<String> = conn
        .prepare(
            "SELECT i.calendar_event_id || ' ' || p.given_name FROM interactions i
             JOIN interaction_people ip ON ip.interaction_id = i.id
             JOIN people p ON p.id = ip.person_id
             WHERE i.source = 'telegram' AND i.type = 'message'",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let waiting: Vec<String> = conn
        .prepare(
            "SELECT 'telegram:' || user_id || ':' || on_day || ' waiting' FROM telegram_chat_days",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    days.extend(waiting);
    days.sort();
    days
}

fn fingerprint(db: &Path) -> u64 {
    Store::open(db)
        .unwrap()
        .fingerprint_except(&["sqlite_sequence", "job_runs", "sync_sources"])
        .unwrap()
}

#[test]
fn the_kept_export_logs_the_owners_days_and_skips_every_other_chat() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    {
        let mut store = Store::open(&db).unwrap();
        let ana = store.create_person(&NewPerson::named("Ana Souza")).unwrap();
        let identity = TelegramIdentity {
            id: Some(ANA),
            username: None,
        };
        store.set_telegram_identity(ana, &identity).unwrap();
    }
    let file = export("result.json");
    let imported = kith(&db, &["import", "telegram", file.to_str().unwrap()], &[UTC]);
    assert!(imported.status.success(), "{}", text(&imported));
    // Ana: the owner wrote on 27 Nov (twice, once a minute before midnight) and 1 Dec; the
    // 28 Nov call is a service message. Bob only wrote himself. Carla waits for a person.
    assert_eq!(
        chat_days(&db),
        [
            format!("telegram:{ANA}:2026-11-27 Ana"),
            format!("telegram:{ANA}:2026-12-01 Ana"),
            format!("telegram:{CARLA}:2026-09-14 waiting"),
        ]
    );
    let shown = text(&imported);
    for skipped in [
        "1 group",
        "1 channel",
        "1 bot",
        "1 saved messages",
        "1 deleted account",
    ] {
        assert!(shown.contains(skipped), "{skipped}: {shown}");
    }

    let before = fingerprint(&db);
    for again in ["result.json", "single-chat-result.json"] {
        let file = export(again);
        let second = kith(&db, &["import", "telegram", file.to_str().unwrap()], &[UTC]);
        assert!(second.status.success(), "{again}: {}", text(&second));
        assert_eq!(fingerprint(&db), before, "{again} changed the database");
    }
    let check = kith(&db, &["check"], &[UTC]);
    assert!(check.status.success(), "{}", text(&check));
}
