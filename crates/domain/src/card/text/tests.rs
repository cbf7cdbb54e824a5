//! `read`, `rewrite` and `new_card` as tables of real-world card shapes; the properties
//! (untouched lines kept, fields read back) in `props`; the shared fixtures are read by
//! the integration tests (`tests/it/carddav/fixtures.rs`), since the domain does no IO.

mod props;
mod rewriting;

use super::*;
use crate::card::{Field, PhoneKind};
use crate::model::EmailKind;

const MOBILE: Field = Field::Phone(PhoneKind::Mobile);
const WORK_PHONE: Field = Field::Phone(PhoneKind::Work);
const HOME_PHONE: Field = Field::Phone(PhoneKind::Home);
const OTHER_PHONE: Field = Field::Phone(PhoneKind::Other);
const WORK_EMAIL: Field = Field::Email(EmailKind::Work);
const PERSONAL_EMAIL: Field = Field::Email(EmailKind::Personal);
const OTHER_EMAIL: Field = Field::Email(EmailKind::Other);

/// A card from lines joined with CRLF.
fn crlf(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\r\n")).collect()
}

/// The fields a card's text reads as, one `key=value` a line (list items joined by `|`).
fn shown(text: &str, region: Option<&str>) -> String {
    match read(text, region) {
        Ok(card) => {
            let mut out = format!("uid={} name={}\n", card.uid, card.name);
            for (field, value) in card.fields.iter() {
                out.push_str(&format!("{field}={}\n", value.replace('\n', "|")));
            }
            out
        }
        Err(problem) => format!("problem at {}: {}\n", problem.line, problem.reason),
    }
}

fn check(text: &str, region: Option<&str>, expected: &str) {
    assert_eq!(shown(text, region), expected, "reading:\n{text}");
}

#[test]
fn apple_cards_read_their_grouped_numbers_and_addresses() {
    let card = crlf(&[
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Apple Inc.//iPhone OS 17.1//EN",
        "N:Lima;Ana;;;",
        "FN:Ana Lima",
        "item1.EMAIL;type=INTERNET;type=pref:Ana@Example.org",
        "item1.X-ABLabel:_$!<Other>!$_",
        "TEL;type=CELL;type=VOICE;type=pref:+49 170 1234567",
        "item2.TEL:030 1234567",
        "item2.X-ABLabel:Büro",
        "TEL;type=IPHONE;type=CELL;type=VOICE:+351 912 345 678",
        "BDAY;value=date:1990-04-01",
        "UID:6D1A-42",
        "END:VCARD",
    ]);
    check(
        &card,
        Some("DE"),
        "uid=6D1A-42 name=Ana Lima\n\
         given=Ana\nfamily=Lima\nemail:other=ana@example.org\n\
         phone:mobile=+351912345678|+491701234567\nphone:other=+49301234567\n\
         birthday=1990-04-01\n",
    );
}

#[test]
fn google_outlook_and_nextcloud_shapes_read_alike() {
    let google = crlf(&[
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Bob Brown",
        "N:Brown;Bob;;;",
        "EMAIL;TYPE=INTERNET;TYPE=HOME:bob@home.example",
        "EMAIL;TYPE=INTERNET;TYPE=WORK:bob@work.example",
        "EMAIL;TYPE=INTERNET:bob@other.example",
        "TEL;TYPE=CELL:+44 7700 900123",
        "ORG:Acme Ltd.;Sales",
        "TITLE:Head of Sales\\, EMEA",
        "BDAY:--04-01",
        "END:VCARD",
    ]);
    check(
        &google,
        None,
        "uid= name=Bob Brown\ngiven=Bob\nfamily=Brown\n\
         email:work=bob@work.example\nemail:personal=bob@home.example\nemail:other=bob@other.example\n\
         phone:mobile=+447700900123\nbirthday=--04-01\norganization=Acme Ltd.\ntitle=Head of Sales, EMEA\n",
    );
    let outlook = crlf(&[
        "BEGIN:VCARD",
        "VERSION:2.1",
        "N;LANGUAGE=en-us:Doe;John;Richter,James;Mr.;Sr.",
        "FN:Mr. John Richter James Doe Sr.",
        "TEL;WORK;VOICE:(905) 555-1234",
        "TEL;HOME;VOICE:(905) 666-1234",
        "EMAIL;PREF;INTERNET:john.doe@ibm.com",
        "BDAY:19800322",
        "END:VCARD",
    ]);
    check(
        &outlook,
        Some("US"),
        "uid= name=Mr. John Richter James Doe Sr.\ngiven=John\nfamily=Doe\n\
         display=Mr. John Richter James Doe Sr.\nemail:other=john.doe@ibm.com\n\
         phone:work=+19055551234\nphone:home=+19056661234\nbirthday=1980-03-22\n",
    );
    let nextcloud = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "PRODID:-//Sabre//Sabre VObject 4.5.4//EN",
        "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1",
        "FN:Simon Perreault",
        "N:Perreault;Simon;;;ing. jr,M.Sc.",
        "BDAY:--0203",
        "TEL;VALUE=uri;TYPE=\"work,voice\";PREF=1:tel:+1-418-656-9254;ext=102",
        "TEL;VALUE=uri;TYPE=\"work,cell,voice,video,text\":tel:+1-418-262-6501",
        "EMAIL;TYPE=work:simon.perreault@viagenie.ca",
        "END:VCARD",
        "",
    ]
    .join("\n");
    check(
        &nextcloud,
        None,
        "uid=urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1 name=Simon Perreault\n\
         given=Simon\nfamily=Perreault\nemail:work=simon.perreault@viagenie.ca\n\
         phone:mobile=+14182626501\nbirthday=--02-03\n",
    );
}

