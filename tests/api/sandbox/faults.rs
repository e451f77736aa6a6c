//! `/sandbox/Faults`: injected errors and delays, scoped to the account that asked for them.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{
    assert_twilio_error, json_with_status, spawn_app, spawn_app_on, FormCase, TestApp,
};

const END_USERS: &str = "/v2/RegulatoryCompliance/EndUsers";
const END_USER: [(&str, &str); 2] = [("FriendlyName", "Bo"), ("Type", "individual")];

async fn create_fault(app: &TestApp, form: &[(&str, &str)]) -> Value {
    json_with_status(app.post("/sandbox/Faults", form).await, StatusCode::CREATED).await
}

async fn end_user_count(app: &TestApp) -> usize {
    let list = json_with_status(app.get(END_USERS).await, StatusCode::OK).await;
    list["results"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_429_fault_answers_twilios_envelope_count_times_and_creates_nothing() {
    let app = spawn_app().await;
    let fault = create_fault(
        &app,
        &[
            ("Path", END_USERS),
            ("Method", "POST"),
            ("Status", "429"),
            ("Count", "2"),
        ],
    )
    .await;
    assert!(fault["sid"].as_str().unwrap().starts_with("FA"));
    assert_eq!(fault["code"], 20429);
    assert_eq!(
        (fault["count"].clone(), fault["remaining"].clone()),
        (2.into(), 2.into())
    );
    assert_eq!(fault["method"], "POST");
    assert!(fault["url"]
        .as_str()
        .unwrap()
        .ends_with(fault["sid"].as_str().unwrap()));

    for _ in 0..2 {
        let response = app.post(END_USERS, &END_USER).await;
        assert_eq!(response.headers()["retry-after"], "1");
        assert_twilio_error(response, 429, 20429).await;
    }
    // A GET does not match the fault's method, so the list is served and shows nothing created.
    assert_eq!(end_user_count(&app).await, 0);
    json_with_status(app.post(END_USERS, &END_USER).await, StatusCode::CREATED).await;
    assert_eq!(end_user_count(&app).await, 1);
}

#[tokio::test]
async fn a_fault_takes_the_code_and_message_it_was_given_and_applies_to_any_method() {
    let app = spawn_app().await;
    create_fault(
        &app,
        &[
            ("Path", "/v2/"),
            ("Status", "503"),
            ("Code", "20003"),
            ("Message", "Down for tests"),
        ],
    )
    .await;
    let message = assert_twilio_error(app.get(END_USERS).await, 503, 20003).await;
    assert_eq!(message, "Down for tests");
    json_with_status(app.get(END_USERS).await, StatusCode::OK).await;

    create_fault(&app, &[("Path", "/v2/"), ("Status", "500")]).await;
    assert_twilio_error(app.get(END_USERS).await, 500, 20500).await;
}

#[tokio::test]
async fn another_accounts_requests_and_the_control_plane_are_never_faulted() {
    let app = spawn_app().await;
    let other = app.create_account();
    create_fault(&app, &[("Path", "/"), ("Status", "500"), ("Count", "5")]).await;

    let created = app.post_as(&other, END_USERS, &END_USER).await;
    json_with_status(created, StatusCode::CREATED).await;
    let listed = json_with_status(app.get("/sandbox/Faults").await, StatusCode::OK).await;
    assert_eq!(listed["faults"][0]["remaining"], 5, "{listed}");
    assert_twilio_error(app.get(END_USERS).await, 500, 20500).await;
}

#[tokio::test]
async fn a_delay_without_a_status_delays_the_request_then_serves_it() {
    let app = spawn_app().await;
    create_fault(&app, &[("Path", END_USERS), ("DelayMs", "600")]).await;
    let started = Instant::now();
    json_with_status(app.post(END_USERS, &END_USER).await, StatusCode::CREATED).await;
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );

    let started = Instant::now();
    json_with_status(app.post(END_USERS, &END_USER).await, StatusCode::CREATED).await;
    assert!(
        started.elapsed() < Duration::from_millis(600),
        "the delay was used once"
    );
}

#[tokio::test]
async fn faults_are_listed_with_what_remains_and_deleted() {
    let app = spawn_app().await;
    let fault = create_fault(
        &app,
        &[("Path", END_USERS), ("Status", "400"), ("Count", "3")],
    )
    .await;
    assert_eq!(fault["code"], 20001);
    assert_twilio_error(app.get(END_USERS).await, 400, 20001).await;

    let listed = json_with_status(app.get("/sandbox/Faults").await, StatusCode::OK).await;
    assert_eq!(listed["faults"][0]["sid"], fault["sid"]);
    assert_eq!(listed["faults"][0]["remaining"], 2);
    let other = app.create_account();
    let theirs =
        json_with_status(app.get_as(&other, "/sandbox/Faults").await, StatusCode::OK).await;
    assert!(theirs["faults"].as_array().unwrap().is_empty());

    let path = format!("/sandbox/Faults/{}", fault["sid"].as_str().unwrap());
    assert_eq!(app.delete(&path).await.status(), StatusCode::NO_CONTENT);
    json_with_status(app.get(END_USERS).await, StatusCode::OK).await;
    assert_twilio_error(app.delete(&path).await, 404, 20404).await;
}

#[tokio::test]
async fn bad_fault_input_is_a_400_naming_the_field() {
    let app = spawn_app().await;
    let cases: Vec<FormCase> = vec![
        (vec![("Status", "429")], 20001, "Path"),
        (
            vec![("Path", "v2/RegulatoryCompliance"), ("Status", "429")],
            20001,
            "Path",
        ),
        (vec![("Path", "/v2"), ("Status", "399")], 20001, "Status"),
        (vec![("Path", "/v2"), ("Status", "600")], 20001, "Status"),
        (vec![("Path", "/v2")], 20001, "Status"),
        (
            vec![("Path", "/v2"), ("Status", "500"), ("Count", "0")],
            20001,
            "Count",
        ),
        (
            vec![("Path", "/v2"), ("Status", "500"), ("Count", "1001")],
            20001,
            "Count",
        ),
        (
            vec![("Path", "/v2"), ("DelayMs", "30001")],
            20001,
            "DelayMs",
        ),
        (
            vec![("Path", "/v2"), ("Status", "500"), ("Method", "PATCH")],
            20001,
            "Method",
        ),
    ];
    for (form, code, field) in cases {
        let message =
            assert_twilio_error(app.post("/sandbox/Faults", &form).await, 400, code).await;
        assert!(message.contains(field), "{form:?}: {message}");
    }
    let listed = json_with_status(app.get("/sandbox/Faults").await, StatusCode::OK).await;
    assert!(listed["faults"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_fault_used_up_on_one_replica_is_not_used_again_on_the_other() {
    let first = spawn_app().await;
    let second = first.replica(|_| {}).await;
    // The second replica has seen the account with no faults before the fault is created.
    json_with_status(second.get(END_USERS).await, StatusCode::OK).await;
    create_fault(&first, &[("Path", END_USERS), ("Status", "500")]).await;

    assert_twilio_error(first.get(END_USERS).await, 500, 20500).await;
    for _ in 0..3 {
        json_with_status(second.get(END_USERS).await, StatusCode::OK).await;
        json_with_status(first.get(END_USERS).await, StatusCode::OK).await;
    }
}

#[tokio::test]
async fn a_fault_on_one_replica_reaches_the_other_within_the_cache_ttl() {
    let first = spawn_app().await;
    let second = first.replica(|_| {}).await;
    json_with_status(second.get(END_USERS).await, StatusCode::OK).await;
    create_fault(&first, &[("Path", END_USERS), ("Status", "500")]).await;

    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let response = second.get(END_USERS).await;
        if response.status() == StatusCode::INTERNAL_SERVER_ERROR {
            assert_twilio_error(response, 500, 20500).await;
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the second replica never applied the fault"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    json_with_status(first.get(END_USERS).await, StatusCode::OK).await;
}

#[tokio::test]
async fn a_fault_survives_a_restart_until_used_up() {
    let app = spawn_app().await;
    create_fault(&app, &[("Path", END_USERS), ("Status", "429")]).await;
    let db = app.stop().await;
    let restarted = spawn_app_on(db, |_| {}).await;
    assert_twilio_error(restarted.get(END_USERS).await, 429, 20429).await;
    json_with_status(restarted.get(END_USERS).await, StatusCode::OK).await;
}

#[tokio::test]
async fn concurrent_requests_use_a_fault_exactly_count_times() {
    let app = spawn_app().await;
    create_fault(
        &app,
        &[("Path", END_USERS), ("Status", "503"), ("Count", "5")],
    )
    .await;
    let requests = (0..20).map(|_| app.get(END_USERS));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(requests)
        .await
        .iter()
        .map(reqwest::Response::status)
        .collect();
    let faulted = statuses
        .iter()
        .filter(|s| **s == StatusCode::SERVICE_UNAVAILABLE)
        .count();
    assert_eq!(faulted, 5, "{statuses:?}");
    assert_eq!(statuses.len() - faulted, 15, "{statuses:?}");
}
