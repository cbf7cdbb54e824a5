//! Phone numbers and birthdays, as people type them and files carry them. Pure.
//!
//! A number is kept in E.164 (`+4917012345678`) when its country is known: it starts with
//! `+` or `00`, or the owner's region (`KITH_PHONE_REGION`) says which country a national
//! number (`0170 1234567`, `(555) 010-0100`) belongs to. Otherwise it is kept as typed,
//! tidied. A birthday is a day and a month, with the year when it is known.

use chrono::{Datelike, NaiveDate};

use crate::error::Refusal;

/// Country calling codes of the regions a national number can be read for, and whether
/// the region drops a leading trunk `0` (most do; the North American plan has none).
const REGIONS: &[(&str, &str, bool)] = &[
    ("US", "1", false),
    ("CA", "1", false),
    ("GB", "44", true),
    ("IE", "353", true),
    ("DE", "49", true),
    ("AT", "43", true),
    ("CH", "41", true),
    ("FR", "33", true),
    ("BE", "32", true),
    ("NL", "31", true),
    ("LU", "352", false),
    ("ES", "34", false),
    ("PT", "351", false),
    ("IT", "39", false),
    ("SE", "46", true),
    ("NO", "47", false),
    ("DK", "45", false),
    ("FI", "358", true),
    ("PL", "48", false),
    ("CZ", "420", false),
    ("GR", "30", false),
    ("IL", "972", true),
    ("IN", "91", true),
    ("JP", "81", true),
    ("SG", "65", false),
    ("AU", "61", true),
    ("NZ", "64", true),
    ("ZA", "27", true),
    ("BR", "55", true),
    ("MX", "52", false),
];

/// Whether kith can read national numbers for this region (an ISO 3166 code like `DE`).
pub fn known_region(region: &str) -> bool {
    REGIONS
        .iter()
        .any(|(code, _, _)| code.eq_ignore_ascii_case(region))
}

/// A phone number as kith keeps it: E.164 when the country is known, else tidied.
pub fn normalize_phone(text: &str, region: Option<&str>) -> Result<String, Refusal> {
    let invalid = || Refusal::InvalidValue {
        field: "phone number",
        value: text.trim().to_owned(),
        expected: "a number such as +49 170 1234567 (or a national one, with KITH_PHONE_REGION set)",
    };
    let trimmed = text.trim();
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 3
        || digits.len() > 17
        || trimmed
            .chars()
            .any(|c| !(c.is_ascii_digit() || " +-./()".contains(c)))
    {
        return Err(invalid());
    }
    if trimmed.starts_with('+') {
        return Ok(format!("+{digits}"));
    }
    if let Some(rest) = digits.strip_prefix("00") {
        return Ok(format!("+{rest}"));
    }
    let region = region.and_then(|r| {
        REGIONS
            .iter()
            .find(|(code, _, _)| code.eq_ignore_ascii_case(r))
    });
    match region {
        Some((_, code, trunk)) => {
            let national = if *trunk {
                digits.strip_prefix('0').unwrap_or(&digits)
            } else if *code == "1" {
                digits.strip_prefix('1').unwrap_or(&digits)
            } else {
                &digits
            };
            Ok(format!("+{code}{national}"))
        }
        // The country is not known: the number as typed, its spacing tidied.
        None => Ok(trimmed.split_whitespace().collect::<Vec<_>>().join(" ")),
    }
}

