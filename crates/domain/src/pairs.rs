//! The likely duplicates of `dupes`, found by groups of names instead of pair by pair:
//! everyone with the same name (up to accents and order) is one group whose pairs are
//! all equally likely, and two different names are compared once however many people
//! carry each. Only the pairs shown are listed and put into words; the rest are counted.
//! A network where hundreds share a name costs what its distinct names cost.

use std::collections::{HashMap, HashSet};

use crate::dupes::{Duplicate, Name, PersonSketch, Why, address_names, compare_why, keep_top};
use crate::model::PersonId;

/// How a listed pair was found, to put it into words.
#[derive(Clone, Copy)]
enum Found {
    /// The same name: the words depend on the two spellings.
    SameName,
    /// Two names compared once, as their groups.
    Names(Why),
    /// The same address name on two domains (an index into the reasons).
    Address(usize),
}

struct Listed {
    confidence: f64,
    pair: (PersonId, PersonId),
    people: (usize, usize),
    found: Found,
}

/// Pairs pass the filter when one of them is in focus (or there is no focus) and the
/// owner has not ruled the pair out.
struct Filter<'a> {
    people: &'a [PersonSketch],
    in_focus: Vec<bool>,
    skip: &'a HashSet<(PersonId, PersonId)>,
}

impl Filter<'_> {
    fn wanted(&self, i: usize, j: usize) -> bool {
        self.in_focus[i] || self.in_focus[j]
    }

    /// The pair as (lower id, higher id) with its people in that order.
    fn ordered(&self, i: usize, j: usize) -> ((PersonId, PersonId), (usize, usize)) {
        let (a, b) = (self.people[i].id, self.people[j].id);
        if a < b {
            ((a, b), (i, j))
        } else {
            ((b, a), (j, i))
        }
    }

    fn passes(&self, i: usize, j: usize) -> bool {
        self.wanted(i, j) && !self.skip.contains(&self.ordered(i, j).0)
    }

    /// How many of `members` are in focus.
    fn focused(&self, members: &[usize]) -> usize {
        members.iter().filter(|&&i| self.in_focus[i]).count()
    }
}

/// How many pairs of `n` people have at least one of the `focused` among them.
fn pairs_with_focus(n: usize, focused: usize) -> usize {
    let all = n * n.saturating_sub(1) / 2;
    let without = n - focused;
    all - without * without.saturating_sub(1) / 2
}

/// Every likely duplicate pair among `people`, most certain first. Pairs are compared
/// only within small buckets (the same tokens, or the same last name and first initial)
/// or when they share an address name, so this stays fast on tens of thousands.
pub fn find_duplicates(people: &[PersonSketch]) -> Vec<Duplicate> {
    find_duplicates_involving(people, None)
}

/// The same, keeping only pairs with at least one person of `focus` (when given): the
/// pairs that changes to those people can have made.
pub fn find_duplicates_involving(
    people: &[PersonSketch],
    focus: Option<&HashSet<PersonId>>,
) -> Vec<Duplicate> {
    find_top_duplicates(people, focus, &HashSet::new(), usize::MAX).0
}

/// The `top` most certain pairs (with at least one person of `focus`, when given) not in
/// `skip`, and how many such pairs there are in all: the answer of
/// `dupes::find_top_duplicates_pairwise`, most certain first, then by ids.
pub fn find_top_duplicates(
    people: &[PersonSketch],
    focus: Option<&HashSet<PersonId>>,
    skip: &HashSet<(PersonId, PersonId)>,
    top: usize,
) -> (Vec<Duplicate>, usize) {
    let spellings = Spellings::read(people);
    let names: Vec<&Name> = spellings
        .of
        .iter()
        .map(|&n| &spellings.distinct[n])
        .collect();
    let filter = Filter {
        people,
        in_focus: people
            .iter()
            .map(|p| focus.is_none_or(|f| f.contains(&p.id)))
            .collect(),
        skip,
    };
    let groups = Groups::new(people, &spellings);
    let addresses = Addresses::find(&filter, &names, &groups);
    let named = compare_spellings(&groups.spelled, &names);

    // Count every pair that passes, and list each family's first `top` in order.
    let mut listed: Vec<Listed> = Vec::new();
    let mut total = list_namesakes(&groups.same, &filter, top, &mut listed);
    total += list_named(&named, &groups, &filter, &addresses.pairs, top, &mut listed);
    uncount_ruled_out(&named, &groups, &filter, &addresses.pairs, &mut total);
    let compared = |i: usize, j: usize| groups.names_compared(&named, i, j);
    for (pair, address) in addresses.pairs {
        let (i, j) = address.people;
        if compared(i, j) {
            total -= 1;
        }
        if !skip.contains(&pair) {
            total += 1;
            listed.push(address);
        }
    }

    let order = |a: &Listed, b: &Listed| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.pair.cmp(&b.pair))
    };
    keep_top(&mut listed, top, order);
    (put_into_words(listed, &names, &addresses.reasons), total)
}

