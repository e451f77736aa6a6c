//! Status callbacks: what is sent to a bundle's `StatusCallback`, written to the outbox in the
//! same transaction as the status change, and delivered later by `crate::jobs::callbacks`.

use crate::domain::statuses::CallbackState;
use chrono::NaiveDateTime;

use crate::db::bundles::BundleRow;
use crate::db::callbacks::{self, CallbackRow};
use crate::db::{accounts, AnyConnection};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::sid::CallbackSid;
use crate::domain::{signature, time};

/// The form parameters of a bundle's status callback. Twilio documents no payload for these;
/// regbox sends the fields a receiver needs to act on the change.
pub fn params_for(bundle: &BundleRow) -> Vec<(String, String)> {
    let mut params = vec![
        ("AccountSid".to_string(), bundle.account_sid.clone()),
        ("BundleSid".to_string(), bundle.sid.clone()),
        ("Status".to_string(), bundle.status.to_string()),
        (
            "FailureReason".to_string(),
            bundle.failure_reason.clone().unwrap_or_default(),
        ),
    ];
    if let Some(valid_until) = &bundle.valid_until {
        params.push(("ValidUntil".to_string(), time::format(valid_until)));
    }
    params
}

/// Writes a signed callback for the bundle's current state to the outbox, if it has a
/// `StatusCallback`. Call inside the transaction that changed the bundle.
pub fn enqueue(
    conn: &mut AnyConnection,
    bundle: &BundleRow,
    now: NaiveDateTime,
) -> DomainResult<()> {
    let Some(url) = bundle.status_callback.clone().filter(|u| !u.is_empty()) else {
        return Ok(());
    };
    let account = accounts::find(conn, &bundle.account_sid)?.ok_or_else(|| {
        DomainError::Internal(anyhow::anyhow!("bundle {} has no account", bundle.sid))
    })?;
    let params = params_for(bundle);
    let signature = signature::sign(&account.auth_token, &url, &params);
    let row = pending(
        Outgoing {
            account_sid: &bundle.account_sid,
            subject: &bundle.sid,
            url: &url,
            params: &params,
            method: "POST",
            signature,
            nonce: None,
        },
        now,
    );
    callbacks::insert(conn, &row)?;
    Ok(())
}

/// Writes a Plivo callback to the outbox, signed with Plivo's V3 signature under the account's
/// Plivo auth token and a fresh nonce. `subject` is what the callback is about (the compliance
/// application), shown in the callback log like a bundle. Call inside the transaction that made
/// the change it reports; the same delivery job and retries as Twilio's callbacks deliver it.
#[allow(clippy::too_many_arguments)]
pub fn enqueue_plivo(
    conn: &mut AnyConnection,
    account_sid: &str,
    subject: &str,
    url: &str,
    method: signature::PlivoMethod,
    params: &[(String, String)],
    auth_token: &str,
    now: NaiveDateTime,
) -> DomainResult<()> {
    let nonce = format!("{:020}", rand::random::<u64>());
    let row = pending(
        Outgoing {
            account_sid,
            subject,
            url,
            params,
            method: match method {
                signature::PlivoMethod::Get => "GET",
                signature::PlivoMethod::Post => "POST",
            },
            signature: signature::sign_plivo_v3(auth_token, method, url, params, &nonce),
            nonce: Some(nonce),
        },
        now,
    );
    callbacks::insert(conn, &row)?;
    Ok(())
}

/// A signed callback, as either vendor's facade builds it.
struct Outgoing<'a> {
    account_sid: &'a str,
    /// What the callback is about: a bundle, or a Plivo compliance application.
    subject: &'a str,
    url: &'a str,
    params: &'a [(String, String)],
    method: &'static str,
    signature: String,
    nonce: Option<String>,
}

/// The outbox row of a callback not yet attempted, stamped `now`.
fn pending(callback: Outgoing<'_>, now: NaiveDateTime) -> CallbackRow {
    CallbackRow {
        sid: CallbackSid::generate().into_string(),
        account_sid: callback.account_sid.to_string(),
        bundle_sid: callback.subject.to_string(),
        signature: callback.signature,
        params: serde_json::to_string(&params_as_object(callback.params)).unwrap_or_default(),
        url: callback.url.to_string(),
        state: CallbackState::Pending,
        attempts: 0,
        last_http_status: None,
        last_error: None,
        // Delivery runs on real time (the receiver's), while `now` may be the account's clock,
        // which can run ahead (`/sandbox/Clock`): a first attempt scheduled on it would wait.
        next_attempt_at: crate::domain::time::now_precise(),
        date_created: now,
        date_updated: now,
        method: callback.method.to_string(),
        nonce: callback.nonce,
    }
}

fn params_as_object(params: &[(String, String)]) -> serde_json::Map<String, serde_json::Value> {
    params
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect()
}

/// The stored parameters back as name/value pairs, in a stable order.
pub fn stored_params(row: &CallbackRow) -> Vec<(String, String)> {
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&row.params).unwrap_or_default();
    map.into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
        .collect()
}
