//! The catalog of settings: every `KITH_*` setting with its TOML key, what it means and
//! its default, as README's table shows them (a test keeps the two equal).

/// One setting: its key in the TOML file, its environment variable, what it means and its default.
pub struct SettingInfo {
    pub key: &'static str,
    pub env: &'static str,
    pub meaning: &'static str,
    pub default: &'static str,
}

/// Every setting kith reads. The README's settings table is checked against this list.
pub const SETTINGS: &[SettingInfo] = &[
    info("db", "KITH_DB", "SQLite file", "`kith.db` in the data dir"),
    info(
        "telegram_token",
        "KITH_TELEGRAM_TOKEN",
        "bot token",
        "— (needed by `run`)",
    ),
    info(
        "telegram_api_url",
        "KITH_TELEGRAM_API_URL",
        "Bot API base URL",
        DEFAULT_TELEGRAM_API_URL,
    ),
    info(
        "owner_ids",
        "KITH_OWNER_IDS",
        "comma-separated Telegram user ids allowed to use the bot",
        "— (needed by `run`)",
    ),
    info(
        "timezone",
        "KITH_TIMEZONE",
        "IANA zone for dates, schedules and \"today\"",
        "UTC",
    ),
    info(
        "sync_schedule",
        "KITH_SYNC_SCHEDULE",
        "standard 5-field cron for calendar sync",
        "`*/30 * * * *`",
    ),
    info(
        "digest_schedule",
        "KITH_DIGEST_SCHEDULE",
        "standard 5-field cron for the digest",
        "`0 8 * * *`",
    ),
    info(
        "my_emails",
        "KITH_MY_EMAILS",
        "the owner's own addresses, comma-separated",
        "—",
    ),
    info(
        "ics_urls",
        "KITH_ICS_URLS",
        "comma-separated ICS URLs or file paths",
        "—",
    ),
    info(
        "google_client_id",
        "KITH_GOOGLE_CLIENT_ID",
        "OAuth client id",
        "—",
    ),
    info(
        "google_client_secret",
        "KITH_GOOGLE_CLIENT_SECRET",
        "OAuth client secret",
        "—",
    ),
    info(
        "google_calendars",
        "KITH_GOOGLE_CALENDARS",
        "comma-separated calendar ids",
        "primary",
    ),
    info(
        "google_api_url",
        "KITH_GOOGLE_API_URL",
        "Calendar API base",
        DEFAULT_GOOGLE_API_URL,
    ),
    info(
        "google_token_url",
        "KITH_GOOGLE_TOKEN_URL",
        "OAuth token endpoint",
        DEFAULT_GOOGLE_TOKEN_URL,
    ),
    info(
        "telegram_business",
        "KITH_TELEGRAM_BUSINESS",
        "log the owner's own Telegram chats through a business connection (Telegram Premium: Settings → Telegram Business → Chatbots): one `message` per chat and day they wrote, who and when only",
        "false",
    ),
    info(
        "gmail",
        "KITH_GMAIL",
        "also sync sent mail from Gmail (headers and labels only, the `gmail.metadata` scope; `kith auth google` asks for it)",
        "false",
    ),
    info(
        "gmail_api_url",
        "KITH_GMAIL_API_URL",
        "Gmail API base (tests point it at a local fake)",
        DEFAULT_GMAIL_API_URL,
    ),
    info(
        "imap_url",
        "KITH_IMAP_URL",
        "an IMAP mailbox whose sent mail is synced, `imaps://you@imap.example.com` (`imap://` only on 127.0.0.1)",
        "—",
    ),
    info(
        "imap_password",
        "KITH_IMAP_PASSWORD",
        "its password or app password (a secret: never logged)",
        "—",
    ),
    info(
        "imap_sent_folder",
        "KITH_IMAP_SENT_FOLDER",
        "the Sent folder's name, if the server does not mark it (RFC 6154 `\\Sent`)",
        "found by SPECIAL-USE",
    ),
    info(
        "carddav_url",
        "KITH_CARDDAV_URL",
        "the address book synced both ways over CardDAV: a book's URL, or the server's (or your principal's) from which the books are found (`https://` except on 127.0.0.1)",
        "—",
    ),
    info(
        "carddav_user",
        "KITH_CARDDAV_USER",
        "the CardDAV user name",
        "—",
    ),
    info(
        "carddav_password",
        "KITH_CARDDAV_PASSWORD",
        "its password or app password (a secret: never logged)",
        "—",
    ),
    info(
        "carddav_book",
        "KITH_CARDDAV_BOOK",
        "which address book, by name or URL, when the server has several",
        "the only one",
    ),
    info(
        "google_contacts",
        "KITH_GOOGLE_CONTACTS",
        "sync Google Contacts both ways over Google's CardDAV (`kith auth google` asks for the contacts scope)",
        "false",
    ),
    info(
        "google_carddav_url",
        "KITH_GOOGLE_CARDDAV_URL",
        "Google's CardDAV base (tests point it at a local fake)",
        DEFAULT_GOOGLE_CARDDAV_URL,
    ),
    info(
        "stale_kinds",
        "KITH_STALE_KINDS",
        "interaction kinds that count as having seen someone, for a card's \"Last seen\", a brief, /stale and the reach-out list: types (`all`, or `1:1-f2f, coffee, lunch`), and `synced-email` for mail synced from a mailbox",
        "every kind except synced email",
    ),
    info(
        "max_attendees",
        "KITH_MAX_ATTENDEES",
        "events with more attendees are broadcasts, not interactions",
        "15",
    ),
    info(
        "max_series_instances",
        "KITH_MAX_SERIES_INSTANCES",
        "instances of one recurring event read inside the sync window; the rest are reported, not read",
        "1000",
    ),
    info(
        "max_feed_bytes",
        "KITH_MAX_FEED_BYTES",
        "an ICS feed larger than this many bytes (50 MB by default) is refused while it arrives, and not retried",
        "50000000",
    ),
    info(
        "brief_minutes",
        "KITH_BRIEF_MINUTES",
        "send a brief on each meeting's attendees this many minutes before it starts; 0 = off",
        "15",
    ),
    info(
        "digest_max_late_hours",
        "KITH_DIGEST_MAX_LATE_HOURS",
        "a missed digest later than this is skipped",
        "12",
    ),
    info(
        "dates_ahead_days",
        "KITH_DATES_AHEAD_DAYS",
        "the digest lists birthdays and important dates this many days ahead (0 = only today's)",
        "7",
    ),
    info(
        "digest_when_empty",
        "KITH_DIGEST_WHEN_EMPTY",
        "with nothing new, send one line (`line`) or nothing (`silent`)",
        "line",
    ),
    info(
        "date_order",
        "KITH_DATE_ORDER",
        "how a date like 3/5 is read: `auto` asks with both readings (the time zone's convention first), `day-first` or `month-first` reads it that way",
        "auto",
    ),
    info(
        "phone_region",
        "KITH_PHONE_REGION",
        "the region national phone numbers belong to (two letters: DE, GB, US…), so `0170 1234567` is kept as +491701234567; unset, numbers without a country code are kept as typed",
        "unset",
    ),
    info(
        "backup_dir",
        "KITH_BACKUP_DIR",
        "where automatic daily backups go",
        "`backups` beside the database",
    ),
    info(
        "backup_keep",
        "KITH_BACKUP_KEEP",
        "how many daily backups to keep",
        "14",
    ),
    info("log", "KITH_LOG", "log filter (tracing syntax)", "info"),
    info(
        "log_format",
        "KITH_LOG_FORMAT",
        "`text`, or `json` (one object a line, for journald and log shippers)",
        "text",
    ),
    info(
        "litestream_config",
        "KITH_LITESTREAM_CONFIG",
        "Litestream's config file, when it replicates the database: `kith status` reports the replica",
        "— (no replica)",
    ),
    info(
        "litestream_bin",
        "KITH_LITESTREAM_BIN",
        "the `litestream` program `kith status` asks",
        "litestream",
    ),
    info(
        "closeness_labels",
        "KITH_CLOSENESS_LABELS",
        "the 7 tier labels, closest first, comma-separated",
        "Any time, Close, Friendly, Casual, Acquaintance, Distant, Not even close to connected",
    ),
    info(
        "closeness_cadences",
        "KITH_CLOSENESS_CADENCES",
        "keep-in-touch cadence of each tier in days, or `none`",
        "14, 30, 60, 90, 180, 365, none",
    ),
];

const fn info(
    key: &'static str,
    env: &'static str,
    meaning: &'static str,
    default: &'static str,
) -> SettingInfo {
    SettingInfo {
        key,
        env,
        meaning,
        default,
    }
}

pub const DEFAULT_TELEGRAM_API_URL: &str = "https://api.telegram.org";

pub const DEFAULT_GOOGLE_API_URL: &str = "https://www.googleapis.com/calendar/v3";

pub const DEFAULT_GMAIL_API_URL: &str = "https://gmail.googleapis.com/gmail/v1";

pub const DEFAULT_GOOGLE_CARDDAV_URL: &str = "https://www.googleapis.com/carddav/v1";
pub const DEFAULT_GOOGLE_TOKEN_URL: &str = "https://oauth2.googleapis.com/token";
