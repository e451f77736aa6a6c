//! What the routes under `/Bundles/{BundleSid}/…` share: listing a bundle's children (item
//! assignments, evaluations, copies) in Twilio's list envelope.

use actix_web::HttpResponse;
use serde::Serialize;

use crate::api::twilio::error::ApiResult;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::path_sid;
use crate::api::wire::list::list_response;
use crate::api::wire::PagingQuery;
use crate::db::AnyConnection;
use crate::domain::error::DomainResult;
use crate::domain::page::{Page, PageRequest};
use crate::domain::sid::BundleSid;
use crate::service::bundles::items;

/// Lists one page of the children of the caller's bundle `raw_bundle`: `load` reads the rows of a
/// bundle SID, `render` turns a row into its resource given the base URL.
pub async fn list_children<R, T>(
    ctx: &Ctx,
    raw_bundle: &str,
    query: &PagingQuery,
    load: fn(&mut AnyConnection, &str, &PageRequest) -> DomainResult<Page<R>>,
    render: impl Fn(R, &str) -> T,
) -> ApiResult<HttpResponse>
where
    R: Send + 'static,
    T: Serialize,
{
    let bundle_sid = path_sid(raw_bundle, BundleSid::parse)?;
    let paging = query.page_request()?;
    let page =
        items::list_children(&ctx.state, ctx.account(), bundle_sid, paging.clone(), load).await?;
    let page = page.map(|row| render(row, &ctx.base));
    Ok(list_response(&ctx.req, &ctx.base, "results", &paging, page))
}
