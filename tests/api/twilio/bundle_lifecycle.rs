use std::time::Duration;

use reqwest::StatusCode;

use crate::fixtures::{
    assign, create_bundle, fetch_bundle, make_compliant, manual, review, submit, submitted_bundle,
    wait_for_status, BUNDLES,
};
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app_on, spawn_app_with};

const SOON: Duration = Duration::from_secs(10);

#[tokio::test]
async fn submitting_a_noncompliant_bundle_is_refused_naming_the_first_failing_requirement() {
    let app = spawn_app_with(manual).await;
    let sid = create_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();

    let message = assert_twilio_error(submit(&app, &sid).await, 400, 22214).await;
    assert!(
        message.contains("individual_info") && message.contains("End-User"),
        "{message}"
    );
    assert_eq!(fetch_bundle(&app, &sid).await["status"], "draft");
    let evaluations = json_with_status(
        app.get(&format!("{BUNDLES}/{sid}/Evaluations")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        evaluations["results"].as_array().unwrap().len(),
        0,
        "a refused submit leaves nothing behind"
    );
}

#[tokio::test]
async fn auto_review_approves_a_compliant_bundle_and_documents_follow() {
    let app = spawn_app_with(|c| c.review_delay_ms = 50).await;
    let bundle = create_bundle(&app, &[]).await;
    let sid = bundle["sid"].as_str().unwrap();
    make_compliant(&app, sid).await;
    let form = [
        ("FriendlyName", "passport"),
        ("Type", "utility_bill"),
        ("Attributes", "{}"),
    ];
    let document = json_with_status(
        app.post("/v2/RegulatoryCompliance/SupportingDocuments", &form)
            .await,
        StatusCode::CREATED,
    )
    .await;
    assign(&app, sid, document["sid"].as_str().unwrap()).await;

    let submitted = json_with_status(submit(&app, sid).await, StatusCode::OK).await;
    assert_eq!(submitted["status"], "pending-review");
    let document_path = format!(
        "/v2/RegulatoryCompliance/SupportingDocuments/{}",
        document["sid"].as_str().unwrap()
    );
    assert_eq!(
        json_with_status(app.get(&document_path).await, StatusCode::OK).await["status"],
        "pending-review"
    );

    wait_for_status(&app, sid, "twilio-approved", SOON).await;
    assert_eq!(
        json_with_status(app.get(&document_path).await, StatusCode::OK).await["status"],
        "approved"
    );
}

#[tokio::test]
async fn auto_review_rejects_test_bundles_with_a_reason_and_the_owner_can_resubmit() {
    let app = spawn_app_with(|c| c.review_delay_ms = 50).await;
    let submitted = submitted_bundle(&app, &[("IsTest", "True")]).await;
    let sid = submitted["sid"].as_str().unwrap();
    wait_for_status(&app, sid, "twilio-rejected", SOON).await;

    let log = json_with_status(
        app.get(&format!("/sandbox/Callbacks?BundleSid={sid}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        log["callbacks"].as_array().unwrap().is_empty(),
        "no StatusCallback, no log rows"
    );

    let resubmitted = json_with_status(submit(&app, sid).await, StatusCode::OK).await;
    assert_eq!(resubmitted["status"], "pending-review");
}

#[tokio::test]
async fn the_control_plane_performs_reviewer_moves_in_manual_mode() {
    let app = spawn_app_with(manual).await;
    let sid = submitted_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    // An absence cannot be awaited: in auto mode the test settings' 100 ms review delay would
    // have moved the bundle on by now.
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(
        fetch_bundle(&app, &sid).await["status"],
        "pending-review",
        "manual mode waits"
    );

    let in_review = json_with_status(
        review(&app, &sid, &[("Status", "in-review")]).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(in_review["status"], "in-review");
    let form = [
        ("Status", "twilio-approved"),
        ("ValidUntil", "2030-01-31T00:00:00Z"),
    ];
    let approved = json_with_status(review(&app, &sid, &form).await, StatusCode::OK).await;
    assert_eq!(approved["status"], "twilio-approved");
    assert_eq!(approved["valid_until"], "2030-01-31T00:00:00Z");
}

#[tokio::test]
async fn the_control_plane_refuses_moves_a_reviewer_could_not_make() {
    let app = spawn_app_with(manual).await;
    let draft = create_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let message = assert_twilio_error(
        review(&app, &draft, &[("Status", "twilio-approved")]).await,
        400,
        20001,
    )
    .await;
    assert!(message.contains("draft"), "{message}");
    assert_twilio_error(
        review(&app, &draft, &[("Status", "draft")]).await,
        400,
        20001,
    )
    .await;
    assert_twilio_error(review(&app, &draft, &[]).await, 400, 20001).await;

    let sid = submitted_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let early = [("Status", "in-review"), ("ValidUntil", "2030-01-01")];
    assert_twilio_error(review(&app, &sid, &early).await, 400, 20001).await;
    let rejected = json_with_status(
        review(&app, &sid, &[("Status", "twilio-rejected")]).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rejected["status"], "twilio-rejected");
    assert_twilio_error(
        review(&app, &sid, &[("Status", "twilio-approved")]).await,
        400,
        20001,
    )
    .await;
}

#[tokio::test]
async fn items_can_change_only_in_draft_and_rejected() {
    let app = spawn_app_with(manual).await;
    let sid = submitted_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let end_user = crate::fixtures::create_end_user(&app, "{}").await;
    let path = format!("{BUNDLES}/{sid}/ItemAssignments");
    let message = assert_twilio_error(
        app.post(&path, &[("ObjectSid", end_user.as_str())]).await,
        409,
        20409,
    )
    .await;
    assert!(message.contains("pending-review"), "{message}");

    review(
        &app,
        &sid,
        &[("Status", "twilio-rejected"), ("FailureReason", "blurry")],
    )
    .await;
    assign(&app, &sid, &end_user).await;
}

#[tokio::test]
async fn of_concurrent_submits_exactly_one_wins() {
    let app = spawn_app_with(manual).await;
    let sid = create_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    make_compliant(&app, &sid).await;

    let attempts = (0..8).map(|_| submit(&app, &sid));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts)
        .await
        .iter()
        .map(|r| r.status())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || s.is_client_error()),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn of_concurrent_reviews_exactly_one_wins() {
    let app = spawn_app_with(manual).await;
    let sid = submitted_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let approvals = (0..4).map(|_| review(&app, &sid, &[("Status", "twilio-approved")]));
    let rejections = (0..4).map(|_| review(&app, &sid, &[("Status", "twilio-rejected")]));
    let responses = futures_util::future::join_all(approvals.chain(rejections)).await;
    let statuses: Vec<StatusCode> = responses.iter().map(|r| r.status()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn a_pending_review_survives_a_restart() {
    let app = spawn_app_with(|c| c.review_delay_ms = 300).await;
    let sid = submitted_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let db = app.stop().await;

    let restarted = spawn_app_on(db, |c| c.review_delay_ms = 50).await;
    wait_for_status(&restarted, &sid, "twilio-approved", SOON).await;
}

#[tokio::test]
async fn expiry_never_rejects_a_bundle_whose_valid_until_was_cleared_after_it_was_read() {
    let app = spawn_app_with(manual).await;
    let sid = submitted_bundle(&app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    review(
        &app,
        &sid,
        &[
            ("Status", "twilio-approved"),
            ("ValidUntil", "2030-01-01T00:00:00Z"),
        ],
    )
    .await;
    // What the expiry check would have read while the date had passed…
    let mut conn = app.state.db.get().unwrap();
    let mut stale = regbox::db::bundles::find_any(&mut conn, &sid)
        .unwrap()
        .unwrap();
    stale.valid_until = Some(regbox::domain::time::now() - chrono::Duration::days(1));
    // …before the owner's ReplaceItems (here: the control plane) cleared it.
    let cleared = app
        .post(
            &format!("/sandbox/Bundles/{sid}/ValidUntil"),
            &[("ValidUntil", "")],
        )
        .await;
    assert_eq!(cleared.status(), StatusCode::OK);

    let outcome = regbox::jobs::expiry::expire(&mut conn, &app.state.clocks, &stale);
    assert!(
        matches!(
            outcome,
            Err(regbox::domain::error::DomainError::Conflict(_))
        ),
        "{outcome:?}"
    );
    assert_eq!(fetch_bundle(&app, &sid).await["status"], "twilio-approved");
}
