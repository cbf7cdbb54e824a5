//! Writing new field values into a card's text: only the lines of fields whose value
//! changed are replaced, removed or added (before `END:VCARD`); every other byte of the
//! text stays where it was.

use std::collections::{BTreeMap, BTreeSet};

use super::fields::{NOTE_MARKER, Reading, birthday_value, first_note, first_text, marker};
use super::lines::{Card, Version};
use super::values::{components, escape, fold};
use crate::card::{CardFields, Field, PhoneKind};
use crate::model::{EmailKind, shown_name};

/// What happens to one line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Edit {
    Keep,
    /// Its new content line, unfolded.
    Replace(String),
    Remove,
}

/// The edits to a card: one per line, and the content lines added before `END:VCARD`.
struct Plan<'c, 't> {
    card: &'c Card<'t>,
    edits: Vec<Edit>,
    added: Vec<String>,
}

impl Plan<'_, '_> {
    /// `line`'s head with a new (already escaped) value.
    fn replace_value(&mut self, at: usize, value: &str) {
        let head = self.card.lines[at].head_for_new_value();
        self.edits[at] = Edit::Replace(format!("{head}:{value}"));
    }

    /// Sets the first line of `name` to `value`, adds `name:value` when there is none,
    /// removes it when `value` is empty.
    fn set_single(&mut self, name: &str, value: &str) {
        match (self.card.first(name), value.is_empty()) {
            (Some(at), true) => self.edits[at] = Edit::Remove,
            (Some(at), false) => self.replace_value(at, value),
            (None, true) => {}
            (None, false) => self.added.push(format!("{name}:{value}")),
        }
    }

    /// Removes what is left of an Apple item group (`item1.X-ABLabel`) when the line it
    /// labelled is removed.
    fn drop_orphan_labels(&mut self) {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (at, line) in self.card.lines.iter().enumerate() {
            if let Some(group) = &line.group {
                groups
                    .entry(group.to_ascii_lowercase())
                    .or_default()
                    .push(at);
            }
        }
        for members in groups.values() {
            let removed = |at: &usize| self.edits[*at] == Edit::Remove;
            if !members.iter().any(removed) {
                continue;
            }
            let left: Vec<usize> = members.iter().copied().filter(|at| !removed(at)).collect();
            if left
                .iter()
                .all(|at| self.card.lines[*at].name.starts_with("X-AB"))
            {
                for at in left {
                    self.edits[at] = Edit::Remove;
                }
            }
        }
    }

    fn render(&self) -> String {
        let text = self.card.text;
        let newline = self.card.newline;
        let mut out = String::with_capacity(text.len() + 256);
        let mut cursor = 0;
        for (line, edit) in self.card.lines.iter().zip(&self.edits) {
            if *edit == Edit::Keep {
                continue;
            }
            out.push_str(&text[cursor..line.span.start]);
            if let Edit::Replace(content) = edit {
                out.push_str(&fold(content, newline));
            }
            cursor = line.span.end;
        }
        out.push_str(&text[cursor..self.card.end]);
        for content in &self.added {
            out.push_str(&fold(content, newline));
        }
        out.push_str(&text[self.card.end..]);
        out
    }
}

/// The card's text with `fields` written into it (`reading` is what it says now).
pub(super) fn rewrite(card: &Card, reading: &Reading, fields: &CardFields) -> String {
    let differing = reading.fields.differing(fields);
    if differing.is_empty() {
        return card.text.to_owned();
    }
    let mut plan = Plan {
        card,
        edits: vec![Edit::Keep; card.lines.len()],
        added: Vec::new(),
    };
    names(&mut plan, &differing, fields);
    for field in differing {
        let value = fields.get(field);
        match field {
            Field::GivenName | Field::FamilyName | Field::DisplayName => {}
            Field::Email(_) | Field::Phone(_) => list(&mut plan, reading, field, fields),
            Field::Birthday => {
                let line = card.first("BDAY").map(|at| &card.lines[at]);
                plan.set_single("BDAY", &birthday_value(value, card.version, line));
            }
            Field::Organization => organization(&mut plan, value),
            Field::Title => plan.set_single("TITLE", &escape(value)),
            Field::Note => note(&mut plan, value),
        }
    }
    plan.drop_orphan_labels();
    plan.render()
}

