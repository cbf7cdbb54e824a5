//! Every request to the Bot API goes through `deliver`: sent again after a transient
//! failure (the network, an unreadable answer) within bounds, so a reply is not dropped
//! for a blip; and the bot token is removed from anything printed.

use std::time::Duration;

use teloxide::RequestError;
use teloxide::prelude::Request;
use teloxide::requests::Output;

/// Replaces the bot token wherever it appears (request URLs inside errors carry it).
pub fn redact(text: &str, token: &str) -> String {
    if token.is_empty() {
        return text.to_owned();
    }
    text.replace(token, "<bot token>")
}

/// Attempts per request to the Bot API, and per start-up call.
pub(super) const SEND_TRIES: u32 = 6;

pub(super) const START_TRIES: u32 = 8;

/// Whether a failed request may succeed when sent again: the network failed, or the
/// answer could not be read (a gateway's error page, a body cut off on the way).
/// Telegram's own refusals are final; a 429 is waited out by the Throttle adaptor.
pub(super) fn is_transient(error: &RequestError) -> bool {
    matches!(
        error,
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. }
    )
}

/// Sends a request, and again after a transient failure (up to `SEND_TRIES`, waiting
/// 0.25 s, 0.5 s, 1 s, …): a reply is not dropped for a blip. A request that reached
/// Telegram before its answer was lost may arrive twice; one lost is worse.
pub(super) async fn deliver<R>(request: R) -> Result<Output<R>, RequestError>
where
    R: Request<Err = RequestError>,
{
    deliver_within(request, SEND_TRIES).await
}

pub(super) async fn deliver_within<R>(request: R, tries: u32) -> Result<Output<R>, RequestError>
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
