//! Credentials on a running server: a rotated token or a deleted API key stops working on every
//! replica within `REGBOX_CREDENTIAL_TTL_MS`, and only the auth token manages API keys.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::{assert_twilio_error, json_with_status, spawn_app_with, Creds, TestApp};

const END_USERS: &str = "/v2/RegulatoryCompliance/EndUsers";
const TTL_MS: u64 = 300;

fn short_ttl(config: &mut regbox::config::Config) {
    config.credential_ttl_ms = TTL_MS;
}

/// Polls `GET /EndUsers` as `creds` until it answers `expected`; returns how long that took.
async fn until_status(app: &TestApp, creds: &Creds, expected: StatusCode) -> Duration {
    let started = Instant::now();
    let deadline = started + Duration::from_millis(TTL_MS * 10 + 2000);
    loop {
        let status = app.get_as(creds, END_USERS).await.status();
        if status == expected {
            return started.elapsed();
        }
        assert!(
            Instant::now() < deadline,
            "still {status} after {:?}, expected {expected}",
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn mint_key(app: &TestApp, creds: &Creds) -> Creds {
    let path = format!("/sandbox/Accounts/{}/Keys", creds.sid);
    let key = json_with_status(app.post_as(creds, &path, &[]).await, StatusCode::CREATED).await;
    Creds {
        sid: key["sid"].as_str().unwrap().to_string(),
        token: key["secret"].as_str().unwrap().to_string(),
    }
}

#[tokio::test]
async fn a_token_rotated_in_the_database_is_refused_by_a_running_replica_within_the_ttl() {
    let first = spawn_app_with(short_ttl).await;
    let second = first.replica(short_ttl).await;
    let old = first.creds.clone();
    assert_eq!(
        second.get_as(&old, END_USERS).await.status(),
        StatusCode::OK
    );

    let mut pooled = first.state.db.get().unwrap();
    let conn: &mut regbox::db::AnyConnection = &mut pooled;
    use regbox::db::schema::accounts::dsl::{accounts, auth_token};
    diesel::update(accounts.find(&old.sid))
        .set(auth_token.eq("rotated-token"))
        .execute(conn)
        .unwrap();

    let took = until_status(&second, &old, StatusCode::UNAUTHORIZED).await;
    assert!(
        took < Duration::from_millis(TTL_MS * 10),
        "refused only after {took:?}"
    );
    let rotated = Creds {
        sid: old.sid.clone(),
        token: "rotated-token".into(),
    };
    assert_eq!(
        second.get_as(&rotated, END_USERS).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_api_key_cannot_mint_or_delete_api_keys() {
    let app = spawn_app_with(short_ttl).await;
    let key = mint_key(&app, &app.creds).await;
    let keys = format!("/sandbox/Accounts/{}/Keys", app.creds.sid);

    let minted = app.post_as(&key, &keys, &[]).await;
    let message = assert_twilio_error(minted, 403, 20403).await;
    assert!(message.contains("auth token"), "{message}");
    let deleted = app
        .client
        .delete(app.url(&format!("{keys}/{}", key.sid)))
        .basic_auth(&key.sid, Some(&key.token))
        .send()
        .await
        .unwrap();
    assert_twilio_error(deleted, 403, 20403).await;
    assert_eq!(app.get_as(&key, END_USERS).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_deleted_key_stops_working_on_every_replica_within_the_ttl() {
    let first = spawn_app_with(short_ttl).await;
    let second = first.replica(short_ttl).await;
    let key = mint_key(&first, &first.creds).await;
    let kept = mint_key(&first, &first.creds).await;
    for app in [&first, &second] {
        assert_eq!(app.get_as(&key, END_USERS).await.status(), StatusCode::OK);
    }

    let path = format!("/sandbox/Accounts/{}/Keys/{}", first.creds.sid, key.sid);
    let deleted = first.delete(&path).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);

    assert_twilio_error(first.get_as(&key, END_USERS).await, 401, 20003).await;
    let took = until_status(&second, &key, StatusCode::UNAUTHORIZED).await;
    assert!(
        took < Duration::from_millis(TTL_MS * 10),
        "refused only after {took:?}"
    );
    assert_eq!(
        second.get_as(&kept, END_USERS).await.status(),
        StatusCode::OK,
        "the other key still works"
    );
    assert_twilio_error(first.delete(&path).await, 404, 20404).await;
}

#[tokio::test]
async fn deleting_a_key_of_another_account_or_a_malformed_sid_is_20404() {
    let app = spawn_app_with(short_ttl).await;
    let other = app.create_account();
    let theirs = mint_key(&app, &other).await;

    let foreign = format!("/sandbox/Accounts/{}/Keys/{}", other.sid, theirs.sid);
    assert_twilio_error(app.delete(&foreign).await, 404, 20404).await;
    let mine_path = format!("/sandbox/Accounts/{}/Keys/{}", app.creds.sid, theirs.sid);
    assert_twilio_error(app.delete(&mine_path).await, 404, 20404).await;
    let malformed = format!("/sandbox/Accounts/{}/Keys/SK123", app.creds.sid);
    assert_twilio_error(app.delete(&malformed).await, 404, 20404).await;
    assert_eq!(
        app.get_as(&theirs, END_USERS).await.status(),
        StatusCode::OK,
        "their key survived"
    );
}
