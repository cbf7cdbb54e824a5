//! The address book kept in step with a real Radicale, changes made on the server with
//! plain HTTP as another client would: discovery and the first sync both ways, each
//! side's later changes, a conflict, a deletion on each side, a 412 race, unknown
//! properties kept byte for byte, namesakes, Undo writing the card back.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeZone, Utc};
use kith::calendar::sync::{Mode, SourceReport};
use kith::config::secret::Secret;
use kith::config::settings::Settings;
use kith::domain::actor::Actor;
use kith::domain::card::{Field, PhoneKind};
use kith::domain::model::{EmailAddress, EmailKind, PersonId};
use kith::sources::SyncConfig;
use kith::sources::http::RetryPolicy;
use kith::sources::run::Context;
use kith::store::{CardAsk, LinkState, NewPerson, SharedStore, Store};

use super::radicale::Radicale;

const BOOK: &str = "/ana/contacts/";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
}

/// A Radicale with Ana's empty address book, and a kith database pointed at the server's
/// root (so the book is discovered).
pub struct Setup {
    pub rt: tokio::runtime::Runtime,
    pub radicale: Radicale,
    _dir: tempfile::TempDir,
    pub store: SharedStore,
    pub settings: Settings,
}

impl Setup {
    pub fn start() -> Option<Setup> {
        let radicale = Radicale::start()?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(radicale.make_book("ana", "contacts", "Contacts"));
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.db");
        let mut settings = Settings::for_database(&db);
        settings.address_book.url = Some(radicale.url());
        settings.address_book.user = Some("ana".into());
        settings.address_book.password = Some(Secret::new("secret-ana"));
        settings.phone_region = Some("DE".into());
        let mut store = Store::open(&db).unwrap();
        store.set_clock(kith::store::Clock::Fixed(now()));
        Some(Setup {
            rt,
            radicale,
            _dir: dir,
            store: Arc::new(Mutex::new(store)),
            settings,
        })
    }

    pub fn sync(&self) -> SourceReport {
        let retry = RetryPolicy {
            tries: 2,
            base_delay: std::time::Duration::from_millis(10),
            timeout: std::time::Duration::from_secs(20),
            max_wait: std::time::Duration::from_millis(50),
        };
        let context = Context::new(SyncConfig::from(&self.settings), now(), retry);
        self.rt
            .block_on(kith::sources::carddav::sync::address_book(
                &context,
                &self.store,
                Mode::Incremental,
            ))
            .expect("an address book is configured")
    }

    /// A sync that must not fail.
    pub fn synced(&self) -> SourceReport {
        let report = self.sync();
        assert!(report.error.is_none(), "{}", report.line());
        report
    }

    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap()
    }

    pub fn put(&self, name: &str, text: &str) -> String {
        self.rt.block_on(
            self.radicale
                .put_card("ana", &format!("{BOOK}{name}"), text),
        )
    }

    pub fn card(&self, name: &str) -> Option<String> {
        self.rt
            .block_on(self.radicale.get_card("ana", &format!("{BOOK}{name}")))
            .map(|(_, text)| text)
    }

    pub fn delete(&self, name: &str) {
        self.rt
            .block_on(self.radicale.delete_card("ana", &format!("{BOOK}{name}")));
    }

    /// The owner changes `person`'s kept fields in kith (one change of theirs).
    pub fn kith_sets(&self, person: PersonId, fields: &[(Field, &str)]) {
        let changes: Vec<(Field, String)> =
            fields.iter().map(|(f, v)| (*f, (*v).to_owned())).collect();
        let mut store = self.store();
        store.begin_change(Actor::Terminal).unwrap();
        store.take_card_fields(person, &changes).unwrap();
        store.finish_change("set by the owner").unwrap();
    }

    pub fn person(&self, given: &str, family: &str, email: Option<&str>) -> PersonId {
        let emails = email
            .map(|e| vec![(EmailAddress::parse(e).unwrap(), EmailKind::Work)])
            .unwrap_or_default();
        self.store()
            .create_person(&NewPerson {
                given_name: given.into(),
                family_name: family.into(),
                emails,
                ..NewPerson::default()
            })
            .unwrap()
    }
}

pub fn vcard(uid: &str, given: &str, family: &str, lines: &[&str]) -> String {
    let mut text = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nN:{family};{given};;;\r\nFN:{given} {family}\r\n"
    );
    for line in lines {
        text.push_str(line);
        text.push_str("\r\n");
    }
    text.push_str("END:VCARD\r\n");
    text
}

