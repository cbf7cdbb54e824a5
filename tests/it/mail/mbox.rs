//! mbox archives: the real fixtures, and a written archive imported twice.

use kith::domain::model::EmailAddress;
use kith::mail::mbox::read_mbox;
use kith::mail::parse_headers;
use kith::store::{NewPerson, Store};

use super::*;

fn is_mbox(name: &str) -> bool {
    name.contains("mbox") || name == "movemailspool"
}

#[test]
fn every_email_fixture_is_read_without_a_panic_and_says_what_it_is() {
    let Some(dir) = fixtures("email") else {
        return;
    };
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        files += 1;
        if is_mbox(&name) {
            let mut messages = 0;
            let counts = read_mbox(bytes.as_slice(), |_, _| messages += 1).unwrap();
            assert!(counts.messages >= 2, "{name}: {counts:?}");
            assert_eq!(
                counts.messages,
                messages + counts.unreadable + counts.undated,
                "{name}"
            );
        } else {
            let message = parse_headers(&bytes);
            assert!(message.is_some(), "{name} is a message");
        }
    }
    assert!(files >= 14, "{files} files");

    let read = |name: &str| parse_headers(&std::fs::read(dir.join(name)).unwrap()).unwrap();
    // An encoded comma inside a name is not a second recipient.
    let thunderbird = read("utf8MailboxStrings.eml");
    assert_eq!(thunderbird.to.len(), 2, "{:?}", thunderbird.to);
    assert_eq!(
        thunderbird.from.unwrap().name.as_deref(),
        Some("Hörst, Kenny")
    );
    // Groups: their members count; an empty group is no one.
    let groups = read("mikel-mail_example04.eml");
    assert_eq!(groups.to.len(), 3, "{:?}", groups.to);
    assert!(groups.cc.is_empty());
    // A quoted name with a semicolon and escaped quotes is one recipient.
    let quoted = read("mikel-mail_example03.eml");
    assert_eq!(quoted.to.len() + quoted.cc.len(), 5, "{quoted:?}");
    // Threading headers, root first.
    let reply = read("mikel-mail_example07.eml");
    assert_eq!(reply.in_reply_to.as_deref(), Some("3456@example.net"));
    assert_eq!(reply.references.len(), 2);
    // A mailing list's announcement is bulk.
    assert!(read("[Announce] GnuPG 2.1.20 released.eml").bulk);
    assert!(!read("raw_email_reply.eml").bulk);
}

#[test]
fn the_sent_message_of_a_thunderbird_folder_is_one_email_with_its_bcc() {
    let Some(dir) = fixtures("email") else {
        return;
    };
    let folder = tempfile::tempdir().unwrap();
    let settings = settings(folder.path(), &[("KITH_MY_EMAILS", "example@example.com")]);
    let mut store = Store::open(&settings.db).unwrap();
    let file = std::fs::File::open(dir.join("movemailspool")).unwrap();
    let report = kith::mail::sync::import_mbox(
        &settings,
        &mut store,
        "mbox:movemailspool",
        std::io::BufReader::new(file),
        now(),
        |_| {},
    )
    .unwrap();
    assert_eq!(
        (report.created, report.new_unknown),
        (1, 3),
        "{}",
        report.line()
    );
    let unknown = store.unknown_attendees(0, 10).unwrap();
    let mut addresses: Vec<&str> = unknown.items.iter().map(|u| u.address.as_str()).collect();
    addresses.sort();
    assert_eq!(
        addresses,
        ["bugmail@example.org", "u1@example.com", "u2@example.com"]
    );
}

/// An archive written the way Takeout writes one: the owner's messages, replies in a
/// thread, mail they only received, a newsletter, a broadcast.
const ARCHIVE: &str = "From 1001@xxx Thu Mar 05 09:00:00 +0000 2026
From: Me <me@work.io>
To: Jane Doe <jane@acme.io>
Subject: Plans for spring
Date: Thu, 05 Mar 2026 09:00:00 +0000
Message-ID: <root@work.io>

Hi Jane,
From what I hear the plans are on.

From 1002@xxx Thu Mar 05 10:00:00 +0000 2026
From: Jane Doe <jane@acme.io>
To: me@work.io
Subject: Re: Plans for spring
Date: Thu, 05 Mar 2026 10:00:00 +0000
Message-ID: <jane-1@acme.io>
In-Reply-To: <root@work.io>
References: <root@work.io>

Sounds good.

From 1003@xxx Thu Mar 05 11:00:00 +0000 2026
From: me@work.io
To: =?UTF-8?Q?Sam_M=C3=BCller?= <sam@acme.io>
Cc: me@home.io
Subject: Re: Plans for spring
Date: Thu, 05 Mar 2026 11:00:00 +0000
Message-ID: <reply-1@work.io>
In-Reply-To: <jane-1@acme.io>
References: <root@work.io> <jane-1@acme.io>

Adding Sam.

