//! `#/components/...` references: which components a part of a document needs, copying them
//! between documents, and dropping the ones nothing uses (Twilio's files describe far more than
//! regbox serves).

use std::collections::BTreeSet;

use anyhow::{bail, Context};
use serde_json::{Map, Value};

/// A component named by a local `$ref`: its kind (`schemas`, `parameters`, …) and name.
pub type ComponentId = (String, String);

/// The component a local `$ref` names, e.g. `#/components/schemas/TwilioError`.
pub fn component_of(reference: &str) -> Option<ComponentId> {
    let rest = reference.strip_prefix("#/components/")?;
    let (kind, name) = rest.split_once('/')?;
    // JSON Pointer escapes; Twilio's names (`numbers.v2.regulatory_compliance.bundle`) need none,
    // but a name with `/` or `~` would arrive escaped.
    let name = name.replace("~1", "/").replace("~0", "~");
    Some((kind.to_string(), name))
}

/// Every `$ref` string anywhere in `value`.
fn refs_in<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(reference)) => out.push(reference),
                    _ => refs_in(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs_in(item, out)),
        _ => {}
    }
}

/// The components `root` references in `doc`, directly or through other components.
pub fn referenced(doc: &Value, root: &Value) -> anyhow::Result<BTreeSet<ComponentId>> {
    let mut found = BTreeSet::new();
    let mut pending = vec![root];
    while let Some(value) = pending.pop() {
        let mut refs = Vec::new();
        refs_in(value, &mut refs);
        for reference in refs {
            let id = component_of(reference)
                .with_context(|| format!("not a local component reference: {reference}"))?;
            if found.insert(id.clone()) {
                pending.push(
                    doc["components"][&id.0]
                        .get(&id.1)
                        .with_context(|| format!("{reference} names no component"))?,
                );
            }
        }
    }
    Ok(found)
}

/// Copies `item` from `from` into `into` at `paths[path]`, with every component it needs.
/// A component already in `into` must be identical: two files defining one name differently
/// would make one of them lie.
pub fn copy_path(from: &Value, path: &str, into: &mut Value) -> anyhow::Result<()> {
    let item = from["paths"]
        .get(path)
        .with_context(|| format!("no path {path} to copy"))?;
    for (kind, name) in referenced(from, item)? {
        let component = &from["components"][&kind][&name];
        let slot = object_at(into, &["components", &kind])?;
        match slot.get(&name) {
            Some(existing) if existing != component => {
                bail!("component {kind}/{name} differs between the files")
            }
            Some(_) => {}
            None => {
                slot.insert(name, component.clone());
            }
        }
    }
    object_at(into, &["paths"])?.insert(path.to_string(), item.clone());
    Ok(())
}

/// Keeps only the components the paths reference; security schemes are kept, since operations
/// name them without `$ref`.
pub fn prune_unreferenced(doc: &mut Value) -> anyhow::Result<()> {
    let used = referenced(doc, &doc["paths"])?;
    let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (kind, entries) in components.iter_mut() {
        if kind == "securitySchemes" {
            continue;
        }
        if let Some(entries) = entries.as_object_mut() {
            entries.retain(|name, _| used.contains(&(kind.clone(), name.clone())));
        }
    }
    components.retain(|_, entries| entries.as_object().is_none_or(|e| !e.is_empty()));
    Ok(())
}

/// The object at `keys` under `doc`, created (empty) where missing.
pub fn object_at<'a>(
    doc: &'a mut Value,
    keys: &[&str],
) -> anyhow::Result<&'a mut Map<String, Value>> {
    let mut node = doc;
    for key in keys {
        let map = node
            .as_object_mut()
            .with_context(|| format!("{key}'s parent is not an object"))?;
        node = map
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    node.as_object_mut()
        .with_context(|| format!("{} is not an object", keys.join("/")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn references_name_a_kind_and_an_unescaped_name() {
        assert_eq!(
            component_of("#/components/schemas/a.b~1c"),
            Some(("schemas".into(), "a.b/c".into()))
        );
        assert_eq!(component_of("#/paths/x"), None);
        assert_eq!(component_of("other.json#/components/schemas/x"), None);
    }

    #[test]
    fn pruning_keeps_what_paths_reach_through_other_components() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/R"}}}}},
            "components": {
                "responses": {"R": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}},
                "schemas": {"A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}}, "B": {}, "Unused": {}},
                "parameters": {"Unused": {}},
                "securitySchemes": {"basic": {"type": "http", "scheme": "basic"}}
            }
        });
        prune_unreferenced(&mut doc).unwrap();
        let components = &doc["components"];
        assert_eq!(
            components["schemas"],
            json!({"A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}}, "B": {}})
        );
        assert!(components.get("parameters").is_none());
        assert!(components["securitySchemes"].get("basic").is_some());
    }

    #[test]
    fn a_reference_to_a_missing_component_is_an_error() {
        let doc =
            json!({"paths": {"/a": {"$ref": "#/components/schemas/Missing"}}, "components": {}});
        assert!(referenced(&doc, &doc["paths"]).is_err());
    }
}
