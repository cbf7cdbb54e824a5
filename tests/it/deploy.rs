//! The service set-ups in `deploy/` and the container files: the systemd unit passes
//! `systemd-analyze verify` (where systemd is installed) with the hardening it promises,
//! and the Dockerfile and compose file — which cannot be built here, there is no
//! container daemon — are well formed, copy only paths that exist, and run kith as a
//! user without privileges with its health check.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|path| path.is_file())
}

/// The `key=value` lines of a unit's sections, in order.
fn directives(unit: &str) -> Vec<(String, String)> {
    unit.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

#[test]
fn the_systemd_unit_is_hardened_and_verifies() {
    let unit = read("deploy/kith.service");
    let found = directives(&unit);
    for (key, value) in [
        ("DynamicUser", "yes"),
        ("StateDirectory", "kith"),
        ("EnvironmentFile", "/etc/kith/kith.env"),
        ("Restart", "on-failure"),
        ("ProtectSystem", "strict"),
        ("PrivateTmp", "yes"),
        ("NoNewPrivileges", "yes"),
        ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
        ("SystemCallFilter", "@system-service"),
        ("ExecStart", "/usr/local/bin/kith run"),
        ("UMask", "0077"),
    ] {
        assert!(
            found.iter().any(|(k, v)| k == key && v == value),
            "{key}={value} in deploy/kith.service"
        );
    }
    let dropin = read("deploy/kith.service.d/litestream.conf");
    assert!(dropin.contains(
        "ExecStart=/usr/local/bin/litestream replicate -config /etc/kith/litestream.yml -exec \"/usr/local/bin/kith run\""
    ));
    let Some(analyze) = which("systemd-analyze") else {
        eprintln!("skipped: systemd-analyze is not installed, the unit was not verified");
        return;
    };
    // Verified as installed, with the programs it starts where this machine has them;
    // the Litestream drop-in is checked appended to the unit (its assignments in order).
    let kith = env!("CARGO_BIN_EXE_kith");
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("kith.service", unit.clone()),
        ("kith-litestream.service", format!("{unit}\n{dropin}")),
    ] {
        let text = text
            .replace("/usr/local/bin/kith", kith)
            .replace("/usr/local/bin/litestream", "/bin/true");
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let output = Command::new(&analyze)
            .arg("verify")
            .arg(&path)
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            output.status.success() && said.trim().is_empty(),
            "{name}: {said}"
        );
    }
}

/// A Dockerfile instruction with its arguments (continuation lines joined).
fn instructions(text: &str) -> Vec<(String, String)> {
    let mut joined = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || (line.is_empty() && current.is_empty()) {
            continue;
        }
        if let Some(part) = line.strip_suffix('\\') {
            current.push_str(part);
            current.push(' ');
            continue;
        }
        current.push_str(line);
        joined.push(std::mem::take(&mut current));
    }
    joined
        .into_iter()
        .filter_map(|line| {
            let (word, rest) = line.split_once(char::is_whitespace)?;
            Some((word.to_uppercase(), rest.trim().to_owned()))
        })
        .collect()
}

#[test]
fn the_dockerfile_builds_in_stages_and_runs_kith_unprivileged() {
    let dockerfile = read("Dockerfile");
    let steps = instructions(&dockerfile);
    let stages: Vec<String> = steps
        .iter()
        .filter(|(word, _)| word == "FROM")
        .filter_map(|(_, rest)| rest.split_whitespace().nth(2).map(str::to_owned))
        .collect();
    assert_eq!(stages, ["chef", "planner", "builder", "runtime"]);
    assert!(
        dockerfile.contains("cargo chef cook --release --locked"),
        "dependencies in their own layer"
    );
    for (word, rest) in &steps {
        if word != "COPY" {
            continue;
        }
        let parts: Vec<&str> = rest.split_whitespace().collect();
        if let Some(from) = parts[0].strip_prefix("--from=") {
            assert!(
                stages.iter().any(|s| s == from) || from.contains(':'),
                "COPY --from={from}: no such stage or pinned image"
            );
            continue;
        }
        for source in &parts[..parts.len() - 1] {
            assert!(
                root().join(source).exists(),
                "COPY {source}: no such path in the repository"
            );
        }
    }
    let runtime: Vec<&(String, String)> = steps
        .iter()
        .skip_while(|(word, rest)| !(word == "FROM" && rest.ends_with("AS runtime")))
        .collect();
    let last = |word: &str| {
        runtime
            .iter()
            .rev()
            .find(|(w, _)| w == word)
            .map(|(_, r)| r.as_str())
    };
    assert_eq!(last("USER"), Some("kith:kith"));
    assert_eq!(last("VOLUME"), Some("[\"/data\"]"));
    assert!(last("ENV").is_some_and(|e| e.contains("KITH_DB=/data/kith.db")));
    assert!(
        last("HEALTHCHECK").is_some_and(|h| h.ends_with("CMD [\"kith\", \"status\", \"--quiet\"]"))
    );
    assert_eq!(last("ENTRYPOINT"), Some("[\"kith\"]"));
    assert_eq!(last("CMD"), Some("[\"run\"]"));
    let ignored = read(".dockerignore");
    for path in ["target", ".git", "*.db", "*.env"] {
        assert!(
            ignored.lines().any(|l| l == path),
            "{path} in .dockerignore"
        );
    }
    // The binary the image copies is the one Cargo builds.
    assert!(read("Cargo.toml").contains("name = \"kith\""));
}

