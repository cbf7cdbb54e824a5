//! The interaction card as a pure `compose_card` over what was read (`InteractionCard`):
//! each fact marked when set by hand — when, type, title, people (by hand and through
//! attendee addresses), the addresses with their answers, the source, notes — and a button
//! for each thing that can be wrong. Tests call it without a store.

use super::callback::{Callback, InteractionAsk};
use super::reply::{Button, Reply, Subject};
use super::widgets::button;
use chrono::NaiveDate;
use chrono_tz::Tz;
use kith_domain::model::{InteractionType, PersonId, ResponseStatus};
use kith_store::{HandMarks, Interaction};

/// Everything an interaction's card shows, as read from the store.
pub(super) struct InteractionCard {
    /// With its people told apart.
    pub interaction: Interaction,
    pub marks: HandMarks,
    /// The people added by hand (not through an attendee address).
    pub hand_linked: Vec<PersonId>,
    /// The attendee addresses the owner took off.
    pub removed: Vec<String>,
}

/// The card: each fact (marked when set by hand), then a button for each thing that can
/// be wrong. `zone` shows the time in the owner's zone.
pub(super) fn compose_card(card: &InteractionCard, zone: Tz, today: NaiveDate) -> Reply {
    let interaction = &card.interaction;
    let marks = &card.marks;
    let mut lines = vec![when_line(interaction, marks, zone, today)];
    // The owner's word first, with the type kith counts it as.
    let kind = match &interaction.type_word {
        Some(word) => format!("{word} ({})", interaction.kind),
        None => interaction.kind.to_string(),
    };
    lines.push(format!(
        "Type: {kind}{}",
        by_hand(interaction.type_set_by_hand && interaction.calendar_event_id.is_some())
    ));
    if !interaction.title.is_empty() {
        lines.push(format!(
            "Title: {}{}",
            interaction.title,
            by_hand(marks.title)
        ));
    }
    lines.push(people_line(card));
    lines.extend(attendee_lines(card));
    lines.push(format!(
        "Source: {}",
        source_text(interaction.source.as_str())
    ));
    let mut flags = Vec::new();
    if interaction.did_not_happen {
        flags.push(format!("didn't happen{}", by_hand(marks.happened)));
    }
    if interaction.initiated_by_other {
        flags.push("they initiated".to_owned());
    }
    if !flags.is_empty() {
        lines.push(format!("Flags: {}", flags.join(", ")));
    }
    if !interaction.notes.is_empty() {
        lines.push(format!("Notes:\n{}", interaction.notes));
    }
    let mut reply = Reply::titled(
        format!("{} · {}", interaction.occurred_on, interaction.label()),
        lines.join("\n"),
    )
    .about(Subject::Interaction(interaction.id));
    for row in card_buttons(interaction) {
        reply = reply.with_row(row);
    }
    reply
}

fn by_hand(set: bool) -> &'static str {
    if set { " (set by you)" } else { "" }
}

/// "When: 2026-11-20 14:00 (upcoming)", the time in the owner's zone.
fn when_line(interaction: &Interaction, marks: &HandMarks, zone: Tz, today: NaiveDate) -> String {
    let time = interaction
        .occurred_at
        .as_deref()
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .map(|at| at.with_timezone(&zone).format(" %H:%M").to_string())
        .unwrap_or_default();
    let upcoming = if interaction.occurred_on > today {
        " (upcoming)"
    } else {
        ""
    };
    format!(
        "When: {}{time}{upcoming}{}",
        interaction.occurred_on,
        by_hand(marks.date)
    )
}

/// "People: Jane (by hand); Bob (via bob@acme.io)", or "People: no one".
fn people_line(card: &InteractionCard) -> String {
    let interaction = &card.interaction;
    if interaction.people.is_empty() {
        return "People: no one".to_owned();
    }
    let people: Vec<String> = interaction
        .people
        .iter()
        .map(|(person, name)| {
            let via: Vec<&str> = interaction
                .attendees
                .iter()
                .filter(|(_, response, owner)| {
                    *owner == Some(*person) && *response != ResponseStatus::Declined
                })
                .map(|(address, _, _)| address.as_str())
                .collect();
            match (card.hand_linked.contains(person), via.is_empty()) {
                (true, true) => format!("{name} (by hand)"),
                (true, false) => format!("{name} (by hand; via {})", via.join(", ")),
                (false, _) => format!("{name} (via {})", via.join(", ")),
            }
        })
        .collect();
    format!("People: {}", people.join("; "))
}

