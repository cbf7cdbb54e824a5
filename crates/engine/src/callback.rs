//! Every button kith shows is one `Callback`, encoded compactly (always ≤ 64 bytes, as
//! Telegram requires) and decoded strictly: anything that is not exactly an encoding of a
//! variant decodes to `None`, which the engine answers with "This button has expired".
//!
//! Each kind is declared once, in the `callbacks!` list below: its code, its variant and
//! its parts in order. The enum, `encode`, `decode` and `DECLARED` (the grammar the fuzz
//! test generates from) all come from that one list. An encoding is the code, then each
//! part after a colon ("i:12:10"); every part is a `Part`, which writes itself one way
//! and reads back only that spelling. The encodings are what buttons already sent in
//! chats carry, so a declared code or a part's spelling never changes.

use std::fmt::Write as _;

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

/// One kind of callback as the grammar sees it: its code and what each part looks like.
#[derive(Clone, Copy, Debug)]
pub struct Declared {
    pub code: &'static str,
    /// For each part, in order, a regular expression of text shaped like it (valid values
    /// and near misses: zeros, signs, out of range), for generating data to decode.
    pub parts: &'static [&'static str],
}

/// One piece of an encoding between colons: written one way, read back only that way.
pub trait Part: Sized {
    /// A regular expression of text shaped like this part (see `Declared::parts`).
    const SHAPE: &'static str;
    fn write(&self, out: &mut String);
    fn read(text: &str) -> Option<Self>;
}

