//! `GET /openapi.json`: an OpenAPI 3.0 description of what this server serves, built from
//! Twilio's own files (see `assemble`) and pointed at this server.

mod assemble;
mod components;

use std::sync::OnceLock;

use actix_web::http::header::ContentType;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use crate::api::twilio::error::{ApiError, ApiResult};
use crate::api::wire::urls::base_url;
use crate::state::AppState;

/// The document without `servers`, serialised on first use. Assembly can fail only if a vendored
/// file is broken, which the unit tests below would catch; it is kept as a message so that every
/// request reports it rather than one panic.
static DOCUMENT: OnceLock<Result<String, String>> = OnceLock::new();

fn serialized_document() -> ApiResult<&'static str> {
    DOCUMENT
        .get_or_init(|| {
            assemble::assemble()
                .and_then(|doc| Ok(serde_json::to_string(&doc)?))
                .map_err(|error| format!("{error:#}"))
        })
        .as_deref()
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("OpenAPI document: {error}")))
}

/// The document for a server reached at `base_url`, as JSON text. Only `servers` differs between
/// requests, so it is spliced in front of the cached text instead of re-serialising the document.
pub fn document_json(base_url: &str) -> ApiResult<String> {
    let cached = serialized_document()?;
    let servers = json!([{ "url": base_url, "description": "This regbox server" }]).to_string();
    match cached.strip_prefix('{') {
        Some(rest) if rest != "}" => Ok(format!("{{\"servers\":{servers},{rest}")),
        _ => Err(ApiError::Internal(anyhow::anyhow!(
            "OpenAPI document is not a non-empty object"
        ))),
    }
}

/// `GET /openapi.json`, without authentication: `servers[0].url` is the base URL this request
/// came to (or `REGBOX_PUBLIC_URL`), like every other URL regbox emits.
pub async fn fetch_openapi_document(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let body = document_json(&base_url(&req, &state))?;
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body))
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn document() -> Value {
        serde_json::from_str(&document_json("http://127.0.0.1:9").unwrap()).unwrap()
    }

    #[test]
    fn servers_name_the_given_base_url_and_nothing_else_does() {
        let doc = document();
        assert_eq!(
            doc["servers"],
            json!([{"url": "http://127.0.0.1:9", "description": "This regbox server"}])
        );
        assert!(
            !has_key(&doc["paths"], "servers"),
            "a path still overrides servers"
        );
    }

    fn has_key(value: &Value, key: &str) -> bool {
        match value {
            Value::Object(map) => map.iter().any(|(k, v)| k == key || has_key(v, key)),
            Value::Array(items) => items.iter().any(|v| has_key(v, key)),
            _ => false,
        }
    }

    #[test]
    fn every_reference_resolves_and_every_component_is_used() {
        let doc = document();
        let used = components::referenced(&doc, &doc["paths"]).unwrap();
        for (kind, entries) in doc["components"].as_object().unwrap() {
            if kind == "securitySchemes" {
                continue;
            }
            for name in entries.as_object().unwrap().keys() {
                assert!(
                    used.contains(&(kind.clone(), name.clone())),
                    "unused {kind}/{name}"
                );
            }
        }
    }

    #[test]
    fn the_2010_paths_bring_only_the_schemas_they_reference() {
        let doc = document();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let from_2010: Vec<&String> = schemas
            .keys()
            .filter(|k| k.starts_with("api.v2010"))
            .collect();
        assert!(from_2010.contains(&&"api.v2010.account.address".to_string()));
        assert!(from_2010.contains(&&"api.v2010.account.incoming_phone_number".to_string()));
        // Nothing of the 2010 file's other resources (calls, messages, …) comes along.
        assert!(
            from_2010.iter().all(|k| k.starts_with("api.v2010.account")
                && !k.contains("call")
                && !k.contains("message")),
            "{from_2010:?}"
        );
    }
}
