//! The regulation catalog: regulations, end-user types and supporting-document types, read from
//! JSON at start-up (`builtin.json`, optionally extended by `REGBOX_CATALOG`) and never written.

mod load;
mod validate;

pub use load::CatalogError;

use sha1::{Digest, Sha1};

use crate::domain::error::DomainError;
use crate::domain::numbers::{NumberType, PlanEntry};
use crate::domain::page::{Page, PageRequest};
use crate::domain::sid::{is_sid_with_prefix, RegulationSid, TypeSid};
use crate::domain::values::EndUserType;

/// The attribute that lists Address (`AD…`) SIDs on a document.
pub const ADDRESS_FIELD: &str = "address_sids";
/// The document type an Address assigned directly to a bundle stands for ("Address Validation").
pub const ADDRESS_DOCUMENT: &str = "address";
/// Number types every regulation set knows, besides any the catalog itself adds.
pub const STANDARD_NUMBER_TYPES: [&str; 4] = ["local", "mobile", "national", "toll-free"];

/// One field an end user or supporting document can carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDef {
    /// The attribute key, e.g. `first_name`.
    pub machine_name: String,
    /// e.g. `First Name`.
    pub friendly_name: String,
    /// A sentence shown in a regulation's `detailed_fields`.
    pub description: String,
    /// The value's kind (`String`, `Date`, …), shown by the type resources and `IncludeConstraints`.
    pub constraint: String,
}

/// An end-user type or supporting-document type (both are `OY…` resources).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemType {
    /// Derived from the machine name, so it is the same on every machine and restart.
    pub sid: TypeSid,
    /// e.g. `passport`; also the `Type` of a supporting document.
    pub machine_name: String,
    /// e.g. `Passport`.
    pub friendly_name: String,
    /// Every field the type declares.
    pub fields: Vec<FieldDef>,
}

/// A regulation's demand for an end user of one type with some fields filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndUserRequirement {
    /// e.g. `Business`.
    pub name: String,
    /// The end-user type that satisfies it.
    pub type_: EndUserType,
    /// e.g. `business_info`.
    pub requirement_name: String,
    /// The required fields, with their definitions from the end-user type.
    pub fields: Vec<FieldDef>,
}

/// One kind of document that satisfies a document requirement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptedDocument {
    /// e.g. `Excerpt from the commercial register (Extrait K-bis)`.
    pub name: String,
    /// The supporting-document type's machine name.
    pub type_: String,
    /// The required fields, with their definitions from the document type.
    pub fields: Vec<FieldDef>,
}

/// A regulation's demand for one document among `accepted_documents`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentRequirement {
    /// e.g. `Address`.
    pub name: String,
    /// e.g. `proof_of_address`.
    pub requirement_name: String,
    /// What the document must show.
    pub description: String,
    /// Alternatives, any one of which satisfies the requirement.
    pub accepted_documents: Vec<AcceptedDocument>,
}

impl DocumentRequirement {
    /// Whether the requirement asks for proof of address: an `address` pseudo-document, or a
    /// document with an `address_sids` field. Numbers bought with such a bundle must use one of
    /// its addresses.
    pub fn is_proof_of_address(&self) -> bool {
        self.accepted_documents.iter().any(|doc| {
            doc.type_ == ADDRESS_DOCUMENT
                || doc.fields.iter().any(|f| f.machine_name == ADDRESS_FIELD)
        })
    }

    /// The accepted `address` pseudo-document, if an Address assigned to the bundle can satisfy it.
    pub fn accepted_address(&self) -> Option<&AcceptedDocument> {
        self.accepted_documents
            .iter()
            .find(|doc| doc.type_ == ADDRESS_DOCUMENT)
    }
}

/// What a bundle for one country, number type and end-user type must contain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regulation {
    /// Derived from `key`, so it is the same on every machine and restart.
    pub sid: RegulationSid,
    /// The catalog key, e.g. `au-local-individual`.
    pub key: String,
    /// e.g. `Australia: Local - Individual`.
    pub friendly_name: String,
    /// Upper-case ISO 3166-1 alpha-2 code.
    pub iso_country: String,
    /// Normalised: lower case, `tollfree` spelled `toll-free`.
    pub number_type: String,
    /// Who the bundle is for.
    pub end_user_type: EndUserType,
    /// Every end user the bundle needs.
    pub end_user: Vec<EndUserRequirement>,
    /// Groups that must all be met; within a group, any one requirement suffices.
    pub supporting_document: Vec<Vec<DocumentRequirement>>,
}

/// The loaded, validated catalog, in its stable order (built-in entries first, as listed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    regulations: Vec<Regulation>,
    end_user_types: Vec<ItemType>,
    supporting_document_types: Vec<ItemType>,
    numbering: Vec<PlanEntry>,
}

impl Catalog {
    /// Every regulation, in catalog order.
    pub fn regulations(&self) -> &[Regulation] {
        &self.regulations
    }

    /// The regulation with this SID (hex digits in either case).
    pub fn regulation(&self, sid: &str) -> Option<&Regulation> {
        self.regulations
            .iter()
            .find(|r| r.sid.as_str().eq_ignore_ascii_case(sid) && sid.starts_with("RN"))
    }

