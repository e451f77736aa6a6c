//! Which bundle and which address a number needs, as pure rules over plain values.
//!
//! Twilio: regulated numbers ("most phone numbers outside the US and Canada") need a
//! `twilio-approved` bundle whose regulation is for the number's country and type (error 21649),
//! and a number whose `address_requirements` is not `none` needs an `AddressSid` that satisfies
//! it (21631). See docs/NUMBERS.md.

use super::plan::{AddressRequirement, NumberType, PlanEntry};
use crate::domain::bundle::BundleStatus;
use crate::domain::catalog::Catalog;

/// What the fit rules need to know about a number.
#[derive(Clone, Debug)]
pub struct NumberNeeds {
    pub iso_country: String,
    pub number_type: NumberType,
    pub bundle_required: bool,
    pub address_requirements: AddressRequirement,
}

impl NumberNeeds {
    /// The needs of numbers of `entry`: a bundle when the catalog regulates the entry's country
    /// and type, except in the US and Canada, where Twilio requires none.
    pub fn of(entry: &PlanEntry, catalog: &Catalog) -> NumberNeeds {
        NumberNeeds::new(
            &entry.iso_country,
            entry.number_type,
            entry.address_requirements,
            catalog,
        )
    }

    /// The needs of a number of this country, type and address requirement.
    pub fn new(
        iso_country: &str,
        number_type: NumberType,
        address_requirements: AddressRequirement,
        catalog: &Catalog,
    ) -> NumberNeeds {
        let regulated = catalog
            .regulations()
            .iter()
            .any(|r| r.iso_country == iso_country && r.number_type == number_type.as_str());
        NumberNeeds {
            iso_country: iso_country.to_string(),
            number_type,
            bundle_required: regulated && !matches!(iso_country, "US" | "CA"),
            address_requirements,
        }
    }
}

/// A bundle as the fit rules see it.
#[derive(Clone, Debug)]
pub struct BundleFacts {
    pub sid: String,
    pub status: BundleStatus,
    pub iso_country: String,
    pub number_type: String,
    /// Addresses the bundle holds (assigned directly or named by an assigned document).
    pub addresses: Vec<String>,
    /// True when the bundle's regulation asks for a proof of address.
    pub needs_proof_of_address: bool,
}

/// Why a bundle cannot carry a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BundleMisfit {
    /// No `BundleSid` (or an empty one) for a regulated number.
    Missing,
    /// No such bundle in the caller's account.
    NotFound { bundle: String },
    /// The bundle is not `twilio-approved`.
    NotApproved { bundle: String, status: String },
    /// The bundle's regulation is for another country or number type.
    OtherRegulation {
        bundle: String,
        iso_country: String,
        number_type: String,
    },
}

/// Why an address cannot serve a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressMisfit {
    /// No `AddressSid` for a number whose requirement is not `none`.
    Missing { requirement: AddressRequirement },
    /// No such address in the caller's account.
    NotFound { address: String },
    /// `local` wants an address in the number's country, `foreign` one outside it.
    WrongCountry {
        address: String,
        requirement: AddressRequirement,
        address_country: String,
    },
    /// The bundle's regulation asks for a proof of address and this address is not in it.
    NotInBundle { address: String, bundle: String },
}

/// Checks `bundle` (already looked up; `None` with a SID means not found) against the number.
pub fn bundle_fits(
    needs: &NumberNeeds,
    requested: Option<&str>,
    bundle: Option<&BundleFacts>,
) -> Result<(), BundleMisfit> {
    let Some(sid) = requested else {
        return if needs.bundle_required {
            Err(BundleMisfit::Missing)
        } else {
            Ok(())
        };
    };
    let bundle = bundle.ok_or_else(|| BundleMisfit::NotFound {
        bundle: sid.to_string(),
    })?;
    if bundle.status != BundleStatus::TwilioApproved {
        return Err(BundleMisfit::NotApproved {
            bundle: bundle.sid.clone(),
            status: bundle.status.as_str().to_string(),
        });
    }
    if bundle.iso_country != needs.iso_country || bundle.number_type != needs.number_type.as_str() {
        return Err(BundleMisfit::OtherRegulation {
            bundle: bundle.sid.clone(),
            iso_country: bundle.iso_country.clone(),
            number_type: bundle.number_type.clone(),
        });
    }
    Ok(())
}