/// Declares every callback once: `"code" => Variant(field: Part)` or
/// `"code" => Variant { field: Part, … }` or `"code" => Variant`.
macro_rules! callbacks {
    ($(
        $(#[$attr:meta])*
        $code:literal => $variant:ident
            $( ( $tname:ident : $tty:ty ) )?
            $( { $( $sname:ident : $sty:ty ),* $(,)? } )?
    ),* $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Callback {
            $(
                $(#[$attr])*
                $variant $( ( $tty ) )? $( { $( $sname: $sty ),* } )?,
            )*
        }

        /// Every kind of callback, in declaration order.
        pub const DECLARED: &[Declared] = &[
            $(
                Declared {
                    code: $code,
                    parts: &[
                        $( <$tty as Part>::SHAPE, )?
                        $( $( <$sty as Part>::SHAPE, )* )?
                    ],
                },
            )*
        ];

        impl Callback {
            /// The code and parts, as a button sends them.
            pub fn encode(self) -> String {
                let mut data = String::new();
                match self {
                    $(
                        Callback::$variant $( ( $tname ) )? $( { $( $sname ),* } )? => {
                            data.push_str($code);
                            $( push_part(&mut data, &$tname); )?
                            $( $( push_part(&mut data, &$sname); )* )?
                        }
                    )*
                }
                debug_assert!(data.len() <= MAX_CALLBACK_BYTES);
                data
            }

            /// The callback of `code` read from exactly `parts`, or `None`.
            fn from_parts(code: &str, parts: &[&str]) -> Option<Callback> {
                let mut parts = parts.iter().copied();
                let callback = match code {
                    $(
                        $code => Callback::$variant
                            $( ( <$tty as Part>::read(parts.next()?)? ) )?
                            $( { $( $sname: <$sty as Part>::read(parts.next()?)? ),* } )?,
                    )*
                    _ => return None,
                };
                parts.next().is_none().then_some(callback)
            }
        }
    };
}

fn push_part(data: &mut String, part: &impl Part) {
    data.push(':');
    part.write(data);
}

callbacks! {
    /// Show a person's card.
    "p" => Person(person: PersonId),
    /// Show an organization's card.
    "o" => Organization(organization: OrganizationId),
    /// A page of a person's interactions.
    "i" => Interactions { person: PersonId, offset: u32 },
    /// Ask what happened, then log it with this person.
    "l" => LogFor(person: PersonId),
    /// Ask for a note, then add it to this person.
    "n" => NoteFor(person: PersonId),
    /// Offer the tiers for this person.
    "et" => EditTier(person: PersonId),
    /// Set (or clear, with `None`) a person's tier.
    "t" => SetTier { person: PersonId, tier: Option<Tier> },
    /// A page of overdue people.
    "s" => Stale { key: StaleKey, offset: u32 },
    /// A page of unknown attendees.
    "u" => Unknown { offset: u32 },
    /// Start linking an unknown address: suggestions, or type a name.
    "lk" => LinkStart(email: EmailId),
    /// Link an address to a person.
    "lt" => LinkTo { email: EmailId, person: PersonId },
    /// Create a person from an unknown address and link it.
    "c" => Create(email: EmailId),
    /// Mark an address as not a person.
    "x" => Ignore(email: EmailId),
    /// Ignore every address at this address's domain.
    "xd" => IgnoreDomain(email: EmailId),
    /// Pick a candidate for a pending, ambiguous action.
    "ch" => Choose { pending: Pending, person: PersonId },
    /// Log a meeting that looks already logged, all the same.
    "la" => LogAnyway { pending: Pending },
    /// Which way round a date like 3/5 was meant, for a pending log.
    "dc" => DateChoice { pending: Pending, month_first: bool },
    /// A page of a person's notes, from this character on.
    "nt" => Notes { person: PersonId, offset: u32 },
    /// Merge `other` into `keep` (after the confirmation question).
    "m" => Merge { keep: PersonId, other: PersonId },
    /// Ask to merge a suggested duplicate `other` into `keep`.
    "mq" => MergeAsk { keep: PersonId, other: PersonId },
    /// Two people suggested as duplicates are different people.
    "ns" => NotSame { first: PersonId, second: PersonId },
    /// A page of recent interactions.
    "r" => Recent { offset: u32 },
    /// A page of the tag list.
    "tg" => Tags { offset: u32 },
    /// Take back a recorded change.
    "un" => Undo(change: ChangeId),
    /// Show an interaction's card.
    "ic" => Interaction(interaction: InteractionId),
    /// Ask for a value for an interaction (a date, a title, a note, a person).
    "ia" => InteractionAsk { interaction: InteractionId, ask: InteractionAsk },
    /// Offer the types for an interaction.
    "iy" => InteractionTypes(interaction: InteractionId),
    /// Set an interaction's type.
    "is" => InteractionType { interaction: InteractionId, kind: InteractionType },
    /// Say whether an interaction happened.
    "ih" => Happened { interaction: InteractionId, happened: bool },
    /// Say who started it.
    "ii" => Initiated { interaction: InteractionId, by_other: bool },
    /// The people of an interaction, to add or take off.
    "ip" => InteractionPeople(interaction: InteractionId),
    /// Take a person off an interaction.
    "ir" => TakeOff { interaction: InteractionId, person: PersonId },
    /// Delete an interaction (Undo, or Restore on its card, brings it back).
    "ix" => Delete(interaction: InteractionId),
    /// A person's edit menu.
    "ep" => Edit(person: PersonId),
    /// Ask for one field of a person.
    "ef" => EditField { person: PersonId, ask: PersonAsk },
    /// Archive or unarchive a person.
    "ar" => Archive { person: PersonId, archived: bool },
    /// The ignored addresses and rules, a page at a time.
    "ig" => Ignored { offset: u32 },
    /// Stop ignoring an address.
    "ue" => UnignoreEmail(email: EmailId),
    /// Stop ignoring a rule, named by the fingerprint of its pattern.
    "ur" => UnignoreRule(fingerprint: u32),
    /// A page of what happened to a person.
    "hi" => History { person: PersonId, offset: u32 },
    /// Drop whatever the chat was waiting for.
    "cancel" => Cancel,
}

impl Callback {
    /// The callback that `data` encodes, or `None` for anything else.
    pub fn decode(data: &str) -> Option<Callback> {
        if data.len() > MAX_CALLBACK_BYTES {
            return None;
        }
        let mut parts = data.split(':');
        let code = parts.next()?;
        let parts: Vec<&str> = parts.collect();
        let callback = Callback::from_parts(code, &parts)?;
        // Only the canonical spelling is accepted ("p:007" is not "p:7").
        (callback.encode() == data).then_some(callback)
    }
}

/// A pending action's id (a "Which … do you mean?" or "Log anyway" question).
pub type Pending = i64;

/// A row id: a positive number.
macro_rules! id_parts {
    ($($id:ty),*) => {$(
        impl Part for $id {
            const SHAPE: &'static str = ID_SHAPE;
            fn write(&self, out: &mut String) {
                let _ = write!(out, "{}", self.0);
            }
            fn read(text: &str) -> Option<Self> {
                positive(text).map(Self)
            }
        }
    )*};
}

const ID_SHAPE: &str = "([1-9][0-9]{0,19}|0[0-9]{0,2}|[-+0-9a-z]{0,21})";

id_parts!(PersonId, OrganizationId, EmailId, ChangeId, InteractionId);

impl Part for Pending {
    const SHAPE: &'static str = ID_SHAPE;
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
    fn read(text: &str) -> Option<Self> {
        positive(text)
    }
}

/// An offset into a list, or a rule's fingerprint: 0 to `u32::MAX`.
impl Part for u32 {
    const SHAPE: &'static str = "([0-9]{1,10}|[-+0-9a-z]{0,12})";
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
    fn read(text: &str) -> Option<Self> {
        u32::try_from(number(text)?).ok()
    }
}

/// "0" or "1".
impl Part for bool {
    const SHAPE: &'static str = "[0-2a]?";
    fn write(&self, out: &mut String) {
        out.push(if *self { '1' } else { '0' });
    }
    fn read(text: &str) -> Option<Self> {
        match text {
            "0" => Some(false),
            "1" => Some(true),
            _ => None,
        }
    }
}

/// A tier's number, or 0 for none.
impl Part for Option<Tier> {
    const SHAPE: &'static str = "[0-9]{1,3}";
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{}", self.map_or(0, Tier::number));
    }
    fn read(text: &str) -> Option<Self> {
        match number(text)? {
            0 => Some(None),
            n => Tier::new(n).ok().map(Some),
        }
    }
}

/// "a" for everyone, or g (tag), r (tier) or o (organization) and its number.
impl Part for StaleKey {
    const SHAPE: &'static str = "(a|[grox][0-9]{0,20})";
    fn write(&self, out: &mut String) {
        let _ = match self {
            StaleKey::All => write!(out, "a"),
            StaleKey::Tag(tag) => write!(out, "g{tag}"),
            StaleKey::Tier(tier) => write!(out, "r{}", tier.number()),
            StaleKey::Organization(organization) => write!(out, "o{organization}"),
        };
    }
    fn read(text: &str) -> Option<Self> {
        if text == "a" {
            return Some(StaleKey::All);
        }
        let (kind, rest) = text.split_at_checked(1)?;
        let n = positive(rest)?;
        match kind {
            "g" => Some(StaleKey::Tag(TagId(n))),
            "r" => Some(StaleKey::Tier(Tier::new(n).ok()?)),
            "o" => Some(StaleKey::Organization(OrganizationId(n))),
            _ => None,
        }
    }
}

/// The ask's letter.
impl Part for InteractionAsk {
    const SHAPE: &'static str = "[a-z]{0,2}";
    fn write(&self, out: &mut String) {
        out.push_str(self.code());
    }
    fn read(text: &str) -> Option<Self> {
        InteractionAsk::from_code(text)
    }
}

/// The type's place in `InteractionType::ALL`.
impl Part for InteractionType {
    const SHAPE: &'static str = "[0-9]{1,3}";
    fn write(&self, out: &mut String) {
        let index = InteractionType::ALL
            .iter()
            .position(|k| k == self)
            .unwrap_or(0);
        let _ = write!(out, "{index}");
    }
    fn read(text: &str) -> Option<Self> {
        InteractionType::ALL
            .get(usize::try_from(number(text)?).ok()?)
            .copied()
    }
}

/// The field's place in `PersonAsk::ALL`.
impl Part for PersonAsk {
    const SHAPE: &'static str = "[0-9]{1,3}";
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{}", self.index());
    }
    fn read(text: &str) -> Option<Self> {
        PersonAsk::ALL
            .get(usize::try_from(number(text)?).ok()?)
            .copied()
    }
}

