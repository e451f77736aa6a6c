//! `PlivoCtx`: the Plivo caller (HTTP Basic `auth_id:auth_token`), checked against the path's
//! `{auth_id}`, with the shared state and the base of absolute URLs.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::error::PlivoError;
use crate::api::wire::urls::base_url;
use crate::auth::parse_basic;
use crate::domain::sid::AccountSid;
use crate::state::AppState;

/// The request context of an authenticated Plivo handler.
pub struct PlivoCtx {
    pub state: web::Data<AppState>,
    /// The account the Plivo credentials belong to.
    pub account: AccountSid,
    /// The caller's Auth ID.
    pub auth_id: String,
    /// The caller's Auth Token (the key of the presigned links it is given).
    pub auth_token: String,
    /// `scheme://host[:port]` of absolute URLs.
    pub base: String,
}

impl PlivoCtx {
    /// The account, for a service call.
    pub fn account(&self) -> AccountSid {
        self.account.clone()
    }
}

impl FromRequest for PlivoCtx {
    type Error = PlivoError;
    type Future = LocalBoxFuture<'static, Result<Self, PlivoError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| PlivoError::invalid_request("no app state"))?;
            let header = req
                .headers()
                .get(actix_web::http::header::AUTHORIZATION)
                .and_then(|h| h.to_str().ok())
                .map(str::to_owned);
            let principal = state
                .auth
                .plivo_principal(header.as_deref())
                .await?
                .ok_or_else(PlivoError::unauthenticated)?;
            // The path names the account it acts on: another account's Auth ID is refused
            // without revealing anything of it.
            if let Some(path_id) = req.match_info().get("auth_id") {
                if path_id != principal.auth_id {
                    return Err(PlivoError::unauthenticated());
                }
            }
            let auth_token = parse_basic(header.as_deref())
                .map(|(_, token)| token)
                .unwrap_or_default();
            let base = base_url(&req, &state);
            Ok(PlivoCtx {
                state,
                account: principal.account,
                auth_id: principal.auth_id,
                auth_token,
                base,
            })
        })
    }
}
