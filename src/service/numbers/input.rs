//! The routing and identity fields a purchase or an update may set, parsed into one changeset.

use crate::db::phone_numbers::{PhoneNumberChangeset, PhoneNumberRow};
use crate::domain::error::{DomainError, DomainResult, Refusal};
use crate::domain::sid::is_sid_with_prefix;
use crate::domain::values::parse_bool;

/// The optional fields of create and update, as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct NumberSettings {
    pub friendly_name: Option<String>,
    pub api_version: Option<String>,
    pub voice_url: Option<String>,
    pub voice_method: Option<String>,
    pub voice_fallback_url: Option<String>,
    pub voice_fallback_method: Option<String>,
    pub voice_caller_id_lookup: Option<String>,
    pub voice_application_sid: Option<String>,
    pub voice_receive_mode: Option<String>,
    pub trunk_sid: Option<String>,
    pub sms_url: Option<String>,
    pub sms_method: Option<String>,
    pub sms_fallback_url: Option<String>,
    pub sms_fallback_method: Option<String>,
    pub sms_application_sid: Option<String>,
    pub status_callback: Option<String>,
    pub status_callback_method: Option<String>,
    pub emergency_status: Option<String>,
    pub emergency_address_sid: Option<String>,
    pub identity_sid: Option<String>,
}

impl NumberSettings {
    /// Every field checked; `bundle_sid` and `address_sid` are left to the fit rules.
    pub fn into_changeset(self) -> DomainResult<PhoneNumberChangeset> {
        Ok(PhoneNumberChangeset {
            friendly_name: self.friendly_name.map(|v| friendly_name(&v)).transpose()?,
            api_version: self.api_version.map(|v| api_version(&v)).transpose()?,
            voice_url: self.voice_url.map(|v| url("VoiceUrl", &v)).transpose()?,
            voice_method: self
                .voice_method
                .map(|v| method("VoiceMethod", &v))
                .transpose()?,
            voice_fallback_url: self
                .voice_fallback_url
                .map(|v| url("VoiceFallbackUrl", &v))
                .transpose()?,
            voice_fallback_method: self
                .voice_fallback_method
                .map(|v| method("VoiceFallbackMethod", &v))
                .transpose()?,
            voice_caller_id_lookup: self
                .voice_caller_id_lookup
                .map(|v| parse_bool("VoiceCallerIdLookup", &v))
                .transpose()?,
            voice_application_sid: self
                .voice_application_sid
                .map(|v| sid("VoiceApplicationSid", "AP", &v))
                .transpose()?,
            voice_receive_mode: self
                .voice_receive_mode
                .map(|v| receive_mode(&v))
                .transpose()?,
            trunk_sid: self
                .trunk_sid
                .map(|v| sid("TrunkSid", "TK", &v))
                .transpose()?,
            sms_url: self.sms_url.map(|v| url("SmsUrl", &v)).transpose()?,
            sms_method: self
                .sms_method
                .map(|v| method("SmsMethod", &v))
                .transpose()?,
            sms_fallback_url: self
                .sms_fallback_url
                .map(|v| url("SmsFallbackUrl", &v))
                .transpose()?,
            sms_fallback_method: self
                .sms_fallback_method
                .map(|v| method("SmsFallbackMethod", &v))
                .transpose()?,
            sms_application_sid: self
                .sms_application_sid
                .map(|v| sid("SmsApplicationSid", "AP", &v))
                .transpose()?,
            status_callback: self
                .status_callback
                .map(|v| url("StatusCallback", &v))
                .transpose()?,
            status_callback_method: self
                .status_callback_method
                .map(|v| method("StatusCallbackMethod", &v))
                .transpose()?,
            emergency_status: self
                .emergency_status
                .map(|v| emergency_status(&v))
                .transpose()?,
            emergency_address_sid: self
                .emergency_address_sid
                .map(|v| sid("EmergencyAddressSid", "AD", &v))
                .transpose()?,
            identity_sid: self
                .identity_sid
                .map(|v| sid("IdentitySid", "RI", &v))
                .transpose()?,
            ..PhoneNumberChangeset::default()
        })
    }
}

