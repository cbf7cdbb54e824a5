//! The Telegram adapter (`kith run`): long polling with teloxide, owner-only, every
//! message and button handed to the engine and its `Reply` rendered back. The only
//! module that knows teloxide types, chat ids and HTML.

mod jobs;
pub mod render;

pub use jobs::send_digest;

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, anyhow};

use teloxide::adaptors::throttle::Limits;
use teloxide::adaptors::{CacheMe, Throttle};
use teloxide::dispatching::{Dispatcher, UpdateFilterExt};
use teloxide::error_handlers::ErrorHandler;
use teloxide::payloads::{AnswerCallbackQuerySetters, EditMessageTextSetters, SendMessageSetters};
use teloxide::prelude::{Request, Requester, RequesterExt};
use teloxide::requests::Output;
use teloxide::types::{
    BotCommand, CallbackQuery, ChatId, InputFile, Message, MessageId, MessageKind, ParseMode,
    Update,
};
use teloxide::update_listeners::Polling;
use teloxide::{ApiError, RequestError, dptree};

use crate::calendar::sync::{Mode, sync_all};
use crate::config::settings::{Settings, SettingsError};
use crate::domain::model::{InteractionId, PersonId};
use crate::domain::schedule::WallClock;
use crate::engine::command::COMMANDS;
use crate::engine::reply::Presentation;
use crate::engine::{Effect, Engine, Input, Reply, Subject};
use crate::store::{SharedStore, Store};

/// The one answer strangers get.
pub const REFUSAL: &str = "This is a private bot.";

/// The one line an owner gets in a group, supergroup or channel: the people there may
/// be in the CRM, so nothing of it is shown and nothing changes.
pub const PRIVATE_ONLY: &str = "kith only works in a private chat with you.";

/// The bot as handlers see it: rate-limited, retrying a 429 after `retry_after`, and
/// knowing itself (getMe is asked once, at start-up, with retries; the dispatcher's own
/// getMe would otherwise panic on a network blip).
pub type KithBot = Throttle<CacheMe<teloxide::Bot>>;

/// Long polling waits this long for updates; under the HTTP client's 17 s timeout.
const POLL_TIMEOUT: Duration = Duration::from_secs(10);

/// What every handler shares: the store (used on a blocking thread, never across an
/// await) and the settings.
pub struct App {
    store: SharedStore,
    settings: Settings,
    /// Held while a sync runs, so two never overlap.
    sync_running: tokio::sync::Mutex<()>,
    clock: Arc<dyn WallClock>,
}

impl App {
    fn is_owner(&self, user: Option<&teloxide::types::User>) -> bool {
        user.is_some_and(|user| {
            self.settings
                .owner_ids
                .iter()
                .any(|owner| u64::try_from(*owner).ok() == Some(user.id.0))
        })
    }

    /// Runs the engine on a blocking thread; the store lock is never held across an await.
    async fn handle(self: &Arc<Self>, chat: i64, input: Input) -> Reply {
        let app = Arc::clone(self);
        self.with_store(move |store| {
            Ok(Engine::new(store, &app.settings).handle(chat, input, app.clock.now()))
        })
        .await
        .unwrap_or_else(|| {
            Reply::text("Something went wrong; nothing was changed. Please try again.")
        })
    }

    async fn with_store<T: Send + 'static>(
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

/// Replaces the bot token wherever it appears (request URLs inside errors carry it).
pub fn redact(text: &str, token: &str) -> String {
    if token.is_empty() {
        return text.to_owned();
    }
    text.replace(token, "<bot token>")
}

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
    let app = Arc::new(App {
        store: Arc::new(Mutex::new(store)),
        settings,
        sync_running: tokio::sync::Mutex::new(()),
        clock,
    });
    let listener = Polling::builder(bot.clone())
        .timeout(POLL_TIMEOUT)
        .backoff_strategy(polling_backoff)
        .delete_webhook()
        .await
        .build();
    let handler = dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_callback));
    let polling_errors = Arc::new(PollingErrorHandler {
        token: token.clone(),
        last_conflict_log: Mutex::new(None),
    });
    let errors = Arc::new(RedactingErrorHandler { token });
    let bot_for_jobs = bot.clone();
    let app_for_jobs = Arc::clone(&app);
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

fn is_private(message: &Message) -> bool {
    message.chat.is_private()
}

