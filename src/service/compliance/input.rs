//! Reading an application request (`data` JSON and the uploaded files) into checked values, in
//! a fixed order so the error a client gets is deterministic: `data` → top-level fields → enums
//! and lengths → end user → requirement → each document → every document type present → files
//! → (in the transaction) duplicates.

use serde_json::{Map, Value};

use crate::domain::compliance::{
    requirement, ComplianceRefusal, DocumentType, RequiredField, Requirement, MAX_ALIAS,
    NUMBER_TYPES, USER_TYPES,
};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::files::FileKind;

/// The end user's fields, in the order they are shown; every one is a string, `""` when unset.
pub const END_USER_FIELDS: [&str; 11] = [
    "type",
    "name",
    "last_name",
    "email",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "country",
    "registration_number",
];

/// One uploaded file part, `documents[index].file`.
#[derive(Clone, Debug)]
pub struct UploadPart {
    pub index: usize,
    pub file_name: String,
    /// The bytes, cut at the limit plus one when the part was larger.
    pub content: Vec<u8>,
    /// True when the part was larger than the limit (the rest was not kept).
    pub too_large: bool,
}

/// A create or update request as the client sent it: the `data` form field and the files.
#[derive(Clone, Debug, Default)]
pub struct ApplicationInput {
    pub data: Option<String>,
    pub files: Vec<UploadPart>,
}

/// A checked document, ready to store.
#[derive(Clone, Debug)]
pub struct CheckedDocument {
    pub position: usize,
    pub document_type: DocumentType,
    pub meta_information: Map<String, Value>,
    pub file: Option<CheckedFile>,
}

/// A checked file.
#[derive(Clone, Debug)]
pub struct CheckedFile {
    pub file_name: String,
    pub kind: FileKind,
    pub content: Vec<u8>,
}

/// A checked create request.
#[derive(Clone, Debug)]
pub struct NewApplication {
    pub alias: String,
    pub requirement: &'static Requirement,
    pub end_user: Map<String, Value>,
    pub documents: Vec<CheckedDocument>,
    pub callback_url: Option<String>,
    pub callback_method: Option<String>,
}

/// A checked update: `None` leaves a part as it is.
#[derive(Clone, Debug, Default)]
pub struct ApplicationChanges {
    pub alias: Option<String>,
    /// Fields to merge into the end user.
    pub end_user: Option<Map<String, Value>>,
    /// The full replacement set of documents.
    pub documents: Option<Vec<CheckedDocument>>,
    pub callback_url: Option<Option<String>>,
    pub callback_method: Option<Option<String>>,
}

/// The `data` field as a JSON object.
fn data_object(raw: Option<&str>) -> DomainResult<Map<String, Value>> {
    let Some(raw) = raw else {
        return Err(DomainError::missing("data"));
    };
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(DomainError::invalid("data", "must be a JSON object")),
        Err(e) => Err(DomainError::invalid(
            "data",
            format!("is not valid JSON ({e}); send a JSON object"),
        )),
    }
}

/// A string field: `None` when absent or null, refused when not a string.
fn text(map: &Map<String, Value>, key: &str, param: &str) -> DomainResult<Option<String>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(DomainError::invalid(param, "must be a string")),
    }
}

/// A required, non-blank string field.
fn required_text(map: &Map<String, Value>, key: &str, param: &str) -> DomainResult<String> {
    match text(map, key, param)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(DomainError::missing(param)),
    }
}

fn one_of(value: &str, allowed: &[&str], param: &str) -> DomainResult<()> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(DomainError::invalid(
            param,
            format!("'{value}' is not one of {}", allowed.join(", ")),
        ))
    }
}

fn alias(value: String, param: &str) -> DomainResult<String> {
    if value.chars().count() > MAX_ALIAS {
        return Err(DomainError::invalid(
            param,
            format!("is longer than {MAX_ALIAS} characters"),
        ));
    }
    Ok(value)
}

