//! What a merge does with the other person's follow-ups, topics, important dates and
//! birthday: counted for the question before it, carried out inside the merge, and told
//! after it. A date whose label the kept person already has is renamed after the other
//! ("anniversary (Bob Smith)"), or dropped when it is the very same day; a birthday that
//! differs from the kept one's goes into the notes, so nothing is lost without a word;
//! so does a differing Telegram account.
//! An open follow-up or topic the kept person already has (same day, time, repeat and
//! text; text case and spaces aside) is folded into theirs, counted for the answer.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::Store;
use super::changes::record_relied_on;
use crate::Result;
use kith_domain::contact::Birthday;
use kith_domain::intention::{DateId, FollowUp, FollowUpId, ImportantDate, Topic, TopicId};
use kith_domain::model::PersonId;

/// The longest label a date holds (the schema says the same).
const MAX_LABEL: usize = 200;

/// What moves onto the kept person beside addresses and interactions, and what had to
/// give way.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MergePlan {
    /// Open follow-ups and topics that move (folded ones not).
    pub follow_ups: usize,
    pub topics: usize,
    /// Open follow-ups and topics folded into the kept person's very same one.
    pub folded_follow_ups: usize,
    pub folded_topics: usize,
    /// Important dates that move (renamed ones included, dropped ones not).
    pub dates: usize,
    /// Labels the kept person already had: the other's label and its new one.
    pub renamed: Vec<(String, String)>,
    /// The other's dates dropped as the kept person's very same (label and day).
    pub dropped: Vec<String>,
    /// Both birthdays, as shown, when they differ: the kept one's stays, the other's
    /// goes into the notes.
    pub birthdays: Option<(String, String)>,
    /// Telegram accounts that differ, each part as shown ("@ana", "user 12"): the kept
    /// person's stays, the other's goes into the notes.
    pub telegram: Vec<(String, String)>,
    #[serde(skip)]
    renames: Vec<(DateId, String)>,
    /// The other's date dropped, and the kept person's date it duplicates.
    #[serde(skip)]
    drops: Vec<(DateId, DateId)>,
    /// The other's follow-ups and topics folded, and the kept person's they duplicate.
    #[serde(skip)]
    follow_up_folds: Vec<(FollowUpId, FollowUpId)>,
    #[serde(skip)]
    topic_folds: Vec<(TopicId, TopicId)>,
    /// The other's birthday, when the kept person's has the same day but no year.
    #[serde(skip)]
    year_from_other: Option<Birthday>,
}

impl MergePlan {
    /// The lines the kept person's notes gain, when the birthdays or the Telegram
    /// accounts differ.
    pub(super) fn merged_notes(&self, other_name: &str) -> Option<String> {
        let birthday = self.birthdays.as_ref().map(|(kept, theirs)| {
            format!("Birthday of {other_name} (merged in): {theirs}; kept {kept}.")
        });
        let telegram = self.telegram.iter().map(|(kept, theirs)| {
            format!("Telegram of {other_name} (merged in): {theirs}; kept {kept}.")
        });
        let lines: Vec<String> = birthday.into_iter().chain(telegram).collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }
}

/// The parts of two Telegram accounts that both have and that differ, as shown: the
/// kept person's first.
fn differing_telegram(
    kept: &crate::TelegramIdentity,
    theirs: &crate::TelegramIdentity,
) -> Vec<(String, String)> {
    let mut differing = Vec::new();
    if let (Some(mine), Some(other)) = (kept.id, theirs.id)
        && mine != other
    {
        differing.push((format!("user {mine}"), format!("user {other}")));
    }
    if let (Some(mine), Some(other)) = (&kept.username, &theirs.username)
        && !mine.eq_ignore_ascii_case(other)
    {
        differing.push((format!("@{mine}"), format!("@{other}")));
    }
    differing
}

/// `label (name)`, cut so it fits a label, and not one of `taken` (lowercase): a number
/// is added until it is free.
fn renamed_label(label: &str, name: &str, taken: &[String]) -> String {
    let name: String = name.chars().take(60).collect();
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                format!(" ({name})")
            } else {
                format!(" ({name} {n})")
            };
            let room = MAX_LABEL.saturating_sub(suffix.chars().count());
            let head: String = label.trim().chars().take(room).collect();
            format!("{}{suffix}", head.trim_end())
        })
        .find(|candidate| !taken.contains(&candidate.to_lowercase()))
        .expect("some number is free")
}

fn key(label: &str) -> String {
    label.trim().to_lowercase()
}

/// A text as compared for sameness: case and runs of spaces aside.
fn text_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The other's open follow-ups the kept person has the very same of.
fn fold_follow_ups(kept: &[FollowUp], theirs: &[FollowUp]) -> Vec<(FollowUpId, FollowUpId)> {
    let same = |a: &FollowUp, b: &FollowUp| {
        (a.due_on, a.due_at, a.repeat) == (b.due_on, b.due_at, b.repeat)
            && text_key(&a.text) == text_key(&b.text)
    };
    theirs
        .iter()
        .filter_map(|t| kept.iter().find(|k| same(k, t)).map(|k| (t.id, k.id)))
        .collect()
}

/// The other's open topics the kept person has the very same of.
fn fold_topics(kept: &[Topic], theirs: &[Topic]) -> Vec<(TopicId, TopicId)> {
    theirs
        .iter()
        .filter_map(|t| {
            kept.iter()
                .find(|k| text_key(&k.text) == text_key(&t.text))
                .map(|k| (t.id, k.id))
        })
        .collect()
}

