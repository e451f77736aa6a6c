//! `StatusCallback` must be a clean absolute http(s) URL: what is stored is what is signed and
//! what the delivery is sent to.

use reqwest::StatusCode;

use crate::fixtures::{create_bundle, BUNDLES};
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app};

const UNCLEAN: [&str; 9] = [
    "http://example.com/cb\r\nX-Injected: 1",
    "http://example.com/c\tb",
    "http://example.com/c b",
    "http:///x",
    "http:/example.com/cb",
    "http:\\\\example.com\\cb",
    "http://example.com/\u{7f}",
    "https://",
    "ftp://example.com/cb",
];

fn create_form(callback: &str) -> Vec<(&str, &str)> {
    vec![
        ("FriendlyName", "Ann's bundle"),
        ("Email", "ann@example.com"),
        ("IsoCountry", "AU"),
        ("NumberType", "local"),
        ("EndUserType", "individual"),
        ("StatusCallback", callback),
    ]
}

#[tokio::test]
async fn an_unclean_status_callback_is_refused_on_create_and_update() {
    let app = spawn_app().await;
    let bundle = create_bundle(&app, &[("StatusCallback", "https://example.com/cb")]).await;
    let sid = bundle["sid"].as_str().unwrap();
    for raw in UNCLEAN {
        let response = app.post(BUNDLES, &create_form(raw)).await;
        let message = assert_twilio_error(response, 400, 20001).await;
        assert!(message.contains("StatusCallback"), "{raw:?}: {message}");
        let path = format!("{BUNDLES}/{sid}");
        let response = app.post(&path, &[("StatusCallback", raw)]).await;
        assert_twilio_error(response, 400, 20001).await;
    }
    let list = json_with_status(app.get(BUNDLES).await, StatusCode::OK).await;
    assert_eq!(list["results"].as_array().unwrap().len(), 1, "{list}");
    assert_eq!(
        list["results"][0]["status_callback"],
        "https://example.com/cb"
    );
}

#[tokio::test]
async fn a_status_callback_that_the_sender_would_rewrite_is_refused_with_its_clean_form() {
    let app = spawn_app().await;
    for (raw, clean) in [
        ("http://Example.COM/cb", "http://example.com/cb"),
        ("http://example.com:80/cb", "http://example.com/cb"),
        ("http://example.com/a/../cb", "http://example.com/cb"),
    ] {
        let response = app.post(BUNDLES, &create_form(raw)).await;
        let message = assert_twilio_error(response, 400, 20001).await;
        assert!(message.contains(clean), "{raw}: {message}");
    }
    for clean in [
        "https://example.com",
        "https://example.com/cb?x=1&y=%20",
        "http://127.0.0.1:9000/cb",
    ] {
        let created = json_with_status(
            app.post(BUNDLES, &create_form(clean)).await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(created["status_callback"], clean);
    }
}
