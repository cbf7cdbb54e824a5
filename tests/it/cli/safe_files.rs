//! Every file the binary writes goes through a private temporary file renamed into place:
//! a symlink planted where a file will go is replaced, never followed; an old file's mode
//! is never kept; folders kith creates are 0700 and files 0600 even under `umask 000`;
//! `kith backup` refuses anything already at its path, dangling links included.

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Output;

use super::{kith, kith_command, text};

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// `kith --db DB ARGS…` run by a shell that first sets `umask 000`, in `folder`.
fn kith_with_open_umask(db: &Path, args: &[&str], folder: &Path, stdin: &str) -> Output {
    use std::io::Write;
    let kith = kith_command();
    let mut shell = std::process::Command::new("sh");
    shell
        .arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(kith.get_program())
        .arg("--db")
        .arg(db)
        .args(args)
        .current_dir(folder)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    // The environment kith_command gives: none of this process's KITH_* variables.
    for (name, _) in kith.get_envs() {
        shell.env_remove(name);
    }
    let mut child = shell.spawn().expect("sh runs kith");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// A folder with a seeded database and a file outside any export.
fn seeded() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let seeded = kith(
        &db,
        &["seed", "--people", "30", "--interactions", "60"],
        &[],
    );
    assert!(seeded.status.success(), "{}", text(&seeded));
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "not kith's").unwrap();
    std::fs::set_permissions(&outside, std::fs::Permissions::from_mode(0o644)).unwrap();
    (dir, db, outside)
}

fn untouched(outside: &Path) {
    assert_eq!(std::fs::read_to_string(outside).unwrap(), "not kith's");
    assert_eq!(mode(outside), 0o644);
}

/// Only the files kith means to leave: no temporary file stays behind.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn exports_of_every_format_replace_planted_links_and_loose_files_under_umask_000() {
    let (dir, db, outside) = seeded();
    for (format, planted) in [
        ("json", "kith-export.json"),
        ("csv", "People.csv"),
        ("vcard", "kith-people.vcf"),
        ("ics", "kith.ics"),
    ] {
        // A folder kith creates, two levels deep, with a link and a loose file planted
        // only where the folder already exists.
        let fresh = dir.path().join(format).join("new");
        let output = kith_with_open_umask(
            &db,
            &[
                "export",
                "--format",
                format,
                "--out",
                fresh.to_str().unwrap(),
            ],
            dir.path(),
            "",
        );
        assert!(output.status.success(), "{}", text(&output));
        assert_eq!(mode(&dir.path().join(format)), 0o700, "{format}");
        assert_eq!(mode(&fresh), 0o700, "{format}");
        for name in names_in(&fresh) {
            assert_eq!(mode(&fresh.join(&name)), 0o600, "{format} {name}");
        }
        let dangling = dir.path().join(format!("{format}-nowhere"));
        std::fs::remove_file(fresh.join(planted)).unwrap();
        symlink(&outside, fresh.join(planted)).unwrap();
        let loose: Vec<String> = names_in(&fresh)
            .into_iter()
            .filter(|n| n != planted)
            .collect();
        for name in &loose {
            std::fs::set_permissions(fresh.join(name), std::fs::Permissions::from_mode(0o644))
                .unwrap();
        }
        if let Some(name) = loose.first() {
            std::fs::remove_file(fresh.join(name)).unwrap();
            symlink(&dangling, fresh.join(name)).unwrap();
        }
        let before = names_in(&fresh);
        let again = kith_with_open_umask(
            &db,
            &[
                "export",
                "--format",
                format,
                "--out",
                fresh.to_str().unwrap(),
            ],
            dir.path(),
            "",
        );
        assert!(again.status.success(), "{}", text(&again));
        untouched(&outside);
        assert!(
            !dangling.exists(),
            "{format}: written through a dangling link"
        );
        assert_eq!(
            names_in(&fresh),
            before,
            "{format}: a temporary file was left"
        );
        for name in before {
            let path = fresh.join(&name);
            assert!(!path.symlink_metadata().unwrap().is_symlink(), "{name}");
            assert_eq!(mode(&path), 0o600, "{format} {name}");
        }
    }
}

