//! Likely duplicate people, decided by a pure function over names and addresses: the
//! same address name on two domains, the same name up to accents, order and initials,
//! or a nickname of the same first name (Bob/Robert, Liz/Elizabeth). Each candidate pair
//! carries a confidence and a reason a person can check. Names are never compared by
//! edit distance: "Anna Berg" and "Hanna Bergmann" are different people. This module
//! holds the rules for one pair (and the plain every-pair search the tests check
//! against); `pairs` builds the fast search over a whole network on top of it.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::model::PersonId;
use crate::text;

/// What the detector needs to know about one person.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonSketch {
    pub id: PersonId,
    pub name: String,
    pub addresses: Vec<String>,
}

/// Two people who are probably one; `first` has the lower id.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Duplicate {
    pub first: PersonId,
    pub second: PersonId,
    /// 0..=1: how sure the detector is.
    pub confidence: f64,
    pub reason: String,
}

/// Common short forms of first names, each with the full names it stands for.
const NICKNAMES: &[(&str, &[&str])] = &[
    ("abby", &["abigail"]),
    ("al", &["albert", "alan", "alexander", "alfred"]),
    ("alex", &["alexander", "alexandra", "alexis"]),
    ("andy", &["andrew", "andreas"]),
    ("ben", &["benjamin", "benedict"]),
    ("bill", &["william"]),
    ("billy", &["william"]),
    ("bob", &["robert"]),
    ("bobby", &["robert"]),
    ("cathy", &["catherine", "cathrine"]),
    ("charlie", &["charles", "charlotte"]),
    (
        "chris",
        &["christopher", "christian", "christina", "christine"],
    ),
    ("chuck", &["charles"]),
    ("dan", &["daniel"]),
    ("danny", &["daniel"]),
    ("dave", &["david"]),
    ("dick", &["richard"]),
    ("ed", &["edward", "edmund", "edwin"]),
    ("eddie", &["edward"]),
    ("fred", &["frederick", "alfred"]),
    ("greg", &["gregory"]),
    ("jack", &["john"]),
    ("jake", &["jacob"]),
    ("jim", &["james"]),
    ("jimmy", &["james"]),
    ("joe", &["joseph"]),
    ("johnny", &["john"]),
    ("jon", &["jonathan", "john"]),
    ("kate", &["katherine", "catherine", "kathryn"]),
    ("katie", &["katherine", "catherine"]),
    ("ken", &["kenneth"]),
    ("larry", &["lawrence"]),
    ("liz", &["elizabeth"]),
    ("lizzie", &["elizabeth"]),
    ("beth", &["elizabeth", "bethany"]),
    ("betty", &["elizabeth"]),
    ("maggie", &["margaret"]),
    ("matt", &["matthew", "matthias"]),
    ("meg", &["margaret", "megan"]),
    ("mike", &["michael"]),
    ("nick", &["nicholas", "nikolaus"]),
    ("pat", &["patrick", "patricia"]),
    ("peggy", &["margaret"]),
    ("pete", &["peter"]),
    ("rich", &["richard"]),
    ("rick", &["richard", "frederick"]),
    ("rob", &["robert"]),
    ("ron", &["ronald"]),
    ("sam", &["samuel", "samantha"]),
    ("sandy", &["sandra", "alexandra"]),
    ("steve", &["steven", "stephen"]),
    ("sue", &["susan", "suzanne"]),
    ("ted", &["edward", "theodore"]),
    ("tom", &["thomas"]),
    ("tony", &["anthony", "antonio"]),
    ("will", &["william"]),
];

/// Address names that belong to a role, not a person: the same one on two domains is
/// no evidence.
const ROLE_ADDRESSES: &[&str] = &[
    "admin",
    "billing",
    "contact",
    "events",
    "hello",
    "help",
    "hi",
    "hr",
    "info",
    "jobs",
    "mail",
    "marketing",
    "me",
    "news",
    "noreply",
    "no-reply",
    "office",
    "press",
    "sales",
    "support",
    "team",
    "careers",
    "invoices",
    "accounts",
    "calendar",
    "founders",
];

const TITLES: &[&str] = &["dr", "mr", "mrs", "ms", "prof", "sir", "jr", "sr"];

/// Whether `short` is a known short form of `full`.
fn nickname_of(short: &str, full: &str) -> bool {
    NICKNAMES
        .iter()
        .any(|(nick, names)| *nick == short && names.contains(&full))
}

/// A name as folded tokens, without titles.
fn name_tokens(name: &str) -> Vec<String> {
    text::tokens(name)
        .into_iter()
        .filter(|t| !TITLES.contains(&t.as_str()))
        .collect()
}

/// A name's words, lower-cased but with their accents, without titles.
fn plain_tokens(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .filter(|t| !TITLES.contains(&t.as_str()))
        .collect()
}

