//! How each part of a callback's encoding is written and read back: ids, offsets,
//! flags, tiers, /stale's key, and the choices of the menus. Each is written one way
//! and read back only that spelling.

use std::fmt::Write as _;

use super::{InteractionAsk, Later, Part, Pending, PersonAsk, StaleKey};
use kith_domain::intention::{DateId, FollowUpId, TopicId};
use kith_domain::model::{
    ChangeId, EmailId, InteractionId, InteractionType, OrganizationId, PersonId, TagId, Tier,
};

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

id_parts!(
    PersonId,
    OrganizationId,
    EmailId,
    ChangeId,
    InteractionId,
    FollowUpId,
    TopicId,
    DateId
);

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

/// The choice's code ("1w", "3m", "p").
impl Part for Later {
    const SHAPE: &'static str = "([0-9][dwm]|p|[0-9a-z]{0,3})";
    fn write(&self, out: &mut String) {
        out.push_str(self.code());
    }
    fn read(text: &str) -> Option<Self> {
        Later::from_code(text)
    }
}

/// A day, as eight digits ("20261214"): the occurrence a follow-up's button was made for.
impl Part for chrono::NaiveDate {
    const SHAPE: &'static str = "([0-9]{8}|2026[01][0-9][0-3][0-9]|[-0-9a-z]{0,9})";
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{}", self.format("%Y%m%d"));
    }
    fn read(text: &str) -> Option<Self> {
        if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        chrono::NaiveDate::parse_from_str(text, "%Y%m%d").ok()
    }
}
