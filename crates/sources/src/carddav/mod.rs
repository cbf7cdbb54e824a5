//! The owner's address book over CardDAV, kith as a client: `client` speaks the
//! protocol (discovery, `sync-collection`, `addressbook-multiget`, conditional PUT and
//! DELETE), `sync` keeps the book and kith one (both ways, conflicts asked, deletions
//! never propagated silently).

pub mod client;
pub mod error;
mod incoming;
mod outgoing;
pub mod sync;
pub mod xml;

use std::sync::Arc;

use crate::error::SyncError;
use kith_store::{SharedStore, Store, lock};

/// Runs `f` with the store on a blocking thread.
async fn with_store<T: Send + 'static>(
    store: &SharedStore,
    f: impl FnOnce(&mut Store) -> Result<T, SyncError> + Send + 'static,
) -> Result<T, SyncError> {
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || f(&mut lock(&store)))
        .await
        .map_err(|error| SyncError::task("the address book", error))?
}
