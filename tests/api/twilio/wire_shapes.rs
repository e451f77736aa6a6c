//! One snapshot of each resource's JSON as served: every key, nesting and value type, and the
//! shape of every `url` and `links` entry. What varies from run to run (SIDs, timestamps, the
//! server's port, page tokens) is replaced by a placeholder first, so one snapshot holds for
//! both backends. A changed snapshot is a changed wire format: check it against the OpenAPI
//! files in `openapi/` before accepting it (`cargo insta review`).

use reqwest::StatusCode;
use serde_json::{Map, Value};

use crate::fixtures::{
    approve, assign, copy, create_address, create_bundle, create_end_user, draft, manual,
    AU_INDIVIDUAL, BUNDLES,
};
use crate::helpers::{json_with_status, spawn_app, spawn_app_with, TestApp};

const RC: &str = "/v2/RegulatoryCompliance";

/// Snapshots `value` as `name`, in `tests/api/snapshots/`, after `stable` took out what varies.
macro_rules! assert_wire_shape {
    ($app:expr, $name:expr, $value:expr) => {
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_json_snapshot!($name, stable(&$app, $value));
        })
    };
}

/// The value with SIDs, dates, the base URL and page tokens replaced by placeholders.
fn stable(app: &TestApp, value: Value) -> Value {
    match value {
        Value::String(text) => Value::String(stable_text(app, &text)),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| stable(app, v)).collect()),
        Value::Object(fields) => Value::Object(stable_fields(app, fields)),
        other => other,
    }
}

fn stable_fields(app: &TestApp, fields: Map<String, Value>) -> Map<String, Value> {
    fields
        .into_iter()
        .map(|(key, value)| {
            let is_date = key.starts_with("date_") || key == "valid_until";
            let value = match value {
                Value::String(_) if is_date => Value::from("[date]"),
                other => stable(app, other),
            };
            (key, value)
        })
        .collect()
}

/// `http://127.0.0.1:PORT` becomes `http://regbox`, each SID keeps its two-letter prefix only,
/// and a `PageToken` value becomes `[token]`.
fn stable_text(app: &TestApp, text: &str) -> String {
    let text = text.replace(&app.address, "http://regbox");
    let text = redact_sids(&text);
    match text.split_once("PageToken=") {
        Some((before, after)) => {
            let rest = after.find('&').map_or("", |end| &after[end..]);
            format!("{before}PageToken=[token]{rest}")
        }
        None => text,
    }
}

/// Replaces every `XX` + 32 hex digits with `XX[sid]`.
fn redact_sids(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if is_sid_at(bytes, i) {
            out.push_str(&text[i..i + 2]);
            out.push_str("[sid]");
            i += 34;
        } else {
            let next = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&text[i..i + next]);
            i += next;
        }
    }
    out
}

fn is_sid_at(bytes: &[u8], i: usize) -> bool {
    let Some(candidate) = bytes.get(i..i + 34) else {
        return false;
    };
    let starts_a_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
    let ends_a_word = bytes.get(i + 34).is_none_or(|b| !b.is_ascii_alphanumeric());
    starts_a_word
        && ends_a_word
        && candidate[..2].iter().all(u8::is_ascii_uppercase)
        && candidate[2..].iter().all(u8::is_ascii_hexdigit)
}

async fn get_ok(app: &TestApp, path: &str) -> Value {
    json_with_status(app.get(path).await, StatusCode::OK).await
}

async fn first_of(app: &TestApp, list_path: &str, key: &str) -> Value {
    get_ok(app, list_path).await[key][0].clone()
}

