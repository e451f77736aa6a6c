//! `/2010-04-01/Accounts[/{Sid}].json`: subaccounts, who sees them, and their status.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{
    assert_twilio_error, json_with_status, spawn_app, spawn_app_with, Creds, TestApp,
};

pub const ACCOUNTS: &str = "/2010-04-01/Accounts.json";

/// A bad request: the path, the form, a word the message names.
type PathCase<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);

fn account_path(sid: &str) -> String {
    format!("/2010-04-01/Accounts/{sid}.json")
}

/// A subaccount of `parent` created through the 2010 API; returns its credentials.
pub async fn create_subaccount(app: &TestApp, parent: &Creds, name: &str) -> Creds {
    let body = json_with_status(
        app.post_as(parent, ACCOUNTS, &[("FriendlyName", name)])
            .await,
        StatusCode::CREATED,
    )
    .await;
    Creds {
        sid: body["sid"].as_str().unwrap().to_string(),
        token: body["auth_token"].as_str().unwrap().to_string(),
    }
}

/// Every account a list shows `creds`, following `next_page_uri`.
async fn listed_sids(app: &TestApp, creds: &Creds, first: &str) -> Vec<String> {
    let mut sids = Vec::new();
    let mut next = Some(first.to_string());
    while let Some(uri) = next {
        let body = json_with_status(app.get_as(creds, &uri).await, StatusCode::OK).await;
        for account in body["accounts"].as_array().unwrap() {
            sids.push(account["sid"].as_str().unwrap().to_string());
        }
        next = body["next_page_uri"].as_str().map(str::to_string);
    }
    sids.sort();
    sids
}

fn sorted(sids: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = sids.iter().map(|s| s.to_string()).collect();
    out.sort();
    out
}

#[tokio::test]
async fn a_parent_creates_a_subaccount_that_works_with_its_own_token() {
    let app = spawn_app().await;
    let created = json_with_status(
        app.post(ACCOUNTS, &[("FriendlyName", "team b")]).await,
        StatusCode::CREATED,
    )
    .await;

    let sid = created["sid"].as_str().unwrap();
    assert!(sid.starts_with("AC") && sid.len() == 34 && sid != app.creds.sid);
    assert_eq!(created["owner_account_sid"], app.creds.sid.as_str());
    assert_eq!(created["friendly_name"], "team b");
    assert_eq!(created["status"], "active");
    assert_eq!(created["type"], "Full");
    assert_eq!(created["uri"], account_path(sid));
    assert_eq!(
        created["subresource_uris"]["addresses"],
        format!("/2010-04-01/Accounts/{sid}/Addresses.json")
    );
    assert!(created["date_created"].as_str().unwrap().ends_with("+0000"));
    let child = Creds {
        sid: sid.to_string(),
        token: created["auth_token"].as_str().unwrap().to_string(),
    };
    let mine = json_with_status(app.get_as(&child, &account_path(sid)).await, StatusCode::OK).await;
    assert_eq!(mine, created);
    let form = [("FriendlyName", "Bo"), ("Type", "individual")];
    let end_user = app
        .post_as(&child, "/v2/RegulatoryCompliance/EndUsers", &form)
        .await;
    assert_eq!(
        json_with_status(end_user, StatusCode::CREATED).await["account_sid"],
        sid
    );

    let unnamed = json_with_status(app.post(ACCOUNTS, &[]).await, StatusCode::CREATED).await;
    let name = unnamed["friendly_name"].as_str().unwrap();
    assert!(name.starts_with("SubAccount Created at "), "{name}");
}

#[tokio::test]
async fn a_parent_sees_its_family_and_a_subaccount_only_itself() {
    let app = spawn_app().await;
    let parent = app.creds.clone();
    let first = create_subaccount(&app, &parent, "first").await;
    let second = create_subaccount(&app, &parent, "second").await;
    let stranger = app.create_account();
    let strangers_child = create_subaccount(&app, &stranger, "theirs").await;

    let family = sorted(&[&parent.sid, &first.sid, &second.sid]);
    assert_eq!(
        listed_sids(&app, &parent, &format!("{ACCOUNTS}?PageSize=1")).await,
        family
    );
    assert_eq!(
        listed_sids(&app, &first, ACCOUNTS).await,
        vec![first.sid.clone()]
    );
    let named = listed_sids(&app, &parent, &format!("{ACCOUNTS}?FriendlyName=second")).await;
    assert_eq!(named, vec![second.sid.clone()]);

    for (viewer, hidden) in [
        (&first, &parent.sid),
        (&first, &second.sid),
        (&parent, &stranger.sid),
        (&parent, &strangers_child.sid),
        (&stranger, &first.sid),
    ] {
        let response = app.get_as(viewer, &account_path(hidden)).await;
        assert_twilio_error(response, 404, 20404).await;
        let update = app
            .post_as(viewer, &account_path(hidden), &[("FriendlyName", "x")])
            .await;
        assert_twilio_error(update, 404, 20404).await;
    }
    let grandchild = app
        .post_as(&first, ACCOUNTS, &[("FriendlyName", "grandchild")])
        .await;
    let message = assert_twilio_error(grandchild, 403, 20403).await;
    assert!(message.contains("parent"), "{message}");
    assert_eq!(
        listed_sids(&app, &parent, ACCOUNTS).await,
        family,
        "nothing was created"
    );
}

