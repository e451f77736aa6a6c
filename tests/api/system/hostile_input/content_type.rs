//! The 2010 API's JSON carries `charset=utf-8` as Twilio's does.

use reqwest::{Response, StatusCode};

use crate::fixtures::create_address;
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
