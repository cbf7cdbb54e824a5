//! Every command kith answers, declared once: its name and aliases, its arguments, the
//! line `/help` and Telegram's menu show, an example, what its missing-argument answer
//! says it needs, and its parser. bot-commands.md documents exactly this list (a test
//! keeps the two equal).

use super::{Args, Command, ParseError};
use super::{arguments, remember, remind};

/// One command as users see and type it.
pub struct Declaration {
    /// The name the menu and `/help` show.
    pub name: &'static str,
    /// Other names that run the same command (not shown in the menu).
    pub aliases: &'static [&'static str],
    /// The arguments, as `/help` shows them ("" for none).
    pub args: &'static str,
    /// What it does: the menu's and `/help`'s line.
    pub about: &'static str,
    pub example: &'static str,
    /// What the command needs when its arguments are missing ("/person needs a name").
    pub needs: &'static str,
    pub parse: fn(Args) -> Result<Command, ParseError>,
}

const fn command(
    name: &'static str,
    args: &'static str,
    about: &'static str,
    example: &'static str,
) -> Declaration {
    Declaration {
        name,
        aliases: &[],
        args,
        about,
        example,
        needs: "",
        parse: |args| Err(args.missing()),
    }
}

impl Declaration {
    const fn aliases(self, aliases: &'static [&'static str]) -> Declaration {
        Declaration { aliases, ..self }
    }

    const fn needs(self, needs: &'static str) -> Declaration {
        Declaration { needs, ..self }
    }

    const fn parse(self, parse: fn(Args) -> Result<Command, ParseError>) -> Declaration {
        Declaration { parse, ..self }
    }

    /// The heading form: "/name ARGS".
    pub fn usage(&self) -> String {
        if self.args.is_empty() {
            format!("/{}", self.name)
        } else {
            format!("/{} {}", self.name, self.args)
        }
    }
}

/// The command a typed name (lowercased, without "@bot") or alias runs.
pub fn declaration(word: &str) -> Option<&'static Declaration> {
    COMMANDS
        .iter()
        .find(|c| c.name == word || c.aliases.contains(&word))
}

