//! `rewrite` and `new_card` as a table: a card, a change to its fields, the card written.
//! Cards here use LF endings for legibility; a CRLF card gets CRLF lines.

use super::*;

/// Rewrites `card` (lines joined by LF) with its own fields changed by `change`, checks
/// the text written, and that it reads back as the fields written.
fn check(card: &[&str], change: impl Fn(&mut CardFields), expected: &[&str]) {
    let text: String = card.iter().map(|l| format!("{l}\n")).collect();
    let mut fields = read(&text, Some("DE")).unwrap().fields;
    change(&mut fields);
    let written = rewrite(&text, &fields, Some("DE"));
    let expected: String = expected.iter().map(|l| format!("{l}\n")).collect();
    assert_eq!(written, expected);
    assert_eq!(read(&written, Some("DE")).unwrap().fields, fields);
}

const APPLE: &[&str] = &[
    "BEGIN:VCARD",
    "VERSION:3.0",
    "PRODID:-//Apple Inc.//iPhone OS 17.1//EN",
    "N:Lima;Ana;;;",
    "FN:Ana Lima",
    "item1.TEL;type=pref:+49 170 1234567",
    "item1.X-ABLabel:_$!<Mobile>!$_",
    "item2.EMAIL;type=INTERNET:ana@example.org",
    "item2.X-ABLabel:_$!<Other>!$_",
    "X-SOCIALPROFILE;type=twitter:https://twitter.com/ana",
    "END:VCARD",
];

#[test]
fn a_replaced_number_takes_its_apple_label_with_it() {
    check(
        APPLE,
        |f| f.set_list(MOBILE, ["+351912345678"]),
        &[
            "BEGIN:VCARD",
            "VERSION:3.0",
            "PRODID:-//Apple Inc.//iPhone OS 17.1//EN",
            "N:Lima;Ana;;;",
            "FN:Ana Lima",
            "item2.EMAIL;type=INTERNET:ana@example.org",
            "item2.X-ABLabel:_$!<Other>!$_",
            "X-SOCIALPROFILE;type=twitter:https://twitter.com/ana",
            "TEL;TYPE=CELL:+351912345678",
            "END:VCARD",
        ],
    );
}

#[test]
fn new_items_are_written_with_their_kind() {
    check(
        APPLE,
        |f| {
            f.push(WORK_EMAIL, "ana@acme.example");
            f.push(PERSONAL_EMAIL, "ana@home.example");
            f.push(MOBILE, "+4915112345678");
            f.push(HOME_PHONE, "+49301234567");
            f.push(WORK_PHONE, "+49401234567");
        },
        &[
            "BEGIN:VCARD",
            "VERSION:3.0",
            "PRODID:-//Apple Inc.//iPhone OS 17.1//EN",
            "N:Lima;Ana;;;",
            "FN:Ana Lima",
            "item1.TEL;type=pref:+49 170 1234567",
            "item1.X-ABLabel:_$!<Mobile>!$_",
            "item2.EMAIL;type=INTERNET:ana@example.org",
            "item2.X-ABLabel:_$!<Other>!$_",
            "X-SOCIALPROFILE;type=twitter:https://twitter.com/ana",
            "EMAIL;TYPE=INTERNET,WORK:ana@acme.example",
            "EMAIL;TYPE=INTERNET,HOME:ana@home.example",
            "TEL;TYPE=CELL:+4915112345678",
            "TEL;TYPE=WORK:+49401234567",
            "TEL;TYPE=HOME:+49301234567",
            "END:VCARD",
        ],
    );
    let nextcloud = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "UID:urn:uuid:4fbe8971",
        "FN:Simon Perreault",
        "N:Perreault;Simon;;;ing. jr,M.Sc.",
        "TEL;VALUE=uri;TYPE=\"work,voice\":tel:+1-418-656-9254",
        "END:VCARD",
    ];
    check(
        &nextcloud,
        |f| {
            f.set(WORK_PHONE, "");
            f.push(MOBILE, "+4917012345678");
            f.push(OTHER_EMAIL, "simon@example.ca");
            f.set(Field::Birthday, "--02-03");
        },
        &[
            "BEGIN:VCARD",
            "VERSION:4.0",
            "UID:urn:uuid:4fbe8971",
            "FN:Simon Perreault",
            "N:Perreault;Simon;;;ing. jr,M.Sc.",
            "EMAIL:simon@example.ca",
            "TEL;TYPE=cell;VALUE=uri:tel:+4917012345678",
            "BDAY:--0203",
            "END:VCARD",
        ],
    );
}

