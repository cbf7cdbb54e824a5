//! The settings narrowed to what the conversation needs of them: `Preferences` (zone,
//! tiers, a quiet digest, dates ahead, briefs, date order, phone region, what counts as
//! seen), so the engine never sees the rest (secrets, sources, paths).

use super::settings::Settings;
use kith_domain::preferences::Preferences;

impl From<&Settings> for Preferences {
    fn from(settings: &Settings) -> Preferences {
        Preferences {
            timezone: settings.timezone,
            closeness: settings.closeness.clone(),
            digest_when_empty: settings.digest_when_empty,
            dates_ahead_days: settings.dates_ahead_days,
            brief_minutes: settings.brief_minutes,
            date_order: settings.date_order,
            phone_region: settings.phone_region.clone(),
            stale_kinds: settings.stale_kinds.clone(),
        }
    }
}