#[tokio::test]
async fn end_user() {
    let app = spawn_app().await;
    let sid = create_end_user(&app, r#"{"first_name": "Ann", "last_name": "Lee"}"#).await;
    let body = get_ok(&app, &format!("{RC}/EndUsers/{sid}")).await;
    assert_wire_shape!(app, "end_user", body);
}

#[tokio::test]
async fn supporting_document() {
    let app = spawn_app().await;
    let form = [
        ("FriendlyName", "Passport"),
        ("Type", "passport"),
        ("Attributes", r#"{"first_name": "Ann", "last_name": "Lee"}"#),
    ];
    let path = format!("{RC}/SupportingDocuments");
    let body = json_with_status(app.post(&path, &form).await, StatusCode::CREATED).await;
    assert_wire_shape!(app, "supporting_document", body);
}

#[tokio::test]
async fn bundle() {
    let app = spawn_app().await;
    let body = create_bundle(&app, &[("StatusCallback", "https://example.com/cb")]).await;
    assert_wire_shape!(app, "bundle", body);
}

#[tokio::test]
async fn item_assignment() {
    let app = spawn_app().await;
    let bundle = create_bundle(&app, &[]).await;
    let address = create_address(&app).await;
    let body = assign(&app, bundle["sid"].as_str().unwrap(), &address).await;
    assert_wire_shape!(app, "item_assignment", body);
}

#[tokio::test]
async fn evaluation() {
    let app = spawn_app().await;
    let bundle = create_bundle(&app, &[]).await;
    let path = format!("{BUNDLES}/{}/Evaluations", bundle["sid"].as_str().unwrap());
    let body = json_with_status(app.post(&path, &[]).await, StatusCode::CREATED).await;
    assert_wire_shape!(app, "evaluation", body);
}

#[tokio::test]
async fn regulation() {
    let app = spawn_app().await;
    let path = format!("{RC}/Regulations?IsoCountry=AU&NumberType=local&EndUserType=individual");
    let body = first_of(&app, &path, "results").await;
    assert_wire_shape!(app, "regulation", body);
}

#[tokio::test]
async fn end_user_type() {
    let app = spawn_app().await;
    let listed = get_ok(&app, &format!("{RC}/EndUserTypes")).await;
    let individual = listed["end_user_types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["machine_name"] == "individual")
        .cloned()
        .unwrap();
    assert_wire_shape!(app, "end_user_type", individual);
}

#[tokio::test]
async fn supporting_document_type() {
    let app = spawn_app().await;
    let listed = get_ok(&app, &format!("{RC}/SupportingDocumentTypes")).await;
    let passport = listed["supporting_document_types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["machine_name"] == "passport")
        .cloned()
        .unwrap();
    assert_wire_shape!(app, "supporting_document_type", passport);
}

#[tokio::test]
async fn address() {
    let app = spawn_app().await;
    let sid = create_address(&app).await;
    let path = format!(
        "/2010-04-01/Accounts/{}/Addresses/{sid}.json",
        app.creds.sid
    );
    let body = get_ok(&app, &path).await;
    assert_wire_shape!(app, "address", body);
}

#[tokio::test]
async fn bundle_copy() {
    let app = spawn_app_with(manual).await;
    let sid = draft(&app, "Original", &AU_INDIVIDUAL, &[]).await;
    approve(&app, &sid, None).await;
    let body = json_with_status(copy(&app, &sid, &[]).await, StatusCode::CREATED).await;
    assert_wire_shape!(app, "bundle_copy", body);
}

#[tokio::test]
async fn list_envelope_with_a_next_page() {
    let app = spawn_app().await;
    for name in ["first", "second"] {
        create_end_user(&app, &format!(r#"{{"first_name": "{name}"}}"#)).await;
    }
    let body = get_ok(&app, &format!("{RC}/EndUsers?PageSize=1")).await;
    assert_wire_shape!(app, "list_envelope", body);
}

#[tokio::test]
async fn address_list_envelope_2010() {
    let app = spawn_app().await;
    create_address(&app).await;
    create_address(&app).await;
    let path = format!(
        "/2010-04-01/Accounts/{}/Addresses.json?PageSize=1",
        app.creds.sid
    );
    let body = get_ok(&app, &path).await;
    assert_wire_shape!(app, "address_list_envelope_2010", body);
}
