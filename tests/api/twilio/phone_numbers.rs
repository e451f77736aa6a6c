//! AvailablePhoneNumbers searches and IncomingPhoneNumbers purchases: the deterministic
//! inventory, the fit rules (21649 bundle, 21631 address) and the purchase errors.

use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::create_address;
use crate::fixtures::numbers::{
    account_path, approved_bundle, buy, first_offer, search, AU_MOBILE,
};
use crate::fixtures::{draft, manual, AU_BUSINESS, AU_INDIVIDUAL};
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app, spawn_app_with};

#[tokio::test]
async fn the_same_search_gives_the_same_realistic_numbers() {
    let app = spawn_app().await;
    let first = search(&app, "AU", "Local", "Contains=555&PageSize=5").await;
    assert_eq!(first.len(), 5);
    assert_eq!(
        first,
        search(&app, "AU", "Local", "Contains=555&PageSize=5").await
    );
    for number in &first {
        let e164 = number["phone_number"].as_str().unwrap();
        assert!(
            e164.starts_with("+61") && e164.len() == 12 && e164[3..].contains("555"),
            "{number}"
        );
        assert_eq!(number["iso_country"], "AU");
        assert_eq!(number["address_requirements"], "local");
        assert_eq!(number["friendly_name"], e164);
    }
    assert_eq!(
        search(&app, "AU", "Local", "").await.len(),
        30,
        "at most 30 and 30 by default"
    );
    assert_eq!(search(&app, "AU", "Local", "PageSize=200").await.len(), 30);
}

#[tokio::test]
async fn search_filters_narrow_the_offers() {
    let app = spawn_app().await;
    let storm = search(&app, "US", "Local", "Contains=STORM&AreaCode=510").await;
    assert!(!storm.is_empty());
    for n in &storm {
        let e164 = n["phone_number"].as_str().unwrap();
        assert!(e164.starts_with("+1510") && e164.contains("78676"), "{n}");
        assert_eq!(n["region"], "CA");
        assert!(
            n["friendly_name"].as_str().unwrap().starts_with("(510) "),
            "{n}"
        );
    }
    let hilo = search(&app, "US", "Local", "InRegion=HI").await;
    assert!(hilo
        .iter()
        .all(|n| n["locality"] == "Hilo" && n["postal_code"] == "96720"));
    let sydney = search(&app, "AU", "Local", "InLocality=Sydney").await;
    assert!(sydney
        .iter()
        .all(|n| n["phone_number"].as_str().unwrap().starts_with("+612")));
    assert!(
        search(&app, "AU", "Local", "SmsEnabled=true")
            .await
            .is_empty(),
        "AU landlines have no SMS"
    );
    assert!(
        search(&app, "AU", "Local", "ExcludeAllAddressRequired=true")
            .await
            .is_empty()
    );
    assert_eq!(
        search(
            &app,
            "AU",
            "TollFree",
            "ExcludeAllAddressRequired=true&PageSize=3"
        )
        .await
        .len(),
        3
    );
    let mobile = search(&app, "AU", "Mobile", "SmsEnabled=true&PageSize=2").await;
    assert!(mobile
        .iter()
        .all(|n| n["phone_number"].as_str().unwrap().starts_with("+614")));
    assert!(
        search(&app, "AU", "Local", "Contains=%2B99")
            .await
            .is_empty(),
        "an impossible pattern is an empty list"
    );
}

