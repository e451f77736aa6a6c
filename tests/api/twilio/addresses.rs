use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::assign_to_new_bundle;
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app, Creds, TestApp};

fn addresses_path(account: &str) -> String {
    format!("/2010-04-01/Accounts/{account}/Addresses.json")
}

const FULL: &[(&str, &str)] = &[
    ("CustomerName", "Ann Lee"),
    ("Street", "4th Street 1"),
    ("City", "San Francisco"),
    ("Region", "CA"),
    ("PostalCode", "94019"),
    ("IsoCountry", "us"),
];

async fn create(app: &TestApp, extra: &[(&str, &str)]) -> Value {
    // Values in `extra` replace the defaults of the same name.
    let mut form: Vec<(&str, &str)> = FULL
        .iter()
        .copied()
        .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
        .collect();
    form.extend_from_slice(extra);
    let response = app.post(&addresses_path(&app.creds.sid), &form).await;
    json_with_status(response, StatusCode::CREATED).await
}

fn instance_path(account: &str, sid: &str) -> String {
    format!("/2010-04-01/Accounts/{account}/Addresses/{sid}.json")
}

fn is_rfc2822_like_twilio(value: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(value, "%a, %d %b %Y %H:%M:%S +0000").is_ok()
        && value.len() == 31
}

#[tokio::test]
async fn create_address_returns_201_in_the_2010_shape() {
    let app = spawn_app().await;
    let body = create(
        &app,
        &[
            ("FriendlyName", "Main Office"),
            ("StreetSecondary", "Suite 300"),
        ],
    )
    .await;

    let sid = body["sid"].as_str().unwrap();
    assert!(sid.starts_with("AD") && sid.len() == 34, "{sid}");
    assert_eq!(body["account_sid"], app.creds.sid);
    assert_eq!(body["customer_name"], "Ann Lee");
    assert_eq!(body["street"], "4th Street 1");
    assert_eq!(body["street_secondary"], "Suite 300");
    assert_eq!(body["city"], "San Francisco");
    assert_eq!(body["region"], "CA");
    assert_eq!(body["postal_code"], "94019");
    assert_eq!(body["iso_country"], "US");
    assert_eq!(body["friendly_name"], "Main Office");
    assert_eq!(body["emergency_enabled"], false);
    assert_eq!(body["validated"], false);
    assert_eq!(body["verified"], false);
    assert_eq!(body["uri"], instance_path(&app.creds.sid, sid));
    for key in ["date_created", "date_updated"] {
        let date = body[key].as_str().unwrap();
        assert!(is_rfc2822_like_twilio(date), "{key}: {date}");
    }
    assert_eq!(body.as_object().unwrap().len(), 16);
}

#[tokio::test]
async fn optional_address_fields_default_to_null_and_false() {
    let app = spawn_app().await;
    let body = create(
        &app,
        &[
            ("EmergencyEnabled", "True"),
            ("AutoCorrectAddress", "false"),
        ],
    )
    .await;
    assert!(body["friendly_name"].is_null());
    assert!(body["street_secondary"].is_null());
    assert_eq!(body["emergency_enabled"], true);
}

#[tokio::test]
async fn fetch_update_and_delete_an_address() {
    let app = spawn_app().await;
    let created = create(
        &app,
        &[("FriendlyName", "HQ"), ("StreetSecondary", "Floor 2")],
    )
    .await;
    let path = instance_path(&app.creds.sid, created["sid"].as_str().unwrap());

    let fetched = json_with_status(app.get(&path).await, StatusCode::OK).await;
    assert_eq!(fetched, created);

    let updated = app
        .post(
            &path,
            &[
                ("FriendlyName", "Head office"),
                ("Street", "5th Street 2"),
                ("StreetSecondary", ""),
                ("EmergencyEnabled", "true"),
                ("IsoCountry", "US"),
            ],
        )
        .await;
    let updated = json_with_status(updated, StatusCode::OK).await;
    assert_eq!(updated["friendly_name"], "Head office");
    assert_eq!(updated["street"], "5th Street 2");
    assert!(updated["street_secondary"].is_null());
    assert_eq!(updated["emergency_enabled"], true);
    assert_eq!(updated["customer_name"], "Ann Lee");
    assert_eq!(updated["date_created"], created["date_created"]);

    let deleted = app.delete(&path).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(deleted.text().await.unwrap().is_empty());
    assert_twilio_error(app.get(&path).await, 404, 20404).await;
}

