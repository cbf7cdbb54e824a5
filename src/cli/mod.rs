//! The `kith` binary's own modules: what only the command line needs.

pub mod bench;
