//! The HTTP surface: Twilio's Regulatory Compliance v2 routes, the 2010 Addresses resource, and
//! regbox's own `/sandbox` control plane. `configure` is the complete route table.

pub mod end_users;
pub mod extract;
pub mod list;
pub mod urls;

use actix_web::{web, HttpRequest, HttpResponse, Route};
use serde::Deserialize;

use crate::domain::page::PageRequest;
use crate::error::ApiError;

/// `PageSize`, `Page` and `PageToken`, accepted by every list.
#[derive(Deserialize)]
pub struct PagingQuery {
    #[serde(rename = "PageSize")]
    page_size: Option<String>,
    #[serde(rename = "Page")]
    page: Option<String>,
    #[serde(rename = "PageToken")]
    page_token: Option<String>,
}

impl PagingQuery {
    /// The parsed paging parameters.
    pub fn page_request(&self) -> Result<PageRequest, ApiError> {
        PageRequest::parse(
            self.page_size.as_deref(),
            self.page.as_deref(),
            self.page_token.as_deref(),
        )
    }
}

/// Registers every route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/v2/RegulatoryCompliance")
            .service(
                web::resource("/EndUsers")
                    .route(web::get().to(end_users::list_end_users))
                    .route(web::post().to(end_users::create_end_user))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/EndUsers/{Sid}")
                    .route(web::get().to(end_users::fetch_end_user))
                    .route(web::post().to(end_users::update_end_user))
                    .route(web::delete().to(end_users::delete_end_user))
                    .default_service(method_not_allowed()),
            ),
    )
    .default_service(web::to(route_not_found));
}

fn method_not_allowed() -> Route {
    web::to(|| async { Err::<HttpResponse, _>(ApiError::MethodNotAllowed) })
}

async fn route_not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound(req.path().to_string()))
}
