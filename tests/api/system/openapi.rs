//! `GET /openapi.json`: the document describes exactly the routes regbox serves, points clients at
//! this server, and the live responses of a few operations match its response schemas.

use std::collections::BTreeSet;

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Map, Value};

use crate::fixtures::{create_bundle, BUNDLES};
use crate::helpers::{json_with_status, spawn_app, TestApp};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `(METHOD, path)`, e.g. `("POST", "/v2/RegulatoryCompliance/Bundles")`.
type Operation = (String, String);

async fn served_document(app: &TestApp) -> Value {
    // No credentials: the document is public.
    let response = app
        .client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    json_with_status(response, StatusCode::OK).await
}

fn documented_operations(doc: &Value) -> BTreeSet<Operation> {
    let mut operations = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS.into_iter().filter(|m| item.get(*m).is_some()) {
            operations.insert((method.to_uppercase(), path.clone()));
        }
    }
    operations
}

fn routed_operations() -> BTreeSet<Operation> {
    regbox::api::route_table()
        .into_iter()
        .flat_map(|(path, methods)| {
            methods
                .into_iter()
                .map(move |method| (method.as_str().to_string(), path.clone()))
        })
        .collect()
}

#[tokio::test]
async fn the_document_describes_exactly_the_routes_regbox_serves() {
    let app = spawn_app().await;
    let doc = served_document(&app).await;

    let documented = documented_operations(&doc);
    let routed = routed_operations();

    let undocumented: Vec<&Operation> = routed.difference(&documented).collect();
    let unserved: Vec<&Operation> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty() && unserved.is_empty(),
        "routes with no operation in /openapi.json: {undocumented:#?}\n\
         operations in /openapi.json that no route serves: {unserved:#?}"
    );
}

#[tokio::test]
async fn the_document_is_openapi_3_and_points_at_this_server() {
    let app = spawn_app().await;
    let doc = served_document(&app).await;

    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["servers"][0]["url"], app.address.as_str());
    for (method, path) in documented_operations(&doc) {
        let item = &doc["paths"][&path];
        let operation = &item[method.to_lowercase()];
        let where_ = format!("{method} {path}");
        assert!(
            item.get("servers").is_none() && operation.get("servers").is_none(),
            "{where_} overrides servers"
        );
        let responses = operation["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{where_} has no responses"));
        assert!(
            responses.keys().any(|status| status.starts_with('2')),
            "{where_} documents no success"
        );
        assert!(
            responses.contains_key("4XX") && responses.contains_key("default"),
            "{where_} documents no errors"
        );
        assert_path_parameters_declared(&doc, &path, item, operation);
    }
    assert_refs_resolve(&doc, &doc);
}

#[tokio::test]
async fn supporting_document_posts_document_the_multipart_file_upload() {
    let app = spawn_app().await;
    let doc = served_document(&app).await;

    for path in [
        "/v2/RegulatoryCompliance/SupportingDocuments",
        "/v2/RegulatoryCompliance/SupportingDocuments/{Sid}",
    ] {
        let content = &doc["paths"][path]["post"]["requestBody"]["content"];
        assert!(
            content.get("application/x-www-form-urlencoded").is_some(),
            "POST {path} lost its form body"
        );
        let schema = resolve(&doc, &content["multipart/form-data"]["schema"]);
        assert_eq!(
            schema["properties"]["File"],
            json!({"type": "string", "format": "binary", "description": schema["properties"]["File"]["description"]})
        );
        for field in ["FriendlyName", "Type", "Attributes"] {
            assert!(
                schema["properties"].get(field).is_some(),
                "POST {path} multipart lacks {field}"
            );
        }
    }
}