/// A field an update may set (`Some(Some)`), clear (`Some(None)`) or leave (`None`).
type Change = Option<Option<String>>;

fn callback(map: &Map<String, Value>) -> DomainResult<(Change, Change)> {
    let url = match map.get("callback_url") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(_) => {
            let url = text(map, "callback_url", "callback_url")?.unwrap_or_default();
            if url.is_empty() {
                Some(None)
            } else if (url.starts_with("http://") || url.starts_with("https://"))
                && url.len() > "https://".len()
            {
                Some(Some(url))
            } else {
                return Err(DomainError::invalid(
                    "callback_url",
                    "must be an absolute http or https URL",
                ));
            }
        }
    };
    let method = match text(map, "callback_method", "callback_method")? {
        None => None,
        Some(m) if m.is_empty() => Some(None),
        Some(m) => {
            let upper = m.to_ascii_uppercase();
            one_of(&upper, &["GET", "POST"], "callback_method")?;
            Some(Some(upper))
        }
    };
    Ok((url, method))
}

/// The end user's fields from `data.end_user`: each known field a string.
fn end_user_fields(value: &Value) -> DomainResult<Map<String, Value>> {
    let Value::Object(map) = value else {
        return Err(DomainError::invalid("end_user", "must be a JSON object"));
    };
    let mut fields = Map::new();
    for key in END_USER_FIELDS {
        if let Some(v) = text(map, key, &format!("end_user.{key}"))? {
            fields.insert(key.to_string(), Value::String(v));
        }
    }
    Ok(fields)
}

/// Reads a create request.
pub fn new_application(
    input: &ApplicationInput,
    max_file_bytes: usize,
) -> DomainResult<NewApplication> {
    let data = data_object(input.data.as_deref())?;
    let country_iso = required_text(&data, "country_iso", "country_iso")?;
    let number_type = required_text(&data, "number_type", "number_type")?;
    let alias_text = required_text(&data, "alias", "alias")?;
    let end_user = data
        .get("end_user")
        .filter(|v| !v.is_null())
        .ok_or_else(|| DomainError::missing("end_user"))?;
    let documents = data
        .get("documents")
        .filter(|v| !v.is_null())
        .ok_or_else(|| DomainError::missing("documents"))?;
    if country_iso.len() != 2 || !country_iso.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(DomainError::invalid(
            "country_iso",
            "must be an ISO 3166-1 alpha-2 code such as IN",
        ));
    }
    one_of(&number_type, &NUMBER_TYPES, "number_type")?;
    let alias_text = alias(alias_text, "alias")?;
    let (callback_url, callback_method) = callback(&data)?;
    let end_user = end_user_fields(end_user)?;
    let user_type = end_user
        .get("type")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| DomainError::missing("end_user.type"))?
        .to_string();
    one_of(&user_type, &USER_TYPES, "end_user.type")?;
    if end_user
        .get("name")
        .and_then(Value::as_str)
        .is_none_or(|n| n.trim().is_empty())
    {
        return Err(DomainError::missing("end_user.name"));
    }
    let requirement = requirement(&country_iso, &number_type, &user_type).ok_or_else(|| {
        ComplianceRefusal::RequirementNotFound {
            country_iso: country_iso.to_ascii_uppercase(),
            number_type: number_type.clone(),
            user_type: user_type.clone(),
        }
    })?;
    let documents = checked_documents(requirement, documents, &input.files, max_file_bytes)?;
    Ok(NewApplication {
        alias: alias_text,
        requirement,
        end_user,
        documents,
        callback_url: callback_url.flatten(),
        callback_method: callback_method.flatten(),
    })
}