fn mobile(store: &Store, person: PersonId) -> Vec<String> {
    store
        .person_card_fields(person)
        .unwrap()
        .items(Field::Phone(PhoneKind::Mobile))
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// How many people kith calls `name` (by their whole name).
fn namesakes(store: &Store, name: &str) -> usize {
    store
        .find(name, 20)
        .unwrap()
        .into_iter()
        .filter(|m| m.label == name)
        .count()
}

#[test]
fn the_first_sync_matches_by_address_imports_the_rest_and_writes_kiths_fields_to_the_card() {
    let Some(setup) = Setup::start() else { return };
    let ana = setup.person("Ana", "Souza", Some("ana@acme.io"));
    setup
        .store()
        .set_birthday(
            ana,
            Some(kith::domain::contact::Birthday::parse("1990-04-01").unwrap()),
        )
        .unwrap();
    let bob = setup.person("Bob", "Brown", None);
    setup.put(
        "ana.vcf",
        &vcard(
            "ana-1",
            "Ana",
            "Souza",
            &[
                "EMAIL;TYPE=INTERNET,WORK:ana@acme.io",
                "TEL;TYPE=CELL:+351 912 345 678",
                "X-PHONE-APP:kept",
            ],
        ),
    );
    setup.put(
        "carl.vcf",
        &vcard(
            "carl-1",
            "Carl",
            "Jung",
            &["TEL;TYPE=CELL:+49 151 1111 2222"],
        ),
    );
    // Only a name, and kith has a Bob Brown: a namesake, never the same person.
    setup.put(
        "bob.vcf",
        &vcard("bob-1", "Bob", "Brown", &["TEL;TYPE=HOME:+49 30 1234567"]),
    );
    let report = setup.synced();
    assert_eq!(report.created, 2, "{}", report.line());
    let store = setup.store();
    // Ana is matched by her address: the card's mobile is hers, her birthday on the card.
    assert_eq!(mobile(&store, ana), vec!["+351912345678"]);
    drop(store);
    let card = setup.card("ana.vcf").unwrap();
    assert!(card.contains("BDAY") && card.contains("1990"), "{card}");
    assert!(card.contains("X-PHONE-APP:kept\r\n"), "{card}");
    // Carl is new; the Bob on the card is a second Bob Brown, not kith's.
    let store = setup.store();
    assert!(mobile(&store, bob).is_empty());
    assert_eq!(
        namesakes(&store, "Bob Brown"),
        2,
        "a second Bob Brown, for /dupes"
    );
    let (outside, _) = store
        .people_without_card(&store.address_book().unwrap().unwrap(), 10, 0)
        .unwrap();
    assert_eq!(outside, 1, "kith's Bob Brown is offered, not pushed");
    assert!(store.address_book_problems().unwrap().is_empty());
}

#[test]
fn later_changes_go_both_ways_and_an_undo_writes_the_card_back() {
    let Some(setup) = Setup::start() else { return };
    let ana = setup.person("Ana", "Souza", Some("ana@acme.io"));
    let etag = setup.put(
        "ana.vcf",
        &vcard(
            "ana-1",
            "Ana",
            "Souza",
            &[
                "EMAIL;TYPE=WORK:ana@acme.io",
                "TEL;TYPE=CELL:+4915112345678",
                "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ",
                " AAAQABAAD/2wBDAAgGBgcGBQgHBwcJ",
            ],
        ),
    );
    let _ = etag;
    setup.synced();
    // The phone changes the mobile.
    setup.put(
        "ana.vcf",
        &vcard(
            "ana-1",
            "Ana",
            "Souza",
            &[
                "EMAIL;TYPE=WORK:ana@acme.io",
                "TEL;TYPE=CELL:+351912345678",
                "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ",
                " AAAQABAAD/2wBDAAgGBgcGBQgHBwcJ",
            ],
        ),
    );
    let report = setup.synced();
    assert_eq!(report.updated, 1, "{}", report.line());
    let change = {
        let store = setup.store();
        assert_eq!(mobile(&store, ana), vec!["+351912345678"]);
        store.latest_change_by(Actor::AddressBook).unwrap().unwrap()
    };
    assert!(
        change.summary.contains("Ana Souza") && change.summary.contains("mobile"),
        "{}",
        change.summary
    );
    // kith adds a job: the card gets it, its photo untouched (as the server spells it).
    let before = setup.card("ana.vcf").unwrap();
    let photo = before
        .split_inclusive("\r\n")
        .find(|line| line.starts_with("PHOTO"))
        .expect("the photo on the card")
        .to_owned();
    setup.kith_sets(ana, &[(Field::Organization, "Acme"), (Field::Title, "CTO")]);
    setup.synced();
    let card = setup.card("ana.vcf").unwrap();
    assert!(card.contains("TITLE:CTO"), "{card}");
    assert!(
        card.contains(&photo),
        "the photo as the server held it: {card}"
    );
    // Undoing the address book's change gives kith the old mobile, and the card too.
    setup.store().undo_change(change.id).unwrap();
    setup.synced();
    let card = setup.card("ana.vcf").unwrap();
    assert!(
        card.contains("+4915112345678") && !card.contains("+351912345678"),
        "{card}"
    );
    assert_eq!(mobile(&setup.store(), ana), vec!["+4915112345678"]);
}

#[test]
fn a_field_changed_on_both_sides_is_asked_and_neither_side_is_written() {
    let Some(setup) = Setup::start() else { return };
    let ana = setup.person("Ana", "Souza", Some("ana@acme.io"));
    setup.put(
        "ana.vcf",
        &vcard(
            "ana-1",
            "Ana",
            "Souza",
            &["EMAIL:ana@acme.io", "TEL;TYPE=CELL:+4915112345678"],
        ),
    );
    setup.synced();
    setup.put(
        "ana.vcf",
        &vcard(
            "ana-1",
            "Ana",
            "Souza",
            &["EMAIL:ana@acme.io", "TEL;TYPE=CELL:+351912345678"],
        ),
    );
    setup.kith_sets(ana, &[(Field::Phone(PhoneKind::Mobile), "+4915199999999")]);
    setup.synced();
    setup.synced();
    let store = setup.store();
    assert_eq!(
        mobile(&store, ana),
        vec!["+4915199999999"],
        "kith keeps its own"
    );
    let (open, questions) = store.open_card_questions(10).unwrap();
    assert_eq!(open, 1, "{questions:?}");
    assert!(
        matches!(
            &questions[0].ask,
            CardAsk::Conflict { field: Field::Phone(PhoneKind::Mobile), card, kith }
                if card == "+351912345678" && kith == "+4915199999999"
        ),
        "{questions:?}"
    );
    drop(store);
    let card = setup.card("ana.vcf").unwrap();
    assert!(
        card.contains("+351912345678"),
        "the phone keeps its own: {card}"
    );
}

#[test]
fn a_deletion_on_either_side_is_asked_and_a_card_is_deleted_only_when_the_owner_said_so() {
    let Some(setup) = Setup::start() else { return };
    let carl = setup.person("Carl", "Jung", Some("carl@jung.ch"));
    let other = setup.person("Dora", "Maar", Some("dora@maar.fr"));
    let keep = setup.person("Dora", "Maar", Some("dora@picasso.fr"));
    setup.put(
        "carl.vcf",
        &vcard("carl-1", "Carl", "Jung", &["EMAIL:carl@jung.ch"]),
    );
    setup.put(
        "dora.vcf",
        &vcard("dora-1", "Dora", "Maar", &["EMAIL:dora@maar.fr"]),
    );
    setup.synced();
    // Removed on the phone: asked, Carl stays in kith.
    setup.delete("carl.vcf");
    // Gone from kith: merged away.
    setup.store().merge_people(keep, other).unwrap();
    setup.synced();
    let store = setup.store();
    assert!(!store.person(carl).unwrap().archived);
    let (open, questions) = store.open_card_questions(10).unwrap();
    assert_eq!(open, 2, "{questions:?}");
    assert!(
        questions
            .iter()
            .any(|q| q.ask == CardAsk::RemovedOnCard && q.person == Some(carl))
    );
    let gone = questions
        .iter()
        .find(|q| q.ask == CardAsk::RemovedInKith)
        .expect("the merged-away Dora is asked about");
    drop(store);
    assert!(
        setup.card("dora.vcf").is_some(),
        "never deleted without a press"
    );
    setup.synced();
    assert!(setup.card("dora.vcf").is_some());
    setup
        .store()
        .set_card_link_state(gone.link, LinkState::ToDelete)
        .unwrap();
    setup.synced();
    assert!(
        setup.card("dora.vcf").is_none(),
        "deleted once the owner pressed Delete"
    );
}

#[test]
fn a_write_refused_by_a_stale_etag_reads_the_card_again_and_merges_field_by_field() {
    let Some(setup) = Setup::start() else { return };
    let ana = setup.person("Ana", "Souza", Some("ana@acme.io"));
    setup.put(
        "ana.vcf",
        &vcard("ana-1", "Ana", "Souza", &["EMAIL:ana@acme.io"]),
    );
    setup.synced();
    // Another client writes the card, and kith does not hear of it before it writes:
    // its stored position is moved past the other client's change.
    setup.put(
        "ana.vcf",
        &vcard(
            "ana-1",
            "Ana",
            "Souza",
            &["EMAIL:ana@acme.io", "TEL;TYPE=CELL:+351912345678"],
        ),
    );
    let token = setup
        .rt
        .block_on(super::client("ana").changes(&setup.radicale.book_url("ana", "contacts"), None))
        .unwrap()
        .token
        .expect("Radicale keeps sync-tokens");
    {
        let mut store = setup.store();
        let name = format!("carddav:{}", store.address_book().unwrap().unwrap());
        store
            .apply_sync(&name, &kith::store::SyncBatch::default(), Some(&token))
            .unwrap();
    }
    setup.kith_sets(ana, &[(Field::Organization, "Acme"), (Field::Title, "CTO")]);
    let report = setup.synced();
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("read again and merged")),
        "{report:?}"
    );
    assert_eq!(
        mobile(&setup.store(), ana),
        vec!["+351912345678"],
        "the other client's change taken"
    );
    setup.synced();
    let card = setup.card("ana.vcf").unwrap();
    assert!(
        card.contains("TITLE:CTO") && card.contains("+351912345678"),
        "{card}"
    );
}

