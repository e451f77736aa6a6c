//! The 2010 Address form bodies, as the helper libraries send them.

use serde::Deserialize;

use crate::service::addresses::{AddressUpdateRequest, NewAddressRequest};

/// `POST …/Addresses.json` body.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateAddressForm {
    customer_name: Option<String>,
    street: Option<String>,
    city: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    iso_country: Option<String>,
    friendly_name: Option<String>,
    street_secondary: Option<String>,
    emergency_enabled: Option<String>,
    auto_correct_address: Option<String>,
}

impl From<CreateAddressForm> for NewAddressRequest {
    fn from(form: CreateAddressForm) -> Self {
        NewAddressRequest {
            customer_name: form.customer_name,
            street: form.street,
            city: form.city,
            region: form.region,
            postal_code: form.postal_code,
            iso_country: form.iso_country,
            friendly_name: form.friendly_name,
            street_secondary: form.street_secondary,
            emergency_enabled: form.emergency_enabled,
            auto_correct_address: form.auto_correct_address,
        }
    }
}

/// `POST …/Addresses/{Sid}.json` body; every field is optional.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateAddressForm {
    friendly_name: Option<String>,
    customer_name: Option<String>,
    street: Option<String>,
    street_secondary: Option<String>,
    city: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    emergency_enabled: Option<String>,
    auto_correct_address: Option<String>,
    iso_country: Option<String>,
}

impl From<UpdateAddressForm> for AddressUpdateRequest {
    fn from(form: UpdateAddressForm) -> Self {
        AddressUpdateRequest {
            friendly_name: form.friendly_name,
            customer_name: form.customer_name,
            street: form.street,
            street_secondary: form.street_secondary,
            city: form.city,
            region: form.region,
            postal_code: form.postal_code,
            emergency_enabled: form.emergency_enabled,
            auto_correct_address: form.auto_correct_address,
            iso_country: form.iso_country,
        }
    }
}
