//! The /find answer. Names first: what names one thing (`pick`, the rule every command's
//! names follow) opens its card; several (or a person and an organization that both
//! match) are offered as buttons; none suggests /new. Then what the owner wrote —
//! people's notes, interactions' titles and notes, topics — under "In your notes", each
//! with the words around the match «marked» and a button to its card, a page at a time
//! (the query kept as a pending action, so ◀ ▶ read the same words).

use serde::{Deserialize, Serialize};

use super::callback::Callback;
use super::reply::{Button, Reply};
use super::widgets::{button, numbered, page_note, pager, truncate};
use super::{Context, Engine, PAGE_SIZE};
use kith_domain::model::PersonId;
use kith_domain::pick::{Pick, pick};
use kith_domain::rank::{Match, MatchTarget};
use kith_store::{Error, Reach, WritingHit, Written};

/// How long a search's ◀ ▶ keep working.
const SEARCH_LIFETIME_DAYS: i64 = 7;

/// The longest snippet a line shows.
const SNIPPET_CHARS: usize = 160;

/// A /find whose notes have more than a page, kept for its ◀ ▶.
#[derive(Serialize, Deserialize)]
struct WritingSearch {
    find_writing: String,
}

/// One line of "In your notes": what it says and the card its button opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct WritingLine {
    pub text: String,
    pub open: Callback,
}

impl Engine<'_> {
    /// `/find TEXT` (and plain text): the names as `search_results` answers them, then
    /// what the owner wrote. Archived people are found too; their labels say so.
    pub(super) fn find(&mut self, context: Context, query: &str) -> Result<Reply, Error> {
        let hits = self.store.find_among(query, PAGE_SIZE, Reach::Everyone)?;
        let writing = self
            .store
            .find_writing(query, Reach::Everyone, 0, PAGE_SIZE)?;
        if writing.total == 0 {
            return self.search_results(context, query, hits);
        }
        if one_card(&hits).is_some() {
            // The card stays the answer to a name; the notes are a press away.
            let pending = self.keep_search(context, query)?;
            let card = self.search_results(context, query, hits)?;
            return Ok(card.with_row(vec![button(
                format!("In your notes: {} ▸", writing.total),
                Callback::WritingPage { pending, offset: 0 },
            )]));
        }
        let pending = if writing.total > PAGE_SIZE {
            Some(self.keep_search(context, query)?)
        } else {
            None
        };
        let names = if hits.is_empty() {
            Reply::text(format!("No one is called {query:?}."))
        } else {
            self.search_results(context, query, hits)?
        };
        let lines = self.writing_lines(&writing.hits)?;
        let page = WritingShown {
            lines: &lines,
            offset: 0,
            total: writing.total,
            pending,
        };
        Ok(page.after(names, "In your notes:"))
    }

    /// **◀ ▶** of a search's notes: the page at `offset` of the query kept as `pending`.
    pub(super) fn writing_page(
        &mut self,
        context: Context,
        pending: i64,
        offset: usize,
    ) -> Result<Reply, Error> {
        let not_before = context.now - chrono::Duration::days(SEARCH_LIFETIME_DAYS);
        let kept = self
            .store
            .pending_action(context.chat, pending, not_before)?
            .and_then(|json| serde_json::from_str::<WritingSearch>(&json).ok());
        let Some(WritingSearch {
            find_writing: query,
        }) = kept
        else {
            return Ok(Reply::expired());
        };
        let page = self
            .store
            .find_writing(&query, Reach::Everyone, offset, PAGE_SIZE)?;
        if page.hits.is_empty() {
            return Ok(super::widgets::no_more(
                page.total,
                Callback::WritingPage { pending, offset: 0 },
            ));
        }
        let lines = self.writing_lines(&page.hits)?;
        let shown = WritingShown {
            lines: &lines,
            offset,
            total: page.total,
            pending: Some(pending),
        };
        Ok(shown.after(Reply::text(""), &format!("What you wrote about {query:?}:")))
    }

    /// The query kept as a pending action, for the buttons that page through its notes.
    fn keep_search(&mut self, context: Context, query: &str) -> Result<i64, Error> {
        let kept = WritingSearch {
            find_writing: query.to_owned(),
        };
        let json = serde_json::to_string(&kept).expect("searches serialise");
        self.store.save_pending(context.chat, &json, context.now)
    }

    /// Each hit as a line: whose notes or topic it is, or the interaction's day, type
    /// and people, then the words around the match.
    fn writing_lines(&self, hits: &[WritingHit]) -> Result<Vec<WritingLine>, Error> {
        let mut lines = Vec::with_capacity(hits.len());
        for hit in hits {
            let snippet = truncate(&one_line(&hit.snippet), SNIPPET_CHARS);
            let line = match hit.written {
                Written::PersonNotes(person) => WritingLine {
                    text: format!("{} · notes: {snippet}", self.writing_owner(person)?),
                    open: Callback::Person(person),
                },
                Written::Topic(topic) => {
                    let topic = self.store.topic(topic)?;
                    let done = if topic.done { " (done)" } else { "" };
                    WritingLine {
                        text: format!(
                            "{} · to bring up{done}: {snippet}",
                            self.writing_owner(topic.person)?
                        ),
                        open: Callback::Person(topic.person),
                    }
                }
                Written::Interaction(id) => {
                    let interaction = self.store.interaction(id)?;
                    let mut text = format!("{} · {}", interaction.occurred_on, interaction.label());
                    let people: Vec<(PersonId, String)> = interaction.people.clone();
                    let names = self.told_apart(&people)?;
                    if !names.is_empty() {
                        text.push_str(&format!(" · {}", names.join(", ")));
                    }
                    text.push_str(&format!(": {snippet}"));
                    WritingLine {
                        text,
                        open: Callback::Interaction(id),
                    }
                }
            };
            lines.push(line);
        }
        Ok(lines)
    }

    /// A person as a line of notes names them: told apart, an archived one marked.
    fn writing_owner(&self, person: PersonId) -> Result<String, Error> {
        let mut name = self.told_apart_name(person)?;
        if self.store.person(person)?.archived {
            name.push_str(" (archived)");
        }
        Ok(name)
    }

    /// The card when `pick` says the hits name one (and every other hit is of its kind:
    /// a person and an organization that both match are both offered), with the others a
    /// tap away; otherwise every hit as a button.
    pub(super) fn search_results(
        &self,
        context: Context,
        query: &str,
        hits: Vec<Match>,
    ) -> Result<Reply, Error> {
        let labels = self.hit_labels(&hits)?;
        if let Some(index) = one_card(&hits) {
            {
                let mut reply = match hits[index].target {
                    MatchTarget::Person(id) => self.person_card(context, id)?,
                    MatchTarget::Organization(id) => self.organization_card(context, id)?,
                };
                let others = (0..hits.len()).filter(|other| *other != index).take(3);
                for other in others {
                    reply = reply.with_row(vec![button(
                        format!("Also: {}", labels[other]),
                        open(&hits[other].target),
                    )]);
                }
                return Ok(reply);
            }
        }
        match pick(&hits) {
            Pick::Nothing => Ok(Reply::text(format!(
                "No one matches {query:?}. Add them with /new {}.",
                truncate(query, 60)
            ))),
            _ => {
                let mut reply = Reply::text(format!("{} matches for {query:?}:", hits.len()));
                for (hit, label) in hits.iter().zip(labels) {
                    reply = reply.with_row(vec![button(label, open(&hit.target))]);
                }
                Ok(reply)
            }
        }
    }

    /// Each hit's button label: people as `person_labels` shows them together
    /// (never two alike, archived ones marked), organizations marked 🏢.
    fn hit_labels(&self, hits: &[Match]) -> Result<Vec<String>, Error> {
        let people: Vec<(PersonId, String)> = hits
            .iter()
            .filter_map(|hit| match hit.target {
                MatchTarget::Person(id) => Some((id, hit.label.clone())),
                MatchTarget::Organization(_) => None,
            })
            .collect();
        let mut labels = self.person_labels(&people, false)?.into_iter();
        Ok(hits
            .iter()
            .map(|hit| match hit.target {
                MatchTarget::Person(_) => labels.next().unwrap_or_default(),
                MatchTarget::Organization(_) => format!("🏢 {}", hit.label),
            })
            .collect())
    }
}