/// A shared contact's number as kith keeps it. Telegram often sends a number without its
/// `+` (`351912345678`, `351 91 234 5678`): digits only (spaces allowed), 8 to 15 of them
/// and not starting with `0` is an international number (E.164) without its `+` — always
/// a Telegram user's own (`telegram_user`). Only where the owner's region writes national
/// numbers without a leading `0` (Portugal's `912 345 678`, the US's `555 010 0100`) is
/// such a number that does not begin with the region's country code read as national.
/// Any other (`0912 345 678`, `(555) 010-0100`) is read as `normalize_phone` reads it.
pub fn normalize_contact_phone(
    text: &str,
    region: Option<&str>,
    telegram_user: bool,
) -> Result<String, Refusal> {
    let trimmed = text.trim();
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let bare = trimmed.chars().all(|c| c.is_ascii_digit() || c == ' ')
        && (8..=15).contains(&digits.len())
        && !digits.starts_with('0');
    let national_without_zero = region
        .and_then(|r| {
            REGIONS
                .iter()
                .find(|(code, _, _)| code.eq_ignore_ascii_case(r))
        })
        .is_some_and(|(_, code, trunk)| !trunk && !digits.starts_with(code));
    match bare && (telegram_user || !national_without_zero) {
        true => Ok(format!("+{digits}")),
        false => normalize_phone(text, region),
    }
}

/// A birthday: day and month, the year when known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Birthday {
    pub month: u32,
    pub day: u32,
    pub year: Option<i32>,
}

