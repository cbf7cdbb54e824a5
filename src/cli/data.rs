//! Data in and out from the command line: `kith seed`, `kith import` (Airtable, vCard,
//! JSON, mbox, Telegram), `kith export` (JSON, CSV, vCard), each with its one-line summary.

use std::io::IsTerminal;
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::NaiveDate;

use kith::config::settings::Settings;
use kith::synthetic::{Scale, generate};

use kith::moving::import::table::Problem;
use kith::store::Commit;

use super::args::{AirtableArgs, ExportFormat, ImportSource};
use super::open;

pub fn seed_database(
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

/// What a file import read, before anything is written.
struct FileRead {
    batch: kith::store::ImportBatch,
    problems: Vec<Problem>,
    /// Parts of the input that nothing reads, each with the mapping line that would.
    unread: Vec<String>,
    /// What an unread part of the input is called: a CSV column, a vCard property.
    noun: (&'static str, &'static str),
    commit: Commit,
}

impl FileRead {
    fn new(
        batch: kith::store::ImportBatch,
        problems: Vec<Problem>,
        unread: &[Problem],
        dry_run: bool,
    ) -> FileRead {
        FileRead {
            batch,
            problems,
            unread: unread.iter().map(ToString::to_string).collect(),
            noun: ("column", "columns"),
            commit: if dry_run { Commit::DryRun } else { Commit::Yes },
        }
    }
}

pub fn import(settings: &Settings, source: ImportSource) -> anyhow::Result<String> {
    use kith::moving::import::{google_contacts, linkedin, vcard};
    let started = Instant::now();
    let read = match source {
        ImportSource::Airtable(args) => read_airtable(settings, args)?,
        ImportSource::Vcard {
            file,
            dry_run,
            prefer_file,
        } => {
            let mut read = vcard::read_bytes(&file.display().to_string(), &read_input(&file)?);
            read.batch.conflicts = conflicts(prefer_file);
            FileRead {
                noun: ("property", "properties"),
                ..FileRead::new(read.batch, read.problems, &read.unread, dry_run)
            }
        }
        ImportSource::Linkedin { file, dry_run } => {
            let read = linkedin::read(&file.display().to_string(), &read_input(&file)?);
            FileRead::new(read.batch, read.problems, &read.unread, dry_run)
        }
        ImportSource::GoogleContacts {
            file,
            dry_run,
            prefer_file,
        } => {
            let mut read = google_contacts::read(&file.display().to_string(), &read_input(&file)?);
            read.batch.conflicts = conflicts(prefer_file);
            FileRead::new(read.batch, read.problems, &read.unread, dry_run)
        }
        ImportSource::Mbox { file, dry_run } => {
            return import_mbox(settings, &file, dry_run, started);
        }
        ImportSource::Telegram { file, dry_run } => {
            return import_telegram(settings, &file, dry_run, started);
        }
        ImportSource::Json { file } => return restore_json(settings, &file, started),
    };
    write_import(settings, read, started)
}

/// The Airtable files given, or found in the export folder, read with their mapping.
fn read_airtable(settings: &Settings, args: AirtableArgs) -> anyhow::Result<FileRead> {
    use kith::moving::import::airtable;
    let AirtableArgs {
        people,
        interactions,
        organizations,
        emails,
        ignore_rules,
        dir,
        mapping,
        dry_run,
        prefer_file,
    } = args;
    // A file of the export folder, unless given on its own.
    let in_dir = |given: Option<std::path::PathBuf>, name: &str| {
        given.or_else(|| {
            let path = dir.as_ref()?.join(name);
            path.exists().then_some(path)
        })
    };
    use kith::moving::layout::intentions;
    let files = airtable::AirtableFiles {
        people: in_dir(people, "People.csv"),
        interactions: in_dir(interactions, "Interactions.csv"),
        organizations: in_dir(organizations, "Organizations.csv"),
        emails: in_dir(emails, "Emails.csv"),
        ignore_rules: in_dir(ignore_rules, kith::moving::export::IGNORE_RULES_FILE),
        follow_ups: in_dir(None, intentions::FOLLOW_UPS_FILE),
        topics: in_dir(None, intentions::TOPICS_FILE),
        important_dates: in_dir(None, intentions::DATES_FILE),
    };
    let mapping = in_dir(mapping, kith::moving::export::MAPPING_FILE);
    if let Some(dir) = &dir
        && !dir.is_dir()
    {
        bail!("{} is not a folder; nothing was imported", dir.display());
    }
    check_airtable_files(&files)?;
    let mapping = match mapping {
        Some(path) => airtable::Mapping::load(&path).map_err(|p| anyhow::anyhow!("{p}"))?,
        None => airtable::Mapping::default(),
    };
    let mut read = airtable::read(
        &files,
        &mapping,
        &settings.closeness,
        super::today(settings),
    );
    read.batch.conflicts = conflicts(prefer_file);
    for note in &read.settled {
        eprintln!("{note}");
    }
    Ok(FileRead::new(
        read.batch,
        read.problems,
        &read.unread,
        dry_run,
    ))
}

/// At least one file, and every file readable: a file that cannot be read stops the
/// import before anything is read (a partial import would link what it read to nothing
/// of what it missed).
fn check_airtable_files(
    files: &kith::moving::import::airtable::AirtableFiles,
) -> anyhow::Result<()> {
    let all = [
        &files.people,
        &files.interactions,
        &files.organizations,
        &files.emails,
        &files.ignore_rules,
    ];
    if all.iter().all(|file| file.is_none()) {
        bail!(
            "give at least one of --people, --interactions, --organizations, --emails, --ignore-rules, or --dir with the files of `kith export --format csv`"
        );
    }
    for path in all.into_iter().flatten() {
        std::fs::File::open(path)
            .with_context(|| format!("cannot read {}; nothing was imported", path.display()))?;
    }
    Ok(())
}

/// Restores a `kith export --format json` file (gzipped or not) into the database.
fn restore_json(
    settings: &Settings,
    file: &std::path::Path,
    started: Instant,
) -> anyhow::Result<String> {
    // `/export` sends a large export gzipped (.json.gz): either reads back.
    let bytes = read_input(file)?;
    let text =
        kith::moving::export::export_json_bytes(&bytes, kith::moving::export::MAX_UNPACKED_EXPORT)
            .with_context(|| format!("cannot unpack {}", file.display()))?;
    let export: serde_json::Value =
        serde_json::from_slice(&text).with_context(|| format!("{} is not JSON", file.display()))?;
    if let Some(error) = kith::store::not_an_export(&export) {
        bail!("{}: {error}; nothing was restored", file.display());
    }
    let existed = settings.db.exists();
    let mut store = open(settings)?;
    let restored = match store.import_json(&export) {
        Ok(restored) => restored,
        Err(error) => {
            drop(store);
            if !existed {
                remove_new_database(&settings.db);
            }
            return Err(error.into());
        }
    };
    let rows: usize = restored.iter().map(|(_, n)| n).sum();
    Ok(format!(
        "restored {rows} rows from {} in {:.1} s",
        file.display(),
        started.elapsed().as_secs_f64()
    ))
}

/// Writes (or, on a dry run, tries) what a file gave, and says what it did.
fn write_import(settings: &Settings, read: FileRead, started: Instant) -> anyhow::Result<String> {
    let FileRead {
        mut batch,
        mut problems,
        unread,
        noun,
        commit,
    } = read;
    problems.extend(kith::moving::import::tidy_phones(
        &mut batch,
        settings.phone_region.as_deref(),
        "the import",
    ));
    for problem in &problems {
        eprintln!("{problem}");
    }
    let mut store = open_for(settings, commit == Commit::DryRun)?;
    let report = store.import_batch(&batch, commit)?;
    // Entries not applied: each matches two or more people in kith.
    for problem in &report.problems {
        eprintln!("{problem}");
    }
    // Each field of someone already in kith that the file filled or differs on.
    let fields: String = report
        .types
        .iter()
        .chain(&report.fields)
        .map(|f| format!("{f}\n"))
        .collect();
    let columns: String = unread.iter().map(|c| format!("{c}\n")).collect();
    let not_read = match unread.len() {
        0 => String::new(),
        n => format!(
            "; {} not read (listed above)",
            kith::domain::text::plural(n, noun.0, noun.1)
        ),
    };
    Ok(format!(
        "{fields}{columns}{}{not_read} ({:.1} s)",
        report.summary(problems.len(), commit),
        started.elapsed().as_secs_f64()
    ))
}

/// The database an import writes to; a dry run against a file that does not exist
/// works in memory (the same empty database), so it leaves no file behind.
fn open_for(settings: &Settings, dry_run: bool) -> anyhow::Result<kith::store::Store> {
    if dry_run && !settings.db.exists() {
        return Ok(kith::store::Store::open_in_memory()?);
    }
    open(settings)
}

/// Removes a database file this run created and then could not fill (with SQLite's
/// files beside it); only ever called for a path that did not exist before the run.
fn remove_new_database(db: &std::path::Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut path = db.as_os_str().to_owned();
        path.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(path));
    }
}