#[test]
fn values_are_unfolded_unescaped_and_case_insensitive() {
    let card = crlf(&[
        "begin:vcard",
        "version:3.0",
        "n:O\\,Brien;Se",
        " án;;;",
        "fn:Seán O,Brien",
        "email;type=work:sean@",
        "\texample.ie",
        "note:Met at the fair\\nlikes tea",
        "END:VCARD",
    ]);
    check(
        &card,
        None,
        "uid= name=Seán O,Brien\ngiven=Seán\nfamily=O,Brien\nemail:work=sean@example.ie\n",
    );
}

#[test]
fn the_note_kith_reads_is_the_marked_block() {
    let card = crlf(&[
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Ana Lima",
        "N:Lima;Ana;;;",
        "NOTE:Gate code 1234\\n— kith —\\nMet at FOSDEM\\nVegetarian",
        "NOTE:— kith —\\nnot this one",
        "END:VCARD",
    ]);
    check(
        &card,
        None,
        "uid= name=Ana Lima\ngiven=Ana\nfamily=Lima\nnote=Met at FOSDEM|Vegetarian\n",
    );
}

#[test]
fn what_cannot_be_read_is_no_field() {
    let card = crlf(&[
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Ana",
        "EMAIL:not an address",
        "EMAIL:ana@example.org",
        "TEL:call me maybe",
        "TEL:030 1234567",
        "BDAY:sometime in spring",
        "BDAY:1990-04-01",
        "END:VCARD",
    ]);
    // Without a region a national number is kept as written.
    check(
        &card,
        None,
        "uid= name=Ana\ndisplay=Ana\nemail:other=ana@example.org\nphone:other=030 1234567\n",
    );
}

#[test]
fn vcard_21_quoted_printable_is_decoded() {
    let card = crlf(&[
        "BEGIN:VCARD",
        "VERSION:2.1",
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91o=C3=B1o;Jos=C3=A9;;;",
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 =C3=91o=C3=B1o =",
        "Jr",
        "TEL;CELL;PREF:+34 600 000 000",
        "END:VCARD",
    ]);
    check(
        &card,
        None,
        "uid= name=José Ñoño Jr\ngiven=José\nfamily=Ñoño\ndisplay=José Ñoño Jr\n\
         phone:mobile=+34600000000\n",
    );
}

#[test]
fn each_problem_names_its_line() {
    let many: Vec<String> = (0..10_001).map(|i| format!("X-N:{i}")).collect();
    let mut too_many = vec!["BEGIN:VCARD".to_owned()];
    too_many.extend(many);
    too_many.push("END:VCARD".into());
    let cases: [(&str, String, &str); 7] = [
        (
            "no card",
            "FN:Ana\r\n".into(),
            "problem at 1: no BEGIN:VCARD: the text is no vCard\n",
        ),
        (
            "no end",
            crlf(&["BEGIN:VCARD", "VERSION:3.0", "FN:Ana"]),
            "problem at 1: the card begun here has no END:VCARD\n",
        ),
        (
            "no colon",
            crlf(&[
                "BEGIN:VCARD",
                "VERSION:3.0",
                "FN:Ana",
                "just words",
                "END:VCARD",
            ]),
            "problem at 4: a line without ':' (no property and value)\n",
        ),
        (
            "a card inside",
            crlf(&[
                "BEGIN:VCARD",
                "FN:Ana",
                "AGENT:",
                "BEGIN:VCARD",
                "END:VCARD",
            ]),
            "problem at 4: BEGIN:VCARD inside the card\n",
        ),
        (
            "two cards",
            crlf(&[
                "BEGIN:VCARD",
                "FN:Ana",
                "END:VCARD",
                "",
                "BEGIN:VCARD",
                "FN:Bob",
                "END:VCARD",
            ]),
            "problem at 5: a second card: a card's text holds one\n",
        ),
        (
            "too many properties",
            crlf(&too_many.iter().map(String::as_str).collect::<Vec<_>>()),
            "problem at 10002: more than 10,000 properties in one card\n",
        ),
        (
            "too big",
            format!(
                "BEGIN:VCARD\r\nNOTE:{}\r\nEND:VCARD\r\n",
                "x".repeat(1 << 20)
            ),
            "problem at 0: the card is 1048607 bytes, over the 1 MiB kith reads\n",
        ),
    ];
    for (label, text, expected) in cases {
        assert_eq!(shown(&text, None), expected, "{label}");
        assert_eq!(rewrite(&text, &CardFields::new(), None), text, "{label}");
    }
}

