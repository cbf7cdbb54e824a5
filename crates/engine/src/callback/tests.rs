//! The callbacks' encodings, pinned: buttons already sent in chats keep working.

use super::*;
use kith_domain::intention::{DateId, FollowUpId, TopicId};
use kith_domain::model::{
    ChangeId, EmailId, InteractionId, InteractionType, OrganizationId, PersonId, TagId, Tier,
};

/// Buttons already sent in chats keep working: these spellings never change.
#[test]
fn encodings_stay_byte_identical() {
    let (p, q, e, i) = (PersonId(12), PersonId(7), EmailId(5), InteractionId(9));
    let tier = Tier::new(3).unwrap();
    let cases = [
        (Callback::Person(p), "p:12"),
        (Callback::Organization(OrganizationId(4)), "o:4"),
        (
            Callback::Interactions {
                person: p,
                offset: 10,
            },
            "i:12:10",
        ),
        (Callback::LogFor(p), "l:12"),
        (Callback::NoteFor(p), "n:12"),
        (Callback::EditTier(p), "et:12"),
        (
            Callback::SetTier {
                person: p,
                tier: Some(tier),
            },
            "t:12:3",
        ),
        (
            Callback::SetTier {
                person: p,
                tier: None,
            },
            "t:12:0",
        ),
        (
            Callback::Stale {
                key: StaleKey::All,
                offset: 0,
            },
            "s:a:0",
        ),
        (
            Callback::Stale {
                key: StaleKey::Tag(TagId(2)),
                offset: 10,
            },
            "s:g2:10",
        ),
        (
            Callback::Stale {
                key: StaleKey::Tier(tier),
                offset: 0,
            },
            "s:r3:0",
        ),
        (
            Callback::Stale {
                key: StaleKey::Organization(OrganizationId(8)),
                offset: 20,
            },
            "s:o8:20",
        ),
        (Callback::Unknown { offset: 30 }, "u:30"),
        (Callback::LinkStart(e), "lk:5"),
        (
            Callback::LinkTo {
                email: e,
                person: p,
            },
            "lt:5:12",
        ),
        (Callback::Create(e), "c:5"),
        (Callback::Ignore(e), "x:5"),
        (Callback::IgnoreDomain(e), "xd:5"),
        (
            Callback::Choose {
                pending: 3,
                person: p,
            },
            "ch:3:12",
        ),
        (Callback::LogAnyway { pending: 3 }, "la:3"),
        (
            Callback::DateChoice {
                pending: 3,
                month_first: true,
            },
            "dc:3:1",
        ),
        (
            Callback::DateChoice {
                pending: 3,
                month_first: false,
            },
            "dc:3:0",
        ),
        (
            Callback::Notes {
                person: p,
                offset: 400,
            },
            "nt:12:400",
        ),
        (Callback::Merge { keep: p, other: q }, "m:12:7"),
        (Callback::MergeAsk { keep: p, other: q }, "mq:12:7"),
        (
            Callback::NotSame {
                first: p,
                second: q,
            },
            "ns:12:7",
        ),
        (Callback::Recent { offset: 10 }, "r:10"),
        (Callback::Tags { offset: 10 }, "tg:10"),
        (Callback::Undo(ChangeId(44)), "un:44"),
        (Callback::Interaction(i), "ic:9"),
        (
            Callback::InteractionAsk {
                interaction: i,
                ask: InteractionAsk::Date,
            },
            "ia:9:d",
        ),
        (
            Callback::InteractionAsk {
                interaction: i,
                ask: InteractionAsk::Title,
            },
            "ia:9:t",
        ),
        (
            Callback::InteractionAsk {
                interaction: i,
                ask: InteractionAsk::AddNote,
            },
            "ia:9:n",
        ),
        (
            Callback::InteractionAsk {
                interaction: i,
                ask: InteractionAsk::ReplaceNotes,
            },
            "ia:9:r",
        ),
        (
            Callback::InteractionAsk {
                interaction: i,
                ask: InteractionAsk::AddPerson,
            },
            "ia:9:p",
        ),
        (Callback::InteractionTypes(i), "iy:9"),
        (
            Callback::InteractionType {
                interaction: i,
                kind: InteractionType::ALL[0],
            },
            "is:9:0",
        ),
        (
            Callback::InteractionType {
                interaction: i,
                kind: InteractionType::ALL[10],
            },
            "is:9:10",
        ),
        (
            Callback::Happened {
                interaction: i,
                happened: false,
            },
            "ih:9:0",
        ),
        (
            Callback::Initiated {
                interaction: i,
                by_other: true,
            },
            "ii:9:1",
        ),
        (Callback::InteractionPeople(i), "ip:9"),
        (
            Callback::TakeOff {
                interaction: i,
                person: p,
            },
            "ir:9:12",
        ),
        (Callback::Delete(i), "ix:9"),
        (Callback::Edit(p), "ep:12"),
        (
            Callback::EditField {
                person: p,
                ask: PersonAsk::Name,
            },
            "ef:12:0",
        ),
        (
            Callback::EditField {
                person: p,
                ask: PersonAsk::Birthday,
            },
            "ef:12:11",
        ),
        (
            Callback::EditField {
                person: p,
                ask: PersonAsk::Telegram,
            },
            "ef:12:12",
        ),
        (
            Callback::Archive {
                person: p,
                archived: true,
            },
            "ar:12:1",
        ),
        (Callback::Ignored { offset: 0 }, "ig:0"),
        (Callback::UnignoreEmail(e), "ue:5"),
        (Callback::UnignoreRule(u32::MAX), "ur:4294967295"),
        (
            Callback::History {
                person: p,
                offset: 10,
            },
            "hi:12:10",
        ),
        (Callback::RemindMenu(p), "rm:12"),
        (
            Callback::RemindIn {
                person: p,
                later: Later::TwoWeeks,
            },
            "ri:12:2w",
        ),
        (
            Callback::FollowUpDone {
                follow_up: FollowUpId(3),
                due: NaiveDate::from_ymd_opt(2026, 12, 14).unwrap(),
            },
            "rd:3:20261214",
        ),
        (
            Callback::FollowUpKeep {
                follow_up: FollowUpId(3),
                due: NaiveDate::from_ymd_opt(2027, 1, 5).unwrap(),
            },
            "rk:3:20270105",
        ),
        (Callback::SnoozeMenu(FollowUpId(3)), "rz:3"),
        (
            Callback::SnoozeFollowUp {
                follow_up: FollowUpId(3),
                on: NaiveDate::from_ymd_opt(2026, 12, 11).unwrap(),
                later: Later::Pick,
            },
            "rs:3:20261211:p",
        ),
        (Callback::FollowUps { offset: 10 }, "rl:10"),
        (Callback::NotNow(p), "nn:12"),
        (
            Callback::SnoozePerson {
                person: p,
                later: Later::ThreeMonths,
            },
            "pz:12:3m",
        ),
        (
            Callback::SeeLessOften {
                person: p,
                from_days: 60,
            },
            "ls:12:60",
        ),
        (Callback::Snoozed { offset: 0 }, "sz:0"),
        (Callback::Unsnooze(p), "uz:12"),
        (Callback::TopicDone(TopicId(4)), "td:4"),
        (
            Callback::RemoveDate {
                pending: 3,
                date: DateId(5),
            },
            "dr:3:5",
        ),
        (Callback::Cancel, "cancel"),
    ];
    for (callback, data) in cases {
        assert_eq!(callback.encode(), data);
        assert_eq!(Callback::decode(data), Some(callback), "{data}");
    }
}

