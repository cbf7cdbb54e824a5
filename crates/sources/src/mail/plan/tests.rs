//! `plan_mail` as a table: each rule a row (whose messages are logged, skipped and why,
//! with whom), and how a thread is titled, dated and named.

use chrono::TimeZone;

use chrono::NaiveDate;

use super::*;
use kith_domain::model::Source;

fn rules() -> MailRules {
    MailRules {
        shared: SharedRules {
            source: Source::Mbox,
            timezone: chrono_tz::Europe::Berlin,
            window_start: NaiveDate::from_ymd_opt(2024, 11, 26).unwrap(),
            window_end: NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
            others: crate::rules::Others {
                my_emails: ["me@work.io".to_owned(), "me@home.io".to_owned()]
                    .into_iter()
                    .collect(),
                ignore_patterns: vec!["noreply@*".into()],
                max_attendees: 3,
            },
        },
    }
}

fn who(address: &str) -> Correspondent {
    Correspondent {
        address: address.into(),
        name: None,
    }
}

/// A message from `from` to `to`, sent at `hour` on 2026-03-05 (UTC).
fn mail(id: &str, from: &str, to: &[&str], hour: u32) -> MailMessage {
    MailMessage {
        message_id: Some(id.into()),
        from: Some(who(from)),
        to: to.iter().map(|a| who(a)).collect(),
        date: Some(Utc.with_ymd_and_hms(2026, 3, 5, hour, 0, 0).unwrap()),
        subject: "Plans".into(),
        ..MailMessage::default()
    }
}

fn addresses(event: &CalendarEvent) -> Vec<&str> {
    event.attendees.iter().map(|a| a.address.as_str()).collect()
}

