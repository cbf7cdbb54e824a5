//! Properties of `rewrite` over arbitrary cards: a card of some fields with arbitrary
//! unknown lines (X- properties, Apple-style groups, parameters, folded anywhere, CRLF or
//! LF) rewritten with arbitrary other fields keeps every unknown line byte for byte and
//! in order, reads back as exactly the fields written, and is unchanged when written
//! with its own fields.

use proptest::prelude::*;

use super::*;

/// A one-line text value `read` gives back as written: trimmed, not empty.
fn text() -> impl Strategy<Value = String> {
    "[A-Za-zÀÿ0-9,;\\\\:. '’-]{1,24}"
        .prop_map(|t| t.trim().to_owned())
        .prop_filter("blank", |t| !t.is_empty())
}

fn emails() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec("[a-z]{1,8}(\\.[a-z]{1,4})?@[a-z]{1,8}\\.(org|de|io)", 0..3)
}

fn phones() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec("\\+[1-9][0-9]{6,12}", 0..3)
}

fn birthday() -> impl Strategy<Value = String> {
    (1u32..=12, 1u32..=28, proptest::option::of(1900i32..2020)).prop_map(|(m, d, y)| match y {
        Some(y) => format!("{y:04}-{m:02}-{d:02}"),
        None => format!("--{m:02}-{d:02}"),
    })
}

fn note() -> impl Strategy<Value = String> {
    proptest::collection::vec(text(), 1..4).prop_map(|lines| lines.join("\n"))
}

/// Fields `read` can represent: names trimmed, a name shown only when it is not
/// "given family", lists of normalised items.
fn fields() -> impl Strategy<Value = CardFields> {
    let names = (
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(text()),
    );
    let singles = (
        proptest::option::of(birthday()),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(note()),
    );
    let lists = proptest::collection::vec(prop_oneof![emails(), phones()], 7);
    (names, singles, lists).prop_map(|((given, family, display), singles, lists)| {
        let mut fields = CardFields::new();
        let (given, family) = (given.unwrap_or_default(), family.unwrap_or_default());
        let composed = crate::model::shown_name(&given, &family, None);
        fields.set(Field::GivenName, given);
        fields.set(Field::FamilyName, family);
        fields.set(
            Field::DisplayName,
            display.filter(|d| *d != composed).unwrap_or_default(),
        );
        let (birthday, organization, title, note) = singles;
        fields.set(Field::Birthday, birthday.unwrap_or_default());
        fields.set(Field::Organization, organization.unwrap_or_default());
        fields.set(Field::Title, title.unwrap_or_default());
        fields.set(Field::Note, note.unwrap_or_default());
        let kinds = [
            WORK_EMAIL,
            PERSONAL_EMAIL,
            OTHER_EMAIL,
            MOBILE,
            WORK_PHONE,
            HOME_PHONE,
            OTHER_PHONE,
        ];
        for (field, items) in kinds.into_iter().zip(lists) {
            let is_email = items.first().is_some_and(|i| i.contains('@'));
            if is_email == matches!(field, Field::Email(_)) {
                fields.set_list(field, items.iter().map(String::as_str));
            }
        }
        fields
    })
}

/// An unknown content line, folded at arbitrary places (each continuation starting with
/// a space or a tab), without its line ending.
fn unknown_line() -> impl Strategy<Value = Vec<String>> {
    let name = prop_oneof![
        "X-[A-Z]{1,8}".boxed(),
        "unknown[1-9]\\.X-ABLabel".boxed(),
        Just("CATEGORIES".to_owned()).boxed(),
        Just("PHOTO;ENCODING=b;TYPE=JPEG".to_owned()).boxed(),
        Just("ADR;TYPE=\"home,pref\"".to_owned()).boxed(),
    ];
    let value = "[^\\r\\n]{0,160}";
    let cuts = proptest::collection::vec(1usize..60, 0..4);
    (name, value, cuts, any::<bool>()).prop_map(|(name, value, cuts, tab)| {
        let line = format!("{name}:{value}");
        let mut pieces = Vec::new();
        let mut rest = line.as_str();
        for cut in cuts {
            let mut cut = cut.min(rest.len());
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            if cut == 0 || cut == rest.len() {
                continue;
            }
            pieces.push(rest[..cut].to_owned());
            rest = &rest[cut..];
        }
        pieces.push(rest.to_owned());
        let lead = if tab { "\t" } else { " " };
        let mut folded = vec![pieces[0].clone()];
        folded.extend(pieces[1..].iter().map(|p| format!("{lead}{p}")));
        folded
    })
}

