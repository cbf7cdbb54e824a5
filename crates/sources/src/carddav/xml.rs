//! The WebDAV XML kith writes (PROPFIND and REPORT bodies) and reads (a `multistatus`,
//! one `response` at a time, with only the properties kith asks for). Pure: bytes in,
//! values out; the namespaces are resolved, so any prefix a server chooses reads the same.

use quick_xml::NsReader;
use quick_xml::escape::escape;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};

/// The largest card kith reads; a bigger one is left alone on the server.
pub const CARD_LIMIT: usize = 1024 * 1024;

const DAV: &[u8] = b"DAV:";
const CARDDAV: &[u8] = b"urn:ietf:params:xml:ns:carddav";
const CALENDARSERVER: &[u8] = b"http://calendarserver.org/ns/";

const HEAD: &str = r#"<?xml version="1.0" encoding="utf-8"?>"#;
const NAMESPACES: &str = r#"xmlns:d="DAV:" xmlns:cr="urn:ietf:params:xml:ns:carddav" xmlns:cs="http://calendarserver.org/ns/""#;

/// A PROPFIND body asking for `props` (each written with the prefixes `d:`, `cr:`, `cs:`).
fn propfind(props: &str) -> String {
    format!("{HEAD}<d:propfind {NAMESPACES}><d:prop>{props}</d:prop></d:propfind>")
}

/// What discovery asks of the URL it starts from: whether it is an address book, and
/// where the principal and its address books are.
pub fn propfind_start() -> String {
    propfind(
        "<d:resourcetype/><d:displayname/><d:current-user-principal/><cr:addressbook-home-set/>",
    )
}

/// What discovery asks of the address-book home (Depth 1): each collection's kind and name.
pub fn propfind_books() -> String {
    propfind("<d:resourcetype/><d:displayname/>")
}

/// A listing of a book's cards and their versions (Depth 1), for a server without
/// `sync-collection`.
pub fn propfind_etags() -> String {
    propfind("<d:resourcetype/><d:getetag/>")
}

/// A book's own state (Depth 0): its ctag and the reports it supports.
pub fn propfind_state() -> String {
    propfind("<cs:getctag/><d:supported-report-set/>")
}

/// One card's version (Depth 0).
pub fn propfind_etag() -> String {
    propfind("<d:getetag/>")
}

/// RFC 6578 `sync-collection` from `token` (none: the initial sync, every card).
pub fn sync_collection(token: Option<&str>) -> String {
    let token = match token {
        Some(token) => format!("<d:sync-token>{}</d:sync-token>", escape(token)),
        None => "<d:sync-token/>".to_owned(),
    };
    format!(
        "{HEAD}<d:sync-collection {NAMESPACES}>{token}<d:sync-level>1</d:sync-level>\
         <d:prop><d:getetag/></d:prop></d:sync-collection>"
    )
}

/// RFC 6352 `addressbook-multiget` of `hrefs`, each card with its version.
pub fn multiget(hrefs: &[String]) -> String {
    let mut body = format!(
        "{HEAD}<cr:addressbook-multiget {NAMESPACES}><d:prop><d:getetag/><cr:address-data/></d:prop>"
    );
    for href in hrefs {
        body.push_str("<d:href>");
        body.push_str(&escape(href.as_str()));
        body.push_str("</d:href>");
    }
    body.push_str("</cr:addressbook-multiget>");
    body
}

/// The properties of one `response` that kith reads, from its propstats with a 2xx status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Props {
    pub etag: Option<String>,
    /// The card's text, exactly as sent (line endings included).
    pub address_data: Option<String>,
    /// The card was over `CARD_LIMIT` and was not kept.
    pub card_too_large: bool,
    /// `resourcetype` has `addressbook`.
    pub address_book: bool,
    /// `resourcetype` has `collection`.
    pub collection: bool,
    pub display_name: Option<String>,
    /// `current-user-principal`'s href.
    pub principal: Option<String>,
    /// `addressbook-home-set`'s (first) href.
    pub home: Option<String>,
    pub ctag: Option<String>,
    /// `supported-report-set` was given, and whether it lists `sync-collection`.
    pub reports: Option<bool>,
}

