//! Garbage, forged buttons and random text: always an answer, never a panic, nothing changed.

use expect_test::expect;
use kith::engine::callback::MAX_CALLBACK_BYTES;
use kith::transport::telegram::render::{MAX_MESSAGE_CHARS, fitted, html_messages};

use super::*;

fn assert_well_formed(reply: &Reply, input: &str) {
    let text = reply.plain_text();
    assert!(!text.trim().is_empty(), "{input:?} got an empty answer");
    // As Telegram gets it: cut to one message by the adapter.
    let messages = html_messages(&fitted(reply.clone()));
    assert_eq!(messages.len(), 1, "{input:?}: {} messages", messages.len());
    let shown = messages[0]
        .replace("<b>", "")
        .replace("</b>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace("&quot;", "\"");
    assert!(
        shown.chars().count() <= MAX_MESSAGE_CHARS,
        "{input:?}: {} characters",
        shown.chars().count()
    );
    for button in reply.buttons.iter().flatten() {
        assert!(
            button.data().len() <= MAX_CALLBACK_BYTES,
            "{input:?}: {}",
            button.data()
        );
        assert!(!button.label.is_empty(), "{input:?}: empty label");
    }
}

#[test]
fn forged_and_garbage_buttons_expire_and_change_nothing() {
    let mut chat = Chat::open();
    let before = chat.store.content_fingerprint().unwrap();
    let cases = [
        "",
        "garbage",
        "p:",
        "p:99999",
        "o:4242",
        "i:99999:0",
        "l:99999",
        "n:99999",
        "et:99999",
        "t:99999:3",
        "t:1:9",
        "s:g9999:0",
        "s:o9999:0",
        "lk:99999",
        "lt:99999:1",
        "lt:1:99999",
        "c:99999",
        "x:99999",
        "xd:99999",
        "ch:99999:1",
        "ch:1:1",
        "la:99999",
        "nt:99999:0",
        "nt:1:-1",
        "la:1",
        "la:1:1",
        "m:1:99999",
        "m:99999:1",
        "p:1:extra",
        "u:-1",
        "r:x",
        "tg:",
        "cancel!",
        // Corrections, undo and history: a gone record, a bad field, a wrong flag.
        "un:99999",
        "un:0",
        "hi:99999:0",
        "ic:99999",
        "ia:99999:d",
        "ia:1:q",
        "iy:99999",
        "is:99999:0",
        "is:1:12",
        "ih:99999:0",
        "ih:1:2",
        "ii:99999:1",
        "ip:99999",
        "ir:99999:1",
        "ir:1:99999",
        "ix:99999",
        "ep:99999",
        "ef:99999:0",
        "ef:1:13",
        "ar:99999:1",
        "ar:1:2",
        "ig:x",
        "ue:99999",
        "ue:1",
        "ur:1",
        "ur:-1",
        "p:01",
        &"p:1".repeat(30),
    ];
    for data in cases {
        let reply = chat.press(data);
        assert_eq!(
            reply.body,
            "This button has expired.",
            "{data:?} → {}",
            reply.render_plain()
        );
        assert_eq!(
            chat.store.content_fingerprint().unwrap(),
            before,
            "{data:?} changed the database"
        );
    }
}

#[test]
fn merging_someone_into_themselves_by_a_forged_button_changes_nothing() {
    let mut chat = Chat::open();
    let before = chat.store.content_fingerprint().unwrap();
    let reply = chat.press("m:1:1");
    assert_eq!(reply.body, "Cannot merge a person with themselves.");
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
}

/// A small deterministic generator, so a failure is reproducible.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "/log",
            "/find",
            "/person",
            "/note",
            "/stale",
            "/unknown",
            "/new",
            "/link",
            "/org",
            "/tag",
            "/tags",
            "/recent",
            "/merge",
            "/help",
            "with",
            "and",
            ",",
            ":",
            "1:1",
            "yesterday",
            "3d ago",
            "monday",
            "2026-11-01",
            "Alice",
            "Bob",
            "Zoë",
            "<",
            ">",
            "@",
            "+",
            "-",
            "#1",
            "#999999999999999999999",
            "<b>bold</b>",
            "&amp;",
            "\u{0}",
            "\u{202e}",
            "\n",
            "\t",
            "😀",
            "👨‍👩‍👧",
            "ß",
            "İ",
            "\u{feff}",
            "%",
            "_",
            "*",
        ];
        let mut out = String::new();
        for _ in 0..(self.next() % 12) {
            match self.next() % 4 {
                0 => {
                    let len = self.next() % 20;
                    for _ in 0..len {
                        let c = char::from_u32((self.next() % 0x2FFFF) as u32).unwrap_or('?');
                        out.push(c);
                    }
                }
                _ => out.push_str(PIECES[(self.next() % PIECES.len() as u64) as usize]),
            }
            if self.next().is_multiple_of(2) {
                out.push(' ');
            }
        }
        out
    }
}

#[test]
fn thousands_of_random_messages_always_get_an_answer() {
    let mut chat = Chat::open();
    let mut noise = Noise(0x6b69_7468_2026);
    for round in 0..3_000 {
        let text = if round % 500 == 499 {
            // Now and then something very long.
            format!("/log coffee with {}", "Alice ".repeat(20_000))
        } else {
            noise.string()
        };
        let reply = chat.send(&text);
        assert_well_formed(&reply, &text);
        // Press one of the buttons it offered, as a curious user would.
        if let Some(button) = reply
            .buttons
            .iter()
            .flatten()
            .nth((noise.next() % 4) as usize)
        {
            let pressed = chat.press(&button.data());
            assert_well_formed(&pressed, &button.data());
        }
    }
    assert!(chat.store.health_problems().unwrap().is_empty());
}

/// Issue 27: a control character typed into a value (`/set … location Ber\x01lin`, a
/// note with a NUL, a reply) is refused with the character named, and nothing changes.
#[test]
fn a_control_character_in_a_chat_value_is_refused_and_never_stored() {
    let mut chat = Chat::open();
    let before = chat.store.content_fingerprint().unwrap();
    check(
        &mut chat,
        "/set Alice Smith location Ber\u{1}lin",
        expect![[
            r#"The message holds a control character (U+0001), which kith never keeps in a value; nothing was changed: send it again without it."#
        ]],
    );
    check(
        &mut chat,
        "/note Alice Smith: met at\u{0} the fair",
        expect![[
            r#"The message holds a control character (U+0000), which kith never keeps in a value; nothing was changed: send it again without it."#
        ]],
    );
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
    // A tab is text, not a control character kith refuses.
    let reply = chat.send("/set Alice Smith location Berlin\tMitte");
    assert!(
        !reply.plain_text().contains("control character"),
        "{}",
        reply.plain_text()
    );
}
