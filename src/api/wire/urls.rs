//! The base of every absolute URL regbox emits.

use actix_web::HttpRequest;

use crate::state::AppState;

/// `REGBOX_PUBLIC_URL` when set; otherwise the scheme and Host the request came to, so a client
/// on any host and port pages back to this server (never to api.twilio.com).
pub fn base_url(req: &HttpRequest, state: &AppState) -> String {
    if let Some(public) = &state.config.public_url {
        return public.trim_end_matches('/').to_string();
    }
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}
