//! Crash safety: the real binary is killed with SIGKILL in the middle of a burst of writes.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use regbox::config::ReviewMode;
use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::receiver::Receiver;
use crate::fixtures::{done_when, fetch_bundle, make_compliant, wait_until, BUNDLES};
use crate::helpers::{json_with_status, spawn_app_on, Creds, TestDb};

const CREATES: usize = 1000;

/// The regbox binary running as a child process.
struct Process {
    child: Child,
    address: String,
}

impl Process {
    fn start(database_url: &str) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_regbox"))
            .env("REGBOX_LISTEN", "127.0.0.1:0")
            .env("DATABASE_URL", database_url)
            .env("REGBOX_REVIEW", "manual")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("regbox starts");
        let stdout = child.stdout.take().unwrap();
        let banner = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find(|l| l.starts_with("regbox listening on "));
        let address = banner
            .expect("banner")
            .trim_start_matches("regbox listening on ")
            .to_string();
        Process { child, address }
    }

    fn reap(mut self) {
        self.child.wait().unwrap();
    }
}

/// A down callback receiver: a port that was free a moment ago.
fn unused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn burst(
    process: &Process,
    bundles: &[String],
    done: Arc<AtomicUsize>,
    submits_done: Arc<AtomicUsize>,
) -> (Vec<String>, Vec<String>) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let creds = Creds::default_account();
    let creates = (0..CREATES).map(|i| {
        let (client, creds, done, url) = (
            client.clone(),
            creds.clone(),
            done.clone(),
            format!("{}/v2/RegulatoryCompliance/EndUsers", process.address),
        );
        async move {
            let form = [
                ("FriendlyName", format!("burst {i}")),
                ("Type", "business".to_string()),
            ];
            let response = client
                .post(url)
                .basic_auth(&creds.sid, Some(&creds.token))
                .form(&form)
                .send()
                .await;
            done.fetch_add(1, Ordering::SeqCst);
            let response = response
                .ok()
                .filter(|r| r.status() == StatusCode::CREATED)?;
            Some(
                response.json::<Value>().await.ok()?["sid"]
                    .as_str()?
                    .to_string(),
            )
        }
    });
    let submits = bundles.iter().map(|sid| {
        let (client, creds, url, sid) = (
            client.clone(),
            creds.clone(),
            format!("{}{BUNDLES}/{sid}", process.address),
            sid.clone(),
        );
        let submits_done = submits_done.clone();
        async move {
            let response = client
                .post(url)
                .basic_auth(&creds.sid, Some(&creds.token))
                .form(&[("Status", "pending-review")])
                .send()
                .await;
            submits_done.fetch_add(1, Ordering::SeqCst);
            response
                .ok()
                .filter(|r| r.status() == StatusCode::OK)
                .map(|_| sid)
        }
    });
    // Bounded: CREATES requests, 16 in flight, each with a 5 s timeout.
    let creates = futures_util::stream::iter(creates)
        .buffer_unordered(16)
        .collect::<Vec<_>>();
    let (created, submitted) = tokio::join!(creates, futures_util::future::join_all(submits));
    (
        created.into_iter().flatten().collect(),
        submitted.into_iter().flatten().collect(),
    )
}

#[tokio::test]
async fn every_acknowledged_write_survives_sigkill_and_pending_callbacks_are_delivered_after_restart(
) {
    let port = unused_port();
    let callback_url = format!("http://127.0.0.1:{port}/status?tenant=a%20b");
    let db = TestDb::create();
    let setup = spawn_app_on(db, |c| c.review = ReviewMode::Manual).await;
    let mut bundles = Vec::new();
    for _ in 0..8 {
        let bundle =
            crate::fixtures::create_bundle(&setup, &[("StatusCallback", callback_url.as_str())])
                .await;
        let sid = bundle["sid"].as_str().unwrap().to_string();
        make_compliant(&setup, &sid).await;
        bundles.push(sid);
    }
    let db = setup.stop().await;

    let process = Process::start(&db.url);
    let (done, submits_done) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let pid = process.child.id().to_string();
    let kill_mid_burst = {
        let (done, submits_done) = (done.clone(), submits_done.clone());
        async move {
            // Once every submit has answered (so callbacks are pending) and creates are under way.
            wait_until(
                Duration::from_secs(60),
                "8 submits and 40 creates",
                || async {
                    let (created, submitted) = (
                        done.load(Ordering::SeqCst),
                        submits_done.load(Ordering::SeqCst),
                    );
                    done_when(
                        created >= 40 && submitted >= 8,
                        format!("{created} creates, {submitted} submits"),
                    )
                },
            )
            .await;
            let killed = Command::new("kill")
                .args(["-KILL", &pid])
                .status()
                .expect("kill runs");
            assert!(killed.success());
        }
    };
    let ((created, submitted), ()) = tokio::join!(
        burst(&process, &bundles, done.clone(), submits_done.clone()),
        kill_mid_burst
    );
    process.reap();
    assert!(
        !created.is_empty(),
        "some creates were acknowledged before the kill"
    );
    assert!(
        !submitted.is_empty(),
        "some submits were acknowledged before the kill"
    );
    assert!(
        created.len() < CREATES,
        "the kill must land mid-burst, yet all {} creates finished",
        created.len()
    );

    let receiver = Receiver::start_on(
        std::net::TcpListener::bind(("127.0.0.1", port)).unwrap(),
        200,
    )
    .await;
    let restarted = spawn_app_on(db, |c| c.review = ReviewMode::Manual).await;
    for sid in &created {
        let path = format!("/v2/RegulatoryCompliance/EndUsers/{sid}");
        json_with_status(restarted.get(&path).await, StatusCode::OK).await;
    }
    for sid in &submitted {
        assert_eq!(
            fetch_bundle(&restarted, sid).await["status"],
            "pending-review"
        );
    }
    let received = receiver
        .wait_for(submitted.len(), Duration::from_secs(15))
        .await;
    let mut delivered: Vec<&str> = received
        .iter()
        .map(|r| r.param("BundleSid").unwrap())
        .collect();
    delivered.sort();
    delivered.dedup();
    for sid in &submitted {
        assert!(
            delivered.contains(&sid.as_str()),
            "callback for acknowledged submit {sid} never delivered"
        );
    }
}
