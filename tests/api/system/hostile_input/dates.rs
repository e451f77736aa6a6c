//! Dates outside years 1 to 9999 are refused by every date parameter, on both backends.

use reqwest::StatusCode;

use crate::fixtures::{create_bundle, BUNDLES};
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app};

const OUT_OF_RANGE: [&str; 5] = [
    "-4714-01-01T00:00:00",
    "-0001-12-31T23:59:59Z",
    "0000-01-01",
    "+10000-01-01T00:00:00",
    "+275760-09-13T00:00:00Z",
];

#[tokio::test]
async fn bundle_list_date_filters_refuse_years_outside_1_to_9999() {
    let app = spawn_app().await;
    for name in ["ValidUntilDate", "ValidUntilDate<", "ValidUntilDate>"] {
        for raw in OUT_OF_RANGE {
            let query = serde_urlencoded::to_string([(name, raw)]).unwrap();
            let response = app.get(&format!("{BUNDLES}?{query}")).await;
            let message = assert_twilio_error(response, 400, 20001).await;
            assert!(message.contains(name), "{raw}: {message}");
            assert!(message.contains("9999"), "{raw}: {message}");
        }
    }
    let edge = serde_urlencoded::to_string([("ValidUntilDate>", "0001-01-01T00:00:00Z")]).unwrap();
    json_with_status(app.get(&format!("{BUNDLES}?{edge}")).await, StatusCode::OK).await;
}

#[tokio::test]
async fn sandbox_valid_until_refuses_years_outside_1_to_9999_and_stores_nothing() {
    let app = spawn_app().await;
    let bundle = create_bundle(&app, &[]).await;
    let sid = bundle["sid"].as_str().unwrap();
    for raw in OUT_OF_RANGE {
        let path = format!("/sandbox/Bundles/{sid}/ValidUntil");
        let message =
            assert_twilio_error(app.post(&path, &[("ValidUntil", raw)]).await, 400, 20001).await;
        assert!(message.contains("ValidUntil"), "{raw}: {message}");
        let review = [("Status", "twilio-approved"), ("ValidUntil", raw)];
        let path = format!("/sandbox/Bundles/{sid}/Review");
        assert_twilio_error(app.post(&path, &review).await, 400, 20001).await;
    }
    let stored = json_with_status(app.get(&format!("{BUNDLES}/{sid}")).await, StatusCode::OK).await;
    assert_eq!(stored["valid_until"], serde_json::Value::Null);
    assert_eq!(stored["status"], "draft");
}
