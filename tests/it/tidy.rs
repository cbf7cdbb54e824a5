//! The architecture's invariants (ARCHITECTURE.md) that Cargo cannot check, read from the
//! source itself; and the dependency lines Cargo does check, read back so that a change to
//! them is a change to this file and to the map.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Every source file of the workspace: the binary's `src/` and each crate's `src/`.
fn workspace_sources() -> Vec<PathBuf> {
    let mut files = sources(&root().join("src"));
    for krate in crate_dirs() {
        files.extend(sources(&krate.join("src")));
    }
    files
}

fn crate_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("Cargo.toml").exists())
        .collect();
    dirs.sort();
    dirs
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

/// Code lines only: comments and doc comments are left out, and so is a file's test
/// module (at its end).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Files of the workspace (other than those allowed) whose code mentions `needle`.
fn offenders(needle: &str, allowed: &[&str]) -> Vec<String> {
    workspace_sources()
        .into_iter()
        .map(|path| relative(&path))
        .filter(|path| !allowed.iter().any(|allowed| path.starts_with(allowed)))
        .filter(|path| code(&root().join(path)).contains(needle))
        .collect()
}

// ---------------------------------------------------------------------------------------
// What Cargo checks: each crate's dependency lines.

/// The workspace's own crates and which of them each one depends on: the architecture.
/// ARCHITECTURE.md draws the same graph.
const LAYERS: &[(&str, &[&str])] = &[
    ("kith-domain", &[]),
    ("kith-files", &[]),
    ("kith-store", &["kith-domain", "kith-files"]),
    ("kith-synthetic", &["kith-domain"]),
    ("kith-config", &["kith-domain"]),
    (
        "kith-sources",
        &[
            "kith-config",
            "kith-domain",
            "kith-files",
            "kith-moving",
            "kith-store",
        ],
    ),
    ("kith-moving", &["kith-domain", "kith-files", "kith-store"]),
    ("kith-engine", &["kith-domain", "kith-store"]),
];

/// Crates that must not be anywhere below a crate (its whole normal dependency tree).
const NEVER_BELOW: &[(&str, &[&str])] = &[
    (
        "kith-domain",
        &[
            "rusqlite",
            "libsqlite3-sys",
            "tokio",
            "reqwest",
            "hyper",
            "teloxide",
            "tempfile",
            "figment",
        ],
    ),
    ("kith-engine", &["teloxide", "reqwest", "hyper", "tokio"]),
    ("kith-store", &["teloxide", "reqwest", "hyper", "tokio"]),
    ("kith-moving", &["teloxide", "reqwest", "hyper", "tokio"]),
    ("kith-sources", &["teloxide"]),
];