#[test]
fn every_line_kith_does_not_keep_is_written_back_byte_for_byte() {
    let Some(setup) = Setup::start() else { return };
    let ana = setup.person("Ana", "Souza", Some("ana@acme.io"));
    let unknown = [
        "item1.TEL;TYPE=pref:+49 30 987654",
        "item1.X-ABLabel:_$!<Assistant>!$_",
        "X-SOCIALPROFILE;type=twitter:https://twitter.com/ana",
        "CATEGORIES:friends,lisbon",
        "ADR;TYPE=HOME:;;Rua Augusta 1;Lisboa;;1100-048;Portugal",
        "X-CUSTOM;X-PARAM=\"a;b\":weird\\, value",
        "NOTE:Met at the Lisbon meetup",
    ];
    let mut lines = vec!["EMAIL:ana@acme.io"];
    lines.extend(unknown);
    setup.put("ana.vcf", &vcard("ana-1", "Ana", "Souza", &lines));
    setup.synced();
    // The server keeps the card in its own spelling (Radicale sorts and unfolds): kith
    // keeps what the server holds, so that is what is compared.
    let before = setup.card("ana.vcf").unwrap();
    let kept: Vec<&str> = before
        .split_inclusive("\r\n")
        .filter(|line| {
            !["BEGIN", "END", "VERSION", "TITLE", "TEL", "REV"]
                .iter()
                .any(|p| line.starts_with(p))
        })
        .collect();
    assert!(kept.len() >= unknown.len(), "{before}");
    setup.kith_sets(
        ana,
        &[
            (Field::Organization, "Acme"),
            (Field::Title, "CTO"),
            (Field::Phone(PhoneKind::Mobile), "+4915112345678"),
        ],
    );
    setup.synced();
    let card = setup.card("ana.vcf").unwrap();
    for line in kept {
        assert!(card.contains(line), "{line:?} lost from:\n{card}");
    }
    assert!(card.contains("TITLE:CTO"), "{card}");
}

