//! Moving in: Airtable CSV exports, LinkedIn and Google Contacts CSV, vCard files, and
//! kith's own JSON export. Readers turn files into an `ImportBatch` (pure apart from
//! reading) with every problem located; the store applies a batch in one transaction.

pub mod airtable;
pub mod google_contacts;
pub mod linkedin;
mod links;
pub mod table;
pub mod vcard;

use crate::domain::contact::normalize_phone;
use crate::store::ImportBatch;
use table::Problem;

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
