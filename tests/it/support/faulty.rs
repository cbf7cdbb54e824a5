//! A fault-injecting HTTP/1.1 proxy on 127.0.0.1, put between kith and a fake peer (the
//! fake Google Calendar or the fake Bot API). Each request is, by a seeded random draw,
//! either passed through or answered with a fault: a reset connection, a stall longer than
//! the client waits, a 429 with `Retry-After`, a 502 page from a gateway, an answer cut
//! off half-way (after the peer has acted on the request), or malformed JSON.
//!
//! Every connection carries one request (`Connection: close` both ways), which keeps the
//! proxy simple and makes each fault hit exactly one request.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kith::synthetic::Rng;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One kind of fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    /// The connection is reset after the request arrives; the peer never sees it.
    Reset,
    /// Nothing comes back for `Plan::stall`, then the connection closes.
    Stall,
    /// 429 Too Many Requests with `Retry-After: 1` (and Telegram's `retry_after`).
    TooMany,
    /// 502 Bad Gateway with an HTML body, as a load balancer sends it.
    BadGateway,
    /// The peer acts on the request, but its answer is cut off half-way.
    Truncated,
    /// 200 with a body that is not valid JSON; the peer never sees the request.
    Malformed,
    /// 200 with a calendar that never ends (no length, events for as long as the
    /// client reads); the peer never sees the request. Not in `ALL`: only the feed
    /// size tests send it.
    #[allow(dead_code)]
    Endless,
}

impl Fault {
    pub const ALL: [Fault; 6] = [
        Fault::Reset,
        Fault::Stall,
        Fault::TooMany,
        Fault::BadGateway,
        Fault::Truncated,
        Fault::Malformed,
    ];
}

/// Which faults to inject, how often, and from which seed.
#[derive(Clone, Debug)]
pub struct Plan {
    pub seed: u64,
    /// The chance, per request, of a fault.
    pub rate: f64,
    pub faults: Vec<Fault>,
    pub stall: Duration,
    /// Requests whose first line contains one of these are always passed through.
    pub spare: Vec<&'static str>,
    /// At most this many faults in all, when set.
    pub limit: Option<u64>,
    /// At most this many faults in a row on one path (an outage shorter than the
    /// client's retries).
    pub streak: Option<u32>,
}

impl Plan {
    /// Every request meets `fault`, without stalls, limits or exceptions.
    #[allow(dead_code)] // each test binary uses its own part of the support code
    pub fn always(fault: Fault, seed: u64) -> Plan {
        Plan {
            seed,
            rate: 1.0,
            faults: vec![fault],
            stall: Duration::ZERO,
            spare: vec![],
            limit: None,
            streak: None,
        }
    }
}

#[derive(Default)]
struct Tally {
    passed: u64,
    injected: BTreeMap<Fault, u64>,
    /// Faults since the last request on each path passed.
    in_a_row: BTreeMap<String, u32>,
}

/// A running proxy; dropped with the test.
pub struct FaultyProxy {
    pub url: String,
    tally: Arc<Mutex<Tally>>,
}

impl FaultyProxy {
    /// Starts a proxy in front of `upstream` (`http://127.0.0.1:port`).
    pub async fn start(upstream: &str, plan: Plan) -> FaultyProxy {
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let tally = Arc::new(Mutex::new(Tally::default()));
        let draw = Arc::new(Mutex::new(Rng::new(plan.seed)));
        let plan = Arc::new(plan);
        let counts = Arc::clone(&tally);
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (plan, draw, counts) =
                    (Arc::clone(&plan), Arc::clone(&draw), Arc::clone(&counts));
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    let _ = serve(client, &upstream, &plan, &draw, &counts).await;
                });
            }
        });
        FaultyProxy { url, tally }
    }

    /// Faults injected so far, by kind.
    pub fn injected(&self) -> BTreeMap<Fault, u64> {
        self.tally.lock().unwrap().injected.clone()
    }

    pub fn passed(&self) -> u64 {
        self.tally.lock().unwrap().passed
    }
}

