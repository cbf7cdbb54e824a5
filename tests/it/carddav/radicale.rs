//! A real Radicale (from PyPI) for the CardDAV tests: started on 127.0.0.1 on a free port
//! with a temporary storage folder and htpasswd users `ana`/`secret-ana` and
//! `bob`/`secret-bob`, ready when its port answers, killed when dropped. It also plays
//! *another client* of the address book, with plain HTTP requests: making a book, and
//! putting, reading, deleting and listing cards. Missing Radicale skips a test with a note, or
//! fails it under `KITH_REQUIRE_FIXTURES=1` (`.ci/run` installs it).

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The users the server knows, with their passwords.
pub const USERS: [(&str, &str); 2] = [("ana", "secret-ana"), ("bob", "secret-bob")];

/// One running Radicale.
pub struct Radicale {
    port: u16,
    child: Child,
    http: reqwest::Client,
    dir: tempfile::TempDir,
}

impl Drop for Radicale {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether `python3` can run Radicale.
fn installed() -> bool {
    Command::new("python3")
        .args(["-c", "import radicale"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn write_config(dir: &Path, port: u16) -> std::path::PathBuf {
    let users: String = USERS
        .iter()
        .map(|(user, password)| format!("{user}:{password}\n"))
        .collect();
    std::fs::write(dir.join("users"), users).unwrap();
    let config = format!(
        "[server]\nhosts = 127.0.0.1:{port}\n\
         [auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\ndelay = 0\n\
         [rights]\ntype = owner_only\n\
         [storage]\nfilesystem_folder = {storage}\n\
         [web]\ntype = none\n\
         [logging]\nlevel = warning\n",
        users = dir.join("users").display(),
        storage = dir.join("collections").display(),
    );
    let path = dir.join("config");
    std::fs::write(&path, config).unwrap();
    path
}

impl Radicale {
    /// A fresh Radicale, or `None` (with a note) where it is not installed.
    pub fn start() -> Option<Radicale> {
        if !installed() {
            assert!(
                !std::env::var("KITH_REQUIRE_FIXTURES").is_ok_and(|v| v == "1"),
                "Radicale is missing and KITH_REQUIRE_FIXTURES=1 (.ci/run installs it: python3 -m pip install --user radicale)"
            );
            eprintln!(
                "skipped: Radicale is not installed (python3 -m pip install --user radicale)"
            );
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let config = write_config(dir.path(), port);
        let log = std::fs::File::create(dir.path().join("radicale.log")).unwrap();
        let child = Command::new("python3")
            .args(["-m", "radicale", "--config"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("python3 -m radicale starts");
        let mut radicale = Radicale {
            port,
            child,
            http: reqwest::Client::new(),
            dir,
        };
        radicale.wait_until_ready();
        Some(radicale)
    }

    /// Polls the port until it answers (or the process ends, or 30 s pass).
    fn wait_until_ready(&mut self) {
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("Radicale ended ({status}): {}", self.log());
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "Radicale did not answer within 30 s: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// What Radicale wrote to its log (warnings and errors).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("radicale.log")).unwrap_or_default()
    }

    /// The server's root, `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// A book's URL, `http://127.0.0.1:PORT/USER/BOOK/`.
    pub fn book_url(&self, user: &str, book: &str) -> String {
        format!("{}{user}/{book}/", self.url())
    }

    pub fn password(user: &str) -> &'static str {
        USERS
            .iter()
            .find(|(name, _)| *name == user)
            .map(|(_, password)| *password)
            .expect("a user the server knows")
    }

    /// A request as `user`, to `path` (a server path or a whole URL).
    fn request(&self, user: &str, method: &str, path: &str) -> reqwest::RequestBuilder {
        let url = url::Url::parse(&self.url()).unwrap().join(path).unwrap();
        self.http
            .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url)
            .basic_auth(user, Some(Radicale::password(user)))
    }

    /// Makes the address book `/USER/BOOK/` named `name` (an extended MKCOL, RFC 5689).
    pub async fn make_book(&self, user: &str, book: &str, name: &str) {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><mkcol xmlns="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><set><prop><resourcetype><collection/><CR:addressbook/></resourcetype><displayname>{name}</displayname></prop></set></mkcol>"#
        );
        let answer = self
            .request(user, "MKCOL", &format!("/{user}/{book}/"))
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 201, "MKCOL /{user}/{book}/");
    }

    /// Puts a card at `path` as another client would (no precondition); its new ETag.
    pub async fn put_card(&self, user: &str, path: &str, text: &str) -> String {
        let answer = self
            .request(user, "PUT", path)
            .header("Content-Type", "text/vcard; charset=utf-8")
            .body(text.to_owned())
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        assert!(status == 201 || status == 204, "PUT {path}: {status}");
        match answer.headers().get("ETag") {
            Some(etag) => etag.to_str().unwrap().to_owned(),
            None => self.get_card(user, path).await.expect("the card put").0,
        }
    }

    /// Deletes the card at `path`, as another client would.
    pub async fn delete_card(&self, user: &str, path: &str) {
        let answer = self.request(user, "DELETE", path).send().await.unwrap();
        let status = answer.status().as_u16();
        assert!((200..300).contains(&status), "DELETE {path}: {status}");
    }

    /// The card at `path`: its ETag and its text exactly as stored (`None`: not there).
    pub async fn get_card(&self, user: &str, path: &str) -> Option<(String, String)> {
        let answer = self.request(user, "GET", path).send().await.unwrap();
        if answer.status().as_u16() == 404 {
            return None;
        }
        assert!(
            answer.status().is_success(),
            "GET {path}: {}",
            answer.status()
        );
        let etag = answer.headers().get("ETag")?.to_str().unwrap().to_owned();
        Some((etag, answer.text().await.unwrap()))
    }

    /// The paths of the cards in `/USER/BOOK/`, sorted (a PROPFIND Depth 1, read as
    /// plainly as another client would: Radicale writes `<href>` without a prefix).
    pub async fn list_cards(&self, user: &str, book: &str) -> Vec<String> {
        let answer = self
            .request(user, "PROPFIND", &format!("/{user}/{book}/"))
            .header("Depth", "1")
            .body(
                r#"<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>"#,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 207, "PROPFIND /{user}/{book}/");
        let body = answer.text().await.unwrap();
        let mut paths: Vec<String> = body
            .split("<href>")
            .skip(1)
            .filter_map(|rest| rest.split("</href>").next())
            .filter(|path| !path.ends_with('/'))
            .map(str::to_owned)
            .collect();
        paths.sort();
        paths
    }
}
