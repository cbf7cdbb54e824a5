//! kith's integration tests, one binary with a module per area, so the crates are linked
//! once: `cargo test` runs them all, `cargo test -p kith --test it engine::` one area.

mod calendar;
mod carddav;
mod cli;
mod deploy;
mod engine;
mod mail;
mod moving;
mod reliability;
mod settings;
mod store;
mod support;
mod telegram;
mod tidy;
