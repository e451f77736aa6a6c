use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::fixtures::plivo::{assert_plivo_error, pdf, two_files, valid_data, Files, Plivo, GST};
use crate::helpers::{json_with_status, spawn_app};

/// `valid_data` with `edit` applied.
fn data_with(edit: impl FnOnce(&mut Value)) -> Value {
    let mut data = valid_data("Acme");
    edit(&mut data);
    data
}

#[tokio::test]
async fn each_invalid_create_is_a_400_naming_what_to_fix_and_stores_nothing() {
    let app = spawn_app().await;
    let plivo = Plivo::new(&app);
    let big = {
        let mut bytes = pdf();
        bytes.resize(5 * 1024 * 1024 + 1, b'0');
        bytes
    };
    let cases: Vec<(Option<Value>, Files, &str, &str)> = vec![
        (None, two_files(), "missing_required_field", "data"),
        (
            Some(data_with(|d| {
                d.as_object_mut().unwrap().remove("alias");
            })),
            two_files(),
            "missing_required_field",
            "alias",
        ),
        (
            Some(data_with(|d| d["end_user"]["name"] = json!(""))),
            two_files(),
            "missing_required_field",
            "end_user.name",
        ),
        (
            Some(data_with(|d| d["alias"] = json!("x".repeat(100)))),
            two_files(),
            "invalid_field_value",
            "alias",
        ),
        (
            Some(data_with(|d| d["number_type"] = json!("landline"))),
            two_files(),
            "invalid_field_value",
            "number_type",
        ),
        (
            Some(data_with(|d| {
                d["documents"][1]["document_type_id"] =
                    json!("00000000-0000-0000-0000-000000000000")
            })),
            two_files(),
            "invalid_field_value",
            "documents[1].document_type_id",
        ),
        (
            Some(data_with(|d| {
                d["documents"][0]["data_fields"] = json!({});
            })),
            two_files(),
            "missing_required_field",
            "documents[0].data_fields.business_name",
        ),
        (
            Some(data_with(|d| {
                d["documents"][0]["data_fields"]["business_name"] = json!("x".repeat(51));
            })),
            two_files(),
            "invalid_field_value",
            "documents[0].data_fields.business_name",
        ),
        (
            Some(data_with(|d| {
                d["documents"] = json!([{"document_type_id": GST}]);
            })),
            vec![(0, "gst.pdf".into(), pdf())],
            "missing_required_document",
            "documents",
        ),
        (
            Some(valid_data("Acme")),
            vec![(0, "coi.pdf".into(), pdf())],
            "missing_required_document",
            "documents[1].file",
        ),
        (
            Some(valid_data("Acme")),
            vec![
                (0, "coi.pdf".into(), pdf()),
                (1, "gst.pdf".into(), b"GIF89a not a pdf".to_vec()),
            ],
            "invalid_file",
            "documents[1].file",
        ),
        (
            Some(valid_data("Acme")),
            vec![(0, "coi.pdf".into(), big), (1, "gst.pdf".into(), pdf())],
            "invalid_file",
            "documents[0].file",
        ),
    ];
    for (data, files, code, param) in cases {
        let message = assert_plivo_error(
            plivo.create_raw(data.as_ref(), files).await,
            400,
            code,
            Some(param),
        )
        .await;
        assert!(message.contains(param), "{message}");
    }
    // Malformed JSON in `data`.
    let form = reqwest::multipart::Form::new().text("data", "{not json");
    let response = app
        .client
        .post(plivo.url("/PhoneNumber/Compliance/"))
        .basic_auth(&plivo.creds.auth_id, Some(&plivo.creds.token))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_plivo_error(response, 400, "invalid_field_value", Some("data")).await;

    let list = json_with_status(plivo.get("/PhoneNumber/Compliance/").await, StatusCode::OK).await;
    assert_eq!(list["meta"]["total_count"], 0, "nothing was stored");
    let mut conn = app.state.db.get().unwrap();
    use diesel::prelude::*;
    let documents: i64 = regbox::db::schema::compliance_documents::table
        .count()
        .get_result(&mut **conn)
        .unwrap();
    assert_eq!(documents, 0);
}

#[tokio::test]
async fn an_alias_is_used_once_per_account() {
    let app = spawn_app().await;
    let plivo = Plivo::new(&app);
    plivo.create("Acme").await;
    assert_plivo_error(
        plivo
            .create_raw(Some(&valid_data("Acme")), two_files())
            .await,
        400,
        "duplicate_alias",
        Some("alias"),
    )
    .await;
}

#[tokio::test]
async fn concurrent_creates_with_one_alias_store_one_application() {
    let app = spawn_app().await;
    let plivo = Plivo::new(&app);
    let data = valid_data("Same");
    let attempts = (0..6).map(|_| plivo.create_raw(Some(&data), two_files()));
    let statuses: Vec<u16> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 400),
        "{statuses:?}"
    );
    let list = json_with_status(plivo.get("/PhoneNumber/Compliance/").await, StatusCode::OK).await;
    assert_eq!(list["meta"]["total_count"], 1);
}
