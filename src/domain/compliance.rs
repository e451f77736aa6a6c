//! One-call compliance applications (Plivo's phone-number Compliance API): the requirement
//! catalog (data in `catalog/compliance.json`), the statuses and their moves, and the refusals.

use std::sync::OnceLock;

use serde::Deserialize;

/// The number types an application can be for.
pub const NUMBER_TYPES: [&str; 3] = ["local", "mobile", "tollfree"];
/// The end-user types.
pub const USER_TYPES: [&str; 2] = ["individual", "business"];
/// Longest alias, and longest uploaded file name.
pub const MAX_ALIAS: usize = 99;

/// A field a document type asks for in `data_fields`.
#[derive(Clone, Debug, Deserialize)]
pub struct RequiredField {
    pub field_name: String,
    pub friendly_name: String,
    #[serde(default)]
    pub help_text: String,
    pub field_type: String,
    pub required: bool,
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub enums: String,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
}

/// A kind of document a requirement asks for.
#[derive(Clone, Debug, Deserialize)]
pub struct DocumentType {
    pub document_type_id: String,
    pub name: String,
    pub description: String,
    /// True when the document needs an uploaded file.
    pub proof_required: bool,
    pub required_fields: Vec<RequiredField>,
}

#[derive(Deserialize)]
struct RawRequirement {
    requirement_id: String,
    country_iso: String,
    number_type: String,
    user_type: String,
    document_types: Vec<String>,
}

#[derive(Deserialize)]
struct RawCatalog {
    document_types: Vec<DocumentType>,
    requirements: Vec<RawRequirement>,
}

/// What an application for one country, number type and user type must hold.
#[derive(Clone, Debug)]
pub struct Requirement {
    pub requirement_id: String,
    pub country_iso: String,
    pub number_type: String,
    pub user_type: String,
    pub document_types: Vec<DocumentType>,
}

const DATA: &str = include_str!("catalog/compliance.json");
static REQUIREMENTS: OnceLock<Vec<Requirement>> = OnceLock::new();

/// Every requirement of the built-in catalog.
pub fn requirements() -> &'static [Requirement] {
    REQUIREMENTS.get_or_init(|| {
        // The file is part of the binary and checked by the unit test below.
        let raw: RawCatalog = serde_json::from_str(DATA).unwrap_or(RawCatalog {
            document_types: Vec::new(),
            requirements: Vec::new(),
        });
        raw.requirements
            .into_iter()
            .map(|r| Requirement {
                document_types: r
                    .document_types
                    .iter()
                    .filter_map(|id| {
                        raw.document_types
                            .iter()
                            .find(|d| &d.document_type_id == id)
                            .cloned()
                    })
                    .collect(),
                requirement_id: r.requirement_id,
                country_iso: r.country_iso,
                number_type: r.number_type,
                user_type: r.user_type,
            })
            .collect()
    })
}

/// The requirement for this country, number type and user type.
pub fn requirement(
    country_iso: &str,
    number_type: &str,
    user_type: &str,
) -> Option<&'static Requirement> {
    requirements().iter().find(|r| {
        r.country_iso.eq_ignore_ascii_case(country_iso)
            && r.number_type == number_type
            && r.user_type == user_type
    })
}

/// An application's status. `Submitted` waits for review; only `Rejected` may be edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplicationStatus {
    Submitted,
    Accepted,
    Rejected,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Submitted => "submitted",
            ApplicationStatus::Accepted => "accepted",
            ApplicationStatus::Rejected => "rejected",
        }
    }

    pub fn parse(raw: &str) -> Option<ApplicationStatus> {
        match raw {
            "submitted" => Some(ApplicationStatus::Submitted),
            "accepted" => Some(ApplicationStatus::Accepted),
            "rejected" => Some(ApplicationStatus::Rejected),
            _ => None,
        }
    }

    /// Whether a resubmission (an update) is allowed from here.
    pub fn is_editable(self) -> bool {
        self == ApplicationStatus::Rejected
    }
}

/// Maps a number's type in the shared inventory (`local`, `mobile`, `toll-free`) to an
/// application's (`local`, `mobile`, `tollfree`).
pub fn application_number_type(inventory_type: &str) -> &str {
    match inventory_type {
        "toll-free" => "tollfree",
        other => other,
    }
}

/// The compliance rules an application request can break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComplianceRefusal {
    /// A document type of the requirement is absent, or a proof document has no file.
    MissingDocument { param: String, reason: String },
    /// An uploaded file is not PDF/JPEG/PNG, too large, or its name too long.
    InvalidFile { param: String, reason: String },
    /// An update of an application that is not rejected.
    NotEditable { status: &'static str },
    /// A review of an application that is not waiting for one.
    NotUnderReview { status: &'static str },
    /// No requirement for this country, number type and user type.
    RequirementNotFound {
        country_iso: String,
        number_type: String,
        user_type: String,
    },
    /// The account already has an application with this alias for this end user.
    DuplicateAlias { alias: String },
    /// Buying with an application that is not accepted.
    NotAccepted {
        compliance_id: String,
        status: &'static str,
    },
    /// Buying with an application for another country.
    CountryMismatch {
        number: String,
        expected: String,
        found: String,
    },
    /// Buying with an application for another number type.
    NumberTypeMismatch {
        number: String,
        expected: String,
        found: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_requirements_load_with_their_document_types() {
        let raw: Result<RawCatalog, _> = serde_json::from_str(DATA);
        assert!(raw.is_ok());
        assert_eq!(requirements().len(), 3);
        for r in requirements() {
            assert_eq!(r.document_types.len(), 2, "{}", r.requirement_id);
        }
        let local = requirement("IN", "local", "business").unwrap();
        assert_eq!(local.requirement_id, "1b592b77-d072-4298-b193-370ba887f94a");
        assert!(requirement("IN", "local", "individual").is_none());
        assert!(requirement("US", "local", "business").is_none());
    }
}
