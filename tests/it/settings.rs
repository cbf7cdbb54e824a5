//! Settings resolve defaults → file → environment, and every bad value names its setting.

use std::path::Path;

use kith::config::catalog::SETTINGS;
use kith::config::settings::{Environment, Settings};

fn env(pairs: &[(&str, &str)]) -> Environment {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn error(file: Option<&Path>, pairs: &[(&str, &str)]) -> String {
    Settings::resolve(file, &env(pairs))
        .expect_err("should be refused")
        .to_string()
}

/// A resolved setting as the catalog documents it (lists joined by ", ", nothing as "").
/// Every setting needs a line here: a new one without it fails the test below.
fn shown(settings: &Settings, key: &str) -> String {
    let list = |items: Vec<String>| items.join(", ");
    match key {
        "db" => settings.db.display().to_string(),
        "telegram_token" => settings
            .telegram_token
            .as_ref()
            .map(|t| t.expose().to_owned())
            .unwrap_or_default(),
        "telegram_api_url" => settings.telegram_api_url.clone(),
        "owner_ids" => list(settings.owner_ids.iter().map(i64::to_string).collect()),
        "timezone" => settings.timezone.to_string(),
        "sync_schedule" => settings.sync_schedule.clone(),
        "digest_schedule" => settings.digest_schedule.clone(),
        "my_emails" => list(
            settings
                .my_emails
                .iter()
                .map(|a| a.as_str().to_owned())
                .collect(),
        ),
        "ics_urls" => list(
            settings
                .ics_urls
                .iter()
                .map(|f| f.expose().to_owned())
                .collect(),
        ),
        "google_client_id" => settings.google_client_id.clone().unwrap_or_default(),
        "google_client_secret" => settings
            .google_client_secret
            .as_ref()
            .map(|t| t.expose().to_owned())
            .unwrap_or_default(),
        "google_calendars" => list(settings.google_calendars.clone()),
        "google_api_url" => settings.google_api_url.clone(),
        "google_token_url" => settings.google_token_url.clone(),
        "max_attendees" => settings.max_attendees.to_string(),
        "max_series_instances" => settings.max_series_instances.to_string(),
        "max_feed_bytes" => settings.max_feed_bytes.to_string(),
        "telegram_business" => settings.telegram_business.to_string(),
        "gmail" => settings.gmail.to_string(),
        "gmail_api_url" => settings.gmail_api_url.clone(),
        "imap_url" => settings.imap.as_ref().map_or(String::new(), |a| a.label()),
        "imap_password" => settings
            .imap_password
            .as_ref()
            .map_or(String::new(), |p| p.expose().to_owned()),
        "imap_sent_folder" => settings
            .imap_sent_folder
            .clone()
            .unwrap_or_else(|| "found by SPECIAL-USE".into()),
        "carddav_url" => settings.address_book.url.clone().unwrap_or_default(),
        "carddav_user" => settings.address_book.user.clone().unwrap_or_default(),
        "carddav_password" => settings
            .address_book
            .password
            .as_ref()
            .map_or(String::new(), |p| p.expose().to_owned()),
        "carddav_book" => settings
            .address_book
            .book
            .clone()
            .unwrap_or_else(|| "the only one".into()),
        "google_contacts" => settings.address_book.google.to_string(),
        "google_carddav_url" => settings.address_book.google_url.clone(),
        "stale_kinds" => {
            use kith::domain::model::{InteractionType, Source};
            let kinds = &settings.stale_kinds;
            assert!(kinds.is_default() && !kinds.synced_email);
            for kind in InteractionType::ALL {
                assert!(
                    kinds.counts(kind, Source::Manual),
                    "{kind:?} logged by hand"
                );
                assert!(!kinds.counts(kind, Source::Gmail), "{kind:?} synced");
            }
            assert!(
                kinds.counts(InteractionType::Email, Source::Manual),
                "an email logged by hand"
            );
            assert!(
                !kinds.counts(InteractionType::Email, Source::Imap),
                "synced email"
            );
            "every kind except synced email".into()
        }
        "brief_minutes" => settings.brief_minutes.to_string(),
        "digest_max_late_hours" => settings.digest_max_late_hours.to_string(),
        "dates_ahead_days" => settings.dates_ahead_days.to_string(),
        "digest_when_empty" => format!("{:?}", settings.digest_when_empty).to_lowercase(),
        "date_order" => format!("{:?}", settings.date_order).to_lowercase(),
        "phone_region" => settings
            .phone_region
            .clone()
            .unwrap_or_else(|| "unset".into()),
        "backup_dir" => settings.backup_dir.display().to_string(),
        "backup_keep" => settings.backup_keep.to_string(),
        "log" => settings.log.clone(),
        "log_format" => format!("{:?}", settings.log_format).to_lowercase(),
        "litestream_config" => settings
            .litestream_config
            .as_ref()
            .map_or_else(String::new, |p| p.display().to_string()),
        "litestream_bin" => settings.litestream_bin.display().to_string(),
        "closeness_labels" => list(
            kith::domain::model::Tier::all()
                .map(|t| settings.closeness.label(t).to_owned())
                .collect(),
        ),
        "closeness_cadences" => list(
            kith::domain::model::Tier::all()
                .map(|t| {
                    settings
                        .closeness
                        .cadence_days(t)
                        .map_or("none".to_owned(), |d| d.to_string())
                })
                .collect(),
        ),
        other => panic!("the defaults test has no line for setting {other}"),
    }
}

#[test]
fn defaults_are_the_documented_ones() {
    let settings = Settings::resolve(None, &env(&[("HOME", "/home/owner")])).unwrap();
    let data_dir = "/home/owner/.local/share/kith";
    for setting in SETTINGS {
        let documented = setting.default.replace('`', "");
        let expected = match documented.as_str() {
            "kith.db in the data dir" => format!("{data_dir}/kith.db"),
            "backups beside the database" => format!("{data_dir}/backups"),
            dash if dash.starts_with('—') => String::new(),
            plain => plain.to_owned(),
        };
        assert_eq!(
            shown(&settings, setting.key),
            expected,
            "{} ({}) is documented as {:?}",
            setting.env,
            setting.key,
            setting.default
        );
    }
    // And the values behind a few of those strings, typed.
    assert_eq!(settings.timezone, chrono_tz::UTC);
    let tier = |n| kith::domain::model::Tier::new(n).unwrap();
    assert_eq!(settings.closeness.cadence_days(tier(7)), None);
}

#[test]
fn environment_overrides_the_file_and_numbers_stay_text_where_text_is_meant() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kith.toml");
    std::fs::write(
        &file,
        "db = \"/data/from-file.db\"\ntimezone = \"Europe/Berlin\"\nowner_ids = [111, 222]\nmax_attendees = 20\n\
         closeness_cadences = [7, 30, 60, 90, 180, 365, \"none\"]\n",
    )
    .unwrap();
    let settings = Settings::resolve(
        Some(&file),
        &env(&[
            ("KITH_DB", "/data/from-env.db"),
            ("KITH_TELEGRAM_TOKEN", "123456:ABC-def_ghi"),
            ("KITH_OWNER_IDS", "42"),
            ("KITH_MY_EMAILS", "Me@Example.com, me@work.io"),
        ]),
    )
    .unwrap();
    assert_eq!(settings.db, Path::new("/data/from-env.db"));
    assert_eq!(settings.timezone, chrono_tz::Europe::Berlin);
    assert_eq!(settings.owner_ids, vec![42]);
    assert_eq!(settings.max_attendees, 20);
    assert_eq!(
        settings.telegram_token.as_ref().unwrap().expose(),
        "123456:ABC-def_ghi"
    );
    assert_eq!(
        format!("{:?}", settings.telegram_token),
        "Some(Secret(…))",
        "secrets never print"
    );
    let mine: Vec<&str> = settings.my_emails.iter().map(|a| a.as_str()).collect();
    assert_eq!(mine, vec!["me@example.com", "me@work.io"]);
    assert_eq!(
        settings
            .closeness
            .cadence_days(kith::domain::model::Tier::new(1).unwrap()),
        Some(7)
    );
}

