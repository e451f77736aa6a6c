//! The evaluation engine: checks a bundle's items against a regulation, requirement by
//! requirement, and explains each failure the way Twilio's Evaluation `results` do. Pure: the
//! caller loads the items; nothing here touches the database or HTTP.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::catalog::{
    AcceptedDocument, DocumentRequirement, EndUserRequirement, FieldDef, Regulation,
    ADDRESS_DOCUMENT, ADDRESS_FIELD,
};
use crate::domain::values::{Attributes, EndUserType};

/// An end user assigned to the bundle.
#[derive(Clone, Debug)]
pub struct AssignedEndUser {
    /// `IT…`
    pub sid: String,
    /// Its type.
    pub type_: EndUserType,
    /// Its attributes.
    pub attributes: Attributes,
}

/// A supporting document assigned to the bundle.
#[derive(Clone, Debug)]
pub struct AssignedDocument {
    /// `RD…`
    pub sid: String,
    /// Its free-text `Type`, normally a supporting-document type's machine name.
    pub type_: String,
    /// Its attributes.
    pub attributes: Attributes,
}

/// Everything assigned to a bundle, plus which addresses exist.
#[derive(Clone, Debug, Default)]
pub struct BundleItems {
    /// Assigned end users.
    pub end_users: Vec<AssignedEndUser>,
    /// Assigned supporting documents.
    pub documents: Vec<AssignedDocument>,
    /// `AD…` SIDs assigned to the bundle directly.
    pub addresses: Vec<String>,
    /// `AD…` SIDs that exist in the account (a superset of every one referenced).
    pub existing_addresses: HashSet<String>,
}

/// Twilio's evaluation status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvaluationStatus {
    /// Every requirement passed.
    Compliant,
    /// At least one requirement failed.
    Noncompliant,
}

impl EvaluationStatus {
    /// Twilio's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            EvaluationStatus::Compliant => "compliant",
            EvaluationStatus::Noncompliant => "noncompliant",
        }
    }

    /// Parses Twilio's spelling.
    pub fn parse(raw: &str) -> Option<EvaluationStatus> {
        [EvaluationStatus::Compliant, EvaluationStatus::Noncompliant]
            .into_iter()
            .find(|status| status.as_str() == raw)
    }
}

crate::stored_as_text!(EvaluationStatus, "evaluation status");

/// The verdict on one requirement: an element of an Evaluation's `results`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequirementResult {
    /// The end-user requirement's name, or the (chosen or first) accepted document's name.
    pub friendly_name: String,
    /// The end-user type or document type machine name.
    pub object_type: String,
    /// Whether the requirement is met.
    pub passed: bool,
    /// The first problem, as a sentence.
    pub failure_reason: Option<String>,
    /// The first problem's Twilio code (22214–22219).
    pub error_code: Option<u32>,
    /// Required fields that are fine.
    pub valid: Vec<FieldResult>,
    /// Required fields with a problem.
    pub invalid: Vec<FieldResult>,
    /// The requirement's name, e.g. `Business Name`.
    pub requirement_friendly_name: String,
    /// The requirement's machine name, e.g. `business_name_info`.
    pub requirement_name: String,
}

/// The verdict on one field of a requirement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldResult {
    /// e.g. `Business Name`.
    pub friendly_name: String,
    /// e.g. `business_name`.
    pub object_field: String,
    /// The problem, as a sentence; `None` in `valid`.
    pub failure_reason: Option<String>,
    /// The problem's code; `None` in `valid`.
    pub error_code: Option<u32>,
}

/// The outcome of evaluating a bundle.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// Compliant when every result passed.
    pub status: EvaluationStatus,
    /// One result per end-user requirement, then per document requirement.
    pub results: Vec<RequirementResult>,
}

impl Evaluation {
    /// The first failed requirement, the one to report when a bundle cannot be submitted.
    pub fn first_failure(&self) -> Option<&RequirementResult> {
        self.results.iter().find(|r| !r.passed)
    }
}