/// "Attendees:" (an email's "Recipients:") and a line for each address.
fn attendee_lines(card: &InteractionCard) -> Vec<String> {
    let interaction = &card.interaction;
    if interaction.attendees.is_empty() {
        return Vec::new();
    }
    // An email has recipients, who answer no invitation.
    let email = interaction.kind == InteractionType::Email;
    let mut lines = vec![if email { "Recipients:" } else { "Attendees:" }.to_owned()];
    for (address, response, owner) in &interaction.attendees {
        let answer = if card.removed.contains(address) {
            " — taken off by you".to_owned()
        } else if email {
            String::new()
        } else {
            format!(" — {}", response.as_str())
        };
        let whose = match owner {
            Some(person) => interaction
                .people
                .iter()
                .find(|(p, _)| p == person)
                .map_or_else(String::new, |(_, name)| format!(" · {name}")),
            None => " · unknown".to_owned(),
        };
        lines.push(format!("  {address}{answer}{whose}"));
    }
    lines
}

/// Where an interaction came from, in words.
fn source_text(source: &str) -> &'static str {
    match source {
        "manual" => "logged by hand",
        "google" => "Google Calendar",
        "ics" => "calendar feed",
        "gmail" => "Gmail",
        "imap" => "IMAP mailbox",
        "mbox" => "mbox archive",
        "telegram" => "Telegram",
        _ => "import",
    }
}

/// Date, Type, People +/−, Title; Add note, Replace notes; Happened, who initiated, Delete.
fn card_buttons(interaction: &Interaction) -> Vec<Vec<Button>> {
    let id = interaction.id;
    let ask = |label: &str, ask| {
        button(
            label,
            Callback::InteractionAsk {
                interaction: id,
                ask,
            },
        )
    };
    let happened = Callback::Happened {
        interaction: id,
        happened: interaction.did_not_happen,
    };
    let initiated = Callback::Initiated {
        interaction: id,
        by_other: !interaction.initiated_by_other,
    };
    vec![
        vec![
            ask("Date", InteractionAsk::Date),
            button("Type", Callback::InteractionTypes(id)),
            button("People +/−", Callback::InteractionPeople(id)),
            ask("Title", InteractionAsk::Title),
        ],
        vec![
            ask("Add note", InteractionAsk::AddNote),
            ask("Replace notes", InteractionAsk::ReplaceNotes),
        ],
        vec![
            button(
                if interaction.did_not_happen {
                    "Happened"
                } else {
                    "Didn't happen"
                },
                happened,
            ),
            button(
                if interaction.initiated_by_other {
                    "I initiated"
                } else {
                    "They initiated"
                },
                initiated,
            ),
            button("Delete", Callback::Delete(id)),
        ],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use kith_domain::model::{InteractionId, Source};

    #[test]
    fn an_interaction_card_is_composed_from_what_was_read_without_a_store() {
        let (jane, bob) = (PersonId(1), PersonId(2));
        let card = InteractionCard {
            interaction: Interaction {
                id: InteractionId(9),
                occurred_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                occurred_at: Some("2026-11-20T13:00:00Z".into()),
                time_zone: None,
                kind: InteractionType::ALL[0],
                type_set_by_hand: false,
                type_word: None,
                title: "Roadmap".into(),
                notes: String::new(),
                source: Source::Google,
                calendar_event_id: Some("e1".into()),
                did_not_happen: false,
                initiated_by_other: true,
                people: vec![(jane, "Jane Doe".into()), (bob, "Bob Jones".into())],
                attendees: vec![
                    ("jane@acme.io".into(), ResponseStatus::Accepted, Some(jane)),
                    ("x@acme.io".into(), ResponseStatus::Declined, None),
                ],
            },
            marks: HandMarks {
                title: true,
                ..HandMarks::default()
            },
            hand_linked: vec![bob],
            removed: vec!["x@acme.io".into()],
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let reply = compose_card(&card, chrono_tz::Europe::Lisbon, today);
        let kind = InteractionType::ALL[0];
        assert_eq!(
            reply.body.lines().collect::<Vec<_>>(),
            [
                "When: 2026-11-20 13:00".to_owned(),
                format!("Type: {kind}"),
                "Title: Roadmap (set by you)".to_owned(),
                "People: Jane Doe (via jane@acme.io); Bob Jones (by hand)".to_owned(),
                "Attendees:".to_owned(),
                "  jane@acme.io — accepted · Jane Doe".to_owned(),
                "  x@acme.io — taken off by you · unknown".to_owned(),
                "Source: Google Calendar".to_owned(),
                "Flags: they initiated".to_owned(),
            ]
        );
        assert_eq!(reply.buttons.len(), 3);
        assert_eq!(reply.buttons[2][1].label, "I initiated");
        assert_eq!(reply.buttons[2][1].data(), "ii:9:0");
    }

    #[test]
    fn a_card_names_where_its_interaction_came_from() {
        for (source, shown) in [
            ("manual", "logged by hand"),
            ("gmail", "Gmail"),
            ("imap", "IMAP mailbox"),
            ("mbox", "mbox archive"),
            ("telegram", "Telegram"),
            ("import", "import"),
        ] {
            assert_eq!(source_text(source), shown, "{source}");
        }
    }
}
