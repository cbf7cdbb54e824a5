//! The `kith run` binary: settings and token checks at start, a graceful stop on SIGTERM,
//! and no token in anything it prints.

use std::process::{Command, Stdio};

use super::*;

pub fn kith_run(db: &std::path::Path, env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
    command.arg("--db").arg(db).arg("run");
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Sends SIGTERM to a running `kith run` and waits for all it printed.
pub async fn terminate(child: std::process::Child) -> std::process::Output {
    let status = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap()
}

#[test]
fn missing_settings_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let output = kith_run(&db, &[("KITH_OWNER_IDS", "1")]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("KITH_TELEGRAM_TOKEN"), "{stderr}");
    let output = kith_run(&db, &[("KITH_TELEGRAM_TOKEN", fake::TOKEN)])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("KITH_OWNER_IDS"), "{stderr}");
    assert!(!stderr.contains(fake::TOKEN), "the token is never echoed");
    assert!(
        !db.exists(),
        "nothing is created before the settings are good"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_stops_with_one_clear_line() {
    let fake = FakeTelegram::start().await;
    fake.reject_token();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let owner = OWNER.to_string();
    let output = kith_run(
        &db,
        &[
            ("KITH_TELEGRAM_TOKEN", fake::TOKEN),
            ("KITH_OWNER_IDS", &owner),
            ("KITH_TELEGRAM_API_URL", &fake.url()),
        ],
    )
    .output()
    .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Telegram did not accept the bot token"),
        "{stderr}"
    );
    assert!(!stderr.contains(fake::TOKEN), "{stderr}");
    assert!(!String::from_utf8_lossy(&output.stdout).contains(fake::TOKEN));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_work_and_confirms_the_offset() {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    {
        let mut store = Store::open(&db).unwrap();
        populate(&mut store);
    }
    let owner = OWNER.to_string();
    let child = kith_run(
        &db,
        &[
            ("KITH_TELEGRAM_TOKEN", fake::TOKEN),
            ("KITH_OWNER_IDS", &owner),
            ("KITH_TELEGRAM_API_URL", &fake.url()),
            ("KITH_LOG", "debug"),
        ],
    )
    .spawn()
    .unwrap();
    let last = fake.message(OWNER, OWNER, "/note Alice Smith: said yes");
    fake.wait_for("the note", |sent| {
        texts(sent).iter().any(|t| t == "Noted on Alice Smith.")
    })
    .await;
    let output = terminate(child).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        fake.confirmed_offset() > last,
        "the last update was confirmed: {}",
        fake.confirmed_offset()
    );
    assert!(
        !stderr.contains(fake::TOKEN),
        "debug logs never carry the token"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("kith stopped"));
    let store = Store::open(&db).unwrap();
    assert!(
        store
            .person(kith::domain::model::PersonId(1))
            .unwrap()
            .notes
            .ends_with("said yes")
    );
}

/// With `KITH_LOG_FORMAT=json` every line `kith run` logs is one JSON object (for
/// journald and log shippers), the secrets scrubber still applies, and /status answers
/// with the health report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_carry_no_token_and_status_answers_in_the_chat() {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    {
        let mut store = Store::open(&db).unwrap();
        populate(&mut store);
    }
    let owner = OWNER.to_string();
    let backups = dir.path().join("backups");
    let child = kith_run(
        &db,
        &[
            ("KITH_TELEGRAM_TOKEN", fake::TOKEN),
            ("KITH_OWNER_IDS", &owner),
            ("KITH_TELEGRAM_API_URL", &fake.url()),
            ("KITH_LOG", "debug"),
            ("KITH_LOG_FORMAT", "json"),
            ("KITH_BACKUP_DIR", backups.to_str().unwrap()),
        ],
    )
    .spawn()
    .unwrap();
    fake.message(OWNER, OWNER, "/status");
    let sent = fake
        .wait_for("the status report", |sent| {
            texts(sent).iter().any(|t| t.contains("Database:"))
        })
        .await;
    let report = texts(&sent)
        .into_iter()
        .find(|t| t.contains("Database:"))
        .unwrap();
    assert!(
        report.contains(&format!("kith {}", env!("CARGO_PKG_VERSION"))),
        "{report}"
    );
    let schema = format!("schema {0} of {0}", kith::store::latest_schema_version());
    assert!(report.contains(&schema), "{report}");
    assert!(report.contains("Replica: not configured"), "{report}");
    let output = terminate(child).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        !stderr.contains(fake::TOKEN),
        "json logs never carry the token"
    );
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "debug logging wrote nothing");
    for line in lines {
        let event: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
        assert!(
            event["level"].is_string() && event["timestamp"].is_string(),
            "{line}"
        );
    }
}
