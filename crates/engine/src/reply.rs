//! What the engine answers: plain text, rows of buttons, an optional file, and what the
//! message is about. No transport types: adapters render it (HTML for Telegram, numbered
//! choices for the terminal).

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use super::callback::Callback;
use kith_domain::model::{InteractionId, PersonId};

/// One button: what it says and what pressing it does — asks kith for something (its
/// callback, encoded only when a transport renders it, ≤ 64 bytes) or opens a link
/// (a chat with someone on Telegram).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    pub target: Target,
}

/// What pressing a button does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Asks kith: the press comes back as this callback.
    Press(Callback),
    /// Opens this URL on the owner's device (`https://t.me/…`, `tg://user?id=…`); kith
    /// hears nothing of it.
    Open(String),
}

impl Button {
    pub fn new(label: impl Into<String>, callback: Callback) -> Button {
        Button {
            label: label.into(),
            target: Target::Press(callback),
        }
    }

    /// A button that opens `url`.
    pub fn link(label: impl Into<String>, url: impl Into<String>) -> Button {
        Button {
            label: label.into(),
            target: Target::Open(url.into()),
        }
    }

    /// The callback data a transport sends with the button; for a link, its URL (which
    /// kith, pressed with it, answers as an expired button).
    pub fn data(&self) -> String {
        match &self.target {
            Target::Press(callback) => callback.encode(),
            Target::Open(url) => url.clone(),
        }
    }

    /// The URL a link opens; `None` for a button kith answers.
    pub fn url(&self) -> Option<&str> {
        match &self.target {
            Target::Press(_) => None,
            Target::Open(url) => Some(url),
        }
    }
}

/// As `{label, data}` (the callback data, encoded), or `{label, url}` for a link.
impl Serialize for Button {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut button = serializer.serialize_struct("Button", 2)?;
        button.serialize_field("label", &self.label)?;
        match &self.target {
            Target::Press(callback) => button.serialize_field("data", &callback.encode())?,
            Target::Open(url) => button.serialize_field("url", url)?,
        }
        button.end()
    }
}

/// A file to send with the reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// What a message is about, so a text reply to it can become a note there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Subject {
    Person(PersonId),
    Interaction(InteractionId),
}

/// Work a reply asks its adapter to do after showing it (work that needs the network).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Effect {
    /// Sync the calendars now, then send the report.
    Sync { full: bool },
    /// Send the health report (`kith status`).
    Status,
}

/// How an adapter should show the reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Presentation {
    /// A message (for a button press: replaces the message the button belongs to).
    Message,
    /// A short notice (for a button press: a pop-up, the message stays as it was).
    Notice,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reply {
    /// Shown emphasised above the body when present.
    pub title: Option<String>,
    pub body: String,
    pub buttons: Vec<Vec<Button>>,
    pub file: Option<Attachment>,
    pub about: Option<Subject>,
    pub presentation: Presentation,
    pub effect: Option<Effect>,
    /// More messages that follow this one (a digest is several).
    pub followups: Vec<Reply>,
}

/// What a stale or forged button answers.
pub const EXPIRED: &str = "This button has expired.";

impl Reply {
    pub fn text(body: impl Into<String>) -> Reply {
        Reply {
            title: None,
            body: body.into(),
            buttons: Vec::new(),
            file: None,
            about: None,
            presentation: Presentation::Message,
            effect: None,
            followups: Vec::new(),
        }
    }

    pub fn titled(title: impl Into<String>, body: impl Into<String>) -> Reply {
        Reply {
            title: Some(title.into()),
            ..Reply::text(body)
        }
    }

    /// The answer to a stale or forged button.
    pub fn expired() -> Reply {
        Reply {
            presentation: Presentation::Notice,
            ..Reply::text(EXPIRED)
        }
    }

    pub fn notice(text: impl Into<String>) -> Reply {
        Reply {
            presentation: Presentation::Notice,
            ..Reply::text(text)
        }
    }

    pub fn with_row(mut self, row: Vec<Button>) -> Reply {
        if !row.is_empty() {
            self.buttons.push(row);
        }
        self
    }

    pub fn about(mut self, subject: Subject) -> Reply {
        self.about = Some(subject);
        self
    }

    /// The whole text as plain lines: the title, then the body.
    pub fn plain_text(&self) -> String {
        match &self.title {
            Some(title) if self.body.is_empty() => title.clone(),
            Some(title) => format!("{title}\n{}", self.body),
            None => self.body.clone(),
        }
    }

    /// The reply as `kith ask` prints it: the text, then each button on its own line as
    /// `[label] <callback data>`.
    pub fn render_plain(&self) -> String {
        let mut out = self.plain_text();
        for button in self.buttons.iter().flatten() {
            out.push_str(&format!("\n[{}] {}", button.label, button.data()));
        }
        if let Some(file) = &self.file {
            out.push_str(&format!(
                "\n(file: {}, {} bytes)",
                file.name,
                file.bytes.len()
            ));
        }
        for followup in &self.followups {
            out.push_str("\n\n");
            out.push_str(&followup.render_plain());
        }
        out
    }
}
