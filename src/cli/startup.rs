//! `kith bench`'s start-up measures: the real `kith run` binary against a minimal fake
//! Bot API on 127.0.0.1, timed to its first getUpdates, and its peak memory from /proc.

use std::path::Path;
use std::time::{Duration, Instant};

use super::bench::{Measure, peak_rss};

/// A minimal Bot API on 127.0.0.1 for the start-up measure: answers getMe and friends,
/// and reports when the first getUpdates arrives.
fn fake_bot_api() -> std::io::Result<(String, std::sync::mpsc::Receiver<Instant>)> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let address = super::fakehttp::serve(move |target| {
        let method = target
            .split('?')
            .next()
            .unwrap_or("")
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_lowercase();
        let result = match method.as_str() {
            "getme" => r#"{"id":1,"is_bot":true,"first_name":"kith","username":"kith_bench_bot","can_join_groups":false,"can_read_all_group_messages":false,"supports_inline_queries":false,"has_main_web_app":false}"#.to_owned(),
            "getupdates" => {
                let _ = sender.send(Instant::now());
                std::thread::sleep(Duration::from_millis(500));
                "[]".to_owned()
            }
            "getwebhookinfo" => r#"{"url":"","has_custom_certificate":false,"pending_update_count":0}"#.to_owned(),
            _ => "true".to_owned(),
        };
        format!("{{\"ok\":true,\"result\":{result}}}")
    })?;
    Ok((address, receiver))
}

/// Starts the real `kith run` on `db` against a fake Bot API and measures the time to its
/// first getUpdates, and its peak resident memory a moment later.
pub fn startup(exe: &Path, db: &Path) -> anyhow::Result<(Duration, Option<u64>)> {
    let (api, first_poll) = fake_bot_api()?;
    let started = Instant::now();
    let mut child = std::process::Command::new(exe)
        .arg("--db")
        .arg(db)
        .arg("run")
        .env("KITH_TELEGRAM_TOKEN", "123456:bench-token")
        .env("KITH_OWNER_IDS", "1")
        .env("KITH_TELEGRAM_API_URL", &api)
        // Keep the schedules from running a sync or a digest during the measure.
        .env("KITH_SYNC_SCHEDULE", "0 0 1 1 *")
        .env("KITH_DIGEST_SCHEDULE", "0 0 1 1 *")
        .env("KITH_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    let polled = first_poll.recv_timeout(Duration::from_secs(60));
    let elapsed = started.elapsed();
    std::thread::sleep(Duration::from_millis(300));
    let rss = peak_rss(Some(child.id()));
    let _ = child.kill();
    let _ = child.wait();
    let polled = polled.map_err(|_| anyhow::anyhow!("kith run never polled for updates"))?;
    Ok((polled.duration_since(started).min(elapsed), rss))
}

/// The start-up measure at `factor`, as table rows (seeding a database of that size).
pub fn startup_measures(exe: &Path, factor: usize, dir: &Path) -> anyhow::Result<Vec<Measure>> {
    let db = dir.join(format!("bench-{factor}x.db"));
    anyhow::ensure!(
        db.exists(),
        "run the other measures first (they seed {})",
        db.display()
    );
    let mut measures = ask_measures(exe, factor, &db)?;
    let (took, rss) = startup(exe, &db)?;
    measures.push(Measure {
        scale: factor,
        operation: "`kith run` start-up to the first getUpdates".into(),
        median: took,
        p95: took,
        floor: None,
        target: None,
        memory: None,
    });
    if let Some(rss) = rss {
        measures.push(Measure {
            scale: factor,
            operation: "`kith run` peak RSS after start-up".into(),
            median: Duration::ZERO,
            p95: Duration::ZERO,
            floor: None,
            target: None,
            memory: Some((
                rss,
                if factor >= 100 {
                    60_000_000
                } else {
                    40_000_000
                },
            )),
        });
    }
    Ok(measures)
}

/// `kith ask "/stale"` as a script calls it — a new process each time, opening the
/// database, answering, printing — beside the `sqlite3` shell running the floor's SQL
/// for the same page (when the shell is installed).
fn ask_measures(exe: &Path, factor: usize, db: &Path) -> anyhow::Result<Vec<Measure>> {
    const RUNS: usize = 20;
    let run = |command: &mut std::process::Command| -> anyhow::Result<(Duration, Duration)> {
        let mut samples = Vec::with_capacity(RUNS);
        for _ in 0..RUNS + 2 {
            let started = Instant::now();
            let output = command.output()?;
            anyhow::ensure!(
                output.status.success() && !output.stdout.is_empty(),
                "{command:?} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            samples.push(started.elapsed());
        }
        // The first two warm the file cache, as in the other measures.
        let mut samples = samples.split_off(2);
        samples.sort();
        Ok((samples[RUNS / 2], samples[(RUNS * 95).div_ceil(100) - 1]))
    };
    let mut ask = std::process::Command::new(exe);
    ask.env_clear()
        .arg("--db")
        .arg(db)
        .args(["ask", "/stale"])
        .stderr(std::process::Stdio::piped());
    let (median, p95) = run(&mut ask)?;
    let floor = match which_sqlite3() {
        Some(shell) => {
            let store = kith::store::Store::open_to_inspect(db)?;
            let today = chrono::Utc::now().date_naive();
            let sql =
                store.floor_stale_sql(&kith::domain::closeness::Closeness::default(), today)?;
            drop(store);
            let mut floor = std::process::Command::new(shell);
            floor
                .arg("-readonly")
                .arg(db)
                .arg(format!("{};", sql.join("; ")));
            Some(run(&mut floor)?.1)
        }
        None => None,
    };
    Ok(vec![Measure {
        scale: factor,
        operation: "`kith ask \"/stale\"` as a new process (start-up included)".into(),
        median,
        p95,
        floor,
        target: if factor >= 100 {
            None
        } else {
            Some(Duration::from_millis(50))
        },
        memory: None,
    }])
}

fn which_sqlite3() -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join("sqlite3"))
        .find(|path| path.is_file())
}
