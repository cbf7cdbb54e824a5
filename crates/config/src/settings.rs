//! Settings, resolved in one place: defaults → TOML file (`--config` / `KITH_CONFIG`) →
//! `KITH_*` environment variables. Every value is checked here, and a bad one fails with
//! a message naming the setting and what is wrong with it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Format, Toml};
use figment::value::Value;

use super::catalog::{
    DEFAULT_GMAIL_API_URL, DEFAULT_GOOGLE_API_URL, DEFAULT_GOOGLE_CARDDAV_URL,
    DEFAULT_GOOGLE_TOKEN_URL, DEFAULT_TELEGRAM_API_URL, SETTINGS, SettingInfo,
};
pub use super::mailbox::ImapAccount;
use super::secret::{FeedUrl, Secret};
use kith_domain::closeness::Closeness;
use kith_domain::model::{EmailAddress, Tier};

pub use kith_domain::preferences::{DateOrder, DigestWhenEmpty, Preferences};

/// The resolved settings. Built only by [`Settings::resolve`].
#[derive(Clone, Debug)]
pub struct Settings {
    pub db: PathBuf,
    pub telegram_token: Option<Secret>,
    pub telegram_api_url: String,
    pub owner_ids: Vec<i64>,
    pub timezone: chrono_tz::Tz,
    pub sync_schedule: String,
    pub digest_schedule: String,
    pub my_emails: Vec<EmailAddress>,
    pub ics_urls: Vec<FeedUrl>,
    pub google_client_id: Option<String>,
    pub google_client_secret: Option<Secret>,
    pub google_calendars: Vec<String>,
    pub google_api_url: String,
    pub google_token_url: String,
    pub max_attendees: u32,
    /// Instances of one series read inside the sync window; a feed's bytes read at most.
    pub max_series_instances: u32,
    pub max_feed_bytes: u64,
    pub digest_max_late_hours: u32,
    /// Days ahead the digest lists birthdays and important dates.
    pub dates_ahead_days: u32,
    /// Minutes before a meeting its brief goes out; 0 = no briefs.
    pub brief_minutes: u32,
    /// Send a one-line digest when there is nothing new (else nothing at all).
    pub digest_when_empty: DigestWhenEmpty,
    /// How `3/5` is read: asked about (`auto`), or always one way.
    pub date_order: DateOrder,
    /// The region national phone numbers belong to (`DE`, `US`), if set.
    pub phone_region: Option<String>,
    pub backup_dir: PathBuf,
    pub backup_keep: u32,
    pub log: String,
    /// Log lines as text or as JSON objects.
    pub log_format: LogFormat,
    /// Litestream's config, when it replicates the database.
    pub litestream_config: Option<PathBuf>,
    pub litestream_bin: PathBuf,
    pub closeness: Closeness,
    /// What counts as having seen someone, for /stale and the reach-out list.
    pub stale_kinds: kith_domain::rank::StaleKinds,
    /// Log the owner's own Telegram chats through a business connection.
    pub telegram_business: bool,
    /// Also read sent mail from Gmail (the metadata scope: headers, never bodies).
    pub gmail: bool,
    pub gmail_api_url: String,
    /// An IMAP mailbox's sent mail.
    pub imap: Option<ImapAccount>,
    pub imap_password: Option<Secret>,
    pub imap_sent_folder: Option<String>,
    /// The address book synced over CardDAV (`KITH_CARDDAV_*`, `KITH_GOOGLE_CONTACTS`).
    pub address_book: crate::address_book::AddressBookSettings,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// A setting that could not be used, with what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("setting {env}: {problem}")]
    Invalid { env: &'static str, problem: String },
    #[error("config file {path}: {problem}")]
    File { path: String, problem: String },
    #[error("unknown setting {name}{hint}")]
    Unknown { name: String, hint: String },
    /// A setting a command needs is not set (`kith run` without a token, say).
    #[error("setting {env}: needed by `{command}` ({hint})")]
    Missing {
        env: &'static str,
        command: &'static str,
        hint: &'static str,
    },
}

/// Where the environment comes from; tests pass a map instead of the process environment.
pub type Environment = BTreeMap<String, String>;

/// The variables of this process that settings read: `KITH_*`, and `HOME` and
/// `XDG_DATA_HOME` for the default data dir.
pub fn process_environment() -> Environment {
    std::env::vars()
        .filter(|(name, _)| name.starts_with("KITH_") || name == "HOME" || name == "XDG_DATA_HOME")
        .collect()
}

/// Where kith keeps its files when no setting says otherwise.
pub fn default_data_dir(env: &Environment) -> PathBuf {
    let from = |name: &str| env.get(name).cloned().filter(|v| !v.is_empty());
    if let Some(xdg) = from("XDG_DATA_HOME") {
        return PathBuf::from(xdg).join("kith");
    }
    if let Some(home) = from("HOME") {
        return PathBuf::from(home).join(".local/share/kith");
    }
    PathBuf::from(".")
}

impl Settings {
    /// Resolves defaults → `config_file` → `env`. `KITH_CONFIG` in `env` names the file
    /// when `config_file` is `None`.
    pub fn resolve(
        config_file: Option<&Path>,
        env: &Environment,
    ) -> Result<Settings, SettingsError> {
        let mut values: BTreeMap<String, Value> = BTreeMap::new();
        let file = config_file.map(Path::to_path_buf).or_else(|| {
            env.get("KITH_CONFIG")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
        });
        if let Some(path) = &file {
            values = read_config_file(path)?;
        }
        for (name, value) in env {
            if name == "KITH_CONFIG" || !name.starts_with("KITH_") {
                continue;
            }
            let Some(setting) = SETTINGS.iter().find(|s| s.env == name) else {
                return Err(unknown(name));
            };
            values.insert(setting.key.to_owned(), Value::from(value.clone()));
        }
        Resolver { values }.settings(env)
    }

