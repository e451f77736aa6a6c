//! SIDs: a two-letter prefix and 32 lowercase hex digits, built only by `parse` or `generate`.

use std::fmt;

macro_rules! sid_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The two-letter prefix of this kind of SID.
            pub const PREFIX: &'static str = $prefix;

            /// Accepts the prefix followed by 32 hex digits (either case, as Twilio's pattern
            /// does); stores it as given.
            pub fn parse(raw: &str) -> Option<Self> {
                is_sid_with_prefix(raw, $prefix).then(|| $name(raw.to_string()))
            }

            /// A fresh SID. Its hex digits are a UUIDv7 (a millisecond timestamp, a counter, then
            /// random bits), so SIDs made later sort higher: lists ordered by
            /// `(date_created, sid)` follow creation order even within one second.
            pub fn generate() -> Self {
                $name(format!("{}{}", $prefix, uuid::Uuid::now_v7().simple()))
            }

            /// Wraps a SID read back from our own database, where it was valid when written.
            pub fn from_trusted(raw: String) -> Self {
                $name(raw)
            }

            /// The SID as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The SID as an owned string.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<$name> for String {
            fn from(sid: $name) -> String {
                sid.0
            }
        }
    };
}

sid_type!(/** An account (`AC…`). */ AccountSid, "AC");
sid_type!(/** An API key (`SK…`). */ ApiKeySid, "SK");
sid_type!(/** A regulation (`RN…`). */ RegulationSid, "RN");
sid_type!(/** An end-user type or supporting-document type (`OY…`). */ TypeSid, "OY");
sid_type!(/** An end user (`IT…`). */ EndUserSid, "IT");
sid_type!(/** A supporting document (`RD…`). */ SupportingDocumentSid, "RD");
sid_type!(/** An address of the 2010 API (`AD…`). */ AddressSid, "AD");
sid_type!(/** A bundle (`BU…`). */ BundleSid, "BU");
sid_type!(/** An item assignment (`BV…`). */ ItemAssignmentSid, "BV");
sid_type!(/** An evaluation (`EL…`). */ EvaluationSid, "EL");
sid_type!(/** A phone number of the 2010 API (`PN…`). */ PhoneNumberSid, "PN");
sid_type!(/** A status-callback delivery (`CB…`, regbox's own). */ CallbackSid, "CB");
sid_type!(/** An injected fault (`FA…`, regbox's own, `/sandbox/Faults`). */ FaultSid, "FA");

/// True when `raw` is `prefix` followed by exactly 32 hex digits.
pub fn is_sid_with_prefix(raw: &str, prefix: &str) -> bool {
    raw.len() == 34
        && raw.starts_with(prefix)
        && raw.as_bytes()[2..].iter().all(u8::is_ascii_hexdigit)
}

/// True when `raw` is any two ASCII letters followed by 32 hex digits (ItemAssignment ObjectSid).
pub fn is_any_sid(raw: &str) -> bool {
    raw.len() == 34
        && raw.as_bytes()[..2].iter().all(u8::is_ascii_alphabetic)
        && raw.as_bytes()[2..].iter().all(u8::is_ascii_hexdigit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_prefix_and_32_hex_digits() {
        assert!(BundleSid::parse("BU0123456789abcdef0123456789ABCDEF").is_some());
    }

    #[test]
    fn parse_rejects_wrong_prefix_length_or_digits() {
        assert!(BundleSid::parse("IT0123456789abcdef0123456789abcdef").is_none());
        assert!(BundleSid::parse("BU0123456789abcdef0123456789abcde").is_none());
        assert!(BundleSid::parse("BU0123456789abcdef0123456789abcdeg").is_none());
        assert!(BundleSid::parse("").is_none());
    }

    #[test]
    fn generated_sids_parse_and_are_lowercase() {
        let sid = EndUserSid::generate();
        assert!(EndUserSid::parse(sid.as_str()).is_some());
        assert_eq!(
            sid.as_str(),
            sid.as_str().to_lowercase().replacen("it", "IT", 1)
        );
    }

    #[test]
    fn sids_generated_later_sort_higher() {
        let sids: Vec<BundleSid> = (0..100).map(|_| BundleSid::generate()).collect();
        assert!(sids.windows(2).all(|w| w[0] < w[1]));
    }
}
