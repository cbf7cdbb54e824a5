//! The wall clocks the adapters read: the real one, and the real one moved by a fixed
//! offset (tests start just before a slot). Everything below the adapters is given "now".

use chrono::{DateTime, Duration, Utc};

use crate::domain::schedule::WallClock;

/// The real clock.
pub struct SystemClock;

impl WallClock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The real clock moved by a fixed offset (tests start just before a slot).
pub struct OffsetClock(pub Duration);

impl WallClock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.0
    }
}