#[test]
fn kith_config_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("other.toml");
    std::fs::write(&file, "timezone = \"Asia/Tokyo\"\n").unwrap();
    let settings =
        Settings::resolve(None, &env(&[("KITH_CONFIG", file.to_str().unwrap())])).unwrap();
    assert_eq!(settings.timezone, chrono_tz::Asia::Tokyo);
}

#[test]
fn bad_settings_name_the_setting_and_the_problem() {
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("KITH_IMAP_URL", "imap://me@mail.example.com")],
            "setting KITH_IMAP_URL: imap:// sends the password unencrypted: use imaps://",
        ),
        (
            &[("KITH_IMAP_URL", "imaps://me:hunter2@mail.example.com")],
            "setting KITH_IMAP_URL: put the password in KITH_IMAP_PASSWORD, not in the URL",
        ),
        (
            &[("KITH_IMAP_URL", "imaps://mail.example.com")],
            "setting KITH_IMAP_URL: \"imaps://mail.example.com\" needs a user and a host",
        ),
        (
            &[("KITH_IMAP_URL", "pop3://me@mail.example.com")],
            "setting KITH_IMAP_URL: pop3:// is not imaps://",
        ),
        (
            &[("KITH_GMAIL", "maybe")],
            "setting KITH_GMAIL: \"maybe\" is neither true nor false",
        ),
        (
            &[("KITH_STALE_KINDS", "coffee, teleport")],
            "setting KITH_STALE_KINDS: \"teleport\" is not an interaction type",
        ),
        (
            &[("KITH_OWNER_IDS", "12,abc")],
            "setting KITH_OWNER_IDS: \"abc\" is not a Telegram user id",
        ),
        (&[("KITH_OWNER_IDS", "-5")], "setting KITH_OWNER_IDS"),
        (
            &[("KITH_TIMEZONE", "Mars/Olympus")],
            "setting KITH_TIMEZONE: \"Mars/Olympus\" is not an IANA time zone",
        ),
        (
            &[("KITH_SYNC_SCHEDULE", "0 */30 * * * *")],
            "setting KITH_SYNC_SCHEDULE: \"0 */30 * * * *\" has 6 fields",
        ),
        (
            &[("KITH_SYNC_SCHEDULE", "61 * * * *")],
            "setting KITH_SYNC_SCHEDULE: \"61 * * * *\" is not a valid crontab line",
        ),
        (
            &[("KITH_DIGEST_WHEN_EMPTY", "sometimes")],
            "setting KITH_DIGEST_WHEN_EMPTY: \"sometimes\" is neither line nor silent",
        ),
        (
            &[("KITH_DIGEST_SCHEDULE", "daily")],
            "setting KITH_DIGEST_SCHEDULE",
        ),
        (
            &[("KITH_MAX_ATTENDEES", "lots")],
            "setting KITH_MAX_ATTENDEES: \"lots\" is not a whole number",
        ),
        (
            &[("KITH_MAX_ATTENDEES", "0")],
            "setting KITH_MAX_ATTENDEES: 0 is out of range",
        ),
        (
            &[("KITH_MAX_SERIES_INSTANCES", "0")],
            "setting KITH_MAX_SERIES_INSTANCES: 0 is out of range (1–100000)",
        ),
        (
            &[("KITH_MAX_FEED_BYTES", "50MB")],
            "setting KITH_MAX_FEED_BYTES: \"50MB\" is not a whole number",
        ),
        (
            &[("KITH_MY_EMAILS", "me@x.io, not-an-address")],
            "setting KITH_MY_EMAILS: \"not-an-address\" is not a valid email",
        ),
        (
            &[("KITH_TELEGRAM_API_URL", "ftp://example.org")],
            "setting KITH_TELEGRAM_API_URL",
        ),
        (
            &[("KITH_GOOGLE_API_URL", "not a url")],
            "setting KITH_GOOGLE_API_URL: \"not a url\" is not a URL",
        ),
        (
            &[("KITH_TELEGRAM_TOKEN", "hunter2")],
            "setting KITH_TELEGRAM_TOKEN: does not look like a bot token",
        ),
        (
            &[("KITH_CLOSENESS_LABELS", "a,b,c")],
            "setting KITH_CLOSENESS_LABELS: expected 7 labels",
        ),
        (
            &[("KITH_CLOSENESS_CADENCES", "1,2,3,4,5,6,soon")],
            "setting KITH_CLOSENESS_CADENCES: \"soon\"",
        ),
        (&[("KITH_BACKUP_KEEP", "0")], "setting KITH_BACKUP_KEEP"),
        (
            &[("KITH_TIMEZON", "UTC")],
            "unknown setting KITH_TIMEZON (did you mean KITH_TIMEZONE?)",
        ),
    ];
    for (pairs, expected) in cases {
        let message = error(None, pairs);
        assert!(message.contains(expected), "{pairs:?}: {message}");
    }
    // A refused token is never echoed back.
    assert!(!error(None, &[("KITH_TELEGRAM_TOKEN", "hunter2")]).contains("hunter2"));
}

