//! `…/PhoneNumber/Compliance/…`: requirements, applications and linking.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::body::{read_application, read_json};
use super::caller::PlivoCtx;
use super::error::{PlivoError, PlivoResult};
use super::render::{application, respond, respond_limited, LinkContext, REQUIREMENTS_PER_MINUTE};
use crate::service::compliance::numbers::LinkItem;
use crate::service::compliance::{self, Expand, ListRequest};

/// The query of the requirements lookup.
#[derive(Deserialize)]
pub struct RequirementsQuery {
    country_iso: Option<String>,
    number_type: Option<String>,
    user_type: Option<String>,
}

fn query<T: serde::de::DeserializeOwned>(req: &HttpRequest) -> PlivoResult<T> {
    serde_urlencoded::from_str(req.query_string())
        .map_err(|e| PlivoError::invalid_request(format!("Invalid query parameters: {e}")))
}

/// `GET …/PhoneNumber/Compliance/Requirements/`
/// (`PlivoCtx` only authenticates: the catalog is the same for every account.)
pub async fn get_requirements(_caller: PlivoCtx, req: HttpRequest) -> PlivoResult<HttpResponse> {
    let q: RequirementsQuery = query(&req)?;
    let requirement = compliance::find_requirement(
        q.country_iso.as_deref(),
        q.number_type.as_deref(),
        q.user_type.as_deref(),
    )?;
    let document_types: Vec<Value> = requirement
        .document_types
        .iter()
        .map(|d| {
            json!({
                "document_type_id": d.document_type_id,
                "name": d.name,
                "description": d.description,
                "proof_required": d.proof_required,
                "required_fields": d.required_fields.iter().map(|f| json!({
                    "field_name": f.field_name,
                    "friendly_name": f.friendly_name,
                    "help_text": f.help_text,
                    "field_type": f.field_type,
                    "required": f.required,
                    "format": f.format,
                    "enums": f.enums,
                    "min_length": f.min_length,
                    "max_length": f.max_length,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(respond_limited(
        StatusCode::OK,
        json!({
            "requirement_id": requirement.requirement_id,
            "country_iso": requirement.country_iso,
            "number_type": requirement.number_type,
            "user_type": requirement.user_type,
            "document_types": document_types,
        }),
        REQUIREMENTS_PER_MINUTE,
    ))
}

/// `POST …/PhoneNumber/Compliance/`: create and submit.
pub async fn create_application(
    ctx: PlivoCtx,
    req: HttpRequest,
    payload: web::Payload,
) -> PlivoResult<HttpResponse> {
    let input = read_application(&req, payload, ctx.state.config.max_upload_bytes).await?;
    let row = compliance::create(&ctx.state, ctx.account(), input).await?;
    Ok(respond(
        StatusCode::CREATED,
        json!({
            "compliance_id": row.id,
            "message": "Compliance application created and submitted for review.",
        }),
    ))
}

/// The `expand` query of a fetch.
#[derive(Deserialize)]
pub struct ExpandQuery {
    expand: Option<String>,
}

fn application_id(req: &HttpRequest) -> String {
    req.match_info()
        .get("compliance_id")
        .unwrap_or_default()
        .to_string()
}

/// `GET …/PhoneNumber/Compliance/{compliance_id}/`
pub async fn get_application(ctx: PlivoCtx, req: HttpRequest) -> PlivoResult<HttpResponse> {
    let q: ExpandQuery = query(&req)?;
    let expand = Expand::parse(q.expand.as_deref())?;
    let view = compliance::fetch(&ctx.state, ctx.account(), application_id(&req), expand).await?;
    let links = LinkContext {
        base: &ctx.base,
        auth_token: &ctx.auth_token,
    };
    Ok(respond(
        StatusCode::OK,
        json!({"compliance": application(&view, &links)}),
    ))
}

/// The query of a list.
#[derive(Deserialize)]
pub struct ListQuery {
    limit: Option<String>,
    offset: Option<String>,
    status: Option<String>,
    country_iso: Option<String>,
    number_type: Option<String>,
    user_type: Option<String>,
    alias: Option<String>,
    expand: Option<String>,
}

/// `GET …/PhoneNumber/Compliance/`
pub async fn list_applications(ctx: PlivoCtx, req: HttpRequest) -> PlivoResult<HttpResponse> {
    let q: ListQuery = query(&req)?;
    let expand = q.expand.clone();
    let page = compliance::list(
        &ctx.state,
        ctx.account(),
        ListRequest {
            limit: q.limit,
            offset: q.offset,
            status: q.status,
            country_iso: q.country_iso,
            number_type: q.number_type,
            user_type: q.user_type,
            alias: q.alias,
            expand: q.expand,
        },
    )
    .await?;
    let links = LinkContext {
        base: &ctx.base,
        auth_token: &ctx.auth_token,
    };
    let path = format!("/v1/Account/{}/PhoneNumber/Compliance/", ctx.auth_id);
    let page_url = |offset: i64| {
        let mut pairs: Vec<(&str, String)> = vec![
            ("limit", page.limit.to_string()),
            ("offset", offset.to_string()),
        ];
        let f = &page.filter;
        for (name, value) in [
            ("status", &f.status),
            ("country_iso", &f.country_iso),
            ("number_type", &f.number_type),
            ("user_type", &f.user_type),
            ("alias", &f.alias),
            ("expand", &expand),
        ] {
            if let Some(v) = value.as_ref().filter(|v| !v.is_empty()) {
                pairs.push((name, v.clone()));
            }
        }
        format!(
            "{path}?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let next =
        (page.offset + page.limit < page.total_count).then(|| page_url(page.offset + page.limit));
    let previous = (page.offset > 0).then(|| page_url((page.offset - page.limit).max(0)));
    Ok(respond(
        StatusCode::OK,
        json!({
            "meta": {
                "limit": page.limit,
                "offset": page.offset,
                "total_count": page.total_count,
                "next": next,
                "previous": previous,
            },
            "compliances": page.items.iter().map(|v| application(v, &links)).collect::<Vec<_>>(),
        }),
    ))
}

/// `PATCH …/PhoneNumber/Compliance/{compliance_id}/`: resubmit a rejected application.
pub async fn update_application(
    ctx: PlivoCtx,
    req: HttpRequest,
    payload: web::Payload,
) -> PlivoResult<HttpResponse> {
    let input = read_application(&req, payload, ctx.state.config.max_upload_bytes).await?;
    let row = compliance::update(&ctx.state, ctx.account(), application_id(&req), input).await?;
    let view = compliance::ApplicationView {
        row,
        expand_end_user: false,
        documents: None,
        linked_numbers: None,
    };
    let links = LinkContext {
        base: &ctx.base,
        auth_token: &ctx.auth_token,
    };
    Ok(respond(
        StatusCode::ACCEPTED,
        json!({
            "message": "Compliance application updated and resubmitted for review.",
            "compliance": application(&view, &links),
        }),
    ))
}

/// `DELETE …/PhoneNumber/Compliance/{compliance_id}/` (any body, such as Node's `""`, ignored).
pub async fn delete_application(ctx: PlivoCtx, req: HttpRequest) -> PlivoResult<HttpResponse> {
    let id = application_id(&req);
    compliance::delete(&ctx.state, ctx.account(), id.clone()).await?;
    Ok(respond(
        StatusCode::OK,
        json!({"compliance_id": id, "message": "Compliance application deleted."}),
    ))
}

/// `POST …/PhoneNumber/Compliance/Link/` with `{"numbers": [{number, compliance_application_id}]}`
pub async fn link_numbers(
    ctx: PlivoCtx,
    req: HttpRequest,
    payload: web::Payload,
) -> PlivoResult<HttpResponse> {
    let body = read_json(&req, payload).await?;
    let items = match body.get("numbers") {
        None | Some(Value::Null) => return Err(PlivoError::missing("numbers")),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(PlivoError::invalid("numbers", "must be an array")),
    };
    let text = |item: &Value, key: &str| match item.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let items: Vec<LinkItem> = items
        .iter()
        .map(|item| LinkItem {
            number: text(item, "number"),
            compliance_application_id: text(item, "compliance_application_id"),
        })
        .collect();
    let report = compliance::numbers::link(&ctx.state, ctx.account(), items).await?;
    let updated = report.iter().filter(|r| r.linked).count();
    Ok(respond(
        StatusCode::OK,
        json!({
            "total_count": report.len(),
            "updated_count": updated,
            "report": report.iter().map(|r| json!({
                "number": r.number,
                "status": if r.linked { "success" } else { "failed" },
                "remarks": r.remarks,
            })).collect::<Vec<_>>(),
        }),
    ))
}
