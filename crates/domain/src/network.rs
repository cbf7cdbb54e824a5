//! A whole network as plain records — organizations, people, addresses, interactions —
//! indices referring into its own lists: what the synthetic generator builds and the
//! store's seeding writes in one transaction.

use chrono::NaiveDate;

use crate::model::{EmailKind, InteractionType, InvestorInterest, ResponseStatus, Source, Tier};

pub struct SeedOrganization {
    pub name: String,
    pub domain: String,
    pub investor_interest: InvestorInterest,
    pub tags: Vec<usize>,
}

pub struct SeedPerson {
    pub given_name: String,
    pub family_name: String,
    pub closeness: Option<Tier>,
    pub introduced_by: Option<usize>,
    pub linkedin_url: Option<String>,
    pub location: Option<String>,
    pub notes: String,
    pub tags: Vec<usize>,
    /// (organization, title, current)
    pub employment: Vec<(usize, Option<String>, bool)>,
}

pub struct SeedEmail {
    pub address: String,
    pub person: Option<usize>,
    pub is_primary: bool,
    pub kind: EmailKind,
    pub display_name: Option<String>,
}

pub struct SeedInteraction {
    pub occurred_on: NaiveDate,
    /// The start, for calendar meetings: minutes after midnight UTC.
    pub starts_at_minute: Option<u32>,
    pub kind: InteractionType,
    pub title: String,
    pub notes: String,
    pub source: Source,
    pub calendar_event_id: Option<String>,
    pub did_not_happen: bool,
    pub initiated_by_other: bool,
    pub people: Vec<usize>,
    pub attendees: Vec<(usize, ResponseStatus)>,
}

/// A whole generated network; indices refer into its own vectors.
pub struct Network {
    pub tags: Vec<String>,
    pub organizations: Vec<SeedOrganization>,
    pub people: Vec<SeedPerson>,
    pub emails: Vec<SeedEmail>,
    pub interactions: Vec<SeedInteraction>,
}
