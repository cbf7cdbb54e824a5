//! The Telegram adapter (`kith run`): long polling with teloxide, owner-only, every
//! message and button handed to the engine and its `Reply` rendered back. The only
//! module that knows teloxide types, chat ids and HTML.

mod app;
mod business;
mod deliver;
mod forward_batch;
mod handlers;
mod incoming;
mod jobs;
pub mod render;
mod replies;

pub use app::{App, KithBot, required_token};
pub use deliver::redact;
pub use handlers::{PRIVATE_ONLY, REFUSAL};
pub use jobs::send_digest;

use deliver::{START_TRIES, deliver_within, is_transient};
use handlers::{on_callback, on_message};

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, anyhow};

use teloxide::adaptors::throttle::Limits;
use teloxide::dispatching::{Dispatcher, UpdateFilterExt};
use teloxide::error_handlers::ErrorHandler;
use teloxide::prelude::{Requester, RequesterExt};
use teloxide::types::{BotCommand, Update};
use teloxide::update_listeners::Polling;
use teloxide::{ApiError, RequestError, dptree};

use crate::config::settings::Settings;
use crate::domain::schedule::WallClock;
use crate::engine::menu::COMMANDS;
use crate::store::Store;

/// Long polling waits this long for updates; under the HTTP client's 17 s timeout.
const POLL_TIMEOUT: Duration = Duration::from_secs(10);

/// Logs errors from polling and handlers with the token removed.
struct RedactingErrorHandler {
    token: String,
}

impl<E: std::fmt::Display + Send + 'static> ErrorHandler<E> for RedactingErrorHandler {
    fn handle_error(
        self: Arc<Self>,
        error: E,
    ) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> {
        let message = redact(&error.to_string(), &self.token);
        Box::pin(async move {
            tracing::warn!(error = %message, "Telegram request failed");
        })
    }
}

/// Log targets of the Telegram library that only repeat what kith says itself: the
/// polling loop's "retrying getting updates" per attempt (kith logs a 409 once a minute,
/// in words that say what to do, and every other failure once).
pub const QUIET_LOG_TARGETS: &[&str] = &["teloxide::update_listeners=warn"];

/// How long polling pauses after its n-th failure in a row: 1, 2, 4, … seconds, at most 32.
fn polling_backoff(failures: u32) -> Duration {
    Duration::from_secs(1 << failures.min(5))
}

/// Logs failed getUpdates calls with the token removed. A 409 (another program polls
/// with the same token) is logged at most once a minute, in words that say what to do.
struct PollingErrorHandler {
    token: String,
    last_conflict_log: Mutex<Option<std::time::Instant>>,
}

/// The words for a 409 from getUpdates.
pub const CONFLICT: &str =
    "another program is polling with this bot's token; only one `kith run` may run";

impl ErrorHandler<RequestError> for PollingErrorHandler {
    fn handle_error(
        self: Arc<Self>,
        error: RequestError,
    ) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> {
        if matches!(
            error,
            RequestError::Api(ApiError::TerminatedByOtherGetUpdates)
        ) {
            let mut last = self
                .last_conflict_log
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let now = std::time::Instant::now();
            if last.is_none_or(|at| now.duration_since(at) >= Duration::from_secs(60)) {
                *last = Some(now);
                tracing::warn!("{CONFLICT}");
            }
            return Box::pin(async {});
        }
        let message = redact(&error.to_string(), &self.token);
        Box::pin(async move {
            tracing::warn!(error = %message, "Telegram request failed");
        })
    }
}

/// The commands Telegram shows in its menu, from the engine's one list.
pub fn bot_commands() -> Vec<BotCommand> {
    COMMANDS
        .iter()
        .map(|command| BotCommand::new(command.name, command.about))
        .collect()
}

/// Runs the bot until `stop` completes: checks the token with getMe, registers the
/// commands, then long-polls. On stop, the update in flight finishes and the offset is
/// confirmed before this returns.
pub async fn run_until(
    settings: Settings,
    store: Store,
    stop: impl Future<Output = ()> + Send + 'static,
    clock: Arc<dyn WallClock>,
) -> anyhow::Result<()> {
    // Bad schedules stop kith before it connects (settings already checked them).
    let schedules = jobs::Schedules::from_settings(&settings)?;
    let token = required_token(&settings, "kith run")?;
    let api_url =
        url::Url::parse(&settings.telegram_api_url).context("setting KITH_TELEGRAM_API_URL")?;
    let bot = teloxide::Bot::new(&token).set_api_url(api_url).cache_me();
    // A network that is still coming up is waited for (about 30 s), a wrong token is not.
    let me = deliver_within(bot.get_me(), START_TRIES)
        .await
        .map_err(|error| {
            let reason = redact(&error.to_string(), &token);
            if is_transient(&error) {
                anyhow!("could not reach Telegram after {START_TRIES} tries (getMe: {reason})")
            } else {
                anyhow!("Telegram did not accept the bot token (getMe: {reason})")
            }
        })?;
    deliver_within(bot.set_my_commands(bot_commands()), START_TRIES)
        .await
        .map_err(|error| {
            anyhow!(
                "could not register the bot's commands: {}",
                redact(&error.to_string(), &token)
            )
        })?;
    tracing::info!(bot = %me.username(), owners = settings.owner_ids.len(), "kith is listening");

    let bot = bot.throttle(Limits::default());
    let app = Arc::new(App::new(store, settings, clock));
    let listener = Polling::builder(bot.clone())
        .timeout(POLL_TIMEOUT)
        .backoff_strategy(polling_backoff)
        .delete_webhook()
        .await
        .build();
    let handler = dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_callback))
        .branch(Update::filter_business_connection().endpoint(business::on_connection))
        .branch(Update::filter_business_message().endpoint(business::on_message))
        .branch(Update::filter_edited_business_message().endpoint(business::on_edited));
    let polling_errors = Arc::new(PollingErrorHandler {
        token: token.clone(),
        last_conflict_log: Mutex::new(None),
    });
    let errors = Arc::new(RedactingErrorHandler { token });
    let bot_for_jobs = bot.clone();
    let app_for_jobs = Arc::clone(&app);
    let (bot_for_batches, app_for_batches) = (bot.clone(), Arc::clone(&app));
    let mut dispatcher = Dispatcher::builder(bot, handler)
        .dependencies(dptree::deps![app])
        .default_handler(|_| async {})
        .error_handler(errors.clone())
        .build();
    let shutdown = dispatcher.shutdown_token();
    let (stopping, stopped) = tokio::sync::watch::channel(false);
    let scheduler = tokio::spawn(jobs::run(
        bot_for_jobs,
        Arc::clone(&app_for_jobs),
        schedules,
        stopped,
    ));
    tokio::spawn(async move {
        stop.await;
        tracing::info!("stopping: finishing the update in flight");
        let _ = stopping.send(true);
        // The dispatcher refuses to stop before it has started; try until it has.
        loop {
            match shutdown.shutdown() {
                Ok(done) => {
                    done.await;
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    });
    dispatcher
        .dispatch_with_listener(listener, polling_errors)
        .await;
    // Forwards still waiting for others are answered before kith stops.
    forward_batch::flush_all(&bot_for_batches, &app_for_batches).await;
    // The scheduler finishes the job in hand (a sync commits or rolls back whole).
    let _ = scheduler.await;
    tracing::info!("stopped");
    Ok(())
}

/// Completes on SIGINT or SIGTERM.
pub async fn termination_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
