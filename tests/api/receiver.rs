//! A local StatusCallback receiver that records what it is sent and answers with a chosen status,
//! at once, after a delay (a slow receiver), or only when released (a hanging one).

use std::net::TcpListener;
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};

/// One request the receiver got.
#[derive(Clone, Debug)]
pub struct Received {
    pub path_and_query: String,
    pub signature: Option<String>,
    pub params: Vec<(String, String)>,
}

impl Received {
    /// The value of a form parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A running receiver.
pub struct Receiver {
    pub url: String,
    shared: Shared,
}

#[derive(Clone)]
struct Shared {
    received: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
    delay_ms: Arc<AtomicU64>,
    /// `true` while answers are held back (see `Receiver::hold`).
    held: Arc<tokio::sync::watch::Sender<bool>>,
}

async fn record(req: HttpRequest, body: web::Bytes, shared: web::Data<Shared>) -> HttpResponse {
    let params: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let signature = req
        .headers()
        .get("X-Twilio-Signature")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    shared.received.lock().unwrap().push(Received {
        path_and_query,
        signature,
        params,
    });
    let delay = shared.delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let _ = shared.held.subscribe().wait_for(|held| !held).await;
    let status = shared.status.load(Ordering::SeqCst);
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).finish()
}

impl Receiver {
    /// Starts a receiver answering `status` on a free port; its URL carries a query string, as
    /// real callback URLs often do, so signing over the full URL is exercised.
    pub async fn start(status: u16) -> Receiver {
        Self::start_on(TcpListener::bind("127.0.0.1:0").unwrap(), status).await
    }

    /// Starts a receiver on a given listener (to bring one back on the same port).
    pub async fn start_on(listener: TcpListener, status: u16) -> Receiver {
        let port = listener.local_addr().unwrap().port();
        let shared = Shared {
            received: Arc::default(),
            status: Arc::new(AtomicU16::new(status)),
            delay_ms: Arc::default(),
            held: Arc::new(tokio::sync::watch::channel(false).0),
        };
        let data = web::Data::new(shared.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(record))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        Receiver {
            url: format!("http://127.0.0.1:{port}/status?tenant=a%20b"),
            shared,
        }
    }

    /// Changes the status answered from now on.
    pub fn answer(&self, status: u16) {
        self.shared.status.store(status, Ordering::SeqCst);
    }

    /// Answers every request (recorded on arrival) only after `delay`.
    pub fn answer_after(&self, delay: Duration) {
        let ms = u64::try_from(delay.as_millis()).unwrap();
        self.shared.delay_ms.store(ms, Ordering::SeqCst);
    }

    /// Holds every answer, open and pending, until `release` (a receiver that hangs).
    pub fn hold(&self) {
        self.shared.held.send_replace(true);
    }

    /// Answers the held requests and stops holding.
    pub fn release(&self) {
        self.shared.held.send_replace(false);
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Waits until at least `count` requests arrived (or panics after `timeout`).
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "expected {count} callbacks, got {received:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
