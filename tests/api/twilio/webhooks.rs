use std::time::Duration;

use regbox::config::{ReviewMode, DEFAULT_AUTH_TOKEN};
use regbox::domain::signature;
use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::receiver::Receiver;
use crate::fixtures::{
    callback_log, done_when, review, submitted_bundle, wait_all_delivered, wait_for_status,
    wait_until,
};
use crate::helpers::{json_with_status, spawn_app_on, spawn_app_with, TestApp};

const SOON: Duration = Duration::from_secs(10);

#[tokio::test]
async fn status_changes_post_signed_callbacks_except_the_pick_up_for_review() {
    let receiver = Receiver::start(204).await;
    let app = spawn_app_with(|c| c.review_delay_ms = 50).await;
    let sid = submitted_bundle(&app, &[("StatusCallback", receiver.url.as_str())]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    wait_for_status(&app, &sid, "twilio-approved", SOON).await;

    let received = receiver.wait_for(2, SOON).await;
    let statuses: Vec<&str> = received
        .iter()
        .map(|r| r.param("Status").unwrap())
        .collect();
    assert_eq!(statuses, ["pending-review", "twilio-approved"]);
    for callback in &received {
        assert_eq!(callback.path_and_query, "/status?tenant=a%20b");
        assert_eq!(callback.param("AccountSid"), Some(app.creds.sid.as_str()));
        assert_eq!(callback.param("BundleSid"), Some(sid.as_str()));
        assert_eq!(callback.param("FailureReason"), Some(""));
        let expected = signature::sign(DEFAULT_AUTH_TOKEN, &receiver.url, &callback.params);
        assert_eq!(callback.signature.as_deref(), Some(expected.as_str()));
    }
    wait_all_delivered(&app, &sid, SOON).await;
    assert_eq!(receiver.received().len(), 2, "no duplicate deliveries");
}

#[tokio::test]
async fn a_rejection_callback_carries_the_failure_reason_and_valid_until_is_reported() {
    let receiver = Receiver::start(200).await;
    let app = spawn_app_with(|c| c.review = ReviewMode::Manual).await;
    let sid = submitted_bundle(&app, &[("StatusCallback", receiver.url.as_str())]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    review(
        &app,
        &sid,
        &[
            ("Status", "twilio-rejected"),
            ("FailureReason", "Proof of address is blurry"),
        ],
    )
    .await;
    let received = receiver.wait_for(2, SOON).await;
    assert_eq!(received[1].param("Status"), Some("twilio-rejected"));
    assert_eq!(
        received[1].param("FailureReason"),
        Some("Proof of address is blurry")
    );

    crate::fixtures::submit(&app, &sid).await;
    review(&app, &sid, &[("Status", "twilio-approved")]).await;
    let path = format!("/sandbox/Bundles/{sid}/ValidUntil");
    let body = json_with_status(
        app.post(&path, &[("ValidUntil", "2031-05-01T12:00:00Z")])
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["valid_until"], "2031-05-01T12:00:00Z");
    let received = receiver.wait_for(5, SOON).await;
    assert_eq!(received[4].param("Status"), Some("twilio-approved"));
    assert_eq!(
        received[4].param("ValidUntil"),
        Some("2031-05-01T12:00:00Z")
    );
}

#[tokio::test]
async fn a_failing_receiver_is_retried_with_backoff_until_it_answers() {
    let receiver = Receiver::start(500).await;
    let app = spawn_app_with(|c| {
        c.review = ReviewMode::Manual;
        c.callback_backoff_ms = 30;
    })
    .await;
    let sid = submitted_bundle(&app, &[("StatusCallback", receiver.url.as_str())]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    receiver.wait_for(3, SOON).await;
    receiver.answer(200);
    let entry = wait_for_entry_in_state(&app, &sid, "delivered").await;
    assert!(entry["attempts"].as_i64().unwrap() >= 4, "{entry}");
    assert_eq!(entry["last_http_status"], 200);
    assert_eq!(entry["params"]["Status"], "pending-review");
}

/// Waits until the bundle's newest callback-log row is in `state`; returns that row.
async fn wait_for_entry_in_state(app: &TestApp, sid: &str, state: &str) -> Value {
    let what = format!("the newest callback of {sid} to be {state}");
    wait_until(SOON, &what, || async {
        let entry = callback_log(app, sid).await.first().cloned();
        match entry {
            Some(entry) if entry["state"] == state => Ok(entry),
            other => Err(format!("{other:?}")),
        }
    })
    .await
}

#[tokio::test]
async fn a_callback_that_keeps_failing_is_marked_failed_after_the_last_attempt() {
    let receiver = Receiver::start(503).await;
    let app = spawn_app_with(|c| {
        c.review = ReviewMode::Manual;
        c.callback_backoff_ms = 10;
        c.callback_max_attempts = 3;
    })
    .await;
    let sid = submitted_bundle(&app, &[("StatusCallback", receiver.url.as_str())]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    receiver.wait_for(3, SOON).await;
    let entry = wait_for_entry_in_state(&app, &sid, "failed").await;
    assert_eq!(entry["state"], "failed");
    assert_eq!(entry["attempts"], 3);
    assert_eq!(receiver.received().len(), 3);
}

#[tokio::test]
async fn pending_callbacks_are_delivered_after_a_restart() {
    // A receiver that is down: bind a port, remember it, and close it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let url = format!("http://127.0.0.1:{port}/status?tenant=a%20b");
    let app = spawn_app_with(|c| {
        c.review = ReviewMode::Manual;
        c.callback_backoff_ms = 50;
    })
    .await;
    let sid = submitted_bundle(&app, &[("StatusCallback", url.as_str())]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    // Stop only after a failed attempt, so the restart resumes a delivery already under way.
    wait_until(SOON, "a first failed delivery attempt", || async {
        let log = callback_log(&app, &sid).await;
        let attempted = log
            .first()
            .is_some_and(|c| c["attempts"].as_i64() >= Some(1));
        done_when(attempted, Value::from(log))
    })
    .await;
    let db = app.stop().await;

    let receiver = Receiver::start_on(
        std::net::TcpListener::bind(("127.0.0.1", port)).unwrap(),
        200,
    )
    .await;
    let restarted = spawn_app_on(db, |c| c.review = ReviewMode::Manual).await;
    let received = receiver.wait_for(1, SOON).await;
    assert_eq!(received[0].param("BundleSid"), Some(sid.as_str()));
    assert_eq!(received[0].param("Status"), Some("pending-review"));
    drop(restarted);
}
