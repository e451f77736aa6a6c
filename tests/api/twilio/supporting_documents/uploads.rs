//! Multipart uploads: files recognised by content, the size limit, and downloads.

// As in `mod.rs`: helpers outside `#[test]` functions unwrap freely.
#![expect(clippy::unwrap_used, clippy::expect_used)]

use reqwest::multipart::{Form, Part};
use reqwest::{Response, StatusCode};

use super::{assert_no_documents, DOCUMENTS};
use crate::helpers::{
    assert_twilio_error, json_with_status, spawn_app, spawn_app_with, Creds, TestApp,
};

pub(super) const PDF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/tiny.pdf"
));
const PNG: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/tiny.png"
));
const JPEG: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/tiny.jpg"
));
const TEXT_NAMED_PDF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/not-a-pdf.pdf"
));

/// A file part as a client would send it: name and declared type are the client's claims.
pub(super) struct FilePart<'a> {
    name: &'a str,
    declared: &'a str,
    content: Vec<u8>,
}

pub(super) fn file<'a>(name: &'a str, declared: &'a str, content: &[u8]) -> Option<FilePart<'a>> {
    Some(FilePart {
        name,
        declared,
        content: content.to_vec(),
    })
}

/// A multipart POST with text parts and an optional `File` part.
pub(super) async fn post_multipart(
    app: &TestApp,
    creds: &Creds,
    path: &str,
    fields: &[(&str, &str)],
    file: Option<FilePart<'_>>,
) -> Response {
    let mut form = Form::new();
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    if let Some(file) = file {
        let part = Part::bytes(file.content)
            .file_name(file.name.to_string())
            .mime_str(file.declared)
            .unwrap();
        form = form.part("File", part);
    }
    app.client
        .post(app.url(path))
        .basic_auth(&creds.sid, Some(&creds.token))
        .multipart(form)
        .send()
        .await
        .expect("request sent")
}

pub(super) async fn create_with_file(
    app: &TestApp,
    file: Option<FilePart<'_>>,
) -> serde_json::Value {
    let fields = [("FriendlyName", "Passport scan"), ("Type", "passport")];
    let response = post_multipart(app, &app.creds, DOCUMENTS, &fields, file).await;
    json_with_status(response, StatusCode::CREATED).await
}

pub(super) async fn download(app: &TestApp, creds: &Creds, sid: &str) -> Response {
    app.get_as(creds, &format!("/sandbox/SupportingDocuments/{sid}/File"))
        .await
}

/// Sends a multipart upload that claims a 1 GB body and keeps trickling file bytes until the
/// server answers; returns the raw response and how many body bytes had gone out by then.
fn endless_upload(address: &str, creds: &Creds) -> (String, usize) {
    use base64::Engine;
    use std::io::{Read, Write};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;

    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let auth =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", creds.sid, creds.token));
    let (sent, answered) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicBool::new(false)),
    );
    let (sent_w, answered_w) = (sent.clone(), answered.clone());
    let mut writer = stream.try_clone().unwrap();
    let head = format!(
        "POST {DOCUMENTS} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Basic {auth}\r\n\
         Content-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: 1000000000\r\n\r\n\
         --XYZ\r\nContent-Disposition: form-data; name=\"FriendlyName\"\r\n\r\nBig\r\n\
         --XYZ\r\nContent-Disposition: form-data; name=\"Type\"\r\n\r\npassport\r\n\
         --XYZ\r\nContent-Disposition: form-data; name=\"File\"; filename=\"big.pdf\"\r\n\r\n%PDF-1.4\n"
    );
    std::thread::spawn(move || {
        let chunk = vec![b' '; 64 * 1024];
        if writer.write_all(head.as_bytes()).is_err() {
            return;
        }
        while !answered_w.load(Ordering::SeqCst) && writer.write_all(&chunk).is_ok() {
            sent_w.fetch_add(chunk.len(), Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    });
    let mut response = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&response).ends_with('}') {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => response.extend_from_slice(&buf[..n]),
        }
    }
    answered.store(true, Ordering::SeqCst);
    (
        String::from_utf8_lossy(&response).into_owned(),
        sent.load(Ordering::SeqCst),
    )
}

#[tokio::test]
async fn multipart_pdf_upload_is_stored_and_downloads_byte_for_byte() {
    let app = spawn_app().await;
    let body = create_with_file(&app, file("passport.pdf", "application/pdf", PDF)).await;
    assert_eq!(body["mime_type"], "application/pdf");
    assert_eq!(body["friendly_name"], "Passport scan");
    assert_eq!(body["type"], "passport");
    assert_eq!(body["status"], "draft");

    let response = download(&app, &app.creds, body["sid"].as_str().unwrap()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);
}

