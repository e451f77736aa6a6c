//! `POST /Bundles/{Sid}/ReplaceItems`: the approved copy's items move onto the original.

use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::{
    approve, assigned_objects, draft, fetch_bundle, keys, manual, only, replace,
    updated_approved_copy, ErrorCase, AU_INDIVIDUAL, BUNDLES, US_TOLL_FREE,
};
use crate::helpers::{
    assert_twilio_error, collect_pages, json_with_status, spawn_app_with, TestApp,
};

/// The bundle's assignments as `(assignment sid, object sid)`, sorted.
async fn assignments(app: &TestApp, sid: &str) -> Vec<(String, String)> {
    let (items, _) =
        collect_pages(app, &format!("{BUNDLES}/{sid}/ItemAssignments?PageSize=2")).await;
    for item in &items {
        assert_eq!(item["bundle_sid"], sid);
    }
    let mut pairs: Vec<(String, String)> = items
        .iter()
        .map(|i| {
            (
                i["sid"].as_str().unwrap().into(),
                i["object_sid"].as_str().unwrap().into(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}

#[tokio::test]
async fn replace_items_moves_the_copys_assignments_onto_the_original_and_clears_valid_until() {
    let app = spawn_app_with(manual).await;
    let original = draft(&app, "original", &AU_INDIVIDUAL, &[]).await;
    approve(&app, &original, Some("2031-01-01T00:00:00Z")).await;
    let old_user = only(&assigned_objects(&app, &original).await, "IT").to_string();
    let copy_sid = updated_approved_copy(&app, &original).await;
    let moving = assignments(&app, &copy_sid).await;

    let replaced = json_with_status(
        replace(&app, &original, &[("FromBundleSid", &copy_sid)]).await,
        StatusCode::CREATED,
    )
    .await;

    assert_eq!(
        keys(&replaced),
        [
            "account_sid",
            "date_created",
            "date_updated",
            "email",
            "friendly_name",
            "regulation_sid",
            "sid",
            "status",
            "status_callback",
            "valid_until"
        ]
    );
    assert_eq!(replaced["sid"], original.as_str());
    assert_eq!(replaced["status"], "twilio-approved");
    assert_eq!(replaced["friendly_name"], "original");
    assert_eq!(replaced["valid_until"], Value::Null);
    let fetched = fetch_bundle(&app, &original).await;
    assert_eq!(
        (&fetched["status"], &fetched["valid_until"]),
        (&Value::from("twilio-approved"), &Value::Null)
    );

    assert_eq!(
        assignments(&app, &original).await,
        moving,
        "the same assignment rows, now on the original"
    );
    assert!(
        assignments(&app, &copy_sid).await.is_empty(),
        "the source is left with no items"
    );
    assert_eq!(
        fetch_bundle(&app, &copy_sid).await["status"],
        "twilio-approved"
    );
    let user = only(&assigned_objects(&app, &original).await, "IT").to_string();
    let fetched_user = json_with_status(
        app.get(&format!("/v2/RegulatoryCompliance/EndUsers/{user}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(fetched_user["attributes"]["last_name"], "Lee-Smith");
    let unassigned = app
        .get(&format!("/v2/RegulatoryCompliance/EndUsers/{old_user}"))
        .await;
    assert_eq!(
        unassigned.status(),
        StatusCode::OK,
        "the replaced end user still exists, just unassigned"
    );
}

#[tokio::test]
async fn replace_items_refuses_bad_sources_and_destinations_with_their_codes() {
    let app = spawn_app_with(manual).await;
    let original = draft(&app, "original", &AU_INDIVIDUAL, &[]).await;
    approve(&app, &original, Some("2031-01-01T00:00:00Z")).await;
    let source = draft(&app, "source", &AU_INDIVIDUAL, &[]).await;
    approve(&app, &source, None).await;
    let draft_source = draft(&app, "draft", &AU_INDIVIDUAL, &[]).await;
    let us = draft(&app, "us", &US_TOLL_FREE, &[]).await;
    approve(&app, &us, None).await;
    let other = app.create_account();
    let form = [
        ("FriendlyName", "theirs"),
        ("Email", "t@example.com"),
        ("IsoCountry", "AU"),
        ("NumberType", "local"),
        ("EndUserType", "individual"),
    ];
    let theirs = json_with_status(
        app.post_as(&other, BUNDLES, &form).await,
        StatusCode::CREATED,
    )
    .await;
    let theirs = theirs["sid"].as_str().unwrap().to_string();
    let unknown = format!("BU{}", "0".repeat(32));
    let before = assignments(&app, &original).await;

    let cases: [ErrorCase; 9] = [
        (&original, vec![], 400, 20001, "FromBundleSid"),
        (
            &original,
            vec![("FromBundleSid", "BU123")],
            400,
            20001,
            "FromBundleSid",
        ),
        (
            &original,
            vec![("FromBundleSid", &original)],
            400,
            22226,
            "same",
        ),
        (
            &original,
            vec![("FromBundleSid", &unknown)],
            400,
            22225,
            "does not exist",
        ),
        (
            &original,
            vec![("FromBundleSid", &theirs)],
            400,
            22225,
            "does not exist",
        ),
        (
            &original,
            vec![("FromBundleSid", &draft_source)],
            400,
            22224,
            "draft",
        ),
        (
            &original,
            vec![("FromBundleSid", &us)],
            400,
            22228,
            "Regulation",
        ),
        (
            &draft_source,
            vec![("FromBundleSid", &source)],
            400,
            22224,
            "draft",
        ),
        (
            &unknown,
            vec![("FromBundleSid", &source)],
            404,
            20404,
            "was not found",
        ),
    ];
    for (destination, form, status, code, words) in cases {
        let message =
            assert_twilio_error(replace(&app, destination, &form).await, status, code).await;
        assert!(message.contains(words), "{form:?}: {message}");
    }
    assert_eq!(
        assignments(&app, &original).await,
        before,
        "a refused replace changes nothing"
    );
    assert_eq!(
        fetch_bundle(&app, &original).await["valid_until"],
        "2031-01-01T00:00:00Z"
    );
    assert_eq!(assigned_objects(&app, &source).await.len(), 2);
}