async fn on_message(bot: KithBot, message: Message, app: Arc<App>) -> Result<(), RequestError> {
    let chat = message.chat.id;
    // Service messages (pins, members joining, …) are not addressed to kith.
    if !matches!(message.kind, MessageKind::Common(_)) {
        return Ok(());
    }
    let text = message.text().map(str::to_owned);
    let owner = app.is_owner(message.from.as_ref());
    if !owner || !is_private(&message) {
        let user = message.from.as_ref().map_or(0, |u| u.id.0);
        // In a group only a command addresses the bot; other chatter is not ours to answer.
        let addressed = is_private(&message) || text.as_deref().is_some_and(|t| t.starts_with('/'));
        if owner {
            tracing::info!(
                chat = chat.0,
                answered = addressed,
                "an owner wrote outside a private chat; nothing shown there"
            );
        } else {
            tracing::info!(
                user,
                chat = chat.0,
                answered = addressed,
                "refused a message from someone who is not an owner"
            );
        }
        if addressed {
            let line = if owner { PRIVATE_ONLY } else { REFUSAL };
            deliver(bot.send_message(chat, line)).await?;
        }
        return Ok(());
    }
    owner_is_back(&app, chat.0).await;
    let Some(text) = text else {
        deliver(bot.send_message(
            chat,
            "I read text only: send a name to look someone up, or /help.",
        ))
        .await?;
        return Ok(());
    };
    let subject = match message.reply_to_message() {
        Some(original) if !text.starts_with('/') => {
            let (chat_id, message_id) = (chat.0, i64::from(original.id.0));
            app.with_store(move |store| store.message_subject(chat_id, message_id))
                .await
                .flatten()
                .and_then(|(kind, id)| match kind.as_str() {
                    "person" => Some(Subject::Person(PersonId(id))),
                    "interaction" => Some(Subject::Interaction(InteractionId(id))),
                    _ => None,
                })
        }
        _ => None,
    };
    let input = match subject {
        Some(subject) => Input::ReplyTo { subject, text },
        None => Input::Text(text),
    };
    let reply = app.handle(chat.0, input).await;
    let effect = reply.effect;
    send_reply(&bot, &app, chat, reply).await?;
    if let Some(Effect::Sync { full }) = effect {
        // The sync runs beside the conversation: the chat keeps answering meanwhile.
        let (bot, app) = (bot.clone(), Arc::clone(&app));
        tokio::spawn(async move {
            if let Err(error) = run_sync(&bot, &app, chat, full).await {
                // The logging writer removes the token from the error's URL.
                tracing::warn!(%error, "the sync report could not be sent");
            }
        });
    }
    Ok(())
}

/// Runs a sync asked for with /sync and sends its report; one sync at a time.
async fn run_sync(
    bot: &KithBot,
    app: &Arc<App>,
    chat: ChatId,
    full: bool,
) -> Result<(), RequestError> {
    let Ok(_running) = app.sync_running.try_lock() else {
        deliver(bot.send_message(
            chat,
            "A sync is already running; try again when it has finished.",
        ))
        .await?;
        return Ok(());
    };
    let mode = if full { Mode::Full } else { Mode::Incremental };
    let report = sync_all(&app.settings, &app.store, mode, app.clock.now()).await;
    let reply = Reply::titled("Calendar sync", report.render());
    send_reply(bot, app, chat, reply).await
}

async fn on_callback(
    bot: KithBot,
    query: CallbackQuery,
    app: Arc<App>,
) -> Result<(), RequestError> {
    if !app.is_owner(Some(&query.from)) {
        tracing::info!(
            user = query.from.id.0,
            "refused a button press from someone who is not an owner"
        );
        answer_press(&bot, &query, Some(REFUSAL.to_owned())).await;
        return Ok(());
    }
    // A press on a message outside the owner's private chat (a group, a channel, an
    // inline message) acts on nothing.
    let Some(message) = query
        .message
        .as_ref()
        .filter(|message| message.chat().is_private())
    else {
        tracing::info!("an owner pressed a button outside a private chat; refused");
        answer_press(&bot, &query, Some(PRIVATE_ONLY.to_owned())).await;
        return Ok(());
    };
    let chat = message.chat().id;
    owner_is_back(&app, chat.0).await;
    let Some(data) = query.data.clone() else {
        answer_press(&bot, &query, Some(crate::engine::reply::EXPIRED.to_owned())).await;
        return Ok(());
    };
    let message_id = message.id();
    let editable = message.regular_message().is_some();
    let reply = app.handle(chat.0, Input::Press(data)).await;
    if reply.presentation == Presentation::Notice {
        // A press answered too late (kith was down or slow) cannot show a notice; the
        // action happened all the same, so it is said in a message instead.
        if !answer_press(&bot, &query, Some(reply.plain_text())).await {
            return send_reply(&bot, &app, chat, reply).await;
        }
        return Ok(());
    }
    // Answer first, so the button stops spinning, then replace the message it belongs to.
    // An answer Telegram refuses (the press is too old) does not stop the action.
    answer_press(&bot, &query, None).await;
    let messages = render::html_messages(&reply);
    if !editable || messages.len() > 1 || reply.file.is_some() {
        return send_reply(&bot, &app, chat, reply).await;
    }
    let mut edit = bot
        .edit_message_text(chat, message_id, messages[0].clone())
        .parse_mode(ParseMode::Html);
    if let Some(markup) = render::keyboard(&reply) {
        edit = edit.reply_markup(markup);
    }
    match deliver(edit).await {
        Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => {}
        // The message was deleted, or is too old to edit: the answer comes as a new one.
        Err(RequestError::Api(ApiError::MessageToEditNotFound | ApiError::MessageCantBeEdited)) => {
            return send_reply(&bot, &app, chat, reply).await;
        }
        Err(error) => return Err(error),
    }
    remember_subject(&app, chat, message_id, reply.about).await;
    Ok(())
}