From 1004@xxx Fri Mar 06 08:00:00 +0000 2026
From: me@work.io
To: jane@acme.io
Subject: Re: Plans for spring
Date: Fri, 06 Mar 2026 08:00:00 +0000
Message-ID: <reply-2@work.io>
References: <root@work.io> <jane-1@acme.io> <reply-1@work.io>

One more thing.

From 1005@xxx Fri Mar 06 09:00:00 +0000 2026
From: News <news@letters.example>
To: me@work.io
Subject: Weekly
Date: Fri, 06 Mar 2026 09:00:00 +0000
List-Unsubscribe: <mailto:leave@letters.example>

Read me.

From 1006@xxx Fri Mar 06 10:00:00 +0000 2026
From: me@work.io
To: dev@lists.example
Subject: A question
Date: Fri, 06 Mar 2026 10:00:00 +0000
List-Id: <dev.lists.example>

Posted to a list.
";

#[test]
fn an_archive_logs_each_thread_day_once_and_linking_makes_its_emails_count() {
    let folder = tempfile::tempdir().unwrap();
    let settings = settings(folder.path(), &[]);
    let mut store = Store::open(&settings.db).unwrap();
    let import = |store: &mut Store| {
        kith::mail::sync::import_mbox(
            &settings,
            store,
            "mbox:All mail.mbox",
            ARCHIVE.as_bytes(),
            now(),
            |_| {},
        )
        .unwrap()
    };
    let first = import(&mut store);
    assert_eq!(
        (first.created, first.updated, first.new_unknown),
        (2, 0, 2),
        "{}",
        first.line()
    );
    assert_eq!(
        first.line(),
        "mbox:All mail.mbox (full) — 2 created, 0 updated, 0 unchanged, 3 skipped (1 mailing list or bulk mail, 2 received, not written by you), 2 new unknown addresses"
    );
    let before = store.export_json().unwrap();
    let again = import(&mut store);
    assert_eq!((again.created, again.updated), (0, 0), "{}", again.line());
    assert_eq!(
        store.export_json().unwrap()["tables"]["interactions"],
        before["tables"]["interactions"]
    );

    // Jane wrote, Sam was added: the first day has both, the second Jane only.
    let unknown = store.unknown_attendees(0, 10).unwrap();
    let seen: Vec<(&str, i64, i64)> = unknown
        .items
        .iter()
        .map(|u| (u.address.as_str(), u.meetings, u.emails))
        .collect();
    assert_eq!(
        seen,
        [("jane@acme.io", 0, 2), ("sam@acme.io", 0, 1)],
        "emails, not meetings"
    );
    assert_eq!(
        unknown.items[1].display_name.as_deref(),
        Some("Sam Müller"),
        "the encoded name is the suggestion"
    );
    let jane = store.create_person(&NewPerson::named("Jane Doe")).unwrap();
    store
        .link_email(&EmailAddress::parse("jane@acme.io").unwrap(), jane)
        .unwrap();
    let emails = store.interactions_of(jane, 10, 0).unwrap();
    assert_eq!(emails.len(), 2, "both days count for Jane at once");
    assert_eq!(emails[0].title, "Plans for spring");
    // An email is not a meeting: Jane has not been *seen*, but she was written to.
    let rollups = store.rollups(jane, now().date_naive()).unwrap();
    assert_eq!(rollups.last_met, None);
    assert_eq!(
        rollups.last_email.map(|d| d.to_string()).as_deref(),
        Some("2026-03-06")
    );
    assert!(store.health_problems().unwrap().is_empty());

    // /stale: by default an inbox does not hide who the owner has not seen.
    store
        .set_person_field(
            jane,
            kith::store::PersonField::Closeness(Some(kith::domain::model::Tier::new(2).unwrap())),
        )
        .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    let stale = |kinds: &kith::domain::rank::StaleKinds| {
        store
            .stale(
                &kith::store::StaleQuery::new(
                    &kith::store::StaleFilter::All,
                    &Default::default(),
                    today,
                )
                .counting(kinds)
                .page(0, 10),
            )
            .unwrap()
            .items
            .iter()
            .map(|e| e.person_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(stale(&Default::default()), [jane]);
    let with_mail =
        kith::domain::rank::StaleKinds::parse(&["all".into(), "synced-email".into()]).unwrap();
    assert_eq!(stale(&with_mail), [], "emailed four days ago: not due");
}

/// Issue 27: a recipient address with bytes that are not UTF-8 is reported with its
/// message and why, never stored with U+FFFD; the message keeps its other recipients.
#[test]
fn a_recipient_address_that_is_not_utf8_is_reported_never_stored() {
    let folder = tempfile::tempdir().unwrap();
    let settings = settings(folder.path(), &[]);
    let mut store = Store::open(&settings.db).unwrap();
    let mut archive = b"From 2001@xxx Thu Mar 05 09:00:00 +0000 2026\n\
From: Me <me@work.io>\nTo: Jane Doe <jane@acme.io>, Broken <j"
        .to_vec();
    archive.extend_from_slice(
        b"\xe9\xffne@acme.io>\nSubject: Plans\nDate: Thu, 05 Mar 2026 09:00:00 +0000\n\
Message-ID: <bytes-1@work.io>\n\nHello.\n",
    );
    let report = kith::mail::sync::import_mbox(
        &settings,
        &mut store,
        "mbox:broken.mbox",
        archive.as_slice(),
        now(),
        |_| {},
    )
    .unwrap();
    assert_eq!(report.created, 1, "{}", report.line());
    assert!(
        report.warnings.iter().any(|w| w.contains("bytes-1@work.io")
            && w.contains("it holds bytes that are not UTF-8 text")),
        "{:?}",
        report.warnings
    );
    let unknown = store.unknown_attendees(0, 10).unwrap();
    let addresses: Vec<&str> = unknown.items.iter().map(|u| u.address.as_str()).collect();
    assert_eq!(addresses, ["jane@acme.io"]);
}

/// A sent message with no Message-ID (old clients, some exports) was skipped as "no one
/// else to count", though it was to bob@beta.io: it had no key. It is now keyed by what
/// identifies it, so it is logged once — from Thunderbird's Sent folder and again from a
/// Takeout copy that writes its Date in another zone and its recipient otherwise — and a
/// second import changes nothing. One with no date anywhere either is a located problem
/// saying so.
#[test]
fn a_sent_message_without_message_id_was_skipped_as_having_no_one_else() {
    const SENT: &str = "From - Thu Mar  5 09:00:00 2026
From: Me <me@work.io>
To: bob@beta.io
Subject: Old client, no id
Date: Thu, 05 Mar 2026 09:00:00 +0000

Hi Bob.

From - sometime
From: me@work.io
To: bob@beta.io
Subject: No date anywhere

Lost.
";
    const TAKEOUT: &str = "From 1844347792267117879@xxx Thu Mar 05 09:00:00 +0000 2026
X-Gmail-Labels: Sent
Subject: Old client,
 no id
To: Bob Beta <BOB@beta.io>
Date: Thu, 05 Mar 2026 10:00:00 +0100
From: me@work.io

Hi Bob.
";
    let folder = tempfile::tempdir().unwrap();
    let settings = settings(folder.path(), &[]);
    let mut store = Store::open(&settings.db).unwrap();
    let import = |store: &mut Store, name: &str, text: &str| {
        let file = folder.path().join(name);
        std::fs::write(&file, text).unwrap();
        let reader = std::io::BufReader::new(std::fs::File::open(&file).unwrap());
        let source = format!("mbox:{name}");
        kith::mail::sync::import_mbox(&settings, store, &source, reader, now(), |_| {}).unwrap()
    };
    let first = import(&mut store, "Sent", SENT);
    assert_eq!(
        first.line(),
        "mbox:Sent (full) — 1 created, 0 updated, 0 unchanged, 1 new unknown address, 1 warning"
    );
    assert_eq!(
        first.warnings,
        [
            "message 2 (line 9): neither its Date header nor its From line has a readable date; skipped"
        ]
    );
    let logged = |store: &Store| {
        let table = store.export_json().unwrap()["tables"]["interactions"].clone();
        let column = |name: &str| {
            let columns = table["columns"].as_array().unwrap();
            columns.iter().position(|c| c == name).unwrap()
        };
        let (key, title) = (column("calendar_event_id"), column("title"));
        table["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                (
                    row[key].as_str().unwrap().to_owned(),
                    row[title].as_str().unwrap().to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    let before = store.export_json().unwrap();
    let [(key, title)]: [(String, String); 1] = logged(&store).try_into().unwrap();
    assert!(
        key.starts_with("mail:headers-") && key.ends_with(":2026-03-05"),
        "{key}"
    );
    assert_eq!(title, "Old client, no id");
    let unknown = store.unknown_attendees(0, 10).unwrap();
    let seen: Vec<(&str, i64)> = unknown
        .items
        .iter()
        .map(|u| (u.address.as_str(), u.emails))
        .collect();
    assert_eq!(seen, [("bob@beta.io", 1)]);

    let again = import(&mut store, "Sent", SENT);
    assert_eq!((again.created, again.updated), (0, 0), "{}", again.line());
    assert_eq!(
        store.export_json().unwrap()["tables"]["interactions"],
        before["tables"]["interactions"],
        "the second import changed nothing"
    );
    let copy = import(&mut store, "All mail.mbox", TAKEOUT);
    assert_eq!(
        copy.line(),
        "mbox:All mail.mbox (full) — 0 created, 0 updated, 1 unchanged, 0 new unknown addresses"
    );
    for report in [&first, &again, &copy] {
        assert!(!report.line().contains("no one else"), "{}", report.line());
    }
    assert_eq!(logged(&store), [(key, title)], "the copy is the same email");
    assert_eq!(store.unknown_attendees(0, 10).unwrap().items[0].emails, 1);
}
