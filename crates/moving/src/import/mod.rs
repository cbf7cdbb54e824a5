//! Moving in: Airtable CSV exports, LinkedIn and Google Contacts CSV, vCard files, and
//! kith's own JSON export. Readers turn files into an `ImportBatch` (pure apart from
//! reading) with every problem located; the store applies a batch in one transaction.
//! A contact that is only an organization becomes that organization here, for every
//! contact reader, and two entries of one file that share an address or an id are one
//! person (`fold`).

pub mod airtable;
pub mod fold;
pub mod google_contacts;
pub mod linkedin;
mod links;
pub mod reader;
pub mod table;
pub mod telegram;
pub mod vcard;
mod vcard_lines;

use kith_domain::contact::normalize_phone;
use kith_domain::import::{ImportBatch, ImportOrganization};
use kith_domain::model::{EmailAddress, is_free_mail};
use table::Problem;

/// What a contact that is only an organization (a card of `KIND:org`, a contact with no
/// name but an organization) says: kith keeps it as that organization, never as a person.
pub(crate) struct OrganizationContact<'a> {
    pub name: String,
    pub notes: String,
    pub tags: Vec<String>,
    pub emails: &'a [EmailAddress],
    pub phones: &'a [String],
}

impl OrganizationContact<'_> {
    /// The organization, with its addresses' domains (not a free-mail provider's) as its
    /// domains; and, when it had addresses or numbers, what was not imported (kith keeps
    /// neither for an organization) in words.
    pub(crate) fn organization(self) -> (ImportOrganization, Option<String>) {
        let mut seen = std::collections::HashSet::new();
        let domains: Vec<String> = self
            .emails
            .iter()
            .map(|address| address.domain().to_owned())
            .filter(|domain| !is_free_mail(domain) && seen.insert(domain.clone()))
            .collect();
        let left_out: Vec<&str> = self
            .emails
            .iter()
            .map(EmailAddress::as_str)
            .chain(self.phones.iter().map(String::as_str))
            .collect();
        let message = (!left_out.is_empty()).then(|| {
            format!(
                "an organization only: imported as the organization {:?}{}; organizations keep no addresses or phone numbers, so {} not imported",
                self.name,
                match domains.as_slice() {
                    [] => String::new(),
                    list => format!(" with the domain {}", shortened(list)),
                },
                match left_out.as_slice() {
                    [one] => format!("{one} was"),
                    many => format!("{} were", shortened(many)),
                }
            )
        });
        let organization = ImportOrganization {
            name: self.name,
            notes: self.notes,
            tags: self.tags,
            domains,
            ..ImportOrganization::default()
        };
        (organization, message)
    }
}

/// The first five of a list, and how many more.
fn shortened<T: AsRef<str>>(list: &[T]) -> String {
    let shown: Vec<&str> = list.iter().take(5).map(AsRef::as_ref).collect();
    match list.len().saturating_sub(5) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// Every phone number of a batch in the form kith keeps (E.164 where `region` tells the
/// country of a national number); a number that is not one is left out, and said so.
pub fn tidy_phones(batch: &mut ImportBatch, region: Option<&str>, file: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    for person in &mut batch.people {
        let mut kept: Vec<(String, String)> = Vec::new();
        // Tens of thousands of numbers on one card are each looked up once.
        let mut seen = std::collections::HashSet::new();
        for (number, kind) in person.phones.drain(..) {
            match normalize_phone(&number, region) {
                Ok(number) if seen.insert(number.clone()) => kept.push((number, kind)),
                Ok(_) => {}
                Err(error) => problems.push(Problem {
                    file: file.to_owned(),
                    row: None,
                    column: None,
                    message: format!(
                        "{} {}: {error}; the number was left out",
                        person.given_name, person.family_name
                    ),
                }),
            }
        }
        person.phones = kept;
    }
    problems
}
