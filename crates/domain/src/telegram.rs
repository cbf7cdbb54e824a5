//! Telegram as kith sees it: a person's Telegram identity, who a forwarded message came
//! from, a shared contact, one day of the owner's chat with someone, and the key that day
//! is logged under. Plain data and pure rules; the transport fills them from the Bot API
//! and the export reader from a file.

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::Refusal;

/// A Telegram user: the id Telegram gives them (never reused) and what they show.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TelegramUser {
    pub id: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    /// Without the `@`.
    pub username: Option<String>,
}

impl TelegramUser {
    /// "Ana Souza", or "@ana" when they show no name.
    pub fn shown_name(&self) -> String {
        let name = format!(
            "{} {}",
            self.first_name.trim(),
            self.last_name.as_deref().unwrap_or_default().trim()
        );
        let name = name.trim();
        match (&self.username, name.is_empty()) {
            (Some(username), true) => format!("@{username}"),
            (None, true) => format!("Telegram user {}", self.id),
            _ => name.to_owned(),
        }
    }
}

/// A username as the owner or Telegram writes it (`@ana_souza`, `ana_souza`,
/// `https://t.me/ana_souza`), without the `@`: 5 to 32 letters, digits and underscores,
/// starting with a letter. Anything else is refused with the reason.
pub fn username(text: &str) -> Result<String, Refusal> {
    let trimmed = text.trim();
    let bare = trimmed
        .strip_prefix("https://t.me/")
        .or_else(|| trimmed.strip_prefix("http://t.me/"))
        .or_else(|| trimmed.strip_prefix("t.me/"))
        .unwrap_or(trimmed);
    let bare = bare.strip_prefix('@').unwrap_or(bare);
    let plausible = (5..=32).contains(&bare.len())
        && bare.starts_with(|c: char| c.is_ascii_alphabetic())
        && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plausible {
        Ok(bare.to_owned())
    } else {
        Err(Refusal::InvalidValue {
            field: "telegram",
            value: trimmed.to_owned(),
            expected: "a Telegram username such as @ana_souza (5 to 32 letters, digits or _)",
        })
    }
}

/// A Telegram account as files write it, `(id, username)`: `@name`, `t.me/name`,
/// `tg://resolve?domain=name`, `tg://user?id=123`, a bare id `123`, or kith's own CSV
/// cell `@name (123)`. `None` when it is none of these.
pub fn account(text: &str) -> Option<(Option<i64>, Option<String>)> {
    let text = text.trim();
    let id_of = |digits: &str| digits.trim().parse::<i64>().ok().filter(|id| *id > 0);
    if let Some(id) = text.strip_prefix("tg://user?id=").and_then(id_of) {
        return Some((Some(id), None));
    }
    if let Some(name) = text.strip_prefix("tg://resolve?domain=") {
        let name = name.split('&').next().unwrap_or_default();
        return username(name).ok().map(|name| (None, Some(name)));
    }
    if let Some(id) = id_of(text) {
        return Some((Some(id), None));
    }
    if let Some((name, rest)) = text.split_once(" (")
        && let Some(id) = rest.strip_suffix(')').and_then(id_of)
    {
        return username(name).ok().map(|name| (Some(id), Some(name)));
    }
    username(text).ok().map(|name| (None, Some(name)))
}

/// An account as kith's CSV writes it: `@name`, `@name (123)`, or `123`.
pub fn account_cell(id: Option<i64>, username: Option<&str>) -> String {
    match (username, id) {
        (Some(name), Some(id)) => format!("@{name} ({id})"),
        (Some(name), None) => format!("@{name}"),
        (None, Some(id)) => id.to_string(),
        (None, None) => String::new(),
    }
}

/// The link that opens a chat with someone: their public username's `https://t.me/` page
/// when known (it works whatever their privacy settings), else `tg://user?id=`.
pub fn open_chat_url(id: Option<i64>, username: Option<&str>) -> Option<String> {
    match (username, id) {
        (Some(username), _) => Some(format!("https://t.me/{username}")),
        (None, Some(id)) => Some(format!("tg://user?id={id}")),
        (None, None) => None,
    }
}

