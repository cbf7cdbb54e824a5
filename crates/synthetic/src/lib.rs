//! A synthetic, deterministic network at any scale: the same seed and day give the same
//! people, organizations, tags, addresses and interactions. Pure: it builds a [`Network`]
//! in memory; the store writes it in one transaction.
//!
//! It aims to look like the owner's real data: names with non-ASCII letters and
//! near-duplicates, several addresses for some people, employment histories, calendar
//! meetings with unknown, declined and cancelled attendance, and manual logs.

mod rng;
mod words;

pub use rng::Rng;

use chrono::{Days, NaiveDate};

pub use kith_domain::network::{Network, SeedEmail, SeedInteraction, SeedOrganization, SeedPerson};

use kith_domain::model::{
    EmailKind, InteractionType, InvestorInterest, ResponseStatus, Source, Tier,
};
use kith_domain::text;
use words::{
    CITIES, FAMILY, FREE_MAIL, GIVEN, MEETING_TITLES, ORG_STEMS, ORG_SUFFIXES, TAG_QUALIFIERS,
    TAGS, TITLES,
};

/// How much to generate. Defaults are the owner's scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    pub people: usize,
    pub interactions: usize,
    pub organizations: usize,
    pub emails: usize,
    pub tags: usize,
}

impl Default for Scale {
    fn default() -> Self {
        Scale {
            people: 2_000,
            interactions: 6_750,
            organizations: 430,
            emails: 3_500,
            tags: 140,
        }
    }
}

impl Scale {
    /// The owner's scale times `factor`.
    pub fn times(factor: usize) -> Scale {
        let base = Scale::default();
        Scale {
            people: base.people * factor,
            interactions: base.interactions * factor,
            organizations: base.organizations * factor,
            emails: base.emails * factor,
            tags: base.tags,
        }
    }
}