/// Everyone's name, each distinct spelling read once: namesakes share it.
struct Spellings {
    distinct: Vec<Name>,
    /// For each person, their spelling in `distinct`.
    of: Vec<usize>,
}

impl Spellings {
    fn read(people: &[PersonSketch]) -> Spellings {
        let mut spelling: HashMap<&str, usize> = HashMap::new();
        let mut distinct: Vec<Name> = Vec::new();
        let of: Vec<usize> = people
            .iter()
            .map(|p| {
                *spelling.entry(p.name.as_str()).or_insert_with(|| {
                    distinct.push(Name::read(&p.name));
                    distinct.len() - 1
                })
            })
            .collect();
        Spellings { distinct, of }
    }
}

/// Groups: the same tokens in any order (`same`), and the same tokens in order
/// (`spelled`, each inside one `same`); members by id.
struct Groups {
    same: Vec<Vec<usize>>,
    spelled: Vec<(usize, Vec<usize>)>,
    /// For each person, their `same` and `spelled` group (none for a single word).
    of: Vec<Option<(usize, usize)>>,
}

impl Groups {
    fn new(people: &[PersonSketch], spellings: &Spellings) -> Groups {
        let mut same_of: HashMap<&[String], usize> = HashMap::new();
        let mut spelled_of: HashMap<&[String], usize> = HashMap::new();
        let mut same: Vec<Vec<usize>> = Vec::new();
        let mut spelled: Vec<(usize, Vec<usize>)> = Vec::new();
        // The groups of each distinct spelling, then of each person.
        let groups_of_spelling: Vec<Option<(usize, usize)>> = spellings
            .distinct
            .iter()
            .map(|name| {
                if name.folded.len() < 2 {
                    return None;
                }
                let next = same.len();
                let s = *same_of.entry(name.sorted.as_slice()).or_insert(next);
                if s == next {
                    same.push(Vec::new());
                }
                let next = spelled.len();
                let f = *spelled_of.entry(name.folded.as_slice()).or_insert(next);
                if f == next {
                    spelled.push((s, Vec::new()));
                }
                Some((s, f))
            })
            .collect();
        let of: Vec<Option<(usize, usize)>> = spellings
            .of
            .iter()
            .map(|&n| groups_of_spelling[n])
            .collect();
        for (index, group) in of.iter().enumerate() {
            if let Some((s, f)) = *group {
                same[s].push(index);
                spelled[f].1.push(index);
            }
        }
        for members in same.iter_mut().chain(spelled.iter_mut().map(|(_, m)| m)) {
            members.sort_by_key(|&i| people[i].id);
        }
        Groups { same, spelled, of }
    }

    /// Whether `i` and `j` have the same name (up to order and accents).
    fn same(&self, i: usize, j: usize) -> bool {
        match (self.of[i], self.of[j]) {
            (Some((a, _)), Some((b, _))) => a == b,
            _ => false,
        }
    }

    /// Whether the spellings of `i` and `j` are a pair of `named`.
    fn names_compared(&self, named: &Named, i: usize, j: usize) -> bool {
        match (self.of[i], self.of[j]) {
            (Some((_, a)), Some((_, b))) => named.contains_key(&(a.min(b), a.max(b))),
            _ => false,
        }
    }
}

/// Address names on two domains, between people of different names: the pairs, and the
/// reasons their `Found::Address` point into.
struct Addresses {
    reasons: Vec<String>,
    pairs: HashMap<(PersonId, PersonId), Listed>,
}

impl Addresses {
    fn find(filter: &Filter, names: &[&Name], groups: &Groups) -> Addresses {
        let mut reasons = Vec::new();
        let mut pairs: HashMap<(PersonId, PersonId), Listed> = HashMap::new();
        for (local, seen) in &address_names(filter.people) {
            for (n, (i, domain_i)) in seen.iter().enumerate() {
                for (j, domain_j) in &seen[n + 1..] {
                    if i == j
                        || domain_i == domain_j
                        || !filter.wanted(*i, *j)
                        || groups.same(*i, *j)
                    {
                        continue;
                    }
                    let confidence = if compare_why(names[*i], names[*j]).is_some() {
                        0.9
                    } else {
                        0.7
                    };
                    let (pair, ordered) = filter.ordered(*i, *j);
                    if pair.0 == pair.1
                        || pairs.get(&pair).is_some_and(|l| l.confidence >= confidence)
                    {
                        continue;
                    }
                    reasons.push(format!(
                        "the same address name {local} at {domain_i} and {domain_j}"
                    ));
                    pairs.insert(
                        pair,
                        Listed {
                            confidence,
                            pair,
                            people: ordered,
                            found: Found::Address(reasons.len() - 1),
                        },
                    );
                }
            }
        }
        Addresses { reasons, pairs }
    }
}

/// Pairs of `spelled` groups (lower index first) whose names were found alike, and how.
type Named = HashMap<(usize, usize), (f64, Why)>;

