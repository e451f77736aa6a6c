//! Building blocks for the phone-number tests: searches, purchases and approved AU bundles.

use reqwest::StatusCode;
use serde_json::Value;

use crate::bundle_copies::{approve, assigned_objects, draft, only, AU_INDIVIDUAL};
use crate::fixtures::{assign, create_address, review, submit};
use crate::helpers::{json_with_status, Creds, TestApp};

pub const AU_MOBILE: [(&str, &str); 3] = [
    ("IsoCountry", "AU"),
    ("NumberType", "mobile"),
    ("EndUserType", "business"),
];

/// `/2010-04-01/Accounts/{AccountSid}` of `creds`.
pub fn account_path(creds: &Creds) -> String {
    format!("/2010-04-01/Accounts/{}", creds.sid)
}

/// The numbers a search of `country`'s `list` (`Local`, `Mobile`, …) with `query` offers.
pub async fn search(app: &TestApp, country: &str, list: &str, query: &str) -> Vec<Value> {
    let path = format!(
        "{}/AvailablePhoneNumbers/{country}/{list}.json?{query}",
        account_path(&app.creds)
    );
    let body = json_with_status(app.get(&path).await, StatusCode::OK).await;
    assert!(
        body.get("meta").is_none() && body["next_page_uri"].is_null(),
        "{body}"
    );
    let expected = match query {
        "" => format!("/{list}.json"),
        _ => format!("/{list}.json?{query}"),
    };
    assert!(body["uri"].as_str().unwrap().ends_with(&expected), "{body}");
    body["available_phone_numbers"].as_array().unwrap().clone()
}

/// The first number a search offers.
pub async fn first_offer(app: &TestApp, country: &str, list: &str) -> String {
    search(app, country, list, "PageSize=1").await[0]["phone_number"]
        .as_str()
        .unwrap()
        .to_string()
}

/// `POST …/IncomingPhoneNumbers{list}.json` (`list` is `""` or `/Local`, …) as the default account.
pub async fn buy(app: &TestApp, list: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.post(
        &format!(
            "{}/IncomingPhoneNumbers{list}.json",
            account_path(&app.creds)
        ),
        form,
    )
    .await
}

/// An approved AU bundle of `regulation`; returns `(bundle, its address)`.
pub async fn approved_bundle(app: &TestApp, regulation: &[(&str, &str)]) -> (String, String) {
    let sid = draft(app, "numbers", regulation, &[]).await;
    if regulation.contains(&("EndUserType", "business")) {
        approve_business(app, &sid).await;
    } else {
        approve(app, &sid, None).await;
    }
    let address = only(&assigned_objects(app, &sid).await, "AD").to_string();
    (sid, address)
}

/// Gives a business bundle a business end user and an address, submits and approves it.
async fn approve_business(app: &TestApp, sid: &str) {
    let form = [
        ("FriendlyName", "Acme"),
        ("Type", "business"),
        (
            "Attributes",
            r#"{"business_name": "Acme", "business_registration_number": "123"}"#,
        ),
    ];
    let end_user = json_with_status(
        app.post("/v2/RegulatoryCompliance/EndUsers", &form).await,
        StatusCode::CREATED,
    )
    .await;
    assign(app, sid, end_user["sid"].as_str().unwrap()).await;
    assign(app, sid, &create_address(app).await).await;
    json_with_status(submit(app, sid).await, StatusCode::OK).await;
    json_with_status(
        review(app, sid, &[("Status", "twilio-approved")]).await,
        StatusCode::OK,
    )
    .await;
}

/// Buys an AU local number with a fresh approved bundle; returns the number resource.
pub async fn bought_au_local(app: &TestApp) -> (Value, String, String) {
    let (bundle, address) = approved_bundle(app, &AU_INDIVIDUAL).await;
    let number = first_offer(app, "AU", "Local").await;
    let form = [
        ("PhoneNumber", number.as_str()),
        ("BundleSid", bundle.as_str()),
        ("AddressSid", address.as_str()),
    ];
    let body = json_with_status(buy(app, "", &form).await, StatusCode::CREATED).await;
    (body, bundle, address)
}
