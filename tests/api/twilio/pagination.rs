use std::collections::HashSet;

use reqwest::StatusCode;

use crate::helpers::{collect_pages, json_with_status, spawn_app};

const END_USERS: &str = "/v2/RegulatoryCompliance/EndUsers";

#[tokio::test]
async fn list_pages_through_every_row_once_newest_first() {
    let app = spawn_app().await;
    let mut created = Vec::new();
    for i in 0..7 {
        let body = json_with_status(
            app.post(
                END_USERS,
                &[
                    ("FriendlyName", &format!("user {i}")),
                    ("Type", "individual"),
                ],
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        created.push(body["sid"].as_str().unwrap().to_string());
    }

    let (items, pages) = collect_pages(&app, &format!("{END_USERS}?PageSize=3")).await;
    assert_eq!(pages, 3);
    let sids: Vec<String> = items
        .iter()
        .map(|i| i["sid"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        sids.iter().collect::<HashSet<_>>().len(),
        7,
        "no duplicates: {sids:?}"
    );
    assert_eq!(
        sids.iter().collect::<HashSet<_>>(),
        created.iter().collect::<HashSet<_>>()
    );
    let dates: Vec<&str> = items
        .iter()
        .map(|i| i["date_created"].as_str().unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
}

#[tokio::test]
async fn meta_urls_are_absolute_on_this_server_and_previous_page_walks_back() {
    let app = spawn_app().await;
    for i in 0..5 {
        app.post(
            END_USERS,
            &[("FriendlyName", &format!("u{i}")), ("Type", "business")],
        )
        .await;
    }
    let first = json_with_status(
        app.get(&format!("{END_USERS}?PageSize=2")).await,
        StatusCode::OK,
    )
    .await;
    let meta = &first["meta"];
    assert_eq!(meta["key"], "results");
    assert_eq!(meta["page"], 0);
    assert_eq!(meta["page_size"], 2);
    assert_eq!(
        meta["first_page_url"],
        format!("{}{END_USERS}?PageSize=2&Page=0", app.address)
    );
    assert!(meta["previous_page_url"].is_null());
    let next = meta["next_page_url"].as_str().unwrap();
    assert!(
        next.starts_with(&format!(
            "{}{END_USERS}?PageSize=2&Page=1&PageToken=PT",
            app.address
        )),
        "{next}"
    );

    let second = json_with_status(app.get(next).await, StatusCode::OK).await;
    assert_eq!(second["meta"]["page"], 1);
    let previous = second["meta"]["previous_page_url"].as_str().unwrap();
    let back = json_with_status(app.get(previous).await, StatusCode::OK).await;
    assert_eq!(back["results"], first["results"]);
}

#[tokio::test]
async fn page_size_over_1000_is_clamped_not_refused() {
    let app = spawn_app().await;
    let body = json_with_status(
        app.get(&format!("{END_USERS}?PageSize=5000")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["meta"]["page_size"], 1000);
}

#[tokio::test]
async fn rows_created_while_paging_are_neither_repeated_nor_skipped() {
    let app = spawn_app().await;
    for i in 0..4 {
        app.post(
            END_USERS,
            &[("FriendlyName", &format!("old {i}")), ("Type", "business")],
        )
        .await;
    }
    let first = json_with_status(
        app.get(&format!("{END_USERS}?PageSize=2")).await,
        StatusCode::OK,
    )
    .await;
    app.post(END_USERS, &[("FriendlyName", "new"), ("Type", "business")])
        .await;
    let (rest, _) = collect_pages(&app, first["meta"]["next_page_url"].as_str().unwrap()).await;
    let mut names: Vec<&str> = first["results"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest.iter())
        .map(|i| i["friendly_name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, vec!["old 0", "old 1", "old 2", "old 3"]);
}
