//! `Ctx`: what every authenticated handler needs — the shared state, the caller's account, the
//! base of absolute URLs and the request itself (for list envelopes) — in one extractor.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::extract::Caller;
use super::urls::base_url;
use crate::api::twilio::error::ApiError;
use crate::domain::sid::AccountSid;
use crate::state::AppState;

/// The request context of an authenticated handler.
pub struct Ctx {
    /// Shared state: database, catalog, settings.
    pub state: web::Data<AppState>,
    /// The account the request's credentials act as.
    pub account: AccountSid,
    /// `scheme://host[:port]` of every absolute URL in the response.
    pub base: String,
    /// The request, for list envelopes that echo its path and query.
    pub req: HttpRequest,
}

impl Ctx {
    /// The account, for a service call (handlers usually make exactly one).
    pub fn account(&self) -> AccountSid {
        self.account.clone()
    }
}

impl FromRequest for Ctx {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let caller = Caller::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let Caller(account) = caller.await?;
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no app state")))?;
            let base = base_url(&req, &state);
            Ok(Ctx {
                state,
                account,
                base,
                req,
            })
        })
    }
}
