use std::collections::HashMap;
use std::time::Duration;

use regbox::config::ReviewMode;
use reqwest::StatusCode;

use crate::fixtures::receiver::Receiver;
use crate::fixtures::{
    create_bundle, done_when, make_compliant, submit, submitted_bundle, wait_all_delivered,
    wait_for_status, wait_until,
};
use crate::helpers::{json_with_status, spawn_app_with, TestApp};

#[tokio::test]
async fn two_replicas_on_one_database_review_and_deliver_each_step_once() {
    let receiver = Receiver::start(200).await;
    let fast = |c: &mut regbox::config::Config| {
        c.review_delay_ms = 40;
        c.worker_poll_ms = 5;
    };
    let first = spawn_app_with(fast).await;
    let second = first.replica(fast).await;

    let mut sids = Vec::new();
    for i in 0..6 {
        let app = if i % 2 == 0 { &first } else { &second };
        let bundle = submitted_bundle(app, &[("StatusCallback", receiver.url.as_str())]).await;
        sids.push(bundle["sid"].as_str().unwrap().to_string());
    }
    for sid in &sids {
        wait_for_status(&first, sid, "twilio-approved", Duration::from_secs(15)).await;
    }
    receiver
        .wait_for(sids.len() * 2, Duration::from_secs(15))
        .await;
    for sid in &sids {
        wait_all_delivered(&first, sid, Duration::from_secs(15)).await;
    }

    let mut per_step: HashMap<(String, String), usize> = HashMap::new();
    for callback in receiver.received() {
        let key = (
            callback.param("BundleSid").unwrap().to_string(),
            callback.param("Status").unwrap().to_string(),
        );
        *per_step.entry(key).or_default() += 1;
    }
    assert_eq!(per_step.len(), sids.len() * 2, "{per_step:?}");
    assert!(
        per_step.values().all(|count| *count == 1),
        "a callback was duplicated: {per_step:?}"
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL"]
async fn pg_only_two_replicas_deliver_each_callback_once_when_the_receiver_is_slow() {
    // The reported case: a receiver answering in 2 s, a 3 s attempt timeout, a dozen callbacks.
    let slow = |c: &mut regbox::config::Config| {
        c.review = ReviewMode::Manual;
        c.callback_timeout_ms = 3000;
        c.worker_poll_ms = 20;
    };
    let first = spawn_app_with(slow).await;
    assert!(
        first.state.config.is_postgres(),
        "pg_only_ tests need TEST_DATABASE_URL=postgres://…"
    );
    let second = first.replica(slow).await;
    let receiver = Receiver::start(200).await;
    receiver.answer_after(Duration::from_secs(2));

    // Drafts first, then every submit at once, so a replica finds many callbacks due together.
    let mut sids = Vec::new();
    for _ in 0..12 {
        let bundle = create_bundle(&first, &[("StatusCallback", receiver.url.as_str())]).await;
        let sid = bundle["sid"].as_str().unwrap().to_string();
        make_compliant(&first, &sid).await;
        sids.push(sid);
    }
    for (i, sid) in sids.iter().enumerate() {
        let app = if i % 2 == 0 { &first } else { &second };
        assert_eq!(submit(app, sid).await.status(), StatusCode::OK);
    }
    wait_until_all_delivered(&first, sids.len(), Duration::from_secs(90)).await;

    let mut per_bundle: HashMap<String, usize> = HashMap::new();
    for callback in receiver.received() {
        *per_bundle
            .entry(callback.param("BundleSid").unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(per_bundle.len(), sids.len(), "{per_bundle:?}");
    assert!(
        per_bundle.values().all(|count| *count == 1),
        "a callback was delivered twice: {per_bundle:?}"
    );
}

/// Waits until the delivery log holds `count` callbacks, all `delivered`.
async fn wait_until_all_delivered(app: &TestApp, count: usize, timeout: Duration) {
    let what = format!("{count} callbacks to be delivered");
    wait_until(timeout, &what, || async move {
        let log = json_with_status(
            app.get("/sandbox/Callbacks?PageSize=100").await,
            StatusCode::OK,
        )
        .await;
        let states: Vec<String> = log["callbacks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["state"].as_str().unwrap().to_string())
            .collect();
        let done = states.len() == count && states.iter().all(|s| s == "delivered");
        done_when(done, serde_json::Value::from(states))
    })
    .await;
}
