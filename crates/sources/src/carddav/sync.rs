//! The address book and kith kept one, for `kith sync`, `/sync` and the schedule (after
//! the mailboxes). One run: log in, find the book, read what changed on the server since
//! the stored sync token (`incoming`: each changed card merged with kith three ways, a
//! card removed asked about, never propagated), then write kith's side (`outgoing`: the
//! cards of people whose synced fields changed, new cards the owner asked for, deletions
//! the owner pressed), and store the new token last. Every step is idempotent by ETag,
//! so a run killed anywhere leaves both sides consistent and the next run finishes it.

use super::client::{Auth, Book, Changes, Client, Listed};
use super::error::CardDavError;
use super::incoming::{self, Links};
use super::outgoing;
use super::with_store;
use crate::config::{AddressBookConfig, BookLogin};
use crate::error::SyncError;
use crate::google::GoogleAuth;
use crate::google::auth::{AuthError, StoredToken};
use crate::run::{Context, Mode, SourceReport};
use kith_store::{SharedStore, SyncBatch};

/// Cards read per request, and applied per trip to the store.
pub const READ_PART: usize = 100;

/// The address book's run, when one is configured: its report (a failure is in it and
/// recorded as the source's last error).
pub async fn address_book(
    context: &Context,
    store: &SharedStore,
    mode: Mode,
) -> Option<SourceReport> {
    let config = context.config.address_book.clone()?;
    let mut report = SourceReport::new(&format!("carddav:{}", config.url));
    if let Err(error) = run(&config, context, store, mode, &mut report).await {
        let (name, text) = (report.source.clone(), error.to_string());
        report.error = Some(text.clone());
        let recorded = with_store(store, move |store| {
            Ok(store.record_sync_error(&name, &text)?)
        });
        if let Err(problem) = recorded.await {
            tracing::warn!(source = %report.source, %problem, "the sync error was not recorded");
        }
    }
    for warning in &report.warnings {
        tracing::debug!(source = %report.source, "{warning}");
    }
    Some(report)
}

async fn run(
    config: &AddressBookConfig,
    context: &Context,
    store: &SharedStore,
    mode: Mode,
    report: &mut SourceReport,
) -> Result<(), SyncError> {
    let client = Client::new(login(config, context).await?, context.retry)?;
    let book = choose(client.discover(&config.url).await?, config)?;
    report.source = format!("carddav:{}", book.url);
    let name = report.source.clone();
    let region = context.config.phone_region.clone();
    let position = match mode {
        Mode::Full => None,
        Mode::Incremental => {
            let name = name.clone();
            with_store(store, move |store| Ok(store.sync_position(&name)?)).await?
        }
    };
    let run = Run {
        client: &client,
        store,
        book: &book.url,
        name: &name,
        region: region.clone(),
    };
    let Some((changes, position)) = server_changes(&client, &book.url, position).await? else {
        // A server without sync-tokens whose ctag has not moved: nothing changed there.
        return write_and_finish(&run, None, report).await;
    };
    report.full = changes.complete;
    let book_url = book.url.clone();
    let mut links = with_store(store, move |store| Links::read(store, &book_url)).await?;
    let reads = links.to_read(&changes);
    report.unchanged += reads.unchanged;
    for part in reads.fetch.chunks(READ_PART) {
        let hrefs: Vec<String> = part
            .iter()
            .map(|listed: &Listed| listed.href.clone())
            .collect();
        let fetched = client.fetch(&book.url, &hrefs).await?;
        report
            .warnings
            .extend(fetched.skipped.into_iter().map(|skipped| {
                format!(
                    "{}: {} — the card is left as it is on the server",
                    skipped.href, skipped.reason
                )
            }));
        let cards = fetched.cards;
        let region = region.clone();
        let (kept, taken) = with_store(store, move |store| {
            let taken = incoming::take_cards(store, &mut links, cards, region.as_deref());
            taken.map(|taken| (links, taken))
        })
        .await?;
        links = kept;
        taken.add_to(report);
    }
    let removed = reads.removed;
    let asked = with_store(store, move |store| {
        incoming::removed_on_server(store, &removed)
    })
    .await?;
    report.warnings.extend(asked);
    write_and_finish(&run, position, report).await
}

/// What changed on the server since the stored position: a sync-token (RFC 6578), or for
/// a server without one `ctag:<value>`, whose listing is skipped while the ctag stays
/// (`None`). The position to store once the changes are taken.
async fn server_changes(
    client: &Client,
    book: &str,
    position: Option<String>,
) -> Result<Option<(Changes, Option<String>)>, SyncError> {
    let stored_ctag = position.as_deref().and_then(|p| p.strip_prefix(CTAG));
    if let Some(stored) = stored_ctag
        && client.ctag(book).await?.as_deref() == Some(stored)
    {
        return Ok(None);
    }
    let token = position.as_deref().filter(|p| !p.starts_with(CTAG));
    let changes = client.changes(book, token).await?;
    let position = match &changes.token {
        Some(token) => Some(token.clone()),
        None => client.ctag(book).await?.map(|ctag| format!("{CTAG}{ctag}")),
    };
    Ok(Some((changes, position)))
}

/// What the steps of one run share.
struct Run<'a> {
    client: &'a Client,
    store: &'a SharedStore,
    book: &'a str,
    name: &'a str,
    region: Option<String>,
}

/// A position that is a ctag, not a sync-token.
const CTAG: &str = "ctag:";

