//! Nothing lost, no one let in: the real binary killed mid-sync, several processes on one
//! file at once, and hostile inputs for every reader. (The access matrix runs through
//! the fake Bot API in tests/telegram.)

mod bounded;
mod concurrency;
mod crash;
mod fuzz;
mod hostile;
mod litestream;

// The calendar suite's proxy; this suite sends only its endless feed.
#[allow(dead_code)]
use crate::support::faulty;