/// The last word of a name as the detector reads it (folded), if it has two words or more:
/// every name rule needs it shared, so it finds the people worth comparing with.
pub fn last_name_token(name: &str) -> Option<String> {
    let tokens = name_tokens(name);
    (tokens.len() >= 2).then(|| tokens[tokens.len() - 1].clone())
}

/// The local part of an address that could name a person ("jane.doe", not "info"),
/// without a "+tag".
pub fn personal_local_part(address: &str) -> Option<(String, String)> {
    let (local, domain) = address.rsplit_once('@')?;
    let local = local.split('+').next().unwrap_or_default().to_lowercase();
    let name_like = local.chars().count() >= 5 || local.contains(['.', '_', '-']);
    (name_like && !ROLE_ADDRESSES.contains(&local.as_str())).then(|| (local, domain.to_lowercase()))
}

/// A name read once: folded tokens (for comparing) and plain ones (to tell accents apart).
pub(super) struct Name {
    pub(super) folded: Vec<String>,
    /// The folded tokens in order, for comparing names whatever their word order.
    pub(super) sorted: Vec<String>,
    plain: Vec<String>,
}

impl Name {
    pub(super) fn read(name: &str) -> Name {
        let folded = name_tokens(name);
        let mut sorted = folded.clone();
        sorted.sort();
        Name {
            folded,
            sorted,
            plain: plain_tokens(name),
        }
    }

    /// The two first names, the shorter one first.
    fn shorter_first<'a>(&'a self, other: &'a Name) -> (&'a str, &'a str) {
        let (a, b) = (&self.folded[0], &other.folded[0]);
        if a.chars().count() <= b.chars().count() {
            (a, b)
        } else {
            (b, a)
        }
    }

    /// The keys of the buckets this name is compared within: its tokens in any order, and
    /// its last name with the initial of its first name (or of the full names a nickname
    /// stands for).
    pub(super) fn buckets(&self) -> Vec<String> {
        let mut keys = Vec::new();
        if self.folded.len() < 2 {
            return keys;
        }
        keys.push(format!("all:{}", self.sorted.join(" ")));
        let (first, last) = (&self.folded[0], &self.folded[self.folded.len() - 1]);
        let mut initials: BTreeSet<char> = first.chars().next().into_iter().collect();
        for (nick, names) in NICKNAMES {
            if nick == first {
                initials.extend(names.iter().filter_map(|n| n.chars().next()));
            }
        }
        keys.extend(initials.into_iter().map(|c| format!("last:{last}:{c}")));
        keys
    }
}

/// How two names relate, if they look like one person's: (confidence, reason).
pub fn same_name(a: &str, b: &str) -> Option<(f64, String)> {
    compare(&Name::read(a), &Name::read(b))
}

fn compare(a: &Name, b: &Name) -> Option<(f64, String)> {
    compare_why(a, b).map(|(confidence, why)| (confidence, why.words(a, b)))
}

/// Why two names look like one person's, put into words only for the pairs shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Why {
    Same,
    Accents,
    Order,
    FirstAndLast,
    Nickname,
    Initial,
    Prefix,
    /// The same address name on two domains (an index into the reasons of that kind).
    Address(usize),
}

impl Why {
    pub(super) fn words(self, a: &Name, b: &Name) -> String {
        let (one, other) = a.shorter_first(b);
        match self {
            Why::Same => "the same name".to_owned(),
            Why::Accents => "the same name up to accents".to_owned(),
            Why::Order => "the same name in another order".to_owned(),
            Why::FirstAndLast => "the same first and last name".to_owned(),
            Why::Nickname => format!("{one} is short for {other}"),
            Why::Initial => format!("{}. could be {other}", one.to_uppercase()),
            Why::Prefix => format!("{one} could be short for {other}"),
            Why::Address(_) => String::new(),
        }
    }
}

pub(super) fn compare_why(a: &Name, b: &Name) -> Option<(f64, Why)> {
    let (ta, tb) = (&a.folded, &b.folded);
    if ta.len() < 2 || tb.len() < 2 {
        return None;
    }
    if a.sorted == b.sorted {
        let why = if ta == tb {
            if a.plain == b.plain {
                Why::Same
            } else {
                Why::Accents
            }
        } else {
            Why::Order
        };
        return Some((0.95, why));
    }
    // Same last name; the first names are the same up to an initial, a nickname or a
    // short form. Middle names are ignored.
    if ta[ta.len() - 1] != tb[tb.len() - 1] {
        return None;
    }
    let (one, other) = a.shorter_first(b);
    if one == other {
        return Some((0.85, Why::FirstAndLast));
    }
    if nickname_of(one, other) || nickname_of(other, one) {
        return Some((0.8, Why::Nickname));
    }
    if one.chars().count() == 1 && other.starts_with(one) {
        return Some((0.6, Why::Initial));
    }
    if one.chars().count() >= 3 && other.starts_with(one) {
        return Some((0.6, Why::Prefix));
    }
    None
}

