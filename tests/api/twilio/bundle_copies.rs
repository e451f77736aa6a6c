//! `POST/GET /Bundles/{Sid}/Copies`.

use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::{
    approve, approved_with_document, assigned_objects, copy, draft, fetch_bundle, keys, manual,
    only, review, AU_INDIVIDUAL, BUNDLES, PDF,
};
use crate::helpers::{
    assert_twilio_error, collect_pages, json_with_status, spawn_app_with, TestApp,
};

const COPY_KEYS: [&str; 10] = [
    "account_sid",
    "date_created",
    "date_updated",
    "email",
    "friendly_name",
    "regulation_sid",
    "sid",
    "status",
    "status_callback",
    "valid_until",
];

async fn fetch(app: &TestApp, path: &str) -> Value {
    json_with_status(app.get(path).await, StatusCode::OK).await
}

#[tokio::test]
async fn copying_an_approved_bundle_makes_a_draft_with_copies_of_its_items() {
    let app = spawn_app_with(manual).await;
    let original =
        approved_with_document(&app, &[("StatusCallback", "https://example.com/cb")]).await;
    let before = fetch_bundle(&app, &original).await;

    let copied = json_with_status(copy(&app, &original, &[]).await, StatusCode::CREATED).await;

    assert_eq!(
        keys(&copied),
        COPY_KEYS,
        "bundle_copy has no url and no links"
    );
    let sid = copied["sid"].as_str().unwrap();
    assert!(sid.starts_with("BU") && sid != original);
    assert_eq!(copied["status"], "draft");
    assert_eq!(copied["valid_until"], Value::Null);
    for field in [
        "account_sid",
        "regulation_sid",
        "friendly_name",
        "email",
        "status_callback",
    ] {
        assert_eq!(copied[field], before[field], "{field}");
    }
    assert_eq!(fetch_bundle(&app, sid).await["status"], "draft");
    let after = fetch_bundle(&app, &original).await;
    assert_eq!(
        (&after["status"], &after["valid_until"]),
        (&before["status"], &before["valid_until"])
    );

    let (originals, copies) = (
        assigned_objects(&app, &original).await,
        assigned_objects(&app, sid).await,
    );
    assert_eq!(originals.len(), 3, "{originals:?}");
    assert_eq!(copies.len(), 3, "{copies:?}");
    assert_eq!(
        only(&copies, "AD"),
        only(&originals, "AD"),
        "addresses are assigned by reference"
    );
    let (user, user_copy) = (only(&originals, "IT"), only(&copies, "IT"));
    assert_ne!(user, user_copy);
    let (user, user_copy) = (
        fetch(&app, &end_user_path(user)).await,
        fetch(&app, &end_user_path(user_copy)).await,
    );
    for field in ["friendly_name", "type", "attributes", "account_sid"] {
        assert_eq!(user[field], user_copy[field], "{field}");
    }
}

fn end_user_path(sid: &str) -> String {
    format!("/v2/RegulatoryCompliance/EndUsers/{sid}")
}

fn document_path(sid: &str) -> String {
    format!("/v2/RegulatoryCompliance/SupportingDocuments/{sid}")
}

