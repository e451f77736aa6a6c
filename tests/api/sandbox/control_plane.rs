use reqwest::StatusCode;

use crate::helpers::{assert_twilio_error, json_with_status, spawn_app, spawn_app_with, Creds};

#[tokio::test]
async fn the_admin_creates_accounts_that_see_only_their_own_resources() {
    let app = spawn_app_with(|c| c.admin_token = Some("admin-secret".into())).await;
    let response = app
        .client
        .post(app.url("/sandbox/Accounts"))
        .bearer_auth("admin-secret")
        .form(&[("FriendlyName", "team b")])
        .send()
        .await
        .unwrap();
    let account = json_with_status(response, StatusCode::CREATED).await;
    let creds = Creds {
        sid: account["sid"].as_str().unwrap().to_string(),
        token: account["auth_token"].as_str().unwrap().to_string(),
    };
    assert!(creds.sid.starts_with("AC") && creds.sid.len() == 34);
    assert_eq!(account["friendly_name"], "team b");

    let form = [("FriendlyName", "Bo"), ("Type", "individual")];
    json_with_status(
        app.post_as(&creds, "/v2/RegulatoryCompliance/EndUsers", &form)
            .await,
        StatusCode::CREATED,
    )
    .await;
    let own = json_with_status(
        app.get("/v2/RegulatoryCompliance/EndUsers").await,
        StatusCode::OK,
    )
    .await;
    assert!(own["results"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn account_creation_needs_the_admin_token_and_is_off_without_one() {
    let disabled = spawn_app().await;
    let response = disabled
        .client
        .post(disabled.url("/sandbox/Accounts"))
        .bearer_auth("x")
        .send()
        .await
        .unwrap();
    let message = assert_twilio_error(response, 404, 20404).await;
    assert!(message.contains("REGBOX_ADMIN_TOKEN"), "{message}");

    let app = spawn_app_with(|c| c.admin_token = Some("admin-secret".into())).await;
    let wrong = app
        .client
        .post(app.url("/sandbox/Accounts"))
        .bearer_auth("guess")
        .send()
        .await
        .unwrap();
    assert_twilio_error(wrong, 401, 20003).await;
}

#[tokio::test]
async fn an_api_key_acts_as_its_account() {
    let app = spawn_app().await;
    let path = format!("/sandbox/Accounts/{}/Keys", app.creds.sid);
    let key = json_with_status(
        app.post(&path, &[("FriendlyName", "ci")]).await,
        StatusCode::CREATED,
    )
    .await;
    let key_creds = Creds {
        sid: key["sid"].as_str().unwrap().to_string(),
        token: key["secret"].as_str().unwrap().to_string(),
    };
    assert!(key_creds.sid.starts_with("SK"));
    assert_eq!(key["account_sid"], app.creds.sid);

    let form = [("FriendlyName", "via key"), ("Type", "business")];
    let created = json_with_status(
        app.post_as(&key_creds, "/v2/RegulatoryCompliance/EndUsers", &form)
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created["account_sid"], app.creds.sid);

    let wrong = Creds {
        sid: key_creds.sid.clone(),
        token: "nope".into(),
    };
    assert_twilio_error(
        app.get_as(&wrong, "/v2/RegulatoryCompliance/EndUsers")
            .await,
        401,
        20003,
    )
    .await;
    let other = app.create_account();
    let foreign = format!("/sandbox/Accounts/{}/Keys", other.sid);
    assert_twilio_error(app.post(&foreign, &[]).await, 404, 20404).await;
}
