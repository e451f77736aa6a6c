//! Regressions for what the schemathesis run (`scripts/conformance/schemathesis/run`) found.

use reqwest::Method;

use crate::helpers::{assert_twilio_error, spawn_app};

#[tokio::test]
async fn a_405_names_the_methods_the_path_serves_in_an_allow_header() {
    let app = spawn_app().await;
    for (method, path, allowed) in [
        (
            Method::PUT,
            "/v2/RegulatoryCompliance/EndUsers",
            "GET, POST",
        ),
        (
            Method::PATCH,
            "/v2/RegulatoryCompliance/EndUsers/IT00000000000000000000000000000000",
            "GET, POST, DELETE",
        ),
        (Method::TRACE, "/sandbox/Callbacks", "GET"),
        (Method::DELETE, "/openapi.json", "GET"),
    ] {
        let response = app
            .client
            .request(method.clone(), app.url(path))
            .basic_auth(&app.creds.sid, Some(&app.creds.token))
            .send()
            .await
            .unwrap();
        let allow = response
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(allow.as_deref(), Some(allowed), "{method} {path}");
        assert_twilio_error(response, 405, 20004).await;
    }
}

#[tokio::test]
async fn a_nul_character_in_a_form_or_query_value_is_20001_naming_the_parameter() {
    let app = spawn_app().await;
    let form = app
        .post(
            "/v2/RegulatoryCompliance/EndUsers",
            &[("FriendlyName", "Ann\0Lee"), ("Type", "individual")],
        )
        .await;
    let message = assert_twilio_error(form, 400, 20001).await;
    assert!(message.contains("FriendlyName"), "{message}");

    let query = app
        .get("/v2/RegulatoryCompliance/Bundles?FriendlyName=a%00b")
        .await;
    let message = assert_twilio_error(query, 400, 20001).await;
    assert!(message.contains("FriendlyName"), "{message}");
}

#[tokio::test]
async fn a_nul_character_in_a_multipart_text_part_is_20001_naming_the_part() {
    let app = spawn_app().await;
    let form = reqwest::multipart::Form::new()
        .text("FriendlyName", "bill")
        .text("Type", "utility\0bill");
    let response = app
        .client
        .post(app.url("/v2/RegulatoryCompliance/SupportingDocuments"))
        .basic_auth(&app.creds.sid, Some(&app.creds.token))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let message = assert_twilio_error(response, 400, 20001).await;
    assert!(message.contains("Type"), "{message}");
}

#[tokio::test]
async fn a_user_name_that_is_not_a_sid_is_20003_without_a_lookup() {
    let app = spawn_app().await;
    for user in ["AC\0", "SK\0", "nobody"] {
        let response = app
            .client
            .get(app.url("/v2/RegulatoryCompliance/EndUsers"))
            .basic_auth(user, Some(&app.creds.token))
            .send()
            .await
            .unwrap();
        assert_twilio_error(response, 401, 20003).await;
    }
}
