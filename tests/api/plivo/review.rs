use std::time::Duration;

use base64::Engine;
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::json;

use crate::fixtures::plivo::{assert_plivo_error, pdf, two_files, valid_data, Plivo, PlivoCreds};
use crate::fixtures::receiver::{Received, Receiver};
use crate::fixtures::wait_until;
use crate::helpers::{json_with_status, spawn_app_with};
use regbox::config::ReviewMode;

/// Rebuilds plivo-python's V3 check for a POST to `url` (which has a query string).
fn valid_v3(received: &Received, url: &str, token: &str) -> bool {
    let (base, query) = url.split_once('?').unwrap();
    let mut query: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    query.sort();
    let query = query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut params = received.params.clone();
    params.sort();
    let body: String = params.iter().map(|(k, v)| format!("{k}{v}")).collect();
    let payload = format!(
        "{base}?{query}.{body}.{}",
        received.plivo_nonce.as_deref().unwrap()
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(token.as_bytes()).unwrap();
    mac.update(payload.as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    received.plivo_signature.as_deref() == Some(expected.as_str())
}

#[tokio::test]
async fn a_rejected_application_is_resubmitted_and_each_outcome_calls_back_signed() {
    let receiver = Receiver::start(200).await;
    let app = spawn_app_with(|c| c.review = ReviewMode::Manual).await;
    let plivo = Plivo::new(&app);
    let mut data = valid_data("Acme");
    data["callback_url"] = json!(receiver.url);
    let created = json_with_status(
        plivo.create_raw(Some(&data), two_files()).await,
        StatusCode::CREATED,
    )
    .await;
    let id = created["compliance_id"].as_str().unwrap().to_string();
    let before = plivo.fetch(&id).await;

    // Not editable while submitted.
    assert_plivo_error(
        plivo
            .update_raw(&id, Some(&json!({"alias": "v2"})), vec![])
            .await,
        400,
        "compliance_not_editable",
        None,
    )
    .await;

    let rejected = json_with_status(
        plivo
            .review(&id, "rejected", Some("Document is blurry"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rejected["compliance"]["status"], "rejected");
    assert_eq!(
        rejected["compliance"]["rejection_reason"],
        "Document is blurry"
    );
    let got = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(got[0].method, "POST");
    assert_eq!(got[0].param("compliance_id"), Some(id.as_str()));
    assert_eq!(got[0].param("status"), Some("rejected"));
    assert_eq!(got[0].param("event"), Some("compliance.rejected"));
    assert_eq!(got[0].param("rejection_reason"), Some("Document is blurry"));
    assert!(valid_v3(
        &got[0],
        &receiver.url,
        &PlivoCreds::default_account().token
    ));
    assert!(!valid_v3(&got[0], &receiver.url, "another-token"));

    // end_user.type cannot change; the same type is fine.
    assert_plivo_error(
        plivo
            .update_raw(
                &id,
                Some(&json!({"end_user": {"type": "individual"}})),
                vec![],
            )
            .await,
        400,
        "invalid_field_value",
        Some("end_user.type"),
    )
    .await;

    // Without documents, the documents stay.
    let updated = json_with_status(
        plivo
            .update_raw(
                &id,
                Some(&json!({"alias": "Acme v2", "end_user": {"type": "business", "email": "new@acme.in"}})),
                vec![],
            )
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(
        updated["message"],
        "Compliance application updated and resubmitted for review."
    );
    assert_eq!(updated["compliance"]["status"], "submitted");
    assert!(updated["compliance"]["rejection_reason"].is_null());
    let after = plivo.fetch(&id).await;
    assert_eq!(after["alias"], "Acme v2");
    assert_eq!(after["end_user"]["email"], "new@acme.in");
    assert_eq!(
        after["end_user"]["name"], before["end_user"]["name"],
        "merged"
    );
    // Kept as they were; each fetch signs fresh download links whose expiry moves with the clock.
    assert_eq!(
        without_links(&after["documents"]),
        without_links(&before["documents"])
    );

    // With documents, they are replaced (new ids, new files).
    plivo.review(&id, "rejected", Some("again")).await;
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(b"rest");
    let response = plivo
        .update_raw(
            &id,
            Some(&json!({"documents": valid_data("x")["documents"]})),
            vec![(0, "coi.png".into(), png), (1, "gst.pdf".into(), pdf())],
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let replaced = plivo.fetch(&id).await;
    assert_ne!(
        replaced["documents"][0]["document_id"],
        before["documents"][0]["document_id"]
    );
    assert_eq!(replaced["documents"][0]["file_name"], "coi.png");

    let accepted =
        json_with_status(plivo.review(&id, "accepted", None).await, StatusCode::OK).await;
    assert_eq!(accepted["compliance"]["status"], "accepted");
    let got = receiver.wait_for(3, Duration::from_secs(10)).await;
    assert_eq!(got[2].param("event"), Some("compliance.accepted"));
    assert!(valid_v3(
        &got[2],
        &receiver.url,
        &PlivoCreds::default_account().token
    ));
    // Only a submitted application is reviewed.
    assert_plivo_error(
        plivo.review(&id, "rejected", None).await,
        400,
        "compliance_not_under_review",
        Some("status"),
    )
    .await;

    // The callbacks are in the same outbox and log as Twilio's.
    let log = json_with_status(app.get("/sandbox/Callbacks").await, StatusCode::OK).await;
    let key = log["meta"]["key"].as_str().unwrap().to_string();
    let entries = log[&key].as_array().unwrap();
    assert_eq!(entries.len(), 3, "{log}");
}

#[tokio::test]
async fn auto_review_accepts_after_the_delay_and_calls_back_with_get() {
    let receiver = Receiver::start(200).await;
    let app = spawn_app_with(|c| {
        c.review = ReviewMode::Auto;
        c.review_delay_ms = 200;
    })
    .await;
    let plivo = Plivo::new(&app);
    let mut data = valid_data("Auto");
    data["callback_url"] = json!(receiver.url);
    data["callback_method"] = json!("GET");
    let created = json_with_status(
        plivo.create_raw(Some(&data), two_files()).await,
        StatusCode::CREATED,
    )
    .await;
    let id = created["compliance_id"].as_str().unwrap().to_string();
    assert_eq!(plivo.fetch(&id).await["status"], "submitted");
    wait_until(Duration::from_secs(10), "acceptance", || async {
        let status = plivo.fetch(&id).await["status"].clone();
        if status == "accepted" {
            Ok(())
        } else {
            Err(status.to_string())
        }
    })
    .await;
    let got = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(got[0].method, "GET");
    assert!(got[0].path_and_query.contains("event=compliance.accepted"));
    assert!(got[0]
        .path_and_query
        .contains(&format!("compliance_id={id}")));
    assert!(got[0].plivo_signature.is_some() && got[0].plivo_nonce.is_some());
}

/// The documents without their presigned `download_url`, which a fetch signs anew each time.
fn without_links(documents: &serde_json::Value) -> serde_json::Value {
    let mut documents = documents.clone();
    for document in documents.as_array_mut().expect("documents") {
        document.as_object_mut().unwrap().remove("download_url");
    }
    documents
}
