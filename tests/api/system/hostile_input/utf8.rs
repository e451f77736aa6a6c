//! Invalid UTF-8 in a form or query value is refused naming the parameter, never stored as U+FFFD.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{assert_twilio_error, json_with_status, spawn_app, TestApp};

const END_USERS: &str = "/v2/RegulatoryCompliance/EndUsers";

async fn post_raw_form(app: &TestApp, path: &str, body: &'static [u8]) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .basic_auth(&app.creds.sid, Some(&app.creds.token))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_form_value_that_is_not_utf8_is_a_20001_naming_it() {
    let app = spawn_app().await;
    let bodies: [&'static [u8]; 3] = [
        b"FriendlyName=Ann%FF&Type=individual",
        b"Type=individual&FriendlyName=Ann\xff",
        b"FriendlyName=Ann&Type=individual&Attributes=%7B%22a%22%3A%22%C3%28%22%7D",
    ];
    for (body, field) in bodies
        .into_iter()
        .zip(["FriendlyName", "FriendlyName", "Attributes"])
    {
        let message =
            assert_twilio_error(post_raw_form(&app, END_USERS, body).await, 400, 20001).await;
        assert!(message.contains(field), "{message}");
        assert!(message.contains("UTF-8"), "{message}");
    }
    let list: Value = json_with_status(app.get(END_USERS).await, StatusCode::OK).await;
    assert_eq!(list["results"], serde_json::json!([]));
    // Valid multi-byte text still goes through.
    let body = b"FriendlyName=Jos%C3%A9+%E2%82%AC&Type=individual";
    let created = json_with_status(
        post_raw_form(&app, END_USERS, body).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created["friendly_name"], "José €");
}

#[tokio::test]
async fn a_query_value_that_is_not_utf8_is_a_20001_naming_it() {
    let app = spawn_app().await;
    let path = "/v2/RegulatoryCompliance/Bundles?FriendlyName=a%E9b";
    let message = assert_twilio_error(app.get(path).await, 400, 20001).await;
    assert!(message.contains("FriendlyName"), "{message}");
    let path = format!(
        "/2010-04-01/Accounts/{}/Addresses.json?CustomerName=%C0%AF",
        app.creds.sid
    );
    let message = assert_twilio_error(app.get(&path).await, 400, 20001).await;
    assert!(message.contains("CustomerName"), "{message}");
    let path = "/v2/RegulatoryCompliance/Bundles?FriendlyName=Jos%C3%A9";
    json_with_status(app.get(path).await, StatusCode::OK).await;
}
