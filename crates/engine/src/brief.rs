//! Meeting briefs: load (store) → compose (pure) → send (adapter). Before a meeting, one
//! message on who is coming: for each person their work, tier, tags, who introduced them,
//! when and how you last saw them (as a card's "Last seen" and /stale count it, with the
//! first line of that interaction's notes), their notes and the topics to bring up
//! (each with **Done**); each unknown attendee follows with the digest's triage buttons. The scheduler
//! sends one per meeting instance; /today and /next show the same briefs on demand.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::callback::Callback;
use super::dates::dated;
use super::edits::reference;
use super::reply::{Button, Reply, Subject};
use super::topics::{TOPIC_BUTTONS, done_button, topic_lines};
use super::triage::{DigestUnknown, unknown_message};
use super::widgets::{button, current_work, truncate, unknown_attendees_button};
use super::{Context, Engine};
use kith_domain::intention::Topic;
use kith_domain::model::{InteractionId, InteractionType, PersonId};
use kith_store::Error;

/// People described in one brief; the rest are named in one line.
pub const BRIEF_PEOPLE: usize = 12;
/// Unknown attendees offered for triage in one brief.
pub const BRIEF_UNKNOWN: usize = 5;
/// Topics listed (each with **Done**) for one person in a brief.
pub const BRIEF_TOPICS: usize = 3;
/// How far ahead /next looks (the sync window's reach).
pub const NEXT_DAYS: i64 = 14;

/// The last time you saw someone: the latest interaction that counts as seen
/// (`KITH_STALE_KINDS`), as their card's "Last seen" and /stale count it.
#[derive(Clone, Debug, PartialEq)]
pub struct LastSeen {
    pub on: NaiveDate,
    /// Its type as the owner calls it ("walk", "coffee").
    pub kind: String,
    pub title: String,
    /// The first line of that interaction's notes.
    pub note: Option<String>,
}

/// One known attendee.
#[derive(Clone, Debug, PartialEq)]
pub struct BriefPerson {
    pub id: PersonId,
    pub name: String,
    /// "CTO at Acme Labs", one per current job.
    pub work: Vec<String>,
    /// "2 Close", or `None` without a tier.
    pub tier: Option<String>,
    pub tags: Vec<String>,
    pub introduced_by: Option<String>,
    pub last_seen: Option<LastSeen>,
    /// The person's own notes, latest line last.
    pub notes: Vec<String>,
    /// Open things to bring up with them, oldest first.
    pub topics: Vec<Topic>,
    /// The link that opens a Telegram chat with them, when kith knows their account.
    pub chat_url: Option<String>,
}

/// Everything one brief shows, loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct BriefData {
    pub meeting: InteractionId,
    pub title: String,
    pub kind: InteractionType,
    pub starts_at: DateTime<Tz>,
    pub now: DateTime<Tz>,
    pub people: Vec<BriefPerson>,
    /// Names of known attendees beyond `BRIEF_PEOPLE`.
    pub more_people: Vec<String>,
    pub unknown: Vec<DigestUnknown>,
    pub more_unknown: usize,
}

/// Whether a meeting starting at `starts_at` is due for its brief at `now`: inside the
/// lead time and not started yet. Pure.
pub fn brief_due(starts_at: DateTime<Utc>, lead: Duration, now: DateTime<Utc>) -> bool {
    lead > Duration::zero() && starts_at - lead <= now && now < starts_at
}

/// "today 14:00 (in 15 minutes)", "tomorrow 09:30 (in 17 hours)", "Sun 13 Dec 13:00 (in
/// 6 days)": minutes and hours up to two days, then calendar days in the owner's zone
/// (`starts_at` and `now` are in it), as every other "in N days" counts them.
fn when(starts_at: DateTime<Tz>, now: DateTime<Tz>) -> String {
    let day = starts_at.date_naive();
    let today = now.date_naive();
    let days = (day - today).num_days();
    let clock = starts_at.format("%H:%M");
    let date = match days {
        0 => format!("today {clock}"),
        1 => format!("tomorrow {clock}"),
        _ => format!("{} {clock}", starts_at.format("%a %-d %b")),
    };
    let minutes = (starts_at - now).num_minutes();
    let until = match minutes {
        m if m < 0 => "started".to_owned(),
        0 => "now".to_owned(),
        1 => "in 1 minute".to_owned(),
        m if m < 120 => format!("in {m} minutes"),
        m if m < 48 * 60 => format!("in {} hours", m / 60),
        _ => format!("in {days} days"),
    };
    format!("{date} ({until})")
}