#[test]
fn names_keep_their_other_components_and_fn_follows() {
    let outlook = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        "N;LANGUAGE=en-us:Doe;John;Richter,James;Mr.;Sr.",
        "FN:John Doe",
        "TEL;WORK;VOICE:(905) 555-1234",
        "END:VCARD",
    ];
    check(
        &outlook,
        |f| f.set(Field::GivenName, "Johnny"),
        &[
            "BEGIN:VCARD",
            "VERSION:2.1",
            "N;LANGUAGE=en-us:Doe;Johnny;Richter,James;Mr.;Sr.",
            "FN:Johnny Doe",
            "TEL;WORK;VOICE:(905) 555-1234",
            "END:VCARD",
        ],
    );
    check(
        &outlook,
        |f| f.set(Field::DisplayName, "Dr. Doe; John"),
        &[
            "BEGIN:VCARD",
            "VERSION:2.1",
            "N;LANGUAGE=en-us:Doe;John;Richter,James;Mr.;Sr.",
            "FN:Dr. Doe\\; John",
            "TEL;WORK;VOICE:(905) 555-1234",
            "END:VCARD",
        ],
    );
    let bare = ["BEGIN:VCARD", "VERSION:3.0", "FN:Zoë", "END:VCARD"];
    check(
        &bare,
        |f| {
            f.set(Field::DisplayName, "");
            f.set(Field::GivenName, "Zoë");
            f.set(Field::FamilyName, "Ng, Jr");
        },
        &[
            "BEGIN:VCARD",
            "VERSION:3.0",
            "FN:Zoë Ng\\, Jr",
            "N:Ng\\, Jr;Zoë;;;",
            "END:VCARD",
        ],
    );
}

#[test]
fn single_fields_are_replaced_in_place_added_or_removed() {
    let card = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Brown;Bob;;;",
        "FN:Bob Brown",
        "item3.ORG:Acme;Sales",
        "BDAY;value=date:1980-03-22",
        "TITLE:Clerk",
        "END:VCARD",
    ];
    check(
        &card,
        |f| {
            f.set(Field::Organization, "Globex, Inc.");
            f.set(Field::Birthday, "1981-03-22");
            f.set(Field::Title, "");
        },
        &[
            "BEGIN:VCARD",
            "VERSION:3.0",
            "N:Brown;Bob;;;",
            "FN:Bob Brown",
            "item3.ORG:Globex\\, Inc.;Sales",
            "BDAY;value=date:1981-03-22",
            "END:VCARD",
        ],
    );
    check(
        &card,
        |f| {
            f.set(Field::Organization, "");
            f.set(Field::Birthday, "");
            f.set(Field::Title, "Head clerk");
        },
        &[
            "BEGIN:VCARD",
            "VERSION:3.0",
            "N:Brown;Bob;;;",
            "FN:Bob Brown",
            "item3.ORG:;Sales",
            "TITLE:Head clerk",
            "END:VCARD",
        ],
    );
}

#[test]
fn kiths_note_is_a_marked_block_after_the_phones_own() {
    let own = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Ana",
        "NOTE:Gate code 1234",
        "END:VCARD",
    ];
    let marked = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Ana",
        "NOTE:Gate code 1234\\n— kith —\\nMet at FOSDEM\\, 2024",
        "END:VCARD",
    ];
    check(&own, |f| f.set(Field::Note, "Met at FOSDEM, 2024"), &marked);
    check(&marked, |f| f.set(Field::Note, ""), &own);
    let replaced = "NOTE:Gate code 1234\\n— kith —\\nVegetarian";
    check(
        &marked,
        |f| f.set(Field::Note, "Vegetarian"),
        &[marked[0], marked[1], marked[2], replaced, marked[4]],
    );
    let none = ["BEGIN:VCARD", "VERSION:3.0", "FN:Ana", "END:VCARD"];
    let only_kith = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Ana",
        "NOTE:— kith —\\nTea",
        "END:VCARD",
    ];
    check(&none, |f| f.set(Field::Note, "Tea"), &only_kith);
    check(&only_kith, |f| f.set(Field::Note, ""), &none);
}