    /// Settings with every default, a database at `db`, and nothing from the environment.
    pub fn for_database(db: &Path) -> Settings {
        let mut env = Environment::new();
        env.insert("KITH_DB".into(), db.display().to_string());
        Settings::resolve(None, &env).expect("the defaults are valid")
    }
}

fn unknown(name: &str) -> SettingsError {
    let hint = closest_setting(name)
        .map(|s| format!(" (did you mean {}?)", s.env))
        .unwrap_or_default();
    SettingsError::Unknown {
        name: name.to_owned(),
        hint,
    }
}

fn closest_setting(name: &str) -> Option<&'static SettingInfo> {
    let key = name.trim_start_matches("KITH_").to_lowercase();
    SETTINGS
        .iter()
        .map(|s| (s, strsim::jaro_winkler(&key, s.key)))
        .filter(|(_, score)| *score > 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(s, _)| s)
}

fn read_config_file(path: &Path) -> Result<BTreeMap<String, Value>, SettingsError> {
    let file_error = |problem: String| SettingsError::File {
        path: path.display().to_string(),
        problem,
    };
    let text = std::fs::read_to_string(path).map_err(|e| file_error(e.to_string()))?;
    let values: BTreeMap<String, Value> = Figment::from(Toml::string(&text))
        .extract()
        .map_err(|e| file_error(e.to_string()))?;
    for key in values.keys() {
        if !SETTINGS.iter().any(|s| s.key == key) {
            let hint = closest_setting(key)
                .map(|s| format!(" (did you mean {}?)", s.key))
                .unwrap_or_default();
            return Err(file_error(format!("unknown setting {key:?}{hint}")));
        }
    }
    Ok(values)
}

/// Reads each setting from the merged values and checks it.
struct Resolver {
    values: BTreeMap<String, Value>,
}

fn env_name(key: &str) -> &'static str {
    SETTINGS
        .iter()
        .find(|s| s.key == key)
        .map(|s| s.env)
        .expect("every key read is in SETTINGS")
}

fn invalid(key: &str, problem: impl Into<String>) -> SettingsError {
    SettingsError::Invalid {
        env: env_name(key),
        problem: problem.into(),
    }
}

