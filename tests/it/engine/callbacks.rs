//! Every button's callback data: each variant round-trips within Telegram's 64 bytes,
//! and anything that is not exactly an encoding decodes to nothing.

use kith::domain::model::{
    ChangeId, EmailId, InteractionId, InteractionType, OrganizationId, PersonId, TagId, Tier,
};
use kith::engine::callback::{Callback, InteractionAsk, MAX_CALLBACK_BYTES, PersonAsk, StaleKey};

const BIG: i64 = i64::MAX;

fn every_variant() -> Vec<Callback> {
    let p = PersonId(BIG);
    let e = EmailId(BIG);
    let tier = Tier::new(7).unwrap();
    vec![
        Callback::Person(p),
        Callback::Organization(OrganizationId(BIG)),
        Callback::Interactions {
            person: p,
            offset: u32::MAX,
        },
        Callback::LogFor(p),
        Callback::NoteFor(p),
        Callback::EditTier(p),
        Callback::SetTier {
            person: p,
            tier: Some(tier),
        },
        Callback::SetTier {
            person: p,
            tier: None,
        },
        Callback::Stale {
            key: StaleKey::All,
            offset: u32::MAX,
        },
        Callback::Stale {
            key: StaleKey::Tag(TagId(BIG)),
            offset: u32::MAX,
        },
        Callback::Stale {
            key: StaleKey::Tier(tier),
            offset: 0,
        },
        Callback::Stale {
            key: StaleKey::Organization(OrganizationId(BIG)),
            offset: 10,
        },
        Callback::Unknown { offset: u32::MAX },
        Callback::LinkStart(e),
        Callback::LinkTo {
            email: e,
            person: p,
        },
        Callback::Create(e),
        Callback::Ignore(e),
        Callback::IgnoreDomain(e),
        Callback::Choose {
            pending: BIG,
            person: p,
        },
        Callback::LogAnyway { pending: BIG },
        Callback::DateChoice {
            pending: BIG,
            month_first: true,
        },
        Callback::Notes {
            person: p,
            offset: u32::MAX,
        },
        Callback::Merge {
            keep: p,
            other: PersonId(1),
        },
        Callback::MergeAsk { keep: p, other: p },
        Callback::NotSame {
            first: p,
            second: p,
        },
        Callback::Recent { offset: u32::MAX },
        Callback::Tags { offset: u32::MAX },
        Callback::Undo(ChangeId(BIG)),
        Callback::Interaction(InteractionId(BIG)),
        Callback::InteractionAsk {
            interaction: InteractionId(BIG),
            ask: InteractionAsk::ReplaceNotes,
        },
        Callback::InteractionTypes(InteractionId(BIG)),
        Callback::InteractionType {
            interaction: InteractionId(BIG),
            kind: InteractionType::Other,
        },
        Callback::Happened {
            interaction: InteractionId(BIG),
            happened: true,
        },
        Callback::Initiated {
            interaction: InteractionId(BIG),
            by_other: false,
        },
        Callback::InteractionPeople(InteractionId(BIG)),
        Callback::TakeOff {
            interaction: InteractionId(BIG),
            person: p,
        },
        Callback::Delete(InteractionId(BIG)),
        Callback::Edit(p),
        Callback::EditField {
            person: p,
            ask: PersonAsk::Tags,
        },
        Callback::Archive {
            person: p,
            archived: true,
        },
        Callback::Ignored { offset: u32::MAX },
        Callback::UnignoreEmail(e),
        Callback::UnignoreRule(u32::MAX),
        Callback::History {
            person: p,
            offset: u32::MAX,
        },
        Callback::Cancel,
    ]
}

#[test]
fn every_variant_round_trips_within_64_bytes() {
    for callback in every_variant() {
        let data = callback.encode();
        assert!(
            data.len() <= MAX_CALLBACK_BYTES,
            "{data} is {} bytes",
            data.len()
        );
        assert_eq!(Callback::decode(&data), Some(callback), "{data}");
    }
}

#[test]
fn garbage_truncated_and_forged_data_decode_to_nothing() {
    let cases = [
        "",
        ":",
        "p",
        "p:",
        "p:abc",
        "p:-1",
        "p:0",
        "p:+5",
        "p:007",
        "p: 5",
        "p:5:6",
        "zz:1",
        "t:5:8",
        "t:5:",
        "s:q1:0",
        "s:r9:0",
        "s:g0:0",
        "s:a:-1",
        "u:99999999999",
        "ch:1",
        "lt:1",
        "cancel:1",
        "ih:5:2",
        "dc:5:2",
        "dc:5",
        "ia:5:z",
        "is:5:12",
        "ef:5:13",
        "ur:4294967296",
        "un:0",
        "P:5",
        "p:99999999999999999999",
        "\u{0}",
        "p:٣",
    ];
    for data in cases {
        assert_eq!(Callback::decode(data), None, "{data:?}");
    }
    let long = format!("p:{}", "1".repeat(70));
    assert_eq!(Callback::decode(&long), None);
    // Every prefix of a valid encoding that is not itself valid is refused.
    for callback in every_variant() {
        let data = callback.encode();
        for cut in 0..data.len() {
            let prefix = &data[..cut];
            if let Some(decoded) = Callback::decode(prefix) {
                assert_eq!(decoded.encode(), prefix);
            }
        }
    }
}

#[test]
fn every_encoding_has_the_parts_its_declaration_names() {
    for callback in every_variant() {
        let data = callback.encode();
        let mut parts = data.split(':');
        let code = parts.next().unwrap();
        let declared = kith::engine::callback::DECLARED
            .iter()
            .find(|kind| kind.code == code)
            .unwrap_or_else(|| panic!("{data} has an undeclared code"));
        assert_eq!(parts.count(), declared.parts.len(), "{data}");
    }
}