    /// The first regulation for this country (any case), number type (`tollfree` = `toll-free`)
    /// and end-user type.
    pub fn find_regulation(
        &self,
        iso_country: &str,
        number_type: &str,
        end_user_type: EndUserType,
    ) -> Option<&Regulation> {
        let number_type = normalize_number_type(number_type);
        self.regulations.iter().find(|r| {
            r.iso_country.eq_ignore_ascii_case(iso_country.trim())
                && r.number_type == number_type
                && r.end_user_type == end_user_type
        })
    }

    /// True for the standard number types and any number type a regulation uses.
    pub fn is_known_number_type(&self, raw: &str) -> bool {
        let number_type = normalize_number_type(raw);
        STANDARD_NUMBER_TYPES.contains(&number_type.as_str())
            || self
                .regulations
                .iter()
                .any(|r| r.number_type == number_type)
    }

    /// The numbering plan: every country and type regbox offers numbers of.
    pub fn numbering(&self) -> &[PlanEntry] {
        &self.numbering
    }

    /// The numbering-plan entry of this country (any case) and type.
    pub fn numbering_entry(
        &self,
        iso_country: &str,
        number_type: NumberType,
    ) -> Option<&PlanEntry> {
        self.numbering.iter().find(|e| {
            e.iso_country.eq_ignore_ascii_case(iso_country) && e.number_type == number_type
        })
    }

    /// Every entry of this country (any case), in plan order.
    pub fn numbering_of(&self, iso_country: &str) -> Vec<&PlanEntry> {
        self.numbering
            .iter()
            .filter(|e| e.iso_country.eq_ignore_ascii_case(iso_country))
            .collect()
    }

    /// Every end-user type, in catalog order.
    pub fn end_user_types(&self) -> &[ItemType] {
        &self.end_user_types
    }

    /// The end-user type with this `OY` SID or (a regbox convenience) machine name.
    pub fn end_user_type(&self, sid_or_name: &str) -> Option<&ItemType> {
        find_type(&self.end_user_types, sid_or_name)
    }

    /// Every supporting-document type, in catalog order.
    pub fn supporting_document_types(&self) -> &[ItemType] {
        &self.supporting_document_types
    }

    /// The supporting-document type with this `OY` SID or machine name.
    pub fn supporting_document_type(&self, sid_or_name: &str) -> Option<&ItemType> {
        find_type(&self.supporting_document_types, sid_or_name)
    }
}

fn find_type<'a>(types: &'a [ItemType], sid_or_name: &str) -> Option<&'a ItemType> {
    if is_sid_with_prefix(sid_or_name, TypeSid::PREFIX) {
        types
            .iter()
            .find(|t| t.sid.as_str().eq_ignore_ascii_case(sid_or_name))
    } else {
        types.iter().find(|t| t.machine_name == sid_or_name)
    }
}

/// Lower case, trimmed, with Twilio's two spellings of toll-free made one (`tollfree` appears
/// in the spec's own examples).
pub fn normalize_number_type(raw: &str) -> String {
    let lowered = raw.trim().to_ascii_lowercase();
    match lowered.as_str() {
        "tollfree" | "toll_free" | "toll free" => "toll-free".to_string(),
        _ => lowered,
    }
}

/// `prefix` + the first 32 hex digits of SHA-1(`namespace:key`): stable across restarts and
/// machines, and distinct namespaces keep an end-user type and a document type of the same
/// machine name apart.
pub(crate) fn derived_sid(prefix: &str, namespace: &str, key: &str) -> String {
    let digest = Sha1::digest(format!("{namespace}:{key}").as_bytes());
    format!("{prefix}{}", &hex::encode(digest)[..32])
}

/// One page of catalog entries. `entries` are `(position in the catalog, entry)` in catalog
/// order, already filtered; the cursor key is the position, so a token stays valid across
/// restarts and reads exactly like a keyset token on the database lists.
pub fn page_in_catalog_order<'a, T>(
    entries: Vec<(usize, &'a T)>,
    request: &PageRequest,
    sid_of: impl Fn(&T) -> String,
) -> Result<Page<(usize, &'a T)>, DomainError> {
    let position = match &request.cursor {
        None => None,
        Some(cursor) => Some(cursor.key.parse::<usize>().map_err(|_| {
            DomainError::invalid(
                "PageToken",
                "use the token from meta.next_page_url or meta.previous_page_url",
            )
        })?),
    };
    let limit = request.fetch_limit() as usize;
    let rows: Vec<(usize, &T)> = if request.reads_backwards() {
        let before = |(i, _): &(usize, &T)| position.is_none_or(|p| *i < p);
        entries
            .into_iter()
            .rev()
            .filter(before)
            .take(limit)
            .collect()
    } else {
        let after = |(i, _): &(usize, &T)| position.is_none_or(|p| *i > p);
        entries.into_iter().filter(after).take(limit).collect()
    };
    Ok(Page::from_scan(request, rows, |(i, entry)| {
        (i.to_string(), sid_of(entry))
    }))
}
