//! bot-commands.md and the engine's command declarations must agree: one heading per
//! declared command, in order, with its arguments; its summary, its example and each of
//! its aliases in that command's section.

use kith::engine::command::COMMANDS;

fn sections(doc: &str) -> Vec<(&str, &str)> {
    let mut sections = Vec::new();
    let mut rest = doc;
    while let Some(at) = rest.find("\n## /") {
        let body = &rest[at + "\n## ".len()..];
        let heading_end = body.find('\n').unwrap_or(body.len());
        let next = body.find("\n## /").unwrap_or(body.len());
        sections.push((&body[..heading_end], &body[heading_end..next]));
        rest = &body[next..];
    }
    sections
}

#[test]
fn bot_commands_md_documents_exactly_the_engine_commands() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/bot-commands.md");
    let doc = std::fs::read_to_string(path).expect("bot-commands.md exists at the top level");
    let sections = sections(&doc);
    let documented: Vec<&str> = sections.iter().map(|(heading, _)| *heading).collect();
    let declared: Vec<String> = COMMANDS.iter().map(|c| c.usage()).collect();
    assert_eq!(
        documented, declared,
        "the headings of bot-commands.md, in order, are the declared commands with their arguments"
    );
    for (command, (_, section)) in COMMANDS.iter().zip(&sections) {
        assert!(
            section.contains(command.example),
            "bot-commands.md's /{} lacks the example {:?}",
            command.name,
            command.example
        );
        assert!(
            section.contains(command.about),
            "bot-commands.md lacks /{}'s summary {:?}",
            command.name,
            command.about
        );
        for alias in command.aliases {
            assert!(
                section.contains(&format!("`/{alias}`")),
                "bot-commands.md's /{} does not name its alias /{alias}",
                command.name
            );
        }
    }
}

#[test]
fn every_name_and_alias_runs_its_own_declaration() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let mut seen = std::collections::HashSet::new();
    for command in COMMANDS {
        for word in std::iter::once(&command.name).chain(command.aliases) {
            assert!(seen.insert(*word), "/{word} is declared twice");
            // A bare command either runs or answers with what it needs, naming itself.
            if let Err(error) = kith::engine::command::parse(&format!("/{word}"), today) {
                let answer = error.to_string();
                if !command.needs.is_empty() {
                    assert_eq!(
                        answer,
                        format!(
                            "/{} needs {}. For example: {}",
                            command.name, command.needs, command.example
                        )
                    );
                }
            }
        }
    }
}
