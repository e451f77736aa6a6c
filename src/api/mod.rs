//! The HTTP surface: Twilio's Regulatory Compliance v2 routes, the 2010 Addresses resource, and
//! regbox's own `/sandbox` control plane. `configure` is the complete route table.

pub mod accounts;
pub mod addresses;
pub mod bundle_clones;
pub mod bundle_copies;
pub mod bundle_list;
pub mod bundle_resource;
pub mod bundles;
pub mod callback_log;
pub mod end_user_types;
pub mod end_users;
pub mod evaluations;
pub mod extract;
pub mod files;
pub mod item_assignments;
pub mod list;
pub mod list2010;
pub mod regulations;
pub mod replace_items;
pub mod review;
pub mod supporting_document_types;
pub mod supporting_documents;
pub mod uploads;
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
                web::resource("/SupportingDocuments")
                    .route(web::get().to(supporting_documents::list_supporting_documents))
                    .route(web::post().to(supporting_documents::create_supporting_document))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/SupportingDocuments/{Sid}")
                    .route(web::get().to(supporting_documents::fetch_supporting_document))
                    .route(web::post().to(supporting_documents::update_supporting_document))
                    .route(web::delete().to(supporting_documents::delete_supporting_document))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/EndUsers/{Sid}")
                    .route(web::get().to(end_users::fetch_end_user))
                    .route(web::post().to(end_users::update_end_user))
                    .route(web::delete().to(end_users::delete_end_user))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/Regulations")
                    .route(web::get().to(regulations::list_regulations))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/Regulations/{Sid}")
                    .route(web::get().to(regulations::fetch_regulation))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/EndUserTypes")
                    .route(web::get().to(end_user_types::list_end_user_types))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/EndUserTypes/{Sid}")
                    .route(web::get().to(end_user_types::fetch_end_user_type))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/SupportingDocumentTypes")
                    .route(web::get().to(supporting_document_types::list_supporting_document_types))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/SupportingDocumentTypes/{Sid}")
                    .route(web::get().to(supporting_document_types::fetch_supporting_document_type))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/Bundles")
                    .route(web::get().to(bundles::list_bundles))
                    .route(web::post().to(bundles::create_bundle))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/Bundles/{Sid}")
                    .route(web::get().to(bundles::fetch_bundle))
                    .route(web::post().to(bundles::update_bundle))
                    .route(web::delete().to(bundles::delete_bundle))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/Bundles/{BundleSid}/ItemAssignments")
                    .route(web::get().to(item_assignments::list_item_assignments))
                    .route(web::post().to(item_assignments::create_item_assignment))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/Bundles/{BundleSid}/ItemAssignments/{Sid}")
                    .route(web::get().to(item_assignments::fetch_item_assignment))
                    .route(web::delete().to(item_assignments::delete_item_assignment))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/Bundles/{BundleSid}/Evaluations")
                    .route(web::get().to(evaluations::list_evaluations))
                    .route(web::post().to(evaluations::create_evaluation))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/Bundles/{BundleSid}/Evaluations/{Sid}")
                    .route(web::get().to(evaluations::fetch_evaluation))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/Bundles/{BundleSid}/Copies")
                    .route(web::get().to(bundle_copies::list_bundle_copies))
                    .route(web::post().to(bundle_copies::create_bundle_copy))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/Bundles/{BundleSid}/ReplaceItems")
                    .route(web::post().to(replace_items::create_replace_items))
                    .default_service(method_not_allowed()),
            )
            .service(
                web::resource("/Bundles/{BundleSid}/Clones")
                    .route(web::post().to(bundle_clones::create_bundle_clone))
                    .default_service(method_not_allowed()),
            ),
    )
    .service(
        web::resource("/sandbox/Bundles/{Sid}/Review")
            .route(web::post().to(review::review_bundle))
            .default_service(method_not_allowed()),
    )
    .service(
        web::resource("/sandbox/Bundles/{Sid}/ValidUntil")
            .route(web::post().to(review::set_bundle_valid_until))
            .default_service(method_not_allowed()),
    )
    .service(
        web::resource("/sandbox/Callbacks")
            .route(web::get().to(callback_log::list_callbacks))
            .default_service(method_not_allowed()),
    )
    .service(
        web::resource("/sandbox/Accounts")
            .route(web::post().to(accounts::create_account))
            .default_service(method_not_allowed()),
    )
    .service(
        web::resource("/sandbox/Accounts/{AccountSid}/Keys")
            .route(web::post().to(accounts::create_api_key))
            .default_service(method_not_allowed()),
    )
    .service(
        web::resource("/2010-04-01/Accounts/{AccountSid}/Addresses.json")
            .route(web::get().to(addresses::list_addresses))
            .route(web::post().to(addresses::create_address))
            .default_service(method_not_allowed()),
    )
    .service(
        web::resource("/2010-04-01/Accounts/{AccountSid}/Addresses/{Sid}.json")
            .route(web::get().to(addresses::fetch_address))
            .route(web::post().to(addresses::update_address))
            .route(web::delete().to(addresses::delete_address))
            .default_service(method_not_allowed()),
    )
    .service(
        web::resource("/sandbox/SupportingDocuments/{Sid}/File")
            .route(web::get().to(files::fetch_supporting_document_file))
            .default_service(method_not_allowed()),
    )
    .default_service(web::to(route_not_found));
}

fn method_not_allowed() -> Route {
    web::to(|| async { Err::<HttpResponse, _>(ApiError::MethodNotAllowed) })
}

async fn route_not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound(req.path().to_string()))
}
