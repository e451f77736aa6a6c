//! `/v2/RegulatoryCompliance/Regulations`: what a bundle for a country, number type and end-user
//! type must contain. Read-only, served from the in-memory catalog.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::api::twilio::error::ApiResult;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{path_sid, Query};
use crate::api::wire::list::list_response;
use crate::api::wire::PagingQuery;
use crate::domain::catalog::{
    AcceptedDocument, DocumentRequirement, EndUserRequirement, FieldDef, Regulation,
};
use crate::domain::sid::RegulationSid;
use crate::domain::values::{parse_bool, EndUserType};
use crate::service::catalog::{self, RegulationQuery};

/// `GET /Regulations` filters.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListRegulationsQuery {
    end_user_type: Option<String>,
    iso_country: Option<String>,
    number_type: Option<String>,
    include_constraints: Option<String>,
}

/// `GET /Regulations/{Sid}` options.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FetchRegulationQuery {
    include_constraints: Option<String>,
}

fn include_constraints(raw: &Option<String>) -> ApiResult<bool> {
    Ok(raw
        .as_deref()
        .map_or(Ok(false), |raw| parse_bool("IncludeConstraints", raw))?)
}

/// `GET /Regulations`
pub async fn list_regulations(
    ctx: Ctx,
    Query(query): Query<ListRegulationsQuery>,
    Query(paging): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    let paging = paging.page_request()?;
    let constraints = include_constraints(&query.include_constraints)?;
    let filter = RegulationQuery {
        end_user_type: query.end_user_type,
        iso_country: query.iso_country,
        number_type: query.number_type,
    };
    let page = catalog::regulations(&ctx.state.catalog, filter, &paging)?;
    let page = page.map(|r| RegulationResource::new(r, &ctx.base, constraints));
    Ok(list_response(&ctx.req, &ctx.base, "results", &paging, page))
}

/// `GET /Regulations/{Sid}`
pub async fn fetch_regulation(
    ctx: Ctx,
    sid: web::Path<String>,
    Query(query): Query<FetchRegulationQuery>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, RegulationSid::parse)?;
    let constraints = include_constraints(&query.include_constraints)?;
    let regulation = catalog::regulation(&ctx.state.catalog, &sid)?;
    Ok(HttpResponse::Ok().json(RegulationResource::new(regulation, &ctx.base, constraints)))
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
