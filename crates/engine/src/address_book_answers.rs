//! The owner's answers to the address book's questions and offers: **Keep kith's** /
//! **Take the phone's** on a conflict, **Archive in kith** / **Put back** / **Keep in kith
//! only** on a removed card, **Delete the card** / **Keep the card** on a person gone from
//! kith, and **Add them all** / **Choose** (**Add**, **Not in the address book**) on the
//! people without a card. A change to the network is recorded like any press (Undo, a
//! /history line); the links and questions are bookkeeping written in the same press. An
//! answer that needs the next sync to write asks the adapter to sync now. A question
//! answered already, a forged id, or one whose person is gone since changes nothing.

use super::callback::Callback;
use super::reply::{Effect, Reply, Subject};
use super::widgets::{button, no_more, page_note, pager, plural, truncate};
use super::{Engine, PAGE_SIZE};
use kith_domain::card::Field;
use kith_domain::model::PersonId;
use kith_store::{CardAsk, CardQuestion, Error, LinkState};

use super::address_book::{NO_BOOK, shown_value};

/// A reply that asks the adapter to sync right away (the next sync writes the answer).
fn syncing(reply: Reply) -> Reply {
    Reply {
        effect: Some(Effect::Sync { full: false }),
        ..reply
    }
}

/// The button back to the questions.
fn questions_button() -> super::Button {
    button("Address book ▸", Callback::CardQuestions { offset: 0 })
}