/// The hit whose card a search opens: the one `pick` names, when every other hit is of
/// its kind (a person and an organization that both match are both offered).
fn one_card(hits: &[Match]) -> Option<usize> {
    match pick(hits) {
        Pick::One(index)
            if hits
                .iter()
                .all(|hit| same_kind(&hit.target, &hits[index].target)) =>
        {
            Some(index)
        }
        _ => None,
    }
}

/// A page of "In your notes": the lines numbered from `offset`, and — when the search
/// was kept (`pending`) — ◀ ▶.
pub(super) struct WritingShown<'a> {
    pub lines: &'a [WritingLine],
    pub offset: usize,
    pub total: usize,
    pub pending: Option<i64>,
}

impl WritingShown<'_> {
    /// `reply` with the page after its text under `heading`, a numbered button to each
    /// line's card, then ◀ ▶.
    pub(super) fn after(&self, reply: Reply, heading: &str) -> Reply {
        let listed: Vec<String> = self
            .lines
            .iter()
            .enumerate()
            .map(|(index, line)| numbered(self.offset + index, &line.text))
            .collect();
        let mut reply = reply;
        let heading = if reply.body.is_empty() {
            heading.to_owned()
        } else {
            format!("{}\n\n{heading}", reply.body)
        };
        reply.body = format!(
            "{heading}\n{}{}",
            listed.join("\n"),
            page_note(self.offset, self.lines.len(), self.total)
        );
        let buttons: Vec<Button> = self
            .lines
            .iter()
            .enumerate()
            .map(|(index, line)| button(format!("{}", self.offset + index + 1), line.open))
            .collect();
        for row in buttons.chunks(5) {
            reply = reply.with_row(row.to_vec());
        }
        if let Some(pending) = self.pending {
            let row = pager(self.offset, PAGE_SIZE, self.total, |offset| {
                Callback::WritingPage { pending, offset }
            });
            if !row.is_empty() {
                reply = reply.with_row(row);
            }
        }
        reply
    }
}

/// A snippet on one line: its line breaks as spaces.
fn one_line(snippet: &str) -> String {
    snippet.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The button that opens a hit.
fn open(target: &MatchTarget) -> Callback {
    match *target {
        MatchTarget::Person(id) => Callback::Person(id),
        MatchTarget::Organization(id) => Callback::Organization(id),
    }
}

/// Whether two search hits are both people or both organizations.
fn same_kind(first: &MatchTarget, second: &MatchTarget) -> bool {
    matches!(
        (first, second),
        (MatchTarget::Person(_), MatchTarget::Person(_))
            | (MatchTarget::Organization(_), MatchTarget::Organization(_))
    )
}
