//! Every button kith shows is one `Callback`, encoded compactly (always ≤ 64 bytes, as
//! Telegram requires) and decoded strictly: anything that is not exactly an encoding of a
//! variant decodes to `None`, which the engine answers with "This button has expired".

use kith_domain::model::{
    ChangeId, EmailId, InteractionId, InteractionType, OrganizationId, PersonId, TagId, Tier,
};

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

/// What an interaction card's button asks to be typed next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum InteractionAsk {
    Date,
    Title,
    AddNote,
    ReplaceNotes,
    AddPerson,
}

impl InteractionAsk {
    const CODES: [(InteractionAsk, &'static str); 5] = [
        (InteractionAsk::Date, "d"),
        (InteractionAsk::Title, "t"),
        (InteractionAsk::AddNote, "n"),
        (InteractionAsk::ReplaceNotes, "r"),
        (InteractionAsk::AddPerson, "p"),
    ];

    fn code(self) -> &'static str {
        Self::CODES
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("d", |(_, c)| c)
    }

    fn from_code(code: &str) -> Option<InteractionAsk> {
        Self::CODES
            .iter()
            .find(|(_, c)| *c == code)
            .map(|(a, _)| *a)
    }
}

/// A person field the **Edit ▸** menu asks for; the answer becomes its text command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PersonAsk {
    Name,
    Job,
    Location,
    LinkedIn,
    Intro,
    Cadence,
    AddEmail,
    Primary,
    Tags,
    RemoveEmail,
    Phone,
    Birthday,
}

impl PersonAsk {
    pub const ALL: [PersonAsk; 12] = [
        PersonAsk::Name,
        PersonAsk::Job,
        PersonAsk::Location,
        PersonAsk::LinkedIn,
        PersonAsk::Intro,
        PersonAsk::Cadence,
        PersonAsk::AddEmail,
        PersonAsk::Primary,
        PersonAsk::Tags,
        PersonAsk::RemoveEmail,
        PersonAsk::Phone,
        PersonAsk::Birthday,
    ];

