//! The address book's settings: a CardDAV server (`KITH_CARDDAV_URL`, its user and
//! password, which book) or Google Contacts through Google's CardDAV.

use crate::secret::Secret;

/// Which address book kith keeps in step, and how it logs in.
#[derive(Clone, Debug, Default)]
pub struct AddressBookSettings {
    /// A book's URL, or a server or principal URL to discover the books from.
    pub url: Option<String>,
    pub user: Option<String>,
    /// A secret: never logged.
    pub password: Option<Secret>,
    /// Which book, by its name or URL, when discovery finds several.
    pub book: Option<String>,
    /// Google Contacts over Google's CardDAV, with `kith auth google`'s token.
    pub google: bool,
    /// Google's CardDAV base (tests point it at a fake).
    pub google_url: String,
}

impl AddressBookSettings {
    /// Whether an address book is configured at all.
    pub fn configured(&self) -> bool {
        self.url.is_some() || self.google
    }
}

/// The address book's settings as the file and environment give them, unchecked.
pub(crate) struct Given {
    pub url: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub book: Option<String>,
    pub google: bool,
    pub google_url: String,
}

/// The settings checked; an error names the setting (its key) and what is wrong.
pub(crate) fn checked(given: Given) -> Result<AddressBookSettings, (&'static str, String)> {
    let url = match given.url {
        None => None,
        Some(text) => Some(carddav_url(&text).map_err(|p| ("carddav_url", p))?),
    };
    if url.is_some() && given.password.is_some() && given.user.is_none() {
        return Err((
            "carddav_user",
            "KITH_CARDDAV_PASSWORD is set without a user: set KITH_CARDDAV_USER".into(),
        ));
    }
    Ok(AddressBookSettings {
        url,
        user: given.user,
        password: given.password.map(Secret::new),
        book: given.book,
        google: given.google,
        google_url: given.google_url,
    })
}

/// A CardDAV URL as kith takes it: `https://`, or `http://` only to this machine; no
/// user or password inside it (they have their own settings, the password a secret).
fn carddav_url(text: &str) -> Result<String, String> {
    let url = url::Url::parse(text.trim()).map_err(|e| format!("{text:?} is not a URL ({e})"))?;
    // One spelling of this machine, so the same book is never two books to the links.
    let local = matches!(url.host_str(), Some("127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        "http" => {
            return Err(
                "an address book is reached over https:// (http:// only on 127.0.0.1)".into(),
            );
        }
        other => {
            return Err(format!(
                "{other}:// is not an address book's scheme: use https://"
            ));
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "put the user in KITH_CARDDAV_USER and the password in KITH_CARDDAV_PASSWORD, not in the URL"
                .into(),
        );
    }
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::carddav_url;

    #[test]
    fn a_carddav_url_is_https_or_local_and_never_carries_credentials() {
        assert_eq!(
            carddav_url("https://dav.example.com/remote.php/dav").unwrap(),
            "https://dav.example.com/remote.php/dav"
        );
        assert!(carddav_url("http://127.0.0.1:5232/ana/").is_ok());
        // One spelling of this machine, so one book is never linked twice under two URLs.
        assert!(carddav_url("http://localhost:5232/ana/").is_err());
        let plain = carddav_url("http://dav.example.com/").unwrap_err();
        assert!(plain.contains("https://"), "{plain}");
        let inside = carddav_url("https://ana:hunter2@dav.example.com/").unwrap_err();
        assert!(
            inside.contains("KITH_CARDDAV_PASSWORD") && !inside.contains("hunter2"),
            "{inside}"
        );
        assert!(carddav_url("ftp://x/").is_err() && carddav_url("not a url").is_err());
    }
}
