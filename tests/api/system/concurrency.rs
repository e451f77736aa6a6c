//! Races between requests that read rows and then write. SQLite serialises writers, so these
//! pass there trivially; on PostgreSQL (READ COMMITTED) they fail without row locks (see
//! docs/ARCHITECTURE.md, "Concurrency"). Each test drives the race many times and asserts the
//! invariant, not a timing: whatever order the requests ran in, the outcome must be one a serial
//! order could produce, and no request answers 5xx.

use futures_util::future::join_all;
use regbox::config::{Config, ReviewMode};
use reqwest::{Response, StatusCode};
use serde_json::Value;

use crate::fixtures::{
    create_address, create_bundle, create_end_user, make_compliant, submit, BUNDLES,
};
use crate::helpers::{collect_pages, json_with_status, spawn_app_with, TestApp};

const ROUNDS: usize = 20;
const END_USERS: &str = "/v2/RegulatoryCompliance/EndUsers";
const DOCUMENTS: &str = "/v2/RegulatoryCompliance/SupportingDocuments";

/// Manual review (nothing moves a submitted bundle on) and enough connections and HTTP workers
/// that the racing requests really run side by side.
fn racing(config: &mut Config) {
    config.review = ReviewMode::Manual;
    config.pool_size = 8;
    config.workers = 4;
}