/// Reads an update of an application for `requirement` whose end user is of `user_type`.
pub fn changes(
    input: &ApplicationInput,
    requirement: &'static Requirement,
    current: (&str, &str, &str),
    max_file_bytes: usize,
) -> DomainResult<ApplicationChanges> {
    let (country_iso, number_type, user_type) = current;
    let Some(raw) = input.data.as_deref() else {
        if let Some(part) = input.files.first() {
            return Err(stray_file(part.index));
        }
        return Ok(ApplicationChanges::default());
    };
    let data = data_object(Some(raw))?;
    for (key, current) in [("country_iso", country_iso), ("number_type", number_type)] {
        if let Some(sent) = text(&data, key, key)? {
            if !sent.eq_ignore_ascii_case(current) {
                return Err(DomainError::invalid(
                    key,
                    format!("cannot change (it is {current}); create a new application"),
                ));
            }
        }
    }
    let alias = match text(&data, "alias", "alias")? {
        None => None,
        Some(a) if a.trim().is_empty() => return Err(DomainError::missing("alias")),
        Some(a) => Some(alias(a, "alias")?),
    };
    let (callback_url, callback_method) = callback(&data)?;
    let end_user = match data.get("end_user").filter(|v| !v.is_null()) {
        None => None,
        Some(value) => {
            let fields = end_user_fields(value)?;
            if let Some(t) = fields.get("type").and_then(Value::as_str) {
                if t != user_type {
                    return Err(DomainError::invalid(
                        "end_user.type",
                        format!("cannot change (it is {user_type}); create a new application"),
                    ));
                }
            }
            if fields
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| n.trim().is_empty())
            {
                return Err(DomainError::missing("end_user.name"));
            }
            Some(fields)
        }
    };
    let documents = match data.get("documents").filter(|v| !v.is_null()) {
        None => {
            if let Some(part) = input.files.first() {
                return Err(stray_file(part.index));
            }
            None
        }
        Some(documents) => Some(checked_documents(
            requirement,
            documents,
            &input.files,
            max_file_bytes,
        )?),
    };
    Ok(ApplicationChanges {
        alias,
        end_user,
        documents,
        callback_url,
        callback_method,
    })
}

fn stray_file(index: usize) -> DomainError {
    DomainError::invalid(
        format!("documents[{index}].file"),
        format!("has no documents[{index}] in data.documents; send the file with its document"),
    )
}

