//! Things to bring up next time (`/topic`): kept from the chat, listed with `/topic
//! NAME`, on the card, in meeting briefs and after a log ("which were covered?"), and
//! covered with a press of **Done**.

use chrono::{DateTime, NaiveDate, Utc};

use super::callback::Callback;
use super::reply::{Button, Reply, Subject};
use super::widgets::{button, truncate};
use super::{Context, Engine};
use kith_domain::error::Refusal;
use kith_domain::intention::{Topic, TopicId};
use kith_domain::model::PersonId;
use kith_store::{Error, MAX_INTENTION_TEXT};

/// How many topics a card or a brief offers a **Done** button for.
pub(super) const TOPIC_BUTTONS: usize = 3;
/// How many topics a list or a question after a log shows.
const LISTED: usize = 10;

/// A topic's text on one line, as lists, cards, briefs and buttons show it: each run
/// of spaces and line breaks one space (the text is kept as typed).
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "✓ the Lisbon intro", the button that marks a topic covered.
pub(super) fn done_button(prefix: &str, topic: &Topic) -> Button {
    button(
        format!("✓ {prefix}{}", truncate(&one_line(&topic.text), 40)),
        Callback::TopicDone(topic.id),
    )
}

/// "To bring up:" and a line for each of the first `max` topics, each cut to `chars`
/// (none when there are none).
pub(super) fn topic_lines(
    (name, topics): (&str, &[Topic]),
    indent: &str,
    (max, chars): (usize, usize),
) -> Vec<String> {
    if topics.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!("{indent}To bring up:")];
    lines.extend(
        topics
            .iter()
            .take(max)
            .map(|t| format!("{indent}  • {}", truncate(&one_line(&t.text), chars))),
    );
    if topics.len() > max {
        lines.push(format!(
            "{indent}  …and {} more (/topic {name} lists them)",
            topics.len() - max
        ));
    }
    lines
}