#[test]
fn unread_lines_stay_and_new_lines_are_folded() {
    let card = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Ana",
        "EMAIL:not an address",
        "EMAIL:ana@old.example",
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAIBAQEBAQIBAQE",
        "  CAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJBwYGCAsICQoKCgoKBggLDAsKDAkKCgr/",
        "\t2wBDAQICAgICAgUDAwUKBwYHCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKC",
        "X-CUSTOM;X-PARAM=\"a:b\":kept as it was",
        "END:VCARD",
    ];
    let note = "ü".repeat(40);
    check(
        &card,
        |f| {
            f.set_list(OTHER_EMAIL, ["ana@new.example"]);
            f.set(Field::Note, note.clone());
        },
        &[
            "BEGIN:VCARD",
            "VERSION:3.0",
            "FN:Ana",
            "EMAIL:not an address",
            "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAIBAQEBAQIBAQE",
            "  CAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJBwYGCAsICQoKCgoKBggLDAsKDAkKCgr/",
            "\t2wBDAQICAgICAgUDAwUKBwYHCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKC",
            "X-CUSTOM;X-PARAM=\"a:b\":kept as it was",
            "EMAIL;TYPE=INTERNET:ana@new.example",
            // 19 octets and 28 two-octet letters: 75; the space and the other 12: 25.
            "NOTE:— kith —\\nüüüüüüüüüüüüüüüüüüüüüüüüüüüü",
            " üüüüüüüüüüüü",
            "END:VCARD",
        ],
    );
}

#[test]
fn quoted_printable_lines_are_written_plain() {
    let card = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91o=C3=B1o;Jos=C3=A9;;;",
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 =C3=91o=C3=B1o",
        "END:VCARD",
    ];
    check(
        &card,
        |f| f.set(Field::GivenName, "Pepe"),
        &[
            "BEGIN:VCARD",
            "VERSION:2.1",
            "N:Ñoño;Pepe;;;",
            "FN:Pepe Ñoño",
            "END:VCARD",
        ],
    );
}

#[test]
fn a_crlf_card_gets_crlf_lines_and_unchanged_fields_change_nothing() {
    let card = crlf(&["BEGIN:VCARD", "VERSION:3.0", "FN:Ana", "END:VCARD"]);
    let mut fields = read(&card, None).unwrap().fields;
    assert_eq!(rewrite(&card, &fields, None), card);
    fields.set(Field::Title, "Chef");
    assert_eq!(
        rewrite(&card, &fields, None),
        crlf(&[
            "BEGIN:VCARD",
            "VERSION:3.0",
            "FN:Ana",
            "TITLE:Chef",
            "END:VCARD"
        ])
    );
}

#[test]
fn a_new_card_is_vcard_3() {
    let mut fields = CardFields::new();
    fields.set(Field::GivenName, "Ana");
    fields.set(Field::FamilyName, "Lima");
    fields.set_list(MOBILE, ["+4917012345678"]);
    fields.set(WORK_EMAIL, "ana@acme.example");
    fields.set(Field::Birthday, "--04-01");
    fields.set(Field::Organization, "Acme");
    fields.set(Field::Title, "CTO");
    fields.set(Field::Note, "Met at FOSDEM");
    let card = new_card("kith-3f2a", &fields);
    assert_eq!(
        card,
        crlf(&[
            "BEGIN:VCARD",
            "VERSION:3.0",
            "PRODID:-//kith//EN",
            "UID:kith-3f2a",
            "N:Lima;Ana;;;",
            "FN:Ana Lima",
            "EMAIL;TYPE=INTERNET,WORK:ana@acme.example",
            "TEL;TYPE=CELL:+4917012345678",
            "BDAY:--04-01",
            "ORG:Acme",
            "TITLE:CTO",
            "NOTE:— kith —\\nMet at FOSDEM",
            "END:VCARD",
        ])
    );
    let read_back = read(&card, None).unwrap();
    assert_eq!(
        (read_back.uid.as_str(), read_back.fields),
        ("kith-3f2a", fields)
    );
}

#[test]
fn apples_birthday_keeps_its_omitted_year() {
    let card = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Ana",
        "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-01",
        "END:VCARD",
    ];
    let moved = |value: &'static str| move |f: &mut CardFields| f.set(Field::Birthday, value);
    let with = |line: &'static str| [card[0], card[1], card[2], line, card[4]];
    check(
        &card,
        moved("--05-02"),
        &with("BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-02"),
    );
    check(
        &card,
        moved("1990-05-02"),
        &with("BDAY;X-APPLE-OMIT-YEAR=1604:1990-05-02"),
    );
}
