//! An IMAP mailbox's Sent folder (Fastmail, iCloud, Outlook, Gmail with an app password,
//! any server): found by its RFC 6154 `\Sent` mark or named in the settings, opened with
//! EXAMINE (read-only) and read with `BODY.PEEK[HEADER.FIELDS (…)]`, so nothing is ever
//! marked read and no body is fetched. Incremental by UIDVALIDITY and the last UID seen:
//! a changed UIDVALIDITY means one full pass of the window. TLS through rustls with the
//! web's root certificates; `imap://` without TLS only on this machine (tests).

use std::sync::Arc;
use std::time::Duration;

use async_imap::types::NameAttribute;
use chrono::NaiveDate;
use futures_util::TryStreamExt;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

pub use super::imap_error::ImapError;
use super::planning::{mail_rules, plan_messages};
use super::{HEADERS, MailMessage, MailRules, parse_headers};
use crate::config::ImapConfig;
use crate::error::SyncError;
use crate::run::{Context, Fetched, Planned, Source};
use kith_config::secret::Secret;
use kith_config::settings::ImapAccount;
use kith_domain::model;
use kith_store::Store;

/// An IMAP mailbox's Sent folder as a source: read after the stored UIDVALIDITY and
/// last UID, or fully back to the window's start.
pub struct ImapSource {
    context: Context,
    imap: ImapConfig,
    name: String,
    /// Read from the store before the fetch.
    rules: Option<MailRules>,
}

impl ImapSource {
    pub fn new(context: &Context, imap: ImapConfig) -> ImapSource {
        ImapSource {
            context: context.clone(),
            name: imap.account.label(),
            imap,
            rules: None,
        }
    }
}

impl Source for ImapSource {
    type Items = Vec<MailMessage>;

    fn name(&self) -> &str {
        &self.name
    }

    fn prepare(&mut self, store: &Store) -> Result<(), SyncError> {
        let (config, now) = (&self.context.config, self.context.now);
        self.rules = Some(mail_rules(config, store, model::Source::Imap, now)?);
        Ok(())
    }

    async fn fetch(
        &mut self,
        position: Option<String>,
    ) -> Result<Fetched<Vec<MailMessage>>, SyncError> {
        let Some(password) = &self.imap.password else {
            return Err(SyncError::NotConfigured("KITH_IMAP_PASSWORD is not set"));
        };
        let rules = self.rules.as_ref().expect("read with the position");
        let read = read_sent(
            &self.imap.account,
            password,
            self.imap.sent_folder.as_deref(),
            position.as_deref(),
            rules.shared.window_start,
        )
        .await?;
        Ok(Fetched {
            items: read.messages,
            position: Some(read.position),
            full: read.full,
            warnings: Vec::new(),
        })
    }

    fn plan(&self, messages: Vec<MailMessage>, _: &Store) -> Result<Planned, SyncError> {
        let rules = self.rules.as_ref().expect("read with the position");
        Ok(plan_messages(&messages, rules, &Default::default()))
    }
}

/// What one read of the Sent folder found.
#[derive(Debug, Default)]
pub struct ImapRead {
    pub folder: String,
    pub messages: Vec<MailMessage>,
    /// `UIDVALIDITY:LAST-UID`, stored as the source's position.
    pub position: String,
    /// Whether this was a full pass (no position, or UIDVALIDITY changed).
    pub full: bool,
}

/// How long a connection, a login or one command may take.
const TIMEOUT: Duration = Duration::from_secs(60);
/// UIDs fetched per command.
const FETCH_PART: usize = 500;

/// A stored position: (UIDVALIDITY, last UID).
fn parse_position(position: Option<&str>) -> Option<(u32, u32)> {
    let (validity, uid) = position?.split_once(':')?;
    Some((validity.parse().ok()?, uid.parse().ok()?))
}

/// `2:5,9` style sets for a sorted list of UIDs.
fn uid_sets(uids: &[u32]) -> Vec<String> {
    uids.chunks(FETCH_PART)
        .map(|chunk| {
            let mut ranges: Vec<String> = Vec::new();
            let mut start = chunk[0];
            let mut end = chunk[0];
            for &uid in &chunk[1..] {
                if uid == end + 1 {
                    end = uid;
                } else {
                    ranges.push(range(start, end));
                    start = uid;
                    end = uid;
                }
            }
            ranges.push(range(start, end));
            ranges.join(",")
        })
        .collect()
}

fn range(start: u32, end: u32) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start}:{end}")
    }
}

async fn within<T, E: std::fmt::Display>(
    what: &str,
    future: impl Future<Output = Result<T, E>>,
) -> Result<T, ImapError> {
    match tokio::time::timeout(TIMEOUT, future).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(ImapError::Step {
            what: what.to_owned(),
            problem: error.to_string(),
        }),
        Err(_) => Err(ImapError::Timeout {
            what: what.to_owned(),
            seconds: TIMEOUT.as_secs(),
        }),
    }
}

