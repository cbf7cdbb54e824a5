//! A person's card in two steps: `load` reads everything the card shows from the store,
//! and `compose` turns that into the reply with no store at all (a test builds a
//! `PersonCard` by hand and checks the text and buttons).

use chrono::NaiveDate;

use super::callback::Callback;
use super::dates::dated;
use super::edits::reference;
use super::important_dates::date_lines;
use super::reply::{Button, Reply, Subject};
use super::telegram_identity::open_chat;
use super::topics::{TOPIC_BUTTONS, done_button, topic_lines};
use super::widgets::{
    People, button, current_work, interaction_line, numbered, open_buttons, tier_label, tier_text,
    truncate,
};
use kith_domain::closeness::Closeness;
use kith_domain::contact::Birthday;
use kith_domain::intention::{FollowUp, ImportantDate, Topic};
use kith_domain::model::{Cadence, EmailKind, PersonId};
use kith_domain::preferences::Preferences;
use kith_store::Store;
use kith_store::{EmailRecord, Employment, EmploymentStatus, Error, Interaction, Person, Rollups};

/// Notes longer than this show only their end on a card.
pub(super) const CARD_NOTES_CHARS: usize = 1_200;
/// How many of the latest interactions a card lists.
const LATEST: usize = 5;
/// How many open follow-ups a card lists.
const CARD_FOLLOW_UPS: usize = 5;
/// How much of each one's text a card shows.
const CARD_WHAT_CHARS: usize = 120;

/// Everything a person's card shows, as read from the store.
#[derive(Clone, Debug)]
pub(super) struct PersonCard {
    pub person: Person,
    pub jobs: Vec<Employment>,
    pub tags: Vec<String>,
    pub emails: Vec<EmailRecord>,
    /// Each number with its kind.
    pub phones: Vec<(String, String)>,
    pub birthday: Option<Birthday>,
    /// The name of who introduced them.
    pub introducer: Option<String>,
    pub rollups: Rollups,
    /// The latest interactions, newest first.
    pub recent: Vec<Interaction>,
    /// The open follow-ups, the soonest first.
    pub follow_ups: Vec<FollowUp>,
    /// Open things to bring up, oldest first.
    pub topics: Vec<Topic>,
    /// Important dates (the birthday is `birthday`).
    pub dates: Vec<ImportantDate>,
    /// Left out of /stale and the digest until this day (**Not now**).
    pub snoozed_until: Option<NaiveDate>,
}

/// Reads the card of `id` ("last seen" counts what /stale counts: one meaning of seen).
pub(super) fn load(
    store: &Store,
    preferences: &Preferences,
    id: PersonId,
    today: NaiveDate,
) -> Result<PersonCard, Error> {
    let person = store.person(id)?;
    let introducer = match person.introduced_by {
        Some(introducer) => Some(store.person(introducer)?.name()),
        None => None,
    };
    Ok(PersonCard {
        jobs: store.employment_of(id)?,
        tags: store.tags_of_person(id)?,
        emails: store.emails_of(id)?,
        phones: store
            .phones_of(id)?
            .into_iter()
            .map(|phone| (phone.number, phone.kind))
            .collect(),
        birthday: store.birthday_of(id)?,
        introducer,
        rollups: store.rollups_of_known(id, today, &preferences.stale_kinds)?,
        recent: store.interactions_of(id, LATEST, 0)?,
        follow_ups: store.follow_ups_of(id)?,
        topics: store.topics_of(id)?,
        dates: store.important_dates_of(id)?,
        snoozed_until: store.snoozed_until(id, today)?,
        person,
    })
}

/// " — twice Friendly's 60" when a person's own cadence is their tier's doubled (**See
/// less often**).
fn doubled_note(closeness: &Closeness, person: &Person) -> String {
    let tier = person
        .closeness
        .and_then(|t| Some((t, closeness.cadence_days(t)?)));
    match (person.cadence, tier) {
        (Some(Cadence::Every(own)), Some((tier, days))) if own == days * 2 => {
            format!(" — twice {}'s {days}", closeness.label(tier))
        }
        _ => String::new(),
    }
}

