//! The architecture's invariants (ARCHITECTURE.md), checked on the source itself.

use std::path::{Path, PathBuf};

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

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .display()
        .to_string()
}

/// Code lines only: comments and doc comments are left out.
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Files under `src/` (other than those allowed) whose code mentions `needle`.
fn offenders(needle: &str, allowed: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    sources(&root.join("src"))
        .into_iter()
        .map(|path| relative(&path))
        .filter(|path| !allowed.iter().any(|allowed| path.starts_with(allowed)))
        .filter(|path| code(&root.join(path)).contains(needle))
        .collect()
}

#[test]
fn sql_lives_only_in_the_store() {
    // error.rs only wraps the store's error type.
    assert_eq!(
        offenders("rusqlite::", &["src/store/", "src/domain/error.rs"]),
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
            &["src/calendar/ics.rs", "src/moving/import/vcard.rs"]
        ),
        Vec::<String>::new()
    );
}

#[test]
fn the_wall_clock_is_read_only_at_the_edges() {
    let allowed = [
        "src/main.rs",             // the binary passes "now" down
        "src/cli/",                // the binary's subcommands
        "src/transport/clock.rs",  // SystemClock, handed to `kith run`
        "src/store/mod.rs",        // audit timestamps only
        "src/calendar/auth.rs",    // when a token was obtained, for the owner to read
        "src/transport/telegram/", // the adapter reads its WallClock
        "src/calendar/google.rs",  // jitter for backoff, not a decision
    ];
    assert_eq!(offenders("Utc::now()", &allowed), Vec::<String>::new());
}

#[test]
fn every_source_file_says_what_it_is_for_and_no_stubs_remain() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in sources(&root.join("src")) {
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
    for needle in ["teloxide", "html::escape", "ChatId("] {
        assert_eq!(
            offenders(needle, &["src/transport/", "src/main.rs", "src/cli/"])
                .into_iter()
                .filter(|path| path.starts_with("src/engine/"))
                .collect::<Vec<_>>(),
            Vec::<String>::new(),
            "{needle}"
        );
    }
}

