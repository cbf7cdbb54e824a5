//! The CRM's vocabulary: ids, closeness tiers, interaction types, email kinds, and
//! the parsing and normalising rules for each. Pure values — nothing here touches
//! the database or the clock.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

pub use crate::email::EmailAddress;
use crate::error::Refusal;

macro_rules! id_type {
    ($name:ident, $what:literal) => {
        #[doc = concat!("The row id of one ", $what, ".")]
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
        )]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(PersonId, "person");
id_type!(EmailId, "email address");
id_type!(OrganizationId, "organization");
id_type!(InteractionId, "interaction");
id_type!(TagId, "tag");
id_type!(ChangeId, "recorded change");

/// A closeness tier, 1 (closest) to 7. Labels and cadences live in the settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Tier(u8);

impl Tier {
    pub const COUNT: usize = 7;

    pub fn new(number: i64) -> Result<Tier, Refusal> {
        if (1..=Tier::COUNT as i64).contains(&number) {
            Ok(Tier(number as u8))
        } else {
            Err(Refusal::UnknownTier(number.to_string()))
        }
    }

    pub fn number(self) -> u8 {
        self.0
    }

    pub fn all() -> impl Iterator<Item = Tier> {
        (1..=Tier::COUNT as u8).map(Tier)
    }

    /// Index into per-tier tables (labels, cadences).
    pub fn index(self) -> usize {
        usize::from(self.0 - 1)
    }
}

/// A person's own keep-in-touch cadence, overriding their tier's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub enum Cadence {
    /// Meet at least every this many days (1 to 3,660).
    Every(u32),
    /// Not tracked: never overdue, whatever the tier says.
    Off,
}

impl Cadence {
    pub const MAX_DAYS: u32 = 3_660;

    /// From the stored column: NULL follows the tier, 0 is off.
    pub fn from_days(days: Option<i64>) -> Option<Cadence> {
        match days? {
            0 => Some(Cadence::Off),
            n => u32::try_from(n)
                .ok()
                .filter(|n| *n <= Cadence::MAX_DAYS)
                .map(Cadence::Every),
        }
    }

    /// The stored column's value.
    pub fn days(self) -> i64 {
        match self {
            Cadence::Every(days) => i64::from(days),
            Cadence::Off => 0,
        }
    }

    /// Reads "3w", "10d", "2m", "1y" or "off"; a bare number is days.
    pub fn parse(text: &str) -> Option<Cadence> {
        let text = text.trim().to_lowercase();
        if matches!(text.as_str(), "off" | "never" | "none") {
            return Some(Cadence::Off);
        }
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let number: u32 = number.parse().ok().filter(|n| *n > 0)?;
        let per_unit = match unit.trim() {
            "" | "d" | "day" | "days" => 1,
            "w" | "wk" | "week" | "weeks" => 7,
            "m" | "mo" | "month" | "months" => 30,
            "y" | "yr" | "year" | "years" => 365,
            _ => return None,
        };
        let days = number.checked_mul(per_unit)?;
        (days <= Cadence::MAX_DAYS).then_some(Cadence::Every(days))
    }
}

impl std::fmt::Display for Cadence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cadence::Every(1) => write!(f, "every day"),
            Cadence::Every(days) if days % 7 == 0 && *days <= 98 => {
                let weeks = days / 7;
                if weeks == 1 {
                    write!(f, "every week")
                } else {
                    write!(f, "every {weeks} weeks")
                }
            }
            Cadence::Every(days) => write!(f, "every {days} days"),
            Cadence::Off => write!(f, "not tracked"),
        }
    }
}

/// How an interaction happened. F2F types count for `last_f2f`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub enum InteractionType {
    OneOnOneVideo,
    OneOnOneInPerson,
    GroupVideo,
    GroupInPerson,
    Email,
    Text,
    /// A chat: Telegram (forwarded, or the owner's chats), or another messenger.
    Message,
    Phone,
    Coffee,
    Lunch,
    Event,
    Other,
}

impl InteractionType {
    pub const ALL: [InteractionType; 12] = [
        InteractionType::OneOnOneVideo,
        InteractionType::OneOnOneInPerson,
        InteractionType::GroupVideo,
        InteractionType::GroupInPerson,
        InteractionType::Email,
        InteractionType::Text,
        InteractionType::Phone,
        InteractionType::Coffee,
        InteractionType::Lunch,
        InteractionType::Event,
        InteractionType::Other,
        // Last: a button names a type by its place in this list, so a new one goes at the end.
        InteractionType::Message,
    ];

