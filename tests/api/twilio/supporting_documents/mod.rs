//! SupportingDocuments over HTTP: shape, errors, isolation, bundle assignment and paging; the
//! multipart uploads are in `uploads`.

mod uploads;

use diesel::prelude::*;
use regbox::db::schema::item_assignments;
use reqwest::StatusCode;
use serde_json::json;

use crate::fixtures::assign_to_new_bundle;
use crate::fixtures::regex_like_twilio_date;
use crate::helpers::{assert_twilio_error, collect_pages, json_with_status, spawn_app, TestApp};
use uploads::{create_with_file, download, file, post_multipart, PDF};

const DOCUMENTS: &str = "/v2/RegulatoryCompliance/SupportingDocuments";

pub(super) async fn assert_no_documents(app: &TestApp) {
    let list = json_with_status(app.get(DOCUMENTS).await, StatusCode::OK).await;
    assert_eq!(list["results"], json!([]), "nothing may be stored");
}

#[tokio::test]
async fn create_supporting_document_with_a_form_returns_201_with_twilio_shape() {
    let app = spawn_app().await;
    let response = app
        .post(
            DOCUMENTS,
            &[
                ("FriendlyName", "Proof of address"),
                ("Type", "utility_bill"),
                ("Attributes", r#"{"address_sids": ["AD1"]}"#),
            ],
        )
        .await;
    let body = json_with_status(response, StatusCode::CREATED).await;

    let sid = body["sid"].as_str().unwrap();
    assert!(sid.starts_with("RD") && sid.len() == 34, "{sid}");
    assert_eq!(body["account_sid"], app.creds.sid);
    assert_eq!(body["friendly_name"], "Proof of address");
    assert_eq!(body["type"], "utility_bill");
    assert_eq!(body["attributes"], json!({"address_sids": ["AD1"]}));
    assert_eq!(body["status"], "draft");
    assert!(body["mime_type"].is_null());
    assert!(body["failure_reason"].is_null());
    assert!(body["errors"].is_null());
    assert_eq!(body["url"], format!("{}{DOCUMENTS}/{sid}", app.address));
    assert!(regex_like_twilio_date(
        body["date_created"].as_str().unwrap()
    ));
    assert!(regex_like_twilio_date(
        body["date_updated"].as_str().unwrap()
    ));
    assert_eq!(body.as_object().unwrap().len(), 12);
}

#[tokio::test]
async fn fetch_update_and_delete_a_supporting_document() {
    let app = spawn_app().await;
    let created = json_with_status(
        app.post(DOCUMENTS, &[("FriendlyName", "Doc"), ("Type", "passport")])
            .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("{DOCUMENTS}/{}", created["sid"].as_str().unwrap());
    assert_eq!(
        app.get(&path)
            .await
            .json::<serde_json::Value>()
            .await
            .unwrap(),
        created
    );

    let updated = app
        .post(
            &path,
            &[
                ("FriendlyName", "Doc v2"),
                ("Attributes", r#"{"document_number":"X1"}"#),
            ],
        )
        .await;
    let updated = json_with_status(updated, StatusCode::OK).await;
    assert_eq!(updated["friendly_name"], "Doc v2");
    assert_eq!(updated["attributes"], json!({"document_number": "X1"}));
    assert_eq!(updated["type"], "passport");
    assert!(updated["mime_type"].is_null());

    let changed_type = app.post(&path, &[("Type", "utility_bill")]).await;
    let message = assert_twilio_error(changed_type, 400, 20001).await;
    assert!(message.contains("Type"), "{message}");

    let deleted = app.delete(&path).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(deleted.text().await.unwrap().is_empty());
    assert_twilio_error(app.get(&path).await, 404, 20404).await;
    assert_twilio_error(app.delete(&path).await, 404, 20404).await;
}

#[tokio::test]
async fn missing_or_invalid_fields_get_twilios_document_codes_and_store_nothing() {
    let app = spawn_app().await;
    // (form, HTTP status, Twilio code, what the message must name)
    type Case<'a> = (&'a [(&'a str, &'a str)], u16, u64, &'a str);
    let cases: &[Case] = &[
        (&[("FriendlyName", "Doc")], 400, 22210, "Type"),
        (
            &[("FriendlyName", "Doc"), ("Type", "  ")],
            400,
            22210,
            "Type",
        ),
        (&[("Type", "passport")], 400, 22211, "FriendlyName"),
        (
            &[("FriendlyName", ""), ("Type", "passport")],
            400,
            22211,
            "FriendlyName",
        ),
        (
            &[
                ("FriendlyName", "Doc"),
                ("Type", "passport"),
                ("Attributes", "{oops"),
            ],
            400,
            22207,
            "Attributes",
        ),
        (
            &[
                ("FriendlyName", "Doc"),
                ("Type", "passport"),
                ("Attributes", "[1]"),
            ],
            400,
            22207,
            "Attributes",
        ),
    ];
    for (form, status, code, names) in cases {
        let message = assert_twilio_error(app.post(DOCUMENTS, form).await, *status, *code).await;
        assert!(message.contains(names), "{form:?}: {message}");
        let multipart = post_multipart(
            &app,
            &app.creds,
            DOCUMENTS,
            form,
            file("a.pdf", "application/pdf", PDF),
        )
        .await;
        assert_twilio_error(multipart, *status, *code).await;
    }
    assert_no_documents(&app).await;
}

#[tokio::test]
async fn documents_and_their_files_are_invisible_to_other_accounts() {
    let app = spawn_app().await;
    let other = app.create_account();
    let body = create_with_file(&app, file("p.pdf", "application/pdf", PDF)).await;
    let sid = body["sid"].as_str().unwrap();
    let path = format!("{DOCUMENTS}/{sid}");

    assert_twilio_error(app.get_as(&other, &path).await, 404, 20404).await;
    assert_twilio_error(download(&app, &other, sid).await, 404, 20404).await;
    let update = post_multipart(&app, &other, &path, &[("FriendlyName", "mine")], None).await;
    assert_twilio_error(update, 404, 20404).await;
    let delete = app
        .client
        .delete(app.url(&path))
        .basic_auth(&other.sid, Some(&other.token))
        .send()
        .await
        .unwrap();
    assert_twilio_error(delete, 404, 20404).await;
    let list = json_with_status(app.get_as(&other, DOCUMENTS).await, StatusCode::OK).await;
    assert_eq!(list["results"], json!([]));

    let still = json_with_status(app.get(&path).await, StatusCode::OK).await;
    assert_eq!(still["friendly_name"], "Passport scan");
    assert_eq!(
        download(&app, &app.creds, sid).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_document_in_a_bundle_cannot_be_deleted_until_unassigned() {
    let app = spawn_app().await;
    let body = create_with_file(&app, file("p.pdf", "application/pdf", PDF)).await;
    let sid = body["sid"].as_str().unwrap();
    let bundle = assign_to_new_bundle(&app, &app.creds.sid, sid);

    let path = format!("{DOCUMENTS}/{sid}");
    let message = assert_twilio_error(app.delete(&path).await, 400, 21645).await;
    assert!(
        message.contains(sid) && message.contains("bundle"),
        "{message}"
    );
    assert_eq!(app.get(&path).await.status(), StatusCode::OK);

    let mut conn = app.state.db.get().unwrap();
    diesel::delete(item_assignments::table.filter(item_assignments::bundle_sid.eq(&bundle)))
        .execute(&mut **conn)
        .unwrap();
    assert_eq!(app.delete(&path).await.status(), StatusCode::NO_CONTENT);
    assert_twilio_error(download(&app, &app.creds, sid).await, 404, 20404).await;
}

#[tokio::test]
async fn supporting_documents_page_newest_first_across_pages() {
    let app = spawn_app().await;
    let mut created = Vec::new();
    for i in 0..7 {
        let body = json_with_status(
            app.post(
                DOCUMENTS,
                &[("FriendlyName", &format!("doc {i}")), ("Type", "passport")],
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        created.push(body["sid"].as_str().unwrap().to_string());
    }
    let (items, pages) = collect_pages(&app, &format!("{DOCUMENTS}?PageSize=3")).await;
    assert_eq!(pages, 3);
    let sids: Vec<String> = items
        .iter()
        .map(|i| i["sid"].as_str().unwrap().to_string())
        .collect();
    created.reverse();
    assert_eq!(sids, created, "every document once, newest first");
}

#[tokio::test]
async fn malformed_sids_and_unknown_methods_get_twilio_errors() {
    let app = spawn_app().await;
    assert_twilio_error(app.get(&format!("{DOCUMENTS}/RDnope")).await, 404, 20404).await;
    assert_twilio_error(
        app.get("/sandbox/SupportingDocuments/ITaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/File")
            .await,
        404,
        20404,
    )
    .await;
    let put = app
        .client
        .put(app.url(DOCUMENTS))
        .basic_auth(&app.creds.sid, Some(&app.creds.token))
        .send()
        .await
        .unwrap();
    assert_twilio_error(put, 405, 20004).await;
    let anonymous = app.client.get(app.url(DOCUMENTS)).send().await.unwrap();
    assert_twilio_error(anonymous, 401, 20003).await;
}
