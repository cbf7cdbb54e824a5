//! A real IMAP server for the tests: Debian's Dovecot, started as a child process on a
//! free port of 127.0.0.1 with a generated configuration and a temporary Maildir. Where
//! Dovecot is not installed the tests say so and pass, unless `KITH_REQUIRE_FIXTURES=1`
//! (as in CI, whose `.ci/run` installs it), where they fail.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const USER: &str = "me@work.io";
pub const PASSWORD: &str = "correct horse battery staple";

pub struct Dovecot {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Child,
    /// Who owns the mail files (the current user, or `dovecot` when running as root,
    /// since Dovecot never runs a mail process as root).
    owner: (u32, u32),
}

fn binary() -> Option<PathBuf> {
    ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// The uid and gid of a system user, from /etc/passwd.
fn system_user(name: &str) -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.first() == Some(&name))
            .then(|| Some((fields[2].parse().ok()?, fields[3].parse().ok()?)))?
    })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Dovecot {
    /// Starts a server with one account and an empty INBOX and Sent folder.
    pub fn start() -> Option<Dovecot> {
        Dovecot::start_with_password(PASSWORD)
    }

    /// The same, the account's password being `password` (no `:` or line break: the
    /// passwd-file format separates fields by them).
    pub fn start_with_password(password: &str) -> Option<Dovecot> {
        assert!(!password.contains([':', '\n', '\r']), "{password:?}");
        let Some(binary) = binary() else {
            if std::env::var("KITH_REQUIRE_FIXTURES").is_ok_and(|v| v == "1") {
                panic!(
                    "dovecot is not installed and KITH_REQUIRE_FIXTURES=1 (.ci/run installs dovecot-imapd)"
                );
            }
            eprintln!("skipped: dovecot is not installed (apt-get install dovecot-imapd)");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for sub in [
            "run",
            "state",
            "home",
            "Maildir/cur",
            "Maildir/new",
            "Maildir/tmp",
        ] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(root.join("Maildir/.Sent").join(sub)).unwrap();
        }
        let me = std::fs::metadata("/proc/self").unwrap();
        let as_root = me.uid() == 0;
        let (internal, login, owner) = if as_root {
            let owner = system_user("dovecot").expect("the dovecot package's user");
            ("dovecot".to_owned(), "dovenull".to_owned(), owner)
        } else {
            let name = std::env::var("USER").unwrap_or_else(|_| me.uid().to_string());
            (name.clone(), name, (me.uid(), me.gid()))
        };
        let port = free_port();
        let path = |sub: &str| root.join(sub).display().to_string();
        let config = format!(
            "base_dir = {run}
state_dir = {state}
log_path = {log}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{maildir}
default_internal_user = {internal}
default_internal_group = {internal}
default_login_user = {login}
first_valid_uid = 0
first_valid_gid = 0
mail_uid = {uid}
mail_gid = {gid}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={home}
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
  }}
}}
",
            run = path("run"),
            state = path("state"),
            log = path("dovecot.log"),
            maildir = path("Maildir"),
            passwd = path("passwd"),
            home = path("home"),
            uid = owner.0,
            gid = owner.1,
        );
        std::fs::write(root.join("dovecot.conf"), config).unwrap();
        std::fs::write(root.join("passwd"), format!("{USER}:{{PLAIN}}{password}\n")).unwrap();
        let server = Dovecot {
            child: Command::new(binary)
                .arg("-F")
                .arg("-c")
                .arg(root.join("dovecot.conf"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
            dir,
            port,
            owner,
        };
        server.chown_all();
        server.wait_for_greeting();
        Some(server)
    }

    /// Waits until the server greets a client (it starts in well under a second).
    fn wait_for_greeting(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(stream) = TcpStream::connect(("127.0.0.1", self.port)) {
                let mut line = String::new();
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                if BufReader::new(stream).read_line(&mut line).is_ok() && line.starts_with("* OK") {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "dovecot did not start: {}",
                std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
            );
            std::thread::park_timeout(Duration::from_millis(20));
        }
    }

    fn chown_all(&self) {
        fn walk(path: &Path, owner: (u32, u32)) {
            let _ = std::os::unix::fs::chown(path, Some(owner.0), Some(owner.1));
            if path.is_dir() {
                for entry in std::fs::read_dir(path).unwrap() {
                    walk(&entry.unwrap().path(), owner);
                }
            }
        }
        walk(&self.dir.path().join("Maildir"), self.owner);
        walk(&self.dir.path().join("home"), self.owner);
    }

    fn folder(&self, folder: &str) -> PathBuf {
        match folder {
            "INBOX" => self.dir.path().join("Maildir"),
            other => self.dir.path().join("Maildir").join(format!(".{other}")),
        }
    }

    /// Delivers a message into a folder, unread, as a Maildir file.
    pub fn deliver(&self, folder: &str, name: &str, message: &str) {
        let path = self.folder(folder).join("cur").join(format!("{name}:2,"));
        let mut file = std::fs::File::create(&path).unwrap();
        file.write_all(message.replace('\n', "\r\n").as_bytes())
            .unwrap();
        drop(file);
        self.chown_all();
    }

    /// The flags of every message of a folder, as Maildir file names carry them.
    pub fn flags(&self, folder: &str) -> Vec<String> {
        let mut flags: Vec<String> = std::fs::read_dir(self.folder(folder).join("cur"))
            .unwrap()
            .map(|e| {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                name.rsplit_once(":2,")
                    .map(|(_, f)| f.to_owned())
                    .unwrap_or_default()
            })
            .collect();
        flags.sort();
        flags
    }

    /// Forgets the folder's UIDs, as a server does when it rebuilds a mailbox: the next
    /// read sees a new UIDVALIDITY.
    pub fn renumber(&self, folder: &str) {
        for entry in std::fs::read_dir(self.folder(folder)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("dovecot") {
                let _ = std::fs::remove_file(&path);
            }
        }
    }

    pub fn url(&self) -> String {
        format!(
            "imap://{}@127.0.0.1:{}",
            USER.replace('@', "%40"),
            self.port
        )
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
