//! Email as a source: sources (an mbox archive, the Gmail API, an IMAP mailbox) turn the
//! headers they read into `MailMessage`s — never a body; `plan_mail` (pure,
//! table-tested) decides which threads the owner wrote in and who they wrote to; the
//! store applies the plan through the same upsert as calendar meetings, so idempotency,
//! unknown-address triage and "linking makes past emails count" are the calendar's.

pub mod gmail;
pub mod gmail_error;
pub mod imap;
pub mod imap_error;
mod key;
pub mod mbox;
mod plan;
pub mod planning;
pub mod sync;

pub use plan::{MailPlan, MailRules, MailSkip, plan_mail};

use chrono::{DateTime, Utc};
use mail_parser::{Address, HeaderValue, MessageParser};

/// An address as a header gives it, with the display name beside it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Correspondent {
    /// As written (normalised later; may be invalid).
    pub address: String,
    pub name: Option<String>,
}

/// The headers of one message that kith reads, from any source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MailMessage {
    /// Without the angle brackets.
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    /// Oldest first: the first is the thread's root.
    pub references: Vec<String>,
    /// The provider's thread id (Gmail's), when there is one.
    pub thread_id: Option<String>,
    pub from: Option<Correspondent>,
    pub to: Vec<Correspondent>,
    pub cc: Vec<Correspondent>,
    pub bcc: Vec<Correspondent>,
    pub date: Option<DateTime<Utc>>,
    pub subject: String,
    /// `List-Id`, `List-Unsubscribe` or `Precedence: bulk|list|junk`: not a conversation.
    pub bulk: bool,
    /// The mailbox says the owner sent it (Gmail's SENT label, `X-Gmail-Labels: Sent`,
    /// the IMAP Sent folder).
    pub sent: bool,
}

/// The header names kith asks a provider for (Gmail's `metadataHeaders`, IMAP's
/// `BODY.PEEK[HEADER.FIELDS (…)]`): nothing else is read.
pub const HEADERS: &[&str] = &[
    "From",
    "To",
    "Cc",
    "Bcc",
    "Date",
    "Subject",
    "Message-ID",
    "In-Reply-To",
    "References",
    "List-Id",
    "List-Unsubscribe",
    "Precedence",
    "X-Gmail-Labels",
];

fn correspondents(address: Option<&Address<'_>>) -> Vec<Correspondent> {
    // Groups ("Undisclosed recipients:;") are flattened to their members, if any.
    address
        .map(|address| {
            address
                .iter()
                .filter_map(|addr| {
                    Some(Correspondent {
                        address: addr.address()?.trim().to_owned(),
                        name: addr
                            .name()
                            .map(|n| n.trim().trim_matches('"').trim().to_owned())
                            .filter(|n| !n.is_empty()),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![id.to_string()],
        HeaderValue::TextList(list) => list.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}

/// The headers of a message (a whole message, or only its header block); `None` when
/// the bytes are not a message at all.
pub fn parse_headers(raw: &[u8]) -> Option<MailMessage> {
    let message = MessageParser::default().parse_headers(raw)?;
    let text = |name: &'static str| {
        message
            .header_raw(name)
            .map(|value| value.trim().to_owned())
            .unwrap_or_default()
    };
    let precedence = text("Precedence").to_ascii_lowercase();
    let labels = text("X-Gmail-Labels").to_ascii_lowercase();
    let parsed = MailMessage {
        message_id: message.message_id().map(str::to_owned),
        in_reply_to: ids(message.in_reply_to()).into_iter().last(),
        references: ids(message.references()),
        thread_id: None,
        from: correspondents(message.from()).into_iter().next(),
        to: correspondents(message.to()),
        cc: correspondents(message.cc()),
        bcc: correspondents(message.bcc()),
        date: message
            .date()
            .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0)),
        subject: message.subject().unwrap_or_default().trim().to_owned(),
        bulk: !text("List-Id").is_empty()
            || !text("List-Unsubscribe").is_empty()
            || matches!(precedence.as_str(), "bulk" | "list" | "junk"),
        sent: labels.split(',').any(|label| label.trim() == "sent"),
    };
    // A block with none of the headers a message has is not one.
    let empty = parsed.from.is_none()
        && parsed.to.is_empty()
        && parsed.message_id.is_none()
        && parsed.date.is_none();
    (!empty).then_some(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words_quoted_names_and_groups_are_read_as_people() {
        let raw = b"From: =?UTF-8?Q?H=C3=B6rst=2C_Kenny?= <K.Hoerst@invalid>\r\n\
To: \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>, A Group:Chris Jones <c@a.test>,joe@where.test;\r\n\
Cc: Undisclosed recipients:;\r\n\
Subject: =?UTF-8?B?Iua8ouWtlyI=?= tail\r\n\
Date: Fri, 21 Nov 1997 09:55:06 -0600\r\n\
Message-ID: <1234@local.machine.example>\r\n\
References: <root@x> <mid@x>\r\n\
In-Reply-To: <mid@x>\r\n\
List-Unsubscribe: <mailto:leave@x>\r\n\r\n";
        let message = parse_headers(raw).unwrap();
        assert_eq!(
            message.from.as_ref().unwrap().name.as_deref(),
            Some("Hörst, Kenny")
        );
        let to: Vec<&str> = message.to.iter().map(|c| c.address.as_str()).collect();
        assert_eq!(
            to,
            ["sysservices@example.net", "c@a.test", "joe@where.test"]
        );
        assert!(message.cc.is_empty(), "an empty group is no one");
        assert_eq!(message.subject, "\"漢字\" tail");
        assert_eq!(message.references, ["root@x", "mid@x"]);
        assert_eq!(message.in_reply_to.as_deref(), Some("mid@x"));
        assert_eq!(
            message.message_id.as_deref(),
            Some("1234@local.machine.example")
        );
        assert!(message.bulk);
        assert_eq!(
            message.date.unwrap().to_rfc3339(),
            "1997-11-21T15:55:06+00:00"
        );
        assert_eq!(parse_headers(b"just some text\n\nand more"), None);
    }
}
