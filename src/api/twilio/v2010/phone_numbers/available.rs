//! `…/AvailablePhoneNumbers.json`, `…/AvailablePhoneNumbers/{CountryCode}.json` and the seven
//! type searches `…/AvailablePhoneNumbers/{CountryCode}/{Local|Mobile|TollFree|…}.json`.
//!
//! A search gives at most 30 numbers on one page (no `next_page_uri`), the countries list only
//! `countries` and `uri`, as Twilio's spec describes them.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::render::CapabilitiesResource;
use crate::api::twilio::error::ApiResult;
use crate::api::twilio::v2010::addresses::own_account;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::Query;
use crate::domain::numbers::NumberType;
use crate::service::numbers::search::{self, AvailableNumber, CountryOffer, SearchQuery};

/// A country as `api.v2010.account.available_phone_number_country` renders it.
#[derive(Serialize)]
struct CountryResource {
    beta: bool,
    country: String,
    country_code: String,
    subresource_uris: serde_json::Map<String, serde_json::Value>,
    uri: String,
}

impl CountryResource {
    fn new(account: &str, offer: CountryOffer) -> Self {
        let base = format!(
            "/2010-04-01/Accounts/{account}/AvailablePhoneNumbers/{}",
            offer.iso_country
        );
        let subresource_uris = offer
            .types
            .iter()
            .map(|t| {
                (
                    t.subresource_key().to_string(),
                    json!(format!("{base}/{}.json", t.path_segment())),
                )
            })
            .collect();
        CountryResource {
            beta: offer.beta,
            country: offer.country,
            country_code: offer.iso_country,
            subresource_uris,
            uri: format!("{base}.json"),
        }
    }
}

/// A number a search offers (`…available_phone_number_local` and its six siblings).
#[derive(Serialize)]
struct AvailableResource {
    friendly_name: String,
    phone_number: String,
    lata: Option<String>,
    locality: Option<String>,
    rate_center: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    region: Option<String>,
    postal_code: Option<String>,
    iso_country: String,
    address_requirements: &'static str,
    beta: bool,
    capabilities: CapabilitiesResource,
}

impl From<AvailableNumber> for AvailableResource {
    fn from(n: AvailableNumber) -> Self {
        let coordinate = |raw: Option<String>| raw.and_then(|v| v.parse::<f64>().ok());
        AvailableResource {
            friendly_name: n.friendly_name,
            phone_number: n.phone_number,
            lata: n.lata,
            locality: n.locality,
            rate_center: n.rate_center,
            latitude: coordinate(n.latitude),
            longitude: coordinate(n.longitude),
            region: n.region,
            postal_code: n.postal_code,
            iso_country: n.iso_country,
            address_requirements: n.address_requirements.as_str(),
            beta: n.beta,
            capabilities: n.capabilities.into(),
        }
    }
}

/// The search parameters (identical for every type list).
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SearchParams {
    area_code: Option<String>,
    contains: Option<String>,
    sms_enabled: Option<String>,
    mms_enabled: Option<String>,
    voice_enabled: Option<String>,
    fax_enabled: Option<String>,
    exclude_all_address_required: Option<String>,
    exclude_local_address_required: Option<String>,
    exclude_foreign_address_required: Option<String>,
    beta: Option<String>,
    near_number: Option<String>,
    near_lat_long: Option<String>,
    distance: Option<String>,
    in_postal_code: Option<String>,
    in_region: Option<String>,
    in_rate_center: Option<String>,
    in_lata: Option<String>,
    in_locality: Option<String>,
    page_size: Option<String>,
}

impl From<SearchParams> for SearchQuery {
    fn from(p: SearchParams) -> Self {
        SearchQuery {
            area_code: p.area_code,
            contains: p.contains,
            sms_enabled: p.sms_enabled,
            mms_enabled: p.mms_enabled,
            voice_enabled: p.voice_enabled,
            fax_enabled: p.fax_enabled,
            exclude_all_address_required: p.exclude_all_address_required,
            exclude_local_address_required: p.exclude_local_address_required,
            exclude_foreign_address_required: p.exclude_foreign_address_required,
            beta: p.beta,
            near_number: p.near_number,
            near_lat_long: p.near_lat_long,
            distance: p.distance,
            in_postal_code: p.in_postal_code,
            in_region: p.in_region,
            in_rate_center: p.in_rate_center,
            in_lata: p.in_lata,
            in_locality: p.in_locality,
            page_size: p.page_size,
        }
    }
}

/// The request's own path and query, as Twilio's `uri` echoes it.
fn request_uri(ctx: &Ctx) -> String {
    match ctx.req.query_string() {
        "" => ctx.req.path().to_string(),
        query => format!("{}?{query}", ctx.req.path()),
    }
}

/// `GET /2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers.json`
pub async fn list_available_countries(
    ctx: Ctx,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    own_account(&path, &ctx.account)?;
    let countries: Vec<CountryResource> = search::countries(&ctx.state.catalog)
        .into_iter()
        .map(|offer| CountryResource::new(ctx.account.as_str(), offer))
        .collect();
    Ok(HttpResponse::Ok().json(json!({"countries": countries, "uri": request_uri(&ctx)})))
}

/// `GET /2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}.json`
pub async fn fetch_available_country(
    ctx: Ctx,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (account_path, country) = path.into_inner();
    own_account(&account_path, &ctx.account)?;
    let offer = search::country(&ctx.state.catalog, &country)?;
    Ok(HttpResponse::Ok().json(CountryResource::new(ctx.account.as_str(), offer)))
}

async fn search_numbers(
    number_type: NumberType,
    ctx: Ctx,
    path: web::Path<(String, String)>,
    params: SearchParams,
) -> ApiResult<HttpResponse> {
    let (account_path, country) = path.into_inner();
    own_account(&account_path, &ctx.account)?;
    let found = search::search(&ctx.state, &country, number_type, params.into()).await?;
    let numbers: Vec<AvailableResource> = found.into_iter().map(AvailableResource::from).collect();
    // Twilio's examples carry only the list and `uri`, but its schema declares the 2010 paging
    // keys; both libraries ignore them, so they are sent (one page, nothing after it).
    let uri = request_uri(&ctx);
    Ok(HttpResponse::Ok().json(json!({
        "available_phone_numbers": numbers,
        "end": numbers.len().saturating_sub(1),
        "first_page_uri": uri,
        "next_page_uri": null,
        "page": 0,
        "page_size": numbers.len(),
        "previous_page_uri": null,
        "start": 0,
        "uri": uri,
    })))
}

macro_rules! search_handler {
    ($name:ident, $type:expr, $segment:literal) => {
        #[doc = concat!("`GET /2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/", $segment, ".json`")]
        pub async fn $name(
            ctx: Ctx,
            path: web::Path<(String, String)>,
            Query(params): Query<SearchParams>,
        ) -> ApiResult<HttpResponse> {
            search_numbers($type, ctx, path, params).await
        }
    };
}

search_handler!(list_available_local, NumberType::Local, "Local");
search_handler!(list_available_mobile, NumberType::Mobile, "Mobile");
search_handler!(list_available_toll_free, NumberType::TollFree, "TollFree");
search_handler!(list_available_national, NumberType::National, "National");
search_handler!(list_available_voip, NumberType::Voip, "Voip");
search_handler!(
    list_available_shared_cost,
    NumberType::SharedCost,
    "SharedCost"
);
search_handler!(
    list_available_machine_to_machine,
    NumberType::MachineToMachine,
    "MachineToMachine"
);
