//! The shared real-world fixtures in `../shared/fixtures`, read in place (never copied
//! into the repository). Absent in someone else's clone: a test then says so and passes,
//! unless `KITH_REQUIRE_FIXTURES=1` (as in CI), where a missing fixture fails the test.

use std::path::{Path, PathBuf};

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures");

/// A shared fixture folder, or `None` with a clear note when it is not beside this checkout.
pub fn fixtures(sub: &str) -> Option<PathBuf> {
    let path = Path::new(FIXTURES).join(sub);
    if path.exists() {
        Some(path)
    } else if std::env::var("KITH_REQUIRE_FIXTURES").is_ok_and(|v| v == "1") {
        panic!(
            "{} is absent and KITH_REQUIRE_FIXTURES=1: the shared fixtures must be beside this checkout",
            path.display()
        );
    } else {
        eprintln!(
            "skipped: {} is absent (the shared fixtures are not beside this checkout)",
            path.display()
        );
        None
    }
}
