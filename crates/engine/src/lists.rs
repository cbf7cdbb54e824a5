//! The paginated lists: who is overdue (/stale, by tag, tier or organization, each with
//! **Not now** and **See less often**, **Open chat** for someone whose Telegram account
//! kith knows, and how many are snoozed), the
//! unknown attendees, recent interactions and the tags.

use super::callback::{Callback, StaleKey};
use super::dates::dated;
use super::reply::Reply;
use super::snoozes::overdue_buttons;
use super::telegram_identity::numbered_open_chat;
use super::widgets::{
    People, button, interaction_line, no_more, numbered, open_buttons, page_note, pager,
};
use super::{Context, Engine, PAGE_SIZE};
use kith_store::Error;
use kith_store::{StaleFilter, StaleQuery};

/// Tags per page of /tags.
const TAGS_PAGE: usize = 40;

impl Engine<'_> {
    pub(super) fn stale_key_filter(&self, key: StaleKey) -> Result<(StaleFilter, String), Error> {
        Ok(match key {
            StaleKey::All => (StaleFilter::All, String::new()),
            StaleKey::Tag(tag) => {
                let name = self.store.tag_name(tag)?;
                (StaleFilter::Tag(name.clone()), format!(" tagged {name}"))
            }
            StaleKey::Tier(tier) => (
                StaleFilter::Tier(tier),
                format!(" in tier {}", self.tier_text(Some(tier))),
            ),
            StaleKey::Organization(org) => {
                let name = self.store.organization(org)?.name;
                (StaleFilter::Organization(org), format!(" at {name}"))
            }
        })
    }

    pub(super) fn stale_page(
        &self,
        context: Context,
        key: StaleKey,
        offset: usize,
    ) -> Result<Reply, Error> {
        let (filter, about) = self.stale_key_filter(key)?;
        let page = self.store.stale(
            &StaleQuery::new(&filter, &self.preferences.closeness, context.today)
                .counting(&self.preferences.stale_kinds)
                .page(offset, PAGE_SIZE),
        )?;
        if page.items.is_empty() && offset > 0 {
            return Ok(no_more(page.total, Callback::Stale { key, offset: 0 }));
        }
        let snoozed = self.snoozed_note(context, &filter)?;
        if page.items.is_empty() {
            let reply = Reply::text(format!("No one{about} is overdue. Nice."));
            return Ok(match snoozed {
                Some((note, list)) => {
                    let mut reply = reply;
                    reply.body.push_str(&format!(" ({note}.)"));
                    reply.with_row(vec![list])
                }
                None => reply,
            });
        }
        let people: Vec<_> = page
            .items
            .iter()
            .map(|entry| (entry.person_id, entry.name.clone()))
            .collect();
        let names = self.told_apart(&people)?;
        let mut lines = Vec::new();
        let mut rows = Vec::new();
        for ((index, entry), name) in page.items.iter().enumerate().zip(names) {
            let when = match entry.last_met {
                Some(day) => format!("last seen {}", dated(day, context.today)),
                None => "never seen".to_owned(),
            };
            lines.push(format!(
                "{}. {name} — {}, {when}",
                offset + index + 1,
                entry.pace()
            ));
            // One row a person: the card, **Not now**, **See less often**.
            let mut row = vec![button(
                format!("{}. {name}", offset + index + 1),
                Callback::Person(entry.person_id),
            )];
            row.extend(overdue_buttons(entry));
            rows.push(row);
            // A full row: **Open chat** goes on one of its own, under theirs.
            let identity = self.store.telegram_identity(entry.person_id)?;
            rows.extend(numbered_open_chat(offset + index + 1, &identity).map(|open| vec![open]));
        }
        let mut body = lines.join("\n") + &page_note(offset, page.items.len(), page.total);
        if let Some((note, _)) = &snoozed {
            body.push_str(&format!("\n{note}"));
        }
        let mut reply = Reply::titled(format!("Overdue{about}, most overdue first"), body);
        for row in rows {
            reply = reply.with_row(row);
        }
        let mut last = pager(offset, PAGE_SIZE, page.total, |o| Callback::Stale {
            key,
            offset: o,
        });
        last.extend(snoozed.map(|(_, list)| list));
        Ok(reply.with_row(last))
    }

    pub(super) fn unknown_page(&self, offset: usize) -> Result<Reply, Error> {
        let page = self.store.unknown_attendees(offset, PAGE_SIZE)?;
        if page.items.is_empty() && offset > 0 {
            return Ok(no_more(page.total, Callback::Unknown { offset: 0 }));
        }
        if page.items.is_empty() {
            return Ok(Reply::text(
                "No unknown attendees: everyone you met is someone you know.",
            ));
        }
        let mut lines = Vec::new();
        let mut reply = Reply::text("");
        for (index, unknown) in page.items.iter().enumerate() {
            let number = offset + index + 1;
            let name = unknown
                .display_name
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            let last = unknown
                .last_seen
                .map(|d| format!(", last {d}"))
                .unwrap_or_default();
            lines.push(format!(
                "{number}. {}{name} — {}{last}",
                unknown.address,
                kith_domain::text::seen_count(unknown.meetings as usize, unknown.emails as usize)
            ));
            reply = reply.with_row(vec![
                button(
                    format!("{number}. Link ▸"),
                    Callback::LinkStart(unknown.email_id),
                ),
                button("Create", Callback::Create(unknown.email_id)),
                button("Ignore", Callback::Ignore(unknown.email_id)),
            ]);
        }
        reply.title = Some("Unknown attendees, most frequent first".to_owned());
        reply.body = lines.join("\n") + &page_note(offset, page.items.len(), page.total);
        Ok(reply.with_row(pager(offset, PAGE_SIZE, page.total, |o| {
            Callback::Unknown { offset: o }
        })))
    }

    pub(super) fn recent_page(
        &self,
        context: Context,
        size: usize,
        offset: usize,
    ) -> Result<Reply, Error> {
        let items = self
            .store
            .recent_interactions(context.today, size + 1, offset)?;
        if items.is_empty() && offset > 0 {
            let total = self.store.count_recent_interactions(context.today)?;
            return Ok(no_more(total, Callback::Recent { offset: 0 }));
        }
        if items.is_empty() {
            return Ok(Reply::text(
                "Nothing logged yet. Try /log coffee with Alice yesterday.",
            ));
        }
        let more = items.len() > size;
        let mut shown: Vec<_> = items.iter().take(size).cloned().collect();
        self.tell_apart_in(&mut shown)?;
        let lines: Vec<String> = shown
            .iter()
            .enumerate()
            .map(|(n, i)| numbered(n, &interaction_line(i, context.today, People::All)))
            .collect();
        let mut row = Vec::new();
        if offset > 0 {
            row.push(button(
                "◀",
                Callback::Recent {
                    offset: u32::try_from(offset.saturating_sub(size)).unwrap_or(0),
                },
            ));
        }
        if more {
            row.push(button(
                "▶",
                Callback::Recent {
                    offset: u32::try_from(offset + size).unwrap_or(u32::MAX),
                },
            ));
        }
        let mut reply = Reply::titled("Latest interactions", lines.join("\n"));
        for buttons in open_buttons(&shown) {
            reply = reply.with_row(buttons);
        }
        Ok(reply.with_row(row))
    }

    pub(super) fn tags_page(&self, offset: usize) -> Result<Reply, Error> {
        let tags = self.store.tags_with_counts()?;
        if tags.is_empty() {
            return Ok(Reply::text("No tags yet. Add one with /tag NAME +tag."));
        }
        let total = tags.len();
        if offset > 0 && offset >= total {
            return Ok(no_more(total, Callback::Tags { offset: 0 }));
        }
        let lines: Vec<String> = tags
            .iter()
            .skip(offset)
            .take(TAGS_PAGE)
            .map(|(name, people, organizations)| match organizations {
                0 => format!("{name} — {people}"),
                1 => format!("{name} — {people} people, 1 organization"),
                n => format!("{name} — {people} people, {n} organizations"),
            })
            .collect();
        let shown = lines.len();
        Ok(Reply::titled(
            "Tags (people carrying each)",
            lines.join("\n") + &page_note(offset, shown, total),
        )
        .with_row(pager(offset, TAGS_PAGE, total, |o| Callback::Tags {
            offset: o,
        })))
    }
}