#[tokio::test]
async fn missing_or_invalid_address_parameters_get_20001_naming_them() {
    let app = spawn_app().await;
    let path = addresses_path(&app.creds.sid);
    for (i, (name, _)) in FULL.iter().enumerate() {
        let mut form = FULL.to_vec();
        form.remove(i);
        let message = assert_twilio_error(app.post(&path, &form).await, 400, 20001).await;
        assert_eq!(
            message,
            format!("Missing required parameter {name} in the post body")
        );
    }
    let long = "x".repeat(65);
    let forty = "x".repeat(40);
    let invalid: &[(&str, &str, &str)] = &[
        ("IsoCountry", "USA", "IsoCountry"),
        ("EmergencyEnabled", "yes", "EmergencyEnabled"),
        ("AutoCorrectAddress", "maybe", "AutoCorrectAddress"),
        ("FriendlyName", &long, "64"),
    ];
    for (name, value, mentions) in invalid {
        let form: Vec<(&str, &str)> = FULL
            .iter()
            .copied()
            .filter(|(k, _)| k != name)
            .chain([(*name, *value)])
            .collect();
        let message = assert_twilio_error(app.post(&path, &form).await, 400, 20001).await;
        assert!(message.contains(mentions), "{name}: {message}");
    }
    let mut emergency = FULL.to_vec();
    emergency.extend([
        ("EmergencyEnabled", "true"),
        ("FriendlyName", forty.as_str()),
    ]);
    let message = assert_twilio_error(app.post(&path, &emergency).await, 400, 20001).await;
    assert!(message.contains("32"), "{message}");

    let list = json_with_status(app.get(&path).await, StatusCode::OK).await;
    assert_eq!(list["addresses"], serde_json::json!([]), "nothing stored");
}

#[tokio::test]
async fn invalid_address_updates_change_nothing() {
    let app = spawn_app().await;
    let created = create(&app, &[("FriendlyName", &"x".repeat(40))]).await;
    let path = instance_path(&app.creds.sid, created["sid"].as_str().unwrap());
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("Street", " ")], "Street"),
        (&[("IsoCountry", "GB")], "IsoCountry"),
        (&[("EmergencyEnabled", "true")], "32"),
        (&[("EmergencyEnabled", "nope")], "EmergencyEnabled"),
    ];
    for (form, mentions) in cases {
        let message = assert_twilio_error(app.post(&path, form).await, 400, 20001).await;
        assert!(message.contains(mentions), "{form:?}: {message}");
    }
    assert_eq!(
        json_with_status(app.get(&path).await, StatusCode::OK).await,
        created
    );
}

#[tokio::test]
async fn the_path_account_must_be_the_callers_own() {
    let app = spawn_app().await;
    let other = app.create_account();
    let created = create(&app, &[]).await;
    let sid = created["sid"].as_str().unwrap();

    // The other account, naming the owner's account in the path.
    let mine = instance_path(&app.creds.sid, sid);
    assert_twilio_error(app.get_as(&other, &mine).await, 404, 20404).await;
    assert_twilio_error(
        app.post_as(&other, &mine, &[("City", "Oslo")]).await,
        404,
        20404,
    )
    .await;
    let list = app.get_as(&other, &addresses_path(&app.creds.sid)).await;
    assert_twilio_error(list, 404, 20404).await;
    let create = app
        .post_as(&other, &addresses_path(&app.creds.sid), FULL)
        .await;
    assert_twilio_error(create, 404, 20404).await;
    let delete = delete_as(&app, &other, &mine).await;
    assert_twilio_error(delete, 404, 20404).await;

    // The other account, under its own path: the owner's address is not there.
    let theirs = instance_path(&other.sid, sid);
    assert_twilio_error(app.get_as(&other, &theirs).await, 404, 20404).await;
    assert_twilio_error(delete_as(&app, &other, &theirs).await, 404, 20404).await;
    let list = json_with_status(
        app.get_as(&other, &addresses_path(&other.sid)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["addresses"], serde_json::json!([]));

    assert_eq!(
        json_with_status(app.get(&mine).await, StatusCode::OK).await,
        created
    );
}

async fn delete_as(app: &TestApp, creds: &Creds, path: &str) -> reqwest::Response {
    app.client
        .delete(app.url(path))
        .basic_auth(&creds.sid, Some(&creds.token))
        .send()
        .await
        .unwrap_or_else(|e| panic!("DELETE {path} failed: {e}"))
}

#[tokio::test]
async fn addresses_page_through_next_page_uri_with_the_2010_envelope() {
    let app = spawn_app().await;
    let mut created = Vec::new();
    for i in 0..7 {
        let body = create(&app, &[("FriendlyName", &format!("a{i}"))]).await;
        created.push(body["sid"].as_str().unwrap().to_string());
    }
    created.reverse();
    let base = addresses_path(&app.creds.sid);
    let mut next = Some(format!("{base}?PageSize=3"));
    let mut sids = Vec::new();
    let mut page_number = 0;
    while let Some(uri) = next {
        assert!(uri.starts_with('/'), "relative: {uri}");
        let body = json_with_status(app.get(&uri).await, StatusCode::OK).await;
        let mut keys: Vec<&str> = body
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "addresses",
                "end",
                "first_page_uri",
                "next_page_uri",
                "page",
                "page_size",
                "previous_page_uri",
                "start",
                "uri"
            ]
        );
        let items = body["addresses"].as_array().unwrap();
        assert_eq!(body["page"], page_number);
        assert_eq!(body["page_size"], 3);
        assert_eq!(body["start"], page_number * 3);
        assert_eq!(body["end"], page_number * 3 + items.len() as u64 - 1);
        assert_eq!(body["first_page_uri"], format!("{base}?PageSize=3&Page=0"));
        assert_eq!(body["previous_page_uri"].is_null(), page_number == 0);
        sids.extend(items.iter().map(|a| a["sid"].as_str().unwrap().to_string()));
        next = body["next_page_uri"].as_str().map(str::to_string);
        page_number += 1;
    }
    assert_eq!(page_number, 3);
    assert_eq!(sids, created, "every address once, newest first");
}

