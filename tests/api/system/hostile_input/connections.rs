//! Stalled requests are cut after `REGBOX_REQUEST_TIMEOUT_MS`.

use std::time::{Duration, Instant};

use tokio::io::AsyncWriteExt;

use super::{basic_auth, connect, read_until_closed, send_raw};
use crate::helpers::spawn_app_with;

/// Long enough that a timeout of 300 ms is clearly what closed the connection.
const WELL_AFTER_THE_TIMEOUT: Duration = Duration::from_secs(10);

#[tokio::test]
async fn a_body_that_stops_short_of_its_content_length_is_cut_after_the_request_timeout() {
    let app = spawn_app_with(|c| c.request_timeout_ms = 300).await;
    let mut stream = connect(&app).await;
    let head = format!(
        "POST /v2/RegulatoryCompliance/EndUsers HTTP/1.1\r\nHost: regbox\r\n\
         Authorization: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: 5000\r\n\r\nFriendlyName=A",
        basic_auth(&app.creds)
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let (answer, closed) = read_until_closed(&mut stream, WELL_AFTER_THE_TIMEOUT).await;
    assert!(closed, "still open after {:?}: {answer}", started.elapsed());
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    if !answer.is_empty() {
        assert!(answer.contains("\"code\":20001"), "{answer}");
    }
}

#[tokio::test]
async fn a_request_head_that_never_ends_is_cut_after_the_request_timeout() {
    let app = spawn_app_with(|c| c.request_timeout_ms = 300).await;
    let stalled = b"GET /v2/RegulatoryCompliance/EndUsers HTTP/1.1\r\nHost: regbox\r\n";
    let (answer, closed) = send_raw(&app, stalled, WELL_AFTER_THE_TIMEOUT).await;
    assert!(closed, "still open: {answer}");
}
