//! What Twilio's reviewers and regulation changes do to a bundle, made callable on demand by the
//! control plane (and, later, the console).

use chrono::NaiveDateTime;

use super::locked;
use super::moves::{apply, set_valid_until as set_bundle_valid_until, Move};
use crate::db::bundles::BundleRow;
use crate::domain::bundle::{Actor, BundleStatus};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::limits::{check_chars, FAILURE_REASON_CHARS};
use crate::domain::sid::{AccountSid, BundleSid};
use crate::domain::time;
use crate::domain::values::required;
use crate::state::AppState;

/// A reviewer's decision as the client sent it.
#[derive(Default)]
pub struct ReviewRequest {
    pub status: Option<String>,
    pub failure_reason: Option<String>,
    pub valid_until: Option<String>,
}

const REVIEWER_STATUSES: [BundleStatus; 4] = [
    BundleStatus::InReview,
    BundleStatus::TwilioApproved,
    BundleStatus::TwilioRejected,
    BundleStatus::ProvisionallyApproved,
];

/// Why a rejection without a `FailureReason` was rejected.
const DEFAULT_REJECTION: &str = "Rejected by the reviewer.";

impl ReviewRequest {
    fn into_move(self) -> DomainResult<Move> {
        let raw = required("Status", &self.status)?;
        let to = BundleStatus::parse(raw)
            .filter(|s| REVIEWER_STATUSES.contains(s))
            .ok_or_else(|| {
                DomainError::invalid(
                    "Status",
                    format!(
                        "'{raw}' is not a reviewer's status; use in-review, twilio-approved, twilio-rejected or \
                         provisionally-approved"
                    ),
                )
            })?;
        if let Some(reason) = &self.failure_reason {
            check_chars("FailureReason", reason, FAILURE_REASON_CHARS)?;
        }
        let failure_reason = (to == BundleStatus::TwilioRejected).then(|| {
            self.failure_reason
                .filter(|r| !r.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_REJECTION.into())
        });
        let valid_until = self
            .valid_until
            .as_deref()
            .map(parse_valid_until)
            .transpose()?;
        if valid_until.is_some() && to != BundleStatus::TwilioApproved {
            return Err(DomainError::invalid(
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

/// Parses `ValidUntil`: ISO-8601, or empty to clear.
pub fn parse_valid_until(raw: &str) -> DomainResult<Option<NaiveDateTime>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    time::parse_iso8601(raw).map(Some).ok_or_else(|| {
        DomainError::invalid(
            "ValidUntil",
            format!(
                "'{raw}' is not an ISO-8601 date-time in years 1 to 9999, such as 2027-01-31T00:00:00Z"
            ),
        )
    })
}

/// Performs a reviewer's move on the caller's bundle; refused if a reviewer could not make it.
pub async fn review(
    state: &AppState,
    account: AccountSid,
    sid: BundleSid,
    request: ReviewRequest,
) -> DomainResult<BundleRow> {
    let step = request.into_move()?;
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let bundle = locked(conn, &account, &sid)?;
            apply(conn, &clocks, &bundle, Actor::Reviewer, step)
        })
        .await
}

/// Sets (or, when `raw` is empty, clears) an approved bundle's `valid_until`, as Twilio does
/// when a regulation changes.
pub async fn set_valid_until(
    state: &AppState,
    account: AccountSid,
    sid: BundleSid,
    raw: Option<String>,
) -> DomainResult<BundleRow> {
    let raw = raw.ok_or_else(|| DomainError::missing("ValidUntil"))?;
    let valid_until = parse_valid_until(&raw)?;
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let bundle = locked(conn, &account, &sid)?;
            set_bundle_valid_until(conn, &clocks, &bundle, valid_until)
        })
        .await
}
