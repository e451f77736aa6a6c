//! What a client asks of an address, as raw values, and its validation into rows and changesets.

use crate::db::addresses::{AddressChangeset, AddressRow};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::limits::{self, check_chars};
use crate::domain::sid::{AccountSid, AddressSid};
use crate::domain::time;
use crate::domain::values::{parse_bool, required};

/// A new address as the client sent it.
#[derive(Default)]
pub struct NewAddressRequest {
    pub customer_name: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub iso_country: Option<String>,
    pub friendly_name: Option<String>,
    pub street_secondary: Option<String>,
    pub emergency_enabled: Option<String>,
    pub auto_correct_address: Option<String>,
}

/// An address update as the client sent it; every field is optional.
#[derive(Default)]
pub struct AddressUpdateRequest {
    pub friendly_name: Option<String>,
    pub customer_name: Option<String>,
    pub street: Option<String>,
    pub street_secondary: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub emergency_enabled: Option<String>,
    pub auto_correct_address: Option<String>,
    /// Not updatable in Twilio's spec; refused when it would change the country.
    pub iso_country: Option<String>,
}

impl NewAddressRequest {
    /// Validates the form into a new row of `account`.
    pub fn into_row(self, account: AccountSid) -> DomainResult<AddressRow> {
        let customer_name = required_text("CustomerName", &self.customer_name)?;
        let street = required_text("Street", &self.street)?;
        let city = required_text("City", &self.city)?;
        let region = required_text("Region", &self.region)?;
        let postal_code = required_text("PostalCode", &self.postal_code)?;
        let iso_country = iso_country(&self.iso_country)?;
        let emergency_enabled =
            optional_bool("EmergencyEnabled", &self.emergency_enabled)?.unwrap_or(false);
        // Accepted for compatibility; regbox stores addresses exactly as given.
        optional_bool("AutoCorrectAddress", &self.auto_correct_address)?;
        let friendly_name = optional_text(&self.friendly_name);
        check_friendly_name(friendly_name.as_deref(), emergency_enabled)?;
        let now = time::now();
        Ok(AddressRow {
            sid: AddressSid::generate().into_string(),
            account_sid: account.into_string(),
            friendly_name,
            customer_name,
            street,
            street_secondary: bounded("StreetSecondary", optional_text(&self.street_secondary))?,
            city,
            region,
            postal_code,
            iso_country,
            emergency_enabled,
            validated: false,
            verified: false,
            date_created: now,
            date_updated: now,
        })
    }
}

/// A validated update, applied to the current row by `changeset_for`.
pub struct AddressUpdate {
    changes: AddressChangeset,
    iso_country: Option<String>,
}

impl AddressUpdateRequest {
    /// Validates each field that is present. A blank FriendlyName or StreetSecondary clears it;
    /// the required fields may not be blanked.
    pub fn into_update(self) -> DomainResult<AddressUpdate> {
        optional_bool("AutoCorrectAddress", &self.auto_correct_address)?;
        let changes = AddressChangeset {
            friendly_name: self
                .friendly_name
                .as_ref()
                .map(|_| optional_text(&self.friendly_name)),
            customer_name: non_blank("CustomerName", &self.customer_name)?,
            street: non_blank("Street", &self.street)?,
            street_secondary: match self.street_secondary {
                Some(_) => Some(bounded(
                    "StreetSecondary",
                    optional_text(&self.street_secondary),
                )?),
                None => None,
            },
            city: non_blank("City", &self.city)?,
            region: non_blank("Region", &self.region)?,
            postal_code: non_blank("PostalCode", &self.postal_code)?,
            emergency_enabled: optional_bool("EmergencyEnabled", &self.emergency_enabled)?,
            date_updated: Some(time::now()),
        };
        let iso_country = match self.iso_country {
            Some(_) => Some(iso_country(&self.iso_country)?),
            None => None,
        };
        Ok(AddressUpdate {
            changes,
            iso_country,
        })
    }
}

impl AddressUpdate {
    /// The changes to write, checked against the row they apply to.
    pub fn changeset_for(self, current: &AddressRow) -> DomainResult<AddressChangeset> {
        if self
            .iso_country
            .is_some_and(|country| country != current.iso_country)
        {
            return Err(DomainError::invalid(
                "IsoCountry",
                "an address's country cannot change; create a new address",
            ));
        }
        let friendly_name = match &self.changes.friendly_name {
            Some(name) => name.as_deref(),
            None => current.friendly_name.as_deref(),
        };
        let emergency_enabled = self
            .changes
            .emergency_enabled
            .unwrap_or(current.emergency_enabled);
        check_friendly_name(friendly_name, emergency_enabled)?;
        Ok(self.changes)
    }
}

/// A required, non-blank text parameter, trimmed.
fn required_text(name: &str, raw: &Option<String>) -> DomainResult<String> {
    let value = required(name, raw)?;
    check_chars(name, value, limits::ADDRESS_FIELD_CHARS)?;
    Ok(value.to_string())
}

/// An optional text parameter within the address field limit.
fn bounded(name: &str, value: Option<String>) -> DomainResult<Option<String>> {
    if let Some(value) = &value {
        check_chars(name, value, limits::ADDRESS_FIELD_CHARS)?;
    }
    Ok(value)
}

/// An optional text parameter, trimmed; blank reads as absent.
fn optional_text(raw: &Option<String>) -> Option<String> {
    raw.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// A field an update may change but not blank.
fn non_blank(name: &str, raw: &Option<String>) -> DomainResult<Option<String>> {
    match raw.as_deref().map(str::trim) {
        None => Ok(None),
        Some("") => Err(DomainError::invalid(name, "must not be blank")),
        Some(value) => {
            check_chars(name, value, limits::ADDRESS_FIELD_CHARS)?;
            Ok(Some(value.to_string()))
        }
    }
}

fn optional_bool(name: &str, raw: &Option<String>) -> DomainResult<Option<bool>> {
    raw.as_deref().map(|v| parse_bool(name, v)).transpose()
}

/// Twilio's FriendlyName limits: 64 characters, 32 on an emergency-enabled address.
fn check_friendly_name(name: Option<&str>, emergency_enabled: bool) -> DomainResult<()> {
    let (limit, kind) = if emergency_enabled {
        (
            limits::EMERGENCY_ADDRESS_FRIENDLY_NAME_CHARS,
            "emergency-enabled",
        )
    } else {
        (limits::ADDRESS_FRIENDLY_NAME_CHARS, "regulatory-compliance")
    };
    match name {
        Some(name) if name.chars().count() > limit => Err(DomainError::invalid(
            "FriendlyName",
            format!("is longer than {limit} characters, the limit for {kind} addresses"),
        )),
        _ => Ok(()),
    }
}

/// Two ASCII letters, stored upper-case.
fn iso_country(raw: &Option<String>) -> DomainResult<String> {
    let value = required("IsoCountry", raw)?;
    if value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(value.to_ascii_uppercase())
    } else {
        Err(DomainError::invalid(
            "IsoCountry",
            format!("'{value}' is not a two-letter ISO country code, such as US"),
        ))
    }
}
