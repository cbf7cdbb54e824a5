//! What sync reads of the settings, narrowed once at the edge (`From<&Settings>`), as the
//! engine narrows its `Preferences`: the owner's zone and addresses, the limits, and each
//! configured source. Nothing in the sync code reads `Settings` itself.

use std::collections::HashSet;
use std::path::PathBuf;

use kith_config::secret::{FeedUrl, Secret};
use kith_config::settings::{ImapAccount, Settings};

use crate::google::auth::token_path;

/// Everything a sync needs from the settings.
#[derive(Clone, Debug)]
pub struct SyncConfig {
    pub timezone: chrono_tz::Tz,
    /// The owner's own addresses (`KITH_MY_EMAILS`), normalised.
    pub my_emails: HashSet<String>,
    /// `KITH_MAX_ATTENDEES`: more others than this is a broadcast.
    pub max_attendees: usize,
    /// `KITH_MAX_SERIES_INSTANCES`: instances read of one recurring event.
    pub max_series_instances: usize,
    /// `KITH_MAX_FEED_BYTES`: the largest feed read.
    pub max_feed_bytes: u64,
    pub ics_urls: Vec<FeedUrl>,
    /// Google's account, when `KITH_GOOGLE_CLIENT_ID` is set.
    pub google: Option<GoogleConfig>,
    pub google_calendars: Vec<String>,
    /// `KITH_GMAIL`: sync Gmail's sent mail too.
    pub gmail: bool,
    pub imap: Option<ImapConfig>,
    /// The address book kept in step over CardDAV, when one is configured.
    pub address_book: Option<AddressBookConfig>,
    /// `KITH_PHONE_REGION`: the country of national numbers on cards.
    pub phone_region: Option<String>,
}

/// The address book: where, how kith logs in, which book.
#[derive(Clone, Debug)]
pub struct AddressBookConfig {
    /// A book's URL, or a server or principal URL to discover the books from.
    pub url: String,
    pub login: BookLogin,
    /// `KITH_CARDDAV_BOOK`: which book, by name or URL, when there are several.
    pub book: Option<String>,
}

/// How kith logs in to the address book.
#[derive(Clone, Debug)]
pub enum BookLogin {
    /// A user and password (`None`: no password set, which the server will refuse).
    Basic {
        user: String,
        password: Option<Secret>,
    },
    /// Google Contacts: the OAuth account of `kith auth google`.
    Google,
}

/// One Google account: its OAuth client, the saved refresh token's file, the endpoints.
#[derive(Clone, Debug)]
pub struct GoogleConfig {
    pub client_id: String,
    pub client_secret: Option<Secret>,
    pub token_path: PathBuf,
    pub calendar_api_url: String,
    pub gmail_api_url: String,
    pub token_url: String,
}

/// An IMAP mailbox.
#[derive(Clone, Debug)]
pub struct ImapConfig {
    pub account: ImapAccount,
    pub password: Option<Secret>,
    /// `KITH_IMAP_SENT_FOLDER`, when the server marks none.
    pub sent_folder: Option<String>,
}

impl From<&Settings> for SyncConfig {
    fn from(settings: &Settings) -> SyncConfig {
        let google = settings
            .google_client_id
            .as_ref()
            .map(|client_id| GoogleConfig {
                client_id: client_id.clone(),
                client_secret: settings.google_client_secret.clone(),
                token_path: token_path(settings),
                calendar_api_url: settings.google_api_url.clone(),
                gmail_api_url: settings.gmail_api_url.clone(),
                token_url: settings.google_token_url.clone(),
            });
        SyncConfig {
            timezone: settings.timezone,
            my_emails: settings
                .my_emails
                .iter()
                .map(|a| a.as_str().to_owned())
                .collect(),
            max_attendees: settings.max_attendees as usize,
            max_series_instances: settings.max_series_instances as usize,
            max_feed_bytes: settings.max_feed_bytes,
            ics_urls: settings.ics_urls.clone(),
            google,
            google_calendars: settings.google_calendars.clone(),
            gmail: settings.gmail,
            imap: settings.imap.as_ref().map(|account| ImapConfig {
                account: account.clone(),
                password: settings.imap_password.clone(),
                sent_folder: settings.imap_sent_folder.clone(),
            }),
            address_book: address_book(settings),
            phone_region: settings.phone_region.clone(),
        }
    }
}

/// The address book the settings name: Google's CardDAV for the account's address
/// (`KITH_CARDDAV_USER`) when `KITH_GOOGLE_CONTACTS` is on, else `KITH_CARDDAV_URL`.
fn address_book(settings: &Settings) -> Option<AddressBookConfig> {
    let book = &settings.address_book;
    let user = book.user.clone().unwrap_or_default();
    if book.google {
        let url = match &book.url {
            Some(url) => url.clone(),
            None => format!("{}/principals/{user}/lists/default/", book.google_url),
        };
        return Some(AddressBookConfig {
            url,
            login: BookLogin::Google,
            book: book.book.clone(),
        });
    }
    book.url.as_ref().map(|url| AddressBookConfig {
        url: url.clone(),
        login: BookLogin::Basic {
            user,
            password: book.password.clone(),
        },
        book: book.book.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sync_configuration_is_narrowed_from_the_settings() {
        let mut settings = Settings::for_database(std::path::Path::new("/data/kith.db"));
        settings.google_client_id = Some("client-1".into());
        settings.max_attendees = 7;
        let config = SyncConfig::from(&settings);
        assert_eq!(config.max_attendees, 7);
        assert_eq!(config.timezone, settings.timezone);
        let google = config.google.expect("a client id configures Google");
        assert_eq!(google.client_id, "client-1");
        assert_eq!(
            google.token_path,
            std::path::Path::new("/data/google-token.json")
        );
        assert!(config.imap.is_none());
        settings.google_client_id = None;
        assert!(SyncConfig::from(&settings).google.is_none());
    }
}