/// A scalar setting as text (numbers and booleans as written).
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(_, s) => Some(s.clone()),
        Value::Char(_, c) => Some(c.to_string()),
        Value::Bool(_, b) => Some(b.to_string()),
        Value::Num(_, n) => n
            .to_i128()
            .map(|i| i.to_string())
            .or_else(|| n.to_f64().map(|f| f.to_string())),
        _ => None,
    }
}

impl Resolver {
    fn text(&self, key: &str) -> Result<Option<String>, SettingsError> {
        match self.values.get(key) {
            None => Ok(None),
            Some(value) => scalar_text(value)
                .map(|s| Some(s.trim().to_owned()).filter(|s| !s.is_empty()))
                .ok_or_else(|| invalid(key, "expected a single value, not a list or table")),
        }
    }

    /// A list: a TOML array, or comma-separated text (as environment variables are).
    fn list(&self, key: &str) -> Result<Option<Vec<String>>, SettingsError> {
        let items = match self.values.get(key) {
            None => return Ok(None),
            Some(Value::Array(_, items)) => items
                .iter()
                .map(|item| {
                    scalar_text(item).ok_or_else(|| invalid(key, "list items must be plain values"))
                })
                .collect::<Result<Vec<_>, _>>()?,
            Some(value) => scalar_text(value)
                .ok_or_else(|| invalid(key, "expected a comma-separated list"))?
                .split(',')
                .map(str::to_owned)
                .collect(),
        };
        Ok(Some(
            items
                .into_iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect(),
        ))
    }

    /// `true`/`false` (also yes/no, on/off, 1/0); unset is false.
    fn flag(&self, key: &str) -> Result<bool, SettingsError> {
        match self.text(key)?.map(|t| t.to_lowercase()).as_deref() {
            None | Some("false" | "no" | "off" | "0") => Ok(false),
            Some("true" | "yes" | "on" | "1") => Ok(true),
            Some(other) => Err(invalid(key, format!("{other:?} is neither true nor false"))),
        }
    }

    fn number(
        &self,
        key: &str,
        default: u32,
        range: std::ops::RangeInclusive<u32>,
    ) -> Result<u32, SettingsError> {
        let Some(text) = self.text(key)? else {
            return Ok(default);
        };
        let number: u32 = text
            .parse()
            .map_err(|_| invalid(key, format!("{text:?} is not a whole number")))?;
        if !range.contains(&number) {
            return Err(invalid(
                key,
                format!(
                    "{number} is out of range ({}–{})",
                    range.start(),
                    range.end()
                ),
            ));
        }
        Ok(number)
    }

