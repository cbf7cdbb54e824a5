//! The key a message is logged under, `mail:{root}:{day}`: the root of its thread (the
//! first of its References, else what it answers, else its own Message-ID, else Gmail's
//! thread id as `thread-{id}`), and for a message with none of these — old clients and
//! some exports write no Message-ID — `headers-{hash}`, a hash of what identifies it, so
//! it is its own thread, importing it again finds it, and the same message read from
//! two sources is logged once. Pure.

use chrono::{DateTime, Utc};

use super::{Correspondent, MailMessage};
use kith_domain::model::EmailAddress;

/// The root of the thread `message` belongs to, sent at `date` (its Date, or where that
/// is missing the date a source gave it): never missing, so a message is never dropped
/// for want of a key.
pub fn thread_root(message: &MailMessage, date: DateTime<Utc>) -> String {
    message
        .references
        .first()
        .or(message.in_reply_to.as_ref())
        .or(message.message_id.as_ref())
        .map(|id| id.trim_matches(['<', '>']).to_lowercase())
        .or_else(|| message.thread_id.clone().map(|t| format!("thread-{t}")))
        .unwrap_or_else(|| format!("headers-{:016x}", fnv1a(&identity(message, date))))
}

/// What identifies a message without a Message-ID, normalised so that two copies of it
/// agree however they were written: the instant it was sent (UTC seconds, whatever zone
/// the Date was written in), the sender's address, the To and Cc addresses (lower case,
/// sorted, each once), and the subject with its runs of white space made one space. Bcc
/// is left out: one copy of a sent message keeps it and another does not.
fn identity(message: &MailMessage, date: DateTime<Utc>) -> String {
    let mut recipients: Vec<String> = message
        .to
        .iter()
        .chain(&message.cc)
        .map(normalised)
        .collect();
    recipients.sort();
    recipients.dedup();
    let subject: Vec<&str> = message.subject.split_whitespace().collect();
    format!(
        "{}\n{}\n{}\n{}",
        date.timestamp(),
        message.from.as_ref().map(normalised).unwrap_or_default(),
        recipients.join(","),
        subject.join(" ")
    )
}

/// An address as kith stores it, or, when it is not one, as written in lower case.
fn normalised(correspondent: &Correspondent) -> String {
    EmailAddress::parse(&correspondent.address)
        .map(|a| a.as_str().to_owned())
        .unwrap_or_else(|_| correspondent.address.trim().to_lowercase())
}

/// FNV-1a, 64 bits: fixed by its definition, so a key is the same on every machine and
/// in every version (the standard library's hasher promises neither).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use chrono::{FixedOffset, TimeZone};

    use super::*;

    fn who(address: &str) -> Correspondent {
        Correspondent {
            address: address.into(),
            name: None,
        }
    }

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 5, hour, 0, 0).unwrap()
    }

    fn unkeyed() -> MailMessage {
        MailMessage {
            from: Some(who("me@work.io")),
            to: vec![who("bob@beta.io"), who("ann@beta.io")],
            cc: vec![who("sam@beta.io")],
            subject: "Plans  for spring".into(),
            date: Some(at(9)),
            sent: true,
            ..MailMessage::default()
        }
    }

    #[test]
    fn the_hash_is_fixed_by_its_definition() {
        // FNV-1a's published test values.
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn a_message_without_message_id_is_keyed_by_what_identifies_it() {
        let key = thread_root(&unkeyed(), at(9));
        assert!(key.starts_with("headers-") && key.len() == 24, "{key}");
        assert_eq!(key, thread_root(&unkeyed(), at(9)), "the same every time");
        // Another copy: the Date in another zone, recipients in another order and case,
        // To and Cc swapped, names, folded white space, a Bcc kept.
        let berlin = FixedOffset::east_opt(3600).unwrap();
        let copy = MailMessage {
            from: Some(Correspondent {
                address: "Me@Work.io".into(),
                name: Some("Me".into()),
            }),
            to: vec![who("SAM@beta.io"), who("ann@beta.io")],
            cc: vec![who("bob@beta.io")],
            bcc: vec![who("pat@beta.io")],
            subject: " Plans for\r\n spring ".into(),
            date: Some(at(9).with_timezone(&berlin).with_timezone(&Utc)),
            ..MailMessage::default()
        };
        assert_eq!(thread_root(&copy, at(9)), key, "{copy:?}");
        // Anything that tells two messages apart makes another key.
        let others = [
            (at(10), unkeyed()),
            (
                at(9),
                MailMessage {
                    subject: "Plans for summer".into(),
                    ..unkeyed()
                },
            ),
            (
                at(9),
                MailMessage {
                    to: vec![who("bob@beta.io")],
                    ..unkeyed()
                },
            ),
            (
                at(9),
                MailMessage {
                    from: Some(who("me@home.io")),
                    ..unkeyed()
                },
            ),
        ];
        for (date, other) in others {
            assert_ne!(thread_root(&other, date), key, "{other:?}");
        }
    }

    #[test]
    fn a_thread_is_its_first_reference_its_answer_its_id_or_gmails_thread() {
        let with = |message: MailMessage| thread_root(&message, at(9));
        let references = MailMessage {
            references: vec!["<Root@X>".into(), "mid@x".into()],
            in_reply_to: Some("mid@x".into()),
            message_id: Some("own@x".into()),
            ..unkeyed()
        };
        assert_eq!(with(references), "root@x");
        let answer = MailMessage {
            in_reply_to: Some("Mid@X".into()),
            message_id: Some("own@x".into()),
            ..unkeyed()
        };
        assert_eq!(with(answer), "mid@x");
        let own = MailMessage {
            message_id: Some("Own@X".into()),
            thread_id: Some("18c2".into()),
            ..unkeyed()
        };
        assert_eq!(with(own), "own@x");
        let gmail = MailMessage {
            thread_id: Some("18c2".into()),
            ..unkeyed()
        };
        assert_eq!(
            with(gmail),
            "thread-18c2",
            "Gmail's keys are kept as they were"
        );
    }
}
