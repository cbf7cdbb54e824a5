//! Every button kith shows is one `Callback`, encoded compactly (always ≤ 64 bytes, as
//! Telegram requires) and decoded strictly: anything that is not exactly an encoding of a
//! variant decodes to `None`, which the engine answers with "This button has expired".

use crate::domain::model::{EmailId, OrganizationId, PersonId, TagId, Tier};

/// Telegram's limit on callback data, in bytes.
pub const MAX_CALLBACK_BYTES: usize = 64;

/// Which people a page of `/stale` is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaleKey {
    All,
    Tag(TagId),
    Tier(Tier),
    Organization(OrganizationId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Callback {
    /// Show a person's card.
    Person(PersonId),
    /// Show an organization's card.
    Organization(OrganizationId),
    /// A page of a person's interactions.
    Interactions { person: PersonId, offset: u32 },
    /// Ask what happened, then log it with this person.
    LogFor(PersonId),
    /// Ask for a note, then add it to this person.
    NoteFor(PersonId),
    /// Offer the tiers for this person.
    EditTier(PersonId),
    /// Set (or clear, with `None`) a person's tier.
    SetTier {
        person: PersonId,
        tier: Option<Tier>,
    },
    /// A page of overdue people.
    Stale { key: StaleKey, offset: u32 },
    /// A page of unknown attendees.
    Unknown { offset: u32 },
    /// Start linking an unknown address: suggestions, or type a name.
    LinkStart(EmailId),
    /// Link an address to a person.
    LinkTo { email: EmailId, person: PersonId },
    /// Create a person from an unknown address and link it.
    Create(EmailId),
    /// Mark an address as not a person.
    Ignore(EmailId),
    /// Ignore every address at this address's domain.
    IgnoreDomain(EmailId),
    /// Pick a candidate for a pending, ambiguous action.
    Choose { pending: i64, person: PersonId },
    /// Log a meeting that looks already logged, all the same.
    LogAnyway { pending: i64 },
    /// A page of a person's notes, from this character on.
    Notes { person: PersonId, offset: u32 },
    /// Merge `other` into `keep` (after the confirmation question).
    Merge { keep: PersonId, other: PersonId },
    /// Ask to merge a suggested duplicate `other` into `keep`.
    MergeAsk { keep: PersonId, other: PersonId },
    /// Two people suggested as duplicates are different people.
    NotSame { first: PersonId, second: PersonId },
    /// A page of recent interactions.
    Recent { offset: u32 },
    /// A page of the tag list.
    Tags { offset: u32 },
    /// Drop whatever the chat was waiting for.
    Cancel,
}

impl Callback {
    pub fn encode(self) -> String {
        let data = match self {
            Callback::Person(p) => format!("p:{p}"),
            Callback::Organization(o) => format!("o:{o}"),
            Callback::Interactions { person, offset } => format!("i:{person}:{offset}"),
            Callback::LogFor(p) => format!("l:{p}"),
            Callback::NoteFor(p) => format!("n:{p}"),
            Callback::EditTier(p) => format!("et:{p}"),
            Callback::SetTier { person, tier } => {
                format!("t:{person}:{}", tier.map_or(0, Tier::number))
            }
            Callback::Stale { key, offset } => {
                let key = match key {
                    StaleKey::All => "a".to_owned(),
                    StaleKey::Tag(t) => format!("g{t}"),
                    StaleKey::Tier(t) => format!("r{}", t.number()),
                    StaleKey::Organization(o) => format!("o{o}"),
                };
                format!("s:{key}:{offset}")
            }
            Callback::Unknown { offset } => format!("u:{offset}"),
            Callback::LinkStart(e) => format!("lk:{e}"),
            Callback::LinkTo { email, person } => format!("lt:{email}:{person}"),
            Callback::Create(e) => format!("c:{e}"),
            Callback::Ignore(e) => format!("x:{e}"),
            Callback::IgnoreDomain(e) => format!("xd:{e}"),
            Callback::Choose { pending, person } => format!("ch:{pending}:{person}"),
            Callback::LogAnyway { pending } => format!("la:{pending}"),
            Callback::Notes { person, offset } => format!("nt:{person}:{offset}"),
            Callback::Merge { keep, other } => format!("m:{keep}:{other}"),
            Callback::MergeAsk { keep, other } => format!("mq:{keep}:{other}"),
            Callback::NotSame { first, second } => format!("ns:{first}:{second}"),
            Callback::Recent { offset } => format!("r:{offset}"),
            Callback::Tags { offset } => format!("tg:{offset}"),
            Callback::Cancel => "cancel".to_owned(),
        };
        debug_assert!(data.len() <= MAX_CALLBACK_BYTES);
        data
    }

    /// The callback that `data` encodes, or `None` for anything else.
    pub fn decode(data: &str) -> Option<Callback> {
        if data.len() > MAX_CALLBACK_BYTES {
            return None;
        }
        let parts: Vec<&str> = data.split(':').collect();
        let id = |index: usize| parts.get(index).and_then(|p| number(p)).filter(|n| *n > 0);
        let offset = |index: usize| {
            parts
                .get(index)
                .and_then(|p| number(p))
                .and_then(|n| u32::try_from(n).ok())
        };
        let arity = |n: usize| parts.len() == n;
        let callback = match parts[0] {
            "p" if arity(2) => Callback::Person(PersonId(id(1)?)),
            "o" if arity(2) => Callback::Organization(OrganizationId(id(1)?)),
            "i" if arity(3) => Callback::Interactions {
                person: PersonId(id(1)?),
                offset: offset(2)?,
            },
            "l" if arity(2) => Callback::LogFor(PersonId(id(1)?)),
            "n" if arity(2) => Callback::NoteFor(PersonId(id(1)?)),
            "et" if arity(2) => Callback::EditTier(PersonId(id(1)?)),
            "t" if arity(3) => {
                let tier = match number(parts[2])? {
                    0 => None,
                    n => Some(Tier::new(n).ok()?),
                };
                Callback::SetTier {
                    person: PersonId(id(1)?),
                    tier,
                }
            }
            "s" if arity(3) => {
                let key = parts[1];
                let key = if key == "a" {
                    StaleKey::All
                } else {
                    let (kind, rest) = key.split_at_checked(1)?;
                    let n = number(rest).filter(|n| *n > 0)?;
                    match kind {
                        "g" => StaleKey::Tag(TagId(n)),
                        "r" => StaleKey::Tier(Tier::new(n).ok()?),
                        "o" => StaleKey::Organization(OrganizationId(n)),
                        _ => return None,
                    }
                };
                Callback::Stale {
                    key,
                    offset: offset(2)?,
                }
            }
            "u" if arity(2) => Callback::Unknown { offset: offset(1)? },
            "lk" if arity(2) => Callback::LinkStart(EmailId(id(1)?)),
            "lt" if arity(3) => Callback::LinkTo {
                email: EmailId(id(1)?),
                person: PersonId(id(2)?),
            },
            "c" if arity(2) => Callback::Create(EmailId(id(1)?)),
            "x" if arity(2) => Callback::Ignore(EmailId(id(1)?)),
            "xd" if arity(2) => Callback::IgnoreDomain(EmailId(id(1)?)),
            "la" if arity(2) => Callback::LogAnyway { pending: id(1)? },
            "nt" if arity(3) => Callback::Notes {
                person: PersonId(id(1)?),
                offset: offset(2)?,
            },
            "ch" if arity(3) => Callback::Choose {
                pending: id(1)?,
                person: PersonId(id(2)?),
            },
            "m" if arity(3) => Callback::Merge {
                keep: PersonId(id(1)?),
                other: PersonId(id(2)?),
            },
            "mq" if arity(3) => Callback::MergeAsk {
                keep: PersonId(id(1)?),
                other: PersonId(id(2)?),
            },
            "ns" if arity(3) => Callback::NotSame {
                first: PersonId(id(1)?),
                second: PersonId(id(2)?),
            },
            "r" if arity(2) => Callback::Recent { offset: offset(1)? },
            "tg" if arity(2) => Callback::Tags { offset: offset(1)? },
            "cancel" if arity(1) => Callback::Cancel,
            _ => return None,
        };
        // Only the canonical spelling is accepted ("p:007" is not "p:7").
        (callback.encode() == data).then_some(callback)
    }
}

/// A plain non-negative decimal number, without signs or spaces.
fn number(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 19 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BIG: i64 = i64::MAX;

    fn every_variant() -> Vec<Callback> {
        let p = PersonId(BIG);
        let e = EmailId(BIG);
        let tier = Tier::new(7).unwrap();
        vec![
            Callback::Person(p),
            Callback::Organization(OrganizationId(BIG)),
            Callback::Interactions {
                person: p,
                offset: u32::MAX,
            },
            Callback::LogFor(p),
            Callback::NoteFor(p),
            Callback::EditTier(p),
            Callback::SetTier {
                person: p,
                tier: Some(tier),
            },
            Callback::SetTier {
                person: p,
                tier: None,
            },
            Callback::Stale {
                key: StaleKey::All,
                offset: u32::MAX,
            },
            Callback::Stale {
                key: StaleKey::Tag(TagId(BIG)),
                offset: u32::MAX,
            },
            Callback::Stale {
                key: StaleKey::Tier(tier),
                offset: 0,
            },
            Callback::Stale {
                key: StaleKey::Organization(OrganizationId(BIG)),
                offset: 10,
            },
            Callback::Unknown { offset: u32::MAX },
            Callback::LinkStart(e),
            Callback::LinkTo {
                email: e,
                person: p,
            },
            Callback::Create(e),
            Callback::Ignore(e),
            Callback::IgnoreDomain(e),
            Callback::Choose {
                pending: BIG,
                person: p,
            },
            Callback::LogAnyway { pending: BIG },
            Callback::Notes {
                person: p,
                offset: u32::MAX,
            },
            Callback::Merge {
                keep: p,
                other: PersonId(1),
            },
            Callback::MergeAsk { keep: p, other: p },
            Callback::NotSame {
                first: p,
                second: p,
            },
            Callback::Recent { offset: u32::MAX },
            Callback::Tags { offset: u32::MAX },
            Callback::Cancel,
        ]
    }

    #[test]
    fn every_variant_round_trips_within_64_bytes() {
        for callback in every_variant() {
            let data = callback.encode();
            assert!(
                data.len() <= MAX_CALLBACK_BYTES,
                "{data} is {} bytes",
                data.len()
            );
            assert_eq!(Callback::decode(&data), Some(callback), "{data}");
        }
    }

    #[test]
    fn garbage_truncated_and_forged_data_decode_to_nothing() {
        let cases = [
            "",
            ":",
            "p",
            "p:",
            "p:abc",
            "p:-1",
            "p:0",
            "p:+5",
            "p:007",
            "p: 5",
            "p:5:6",
            "zz:1",
            "t:5:8",
            "t:5:",
            "s:q1:0",
            "s:r9:0",
            "s:g0:0",
            "s:a:-1",
            "u:99999999999",
            "ch:1",
            "lt:1",
            "cancel:1",
            "P:5",
            "p:99999999999999999999",
            "\u{0}",
            "p:٣",
        ];
        for data in cases {
            assert_eq!(Callback::decode(data), None, "{data:?}");
        }
        let long = format!("p:{}", "1".repeat(70));
        assert_eq!(Callback::decode(&long), None);
        // Every prefix of a valid encoding that is not itself valid is refused.
        for callback in every_variant() {
            let data = callback.encode();
            for cut in 0..data.len() {
                let prefix = &data[..cut];
                if let Some(decoded) = Callback::decode(prefix) {
                    assert_eq!(decoded.encode(), prefix);
                }
            }
        }
    }
}
