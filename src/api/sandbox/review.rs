//! `/sandbox/Bundles/{Sid}/Review` and `/sandbox/Bundles/{Sid}/ValidUntil`: what Twilio's reviewers
//! and regulation changes do to a bundle, on demand (not part of Twilio's API).

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::api::twilio::rc::bundles::children::owned_bundle;
use crate::api::twilio::rc::bundles::resource::BundleResource;
use crate::api::wire::extract::{path_sid, Caller, Form};
use crate::api::wire::urls::base_url;
use crate::domain::bundle::{Actor, BundleStatus};
use crate::domain::limits::{check_chars, FAILURE_REASON_CHARS};
use crate::domain::sid::BundleSid;
use crate::domain::time;
use crate::domain::values::required;
use crate::error::{ApiError, ApiResult};
use crate::lifecycle::{apply, set_valid_until, Move};
use crate::state::AppState;

/// `POST /sandbox/Bundles/{Sid}/Review` body.
#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(rename = "Status")]
    status: Option<String>,
    #[serde(rename = "FailureReason")]
    failure_reason: Option<String>,
    #[serde(rename = "ValidUntil")]
    valid_until: Option<String>,
}

/// `POST /sandbox/Bundles/{Sid}/ValidUntil` body.
#[derive(Deserialize)]
pub struct ValidUntilForm {
    #[serde(rename = "ValidUntil")]
    valid_until: Option<String>,
}

const REVIEWER_STATUSES: [BundleStatus; 4] = [
    BundleStatus::InReview,
    BundleStatus::TwilioApproved,
    BundleStatus::TwilioRejected,
    BundleStatus::ProvisionallyApproved,
];

/// Parses `ValidUntil`: ISO-8601, or empty to clear.
fn parse_valid_until(raw: &str) -> ApiResult<Option<chrono::NaiveDateTime>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    time::parse_iso8601(raw).map(Some).ok_or_else(|| {
        ApiError::invalid(
            "ValidUntil",
            format!("'{raw}' is not an ISO-8601 date-time in years 1 to 9999, such as 2027-01-31T00:00:00Z"),
        )
    })
}

impl ReviewForm {
    fn into_move(self) -> ApiResult<Move> {
        let raw = required("Status", &self.status)?;
        let to = BundleStatus::parse(raw).filter(|s| REVIEWER_STATUSES.contains(s)).ok_or_else(|| {
            ApiError::invalid("Status", format!("'{raw}' is not a reviewer's status; use in-review, twilio-approved, twilio-rejected or provisionally-approved"))
        })?;
        if let Some(reason) = &self.failure_reason {
            check_chars("FailureReason", reason, FAILURE_REASON_CHARS)?;
        }
        let failure_reason = match to {
            BundleStatus::TwilioRejected => Some(
                self.failure_reason
                    .filter(|r| !r.trim().is_empty())
                    .unwrap_or_else(|| "Rejected by the reviewer.".into()),
            ),
            _ => None,
        };
        let valid_until = self
            .valid_until
            .as_deref()
            .map(parse_valid_until)
            .transpose()?;
        if valid_until.is_some() && to != BundleStatus::TwilioApproved {
            return Err(ApiError::invalid(
                "ValidUntil",
                "can be given only with Status=twilio-approved",
            ));
        }
        Ok(Move {
            to,
            failure_reason,
            valid_until,
            review_due_at: None,
        })
    }
}

/// `POST /sandbox/Bundles/{Sid}/Review`: performs a reviewer's move, refused if a reviewer could
/// not make it.
pub async fn review_bundle(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    sid: web::Path<String>,
    Form(form): Form<ReviewForm>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&req, &sid, BundleSid::parse)?;
    let step = form.into_move()?;
    let path = req.path().to_string();
    let row = state
        .db
        .write(move |conn| {
            let bundle = owned_bundle(conn, account.as_str(), &sid, &path)?;
            apply(conn, &bundle, Actor::Reviewer, step)
        })
        .await?;
    Ok(HttpResponse::Ok().json(BundleResource::new(row, &base_url(&req, &state))))
}

/// `POST /sandbox/Bundles/{Sid}/ValidUntil`: sets (or, when empty, clears) an approved bundle's
/// `valid_until`, as Twilio does when a regulation changes; fires a status callback.
pub async fn set_bundle_valid_until(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    sid: web::Path<String>,
    Form(form): Form<ValidUntilForm>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&req, &sid, BundleSid::parse)?;
    let raw = form
        .valid_until
        .ok_or_else(|| ApiError::missing("ValidUntil"))?;
    let valid_until = parse_valid_until(&raw)?;
    let path = req.path().to_string();
    let row = state
        .db
        .write(move |conn| {
            let bundle = owned_bundle(conn, account.as_str(), &sid, &path)?;
            set_valid_until(conn, &bundle, valid_until)
        })
        .await?;
    Ok(HttpResponse::Ok().json(BundleResource::new(row, &base_url(&req, &state))))
}
