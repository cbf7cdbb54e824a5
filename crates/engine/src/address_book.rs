//! What the address book sync asks the owner, as the digest and `/addressbook` show it:
//! each open question (a field changed on both sides, a card removed from the address
//! book, a person gone from kith) with its answer buttons, and the offer to add the people
//! who have no card. The answers are `address_book_answers`'.

use super::callback::Callback;
use super::reply::Reply;
use super::widgets::{button, no_more, page_note, pager, plural, truncate};
use super::{Engine, PAGE_SIZE};
use kith_domain::card::Field;
use kith_domain::contact::Birthday;
use kith_store::{CardAsk, CardQuestion, Error};

/// Questions the digest shows one by one; the rest are behind /addressbook.
pub const DIGEST_CARD_QUESTIONS: usize = 5;

/// What `/addressbook` says before any address book was synced.
pub(super) const NO_BOOK: &str =
    "No address book is synced yet: set KITH_CARDDAV_URL (README: Sync your address book).";

/// The address book's part of a digest, loaded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AddressBookDigest {
    /// The open questions, oldest first (at most `DIGEST_CARD_QUESTIONS`).
    pub questions: Vec<CardQuestion>,
    /// How many more are open.
    pub more: usize,
    /// How many active people have no card in the synced address book.
    pub without_card: usize,
}

/// A value as a person reads it: "nothing" for an empty side, a birthday as a date, the
/// items of a list one after the other.
pub(super) fn shown_value(field: Field, value: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        return "nothing".to_owned();
    }
    let shown = match field {
        Field::Birthday => Birthday::parse(value)
            .map(Birthday::shown)
            .unwrap_or_else(|_| value.to_owned()),
        Field::Email(_) | Field::Phone(_) => value.lines().collect::<Vec<_>>().join(", "),
        _ => value.replace('\n', " "),
    };
    // Ten questions a page, each with both sides, stay within one message.
    truncate(&shown, 120)
}

/// The question in words: "Ana Souza's mobile: the phone says …, kith says …".
pub(super) fn question_text(question: &CardQuestion) -> String {
    let name = truncate(&question.name, 80);
    match &question.ask {
        CardAsk::Conflict { field, card, kith } => format!(
            "{name}'s {}: the phone says {}, kith says {}",
            field.in_words(),
            shown_value(*field, card),
            shown_value(*field, kith)
        ),
        CardAsk::RemovedOnCard => format!("Removed from your address book: {name}"),
        CardAsk::RemovedInKith => format!("Gone from kith, still in your address book: {name}"),
    }
}

/// The answer buttons of a question, each label after `prefix` ("1. ").
pub(super) fn question_buttons(question: &CardQuestion, prefix: &str) -> Vec<super::Button> {
    let id = question.id;
    let choices: Vec<(&str, Callback)> = match question.ask {
        CardAsk::Conflict { .. } => vec![
            ("Keep kith's", Callback::CardKeepKith(id)),
            ("Take the phone's", Callback::CardTakeCard(id)),
        ],
        CardAsk::RemovedOnCard => vec![
            ("Archive in kith", Callback::CardArchive(id)),
            ("Put back", Callback::CardPutBack(id)),
            ("Keep in kith only", Callback::CardKithOnly(id)),
        ],
        CardAsk::RemovedInKith => vec![
            ("Delete the card", Callback::CardDelete(id)),
            ("Keep the card", Callback::CardKeep(id)),
        ],
    };
    choices
        .into_iter()
        .map(|(label, callback)| button(format!("{prefix}{label}"), callback))
        .collect()
}

/// "N people in kith are not in your address book" with **Add them all** and **Choose**.
pub(super) fn offer_message(without_card: usize) -> Reply {
    Reply::text(offer_line(without_card)).with_row(offer_buttons())
}

