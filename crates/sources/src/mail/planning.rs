//! A mail source's planning against the store: its rules (the configuration and the
//! store's built-in rules) and messages planned into a batch. Below the sources
//! (`gmail`, `imap`) and the mbox import (`sync`), which all plan this way.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::{Correspondent, MailMessage, MailRules, plan_mail};
use crate::config::SyncConfig;
use crate::rules::SharedRules;
use crate::run::{Planned, SourceReport};
use kith_domain::model::{EmailAddress, Source};
use kith_store::{Store, SyncBatch};

/// The plan rules for a mail source, from the configuration and the store's built-in rules.
pub fn mail_rules(
    config: &SyncConfig,
    store: &Store,
    source: Source,
    now: DateTime<Utc>,
) -> kith_store::Result<MailRules> {
    Ok(MailRules {
        shared: SharedRules::read(config, store, source, now)?,
    })
}

/// Plans messages into a batch, with what the plan noticed (a source's `plan`).
pub fn plan_messages(
    messages: &[MailMessage],
    rules: &MailRules,
    earlier: &HashMap<String, Correspondent>,
) -> Planned {
    let plan = plan_mail(messages, rules, earlier);
    let mut skipped = BTreeMap::new();
    for (reason, n) in plan.skipped {
        *skipped.entry(reason.describe()).or_insert(0) += n;
    }
    let warnings = plan
        .bad_addresses
        .into_iter()
        .map(|(message, address)| {
            let reason = EmailAddress::why_refused(&address).unwrap_or("unreadable");
            format!("message {message}: unreadable address {address:?} ({reason})")
        })
        .collect();
    Planned {
        batch: SyncBatch {
            upserts: plan.upserts,
            cancels: Vec::new(),
        },
        warnings,
        skipped,
    }
}

/// Plans messages into a batch, adding what the plan noticed to `report`.
pub fn planned(
    messages: &[MailMessage],
    rules: &MailRules,
    earlier: &HashMap<String, Correspondent>,
    report: &mut SourceReport,
) -> SyncBatch {
    let planned = plan_messages(messages, rules, earlier);
    for (reason, n) in planned.skipped {
        *report.skipped.entry(reason).or_insert(0) += n;
    }
    report.warnings.extend(planned.warnings);
    planned.batch
}