impl Engine<'_> {
    /// A press on a question's button or a page of them.
    pub(super) fn card_question_pressed(&mut self, callback: Callback) -> Result<Reply, Error> {
        let (id, answer) = match callback {
            Callback::CardQuestions { offset } => {
                return self.card_questions_page(offset as usize);
            }
            Callback::CardKeepKith(id)
            | Callback::CardTakeCard(id)
            | Callback::CardArchive(id)
            | Callback::CardPutBack(id)
            | Callback::CardKithOnly(id)
            | Callback::CardDelete(id)
            | Callback::CardKeep(id) => (id, callback),
            _ => return Ok(Reply::expired()),
        };
        let question = match self.open_card_question(id, answer)? {
            Ok(question) => question,
            Err(reply) => return Ok(reply),
        };
        match (answer, &question.ask) {
            (Callback::CardKeepKith(_), CardAsk::Conflict { field, card, .. }) => {
                self.keep_kiths(&question, *field, card)
            }
            (Callback::CardTakeCard(_), CardAsk::Conflict { field, card, .. }) => {
                self.take_cards(&question, *field, card)
            }
            (Callback::CardArchive(_), _) => self.archive_in_kith(&question),
            (Callback::CardDelete(_), _) => {
                let said = format!("you deleted {}'s card", question.name);
                self.settle_link(&question, LinkState::ToDelete, &said)?;
                Ok(syncing(Reply::text(format!(
                    "{}'s card will be deleted from your address book at the next sync.",
                    question.name
                ))))
            }
            (Callback::CardPutBack(_), _) => {
                self.settle_link(&question, LinkState::ToAdd, "you put the card back")?;
                Ok(syncing(Reply::text(format!(
                    "{}'s card will be written back to your address book at the next sync.",
                    question.name
                ))))
            }
            (Callback::CardKithOnly(_), _) => {
                let said = "you kept them in kith only";
                self.settle_link(&question, LinkState::KithOnly, said)?;
                Ok(Reply::text(format!(
                    "{} stays in kith only: never written to your address book again.",
                    question.name
                )))
            }
            (Callback::CardKeep(_), _) => {
                self.settle_link(&question, LinkState::CardOnly, "you kept the card")?;
                Ok(Reply::text(format!(
                    "{}'s card stays in your address book, left alone.",
                    question.name
                )))
            }
            _ => Ok(Reply::expired()),
        }
    }

    /// The question `id` if it is open and `answer` is one of its buttons, with its name
    /// told apart; else what to say (answered already, its person gone, a forged id).
    fn open_card_question(
        &self,
        id: i64,
        answer: Callback,
    ) -> Result<Result<CardQuestion, Reply>, Error> {
        let Some(mut question) = self.store.card_question(id)? else {
            if self.store.card_question_dropped(id)? {
                return Ok(Err(Reply::notice(
                    "This question is no longer asked: its person left kith since (merged into someone else, or removed). Nothing was changed.",
                )));
            }
            return Ok(Err(Reply::expired()));
        };
        let fits = matches!(
            (answer, &question.ask),
            (
                Callback::CardKeepKith(_) | Callback::CardTakeCard(_),
                CardAsk::Conflict { .. }
            ) | (
                Callback::CardArchive(_) | Callback::CardPutBack(_) | Callback::CardKithOnly(_),
                CardAsk::RemovedOnCard
            ) | (
                Callback::CardDelete(_) | Callback::CardKeep(_),
                CardAsk::RemovedInKith
            )
        );
        if !fits {
            return Ok(Err(Reply::expired()));
        }
        if let Some(given) = &question.answer {
            return Ok(Err(Reply::notice(format!("Already answered: {given}."))));
        }
        let wants_person = !matches!(question.ask, CardAsk::RemovedInKith);
        match question.person {
            Some(person) if self.store.person(person).is_ok() => {
                question.name = self.told_apart_name(person)?;
            }
            _ if wants_person => {
                return Ok(Err(Reply::notice(format!(
                    "{} is no longer in kith (merged into someone else or removed since this was asked); nothing was changed.",
                    truncate(&question.name, 80)
                ))));
            }
            _ => {}
        }
        Ok(Ok(question))
    }

    /// The link moved to `state` and the question answered with `said`.
    fn settle_link(
        &mut self,
        question: &CardQuestion,
        state: LinkState,
        said: &str,
    ) -> Result<(), Error> {
        self.store.set_card_link_state(question.link, state)?;
        self.store.answer_card_question(question.id, said)?;
        Ok(())
    }

    /// **Keep kith's**: the field counts as synced at the card's value, so the next sync
    /// writes kith's.
    fn keep_kiths(
        &mut self,
        question: &CardQuestion,
        field: Field,
        card: &str,
    ) -> Result<Reply, Error> {
        let words = field.in_words();
        self.store.settle_card_field(question.link, field, card)?;
        self.store
            .answer_card_question(question.id, &format!("you kept kith's {words}"))?;
        Ok(syncing(Reply::text(format!(
            "Kept kith's {words} for {}; the address book gets it at the next sync.",
            question.name
        ))))
    }

    /// **Take the phone's**: the card's value written into kith (recorded, with Undo),
    /// and the field settled at it.
    fn take_cards(
        &mut self,
        question: &CardQuestion,
        field: Field,
        card: &str,
    ) -> Result<Reply, Error> {
        let Some(person) = question.person else {
            return Ok(Reply::expired());
        };
        let words = field.in_words();
        let taken = self
            .store
            .take_card_fields(person, &[(field, card.to_owned())])?;
        // What kith could not take (an address that is someone else's) stays the card's:
        // the field is settled at what kith now has, so the next sync writes nothing away.
        let settled = if taken.left.contains(&field) {
            self.store.person_card_fields(person)?.get(field).to_owned()
        } else {
            card.to_owned()
        };
        self.store
            .settle_card_field(question.link, field, &settled)?;
        self.store
            .answer_card_question(question.id, &format!("you took the phone's {words}"))?;
        let mut lines = vec![format!(
            "Took the phone's {words} for {}: {}.",
            question.name,
            shown_value(field, card)
        )];
        lines.extend(taken.problems.iter().cloned());
        Ok(Reply::text(lines.join("\n"))
            .about(Subject::Person(person))
            .with_row(vec![
                button(format!("{} ▸", question.name), Callback::Person(person)),
                questions_button(),
            ]))
    }

    /// **Archive in kith**: the person archived as /archive does, never written to the
    /// address book again.
    fn archive_in_kith(&mut self, question: &CardQuestion) -> Result<Reply, Error> {
        let Some(person) = question.person else {
            return Ok(Reply::expired());
        };
        if !self.store.person(person)?.archived {
            self.store.set_archived(person, true)?;
        }
        let said = format!("you archived {} in kith", question.name);
        self.settle_link(question, LinkState::KithOnly, &said)?;
        Ok(Reply::text(format!(
            "Archived {} in kith: left out of /stale, the digest, suggestions and briefs; the card stays out of your address book.",
            question.name
        ))
        .about(Subject::Person(person))
        .with_row(vec![button(
            format!("{} ▸", question.name),
            Callback::Person(person),
        )]))
    }

    /// A press on the offer of the people without a card.
    pub(super) fn card_offer_pressed(&mut self, callback: Callback) -> Result<Reply, Error> {
        let Some(book) = self.store.address_book()? else {
            return Ok(Reply::text(NO_BOOK));
        };
        match callback {
            Callback::CardAddAll => self.add_all_to_book(&book),
            Callback::CardChoose { offset } => self.choose_for_book(&book, offset as usize),
            Callback::CardAdd(person) => self.add_to_book(&book, person),
            Callback::CardKeepOut(person) => self.keep_out(&book, person),
            _ => Ok(Reply::expired()),
        }
    }

    /// **Add them all**: a card for every active person without one, at the next sync.
    fn add_all_to_book(&mut self, book: &str) -> Result<Reply, Error> {
        let (total, _) = self.store.people_without_card(book, 0, 0)?;
        let (_, people) = self.store.people_without_card(book, total, 0)?;
        let ids: Vec<PersonId> = people.into_iter().map(|(id, _)| id).collect();
        let added = self.store.add_people_to_book(book, &ids)?;
        if added == 0 {
            return Ok(Reply::text(
                "Everyone in kith is in your address book already.",
            ));
        }
        Ok(syncing(Reply::text(format!(
            "{} will be added to your address book at the next sync.",
            plural(added, "person", "people")
        ))))
    }

    /// **Choose**: a page of the people without a card, each with **Add** and **Not in
    /// the address book**.
    fn choose_for_book(&self, book: &str, offset: usize) -> Result<Reply, Error> {
        let (total, page) = self.store.people_without_card(book, PAGE_SIZE, offset)?;
        if page.is_empty() && offset > 0 {
            return Ok(no_more(total, Callback::CardChoose { offset: 0 }));
        }
        if page.is_empty() {
            return Ok(Reply::text(
                "Everyone in kith is in your address book already.",
            ));
        }
        let names = self.told_apart(&page)?;
        let mut reply = Reply::titled("Not in your address book", String::new());
        let mut lines = Vec::new();
        for (index, ((person, _), name)) in page.iter().zip(names).enumerate() {
            let number = offset + index + 1;
            lines.push(format!("{number}. {}", truncate(&name, 80)));
            reply = reply.with_row(vec![
                button(format!("{number}. Add"), Callback::CardAdd(*person)),
                button(
                    format!("{number}. Not in the address book"),
                    Callback::CardKeepOut(*person),
                ),
            ]);
        }
        reply.body = lines.join("\n") + &page_note(offset, page.len(), total);
        Ok(reply.with_row(pager(offset, PAGE_SIZE, total, |offset| {
            Callback::CardChoose { offset }
        })))
    }

    /// Whether `person` has a link to `book` already (a card, or kept out).
    fn has_card_link(&self, book: &str, person: PersonId) -> Result<bool, Error> {
        Ok(self
            .store
            .card_links(book)?
            .iter()
            .any(|link| link.person == Some(person)))
    }

    /// **Add**: one person's card written at the next sync.
    fn add_to_book(&mut self, book: &str, person: PersonId) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        if self.has_card_link(book, person)? {
            return Ok(Reply::notice(format!(
                "{name} is in your address book already, or kept out of it; nothing was changed."
            )));
        }
        self.store.add_people_to_book(book, &[person])?;
        Ok(syncing(
            Reply::text(format!(
                "{name} will be added to your address book at the next sync."
            ))
            .with_row(vec![button(
                "Choose more ▸",
                Callback::CardChoose { offset: 0 },
            )]),
        ))
    }

    /// **Not in the address book**: the person is never offered or written again.
    fn keep_out(&mut self, book: &str, person: PersonId) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        if self.has_card_link(book, person)? {
            return Ok(Reply::notice(format!(
                "{name} is in your address book already, or kept out of it; nothing was changed."
            )));
        }
        self.store.keep_out_of_book(book, person)?;
        Ok(Reply::text(format!(
            "{name} stays out of your address book: never offered or written again."
        ))
        .with_row(vec![button(
            "Choose more ▸",
            Callback::CardChoose { offset: 0 },
        )]))
    }
}