/// The status and body of a response, with the body parsed when it is JSON.
async fn outcome(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn assert_no_server_error(outcomes: &[(StatusCode, Value)]) {
    for (status, body) in outcomes {
        assert!(!status.is_server_error(), "{status}: {body}");
    }
}

async fn new_bundle(app: &TestApp) -> String {
    create_bundle(app, &[]).await["sid"]
        .as_str()
        .unwrap()
        .to_string()
}

/// `(assignment sid, object sid)` of every item the bundle holds.
async fn assignments(app: &TestApp, bundle: &str) -> Vec<(String, String)> {
    let (items, _) = collect_pages(app, &format!("{BUNDLES}/{bundle}/ItemAssignments")).await;
    items
        .iter()
        .map(|i| {
            (
                i["sid"].as_str().unwrap().to_string(),
                i["object_sid"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_submit_racing_the_removal_of_the_end_user_never_leaves_a_noncompliant_bundle_in_review()
{
    let app = spawn_app_with(racing).await;
    for round in 0..ROUNDS {
        let bundle = new_bundle(&app).await;
        make_compliant(&app, &bundle).await;
        let end_user = assignments(&app, &bundle)
            .await
            .into_iter()
            .find(|(_, object)| object.starts_with("IT"))
            .unwrap();
        let unassign_path = format!("{BUNDLES}/{bundle}/ItemAssignments/{}", end_user.0);

        let (submitted, unassigned) = tokio::join!(
            async { outcome(submit(&app, &bundle).await).await },
            async { outcome(app.delete(&unassign_path).await).await },
        );
        assert_no_server_error(&[submitted.clone(), unassigned.clone()]);

        let won = (
            submitted.0 == StatusCode::OK,
            unassigned.0 == StatusCode::NO_CONTENT,
        );
        assert!(
            won == (true, false) || won == (false, true),
            "round {round}: exactly one must win; submit {submitted:?}, unassign {unassigned:?}"
        );
        if won.0 {
            assert_eq!(unassigned.0, StatusCode::CONFLICT, "{unassigned:?}");
        } else {
            assert_eq!(submitted.1["code"], 22214, "{submitted:?}");
        }
        let evaluation = json_with_status(
            app.post(&format!("{BUNDLES}/{bundle}/Evaluations"), &[])
                .await,
            StatusCode::CREATED,
        )
        .await;
        let status = crate::fixtures::fetch_bundle(&app, &bundle).await["status"].clone();
        if status == "pending-review" {
            assert_eq!(
                evaluation["status"], "compliant",
                "round {round}: a noncompliant bundle is in review"
            );
        }
    }
}

/// What an item delete races against: two assignments of the same item to two bundles.
async fn race_delete_against_two_assignments(app: &TestApp, item: &str, item_path: &str) {
    let (first, second) = (new_bundle(app).await, new_bundle(app).await);
    let assign_to = |bundle: String| {
        let path = format!("{BUNDLES}/{bundle}/ItemAssignments");
        let item = item.to_string();
        async move { outcome(app.post(&path, &[("ObjectSid", &item)]).await).await }
    };
    let (deleted, assigned_first, assigned_second) = tokio::join!(
        async { outcome(app.delete(item_path).await).await },
        assign_to(first.clone()),
        assign_to(second.clone()),
    );
    let outcomes = [deleted.clone(), assigned_first, assigned_second];
    assert_no_server_error(&outcomes);

    let mut holders = Vec::new();
    for bundle in [&first, &second] {
        if assignments(app, bundle)
            .await
            .iter()
            .any(|(_, o)| o == item)
        {
            holders.push(bundle.clone());
        }
    }
    if deleted.0 == StatusCode::NO_CONTENT {
        assert!(
            holders.is_empty(),
            "{item} was deleted but is still assigned to {holders:?}: {outcomes:?}"
        );
        assert_eq!(app.get(item_path).await.status(), StatusCode::NOT_FOUND);
    } else {
        // 21644 / 21645 (400) for an end user / document in a bundle; 20409 for an address.
        let refused = [21644, 21645, 20409].contains(&deleted.1["code"].as_u64().unwrap_or(0));
        assert!(refused, "{outcomes:?}");
        assert!(
            !holders.is_empty(),
            "a refused delete means a bundle holds {item}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_end_user_deleted_while_being_assigned_is_either_kept_or_held_by_nothing() {
    let app = spawn_app_with(racing).await;
    for _ in 0..ROUNDS {
        let user = create_end_user(&app, r#"{"first_name": "Ann", "last_name": "Lee"}"#).await;
        race_delete_against_two_assignments(&app, &user, &format!("{END_USERS}/{user}")).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_document_deleted_while_being_assigned_is_either_kept_or_held_by_nothing() {
    let app = spawn_app_with(racing).await;
    for _ in 0..ROUNDS {
        let form = [
            ("FriendlyName", "Utility bill"),
            ("Type", "utility_bill"),
            ("Attributes", r#"{"address_sids": []}"#),
        ];
        let document =
            json_with_status(app.post(DOCUMENTS, &form).await, StatusCode::CREATED).await;
        let document = document["sid"].as_str().unwrap();
        race_delete_against_two_assignments(&app, document, &format!("{DOCUMENTS}/{document}"))
            .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_address_deleted_while_being_assigned_is_either_kept_or_held_by_nothing() {
    let app = spawn_app_with(racing).await;
    for _ in 0..ROUNDS {
        let address = create_address(&app).await;
        let path = format!(
            "/2010-04-01/Accounts/{}/Addresses/{address}.json",
            app.creds.sid
        );
        race_delete_against_two_assignments(&app, &address, &path).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deleting_a_bundle_while_items_are_assigned_to_it_never_answers_5xx() {
    let app = &spawn_app_with(racing).await;
    for round in 0..ROUNDS / 2 {
        let bundle = new_bundle(app).await;
        let mut users = Vec::new();
        for _ in 0..20 {
            users.push(create_end_user(app, r#"{"first_name": "Ann"}"#).await);
        }
        let path = format!("{BUNDLES}/{bundle}/ItemAssignments");
        let assigns = users.iter().map(|user| {
            let path = path.clone();
            async move { outcome(app.post(&path, &[("ObjectSid", user)]).await).await }
        });
        let (deleted, assigned) = tokio::join!(
            async { outcome(app.delete(&format!("{BUNDLES}/{bundle}")).await).await },
            join_all(assigns),
        );
        assert_eq!(
            deleted.0,
            StatusCode::NO_CONTENT,
            "round {round}: {deleted:?}"
        );
        assert_no_server_error(&assigned);
        for (status, body) in &assigned {
            assert!(
                *status == StatusCode::CREATED
                    || (*status == StatusCode::NOT_FOUND && body["code"] == 20404),
                "round {round}: {status} {body}"
            );
        }
        assert_eq!(
            app.get(&format!("{BUNDLES}/{bundle}")).await.status(),
            StatusCode::NOT_FOUND
        );
        for user in &users {
            let deleted = app.delete(&format!("{END_USERS}/{user}")).await;
            assert_eq!(
                deleted.status(),
                StatusCode::NO_CONTENT,
                "no assignment outlived its bundle"
            );
        }
    }
}
