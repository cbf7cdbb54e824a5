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
