//! What several areas' tests share: the fault-injecting proxy and the shared fixtures.

pub mod faulty;
pub mod fixtures;
