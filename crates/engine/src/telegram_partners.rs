//! Triage of Telegram chat partners who are no one in kith yet (from the digest or
//! `/telegram`), like unknown addresses: **Link to** a suggested person, **Link to…** (a
//! typed name), **Create** (a person with their names, id and username), **Ignore**
//! (their chats never logged). Linking or creating logs the days that waited. A press
//! whose partner is someone's by now, or ignored, says so and changes nothing.

use super::callback::Callback;
use super::questions::{self, Question};
use super::reply::{Reply, Subject};
use super::widgets::{button, no_more, page_note, pager, plural, truncate};
use super::{Context, Engine, PAGE_SIZE};
use kith_domain::model::PersonId;
use kith_domain::rank::{MatchReason, MatchTarget};
use kith_domain::telegram::TelegramUser;
use kith_store::{Error, NewPerson, TelegramIdentity, WaitingPartner};

/// How many people a partner suggests linking to.
const SUGGESTIONS: usize = 3;

/// One waiting partner with what its triage buttons need.
#[derive(Clone, Debug, PartialEq)]
pub struct PartnerTriage {
    pub partner: WaitingPartner,
    /// People whose name is close to the partner's, told apart.
    pub suggestions: Vec<(PersonId, String)>,
}

/// "Bob Brown (@bob_b) — 3 days you wrote, last 2026-11-25".
pub(super) fn partner_line(partner: &WaitingPartner) -> String {
    let user = &partner.user;
    let name = person_name(user);
    let username = match &user.username {
        Some(username) if name != *username => format!(" (@{username})"),
        _ => String::new(),
    };
    let last = partner
        .last_day
        .map(|day| format!(", last {day}"))
        .unwrap_or_default();
    format!(
        "{}{username} — {} you wrote{last}",
        truncate(&name, 80),
        plural(partner.days, "day", "days")
    )
}

/// One waiting partner with its triage buttons (the digest's).
pub(super) fn partner_message(triage: &PartnerTriage) -> Reply {
    let user = &triage.partner.user;
    let mut reply = Reply::text(format!(
        "New on Telegram: {}",
        partner_line(&triage.partner)
    ));
    for (person, label) in &triage.suggestions {
        reply = reply.with_row(vec![button(
            truncate(&format!("Link to {label}"), 60),
            Callback::PartnerLinkTo {
                partner: user.id,
                person: *person,
            },
        )]);
    }
    reply.with_row(vec![
        button("Link to…", Callback::PartnerLinkStart(user.id)),
        button(
            truncate(&format!("Create {}", person_name(user)), 40),
            Callback::PartnerCreate(user.id),
        ),
        button("Ignore", Callback::PartnerIgnore(user.id)),
    ])
}

/// The name a person created from a partner gets: the names they show, else their
/// username, else "Telegram user ID".
fn person_name(user: &TelegramUser) -> String {
    let shown = user.shown_name();
    shown.strip_prefix('@').unwrap_or(&shown).to_owned()
}

/// The button back to the list of waiting partners.
fn partners_button() -> super::reply::Button {
    button("Telegram ▸", Callback::Partners { offset: 0 })
}

