//! A fake Bot API on 127.0.0.1: a queue of updates served to getUpdates, and an outbox
//! recording every request the bot sends. It answers like Telegram (`{"ok":true,…}`),
//! can answer the next sendMessage with a 429, and can refuse chosen requests with
//! Telegram's own error answers (`refuse`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const TOKEN: &str = "123456789:AAH-test_secret-token_for-kith";
pub const BOT_ID: i64 = 987_654_321;
pub const DATE: i64 = 1_795_683_600; // 2026-11-26

/// One request the bot made.
#[derive(Clone, Debug)]
pub struct Sent {
    /// The method, lower-case ("sendmessage").
    pub method: String,
    pub body: Value,
    pub status: u16,
    /// The id of the message sent or edited, when there is one.
    pub message_id: Option<i64>,
}

/// Telegram's error answers, as it words them.
#[derive(Clone, Copy, Debug)]
pub enum Refusal {
    QueryTooOld,
    MessageToEditNotFound,
    MessageCantBeEdited,
    BotBlocked,
    UserDeactivated,
    Conflict,
    /// Something else went wrong on Telegram's side (not a reason to stop sending).
    Internal,
}

impl Refusal {
    fn answer(self) -> (u16, &'static str) {
        match self {
            Refusal::QueryTooOld => (
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            ),
            Refusal::MessageToEditNotFound => (400, "Bad Request: message to edit not found"),
            Refusal::MessageCantBeEdited => (400, "Bad Request: message can't be edited"),
            Refusal::BotBlocked => (403, "Forbidden: bot was blocked by the user"),
            Refusal::UserDeactivated => (403, "Forbidden: user is deactivated"),
            Refusal::Conflict => (
                409,
                "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
            ),
            Refusal::Internal => (500, "Internal Server Error"),
        }
    }
}

/// Which requests to refuse: a method (lower-case), optionally only to one chat, for a
/// number of times or for good.
#[derive(Clone, Debug)]
struct Rule {
    method: String,
    chat: Option<i64>,
    remaining: Option<usize>,
    refusal: Refusal,
}

#[derive(Default)]
struct State {
    rules: Vec<Rule>,
    updates: Vec<Value>,
    next_update_id: i64,
    confirmed_offset: i64,
    outbox: Vec<Sent>,
    next_message_id: i64,
    throttle_next_send: bool,
    reject_token: bool,
}

#[derive(Clone)]
pub struct FakeTelegram {
    state: Arc<Mutex<State>>,
    pub server: Arc<MockServer>,
}

struct Responder(Arc<Mutex<State>>);

fn ok(result: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "ok": true, "result": result }))
}

fn message_json(id: i64, chat: i64, text: &str) -> Value {
    let chat_json = if chat < 0 {
        json!({ "id": chat, "type": "supergroup", "title": "A group" })
    } else {
        json!({ "id": chat, "type": "private", "first_name": "Owner" })
    };
    json!({
        "message_id": id,
        "date": DATE,
        "chat": chat_json,
        "from": { "id": BOT_ID, "is_bot": true, "first_name": "kith", "username": "kith_test_bot" },
        "text": text,
    })
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path().to_owned();
        let method = path.rsplit('/').next().unwrap_or_default().to_lowercase();
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let mut state = self.0.lock().unwrap();
        if state.reject_token || !path.contains(&format!("/bot{TOKEN}/")) {
            return ResponseTemplate::new(401).set_body_json(
                json!({ "ok": false, "error_code": 401, "description": "Unauthorized" }),
            );
        }
        let chat = body["chat_id"].as_i64();
        let rule = state.rules.iter_mut().find(|rule| {
            rule.method == method
                && rule.chat.is_none_or(|c| Some(c) == chat)
                && rule.remaining != Some(0)
        });
        if let Some(rule) = rule {
            if let Some(remaining) = &mut rule.remaining {
                *remaining -= 1;
            }
            let (status, description) = rule.refusal.answer();
            state.outbox.push(Sent {
                method,
                body,
                status,
                message_id: None,
            });
            return ResponseTemplate::new(status).set_body_json(
                json!({ "ok": false, "error_code": status, "description": description }),
            );
        }
        if method == "getupdates" {
            let offset = body["offset"].as_i64().unwrap_or(0);
            state.confirmed_offset = state.confirmed_offset.max(offset);
            let pending: Vec<Value> = state
                .updates
                .iter()
                .filter(|u| u["update_id"].as_i64().unwrap_or(0) >= offset)
                .cloned()
                .collect();
            if pending.is_empty() {
                return ok(json!([])).set_delay(Duration::from_millis(150));
            }
            return ok(Value::Array(pending));
        }
        if method == "sendmessage" && state.throttle_next_send {
            state.throttle_next_send = false;
            state.outbox.push(Sent {
                method,
                body,
                status: 429,
                message_id: None,
            });
            return ResponseTemplate::new(429).set_body_json(json!({
                "ok": false, "error_code": 429,
                "description": "Too Many Requests: retry after 1",
                "parameters": { "retry_after": 1 }
            }));
        }
        let result = match method.as_str() {
            "getme" => json!({
                "id": BOT_ID, "is_bot": true, "first_name": "kith", "username": "kith_test_bot",
                "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
                "has_main_web_app": false
            }),
            "getwebhookinfo" => {
                json!({ "url": "", "has_custom_certificate": false, "pending_update_count": 0 })
            }
            "sendmessage" | "senddocument" | "sendphoto" => {
                state.next_message_id += 1;
                let id = 1_000 + state.next_message_id;
                let chat = body["chat_id"].as_i64().unwrap_or(0);
                message_json(id, chat, body["text"].as_str().unwrap_or("file"))
            }
            "editmessagetext" => {
                let id = body["message_id"].as_i64().unwrap_or(0);
                let chat = body["chat_id"].as_i64().unwrap_or(0);
                message_json(id, chat, body["text"].as_str().unwrap_or(""))
            }
            _ => json!(true),
        };
        let message_id = result["message_id"].as_i64();
        state.outbox.push(Sent {
            method,
            body,
            status: 200,
            message_id,
        });
        ok(result)
    }
}

