//! Running a command whose names are resolved: each command's feature, in one place, so
//! the features' files never call each other through it.

use super::command::{Command, Resolved};
use super::digest;
use super::reply::{Effect, Reply, Subject};
use super::widgets::noted_on;
use super::{Context, Engine};
use kith_store::Error;

/// Runs a command whose names are all resolved.
pub(super) fn execute(
    engine: &mut Engine,
    context: Context,
    command: Resolved,
) -> Result<Reply, Error> {
    match command {
        Resolved::Unnamed(command) => execute_unnamed(engine, context, command),
        Resolved::Person(person) => engine.person_card(context, person),
        Resolved::Log { request, people } => engine.log(context, &request, &people),
        Resolved::Note { person, text } => {
            engine
                .store
                .append_person_note(person, context.today, &text)?;
            let name = engine.told_apart_name(person)?;
            Ok(Reply::text(noted_on(&name)).about(Subject::Person(person)))
        }
        Resolved::Link { email, person } => engine.link(context, &email, person),
        Resolved::Tag {
            person,
            add,
            remove,
        } => engine.tag(person, &add, &remove),
        Resolved::Cadence { person, cadence } => engine.set_cadence(person, cadence),
        Resolved::Topic { person, text } => engine.topic(context, person, text.as_deref()),
        Resolved::Date { person, line } => engine.important_date(context, person, line),
        Resolved::Merge { keep, other } => engine.confirm_merge(keep, other),
        Resolved::History(person) => engine.history_page(context.today, person, 0),
        Resolved::Set {
            person,
            edit,
            introducer,
        } => engine.set_field(person, &edit, introducer),
        Resolved::Job {
            person,
            organization,
            title,
            left,
        } => engine.set_job(context.today, person, &organization, title.as_deref(), left),
        Resolved::Archive { person, archived } => engine.set_archived(person, archived),
        Resolved::AddToInteraction {
            interaction,
            person,
        } => engine.add_to_interaction(context, interaction, person),
        Resolved::Remind { person, reminder } => engine.remind(context, person, reminder),
        Resolved::RemindersOf(person) => engine.follow_ups_of(context, person),
        Resolved::TelegramLink { partner, person } => {
            engine.partner_link_to(context, partner, person)
        }
    }
}

/// Runs a command that names no one.
fn execute_unnamed(
    engine: &mut Engine,
    context: Context,
    command: Command,
) -> Result<Reply, Error> {
    match command {
        Command::Help(topic) => Ok(engine.help(topic.as_deref())),
        Command::Find(query) => engine.find(context, &query),
        Command::Stale(filter) => engine.stale(context, filter.as_deref()),
        Command::Unknown => engine.unknown_page(0),
        Command::New { name, email } => engine.new_person(context, &name, email.as_deref()),
        Command::Org(name) => engine.organization(context, &name),
        Command::Tags => engine.tags_page(0),
        Command::Dupes => engine.duplicates(),
        Command::Stats => engine.stats(context),
        Command::Today => engine.today_briefs(context),
        Command::Next => engine.next_brief(context),
        Command::Recent(count) => engine.recent_page(context, count, 0),
        Command::Export => engine.export_file(context),
        Command::Backup => engine.backup_file(context),
        Command::Status => {
            // What it reports lives outside the database too (backups, the replica):
            // the adapter gathers it.
            let mut reply = Reply::text("Checking…");
            reply.effect = Some(Effect::Status);
            Ok(reply)
        }
        Command::Digest => {
            let data = engine.digest_data(context)?;
            Ok(digest::compose(&data).unwrap_or_else(|| Reply::text(digest::NOTHING_NEW)))
        }
        Command::Undo => engine.undo_latest(context),
        Command::Unlink(email) => engine.unlink(&email),
        Command::Ignored => engine.ignored_page(0),
        Command::Telegram => engine.partners_page(0),
        Command::AddressBook => engine.card_questions_page(0),
        Command::Reminders => engine.follow_ups_page(context, 0),
        Command::Unignore(text) => engine.unignore_text(&text),
        Command::OrgNew(name) => engine.organization_new(context, &name),
        Command::OrgEdit { name, edit } => engine.organization_edit(context, &name, &edit),
        Command::OrgMerge { keep, other } => engine.organization_merge(context, &keep, &other),
        Command::Sync { full } => {
            let mut reply = Reply::text(if full {
                "Re-reading every calendar, mailbox and address book in full…"
            } else {
                "Syncing your calendars, mailboxes and address book…"
            });
            reply.effect = Some(Effect::Sync { full });
            Ok(reply)
        }
        named => unreachable!("{named:?} names someone, so it arrives resolved"),
    }
}