impl Engine<'_> {
    /// A press of one of the partners' buttons.
    pub(super) fn partner_pressed(
        &mut self,
        context: Context,
        callback: Callback,
    ) -> Result<Reply, Error> {
        match callback {
            Callback::Partners { offset } => self.partners_page(offset as usize),
            Callback::PartnerLinkStart(partner) => self.partner_link_start(context, partner),
            Callback::PartnerLinkTo { partner, person } => {
                self.partner_link_to(context, partner, person)
            }
            Callback::PartnerCreate(partner) => self.partner_create(context, partner),
            Callback::PartnerIgnore(partner) => self.partner_ignore(partner),
            _ => Ok(Reply::expired()),
        }
    }

    /// A waiting partner with the people their name suggests.
    pub(super) fn partner_triage(&self, partner: WaitingPartner) -> Result<PartnerTriage, Error> {
        let suggestions = self.partner_suggestions(&partner.user)?;
        Ok(PartnerTriage {
            partner,
            suggestions,
        })
    }

    /// People whose name is close to the partner's (never by username alone).
    fn partner_suggestions(&self, user: &TelegramUser) -> Result<Vec<(PersonId, String)>, Error> {
        let name = user.shown_name();
        if name.starts_with('@') || name.starts_with("Telegram user ") {
            return Ok(Vec::new());
        }
        let mut found: Vec<(PersonId, String)> = Vec::new();
        for hit in self.store.find_people_by_name(&name, 10)? {
            if let MatchTarget::Person(id) = hit.target
                && hit.reason == MatchReason::Name
                && !found.iter().any(|(known, _)| *known == id)
            {
                found.push((id, hit.label));
            }
        }
        found.truncate(SUGGESTIONS);
        let labels = self.person_labels(&found, true)?;
        Ok(found.into_iter().map(|(id, _)| id).zip(labels).collect())
    }

    /// The partner as they are now if they still wait for triage; else what is true of
    /// them now (someone's account, ignored), or an expired button.
    fn waiting_partner(&self, partner: i64) -> Result<Result<WaitingPartner, Reply>, Error> {
        match self.store.telegram_partner(partner)? {
            Some(waiting) if !waiting.ignored => Ok(Ok(waiting)),
            Some(ignored) => Ok(Err(Reply::notice(format!(
                "{} on Telegram is ignored: chats with them are not logged.",
                person_name(&ignored.user)
            )))),
            None => match self.store.person_by_telegram_id(partner)? {
                Some(person) => Ok(Err(Reply::notice(format!(
                    "This Telegram account is {}'s already.",
                    self.told_apart_name(person)?
                )))),
                None => Ok(Err(Reply::expired())),
            },
        }
    }

    /// `/telegram` and its pages: the partners waiting, the most days first, each with
    /// **Link ▸**, **Create** and **Ignore**.
    pub(super) fn partners_page(&self, offset: usize) -> Result<Reply, Error> {
        let (page, total) = self.store.waiting_partners(None, offset, PAGE_SIZE)?;
        if page.is_empty() && offset > 0 {
            return Ok(no_more(total, Callback::Partners { offset: 0 }));
        }
        if page.is_empty() && !self.store.telegram_chats_seen()? {
            return Ok(Reply::text(
                "No one on Telegram is waiting: kith has seen no chats yet. Connect it to your account (Telegram Premium: Settings → Telegram Business → Chatbots, with KITH_TELEGRAM_BUSINESS on) and it logs one message per chat and day you write — who and when, never the text.",
            ));
        }
        if page.is_empty() {
            return Ok(Reply::text("No one on Telegram is waiting."));
        }
        let mut lines = Vec::new();
        let mut reply = Reply::titled(
            "On Telegram, no one in kith yet — the most days first",
            String::new(),
        );
        for (index, partner) in page.iter().enumerate() {
            let number = offset + index + 1;
            lines.push(format!("{number}. {}", partner_line(partner)));
            let id = partner.user.id;
            reply = reply.with_row(vec![
                button(format!("{number}. Link ▸"), Callback::PartnerLinkStart(id)),
                button("Create", Callback::PartnerCreate(id)),
                button("Ignore", Callback::PartnerIgnore(id)),
            ]);
        }
        reply.body = lines.join("\n") + &page_note(offset, page.len(), total);
        Ok(reply.with_row(pager(offset, PAGE_SIZE, total, |offset| {
            Callback::Partners { offset }
        })))
    }

    /// **Link to…** on a partner: up to three suggested people, or type a name.
    pub(super) fn partner_link_start(
        &mut self,
        context: Context,
        partner: i64,
    ) -> Result<Reply, Error> {
        let waiting = match self.waiting_partner(partner)? {
            Ok(waiting) => waiting,
            Err(reply) => return Ok(reply),
        };
        let mut reply = questions::ask(
            self.store,
            context,
            &Question::TelegramLinkName { partner },
            format!(
                "Who is {} on Telegram? Type their name, or pick:",
                person_name(&waiting.user)
            ),
        )?;
        let cancel = reply.buttons.pop();
        for (person, label) in self.partner_suggestions(&waiting.user)? {
            reply = reply.with_row(vec![button(
                truncate(&format!("Link to {label}"), 60),
                Callback::PartnerLinkTo { partner, person },
            )]);
        }
        reply = reply.with_row(vec![button(
            truncate(&format!("Create {}", person_name(&waiting.user)), 40),
            Callback::PartnerCreate(partner),
        )]);
        reply.buttons.extend(cancel);
        Ok(reply)
    }

    /// A partner is `person`: the account becomes theirs and the waiting days are logged.
    pub(super) fn partner_link_to(
        &mut self,
        context: Context,
        partner: i64,
        person: PersonId,
    ) -> Result<Reply, Error> {
        let waiting = match self.waiting_partner(partner)? {
            Ok(waiting) => waiting,
            Err(reply) => return Ok(reply),
        };
        let name = self.told_apart_name(person)?;
        if let Some(other) = self.store.telegram_identity(person)?.id {
            return Ok(Reply::notice(format!(
                "{name} has another Telegram account already (user {other}); nothing was changed."
            )));
        }
        self.store.clear_chat_state(context.chat)?;
        let logged = self.give_account(person, &waiting.user)?;
        Ok(Reply::text(format!(
            "✓ {} on Telegram is {name} — {} logged.",
            person_name(&waiting.user),
            plural(logged, "chat day", "chat days")
        ))
        .about(Subject::Person(person))
        .with_row(vec![
            button(format!("{name} ▸"), Callback::Person(person)),
            partners_button(),
        ]))
    }

    /// **Create**: a person with the partner's names, Telegram id and username.
    pub(super) fn partner_create(
        &mut self,
        context: Context,
        partner: i64,
    ) -> Result<Reply, Error> {
        let waiting = match self.waiting_partner(partner)? {
            Ok(waiting) => waiting,
            Err(reply) => return Ok(reply),
        };
        let name = truncate(&person_name(&waiting.user), 100);
        let person = self.store.create_person(&NewPerson::named(&name))?;
        let logged = self.give_account(person, &waiting.user)?;
        let same_name = self.same_name(person)?;
        self.store.clear_chat_state(context.chat)?;
        let username = waiting
            .user
            .username
            .as_deref()
            .map(|username| format!(" (@{username})"))
            .unwrap_or_default();
        let reply = Reply::text(format!(
            "✓ {name} created from Telegram{username} — {} logged.",
            plural(logged, "chat day", "chat days")
        ))
        .about(Subject::Person(person))
        .with_row(vec![
            button(format!("{name} ▸"), Callback::Person(person)),
            partners_button(),
        ]);
        self.note_same_name(reply, &same_name)
    }

    /// Gives `person` the partner's Telegram account (their username too, unless it is
    /// someone else's or not one kith keeps), which logs the days that waited.
    /// Returns how many of those days were logged (one the person has a message on
    /// already is not logged again).
    fn give_account(&mut self, person: PersonId, user: &TelegramUser) -> Result<usize, Error> {
        let mut username = user
            .username
            .as_deref()
            .and_then(|name| kith_domain::telegram::username(name).ok());
        if let Some(name) = &username
            && self
                .store
                .person_by_telegram_username(name)?
                .is_some_and(|owner| owner != person)
        {
            username = None;
        }
        let logged = self.store.adopt_partner(user.id, person)?;
        self.store.set_telegram_identity(
            person,
            &TelegramIdentity {
                id: Some(user.id),
                username,
            },
        )?;
        Ok(logged)
    }

    /// **Ignore**: the partner's days are dropped and their chats never logged.
    pub(super) fn partner_ignore(&mut self, partner: i64) -> Result<Reply, Error> {
        let waiting = match self.waiting_partner(partner)? {
            Ok(waiting) => waiting,
            Err(reply) => return Ok(reply),
        };
        let dropped = self.store.ignore_partner(partner)?;
        Ok(Reply::text(format!(
            "Ignored {} on Telegram: {} dropped; chats with them won't be logged or asked about again.\nTheir chats are not kept from now on, even if you undo this.",
            person_name(&waiting.user),
            plural(dropped, "waiting day", "waiting days")
        ))
        .with_row(vec![partners_button()]))
    }
}
