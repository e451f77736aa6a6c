use reqwest::StatusCode;
use serde_json::json;

use crate::fixtures::regex_like_twilio_date;
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app, FormCase};

const END_USERS: &str = "/v2/RegulatoryCompliance/EndUsers";

#[tokio::test]
async fn create_end_user_returns_201_with_twilio_shape() {
    let app = spawn_app().await;
    let attributes = r#"{"first_name": "Ann", "last_name": "Lee"}"#;
    let response = app
        .post(
            END_USERS,
            &[
                ("FriendlyName", "Ann"),
                ("Type", "individual"),
                ("Attributes", attributes),
            ],
        )
        .await;
    let body = json_with_status(response, StatusCode::CREATED).await;

    let sid = body["sid"].as_str().unwrap();
    assert!(sid.starts_with("IT") && sid.len() == 34, "{sid}");
    assert_eq!(body["account_sid"], app.creds.sid);
    assert_eq!(body["friendly_name"], "Ann");
    assert_eq!(body["type"], "individual");
    assert_eq!(
        body["attributes"],
        json!({"first_name": "Ann", "last_name": "Lee"})
    );
    assert_eq!(body["url"], format!("{}{END_USERS}/{sid}", app.address));
    let created = body["date_created"].as_str().unwrap();
    assert!(regex_like_twilio_date(created), "{created}");
    assert_eq!(body.as_object().unwrap().len(), 8);
}

#[tokio::test]
async fn fetch_update_and_delete_an_end_user() {
    let app = spawn_app().await;
    let created = json_with_status(
        app.post(END_USERS, &[("FriendlyName", "Acme"), ("Type", "business")])
            .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("{END_USERS}/{}", created["sid"].as_str().unwrap());

    let fetched = json_with_status(app.get(&path).await, StatusCode::OK).await;
    assert_eq!(fetched, created);

    let updated = app
        .post(
            &path,
            &[
                ("FriendlyName", "Acme Ltd"),
                ("Attributes", r#"{"business_name":"Acme Ltd"}"#),
            ],
        )
        .await;
    let updated = json_with_status(updated, StatusCode::OK).await;
    assert_eq!(updated["friendly_name"], "Acme Ltd");
    assert_eq!(updated["attributes"]["business_name"], "Acme Ltd");
    assert_eq!(updated["type"], "business");

    let deleted = app.delete(&path).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(deleted.text().await.unwrap().is_empty());
    assert_twilio_error(app.get(&path).await, 404, 20404).await;
}

#[tokio::test]
async fn invalid_end_user_input_gets_a_twilio_error_naming_the_problem() {
    let app = spawn_app().await;
    let cases: Vec<FormCase> = vec![
        (vec![("Type", "individual")], 20001, "FriendlyName"),
        (vec![("FriendlyName", "x")], 20001, "Type"),
        (
            vec![("FriendlyName", "x"), ("Type", "robot")],
            20001,
            "Type",
        ),
        (
            vec![
                ("FriendlyName", "x"),
                ("Type", "business"),
                ("Attributes", "[1,2]"),
            ],
            22207,
            "JSON object",
        ),
        (
            vec![
                ("FriendlyName", "x"),
                ("Type", "business"),
                ("Attributes", "{oops"),
            ],
            22207,
            "JSON",
        ),
    ];
    for (form, code, needle) in cases {
        let message = assert_twilio_error(app.post(END_USERS, &form).await, 400, code).await;
        assert!(
            message.contains(needle),
            "{message} should mention {needle}"
        );
    }
    let (items, _) = crate::helpers::collect_pages(&app, END_USERS).await;
    assert!(items.is_empty(), "nothing half-written: {items:?}");
}

#[tokio::test]
async fn an_end_users_type_cannot_change() {
    let app = spawn_app().await;
    let created = json_with_status(
        app.post(
            END_USERS,
            &[("FriendlyName", "Ann"), ("Type", "individual")],
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("{END_USERS}/{}", created["sid"].as_str().unwrap());
    let message =
        assert_twilio_error(app.post(&path, &[("Type", "business")]).await, 400, 20001).await;
    assert!(message.contains("Type"), "{message}");
}

#[tokio::test]
async fn another_accounts_end_user_is_not_found() {
    let app = spawn_app().await;
    let created = json_with_status(
        app.post(
            END_USERS,
            &[("FriendlyName", "Ann"), ("Type", "individual")],
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("{END_USERS}/{}", created["sid"].as_str().unwrap());
    let other = app.create_account();

    assert_twilio_error(app.get_as(&other, &path).await, 404, 20404).await;
    assert_twilio_error(
        app.post_as(&other, &path, &[("FriendlyName", "stolen")])
            .await,
        404,
        20404,
    )
    .await;
    let listed = json_with_status(app.get_as(&other, END_USERS).await, StatusCode::OK).await;
    assert_eq!(listed["results"], json!([]));
}