/// Answers a button press (with a notice, or just to stop its spinner); false when
/// Telegram did not take the answer. A press older than Telegram allows ("query is too
/// old") is refused; that is expected after downtime and not worth more than a debug line.
async fn answer_press(bot: &KithBot, query: &CallbackQuery, text: Option<String>) -> bool {
    let mut request = bot.answer_callback_query(query.id.clone());
    if let Some(text) = text {
        request = request.text(text);
    }
    match deliver(request).await {
        Ok(_) => true,
        Err(RequestError::Api(ApiError::InvalidQueryId)) => {
            tracing::debug!("a button press was answered too late; its result is shown anyway");
            false
        }
        Err(error) => {
            tracing::warn!(%error, "a button press could not be answered");
            false
        }
    }
}

/// An owner wrote (or pressed) in their private chat: scheduled messages reach them again.
async fn owner_is_back(app: &Arc<App>, owner: i64) {
    if app
        .with_store(move |store| store.clear_owner_unreachable(owner))
        .await
        == Some(true)
    {
        tracing::info!(
            owner,
            "an owner who could not be reached wrote again; scheduled messages resume"
        );
    }
}

/// Sends a reply as one or more messages; the keyboard goes on the last one.
pub(crate) async fn send_reply(
    bot: &KithBot,
    app: &Arc<App>,
    chat: ChatId,
    reply: Reply,
) -> Result<(), RequestError> {
    let messages = render::html_messages(&reply);
    let last = messages.len() - 1;
    let mut sent_id = None;
    for (index, text) in messages.into_iter().enumerate() {
        let mut request = bot.send_message(chat, text).parse_mode(ParseMode::Html);
        if index == last
            && let Some(markup) = render::keyboard(&reply)
        {
            request = request.reply_markup(markup);
        }
        let sent = deliver(request).await?;
        sent_id = Some(sent.id);
    }
    if let Some(file) = &reply.file {
        let input = InputFile::memory(file.bytes.clone()).file_name(file.name.clone());
        if file.mime.starts_with("image/") {
            deliver(bot.send_photo(chat, input)).await?;
        } else {
            deliver(bot.send_document(chat, input)).await?;
        }
    }
    if let Some(id) = sent_id {
        remember_subject(app, chat, id, reply.about).await;
    }
    for followup in reply.followups {
        Box::pin(send_reply(bot, app, chat, followup)).await?;
    }
    Ok(())
}

/// Attempts per request to the Bot API, and per start-up call.
const SEND_TRIES: u32 = 6;
const START_TRIES: u32 = 8;

/// Whether a failed request may succeed when sent again: the network failed, or the
/// answer could not be read (a gateway's error page, a body cut off on the way).
/// Telegram's own refusals are final; a 429 is waited out by the Throttle adaptor.
fn is_transient(error: &RequestError) -> bool {
    matches!(
        error,
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. }
    )
}

/// Sends a request, and again after a transient failure (up to `SEND_TRIES`, waiting
/// 0.25 s, 0.5 s, 1 s, …): a reply is not dropped for a blip. A request that reached
/// Telegram before its answer was lost may arrive twice; one lost is worse.
async fn deliver<R>(request: R) -> Result<Output<R>, RequestError>
where
    R: Request<Err = RequestError>,
{
    deliver_within(request, SEND_TRIES).await
}

async fn deliver_within<R>(request: R, tries: u32) -> Result<Output<R>, RequestError>
where
    R: Request<Err = RequestError>,
{
    let mut attempt = 1;
    loop {
        match request.send_ref().await {
            Err(error) if is_transient(&error) && attempt < tries => {
                let delay = Duration::from_millis(250 << (attempt - 1).min(6));
                tracing::warn!(%error, attempt, delay_ms = delay.as_millis() as u64, "a Bot API request failed; trying again");
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
            answer => return answer,
        }
    }
}

/// Keeps which person or interaction a message is about, so replying to it adds a note.
async fn remember_subject(
    app: &Arc<App>,
    chat: ChatId,
    message: MessageId,
    about: Option<Subject>,
) {
    let (chat, message) = (chat.0, i64::from(message.0));
    let result = match about {
        Some(Subject::Person(id)) => {
            app.with_store(move |store| {
                store.remember_message_subject(chat, message, "person", id.0)
            })
            .await
        }
        Some(Subject::Interaction(id)) => {
            app.with_store(move |store| {
                store.remember_message_subject(chat, message, "interaction", id.0)
            })
            .await
        }
        None => {
            app.with_store(move |store| store.forget_message_subject(chat, message))
                .await
        }
    };
    if result.is_none() {
        tracing::warn!(chat, "could not remember what a message is about");
    }
}
