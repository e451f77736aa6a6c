//! Managing bought numbers: fetch, list, update (re-mapping to another bundle), release,
//! DependentPhoneNumbers, and the bundle rules that involve numbers (delete guards, ReplaceItems,
//! copies, expiry).

use std::time::Duration;

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::numbers::{
    account_path, approved_bundle, bought_au_local, buy, first_offer, search, AU_MOBILE,
};
use crate::fixtures::{copy, manual, AU_INDIVIDUAL};
use crate::fixtures::{fetch_bundle, submitted_bundle, wait_for_status, BUNDLES};
use crate::fixtures::{replace, updated_approved_copy};
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app_with, TestApp};

fn number_path(app: &TestApp, sid: &str) -> String {
    format!(
        "{}/IncomingPhoneNumbers/{sid}.json",
        account_path(&app.creds)
    )
}

fn sid_of(body: &Value) -> String {
    body["sid"].as_str().unwrap().to_string()
}

async fn list(app: &TestApp, path_and_query: &str) -> Value {
    json_with_status(
        app.get(&format!("{}/{path_and_query}", account_path(&app.creds)))
            .await,
        StatusCode::OK,
    )
    .await
}

#[tokio::test]
async fn a_bought_number_is_fetched_listed_and_filtered_on_the_2010_envelope() {
    let app = spawn_app_with(manual).await;
    let (local, _, _) = bought_au_local(&app).await;
    let toll_free = first_offer(&app, "US", "TollFree").await;
    json_with_status(
        buy(
            &app,
            "",
            &[
                ("PhoneNumber", toll_free.as_str()),
                ("FriendlyName", "support"),
            ],
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    let fetched = json_with_status(
        app.get(&number_path(&app, &sid_of(&local))).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(fetched, local);
    assert_eq!(fetched["uri"], number_path(&app, &sid_of(&local)));
    assert!(fetched["date_created"].as_str().unwrap().ends_with("+0000"));

    let all = list(&app, "IncomingPhoneNumbers.json?PageSize=1").await;
    assert_eq!(all["incoming_phone_numbers"].as_array().unwrap().len(), 1);
    assert!(all["next_page_uri"]
        .as_str()
        .unwrap()
        .contains("PageToken="));
    let second = json_with_status(
        app.get(all["next_page_uri"].as_str().unwrap()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        second["incoming_phone_numbers"].as_array().unwrap().len(),
        1
    );
    assert_eq!(second["next_page_uri"], Value::Null);

    let locals = list(&app, "IncomingPhoneNumbers/Local.json").await;
    assert_eq!(
        locals["incoming_phone_numbers"].as_array().unwrap().len(),
        1
    );
    assert_eq!(locals["incoming_phone_numbers"][0]["sid"], local["sid"]);
    assert!(
        locals["incoming_phone_numbers"][0].get("type").is_none(),
        "the sub-list schema has no type"
    );
    assert_eq!(all["incoming_phone_numbers"][0]["type"], "toll-free");
    let named = list(&app, "IncomingPhoneNumbers.json?FriendlyName=support").await;
    assert_eq!(
        named["incoming_phone_numbers"][0]["phone_number"],
        toll_free.as_str()
    );
    let partial = format!("IncomingPhoneNumbers.json?PhoneNumber={}", &toll_free[2..8]);
    assert_eq!(
        list(&app, &partial).await["incoming_phone_numbers"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let hosted = list(&app, "IncomingPhoneNumbers.json?Origin=hosted").await;
    assert_eq!(hosted["incoming_phone_numbers"], Value::Array(vec![]));
}

#[tokio::test]
async fn another_accounts_number_is_not_found() {
    let app = spawn_app_with(manual).await;
    let (local, _, _) = bought_au_local(&app).await;
    let other = app.create_account();
    let foreign = format!(
        "{}/IncomingPhoneNumbers/{}.json",
        account_path(&other),
        sid_of(&local)
    );
    assert_twilio_error(app.get_as(&other, &foreign).await, 404, 20404).await;
    assert_twilio_error(
        app.post_as(&other, &foreign, &[("FriendlyName", "x")])
            .await,
        404,
        20404,
    )
    .await;
    let listed = json_with_status(
        app.get_as(
            &other,
            &format!("{}/IncomingPhoneNumbers.json", account_path(&other)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["incoming_phone_numbers"], Value::Array(vec![]));
    assert_twilio_error(
        app.get(&format!(
            "{}/IncomingPhoneNumbers.json",
            account_path(&other)
        ))
        .await,
        404,
        20404,
    )
    .await;
}

#[tokio::test]
async fn update_stores_routing_and_moves_bundles_only_to_one_that_fits() {
    let app = spawn_app_with(manual).await;
    let (local, _, address) = bought_au_local(&app).await;
    let path = number_path(&app, &sid_of(&local));
    let form = [
        ("FriendlyName", "front desk"),
        ("VoiceUrl", "https://example.com/voice"),
        ("SmsMethod", "get"),
    ];
    let updated = json_with_status(app.post(&path, &form).await, StatusCode::OK).await;
    assert_eq!(
        (&updated["friendly_name"], &updated["voice_url"]),
        (&"front desk".into(), &"https://example.com/voice".into())
    );
    assert_eq!(updated["sms_method"], "GET");
    assert_eq!(
        updated["bundle_sid"], local["bundle_sid"],
        "unchanged by other updates"
    );

    let (mobile, _) = approved_bundle(&app, &AU_MOBILE).await;
    let message = assert_twilio_error(
        app.post(&path, &[("BundleSid", mobile.as_str())]).await,
        400,
        21649,
    )
    .await;
    assert!(message.contains("AU mobile"), "{message}");
    assert_twilio_error(app.post(&path, &[("BundleSid", "")]).await, 400, 21649).await;
    assert_twilio_error(app.post(&path, &[("AddressSid", "")]).await, 400, 21631).await;
    assert_twilio_error(
        app.post(&path, &[("VoiceUrl", "ftp://x")]).await,
        400,
        21402,
    )
    .await;
    let unchanged = json_with_status(app.get(&path).await, StatusCode::OK).await;
    assert_eq!(unchanged["bundle_sid"], local["bundle_sid"]);

    // The new bundle's own address must come with it: its regulation asks for a proof of address.
    let (other_bundle, other_address) = approved_bundle(&app, &AU_INDIVIDUAL).await;
    let message = assert_twilio_error(
        app.post(&path, &[("BundleSid", other_bundle.as_str())])
            .await,
        400,
        21631,
    )
    .await;
    assert!(message.contains(&address), "{message}");
    let moved = json_with_status(
        app.post(
            &path,
            &[
                ("BundleSid", other_bundle.as_str()),
                ("AddressSid", other_address.as_str()),
            ],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (&moved["bundle_sid"], &moved["address_sid"]),
        (
            &other_bundle.as_str().into(),
            &other_address.as_str().into()
        )
    );
}

#[tokio::test]
async fn release_returns_the_number_to_the_inventory() {
    let app = spawn_app_with(manual).await;
    let number = first_offer(&app, "US", "Local").await;
    let bought = json_with_status(
        buy(&app, "", &[("PhoneNumber", number.as_str())]).await,
        StatusCode::CREATED,
    )
    .await;
    assert_ne!(first_offer(&app, "US", "Local").await, number);
    let path = number_path(&app, &sid_of(&bought));
    assert_eq!(app.delete(&path).await.status(), StatusCode::NO_CONTENT);
    assert_twilio_error(app.get(&path).await, 404, 20404).await;
    assert_twilio_error(app.delete(&path).await, 404, 20404).await;
    assert_eq!(first_offer(&app, "US", "Local").await, number);
}

#[tokio::test]
async fn dependent_phone_numbers_lists_the_numbers_using_an_address() {
    let app = spawn_app_with(manual).await;
    let (local, _, address) = bought_au_local(&app).await;
    let path = format!(
        "{}/Addresses/{address}/DependentPhoneNumbers.json",
        account_path(&app.creds)
    );
    let body = json_with_status(app.get(&path).await, StatusCode::OK).await;
    let numbers = body["dependent_phone_numbers"].as_array().unwrap();
    assert_eq!(numbers.len(), 1);
    assert_eq!(
        (&numbers[0]["sid"], &numbers[0]["phone_number"]),
        (&local["sid"], &local["phone_number"])
    );
    assert!(body.get("meta").is_none() && body.get("page_size").is_some());

    let unused = crate::fixtures::create_address(&app).await;
    let empty = format!(
        "{}/Addresses/{unused}/DependentPhoneNumbers.json",
        account_path(&app.creds)
    );
    let body = json_with_status(app.get(&empty).await, StatusCode::OK).await;
    assert_eq!(body["dependent_phone_numbers"], Value::Array(vec![]));
    let missing = format!(
        "{}/Addresses/AD00000000000000000000000000000000/DependentPhoneNumbers.json",
        account_path(&app.creds)
    );
    assert_twilio_error(app.get(&missing).await, 404, 20404).await;
    let address_path = format!("{}/Addresses/{address}.json", account_path(&app.creds));
    let in_use = app.delete(&address_path).await;
    assert_eq!(in_use.status().as_u16(), 409);
}

#[tokio::test]
async fn a_bundle_with_numbers_cannot_be_deleted_until_they_are_released() {
    let app = spawn_app_with(manual).await;
    let (local, bundle, _) = bought_au_local(&app).await;
    let bundle_path = format!("{BUNDLES}/{bundle}");
    let message = assert_twilio_error(app.delete(&bundle_path).await, 400, 21648).await;
    assert!(
        message.contains(&bundle) && message.contains("1 phone"),
        "{message}"
    );
    assert_eq!(
        app.delete(&number_path(&app, &sid_of(&local)))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.delete(&bundle_path).await.status(),
        StatusCode::NO_CONTENT
    );

    let submitted = submitted_bundle(&app, &[]).await;
    let path = format!("{BUNDLES}/{}", submitted["sid"].as_str().unwrap());
    let message = assert_twilio_error(app.delete(&path).await, 400, 21647).await;
    assert!(message.contains("pending-review"), "{message}");
}

#[tokio::test]
async fn replace_items_keeps_numbers_on_the_original_and_copies_carry_none() {
    let app = spawn_app_with(manual).await;
    let (local, original, _) = bought_au_local(&app).await;
    let copy_sid = updated_approved_copy(&app, &original).await;
    let replaced = replace(&app, &original, &[("FromBundleSid", copy_sid.as_str())]).await;
    assert_eq!(replaced.status(), StatusCode::CREATED);
    let number = json_with_status(
        app.get(&number_path(&app, &sid_of(&local))).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(number["bundle_sid"], original.as_str());
    assert_eq!(
        app.delete(&format!("{BUNDLES}/{copy_sid}")).await.status(),
        StatusCode::NO_CONTENT,
        "the copy has no numbers"
    );
    let another = json_with_status(copy(&app, &original, &[]).await, StatusCode::CREATED).await;
    assert_eq!(
        app.delete(&format!("{BUNDLES}/{}", sid_of(&another)))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_twilio_error(
        app.delete(&format!("{BUNDLES}/{original}")).await,
        400,
        21648,
    )
    .await;
}

#[tokio::test]
async fn an_expired_bundle_keeps_its_numbers_but_cannot_buy_or_receive_more() {
    let app = spawn_app_with(manual).await;
    let (local, bundle, address) = bought_au_local(&app).await;
    let soon = (Utc::now() + chrono::Duration::seconds(1))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let set = app
        .post(
            &format!("/sandbox/Bundles/{bundle}/ValidUntil"),
            &[("ValidUntil", soon.as_str())],
        )
        .await;
    assert_eq!(set.status(), StatusCode::OK);
    wait_for_status(&app, &bundle, "twilio-rejected", Duration::from_secs(10)).await;

    let number_url = number_path(&app, &sid_of(&local));
    let kept = json_with_status(app.get(&number_url).await, StatusCode::OK).await;
    assert_eq!(kept["bundle_sid"], bundle.as_str());
    let renamed = json_with_status(
        app.post(&number_url, &[("FriendlyName", "still mine")])
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed["friendly_name"], "still mine");

    let next = search(&app, "AU", "Local", "PageSize=1").await[0]["phone_number"]
        .as_str()
        .unwrap()
        .to_string();
    let form = [
        ("PhoneNumber", next.as_str()),
        ("BundleSid", bundle.as_str()),
        ("AddressSid", address.as_str()),
    ];
    let message = assert_twilio_error(buy(&app, "", &form).await, 400, 21649).await;
    assert!(message.contains("twilio-rejected"), "{message}");

    let (fresh, fresh_address) = approved_bundle(&app, &AU_INDIVIDUAL).await;
    let form = [
        ("PhoneNumber", next.as_str()),
        ("BundleSid", fresh.as_str()),
        ("AddressSid", fresh_address.as_str()),
    ];
    let second = json_with_status(buy(&app, "", &form).await, StatusCode::CREATED).await;
    let moving = [
        ("BundleSid", bundle.as_str()),
        ("AddressSid", address.as_str()),
    ];
    assert_twilio_error(
        app.post(&number_path(&app, &sid_of(&second)), &moving)
            .await,
        400,
        21649,
    )
    .await;
    assert_eq!(
        fetch_bundle(&app, &bundle).await["status"],
        "twilio-rejected"
    );
    assert_twilio_error(app.delete(&format!("{BUNDLES}/{bundle}")).await, 400, 21648).await;
}
