//! `GET …/Addresses/{AddressSid}/DependentPhoneNumbers.json`: the numbers that use an address
//! (an empty list when none do; 20404 only when the address is not the caller's).

use actix_web::{web, HttpResponse};

use super::render::DependentResource;
use crate::api::twilio::error::ApiResult;
use crate::api::twilio::v2010::addresses::own_account;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{path_sid, Query};
use crate::api::wire::list2010::list_response_2010;
use crate::api::wire::PagingQuery;
use crate::domain::sid::AddressSid;
use crate::service::numbers as service;

/// `GET /2010-04-01/Accounts/{AccountSid}/Addresses/{AddressSid}/DependentPhoneNumbers.json`
pub async fn list_dependent_phone_numbers(
    ctx: Ctx,
    path: web::Path<(String, String)>,
    Query(paging): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    let (account_path, address) = path.into_inner();
    own_account(&account_path, &ctx.account)?;
    let address = path_sid(&address, AddressSid::parse)?;
    let paging = paging.page_request()?;
    let page = service::dependents(&ctx.state, ctx.account(), address, paging.clone()).await?;
    Ok(list_response_2010(
        &ctx.req,
        "dependent_phone_numbers",
        &paging,
        page.map(DependentResource::from),
    ))
}