/// Every email and number written the way Apple's Contacts does: in an item group,
/// the type in lower case, a label line beside it.
fn apple_groups(lines: &mut Vec<String>) {
    let mut grouped = Vec::new();
    for (n, line) in lines.drain(..).enumerate() {
        match line
            .strip_prefix("TEL;TYPE=")
            .or(line.strip_prefix("EMAIL;TYPE="))
        {
            Some(rest) => {
                let name = &line[..line.find(';').unwrap_or_default()];
                grouped.push(format!("item{n}.{name};type={}", rest.to_lowercase()));
                grouped.push(format!("item{n}.X-ABLabel:_$!<Label {n}>!$_"));
            }
            None => grouped.push(line),
        }
    }
    *lines = grouped;
}

/// Whether every Apple label left in `text` still labels a line of its group.
fn no_orphan_labels(text: &str) -> bool {
    let groups = |labels: bool| -> std::collections::BTreeSet<&str> {
        text.lines()
            .filter(|l| l.starts_with("item") && l.contains(".X-ABLabel:") == labels)
            .filter_map(|l| l.split('.').next())
            .collect()
    };
    groups(true).is_subset(&groups(false))
}

/// A card of `fields` with the unknown lines put at `places` among its lines.
fn card_with(
    fields: &CardFields,
    unknown: &[(usize, Vec<String>)],
    version_4: bool,
    lf: bool,
) -> (String, Vec<String>) {
    let card = new_card("uid-1", fields);
    // Its content lines, each with its folded continuations.
    let mut lines: Vec<String> = Vec::new();
    for physical in card.lines() {
        match lines.last_mut() {
            Some(last) if physical.starts_with(' ') => {
                last.push_str("\r\n");
                last.push_str(physical);
            }
            _ => lines.push(physical.to_owned()),
        }
    }
    if version_4 {
        lines[1] = "VERSION:4.0".into();
    }
    apple_groups(&mut lines);
    let newline = if lf { "\n" } else { "\r\n" };
    let mut kept = Vec::new();
    for (place, folded) in unknown {
        // Between BEGIN (and VERSION) and END:VCARD.
        let at = 2 + place % (lines.len() - 2);
        let raw: String = folded.iter().map(|l| format!("{l}{newline}")).collect();
        lines.insert(at, raw.trim_end_matches(newline).to_owned());
        kept.push(raw);
    }
    let mut text: String = lines.iter().map(|l| format!("{l}{newline}")).collect();
    text = text.replace("\r\n", newline);
    // `kept` is in insertion order; put it in the order the lines stand in the text.
    kept.sort_by_key(|raw| text.find(raw.as_str()));
    (text, kept)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn unknown_lines_stay_and_fields_read_back(
        before in fields(),
        after in fields(),
        unknown in proptest::collection::vec((0usize..40, unknown_line()), 0..6),
        version_4 in any::<bool>(),
        lf in any::<bool>(),
    ) {
        let (text, kept) = card_with(&before, &unknown, version_4, lf);
        let read_before = read(&text, None).unwrap();
        prop_assert_eq!(&read_before.fields, &before);
        prop_assert_eq!(rewrite(&text, &before, None), text.clone());
        let written = rewrite(&text, &after, None);
        prop_assert_eq!(&read(&written, None).unwrap().fields, &after);
        let mut from = 0;
        for raw in &kept {
            let found = written[from..].find(raw.as_str());
            prop_assert!(found.is_some(), "{:?} lost or moved in\n{}", raw, written);
            from += found.unwrap_or_default() + raw.len();
        }
        prop_assert!(no_orphan_labels(&written), "{}", written);
        let newline = if lf { "\n" } else { "\r\n" };
        for line in written.split_inclusive('\n') {
            prop_assert!(line.len() <= 75 + 2 || kept.iter().any(|k| k.contains(line)));
            prop_assert!(line.ends_with(newline), "{:?}", line);
        }
    }
}
