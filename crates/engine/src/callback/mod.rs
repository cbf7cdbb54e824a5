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

use chrono::{Months, NaiveDate};

use kith_domain::intention::{DateId, FollowUp, FollowUpId, TopicId};
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
    Telegram,
}

impl PersonAsk {
    /// In the order the **Edit ▸** menu shows them; a field's place is its encoding, so
    /// a new one goes last.
    pub const ALL: [PersonAsk; 13] = [
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
        PersonAsk::Telegram,
    ];

    fn index(self) -> usize {
        Self::ALL.iter().position(|a| *a == self).unwrap_or(0)
    }
}

/// How much later: the quick choices of **Remind ▸**, **Snooze** and **Not now**, and
/// "a date…", which asks for one to be typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Later {
    Day,
    Week,
    TwoWeeks,
    Month,
    ThreeMonths,
    Pick,
}

impl Later {
    pub(crate) const CODES: [(Later, &'static str, &'static str); 6] = [
        (Later::Day, "1d", "1 day"),
        (Later::Week, "1w", "1 week"),
        (Later::TwoWeeks, "2w", "2 weeks"),
        (Later::Month, "1m", "1 month"),
        (Later::ThreeMonths, "3m", "3 months"),
        (Later::Pick, "p", "A date…"),
    ];

