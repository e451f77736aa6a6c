//! Builds the served document from Twilio's vendored OpenAPI files (`openapi/` at the repository
//! root) and regbox's own additions (`regbox.json` beside this file).

use anyhow::{bail, Context};
use serde_json::{json, Map, Value};

use super::components::{copy_path, object_at, prune_unreferenced};

const NUMBERS_V2: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/openapi/twilio_numbers_v2.json"
));
/// Twilio's whole 2010 API file, from which the Accounts, Addresses and phone-number paths
/// are served.
const API_V2010: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/openapi/twilio_api_v2010.json"
));
/// The `/sandbox` routes, `/openapi.json`, and the components regbox adds.
const REGBOX: &str = include_str!("regbox.json");
/// Plivo's Compliance API and number purchase (Plivo publishes no OpenAPI file: written from
/// its documentation and the SDKs, see docs/PLIVO.md), and regbox's Plivo control plane.
const PLIVO: &str = include_str!("plivo.json");

/// regbox serves every Regulatory Compliance path of the Numbers v2 file, and none of the
/// file's other paths (the OpenAPI test holds the route table to this).
const RC_PREFIX: &str = "/v2/RegulatoryCompliance/";
/// The 2010 paths regbox serves: accounts, addresses, and phone numbers (search, buy, manage,
/// and an address's dependent numbers).
const V2010_PATHS: [&str; 19] = [
    "/2010-04-01/Accounts.json",
    "/2010-04-01/Accounts/{Sid}.json",
    "/2010-04-01/Accounts/{AccountSid}/Addresses.json",
    "/2010-04-01/Accounts/{AccountSid}/Addresses/{Sid}.json",
    "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers.json",
    "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}.json",
    "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json",
    "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Mobile.json",
    "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/TollFree.json",
    "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/National.json",
    "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Voip.json",
    "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/SharedCost.json",
    "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/MachineToMachine.json",
    "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json",
    "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/Local.json",
    "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/Mobile.json",
    "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/TollFree.json",
    "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json",
    "/2010-04-01/Accounts/{AccountSid}/Addresses/{AddressSid}/DependentPhoneNumbers.json",
];
/// The operations that also take a file, and the multipart schema (in `regbox.json`) of each.
const UPLOADS: [(&str, &str); 2] = [
    (
        "/v2/RegulatoryCompliance/SupportingDocuments",
        "regbox.CreateSupportingDocumentMultipartRequest",
    ),
    (
        "/v2/RegulatoryCompliance/SupportingDocuments/{Sid}",
        "regbox.UpdateSupportingDocumentMultipartRequest",
    ),
];
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The whole document except `servers`, which depends on the request.
pub fn assemble() -> anyhow::Result<Value> {
    let mut doc = parse(NUMBERS_V2, "twilio_numbers_v2.json")?;
    let api_v2010 = parse(API_V2010, "twilio_api_v2010.json")?;
    let mut regbox = parse(REGBOX, "regbox.json")?;
    let plivo = with_unslashed_twins(parse(PLIVO, "plivo.json")?);
    object_at(&mut doc, &["paths"])?
        .retain(|path, item| path.starts_with(RC_PREFIX) && has_operations(item));
    for path in V2010_PATHS {
        copy_path(&api_v2010, path, &mut doc)?;
    }
    merge_additions(&mut doc, &regbox)?;
    merge_additions(&mut doc, &plivo)?;
    if let (Some(tags), Some(more)) = (
        regbox.get_mut("tags").and_then(Value::as_array_mut),
        plivo["tags"].as_array(),
    ) {
        tags.extend(more.iter().cloned());
    }
    add_file_uploads(&mut doc)?;
    for operation in operations_mut(&mut doc) {
        add_error_responses(operation)?;
    }
    strip_servers(&mut doc);
    describe_regbox(&mut doc);
    prune_unreferenced(&mut doc)?;
    keep_used_tags(&mut doc, &regbox);
    Ok(doc)
}

fn parse(text: &str, name: &str) -> anyhow::Result<Value> {
    let doc: Value = serde_json::from_str(text).with_context(|| format!("{name} is not JSON"))?;
    if !doc.is_object() {
        bail!("{name} is not a JSON object");
    }
    Ok(doc)
}

/// The value at `keys` below `value`, if every step exists.
fn at_mut<'a>(value: &'a mut Value, keys: &[&str]) -> Option<&'a mut Value> {
    keys.iter().try_fold(value, |node, key| node.get_mut(*key))
}

/// Every Plivo path is served with the trailing slash the SDKs send and without it (as Plivo's
/// documentation writes it): the twin is the same item, with its own operation ids.
fn with_unslashed_twins(mut plivo: Value) -> Value {
    let Some(paths) = plivo.get_mut("paths").and_then(Value::as_object_mut) else {
        return plivo;
    };
    let twins: Vec<(String, Value)> = paths
        .iter()
        .filter(|(path, _)| path.starts_with("/v1/") && path.ends_with('/'))
        .map(|(path, item)| {
            let mut item = item.clone();
            if let Some(item) = item.as_object_mut() {
                for operation in item.values_mut().filter_map(Value::as_object_mut) {
                    if let Some(Value::String(id)) = operation.get_mut("operationId") {
                        id.push_str("WithoutSlash");
                    }
                }
            }
            (path.trim_end_matches('/').to_string(), item)
        })
        .collect();
    paths.extend(twins);
    plivo
}

