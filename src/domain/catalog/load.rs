//! Reading the catalog: parse the JSON, merge an extension file over the built-in one, and
//! check every cross-reference so a bad file stops start-up instead of failing a request later.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use super::{
    derived_sid, normalize_number_type, AcceptedDocument, Catalog, DocumentRequirement,
    EndUserRequirement, FieldDef, ItemType, Regulation,
};
use crate::domain::sid::{RegulationSid, TypeSid};
use crate::domain::values::EndUserType;

const BUILTIN: &str = include_str!("builtin.json");

/// Why a catalog could not be loaded; the message names the file and the offending entry.
#[derive(Debug, thiserror::Error)]
#[error("invalid regulation catalog ({source_name}): {message}")]
pub struct CatalogError {
    source_name: String,
    message: String,
}

fn error(source_name: &str, message: impl Into<String>) -> CatalogError {
    CatalogError {
        source_name: source_name.to_string(),
        message: message.into(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    replace: bool,
    #[serde(default)]
    end_user_types: Vec<RawType>,
    #[serde(default)]
    supporting_document_types: Vec<RawType>,
    #[serde(default)]
    regulations: Vec<RawRegulation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawType {
    machine_name: String,
    friendly_name: String,
    #[serde(default)]
    fields: Vec<RawField>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    machine_name: String,
    friendly_name: String,
    description: Option<String>,
    constraint: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegulation {
    key: String,
    friendly_name: String,
    iso_country: String,
    number_type: String,
    end_user_type: String,
    #[serde(default)]
    end_user: Vec<RawEndUserRequirement>,
    #[serde(default)]
    supporting_document: Vec<Vec<RawDocumentRequirement>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEndUserRequirement {
    name: String,
    #[serde(rename = "type")]
    type_: String,
    requirement_name: String,
    #[serde(default)]
    fields: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocumentRequirement {
    name: String,
    requirement_name: String,
    #[serde(default)]
    description: String,
    accepted_documents: Vec<RawAcceptedDocument>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAcceptedDocument {
    #[serde(rename = "type")]
    type_: String,
    name: Option<String>,
    #[serde(default)]
    fields: Vec<String>,
}

impl Catalog {
    /// The built-in catalog, extended (or, with `"replace": true`, replaced) by the file at `path`.
    pub fn load(path: Option<&Path>) -> Result<Catalog, CatalogError> {
        let Some(path) = path else {
            return Catalog::builtin();
        };
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| error(&label, format!("cannot read the file: {e}")))?;
        Catalog::extended(&text, &label)
    }

    /// The built-in catalog alone.
    pub fn builtin() -> Result<Catalog, CatalogError> {
        Catalog::parse(BUILTIN, "built-in")
    }

    /// A catalog made of `text` alone, named `label` in errors.
    pub fn parse(text: &str, label: &str) -> Result<Catalog, CatalogError> {
        build(parse_raw(text, label)?, label)
    }

    /// The built-in catalog with the extension `text` merged over it (entries with the same key
    /// replace built-in ones in place; new ones follow).
    pub fn extended(text: &str, label: &str) -> Result<Catalog, CatalogError> {
        let extension = parse_raw(text, label)?;
        if extension.replace {
            return build(extension, label);
        }
        let mut merged = parse_raw(BUILTIN, "built-in")?;
        merge(&mut merged.end_user_types, extension.end_user_types, |t| {
            &t.machine_name
        });
        merge(
            &mut merged.supporting_document_types,
            extension.supporting_document_types,
            |t| &t.machine_name,
        );
        merge(&mut merged.regulations, extension.regulations, |r| &r.key);
        build(merged, &format!("built-in + {label}"))
    }
}

fn parse_raw(text: &str, label: &str) -> Result<RawCatalog, CatalogError> {
    let raw: RawCatalog =
        serde_json::from_str(text).map_err(|e| error(label, format!("not valid JSON: {e}")))?;
    // Checked per file, before merging: a merge would silently keep only the last duplicate.
    unique(
        label,
        "end-user type",
        raw.end_user_types.iter().map(|t| &t.machine_name),
    )?;
    unique(
        label,
        "supporting-document type",
        raw.supporting_document_types
            .iter()
            .map(|t| &t.machine_name),
    )?;
    unique(label, "regulation", raw.regulations.iter().map(|r| &r.key))?;
    Ok(raw)
}

fn unique<'a>(
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

fn merge<T>(base: &mut Vec<T>, extension: Vec<T>, key: impl Fn(&T) -> &String) {
    for entry in extension {
        match base.iter().position(|b| key(b) == key(&entry)) {
            Some(index) => base[index] = entry,
            None => base.push(entry),
        }
    }
}

fn build(raw: RawCatalog, label: &str) -> Result<Catalog, CatalogError> {
    let end_user_types = build_types(raw.end_user_types, "end_user_type", "end-user type", label)?;
    let supporting_document_types = build_types(
        raw.supporting_document_types,
        "supporting_document_type",
        "supporting-document type",
        label,
    )?;
    let catalog = Catalog {
        regulations: Vec::new(),
        end_user_types,
        supporting_document_types,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_is_valid_and_broad() {
        let catalog = Catalog::builtin().unwrap();
        assert!(catalog.regulations().len() >= 15);
        let countries: HashSet<_> = catalog
            .regulations()
            .iter()
            .map(|r| &r.iso_country)
            .collect();
        assert!(countries.len() >= 6);
    }

    #[test]
    fn sids_derive_from_keys_and_namespaces_differ() {
        let catalog = Catalog::builtin().unwrap();
        let au = catalog
            .find_regulation("au", "local", EndUserType::Individual)
            .unwrap();
        assert_eq!(
            au.sid.as_str(),
            derived_sid("RN", "regulation", "au-local-individual")
        );
        assert_eq!(Catalog::builtin().unwrap(), catalog);
        let name = catalog.end_user_types()[0].machine_name.clone();
        assert_ne!(
            derived_sid("OY", "end_user_type", &name),
            derived_sid("OY", "supporting_document_type", &name)
        );
    }

    #[test]
    fn extension_replaces_same_key_in_place_and_appends_new_ones() {
        let extension = r#"{"regulations": [
            {"key": "au-local-individual", "friendly_name": "AU changed", "iso_country": "au",
             "number_type": "tollfree", "end_user_type": "individual"},
            {"key": "nz-local-business", "friendly_name": "New Zealand: Local - Business",
             "iso_country": "NZ", "number_type": "local", "end_user_type": "business"}]}"#;
        let builtin = Catalog::builtin().unwrap();
        let catalog = Catalog::extended(extension, "ext.json").unwrap();
        assert_eq!(catalog.regulations().len(), builtin.regulations().len() + 1);
        assert_eq!(catalog.regulations()[0].friendly_name, "AU changed");
        assert_eq!(catalog.regulations()[0].number_type, "toll-free");
        assert_eq!(catalog.regulations()[0].sid, builtin.regulations()[0].sid);
        assert_eq!(catalog.regulations().last().unwrap().iso_country, "NZ");
    }

    #[test]
    fn replace_drops_the_builtin_entries() {
        let catalog = Catalog::extended(r#"{"replace": true}"#, "empty.json").unwrap();
        assert!(catalog.regulations().is_empty() && catalog.end_user_types().is_empty());
    }

    #[test]
    fn validation_errors_name_the_offending_entry() {
        let cases = [
            (
                r#"{"regulations": [{"key": "x", "friendly_name": "X", "iso_country": "FR", "number_type": "local", "end_user_type": "business",
               "supporting_document": [[{"name": "N", "requirement_name": "r", "accepted_documents": [{"type": "kbis"}]}]]}]}"#,
                "regulation \"x\": supporting_document[0][0] (r) accepts document type \"kbis\"",
            ),
            (
                r#"{"regulations": [{"key": "y", "friendly_name": "Y", "iso_country": "FR", "number_type": "local", "end_user_type": "business",
               "end_user": [{"name": "B", "type": "business", "requirement_name": "b", "fields": ["shoe_size"]}]}]}"#,
                "regulation \"y\": end_user[0] requires field \"shoe_size\"",
            ),
            (
                r#"{"regulations": [{"key": "z", "friendly_name": "Z", "iso_country": "FRA", "number_type": "local", "end_user_type": "business"}]}"#,
                "regulation \"z\": iso_country",
            ),
            (
                r#"{"end_user_types": [{"machine_name": "a", "friendly_name": "A"}, {"machine_name": "a", "friendly_name": "A"}]}"#,
                "end-user type \"a\" is defined twice",
            ),
            (r#"{"regulations": 3}"#, "not valid JSON"),
        ];
        for (text, needle) in cases {
            let message = Catalog::extended(text, "ext.json").unwrap_err().to_string();
            assert!(
                message.contains(needle) && message.contains("ext.json"),
                "{message}"
            );
        }
    }
}
