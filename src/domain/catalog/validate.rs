//! The catalog file format and its validation: every reference resolved, every key unique, and
//! each error naming the entry at fault.

use std::collections::HashSet;

use serde::Deserialize;

use super::load::{error, CatalogError};
use super::{
    derived_sid, normalize_number_type, AcceptedDocument, Catalog, DocumentRequirement,
    EndUserRequirement, FieldDef, ItemType, Regulation,
};
use crate::domain::numbers::PlanEntry;
use crate::domain::sid::{RegulationSid, TypeSid};
use crate::domain::values::EndUserType;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCatalog {
    #[serde(default)]
    pub(super) replace: bool,
    #[serde(default)]
    pub(super) end_user_types: Vec<RawType>,
    #[serde(default)]
    pub(super) supporting_document_types: Vec<RawType>,
    #[serde(default)]
    pub(super) regulations: Vec<RawRegulation>,
    /// The numbering plan (`numbering.json` for the built-in one), one entry per country and type.
    #[serde(default)]
    pub(super) numbering: Vec<PlanEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawType {
    pub(super) machine_name: String,
    pub(super) friendly_name: String,
    #[serde(default)]
    pub(super) fields: Vec<RawField>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawField {
    pub(super) machine_name: String,
    pub(super) friendly_name: String,
    pub(super) description: Option<String>,
    pub(super) constraint: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRegulation {
    pub(super) key: String,
    pub(super) friendly_name: String,
    pub(super) iso_country: String,
    pub(super) number_type: String,
    pub(super) end_user_type: String,
    #[serde(default)]
    pub(super) end_user: Vec<RawEndUserRequirement>,
    #[serde(default)]
    pub(super) supporting_document: Vec<Vec<RawDocumentRequirement>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEndUserRequirement {
    pub(super) name: String,
    #[serde(rename = "type")]
    pub(super) type_: String,
    pub(super) requirement_name: String,
    #[serde(default)]
    pub(super) fields: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDocumentRequirement {
    pub(super) name: String,
    pub(super) requirement_name: String,
    #[serde(default)]
    pub(super) description: String,
    pub(super) accepted_documents: Vec<RawAcceptedDocument>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAcceptedDocument {
    #[serde(rename = "type")]
    pub(super) type_: String,
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) fields: Vec<String>,
}

pub(super) fn unique<'a>(
    label: &str,
    what: &str,
    keys: impl Iterator<Item = &'a String>,
) -> Result<(), CatalogError> {
    let mut seen = HashSet::new();
    for key in keys {
        if key.trim().is_empty() {
            return Err(error(label, format!("a {what} has an empty key")));
        }
        if !seen.insert(key) {
            return Err(error(label, format!("{what} \"{key}\" is defined twice")));
        }
    }
    Ok(())
}
pub(super) fn build(raw: RawCatalog, label: &str) -> Result<Catalog, CatalogError> {
    let end_user_types = build_types(raw.end_user_types, "end_user_type", "end-user type", label)?;
    let supporting_document_types = build_types(
        raw.supporting_document_types,
        "supporting_document_type",
        "supporting-document type",
        label,
    )?;
    if let Some(problem) = raw.numbering.iter().find_map(|e| {
        e.problem()
            .map(|p| format!("numbering entry \"{}\": {p}", e.label()))
    }) {
        return Err(error(label, problem));
    }
    let catalog = Catalog {
        regulations: Vec::new(),
        end_user_types,
        supporting_document_types,
        numbering: raw.numbering,
    };
    let regulations = raw
        .regulations
        .into_iter()
        .map(|r| build_regulation(&catalog, r).map_err(|m| error(label, m)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Catalog {
        regulations,
        ..catalog
    })
}

fn build_types(
    raw: Vec<RawType>,
    namespace: &str,
    what: &str,
    label: &str,
) -> Result<Vec<ItemType>, CatalogError> {
    raw.into_iter()
        .map(|t| {
            let names = t.fields.iter().map(|f| &f.machine_name);
            unique(
                label,
                &format!("field of {what} \"{}\":", t.machine_name),
                names,
            )?;
            let fields = t
                .fields
                .into_iter()
                .map(|f| FieldDef {
                    description: f.description.unwrap_or_else(|| f.friendly_name.clone()),
                    constraint: f.constraint.unwrap_or_else(|| "String".into()),
                    machine_name: f.machine_name,
                    friendly_name: f.friendly_name,
                })
                .collect();
            Ok(ItemType {
                sid: TypeSid::from_trusted(derived_sid("OY", namespace, &t.machine_name)),
                machine_name: t.machine_name,
                friendly_name: t.friendly_name,
                fields,
            })
        })
        .collect()
}

fn build_regulation(catalog: &Catalog, raw: RawRegulation) -> Result<Regulation, String> {
    let entry = format!("regulation \"{}\"", raw.key);
    let iso_country = raw.iso_country.trim().to_ascii_uppercase();
    if iso_country.len() != 2 || !iso_country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(format!(
            "{entry}: iso_country \"{}\" is not a two-letter ISO 3166-1 code",
            raw.iso_country
        ));
    }
    let number_type = normalize_number_type(&raw.number_type);
    if number_type.is_empty() || raw.friendly_name.trim().is_empty() {
        return Err(format!(
            "{entry}: number_type and friendly_name must not be empty"
        ));
    }
    let end_user_type = parse_end_user_type(&raw.end_user_type)
        .ok_or_else(|| format!("{entry}: end_user_type must be individual or business"))?;
    let end_user = raw
        .end_user
        .into_iter()
        .enumerate()
        .map(|(i, r)| end_user_requirement(catalog, r, &format!("{entry}: end_user[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let supporting_document = document_groups(catalog, raw.supporting_document, &entry)?;
    Ok(Regulation {
        sid: RegulationSid::from_trusted(derived_sid("RN", "regulation", &raw.key)),
        key: raw.key,
        friendly_name: raw.friendly_name,
        iso_country,
        number_type,
        end_user_type,
        end_user,
        supporting_document,
    })
}

fn parse_end_user_type(raw: &str) -> Option<EndUserType> {
    EndUserType::parse("end_user_type", raw).ok()
}

fn end_user_requirement(
    catalog: &Catalog,
    raw: RawEndUserRequirement,
    at: &str,
) -> Result<EndUserRequirement, String> {
    let declared = catalog.end_user_type(&raw.type_).ok_or_else(|| {
        format!(
            "{at} names end-user type \"{}\", which is not in end_user_types",
            raw.type_
        )
    })?;
    // End users can only be created as individual or business, so any other type could never be met.
    let type_ = parse_end_user_type(&raw.type_).ok_or_else(|| {
        format!(
            "{at} requires an end user of type \"{}\"; only individual or business can be assigned",
            raw.type_
        )
    })?;
    Ok(EndUserRequirement {
        fields: resolve_fields(declared, &raw.fields, at)?,
        name: raw.name,
        type_,
        requirement_name: raw.requirement_name,
    })
}

fn document_groups(
    catalog: &Catalog,
    raw: Vec<Vec<RawDocumentRequirement>>,
    entry: &str,
) -> Result<Vec<Vec<DocumentRequirement>>, String> {
    let mut groups = Vec::with_capacity(raw.len());
    for (g, group) in raw.into_iter().enumerate() {
        if group.is_empty() {
            return Err(format!(
                "{entry}: supporting_document[{g}] is an empty group"
            ));
        }
        let mut requirements = Vec::with_capacity(group.len());
        for (i, requirement) in group.into_iter().enumerate() {
            let at = format!(
                "{entry}: supporting_document[{g}][{i}] ({})",
                requirement.requirement_name
            );
            requirements.push(document_requirement(catalog, requirement, &at)?);
        }
        groups.push(requirements);
    }
    Ok(groups)
}

fn document_requirement(
    catalog: &Catalog,
    raw: RawDocumentRequirement,
    at: &str,
) -> Result<DocumentRequirement, String> {
    if raw.accepted_documents.is_empty() {
        return Err(format!("{at} accepts no documents"));
    }
    let accepted_documents = raw
        .accepted_documents
        .into_iter()
        .map(|doc| {
            let declared = catalog.supporting_document_type(&doc.type_).ok_or_else(|| {
                format!("{at} accepts document type \"{}\", which is not in supporting_document_types", doc.type_)
            })?;
            Ok(AcceptedDocument {
                name: doc.name.unwrap_or_else(|| declared.friendly_name.clone()),
                fields: resolve_fields(declared, &doc.fields, &format!("{at} document \"{}\"", doc.type_))?,
                type_: declared.machine_name.clone(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(DocumentRequirement {
        name: raw.name,
        requirement_name: raw.requirement_name,
        description: raw.description,
        accepted_documents,
    })
}

fn resolve_fields(
    declared: &ItemType,
    names: &[String],
    at: &str,
) -> Result<Vec<FieldDef>, String> {
    let mut seen = HashSet::new();
    names
        .iter()
        .map(|name| {
            if !seen.insert(name) {
                return Err(format!("{at} requires field \"{name}\" twice"));
            }
            declared
                .fields
                .iter()
                .find(|f| &f.machine_name == name)
                .cloned()
                .ok_or_else(|| {
                    format!(
                        "{at} requires field \"{name}\", which type \"{}\" does not declare",
                        declared.machine_name
                    )
                })
        })
        .collect()
}
