//! Regulations, EndUserTypes and SupportingDocumentTypes: the read-only catalog over HTTP.

use std::collections::HashSet;

use regbox::config::Config;
use regbox::startup::Application;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{
    assert_twilio_error, collect_pages, json_with_status, spawn_app, spawn_app_with, TestApp,
};

const REGULATIONS: &str = "/v2/RegulatoryCompliance/Regulations";
const END_USER_TYPES: &str = "/v2/RegulatoryCompliance/EndUserTypes";
const DOCUMENT_TYPES: &str = "/v2/RegulatoryCompliance/SupportingDocumentTypes";

/// Sorted keys of a JSON object.
fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

fn is_sid(value: &Value, prefix: &str) -> bool {
    value.as_str().is_some_and(|s| {
        s.len() == 34 && s.starts_with(prefix) && s[2..].bytes().all(|b| b.is_ascii_hexdigit())
    })
}

async fn get_ok(app: &TestApp, path: &str) -> Value {
    json_with_status(app.get(path).await, StatusCode::OK).await
}

async fn au_individual(app: &TestApp, query: &str) -> Value {
    let body = get_ok(
        app,
        &format!("{REGULATIONS}?IsoCountry=AU&NumberType=local&EndUserType=individual{query}"),
    )
    .await;
    assert_eq!(body["results"].as_array().map(Vec::len), Some(1), "{body}");
    body["results"][0].clone()
}

