//! `/sandbox/Clock`: each account's clock moves forward on demand, and that account's background
//! work and timestamps follow it; other accounts' clocks stay on real time.

use std::time::Duration;

use chrono::{NaiveDateTime, Utc};
use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::numbers::{account_path, bought_au_local};
use crate::fixtures::receiver::Receiver;
use crate::fixtures::{approve, draft, manual, AU_INDIVIDUAL};
use crate::fixtures::{create_bundle, fetch_bundle, make_compliant, submit, wait_for_status};
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app, spawn_app_with, TestApp};

const DAY: i64 = 86_400;
const SOON: Duration = Duration::from_secs(10);

async fn advance(app: &TestApp, seconds: i64) -> Value {
    let form = [("Advance", seconds.to_string())];
    let response = app
        .client
        .post(app.url("/sandbox/Clock"))
        .basic_auth(&app.creds.sid, Some(&app.creds.token))
        .form(&form)
        .send()
        .await
        .unwrap();
    json_with_status(response, StatusCode::OK).await
}

fn parse(at: &Value) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(at.as_str().unwrap(), "%Y-%m-%dT%H:%M:%SZ").unwrap()
}

/// Seconds between a wire timestamp and real time now.
fn seconds_ahead(at: &Value) -> i64 {
    (parse(at) - Utc::now().naive_utc()).num_seconds()
}

#[tokio::test]
async fn the_clock_moves_forward_only_for_the_account_that_asks() {
    let app = spawn_app().await;
    let clock = json_with_status(app.get("/sandbox/Clock").await, StatusCode::OK).await;
    assert_eq!(clock["offset_seconds"], 0);
    assert!(seconds_ahead(&clock["now"]).abs() <= 2, "{clock}");

    advance(&app, 3600).await;
    let clock = advance(&app, DAY).await;
    assert_eq!(clock["offset_seconds"], DAY + 3600);
    assert!(
        (seconds_ahead(&clock["now"]) - DAY - 3600).abs() <= 2,
        "{clock}"
    );

    let other = app.create_account();
    let theirs = json_with_status(app.get_as(&other, "/sandbox/Clock").await, StatusCode::OK).await;
    assert_eq!(theirs["offset_seconds"], 0);
}

#[tokio::test]
async fn the_clock_never_moves_back_or_more_than_ten_years_at_once() {
    let app = spawn_app().await;
    for bad in ["0", "-60", "1.5", "tomorrow", "", "316224001"] {
        let response = app.post("/sandbox/Clock", &[("Advance", bad)]).await;
        let message = assert_twilio_error(response, 400, 20001).await;
        assert!(message.contains("Advance"), "{bad}: {message}");
    }
    let clock = json_with_status(app.get("/sandbox/Clock").await, StatusCode::OK).await;
    assert_eq!(clock["offset_seconds"], 0);
}

