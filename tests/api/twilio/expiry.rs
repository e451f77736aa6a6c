//! An approved bundle whose `valid_until` passes is rejected by the expiry worker, once.

use std::time::Duration;

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::receiver::{Received, Receiver};
use crate::fixtures::{
    approved_with_document, assigned_objects, callback_log, fetch_bundle, manual, only, replace,
    updated_approved_copy, wait_all_delivered, wait_for_status, BUNDLES,
};
use crate::helpers::{json_with_status, spawn_app_on, spawn_app_with, TestApp};

const SOON: Duration = Duration::from_secs(10);

/// `seconds` from now, as the control plane takes it.
fn in_seconds(seconds: i64) -> String {
    (Utc::now() + chrono::Duration::seconds(seconds))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

async fn set_valid_until(app: &TestApp, sid: &str, at: &str) -> Value {
    let path = format!("/sandbox/Bundles/{sid}/ValidUntil");
    json_with_status(app.post(&path, &[("ValidUntil", at)]).await, StatusCode::OK).await
}

fn rejections(received: &[Received]) -> Vec<&Received> {
    received
        .iter()
        .filter(|r| r.param("Status") == Some("twilio-rejected"))
        .collect()
}

/// The bundle's rows in the callback log that report a rejection.
async fn logged_rejections(app: &TestApp, sid: &str) -> Vec<Value> {
    let rows = callback_log(app, sid).await;
    rows.into_iter()
        .filter(|c| c["params"]["Status"] == "twilio-rejected")
        .collect()
}

/// Proves the expiry worker has run since now: a bundle of its own, due in a second, is
/// rejected. Whatever the worker would still do to older deadlines it has done by then.
async fn wait_for_an_expiry_pass(app: &TestApp, sentinel: &str) {
    set_valid_until(app, sentinel, &in_seconds(1)).await;
    wait_for_status(app, sentinel, "twilio-rejected", SOON).await;
}

#[tokio::test]
async fn an_approved_bundle_past_its_valid_until_is_rejected_and_called_back_exactly_once() {
    let receiver = Receiver::start(200).await;
    let app = spawn_app_with(manual).await;
    let sid = approved_with_document(&app, &[("StatusCallback", receiver.url.as_str())]).await;
    let later = approved_with_document(&app, &[]).await;
    set_valid_until(&app, &later, &in_seconds(3600)).await;
    let deadline = in_seconds(2);
    assert_eq!(
        set_valid_until(&app, &sid, &deadline).await["status"],
        "twilio-approved"
    );
    let before = receiver.wait_for(3, SOON).await.len();

    let rejected = wait_for_status(&app, &sid, "twilio-rejected", SOON).await;

    assert_eq!(rejected["valid_until"], deadline.as_str());
    let received = receiver.wait_for(before + 1, SOON).await;
    let rejection = rejections(&received);
    assert_eq!(rejection.len(), 1, "{received:?}");
    let reason = rejection[0].param("FailureReason").unwrap();
    assert!(
        reason.contains("not updated before its valid_until") && reason.contains(&deadline),
        "{reason}"
    );
    let logged = logged_rejections(&app, &sid).await;
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(logged[0]["params"]["FailureReason"], reason);
    let document = only(&assigned_objects(&app, &sid).await, "RD").to_string();
    let document = json_with_status(
        app.get(&format!(
            "/v2/RegulatoryCompliance/SupportingDocuments/{document}"
        ))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(document["status"], "expired");
    assert_eq!(
        fetch_bundle(&app, &later).await["status"],
        "twilio-approved",
        "a future valid_until waits"
    );

    wait_for_an_expiry_pass(&app, &later).await;
    assert_eq!(
        rejections(&receiver.received()).len(),
        1,
        "the worker rejects once"
    );
}

#[tokio::test]
async fn a_restart_does_not_fire_the_expiry_callback_again() {
    let receiver = Receiver::start(200).await;
    let app = spawn_app_with(manual).await;
    let sid = approved_with_document(&app, &[("StatusCallback", receiver.url.as_str())]).await;
    set_valid_until(&app, &sid, &in_seconds(1)).await;
    wait_for_status(&app, &sid, "twilio-rejected", SOON).await;
    let delivered = receiver.wait_for(4, SOON).await.len();
    wait_all_delivered(&app, &sid, SOON).await;
    let db = app.stop().await;

    let restarted = spawn_app_on(db, manual).await;
    // A pass of the restarted worker with the first bundle long past its date.
    let sentinel = approved_with_document(&restarted, &[]).await;
    wait_for_an_expiry_pass(&restarted, &sentinel).await;

    assert_eq!(
        receiver.received().len(),
        delivered,
        "{:?}",
        receiver.received()
    );
    assert_eq!(rejections(&receiver.received()).len(), 1);
    assert_eq!(logged_rejections(&restarted, &sid).await.len(), 1);
    assert_eq!(
        fetch_bundle(&restarted, &sid).await["status"],
        "twilio-rejected"
    );
}

#[tokio::test]
async fn replacing_items_before_the_deadline_clears_it_and_the_bundle_stays_approved() {
    let receiver = Receiver::start(200).await;
    let app = spawn_app_with(manual).await;
    let original = approved_with_document(&app, &[("StatusCallback", receiver.url.as_str())]).await;
    let copy = updated_approved_copy(&app, &original).await;
    let sentinel = approved_with_document(&app, &[]).await;
    set_valid_until(&app, &original, &in_seconds(2)).await;

    let replaced = replace(&app, &original, &[("FromBundleSid", &copy)]).await;
    assert_eq!(
        json_with_status(replaced, StatusCode::CREATED).await["valid_until"],
        Value::Null
    );
    // The sentinel's deadline is no earlier than the one that was cleared: once the worker has
    // rejected it, it would have rejected the original too.
    set_valid_until(&app, &sentinel, &in_seconds(2)).await;
    wait_for_status(&app, &sentinel, "twilio-rejected", SOON).await;

    let bundle = fetch_bundle(&app, &original).await;
    assert_eq!(
        (&bundle["status"], &bundle["valid_until"]),
        (&Value::from("twilio-approved"), &Value::Null)
    );
    assert!(rejections(&receiver.received()).is_empty());
    let listed = json_with_status(
        app.get(&format!("{BUNDLES}?HasValidUntilDate=true")).await,
        StatusCode::OK,
    )
    .await;
    let listed: Vec<&Value> = listed["results"].as_array().unwrap().iter().collect();
    assert_eq!(
        listed.iter().map(|b| &b["sid"]).collect::<Vec<_>>(),
        [&Value::from(sentinel.as_str())],
        "only the sentinel still has a valid_until"
    );
}
