//! `GET /Bundles` filters, sort orders and keyset paging under every order.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::{
    approve, au_individual_regulation, done_when, draft, manual, review, submitted_bundle,
    wait_until, Pairs, AU_BUSINESS, AU_INDIVIDUAL, BUNDLES, US_TOLL_FREE,
};
use crate::helpers::{
    assert_twilio_error, collect_pages, json_with_status, spawn_app_with, TestApp,
};

const EARLY: &str = "2030-01-01T00:00:00Z";
const MIDDLE: &str = "2030-03-01T00:00:00Z";
const LATE: &str = "2030-06-01T12:00:00Z";

/// Bundles of every kind the filters tell apart, by name (each bundle's friendly name).
struct Fixture {
    sids: HashMap<&'static str, String>,
}

impl Fixture {
    async fn build(app: &TestApp) -> Fixture {
        let mut sids = HashMap::new();
        sids.insert("alpha", draft(app, "alpha", &AU_INDIVIDUAL, &[]).await);
        sids.insert("acme", draft(app, "acme", &AU_BUSINESS, &[]).await);
        for (name, valid_until) in [
            ("early", Some(EARLY)),
            ("tie-a", Some(MIDDLE)),
            ("late", Some(LATE)),
            ("undated", None),
            ("tie-b", Some(MIDDLE)),
        ] {
            let sid = draft(app, name, &AU_INDIVIDUAL, &[]).await;
            approve(app, &sid, valid_until).await;
            sids.insert(name, sid);
        }
        let us = draft(app, "us", &US_TOLL_FREE, &[]).await;
        approve(app, &us, Some(MIDDLE)).await;
        sids.insert("us", us);
        for name in ["pending", "rejected"] {
            sids.insert(
                name,
                submitted_bundle(app, &[]).await["sid"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
        }
        json_with_status(
            review(app, &sids["rejected"], &[("Status", "twilio-rejected")]).await,
            StatusCode::OK,
        )
        .await;
        Fixture { sids }
    }

    /// The names of the listed bundles, in list order.
    fn names(&self, listed: &[Value]) -> Vec<&'static str> {
        listed
            .iter()
            .map(|b| {
                let sid = b["sid"].as_str().unwrap();
                *self
                    .sids
                    .iter()
                    .find(|(_, s)| s.as_str() == sid)
                    .unwrap_or_else(|| panic!("unknown {sid}"))
                    .0
            })
            .collect()
    }
}

/// A query string as the helper libraries encode it (`ValidUntilDate%3C=…`).
fn query(pairs: &[(&str, &str)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        serializer.append_pair(k, v);
    }
    serializer.finish()
}

async fn listed_names(
    app: &TestApp,
    fixture: &Fixture,
    pairs: &[(&str, &str)],
) -> Vec<&'static str> {
    let (items, _) = collect_pages(app, &format!("{BUNDLES}?{}&PageSize=2", query(pairs))).await;
    let mut names = fixture.names(&items);
    names.sort();
    names
}

fn sorted<'a>(names: &[&'a str]) -> Vec<&'a str> {
    let mut names = names.to_vec();
    names.sort();
    names
}

