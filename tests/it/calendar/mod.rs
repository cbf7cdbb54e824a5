//! Calendar sync end to end: a fake Google Calendar on 127.0.0.1 (wiremock), the ICS
//! files in `../shared/fixtures/ics`, and the store they are applied to.

mod bounded;
mod faults;
use crate::support::faulty;
mod google;
mod ics;

use std::sync::Mutex;

use chrono::{DateTime, TimeZone, Utc};
use kith::config::settings::{Environment, Settings};
use kith::store::Store;

use crate::support::fixtures as shared_fixtures;
pub use shared_fixtures::fixtures;

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
}

/// A database in a temporary folder, with settings pointing at `extra`.
pub struct Setup {
    pub dir: tempfile::TempDir,
    pub settings: Settings,
    pub store: kith::store::SharedStore,
}

impl Setup {
    pub fn new(extra: &[(&str, &str)]) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.db");
        let mut env = Environment::new();
        env.insert("KITH_DB".into(), db.display().to_string());
        env.insert("KITH_MY_EMAILS".into(), "me@example.com".into());
        for (key, value) in extra {
            env.insert((*key).into(), (*value).into());
        }
        let settings = Settings::resolve(None, &env).unwrap();
        let store = std::sync::Arc::new(Mutex::new(Store::open(&db).unwrap()));
        Setup {
            dir,
            settings,
            store,
        }
    }

    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap()
    }

    pub fn counts(&self) -> Vec<(&'static str, i64)> {
        self.store().table_counts().unwrap()
    }

    pub fn count(&self, table: &str) -> i64 {
        self.counts()
            .into_iter()
            .find(|(t, _)| *t == table)
            .unwrap()
            .1
    }
}