#[tokio::test]
async fn live_responses_match_the_documented_schemas() {
    let app = spawn_app().await;
    let doc = served_document(&app).await;
    let end_users = "/v2/RegulatoryCompliance/EndUsers";

    let form = [
        ("FriendlyName", "Ann"),
        ("Type", "individual"),
        ("Attributes", r#"{"first_name": "Ann"}"#),
    ];
    let end_user = json_with_status(app.post(end_users, &form).await, StatusCode::CREATED).await;
    assert_documented(&doc, "post", end_users, StatusCode::CREATED, &end_user);

    let bundle = create_bundle(&app, &[("StatusCallback", "http://127.0.0.1:9/callback")]).await;
    assert_documented(&doc, "post", BUNDLES, StatusCode::CREATED, &bundle);

    let list = json_with_status(
        app.get(&format!("{BUNDLES}?PageSize=1")).await,
        StatusCode::OK,
    )
    .await;
    assert_documented(&doc, "get", BUNDLES, StatusCode::OK, &list);

    let missing = app
        .get(&format!("{end_users}/IT00000000000000000000000000000000"))
        .await;
    let error = json_with_status(missing, StatusCode::NOT_FOUND).await;
    assert_documented(
        &doc,
        "get",
        &format!("{end_users}/{{Sid}}"),
        StatusCode::NOT_FOUND,
        &error,
    );

    let document = upload_pdf(&app).await;
    assert_documented(
        &doc,
        "post",
        "/v2/RegulatoryCompliance/SupportingDocuments",
        StatusCode::CREATED,
        &document,
    );

    let callbacks = json_with_status(app.get("/sandbox/Callbacks").await, StatusCode::OK).await;
    assert_documented(
        &doc,
        "get",
        "/sandbox/Callbacks",
        StatusCode::OK,
        &callbacks,
    );
}

#[tokio::test]
async fn the_schema_check_accepts_nulls_where_nullable_and_rejects_wrong_types() {
    let app = spawn_app().await;
    let doc = served_document(&app).await;
    let bundle = create_bundle(&app, &[]).await;
    let check = |body: &Value| schema_problems(&doc, "post", BUNDLES, StatusCode::CREATED, body);

    let mut nulls = bundle.clone();
    nulls["valid_until"] = Value::Null;
    nulls["status_callback"] = Value::Null;
    assert_eq!(check(&nulls), Vec::<String>::new());

    let mut broken = bundle.clone();
    broken["sid"] = json!("XX123");
    broken["date_created"] = json!(5);
    broken["status"] = json!("approved");
    broken["url"] = json!("not a url");
    let problems = check(&broken).join("\n");
    for field in ["/sid", "/date_created", "/status", "/url"] {
        assert!(
            problems.contains(&format!("at {field}:")),
            "{field} not flagged:\n{problems}"
        );
    }
}

async fn upload_pdf(app: &TestApp) -> Value {
    let form = Form::new()
        .text("FriendlyName", "passport scan")
        .text("Type", "passport")
        .part(
            "File",
            Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name("scan.pdf"),
        );
    let response = app
        .client
        .post(app.url("/v2/RegulatoryCompliance/SupportingDocuments"))
        .basic_auth(&app.creds.sid, Some(&app.creds.token))
        .multipart(form)
        .send()
        .await
        .unwrap();
    json_with_status(response, StatusCode::CREATED).await
}

/// Checks `body` against the JSON schema the document gives `method path` for `status`.
fn assert_documented(doc: &Value, method: &str, path: &str, status: StatusCode, body: &Value) {
    let problems = schema_problems(doc, method, path, status, body);
    assert!(
        problems.is_empty(),
        "{} {path} → {status}: body does not match the documented schema:\n{}\nbody: {body:#}",
        method.to_uppercase(),
        problems.join("\n")
    );
}

/// How `body` breaks the schema for `status` (the exact status, else its class such as `4XX`,
/// else `default`), with `$ref`s resolved within the document.
fn schema_problems(
    doc: &Value,
    method: &str,
    path: &str,
    status: StatusCode,
    body: &Value,
) -> Vec<String> {
    let where_ = format!("{} {path} → {status}", method.to_uppercase());
    let responses = &doc["paths"][path][method]["responses"];
    let class = format!("{}XX", status.as_u16() / 100);
    let response = [status.as_str(), &class, "default"]
        .into_iter()
        .find_map(|key| responses.get(key))
        .unwrap_or_else(|| panic!("{where_}: status not documented"));
    let schema = &resolve(doc, response)["content"]["application/json"]["schema"];
    assert!(schema.is_object(), "{where_}: no JSON schema");

    let mut root = json_schema(schema);
    root["components"] = json_schema(&doc["components"]);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("{where_}: unusable schema: {e}"));
    validator
        .iter_errors(body)
        .map(|e| format!("  at {}: {e}", e.instance_path()))
        .collect()
}

/// OpenAPI 3.0 says `nullable: true` where JSON Schema wants `null` among the types (or the enum
/// values); a nullable `$ref` becomes "the reference, or null".
fn json_schema(node: &Value) -> Value {
    match node {
        Value::Array(items) => Value::Array(items.iter().map(json_schema).collect()),
        Value::Object(map) => {
            let mut out: Map<String, Value> = map
                .iter()
                .map(|(k, v)| (k.clone(), json_schema(v)))
                .collect();
            if map.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(kind)) = map.get("type") {
                    out.insert("type".into(), json!([kind, "null"]));
                }
                if let Some(Value::Array(values)) = out.get_mut("enum") {
                    values.push(Value::Null);
                }
                if out.contains_key("$ref") {
                    return json!({"anyOf": [out, {"type": "null"}]});
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// The value a local `$ref` points at, or `value` itself.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => doc
            .pointer(
                reference
                    .strip_prefix('#')
                    .unwrap_or_else(|| panic!("non-local $ref {reference}")),
            )
            .unwrap_or_else(|| panic!("unresolved $ref {reference}")),
        None => value,
    }
}

fn assert_refs_resolve(doc: &Value, node: &Value) {
    match node {
        Value::Object(map) => {
            if map.contains_key("$ref") {
                resolve(doc, node);
            }
            map.values()
                .for_each(|child| assert_refs_resolve(doc, child));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|child| assert_refs_resolve(doc, child)),
        _ => {}
    }
}

/// Every `{Name}` in the path template is a required `in: path` parameter of the operation.
fn assert_path_parameters_declared(doc: &Value, path: &str, item: &Value, operation: &Value) {
    let declared: BTreeSet<String> = [&item["parameters"], &operation["parameters"]]
        .into_iter()
        .filter_map(Value::as_array)
        .flatten()
        .map(|parameter| resolve(doc, parameter))
        .filter(|parameter| parameter["in"] == "path" && parameter["required"] == true)
        .map(|parameter| parameter["name"].as_str().unwrap().to_string())
        .collect();
    let in_template: BTreeSet<String> = path
        .split('{')
        .skip(1)
        .map(|rest| rest.split('}').next().unwrap().to_string())
        .collect();
    assert_eq!(declared, in_template, "path parameters of {path}");
}