#[test]
fn a_wrong_password_is_a_sentence_naming_the_setting_never_the_password() {
    let Some(mut setup) = Setup::start() else {
        return;
    };
    setup.settings.address_book.password = Some(Secret::new("not-her-password"));
    let report = setup.sync();
    let error = report.error.expect("refused");
    assert!(error.contains("KITH_CARDDAV_PASSWORD"), "{error}");
    assert!(!error.contains("not-her-password"), "{error}");
}

#[test]
fn a_card_kith_cannot_read_or_place_is_named_and_left_as_it_is_on_the_server() {
    let Some(setup) = Setup::start() else { return };
    // (Two cards with one UID, which Radicale refuses with 409, are left alone the same
    // way on servers that take them.)
    setup.put(
        "one.vcf",
        &vcard("one", "Ana", "Souza", &["EMAIL:ana@acme.io"]),
    );
    // Two cards of one person in kith: the second is named, not linked.
    setup.put(
        "three.vcf",
        &vcard("three", "Ana", "S.", &["EMAIL:ana@acme.io"]),
    );
    let report = setup.synced();
    let said = report.warnings.join("\n");
    assert!(
        said.contains("already has a card in the address book"),
        "{said}"
    );
    let store = setup.store();
    let book = store.address_book().unwrap().unwrap();
    assert_eq!(store.card_links(&book).unwrap().len(), 1, "{said}");
    drop(store);
    // Nothing was written over the cards kith left alone.
    assert!(setup.card("three.vcf").unwrap().contains("FN:Ana S."));
    // The next run says the same, and changes nothing.
    let again = setup.synced();
    assert_eq!(again.created + again.updated, 0, "{}", again.line());
}
