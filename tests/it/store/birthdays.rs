//! Whose birthday comes up: read through the month-and-day index, across the year's end
//! and for 29 February, exactly as the rule of the next birthday says.

use kith::domain::contact::Birthday;

use super::*;

#[test]
fn upcoming_birthdays_cross_the_year_and_keep_29_february() {
    let mut store = store();
    for (name, birthday) in [
        ("Dec Thirty", "1990-12-30"),
        ("Jan Second", "--01-02"),
        ("Jan Tenth", "1985-01-10"),
        ("Leap Day", "2000-02-29"),
        ("Mar Second", "--03-02"),
        ("June Far", "1970-06-15"),
    ] {
        let id = person_in_tier(&mut store, name, 3);
        store
            .set_birthday(id, Some(Birthday::parse(birthday).unwrap()))
            .unwrap();
    }
    let without_tier = person(&mut store, "No Tier");
    store
        .set_birthday(without_tier, Some(Birthday::parse("--12-29").unwrap()))
        .unwrap();
    let names = |today: &str, days: u32| -> Vec<(String, String)> {
        store
            .birthdays_between(day(today), days)
            .unwrap()
            .into_iter()
            .map(|(_, name, _, on)| (name, on.to_string()))
            .collect()
    };
    let pair = |n: &str, d: &str| (n.to_owned(), d.to_owned());
    assert_eq!(
        names("2026-12-28", 7),
        [
            pair("Dec Thirty", "2026-12-30"),
            pair("Jan Second", "2027-01-02")
        ]
    );
    // 2027 is not a leap year: 29 February is kept on 1 March.
    assert_eq!(
        names("2027-02-27", 3),
        [
            pair("Leap Day", "2027-03-01"),
            pair("Mar Second", "2027-03-02")
        ]
    );
    assert_eq!(names("2028-02-29", 0), [pair("Leap Day", "2028-02-29")]);
    assert_eq!(names("2026-07-01", 30), Vec::<(String, String)>::new());
    assert_eq!(
        names("2026-06-01", 400).len(),
        6,
        "a window of a year and more holds everyone"
    );
}
