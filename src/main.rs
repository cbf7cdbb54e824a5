//! The `kith` command: parses arguments, resolves settings, reads the clock, and hands
//! the work to the library. Every subcommand ends with a one-line summary.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

mod cli;

use anyhow::{Context, bail};
use chrono::{NaiveDate, Utc};
use clap::{Parser, Subcommand};

use kith::calendar::sync;
use kith::config::settings::{Settings, process_environment};
use kith::engine::{Effect, Engine, Input};
use kith::store::{SharedStore, Store, latest_schema_version};
use kith::synthetic::{Scale, generate};
use kith::transport::telegram;
use kith::transport::terminal::{self, TERMINAL_CHAT};

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
    /// Move in: Airtable CSV exports, vCard files, or a kith JSON export.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Write everything out: JSON (all of it), CSV (the Airtable layout) or vCard 4.0.
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
        /// The folder to write into (created if missing).
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
enum ImportSource {
    /// The four CSV files of Airtable's "Download CSV"; any may be left out.
    Airtable {
        #[arg(long, value_name = "FILE")]
        people: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        interactions: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        organizations: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        emails: Option<PathBuf>,
        /// A TOML mapping: field names, date formats, tier and type labels.
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// Show what would be imported and every problem; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// A vCard file (2.1, 3.0 or 4.0): people matched by address first, then created.
    Vcard {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// A `kith export --format json` file, restored into an empty database.
    Json { file: PathBuf },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Json,
    Csv,
    Vcard,
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
    // The saved refresh token too, when there is one (access tokens are never logged).
    let refresh =
        kith::calendar::auth::StoredToken::load(&kith::calendar::auth::token_path(&settings))
            .ok()
            .map(|token| token.refresh_token);
    let secrets = [
        settings.telegram_token.as_ref(),
        settings.google_client_secret.as_ref(),
        refresh.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|secret| secret.expose().to_owned())
    .chain(
        settings
            .ics_urls
            .iter()
            .flat_map(|feed| feed.secret_parts()),
    )
    .collect();
    kith::config::logging::init(&settings.log, secrets);
    match run(cli.command, &settings) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("kith: {error:#}");
            // A setting a command needs is a bad setting: exit 2, as at start.
            if error
                .downcast_ref::<kith::config::settings::SettingsError>()
                .is_some()
            {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
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
            telegram::required_token(settings, "kith run")?;
            let store = open(settings)?;
            let runtime =
                tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
            runtime.block_on(telegram::run_until(
                settings.clone(),
                store,
                telegram::termination_signal(),
                std::sync::Arc::new(kith::transport::clock::SystemClock),
            ))?;
            Ok("kith stopped".to_owned())
        }
        Command::Sync { full } => {
            let store: SharedStore = std::sync::Arc::new(std::sync::Mutex::new(open(settings)?));
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
            telegram::required_token(settings, "kith digest --send")?;
            let store = open(settings)?;
            let runtime =
                tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
            let outcome =
                runtime.block_on(telegram::send_digest(settings.clone(), store, Utc::now()))?;
            Ok(format!("digest: {outcome}"))
        }
        Command::Import { source } => import(settings, source),
        Command::Bench { scales, runs, out } => bench(&scales, runs, out.as_deref()),
        Command::Export { format, out } => export(settings, format, &out),
        Command::Stats { out } => {
            let store = open(settings)?;
            let today = chrono::Utc::now()
                .with_timezone(&settings.timezone)
                .date_naive();
            let stats = store.year_stats(&settings.closeness, today)?;
            let png = kith::engine::chart::chart_png(&stats).map_err(|e| anyhow::anyhow!(e))?;
            write_private(&out, &png)?;
            Ok(format!(
                "{}\nchart written to {} ({} × {} pixels)",
                kith::domain::stats::summary(&stats),
                out.display(),
                kith::engine::chart::CHART_WIDTH,
                kith::engine::chart::CHART_HEIGHT
            ))
        }
        Command::Backup { file } => {
            let store = open(settings)?;
            store.backup_checked(&file)?;
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            Ok(format!(
                "backed up {} to {} ({size} bytes, integrity checked)",
                settings.db.display(),
                file.display()
            ))
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
            let store: SharedStore = std::sync::Arc::new(std::sync::Mutex::new(open(settings)?));
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
fn run_effect(store: &SharedStore, settings: &Settings, effect: Effect) -> String {
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
    let store: SharedStore = std::sync::Arc::new(std::sync::Mutex::new(store));
    let stdin = std::io::stdin();
    let handled = terminal::chat(
        |input| respond(&store, settings, input),
        |effect| run_effect(&store, settings, effect),
        keep_file,
        stdin.lock(),
        std::io::stdout(),
        interactive,
    )?;
    Ok(format!(
        "chat ended after {handled} message{}",
        if handled == 1 { "" } else { "s" }
    ))
}

/// Saves a file a reply carries into the current folder (never over an existing file),
/// readable by you only, and says where.
fn keep_file(file: &kith::engine::reply::Attachment) -> String {
    let name = std::path::Path::new(&file.name);
    let (stem, extension) = (
        name.file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("kith-file"),
        name.extension().and_then(|e| e.to_str()),
    );
    let candidate = |n: usize| {
        let stem = if n == 0 {
            stem.to_owned()
        } else {
            format!("{stem}-{n}")
        };
        std::path::PathBuf::from(match extension {
            Some(extension) => format!("{stem}.{extension}"),
            None => stem,
        })
    };
    let Some(path) = (0..1_000).map(candidate).find(|p| !p.exists()) else {
        return format!("(file {} not saved: too many copies here)", file.name);
    };
    match write_private(&path, &file.bytes) {
        Ok(()) => format!("(saved {} — {} bytes)", path.display(), file.bytes.len()),
        Err(error) => format!("(file {} not saved: {error:#})", file.name),
    }
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

fn import(settings: &Settings, source: ImportSource) -> anyhow::Result<String> {
    use kith::moving::import::{airtable, vcard};
    use kith::store::Commit;
    let started = Instant::now();
    let (batch, problems, commit) = match source {
        ImportSource::Airtable {
            people,
            interactions,
            organizations,
            emails,
            mapping,
            dry_run,
        } => {
            let files = airtable::AirtableFiles {
                people,
                interactions,
                organizations,
                emails,
            };
            if files.people.is_none()
                && files.interactions.is_none()
                && files.organizations.is_none()
                && files.emails.is_none()
            {
                bail!("give at least one of --people, --interactions, --organizations, --emails");
            }
            // A file that cannot be read stops the import before anything is read: a
            // partial import would link what it read to nothing of what it missed.
            for path in [
                &files.people,
                &files.interactions,
                &files.organizations,
                &files.emails,
            ]
            .into_iter()
            .flatten()
            {
                std::fs::File::open(path).with_context(|| {
                    format!("cannot read {}; nothing was imported", path.display())
                })?;
            }
            let mapping = match mapping {
                Some(path) => airtable::Mapping::load(&path).map_err(|p| anyhow::anyhow!("{p}"))?,
                None => airtable::Mapping::default(),
            };
            let read = airtable::read(&files, &mapping, &settings.closeness);
            (
                read.batch,
                read.problems,
                if dry_run { Commit::DryRun } else { Commit::Yes },
            )
        }
        ImportSource::Vcard { file, dry_run } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let read = vcard::read(
                &file.display().to_string(),
                &String::from_utf8_lossy(&bytes),
            );
            (
                read.batch,
                read.problems,
                if dry_run { Commit::DryRun } else { Commit::Yes },
            )
        }
        ImportSource::Json { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let export: serde_json::Value = serde_json::from_str(&text)
                .with_context(|| format!("{} is not JSON", file.display()))?;
            let mut store = open(settings)?;
            let restored = store.import_json(&export)?;
            let rows: usize = restored.iter().map(|(_, n)| n).sum();
            return Ok(format!(
                "restored {rows} rows from {} in {:.1} s",
                file.display(),
                started.elapsed().as_secs_f64()
            ));
        }
    };
    for problem in &problems {
        eprintln!("{problem}");
    }
    let mut store = open(settings)?;
    let report = store.import_batch(&batch, commit)?;
    let verb = if commit == Commit::DryRun {
        "would import"
    } else {
        "imported"
    };
    Ok(format!(
        "{verb}: {} people new, {} matched; {} organizations new; {} interactions new, {} matched; {} addresses new; {} problem{}{} ({:.1} s)",
        report.people_created,
        report.people_matched,
        report.organizations_created,
        report.interactions_created,
        report.interactions_matched,
        report.emails_created,
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        if commit == Commit::DryRun {
            "; nothing was changed"
        } else {
            ""
        },
        started.elapsed().as_secs_f64()
    ))
}

fn export(
    settings: &Settings,
    format: ExportFormat,
    out: &std::path::Path,
) -> anyhow::Result<String> {
    let store = open(settings)?;
    let export = store.export_json()?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let files: Vec<(String, String)> = match format {
        ExportFormat::Json => vec![(
            "kith-export.json".into(),
            serde_json::to_string_pretty(&export)?,
        )],
        ExportFormat::Csv => kith::moving::export::airtable_csv(&export, &settings.closeness),
        ExportFormat::Vcard => vec![(
            "kith-people.vcf".into(),
            kith::moving::export::vcards(&export),
        )],
    };
    for (name, content) in &files {
        write_private(&out.join(name), content.as_bytes())?;
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    Ok(format!(
        "exported to {}: {}",
        out.display(),
        names.join(", ")
    ))
}

/// Writes a file only its owner can read (exports hold the whole network).
fn write_private(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(bytes)?;
    Ok(())
}

fn bench(scales: &[usize], runs: usize, out: Option<&std::path::Path>) -> anyhow::Result<String> {
    let started = Instant::now();
    let folder = tempfile::tempdir().context("cannot create a temporary folder")?;
    let exe = std::env::current_exe().context("cannot find the kith binary")?;
    let mut measures = Vec::new();
    for &scale in scales {
        eprintln!("measuring at {scale}× the owner's network…");
        measures.extend(cli::bench::run_scale(scale, folder.path(), runs.max(5))?);
        measures.extend(cli::bench::startup_measures(&exe, scale, folder.path())?);
    }
    let machine = format!(
        "{} cores, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::env::consts::ARCH
    );
    let table = format!(
        "Machine: {machine}; kith {}; {runs} runs per operation.\n\n{}",
        env!("CARGO_PKG_VERSION"),
        cli::bench::table(&measures)
    );
    if let Some(path) = out {
        std::fs::write(path, &table).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let missed = measures.iter().filter(|m| m.met() == Some(false)).count();
    Ok(format!(
        "{table}\nbench done in {:.0} s: {} measures, {missed} target(s) missed",
        started.elapsed().as_secs_f64(),
        measures.len()
    ))
}

fn check(settings: &Settings) -> anyhow::Result<String> {
    if !settings.db.exists() {
        return Ok(format!(
            "settings ok; no database at {} yet (the first command that writes creates it)",
            settings.db.display()
        ));
    }
    // Inspect only: never migrate or write (the file may belong to a running bot).
    let store = Store::open_to_inspect(&settings.db)
        .with_context(|| format!("cannot open {}", settings.db.display()))?;
    let version = store
        .schema_version()
        .with_context(|| format!("cannot read {}", settings.db.display()))?;
    if version < latest_schema_version() {
        bail!(
            "{}: schema version {version} is out of date (this kith has {}); the next `kith run` or any command that writes upgrades it",
            settings.db.display(),
            latest_schema_version()
        );
    }
    if version > latest_schema_version() {
        bail!(
            "{}: schema version {version} is newer than this kith knows ({}); use a newer kith",
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
