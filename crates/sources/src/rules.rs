//! What the plans of every source share: the source, the owner's zone, the sync window,
//! and who counts as someone else (the owner's addresses, the never-people patterns, the
//! broadcast limit). Calendar `Rules` and `MailRules` each embed one `SharedRules`.

use std::collections::HashSet;

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::config::SyncConfig;
use kith_domain::model::{EmailAddress, Source};
use kith_store::Store;

/// How far back and ahead a sync looks.
pub const WINDOW_BACK_DAYS: u64 = 2 * 365;
pub const WINDOW_AHEAD_DAYS: u64 = 14;

/// The rule fields every plan has.
#[derive(Clone, Debug)]
pub struct SharedRules {
    pub source: Source,
    pub timezone: chrono_tz::Tz,
    /// The sync window, inclusive: by default 2 years back to 14 days ahead; what falls
    /// outside is skipped.
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    /// Who counts as someone else, and how many make a broadcast.
    pub others: Others,
}

/// Who at an event is someone else — not the owner, not a room, not an address that is
/// never a person — and how many of them make a broadcast. The readers hold it too, so a
/// broadcast is found before its attendees are copied or its series expanded.
#[derive(Clone, Debug)]
pub struct Others {
    /// The owner's own addresses (`KITH_MY_EMAILS`), normalised.
    pub my_emails: HashSet<String>,
    /// Glob patterns over normalised addresses that are never people (the built-in
    /// rules: rooms, calendars, noreply). Addresses the owner ignored stay attendees, so
    /// their meetings count at once if they are linked or unignored later.
    pub ignore_patterns: Vec<String>,
    /// `KITH_MAX_ATTENDEES`: more others than this is a broadcast.
    pub max_attendees: usize,
}

/// What one address is to the owner.
pub(crate) enum Who {
    Unreadable,
    Owner,
    /// A room, a calendar, a noreply: never a person.
    Never,
    Other(EmailAddress),
}

impl Others {
    pub(crate) fn who(&self, address: &str) -> Who {
        let Ok(address) = EmailAddress::parse(address) else {
            return Who::Unreadable;
        };
        if self.my_emails.contains(address.as_str()) {
            Who::Owner
        } else if self
            .ignore_patterns
            .iter()
            .any(|p| glob_matches(p, address.as_str()))
        {
            Who::Never
        } else {
            Who::Other(address)
        }
    }

    /// Whether more than `max_attendees` distinct others are among `attendees` (address,
    /// whether it is the owner or a resource by the calendar's own mark): stops counting
    /// at the limit, and counts each address once by hash.
    pub fn too_many<'a>(&self, attendees: impl IntoIterator<Item = (&'a str, bool)>) -> bool {
        let mut seen = HashSet::new();
        for (address, owner_or_resource) in attendees {
            if owner_or_resource {
                continue;
            }
            if let Who::Other(address) = self.who(address) {
                seen.insert(address);
                if seen.len() > self.max_attendees {
                    return true;
                }
            }
        }
        false
    }
}

/// Whether an ignore pattern (`*` its only wildcard) matches a normalised address.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    // `*` is the only wildcard in ignore patterns (see normalize_ignore_pattern).
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let mut rest = text;
    for (index, part) in parts.iter().enumerate() {
        if index == 0 {
            match rest.strip_prefix(part) {
                Some(after) => rest = after,
                None => return false,
            }
        } else if index == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

/// The sync window around `now` in the owner's zone: two years back, two weeks ahead.
pub fn window(config: &SyncConfig, now: DateTime<Utc>) -> (NaiveDate, NaiveDate) {
    let today = now.with_timezone(&config.timezone).date_naive();
    (
        today - Days::new(WINDOW_BACK_DAYS),
        today + Days::new(WINDOW_AHEAD_DAYS),
    )
}

/// Who counts as someone else, for the plans and for the readers, which skip a
/// broadcast before they copy its attendees or expand its series (reads the store's
/// never-people rules).
pub fn others(config: &SyncConfig, store: &Store) -> kith_store::Result<Others> {
    Ok(Others {
        my_emails: config.my_emails.clone(),
        ignore_patterns: store.never_people_patterns()?,
        max_attendees: config.max_attendees,
    })
}

impl SharedRules {
    /// The rules of `source` for a run at `now` (reads the store's never-people rules).
    pub fn read(
        config: &SyncConfig,
        store: &Store,
        source: Source,
        now: DateTime<Utc>,
    ) -> kith_store::Result<SharedRules> {
        let (window_start, window_end) = window(config, now);
        Ok(SharedRules {
            source,
            timezone: config.timezone,
            window_start,
            window_end,
            others: others(config, store)?,
        })
    }
}