/// Checks `items` against every requirement of `regulation`.
pub fn evaluate(regulation: &Regulation, items: &BundleItems) -> Evaluation {
    let mut results = Vec::new();
    let mut chosen: Vec<&AssignedEndUser> = Vec::new();
    for requirement in &regulation.end_user {
        let (result, end_user) = check_end_user(requirement, items);
        chosen.extend(end_user);
        results.push(result);
    }
    let context = Context {
        items,
        end_users: &chosen,
        end_user_requirements: &regulation.end_user,
    };
    for group in &regulation.supporting_document {
        results.extend(check_group(group, &context));
    }
    let status = if results.iter().all(|r| r.passed) {
        EvaluationStatus::Compliant
    } else {
        EvaluationStatus::Noncompliant
    };
    Evaluation { status, results }
}

struct Context<'a> {
    items: &'a BundleItems,
    /// The end users that met (or came closest to meeting) the end-user requirements; document
    /// fields are compared against them.
    end_users: &'a [&'a AssignedEndUser],
    /// The regulation's end-user requirements, which name the end user a document field is
    /// compared with in the messages.
    end_user_requirements: &'a [EndUserRequirement],
}

impl Context<'_> {
    /// The name of the end-user requirement that also asks for `field`, e.g. `Business`.
    fn end_user_asking_for(&self, field: &FieldDef) -> Option<&str> {
        self.end_user_requirements
            .iter()
            .find(|r| {
                r.fields
                    .iter()
                    .any(|f| f.machine_name == field.machine_name)
            })
            .map(|r| r.name.as_str())
    }
}

fn check_end_user<'a>(
    requirement: &EndUserRequirement,
    items: &'a BundleItems,
) -> (RequirementResult, Option<&'a AssignedEndUser>) {
    let name = &requirement.name;
    let missing_field = |field: &FieldDef| end_user_field_missing(field, name);
    let mut result = RequirementResult {
        friendly_name: name.clone(),
        object_type: requirement.type_.as_str().to_string(),
        passed: false,
        failure_reason: None,
        error_code: None,
        valid: Vec::new(),
        invalid: Vec::new(),
        requirement_friendly_name: name.clone(),
        requirement_name: requirement.requirement_name.clone(),
    };
    let Some((end_user, valid, missing)) = closest_end_user(requirement, items) else {
        result.invalid = requirement.fields.iter().map(missing_field).collect();
        let reason = format!(
            "{} {name} End-User is missing. Please add one to the regulatory bundle.",
            article(name)
        );
        return (fail(result, 22214, reason), None);
    };
    result.valid = valid.into_iter().map(valid_field).collect();
    result.invalid = missing.into_iter().map(missing_field).collect();
    (settle(result), Some(end_user))
}

/// The end user of the required type missing the fewest fields (the first on ties), with its
/// present and missing required fields.
fn closest_end_user<'a, 'r>(
    requirement: &'r EndUserRequirement,
    items: &'a BundleItems,
) -> Option<(&'a AssignedEndUser, Vec<&'r FieldDef>, Vec<&'r FieldDef>)> {
    items
        .end_users
        .iter()
        .filter(|u| u.type_ == requirement.type_)
        .map(|u| {
            let (valid, missing): (Vec<_>, Vec<_>) = requirement
                .fields
                .iter()
                .partition(|f| u.attributes.field(&f.machine_name).is_some());
            (u, valid, missing)
        })
        .min_by_key(|(_, _, missing)| missing.len())
}

/// A group is met when any one of its alternatives is; a met group reports only the alternative
/// that met it, an unmet one reports every alternative, so `passed` always agrees with `status`.
fn check_group(group: &[DocumentRequirement], context: &Context) -> Vec<RequirementResult> {
    let results: Vec<RequirementResult> = group
        .iter()
        .map(|requirement| check_document(requirement, context))
        .collect();
    match results.iter().position(|r| r.passed) {
        Some(index) if results.len() > 1 => vec![results[index].clone()],
        _ => results,
    }
}

