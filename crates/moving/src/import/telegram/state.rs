//! What reading a Telegram export keeps: the limits it reads within, the counts, the
//! located problems and the owner's chat days (`ExportRead`), and the rule that turns
//! a chat read to its end into days — a personal chat's days on which someone other
//! than the partner (the owner) wrote, every other kind of chat only counted.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;

use kith_domain::telegram::{ChatDay, TelegramUser};

/// How much of an export is read. JSON's lines mean nothing (an export may be pretty or
/// on one line), so what is bounded is what the reader holds: any one string or bare
/// value, how deep values nest, the text of a field kept, a chat's messages.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The longest string (or number) read; a longer one stops the reading. The longest
    /// in a Telegram export is a message's text, at most 4,096 characters.
    pub value_bytes: usize,
    /// The deepest values nest; deeper stops the reading (an export nests about 8 deep).
    pub depth: usize,
    /// The most characters of a field kept (a chat's name, a sender); the rest dropped.
    pub kept_chars: usize,
    /// The most messages of one chat read; the rest are counted and skipped.
    pub chat_messages: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            value_bytes: 1 << 20,
            depth: 64,
            kept_chars: 256,
            chat_messages: 2_000_000,
        }
    }
}

/// What the reading counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportCounts {
    /// Every chat read, whatever its kind.
    pub chats: usize,
    /// Personal chats with someone who still has an account: the ones logged.
    pub personal: usize,
    pub groups: usize,
    pub channels: usize,
    pub bots: usize,
    pub saved: usize,
    /// Personal chats whose partner deleted their account (no name, or "Deleted Account").
    pub deleted: usize,
    /// Chats of a kind kith does not know.
    pub other: usize,
    /// Every message read, service messages included.
    pub messages: usize,
    pub service: usize,
}

/// An export read: the owner's chat days, what was counted, and the located problems
/// with parts that could not be read (each "file, chat, message id: what").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportRead {
    pub days: Vec<ChatDay>,
    pub counts: ExportCounts,
    pub problems: Vec<String>,
}

/// What the reading has found so far, and the chat it is in (for errors).
pub(super) struct State<'a> {
    pub file: &'a str,
    pub zone: Tz,
    pub limits: Limits,
    pub read: ExportRead,
    /// The chat being read (from its name or id on), for errors.
    pub chat: Option<String>,
    /// The last chat read to its end, for an error between chats.
    pub last_chat: Option<String>,
}

/// One chat as it is read: its fields, and who wrote on which day.
#[derive(Default)]
pub(super) struct Chat {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub id: Option<i64>,
    /// An `id` that is not a number, as it was written.
    pub bad_id: Option<String>,
    /// (`from_id`, day) of each message, once each.
    wrote: BTreeSet<(String, NaiveDate)>,
    /// Whether it is a chat at all (it has a type or messages).
    pub seen: bool,
}

impl Chat {
    /// How the chat is named in problems: its name, else its id.
    pub(super) fn label(&self) -> String {
        match (&self.name, self.id) {
            (Some(name), _) => format!("{name:?}"),
            (None, Some(id)) => format!("#{id}"),
            (None, None) => "without a name".to_owned(),
        }
    }

    /// Whether its messages' senders need keeping (a kind not known yet may be personal).
    fn keeps_senders(&self) -> bool {
        self.kind
            .as_deref()
            .is_none_or(|kind| kind == "personal_chat")
    }
}