/// Each personal address name with the people (by index) and domains it appears with,
/// in order of the name, so a tie between two of them is settled the same way each time.
pub(super) fn address_names(people: &[PersonSketch]) -> Vec<(String, Vec<(usize, String)>)> {
    let mut by_local: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    for (index, person) in people.iter().enumerate() {
        for address in &person.addresses {
            if let Some((local, domain)) = personal_local_part(address) {
                by_local.entry(local).or_default().push((index, domain));
            }
        }
    }
    let mut by_local: Vec<(String, Vec<(usize, String)>)> = by_local.into_iter().collect();
    by_local.sort_by(|a, b| a.0.cmp(&b.0));
    by_local
}

/// Keeps the first `top` of `items` in `order`, sorted.
pub(super) fn keep_top<T>(
    items: &mut Vec<T>,
    top: usize,
    order: impl Fn(&T, &T) -> std::cmp::Ordering + Copy,
) {
    if top < items.len() {
        items.select_nth_unstable_by(top, order);
        items.truncate(top);
    }
    items.sort_unstable_by(order);
}

type Pair = (PersonId, PersonId);
/// A pair's best reason so far: confidence, why, and its two people.
type Best = (f64, Why, usize, usize);

/// `find_top_duplicates` the plain way, comparing every pair in every bucket one by one:
/// the definition the grouped search (`pairs.rs`) is checked against.
pub fn find_top_duplicates_pairwise(
    people: &[PersonSketch],
    focus: Option<&HashSet<PersonId>>,
    skip: &HashSet<(PersonId, PersonId)>,
    top: usize,
) -> (Vec<Duplicate>, usize) {
    let wanted = |i: usize, j: usize| {
        focus.is_none_or(|f| f.contains(&people[i].id) || f.contains(&people[j].id))
    };
    let names: Vec<Name> = people.iter().map(|p| Name::read(&p.name)).collect();
    let mut by_bucket: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, name) in names.iter().enumerate() {
        for key in name.buckets() {
            by_bucket.entry(key).or_default().push(index);
        }
    }
    // Each pair once (the lower id first), with its best reason.
    let mut found: HashMap<Pair, Best> = HashMap::new();
    let mut keep = |i: usize, j: usize, confidence: f64, why: Why| {
        let (a, b) = (people[i].id, people[j].id);
        if a == b {
            return;
        }
        let (key, i, j) = if a < b {
            ((a, b), i, j)
        } else {
            ((b, a), j, i)
        };
        let entry = found.entry(key).or_insert((confidence, why, i, j));
        if confidence > entry.0 {
            *entry = (confidence, why, i, j);
        }
    };
    for indices in by_bucket.values() {
        for (n, &i) in indices.iter().enumerate() {
            for &j in &indices[n + 1..] {
                if !wanted(i, j) {
                    continue;
                }
                if let Some((confidence, why)) = compare_why(&names[i], &names[j]) {
                    keep(i, j, confidence, why);
                }
            }
        }
    }
    let mut address_reasons = Vec::new();
    for (local, seen) in &address_names(people) {
        for (n, (i, domain_i)) in seen.iter().enumerate() {
            for (j, domain_j) in &seen[n + 1..] {
                if i == j || domain_i == domain_j || !wanted(*i, *j) {
                    continue;
                }
                let names_agree = compare_why(&names[*i], &names[*j]).is_some();
                let confidence = if names_agree { 0.9 } else { 0.7 };
                address_reasons.push(format!(
                    "the same address name {local} at {domain_i} and {domain_j}"
                ));
                keep(*i, *j, confidence, Why::Address(address_reasons.len() - 1));
            }
        }
    }
    let mut pairs: Vec<(Pair, Best)> = found
        .into_iter()
        .filter(|(pair, _)| !skip.contains(pair))
        .collect();
    let total = pairs.len();
    let order = |x: &(Pair, Best), y: &(Pair, Best)| y.1.0.total_cmp(&x.1.0).then(x.0.cmp(&y.0));
    keep_top(&mut pairs, top, order);
    let shown = pairs
        .into_iter()
        .map(|((first, second), (confidence, why, i, j))| Duplicate {
            first,
            second,
            confidence,
            reason: match why {
                Why::Address(n) => address_reasons[n].clone(),
                why => why.words(&names[i], &names[j]),
            },
        })
        .collect();
    (shown, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nicknames_are_known_both_ways() {
        assert!(nickname_of("bob", "robert"));
        assert!(!nickname_of("robert", "bob"));
        assert_eq!(
            same_name("Robert Smith", "Bob Smith").map(|(_, r)| r),
            Some("bob is short for robert".to_owned())
        );
    }

    #[test]
    fn role_addresses_are_no_evidence() {
        assert_eq!(personal_local_part("info@acme.io"), None);
        assert_eq!(personal_local_part("bo@acme.io"), None);
        assert_eq!(
            personal_local_part("Jane.Doe+news@Acme.io"),
            Some(("jane.doe".to_owned(), "acme.io".to_owned()))
        );
    }
}