/// A plain positive decimal number.
fn positive(text: &str) -> Option<i64> {
    number(text).filter(|n| *n > 0)
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

    /// Buttons already sent in chats keep working: these spellings never change.
    #[test]
    fn encodings_stay_byte_identical() {
        let (p, q, e, i) = (PersonId(12), PersonId(7), EmailId(5), InteractionId(9));
        let tier = Tier::new(3).unwrap();
        let cases = [
            (Callback::Person(p), "p:12"),
            (Callback::Organization(OrganizationId(4)), "o:4"),
            (
                Callback::Interactions {
                    person: p,
                    offset: 10,
                },
                "i:12:10",
            ),
            (Callback::LogFor(p), "l:12"),
            (Callback::NoteFor(p), "n:12"),
            (Callback::EditTier(p), "et:12"),
            (
                Callback::SetTier {
                    person: p,
                    tier: Some(tier),
                },
                "t:12:3",
            ),
            (
                Callback::SetTier {
                    person: p,
                    tier: None,
                },
                "t:12:0",
            ),
            (
                Callback::Stale {
                    key: StaleKey::All,
                    offset: 0,
                },
                "s:a:0",
            ),
            (
                Callback::Stale {
                    key: StaleKey::Tag(TagId(2)),
                    offset: 10,
                },
                "s:g2:10",
            ),
            (
                Callback::Stale {
                    key: StaleKey::Tier(tier),
                    offset: 0,
                },
                "s:r3:0",
            ),
            (
                Callback::Stale {
                    key: StaleKey::Organization(OrganizationId(8)),
                    offset: 20,
                },
                "s:o8:20",
            ),
            (Callback::Unknown { offset: 30 }, "u:30"),
            (Callback::LinkStart(e), "lk:5"),
            (
                Callback::LinkTo {
                    email: e,
                    person: p,
                },
                "lt:5:12",
            ),
            (Callback::Create(e), "c:5"),
            (Callback::Ignore(e), "x:5"),
            (Callback::IgnoreDomain(e), "xd:5"),
            (
                Callback::Choose {
                    pending: 3,
                    person: p,
                },
                "ch:3:12",
            ),
            (Callback::LogAnyway { pending: 3 }, "la:3"),
            (
                Callback::DateChoice {
                    pending: 3,
                    month_first: true,
                },
                "dc:3:1",
            ),
            (
                Callback::DateChoice {
                    pending: 3,
                    month_first: false,
                },
                "dc:3:0",
            ),
            (
                Callback::Notes {
                    person: p,
                    offset: 400,
                },
                "nt:12:400",
            ),
            (Callback::Merge { keep: p, other: q }, "m:12:7"),
            (Callback::MergeAsk { keep: p, other: q }, "mq:12:7"),
            (
                Callback::NotSame {
                    first: p,
                    second: q,
                },
                "ns:12:7",
            ),
            (Callback::Recent { offset: 10 }, "r:10"),
            (Callback::Tags { offset: 10 }, "tg:10"),
            (Callback::Undo(ChangeId(44)), "un:44"),
            (Callback::Interaction(i), "ic:9"),
            (
                Callback::InteractionAsk {
                    interaction: i,
                    ask: InteractionAsk::Date,
                },
                "ia:9:d",
            ),
            (
                Callback::InteractionAsk {
                    interaction: i,
                    ask: InteractionAsk::Title,
                },
                "ia:9:t",
            ),
            (
                Callback::InteractionAsk {
                    interaction: i,
                    ask: InteractionAsk::AddNote,
                },
                "ia:9:n",
            ),
            (
                Callback::InteractionAsk {
                    interaction: i,
                    ask: InteractionAsk::ReplaceNotes,
                },
                "ia:9:r",
            ),
            (
                Callback::InteractionAsk {
                    interaction: i,
                    ask: InteractionAsk::AddPerson,
                },
                "ia:9:p",
            ),
            (Callback::InteractionTypes(i), "iy:9"),
            (
                Callback::InteractionType {
                    interaction: i,
                    kind: InteractionType::ALL[0],
                },
                "is:9:0",
            ),
            (
                Callback::InteractionType {
                    interaction: i,
                    kind: InteractionType::ALL[10],
                },
                "is:9:10",
            ),
            (
                Callback::Happened {
                    interaction: i,
                    happened: false,
                },
                "ih:9:0",
            ),
            (
                Callback::Initiated {
                    interaction: i,
                    by_other: true,
                },
                "ii:9:1",
            ),
            (Callback::InteractionPeople(i), "ip:9"),
            (
                Callback::TakeOff {
                    interaction: i,
                    person: p,
                },
                "ir:9:12",
            ),
            (Callback::Delete(i), "ix:9"),
            (Callback::Edit(p), "ep:12"),
            (
                Callback::EditField {
                    person: p,
                    ask: PersonAsk::Name,
                },
                "ef:12:0",
            ),
            (
                Callback::EditField {
                    person: p,
                    ask: PersonAsk::Birthday,
                },
                "ef:12:11",
            ),
            (
                Callback::Archive {
                    person: p,
                    archived: true,
                },
                "ar:12:1",
            ),
            (Callback::Ignored { offset: 0 }, "ig:0"),
            (Callback::UnignoreEmail(e), "ue:5"),
            (Callback::UnignoreRule(u32::MAX), "ur:4294967295"),
            (
                Callback::History {
                    person: p,
                    offset: 10,
                },
                "hi:12:10",
            ),
            (Callback::Cancel, "cancel"),
        ];
        for (callback, data) in cases {
            assert_eq!(callback.encode(), data);
            assert_eq!(Callback::decode(data), Some(callback), "{data}");
        }
    }

    #[test]
    fn every_code_is_declared_once() {
        let mut codes: Vec<&str> = DECLARED.iter().map(|d| d.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), DECLARED.len());
    }
}
