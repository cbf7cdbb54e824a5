//! The wall clock the adapters read (`kith run` is handed it; tests hand their own fixed
//! one). Everything below the adapters is given "now".

use chrono::{DateTime, Utc};

use crate::domain::schedule::WallClock;

/// The real clock.
pub struct SystemClock;

impl WallClock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