    /// The stored name (the `interactions.type` column).
    pub fn as_str(self) -> &'static str {
        match self {
            InteractionType::OneOnOneVideo => "1:1-vc",
            InteractionType::OneOnOneInPerson => "1:1-f2f",
            InteractionType::GroupVideo => "group-vc",
            InteractionType::GroupInPerson => "group-f2f",
            InteractionType::Email => "email",
            InteractionType::Text => "text",
            InteractionType::Message => "message",
            InteractionType::Phone => "phone",
            InteractionType::Coffee => "coffee",
            InteractionType::Lunch => "lunch",
            InteractionType::Event => "event",
            InteractionType::Other => "other",
        }
    }

    /// A meeting (in person or by video): every type but calls, emails, texts and messages.
    pub fn is_meeting(self) -> bool {
        !matches!(
            self,
            InteractionType::Phone
                | InteractionType::Email
                | InteractionType::Text
                | InteractionType::Message
        )
    }

    /// Face to face: these count for `last_f2f`.
    pub fn is_face_to_face(self) -> bool {
        matches!(
            self,
            InteractionType::OneOnOneInPerson
                | InteractionType::GroupInPerson
                | InteractionType::Coffee
                | InteractionType::Lunch
                | InteractionType::Event
        )
    }

    /// The stored names of the face-to-face types, for SQL `IN (…)` lists.
    pub fn face_to_face_names() -> Vec<&'static str> {
        InteractionType::ALL
            .into_iter()
            .filter(|t| t.is_face_to_face())
            .map(InteractionType::as_str)
            .collect()
    }

    /// Parses the obvious spellings: "1:1 VC", "1on1 f2f", "Group Meeting", "call", "Coffee".
    pub fn parse(text: &str) -> Result<InteractionType, Refusal> {
        let key: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        let parsed = match key.as_str() {
            "11vc" | "1on1vc" | "oneononevc" | "11video" | "1on1video" | "11" | "1on1" | "vc"
            | "video" | "videocall" | "zoom" | "meet" | "11meeting" | "1on1meeting" => {
                InteractionType::OneOnOneVideo
            }
            "11f2f" | "1on1f2f" | "oneononef2f" | "11inperson" | "1on1inperson" | "f2f"
            | "inperson" | "facetoface" => InteractionType::OneOnOneInPerson,
            "groupvc" | "groupvideo" | "groupmeeting" | "group" | "meeting" | "groupcall" => {
                InteractionType::GroupVideo
            }
            "groupf2f" | "groupinperson" => InteractionType::GroupInPerson,
            "email" | "mail" => InteractionType::Email,
            "text" | "sms" | "textmessage" => InteractionType::Text,
            "message" | "messages" | "chat" | "telegram" | "whatsapp" | "signal" | "dm" => {
                InteractionType::Message
            }
            "phone" | "call" | "phonecall" => InteractionType::Phone,
            "coffee" => InteractionType::Coffee,
            "lunch" | "dinner" | "breakfast" | "drinks" | "meal" => InteractionType::Lunch,
            "event" | "conference" | "party" => InteractionType::Event,
            "other" => InteractionType::Other,
            _ => return Err(Refusal::UnknownInteractionType(text.trim().to_owned())),
        };
        Ok(parsed)
    }
}

impl fmt::Display for InteractionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InteractionType {
    type Err = Refusal;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InteractionType::parse(s)
    }
}

/// Where an interaction came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Source {
    Manual,
    Google,
    Ics,
    Import,
    /// Sent mail: the Gmail API, an IMAP mailbox, an mbox archive.
    Gmail,
    Imap,
    Mbox,
    /// Telegram: the owner's chats through a business connection, or their exported history.
    Telegram,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Manual => "manual",
            Source::Google => "google",
            Source::Ics => "ics",
            Source::Import => "import",
            Source::Gmail => "gmail",
            Source::Imap => "imap",
            Source::Mbox => "mbox",
            Source::Telegram => "telegram",
        }
    }

    pub fn from_stored(text: &str) -> Source {
        match text {
            "google" => Source::Google,
            "ics" => Source::Ics,
            "import" => Source::Import,
            "gmail" => Source::Gmail,
            "imap" => Source::Imap,
            "mbox" => Source::Mbox,
            "telegram" => Source::Telegram,
            _ => Source::Manual,
        }
    }

    /// Mail synced from a mailbox (not an email logged by hand).
    pub fn is_mail(self) -> bool {
        matches!(self, Source::Gmail | Source::Imap | Source::Mbox)
    }
}

/// Work, personal or other address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub enum EmailKind {
    Work,
    Personal,
    #[default]
    Other,
}

impl EmailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EmailKind::Work => "work",
            EmailKind::Personal => "personal",
            EmailKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Result<EmailKind, Refusal> {
        match text.trim().to_lowercase().as_str() {
            "work" | "business" | "office" => Ok(EmailKind::Work),
            "personal" | "home" | "private" => Ok(EmailKind::Personal),
            "other" | "" => Ok(EmailKind::Other),
            other => Err(Refusal::InvalidValue {
                field: "email kind",
                value: other.to_owned(),
                expected: "work, personal or other",
            }),
        }
    }
}

