//! The address book over CardDAV: the client against a real Radicale (`radicale`, the
//! harness the sync's tests reuse), against a fake of Google's dialect, and against
//! fakes of the faults Radicale never shows.

mod client;
mod faults;
mod fixtures;
mod google;
mod process;
pub mod radicale;
mod regressions;
mod sync;

use std::time::Duration;

use kith::config::secret::Secret;
use kith::sources::carddav::client::{Auth, Client};
use kith::sources::http::RetryPolicy;

pub use radicale::Radicale;

/// Retries quick enough for a test.
pub fn retry() -> RetryPolicy {
    RetryPolicy {
        tries: 3,
        base_delay: Duration::from_millis(5),
        timeout: Duration::from_secs(20),
        max_wait: Duration::from_millis(50),
    }
}

/// A kith client logged in as `user` with `password`.
pub fn client_with(user: &str, password: &str) -> Client {
    let auth = Auth::Basic {
        user: user.to_owned(),
        password: Secret::new(password),
    };
    Client::new(auth, retry()).unwrap()
}

/// A kith client logged in as one of Radicale's users.
pub fn client(user: &str) -> Client {
    client_with(user, Radicale::password(user))
}

/// A small vCard 4.0, lines ended with CRLF as the RFC asks.
pub fn vcard(uid: &str, name: &str) -> String {
    format!("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:{uid}\r\nFN:{name}\r\nN:{name};;;;\r\nEND:VCARD\r\n")
}
