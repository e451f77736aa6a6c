//! Small values parsed from Twilio form fields: booleans, JSON attributes, end-user types,
//! callback URLs.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::catalog::ADDRESS_FIELD;
use crate::domain::error::{DomainError, Refusal};
use crate::domain::limits::{self, check_bytes, check_chars};

/// Parses a boolean the way Twilio does: `true`/`false` in any case (twilio-node passes user
/// strings such as `True` through unchanged).
pub fn parse_bool(name: &str, raw: &str) -> Result<bool, DomainError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(DomainError::invalid(
            name,
            format!("'{raw}' is not a boolean; send true or false"),
        )),
    }
}

/// A parameter that must be present and non-blank.
pub fn required<'a>(name: &str, raw: &'a Option<String>) -> Result<&'a str, DomainError> {
    match raw.as_deref().map(str::trim) {
        Some(value) if !value.is_empty() => Ok(value),
        _ => Err(DomainError::missing(name)),
    }
}

/// Longest friendly name Twilio stores ("column can contain 255 variable characters").
pub const MAX_FRIENDLY_NAME: usize = limits::FRIENDLY_NAME_CHARS;

/// A required, non-blank friendly name of at most 255 characters.
pub fn friendly_name(name: &str, raw: &Option<String>) -> Result<String, DomainError> {
    let value = required(name, raw)?;
    optional_friendly_name(name, &Some(value.to_string())).map(|v| v.unwrap_or_default())
}

/// A friendly name that may be absent (updates); when present it follows the same rules.
pub fn optional_friendly_name(
    name: &str,
    raw: &Option<String>,
) -> Result<Option<String>, DomainError> {
    let Some(value) = raw else { return Ok(None) };
    let value = value.trim();
    if value.is_empty() {
        return Err(DomainError::invalid(name, "must not be blank"));
    }
    if value.chars().count() > MAX_FRIENDLY_NAME {
        return Err(DomainError::invalid(
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
    pub fn parse(raw: &str) -> Result<Attributes, DomainError> {
        check_bytes("Attributes", raw, limits::ATTRIBUTES_BYTES)?;
        if raw.trim().is_empty() {
            return Ok(Attributes::default());
        }
        match serde_json::from_str::<Value>(raw) {
            Ok(Value::Object(map)) => Ok(Attributes(map)),
            Ok(_) => Err(Refusal::AttributesInvalid {
                reason: "send an object, such as {\"first_name\": \"Ann\"}".into(),
            }
            .into()),
            Err(e) => Err(Refusal::AttributesInvalid {
                reason: format!("unable to parse it as JSON: {e}"),
            }
            .into()),
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

    /// The Address SIDs named in `address_sids`, the one reading every caller shares. Clients
    /// send a JSON array of SIDs (twilio-python and twilio-node pass lists through), one SID, or
    /// one comma-separated string (`"ADx, ADy"`); entries are trimmed and empty ones dropped.
    pub fn address_sids(&self) -> Vec<String> {
        let split = |text: &str| -> Vec<String> {
            text.split(',')
                .map(str::trim)
                .filter(|sid| !sid.is_empty())
                .map(str::to_string)
                .collect()
        };
        match self.0.get(ADDRESS_FIELD) {
            Some(Value::String(text)) => split(text),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .flat_map(split)
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A status-callback URL (`name` is the parameter): absolute http(s) with a host, no whitespace or
/// control characters, and written exactly as the delivery will send it, because the signature
/// covers the stored text while the HTTP client sends the parsed URL (`http:///x` would be signed
/// as typed but sent to `http://x/`). An empty value clears the callback.
pub fn status_callback_url(name: &str, raw: &str) -> Result<Option<String>, DomainError> {
    let raw = raw.trim_matches(' ');
    if raw.is_empty() {
        return Ok(None);
    }
    check_chars(name, raw, limits::STATUS_CALLBACK_CHARS)?;
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        let reason = format!(
            "'{}' holds whitespace or a control character; percent-encode it (a space is %20)",
            raw.escape_debug()
        );
        return Err(DomainError::invalid(name, reason));
    }
    let url = url::Url::parse(raw).ok().filter(|url| {
        matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty())
    });
    let Some(url) = url else {
        let reason = format!("'{raw}' is not an absolute http or https URL with a host");
        return Err(DomainError::invalid(name, reason));
    };
    // The one rewrite allowed is the `/` an empty path gains (`https://a.example`), which
    // changes neither the request line nor what the receiver's validator signs.
    let sent = url.as_str();
    if sent == raw || sent.strip_suffix('/') == Some(raw) {
        return Ok(Some(raw.to_string()));
    }
    let reason = format!("'{raw}' would be called as '{sent}'; send it in that form");
    Err(DomainError::invalid(name, reason))
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
    pub fn parse(name: &str, raw: &str) -> Result<EndUserType, DomainError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "individual" => Ok(EndUserType::Individual),
            "business" => Ok(EndUserType::Business),
            _ => Err(DomainError::invalid(
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
        assert!(matches!(
            parse_bool("IsTest", "yes"),
            Err(DomainError::Invalid { .. })
        ));
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
        for bad in ["[1]", "{"] {
            assert!(matches!(
                Attributes::parse(bad),
                Err(DomainError::Refused(Refusal::AttributesInvalid { .. }))
            ));
        }
        let parsed = Attributes::parse("{\"first_name\": \"Ann\"}").unwrap();
        assert_eq!(parsed.field("first_name").unwrap(), "Ann");
    }

    #[test]
    fn address_sids_read_an_array_one_sid_or_a_comma_separated_string() {
        let sids = |raw: &str| Attributes::parse(raw).unwrap().address_sids();
        let both = ["ADx", "ADy"];
        assert_eq!(sids(r#"{"address_sids": ["ADx", " ADy "]}"#), both);
        assert_eq!(sids(r#"{"address_sids": "ADx,ADy"}"#), both);
        assert_eq!(sids(r#"{"address_sids": " ADx , ,ADy, "}"#), both);
        assert_eq!(
            sids(r#"{"address_sids": ["ADx", "", 7, null, "ADy"]}"#),
            both
        );
        assert_eq!(sids(r#"{"address_sids": "ADx"}"#), ["ADx"]);
        for nothing in [
            r#"{}"#,
            r#"{"address_sids": ""}"#,
            r#"{"address_sids": []}"#,
            r#"{"address_sids": 7}"#,
        ] {
            assert!(sids(nothing).is_empty(), "{nothing}");
        }
    }

    #[test]
    fn callback_urls_must_be_sent_as_written() {
        let check = |raw| status_callback_url("StatusCallback", raw);
        assert_eq!(check("").unwrap(), None);
        assert_eq!(
            check("https://a.example").unwrap().unwrap(),
            "https://a.example"
        );
        for bad in [
            "http:///x",
            "http://a.example/\r\n",
            "http://A.example/",
            "mailto:a@b.c",
        ] {
            assert!(
                matches!(check(bad), Err(DomainError::Invalid { .. })),
                "{bad}"
            );
        }
    }
}
