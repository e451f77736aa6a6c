//! The route table: every path regbox serves with its methods and handlers, kept as data so that
//! the same list registers the actix resources and can be listed (`route_table`, which the OpenAPI
//! test compares with the served document).

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::{
    web, FromRequest, Handler, HttpResponse, Resource, Responder, ResponseError, Route,
};

use super::openapi;
use super::plivo::{
    compliance as plivo_compliance, files as plivo_files, numbers as plivo_numbers,
};
use super::sandbox::{accounts, callback_log, clock, faults, files, review};
use super::twilio::rc::bundles::{
    self, clones as bundle_clones, copies as bundle_copies, evaluations, item_assignments,
    replace_items,
};
use super::twilio::rc::supporting_document_types as document_types;
use super::twilio::rc::supporting_documents as documents;
use super::twilio::rc::{end_user_types, end_users, regulations};
use super::twilio::v2010::phone_numbers::{available, dependent, incoming};
use super::twilio::v2010::{accounts as api_accounts, addresses};
use crate::api::plivo::error::PlivoError;
use crate::api::twilio::error::ApiError;

/// The prefix of Twilio's Regulatory Compliance v2 routes.
const RC: &str = "/v2/RegulatoryCompliance";

/// Every path regbox serves and its handlers, one line per path: the API's table of contents.
#[rustfmt::skip] // rustfmt would break each chain over several lines and lose the table's shape
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        // Twilio's Regulatory Compliance v2 (numbers.twilio.com).
        rc("/Regulations").get(regulations::list_regulations),
        rc("/Regulations/{Sid}").get(regulations::fetch_regulation),
        rc("/EndUserTypes").get(end_user_types::list_end_user_types),
        rc("/EndUserTypes/{Sid}").get(end_user_types::fetch_end_user_type),
        rc("/SupportingDocumentTypes").get(document_types::list_supporting_document_types),
        rc("/SupportingDocumentTypes/{Sid}").get(document_types::fetch_supporting_document_type),
        rc("/EndUsers").get(end_users::list_end_users).post(end_users::create_end_user),
        rc("/EndUsers/{Sid}").get(end_users::fetch_end_user).post(end_users::update_end_user).delete(end_users::delete_end_user),
        rc("/SupportingDocuments").get(documents::list_supporting_documents).post(documents::create_supporting_document),
        rc("/SupportingDocuments/{Sid}").get(documents::fetch_supporting_document).post(documents::update_supporting_document).delete(documents::delete_supporting_document),
        rc("/Bundles").get(bundles::list_bundles).post(bundles::create_bundle),
        rc("/Bundles/{Sid}").get(bundles::fetch_bundle).post(bundles::update_bundle).delete(bundles::delete_bundle),
        rc("/Bundles/{BundleSid}/ItemAssignments").get(item_assignments::list_item_assignments).post(item_assignments::create_item_assignment),
        rc("/Bundles/{BundleSid}/ItemAssignments/{Sid}").get(item_assignments::fetch_item_assignment).delete(item_assignments::delete_item_assignment),
        rc("/Bundles/{BundleSid}/Evaluations").get(evaluations::list_evaluations).post(evaluations::create_evaluation),
        rc("/Bundles/{BundleSid}/Evaluations/{Sid}").get(evaluations::fetch_evaluation),
        rc("/Bundles/{BundleSid}/Copies").get(bundle_copies::list_bundle_copies).post(bundle_copies::create_bundle_copy),
        rc("/Bundles/{BundleSid}/ReplaceItems").post(replace_items::create_replace_items),
        rc("/Bundles/{BundleSid}/Clones").post(bundle_clones::create_bundle_clone),
        // Twilio's 2010 Accounts (subaccounts) and Addresses (api.twilio.com), which regulations reference.
        at("/2010-04-01/Accounts.json").get(api_accounts::list_accounts).post(api_accounts::create_account),
        at("/2010-04-01/Accounts/{Sid}.json").get(api_accounts::fetch_account).post(api_accounts::update_account),
        at("/2010-04-01/Accounts/{AccountSid}/Addresses.json").get(addresses::list_addresses).post(addresses::create_address),
        at("/2010-04-01/Accounts/{AccountSid}/Addresses/{Sid}.json").get(addresses::fetch_address).post(addresses::update_address).delete(addresses::delete_address),
        // Twilio's 2010 phone numbers: search, buy, manage (the sub-lists before `{Sid}.json`).
        at("/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers.json").get(available::list_available_countries),
        at("/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}.json").get(available::fetch_available_country),
        at("/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json").get(available::list_available_local),
        at("/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Mobile.json").get(available::list_available_mobile),
        at("/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/TollFree.json").get(available::list_available_toll_free),
        at("/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/National.json").get(available::list_available_national),
        at("/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Voip.json").get(available::list_available_voip),
        at("/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/SharedCost.json").get(available::list_available_shared_cost),
        at("/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/MachineToMachine.json").get(available::list_available_machine_to_machine),
        at("/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json").get(incoming::list_incoming_phone_numbers).post(incoming::create_incoming_phone_number),
        at("/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/Local.json").get(incoming::list_incoming_local).post(incoming::create_incoming_local),
        at("/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/Mobile.json").get(incoming::list_incoming_mobile).post(incoming::create_incoming_mobile),
        at("/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/TollFree.json").get(incoming::list_incoming_toll_free).post(incoming::create_incoming_toll_free),
        at("/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json").get(incoming::fetch_incoming_phone_number).post(incoming::update_incoming_phone_number).delete(incoming::delete_incoming_phone_number),
        at("/2010-04-01/Accounts/{AccountSid}/Addresses/{AddressSid}/DependentPhoneNumbers.json").get(dependent::list_dependent_phone_numbers),
        // regbox's own control plane.
        at("/sandbox/Bundles/{Sid}/Review").post(review::review_bundle),
        at("/sandbox/Bundles/{Sid}/ValidUntil").post(review::set_bundle_valid_until),
        at("/sandbox/Callbacks").get(callback_log::list_callbacks),
        at("/sandbox/Accounts").post(accounts::create_account),
        at("/sandbox/Accounts/{AccountSid}/Keys").post(accounts::create_api_key),
        at("/sandbox/Accounts/{AccountSid}/Keys/{Sid}").delete(accounts::delete_api_key),
        at("/sandbox/Clock").get(clock::fetch_clock).post(clock::advance_clock),
        at("/sandbox/Faults").get(faults::list_faults).post(faults::create_fault),
        at("/sandbox/Faults/{Sid}").delete(faults::delete_fault),
        at("/sandbox/SupportingDocuments/{Sid}/File").get(files::fetch_supporting_document_file),
        at("/openapi.json").get(openapi::fetch_openapi_document),
    ]
    .into_iter()
    .chain(plivo_endpoints())
    .collect()
}

