//! The commands kith answers, each with its arguments, what it does and an example:
//! the one list behind /help, Telegram's command menu and bot-commands.md (a test keeps
//! the file equal to it).

/// One command as users see it.
pub struct CommandInfo {
    pub name: &'static str,
    pub args: &'static str,
    pub about: &'static str,
    pub example: &'static str,
}

const fn command(
    name: &'static str,
    args: &'static str,
    about: &'static str,
    example: &'static str,
) -> CommandInfo {
    CommandInfo {
        name,
        args,
        about,
        example,
    }
}

/// Every command, in the order /help lists them.
pub const COMMANDS: &[CommandInfo] = &[
    command("start", "", "what kith does and the commands", "/start"),
    command(
        "help",
        "[COMMAND]",
        "the commands; /help COMMAND shows one with an example",
        "/help log",
    ),
    command(
        "find",
        "TEXT",
        "search people, addresses, organizations and tags (plain text works too)",
        "/find zoe muller",
    ),
    command("person", "NAME", "a person's card", "/person Alice Smith"),
    command(
        "log",
        "[TYPE] [with] NAMES [DATE][: NOTES]",
        "log an interaction",
        "/log coffee with Alice Smith and Bob yesterday: talked about the seed round",
    ),
    command(
        "note",
        "NAME: TEXT",
        "add a dated note to a person",
        "/note Alice Smith: moved to Lisbon",
    ),
    command(
        "today",
        "",
        "a brief for each meeting still ahead today: who is coming and what you know",
        "/today",
    ),
    command("next", "", "the brief of your next meeting", "/next"),
    command(
        "stale",
        "[TAG | TIER | ORGANIZATION]",
        "who haven't I seen lately, most overdue first",
        "/stale investor",
    ),
    command(
        "unknown",
        "",
        "unknown meeting attendees, most frequent first",
        "/unknown",
    ),
    command(
        "new",
        "NAME [EMAIL]",
        "add a person",
        "/new Jane Doe <jane@acme.io>",
    ),
    command(
        "link",
        "EMAIL NAME",
        "link an address to a person; their past meetings count at once",
        "/link jane.d@acme.io Jane Doe",
    ),
    command(
        "set",
        "NAME FIELD VALUE",
        "change a field of a person: name, given, family, display, location, linkedin, intro, tier, email (add), primary, phone, birthday, remove (an address or number); - clears",
        "/set Jane Doe location Lisbon",
    ),
    command(
        "job",
        "NAME at ORG[, TITLE] | NAME left ORG",
        "where someone works now (a one-word organization needs no \"at\"), or that they left",
        "/job Jane Doe at Stripe, Head of Product",
    ),
    command(
        "intro",
        "NAME by NAME",
        "who introduced someone (by - clears it)",
        "/intro Jane Doe by Bob Jones",
    ),
    command(
        "archive",
        "NAME",
        "leave someone out of /stale, the digest, suggestions and briefs; their history stays",
        "/archive Jane Doe",
    ),
    command(
        "unarchive",
        "NAME | #ID",
        "bring an archived person back",
        "/unarchive Jane Doe",
    ),
    command(
        "unlink",
        "EMAIL",
        "take an address from its person; it becomes an unknown attendee again",
        "/unlink jane@old.example",
    ),
    command(
        "ignored",
        "",
        "the addresses and domains you ignored, each with Unignore",
        "/ignored",
    ),
    command(
        "unignore",
        "EMAIL | @DOMAIN",
        "stop ignoring an address or a domain; its meetings were kept",
        "/unignore @acme.io",
    ),
    command(
        "undo",
        "",
        "undo your latest change (every change's message also has Undo)",
        "/undo",
    ),
    command(
        "history",
        "NAME",
        "what happened to a person, newest first",
        "/history Jane Doe",
    ),
    command(
        "org",
        "NAME | new NAME | NAME FIELD VALUE | merge KEEP, OTHER",
        "an organization's card; create, merge, or change it: rename, domain, -domain, interest, note, +TAG -TAG",
        "/org Acme domain https://www.acme.io",
    ),
    command(
        "tag",
        "NAME +TAG -TAG",
        "add or remove a person's tags",
        "/tag Alice Smith +investor -friend",
    ),
    command(
        "cadence",
        "NAME 3w | off | tier",
        "how often to see someone, instead of their tier's pace",
        "/cadence Alice Smith 3w",
    ),
    command(
        "tags",
        "",
        "every tag with how many people carry it",
        "/tags",
    ),
    command("recent", "[N]", "the latest interactions", "/recent 5"),
    command(
        "stats",
        "",
        "a picture of your year: meetings per month, and who you met",
        "/stats",
    ),
    command(
        "merge",
        "NAME, NAME",
        "merge the second person into the first, after a confirmation",
        "/merge Robert Smith, Bob Smith",
    ),
    command(
        "dupes",
        "",
        "people who are probably one person, to merge or keep apart",
        "/dupes",
    ),
    command(
        "sync",
        "[full]",
        "sync the calendars and mailboxes now and report what changed",
        "/sync",
    ),
    command(
        "digest",
        "",
        "today's digest now, with the same buttons",
        "/digest",
    ),
    command(
        "export",
        "",
        "your whole network as one JSON file",
        "/export",
    ),
    command(
        "backup",
        "",
        "a consistent copy of the database, as a file",
        "/backup",
    ),
    command(
        "status",
        "",
        "how kith is doing: sources, digest, backups, replica",
        "/status",
    ),
];
