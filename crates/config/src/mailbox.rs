//! An IMAP account as `KITH_IMAP_URL` names it (its password is a `Secret` of its own).

/// `me%40work.io` → `me@work.io` (a URL's user name is percent-encoded).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `imaps://user@host:993`: an IMAP account (`imap://` without TLS only on this machine,
/// for tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImapAccount {
    pub user: String,
    pub host: String,
    pub port: u16,
    pub tls: bool,
}

impl ImapAccount {
    pub fn parse(text: &str) -> Result<ImapAccount, String> {
        let url = url::Url::parse(text).map_err(|e| {
            format!("{text:?} is not a URL like imaps://you@imap.example.com ({e})")
        })?;
        let tls = match url.scheme() {
            "imaps" => true,
            "imap" => false,
            other => return Err(format!("{other}:// is not imaps://")),
        };
        let host = url.host_str().unwrap_or_default().to_owned();
        if !tls && !matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]") {
            return Err("imap:// sends the password unencrypted: use imaps://".to_owned());
        }
        let user = percent_decoded(url.username());
        if user.is_empty() || host.is_empty() {
            return Err(format!(
                "{text:?} needs a user and a host: imaps://you@imap.example.com"
            ));
        }
        if url.password().is_some() {
            return Err("put the password in KITH_IMAP_PASSWORD, not in the URL".to_owned());
        }
        Ok(ImapAccount {
            user,
            host,
            port: url.port().unwrap_or(if tls { 993 } else { 143 }),
            tls,
        })
    }

    /// `imap:you@host`, as the source is reported and stored.
    pub fn label(&self) -> String {
        format!("imap:{}@{}", self.user, self.host)
    }
}
