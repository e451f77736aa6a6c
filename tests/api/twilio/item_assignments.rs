use reqwest::StatusCode;
use serde_json::json;

use crate::fixtures::{assign, create_address, create_bundle, create_end_user, BUNDLES};
use crate::helpers::{assert_twilio_error, collect_pages, json_with_status, spawn_app};

#[tokio::test]
async fn assign_fetch_list_and_remove_items() {
    let app = spawn_app().await;
    let bundle = create_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let end_user = create_end_user(&app, "{}").await;
    let address = create_address(&app).await;

    let assignment = assign(&app, &bundle, &end_user).await;
    let sid = assignment["sid"].as_str().unwrap();
    assert!(sid.starts_with("BV"));
    assert_eq!(assignment["bundle_sid"], bundle);
    assert_eq!(assignment["object_sid"], end_user);
    assert_eq!(assignment["account_sid"], app.creds.sid);
    let path = format!("{BUNDLES}/{bundle}/ItemAssignments/{sid}");
    assert_eq!(assignment["url"], format!("{}{path}", app.address));
    assert!(assignment.get("date_updated").is_none());
    assert_eq!(
        json_with_status(app.get(&path).await, StatusCode::OK).await,
        assignment
    );
    assign(&app, &bundle, &address).await;

    let (items, pages) = collect_pages(
        &app,
        &format!("{BUNDLES}/{bundle}/ItemAssignments?PageSize=1"),
    )
    .await;
    assert_eq!(pages, 2);
    let mut objects: Vec<&str> = items
        .iter()
        .map(|i| i["object_sid"].as_str().unwrap())
        .collect();
    objects.sort();
    let mut expected = vec![end_user.as_str(), address.as_str()];
    expected.sort();
    assert_eq!(objects, expected);

    assert_eq!(app.delete(&path).await.status(), StatusCode::NO_CONTENT);
    assert_twilio_error(app.get(&path).await, 404, 20404).await;
}

#[tokio::test]
async fn only_existing_end_users_documents_and_addresses_of_the_account_can_be_assigned() {
    let app = spawn_app().await;
    let bundle = create_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("{BUNDLES}/{bundle}/ItemAssignments");
    let other = app.create_account();
    let form = [("FriendlyName", "theirs"), ("Type", "individual")];
    let foreign = json_with_status(
        app.post_as(&other, "/v2/RegulatoryCompliance/EndUsers", &form)
            .await,
        StatusCode::CREATED,
    )
    .await;

    assert_twilio_error(app.post(&path, &[]).await, 400, 20001).await;
    assert_twilio_error(app.post(&path, &[("ObjectSid", "IT123")]).await, 400, 20001).await;
    let message = assert_twilio_error(
        app.post(&path, &[("ObjectSid", bundle.as_str())]).await,
        400,
        22206,
    )
    .await;
    assert!(message.contains(&bundle), "{message}");
    assert_twilio_error(
        app.post(
            &path,
            &[("ObjectSid", "IT0123456789abcdef0123456789abcdef")],
        )
        .await,
        400,
        22205,
    )
    .await;
    assert_twilio_error(
        app.post(&path, &[("ObjectSid", foreign["sid"].as_str().unwrap())])
            .await,
        400,
        22205,
    )
    .await;

    let end_user = create_end_user(&app, "{}").await;
    assign(&app, &bundle, &end_user).await;
    assert_twilio_error(
        app.post(&path, &[("ObjectSid", end_user.as_str())]).await,
        409,
        20409,
    )
    .await;
    let listed = json_with_status(app.get(&path).await, StatusCode::OK).await;
    assert_eq!(listed["results"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_assigned_end_user_cannot_be_deleted_until_unassigned() {
    let app = spawn_app().await;
    let bundle = create_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let end_user = create_end_user(&app, "{}").await;
    let assignment = assign(&app, &bundle, &end_user).await;
    let end_user_path = format!("/v2/RegulatoryCompliance/EndUsers/{end_user}");

    let message = assert_twilio_error(app.delete(&end_user_path).await, 400, 21644).await;
    assert!(message.contains("assigned"), "{message}");
    app.delete(&format!(
        "{BUNDLES}/{bundle}/ItemAssignments/{}",
        assignment["sid"].as_str().unwrap()
    ))
    .await;
    assert_eq!(
        app.delete(&end_user_path).await.status(),
        StatusCode::NO_CONTENT
    );
    let _ = json!(null);
}
