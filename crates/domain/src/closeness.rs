//! The seven closeness tiers' labels and keep-in-touch cadences: the defaults of the
//! product spec, or the owner's own (read by the settings). Ranking, the store and the
//! exports read tiers through this, never through the settings.

use crate::error::Refusal;
use crate::model::Tier;
use crate::text;

pub const DEFAULT_LABELS: [&str; Tier::COUNT] = [
    "Any time",
    "Close",
    "Friendly",
    "Casual",
    "Acquaintance",
    "Distant",
    "Not even close to connected",
];
pub const DEFAULT_CADENCES: [Option<u32>; Tier::COUNT] = [
    Some(14),
    Some(30),
    Some(60),
    Some(90),
    Some(180),
    Some(365),
    None,
];

/// Labels and keep-in-touch cadences of the 7 closeness tiers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closeness {
    labels: Vec<String>,
    cadences: Vec<Option<u32>>,
}

impl Default for Closeness {
    fn default() -> Self {
        Closeness {
            labels: DEFAULT_LABELS.iter().map(|l| (*l).to_owned()).collect(),
            cadences: DEFAULT_CADENCES.to_vec(),
        }
    }
}

impl Closeness {
    /// The same cadences with the owner's labels (one per tier, closest first; the
    /// settings check the count).
    pub fn with_labels(self, labels: Vec<String>) -> Closeness {
        Closeness { labels, ..self }
    }

    /// The same labels with the owner's cadences (days, or none, per tier).
    pub fn with_cadences(self, cadences: Vec<Option<u32>>) -> Closeness {
        Closeness { cadences, ..self }
    }

    pub fn label(&self, tier: Tier) -> &str {
        &self.labels[tier.index()]
    }

    /// Days between contacts for this tier, or `None` when the tier has no cadence.
    pub fn cadence_days(&self, tier: Tier) -> Option<u32> {
        self.cadences[tier.index()]
    }

    /// A tier from its number ("3") or its label, case-insensitively ("friendly").
    pub fn parse_tier(&self, text: &str) -> Result<Tier, Refusal> {
        let trimmed = text.trim();
        if let Ok(number) = trimmed.parse::<i64>() {
            return Tier::new(number);
        }
        let folded = text::fold(trimmed);
        Tier::all()
            .find(|tier| text::fold(self.label(*tier)) == folded)
            .ok_or_else(|| Refusal::UnknownTier(trimmed.to_owned()))
    }
}
