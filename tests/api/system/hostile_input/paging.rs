//! Crafted `PageToken`s, out-of-range `Page` numbers and oversized URLs.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use reqwest::StatusCode;

use crate::fixtures::{create_bundle, BUNDLES};
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app, TestApp};

/// A token in regbox's own encoding around a key and SID of the attacker's choosing.
fn crafted_token(key: &str, sid: &str) -> String {
    format!("PT{}", URL_SAFE_NO_PAD.encode(format!("N{key}\n{sid}")))
}

fn every_list(app: &TestApp, bundle_sid: &str) -> Vec<String> {
    let rc = "/v2/RegulatoryCompliance";
    vec![
        format!("{rc}/EndUsers"),
        format!("{rc}/SupportingDocuments"),
        format!("{rc}/Bundles"),
        format!("{rc}/Bundles?SortBy=valid-until"),
        format!("{rc}/Bundles/{bundle_sid}/ItemAssignments"),
        format!("{rc}/Bundles/{bundle_sid}/Evaluations"),
        format!("{rc}/Bundles/{bundle_sid}/Copies"),
        format!("{rc}/Regulations"),
        format!("{rc}/EndUserTypes"),
        format!("{rc}/SupportingDocumentTypes"),
        format!("/2010-04-01/Accounts/{}/Addresses.json", app.creds.sid),
        format!("/sandbox/Callbacks?BundleSid={bundle_sid}"),
    ]
}

#[tokio::test]
async fn a_page_token_holding_a_nul_or_a_foreign_sid_is_a_20001_on_every_list() {
    let app = spawn_app().await;
    let bundle = create_bundle(&app, &[]).await;
    let bundle_sid = bundle["sid"].as_str().unwrap();
    let tokens = [
        crafted_token("2026-01-01T00:00:00Z", "BU\0' OR 1=1"),
        crafted_token(
            "2026-01-01T00:00:00Z\0",
            "BU0123456789abcdef0123456789abcdef",
        ),
        crafted_token("1", &"x".repeat(5000)),
    ];
    for path in every_list(&app, bundle_sid) {
        for token in &tokens {
            let glue = if path.contains('?') { '&' } else { '?' };
            let response = app.get(&format!("{path}{glue}PageToken={token}")).await;
            let message = assert_twilio_error(response, 400, 20001).await;
            assert!(message.contains("PageToken"), "{path}: {message}");
        }
        // The pool survived: the same list still answers.
        json_with_status(app.get(&path).await, StatusCode::OK).await;
    }
}

#[tokio::test]
async fn a_page_number_that_would_overflow_is_a_20001_naming_page() {
    let app = spawn_app().await;
    for raw in ["4294967295", "2147483648", "99999999999999999999"] {
        let response = app.get(&format!("{BUNDLES}?Page={raw}")).await;
        let message = assert_twilio_error(response, 400, 20001).await;
        assert!(message.contains("Page"), "{message}");
    }
    create_bundle(&app, &[]).await;
    create_bundle(&app, &[]).await;
    // The largest Page is echoed, and its next page keeps that number rather than wrapping:
    // the number is client state only, the token is the position.
    for (page, next_page) in [("2147483646", "2147483647"), ("2147483647", "2147483647")] {
        let path = format!("{BUNDLES}?PageSize=1&Page={page}");
        let body = json_with_status(app.get(&path).await, StatusCode::OK).await;
        let next = body["meta"]["next_page_url"].as_str().unwrap();
        assert!(next.contains(&format!("&Page={next_page}&")), "{next}");
    }
}

#[tokio::test]
async fn an_overlong_url_is_a_414_in_twilios_envelope() {
    let app = spawn_app().await;
    let name = "x".repeat(20_000);
    let response = app.get(&format!("{BUNDLES}?FriendlyName={name}")).await;
    let message = assert_twilio_error(response, 414, 20001).await;
    assert!(message.contains("16384"), "{message}");
    let path = format!("/2010-04-01/Accounts/{}/Addresses.json", app.creds.sid);
    let response = app.get(&format!("{path}?FriendlyName={name}")).await;
    assert_twilio_error(response, 414, 20001).await;
}
