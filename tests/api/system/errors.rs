use crate::helpers::{assert_twilio_error, spawn_app, Creds};

#[tokio::test]
async fn missing_or_wrong_credentials_get_20003_with_401() {
    let app = spawn_app().await;
    let url = app.url("/v2/RegulatoryCompliance/EndUsers");
    let anonymous = app.client.get(&url).send().await.unwrap();
    assert_twilio_error(anonymous, 401, 20003).await;

    let wrong = Creds {
        sid: app.creds.sid.clone(),
        token: "wrong".into(),
    };
    assert_twilio_error(
        app.get_as(&wrong, "/v2/RegulatoryCompliance/EndUsers")
            .await,
        401,
        20003,
    )
    .await;
}

#[tokio::test]
async fn malformed_path_sids_and_unknown_routes_are_20404() {
    let app = spawn_app().await;
    for path in [
        "/v2/RegulatoryCompliance/EndUsers/BU0123456789abcdef0123456789abcdef",
        "/v2/RegulatoryCompliance/EndUsers/IT123",
        "/v2/RegulatoryCompliance/Nothing",
    ] {
        let message = assert_twilio_error(app.get(path).await, 404, 20404).await;
        assert!(message.contains(path), "{message}");
    }
}

#[tokio::test]
async fn unsupported_method_is_20004() {
    let app = spawn_app().await;
    let response = app
        .client
        .put(app.url("/v2/RegulatoryCompliance/EndUsers"))
        .basic_auth(&app.creds.sid, Some(&app.creds.token))
        .send()
        .await
        .unwrap();
    assert_twilio_error(response, 405, 20004).await;
}

#[tokio::test]
async fn bad_paging_parameters_are_20001_naming_the_parameter() {
    let app = spawn_app().await;
    for (query, name) in [
        ("PageSize=0", "PageSize"),
        ("PageSize=abc", "PageSize"),
        ("Page=-1", "Page"),
        ("PageToken=nope", "PageToken"),
    ] {
        let path = format!("/v2/RegulatoryCompliance/EndUsers?{query}");
        let message = assert_twilio_error(app.get(&path).await, 400, 20001).await;
        assert!(message.contains(name), "{message}");
    }
}

#[tokio::test]
async fn a_stored_status_regbox_did_not_write_is_an_error_not_a_default() {
    use diesel::prelude::*;
    use regbox::db::schema::bundles;

    let app = spawn_app().await;
    let bundle = crate::fixtures::create_bundle(&app, &[]).await;
    let sid = bundle["sid"].as_str().unwrap().to_string();
    let mut conn = app.state.db.get().unwrap();
    diesel::update(bundles::table.filter(bundles::sid.eq(&sid)))
        .set(bundles::status.eq("approved-ish"))
        .execute(&mut **conn)
        .unwrap();

    // Before typed statuses this read back as a draft bundle; now the row is refused (and
    // logged) instead of being shown with a status it does not have.
    let response = app
        .get(&format!("/v2/RegulatoryCompliance/Bundles/{sid}"))
        .await;
    assert_twilio_error(response, 500, 20500).await;
}