/// One `response` of a multistatus.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    /// As the server wrote it (trimmed).
    pub href: String,
    /// The response's own status (a removed card in `sync-collection`, a missing one in
    /// a multiget, a truncated listing's 507), when it has one.
    pub status: Option<u16>,
    pub props: Props,
}

/// The elements kith reads; every other one is `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Multistatus,
    Response,
    Href,
    Status,
    Propstat,
    SyncToken,
    ResourceType,
    AddressBook,
    Collection,
    DisplayName,
    GetEtag,
    AddressData,
    CurrentUserPrincipal,
    HomeSet,
    GetCtag,
    SupportedReportSet,
    SyncCollection,
    Other,
}

fn tag(namespace: &ResolveResult, local: &[u8]) -> Tag {
    let ns = match namespace {
        ResolveResult::Bound(Namespace(ns)) => *ns,
        _ => b"",
    };
    match (ns, local) {
        (DAV, b"multistatus") => Tag::Multistatus,
        (DAV, b"response") => Tag::Response,
        (DAV, b"href") => Tag::Href,
        (DAV, b"status") => Tag::Status,
        (DAV, b"propstat") => Tag::Propstat,
        (DAV, b"sync-token") => Tag::SyncToken,
        (DAV, b"resourcetype") => Tag::ResourceType,
        (DAV, b"collection") => Tag::Collection,
        (DAV, b"displayname") => Tag::DisplayName,
        (DAV, b"getetag") => Tag::GetEtag,
        (DAV, b"current-user-principal") => Tag::CurrentUserPrincipal,
        (DAV, b"supported-report-set") => Tag::SupportedReportSet,
        (DAV, b"sync-collection") => Tag::SyncCollection,
        (CARDDAV, b"addressbook") => Tag::AddressBook,
        (CARDDAV, b"address-data") => Tag::AddressData,
        (CARDDAV, b"addressbook-home-set") => Tag::HomeSet,
        (CALENDARSERVER, b"getctag") => Tag::GetCtag,
        _ => Tag::Other,
    }
}

/// What the parse keeps between events: the open elements, the text of the innermost,
/// and the response being read.
#[derive(Default)]
struct State {
    stack: Vec<Tag>,
    text: String,
    too_large: bool,
    response: Response,
    pending: Props,
    pending_status: Option<u16>,
    sync_token: Option<String>,
}

impl State {
    fn start(&mut self, tag: Tag) {
        if tag == Tag::SupportedReportSet {
            self.pending.reports.get_or_insert(false);
        }
        self.stack.push(tag);
        self.text.clear();
        self.too_large = false;
    }

    fn text(&mut self, text: &str) {
        if self.too_large {
            return;
        }
        if self.text.len() + text.len() > CARD_LIMIT {
            self.too_large = true;
            self.text = String::new();
            return;
        }
        self.text.push_str(text);
    }

    /// The element `tag` ended inside `parent`: keep what it said.
    fn end(&mut self, tag: Tag, each: &mut impl FnMut(Response)) {
        let parent = self.stack.last().copied().unwrap_or(Tag::Other);
        let text = std::mem::take(&mut self.text);
        let trimmed = || text.trim().to_owned();
        let pending = &mut self.pending;
        match (tag, parent) {
            (Tag::Href, Tag::Response) => self.response.href = trimmed(),
            (Tag::Href, Tag::CurrentUserPrincipal) => pending.principal = Some(trimmed()),
            (Tag::Href, Tag::HomeSet) if pending.home.is_none() => pending.home = Some(trimmed()),
            (Tag::Status, Tag::Response) => self.response.status = status_code(&text),
            (Tag::Status, Tag::Propstat) => self.pending_status = status_code(&text),
            (Tag::GetEtag, _) => pending.etag = Some(trimmed()),
            (Tag::AddressData, _) if self.too_large => pending.card_too_large = true,
            (Tag::AddressData, _) => pending.address_data = Some(text),
            (Tag::DisplayName, _) => pending.display_name = Some(trimmed()),
            (Tag::GetCtag, _) => pending.ctag = Some(trimmed()),
            (Tag::AddressBook, Tag::ResourceType) => pending.address_book = true,
            (Tag::Collection, Tag::ResourceType) => pending.collection = true,
            (Tag::SyncCollection, _) if self.stack.contains(&Tag::SupportedReportSet) => {
                pending.reports = Some(true);
            }
            (Tag::SyncToken, Tag::Multistatus) => self.sync_token = Some(trimmed()),
            (Tag::Propstat, _) => self.end_propstat(),
            (Tag::Response, _) => each(std::mem::take(&mut self.response)),
            _ => {}
        }
        self.too_large = false;
    }

