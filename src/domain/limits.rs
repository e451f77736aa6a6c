//! The size limit of every text field regbox stores, in one place. The README's "Limits" table
//! lists them; a value over its limit is a 20001 naming the field, so nothing huge is stored and
//! then returned on every list. Twilio's own limits are used where its docs give one; the others
//! are generous bounds for what the field holds.

use crate::domain::error::DomainError;

/// FriendlyName of bundles, end users, supporting documents and accounts: Twilio's "column can
/// contain 255 variable characters" (the OpenAPI description of the bundle list filter).
pub const FRIENDLY_NAME_CHARS: usize = 255;
/// FriendlyName of an address: 64 characters (`openapi/twilio_api_v2010.json`).
pub const ADDRESS_FRIENDLY_NAME_CHARS: usize = 64;
/// FriendlyName of an emergency-enabled address: 32 characters (the same description).
pub const EMERGENCY_ADDRESS_FRIENDLY_NAME_CHARS: usize = 32;
/// A bundle's `Email`: the longest address SMTP can carry (RFC 5321, section 4.5.3.1.3).
pub const EMAIL_CHARS: usize = 254;
/// A bundle's `StatusCallback` URL.
pub const STATUS_CALLBACK_CHARS: usize = 4096;
/// The `Attributes` JSON of an end user or supporting document, in bytes as sent.
pub const ATTRIBUTES_BYTES: usize = 64 * 1024;
/// `CustomerName`, `Street`, `StreetSecondary`, `City`, `Region` and `PostalCode` of an address.
pub const ADDRESS_FIELD_CHARS: usize = 255;
/// A reviewer's `FailureReason` (`POST /sandbox/Bundles/{Sid}/Review`).
pub const FAILURE_REASON_CHARS: usize = 1024;

/// Refuses `value` when it has more than `limit` characters.
pub fn check_chars(name: &str, value: &str, limit: usize) -> Result<(), DomainError> {
    // Bytes bound characters from above, so the count is skipped for most values.
    if value.len() > limit && value.chars().count() > limit {
        return Err(DomainError::invalid(
            name,
            format!("is longer than {limit} characters; send a shorter value"),
        ));
    }
    Ok(())
}

/// Refuses `value` when it has more than `limit` bytes.
pub fn check_bytes(name: &str, value: &str, limit: usize) -> Result<(), DomainError> {
    if value.len() > limit {
        return Err(DomainError::invalid(
            name,
            format!(
                "is longer than {limit} bytes ({} KiB); send a smaller value",
                limit / 1024
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_characters_not_bytes() {
        assert!(check_chars("City", &"é".repeat(255), ADDRESS_FIELD_CHARS).is_ok());
        assert!(matches!(
            check_chars("City", &"é".repeat(256), ADDRESS_FIELD_CHARS),
            Err(DomainError::Invalid { .. })
        ));
        assert!(check_bytes("Attributes", &"é".repeat(32 * 1024), ATTRIBUTES_BYTES).is_ok());
        assert!(check_bytes("Attributes", &"x".repeat(ATTRIBUTES_BYTES + 1), 65_536).is_err());
    }
}