/// N's family and given name (its other components kept) and FN, which every card has:
/// the name shown, else "given family".
fn names(plan: &mut Plan, differing: &[Field], fields: &CardFields) {
    let changed = |field| differing.contains(&field);
    let (given, family) = (fields.get(Field::GivenName), fields.get(Field::FamilyName));
    if changed(Field::GivenName) || changed(Field::FamilyName) {
        match plan.card.first("N") {
            Some(at) => {
                let mut parts: Vec<String> = components(&plan.card.lines[at].value)
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                parts.resize(parts.len().max(5), String::new());
                parts[0] = escape(family);
                parts[1] = escape(given);
                plan.replace_value(at, &parts.join(";"));
            }
            None => plan
                .added
                .push(format!("N:{};{};;;", escape(family), escape(given))),
        }
    }
    if changed(Field::GivenName) || changed(Field::FamilyName) || changed(Field::DisplayName) {
        let shown = shown_name(given, family, Some(fields.get(Field::DisplayName)));
        match plan.card.first("FN") {
            Some(_) if first_text(plan.card, "FN") == shown => {}
            Some(at) => plan.replace_value(at, &escape(&shown)),
            None => plan.added.push(format!("FN:{}", escape(&shown))),
        }
    }
}

/// ORG's first component (the organization; the units after it kept).
fn organization(plan: &mut Plan, value: &str) {
    let Some(at) = plan.card.first("ORG") else {
        return plan.set_single("ORG", &escape(value));
    };
    let mut parts: Vec<String> = components(&plan.card.lines[at].value)
        .into_iter()
        .map(str::to_owned)
        .collect();
    parts[0] = escape(value);
    match parts.iter().all(|p| p.trim().is_empty()) {
        true => plan.edits[at] = Edit::Remove,
        false => plan.replace_value(at, &parts.join(";")),
    }
}

/// kith's marked block of the first NOTE, the phone's own text before it kept.
fn note(plan: &mut Plan, kith: &str) {
    let note = first_note(plan.card);
    let own = match marker(&note) {
        Some(at) => note[..at.start]
            .strip_suffix('\n')
            .unwrap_or(&note[..at.start]),
        None => note.as_str(),
    };
    let value = match (own.is_empty(), kith.is_empty()) {
        (_, true) => own.to_owned(),
        (true, false) => format!("{NOTE_MARKER}\n{kith}"),
        (false, false) => format!("{own}\n{NOTE_MARKER}\n{kith}"),
    };
    plan.set_single("NOTE", &escape(&value));
}

/// A list field: lines whose item is gone removed, new items added with the kind's type.
fn list(plan: &mut Plan, reading: &Reading, field: Field, fields: &CardFields) {
    let wanted: BTreeSet<&str> = fields.items(field).into_iter().collect();
    let had: BTreeSet<&str> = reading.fields.items(field).into_iter().collect();
    for (at, _, item) in reading.items.iter().filter(|(_, f, _)| *f == field) {
        if !wanted.contains(item.as_str()) {
            plan.edits[*at] = Edit::Remove;
        }
    }
    for item in wanted.difference(&had) {
        plan.added.push(new_item(field, item, plan.card.version));
    }
}

/// A new EMAIL or TEL line: 3.0 `TEL;TYPE=CELL:+49…`, 4.0 `TEL;TYPE=cell;VALUE=uri:tel:+49…`.
fn new_item(field: Field, item: &str, version: Version) -> String {
    let v4 = version == Version::V4;
    match field {
        Field::Email(kind) => {
            let kind = match (kind, v4) {
                (EmailKind::Work, false) => ";TYPE=INTERNET,WORK",
                (EmailKind::Personal, false) => ";TYPE=INTERNET,HOME",
                (EmailKind::Other, false) => ";TYPE=INTERNET",
                (EmailKind::Work, true) => ";TYPE=work",
                (EmailKind::Personal, true) => ";TYPE=home",
                (EmailKind::Other, true) => "",
            };
            format!("EMAIL{kind}:{}", escape(item))
        }
        Field::Phone(kind) => {
            let kind = match kind {
                PhoneKind::Mobile => "CELL",
                PhoneKind::Work => "WORK",
                PhoneKind::Home => "HOME",
                PhoneKind::Other => "VOICE",
            };
            match v4 && item.starts_with('+') && !item.contains(' ') {
                true => format!("TEL;TYPE={};VALUE=uri:tel:{item}", kind.to_lowercase()),
                false if v4 => format!("TEL;TYPE={}:{}", kind.to_lowercase(), escape(item)),
                false => format!("TEL;TYPE={kind}:{}", escape(item)),
            }
        }
        _ => String::new(),
    }
}
