//! "Who haven't I seen lately": ranking, filters and pages.

use kith::domain::closeness::Closeness;
use kith::domain::model::ResponseStatus::Accepted;
use kith::store::{StaleFilter, StaleQuery};

use super::*;

/// (name, tier, last met) → expected rank among the overdue, or None when not listed.
const PEOPLE: &[(&str, i64, Option<&str>, Option<usize>)] = &[
    ("Nora Never", 3, None, Some(3)), // never met: after everyone met before
    ("Olga Old", 2, Some("2026-07-29"), Some(0)), // 90 days over a 30-day cadence: 3.0
    ("Tim Tier One", 1, Some("2026-10-29"), Some(1)), // 14 over 14: 1.0
    ("Dora Distant", 6, Some("2025-10-22"), Some(2)), // 35 over 365: 0.1
    ("Fay Fresh", 2, Some("2026-11-16"), None), // within cadence
    ("Zed Zero", 7, None, None),      // tier without cadence
];

fn seeded() -> Store {
    let mut store = store();
    for (index, (name, tier, last_met, _)) in PEOPLE.iter().enumerate() {
        let id = person_in_tier(&mut store, name, *tier);
        if let Some(on) = last_met {
            let mail = format!("p{index}@example.org");
            store.link_email(&address(&mail), id).unwrap();
            store
                .upsert_calendar_event(&event(&format!("e{index}"), on, &[(&mail, Accepted)]))
                .unwrap();
        }
    }
    store
}

#[test]
fn most_overdue_relative_to_cadence_first() {
    let store = seeded();
    let page = store
        .stale(&StaleQuery::new(&StaleFilter::All, &Closeness::default(), today()).page(0, 10))
        .unwrap();
    let names: Vec<&str> = page.items.iter().map(|e| e.name.as_str()).collect();
    let mut expected: Vec<(usize, &str)> = PEOPLE
        .iter()
        .filter_map(|(name, _, _, rank)| rank.map(|r| (r, *name)))
        .collect();
    expected.sort();
    assert_eq!(
        names,
        expected.into_iter().map(|(_, n)| n).collect::<Vec<_>>()
    );
    assert_eq!(page.total, 4);
}

#[test]
fn pages_slice_the_same_ranking() {
    let store = seeded();
    let first = store
        .stale(&StaleQuery::new(&StaleFilter::All, &Closeness::default(), today()).page(0, 3))
        .unwrap();
    let second = store
        .stale(&StaleQuery::new(&StaleFilter::All, &Closeness::default(), today()).page(3, 3))
        .unwrap();
    assert!(first.has_next());
    assert!(!second.has_next());
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.items[0].name, "Nora Never");
}

#[test]
fn filters_by_tag_tier_and_organization() {
    let mut store = seeded();
    let olga = store.find("Olga Old", 1).unwrap()[0].target;
    let kith::store::MatchTarget::Person(olga) = olga else {
        panic!("a person")
    };
    let tim = match store.find("Tim Tier One", 1).unwrap()[0].target {
        kith::store::MatchTarget::Person(id) => id,
        other => panic!("{other:?}"),
    };
    store.tag_person(olga, "Investor").unwrap();
    let acme = store.create_organization("Acme").unwrap();
    store
        .set_employment(
            tim,
            acme,
            Some("CTO"),
            kith::store::EmploymentStatus::Current,
        )
        .unwrap();

    let names = |filter: StaleFilter| {
        store
            .stale(&StaleQuery::new(&filter, &Closeness::default(), today()).page(0, 10))
            .unwrap()
            .items
            .into_iter()
            .map(|e| e.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names(StaleFilter::Tag("investor".into())), vec!["Olga Old"]);
    assert_eq!(
        names(StaleFilter::Tier(
            kith::domain::model::Tier::new(6).unwrap()
        )),
        vec!["Dora Distant"]
    );
    assert_eq!(names(StaleFilter::Organization(acme)), vec!["Tim Tier One"]);
    assert!(names(StaleFilter::Tag("nobody has this".into())).is_empty());
}

#[test]
fn configured_cadences_change_the_ranking() {
    let store = seeded();
    let mut env = kith::config::settings::Environment::new();
    env.insert(
        "KITH_CLOSENESS_CADENCES".into(),
        "7,none,60,90,180,365,none".into(),
    );
    env.insert("KITH_DB".into(), "x.db".into());
    let settings = kith::config::settings::Settings::resolve(None, &env).unwrap();
    let page = store
        .stale(&StaleQuery::new(&StaleFilter::All, &settings.closeness, today()).page(0, 10))
        .unwrap();
    let names: Vec<&str> = page.items.iter().map(|e| e.name.as_str()).collect();
    // Tier 2 has no cadence now; Tim (tier 1, 28 days) is 3 cadences late.
    assert_eq!(names, vec!["Tim Tier One", "Dora Distant", "Nora Never"]);
}

#[test]
fn someone_already_on_the_calendar_is_not_overdue() {
    let mut store = seeded();
    // Olga (three cadences late) has a meeting next week: she is about to be seen.
    store
        .upsert_calendar_event(&event(
            "soon",
            "2026-12-02",
            &[("p1@example.org", Accepted)],
        ))
        .unwrap();
    let names: Vec<String> = store
        .stale(&StaleQuery::new(&StaleFilter::All, &Closeness::default(), today()).page(0, 10))
        .unwrap()
        .items
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, vec!["Tim Tier One", "Dora Distant", "Nora Never"]);
    // Her card still says when she was last met, not next week.
    let olga = store
        .person_by_email(&address("p1@example.org"))
        .unwrap()
        .unwrap();
    assert_eq!(
        store.rollups(olga.id, today()).unwrap().last_met,
        Some(day("2026-07-29"))
    );
}