#[test]
fn each_rule_as_a_row() {
    let reply = |id: &str, root: &str, to: &[&str], hour: u32| MailMessage {
        in_reply_to: Some(root.into()),
        references: vec![root.into()],
        subject: "Re: Plans".into(),
        ..mail(id, "me@work.io", to, hour)
    };
    // A message with no Message-ID, as old clients and some exports write them.
    let unkeyed = |from: &str, to: &[&str], hour: u32| MailMessage {
        message_id: None,
        ..mail("unused", from, to, hour)
    };
    // (what, messages, expected events as (key, attendees), expected skips)
    type Row = (
        &'static str,
        Vec<MailMessage>,
        Vec<(&'static str, Vec<&'static str>)>,
        Vec<(MailSkip, usize)>,
    );
    let rows: Vec<Row> = vec![
        (
            "mail the owner only received is not an interaction",
            vec![mail("a", "jane@acme.io", &["me@work.io"], 9)],
            vec![],
            vec![(MailSkip::Received, 1)],
        ),
        (
            "a sent message counts its To, Cc and Bcc, never the owner",
            vec![MailMessage {
                cc: vec![who("me@home.io"), who("sam@acme.io")],
                bcc: vec![who("pat@acme.io")],
                ..mail("a", "Me@Work.io", &["jane@acme.io"], 9)
            }],
            vec![(
                "mail:a:2026-03-05",
                vec!["jane@acme.io", "sam@acme.io", "pat@acme.io"],
            )],
            vec![],
        ),
        (
            "lists and bulk mail are skipped even when the owner wrote",
            vec![MailMessage {
                bulk: true,
                ..mail("a", "me@work.io", &["dev@lists.example"], 9)
            }],
            vec![],
            vec![(MailSkip::List, 1)],
        ),
        (
            "more recipients than the limit is a broadcast",
            vec![mail(
                "a",
                "me@work.io",
                &["a@x.io", "b@x.io", "c@x.io", "d@x.io"],
                9,
            )],
            vec![],
            vec![(MailSkip::Broadcast, 1)],
        ),
        (
            "noreply and role mailboxes are never people",
            vec![mail(
                "a",
                "me@work.io",
                &["noreply@shop.io", "support@shop.io"],
                9,
            )],
            vec![],
            vec![(MailSkip::NoCorrespondents, 1)],
        ),
        (
            "a thread's messages on one day are one interaction with everyone",
            vec![
                mail("root", "me@work.io", &["jane@acme.io"], 9),
                reply("r1", "root", &["jane@acme.io", "sam@acme.io"], 15),
            ],
            vec![("mail:root:2026-03-05", vec!["jane@acme.io", "sam@acme.io"])],
            vec![],
        ),
        (
            "the next day in the same thread is another interaction",
            vec![
                mail("root", "me@work.io", &["jane@acme.io"], 9),
                MailMessage {
                    date: Some(Utc.with_ymd_and_hms(2026, 3, 6, 9, 0, 0).unwrap()),
                    ..reply("r1", "root", &["jane@acme.io"], 9)
                },
            ],
            vec![
                ("mail:root:2026-03-05", vec!["jane@acme.io"]),
                ("mail:root:2026-03-06", vec!["jane@acme.io"]),
            ],
            vec![],
        ),
        (
            "the sender of an answered message counts, when the mailbox has it",
            vec![
                mail("q", "lee@acme.io", &["me@work.io"], 8),
                reply("r", "q", &["sam@acme.io"], 9),
            ],
            vec![("mail:q:2026-03-05", vec!["sam@acme.io", "lee@acme.io"])],
            vec![(MailSkip::Received, 1)],
        ),
        (
            "the mailbox's Sent label counts as the owner's, whatever From says",
            vec![MailMessage {
                sent: true,
                ..mail("a", "alias@elsewhere.io", &["jane@acme.io"], 9)
            }],
            vec![("mail:a:2026-03-05", vec!["jane@acme.io"])],
            vec![],
        ),
        (
            "outside the window, or undated, is skipped",
            vec![
                MailMessage {
                    date: Some(Utc.with_ymd_and_hms(2020, 1, 1, 9, 0, 0).unwrap()),
                    ..mail("old", "me@work.io", &["jane@acme.io"], 9)
                },
                MailMessage {
                    date: None,
                    ..mail("undated", "me@work.io", &["jane@acme.io"], 9)
                },
            ],
            vec![],
            vec![(MailSkip::OutsideWindow, 1), (MailSkip::NoDate, 1)],
        ),
        (
            "a sent message without a Message-ID counts, keyed by what identifies it",
            vec![unkeyed("me@work.io", &["bob@beta.io"], 9)],
            vec![(
                "mail:headers-23c9a9c16b32ab12:2026-03-05",
                vec!["bob@beta.io"],
            )],
            vec![],
        ),
        (
            "two copies of a message without a Message-ID are logged once",
            vec![
                unkeyed("me@work.io", &["bob@beta.io"], 9),
                MailMessage {
                    sent: true,
                    ..unkeyed("Me@Work.io", &["Bob@Beta.io"], 9)
                },
            ],
            vec![(
                "mail:headers-23c9a9c16b32ab12:2026-03-05",
                vec!["bob@beta.io"],
            )],
            vec![],
        ),
        (
            "messages without a Message-ID sent apart are threads of their own",
            vec![
                unkeyed("me@work.io", &["bob@beta.io"], 9),
                unkeyed("me@work.io", &["bob@beta.io"], 15),
            ],
            vec![
                (
                    "mail:headers-23c9a9c16b32ab12:2026-03-05",
                    vec!["bob@beta.io"],
                ),
                (
                    "mail:headers-38cc0cf6d71e6fbb:2026-03-05",
                    vec!["bob@beta.io"],
                ),
            ],
            vec![],
        ),
        (
            "a reply without a Message-ID joins its thread; Gmail's thread id keys one alone",
            vec![
                MailMessage {
                    message_id: None,
                    ..reply("r1", "root", &["jane@acme.io"], 9)
                },
                MailMessage {
                    thread_id: Some("18c2".into()),
                    ..unkeyed("me@work.io", &["bob@beta.io"], 9)
                },
            ],
            vec![
                ("mail:root:2026-03-05", vec!["jane@acme.io"]),
                ("mail:thread-18c2:2026-03-05", vec!["bob@beta.io"]),
            ],
            vec![],
        ),
        (
            "without a Message-ID or a Date the true reason is given: no date",
            vec![MailMessage {
                date: None,
                ..unkeyed("me@work.io", &["bob@beta.io"], 9)
            }],
            vec![],
            vec![(MailSkip::NoDate, 1)],
        ),
        (
            "without a Message-ID, only the owner and role mailboxes is no one else",
            vec![unkeyed("me@work.io", &["me@home.io", "info@beta.io"], 9)],
            vec![],
            vec![(MailSkip::NoCorrespondents, 1)],
        ),
    ];
    for (what, messages, events, skips) in rows {
        let plan = plan_mail(&messages, &rules(), &HashMap::new());
        let got: Vec<(&str, Vec<&str>)> = plan
            .upserts
            .iter()
            .map(|e| (e.event_id.as_str(), addresses(e)))
            .collect();
        assert_eq!(got, events, "{what}");
        assert_eq!(
            plan.skipped.into_iter().collect::<Vec<_>>(),
            {
                let mut skips = skips;
                skips.sort();
                skips
            },
            "{what}"
        );
    }
}

#[test]
fn a_thread_is_titled_by_its_subject_dated_by_its_first_message_with_names() {
    let messages = vec![
        MailMessage {
            to: vec![Correspondent {
                address: "K.Hoerst@invalid.example".into(),
                name: Some("Hörst, Kenny".into()),
            }],
            subject: "AW: Re: Plans".into(),
            ..mail("late", "me@work.io", &[], 16)
        },
        MailMessage {
            references: vec!["late".into()],
            ..mail("early", "me@work.io", &["x@y.io"], 7)
        },
    ];
    let plan = plan_mail(&messages, &rules(), &HashMap::new());
    let [event] = plan.upserts.as_slice() else {
        panic!("{plan:?}");
    };
    assert_eq!(event.title, "Plans");
    assert_eq!(event.kind, InteractionType::Email);
    assert_eq!(
        event.occurred_at,
        Some(Utc.with_ymd_and_hms(2026, 3, 5, 7, 0, 0).unwrap())
    );
    assert_eq!(
        event.attendees[0].display_name.as_deref(),
        Some("Hörst, Kenny")
    );
    assert_eq!(
        event.attendees[0].address.as_str(),
        "k.hoerst@invalid.example"
    );
    let bad = plan_mail(
        &[mail("b", "me@work.io", &["not an address"], 9)],
        &rules(),
        &HashMap::new(),
    );
    assert_eq!(
        bad.bad_addresses,
        [("b".to_owned(), "not an address".to_owned())]
    );
}