impl Birthday {
    /// `1985-04-12`, `--04-12` or `--0412` (vCard without a year), `04-12`, `12 April`,
    /// `April 12`, `12 April 1985`, `12.4.`, `12.04.1985`.
    pub fn parse(text: &str) -> Result<Birthday, Refusal> {
        let invalid = || Refusal::InvalidValue {
            field: "birthday",
            value: text.trim().to_owned(),
            expected: "a date such as 12 April, 1985-04-12 or 12.04.1985",
        };
        let text = text.trim();
        let checked = |month: u32, day: u32, year: Option<i32>| {
            // 29 February is a birthday even in a year that has none.
            NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day)
                .map(|_| Birthday { month, day, year })
                .ok_or_else(invalid)
        };
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return checked(date.month(), date.day(), Some(date.year()));
        }
        if text.len() == 8
            && text.chars().all(|c| c.is_ascii_digit())
            && let Ok(date) = NaiveDate::parse_from_str(text, "%Y%m%d")
        {
            return checked(date.month(), date.day(), Some(date.year()));
        }
        let digits: String = text.trim_start_matches('-').replace('-', "");
        if text.starts_with("--") && digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit())
        {
            let (month, day) = digits.split_at(2);
            return checked(
                month.parse().map_err(|_| invalid())?,
                day.parse().map_err(|_| invalid())?,
                None,
            );
        }
        if let [month, day] = text.split('-').collect::<Vec<_>>().as_slice()
            && let (Ok(month), Ok(day)) = (month.parse(), day.parse())
        {
            return checked(month, day, None);
        }
        let dotted: Vec<&str> = text.trim_end_matches('.').split('.').collect();
        if (2..=3).contains(&dotted.len())
            && dotted
                .iter()
                .all(|p| p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty())
        {
            let day = dotted[0].parse().map_err(|_| invalid())?;
            let month = dotted[1].parse().map_err(|_| invalid())?;
            let year = dotted
                .get(2)
                .map(|y| y.parse::<i32>())
                .transpose()
                .map_err(|_| invalid())?;
            return checked(month, day, year);
        }
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let month_of = |word: &str| crate::text::month_number(word.trim_end_matches('.'));
        let number = |word: &str| {
            word.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.')
                .parse::<u32>()
                .ok()
        };
        let (month, day, year) = match words.as_slice() {
            [a, b] | [a, b, _] if month_of(a).is_some() => (month_of(a), number(b), words.get(2)),
            [a, b] | [a, b, _] if month_of(b).is_some() => (month_of(b), number(a), words.get(2)),
            _ => return Err(invalid()),
        };
        let year = year
            .map(|y| y.parse::<i32>())
            .transpose()
            .map_err(|_| invalid())?;
        match (month, day) {
            (Some(month), Some(day)) => checked(month, day, year),
            _ => Err(invalid()),
        }
    }

    /// As stored: `1985-04-12`, or `--04-12` without a year (vCard's form).
    pub fn stored(self) -> String {
        match self.year {
            Some(year) => format!("{year:04}-{:02}-{:02}", self.month, self.day),
            None => format!("--{:02}-{:02}", self.month, self.day),
        }
    }

    /// "12 April 1985", "12 April".
    pub fn shown(self) -> String {
        let month = NaiveDate::from_ymd_opt(2000, self.month, 1)
            .map(|d| d.format("%B").to_string())
            .unwrap_or_default();
        match self.year {
            Some(year) => format!("{} {month} {year}", self.day),
            None => format!("{} {month}", self.day),
        }
    }

    /// The next day on or after `today` this birthday falls on (29 February: 1 March in
    /// a year without one).
    pub fn next_on_or_after(self, today: NaiveDate) -> NaiveDate {
        let on = |year: i32| {
            NaiveDate::from_ymd_opt(year, self.month, self.day)
                .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
                .unwrap_or(today)
        };
        let this_year = on(today.year());
        if this_year >= today {
            this_year
        } else {
            on(today.year() + 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_become_e164_where_the_country_is_known() {
        let cases = [
            ("+49 170 1234567", None, "+491701234567"),
            ("0049 (170) 123-4567", None, "+491701234567"),
            ("0170 1234567", Some("DE"), "+491701234567"),
            ("(555) 010-0100", Some("US"), "+15550100100"),
            ("1 555 010 0100", Some("us"), "+15550100100"),
            ("020 7946 0958", Some("GB"), "+442079460958"),
            ("0170  1234567", None, "0170 1234567"),
        ];
        for (text, region, expected) in cases {
            assert_eq!(normalize_phone(text, region).unwrap(), expected, "{text}");
        }
        for bad in ["", "12", "call me", "+49 170 x"] {
            assert!(normalize_phone(bad, Some("DE")).is_err(), "{bad}");
        }
        assert!(known_region("de") && !known_region("XX"));
    }

    #[test]
    fn a_contacts_number_without_its_plus_is_international() {
        let cases = [
            ("351912345678", Some("DE"), false, "+351912345678"),
            ("351 91 234 5678", None, false, "+351912345678"),
            ("351912345678", Some("PT"), false, "+351912345678"),
            ("912 345 678", Some("PT"), false, "+351912345678"),
            ("4915112345678", Some("PT"), true, "+4915112345678"),
            ("+351 912 345 678", None, false, "+351912345678"),
            ("0170 1234567", Some("DE"), false, "+491701234567"),
            ("0912 345 678", None, false, "0912 345 678"),
            ("1234567", None, false, "1234567"),
            ("(555) 010-0100", Some("US"), false, "+15550100100"),
        ];
        for (text, region, user, expected) in cases {
            assert_eq!(
                normalize_contact_phone(text, region, user).unwrap(),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn birthdays_as_files_and_people_write_them() {
        let cases = [
            ("1985-04-12", "1985-04-12"),
            ("19850412", "1985-04-12"),
            ("--04-12", "--04-12"),
            ("--0412", "--04-12"),
            ("04-12", "--04-12"),
            ("12 April", "--04-12"),
            ("April 12", "--04-12"),
            ("12 Apr 1985", "1985-04-12"),
            ("12.4.", "--04-12"),
            ("12.04.1985", "1985-04-12"),
            ("29 February", "--02-29"),
        ];
        for (text, stored) in cases {
            assert_eq!(Birthday::parse(text).unwrap().stored(), stored, "{text}");
        }
        for bad in [
            "",
            "soon",
            "31 February",
            "13/13",
            "April",
            "12 März 1985 und",
        ] {
            assert!(Birthday::parse(bad).is_err(), "{bad}");
        }
        let leap = Birthday::parse("29 February").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 2, 20).unwrap();
        assert_eq!(leap.next_on_or_after(today).to_string(), "2026-03-01");
        assert_eq!(
            Birthday::parse("12 April 1985").unwrap().shown(),
            "12 April 1985"
        );
    }
}