/// The card: its facts, the latest interactions, the notes' end, and its buttons.
pub(super) fn compose(card: &PersonCard, closeness: &Closeness, today: NaiveDate) -> Reply {
    let person = &card.person;
    let mut lines = work_lines(&card.jobs);
    lines.push(match person.cadence {
        None => format!("Tier: {}", tier_text(closeness, person.closeness)),
        Some(own) => format!(
            "Tier: {} · own cadence: {own}{}",
            tier_label(closeness, person.closeness),
            doubled_note(closeness, person)
        ),
    });
    lines.extend(contact_lines(card));
    lines.extend(date_lines(
        &reference(person.id),
        card.birthday,
        &card.dates,
        today,
    ));
    lines.extend(topic_lines(
        (&reference(person.id), &card.topics),
        "",
        (5, 160),
    ));
    lines.push(seen_line(&card.rollups, today));
    if let Some(until) = card.snoozed_until {
        lines.push(format!(
            "Not now: left out of /stale and the digest until {}",
            dated(until, today)
        ));
    }
    lines.extend(latest_lines(&card.recent, today));
    lines.extend(follow_up_lines(&card.follow_ups, today));
    if !person.notes.is_empty() {
        lines.push(format!("Notes:\n{}", notes_end(&person.notes)));
    }
    let title = if person.archived {
        format!("{} (archived)", person.name())
    } else {
        person.name()
    };
    let mut reply = Reply::titled(title, lines.join("\n")).about(Subject::Person(person.id));
    for row in open_buttons(&card.recent) {
        reply = reply.with_row(row);
    }
    for topic in card.topics.iter().take(TOPIC_BUTTONS) {
        reply = reply.with_row(vec![done_button("Done: ", topic)]);
    }
    for row in card_buttons(person) {
        reply = reply.with_row(row);
    }
    reply
}

/// Where they work now, and where they worked ("Formerly: …").
fn work_lines(jobs: &[Employment]) -> Vec<String> {
    let mut lines = Vec::new();
    let current = current_work(jobs);
    if !current.is_empty() {
        lines.push(current.join("; "));
    }
    let former: Vec<String> = jobs
        .iter()
        .filter(|j| j.status == EmploymentStatus::Former)
        .map(|j| match &j.left_on {
            Some(on) => format!("{} (left {on})", j.organization),
            None => j.organization.clone(),
        })
        .collect();
    if !former.is_empty() {
        lines.push(format!("Formerly: {}", former.join(", ")));
    }
    lines
}

/// Tags, addresses, numbers, birthday, introducer, location and LinkedIn, as known.
fn contact_lines(card: &PersonCard) -> Vec<String> {
    let mut lines = Vec::new();
    if !card.tags.is_empty() {
        lines.push(format!("Tags: {}", card.tags.join(", ")));
    }
    if !card.emails.is_empty() {
        let list: Vec<String> = card.emails.iter().map(email_text).collect();
        lines.push(format!("Email: {}", list.join(", ")));
    }
    if !card.phones.is_empty() {
        let list: Vec<String> = card
            .phones
            .iter()
            .map(|(number, kind)| format!("{number} ({kind})"))
            .collect();
        lines.push(format!("Phone: {}", list.join(", ")));
    }
    // With other dates, the birthday is one of the "Dates:".
    if let Some(birthday) = &card.birthday
        && card.dates.is_empty()
    {
        lines.push(format!("Birthday: {}", birthday.shown()));
    }
    if let Some(introducer) = &card.introducer {
        lines.push(format!("Introduced by: {introducer}"));
    }
    if let Some(location) = &card.person.location {
        lines.push(format!("Location: {location}"));
    }
    if let Some(url) = &card.person.linkedin_url {
        lines.push(format!("LinkedIn: {url}"));
    }
    if let Some(account) = card.person.telegram.shown() {
        lines.push(format!("Telegram: {account}"));
    }
    lines
}

/// "jane@acme.io (primary, work)".
fn email_text(email: &EmailRecord) -> String {
    let mut about = vec![];
    if email.is_primary {
        about.push("primary");
    }
    if email.kind != EmailKind::Other {
        about.push(email.kind.as_str());
    }
    if about.is_empty() {
        email.address.clone()
    } else {
        format!("{} ({})", email.address, about.join(", "))
    }
}