/// Checks the address (its SID and country, `None` when not found) against the number and,
/// when the bundle asks for a proof of address, against the bundle's addresses.
pub fn address_fits(
    needs: &NumberNeeds,
    requested: Option<&str>,
    address_country: Option<&str>,
    bundle: Option<&BundleFacts>,
) -> Result<(), AddressMisfit> {
    let requirement = needs.address_requirements;
    let Some(sid) = requested else {
        return if requirement == AddressRequirement::None {
            Ok(())
        } else {
            Err(AddressMisfit::Missing { requirement })
        };
    };
    let country = address_country.ok_or_else(|| AddressMisfit::NotFound {
        address: sid.to_string(),
    })?;
    let wrong_country = match requirement {
        AddressRequirement::Local => !country.eq_ignore_ascii_case(&needs.iso_country),
        AddressRequirement::Foreign => country.eq_ignore_ascii_case(&needs.iso_country),
        AddressRequirement::None | AddressRequirement::Any => false,
    };
    if wrong_country {
        return Err(AddressMisfit::WrongCountry {
            address: sid.to_string(),
            requirement,
            address_country: country.to_string(),
        });
    }
    match bundle {
        Some(b)
            if b.needs_proof_of_address
                && !b.addresses.iter().any(|a| a.eq_ignore_ascii_case(sid)) =>
        {
            Err(AddressMisfit::NotInBundle {
                address: sid.to_string(),
                bundle: b.sid.clone(),
            })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn au_local() -> NumberNeeds {
        NumberNeeds {
            iso_country: "AU".into(),
            number_type: NumberType::Local,
            bundle_required: true,
            address_requirements: AddressRequirement::Local,
        }
    }

    fn bundle(status: BundleStatus, country: &str, number_type: &str) -> BundleFacts {
        BundleFacts {
            sid: "BU1".into(),
            status,
            iso_country: country.into(),
            number_type: number_type.into(),
            addresses: vec!["AD1".into()],
            needs_proof_of_address: true,
        }
    }

    #[test]
    fn only_an_approved_bundle_of_the_same_country_and_type_fits() {
        let needs = au_local();
        assert_eq!(bundle_fits(&needs, None, None), Err(BundleMisfit::Missing));
        assert!(matches!(
            bundle_fits(&needs, Some("BU1"), None),
            Err(BundleMisfit::NotFound { .. })
        ));
        let draft = bundle(BundleStatus::Draft, "AU", "local");
        assert!(matches!(
            bundle_fits(&needs, Some("BU1"), Some(&draft)),
            Err(BundleMisfit::NotApproved { .. })
        ));
        let mobile = bundle(BundleStatus::TwilioApproved, "AU", "mobile");
        assert!(matches!(
            bundle_fits(&needs, Some("BU1"), Some(&mobile)),
            Err(BundleMisfit::OtherRegulation { .. })
        ));
        let good = bundle(BundleStatus::TwilioApproved, "AU", "local");
        assert_eq!(bundle_fits(&needs, Some("BU1"), Some(&good)), Ok(()));
    }

    #[test]
    fn a_local_requirement_wants_an_address_in_the_country_and_in_the_bundle() {
        let needs = au_local();
        let good = bundle(BundleStatus::TwilioApproved, "AU", "local");
        assert!(matches!(
            address_fits(&needs, None, None, None),
            Err(AddressMisfit::Missing { .. })
        ));
        assert!(matches!(
            address_fits(&needs, Some("AD1"), Some("DE"), None),
            Err(AddressMisfit::WrongCountry { .. })
        ));
        assert!(matches!(
            address_fits(&needs, Some("AD2"), Some("AU"), Some(&good)),
            Err(AddressMisfit::NotInBundle { .. })
        ));
        assert_eq!(
            address_fits(&needs, Some("AD1"), Some("AU"), Some(&good)),
            Ok(())
        );
    }
}
