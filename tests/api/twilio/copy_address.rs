//! A Bundle Copy keeps its address (22229): it cannot drop, swap or retarget the addresses it was
//! copied with, so ReplaceItems puts the same address back on the original.

use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::{
    approve, assign, copy, create_address, draft, fetch_bundle, manual, replace, review, submit,
    AU_INDIVIDUAL, BUNDLES,
};
use crate::helpers::{
    assert_twilio_error, collect_pages, json_with_status, spawn_app_with, TestApp,
};

const DOCUMENTS: &str = "/v2/RegulatoryCompliance/SupportingDocuments";
const TITLE: &str = "The Address in the Bundle Copy must be the same as in the destination Bundle";

/// An approved original and its draft copy. The original holds an end user, the address
/// `assigned` and a utility bill naming the address `named`; the copy holds copies of the end
/// user and the bill (`bill`) and the same `assigned` address.
struct Copied {
    original: String,
    copy: String,
    named: String,
    assigned: String,
    bill: String,
}

async fn bill_naming(app: &TestApp, address: &str) -> String {
    let attributes = format!(r#"{{"address_sids": ["{address}"]}}"#);
    let form = [
        ("FriendlyName", "Utility bill"),
        ("Type", "utility_bill"),
        ("Attributes", attributes.as_str()),
    ];
    json_with_status(app.post(DOCUMENTS, &form).await, StatusCode::CREATED).await["sid"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn copied(app: &TestApp) -> Copied {
    let original = draft(app, "original", &AU_INDIVIDUAL, &[]).await;
    let named = create_address(app).await;
    assign(app, &original, &bill_naming(app, &named).await).await;
    approve(app, &original, Some("2031-01-01T00:00:00Z")).await;
    let body = json_with_status(copy(app, &original, &[]).await, StatusCode::CREATED).await;
    let copy = body["sid"].as_str().unwrap().to_string();
    let objects = assignments(app, &copy).await;
    let of_kind = |prefix: &str| {
        objects
            .iter()
            .find(|(_, object)| object.starts_with(prefix))
            .unwrap()
            .1
            .clone()
    };
    Copied {
        assigned: of_kind("AD"),
        bill: of_kind("RD"),
        original,
        copy,
        named,
    }
}

/// `(assignment sid, object sid)` of every item the bundle holds.
async fn assignments(app: &TestApp, bundle: &str) -> Vec<(String, String)> {
    let (items, _) = collect_pages(app, &format!("{BUNDLES}/{bundle}/ItemAssignments")).await;
    let mut pairs: Vec<(String, String)> = items
        .iter()
        .map(|i| {
            (
                i["sid"].as_str().unwrap().to_string(),
                i["object_sid"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    pairs.sort_by(|a, b| a.1.cmp(&b.1));
    pairs
}

async fn unassign(app: &TestApp, bundle: &str, object: &str) -> reqwest::Response {
    let assignment = assignments(app, bundle)
        .await
        .into_iter()
        .find(|(_, o)| o == object)
        .unwrap()
        .0;
    app.delete(&format!("{BUNDLES}/{bundle}/ItemAssignments/{assignment}"))
        .await
}

async fn assign_response(app: &TestApp, bundle: &str, object: &str) -> reqwest::Response {
    app.post(
        &format!("{BUNDLES}/{bundle}/ItemAssignments"),
        &[("ObjectSid", object)],
    )
    .await
}

#[tokio::test]
async fn a_copy_cannot_drop_its_address_or_the_document_that_names_one() {
    let app = spawn_app_with(manual).await;
    let c = copied(&app).await;
    let before = assignments(&app, &c.copy).await;

    let message = assert_twilio_error(unassign(&app, &c.copy, &c.assigned).await, 400, 22229).await;
    assert!(
        message.starts_with(TITLE)
            && message.contains(&c.assigned)
            && message.contains(&c.original),
        "{message}"
    );
    let message = assert_twilio_error(unassign(&app, &c.copy, &c.bill).await, 400, 22229).await;
    assert!(
        message.contains(&c.bill) && message.contains(&c.named),
        "{message}"
    );

    assert_eq!(
        assignments(&app, &c.copy).await,
        before,
        "nothing was removed"
    );
    let user = before.iter().find(|(_, o)| o.starts_with("IT")).unwrap();
    assert_eq!(
        unassign(&app, &c.copy, &user.1).await.status(),
        StatusCode::NO_CONTENT,
        "the end user can still be replaced"
    );
}

#[tokio::test]
async fn a_copy_cannot_take_an_address_its_original_does_not_have() {
    let app = spawn_app_with(manual).await;
    let c = copied(&app).await;
    let other = create_address(&app).await;

    let message =
        assert_twilio_error(assign_response(&app, &c.copy, &other).await, 400, 22229).await;
    assert!(
        message.contains(&other) && message.contains(&c.assigned),
        "{message}"
    );
    let other_bill = bill_naming(&app, &other).await;
    let message = assert_twilio_error(
        assign_response(&app, &c.copy, &other_bill).await,
        400,
        22229,
    )
    .await;
    assert!(message.contains(&other_bill), "{message}");

    let same_address = bill_naming(&app, &c.named).await;
    json_with_status(
        assign_response(&app, &c.copy, &same_address).await,
        StatusCode::CREATED,
    )
    .await;
    let objects: Vec<String> = assignments(&app, &c.copy)
        .await
        .into_iter()
        .map(|p| p.1)
        .collect();
    assert!(
        !objects.contains(&other) && !objects.contains(&other_bill),
        "{objects:?}"
    );
    let draft_bundle = draft(&app, "not a copy", &AU_INDIVIDUAL, &[]).await;
    assign(&app, &draft_bundle, &other).await;
}

#[tokio::test]
async fn a_document_in_a_copy_keeps_its_address_sids() {
    let app = spawn_app_with(manual).await;
    let c = copied(&app).await;
    let other = create_address(&app).await;
    let path = format!("{DOCUMENTS}/{}", c.bill);
    let retarget = format!(r#"{{"address_sids": ["{other}"]}}"#);

    let message = assert_twilio_error(
        app.post(&path, &[("Attributes", &retarget)]).await,
        400,
        22229,
    )
    .await;
    assert!(
        message.contains(&c.bill) && message.contains(&c.named),
        "{message}"
    );
    let cleared = app.post(&path, &[("Attributes", "{}")]).await;
    assert_twilio_error(cleared, 400, 22229).await;
    let fetched = json_with_status(app.get(&path).await, StatusCode::OK).await;
    assert_eq!(
        fetched["attributes"]["address_sids"],
        Value::from(vec![c.named.clone()]),
        "a refused update changes nothing"
    );

    let same = format!(
        r#"{{"address_sids": ["{}"], "note": "rescanned"}}"#,
        c.named
    );
    let updated = json_with_status(
        app.post(
            &path,
            &[("Attributes", &same), ("FriendlyName", "Bill 2031")],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(updated["attributes"]["note"], "rescanned");
}

#[tokio::test]
async fn replace_items_from_a_copy_puts_the_same_addresses_back_on_the_original() {
    let app = spawn_app_with(manual).await;
    let c = copied(&app).await;
    let other = create_address(&app).await;
    assert_twilio_error(unassign(&app, &c.copy, &c.assigned).await, 400, 22229).await;
    assert_twilio_error(assign_response(&app, &c.copy, &other).await, 400, 22229).await;

    json_with_status(submit(&app, &c.copy).await, StatusCode::OK).await;
    json_with_status(
        review(&app, &c.copy, &[("Status", "twilio-approved")]).await,
        StatusCode::OK,
    )
    .await;
    json_with_status(
        replace(&app, &c.original, &[("FromBundleSid", &c.copy)]).await,
        StatusCode::CREATED,
    )
    .await;

    let objects: Vec<String> = assignments(&app, &c.original)
        .await
        .into_iter()
        .map(|p| p.1)
        .collect();
    assert!(
        objects.contains(&c.assigned) && objects.contains(&c.bill),
        "{objects:?}"
    );
    assert!(!objects.contains(&other), "{objects:?}");
    let bill = json_with_status(
        app.get(&format!("{DOCUMENTS}/{}", c.bill)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        bill["attributes"]["address_sids"],
        Value::from(vec![c.named.clone()])
    );
    assert_eq!(
        fetch_bundle(&app, &c.original).await["status"],
        "twilio-approved"
    );
}
