//! What the routes under `/Bundles/{BundleSid}/…` share: finding the caller's bundle, and listing
//! its children (item assignments, evaluations, copies).

use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::api::wire::extract::path_sid;
use crate::api::wire::list::list_response;
use crate::api::wire::urls::base_url;
use crate::api::wire::PagingQuery;
use crate::db::bundles::{self, BundleRow};
use crate::db::AnyConnection;
use crate::domain::page::{Page, PageRequest};
use crate::domain::sid::{AccountSid, BundleSid};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The bundle named in the path, or a 20404 for `path` (also when another account owns it).
pub fn owned_bundle(
    conn: &mut AnyConnection,
    account: &str,
    bundle: &BundleSid,
    path: &str,
) -> ApiResult<BundleRow> {
    bundles::find(conn, account, bundle.as_str())?
        .ok_or_else(|| ApiError::NotFound(path.to_string()))
}

/// Lists one page of the children of the caller's bundle `raw_bundle`: `load` reads the rows of a
/// bundle SID, `render` turns a row into its resource given the base URL.
pub async fn list_children<R, T>(
    state: &AppState,
    req: &HttpRequest,
    account: AccountSid,
    raw_bundle: &str,
    query: &PagingQuery,
    load: fn(&mut AnyConnection, &str, &PageRequest) -> ApiResult<Page<R>>,
    render: impl Fn(R, &str) -> T,
) -> ApiResult<HttpResponse>
where
    R: Send + 'static,
    T: Serialize,
{
    let bundle_sid = path_sid(req, raw_bundle, BundleSid::parse)?;
    let page_request = query.page_request()?;
    let (paging, path) = (page_request.clone(), req.path().to_string());
    let page = state
        .db
        .read(move |conn| {
            let bundle = owned_bundle(conn, account.as_str(), &bundle_sid, &path)?;
            load(conn, &bundle.sid, &paging)
        })
        .await?;
    let base = base_url(req, state);
    Ok(list_response(
        req,
        &base,
        "results",
        &page_request,
        page.map(|row| render(row, &base)),
    ))
}