#[tokio::test]
async fn every_filter_alone_selects_exactly_its_bundles() {
    let app = spawn_app_with(manual).await;
    let f = Fixture::build(&app).await;
    let au = au_individual_regulation(&app).await;
    let two = format!("{},{}", f.sids["alpha"], f.sids["late"]);
    let approved = ["us", "early", "late", "undated", "tie-a", "tie-b"];
    let au_individual = [
        "alpha", "pending", "rejected", "early", "late", "undated", "tie-a", "tie-b",
    ];
    let cases: Vec<(Pairs, Vec<&str>)> = vec![
        (vec![("Status", "twilio-approved")], approved.to_vec()),
        (vec![("Status", "draft")], vec!["alpha", "acme"]),
        (vec![("Status", "pending-review")], vec!["pending"]),
        (vec![("Status", "twilio-rejected")], vec!["rejected"]),
        (vec![("BundleSids", &two)], vec!["alpha", "late"]),
        (vec![("FriendlyName", "acme")], vec!["acme"]),
        (vec![("FriendlyName", "acm")], vec![]),
        (vec![("RegulationSid", &au)], au_individual.to_vec()),
        (vec![("IsoCountry", "US")], vec!["us"]),
        (
            vec![("IsoCountry", "au")],
            [au_individual.as_slice(), &["acme"]].concat(),
        ),
        (vec![("IsoCountry", "DE")], vec![]),
        (vec![("NumberType", "toll-free")], vec!["us"]),
        (vec![("NumberType", "tollfree")], vec!["us"]),
        (vec![("NumberType", "mobile")], vec![]),
        (vec![("EndUserType", "business")], vec!["acme"]),
        (
            vec![("HasValidUntilDate", "true")],
            vec!["us", "early", "late", "tie-a", "tie-b"],
        ),
        (
            vec![("HasValidUntilDate", "False")],
            vec!["alpha", "acme", "pending", "rejected", "undated"],
        ),
        (
            vec![("ValidUntilDate", MIDDLE)],
            vec!["us", "tie-a", "tie-b"],
        ),
        (
            vec![("ValidUntilDate<", MIDDLE)],
            vec!["early", "us", "tie-a", "tie-b"],
        ),
        (
            vec![("ValidUntilDate>", MIDDLE)],
            vec!["us", "tie-a", "tie-b", "late"],
        ),
        (
            vec![("ValidUntilDate<", "2030-02-28T23:59:59+00:00")],
            vec!["early"],
        ),
    ];
    for (pairs, expected) in cases {
        assert_eq!(
            listed_names(&app, &f, &pairs).await,
            sorted(&expected),
            "{pairs:?}"
        );
    }
}

#[tokio::test]
async fn filters_combine_with_and() {
    let app = spawn_app_with(manual).await;
    let f = Fixture::build(&app).await;
    let au = au_individual_regulation(&app).await;
    let three = format!("{},{},{}", f.sids["alpha"], f.sids["early"], f.sids["late"]);
    let cases: Vec<(Pairs, Vec<&str>)> = vec![
        (
            vec![
                ("Status", "twilio-approved"),
                ("IsoCountry", "AU"),
                ("HasValidUntilDate", "true"),
            ],
            vec!["early", "late", "tie-a", "tie-b"],
        ),
        (
            vec![
                ("ValidUntilDate>", "2030-02-01"),
                ("ValidUntilDate<", "2030-05-01"),
            ],
            vec!["us", "tie-a", "tie-b"],
        ),
        (
            vec![("BundleSids", &three), ("Status", "twilio-approved")],
            vec!["early", "late"],
        ),
        (vec![("RegulationSid", &au), ("IsoCountry", "US")], vec![]),
        (
            vec![
                ("IsoCountry", "US"),
                ("NumberType", "tollfree"),
                ("EndUserType", "individual"),
            ],
            vec!["us"],
        ),
        (
            vec![("IsoCountry", "US"), ("EndUserType", "business")],
            vec![],
        ),
        (
            vec![("FriendlyName", "early"), ("HasValidUntilDate", "false")],
            vec![],
        ),
        (
            vec![
                ("HasValidUntilDate", "true"),
                ("SortBy", "valid-until"),
                ("ValidUntilDate<", LATE),
            ],
            vec!["early", "us", "tie-a", "tie-b", "late"],
        ),
    ];
    for (pairs, expected) in cases {
        assert_eq!(
            listed_names(&app, &f, &pairs).await,
            sorted(&expected),
            "{pairs:?}"
        );
    }
}

