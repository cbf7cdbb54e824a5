//! bot-commands.md and the engine's command list must agree.

use kith::engine::menu::COMMANDS;

#[test]
fn bot_commands_md_documents_exactly_the_engine_commands() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/bot-commands.md");
    let doc = std::fs::read_to_string(path).expect("bot-commands.md exists at the top level");
    let documented: Vec<&str> = doc
        .lines()
        .filter_map(|line| line.strip_prefix("## /"))
        .map(|rest| rest.split_whitespace().next().unwrap_or(""))
        .collect();
    let engine: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
    assert_eq!(
        documented, engine,
        "the headings of bot-commands.md, in order, are the engine's commands"
    );
    for command in COMMANDS {
        assert!(
            doc.contains(command.example),
            "bot-commands.md lacks the example {:?}",
            command.example
        );
        assert!(
            doc.contains(command.about),
            "bot-commands.md lacks /{}'s summary {:?}",
            command.name,
            command.about
        );
    }
}