fn person_lines(person: &BriefPerson, today: NaiveDate) -> Vec<String> {
    let mut lines = Vec::new();
    let head = if person.work.is_empty() {
        person.name.clone()
    } else {
        format!("{} — {}", person.name, person.work.join("; "))
    };
    lines.push(head);
    let mut facts = vec![match &person.tier {
        Some(tier) => format!("Tier {tier}"),
        None => "No tier".to_owned(),
    }];
    if !person.tags.is_empty() {
        facts.push(format!("Tags: {}", person.tags.join(", ")));
    }
    if let Some(by) = &person.introduced_by {
        facts.push(format!("Introduced by {by}"));
    }
    lines.push(format!("  {}", facts.join(" · ")));
    lines.push(match &person.last_seen {
        None => "  Never seen before".to_owned(),
        Some(last) => {
            let what = if last.title.is_empty() {
                last.kind.clone()
            } else {
                format!("{} — {}", last.kind, truncate(&last.title, 60))
            };
            let note = last
                .note
                .as_deref()
                .map(|n| format!(": {}", truncate(n, 120)))
                .unwrap_or_default();
            format!("  Last seen {}, {what}{note}", dated(last.on, today))
        }
    });
    for note in &person.notes {
        lines.push(format!("  Note: {}", truncate(note, 160)));
    }
    lines.extend(topic_lines(
        (&reference(person.id), &person.topics),
        "  ",
        (BRIEF_TOPICS, 100),
    ));
    lines
}

/// The brief as messages: the meeting and its people, then one per unknown attendee. Pure.
pub fn compose(data: &BriefData) -> Reply {
    let title = format!(
        "{} — {}",
        if data.title.is_empty() {
            "Meeting".to_owned()
        } else {
            truncate(&data.title, 80)
        },
        when(data.starts_at, data.now)
    );
    let total_known = data.people.len() + data.more_people.len();
    let total_unknown = data.unknown.len() + data.more_unknown;
    let mut lines = vec![format!(
        "{} · {} you know{}",
        data.kind,
        match total_known {
            1 => "1 person".to_owned(),
            n => format!("{n} people"),
        },
        match total_unknown {
            0 => String::new(),
            n => format!(", {n} unknown"),
        }
    )];
    let today = data.now.date_naive();
    for person in &data.people {
        lines.push(String::new());
        lines.extend(person_lines(person, today));
    }
    if !data.more_people.is_empty() {
        lines.push(String::new());
        lines.push(format!("Also: {}", data.more_people.join(", ")));
    }
    let mut reply =
        Reply::titled(title, lines.join("\n")).about(Subject::Interaction(data.meeting));
    for row in card_rows(&data.people) {
        reply = reply.with_row(row);
    }
    // Each topic to bring up is marked done from the brief, the first few of them.
    let topics = data.people.iter().flat_map(|p| {
        p.topics
            .iter()
            .take(BRIEF_TOPICS)
            .map(move |t| done_button(&format!("{}: ", truncate(&p.name, 16)), t))
    });
    for topic in topics.take(2 * TOPIC_BUTTONS) {
        reply = reply.with_row(vec![topic]);
    }
    reply = reply.with_row(vec![button(
        "Open meeting ▸",
        Callback::Interaction(data.meeting),
    )]);
    let mut followups: Vec<Reply> = data.unknown.iter().map(unknown_message).collect();
    if data.more_unknown > 0 {
        followups.push(
            Reply::text(format!(
                "{} more unknown at this meeting.",
                data.more_unknown
            ))
            .with_row(vec![unknown_attendees_button()]),
        );
    }
    reply.followups = followups;
    reply
}

