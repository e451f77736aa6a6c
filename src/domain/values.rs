//! Small values parsed from Twilio form fields: booleans, JSON attributes, end-user types.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::ApiError;

/// Parses a boolean the way Twilio does: `true`/`false` in any case (twilio-node passes user
/// strings such as `True` through unchanged).
pub fn parse_bool(name: &str, raw: &str) -> Result<bool, ApiError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ApiError::invalid(
            name,
            format!("'{raw}' is not a boolean; send true or false"),
        )),
    }
}

/// A parameter that must be present and non-blank.
pub fn required<'a>(name: &str, raw: &'a Option<String>) -> Result<&'a str, ApiError> {
    match raw.as_deref().map(str::trim) {
        Some(value) if !value.is_empty() => Ok(value),
        _ => Err(ApiError::missing(name)),
    }
}

/// Longest friendly name Twilio stores ("column can contain 255 variable characters").
pub const MAX_FRIENDLY_NAME: usize = 255;

/// A required, non-blank friendly name of at most 255 characters.
pub fn friendly_name(name: &str, raw: &Option<String>) -> Result<String, ApiError> {
    let value = required(name, raw)?;
    optional_friendly_name(name, &Some(value.to_string())).map(|v| v.unwrap_or_default())
}

/// A friendly name that may be absent (updates); when present it follows the same rules.
pub fn optional_friendly_name(
    name: &str,
    raw: &Option<String>,
) -> Result<Option<String>, ApiError> {
    let Some(value) = raw else { return Ok(None) };
    let value = value.trim();
    if value.is_empty() {
        return Err(ApiError::invalid(name, "must not be blank"));
    }
    if value.chars().count() > MAX_FRIENDLY_NAME {
        return Err(ApiError::invalid(
            name,
            format!("is longer than {MAX_FRIENDLY_NAME} characters"),
        ));
    }
    Ok(Some(value.to_string()))
}

/// True when a callback URL carries userinfo (`user:password@` or `user@`). regbox refuses to
/// store or call such a URL: pointed back at regbox with valid credentials, each delivery would
/// trigger the next one forever. An unparseable URL has no credentials to find.
pub fn callback_url_has_credentials(raw: &str) -> bool {
    url::Url::parse(raw.trim())
        .is_ok_and(|url| !url.username().is_empty() || url.password().is_some())
}

/// The `Attributes` JSON object of an end user or supporting document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Attributes(pub Map<String, Value>);

impl Attributes {
    /// Parses the JSON string sent in the `Attributes` form field; anything but an object is 22207.
    pub fn parse(raw: &str) -> Result<Attributes, ApiError> {
        if raw.trim().is_empty() {
            return Ok(Attributes::default());
        }
        match serde_json::from_str::<Value>(raw) {
            Ok(Value::Object(map)) => Ok(Attributes(map)),
            Ok(_) => Err(ApiError::rejected(
                22207,
                "Attributes must be a JSON object, such as {\"first_name\": \"Ann\"}",
            )),
            Err(e) => Err(ApiError::rejected(
                22207,
                format!("Unable to parse Attributes as JSON: {e}"),
            )),
        }
    }

    /// Reads attributes stored by `to_json`; a corrupt value reads as empty rather than failing.
    pub fn from_stored(raw: &str) -> Attributes {
        serde_json::from_str(raw).unwrap_or_default()
    }

    /// The JSON text stored in the database.
    pub fn to_json(&self) -> String {
        Value::Object(self.0.clone()).to_string()
    }

    /// The value of a field, if present and not null or blank.
    pub fn field(&self, name: &str) -> Option<&Value> {
        match self.0.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::Array(a)) if a.is_empty() => None,
            Some(value) => Some(value),
        }
    }
}

/// Whether an end user (or a regulation) concerns a person or a company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EndUserType {
    /// A person.
    Individual,
    /// A company.
    Business,
}

impl EndUserType {
    /// Parses `individual` or `business` (case-insensitive).
    pub fn parse(name: &str, raw: &str) -> Result<EndUserType, ApiError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "individual" => Ok(EndUserType::Individual),
            "business" => Ok(EndUserType::Business),
            _ => Err(ApiError::invalid(
                name,
                format!("'{raw}' is not an end-user type; send individual or business"),
            )),
        }
    }

    /// Twilio's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            EndUserType::Individual => "individual",
            EndUserType::Business => "business",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_are_case_insensitive() {
        assert!(parse_bool("IsTest", "True").unwrap());
        assert!(!parse_bool("IsTest", "FALSE").unwrap());
        assert_eq!(parse_bool("IsTest", "yes").unwrap_err().code(), 20001);
    }

    #[test]
    fn callback_urls_with_userinfo_have_credentials() {
        assert!(callback_url_has_credentials("http://u:p@127.0.0.1:8080/x"));
        assert!(callback_url_has_credentials("https://user@example.com/x"));
        assert!(callback_url_has_credentials(
            "https://:secret@example.com/x"
        ));
        assert!(!callback_url_has_credentials(
            "https://example.com/x?user=a@b"
        ));
        assert!(!callback_url_has_credentials("https://example.com/a@b"));
        assert!(!callback_url_has_credentials("not a url"));
    }

    #[test]
    fn attributes_must_be_a_json_object() {
        assert_eq!(Attributes::parse("[1]").unwrap_err().code(), 22207);
        assert_eq!(Attributes::parse("{").unwrap_err().code(), 22207);
        let parsed = Attributes::parse("{\"first_name\": \"Ann\"}").unwrap();
        assert_eq!(parsed.field("first_name").unwrap(), "Ann");
    }
}