    pub(crate) fn code(self) -> &'static str {
        Self::CODES
            .iter()
            .find(|(l, ..)| *l == self)
            .map_or("p", |(_, c, _)| c)
    }

    pub(crate) fn from_code(code: &str) -> Option<Later> {
        Self::CODES
            .iter()
            .find(|(_, c, _)| *c == code)
            .map(|(l, ..)| *l)
    }

    /// The button's words: "1 week", "A date…".
    pub fn label(self) -> &'static str {
        Self::CODES
            .iter()
            .find(|(l, ..)| *l == self)
            .map_or("", |(.., label)| label)
    }

    /// The day this far after `today`; `None` for `Pick` (a date is asked for).
    pub fn after(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            Later::Day => today.succ_opt(),
            Later::Week => today.checked_add_days(chrono::Days::new(7)),
            Later::TwoWeeks => today.checked_add_days(chrono::Days::new(14)),
            Later::Month => today.checked_add_months(Months::new(1)),
            Later::ThreeMonths => today.checked_add_months(Months::new(3)),
            Later::Pick => None,
        }
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
    /// A person's **Remind ▸**: the quick choices for a follow-up.
    "rm" => RemindMenu(person: PersonId),
    /// Set a follow-up on a person this much later (`Pick` asks for a date).
    "ri" => RemindIn { person: PersonId, later: Later },
    /// A follow-up is done for the occurrence due on `due` (a repeating one moves on to
    /// its next date; a press for an occurrence already done changes nothing).
    "rd" => FollowUpDone { follow_up: FollowUpId, due: NaiveDate },
    /// After a log: the follow-up due on `due` stays open.
    "rk" => FollowUpKeep { follow_up: FollowUpId, due: NaiveDate },
    /// A follow-up's **Snooze**: the quick choices.
    "rz" => SnoozeMenu(follow_up: FollowUpId),
    /// Push a follow-up that came up on `on` back this much, counted from the later of
    /// today and `on` (`Pick` asks for a date); a press once it comes up on another day
    /// changes nothing.
    "rs" => SnoozeFollowUp { follow_up: FollowUpId, on: NaiveDate, later: Later },
    /// A page of the open follow-ups.
    "rl" => FollowUps { offset: u32 },
    /// **Not now** on someone overdue: the quick choices.
    "nn" => NotNow(person: PersonId),
    /// Leave someone out of /stale and the digest this much longer.
    "pz" => SnoozePerson { person: PersonId, later: Later },
    /// **See less often**: the person's cadence doubled from the one it was when the
    /// button was shown (`from_days`); a press once it is no longer that changes nothing.
    "ls" => SeeLessOften { person: PersonId, from_days: u32 },
    /// A page of the people snoozed.
    "sz" => Snoozed { offset: u32 },
    /// Bring a snoozed person back into /stale and the digest now.
    "uz" => Unsnooze(person: PersonId),
    /// A topic was brought up: it is done.
    "td" => TopicDone(topic: TopicId),
    /// Remove this important date (asked when two of a person's share a label); the
    /// question is a pending action, so one answer expires its other buttons.
    "dr" => RemoveDate { pending: Pending, date: DateId },
    /// Drop whatever the chat was waiting for.
    "cancel" => Cancel,
    /// Log the messages a forward's proposal is about (`note`: with their text as the
    /// note); also its **Log anyway**.
    "fwl" => ForwardLog { pending: Pending, note: bool },
    /// The person a forward's proposal is with, picked among those offered.
    "fwp" => ForwardPerson { pending: Pending, person: PersonId },
    /// Create the person a forward's proposal offers (made on **Log**).
    "fwc" => ForwardCreate { pending: Pending },
    /// **Someone else…**: ask who a forward's proposal is with.
    "fwo" => ForwardOther { pending: Pending },
    /// Cancel one proposal (a forward's or a free text's); the others stay open.
    "fwx" => DropProposal { pending: Pending },
    /// Log what a free-text proposal reads.
    "ftl" => FreeLog { pending: Pending },
    /// The /log line a free-text proposal stands for, to change and send.
    "fte" => FreeEdit { pending: Pending },
    /// Who a name in a free-text message means, picked among those offered.
    "ftp" => FreePerson { pending: Pending, person: PersonId },
    /// Which way round a date in a free-text message was meant.
    "ftd" => FreeDate { pending: Pending, month_first: bool },
    /// A page of the Telegram chat partners waiting for a person (`/telegram`).
    "tpp" => Partners { offset: u32 },
    /// Start linking a Telegram chat partner: suggestions, or type a name.
    "tpl" => PartnerLinkStart(partner: i64),
    /// A Telegram chat partner is this person: their waiting chat days are logged.
    "tpt" => PartnerLinkTo { partner: i64, person: PersonId },
    /// Create a person from a Telegram chat partner (names, id, username; days logged).
    "tpc" => PartnerCreate(partner: i64),
    /// A Telegram chat partner is no one to keep: their chats are never logged.
    "tpx" => PartnerIgnore(partner: i64),
    /// A page of what the owner wrote that a /find matched (the query is the pending
    /// action's; a page keeps it, so every page of one search reads the same words).
    "sw" => WritingPage { pending: Pending, offset: u32 },
    /// A page of the address book's open questions (`/addressbook`).
    "abq" => CardQuestions { offset: u32 },
    /// A conflict: kith's value stays and goes to the card at the next sync.
    "abk" => CardKeepKith(question: i64),
    /// A conflict: the card's value is taken into kith.
    "abt" => CardTakeCard(question: i64),
    /// A card removed from the address book: archive its person in kith.
    "aba" => CardArchive(question: i64),
    /// A card removed from the address book: write it again at the next sync.
    "abp" => CardPutBack(question: i64),
    /// A card removed from the address book: the person stays in kith only.
    "abo" => CardKithOnly(question: i64),
    /// A person gone from kith: delete their card at the next sync.
    "abd" => CardDelete(question: i64),
    /// A person gone from kith: the card stays, left alone.
    "abc" => CardKeep(question: i64),
    /// Every active person without a card gets one at the next sync.
    "abn" => CardAddAll,
    /// A page of the people without a card, each to add or keep out.
    "abl" => CardChoose { offset: u32 },
    /// This person gets a card at the next sync.
    "aby" => CardAdd(person: PersonId),
    /// This person is never written to the address book.
    "abx" => CardKeepOut(person: PersonId),
}

impl Callback {
    /// A follow-up's **Done**, for the occurrence due now: pressed again once that is
    /// done, it changes nothing.
    pub fn done(follow_up: &FollowUp) -> Callback {
        Callback::FollowUpDone {
            follow_up: follow_up.id,
            due: follow_up.due_on,
        }
    }

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

mod parts;
#[cfg(test)]
mod tests;