/// The prefix of Plivo's account-scoped routes.
const PLIVO: &str = "/v1/Account/{auth_id}";
/// Where every Plivo path begins.
const PLIVO_PREFIX: &str = "/v1/";

/// Plivo's phone-number Compliance API and number purchase, each path with the trailing slash
/// the SDKs send and without it (as Plivo's docs write them); Requirements and Link before
/// `{compliance_id}`, and Compliance before `{number}`.
#[rustfmt::skip]
fn plivo_endpoints() -> Vec<Endpoint> {
    let both = |path: &str, build: fn(Endpoint) -> Endpoint| {
        [build(at(&format!("{PLIVO}{path}/")).plivo()), build(at(&format!("{PLIVO}{path}")).plivo())]
    };
    [
        both("/PhoneNumber/Compliance/Requirements", |e| e.get(plivo_compliance::get_requirements)),
        both("/PhoneNumber/Compliance/Link", |e| e.post(plivo_compliance::link_numbers)),
        both("/PhoneNumber/Compliance", |e| e.get(plivo_compliance::list_applications).post(plivo_compliance::create_application)),
        both("/PhoneNumber/Compliance/{compliance_id}", |e| e.get(plivo_compliance::get_application).patch(plivo_compliance::update_application).delete(plivo_compliance::delete_application)),
        both("/PhoneNumber/{number}", |e| e.post(plivo_numbers::buy_number)),
        both("/Number/{number}", |e| e.get(plivo_numbers::fetch_number).post(plivo_numbers::update_number)),
    ]
    .into_iter()
    .flatten()
    .chain([
        // regbox's Plivo control plane.
        at("/sandbox/plivo/compliance/{compliance_id}/review").plivo().post(plivo_files::review_application),
        at("/sandbox/plivo/documents/{document_id}/file").plivo().get(plivo_files::fetch_document_file),
    ])
    .collect()
}