fn cargo(args: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn each_crates_dependency_lines_are_the_architecture() {
    let metadata: serde_json::Value = serde_json::from_str(&cargo(&[
        "metadata",
        "--no-deps",
        "--format-version",
        "1",
        "--offline",
    ]))
    .unwrap();
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for package in metadata["packages"].as_array().unwrap() {
        let name = package["name"].as_str().unwrap();
        if name == "kith" {
            continue;
        }
        let kith: BTreeSet<String> = package["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|dependency| dependency["kind"].is_null())
            .map(|dependency| dependency["name"].as_str().unwrap().to_owned())
            .filter(|dependency| dependency.starts_with("kith-"))
            .collect();
        found.insert(name.to_owned(), kith);
    }
    let expected: BTreeMap<String, BTreeSet<String>> = LAYERS
        .iter()
        .map(|(name, below)| {
            (
                name.to_string(),
                below.iter().map(|s| s.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn the_inner_crates_are_free_of_io_and_transport_crates() {
    for (krate, never) in NEVER_BELOW {
        let tree = cargo(&[
            "tree",
            "--offline",
            "-p",
            krate,
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ]);
        let names: BTreeSet<&str> = tree
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .collect();
        assert!(names.contains(krate), "{krate}: {tree}");
        for name in *never {
            assert!(!names.contains(name), "{krate} depends on {name}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// What Cargo cannot check.

#[test]
fn sql_lives_only_in_the_store() {
    assert_eq!(
        offenders("rusqlite::", &["crates/store/"]),
        Vec::<String>::new()
    );
}

#[test]
fn only_the_telegram_adapter_knows_teloxide() {
    assert_eq!(
        offenders("teloxide", &["src/transport/telegram/"]),
        Vec::<String>::new()
    );
}

#[test]
fn only_two_modules_read_calendars_and_cards_with_calcard() {
    assert_eq!(
        offenders(
            "calcard",
            &[
                "crates/sources/src/calendar/ics.rs",
                "crates/moving/src/import/vcard/"
            ]
        ),
        Vec::<String>::new()
    );
}

#[test]
fn the_wall_clock_is_read_only_at_the_edges() {
    let allowed = [
        "src/main.rs",                           // the binary passes "now" down
        "src/cli/",                              // the binary's subcommands
        "src/transport/clock.rs",                // SystemClock, handed to `kith run`
        "src/transport/telegram/",               // the adapter reads its WallClock
        "crates/store/src/lib.rs",               // audit timestamps only
        "crates/sources/src/calendar/auth.rs",   // when a token was obtained, for the owner
        "crates/sources/src/google",             // jitter for backoff, not a decision
        "crates/sources/src/calendar/google.rs", // the same, before the shared module
    ];
    assert_eq!(offenders("Utc::now()", &allowed), Vec::<String>::new());
}

#[test]
fn the_domain_does_no_io_and_reads_no_clock() {
    let domain: Vec<String> = ["Utc::now()", "std::fs", "std::io", "std::net", "File::"]
        .iter()
        .flat_map(|needle| {
            offenders(needle, &[])
                .into_iter()
                .filter(|path| path.starts_with("crates/domain/"))
                .map(move |path| format!("{path}: {needle}"))
        })
        .collect();
    assert_eq!(domain, Vec::<String>::new());
}

#[test]
fn every_source_file_says_what_it_is_for_and_no_stubs_remain() {
    for path in workspace_sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("//!"),
            "{} does not open with a //! comment",
            relative(&path)
        );
        for stub in ["todo!(", "unimplemented!("] {
            assert!(!text.contains(stub), "{} has {stub}", relative(&path));
        }
    }
}

#[test]
fn the_engine_knows_no_transport() {
    for needle in ["html::escape", "ChatId(", "teloxide", "reqwest", "tokio"] {
        assert_eq!(
            offenders(needle, &[])
                .into_iter()
                .filter(|path| path.starts_with("crates/engine/"))
                .collect::<Vec<_>>(),
            Vec::<String>::new(),
            "{needle}"
        );
    }
}

/// Issue 27: nothing writes a file or makes a folder but `kith-files` (a private
/// temporary file renamed into place; folders 0700). Test modules, at the end of a file,
/// may.
#[test]
fn every_file_and_folder_is_written_through_safe_file() {
    let mut found = Vec::new();
    for path in workspace_sources() {
        let relative = relative(&path);
        if relative.starts_with("crates/files/") {
            continue;
        }
        let code = code(&path);
        for needle in [
            "File::create",
            "fs::write",
            "OpenOptions",
            "create_dir",
            "DirBuilder",
            "fs::copy",
            "persist(",
        ] {
            if code.contains(needle) {
                found.push(format!("{relative}: {needle}"));
            }
        }
    }
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn the_benchmark_is_the_binarys_not_the_librarys() {
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    assert!(
        !lib.contains("mod bench"),
        "lib.rs declares no bench module"
    );
    assert!(root().join("src/cli/bench.rs").exists());
}

/// Litestream replicates the WAL and does the checkpoints that matter to it: kith leaves
/// checkpoints to SQLite's automatic passive ones (never TRUNCATE, RESTART or FULL, never
/// `wal_autocheckpoint` changed) and never leaves WAL mode.
#[test]
fn nothing_checkpoints_in_a_way_that_fights_litestream() {
    for needle in [
        "wal_checkpoint",
        "wal_autocheckpoint",
        "journal_mode = DELETE",
        "\"DELETE\"",
    ] {
        assert_eq!(offenders(needle, &[]), Vec::<String>::new(), "{needle}");
    }
    let store = std::fs::read_to_string(root().join("crates/store/src/lib.rs")).unwrap();
    assert!(store.contains(r#"pragma_update(None, "journal_mode", "WAL")"#));
}

#[test]
fn the_code_map_in_architecture_md_is_the_tree() {
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let mapped: BTreeSet<String> = map
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .filter(|path| path.ends_with(".rs"))
        .map(str::to_owned)
        .collect();
    let tree: BTreeSet<String> = workspace_sources()
        .into_iter()
        .map(|path| relative(&path))
        .collect();
    let unmapped: Vec<&String> = tree.difference(&mapped).collect();
    let gone: Vec<&String> = mapped.difference(&tree).collect();
    assert!(
        unmapped.is_empty() && gone.is_empty(),
        "files missing from the code map: {unmapped:?}; mapped files that do not exist: {gone:?}"
    );
    for (krate, _) in LAYERS {
        assert!(
            map.contains(&format!("`{krate}`")),
            "{krate} is not on the map"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Imports between files, `use` lines and inline paths alike.

/// The module a file is: its crate's name, then the path inside it — `kith_engine::cards`,
/// `kith_store` for a lib.rs, `kith` for the binary's library, `kith_bin::cli::bench` for
/// the binary's own files (main.rs and `cli/`).
fn module_of(relative: &str) -> Vec<String> {
    let (krate, inside) = if let Some(rest) = relative.strip_prefix("crates/") {
        let (name, rest) = rest.split_once('/').unwrap();
        (
            format!("kith_{name}"),
            rest.trim_start_matches("src/").to_owned(),
        )
    } else {
        let inside = relative.trim_start_matches("src/").to_owned();
        let binary = inside == "main.rs" || inside.starts_with("cli/");
        (if binary { "kith_bin" } else { "kith" }.to_owned(), inside)
    };
    let path = inside.trim_end_matches(".rs");
    let mut parts: Vec<String> = vec![krate];
    if !["lib", "main"].contains(&path) {
        parts.extend(path.split('/').map(str::to_owned));
    }
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The crate the root library's re-export names (`kith::store` is `kith_store`).
fn reexported(segment: &str) -> Option<Vec<String>> {
    match segment {
        "domain" | "store" | "engine" | "moving" | "config" | "synthetic" | "sources" => {
            Some(vec![format!("kith_{segment}")])
        }
        "safe_file" => Some(vec!["kith_files".into()]),
        "calendar" | "mail" => Some(vec!["kith_sources".into(), segment.to_owned()]),
        _ => None,
    }
}

/// `use` statements of a file's code (tests left out), each with whether it is a `pub use`.
fn use_statements(text: &str) -> Vec<(bool, String)> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut statements = Vec::new();
    let mut current: Option<(bool, String)> = None;
    for line in code.lines() {
        let trimmed = line.trim();
        if let Some((public, mut text)) = current.take() {
            text.push(' ');
            text.push_str(trimmed);
            if trimmed.ends_with(';') {
                statements.push((public, text));
            } else {
                current = Some((public, text));
            }
            continue;
        }
        // Only items at the top of a file: a `use` inside a function is read as an
        // inline path (`inline_paths`).
        if line.starts_with(' ') {
            continue;
        }
        let (public, rest) = if let Some(rest) = trimmed.strip_prefix("pub use ") {
            (true, rest)
        } else if let Some(rest) = trimmed.strip_prefix("pub(crate) use ") {
            (true, rest)
        } else if let Some(rest) = trimmed.strip_prefix("pub(super) use ") {
            (true, rest)
        } else if let Some(rest) = trimmed.strip_prefix("use ") {
            (false, rest)
        } else {
            continue;
        };
        if rest.ends_with(';') {
            statements.push((public, rest.to_owned()));
        } else {
            current = Some((public, rest.to_owned()));
        }
    }
    statements
}

/// Paths written in the code itself — `super::pairs::find(…)`, `crate::x::y`,
/// `kith_store::people::f` — outside `use` lines at the top of the file.
fn inline_paths(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut paths = Vec::new();
    for line in code.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") || (!line.starts_with(' ') && trimmed.contains("use ")) {
            continue;
        }
        // A string is text, not a path (a log target reads like one).
        let line = &without_strings(line);
        let bytes = line.as_bytes();
        for (start, _) in line.match_indices("::") {
            // Walk back to the start of the first segment.
            let mut begin = start;
            while begin > 0
                && (bytes[begin - 1].is_ascii_alphanumeric() || bytes[begin - 1] == b'_')
            {
                begin -= 1;
            }
            if begin >= 2 && &line[begin - 2..begin] == "::" {
                continue; // not the first segment
            }
            let head = &line[begin..start];
            if !(head == "crate" || head == "super" || head == "self" || head.starts_with("kith")) {
                continue;
            }
            let end = start
                + line[start..]
                    .find(|c: char| !(c == ':' || c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(line.len() - start);
            paths.push(line[begin..end].trim_end_matches(':').to_owned());
        }
    }
    paths
}

/// A line with the inside of each string literal blanked out.
fn without_strings(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in line.chars() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_string = false,
            (true, false, _) => {}
            (false, _, '"') => in_string = true,
            _ => {}
        }
        out.push(if in_string && c != '"' { ' ' } else { c });
    }
    out
}

/// The paths a `use` tree names: `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim().trim_end_matches(';').trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or_default().trim();
        return vec![path.to_owned()];
    };
    let (prefix, inner) = (&tree[..open], &tree[open + 1..tree.len() - 1]);
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (index, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .flat_map(expand)
        .map(|path| format!("{prefix}{path}"))
        .collect()
}

type Graph = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;

/// Where a path used in `module` starts, and the segments after that start; `None` for a
/// path outside the workspace.
fn anchor(
    module: &[String],
    segments: &[String],
    is_parent: bool,
    modules: &BTreeSet<Vec<String>>,
) -> Option<(Vec<String>, Vec<String>)> {
    let first = segments.first()?.as_str();
    let own_crate = || {
        if module[0] == "kith_bin" {
            vec!["kith_bin".to_owned()]
        } else {
            vec![module[0].clone()]
        }
    };
    match first {
        "crate" => Some((own_crate(), segments[1..].to_vec())),
        "kith" => match segments.get(1).and_then(|s| reexported(s)) {
            Some(base) => Some((base, segments[2..].to_vec())),
            None => Some((vec!["kith".into()], segments[1..].to_vec())),
        },
        name if name.starts_with("kith_") => Some((vec![name.to_owned()], segments[1..].to_vec())),
        "super" | "self" => {
            let mut base = module.to_vec();
            let mut rest = segments;
            while let Some(first) = rest.first() {
                match first.as_str() {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
            Some((base, rest.to_vec()))
        }
        child if is_parent => {
            let mut candidate = module.to_vec();
            candidate.push(child.to_owned());
            modules
                .contains(&candidate)
                .then(|| (module.to_vec(), segments.to_vec()))
        }
        _ => None,
    }
}

/// The file a path names: the longest prefix of it that is a file's module.
fn file_named(
    base: &[String],
    rest: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    (0..=rest.len()).rev().find_map(|length| {
        let mut candidate = base.to_vec();
        candidate.extend(rest[..length].iter().cloned());
        modules.contains(&candidate).then_some(candidate)
    })
}

/// Which files each file imports, from its `use` lines and the paths in its code. A
/// parent (lib.rs, mod.rs) re-exporting its own child (`pub use child::Type`) is that
/// module's surface, not an import: the parent declares the child either way.
fn import_graph() -> Graph {
    let files: Vec<(Vec<String>, PathBuf)> = workspace_sources()
        .into_iter()
        .map(|path| (module_of(&relative(&path)), path))
        .collect();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(module, _)| module.clone()).collect();
    let mut graph = Graph::new();
    for (module, path) in &files {
        let is_parent = ["mod.rs", "lib.rs", "main.rs"]
            .iter()
            .any(|name| path.ends_with(name));
        let text = std::fs::read_to_string(path).unwrap();
        let mut used: Vec<(bool, String)> = use_statements(&text)
            .into_iter()
            .flat_map(|(public, statement)| {
                expand(&statement)
                    .into_iter()
                    .map(move |path| (public, path))
            })
            .collect();
        used.extend(inline_paths(&text).into_iter().map(|path| (false, path)));
        let edges = graph.entry(module.clone()).or_default();
        for (public, path) in used {
            let segments: Vec<String> = path.split("::").map(str::to_owned).collect();
            let Some((base, rest)) = anchor(module, &segments, is_parent, &modules) else {
                continue;
            };
            let own_child = public
                && is_parent
                && base == *module
                && rest.first().is_some_and(|child| {
                    modules.contains(&[module.clone(), vec![child.clone()]].concat())
                });
            if own_child {
                continue;
            }
            if let Some(target) = file_named(&base, &rest, &modules).filter(|t| t != module) {
                edges.insert(target);
            }
        }
    }
    graph
}

/// Each circle of the graph once, as "a → b → a".
fn circles(graph: &Graph) -> Vec<String> {
    fn reaches(
        graph: &Graph,
        from: &Vec<String>,
        goal: &Vec<String>,
        seen: &mut BTreeSet<Vec<String>>,
        path: &mut Vec<Vec<String>>,
    ) -> bool {
        for next in graph.get(from).into_iter().flatten() {
            if next == goal {
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if reaches(graph, next, goal, seen, path) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut found = Vec::new();
    for module in graph.keys() {
        let mut path = vec![module.clone()];
        if reaches(graph, module, module, &mut Default::default(), &mut path) {
            path.push(module.clone());
            found.push(
                path.iter()
                    .map(|m| m.join("::"))
                    .collect::<Vec<_>>()
                    .join(" → "),
            );
        }
    }
    found
}

#[test]
fn no_two_files_import_each_other_even_through_others() {
    let graph = import_graph();
    assert_eq!(circles(&graph), Vec::<String>::new(), "import circles");
    // The checker sees imports at all: the engine's cards use its widgets, the store's
    // people its lib.rs, and an inline path counts.
    let edge = |from: &str, to: &str| graph[&module_of(from)].contains(&module_of(to));
    assert!(edge(
        "crates/engine/src/cards.rs",
        "crates/engine/src/widgets.rs"
    ));
    assert!(edge(
        "crates/store/src/people.rs",
        "crates/store/src/lib.rs"
    ));
}

#[test]
fn the_import_reader_reads_trees_multi_line_statements_and_inline_paths() {
    assert_eq!(
        expand("super::{a::{B, c::D}, e}"),
        ["super::a::B", "super::a::c::D", "super::e"]
    );
    let statements = use_statements("use crate::x::{\n    A,\n    B,\n};\npub use child::C;\n");
    assert_eq!(
        statements,
        [
            (false, "crate::x::{ A, B, };".to_owned()),
            (true, "child::C;".to_owned())
        ]
    );
    assert_eq!(
        inline_paths(
            "fn f() {\n    let x = super::pairs::find(a::b);\n    kith_store::people::g();\n    debug!(target: \"kith::calendar::sync\");\n}\n"
        ),
        ["super::pairs::find", "kith_store::people::g"]
    );
    assert_eq!(module_of("crates/engine/src/lib.rs"), ["kith_engine"]);
    assert_eq!(
        module_of("crates/sources/src/mail/mod.rs"),
        ["kith_sources", "mail"]
    );
    assert_eq!(module_of("src/cli/bench.rs"), ["kith_bin", "cli", "bench"]);
    assert_eq!(module_of("src/transport/mod.rs"), ["kith", "transport"]);
    // A circle made only of inline paths is found.
    let a = vec!["k".to_owned(), "a".to_owned()];
    let b = vec!["k".to_owned(), "b".to_owned()];
    let graph: Graph = [
        (a.clone(), [b.clone()].into()),
        (b.clone(), [a.clone()].into()),
    ]
    .into();
    assert_eq!(circles(&graph).len(), 2);
}

// ---------------------------------------------------------------------------------------
// Size by function, not by file.

/// Functions exempt from the budget: tables of data written as code.
const TABLES: &[&str] = &[];

const MOST_LINES: usize = 100;
const MOST_PARAMETERS: usize = 6;

/// Each function of a file's code (tests left out): its name, first line, lines and
/// parameters other than `self`.
fn functions(text: &str) -> Vec<(String, usize, usize, usize)> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let lines: Vec<&str> = code.lines().collect();
    let mut found = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let Some(name) = function_name(lines[index]) else {
            index += 1;
            continue;
        };
        let Some((signature_end, parameters)) = signature(&lines, index) else {
            index += 1;
            continue;
        };
        let end = body_end(&lines, signature_end);
        found.push((name, index + 1, end - index + 1, parameters));
        index += 1;
    }
    found
}

fn function_name(line: &str) -> Option<String> {
    let mut words = line.split_whitespace().peekable();
    while let Some(word) = words.next() {
        match word {
            "pub" | "const" | "async" | "unsafe" | "extern" | "\"C\"" => continue,
            word if word.starts_with("pub(") => continue,
            "fn" => {
                let name = words.next()?;
                let name: String = name
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                return (!name.is_empty()).then_some(name);
            }
            _ => return None,
        }
    }
    None
}

/// The line the signature's body opens on and the count of its parameters other than
/// `self`; `None` for a declaration without a body.
fn signature(lines: &[&str], start: usize) -> Option<(usize, usize)> {
    let mut text = String::new();
    for (offset, line) in lines[start..].iter().enumerate() {
        text.push_str(line);
        text.push('\n');
        if line.contains('{') {
            return Some((start + offset, parameters(&text)));
        }
        if line.trim_end().ends_with(';') {
            return None;
        }
    }
    None
}

fn parameters(signature: &str) -> usize {
    let after_name = signature.find("fn ").map_or(0, |at| at + 3);
    let Some(open) = signature[after_name..].find('(').map(|at| at + after_name) else {
        return 0;
    };
    let mut depth = 0;
    let mut current = String::new();
    let mut list = Vec::new();
    for c in signature[open..].chars() {
        match c {
            '(' | '<' | '[' => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            ')' | ']' => depth -= 1,
            '>' if !current.ends_with('-') => depth -= 1,
            ',' if depth == 1 => {
                list.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        if depth == 0 {
            list.push(std::mem::take(&mut current));
            break;
        }
        current.push(c);
    }
    list.iter()
        .map(|parameter| parameter.trim())
        .filter(|parameter| !parameter.is_empty())
        .filter(|parameter| {
            let bare = parameter
                .trim_start_matches('&')
                .trim_start_matches("'_ ")
                .trim_start_matches("mut ");
            !(bare == "self" || bare.starts_with("self:") || bare.starts_with("self "))
        })
        .count()
}

/// The line a body closes on, counting braces outside strings and characters.
fn body_end(lines: &[&str], open: usize) -> usize {
    let mut depth = 0i32;
    for (offset, line) in lines[open..].iter().enumerate() {
        let mut in_string = false;
        let mut escaped = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if in_string {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '\'' => {
                    // A character literal ('{', '\'') is skipped; a lifetime is not one.
                    let rest: String = chars.clone().take(3).collect();
                    if rest.starts_with('\\') {
                        chars.nth(2);
                    } else if rest.chars().nth(1) == Some('\'') {
                        chars.nth(1);
                    }
                }
                '/' if chars.peek() == Some(&'/') => break,
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return open + offset;
                    }
                }
                _ => {}
            }
        }
    }
    lines.len() - 1
}

#[test]
fn no_function_is_over_the_budget() {
    let mut over = Vec::new();
    for path in workspace_sources() {
        let relative = relative(&path);
        // A module's unit tests in their own file (`#[cfg(test)] mod tests;`) are tests.
        if relative.ends_with("/tests.rs") {
            continue;
        }
        for (name, line, length, parameters) in functions(&std::fs::read_to_string(&path).unwrap())
        {
            if TABLES.contains(&format!("{relative}::{name}").as_str()) {
                continue;
            }
            if length > MOST_LINES || parameters > MOST_PARAMETERS {
                over.push(format!(
                    "{relative}:{line} {name}: {length} lines, {parameters} parameters"
                ));
            }
        }
    }
    assert_eq!(over, Vec::<String>::new());
    assert_eq!(
        offenders("too_many_arguments", &[]),
        Vec::<String>::new(),
        "no allowance of too many arguments"
    );
}

#[test]
fn the_function_reader_counts_lines_and_parameters() {
    let text = "fn short(a: u8, b: &str) -> u8 {\n    let s = \"}\";\n    a\n}\n\
                pub(crate) async fn many(&self, a: A<B, C>, b: u8, c: u8, d: u8, e: u8, f: u8, g: u8) {\n}\n\
                fn declared(x: u8);\n";
    assert_eq!(
        functions(text),
        [("short".to_owned(), 1, 4, 2), ("many".to_owned(), 5, 2, 7)]
    );
}