/// How interested an organization is in investing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
pub enum InvestorInterest {
    #[default]
    None,
    Watching,
    Interested,
    VeryInterested,
}

impl InvestorInterest {
    pub fn as_str(self) -> &'static str {
        match self {
            InvestorInterest::None => "none",
            InvestorInterest::Watching => "watching",
            InvestorInterest::Interested => "interested",
            InvestorInterest::VeryInterested => "very-interested",
        }
    }

    pub fn parse(text: &str) -> Result<InvestorInterest, Refusal> {
        let key: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        match key.as_str() {
            "" | "none" | "no" => Ok(InvestorInterest::None),
            "watching" | "watch" => Ok(InvestorInterest::Watching),
            "interested" | "yes" => Ok(InvestorInterest::Interested),
            "veryinterested" | "very" => Ok(InvestorInterest::VeryInterested),
            _ => Err(Refusal::InvalidValue {
                field: "investor interest",
                value: text.trim().to_owned(),
                expected: "none, watching, interested or very-interested",
            }),
        }
    }
}

/// An attendee's answer to a calendar invitation. Declined attendance never counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
pub enum ResponseStatus {
    Accepted,
    Tentative,
    Declined,
    #[default]
    NeedsAction,
}

impl ResponseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseStatus::Accepted => "accepted",
            ResponseStatus::Tentative => "tentative",
            ResponseStatus::Declined => "declined",
            ResponseStatus::NeedsAction => "needs-action",
        }
    }

    /// Lenient: Google's `needsAction`, iCalendar's `NEEDS-ACTION`, anything unknown.
    pub fn parse_lenient(text: &str) -> ResponseStatus {
        let key: String = text
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        match key.as_str() {
            "accepted" => ResponseStatus::Accepted,
            "tentative" => ResponseStatus::Tentative,
            "declined" => ResponseStatus::Declined,
            _ => ResponseStatus::NeedsAction,
        }
    }
}

/// Free-mail domains: an address there says nothing about where someone works.
pub const FREE_MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "yahoo.com",
    "ymail.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "pm.me",
    "gmx.de",
    "gmx.net",
    "gmx.com",
    "web.de",
    "mail.com",
    "fastmail.com",
    "fastmail.fm",
    "hey.com",
    "zoho.com",
    "yandex.ru",
    "mail.ru",
    "qq.com",
    "163.com",
    "hotmail.co.uk",
    "yahoo.co.uk",
    "t-online.de",
    "orange.fr",
    "free.fr",
    "libero.it",
];

/// Whether an address's domain is a free-mail provider.
pub fn is_free_mail(domain: &str) -> bool {
    FREE_MAIL_DOMAINS.contains(&domain.to_lowercase().as_str())
}

/// Parses an ISO date (`2026-11-26`), the only date form the store accepts.
pub fn parse_iso_date(text: &str) -> Result<NaiveDate, Refusal> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| Refusal::InvalidValue {
        field: "date",
        value: text.trim().to_owned(),
        expected: "an ISO date such as 2026-11-26",
    })
}

/// A person's shown name: the one rule, also written as the store's `shown_name!` SQL (SQLite's
/// `trim` removes spaces only, so this does too).
pub fn shown_name(given: &str, family: &str, display: Option<&str>) -> String {
    let trim = |text: &str| text.trim_matches(' ').to_owned();
    match display.map(trim).filter(|d| !d.is_empty()) {
        Some(display) => display,
        None => trim(&format!("{} {}", trim(given), trim(family))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interaction_types_accept_the_obvious_spellings() {
        let cases = [
            ("1:1 VC", "1:1-vc"),
            ("1on1 f2f", "1:1-f2f"),
            ("Group Meeting", "group-vc"),
            ("group f2f", "group-f2f"),
            ("call", "phone"),
            ("Coffee", "coffee"),
            ("dinner", "lunch"),
            ("EMAIL", "email"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                InteractionType::parse(input).unwrap().as_str(),
                expected,
                "{input:?}"
            );
        }
        assert!(InteractionType::parse("teleportation").is_err());
        for t in InteractionType::ALL {
            assert_eq!(InteractionType::parse(t.as_str()).unwrap(), t);
        }
    }

    #[test]
    fn tiers_are_one_to_seven() {
        assert!(Tier::new(0).is_err());
        assert!(Tier::new(8).is_err());
        assert_eq!(Tier::new(7).unwrap().index(), 6);
        assert_eq!(Tier::all().count(), 7);
    }
}
