//! Every request body the bot sends, checked against the Bot API's rules for the fields
//! it uses: the method and its fields exist (from `../shared/fixtures/telegram/api.json`,
//! the machine-readable Bot API), required fields are present, text is 1–4,096
//! characters after entity parsing, callback data 1–64 bytes, and HTML tags balance.

use serde_json::Value;

use super::Sent;

/// The Bot API description, or `None` (with a note on stderr) when the shared fixtures
/// are not beside this checkout: then only lengths and markup are checked, not the Bot
/// API's field list.
fn api() -> Option<Value> {
    let path = super::fixtures("telegram/api.json")?;
    Some(serde_json::from_str(&std::fs::read_to_string(path).unwrap()).expect("api.json is JSON"))
}

/// What a user sees of an HTML text: tags removed, the three entities decoded.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Tags open and close in order; only the tags Telegram's HTML mode knows.
fn assert_balanced(html: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..]
            .find('>')
            .map(|e| start + e)
            .unwrap_or_else(|| panic!("unclosed '<' in {html:?}"));
        let tag = &rest[start + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name),
                "unbalanced </{name}> in {html:?}"
            );
        } else {
            let name = tag.split_whitespace().next().unwrap_or_default().to_owned();
            assert!(
                [
                    "b",
                    "strong",
                    "i",
                    "em",
                    "u",
                    "ins",
                    "s",
                    "strike",
                    "del",
                    "a",
                    "code",
                    "pre",
                    "tg-spoiler",
                    "blockquote"
                ]
                .contains(&name.as_str()),
                "unknown tag <{name}> in {html:?}"
            );
            stack.push(name);
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed tags {stack:?} in {html:?}");
    for entity in html.split('&').skip(1) {
        assert!(
            ["lt;", "gt;", "amp;", "quot;"]
                .iter()
                .any(|e| entity.starts_with(e)),
            "a bare & in {html:?}"
        );
    }
}

pub fn requests(outbox: &[Sent]) {
    let api = api();
    assert!(!outbox.is_empty());
    for sent in outbox {
        let body = &sent.body;
        if let Some(api) = &api {
            let method = api["methods"]
                .as_object()
                .unwrap()
                .values()
                .find(|m| {
                    m["name"]
                        .as_str()
                        .unwrap()
                        .eq_ignore_ascii_case(&sent.method)
                })
                .unwrap_or_else(|| panic!("{} is not a Bot API method", sent.method));
            let fields = method["fields"].as_array().cloned().unwrap_or_default();
            if let Some(object) = body.as_object() {
                for key in object.keys() {
                    assert!(
                        fields.iter().any(|f| f["name"] == key.as_str()),
                        "{} has no field {key}",
                        sent.method
                    );
                }
                for field in fields.iter().filter(|f| f["required"] == true) {
                    let name = field["name"].as_str().unwrap();
                    assert!(
                        object.contains_key(name),
                        "{} is missing {name}: {body}",
                        sent.method
                    );
                }
            }
        }
        if let Some(text) = body.get("text").and_then(Value::as_str) {
            let html = body.get("parse_mode").and_then(Value::as_str) == Some("HTML");
            let shown = if html {
                visible_text(text)
            } else {
                text.to_owned()
            };
            let length = shown.chars().count();
            let limit = if sent.method == "answercallbackquery" {
                200
            } else {
                4096
            };
            assert!(
                (1..=limit).contains(&length),
                "{}: text of {length} characters",
                sent.method
            );
            if html {
                assert_balanced(text);
            }
        }
        if let Some(mode) = body.get("parse_mode") {
            assert_eq!(mode, "HTML");
        }
        for row in body["reply_markup"]["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
        {
            for button in row.as_array().into_iter().flatten() {
                // A link button (Open chat) carries a URL instead of callback data.
                if let Some(url) = button["url"].as_str() {
                    assert!(
                        button.get("callback_data").is_none()
                            && (url.starts_with("https://") || url.starts_with("tg://")),
                        "a link button: {button}"
                    );
                    assert!(!button["text"].as_str().unwrap_or_default().is_empty());
                    continue;
                }
                let data = button["callback_data"]
                    .as_str()
                    .expect("every button carries callback data or a URL");
                assert!(
                    (1..=64).contains(&data.len()),
                    "callback_data of {} bytes",
                    data.len()
                );
                assert!(!button["text"].as_str().unwrap_or_default().is_empty());
            }
        }
    }
}

#[test]
fn the_checks_themselves_catch_bad_markup() {
    let bad = ["<b>open", "a & b", "<b></i>", "<script>x</script>"];
    for html in bad {
        assert!(
            std::panic::catch_unwind(|| assert_balanced(html)).is_err(),
            "{html}"
        );
    }
    assert_balanced("<b>kith</b>\n&lt;x&gt; &amp; y");
    assert_eq!(visible_text("<b>a</b> &amp; &lt;b&gt;"), "a & <b>");
}