#[tokio::test]
async fn countries_list_the_types_each_offers() {
    let app = spawn_app().await;
    let base = account_path(&app.creds);
    let body = json_with_status(
        app.get(&format!("{base}/AvailablePhoneNumbers.json")).await,
        StatusCode::OK,
    )
    .await;
    let countries = body["countries"].as_array().unwrap();
    let au = countries
        .iter()
        .find(|c| c["country_code"] == "AU")
        .unwrap();
    assert_eq!(au["country"], "Australia");
    let keys: Vec<&String> = au["subresource_uris"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["local", "mobile", "toll_free"]);
    assert_eq!(
        au["subresource_uris"]["toll_free"],
        format!("{base}/AvailablePhoneNumbers/AU/TollFree.json")
    );
    let fetched = json_with_status(
        app.get(&format!("{base}/AvailablePhoneNumbers/AU.json"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(&fetched, au);
    assert_twilio_error(
        app.get(&format!("{base}/AvailablePhoneNumbers/ZZ.json"))
            .await,
        404,
        20404,
    )
    .await;
    assert_twilio_error(
        app.get(&format!("{base}/AvailablePhoneNumbers/US/Mobile.json"))
            .await,
        404,
        20404,
    )
    .await;
}

#[tokio::test]
async fn bad_search_parameters_are_20001_naming_the_parameter() {
    let app = spawn_app().await;
    let base = account_path(&app.creds);
    for (query, word) in [
        ("Contains=5", "Contains"),
        ("Contains=5!5", "Contains"),
        ("SmsEnabled=maybe", "SmsEnabled"),
        ("PageSize=0", "PageSize"),
        ("AreaCode=12", "AreaCode"),
        ("NearLatLong=north", "NearLatLong"),
    ] {
        let path = format!("{base}/AvailablePhoneNumbers/US/Local.json?{query}");
        let message = assert_twilio_error(app.get(&path).await, 400, 20001).await;
        assert!(message.contains(word), "{query}: {message}");
    }
}

#[tokio::test]
async fn us_numbers_need_no_bundle_and_vanish_from_every_accounts_search_once_bought() {
    let app = spawn_app().await;
    let number = first_offer(&app, "US", "Local").await;
    let bought = json_with_status(
        buy(&app, "", &[("PhoneNumber", number.as_str())]).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(bought["phone_number"], number.as_str());
    assert!(bought["sid"].as_str().unwrap().starts_with("PN"));
    assert_eq!(bought["bundle_sid"], Value::Null);
    assert_eq!(
        (&bought["status"], &bought["type"], &bought["origin"]),
        (&"in-use".into(), &"local".into(), &"twilio".into())
    );
    assert_eq!(bought["capabilities"]["sms"], true);

    let other = app.create_account();
    let path = format!(
        "{}/AvailablePhoneNumbers/US/Local.json",
        account_path(&other)
    );
    let offered = json_with_status(app.get_as(&other, &path).await, StatusCode::OK).await;
    assert!(offered["available_phone_numbers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["phone_number"] != number.as_str()));
    let again = app
        .post_as(
            &other,
            &format!("{}/IncomingPhoneNumbers.json", account_path(&other)),
            &[("PhoneNumber", number.as_str())],
        )
        .await;
    assert_twilio_error(again, 400, 21422).await;
    let toll_free = first_offer(&app, "US", "TollFree").await;
    json_with_status(
        buy(&app, "/TollFree", &[("PhoneNumber", toll_free.as_str())]).await,
        StatusCode::CREATED,
    )
    .await;
}

#[tokio::test]
async fn buying_by_area_code_takes_a_free_number_there() {
    let app = spawn_app().await;
    let bought = json_with_status(
        buy(&app, "", &[("AreaCode", "415")]).await,
        StatusCode::CREATED,
    )
    .await;
    assert!(bought["phone_number"]
        .as_str()
        .unwrap()
        .starts_with("+1415"));
    assert_eq!(
        bought["friendly_name"].as_str().unwrap()[..5].to_string(),
        "(415)"
    );
    assert_twilio_error(buy(&app, "", &[("AreaCode", "999")]).await, 400, 21452).await;
    assert_twilio_error(buy(&app, "", &[("AreaCode", "12")]).await, 400, 21451).await;
    assert_twilio_error(
        buy(&app, "/Local", &[("AreaCode", "415")]).await,
        400,
        21457,
    )
    .await;
}

#[tokio::test]
async fn a_regulated_number_needs_an_approved_bundle_of_its_country_and_type() {
    let app = spawn_app_with(manual).await;
    let number = first_offer(&app, "AU", "Local").await;
    let (bundle, address) = approved_bundle(&app, &AU_INDIVIDUAL).await;
    let (mobile_bundle, _) = approved_bundle(&app, &AU_MOBILE).await;
    let pending = draft(&app, "pending", &AU_INDIVIDUAL, &[]).await;
    let other = app.create_account();
    let cases = [
        (vec![], "no BundleSid"),
        (
            vec![("BundleSid", pending.as_str())],
            "draft, not twilio-approved",
        ),
        (vec![("BundleSid", mobile_bundle.as_str())], "AU mobile"),
        (
            vec![("BundleSid", "BU00000000000000000000000000000000")],
            "does not exist",
        ),
    ];
    for (extra, words) in cases {
        let mut form = vec![
            ("PhoneNumber", number.as_str()),
            ("AddressSid", address.as_str()),
        ];
        form.extend(extra);
        let message = assert_twilio_error(buy(&app, "", &form).await, 400, 21649).await;
        assert!(
            message.contains(words) && message.contains("To purchase or transfer"),
            "{message}"
        );
    }
    let foreign = app
        .post_as(
            &other,
            &format!("{}/IncomingPhoneNumbers.json", account_path(&other)),
            &[
                ("PhoneNumber", number.as_str()),
                ("BundleSid", bundle.as_str()),
                ("AddressSid", address.as_str()),
            ],
        )
        .await;
    assert_twilio_error(foreign, 400, 21649).await;
    let form = [
        ("PhoneNumber", number.as_str()),
        ("BundleSid", bundle.as_str()),
        ("AddressSid", address.as_str()),
    ];
    let bought = json_with_status(buy(&app, "/Local", &form).await, StatusCode::CREATED).await;
    assert_eq!(
        (&bought["bundle_sid"], &bought["address_sid"]),
        (&bundle.as_str().into(), &address.as_str().into())
    );
}

#[tokio::test]
async fn a_business_bundle_fits_too_but_the_address_must_be_the_bundles_and_local() {
    let app = spawn_app_with(manual).await;
    let number = first_offer(&app, "AU", "Local").await;
    let (bundle, address) = approved_bundle(&app, &AU_BUSINESS).await;
    let stray = create_address(&app).await;
    let german = json_with_status(
        app.post(
            &format!("{}/Addresses.json", account_path(&app.creds)),
            &[
                ("CustomerName", "A"),
                ("Street", "B"),
                ("City", "Berlin"),
                ("Region", "BE"),
                ("PostalCode", "10115"),
                ("IsoCountry", "DE"),
            ],
        )
        .await,
        StatusCode::CREATED,
    )
    .await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    for (address_sid, words) in [
        (None, "send AddressSid"),
        (Some(stray.as_str()), "not one of the addresses"),
        (Some(german.as_str()), "is in DE"),
    ] {
        let mut form = vec![
            ("PhoneNumber", number.as_str()),
            ("BundleSid", bundle.as_str()),
        ];
        form.extend(address_sid.map(|a| ("AddressSid", a)));
        let message = assert_twilio_error(buy(&app, "", &form).await, 400, 21631).await;
        assert!(message.contains(words), "{message}");
    }
    let form = [
        ("PhoneNumber", number.as_str()),
        ("BundleSid", bundle.as_str()),
        ("AddressSid", address.as_str()),
    ];
    json_with_status(buy(&app, "", &form).await, StatusCode::CREATED).await;
}

#[tokio::test]
async fn purchase_errors_name_what_is_wrong_and_leave_the_number_available() {
    let app = spawn_app_with(manual).await;
    let local = first_offer(&app, "AU", "Local").await;
    let toll_free = first_offer(&app, "US", "TollFree").await;
    assert_twilio_error(
        buy(&app, "", &[("PhoneNumber", "0291234567")]).await,
        400,
        21421,
    )
    .await;
    assert_twilio_error(
        buy(&app, "", &[("PhoneNumber", "+999123")]).await,
        400,
        21422,
    )
    .await;
    assert_twilio_error(
        buy(&app, "/Local", &[("PhoneNumber", toll_free.as_str())]).await,
        400,
        21458,
    )
    .await;
    assert_twilio_error(buy(&app, "/Local", &[]).await, 400, 20001).await;
    assert_twilio_error(buy(&app, "", &[]).await, 400, 20001).await;
    let bad_url = [
        ("PhoneNumber", toll_free.as_str()),
        ("VoiceUrl", "not a url"),
    ];
    assert_twilio_error(buy(&app, "", &bad_url).await, 400, 21402).await;
    let bad_method = [("PhoneNumber", toll_free.as_str()), ("SmsMethod", "PUT")];
    assert!(
        assert_twilio_error(buy(&app, "", &bad_method).await, 400, 20001)
            .await
            .contains("SmsMethod")
    );
    assert_twilio_error(
        buy(&app, "", &[("PhoneNumber", local.as_str())]).await,
        400,
        21649,
    )
    .await;

    let listed = json_with_status(
        app.get(&format!(
            "{}/IncomingPhoneNumbers.json",
            account_path(&app.creds)
        ))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        listed["incoming_phone_numbers"],
        Value::Array(vec![]),
        "nothing half-written"
    );
    assert_eq!(
        first_offer(&app, "AU", "Local").await,
        local,
        "still offered"
    );
    assert_eq!(first_offer(&app, "US", "TollFree").await, toll_free);
}

#[tokio::test]
async fn two_concurrent_purchases_of_one_number_sell_it_once() {
    let app = spawn_app().await;
    let number = first_offer(&app, "US", "Local").await;
    let form = [("PhoneNumber", number.as_str())];
    let attempts = (0..6).map(|_| buy(&app, "", &form));
    let responses = futures_util::future::join_all(attempts).await;
    let mut codes = Vec::new();
    for response in responses {
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        codes.push((status, body["code"].as_u64()));
    }
    assert_eq!(
        codes.iter().filter(|(s, _)| *s == 201).count(),
        1,
        "{codes:?}"
    );
    assert!(
        codes.iter().all(|c| c.0 == 201 || *c == (400, Some(21422))),
        "{codes:?}"
    );
}
