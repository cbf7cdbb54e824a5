//! The three-way merge as cases: a field changed on one side, on both, to the same value;
//! lists merged item by item; a first sync; a cleared field; the stored form read back.

use super::*;

fn fields(pairs: &[(Field, &str)]) -> CardFields {
    let mut fields = CardFields::new();
    for (field, value) in pairs {
        fields.set(*field, *value);
    }
    fields
}

const MOBILE: Field = Field::Phone(PhoneKind::Mobile);

#[test]
fn a_field_changed_on_one_side_goes_to_the_other() {
    let base = fields(&[(Field::GivenName, "Ana"), (MOBILE, "+4915112345678")]);
    let card = fields(&[(Field::GivenName, "Ana"), (MOBILE, "+351912345678")]);
    let kith = fields(&[
        (Field::GivenName, "Ana"),
        (MOBILE, "+4915112345678"),
        (Field::Birthday, "1990-04-01"),
    ]);
    let merged = merge(&base, &card, &kith);
    assert_eq!(merged.to_kith, vec![(MOBILE, "+351912345678".to_owned())]);
    assert_eq!(merged.to_card, vec![Field::Birthday]);
    assert!(merged.conflicts.is_empty());
    assert_eq!(
        merged.synced,
        fields(&[
            (Field::GivenName, "Ana"),
            (MOBILE, "+351912345678"),
            (Field::Birthday, "1990-04-01"),
        ])
    );
}

#[test]
fn a_field_changed_on_both_sides_differently_is_asked_and_keeps_its_old_synced_value() {
    let base = fields(&[(MOBILE, "+4915112345678")]);
    let card = fields(&[(MOBILE, "+351912345678")]);
    let kith = fields(&[(MOBILE, "+4915199999999")]);
    let merged = merge(&base, &card, &kith);
    assert!(merged.changes_nothing());
    assert_eq!(
        merged.conflicts,
        vec![Conflict {
            field: MOBILE,
            card: "+351912345678".into(),
            kith: "+4915199999999".into(),
        }]
    );
    assert_eq!(merged.synced, base);
}

#[test]
fn the_same_change_on_both_sides_is_no_question() {
    let base = fields(&[(Field::Title, "CTO")]);
    let both = fields(&[(Field::Title, "CEO")]);
    let merged = merge(&base, &both, &both);
    assert!(merged.changes_nothing() && merged.conflicts.is_empty());
    assert_eq!(merged.synced, both);
}

#[test]
fn list_changes_that_do_not_both_take_away_merge_item_by_item() {
    let work = Field::Email(EmailKind::Work);
    let base = fields(&[(work, "a@x.io")]);
    let mut card = base.clone();
    card.push(work, "b@x.io");
    let kith = fields(&[(work, "c@x.io")]);
    let merged = merge(&base, &card, &kith);
    assert!(merged.conflicts.is_empty(), "{merged:?}");
    assert_eq!(merged.synced.items(work), vec!["b@x.io", "c@x.io"]);
    assert_eq!(merged.to_card, vec![work]);
    assert_eq!(merged.to_kith, vec![(work, "b@x.io\nc@x.io".to_owned())]);
}

#[test]
fn a_first_sync_with_different_values_on_each_side_is_a_question_only_where_both_have_one() {
    let card = fields(&[(Field::GivenName, "Ana"), (Field::Title, "CTO")]);
    let kith = fields(&[(Field::GivenName, "Ana"), (Field::Birthday, "--04-01")]);
    let merged = merge(&CardFields::new(), &card, &kith);
    // Nothing was synced: the card's title and kith's birthday are each one side's news.
    assert!(merged.conflicts.is_empty());
    assert_eq!(merged.to_kith, vec![(Field::Title, "CTO".to_owned())]);
    assert_eq!(merged.to_card, vec![Field::Birthday]);
}

#[test]
fn the_stored_form_reads_back_whatever_the_values_hold() {
    let mut original = fields(&[
        (Field::Note, "two\nlines with a \\ backslash and a \t tab"),
        (Field::DisplayName, "Dr. Ana"),
    ]);
    original.set_list(MOBILE, ["+2", "+1", "+1"]);
    let back = CardFields::parse(&original.stored()).unwrap();
    assert_eq!(back, original);
    assert_eq!(back.items(MOBILE), vec!["+1", "+2"]);
    assert!(CardFields::parse("nothing\tx").is_err());
    for field in Field::all() {
        assert_eq!(Field::from_key(&field.key()), Some(field));
    }
}

#[test]
fn a_field_cleared_on_the_phone_is_taken_as_cleared() {
    let base = fields(&[(Field::Title, "CTO")]);
    let merged = merge(&base, &CardFields::new(), &base);
    assert_eq!(merged.to_kith, vec![(Field::Title, String::new())]);
    assert_eq!(merged.synced, CardFields::new());
}

/// Regression: at a first sync kith's two addresses of a kind and the card's one merged to
/// kith's two, but the card was not told to take the second.
#[test]
fn a_list_merged_to_one_sides_value_is_written_to_the_other() {
    let work = Field::Email(EmailKind::Work);
    let card = fields(&[(work, "jon@work.io")]);
    let mut kith = card.clone();
    kith.push(work, "jon@second.io");
    let merged = merge(&CardFields::new(), &card, &kith);
    assert_eq!(merged.to_card, vec![work]);
    assert!(merged.to_kith.is_empty());
    assert_eq!(merged.synced, kith);
    let back = merge(&CardFields::new(), &kith, &card);
    assert_eq!(
        back.to_kith,
        vec![(work, "jon@second.io\njon@work.io".to_owned())]
    );
    assert!(back.to_card.is_empty());
}