fn read_input(file: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))
}

fn conflicts(prefer_file: bool) -> kith::store::Conflicts {
    if prefer_file {
        kith::store::Conflicts::TakeFile
    } else {
        kith::store::Conflicts::KeepKith
    }
}

pub fn export(
    settings: &Settings,
    format: ExportFormat,
    out: &std::path::Path,
) -> anyhow::Result<String> {
    if out == std::path::Path::new("-") && matches!(format, ExportFormat::Csv) {
        anyhow::bail!(
            "--out - writes one file to standard output, and a CSV export is several files; \
             give --out a folder, or use --format json, vcard or ics"
        );
    }
    if out != std::path::Path::new("-") && out.exists() && !out.is_dir() {
        anyhow::bail!(
            "--out must be a folder, where the export's files go; {} is a file (nothing was exported)",
            out.display()
        );
    }
    let store = open(settings)?;
    let export = store.export_file_json()?;
    if out == std::path::Path::new("-") {
        // One stream, printed as it is (with one final newline) and nothing else.
        let mut content = match format {
            ExportFormat::Vcard => kith::moving::export::vcards(&export),
            ExportFormat::Ics => calendar(settings, &export),
            _ => serde_json::to_string_pretty(&export)?,
        };
        if content.ends_with('\n') {
            content.pop();
        }
        return Ok(content);
    }
    kith::safe_file::create_private_dir_all(out)
        .with_context(|| format!("cannot create {}", out.display()))?;
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
        ExportFormat::Ics => vec![(
            kith::moving::export::ICS_FILE.into(),
            calendar(settings, &export),
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

/// The iCalendar export, its times in the owner's zone, stamped now.
fn calendar(settings: &Settings, export: &serde_json::Value) -> String {
    kith::moving::export::ics_calendar(export, settings.timezone, chrono::Utc::now())
}

/// Writes a file only its owner can read (exports hold the whole network): a private
/// temporary file renamed over whatever was there, never written through a link.
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    kith::safe_file::write_private(path, bytes, kith::safe_file::Existing::Replace)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// `kith import mbox FILE`: streamed, with progress on a terminal.
fn import_mbox(
    settings: &Settings,
    file: &std::path::Path,
    dry_run: bool,
    started: Instant,
) -> anyhow::Result<String> {
    let opened = std::fs::File::open(file)
        .with_context(|| format!("cannot read {}; nothing was imported", file.display()))?;
    let total = opened.metadata().map(|m| m.len()).unwrap_or(0);
    let name = format!(
        "mbox:{}",
        file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned()
        )
    );
    let mut store = open_for(settings, dry_run)?;
    let terminal = std::io::stderr().is_terminal();
    let run = |store: &mut kith::store::Store| {
        kith::mail::sync::import_mbox(
            settings,
            store,
            &name,
            std::io::BufReader::with_capacity(1 << 20, opened),
            chrono::Utc::now(),
            |read| {
                if terminal && total > 0 {
                    eprint!(
                        "\rread {} of {} MB",
                        read / 1_000_000,
                        total.div_ceil(1_000_000)
                    );
                }
            },
        )
    };
    // A dry run is the real import, taken back at the end: its report is exact.
    let report = if dry_run {
        store.rolled_back(run)?
    } else {
        run(&mut store)?
    };
    if terminal {
        eprintln!();
    }
    for warning in &report.warnings {
        eprintln!("{warning}");
    }
    let (before, after) = if dry_run {
        ("would import: ", "; nothing was changed")
    } else {
        ("", "")
    };
    Ok(format!(
        "{before}{}{after} ({:.1} s)",
        report.line(),
        started.elapsed().as_secs_f64()
    ))
}

/// The export's file opened, or why not in the owner's words: a folder (the export's
/// folder given for its result.json), a file that does not exist, any other reason.
fn open_export(file: &std::path::Path) -> anyhow::Result<std::fs::File> {
    if file.is_dir() {
        anyhow::bail!(
            "{} is a folder: give the result.json inside the export's folder; nothing was imported",
            file.display()
        );
    }
    std::fs::File::open(file).map_err(|error| {
        if error.kind() == std::io::ErrorKind::NotFound {
            anyhow::anyhow!(
                "cannot read {}: no such file; nothing was imported",
                file.display()
            )
        } else {
            anyhow::Error::new(error).context(format!(
                "cannot read {}; nothing was imported",
                file.display()
            ))
        }
    })
}

/// `kith import telegram FILE`: the export read streamed to its end first (a file that
/// cannot be read changes nothing), then its chat days logged as one import change,
/// which `/undo` takes back whole.
fn import_telegram(
    settings: &Settings,
    file: &std::path::Path,
    dry_run: bool,
    started: Instant,
) -> anyhow::Result<String> {
    use kith::moving::import::telegram;
    let opened = open_export(file)?;
    let name = file.display().to_string();
    let read = telegram::read(
        &name,
        opened,
        settings.timezone,
        telegram::Limits::default(),
    )
    .map_err(|error| anyhow::anyhow!("{error}; nothing was imported"))?;
    for problem in &read.problems {
        eprintln!("{problem}");
    }
    let mut store = open_for(settings, dry_run)?;
    let file_name = file
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
    let run = |store: &mut kith::store::Store| telegram::apply(store, &read, &file_name);
    // A dry run is the real import, taken back at the end: its report is exact.
    let applied = if dry_run {
        store.rolled_back(run)?
    } else {
        run(&mut store)?
    };
    let (before, after) = if dry_run {
        ("would import: ", " Nothing was changed (--dry-run).")
    } else {
        ("", "")
    };
    Ok(format!(
        "{before}{}{after} ({:.1} s)",
        read.report_line(&applied),
        started.elapsed().as_secs_f64()
    ))
}
