//! The 2010 API's JSON carries `charset=utf-8` as Twilio's does.

use reqwest::{Response, StatusCode};

use crate::fixtures::create_address;
use crate::fixtures::numbers::{account_path, bought_au_local};
use crate::helpers::{json_with_status, spawn_app};

const JSON_UTF8: &str = "application/json; charset=utf-8";

fn content_type(response: &Response) -> String {
    let value = response
        .headers()
        .get("content-type")
        .expect("content-type");
    value.to_str().unwrap().to_string()
}

#[tokio::test]
async fn every_address_response_declares_json_in_utf8() {
    let app = spawn_app().await;
    let sid = create_address(&app).await;
    let collection = format!("/2010-04-01/Accounts/{}/Addresses.json", app.creds.sid);
    let one = format!(
        "/2010-04-01/Accounts/{}/Addresses/{sid}.json",
        app.creds.sid
    );
    let form = [
        ("CustomerName", "Zoë Ñúñez"),
        ("Street", "1 George St"),
        ("City", "Sydney"),
        ("Region", "NSW"),
        ("PostalCode", "2000"),
        ("IsoCountry", "AU"),
    ];
    for (response, status) in [
        (app.post(&collection, &form).await, StatusCode::CREATED),
        (app.get(&collection).await, StatusCode::OK),
        (app.get(&one).await, StatusCode::OK),
        (app.post(&one, &[("City", "Sydney")]).await, StatusCode::OK),
    ] {
        assert_eq!(content_type(&response), JSON_UTF8);
        json_with_status(response, status).await;
    }
}

#[tokio::test]
async fn every_2010_response_declares_json_in_utf8_errors_included() {
    let app = spawn_app().await;
    let (number, _, _) = bought_au_local(&app).await;
    let account = account_path(&app.creds);
    let number = format!(
        "{account}/IncomingPhoneNumbers/{}.json",
        number["sid"].as_str().unwrap()
    );
    for (path, status) in [
        (format!("{account}.json"), StatusCode::OK),
        ("/2010-04-01/Accounts.json".to_string(), StatusCode::OK),
        (
            format!("{account}/AvailablePhoneNumbers.json"),
            StatusCode::OK,
        ),
        (
            format!("{account}/AvailablePhoneNumbers/AU/Local.json"),
            StatusCode::OK,
        ),
        (
            format!("{account}/IncomingPhoneNumbers.json"),
            StatusCode::OK,
        ),
        (number.clone(), StatusCode::OK),
        (
            format!("{account}/IncomingPhoneNumbers/PN00000000000000000000000000000000.json"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("{account}/Addresses.json?PageToken=bogus"),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let response = app.get(&path).await;
        assert_eq!(content_type(&response), JSON_UTF8, "GET {path}");
        json_with_status(response, status).await;
    }
    let refused = app
        .post(&format!("{account}/IncomingPhoneNumbers.json"), &[])
        .await;
    assert_eq!(content_type(&refused), JSON_UTF8, "a refused purchase");
    json_with_status(refused, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn v2_responses_keep_plain_json() {
    let app = spawn_app().await;
    let response = app.get("/v2/RegulatoryCompliance/Bundles").await;
    assert_eq!(content_type(&response), "application/json");
    let missing = app
        .get("/v2/RegulatoryCompliance/Bundles/BU00000000000000000000000000000000")
        .await;
    assert_eq!(content_type(&missing), "application/json");
}