/// Each document of `data.documents` checked against the requirement, then the files.
fn checked_documents(
    requirement: &'static Requirement,
    documents: &Value,
    files: &[UploadPart],
    max_file_bytes: usize,
) -> DomainResult<Vec<CheckedDocument>> {
    let Value::Array(items) = documents else {
        return Err(DomainError::invalid("documents", "must be a JSON array"));
    };
    let mut checked: Vec<(usize, &DocumentType, Map<String, Value>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(item) = item else {
            return Err(DomainError::invalid(
                format!("documents[{i}]"),
                "must be a JSON object",
            ));
        };
        let param = format!("documents[{i}].document_type_id");
        let type_id = required_text(item, "document_type_id", &param)?;
        let document_type = requirement
            .document_types
            .iter()
            .find(|d| d.document_type_id == type_id)
            .ok_or_else(|| {
                DomainError::invalid(
                    &param,
                    format!(
                        "'{type_id}' is not a document type of requirement {} ({}); use one of {}",
                        requirement.requirement_id,
                        requirement_label(requirement),
                        requirement
                            .document_types
                            .iter()
                            .map(|d| format!("{} ({})", d.document_type_id, d.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        if checked
            .iter()
            .any(|(_, d, _)| d.document_type_id == type_id)
        {
            return Err(DomainError::invalid(
                &param,
                format!("'{type_id}' is sent twice; send each document type once"),
            ));
        }
        let data_fields = match item.get("data_fields") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(map)) => map.clone(),
            Some(_) => {
                return Err(DomainError::invalid(
                    format!("documents[{i}].data_fields"),
                    "must be a JSON object",
                ))
            }
        };
        for field in &document_type.required_fields {
            check_field(i, field, &data_fields)?;
        }
        checked.push((i, document_type, data_fields));
    }
    for wanted in &requirement.document_types {
        if !checked
            .iter()
            .any(|(_, d, _)| d.document_type_id == wanted.document_type_id)
        {
            return Err(ComplianceRefusal::MissingDocument {
                param: "documents".into(),
                reason: format!(
                    "{} (document_type_id {}) is required for {}",
                    wanted.name,
                    wanted.document_type_id,
                    requirement_label(requirement)
                ),
            }
            .into());
        }
    }
    if let Some(part) = files.iter().find(|p| p.index >= items.len()) {
        return Err(stray_file(part.index));
    }
    let mut result = Vec::new();
    for (i, document_type, meta_information) in checked {
        let part = files.iter().find(|p| p.index == i);
        let file = match part {
            None if document_type.proof_required => {
                return Err(ComplianceRefusal::MissingDocument {
                    param: format!("documents[{i}].file"),
                    reason: format!(
                        "{} needs a file (PDF, JPEG or PNG); upload it as documents[{i}].file",
                        document_type.name
                    ),
                }
                .into())
            }
            None => None,
            Some(part) => Some(checked_file(part, max_file_bytes)?),
        };
        result.push(CheckedDocument {
            position: i,
            document_type: document_type.clone(),
            meta_information,
            file,
        });
    }
    Ok(result)
}

fn requirement_label(r: &Requirement) -> String {
    format!("{} {} {}", r.country_iso, r.number_type, r.user_type)
}

fn check_field(
    index: usize,
    field: &RequiredField,
    fields: &Map<String, Value>,
) -> DomainResult<()> {
    let param = format!("documents[{index}].data_fields.{}", field.field_name);
    let value = match fields.get(&field.field_name) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(DomainError::invalid(&param, "must be a string")),
    };
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        if field.required {
            return Err(DomainError::missing(param));
        }
        return Ok(());
    };
    let length = value.chars().count();
    if let Some(min) = field.min_length {
        if length < min as usize {
            return Err(DomainError::invalid(
                &param,
                format!("must be at least {min} characters"),
            ));
        }
    }
    if let Some(max) = field.max_length {
        if length > max as usize {
            return Err(DomainError::invalid(
                &param,
                format!("must be at most {max} characters"),
            ));
        }
    }
    match field.field_type.as_str() {
        "date" if chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d").is_err() => Err(
            DomainError::invalid(&param, "must be a date in the format yyyy-mm-dd"),
        ),
        "enum" if !field.enums.split(',').map(str::trim).any(|e| e == value) => Err(
            DomainError::invalid(&param, format!("'{value}' is not one of {}", field.enums)),
        ),
        _ => Ok(()),
    }
}

/// The file rules shared with Twilio's uploads (`FileKind::sniff`, the configured size limit),
/// plus Plivo's limit on the file name.
fn checked_file(part: &UploadPart, max_file_bytes: usize) -> DomainResult<CheckedFile> {
    let param = format!("documents[{}].file", part.index);
    if part.too_large || part.content.len() > max_file_bytes {
        return Err(ComplianceRefusal::InvalidFile {
            param,
            reason: format!(
                "is larger than the limit of {} MB; upload a smaller file",
                max_file_bytes as f64 / (1024.0 * 1024.0)
            ),
        }
        .into());
    }
    let Some(kind) = FileKind::sniff(&part.content) else {
        return Err(ComplianceRefusal::InvalidFile {
            param,
            reason: "is not a PDF, JPEG or PNG file (the content is checked, not the file name)"
                .into(),
        }
        .into());
    };
    if part.file_name.chars().count() > MAX_ALIAS {
        return Err(ComplianceRefusal::InvalidFile {
            param,
            reason: format!("has a file name longer than {MAX_ALIAS} characters"),
        }
        .into());
    }
    Ok(CheckedFile {
        file_name: part.file_name.clone(),
        kind,
        content: part.content.clone(),
    })
}
