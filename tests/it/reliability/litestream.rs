//! Off-machine durability: the real Litestream replicates a live database to an
//! S3-compatible server (moto's server mode, on 127.0.0.1) while `kith` writes — a new
//! person, a log, an edit, a calendar sync; then the machine is "lost" (Litestream killed,
//! the database folder deleted), the database is restored from the replica into a fresh
//! folder, and `kith check` and the JSON export show that everything acknowledged before
//! the last replication point is there. Skipped with a message where Litestream or moto
//! is absent, failed instead under `KITH_REQUIRE_FIXTURES=1` (`.ci/run` installs both).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A program from `env`, else from PATH, else from where `.ci/run` installs it.
fn tool(env: &str, name: &str, installed: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env) {
        return Some(PathBuf::from(path));
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    });
    on_path.or_else(|| {
        let home = PathBuf::from(std::env::var_os("HOME")?);
        installed.iter().map(|p| home.join(p)).find(|p| p.is_file())
    })
}

/// Kills the process when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits for `ready` (checked every 50 ms) up to `limit`; how long it took.
fn wait_for(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while !ready() {
        assert!(
            started.elapsed() < limit,
            "gave up waiting for {what} after {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    started.elapsed()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One plain HTTP request to the S3 server (moto does not check signatures).
fn http(port: u16, method: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

fn kith(db: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
        command.env_remove(name);
    }
    let output = command
        .arg("--db")
        .arg(db)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "kith {args:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn export(db: &Path) -> serde_json::Value {
    kith::Store::open_to_inspect(db)
        .unwrap()
        .export_json()
        .unwrap()
}

#[test]
fn a_replica_restored_on_a_new_machine_holds_every_acknowledged_write() {
    let litestream = tool(
        "KITH_LITESTREAM_BIN",
        "litestream",
        &[".cache/kith-ci/node_modules/@flydotio/litestream-linux-x64/litestream"],
    );
    let moto = tool(
        "KITH_MOTO_SERVER",
        "moto_server",
        &[".local/bin/moto_server"],
    );
    let (Some(litestream), Some(moto)) = (litestream, moto) else {
        assert!(
            !std::env::var("KITH_REQUIRE_FIXTURES").is_ok_and(|v| v == "1"),
            "litestream or moto_server is missing and KITH_REQUIRE_FIXTURES=1 (.ci/run installs @flydotio/litestream-linux-x64 and moto[server])"
        );
        eprintln!(
            "skipped: litestream (npm @flydotio/litestream-linux-x64) or moto_server (pip moto[server]) is not installed"
        );
        return;
    };

    // The storage: moto's S3 on 127.0.0.1, with one bucket.
    let port = free_port();
    let _s3 = Running(
        Command::new(&moto)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts"),
    );
    wait_for("the S3 server", Duration::from_secs(30), || {
        TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(http(port, "PUT", "/kith-replica").starts_with("HTTP/1.1 200"));

    let machine = tempfile::tempdir().unwrap();
    let data = machine.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let db = data.join("kith.db");
    kith(
        &db,
        &[
            "seed",
            "--people",
            "300",
            "--interactions",
            "900",
            "--organizations",
            "30",
            "--emails",
            "450",
            "--today",
            "2026-11-26",
        ],
        &[],
    );
    let config = machine.path().join("litestream.yml");
    std::fs::write(
        &config,
        format!(
            "dbs:\n  - path: {}\n    replicas:\n      - type: s3\n        bucket: kith-replica\n        path: kith\n        endpoint: http://127.0.0.1:{port}\n        region: us-east-1\n        force-path-style: true\n        sync-interval: 200ms\n",
            db.display()
        ),
    )
    .unwrap();
    let litestream_command = |args: &[&str]| {
        let mut command = Command::new(&litestream);
        command
            .args(args)
            .env("LITESTREAM_ACCESS_KEY_ID", "test")
            .env("LITESTREAM_SECRET_ACCESS_KEY", "test")
            .env("AWS_EC2_METADATA_DISABLED", "true");
        command
    };
    let mut replicate = Running(
        litestream_command(&["replicate", "-config", config.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("litestream starts"),
    );
    let status_env = [
        ("KITH_LITESTREAM_CONFIG", config.to_str().unwrap()),
        ("KITH_LITESTREAM_BIN", litestream.to_str().unwrap()),
    ];
    wait_for("the first generation", Duration::from_secs(30), || {
        let output = litestream_command(&[
            "generations",
            "-config",
            config.to_str().unwrap(),
            db.to_str().unwrap(),
        ])
        .output()
        .unwrap();
        String::from_utf8_lossy(&output.stdout).lines().count() >= 2
    });

    // kith writes while Litestream replicates: each command's success is its acknowledgement.
    kith(&db, &["ask", "/new Grace Hopper grace@navy.mil"], &[]);
    kith(
        &db,
        &[
            "ask",
            "/log coffee with Grace Hopper yesterday: compilers and COBOL",
        ],
        &[],
    );
    kith(&db, &["ask", "/set Grace Hopper location Arlington"], &[]);
    let feed = machine.path().join("feed.ics");
    std::fs::write(
        &feed,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kith//test//EN\r\n\
         BEGIN:VEVENT\r\nUID:replicated-1@kith\r\nDTSTART:20261120T100000Z\r\nSUMMARY:Navy review\r\n\
         ATTENDEE;PARTSTAT=ACCEPTED:mailto:grace@navy.mil\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:new.person@navy.mil\r\nEND:VEVENT\r\n\
         END:VCALENDAR\r\n",
    )
    .unwrap();
    let synced = kith(&db, &["sync"], &[("KITH_ICS_URLS", feed.to_str().unwrap())]);
    assert!(String::from_utf8_lossy(&synced.stdout).contains("1 created"));
    let acknowledged = Instant::now();
    let expected = export(&db);
    let mut status = Command::new(env!("CARGO_BIN_EXE_kith"));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
        status.env_remove(name);
    }
    let status = status
        .arg("--db")
        .arg(&db)
        .arg("status")
        .envs(status_env)
        .env("LITESTREAM_ACCESS_KEY_ID", "test")
        .env("LITESTREAM_SECRET_ACCESS_KEY", "test")
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&status.stdout);
    assert!(
        report.contains("Replica: s3 generation "),
        "kith status reads the replica: {report}"
    );

    // The replica reaches the last acknowledged write: restores are tried until one holds it.
    let probes = machine.path().join("probes");
    std::fs::create_dir_all(&probes).unwrap();
    let mut attempt = 0;
    wait_for(
        "the replica to hold every write",
        Duration::from_secs(60),
        || {
            attempt += 1;
            let probe = probes.join(format!("probe-{attempt}.db"));
            let restored = litestream_command(&[
                "restore",
                "-config",
                config.to_str().unwrap(),
                "-o",
                probe.to_str().unwrap(),
                db.to_str().unwrap(),
            ])
            .stderr(Stdio::null())
            .status()
            .unwrap();
            restored.success() && export(&probe) == expected
        },
    );
    // An upper bound: it includes the export, `kith status` and each restore's own time.
    eprintln!(
        "replication: a restore held every acknowledged write {:.0} ms after the last one ({attempt} restore(s))",
        acknowledged.elapsed().as_secs_f64() * 1000.0
    );

    // The machine is lost: Litestream killed, the whole data folder gone.
    let _ = replicate.0.kill();
    let _ = replicate.0.wait();
    std::fs::remove_dir_all(&data).unwrap();
    assert!(!db.exists());

    // A new machine: restore only if a replica exists, into a fresh folder.
    let fresh = tempfile::tempdir().unwrap();
    let restored_db = fresh.path().join("kith.db");
    let restored = litestream_command(&[
        "restore",
        "-if-replica-exists",
        "-config",
        config.to_str().unwrap(),
        "-o",
        restored_db.to_str().unwrap(),
        db.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let checked = kith(&restored_db, &["check"], &[]);
    assert!(String::from_utf8_lossy(&checked.stdout).starts_with("ok:"));
    assert_eq!(
        export(&restored_db),
        expected,
        "the restored network is the one acknowledged"
    );
    let grace = kith(&restored_db, &["ask", "/find Grace Hopper"], &[]);
    assert!(String::from_utf8_lossy(&grace.stdout).contains("Grace Hopper"));
}
