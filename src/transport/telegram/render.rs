//! How a `Reply` looks in Telegram: HTML parse mode with every piece of text escaped
//! here and nowhere else, the title in bold, buttons as an inline keyboard, and text too
//! long for one message split at line breaks. Pure.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use teloxide::utils::html;

use crate::engine::Reply;

/// Telegram's limit on a message, counted after entities are parsed (so `&amp;` is 1).
pub const MAX_MESSAGE_CHARS: usize = 4096;
/// Button labels are kept short enough to stay readable on a phone.
const MAX_LABEL_CHARS: usize = 60;

/// A reply's text is cut a little below the limit, so the title's markup fits too.
const TEXT_BUDGET: usize = 3_900;

/// Cuts the text of a reply (and its followups) to fit one Telegram message each: the
/// limit is Telegram's, so it lives here, not in the engine (the terminal shows all).
pub fn fitted(mut reply: Reply) -> Reply {
    reply.followups = std::mem::take(&mut reply.followups)
        .into_iter()
        .map(fitted)
        .collect();
    let title_len = reply.title.as_ref().map_or(0, |t| t.chars().count() + 1);
    if let Some(title) = &mut reply.title
        && title.chars().count() > 200
    {
        *title = title.chars().take(199).collect::<String>() + "…";
    }
    let budget = TEXT_BUDGET.saturating_sub(title_len.min(201));
    if reply.body.chars().count() > budget {
        let mut cut: String = reply.body.chars().take(budget - 20).collect();
        cut.push_str("\n… (cut to fit)");
        reply.body = cut;
    }
    reply
}

/// The reply's text as one or more HTML messages, each within Telegram's limit.
pub fn html_messages(reply: &Reply) -> Vec<String> {
    let mut chunks: Vec<(String, usize)> = Vec::new();
    let mut current = String::new();
    let mut current_chars = 0;
    let mut push_line =
        |line_html: String, line_chars: usize, current: &mut String, current_chars: &mut usize| {
            if *current_chars > 0 && *current_chars + 1 + line_chars > MAX_MESSAGE_CHARS {
                chunks.push((std::mem::take(current), *current_chars));
                *current_chars = 0;
            }
            if *current_chars > 0 {
                current.push('\n');
                *current_chars += 1;
            }
            current.push_str(&line_html);
            *current_chars += line_chars;
        };
    if let Some(title) = &reply.title {
        let title: String = title.chars().take(MAX_MESSAGE_CHARS / 2).collect();
        push_line(
            format!("<b>{}</b>", html::escape(&title)),
            title.chars().count(),
            &mut current,
            &mut current_chars,
        );
    }
    for line in reply.body.split('\n') {
        // A single line longer than a message is cut into message-sized pieces.
        let chars: Vec<char> = line.chars().collect();
        if chars.is_empty() {
            push_line(String::new(), 0, &mut current, &mut current_chars);
        }
        for piece in chars.chunks(MAX_MESSAGE_CHARS - 1) {
            let piece: String = piece.iter().collect();
            push_line(
                html::escape(&piece),
                piece.chars().count(),
                &mut current,
                &mut current_chars,
            );
        }
    }
    if current_chars > 0 || chunks.is_empty() {
        chunks.push((current, current_chars));
    }
    let mut messages: Vec<String> = chunks.into_iter().map(|(text, _)| text).collect();
    for message in &mut messages {
        if message.trim().is_empty() {
            *message = "…".to_owned();
        }
    }
    messages
}

/// The reply's buttons as an inline keyboard, or `None` when it has none.
pub fn keyboard(reply: &Reply) -> Option<InlineKeyboardMarkup> {
    if reply.buttons.is_empty() {
        return None;
    }
    let rows = reply.buttons.iter().map(|row| {
        row.iter()
            .filter_map(|button| {
                let label: String = if button.label.chars().count() > MAX_LABEL_CHARS {
                    button
                        .label
                        .chars()
                        .take(MAX_LABEL_CHARS - 1)
                        .collect::<String>()
                        + "…"
                } else {
                    button.label.clone()
                };
                match button.url() {
                    // A link that is not a URL is left out rather than refused whole.
                    Some(url) => url
                        .parse()
                        .ok()
                        .map(|url| InlineKeyboardButton::url(label, url)),
                    None => Some(InlineKeyboardButton::callback(label, button.data())),
                }
            })
            .collect::<Vec<_>>()
    });
    Some(InlineKeyboardMarkup::new(rows))
}

/// The reply with its link buttons taken out, or `None` when it has none.
pub fn without_links(reply: &Reply) -> Option<Reply> {
    let has_links = reply.buttons.iter().flatten().any(|b| b.url().is_some());
    has_links.then(|| {
        let mut plain = reply.clone();
        plain.followups = Vec::new();
        plain.buttons = reply
            .buttons
            .iter()
            .map(|row| {
                row.iter()
                    .filter(|b| b.url().is_none())
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .filter(|row| !row.is_empty())
            .collect();
        plain
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::PersonId;
    use crate::engine::Button;
    use crate::engine::callback::Callback;

    #[test]
    fn user_text_is_escaped_and_the_title_bold() {
        let reply = Reply::titled("<script> & co", "a < b & c > d\n<b>not bold</b>");
        assert_eq!(
            html_messages(&reply),
            vec![
                "<b>&lt;script&gt; &amp; co</b>\na &lt; b &amp; c &gt; d\n&lt;b&gt;not bold&lt;/b&gt;"
            ]
        );
    }

    #[test]
    fn long_text_is_split_at_lines_within_the_limit() {
        let body = (0..400)
            .map(|n| format!("line {n:03} & more text here"))
            .collect::<Vec<_>>()
            .join("\n");
        let messages = html_messages(&Reply::text(body));
        assert!(messages.len() > 1);
        for message in &messages {
            let visible = message.replace("&amp;", "&");
            assert!(visible.chars().count() <= MAX_MESSAGE_CHARS);
        }
        assert!(messages[0].starts_with("line 000"));
        assert!(
            messages
                .last()
                .unwrap()
                .ends_with("line 399 &amp; more text here")
        );
        let one_line = "x".repeat(10_000);
        for message in html_messages(&Reply::text(one_line)) {
            assert!(message.chars().count() <= MAX_MESSAGE_CHARS);
        }
    }

    #[test]
    fn buttons_become_an_inline_keyboard() {
        let reply = Reply::text("hi").with_row(vec![
            Button::new("Log", Callback::LogFor(PersonId(1))),
            Button::new("x".repeat(100), Callback::NoteFor(PersonId(1))),
        ]);
        let markup = keyboard(&reply).unwrap();
        assert_eq!(markup.inline_keyboard.len(), 1);
        assert_eq!(
            markup.inline_keyboard[0][0].kind,
            teloxide::types::InlineKeyboardButtonKind::CallbackData("l:1".into())
        );
        assert_eq!(
            markup.inline_keyboard[0][1].text.chars().count(),
            MAX_LABEL_CHARS
        );
        assert!(keyboard(&Reply::text("no buttons")).is_none());
    }
}