fn offer_line(without_card: usize) -> String {
    format!(
        "{} in kith {} not in your address book.",
        plural(without_card, "person", "people"),
        if without_card == 1 { "is" } else { "are" }
    )
}

fn offer_buttons() -> Vec<super::Button> {
    vec![
        button("Add them all", Callback::CardAddAll),
        button("Choose", Callback::CardChoose { offset: 0 }),
    ]
}

/// The digest's "Address book" messages: a heading, each question with its buttons,
/// "and N more: /addressbook", then the offer. The first is titled when `title` is given.
pub fn digest_messages(data: &AddressBookDigest, title: Option<&str>) -> Vec<Reply> {
    let mut messages = Vec::new();
    if !data.questions.is_empty() {
        let total = data.questions.len() + data.more;
        messages.push(Reply::text(format!(
            "Address book: {} from the last sync.",
            plural(total, "question", "questions")
        )));
        for question in &data.questions {
            messages.push(
                Reply::text(question_text(question)).with_row(question_buttons(question, "")),
            );
        }
        if data.more > 0 {
            messages.push(
                Reply::text(format!("And {} more: /addressbook", data.more)).with_row(vec![
                    button("More ▸", Callback::CardQuestions { offset: 0 }),
                ]),
            );
        }
    }
    if data.without_card > 0 {
        if messages.is_empty() {
            messages.push(Reply::text(format!(
                "Address book: {}",
                offer_line(data.without_card)
            )));
            messages[0] = messages[0].clone().with_row(offer_buttons());
        } else {
            messages.push(offer_message(data.without_card));
        }
    }
    if let (Some(title), Some(first)) = (title, messages.first_mut()) {
        first.title = Some(title.to_owned());
    }
    messages
}

impl Engine<'_> {
    /// The address book's part of today's digest: nothing before any sync.
    pub(super) fn address_book_digest(&self) -> Result<AddressBookDigest, Error> {
        let Some(book) = self.store.address_book()? else {
            return Ok(AddressBookDigest::default());
        };
        let (open, questions) = self.store.open_card_questions(DIGEST_CARD_QUESTIONS)?;
        let (without_card, _) = self.store.people_without_card(&book, 0, 0)?;
        Ok(AddressBookDigest {
            more: open.saturating_sub(questions.len()),
            questions,
            without_card,
        })
    }

    /// `/addressbook` and its pages: every open question with its buttons, then the
    /// offer of the people without a card.
    pub(super) fn card_questions_page(&self, offset: usize) -> Result<Reply, Error> {
        let Some(book) = self.store.address_book()? else {
            return Ok(Reply::text(NO_BOOK));
        };
        let (total, mut questions) = self.store.open_card_questions(offset + PAGE_SIZE)?;
        let page: Vec<CardQuestion> = questions.drain(..).skip(offset).collect();
        if page.is_empty() && offset > 0 {
            return Ok(no_more(total, Callback::CardQuestions { offset: 0 }));
        }
        let (without_card, _) = self.store.people_without_card(&book, 0, 0)?;
        if page.is_empty() && without_card == 0 {
            return Ok(Reply::text("Nothing to ask about your address book."));
        }
        if page.is_empty() {
            return Ok(offer_message(without_card));
        }
        let mut reply = Reply::titled("Your address book asks", String::new());
        let mut lines = Vec::new();
        for (index, question) in page.iter().enumerate() {
            let number = offset + index + 1;
            lines.push(format!("{number}. {}", question_text(question)));
            reply = reply.with_row(question_buttons(question, &format!("{number}. ")));
        }
        reply.body = lines.join("\n") + &page_note(offset, page.len(), total);
        reply = reply.with_row(pager(offset, PAGE_SIZE, total, |offset| {
            Callback::CardQuestions { offset }
        }));
        if without_card > 0 {
            reply.body = format!("{}\n\n{}", reply.body, offer_line(without_card));
            reply = reply.with_row(offer_buttons());
        }
        Ok(reply)
    }
}