/// Where a forwarded message came from (`forward_origin`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ForwardOrigin {
    /// A user whose account can be linked to.
    User(TelegramUser),
    /// A bot's message (`is_bot`): not a person, never one to create.
    Bot(TelegramUser),
    /// A user who hides their account: only the name they show.
    HiddenUser(String),
    /// A group or supergroup (the message was sent on its behalf).
    Chat { title: String },
    /// A channel's post.
    Channel { title: String },
}

/// One message forwarded to the bot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forward {
    pub origin: ForwardOrigin,
    /// When the original was sent.
    pub sent: DateTime<Utc>,
    /// When it was forwarded to the bot: several forwarded at once share it.
    pub forwarded: DateTime<Utc>,
    /// Its text or caption, if any.
    pub text: Option<String>,
}

/// A contact shared to the bot (Telegram's contact message).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SharedContact {
    pub phone: String,
    pub first_name: String,
    pub last_name: Option<String>,
    /// Present when the contact is a Telegram user.
    pub user_id: Option<i64>,
    /// The vCard Telegram sent with it, already read (addresses, more numbers, birthday,
    /// organization), when there was one it could read.
    pub card: Option<crate::import::ImportPerson>,
    /// What the owner should hear about the vCard sent with it: that it could not be read,
    /// or the line of it that could not (the rest used) and what of it is not kept.
    pub card_problem: Option<String>,
}

/// The key one day of the owner's chat with someone is logged under, whichever way it
/// arrived (a business connection or the export), so a day is logged once.
pub fn chat_day_key(partner: i64, day: NaiveDate) -> String {
    format!("telegram:{partner}:{day}")
}

/// One day the owner wrote in a private chat with `partner`, as a business connection
/// delivered it or the export holds it: who and when, never the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatDay {
    pub partner: TelegramUser,
    pub day: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_read_as_owners_write_them() {
        for (typed, expected) in [
            ("@ana_souza", "ana_souza"),
            ("ana_souza", "ana_souza"),
            ("https://t.me/ana_souza", "ana_souza"),
            (" t.me/Ana_Souza ", "Ana_Souza"),
        ] {
            assert_eq!(username(typed).unwrap(), expected, "{typed}");
        }
        for typed in ["@ana", "@1ana_souza", "ana souza", "@ana-souza", "", "@"] {
            assert!(username(typed).is_err(), "{typed}");
        }
    }

    #[test]
    fn accounts_are_read_as_files_write_them() {
        let name = |n: &str| Some(n.to_owned());
        for (written, expected) in [
            ("@ana_souza", (None, name("ana_souza"))),
            ("https://t.me/ana_souza", (None, name("ana_souza"))),
            ("tg://resolve?domain=ana_souza", (None, name("ana_souza"))),
            ("tg://user?id=777", (Some(777), None)),
            ("777", (Some(777), None)),
            ("@ana_souza (777)", (Some(777), name("ana_souza"))),
        ] {
            assert_eq!(account(written), Some(expected.clone()), "{written}");
            let cell = account_cell(expected.0, expected.1.as_deref());
            assert_eq!(account(&cell), Some(expected), "{cell}");
        }
        for written in ["", "@ana", "tg://user?id=-5", "ana souza", "0"] {
            assert_eq!(account(written), None, "{written}");
        }
    }

    #[test]
    fn a_username_opens_the_chat_before_an_id() {
        assert_eq!(
            open_chat_url(Some(42), Some("ana_souza")).as_deref(),
            Some("https://t.me/ana_souza")
        );
        assert_eq!(
            open_chat_url(Some(42), None).as_deref(),
            Some("tg://user?id=42")
        );
        assert_eq!(open_chat_url(None, None), None);
    }

    #[test]
    fn a_chat_day_has_one_key_whichever_way_it_came() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(chat_day_key(777, day), "telegram:777:2026-11-28");
    }

    #[test]
    fn a_user_without_a_name_is_shown_by_username_or_id() {
        let mut user = TelegramUser {
            id: 5,
            ..TelegramUser::default()
        };
        assert_eq!(user.shown_name(), "Telegram user 5");
        user.username = Some("ana_souza".into());
        assert_eq!(user.shown_name(), "@ana_souza");
        user.first_name = "Ana".into();
        assert_eq!(user.shown_name(), "Ana");
    }
}