impl State<'_> {
    /// A chat read to its end: counted by kind; a personal chat's days the owner wrote in
    /// (a message not from the partner, `user{id}`) become `ChatDay`s.
    pub(super) fn finish(&mut self, chat: Chat) {
        let counts = &mut self.read.counts;
        counts.chats += 1;
        match chat.kind.as_deref() {
            Some("personal_chat") => {}
            Some("private_group" | "private_supergroup" | "public_supergroup" | "public_group") => {
                counts.groups += 1;
                return;
            }
            Some("private_channel" | "public_channel" | "channel") => {
                counts.channels += 1;
                return;
            }
            Some("bot_chat") => {
                counts.bots += 1;
                return;
            }
            Some("saved_messages") => {
                counts.saved += 1;
                return;
            }
            _ => {
                counts.other += 1;
                return;
            }
        }
        if let Some(bad) = &chat.bad_id {
            self.read.problems.push(format!(
                "{}, chat {}: its id {bad:?} is not a number; skipped",
                self.file,
                chat.label()
            ));
            counts.other += 1;
            return;
        }
        let name = chat.name.as_deref().map(str::trim).unwrap_or_default();
        if name.is_empty() || name == "Deleted Account" {
            counts.deleted += 1;
            return;
        }
        let Some(id) = chat.id.filter(|id| *id > 0) else {
            self.read.problems.push(format!(
                "{}, chat {}: a personal chat without its partner's id; not imported",
                self.file,
                chat.label()
            ));
            counts.other += 1;
            return;
        };
        counts.personal += 1;
        let partner = partner(id, name);
        let theirs = format!("user{id}");
        let days: BTreeSet<NaiveDate> = chat
            .wrote
            .iter()
            .filter(|(from, _)| *from != theirs)
            .map(|(_, day)| *day)
            .collect();
        self.read.days.extend(days.into_iter().map(|day| ChatDay {
            partner: partner.clone(),
            day,
        }));
    }

    /// One message read: counted; a message (not a service one) with a sender and a
    /// readable time kept as (sender, day), else a located problem.
    pub(super) fn message(&mut self, chat: &mut Chat, message: Message) {
        self.read.counts.messages += 1;
        match message.kind.as_deref() {
            Some("service") => {
                self.read.counts.service += 1;
                return;
            }
            Some("message") => {}
            _ => {
                self.problem(chat, &message, "neither a message nor a service message");
                return;
            }
        }
        if !chat.keeps_senders() {
            return;
        }
        let Some(from) = message.from_id.clone() else {
            self.problem(chat, &message, "no sender (from_id)");
            return;
        };
        let day = message
            .unixtime
            .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
            .map(|at| at.with_timezone(&self.zone).date_naive())
            .or_else(|| message.date.as_deref().and_then(local_day));
        match day {
            Some(day) => {
                chat.wrote.insert((from, day));
            }
            None => self.problem(chat, &message, "no readable time (date_unixtime or date)"),
        }
    }

    /// A chat read to its end: it is the last one read (named in an error after it).
    pub(super) fn finished(&mut self, chat: Chat) {
        self.last_chat = Some(chat.label());
        self.chat = None;
        self.finish(chat);
    }

    fn problem(&mut self, chat: &Chat, message: &Message, what: &str) {
        let id = message
            .id
            .map_or_else(|| "without an id".to_owned(), |id| id.to_string());
        self.read.problems.push(format!(
            "{}, chat {}, message {id}: {what}; skipped",
            self.file,
            chat.label()
        ));
    }
}

/// The day of a message's `date` ("2026-11-28T10:15:02"), for a message without
/// `date_unixtime`. Telegram Desktop writes `date` in the local time of the computer that
/// exported, with no offset; that computer is the owner's, so its zone is, at best
/// knowledge, the owner's own — KITH_TIMEZONE, the zone the days are counted in. Read as
/// a local time there, its day is the date as written, with no conversion; at worst (an
/// export made while travelling) a message near midnight falls on the next or previous
/// day, which is better than losing the day.
fn local_day(date: &str) -> Option<NaiveDate> {
    let date = date.trim();
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(date, format).ok())
        .map(|at| at.date())
}

