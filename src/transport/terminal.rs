//! The terminal adapter: the same conversation as Telegram, line by line. Buttons show
//! as numbered choices; typing the number presses it. Knows nothing of the engine's
//! insides: text and presses in, `Reply` out.

use std::io::{BufRead, Write};

use crate::engine::reply::Attachment;
use crate::engine::{ChatId, Effect, Input, Reply};

/// The terminal's conversation id (state persists across `kith ask` calls).
pub const TERMINAL_CHAT: ChatId = 0;

/// How the terminal shows a reply (and the messages that follow it): each text, then its
/// buttons, numbered from 1 across all of them.
pub fn render_numbered(reply: &Reply) -> String {
    let mut out = String::new();
    let mut number = 0;
    for (index, message) in messages(reply).into_iter().enumerate() {
        if index > 0 {
            out.push_str("\n\n");
        }
        out.push_str(&message.plain_text());
        for row in &message.buttons {
            let labels: Vec<String> = row
                .iter()
                .map(|button| {
                    number += 1;
                    match button.url() {
                        // A link the terminal cannot open: shown for the owner to follow.
                        Some(url) => format!("[{number}] {} <{url}>", button.label),
                        None => format!("[{number}] {}", button.label),
                    }
                })
                .collect();
            out.push_str("\n  ");
            out.push_str(&labels.join("   "));
        }
    }
    out
}

/// A reply and its followups, in order.
fn messages(reply: &Reply) -> Vec<&Reply> {
    std::iter::once(reply)
        .chain(reply.followups.iter())
        .collect()
}

/// Runs a conversation over `input` and `output` until the input ends. Returns how many
/// messages were handled. `respond` answers one input (the engine); `run_effect` does
/// the work a reply asks for (a sync) and returns its report; `keep_file` keeps a file a
/// reply carries (an export, a chart) and says where it went.
pub fn chat(
    mut respond: impl FnMut(Input) -> Reply,
    mut run_effect: impl FnMut(Effect) -> String,
    mut keep_file: impl FnMut(&Attachment) -> String,
    input: impl BufRead,
    mut output: impl Write,
    prompt: bool,
) -> std::io::Result<usize> {
    let mut last: Option<Reply> = None;
    let mut handled = 0;
    if prompt {
        write!(output, "> ")?;
        output.flush()?;
    }
    for line in input.lines() {
        let line = line?;
        let text = line.trim();
        if text.is_empty() {
            if prompt {
                write!(output, "> ")?;
                output.flush()?;
            }
            continue;
        }
        let pressed = text.parse::<usize>().ok().and_then(|n| {
            last.as_ref()
                .and_then(|reply| {
                    messages(reply)
                        .into_iter()
                        .flat_map(|message| message.buttons.iter().flatten())
                        .nth(n.checked_sub(1)?)
                })
                // A link is not a question to kith: its number is read as text.
                .filter(|button| button.url().is_none())
                .map(|button| button.data())
        });
        let message = match pressed {
            Some(data) => Input::Press(data),
            None => Input::Text(text.to_owned()),
        };
        let reply = respond(message);
        handled += 1;
        writeln!(output, "{}\n", render_numbered(&reply))?;
        for file in messages(&reply).into_iter().filter_map(|m| m.file.as_ref()) {
            writeln!(output, "{}\n", keep_file(file))?;
        }
        if let Some(effect) = reply.effect {
            output.flush()?;
            writeln!(output, "{}\n", run_effect(effect))?;
        }
        if prompt {
            write!(output, "> ")?;
            output.flush()?;
        }
        // A notice (an expired button, say) leaves the previous choices in place.
        if reply.presentation == crate::engine::reply::Presentation::Message {
            last = Some(reply);
        }
    }
    Ok(handled)
}
