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
