//! Every person who is not archived as vCard 4.0, from the JSON export (their Telegram
//! account as `X-TELEGRAM` and `IMPP`).

use std::collections::HashMap;

use serde_json::Value;

use super::{Tables, person_name};

/// Escapes a vCard text value: a line break of any kind (CR LF, LF, a lone CR) is `\n`,
/// and other control characters (NUL among them) are left out, so a value never ends a
/// content line early or puts a byte into it that readers refuse.
fn escape(value: &str) -> String {
    clean(
        &value
            .replace('\\', "\\\\")
            .replace(',', "\\,")
            .replace(';', "\\;")
            .replace("\r\n", "\\n")
            .replace(['\n', '\r'], "\\n"),
    )
}

/// A value written as it is (an address, a URL, a number) without control characters.
fn clean(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_control() || *c == '\t')
        .collect()
}

/// Folds a content line at 75 octets without splitting a character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut length = 0;
    for c in line.chars() {
        if length + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            length = 1;
        }
        out.push(c);
        length += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// Every person who is not archived, as vCard 4.0.
pub fn vcards(export: &Value) -> String {
    let tables = Tables::read(export);
    let people = &tables.people;
    let emails = &tables.emails;
    let organizations = tables.organization_names();
    let tags = tables.person_tags();
    let mut jobs: HashMap<i64, (String, String)> = HashMap::new();
    for job in &tables.employment {
        if job.is_current == Some(1)
            && let (Some(person), Some(organization)) = (job.person_id, job.organization_id)
        {
            jobs.entry(person).or_insert_with(|| {
                (
                    organizations
                        .get(&organization)
                        .cloned()
                        .unwrap_or_default(),
                    job.title.clone(),
                )
            });
        }
    }
    let mut out = String::new();
    for person in people.iter().filter(|p| p.archived != Some(1)) {
        let id = person.id.unwrap_or_default();
        out.push_str("BEGIN:VCARD\r\nVERSION:4.0\r\n");
        out.push_str(&fold(&format!("FN:{}", escape(&person_name(person)))));
        out.push_str(&fold(&format!(
            "N:{};{};;;",
            escape(&person.family_name.clone()),
            escape(&person.given_name.clone())
        )));
        for email in emails.iter().filter(|e| e.person_id == Some(id)) {
            let kind = match email.kind.clone().as_str() {
                "work" => ";TYPE=work",
                "personal" => ";TYPE=home",
                _ => "",
            };
            let pref = if email.is_primary == Some(1) {
                ";PREF=1"
            } else {
                ""
            };
            out.push_str(&fold(&format!(
                "EMAIL{kind}{pref}:{}",
                clean(&email.address)
            )));
        }
        for phone in tables.phones.iter().filter(|p| p.person_id == Some(id)) {
            let kind = match phone.kind.as_str() {
                "mobile" => ";TYPE=cell",
                "work" => ";TYPE=work",
                "home" => ";TYPE=home",
                _ => "",
            };
            out.push_str(&fold(&format!(
                "TEL;VALUE=uri{kind}:tel:{}",
                clean(&phone.number)
            )));
        }
        if !person.birthday.is_empty() {
            // vCard 4.0 writes a birthday without a year as --MMDD.
            let day = match person.birthday.strip_prefix("--") {
                Some(month_day) => format!("--{}", month_day.replace('-', "")),
                None => person.birthday.replace('-', ""),
            };
            out.push_str(&fold(&format!("BDAY:{}", clean(&day))));
        }
        if let Some((organization, title)) = jobs.get(&id) {
            out.push_str(&fold(&format!("ORG:{}", escape(organization))));
            if !title.is_empty() {
                out.push_str(&fold(&format!("TITLE:{}", escape(title))));
            }
        }
        let url = person.linkedin_url.clone();
        if !url.is_empty() {
            out.push_str(&fold(&format!("URL:{}", clean(&url))));
        }
        out.push_str(&telegram_lines(person));
        if let Some(list) = tags.get(&id).filter(|l| !l.is_empty()) {
            let list: Vec<String> = list.iter().map(|t| escape(t)).collect();
            out.push_str(&fold(&format!("CATEGORIES:{}", list.join(","))));
        }
        let notes = person.notes.clone();
        if !notes.is_empty() {
            out.push_str(&fold(&format!("NOTE:{}", escape(&notes))));
        }
        out.push_str("END:VCARD\r\n");
    }
    out
}

/// Their Telegram account: `X-TELEGRAM:@name` (what address books show) and the IMPP
/// that opens the chat, `tg://resolve?domain=name`; and their id as `tg://user?id=123`,
/// with the username or alone, so an import gets both back.
fn telegram_lines(person: &super::PersonRow) -> String {
    let username = clean(&person.telegram_username);
    let mut lines = String::new();
    if !username.is_empty() {
        lines.push_str(&fold(&format!("X-TELEGRAM:@{username}")));
        lines.push_str(&fold(&format!("IMPP:tg://resolve?domain={username}")));
    }
    if let Some(id) = person.telegram_id {
        lines.push_str(&fold(&format!("IMPP:tg://user?id={id}")));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vcard_text_is_escaped_and_folded() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(escape("a\rb\r\nc\0d"), "a\\nb\\ncd");
        let folded = fold(&format!("NOTE:{}", "ü".repeat(60)));
        assert!(folded.split("\r\n").all(|line| line.len() <= 75));
    }
}