/// The partner as kith keeps them: their id, and the chat's name split once into a
/// first and a last name.
fn partner(id: i64, name: &str) -> TelegramUser {
    let (first, last) = match name.split_once(char::is_whitespace) {
        Some((first, last)) if !last.trim().is_empty() => {
            (first.to_owned(), Some(last.trim().to_owned()))
        }
        _ => (name.to_owned(), None),
    };
    TelegramUser {
        id,
        first_name: first,
        last_name: last,
        username: None,
    }
}

/// The fields of a message kith reads; everything else (its text, as a string or a list
/// of entities, its media) is skipped unread.
#[derive(Default)]
pub(super) struct Message {
    pub id: Option<i64>,
    pub kind: Option<String>,
    pub unixtime: Option<i64>,
    /// The local time written beside `date_unixtime`, read only without it.
    pub date: Option<String>,
    pub from_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State<'static> {
        State {
            file: "result.json",
            zone: chrono_tz::UTC,
            limits: Limits::default(),
            read: ExportRead::default(),
            chat: None,
            last_chat: None,
        }
    }

    #[test]
    fn a_chat_name_splits_once_into_first_and_last() {
        for (name, first, last) in [
            ("Ana Souza", "Ana", Some("Souza")),
            ("Mary Ann de Vries", "Mary", Some("Ann de Vries")),
            ("Cleo", "Cleo", None),
            ("Zoë  ", "Zoë  ", None),
        ] {
            let user = partner(7, name);
            assert_eq!(
                (user.id, user.first_name.as_str(), user.last_name.as_deref()),
                (7, first, last),
                "{name}"
            );
        }
    }

    #[test]
    fn each_kind_of_chat_is_counted_and_only_a_personal_one_gives_days() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let cases: &[(Option<&str>, &str, Option<i64>, usize)] = &[
            (Some("Ana"), "personal_chat", Some(5), 1),
            (None, "personal_chat", Some(6), 0),
            (Some("Deleted Account"), "personal_chat", Some(7), 0),
            (Some("Nobody"), "personal_chat", None, 0),
            (Some("Crew"), "private_group", Some(8), 0),
            (Some("Crew"), "public_supergroup", Some(9), 0),
            (Some("News"), "private_channel", Some(10), 0),
            (Some("Bot"), "bot_chat", Some(11), 0),
            (None, "saved_messages", Some(12), 0),
            (Some("?"), "replies", Some(13), 0),
        ];
        let mut state = state();
        for (name, kind, id, days) in cases {
            let before = state.read.days.len();
            let mut chat = Chat {
                name: name.map(str::to_owned),
                kind: Some((*kind).to_owned()),
                id: *id,
                ..Chat::default()
            };
            chat.wrote.insert(("user1".to_owned(), day));
            chat.wrote.insert((format!("user{}", id.unwrap_or(0)), day));
            state.finish(chat);
            assert_eq!(state.read.days.len() - before, *days, "{kind} {name:?}");
        }
        let counts = state.read.counts;
        assert_eq!(
            (counts.chats, counts.personal, counts.deleted, counts.groups),
            (10, 1, 2, 2)
        );
        assert_eq!(
            (counts.channels, counts.bots, counts.saved, counts.other),
            (1, 1, 1, 2)
        );
        assert_eq!(
            state.read.problems,
            vec![
                "result.json, chat \"Nobody\": a personal chat without its partner's id; not imported"
            ]
        );
    }

    #[test]
    fn only_the_partners_own_days_are_not_the_owners() {
        let mut state = state();
        let on = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let mut chat = Chat {
            name: Some("Ana Souza".to_owned()),
            kind: Some("personal_chat".to_owned()),
            id: Some(5),
            ..Chat::default()
        };
        for (from, day) in [("user5", 1), ("user1", 2), ("user5", 2), ("user1", 3)] {
            chat.wrote.insert((from.to_owned(), on(day)));
        }
        state.finish(chat);
        let days: Vec<NaiveDate> = state.read.days.iter().map(|d| d.day).collect();
        assert_eq!(days, vec![on(2), on(3)]);
    }
}
