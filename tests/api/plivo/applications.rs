use reqwest::StatusCode;
use serde_json::json;

use crate::fixtures::plivo::{
    assert_plivo_error, two_files, valid_data, Plivo, BUSINESS_NAME, GST, REGISTRATION,
};
use crate::helpers::{json_with_status, spawn_app_with};
use regbox::config::ReviewMode;

#[tokio::test]
async fn an_application_is_created_fetched_with_expand_and_deleted() {
    let app = spawn_app_with(|c| c.review = ReviewMode::Manual).await;
    let plivo = Plivo::new(&app);
    let response = plivo
        .create_raw(Some(&valid_data("Acme")), two_files())
        .await;
    assert_eq!(response.headers()["x-ratelimit-limit"], "60");
    let created = json_with_status(response, StatusCode::CREATED).await;
    assert_eq!(
        created["message"],
        "Compliance application created and submitted for review."
    );
    let id = created["compliance_id"].as_str().unwrap();
    assert_eq!(id.len(), 36);

    // Without expand: only the top-level fields.
    let plain = json_with_status(
        plivo.get(&format!("/PhoneNumber/Compliance/{id}/")).await,
        StatusCode::OK,
    )
    .await;
    let compliance = &plain["compliance"];
    assert_eq!(compliance["status"], "submitted");
    assert_eq!(compliance["user_type"], "business");
    assert!(compliance["rejection_reason"].is_null());
    assert!(compliance.get("end_user").is_none() && compliance.get("documents").is_none());
    assert!(compliance["created_at"].as_str().unwrap().ends_with('Z'));

    let full = plivo.fetch(id).await;
    assert_eq!(full["end_user"]["name"], BUSINESS_NAME);
    assert_eq!(full["end_user"]["last_name"], "");
    assert_eq!(full["end_user"]["type"], "business");
    let documents = full["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[0]["document_type_id"], REGISTRATION);
    assert_eq!(documents[0]["document_name"], "Registration Certificate");
    assert_eq!(documents[0]["file_name"], "coi.pdf");
    assert_eq!(
        documents[0]["meta_information"],
        json!({"business_name": BUSINESS_NAME})
    );
    assert_eq!(documents[1]["document_type_id"], GST);
    assert_eq!(full["linked_numbers"], json!([]));

    // The presigned link returns the bytes without credentials; a changed signature does not.
    let url = documents[0]["download_url"].as_str().unwrap();
    assert!(url.starts_with(&app.address), "{url}");
    let file = app.client.get(url).send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert!(file.bytes().await.unwrap().starts_with(b"%PDF-"));
    let last = if url.ends_with('0') { '1' } else { '0' };
    let tampered = format!("{}{last}", &url[..url.len() - 1]);
    let refused = app.client.get(&tampered).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    let document = documents[0]["document_id"].as_str().unwrap();
    let past = chrono::Utc::now().timestamp() - 1;
    let signature =
        regbox::service::compliance::download_signature(&plivo.creds.token, document, past);
    let expired = app
        .client
        .get(format!(
            "{}/sandbox/plivo/documents/{document}/file?expires={past}&signature={signature}",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), StatusCode::NOT_FOUND, "an expired link");

    let deleted = json_with_status(
        plivo
            .delete(&format!("/PhoneNumber/Compliance/{id}/"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(deleted["message"], "Compliance application deleted.");
    assert_eq!(deleted["compliance_id"], id);
    for response in [
        plivo.get(&format!("/PhoneNumber/Compliance/{id}")).await,
        plivo
            .delete(&format!("/PhoneNumber/Compliance/{id}/"))
            .await,
    ] {
        assert_plivo_error(response, 404, "not_found", None).await;
    }
    let file = app.client.get(url).send().await.unwrap();
    assert_eq!(
        file.status(),
        StatusCode::NOT_FOUND,
        "the file went with it"
    );
}

#[tokio::test]
async fn lists_filter_page_oldest_first_and_expand() {
    let app = spawn_app_with(|c| c.review = ReviewMode::Manual).await;
    let plivo = Plivo::new(&app);
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(plivo.create(&format!("alias-{i}")).await);
    }
    let rejected = &ids[3];
    assert_eq!(
        plivo
            .review(rejected, "rejected", Some("blurry"))
            .await
            .status(),
        StatusCode::OK
    );

    let page = json_with_status(
        plivo.get("/PhoneNumber/Compliance/?limit=2&offset=0").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["meta"]["total_count"], 5);
    assert_eq!(page["meta"]["limit"], 2);
    assert!(page["meta"]["previous"].is_null());
    let next = page["meta"]["next"].as_str().unwrap();
    assert!(next.contains("offset=2"), "{next}");
    let mut seen: Vec<String> = Vec::new();
    let mut offset = 0;
    while offset < 5 {
        let page = json_with_status(
            plivo
                .get(&format!("/PhoneNumber/Compliance/?limit=2&offset={offset}"))
                .await,
            StatusCode::OK,
        )
        .await;
        for c in page["compliances"].as_array().unwrap() {
            seen.push(c["compliance_id"].as_str().unwrap().to_string());
        }
        offset += 2;
    }
    let mut sorted = ids.clone();
    sorted.sort();
    let mut seen_sorted = seen.clone();
    seen_sorted.sort();
    assert_eq!(
        seen_sorted, sorted,
        "every application once across the pages"
    );

    for (query, expected) in [
        ("status=rejected", vec![rejected.clone()]),
        ("alias=alias-2", vec![ids[2].clone()]),
        (
            "status=submitted&country_iso=IN&number_type=local&user_type=business",
            {
                let mut v = ids.clone();
                v.retain(|i| i != rejected);
                v
            },
        ),
        ("number_type=mobile", vec![]),
        ("user_type=individual", vec![]),
    ] {
        let body = json_with_status(
            plivo
                .get(&format!("/PhoneNumber/Compliance/?limit=20&{query}"))
                .await,
            StatusCode::OK,
        )
        .await;
        let mut got: Vec<String> = body["compliances"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["compliance_id"].as_str().unwrap().to_string())
            .collect();
        got.sort();
        let mut expected = expected;
        expected.sort();
        assert_eq!(got, expected, "{query}");
        assert_eq!(body["meta"]["total_count"], expected.len(), "{query}");
    }
    let expanded = json_with_status(
        plivo
            .get("/PhoneNumber/Compliance/?alias=alias-0&expand=end_user,documents")
            .await,
        StatusCode::OK,
    )
    .await;
    let first = &expanded["compliances"][0];
    assert_eq!(first["end_user"]["name"], BUSINESS_NAME);
    assert_eq!(first["documents"].as_array().unwrap().len(), 2);
    assert!(first.get("linked_numbers").is_none());

    for (query, param) in [
        ("limit=101", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("status=approved", "status"),
        ("expand=everything", "expand"),
    ] {
        assert_plivo_error(
            plivo
                .get(&format!("/PhoneNumber/Compliance/?{query}"))
                .await,
            400,
            "invalid_field_value",
            Some(param),
        )
        .await;
    }
}

#[tokio::test]
async fn python_sends_data_urlencoded_when_there_are_no_files() {
    let app = spawn_app_with(|c| c.review = ReviewMode::Manual).await;
    let plivo = Plivo::new(&app);
    let response = app
        .client
        .post(plivo.url("/PhoneNumber/Compliance/"))
        .basic_auth(&plivo.creds.auth_id, Some(&plivo.creds.token))
        .form(&[("data", valid_data("no-files").to_string())])
        .send()
        .await
        .unwrap();
    // The data is read (a file is then what is missing).
    assert_plivo_error(
        response,
        400,
        "missing_required_document",
        Some("documents[0].file"),
    )
    .await;
}

#[tokio::test]
async fn paths_work_without_the_trailing_slash_and_other_methods_are_plivos_405() {
    let app = spawn_app_with(|c| c.review = ReviewMode::Manual).await;
    let plivo = Plivo::new(&app);
    let id = plivo.create("Acme").await;
    let fetched = json_with_status(
        plivo.get(&format!("/PhoneNumber/Compliance/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(fetched["compliance"]["compliance_id"], id.as_str());
    // The live API answered POST on an application with 405 (the SDKs use PATCH).
    let response = plivo
        .post_json(&format!("/PhoneNumber/Compliance/{id}/"), &json!({}))
        .await;
    assert!(response.headers()["allow"]
        .to_str()
        .unwrap()
        .contains("PATCH"));
    assert_plivo_error(response, 405, "method_not_allowed", None).await;
}
