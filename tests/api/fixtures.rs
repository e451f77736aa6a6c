//! Building blocks for bundle tests: a regulation, a bundle, items that make it compliant.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{json_with_status, TestApp};

pub const BUNDLES: &str = "/v2/RegulatoryCompliance/Bundles";

/// The SID of the built-in regulation for Australian local numbers of individuals, which asks
/// for a first and last name and a proof of address.
pub async fn au_individual_regulation(app: &TestApp) -> String {
    let path = "/v2/RegulatoryCompliance/Regulations?IsoCountry=AU&NumberType=local&EndUserType=individual";
    let body = json_with_status(app.get(path).await, StatusCode::OK).await;
    body["results"][0]["sid"]
        .as_str()
        .expect("AU regulation")
        .to_string()
}

/// A draft AU local individual bundle; `extra` adds form fields (StatusCallback, IsTest, …).
pub async fn create_bundle(app: &TestApp, extra: &[(&str, &str)]) -> Value {
    let mut form = vec![
        ("FriendlyName", "Ann's bundle"),
        ("Email", "ann@example.com"),
        ("IsoCountry", "AU"),
        ("NumberType", "local"),
        ("EndUserType", "individual"),
    ];
    form.extend_from_slice(extra);
    json_with_status(app.post(BUNDLES, &form).await, StatusCode::CREATED).await
}

/// Creates an end user, an address and assigns both: enough for the AU regulation.
pub async fn make_compliant(app: &TestApp, bundle_sid: &str) {
    let end_user = create_end_user(app, r#"{"first_name": "Ann", "last_name": "Lee"}"#).await;
    assign(app, bundle_sid, &end_user).await;
    assign(app, bundle_sid, &create_address(app).await).await;
}

/// An individual end user with these attributes; returns its SID.
pub async fn create_end_user(app: &TestApp, attributes: &str) -> String {
    let form = [
        ("FriendlyName", "Ann"),
        ("Type", "individual"),
        ("Attributes", attributes),
    ];
    let body = json_with_status(
        app.post("/v2/RegulatoryCompliance/EndUsers", &form).await,
        StatusCode::CREATED,
    )
    .await;
    body["sid"].as_str().unwrap().to_string()
}

/// An Australian address of the default account; returns its SID.
pub async fn create_address(app: &TestApp) -> String {
    let path = format!("/2010-04-01/Accounts/{}/Addresses.json", app.creds.sid);
    let form = [
        ("CustomerName", "Ann Lee"),
        ("Street", "1 George St"),
        ("City", "Sydney"),
        ("Region", "NSW"),
        ("PostalCode", "2000"),
        ("IsoCountry", "AU"),
    ];
    let body = json_with_status(app.post(&path, &form).await, StatusCode::CREATED).await;
    body["sid"].as_str().unwrap().to_string()
}

/// Assigns an object to the bundle; returns the assignment.
pub async fn assign(app: &TestApp, bundle_sid: &str, object_sid: &str) -> Value {
    let path = format!("{BUNDLES}/{bundle_sid}/ItemAssignments");
    json_with_status(
        app.post(&path, &[("ObjectSid", object_sid)]).await,
        StatusCode::CREATED,
    )
    .await
}

/// Submits the bundle (Status=pending-review).
pub async fn submit(app: &TestApp, bundle_sid: &str) -> reqwest::Response {
    app.post(
        &format!("{BUNDLES}/{bundle_sid}"),
        &[("Status", "pending-review")],
    )
    .await
}

/// A compliant bundle, submitted; returns it as submitted.
pub async fn submitted_bundle(app: &TestApp, extra: &[(&str, &str)]) -> Value {
    let bundle = create_bundle(app, extra).await;
    let sid = bundle["sid"].as_str().unwrap();
    make_compliant(app, sid).await;
    json_with_status(submit(app, sid).await, StatusCode::OK).await
}

/// Performs a reviewer's move through the control plane.
pub async fn review(app: &TestApp, bundle_sid: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.post(&format!("/sandbox/Bundles/{bundle_sid}/Review"), form)
        .await
}

/// Fetches the bundle.
pub async fn fetch_bundle(app: &TestApp, bundle_sid: &str) -> Value {
    json_with_status(
        app.get(&format!("{BUNDLES}/{bundle_sid}")).await,
        StatusCode::OK,
    )
    .await
}

/// Polls until the bundle reaches `status`, or panics after `timeout`.
pub async fn wait_for_status(
    app: &TestApp,
    bundle_sid: &str,
    status: &str,
    timeout: Duration,
) -> Value {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let bundle = fetch_bundle(app, bundle_sid).await;
        if bundle["status"] == status {
            return bundle;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "bundle never reached {status}: {bundle}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
