//! `…/IncomingPhoneNumbers.json` (buy, list), its type sub-lists `Local`, `Mobile` and
//! `TollFree` (buy and list only numbers of their type) and `…/IncomingPhoneNumbers/{Sid}.json`
//! (fetch, update, release).

use actix_web::{web, HttpResponse};

use super::forms::{ListFilters, PurchaseForm, UpdateForm};
use super::render::IncomingResource;
use crate::api::twilio::error::ApiResult;
use crate::api::twilio::v2010::addresses::own_account;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{path_sid, Form, Query};
use crate::api::wire::list2010::list_response_2010;
use crate::api::wire::PagingQuery;
use crate::domain::numbers::NumberType;
use crate::domain::sid::PhoneNumberSid;
use crate::service::numbers::{self as service, PurchaseList};

async fn purchase(
    list: PurchaseList,
    ctx: Ctx,
    path: web::Path<String>,
    form: PurchaseForm,
) -> ApiResult<HttpResponse> {
    own_account(&path, &ctx.account)?;
    let row = service::buy(&ctx.state, ctx.account(), list, form.into()).await?;
    Ok(HttpResponse::Created().json(render(row, list != PurchaseList::Any)))
}

async fn list(
    number_type: Option<NumberType>,
    ctx: Ctx,
    path: web::Path<String>,
    paging: PagingQuery,
    filters: ListFilters,
) -> ApiResult<HttpResponse> {
    own_account(&path, &ctx.account)?;
    let paging = paging.page_request()?;
    let page = service::list(
        &ctx.state,
        ctx.account(),
        number_type,
        filters.into(),
        paging.clone(),
    )
    .await?;
    let page = page.map(|row| render(row, number_type.is_some()));
    Ok(list_response_2010(
        &ctx.req,
        "incoming_phone_numbers",
        &paging,
        page,
    ))
}

/// A sub-list (`on_sub_list`) renders a number without `type`, as Twilio's spec describes it.
fn render(row: crate::db::phone_numbers::PhoneNumberRow, on_sub_list: bool) -> IncomingResource {
    let resource = IncomingResource::from(row);
    if on_sub_list {
        resource.without_type()
    } else {
        resource
    }
}

macro_rules! list_handlers {
    ($create:ident, $list:ident, $kind:expr, $number_type:expr, $path:literal) => {
        #[doc = concat!("`POST /2010-04-01/Accounts/{AccountSid}/", $path, "`: buys a number.")]
        pub async fn $create(
            ctx: Ctx,
            path: web::Path<String>,
            Form(form): Form<PurchaseForm>,
        ) -> ApiResult<HttpResponse> {
            purchase($kind, ctx, path, form).await
        }

        #[doc = concat!("`GET /2010-04-01/Accounts/{AccountSid}/", $path, "`")]
        pub async fn $list(
            ctx: Ctx,
            path: web::Path<String>,
            Query(paging): Query<PagingQuery>,
            Query(filters): Query<ListFilters>,
        ) -> ApiResult<HttpResponse> {
            list($number_type, ctx, path, paging, filters).await
        }
    };
}

list_handlers!(
    create_incoming_phone_number,
    list_incoming_phone_numbers,
    PurchaseList::Any,
    None,
    "IncomingPhoneNumbers.json"
);
list_handlers!(
    create_incoming_local,
    list_incoming_local,
    PurchaseList::Only(NumberType::Local),
    Some(NumberType::Local),
    "IncomingPhoneNumbers/Local.json"
);
list_handlers!(
    create_incoming_mobile,
    list_incoming_mobile,
    PurchaseList::Only(NumberType::Mobile),
    Some(NumberType::Mobile),
    "IncomingPhoneNumbers/Mobile.json"
);
list_handlers!(
    create_incoming_toll_free,
    list_incoming_toll_free,
    PurchaseList::Only(NumberType::TollFree),
    Some(NumberType::TollFree),
    "IncomingPhoneNumbers/TollFree.json"
);

fn number_path(ctx: &Ctx, path: web::Path<(String, String)>) -> ApiResult<PhoneNumberSid> {
    let (account_path, sid) = path.into_inner();
    own_account(&account_path, &ctx.account)?;
    path_sid(&sid, PhoneNumberSid::parse)
}

/// `GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json`
pub async fn fetch_incoming_phone_number(
    ctx: Ctx,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let sid = number_path(&ctx, path)?;
    let row = service::fetch(&ctx.state, ctx.account(), sid).await?;
    Ok(HttpResponse::Ok().json(IncomingResource::from(row)))
}

/// `POST /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json`
pub async fn update_incoming_phone_number(
    ctx: Ctx,
    path: web::Path<(String, String)>,
    Form(form): Form<UpdateForm>,
) -> ApiResult<HttpResponse> {
    let sid = number_path(&ctx, path)?;
    let row = service::update(&ctx.state, ctx.account(), sid, form.into()).await?;
    Ok(HttpResponse::Ok().json(IncomingResource::from(row)))
}

/// `DELETE /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json`: releases it.
pub async fn delete_incoming_phone_number(
    ctx: Ctx,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let sid = number_path(&ctx, path)?;
    service::release(&ctx.state, ctx.account(), sid).await?;
    Ok(HttpResponse::NoContent().finish())
}