#[test]
fn bad_config_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml");
    assert!(error(Some(&missing), &[]).starts_with(&format!("config file {}", missing.display())));
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "timezone = \n").unwrap();
    assert!(error(Some(&broken), &[]).contains("broken.toml"));
    let unknown = dir.path().join("unknown.toml");
    std::fs::write(&unknown, "time_zone = \"UTC\"\n").unwrap();
    let message = error(Some(&unknown), &[]);
    assert!(
        message.contains("unknown setting \"time_zone\" (did you mean timezone?)"),
        "{message}"
    );
    let typed = dir.path().join("typed.toml");
    std::fs::write(&typed, "max_attendees = [1, 2]\n").unwrap();
    assert!(error(Some(&typed), &[]).contains("setting KITH_MAX_ATTENDEES"));
}

#[test]
fn the_readme_documents_every_setting() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for setting in SETTINGS {
        assert!(
            readme.contains(setting.env),
            "README.md does not mention {}",
            setting.env
        );
    }
}

#[test]
fn feed_addresses_are_secrets_shown_as_host_and_fingerprint() {
    let secret = "https://calendar.google.com/calendar/ical/me%40example.com/private-0123456789abcdef/basic.ics";
    let other =
        "https://calendar.google.com/calendar/ical/other/private-fedcba9876543210/basic.ics";
    let settings = Settings::resolve(
        None,
        &env(&[(
            "KITH_ICS_URLS",
            &format!("{secret},{other},/home/owner/work.ics"),
        )]),
    )
    .unwrap();
    let shown = format!("{settings:?}");
    for part in [
        "private-0123456789abcdef",
        "private-fedcba9876543210",
        "%40example",
    ] {
        assert!(!shown.contains(part), "{part} in {shown}");
    }
    let labels: Vec<String> = settings.ics_urls.iter().map(|feed| feed.label()).collect();
    assert!(
        labels[0].starts_with("ics:calendar.google.com#"),
        "{labels:?}"
    );
    assert_eq!(labels[0].len(), "ics:calendar.google.com#".len() + 8);
    assert_ne!(labels[0], labels[1], "two feeds of one host are told apart");
    assert_eq!(
        labels[2], "ics:/home/owner/work.ics",
        "a file path is no secret"
    );
    assert_eq!(settings.ics_urls[0].expose(), secret);
    // The same address has the same label in every run (it names the stored source).
    let again = Settings::resolve(None, &env(&[("KITH_ICS_URLS", secret)])).unwrap();
    assert_eq!(again.ics_urls[0].label(), labels[0]);
}