    fn index(self) -> usize {
        Self::ALL.iter().position(|a| *a == self).unwrap_or(0)
    }
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
    /// Which way round a date like 3/5 was meant, for a pending log.
    DateChoice { pending: i64, month_first: bool },
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
    /// Take back a recorded change.
    Undo(ChangeId),
    /// Show an interaction's card.
    Interaction(InteractionId),
    /// Ask for a value for an interaction (a date, a title, a note, a person).
    InteractionAsk {
        interaction: InteractionId,
        ask: InteractionAsk,
    },
    /// Offer the types for an interaction.
    InteractionTypes(InteractionId),
    /// Set an interaction's type.
    InteractionType {
        interaction: InteractionId,
        kind: InteractionType,
    },
    /// Say whether an interaction happened.
    Happened {
        interaction: InteractionId,
        happened: bool,
    },
    /// Say who started it.
    Initiated {
        interaction: InteractionId,
        by_other: bool,
    },
    /// The people of an interaction, to add or take off.
    InteractionPeople(InteractionId),
    /// Take a person off an interaction.
    TakeOff {
        interaction: InteractionId,
        person: PersonId,
    },
    /// Delete an interaction (Undo, or Restore on its card, brings it back).
    Delete(InteractionId),
    /// A person's edit menu.
    Edit(PersonId),
    /// Ask for one field of a person.
    EditField { person: PersonId, ask: PersonAsk },
    /// Archive or unarchive a person.
    Archive { person: PersonId, archived: bool },
    /// The ignored addresses and rules, a page at a time.
    Ignored { offset: u32 },
    /// Stop ignoring an address.
    UnignoreEmail(EmailId),
    /// Stop ignoring a rule, named by the fingerprint of its pattern.
    UnignoreRule(u32),
    /// A page of what happened to a person.
    History { person: PersonId, offset: u32 },
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
            Callback::DateChoice {
                pending,
                month_first,
            } => format!("dc:{pending}:{}", u8::from(month_first)),
            Callback::Notes { person, offset } => format!("nt:{person}:{offset}"),
            Callback::Merge { keep, other } => format!("m:{keep}:{other}"),
            Callback::MergeAsk { keep, other } => format!("mq:{keep}:{other}"),
            Callback::NotSame { first, second } => format!("ns:{first}:{second}"),
            Callback::Recent { offset } => format!("r:{offset}"),
            Callback::Tags { offset } => format!("tg:{offset}"),
            Callback::Undo(change) => format!("un:{change}"),
            Callback::Interaction(i) => format!("ic:{i}"),
            Callback::InteractionAsk { interaction, ask } => {
                format!("ia:{interaction}:{}", ask.code())
            }
            Callback::InteractionTypes(i) => format!("iy:{i}"),
            Callback::InteractionType { interaction, kind } => {
                let index = InteractionType::ALL
                    .iter()
                    .position(|k| *k == kind)
                    .unwrap_or(0);
                format!("is:{interaction}:{index}")
            }
            Callback::Happened {
                interaction,
                happened,
            } => format!("ih:{interaction}:{}", u8::from(happened)),
            Callback::Initiated {
                interaction,
                by_other,
            } => format!("ii:{interaction}:{}", u8::from(by_other)),
            Callback::InteractionPeople(i) => format!("ip:{i}"),
            Callback::TakeOff {
                interaction,
                person,
            } => format!("ir:{interaction}:{person}"),
            Callback::Delete(i) => format!("ix:{i}"),
            Callback::Edit(p) => format!("ep:{p}"),
            Callback::EditField { person, ask } => format!("ef:{person}:{}", ask.index()),
            Callback::Archive { person, archived } => {
                format!("ar:{person}:{}", u8::from(archived))
            }
            Callback::Ignored { offset } => format!("ig:{offset}"),
            Callback::UnignoreEmail(e) => format!("ue:{e}"),
            Callback::UnignoreRule(fingerprint) => format!("ur:{fingerprint}"),
            Callback::History { person, offset } => format!("hi:{person}:{offset}"),
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
            "dc" if arity(3) => Callback::DateChoice {
                pending: id(1)?,
                month_first: flag(parts[2])?,
            },
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
            "un" if arity(2) => Callback::Undo(ChangeId(id(1)?)),
            "ic" if arity(2) => Callback::Interaction(InteractionId(id(1)?)),
            "ia" if arity(3) => Callback::InteractionAsk {
                interaction: InteractionId(id(1)?),
                ask: InteractionAsk::from_code(parts[2])?,
            },
            "iy" if arity(2) => Callback::InteractionTypes(InteractionId(id(1)?)),
            "is" if arity(3) => Callback::InteractionType {
                interaction: InteractionId(id(1)?),
                kind: *InteractionType::ALL.get(usize::try_from(number(parts[2])?).ok()?)?,
            },
            "ih" if arity(3) => Callback::Happened {
                interaction: InteractionId(id(1)?),
                happened: flag(parts[2])?,
            },
            "ii" if arity(3) => Callback::Initiated {
                interaction: InteractionId(id(1)?),
                by_other: flag(parts[2])?,
            },
            "ip" if arity(2) => Callback::InteractionPeople(InteractionId(id(1)?)),
            "ir" if arity(3) => Callback::TakeOff {
                interaction: InteractionId(id(1)?),
                person: PersonId(id(2)?),
            },
            "ix" if arity(2) => Callback::Delete(InteractionId(id(1)?)),
            "ep" if arity(2) => Callback::Edit(PersonId(id(1)?)),
            "ef" if arity(3) => Callback::EditField {
                person: PersonId(id(1)?),
                ask: *PersonAsk::ALL.get(usize::try_from(number(parts[2])?).ok()?)?,
            },
            "ar" if arity(3) => Callback::Archive {
                person: PersonId(id(1)?),
                archived: flag(parts[2])?,
            },
            "ig" if arity(2) => Callback::Ignored { offset: offset(1)? },
            "ue" if arity(2) => Callback::UnignoreEmail(EmailId(id(1)?)),
            "ur" if arity(2) => Callback::UnignoreRule(u32::try_from(number(parts[1])?).ok()?),
            "hi" if arity(3) => Callback::History {
                person: PersonId(id(1)?),
                offset: offset(2)?,
            },
            "cancel" if arity(1) => Callback::Cancel,
            _ => return None,
        };
        // Only the canonical spelling is accepted ("p:007" is not "p:7").
        (callback.encode() == data).then_some(callback)
    }
}

/// "0" or "1".
fn flag(text: &str) -> Option<bool> {
    match text {
        "0" => Some(false),
        "1" => Some(true),
        _ => None,
    }
}

/// A plain non-negative decimal number, without signs or spaces.
fn number(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 19 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}
