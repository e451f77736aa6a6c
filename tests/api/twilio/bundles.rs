use reqwest::StatusCode;
use serde_json::json;

use crate::fixtures::{
    au_individual_regulation, create_bundle, fetch_bundle, submitted_bundle, BUNDLES,
};
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app, spawn_app_with, FormCase};

#[tokio::test]
async fn create_bundle_by_country_and_type_returns_a_draft_with_absolute_links() {
    let app = spawn_app().await;
    let bundle = create_bundle(&app, &[("StatusCallback", "https://example.com/cb?x=1")]).await;

    let sid = bundle["sid"].as_str().unwrap();
    assert!(sid.starts_with("BU") && sid.len() == 34);
    let url = format!("{}{BUNDLES}/{sid}", app.address);
    assert_eq!(bundle["url"], url);
    assert_eq!(
        bundle["links"],
        json!({
            "evaluations": format!("{url}/Evaluations"),
            "item_assignments": format!("{url}/ItemAssignments"),
            "bundle_copies": format!("{url}/Copies"),
        })
    );
    assert_eq!(bundle["status"], "draft");
    assert_eq!(
        bundle["regulation_sid"],
        au_individual_regulation(&app).await
    );
    assert_eq!(bundle["email"], "ann@example.com");
    assert_eq!(bundle["status_callback"], "https://example.com/cb?x=1");
    assert_eq!(bundle["valid_until"], serde_json::Value::Null);
    assert_eq!(bundle["account_sid"], app.creds.sid);
    let mut keys: Vec<&str> = bundle
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "account_sid",
            "date_created",
            "date_updated",
            "email",
            "friendly_name",
            "links",
            "regulation_sid",
            "sid",
            "status",
            "status_callback",
            "url",
            "valid_until"
        ]
    );
}

#[tokio::test]
async fn create_bundle_by_regulation_sid_and_toll_free_spellings() {
    let app = spawn_app().await;
    let regulation = au_individual_regulation(&app).await;
    let form = [
        ("FriendlyName", "b"),
        ("Email", "a@b.co"),
        ("RegulationSid", regulation.as_str()),
    ];
    let bundle = json_with_status(app.post(BUNDLES, &form).await, StatusCode::CREATED).await;
    assert_eq!(bundle["regulation_sid"], regulation);

    let mut sids = Vec::new();
    for spelling in ["toll-free", "tollfree"] {
        let form = [
            ("FriendlyName", "b"),
            ("Email", "a@b.co"),
            ("IsoCountry", "US"),
            ("NumberType", spelling),
            ("EndUserType", "business"),
        ];
        let bundle = json_with_status(app.post(BUNDLES, &form).await, StatusCode::CREATED).await;
        sids.push(bundle["regulation_sid"].as_str().unwrap().to_string());
    }
    assert_eq!(sids[0], sids[1]);
}