#[test]
fn stats_replaces_a_planted_link_and_an_old_charts_mode() {
    let (dir, db, outside) = seeded();
    let png = dir.path().join("year.png");
    symlink(&outside, &png).unwrap();
    let output = kith_with_open_umask(
        &db,
        &["stats", "--out", png.to_str().unwrap()],
        dir.path(),
        "",
    );
    assert!(output.status.success(), "{}", text(&output));
    untouched(&outside);
    assert_eq!(&std::fs::read(&png).unwrap()[..4], b"\x89PNG");
    assert_eq!(mode(&png), 0o600);
    std::fs::set_permissions(&png, std::fs::Permissions::from_mode(0o644)).unwrap();
    let again = kith(&db, &["stats", "--out", png.to_str().unwrap()], &[]);
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(mode(&png), 0o600, "an old chart's mode is not kept");
}

#[test]
fn backup_refuses_anything_at_its_path_dangling_links_included() {
    let (dir, db, outside) = seeded();
    let nowhere = dir.path().join("nowhere.db");
    let dangling = dir.path().join("dangling.db");
    symlink(&nowhere, &dangling).unwrap();
    let linked = dir.path().join("linked.db");
    symlink(&outside, &linked).unwrap();
    for taken in [&dangling, &linked, &outside] {
        let output = kith(&db, &["backup", taken.to_str().unwrap()], &[]);
        assert_eq!(output.status.code(), Some(1), "{}", text(&output));
        assert!(text(&output).contains("already there"), "{}", text(&output));
    }
    assert!(
        !nowhere.exists(),
        "a backup was written through a dangling link"
    );
    untouched(&outside);
    let fresh = dir.path().join("backups/today/kith.db");
    let output = kith_with_open_umask(&db, &["backup", fresh.to_str().unwrap()], dir.path(), "");
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(mode(&fresh), 0o600);
    assert_eq!(mode(&dir.path().join("backups")), 0o700);
    assert_eq!(mode(&dir.path().join("backups/today")), 0o700);
    assert_eq!(names_in(&dir.path().join("backups/today")), ["kith.db"]);
}

#[test]
fn the_chat_saves_beside_planted_links_never_through_them() {
    let (dir, db, outside) = seeded();
    let today = chrono::Utc::now().date_naive();
    let mut planted = Vec::new();
    for day in [today.pred_opt().unwrap(), today, today.succ_opt().unwrap()] {
        let name = dir.path().join(format!("kith-year-{day}.png"));
        let target = dir.path().join(format!("nowhere-{day}"));
        symlink(&target, &name).unwrap();
        planted.push((name, target));
    }
    let linked = dir.path().join(format!("kith-year-{today}-1.png"));
    symlink(&outside, &linked).unwrap();
    let output = kith_with_open_umask(&db, &["chat"], dir.path(), "/stats\n");
    assert!(output.status.success(), "{}", text(&output));
    let shown = String::from_utf8_lossy(&output.stdout).into_owned();
    let saved = shown
        .lines()
        .find_map(|l| l.strip_prefix("(saved "))
        .unwrap_or_else(|| panic!("no file saved: {shown}"))
        .split(" — ")
        .next()
        .unwrap()
        .to_owned();
    let saved = dir.path().join(saved);
    for (name, target) in &planted {
        assert_ne!(&saved, name);
        assert!(!target.exists(), "written through {}", name.display());
    }
    assert_ne!(saved, linked);
    untouched(&outside);
    assert_eq!(&std::fs::read(&saved).unwrap()[..4], b"\x89PNG");
    assert_eq!(mode(&saved), 0o600);
}
