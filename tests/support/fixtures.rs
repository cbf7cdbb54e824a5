//! The shared real-world fixtures in `../shared/fixtures`, read in place (never copied
//! into the repository). Absent in someone else's clone: a test then says so and passes.

use std::path::{Path, PathBuf};

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures");

/// A shared fixture folder, or `None` with a clear note when it is not beside this checkout.
pub fn fixtures(sub: &str) -> Option<PathBuf> {
    let path = Path::new(FIXTURES).join(sub);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} is absent (the shared fixtures are not beside this checkout)",
            path.display()
        );
        None
    }
}