/// "Last seen: … · last F2F: … · N interactions" (the last email only where there is one,
/// so a card without mail reads as before).
fn seen_line(rollups: &Rollups, today: NaiveDate) -> String {
    let when =
        |date: Option<NaiveDate>| date.map_or_else(|| "never".to_owned(), |d| dated(d, today));
    let last_email = rollups
        .last_email
        .map(|d| format!(" · last email: {}", dated(d, today)))
        .unwrap_or_default();
    let count = rollups.interaction_count;
    format!(
        "Last seen: {} · last F2F: {}{last_email} · {count} interaction{}",
        when(rollups.last_met),
        when(rollups.last_f2f),
        if count == 1 { "" } else { "s" }
    )
}

/// "Latest:" and the numbered latest interactions, when there are any.
fn latest_lines(recent: &[Interaction], today: NaiveDate) -> Vec<String> {
    if recent.is_empty() {
        return Vec::new();
    }
    let mut lines = vec!["Latest:".to_owned()];
    for (index, interaction) in recent.iter().enumerate() {
        let line = interaction_line(interaction, today, People::None);
        lines.push(format!("  {}", numbered(index, &line)));
    }
    lines
}

/// "Follow-ups:" and the soonest open ones, at most `CARD_FOLLOW_UPS` ("and 2 more —
/// /reminders").
fn follow_up_lines(follow_ups: &[FollowUp], today: NaiveDate) -> Vec<String> {
    if follow_ups.is_empty() {
        return Vec::new();
    }
    let mut lines = vec!["Follow-ups:".to_owned()];
    for follow_up in follow_ups.iter().take(CARD_FOLLOW_UPS) {
        let mut line = format!("  {}", dated(follow_up.comes_up_on(), today));
        if let Some(at) = follow_up.due_at {
            line.push_str(&at.format(" at %H:%M").to_string());
        }
        line.push_str(&format!(
            " — {}",
            truncate(&follow_up.what(), CARD_WHAT_CHARS)
        ));
        if let Some(repeat) = follow_up.repeat {
            line.push_str(&format!(" ({repeat})"));
        }
        lines.push(line);
    }
    if follow_ups.len() > CARD_FOLLOW_UPS {
        lines.push(format!(
            "  and {} more — /reminders",
            follow_ups.len() - CARD_FOLLOW_UPS
        ));
    }
    lines
}

/// The notes, or their last `CARD_NOTES_CHARS` characters after "…".
fn notes_end(notes: &str) -> String {
    let count = notes.chars().count();
    if count > CARD_NOTES_CHARS {
        let end: String = notes.chars().skip(count - CARD_NOTES_CHARS).collect();
        format!("…{end}")
    } else {
        notes.to_owned()
    }
}

