//! The serde visitors that walk a Telegram export once: the root (the whole export or
//! one chat), the chat lists, each chat's fields and its messages, a message's four
//! fields kith reads — everything else skipped unread (`IgnoredAny`), so no text and no
//! whole chat is ever held.

use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::state::{Chat, Message, State};

/// A field read whatever it holds: a string or a number kept, anything else skipped.
#[derive(Default)]
struct Loose {
    text: Option<String>,
    number: Option<i64>,
}

impl Loose {
    fn number(self) -> Option<i64> {
        self.number
            .or_else(|| self.text.and_then(|text| text.trim().parse().ok()))
    }

    fn text(self) -> Option<String> {
        self.text.or_else(|| self.number.map(|n| n.to_string()))
    }

    /// Its text, kept to its first `chars` characters (a name is at most 128).
    fn kept(self, chars: usize) -> Option<String> {
        self.text().map(|text| keep(text, chars))
    }
}

/// `text`'s first `chars` characters, "…" after them if there were more.
fn keep(text: String, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Loose, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_str<E>(self, text: &str) -> Result<Loose, E> {
        Ok(Loose {
            text: Some(text.to_owned()),
            number: None,
        })
    }
    fn visit_i64<E>(self, number: i64) -> Result<Loose, E> {
        Ok(Loose {
            text: None,
            number: Some(number),
        })
    }
    fn visit_u64<E>(self, number: u64) -> Result<Loose, E> {
        Ok(Loose {
            text: None,
            number: i64::try_from(number).ok(),
        })
    }
    fn visit_f64<E>(self, _: f64) -> Result<Loose, E> {
        Ok(Loose::default())
    }
    fn visit_bool<E>(self, _: bool) -> Result<Loose, E> {
        Ok(Loose::default())
    }
    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::default())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::default())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose::default())
    }
}

/// The root object: the whole export (`chats`, `left_chats`) or one chat. `true` when
/// it was either.
pub(super) struct Root<'s, 'a> {
    pub state: &'s mut State<'a>,
}

impl<'de> DeserializeSeed<'de> for Root<'_, '_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Root<'_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Telegram export (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut whole = false;
        let mut chat = Chat::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "chats" | "left_chats" => {
                    whole = true;
                    map.next_value_seed(ChatList {
                        state: &mut *self.state,
                    })?;
                }
                _ => chat_field(self.state, &mut chat, &key, &mut map)?,
            }
        }
        let one_chat = chat.seen;
        if one_chat {
            self.state.finished(chat);
        }
        Ok(whole || one_chat)
    }
}

/// One field of a chat object (at the root of a one-chat export, or in a list). From
/// its name or id on, the chat is the one an error names.
fn chat_field<'de, A: MapAccess<'de>>(
    state: &mut State,
    chat: &mut Chat,
    key: &str,
    map: &mut A,
) -> Result<(), A::Error> {
    let kept = state.limits.kept_chars;
    match key {
        "name" => {
            chat.name = map.next_value::<Loose>()?.kept(kept);
            state.chat = Some(chat.label());
        }
        "type" => {
            chat.kind = map.next_value::<Loose>()?.kept(kept);
            chat.seen = true;
        }
        "id" => {
            let id = map.next_value::<Loose>()?;
            let written = id.text.clone();
            chat.id = id.number();
            if chat.id.is_none() {
                chat.bad_id = written.map(|text| keep(text, kept));
            }
            state.chat = Some(chat.label());
        }
        "messages" => {
            chat.seen = true;
            state.chat = Some(chat.label());
            map.next_value_seed(Messages { state, chat })?;
        }
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
    Ok(())
}

/// `{"about": …, "list": [chat, …]}`.
struct ChatList<'s, 'a> {
    state: &'s mut State<'a>,
}

impl<'de> DeserializeSeed<'de> for ChatList<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ChatList<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the chats (an object with a \"list\")")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "list" {
                map.next_value_seed(Chats {
                    state: &mut *self.state,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// `[chat, …]`: each chat read and finished in turn.
struct Chats<'s, 'a> {
    state: &'s mut State<'a>,
}

impl<'de> DeserializeSeed<'de> for Chats<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Chats<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of chats")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(OneChat {
                state: &mut *self.state,
            })?
            .is_some()
        {}
        Ok(())
    }
}

/// One chat of a list.
struct OneChat<'s, 'a> {
    state: &'s mut State<'a>,
}

impl<'de> DeserializeSeed<'de> for OneChat<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for OneChat<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a chat (an object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut chat = Chat::default();
        while let Some(key) = map.next_key::<String>()? {
            chat_field(self.state, &mut chat, &key, &mut map)?;
        }
        self.state.finished(chat);
        Ok(())
    }
}

/// `[message, …]` of one chat: read up to the limit, the rest counted and skipped.
struct Messages<'s, 'c, 'a> {
    state: &'s mut State<'a>,
    chat: &'c mut Chat,
}

impl<'de> DeserializeSeed<'de> for Messages<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Messages<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut read = 0;
        while read < self.state.limits.chat_messages {
            let fields = MessageVisitor {
                kept: self.state.limits.kept_chars,
            };
            match seq.next_element_seed(fields)? {
                Some(MessageFields(message)) => self.state.message(self.chat, message),
                None => return Ok(()),
            }
            read += 1;
        }
        let mut skipped = 0usize;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            skipped += 1;
        }
        if skipped > 0 {
            self.state.read.counts.messages += skipped;
            self.state.read.problems.push(format!(
                "{}, chat {}: only its first {} messages were read (the most one chat may have); {skipped} more were skipped",
                self.state.file,
                self.chat.label(),
                self.state.limits.chat_messages
            ));
        }
        Ok(())
    }
}

/// A message's fields kith reads (`id`, `type`, `date_unixtime`, `date`, `from_id`), each
/// kept to `kept` characters; anything that is not an object is a message with none.
struct MessageFields(Message);

struct MessageVisitor {
    kept: usize,
}

impl<'de> DeserializeSeed<'de> for MessageVisitor {
    type Value = MessageFields;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<MessageFields, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MessageVisitor {
    type Value = MessageFields;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a message (an object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MessageFields, A::Error> {
        let mut message = Message::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "id" => message.id = map.next_value::<Loose>()?.number(),
                "type" => message.kind = map.next_value::<Loose>()?.kept(self.kept),
                "date_unixtime" => message.unixtime = map.next_value::<Loose>()?.number(),
                "date" => message.date = map.next_value::<Loose>()?.kept(self.kept),
                "from_id" => message.from_id = map.next_value::<Loose>()?.kept(self.kept),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(MessageFields(message))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<MessageFields, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(MessageFields(Message::default()))
    }

    fn visit_str<E>(self, _: &str) -> Result<MessageFields, E> {
        Ok(MessageFields(Message::default()))
    }
    fn visit_i64<E>(self, _: i64) -> Result<MessageFields, E> {
        Ok(MessageFields(Message::default()))
    }
    fn visit_u64<E>(self, _: u64) -> Result<MessageFields, E> {
        Ok(MessageFields(Message::default()))
    }
    fn visit_f64<E>(self, _: f64) -> Result<MessageFields, E> {
        Ok(MessageFields(Message::default()))
    }
    fn visit_bool<E>(self, _: bool) -> Result<MessageFields, E> {
        Ok(MessageFields(Message::default()))
    }
    fn visit_unit<E>(self) -> Result<MessageFields, E> {
        Ok(MessageFields(Message::default()))
    }
}