/// kith's side written, then the new position stored (last, so a run stopped before it
/// reads the same changes again, which their ETags make harmless).
async fn write_and_finish(
    run: &Run<'_>,
    position: Option<String>,
    report: &mut SourceReport,
) -> Result<(), SyncError> {
    let Run {
        client,
        store,
        book,
        name,
        region,
    } = run;
    let region = region.clone();
    let writes = {
        let (book, region) = (book.to_string(), region.clone());
        with_store(store, move |store| {
            outgoing::plan(store, &book, region.as_deref())
        })
        .await?
    };
    report.warnings.extend(writes.warnings);
    for write in writes.writes {
        outgoing::perform(client, store, book, write, region.as_deref(), report).await?;
    }
    let (name, stored) = (name.to_string(), position.clone());
    with_store(store, move |store| {
        // With nothing new from the server, the stored position stays as it was.
        let keep = match &stored {
            Some(_) => stored.clone(),
            None => store.sync_position(&name)?,
        };
        store.apply_sync(&name, &SyncBatch::default(), keep.as_deref())?;
        Ok(())
    })
    .await
}

/// How kith logs in: the user and password, or Google's access token.
async fn login(config: &AddressBookConfig, context: &Context) -> Result<Auth, SyncError> {
    match &config.login {
        BookLogin::Basic { user, password } => {
            let password = password.clone().ok_or(SyncError::NotConfigured(
                "the address book needs KITH_CARDDAV_PASSWORD (and KITH_CARDDAV_USER)",
            ))?;
            if user.is_empty() {
                return Err(SyncError::NotConfigured(
                    "the address book needs KITH_CARDDAV_USER",
                ));
            }
            Ok(Auth::Basic {
                user: user.clone(),
                password,
            })
        }
        BookLogin::Google => {
            let google = context
                .config
                .google
                .as_ref()
                .ok_or(SyncError::NotConfigured(
                    "Google Contacts needs KITH_GOOGLE_CLIENT_ID and `kith auth google`",
                ))?;
            let token = StoredToken::load(&google.token_path)?;
            let mut auth = GoogleAuth::new(
                &google.token_url,
                &google.client_id,
                google.client_secret.clone(),
                token,
            )?;
            let access: Result<_, AuthError> = auth.access_token(false, context.retry).await;
            Ok(Auth::Bearer(access?))
        }
    }
}

/// The book to sync among those found: the one `KITH_CARDDAV_BOOK` names (by name or
/// URL), else the only one; several and none chosen is an error listing them.
fn choose(books: Vec<Book>, config: &AddressBookConfig) -> Result<Book, CardDavError> {
    if let Some(wanted) = &config.book {
        let wanted_url = wanted.trim_end_matches('/');
        let path = |url: &str| {
            url::Url::parse(url)
                .map(|u| u.path().trim_end_matches('/').to_owned())
                .unwrap_or_default()
        };
        return books
            .iter()
            .find(|b| {
                b.name.eq_ignore_ascii_case(wanted)
                    || b.url.trim_end_matches('/') == wanted_url
                    || path(&b.url) == wanted_url
            })
            .cloned()
            .ok_or_else(|| {
                CardDavError::Discovery(format!(
                    "no address book called {wanted:?} (KITH_CARDDAV_BOOK); found {}",
                    listed(&books)
                ))
            });
    }
    match books.len() {
        0 => Err(CardDavError::Discovery(
            "no address book there: set KITH_CARDDAV_URL to an address book or to your CardDAV server"
                .into(),
        )),
        1 => Ok(books.into_iter().next().expect("one")),
        _ => Err(CardDavError::Discovery(format!(
            "{} address books there: {}; choose one with KITH_CARDDAV_BOOK",
            books.len(),
            listed(&books)
        ))),
    }
}

fn listed(books: &[Book]) -> String {
    if books.is_empty() {
        return "none".into();
    }
    books
        .iter()
        .map(|b| match b.name.as_str() {
            "" => b.url.clone(),
            name => format!("{name:?} ({})", b.url),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(name: &str, url: &str) -> Book {
        Book {
            name: name.into(),
            url: url.into(),
        }
    }

    fn config(book: Option<&str>) -> AddressBookConfig {
        AddressBookConfig {
            url: "https://dav.example.com/".into(),
            login: BookLogin::Google,
            book: book.map(str::to_owned),
        }
    }

    #[test]
    fn the_book_is_the_only_one_or_the_one_named_and_several_unnamed_are_listed() {
        let two = vec![
            book("Contacts", "https://d/ana/contacts/"),
            book("Work", "https://d/ana/work/"),
        ];
        let error = choose(two.clone(), &config(None)).unwrap_err().to_string();
        assert!(
            error.contains("2 address books") && error.contains("\"Work\" (https://d/ana/work/)"),
            "{error}"
        );
        assert_eq!(
            choose(two.clone(), &config(Some("Work"))).unwrap().name,
            "Work"
        );
        assert_eq!(
            choose(two.clone(), &config(Some("work"))).unwrap().name,
            "Work"
        );
        assert_eq!(
            choose(two.clone(), &config(Some("/ana/work/")))
                .unwrap()
                .name,
            "Work"
        );
        let by_url = choose(two.clone(), &config(Some("https://d/ana/contacts"))).unwrap();
        assert_eq!(by_url.name, "Contacts");
        let none = choose(two, &config(Some("Family")))
            .unwrap_err()
            .to_string();
        assert!(none.contains("\"Family\""), "{none}");
        assert!(choose(Vec::new(), &config(None)).is_err());
    }
}