/// Log, Note, Interactions ▸; Edit ▸, Edit tier (or Unarchive), History; Remind ▸ (and
/// Open chat); and Notes ▸
/// when the notes are longer than the card shows.
fn card_buttons(person: &Person) -> Vec<Vec<Button>> {
    let id = person.id;
    let history = Callback::History {
        person: id,
        offset: 0,
    };
    let second = if person.archived {
        let unarchive = Callback::Archive {
            person: id,
            archived: false,
        };
        button("Unarchive", unarchive)
    } else {
        button("Edit tier", Callback::EditTier(id))
    };
    let mut rows = vec![
        vec![
            button("Log", Callback::LogFor(id)),
            button("Note", Callback::NoteFor(id)),
            button(
                "Interactions ▸",
                Callback::Interactions {
                    person: id,
                    offset: 0,
                },
            ),
        ],
        vec![
            button("Edit ▸", Callback::Edit(id)),
            second,
            button("History", history),
        ],
        [button("Remind ▸", Callback::RemindMenu(id))]
            .into_iter()
            .chain(open_chat(person))
            .collect(),
    ];
    // Notes longer than the card shows are a tap away, all of them.
    if person.notes.chars().count() > CARD_NOTES_CHARS {
        let notes = Callback::Notes {
            person: id,
            offset: 0,
        };
        rows.push(vec![button("Notes ▸", notes)]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use kith_domain::model::{EmailId, OrganizationId, Tier};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn jane(notes: &str, archived: bool) -> PersonCard {
        let id = PersonId(7);
        PersonCard {
            person: Person {
                id,
                given_name: "Jane".into(),
                family_name: "Doe".into(),
                display_name: None,
                aliases: String::new(),
                closeness: Some(Tier::new(2).unwrap()),
                cadence: None,
                introduced_by: Some(PersonId(3)),
                linkedin_url: None,
                location: Some("Lisbon".into()),
                notes: notes.into(),
                archived,
                created_at: String::new(),
                updated_at: String::new(),
                telegram: Default::default(),
            },
            jobs: vec![Employment {
                person_id: id,
                organization_id: OrganizationId(1),
                organization: "Initech".into(),
                person: "Jane Doe".into(),
                title: None,
                status: EmploymentStatus::Former,
                left_on: Some("2025-01-31".into()),
            }],
            tags: vec!["investor".into()],
            emails: vec![EmailRecord {
                id: EmailId(1),
                address: "jane@acme.io".into(),
                person_id: Some(id),
                is_primary: true,
                kind: EmailKind::Work,
                ignored: false,
                display_name: None,
            }],
            phones: vec![("+351 912 345 678".into(), "mobile".into())],
            birthday: Some(Birthday {
                month: 3,
                day: 14,
                year: None,
            }),
            introducer: Some("Bob Jones".into()),
            rollups: Rollups {
                last_met: Some(NaiveDate::from_ymd_opt(2026, 11, 19).unwrap()),
                last_f2f: None,
                last_email: None,
                interaction_count: 1,
            },
            recent: Vec::new(),
            follow_ups: Vec::new(),
            topics: Vec::new(),
            dates: Vec::new(),
            snoozed_until: None,
        }
    }

    fn labels(reply: &Reply) -> Vec<Vec<String>> {
        reply
            .buttons
            .iter()
            .map(|row| row.iter().map(|b| b.label.clone()).collect())
            .collect()
    }

    #[test]
    fn a_person_card_is_composed_from_what_was_read_without_a_store() {
        let card = compose(
            &jane("met at a conference", false),
            &Closeness::default(),
            today(),
        );
        assert_eq!(card.title.as_deref(), Some("Jane Doe"));
        let body = card.body.lines().collect::<Vec<_>>();
        assert_eq!(body[0], "Formerly: Initech (left 2025-01-31)");
        assert!(body[1].starts_with("Tier: 2 "), "{}", body[1]);
        assert_eq!(
            body[2..],
            [
                "Tags: investor",
                "Email: jane@acme.io (primary, work)",
                "Phone: +351 912 345 678 (mobile)",
                "Birthday: 14 March",
                "Introduced by: Bob Jones",
                "Location: Lisbon",
                "Last seen: 2026-11-19 (7 days ago) · last F2F: never · 1 interaction",
                "Notes:",
                "met at a conference",
            ]
        );
        assert_eq!(card.about, Some(Subject::Person(PersonId(7))));
        assert_eq!(
            labels(&card),
            [
                vec!["Log", "Note", "Interactions ▸"],
                vec!["Edit ▸", "Edit tier", "History"],
                vec!["Remind ▸"]
            ]
        );
    }

    #[test]
    fn an_archived_card_offers_unarchive_and_long_notes_show_their_end_and_notes_button() {
        let notes = format!("start{}", "x".repeat(CARD_NOTES_CHARS));
        let card = compose(&jane(&notes, true), &Closeness::default(), today());
        assert_eq!(card.title.as_deref(), Some("Jane Doe (archived)"));
        assert!(
            card.body
                .ends_with(&format!("Notes:\n…{}", "x".repeat(CARD_NOTES_CHARS)))
        );
        assert_eq!(
            labels(&card),
            [
                vec!["Log", "Note", "Interactions ▸"],
                vec!["Edit ▸", "Unarchive", "History"],
                vec!["Remind ▸"],
                vec!["Notes ▸"]
            ]
        );
        assert_eq!(
            card.buttons[3][0].data(),
            "nt:7:0",
            "the Notes button opens the first page"
        );
    }
}
