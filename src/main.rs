//! The `kith` command: parses arguments, resolves settings, reads the clock, and hands
//! the work to the library. Every subcommand ends with a one-line summary.

use std::process::ExitCode;

mod cli;

use cli::args::{AuthProvider, Cli, Command};
use cli::check::check;
use cli::conversation::{chat, demo, respond, run_effect};
use cli::data::{export, import, seed_database, write_private};
use cli::measure::bench;
use cli::{open, today};

use anyhow::{Context, bail};
use chrono::Utc;
use clap::Parser;

use kith::calendar::sync;
use kith::config::settings::{Settings, process_environment};
use kith::engine::{Engine, Input};
use kith::store::SharedStore;
use kith::synthetic::Scale;
use kith::transport::telegram;
use kith::transport::terminal::TERMINAL_CHAT;

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
    let secrets = kith::config::logging::secrets(&settings)
        .into_iter()
        .chain(refresh.map(|token| token.expose().to_owned()))
        .collect();
    kith::config::logging::init(
        &settings.log,
        settings.log_format,
        secrets,
        telegram::QUIET_LOG_TARGETS,
    );
    if let Command::Status { quiet } = cli.command {
        return cli::status::status(&settings, quiet);
    }
    match run(cli.command, &settings) {
        Ok(summary) => {
            cli::say(&summary);
            ExitCode::SUCCESS
        }
        Err(error) if cli::is_broken_pipe(&error) => ExitCode::SUCCESS,
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
        Command::Status { .. } => unreachable!("answered before"),
        Command::Run => serve(settings),
        Command::Sync { full } => sync_now(settings, full),
        Command::Digest { send: false } => digest_here(settings),
        Command::Digest { send: true } => digest_sent(settings),
        Command::Import { source } => import(settings, source),
        Command::Bench {
            scales,
            runs,
            out,
            only,
        } => bench(&scales, runs, out.as_deref(), only.as_deref()),
        Command::Export { format, out } => export(settings, format, &out),
        Command::Stats { out } => stats(settings, &out),
        Command::Backup { file } => backup(settings, &file),
        Command::Auth {
            provider: AuthProvider::Google,
        } => authorize(settings),
        Command::Chat => chat(open(settings)?, settings),
        Command::Ask { text, press } => ask(settings, text, press),
        Command::Demo { seed } => demo(settings, seed),
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Runtime::new().context("cannot start the async runtime")
}

/// `kith run`: the bot, until a termination signal.
fn serve(settings: &Settings) -> anyhow::Result<String> {
    telegram::required_token(settings, "kith run")?;
    let store = open(settings)?;
    runtime()?.block_on(telegram::run_until(
        settings.clone(),
        store,
        telegram::termination_signal(),
        std::sync::Arc::new(kith::transport::clock::SystemClock),
    ))?;
    Ok("kith stopped".to_owned())
}

/// `kith sync`: every calendar and mailbox once.
fn sync_now(settings: &Settings, full: bool) -> anyhow::Result<String> {
    let store: SharedStore = std::sync::Arc::new(std::sync::Mutex::new(open(settings)?));
    let mode = if full {
        sync::Mode::Full
    } else {
        sync::Mode::Incremental
    };
    let report = runtime()?.block_on(kith::sources::sync_all(settings, &store, mode, Utc::now()));
    let details = report.render();
    let summary = report.summary();
    if report.failed() {
        eprintln!("{details}");
        bail!("{summary}");
    }
    Ok(format!("{details}\n{summary}"))
}

/// `kith digest`: today's digest, printed here, the same every time it is asked (only
/// `--send` is once a day). Reads only: a database that is not there is an error, never
/// an empty one made on the spot whose digest would say "nothing due".
fn digest_here(settings: &Settings) -> anyhow::Result<String> {
    if !settings.db.exists() {
        bail!(
            "no database at {} (set KITH_DB or --db to yours; `kith run` creates one)",
            settings.db.display()
        );
    }
    let mut store = open(settings)?;
    let chat = settings.owner_ids.first().copied().unwrap_or(TERMINAL_CHAT);
    let digest = Engine::new(&mut store, &kith::engine::Preferences::from(settings))
        .digest(chat, Utc::now())?;
    Ok(match digest {
        Some(reply) => reply.render_plain(),
        None => "nothing new today (KITH_DIGEST_WHEN_EMPTY=silent)".to_owned(),
    })
}

/// `kith digest --send`: today's digest, sent to the owner in Telegram.
fn digest_sent(settings: &Settings) -> anyhow::Result<String> {
    telegram::required_token(settings, "kith digest --send")?;
    let store = open(settings)?;
    let outcome =
        runtime()?.block_on(telegram::send_digest(settings.clone(), store, Utc::now()))?;
    Ok(format!("digest: {outcome}"))
}

/// `kith stats`: the year in numbers, and its chart written to `out`.
fn stats(settings: &Settings, out: &std::path::Path) -> anyhow::Result<String> {
    let store = open(settings)?;
    let today = chrono::Utc::now()
        .with_timezone(&settings.timezone)
        .date_naive();
    let stats = store.year_stats(&settings.closeness, today)?;
    let png = kith::engine::chart::chart_png(&stats)?;
    write_private(out, &png)?;
    Ok(format!(
        "{}\nchart written to {} ({} × {} pixels)",
        kith::domain::stats::summary(&stats),
        out.display(),
        kith::engine::chart::CHART_WIDTH,
        kith::engine::chart::CHART_HEIGHT
    ))
}

/// `kith backup`: a checked copy of the database.
fn backup(settings: &Settings, file: &std::path::Path) -> anyhow::Result<String> {
    let store = open(settings)?;
    store.backup_checked(file)?;
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    Ok(format!(
        "backed up {} to {} ({size} bytes, integrity checked)",
        settings.db.display(),
        file.display()
    ))
}

/// `kith auth google`: the consent that gives kith its refresh token.
fn authorize(settings: &Settings) -> anyhow::Result<String> {
    let path = runtime()?.block_on(kith::calendar::auth::authorize_interactively(settings))?;
    Ok(format!(
        "Google Calendar authorized; the refresh token is in {} (readable by you only)",
        path.display()
    ))
}

/// `kith ask`: one message or press, answered here (and its effect run).
fn ask(settings: &Settings, text: Option<String>, press: Option<String>) -> anyhow::Result<String> {
    let store: SharedStore = std::sync::Arc::new(std::sync::Mutex::new(open(settings)?));
    let input = match (text, press) {
        (_, Some(data)) => Input::Press(data),
        (Some(text), None) => Input::Text(text),
        (None, None) => bail!("give a message, or --press DATA"),
    };
    let reply = respond(&store, settings, input);
    let mut printed = reply.render_plain();
    if let Some(effect) = reply.effect {
        cli::say(&printed);
        printed = run_effect(&store, settings, effect);
    }
    Ok(printed)
}