    fn url(&self, key: &str, default: &str) -> Result<String, SettingsError> {
        let text = self.text(key)?.unwrap_or_else(|| default.to_owned());
        let parsed = url::Url::parse(&text)
            .map_err(|e| invalid(key, format!("{text:?} is not a URL ({e})")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(invalid(
                key,
                format!("{text:?} must be an http or https URL"),
            ));
        }
        Ok(text.trim_end_matches('/').to_owned())
    }

    fn schedule(&self, key: &str, default: &str) -> Result<String, SettingsError> {
        let text = self.text(key)?.unwrap_or_else(|| default.to_owned());
        kith_domain::schedule::Schedule::parse(&text).map_err(|problem| invalid(key, problem))?;
        Ok(text)
    }

    fn settings(&self, env: &Environment) -> Result<Settings, SettingsError> {
        let data_dir = default_data_dir(env);
        let db = self
            .text("db")?
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("kith.db"));

        let default_backups = db
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .join("backups");
        let owner_ids = self.owner_ids()?;

        let timezone = self.timezone()?;

        let my_emails = self.my_emails()?;

        let closeness = self.closeness()?;

        let telegram_token = self.telegram_token()?;

        Ok(Settings {
            db,
            telegram_token,
            telegram_api_url: self.url("telegram_api_url", DEFAULT_TELEGRAM_API_URL)?,
            owner_ids,
            timezone,
            sync_schedule: self.schedule("sync_schedule", "*/30 * * * *")?,
            digest_schedule: self.schedule("digest_schedule", "0 8 * * *")?,
            my_emails,
            ics_urls: self
                .list("ics_urls")?
                .unwrap_or_default()
                .into_iter()
                .map(FeedUrl::new)
                .collect(),
            google_client_id: self.text("google_client_id")?,
            google_client_secret: self.text("google_client_secret")?.map(Secret::new),
            google_calendars: self
                .list("google_calendars")?
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| vec!["primary".to_owned()]),
            google_api_url: self.url("google_api_url", DEFAULT_GOOGLE_API_URL)?,
            google_token_url: self.url("google_token_url", DEFAULT_GOOGLE_TOKEN_URL)?,
            max_attendees: self.number("max_attendees", 15, 1..=10_000)?,
            max_series_instances: self.number("max_series_instances", 1_000, 1..=100_000)?,
            max_feed_bytes: self
                .number("max_feed_bytes", 50_000_000, 1_000..=u32::MAX)?
                .into(),
            digest_max_late_hours: self.number("digest_max_late_hours", 12, 0..=24 * 7)?,
            dates_ahead_days: self.number("dates_ahead_days", 7, 0..=366)?,
            brief_minutes: self.number("brief_minutes", 15, 0..=24 * 60)?,
            digest_when_empty: self.digest_when_empty()?,
            phone_region: self.phone_region()?,
            date_order: self.date_order()?,
            backup_dir: self
                .text("backup_dir")?
                .map(PathBuf::from)
                .unwrap_or(default_backups),
            backup_keep: self.number("backup_keep", 14, 1..=10_000)?,
            log: self.text("log")?.unwrap_or_else(|| "info".to_owned()),
            log_format: self.log_format()?,
            litestream_config: self.text("litestream_config")?.map(PathBuf::from),
            litestream_bin: self
                .text("litestream_bin")?
                .map_or_else(|| PathBuf::from("litestream"), PathBuf::from),
            closeness,
            stale_kinds: match self.list("stale_kinds")? {
                None => Default::default(),
                Some(items) => kith_domain::rank::StaleKinds::parse(&items)
                    .map_err(|problem| invalid("stale_kinds", problem))?,
            },
            telegram_business: self.flag("telegram_business")?,
            gmail: self.flag("gmail")?,
            gmail_api_url: self.url("gmail_api_url", DEFAULT_GMAIL_API_URL)?,
            imap: self
                .text("imap_url")?
                .map(|text| ImapAccount::parse(&text).map_err(|p| invalid("imap_url", p)))
                .transpose()?,
            imap_password: self.text("imap_password")?.map(Secret::new),
            imap_sent_folder: self.text("imap_sent_folder")?,
            address_book: crate::address_book::checked(crate::address_book::Given {
                url: self.text("carddav_url")?,
                user: self.text("carddav_user")?,
                password: self.text("carddav_password")?,
                book: self.text("carddav_book")?,
                google: self.flag("google_contacts")?,
                google_url: self.url("google_carddav_url", DEFAULT_GOOGLE_CARDDAV_URL)?,
            })
            .map_err(|(key, problem)| invalid(key, problem))?,
        })
    }

    /// The Telegram user ids of the owners.
    fn owner_ids(&self) -> Result<Vec<i64>, SettingsError> {
        self.list("owner_ids")?
            .unwrap_or_default()
            .into_iter()
            .map(|id| {
                id.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    invalid(
                        "owner_ids",
                        format!("{id:?} is not a Telegram user id (a positive number)"),
                    )
                })
            })
            .collect()
    }

    fn timezone(&self) -> Result<chrono_tz::Tz, SettingsError> {
        Ok(match self.text("timezone")? {
            None => chrono_tz::UTC,
            Some(name) => name.parse::<chrono_tz::Tz>().map_err(|_| {
                invalid(
                    "timezone",
                    format!("{name:?} is not an IANA time zone such as Europe/Berlin"),
                )
            })?,
        })
    }

    /// The owner's own addresses.
    fn my_emails(&self) -> Result<Vec<EmailAddress>, SettingsError> {
        self.list("my_emails")?
            .unwrap_or_default()
            .iter()
            .map(|a| EmailAddress::parse(a).map_err(|e| invalid("my_emails", e.to_string())))
            .collect()
    }

    fn telegram_token(&self) -> Result<Option<Secret>, SettingsError> {
        let telegram_token = self.text("telegram_token")?.map(Secret::new);
        if let Some(token) = &telegram_token
            && !looks_like_bot_token(token.expose())
        {
            return Err(invalid(
                "telegram_token",
                "does not look like a bot token (expected digits, a colon, then letters, as BotFather gives it)",
            ));
        }
        Ok(telegram_token)
    }

    fn digest_when_empty(&self) -> Result<DigestWhenEmpty, SettingsError> {
        Ok(
            match self
                .text("digest_when_empty")?
                .map(|t| t.to_lowercase())
                .as_deref()
            {
                None | Some("line") => DigestWhenEmpty::Line,
                Some("silent") | Some("none") => DigestWhenEmpty::Silent,
                Some(other) => {
                    return Err(invalid(
                        "digest_when_empty",
                        format!("{other:?} is neither line nor silent"),
                    ));
                }
            },
        )
    }

    fn phone_region(&self) -> Result<Option<String>, SettingsError> {
        Ok(match self.text("phone_region")? {
            None => None,
            Some(region) if kith_domain::contact::known_region(&region) => {
                Some(region.to_uppercase())
            }
            Some(other) => {
                return Err(invalid(
                    "phone_region",
                    format!(
                        "{other:?} is not a region kith reads national numbers for (use a two-letter code such as DE, GB, US)"
                    ),
                ));
            }
        })
    }

    fn date_order(&self) -> Result<DateOrder, SettingsError> {
        Ok(
            match self
                .text("date_order")?
                .map(|t| t.to_lowercase())
                .as_deref()
            {
                None | Some("auto") | Some("ask") => DateOrder::Auto,
                Some("day-first") | Some("dmy") => DateOrder::DayFirst,
                Some("month-first") | Some("mdy") => DateOrder::MonthFirst,
                Some(other) => {
                    return Err(invalid(
                        "date_order",
                        format!("{other:?} is none of auto, day-first, month-first"),
                    ));
                }
            },
        )
    }

    fn log_format(&self) -> Result<LogFormat, SettingsError> {
        Ok(match self.text("log_format")?.as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(invalid(
                    "log_format",
                    format!("{other:?} is neither text nor json"),
                ));
            }
        })
    }

    fn closeness(&self) -> Result<Closeness, SettingsError> {
        let mut closeness = Closeness::default();
        if let Some(labels) = self.list("closeness_labels")? {
            if labels.len() != Tier::COUNT {
                return Err(invalid(
                    "closeness_labels",
                    format!(
                        "expected {} labels, closest first; got {}",
                        Tier::COUNT,
                        labels.len()
                    ),
                ));
            }
            closeness = closeness.with_labels(labels);
        }
        if let Some(cadences) = self.list("closeness_cadences")? {
            if cadences.len() != Tier::COUNT {
                return Err(invalid(
                    "closeness_cadences",
                    format!(
                        "expected {} cadences (days or none); got {}",
                        Tier::COUNT,
                        cadences.len()
                    ),
                ));
            }
            let cadences = cadences
                .iter()
                .map(|c| match c.to_lowercase().as_str() {
                    "none" | "never" | "-" => Ok(None),
                    days => days
                        .parse::<u32>()
                        .ok()
                        .filter(|d| *d > 0)
                        .map(Some)
                        .ok_or_else(|| {
                            invalid(
                                "closeness_cadences",
                                format!("{c:?} is neither a number of days nor none"),
                            )
                        }),
                })
                .collect::<Result<Vec<_>, _>>()?;
            closeness = closeness.with_cadences(cadences);
        }
        Ok(closeness)
    }
}

fn looks_like_bot_token(token: &str) -> bool {
    match token.split_once(':') {
        Some((id, rest)) => {
            !id.is_empty()
                && id.chars().all(|c| c.is_ascii_digit())
                && !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        }
        None => false,
    }
}