impl FakeTelegram {
    pub async fn start() -> FakeTelegram {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            next_update_id: 1,
            ..State::default()
        }));
        Mock::given(any())
            .respond_with(Responder(Arc::clone(&state)))
            .mount(&server)
            .await;
        FakeTelegram {
            state,
            server: Arc::new(server),
        }
    }

    pub fn url(&self) -> String {
        self.server.uri()
    }

    /// Queues a raw update; its update_id is assigned here.
    pub fn push(&self, mut update: Value) -> i64 {
        let mut state = self.state.lock().unwrap();
        let id = state.next_update_id;
        state.next_update_id += 1;
        update["update_id"] = json!(id);
        state.updates.push(update);
        id
    }

    /// Queues a text message from `user` in `chat` (private when chat == user).
    pub fn message(&self, user: i64, chat: i64, text: &str) -> i64 {
        self.push(json!({ "message": user_message(user, chat, text, 500 + self.len_updates()) }))
    }

    /// Queues a text message replying to the bot's message `to`.
    pub fn reply(&self, user: i64, chat: i64, text: &str, to: i64) -> i64 {
        let mut message = user_message(user, chat, text, 500 + self.len_updates());
        message["reply_to_message"] = message_json(to, chat, "…");
        self.push(json!({ "message": message }))
    }

    /// Queues a button press on the bot's message `message`.
    pub fn press(&self, user: i64, chat: i64, message: i64, data: &str) -> i64 {
        let query_id = format!("q{}", self.len_updates());
        self.push(json!({
            "callback_query": {
                "id": query_id,
                "from": { "id": user, "is_bot": false, "first_name": "Someone" },
                "chat_instance": "instance",
                "data": data,
                "message": message_json(message, chat, "…"),
            }
        }))
    }

    fn len_updates(&self) -> i64 {
        self.state.lock().unwrap().updates.len() as i64
    }

    pub fn throttle_next_send(&self) {
        self.state.lock().unwrap().throttle_next_send = true;
    }

    /// Refuses every `method` request (to `chat`, when given) with `refusal`, `times`
    /// times or, with `None`, for as long as it runs.
    pub fn refuse(&self, method: &str, chat: Option<i64>, times: Option<usize>, refusal: Refusal) {
        self.state.lock().unwrap().rules.push(Rule {
            method: method.to_lowercase(),
            chat,
            remaining: times,
            refusal,
        });
    }

    pub fn reject_token(&self) {
        self.state.lock().unwrap().reject_token = true;
    }

    pub fn outbox(&self) -> Vec<Sent> {
        self.state.lock().unwrap().outbox.clone()
    }

    pub fn confirmed_offset(&self) -> i64 {
        self.state.lock().unwrap().confirmed_offset
    }

    /// Requests the bot sent that change what a user sees (messages, edits, answers).
    pub fn visible(&self) -> Vec<Sent> {
        self.outbox()
            .into_iter()
            .filter(|s| s.status == 200)
            .filter(|s| {
                matches!(
                    s.method.as_str(),
                    "sendmessage"
                        | "editmessagetext"
                        | "answercallbackquery"
                        | "senddocument"
                        | "sendphoto"
                )
            })
            .collect()
    }

    /// Waits (up to 60 s: the Bot API allows one message a second per chat) until `done` holds.
    pub async fn wait_for(&self, what: &str, done: impl Fn(&[Sent]) -> bool) -> Vec<Sent> {
        for _ in 0..1_200 {
            let visible = self.visible();
            if done(&visible) {
                return visible;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "timed out waiting for {what}; the bot sent: {:#?}",
            self.outbox()
        );
    }

    /// Waits until every queued update has been fetched and confirmed.
    pub async fn wait_until_consumed(&self) {
        for _ in 0..400 {
            let (confirmed, next) = {
                let state = self.state.lock().unwrap();
                (state.confirmed_offset, state.next_update_id)
            };
            if confirmed >= next {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the bot did not confirm every update");
    }
}

fn user_message(user: i64, chat: i64, text: &str, id: i64) -> Value {
    let chat_json = if chat < 0 {
        json!({ "id": chat, "type": "supergroup", "title": "A group" })
    } else {
        json!({ "id": chat, "type": "private", "first_name": "Someone" })
    };
    let mut message = json!({
        "message_id": id,
        "date": DATE,
        "chat": chat_json,
        "from": { "id": user, "is_bot": false, "first_name": "Someone" },
        "text": text,
    });
    if text.starts_with('/') {
        let length = text
            .split_whitespace()
            .next()
            .unwrap_or("")
            .encode_utf16()
            .count();
        message["entities"] = json!([{ "type": "bot_command", "offset": 0, "length": length }]);
    }
    message
}
