//! Reading the catalog: parse the JSON, merge an extension file over the built-in one, and
//! check every cross-reference so a bad file stops start-up instead of failing a request later.

use std::path::Path;

use super::validate::{build, unique, RawCatalog};
use super::Catalog;
use crate::domain::numbers::PlanEntry;

const BUILTIN: &str = include_str!("builtin.json");
/// The built-in numbering plan, kept apart from the regulations because it is a different
/// kind of fact (national numbering plans, not Twilio's requirements).
const NUMBERING: &str = include_str!("numbering.json");

/// Why a catalog could not be loaded; the message names the file and the offending entry.
#[derive(Debug, thiserror::Error)]
#[error("invalid regulation catalog ({source_name}): {message}")]
pub struct CatalogError {
    source_name: String,
    message: String,
}

pub(super) fn error(source_name: &str, message: impl Into<String>) -> CatalogError {
    CatalogError {
        source_name: source_name.to_string(),
        message: message.into(),
    }
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
        build(builtin_raw()?, "built-in")
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
        let mut merged = builtin_raw()?;
        merge(&mut merged.end_user_types, extension.end_user_types, |t| {
            &t.machine_name
        });
        merge(
            &mut merged.supporting_document_types,
            extension.supporting_document_types,
            |t| &t.machine_name,
        );
        merge(&mut merged.regulations, extension.regulations, |r| &r.key);
        merge_numbering(&mut merged.numbering, extension.numbering);
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
    let numbering_keys: Vec<String> = raw.numbering.iter().map(PlanEntry::label).collect();
    unique(label, "numbering entry", numbering_keys.iter())?;
    Ok(raw)
}

/// `builtin.json` with the numbering plan of `numbering.json`.
fn builtin_raw() -> Result<RawCatalog, CatalogError> {
    let mut raw = parse_raw(BUILTIN, "built-in")?;
    raw.numbering = parse_raw(NUMBERING, "built-in numbering")?.numbering;
    Ok(raw)
}

/// Numbering entries are keyed by country and type: an extension entry replaces the built-in
/// one of the same country and type in place, new ones follow.
fn merge_numbering(base: &mut Vec<PlanEntry>, extension: Vec<PlanEntry>) {
    for entry in extension {
        let same = |b: &PlanEntry| {
            b.iso_country == entry.iso_country && b.number_type == entry.number_type
        };
        match base.iter().position(same) {
            Some(index) => base[index] = entry,
            None => base.push(entry),
        }
    }
}

fn merge<T>(base: &mut Vec<T>, extension: Vec<T>, key: impl Fn(&T) -> &String) {
    for entry in extension {
        match base.iter().position(|b| key(b) == key(&entry)) {
            Some(index) => base[index] = entry,
            None => base.push(entry),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::domain::catalog::derived_sid;
    use crate::domain::values::EndUserType;

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
    fn numbering_entries_merge_by_country_and_type_and_are_checked() {
        use crate::domain::numbers::NumberType;
        let extension = r#"{"numbering": [
            {"iso_country": "AU", "country": "Australia", "country_code": "61", "number_type": "local",
             "nsn_length": 9, "address_requirements": "none", "capabilities": {"voice": true},
             "prefixes": [{"prefix": "29"}]},
            {"iso_country": "NZ", "country": "New Zealand", "country_code": "64", "number_type": "local",
             "nsn_length": 8, "address_requirements": "any", "capabilities": {"voice": true},
             "prefixes": [{"prefix": "9", "locality": "Auckland"}]}]}"#;
        let builtin = Catalog::builtin().unwrap();
        let catalog = Catalog::extended(extension, "ext.json").unwrap();
        assert_eq!(catalog.numbering().len(), builtin.numbering().len() + 1);
        let au = catalog.numbering_entry("au", NumberType::Local).unwrap();
        assert_eq!(au.prefixes.len(), 1);
        assert!(catalog.numbering_entry("NZ", NumberType::Local).is_some());
        let bad = r#"{"numbering": [{"iso_country": "NZ", "country": "NZ", "country_code": "64",
            "number_type": "local", "nsn_length": 1, "address_requirements": "any",
            "capabilities": {}, "prefixes": [{"prefix": "9"}]}]}"#;
        let message = Catalog::extended(bad, "ext.json").unwrap_err().to_string();
        assert!(
            message.contains("numbering entry \"NZ local\"") && message.contains("nsn_length"),
            "{message}"
        );
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
