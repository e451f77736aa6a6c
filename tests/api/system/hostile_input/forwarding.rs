//! The base of emitted URLs: forwarding headers count only with `REGBOX_TRUST_PROXY`, and only a
//! valid scheme and host[:port] are ever used.

use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::BUNDLES;
use crate::helpers::{json_with_status, spawn_app, spawn_app_with, TestApp};

const CRAFTED_FORWARDED: &str = "proto=javascript;host=\"a\\\"b<script>\"";

/// `meta.url` of the bundle list fetched with these extra headers.
async fn list_url(app: &TestApp, headers: &[(&str, &str)]) -> String {
    let mut request = app
        .client
        .get(app.url(BUNDLES))
        .basic_auth(&app.creds.sid, Some(&app.creds.token));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body: Value = json_with_status(request.send().await.unwrap(), StatusCode::OK).await;
    body["meta"]["url"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn forwarding_headers_are_ignored_unless_the_proxy_is_trusted() {
    let app = spawn_app().await;
    let expected = format!("{}{BUNDLES}?", app.address);
    for headers in [
        vec![("Forwarded", CRAFTED_FORWARDED)],
        vec![
            ("X-Forwarded-Proto", "https"),
            ("X-Forwarded-Host", "evil.example"),
        ],
    ] {
        let url = list_url(&app, &headers).await;
        assert!(url.starts_with(&expected), "{headers:?}: {url}");
    }
}

#[tokio::test]
async fn a_host_header_that_is_not_a_host_falls_back_to_the_listeners_address() {
    let app = spawn_app().await;
    let expected = format!("{}{BUNDLES}?", app.address);
    for host in ["a\"b<script>", "evil.example/path", "x:notaport", "a b"] {
        let url = list_url(&app, &[("Host", host)]).await;
        assert!(url.starts_with(&expected), "{host}: {url}");
    }
    let url = list_url(&app, &[("Host", "regbox.internal:9000")]).await;
    assert!(url.starts_with("http://regbox.internal:9000/"), "{url}");
}

#[tokio::test]
async fn a_trusted_proxy_sets_the_base_but_only_with_a_valid_scheme_and_host() {
    let app = spawn_app_with(|c| c.trust_proxy = true).await;
    let url = list_url(
        &app,
        &[
            ("X-Forwarded-Proto", "https"),
            ("X-Forwarded-Host", "api.example.com"),
        ],
    )
    .await;
    assert!(url.starts_with("https://api.example.com/v2/"), "{url}");
    let url = list_url(&app, &[("Forwarded", "proto=https;host=lb.example:8443")]).await;
    assert!(url.starts_with("https://lb.example:8443/v2/"), "{url}");
    let expected = format!("{}{BUNDLES}?", app.address);
    for headers in [
        vec![("Forwarded", CRAFTED_FORWARDED)],
        vec![
            ("X-Forwarded-Proto", "javascript"),
            ("X-Forwarded-Host", "a.example"),
        ],
        vec![
            ("X-Forwarded-Proto", "https"),
            ("X-Forwarded-Host", "a\"b<script>"),
        ],
    ] {
        let url = list_url(&app, &headers).await;
        assert!(url.starts_with(&expected), "{headers:?}: {url}");
    }
}
