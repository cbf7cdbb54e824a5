//! Who made a change is a type (`Actor`) in the change API; the database keeps the text
//! it always kept, so changes recorded before the type read back as they were.

use kith::domain::actor::Actor;
use kith::domain::model::ChangeId;
use rusqlite::Connection;

use super::*;

#[test]
fn changes_recorded_as_text_read_back_as_their_actors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    drop(Store::open(&path).unwrap());
    let stored = [
        ("chat:42", Actor::Chat(42)),
        ("terminal", Actor::Terminal),
        ("sync", Actor::Sync),
        ("import", Actor::Import),
        ("undo", Actor::Undo),
    ];
    let conn = Connection::open(&path).unwrap();
    for (id, (text, _)) in (1..).zip(stored) {
        conn.execute(
            "INSERT INTO changes (id, at, actor, summary) VALUES (?1, '2026-11-26T09:00:00Z', ?2, 'x')",
            rusqlite::params![id, text],
        )
        .unwrap();
    }
    drop(conn);
    let store = Store::open(&path).unwrap();
    for (id, (_, actor)) in (1..).zip(stored) {
        assert_eq!(store.change(ChangeId(id)).unwrap().actor, actor);
    }
    assert_eq!(
        store.latest_change_by(Actor::Chat(42)).unwrap().unwrap().id,
        ChangeId(1)
    );
    assert_eq!(store.latest_change_by(Actor::Chat(43)).unwrap(), None);
}

#[test]
fn a_change_is_stored_as_the_text_of_its_actor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    store.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
    ));
    store.begin_change(Actor::Chat(7)).unwrap();
    person(&mut store, "Ann Example");
    let change = store.finish_change("Added Ann").unwrap().unwrap();
    drop(store);
    let text: String = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT actor FROM changes WHERE id = ?1",
            [change.0],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(text, "chat:7");
}
