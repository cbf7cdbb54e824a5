//! The `kith` command: parses arguments, resolves settings, reads the clock, and hands
//! the work to the library. Every subcommand ends with a one-line summary.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::{NaiveDate, Utc};
use clap::{Parser, Subcommand};

use kith::calendar::sync;
use kith::engine::{Effect, Engine, Input};
use kith::seed::{Scale, generate};
use kith::settings::{Settings, process_environment};
use kith::store::{Store, latest_schema_version};
use kith::telegram;
use kith::terminal::{self, TERMINAL_CHAT};

/// A personal CRM that lives in Telegram, over one SQLite file.
#[derive(Parser)]
#[command(name = "kith", version, about)]
struct Cli {
    /// Settings file (TOML); `KITH_*` environment variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The SQLite database (overrides KITH_DB).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
    /// Run the Telegram bot (long polling) until SIGINT or SIGTERM.
    Run,
    /// Sync the calendars (KITH_ICS_URLS, Google Calendar) once and report per source.
    Sync {
        /// Ignore stored sync tokens and re-read the whole window.
        #[arg(long)]
        full: bool,
    },
    /// Print today's digest; with --send, send it to the owners in Telegram (once a day).
    Digest {
        #[arg(long)]
        send: bool,
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
enum AuthProvider {
    /// Google Calendar (read-only): a browser consent, or a pasted redirect URL on a headless host.
    Google,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut env = process_environment();
    if let Some(db) = &cli.db {
        env.insert("KITH_DB".into(), db.display().to_string());
    }
    let settings = match Settings::resolve(cli.config.as_deref(), &env) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("kith: {error}");
            return ExitCode::from(2);
        }
    };
    let secrets = [
        settings.telegram_token.as_ref(),
        settings.google_client_secret.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|secret| secret.expose().to_owned())
    .collect();
    kith::logging::init(&settings.log, secrets);
    match run(cli.command, &settings) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("kith: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn today(settings: &Settings) -> NaiveDate {
    Utc::now().with_timezone(&settings.timezone).date_naive()
}

fn run(command: Command, settings: &Settings) -> anyhow::Result<String> {
    match command {
        Command::Seed {
            people,
            interactions,
            organizations,
            emails,
            tags,
            seed,
            today: day,
        } => {
            let scale = Scale {
                people,
                interactions,
                organizations,
                emails,
                tags,
            };
            seed_database(
                settings,
                scale,
                seed,
                day.unwrap_or_else(|| today(settings)),
            )
        }
        Command::Check => check(settings),
        Command::Run => {
            telegram::required_token(settings)?;
            let store = open(settings)?;
            let runtime =
                tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
            runtime.block_on(telegram::run_until(
                settings.clone(),
                store,
                telegram::termination_signal(),
                std::sync::Arc::new(kith::schedule::SystemClock),
            ))?;
            Ok("kith stopped".to_owned())
        }
        Command::Sync { full } => {
            let store = std::sync::Mutex::new(open(settings)?);
            let runtime =
                tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
            let mode = if full {
                sync::Mode::Full
            } else {
                sync::Mode::Incremental
            };
            let report = runtime.block_on(sync::sync_all(settings, &store, mode, Utc::now()));
            let details = report.render();
            let created: usize = report.sources.iter().map(|s| s.created).sum();
            let updated: usize = report.sources.iter().map(|s| s.updated).sum();
            let unknown: usize = report.sources.iter().map(|s| s.new_unknown).sum();
            let failed = report.sources.iter().filter(|s| s.error.is_some()).count();
            let summary = format!(
                "synced {} source{}: {created} created, {updated} updated, {unknown} new unknown attendees{}",
                report.sources.len(),
                if report.sources.len() == 1 { "" } else { "s" },
                if failed > 0 {
                    format!(", {failed} failed")
                } else {
                    String::new()
                }
            );
            if report.failed() {
                eprintln!("{details}");
                bail!("{summary}");
            }
            Ok(format!("{details}\n{summary}"))
        }
        Command::Digest { send: false } => {
            let mut store = open(settings)?;
            let chat = settings.owner_ids.first().copied().unwrap_or(TERMINAL_CHAT);
            let digest = Engine::new(&mut store, settings).digest(chat, Utc::now())?;
            Ok(match digest {
                Some(reply) => reply.render_plain(),
                None => "nothing new today (KITH_DIGEST_WHEN_EMPTY=silent)".to_owned(),
            })
        }
        Command::Digest { send: true } => {
            telegram::required_token(settings)?;
            let store = open(settings)?;
            let runtime =
                tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
            let outcome =
                runtime.block_on(telegram::send_digest(settings.clone(), store, Utc::now()))?;
            Ok(format!("digest: {outcome}"))
        }
        Command::Auth {
            provider: AuthProvider::Google,
        } => {
            let runtime =
                tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
            let path = runtime.block_on(kith::calendar::auth::authorize_interactively(settings))?;
            Ok(format!(
                "Google Calendar authorized; the refresh token is in {} (readable by you only)",
                path.display()
            ))
        }
        Command::Chat => chat(open(settings)?, settings),
        Command::Ask { text, press } => {
            let store = std::sync::Mutex::new(open(settings)?);
            let input = match (text, press) {
                (_, Some(data)) => Input::Press(data),
                (Some(text), None) => Input::Text(text),
                (None, None) => bail!("give a message, or --press DATA"),
            };
            let reply = respond(&store, settings, input);
            let mut printed = reply.render_plain();
            if let Some(effect) = reply.effect {
                println!("{printed}");
                printed = run_effect(&store, settings, effect);
            }
            Ok(printed)
        }
        Command::Demo { seed } => demo(settings, seed),
    }
}

/// One message through the engine, on the terminal's conversation.
fn respond(
    store: &std::sync::Mutex<Store>,
    settings: &Settings,
    input: Input,
) -> kith::engine::Reply {
    let mut store = store
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Engine::new(&mut store, settings).handle(TERMINAL_CHAT, input, Utc::now())
}

/// The network work a reply asks for (a sync), with its report.
fn run_effect(store: &std::sync::Mutex<Store>, settings: &Settings, effect: Effect) -> String {
    match effect {
        Effect::Sync { full } => {
            let mode = if full {
                sync::Mode::Full
            } else {
                sync::Mode::Incremental
            };
            match tokio::runtime::Runtime::new() {
                Ok(runtime) => runtime
                    .block_on(sync::sync_all(settings, store, mode, Utc::now()))
                    .render(),
                Err(error) => format!("Could not start the sync: {error}"),
            }
        }
    }
}

fn chat(store: Store, settings: &Settings) -> anyhow::Result<String> {
    let interactive = std::io::stdin().is_terminal();
    if interactive {
        eprintln!(
            "kith chat on {} — type /help; numbers press buttons; Ctrl-D ends.",
            settings.db.display()
        );
    }
    let store = std::sync::Mutex::new(store);
    let stdin = std::io::stdin();
    let handled = terminal::chat(
        |input| respond(&store, settings, input),
        |effect| run_effect(&store, settings, effect),
        stdin.lock(),
        std::io::stdout(),
        interactive,
    )?;
    Ok(format!(
        "chat ended after {handled} message{}",
        if handled == 1 { "" } else { "s" }
    ))
}

fn demo(settings: &Settings, seed: u64) -> anyhow::Result<String> {
    let folder = tempfile::tempdir().context("cannot create a temporary folder")?;
    let mut demo_settings = settings.clone();
    demo_settings.db = folder.path().join("kith-demo.db");
    // The demo never touches your real calendars.
    demo_settings.ics_urls.clear();
    demo_settings.google_client_id = None;
    let mut store = open(&demo_settings)?;
    store.insert_network(&generate(Scale::default(), seed, today(settings)))?;
    let example = store
        .person_name_keys()?
        .into_iter()
        .next()
        .map(|(_, _, name)| name)
        .unwrap_or_default();
    println!(
        "kith demo: a synthetic network of 2,000 people in a temporary database.\n\
         Try /help, /stale, /unknown, /recent, or a name such as {example}.\n"
    );
    let summary = chat(store, &demo_settings)?;
    folder
        .close()
        .context("cannot remove the temporary folder")?;
    Ok(format!(
        "demo {summary}; the temporary database was removed"
    ))
}

fn open(settings: &Settings) -> anyhow::Result<Store> {
    Store::open(&settings.db).with_context(|| format!("cannot open {}", settings.db.display()))
}

fn seed_database(
    settings: &Settings,
    scale: Scale,
    seed: u64,
    day: NaiveDate,
) -> anyhow::Result<String> {
    let started = Instant::now();
    let mut store = open(settings)?;
    let existing = store.table_counts()?;
    let people_now = existing
        .iter()
        .find(|(t, _)| *t == "people")
        .map_or(0, |(_, n)| *n);
    if people_now > 0 {
        bail!(
            "{} already holds {people_now} people; seed only fills an empty database (pass --db NEW_FILE)",
            settings.db.display()
        );
    }
    let progress = std::io::stderr().is_terminal();
    if progress {
        eprintln!(
            "generating {} people and {} interactions…",
            scale.people, scale.interactions
        );
    }
    let network = generate(scale, seed, day);
    if progress {
        eprintln!("writing {}…", settings.db.display());
    }
    store.insert_network(&network)?;
    let counts = store.table_counts()?;
    let count = |table: &str| {
        counts
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(0, |(_, n)| *n)
    };
    Ok(format!(
        "seeded {}: {} people, {} emails, {} organizations, {} tags, {} interactions (seed {seed}, around {day}) in {:.1} s",
        settings.db.display(),
        count("people"),
        count("emails"),
        count("organizations"),
        count("tags"),
        count("interactions"),
        started.elapsed().as_secs_f64()
    ))
}

fn check(settings: &Settings) -> anyhow::Result<String> {
    if !settings.db.exists() {
        return Ok(format!(
            "settings ok; no database at {} yet (the first command that writes creates it)",
            settings.db.display()
        ));
    }
    let store = open(settings)?;
    let version = store.schema_version()?;
    if version != latest_schema_version() {
        bail!(
            "{}: schema version {version}, but this kith expects {}",
            settings.db.display(),
            latest_schema_version()
        );
    }
    let problems = store.health_problems()?;
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("{problem}");
        }
        bail!(
            "{}: {} problem(s) found",
            settings.db.display(),
            problems.len()
        );
    }
    let counts = store.table_counts()?;
    let summary = counts
        .iter()
        .filter(|(table, _)| {
            matches!(
                *table,
                "people" | "emails" | "organizations" | "interactions"
            )
        })
        .map(|(table, n)| format!("{n} {table}"))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(format!(
        "ok: settings valid, {} at schema {version} (current), integrity and foreign keys clean; {summary}",
        settings.db.display()
    ))
}