/// Reads the Sent folder's messages after `position` (all of the window without one).
pub async fn read_sent(
    account: &ImapAccount,
    password: &Secret,
    folder: Option<&str>,
    position: Option<&str>,
    since: NaiveDate,
) -> Result<ImapRead, ImapError> {
    let address = (account.host.as_str(), account.port);
    let tcp = within("connecting", TcpStream::connect(address)).await?;
    if account.tls {
        let mut roots = tokio_rustls::rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let config = tokio_rustls::rustls::ClientConfig::builder_with_provider(Arc::new(
            tokio_rustls::rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| ImapError::Tls(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
        let name = tokio_rustls::rustls::pki_types::ServerName::try_from(account.host.clone())
            .map_err(|_| ImapError::NotAHost(account.host.clone()))?;
        let tls = within(
            "TLS",
            tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, tcp),
        )
        .await?;
        read_over(tls, account, password, folder, position, since).await
    } else {
        read_over(tcp, account, password, folder, position, since).await
    }
}

async fn read_over<S: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send>(
    stream: S,
    account: &ImapAccount,
    password: &Secret,
    folder: Option<&str>,
    position: Option<&str>,
    since: NaiveDate,
) -> Result<ImapRead, ImapError> {
    let mut client = async_imap::Client::new(stream);
    within("the server's greeting", async {
        client
            .read_response()
            .await?
            .ok_or_else(|| std::io::Error::other("closed before greeting"))
    })
    .await?;
    // The login error is the server's words; the password is never in them.
    let mut session = within("logging in", async {
        client
            .login(&account.user, password.expose())
            .await
            .map_err(|(error, _)| error)
    })
    .await
    .map_err(|e| ImapError::Login(Box::new(e)))?;

    let folder = match folder {
        Some(folder) => folder.to_owned(),
        None => sent_folder(&mut session).await?,
    };
    // EXAMINE: read-only, so nothing is marked seen.
    let mailbox = within(&format!("opening {folder:?}"), session.examine(&folder)).await?;
    let validity = mailbox.uid_validity.unwrap_or(0);
    let stored = parse_position(position);
    let (full, after) = match stored {
        Some((stored_validity, last)) if stored_validity == validity => (false, last),
        _ => (true, 0),
    };
    let mut uids: Vec<u32> = if full {
        let query = format!("SINCE {}", since.format("%d-%b-%Y"));
        within("searching", session.uid_search(&query))
            .await?
            .into_iter()
            .collect()
    } else {
        // `n:*` also names the last message when nothing is newer: keep only newer ones.
        within(
            "searching",
            session.uid_search(format!("UID {}:*", after + 1)),
        )
        .await?
        .into_iter()
        .filter(|uid| *uid > after)
        .collect()
    };
    uids.sort_unstable();
    let (messages, last) = headers(&mut session, &uids, after).await?;
    let _ = within("logging out", session.logout()).await;
    Ok(ImapRead {
        folder,
        messages,
        position: format!("{validity}:{last}"),
        full,
    })
}

/// The folder the server marks `\Sent` (RFC 6154).
async fn sent_folder<S: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send>(
    session: &mut async_imap::Session<S>,
) -> Result<String, ImapError> {
    let names: Vec<async_imap::types::Name> = within("listing folders", async {
        session.list(Some(""), Some("*")).await?.try_collect().await
    })
    .await?;
    let sent = names
        .iter()
        .find(|n| n.attributes().contains(&NameAttribute::Sent))
        .map(|n| n.name().to_owned());
    sent.ok_or_else(|| {
        let all: Vec<&str> = names.iter().map(|n| n.name()).collect();
        ImapError::NoSentFolder {
            folders: all.join(", "),
        }
    })
}

/// The headers of the messages `uids` (sorted), a part at a time, and the highest UID
/// seen (at least `after`).
async fn headers<S: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send>(
    session: &mut async_imap::Session<S>,
    uids: &[u32],
    after: u32,
) -> Result<(Vec<MailMessage>, u32), ImapError> {
    let query = format!(
        "(UID BODY.PEEK[HEADER.FIELDS ({})])",
        HEADERS.join(" ").to_uppercase()
    );
    let mut messages = Vec::with_capacity(uids.len());
    let mut last = after;
    for set in uid_sets(uids) {
        let fetched: Vec<async_imap::types::Fetch> = within("fetching headers", async {
            session.uid_fetch(&set, &query).await?.try_collect().await
        })
        .await?;
        for fetch in fetched {
            if let Some(uid) = fetch.uid {
                last = last.max(uid);
            }
            if let Some(mut message) = fetch.header().and_then(parse_headers) {
                message.sent = true;
                messages.push(message);
            }
        }
    }
    Ok((messages, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_uid_sets() {
        assert_eq!(
            parse_position(Some("1796153148:42")),
            Some((1796153148, 42))
        );
        assert_eq!(parse_position(Some("garbage")), None);
        assert_eq!(parse_position(None), None);
        assert_eq!(uid_sets(&[1, 2, 3, 7, 9, 10]), ["1:3,7,9:10"]);
        let many: Vec<u32> = (1..=1200).collect();
        assert_eq!(uid_sets(&many), ["1:500", "501:1000", "1001:1200"]);
    }
}