    /// A propstat's properties count only when its status is a success (a server lists
    /// the properties it lacks under a 404).
    fn end_propstat(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let status = self.pending_status.take();
        if status.is_none_or(|code| (200..300).contains(&code)) {
            merge(&mut self.response.props, pending);
        }
    }
}

fn merge(into: &mut Props, from: Props) {
    into.etag = from.etag.or(into.etag.take());
    into.address_data = from.address_data.or(into.address_data.take());
    into.card_too_large |= from.card_too_large;
    into.address_book |= from.address_book;
    into.collection |= from.collection;
    into.display_name = from.display_name.or(into.display_name.take());
    into.principal = from.principal.or(into.principal.take());
    into.home = from.home.or(into.home.take());
    into.ctag = from.ctag.or(into.ctag.take());
    into.reports = from.reports.or(into.reports);
}

/// The code in a status line (`HTTP/1.1 404 Not Found` → 404).
fn status_code(line: &str) -> Option<u16> {
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Reads a multistatus, handing each `response` to `each` as it ends (so a caller keeps
/// only what it needs); the top-level `sync-token`, if any.
pub fn read_multistatus(
    body: &[u8],
    mut each: impl FnMut(Response),
) -> Result<Option<String>, String> {
    let mut reader = NsReader::from_reader(body);
    reader.config_mut().expand_empty_elements = true;
    let mut state = State::default();
    let mut seen_multistatus = false;
    loop {
        let (namespace, event) = match reader.read_resolved_event() {
            Ok(read) => read,
            Err(error) => return Err(format!("XML at byte {}: {error}", reader.error_position())),
        };
        match event {
            Event::Start(element) => {
                let tag = tag(&namespace, element.local_name().as_ref());
                seen_multistatus |= tag == Tag::Multistatus;
                state.start(tag);
            }
            Event::End(element) => {
                let tag = tag(&namespace, element.local_name().as_ref());
                state.stack.pop();
                state.end(tag, &mut each);
            }
            Event::Text(text) => {
                let text = text.unescape().map_err(|e| format!("XML text: {e}"))?;
                state.text(&text);
            }
            Event::CData(data) => {
                let data = data.decode().map_err(|e| format!("XML CDATA: {e}"))?;
                state.text(&data);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_multistatus {
        return Err("the answer is not a WebDAV multistatus".into());
    }
    // A listing cut off must not pass for a whole one (its missing cards would read
    // as removed).
    if !state.stack.is_empty() {
        return Err("the answer was cut off".into());
    }
    Ok(state.sync_token)
}

/// The server's words in an error body: its text, or, for a WebDAV `<error>` with only
/// elements (`<valid-sync-token/>`), their names; at most 200 characters.
pub fn words(body: &str) -> String {
    let mut reader = NsReader::from_reader(body.as_bytes());
    let mut texts = Vec::new();
    let mut names = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Text(text)) => {
                if let Ok(text) = text.unescape() {
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !text.is_empty() {
                        texts.push(text);
                    }
                }
            }
            Ok(Event::Start(element) | Event::Empty(element)) => {
                let name = String::from_utf8_lossy(element.local_name().as_ref()).into_owned();
                if name != "error" {
                    names.push(name);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    let said = if !texts.is_empty() {
        texts.join(" ")
    } else if !names.is_empty() {
        names.join(", ")
    } else {
        body.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    said.chars().take(200).collect()
}

#[cfg(test)]
mod tests;