/// Every command, in the order /help lists them.
pub const COMMANDS: &[Declaration] = &[
    command("start", "", "what kith does and the commands", "/start").parse(|_| Ok(Command::Help(None))),
    command(
        "help",
        "[COMMAND]",
        "the commands; /help COMMAND shows one with an example",
        "/help log",
    ).parse(arguments::help),
    command(
        "find",
        "TEXT",
        "search people, addresses, organizations and tags (plain text works too)",
        "/find zoe muller",
    ).aliases(&["search"]).needs("something to look for").parse(|a| a.required().map(Command::Find)),
    command("person", "NAME", "a person's card", "/person Alice Smith").aliases(&["p"]).needs("a name").parse(|a| a.required().map(Command::Person)),
    command(
        "log",
        "[TYPE] [with] NAMES [DATE][: NOTES]",
        "log an interaction",
        "/log coffee with Alice Smith and Bob yesterday: talked about the seed round",
    ).needs("who you met").parse(arguments::log),
    command(
        "note",
        "NAME: TEXT",
        "add a dated note to a person",
        "/note Alice Smith: moved to Lisbon",
    ).needs("a name, a colon and the note").parse(arguments::note),
    command(
        "topic",
        "NAME: TEXT | NAME",
        "something to bring up next time you see someone; /topic NAME lists theirs",
        "/topic Ana Souza: the Lisbon intro",
    ).needs("a name, a colon and what to bring up").parse(remember::topic),
    command(
        "date",
        "NAME LABEL DATE [yearly] | NAME | NAME - LABEL",
        "a day that matters to someone (yearly without a year); /date NAME lists theirs, - LABEL removes one",
        "/date Ana Souza anniversary 20 June 2015 yearly",
    ).needs("a name, a label and a date").parse(remember::date),
    command(
        "today",
        "",
        "a brief for each meeting still ahead today: who is coming and what you know",
        "/today",
    ).parse(|_| Ok(Command::Today)),
    command("next", "", "the brief of your next meeting", "/next").parse(|_| Ok(Command::Next)),
    command(
        "remind",
        "NAME WHEN[: TEXT]",
        "a follow-up with someone: a day (tomorrow, friday, in 2 weeks, on 14 Dec), maybe a time and a repeat (every 3 months)",
        "/remind Zoë Müller on 14 Dec: ask how the surgery went",
    ).needs("a name and when").parse(remind::remind),
    command(
        "reminders",
        "[NAME]",
        "your open follow-ups (or one person's), overdue and due today first, each with Done and Snooze",
        "/reminders",
    ).aliases(&["followups"]).parse(|args| match args.text.trim() {
        "" => Ok(Command::Reminders),
        name => Ok(Command::RemindersOf(name.to_owned())),
    }),
    command(
        "stale",
        "[TAG | TIER | ORGANIZATION]",
        "who haven't I seen lately, most overdue first",
        "/stale investor",
    ).parse(|a| Ok(Command::Stale(Some(a.text.to_owned()).filter(|t| !t.is_empty())))),
    command(
        "unknown",
        "",
        "unknown meeting attendees, most frequent first",
        "/unknown",
    ).parse(|_| Ok(Command::Unknown)),
    command(
        "telegram",
        "",
        "people you write to on Telegram who are no one in kith yet, each with Link, Create and Ignore",
        "/telegram",
    ).parse(|_| Ok(Command::Telegram)),
    command(
        "addressbook",
        "",
        "what the address book sync asks: conflicts, removed cards, people not in your address book",
        "/addressbook",
    ).parse(|_| Ok(Command::AddressBook)),
    command(
        "new",
        "NAME [EMAIL]",
        "add a person",
        "/new Jane Doe <jane@acme.io>",
    ).needs("a name").parse(arguments::new),
    command(
        "link",
        "EMAIL NAME",
        "link an address to a person; their past meetings count at once",
        "/link jane.d@acme.io Jane Doe",
    ).needs("an address and a name").parse(arguments::link),
    command(
        "set",
        "NAME FIELD VALUE",
        "change a field of a person: name, given, family, display, location, linkedin, intro, tier, email (add), primary, phone, birthday, telegram, remove (an address or number); - clears",
        "/set Jane Doe location Lisbon",
    ).parse(arguments::set),
    command(
        "job",
        "NAME at ORG[, TITLE] | NAME left ORG",
        "where someone works now (a one-word organization needs no \"at\"), or that they left",
        "/job Jane Doe at Stripe, Head of Product",
    ).parse(arguments::job),
    command(
        "intro",
        "NAME by NAME",
        "who introduced someone (by - clears it)",
        "/intro Jane Doe by Bob Jones",
    ).parse(arguments::intro),
    command(
        "archive",
        "NAME",
        "leave someone out of /stale, the digest, suggestions and briefs; their history stays",
        "/archive Jane Doe",
    ).needs("a name").parse(|a| a.required().map(|name| Command::Archive { name, archived: true })),
    command(
        "unarchive",
        "NAME | #ID",
        "bring an archived person back",
        "/unarchive Jane Doe",
    ).needs("a name").parse(|a| a.required().map(|name| Command::Archive { name, archived: false })),
    command(
        "unlink",
        "EMAIL",
        "take an address from its person; it becomes an unknown attendee again",
        "/unlink jane@old.example",
    ).needs("an address").parse(|a| a.required().map(|email| Command::Unlink(arguments::without_angles(&email)))),
    command(
        "ignored",
        "",
        "the addresses and domains you ignored, each with Unignore",
        "/ignored",
    ).parse(|_| Ok(Command::Ignored)),
    command(
        "unignore",
        "EMAIL | @DOMAIN",
        "stop ignoring an address or a domain; its meetings were kept",
        "/unignore @acme.io",
    ).needs("an address or @domain").parse(|a| a.required().map(Command::Unignore)),
    command(
        "undo",
        "",
        "undo your latest change (every change's message also has Undo)",
        "/undo",
    ).parse(arguments::undo),
    command(
        "history",
        "NAME",
        "what happened to a person, newest first",
        "/history Jane Doe",
    ).needs("a name").parse(|a| a.required().map(Command::History)),
    command(
        "org",
        "NAME | new NAME | NAME FIELD VALUE | merge KEEP, OTHER",
        "an organization's card; create, merge, or change it: rename, domain, -domain, interest, note, +TAG -TAG",
        "/org Acme domain https://www.acme.io",
    ).parse(arguments::org),
    command(
        "tag",
        "NAME +TAG -TAG",
        "add or remove a person's tags",
        "/tag Alice Smith +investor -friend",
    ).needs("a name and tags to add (+tag) or remove (-tag)").parse(arguments::tag),
    command(
        "cadence",
        "NAME 3w | off | tier",
        "how often to see someone, instead of their tier's pace",
        "/cadence Alice Smith 3w",
    ).needs("a name and a pace (3w, 10d, 2m, off or tier)").parse(arguments::cadence),
    command(
        "tags",
        "",
        "every tag with how many people carry it",
        "/tags",
    ).parse(|_| Ok(Command::Tags)),
    command("recent", "[N]", "the latest interactions", "/recent 5").parse(arguments::recent),
    command(
        "stats",
        "",
        "a picture of your year: meetings per month, and who you met",
        "/stats",
    ).aliases(&["year"]).parse(|_| Ok(Command::Stats)),
    command(
        "merge",
        "NAME, NAME",
        "merge the second person into the first, after a confirmation",
        "/merge Robert Smith, Bob Smith",
    ).needs("two names separated by a comma").parse(arguments::merge),
    command(
        "dupes",
        "",
        "people who are probably one person, to merge or keep apart",
        "/dupes",
    ).aliases(&["duplicates"]).parse(|_| Ok(Command::Dupes)),
    command(
        "sync",
        "[full]",
        "sync the calendars, mailboxes and address book now and report what changed",
        "/sync",
    ).parse(arguments::sync),
    command(
        "digest",
        "",
        "today's digest now, with the same buttons",
        "/digest",
    ).parse(|_| Ok(Command::Digest)),
    command(
        "export",
        "",
        "your whole network as one JSON file",
        "/export",
    ).parse(|_| Ok(Command::Export)),
    command(
        "backup",
        "",
        "a consistent copy of the database, as a file",
        "/backup",
    ).parse(|_| Ok(Command::Backup)),
    command(
        "status",
        "",
        "how kith is doing: sources, digest, backups, replica",
        "/status",
    ).parse(|_| Ok(Command::Status)),
];