/// Two different names compared once, within the buckets of a last name and initial.
fn compare_spellings(spelled: &[(usize, Vec<usize>)], names: &[&Name]) -> Named {
    let mut by_bucket: HashMap<String, Vec<usize>> = HashMap::new();
    for (f, (_, members)) in spelled.iter().enumerate() {
        for key in names[members[0]].buckets() {
            if key.starts_with("last:") {
                by_bucket.entry(key).or_default().push(f);
            }
        }
    }
    let mut named: Named = HashMap::new();
    for groups in by_bucket.values() {
        for (n, &x) in groups.iter().enumerate() {
            for &y in &groups[n + 1..] {
                if spelled[x].0 == spelled[y].0 {
                    continue;
                }
                let key = (x.min(y), x.max(y));
                if named.contains_key(&key) {
                    continue;
                }
                if let Some(found) =
                    compare_why(names[spelled[key.0].1[0]], names[spelled[key.1].1[0]])
                {
                    named.insert(key, found);
                }
            }
        }
    }
    named
}

/// Lists the first `top` passing pairs of each group of namesakes, by ids, and counts
/// every pair of them with one in focus.
fn list_namesakes(
    same: &[Vec<usize>],
    filter: &Filter,
    top: usize,
    listed: &mut Vec<Listed>,
) -> usize {
    let mut total = 0usize;
    for members in same {
        total += pairs_with_focus(members.len(), filter.focused(members));
        let mut taken = 0;
        'first: for (n, &i) in members.iter().enumerate() {
            for &j in &members[n + 1..] {
                if taken == top {
                    break 'first;
                }
                if filter.passes(i, j) {
                    let (pair, people) = filter.ordered(i, j);
                    listed.push(Listed {
                        confidence: 0.95,
                        pair,
                        people,
                        found: Found::SameName,
                    });
                    taken += 1;
                }
            }
        }
    }
    total
}

/// Lists the first `top` passing pairs between each two `named` groups, by ids (those
/// not found by address), when fewer than `top` pairs are surer, and counts every pair
/// between them with one in focus.
fn list_named(
    named: &Named,
    groups: &Groups,
    filter: &Filter,
    by_address: &HashMap<(PersonId, PersonId), Listed>,
    top: usize,
    listed: &mut Vec<Listed>,
) -> usize {
    let people = filter.people;
    let mut total = 0usize;
    // A pair of two names can only be listed when fewer than `top` pairs are surer.
    let namesakes = listed.len();
    let by_address_surer = |confidence: f64| {
        by_address
            .values()
            .filter(|l| l.confidence > confidence && !filter.skip.contains(&l.pair))
            .count()
    };
    for (&(x, y), &(confidence, why)) in named {
        let (xs, ys) = (&groups.spelled[x].1, &groups.spelled[y].1);
        let unfocused = |m: &[usize]| m.len() - filter.focused(m);
        total += xs.len() * ys.len() - unfocused(xs) * unfocused(ys);
        if namesakes >= top || namesakes + by_address_surer(confidence) >= top {
            continue;
        }
        // Lowest ids first: each member, with the other group's members above it.
        let mut all: Vec<(usize, &Vec<usize>)> = xs
            .iter()
            .map(|&i| (i, ys))
            .chain(ys.iter().map(|&i| (i, xs)))
            .collect();
        all.sort_by_key(|(i, _)| people[*i].id);
        let mut taken = 0;
        'first: for (i, others) in all {
            let start = others.partition_point(|&j| people[j].id <= people[i].id);
            for &j in &others[start..] {
                if taken == top {
                    break 'first;
                }
                let (pair, ordered) = filter.ordered(i, j);
                if filter.passes(i, j) && !by_address.contains_key(&pair) {
                    listed.push(Listed {
                        confidence,
                        pair,
                        people: ordered,
                        found: Found::Names(why),
                    });
                    taken += 1;
                }
            }
        }
    }
    total
}

/// The pairs ruled out come off the counts of their groups (those found by address are
/// counted with the addresses).
fn uncount_ruled_out(
    named: &Named,
    groups: &Groups,
    filter: &Filter,
    by_address: &HashMap<(PersonId, PersonId), Listed>,
    total: &mut usize,
) {
    let index_of: HashMap<PersonId, usize> = filter
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    for pair in filter.skip {
        let (Some(&i), Some(&j)) = (index_of.get(&pair.0), index_of.get(&pair.1)) else {
            continue;
        };
        if i != j
            && filter.wanted(i, j)
            && !by_address.contains_key(pair)
            && (groups.same(i, j) || groups.names_compared(named, i, j))
        {
            *total -= 1;
        }
    }
}

/// The listed pairs as duplicates, each with its reason in words.
fn put_into_words(listed: Vec<Listed>, names: &[&Name], reasons: &[String]) -> Vec<Duplicate> {
    listed
        .into_iter()
        .map(|l| {
            let (i, j) = l.people;
            Duplicate {
                first: l.pair.0,
                second: l.pair.1,
                confidence: l.confidence,
                reason: match l.found {
                    Found::SameName => compare_why(names[i], names[j])
                        .map(|(_, why)| why.words(names[i], names[j]))
                        .unwrap_or_default(),
                    Found::Names(why) => why.words(names[i], names[j]),
                    Found::Address(n) => reasons[n].clone(),
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
