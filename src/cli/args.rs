//! The command line as clap reads it: the subcommands, their flags and what each says
//! in `kith --help`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use kith::synthetic::Scale;

/// A personal CRM that lives in Telegram, over one SQLite file.
#[derive(Parser)]
#[command(name = "kith", version, about)]
pub struct Cli {
    /// Settings file (TOML); `KITH_*` environment variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The SQLite database (overrides KITH_DB).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Fill an empty database with a realistic, deterministic synthetic network.
    Seed {
        #[arg(long, default_value_t = Scale::default().people)]
        people: usize,
        #[arg(long, default_value_t = Scale::default().interactions)]
        interactions: usize,
        #[arg(long, default_value_t = Scale::default().organizations)]
        organizations: usize,
        #[arg(long, default_value_t = Scale::default().emails)]
        emails: usize,
        #[arg(long, default_value_t = Scale::default().tags)]
        tags: usize,
        /// The same seed (and day) always gives the same network.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day the network is generated around (default: today in KITH_TIMEZONE).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
    },
    /// Check settings, schema version, and the database's integrity and foreign keys.
    Check,
    /// How the running kith is doing: sources, digest, backups, replica. Exits 1 when
    /// something is wrong (a health check).
    Status {
        /// Print only what is wrong.
        #[arg(long)]
        quiet: bool,
    },
    /// Run the Telegram bot (long polling) until SIGINT or SIGTERM.
    Run,
    /// Sync every source once — calendars, mailboxes, the address book — and report each.
    Sync {
        /// Ignore stored sync tokens: re-read the whole window, and every card of the address book.
        #[arg(long)]
        full: bool,
    },
    /// Print today's digest; with --send, send it to the owners in Telegram (once a day).
    Digest {
        #[arg(long)]
        send: bool,
    },
    /// Move in: Airtable CSV exports, vCard files, or a kith JSON export.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Write everything out: JSON (all of it), CSV (the Airtable layout) or vCard 4.0.
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
        /// The folder to write into (created if missing); `-` prints a JSON, vCard or ICS
        /// export to standard output (a CSV export is several files and needs a folder).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Print a summary of the last twelve months and write its chart as a PNG.
    Stats {
        /// The PNG to write (mode 0600).
        #[arg(long, value_name = "FILE.png")]
        out: PathBuf,
    },
    /// Write a consistent snapshot of the database to FILE, checked after writing.
    Backup { file: PathBuf },
    /// Measure the engine at multiples of the owner's network and print a Markdown table.
    Bench {
        /// Multiples of the owner's network (2,000 people, 6,750 interactions).
        #[arg(long, value_delimiter = ',', default_value = "1,10")]
        scales: Vec<usize>,
        /// Repetitions per operation.
        #[arg(long, default_value_t = 100)]
        runs: usize,
        /// Also write the table to this file.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Only the rows whose name contains this text ("address-book", "/find"); the
        /// process-level rows (start-up, hostile inputs) are left out then.
        #[arg(long, value_name = "TEXT")]
        only: Option<String>,
    },
    /// Authorize access to a calendar provider.
    Auth {
        #[command(subcommand)]
        provider: AuthProvider,
    },
    /// Talk to kith in the terminal: the same conversation as the Telegram bot.
    Chat,
    /// Send one message (or press one button) and print the reply, then each button as
    /// `[label] <callback data>`.
    Ask {
        /// The message, e.g. "/find Jane".
        #[arg(required_unless_present = "press", conflicts_with = "press")]
        text: Option<String>,
        /// Press a button by its callback data instead.
        #[arg(long, value_name = "DATA")]
        press: Option<String>,
    },
    /// `kith chat` on a fresh synthetic network in a temporary folder: no set-up needed.
    Demo {
        /// The same seed always gives the same network.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Subcommand)]
pub enum ImportSource {
    /// The four CSV files of Airtable's "Download CSV"; any may be left out.
    Airtable(AirtableArgs),
    /// A vCard file (2.1, 3.0 or 4.0): people matched by address, then by UID, never by name.
    Vcard {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        /// Where someone already in kith differs from the file, take the file's value.
        #[arg(long)]
        prefer_file: bool,
    },
    /// LinkedIn's Connections.csv ("Get a copy of your data"): matched by address, then by
    /// profile URL, never by name; fills the profile, current company and position.
    Linkedin {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// Google Contacts' CSV export (current or legacy layout): matched by address, never by name.
    GoogleContacts {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        /// Where someone already in kith differs from the file, take the file's value.
        #[arg(long)]
        prefer_file: bool,
    },
    /// A `kith export --format json` file, restored into an empty database.
    Json { file: PathBuf },
    /// An mbox archive (Google Takeout, Thunderbird): the threads you wrote in become
    /// email interactions, read headers only and in constant memory; again changes nothing.
    Mbox {
        file: PathBuf,
        /// Report what would be imported, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Telegram Desktop's export (Settings → Advanced → Export Telegram data, "Personal
    /// chats", "Machine-readable JSON"): one message interaction per personal chat and
    /// day you wrote in it, matched by the partner's Telegram id; never the text. Read
    /// streamed; again changes nothing.
    Telegram {
        /// result.json (the whole export) or one chat's export.
        file: PathBuf,
        /// Report what would be imported, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// `kith import airtable`'s files and options.
#[derive(Args)]
pub struct AirtableArgs {
    #[arg(long, value_name = "FILE")]
    pub people: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub interactions: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub organizations: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub emails: Option<PathBuf>,
    /// kith's own fifth file (`Ignore Rules.csv`): the owner's ignore rules.
    #[arg(long, value_name = "FILE")]
    pub ignore_rules: Option<PathBuf>,
    /// A folder `kith export --format csv` wrote: its files and mapping, for any of the
    /// options above not given.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// A TOML mapping: field names, date formats, tier and type labels.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// Show what would be imported and every problem; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Where someone already in kith differs from the file, take the file's value
    /// (by default kith's stays; either way each difference is listed).
    #[arg(long)]
    pub prefer_file: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Vcard,
    /// Birthdays, important dates and open follow-ups as one iCalendar file (kith.ics).
    Ics,
}

#[derive(Subcommand)]
pub enum AuthProvider {
    /// Google Calendar (read-only): a browser consent, or a pasted redirect URL on a headless host.
    Google,
}
