//! `/v2/RegulatoryCompliance/EndUsers`: the people and businesses a bundle is about.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::wire::extract::{not_found, path_sid, Caller, Form, Query};
use crate::api::wire::list::list_response;
use crate::api::wire::urls::base_url;
use crate::api::wire::PagingQuery;
use crate::db::end_users::{self, EndUserChangeset, EndUserRow};
use crate::db::item_assignments;
use crate::domain::sid::EndUserSid;
use crate::domain::time::{self, serde_twilio};
use crate::domain::values::{friendly_name, optional_friendly_name, Attributes, EndUserType};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// `POST /EndUsers` body.
#[derive(Deserialize)]
pub struct CreateEndUserForm {
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
    #[serde(rename = "Type")]
    type_: Option<String>,
    #[serde(rename = "Attributes")]
    attributes: Option<String>,
}

/// `POST /EndUsers/{Sid}` body; `Type` cannot change.
#[derive(Deserialize)]
pub struct UpdateEndUserForm {
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
    #[serde(rename = "Attributes")]
    attributes: Option<String>,
    #[serde(rename = "Type")]
    type_: Option<String>,
}

/// An end user as Twilio renders it.
#[derive(Serialize)]
pub struct EndUserResource {
    sid: String,
    account_sid: String,
    friendly_name: String,
    #[serde(rename = "type")]
    type_: String,
    attributes: Value,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_created: chrono::NaiveDateTime,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_updated: chrono::NaiveDateTime,
    url: String,
}

impl EndUserResource {
    fn new(row: EndUserRow, base: &str) -> Self {
        let url = format!("{base}/v2/RegulatoryCompliance/EndUsers/{}", row.sid);
        EndUserResource {
            attributes: serde_json::from_str(&row.attributes)
                .unwrap_or(Value::Object(Default::default())),
            sid: row.sid,
            account_sid: row.account_sid,
            friendly_name: row.friendly_name,
            type_: row.type_,
            date_created: row.date_created,
            date_updated: row.date_updated,
            url,
        }
    }
}

/// `POST /EndUsers`
pub async fn create_end_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    Form(form): Form<CreateEndUserForm>,
) -> ApiResult<HttpResponse> {
    let friendly_name = friendly_name("FriendlyName", &form.friendly_name)?;
    let type_ = EndUserType::parse(
        "Type",
        crate::domain::values::required("Type", &form.type_)?,
    )?;
    let attributes = Attributes::parse(form.attributes.as_deref().unwrap_or(""))?;
    let now = time::now();
    let row = EndUserRow {
        sid: EndUserSid::generate().into_string(),
        account_sid: account.into_string(),
        friendly_name,
        type_: type_.as_str().to_string(),
        attributes: attributes.to_json(),
        date_created: now,
        date_updated: now,
    };
    let row = state
        .db
        .write(move |conn| Ok(end_users::insert(conn, &row).map(|_| row)?))
        .await?;
    Ok(HttpResponse::Created().json(EndUserResource::new(row, &base_url(&req, &state))))
}

/// `GET /EndUsers/{Sid}`
pub async fn fetch_end_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&req, &sid, EndUserSid::parse)?;
    let row = state
        .db
        .read(move |conn| Ok(end_users::find(conn, account.as_str(), sid.as_str())?))
        .await?
        .ok_or_else(|| not_found(&req))?;
    Ok(HttpResponse::Ok().json(EndUserResource::new(row, &base_url(&req, &state))))
}

/// `GET /EndUsers`
pub async fn list_end_users(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    Query(query): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    let page_request = query.page_request()?;
    let paging = page_request.clone();
    let page = state
        .db
        .read(move |conn| end_users::list_page(conn, account.as_str(), &paging))
        .await?;
    let base = base_url(&req, &state);
    let page = page.map(|row| EndUserResource::new(row, &base));
    Ok(list_response(&req, &base, "results", &page_request, page))
}

/// `POST /EndUsers/{Sid}`
pub async fn update_end_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    sid: web::Path<String>,
    Form(form): Form<UpdateEndUserForm>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&req, &sid, EndUserSid::parse)?;
    let changes = EndUserChangeset {
        friendly_name: optional_friendly_name("FriendlyName", &form.friendly_name)?,
        attributes: form
            .attributes
            .as_deref()
            .map(Attributes::parse)
            .transpose()?
            .map(|a| a.to_json()),
        date_updated: Some(time::now()),
    };
    let new_type = form
        .type_
        .as_deref()
        .map(|t| EndUserType::parse("Type", t))
        .transpose()?;
    let path = req.path().to_string();
    let row = state
        .db
        .write(move |conn| {
            let current = end_users::find(conn, account.as_str(), sid.as_str())?
                .ok_or(ApiError::NotFound(path))?;
            if new_type.is_some_and(|t| t.as_str() != current.type_) {
                return Err(ApiError::invalid(
                    "Type",
                    "an end user's type cannot change; create a new end user",
                ));
            }
            Ok(end_users::update(
                conn,
                account.as_str(),
                sid.as_str(),
                changes,
            )?)
        })
        .await?
        .ok_or_else(|| not_found(&req))?;
    Ok(HttpResponse::Ok().json(EndUserResource::new(row, &base_url(&req, &state))))
}

/// `DELETE /EndUsers/{Sid}`: refused while the end user is assigned to a bundle.
pub async fn delete_end_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&req, &sid, EndUserSid::parse)?;
    let path = req.path().to_string();
    state
        .db
        .write(move |conn| {
            end_users::find(conn, account.as_str(), sid.as_str())?
                .ok_or(ApiError::NotFound(path))?;
            if item_assignments::is_assigned(conn, sid.as_str())? {
                return Err(ApiError::Conflict(format!(
                    "End user {sid} is assigned to a bundle; delete its item assignment first"
                )));
            }
            end_users::delete(conn, account.as_str(), sid.as_str())?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
