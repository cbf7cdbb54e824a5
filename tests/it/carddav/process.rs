//! The address book through the real `kith sync`: killed with SIGKILL at several points
//! of a first sync (each time the database is whole, no card is linked twice, no person
//! made twice, and the next run finishes both sides), and a trace log holding neither
//! the password nor the Basic credentials it is sent as.

use std::process::{Command, Stdio};
use std::time::Duration;

use kith::domain::model::{EmailAddress, EmailKind};
use kith::store::{NewPerson, Store};

use super::radicale::Radicale;
use super::sync::vcard;

const CARDS: usize = 240;
const KNOWN: usize = 120;

fn sync(db: &std::path::Path, radicale: &Radicale, password: &str, log: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
    command.arg("--db").arg(db).arg("sync");
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
        command.env_remove(name);
    }
    command
        .env("KITH_CARDDAV_URL", radicale.url())
        .env("KITH_CARDDAV_USER", "ana")
        .env("KITH_CARDDAV_PASSWORD", password)
        .env("KITH_PHONE_REGION", "DE")
        .env("KITH_LOG", log)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Whole, with no card linked twice and nobody made twice.
fn consistent(db: &std::path::Path) -> (usize, usize) {
    let store = Store::open(db).unwrap();
    assert!(store.health_problems().unwrap().is_empty());
    assert!(store.address_book_problems().unwrap().is_empty());
    let count = |table: &str| {
        store
            .table_counts()
            .unwrap()
            .into_iter()
            .find(|(t, _)| *t == table)
            .map(|(_, n)| n as usize)
            .unwrap_or(0)
    };
    let links = match store.address_book().unwrap() {
        Some(book) => store.card_links(&book).unwrap().len(),
        None => 0,
    };
    let people = count("people");
    assert!(people <= CARDS, "{people} people from {CARDS} cards");
    (people, links)
}

#[test]
fn a_sync_killed_at_any_point_leaves_both_sides_consistent_and_the_next_run_finishes() {
    let Some(radicale) = Radicale::start() else {
        return;
    };
    let rt = runtime();
    rt.block_on(radicale.make_book("ana", "contacts", "Contacts"));
    for n in 0..CARDS {
        let text = vcard(
            &format!("card-{n}"),
            &format!("Given{n}"),
            &format!("Family{n}"),
            &[&format!("EMAIL:person{n}@cards.example"), "X-KEPT:yes"],
        );
        rt.block_on(radicale.put_card("ana", &format!("/ana/contacts/card-{n}.vcf"), &text));
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    {
        let mut store = Store::open(&db).unwrap();
        for n in 0..KNOWN {
            let person = store
                .create_person(&NewPerson {
                    given_name: format!("Given{n}"),
                    family_name: format!("Family{n}"),
                    emails: vec![(
                        EmailAddress::parse(&format!("person{n}@cards.example")).unwrap(),
                        EmailKind::Other,
                    )],
                    ..NewPerson::default()
                })
                .unwrap();
            store
                .set_birthday(
                    person,
                    Some(kith::domain::contact::Birthday::parse("--04-01").unwrap()),
                )
                .unwrap();
        }
    }
    let mut kills = 0;
    for delay in [40, 150, 350, 700, 1_200] {
        let mut child = sync(&db, &radicale, "secret-ana", "warn").spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        consistent(&db);
    }
    assert!(
        kills >= 2,
        "the sync was killed mid-way at least twice ({kills})"
    );
    let done = sync(&db, &radicale, "secret-ana", "warn").output().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(
        consistent(&db),
        (CARDS, CARDS),
        "every card one person, linked once"
    );
    for n in [0, KNOWN / 2, KNOWN - 1] {
        let (_, card) = rt
            .block_on(radicale.get_card("ana", &format!("/ana/contacts/card-{n}.vcf")))
            .unwrap();
        assert!(
            card.contains("BDAY") && card.contains("X-KEPT:yes\r\n"),
            "{card}"
        );
    }
    let again = sync(&db, &radicale, "secret-ana", "warn").output().unwrap();
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(
        said.contains("0 created, 0 updated"),
        "a second run changes nothing: {said}"
    );
}

#[test]
fn a_trace_log_holds_neither_the_password_nor_the_credentials_sent() {
    let Some(radicale) = Radicale::start() else {
        return;
    };
    let rt = runtime();
    rt.block_on(radicale.make_book("ana", "contacts", "Contacts"));
    rt.block_on(radicale.put_card(
        "ana",
        "/ana/contacts/one.vcf",
        &vcard("one", "Ana", "Souza", &["EMAIL:ana@acme.io"]),
    ));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    for password in ["secret-ana", "wrong-pass-123"] {
        let run = sync(&db, &radicale, password, "trace").output().unwrap();
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(log.len() > 1_000, "a trace log was written: {log}");
        let basic = super::client::basic_credentials("ana", password);
        assert!(!log.contains(password), "the password is in the log");
        assert!(
            !log.contains(&basic),
            "the Basic credentials are in the log"
        );
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}