/// The buttons of a forward's and a free text's proposal.
#[test]
fn proposal_encodings_stay_byte_identical() {
    let p = PersonId(12);
    let cases = [
        (
            Callback::ForwardLog {
                pending: 3,
                note: true,
            },
            "fwl:3:1",
        ),
        (
            Callback::ForwardPerson {
                pending: 3,
                person: p,
            },
            "fwp:3:12",
        ),
        (Callback::ForwardCreate { pending: 3 }, "fwc:3"),
        (Callback::ForwardOther { pending: 3 }, "fwo:3"),
        (Callback::DropProposal { pending: 3 }, "fwx:3"),
        (Callback::FreeLog { pending: 3 }, "ftl:3"),
        (Callback::FreeEdit { pending: 3 }, "fte:3"),
        (
            Callback::FreePerson {
                pending: 3,
                person: p,
            },
            "ftp:3:12",
        ),
        (
            Callback::FreeDate {
                pending: 3,
                month_first: false,
            },
            "ftd:3:0",
        ),
        (Callback::Partners { offset: 10 }, "tpp:10"),
        (Callback::PartnerLinkStart(7_000_000_001), "tpl:7000000001"),
        (
            Callback::PartnerLinkTo {
                partner: 7_000_000_001,
                person: p,
            },
            "tpt:7000000001:12",
        ),
        (Callback::PartnerCreate(22), "tpc:22"),
        (Callback::PartnerIgnore(22), "tpx:22"),
        (
            Callback::WritingPage {
                pending: 3,
                offset: 10,
            },
            "sw:3:10",
        ),
        (Callback::CardQuestions { offset: 10 }, "abq:10"),
        (Callback::CardKeepKith(4), "abk:4"),
        (Callback::CardTakeCard(4), "abt:4"),
        (Callback::CardArchive(4), "aba:4"),
        (Callback::CardPutBack(4), "abp:4"),
        (Callback::CardKithOnly(4), "abo:4"),
        (Callback::CardDelete(4), "abd:4"),
        (Callback::CardKeep(4), "abc:4"),
        (Callback::CardAddAll, "abn"),
        (Callback::CardChoose { offset: 10 }, "abl:10"),
        (Callback::CardAdd(p), "aby:12"),
        (Callback::CardKeepOut(p), "abx:12"),
    ];
    for (callback, data) in cases {
        assert_eq!(callback.encode(), data);
        assert_eq!(Callback::decode(data), Some(callback), "{data}");
    }
}

#[test]
fn every_code_is_declared_once() {
    let mut codes: Vec<&str> = DECLARED.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), DECLARED.len());
}

#[test]
fn a_follow_up_button_names_its_occurrence_by_a_real_day_only() {
    for data in [
        "rd:3",
        "rd:3:20261301",
        "rd:3:20260230",
        "rd:3:2026121",
        "rd:3:+2026121",
        "rs:3:1w",
        "rs:3:20261211",
        "rk:3:2026-12-14",
    ] {
        assert_eq!(Callback::decode(data), None, "{data}");
    }
}
