//! Every file and folder kith writes, written one way: the bytes go to a new temporary
//! file in the target's folder (created exclusively, never through a symlink, mode 0600),
//! which is then renamed into place, so a symlink planted where the file will go is
//! replaced rather than followed and an old file's mode is never kept. Folders kith
//! creates are 0700 whatever the umask. Exports, the chart, backups (the database's
//! snapshots are copied into the temporary file), files the terminal chat saves and the
//! Google token file all come through here.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// What to do when something (a file, a folder, a symlink, even a dangling one) is
/// already at the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Put the new file in its place (the old one, or the link itself, is replaced).
    Replace,
    /// Leave it alone and fail with `AlreadyExists`.
    Refuse,
}

/// A private temporary file beside its target, removed unless it is placed.
pub struct NewFile {
    temporary: NamedTempFile,
}

/// A file that could not be placed, handed back with the reason (to try another name).
pub struct NotPlaced {
    pub file: NewFile,
    pub error: io::Error,
}

impl NewFile {
    /// Creates the temporary file in `target`'s folder (creating missing folders 0700).
    pub fn beside(target: &Path) -> io::Result<NewFile> {
        let folder = folder_of(target);
        create_private_dir_all(&folder)?;
        let temporary = tempfile::Builder::new()
            .prefix(".kith-")
            .suffix(".tmp")
            .make_in(&folder, open_private_new)?;
        Ok(NewFile { temporary })
    }

    /// Where the bytes are being written, for writers that need a path (SQLite).
    pub fn path(&self) -> &Path {
        self.temporary.path()
    }

    /// The open temporary file.
    pub fn file(&mut self) -> &mut File {
        self.temporary.as_file_mut()
    }

    /// Flushes the bytes to disk and renames the file to `target`.
    pub fn place(self, target: &Path, existing: Existing) -> io::Result<()> {
        self.try_place(target, existing)
            .map_err(|refused| refused.error)
    }

    /// Like `place`, but hands the file back when it could not be placed.
    pub fn try_place(self, target: &Path, existing: Existing) -> Result<(), NotPlaced> {
        if let Err(error) = self.temporary.as_file().sync_all() {
            return Err(NotPlaced { file: self, error });
        }
        let placed = match existing {
            Existing::Replace => self.temporary.persist(target),
            Existing::Refuse => self.temporary.persist_noclobber(target),
        };
        match placed {
            Ok(_) => Ok(()),
            Err(refused) => Err(NotPlaced {
                file: NewFile {
                    temporary: refused.file,
                },
                error: refused.error,
            }),
        }
    }
}

/// Writes `bytes` to `target` through a private temporary file renamed into place.
pub fn write_private(target: &Path, bytes: &[u8], existing: Existing) -> io::Result<()> {
    let mut file = NewFile::beside(target)?;
    file.file().write_all(bytes)?;
    file.place(target, existing)
}

/// Whether anything at all is at `path`: a file, a folder, or a symlink (dangling too).
pub fn occupied(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}

/// Creates `path` and any missing parents; each folder created here is 0700 whatever the
/// umask (set after creating it). Folders already there keep their mode.
pub fn create_private_dir_all(path: &Path) -> io::Result<()> {
    if path.as_os_str().is_empty() || path.is_dir() {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        create_private_dir_all(parent)?;
    }
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    match builder.create(path) {
        Ok(()) => set_mode(path, 0o700),
        // Another process made it in between: it is theirs, as it is.
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists && path.is_dir() => Ok(()),
        Err(error) => Err(error),
    }
}

/// The folder a file at `target` goes into ("." for a bare name).
fn folder_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Opens a new file exclusively: never an existing one, never through a symlink; 0600.
fn open_private_new(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path)
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn a_symlink_at_the_target_is_replaced_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::write(&outside, "keep me").unwrap();
        let target = dir.path().join("export.json");
        std::os::unix::fs::symlink(&outside, &target).unwrap();
        write_private(&target, b"new", Existing::Replace).unwrap();
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
        assert!(!target.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(mode(&target), 0o600);
    }

    #[test]
    fn an_old_files_mode_is_not_kept_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("chart.png");
        std::fs::write(&target, "old").unwrap();
        set_mode(&target, 0o644).unwrap();
        write_private(&target, b"new", Existing::Replace).unwrap();
        assert_eq!(mode(&target), 0o600);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refusing_keeps_a_dangling_symlink_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let nowhere = dir.path().join("nowhere");
        let target = dir.path().join("backup.db");
        std::os::unix::fs::symlink(&nowhere, &target).unwrap();
        assert!(occupied(&target));
        let error = write_private(&target, b"db", Existing::Refuse).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert!(!nowhere.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn folders_created_are_private_and_existing_ones_keep_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        set_mode(dir.path(), 0o755).unwrap();
        let deep = dir.path().join("a/b/c");
        create_private_dir_all(&deep).unwrap();
        for created in ["a", "a/b", "a/b/c"] {
            assert_eq!(mode(&dir.path().join(created)), 0o700, "{created}");
        }
        assert_eq!(mode(dir.path()), 0o755);
    }
}