/// Cards of the first few people, one tap away, two a row; someone whose Telegram
/// account kith knows has a row of their own with **Open chat** beside their card.
fn card_rows(people: &[BriefPerson]) -> Vec<Vec<Button>> {
    let mut rows = Vec::new();
    let mut pending = Vec::new();
    for person in people.iter().take(4) {
        let card = button(truncate(&person.name, 30), Callback::Person(person.id));
        match &person.chat_url {
            Some(url) => {
                if !pending.is_empty() {
                    rows.push(std::mem::take(&mut pending));
                }
                rows.push(vec![card, Button::link("Open chat", url.clone())]);
            }
            None => {
                pending.push(card);
                if pending.len() == 2 {
                    rows.push(std::mem::take(&mut pending));
                }
            }
        }
    }
    if !pending.is_empty() {
        rows.push(pending);
    }
    rows
}

impl Engine<'_> {
    /// Loads one meeting's brief as of `now`.
    pub(super) fn brief_data(
        &self,
        meeting: InteractionId,
        starts_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<BriefData, Error> {
        let zone = self.preferences.timezone;
        let today = now.with_timezone(&zone).date_naive();
        let interaction = self.store.interaction(meeting)?;
        let mut people = Vec::new();
        let mut more_people = Vec::new();
        for (id, name) in &interaction.people {
            // Archived people are left out of briefs, as out of every list.
            if self.store.person(*id)?.archived {
                continue;
            }
            if people.len() >= BRIEF_PEOPLE {
                more_people.push(name.clone());
                continue;
            }
            people.push(self.brief_person(*id, meeting, today)?);
        }
        let unknown_all = self.store.unknown_attendees_of(meeting)?;
        let more_unknown = unknown_all.len().saturating_sub(BRIEF_UNKNOWN);
        let mut unknown = Vec::new();
        for attendee in unknown_all.into_iter().take(BRIEF_UNKNOWN) {
            unknown.extend(self.triage(attendee)?);
        }
        Ok(BriefData {
            meeting,
            title: interaction.title,
            kind: interaction.kind,
            starts_at: starts_at.with_timezone(&zone),
            now: now.with_timezone(&zone),
            people,
            more_people,
            unknown,
            more_unknown,
        })
    }

    fn brief_person(
        &self,
        id: PersonId,
        meeting: InteractionId,
        today: NaiveDate,
    ) -> Result<BriefPerson, Error> {
        let person = self.store.person(id)?;
        let work = current_work(&self.store.employment_of(id)?);
        let introduced_by = match person.introduced_by {
            Some(by) => Some(self.store.person(by)?.name()),
            None => None,
        };
        let last_seen = self
            .store
            .last_seen_interaction(id, today, &self.preferences.stale_kinds, meeting)?
            .map(|i| self.store.interaction(i))
            .transpose()?
            .map(|i| LastSeen {
                on: i.occurred_on,
                kind: i.label().to_owned(),
                note: i
                    .notes
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .map(str::to_owned),
                title: i.title,
            });
        let notes: Vec<String> = person
            .notes
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        let notes = notes[notes.len().saturating_sub(2)..].to_vec();
        Ok(BriefPerson {
            id,
            name: person.name(),
            work,
            tier: person.closeness.map(|tier| self.tier_label(Some(tier))),
            tags: self.store.tags_of_person(id)?,
            introduced_by,
            last_seen,
            notes,
            topics: self.store.topics_of(id)?,
            chat_url: person.telegram.chat_url(),
        })
    }

    /// The briefs due at `now` that have not gone out, each marked sent as it is composed
    /// (so a restart never sends one twice). Empty when briefs are off.
    pub fn due_briefs(&mut self, now: DateTime<Utc>) -> Result<Vec<Reply>, Error> {
        let lead = Duration::minutes(i64::from(self.preferences.brief_minutes));
        if lead <= Duration::zero() {
            return Ok(Vec::new());
        }
        let mut replies = Vec::new();
        for (meeting, starts_at) in self.store.meetings_starting(now, now + lead)? {
            if !brief_due(starts_at, lead, now) || self.store.brief_sent(meeting, starts_at)? {
                continue;
            }
            let reply = compose(&self.brief_data(meeting, starts_at, now)?);
            if self.store.mark_brief_sent(meeting, starts_at, now)? {
                replies.push(reply);
            }
        }
        Ok(replies)
    }

    /// /today: a brief for each meeting still ahead today.
    pub(super) fn today_briefs(&self, context: Context) -> Result<Reply, Error> {
        let zone = self.preferences.timezone;
        let end_of_day = (context.today + chrono::Days::new(1))
            .and_hms_opt(0, 0, 0)
            .and_then(|midnight| midnight.and_local_timezone(zone).earliest())
            .map_or(context.now + Duration::days(1), |m| m.with_timezone(&Utc));
        let meetings = self.store.meetings_starting(context.now, end_of_day)?;
        if meetings.is_empty() {
            return Ok(Reply::text(
                "No more meetings with a start time today. /next shows the next one.",
            ));
        }
        self.briefs(&meetings, context.now)
    }

    /// /next: the brief of the next meeting in the coming two weeks.
    pub(super) fn next_brief(&self, context: Context) -> Result<Reply, Error> {
        let meetings = self
            .store
            .meetings_starting(context.now, context.now + Duration::days(NEXT_DAYS))?;
        match meetings.first() {
            Some(first) => self.briefs(std::slice::from_ref(first), context.now),
            None => Ok(Reply::text(format!(
                "No meetings with a start time in the next {NEXT_DAYS} days."
            ))),
        }
    }

    fn briefs(
        &self,
        meetings: &[(InteractionId, DateTime<Utc>)],
        now: DateTime<Utc>,
    ) -> Result<Reply, Error> {
        let mut replies = Vec::new();
        for (meeting, starts_at) in meetings {
            replies.push(compose(&self.brief_data(*meeting, *starts_at, now)?));
        }
        let mut first = replies.remove(0);
        // Each brief keeps its own followups (the triage of its unknown attendees).
        let mut rest = std::mem::take(&mut first.followups);
        for mut reply in replies {
            let followups = std::mem::take(&mut reply.followups);
            rest.push(reply);
            rest.extend(followups);
        }
        first.followups = rest;
        Ok(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_brief_is_due_inside_the_lead_time_only() {
        let start = Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap();
        let lead = Duration::minutes(15);
        let at = |h, m, s| Utc.with_ymd_and_hms(2026, 11, 26, h, m, s).unwrap();
        assert!(!brief_due(start, lead, at(13, 44, 59)));
        assert!(brief_due(start, lead, at(13, 45, 0)));
        assert!(brief_due(start, lead, at(13, 59, 59)));
        assert!(!brief_due(start, lead, at(14, 0, 0)));
        assert!(!brief_due(start, Duration::zero(), at(13, 59, 0)));
    }

    #[test]
    fn next_said_in_5_days_for_a_meeting_6_calendar_days_ahead() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        // Monday 7 December 21:38 in Berlin; the meeting is on Sunday the 13th.
        let now = Utc
            .with_ymd_and_hms(2026, 12, 7, 20, 38, 0)
            .unwrap()
            .with_timezone(&berlin);
        let at = |d, h| berlin.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap();
        assert_eq!(when(at(13, 14), now), "Sun 13 Dec 14:00 (in 6 days)");
        assert_eq!(when(at(9, 8), now), "Wed 9 Dec 08:00 (in 34 hours)");
        assert_eq!(when(at(10, 8), now), "Thu 10 Dec 08:00 (in 3 days)");
        assert_eq!(when(at(8, 9), now), "tomorrow 09:00 (in 11 hours)");
    }
}