#[tokio::test]
async fn api_keys_cannot_use_the_accounts_resource() {
    let app = spawn_app().await;
    let keys = format!("/sandbox/Accounts/{}/Keys", app.creds.sid);
    let key = json_with_status(app.post(&keys, &[]).await, StatusCode::CREATED).await;
    let key = Creds {
        sid: key["sid"].as_str().unwrap().to_string(),
        token: key["secret"].as_str().unwrap().to_string(),
    };

    assert_twilio_error(app.post_as(&key, ACCOUNTS, &[]).await, 403, 20403).await;
    assert_twilio_error(app.get_as(&key, ACCOUNTS).await, 403, 20403).await;
    let own = account_path(&app.creds.sid);
    assert_twilio_error(app.get_as(&key, &own).await, 403, 20403).await;
}

#[tokio::test]
async fn account_errors_name_what_to_fix_and_change_nothing() {
    let app = spawn_app().await;
    let child = create_subaccount(&app, &app.creds, "child").await;
    let child_path = account_path(&child.sid);
    let long = "x".repeat(65);
    let cases: [PathCase; 5] = [
        (ACCOUNTS, vec![("FriendlyName", " ")], "FriendlyName"),
        (ACCOUNTS, vec![("FriendlyName", &long)], "64"),
        (
            &child_path,
            vec![("Status", "paused")],
            "active, suspended or closed",
        ),
        (&child_path, vec![("FriendlyName", "")], "FriendlyName"),
        (
            &account_path(&app.creds.sid),
            vec![("Status", "suspended")],
            "its own status",
        ),
    ];
    for (path, form, words) in cases {
        let message = assert_twilio_error(app.post(path, &form).await, 400, 20001).await;
        assert!(message.contains(words), "{form:?}: {message}");
    }
    let filter = app.get(&format!("{ACCOUNTS}?Status=gone")).await;
    assert_twilio_error(filter, 400, 20001).await;

    let closed = app.post(&child_path, &[("Status", "closed")]).await;
    assert_eq!(
        json_with_status(closed, StatusCode::OK).await["status"],
        "closed"
    );
    let reopen = app.post(&child_path, &[("Status", "active")]).await;
    let message = assert_twilio_error(reopen, 400, 20001).await;
    assert!(message.contains("closed"), "{message}");
    let now = json_with_status(app.get(&child_path).await, StatusCode::OK).await;
    assert_eq!(
        (now["friendly_name"].as_str(), now["status"].as_str()),
        (Some("child"), Some("closed"))
    );
    assert_eq!(listed_sids(&app, &app.creds, ACCOUNTS).await.len(), 2);
}

/// Polls `GET /2010-04-01/Accounts/{Sid}.json` as `creds` until it answers `expected`.
async fn until_status(app: &TestApp, creds: &Creds, expected: StatusCode) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let status = app.get_as(creds, &account_path(&creds.sid)).await.status();
        if status == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "still {status}, expected {expected}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_suspended_subaccount_is_refused_until_its_parent_reactivates_it() {
    let app = spawn_app_with(|c| c.credential_ttl_ms = 200).await;
    let child = create_subaccount(&app, &app.creds, "child").await;
    until_status(&app, &child, StatusCode::OK).await;

    let path = account_path(&child.sid);
    let suspended = json_with_status(
        app.post(&path, &[("Status", "suspended")]).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(suspended["status"], "suspended");
    until_status(&app, &child, StatusCode::UNAUTHORIZED).await;
    let listed = json_with_status(
        app.get(&format!("{ACCOUNTS}?Status=suspended")).await,
        StatusCode::OK,
    )
    .await;
    let sids: Vec<&Value> = listed["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["sid"])
        .collect();
    assert_eq!(sids, [child.sid.as_str()]);

    let active = app
        .post(&path, &[("Status", "active"), ("FriendlyName", "back")])
        .await;
    let active = json_with_status(active, StatusCode::OK).await;
    assert_eq!(
        (active["status"].as_str(), active["friendly_name"].as_str()),
        (Some("active"), Some("back"))
    );
    until_status(&app, &child, StatusCode::OK).await;
}
