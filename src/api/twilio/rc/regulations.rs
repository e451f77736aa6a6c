//! `/v2/RegulatoryCompliance/Regulations`: what a bundle for a country, number type and end-user
//! type must contain. Read-only, served from the in-memory catalog.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::api::wire::extract::{not_found, path_sid, Caller, Query};
use crate::api::wire::list::list_response;
use crate::api::wire::urls::base_url;
use crate::api::wire::PagingQuery;
use crate::domain::catalog::{
    normalize_number_type, page_in_catalog_order, AcceptedDocument, Catalog, DocumentRequirement,
    EndUserRequirement, FieldDef, Regulation,
};
use crate::domain::sid::RegulationSid;
use crate::domain::values::{parse_bool, EndUserType};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// `GET /Regulations` filters.
#[derive(Deserialize)]
pub struct ListRegulationsQuery {
    #[serde(rename = "EndUserType")]
    end_user_type: Option<String>,
    #[serde(rename = "IsoCountry")]
    iso_country: Option<String>,
    #[serde(rename = "NumberType")]
    number_type: Option<String>,
    #[serde(rename = "IncludeConstraints")]
    include_constraints: Option<String>,
}

/// `GET /Regulations/{Sid}` options.
#[derive(Deserialize)]
pub struct FetchRegulationQuery {
    #[serde(rename = "IncludeConstraints")]
    include_constraints: Option<String>,
}

/// The parsed filters of a regulation list.
struct RegulationFilter {
    end_user_type: Option<EndUserType>,
    iso_country: Option<String>,
    number_type: Option<String>,
}

impl RegulationFilter {
    fn parse(query: &ListRegulationsQuery, catalog: &Catalog) -> ApiResult<Self> {
        let end_user_type = query
            .end_user_type
            .as_deref()
            .map(|raw| {
                EndUserType::parse("EndUserType", raw).map_err(|_| {
                    ApiError::rejected(
                        22212,
                        format!("EndUserType '{raw}' is invalid; send individual or business"),
                    )
                })
            })
            .transpose()?;
        let number_type = query
            .number_type
            .as_deref()
            .map(|raw| number_type(raw, catalog))
            .transpose()?;
        Ok(RegulationFilter {
            end_user_type,
            iso_country: query.iso_country.as_deref().map(|c| c.trim().to_string()),
            number_type,
        })
    }

    fn matches(&self, regulation: &Regulation) -> bool {
        self.end_user_type
            .is_none_or(|t| regulation.end_user_type == t)
            && self
                .iso_country
                .as_ref()
                .is_none_or(|c| regulation.iso_country.eq_ignore_ascii_case(c))
            && self
                .number_type
                .as_ref()
                .is_none_or(|n| &regulation.number_type == n)
    }
}

/// A known number type, normalised (`tollfree` = `toll-free`); anything else is 22213.
fn number_type(raw: &str, catalog: &Catalog) -> ApiResult<String> {
    if !catalog.is_known_number_type(raw) {
        let message =
            format!("NumberType '{raw}' is invalid; send local, mobile, national or toll-free");
        return Err(ApiError::rejected(22213, message));
    }
    Ok(normalize_number_type(raw))
}

fn include_constraints(raw: &Option<String>) -> ApiResult<bool> {
    raw.as_deref()
        .map_or(Ok(false), |raw| parse_bool("IncludeConstraints", raw))
}

/// `GET /Regulations`
pub async fn list_regulations(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(_): Caller,
    Query(query): Query<ListRegulationsQuery>,
    Query(paging): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    let page_request = paging.page_request()?;
    let filter = RegulationFilter::parse(&query, &state.catalog)?;
    let constraints = include_constraints(&query.include_constraints)?;
    let matching = state
        .catalog
        .regulations()
        .iter()
        .enumerate()
        .filter(|(_, r)| filter.matches(r))
        .collect();
    let page = page_in_catalog_order(matching, &page_request, |r| r.sid.to_string())?;
    let base = base_url(&req, &state);
    let page = page.map(|(_, r)| RegulationResource::new(r, &base, constraints));
    Ok(list_response(&req, &base, "results", &page_request, page))
}

/// `GET /Regulations/{Sid}`
pub async fn fetch_regulation(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(_): Caller,
    sid: web::Path<String>,
    Query(query): Query<FetchRegulationQuery>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&req, &sid, RegulationSid::parse)?;
    let constraints = include_constraints(&query.include_constraints)?;
    let regulation = state
        .catalog
        .regulation(sid.as_str())
        .ok_or_else(|| not_found(&req))?;
    let base = base_url(&req, &state);
    Ok(HttpResponse::Ok().json(RegulationResource::new(regulation, &base, constraints)))
}

