//! Delivery under load and misuse: one account's hanging receivers, and callback URLs that carry
//! credentials (which could make regbox call itself back forever).

use std::time::Duration;

use regbox::config::ReviewMode;
use regbox::db::bundles::{self, BundleChangeset};
use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::receiver::Receiver;
use crate::fixtures::{create_bundle, make_compliant, submit, submitted_bundle, BUNDLES};
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app_with, TestApp};

const SOON: Duration = Duration::from_secs(10);

#[tokio::test]
async fn one_accounts_hanging_receivers_do_not_hold_back_another_accounts_callbacks() {
    let hanging = Receiver::start(200).await;
    hanging.hold();
    let healthy = Receiver::start(200).await;
    let mut app = spawn_app_with(|c| {
        c.review = ReviewMode::Manual;
        // Far longer than the test: only a delivery that does not wait on A can reach B in time.
        c.callback_timeout_ms = 120_000;
    })
    .await;
    for _ in 0..6 {
        submitted_bundle(&app, &[("StatusCallback", hanging.url.as_str())]).await;
    }
    hanging.wait_for(1, SOON).await;

    let account_b = app.create_account();
    app.creds = account_b.clone();
    for _ in 0..2 {
        submitted_bundle(&app, &[("StatusCallback", healthy.url.as_str())]).await;
    }
    // Still held: every one of A's requests is open while B's arrive.
    let received = healthy.wait_for(2, SOON).await;
    assert!(received
        .iter()
        .all(|r| r.param("AccountSid") == Some(account_b.sid.as_str())));

    hanging.release();
    hanging.wait_for(6, SOON).await;
}

#[tokio::test]
async fn a_status_callback_url_with_credentials_is_refused_on_create_and_update() {
    let app = spawn_app_with(|_| {}).await;
    for url in [
        "http://regbox:secret@127.0.0.1:8080/status",
        "https://user@example.com/status",
        "https://:token@example.com/status",
    ] {
        let mut form = vec![
            ("FriendlyName", "Ann's bundle"),
            ("Email", "ann@example.com"),
            ("IsoCountry", "AU"),
            ("NumberType", "local"),
            ("EndUserType", "individual"),
        ];
        form.push(("StatusCallback", url));
        let message = assert_twilio_error(app.post(BUNDLES, &form).await, 400, 20001).await;
        assert!(message.contains("StatusCallback"), "{message}");
        assert!(message.contains("credentials"), "{message}");
    }
    let listed = json_with_status(app.get(BUNDLES).await, StatusCode::OK).await;
    assert_eq!(
        listed["results"],
        Value::Array(vec![]),
        "nothing half-written"
    );

    let bundle = create_bundle(&app, &[("StatusCallback", "https://example.com/cb")]).await;
    let path = format!("{BUNDLES}/{}", bundle["sid"].as_str().unwrap());
    let refused = app
        .post(&path, &[("StatusCallback", "https://u:p@example.com/cb")])
        .await;
    let message = assert_twilio_error(refused, 400, 20001).await;
    assert!(message.contains("StatusCallback"), "{message}");
    let fetched = json_with_status(app.get(&path).await, StatusCode::OK).await;
    assert_eq!(fetched["status_callback"], "https://example.com/cb");
}

#[tokio::test]
async fn a_stored_callback_url_with_credentials_is_marked_failed_without_a_request() {
    let receiver = Receiver::start(200).await;
    let app = spawn_app_with(|c| c.review = ReviewMode::Manual).await;
    let sid = create_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    // A URL stored before regbox refused credentials (or written by hand): the worker must not
    // call it, since a URL back at regbox with valid credentials would trigger itself forever.
    let with_credentials = receiver.url.replacen("http://", "http://regbox:secret@", 1);
    store_status_callback(&app, &sid, &with_credentials);
    make_compliant(&app, &sid).await;
    assert_eq!(submit(&app, &sid).await.status(), StatusCode::OK);

    let entry = wait_for_settled_callback(&app, &sid).await;
    assert_eq!(entry["state"], "failed", "{entry}");
    assert!(
        entry["last_error"]
            .as_str()
            .unwrap()
            .contains("credentials"),
        "{entry}"
    );
    assert_eq!(entry["last_http_status"], Value::Null);
    assert!(receiver.received().is_empty(), "a request was made");
}

fn store_status_callback(app: &TestApp, sid: &str, url: &str) {
    let mut conn = app.state.db.get().unwrap();
    let changes = BundleChangeset {
        status_callback: Some(Some(url.to_string())),
        ..BundleChangeset::default()
    };
    assert_eq!(bundles::update(&mut conn, sid, changes).unwrap(), 1);
}

/// Polls the bundle's delivery log until its first callback is no longer pending.
async fn wait_for_settled_callback(app: &TestApp, sid: &str) -> Value {
    let path = format!("/sandbox/Callbacks?BundleSid={sid}");
    let deadline = tokio::time::Instant::now() + SOON;
    loop {
        let log = json_with_status(app.get(&path).await, StatusCode::OK).await;
        let entry = log["callbacks"][0].clone();
        if entry["state"] != "pending" && !entry.is_null() {
            return entry;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "callback never settled: {entry}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