#[test]
fn a_card_just_under_a_mebibyte_is_read() {
    let photo = "A".repeat((1 << 20) - 50_000);
    let folded = values::fold(&format!("PHOTO;ENCODING=b;TYPE=JPEG:{photo}"), "\r\n");
    let card = format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\n{folded}END:VCARD\r\n");
    assert!(card.len() <= 1 << 20);
    check(&card, None, "uid= name=Ana\ndisplay=Ana\n");
    let mut fields = read(&card, None).unwrap().fields;
    fields.set(MOBILE, "+4917012345678");
    let written = rewrite(&card, &fields, None);
    assert!(written.contains(&folded));
    assert_eq!(read(&written, None).unwrap().fields, fields);
}

#[test]
fn apples_birthday_without_a_year_and_a_byte_order_mark_are_read() {
    let card = crlf(&[
        "\u{feff}BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Ana",
        "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-01",
        "END:VCARD",
    ]);
    check(
        &card,
        None,
        "uid= name=Ana\ndisplay=Ana\nbirthday=--04-01\n",
    );
}

#[test]
fn fields_as_a_card_gives_them_back() {
    let mut fields = CardFields::new();
    fields.set(Field::GivenName, " Ana ");
    fields.set(Field::FamilyName, "Lima");
    fields.set(Field::DisplayName, "Ana Lima");
    fields.set(WORK_EMAIL, "Ana@Acme.Example");
    fields.set(MOBILE, "+49 170 1234567");
    fields.set(Field::Note, "Met at FOSDEM\n");
    let mut expected = CardFields::new();
    expected.set(Field::GivenName, "Ana");
    expected.set(Field::FamilyName, "Lima");
    expected.set(WORK_EMAIL, "ana@acme.example");
    expected.set(MOBILE, "+491701234567");
    expected.set(Field::Note, "Met at FOSDEM");
    assert_eq!(as_on_card(&fields), expected);
    assert_eq!(as_on_card(&expected), expected);
}

#[test]
fn a_soft_line_break_before_the_end_does_not_swallow_it() {
    let card = crlf(&[
        "BEGIN:VCARD",
        "VERSION:2.1",
        "FN;ENCODING=QUOTED-PRINTABLE:Ana=",
        "END:VCARD",
    ]);
    check(&card, None, "uid= name=Ana=\ndisplay=Ana=\n");
}

/// Regression: an Apple mobile in an item group (`item1.TEL` with `item1.X-ABLabel:
/// _$!<Mobile>!$_`) was read as "other", so kith wrote its mobile again as a second line.
#[test]
fn apples_labels_give_a_grouped_line_its_kind() {
    let card = crlf(&[
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Souza;Ana;;;",
        "FN:Ana Souza",
        "item1.TEL:+351 912 345 678",
        "item1.X-ABLabel:_$!<Mobile>!$_",
        "item2.EMAIL;type=INTERNET:ana@acme.io",
        "item2.X-ABLabel:_$!<Work>!$_",
        "item3.TEL:+49 30 1234567",
        "item3.X-ABLabel:_$!<Home>!$_",
        "END:VCARD",
    ]);
    check(
        &card,
        None,
        "uid= name=Ana Souza\n\
         given=Ana\nfamily=Souza\nemail:work=ana@acme.io\n\
         phone:mobile=+351912345678\nphone:home=+49301234567\n",
    );
    let fields = read(&card, None).unwrap().fields;
    assert_eq!(
        rewrite(&card, &fields, None),
        card,
        "unchanged when nothing changed"
    );
}