async fn serve(
    mut client: TcpStream,
    upstream: &str,
    plan: &Plan,
    draw: &Mutex<Rng>,
    tally: &Mutex<Tally>,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut client).await? else {
        return Ok(());
    };
    let first_line =
        String::from_utf8_lossy(request.split(|&b| b == b'\n').next().unwrap_or(&[])).into_owned();
    // "GET /path?query HTTP/1.1" → "GET /path"
    let route = first_line
        .split(' ')
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let fault = {
        let mut draw = draw.lock().unwrap();
        let mut tally = tally.lock().unwrap();
        let roll = draw.unit();
        let pick = draw.below(plan.faults.len());
        let spared = plan.spare.iter().any(|s| first_line.contains(s));
        let spent = plan
            .limit
            .is_some_and(|limit| tally.injected.values().sum::<u64>() >= limit)
            || plan
                .streak
                .is_some_and(|streak| tally.in_a_row.get(&route).copied().unwrap_or(0) >= streak);
        let fault = (!spared && !spent && roll < plan.rate && !plan.faults.is_empty())
            .then(|| plan.faults[pick]);
        match fault {
            Some(fault) => {
                *tally.injected.entry(fault).or_default() += 1;
                *tally.in_a_row.entry(route).or_default() += 1;
            }
            None => {
                tally.passed += 1;
                tally.in_a_row.insert(route, 0);
            }
        }
        fault
    };
    match fault {
        Some(Fault::Reset) => {
            client.set_zero_linger()?;
            drop(client);
        }
        Some(Fault::Stall) => {
            tokio::time::sleep(plan.stall).await;
        }
        Some(Fault::TooMany) => {
            let body = r#"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1},"error":{"code":429,"message":"Rate Limit Exceeded"}}"#;
            respond(
                &mut client,
                "429 Too Many Requests",
                "application/json",
                body,
                &["Retry-After: 1"],
            )
            .await?;
        }
        Some(Fault::BadGateway) => {
            let body =
                "<html><head><title>502 Bad Gateway</title></head><body>bad gateway</body></html>";
            respond(&mut client, "502 Bad Gateway", "text/html", body, &[]).await?;
        }
        Some(Fault::Malformed) => {
            respond(
                &mut client,
                "200 OK",
                "application/json",
                r#"{"ok":true,"result":[{"#,
                &[],
            )
            .await?;
        }
        Some(Fault::Endless) => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/calendar\r\nconnection: close\r\n\r\n\
                        BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";
            client.write_all(head.as_bytes()).await?;
            let events = "BEGIN:VEVENT\r\nUID:endless\r\nDTSTART:20260101T100000Z\r\n\
                          ATTENDEE:mailto:guest@example.org\r\nEND:VEVENT\r\n"
                .repeat(1_000);
            // Until the client hangs up, which ends this with a write error.
            loop {
                client.write_all(events.as_bytes()).await?;
            }
        }
        Some(Fault::Truncated) => {
            let answer = forward(upstream, &request).await?;
            let cut = match find(&answer, b"\r\n\r\n") {
                Some(head) => head + 4 + (answer.len() - head - 4) / 2,
                None => answer.len() / 2,
            };
            client.write_all(&answer[..cut]).await?;
            client.flush().await?;
            client.set_zero_linger()?;
        }
        None => {
            let answer = forward(upstream, &request).await?;
            client.write_all(&answer).await?;
            client.shutdown().await?;
        }
    }
    Ok(())
}

async fn respond(
    client: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &str,
    extra: &[&str],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for line in extra {
        head.push_str(line);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    client.write_all(head.as_bytes()).await?;
    client.write_all(body.as_bytes()).await?;
    client.shutdown().await
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads one whole request (head and body, by Content-Length or chunks), with the
/// `Connection` header replaced by `close`.
async fn read_request(client: &mut TcpStream) -> std::io::Result<Option<Vec<u8>>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end;
        }
        let read = client.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let header = |name: &str| {
        head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    };
    let chunked = header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    loop {
        let body = &buffer[head_end + 4..];
        let complete = if chunked {
            body.ends_with(b"0\r\n\r\n")
        } else {
            body.len() >= length
        };
        if complete {
            break;
        }
        let read = client.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let mut rewritten: Vec<u8> = head
        .lines()
        .filter(|line| {
            !line
                .split_once(':')
                .is_some_and(|(key, _)| key.trim().eq_ignore_ascii_case("connection"))
        })
        .flat_map(|line| format!("{line}\r\n").into_bytes())
        .collect();
    rewritten.extend_from_slice(b"connection: close\r\n\r\n");
    rewritten.extend_from_slice(&buffer[head_end + 4..]);
    Ok(Some(rewritten))
}

/// Sends `request` to the peer and reads its whole answer (it closes the connection).
async fn forward(upstream: &str, request: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut peer = TcpStream::connect(upstream).await?;
    peer.write_all(request).await?;
    let mut answer = Vec::new();
    peer.read_to_end(&mut answer).await?;
    Ok(answer)
}
