//! Hostile and careless input: crafted tokens, stalled bodies, oversized or malformed values,
//! spoofed forwarding headers. Each is refused with Twilio's error envelope on both backends and
//! leaves nothing behind.

mod connections;
mod content_type;
mod dates;
mod forwarding;
mod paging;
mod status_callback;
mod text_limits;
mod utf8;

use std::time::{Duration, Instant};

use base64::Engine;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{Creds, TestApp};

/// `Authorization: Basic …` for `creds`.
fn basic_auth(creds: &Creds) -> String {
    let pair = format!("{}:{}", creds.sid, creds.token);
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

/// A raw connection to the app: lets a test send bytes no HTTP client would.
async fn connect(app: &TestApp) -> TcpStream {
    let address = app.address.trim_start_matches("http://");
    TcpStream::connect(address).await.expect("connect")
}

/// Sends `bytes` on a fresh connection and reads until the server closes it or `deadline`
/// passes. Returns what was read and whether the server closed the connection.
async fn send_raw(app: &TestApp, bytes: &[u8], deadline: Duration) -> (String, bool) {
    let mut stream = connect(app).await;
    stream.write_all(bytes).await.expect("write");
    read_until_closed(&mut stream, deadline).await
}

/// Reads until EOF or `deadline`; `(text read, closed by the server)`.
async fn read_until_closed(stream: &mut TcpStream, deadline: Duration) -> (String, bool) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let left = deadline.saturating_sub(started.elapsed());
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&received).into(), true),
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Err(_) => return (String::from_utf8_lossy(&received).into(), false),
        }
    }
}
