//! `POST /Bundles/{Sid}/Clones`: an approved bundle and copies of its items in another account.

use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::{
    approve, approved_with_document, assign, create_address, draft, fetch_bundle, keys, manual,
    ErrorCase, AU_INDIVIDUAL, BUNDLES,
};
use crate::helpers::{
    assert_twilio_error, collect_pages, json_with_status, spawn_app_with, Creds, TestApp,
};
use crate::twilio::accounts::create_subaccount;

const CLONE_KEYS: [&str; 11] = [
    "account_sid",
    "bundle_sid",
    "date_created",
    "date_updated",
    "email",
    "friendly_name",
    "regulation_sid",
    "status",
    "status_callback",
    "url",
    "valid_until",
];

async fn clone(app: &TestApp, sid: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.post(&format!("{BUNDLES}/{sid}/Clones"), form).await
}

async fn objects_as(app: &TestApp, creds: &Creds, sid: &str) -> Vec<String> {
    let mut next = Some(app.url(&format!("{BUNDLES}/{sid}/ItemAssignments?PageSize=2")));
    let mut objects = Vec::new();
    while let Some(url) = next {
        let body = json_with_status(app.get_as(creds, &url).await, StatusCode::OK).await;
        objects.extend(
            body["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["object_sid"].as_str().unwrap().to_string()),
        );
        next = body["meta"]["next_page_url"].as_str().map(str::to_string);
    }
    objects.sort();
    objects
}

fn path_of(account: &str, object: &str) -> String {
    match &object[..2] {
        "IT" => format!("/v2/RegulatoryCompliance/EndUsers/{object}"),
        "RD" => format!("/v2/RegulatoryCompliance/SupportingDocuments/{object}"),
        _ => format!("/2010-04-01/Accounts/{account}/Addresses/{object}.json"),
    }
}

/// An approved bundle whose document names an assigned address in `address_sids`.
async fn approved_with_address_document(app: &TestApp) -> (String, String) {
    let sid = draft(
        app,
        "Original",
        &AU_INDIVIDUAL,
        &[("StatusCallback", "https://example.com/cb")],
    )
    .await;
    let address = create_address(app).await;
    let attributes = format!(r#"{{"address_sids": ["{address}"]}}"#);
    let form = [
        ("FriendlyName", "bill"),
        ("Type", "utility_bill"),
        ("Attributes", attributes.as_str()),
    ];
    let document = json_with_status(
        app.post("/v2/RegulatoryCompliance/SupportingDocuments", &form)
            .await,
        StatusCode::CREATED,
    )
    .await;
    assign(app, &sid, document["sid"].as_str().unwrap()).await;
    assign(app, &sid, &address).await;
    approve(app, &sid, Some("2031-02-03T04:05:06Z")).await;
    (sid, address)
}

#[tokio::test]
async fn cloning_into_another_account_copies_the_bundle_and_every_item_there() {
    let app = spawn_app_with(manual).await;
    let (original, address) = approved_with_address_document(&app).await;
    let target = create_subaccount(&app, &app.creds, "target").await;

    let cloned = json_with_status(
        clone(&app, &original, &[("TargetAccountSid", &target.sid)]).await,
        StatusCode::CREATED,
    )
    .await;

    assert_eq!(
        keys(&cloned),
        CLONE_KEYS,
        "bundle_sid instead of sid, no links"
    );
    let clone_sid = cloned["bundle_sid"].as_str().unwrap().to_string();
    assert!(clone_sid.starts_with("BU") && clone_sid != original);
    assert_eq!(
        cloned["url"],
        format!("{}{BUNDLES}/{clone_sid}/Clones", app.address)
    );
    assert_eq!(cloned["account_sid"], target.sid.as_str());
    assert_eq!(cloned["status"], "twilio-approved");
    assert_eq!(cloned["valid_until"], "2031-02-03T04:05:06Z");
    let source = fetch_bundle(&app, &original).await;
    for field in ["regulation_sid", "friendly_name", "email"] {
        assert_eq!(cloned[field], source[field], "{field}");
    }
    assert_eq!(
        cloned["status_callback"],
        Value::Null,
        "the source's callback URL stays with the source account"
    );
    let fetched = json_with_status(
        app.get_as(&target, &format!("{BUNDLES}/{clone_sid}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(fetched["status"], "twilio-approved");
    assert_twilio_error(app.get(&format!("{BUNDLES}/{clone_sid}")).await, 404, 20404).await;

    let originals = objects_as(&app, &app.creds, &original).await;
    let clones = objects_as(&app, &target, &clone_sid).await;
    assert_eq!(clones.len(), originals.len());
    let prefixes = |sids: &[String]| sids.iter().map(|s| s[..2].to_string()).collect::<Vec<_>>();
    assert_eq!(prefixes(&clones), prefixes(&originals));
    for object in &clones {
        assert!(
            !originals.contains(object),
            "{object} is a new SID in the target account"
        );
        let owned = app.get_as(&target, &path_of(&target.sid, object)).await;
        assert_eq!(
            owned.status(),
            StatusCode::OK,
            "{object} belongs to the target account"
        );
        let foreign = app.get(&path_of(&app.creds.sid, object)).await;
        assert_eq!(
            foreign.status(),
            StatusCode::NOT_FOUND,
            "{object} is not the source account's"
        );
    }
    let document = clones.iter().find(|s| s.starts_with("RD")).unwrap();
    let document = json_with_status(
        app.get_as(&target, &path_of(&target.sid, document)).await,
        StatusCode::OK,
    )
    .await;
    let named = document["attributes"]["address_sids"][0].as_str().unwrap();
    assert!(
        named != address && clones.contains(&named.to_string()),
        "address_sids follow the copied address"
    );
    assert_eq!(document["status"], "approved");

    let evaluation = app
        .post_as(&target, &format!("{BUNDLES}/{clone_sid}/Evaluations"), &[])
        .await;
    assert_eq!(
        json_with_status(evaluation, StatusCode::CREATED).await["status"],
        "compliant"
    );
    assert_eq!(
        objects_as(&app, &app.creds, &original).await,
        originals,
        "the source keeps its items"
    );
}

#[tokio::test]
async fn move_to_draft_makes_a_draft_clone_without_valid_until_and_friendly_name_renames_it() {
    let app = spawn_app_with(manual).await;
    let original = approved_with_document(&app, &[]).await;
    let target = create_subaccount(&app, &app.creds, "target").await;
    let form = [
        ("TargetAccountSid", target.sid.as_str()),
        ("MoveToDraft", "True"),
        ("FriendlyName", "Subaccount copy"),
    ];

    let cloned = json_with_status(clone(&app, &original, &form).await, StatusCode::CREATED).await;

    assert_eq!(cloned["status"], "draft");
    assert_eq!(cloned["valid_until"], Value::Null);
    assert_eq!(cloned["friendly_name"], "Subaccount copy");
    let clone_sid = cloned["bundle_sid"].as_str().unwrap();
    let document = objects_as(&app, &target, clone_sid)
        .await
        .into_iter()
        .find(|s| s.starts_with("RD"))
        .unwrap();
    let document = json_with_status(
        app.get_as(&target, &path_of(&target.sid, &document)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(document["status"], "draft");
    let file = app
        .get_as(
            &target,
            &format!(
                "/sandbox/SupportingDocuments/{}/File",
                document["sid"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(file.status(), StatusCode::OK, "the file came along");
    let (listed, _) = collect_pages(&app, BUNDLES).await;
    assert_eq!(listed.len(), 1, "the source account gained no bundle");
}

#[tokio::test]
async fn clone_errors_name_what_to_fix() {
    let app = spawn_app_with(manual).await;
    let approved = draft(&app, "approved", &AU_INDIVIDUAL, &[]).await;
    approve(&app, &approved, None).await;
    let not_approved = draft(&app, "draft", &AU_INDIVIDUAL, &[]).await;
    let target = create_subaccount(&app, &app.creds, "target").await;
    let unknown_account = format!("AC{}", "0".repeat(32));
    let unknown_bundle = format!("BU{}", "0".repeat(32));

    let cases: [ErrorCase; 7] = [
        (&approved, vec![], 400, 20001, "TargetAccountSid"),
        (
            &approved,
            vec![("TargetAccountSid", "AC123")],
            400,
            20001,
            "TargetAccountSid",
        ),
        (
            &approved,
            vec![("TargetAccountSid", &unknown_account)],
            400,
            20001,
            "TargetAccountSid",
        ),
        (
            &approved,
            vec![
                ("TargetAccountSid", &target.sid),
                ("MoveToDraft", "sometimes"),
            ],
            400,
            20001,
            "MoveToDraft",
        ),
        (
            &not_approved,
            vec![("TargetAccountSid", &target.sid)],
            400,
            22223,
            "twilio-approved",
        ),
        (
            &unknown_bundle,
            vec![("TargetAccountSid", &target.sid)],
            404,
            20404,
            "was not found",
        ),
        (
            &approved,
            vec![("TargetAccountSid", &target.sid), ("FriendlyName", "")],
            400,
            20001,
            "FriendlyName",
        ),
    ];
    for (sid, form, status, code, words) in cases {
        let message = assert_twilio_error(clone(&app, sid, &form).await, status, code).await;
        assert!(message.contains(words), "{form:?}: {message}");
    }
    let foreign = app
        .post_as(
            &target,
            &format!("{BUNDLES}/{approved}/Clones"),
            &[("TargetAccountSid", &target.sid)],
        )
        .await;
    assert_twilio_error(foreign, 404, 20404).await;
    let theirs = json_with_status(app.get_as(&target, BUNDLES).await, StatusCode::OK).await;
    assert_eq!(
        theirs["results"],
        serde_json::json!([]),
        "no clone was left behind"
    );
}

#[tokio::test]
async fn a_clone_outside_the_account_family_gets_one_error_whether_or_not_the_account_exists() {
    let app = spawn_app_with(manual).await;
    let approved = draft(&app, "approved", &AU_INDIVIDUAL, &[]).await;
    approve(&app, &approved, None).await;
    let foreign = app.create_account();
    let unknown = format!("AC{}", "0".repeat(32));

    let mut bodies = Vec::new();
    for target in [&foreign.sid, &unknown] {
        let response = clone(&app, &approved, &[("TargetAccountSid", target)]).await;
        let body = json_with_status(response, StatusCode::BAD_REQUEST).await;
        assert_eq!(body["code"], 20001, "{body}");
        let message = body["message"].as_str().unwrap();
        assert!(message.contains("TargetAccountSid"), "{message}");
        assert!(message.contains("subaccount"), "says what to do: {message}");
        bodies.push(body);
    }
    assert_eq!(
        bodies[0], bodies[1],
        "the answer reveals whether the account exists"
    );
    let theirs = json_with_status(app.get_as(&foreign, BUNDLES).await, StatusCode::OK).await;
    assert_eq!(
        theirs["results"],
        serde_json::json!([]),
        "nothing was pushed"
    );
}

#[tokio::test]
async fn a_subaccount_clones_into_its_parent_and_siblings() {
    let mut app = spawn_app_with(manual).await;
    let parent = app.creds.clone();
    let child = create_subaccount(&app, &parent, "child").await;
    let sibling = create_subaccount(&app, &parent, "sibling").await;
    // The fixtures act as `app.creds`: from here on, the child.
    app.creds = child.clone();
    let approved = draft(&app, "child's", &AU_INDIVIDUAL, &[]).await;
    approve(&app, &approved, None).await;

    for target in [&parent, &sibling, &child] {
        let response = clone(&app, &approved, &[("TargetAccountSid", &target.sid)]).await;
        let cloned = json_with_status(response, StatusCode::CREATED).await;
        assert_eq!(cloned["account_sid"], target.sid.as_str());
        let clone_sid = cloned["bundle_sid"].as_str().unwrap();
        let fetched = app.get_as(target, &format!("{BUNDLES}/{clone_sid}")).await;
        assert_eq!(fetched.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn a_clone_into_another_account_has_no_status_callback_and_sends_none() {
    let app = spawn_app_with(manual).await;
    let callback = [("StatusCallback", "https://example.com/source-callback")];
    let approved = approved_with_document(&app, &callback).await;
    let child = create_subaccount(&app, &app.creds, "child").await;

    let response = clone(&app, &approved, &[("TargetAccountSid", &child.sid)]).await;
    let cloned = json_with_status(response, StatusCode::CREATED).await;
    assert_eq!(cloned["status_callback"], Value::Null);
    let clone_sid = cloned["bundle_sid"].as_str().unwrap();
    let changed = app
        .post_as(
            &child,
            &format!("/sandbox/Bundles/{clone_sid}/ValidUntil"),
            &[("ValidUntil", "2032-01-01T00:00:00Z")],
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let log = json_with_status(
        app.get_as(&child, &format!("/sandbox/Callbacks?BundleSid={clone_sid}"))
            .await,
        StatusCode::OK,
    )
    .await;
    let key = log["meta"]["key"].as_str().unwrap();
    assert_eq!(
        log[key],
        serde_json::json!([]),
        "no callback for the clone: {log}"
    );
    let same_account = clone(&app, &approved, &[("TargetAccountSid", &app.creds.sid)]).await;
    let same_account = json_with_status(same_account, StatusCode::CREATED).await;
    assert_eq!(
        same_account["status_callback"], callback[0].1,
        "a clone in the source's own account keeps it"
    );
}