#[test]
fn the_ranking_done_in_sql_equals_the_pure_ranking() {
    let mut store = store();
    let scale = kith::synthetic::Scale {
        people: 400,
        interactions: 2_000,
        organizations: 30,
        emails: 600,
        tags: 20,
    };
    store
        .insert_network(&kith::synthetic::generate(scale, 5, today()))
        .unwrap();
    let closeness = Closeness::default();
    // Some people have their own cadence: every three weeks, 45 days, or off.
    for (n, (id, _, _)) in store.person_name_keys().unwrap().into_iter().enumerate() {
        let own = match n % 13 {
            0 => Some(kith::domain::model::Cadence::Every(21)),
            5 => Some(kith::domain::model::Cadence::Every(45)),
            9 => Some(kith::domain::model::Cadence::Off),
            _ => None,
        };
        store.set_cadence(id, own).unwrap();
    }
    // Everyone, their exact last meeting, ranked by the pure function.
    let mut candidates = Vec::new();
    for (id, _, name) in store.person_name_keys().unwrap() {
        let person = store.person(id).unwrap();
        let tier = person.closeness;
        let upcoming = store
            .interactions_of(id, 1_000, 0)
            .unwrap()
            .iter()
            .any(|i| i.occurred_on > today() && !i.did_not_happen);
        if upcoming {
            continue;
        }
        candidates.push(kith::domain::rank::StaleCandidate {
            person_id: id,
            name,
            tier,
            cadence: person.cadence,
            last_met: store.rollups(id, today()).unwrap().last_met,
        });
    }
    let expected: Vec<kith::domain::model::PersonId> =
        kith::domain::rank::rank_stale(candidates, &closeness, today())
            .into_iter()
            .map(|e| e.person_id)
            .collect();
    let mut paged = Vec::new();
    let mut offset = 0;
    loop {
        let page = store
            .stale(&StaleQuery::new(&StaleFilter::All, &closeness, today()).page(offset, 25))
            .unwrap();
        assert_eq!(page.total, expected.len());
        paged.extend(page.items.iter().map(|e| e.person_id));
        if !page.has_next() {
            break;
        }
        offset += 25;
    }
    assert_eq!(paged, expected);
}

/// The overdue pages read through the cadence index (and, for a tag or an
/// organization, through its members) equal the pages ranked the long way, for every
/// filter, on a network with tags large enough for either way of reading them.
#[test]
fn the_indexed_pages_equal_the_ranking_of_everyone_for_every_filter() {
    let mut store = store();
    let scale = kith::synthetic::Scale {
        people: 4_000,
        interactions: 9_000,
        organizations: 60,
        emails: 4_000,
        tags: 12,
    };
    store
        .insert_network(&kith::synthetic::generate(scale, 11, today()))
        .unwrap();
    for (n, (id, _, _)) in store.person_name_keys().unwrap().into_iter().enumerate() {
        if n % 17 == 0 {
            store
                .set_cadence(
                    id,
                    Some(kith::domain::model::Cadence::Every(20 + (n % 3) as u32)),
                )
                .unwrap();
        }
    }
    let closeness = Closeness::default();
    let kinds = kith::domain::rank::StaleKinds::default();
    let mut tags = store.tags_with_counts().unwrap();
    tags.sort_by_key(|(_, people, _)| *people);
    let (small, large) = (tags[0].clone(), tags[tags.len() - 1].clone());
    assert!(
        small.1 < 500 && large.1 >= 500,
        "tags of {} and {} people",
        small.1,
        large.1
    );
    let mut filters = vec![
        StaleFilter::All,
        StaleFilter::Tag(small.0),
        StaleFilter::Tag(large.0),
        StaleFilter::Tag("no such tag".into()),
    ];
    filters.extend((1..=7).map(|t| StaleFilter::Tier(Tier::new(t).unwrap())));
    filters
        .extend((1..=3).map(|o| StaleFilter::Organization(kith::domain::model::OrganizationId(o))));
    for filter in &filters {
        let total = store
            .stale_scanned(
                &StaleQuery::new(filter, &closeness, today())
                    .counting(&kinds)
                    .page(0, 1),
            )
            .unwrap()
            .total;
        for offset in [0, 10, 37, total.saturating_sub(5), total] {
            let indexed = store
                .stale(&StaleQuery::new(filter, &closeness, today()).page(offset, 10))
                .unwrap();
            let scanned = store
                .stale_scanned(
                    &StaleQuery::new(filter, &closeness, today())
                        .counting(&kinds)
                        .page(offset, 10),
                )
                .unwrap();
            assert_eq!(indexed, scanned, "{filter:?} from {offset}");
        }
    }
}
