//! The vocabulary and the pure rules: ids and kinds (`model`), who made a change (`actor`), what an email address is
//! (`email`), phones and birthdays
//! (`contact`), errors a user reads (`error`), text folding and name scoring (`text`),
//! the closeness tiers (`closeness`), ranking (`rank`), whether a typed name names one
//! person (`pick`), likely duplicates (the rules for a pair in `dupes`, the search
//! over a network in `pairs`), schedules (`schedule`) and the year's
//! numbers (`stats`), what an import read from a file and did (`import`), and what the owner means to do (`intention`: follow-ups, topics, important dates). Nothing here does IO, reads the clock, or knows the store, the
//! engine, a transport or the settings.

pub mod actor;
pub mod card;
pub mod closeness;
pub mod contact;
pub mod dupes;
pub mod email;
pub mod error;
pub mod event;
pub mod health;
pub mod import;
pub mod intention;
pub mod model;
pub mod network;
pub mod pairs;
pub mod pick;
pub mod preferences;
pub mod rank;
pub mod schedule;
pub mod stats;
pub mod telegram;
pub mod text;
