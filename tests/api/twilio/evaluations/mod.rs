//! Evaluations: the shape of `results`, Twilio's published example, and what satisfies a regulation.

mod address_sids;
mod twilio_example;

use reqwest::StatusCode;
use serde_json::{json, Map, Value};

use crate::fixtures::{assign, create_address, create_bundle, create_end_user, BUNDLES};
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app, TestApp};

#[tokio::test]
async fn an_evaluation_reports_each_requirement_in_twilios_shape() {
    let app = spawn_app().await;
    let bundle = create_bundle(&app, &[]).await;
    let sid = bundle["sid"].as_str().unwrap();
    assign(
        &app,
        sid,
        &create_end_user(&app, r#"{"first_name": "Ann"}"#).await,
    )
    .await;

    let path = format!("{BUNDLES}/{sid}/Evaluations");
    let evaluation = json_with_status(app.post(&path, &[]).await, StatusCode::CREATED).await;
    let evaluation_sid = evaluation["sid"].as_str().unwrap();
    assert!(evaluation_sid.starts_with("EL"));
    assert_eq!(evaluation["status"], "noncompliant");
    assert_eq!(evaluation["bundle_sid"], sid);
    assert_eq!(evaluation["regulation_sid"], bundle["regulation_sid"]);
    assert_eq!(
        evaluation["url"],
        format!("{}{path}/{evaluation_sid}", app.address)
    );
    assert!(evaluation.get("date_updated").is_none());

    let results = evaluation["results"].as_array().unwrap();
    let end_user = &results[0];
    let keys: Vec<&str> = end_user
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "friendly_name",
        "object_type",
        "passed",
        "failure_reason",
        "error_code",
        "valid",
        "invalid",
        "requirement_friendly_name",
        "requirement_name",
    ] {
        assert!(keys.contains(&key), "missing {key} in {end_user}");
    }
    assert_eq!(end_user["passed"], false);
    assert_eq!(end_user["error_code"], 22215);
    assert_eq!(end_user["invalid"][0]["object_field"], "last_name");
    assert_eq!(end_user["valid"][0]["object_field"], "first_name");
    let address = &results[1];
    assert_eq!(address["passed"], false);
    assert_eq!(address["error_code"], 22219);

    let fetched = json_with_status(
        app.get(&format!("{path}/{evaluation_sid}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(fetched, evaluation);
    let listed = json_with_status(app.get(&path).await, StatusCode::OK).await;
    assert_eq!(listed["results"], json!([evaluation]));
    assert_twilio_error(
        app.get(&format!("{path}/EL0123456789abcdef0123456789abcdef"))
            .await,
        404,
        20404,
    )
    .await;
}

/// The same made-up value for a field wherever it appears, so that documents agree with their
/// end user (22218 checks that they do).
fn value_of(field: &str) -> Value {
    Value::String(format!("{field} value"))
}

async fn attributes_for(app: &TestApp, fields: &[Value]) -> String {
    let mut attributes = Map::new();
    for field in fields {
        let name = field.as_str().unwrap();
        let value = if name == "address_sids" {
            json!([create_address(app).await])
        } else {
            value_of(name)
        };
        attributes.insert(name.to_string(), value);
    }
    Value::Object(attributes).to_string()
}

async fn satisfy_regulation(app: &TestApp, bundle: &str, requirements: &Value) {
    for end_user in requirements["end_user"].as_array().unwrap() {
        let attributes = attributes_for(app, end_user["fields"].as_array().unwrap()).await;
        let form = [
            ("FriendlyName", "eu"),
            ("Type", end_user["type"].as_str().unwrap()),
            ("Attributes", attributes.as_str()),
        ];
        let created = json_with_status(
            app.post("/v2/RegulatoryCompliance/EndUsers", &form).await,
            StatusCode::CREATED,
        )
        .await;
        assign(app, bundle, created["sid"].as_str().unwrap()).await;
    }
    for group in requirements["supporting_document"].as_array().unwrap() {
        let accepted = &group[0]["accepted_documents"][0];
        if accepted["type"] == "address" {
            assign(app, bundle, &create_address(app).await).await;
            continue;
        }
        let attributes = attributes_for(app, accepted["fields"].as_array().unwrap()).await;
        let form = [
            ("FriendlyName", "doc"),
            ("Type", accepted["type"].as_str().unwrap()),
            ("Attributes", attributes.as_str()),
        ];
        let created = json_with_status(
            app.post("/v2/RegulatoryCompliance/SupportingDocuments", &form)
                .await,
            StatusCode::CREATED,
        )
        .await;
        assign(app, bundle, created["sid"].as_str().unwrap()).await;
    }
}

#[tokio::test]
async fn every_regulation_in_the_catalog_can_be_met_from_what_it_advertises() {
    let app = spawn_app().await;
    let regulations = json_with_status(
        app.get("/v2/RegulatoryCompliance/Regulations?PageSize=1000")
            .await,
        StatusCode::OK,
    )
    .await;
    let regulations = regulations["results"].as_array().unwrap();
    assert!(regulations.len() >= 15);
    for regulation in regulations {
        let form = [
            ("FriendlyName", "b"),
            ("Email", "a@b.co"),
            ("RegulationSid", regulation["sid"].as_str().unwrap()),
        ];
        let bundle = json_with_status(app.post(BUNDLES, &form).await, StatusCode::CREATED).await;
        let sid = bundle["sid"].as_str().unwrap();
        satisfy_regulation(&app, sid, &regulation["requirements"]).await;

        let evaluation = json_with_status(
            app.post(&format!("{BUNDLES}/{sid}/Evaluations"), &[]).await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(
            evaluation["status"], "compliant",
            "{}: {}",
            regulation["friendly_name"], evaluation["results"]
        );
    }
}