fn check_document(requirement: &DocumentRequirement, context: &Context) -> RequirementResult {
    let items = context.items;
    let address_assigned = items
        .addresses
        .iter()
        .any(|sid| items.existing_addresses.contains(sid));
    if let (Some(accepted), true) = (requirement.accepted_address(), address_assigned) {
        let valid = accepted.fields.iter().map(valid_field).collect();
        return RequirementResult {
            valid,
            ..document_result(requirement, accepted)
        };
    }
    let best = requirement
        .accepted_documents
        .iter()
        .flat_map(|accepted| {
            items
                .documents
                .iter()
                .filter(|doc| doc.type_.trim().eq_ignore_ascii_case(&accepted.type_))
                .map(move |doc| (accepted, check_fields(accepted, doc, context)))
        })
        .min_by_key(|(_, (_, invalid))| invalid.len());
    if let Some((accepted, (valid, invalid))) = best {
        return settle(RequirementResult {
            valid,
            invalid,
            ..document_result(requirement, accepted)
        });
    }
    missing_document(requirement, context)
}

/// Nothing assigned could meet the requirement: it is described by its first accepted document,
/// as in Twilio's published Evaluation example (see `docs/EVALUATION.md`).
fn missing_document(requirement: &DocumentRequirement, context: &Context) -> RequirementResult {
    // Every requirement has at least one accepted document: the loader refuses empty lists.
    let Some(first) = requirement.accepted_documents.first() else {
        return settle(document_result(requirement, &empty_document()));
    };
    let doc_name = &first.name;
    let mut result = document_result(requirement, first);
    result.invalid = first
        .fields
        .iter()
        .map(|field| match field.machine_name.as_str() {
            ADDRESS_FIELD => address_missing(field, doc_name),
            _ => document_field_missing(field, doc_name, context),
        })
        .collect();
    // 22219 only when the Address itself is what is expected; a missing document that would
    // carry address_sids is 22216 like any other (22219 then shows on its address_sids field).
    if first.type_ == ADDRESS_DOCUMENT {
        let reason = format!("An Address is missing. Please add an Address, or {} {doc_name} with address_sids, to the regulatory bundle.", article(doc_name).to_lowercase());
        return fail(result, 22219, reason);
    }
    let reason = format!(
        "{} {doc_name} is missing. Please add one to the regulatory bundle.",
        article(doc_name)
    );
    fail(result, 22216, reason)
}

fn check_fields(
    accepted: &AcceptedDocument,
    doc: &AssignedDocument,
    context: &Context,
) -> (Vec<FieldResult>, Vec<FieldResult>) {
    let (mut valid, mut invalid) = (Vec::new(), Vec::new());
    for field in &accepted.fields {
        match check_field(field, &accepted.name, doc, context) {
            None => valid.push(valid_field(field)),
            Some(problem) => invalid.push(problem),
        }
    }
    (valid, invalid)
}

fn check_field(
    field: &FieldDef,
    doc_name: &str,
    doc: &AssignedDocument,
    context: &Context,
) -> Option<FieldResult> {
    if field.machine_name == ADDRESS_FIELD {
        let sids = doc.attributes.address_sids();
        if sids.is_empty() {
            return Some(address_missing(field, doc_name));
        }
        let unknown: Vec<String> = sids
            .into_iter()
            .filter(|sid| !context.items.existing_addresses.contains(sid))
            .collect();
        return (!unknown.is_empty()).then(|| {
            invalid(field, 22219, format!("The Address {} on the {doc_name} does not exist. Please create it, or correct address_sids on the {doc_name}.", unknown.join(", ")))
        });
    }
    let Some(value) = doc.attributes.field(&field.machine_name) else {
        return Some(document_field_missing(field, doc_name, context));
    };
    let on_end_user = context
        .end_users
        .iter()
        .find_map(|u| u.attributes.field(&field.machine_name));
    let label = &field.friendly_name;
    match on_end_user {
        Some(expected) if !same_text(value, expected) => Some(invalid(field, 22218, format!("The {label} on the {doc_name} does not match the {label} you entered within the End-User information. Please make sure both {label} fields use the same exact inputs."))),
        _ => None,
    }
}

fn same_text(a: &Value, b: &Value) -> bool {
    let text = |v: &Value| match v {
        Value::String(s) => s.trim().to_lowercase(),
        other => other.to_string(),
    };
    text(a) == text(b)
}