/// The order a sort should produce: `(key, sid)` in the direction asked, NULL keys last.
fn expected_order(all: &[Value], field: &str, descending: bool) -> Vec<String> {
    let mut rows: Vec<(Option<String>, String)> = all
        .iter()
        .map(|b| {
            (
                b[field].as_str().map(str::to_string),
                b["sid"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    rows.sort_by(|a, b| match (&a.0, &b.0) {
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        _ if descending => b.cmp(a),
        _ => a.cmp(b),
    });
    rows.into_iter().map(|(_, sid)| sid).collect()
}

#[tokio::test]
async fn every_sort_order_pages_through_every_bundle_once_in_order() {
    let app = spawn_app_with(manual).await;
    let f = Fixture::build(&app).await;
    // Timestamps are whole seconds: wait for the next one so alpha's date_updated is the newest.
    let built = chrono::Utc::now().timestamp();
    wait_until(Duration::from_secs(2), "the next whole second", || async {
        let now = chrono::Utc::now().timestamp();
        done_when(now > built, now)
    })
    .await;
    let path = format!("{BUNDLES}/{}", f.sids["alpha"]);
    json_with_status(
        app.post(&path, &[("Email", "new@example.com")]).await,
        StatusCode::OK,
    )
    .await;
    let all = json_with_status(
        app.get(&format!("{BUNDLES}?PageSize=1000")).await,
        StatusCode::OK,
    )
    .await;
    let all = all["results"].as_array().unwrap().clone();
    assert_eq!(all.len(), f.sids.len());

    let orders = [
        (None, None, "date_created", true),
        (Some("date-created"), Some("ASC"), "date_created", false),
        (Some("date-updated"), None, "date_updated", true),
        (Some("date-updated"), Some("ASC"), "date_updated", false),
        (Some("valid-until"), Some("ASC"), "valid_until", false),
        (Some("valid-until"), Some("DESC"), "valid_until", true),
    ];
    for (sort_by, direction, field, descending) in orders {
        let mut pairs: Vec<(&str, &str)> = sort_by.map(|s| ("SortBy", s)).into_iter().collect();
        pairs.extend(direction.map(|d| ("SortDirection", d)));
        let expected = expected_order(&all, field, descending);
        for size in ["1", "2", "3", "1000"] {
            let mut with_size = pairs.clone();
            with_size.push(("PageSize", size));
            let (items, _) = collect_pages(&app, &format!("{BUNDLES}?{}", query(&with_size))).await;
            let listed: Vec<&str> = items.iter().map(|b| b["sid"].as_str().unwrap()).collect();
            assert_eq!(listed, expected, "{with_size:?}: {:?}", f.names(&items));
        }
    }
    let newest_update = collect_pages(&app, &format!("{BUNDLES}?SortBy=date-updated&PageSize=1"))
        .await
        .0;
    assert_eq!(f.names(&newest_update)[0], "alpha");
}

#[tokio::test]
async fn undated_bundles_come_last_in_both_directions_and_previous_pages_walk_back() {
    let app = spawn_app_with(manual).await;
    let f = Fixture::build(&app).await;
    for direction in ["ASC", "DESC"] {
        let first = format!(
            "{BUNDLES}?{}",
            query(&[
                ("SortBy", "valid-until"),
                ("SortDirection", direction),
                ("PageSize", "3")
            ])
        );
        let mut pages = Vec::new();
        let mut next = Some(app.url(&first));
        while let Some(url) = next {
            let body = json_with_status(app.get(&url).await, StatusCode::OK).await;
            next = body["meta"]["next_page_url"].as_str().map(str::to_string);
            pages.push(body);
        }
        let names: Vec<&str> = pages
            .iter()
            .flat_map(|p| f.names(p["results"].as_array().unwrap()))
            .collect();
        let dated = if direction == "ASC" {
            ["early", "tie-a", "tie-b", "us", "late"]
        } else {
            ["late", "us", "tie-b", "tie-a", "early"]
        };
        assert_eq!(
            sorted(&names[..5]),
            sorted(&dated),
            "{direction}: {names:?}"
        );
        assert_eq!(names[0], dated[0]);
        assert_eq!(names[4], dated[4]);
        assert_eq!(
            sorted(&names[5..]),
            sorted(&["alpha", "acme", "pending", "rejected", "undated"]),
            "{names:?}"
        );
        // Walking back from the last page through previous_page_url gives the same pages.
        for i in (1..pages.len()).rev() {
            let previous = pages[i]["meta"]["previous_page_url"].as_str().unwrap();
            let back = json_with_status(app.get(previous).await, StatusCode::OK).await;
            assert_eq!(
                back["results"],
                pages[i - 1]["results"],
                "{direction} page {i}"
            );
        }
    }
}

#[tokio::test]
async fn next_page_url_carries_every_filter_and_sort() {
    let app = spawn_app_with(manual).await;
    let f = Fixture::build(&app).await;
    let pairs = [
        ("Status", "twilio-approved"),
        ("IsoCountry", "AU"),
        ("HasValidUntilDate", "true"),
        ("ValidUntilDate>", "2029-12-31T00:00:00Z"),
        ("ValidUntilDate<", "2031-01-01T00:00:00Z"),
        ("SortBy", "valid-until"),
        ("SortDirection", "ASC"),
        ("PageSize", "1"),
    ];
    let first = json_with_status(
        app.get(&format!("{BUNDLES}?{}", query(&pairs))).await,
        StatusCode::OK,
    )
    .await;
    let next = first["meta"]["next_page_url"].as_str().unwrap();
    let next_url = url::Url::parse(next).unwrap();
    let carried: HashMap<String, String> = next_url.query_pairs().into_owned().collect();
    for (k, v) in &pairs {
        assert_eq!(
            carried.get(*k).map(String::as_str),
            Some(*v),
            "{k} in {next}"
        );
    }
    assert!(
        next.contains("ValidUntilDate%3C=2031-01-01T00%3A00%3A00Z"),
        "{next}"
    );
    assert!(carried["PageToken"].starts_with("PT"));
    let (items, pages) = collect_pages(&app, &format!("{BUNDLES}?{}", query(&pairs))).await;
    assert_eq!(pages, 4);
    assert_eq!(f.names(&items)[..2], ["early", "tie-a"]);
    assert_eq!(f.names(&items)[3], "late");
}

#[tokio::test]
async fn bad_list_parameters_are_20001_naming_the_parameter() {
    let app = spawn_app_with(manual).await;
    let too_many = vec![format!("BU{}", "a".repeat(32)); 21].join(",");
    let cases = [
        ("Status", "approved"),
        ("BundleSids", "BU123"),
        ("BundleSids", too_many.as_str()),
        ("RegulationSid", "RN-nope"),
        ("IsoCountry", "Australia"),
        ("NumberType", "satellite"),
        ("EndUserType", "robot"),
        ("HasValidUntilDate", "maybe"),
        ("ValidUntilDate", "2030-02-30"),
        ("ValidUntilDate<", "yesterday"),
        ("ValidUntilDate>", "2030-01-01T25:00:00Z"),
        ("SortBy", "friendly-name"),
        ("SortDirection", "sideways"),
        ("PageToken", "PTgarbage"),
    ];
    for (name, value) in cases {
        let response = app
            .get(&format!("{BUNDLES}?{}", query(&[(name, value)])))
            .await;
        let message = assert_twilio_error(response, 400, 20001).await;
        assert!(message.contains(name), "{name}={value}: {message}");
    }
}

#[tokio::test]
async fn a_page_token_from_one_sort_continues_only_that_sort() {
    let app = spawn_app_with(manual).await;
    Fixture::build(&app).await;
    let by_valid_until = query(&[
        ("SortBy", "valid-until"),
        ("SortDirection", "ASC"),
        ("PageSize", "8"),
    ]);
    let body = json_with_status(
        app.get(&format!("{BUNDLES}?{by_valid_until}")).await,
        StatusCode::OK,
    )
    .await;
    let next = body["meta"]["next_page_url"].as_str().unwrap();
    assert_eq!(
        json_with_status(app.get(next).await, StatusCode::OK).await["results"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // The token of an undated bundle has no date: reused under date-created it is a clear 20001.
    let token = url::Url::parse(next)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "PageToken")
        .unwrap()
        .1
        .into_owned();
    let response = app
        .get(&format!("{BUNDLES}?{}", query(&[("PageToken", &token)])))
        .await;
    assert!(assert_twilio_error(response, 400, 20001)
        .await
        .contains("PageToken"));
}

#[tokio::test]
async fn another_accounts_bundles_are_never_listed() {
    let app = spawn_app_with(manual).await;
    let mine = draft(&app, "mine", &AU_INDIVIDUAL, &[]).await;
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
    let theirs = theirs["sid"].as_str().unwrap();

    let all = json_with_status(app.get(BUNDLES).await, StatusCode::OK).await;
    let listed: Vec<&str> = all["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["sid"].as_str().unwrap())
        .collect();
    assert_eq!(listed, [mine.as_str()]);
    let both = format!(
        "{BUNDLES}?{}",
        query(&[("BundleSids", &format!("{mine},{theirs}"))])
    );
    let body = json_with_status(app.get(&both).await, StatusCode::OK).await;
    assert_eq!(body["results"].as_array().unwrap().len(), 1);
    let body = json_with_status(app.get_as(&other, &both).await, StatusCode::OK).await;
    assert_eq!(body["results"][0]["sid"], theirs);
}
