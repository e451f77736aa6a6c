//! Reviewing compliance applications: the control plane's and the simulated reviewer's
//! verdicts, and the signed callback each outcome sends through the outbox.

use chrono::NaiveDateTime;

use crate::db::compliance::{self as db, ApplicationRow};
use crate::db::AnyConnection;
use crate::domain::compliance::{ApplicationStatus, ComplianceRefusal};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::sid::AccountSid;
use crate::domain::signature::PlivoMethod;
use crate::service::clock;
use crate::state::AppState;

use super::status_of;

/// A review outcome.
#[derive(Clone, Debug)]
pub enum Verdict {
    Accept,
    Reject(String),
}

/// The control plane's review of a submitted application (`REGBOX_REVIEW=manual`, or ahead of
/// the simulated reviewer).
pub async fn review(
    state: &AppState,
    account: AccountSid,
    id: String,
    status: Option<String>,
    rejection_reason: Option<String>,
) -> DomainResult<ApplicationRow> {
    let verdict = match status.as_deref().map(str::trim) {
        None | Some("") => return Err(DomainError::missing("status")),
        Some("accepted") => Verdict::Accept,
        Some("rejected") => Verdict::Reject(
            rejection_reason
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .unwrap_or_else(|| "Rejected by the regbox control plane.".into()),
        ),
        Some(other) => {
            return Err(DomainError::invalid(
                "status",
                format!("'{other}' is not one of accepted, rejected"),
            ))
        }
    };
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let current =
                db::find_for_update(conn, account.as_str(), &id)?.ok_or(DomainError::NotFound)?;
            let now = clock::of(&clocks, conn, account.as_str())?.now_precise();
            decide(conn, &current, verdict, now)
        })
        .await
}

/// Moves a submitted application to its review outcome and writes its callback to the outbox,
/// in the caller's transaction: the one review move, used by the control plane and by the
/// simulated reviewer (`crate::jobs::review`).
pub fn decide(
    conn: &mut AnyConnection,
    current: &ApplicationRow,
    verdict: Verdict,
    now: NaiveDateTime,
) -> DomainResult<ApplicationRow> {
    let status = status_of(current)?;
    if status != ApplicationStatus::Submitted {
        return Err(ComplianceRefusal::NotUnderReview {
            status: status.as_str(),
        }
        .into());
    }
    let mut row = current.clone();
    let (to, reason) = match verdict {
        Verdict::Accept => (ApplicationStatus::Accepted, None),
        Verdict::Reject(reason) => (ApplicationStatus::Rejected, Some(reason)),
    };
    row.status = to.as_str().into();
    row.rejection_reason = reason;
    row.review_due_at = None;
    row.updated_at = now;
    if db::save_if_status(conn, &row, status.as_str())? == 0 {
        return Err(DomainError::Conflict(format!(
            "Compliance application {} changed while it was reviewed",
            row.id
        )));
    }
    enqueue_callback(conn, &row, now)?;
    Ok(row)
}

/// The parameters of an application's status callback.
pub fn callback_params(row: &ApplicationRow) -> Vec<(String, String)> {
    vec![
        ("compliance_id".into(), row.id.clone()),
        ("alias".into(), row.alias.clone()),
        ("status".into(), row.status.clone()),
        (
            "rejection_reason".into(),
            row.rejection_reason.clone().unwrap_or_default(),
        ),
        ("country_iso".into(), row.country_iso.clone()),
        ("number_type".into(), row.number_type.clone()),
        ("user_type".into(), row.user_type.clone()),
        ("event".into(), format!("compliance.{}", row.status)),
        ("updated_at".into(), format_time(&row.updated_at)),
    ]
}

/// Plivo's timestamp form: ISO 8601 UTC with microseconds.
pub fn format_time(at: &NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

fn enqueue_callback(
    conn: &mut AnyConnection,
    row: &ApplicationRow,
    now: NaiveDateTime,
) -> DomainResult<()> {
    let Some(url) = row.callback_url.clone().filter(|u| !u.is_empty()) else {
        return Ok(());
    };
    let credentials = db::credentials_of(conn, &row.account_sid)?.ok_or_else(|| {
        DomainError::Internal(anyhow::anyhow!(
            "account {} has no Plivo credentials",
            row.account_sid
        ))
    })?;
    let method = match row.callback_method.as_deref() {
        Some("GET") => PlivoMethod::Get,
        _ => PlivoMethod::Post,
    };
    crate::webhooks::enqueue_plivo(
        conn,
        &row.account_sid,
        &row.id,
        &url,
        method,
        &callback_params(row),
        &credentials.auth_token,
        now,
    )
}

/// Applications whose simulated review is due; the job decides each (`accept_due`).
pub async fn due_reviews(state: &AppState, limit: i64) -> DomainResult<Vec<ApplicationRow>> {
    state
        .db
        .read(move |conn| {
            Ok(db::due_reviews(
                conn,
                crate::domain::time::now_precise(),
                limit,
            )?)
        })
        .await
}

/// The simulated reviewer's decision on one due application: accepted (regbox's `auto` mode
/// accepts after the review delay). Returns false when a request moved it first.
pub async fn accept_due(state: &AppState, row: ApplicationRow) -> DomainResult<bool> {
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let Some(fresh) = db::find_for_update(conn, &row.account_sid, &row.id)? else {
                return Ok(false);
            };
            let due = fresh.status == ApplicationStatus::Submitted.as_str()
                && fresh
                    .review_due_at
                    .is_some_and(|at| at <= crate::domain::time::now_precise());
            if !due {
                return Ok(false);
            }
            let now = clock::of(&clocks, conn, &fresh.account_sid)?.now_precise();
            decide(conn, &fresh, Verdict::Accept, now).map(|_| true)
        })
        .await
}