/// Applies a changeset to a row being created (the same fields an update sets).
pub fn apply(row: &mut PhoneNumberRow, c: PhoneNumberChangeset) {
    fn set<T>(target: &mut T, value: Option<T>) {
        if let Some(value) = value {
            *target = value;
        }
    }
    set(&mut row.bundle_sid, c.bundle_sid);
    set(&mut row.address_sid, c.address_sid);
    set(&mut row.friendly_name, c.friendly_name);
    set(&mut row.api_version, c.api_version);
    set(&mut row.voice_url, c.voice_url);
    set(&mut row.voice_method, c.voice_method);
    set(&mut row.voice_fallback_url, c.voice_fallback_url);
    set(&mut row.voice_fallback_method, c.voice_fallback_method);
    set(&mut row.voice_caller_id_lookup, c.voice_caller_id_lookup);
    set(&mut row.voice_application_sid, c.voice_application_sid);
    set(&mut row.voice_receive_mode, c.voice_receive_mode);
    set(&mut row.trunk_sid, c.trunk_sid);
    set(&mut row.sms_url, c.sms_url);
    set(&mut row.sms_method, c.sms_method);
    set(&mut row.sms_fallback_url, c.sms_fallback_url);
    set(&mut row.sms_fallback_method, c.sms_fallback_method);
    set(&mut row.sms_application_sid, c.sms_application_sid);
    set(&mut row.status_callback, c.status_callback);
    set(&mut row.status_callback_method, c.status_callback_method);
    set(&mut row.emergency_status, c.emergency_status);
    set(&mut row.emergency_address_sid, c.emergency_address_sid);
    set(&mut row.identity_sid, c.identity_sid);
}

/// An optional SID parameter: empty clears it, anything else must be `prefix` + 32 hex digits.
pub fn sid(field: &str, prefix: &str, raw: &str) -> DomainResult<Option<String>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if is_sid_with_prefix(raw, prefix) {
        Ok(Some(raw.to_string()))
    } else {
        Err(DomainError::invalid(
            field,
            format!("'{raw}' is not a {prefix} SID ({prefix} and 32 hex digits)"),
        ))
    }
}

fn friendly_name(raw: &str) -> DomainResult<String> {
    if raw.chars().count() > 64 {
        return Err(DomainError::invalid(
            "FriendlyName",
            "must be at most 64 characters",
        ));
    }
    Ok(raw.to_string())
}

fn api_version(raw: &str) -> DomainResult<String> {
    match raw.trim() {
        v @ ("2010-04-01" | "2008-08-01") => Ok(v.to_string()),
        _ => Err(DomainError::invalid(
            "ApiVersion",
            format!("'{raw}' is not 2010-04-01 or 2008-08-01"),
        )),
    }
}

/// Empty clears the URL; anything else must be an absolute http(s) URL (Twilio's 21402).
fn url(field: &'static str, raw: &str) -> DomainResult<Option<String>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match url::Url::parse(raw) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => {
            Ok(Some(raw.to_string()))
        }
        _ => Err(Refusal::UrlInvalid {
            field,
            value: raw.to_string(),
        }
        .into()),
    }
}

fn method(field: &str, raw: &str) -> DomainResult<String> {
    match raw.trim().to_ascii_uppercase().as_str() {
        m @ ("GET" | "POST") => Ok(m.to_string()),
        _ => Err(DomainError::invalid(
            field,
            format!("'{raw}' is not GET or POST"),
        )),
    }
}

fn receive_mode(raw: &str) -> DomainResult<String> {
    match raw.trim() {
        m @ ("voice" | "fax") => Ok(m.to_string()),
        _ => Err(DomainError::invalid(
            "VoiceReceiveMode",
            format!("'{raw}' is not voice or fax"),
        )),
    }
}

/// Twilio capitalises these two values.
fn emergency_status(raw: &str) -> DomainResult<String> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "active" => Ok("Active".into()),
        "inactive" => Ok("Inactive".into()),
        _ => Err(DomainError::invalid(
            "EmergencyStatus",
            format!("'{raw}' is not Active or Inactive"),
        )),
    }
}
