use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::plivo::{assert_plivo_error, Plivo, PlivoCreds};
use crate::helpers::{json_with_status, spawn_app_with};

async fn new_account(app: &crate::helpers::TestApp) -> Value {
    let response = app
        .client
        .post(app.url("/sandbox/Accounts"))
        .bearer_auth("admin")
        .form(&[("FriendlyName", "tenant")])
        .send()
        .await
        .unwrap();
    json_with_status(response, StatusCode::CREATED).await
}

#[tokio::test]
async fn a_new_sandbox_account_gets_a_plivo_identity_that_sees_only_its_own_applications() {
    let app = spawn_app_with(|c| c.admin_token = Some("admin".into())).await;
    let account = new_account(&app).await;
    let auth_id = account["plivo_auth_id"].as_str().unwrap();
    assert_eq!(auth_id.len(), 20);
    assert!(auth_id.starts_with("MA"));
    assert!(auth_id[2..]
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
    let other = PlivoCreds {
        auth_id: auth_id.to_string(),
        token: account["plivo_auth_token"].as_str().unwrap().to_string(),
    };
    let mine = Plivo::new(&app);
    let theirs = Plivo::as_creds(&app, other.clone());
    let id = mine.create("Mine").await;

    assert_plivo_error(
        theirs.get(&format!("/PhoneNumber/Compliance/{id}/")).await,
        404,
        "not_found",
        None,
    )
    .await;
    let list = json_with_status(theirs.get("/PhoneNumber/Compliance/").await, StatusCode::OK).await;
    assert_eq!(list["meta"]["total_count"], 0);
    theirs.create("Theirs").await;
    let list = json_with_status(mine.get("/PhoneNumber/Compliance/").await, StatusCode::OK).await;
    assert_eq!(list["meta"]["total_count"], 1, "each account sees its own");

    // Their credentials on my path: refused without revealing anything.
    let response = app
        .client
        .get(mine.url(&format!("/PhoneNumber/Compliance/{id}/")))
        .basic_auth(&other.auth_id, Some(&other.token))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    // The same sandbox account drives Twilio's API with its own credentials; Plivo's do not.
    let twilio = app
        .client
        .get(app.url("/v2/RegulatoryCompliance/EndUsers"))
        .basic_auth(&other.auth_id, Some(&other.token))
        .send()
        .await
        .unwrap();
    assert_eq!(twilio.status(), StatusCode::UNAUTHORIZED);
    let twilio = app
        .client
        .get(app.url("/v2/RegulatoryCompliance/EndUsers"))
        .basic_auth(
            account["sid"].as_str().unwrap(),
            account["auth_token"].as_str(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(twilio.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_or_twilio_credentials_are_refused_with_plivos_401() {
    let app = spawn_app_with(|c| {
        c.plivo_auth_id = "MAZZZZZZZZZZZZZZZZZZ".into();
        c.plivo_auth_token = "configured-token".into();
    })
    .await;
    let configured = Plivo::as_creds(
        &app,
        PlivoCreds {
            auth_id: "MAZZZZZZZZZZZZZZZZZZ".into(),
            token: "configured-token".into(),
        },
    );
    let ok = configured
        .get("/PhoneNumber/Compliance/Requirements/?country_iso=IN&number_type=local&user_type=business")
        .await;
    assert_eq!(
        ok.status(),
        StatusCode::OK,
        "the settings name the identity"
    );
    for creds in [
        PlivoCreds::default_account(),
        PlivoCreds {
            auth_id: "MAZZZZZZZZZZZZZZZZZZ".into(),
            token: "wrong".into(),
        },
        PlivoCreds {
            auth_id: app.creds.sid.clone(),
            token: app.creds.token.clone(),
        },
    ] {
        let response = app
            .client
            .get(configured.url("/PhoneNumber/Compliance/"))
            .basic_auth(&creds.auth_id, Some(&creds.token))
            .send()
            .await
            .unwrap();
        let body = json_with_status(response, StatusCode::UNAUTHORIZED).await;
        assert_eq!(body["error"], "Authentication failed");
    }
}

#[tokio::test]
async fn an_unknown_plivo_path_is_plivos_404_and_other_paths_keep_twilios() {
    let app = crate::helpers::spawn_app().await;
    let plivo = Plivo::new(&app);
    for path in ["/Call/", "/Number/Nowhere/Else/"] {
        let message = assert_plivo_error(plivo.get(path).await, 404, "not_found", None).await;
        assert!(message.contains("/v1/Account/"), "{path}: {message}");
    }
    let twilio = app.get("/v2/RegulatoryCompliance/Nowhere").await;
    crate::helpers::assert_twilio_error(twilio, 404, 20404).await;
}
