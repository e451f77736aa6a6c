//! Every stored text field has a documented size limit (README, "Limits"); one character more is
//! a 20001 naming the field, and nothing is stored.

use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::{create_bundle, BUNDLES};
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app, FormCase, TestApp};

const END_USERS: &str = "/v2/RegulatoryCompliance/EndUsers";
const DOCUMENTS: &str = "/v2/RegulatoryCompliance/SupportingDocuments";

/// `{"k":"xxx…"}` of exactly `bytes` bytes.
fn attributes_of(bytes: usize) -> String {
    format!("{{\"k\":\"{}\"}}", "x".repeat(bytes - 8))
}

/// An email address of exactly `chars` characters.
fn email_of(chars: usize) -> String {
    format!("{}@example.com", "a".repeat(chars - 12))
}

/// A callback URL of exactly `chars` characters.
fn callback_of(chars: usize) -> String {
    format!("https://example.com/{}", "c".repeat(chars - 20))
}

async fn assert_refused_naming(app: &TestApp, path: &str, case: FormCase<'_>) {
    let (form, code, field) = case;
    let message = assert_twilio_error(app.post(path, &form).await, 400, code).await;
    assert!(message.contains(field), "{field}: {message}");
    assert!(message.contains("longer than"), "{field}: {message}");
}

async fn count(app: &TestApp, path: &str, key: &str) -> usize {
    let body: Value = json_with_status(app.get(path).await, StatusCode::OK).await;
    body[key].as_array().unwrap().len()
}

#[tokio::test]
async fn bundle_email_and_status_callback_are_bounded() {
    let app = spawn_app().await;
    let (email, callback) = (email_of(255), callback_of(4097));
    let base = [
        ("FriendlyName", "Ann's bundle"),
        ("IsoCountry", "AU"),
        ("NumberType", "local"),
        ("EndUserType", "individual"),
    ];
    let long_email = [&base[..], &[("Email", email.as_str())]].concat();
    assert_refused_naming(&app, BUNDLES, (long_email, 20001, "Email")).await;
    let long_callback = [
        &base[..],
        &[("Email", "ann@example.com"), ("StatusCallback", &callback)],
    ]
    .concat();
    assert_refused_naming(&app, BUNDLES, (long_callback, 20001, "StatusCallback")).await;
    assert_eq!(count(&app, BUNDLES, "results").await, 0);

    let (email, callback) = (email_of(254), callback_of(4096));
    let bundle = create_bundle(&app, &[]).await;
    let path = format!("{BUNDLES}/{}", bundle["sid"].as_str().unwrap());
    let form = [("Email", email.as_str()), ("StatusCallback", &callback)];
    let updated = json_with_status(app.post(&path, &form).await, StatusCode::OK).await;
    assert_eq!(updated["email"], email.as_str());
    let too_long = email_of(255);
    assert_refused_naming(&app, &path, (vec![("Email", &too_long)], 20001, "Email")).await;
}

#[tokio::test]
async fn attributes_of_end_users_and_documents_are_bounded_at_64_kib() {
    let app = spawn_app().await;
    let (fits, too_big) = (attributes_of(65_536), attributes_of(65_537));
    let user = |attributes| {
        vec![
            ("FriendlyName", "Ann"),
            ("Type", "individual"),
            ("Attributes", attributes),
        ]
    };
    assert_refused_naming(&app, END_USERS, (user(&too_big), 20001, "Attributes")).await;
    let document = |attributes| {
        vec![
            ("FriendlyName", "Proof"),
            ("Type", "utility_bill"),
            ("Attributes", attributes),
        ]
    };
    assert_refused_naming(&app, DOCUMENTS, (document(&too_big), 20001, "Attributes")).await;
    assert_eq!(count(&app, END_USERS, "results").await, 0);
    assert_eq!(count(&app, DOCUMENTS, "results").await, 0);

    let created =
        json_with_status(app.post(END_USERS, &user(&fits)).await, StatusCode::CREATED).await;
    let path = format!("{END_USERS}/{}", created["sid"].as_str().unwrap());
    let update = vec![("Attributes", too_big.as_str())];
    assert_refused_naming(&app, &path, (update, 20001, "Attributes")).await;
}

#[tokio::test]
async fn address_text_fields_are_bounded_at_255_characters() {
    let app = spawn_app().await;
    let path = format!("/2010-04-01/Accounts/{}/Addresses.json", app.creds.sid);
    let long = "x".repeat(256);
    let fields = [
        "CustomerName",
        "Street",
        "StreetSecondary",
        "City",
        "Region",
        "PostalCode",
    ];
    for field in fields {
        let mut form = vec![
            ("CustomerName", "Ann Lee"),
            ("Street", "1 George St"),
            ("City", "Sydney"),
            ("Region", "NSW"),
            ("PostalCode", "2000"),
            ("IsoCountry", "AU"),
        ];
        form.retain(|(name, _)| *name != field);
        form.push((field, &long));
        assert_refused_naming(&app, &path, (form, 20001, field)).await;
    }
    assert_eq!(count(&app, &path, "addresses").await, 0);
    let created = crate::fixtures::create_address(&app).await;
    let update = format!(
        "/2010-04-01/Accounts/{}/Addresses/{created}.json",
        app.creds.sid
    );
    for field in fields {
        assert_refused_naming(&app, &update, (vec![(field, &long)], 20001, field)).await;
    }
}
