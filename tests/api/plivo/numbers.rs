use reqwest::StatusCode;
use serde_json::json;

use crate::fixtures::plivo::{assert_plivo_error, Plivo};
use crate::helpers::{assert_twilio_error, json_with_status, spawn_app_with};
use regbox::config::ReviewMode;

#[tokio::test]
async fn buying_with_an_application_needs_it_accepted_and_links_the_number() {
    let app = spawn_app_with(|c| c.review = ReviewMode::Manual).await;
    let plivo = Plivo::new(&app);
    let id = plivo.create("Acme").await;
    let buy = |number: &str, app_id: Option<&str>| {
        let body = match app_id {
            Some(a) => json!({"number": number, "compliance_application_id": a}),
            None => json!({"number": number}),
        };
        let path = format!("/PhoneNumber/{number}/");
        let plivo = &plivo;
        async move { plivo.post_json(&path, &body).await }
    };
    assert_plivo_error(
        buy("912212345678", Some(&id)).await,
        400,
        "compliance_not_approved",
        Some("compliance_application_id"),
    )
    .await;
    assert_plivo_error(
        buy("912212345678", Some("00000000-0000-0000-0000-000000000000")).await,
        404,
        "not_found",
        None,
    )
    .await;
    plivo.review(&id, "accepted", None).await;
    // A US number does not match an India application.
    assert_plivo_error(
        buy("14155550123", Some(&id)).await,
        400,
        "country_mismatch",
        Some("compliance_application_id"),
    )
    .await;
    let bought = json_with_status(buy("912212345678", Some(&id)).await, StatusCode::CREATED).await;
    assert_eq!(bought["status"], "fulfilled");
    assert_eq!(bought["numbers"][0]["number"], "912212345678");
    let linked = plivo.fetch(&id).await["linked_numbers"].clone();
    assert_eq!(
        linked,
        json!([{"number": "+912212345678", "number_type": "local"}])
    );

    // One inventory: Twilio's purchase of the same number is refused, and Twilio lists it.
    let twilio = app
        .post(
            &format!(
                "/2010-04-01/Accounts/{}/IncomingPhoneNumbers.json",
                app.creds.sid
            ),
            &[("PhoneNumber", "+912212345678")],
        )
        .await;
    assert_twilio_error(twilio, 400, 21422).await;
    let owned = json_with_status(
        app.get(&format!(
            "/2010-04-01/Accounts/{}/IncomingPhoneNumbers.json?PhoneNumber=%2B912212345678",
            app.creds.sid
        ))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(owned["incoming_phone_numbers"].as_array().unwrap().len(), 1);
    // And Plivo cannot buy it twice.
    assert_eq!(
        buy("912212345678", None).await.status(),
        StatusCode::NOT_FOUND
    );

    // Deleting the accepted application unlinks its numbers (the number stays bought).
    plivo
        .delete(&format!("/PhoneNumber/Compliance/{id}/"))
        .await;
    let mut conn = app.state.db.get().unwrap();
    use diesel::prelude::*;
    let links: i64 = regbox::db::schema::compliance_number_links::table
        .count()
        .get_result(&mut **conn)
        .unwrap();
    assert_eq!(links, 0);
}

#[tokio::test]
async fn linking_reports_each_number_in_request_order() {
    let app = spawn_app_with(|c| c.review = ReviewMode::Manual).await;
    let plivo = Plivo::new(&app);
    let accepted = plivo.create("Accepted").await;
    plivo.review(&accepted, "accepted", None).await;
    let pending = plivo.create("Pending").await;
    for number in ["912212345001", "912212345002"] {
        let response = plivo
            .post_json(&format!("/PhoneNumber/{number}/"), &json!({}))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    // A Twilio-bought US number on the same account.
    let us = app
        .post(
            &format!(
                "/2010-04-01/Accounts/{}/IncomingPhoneNumbers.json",
                app.creds.sid
            ),
            &[("PhoneNumber", "+14155550100")],
        )
        .await;
    assert_eq!(
        us.status(),
        StatusCode::CREATED,
        "{}",
        us.text().await.unwrap()
    );

    let body = json_with_status(
        plivo
            .post_json(
                "/PhoneNumber/Compliance/Link/",
                &json!({"numbers": [
                    {"number": "+912212345001", "compliance_application_id": accepted},
                    {"number": "+912212345999", "compliance_application_id": accepted},
                    {"number": "+912212345002", "compliance_application_id": pending},
                    {"number": "+912212345002", "compliance_application_id": "00000000-0000-0000-0000-000000000000"},
                    {"number": "+14155550100", "compliance_application_id": accepted},
                ]}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["total_count"], 5);
    assert_eq!(body["updated_count"], 1);
    let report: Vec<(String, String, String)> = body["report"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["number"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["remarks"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        report,
        [
            (
                "+912212345001",
                "success",
                "Number linked to compliance application."
            ),
            (
                "+912212345999",
                "failed",
                "Number not found on your account."
            ),
            (
                "+912212345002",
                "failed",
                "Compliance application is not accepted."
            ),
            (
                "+912212345002",
                "failed",
                "Compliance application not found."
            ),
            ("+14155550100", "failed", "Country mismatch"),
        ]
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    );
    let linked = plivo.fetch(&accepted).await["linked_numbers"].clone();
    assert_eq!(
        linked,
        json!([{"number": "+912212345001", "number_type": "local"}])
    );

    let empty = json_with_status(
        plivo
            .post_json("/PhoneNumber/Compliance/Link/", &json!({"numbers": []}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(empty["total_count"], 0);
    assert_plivo_error(
        plivo
            .post_json("/PhoneNumber/Compliance/Link/", &json!({}))
            .await,
        400,
        "missing_required_field",
        Some("numbers"),
    )
    .await;
}

#[tokio::test]
async fn a_number_is_linked_and_shown_through_the_number_resource() {
    let app = spawn_app_with(|c| c.review = ReviewMode::Manual).await;
    let plivo = Plivo::new(&app);
    let id = plivo.create("Acme").await;
    let bought = plivo
        .post_json("/PhoneNumber/912212345600/", &json!({}))
        .await;
    assert_eq!(bought.status(), StatusCode::CREATED);
    let before = json_with_status(plivo.get("/Number/912212345600/").await, StatusCode::OK).await;
    assert_eq!(before["number"], "912212345600");
    assert_eq!(before["country"], "IN");
    assert!(before["compliance_application_id"].is_null());

    let update = json!({"compliance_application_id": id});
    assert_plivo_error(
        plivo.post_json("/Number/912212345600/", &update).await,
        400,
        "invalid_field_value",
        Some("compliance_application_id"),
    )
    .await;
    plivo.review(&id, "accepted", None).await;
    let changed = json_with_status(
        plivo.post_json("/Number/912212345600/", &update).await,
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(changed["message"], "changed");
    let after = json_with_status(plivo.get("/Number/912212345600").await, StatusCode::OK).await;
    assert_eq!(after["compliance_application_id"], id.as_str());
    assert_eq!(after["compliance_status"], "accepted");
    assert_plivo_error(
        plivo.get("/Number/912212345601/").await,
        404,
        "not_found",
        None,
    )
    .await;
}
