//! The conversation in a terminal: `kith chat` (a line loop over stdin), `kith demo` (the
//! same on a fresh synthetic network) and the network work a reply asks for (a sync);
//! files a reply carries are saved beside you, readable by you only.

use std::io::IsTerminal;

use anyhow::Context;
use chrono::Utc;

use kith::calendar::sync;
use kith::config::settings::Settings;
use kith::engine::{Effect, Engine, Input};
use kith::store::{SharedStore, Store};
use kith::synthetic::{Scale, generate};
use kith::transport::terminal::{self, TERMINAL_CHAT};

use super::{open, today};

/// One message through the engine, on the terminal's conversation.
pub fn respond(
    store: &std::sync::Mutex<Store>,
    settings: &Settings,
    input: Input,
) -> kith::engine::Reply {
    let mut store = store
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Engine::new(&mut store, &kith::engine::Preferences::from(settings)).handle(
        TERMINAL_CHAT,
        input,
        Utc::now(),
    )
}

/// The network work a reply asks for (a sync), with its report.
pub fn run_effect(store: &SharedStore, settings: &Settings, effect: Effect) -> String {
    match effect {
        Effect::Sync { full } => {
            let mode = if full {
                sync::Mode::Full
            } else {
                sync::Mode::Incremental
            };
            match tokio::runtime::Runtime::new() {
                Ok(runtime) => runtime
                    .block_on(kith::sources::sync_all(settings, store, mode, Utc::now()))
                    .render(),
                Err(error) => format!("Could not start the sync: {error}"),
            }
        }
        Effect::Status => {
            let read = kith::status::read(&kith::store::lock(store));
            match read {
                Ok(facts) => kith::status::assemble(settings, facts, Utc::now()).render(),
                Err(error) => format!("Could not read the status: {error}"),
            }
        }
    }
}

pub fn chat(store: Store, settings: &Settings) -> anyhow::Result<String> {
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
        "chat ended after {}",
        kith::domain::text::plural(handled, "message", "messages")
    ))
}

/// Saves a file a reply carries into the current folder (never over anything already
/// there, a link included), readable by you only, and says where.
pub fn keep_file(file: &kith::engine::reply::Attachment) -> String {
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
    match save_under_a_free_name(&file.bytes, (0..1_000).map(candidate)) {
        Ok(Some(path)) => format!("(saved {} — {} bytes)", path.display(), file.bytes.len()),
        Ok(None) => format!("(file {} not saved: too many copies here)", file.name),
        Err(error) => format!("(file {} not saved: {error})", file.name),
    }
}

/// Writes `bytes` to a private temporary file, then gives it the first of `names` that
/// nothing (no file, no link) holds yet.
fn save_under_a_free_name(
    bytes: &[u8],
    names: impl Iterator<Item = std::path::PathBuf>,
) -> std::io::Result<Option<std::path::PathBuf>> {
    use kith::safe_file::{Existing, NewFile, NotPlaced};
    use std::io::Write;
    let mut pending = NewFile::beside(std::path::Path::new("kith-file"))?;
    pending.file().write_all(bytes)?;
    for name in names {
        match pending.try_place(&name, Existing::Refuse) {
            Ok(()) => return Ok(Some(name)),
            Err(NotPlaced { file, error }) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                pending = file;
            }
            Err(NotPlaced { error, .. }) => return Err(error),
        }
    }
    Ok(None)
}

pub fn demo(settings: &Settings, seed: u64) -> anyhow::Result<String> {
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
    super::say(&format!(
        "kith demo: a synthetic network of 2,000 people in a temporary database.\n\
         Try /help, /stale, /unknown, /recent, or a name such as {example}.\n"
    ));
    let summary = chat(store, &demo_settings)?;
    folder
        .close()
        .context("cannot remove the temporary folder")?;
    Ok(format!(
        "demo {summary}; the temporary database was removed"
    ))
}