fn slug(text: &str) -> String {
    text::fold(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Builds the network for `scale`, with interactions spread over the three years before
/// `today` and a few in the next two weeks.
pub fn generate(scale: Scale, seed: u64, today: NaiveDate) -> Network {
    let mut rng = Rng::new(seed ^ 0x6B69_7468);
    let tags = generate_tags(scale);
    let organizations = generate_organizations(&mut rng, scale, &tags);
    let mut people: Vec<SeedPerson> = Vec::with_capacity(scale.people);
    for index in 0..scale.people {
        let person = generate_person(&mut rng, scale, index, &people, &tags, &organizations);
        people.push(person);
    }
    let emails = generate_emails(&mut rng, scale, &people, &organizations);
    let interactions = generate_interactions(&mut rng, scale, &people, &emails, today);

    Network {
        tags,
        organizations,
        people,
        emails,
        interactions,
    }
}

/// The `scale.tags` tag names (no draw): each base tag, then each with a qualifier, then
/// numbered, round after round.
fn generate_tags(scale: Scale) -> Vec<String> {
    let mut tags: Vec<String> = Vec::with_capacity(scale.tags);
    let mut tag_round = 0;
    while tags.len() < scale.tags {
        for base in TAGS {
            if tags.len() >= scale.tags {
                break;
            }
            let name = match tag_round {
                0 => (*base).to_owned(),
                n if n <= TAG_QUALIFIERS.len() => format!("{} {base}", TAG_QUALIFIERS[n - 1]),
                n => format!("{base} {n}"),
            };
            tags.push(name);
        }
        tag_round += 1;
    }
    tags
}

/// The organizations: names and domains from the index, then for each its investor
/// interest and tags drawn.
fn generate_organizations(rng: &mut Rng, scale: Scale, tags: &[String]) -> Vec<SeedOrganization> {
    let mut organizations = Vec::with_capacity(scale.organizations);
    for index in 0..scale.organizations {
        let stem = ORG_STEMS[index % ORG_STEMS.len()];
        let suffix = ORG_SUFFIXES[(index / ORG_STEMS.len()) % ORG_SUFFIXES.len()];
        let round = index / (ORG_STEMS.len() * ORG_SUFFIXES.len());
        let name = if round == 0 {
            format!("{stem} {suffix}")
        } else {
            format!("{stem} {suffix} {}", round + 1)
        };
        let domain = format!(
            "{}.{}",
            slug(&name).to_lowercase(),
            ["com", "io", "de", "co"][index % 4]
        );
        let investor_interest = match rng.below(10) {
            0 => InvestorInterest::Watching,
            1 => InvestorInterest::Interested,
            2 => InvestorInterest::VeryInterested,
            _ => InvestorInterest::None,
        };
        let tag_count = rng.below(3);
        let org_tags = (0..tag_count)
            .map(|_| rng.below(tags.len().max(1)))
            .collect();
        organizations.push(SeedOrganization {
            name,
            domain,
            investor_interest,
            tags: if tags.is_empty() {
                Vec::new()
            } else {
                org_tags
            },
        });
    }
    organizations
}

/// The person at `index`, after the `earlier` ones: a name, a closeness, who introduced
/// them, tags, employment, a LinkedIn page, a location and notes, drawn in that order.
fn generate_person(
    rng: &mut Rng,
    scale: Scale,
    index: usize,
    earlier: &[SeedPerson],
    tags: &[String],
    organizations: &[SeedOrganization],
) -> SeedPerson {
    let (given, family) = person_name(rng, index, earlier);
    let closeness = person_closeness(rng, scale, index);
    let introduced_by = (index > 0 && rng.chance(0.15)).then(|| rng.below(index));
    let tag_count = [0, 1, 1, 2, 2, 3, 4][rng.below(7)];
    let person_tags = if tags.is_empty() {
        Vec::new()
    } else {
        let mut chosen: Vec<usize> = (0..tag_count).map(|_| rng.skewed(tags.len())).collect();
        chosen.sort_unstable();
        chosen.dedup();
        chosen
    };
    let employment = person_employment(rng, organizations);
    let linkedin_url = rng.chance(0.4).then(|| {
        format!(
            "https://www.linkedin.com/in/{}-{}",
            slug(&given).to_lowercase(),
            index
        )
    });
    let location = rng.chance(0.5).then(|| rng.pick(CITIES).to_owned());
    let notes = if rng.chance(0.2) {
        format!(
            "Met through {}. Interested in {}.",
            rng.pick(CITIES),
            rng.pick(TAGS)
        )
    } else {
        String::new()
    };
    SeedPerson {
        given_name: given,
        family_name: family,
        closeness,
        introduced_by,
        linkedin_url,
        location,
        notes,
        tags: person_tags,
        employment,
    }
}

/// The given and family name of the person at `index`: now and then a near-duplicate of
/// someone `earlier`, else drawn from the lists.
fn person_name(rng: &mut Rng, index: usize, earlier: &[SeedPerson]) -> (String, String) {
    if index > 10 && rng.chance(0.03) {
        // A near-duplicate of someone earlier: accents dropped or a short first name.
        let original = &earlier[rng.below(index)];
        let given = if rng.chance(0.5) {
            text::title_case(&text::fold(&original.given_name))
        } else {
            original.given_name.chars().take(3).collect::<String>()
        };
        (given, original.family_name.clone())
    } else {
        (rng.pick(GIVEN).to_owned(), rng.pick(FAMILY).to_owned())
    }
}

/// The closeness of the person at `index`: closer tiers go to the people met most often
/// (the low indices, see `skewed`), with some noise, as in a real network.
fn person_closeness(rng: &mut Rng, scale: Scale, index: usize) -> Option<Tier> {
    let position =
        (index as f64 / scale.people.max(1) as f64 + rng.unit() * 0.25 - 0.1).clamp(0.0, 1.0);
    match (position * 100.0) as u32 {
        0..=1 => Tier::new(1).ok(),
        2..=6 => Tier::new(2).ok(),
        7..=16 => Tier::new(3).ok(),
        17..=31 => Tier::new(4).ok(),
        32..=56 => Tier::new(5).ok(),
        57..=79 => Tier::new(6).ok(),
        80..=89 => Tier::new(7).ok(),
        _ => None,
    }
}

/// Where a person works, for most: sometimes a past job, then a current one (unless it
/// is the same organization), each with a title.
fn person_employment(
    rng: &mut Rng,
    organizations: &[SeedOrganization],
) -> Vec<(usize, Option<String>, bool)> {
    let mut employment = Vec::new();
    if !organizations.is_empty() && rng.chance(0.75) {
        if rng.chance(0.3) {
            employment.push((
                rng.below(organizations.len()),
                Some(rng.pick(TITLES).to_owned()),
                false,
            ));
        }
        let current = rng.below(organizations.len());
        if !employment.iter().any(|(org, _, _)| *org == current) {
            employment.push((current, Some(rng.pick(TITLES).to_owned()), true));
        }
    }
    employment
}

fn generate_emails(
    rng: &mut Rng,
    scale: Scale,
    people: &[SeedPerson],
    organizations: &[SeedOrganization],
) -> Vec<SeedEmail> {
    let mut emails = Vec::with_capacity(scale.emails);
    let mut taken = std::collections::HashSet::new();
    let mut unique = |local: String, domain: &str| {
        let mut candidate = format!("{local}@{domain}");
        let mut n = 2;
        while !taken.insert(candidate.clone()) {
            candidate = format!("{local}{n}@{domain}");
            n += 1;
        }
        candidate
    };
    // About four fifths of the addresses belong to people; the rest are unknown attendees.
    let owned = if people.is_empty() {
        0
    } else {
        scale.emails - scale.emails / 5
    };
    let mut has_primary = vec![false; people.len()];
    for index in 0..owned {
        let person_index = if index < people.len() {
            index
        } else {
            rng.below(people.len())
        };
        let person = &people[person_index];
        let local = format!(
            "{}.{}",
            slug(&person.given_name).to_lowercase(),
            slug(&person.family_name).to_lowercase()
        );
        let current = person.employment.iter().find(|(_, _, current)| *current);
        let (domain, kind) = match current {
            Some((org, _, _)) if rng.chance(0.6) => {
                (organizations[*org].domain.clone(), EmailKind::Work)
            }
            _ => (rng.pick(FREE_MAIL).to_owned(), EmailKind::Personal),
        };
        let address = unique(local.trim_matches('.').to_owned(), &domain);
        let is_primary = !has_primary[person_index];
        has_primary[person_index] = true;
        emails.push(SeedEmail {
            address,
            person: Some(person_index),
            is_primary,
            kind,
            display_name: None,
        });
    }
    while emails.len() < scale.emails {
        let given = rng.pick(GIVEN);
        let family = rng.pick(FAMILY);
        let domain = if !organizations.is_empty() && rng.chance(0.5) {
            organizations[rng.below(organizations.len())].domain.clone()
        } else {
            rng.pick(FREE_MAIL).to_owned()
        };
        let local = format!(
            "{}.{}",
            slug(given).to_lowercase(),
            slug(family).to_lowercase()
        );
        let address = unique(local, &domain);
        emails.push(SeedEmail {
            address,
            person: None,
            is_primary: false,
            kind: EmailKind::Other,
            display_name: rng.chance(0.7).then(|| format!("{given} {family}")),
        });
    }
    emails
}

fn generate_interactions(
    rng: &mut Rng,
    scale: Scale,
    people: &[SeedPerson],
    emails: &[SeedEmail],
    today: NaiveDate,
) -> Vec<SeedInteraction> {
    let mut interactions = Vec::with_capacity(scale.interactions);
    if people.is_empty() {
        return interactions;
    }
    let owned = emails.iter().take_while(|e| e.person.is_some()).count();
    let span_days = 3 * 365;
    let start = today - Days::new(span_days);
    for index in 0..scale.interactions {
        // Mostly past, a few in the coming two weeks.
        let offset = rng.below(span_days as usize + 15) as u64;
        let occurred_on = start + Days::new(offset);
        let calendar = !emails.is_empty() && rng.chance(0.75);
        if calendar {
            let count = [1, 1, 1, 2, 2, 3, 4][rng.below(7)];
            let attendees = choose_attendees(rng, count, index, owned, emails.len());
            let video = rng.chance(0.7);
            let kind = match (attendees.len() > 1, video) {
                (false, true) => InteractionType::OneOnOneVideo,
                (false, false) => InteractionType::OneOnOneInPerson,
                (true, true) => InteractionType::GroupVideo,
                (true, false) => InteractionType::GroupInPerson,
            };
            interactions.push(SeedInteraction {
                occurred_on,
                // On the half hour between 08:00 and 17:30, from the index (no draw, so
                // the rest of a seed's network is what it always was).
                starts_at_minute: Some(8 * 60 + (index as u32 * 7 % 20) * 30),
                kind,
                title: rng.pick(MEETING_TITLES).to_owned(),
                notes: if rng.chance(0.15) {
                    "Follow up next quarter.".to_owned()
                } else {
                    String::new()
                },
                source: Source::Google,
                calendar_event_id: Some(format!("seed{index:08}")),
                did_not_happen: rng.chance(0.03),
                initiated_by_other: rng.chance(0.2),
                people: Vec::new(),
                attendees,
            });
        } else {
            interactions.push(manual_interaction(rng, people.len(), occurred_on));
        }
    }
    interactions
}

/// The attendees of one calendar meeting: up to `count` of the `emails` addresses (the
/// first `owned` of them someone's), each with a response.
fn choose_attendees(
    rng: &mut Rng,
    count: usize,
    index: usize,
    owned: usize,
    emails: usize,
) -> Vec<(usize, ResponseStatus)> {
    let mut attendees: Vec<(usize, ResponseStatus)> = Vec::with_capacity(count);
    for slot in 0..count {
        // Early meetings walk through the address book once, so most people have
        // met at least once; later ones favour the people met most.
        let email = if slot == 0 && index < owned * 3 / 4 {
            index
        } else if owned < emails && rng.chance(0.12) {
            owned + rng.skewed(emails - owned)
        } else {
            rng.skewed(owned.max(1))
        };
        if attendees.iter().any(|(e, _)| *e == email) {
            continue;
        }
        let response = match rng.below(20) {
            0 => ResponseStatus::Declined,
            1 => ResponseStatus::Tentative,
            2 => ResponseStatus::NeedsAction,
            _ => ResponseStatus::Accepted,
        };
        attendees.push((email, response));
    }
    attendees
}

/// One interaction entered by hand (coffee, a call, an email...) with one or two of the
/// `people` people.
fn manual_interaction(rng: &mut Rng, people: usize, occurred_on: NaiveDate) -> SeedInteraction {
    let kind = [
        InteractionType::Coffee,
        InteractionType::Lunch,
        InteractionType::Phone,
        InteractionType::Text,
        InteractionType::Email,
        InteractionType::Event,
    ][rng.below(6)];
    let mut chosen = vec![rng.skewed(people)];
    if rng.chance(0.2) {
        let other = rng.skewed(people);
        if other != chosen[0] {
            chosen.push(other);
        }
    }
    SeedInteraction {
        occurred_on,
        starts_at_minute: None,
        kind,
        title: String::new(),
        notes: if rng.chance(0.4) {
            "Talked about the seed round.".to_owned()
        } else {
            String::new()
        },
        source: Source::Manual,
        calendar_event_id: None,
        did_not_happen: rng.chance(0.01),
        initiated_by_other: rng.chance(0.1),
        people: chosen,
        attendees: Vec::new(),
    }
}