impl Engine<'_> {
    /// `/topic NAME: TEXT` keeps a topic; `/topic NAME` lists the open ones.
    pub(super) fn topic(
        &mut self,
        _context: Context,
        person: PersonId,
        text: Option<&str>,
    ) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        let Some(text) = text else {
            return self.topics_list(person, &name);
        };
        let length = text.trim().chars().count();
        if length > MAX_INTENTION_TEXT {
            return Ok(Reply::text(format!(
                "A topic can be at most 1,000 characters (this one has {}). Nothing changed.",
                super::followups::thousands(length)
            )));
        }
        let same = one_line(text).to_lowercase();
        if let Some(kept) = self
            .store
            .topics_of(person)?
            .into_iter()
            .find(|t| one_line(&t.text).to_lowercase() == same)
        {
            return Ok(Reply::text(format!(
                "Already on the list to bring up with {name}: “{}”. Nothing changed.",
                truncate(&one_line(&kept.text), 200)
            ))
            .about(Subject::Person(person)));
        }
        self.store.add_topic(person, text)?;
        let shows = if self.store.person(person)?.archived {
            format!(
                "{name} is archived, so it shows on their card but not in meeting briefs (archived people are left out of them) until you mark it done."
            )
        } else {
            "It shows on their card and in the brief of every meeting with them until you mark it done.".to_owned()
        };
        Ok(Reply::text(format!(
            "To bring up with {name} next time: “{}”.\n{shows}",
            truncate(&one_line(text), 200)
        ))
        .about(Subject::Person(person)))
    }

    /// A person's open topics, each with **Done**.
    fn topics_list(&self, person: PersonId, name: &str) -> Result<Reply, Error> {
        let topics = self.store.topics_of(person)?;
        if topics.is_empty() {
            let typed = self.typed_name(person)?;
            return Ok(Reply::text(format!(
                "Nothing to bring up with {name}. Keep something with /topic {typed}: TEXT"
            ))
            .about(Subject::Person(person)));
        }
        let mut reply = Reply::text(format!("To bring up with {name}:\n{}", listed(&topics)))
            .about(Subject::Person(person));
        for topic in topics.iter().take(LISTED) {
            reply = reply.with_row(vec![done_button("", topic)]);
        }
        Ok(reply)
    }

    /// **Done** (or **Covered**) on a topic: it is covered; the person's other open
    /// topics follow with their buttons, so a list or a question keeps working.
    pub(super) fn topic_done(&mut self, _context: Context, topic: TopicId) -> Result<Reply, Error> {
        let topic = match self.store.topic(topic) {
            Ok(topic) => topic,
            // Never kept, or its adding was undone: a stale or forged button.
            Err(Error::Refused(Refusal::NotFound { .. })) => return Ok(Reply::expired()),
            Err(error) => return Err(error),
        };
        if topic.done || !self.store.finish_topic(topic.id)? {
            return Ok(Reply::notice(format!(
                "Already covered: “{}”.",
                truncate(&one_line(&topic.text), 80)
            )));
        }
        let name = self.told_apart_name(topic.person)?;
        let mut text = format!(
            "Covered with {name}: “{}”.",
            truncate(&one_line(&topic.text), 200)
        );
        let rest = self.store.topics_of(topic.person)?;
        if !rest.is_empty() {
            text.push_str(&format!("\nStill to bring up:\n{}", listed(&rest)));
        }
        let mut reply = Reply::text(text).about(Subject::Person(topic.person));
        for other in rest.iter().take(LISTED) {
            reply = reply.with_row(vec![done_button("", other)]);
        }
        Ok(reply)
    }

    /// After a log with `people` on day `on`: the reply, followed by a question listing
    /// their open topics made by the end of that day with **Covered** each, when they
    /// have any.
    pub(super) fn ask_topics_covered(
        &self,
        people: &[PersonId],
        on: NaiveDate,
        mut reply: Reply,
    ) -> Result<Reply, Error> {
        let zone = self.preferences.timezone;
        let before = on
            .succ_opt()
            .and_then(|next| next.and_hms_opt(0, 0, 0))
            .and_then(|midnight| midnight.and_local_timezone(zone).earliest())
            .map_or(DateTime::<Utc>::MAX_UTC, |at| at.with_timezone(&Utc));
        let mut open = Vec::new();
        for person in people {
            let topics = self.store.topics_made_before(*person, before)?;
            if !topics.is_empty() {
                open.push((self.told_apart_name(*person)?, topics));
            }
        }
        if open.is_empty() {
            return Ok(reply);
        }
        let several = open.len() > 1;
        let mut lines = vec!["Did you bring these up?".to_owned()];
        let mut question = Reply::text(String::new());
        let (mut shown, mut more) = (0, 0);
        for (name, topics) in &open {
            if shown < LISTED {
                lines.push(format!("{name}:"));
            }
            let whose = if several {
                format!("{}: ", truncate(name, 16))
            } else {
                String::new()
            };
            for topic in topics {
                if shown == LISTED {
                    more += 1;
                    continue;
                }
                let text = one_line(&topic.text);
                lines.push(format!("  • {}", truncate(&text, 160)));
                let covered = button(
                    format!("Covered: {whose}{}", truncate(&text, 40)),
                    Callback::TopicDone(topic.id),
                );
                question = question.with_row(vec![covered]);
                shown += 1;
            }
        }
        if more > 0 {
            lines.push(format!("…and {more} more: /topic NAME lists them."));
        }
        question.body = lines.join("\n");
        reply.followups.push(question);
        Ok(reply)
    }
}

/// "  1. the Lisbon intro" for the first `LISTED` topics, and how many more.
fn listed(topics: &[Topic]) -> String {
    let mut lines: Vec<String> = topics
        .iter()
        .take(LISTED)
        .enumerate()
        .map(|(index, t)| format!("  {}. {}", index + 1, truncate(&one_line(&t.text), 160)))
        .collect();
    if topics.len() > LISTED {
        lines.push(format!(
            "  …and {} more: mark some done to see them.",
            topics.len() - LISTED
        ));
    }
    lines.join("\n")
}