/// A regulation as Twilio renders it.
#[derive(Serialize)]
pub struct RegulationResource<'a> {
    sid: &'a str,
    friendly_name: &'a str,
    iso_country: &'a str,
    number_type: &'a str,
    end_user_type: EndUserType,
    requirements: Requirements<'a>,
    url: String,
}

#[derive(Serialize)]
struct Requirements<'a> {
    end_user: Vec<EndUserRequirementJson<'a>>,
    supporting_document: Vec<Vec<DocumentRequirementJson<'a>>>,
}

#[derive(Serialize)]
struct EndUserRequirementJson<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    type_: &'static str,
    requirement_name: &'a str,
    url: String,
    fields: Vec<&'a str>,
    detailed_fields: Vec<DetailedField<'a>>,
}

#[derive(Serialize)]
struct DocumentRequirementJson<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    type_: &'static str,
    requirement_name: &'a str,
    description: &'a str,
    accepted_documents: Vec<AcceptedDocumentJson<'a>>,
}

#[derive(Serialize)]
struct AcceptedDocumentJson<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    type_: &'a str,
    url: String,
    fields: Vec<&'a str>,
    detailed_fields: Vec<DetailedField<'a>>,
}

/// The spec documents `IncludeConstraints` ("whether to include constraints … for supporting end
/// user, documents and their fields") but never shows its effect. regbox's choice: each
/// `detailed_fields` entry gains the field's `constraint` (the same value the type resources
/// show, e.g. `String`, `Date`); without the flag the key is absent, exactly as in the spec's
/// examples.
#[derive(Serialize)]
struct DetailedField<'a> {
    machine_name: &'a str,
    friendly_name: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    constraint: Option<&'a str>,
}

/// How requirement parts render: the server's base URL and the constraints flag.
#[derive(Clone, Copy)]
struct Render<'b> {
    base: &'b str,
    constraints: bool,
}

impl<'a> RegulationResource<'a> {
    /// Renders `regulation`; `constraints` is the `IncludeConstraints` flag.
    pub fn new(regulation: &'a Regulation, base: &str, constraints: bool) -> Self {
        let render = Render { base, constraints };
        RegulationResource {
            sid: regulation.sid.as_str(),
            friendly_name: &regulation.friendly_name,
            iso_country: &regulation.iso_country,
            number_type: &regulation.number_type,
            end_user_type: regulation.end_user_type,
            requirements: Requirements {
                end_user: regulation
                    .end_user
                    .iter()
                    .map(|r| render.end_user(r))
                    .collect(),
                supporting_document: regulation
                    .supporting_document
                    .iter()
                    .map(|group| group.iter().map(|r| render.document(r)).collect())
                    .collect(),
            },
            url: format!(
                "{base}/v2/RegulatoryCompliance/Regulations/{}",
                regulation.sid
            ),
        }
    }
}

impl Render<'_> {
    // Twilio's requirement URLs point at paths that are not routes of this API; they are
    // reproduced as Twilio shows them, on this server's base.
    fn end_user<'a>(self, requirement: &'a EndUserRequirement) -> EndUserRequirementJson<'a> {
        let type_ = requirement.type_.as_str();
        EndUserRequirementJson {
            name: &requirement.name,
            type_,
            requirement_name: &requirement.requirement_name,
            url: format!("{}/v2/RegulatoryCompliance/Regulations/{type_}", self.base),
            fields: machine_names(&requirement.fields),
            detailed_fields: self.detailed(&requirement.fields),
        }
    }

    fn document<'a>(self, requirement: &'a DocumentRequirement) -> DocumentRequirementJson<'a> {
        DocumentRequirementJson {
            name: &requirement.name,
            type_: "document",
            requirement_name: &requirement.requirement_name,
            description: &requirement.description,
            accepted_documents: requirement
                .accepted_documents
                .iter()
                .map(|doc| self.accepted(doc))
                .collect(),
        }
    }

    fn accepted<'a>(self, doc: &'a AcceptedDocument) -> AcceptedDocumentJson<'a> {
        AcceptedDocumentJson {
            name: &doc.name,
            type_: &doc.type_,
            url: format!(
                "{}/v2/RegulatoryCompliance/DocumentTypes/{}",
                self.base, doc.type_
            ),
            fields: machine_names(&doc.fields),
            detailed_fields: self.detailed(&doc.fields),
        }
    }

    fn detailed<'a>(self, fields: &'a [FieldDef]) -> Vec<DetailedField<'a>> {
        fields
            .iter()
            .map(|f| DetailedField {
                machine_name: &f.machine_name,
                friendly_name: &f.friendly_name,
                description: &f.description,
                constraint: self.constraints.then_some(f.constraint.as_str()),
            })
            .collect()
    }
}

fn machine_names(fields: &[FieldDef]) -> Vec<&str> {
    fields.iter().map(|f| f.machine_name.as_str()).collect()
}
