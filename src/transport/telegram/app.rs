//! What every handler and job of the running bot shares: the bot as they see it, and
//! `App` (the store, used on a blocking thread and never across an await; the
//! settings; the clock; the one-sync-at-a-time lock). Also the check of the settings
//! talking to Telegram needs.

use std::sync::Arc;

use teloxide::adaptors::{CacheMe, Throttle};

use crate::config::settings::{Settings, SettingsError};
use crate::domain::schedule::WallClock;
use crate::engine::{Engine, Input, Reply};
use crate::store::{SharedStore, Store};

/// The bot as handlers see it: rate-limited, retrying a 429 after `retry_after`, and
/// knowing itself (getMe is asked once, at start-up, with retries; the dispatcher's own
/// getMe would otherwise panic on a network blip).
pub type KithBot = Throttle<CacheMe<teloxide::Bot>>;

/// What every handler shares: the store (used on a blocking thread, never across an
/// await), the settings, and the part of them the engine gets.
pub struct App {
    /// Private to this module: a handler or job reaches the store only through
    /// `with_store` (a blocking thread), or hands it whole to the sources' sync.
    store: SharedStore,
    pub(super) settings: Settings,
    pub(super) preferences: crate::engine::Preferences,
    /// Held while a sync runs, so two never overlap.
    pub(super) sync_running: tokio::sync::Mutex<()>,
    pub(super) clock: Arc<dyn WallClock>,
    /// Forwards waiting for the others forwarded with them.
    pub(super) forwards: ForwardBatches,
    /// Business connections Telegram was already asked about and that are no owner's (or
    /// that it would not describe): their messages are dropped without asking again.
    pub(super) foreign_connections: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl App {
    /// The bot's shared state over `store`.
    pub(super) fn new(store: Store, settings: Settings, clock: Arc<dyn WallClock>) -> App {
        App {
            store: Arc::new(std::sync::Mutex::new(store)),
            preferences: crate::engine::Preferences::from(&settings),
            settings,
            sync_running: tokio::sync::Mutex::new(()),
            clock,
            forwards: ForwardBatches::default(),
            foreign_connections: Default::default(),
        }
    }

    pub(super) fn is_owner(&self, user: Option<&teloxide::types::User>) -> bool {
        user.is_some_and(|user| {
            self.settings
                .owner_ids
                .iter()
                .any(|owner| u64::try_from(*owner).ok() == Some(user.id.0))
        })
    }

    /// Runs the engine on a blocking thread; the store lock is never held across an await.
    pub(super) async fn handle(self: &Arc<Self>, chat: i64, input: Input) -> Reply {
        let app = Arc::clone(self);
        self.with_store(move |store| {
            Ok(Engine::new(store, &app.preferences).handle(chat, input, app.clock.now()))
        })
        .await
        .unwrap_or_else(|| {
            Reply::text("Something went wrong; nothing was changed. Please try again.")
        })
    }

    /// The store as the sources' sync takes it (they lock it themselves, for each step).
    pub(super) fn store_for_sync(&self) -> &SharedStore {
        &self.store
    }

    /// Runs `work` on the store on a blocking thread: the only way a handler or a job
    /// uses it, so no tokio worker ever waits on its lock or on SQLite.
    pub(super) async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&mut Store) -> crate::Result<T> + Send + 'static,
    ) -> Option<T> {
        let app = Arc::clone(self);
        let result = tokio::task::spawn_blocking(move || {
            let mut store = crate::store::lock(&app.store);
            work(&mut store)
        })
        .await;
        match result {
            Ok(Ok(value)) => Some(value),
            Ok(Err(error)) => {
                tracing::warn!(%error, "could not read or write message state");
                None
            }
            Err(error) => {
                tracing::error!(%error, "a blocking task failed");
                None
            }
        }
    }
}

/// Checks the settings that talking to Telegram needs, naming the one that is missing
/// and the command that needs it (`kith run`, `kith digest --send`).
pub fn required_token(settings: &Settings, command: &'static str) -> Result<String, SettingsError> {
    let token = settings
        .telegram_token
        .as_ref()
        .ok_or(SettingsError::Missing {
            env: "KITH_TELEGRAM_TOKEN",
            command,
            hint: "the token BotFather gave you",
        })?;
    if settings.owner_ids.is_empty() {
        return Err(SettingsError::Missing {
            env: "KITH_OWNER_IDS",
            command,
            hint: "your Telegram user id; see the README",
        });
    }
    Ok(token.expose().to_owned())
}

/// Messages forwarded together arrive one update each; `forward_batch` collects them
/// here per chat until a second passes without another.
/// The forwards waiting in each chat, and the lock held while a batch is answered.
#[derive(Default)]
pub struct ForwardBatches {
    waiting: std::sync::Mutex<std::collections::HashMap<i64, Waiting>>,
    /// Held while a batch is answered, so what comes next from a chat waits for it.
    pub(super) answering: tokio::sync::Mutex<()>,
}

/// One chat's forwards, and which forward came last (a timer answers only its own).
#[derive(Default)]
struct Waiting {
    forwards: Vec<crate::domain::telegram::Forward>,
    last: u64,
}

impl ForwardBatches {
    fn waiting(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<i64, Waiting>> {
        self.waiting
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds a forward to its chat's batch; the number it is known by there.
    pub(super) fn add(&self, chat: i64, forward: crate::domain::telegram::Forward) -> u64 {
        let mut waiting = self.waiting();
        let batch = waiting.entry(chat).or_default();
        batch.forwards.push(forward);
        batch.last += 1;
        batch.last
    }

    /// The chat's batch, taken: any (`None`), or only while `last` is still its latest.
    pub(super) fn take(
        &self,
        chat: i64,
        last: Option<u64>,
    ) -> Option<Vec<crate::domain::telegram::Forward>> {
        let mut waiting = self.waiting();
        let batch = waiting.get(&chat)?;
        if last.is_some_and(|last| last != batch.last) {
            return None;
        }
        waiting.remove(&chat).map(|batch| batch.forwards)
    }

    pub(super) fn chats(&self) -> Vec<i64> {
        self.waiting().keys().copied().collect()
    }
}
