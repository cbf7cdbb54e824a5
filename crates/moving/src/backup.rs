//! Automatic daily backups: one checked snapshot a day in `KITH_BACKUP_DIR`, named by
//! the day, keeping the newest `KITH_BACKUP_KEEP`. Run by the scheduler in `kith run`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use kith_store::Store;
use kith_store::{Error, Result};

const PREFIX: &str = "kith-";
const SUFFIX: &str = ".db";

fn file_error(path: &Path, source: std::io::Error) -> Error {
    Error::File {
        path: path.display().to_string(),
        problem: source,
    }
}

/// Takes today's backup unless it exists, then deletes all but the newest `keep`.
/// Returns the new file, if one was written.
pub fn daily(store: &Store, dir: &Path, day: NaiveDate, keep: usize) -> Result<Option<PathBuf>> {
    kith_files::create_private_dir_all(dir).map_err(|e| file_error(dir, e))?;
    // A folder that was already there is made private too: it holds the whole network.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    let path = dir.join(format!("{PREFIX}{day}{SUFFIX}"));
    let written = match path.symlink_metadata() {
        // Today's is done.
        Ok(found) if found.is_file() => None,
        // A link (dangling too) or a folder in its place: never written through, and
        // said, so the run counts as a failed backup.
        Ok(_) => {
            return Err(file_error(
                &path,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "a link or a folder is where today's backup goes; kith never writes through it",
                ),
            ));
        }
        Err(_) => {
            store.backup_checked(&path)?;
            Some(path)
        }
    };
    rotate(dir, keep)?;
    Ok(written)
}

/// Deletes the oldest daily backups beyond `keep` (other files are left alone).
pub fn rotate(dir: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    let mut backups: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| file_error(dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix(PREFIX))
                .and_then(|n| n.strip_suffix(SUFFIX))
                .is_some_and(|date| NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok())
        })
        .collect();
    // ISO dates sort by name.
    backups.sort();
    let excess = backups.len().saturating_sub(keep.max(1));
    let removed: Vec<PathBuf> = backups.into_iter().take(excess).collect();
    for path in &removed {
        std::fs::remove_file(path).map_err(|e| file_error(path, e))?;
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_a_day_and_only_the_newest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_memory().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        for day in 1..=5 {
            let day = NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
            assert!(daily(&store, dir.path(), day, 3).unwrap().is_some());
        }
        let again = daily(
            &store,
            dir.path(),
            NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(),
            3,
        )
        .unwrap();
        assert!(again.is_none(), "one backup a day");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec![
                "kith-2026-11-03.db",
                "kith-2026-11-04.db",
                "kith-2026-11-05.db",
                "notes.txt"
            ]
        );
    }
}
