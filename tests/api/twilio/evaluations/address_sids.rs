//! A document's `address_sids` may be a JSON array of SIDs or one comma-separated string; both
//! name the same addresses everywhere they are read.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::fixtures::{assign, create_address, create_bundle, create_end_user, BUNDLES};
use crate::helpers::{json_with_status, spawn_app, TestApp};

/// An AU individual bundle whose only proof of address is a utility bill naming `address_sids`.
async fn evaluate_with_bill(app: &TestApp, address_sids: Value) -> Value {
    let bundle = create_bundle(app, &[]).await;
    let sid = bundle["sid"].as_str().unwrap();
    let end_user = create_end_user(app, r#"{"first_name": "Ann", "last_name": "Lee"}"#).await;
    assign(app, sid, &end_user).await;
    let attributes = json!({ "address_sids": address_sids }).to_string();
    let form = [
        ("FriendlyName", "Utility bill"),
        ("Type", "utility_bill"),
        ("Attributes", attributes.as_str()),
    ];
    let document = json_with_status(
        app.post("/v2/RegulatoryCompliance/SupportingDocuments", &form)
            .await,
        StatusCode::CREATED,
    )
    .await;
    assign(app, sid, document["sid"].as_str().unwrap()).await;
    let path = format!("{BUNDLES}/{sid}/Evaluations");
    json_with_status(app.post(&path, &[]).await, StatusCode::CREATED).await
}

#[tokio::test]
async fn address_sids_as_an_array_or_a_comma_separated_string_are_both_compliant() {
    let app = spawn_app().await;
    let (first, second) = (create_address(&app).await, create_address(&app).await);
    for address_sids in [
        json!([first, second]),
        json!(format!("{first},{second}")),
        json!(format!(" {first} , {second},")),
    ] {
        let evaluation = evaluate_with_bill(&app, address_sids.clone()).await;
        assert_eq!(
            evaluation["status"], "compliant",
            "{address_sids}: {}",
            evaluation["results"]
        );
    }
}

#[tokio::test]
async fn a_comma_separated_string_reports_only_the_address_that_does_not_exist() {
    let app = spawn_app().await;
    let known = create_address(&app).await;
    let unknown = "AD0123456789abcdef0123456789abcdef";
    let evaluation = evaluate_with_bill(&app, json!(format!("{known}, {unknown}"))).await;
    assert_eq!(evaluation["status"], "noncompliant");
    let bill = &evaluation["results"][1];
    assert_eq!(bill["object_type"], "utility_bill", "{bill}");
    assert_eq!(bill["error_code"], 22219);
    let reason = bill["failure_reason"].as_str().unwrap();
    assert!(
        reason.contains(&format!("The Address {unknown} on")),
        "{reason}"
    );
    assert!(!reason.contains(&known), "{reason}");
}
