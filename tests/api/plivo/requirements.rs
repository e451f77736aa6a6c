use reqwest::StatusCode;

use crate::fixtures::plivo::{assert_plivo_error, Plivo, GST, LOCAL_BUSINESS, REGISTRATION};
use crate::helpers::{json_with_status, spawn_app};

#[tokio::test]
async fn every_india_business_requirement_is_served_with_stable_ids() {
    let app = spawn_app().await;
    let plivo = Plivo::new(&app);
    let mut ids = Vec::new();
    for number_type in ["local", "mobile", "tollfree"] {
        let response = plivo
            .get(&format!(
                "/PhoneNumber/Compliance/Requirements/?country_iso=IN&number_type={number_type}&user_type=business"
            ))
            .await;
        assert_eq!(response.headers()["x-ratelimit-limit"], "100");
        let body = json_with_status(response, StatusCode::OK).await;
        assert_eq!(body["number_type"], number_type);
        assert_eq!(body["user_type"], "business");
        assert!(body["api_id"].is_string());
        let types: Vec<&str> = body["document_types"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["document_type_id"].as_str().unwrap())
            .collect();
        assert_eq!(types, [REGISTRATION, GST]);
        let field = &body["document_types"][0]["required_fields"][0];
        assert_eq!(field["field_name"], "business_name");
        assert_eq!(field["max_length"], 50);
        assert_eq!(field["format"], "");
        assert_eq!(body["document_types"][1]["proof_required"], true);
        ids.push(body["requirement_id"].as_str().unwrap().to_string());
    }
    assert_eq!(ids[0], LOCAL_BUSINESS);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "each number type has its own requirement");
    // Without the trailing slash too, and the same ids on a second server.
    let other = spawn_app().await;
    let body = json_with_status(
        Plivo::new(&other)
            .get("/PhoneNumber/Compliance/Requirements?country_iso=IN&number_type=local&user_type=business")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["requirement_id"], LOCAL_BUSINESS);
}

#[tokio::test]
async fn requirement_lookups_name_what_to_fix() {
    let app = spawn_app().await;
    let plivo = Plivo::new(&app);
    let base = "/PhoneNumber/Compliance/Requirements/";
    assert_plivo_error(
        plivo
            .get(&format!("{base}?country_iso=IN&number_type=local"))
            .await,
        400,
        "missing_required_field",
        Some("user_type"),
    )
    .await;
    assert_plivo_error(
        plivo
            .get(&format!(
                "{base}?country_iso=IN&number_type=landline&user_type=business"
            ))
            .await,
        400,
        "invalid_field_value",
        Some("number_type"),
    )
    .await;
    for query in [
        "country_iso=US&number_type=local&user_type=business",
        "country_iso=IN&number_type=local&user_type=individual",
    ] {
        assert_plivo_error(
            plivo.get(&format!("{base}?{query}")).await,
            404,
            "requirement_not_found",
            None,
        )
        .await;
    }
}