fn has_operations(item: &Value) -> bool {
    METHODS.iter().any(|method| item.get(*method).is_some())
}

/// Adds `regbox.json`'s paths and components; none may replace one of Twilio's.
fn merge_additions(doc: &mut Value, regbox: &Value) -> anyhow::Result<()> {
    let empty = Map::new();
    for (path, item) in regbox["paths"].as_object().unwrap_or(&empty) {
        insert_new(object_at(doc, &["paths"])?, path, item)?;
    }
    for (kind, entries) in regbox["components"].as_object().unwrap_or(&empty) {
        for (name, component) in entries.as_object().unwrap_or(&empty) {
            insert_new(object_at(doc, &["components", kind])?, name, component)?;
        }
    }
    Ok(())
}

fn insert_new(map: &mut Map<String, Value>, key: &str, value: &Value) -> anyhow::Result<()> {
    if map.contains_key(key) {
        bail!("regbox.json redefines {key}");
    }
    map.insert(key.to_string(), value.clone());
    Ok(())
}

/// Twilio's spec has no file upload: its SupportingDocuments POSTs are form-urlencoded only, and
/// Twilio documents the file as a multipart POST to a separate upload host. regbox takes both on
/// the same path (see the README), so each POST gets a `multipart/form-data` body beside the form one.
fn add_file_uploads(doc: &mut Value) -> anyhow::Result<()> {
    for (path, schema) in UPLOADS {
        let content = at_mut(doc, &["paths", path, "post", "requestBody", "content"])
            .and_then(Value::as_object_mut)
            .with_context(|| format!("POST {path} has no request body to extend"))?;
        content.insert(
            "multipart/form-data".into(),
            json!({
                "schema": {"$ref": format!("#/components/schemas/{schema}")},
                "encoding": {"File": {"contentType": "application/pdf, image/jpeg, image/png"}}
            }),
        );
    }
    Ok(())
}

fn operations_mut(doc: &mut Value) -> impl Iterator<Item = &mut Value> {
    doc.get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.iter_mut())
        .filter(|(key, _)| METHODS.contains(&key.as_str()))
        .map(|(_, operation)| operation)
}

/// Twilio's files document no error responses, yet every operation can answer with Twilio's
/// error envelope (20001, 20003, 20004, 20404, …); `4XX` and `default` say so.
fn add_error_responses(operation: &mut Value) -> anyhow::Result<()> {
    let responses = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
        .context("an operation without responses")?;
    for status in ["4XX", "default"] {
        responses
            .entry(status)
            .or_insert_with(|| json!({"$ref": "#/components/responses/TwilioError"}));
    }
    Ok(())
}

/// Twilio's files name their hosts on every path (`https://numbers.twilio.com`,
/// `https://api.twilio.com`), which would override the document's `servers` and send a generated
/// client to Twilio. The top-level one goes too: `servers` (this server) is added per request.
fn strip_servers(doc: &mut Value) {
    if let Some(doc) = doc.as_object_mut() {
        doc.remove("servers");
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            item.remove("servers");
            for operation in item.values_mut().filter_map(Value::as_object_mut) {
                operation.remove("servers");
            }
        }
    }
}

fn describe_regbox(doc: &mut Value) {
    let Some(info) = doc.get_mut("info").and_then(Value::as_object_mut) else {
        return;
    };
    info.insert(
        "title".into(),
        "regbox: Twilio Regulatory Compliance v2 and 2010 Accounts and Addresses, and Plivo's \
         phone-number Compliance API, served locally"
            .into(),
    );
    info.insert(
        "description".into(),
        "What this regbox server serves. Twilio's own OpenAPI descriptions (twilio/twilio-oai, \
         MIT licence) of the Regulatory Compliance v2 and 2010 Accounts and Addresses routes, with Twilio's \
         response schemas unchanged, plus what regbox adds: a multipart File upload on \
         SupportingDocuments, Twilio's error envelope on every Twilio operation, regbox's own \
         /sandbox control plane, and Plivo's phone-number Compliance API (written from Plivo's \
         documentation and SDKs; Plivo publishes no OpenAPI file) with Plivo's error envelope."
            .into(),
    );
    info.insert("version".into(), env!("CARGO_PKG_VERSION").into());
    info.insert("license".into(), json!({"name": "MIT"}));
    // Twilio's support and terms of service do not cover a local emulator.
    info.remove("contact");
    info.remove("termsOfService");
}

/// The top-level tag list: the tags operations use, with Twilio's or regbox's descriptions.
fn keep_used_tags(doc: &mut Value, regbox: &Value) {
    let mut used: Vec<String> = Vec::new();
    for operation in operations_mut(doc) {
        for tag in operation["tags"].as_array().into_iter().flatten() {
            if let Some(tag) = tag.as_str().filter(|t| !used.iter().any(|u| u == t)) {
                used.push(tag.to_string());
            }
        }
    }
    let known: Vec<Value> = [&doc["tags"], &regbox["tags"]]
        .into_iter()
        .filter_map(Value::as_array)
        .flatten()
        .cloned()
        .collect();
    let tags: Vec<Value> = used
        .iter()
        .map(|name| {
            known
                .iter()
                .find(|tag| tag["name"] == name.as_str())
                .cloned()
                .unwrap_or_else(|| json!({ "name": name }))
        })
        .collect();
    if let Some(doc) = doc.as_object_mut() {
        doc.insert("tags".into(), Value::Array(tags));
    }
}