/// The module a file of `src/` is: `lib::engine::cards`, `bin::cli::bench`, `lib` for
/// lib.rs, `bin` for main.rs (the binary's own files are under `cli/`).
fn module_of(relative: &str) -> Vec<String> {
    let path = relative.trim_start_matches("src/").trim_end_matches(".rs");
    match path {
        "lib" => return vec!["lib".into()],
        "main" => return vec!["bin".into()],
        _ => {}
    }
    let mut parts: Vec<String> = path.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    let root = if parts[0] == "cli" { "bin" } else { "lib" };
    std::iter::once(root.to_owned()).chain(parts).collect()
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
        // Only items at the top of a file: a `use` inside a function is local detail.
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

/// Which files each file of `src/` imports, from its `use` lines. A `mod.rs` (or lib.rs)
/// re-exporting its own child (`pub use child::Type`) is that module's surface, not an
/// import: the parent declares the child either way.
fn import_graph() -> std::collections::BTreeMap<Vec<String>, std::collections::BTreeSet<Vec<String>>>
{
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files: Vec<(Vec<String>, PathBuf)> = sources(&root.join("src"))
        .into_iter()
        .map(|path| (module_of(&relative(&path)), path))
        .collect();
    let modules: std::collections::BTreeSet<Vec<String>> =
        files.iter().map(|(module, _)| module.clone()).collect();
    let mut graph = std::collections::BTreeMap::new();
    for (module, path) in &files {
        let is_parent = ["mod.rs", "lib.rs", "main.rs"]
            .iter()
            .any(|name| path.ends_with(name));
        let edges: &mut std::collections::BTreeSet<Vec<String>> =
            graph.entry(module.clone()).or_default();
        for (public, statement) in use_statements(&std::fs::read_to_string(path).unwrap()) {
            for used in expand(&statement) {
                let segments: Vec<&str> = used.split("::").collect();
                let (mut base, rest): (Vec<String>, &[&str]) = match segments[0] {
                    "crate" => (vec![module[0].clone()], &segments[1..]),
                    "kith" => (vec!["lib".into()], &segments[1..]),
                    "super" | "self" => {
                        let mut base = module.clone();
                        let mut rest = &segments[..];
                        while let Some(first) = rest.first() {
                            match *first {
                                "super" => {
                                    base.pop();
                                }
                                "self" => {}
                                _ => break,
                            }
                            rest = &rest[1..];
                        }
                        (base, rest)
                    }
                    child if is_parent => {
                        let mut candidate = module.clone();
                        candidate.push(child.to_owned());
                        if !modules.contains(&candidate) {
                            continue;
                        }
                        (module.clone(), &segments[..])
                    }
                    _ => continue,
                };
                let own_child = public
                    && is_parent
                    && base == *module
                    && rest.first().is_some_and(|child| {
                        modules.contains(&[module.clone(), vec![child.to_string()]].concat())
                    });
                if own_child {
                    continue;
                }
                // The longest prefix that is a file.
                let mut target = None;
                for length in (0..=rest.len()).rev() {
                    let mut candidate = base.clone();
                    candidate.extend(rest[..length].iter().map(|s| s.to_string()));
                    if modules.contains(&candidate) {
                        target = Some(candidate);
                        break;
                    }
                }
                base.clear();
                if let Some(target) = target.filter(|t| t != module) {
                    edges.insert(target);
                }
            }
        }
    }
    graph
}

#[test]
fn no_two_files_import_each_other_even_through_others() {
    let graph = import_graph();
    // Depth-first search for a path back to where it started.
    fn reaches(
        graph: &std::collections::BTreeMap<Vec<String>, std::collections::BTreeSet<Vec<String>>>,
        from: &Vec<String>,
        goal: &Vec<String>,
        seen: &mut std::collections::BTreeSet<Vec<String>>,
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
    let mut circles = Vec::new();
    for module in graph.keys() {
        let mut path = vec![module.clone()];
        if reaches(&graph, module, module, &mut Default::default(), &mut path) {
            path.push(module.clone());
            circles.push(
                path.iter()
                    .map(|m| m.join("::"))
                    .collect::<Vec<_>>()
                    .join(" → "),
            );
        }
    }
    assert_eq!(circles, Vec::<String>::new(), "import circles");
    // The checker sees imports at all: the engine's cards use its widgets.
    assert!(
        graph[&module_of("src/engine/cards.rs")].contains(&module_of("src/engine/widgets.rs")),
        "{graph:?}"
    );
}

#[test]
fn the_use_line_reader_reads_nested_trees_and_multi_line_statements() {
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
    assert_eq!(module_of("src/engine/mod.rs"), ["lib", "engine"]);
    assert_eq!(module_of("src/cli/bench.rs"), ["bin", "cli", "bench"]);
}

/// Files allowed past 600 lines: tables of data, not code.
const DATA_TABLES: &[&str] = &["src/synthetic/words.rs"];

/// Issue 27: nothing writes a file or makes a folder but `safe_file` (a private temporary
/// file renamed into place; folders 0700). Test modules, at the end of a file, may.
#[test]
fn every_file_and_folder_is_written_through_safe_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for path in sources(&root.join("src")) {
        let relative = relative(&path);
        if relative == "src/safe_file.rs" {
            continue;
        }
        let code = code(&path);
        let code = code.split("#[cfg(test)]").next().unwrap_or_default();
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
fn no_file_in_src_is_over_600_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let long: Vec<String> = sources(&root.join("src"))
        .into_iter()
        .map(|path| {
            (
                relative(&path),
                std::fs::read_to_string(&path).unwrap().lines().count(),
            )
        })
        .filter(|(path, lines)| *lines > 600 && !DATA_TABLES.contains(&path.as_str()))
        .map(|(path, lines)| format!("{path}: {lines} lines"))
        .collect();
    assert_eq!(long, Vec::<String>::new());
}

#[test]
fn the_domain_imports_nothing_from_the_layers_around_it() {
    let graph = import_graph();
    for (module, imports) in &graph {
        if module.get(1).is_none_or(|m| m != "domain") {
            continue;
        }
        for import in imports {
            assert!(
                import.get(1).is_some_and(|m| m == "domain"),
                "{} imports {}",
                module.join("::"),
                import.join("::")
            );
        }
    }
    for needle in [
        "crate::store",
        "crate::engine",
        "crate::transport",
        "crate::config",
        "crate::calendar",
        "crate::moving",
        "Utc::now()",
        "std::fs",
    ] {
        assert_eq!(
            offenders(
                needle,
                &[
                    "src/calendar",
                    "src/cli",
                    "src/config",
                    "src/engine",
                    "src/mail",
                    "src/moving",
                    "src/safe_file.rs",
                    "src/sources.rs",
                    "src/status.rs",
                    "src/store",
                    "src/synthetic",
                    "src/transport",
                    "src/lib.rs",
                    "src/main.rs"
                ]
            ),
            Vec::<String>::new(),
            "{needle} in the domain"
        );
    }
}

#[test]
fn the_benchmark_is_the_binarys_not_the_librarys() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    assert!(
        !lib.contains("mod bench"),
        "lib.rs declares no bench module"
    );
    assert!(root.join("src/cli/bench.rs").exists());
}

#[test]
fn the_code_map_in_architecture_md_is_the_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let mapped: std::collections::BTreeSet<String> = map
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .filter(|path| path.starts_with("src/"))
        .map(str::to_owned)
        .collect();
    let tree: std::collections::BTreeSet<String> = sources(&root.join("src"))
        .into_iter()
        .map(|path| relative(&path))
        .collect();
    let unmapped: Vec<&String> = tree.difference(&mapped).collect();
    let gone: Vec<&String> = mapped.difference(&tree).collect();
    assert!(
        unmapped.is_empty() && gone.is_empty(),
        "files missing from the code map: {unmapped:?}; mapped files that do not exist: {gone:?}"
    );
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
    let store =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/store/mod.rs")).unwrap();
    assert!(store.contains(r#"pragma_update(None, "journal_mode", "WAL")"#));
}