#[tokio::test]
async fn files_are_recognised_by_content_not_by_name_or_declared_type() {
    let app = spawn_app().await;
    let cases: &[(&[u8], &str)] = &[
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (PDF, "application/pdf"),
    ];
    for (content, expected) in cases {
        // The client's file name and content type both claim a PDF: only the bytes count.
        let body = create_with_file(&app, file("scan.pdf", "application/pdf", content)).await;
        assert_eq!(body["mime_type"], *expected);
        let response = download(&app, &app.creds, body["sid"].as_str().unwrap()).await;
        assert_eq!(response.headers()["content-type"], *expected);
        assert_eq!(response.bytes().await.unwrap().as_ref(), *content);
    }
}

#[tokio::test]
async fn a_text_file_named_pdf_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let fields = [("FriendlyName", "Fake"), ("Type", "passport")];
    let response = post_multipart(
        &app,
        &app.creds,
        DOCUMENTS,
        &fields,
        file("passport.pdf", "application/pdf", TEXT_NAMED_PDF),
    )
    .await;
    let message = assert_twilio_error(response, 400, 20001).await;
    assert!(message.contains("File"), "{message}");
    for accepted in ["application/pdf", "image/jpeg", "image/png"] {
        assert!(message.contains(accepted), "{message}");
    }
    assert_no_documents(&app).await;
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_with_the_limit_and_nothing_is_stored() {
    let app = spawn_app_with(|c| c.max_upload_bytes = 1024).await;
    let mut big = PDF.to_vec();
    big.resize(64 * 1024, b' ');
    let fields = [("FriendlyName", "Big"), ("Type", "passport")];
    let response = post_multipart(
        &app,
        &app.creds,
        DOCUMENTS,
        &fields,
        file("big.pdf", "application/pdf", &big),
    )
    .await;
    let message = assert_twilio_error(response, 400, 20001).await;
    assert!(
        message.contains("File") && message.contains("1024"),
        "{message}"
    );
    assert_no_documents(&app).await;

    let mut exact = PDF.to_vec();
    exact.resize(1024, b' ');
    let body = create_with_file(&app, file("ok.pdf", "application/pdf", &exact)).await;
    assert_eq!(body["mime_type"], "application/pdf");
}

#[tokio::test]
async fn an_endless_upload_is_answered_as_soon_as_it_passes_the_limit() {
    let app = spawn_app_with(|c| c.max_upload_bytes = 1024).await;
    let address = app.address.trim_start_matches("http://").to_string();
    let creds = app.creds.clone();
    let (response, sent) = tokio::task::spawn_blocking(move || endless_upload(&address, &creds))
        .await
        .unwrap();
    // Had the server waited for the declared gigabyte, the read above would have timed out.
    assert!(response.starts_with("HTTP/1.1 400"), "{response}");
    assert!(
        response.contains("20001") && response.contains("1024"),
        "{response}"
    );
    assert!(sent < 100 * 1024 * 1024, "answered after {sent} bytes");
    assert_no_documents(&app).await;
}

#[tokio::test]
async fn update_uploads_a_new_file_and_a_bad_one_changes_nothing() {
    let app = spawn_app().await;
    let created = create_with_file(&app, None).await;
    let sid = created["sid"].as_str().unwrap();
    let path = format!("{DOCUMENTS}/{sid}");
    assert!(created["mime_type"].is_null());
    assert_twilio_error(download(&app, &app.creds, sid).await, 404, 20404).await;

    let fields = [("FriendlyName", "With a scan")];
    let updated = post_multipart(
        &app,
        &app.creds,
        &path,
        &fields,
        file("a.png", "image/png", PNG),
    )
    .await;
    let updated = json_with_status(updated, StatusCode::OK).await;
    assert_eq!(updated["mime_type"], "image/png");
    assert_eq!(updated["friendly_name"], "With a scan");

    let bad = post_multipart(
        &app,
        &app.creds,
        &path,
        &[("FriendlyName", "Broken")],
        file("b.pdf", "application/pdf", TEXT_NAMED_PDF),
    )
    .await;
    assert_twilio_error(bad, 400, 20001).await;
    let fetched = json_with_status(app.get(&path).await, StatusCode::OK).await;
    assert_eq!(fetched["friendly_name"], "With a scan");
    assert_eq!(fetched["mime_type"], "image/png");

    let replaced = post_multipart(
        &app,
        &app.creds,
        &path,
        &[],
        file("c.jpg", "image/jpeg", JPEG),
    )
    .await;
    assert_eq!(
        json_with_status(replaced, StatusCode::OK).await["mime_type"],
        "image/jpeg"
    );
    let response = download(&app, &app.creds, sid).await;
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert_eq!(response.bytes().await.unwrap().as_ref(), JPEG);
}