/// The paths the builder stage copies into the image's source folder.
fn copied_into_the_builder(dockerfile: &str) -> Vec<PathBuf> {
    instructions(dockerfile)
        .iter()
        .skip_while(|(word, rest)| !(word == "FROM" && rest.ends_with("AS builder")))
        .skip(1)
        .take_while(|(word, _)| word != "FROM")
        .filter(|(word, rest)| word == "COPY" && !rest.starts_with("--from="))
        .flat_map(|(_, rest)| {
            let parts: Vec<&str> = rest.split_whitespace().collect();
            parts[..parts.len() - 1]
                .iter()
                .map(PathBuf::from)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn the_dockerfile_builds_the_whole_workspace_with_what_its_crates_embed() {
    let copied = copied_into_the_builder(&read("Dockerfile"));
    let is_copied = |path: &Path| {
        let relative = path.strip_prefix(root()).unwrap_or(path);
        copied.iter().any(|c| relative.starts_with(c))
    };
    for path in ["Cargo.toml", "Cargo.lock", "src"] {
        assert!(is_copied(Path::new(path)), "the builder copies {path}");
    }
    assert!(
        read("Cargo.toml").contains("members = [\"crates/*\"]"),
        "the workspace's members are the folders of crates/"
    );
    let crates: Vec<PathBuf> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("Cargo.toml").exists())
        .collect();
    assert!(crates.len() >= 8, "{crates:?}");
    // Each crate, and each file a crate compiles in (migrations, the chart's font).
    for krate in crates {
        assert!(is_copied(&krate), "the builder copies {}", krate.display());
        for file in rust_files(&krate.join("src")) {
            for embedded in embedded_paths(&std::fs::read_to_string(&file).unwrap()) {
                let path = file.parent().unwrap().join(&embedded);
                assert!(path.exists(), "{}: {embedded} is missing", file.display());
                assert!(is_copied(&path), "{} is not copied", path.display());
            }
        }
    }
}

/// The relative paths `include_str!` and `include_bytes!` name in `source`.
fn embedded_paths(source: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for macro_name in ["include_str!(\"", "include_bytes!(\""] {
        for (at, _) in source.match_indices(macro_name) {
            let rest = &source[at + macro_name.len()..];
            if let Some(end) = rest.find('"') {
                paths.push(rest[..end].to_owned());
            }
        }
    }
    paths
}

#[test]
fn the_compose_file_runs_kith_beside_litestream_on_one_volume() {
    let compose: serde_yaml::Value = serde_yaml::from_str(&read("compose.yaml")).unwrap();
    let services = compose["services"].as_mapping().unwrap();
    let names: Vec<&str> = services.keys().filter_map(|k| k.as_str()).collect();
    assert_eq!(names, ["restore", "kith", "litestream"]);
    for name in &names {
        let service = &compose["services"][name];
        let volumes: Vec<&str> = service["volumes"]
            .as_sequence()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert!(
            volumes.contains(&"kith-data:/data"),
            "{name} mounts the data volume"
        );
        for mount in volumes {
            let source = mount.split(':').next().unwrap();
            if source.starts_with("./") {
                assert!(
                    root().join(source).exists(),
                    "{name} mounts {source}, which does not exist"
                );
            }
        }
        if *name != "kith" {
            assert_eq!(
                service["image"].as_str(),
                Some("litestream/litestream:0.3.13")
            );
        }
    }
    assert_eq!(compose["services"]["kith"]["build"].as_str(), Some("."));
    assert_eq!(
        compose["services"]["kith"]["depends_on"]["restore"]["condition"].as_str(),
        Some("service_completed_successfully")
    );
    assert!(
        compose["services"]["restore"]["command"]
            .as_str()
            .unwrap()
            .contains("-if-db-not-exists -if-replica-exists")
    );
    assert!(
        compose["volumes"]["kith-data"].is_null() || compose["volumes"]["kith-data"].is_mapping()
    );
    let litestream: serde_yaml::Value =
        serde_yaml::from_str(&read("deploy/litestream.yml")).unwrap();
    assert_eq!(litestream["dbs"][0]["path"].as_str(), Some("${KITH_DB}"));
    assert_eq!(
        litestream["dbs"][0]["replicas"][0]["type"].as_str(),
        Some("s3")
    );
}