/// How the other's dates join the kept person's.
fn plan_dates(kept: &[ImportantDate], theirs: &[ImportantDate], name: &str, plan: &mut MergePlan) {
    let mut taken: Vec<String> = kept.iter().map(|d| key(&d.label)).collect();
    taken.extend(theirs.iter().map(|d| key(&d.label)));
    for date in theirs {
        let Some(same) = kept.iter().find(|k| key(&k.label) == key(&date.label)) else {
            plan.dates += 1;
            continue;
        };
        if same.on == date.on && same.yearly == date.yearly {
            plan.dropped.push(date.label.clone());
            plan.drops.push((date.id, same.id));
            continue;
        }
        let label = renamed_label(&date.label, name, &taken);
        taken.push(key(&label));
        plan.renamed.push((date.label.clone(), label.clone()));
        plan.renames.push((date.id, label));
        plan.dates += 1;
    }
}

impl Store {
    /// What merging `other` into `keep` would do with follow-ups, topics, dates and
    /// birthdays. Reads only.
    pub fn merge_plan(&self, keep: PersonId, other: PersonId) -> Result<MergePlan> {
        let (their_follow_ups, their_topics) = (self.follow_ups_of(other)?, self.topics_of(other)?);
        let follow_up_folds = fold_follow_ups(&self.follow_ups_of(keep)?, &their_follow_ups);
        let topic_folds = fold_topics(&self.topics_of(keep)?, &their_topics);
        let mut plan = MergePlan {
            follow_ups: their_follow_ups.len() - follow_up_folds.len(),
            topics: their_topics.len() - topic_folds.len(),
            folded_follow_ups: follow_up_folds.len(),
            folded_topics: topic_folds.len(),
            follow_up_folds,
            topic_folds,
            ..MergePlan::default()
        };
        let (kept_person, other_person) = (self.person(keep)?, self.person(other)?);
        plan.telegram = differing_telegram(&kept_person.telegram, &other_person.telegram);
        let name = other_person.name();
        plan_dates(
            &self.important_dates_of(keep)?,
            &self.important_dates_of(other)?,
            &name,
            &mut plan,
        );
        if let (Some(kept), Some(theirs)) = (self.birthday_of(keep)?, self.birthday_of(other)?) {
            let same_day = (kept.month, kept.day) == (theirs.month, theirs.day);
            if same_day && kept.year.is_none() {
                plan.year_from_other = Some(theirs);
            } else if kept != theirs && !(same_day && theirs.year.is_none()) {
                plan.birthdays = Some((kept.shown(), theirs.shown()));
            }
        }
        Ok(plan)
    }
}

/// Carries out the plan's renames, drops and birthday year inside the merge's
/// transaction, before the other's rows move. A dropped date relies on the kept one it
/// duplicates: undoing that one's adding is refused, naming the merge.
pub(super) fn apply_plan(
    tx: &Connection,
    plan: &MergePlan,
    keep: PersonId,
    now: &str,
) -> Result<()> {
    for (id, label) in &plan.renames {
        tx.execute(
            "UPDATE important_dates SET label = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.0, label, now],
        )?;
    }
    for (dropped, kept) in &plan.drops {
        record_relied_on(tx, "important_dates", "t.id = ?1", [kept.0])?;
        tx.execute("DELETE FROM important_dates WHERE id = ?1", [dropped.0])?;
    }
    for (folded, kept) in &plan.follow_up_folds {
        record_relied_on(tx, "follow_ups", "t.id = ?1", [kept.0])?;
        tx.execute("DELETE FROM follow_ups WHERE id = ?1", [folded.0])?;
    }
    for (folded, kept) in &plan.topic_folds {
        record_relied_on(tx, "topics", "t.id = ?1", [kept.0])?;
        tx.execute("DELETE FROM topics WHERE id = ?1", [folded.0])?;
    }
    if let Some(birthday) = plan.year_from_other {
        tx.execute(
            "UPDATE people SET birthday = ?2 WHERE id = ?1",
            params![keep.0, birthday.stored()],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(id: i64, label: &str, on: &str) -> ImportantDate {
        ImportantDate {
            id: DateId(id),
            person: PersonId(1),
            label: label.into(),
            on: Birthday::parse(on).unwrap(),
            yearly: true,
        }
    }

    #[test]
    fn a_clashing_label_is_renamed_after_the_other_and_the_same_day_dropped() {
        let kept = [
            date(1, "anniversary", "--12-11"),
            date(2, "name day", "--03-01"),
        ];
        let theirs = [
            date(3, "Anniversary", "--12-10"),
            date(4, "name day", "--03-01"),
            date(5, "moving", "--05-05"),
        ];
        let mut plan = MergePlan::default();
        plan_dates(&kept, &theirs, "Zoe Muller", &mut plan);
        assert_eq!(
            plan.renamed,
            [(
                "Anniversary".to_owned(),
                "Anniversary (Zoe Muller)".to_owned()
            )]
        );
        assert_eq!(plan.dropped, ["name day"]);
        assert_eq!(plan.dates, 2);
        let long = "x".repeat(MAX_LABEL);
        let renamed = renamed_label(&long, "Zoe", &[]);
        assert_eq!(renamed.chars().count(), MAX_LABEL);
        assert!(renamed.ends_with(" (Zoe)"));
        assert_eq!(
            renamed_label("a", "Zoe", &["a (zoe)".to_owned()]),
            "a (Zoe 2)"
        );
    }
}