fn sids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["sid"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn regulations_have_twilios_regulation_shape() {
    let app = spawn_app().await;
    let regulation = au_individual(&app, "").await;

    // Keys and types of numbers.v2.regulatory_compliance.regulation.
    assert_eq!(
        keys(&regulation),
        [
            "end_user_type",
            "friendly_name",
            "iso_country",
            "number_type",
            "requirements",
            "sid",
            "url"
        ]
    );
    assert!(is_sid(&regulation["sid"], "RN"), "{regulation}");
    assert_eq!(regulation["friendly_name"], "Australia: Local - Individual");
    assert_eq!(regulation["iso_country"], "AU");
    assert_eq!(regulation["number_type"], "local");
    assert_eq!(regulation["end_user_type"], "individual");
    let sid = regulation["sid"].as_str().unwrap();
    assert_eq!(
        regulation["url"],
        format!("{}{REGULATIONS}/{sid}", app.address)
    );
}

#[tokio::test]
async fn regulation_requirements_have_twilios_nested_shape() {
    let app = spawn_app().await;
    let regulation = au_individual(&app, "").await;
    let requirements = &regulation["requirements"];
    assert_eq!(keys(requirements), ["end_user", "supporting_document"]);
    let end_user = &requirements["end_user"][0];
    assert_eq!(
        keys(end_user),
        [
            "detailed_fields",
            "fields",
            "name",
            "requirement_name",
            "type",
            "url"
        ]
    );
    assert_eq!(end_user["type"], "individual");
    assert_eq!(end_user["requirement_name"], "individual_info");
    assert_eq!(
        end_user["url"],
        format!("{}{REGULATIONS}/individual", app.address)
    );
    assert_eq!(
        end_user["fields"],
        serde_json::json!(["first_name", "last_name"])
    );
    assert_eq!(
        keys(&end_user["detailed_fields"][0]),
        ["description", "friendly_name", "machine_name"]
    );
    assert_eq!(
        end_user["detailed_fields"][0]["friendly_name"],
        "First Name"
    );

    let group = requirements["supporting_document"][0]
        .as_array()
        .expect("array of arrays");
    let proof = &group[0];
    assert_eq!(
        keys(proof),
        [
            "accepted_documents",
            "description",
            "name",
            "requirement_name",
            "type"
        ]
    );
    assert_eq!(
        (proof["type"].as_str(), proof["requirement_name"].as_str()),
        (Some("document"), Some("proof_of_address"))
    );
    let address = &proof["accepted_documents"][0];
    assert_eq!(
        keys(address),
        ["detailed_fields", "fields", "name", "type", "url"]
    );
    assert_eq!(
        (address["name"].as_str(), address["type"].as_str()),
        (Some("Address Validation"), Some("address"))
    );
    assert_eq!(
        address["url"],
        format!(
            "{}/v2/RegulatoryCompliance/DocumentTypes/address",
            app.address
        )
    );
    assert_eq!(address["fields"], serde_json::json!(["address_sids"]));
    let types: Vec<&str> = proof["accepted_documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["type"].as_str().unwrap())
        .collect();
    assert!(types.contains(&"utility_bill"), "{types:?}");
}

#[tokio::test]
async fn the_catalog_models_the_countries_twilio_regulates() {
    let app = spawn_app().await;
    let (all, _) = collect_pages(&app, REGULATIONS).await;
    assert!(all.len() >= 15, "{}", all.len());
    let countries: HashSet<&str> = all
        .iter()
        .map(|r| r["iso_country"].as_str().unwrap())
        .collect();
    assert!(countries.len() >= 6, "{countries:?}");
    let names: HashSet<&str> = all
        .iter()
        .map(|r| r["friendly_name"].as_str().unwrap())
        .collect();
    for expected in [
        "Germany: Local - Business",
        "France: Local - Business",
        "Japan: Toll Free - Business",
        "India: Local - Business",
        "United Kingdom: Local - Individual",
        "United States: Toll Free - Business",
    ] {
        assert!(
            names.contains(expected),
            "{expected} missing from {names:?}"
        );
    }
    let france = all
        .iter()
        .find(|r| r["friendly_name"] == "France: Local - Business")
        .unwrap();
    let accepted: Vec<&str> = france["requirements"]["supporting_document"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|group| group.as_array().unwrap())
        .flat_map(|req| req["accepted_documents"].as_array().unwrap())
        .map(|doc| doc["type"].as_str().unwrap())
        .collect();
    for doc in [
        "commercial_registrar_excerpt",
        "government_issued_document",
        "power_of_attorney",
    ] {
        assert!(accepted.contains(&doc), "{doc} not in {accepted:?}");
    }
}

#[tokio::test]
async fn regulation_filters_narrow_the_list_and_ignore_case_and_spelling() {
    let app = spawn_app().await;
    let au = get_ok(&app, &format!("{REGULATIONS}?IsoCountry=au")).await;
    let au = au["results"].as_array().unwrap();
    assert!(!au.is_empty() && au.iter().all(|r| r["iso_country"] == "AU"));

    let business = get_ok(
        &app,
        &format!("{REGULATIONS}?EndUserType=business&PageSize=1000"),
    )
    .await;
    assert!(business["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["end_user_type"] == "business"));

    let dashed = get_ok(&app, &format!("{REGULATIONS}?NumberType=toll-free")).await;
    let joined = get_ok(&app, &format!("{REGULATIONS}?NumberType=TollFree")).await;
    assert_eq!(dashed["results"], joined["results"]);
    let toll_free = dashed["results"].as_array().unwrap();
    assert!(toll_free.len() >= 2 && toll_free.iter().all(|r| r["number_type"] == "toll-free"));

    let none = get_ok(
        &app,
        &format!("{REGULATIONS}?IsoCountry=ZZ&NumberType=mobile"),
    )
    .await;
    assert_eq!(none["results"], serde_json::json!([]));
}

#[tokio::test]
async fn invalid_regulation_filters_are_refused_with_twilios_codes() {
    let app = spawn_app().await;
    let message = assert_twilio_error(
        app.get(&format!("{REGULATIONS}?EndUserType=robot")).await,
        400,
        22212,
    )
    .await;
    assert!(message.contains("EndUserType"), "{message}");
    let message = assert_twilio_error(
        app.get(&format!("{REGULATIONS}?NumberType=satellite"))
            .await,
        400,
        22213,
    )
    .await;
    assert!(message.contains("NumberType"), "{message}");
    let message = assert_twilio_error(
        app.get(&format!("{REGULATIONS}?IncludeConstraints=maybe"))
            .await,
        400,
        20001,
    )
    .await;
    assert!(message.contains("IncludeConstraints"), "{message}");
}

#[tokio::test]
async fn include_constraints_adds_each_fields_constraint() {
    let app = spawn_app().await;
    let plain = au_individual(&app, "&IncludeConstraints=false").await;
    assert!(plain["requirements"]["end_user"][0]["detailed_fields"][0]
        .get("constraint")
        .is_none());

    let with = au_individual(&app, "&IncludeConstraints=True").await;
    assert_eq!(
        with["requirements"]["end_user"][0]["detailed_fields"][0]["constraint"],
        "String"
    );
    let address = &with["requirements"]["supporting_document"][0][0]["accepted_documents"][0];
    assert!(
        address["detailed_fields"][0]["constraint"].is_string(),
        "{address}"
    );

    let sid = with["sid"].as_str().unwrap();
    let fetched = get_ok(
        &app,
        &format!("{REGULATIONS}/{sid}?IncludeConstraints=true"),
    )
    .await;
    assert_eq!(fetched, with);
}

#[tokio::test]
async fn unknown_or_malformed_catalog_sids_are_20404() {
    let app = spawn_app().await;
    let end_user_type = get_ok(&app, &format!("{END_USER_TYPES}/individual")).await;
    let oy = end_user_type["sid"].as_str().unwrap();
    for path in [
        format!("{REGULATIONS}/RN00000000000000000000000000000000"),
        format!("{REGULATIONS}/RN123"),
        format!("{REGULATIONS}/{oy}"),
        format!("{END_USER_TYPES}/OY00000000000000000000000000000000"),
        format!("{END_USER_TYPES}/robot"),
        format!("{DOCUMENT_TYPES}/{oy}"),
        format!("{DOCUMENT_TYPES}/individual"),
    ] {
        assert_twilio_error(app.get(&path).await, 404, 20404).await;
    }
}

#[tokio::test]
async fn regulations_page_through_every_entry_once_keeping_filters() {
    let app = spawn_app().await;
    let (all, _) = collect_pages(&app, REGULATIONS).await;
    let (paged, pages) = collect_pages(&app, &format!("{REGULATIONS}?PageSize=4")).await;
    assert!(pages >= 3, "{pages}");
    assert_eq!(sids(&paged), sids(&all), "same entries, same stable order");

    let first = get_ok(&app, &format!("{REGULATIONS}?NumberType=local&PageSize=2")).await;
    let next = first["meta"]["next_page_url"].as_str().unwrap();
    assert!(
        next.starts_with(&format!(
            "{}{REGULATIONS}?NumberType=local&PageSize=2&Page=1&PageToken=PT",
            app.address
        )),
        "{next}"
    );
    let (local, pages) =
        collect_pages(&app, &format!("{REGULATIONS}?NumberType=local&PageSize=2")).await;
    assert!(pages >= 3, "{pages}");
    assert!(local.iter().all(|r| r["number_type"] == "local"));
    let unique: HashSet<String> = sids(&local).into_iter().collect();
    assert_eq!(unique.len(), local.len(), "no duplicates");
    assert_eq!(
        local.len(),
        all.iter().filter(|r| r["number_type"] == "local").count()
    );

    let second = get_ok(&app, next).await;
    assert_eq!(second["meta"]["page"], 1);
    let back = get_ok(&app, second["meta"]["previous_page_url"].as_str().unwrap()).await;
    assert_eq!(back["results"], first["results"]);
}

#[tokio::test]
async fn type_resources_have_twilios_shape_and_fetch_by_sid_or_machine_name() {
    let app = spawn_app().await;
    for (path, key, machine_name) in [
        (END_USER_TYPES, "end_user_types", "business"),
        (DOCUMENT_TYPES, "supporting_document_types", "passport"),
    ] {
        let body = get_ok(&app, path).await;
        assert_eq!(body["meta"]["key"], key);
        let items = body[key].as_array().unwrap();
        let item = items
            .iter()
            .find(|t| t["machine_name"] == machine_name)
            .unwrap();
        assert_eq!(
            keys(item),
            ["fields", "friendly_name", "machine_name", "sid", "url"]
        );
        assert!(is_sid(&item["sid"], "OY"), "{item}");
        let sid = item["sid"].as_str().unwrap();
        assert_eq!(item["url"], format!("{}{path}/{sid}", app.address));
        let field = &item["fields"][0];
        assert_eq!(keys(field), ["constraint", "friendly_name", "machine_name"]);
        assert!(field["constraint"].is_string());

        assert_eq!(&get_ok(&app, &format!("{path}/{sid}")).await, item);
        assert_eq!(&get_ok(&app, &format!("{path}/{machine_name}")).await, item);
    }
    let address = get_ok(&app, &format!("{DOCUMENT_TYPES}/address")).await;
    assert_eq!(address["friendly_name"], "Address Validation");
    assert_eq!(address["fields"][0]["machine_name"], "address_sids");
}

#[tokio::test]
async fn type_lists_page_without_duplicates() {
    let app = spawn_app().await;
    let (all, pages) = collect_pages(&app, &format!("{DOCUMENT_TYPES}?PageSize=3")).await;
    assert!(pages >= 3, "{pages}");
    let unique: HashSet<String> = sids(&all).into_iter().collect();
    assert_eq!(unique.len(), all.len());
    let (users, _) = collect_pages(&app, &format!("{END_USER_TYPES}?PageSize=1")).await;
    let machine_names: Vec<&str> = users
        .iter()
        .map(|t| t["machine_name"].as_str().unwrap())
        .collect();
    assert_eq!(machine_names, ["individual", "business"]);
}

#[tokio::test]
async fn catalog_sids_are_the_same_in_every_app() {
    let (one, two) = (spawn_app().await, spawn_app().await);
    for path in [REGULATIONS, END_USER_TYPES, DOCUMENT_TYPES] {
        let (a, _) = collect_pages(&one, path).await;
        let (b, _) = collect_pages(&two, path).await;
        assert!(!a.is_empty());
        assert_eq!(sids(&a), sids(&b), "{path}");
    }
}

#[tokio::test]
async fn catalog_routes_need_credentials() {
    let app = spawn_app().await;
    for path in [
        REGULATIONS,
        END_USER_TYPES,
        DOCUMENT_TYPES,
        &format!("{END_USER_TYPES}/individual"),
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_twilio_error(response, 401, 20003).await;
    }
}

const EXTENSION: &str = r#"{
  "supporting_document_types": [{"machine_name": "nz_company_extract", "friendly_name": "NZ Companies Office Extract",
    "fields": [{"machine_name": "business_name", "friendly_name": "Business Name", "constraint": "String"}]}],
  "regulations": [{"key": "nz-local-business", "friendly_name": "New Zealand: Local - Business",
    "iso_country": "NZ", "number_type": "local", "end_user_type": "business",
    "end_user": [{"name": "Business", "type": "business", "requirement_name": "business_info", "fields": ["business_name"]}],
    "supporting_document": [[{"name": "Business Name", "requirement_name": "business_name_info",
      "accepted_documents": [{"type": "nz_company_extract", "fields": ["business_name"]}]}]]}]}"#;

#[tokio::test]
async fn a_catalog_file_extends_the_builtin_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.json");
    std::fs::write(&path, EXTENSION).unwrap();
    let builtin = spawn_app().await;
    let app = spawn_app_with(|c| c.catalog = Some(path)).await;

    let (before, _) = collect_pages(&builtin, REGULATIONS).await;
    let (after, _) = collect_pages(&app, REGULATIONS).await;
    assert_eq!(after.len(), before.len() + 1);
    let nz = get_ok(&app, &format!("{REGULATIONS}?IsoCountry=nz")).await;
    let nz = &nz["results"][0];
    assert_eq!(nz["friendly_name"], "New Zealand: Local - Business");
    let accepted = &nz["requirements"]["supporting_document"][0][0]["accepted_documents"][0];
    assert_eq!(accepted["name"], "NZ Companies Office Extract");
    let extract = get_ok(&app, &format!("{DOCUMENT_TYPES}/nz_company_extract")).await;
    assert!(is_sid(&extract["sid"], "OY"));
}

#[tokio::test]
async fn a_replacing_catalog_file_is_the_whole_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.json");
    let replacing = EXTENSION.replacen('{', r#"{"replace": true, "end_user_types": [{"machine_name": "business", "friendly_name": "Business", "fields": [{"machine_name": "business_name", "friendly_name": "Business Name"}]}],"#, 1);
    std::fs::write(&path, replacing).unwrap();
    let app = spawn_app_with(|c| c.catalog = Some(path)).await;
    let (all, _) = collect_pages(&app, REGULATIONS).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["iso_country"], "NZ");
}

#[tokio::test]
async fn an_invalid_catalog_file_stops_start_up_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(
        &path,
        EXTENSION.replace(r#""type": "nz_company_extract""#, r#""type": "nz_extract""#),
    )
    .unwrap();
    let mut config = Config::for_tests(dir.path().join("regbox.db").to_string_lossy().into_owned());
    config.catalog = Some(path);
    let message = match Application::build(config).await {
        Ok(_) => panic!("a catalog naming an unknown document type must not start"),
        Err(error) => error.to_string(),
    };
    assert!(message.contains("bad.json"), "{message}");
    assert!(
        message.contains("nz-local-business") && message.contains("nz_extract"),
        "{message}"
    );
}