#[tokio::test]
async fn a_copied_document_keeps_type_attributes_and_file_but_starts_as_a_draft() {
    let app = spawn_app_with(manual).await;
    let original = approved_with_document(&app, &[]).await;
    let copied = json_with_status(
        copy(&app, &original, &[("FriendlyName", "Renewal 2031")]).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(copied["friendly_name"], "Renewal 2031");

    let document = only(&assigned_objects(&app, &original).await, "RD").to_string();
    let document_copy = only(
        &assigned_objects(&app, copied["sid"].as_str().unwrap()).await,
        "RD",
    )
    .to_string();
    assert_ne!(document, document_copy);
    let (before, after) = (
        fetch(&app, &document_path(&document)).await,
        fetch(&app, &document_path(&document_copy)).await,
    );
    for field in ["friendly_name", "type", "attributes", "mime_type"] {
        assert_eq!(before[field], after[field], "{field}");
    }
    assert_eq!(before["status"], "approved");
    assert_eq!(after["status"], "draft");
    let file = app
        .get(&format!(
            "/sandbox/SupportingDocuments/{document_copy}/File"
        ))
        .await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(
        file.bytes().await.unwrap().as_ref(),
        PDF,
        "the uploaded file is copied byte for byte"
    );
}

#[tokio::test]
async fn editing_the_copy_never_changes_the_original() {
    let app = spawn_app_with(manual).await;
    let original = approved_with_document(&app, &[]).await;
    let copied = json_with_status(copy(&app, &original, &[]).await, StatusCode::CREATED).await;
    let copy_sid = copied["sid"].as_str().unwrap();
    let user = only(&assigned_objects(&app, &original).await, "IT").to_string();
    let user_copy = only(&assigned_objects(&app, copy_sid).await, "IT").to_string();

    let form = [(
        "Attributes",
        r#"{"first_name": "Ann", "last_name": "Lee-Smith"}"#,
    )];
    json_with_status(
        app.post(&end_user_path(&user_copy), &form).await,
        StatusCode::OK,
    )
    .await;
    let renamed = [("FriendlyName", "renamed copy")];
    json_with_status(
        app.post(&format!("{BUNDLES}/{copy_sid}"), &renamed).await,
        StatusCode::OK,
    )
    .await;
    let assignments = fetch(&app, &format!("{BUNDLES}/{copy_sid}/ItemAssignments")).await;
    let document_assignment = assignments["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["object_sid"].as_str().unwrap().starts_with("RD"))
        .unwrap()["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let removed = app
        .delete(&format!(
            "{BUNDLES}/{copy_sid}/ItemAssignments/{document_assignment}"
        ))
        .await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);

    assert_eq!(
        fetch(&app, &end_user_path(&user)).await["attributes"]["last_name"],
        "Lee"
    );
    assert_eq!(
        fetch_bundle(&app, &original).await["friendly_name"],
        "Original"
    );
    assert_eq!(assigned_objects(&app, &original).await.len(), 3);
    assert_eq!(assigned_objects(&app, copy_sid).await.len(), 2);
}

#[tokio::test]
async fn only_twilio_approved_bundles_can_be_copied() {
    let app = spawn_app_with(manual).await;
    let draft_sid = draft(&app, "draft", &AU_INDIVIDUAL, &[]).await;
    let pending = crate::fixtures::submitted_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let rejected = crate::fixtures::submitted_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    json_with_status(
        review(&app, &rejected, &[("Status", "twilio-rejected")]).await,
        StatusCode::OK,
    )
    .await;

    for (sid, status) in [
        (&draft_sid, "draft"),
        (&pending, "pending-review"),
        (&rejected, "twilio-rejected"),
    ] {
        let message = assert_twilio_error(copy(&app, sid, &[]).await, 400, 22223).await;
        assert!(
            message.contains(status) && message.contains("twilio-approved"),
            "{message}"
        );
    }
    let listed = fetch(&app, &format!("{BUNDLES}?Status=draft")).await;
    assert_eq!(
        listed["results"].as_array().unwrap().len(),
        1,
        "no copy was left behind"
    );
}

#[tokio::test]
async fn copy_errors_for_unknown_bundles_bad_names_and_other_accounts() {
    let app = spawn_app_with(manual).await;
    let original = draft(&app, "o", &AU_INDIVIDUAL, &[]).await;
    approve(&app, &original, None).await;
    let unknown = format!("BU{}", "0".repeat(32));
    assert_twilio_error(copy(&app, &unknown, &[]).await, 404, 20404).await;
    assert_twilio_error(copy(&app, "BUnot-a-sid", &[]).await, 404, 20404).await;
    assert_twilio_error(
        app.get(&format!("{BUNDLES}/{unknown}/Copies")).await,
        404,
        20404,
    )
    .await;
    let message = assert_twilio_error(
        copy(&app, &original, &[("FriendlyName", " ")]).await,
        400,
        20001,
    )
    .await;
    assert!(message.contains("FriendlyName"), "{message}");

    let other = app.create_account();
    let path = format!("{BUNDLES}/{original}/Copies");
    assert_twilio_error(app.post_as(&other, &path, &[]).await, 404, 20404).await;
    assert_twilio_error(app.get_as(&other, &path).await, 404, 20404).await;
}

#[tokio::test]
async fn list_copies_shows_only_this_bundles_copies_newest_first_across_pages() {
    let app = spawn_app_with(manual).await;
    let original = draft(&app, "original", &AU_INDIVIDUAL, &[]).await;
    approve(&app, &original, None).await;
    let other = draft(&app, "other", &AU_INDIVIDUAL, &[]).await;
    approve(&app, &other, None).await;
    let mut made = Vec::new();
    for i in 0..5 {
        let body = json_with_status(
            copy(&app, &original, &[("FriendlyName", &format!("copy {i}"))]).await,
            StatusCode::CREATED,
        )
        .await;
        made.push(body["sid"].as_str().unwrap().to_string());
    }
    json_with_status(copy(&app, &other, &[]).await, StatusCode::CREATED).await;

    let first = fetch(&app, &format!("{BUNDLES}/{original}/Copies?PageSize=2")).await;
    assert_eq!(first["meta"]["key"], "results");
    assert_eq!(keys(&first["results"][0]), COPY_KEYS);
    let (items, pages) =
        collect_pages(&app, &format!("{BUNDLES}/{original}/Copies?PageSize=2")).await;
    assert_eq!(pages, 3);
    let listed: Vec<&str> = items.iter().map(|c| c["sid"].as_str().unwrap()).collect();
    made.reverse();
    assert_eq!(listed, made, "newest first, each once");
    assert!(items.iter().all(|c| c["status"] == "draft"));
    let none = fetch(&app, &format!("{BUNDLES}/{}/Copies", made[0])).await;
    assert_eq!(
        none["results"],
        serde_json::json!([]),
        "a copy has no copies of its own"
    );
}