#[tokio::test]
async fn address_list_filters_are_exact_and_carried_into_next_page_uri() {
    let app = spawn_app().await;
    for i in 0..5 {
        create(
            &app,
            &[("IsoCountry", "gb"), ("FriendlyName", &format!("uk {i}"))],
        )
        .await;
    }
    create(
        &app,
        &[("FriendlyName", "us office"), ("EmergencyEnabled", "true")],
    )
    .await;
    let base = addresses_path(&app.creds.sid);

    let mut next = Some(format!("{base}?IsoCountry=GB&PageSize=2"));
    let mut seen = 0;
    while let Some(uri) = next {
        let body = json_with_status(app.get(&uri).await, StatusCode::OK).await;
        for address in body["addresses"].as_array().unwrap() {
            assert_eq!(address["iso_country"], "GB");
            seen += 1;
        }
        next = body["next_page_uri"].as_str().map(str::to_string);
        if let Some(uri) = &next {
            assert!(uri.contains("IsoCountry=GB"), "{uri}");
        }
    }
    assert_eq!(seen, 5);

    let cases = [
        ("FriendlyName=us+office", 1),
        ("FriendlyName=us", 0),
        ("CustomerName=Ann+Lee", 6),
        ("EmergencyEnabled=true", 1),
        ("EmergencyEnabled=false&IsoCountry=US", 0),
    ];
    for (query, expected) in cases {
        let body =
            json_with_status(app.get(&format!("{base}?{query}")).await, StatusCode::OK).await;
        assert_eq!(
            body["addresses"].as_array().unwrap().len(),
            expected,
            "{query}"
        );
    }
    let bad = app.get(&format!("{base}?EmergencyEnabled=perhaps")).await;
    assert_twilio_error(bad, 400, 20001).await;
}

#[tokio::test]
async fn an_address_held_by_a_bundle_cannot_be_deleted() {
    let app = spawn_app().await;
    let created = create(&app, &[]).await;
    let sid = created["sid"].as_str().unwrap();
    assign_to_new_bundle(&app, &app.creds.sid, sid);
    let path = instance_path(&app.creds.sid, sid);
    assert_twilio_error(app.delete(&path).await, 409, 20409).await;
    assert_eq!(app.get(&path).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn malformed_address_paths_get_twilio_errors() {
    let app = spawn_app().await;
    let account = &app.creds.sid;
    assert_twilio_error(app.get(&instance_path(account, "ADnope")).await, 404, 20404).await;
    let wrong_prefix = instance_path(account, "ITaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    assert_twilio_error(app.get(&wrong_prefix).await, 404, 20404).await;
    let put = app
        .client
        .put(app.url(&addresses_path(account)))
        .basic_auth(&app.creds.sid, Some(&app.creds.token))
        .send()
        .await
        .unwrap();
    assert_twilio_error(put, 405, 20004).await;
    let anonymous = app
        .client
        .get(app.url(&addresses_path(account)))
        .send()
        .await
        .unwrap();
    assert_twilio_error(anonymous, 401, 20003).await;
}