fn document_result(
    requirement: &DocumentRequirement,
    accepted: &AcceptedDocument,
) -> RequirementResult {
    RequirementResult {
        friendly_name: accepted.name.clone(),
        object_type: accepted.type_.clone(),
        passed: true,
        failure_reason: None,
        error_code: None,
        valid: Vec::new(),
        invalid: Vec::new(),
        requirement_friendly_name: requirement.name.clone(),
        requirement_name: requirement.requirement_name.clone(),
    }
}

fn empty_document() -> AcceptedDocument {
    AcceptedDocument {
        name: String::new(),
        type_: ADDRESS_DOCUMENT.into(),
        fields: Vec::new(),
    }
}

/// Passed when no field is invalid; otherwise fails with the first invalid field's problem.
fn settle(mut result: RequirementResult) -> RequirementResult {
    result.passed = result.invalid.is_empty();
    if let Some(first) = result.invalid.first() {
        result.failure_reason = first.failure_reason.clone();
        result.error_code = first.error_code;
    }
    result
}

fn fail(mut result: RequirementResult, code: u32, reason: String) -> RequirementResult {
    result.passed = false;
    result.error_code = Some(code);
    result.failure_reason = Some(reason);
    result
}

fn end_user_field_missing(field: &FieldDef, requirement_name: &str) -> FieldResult {
    let label = &field.friendly_name;
    invalid(
        field,
        22215,
        format!("The {label} is missing. Please enter in a {label} on the {requirement_name} information."),
    )
}

/// Twilio's wording differs when the end user carries the same field, since then the document
/// must also agree with it (22218).
fn document_field_missing(field: &FieldDef, doc_name: &str, context: &Context) -> FieldResult {
    let label = &field.friendly_name;
    let reason = match context.end_user_asking_for(field) {
        Some(end_user) => format!("The {label} is missing. Or, it does not match the {label} you entered within {end_user} information. Please enter in the {label} shown on the {doc_name} or make sure both {label} fields use the same exact inputs."),
        None => format!("The {label} is missing. Please enter in the {label} shown on the {doc_name}."),
    };
    invalid(field, 22217, reason)
}

fn address_missing(field: &FieldDef, doc_name: &str) -> FieldResult {
    invalid(
        field,
        22219,
        format!("The Address is missing. Please enter in the address shown on the {doc_name}."),
    )
}

fn invalid(field: &FieldDef, code: u32, reason: String) -> FieldResult {
    FieldResult {
        error_code: Some(code),
        failure_reason: Some(reason),
        ..valid_field(field)
    }
}

fn valid_field(field: &FieldDef) -> FieldResult {
    FieldResult {
        friendly_name: field.friendly_name.clone(),
        object_field: field.machine_name.clone(),
        failure_reason: None,
        error_code: None,
    }
}

fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "An",
        _ => "A",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::domain::catalog::Catalog;

    const ADDRESS: &str = "AD00000000000000000000000000000001";
    const CATALOG: &str = r#"{"replace": true,
      "end_user_types": [{"machine_name": "business", "friendly_name": "Business", "fields": [
        {"machine_name": "business_name", "friendly_name": "Business Name"},
        {"machine_name": "first_name", "friendly_name": "First Name"}]}],
      "supporting_document_types": [
        {"machine_name": "address", "friendly_name": "Address Validation", "fields": [{"machine_name": "address_sids", "friendly_name": "Address sid(s)"}]},
        {"machine_name": "utility_bill", "friendly_name": "Utility Bill", "fields": [{"machine_name": "address_sids", "friendly_name": "Address sid(s)"}]},
        {"machine_name": "business_registration", "friendly_name": "Business Registration", "fields": [
          {"machine_name": "business_name", "friendly_name": "Business Name"},
          {"machine_name": "document_number", "friendly_name": "Document Number"}]}],
      "regulations": [{"key": "t", "friendly_name": "Testland: Local - Business", "iso_country": "TL",
        "number_type": "local", "end_user_type": "business",
        "end_user": [{"name": "Business", "type": "business", "requirement_name": "business_info", "fields": ["business_name", "first_name"]}],
        "supporting_document": [
          [{"name": "Business Name", "requirement_name": "business_name_info",
            "accepted_documents": [{"type": "business_registration", "fields": ["business_name", "document_number"]}]}],
          [{"name": "Address", "requirement_name": "proof_of_address",
            "accepted_documents": [{"type": "address", "fields": ["address_sids"]}, {"type": "utility_bill", "fields": ["address_sids"]}]}]]}]}"#;

    fn regulation() -> Regulation {
        Catalog::parse(CATALOG, "test").unwrap().regulations()[0].clone()
    }

    fn attributes(value: serde_json::Value) -> Attributes {
        Attributes(value.as_object().unwrap().clone())
    }

    fn document(type_: &str, value: serde_json::Value) -> AssignedDocument {
        AssignedDocument {
            sid: "RD1".into(),
            type_: type_.into(),
            attributes: attributes(value),
        }
    }

    fn compliant() -> BundleItems {
        BundleItems {
            end_users: vec![AssignedEndUser {
                sid: "IT1".into(),
                type_: EndUserType::Business,
                attributes: attributes(json!({"business_name": "Acme", "first_name": "Ann"})),
            }],
            documents: vec![document(
                "business_registration",
                json!({"business_name": " ACME ", "document_number": "42"}),
            )],
            addresses: vec![ADDRESS.into()],
            existing_addresses: HashSet::from([ADDRESS.to_string()]),
        }
    }

    fn failure(items: &BundleItems) -> RequirementResult {
        let evaluation = evaluate(&regulation(), items);
        assert_eq!(evaluation.status, EvaluationStatus::Noncompliant);
        evaluation.first_failure().unwrap().clone()
    }

    #[test]
    fn complete_items_are_compliant_and_names_compare_trimmed_without_case() {
        let evaluation = evaluate(&regulation(), &compliant());
        assert_eq!(
            evaluation.status,
            EvaluationStatus::Compliant,
            "{evaluation:?}"
        );
        assert_eq!(evaluation.results.len(), 3);
        assert!(evaluation.first_failure().is_none());
        assert_eq!(evaluation.results[2].object_type, "address");
    }

    #[test]
    fn a_missing_end_user_is_22214_listing_every_field_as_22215() {
        let result = failure(&BundleItems {
            end_users: vec![],
            ..compliant()
        });
        assert_eq!(result.error_code, Some(22214));
        assert_eq!(
            result.failure_reason.as_deref(),
            Some("A Business End-User is missing. Please add one to the regulatory bundle.")
        );
        let codes: Vec<_> = result
            .invalid
            .iter()
            .map(|f| (f.object_field.as_str(), f.error_code))
            .collect();
        assert_eq!(
            codes,
            [("business_name", Some(22215)), ("first_name", Some(22215))]
        );
    }

    #[test]
    fn a_blank_end_user_field_is_22215() {
        let mut items = compliant();
        items.end_users[0].attributes =
            attributes(json!({"business_name": "Acme", "first_name": "  "}));
        let result = failure(&items);
        assert_eq!(
            (result.error_code, result.requirement_name.as_str()),
            (Some(22215), "business_info")
        );
        assert_eq!(result.valid[0].object_field, "business_name");
        assert_eq!(result.invalid[0].object_field, "first_name");
        assert!(result
            .failure_reason
            .unwrap()
            .contains("First Name is missing"));
    }

    #[test]
    fn a_missing_document_is_22216() {
        let result = failure(&BundleItems {
            documents: vec![],
            ..compliant()
        });
        assert_eq!(result.error_code, Some(22216));
        assert_eq!(result.object_type, "business_registration");
        assert_eq!(
            result.failure_reason.as_deref(),
            Some("A Business Registration is missing. Please add one to the regulatory bundle.")
        );
        assert!(result.invalid.iter().all(|f| f.error_code == Some(22217)));
    }

    #[test]
    fn a_missing_document_field_is_22217() {
        let items = BundleItems {
            documents: vec![document(
                "business_registration",
                json!({"business_name": "Acme"}),
            )],
            ..compliant()
        };
        let result = failure(&items);
        assert_eq!(result.error_code, Some(22217));
        assert_eq!(result.invalid[0].object_field, "document_number");
    }

    #[test]
    fn a_document_field_that_differs_from_the_end_user_is_22218() {
        let items = BundleItems {
            documents: vec![document(
                "business_registration",
                json!({"business_name": "Other Ltd", "document_number": "42"}),
            )],
            ..compliant()
        };
        let result = failure(&items);
        assert_eq!(result.error_code, Some(22218));
        assert!(result.failure_reason.unwrap().contains("does not match"));
    }

    #[test]
    fn no_address_at_all_is_22219() {
        let result = failure(&BundleItems {
            addresses: vec![],
            ..compliant()
        });
        assert_eq!(
            (result.error_code, result.requirement_name.as_str()),
            (Some(22219), "proof_of_address")
        );
        assert_eq!(result.invalid[0].object_field, "address_sids");
    }

    #[test]
    fn an_address_sid_that_does_not_exist_is_22219_and_existing_ones_pass() {
        let unknown = "AD99999999999999999999999999999999";
        let mut items = BundleItems {
            addresses: vec![],
            ..compliant()
        };
        items.documents.push(document(
            "utility_bill",
            json!({"address_sids": [ADDRESS, unknown]}),
        ));
        let result = failure(&items);
        assert_eq!(result.error_code, Some(22219));
        assert!(result.failure_reason.unwrap().contains(unknown));

        items.documents[1] = document("Utility_Bill", json!({"address_sids": ADDRESS}));
        assert_eq!(
            evaluate(&regulation(), &items).status,
            EvaluationStatus::Compliant
        );
    }

    #[test]
    fn results_serialize_with_exactly_twilios_keys() {
        let result = failure(&BundleItems {
            end_users: vec![],
            ..compliant()
        });
        let value = serde_json::to_value(&result).unwrap();
        let keys = |v: &serde_json::Value| {
            let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            keys.sort();
            keys.join(" ")
        };
        assert_eq!(keys(&value), "error_code failure_reason friendly_name invalid object_type passed requirement_friendly_name requirement_name valid");
        assert_eq!(
            keys(&value["invalid"][0]),
            "error_code failure_reason friendly_name object_field"
        );
        assert_eq!(
            serde_json::to_value(EvaluationStatus::Noncompliant).unwrap(),
            "noncompliant"
        );
    }

    /// Items built only from what the regulation advertises: one end user per requirement with
    /// every required field, and per document group the accepted document `pick` chooses.
    fn advertised_items(
        regulation: &Regulation,
        pick: fn(&[AcceptedDocument]) -> &AcceptedDocument,
    ) -> BundleItems {
        let value = |f: &FieldDef| match f.machine_name.as_str() {
            ADDRESS_FIELD => json!([ADDRESS]),
            name => json!(format!("Test {name}")),
        };
        let fill = |fields: &[FieldDef]| {
            Attributes(
                fields
                    .iter()
                    .map(|f| (f.machine_name.clone(), value(f)))
                    .collect(),
            )
        };
        let mut items = BundleItems {
            existing_addresses: HashSet::from([ADDRESS.to_string()]),
            ..BundleItems::default()
        };
        for requirement in &regulation.end_user {
            items.end_users.push(AssignedEndUser {
                sid: "IT1".into(),
                type_: requirement.type_,
                attributes: fill(&requirement.fields),
            });
        }
        for group in &regulation.supporting_document {
            let accepted = pick(&group[0].accepted_documents);
            if accepted.type_ == ADDRESS_DOCUMENT {
                items.addresses.push(ADDRESS.into());
            } else {
                items.documents.push(AssignedDocument {
                    sid: "RD1".into(),
                    type_: accepted.type_.clone(),
                    attributes: fill(&accepted.fields),
                });
            }
        }
        items
    }

    #[test]
    fn every_builtin_regulation_is_met_by_what_it_advertises() {
        let catalog = Catalog::builtin().unwrap();
        for regulation in catalog.regulations() {
            let first: fn(&[AcceptedDocument]) -> &AcceptedDocument = |docs| &docs[0];
            let last: fn(&[AcceptedDocument]) -> &AcceptedDocument = |docs| &docs[docs.len() - 1];
            for pick in [first, last] {
                let evaluation = evaluate(regulation, &advertised_items(regulation, pick));
                assert_eq!(
                    evaluation.status,
                    EvaluationStatus::Compliant,
                    "{}: {:?}",
                    regulation.key,
                    evaluation.first_failure()
                );
            }
        }
    }
}
