//! A minimal HTTP/1.1 server on 127.0.0.1 for `kith bench`'s fakes (the Bot API, Gmail,
//! CardDAV): a thread per connection, keep-alive. `serve` answers every request `200`
//! with the JSON `answer` gives for the request target (`/path?query`); `serve_requests`
//! hands the whole request (method, target, headers, body) to a handler that chooses the
//! status, headers and body.

use std::io::{BufRead, BufReader, Write};
use std::sync::Arc;

/// One request as the handler sees it.
pub struct Request {
    pub method: String,
    pub target: String,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One answer: status, extra headers, body.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Starts serving JSON; the base URL (`http://127.0.0.1:PORT`).
pub fn serve(answer: impl Fn(&str) -> String + Send + Sync + 'static) -> std::io::Result<String> {
    serve_requests(move |request| Response {
        status: 200,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: answer(&request.target),
    })
}

/// Starts serving with `handler`; the base URL (`http://127.0.0.1:PORT`).
pub fn serve_requests(
    handler: impl Fn(Request) -> Response + Send + Sync + 'static,
) -> std::io::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let address = format!("http://{}", listener.local_addr()?);
    let handler = Arc::new(handler);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let handler = Arc::clone(&handler);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("a socket clone"));
                let mut stream = stream;
                while let Some(request) = read_request(&mut reader) {
                    let response = handler(request);
                    let mut reply = format!(
                        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\n",
                        response.status,
                        if response.status < 300 { "OK" } else { "Error" },
                        response.body.len()
                    );
                    for (name, value) in &response.headers {
                        reply.push_str(&format!("{name}: {value}\r\n"));
                    }
                    reply.push_str("\r\n");
                    reply.push_str(&response.body);
                    if stream.write_all(reply.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    Ok(address)
}

/// The next request on a connection; `None` when it closed.
fn read_request(reader: &mut impl BufRead) -> Option<Request> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 {
            return None;
        }
        if header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_lowercase(), value.trim().to_owned()));
        }
    }
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0usize);
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let mut words = request_line.split_whitespace();
    Some(Request {
        method: words.next().unwrap_or("").to_owned(),
        target: words.next().unwrap_or("").to_owned(),
        headers,
        body,
    })
}