/// Every served path (in full, as actix matches it) with its methods, in table order.
pub fn route_table() -> Vec<(String, Vec<Method>)> {
    endpoints()
        .into_iter()
        .map(|endpoint| {
            let methods = endpoint.methods();
            (endpoint.path, methods)
        })
        .collect()
}

/// Registers every endpoint; any other path answers 20404.
pub fn configure(cfg: &mut web::ServiceConfig) {
    for endpoint in endpoints() {
        cfg.service(endpoint.into_resource());
    }
    cfg.default_service(web::to(route_not_found));
}

/// One path and the handler of each method it serves.
pub struct Endpoint {
    path: String,
    routes: Vec<(Method, Route)>,
    /// Whose 405 envelope answers any other method.
    plivo: bool,
}

/// An endpoint at an absolute path.
pub fn at(path: &str) -> Endpoint {
    Endpoint {
        path: path.to_string(),
        routes: Vec::new(),
        plivo: false,
    }
}

/// An endpoint under `/v2/RegulatoryCompliance`.
fn rc(path: &str) -> Endpoint {
    at(&format!("{RC}{path}"))
}

impl Endpoint {
    /// Serves `GET` with `handler`.
    pub fn get<F, Args>(self, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.method(Method::GET, handler)
    }

    /// Serves `POST` with `handler`.
    pub fn post<F, Args>(self, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.method(Method::POST, handler)
    }

    /// Answers other methods with Plivo's error envelope.
    pub fn plivo(mut self) -> Self {
        self.plivo = true;
        self
    }

    /// Serves `PATCH` with `handler`.
    pub fn patch<F, Args>(self, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.method(Method::PATCH, handler)
    }

    /// Serves `DELETE` with `handler`.
    pub fn delete<F, Args>(self, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.method(Method::DELETE, handler)
    }

    fn method<F, Args>(mut self, method: Method, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.routes
            .push((method.clone(), web::method(method).to(handler)));
        self
    }

    /// The full path, e.g. `/v2/RegulatoryCompliance/Bundles/{BundleSid}/Copies`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The methods served, in the order they were added.
    pub fn methods(&self) -> Vec<Method> {
        self.routes
            .iter()
            .map(|(method, _)| method.clone())
            .collect()
    }

    /// The actix resource: each method's route, and 20004 for any other method.
    pub fn into_resource(self) -> Resource {
        let allow = self
            .methods()
            .iter()
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let resource = web::resource(self.path);
        let plivo = self.plivo;
        self.routes
            .into_iter()
            .fold(resource, |resource, (_, route)| resource.route(route))
            .default_service(web::to(move || method_not_allowed(allow.clone(), plivo)))
    }
}

/// 20004, with the `Allow` header RFC 9110 requires on every 405 (found by schemathesis).
async fn method_not_allowed(allow: String, plivo: bool) -> HttpResponse {
    let mut response = if plivo {
        PlivoError::method_not_allowed().error_response()
    } else {
        ApiError::MethodNotAllowed.error_response()
    };
    if let Ok(value) = HeaderValue::from_str(&allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// An unknown path: Plivo's 404 under Plivo's prefix (its clients parse only Plivo's envelope),
/// Twilio's 20404 everywhere else.
async fn route_not_found(req: actix_web::HttpRequest) -> HttpResponse {
    let path = req.path().to_string();
    if path.starts_with(PLIVO_PREFIX) {
        return PlivoError::unknown_path(&path).error_response();
    }
    ApiError::NotFound(Some(path)).error_response()
}