#[tokio::test]
async fn bad_bundle_input_gets_the_documented_codes() {
    let app = spawn_app().await;
    let base = [("FriendlyName", "b"), ("Email", "a@b.co")];
    let cases: Vec<FormCase> = vec![
        (
            vec![("Email", "a@b.co"), ("IsoCountry", "AU")],
            20001,
            "FriendlyName",
        ),
        (
            vec![("FriendlyName", "b"), ("IsoCountry", "AU")],
            20001,
            "Email",
        ),
        (
            [&base[..], &[("IsoCountry", "AU")]].concat(),
            22202,
            "RegulationSid",
        ),
        ([&base[..]].concat(), 22202, "IsoCountry"),
        (
            [
                &base[..],
                &[
                    ("IsoCountry", "AU"),
                    ("NumberType", "local"),
                    ("EndUserType", "robot"),
                ],
            ]
            .concat(),
            22200,
            "EndUserType",
        ),
        (
            [
                &base[..],
                &[
                    ("IsoCountry", "AU"),
                    ("NumberType", "satellite"),
                    ("EndUserType", "business"),
                ],
            ]
            .concat(),
            22200,
            "NumberType",
        ),
        (
            [
                &base[..],
                &[
                    ("IsoCountry", "ZZ"),
                    ("NumberType", "local"),
                    ("EndUserType", "business"),
                ],
            ]
            .concat(),
            22201,
            "ZZ",
        ),
        (
            [
                &base[..],
                &[("RegulationSid", "RN00000000000000000000000000000000")],
            ]
            .concat(),
            22201,
            "RN0000",
        ),
        (
            [&base[..], &[("RegulationSid", "RNnope")]].concat(),
            20001,
            "RegulationSid",
        ),
        (
            vec![
                ("FriendlyName", "b"),
                ("Email", "not-an-email"),
                ("IsoCountry", "AU"),
                ("NumberType", "local"),
                ("EndUserType", "individual"),
            ],
            20001,
            "Email",
        ),
        (
            [
                &base[..],
                &[
                    ("IsoCountry", "AU"),
                    ("NumberType", "local"),
                    ("EndUserType", "individual"),
                    ("StatusCallback", "ftp://x"),
                ],
            ]
            .concat(),
            20001,
            "StatusCallback",
        ),
        (
            [
                &base[..],
                &[
                    ("IsoCountry", "AU"),
                    ("NumberType", "local"),
                    ("EndUserType", "individual"),
                    ("IsTest", "maybe"),
                ],
            ]
            .concat(),
            20001,
            "IsTest",
        ),
    ];
    for (form, code, needle) in cases {
        let message = assert_twilio_error(app.post(BUNDLES, &form).await, 400, code).await;
        assert!(
            message.contains(needle),
            "{message} should mention {needle}"
        );
    }
    let listed = json_with_status(app.get(BUNDLES).await, StatusCode::OK).await;
    assert_eq!(listed["results"], json!([]), "nothing half-written");
}

#[tokio::test]
async fn update_bundle_properties_and_refuse_status_with_properties() {
    let app = spawn_app().await;
    let sid = create_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("{BUNDLES}/{sid}");

    let form = [
        ("FriendlyName", "renamed"),
        ("Email", "b@c.io"),
        ("StatusCallback", "http://127.0.0.1:1/x"),
    ];
    let updated = json_with_status(app.post(&path, &form).await, StatusCode::OK).await;
    assert_eq!(updated["friendly_name"], "renamed");
    assert_eq!(updated["email"], "b@c.io");
    assert_eq!(updated["status_callback"], "http://127.0.0.1:1/x");

    let both = [("Status", "pending-review"), ("FriendlyName", "x")];
    assert_twilio_error(app.post(&path, &both).await, 400, 22204).await;
    assert_twilio_error(app.post(&path, &[("Status", "approved")]).await, 400, 22203).await;
    let message = assert_twilio_error(
        app.post(&path, &[("Status", "twilio-approved")]).await,
        400,
        20001,
    )
    .await;
    assert!(message.contains("pending-review"), "{message}");
    assert_eq!(fetch_bundle(&app, &sid).await["status"], "draft");
}

#[tokio::test]
async fn drafts_and_decided_bundles_can_be_deleted_but_not_bundles_under_review() {
    let app = spawn_app_with(|c| c.review = regbox::config::ReviewMode::Manual).await;
    let draft = create_bundle(&app, &[]).await;
    let draft_path = format!("{BUNDLES}/{}", draft["sid"].as_str().unwrap());
    assert_eq!(
        app.delete(&draft_path).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_twilio_error(app.get(&draft_path).await, 404, 20404).await;

    let submitted = submitted_bundle(&app, &[]).await;
    let path = format!("{BUNDLES}/{}", submitted["sid"].as_str().unwrap());
    let message = assert_twilio_error(app.delete(&path).await, 400, 21647).await;
    assert!(message.contains("pending-review"), "{message}");
    assert_eq!(app.get(&path).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn another_accounts_bundle_is_not_found() {
    let app = spawn_app().await;
    let sid = create_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let other = app.create_account();
    for path in [
        format!("{BUNDLES}/{sid}"),
        format!("{BUNDLES}/{sid}/ItemAssignments"),
        format!("{BUNDLES}/{sid}/Evaluations"),
    ] {
        assert_twilio_error(app.get_as(&other, &path).await, 404, 20404).await;
    }
    assert_twilio_error(
        app.post_as(
            &other,
            &format!("{BUNDLES}/{sid}"),
            &[("Status", "pending-review")],
        )
        .await,
        404,
        20404,
    )
    .await;
    let listed = json_with_status(app.get_as(&other, BUNDLES).await, StatusCode::OK).await;
    assert_eq!(listed["results"], json!([]));
}