#[tokio::test]
async fn timestamps_follow_the_accounts_clock_and_lists_stay_in_order() {
    let app = spawn_app().await;
    let before = create_bundle(&app, &[]).await;
    advance(&app, 30 * DAY).await;
    let after = create_bundle(&app, &[]).await;
    assert!(
        (seconds_ahead(&after["date_created"]) - 30 * DAY).abs() <= 2,
        "{after}"
    );
    assert!(
        seconds_ahead(&before["date_created"]).abs() <= 2,
        "{before}"
    );

    let list = json_with_status(
        app.get("/v2/RegulatoryCompliance/Bundles?SortBy=date-created&SortDirection=DESC")
            .await,
        StatusCode::OK,
    )
    .await;
    let sids: Vec<&Value> = list["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| &b["sid"])
        .collect();
    assert_eq!(sids, vec![&after["sid"], &before["sid"]]);

    let updated = json_with_status(
        app.post(
            &format!(
                "/v2/RegulatoryCompliance/Bundles/{}",
                before["sid"].as_str().unwrap()
            ),
            &[("FriendlyName", "renamed")],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        (seconds_ahead(&updated["date_updated"]) - 30 * DAY).abs() <= 2,
        "{updated}"
    );

    let other = app.create_account();
    let form = [("FriendlyName", "Bo"), ("Type", "individual")];
    let theirs = json_with_status(
        app.post_as(&other, "/v2/RegulatoryCompliance/EndUsers", &form)
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert!(
        seconds_ahead(&theirs["date_created"]).abs() <= 2,
        "{theirs}"
    );
}

#[tokio::test]
async fn moving_the_clock_past_valid_until_expires_only_that_accounts_bundle() {
    let receiver = Receiver::start(200).await;
    let settings = |c: &mut regbox::config::Config| {
        manual(c);
        c.worker_poll_ms = 20;
    };
    let first = spawn_app_with(settings).await;
    // A second view of the same server's database, acting as another account.
    let mut second = first.replica(settings).await;
    second.creds = first.create_account();
    let callback = [("StatusCallback", receiver.url.as_str())];
    let valid_until = (Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let mine = draft(&first, "mine", &AU_INDIVIDUAL, &callback).await;
    approve(&first, &mine, Some(&valid_until)).await;
    let theirs = draft(&second, "theirs", &AU_INDIVIDUAL, &callback).await;
    approve(&second, &theirs, Some(&valid_until)).await;

    advance(&first, 31 * DAY).await;
    let expired = wait_for_status(&first, &mine, "twilio-rejected", SOON).await;
    assert!(
        (seconds_ahead(&expired["date_updated"]) - 31 * DAY).abs() <= 2,
        "{expired}"
    );
    let rejection = |bundle: &str| {
        let bundle = bundle.to_string();
        move |r: &&crate::fixtures::receiver::Received| {
            r.param("BundleSid") == Some(bundle.as_str())
                && r.param("Status") == Some("twilio-rejected")
        }
    };
    let deadline = tokio::time::Instant::now() + SOON;
    while receiver.received().iter().filter(rejection(&mine)).count() == 0 {
        assert!(tokio::time::Instant::now() < deadline, "no expiry callback");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Several more polls of both replicas: still one callback, and the other account untouched.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let received = receiver.received();
    assert_eq!(received.iter().filter(rejection(&mine)).count(), 1);
    assert_eq!(received.iter().filter(rejection(&theirs)).count(), 0);
    assert_eq!(
        fetch_bundle(&second, &theirs).await["status"],
        "twilio-approved"
    );
}

#[tokio::test]
async fn review_steps_fall_due_on_the_accounts_clock() {
    // An hour per review step: on real time nothing would happen during the test.
    let app = spawn_app_with(|c| {
        c.review_delay_ms = 3_600_000;
        c.worker_poll_ms = 20;
    })
    .await;
    let bundle = create_bundle(&app, &[]).await;
    let sid = bundle["sid"].as_str().unwrap();
    make_compliant(&app, sid).await;
    json_with_status(submit(&app, sid).await, StatusCode::OK).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(fetch_bundle(&app, sid).await["status"], "pending-review");

    advance(&app, 3601).await;
    wait_for_status(&app, sid, "in-review", SOON).await;
    advance(&app, 3601).await;
    wait_for_status(&app, sid, "twilio-approved", SOON).await;
}

/// Seconds between a 2010 (RFC 2822) wire timestamp and real time now.
fn rfc2822_seconds_ahead(at: &Value) -> i64 {
    let at = chrono::DateTime::parse_from_rfc2822(at.as_str().unwrap()).unwrap();
    (at.naive_utc() - Utc::now().naive_utc()).num_seconds()
}

#[tokio::test]
async fn a_phone_numbers_timestamps_follow_the_accounts_clock() {
    let app = spawn_app().await;
    advance(&app, 30 * DAY).await;
    let (number, _, _) = bought_au_local(&app).await;
    assert!(
        (rfc2822_seconds_ahead(&number["date_created"]) - 30 * DAY).abs() <= 2,
        "{number}"
    );
    advance(&app, DAY).await;
    let path = format!(
        "{}/IncomingPhoneNumbers/{}.json",
        account_path(&app.creds),
        number["sid"].as_str().unwrap()
    );
    let updated = json_with_status(
        app.post(&path, &[("FriendlyName", "front desk")]).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        (rfc2822_seconds_ahead(&updated["date_updated"]) - 31 * DAY).abs() <= 2,
        "{updated}"
    );
}
