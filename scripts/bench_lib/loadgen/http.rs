//! A minimal blocking HTTP/1.1 client: keep-alive, Basic auth, form bodies, Content-Length and
//! chunked responses. Enough for loopback benchmarking, nothing more.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::args::Args;

/// One response, body included.
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Response {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The string value of the first `"key":"…"` in the body (compact JSON), unescaped.
    pub fn json_str(&self, key: &str) -> Option<String> {
        let text = std::str::from_utf8(&self.body).ok()?;
        let needle = format!("\"{key}\":\"");
        let start = text.find(&needle)? + needle.len();
        let mut out = String::new();
        let mut chars = text[start..].chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Some(out),
                '\\' => out.push(chars.next()?),
                _ => out.push(c),
            }
        }
        None
    }

    /// The first 300 bytes of the body, for error messages.
    pub fn snippet(&self) -> String {
        let end = self.body.len().min(300);
        String::from_utf8_lossy(&self.body[..end]).into_owned()
    }
}

/// A keep-alive connection to one `host:port`, reopened when the server closes it.
pub struct Client {
    addr: String,
    auth: Option<String>,
    conn: Option<BufReader<TcpStream>>,
}

impl Client {
    pub fn new(addr: &str, auth: Option<&str>) -> Client {
        Client {
            addr: addr.to_string(),
            auth: auth.map(|a| format!("Basic {}", base64(a.as_bytes()))),
            conn: None,
        }
    }

    /// Sends one request; `form` makes it a form-encoded body (POST without one sends none).
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        form: Option<&str>,
    ) -> io::Result<Response> {
        let request = self.encode(method, path, form);
        let reused = self.conn.is_some();
        match self.exchange(&request) {
            // A reused connection may have been closed by the server between requests.
            Err(_) if reused => self.exchange(&request),
            other => other,
        }
    }

    fn encode(&self, method: &str, path: &str, form: Option<&str>) -> Vec<u8> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        if let Some(auth) = &self.auth {
            head.push_str(&format!("Authorization: {auth}\r\n"));
        }
        let body = form.unwrap_or("");
        if form.is_some() {
            head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        }
        if form.is_some() || method != "GET" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        head.push_str(body);
        head.into_bytes()
    }

    fn exchange(&mut self, request: &[u8]) -> io::Result<Response> {
        if self.conn.is_none() {
            let stream = TcpStream::connect(&self.addr)?;
            stream.set_nodelay(true)?;
            stream.set_read_timeout(Some(Duration::from_secs(30)))?;
            stream.set_write_timeout(Some(Duration::from_secs(30)))?;
            self.conn = Some(BufReader::with_capacity(64 * 1024, stream));
        }
        let Some(conn) = self.conn.as_mut() else {
            return Err(io::Error::other("no connection"));
        };
        let result = conn
            .get_mut()
            .write_all(request)
            .and_then(|()| read_response(conn));
        match result {
            Ok((response, keep_alive)) => {
                if !keep_alive {
                    self.conn = None;
                }
                Ok(response)
            }
            Err(error) => {
                self.conn = None;
                Err(error)
            }
        }
    }
}

fn read_response(conn: &mut BufReader<TcpStream>) -> io::Result<(Response, bool)> {
    let mut line = String::new();
    if conn.read_line(&mut line)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::other(format!("bad status line {line:?}")))?;
    let (mut length, mut chunked, mut keep_alive) = (None, false, true);
    loop {
        line.clear();
        if conn.read_line(&mut line)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "closed in headers",
            ));
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        match name.as_str() {
            "content-length" => length = value.parse::<usize>().ok(),
            "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
            "connection" => keep_alive = !value.eq_ignore_ascii_case("close"),
            _ => {}
        }
    }
    let body = if chunked {
        read_chunked(conn)?
    } else {
        let mut body = vec![0; length.unwrap_or(0)];
        conn.read_exact(&mut body)?;
        body
    };
    Ok((Response { status, body }, keep_alive))
}

fn read_chunked(conn: &mut BufReader<TcpStream>) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        conn.read_line(&mut line)?;
        let size_text = line.trim().split(';').next().unwrap_or("");
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| io::Error::other(format!("bad chunk size {line:?}")))?;
        if size == 0 {
            // Trailers, if any, end with an empty line.
            loop {
                line.clear();
                if conn.read_line(&mut line)? == 0 || line.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        conn.read_exact(&mut body[start..])?;
        let mut crlf = [0; 2];
        conn.read_exact(&mut crlf)?;
    }
}

/// Splits `http://host:port/path?q` into `("host:port", "/path?q")`.
pub fn split_url(url: &str) -> Result<(String, String), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("only http:// URLs are supported, got {url:?}"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    Ok((host.to_string(), path.to_string()))
}

/// `application/x-www-form-urlencoded` from pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn base64(input: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `http`: one request; prints the body, fails on a non-2xx status.
pub fn run_once(args: &Args) -> Result<(), String> {
    let (addr, path) = split_url(args.str("url")?)?;
    let method = args.opt("method").unwrap_or("GET");
    let mut client = Client::new(&addr, args.auth());
    let response = client
        .request(method, &path, args.opt("form"))
        .map_err(|e| format!("{method} {path}: {e}"))?;
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(&response.body)
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("{method} {path}: HTTP {}", response.status));
    }
    Ok(())
}
